"""The pipeline board's read model: every referral as a card, in one query.

The window shows referrals in columns by stage. What a card says (who to
whom, days in the stage, how ripe or rotten, the next follow-up, the sale
once won) is worked out here, without Qt, so it is tested without a window
and a 3,000-referral book costs one SQL statement, not one per card.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from refdesk.book.memo import Memo
from refdesk.domain.names import display_name
from refdesk.domain.stages import PIPELINE_COLUMNS, ROT_ROTTING, rot_level
from refdesk.domain.vocabulary import CLOSED_STAGES, FOLLOW_UP_KINDS

if TYPE_CHECKING:
    from refdesk.book import Book

STAGES: tuple[str, ...] = PIPELINE_COLUMNS  # the board's columns, left to right


class PipelineCard(NamedTuple):
    """One referral as the pipeline board shows it."""

    id: int
    stage: str
    referrer_id: int
    referrer: str
    referred_id: int | None
    referred: str  # "" while nobody is named
    asked_on: dt.date
    stage_on: dt.date
    days_in_stage: int
    rot: str  # fresh, aging, rotting, or closed (won and lost do not rot)
    project: str
    promised: str
    product: str  # of the sale once won, else of the referrer's last sale
    next_due: dt.date | None  # the earliest open follow-up
    next_kind: str  # its kind ("" when none is open)
    overdue: bool
    open_follow_ups: int
    sale_value: Decimal | None  # the sales linked to the referral
    currency: str
    estimate: Decimal | None  # the referrer's last sale: what such a referral may be worth
    estimate_currency: str
    search_text: str  # lower-cased names, companies, project, product: for search as you type

    @property
    def next_label(self) -> str:
        """The next follow-up in words ("Thank the referrer"), or ""."""
        return FOLLOW_UP_KINDS.get(self.next_kind, self.next_kind)


@dataclass(frozen=True)
class PipelineFilter:
    """What the board shows: a referrer, a product, a period of asking, typed text."""

    referrer_id: int | None = None
    product: str = ""
    since: dt.date | None = None  # asked on or after
    until: dt.date | None = None  # asked on or before
    text: str = ""

    def accepts(self, card: PipelineCard) -> bool:
        if self.referrer_id is not None and card.referrer_id != self.referrer_id:
            return False
        if self.product and card.product != self.product:
            return False
        if self.since is not None and card.asked_on < self.since:
            return False
        if self.until is not None and card.asked_on > self.until:
            return False
        return all(word in card.search_text for word in self.text.casefold().split())


@dataclass(frozen=True)
class ColumnSummary:
    """A column header: how many cards, and what they are worth."""

    stage: str
    count: int
    value: dict[str, Decimal]  # currency -> won sales (won) or estimates (open stages)
    estimated: bool  # True where the value is an estimate, not a sale
    rotting: int  # cards past their stage's limit
    overdue: int  # cards with an overdue follow-up


_CARDS_SQL = """
WITH last_sale AS (
    SELECT contact_id, product, amount, currency,
           row_number() OVER (PARTITION BY contact_id ORDER BY sold_on DESC, id DESC) AS n
    FROM sale {one_referrer}
), open_fu AS (
    -- the earliest open follow-up with its kind, in one pass: "2026-11-24|status_report"
    SELECT referral_id, min(due_on || '|' || kind) AS first_due, count(*) AS open_count
    FROM follow_up WHERE done_on IS NULL {and_one} GROUP BY referral_id
), won_sale AS (
    SELECT referral_id, sum(amount) AS total, max(currency) AS currency,
           max(product) AS product
    FROM sale WHERE referral_id IS NOT NULL {and_one} GROUP BY referral_id
)
SELECT r.id, r.stage, r.referrer_id, cr.first_name, cr.last_name, cr.company,
       r.referred_id, cd.first_name, cd.last_name, cd.company,
       r.asked_on, r.stage_on, r.project, r.promised_action,
       ls.product, ls.amount, ls.currency,
       fu.first_due, fu.open_count,
       ws.total, ws.currency, ws.product
FROM referral r
JOIN contact cr ON cr.id = r.referrer_id
LEFT JOIN contact cd ON cd.id = r.referred_id
LEFT JOIN last_sale ls ON ls.contact_id = r.referrer_id AND ls.n = 1
LEFT JOIN open_fu fu ON fu.referral_id = r.id
LEFT JOIN won_sale ws ON ws.referral_id = r.id
{one}
ORDER BY r.stage_on, r.id
"""

_ALL_SQL = _CARDS_SQL.format(one_referrer="", and_one="", one="")
# One card: each part narrowed to the referral, so it costs a few rows, not the tables.
_ONE_SQL = _CARDS_SQL.format(
    one_referrer="WHERE contact_id = (SELECT referrer_id FROM referral WHERE id = :rid)",
    and_one="AND referral_id = :rid", one="WHERE r.id = :rid")


def _date(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _money(value: object) -> Decimal | None:
    # SQLite sums DECIMAL columns as floats: back to cents.
    return None if value is None else Decimal(f"{float(value):.2f}")


def pipeline_cards(book: Book, today: dt.date,
                   limits: Mapping[str, int] | None = None, *,
                   referral_id: int | None = None) -> list[PipelineCard]:
    """Every referral in the book as a card, oldest in its stage first (or
    just the one ``referral_id``: what a move asks about, without the rest)."""
    limits = book.settings.rot_limits() if limits is None else limits
    if referral_id is None:
        rows = book.db.execute_sql(_ALL_SQL).fetchall()
    else:
        rows = book.db.execute_sql(_ONE_SQL, {"rid": referral_id}).fetchall()
    dates, money = Memo(_date), Memo(_money)
    cards = []
    for (rid, stage, referrer_id, rf, rl, rc, referred_id, df, dl, dc, asked_on, stage_on,
         project, promised, last_product, last_amount, last_currency, first_due, open_count,
         won_total, won_currency, won_product) in rows:
        referrer = display_name(rf, rl, rc)
        referred = display_name(df, dl, dc) if referred_id is not None else ""
        stage_day = dates[stage_on]
        days = max(0, (today - stage_day).days)
        due, _, next_kind = (first_due or "").partition("|")
        next_due = dates[due] if due else None
        product = won_product or last_product or ""
        search = " ".join((referrer, rc, referred, dc or "", project, promised,
                           product)).casefold()
        cards.append(PipelineCard(
            rid, stage, referrer_id, referrer, referred_id, referred, dates[asked_on],
            stage_day, days, rot_level(stage, days, limits), project, promised,
            product,
            next_due, next_kind or "", next_due is not None and next_due < today,
            open_count or 0, money[won_total], won_currency or "",
            money[last_amount], last_currency or "", search))
    return cards


def by_stage(cards: Iterable[PipelineCard],
             wanted: PipelineFilter | None = None) -> dict[str, list[PipelineCard]]:
    """The cards the filter accepts, in their columns (every stage present)."""
    columns: dict[str, list[PipelineCard]] = {stage: [] for stage in STAGES}
    accepts = wanted.accepts if wanted is not None else None
    for card in cards:
        if (accepts is None or accepts(card)) and card.stage in columns:
            columns[card.stage].append(card)
    return columns


def summarize(stage: str, cards: Sequence[PipelineCard]) -> ColumnSummary:
    """A column's count and value: won sales in the won column, the referrers'
    last sales as an estimate in the open ones, nothing for lost."""
    value: dict[str, Decimal] = {}
    estimated = stage not in CLOSED_STAGES
    for card in cards:
        if stage == "won":
            amount, currency = card.sale_value, card.currency
        elif estimated:
            amount, currency = card.estimate, card.estimate_currency
        else:
            continue
        if amount is not None and currency:
            value[currency] = value.get(currency, Decimal(0)) + amount
    return ColumnSummary(stage, len(cards), value, estimated,
                         sum(1 for c in cards if c.rot == ROT_ROTTING),
                         sum(1 for c in cards if c.overdue))


def filter_choices(cards: Iterable[PipelineCard]) -> tuple[list[tuple[int, str]], list[str]]:
    """The referrers (id, name) and products the filters offer, sorted by name."""
    referrers: dict[int, str] = {}
    products: set[str] = set()
    for card in cards:
        referrers[card.referrer_id] = card.referrer
        if card.product:
            products.add(card.product)
    return (sorted(referrers.items(), key=lambda item: (item[1].casefold(), item[0])),
            sorted(products, key=str.casefold))

