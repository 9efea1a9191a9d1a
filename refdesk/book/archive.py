"""Archiving contacts (``book.archive``): a contact named by referrals is
archived rather than deleted, so each referral keeps its history and both
timelines stay whole. Archived contacts stay in the book, out of the way."""

from __future__ import annotations

from collections.abc import Iterable

from refdesk.errors import RefdeskError
from refdesk.store.models import BookModels


class Archive:
    """Which contacts are archived."""

    def __init__(self, models: BookModels):
        self._m = models

    def set_archived(self, contact_id: int, archived: bool) -> bool:
        """Archive (or bring back) a contact; whether it was archived before."""
        m = self._m
        row = m.Contact.get_or_none(m.Contact.id == contact_id)
        if row is None:
            raise RefdeskError(f"There is no contact #{contact_id}.")
        m.Contact.update(archived=archived).where(m.Contact.id == contact_id).execute()
        return bool(row.archived)

    def is_archived(self, contact_id: int) -> bool:
        m = self._m
        row = m.Contact.get_or_none(m.Contact.id == contact_id)
        if row is None:
            raise RefdeskError(f"There is no contact #{contact_id}.")
        return bool(row.archived)

    def archived_ids(self) -> set[int]:
        """Every archived contact's id."""
        m = self._m
        return {cid for (cid,) in m.Contact.select(m.Contact.id)
                .where(m.Contact.archived == True).tuples()}  # noqa: E712 (SQL, not Python)

    def referral_count(self, contact_id: int) -> int:
        """Referrals the contact gave or came from: deleting them would take
        (or blank) those referrals' history, so the window archives instead."""
        m = self._m
        return (m.Referral.select().where((m.Referral.referrer == contact_id)
                                          | (m.Referral.referred == contact_id)).count())

    def named_by_referrals(self, contact_ids: Iterable[int]) -> set[int]:
        """Those of ``contact_ids`` that referrals name (see ``referral_count``),
        in one query however many are asked about."""
        m = self._m
        ids = list(contact_ids)
        named = (m.Referral.select(m.Referral.referrer, m.Referral.referred)
                 .where(m.Referral.referrer.in_(ids) | m.Referral.referred.in_(ids)).tuples())
        return {cid for pair in named for cid in pair} & set(ids)

    def neighbours(self, contact_ids: Iterable[int]) -> set[int]:
        """Contacts whose reasons may name one of ``contact_ids``: the other side
        of each referral they gave or came from, and who referred them; two
        queries however many are asked about."""
        m = self._m
        ids = list(contact_ids)
        paired = (m.Referral.select(m.Referral.referrer, m.Referral.referred)
                  .where(m.Referral.referrer.in_(ids) | m.Referral.referred.in_(ids)).tuples())
        referrers = (m.Contact.select(m.Contact.referred_by)
                     .where(m.Contact.id.in_(ids) & m.Contact.referred_by.is_null(False))
                     .tuples())
        return {cid for pair in paired for cid in pair if cid is not None} \
            | {cid for (cid,) in referrers}
