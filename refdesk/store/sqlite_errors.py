"""What SQLite's failures mean for the user: a damaged, read-only or full book
becomes a BookError naming the file, wherever the query ran.

A book's connections use ``BookConnection``, whose cursors turn those
failures into BookError as they happen, also while rows are fetched (a
damaged page is often met in the middle of a scan, after the query started).
Other failures (a busy book, a constraint) stay SQLite's own, for the code
that handles them.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from refdesk.errors import BookError

# SQLite's primary result codes (the low byte of the extended code).
READONLY, IOERR, CORRUPT, FULL, NOTADB = 8, 10, 11, 13, 26


def damaged_error(path: Path | str, reason: str, outcome: str = "") -> BookError:
    """The error for a damaged book: what is wrong, then how to get the book back.

    ``outcome`` says what was (not) done, e.g. "no backup was taken".
    """
    from refdesk.store.backup import newest_good_backup  # backup imports this module

    newest = newest_good_backup(Path(path))
    source = newest if newest is not None else "BACKUP"
    done = f"; {outcome}" if outcome else ""
    return BookError(f"{path} is damaged ({reason}){done}. Restore a good backup with "
                     f"`refdesk restore {source} --db {path}`.")


def book_error(exc: sqlite3.Error, path: Path | str) -> BookError | None:
    """The BookError ``exc`` means for the book at ``path``, or None when it is
    not about the file itself (busy, constraint, a bug in a query)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        return None
    primary = code & 0xFF
    if primary in (CORRUPT, NOTADB):
        return damaged_error(path, str(exc))
    if primary == READONLY:
        return BookError(f"{path} is read-only: refdesk cannot save changes to it (see the "
                         "permissions of the file and its folder); nothing was changed.")
    if primary == FULL:
        return BookError(f"The disk holding {path} is full: refdesk could not write to the "
                         "book, and the change it was making was not saved. Free some space "
                         "and try again.")
    if primary == IOERR:
        return BookError(f"{path} could not be read or written ({exc}); the change was not "
                         "saved. Check the disk, then try again.")
    return None


def _path_of(database: str | bytes) -> str:
    name = database.decode() if isinstance(database, bytes) else str(database)
    if name.startswith("file:"):
        # Here, not at the top: urllib.request pulls in http.client and email
        # (~15 ms) at every start, for a URI name refdesk rarely opens.
        from urllib.parse import urlsplit
        from urllib.request import url2pathname

        return url2pathname(urlsplit(name).path)
    return name


_Cursor = sqlite3.Cursor  # its methods called directly: no super() lookup per row


class BookCursor(sqlite3.Cursor):
    """A cursor whose damaged / read-only / full failures are BookErrors."""

    def _failed(self, exc: sqlite3.Error) -> BookError | sqlite3.Error:
        return book_error(exc, getattr(self.connection, "book_path", "the book")) or exc

    def execute(self, *args):
        try:
            return _Cursor.execute(self, *args)
        except sqlite3.Error as exc:
            raise self._failed(exc) from exc

    def executemany(self, *args):
        try:
            return _Cursor.executemany(self, *args)
        except sqlite3.Error as exc:
            raise self._failed(exc) from exc

    def executescript(self, *args):
        try:
            return _Cursor.executescript(self, *args)
        except sqlite3.Error as exc:
            raise self._failed(exc) from exc

    def fetchone(self):
        try:
            return _Cursor.fetchone(self)
        except sqlite3.Error as exc:
            raise self._failed(exc) from exc

    def fetchmany(self, *args, **kwargs):
        try:
            return _Cursor.fetchmany(self, *args, **kwargs)
        except sqlite3.Error as exc:
            raise self._failed(exc) from exc

    def fetchall(self):
        try:
            return _Cursor.fetchall(self)
        except sqlite3.Error as exc:
            raise self._failed(exc) from exc

    # A damaged page met while rows are fetched: the board's scans stop here.
    # (About 0.15 us a row; the board of 10,000 contacts reads ~47,000 rows.)
    def __next__(self):
        try:
            return _Cursor.__next__(self)
        except sqlite3.Error as exc:
            raise self._failed(exc) from exc


class BookConnection(sqlite3.Connection):
    """A connection to a book (pass as ``factory=``); its cursors are BookCursors."""

    def __init__(self, database, *args, **kwargs):
        super().__init__(database, *args, **kwargs)
        self.book_path = _path_of(database)

    def cursor(self, factory=BookCursor):
        return super().cursor(factory)

    def commit(self):
        try:
            return super().commit()
        except sqlite3.Error as exc:
            raise (book_error(exc, self.book_path) or exc) from exc
