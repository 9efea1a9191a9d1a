"""The follow-ups list (``book.follow_ups``): every follow-up with the people
it concerns, filtered as the window's list and ``refdesk today`` need, and
the e-mail text of one (for a ``mailto:`` link; refdesk sends nothing)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from refdesk.book.settings import BookSettings
from refdesk.domain.followups import days_overdue, is_overdue
from refdesk.domain.mailto import mailto_link
from refdesk.domain.names import display_name
from refdesk.domain.vocabulary import FOLLOW_UP_HOW, FOLLOW_UP_KINDS
from refdesk.errors import RefdeskError
from refdesk.store.models import BookModels

# The card occasion whose text each follow-up's e-mail reuses.
_OCCASION_FOR_KIND = {"thank_within_day": "thank_intro", "status_report": "status_report",
                      "thank_for_sale": "thank_sale"}


@dataclass(frozen=True, slots=True)
class FollowUpItem:
    """One line of the follow-ups list, as of a day."""

    id: int
    referral_id: int
    kind: str  # a FOLLOW_UP_KINDS code
    label: str
    due_on: dt.date
    done_on: dt.date | None
    done_how: str  # a FOLLOW_UP_HOW code, "" while open
    overdue: bool
    days_overdue: int
    referrer_id: int
    referrer: str
    referrer_email: str  # preferred address, "" if none
    referred_id: int | None
    referred: str  # "" while nobody is named
    stage: str
    project: str


@dataclass(frozen=True)
class FollowUpEmail:
    """What ``Email it`` hands the user's mail program."""

    to: str
    subject: str
    body: str

    @property
    def link(self) -> str:
        return mailto_link(self.to, self.subject, self.body)


_LIST_SQL = """
SELECT f.id, f.referral_id, f.kind, f.due_on, f.done_on, f.done_how,
       r.referrer_id, a.first_name, a.last_name, a.company,
       coalesce((SELECT e.address FROM contact_email e WHERE e.contact_id = a.id
                 ORDER BY e.preferred DESC, e.id LIMIT 1), ''),
       r.referred_id, b.first_name, b.last_name, b.company, r.stage, r.project
FROM follow_up f JOIN referral r ON r.id = f.referral_id
JOIN contact a ON a.id = r.referrer_id LEFT JOIN contact b ON b.id = r.referred_id
WHERE 1 {where} ORDER BY f.due_on, f.id"""


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


class FollowUps:
    """Read queries over the book's follow-ups; writes are edits
    (``referral_edits.complete_follow_up``)."""

    def __init__(self, models: BookModels, settings: BookSettings,
                 gift: Callable[[int], str]):
        self._m, self._db, self._settings, self._gift = models, models.database, settings, gift

    def listing(self, today: dt.date, *, open_only: bool = True, kind: str | None = None,
                overdue_only: bool = False, referrer_id: int | None = None,
                referral_id: int | None = None) -> list[FollowUpItem]:
        """Follow-ups by due date, then id; open ones only unless ``open_only`` is
        False. Filters: ``kind``, ``overdue_only`` (due before ``today``), the
        referrer, one referral."""
        if kind is not None and kind not in FOLLOW_UP_KINDS:
            raise RefdeskError(f"Unknown follow-up kind {kind!r}; use one of "
                               f"{', '.join(FOLLOW_UP_KINDS)}.")
        where, params = [], []
        if open_only or overdue_only:
            where.append("f.done_on IS NULL")
        if overdue_only:
            where.append("f.due_on < ?")
            params.append(today.isoformat())
        for column, value in (("f.kind", kind), ("r.referrer_id", referrer_id),
                              ("f.referral_id", referral_id)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        sql = _LIST_SQL.format(where="".join(f" AND {w}" for w in where))
        return [_item(row, today) for row in self._db.execute_sql(sql, params).fetchall()]

    def overdue(self, today: dt.date) -> list[FollowUpItem]:
        """Open follow-ups due before ``today``, oldest first."""
        return self.listing(today, overdue_only=True)

    def get(self, follow_up_id: int, today: dt.date) -> FollowUpItem:
        """One follow-up, open or done; RefdeskError if there is none."""
        sql = _LIST_SQL.format(where=" AND f.id = ?")
        row = self._db.execute_sql(sql, (follow_up_id,)).fetchone()
        if row is None:
            raise RefdeskError(f"There is no follow-up #{follow_up_id}.")
        return _item(row, today)

    def email(self, follow_up_id: int, today: dt.date) -> FollowUpEmail:
        """The follow-up's message as an e-mail to the referrer: the card text
        of its occasion (the user's own template if they wrote one), fields
        filled; a field with no value is left as a visible [blank] to fill in."""
        # Here, not at the top: the cards package loads ReportLab, which
        # opening a book must not wait for.
        from refdesk.cards.templates import merge, template_for

        item = self.get(follow_up_id, today)
        occasion = _OCCASION_FOR_KIND[item.kind]
        template = self._settings.get("card_templates").get(occasion) or template_for(occasion)
        m = self._m
        referrer = m.Contact.get_by_id(item.referrer_id)
        referred = m.Contact.get_or_none(m.Contact.id == item.referred_id) \
            if item.referred_id else None
        fields = {
            "first_name": referrer.first_name or referrer.display_name,
            "name": referrer.display_name,
            "company": referrer.company,
            "referred_name": referred.display_name if referred else "",
            "referred_first_name": (referred.first_name or referred.display_name)
            if referred else "",
            "gift": self._gift(item.referral_id),
            "my_name": self._settings.get("user_name"),
            "project": item.project,
        }
        filled = {k: (v.strip() or f"[{k.replace('_', ' ')}]") for k, v in fields.items()}
        return FollowUpEmail(item.referrer_email, item.label, merge(template, filled))


def _item(row: tuple, today: dt.date) -> FollowUpItem:
    (fid, rid, kind, due, done, how, referrer_id, af, al, ac, email, referred_id,
     bf, bl, bc, stage, project) = row
    due_on, done_on = _day(due), _day(done)
    referred = display_name(bf or "", bl or "", bc or "") if referred_id else ""
    return FollowUpItem(fid, rid, kind, FOLLOW_UP_KINDS.get(kind, kind), due_on, done_on,
                        how if how in FOLLOW_UP_HOW else "", is_overdue(due_on, done_on, today),
                        days_overdue(due_on, done_on, today), referrer_id,
                        display_name(af, al, ac), email, referred_id, referred, stage, project)
