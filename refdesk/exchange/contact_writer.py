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
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from functools import partial
from itertools import compress, repeat
from operator import itemgetter

from peewee import Field, PeeweeException

from refdesk.book import Book
from refdesk.book.records import ContactData
from refdesk.domain.names import display_name
from refdesk.errors import RefdeskError
from refdesk.exchange.read_columns import ReadColumns

# A trigger whose whole body is the revision bump (refdesk/store/migrations).
_REVISION_ONLY = re.compile(r"BEGIN\s+UPDATE book_meta SET revision = revision \+ 1 "
                            r"WHERE id = 1;\s*END\s*$", re.IGNORECASE)
PROGRESS_EVERY = 200  # contacts between progress calls: often enough for a bar
ROWS_A_STATEMENT = 100  # rows inserted by one statement (see _insert_rows)
# Contacts added, against the contacts there, from which the contact tables'
# indexes are made after the inserts (see _indexes_made_after).
REBUILD_WHEN = 1.0
_TRIGGERED = ("contact", "contact_email", "contact_phone", "contact_tag", "tag")
_INDEXED = ("contact", "contact_email", "contact_phone")


def add_contacts(book: Book, contacts: Sequence[ContactData], *,
                 progress: Callable[[int, int], None] | None = None,
                 total: int | None = None, kind: str | None = None, tag: str = "",
                 phones: Callable[[list[tuple[str, str]]], list[tuple[str, str]]] | None = None,
                 ) -> list[int]:
    """Add ``contacts`` (kind, name and tags checked) inside the caller's
    transaction; their new ids, in order. ``progress(done, total)`` is called
    every PROGRESS_EVERY contacts and at the end. ``kind``, ``tag`` and
    ``phones`` (a contact's phones as written), when given, are written for
    every contact instead of its own kind, besides its tags and instead of
    its phones: the contacts themselves stay as they are."""
    return _add(book, len(contacts), partial(_contact_rows, contacts, kind, tag, phones),
                progress, total)


def add_columns(book: Book, columns: ReadColumns, *, kind: str, tag: str = "",
                numbers: Callable[[Iterable[str]], list[str]],
                progress: Callable[[int, int], None] | None = None,
                total: int | None = None) -> list[int]:
    """Add the records of ``columns`` (each plain and named, see ReadColumns)
    as add_contacts adds their contacts with ``kind``, ``tag`` and their
    numbers as ``numbers`` writes a column of them (PhoneNormalizer.each_e164),
    without making a contact of each."""
    return _add(book, len(columns), partial(_column_rows, columns, kind, tag.strip(), numbers),
                progress, total)


# What a writer gives for the new ids: each given field's column of values,
# the e-mail and phone rows as columns (contact ids, addresses or numbers,
# labels, preferred) and the tag rows (contact id, tag name).
_Rows = tuple[dict[str, list[object]], list[Sequence[object]], list[Sequence[object]],
              list[tuple[int, str]]]
# An e-mail's or a phone's columns besides its address or number.
_BESIDE_VALUE = ["contact_id", "label", "preferred"]


def _add(book: Book, count: int, rows_of: Callable[[list[str], list[int]], _Rows],
         progress: Callable[[int, int], None] | None, total: int | None) -> list[int]:
    if not book.db.in_transaction():
        raise RuntimeError("add_contacts() must run inside the import's transaction")
    if not count:
        return []  # nothing written: the revision stays
    with _one_revision_bump(book):
        return _write(book, count, rows_of, progress, count if total is None else total)


@contextmanager
def references_unchecked(book: Book) -> Iterator[None]:
    """The book's foreign keys not checked row by row while an import's
    transaction runs: wrap the transaction (SQLite ignores the pragma inside
    one, where this then changes nothing).

    Every e-mail, phone and tag row an import inserts names a contact it has
    just inserted or one it read, and it deletes nothing: the check, a look-up
    in the contact table a row, was an eleventh of writing 20,000 contacts.
    They are checked again as soon as it ends, however it ends.
    """
    book.db.execute_sql("PRAGMA foreign_keys = OFF")
    try:
        yield
    finally:
        book.db.execute_sql("PRAGMA foreign_keys = ON")


@contextmanager
def _one_revision_bump(book: Book) -> Iterator[None]:
    """Bump the book's revision once for the whole import, not once a row.

    The store's revision triggers cost two thirds of writing 20,000 contacts
    (an UPDATE of book_meta for each of 60,000 rows), so they are set aside
    for the inserts (see _set_aside). Only triggers that do nothing but bump
    the revision are touched.
    """
    marks = ", ".join("?" * len(_TRIGGERED))
    triggers = [("TRIGGER", name, sql) for name, sql in book.db.execute_sql(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ({marks})",
        _TRIGGERED).fetchall() if _REVISION_ONLY.search(sql)]
    with _set_aside(book, triggers):
        yield
    if triggers:
        book.db.execute_sql("UPDATE book_meta SET revision = revision + 1 WHERE id = 1")


@contextmanager
def _indexes_made_after(book: Book, adding: int, highest: int,
                        in_order: dict[str, Callable[[str], bool]]) -> Iterator[None]:
    """The contact tables' own indexes made once after the inserts, not row by
    row, when the import at least doubles the contacts (REBUILD_WHEN).

    A row inserted into an index walks down to its place, a random page of a
    big index for a name or an address; making an index reads the table once
    and sorts it, which is cheaper a row but reads every row already there:
    worth it only when the rows added are many beside those. An index whose
    every column is in order (``in_order[table](column)``: its new values
    come in the index's order, one value for all or new contact ids) is
    kept: its new entries go one after the other at one place, cheaper than
    sorting them (a referrer none of them has; an e-mail's contact). Indexes
    made by a UNIQUE or PRIMARY KEY constraint are left alone (they check
    the rows).
    """
    if adding < REBUILD_WHEN * highest:  # the highest id: about the contacts there
        yield
        return
    indexes = []
    for table in _INDEXED:
        made = [row[1] for row in book.db.execute_sql(f'PRAGMA index_list("{table}")')
                if row[3] == "c" and not row[2]]  # (seq, name, unique, origin, partial)
        made = [name for name in made if not all(map(in_order[table], (
            row[2] for row in book.db.execute_sql(f'PRAGMA index_info("{name}")'))))]
        indexes += [("INDEX", name, sql) for name, sql in book.db.execute_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql IS NOT NULL", (table,)).fetchall() if name in made]
    with _set_aside(book, indexes):
        yield


@contextmanager
def _set_aside(book: Book, objects: list[tuple[str, str, str]]) -> Iterator[None]:
    """Drop ``objects`` (kind, name and SQL of triggers or indexes) for the
    inserts and make them again from their own SQL afterwards.

    DDL is transactional in SQLite: inside the import's transaction a failure
    or a kill brings them back with the rollback, and no other connection
    ever sees the book without them.
    """
    for kind, name, _ in objects:
        book.db.execute_sql(f'DROP {kind} "{name}"')
    try:
        yield
    except BaseException:
        # The caller rolls back, which brings them back; made again here too,
        # in case it went on to commit.
        with suppress(sqlite3.Error, PeeweeException):
            for _, _, sql in objects:
                book.db.execute_sql(sql)
        raise
    for _, _, sql in objects:
        book.db.execute_sql(sql)


def _write(book: Book, count: int, rows_of: Callable[[list[str], list[int]], _Rows],
           progress: Callable[[int, int], None] | None, total: int) -> list[int]:
    m = book.models
    fields = [f for f in m.Contact._meta.sorted_fields if not f.primary_key]
    given = [f for f in fields if hasattr(ContactData, f.name) and f.name != "id"]
    # The other columns take their model defaults (created_at: one moment for
    # all), as sqlite3's adapter would write them.
    named = {f.name for f in given}  # by name: a Field's == makes an SQL expression
    others = [f for f in fields if f.name not in named]
    other_values = tuple(_default(f) for f in others)
    columns = ["id", *(f.column_name for f in given), *(f.column_name for f in others)]
    # The bare sqlite3 cursor: the book's wrapper names errors for the user,
    # which the importer does itself, and costs a call per row.
    cursor = book.db.connection().cursor()
    # The caller's IMMEDIATE transaction holds the write lock, so the ids
    # after the highest are ours: the contacts go in with ids given.
    highest = cursor.execute('SELECT coalesce(max(id), 0) FROM "contact"').fetchone()[0]
    ids = list(range(highest + 1, highest + 1 + count))
    by_name, emails, phones, tags = rows_of([f.name for f in given], ids)
    _check_names(by_name["first_name"], by_name["last_name"], by_name["company"])
    # Column by column: the constant ones written once (_insert_columns), the rest bound.
    values = [ids, *(by_name[f.name] for f in given), *([v] * len(ids) for v in other_values)]
    contact_sql, varying = _insert_columns("contact", columns, values)
    # New ids come after every id there, in order, as e-mails and phones name them.
    in_order = {"contact": partial(_one_value, dict(zip(columns, values, strict=True))),
                "contact_email": {"contact_id"}.__contains__,
                "contact_phone": {"contact_id"}.__contains__}
    with _indexes_made_after(book, count, highest, in_order):
        _insert_all(book, cursor, (contact_sql, varying, count), emails, phones, tags,
                    progress, total)
    return ids


def _insert_all(book: Book, cursor: sqlite3.Cursor,
                contacts: tuple[tuple[str, str], list[Sequence[object]], int],
                emails: list[Sequence[object]], phones: list[Sequence[object]],
                tags: list[tuple[int, str]], progress: Callable[[int, int], None] | None,
                total: int) -> None:
    contact_sql, varying, count = contacts
    step = PROGRESS_EVERY if progress is not None else count
    for done in range(0, count, step):  # written as it goes: progress is real
        _insert_rows(cursor, contact_sql, varying, done, min(done + step, count))
        if progress is not None:
            progress(min(done + step, count), total)
    for table, number, columns in (("contact_email", "address", emails),
                                   ("contact_phone", "number", phones)):
        if columns[0]:
            statement, varying = _insert_columns(
                table, [_BESIDE_VALUE[0], number, *_BESIDE_VALUE[1:]], columns)
            _insert_rows(cursor, statement, varying, 0, len(columns[0]))
    if tags:
        tag_ids = _tag_ids(book, list(dict.fromkeys(name for _, name in tags)))
        rows = [(cid, tag_ids[name]) for cid, name in tags]
        _insert_rows(cursor, ('INSERT INTO "contact_tag" (contact_id, tag_id)', "(?, ?)"),
                     list(zip(*rows, strict=True)), 0, len(rows))


def _one_value(columns: dict[str, list[object]], column: str) -> bool:
    """Whether every new row holds one value in ``column`` (of ``columns``)."""
    values = columns.get(column)
    return values is not None and values.count(values[0]) == len(values)


def _check_names(first: list[str], last: list[str], company: list[str]) -> None:
    """RefdeskError naming the first contact with no name or company."""
    named = list(map(any, zip(map(str.strip, first), map(str.strip, last),
                              map(str.strip, company), strict=True)))
    if not all(named):
        index = named.index(False)
        shown = display_name(first[index], last[index], company[index])
        raise RefdeskError(f"{shown or 'a contact'} has no first name, last name or company")


def _contact_rows(contacts: Sequence[ContactData], kind: str | None, tag: str,
                  phones_of: Callable[[list[tuple[str, str]]], list[tuple[str, str]]] | None,
                  names: list[str], ids: list[int]) -> _Rows:
    """The rows of ``contacts`` (see add_contacts): each field's values in one
    C pass over the contacts, their e-mails, phones and tags a contact."""
    dicts = [contact.__dict__ for contact in contacts]
    by_name: dict[str, list[object]] = {
        name: [kind] * len(dicts) if kind is not None and name == "kind"
        else list(map(itemgetter(name), dicts)) for name in names}
    emails: list[tuple[int, str, str, int]] = []
    phones: list[tuple[int, str, str, int]] = []
    tags: list[tuple[int, str]] = []
    for contact_id, data in zip(ids, contacts, strict=True):
        found = data.emails
        if len(found) == 1:  # most contacts: one, preferred
            (address, label), = found
            if address.strip():
                emails.append((contact_id, address.strip(), label, 1))
        elif found:
            emails += [(contact_id, a.strip(), label, int(i == 0))
                       for i, (a, label) in enumerate(found) if a.strip()]
        found = data.phones if phones_of is None or not data.phones else phones_of(data.phones)
        if len(found) == 1:
            (number, label), = found
            if number.strip():
                phones.append((contact_id, number.strip(), label, 1))
        elif found:
            phones += [(contact_id, n.strip(), label, int(i == 0))
                       for i, (n, label) in enumerate(found) if n.strip()]
        if data.tags or tag:
            given_tags = [*data.tags, tag] if tag else data.tags
            tags += [(contact_id, name)
                     for name in dict.fromkeys(t.strip() for t in given_tags if t.strip())]
    return by_name, _as_columns(emails), _as_columns(phones), tags


def _as_columns(rows: list[tuple[int, str, str, int]]) -> list[Sequence[object]]:
    """E-mail or phone rows as their four columns."""
    return list(zip(*rows, strict=True)) if rows else [[], [], [], []]


def _column_rows(columns: ReadColumns, kind: str, tag: str,
                 numbers: Callable[[Iterable[str]], list[str]], names: list[str],
                 ids: list[int]) -> _Rows:
    """The rows of plain records (see add_columns), in C passes over the
    columns: a plain cell is already stripped, and a record holds at most one
    e-mail and one phone."""
    count = len(ids)
    by_name: dict[str, list[object]] = {
        name: [kind] * count if name == "kind" else
        columns.scalars.get(name) or [getattr(ContactData, name)] * count for name in names}

    def filled(cells: list[str]) -> tuple[list[int], list[str]]:
        """The ids of the records with a value in ``cells``, and their values."""
        has = list(map(bool, cells))
        return list(compress(ids, has)), list(compress(cells, has))

    email_ids, addresses = filled(columns.emails)
    phone_ids, typed = filled(columns.phones)
    return (by_name,
            [email_ids, addresses, [columns.email_label] * len(email_ids), [1] * len(email_ids)],
            [phone_ids, numbers(typed), [columns.phone_label] * len(phone_ids),
             [1] * len(phone_ids)],
            list(zip(ids, repeat(tag))) if tag else [])


def _insert_rows(cursor: sqlite3.Cursor, statement: tuple[str, str],
                 varying: Sequence[Sequence[object]], start: int, stop: int) -> None:
    """Insert rows ``start`` to ``stop`` by ``statement`` (an INSERT up to
    VALUES, and the group of one row's values), binding ``varying`` (a column
    a "?" of the group), ROWS_A_STATEMENT rows to a statement (fewer when
    SQLite's limit on bound values asks it): each statement run costs
    pysqlite a step, a reset and two hand-overs of the GIL, more than a
    narrow row's own insert (a fifth of 60,000 inserts). A statement's
    values are laid out from the columns by slices, with no tuple a row."""
    head, marks = statement
    width = len(varying)
    limit = cursor.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    size = max(1, min(ROWS_A_STATEMENT, limit // max(width, 1)))

    def values(at: int, count: int) -> list[object]:
        laid: list[object] = [None] * (width * count)
        for place, column in enumerate(varying):
            laid[place::width] = column[at:at + count]
        return laid

    whole = start + (stop - start) // size * size
    if whole > start:
        cursor.executemany(f"{head} VALUES {', '.join([marks] * size)}",
                           [values(at, size) for at in range(start, whole, size)])
    if whole < stop:
        cursor.execute(f"{head} VALUES {', '.join([marks] * (stop - whole))}",
                       values(whole, stop - whole))


def _insert_columns(table: str, columns: list[str], values: Sequence[Sequence[object]]
                    ) -> tuple[tuple[str, str], list[Sequence[object]]]:
    """The INSERT into ``table`` for the rows whose ``columns`` hold ``values``
    (one sequence a column), as the statement up to VALUES and one row's
    group of values, and the columns it binds: a column that holds one value
    in every row (most of a contact's: an import fills four or five fields;
    the label of every e-mail) is written into the statement once, so each
    row binds only what varies (binding cost a third of the insert)."""
    varying: list[Sequence[object]] = []
    marks: list[str] = []
    for column in values:
        literal = _literal(column[0]) if column.count(column[0]) == len(column) else None
        if literal is None:
            varying.append(column)
        marks.append(literal or "?")
    head = f'INSERT INTO "{table}" ({", ".join(map(_quote, columns))})'
    return (head, f'({", ".join(marks)})'), varying


def _default(field: Field) -> object:
    default = field.default() if callable(field.default) else field.default
    value = field.db_value(default)
    return value.isoformat(" ") if isinstance(value, dt.datetime) else value


def _literal(value: object) -> str | None:
    """``value`` as an SQL literal, when it can be one; None: bind it."""
    if value is None:
        return "NULL"
    if isinstance(value, bool | int):
        return str(int(value))
    if isinstance(value, str) and len(value) <= 200 and "\x00" not in value:
        return "'" + value.replace("'", "''") + "'"
    return None


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
