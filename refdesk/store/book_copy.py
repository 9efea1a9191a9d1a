"""Copies of a book that are safe to keep: atomic, private, checked, never
written over an existing file.

Copies use SQLite's online backup API, so a copy taken while the book is
open is consistent, and each copy passes SQLite's quick_check before it is
kept. Copies are plain single-file books (journal_mode=DELETE).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

from refdesk.errors import BookError
from refdesk.paths import make_private_dir
from refdesk.store.database import create_private_file, is_read_only
from refdesk.store.sqlite_errors import FULL, damaged_error


def copy_book(source: Path, dest: Path, *, connection: sqlite3.Connection | None = None,
              refused: str = "no copy was written") -> Path:
    """Copy the book at ``source`` to ``dest`` atomically; return ``dest``.

    The copy is kept only if it passes quick_check: a damaged book raises
    BookError (saying ``refused``) and leaves nothing. ``connection``, when
    given, is an open connection to ``source`` to read through.
    """
    make_private_dir(dest.parent)
    part = dest.with_name(dest.name + ".part")
    part.unlink(missing_ok=True)
    try:
        # Private from its first byte: SQLite keeps an existing file's mode.
        create_private_file(part)
        src = connection or _reader(source)
        try:
            dst = sqlite3.connect(str(part))
            try:
                src.backup(dst)
                # A self-contained file: no -wal beside a backup.
                dst.execute("PRAGMA journal_mode=DELETE")
                problem = quick_check(dst)
            finally:
                dst.close()
        finally:
            if connection is None:
                src.close()
        if problem:
            raise damaged_error(source, problem, refused)
        os.chmod(part, 0o600)
        _fsync(part)
        os.replace(part, dest)
    except BookError:
        part.unlink(missing_ok=True)
        raise
    except (OSError, sqlite3.Error) as exc:
        part.unlink(missing_ok=True)
        raise _copy_error(source, dest, exc, refused) from exc
    return dest


def _reader(source: Path) -> sqlite3.Connection:
    if is_read_only(source):  # read it as such: nothing is written beside it
        return sqlite3.connect(f"{Path(source).resolve().as_uri()}?mode=ro", uri=True)
    return sqlite3.connect(str(source))


def _copy_error(source: Path, dest: Path, exc: Exception, refused: str) -> BookError:
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    if code == FULL or getattr(exc, "errno", None) == 28:  # ENOSPC
        return BookError(f"Could not copy {source} to {dest}: the disk is full; {refused}. "
                         "Free some space and try again.")
    if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError):
        return damaged_error(source, str(exc), refused)
    return BookError(f"Could not copy {source} to {dest}: {exc}; {refused}.")


def _fsync(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def quick_check(con: sqlite3.Connection) -> str | None:
    """None when SQLite's quick_check passes, else what it found first."""
    try:
        found = [row[0] for row in con.execute("PRAGMA quick_check(20)")]
    except sqlite3.DatabaseError as exc:
        return str(exc)
    if found == ["ok"]:
        return None
    # One line for the user: the first problem, and how many more.
    lines = [line.strip() for row in found for line in row.splitlines()
             if line.strip() and not line.startswith("*** in database")]
    more = f" and {len(lines) - 1} more problem{'s' if len(lines) > 2 else ''}" \
        if len(lines) > 1 else ""
    return f"{lines[0] if lines else 'quick_check failed'}{more}"


def new_file(folder: Path, stem: str, suffix: str) -> Path:
    """Create an empty private file ``stem + suffix`` in ``folder`` (then
    ``stem-2 + suffix``, ``-3``… if taken) and return it: never an existing file."""
    make_private_dir(folder)
    for n in range(1, 1000):
        path = folder / (f"{stem}{suffix}" if n == 1 else f"{stem}-{n}{suffix}")
        try:
            create_private_file(path)
        except FileExistsError:
            continue
        return path
    raise BookError(f"Could not find a free name for {stem}{suffix} in {folder}.")


def copy_file(source: Path, dest: Path, *, refused: str = "no copy was written") -> None:
    """Copy ``source`` byte for byte to ``dest`` (private, atomic), whatever it holds."""
    part = dest.with_name(dest.name + ".part")
    try:
        create_private_file(part)
        shutil.copyfile(source, part)
        _fsync(part)
        os.replace(part, dest)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise _copy_error(source, dest, exc, refused) from exc
