"""Asking for a referral, and moving a referral to its next stage."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListView,
    QWidget,
)

from refdesk.book.records import ReferralRecord
from refdesk.domain.vocabulary import REFERRAL_STAGES
from refdesk.ui.form_dialog import FormDialog

NEW_PERSON = -1


class PersonPicking:
    """The referred person as a searchable picker of the book's people, with
    "A new person…" and a name field; mixed into a FormDialog.

    A book can hold 10,000 contacts, so it is one list model filled in a
    single pass with a type-to-filter completer, rather than a plain combo.
    """

    form: QFormLayout
    person: QComboBox
    person_hint: QLabel
    new_name: QLineEdit

    def _person_picker(self, people: list[tuple[int, str]]) -> QComboBox:
        # Values run parallel to the model's rows; the model holds only text,
        # so Qt filters it in C++ without calling back into Python.
        self._values: list[int | None] = [None, NEW_PERSON, *(pid for pid, _ in people)]
        labels = ["(not named yet)", "A new person…", *(label for _, label in people)]
        self._row_of = {value: row for row, value in enumerate(self._values)}
        self._rows_by_text: dict[str, list[int]] | None = None  # built on first typed search
        combo = QComboBox()
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)  # typing never adds a person
        # Sizing to the widest of 10,000 names would cost more than the model.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(32)
        model = QStringListModel(labels, combo)
        combo.setModel(model)
        if isinstance(view := combo.view(), QListView):
            view.setUniformItemSizes(True)
        combo.lineEdit().setPlaceholderText("type part of a name or company")
        completer = QCompleter(model, combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(12)
        combo.setCompleter(completer)
        popup = completer.popup()
        if isinstance(popup, QListView):
            popup.setUniformItemSizes(True)
        self._enter_picks_top = _EnterPicksTopMatch(completer)
        popup.installEventFilter(self._enter_picks_top)
        return combo

    def chosen_person(self) -> int | None:
        """The referred person: a contact id, None (not named yet) or NEW_PERSON.

        Raises LookupError when the typed text names no one, or several
        people: accept() refuses that, so it never reaches a caller.
        """
        row = self._chosen_row()
        if row is None:
            raise LookupError(self.person.currentText().strip())
        return self._values[row]

    def _chosen_row(self) -> int | None:
        text = self.person.currentText().strip()
        current = self.person.currentIndex()
        if current >= 0 and text == self.person.itemText(current):
            return current  # picked from the list: exact even among namesakes
        if not text:
            return 0  # a cleared field names no one yet
        if self._rows_by_text is None:
            self._rows_by_text = {}
            for row in range(self.person.count()):
                self._rows_by_text.setdefault(self.person.itemText(row).casefold(),
                                              []).append(row)
        rows = self._rows_by_text.get(text.casefold(), [])
        return rows[0] if len(rows) == 1 else None

    def _person_edited(self, _text: str) -> None:
        row = self._chosen_row()
        self.new_name.setEnabled(row is not None and self._values[row] == NEW_PERSON)
        self.form.setRowVisible(self.person_hint, False)

    def _refuse_unmatched(self) -> bool:
        """Explain and refuse typed text that names no one (or several); True then."""
        if self._chosen_row() is None:
            # Never guess: unmatched text must not become somebody.
            typed = self.person.currentText().strip()
            several = len((self._rows_by_text or {}).get(typed.casefold(), ())) > 1
            self.person_hint.setText(
                f"Several people are called “{typed}”: pick one from the list." if several
                else f"No one in the book is called “{typed}”. Pick a name from the list, "
                "or choose “A new person…” and type the name below.")
            self.form.setRowVisible(self.person_hint, True)
            # Grow to fit the message: wrapped labels do not push the window out.
            self.layout().activate()
            self.resize(self.width(), max(self.height(), self.heightForWidth(self.width())))
            self.person.setFocus()
            self.person.lineEdit().selectAll()
            return True
        return False


class AdvanceDialog(PersonPicking, FormDialog):
    """Move one of a contact's open referrals on, naming the referred person."""

    def __init__(self, referrals: list[tuple[ReferralRecord, str]],
                 people: list[tuple[int, str]], parent: QWidget | None = None, *,
                 on: dt.date):
        super().__init__("Move a referral on", parent, on=on)
        self.referral = QComboBox()
        for record, label in referrals:
            self.referral.addItem(label, record)
        self.stage = QComboBox()
        for code, label in REFERRAL_STAGES.items():
            self.stage.addItem(label, code)
        self.person = self._person_picker(people)
        self.person_hint = QLabel()
        self.person_hint.setWordWrap(True)
        self.new_name = QLineEdit(placeholderText="first and last name of the new person")
        self.new_name.setEnabled(False)
        self.note = QLineEdit()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.form.insertRow(0, "&Referral", self.referral)
        self.form.insertRow(1, "&Stage", self.stage)
        self.form.addRow("Referred &person", self.person)
        self.form.addRow("", self.person_hint)
        self.form.setRowVisible(self.person_hint, False)
        self.form.addRow("&Name", self.new_name)
        self.form.addRow("&Note", self.note)
        self.form.addRow("", self.hint)
        # Tab through the fields in the order they are shown: the date row
        # and the buttons come from FormDialog, so were created first.
        chain = [self.referral, self.stage, self.date, self.person, self.new_name, self.note,
                 *self.buttons.buttons()]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)
        self.referral.currentIndexChanged.connect(self._suggest_stage)
        self.person.editTextChanged.connect(self._person_edited)
        self._suggest_stage()
        self.referral.setFocus()

    def accept(self) -> None:
        if not self._refuse_unmatched():
            super().accept()

    def _suggest_stage(self) -> None:
        record: ReferralRecord | None = self.referral.currentData()
        if record is None:
            return
        stages = list(REFERRAL_STAGES)
        following = stages[min(stages.index(record.stage) + 1, len(stages) - 2)]
        self.stage.setCurrentIndex(stages.index(following))
        if record.referred_id is not None:
            self.person.setCurrentIndex(self._row_of.get(record.referred_id, 0))
        self.hint.setText("Each stage schedules its thank-you: promised → thank within a "
                          "day; contacted → status report; won → thanks for the sale.")


class _EnterPicksTopMatch(QObject):
    """Enter in the completer's list picks the top match when none is highlighted.

    Qt's popup otherwise just closes, leaving the partial text typed.
    """

    def __init__(self, completer: QCompleter):
        super().__init__(completer)
        self.completer = completer

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        popup = self.completer.popup()
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and popup.isVisible() and not popup.currentIndex().isValid() \
                and self.completer.completionCount() > 0:
            # Highlight it, then let the completer's own handler pick it.
            self.completer.setCurrentRow(0)
            popup.setCurrentIndex(self.completer.currentIndex())
        return super().eventFilter(watched, event)
