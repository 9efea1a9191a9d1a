"""The testimonial check (method §5): three questions and a 0-10 score."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QCheckBox, QPlainTextEdit, QSpinBox, QWidget

from refdesk.ui.form_dialog import FormDialog


class TestimonialDialog(FormDialog):
    """Ask for a testimonial, not a referral, and record the answers."""

    def __init__(self, name: str, parent: QWidget | None = None, *, on: dt.date):
        super().__init__(f"Testimonial check with {name}", parent, on=on,
                         intro="Ask for a testimonial, not a referral. Complaints mean "
                               "not ready; praise is a green light and a quote worth keeping.")
        self.done_right = QPlainTextEdit()
        self.do_better = QPlainTextEdit()
        self.would_refer = QPlainTextEdit()
        for edit in (self.done_right, self.do_better, self.would_refer):
            edit.setFixedHeight(54)
        self.score = QSpinBox()
        self.score.setRange(-1, 10)
        self.score.setSpecialValueText("no score")
        self.score.setValue(-1)
        self.may_quote = QCheckBox("They allow me to quote them")
        self.form.addRow("What have we done &right so far?", self.done_right)
        self.form.addRow("What could we do &better?", self.do_better)
        self.form.addRow("What would it take to &refer others?", self.would_refer)
        self.form.addRow("&Score (0-10)", self.score)
        self.form.addRow("", self.may_quote)

    def score_value(self) -> int | None:
        return None if self.score.value() < 0 else self.score.value()
