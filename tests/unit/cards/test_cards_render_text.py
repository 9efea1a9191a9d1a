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
