"""Who an imported contact already is: the book's people, then the file's.

The same person when they share a normalised e-mail address; or share a
normalised phone number and the same name; or have the same name and the
same (non-empty) company while neither has an e-mail the other lacks to tell
them apart. A shared office phone alone, or a shared name alone, never makes
two people one; but a record that holds nothing a book contact of the same
name lacks is that contact again (so importing a file twice adds nobody).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from refdesk.book import Book
from refdesk.book.records import ContactData
from refdesk.exchange.phones import PhoneNormalizer


def person_name(contact: ContactData) -> str:
    """The full name, case-folded with spaces evened out ("" for a company alone)."""
    first, last = contact.first_name, contact.last_name
    name = f"{first} {last}" if first and last else first or last
    return " ".join(name.split()).casefold() if name else ""


def email_key(address: str) -> str:
    """An address as compared: trimmed and case-folded."""
    return address.strip().casefold()


class Keys(NamedTuple):
    """A contact's keys: e-mails and phones as (key, as typed), name and company folded."""

    emails: list[tuple[str, str]]
    name: str
    company: str
    phones: list[tuple[str, str]]


class Candidate:
    """A contact an incoming record may be merged into: one per person,
    compared by identity (a plain class: an import makes one a contact)."""

    __slots__ = ("book_id", "emails", "pending", "whose")

    def __init__(self, whose: str, book_id: int | None = None, pending: int | None = None):
        self.whose = whose  # shown to the user: "Ann Lee (in the book)"
        self.book_id = book_id  # None: a contact earlier in the same file
        self.pending = pending  # its index among the new contacts of the file
        self.emails: set[str] = set()


@dataclass
class KnownContacts:
    """The keys of every contact seen so far, each leading to its Candidate."""

    phones: PhoneNormalizer
    by_email: dict[str, Candidate] = field(default_factory=dict)
    by_phone_name: dict[tuple[str, str], Candidate] = field(default_factory=dict)
    by_name_company: dict[tuple[str, str], list[Candidate]] = field(default_factory=dict)
    # The book's contacts by name (or company, without one): candidates for
    # a record identical to one of them.
    book_names: dict[str, list[Candidate]] = field(default_factory=dict)
    book: dict[int, ContactData] = field(default_factory=dict)  # id -> the book's contact

    @classmethod
    def of_book(cls, book: Book | None, phones: PhoneNormalizer) -> KnownContacts:
        """The keys of every contact in ``book`` (None: an empty book), in four
        queries; ``known.book`` keeps the contacts whole, for merging."""
        known = cls(phones)
        if book is not None:
            known.book = book_contacts(book)
            keys_of, add, names = known.keys, known.add, known.book_names
            for data in known.book.values():
                candidate = Candidate(f"{data.display_name} (in the book)", book_id=data.id)
                keys = keys_of(data)
                add(keys, candidate)
                name = keys.name or keys.company
                if name in names:
                    names[name].append(candidate)
                else:
                    names[name] = [candidate]
        return known

    def keys(self, contact: ContactData) -> Keys:
        """What ``contact`` is matched by, worked out once for match() and add()."""
        key, company = self.phones.key, contact.company
        return Keys([(email_key(a), a) for a, _ in contact.emails] if contact.emails else [],
                    person_name(contact), " ".join(company.split()).casefold() if company else "",
                    [(key(n), n) for n, _ in contact.phones] if contact.phones else [])

    def match(self, keys: Keys) -> tuple[Candidate, str] | None:
        """The contact of ``keys`` is, with why; None for someone new."""
        for key, address in keys.emails:
            found = self.by_email.get(key)
            if found is not None:
                return found, f"same e-mail {address}"
        name = keys.name
        if name:
            for key, number in keys.phones:
                found = self.by_phone_name.get((key, name))
                if found is not None:
                    return found, f"same name and phone {number}"
        if keys.company:
            for found in self.by_name_company.get((name, keys.company), ()):
                # Two e-mail sets that share nothing tell the two apart.
                if not (keys.emails and found.emails):
                    what = "name and company" if name else "company (no name)"
                    return found, f"same {what}"
        return None

    def same_name_in_book(self, keys: Keys) -> list[Candidate]:
        """The book's contacts named as ``keys`` is (by company, without a name)."""
        return self.book_names.get(keys.name or keys.company, [])

    def add(self, keys: Keys, candidate: Candidate) -> None:
        """Remember a contact's keys (all of them, a merged one's too) as ``candidate``."""
        emails, name, company, phones = keys
        if emails:
            by_email = self.by_email
            for key, _ in emails:
                candidate.emails.add(key)
                if key not in by_email:
                    by_email[key] = candidate
        if name and phones:
            by_phone_name = self.by_phone_name
            for key, _ in phones:
                if (key, name) not in by_phone_name:
                    by_phone_name[key, name] = candidate
        if company:
            listed = self.by_name_company.get((name, company))
            if listed is None:
                self.by_name_company[name, company] = [candidate]
            elif candidate not in listed:  # Candidates compare by identity
                listed.append(candidate)


_FIELDS = ("id", "kind", "prefix", "first_name", "middle_name", "last_name", "suffix",
           "nickname", "company", "title", "street", "city", "region", "postal_code",
           "country", "notes", "referred_by")
_COLUMNS = [*_FIELDS[1:-1], "referred_by_id"]


def book_contacts(book: Book) -> dict[int, ContactData]:
    """Every contact of ``book`` by id, in id order, as ``Contacts.get`` gives
    it (preferred e-mail and phone first, tags sorted). Bare SQL: Peewee's
    rows cost most of a re-import of 20,000 contacts; fetchall() spares the
    book cursor's Python step per row."""
    cursor = book.db.connection().cursor()
    contacts: dict[int, ContactData] = {}
    new = object.__new__
    for row in cursor.execute(
            f'SELECT id, {", ".join(_COLUMNS)} FROM "contact" ORDER BY id').fetchall():
        # Filled as a dict: ContactData's init with keywords costs twice as much.
        contact = contacts[row[0]] = new(ContactData)
        fields = contact.__dict__
        fields.update(zip(_FIELDS, row, strict=True))
        fields["emails"], fields["phones"], fields["tags"] = [], [], []
    for cid, address, label in cursor.execute(
            'SELECT contact_id, address, label FROM "contact_email" '
            "ORDER BY preferred DESC, id").fetchall():
        if cid in contacts:
            contacts[cid].emails.append((address, label))
    for cid, number, label in cursor.execute(
            'SELECT contact_id, number, label FROM "contact_phone" '
            "ORDER BY preferred DESC, id").fetchall():
        if cid in contacts:
            contacts[cid].phones.append((number, label))
    for cid, name in cursor.execute(
            'SELECT ct.contact_id, t.name FROM "contact_tag" ct JOIN "tag" t '
            "ON t.id = ct.tag_id ORDER BY t.name").fetchall():
        if cid in contacts:
            contacts[cid].tags.append(name)
    return contacts
