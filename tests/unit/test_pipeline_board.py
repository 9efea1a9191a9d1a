"""The pipeline board's read model: one query, cards that say the truth."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from refdesk.book.pipeline_board import (
    STAGES,
    PipelineFilter,
    by_stage,
    filter_choices,
    pipeline_cards,
    summarize,
)
from refdesk.book.records import ContactData

DAY = dt.date(2026, 3, 2)  # a Monday


def _person(book, first: str, last: str, company: str = "") -> int:
    return book.contacts.add(ContactData(first_name=first, last_name=last, company=company))


@pytest.fixture
def two(book):
    """Ann (a customer who bought Gutters for 1,200) asked twice: once naming Bob."""
    ann = _person(book, "Ann", "Lee", "Lee Roofing")
    bob = _person(book, "Bob", "Day", "Day & Co")
    book.activity.add_sale(ann, DAY - dt.timedelta(days=60), "1200", product="Gutters")
    first = book.referrals.ask(ann, DAY - dt.timedelta(days=20), project="the roof",
                               promised_action="email Bob")
    book.referrals.advance(first, "promised", DAY - dt.timedelta(days=10), referred_id=bob)
    second = book.referrals.ask(ann, DAY - dt.timedelta(days=2), project="the porch")
    return book, ann, bob, first, second


def test_a_card_tells_who_how_long_and_what_is_next(two):
    book, _ann, _bob, first, second = two
    cards = {c.id: c for c in pipeline_cards(book, DAY)}
    promised = cards[first]
    assert (promised.referrer, promised.referred, promised.stage) == ("Ann Lee", "Bob Day",
                                                                    "promised")
    assert promised.days_in_stage == 10
    assert promised.rot == "rotting"  # past the promised stage's 7 days
    assert promised.next_kind == "thank_within_day" and promised.overdue
    assert promised.product == "Gutters" and promised.estimate == Decimal("1200.00")
    asked = cards[second]
    assert asked.referred == "" and asked.days_in_stage == 2 and asked.rot == "fresh"
    assert asked.next_due is None and not asked.overdue


def test_won_cards_carry_their_sale_and_the_column_adds_it_up(two):
    book, _ann, bob, first, _second = two
    book.referrals.advance(first, "won", DAY)
    book.activity.add_sale(bob, DAY, "900.50", product="Porch", source="referral",
                           referral_id=first)
    won = by_stage(pipeline_cards(book, DAY))["won"]
    assert [c.id for c in won] == [first]
    assert won[0].sale_value == Decimal("900.50") and won[0].currency == "USD"
    assert won[0].product == "Porch"  # the sale's product, not the referrer's
    assert won[0].rot == "closed"
    summary = summarize("won", won)
    assert summary.count == 1 and summary.value == {"USD": Decimal("900.50")}
    assert not summary.estimated


def test_open_columns_show_an_estimate_from_the_referrers_last_sale(two):
    book, *_ = two
    columns = by_stage(pipeline_cards(book, DAY))
    asked = summarize("asked", columns["asked"])
    assert asked.estimated and asked.value == {"USD": Decimal("1200.00")}
    assert summarize("promised", columns["promised"]).rotting == 1
    assert summarize("promised", columns["promised"]).overdue == 1
    assert summarize("lost", []).value == {}


def test_filters_by_referrer_product_period_and_text(two):
    book, ann, _bob, first, second = two
    carl = _person(book, "Carl", "Moss")
    third = book.referrals.ask(carl, DAY - dt.timedelta(days=100))
    cards = pipeline_cards(book, DAY)

    def ids(wanted: PipelineFilter) -> set[int]:
        return {c.id for cs in by_stage(cards, wanted).values() for c in cs}

    assert ids(PipelineFilter()) == {first, second, third}
    assert ids(PipelineFilter(referrer_id=carl)) == {third}
    assert ids(PipelineFilter(product="Gutters")) == {first, second}
    assert ids(PipelineFilter(since=DAY - dt.timedelta(days=30))) == {first, second}
    assert ids(PipelineFilter(text="day porch")) == set()  # every word must match
    assert ids(PipelineFilter(text="DAY & co")) == {first}  # the referred's company
    assert ids(PipelineFilter(text="porch")) == {second}
    referrers, products = filter_choices(cards)
    assert referrers == [(ann, "Ann Lee"), (carl, "Carl Moss")]
    assert products == ["Gutters"]


def test_every_stage_is_a_column_even_when_empty(book):
    assert list(by_stage([])) == list(STAGES)
    assert pipeline_cards(book, DAY) == []


def test_rotting_limits_come_from_the_book(two):
    book, _ann, _bob, first, _second = two
    book.settings.set("stage_rot_days", {"promised": 30})
    card = next(c for c in pipeline_cards(book, DAY) if c.id == first)
    assert card.rot == "fresh"  # 10 of 30 days


def test_one_query_for_the_whole_board(demo_book):
    book = demo_book(120)
    referrals = book.models.Referral.select().count()
    statements = []
    book.db.execute_sql = _counting(book.db.execute_sql, statements)
    cards = pipeline_cards(book, dt.date(2026, 11, 22), limits={})
    assert len(cards) == referrals > 20
    assert len(statements) == 1


def _counting(execute, seen):
    def wrapped(sql, *args, **kwargs):
        seen.append(sql)
        return execute(sql, *args, **kwargs)
    return wrapped



def test_one_card_read_alone_is_the_card_the_whole_board_has(two):
    book, _ann, bob, first, second = two
    book.referrals.advance(first, "won", DAY)
    book.activity.add_sale(bob, DAY, "900.50", product="Porch", source="referral",
                           referral_id=first)
    board = {c.id: c for c in pipeline_cards(book, DAY)}
    for referral_id in (first, second):
        assert pipeline_cards(book, DAY, referral_id=referral_id) == [board[referral_id]]
    assert pipeline_cards(book, DAY, referral_id=max(board) + 1) == []
