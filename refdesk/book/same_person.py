"""Who in the book may already be the person being typed in: the duplicate
warning when a referred person is added by name (same e-mail, same phone,
or same name and company)."""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from functools import reduce

from peewee import Expression

from refdesk.book.records import ContactData
from refdesk.domain.names import display_name
from refdesk.store.models import BookModels

# Phone numbers compare by their last digits, so "+1 (503) 555-0101" and
# "503.555.0101" are the same number.
_PHONE_DIGITS = 9
# Last names NOCASE cannot judge (GLOB patterns): a character other than
# printable ASCII, two spaces together, a space at either end.
_ODD_SPELLINGS = ("*[^ -~]*", "*  *", " *", "* ")


@dataclass(frozen=True)
class SamePerson:
    """A contact that may be the one being added, and why."""

    id: int
    name: str
    company: str
    reasons: tuple[str, ...]  # "same e-mail", "same phone", "same name and company"


def _phone_key(number: str) -> str:
    digits = re.sub(r"\D", "", number)
    return digits[-_PHONE_DIGITS:] if len(digits) >= 6 else ""


def _words(text: str) -> str:
    return " ".join(text.casefold().split())


def same_people(m: BookModels, person: ContactData) -> list[SamePerson]:
    """Contacts with one of ``person``'s e-mails or phones, or with the same
    first and last name and company (all compared case- and space-blind).
    Sorted by name; ``person.id`` itself left out."""
    found: dict[int, list[str]] = {}
    emails = {a.strip().casefold() for a, _ in person.emails if a.strip()}
    if emails:
        for (cid,) in (m.ContactEmail.select(m.ContactEmail.contact)
                       .where(m.ContactEmail.address.collate("NOCASE").in_(sorted(emails)))
                       .tuples()):
            found.setdefault(cid, []).append("same e-mail")
    phones = {k for k in (_phone_key(n) for n, _ in person.phones) if k}
    if phones:
        # Few rows per book and no normalized column: compared here, not in SQL.
        for cid, number in m.ContactPhone.select(m.ContactPhone.contact,
                                                 m.ContactPhone.number).tuples():
            if _phone_key(number) in phones and "same phone" not in found.get(cid, []):
                found.setdefault(cid, []).append("same phone")
    first, last = _words(person.first_name), _words(person.last_name)
    if first or last:
        company = _words(person.company)
        # SQLite's NOCASE folds ASCII letters alone and keeps spaces as they
        # are: the last names it cannot judge (any other character, spaces
        # doubled or at an end) are all read, and compared as _words does.
        # As tuples: in a book of names beyond ASCII that is most contacts.
        name = m.Contact.last_name
        odd = [Expression(name, "GLOB", pattern) for pattern in _ODD_SPELLINGS]
        query = m.Contact.select(m.Contact.id, m.Contact.first_name, name,
                                 m.Contact.company).where(
            reduce(operator.or_, odd, name.collate("NOCASE") == last)).tuples()
        for cid, *names in query:
            if tuple(map(_words, names)) == (first, last, company):
                found.setdefault(cid, []).append("same name and company")
    found.pop(person.id, None)
    if not found:
        return []
    rows = m.Contact.select(m.Contact.id, m.Contact.first_name, m.Contact.last_name,
                            m.Contact.company).where(m.Contact.id.in_(list(found)))
    out = [SamePerson(c.id, display_name(c.first_name, c.last_name, c.company), c.company,
                      tuple(found[c.id])) for c in rows]
    return sorted(out, key=lambda p: (p.name.casefold(), p.id))
