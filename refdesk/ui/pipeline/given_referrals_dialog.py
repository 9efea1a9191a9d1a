"""Referrals you gave to a customer's business (method §2): whom you sent them.

Kept apart from the referrals the rep receives: these never count as
referrals asked or won; each is logged as the trust touchpoint it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from refdesk.book import referral_edits
from refdesk.book.edits import Edit
from refdesk.ui.context import AppContext, Change


class GivenReferralsDialog(QDialog):
    """What you referred to this customer, newest first, and a form to add one."""

    def __init__(self, ctx: AppContext, customer_id: int, name: str,
                 people: list[tuple[int, str]], *,
                 perform: Callable[[Callable[[], Edit]], bool],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.customer_id, self._perform = ctx, customer_id, perform
        self.setWindowTitle(f"Referrals you gave {name}")
        self.resize(520, 440)
        intro = QLabel(f"Business you sent to {name}, without asking anything back. It "
                       "earns trust; it never counts as a referral asked or won.")
        intro.setWordWrap(True)
        self.listing = QListWidget()
        self.listing.setAccessibleName("Referrals given")
        box = QGroupBox("Record one")
        form = QFormLayout(box)
        self.person = QComboBox()
        self.person.setEditable(True)
        self.person.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.person.addItem("", None)
        for contact_id, label in people:
            self.person.addItem(label, contact_id)
        self.person.lineEdit().setPlaceholderText("someone in the book, or type a new name")
        self.note = QLineEdit(placeholderText="e.g. needs a new roof on the warehouse")
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("d MMM yyyy")
        today = ctx.today()
        self.date.setDate(QDate(today.year, today.month, today.day))
        self.add_button = QPushButton("&Record")
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        form.addRow("&Whom", self.person)
        form.addRow("&Note", self.note)
        form.addRow("&Date", self.date)
        form.addRow("", self.add_button)
        form.addRow("", self.problem)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.listing, 1)
        layout.addWidget(box)
        layout.addWidget(close)
        self.add_button.clicked.connect(self.record)
        ctx.bus.changed.connect(self._on_change)
        self.reload()

    def reload(self) -> None:
        self.listing.clear()
        given = self.ctx.book.given_referrals.for_customer(self.customer_id)
        self.listing.addItems([f"{g.given_on:%d %b %Y}: {g.referred_name}"
                               + (f" — {g.note}" if g.note else "") for g in given]
                              or ["None yet."])

    def _on_change(self, change: Change) -> None:
        if change.areas & {"activity", "contacts", "referrals", "book"}:
            self.reload()

    def chosen(self) -> tuple[int | None, str]:
        """(contact id, "") for someone picked from the book, else (None, typed name)."""
        text = self.person.currentText().strip()
        at = self.person.findText(text)
        if at > 0:
            return self.person.itemData(at), ""
        return None, text

    def record(self) -> None:
        referred_id, name = self.chosen()
        day: dt.date = self.date.date().toPython()
        if self._perform(lambda: referral_edits.give_referral(
                self.ctx.book, self.customer_id, day, referred_id=referred_id,
                referred_name=name, note=self.note.text().strip())):
            self.person.setCurrentIndex(0)
            self.note.clear()
            self.problem.setText("")
