"""Printer Calibration: print the crosshair page, measure, and store the printer offset."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from refdesk.book.edits import set_settings
from refdesk.cards.calibration import MARK_MM, MAX_OFFSET_MM, PAPERS, calibration_pdf
from refdesk.cards.render import atomic_write
from refdesk.errors import RefdeskError
from refdesk.ui.cards.printing import ask_pdf_path, print_with_dialog
from refdesk.ui.context import AppContext
from refdesk.ui.plain_text import plain
from refdesk.ui.undo_commands import BookCommand

STEPS = (
    "<ol style='margin-left:-20px'>"
    "<li>Print the calibration page at 100% (no “fit to page”).</li>"
    f"<li>Measure from the left edge and from the top edge of the paper to the centre of "
    f"crosshair A: both should be {MARK_MM:g} mm.</li>"
    "<li>Enter expected minus measured below: positive x moves the print right, positive "
    "y moves it down.</li>"
    "<li>Print the page again: A should now measure right.</li></ol>")


def _offset_box() -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(-MAX_OFFSET_MM, MAX_OFFSET_MM)
    box.setSingleStep(0.5)
    box.setDecimals(1)
    box.setSuffix(" mm")
    return box


class CalibrationDialog(QDialog):
    """The printer offset with its calibration page; OK stores it (undoable)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Printer Calibration")
        x, y = (float(v) for v in ctx.book.settings.get("printer_offset_mm") or (0, 0))
        self.x, self.y = _offset_box(), _offset_box()
        self.x.setValue(x)
        self.y.setValue(y)
        self.paper = QComboBox()
        for code in PAPERS:
            self.paper.addItem("Letter" if code == "letter" else code.upper(), code)
        self.paper.setCurrentIndex(max(self.paper.findData(
            ctx.book.settings.get("card_paper")), 0))
        steps = QLabel(STEPS)
        steps.setWordWrap(True)
        print_button = QPushButton("&Print Calibration Page…")
        print_button.clicked.connect(self.print_page)
        save_button = QPushButton("Save as P&DF…")
        save_button.clicked.connect(lambda: self.save_page())
        row = QHBoxLayout()
        row.addWidget(print_button)
        row.addWidget(save_button)
        row.addStretch(1)
        form = QFormLayout()
        form.addRow("&Paper", self.paper)
        form.addRow("Offset &x (right)", self.x)
        form.addRow("Offset &y (down)", self.y)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(steps)
        layout.addLayout(row)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(480, self.sizeHint().height())

    def offset(self) -> tuple[float, float]:
        """The offset as entered, in mm."""
        return (round(self.x.value(), 1), round(self.y.value(), 1))

    def page(self) -> bytes:
        """The calibration page, printed with the offset as entered."""
        return calibration_pdf(self.paper.currentData(), self.offset())

    def print_page(self) -> None:
        """Print the calibration page through the system dialog."""
        try:
            print_with_dialog(self, self.page(), "Print Calibration Page")
        except RefdeskError as exc:
            QMessageBox.warning(self, "Printing failed", plain(str(exc)))

    def save_page(self, path: Path | None = None) -> Path | None:
        """Write the calibration page to a PDF (asking where, unless given)."""
        path = path or ask_pdf_path(self, "Save Calibration Page", "Printer calibration.pdf")
        if path is None:
            return None
        try:
            return atomic_write(path, self.page())
        except RefdeskError as exc:
            QMessageBox.warning(self, "Cannot save", plain(str(exc)))
            return None

    def accept(self) -> None:
        """Store the offset and paper as one undoable change."""
        settings = self.ctx.book.settings
        values = {"printer_offset_mm": list(self.offset()),
                  "card_paper": self.paper.currentData()}
        changed = {k: v for k, v in values.items() if settings.get(k) != v}
        if changed:
            BookCommand(self.ctx, set_settings(self.ctx.book, "Change printer offset",
                                               changed)).perform()
        super().accept()
