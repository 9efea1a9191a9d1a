"""User actions on the book as undoable commands.

Each command does its work through the Book and announces what it touched
on the change bus, so undo and redo refresh views the same way as the edit.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from refdesk.book.records import ContactData
from refdesk.ui.context import AppContext


class AddContact(QUndoCommand):
    """Add a contact; undo removes it again."""

    def __init__(self, ctx: AppContext, data: ContactData):
        super().__init__(f"Add {data.display_name}")
        self._ctx, self._data = ctx, data
        self.contact_id: int | None = None

    def redo(self) -> None:
        self.contact_id = self._ctx.book.contacts.add(self._data)
        self._ctx.bus.emit_change("contacts")

    def undo(self) -> None:
        if self.contact_id is not None:
            self._ctx.book.contacts.delete(self.contact_id)
            self._ctx.bus.emit_change("contacts")


class EditContact(QUndoCommand):
    """Replace a contact's fields; undo puts the old ones back."""

    def __init__(self, ctx: AppContext, before: ContactData, after: ContactData):
        super().__init__(f"Edit {after.display_name}")
        self._ctx, self._before, self._after = ctx, before, after

    def redo(self) -> None:
        self._ctx.book.contacts.update(self._after.id, self._after)
        self._ctx.bus.emit_change("contacts")

    def undo(self) -> None:
        self._ctx.book.contacts.update(self._before.id, self._before)
        self._ctx.bus.emit_change("contacts")
