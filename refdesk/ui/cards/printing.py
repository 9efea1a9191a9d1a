"""Card PDFs to paper or to a file: the system print dialog, page by page at true size."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSize, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QWidget

from refdesk.errors import RefdeskError

MAX_RENDER_DPI = 300  # handwriting is crisp at 300 dpi; a Letter page at 1200 dpi is 540 MB
PDF_FILTER = "PDF files (*.pdf)"


def load_pdf(data: bytes, document: QPdfDocument | None = None) -> tuple[QPdfDocument, QBuffer]:
    """A QPdfDocument read from bytes; keep the returned buffer alive as long as it."""
    document = document or QPdfDocument()
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready:
        raise RefdeskError(f"the card PDF could not be read back ({document.error().name})")
    return document, buffer


def page_layout(points: QSizeF) -> QPageLayout:
    """A margin-free layout of exactly this page size, named (Letter, A4...) when it is one."""
    w, h = points.width(), points.height()
    # Portrait dimensions plus an orientation let Qt recognise a standard paper.
    size = QPageSize(QSizeF(min(w, h), max(w, h)), QPageSize.Unit.Point, "",
                     QPageSize.SizeMatchPolicy.FuzzyMatch)
    orientation = (QPageLayout.Orientation.Landscape if w > h
                   else QPageLayout.Orientation.Portrait)
    return QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0))


def prepare_printer(printer: QPrinter, data: bytes) -> None:
    """Set the printer to the PDF's first page size, edge to edge, before the dialog."""
    document, _buffer = load_pdf(data)
    printer.setPageLayout(page_layout(document.pagePointSize(0)))
    printer.setFullPage(True)  # (0, 0) is the paper's corner: the calibrated offset holds
    printer.setDocName("Cards")
    document.close()


def paint_pdf(printer: QPrinter, data: bytes,
              progress: Callable[[int, int], bool] | None = None) -> int:
    """Paint every page of the PDF at its true size; returns pages painted.

    ``progress(done, total)`` is called per page and may return False to stop.
    """
    document, _buffer = load_pdf(data)
    pages = document.pageCount()
    painter = QPainter()
    done = 0
    try:
        for i in range(pages):
            points = document.pagePointSize(i)
            if i == 0 or points != document.pagePointSize(i - 1):
                printer.setPageLayout(page_layout(points))
                printer.setFullPage(True)
            if i == 0:
                if not painter.begin(printer):
                    raise RefdeskError("the printer could not be started")
            elif not printer.newPage():
                raise RefdeskError("the printer refused a new page")
            _paint_page(painter, printer, document, i, points)
            done += 1
            if progress is not None and not progress(done, pages):
                break
    finally:
        if painter.isActive():
            painter.end()
        document.close()
    return done


def _paint_page(painter: QPainter, printer: QPrinter, document: QPdfDocument, index: int,
                points: QSizeF) -> None:
    device_dpi = printer.resolution()
    dpi = min(device_dpi, MAX_RENDER_DPI)
    image = document.render(index, QSize(round(points.width() / 72 * dpi),
                                         round(points.height() / 72 * dpi)))
    target = QRectF(0, 0, points.width() / 72 * device_dpi, points.height() / 72 * device_dpi)
    painter.drawImage(target, image)


def ask_printer(parent: QWidget, data: bytes, title: str = "Print Cards") -> QPrinter | None:
    """The printer the user picks in the system print dialog, set up for this PDF; None
    if cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    prepare_printer(printer, data)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(title)
    return printer if dialog.exec() == QPrintDialog.DialogCode.Accepted else None


def print_with_dialog(parent: QWidget, data: bytes, title: str = "Print Cards") -> int:
    """Ask the system print dialog, then print; returns pages printed (0 if cancelled)."""
    printer = ask_printer(parent, data, title)
    return paint_pdf(printer, data) if printer is not None else 0


def ask_pdf_path(parent: QWidget, title: str, suggested: str) -> Path | None:
    """A save-file dialog for a PDF; None if cancelled."""
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, PDF_FILTER)
    if not path:
        return None
    path = Path(path)
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")
