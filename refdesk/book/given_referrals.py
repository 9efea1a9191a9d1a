"""Referrals the rep gave to a customer's business (method §2), as
``book.given_referrals``. Kept apart from the referrals the rep receives:
they never count as referrals asked or won. Each is logged with a
``gave_referral`` touchpoint, which is what counts as earned trust and shows
in the customer's timeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from refdesk.errors import RefdeskError
from refdesk.store.models import BookModels


@dataclass(frozen=True)
class GivenReferralRecord:
    id: int
    customer_id: int
    referred_id: int | None  # someone in the book, or None for a typed name
    referred_name: str  # the typed name, or the book contact's name
    given_on: dt.date
    note: str
    touchpoint_id: int | None


class GivenReferrals:
    """Business the rep sent to customers."""

    def __init__(self, models: BookModels):
        self._m, self._db = models, models.database

    def add(self, customer_id: int, given_on: dt.date, *, referred_id: int | None = None,
            referred_name: str = "", note: str = "") -> int:
        """Record that you referred someone (a contact, or a name) to
        ``customer_id``'s business; log the trust touchpoint with it. Its id."""
        m = self._m
        name = referred_name.strip()
        if not m.Contact.select().where(m.Contact.id == customer_id).exists():
            raise RefdeskError(f"There is no contact #{customer_id}.")
        if referred_id is not None:
            person = m.Contact.get_or_none(m.Contact.id == referred_id)
            if person is None:
                raise RefdeskError(f"There is no contact #{referred_id}.")
            if referred_id == customer_id:
                raise RefdeskError("A customer cannot be referred to their own business.")
            name = name or person.display_name
        if not name:
            raise RefdeskError("Name whom you referred: pick a contact or type a name.")
        words = f"Referred {name} to them" + (f": {note.strip()}" if note.strip() else "")
        with self._db.atomic():
            touch = m.Touchpoint.create(contact=customer_id, kind="gave_referral",
                                        happened_on=given_on, note=words)
            return m.GivenReferral.create(customer=customer_id, referred=referred_id,
                                          referred_name=name, given_on=given_on,
                                          note=note.strip(), touchpoint=touch.id).id

    def delete(self, given_id: int) -> None:
        """Remove one with its touchpoint (the undo of recording it)."""
        m = self._m
        with self._db.atomic():
            row = m.GivenReferral.get_or_none(m.GivenReferral.id == given_id)
            if row is None:
                return
            m.GivenReferral.delete().where(m.GivenReferral.id == given_id).execute()
            if row.touchpoint_id is not None:
                m.Touchpoint.delete().where(m.Touchpoint.id == row.touchpoint_id).execute()

    def for_customer(self, customer_id: int) -> list[GivenReferralRecord]:
        """What you referred to this customer, newest first."""
        m = self._m
        query = (m.GivenReferral.select().where(m.GivenReferral.customer == customer_id)
                 .order_by(m.GivenReferral.given_on.desc(), m.GivenReferral.id.desc()))
        return [GivenReferralRecord(g.id, g.customer_id, g.referred_id, g.referred_name,
                                    g.given_on, g.note, g.touchpoint_id) for g in query]

    def count(self) -> int:
        """How many referrals the rep has given, in the whole book."""
        m = self._m
        return m.GivenReferral.select().count()
