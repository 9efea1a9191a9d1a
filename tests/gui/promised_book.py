"""A small book both follow-up features are tested on: Ann, a customer, has
promised to introduce Fred, so one follow-up is open (thank Ann)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from refdesk.book import Book
from refdesk.book.records import ContactData

ASKED = dt.date(2026, 11, 10)


def write_promised_book(path: Path, promised_on: dt.date) -> Path:
    """Write the book at ``path``; Ann's promise is dated ``promised_on``."""
    with Book.open(path) as book:
        ann = book.contacts.add(ContactData(first_name="Ann", last_name="Lee"))
        fred = book.contacts.add(ContactData(first_name="Fred", last_name="Jones"))
        book.activity.add_sale(ann, dt.date(2026, 9, 1), "1500")
        rid = book.referrals.ask(ann, ASKED, referred_id=fred)
        book.referrals.advance(rid, "promised", promised_on)
    return path
