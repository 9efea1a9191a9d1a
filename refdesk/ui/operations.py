"""User actions on the book as undoable commands.

Each command does its work through the Book and announces what it touched
on the change bus, so undo and redo refresh views exactly as the edit did.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

from refdesk.book.records import ContactData
from refdesk.store.removal import Removed
from refdesk.ui.context import AppContext


class BookCommand(QUndoCommand):
    """A change with its inverse: ``do()`` returns what ``undo(state)`` needs."""

    def __init__(self, ctx: AppContext, text: str, do: Callable[[], Any],
                 undo: Callable[[Any], None], *, areas: tuple[str, ...] = ("activity",),
                 contacts: tuple[int, ...] = ()):
        super().__init__(text)
        self._ctx, self._do, self._undo = ctx, do, undo
        self._areas, self._contacts = areas, contacts
        self.state: Any = None
        self._done = False

    def perform(self) -> None:
        """Do the change now, then put it on the undo stack. A RefdeskError
        from the book propagates and nothing is pushed."""
        self.state = self._do()
        self._done = True
        self._ctx.undo.push(self)  # push() calls redo(), which sees _done

    def redo(self) -> None:
        if not self._done:
            self.state = self._do()
        self._done = False
        self._ctx.bus.emit_change(*self._areas, contacts=self._contacts)

    def undo(self) -> None:
        self._undo(self.state)
        self._ctx.bus.emit_change(*self._areas, contacts=self._contacts)


def add_contact(ctx: AppContext, data: ContactData) -> BookCommand:
    """Add a contact; undo removes it again, redo brings back the same one
    (same id, so later steps on the stack still find it)."""
    contacts = ctx.book.contacts
    taken_back: list[Removed] = []

    def do() -> int:
        return contacts.restore(taken_back.pop()) if taken_back else contacts.add(data)

    return BookCommand(ctx, f"Add {data.display_name}", do,
                       lambda contact_id: taken_back.append(contacts.delete(contact_id)),
                       areas=("contacts",))


def delete_contact(ctx: AppContext, contact_id: int, name: str) -> BookCommand:
    """Delete a contact with all that is theirs; undo restores every row."""
    contacts = ctx.book.contacts
    # No contacts named: other contacts' reasons may name this one (a
    # referral they made), so the whole board is evaluated again.
    return BookCommand(ctx, f"Delete {name}", lambda: contacts.delete(contact_id),
                       contacts.restore, areas=("contacts", "activity", "referrals"))


def edit_contact(ctx: AppContext, before: ContactData, after: ContactData) -> BookCommand:
    """Replace a contact's fields; undo puts the old ones back."""
    contacts = ctx.book.contacts
    return BookCommand(ctx, f"Edit {after.display_name}",
                       lambda: contacts.update(after.id, after),
                       lambda _: contacts.update(before.id, before),
                       areas=("contacts",), contacts=(after.id,))


def tag_contacts(ctx: AppContext, contact_ids: list[int], tag: str) -> BookCommand:
    """Tag many contacts; undo removes the tag from those that did not have it."""
    contacts = ctx.book.contacts
    return BookCommand(ctx, f"Tag {len(contact_ids)} contacts “{tag}”",
                       lambda: contacts.add_tag(contact_ids, tag),
                       lambda added: contacts.remove_tag(added, tag),
                       areas=("contacts",), contacts=tuple(contact_ids))
