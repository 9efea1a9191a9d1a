"""refdesk's log: one rotating file in the user's log folder, set up once at start.

The log is what a user attaches to a bug report, so refdesk writes into it
versions, commands, book paths and record ids, never contact data (names,
addresses, emails, phone numbers, notes): log a contact as ``contact #12``.
A RefdeskError's message is written for the user and often names a contact,
so callers log its kind, not its text. The last line of an unexpected
error's traceback is Python's own message and may quote a value; that is
why the files are private (0600) like every other file refdesk writes.

Only the "refdesk" logger writes here: peewee's query log holds the values
of every query, contact data included.

A log that cannot be written (read-only disk, a file where the folder should
be) never stops refdesk: it then runs without one, silently.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import platform
from pathlib import Path
from types import TracebackType

from refdesk import __version__
from refdesk.paths import log_dir, make_private_dir

LOGGER_NAME = "refdesk"
LOG_FILE = "refdesk.log"
MAX_BYTES = 1_000_000  # x (1 + BACKUP_COUNT) files: months of normal use, a few MB at most
BACKUP_COUNT = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

ExcInfo = (bool | BaseException
           | tuple[type[BaseException], BaseException, TracebackType | None])


class _PrivateLog(logging.handlers.RotatingFileHandler):
    """The log file: private from its first byte, and quiet when it cannot be written."""

    def _open(self):
        # RotatingFileHandler reopens through here after each rotation, so every
        # log file is made 0600 here rather than once after the first open.
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_BINARY", 0)
        fd = os.open(self.baseFilename, flags, 0o600)
        try:
            if os.name == "posix":
                os.fchmod(fd, 0o600)  # a file left by something else keeps its mode otherwise
            return open(fd, self.mode, encoding=self.encoding, errors=self.errors)
        except BaseException:
            os.close(fd)
            raise

    def handleError(self, record: logging.LogRecord) -> None:
        # A disk that fills up or goes away mid-session has nowhere left to be
        # reported, and a traceback on the terminal must not be the result.
        pass


class _NoLog(logging.NullHandler):
    """Stands in for a log that could not be opened: drops records, and keeps
    logging's last-resort handler from printing warnings to stderr."""


def setup_logging(book_path: Path | None = None, *, command: str | None = None) -> Path:
    """Send the "refdesk" logger's INFO and above to the rotating log file and
    note the start (version, Python, platform, command, book); return the log
    file's path. Once per process: later calls change nothing. Never raises."""
    logger = logging.getLogger(LOGGER_NAME)
    if _installed(logger):
        return log_path()
    path = log_dir() / LOG_FILE
    try:
        make_private_dir(path.parent, tighten=True)
        handler = _PrivateLog(path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT,
                              encoding="utf-8")
    except OSError:
        # Nowhere to log to is not a reason to refuse to start.
        logger.addHandler(_NoLog())
        return path
    handler.setFormatter(logging.Formatter(FORMAT))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    # system/release/machine, not platform.platform(): that one reads the
    # Python executable to find the libc version, ~10 ms at every start.
    logger.info("refdesk %s started (%s); Python %s on %s %s %s; book: %s",
                __version__, command or "no command", platform.python_version(),
                platform.system(), platform.release(), platform.machine(),
                book_path if book_path is not None else "none")
    return path


def log_path() -> Path:
    """The log file: the one being written, else where setup_logging() would put it."""
    handler = _log_file()
    return Path(handler.baseFilename) if handler else log_dir() / LOG_FILE


def log_unexpected(where: str, exc_info: ExcInfo = True) -> Path | None:
    """Log an unexpected error with its traceback at ERROR, as logger.exception
    does, naming ``where`` it happened; return the log file holding it, or None
    when refdesk runs without a log.

    ``exc_info`` defaults to the exception being handled (call it in an
    ``except`` block); pass the exception, or sys.excepthook's three arguments
    as a tuple, from elsewhere.
    """
    logging.getLogger(LOGGER_NAME).error("Unexpected error in %s", where, exc_info=exc_info)
    handler = _log_file()
    return Path(handler.baseFilename) if handler else None


def stop_logging() -> None:
    """Remove and close what setup_logging() installed, so the next call starts
    afresh (tests give each test its own log folder this way)."""
    logger = logging.getLogger(LOGGER_NAME)
    for handler in _installed(logger):
        logger.removeHandler(handler)
        handler.close()
    logger.setLevel(logging.NOTSET)


def _installed(logger: logging.Logger) -> list[logging.Handler]:
    return [h for h in logger.handlers if isinstance(h, (_PrivateLog, _NoLog))]


def _log_file() -> _PrivateLog | None:
    handlers = logging.getLogger(LOGGER_NAME).handlers
    return next((h for h in handlers if isinstance(h, _PrivateLog)), None)
