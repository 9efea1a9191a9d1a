"""Every change a user can make to a book, as an edit that knows its inverse.

An ``Edit`` is built by one of the functions below, beside the Book calls
it makes; ``apply()`` does it and keeps what ``revert()`` needs. The window's
undo stack only wraps edits (so does ``History`` for scripts and tests): the
reverse of each change is written once, here, without Qt.

An edit that no longer fits the book (another program changed the rows it
would touch) raises RefdeskError from ``revert()`` or a second ``apply()``;
the caller then drops its history rather than replay it on the wrong rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from refdesk.book.records import AskPlanData, ContactData, ReferralRecord
from refdesk.errors import RefdeskError
from refdesk.store.removal import Removed, put_back, remove

if TYPE_CHECKING:
    from refdesk.book import Book

Touched = tuple[int, ...] | Callable[[Any], tuple[int, ...]]


@dataclass
class Edit:
    """A change with its inverse: ``do()`` returns what ``undo(state)`` needs.

    ``areas`` ("contacts", "activity", "referrals", "settings") and
    ``contacts`` say what the change touched, so views refresh only that;
    ``contacts`` may be derived from the state (a contact the edit made).
    """

    label: str
    do: Callable[[], Any]
    undo: Callable[[Any], None]
    areas: tuple[str, ...] = ("activity",)
    contacts: Touched = ()
    state: Any = field(default=None, init=False)

    def apply(self) -> Any:
        """Do the change (again, after a revert); its state."""
        self.state = self.do()
        return self.state

    def revert(self) -> None:
        """Undo the change done by the last apply()."""
        self.undo(self.state)

    def touched(self) -> tuple[int, ...]:
        """The contacts the change concerns (empty: maybe all)."""
        return self.contacts(self.state) if callable(self.contacts) else self.contacts


class History:
    """Undo and redo of edits without a window: for scripts and tests (the
    window keeps its own stack of the same edits)."""

    def __init__(self) -> None:
        self._done: list[Edit] = []
        self._undone: list[Edit] = []

    def perform(self, edit: Edit) -> Any:
        """Apply ``edit`` and remember it; a RefdeskError leaves no trace."""
        state = edit.apply()
        self._done.append(edit)
        self._undone.clear()
        return state

    def undo(self) -> Edit | None:
        """Revert the last edit; None when there is nothing to undo."""
        if not self._done:
            return None
        edit = self._done.pop()
        try:
            edit.revert()
        except RefdeskError:
            self.clear()  # the book moved on: the rest no longer fits it either
            raise
        self._undone.append(edit)
        return edit

    def redo(self) -> Edit | None:
        """Apply the last undone edit again; None when there is none."""
        if not self._undone:
            return None
        edit = self._undone.pop()
        try:
            edit.apply()
        except RefdeskError:
            self.clear()
            raise
        self._done.append(edit)
        return edit

    def clear(self) -> None:
        self._done.clear()
        self._undone.clear()

    def can_undo(self) -> bool:
        return bool(self._done)

    def can_redo(self) -> bool:
        return bool(self._undone)


# -- contacts -----------------------------------------------------------------

def _restore_as_before(book: Book, removed: Removed, name: str) -> int:
    """Restore a deleted contact; RefdeskError (after restoring) when it had to
    come back under new ids, which the other undo steps do not know."""
    contact_id = book.contacts.restore(removed)
    if contact_id != removed.row_id:
        raise RefdeskError(f"{name} is back, but under a new number, because the book "
                           "changed meanwhile (a card printed, an import…).")
    return contact_id


def add_contact(book: Book, data: ContactData) -> Edit:
    """Add a contact; undo removes it again, redo brings back the same one
    (same id, so later steps still find it)."""
    taken_back: list[Removed] = []

    def do() -> int:
        if not taken_back:
            return book.contacts.add(data)
        contact_id = _restore_as_before(book, taken_back[-1], data.display_name)
        taken_back.pop()
        return contact_id

    return Edit(f"Add {data.display_name}", do,
                lambda contact_id: taken_back.append(book.contacts.delete(contact_id)),
                areas=("contacts",), contacts=lambda contact_id: (contact_id,))


def delete_contact(book: Book, contact_id: int) -> Edit:
    """Delete a contact with all that is theirs; undo restores every row."""
    name = book.contacts.get(contact_id).display_name
    return Edit(f"Delete {name}", lambda: book.contacts.delete(contact_id),
                lambda removed: _restore_as_before(book, removed, name),
                areas=("contacts", "activity", "referrals"),
                contacts=touched_by_deleting(book, [contact_id]))


def touched_by_deleting(book: Book, contact_ids: Sequence[int]) -> tuple[int, ...]:
    """The contacts, and those whose reasons may name them: the other side of
    each referral, and who referred them. Those are evaluated again, not the
    whole board, so the cards leave at once."""
    return tuple(sorted(set(contact_ids) | book.archive.neighbours(contact_ids)))


def edit_contact(book: Book, after: ContactData) -> Edit:
    """Replace a contact's fields (``after.id`` says whose); undo puts the old back."""
    before = book.contacts.get(after.id)
    brought = set(after.tags) - set(book.contacts.tags())  # tag names new to the book
    dropped: list[tuple[int, str]] = []

    def do() -> None:
        with book.atomic():
            book.contacts.put_back_tags(dropped)  # a redo: the same tag rows again
            book.contacts.update(after.id, after)

    def undo(_: None) -> None:
        with book.atomic():
            book.contacts.update(before.id, before)
            dropped[:] = book.contacts.drop_unused_tags(brought)

    return Edit(f"Edit {after.display_name}", do, undo, areas=("contacts",),
                contacts=(after.id,))


def tag_contacts(book: Book, contact_ids: Sequence[int], tag: str) -> Edit:
    """Tag many contacts; undo removes the tag from those that did not have it."""
    ids = list(contact_ids)
    dropped: list[tuple[int, str]] = []

    def do() -> list[int]:
        with book.atomic():
            book.contacts.put_back_tags(dropped)  # a redo: the same tag row again
            return book.contacts.add_tag(ids, tag)

    def undo(added: list[int]) -> None:
        with book.atomic():
            book.contacts.remove_tag(added, tag)
            dropped[:] = book.contacts.drop_unused_tags([tag])

    return Edit(f"Tag {len(ids)} contacts “{tag}”", do, undo, areas=("contacts",),
                contacts=tuple(ids))


# -- activity -----------------------------------------------------------------

def log_touchpoint(book: Book, contact_id: int, kind: str, on: dt.date, *, note: str = "",
                   resolves: int | None = None) -> Edit:
    """Log a touchpoint (optionally resolving a complaint); undo deletes it."""
    activity = book.activity
    return Edit(f"Log {kind.replace('_', ' ')}",
                lambda: activity.log_touchpoint(contact_id, kind, on, note=note,
                                                resolves=resolves),
                activity.delete_touchpoint, contacts=(contact_id,))


def record_sale(book: Book, contact_id: int, on: dt.date, amount: str, *, product: str = "",
                currency: str = "USD") -> Edit:
    """Record a sale (a prospect becomes a customer); undo gives back their kind."""
    kind_before = book.contacts.get(contact_id).kind

    def undo(sale_id: int) -> None:
        with book.atomic():
            book.activity.delete_sale(sale_id)
            book.contacts.set_kind(contact_id, kind_before)

    return Edit("Record sale",
                lambda: book.activity.add_sale(contact_id, on, amount, product=product,
                                               currency=currency),
                undo, areas=("activity", "contacts"), contacts=(contact_id,))


def testimonial_check(book: Book, contact_id: int, on: dt.date, **values: Any) -> Edit:
    """Record a testimonial check's answers; undo deletes it."""
    activity = book.activity
    return Edit("Record testimonial check",
                lambda: activity.add_testimonial_check(contact_id, on, **values),
                activity.delete_testimonial_check, contacts=(contact_id,))


# -- referrals ----------------------------------------------------------------

def ask(book: Book, contact_id: int, on: dt.date, *, project: str = "",
        promised: str = "") -> Edit:
    """Record an ask (a referral at ``asked``); undo deletes it."""
    referrals = book.referrals
    return Edit("Ask for a referral",
                lambda: referrals.ask(contact_id, on, project=project,
                                      promised_action=promised),
                referrals.delete, areas=("referrals",), contacts=(contact_id,))


def advance_referral(book: Book, before: ReferralRecord, stage: str, on: dt.date, *,
                     note: str = "", referred_id: int | None = None,
                     new_name: str = "") -> Edit:
    """Move a referral to ``stage``, naming the referred person: one in the
    book (``referred_id``) or a new one (``new_name``); undo moves it back and
    removes a person it made."""
    from refdesk.domain.vocabulary import REFERRAL_STAGES

    referrer = before.referrer_id
    taken_back: list[Removed] = []  # the person made, while undone: redo brings them back

    def do() -> tuple[Any, int | None, int | None]:
        referred, made = referred_id, None
        if taken_back:  # restoring runs a transaction of its own: before ours
            referred = made = _restore_as_before(book, taken_back[-1], new_name)
            taken_back.pop()
        with book.atomic():
            if new_name and made is None:
                first, _, last = new_name.partition(" ")
                referred = made = book.contacts.add(ContactData(
                    kind="referred", first_name=first, last_name=last, referred_by=referrer))
            created = book.referrals.advance(before.id, stage, on, note=note,
                                             referred_id=referred)
        return created, made, referred

    def undo(state: tuple[Any, int | None, int | None]) -> None:
        created, made, _referred = state
        with book.atomic():
            book.referrals.undo_advance(before.id, before, created)
            if made is not None:
                taken_back.append(book.contacts.delete(made))

    # The referred people too: a new one, or another than before.
    return Edit(f"Move referral to {REFERRAL_STAGES[stage]}", do, undo,
                areas=("referrals", "contacts"),
                contacts=lambda state: tuple({referrer, state[2], before.referred_id}
                                             - {None}))


def complete_follow_up(book: Book, contact_id: int, follow_up_id: int, on: dt.date,
                       label: str = "follow-up") -> Edit:
    """Mark a follow-up done on ``on``; undo makes it open again."""
    referrals = book.referrals
    return Edit(f"Mark “{label}” done", lambda: referrals.complete_follow_up(follow_up_id, on),
                lambda _: referrals.complete_follow_up(follow_up_id, None),
                areas=("referrals",), contacts=(contact_id,))


# -- cards --------------------------------------------------------------------

SENT_AREAS = ("referrals", "activity")  # a sent card completes a follow-up: the board moves


def mark_sent(book: Book, card_ids: Sequence[int], on: dt.date, contacts: Sequence[int] = (),
              *, write_card: Callable[[], int] | None = None) -> Edit:
    """Mark cards sent (completing their follow-ups); undo makes them unsent again.

    ``write_card`` first records a card that was never printed, and undo removes it.
    """
    taken_back: list[Removed] = []  # the card written, while undone: redo restores it

    def do() -> tuple[list[tuple[int, int | None]], int | None]:
        written = None
        if taken_back:  # restoring runs a transaction of its own: before ours
            written = put_back(book.db, taken_back.pop())
        with book.atomic():
            if written is None and write_card is not None:
                written = write_card()
            ids = [*card_ids, written] if written is not None else list(card_ids)
            return [(cid, book.cards.mark_sent(cid, on)) for cid in ids], written

    def undo(state: tuple[list[tuple[int, int | None]], int | None]) -> None:
        done, written = state
        with book.atomic():
            for card_id, follow_up in done:
                book.cards.unmark_sent(card_id, follow_up)
            if written is not None:
                taken_back.append(remove(book.db, "card", written))

    count = len(card_ids) + (1 if write_card is not None else 0)
    text = "Mark card sent" if count == 1 else f"Mark {count} cards sent"
    return Edit(text, do, undo, areas=SENT_AREAS, contacts=tuple(contacts))


# -- settings -----------------------------------------------------------------

def set_settings(book: Book, label: str, values: dict[str, Any]) -> Edit:
    """Store book settings; undo puts the old values back."""
    settings = book.settings
    before = {key: settings.get(key) for key in values}

    def put(chosen: dict[str, Any]) -> None:
        with book.atomic():
            for key, value in chosen.items():
                settings.set(key, value)

    return Edit(label, lambda: put(values), lambda _: put(before), areas=("settings",))


def set_ask_plan(book: Book, plan: AskPlanData) -> Edit:
    """Store an ask plan (product "" is the book's default); undo restores the
    plan the product had, or its following the default."""
    settings = book.settings
    had_own = not plan.product or any(p.product == plan.product
                                      for p in settings.ask_plans())
    before = settings.ask_plan(plan.product)

    def undo(_: None) -> None:
        if had_own:
            settings.set_ask_plan(before)
        else:
            settings.remove_ask_plan(plan.product)

    what = f"the ask plan for {plan.product}" if plan.product else "the ask plan"
    return Edit(f"Change {what}", lambda: settings.set_ask_plan(plan), undo,
                areas=("settings",))


def remove_ask_plan(book: Book, product: str) -> Edit:
    """A product follows the default plan again; undo gives it its own back."""
    settings = book.settings

    def undo(removed: Removed | None) -> None:
        if removed is not None:  # None: the product followed the default all along
            settings.restore_ask_plan(removed)

    return Edit(f"Remove the ask plan for {product}",
                lambda: settings.remove_ask_plan(product), undo, areas=("settings",))


# -- import -------------------------------------------------------------------

def import_contacts(book: Book, label: str, run: Callable[[], Sequence[int]], *,
                    tag: str | None = None) -> Edit:
    """An import (``run`` adds the contacts, all or none, and returns their
    ids, tagging them ``tag``); undo deletes exactly those, redo brings the
    same rows back (the file is not read again)."""
    taken_back: list[tuple[list[Removed], list[tuple[int, str]]]] = []

    def do() -> list[int]:
        if not taken_back:
            return list(run())
        removed, dropped = taken_back[-1]
        book.contacts.put_back_tags(dropped)  # the import's tag, before its contacts
        # One contact at a time: restoring runs a transaction of its own.
        ids = [_restore_as_before(book, row, label) for row in removed]
        taken_back.pop()
        return ids

    def undo(added: Sequence[int]) -> None:
        with book.atomic():
            removed = [book.contacts.delete(contact_id) for contact_id in added]
            dropped = book.contacts.drop_unused_tags([tag] if tag else [])
        taken_back.append((removed, dropped))

    return Edit(label, do, undo, areas=("contacts",))
