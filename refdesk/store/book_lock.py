"""One refdesk at a time per book: a lock file held while the book is open.

Restoring over an open book, or opening it in two windows, would let one
writer lose the other's changes; the lock makes both refuse clearly.
"""

from __future__ import annotations

import os
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
        self.path = Path(f"{book}.lock")
        self._fd: int | None = None

    def acquire(self, action: str = "open") -> BookLock:
        """Take the lock or raise BookError saying the book is in use."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
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
