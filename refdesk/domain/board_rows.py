"""The board's rows: one per contact (how ready, why, what next) and the day's agenda.

Plain records with no Peewee and no Qt: the window shows a saved board of
them before the database layer is loaded, and views and the snapshot codec
use them without touching the book.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

__all__ = ["Agenda", "AgendaItem", "ContactReadiness"]


class ContactReadiness(NamedTuple):
    """One row of the board: who, how ready, why, and what to do next.

    A named tuple rather than a frozen dataclass: 10,000 are built on every
    evaluation and loaded from the snapshot at every start, and a tuple is
    made in one step where a frozen dataclass sets each field in turn (~8x).
    """

    id: int
    name: str
    company: str
    kind: str
    email: str
    tags: tuple[str, ...]
    products: tuple[str, ...]  # every product they bought, sorted
    level: str  # a LEVELS code
    score: int  # 0-100 within the level, most pressing first
    reasons: tuple[str, ...]
    next_action: str
    action: str  # an ACTIONS code: which dialog the next action opens
    last_sale_on: dt.date | None
    last_touch_on: dt.date | None  # latest sale, touchpoint, check or ask
    days_since_touch: int | None  # for a staleness cue
    referral_id: int | None = None  # the referral the next action is about
    follow_up_id: int | None = None  # the follow-up the next action is about
    complaint_id: int | None = None  # the complaint to resolve (blocked)
    last_product: str = ""  # the product of their latest sale: what an ask is about


# Named tuples, as the rows are: a window starting up makes these classes
# before its first paint, and a frozen dataclass costs ~6x a named tuple to
# define (its methods are generated and compiled), ~4M instructions each.
class AgendaItem(NamedTuple):
    """A follow-up due today or overdue."""

    follow_up_id: int
    referral_id: int
    kind: str  # a FOLLOW_UP_KINDS code
    label: str
    due_on: dt.date
    days_overdue: int  # 0 when due today
    referrer_id: int
    referrer: str
    referred_id: int | None
    referred: str  # "" when the referral names nobody yet
    card_sent: bool  # a card for this follow-up was sent


class Agenda(NamedTuple):
    """The day's follow-ups, and those among them still owed a card."""

    follow_ups: tuple[AgendaItem, ...]
    cards_due: tuple[AgendaItem, ...]
