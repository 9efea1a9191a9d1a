"""The rewards ledger (``book.rewards``): thank-you gifts to referrers, what
they cost per month, and the warning when a month passes the budget."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from refdesk.book.activity import money
from refdesk.book.settings import BookSettings
from refdesk.domain.names import display_name
from refdesk.domain.vocabulary import REWARD_KINDS
from refdesk.errors import RefdeskError
from refdesk.store.models import BookModels


@dataclass(frozen=True)
class RewardRecord:
    id: int
    contact_id: int
    contact: str  # the referrer's name
    referral_id: int | None
    kind: str  # a REWARD_KINDS code
    label: str
    description: str
    cost: Decimal
    given_on: dt.date


@dataclass(frozen=True)
class MonthSpend:
    """Rewards given in one month against the budget."""

    year: int
    month: int
    spent: Decimal
    count: int
    budget: Decimal | None  # None: no budget set

    @property
    def over_budget(self) -> bool:
        return self.budget is not None and self.spent > self.budget

    @property
    def warning(self) -> str:
        """A sentence for the window when the month is over budget, else ""."""
        if not self.over_budget:
            return ""
        month = dt.date(self.year, self.month, 1).strftime("%B %Y")
        return (f"Rewards in {month} cost {self.spent:,.2f}, over the monthly budget of "
                f"{self.budget:,.2f} by {self.spent - self.budget:,.2f}.")


def _month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, month, 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return first, following


class Rewards:
    """Rewards given to referrers."""

    def __init__(self, models: BookModels, settings: BookSettings):
        self._m, self._db, self._settings = models, models.database, settings

    def add(self, contact_id: int, given_on: dt.date, *, kind: str = "gift",
            description: str = "", cost: object = 0, referral_id: int | None = None) -> int:
        """Record a reward given to ``contact_id`` (for ``referral_id``); its id.
        RefdeskError for an unknown kind, a bad cost, or a referral that is
        not theirs."""
        m = self._m
        if kind not in REWARD_KINDS:
            raise RefdeskError(f"Unknown reward kind {kind!r}; use one of "
                               f"{', '.join(REWARD_KINDS)}.")
        amount = money(cost, "The reward's cost")
        if not m.Contact.select().where(m.Contact.id == contact_id).exists():
            raise RefdeskError(f"There is no contact #{contact_id}.")
        if referral_id is not None:
            ref = m.Referral.get_or_none(m.Referral.id == referral_id)
            if ref is None:
                raise RefdeskError(f"There is no referral #{referral_id}.")
            if ref.referrer_id != contact_id:
                raise RefdeskError(f"Referral #{referral_id} came from someone else; a "
                                   "reward goes to the referrer.")
        return m.Reward.create(contact=contact_id, given_on=given_on, kind=kind,
                               description=description.strip(), cost=amount,
                               referral=referral_id).id

    def delete(self, reward_id: int) -> None:
        """Remove a reward (the undo of recording it)."""
        m = self._m
        m.Reward.delete().where(m.Reward.id == reward_id).execute()

    def ledger(self, *, contact_id: int | None = None, referral_id: int | None = None,
               year: int | None = None, month: int | None = None) -> list[RewardRecord]:
        """Rewards, newest first; narrowed to a referrer, a referral or a month."""
        m = self._m
        query = (m.Reward.select(m.Reward, m.Contact).join(m.Contact)
                 .order_by(m.Reward.given_on.desc(), m.Reward.id.desc()))
        if contact_id is not None:
            query = query.where(m.Reward.contact == contact_id)
        if referral_id is not None:
            query = query.where(m.Reward.referral == referral_id)
        if year is not None and month is not None:
            first, following = _month_bounds(year, month)
            query = query.where((m.Reward.given_on >= first) & (m.Reward.given_on < following))
        return [RewardRecord(r.id, r.contact_id,
                             display_name(r.contact.first_name, r.contact.last_name,
                                          r.contact.company),
                             r.referral_id, r.kind, REWARD_KINDS.get(r.kind, r.kind),
                             r.description, r.cost, r.given_on) for r in query]

    def month_spend(self, year: int, month: int) -> MonthSpend:
        """What rewards given in that month cost, with the book's budget."""
        first, following = _month_bounds(year, month)
        count, total = self._db.execute_sql(
            "SELECT count(*), coalesce(sum(cost), 0) FROM reward "
            "WHERE given_on >= ? AND given_on < ?",
            (first.isoformat(), following.isoformat())).fetchone()
        # SQLite sums DECIMAL columns as floats: back to cents.
        return MonthSpend(year, month, Decimal(f"{float(total):.2f}"), count,
                          self._settings.reward_budget())

    def monthly_spend(self, since: dt.date, until: dt.date) -> list[MonthSpend]:
        """One MonthSpend per month from ``since``'s to ``until``'s, oldest first."""
        months, (year, month) = [], (since.year, since.month)
        while (year, month) <= (until.year, until.month):
            months.append(self.month_spend(year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months

    def budget_warning(self, on: dt.date, extra: object = 0) -> str:
        """The warning for ``on``'s month, counting a reward of ``extra`` about
        to be recorded ("" when within budget or none is set)."""
        spend = self.month_spend(on.year, on.month)
        more = money(extra, "The reward's cost")
        return MonthSpend(spend.year, spend.month, spend.spent + more, spend.count + 1,
                          spend.budget).warning
