"""Referrals through their stages, and the follow-ups each stage owes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from peewee import fn

from refdesk.book.records import ContactData, FollowUpRecord, ReferralRecord
from refdesk.book.same_person import SamePerson, same_people
from refdesk.domain.followups import DEFAULT_WORKING_DAYS, follow_ups_for_stage
from refdesk.domain.vocabulary import FOLLOW_UP_HOW, REFERRAL_STAGES
from refdesk.errors import RefdeskError
from refdesk.store.models import BookModels, Referral


@dataclass(frozen=True)
class WinDefaults:
    """The sale a won referral most likely brought, to prefill the won dialog."""

    sold_on: dt.date
    amount: Decimal | None  # None: nothing to go by
    currency: str
    product: str


def _record(r: Referral) -> ReferralRecord:
    return ReferralRecord(r.id, r.referrer_id, r.referred_id, r.stage, r.asked_on, r.stage_on,
                          r.project, r.promised_action, r.note)


class Referrals:
    """The book's referrals and their follow-ups."""

    def __init__(self, models: BookModels, follow_up_days: Callable[[], Mapping[str, int]],
                 working_days: Callable[[], Iterable[int]] = lambda: DEFAULT_WORKING_DAYS):
        self._m, self._db = models, models.database
        self._follow_up_days = follow_up_days
        self._working_days = working_days

    def _require_contact(self, contact_id: int | None) -> None:
        m = self._m
        if contact_id is not None and \
                not m.Contact.select().where(m.Contact.id == contact_id).exists():
            raise RefdeskError(f"There is no contact #{contact_id}.")

    def ask(self, referrer_id: int, asked_on: dt.date, *, project: str = "",
            promised_action: str = "", referred_id: int | None = None, note: str = "") -> int:
        """Record that you asked ``referrer_id`` for an introduction; return the referral id."""
        m = self._m
        for contact_id in (referrer_id, referred_id):
            self._require_contact(contact_id)
        with self._db.atomic():
            ref = m.Referral.create(referrer=referrer_id, referred=referred_id, stage="asked",
                                    asked_on=asked_on, stage_on=asked_on, project=project,
                                    promised_action=promised_action, note=note)
            m.ReferralStageChange.create(referral=ref.id, stage="asked", changed_on=asked_on)
        return ref.id

    def advance(self, referral_id: int, stage: str, on: dt.date, *, note: str = "",
                referred_id: int | None = None) -> list[int]:
        """Move a referral to ``stage`` on ``on``; schedule the follow-ups it now owes.

        Returns the ids of the follow-ups created.
        """
        m = self._m
        if stage not in REFERRAL_STAGES:
            raise RefdeskError(f"Unknown referral stage {stage!r}; use one of "
                               f"{', '.join(REFERRAL_STAGES)}.")
        ref = m.Referral.get_or_none(m.Referral.id == referral_id)
        if ref is None:
            raise RefdeskError(f"There is no referral #{referral_id}.")
        if on < ref.asked_on:
            raise RefdeskError(f"A referral cannot move before it was asked ({ref.asked_on}).")
        self._require_contact(referred_id)
        with self._db.atomic():
            fields = {"stage": stage, "stage_on": on}
            if referred_id is not None:
                fields["referred"] = referred_id
            m.Referral.update(**fields).where(m.Referral.id == referral_id).execute()
            m.ReferralStageChange.create(referral=referral_id, stage=stage, changed_on=on,
                                         note=note)
            existing = [f.kind for f in m.FollowUp.select(m.FollowUp.kind)
                        .where(m.FollowUp.referral == referral_id)]
            due = follow_ups_for_stage(stage, on, existing, self._follow_up_days(),
                                       self._working_days())
            return [m.FollowUp.create(referral=referral_id, kind=kind, due_on=due_on).id
                    for kind, due_on in due]

    def undo_advance(self, referral_id: int, before: ReferralRecord,
                     follow_up_ids: list[int]) -> None:
        """Put a referral back as ``before`` and drop what the advance added."""
        m = self._m
        with self._db.atomic():
            m.Referral.update(stage=before.stage, stage_on=before.stage_on,
                              referred=before.referred_id).where(
                m.Referral.id == referral_id).execute()
            newest = (m.ReferralStageChange.select(m.ReferralStageChange.id)
                      .where(m.ReferralStageChange.referral == referral_id)
                      .order_by(m.ReferralStageChange.id.desc()).limit(1))
            m.ReferralStageChange.delete().where(m.ReferralStageChange.id.in_(newest)).execute()
            if follow_up_ids:
                m.FollowUp.delete().where(m.FollowUp.id.in_(follow_up_ids)).execute()

    def delete(self, referral_id: int) -> None:
        """Remove a referral with its history and follow-ups (undo of ask)."""
        m = self._m
        m.Referral.delete().where(m.Referral.id == referral_id).execute()

    def get(self, referral_id: int) -> ReferralRecord:
        """One referral; RefdeskError if there is none."""
        m = self._m
        ref = m.Referral.get_or_none(m.Referral.id == referral_id)
        if ref is None:
            raise RefdeskError(f"There is no referral #{referral_id}.")
        return _record(ref)

    def involving(self, contact_id: int) -> list[ReferralRecord]:
        """Referrals the contact gave or came from, oldest first."""
        m = self._m
        query = (m.Referral.select()
                 .where((m.Referral.referrer == contact_id) | (m.Referral.referred == contact_id))
                 .order_by(m.Referral.asked_on, m.Referral.id))
        return [_record(r) for r in query]

    def history(self, referral_id: int) -> list[tuple[str, dt.date, str]]:
        """The dated stage changes of a referral: (stage, date, note), oldest first."""
        m = self._m
        return [(h.stage, h.changed_on, h.note) for h in m.ReferralStageChange.select()
                .where(m.ReferralStageChange.referral == referral_id)
                .order_by(m.ReferralStageChange.changed_on, m.ReferralStageChange.id)]

    def follow_ups(self, *, open_only: bool = False,
                   due_by: dt.date | None = None) -> list[FollowUpRecord]:
        """Follow-ups (optionally only open ones due by a date), by due date."""
        m = self._m
        # Referral.id too: without it the joined referral overwrites
        # referral_id with None.
        query = (m.FollowUp.select(m.FollowUp, m.Referral.id, m.Referral.referrer,
                                   m.Referral.referred)
                 .join(m.Referral).order_by(m.FollowUp.due_on, m.FollowUp.id))
        if open_only:
            query = query.where(m.FollowUp.done_on.is_null())
        if due_by is not None:
            query = query.where(m.FollowUp.due_on <= due_by)
        return [FollowUpRecord(f.id, f.referral.id, f.kind, f.due_on, f.done_on,
                               f.referral.referrer_id, f.referral.referred_id) for f in query]

    def complete_follow_up(self, follow_up_id: int, done_on: dt.date | None,
                           how: str = "") -> None:
        """Mark a follow-up done on ``done_on`` and ``how`` (a FOLLOW_UP_HOW
        code, or "" when not said); None reopens it and forgets how."""
        m = self._m
        if how and how not in FOLLOW_UP_HOW:
            raise RefdeskError(f"Unknown way of following up {how!r}; use one of "
                               f"{', '.join(FOLLOW_UP_HOW)}.")
        changed = (m.FollowUp.update(done_on=done_on, done_how=how if done_on else "")
                   .where(m.FollowUp.id == follow_up_id).execute())
        if not changed:
            raise RefdeskError(f"There is no follow-up #{follow_up_id}.")

    def follow_up_state(self, follow_up_id: int) -> tuple[dt.date | None, str]:
        """(done_on, done_how) of a follow-up, for an undo to put back."""
        m = self._m
        row = m.FollowUp.get_or_none(m.FollowUp.id == follow_up_id)
        if row is None:
            raise RefdeskError(f"There is no follow-up #{follow_up_id}.")
        return row.done_on, row.done_how

    def first_sale_on(self, contact_id: int) -> dt.date | None:
        """The day of the contact's first sale, or None."""
        m = self._m
        first = (m.Sale.select(m.Sale.sold_on).where(m.Sale.contact == contact_id)
                 .order_by(m.Sale.sold_on).first())
        return first.sold_on if first else None

    def date_warnings(self, referrer_id: int, on: dt.date, today: dt.date) -> list[str]:
        """Warnings (not errors) about dating a referral step ``on``: a day
        after ``today``, or before the referrer's first sale (asking before
        a sale is asking too early)."""
        warnings = []
        if on > today:
            warnings.append(f"{on.isoformat()} is in the future (today is "
                            f"{today.isoformat()}).")
        first = self.first_sale_on(referrer_id)
        m = self._m
        if first is not None and on < first:
            who = m.Contact.get_by_id(referrer_id).display_name
            warnings.append(f"{on.isoformat()} is before {who}'s first sale "
                            f"({first.isoformat()}).")
        return warnings

    def win_defaults(self, referral_id: int, today: dt.date) -> WinDefaults:
        """What the won dialog prefills: the referrer's last sale (product,
        amount, currency) as the likeliest sale, dated today."""
        m = self._m
        ref = self.get(referral_id)
        last = (m.Sale.select().where(m.Sale.contact == ref.referrer_id)
                .order_by(m.Sale.sold_on.desc(), m.Sale.id.desc()).first())
        if last is None:
            return WinDefaults(today, None, "USD", "")
        return WinDefaults(today, last.amount, last.currency, last.product)

    def same_people(self, person: ContactData) -> list[SamePerson]:
        """Contacts that may already be ``person`` (same e-mail, phone, or name
        and company): the duplicate warning before adding a referred person."""
        return same_people(self._m, person)

    def count_by_stage(self) -> dict[str, int]:
        """How many referrals sit in each stage (every stage present)."""
        m = self._m
        counts = dict.fromkeys(REFERRAL_STAGES, 0)
        for stage, n in (m.Referral.select(m.Referral.stage, fn.COUNT(m.Referral.id))
                         .group_by(m.Referral.stage).tuples()):
            counts[stage] = n
        return counts
