"""Drawing: text operators encoded once per document stay exact, and a render leaves the
garbage collector as it found it."""

from __future__ import annotations

import gc
import io

from pypdf import PdfReader

from refdesk.cards import CardSpec, render_pdf
from refdesk.cards.render import paused_gc


def test_brackets_and_backslashes_are_written_and_read_back_exactly():
    text = "Dear Ann,\n\nThe plan (phase 2) is C:\\jobs\\roof, done (at last).\n\nSam"
    pdf = render_pdf([CardSpec(text, "Ann", seed=4), CardSpec(text, "Ann", seed=5)])
    for page in PdfReader(io.BytesIO(pdf)).pages:
        assert page.extract_text().split() == text.split()


def test_a_render_leaves_the_collector_on_or_off_as_it_was():
    assert gc.isenabled()
    render_pdf([CardSpec("Dear Ann,\n\nThanks!\n\nSam", "Ann", seed=1)])
    assert gc.isenabled()
    gc.disable()
    try:
        render_pdf([CardSpec("Dear Ann,\n\nThanks!\n\nSam", "Ann", seed=1)])
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_nested_pauses_end_with_the_outermost():
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_font_used_for_more_than_256_letters_gets_a_second_subset_and_stays_text():
    letters = [chr(c) for c in [*range(0x391, 0x3AA), *range(0x3B1, 0x3CA), *range(0x410, 0x450),
                                *range(0x100, 0x17F)] if chr(c).isalpha()]
    words = ["".join(letters[i:i + 6]) for i in range(0, len(letters), 6)]
    texts = ["Dear Ann,\n\n" + " ".join(words[k:k + 12]) + "\n\nSam"
             for k in range(0, len(words), 12)]
    pdf = render_pdf([CardSpec(t, "Ann", seed=k, format="postcard") for k, t in enumerate(texts)])
    reader = PdfReader(io.BytesIO(pdf))
    assert [p.extract_text().split() for p in reader.pages] == [t.split() for t in texts]
    fonts = {str(f.get_object()["/BaseFont"]) for p in reader.pages
             for f in p["/Resources"]["/Font"].values()}
    assert any(name.startswith("/AAAAAB+") for name in fonts)  # a second subset was needed
