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

_FORMAT = 2  # 2: a header (key, fields) before the rows

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


def load_saved(book: Book, as_of: dt.date) -> tuple[Board, bool] | None:
    """(the board saved for this book, whether it is exactly current), or
    None when there is none. One that is not exact (another day or
    revision) can be shown while the current one is evaluated."""
    key = _key(book, as_of)
    try:
        with open(_path(key), "rb") as fh:
            saved_key, fields = pickle.load(fh)  # a small header, read first
            if saved_key[:3] != key[:3] or fields != _FIELDS:
                return None
            rows, agenda = pickle.load(fh)
    except Exception:  # missing, truncated, or from another version: evaluate afresh
        return None
    return ([_make(row) for row in rows], agenda), saved_key == key


def load_board(book: Book, as_of: dt.date) -> Board | None:
    """The saved board if it is exactly current, else None."""
    saved = load_saved(book, as_of)
    return saved[0] if saved is not None and saved[1] else None


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
            pickle.dump((key, _FIELDS), fh, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump((rows, board[1]), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(part, path)
    except OSError:
        part.unlink(missing_ok=True)
