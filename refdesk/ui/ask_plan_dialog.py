"""Settings > Ask plan: the method's timing rules, for the book or per product."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from refdesk.book.edits import remove_ask_plan, set_ask_plan
from refdesk.book.records import AskPlanData
from refdesk.errors import RefdeskError
from refdesk.ui.context import AppContext
from refdesk.ui.plain_text import plain
from refdesk.ui.undo_commands import BookCommand

FIELDS = (
    ("benefit_days", "&Benefit period (days after the sale)", 0, 3650),
    ("window_days", "&Window (days the moment stays good)", 1, 3650),
    ("cooldown_days", "&Cool-down after an ask (days)", 0, 3650),
    ("cooldown_thanked_days", "Cool-down once &thanked (days)", 0, 3650),
    ("min_trust", "&Earned trust needed (evidence points)", 0, 50),
    ("promoter_score", "&Promoter score (0-10)", 0, 10),
)
DEFAULT = "Every product (default)"


class AskPlanDialog(QDialog):
    """Edit the default plan or a product's own; saving re-ranks the board."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Ask Plan")
        intro = QLabel("When to ask each customer, decided before they are even added "
                       "(method §3). A product with longer onboarding can have its own plan.")
        intro.setWordWrap(True)
        self.product = QComboBox()
        self.product.setEditable(True)
        self.spins: dict[str, QSpinBox] = {}
        form = QFormLayout()
        form.addRow("P&roduct", self.product)
        for name, label, low, high in FIELDS:
            spin = QSpinBox()
            spin.setRange(low, high)
            self.spins[name] = spin
            form.addRow(label, spin)
        self.remove = QPushButton("Use the &default for this product")
        self.remove.clicked.connect(self._remove)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.remove)
        layout.addWidget(buttons)
        self._fill_products()
        self.product.currentTextChanged.connect(self._load)
        self._load(self.product.currentText())

    def _fill_products(self) -> None:
        products = set(self.ctx.book.activity.products())
        products |= {p.product for p in self.ctx.book.settings.ask_plans() if p.product}
        self.product.clear()
        self.product.addItem(DEFAULT)
        self.product.addItems(sorted(products, key=str.casefold))

    def _product(self) -> str:
        text = self.product.currentText().strip()
        return "" if text == DEFAULT else text

    def _load(self, _text: str = "") -> None:
        plan = self.ctx.book.settings.ask_plan(self._product())
        for name, spin in self.spins.items():
            spin.setValue(getattr(plan, name))
        self.remove.setEnabled(bool(self._product()))

    def plan(self) -> AskPlanData:
        """The plan as shown in the form."""
        values = {name: spin.value() for name, spin in self.spins.items()}
        return dataclasses.replace(AskPlanData(), product=self._product(), **values)

    def _save(self) -> None:
        try:  # undoable, like every change to the book
            BookCommand(self.ctx, set_ask_plan(self.ctx.book, self.plan())).perform()
        except RefdeskError as exc:
            QMessageBox.warning(self, "Ask Plan", plain(str(exc)))
            return
        self.accept()

    def _remove(self) -> None:
        BookCommand(self.ctx, remove_ask_plan(self.ctx.book, self._product())).perform()
        self._load()
