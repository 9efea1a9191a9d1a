"""One small book, written by hand as plain rows, whose every figure the tests
work out in their comments. The as-of day is 30 Jun 2026.

Contacts: A=1, B=2, C=3 refer; 10, 11, 12, 22 were referred; 20, 21, 23 came
on their own.

Referrals (their stage changes):
  R1 (A) asked 10 Jan, promised 11 Jan, introduced 15 Jan, contacted 20 Jan,
         meeting 1 Feb, won 10 Feb
  R2 (A) asked 5 Mar, promised 6 Mar, introduced 10 Mar, lost 20 Mar
  R3 (B) asked 15 Mar, nothing since
  R4 (C) asked 20 Mar, contacted 25 Mar (straight from asked), won 2 May:
         asked in Q1, won in Q2
  R5 (B) asked 1 Jun, promised 2 Jun, won 10 Jun, then reopened to meeting
         12 Jun: no win
  R6 (B) asked 5 Jul: after the as-of day, never counted

Sales:
  S1 10 12 Feb 1000 USD referral R1 (A)     S2 10 1 Apr 500 USD referral R1 (A)
  S3 11 5 May 3000 USD referral R4 (C)      S4 20 20 Feb 2000 USD other
  S5 21 10 May 400 USD other                S6 22 15 May 900 EUR referral, no
                                               referral row; referred by B
  S7 20 1 Jul 999 USD other (after the as-of day)

Follow-ups (kind, due, done):
  F1 thank_within_day 12 Jan, 12 Jan (on time)   F2 status_report 23 Jan, 25 Jan (late)
  F3 thank_for_sale 13 Feb, open (overdue)       F4 thank_within_day 30 Jun, open
     (due on the as-of day: can still be on time, left out)
  F5 thank_within_day 3 Jun, 3 Jun (on time)     F6 status_report 5 May, 4 May (on time)

Rewards: 40 on 13 Feb, 25 on 6 May, 0 (a discount) on 7 May.
Cards (to, occasion, sent): C1 A thank_intro 12 Jan; C2 C thank_intro 25 Jan;
  C3 A thank_sale 13 Feb; C4 B status_report 3 Jun.
Newcomers (joined, referred, first sale): 10 20 Jan yes 12 Feb; 11 25 Mar yes
  5 May; 12 11 Mar yes none; 22 14 May yes 15 May; 20 1 Feb no 20 Feb;
  21 15 Apr no 10 May; 23 20 May no none.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from refdesk.domain.report_rows import (
    CardRow,
    FollowUpRow,
    NewcomerRow,
    ReferralRow,
    ReportRows,
    RewardRow,
    SaleRow,
    StageRow,
)

AS_OF = dt.date(2026, 6, 30)
A, B, C = 1, 2, 3


def d(text: str) -> dt.date:
    """A day of 2026 written "MM-DD"."""
    return dt.date.fromisoformat(f"2026-{text}")


def hand_rows() -> ReportRows:
    referrals = [ReferralRow(1, A, d("01-10")), ReferralRow(2, A, d("03-05")),
                 ReferralRow(3, B, d("03-15")), ReferralRow(4, C, d("03-20")),
                 ReferralRow(5, B, d("06-01")), ReferralRow(6, B, d("07-05"))]
    history = {1: [("asked", "01-10"), ("promised", "01-11"), ("introduced", "01-15"),
                   ("contacted", "01-20"), ("meeting", "02-01"), ("won", "02-10")],
               2: [("asked", "03-05"), ("promised", "03-06"), ("introduced", "03-10"),
                   ("lost", "03-20")],
               3: [("asked", "03-15")],
               4: [("asked", "03-20"), ("contacted", "03-25"), ("won", "05-02")],
               5: [("asked", "06-01"), ("promised", "06-02"), ("won", "06-10"),
                   ("meeting", "06-12")],
               6: [("asked", "07-05")]}
    stages = [StageRow(rid, stage, d(on)) for rid, changes in history.items()
              for stage, on in changes]
    usd = "USD"
    sales = [SaleRow(d("02-12"), Decimal(1000), usd, "referral", 1, A),
             SaleRow(d("04-01"), Decimal(500), usd, "referral", 1, A),
             SaleRow(d("05-05"), Decimal(3000), usd, "referral", 4, C),
             SaleRow(d("02-20"), Decimal(2000), usd, "other", None, None),
             SaleRow(d("05-10"), Decimal(400), usd, "other", None, None),
             SaleRow(d("05-15"), Decimal(900), "EUR", "referral", None, B),
             SaleRow(d("07-01"), Decimal(999), usd, "other", None, None)]
    follow_ups = [FollowUpRow("thank_within_day", d("01-12"), d("01-12")),
                  FollowUpRow("status_report", d("01-23"), d("01-25")),
                  FollowUpRow("thank_for_sale", d("02-13"), None),
                  FollowUpRow("thank_within_day", d("06-30"), None),
                  FollowUpRow("thank_within_day", d("06-03"), d("06-03")),
                  FollowUpRow("status_report", d("05-05"), d("05-04"))]
    rewards = [RewardRow(Decimal(40), d("02-13")), RewardRow(Decimal(25), d("05-06")),
               RewardRow(Decimal(0), d("05-07"))]
    cards = [CardRow(A, "thank_intro", d("01-12")), CardRow(C, "thank_intro", d("01-25")),
             CardRow(A, "thank_sale", d("02-13")), CardRow(B, "status_report", d("06-03"))]
    newcomers = [NewcomerRow(10, d("01-20"), True, d("02-12")),
                 NewcomerRow(11, d("03-25"), True, d("05-05")),
                 NewcomerRow(12, d("03-11"), True, None),
                 NewcomerRow(22, d("05-14"), True, d("05-15")),
                 NewcomerRow(20, d("02-01"), False, d("02-20")),
                 NewcomerRow(21, d("04-15"), False, d("05-10")),
                 NewcomerRow(23, d("05-20"), False, None)]
    return ReportRows(referrals, stages, sales, follow_ups, rewards, cards, newcomers)


# The same book in a real file. A, B and C joined on 1 Jun 2025 and never
# bought: the reader returns them as newcomers too.
REFERRERS_JOINED = dt.date(2025, 6, 1)
_REFERRED_BY = {10: A, 22: B}  # 11 and 12 are named only by their referral
_REFERRED = {1: 10, 2: 12, 4: 11}  # referral -> the person it brought
_SALE_CONTACTS = (10, 10, 11, 20, 21, 22, 20)  # S1-S7
_FOLLOW_UP_REFERRALS = (1, 1, 1, 5, 5, 4)  # F1-F6


def write_hand_book(book) -> None:
    """Write hand_rows() into ``book`` (an empty one) through its own models."""
    rows = hand_rows()
    m = book.models
    joined = {n.contact_id: n.joined_on for n in rows.newcomers}
    joined.update({A: REFERRERS_JOINED, B: REFERRERS_JOINED, C: REFERRERS_JOINED})
    with book.atomic():
        for cid in sorted(joined, key=lambda i: (i not in (A, B, C), i)):
            m.Contact.create(id=cid, first_name=f"Person{cid}", last_name="Test",
                             referred_by=_REFERRED_BY.get(cid),
                             created_at=dt.datetime.combine(joined[cid], dt.time(9, 30)))
        final = {}
        for s in rows.stages:
            final[s.referral_id] = (s.stage, s.changed_on)
        for r in rows.referrals:
            stage, on = final[r.id]
            m.Referral.create(id=r.id, referrer=r.referrer_id, referred=_REFERRED.get(r.id),
                              stage=stage, asked_on=r.asked_on, stage_on=on)
        for s in rows.stages:
            m.ReferralStageChange.create(referral=s.referral_id, stage=s.stage,
                                         changed_on=s.changed_on)
        for s, cid in zip(rows.sales, _SALE_CONTACTS, strict=True):
            m.Sale.create(contact=cid, sold_on=s.sold_on, amount=s.amount, currency=s.currency,
                          source=s.source, referral=s.referral_id)
        for f, rid in zip(rows.follow_ups, _FOLLOW_UP_REFERRALS, strict=True):
            m.FollowUp.create(referral=rid, kind=f.kind, due_on=f.due_on, done_on=f.done_on)
        for w in rows.rewards:
            m.Reward.create(contact=A, cost=w.cost, given_on=w.given_on)
        for c in rows.cards:
            m.Card.create(contact=c.contact_id, occasion=c.occasion, printed_on=c.sent_on,
                          sent_on=c.sent_on)
        # A card printed but not sent yet is no card sent.
        m.Card.create(contact=A, occasion="thank_intro", printed_on=d("06-20"))
