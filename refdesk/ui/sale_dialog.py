"""Record a sale: date, amount, product."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

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
