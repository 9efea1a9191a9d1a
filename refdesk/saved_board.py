"""A book's saved board, read at start-up before the Book is open.

A warm start paints the board the book's last start saved (board_snapshot)
before Peewee and refdesk.book are imported (~50 ms of start-up): this reads
what that needs with plain sqlite3, read-only, and takes the book's lock so
a second window is refused before it paints. The snapshot's head (each
lane's first cards: all a screen shows) is read on a thread of its own
while Qt loads; the rest (~15 ms at 10,000 contacts) once the window has
painted, when first asked for. Anything this is not sure of
(not a regular file, another program's or another format's database, an
empty book, a lock held elsewhere, a read failing) answers None, and the
window opens the Book first as before, so every refusal keeps its message.

It lives beside refdesk.book, not in it: importing anything in that package
imports the Book and Peewee; and the window reaches the store only through
doors like this one, never itself.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
import threading
from pathlib import Path

from refdesk.domain.board_rows import ContactReadiness
from refdesk.errors import BookError
from refdesk.store.board_snapshot import SnapshotHead, read_snapshot_head, snapshot_key
from refdesk.store.book_lock import BookLock
from refdesk.store.migrations import APPLICATION_ID, LATEST_VERSION


class SavedBoard:
    """What a start can paint before the Book is open: the board saved for
    ``as_of`` (None: there is none, say "Reading your book…"), whether it
    is exact (the book unchanged since, the same day) and the book's lock,
    which the Book opened afterwards takes over (Book.open(held=...))."""

    def __init__(self, path: Path, as_of: dt.date, revision: int, key: list | None,
                 lock: BookLock):
        self.path, self.as_of, self.revision, self.lock = path, as_of, revision, lock
        self._saved: tuple[SnapshotHead, bool] | None = None
        self._records: list[ContactReadiness] | None = None  # the rest, once read
        self._rest_lost = False  # could not be read, or let go of unread
        self._reading = threading.Thread(target=self._read, args=(key,),
                                         name="saved-board", daemon=True)
        self._reading.start()

    def _read(self, key: list | None) -> None:
        # It answers None for anything amiss in the file: nothing to hand over.
        self._saved = read_snapshot_head(key) if key is not None else None

    @property
    def head(self) -> SnapshotHead | None:
        """What the window paints first of the saved board (waits for it to be
        read); None: there is none."""
        self._reading.join()
        return None if self._saved is None else self._saved[0]

    def records(self) -> list[ContactReadiness] | None:
        """Every record of the saved board, read the first time asked (after
        the first paint); None: there is none, or the rest of it could not be
        read, and then the board is not ``exact``."""
        head = self.head
        if head is not None and self._records is None and not self._rest_lost:
            self._records = head.rest()
            self._rest_lost = self._records is None
        return self._records

    def close(self) -> None:
        """Let go of the saved board's file, its rest unread if not read yet
        (the window has no more use for it)."""
        head = self.head
        if head is not None and self._records is None and not self._rest_lost:
            head.close()
            self._rest_lost = True  # (never read now: not exact)

    @property
    def exact(self) -> bool:
        """True when the saved board is the book's as it is today (and was
        read whole, if its rest was read)."""
        self._reading.join()
        return self._saved is not None and self._saved[1] and not self._rest_lost

    def release(self) -> None:
        """Let go of the lock (the Book will not be opened after all)."""
        self.lock.release()


def peek_saved_board(path: Path, as_of: dt.date) -> SavedBoard | None:
    """The saved board of the refdesk book at ``path`` (see SavedBoard), or
    None when the Book must be opened first: to refuse it, migrate it, show
    the welcome view of an empty book, or because anything looked amiss."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a FIFO would wait for a writer forever
            return None
        lock = BookLock(path).acquire()
    except (OSError, BookError):
        return None
    try:
        meta = _read_meta(path)
        if meta is None:
            lock.release()
            return None
        book_id, revision = meta
        return SavedBoard(Path(path), as_of, revision,
                          snapshot_key(book_id, revision, path, as_of), lock)
    except BaseException:
        lock.release()
        raise


def _read_meta(path: Path) -> tuple[str, int] | None:
    """(book id, revision) of a non-empty book in this refdesk's own format."""
    try:
        con = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        if con.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID \
                or con.execute("PRAGMA user_version").fetchone()[0] != LATEST_VERSION:
            return None  # another program's, a newer refdesk's, or one to migrate first
        book_id, revision = con.execute(
            "SELECT book_id, revision FROM book_meta WHERE id = 1").fetchone()
        if not con.execute("SELECT EXISTS (SELECT 1 FROM contact)").fetchone()[0]:
            return None  # empty: the welcome view, which needs the Book's doors
    except (sqlite3.Error, TypeError, ValueError):  # damaged, or no such row
        return None
    finally:
        con.close()
    if type(book_id) is not str or type(revision) is not int:
        return None
    return book_id, revision
