"""The rewards ledger: what each referrer was given, the monthly spend, and a
warning when a month passes the budget (Settings: reward budget)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from refdesk.book import edits
from refdesk.book.referral_edits import RewardData
from refdesk.book.rewards import MonthSpend, RewardRecord
from refdesk.errors import RefdeskError
from refdesk.ui.context import AppContext, Change
from refdesk.ui.form_dialog import FormDialog
from refdesk.ui.pipeline.list_table_model import Index, ListTableModel
from refdesk.ui.pipeline.won_dialog import RewardFields
from refdesk.ui.undo_commands import BookCommand

HEADERS = ("Date", "Referrer", "Kind", "Description", "Cost")
MONTHS_SHOWN = 12


def month_line(spend: MonthSpend) -> str:
    """"Nov 2026: 140.00 (3) — OVER the 100.00 budget": words, never colour alone."""
    text = f"{dt.date(spend.year, spend.month, 1):%b %Y}: {spend.spent:,.2f} ({spend.count})"
    if spend.over_budget:
        text += f" — OVER the {spend.budget:,.2f} budget"
    return text


class LedgerModel(ListTableModel[RewardRecord]):
    headers = HEADERS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (f"{r.given_on:%d %b %Y}", r.contact, r.label, r.description,
                    f"{r.cost:,.2f}")[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class RewardDialog(FormDialog):
    """Record one reward: to whom (unless known), kind, description, cost, date."""

    def __init__(self, people: list[tuple[int, str]] | None, parent: QWidget | None = None, *,
                 on: dt.date, warn: Callable[[dt.date, Decimal], str] = lambda _d, _c: "",
                 title: str = "Record a reward"):
        super().__init__(title, parent, on=on)
        self.person: QComboBox | None = None
        if people is not None:
            self.person = QComboBox()
            self.person.setEditable(True)
            self.person.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            for contact_id, name in people:
                self.person.addItem(name, contact_id)
            self.form.insertRow(0, "&To", self.person)
        self.fields = RewardFields()
        self.form.addRow(self.fields)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.form.addRow("", self.warning)
        self._warn = warn
        self.fields.cost.valueChanged.connect(lambda _v: self._update_warning())
        self.date.dateChanged.connect(lambda _d: self._update_warning())
        self._update_warning()

    def _update_warning(self) -> None:
        try:
            cost = Decimal(f"{self.fields.cost.value():.2f}")
        except InvalidOperation:
            cost = Decimal(0)
        self.warning.setText(self._warn(self.day(), cost))

    def contact_id(self) -> int | None:
        if self.person is None:
            return None
        at = self.person.findText(self.person.currentText())
        return self.person.itemData(at) if at >= 0 else None

    def accept(self) -> None:
        if self.person is not None and self.contact_id() is None:
            self.warning.setText(f"No one in the book is called “{self.person.currentText()}”: "
                                 "pick a name from the list.")
            return
        super().accept()

    def terms(self) -> RewardData:
        return self.fields.choice()


class RewardsWindow(QDialog):
    """The ledger, newest first, with each month's spend against the budget."""

    def __init__(self, ctx: AppContext, *, record: Callable[[], None],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Rewards")
        self.resize(860, 480)
        self.model = LedgerModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)  # one line a row; the cut text is elided
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (1, 3):  # the names and words take what is left
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.months = QListWidget()
        self.months.setAccessibleName("Monthly spend")
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setObjectName("budget-warning")
        self.budget = QLineEdit(placeholderText="none")
        self.budget.setMaximumWidth(110)
        self.budget.setToolTip("Monthly spend on rewards before refdesk warns you")
        save_budget = QPushButton("Set")
        save_budget.clicked.connect(self.set_budget)
        add = QPushButton("&Record Reward…")
        add.clicked.connect(record)
        split = QSplitter()
        split.addWidget(self.table)
        monthly = QWidget()
        column = QVBoxLayout(monthly)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel("Spend by month"))
        column.addWidget(self.months, 1)
        split.addWidget(monthly)
        split.setSizes([620, 240])
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Monthly &budget:"))
        bar.itemAt(0).widget().setBuddy(self.budget)
        bar.addWidget(self.budget)
        bar.addWidget(save_budget)
        bar.addStretch(1)
        bar.addWidget(add)
        layout = QVBoxLayout(self)
        layout.addWidget(self.warning)
        layout.addWidget(split, 1)
        layout.addLayout(bar)
        ctx.bus.changed.connect(self._on_change)
        self.reload()

    def reload(self) -> None:
        rewards = self.ctx.book.rewards
        self.model.set_rows(rewards.ledger())
        today = self.ctx.today()
        first = dt.date(today.year - (1 if today.month < MONTHS_SHOWN else 0),
                        (today.month - MONTHS_SHOWN) % 12 + 1, 1)
        spends = rewards.monthly_spend(first, today)
        self.months.clear()
        self.months.addItems([month_line(s) for s in reversed(spends)])
        this_month = spends[-1]
        self.warning.setText(this_month.warning)
        self.warning.setVisible(bool(this_month.warning))
        budget = self.ctx.book.settings.reward_budget()
        if not self.budget.hasFocus():
            self.budget.setText("" if budget is None else f"{budget:.2f}")

    def set_budget(self) -> None:
        """Store the monthly budget ("" for none), undoable; a bad amount is named."""
        edit = edits.set_settings(self.ctx.book, "Change the reward budget",
                                  {"reward_budget": self.budget.text().strip()})
        try:
            BookCommand(self.ctx, edit).perform()
        except RefdeskError as exc:  # nothing was written
            self.warning.setText(str(exc))
            self.warning.setVisible(True)

    def _on_change(self, change: Change) -> None:
        if change.areas & {"activity", "referrals", "contacts", "settings", "book", "day"}:
            self.reload()
