"""Backups of a book: online copies, skip-if-unchanged, thinning, restore.

Copies use SQLite's online backup API, so a backup taken while the app has
the book open is consistent. Backup files are plain single-file books
(journal_mode=DELETE) that open like any other.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from refdesk.errors import BookError
from refdesk.paths import BOOK_SUFFIX, backups_dir
from refdesk.store.book_lock import BookLock
from refdesk.store.database import create_private_file
from refdesk.store.migrations import APPLICATION_ID, LATEST_VERSION

STAMP = "%Y%m%d-%H%M%S"
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12


def copy_book(source: Path, dest: Path) -> Path:
    """Copy the book at ``source`` to ``dest`` atomically; return ``dest``."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(dest.name + ".part")
    part.unlink(missing_ok=True)
    try:
        # Private from its first byte: SQLite keeps an existing file's mode.
        create_private_file(part)
        src = sqlite3.connect(str(source))
        try:
            dst = sqlite3.connect(str(part))
            try:
                src.backup(dst)
                # A self-contained file: no -wal beside a backup.
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        os.chmod(part, 0o600)
        with open(part, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(part, dest)
    except (OSError, sqlite3.Error) as exc:
        part.unlink(missing_ok=True)
        raise BookError(f"Could not copy {source} to {dest}: {exc}.") from exc
    return dest


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
            row = con.execute("SELECT book_id, revision FROM book_meta WHERE id = 1").fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return None
    return BookStamp(row[0], row[1]) if row else None


def list_backups(book: Path) -> list[Path]:
    """The automatic backups of ``book``, newest first."""
    folder = backups_dir(book)
    if not folder.is_dir():
        return []
    found = [p for p in folder.glob(f"*{BOOK_SUFFIX}") if _stamp_time(p) is not None]
    return sorted(found, key=lambda p: _stamp_time(p), reverse=True)


def _stamp_time(path: Path) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(path.name.removesuffix(BOOK_SUFFIX), STAMP)
    except ValueError:
        return None


def backup_book(book: Path, *, force: bool = False, now: dt.datetime | None = None,
                dest: Path | None = None) -> Path | None:
    """Back up ``book``; return the new file, or None when nothing changed.

    Without ``dest`` the copy goes to the book's backups folder, named by
    time, and old backups are thinned afterwards.
    """
    if dest is not None:
        return copy_book(book, dest)
    now = now or dt.datetime.now()
    existing = list_backups(book)
    if existing and not force and read_stamp(existing[0]) == read_stamp(book):
        return None
    target = backups_dir(book) / f"{now.strftime(STAMP)}{BOOK_SUFFIX}"
    copy_book(book, target)
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
            result = con.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise BookError(f"{candidate} is damaged ({exc}); nothing was restored.") from exc
    if result != "ok":
        raise BookError(f"{candidate} is damaged ({result}); nothing was restored.")


def restore_book(candidate: Path, book: Path) -> Path | None:
    """Replace ``book`` with the backup ``candidate``.

    The book being replaced is kept as a backup first; that backup's path is
    returned (None when there was no book). The book must not be open.
    """
    candidate, book = Path(candidate), Path(book)
    check_restorable(candidate)
    lock = BookLock(book).acquire("restore over")
    try:
        kept, replaced = None, read_stamp(book) if book.exists() else None
        if book.exists() and book.stat().st_size > 0:
            # Named apart from the timed backups so thinning never removes it.
            stamp = dt.datetime.now().strftime(STAMP)
            kept = copy_book(book, backups_dir(book) / f"replaced-{stamp}{BOOK_SUFFIX}")
            _checkpoint_and_drop_wal(book)
        part = book.with_name(book.name + ".restoring")
        copy_book(candidate, part)
        _revision_past(part, replaced)
        os.replace(part, book)
    finally:
        lock.release()
    return kept


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


def _checkpoint_and_drop_wal(book: Path) -> None:
    # An old -wal beside a replaced file would be replayed into it: fold it in
    # and remove it before the swap.
    try:
        con = sqlite3.connect(str(book))
        try:
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise BookError(f"Could not prepare {book} for restoring: {exc}; it was not "
                        "replaced.") from exc
    for suffix in ("-wal", "-shm"):
        Path(f"{book}{suffix}").unlink(missing_ok=True)
