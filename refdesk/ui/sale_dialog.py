"""Record a sale (date, amount, product), then plant the seed for a referral."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLabel, QLineEdit, QWidget

from refdesk.ui.form_dialog import FormDialog


class SaleDialog(FormDialog):
    """Amount and product of a sale; the ask plan follows the product."""

    def __init__(self, name: str, products: list[str], parent: QWidget | None = None, *,
                 on: dt.date):
        super().__init__(f"Record a sale to {name}", parent, on=on,
                         intro="At the close, thank them and plant the seed: you'll ask "
                               "later who else should work with you.")
        self.amount = QLineEdit(placeholderText="e.g. 2400.00")
        self.product = QComboBox()
        self.product.setEditable(True)
        self.product.addItems(products)
        self.product.setCurrentText("")
        self.currency = QLineEdit("USD")
        self.currency.setMaxLength(3)
        self.form.addRow("&Amount", self.amount)
        self.form.addRow("&Product", self.product)
        self.form.addRow("&Currency", self.currency)


class PlantSeedDialog(FormDialog):
    """Right after the sale (method §4): thank them, promise to earn it, and say
    you will later ask who else should work with you. OK logs the conversation."""

    def __init__(self, name: str, script: str, parent: QWidget | None = None, *,
                 on: dt.date):
        super().__init__(f"Plant the seed with {name}", parent, on=on,
                         intro="Don't ask for names at the close. Say something like:")
        self.script = QLabel(script)
        self.script.setWordWrap(True)
        self.script.setObjectName("plant-seed-script")
        self.script.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.script.setStyleSheet("font-style: italic")
        self.note = QLineEdit(placeholderText="how they took it, in a few words")
        self.form.insertRow(0, self.script)
        self.form.addRow("&Note", self.note)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Log the Conversation")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Not Now")
        self.setMinimumWidth(460)
