"""Opening a book: checks before touching the file, pragmas, migrations.

A book is one SQLite file. ``open_db`` refuses files that are not refdesk
books or that a newer refdesk wrote, *before* SQLite opens them for writing,
so a refused file (and its WAL) is left exactly as it was. A book whose
owner took away its write permission opens read-only and stays so.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from peewee import DatabaseError, SqliteDatabase

from refdesk.errors import BookError
from refdesk.paths import BOOK_SUFFIX, make_private_dir
from refdesk.store.migrations import APPLICATION_ID, LATEST_VERSION, migrate
from refdesk.store.sqlite_errors import BookConnection, book_error

SQLITE_MAGIC = b"SQLite format 3\x00"

log = logging.getLogger(__name__)

PRAGMAS = {
    "journal_mode": "wal",
    # FULL: a sale typed just before a power cut is on disk when save returns.
    "synchronous": 2,
    "foreign_keys": 1,
    "busy_timeout": 5000,
}

# A read-only book keeps its journal mode (changing it is a write) and
# refuses writes in SQLite itself, even for root.
READ_ONLY_PRAGMAS = {"query_only": 1, "foreign_keys": 1, "busy_timeout": 5000}


class BookHeader(NamedTuple):
    """What the SQLite header says about a file, read without opening it."""

    user_version: int
    application_id: int


def _kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a special file"


def read_header(path: Path, *, own_book: bool = False) -> BookHeader | None:
    """The book header of ``path``, or None for an empty file.

    Raises BookError when the file is not a SQLite database at all; for an
    ``own_book`` that has backups, the error says how to restore one.
    """
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):  # opening a FIFO would wait for a writer forever
            raise BookError(f"{path} is {_kind_of(mode)}, not a refdesk book.")
        with open(path, "rb") as fh:
            head = fh.read(100)
    except OSError as exc:
        raise BookError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    wal = Path(f"{path}-wal")
    if not head:
        # Empty, unless its pages are all still in the -wal (never checkpointed).
        if wal.exists() and wal.stat().st_size > 0:
            return _read_header_via_sqlite(path)
        return None
    if len(head) < 100 or not head.startswith(SQLITE_MAGIC):
        raise BookError(f"{path} is not a refdesk book (it is not a SQLite database)."
                        + (_if_damaged(path) if own_book else ""))
    header = BookHeader(
        user_version=int.from_bytes(head[60:64], "big"),
        application_id=int.from_bytes(head[68:72], "big"),
    )
    if wal.exists() and wal.stat().st_size > 0:
        # Uncheckpointed changes may hold a newer header page: ask SQLite,
        # read-only, so nothing is written.
        header = _read_header_via_sqlite(path)
    return header


def _read_header_via_sqlite(path: Path) -> BookHeader:
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            version = con.execute("PRAGMA user_version").fetchone()[0]
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise (book_error(exc, path)
               or BookError(f"{path} cannot be read as a database: {exc}.")) from exc
    return BookHeader(user_version=version, application_id=app_id)


def _if_damaged(path: Path) -> str:
    """A hint for a file that has backups, so was a book: it may be damaged."""
    from refdesk.store.backup import list_backups, newest_good_backup  # backup imports us

    if not list_backups(path):
        return ""
    source = newest_good_backup(path) or "BACKUP"
    return (f" If it is your book and it is damaged, restore a good backup with "
            f"`refdesk restore {source} --db {path}`.")


def check_book_file(path: Path) -> BookHeader | None:
    """Refuse a file refdesk must not open; return its header otherwise.

    None means the file is empty (a brand-new book).
    """
    header = read_header(path, own_book=True)
    if header is None:
        return None
    if header.application_id not in (0, APPLICATION_ID):
        raise BookError(f"{path} is a SQLite database of another program, not a refdesk book.")
    if header.application_id == 0 and _has_tables(path):
        raise BookError(f"{path} is a SQLite database of another program, not a refdesk book.")
    if header.user_version > LATEST_VERSION:
        raise BookError(
            f"{path} was saved by a newer refdesk (book format {header.user_version}; "
            f"this version reads up to format {LATEST_VERSION}). "
            "Update refdesk to open it; the file was not changed."
        )
    return header


def _has_tables(path: Path) -> bool:
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
    except sqlite3.DatabaseError as exc:
        raise BookError(f"{path} is not a refdesk book ({exc}).") from exc
    finally:
        con.close()


def create_private_file(path: Path) -> None:
    """Create an empty file readable by its owner only (0600 on POSIX).

    Raises FileExistsError rather than touch a file that is already there.
    """
    make_private_dir(path.parent)  # folders it makes are 0700 whatever the umask
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


def is_read_only(path: Path) -> bool:
    """True when the book's permissions say it must not be written.

    Decided by the owner's write bit, not only os.access: root may write any
    file, but a book its owner made read-only (chmod 400) stays read-only.
    """
    if os.name == "posix" and not os.stat(path).st_mode & stat.S_IWUSR:
        return True
    return not os.access(path, os.W_OK)


def open_db(path: Path | str, *, create: bool = True) -> SqliteDatabase:
    """Open (or create) the book at ``path``, migrated to the newest schema.

    The caller binds models to the database it returns (``bind_models``):
    nothing global changes. Raises BookError, leaving the file
    untouched, when it is not a refdesk book or was written by a newer version.
    Only a file this call creates gets a schema: an existing empty file is
    refused. A read-only book opens read-only (writes raise BookError) and
    stays read-only.
    """
    path = Path(path)
    real = Path(os.path.realpath(path))  # through a link: the book's own file
    created = False
    if not real.exists():
        if not create:
            raise BookError(f"There is no book at {path}.")
        try:
            create_private_file(real)
            created = True
        except FileExistsError:
            pass  # made meanwhile by someone else: checked like any existing file
        except OSError as exc:
            raise BookError(f"Cannot create a book at {path}: {exc.strerror or exc}.") from exc
    if real.is_dir():
        raise BookError(f"{path} is a folder, not a refdesk book.")
    header = check_book_file(real)
    if header is None and not created and create and real.suffix == BOOK_SUFFIX \
            and not Path(f"{real}-wal").exists():
        # An empty *.refdesk is a book whose first start was cut short before
        # its schema landed (power cut, kill): refdesk's own, so made anew.
        created = True
    if header is None and not created:
        raise BookError(f"{path} is an empty file, not a refdesk book; refdesk left it as it is. "
                        "Give the name of a new file to start a new book.")
    try:
        db = _connect_read_only(path, real, header) if is_read_only(real) else \
            _connect(real, created)
    except BaseException:
        if created:
            _remove_new_book(real)
        raise
    return db


def _connect(real: Path, created: bool) -> SqliteDatabase:
    _keep_private(real)  # before connecting: a -shm left read-only would refuse writes
    db = SqliteDatabase(str(real), pragmas=PRAGMAS, factory=BookConnection)
    _first_use(db, real, lambda: migrate(db, real))
    _keep_private(real)  # and the -wal/-shm SQLite made just now
    return db


def _connect_read_only(path: Path, real: Path, header: BookHeader | None) -> SqliteDatabase:
    if header is None or header.user_version < LATEST_VERSION:
        raise BookError(f"{path} is read-only, and it is in an older format that this refdesk "
                        f"must upgrade (to format {LATEST_VERSION}) before opening it. Make it "
                        "writable to upgrade it; it was not changed.")
    db = SqliteDatabase(f"{real.as_uri()}?mode=ro", pragmas=READ_ONLY_PRAGMAS, uri=True,
                        factory=BookConnection)
    _first_use(db, real, lambda: db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone())
    return db


def _first_use(db: SqliteDatabase, real: Path, check: Callable[[], object]) -> None:
    """Connect and run ``check``; on any failure the connection is closed, and
    a database error becomes a BookError naming the file."""
    try:
        db.connect()
        check()
    except DatabaseError as exc:
        db.close()
        raise _open_error(real, exc) from exc
    except BaseException:
        db.close()
        raise


def _open_error(path: Path, exc: DatabaseError) -> BookError:
    # Peewee wraps SQLite's exception: the original carries the error code.
    for cause in (*exc.args[:1], exc.__context__):
        if isinstance(cause, sqlite3.Error):
            translated = book_error(cause, path)
            if translated is not None:
                return translated
    return BookError(f"{path} cannot be opened as a refdesk book: {exc}.")


def _keep_private(path: Path) -> None:
    """Group and others lose access to the book and its -wal/-shm; the owner's
    own bits are left as they are (a book made read-only stays read-only)."""
    if os.name != "posix":
        return
    own = stat.S_IMODE(os.stat(path).st_mode) & 0o700
    for side, mode in ((path, own), (Path(f"{path}-wal"), own & 0o600),
                       (Path(f"{path}-shm"), own & 0o600)):
        try:
            if stat.S_IMODE(side.stat().st_mode) != mode:
                os.chmod(side, mode)
        except FileNotFoundError:
            pass
        except OSError as exc:  # e.g. a shared book another user owns
            log.warning("Could not make %s private: %s", side.name, exc.strerror or exc)


def _remove_new_book(path: Path) -> None:
    # Only ever a file this process created moments ago, whose schema could
    # not be written: leave no empty "book" behind to be refused later.
    for suffix in ("-wal", "-shm", "-journal", ""):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
