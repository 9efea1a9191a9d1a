"""The Book's doors to keeping a book safe on disk: backups, their second
copy, restore, and where the book lives.

These work on a book's path (a backup runs beside an open book, on another
thread, through SQLite's own copy), so they are functions rather than
methods of an open Book; the window reaches the store only through here.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from refdesk.paths import backups_dir
from refdesk.store.backup import (
    backup_book,
    backup_due,
    check_restorable,
    newest_good_backup,
    restore_book,
)
from refdesk.store.backup_mirror import mirror_backups
from refdesk.store.synced_folder import synced_folder_kind

__all__ = ["back_up", "backup_due", "check_restorable",
           "newest_good_backup", "restore_book", "synced_folder_kind"]


def back_up(book: Path, *, force: bool = False, second_folder: Path | None = None,
            now: dt.datetime | None = None) -> Path | None:
    """Back the book up when it changed (or ``force``); the backup written, or
    None. With ``second_folder`` the book's backups are mirrored there too,
    also when nothing new was written (catching up after a disk came back)."""
    written = backup_book(book, force=force, now=now)
    if second_folder is not None:
        mirror_backups(backups_dir(book), second_folder)
    return written
