"""Drawing planned pages into one PDF, and writing it to disk atomically."""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from refdesk.atomic_file import fill_and_replace, temp_beside
from refdesk.cards.fonts import StyleRegistry
from refdesk.cards.formats import Rect
from refdesk.cards.glyphs import Glyph
from refdesk.cards.pages import PagePlan, SidePlan, plan_pages
from refdesk.cards.qr_back import draw_qr
from refdesk.cards.spec import CardSpec, plain_face
from refdesk.errors import RefdeskError

# Fixed, contact-free document information: names and addresses live only on
# the page, never in metadata that a file browser or a mail preview shows.
PDF_TITLE = "Cards"
PDF_CREATOR = "refdesk"

if TYPE_CHECKING:
    from refdesk.cards.calibration import Correction

Offset = tuple[float, float]


def new_canvas(buf: io.BytesIO, first_font: str | None) -> Canvas:
    """A canvas with contact-free metadata whose preamble font is an embedded one."""
    # invariant=1 keeps dates and IDs fixed, so a reprint is byte-identical;
    # an embedded initial font keeps Helvetica (never embedded) out of the file.
    canvas = Canvas(buf, invariant=1, pageCompression=1,
                    initialFontName=first_font or plain_face().name)
    canvas.setTitle(PDF_TITLE)
    canvas.setAuthor("")
    canvas.setSubject("")
    canvas.setKeywords("")
    canvas.setCreator(PDF_CREATOR)
    return canvas


_a85_lock = threading.Lock()


@contextmanager
def binary_streams():
    """Flate-only streams while saving: ReportLab's default ASCII85 layer is 7-bit
    armour no reader needs, and in pure Python it costs more than the layout."""
    with _a85_lock:
        before = rl_config.useA85
        rl_config.useA85 = 0
        try:
            yield
        finally:
            rl_config.useA85 = before


def save(canvas: Canvas) -> None:
    """Finish the PDF with binary (Flate only) streams."""
    with binary_streams():
        canvas.save()


def printer_shift(offset_mm: Offset) -> tuple[float, float]:
    """The translation in points for a (right, down) printer offset in millimetres."""
    dx, dy = offset_mm
    return dx * mm, -dy * mm


class TextCodes:
    """The PDF text operators of each (font, cluster) in one document, worked out once.

    ReportLab's ``textOut`` re-measures and re-encodes every string it is given
    (font subset look-up, escaping, number formatting) and dominated the drawing
    of a batch. A cluster's subset and code never change once the document has
    given them out, so each distinct (font, text) is encoded once per document.
    """

    def __init__(self, canvas: Canvas) -> None:
        self._doc = canvas._doc
        self._escape = canvas._escape
        self._codes: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {}

    def runs(self, font: str, text: str) -> tuple[tuple[str, str], ...]:
        """((PDF subset font name, "(escaped) Tj"), ...) for text in this font."""
        key = (font, text)
        got = self._codes.get(key)
        if got is None:
            f = pdfmetrics.getFont(font)
            doc = self._doc
            got = self._codes[key] = tuple(
                (f.getSubsetInternalName(subset, doc), f"({self._escape(chunk)}) Tj")
                for subset, chunk in f.splitString(text, doc))
        return got


def draw_glyphs(canvas: Canvas, glyphs: Sequence[Glyph], codes: TextCodes | None = None) -> None:
    """Draw glyphs as real, selectable text: one text object, one matrix (Tm) per glyph.

    The operators go straight into the text object's code: ReportLab's setters
    and ``textOut`` format every number and string through slow pure-Python
    paths; these are the same operators (without the unused TL leading).
    """
    if not glyphs:
        return
    codes = codes or TextCodes(canvas)
    runs = codes.runs
    text = canvas.beginText()
    put = text._code.append
    font = color = weight = None
    tf = None
    for g in glyphs:
        if g.color != color:
            put("{0:.4f} {1:.4f} {2:.4f} rg {0:.4f} {1:.4f} {2:.4f} RG".format(*g.color))
            color = g.color
        if g.weight != weight:
            # Pen pressure: fill and stroke the glyphs (render mode 2) with a thin,
            # per-word line; still real text, selectable and searchable.
            put(f"2 Tr {g.weight:.3f} w" if g.weight > 0 else "0 Tr")
            weight = g.weight
        put("{:.5f} {:.5f} {:.5f} {:.5f} {:.3f} {:.3f} Tm".format(*g.matrix))
        if (g.font, g.size) != font:
            font = (g.font, g.size)
            size = f"{g.size:.3f} Tf"
        # An explicit space after each word keeps text extraction and search
        # exact; it is drawn where the gap already is and inks nothing.
        for name, tj in runs(g.font, g.text + " " if g.word_end else g.text):
            if (name, size) != tf:
                tf = (name, size)
                put(f"{name} {size}")
            put(tj)
    canvas.drawText(text)


def _crop_marks(canvas: Canvas, slots: Sequence[Rect], page: tuple[float, float]) -> None:
    """Short hairlines in the margin on every cut line, never inside a card."""
    xs = sorted({round(s.x, 3) for s in slots} | {round(s.x1, 3) for s in slots})
    ys = sorted({round(s.y, 3) for s in slots} | {round(s.y1, 3) for s in slots})
    left, right = min(xs), max(xs)
    bottom, top = min(ys), max(ys)
    gap, length = 4.0, 16.0
    canvas.saveState()
    canvas.setLineWidth(0.3)
    canvas.setStrokeGray(0.35)
    for x in xs:
        canvas.line(x, top + gap, x, min(page[1], top + gap + length))
        canvas.line(x, bottom - gap, x, max(0.0, bottom - gap - length))
    for y in ys:
        canvas.line(left - gap, y, max(0.0, left - gap - length), y)
        canvas.line(right + gap, y, min(page[0], right + gap + length), y)
    canvas.restoreState()


def _fold_guide(canvas: Canvas, x: float, height: float) -> None:
    """A faint dashed line where the sheet folds."""
    canvas.saveState()
    canvas.setLineWidth(0.35)
    canvas.setStrokeGray(0.82)
    canvas.setDash(2, 5)
    canvas.line(x, 0, x, height)
    canvas.restoreState()


def _draw_side(canvas: Canvas, side: SidePlan, codes: TextCodes) -> None:
    canvas.saveState()
    canvas.translate(*side.origin)
    draw_glyphs(canvas, side.glyphs, codes)
    if side.qr:
        draw_qr(canvas, *side.qr)
    canvas.restoreState()


def draw_pages(pages: Sequence[PagePlan], offset_mm: Offset = (0.0, 0.0),
               correction: Correction | None = None) -> bytes:
    """The PDF bytes for planned pages, everything shifted by the printer offset (or
    moved, scaled and turned by a fitted calibration correction)."""
    buf = io.BytesIO()
    first = next((g.font for p in pages for s in p.sides for g in s.glyphs), None)
    canvas = new_canvas(buf, first)
    shift = printer_shift(offset_mm)
    codes = TextCodes(canvas)
    for page in pages:
        canvas.setPageSize(page.size)
        canvas.saveState()
        if correction is not None:
            canvas.transform(*correction.matrix(page.size[1]))
        else:
            canvas.translate(*shift)
        if page.crop_slots:
            _crop_marks(canvas, page.crop_slots, page.size)
        for x in page.folds:
            _fold_guide(canvas, x, page.size[1])
        for side in page.sides:
            _draw_side(canvas, side, codes)
        canvas.restoreState()
        canvas.showPage()
    save(canvas)
    return buf.getvalue()


PASSES = ("both", "fronts", "backs")


def render_pdf(specs: Sequence[CardSpec], *, offset_mm: Offset = (0.0, 0.0),
               styles: StyleRegistry | None = None, passes: str = "both",
               correction: Correction | None = None, start_slot: int = 1) -> bytes:
    """One PDF (bytes) holding every card in order; RefdeskError before drawing if any fails.

    ``passes`` "fronts" or "backs" keeps only those pages, for printers without
    duplex: the fronts are printed, the sheets fed again, then the backs.
    ``start_slot`` begins a partly used sheet at that card (1-based).
    """
    if not specs:
        raise RefdeskError("there are no cards to print")
    if passes not in PASSES:
        raise RefdeskError(f"unknown printing pass {passes!r}: use {', '.join(PASSES)}")
    pages = plan_pages(specs, styles, start_slot)
    if passes != "both":
        pages = [p for p in pages if p.is_back == (passes == "backs")]
        if not pages:
            raise RefdeskError("these cards have no backs to print (no review link)")
    return draw_pages(pages, offset_mm, correction)


def atomic_write(path: Path, data: bytes) -> Path:
    """Write data to path via a temporary file and os.replace: all or nothing."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise RefdeskError(f'cannot write "{path}": folder "{folder}" does not exist')
    try:
        fd, tmp = temp_beside(path, ".tmp")
    except OSError as exc:
        raise RefdeskError(f'cannot write "{path}": {exc.strerror}') from None
    try:
        fill_and_replace(fd, tmp, path, data)
    except OSError as exc:
        raise RefdeskError(f'cannot write "{path}": {exc.strerror}') from None
    return path


def write_pdf(specs: Sequence[CardSpec], path: Path, *, offset_mm: Offset = (0.0, 0.0),
              styles: StyleRegistry | None = None, passes: str = "both",
              correction: Correction | None = None, start_slot: int = 1) -> Path:
    """Render the cards and write them to path; on any error no file is left behind."""
    return atomic_write(Path(path), render_pdf(specs, offset_mm=offset_mm, styles=styles,
                                               passes=passes, correction=correction,
                                               start_slot=start_slot))
