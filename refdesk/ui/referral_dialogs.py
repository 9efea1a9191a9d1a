"""Asking for a referral, and moving a referral to its next stage."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from refdesk.book.records import ReferralRecord
from refdesk.domain.vocabulary import REFERRAL_STAGES
from refdesk.domain.wording import ask_script
from refdesk.ui.form_dialog import FormDialog

NEW_PERSON = -1


class AskDialog(FormDialog):
    """Ask a particular customer, about a particular project, for an action."""

    def __init__(self, name: str, product: str, parent: QWidget | None = None):
        super().__init__(f"Ask {name} for a referral", parent,
                         intro="Ask for an action, not a contact. Name the project you did "
                               f"for them, and assume the referral:<br><i>{ask_script(product)}"
                               "</i>")
        self.project = QLineEdit(placeholderText="the work you did for them, e.g. the office move")
        self.promised = QLineEdit(placeholderText="what they will do, e.g. email Fred this week")
        self.form.addRow("&Project", self.project)
        self.form.addRow("&They will", self.promised)


class AdvanceDialog(FormDialog):
    """Move one of a contact's open referrals on, naming the referred person."""

    def __init__(self, referrals: list[tuple[ReferralRecord, str]],
                 people: list[tuple[int, str]], parent: QWidget | None = None):
        super().__init__("Move a referral on", parent)
        self.referral = QComboBox()
        for record, label in referrals:
            self.referral.addItem(label, record)
        self.stage = QComboBox()
        for code, label in REFERRAL_STAGES.items():
            self.stage.addItem(label, code)
        self.person = QComboBox()
        self.person.addItem("(not named yet)", None)
        self.person.addItem("A new person…", NEW_PERSON)
        for contact_id, label in people:
            self.person.addItem(label, contact_id)
        self.new_name = QLineEdit(placeholderText="first and last name of the new person")
        self.new_name.setEnabled(False)
        self.note = QLineEdit()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.form.insertRow(0, "&Referral", self.referral)
        self.form.insertRow(1, "&Stage", self.stage)
        self.form.addRow("Referred &person", self.person)
        self.form.addRow("&Name", self.new_name)
        self.form.addRow("&Note", self.note)
        self.form.addRow("", self.hint)
        self.referral.currentIndexChanged.connect(self._suggest_stage)
        self.person.currentIndexChanged.connect(
            lambda _: self.new_name.setEnabled(self.person.currentData() == NEW_PERSON))
        self._suggest_stage()

    def _suggest_stage(self) -> None:
        record: ReferralRecord | None = self.referral.currentData()
        if record is None:
            return
        stages = list(REFERRAL_STAGES)
        following = stages[min(stages.index(record.stage) + 1, len(stages) - 2)]
        self.stage.setCurrentIndex(stages.index(following))
        if record.referred_id is not None:
            self.person.setCurrentIndex(max(0, self.person.findData(record.referred_id)))
        self.hint.setText("Each stage schedules its thank-you: promised → thank within a "
                          "day; contacted → status report; won → thanks for the sale.")
