"""The Book: the one object the GUI and the CLI use for all data access."""

from __future__ import annotations

import logging
import sqlite3
from contextlib import AbstractContextManager
from pathlib import Path

from peewee import DatabaseError, SqliteDatabase

from refdesk.book.activity import Activity
from refdesk.book.archive import Archive
from refdesk.book.ask_scripts import AskScripts
from refdesk.book.board import Board
from refdesk.book.cards import Cards
from refdesk.book.contacts import Contacts
from refdesk.book.follow_ups import FollowUps
from refdesk.book.given_referrals import GivenReferrals
from refdesk.book.referrals import Referrals
from refdesk.book.rewards import Rewards
from refdesk.book.settings import BookSettings
from refdesk.book.timeline import TimelineEvent, contact_timeline
from refdesk.errors import RefdeskError
from refdesk.paths import make_private_dir
from refdesk.store.book_lock import BookLock
from refdesk.store.database import check_book_file, open_db
from refdesk.store.models import bind_models

log = logging.getLogger(__name__)


class Book:
    """An open refdesk book. Sub-objects group the typed operations:
    ``contacts``, ``activity``, ``referrals``, ``settings``, ``follow_ups``,
    ``rewards``, ``given_referrals``, ``ask_scripts``, ``archive``.

    Everything a Book reads or writes goes through its own database and its
    own models (``bind_models``), never a global: books open side by side in
    one process, or on several threads, each reach their own file only.
    """

    def __init__(self, path: Path, db: SqliteDatabase):
        self.path = path
        self.db = db
        # The models bound to this book's database: for the sub-objects, the
        # demo writer and tests. Windows use the typed methods, not queries.
        self.models = bind_models(db)
        self.settings = BookSettings(self.models)
        self.contacts = Contacts(self.models)
        self.activity = Activity(self.models)
        self.referrals = Referrals(self.models, lambda: self.settings.get("follow_up_days"),
                                   self.settings.working_days)
        self.board = Board(db, self.settings)
        self._lock: BookLock | None = None
        self.cards = Cards(self.models)
        # The referral pipeline (issue 11).
        self.follow_ups = FollowUps(self.models, self.settings, self.cards.gift)
        self.rewards = Rewards(self.models, self.settings)
        self.given_referrals = GivenReferrals(self.models)
        self.ask_scripts = AskScripts(self.models, self.settings)
        self.archive = Archive(self.models)

    @classmethod
    def open(cls, path: Path | str, *, create: bool = True, lock: bool = False,
             held: BookLock | None = None) -> Book:
        """Open (creating and migrating as needed) the book at ``path``.

        With ``lock`` (the window does this) the book is held until close():
        a second window or a restore is refused instead of changing the file
        under it. Headless commands share the book through SQLite's own
        locking, so 'refdesk today' works while the window is open. ``held``
        is that lock taken already (a warm start's, refdesk.saved_board): the
        Book keeps it, or releases it if the book cannot be opened.
        """
        path = Path(path)
        if held is not None:
            return cls._open_holding(path, create, held)
        if not lock:
            return cls(path, open_db(path, create=create))
        if not path.exists() and not create:
            return cls(path, open_db(path, create=False))  # raises: no book there
        if path.exists():
            check_book_file(path)  # refuse before leaving anything beside it
        make_private_dir(path.parent)  # folders it makes are 0700 whatever the umask
        return cls._open_holding(path, create, BookLock(path).acquire())

    @classmethod
    def _open_holding(cls, path: Path, create: bool, held: BookLock) -> Book:
        try:
            book = cls(path, open_db(path, create=create))
        except BaseException:
            held.release()
            raise
        book._lock = held
        return book

    def atomic(self) -> AbstractContextManager:
        """A transaction: everything inside lands together or not at all."""
        return self.db.atomic()

    def timeline(self, contact_id: int) -> list[TimelineEvent]:
        """Everything that happened with a contact, newest first."""
        return contact_timeline(self.models, contact_id)

    def revision(self) -> int:
        """A number that grows with every change to the book."""
        return self.db.execute_sql("SELECT revision FROM book_meta WHERE id = 1").fetchone()[0]

    def is_empty(self) -> bool:
        """True for a book with no contacts yet (the welcome view shows then)."""
        return self.contacts.count() == 0

    def close(self) -> None:
        """Checkpoint the WAL and close, leaving one self-contained file."""
        try:
            if not self.db.is_closed():
                try:
                    self.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                except (RefdeskError, DatabaseError, sqlite3.DatabaseError):
                    # Best effort: on a full disk or a read-only book the WAL stays
                    # and SQLite folds it in next time; what was done is committed.
                    log.warning("checkpoint on closing book failed; the WAL is kept")
                finally:
                    self.db.close()
        finally:
            if self._lock is not None:
                self._lock.release()
                self._lock = None

    def __enter__(self) -> Book:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
