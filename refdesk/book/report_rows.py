"""Reads what the report card needs from a book: a few set-based queries, never
one per referral or contact, then hands plain rows to ``domain.report_card``."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, replace
from decimal import Decimal

from refdesk.domain.names import display_name
from refdesk.domain.report_card import CARD_EFFECT_DAYS, ReportCard, report_card
from refdesk.domain.report_period import Period, previous_period
from refdesk.domain.report_rows import (
    CardRow,
    FollowUpRow,
    NewcomerRow,
    ReferralRow,
    ReportRows,
    RewardRow,
    SaleRow,
    StageRow,
    main_currency,
)

_EARLIEST = "0001-01-01"
_day = dt.date.fromisoformat


@dataclass(frozen=True)
class ReportCards:
    """The card for a period, the one it is compared with (None for all time),
    and who it is for."""

    current: ReportCard
    previous: ReportCard | None
    rep_name: str


def book_currency(book) -> str:
    """The book's currency: its "currency" setting, else the one most of its sales use."""
    try:
        chosen = book.settings.get("currency")
    except ValueError:  # a value edited by hand into something that is not JSON
        chosen = ""
    if isinstance(chosen, str) and chosen.strip():
        return chosen.strip().upper()
    counts = Counter(dict(book.db.execute_sql(
        "SELECT currency, COUNT(*) FROM sale GROUP BY currency").fetchall()))
    return main_currency(counts)


def read_rows(book, since: dt.date | None, until: dt.date) -> ReportRows:
    """Every row a card over days ``since`` to ``until`` reads (see ReportRows):
    all referrals and stage changes; sales, follow-ups, rewards, cards and
    newcomers dated in the window (cards from 90 days before it, to see what
    they led to), plus every sale tied to a referral (its first sale counts)."""
    def run(sql: str, params: tuple = ()) -> list[tuple]:
        # fetchall(): one call, not the book cursor's error-checked __next__ per row.
        return book.db.execute_sql(sql, params).fetchall()

    first = since.isoformat() if since else _EARLIEST
    last = until.isoformat()
    card_first = (since - dt.timedelta(days=CARD_EFFECT_DAYS)).isoformat() if since else first
    referrals = [ReferralRow(i, referrer, _day(asked)) for i, referrer, asked in
                 run("SELECT id, referrer_id, asked_on FROM referral")]
    stages = [StageRow(referral, stage, _day(on)) for referral, stage, on in
              run("SELECT referral_id, stage, changed_on FROM referral_stage_change "
                  "ORDER BY id")]
    sales = [SaleRow(_day(sold), Decimal(str(amount)), currency, source, referral, referrer)
             for sold, amount, currency, source, referral, referrer in run(
                 "SELECT s.sold_on, s.amount, s.currency, s.source, s.referral_id, "
                 "COALESCE(r.referrer_id, c.referred_by_id) FROM sale s "
                 "JOIN contact c ON c.id = s.contact_id "
                 "LEFT JOIN referral r ON r.id = s.referral_id "
                 "WHERE s.sold_on BETWEEN ? AND ? OR s.referral_id IS NOT NULL", (first, last))]
    follow_ups = [FollowUpRow(kind, _day(due), _day(done) if done else None)
                  for kind, due, done in run(
                      "SELECT kind, due_on, done_on FROM follow_up "
                      "WHERE due_on BETWEEN ? AND ?", (first, last))]
    rewards = [RewardRow(Decimal(str(cost)), _day(given)) for cost, given in run(
        "SELECT cost, given_on FROM reward WHERE given_on BETWEEN ? AND ?", (first, last))]
    cards = [CardRow(contact, occasion, _day(sent)) for contact, occasion, sent in run(
        "SELECT contact_id, occasion, sent_on FROM card WHERE sent_on BETWEEN ? AND ?",
        (card_first, last))]
    # Referred: someone is named as having referred them, or a referral names them.
    newcomers = [NewcomerRow(i, _day(joined), bool(referred), _day(sold) if sold else None)
                 for i, joined, referred, sold in run(
                     "SELECT c.id, date(c.created_at), c.referred_by_id IS NOT NULL OR "
                     "EXISTS (SELECT 1 FROM referral r WHERE r.referred_id = c.id), "
                     "(SELECT MIN(s.sold_on) FROM sale s WHERE s.contact_id = c.id) "
                     "FROM contact c WHERE date(c.created_at) BETWEEN ? AND ?", (first, last))]
    return ReportRows(referrals, stages, sales, follow_ups, rewards, cards, newcomers)


def read_report(book, period: Period, as_of: dt.date, *, compare: bool = True) -> ReportCards:
    """The report card of ``period`` as of ``as_of`` and, with ``compare``, of
    the period before it, from one read of the book."""
    currency = book_currency(book)
    before = previous_period(period) if compare else None
    since = before.start if before is not None else period.start
    with book.atomic():  # one snapshot: a write meanwhile cannot split the figures
        rows = read_rows(book, since, min(period.end, as_of))
        rep_name = str(book.settings.get("user_name") or "")
    current = report_card(rows, period, as_of, currency)
    # The period before as it stood at its own end: its asks had as long to
    # convert as this period's have had.
    previous = report_card(rows, before, before.end, currency) if before is not None else None
    current, previous = _named(book, current), previous and _named(book, previous)
    return ReportCards(current, previous, rep_name)


def _named(book, card: ReportCard) -> ReportCard:
    """The card with its top referrers' names, read in one query."""
    ids = sorted({r.id for r in (*card.top_by_revenue, *card.top_by_count)})
    if not ids:
        return card
    marks = ", ".join("?" * len(ids))
    names = {i: display_name(first, last, company) for i, first, last, company in
             book.db.execute_sql(f"SELECT id, first_name, last_name, company FROM contact "
                                 f"WHERE id IN ({marks})", ids)}
    return replace(card,
                   top_by_revenue=tuple(replace(r, name=names.get(r.id, f"#{r.id}"))
                                        for r in card.top_by_revenue),
                   top_by_count=tuple(replace(r, name=names.get(r.id, f"#{r.id}"))
                                      for r in card.top_by_count))
