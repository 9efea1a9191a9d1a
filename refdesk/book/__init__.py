"""The Book: the one object the GUI and the CLI use for all data access."""

from __future__ import annotations

import logging
import sqlite3
from contextlib import AbstractContextManager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from peewee import DatabaseError, SqliteDatabase

from refdesk.errors import RefdeskError
from refdesk.paths import make_private_dir
from refdesk.store.book_lock import BookLock
from refdesk.store.database import check_book_file, open_db
from refdesk.store.models import bind_models

if TYPE_CHECKING:
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
    from refdesk.book.timeline import TimelineEvent

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
        self._lock: BookLock | None = None

    # Each sub-object is made, and its module imported, on first use: a
    # command that touches only contacts (an import of 20,000) does not pay
    # ~40 ms importing the board's and the pipeline's rules. The sub-objects
    # hold nothing but the models and each other, so two threads making one
    # at once (cached_property takes no lock from Python 3.12) build two
    # equal objects, and keeping either is harmless.

    @cached_property
    def settings(self) -> BookSettings:
        from refdesk.book.settings import BookSettings
        return BookSettings(self.models)

    @cached_property
    def contacts(self) -> Contacts:
        from refdesk.book.contacts import Contacts
        return Contacts(self.models)

    @cached_property
    def activity(self) -> Activity:
        from refdesk.book.activity import Activity
        return Activity(self.models)

    @cached_property
    def referrals(self) -> Referrals:
        from refdesk.book.referrals import Referrals
        return Referrals(self.models, lambda: self.settings.get("follow_up_days"),
                         self.settings.working_days)

    @cached_property
    def board(self) -> Board:
        from refdesk.book.board import Board
        return Board(self.db, self.settings)

    @cached_property
    def cards(self) -> Cards:
        from refdesk.book.cards import Cards
        return Cards(self.models)

    # The referral pipeline (issue 11).
    @cached_property
    def follow_ups(self) -> FollowUps:
        from refdesk.book.follow_ups import FollowUps
        return FollowUps(self.models, self.settings, self.cards.gift)

    @cached_property
    def rewards(self) -> Rewards:
        from refdesk.book.rewards import Rewards
        return Rewards(self.models, self.settings)

    @cached_property
    def given_referrals(self) -> GivenReferrals:
        from refdesk.book.given_referrals import GivenReferrals
        return GivenReferrals(self.models)

    @cached_property
    def ask_scripts(self) -> AskScripts:
        from refdesk.book.ask_scripts import AskScripts
        return AskScripts(self.models, self.settings)

    @cached_property
    def archive(self) -> Archive:
        from refdesk.book.archive import Archive
        return Archive(self.models)

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
        from refdesk.book.timeline import contact_timeline
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
