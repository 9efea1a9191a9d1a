"""The referral pipeline's changes as edits (see ``book/edits.py``): each one
does its work in one transaction and knows its inverse, so the window's undo
stack, ``History`` and the command line undo it in one step.

Dates that look wrong (in the future, before the referrer's first sale) are
warnings, asked for with ``book.referrals.date_warnings`` before building an
edit; the edits themselves refuse only what cannot be right.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from refdesk.book.activity import money
from refdesk.book.edits import (
    Edit,
    _restore_as_before,
    advance_referral,
    delete_contact,
    log_touchpoint,
    touched_by_deleting,
)
from refdesk.book.records import ContactData
from refdesk.book.same_person import SamePerson
from refdesk.domain.vocabulary import FOLLOW_UP_HOW, FOLLOW_UP_KINDS, REWARD_KINDS
from refdesk.errors import RefdeskError
from refdesk.store.removal import Removed, put_back, remove

if TYPE_CHECKING:
    from refdesk.book import Book


class SamePersonFound(RefdeskError):
    """The person to add may already be in the book: ``candidates`` says who
    and why. Pick one of them, or build the edit again with ``allow_same``."""

    def __init__(self, name: str, candidates: list[SamePerson]):
        who = "; ".join(f"{c.name} ({', '.join(c.reasons)})" for c in candidates)
        super().__init__(f"{name} may already be in the book: {who}.")
        self.candidates = candidates


@dataclass(frozen=True)
class RewardData:
    """A reward to record with a win (or on its own)."""

    kind: str = "gift"
    description: str = ""
    cost: object = 0
    given_on: dt.date | None = None  # None: the day of the win


class _NewPerson:
    """A referred person an edit adds: made on the first do(), taken out by
    undo() and brought back as the same row (same id) by a redo."""

    def __init__(self, book: Book, data: ContactData | None):
        self.book, self.data = book, data
        self._taken: list[Removed] = []

    def bring_back(self) -> int | None:
        """Before the edit's own transaction: restore the person an undo took."""
        if not self._taken:
            return None
        contact_id = _restore_as_before(self.book, self._taken.pop(), self.data.display_name)
        return contact_id

    def make(self) -> int:
        return self.book.contacts.add(self.data)

    def take(self, contact_id: int) -> None:
        self._taken.append(self.book.contacts.delete(contact_id))


def _check_person(book: Book, referrer_id: int, person: ContactData | None,
                  allow_same: bool) -> ContactData | None:
    if person is None:
        return None
    if not (person.first_name.strip() or person.last_name.strip() or person.company.strip()):
        raise RefdeskError("Give the referred person a name (or pick someone from the book).")
    data = ContactData(**{**person.__dict__, "kind": "referred", "referred_by": referrer_id,
                          "id": None})
    if not allow_same:
        candidates = book.referrals.same_people(data)
        if candidates:
            raise SamePersonFound(data.display_name, candidates)
    return data


def ask_for_referral(book: Book, referrer_id: int, on: dt.date, *, project: str = "",
                     promised: str = "", referred_id: int | None = None,
                     new_person: ContactData | None = None, note: str = "",
                     allow_same: bool = False) -> Edit:
    """Record an ask: a referral at ``asked`` with the project, the promise and,
    if known, the referred person (``referred_id`` from the book, or
    ``new_person`` added as referred by the referrer). SamePersonFound when
    ``new_person`` may already be in the book, unless ``allow_same``.
    Undo removes the referral and the person it added; redo brings both back."""
    if referred_id is not None and new_person is not None:
        raise RefdeskError("Name the referred person once: from the book or as a new name.")
    if referred_id is not None and referred_id == referrer_id:
        raise RefdeskError("A customer cannot refer themselves.")
    person = _NewPerson(book, _check_person(book, referrer_id, new_person, allow_same))
    taken: list[Removed] = []

    def do() -> tuple[int, int | None, int | None]:
        made = person.bring_back()
        if taken:  # a redo: the same referral rows, history and all
            rid = put_back(book.db, taken.pop())
            return rid, made, made if made is not None else referred_id
        with book.atomic():
            if person.data is not None and made is None:
                made = person.make()
            referred = made if made is not None else referred_id
            rid = book.referrals.ask(referrer_id, on, project=project.strip(),
                                     promised_action=promised.strip(), referred_id=referred,
                                     note=note)
        return rid, made, referred

    def undo(state: tuple[int, int | None, int | None]) -> None:
        rid, made, _ = state
        with book.atomic():
            taken.append(remove(book.db, "referral", rid))
            if made is not None:
                person.take(made)

    return Edit("Ask for a referral", do, undo, areas=("referrals", "contacts"),
                contacts=lambda state: tuple(c for c in (referrer_id, state[2]) if c))


def plant_seed(book: Book, contact_id: int, on: dt.date, note: str = "") -> Edit:
    """Log the post-close "plant the seed" conversation (method §4) as a
    post_close touchpoint; undo deletes it."""
    return log_touchpoint(book, contact_id, "post_close", on,
                          note=note or "Thanked them and said I'd ask later who else "
                                       "should work with me")


def move_referral(book: Book, referral_id: int, stage: str, on: dt.date, *,
                  note: str = "") -> Edit:
    """Move a referral to ``stage`` on ``on`` (a dated history row and the
    follow-ups the stage owes); undo moves it back. Ask first when
    ``domain.stages.needs_confirmation`` says so. To ``won``, use win_referral."""
    return advance_referral(book, book.referrals.get(referral_id), stage, on, note=note)


def win_referral(book: Book, referral_id: int, on: dt.date, *, amount: object = None,
                 currency: str = "USD", product: str = "", record_sale: bool = True,
                 reward: RewardData | None = None, referred_id: int | None = None,
                 new_person: ContactData | None = None, allow_same: bool = False) -> Edit:
    """The referral became a sale: move it to ``won``, record the sale (source
    referral, linked to the referral) to the referred person, who becomes a
    customer, and optionally the reward to the referrer. ``record_sale=False``
    skips the sale on purpose. Undo takes all of it back in one step."""
    before = book.referrals.get(referral_id)
    if before.stage == "won":
        raise RefdeskError("This referral is won already.")
    referrer = before.referrer_id
    person = _NewPerson(book, _check_person(book, referrer, new_person, allow_same))
    if record_sale:
        money(amount if amount is not None else "", "The sale amount")
        if before.referred_id is None and referred_id is None and person.data is None:
            raise RefdeskError("Name the referred person first: the sale is theirs.")
    if reward is not None:
        if reward.kind not in REWARD_KINDS:
            raise RefdeskError(f"Unknown reward kind {reward.kind!r}; use one of "
                               f"{', '.join(REWARD_KINDS)}.")
        money(reward.cost, "The reward's cost")

    def do() -> dict[str, Any]:
        made = person.bring_back()
        with book.atomic():
            if person.data is not None and made is None:
                made = person.make()
            referred = made or referred_id or before.referred_id
            kind_before = book.contacts.get(referred).kind if referred else None
            created = book.referrals.advance(referral_id, "won", on, referred_id=referred)
            sale = None
            if record_sale:
                sale = book.activity.add_sale(referred, on, amount, product=product,
                                              currency=currency, source="referral",
                                              referral_id=referral_id)
            elif referred is not None:
                book.contacts.set_kind(referred, "customer")
            given = None
            if reward is not None:
                given = book.rewards.add(referrer, reward.given_on or on, kind=reward.kind,
                                         description=reward.description, cost=reward.cost,
                                         referral_id=referral_id)
        return {"made": made, "referred": referred, "kind_before": kind_before,
                "follow_ups": created, "sale": sale, "reward": given}

    def undo(state: dict[str, Any]) -> None:
        with book.atomic():
            if state["reward"] is not None:
                book.rewards.delete(state["reward"])
            if state["sale"] is not None:
                book.activity.delete_sale(state["sale"])
            if state["referred"] is not None and state["made"] is None:
                book.contacts.set_kind(state["referred"], state["kind_before"])
            book.referrals.undo_advance(referral_id, before, state["follow_ups"])
            if state["made"] is not None:
                person.take(state["made"])

    return Edit("Win the referral", do, undo, areas=("referrals", "contacts", "activity"),
                contacts=lambda state: tuple(
                    {referrer, state["referred"], before.referred_id} - {None}))


def record_reward(book: Book, contact_id: int, on: dt.date, *, kind: str = "gift",
                  description: str = "", cost: object = 0,
                  referral_id: int | None = None) -> Edit:
    """Record a reward given to a referrer; undo deletes it."""
    rewards = book.rewards
    return Edit(f"Record reward: {REWARD_KINDS.get(kind, kind).lower()}",
                lambda: rewards.add(contact_id, on, kind=kind, description=description,
                                    cost=cost, referral_id=referral_id),
                rewards.delete, areas=("activity", "referrals"), contacts=(contact_id,))


def give_referral(book: Book, customer_id: int, on: dt.date, *, referred_id: int | None = None,
                  referred_name: str = "", note: str = "") -> Edit:
    """Record that you referred someone to a customer's business (with its trust
    touchpoint); undo deletes both."""
    given = book.given_referrals
    touched = tuple(c for c in (customer_id, referred_id) if c)
    return Edit("Record a referral you gave",
                lambda: given.add(customer_id, on, referred_id=referred_id,
                                  referred_name=referred_name, note=note),
                given.delete, areas=("activity",), contacts=touched)


def mark_follow_up_done(book: Book, follow_up_id: int, on: dt.date, how: str) -> Edit:
    """Mark a follow-up done on ``on`` and how (card, call, email, gift,
    in_person); undo puts back what it was (open, or done before)."""
    if how not in FOLLOW_UP_HOW:
        raise RefdeskError(f"Say how it was done: one of {', '.join(FOLLOW_UP_HOW)}.")
    item = book.follow_ups.get(follow_up_id, on)
    before = book.referrals.follow_up_state(follow_up_id)
    label = FOLLOW_UP_KINDS.get(item.kind, item.kind)
    return Edit(f"Mark “{label}” done",
                lambda: book.referrals.complete_follow_up(follow_up_id, on, how),
                lambda _: book.referrals.complete_follow_up(follow_up_id, *before),
                areas=("referrals",), contacts=(item.referrer_id,))


def set_ask_scripts(book: Book, scripts: dict[str, str]) -> Edit:
    """Store the book's own ask scripts ("" for a script: back to the default);
    undo restores the old wording, or none. RefdeskError now for a script
    that uses an unknown field."""
    from refdesk.book.ask_scripts import validate_scripts

    settings = book.settings
    wanted = validate_scripts(scripts)
    had = settings.get("ask_scripts") if settings.is_set("ask_scripts") else None

    def undo(_: None) -> None:
        if had is None:
            settings.unset("ask_scripts")
        else:
            settings.set("ask_scripts", had)

    return Edit("Edit the ask scripts", lambda: settings.set("ask_scripts", wanted), undo,
                areas=("settings",))


def archive_contact(book: Book, contact_id: int, archived: bool = True) -> Edit:
    """Archive a contact (or bring one back); undo does the opposite."""
    name = book.contacts.get(contact_id).display_name
    was = book.archive.is_archived(contact_id)
    return Edit(f"{'Archive' if archived else 'Unarchive'} {name}",
                lambda: book.archive.set_archived(contact_id, archived),
                lambda _: book.archive.set_archived(contact_id, was),
                areas=("contacts",), contacts=(contact_id,))


def remove_contact(book: Book, contact_id: int, *, archive: bool | None = None) -> Edit:
    """Take a contact off the board: archived when referrals name them (unless
    ``archive`` is False: then deleted, with the referrals they gave), deleted
    otherwise. The window asks first; archiving is the default answer."""
    if archive is None:
        archive = book.archive.referral_count(contact_id) > 0
    return archive_contact(book, contact_id) if archive else delete_contact(book, contact_id)


def remove_contacts(book: Book, contact_ids: Sequence[int], *, archive: bool = True) -> Edit:
    """Take several contacts off the board in one undo step: those referrals
    name archived (unless ``archive`` is False), the others deleted with all
    that is theirs."""
    if len(contact_ids) == 1:  # named for the undo menu: "Archive Ann Lee"
        return remove_contact(book, contact_ids[0], archive=None if archive else False)
    named_set = book.archive.named_by_referrals(contact_ids) if archive else set()
    named = [cid for cid in contact_ids if cid in named_set]
    doomed = [cid for cid in contact_ids if cid not in named_set]
    was = {cid: book.archive.is_archived(cid) for cid in named}
    touched = touched_by_deleting(book, doomed) + tuple(named)

    def do() -> Removed | None:
        with book.atomic():
            for cid in named:
                book.archive.set_archived(cid, True)
            return book.contacts.delete(doomed) if doomed else None

    def undo(removed: Removed | None) -> None:
        # The restore first: it is its own transaction, and when it fails the
        # book is as it was, the archived still archived.
        back = book.contacts.restore(removed) if removed is not None else None
        with book.atomic():
            for cid, archived in was.items():
                book.archive.set_archived(cid, archived)
        if removed is not None and back != removed.row_id:
            raise RefdeskError(f"The {len(doomed)} contacts are back, but under new numbers, "
                               "because the book changed meanwhile (a card printed, an "
                               "import…).")

    label = (f"Delete {len(doomed)} contacts" if not named else
             f"Archive {len(named)} contacts" if not doomed else
             f"Archive {len(named)} and delete {len(doomed)} contacts")
    return Edit(label, do, undo, areas=("contacts", "activity", "referrals"),
                contacts=tuple(sorted(set(touched))))
