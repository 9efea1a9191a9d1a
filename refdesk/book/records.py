"""Plain records the Book hands out and takes in: no Peewee, no Qt.

Views and scripts get these, never live model objects, so nothing outside
the store can run a query by touching an attribute.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from refdesk.domain.names import display_name


@dataclass
class ContactData:
    """Everything the user edits about a contact."""

    kind: str = "customer"
    prefix: str = ""
    first_name: str = ""
    middle_name: str = ""
    last_name: str = ""
    suffix: str = ""
    nickname: str = ""
    company: str = ""
    title: str = ""
    emails: list[tuple[str, str]] = field(default_factory=list)  # (address, label)
    phones: list[tuple[str, str]] = field(default_factory=list)  # (number, label)
    street: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = ""
    tags: list[str] = field(default_factory=list)
    notes: str = ""
    referred_by: int | None = None
    id: int | None = None

    @property
    def display_name(self) -> str:
        return display_name(self.first_name, self.last_name, self.company)


class ContactRow(NamedTuple):
    """One line of the contact list: what a list or board shows at a glance.

    A tuple, because a big book makes tens of thousands of them at start-up.
    """

    id: int
    name: str
    company: str
    kind: str
    email: str
    phone: str
    tags: str


# The four records below are tuples too: every command imports this module, and a
# frozen dataclass costs ~1 ms to make (its methods compiled), a NamedTuple a
# tenth of that; 14 of them were 15 ms of an import's ~200 ms.


class SaleRecord(NamedTuple):
    id: int
    contact_id: int
    sold_on: dt.date
    amount: Decimal
    currency: str
    product: str
    source: str
    referral_id: int | None


class TouchpointRecord(NamedTuple):
    id: int
    contact_id: int
    happened_on: dt.date
    kind: str
    note: str
    resolves_id: int | None


class ReferralRecord(NamedTuple):
    id: int
    referrer_id: int
    referred_id: int | None
    stage: str
    asked_on: dt.date
    stage_on: dt.date
    project: str
    promised_action: str
    note: str


class FollowUpRecord(NamedTuple):
    id: int
    referral_id: int
    kind: str
    due_on: dt.date
    done_on: dt.date | None
    referrer_id: int
    referred_id: int | None


@dataclass(frozen=True)
class AskPlanData:
    """The method's timing rules (§3) for the book or for one product."""

    product: str = ""
    benefit_days: int = 21
    window_days: int = 60
    cooldown_days: int = 90
    cooldown_thanked_days: int = 30
    min_trust: int = 2
    promoter_score: int = 9
