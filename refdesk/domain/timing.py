"""The timing of the right to ask: window, cool-down and trust points (method §3, §5).

Pure date arithmetic over a contact's facts and the ask plan; the rules it
implements are stated in ``refdesk.domain.readiness``.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Protocol

from refdesk.domain.facts import ContactFacts

DETRACTOR_MAX = 6  # Net Promoter scale: 0-6 is a detractor
CLOSING_SHARE = 0.25  # the last quarter of the window is "closing"


class Plan(Protocol):
    """The ask plan's numbers (``AskPlanData`` fits; the domain never imports the book)."""

    # Read-only properties, so a frozen dataclass such as AskPlanData fits too.
    @property
    def benefit_days(self) -> int: ...
    @property
    def window_days(self) -> int: ...
    @property
    def cooldown_days(self) -> int: ...
    @property
    def cooldown_thanked_days(self) -> int: ...
    @property
    def min_trust(self) -> int: ...
    @property
    def promoter_score(self) -> int: ...


@dataclass(slots=True)  # not frozen: built for every customer on every board (8x cheaper)
class Moment:
    """The timing of the right to ask, derived from one contact's facts and plan."""

    opens: dt.date
    closes: dt.date
    closing_from: dt.date
    cooldown_until: dt.date | None
    trust: int
    need: int
    promoter: bool
    detractor: bool
    asked_since_sale: bool


def moment(f: ContactFacts, plan: Plan) -> Moment:
    """The timing of a customer (one with a sale) under ``plan``."""
    assert f.last_sale_on is not None
    score = f.check_score
    promoter = score is not None and score >= plan.promoter_score
    detractor = score is not None and score <= DETRACTOR_MAX and not promoter
    opens = f.last_sale_on + dt.timedelta(days=plan.benefit_days)
    # The moment stays good for window_days after the customer last felt the benefit:
    # fresh evidence (a promoter check included) re-warms it.
    felt = opens
    if f.evidence_on is not None and f.evidence_on > felt:
        felt = f.evidence_on
    if promoter and f.checked_on is not None and f.checked_on > felt:
        felt = f.checked_on
    closes = felt + dt.timedelta(days=plan.window_days)
    closing_from = closes - dt.timedelta(days=math.ceil(plan.window_days * CLOSING_SHARE))
    cooldown_until = None
    if f.last_asked_on is not None:
        # Thanked since the last ask means they gave a referral: asking again is welcome sooner.
        thanked = f.thanked_on is not None and f.thanked_on >= f.last_asked_on
        days = plan.cooldown_thanked_days if thanked else plan.cooldown_days
        cooldown_until = f.last_asked_on + dt.timedelta(days=days)
    asked_since_sale = f.last_asked_on is not None and f.last_asked_on >= f.last_sale_on
    return Moment(opens, closes, closing_from, cooldown_until, f.trust_touches + promoter,
                  plan.min_trust, promoter, detractor, asked_since_sale)
