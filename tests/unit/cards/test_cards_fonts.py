"""Shipped fonts load and carry their licences; every font is embedded once; user fonts work."""

from __future__ import annotations

import io
import shutil
from collections import Counter

import pytest
from pypdf import PdfReader

from refdesk.assets import fonts_dir
from refdesk.cards import CardSpec, StyleRegistry, list_styles, render_pdf
from refdesk.cards.fonts import fallback_paths
from refdesk.errors import RefdeskError

MIXED = ("Dear Łukasz,\n\nDziękuję! Cảm ơn nhiều. Ευχαριστώ. Спасибо. Thank you for the "
         "wonderful introduction.\n\nSam")


def font_objects(pdf: bytes):
    """(BaseFont, embedded font stream id) for every font of every page, deduplicated."""
    reader = PdfReader(io.BytesIO(pdf))
    seen = {}
    for page in reader.pages:
        for ref in page["/Resources"].get("/Font", {}).values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            stream = None
            if descriptor is not None:
                d = descriptor.get_object()
                stream = d.get("/FontFile2") or d.get("/FontFile") or d.get("/FontFile3")
            seen[ref.idnum] = (str(font["/BaseFont"]), stream.idnum if stream else None)
    return list(seen.values())


def test_at_least_three_shipped_styles_each_with_a_licence_file():
    styles = [s for s in list_styles() if not s.user]
    assert len(styles) >= 3
    for style in styles:
        for path in style.paths:
            assert path.is_file() and path.suffix == ".ttf"
            licences = [p for p in path.parent.iterdir() if "COPYRIGHT" in p.name.upper()
                        or "LICEN" in p.name.upper() or "OFL" in p.name.upper()]
            assert licences, f"no licence next to {path}"
        assert style.licence
        assert style.faces  # TrueType outlines that ReportLab can embed
    for path in fallback_paths():
        assert path.is_file() and str(path).startswith(str(fonts_dir()))


@pytest.mark.parametrize("code", ["a2", "letter-4up", "env-c6"])
def test_every_font_in_the_pdf_is_embedded(code):
    specs = [CardSpec(MIXED, "Łukasz", format=code, seed=i, address=("ul. Długa 5", "Gdańsk"),
                      review_link="https://example.com/r") for i in range(4)]
    fonts = font_objects(render_pdf(specs))
    assert fonts
    for base, stream in fonts:
        assert stream is not None, f"{base} is not embedded"
        assert "Helvetica" not in base


def test_a_batch_embeds_each_font_subset_once():
    specs = [CardSpec(MIXED, "Łukasz", style=("breip", "kristi")[i % 2], seed=i)
             for i in range(30)]
    fonts = font_objects(render_pdf(specs))
    streams = Counter(stream for _, stream in fonts)
    assert all(n == 1 for n in streams.values())
    names = [base for base, _ in fonts]
    assert len(names) == len(set(names)) or len(fonts) == len(streams)
    # Two styles with one alternate each, plus fallbacks: a handful, not one per card.
    assert len(fonts) <= 10


def test_a_user_font_file_becomes_a_style(tmp_path):
    mine = tmp_path / "MyHand.ttf"
    shutil.copy(fonts_dir() / "breip" / "Breip.ttf", mine)
    registry = StyleRegistry()
    style = registry.add_font_file(mine)
    assert style.name == "myhand" and style.user
    assert "myhand" in registry.names()
    pdf = render_pdf([CardSpec("Dear Ann,\n\nThanks!", "Ann", style="myhand")], styles=registry)
    assert b"%PDF" in pdf[:8]


def test_a_user_style_folder_with_alternates(tmp_path):
    hand = tmp_path / "granny"
    hand.mkdir()
    shutil.copy(fonts_dir() / "kristi" / "Kristi.ttf", hand / "a.ttf")
    shutil.copy(fonts_dir() / "kristi" / "KristiAlt.ttf", hand / "b.ttf")
    shutil.copy(fonts_dir() / "breip" / "Breip.ttf", tmp_path / "Plain Hand.ttf")
    (tmp_path / "notes.txt").write_text("not a font")
    names = [s.name for s in list_styles(tmp_path)]
    assert "granny" in names and "plain-hand" in names
    granny = next(s for s in list_styles(tmp_path) if s.name == "granny")
    assert len(granny.faces) == 2


def test_unusable_font_files_are_refused_by_name(tmp_path):
    fake = tmp_path / "Broken.ttf"
    fake.write_bytes(b"this is not a font at all")
    with pytest.raises(RefdeskError, match=r"Broken\.ttf"):
        StyleRegistry().add_font_file(fake)
    with pytest.raises(RefdeskError, match="TrueType"):
        StyleRegistry().add_font_file(tmp_path / "Script.otf")
    with pytest.raises(RefdeskError, match="does not exist"):
        StyleRegistry().add_folder(tmp_path / "nowhere")


def test_unknown_style_names_the_known_ones():
    with pytest.raises(RefdeskError, match=r"unknown handwriting style 'comic'.*breip"):
        render_pdf([CardSpec("Dear Ann,\n\nThanks!", "Ann", style="comic")])
