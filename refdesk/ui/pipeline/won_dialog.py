"""Moving a referral to won: the sale it became, and the thank-you it earns.

The sale is prefilled from what the referrer bought (amount, currency,
product) and dated today. It can be left out, but only on purpose: a box
that says so, never an empty amount passing quietly. The reward for the
referrer is offered in the same dialog, so the move, the sale and the reward
are one change, undone in one step.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from refdesk.book.pipeline_board import PipelineCard
from refdesk.book.referral_edits import RewardData
from refdesk.domain.vocabulary import REWARD_KINDS
from refdesk.ui.form_dialog import FormDialog
from refdesk.ui.plain_text import escaped


@dataclass(frozen=True)
class WonChoice:
    """What the won dialog decided."""

    on: dt.date
    new_name: str  # the referred person, when the referral named nobody yet
    sale: tuple[Decimal, str, str] | None  # amount, currency, product; None: none, on purpose
    reward: RewardData | None


class RewardFields(QWidget):
    """Kind, description and cost of a reward: in the won dialog and on its own."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.kind = QComboBox()
        for code, label in REWARD_KINDS.items():
            self.kind.addItem(label, code)
        self.description = QLineEdit(placeholderText="e.g. two cinema tickets")
        self.cost = QDoubleSpinBox()
        self.cost.setRange(0, 1_000_000)
        self.cost.setDecimals(2)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("&Kind", self.kind)
        form.addRow("Desc&ription", self.description)
        form.addRow("C&ost", self.cost)

    def choice(self, on: dt.date | None = None) -> RewardData:
        return RewardData(self.kind.currentData(), self.description.text().strip(),
                          Decimal(f"{self.cost.value():.2f}"), on)


class WonDialog(FormDialog):
    """The sale a referral became (prefilled), and an optional reward."""

    def __init__(self, card: PipelineCard, products: list[str],
                 parent: QWidget | None = None, *, on: dt.date,
                 first_sale: dt.date | None = None):
        referred = card.referred or "the referred person"
        super().__init__(f"{card.referrer} → {referred}: won", parent, on=on,
                         intro=f"Record the sale {escaped(referred)} made. It counts as "
                               f"a referral from {escaped(card.referrer)}, and "
                               f"{escaped(referred)} becomes a customer.",
                         date_label="Sale &date")
        self._today, self._first_sale = on, first_sale
        self.new_name = QLineEdit(placeholderText="first and last name")
        if card.referred_id is None:
            self.form.insertRow(0, "&Who bought", self.new_name)
        self.amount = QLineEdit(f"{card.estimate:.2f}" if card.estimate is not None else "")
        self.amount.setPlaceholderText("e.g. 2400.00")
        self.currency = QLineEdit(card.estimate_currency or "USD")
        self.currency.setMaxLength(3)
        self.product = QComboBox()
        self.product.setEditable(True)
        self.product.addItems(products)
        self.product.setCurrentText(card.product)
        self.no_sale = QCheckBox("Won, but there is no sale to record")
        self.form.addRow("&Amount", self.amount)
        self.form.addRow("&Currency", self.currency)
        self.form.addRow("&Product", self.product)
        self.form.addRow("", self.no_sale)
        self.reward_box = QGroupBox(f"Thank {card.referrer} with a reward")
        self.reward_box.setCheckable(True)
        self.reward_box.setChecked(False)
        self.reward = RewardFields()
        QFormLayout(self.reward_box).addRow(self.reward)
        self.form.addRow(self.reward_box)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.form.addRow("", self.problem)
        self.no_sale.toggled.connect(self._sale_toggled)
        self.date.dateChanged.connect(lambda _d: self._warn_date())
        self._warn_date()
        (self.new_name if card.referred_id is None else self.amount).setFocus()

    def _sale_toggled(self, skipped: bool) -> None:
        for widget in (self.amount, self.currency, self.product):
            widget.setEnabled(not skipped)

    def _warn_date(self) -> None:
        day = self.day()
        if day > self._today:
            self.problem.setText(f"Note: {day:%d %b %Y} is in the future.")
        elif self._first_sale is not None and day < self._first_sale:
            self.problem.setText(f"Note: {day:%d %b %Y} is before the referrer's first "
                                 f"sale ({self._first_sale:%d %b %Y}).")
        else:
            self.problem.setText("")

    def _amount(self) -> Decimal | None:
        try:
            amount = Decimal(self.amount.text().strip().replace(",", ""))
        except InvalidOperation:
            return None
        return amount if amount.is_finite() and amount > 0 else None

    def accept(self) -> None:
        if self._names_needed() and not self.no_sale.isChecked() \
                and not self.new_name.text().strip():
            self._refuse("Type the name of who bought: the sale is theirs.", self.new_name)
            return
        if not self.no_sale.isChecked():
            if self._amount() is None:
                self._refuse(f"Amount “{self.amount.text()}” is not a positive number. "
                             "Type the sale's amount, or tick “no sale to record”.",
                             self.amount)
                return
            if len(self.currency.text().strip()) != 3:
                self._refuse("Currency needs a three-letter code, e.g. USD.", self.currency)
                return
        super().accept()

    def _names_needed(self) -> bool:
        return self.form.indexOf(self.new_name) >= 0

    def _refuse(self, text: str, widget: QWidget) -> None:
        self.problem.setText(text)
        widget.setFocus()

    def choice(self) -> WonChoice:
        sale = None
        if not self.no_sale.isChecked():
            amount = self._amount()
            assert amount is not None  # accept() refused otherwise
            sale = (amount, self.currency.text().strip().upper(),
                    self.product.currentText().strip())
        reward = self.reward.choice() if self.reward_box.isChecked() else None
        name = self.new_name.text().strip() if self._names_needed() else ""
        return WonChoice(self.day(), name, sale, reward)
