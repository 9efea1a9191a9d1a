"""Ask a customer for a referral: why now, their own words, what to say, and
the ask recorded with its project, the promise and (if known) the person.

Method §5-6: ask a particular customer, about a particular project, for an
action; assume the referral rather than ask yes or no. The scripts are the
book's own wording (Referrals > Ask Scripts), filled in for this customer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from refdesk.book.ask_scripts import CustomerWords
from refdesk.book.same_person import SamePerson
from refdesk.ui.form_dialog import FormDialog
from refdesk.ui.plain_text import escaped
from refdesk.ui.referral_dialogs import NEW_PERSON, PersonPicking


@dataclass(frozen=True)
class ScriptText:
    code: str
    label: str
    when: str


@dataclass(frozen=True)
class AskChoice:
    """What the ask dialog recorded."""

    on: dt.date
    project: str
    promised: str
    referred_id: int | None  # someone in the book
    new_name: str  # or a new person, typed
    new_email: str


def _label(text: str = "", *, rich: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    # Never squeezed below its text: the scripts' tabs give way instead.
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class AskDialog(PersonPicking, FormDialog):
    """Why the customer is ready, their words, three scripts, and the ask to record."""

    def __init__(self, name: str, *, on: dt.date, reasons: Sequence[str],
                 words: CustomerWords | None, scripts: Sequence[ScriptText],
                 filled: Callable[[str], dict[str, str]], people: list[tuple[int, str]],
                 same_people: Callable[[str, str], list[SamePerson]],
                 edit_scripts: Callable[[], None] | None = None,
                 date_warnings: Callable[[dt.date], list[str]] = lambda _day: [],
                 parent: QWidget | None = None):
        super().__init__(f"Ask {name} for a referral", parent, on=on,
                         intro="Ask for an action, not a contact: name the project you did "
                               "for them, assume the referral, and ask them to call or "
                               "email the person and tell you when they have.")
        self._filled, self._same_people = filled, same_people
        self._warned_for: tuple[str, str] | None = None  # the new person already warned about
        self.setMinimumWidth(560)
        intro_layout = self.layout()
        assert isinstance(intro_layout, QVBoxLayout)
        at = 1  # after the intro, before the form

        why = QGroupBox("Why now")
        self.reasons = _label("\n".join(f"• {r}" for r in reasons) or
                              "No reasons on record: check they have felt the benefit.")
        QVBoxLayout(why).addWidget(self.reasons)
        intro_layout.insertWidget(at, why)
        at += 1
        self.words = None
        if words is not None and words.may_quote and words.quote:
            box = QGroupBox(f"In their words (testimonial check, {words.checked_on:%d %b %Y})")
            self.words = _label(f"<i>“{escaped(words.quote)}”</i>", rich=True)
            QVBoxLayout(box).addWidget(self.words)
            intro_layout.insertWidget(at, box)
            at += 1

        self.scripts = QTabWidget()
        self.script_texts: dict[str, QLabel] = {}
        for script in scripts:
            page = QWidget()
            column = QVBoxLayout(page)
            when = _label(script.when)
            when.setEnabled(False)  # muted: a hint, not the words to say
            text = _label()
            text.setObjectName(f"script-{script.code}")
            column.addWidget(when)
            column.addWidget(text, 1)
            self.scripts.addTab(page, script.label)
            self.script_texts[script.code] = text
        self.scripts.setCurrentIndex(min(1, len(scripts) - 1))  # the ask itself
        intro_layout.insertWidget(at, self.scripts)
        if edit_scripts is not None:
            edit = QPushButton("Edit the scripts…")
            edit.setAutoDefault(False)
            edit.clicked.connect(edit_scripts)
            edit.clicked.connect(self.refresh_scripts)
            intro_layout.insertWidget(at + 1, edit, 0, Qt.AlignmentFlag.AlignRight)

        self.project = QLineEdit(placeholderText="the work you did for them, e.g. the office move")
        self.promised = QLineEdit(placeholderText="what they will do, e.g. email Fred this week")
        self.person = self._person_picker(people)
        self.person_hint = _label()
        self.new_name = QLineEdit(placeholderText="first and last name of the new person")
        self.new_name.setEnabled(False)
        self.new_email = QLineEdit(placeholderText="their e-mail, if you have it")
        self.new_email.setEnabled(False)
        self.duplicate = _label()
        self.duplicate.setObjectName("duplicate-warning")
        self.date_warning = _label()
        self.date_warning.setObjectName("date-warning")
        self.form.insertRow(0, "&Project", self.project)
        self.form.addRow("They &will", self.promised)
        self.form.addRow("Referred &person", self.person)
        self.form.addRow("", self.person_hint)
        self.form.setRowVisible(self.person_hint, False)
        self.form.addRow("&Name", self.new_name)
        self.form.addRow("&E-mail", self.new_email)
        self.form.addRow("", self.duplicate)
        self.form.setRowVisible(self.duplicate, False)
        # A day in the future, or before their first sale: said, not refused.
        self.form.insertRow(2, "", self.date_warning)

        def warn_date() -> None:
            words = date_warnings(self.day())
            self.date_warning.setText(" ".join(f"Note: {w}" for w in words))
            self.form.setRowVisible(self.date_warning, bool(words))

        self.date.dateChanged.connect(lambda _d: warn_date())
        warn_date()
        chain = [self.project, self.promised, self.person, self.new_name, self.new_email,
                 self.date, *self.buttons.buttons()]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)
        self.person.setCurrentIndex(0)
        self.person.editTextChanged.connect(self._person_edited)
        self.project.textChanged.connect(lambda _t: self.refresh_scripts())
        self.refresh_scripts()
        self.project.setFocus()

    def refresh_scripts(self) -> None:
        """Fill the scripts in again (the project typed, or the wording edited)."""
        for code, text in self._filled(self.project.text().strip()).items():
            if code in self.script_texts:
                self.script_texts[code].setText(text)

    def _person_edited(self, text: str) -> None:
        super()._person_edited(text)
        self.new_email.setEnabled(self.new_name.isEnabled())
        self.form.setRowVisible(self.duplicate, False)

    def accept(self) -> None:
        if self._refuse_unmatched():
            return
        if self.chosen_person() == NEW_PERSON:
            name, email = self.new_name.text().strip(), self.new_email.text().strip()
            if not name:
                self._show_duplicate("Type the new person's name, or pick “(not named yet)”.")
                self.new_name.setFocus()
                return
            if self._warned_for != (name, email):
                matches = self._same_people(name, email)
                if matches:
                    self._warned_for = (name, email)
                    listed = "; ".join(f"{m.name}{' — ' + m.company if m.company else ''} "
                                       f"({', '.join(m.reasons)})" for m in matches[:3])
                    self._show_duplicate(f"Already in the book? {listed}. Pick them above, "
                                         "or press OK again to add a new person.")
                    return
        super().accept()

    def _show_duplicate(self, text: str) -> None:
        self.duplicate.setText(text)
        self.form.setRowVisible(self.duplicate, True)

    def choice(self) -> AskChoice:
        person = self.chosen_person()
        new = person == NEW_PERSON
        return AskChoice(self.day(), self.project.text().strip(), self.promised.text().strip(),
                         None if new else person,
                         self.new_name.text().strip() if new else "",
                         self.new_email.text().strip() if new else "")
