"""The book reader: the hand-written book read back from a real file, the
window it reads, the book's currency, and a fixed number of queries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from report_book import AS_OF, REFERRERS_JOINED, A, B, C, d, hand_rows, write_hand_book

from refdesk.book.report_rows import book_currency, read_report, read_rows
from refdesk.domain.report_card import report_card
from refdesk.domain.report_period import period_for
from refdesk.domain.report_rows import NewcomerRow
from refdesk.errors import RefdeskError


def test_the_reader_returns_the_rows_written(book):
    write_hand_book(book)
    got, want = read_rows(book, None, AS_OF), hand_rows()
    assert sorted(got.referrals) == sorted(want.referrals)
    assert sorted(got.stages) == sorted(want.stages)
    # S7 (1 Jul) is after the window; every other sale comes back, its
    # referrer from its referral or (S6) from the buyer's "referred by".
    assert sorted(got.sales) == sorted(s for s in want.sales if s.sold_on <= AS_OF)
    assert sorted(got.follow_ups, key=repr) == sorted(want.follow_ups, key=repr)
    assert sorted(got.rewards) == sorted(want.rewards)
    assert sorted(got.cards) == sorted(want.cards)  # the unsent card is not one
    referrers = [NewcomerRow(i, REFERRERS_JOINED, False, None) for i in (A, B, C)]
    assert sorted(got.newcomers) == sorted(want.newcomers + referrers)


def test_a_window_reads_only_what_it_needs(book):
    write_hand_book(book)
    got = read_rows(book, d("04-01"), AS_OF)
    # Sales of the quarter, plus S1: R1's first sale, before it.
    assert sorted(s.sold_on for s in got.sales) == [d(x) for x in (
        "02-12", "04-01", "05-05", "05-10", "05-15")]
    assert sorted(f.due_on for f in got.follow_ups) == [d("05-05"), d("06-03"), d("06-30")]
    assert [r.given_on for r in got.rewards] == [d("05-06"), d("05-07")]
    # Cards from 90 days before the window (1 Jan): all four.
    assert len(got.cards) == 4
    assert sorted(n.contact_id for n in got.newcomers) == [21, 22, 23]
    # Referrals and their stages are always all of them.
    assert len(got.referrals) == 6 and len(got.stages) == len(hand_rows().stages)


def test_the_report_from_the_book_matches_the_hand_figures(book):
    write_hand_book(book)
    period = period_for("quarter", AS_OF)
    cards = read_report(book, period, AS_OF)
    want = report_card(hand_rows(), period, AS_OF, "USD")
    got = cards.current
    assert (got.reached, got.funnel, got.monthly) == (want.reached, want.funnel, want.monthly)
    assert (got.referral_revenue, got.total_revenue) == (Decimal(3500), Decimal(3900))
    assert got.follow_ups_on_time == want.follow_ups_on_time
    assert got.cards == want.cards
    # Names are read for the top referrers only.
    assert [(r.id, r.name) for r in got.top_by_revenue] == [(C, "Person3 Test"),
                                                            (A, "Person1 Test")]
    # Compared with the first quarter as it stood on 31 Mar.
    assert (cards.previous.period.start, cards.previous.period.end) == (d("01-01"), d("03-31"))
    assert cards.previous.won == 1 and cards.previous.asked == 4
    assert cards.rep_name == ""


def test_all_time_has_no_previous_period_and_names_the_rep(book):
    write_hand_book(book)
    book.settings.set("user_name", "Sam Rivera")
    cards = read_report(book, period_for("all", AS_OF), AS_OF)
    assert cards.previous is None and cards.rep_name == "Sam Rivera"
    assert cards.current.asked == 5


def test_the_currency_is_the_setting_else_what_most_sales_use(book):
    assert book_currency(book) == "USD"  # no sales at all
    write_hand_book(book)
    assert book_currency(book) == "USD"  # 6 sales in USD, 1 in EUR
    book.models.Setting.insert(key="currency", value='" eur "').execute()
    assert book_currency(book) == "EUR"
    got = read_report(book, period_for("all", AS_OF), AS_OF).current
    assert (got.currency, got.total_revenue) == ("EUR", Decimal(900))
    assert [(o.currency, o.revenue) for o in got.other_currencies] == [("USD", Decimal(6900))]


def test_a_bigger_book_takes_no_more_queries(book, monkeypatch):
    write_hand_book(book)
    calls = []
    real = book.db.execute_sql
    monkeypatch.setattr(book.db, "execute_sql",
                        lambda sql, params=None, *a, **k: calls.append(sql) or real(
                            sql, params, *a, **k))
    period = period_for("year", AS_OF)
    read_report(book, period, AS_OF)
    small = len(calls)
    # Twenty more referrers, each with a referral won and a sale.
    with book.atomic():
        for i in range(100, 120):
            book.models.Contact.create(id=i, first_name=f"Extra{i}")
            rid = book.referrals.ask(i, d("02-01"))
            book.referrals.advance(rid, "won", d("02-20"))
            book.activity.add_sale(i, d("02-21"), 100, source="referral", referral_id=rid)
    calls.clear()
    got = read_report(book, period, AS_OF).current
    assert len(calls) == small
    assert got.won == 2 + 20 and len(got.top_by_revenue) == 10


def test_the_currency_setting_takes_a_three_letter_code_only(book):
    book.settings.set("currency", " gbp ")
    assert book.settings.get("currency") == "GBP"
    assert book_currency(book) == "GBP"
    with pytest.raises(RefdeskError, match="three-letter code"):
        book.settings.set("currency", "pounds")
    assert book.settings.get("currency") == "GBP"
