"""The facts about one contact that readiness is derived from: plain values, no I/O.

The board gathers these for the whole book in a few set-based queries; the
readiness engine reads nothing else. Every date is on or before the day the
facts were gathered for ("as of"): facts are a snapshot, never a forecast.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class OpenReferral:
    """A referral the contact gave that is still open (asked … meeting)."""

    stage: str
    stage_on: dt.date  # the day it entered its current stage
    asked_on: dt.date
    referred_name: str = ""  # "" while the referred person is not named yet
    referral_id: int | None = None  # carried for the GUI; never read by the rules


@dataclass(frozen=True, slots=True)
class OwedThanks:
    """A follow-up (thank-you) to the contact that is not done yet."""

    kind: str  # a FOLLOW_UP_KINDS code
    due_on: dt.date
    referred_name: str = ""
    follow_up_id: int | None = None  # carried for the GUI; never read by the rules
    referral_id: int | None = None


# Not frozen: the board builds one per contact on every evaluation, and a frozen
# dataclass's __init__ (object.__setattr__ per field) costs eight times as much.
# Nothing changes facts once built; copy with dataclasses.replace.
@dataclass(slots=True)
class ContactFacts:
    """Everything readiness needs to know about one contact.

    "Since the sale" means on or after the day of the contact's last sale.
    """

    id: int
    name: str
    first_name: str = ""
    kind: str = "customer"
    referred_by_name: str = ""
    # Sales. ``product`` is the last sale's product: it picks the ask plan.
    last_sale_on: dt.date | None = None
    product: str = ""
    sales: int = 0
    # Touchpoints since the sale.
    post_close_on: dt.date | None = None  # latest post-close conversation
    trust_touches: int = 0  # trust-evidence touchpoints (TRUST_EVIDENCE kinds)
    evidence_on: dt.date | None = None  # the latest of them ...
    evidence_kind: str = ""  # ... and its kind (problem_solved wins a same-day tie)
    complaint_resolved_on: dt.date | None = None  # latest resolution of a complaint
    # The latest testimonial check since the sale (a lower score wins a same-day tie).
    checked_on: dt.date | None = None
    check_score: int | None = None
    # Open complaints, whenever they were made: an old grievance still counts.
    open_complaints: int = 0
    open_complaint_on: dt.date | None = None  # the oldest one
    open_complaint_id: int | None = None  # carried for the GUI
    # Asking and thanking, as a referrer.
    last_asked_on: dt.date | None = None
    thanked_on: dt.date | None = None  # latest follow-up done for any of their referrals
    open_referrals: tuple[OpenReferral, ...] = ()
    owed_thanks: tuple[OwedThanks, ...] = ()
    last_touch_on: dt.date | None = None  # latest dated fact of any kind

    @property
    def greeting_name(self) -> str:
        """How a next action names them: first name, else the full name."""
        return self.first_name or self.name
