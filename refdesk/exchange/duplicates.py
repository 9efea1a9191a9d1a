"""Who is already in the book: the keys an imported contact is matched on.

A contact is a duplicate when it shares an e-mail address (ignoring case)
with someone, or has the same full name and company.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from refdesk.book import Book
from refdesk.book.records import ContactData


def name_key(contact: ContactData) -> tuple[str, str]:
    """(full name, company), case-folded and with spaces evened out."""
    name = " ".join(p for p in (contact.first_name, contact.last_name) if p.strip())
    return _fold(name or contact.company), _fold(contact.company)


@dataclass
class KnownContacts:
    """E-mail addresses and names seen so far: the book's, then the file's."""

    emails: dict[str, str] = field(default_factory=dict)  # address -> whose
    names: dict[tuple[str, str], str] = field(default_factory=dict)

    @classmethod
    def of_book(cls, book: Book | None) -> KnownContacts:
        """The keys of every contact in ``book`` (None: an empty book)."""
        known = cls()
        if book is None:
            return known
        rows = book.contacts.rows()
        whose = {row.id: f"{row.name} (in the book)" for row in rows}
        for row in rows:
            # rows() names a contact "first last", or by company without one:
            # the same rule as name_key.
            known.names.setdefault((_fold(row.name), _fold(row.company)),
                                   f"{row.name} (in the book)")
        # rows() carries one address per contact; matching needs them all.
        for contact_id, address in book.contacts.email_addresses():
            known.emails.setdefault(address.strip().casefold(),
                                    whose.get(contact_id, "a contact in the book"))
        return known

    def match(self, contact: ContactData) -> str | None:
        """Why ``contact`` is a duplicate, or None if it is new."""
        for address, _ in contact.emails:
            owner = self.emails.get(address.strip().casefold())
            if owner is not None:
                return f"e-mail {address} belongs to {owner}"
        key = name_key(contact)
        if key in self.names:
            what = "name and company" if key[1] else "name"
            return f"same {what} as {self.names[key]}"
        return None

    def add(self, contact: ContactData, whose: str) -> None:
        """Remember ``contact`` as ``whose``, so later records can match it."""
        for address, _ in contact.emails:
            self.emails.setdefault(address.strip().casefold(), whose)
        self.names.setdefault(name_key(contact), whose)


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()
