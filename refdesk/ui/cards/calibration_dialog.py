"""Printer Calibration: print the crosshair page, measure, and store the printer's
offset, scale and turn, and where a partly used sheet of cards starts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from refdesk.book.edits import set_settings
from refdesk.cards.calibration import (
    MARK_MM,
    MAX_OFFSET_MM,
    MAX_ROTATION_DEG,
    PAPERS,
    SCALE_RANGE,
    Correction,
    calibration_pdf,
    check_correction,
    fit_correction,
    parse_measured,
)
from refdesk.cards.card_jobs import card_defaults
from refdesk.cards.formats import list_formats
from refdesk.cards.render import atomic_write
from refdesk.errors import RefdeskError
from refdesk.ui.cards.message_editor import ERROR_STYLE
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
    "<li>Print the page again: A should now measure right.</li>"
    "<li>If B, C and D are still off, the printer also scales or turns the page: enter "
    "where each crosshair measures (A=25.6,24.1 B=…) and press Fit.</li></ol>")
# The most cards any sheet format holds: the start slot's upper bound.
MAX_SLOTS = max(f.per_page for f in list_formats())


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
        stored = card_defaults(ctx.book)
        self.x, self.y = _offset_box(), _offset_box()
        self.x.setValue(stored.offset_mm[0])
        self.y.setValue(stored.offset_mm[1])
        self.scale = QDoubleSpinBox()
        self.scale.setDecimals(5)
        self.scale.setRange(SCALE_RANGE[0] + 1e-5, SCALE_RANGE[1] - 1e-5)
        self.scale.setSingleStep(0.001)
        self.scale.setValue(stored.scale)
        self.rotation = QDoubleSpinBox()
        self.rotation.setDecimals(3)
        self.rotation.setRange(-MAX_ROTATION_DEG, MAX_ROTATION_DEG)
        self.rotation.setSingleStep(0.05)
        self.rotation.setSuffix(" °")
        self.rotation.setValue(stored.rotation_deg)
        self.measured = QLineEdit()
        self.measured.setPlaceholderText("A=25.6,24.1  B=190.5,24.4  C=…  (mm from left, top)")
        fit_button = QPushButton("&Fit")
        fit_button.setToolTip("Work out offset, scale and turn from the crosshairs measured")
        fit_button.clicked.connect(self.fit)
        self.error = QLabel()
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        self.start = QSpinBox()
        self.start.setRange(1, MAX_SLOTS)
        self.start.setValue(min(stored.start_slot, MAX_SLOTS))
        self.start.setToolTip("On a sheet of several cards (Avery 5389, the half-fold note "
                              "cards, the 2-up and 4-up sheets), the first card still there; "
                              "cards fill the sheet in reading order")
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
        form.addRow("S&cale", self.scale)
        form.addRow("&Rotation (clockwise)", self.rotation)
        measured = QHBoxLayout()
        measured.addWidget(self.measured, 1)
        measured.addWidget(fit_button)
        label = QLabel("&Measured")
        label.setBuddy(self.measured)
        form.addRow(label, measured)
        form.addRow("Start at &card", self.start)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(steps)
        layout.addLayout(row)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(480, self.sizeHint().height())

    def offset(self) -> tuple[float, float]:
        """The offset as entered, in mm."""
        return (round(self.x.value(), 1), round(self.y.value(), 1))

    def correction(self) -> Correction | None:
        """The scale and turn as entered with the offset; None when they change nothing."""
        return check_correction(self.offset(), round(self.scale.value(), 5),
                                round(self.rotation.value(), 3))

    def fit(self) -> bool:
        """Fill offset, scale and turn from the crosshairs measured; False (said) if
        the measurements cannot be used."""
        try:
            got = fit_correction(parse_measured(self.measured.text(), "Measured"),
                                 self.paper.currentData())
        except RefdeskError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return False
        self.error.hide()
        self.x.setValue(got.offset_mm[0])
        self.y.setValue(got.offset_mm[1])
        self.scale.setValue(got.scale)
        self.rotation.setValue(got.rotation_deg)
        return True

    def page(self) -> bytes:
        """The calibration page, printed with the correction as entered."""
        return calibration_pdf(self.paper.currentData(), self.offset(), self.correction())

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
        """Store the calibration, paper and start slot as one undoable change."""
        settings = self.ctx.book.settings
        values = {"printer_offset_mm": list(self.offset()),
                  "printer_scale": round(self.scale.value(), 5),
                  "printer_rotation_deg": round(self.rotation.value(), 3),
                  "card_start_slot": self.start.value(),
                  "card_paper": self.paper.currentData()}
        changed = {k: v for k, v in values.items() if settings.get(k) != v}
        if changed:
            BookCommand(self.ctx, set_settings(self.ctx.book, "Change printer calibration",
                                               changed)).perform()
        super().accept()
