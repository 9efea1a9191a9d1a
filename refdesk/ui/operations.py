"""User actions on the book as undoable commands.

Each command does its work through the Book and announces what it touched
on the change bus, so undo and redo refresh views exactly as the edit did.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoCommand

from refdesk.book.contacts import Contacts
from refdesk.book.records import ContactData
from refdesk.errors import RefdeskError
from refdesk.store.removal import Removed
from refdesk.ui.context import AppContext


class BookCommand(QUndoCommand):
    """A change with its inverse: ``do()`` returns what ``undo(state)`` needs.

    ``contacts`` names the contacts the change touched, or derives them from
    the state when ``do()`` makes a contact (a new referred person).
    """

    def __init__(self, ctx: AppContext, text: str, do: Callable[[], Any],
                 undo: Callable[[Any], None], *, areas: tuple[str, ...] = ("activity",),
                 contacts: tuple[int, ...] | Callable[[Any], tuple[int, ...]] = ()):
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
            try:
                self.state = self._do()
            except RefdeskError as exc:
                self._history_lost("redone", exc)
                return
        self._done = False
        self._announce()

    def undo(self) -> None:
        try:
            self._undo(self.state)
        except RefdeskError as exc:
            self._history_lost("undone", exc)
            return
        self._announce()

    def _announce(self) -> None:
        touched = self._contacts
        if callable(touched):
            touched = touched(self.state)
        self._ctx.bus.emit_change(*self._areas, contacts=touched)

    def _history_lost(self, verb: str, exc: RefdeskError) -> None:
        # The book moved on under the undo stack (another program wrote to
        # it, or ids were reused): the steps left may no longer fit it, so
        # they are dropped rather than replayed against the wrong rows.
        ctx, text = self._ctx, (f"“{self.text()}” could not be {verb}: {exc}\n\n"
                                "The undo history was cleared.")
        ctx.bus.emit_change("book")  # show the book as it now is

        def after() -> None:  # not while the stack is still running this command
            ctx.undo.clear()
            ctx.bus.problem.emit(text)

        QTimer.singleShot(0, after)


def add_contact(ctx: AppContext, data: ContactData) -> BookCommand:
    """Add a contact; undo removes it again, redo brings back the same one
    (same id, so later steps on the stack still find it)."""
    contacts = ctx.book.contacts
    taken_back: list[Removed] = []

    def do() -> int:
        if not taken_back:
            return contacts.add(data)
        contact_id = _restore_as_before(contacts, taken_back[-1], data.display_name)
        taken_back.pop()
        return contact_id

    return BookCommand(ctx, f"Add {data.display_name}", do,
                       lambda contact_id: taken_back.append(contacts.delete(contact_id)),
                       areas=("contacts",), contacts=lambda contact_id: (contact_id,))


def delete_contact(ctx: AppContext, contact_id: int, name: str) -> BookCommand:
    """Delete a contact with all that is theirs; undo restores every row."""
    contacts = ctx.book.contacts
    # No contacts named: other contacts' reasons may name this one (a
    # referral they made), so the whole board is evaluated again.
    return BookCommand(ctx, f"Delete {name}", lambda: contacts.delete(contact_id),
                       lambda removed: _restore_as_before(contacts, removed, name),
                       areas=("contacts", "activity", "referrals"))


def _restore_as_before(contacts: Contacts, removed: Removed, name: str) -> int:
    """Restore a deleted contact; RefdeskError (after restoring) when it had to
    come back under new ids, which the other undo steps do not know."""
    contact_id = contacts.restore(removed)
    if contact_id != removed.row_id:
        raise RefdeskError(f"{name} is back, but under a new number, because the book "
                           "changed meanwhile (a card printed, an import…).")
    return contact_id


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
