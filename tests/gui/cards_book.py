"""A small book for the card tests: Fred introduced Maria, it became a sale, and
three thank-you cards are owed."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from refdesk.book import Book
from refdesk.book.records import ContactData

AS_OF = dt.date(2026, 11, 22)  # the demo books' day (conftest's fixed day)


def fill(book: Book) -> SimpleNamespace:
    """Fred introduced Maria and it became a sale: three thank-yous are owed."""
    book.settings.set("user_name", "Sam Rivera")
    book.settings.set("working_days", list(range(7)))  # the dates below cross a weekend
    fred = book.contacts.add(ContactData(first_name="Fred", last_name="Jones",
                                         street="12 Elm Street", city="Springfield",
                                         region="IL", postal_code="62704"))
    maria = book.contacts.add(ContactData(kind="referred", first_name="Maria",
                                          last_name="Kowalski"))
    ann = book.contacts.add(ContactData(first_name="Ann", last_name="Lee"))
    book.activity.add_sale(ann, AS_OF - dt.timedelta(days=30), 500, product="the garden shed")
    rid = book.referrals.ask(fred, AS_OF - dt.timedelta(days=10), project="the roof")
    book.referrals.advance(rid, "introduced", AS_OF - dt.timedelta(days=8), referred_id=maria)
    book.referrals.advance(rid, "won", AS_OF - dt.timedelta(days=4))
    book.activity.add_reward(fred, AS_OF - dt.timedelta(days=2),
                             description="lunch for two at Rosa's", referral_id=rid)
    kinds = {fu.kind: fu.id for fu in book.referrals.follow_ups()}
    return SimpleNamespace(fred=fred, maria=maria, ann=ann, referral=rid, **kinds)
