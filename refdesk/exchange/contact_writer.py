"""Adding many imported contacts at once: one prepared statement per table.

``Contacts.add`` costs a savepoint and a Peewee query per row, most of an
import's time at 20,000 contacts; here every row of a table goes through
one statement. The columns come from the Contact model, so a column a
later migration adds takes its model default without code here.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress

from peewee import PeeweeException

from refdesk.book import Book
from refdesk.book.records import ContactData
from refdesk.errors import RefdeskError

# A trigger whose whole body is the revision bump (refdesk/store/migrations).
_REVISION_ONLY = re.compile(r"BEGIN\s+UPDATE book_meta SET revision = revision \+ 1 "
                            r"WHERE id = 1;\s*END\s*$", re.IGNORECASE)
PROGRESS_EVERY = 200  # contacts between progress calls: often enough for a bar


def add_contacts(book: Book, contacts: Sequence[ContactData], *,
                 progress: Callable[[int, int], None] | None = None,
                 total: int | None = None) -> list[int]:
    """Add ``contacts`` (kind, name and tags checked) inside the caller's
    transaction; their new ids, in order. ``progress(done, total)`` is called
    every PROGRESS_EVERY contacts and at the end."""
    if not book.db.in_transaction():
        raise RuntimeError("add_contacts() must run inside the import's transaction")
    if not contacts:
        return []  # nothing written: the revision stays
    with _one_revision_bump(book):
        return _add(book, contacts, progress, len(contacts) if total is None else total)


@contextmanager
def _one_revision_bump(book: Book) -> Iterator[None]:
    """Bump the book's revision once for the whole import, not once a row.

    The store's revision triggers cost two thirds of writing 20,000 contacts
    (an UPDATE of book_meta for each of 60,000 rows). Inside the import's
    transaction they are dropped and made again from their own SQL; DDL is
    transactional in SQLite, so a failure or a kill brings them back with
    the rollback, and no other connection ever sees the book without them.
    Only triggers that do nothing but bump the revision are touched.
    """
    tables = ("contact", "contact_email", "contact_phone", "contact_tag", "tag")
    marks = ", ".join("?" * len(tables))
    triggers = [(name, sql) for name, sql in book.db.execute_sql(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ({marks})",
        tables).fetchall() if _REVISION_ONLY.search(sql)]
    for name, _ in triggers:
        book.db.execute_sql(f'DROP TRIGGER "{name}"')
    try:
        yield
    except BaseException:
        # The caller rolls back, which brings them back; made again here too,
        # in case it went on to commit.
        with suppress(sqlite3.Error, PeeweeException):
            for _, sql in triggers:
                book.db.execute_sql(sql)
        raise
    for _, sql in triggers:
        book.db.execute_sql(sql)
    if triggers:
        book.db.execute_sql("UPDATE book_meta SET revision = revision + 1 WHERE id = 1")


def _add(book: Book, contacts: Sequence[ContactData],
         progress: Callable[[int, int], None] | None, total: int) -> list[int]:
    m = book.models
    fields = [f for f in m.Contact._meta.sorted_fields if not f.primary_key]
    template = {}
    for f in fields:  # every other column's default, once (created_at: one moment for all)
        default = f.default() if callable(f.default) else f.default
        value = f.db_value(default)
        # As sqlite3's adapter would write it, once rather than per row.
        template[f.column_name] = value.isoformat(" ") if isinstance(value, dt.datetime) \
            else value
    given = [f.column_name for f in fields if hasattr(ContactData, f.name)
             and f.name not in ("id", "referred_by")]
    columns = list(template)
    # The bare sqlite3 cursor: the book's wrapper names errors for the user,
    # which the importer does itself, and costs a call per row.
    cursor = book.db.connection().cursor()
    # The caller's IMMEDIATE transaction holds the write lock, so the ids
    # after the highest are ours: every contact goes in one executemany.
    next_id = cursor.execute('SELECT coalesce(max(id), 0) FROM "contact"').fetchone()[0] + 1
    columns = ["id", *columns]
    contact_sql = (f'INSERT INTO "contact" ({", ".join(map(_quote, columns))}) '
                   f'VALUES ({", ".join("?" * len(columns))})')
    rows: list[list[object]] = []
    ids: list[int] = []
    emails, phones, tags = [], [], []
    tag_names: dict[str, None] = {}
    # Each row starts as the defaults, in column order; the contact's fields
    # go in by position (a dict a row cost a fifth of the write).
    defaults = [None, *template.values()]
    slots = [(columns.index(c), c, c != "notes") for c in given]
    referrer = columns.index("referred_by_id")
    for done, data in enumerate(contacts, start=1):
        if not (data.first_name.strip() or data.last_name.strip() or data.company.strip()):
            raise RefdeskError(f"{data.display_name or 'a contact'} has no first name, "
                               "last name or company")
        row = defaults.copy()
        for index, column, strip in slots:
            value = getattr(data, column)
            row[index] = value.strip() if strip else value
        row[referrer] = data.referred_by
        contact_id = row[0] = next_id + done - 1
        rows.append(row)
        ids.append(contact_id)
        emails += [(contact_id, a.strip(), label, int(i == 0))
                   for i, (a, label) in enumerate(data.emails) if a.strip()]
        phones += [(contact_id, n.strip(), label, int(i == 0))
                   for i, (n, label) in enumerate(data.phones) if n.strip()]
        if data.tags:
            for name in dict.fromkeys(t.strip() for t in data.tags if t.strip()):
                tags.append((contact_id, name))
                tag_names[name] = None
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == len(contacts)):
            cursor.executemany(contact_sql, rows)  # written as it goes: progress is real
            rows.clear()
            progress(done, total)
    cursor.executemany(contact_sql, rows)
    cursor.executemany('INSERT INTO "contact_email" (contact_id, address, label, preferred) '
                       "VALUES (?, ?, ?, ?)", emails)
    cursor.executemany('INSERT INTO "contact_phone" (contact_id, number, label, preferred) '
                       "VALUES (?, ?, ?, ?)", phones)
    if tags:
        tag_ids = _tag_ids(book, list(tag_names))
        cursor.executemany('INSERT INTO "contact_tag" (contact_id, tag_id) VALUES (?, ?)',
                           [(cid, tag_ids[name]) for cid, name in tags])
    return ids


def _tag_ids(book: Book, names: list[str]) -> dict[str, int]:
    m = book.models
    known = {}
    for start in range(0, len(names), 500):  # SQLite's limit on bound values
        chunk = names[start:start + 500]
        known.update(m.Tag.select(m.Tag.name, m.Tag.id).where(m.Tag.name.in_(chunk)).tuples())
    for name in names:
        if name not in known:
            known[name] = m.Tag.insert(name=name).execute()
    return known


def _quote(column: str) -> str:
    return f'"{column}"'
