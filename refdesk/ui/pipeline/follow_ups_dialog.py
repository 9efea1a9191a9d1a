"""The follow-ups list: the three thank-yous of every referral as work to do.

Filters (open / overdue / all, kind, referrer, text); mark one done saying
how; "Email it" hands the follow-up's text to the user's own mail program
as a mailto: link (refdesk sends nothing and opens no connection); "Write
card" opens the card composer. A window of its own, not modal, so the card
composer it opens can be used beside it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from refdesk.book.follow_ups import FollowUpItem
from refdesk.domain.vocabulary import FOLLOW_UP_HOW, FOLLOW_UP_KINDS, REFERRAL_STAGES
from refdesk.errors import RefdeskError
from refdesk.ui.context import AppContext, Change
from refdesk.ui.form_dialog import FormDialog
from refdesk.ui.pipeline.list_table_model import Index, ListTableModel

HEADERS = ("Due", "Follow-up", "Referrer", "Referred", "Stage", "State")
SHOW = {"open": "Open", "overdue": "Overdue", "all": "All, done too"}


def state_text(item: FollowUpItem) -> str:
    """"3 days overdue", "due", or "done 12 Nov by card": in words, not colour."""
    if item.done_on is not None:
        how = FOLLOW_UP_HOW.get(item.done_how, "")
        return f"done {item.done_on:%d %b}" + (f" by {how.lower()}" if how else "")
    if item.overdue:
        return "OVERDUE " + ("1 day" if item.days_overdue == 1 else f"{item.days_overdue} days")
    return "due"


class FollowUpsModel(ListTableModel[FollowUpItem]):
    headers = HEADERS

    @property
    def items(self) -> list[FollowUpItem]:
        return self.rows

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        item = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (f"{item.due_on:%a %d %b %Y}", item.label, item.referrer,
                    item.referred or "not named yet", REFERRAL_STAGES.get(item.stage, item.stage),
                    state_text(item))[index.column()]
        if role == Qt.ItemDataRole.FontRole and index.column() == 5 and item.overdue:
            font = QFont()
            font.setBold(True)  # overdue reads louder, and says so in words
            return font
        return None


class DoneDialog(FormDialog):
    """When and how a follow-up was done."""

    def __init__(self, item: FollowUpItem, parent: QWidget | None = None, *, on: dt.date):
        super().__init__(f"{item.label}: done", parent, on=on,
                         intro=f"{item.label} for {item.referrer}: how did you do it?")
        self.how = QComboBox()
        for code, label in FOLLOW_UP_HOW.items():
            self.how.addItem(label, code)
        self.form.insertRow(0, "&How", self.how)


class FollowUpsWindow(QDialog):
    """Every follow-up, filtered; mark done, e-mail it, or write its card."""

    def __init__(self, ctx: AppContext, *, mark_done: Callable[[FollowUpItem, dt.date, str], bool],
                 compose_card: Callable[..., object] | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self._mark_done, self._compose = ctx, mark_done, compose_card
        self.setWindowTitle("Follow-ups")
        self.resize(900, 520)
        self.show_filter, self.kind_filter, self.referrer_filter = (QComboBox(), QComboBox(),
                                                                    QComboBox())
        for code, label in SHOW.items():
            self.show_filter.addItem(label, code)
        self.kind_filter.addItem("Every kind", None)
        for code, label in FOLLOW_UP_KINDS.items():
            self.kind_filter.addItem(label, code)
        self.search = QLineEdit(placeholderText="Search names and projects")
        self.search.setClearButtonEnabled(True)
        self.count = QLabel()
        bar = QHBoxLayout()
        for widget in (self.show_filter, self.kind_filter, self.referrer_filter):
            bar.addWidget(widget)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.count)
        self.model = FollowUpsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)  # one line a row; the cut text is elided
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (2, 3):  # the names and words take what is left
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.setAlternatingRowColors(True)
        self.done_button = QPushButton("&Mark Done…")
        self.email_button = QPushButton("&Email It")
        self.card_button = QPushButton("Write &Card…")
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.problem, 1)
        for button in (self.done_button, self.email_button, self.card_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.done_button.clicked.connect(self.mark_done)
        self.email_button.clicked.connect(self.email_it)
        self.card_button.clicked.connect(self.write_card)
        for combo in (self.show_filter, self.kind_filter, self.referrer_filter):
            combo.currentIndexChanged.connect(self.reload)
        self.search.textChanged.connect(self.reload)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        ctx.bus.changed.connect(self._on_change)
        self._fill_referrers()
        self.reload()

    def _fill_referrers(self) -> None:
        people = sorted({(i.referrer, i.referrer_id) for i in
                         self.ctx.book.follow_ups.listing(self.ctx.today(), open_only=False)})
        self.referrer_filter.blockSignals(True)
        self.referrer_filter.clear()
        self.referrer_filter.addItem("Every referrer", None)
        for name, contact_id in people:
            self.referrer_filter.addItem(name, contact_id)
        self.referrer_filter.blockSignals(False)

    def reload(self) -> None:
        shown = self.show_filter.currentData()
        items = self.ctx.book.follow_ups.listing(
            self.ctx.today(), open_only=shown != "all", overdue_only=shown == "overdue",
            kind=self.kind_filter.currentData(), referrer_id=self.referrer_filter.currentData())
        words = self.search.text().casefold().split()
        if words:
            items = [i for i in items if all(
                w in f"{i.referrer} {i.referred} {i.project}".casefold() for w in words)]
        chosen = self.current()
        self.model.set_rows(items)
        overdue = sum(1 for i in items if i.overdue)
        self.count.setText(f"{len(items)} shown · {overdue} overdue")
        if chosen is not None:
            for row, item in enumerate(items):
                if item.id == chosen.id:
                    self.table.selectRow(row)
        self._enable()

    def _on_change(self, change: Change) -> None:
        if change.areas & {"referrals", "contacts", "activity", "book", "day"}:
            self.reload()

    def current(self) -> FollowUpItem | None:
        row = self.table.currentIndex().row()
        return self.model.items[row] if 0 <= row < len(self.model.items) else None

    def _enable(self) -> None:
        item = self.current()
        open_ = item is not None and item.done_on is None
        for button in (self.done_button, self.email_button, self.card_button):
            button.setEnabled(open_)

    def mark_done(self) -> None:
        item = self.current()
        if item is None or item.done_on is not None:
            return
        dialog = DoneDialog(item, self, on=self.ctx.today())
        if dialog.exec():
            self._mark_done(item, dialog.day(), dialog.how.currentData())

    def email_it(self) -> None:
        """Open the user's mail program with the follow-up written (nothing is sent)."""
        item = self.current()
        if item is None:
            return
        try:
            link = self.ctx.book.follow_ups.email(item.id, self.ctx.today()).link
        except RefdeskError as exc:
            self.problem.setText(str(exc))
            return
        if not QDesktopServices.openUrl(QUrl(link)):
            self.problem.setText("No mail program opened the message: set one as your "
                                 "system's default for e-mail links.")
        else:
            self.problem.setText(f"The message to {item.referrer} is in your mail program; "
                                 "mark it done once sent.")

    def write_card(self) -> None:
        item = self.current()
        if item is not None and self._compose is not None:
            self._compose(item.referrer_id, follow_up_id=item.id)
