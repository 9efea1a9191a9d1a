"""refdesk's log file handler: private files that rotate by size.

Rotation is the few lines of logging.handlers.RotatingFileHandler refdesk
uses, written here: that module imports pickle, queue and socket, ~5 ms of
every command's start (an import of 20,000 contacts takes ~200 ms in all).
"""

from __future__ import annotations

import logging
import os


class PrivateLog(logging.FileHandler):
    """The log file: private from its first byte, and quiet when it cannot be
    written. Before a record would take it to ``max_bytes``, the file becomes
    ``.1`` (``.1`` becomes ``.2``, and so on, the ``.backups``-th dropped)."""

    refdesk_log = True  # refdesk.logs finds its own handlers by this

    def __init__(self, path: os.PathLike[str] | str, *, max_bytes: int, backups: int,
                 encoding: str = "utf-8"):
        super().__init__(path, mode="a", encoding=encoding)
        self.max_bytes = max_bytes
        self.backups = backups

    def _open(self):
        # Every file is opened here, the first and each one after a rotation,
        # so each is made 0600 here rather than once after the first open.
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_BINARY", 0)
        fd = os.open(self.baseFilename, flags, 0o600)
        try:
            if os.name == "posix":
                os.fchmod(fd, 0o600)  # a file left by something else keeps its mode otherwise
            return open(fd, self.mode, encoding=self.encoding, errors=self.errors)
        except BaseException:
            os.close(fd)
            raise

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self._full(record):
                self._rotate()
            super().emit(record)
        except Exception:
            self.handleError(record)

    def _full(self, record: logging.LogRecord) -> bool:
        """Whether ``record`` would take the file to max_bytes. A file that is
        not a regular one (/dev/null) never rotates; one deleted while open
        does when it is full, and the next is made."""
        path = self.baseFilename
        if self.max_bytes <= 0 or (os.path.exists(path) and not os.path.isfile(path)):
            return False
        if self.stream is None:
            self.stream = self._open()
        self.stream.seek(0, os.SEEK_END)  # tell() after appends is not the size on Windows
        return self.stream.tell() + len(f"{self.format(record)}\n") >= self.max_bytes

    def _rotate(self) -> None:
        if self.stream:
            self.stream.close()
            self.stream = None
        for number in range(self.backups, 0, -1):
            older = f"{self.baseFilename}.{number - 1}" if number > 1 else self.baseFilename
            if os.path.exists(older):
                os.replace(older, f"{self.baseFilename}.{number}")  # the oldest is dropped
        self.stream = self._open()

    def handleError(self, record: logging.LogRecord) -> None:
        # A disk that fills up or goes away mid-session has nowhere left to be
        # reported, and a traceback on the terminal must not be the result.
        pass
