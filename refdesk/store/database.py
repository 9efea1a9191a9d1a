"""Opening a book: checks before touching the file, pragmas, migrations.

A book is one SQLite file. ``open_db`` refuses files that are not refdesk
books or that a newer refdesk wrote, *before* SQLite opens them for writing,
so a refused file (and its WAL) is left exactly as it was.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from peewee import DatabaseError, SqliteDatabase

from refdesk.errors import BookError
from refdesk.store.migrations import APPLICATION_ID, LATEST_VERSION, migrate
from refdesk.store.models import DB

SQLITE_MAGIC = b"SQLite format 3\x00"

PRAGMAS = {
    "journal_mode": "wal",
    # FULL: a sale typed just before a power cut is on disk when save returns.
    "synchronous": 2,
    "foreign_keys": 1,
    "busy_timeout": 5000,
}


@dataclass(frozen=True)
class BookHeader:
    """What the SQLite header says about a file, read without opening it."""

    user_version: int
    application_id: int


def read_header(path: Path) -> BookHeader | None:
    """The book header of ``path``, or None for an empty file.

    Raises BookError when the file is not a SQLite database at all.
    """
    try:
        with open(path, "rb") as fh:
            head = fh.read(100)
    except OSError as exc:
        raise BookError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    if not head:
        return None
    if len(head) < 100 or not head.startswith(SQLITE_MAGIC):
        raise BookError(f"{path} is not a refdesk book (it is not a SQLite database).")
    header = BookHeader(
        user_version=int.from_bytes(head[60:64], "big"),
        application_id=int.from_bytes(head[68:72], "big"),
    )
    wal = Path(f"{path}-wal")
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
        raise BookError(f"{path} cannot be read as a database: {exc}.") from exc
    return BookHeader(user_version=version, application_id=app_id)


def check_book_file(path: Path) -> BookHeader | None:
    """Refuse a file refdesk must not open; return its header otherwise.

    None means the file is empty (a brand-new book).
    """
    header = read_header(path)
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
    """Create an empty file readable by its owner only (0600 on POSIX)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


def open_db(path: Path | str, *, create: bool = True) -> SqliteDatabase:
    """Open (or create) the book at ``path``, migrated to the newest schema.

    Binds the models' deferred database. Raises BookError, leaving the file
    untouched, when it is not a refdesk book or was written by a newer version.
    """
    path = Path(path)
    if not path.exists():
        if not create:
            raise BookError(f"There is no book at {path}.")
        try:
            create_private_file(path)
        except OSError as exc:
            raise BookError(f"Cannot create a book at {path}: {exc.strerror or exc}.") from exc
    elif path.is_dir():
        raise BookError(f"{path} is a folder, not a refdesk book.")
    check_book_file(path)
    db = SqliteDatabase(str(path), pragmas=PRAGMAS)
    try:
        db.connect()
        migrate(db, path)
    except DatabaseError as exc:
        db.close()
        raise BookError(f"{path} cannot be opened as a refdesk book: {exc}.") from exc
    except BaseException:
        db.close()
        raise
    if os.name == "posix":
        for suffix in ("", "-wal", "-shm"):
            side = Path(f"{path}{suffix}")
            if side.exists():
                os.chmod(side, 0o600)
    DB.initialize(db)
    return db
