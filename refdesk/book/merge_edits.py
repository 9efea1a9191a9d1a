"""Merging two contacts of a book into one, and an import that merges, as
undoable edits (see refdesk.book.edits).

Merging keeps one contact: it gains the other's fields where its own are
empty, and the other's e-mails, phones and tags; everything that pointed at
the other (sales, touchpoints, referrals either way, cards, rewards...)
points at the kept one; then the other is deleted. The keys that point at a
contact are read from SQLite, so a table a later migration adds moves too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from refdesk.book.edits import Edit
from refdesk.book.records import ContactData
from refdesk.errors import RefdeskError
from refdesk.exchange.merging import merge_into
from refdesk.store.removal import Removed

if TYPE_CHECKING:
    from refdesk.book import Book

# A contact's own rows: rewritten from the merged fields, not moved.
_OWN_ROWS = {"contact_email", "contact_phone", "contact_tag"}


@dataclass
class Merged:
    """What a merge did, for its undo."""

    kept_before: ContactData
    moved: list[tuple[str, str, list[int]]]  # table, column, ids of rows that pointed at other
    removed: Removed  # the other contact, as deleted


def merge_preview(book: Book, kept_id: int, other_id: int) -> list[str]:
    """What the kept contact would gain (fields, e-mails, phones, tags)."""
    kept = book.contacts.get(kept_id)
    return merge_into(kept, book.contacts.get(other_id))


def merge_contacts(book: Book, kept_id: int, other_id: int) -> Edit:
    """Merge contact ``other_id`` into ``kept_id``; undo brings the other back
    with everything that was theirs, and the kept one as it was."""
    if kept_id == other_id:
        raise RefdeskError("Choose two different contacts to merge.")
    kept_name = book.contacts.get(kept_id).display_name
    other_name = book.contacts.get(other_id).display_name

    def do() -> Merged:
        with book.atomic():
            before = book.contacts.get(kept_id)
            other = book.contacts.get(other_id)
            merged = book.contacts.get(kept_id)
            merge_into(merged, other)
            if merged.referred_by == other_id:  # referred by the one they now are
                merged.referred_by = other.referred_by if other.referred_by != kept_id \
                    else None
            moved = []
            for table, column in _contact_keys(book):
                if table in _OWN_ROWS:
                    continue
                ids = [r[0] for r in book.db.execute_sql(
                    f'SELECT id FROM "{table}" WHERE "{column}" = ?', (other_id,))]
                if ids:
                    book.db.execute_sql(f'UPDATE "{table}" SET "{column}" = ? WHERE '
                                        f'"{column}" = ?', (kept_id, other_id))
                    moved.append((table, column, ids))
            book.contacts.update(kept_id, merged)
            removed = book.contacts.delete(other_id)
        return Merged(before, moved, removed)

    def undo(state: Merged) -> None:
        if book.contacts.restore(state.removed) != other_id:
            raise RefdeskError(f"{other_name} is back, but under a new number, because the "
                               "book changed meanwhile.")
        with book.atomic():
            for table, column, ids in state.moved:
                marks = ", ".join("?" * len(ids))
                book.db.execute_sql(f'UPDATE "{table}" SET "{column}" = ? WHERE id IN '
                                    f"({marks})", (other_id, *ids))
            book.contacts.update(kept_id, state.kept_before)

    return Edit(f"Merge {other_name} into {kept_name}", do, undo,
                areas=("contacts", "activity", "referrals"), contacts=(kept_id,))


def import_merging(book: Book, label: str, run: Callable[[], tuple[Sequence[int],
                                                                    dict[int, ContactData]]],
                   *, tag: str | None = None) -> Edit:
    """An import that adds contacts and merges into known ones: ``run`` does it
    (all or none) and returns the added ids and the merged contacts as they
    were before. Undo deletes those added and puts the merged back as they
    were; redo brings the same rows back (the file is not read again)."""
    taken_back: list[tuple[list[Removed], list[tuple[int, str]], dict[int, ContactData]]] = []

    def do() -> tuple[list[int], dict[int, tuple[ContactData, ContactData]]]:
        if not taken_back:
            added, before = run()
            return list(added), {cid: (data, book.contacts.get(cid))
                                 for cid, data in before.items()}
        removed, dropped, after = taken_back[-1]
        book.contacts.put_back_tags(dropped)  # the import's tag, before its contacts
        ids = [book.contacts.restore(row) for row in removed]  # each its own transaction
        if ids != [row.row_id for row in removed]:
            raise RefdeskError(f"{label}: the contacts are back under new numbers, because "
                               "the book changed meanwhile.")
        with book.atomic():
            merged = {cid: (book.contacts.get(cid), data) for cid, data in after.items()}
            for cid, data in after.items():
                book.contacts.update(cid, data)
        taken_back.pop()
        return ids, merged

    def undo(state: tuple[list[int], dict[int, tuple[ContactData, ContactData]]]) -> None:
        added, merged = state
        with book.atomic():
            for cid, (before, _after) in merged.items():
                book.contacts.update(cid, before)
            removed = [book.contacts.delete(cid) for cid in added]
            dropped = book.contacts.drop_unused_tags([tag] if tag else [])
        taken_back.append((removed, dropped, {cid: after for cid, (_, after)
                                              in merged.items()}))

    return Edit(label, do, undo, areas=("contacts",),
                contacts=lambda state: tuple(state[1]) if state else ())


def _contact_keys(book: Book) -> list[tuple[str, str]]:
    """(table, column) of every foreign key that points at a contact."""
    tables = [r[0] for r in book.db.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return [(t, fk[3]) for t in tables
            for fk in book.db.execute_sql(f'PRAGMA foreign_key_list("{t}")')
            if fk[2] == "contact"]
