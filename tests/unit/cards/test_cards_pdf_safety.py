"""Contact data stays plain text on the page: no links, no files opened, nothing in metadata."""

from __future__ import annotations

import io
import os

import pytest
from pypdf import PdfReader

from refdesk.cards import CardSpec, render_pdf, write_pdf
from refdesk.errors import RefdeskError

EVIL = '<a href="https://evil.example/x">Fred</a> <img src="/etc/passwd"/> <font size=40>'


def test_markup_in_a_contact_name_is_printed_literally_and_links_nothing():
    specs = [
        CardSpec(f"Dear {EVIL},\n\nThank you!\n\nSam", EVIL, seed=1),
        CardSpec("", EVIL, format="env-a2", address=(EVIL, "1 Main St"), seed=2),
    ]
    pdf = render_pdf(specs)
    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        assert "/Annots" not in page
        xobjects = page["/Resources"].get("/XObject", {})
        assert not xobjects, "no image may be pulled into the card"
    text = " ".join(p.extract_text() for p in reader.pages)
    assert '<a href="https://evil.example/x">Fred</a>' in " ".join(text.split())
    assert b"/URI" not in pdf and b"/Launch" not in pdf and b"/JavaScript" not in pdf


def test_metadata_carries_no_contact_data(tmp_path):
    spec = CardSpec("Dear Fred,\n\nThanks, Fred Jones!\n\nSam Rivera", "Fred Jones",
                    seed=3, review_link="https://example.com/sam-rivera")
    out = write_pdf([spec], tmp_path / "fred.pdf")
    meta = PdfReader(out).metadata
    values = " ".join(str(meta.get(k, "")) for k in
                      ("/Title", "/Author", "/Subject", "/Keywords", "/Creator", "/Producer"))
    for secret in ("Fred", "Jones", "Sam", "Rivera", "example.com"):
        assert secret not in values
    assert meta.get("/Creator") == "refdesk"
    assert not meta.get("/Author") and not meta.get("/Subject") and not meta.get("/Keywords")


def test_review_link_is_a_qr_drawing_not_a_link_annotation():
    pdf = render_pdf([CardSpec("Dear Fred,\n\nThanks!", "Fred", seed=1,
                               review_link="https://example.com/review")])
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2
    assert all("/Annots" not in p for p in reader.pages)
    assert "https://example.com/review" in reader.pages[1].extract_text()


def test_failed_write_leaves_the_old_file_untouched(tmp_path, monkeypatch):
    out = tmp_path / "cards.pdf"
    out.write_bytes(b"old")
    with pytest.raises(RefdeskError, match="cannot draw"):
        write_pdf([CardSpec("Dear Fred,\n\n🎉\n\nSam", "Fred")], out)

    def disk_full(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(RefdeskError, match="No space left"):
        write_pdf([CardSpec("Dear Fred,\n\nThanks!", "Fred")], out)
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["cards.pdf"]
