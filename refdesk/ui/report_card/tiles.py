"""The report card's headline figures: large numbers with their change
against the period before, in words and arrows (never colour alone)."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from refdesk.domain.report_card import ReportCard
from refdesk.domain.report_wording import HEADLINES, Headline, change


class HeadlineTile(QFrame):
    """One figure: its label, the value large, the change under it."""

    def __init__(self, headline: Headline):
        super().__init__()
        self.headline = headline
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel(headline.label)
        self.value = QLabel("–")
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 2.0)
        big.setBold(True)
        self.value.setFont(big)
        self.change = QLabel("")  # full-contrast text: arrows and words carry the sign
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        for widget in (self.label, self.value, self.change):
            layout.addWidget(widget)

    def show_card(self, card: ReportCard, before: ReportCard | None) -> None:
        value = self.headline.text(card)
        moved = change(self.headline, card, before)
        self.value.setText(value)
        self.change.setText(f"{moved} vs before" if moved else " ")
        self.setAccessibleName(f"{self.headline.label}: {value}"
                               + (f", {moved} against the period before" if moved else ""))


class HeadlineTiles(QWidget):
    """The six headline tiles, three to a row."""

    def __init__(self) -> None:
        super().__init__()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(8)
        self.tiles = [HeadlineTile(h) for h in HEADLINES]
        for i, tile in enumerate(self.tiles):
            grid.addWidget(tile, i // 3, i % 3)

    def show_card(self, card: ReportCard, before: ReportCard | None) -> None:
        for tile in self.tiles:
            tile.show_card(card, before)

    def summary(self) -> str:
        return "; ".join(tile.accessibleName() for tile in self.tiles)
