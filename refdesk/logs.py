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

The GUI opens its log file after the window's first paint (setup_logging's
``defer``): the file, and platform for its start line, cost start-up a few
ms, and until
then the records wait in memory, written first thing when it opens.
"""

from __future__ import annotations

import logging
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


class _NoLog(logging.NullHandler):
    """Stands in for a log that could not be opened: drops records, and keeps
    logging's last-resort handler from printing warnings to stderr."""

    refdesk_log = True


class _Pending(logging.Handler):
    """Keeps the records of a start whose log file opens later (see
    finish_logging); meanwhile logging's last resort prints nothing either."""

    refdesk_log = True

    def __init__(self, book_path: Path | None, command: str | None):
        super().__init__()
        self.start = (book_path, command)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def setup_logging(book_path: Path | None = None, *, command: str | None = None,
                  defer: bool = False) -> Path:
    """Send the "refdesk" logger's INFO and above to the rotating log file and
    note the start (version, Python, platform, command, book); return the log
    file's path. Once per process: later calls change nothing. Never raises.
    With ``defer`` the file opens at finish_logging(), the records kept till then."""
    logger = logging.getLogger(LOGGER_NAME)
    installed = _installed(logger)
    if installed:
        if not defer:
            finish_logging()  # a deferred one opens now
        return log_path()
    if defer:
        logger.addHandler(_Pending(book_path, command))
        logger.setLevel(logging.INFO)
        return log_dir() / LOG_FILE
    return _open_log(logger, book_path, command)


def finish_logging() -> None:
    """Open the log file a deferred setup_logging() left for later, and write
    the records kept meanwhile into it; nothing when there is none."""
    logger = logging.getLogger(LOGGER_NAME)
    pending = next((h for h in logger.handlers if isinstance(h, _Pending)), None)
    if pending is None:
        return
    logger.removeHandler(pending)
    _open_log(logger, *pending.start)
    for handler in _installed(logger):
        for record in pending.records:
            handler.handle(record)


def _open_log(logger: logging.Logger, book_path: Path | None, command: str | None) -> Path:
    import platform

    from refdesk.log_file import PrivateLog

    path = log_dir() / LOG_FILE
    try:
        make_private_dir(path.parent, tighten=True)
        handler = PrivateLog(path, max_bytes=MAX_BYTES, backups=BACKUP_COUNT)
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
    finish_logging()  # the file it names must exist
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
    return [h for h in logger.handlers if getattr(h, "refdesk_log", False)]


def _log_file() -> logging.FileHandler | None:
    handlers = logging.getLogger(LOGGER_NAME).handlers
    return next((h for h in handlers
                 if isinstance(h, logging.FileHandler) and getattr(h, "refdesk_log", False)),
                None)
