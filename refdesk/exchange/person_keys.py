"""What a person is known by when an import matches records: the name and
company folded, the e-mail key, a contact's keys, and the Candidate a record
may be merged into (duplicates tells who is whom with them)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from refdesk.book.records import ContactData
from refdesk.domain.names import display_name


def person_name(contact: ContactData) -> str:
    """The full name, case-folded with spaces evened out ("" for a company alone)."""
    return folded_name(contact.first_name, contact.last_name)


def folded_name(first: str, last: str) -> str:
    name = f"{first} {last}" if first and last else first or last
    return " ".join(name.split()).casefold() if name else ""


def folded_company(company: str) -> str:
    return " ".join(company.split()).casefold() if company else ""


def folded_names(names: Iterable[str]) -> list[str]:
    """folded_company of each of ``names``, in C passes; of "first last" it is
    folded_name(first, last): split and joined again, it is "first", "last"
    or "first last", spaces evened out."""
    return list(map(str.casefold, map(" ".join, map(str.split, names))))


def name_company_pairs(names: list[str], companies: list[str],
                       repeated: set[str]) -> list[tuple[str, str] | None]:
    """Each record's (name, company) key when its name is one of ``repeated``
    (the only ones that can come twice); None without a company or such a name."""
    if not repeated:
        return [None] * len(names)
    return [(name, company) if company and name in repeated else None
            for name, company in zip(names, companies, strict=True)]


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
    compared by identity (a plain class: an import makes one a contact).
    ``whose`` (shown to the user: "Ann Lee (in the book)") is worked out
    when first asked for: most candidates are never shown."""

    __slots__ = ("_whose", "book_id", "contact", "emails", "line", "pending")

    def __init__(self, contact: ContactData, book_id: int | None = None,
                 pending: int | None = None, line: int = 0):
        self.contact = contact  # whose name it shows
        self.book_id = book_id  # None: a contact earlier in the same file
        self.pending = pending  # its index among the new contacts of the file
        self.line = line  # where a contact of the file was read
        self.emails: set[str] = set()
        self._whose: str | None = None

    @property
    def whose(self) -> str:
        """Who this is to the user. A contact of the file is named as it was
        read: ask before merging anything into it."""
        if self._whose is None:
            self._whose = in_the_book(self.contact) if self.book_id is not None else \
                f"{self.contact.display_name} (line {self.line} of this file)"
        return self._whose


def in_the_book(contact: ContactData) -> str:
    """A book's contact as the user is told of it: "Ann Lee (in the book)"."""
    return named_in_the_book(contact.display_name)


def named_in_the_book(name: str) -> str:
    """A book's contact of display name ``name`` as the user is told of it."""
    return f"{name} (in the book)"


def names_in_the_book(firsts: Sequence[str], lasts: Sequence[str],
                      companies: Sequence[str]) -> list[str]:
    """named_in_the_book of each contact's display name, given its fields."""
    if all(firsts) and all(lasts):  # everyone "First Last": no call a contact
        return [f"{first} {last} (in the book)" for first, last in zip(firsts, lasts, strict=True)]
    return list(map(named_in_the_book, map(display_name, firsts, lasts, companies)))


def keys_twice(keys: list) -> set:
    """The keys that come more than once."""
    return distinct_and_twice(keys)[1]


def distinct_and_twice(keys: list) -> tuple[set, set]:
    """The keys, once each, and those that come more than once (counted only
    when some do: most files hold each key once)."""
    distinct = set(keys)
    if len(distinct) == len(keys):
        return distinct, set()
    return distinct, {key for key, count in Counter(keys).items() if count > 1}


def called_by(names: list[str], companies: list[str],
              distinct_names: set[str]) -> tuple[list[str], set[str]]:
    """What each record is called by (its name, else its company), and those
    once each, given ``names``' own (``distinct_names``)."""
    if "" not in distinct_names:
        return names, distinct_names
    called = [name or company for name, company in zip(names, companies, strict=True)]
    return called, set(called)


def holds_any(found: tuple[list, tuple[str, str] | None, list], keys: tuple[set, ...]) -> bool:
    """Whether a contact's (e-mails, name and company, phones) hold one of
    ``keys`` (e-mail keys, name and company keys, phone keys, ...)."""
    emails, pair, numbers = found
    return not keys[0].isdisjoint(emails) or pair in keys[1] or \
        not keys[2].isdisjoint(numbers)
