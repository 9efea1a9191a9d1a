"""A contact's story in one dated list: sales, touchpoints, checks, referrals."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from refdesk.domain.vocabulary import (
    FOLLOW_UP_KINDS,
    REFERRAL_STAGES,
    REWARD_KINDS,
    TOUCHPOINT_KINDS,
)
from refdesk.store.models import BookModels, Contact


class TimelineEvent(NamedTuple):
    """One dated line of a contact's timeline."""

    on: dt.date
    kind: str  # sale, touchpoint, check, referral, follow_up, reward, card
    title: str
    detail: str


def _name(contact: Contact | None) -> str:
    if contact is None:
        return "someone not named yet"
    return contact.display_name


def contact_timeline(m: BookModels, contact_id: int) -> list[TimelineEvent]:
    """Everything that happened with the contact in the book of ``m``, newest first."""
    Card, FollowUp, Referral, Reward, Sale = m.Card, m.FollowUp, m.Referral, m.Reward, m.Sale
    ReferralStageChange, TestimonialCheck, Touchpoint = (
        m.ReferralStageChange, m.TestimonialCheck, m.Touchpoint)
    events: list[TimelineEvent] = []
    for s in Sale.select().where(Sale.contact == contact_id):
        source = " (from a referral)" if s.source == "referral" else ""
        events.append(TimelineEvent(s.sold_on, "sale", f"Sale: {s.product or 'unnamed'}",
                                    f"{s.amount:,.2f} {s.currency}{source}"))
    for t in Touchpoint.select().where(Touchpoint.contact == contact_id):
        events.append(TimelineEvent(t.happened_on, "touchpoint",
                                    TOUCHPOINT_KINDS.get(t.kind, t.kind), t.note))
    for c in TestimonialCheck.select().where(TestimonialCheck.contact == contact_id):
        score = f"score {c.score}/10" if c.score is not None else "no score"
        quote = "; may quote" if c.may_quote else ""
        answers = " · ".join(a for a in (c.done_right, c.do_better, c.would_refer) if a)
        events.append(TimelineEvent(c.checked_on, "check",
                                    f"Testimonial check ({score}{quote})", answers))
    referrals = list(Referral.select().where((Referral.referrer == contact_id)
                                             | (Referral.referred == contact_id)))
    by_id = {r.id: r for r in referrals}
    if by_id:
        for h in (ReferralStageChange.select()
                  .where(ReferralStageChange.referral.in_(list(by_id)))):
            ref = by_id[h.referral_id]
            if ref.referrer_id == contact_id:
                who = f"referral of {_name(ref.referred)}"
            else:
                who = f"referred by {_name(ref.referrer)}"
            events.append(TimelineEvent(h.changed_on, "referral",
                                        f"{REFERRAL_STAGES.get(h.stage, h.stage)}: {who}",
                                        h.note or (ref.project if h.stage == "asked" else "")))
        for f in FollowUp.select().where(FollowUp.referral.in_(list(by_id))):
            if by_id[f.referral_id].referrer_id != contact_id:
                continue
            label = FOLLOW_UP_KINDS.get(f.kind, f.kind)
            if f.done_on:
                events.append(TimelineEvent(f.done_on, "follow_up", f"{label}: done", ""))
            else:
                events.append(TimelineEvent(f.due_on, "follow_up", f"{label}: due", ""))
    for r in Reward.select().where(Reward.contact == contact_id):
        events.append(TimelineEvent(r.given_on, "reward",
                                    f"Reward: {REWARD_KINDS.get(r.kind, r.kind)}",
                                    r.description))
    for card in Card.select().where(Card.contact == contact_id):
        when = card.sent_on or card.printed_on or card.created_at.date()
        state = "sent" if card.sent_on else "printed" if card.printed_on else "written"
        events.append(TimelineEvent(when, "card", f"Card {state}",
                                    card.message.splitlines()[0] if card.message else ""))
    events.sort(key=lambda e: e.on, reverse=True)
    return events
