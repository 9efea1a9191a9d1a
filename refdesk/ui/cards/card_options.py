"""The pickers a card is drawn with: style, ink, format, date line and review link."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QWidget

from refdesk.cards.card_jobs import CardDefaults
from refdesk.cards.fonts import DEFAULT_STYLE, StyleRegistry
from refdesk.cards.formats import list_formats
from refdesk.cards.handwriting import INKS
from refdesk.cards.templates import OCCASIONS

# Occasion names short enough for a list or a table column; the full label is the tooltip.
OCCASION_NAMES = {
    "thank_intro": "Thanks for the introduction",
    "status_report": "Status report and thanks",
    "thank_sale": "Thanks for the sale",
    "thank_business": "Thanks for your business",
    "thank_testimonial": "Thanks for the testimonial",
}


def occasion_name(code: str) -> str:
    """The short name of an occasion (its full label for one added later)."""
    return OCCASION_NAMES.get(code) or OCCASIONS[code].label


def short_format_label(label: str) -> str:
    """A format's label cut to fit a combo box: "A2 folded card", "Avery 5389 postcards"."""
    return label.split(":")[0].split(", crop marks")[0]


def fill_styles(combo: QComboBox, styles: StyleRegistry, current: str | None) -> None:
    """Put the handwriting styles in a combo box and select ``current``."""
    combo.clear()
    for style in styles.styles():
        combo.addItem(style.label, style.name)
    index = combo.findData((current or DEFAULT_STYLE).strip().lower())
    combo.setCurrentIndex(max(index, 0))


def fill_formats(combo: QComboBox, current: str, *, envelopes: bool = True) -> None:
    """Put the card (and envelope) formats in a combo box and select ``current``."""
    combo.clear()
    for fmt in list_formats():
        if fmt.kind == "envelope" and not envelopes:
            continue
        combo.addItem(short_format_label(fmt.label), fmt.code)
        combo.setItemData(combo.count() - 1, fmt.label, Qt.ItemDataRole.ToolTipRole)
    combo.setCurrentIndex(max(combo.findData(current), 0))


def fill_inks(combo: QComboBox, current: str) -> None:
    """The named inks in an editable combo box (a hex colour may be typed)."""
    combo.clear()
    combo.setEditable(True)
    combo.addItems(list(INKS))
    if current and combo.findText(current) < 0:
        combo.addItem(current)
    combo.setCurrentText(current)


def compact(combo: QComboBox, chars: int = 22) -> QComboBox:
    """Keep a combo box of long labels from widening its dialog."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)
    return combo


class CardOptions(QWidget):
    """Style, ink, format, date and review-link pickers; ``changed`` on any edit."""

    changed = Signal()

    def __init__(self, styles: StyleRegistry, defaults: CardDefaults,
                 links: list[tuple[str, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.style = compact(QComboBox())
        fill_styles(self.style, styles, defaults.style)
        self.ink = compact(QComboBox(), 12)
        fill_inks(self.ink, defaults.ink)
        self.ink.setToolTip("blue-black, black, blue, or a hex colour such as #1c2a4d")
        self.format = compact(QComboBox())
        fill_formats(self.format, defaults.format)
        self.date_line = QCheckBox("Write today's date at the top")
        self.review = compact(QComboBox())
        self.review.addItem("None", None)
        for label, url in links:
            self.review.addItem(f"QR code: {label or url}", url)
            self.review.setItemData(self.review.count() - 1, url, Qt.ItemDataRole.ToolTipRole)
        if links:
            self.review.setCurrentIndex(1)
        else:
            self.review.setToolTip("Add review links under Cards > Card Settings")
        self.review.setEnabled(bool(links))
        self.form = form = QFormLayout(self)  # callers may add rows so labels line up
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("&Handwriting", self.style)
        form.addRow("&Ink", self.ink)
        form.addRow("&Format", self.format)
        form.addRow("&Back of card", self.review)
        form.addRow("", self.date_line)
        for combo in (self.style, self.format, self.review):
            combo.currentIndexChanged.connect(self.changed)
        self.ink.currentTextChanged.connect(self.changed)
        self.date_line.toggled.connect(self.changed)

    def style_name(self) -> str | None:
        """The chosen style's name."""
        return self.style.currentData()

    def format_code(self) -> str:
        """The chosen format's code."""
        return self.format.currentData()

    def ink_text(self) -> str:
        """The ink as typed or picked."""
        return self.ink.currentText().strip()

    def review_link(self) -> str | None:
        """The review link to print as a QR code on the back, or None."""
        return self.review.currentData()
