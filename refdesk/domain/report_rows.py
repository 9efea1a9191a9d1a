"""The plain rows a report card is computed from, as the book reader hands them over.

Plain tuples, no models and no database: the figures in ``report_card`` are
pure arithmetic on these, so a test can build a book by hand in a few lines.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

FALLBACK_CURRENCY = "USD"  # a book with no sales yet: the Sale column's own default


class ReferralRow(NamedTuple):
    id: int
    referrer_id: int
    asked_on: dt.date


class StageRow(NamedTuple):
    referral_id: int
    stage: str
    changed_on: dt.date


class SaleRow(NamedTuple):
    sold_on: dt.date
    amount: Decimal
    currency: str
    source: str  # "referral" or "other"
    referral_id: int | None
    # Who the revenue is credited to: the linked referral's referrer, else the
    # buyer's "referred by" (a referral sale recorded without its referral).
    referrer_id: int | None


class FollowUpRow(NamedTuple):
    kind: str
    due_on: dt.date
    done_on: dt.date | None


class RewardRow(NamedTuple):
    cost: Decimal
    given_on: dt.date


class CardRow(NamedTuple):
    contact_id: int
    occasion: str
    sent_on: dt.date


class NewcomerRow(NamedTuple):
    """A contact as a prospect: when they came into the book, whether someone
    referred them, and their first sale (None: none yet)."""

    contact_id: int
    joined_on: dt.date
    referred: bool
    first_sale_on: dt.date | None


@dataclass(frozen=True)
class ReportRows:
    """Everything a report card reads, for a window of days the reader chose.

    Referrals and their stage changes are all of them (a referral asked long
    ago can be won in the period); the other rows may be only those dated in
    the window.
    """

    referrals: list[ReferralRow] = field(default_factory=list)
    stages: list[StageRow] = field(default_factory=list)
    sales: list[SaleRow] = field(default_factory=list)
    follow_ups: list[FollowUpRow] = field(default_factory=list)
    rewards: list[RewardRow] = field(default_factory=list)
    cards: list[CardRow] = field(default_factory=list)
    newcomers: list[NewcomerRow] = field(default_factory=list)


def main_currency(sales_per_currency: Counter[str] | dict[str, int]) -> str:
    """The currency most sales use (ties: the first by code); USD for no sales."""
    if not sales_per_currency:
        return FALLBACK_CURRENCY
    return min(sales_per_currency, key=lambda code: (-sales_per_currency[code], code))
