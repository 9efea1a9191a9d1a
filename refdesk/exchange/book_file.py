"""A whole book as one versioned JSON file, and restoring a book from it.

Every table of the models (``ALL_MODELS``), every column as SQLite holds it,
rows sorted by primary key, keys sorted: the same book gives the same file,
but for ``exported_at``. Restoring writes exactly those rows, with their
ids, into an empty book. The format is documented in docs/book-format.md
(JSON Schema: docs/book-format.schema.json).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any

from peewee import (
    BooleanField,
    DateField,
    DateTimeField,
    DecimalField,
    Field,
    FloatField,
    ForeignKeyField,
    IntegerField,
    IntegrityError,
)

from refdesk.book import Book
from refdesk.errors import RefdeskError
from refdesk.store.migrations import LATEST_VERSION, TABLES_FORMAT

FORMAT = "refdesk-book"
VERSION = 1  # of this file's layout; the tables follow the book format (book_format)


def book_tables(book: Book) -> dict[str, list[Field]]:
    """Each table of the book's models with its fields, in foreign-key order."""
    return {model._meta.table_name: list(model._meta.sorted_fields)
            for model in book.models.all}


def book_data(book: Book, exported_at: dt.datetime) -> dict[str, Any]:
    """Everything in ``book`` as JSON-ready data, read in one transaction."""
    tables: dict[str, list[dict[str, Any]]] = {}
    with book.db.atomic():  # one snapshot, even while the window writes
        for table, fields in book_tables(book).items():
            columns = [f.column_name for f in fields]
            key = ", ".join(f'"{f.column_name}"' for f in fields if f.primary_key)
            cursor = book.db.execute_sql(
                f'SELECT {", ".join(map(_quoted, columns))} FROM "{table}" ORDER BY {key}')
            tables[table] = [dict(zip(columns, row, strict=True)) for row in cursor]
    return {"format": FORMAT, "version": VERSION, "book_format": _book_format(book),
            "exported_at": exported_at.isoformat(timespec="seconds"), "tables": tables}


def book_json(book: Book, exported_at: dt.datetime) -> str:
    """The file's text: deterministic (sorted keys, rows by key, one row a line)."""
    data = book_data(book, exported_at)
    rows = data.pop("tables")
    # One row a line: diffable, and far smaller than indenting every value.
    parts = []
    for table in sorted(rows):
        body = ",\n".join("   " + json.dumps(row, sort_keys=True, ensure_ascii=False)
                          for row in rows[table])
        parts.append(f"  {json.dumps(table)}: [" + (f"\n{body}\n  ]" if body else "]"))
    head = json.dumps(data, sort_keys=True, ensure_ascii=False, indent=1)[:-2]
    return head + ',\n "tables": {\n' + ",\n".join(parts) + "\n }\n}\n"


def write_book_file(book: Book, path: Path, exported_at: dt.datetime) -> dict[str, int]:
    """Write the book to ``path``; the number of rows of each table."""
    # Imported here: every CSV or vCard import asks is_book_file first, and
    # should not pay for tempfile to do so.
    from refdesk.exchange.output_file import write_private

    text = book_json(book, exported_at)
    write_private(path, text.encode("utf-8"))
    return {table: len(rows) for table, rows in json.loads(text)["tables"].items()}


def is_book_file(path: Path) -> bool:
    """Whether ``path`` looks like a book file (JSON object), not a CSV or vCard."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError:
        return False
    return head.startswith(b"{")


def read_book_file(path: Path) -> dict[str, Any]:
    """The parsed file, its layout checked; RefdeskError naming what is wrong."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise RefdeskError(f"There is no file {path}.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RefdeskError(f"{path} cannot be read: {exc}.") from None
    except json.JSONDecodeError as exc:
        raise RefdeskError(f"{Path(path).name}, line {exc.lineno}: not valid JSON "
                           f"({exc.msg}).") from None
    name = Path(path).name
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise RefdeskError(f"{name} is JSON but not a refdesk book file (no "
                           f'"format": "{FORMAT}").')
    if not isinstance(data.get("version"), int) or data["version"] > VERSION:
        raise RefdeskError(f"{name} is a book file of version {data.get('version')!r}; this "
                           f"refdesk reads version {VERSION}; update refdesk.")
    book_format = data.get("book_format")
    if not isinstance(book_format, int) or book_format > LATEST_VERSION:
        raise RefdeskError(f"{name} was written from a book of format {book_format!r}; this "
                           f"refdesk knows up to {LATEST_VERSION}; update refdesk.")
    if not isinstance(data.get("tables"), dict):
        raise RefdeskError(f'{name} has no "tables" object.')
    return data


def restore_book_data(book: Book, data: dict[str, Any], name: str) -> dict[str, int]:
    """Write every row of ``data`` into ``book``, which must hold no contacts (its
    other rows, a new book's defaults, are replaced); the rows written per
    table. All or nothing: RefdeskError names the first bad row."""
    tables = book_tables(book)
    unknown = sorted(set(data["tables"]) - set(tables))
    if unknown:
        raise RefdeskError(f"{name} has a table this refdesk does not know: {unknown[0]}.")
    counts: dict[str, int] = {}
    with book.db.atomic("IMMEDIATE"):
        if book.db.execute_sql('SELECT 1 FROM "contact" LIMIT 1').fetchone():
            raise RefdeskError(f"{book.path.name} already holds contacts; a book file is "
                               "restored into a new book: give --db a new file.")
        # A book without contacts holds at most what a new book starts with
        # (the default ask plan) or settings: the file's rows replace them.
        for table in reversed(tables):
            book.db.execute_sql(f'DELETE FROM "{table}"')
        # Rows refer to rows later in the file (a contact to its referrer):
        # the keys are checked once, at commit.
        book.db.execute_sql("PRAGMA defer_foreign_keys = ON")
        for table, fields in tables.items():
            rows = data["tables"].get(table, [])
            if not isinstance(rows, list):
                raise RefdeskError(f'{name}: "{table}" must be a list of rows.')
            values = [_row_values(row, fields, table, n, name)
                      for n, row in enumerate(rows, start=1)]
            columns = ", ".join(_quoted(f.column_name) for f in fields)
            marks = ", ".join("?" * len(fields))
            try:
                book.db.cursor().executemany(
                    f'INSERT INTO "{table}" ({columns}) VALUES ({marks})', values)
            except (IntegrityError, sqlite3.IntegrityError) as exc:
                raise RefdeskError(f"{name}: a row of {table} does not fit ({exc}); "
                                   "nothing was restored.") from exc
            counts[table] = len(values)
        try:
            book.db.execute_sql("PRAGMA defer_foreign_keys = OFF")  # checks now
        except (IntegrityError, sqlite3.IntegrityError) as exc:
            raise RefdeskError(f"{name}: a row refers to one that is not in the file ({exc}); "
                               "nothing was restored.") from exc
        dangling = book.db.execute_sql("PRAGMA foreign_key_check").fetchone()
        if dangling:
            raise RefdeskError(f"{name}: row {dangling[1]} of {dangling[0]} refers to a "
                               f"{dangling[2]} that is not in the file; nothing was restored.")
    return counts


def _row_values(row: object, fields: list[Field], table: str, number: int,
                name: str) -> list[Any]:
    where = f"{name}: row {number} of {table}"
    if not isinstance(row, dict):
        raise RefdeskError(f"{where} is not an object.")
    known = {f.column_name for f in fields}
    extra = sorted(set(row) - known)
    if extra:
        raise RefdeskError(f"{where} has a column this refdesk does not know: {extra[0]}.")
    values = []
    for f in fields:
        if f.column_name in row:
            value = row[f.column_name]
            problem = _type_problem(f, value)
            if problem:
                raise RefdeskError(f"{where}, {f.column_name}: {problem}.")
        elif f.primary_key:
            raise RefdeskError(f"{where} has no {f.column_name}.")
        else:  # a column added after the file was written: its default
            default = f.default() if callable(f.default) else f.default
            value = f.db_value(default)
        values.append(value)
    return values


def _type_problem(f: Field, value: object) -> str | None:
    if value is None:
        return None if f.null else "may not be empty (null)"
    if isinstance(f, (ForeignKeyField, IntegerField, BooleanField)):
        ok = isinstance(value, int) and not isinstance(value, bool)
        return None if ok else f"must be a whole number, not {value!r}"
    if isinstance(f, (DecimalField, FloatField)):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return None if ok else f"must be a number, not {value!r}"
    if not isinstance(value, str):
        return f"must be text, not {value!r}"
    if isinstance(f, DateTimeField) and not _parses(value, dt.datetime.fromisoformat):
        return f"must be a date and time (YYYY-MM-DD HH:MM:SS), not {value!r}"
    if isinstance(f, DateField) and not _parses(value, dt.date.fromisoformat):
        return f"must be a date (YYYY-MM-DD), not {value!r}"
    return None


def _parses(value: str, parse: Any) -> bool:
    try:
        parse(value)
    except ValueError:
        return False
    return True


def _book_format(book: Book) -> int:
    """The format whose tables and columns the book's rows follow: its own, or
    the last before it that changed any (see TABLES_FORMAT)."""
    return min(book.db.execute_sql("PRAGMA user_version").fetchone()[0], TABLES_FORMAT)


def _quoted(column: str) -> str:
    return f'"{column}"'
