"""Merging one contact's fields into another's without losing anything.

Empty fields of the kept contact take the other's values; a non-empty value
is never overwritten. E-mail addresses, phone numbers and tags the kept
contact lacks are added after its own.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import compress
from operator import itemgetter

from refdesk.book.records import ContactData

MERGED_FIELDS = ("prefix", "first_name", "middle_name", "last_name", "suffix", "nickname",
                 "company", "title", "street", "city", "region", "postal_code", "country",
                 "notes")
_merged_values = itemgetter(*MERGED_FIELDS)


def merge_into(kept: ContactData, other: ContactData, *,
               phone_key: Callable[[str], str] | None = None, apply: bool = True,
               tags: bool = True) -> list[str]:
    """Fill ``kept`` (in place) from ``other``; the names of what it gained.

    ``phone_key`` says when two typed numbers are the same (default: digits);
    ``apply=False`` only says what it would gain; ``tags=False`` leaves tags out.
    """
    gained: list[str] = []
    mine, theirs = kept.__dict__, other.__dict__  # a re-import merges thousands
    # Only the fields ``other`` fills (a few of fourteen), picked out in C.
    for name in compress(MERGED_FIELDS, _merged_values(theirs)):
        value = theirs[name]
        if value.strip() and not mine[name].strip():
            if apply:
                setattr(kept, name, value)
            gained.append(name.replace("_", " "))
    if kept.referred_by is None and other.referred_by is not None \
            and other.referred_by != kept.id:
        if apply:
            kept.referred_by = other.referred_by
        gained.append("referred by")
    emails, phones = other.emails, other.phones
    # One address or number each, the same: nothing to add (a re-import, thousands;
    # mostly written the same way too, which settles it without folding).
    if len(emails) == 1 and len(kept.emails) == 1:
        mine_email, their_email = kept.emails[0][0], emails[0][0]
        if mine_email == their_email or \
                their_email.strip().casefold() == mine_email.strip().casefold():
            emails = []
    key = phone_key or _digits
    if len(phones) == 1 and len(kept.phones) == 1:
        mine_phone, their_phone = kept.phones[0][0], phones[0][0]
        if mine_phone == their_phone or key(their_phone) == key(mine_phone):
            phones = []
    if emails:
        have = {a.strip().casefold() for a, _ in kept.emails}
        for address, label in emails:
            if address.strip().casefold() not in have:
                have.add(address.strip().casefold())
                if apply:
                    kept.emails.append((address, label))
                gained.append(f"e-mail {address}")
    if phones:
        have = {key(n) for n, _ in kept.phones}
        for number, label in phones:
            if key(number) not in have:
                have.add(key(number))
                if apply:
                    kept.phones.append((number, label))
                gained.append(f"phone {number}")
    if tags and other.tags:
        known = {t.casefold() for t in kept.tags}
        for tag in other.tags:
            if tag.casefold() not in known:
                known.add(tag.casefold())
                if apply:
                    kept.tags.append(tag)
                gained.append(f"tag {tag}")
    return gained


def copied(contact: ContactData) -> ContactData:
    """A copy whose lists can change without touching ``contact``'s (deepcopy is
    ten times slower, and an import copies thousands). Its fields copied as a
    dict: replace() and copy.copy() cost more than the rest of a merge."""
    new = object.__new__(type(contact))
    new.__dict__.update(contact.__dict__)
    new.emails, new.phones, new.tags = list(new.emails), list(new.phones), list(new.tags)
    return new


def conflicts(kept: ContactData, other: ContactData) -> list[str]:
    """The fields both contacts fill, differently (case and spacing aside)."""
    return [name.replace("_", " ") for name in MERGED_FIELDS
            if getattr(other, name).strip() and getattr(kept, name).strip()
            and _fold(getattr(other, name)) != _fold(getattr(kept, name))]


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _digits(number: str) -> str:
    return "".join(ch for ch in number if ch.isdigit())
