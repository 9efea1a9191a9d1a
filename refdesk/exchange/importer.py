"""Import an address-book file into a book: all new contacts in one transaction."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from peewee import OperationalError, PeeweeException

from refdesk.book import Book
from refdesk.book.records import ContactData
from refdesk.domain.vocabulary import CONTACT_KINDS
from refdesk.errors import RefdeskError
from refdesk.exchange.duplicates import KnownContacts
from refdesk.exchange.reading import read_contacts
from refdesk.exchange.results import Problem, ReadResult
from refdesk.store.sqlite_errors import book_error

Progress = Callable[[int, int], None]  # (contacts added so far, contacts to add)


@dataclass(frozen=True)
class Duplicate:
    """A record left out because its contact is already in the book (or the file)."""

    record: int
    line: int
    name: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line} ({self.name}): {self.reason}"


@dataclass
class ImportReport:
    """What an import did, or would do on a dry run."""

    path: Path
    format: str  # "vCard" or "CSV"
    encoding: str
    records: int  # records in the file
    added: int = 0  # contacts added (on a dry run: that would be added)
    added_ids: list[int] = field(default_factory=list)  # empty on a dry run
    duplicates: list[Duplicate] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def skipped(self) -> list[Problem]:
        """Records left out for lack of a name, company or e-mail address, or unreadable."""
        return [p for p in self.problems if p.skipped]

    @property
    def imported_with_problems(self) -> list[Problem]:
        """Problems of records imported with the faulty fields left empty."""
        return [p for p in self.problems if not p.skipped]

    def summary(self) -> str:
        """One sentence: added, duplicates, skipped."""
        verb = "Would add" if self.dry_run else "Added"
        plural = "" if self.added == 1 else "s"
        parts = [f"{verb} {self.added} contact{plural} from {self.path.name}"]
        if self.duplicates:
            parts.append(f"{len(self.duplicates)} already in the book")
        skipped = {p.record for p in self.skipped}
        if skipped:
            parts.append(f"{len(skipped)} skipped")
        return "; ".join(parts) + "."


def import_contacts(book: Book, path: Path | str, *, kind: str = "customer",
                    tag: str | None = None, dry_run: bool = False,
                    progress: Progress | None = None) -> ImportReport:
    """Read ``path`` and add its contacts that are not in ``book`` yet, all or none.

    Duplicates (same e-mail address, or same full name and company) are
    skipped; ``tag`` is given to every added contact. ``progress(done, total)``
    is called after each contact; an exception raised from it, like any
    failure, rolls the whole import back and leaves the book as it was.
    """
    check_kind(kind)
    return import_read(book, read_contacts(path), kind=kind, tag=tag, dry_run=dry_run,
                       progress=progress)


def import_read(book: Book | None, result: ReadResult, *, kind: str = "customer",
                tag: str | None = None, dry_run: bool = False,
                progress: Progress | None = None) -> ImportReport:
    """Import contacts already read (e.g. shown in a preview); see import_contacts.

    ``book`` may be None on a dry run only: the contacts are then compared with
    an empty book, for a book that does not exist yet.
    """
    check_kind(kind)
    if book is None and not dry_run:
        raise ValueError("import_read needs a book unless it is a dry run")
    tag = (tag or "").strip()
    if dry_run or book is None:
        return _plan(book, result, kind, tag, dry_run)[0]
    # The write lock comes first: another import (another process) cannot
    # add the same people between this one's duplicate check and its write.
    try:
        with book.db.atomic(lock_type="IMMEDIATE"):
            report, to_add = _plan(book, result, kind, tag, dry_run)
            for done, (line, contact) in enumerate(to_add, start=1):
                try:
                    report.added_ids.append(book.contacts.add(contact))
                except (RefdeskError, PeeweeException) as exc:
                    raise RefdeskError(
                        f"{result.path.name}, line {line} ({contact.display_name}) could not "
                        f"be added: {exc}. Nothing was imported.") from exc
                if progress is not None:
                    progress(done, len(to_add))
    except OperationalError as exc:  # BEGIN or COMMIT: the lock stayed taken (busy timeout)
        cause = exc.__cause__ or exc.__context__
        about_file = book_error(cause, book.path) if isinstance(cause, sqlite3.Error) else None
        if about_file is not None:  # a full disk, a read-only or damaged book: say that
            raise about_file from exc
        raise RefdeskError(f"{book.path.name} could not be written ({exc}); another program "
                           "may be writing to it. Nothing was imported; try again.") from exc
    return report


def _plan(book: Book | None, result: ReadResult, kind: str, tag: str,
          dry_run: bool) -> tuple[ImportReport, list[tuple[int, ContactData]]]:
    """The report, and the (line, contact) pairs that are new to the book."""
    known = KnownContacts.of_book(book)
    report = ImportReport(result.path, result.format, result.encoding, result.records,
                          notes=list(result.notes), dry_run=dry_run)
    to_add = []
    for entry in result.entries:
        tags = [*entry.contact.tags, tag] if tag else list(entry.contact.tags)
        contact = dataclasses.replace(entry.contact, kind=kind, tags=tags)
        reason = known.match(contact)
        if reason:
            report.duplicates.append(Duplicate(entry.record, entry.line,
                                               contact.display_name, reason))
            continue
        known.add(contact, f"{contact.display_name} (line {entry.line} of this file)")
        to_add.append((entry.line, contact))
    left_out = {d.record for d in report.duplicates}
    # A duplicate is not imported, so its field problems would only confuse.
    report.problems = [p for p in result.problems if p.skipped or p.record not in left_out]
    report.added = len(to_add)
    return report, to_add


def check_kind(kind: str) -> None:
    """RefdeskError unless ``kind`` is a contact kind the book knows."""
    if kind not in CONTACT_KINDS:
        raise RefdeskError(f"Unknown contact kind {kind!r}; use one of "
                           f"{', '.join(CONTACT_KINDS)}.")
