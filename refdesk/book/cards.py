"""The Book's door to its card rows (``book.cards``): cards written, printed and
sent, and the follow-ups still owed one. Rows only; turning them into PDFs
is ``refdesk.cards``'s work (``cards/card_jobs.py``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from refdesk.book.records import FollowUpRecord
from refdesk.errors import RefdeskError
from refdesk.store.models import BookModels, Card

# The card each of the method's follow-ups calls for (method §7).
OCCASION_FOR_KIND: dict[str, str] = {
    "thank_within_day": "thank_intro",
    "status_report": "status_report",
    "thank_for_sale": "thank_sale",
}


@dataclass(frozen=True)
class CardRecord:
    """One card as the book keeps it: what was written and how it was drawn."""

    id: int
    contact_id: int
    referral_id: int | None
    follow_up_id: int | None
    occasion: str
    message: str
    style: str
    format: str
    ink: str
    seed: int
    created_at: dt.datetime
    printed_on: dt.date | None
    sent_on: dt.date | None


def _record(c: Card) -> CardRecord:
    return CardRecord(c.id, c.contact_id, c.referral_id, c.follow_up_id, c.occasion, c.message,
                      c.style, c.format, c.ink, c.seed, c.created_at, c.printed_on, c.sent_on)


def _follow_ups(query) -> list[FollowUpRecord]:
    # .objects() keeps FollowUp.referral_id intact: a model graph would replace
    # it with a half-filled Referral whose id is None.
    return [FollowUpRecord(f.id, f.referral_id, f.kind, f.due_on, f.done_on, f.referrer,
                           f.referred) for f in query.objects()]




class Cards:
    """The book's cards, and which follow-ups still owe one."""

    def __init__(self, models: BookModels):
        self._m, self._db = models, models.database

    def _with_people(self):
        m = self._m
        return m.FollowUp.select(m.FollowUp, m.Referral.referrer, m.Referral.referred) \
            .join(m.Referral)

    def add(self, contact_id: int, occasion: str, message: str, *, style: str = "",
            format: str = "a2", ink: str = "blue-black", seed: int = 0,
            referral_id: int | None = None, follow_up_id: int | None = None,
            printed_on: dt.date | None = None) -> int:
        """Record a card written to a contact; return its id."""
        m = self._m
        if not m.Contact.select().where(m.Contact.id == contact_id).exists():
            raise RefdeskError(f"There is no contact #{contact_id}.")
        if follow_up_id is not None and referral_id is None:
            # A card for a follow-up belongs to that follow-up's referral.
            referral_id = self.follow_up(follow_up_id).referral_id
        card = m.Card.create(contact=contact_id, referral=referral_id, follow_up=follow_up_id,
                             occasion=occasion, message=message, style=style or "",
                             format=format, ink=ink or "", seed=seed, printed_on=printed_on)
        return card.id

    def get(self, card_id: int) -> CardRecord:
        """One card; RefdeskError if there is none."""
        m = self._m
        card = m.Card.get_or_none(m.Card.id == card_id)
        if card is None:
            raise RefdeskError(f"There is no card #{card_id}.")
        return _record(card)

    def revise(self, card_id: int, *, message: str, style: str, format: str, ink: str,
               seed: int) -> None:
        """Replace what an unsent card says and how it is drawn (a reprint after an edit)."""
        m = self._m
        changed = (m.Card.update(message=message, style=style or "", format=format,
                                 ink=ink or "", seed=seed)
                   .where(m.Card.id == card_id).execute())
        if not changed:
            raise RefdeskError(f"There is no card #{card_id}.")

    def delete(self, card_id: int) -> None:
        """Remove a card (undo of writing it)."""
        m = self._m
        m.Card.delete().where(m.Card.id == card_id).execute()

    def mark_printed(self, card_ids: Iterable[int], on: dt.date | None) -> None:
        """Note the day these cards were printed (None: not printed)."""
        m = self._m
        ids = list(card_ids)
        if ids:
            m.Card.update(printed_on=on).where(m.Card.id.in_(ids)).execute()

    def mark_sent(self, card_id: int, on: dt.date) -> int | None:
        """Note the card as sent and complete its follow-up, in one transaction.

        Returns the id of the follow-up this completed, or None when the card
        has none or it was already done (so undo leaves it alone).
        """
        m = self._m
        with self._db.atomic():
            card = m.Card.get_or_none(m.Card.id == card_id)
            if card is None:
                raise RefdeskError(f"There is no card #{card_id}.")
            m.Card.update(sent_on=on).where(m.Card.id == card_id).execute()
            if card.follow_up_id is None:
                return None
            done = (m.FollowUp.update(done_on=on)
                    .where((m.FollowUp.id == card.follow_up_id) & m.FollowUp.done_on.is_null())
                    .execute())
            return card.follow_up_id if done else None

    def unmark_sent(self, card_id: int, reopen_follow_up: int | None = None) -> None:
        """Undo mark_sent: the card is unsent again and the follow-up it completed reopens."""
        m = self._m
        with self._db.atomic():
            m.Card.update(sent_on=None).where(m.Card.id == card_id).execute()
            if reopen_follow_up is not None:
                m.FollowUp.update(done_on=None).where(m.FollowUp.id == reopen_follow_up).execute()

    def for_contact(self, contact_id: int) -> list[CardRecord]:
        """The contact's cards, newest first."""
        m = self._m
        query = (m.Card.select().where(m.Card.contact == contact_id)
                 .order_by(m.Card.created_at.desc(), m.Card.id.desc()))
        return [_record(c) for c in query]

    def for_follow_up(self, follow_up_id: int) -> list[CardRecord]:
        """Cards written for one follow-up, newest first."""
        m = self._m
        query = (m.Card.select().where(m.Card.follow_up == follow_up_id)
                 .order_by(m.Card.created_at.desc(), m.Card.id.desc()))
        return [_record(c) for c in query]

    def unsent_for_follow_up(self, follow_up_id: int) -> CardRecord | None:
        """The newest card written for a follow-up and not sent yet (to reprint it)."""
        return next((c for c in self.for_follow_up(follow_up_id) if c.sent_on is None), None)

    def follow_up(self, follow_up_id: int) -> FollowUpRecord:
        """One follow-up with its referral's people; RefdeskError if there is none."""
        m = self._m
        rows = _follow_ups(self._with_people().where(m.FollowUp.id == follow_up_id))
        if not rows:
            raise RefdeskError(f"There is no follow-up #{follow_up_id}.")
        return rows[0]

    def owed(self, as_of: dt.date) -> list[FollowUpRecord]:
        """Open follow-ups due by ``as_of`` with no card sent for them, oldest first."""
        m = self._m
        sent = (m.Card.select(m.Card.follow_up)
                .where(m.Card.sent_on.is_null(False) & m.Card.follow_up.is_null(False)))
        return _follow_ups(self._with_people()
                           .where(m.FollowUp.done_on.is_null() & (m.FollowUp.due_on <= as_of)
                                  & m.FollowUp.id.not_in(sent))
                           .order_by(m.FollowUp.due_on, m.FollowUp.id))

    def gift(self, referral_id: int) -> str:
        """The description of the newest reward given for a referral ("" if none)."""
        m = self._m
        reward = (m.Reward.select(m.Reward.description).where(m.Reward.referral == referral_id)
                  .order_by(m.Reward.given_on.desc(), m.Reward.id.desc()).first())
        return reward.description.strip() if reward else ""
