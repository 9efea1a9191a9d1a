"""Who an imported contact already is: the book's people, then the file's.

The same person when they share a normalised e-mail address; or share a
normalised phone number and the same name; or have the same name and the
same (non-empty) company while neither has an e-mail the other lacks to tell
them apart. A shared office phone alone, or a shared name alone, never makes
two people one; but a record that holds nothing a book contact of the same
name lacks is that contact again (so importing a file twice adds nobody).

The book's keys are read from four columns in bulk and lead to contact ids;
a book contact is read whole, and becomes a Candidate, only when a record
matches it: importing into a book the file does not overlap reads no
contact, and a re-import reads them once, not a query a contact.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import compress
from operator import itemgetter, or_
from typing import TYPE_CHECKING

from refdesk.book import Book
from refdesk.book.records import ContactData
from refdesk.exchange.book_contacts import book_contacts
from refdesk.exchange.person_keys import (
    Candidate,
    Keys,
    called_by,
    distinct_and_twice,
    email_key,
    folded_company,
    folded_name,
    folded_names,
    holds_any,
    keys_twice,
    name_company_pairs,
    names_in_the_book,
)
from refdesk.exchange.phones import PhoneNormalizer

if TYPE_CHECKING:
    from refdesk.exchange.read_columns import ReadColumns


# The book's e-mails and numbers by contact (KnownContacts.of_book).
_EMAILS = 'SELECT contact_id, address FROM "contact_email"'
_NUMBERS = 'SELECT contact_id, number FROM "contact_phone"'
# The fields a contact is named by: its names keys, and who a record is again.
_NAME_FIELDS = ["first_name", "last_name", "company"]
# What a record's keys tie it to (KnownContacts.ties).
TIED_TO_NOTHING, TIED_TO_BOOK, TIED_IN_FILE = 0, 1, 2


class KnownContacts:
    """The keys of every contact seen so far, each leading to its Candidate.

    The book's keys lead to contact ids (``_book_*``), the file's to
    Candidates; a key the book has is never taken by the file, as when the
    book's contacts were added first.
    """

    def __init__(self, phones: PhoneNormalizer,
                 load: Callable[[], dict[int, ContactData]] | None = None,
                 names: Callable[[], list[tuple[int, str, str, str]]] | None = None,
                 numbers: list[tuple[int, str]] | None = None,
                 fields: Callable[[list[str]], list[tuple]] | None = None):
        self.phones = phones
        # Reads the book's contacts' id and the given fields, a row each, by id.
        self._fields = fields
        self._load = load  # reads the book's contacts whole, when one is matched
        self._book: dict[int, ContactData] | None = None if load else {}
        # Reads the book's names (id, first, last, company) for the name keys,
        # made when first needed: a file imported again is told by e-mail alone.
        self._names, self._numbers = names, numbers
        # The book's rows of _NAME_FIELDS (id first), once read.
        self._name_rows: list[tuple] | None = None
        # The book's ids, folded names and companies, between _index_book_names
        # and index_names.
        self._book_rows: tuple[tuple[int, ...], list[str], list[str]] | None = None
        self._candidates: dict[int, Candidate] = {}
        self._book_email: dict[str, int] = {}
        self._book_phone_name: dict[tuple[str, str], int] = {}
        self._book_name_company: dict[tuple[str, str], list[int]] = {}
        # The book's contacts by name (or company, without one): candidates for
        # a record identical to one of them.
        self._book_names: dict[str, list[int]] = {}
        self.by_email: dict[str, Candidate] = {}
        self.by_phone_name: dict[tuple[str, str], Candidate] = {}
        self.by_name_company: dict[tuple[str, str], list[Candidate]] = {}

    @classmethod
    def of_book(cls, book: Book | None, phones: PhoneNormalizer) -> KnownContacts:
        """The e-mail keys of every contact in ``book`` (None: an empty book);
        its names (``_index_book_names``), its name-and-company and phone keys
        (``index_names``) and its contacts read whole (``known.book``) are
        made when first needed."""
        if book is None:
            return cls(phones)
        cursor = book.db.connection().cursor()
        # Each contact's e-mails and numbers, contacts in id order: the first
        # contact holding a key keeps it. Sorted here, not by SQLite: its sort
        # of every row, with labels and the preferred first, was nearly half of
        # reading a big book's keys; the contacts read whole have their own.
        emails = sorted(cursor.execute(_EMAILS).fetchall(), key=itemgetter(0))
        numbers = sorted(cursor.execute(_NUMBERS).fetchall(), key=itemgetter(0))
        def fields(names: list[str]) -> list[tuple]:
            columns = ", ".join(f'"{name}"' for name in ["id", *names])
            return cursor.execute(f'SELECT {columns} FROM "contact" ORDER BY id').fetchall()

        known = cls(phones, lambda: book_contacts(book), lambda: fields(_NAME_FIELDS), numbers,
                    fields)
        # email_key of each address, in C passes; read backwards, so that the
        # first contact holding a key is the one left holding it.
        keys = list(map(str.casefold, map(str.strip, map(itemgetter(1), emails))))
        known._book_email = dict(zip(reversed(keys), map(itemgetter(0), reversed(emails)),
                                     strict=True))
        return known

    def index_names(self) -> None:
        """Make the book's name, name-and-company and phone-and-name keys (once)."""
        self._index_book_names()
        if self._book_rows is None:
            return
        ids, names, companies = self._book_rows
        self._book_rows = None
        name_company = self._book_name_company
        for cid, name, company in zip(ids, names, companies, strict=True):
            if company:
                name_company.setdefault((name, company), []).append(cid)
        name_of = dict(zip(ids, names, strict=True))
        key, phone_name = self.phones.key, self._book_phone_name
        for cid, number in self._numbers or ():
            name = name_of[cid]
            if name:
                phone_name.setdefault((key(number), name), cid)

    def _index_book_names(self) -> None:
        """Make the book's contacts by name (by company, without one), once.

        All that ties() and tied_to_book() need of the book besides its
        e-mails: a name-and-company or phone-and-name key the book has comes
        with a name (or nameless company) the book has, so a record holding
        one is named as a book contact anyway. The other keys wait for
        index_names (matching record by record)."""
        if self._names is None:
            return
        rows, self._names = self._names(), None
        self._name_rows = rows
        ids, firsts, lasts, companies = zip(*rows, strict=True) if rows else ((), (), (), ())
        names = folded_names([f"{first} {last}" for first, last in zip(firsts, lasts,
                                                                       strict=True)])
        companies = folded_names(companies)
        self._book_rows = (ids, names, companies)
        by_name = self._book_names
        for cid, name, company in zip(ids, names, companies, strict=True):
            by_name.setdefault(name or company, []).append(cid)

    @property
    def has_book_names(self) -> bool:
        """Whether the book has anyone a record could be identical to."""
        self._index_book_names()
        return bool(self._book_names)

    @property
    def book(self) -> dict[int, ContactData]:
        """The book's contacts by id, whole (read once, when first asked for)."""
        if self._book is None:
            self._book = self._load() if self._load else {}
        return self._book

    def owner_of_first_email(self, contact: ContactData) -> int | None:
        """The book's contact holding ``contact``'s first e-mail address: whom it
        is, whatever the file held before it (the book's keys come first)."""
        if not contact.emails:
            return None
        return self._book_email.get(contact.emails[0][0].strip().casefold())

    def candidate(self, book_id: int) -> Candidate:
        """The book's contact ``book_id`` as a Candidate (one per contact)."""
        found = self._candidates.get(book_id)
        if found is None:
            data = self.book[book_id]
            found = self._candidates[book_id] = Candidate(data, book_id=book_id)
            found.emails.update(email_key(a) for a, _ in data.emails)
        return found

    def ties(self, contacts: list[ContactData]) -> list[int]:
        """What each contact's keys tie it to: TIED_TO_NOTHING (someone new,
        whatever comes before or after it), TIED_TO_BOOK (keys the book has,
        none another of ``contacts`` has) or TIED_IN_FILE (a key another has).

        Told in a few set operations over all of them, rather than a match()
        a contact: most records of a file share nothing, or only with the book.
        """
        self._index_book_names()
        names = folded_names([f"{c.first_name} {c.last_name}" for c in contacts])
        companies = folded_names([c.company for c in contacts])
        distinct, repeated = distinct_and_twice(names)
        # A name-and-company or phone-and-name key comes twice only with its
        # name (or in one contact's two numbers): the others are not made.
        pairs = name_company_pairs(names, companies, repeated)
        keyed = [bool(name) and (name in repeated or len(c.phones) > 1)
                 for c, name in zip(contacts, names, strict=True)]
        # Flat lists, every contact's keys in turn: one comprehension each.
        emails = [a.strip().casefold() for c in contacts for a, _ in c.emails]
        key = self.phones.key
        numbers = [(key(n), name) for c, name in compress(zip(contacts, names, strict=True), keyed)
                   for n, _ in c.phones]
        called, distinct_called = called_by(names, companies, distinct)
        shared = self._shared(emails, pairs, numbers, distinct_called)
        if shared is None:
            return [TIED_TO_NOTHING] * len(contacts)
        twice, book_emails, named = shared
        ties, at_email, at_number = [], 0, 0
        for contact, pair, has_keys, name in zip(contacts, pairs, keyed, called, strict=True):
            count = len(contact.emails)
            found_emails = emails[at_email:at_email + count]
            at_email += count
            count = len(contact.phones) if has_keys else 0
            found_numbers = numbers[at_number:at_number + count]
            at_number += count
            ties.append(TIED_IN_FILE if holds_any((found_emails, pair, found_numbers), twice)
                        else TIED_TO_BOOK if not book_emails.isdisjoint(found_emails)
                        or name in named else TIED_TO_NOTHING)
        return ties

    def tied_to_book(self, columns: ReadColumns) -> list[bool] | None:
        """Whether each record of ``columns`` is tied to the book (TIED_TO_BOOK)
        or to nothing (TIED_TO_NOTHING), as ties() says of their contacts, told
        from the columns without a contact a record; None when a record may be
        tied to another of the file (a key comes twice in it)."""
        emails = list(map(str.casefold, columns.emails))  # a plain cell is stripped already
        # folded_name and folded_company of plain cells (single inner spaces,
        # none at either end), in C passes: "first last", " last" or "first ".
        names = list(map(str.casefold, map(str.strip, map(" ".join, zip(
            columns.column("first_name"), columns.column("last_name"), strict=True)))))
        distinct, repeated = distinct_and_twice(names)
        # Companies tell nothing when each record has a name of its own.
        companies = list(map(str.casefold, columns.column("company"))) \
            if repeated or "" in distinct else []
        if repeated:  # pairs and numbers of a name that comes twice (see ties)
            pairs = name_company_pairs(names, companies, repeated)
            both = list(map(all, zip(map(repeated.__contains__, names), columns.phones, names,
                                     strict=True)))  # a number and a name
            numbers = list(zip(self.phones.each_key(compress(columns.phones, both)),
                               compress(names, both), strict=True))
        else:
            pairs, numbers = [], []
        called, distinct_called = called_by(names, companies, distinct)
        self._index_book_names()
        shared = self._shared(list(filter(None, emails)), pairs, numbers, distinct_called)
        if shared is None:
            return [False] * len(columns)
        twice, book_emails, named = shared
        if any(twice):
            return None
        return list(map(or_, map(book_emails.__contains__, emails),
                        map(named.__contains__, called)))

    def again(self, columns: ReadColumns) -> list[str] | None:
        """Whom each record of ``columns`` is, as the user knows them ("Ann Lee
        (in the book)"), when every record is the book's contact holding its
        e-mail and adds nothing to it: no field that contact leaves empty, no
        number it lacks (merge_into would find nothing; a plain record has no
        tags, referrer or second address). A file imported again, told in C
        passes over the columns and the book's fields they hold, instead of a
        comparison with each contact read whole. None when one is not."""
        emails, book_email = columns.emails, self._book_email
        if not emails or book_email.get(emails[0].casefold()) is None or self._fields is None:
            return None  # the first record is not (a file of new people: told at once)
        owners = list(map(book_email.get, map(str.casefold, emails)))
        if None in owners:
            return None
        names = list(dict.fromkeys([*_NAME_FIELDS, *columns.scalars]))
        # The book's names, when read already (a file partly known), are these fields.
        rows = self._name_rows if names == _NAME_FIELDS and self._name_rows is not None \
            else self._fields(names)
        by_id = dict(zip(map(itemgetter(0), rows), rows, strict=True))
        # The owners' fields, field by field (their ids first).
        theirs = list(zip(*map(by_id.__getitem__, owners), strict=True))
        for name, values in zip(names, theirs[1:], strict=True):
            mine = columns.scalars.get(name)
            # A field the record fills that the book's contact leaves empty.
            if mine is not None and not all(map(str.strip, compress(values, mine))):
                return None
        if any(columns.phones) and not self._holds_numbers(owners, columns.phones):
            return None
        return names_in_the_book(*theirs[1:4])

    def _holds_numbers(self, owners: list[int], typed: list[str]) -> bool:
        """Whether each book contact of ``owners`` holds the number typed in
        the same place of ``typed`` ("" for none), by its key."""
        has = list(map(bool, typed))
        owners, typed = list(compress(owners, has)), list(compress(typed, has))
        numbers = self._numbers or []
        # A number is kept as its E.164 (when it parses), the key's ground: a
        # record holding its contact's number as kept holds its key, told
        # without working out a key (a file imported again holds them so).
        book = set(zip(map(itemgetter(0), numbers), map(itemgetter(1), numbers), strict=True))
        if book.issuperset(zip(owners, self.phones.each_e164(typed), strict=True)):
            return True
        key = self.phones.each_key
        book = set(zip(map(itemgetter(0), numbers), key(map(itemgetter(1), numbers)),
                       strict=True))
        return book.issuperset(zip(owners, key(typed), strict=True))

    def _shared(self, emails: list[str], pairs: list[tuple[str, str] | None],
                numbers: list[tuple[str, str]],
                called: set[str]) -> tuple[tuple[set, ...], set, set] | None:
        """The keys of the records (flat lists, record by record) that come
        twice among them, their e-mails the book has, and the names they are
        called by (name, else company) the book has; None when there are none
        at all. The book's other keys come with its names (_index_book_names)."""
        found, emails_twice = distinct_and_twice(emails)
        twice = (emails_twice, keys_twice([pair for pair in pairs if pair]), keys_twice(numbers))
        # Sets against the book's keys: set.intersection walks the smaller.
        book_emails = self._book_email.keys() & found
        named = self._book_names.keys() & called
        if not (any(twice) or book_emails or named):
            return None
        return twice, book_emails, named

    def keys(self, contact: ContactData) -> Keys:
        """What ``contact`` is matched by, worked out once for match() and add()."""
        if contact.phones:
            key = self.phones.key
            phones = [(key(n), n) for n, _ in contact.phones]
        else:
            phones = []
        return Keys([(a.strip().casefold(), a) for a, _ in contact.emails]
                    if contact.emails else [],
                    folded_name(contact.first_name, contact.last_name),
                    folded_company(contact.company), phones)

    def match(self, keys: Keys) -> tuple[Candidate, str] | None:
        """The contact of ``keys`` is, with why; None for someone new."""
        for key, address in keys.emails:
            cid = self._book_email.get(key)
            found = self.by_email.get(key) if cid is None else self.candidate(cid)
            if found is not None:
                return found, f"same e-mail {address}"
        name = keys.name
        if name and keys.phones:
            for key, number in keys.phones:
                cid = self._book_phone_name.get((key, name))
                found = self.by_phone_name.get((key, name)) if cid is None \
                    else self.candidate(cid)
                if found is not None:
                    return found, f"same name and phone {number}"
        if keys.company:
            pair = (name, keys.company)
            for found in self._name_company(pair):
                # Two e-mail sets that share nothing tell the two apart.
                if not (keys.emails and found.emails):
                    what = "name and company" if name else "company (no name)"
                    return found, f"same {what}"
        return None

    def _name_company(self, pair: tuple[str, str]) -> list[Candidate]:
        ids = self._book_name_company.get(pair)
        found = self.by_name_company.get(pair, [])
        return [*(self.candidate(cid) for cid in ids), *found] if ids else found

    def same_name_in_book(self, keys: Keys) -> list[Candidate]:
        """The book's contacts named as ``keys`` is (by company, without a name)."""
        ids = self._book_names.get(keys.name or keys.company)
        return [self.candidate(cid) for cid in ids] if ids else []

    def add(self, keys: Keys, candidate: Candidate) -> None:
        """Remember a contact's keys (all of them, a merged one's too) as ``candidate``."""
        emails, name, company, phones = keys
        if emails:
            by_email, book_email = self.by_email, self._book_email
            for key, _ in emails:
                candidate.emails.add(key)
                if key not in by_email and key not in book_email:
                    by_email[key] = candidate
        if name and phones:
            by_phone_name, book_phone_name = self.by_phone_name, self._book_phone_name
            for key, _ in phones:
                pair = (key, name)
                if pair not in by_phone_name and pair not in book_phone_name:
                    by_phone_name[pair] = candidate
        if company:
            pair = (name, company)
            if candidate.book_id is not None and \
                    candidate.book_id in self._book_name_company.get(pair, ()):
                return  # the book's own pair, listed there already
            listed = self.by_name_company.get(pair)
            if listed is None:
                self.by_name_company[pair] = [candidate]
            elif candidate not in listed:  # Candidates compare by identity
                listed.append(candidate)
