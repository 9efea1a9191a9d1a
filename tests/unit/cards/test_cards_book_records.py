"""book.cards: cards written, printed and sent, and the follow-ups still owed one."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from refdesk.book.records import ContactData
from refdesk.errors import RefdeskError

AS_OF = dt.date(2026, 11, 22)


def fill_book(book, *, user_name: str = "Sam Rivera") -> SimpleNamespace:
    """Fred referred Maria, which became a sale: all three follow-ups are due by AS_OF."""
    book.settings.set("user_name", user_name)
    book.settings.set("working_days", list(range(7)))  # the dates below cross a weekend
    fred = book.contacts.add(ContactData(
        first_name="Fred", last_name="Jones", company="Jones Builders", street="12 Elm Street",
        city="Springfield", region="IL", postal_code="62704"))
    maria = book.contacts.add(ContactData(kind="referred", first_name="Maria",
                                          last_name="Kowalski"))
    ann = book.contacts.add(ContactData(first_name="Ann", last_name="Lee"))
    book.activity.add_sale(fred, AS_OF - dt.timedelta(days=60), 1200, product="Roof repair")
    rid = book.referrals.ask(fred, AS_OF - dt.timedelta(days=10),
                             project="the new warehouse roof")
    book.referrals.advance(rid, "introduced", AS_OF - dt.timedelta(days=8), referred_id=maria)
    book.referrals.advance(rid, "won", AS_OF - dt.timedelta(days=4))
    book.activity.add_reward(fred, AS_OF - dt.timedelta(days=3), description="a bottle of wine",
                             referral_id=rid)
    book.activity.add_reward(fred, AS_OF - dt.timedelta(days=2),
                             description="lunch for two at Rosa's", referral_id=rid)
    kinds = {fu.kind: fu.id for fu in book.referrals.follow_ups()}
    return SimpleNamespace(fred=fred, maria=maria, ann=ann, referral=rid, **kinds)


@pytest.fixture
def people(book):
    return fill_book(book)


def test_owed_lists_open_due_follow_ups_oldest_first_with_their_referral(book, people):
    owed = book.cards.owed(AS_OF)
    assert [fu.kind for fu in owed] == ["thank_within_day", "status_report", "thank_for_sale"]
    assert {fu.referral_id for fu in owed} == {people.referral}
    assert all(fu.referrer_id == people.fred and fu.referred_id == people.maria for fu in owed)
    # The day before, the sale's thank-you was not due yet.
    assert len(book.cards.owed(AS_OF - dt.timedelta(days=2))) == 2


def test_a_printed_card_is_still_owed_until_it_is_sent(book, people):
    card = book.cards.add(people.fred, "thank_intro", "Dear Fred, thanks!",
                          follow_up_id=people.thank_within_day, seed=7)
    book.cards.mark_printed([card], AS_OF)
    assert book.cards.get(card).printed_on == AS_OF
    assert book.cards.get(card).referral_id == people.referral  # taken from the follow-up
    assert len(book.cards.owed(AS_OF)) == 3
    assert book.cards.unsent_for_follow_up(people.thank_within_day).id == card
    assert book.cards.mark_sent(card, AS_OF) == people.thank_within_day
    assert [fu.kind for fu in book.cards.owed(AS_OF)] == ["status_report", "thank_for_sale"]
    assert book.cards.unsent_for_follow_up(people.thank_within_day) is None


def test_mark_sent_completes_the_follow_up_and_unmark_reopens_it(book, people):
    card = book.cards.add(people.fred, "thank_sale", "Thanks!", follow_up_id=people.thank_for_sale)
    reopen = book.cards.mark_sent(card, AS_OF)
    done = {fu.id: fu.done_on for fu in book.referrals.follow_ups()}
    assert done[people.thank_for_sale] == AS_OF and book.cards.get(card).sent_on == AS_OF
    book.cards.unmark_sent(card, reopen)
    done = {fu.id: fu.done_on for fu in book.referrals.follow_ups()}
    assert done[people.thank_for_sale] is None and book.cards.get(card).sent_on is None


def test_a_follow_up_done_before_is_left_alone_by_undo(book, people):
    book.referrals.complete_follow_up(people.status_report, AS_OF - dt.timedelta(days=1))
    card = book.cards.add(people.fred, "status_report", "Hi", follow_up_id=people.status_report)
    reopen = book.cards.mark_sent(card, AS_OF)
    assert reopen is None
    book.cards.unmark_sent(card, reopen)
    done = {fu.id: fu.done_on for fu in book.referrals.follow_ups()}
    assert done[people.status_report] == AS_OF - dt.timedelta(days=1)


def test_cards_of_a_contact_newest_first_revise_and_delete(book, people):
    first = book.cards.add(people.ann, "thank_business", "One", seed=1)
    second = book.cards.add(people.ann, "thank_business", "Two", seed=2)
    assert [c.id for c in book.cards.for_contact(people.ann)] == [second, first]
    book.cards.revise(second, message="Two, again", style="kristi", format="postcard",
                      ink="black", seed=9)
    card = book.cards.get(second)
    assert (card.message, card.style, card.format, card.ink, card.seed) == (
        "Two, again", "kristi", "postcard", "black", 9)
    book.cards.delete(first)
    assert [c.id for c in book.cards.for_contact(people.ann)] == [second]
    with pytest.raises(RefdeskError, match="no card #"):
        book.cards.get(first)
    with pytest.raises(RefdeskError, match="no contact #"):
        book.cards.add(999, "thank_business", "x")


def test_gift_is_the_newest_reward_of_the_referral(book, people):
    assert book.cards.gift(people.referral) == "lunch for two at Rosa's"
    assert book.cards.follow_up(people.thank_for_sale).referral_id == people.referral
    with pytest.raises(RefdeskError, match="no follow-up"):
        book.cards.follow_up(12345)
