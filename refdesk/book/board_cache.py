"""The last board of a book, kept so an unchanged book opens without
re-evaluating every contact.

The snapshot is valid only for the same book, revision (every write bumps
it, settings included), day and refdesk version; anything else, or a file
that cannot be read, means evaluating afresh. It holds contact names, so
it is private to its owner like the book.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
from pathlib import Path

from refdesk import __version__
from refdesk.book import Book
from refdesk.book.board import Agenda, ContactReadiness
from refdesk.paths import cache_dir

_FORMAT = 1

Board = tuple[list[ContactReadiness], Agenda]


def _key(book: Book, as_of: dt.date, revision: int | None = None) -> tuple:
    book_id, current = book.db.execute_sql(
        "SELECT book_id, revision FROM book_meta WHERE id = 1").fetchone()
    return _FORMAT, __version__, book_id, current if revision is None else revision, \
        as_of.isoformat()


def _path(key: tuple) -> Path:
    return cache_dir() / f"board-{key[2]}.pickle"


_FIELDS = ContactReadiness._fields


_make = ContactReadiness._make


def load_board(book: Book, as_of: dt.date) -> Board | None:
    """The saved board if it is exactly current, else None."""
    key = _key(book, as_of)
    try:
        with open(_path(key), "rb") as fh:
            saved_key, fields, rows, agenda = pickle.load(fh)
    except Exception:  # missing, truncated, or from another version: evaluate afresh
        return None
    if saved_key != key or fields != _FIELDS:
        return None
    return [_make(row) for row in rows], agenda


def load_last_board(book: Book) -> Board | None:
    """The newest board saved for this book, whatever its day or revision
    (shown while the current one is evaluated), or None."""
    key = _key(book, dt.date.today())
    try:
        with open(_path(key), "rb") as fh:
            saved_key, fields, rows, agenda = pickle.load(fh)
    except Exception:  # missing or unreadable: nothing to show early
        return None
    if saved_key[:3] != key[:3] or fields != _FIELDS:
        return None
    return [_make(row) for row in rows], agenda


def save_board(book: Book, as_of: dt.date, board: Board, *,
               revision: int | None = None) -> None:
    """Keep ``board`` for the book as it is now, or as it was at ``revision``
    (read before evaluating: an edit made meanwhile then makes the snapshot
    old, never wrong); failures only cost speed."""
    key = _key(book, as_of, revision)
    path = _path(key)
    part = path.with_suffix(".part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            # Plain tuples: pickled named tuples would each call a Python __new__.
            rows = [tuple(r) for r in board[0]]
            pickle.dump((key, _FIELDS, rows, board[1]), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(part, path)
    except OSError:
        part.unlink(missing_ok=True)
