"""The report card as a two-page PDF: headline figures, the funnel and the
months drawn as vectors on the first page; money, referrers, follow-ups,
rewards and cards on the second. Text is real text in an embedded font, so it
can be selected and searched; the document information names no contact."""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from refdesk.assets import fonts_dir
from refdesk.book.report_rows import ReportCards
from refdesk.cards.fonts import load_face
from refdesk.cards.render import atomic_write, binary_streams
from refdesk.domain.report_wording import HEADLINES, change, money, percent, stage_label
from refdesk.reports.report_pdf_charts import INK, MUTED, draw_funnel, draw_months
from refdesk.reports.report_pdf_tables import draw_details

PDF_TITLE = "Referral report card"  # fixed: no rep or contact name in the metadata
PAPERS = {"letter": LETTER, "a4": A4}
MARGIN = 48.0


def report_pdf(cards: ReportCards, *, paper: str = "letter") -> bytes:
    """The PDF's bytes (the same cards give the same bytes)."""
    size = PAPERS.get(paper, LETTER)
    face = load_face(fonts_dir() / "dejavu" / "DejaVuSans.ttf")
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=size, invariant=1, pageCompression=1,
                    initialFontName=face.name)
    canvas.setTitle(PDF_TITLE)
    for blank in (canvas.setAuthor, canvas.setSubject, canvas.setKeywords):
        blank("")
    canvas.setCreator("refdesk")
    font = face.name
    width, height = size
    inner = width - 2 * MARGIN
    y = _header(canvas, cards, font, width, height)
    y = _headlines(canvas, cards, font, y, inner)
    c = cards.current
    y -= 26
    canvas.setFont(font, 12)
    canvas.setFillColor(INK)
    canvas.drawString(MARGIN, y, "Funnel: the referrals asked in the period, as far as they got")
    y = draw_funnel(canvas, c, font, MARGIN, y - 10, inner) - 24
    canvas.setFont(font, 12)
    canvas.setFillColor(INK)
    canvas.drawString(MARGIN, y, "Per month: referrals asked and won, revenue from referrals")
    draw_months(canvas, c, font, MARGIN, y - 10, inner, max(120.0, y - 10 - MARGIN - 20))
    _footer(canvas, font, width, 1)
    canvas.showPage()
    canvas.setFont(font, 9)
    canvas.setFillColor(MUTED)
    who = f" · {cards.rep_name}" if cards.rep_name else ""
    canvas.drawString(MARGIN, height - MARGIN + 6, f"Referral report card · {c.period.label}{who}")
    draw_details(canvas, c, font, MARGIN, height - MARGIN, inner)
    _footer(canvas, font, width, 2)
    canvas.showPage()
    with binary_streams():
        canvas.save()
    return buf.getvalue()


def write_report_pdf(cards: ReportCards, path: Path, *, paper: str = "letter") -> Path:
    """Write the report card to ``path``, all or nothing."""
    return atomic_write(Path(path), report_pdf(cards, paper=paper))


def _header(canvas: Canvas, cards: ReportCards, font: str, width: float,
            height: float) -> float:
    c = cards.current
    y = height - MARGIN
    canvas.setFillColor(INK)
    canvas.setFont(font, 20)
    canvas.drawString(MARGIN, y - 4, "Referral report card")
    canvas.setFont(font, 10)
    canvas.setFillColor(MUTED)
    if cards.rep_name:
        canvas.drawRightString(width - MARGIN, y, cards.rep_name)
    canvas.drawRightString(width - MARGIN, y - 13, f"Money in {c.currency}")
    y -= 24
    canvas.setFillColor(INK)
    canvas.setFont(font, 12)
    canvas.drawString(MARGIN, y, c.period.label)
    if cards.previous is not None:
        canvas.setFont(font, 9)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, y - 13, f"Changes are against {cards.previous.period.label}")
        y -= 13
    return y - 16


def _headlines(canvas: Canvas, cards: ReportCards, font: str, y: float, inner: float) -> float:
    """Six tiles, three to a row: label, the figure large, the change under it."""
    c, before = cards.current, cards.previous
    columns, gap, tile_h = 3, 10.0, 66.0
    tile_w = (inner - gap * (columns - 1)) / columns
    for i, h in enumerate(HEADLINES):
        row, col = divmod(i, columns)
        x = MARGIN + col * (tile_w + gap)
        top = y - row * (tile_h + gap)
        canvas.setStrokeColor(MUTED)
        canvas.setLineWidth(0.5)
        canvas.roundRect(x, top - tile_h, tile_w, tile_h, 4, stroke=1, fill=0)
        canvas.setFillColor(MUTED)
        canvas.setFont(font, 9)
        canvas.drawString(x + 8, top - 14, h.label)
        canvas.setFillColor(INK)
        value = h.text(c)
        size = 20.0
        while size > 11 and stringWidth(value, font, size) > tile_w - 16:
            size -= 1  # a long sum shrinks to stay inside its tile
        canvas.setFont(font, size)
        canvas.drawString(x + 8, top - 38, value)
        moved = change(h, c, before)
        text = moved + " vs before" if moved else ""
        if stringWidth(text, font, 8.5) > tile_w - 16:
            text = moved  # a long change drops its tail rather than cross the tile's edge
        size = 8.5
        while size > 6 and stringWidth(text, font, size) > tile_w - 16:
            size -= 0.5
        canvas.setFont(font, size)
        canvas.setFillColor(MUTED)
        canvas.drawString(x + 8, top - 56, text)
    rows = -(-len(HEADLINES) // columns)
    y -= rows * (tile_h + gap)
    canvas.setFont(font, 9)
    canvas.setFillColor(INK)
    canvas.drawString(MARGIN, y - 4,
                      f"Asked to won: {c.asked_to_won.part:,} of {c.asked_to_won.whole:,} "
                      f"({percent(c.asked_to_won.share)}) of the referrals asked in the "
                      f"period.   {stage_label('lost')} in the period: {c.reached['lost']:,}.")
    canvas.drawString(MARGIN, y - 17,
                      f"Revenue from referrals: {money(c.referral_revenue, c.currency)} of "
                      f"{money(c.total_revenue, c.currency)} from all sales.")
    return y - 17


def _footer(canvas: Canvas, font: str, width: float, page: int) -> None:
    canvas.setFont(font, 8)
    canvas.setFillColor(MUTED)
    canvas.drawRightString(width - MARGIN, MARGIN / 2, f"Page {page} of 2 · refdesk")
