"""Thank-you cards in the book: written, printed, sent, and the ones still owed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from refdesk.book.records import FollowUpRecord
from refdesk.errors import RefdeskError
from refdesk.store.models import DB, Card, Contact, FollowUp, Referral, Reward

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


def _with_people():
    return FollowUp.select(FollowUp, Referral.referrer, Referral.referred).join(Referral)


class Cards:
    """The book's cards, and which follow-ups still owe one."""

    def add(self, contact_id: int, occasion: str, message: str, *, style: str = "",
            format: str = "a2", ink: str = "blue-black", seed: int = 0,
            referral_id: int | None = None, follow_up_id: int | None = None,
            printed_on: dt.date | None = None) -> int:
        """Record a card written to a contact; return its id."""
        if not Contact.select().where(Contact.id == contact_id).exists():
            raise RefdeskError(f"There is no contact #{contact_id}.")
        if follow_up_id is not None and referral_id is None:
            # A card for a follow-up belongs to that follow-up's referral.
            referral_id = self.follow_up(follow_up_id).referral_id
        card = Card.create(contact=contact_id, referral=referral_id, follow_up=follow_up_id,
                           occasion=occasion, message=message, style=style or "",
                           format=format, ink=ink or "", seed=seed, printed_on=printed_on)
        return card.id

    def get(self, card_id: int) -> CardRecord:
        """One card; RefdeskError if there is none."""
        card = Card.get_or_none(Card.id == card_id)
        if card is None:
            raise RefdeskError(f"There is no card #{card_id}.")
        return _record(card)

    def revise(self, card_id: int, *, message: str, style: str, format: str, ink: str,
               seed: int) -> None:
        """Replace what an unsent card says and how it is drawn (a reprint after an edit)."""
        changed = (Card.update(message=message, style=style or "", format=format,
                               ink=ink or "", seed=seed)
                   .where(Card.id == card_id).execute())
        if not changed:
            raise RefdeskError(f"There is no card #{card_id}.")

    def delete(self, card_id: int) -> None:
        """Remove a card (undo of writing it)."""
        Card.delete().where(Card.id == card_id).execute()

    def mark_printed(self, card_ids: Iterable[int], on: dt.date | None) -> None:
        """Note the day these cards were printed (None: not printed)."""
        ids = list(card_ids)
        if ids:
            Card.update(printed_on=on).where(Card.id.in_(ids)).execute()

    def mark_sent(self, card_id: int, on: dt.date) -> int | None:
        """Note the card as sent and complete its follow-up, in one transaction.

        Returns the id of the follow-up this completed, or None when the card
        has none or it was already done (so undo leaves it alone).
        """
        with DB.atomic():
            card = Card.get_or_none(Card.id == card_id)
            if card is None:
                raise RefdeskError(f"There is no card #{card_id}.")
            Card.update(sent_on=on).where(Card.id == card_id).execute()
            if card.follow_up_id is None:
                return None
            done = (FollowUp.update(done_on=on)
                    .where((FollowUp.id == card.follow_up_id) & FollowUp.done_on.is_null())
                    .execute())
            return card.follow_up_id if done else None

    def unmark_sent(self, card_id: int, reopen_follow_up: int | None = None) -> None:
        """Undo mark_sent: the card is unsent again and the follow-up it completed reopens."""
        with DB.atomic():
            Card.update(sent_on=None).where(Card.id == card_id).execute()
            if reopen_follow_up is not None:
                FollowUp.update(done_on=None).where(FollowUp.id == reopen_follow_up).execute()

    def for_contact(self, contact_id: int) -> list[CardRecord]:
        """The contact's cards, newest first."""
        query = (Card.select().where(Card.contact == contact_id)
                 .order_by(Card.created_at.desc(), Card.id.desc()))
        return [_record(c) for c in query]

    def for_follow_up(self, follow_up_id: int) -> list[CardRecord]:
        """Cards written for one follow-up, newest first."""
        query = (Card.select().where(Card.follow_up == follow_up_id)
                 .order_by(Card.created_at.desc(), Card.id.desc()))
        return [_record(c) for c in query]

    def unsent_for_follow_up(self, follow_up_id: int) -> CardRecord | None:
        """The newest card written for a follow-up and not sent yet (to reprint it)."""
        return next((c for c in self.for_follow_up(follow_up_id) if c.sent_on is None), None)

    def follow_up(self, follow_up_id: int) -> FollowUpRecord:
        """One follow-up with its referral's people; RefdeskError if there is none."""
        rows = _follow_ups(_with_people().where(FollowUp.id == follow_up_id))
        if not rows:
            raise RefdeskError(f"There is no follow-up #{follow_up_id}.")
        return rows[0]

    def owed(self, as_of: dt.date) -> list[FollowUpRecord]:
        """Open follow-ups due by ``as_of`` with no card sent for them, oldest first."""
        sent = (Card.select(Card.follow_up).where(Card.sent_on.is_null(False)
                                                   & Card.follow_up.is_null(False)))
        return _follow_ups(_with_people()
                           .where(FollowUp.done_on.is_null() & (FollowUp.due_on <= as_of)
                                  & FollowUp.id.not_in(sent))
                           .order_by(FollowUp.due_on, FollowUp.id))

    def gift(self, referral_id: int) -> str:
        """The description of the newest reward given for a referral ("" if none)."""
        reward = (Reward.select(Reward.description).where(Reward.referral == referral_id)
                  .order_by(Reward.given_on.desc(), Reward.id.desc()).first())
        return reward.description.strip() if reward else ""
