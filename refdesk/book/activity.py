"""What happens with a contact: sales, touchpoints, testimonial checks, rewards."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from refdesk.book.records import SaleRecord, TouchpointRecord
from refdesk.domain.vocabulary import REWARD_KINDS, SALE_SOURCES, TOUCHPOINT_KINDS
from refdesk.errors import RefdeskError
from refdesk.store.models import BookModels


def money(value: object, what: str) -> Decimal:
    """``value`` as an amount of money: a number from 0 up to 999,999,999,999.99;
    RefdeskError naming ``what`` otherwise."""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise RefdeskError(f"{what} {value!r} is not a number.") from None
    # is_finite first: comparing NaN raises. The bound keeps within the
    # column's 14 digits (12 before the point) instead of storing a rounded value.
    if not amount.is_finite() or amount < 0:
        raise RefdeskError(f"{what} must be a number of zero or more, not {value}.")
    if amount >= _MONEY_LIMIT:
        raise RefdeskError(f"{what} {value} is too large (at most 999,999,999,999.99).")
    return amount


_MONEY_LIMIT = Decimal("1e12")


class Activity:
    """Sales, touchpoints, testimonial checks and rewards of the book's contacts."""

    def __init__(self, models: BookModels):
        self._m, self._db = models, models.database

    def _require_contact(self, contact_id: int) -> None:
        m = self._m
        if not m.Contact.select().where(m.Contact.id == contact_id).exists():
            raise RefdeskError(f"There is no contact #{contact_id}.")

    def add_sale(self, contact_id: int, sold_on: dt.date, amount: object, *,
                 product: str = "", currency: str = "USD", source: str = "other",
                 referral_id: int | None = None) -> int:
        """Record a sale; a customer-to-be becomes a customer. Returns the sale id."""
        m = self._m
        if source not in SALE_SOURCES:
            raise RefdeskError(f"Unknown sale source {source!r}; use referral or other.")
        self._require_contact(contact_id)
        with self._db.atomic():
            sale = m.Sale.create(contact=contact_id, sold_on=sold_on,
                                 amount=money(amount, "The sale amount"), currency=currency,
                                 product=product.strip(), source=source, referral=referral_id)
            m.Contact.update(kind="customer").where(m.Contact.id == contact_id).execute()
        return sale.id

    def sales(self, contact_id: int) -> list[SaleRecord]:
        """The contact's sales, oldest first."""
        m = self._m
        return [SaleRecord(s.id, s.contact_id, s.sold_on, s.amount, s.currency, s.product,
                           s.source, s.referral_id)
                for s in m.Sale.select().where(m.Sale.contact == contact_id)
                .order_by(m.Sale.sold_on, m.Sale.id)]

    def products(self) -> list[str]:
        """Every product name sold so far, sorted."""
        m = self._m
        return [row[0] for row in m.Sale.select(m.Sale.product).where(m.Sale.product != "")
                .distinct().order_by(m.Sale.product).tuples()]

    def delete_sale(self, sale_id: int) -> None:
        """Remove a sale (used to undo recording it)."""
        m = self._m
        m.Sale.delete().where(m.Sale.id == sale_id).execute()

    def log_touchpoint(self, contact_id: int, kind: str, happened_on: dt.date, *,
                       note: str = "", resolves: int | None = None) -> int:
        """Log a touchpoint; return its id.

        A ``complaint_resolved`` closes ``resolves`` or, when not given, the
        contact's oldest open complaint.
        """
        m = self._m
        if kind not in TOUCHPOINT_KINDS:
            raise RefdeskError(f"Unknown touchpoint kind {kind!r}.")
        self._require_contact(contact_id)
        with self._db.atomic():
            if kind == "complaint_resolved" and resolves is None:
                oldest = self.open_complaints(contact_id)
                resolves = oldest[0].id if oldest else None
            tp = m.Touchpoint.create(contact=contact_id, kind=kind, happened_on=happened_on,
                                     note=note, resolves=resolves)
        return tp.id

    def delete_touchpoint(self, touchpoint_id: int) -> None:
        """Remove a touchpoint (used to undo a log)."""
        m = self._m
        m.Touchpoint.delete().where(m.Touchpoint.id == touchpoint_id).execute()

    def touchpoints(self, contact_id: int) -> list[TouchpointRecord]:
        """The contact's touchpoints, oldest first."""
        m = self._m
        return [TouchpointRecord(t.id, t.contact_id, t.happened_on, t.kind, t.note,
                                 t.resolves_id)
                for t in m.Touchpoint.select().where(m.Touchpoint.contact == contact_id)
                .order_by(m.Touchpoint.happened_on, m.Touchpoint.id)]

    def open_complaints(self, contact_id: int) -> list[TouchpointRecord]:
        """Complaints of the contact that no resolution closes yet, oldest first."""
        m = self._m
        resolved = (m.Touchpoint.select(m.Touchpoint.resolves)
                    .where(m.Touchpoint.resolves.is_null(False)))
        query = (m.Touchpoint.select()
                 .where((m.Touchpoint.contact == contact_id) & (m.Touchpoint.kind == "complaint")
                        & m.Touchpoint.id.not_in(resolved))
                 .order_by(m.Touchpoint.happened_on, m.Touchpoint.id))
        return [TouchpointRecord(t.id, t.contact_id, t.happened_on, t.kind, t.note, None)
                for t in query]

    def add_testimonial_check(self, contact_id: int, checked_on: dt.date, *,
                              do_better: str = "", done_right: str = "",
                              would_refer: str = "", score: int | None = None,
                              may_quote: bool = False) -> int:
        """Record the three-question testimonial check (method §5)."""
        m = self._m
        if score is not None and not 0 <= int(score) <= 10:
            raise RefdeskError(f"A satisfaction score runs from 0 to 10, not {score}.")
        self._require_contact(contact_id)
        check = m.TestimonialCheck.create(contact=contact_id, checked_on=checked_on,
                                          do_better=do_better, done_right=done_right,
                                          would_refer=would_refer, score=score,
                                          may_quote=may_quote)
        return check.id

    def delete_testimonial_check(self, check_id: int) -> None:
        """Remove a testimonial check (used to undo recording it)."""
        m = self._m
        m.TestimonialCheck.delete().where(m.TestimonialCheck.id == check_id).execute()

    def add_reward(self, contact_id: int, given_on: dt.date, *, kind: str = "gift",
                   description: str = "", cost: object = 0,
                   referral_id: int | None = None) -> int:
        """Record a reward given to a referrer."""
        m = self._m
        if kind not in REWARD_KINDS:
            raise RefdeskError(f"Unknown reward kind {kind!r}.")
        self._require_contact(contact_id)
        reward = m.Reward.create(contact=contact_id, given_on=given_on, kind=kind,
                                 description=description, cost=money(cost, "The cost"),
                                 referral=referral_id)
        return reward.id
