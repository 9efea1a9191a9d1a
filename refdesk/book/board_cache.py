"""The board snapshot of an open Book (the file format and its checks are
refdesk.store.board_snapshot's, which a warm start reads without the Book)."""

from __future__ import annotations

import datetime as dt

from refdesk.book import Book
from refdesk.store.board_snapshot import Board, read_snapshot, snapshot_key, write_snapshot


def _key(book: Book, as_of: dt.date, revision: int | None = None) -> list | None:
    book_id, current = book.db.execute_sql(
        "SELECT book_id, revision FROM book_meta WHERE id = 1").fetchone()
    return snapshot_key(book_id, current if revision is None else revision, book.path, as_of)


def load_saved(book: Book, as_of: dt.date) -> tuple[Board, bool] | None:
    """(the board saved for this book, whether it is exactly current), or
    None when there is none. One that is not exact (another day or
    revision) can be shown while the current one is evaluated."""
    key = _key(book, as_of)
    return None if key is None else read_snapshot(key)


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
    if key is not None:
        write_snapshot(key, board)
