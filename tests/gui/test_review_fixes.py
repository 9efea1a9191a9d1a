"""Undo restores exactly; user text stays text in Qt's rich-text widgets."""

from __future__ import annotations

from PySide6.QtGui import QTextDocument

from refdesk.book.records import ContactData
from refdesk.ui.plain_text import plain
from refdesk.ui.sale_dialog import PlantSeedDialog, SaleDialog


def test_undoing_a_sale_gives_a_prospect_back_their_kind(make_window, monkeypatch):
    window = make_window(contacts=10)
    cid = window.ctx.book.contacts.add(ContactData(first_name="Pat", kind="prospect"))

    def fill(dialog):
        dialog.amount.setText("1200")
        dialog.product.setCurrentText("Team plan")
        return 1

    monkeypatch.setattr(SaleDialog, "exec", fill)
    monkeypatch.setattr(PlantSeedDialog, "exec", lambda _dialog: 0)  # offered: not now
    window.actions_.record_sale(cid)
    assert window.ctx.book.contacts.get(cid).kind == "customer"
    window.ctx.undo.undo()
    assert window.ctx.book.contacts.get(cid).kind == "prospect"
    assert window.ctx.book.activity.sales(cid) == []


def test_plain_text_is_shown_as_typed_not_as_html(qapp):
    hostile = 'Bob <img src="file:///etc/passwd"> & <b>co</b>\nline two'
    document = QTextDocument()
    document.setHtml(plain(hostile))
    assert document.toPlainText() == hostile
    assert "<img" not in plain(hostile)
