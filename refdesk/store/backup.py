"""Backups of a book: checked copies, skip-if-unchanged, thinning, restore.

Each backup is a copy made by ``book_copy``: consistent while the book is
open, checked before it is kept (a damaged book never pushes good backups
out), never written over an existing file. Backup files are plain
single-file books that open like any other.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from refdesk.errors import BookError
from refdesk.paths import BOOK_SUFFIX, backups_dir
from refdesk.store.book_copy import copy_book, copy_file, new_file, quick_check
from refdesk.store.book_lock import BookLock, sole_access
from refdesk.store.database import check_book_file, is_read_only
from refdesk.store.migrations import APPLICATION_ID, LATEST_VERSION
from refdesk.store.sqlite_errors import book_error

STAMP = "%Y%m%d-%H%M%S"
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12
RESTORE_WAIT = 10.0  # seconds a restore waits for other commands to finish with the book

_BACKUP_NAME = re.compile(r"(\d{8}-\d{6})(?:-(\d+))?")


@dataclass(frozen=True)
class BookStamp:
    """Identity and revision of a book, to tell whether a backup is current."""

    book_id: str
    revision: int


def read_stamp(path: Path) -> BookStamp | None:
    """The book id and revision stored in a book or backup (None if unreadable)."""
    try:
        con = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
        try:
            return _stamp_of(con)
        finally:
            con.close()
    except sqlite3.Error:
        return None


def _stamp_of(con: sqlite3.Connection | None) -> BookStamp | None:
    """The stamp read through ``con``; None for no connection (a book SQLite
    cannot read at all) or a file without the book's meta row."""
    if con is None:  # said outright: catching AttributeError hid real mistakes too
        return None
    try:
        row = con.execute("SELECT book_id, revision FROM book_meta WHERE id = 1").fetchone()
    except sqlite3.Error:
        return None
    return BookStamp(row[0], row[1]) if row else None


def list_backups(book: Path) -> list[Path]:
    """The automatic backups of ``book``, newest first."""
    folder = backups_dir(book)
    if not folder.is_dir():
        return []
    found = [p for p in folder.glob(f"*{BOOK_SUFFIX}") if _order(p) is not None]
    return sorted(found, key=_order, reverse=True)


def _order(path: Path) -> tuple[dt.datetime, int] | None:
    # "20261122-180000.refdesk", or "20261122-180000-2.refdesk" for the
    # second backup of that second.
    match = _BACKUP_NAME.fullmatch(path.name.removesuffix(BOOK_SUFFIX))
    if not match:
        return None
    try:
        return dt.datetime.strptime(match[1], STAMP), int(match[2] or 1)
    except ValueError:
        return None


def _stamp_time(path: Path) -> dt.datetime | None:
    order = _order(path)
    return order[0] if order else None


def backup_book(book: Path, *, force: bool = False, now: dt.datetime | None = None,
                dest: Path | None = None) -> Path | None:
    """Back up ``book``; return the new file, or None when nothing changed.

    Without ``dest`` the copy goes to the book's backups folder, named by
    time, and old backups are thinned afterwards. A damaged book is refused
    (BookError) before anything is added or thinned.
    """
    book = Path(book)
    if check_book_file(book) is None:
        raise BookError(f"{book} is an empty file, not a refdesk book; nothing was backed up.")
    if dest is not None:
        if Path(dest).exists() and os.path.samefile(dest, book):
            raise BookError(f"{dest} is the book itself; give another file to copy it to.")
        return copy_book(book, Path(dest))
    now = now or dt.datetime.now()
    existing = list_backups(book)
    if existing and not force and read_stamp(existing[0]) == read_stamp(book):
        return None
    target = new_file(backups_dir(book), now.strftime(STAMP), BOOK_SUFFIX)
    try:
        copy_book(book, target, refused="no backup was taken, and the older backups were kept")
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    thin_backups(book)
    return target


def backup_due(book: Path, *, now: dt.datetime | None = None) -> bool:
    """True when the newest backup is a day old or there is none."""
    existing = list_backups(book)
    if not existing:
        return True
    now = now or dt.datetime.now()
    return now - _stamp_time(existing[0]) >= dt.timedelta(days=1)


def backups_to_keep(stamps: list[dt.datetime]) -> set[dt.datetime]:
    """Which backup times survive thinning: the newest of each of the last 7
    days, then of the 4 weeks before those, then of the 12 months before."""
    keep: set[dt.datetime] = set()
    days: set[dt.date] = set()
    weeks: set[tuple[int, int]] = set()
    months: set[tuple[int, int]] = set()
    daily = weekly = monthly = 0
    for stamp in sorted(stamps, reverse=True):
        day, week, month = stamp.date(), tuple(stamp.isocalendar()[:2]), (stamp.year, stamp.month)
        if daily < KEEP_DAILY:
            if day not in days:
                keep.add(stamp)
                daily += 1
        elif weekly < KEEP_WEEKLY:
            if week not in weeks:
                keep.add(stamp)
                weekly += 1
        elif monthly < KEEP_MONTHLY and month not in months:
            keep.add(stamp)
            monthly += 1
        # A period already covered by a newer kept backup needs no other.
        days.add(day)
        weeks.add(week)
        months.add(month)
    return keep


def thin_backups(book: Path) -> list[Path]:
    """Delete backups that thinning does not keep; return the deleted files."""
    backups = list_backups(book)
    keep = backups_to_keep([_stamp_time(p) for p in backups])
    removed = [p for p in backups if _stamp_time(p) not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def check_restorable(candidate: Path) -> None:
    """Refuse a file that is not a whole, readable refdesk book this version opens."""
    from refdesk.store.database import read_header

    if not candidate.is_file():
        raise BookError(f"There is no file at {candidate}.")
    header = read_header(candidate)
    if header is None or header.application_id != APPLICATION_ID or header.user_version < 1:
        raise BookError(f"{candidate} is not a refdesk book; nothing was restored.")
    if header.user_version > LATEST_VERSION:
        raise BookError(f"{candidate} was saved by a newer refdesk (book format "
                        f"{header.user_version}); nothing was restored.")
    try:
        con = sqlite3.connect(f"{candidate.resolve().as_uri()}?mode=ro", uri=True)
        try:
            result = quick_check(con)
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise BookError(f"{candidate} is damaged ({exc}); nothing was restored.") from exc
    if result:
        raise BookError(f"{candidate} is damaged ({result}); nothing was restored.")


def newest_good_backup(book_path: Path) -> Path | None:
    """The newest automatic backup of ``book_path`` that restores cleanly (a
    whole refdesk book this version opens, passing quick_check), or None.

    For offering a way back when a book cannot be opened. Replaced-* copies
    kept by a restore are not offered: the user chose to replace them.
    """
    for candidate in list_backups(Path(book_path)):
        try:
            check_restorable(candidate)
        except BookError:
            continue
        return candidate
    return None


def restore_book(candidate: Path, book: Path, *, wait: float = RESTORE_WAIT,
                 now: dt.datetime | None = None) -> Path | None:
    """Replace ``book`` with the backup ``candidate``.

    The book being replaced is kept first, in its backups folder, as
    ``replaced-*.refdesk``; that copy's path is returned (None when there was
    no book). A damaged book is kept as it is, byte for byte. Refused with
    BookError, the book unchanged, while the window has the book open or,
    after ``wait`` seconds, while another command still has it open. A link
    is followed: the book it points to is restored, the link stays.
    """
    candidate, shown = Path(candidate), Path(book)
    book = Path(os.path.realpath(book))
    check_restorable(candidate)
    if not book.parent.is_dir():
        raise BookError(f"There is no folder {shown.parent} to restore {shown.name} into; "
                        "nothing was restored.")
    if book.is_dir():
        raise BookError(f"{shown} is a folder, not a refdesk book; nothing was restored.")
    if os.path.realpath(candidate) == str(book):
        raise BookError(f"{candidate} is the book itself; choose a backup to restore.")
    if book.exists() and is_read_only(book):
        raise BookError(f"{shown} is read-only; nothing was restored. Make it writable first "
                        "if you mean to replace it.")
    lock = BookLock(book).acquire("restore over")
    part = book.with_name(book.name + ".restoring")
    kept = None
    try:
        copy_book(candidate, part, refused="nothing was restored")
        if not book.exists() or (book.stat().st_size == 0
                                 and not Path(f"{book}-wal").exists()):
            _revision_past(part, None)
            os.replace(part, book)
            return None
        # A connection this process dropped but did not close lives until the
        # garbage collector breaks its reference cycle, holding the book's
        # lock meanwhile: let it go before waiting for others.
        gc.collect()
        with sole_access(book, wait, "restore over") as con:
            damaged = con is None or quick_check(con) is not None
            kept = _keep_aside(book, con, damaged, now or dt.datetime.now())
            _revision_past(part, _stamp_of(con))
            written = con is not None and _write_through(part, con, damaged)
            if not written:  # still holding the lock: no other process has the WAL open
                _swap_file(part, book)
        return kept
    except (OSError, sqlite3.Error) as exc:
        aside = f" The book as it was is also kept at {kept}." if kept else ""
        failed = book_error(exc, shown) if isinstance(exc, sqlite3.Error) else None
        raise BookError(f"{failed or f'Could not restore {shown} from {candidate}: {exc}.'}"
                        f"{aside}") from exc
    finally:
        for leftover in (part, Path(f"{part}-journal")):
            leftover.unlink(missing_ok=True)
        lock.release()


def _keep_aside(book: Path, con: sqlite3.Connection | None, damaged: bool,
                now: dt.datetime) -> Path:
    # Named apart from the timed backups so thinning never removes it.
    kept = new_file(backups_dir(book), f"replaced-{now.strftime(STAMP)}", BOOK_SUFFIX)
    try:
        if not damaged:
            copy_book(book, kept, connection=con, refused="nothing was restored")
        else:  # damaged: the file as it is (and its -wal), for whoever can rescue it
            copy_file(book, kept, refused="nothing was restored")
            wal = Path(f"{book}-wal")
            if wal.exists() and wal.stat().st_size > 0:
                copy_file(wal, Path(f"{kept}-wal"), refused="nothing was restored")
    except BaseException:
        kept.unlink(missing_ok=True)
        raise
    return kept


def _write_through(part: Path, con: sqlite3.Connection, damaged: bool) -> bool:
    """Write the prepared copy into the book through ``con`` (holding the
    exclusive lock); False when a damaged book cannot take it that way."""
    # Into the book's own file, through SQLite: a command that opens the
    # book next (even one waiting for the lock now) reads the restored book,
    # never a file swapped out from under it. Out of WAL first: the backup's
    # page size may differ.
    try:
        con.execute("PRAGMA journal_mode = DELETE")
        src = sqlite3.connect(f"{part.resolve().as_uri()}?mode=ro", uri=True)
        try:
            src.backup(con)
        finally:
            src.close()
    except sqlite3.DatabaseError:
        if not damaged:
            raise
        return False
    return True


def _swap_file(part: Path, book: Path) -> None:
    # Only for a book SQLite cannot read (its header or schema is damaged),
    # so no connection can be using it: swap the file, and drop the old -wal
    # and -shm, which would be replayed into the new file.
    os.replace(part, book)
    for suffix in ("-wal", "-shm"):
        Path(f"{book}{suffix}").unlink(missing_ok=True)


def _revision_past(restored: Path, replaced: BookStamp | None) -> None:
    # The restored copy carries an older revision; edits after the restore
    # would reuse numbers the replaced book had, and backups and the board
    # snapshot would take the new contents for unchanged. Move past both.
    own = read_stamp(restored)
    newest = max(own.revision if own else 0, replaced.revision if replaced else 0)
    try:
        con = sqlite3.connect(str(restored))
        try:
            con.execute("UPDATE book_meta SET revision = ? WHERE id = 1", (newest + 1,))
            con.commit()
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise BookError(f"Could not prepare {restored.name} for restoring: {exc}.") from exc
