"""The dialog for adding or editing one contact."""

from __future__ import annotations

import copy

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from refdesk.book.records import ContactData
from refdesk.domain.vocabulary import CONTACT_KINDS

_LINES = (("first_name", "&First name"), ("last_name", "&Last name"), ("company", "C&ompany"),
          ("title", "&Title"), ("email", "&Email"), ("phone", "&Phone"),
          ("street", "&Street"), ("city", "C&ity"), ("region", "State / &region"),
          ("postal_code", "Post&al code"), ("country", "Cou&ntry"), ("tags", "Ta&gs"))


class ContactDialog(QDialog):
    """Edits a ContactData; ``result_data()`` gives the edited copy."""

    def __init__(self, data: ContactData | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._original = data or ContactData()
        self.setWindowTitle("Edit Contact" if data and data.id else "New Contact")
        form = QFormLayout()
        self.kind = QComboBox()
        for code, label in CONTACT_KINDS.items():
            self.kind.addItem(label, code)
        self.kind.setCurrentIndex(max(0, self.kind.findData(self._original.kind)))
        form.addRow("&Kind", self.kind)
        self.fields: dict[str, QLineEdit] = {}
        for name, label in _LINES:
            edit = QLineEdit()
            edit.setObjectName(name)
            self.fields[name] = edit
            form.addRow(label, edit)
        self.fields["tags"].setPlaceholderText("comma separated, e.g. vip, local")
        self.notes = QPlainTextEdit(self._original.notes)
        self.notes.setFixedHeight(70)
        form.addRow("N&otes", self.notes)
        self._fill(self._original)

        self.problem = QLabel()
        self.problem.setStyleSheet("color: palette(highlight);")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        for name in ("first_name", "last_name", "company"):
            self.fields[name].textChanged.connect(self._validate)
        self._validate()

    def _fill(self, data: ContactData) -> None:
        values = {name: getattr(data, name, "") for name, _ in _LINES}
        values["email"] = data.emails[0][0] if data.emails else ""
        values["phone"] = data.phones[0][0] if data.phones else ""
        values["tags"] = ", ".join(data.tags)
        for name, edit in self.fields.items():
            edit.setText(values[name])

    def _validate(self) -> None:
        ok = any(self.fields[n].text().strip() for n in ("first_name", "last_name", "company"))
        need = "A contact needs a first name, a last name or a company."
        self.problem.setText("" if ok else need)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def result_data(self) -> ContactData:
        """The contact as edited (other emails and phones are kept)."""
        data = copy.deepcopy(self._original)
        data.kind = self.kind.currentData()
        for name, edit in self.fields.items():
            if name not in ("email", "phone", "tags"):
                setattr(data, name, edit.text().strip())
        email, phone = self.fields["email"].text().strip(), self.fields["phone"].text().strip()
        data.emails = ([(email, data.emails[0][1] if data.emails else "")] if email else []) \
            + data.emails[1:]
        data.phones = ([(phone, data.phones[0][1] if data.phones else "")] if phone else []) \
            + data.phones[1:]
        data.tags = [t.strip() for t in self.fields["tags"].text().split(",") if t.strip()]
        data.notes = self.notes.toPlainText()
        return data
