"""Import an address-book file into a book: new contacts added, known ones
merged, all in one transaction."""

from __future__ import annotations

import gc
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from operator import not_
from pathlib import Path
from typing import Any

from peewee import OperationalError, PeeweeException

from refdesk.book import Book
from refdesk.book.records import ContactData
from refdesk.domain.names import display_name
from refdesk.domain.vocabulary import CONTACT_KINDS
from refdesk.errors import BookError, RefdeskError
from refdesk.exchange.contact_writer import add_columns, add_contacts, references_unchecked
from refdesk.exchange.duplicates import TIED_TO_BOOK, TIED_TO_NOTHING, KnownContacts
from refdesk.exchange.import_report import Duplicate, ImportReport, Merge
from refdesk.exchange.merging import conflicts, copied, merge_into
from refdesk.exchange.person_keys import Candidate, Keys, in_the_book
from refdesk.exchange.phones import PhoneNormalizer
from refdesk.exchange.read_columns import ReadColumns
from refdesk.exchange.reading import read_contacts
from refdesk.exchange.results import ReadEntry, ReadResult
from refdesk.store.sqlite_errors import book_error

Progress = Callable[[int, int], None]  # (contacts written so far, contacts to write)
# Why a record is the book's contact holding its e-mail again: (address, whom).
_AGAIN = "same e-mail {} as {}; nothing new"
_duplicate = partial(tuple.__new__, Duplicate)  # (record, line, name, reason): a Duplicate


def import_contacts(book: Book, path: Path | str, *, kind: str = "customer",
                    tag: str | None = None, dry_run: bool = False,
                    progress: Progress | None = None) -> ImportReport:
    """Read ``path``, add its new contacts to ``book`` and merge the known ones, all or none.

    Who is already known: see refdesk.exchange.duplicates; a known contact
    gains the record's fields it had empty, and its new e-mails, phones and
    tags (``tag`` is given to every contact the file brings or touches).
    ``progress(done, total)`` is called as contacts are written; an exception
    raised from it, like any failure, rolls the whole import back.
    """
    check_kind(kind)
    with paused_gc():
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
    with paused_gc():
        return _import_read(book, result, kind, (tag or "").strip(), dry_run, progress)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Python's cycle collector held off while an import makes its objects.

    Tens of thousands of contacts, keys and rows, none of them in a cycle,
    set it off again and again over everything alive: a third of the time
    of importing 20,000 contacts. Reference counting still frees what goes;
    the collector runs again when the import is over. What the import made
    is young to it, and its first run would walk all of it (40 ms after
    20,000 contacts): it goes to the oldest generation unexamined (freeze
    then unfreeze), walked only at the next full collection, as anything
    long-lived is.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def _import_read(book: Book | None, result: ReadResult, kind: str, tag: str, dry_run: bool,
                 progress: Progress | None) -> ImportReport:
    if dry_run or book is None:
        return _Plan(book, result, kind, tag, dry_run).report
    # The write lock comes first: another import (another process) cannot
    # add the same people between this one's duplicate check and its write.
    plan: _Plan | None = None
    try:
        with references_unchecked(book), book.db.atomic(lock_type="IMMEDIATE"):
            plan = _Plan(book, result, kind, tag, dry_run)
            plan.write(book, progress)
    except OperationalError as exc:  # BEGIN or COMMIT: the lock stayed taken (busy timeout)
        # SQLite rolls back by itself on a full disk, so the rollback after the
        # write's failure fails too, and Peewee's wrapping loses the first error.
        if plan is not None and isinstance(plan.failure, BookError):
            raise plan.failure from exc
        about_file = _about_the_file(exc, book)
        if about_file is not None:  # a full disk, a read-only or damaged book: say that
            raise about_file from exc
        raise RefdeskError(f"{book.path.name} could not be written ({exc}); another program "
                           "may be writing to it. Nothing was imported; try again.") from exc
    return plan.report


class _Plan:
    """What the file brings: contacts to add, the book's contacts to update."""

    def __init__(self, book: Book | None, result: ReadResult, kind: str, tag: str,
                 dry_run: bool):
        region = book.settings.get("phone_region") if book is not None else ""
        self.phones = PhoneNormalizer(region)
        # The file's numbers first: the book's, already E.164, are then known
        # rather than parsed again (a re-import of 20,000 contacts).
        e164 = self.phones.e164
        if result.columns is not None:
            self.phones.each_e164(filter(None, result.columns.phones))
        else:
            for entry in result.entries:
                for number, _ in entry.contact.phones:
                    e164(number)
        known = self._known = KnownContacts.of_book(book, self.phones)
        self.report = ImportReport(result.path, result.format, result.encoding,
                                   result.records, notes=list(result.notes), dry_run=dry_run)
        self.to_add: list[tuple[int, ContactData]] = []  # (line, contact)
        self.to_update: dict[int, ContactData] = {}  # book contact id -> merged fields
        self.failure: RefdeskError | None = None  # why write() failed, for the caller
        # When to_add holds the contacts as read: what the writer gives them
        # (see add_contacts), instead of a copy of each made here.
        self._as_read: dict[str, Any] = {}
        # The records of a file of plain records that are new: written from its columns.
        self._columns: ReadColumns | None = None
        self._plan(book, known, result, kind, tag)
        left_out = {d.record for d in self.report.duplicates}
        # A record not imported has field problems that would only confuse.
        self.report.problems = [p for p in result.problems
                                if p.skipped or p.record not in left_out]
        self.report.added = len(self.to_add) if self._columns is None else len(self._columns)

    def _plan(self, book: Book | None, known: KnownContacts, result: ReadResult,
              kind: str, tag: str) -> None:
        """Who each record is: all new, all there already, or one by one. The
        contacts as read tell a file imported again (a number matches by its
        key, typed or E.164; only a tag would be new to the book's contact), so
        that it makes no contact of its own. A file of plain records whose
        records are each new or the book's contact again makes none at all
        (its columns tell: see _of_columns)."""
        columns = result.columns
        if columns is not None and self._of_columns(known, columns, kind, tag):
            return
        entries = result.entries
        if not tag and self._all_again(known, [(entry, entry.contact) for entry in entries]):
            return
        ties = known.ties([entry.contact for entry in entries])
        if not any(ties):  # all new: written as read, given kind, tag and numbers then
            self.to_add += [(line, contact) for _, line, contact in entries]
            self._as_read = {"kind": kind, "tag": tag, "phones": self.phones.numbers}
            return
        if tag and all(ties):
            pairs = [(entry, self._incoming(entry.contact, kind, tag)) for entry in entries]
            if self._all_again(known, pairs):
                return
        self._match_each(book, known, entries, ties, kind, tag)

    def _all_again(self, known: KnownContacts,
                   pairs: list[tuple[ReadEntry, ContactData]]) -> bool:
        """Whether every record is the book's contact holding its first e-mail,
        and adds nothing to it (a file imported again): then each is reported
        as _match_each would, without its keys and candidates. The first record
        that is not ends the attempt, with nothing reported."""
        owners = list(map(known.owner_of_first_email, (contact for _, contact in pairs)))
        if None in owners:  # someone new (a file partly known): told before any comparing
            return False
        duplicates = []
        for ((record, line, _), contact), book_id in zip(pairs, owners, strict=True):
            duplicate = self._again(known, record, line, contact, book_id)
            if duplicate is None:
                return False
            duplicates.append(duplicate)
        self.report.duplicates = duplicates
        return True

    def _of_columns(self, known: KnownContacts, columns: ReadColumns, kind: str,
                    tag: str) -> bool:
        """Plan a file of plain records from its columns, when it is all there
        again, or its records are each someone new or the book's contact again
        (nothing tied to another record; without a tag, which would be new to
        the book's contacts): as _all_again and _match_each would, without a
        contact a record. False, planning nothing, when it is not."""
        if not tag and self._again_columns(known, columns):
            return True
        tied = known.tied_to_book(columns)
        if tied is None or (any(tied) and (tag or not self._again_columns(
                known, columns.subset(tied)))):
            return False
        # The new ones: written from the columns, given kind, tag and numbers then.
        self._columns = columns.subset(list(map(not_, tied))) if any(tied) else columns
        self._as_read = {"kind": kind, "tag": tag, "numbers": self.phones.each_e164}
        return True

    def _again_columns(self, known: KnownContacts, columns: ReadColumns) -> bool:
        """Every record of ``columns`` reported as the book's contact again,
        as _all_again would, when each is (KnownContacts.again)."""
        whose = known.again(columns)
        if whose is None:
            return False
        names = map(display_name, columns.column("first_name"), columns.column("last_name"),
                    columns.column("company"))
        reasons = map(_AGAIN.format, columns.emails, whose)
        self.report.duplicates = list(map(_duplicate, zip(
            columns.records, columns.lines, names, reasons, strict=True)))
        return True

    def _again(self, known: KnownContacts, record: int, line: int, contact: ContactData,
               book_id: int | None) -> Duplicate | None:
        """The record as a duplicate of ``book_id``, the book's contact holding
        its first e-mail, when it adds nothing to it; else None. As _match_each
        would report it: the book's keys come first, and a contact merged into
        earlier in the file only holds more."""
        if book_id is None:
            return None
        before = known.book[book_id]  # read whole once a record is someone there
        if merge_into(before, contact, phone_key=self.phones.key, apply=False):
            return None
        return Duplicate(record, line, contact.display_name,
                         _AGAIN.format(contact.emails[0][0], in_the_book(before)))

    def _match_each(self, book: Book | None, known: KnownContacts, entries: list[ReadEntry],
                    ties: list[int], kind: str, tag: str) -> None:
        """Each record in turn: new, or merged into whom it matches. A record
        tied to nothing is new without matching; one tied to the book alone
        that adds nothing to the owner of its first e-mail is that contact
        again, whatever the other records are (see KnownContacts.ties)."""
        known.index_names()
        keys_of, match, remember, to_add = known.keys, known.match, known.add, self.to_add
        incoming, again, duplicates = self._incoming, self._again, self.report.duplicates
        owner = known.owner_of_first_email
        identical = self._identical if known.has_book_names else None
        for (record, line, read), tie in zip(entries, ties, strict=True):
            if tie == TIED_TO_NOTHING:
                to_add.append((line, incoming(read, kind, tag)))
                continue
            # Without a tag the contact as read tells a duplicate (see _plan).
            contact = incoming(read, kind, tag) if tag or tie != TIED_TO_BOOK else read
            if tie == TIED_TO_BOOK:
                duplicate = again(known, record, line, contact, owner(contact))
                if duplicate is not None:
                    duplicates.append(duplicate)
                    continue
                if contact is read:
                    contact = incoming(read, kind, tag)
            keys = keys_of(contact)
            found = match(keys) or (identical and identical(known, keys, contact))
            if not found:
                candidate = Candidate(contact, pending=len(to_add), line=line)
                to_add.append((line, contact))
            else:
                candidate, reason = found
                self._merge(book, record, line, contact, candidate, reason)
            remember(keys, candidate)

    def _incoming(self, read: ContactData, kind: str, tag: str) -> ContactData:
        # A new contact: the read one stays as it was, for another import. Its
        # fields copied as a dict (dataclasses.replace costs four times more).
        fields = {**read.__dict__, "kind": kind, "emails": list(read.emails),
                  "tags": [*read.tags, tag] if tag else list(read.tags),
                  "phones": self.phones.numbers(read.phones) if read.phones else []}
        contact = object.__new__(ContactData)
        contact.__dict__ = fields
        return contact

    def _identical(self, known: KnownContacts, keys: Keys,
                   contact: ContactData) -> tuple[Candidate, str] | None:
        """A book contact of the same name that ``contact`` adds nothing to (tags aside)."""
        for candidate in known.same_name_in_book(keys):
            kept = self.to_update.get(candidate.book_id) or known.book[candidate.book_id]
            if not (conflicts(kept, contact) or merge_into(
                    kept, contact, phone_key=self.phones.key, apply=False, tags=False)):
                return candidate, "same name and nothing else"
        return None

    def _merge(self, book: Book | None, record: int, line: int, contact: ContactData,
               candidate: Candidate, reason: str) -> None:
        whose = candidate.whose  # as the user knows them: before they gain anything
        if candidate.book_id is None:
            kept = self.to_add[candidate.pending][1]
        else:
            kept = self.to_update.get(candidate.book_id)
        if kept is None:
            # The book's contact as read is never changed: it is the "before",
            # and it is copied only when the record adds to it (a re-import
            # adds nothing to thousands).
            before = self._known.book[candidate.book_id]
            gained = merge_into(before, contact, phone_key=self.phones.key, apply=False)
            if gained:
                self.report.merged_before[candidate.book_id] = before
                kept = self.to_update[candidate.book_id] = copied(before)
                merge_into(kept, contact, phone_key=self.phones.key)
        else:
            gained = merge_into(kept, contact, phone_key=self.phones.key)
        report = self.report
        if gained:
            report.merges.append(Merge(record, line, contact.display_name, whose,
                                       candidate.book_id, reason, tuple(gained)))
        else:
            report.duplicates.append(Duplicate(record, line, contact.display_name,
                                               f"{reason} as {whose}; nothing new"))

    def write(self, book: Book, progress: Progress | None) -> None:
        """Add and update, inside the caller's transaction."""
        changed = {cid: data for cid, data in self.to_update.items()
                   if data != self.report.merged_before[cid]}
        total = self.report.added + len(changed)
        try:
            self.report.added_ids = add_columns(
                book, self._columns, progress=progress, total=total, **self._as_read) \
                if self._columns is not None else add_contacts(
                book, [contact for _, contact in self.to_add], progress=progress, total=total,
                **self._as_read)
        except BookError as exc:
            self.failure = exc
            raise  # about the book itself (full, read-only, damaged): said as such
        except (RefdeskError, PeeweeException, sqlite3.Error) as exc:
            raise RefdeskError(f"{self.report.path.name}: the contacts could not be added: "
                               f"{exc}. Nothing was imported.") from exc
        for done, (contact_id, data) in enumerate(changed.items(), start=self.report.added + 1):
            try:
                book.contacts.update(contact_id, data)
            except BookError as exc:
                self.failure = exc
                raise
            except (RefdeskError, PeeweeException) as exc:
                raise RefdeskError(f"{self.report.path.name}: {data.display_name} could not "
                                   f"be merged: {exc}. Nothing was imported.") from exc
            if progress is not None:
                progress(done, total)
        self.report.merged_before = {cid: self.report.merged_before[cid] for cid in changed}


def _about_the_file(exc: BaseException, book: Book) -> BookError | None:
    """The BookError behind ``exc`` (a busy, full, read-only or damaged book)."""
    seen: BaseException | None = exc
    visited: set[int] = set()  # a chain can loop back on itself
    while seen is not None and id(seen) not in visited:
        visited.add(id(seen))
        if isinstance(seen, BookError):
            return seen
        if isinstance(seen, sqlite3.Error):
            found = book_error(seen, book.path)
            if found is not None:
                return found
        seen = seen.__cause__ or seen.__context__
    return None


def check_kind(kind: str) -> None:
    """RefdeskError unless ``kind`` is a contact kind the book knows."""
    if kind not in CONTACT_KINDS:
        raise RefdeskError(f"Unknown contact kind {kind!r}; use one of "
                           f"{', '.join(CONTACT_KINDS)}.")
