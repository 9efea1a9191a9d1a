"""The QR code on a card's back decodes to the review link, read by a barcode decoder
(zxing-cpp) from a 300 dpi render of the PDF page (QtPdf), not judged by eye."""

from __future__ import annotations

import pytest
import zxingcpp
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtPdf import QPdfDocument

from refdesk.cards import CardSpec, render_pdf

DPI = 300


def render_page(pdf: bytes, index: int, keep: list) -> QImage:
    """One page at 300 dpi on white (a QPdfDocument page is transparent where not inked)."""
    data = QByteArray(pdf)
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.ReadOnly)
    doc = QPdfDocument()
    doc.load(buf)
    keep += [data, buf, doc]  # the document reads from the buffer until it is closed
    assert doc.status() == QPdfDocument.Status.Ready
    size = doc.pagePointSize(index)
    img = doc.render(index, QSize(round(size.width() * DPI / 72),
                                  round(size.height() * DPI / 72)))
    flat = QImage(img.size(), QImage.Format.Format_RGB32)
    flat.fill(QColor("white"))
    painter = QPainter(flat)
    painter.drawImage(0, 0, img)
    painter.end()
    return flat


def decoded(img: QImage) -> list[str]:
    return sorted(b.text for b in zxingcpp.read_barcodes(img)
                  if b.format == zxingcpp.BarcodeFormat.QRCode)


@pytest.mark.parametrize("fmt", ["a2", "a2-folded", "postcard", "5x7"])
def test_the_back_decodes_to_the_review_link(qapp, fmt):
    link = "https://g.page/r/CZ7x-Sam_Rivera/review?utm_source=card&hl=en"
    pdf = render_pdf([CardSpec("Thank you, Fred!\n\nSam", "Fred", format=fmt, seed=3,
                               review_link=link, ink="blue-black")])
    keep: list = []
    assert decoded(render_page(pdf, 1, keep)) == [link]
    assert decoded(render_page(pdf, 0, keep)) == []  # the front has no code


def test_each_card_on_a_sheet_gets_its_own_link_on_its_own_back(qapp):
    links = [f"https://example.com/review/{n}" for n in range(4)]
    specs = [CardSpec(f"Thank you, friend {n}!\n\nSam", seed=n, format="letter-4up",
                      review_link=link) for n, link in enumerate(links)]
    keep: list = []
    assert decoded(render_page(render_pdf(specs), 1, keep)) == sorted(links)


def test_a_pale_ink_code_still_decodes(qapp):
    link = "mailto:sam@example.com?subject=Review"
    pdf = render_pdf([CardSpec("Thanks!\n\nSam", seed=1, review_link=link, ink="#5a6fa8")])
    keep: list = []
    assert decoded(render_page(pdf, 1, keep)) == [link]
