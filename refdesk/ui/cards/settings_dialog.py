"""Card Settings: how you sign, your return address, review links and card defaults."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from refdesk.book.edits import set_settings
from refdesk.cards.card_jobs import card_defaults, review_links
from refdesk.cards.fonts import DEFAULT_STYLE, StyleRegistry, shipped_styles
from refdesk.cards.handwriting import parse_ink
from refdesk.cards.plotter_svg import DEFAULT_PEN_MM
from refdesk.cards.qr_back import check_link
from refdesk.cards.single_line_fonts import stroke_styles
from refdesk.errors import RefdeskError
from refdesk.ui.cards.card_options import compact, fill_formats, fill_inks, fill_styles
from refdesk.ui.cards.message_editor import ERROR_STYLE
from refdesk.ui.context import AppContext
from refdesk.ui.undo_commands import BookCommand


def parse_links(text: str) -> list[dict[str, str]]:
    """Review links typed one per line as "Label https://…" (the last word is the link)."""
    links = []
    for n, line in enumerate(text.splitlines(), start=1):
        words = line.split()
        if not words:
            continue
        url = words[-1]
        if "." not in url and ":" not in url:
            raise RefdeskError(f"Review link line {n} should end with the link, like "
                               "“Google https://g.page/r/…”.")
        links.append({"label": " ".join(words[:-1]), "url": check_link(url)})
    return links


# The pen plotter is this computer's, not the book's: its settings live in QSettings.
PLOTTER_STYLE_KEY = "plotter/style"
PLOTTER_PEN_KEY = "plotter/pen_mm"


def plotter_style(ctx: AppContext) -> str:
    """The single-line style chosen for plotter files (the default if none or unknown)."""
    styles = stroke_styles()
    name = str(ctx.settings.value(PLOTTER_STYLE_KEY, "") or "")
    return name if name in styles.names() else styles.default


def plotter_pen_mm(ctx: AppContext) -> float:
    """The plotter pen's width in mm (the default if unset or unreadable)."""
    try:
        pen = float(ctx.settings.value(PLOTTER_PEN_KEY, DEFAULT_PEN_MM))
    except (TypeError, ValueError):
        return DEFAULT_PEN_MM
    return pen if 0.1 <= pen <= 3.0 else DEFAULT_PEN_MM


class CardSettingsDialog(QDialog):
    """The book's card settings; OK stores them as one undoable change."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Card Settings")
        book = ctx.book
        defaults = card_defaults(book)
        self.user_name = QLineEdit(book.settings.get("user_name"))
        self.user_name.setPlaceholderText("e.g. Sam Rivera")
        self.return_address = QPlainTextEdit(book.settings.get("return_address"))
        self.return_address.setPlaceholderText("Your name and address, one line each "
                                               "(for envelopes)")
        self.return_address.setFixedHeight(84)
        self.links = QPlainTextEdit("\n".join(f"{label} {url}".strip()
                                              for label, url in review_links(book)))
        self.links.setPlaceholderText("Google https://g.page/r/…\nLinkedIn https://…")
        self.links.setFixedHeight(70)
        self.folder = QLineEdit(book.settings.get("card_user_styles_dir"))
        self.folder.setPlaceholderText("none: only the shipped handwriting")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        folder_row = QWidget()
        row = QHBoxLayout(folder_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        self.style = compact(QComboBox())
        self.format = compact(QComboBox())
        fill_formats(self.format, defaults.format, envelopes=False)
        self.ink = compact(QComboBox(), 12)
        fill_inks(self.ink, defaults.ink)
        self._fill_styles(defaults.style)
        self.plotter_style = compact(QComboBox())
        fill_styles(self.plotter_style, stroke_styles(), plotter_style(ctx))
        self.pen_width = QDoubleSpinBox()
        self.pen_width.setRange(0.1, 3.0)
        self.pen_width.setSingleStep(0.05)
        self.pen_width.setDecimals(2)
        self.pen_width.setSuffix(" mm")
        self.pen_width.setValue(plotter_pen_mm(ctx))
        self.folder.editingFinished.connect(lambda: self._fill_styles(self.style.currentData()))
        self.error = QLabel()
        self.error.setTextFormat(Qt.TextFormat.PlainText)  # may quote contact text
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()

        form = QFormLayout()
        form.addRow("Sign cards &as", self.user_name)
        form.addRow("&Return address", self.return_address)
        form.addRow("Re&view links", self.links)
        form.addRow("", _hint("One per line; the first goes on the back of cards as a QR code."))
        form.addRow("&Handwriting", self.style)
        form.addRow("&Ink", self.ink)
        form.addRow("&Format", self.format)
        form.addRow("Your &fonts folder", folder_row)
        form.labelForField(folder_row).setBuddy(self.folder)
        form.addRow("", _hint("TrueType (.ttf) handwriting fonts in this folder become "
                              "styles; a sub-folder of .ttf files is one style."))
        form.addRow("&Plotter handwriting", self.plotter_style)
        form.addRow("Plotter pen &width", self.pen_width)
        form.addRow("", _hint("For Save for Pen Plotter: a single-line hand the pen draws "
                              "once; a wider pen writes larger."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def _styles(self) -> StyleRegistry:
        folder = self.folder.text().strip()
        return shipped_styles(Path(folder) if folder else None)

    def _fill_styles(self, current: str | None) -> None:
        try:
            styles = self._styles()
        except RefdeskError as exc:
            self._show_error(str(exc))
            styles = shipped_styles()
        fill_styles(self.style, styles, current)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Your Handwriting Fonts",
                                                  self.folder.text() or str(Path.home()))
        if folder:
            self.folder.setText(folder)
            self._fill_styles(self.style.currentData())

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def values(self) -> dict:
        """The settings as typed; RefdeskError naming the first problem."""
        self._styles()  # a bad fonts folder is named before anything is stored
        parse_ink(self.ink.currentText())
        return {
            "user_name": self.user_name.text().strip(),
            "return_address": self.return_address.toPlainText().strip(),
            "review_links": parse_links(self.links.toPlainText()),
            "card_style": self._style_setting(),
            "card_ink": self.ink.currentText().strip(),
            "card_format": self.format.currentData(),
            "card_user_styles_dir": self.folder.text().strip(),
        }

    def _style_setting(self) -> str:
        # Leave "the default" unset rather than pinning today's default style.
        chosen = self.style.currentData() or ""
        stored = self.ctx.book.settings.get("card_style")
        return "" if chosen == DEFAULT_STYLE and not stored else chosen

    def accept(self) -> None:
        """Store the settings (one undo step), or show what is wrong and stay open."""
        try:
            values = self.values()
        except RefdeskError as exc:
            self._show_error(str(exc))
            return
        settings = self.ctx.book.settings
        changed = {k: v for k, v in values.items() if settings.get(k) != v}
        if changed:
            BookCommand(self.ctx, set_settings(self.ctx.book, "Change card settings",
                                               changed)).perform()
        self.ctx.settings.setValue(PLOTTER_STYLE_KEY, self.plotter_style.currentData())
        self.ctx.settings.setValue(PLOTTER_PEN_KEY, self.pen_width.value())
        super().accept()


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #555;")
    return label
