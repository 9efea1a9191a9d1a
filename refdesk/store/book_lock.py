"""One refdesk at a time per book: a lock file held while the book is open,
and SQLite's own exclusive lock for a restore.

Restoring over an open book, or opening it in two windows, would let one
writer lose the other's changes; the lock makes both refuse clearly. Command
line jobs hold no lock file, so a restore also takes SQLite's exclusive lock:
it waits for every other connection to the book to close.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from refdesk.errors import BookError

if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True


class BookLock:
    """Held from open to close; the OS drops it if refdesk dies."""

    def __init__(self, book: Path):
        # The book's own file: a link to it and the file itself share one lock.
        self.path = Path(f"{os.path.realpath(book)}.lock")
        self._fd: int | None = None

    def acquire(self, action: str = "open") -> BookLock:
        """Take the lock or raise BookError saying the book is in use."""
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise BookError(f"Cannot {action} {self.path.name.removesuffix('.lock')}: refdesk "
                            f"could not make its lock file {self.path} "
                            f"({exc.strerror or exc}); is the folder read-only?") from exc
        if not _try_lock(fd):
            os.close(fd)
            raise BookError(f"Cannot {action} {self.path.name.removesuffix('.lock')}: it is open "
                            "in refdesk (another window or process). Close it there first.")
        self._fd = fd
        return self

    def release(self) -> None:
        """Let go of the lock (the lock file stays; it is harmless)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


BUSY, LOCKED = 5, 6  # SQLite's result codes for a lock held by another connection


@contextmanager
def sole_access(book: Path, wait: float, action: str) -> Iterator[sqlite3.Connection | None]:
    """A connection holding SQLite's exclusive lock on ``book`` until the block ends.

    No other connection, in any process, has the book open meanwhile: this
    waits up to ``wait`` seconds for them to close, then raises BookError
    (the book unchanged). Yields None when SQLite cannot read the file at all
    (a damaged header): then nothing else can be using it either.
    """
    con: sqlite3.Connection | None = sqlite3.connect(str(book), timeout=wait,
                                                     isolation_level=None)
    try:
        # In WAL mode every open connection keeps a shared lock on the file;
        # the exclusive lock waits for all of them, readers included.
        con.execute("PRAGMA locking_mode = EXCLUSIVE")
        try:
            con.execute("BEGIN EXCLUSIVE")
            con.execute("COMMIT")  # the lock stays: locking_mode is EXCLUSIVE
        except sqlite3.OperationalError as exc:
            if getattr(exc, "sqlite_errorcode", BUSY) & 0xFF not in (BUSY, LOCKED):
                raise
            raise BookError(f"Cannot {action} {book}: it is in use by another refdesk command "
                            f"or program (waited {wait:g} s for it to finish); the book was not "
                            "changed. Try again when it is done.") from exc
        except sqlite3.DatabaseError:
            con.close()
            con = None
        yield con
    finally:
        if con is not None:
            con.close()
