"""Drawing planned pages into one PDF, and writing it to disk atomically."""

from __future__ import annotations

import gc
import io
import math
import re
import sys
import threading
import zlib
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

from refdesk.atomic_file import fill_and_replace, temp_beside
from refdesk.cards.fonts import StyleRegistry
from refdesk.cards.formats import Rect
from refdesk.cards.glyphs import Glyph
from refdesk.cards.pages import PagePlan, SidePlan, iter_pages
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


class _QuickFlate(pdfdoc.PDFStreamFilterZCompress):
    """Flate at zlib's fastest level: a batch's page streams are megabytes of text
    operators, and the default level spent three times as long for 11% less file."""

    def encode(self, text: str | bytes) -> bytes:
        return zlib.compress(text.encode("utf8") if isinstance(text, str) else text, 1)


_QUICK_FLATE = _QuickFlate()


@contextmanager
def binary_streams():
    """Flate-only, quickly compressed streams while saving: ReportLab's default ASCII85
    layer is 7-bit armour no reader needs, and in pure Python it costs more than the
    layout. (ReportLab looks both settings up when it writes each stream.)"""
    with _a85_lock:
        before, flate = rl_config.useA85, pdfdoc.PDFZCompress
        rl_config.useA85 = 0
        pdfdoc.PDFZCompress = _QUICK_FLATE
        try:
            yield
        finally:
            rl_config.useA85 = before
            pdfdoc.PDFZCompress = flate


_gc_lock = threading.Lock()
_gc_pauses = 0
_gc_was_enabled = False


@contextmanager
def paused_gc():
    """The cyclic garbage collector held off while a batch is laid out and drawn.

    A batch makes hundreds of thousands of small tuples and keeps most of them
    until the PDF is written; the collector's passes over them found nothing to
    free (layout makes no reference cycles) and cost about a third of layout.
    Plain reference counting still frees everything as usual. Nested and
    concurrent renders share one pause; the collector comes back with the last.
    """
    global _gc_pauses, _gc_was_enabled
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                gc.enable()


def save(canvas: Canvas) -> None:
    """Finish the PDF with binary (Flate only) streams."""
    with binary_streams():
        canvas.save()


def printer_shift(offset_mm: Offset) -> tuple[float, float]:
    """The translation in points for a (right, down) printer offset in millimetres."""
    dx, dy = offset_mm
    return dx * mm, -dy * mm


# A subset switch ("/F1+0 1 Tf") or a string shown ("(...) Tj") in ReportLab's text code.
_TEXT_OPS = re.compile(r"(/\S+) \S+ Tf|(\((?:\\.|[^\\)])*\) Tj)")


# A cluster's text code: its first (PDF subset font name, "(escaped) Tj") and any more.
_Run = tuple[str, str, tuple[tuple[str, str], ...]]


class TextCodes:
    """The PDF text operators of each (font, cluster) in one document, worked out once.

    ReportLab's ``textOut`` measures and encodes every string it is given (font
    subset look-up, escaping, number formatting) and dominated the drawing of a
    batch. A cluster's subset and code never change once the document has given
    them out, so each distinct (font, text) goes through ``textOut`` once per
    document, on a scratch text object that is never drawn, and its operators
    are kept.
    """

    def __init__(self, canvas: Canvas) -> None:
        self._canvas = canvas
        # Per font: for clusters inside a word and for those ending one (a space after
        # them), text -> its first run (subset name, "(escaped) Tj") and any further
        # runs (a cluster split across subsets). So drawing a glyph looks its text up by
        # itself, with no key tuple made and hashed.
        self.codes: dict[str, tuple[dict[str, _Run], dict[str, _Run]]] = {}
        # The operators of each ink colour, pen weight and (subset, size) met so far.
        self.colors: dict[tuple[float, float, float], str] = {}
        self.weights: dict[float, str] = {}
        self.fonts: dict[tuple[str, float], str] = {}

    def tables(self, font: str) -> tuple[dict[str, _Run], dict[str, _Run]]:
        """The codes known so far of this font's clusters inside a word and ending one,
        filled by run()."""
        got = self.codes.get(font)
        if got is None:
            got = self.codes[font] = ({}, {})
        return got

    def run(self, font: str, text: str, word_end: bool = False) -> _Run:
        """(PDF subset font name, "(escaped) Tj", further such runs) for text in this
        font, with a space after it if word_end."""
        table = self.tables(font)[word_end]
        got = table.get(text)
        if got is None:
            scratch = self._canvas.beginText()
            scratch.setFont(font, 1)
            scratch.textOut(text + " " if word_end else text)
            runs, name = [], ""
            for m in _TEXT_OPS.finditer(scratch.getCode()):
                if m.group(1):
                    name = sys.intern(m.group(1))  # compared once a glyph while drawing
                else:
                    runs.append((name, m.group(2)))
            got = table[text] = (*runs[0], tuple(runs[1:]))
        return got


# Glyphs are written in a frame of 1/1000 pt (a "cm" around their text object), so
# every number of a glyph's text matrix is an integer: positions in thousandths of a
# point, the letter's own turn, size and lean times 100000 (the font size, Tf, is
# then a hundredth of the real one, so they keep five decimals). Python writes an
# integer with %d in about half the time it takes for a float with %.5f, and the
# file is shorter: the matrices were the largest part of the drawing.
_MILLI = 1000.0
_FINE = 100000.0
_FRAME = "q 0.001 0 0 0.001 0.0005 0.0005 cm BT"  # (+ half a unit: floor() rounds down)


def draw_glyphs(canvas: Canvas, glyphs: Sequence[Glyph], codes: TextCodes | None = None) -> None:
    """Draw glyphs as real, selectable text: one text object, one matrix (Tm) per glyph.

    Each letter has its own turn, lean and width (no two are alike), so each needs
    its own matrix. The operators are written as one literal: ReportLab's setters
    and ``textOut`` format every number and string through slow pure-Python paths;
    these are the same operators (without the unused TL leading), in a 1/1000 pt
    frame. The operators of each colour, pen weight and font size are formatted once
    per document.
    """
    if not glyphs:
        return
    codes = codes or TextCodes(canvas)
    colors, weights, fonts, by_font = codes.colors, codes.weights, codes.fonts, codes.codes
    out = [_FRAME]
    put = out.append
    color = weight = name = size = font_now = None
    mids = ends = {}
    floor, fine, milli = math.floor, _FINE, _MILLI
    tm, tm_tf = "%d %d %d %d %d %d Tm %s", "%d %d %d %d %d %d Tm %s %s"
    for text, font, g_size, (a, b, c, d, e, f), _, g_color, word_end, _, g_weight, _ \
            in glyphs:
        if g_color is not color:  # one tuple per word
            got = colors.get(g_color)
            if got is None:
                got = colors[g_color] = \
                    "{0:.4f} {1:.4f} {2:.4f} rg {0:.4f} {1:.4f} {2:.4f} RG".format(*g_color)
            put(got)
            color = g_color
        if g_weight != weight:
            # Pen pressure: fill and stroke the glyphs (render mode 2) with a thin,
            # per-word line; still real text, selectable and searchable.
            got = weights.get(g_weight)
            if got is None:
                got = weights[g_weight] = f"2 Tr {g_weight * milli:.0f} w" if g_weight > 0 \
                    else "0 Tr"
            put(got)
            weight = g_weight
        if font is not font_now:  # the face changes between alternates, not every letter
            font_now = font
            mids, ends = by_font.get(font) or codes.tables(font)
        # An explicit space after each word keeps text extraction and search
        # exact; it is drawn where the gap already is and inks nothing.
        run_name, tj, more = (ends if word_end else mids).get(text) or \
            codes.run(font, text, word_end)
        # The matrix and the text shown in one string (one number formatting, one
        # append) unless the subset or size changes first.
        if run_name != name or g_size != size:
            name, size = run_name, g_size
            got = fonts.get((name, size))
            if got is None:
                got = fonts[name, size] = f"{name} {size * milli / fine:.5f} Tf"
            put(tm_tf % (floor(a * fine), floor(b * fine), floor(c * fine), floor(d * fine),
                         floor(e * milli), floor(f * milli), got, tj))
        else:
            put(tm % (floor(a * fine), floor(b * fine), floor(c * fine), floor(d * fine),
                      floor(e * milli), floor(f * milli), tj))
        for run_name, tj in more:  # a cluster split across subsets (rare)
            if run_name != name:
                name = run_name
                got = fonts.get((name, size))
                if got is None:
                    got = fonts[name, size] = f"{name} {size * milli / fine:.5f} Tf"
                put(got)
            put(tj)
    put("ET Q")
    canvas.addLiteral(" ".join(out))


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


def _fold_guides(canvas: Canvas, page: PagePlan) -> None:
    """Faint dashed lines where the sheet folds, down and across."""
    width, height = page.size
    canvas.saveState()
    canvas.setLineWidth(0.35)
    canvas.setStrokeGray(0.82)
    canvas.setDash(2, 5)
    for x in page.folds:
        canvas.line(x, 0, x, height)
    for y in page.hfolds:
        canvas.line(0, y, width, y)
    canvas.restoreState()


def _draw_side(canvas: Canvas, side: SidePlan, codes: TextCodes) -> None:
    canvas.saveState()
    canvas.translate(*side.origin)
    draw_glyphs(canvas, side.glyphs, codes)
    if side.qr:
        draw_qr(canvas, *side.qr)
    canvas.restoreState()


def draw_pages(pages: Iterable[PagePlan], offset_mm: Offset = (0.0, 0.0),
               correction: Correction | None = None) -> bytes:
    """The PDF bytes for planned pages, everything shifted by the printer offset (or
    moved, scaled and turned by a fitted calibration correction). Pages may come from
    an iterator (iter_pages): each is drawn as it comes and then let go."""
    buf = io.BytesIO()
    pages = iter(pages)
    # The canvas's first font is the first glyph's: pages up to the first with one.
    ahead, first = [], None
    for page in pages:
        ahead.append(page)
        first = next((g.font for s in page.sides for g in s.glyphs), None)
        if first is not None:
            break
    canvas = new_canvas(buf, first)
    shift = printer_shift(offset_mm)
    codes = TextCodes(canvas)
    for page in chain(ahead, pages):
        canvas.setPageSize(page.size)
        canvas.saveState()
        if correction is not None:
            canvas.transform(*correction.matrix(page.size[1]))
        else:
            canvas.translate(*shift)
        if page.crop_slots:
            _crop_marks(canvas, page.crop_slots, page.size)
        if page.folds or page.hfolds:
            _fold_guides(canvas, page)
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
    """One PDF (bytes) holding every card in order; RefdeskError, and no PDF, if any card
    fails (every card is checked before the first page is drawn; each is laid out as its
    page comes).

    ``passes`` "fronts" or "backs" keeps only those pages, for printers without
    duplex: the fronts are printed, the sheets fed again, then the backs.
    ``start_slot`` begins a partly used sheet at that card (1-based).
    """
    if not specs:
        raise RefdeskError("there are no cards to print")
    if passes not in PASSES:
        raise RefdeskError(f"unknown printing pass {passes!r}: use {', '.join(PASSES)}")
    with paused_gc():
        # Each page drawn as soon as it is laid out: its glyphs are drawn while fresh in
        # the processor's caches and freed before the next page's are made, where
        # planning the whole batch first held them all (tens of megabytes).
        pages = iter_pages(specs, styles, start_slot)
        if passes != "both":
            pages = (p for p in pages if p.is_back == (passes == "backs"))
        first = next(pages, None)
        if first is None:
            raise RefdeskError("these cards have no backs to print (no review link)")
        return draw_pages(chain((first,), pages), offset_mm, correction)


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
