"""The readiness board: every contact's facts in a few set-based queries, then the engine.

The queries aggregate per contact inside SQLite (one pass per table, never a
query per contact), so the board stays interactive on a book of 10,000
contacts and 100,000 touchpoints. Facts dated after ``as_of`` are left out,
so an earlier ``as_of`` shows the book as it stood then; referrals count with
their current stage.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Iterator
from typing import NamedTuple

from peewee import SqliteDatabase

from refdesk.book.memo import Memo
from refdesk.book.settings import BookSettings

# The board's rows live without Peewee, so the window can show a saved board
# before the database layer loads; named here too for the board's callers.
from refdesk.domain.board_rows import Agenda, AgendaItem, ContactReadiness
from refdesk.domain.facts import ContactFacts, OpenReferral, OwedThanks
from refdesk.domain.names import display_name
from refdesk.domain.readiness import LEVELS, evaluate
from refdesk.domain.vocabulary import FOLLOW_UP_KINDS, OPEN_STAGES, TRUST_EVIDENCE

_LEVEL_ORDER = {level: i for i, level in enumerate(LEVELS)}


# Each query is one pass over its table, grouped by contact; {only} narrows it to one.
# None joins the last sale (a lookup per touchpoint row): "since the sale" is applied in
# Python, as the latest of a kind is since the sale exactly when its day is on or after
# the sale's. Dates are ISO text of a fixed width, so day || text sorts by day first.
#
# Every trust-evidence touchpoint as its day followed by its kind (one group_concat item).
# Built from the vocabulary's constants, never from user input.
_EVIDENCE = ("CASE kind " + " ".join(
    f"WHEN '{kind}' THEN happened_on || kind" for kind in TRUST_EVIDENCE) + " END")
# In id order: the board's sort relies on it for its last tie-break. Archived
# contacts (kept for their referrals' history) are off the board.
_CONTACTS_SQL = """
SELECT c.id, c.kind, c.first_name, c.last_name, c.company, b.first_name, b.last_name, b.company
FROM contact c LEFT JOIN contact b ON b.id = c.referred_by_id WHERE NOT c.archived {only}
ORDER BY c.id"""
# Each contact's first preferred address, else their first: it comes last, so it wins in a dict.
_EMAILS_SQL = """
SELECT contact_id, address FROM contact_email WHERE 1 {only} ORDER BY preferred, id DESC"""
_TAGS_SQL = """
SELECT ct.contact_id, group_concat(t.name, char(31)) FROM contact_tag ct
JOIN tag t ON t.id = ct.tag_id WHERE 1 {only} GROUP BY ct.contact_id"""
# The last sale as day || product (on a same-day tie, the greater product).
_SALES_SQL = """
SELECT contact_id, COUNT(*), MAX(sold_on || product), group_concat(product, char(31))
FROM sale WHERE sold_on <= :d {only} GROUP BY contact_id"""
_TOUCH_SQL = """
SELECT contact_id, MAX(happened_on), group_concat(""" + _EVIDENCE + """),
  MAX(CASE kind WHEN 'post_close' THEN happened_on END),
  MAX(CASE WHEN kind = 'complaint_resolved' AND resolves_id IS NOT NULL THEN happened_on END)
FROM touchpoint WHERE happened_on <= :d {only} GROUP BY contact_id"""
_COMPLAINTS_SQL = """
SELECT c.contact_id, COUNT(*), MIN(printf('%s|%012d', c.happened_on, c.id))
FROM touchpoint c WHERE c.kind = 'complaint' AND c.happened_on <= :d {only}
  AND NOT EXISTS (SELECT 1 FROM touchpoint r WHERE r.resolves_id = c.id AND r.happened_on <= :d)
GROUP BY c.contact_id"""
# The latest check (day|99 - score); on a same-day tie the lower score wins (the cautious read).
_CHECKS_SQL = """
SELECT contact_id, MAX(checked_on || '|' || CASE WHEN score IS NULL THEN ''
  ELSE printf('%02d', 99 - score) END)
FROM testimonial_check WHERE checked_on <= :d {only} GROUP BY contact_id"""
_REFERRALS_SQL = """
SELECT r.id, r.referrer_id, r.stage, r.asked_on, r.stage_on, p.first_name, p.last_name, p.company,
  (SELECT MAX(f.done_on) FROM follow_up f WHERE f.referral_id = r.id AND f.done_on <= :d)
FROM referral r LEFT JOIN contact p ON p.id = r.referred_id WHERE r.asked_on <= :d {only}"""
_OWED_SQL = """
SELECT f.id, f.referral_id, r.referrer_id, f.kind, f.due_on, p.first_name, p.last_name, p.company
FROM follow_up f JOIN referral r ON r.id = f.referral_id
LEFT JOIN contact p ON p.id = r.referred_id
WHERE (f.done_on IS NULL OR f.done_on > :d) {only}"""
_AGENDA_SQL = """
SELECT f.id, f.referral_id, f.kind, f.due_on, r.referrer_id,
       a.first_name, a.last_name, a.company, r.referred_id,
       p.first_name, p.last_name, p.company,
       EXISTS (SELECT 1 FROM card k WHERE k.follow_up_id = f.id
               AND k.sent_on IS NOT NULL AND k.sent_on <= :d)
FROM follow_up f JOIN referral r ON r.id = f.referral_id
JOIN contact a ON a.id = r.referrer_id LEFT JOIN contact p ON p.id = r.referred_id
WHERE f.due_on <= :d AND (f.done_on IS NULL OR f.done_on > :d)
ORDER BY f.due_on, f.id"""


def _name(first: str | None, last: str | None, company: str | None) -> str:
    """A contact's display name as ``Contact.display_name`` spells it; "" for no contact."""
    if first is None:  # LEFT JOIN found nobody
        return ""
    return display_name(first, last or "", company or "")


def sort_board(rows: list[ContactReadiness]) -> list[ContactReadiness]:
    """Sort ``rows`` in place into the board's order and return them: level in
    work order, then score (highest first), then name, then id."""
    # Three stable sorts, least significant first: cheaper than one on a tuple key,
    # and nearly free on rows already in order.
    rows.sort(key=lambda r: r.id)
    rows.sort(key=lambda r: r.name.casefold())
    rows.sort(key=lambda r: _LEVEL_ORDER[r.level] * 128 - r.score)  # score is 0-100
    return rows


class Board:
    """Readiness of the whole book, or of one contact, and the day's agenda."""

    def __init__(self, db: SqliteDatabase, settings: BookSettings):
        self._db = db
        self._settings = settings

    def evaluate(self, as_of: dt.date) -> list[ContactReadiness]:
        """Every contact's readiness on ``as_of``: by level (work order), score, name."""
        return sort_board(self._rows(as_of, None))

    def evaluate_one(self, contact_id: int, as_of: dt.date) -> ContactReadiness | None:
        """One contact's readiness (after an edit); None when there is no such contact."""
        rows = self._rows(as_of, contact_id)
        return rows[0] if rows else None

    def agenda(self, as_of: dt.date) -> Agenda:
        """Follow-ups due or overdue on ``as_of``, oldest first, and the cards still owed."""
        items = []
        for (fid, rid, kind, due, referrer_id, af, al, ac, referred_id, pf, pl, pc,
             sent) in self._db.execute_sql(_AGENDA_SQL, {"d": as_of.isoformat()}):
            due_on = dt.date.fromisoformat(due)
            items.append(AgendaItem(fid, rid, kind, FOLLOW_UP_KINDS.get(kind, kind), due_on,
                                    (as_of - due_on).days, referrer_id, _name(af, al, ac),
                                    referred_id, _name(pf, pl, pc), bool(sent)))
        return Agenda(tuple(items), tuple(i for i in items if not i.card_sent))

    def _rows(self, as_of: dt.date, contact_id: int | None) -> list[ContactReadiness]:
        # Plans are read on every call: an edited plan re-ranks the next evaluation.
        plans = {plan.product: plan for plan in self._settings.ask_plans()}
        default = plans[""]
        rows = []
        append = rows.append
        # One read transaction: every query sees the same snapshot, even while the
        # GUI thread writes (WAL), so no fact can point at a contact not yet seen.
        with self._db.atomic():
            for facts, company, email, tags, products in _Gathering(
                    self._db, as_of, contact_id).contacts():
                verdict = evaluate(facts, plans.get(facts.product, default), as_of)
                level, subject, touch = verdict.level, verdict.subject, facts.last_touch_on
                append(ContactReadiness(
                    facts.id, facts.name, company, facts.kind, email, tags, products, level,
                    verdict.score, verdict.reasons, verdict.next_action, verdict.action,
                    facts.last_sale_on, touch,
                    (as_of - touch).days if touch else None,
                    subject.referral_id if subject else None,
                    subject.follow_up_id if isinstance(subject, OwedThanks) else None,
                    facts.open_complaint_id if level == "blocked" else None,
                    facts.product or ""))
        return rows


# The board's queries glue an ISO day (fixed width) to what it dates, so that
# MAX() of the text picks the latest; these take such a text apart again.
_DAY = len("2026-11-22")


def _day_and_text(dated: str) -> tuple[str, str]:
    """``day || text`` (the last sale's day and product, a trust touch's day and kind)
    as its ISO day and its text."""
    return dated[:_DAY], dated[_DAY:]


def _complaint(key: str) -> tuple[str, int]:
    """_COMPLAINTS_SQL's ``day|%012d`` key as the oldest open complaint's ISO day and id."""
    return key[:_DAY], int(key[_DAY + 1:])


def _check(key: str) -> tuple[str, int | None]:
    """_CHECKS_SQL's ``day|NN`` key (NN = 99 - score, empty for no score) as the latest
    check's ISO day and its score (None when it was not scored)."""
    inverted = key[_DAY + 1:]
    return key[:_DAY], 99 - int(inverted) if inverted else None


class _Gathering:
    """Runs the board's queries for a day (and maybe one contact) and joins their rows."""

    def __init__(self, db: SqliteDatabase, as_of: dt.date, contact_id: int | None):
        self._db, self._as_of, self._cid = db, as_of, contact_id
        self._days = Memo(dt.date.fromisoformat, {None: None, "": None})

    def _query(self, sql: str, column: str) -> Iterator[tuple]:
        """Run one of the board's queries, narrowed to the contact when there is one."""
        only = f"AND {column} = :cid" if self._cid is not None else ""
        return self._db.execute_sql(sql.replace("{only}", only),
                                    {"d": self._as_of.isoformat(), "cid": self._cid})

    def _by_contact(self, sql: str, column: str) -> dict[int, tuple]:
        """A per-contact aggregate query's rows by contact id (their first column)."""
        return {row[0]: row for row in self._query(sql, column)}

    def contacts(self) -> Iterator[tuple[ContactFacts, str, str, tuple[str, ...],
                                         tuple[str, ...]]]:
        """(facts, company, email, tags, products) of every contact, or the one asked for."""
        days = self._days
        emails = dict(self._query(_EMAILS_SQL, "contact_id"))
        tags = dict(self._query(_TAGS_SQL, "ct.contact_id"))
        sales = self._by_contact(_SALES_SQL, "contact_id")
        touches = self._by_contact(_TOUCH_SQL, "contact_id")
        complaints = self._by_contact(_COMPLAINTS_SQL, "c.contact_id")
        checks = dict(self._query(_CHECKS_SQL, "contact_id"))
        asks = self._referrals()
        for cid, kind, first, last, company, bf, bl, bc in self._query(
                _CONTACTS_SQL, "c.id"):
            sale = sales.get(cid)
            if sale:
                _, n_sales, last_sale, products = sale
                sold_on, product = _day_and_text(last_sale)
            else:
                n_sales, sold_on, product, products = 0, "", "", None
            touch = touches.get(cid)
            _, latest, evidence, post_close, resolved = touch or _NO_TOUCH
            check = checks.get(cid)
            checked, check_score = _check(check) if check else ("", None)
            # Only what is since the sale counts: the latest of a kind is since the sale
            # exactly when its day is on or after the sale's ("" sorts first).
            if sold_on and checked >= sold_on:
                check_on = days[checked]
            else:
                check_on = check_score = None
            trust, evidence_on, evidence_kind = 0, None, ""
            if evidence and sold_on:
                # Each item is a day then a kind, so in sorted order those since the sale
                # (day >= sold_on) are the ones from the sale's day on.
                items = evidence.split(",")
                items.sort()
                trust = len(items) - bisect_left(items, sold_on)
                if trust:
                    top_on, evidence_kind = _day_and_text(items[-1])
                    # problem_solved wins a same-day tie: the best moment to ask
                    if evidence_kind != "problem_solved" and top_on + "problem_solved" in items:
                        evidence_kind = "problem_solved"
                    evidence_on = days[top_on]
            complaint = complaints.get(cid)
            if complaint:
                _, n_open, oldest = complaint
                complaint_day, complaint_id = _complaint(oldest)
                complaint_on = days[complaint_day]
            else:
                n_open, complaint_on, complaint_id = 0, None, None
            refs = asks.get(cid, _NO_ASKS)
            last_touch = days[max(sold_on, latest or "", checked)]
            if refs.moved and (last_touch is None or refs.moved > last_touch):
                last_touch = refs.moved
            facts = ContactFacts(
                id=cid, name=display_name(first, last, company), first_name=first, kind=kind,
                referred_by_name=_name(bf, bl, bc),
                last_sale_on=days[sold_on], product=product, sales=n_sales,
                post_close_on=(days[post_close] if sold_on and post_close
                               and post_close >= sold_on else None),
                trust_touches=trust, evidence_on=evidence_on, evidence_kind=evidence_kind,
                complaint_resolved_on=(days[resolved] if sold_on and resolved
                                       and resolved >= sold_on else None),
                checked_on=check_on, check_score=check_score,
                open_complaints=n_open, open_complaint_on=complaint_on,
                open_complaint_id=complaint_id,
                last_asked_on=refs.asked, thanked_on=refs.thanked, open_referrals=refs.open,
                owed_thanks=refs.owed, last_touch_on=last_touch)
            tagged = tags.get(cid)
            # Most contacts have one tag and one product: nothing to split or sort.
            yield (facts, company, emails.get(cid) or "",
                   () if tagged is None else (tagged,) if "\x1f" not in tagged
                   else tuple(sorted(tagged.split("\x1f"))),
                   () if not products else (products,) if "\x1f" not in products
                   else tuple(sorted(set(products.split("\x1f")))))

    def _referrals(self) -> dict[int, _Asks]:
        """Per referrer: when last asked, thanked and moved on, open referrals, owed thanks."""
        days, as_of = self._days, self._as_of
        found: dict[int, _AsksSoFar] = {}
        for rid, cid, stage, asked, stage_on, pf, pl, pc, thanked in self._query(
                _REFERRALS_SQL, "r.referrer_id"):
            mine = found.get(cid)
            if mine is None:
                mine = found[cid] = _AsksSoFar()
            asked_on, thanked_on, moved_on = days[asked], days[thanked], days[stage_on]
            mine.asked = max(asked_on, mine.asked or asked_on)
            if thanked_on:
                mine.thanked = max(thanked_on, mine.thanked or thanked_on)
            shown = min(moved_on, as_of)  # the current stage may postdate as_of
            mine.moved = max(shown, mine.moved or shown)
            if stage in OPEN_STAGES:
                mine.open.append(OpenReferral(stage, moved_on, asked_on, _name(pf, pl, pc), rid))
        for fid, rid, cid, kind, due, pf, pl, pc in self._query(_OWED_SQL, "r.referrer_id"):
            mine = found.get(cid)
            if mine is None:
                mine = found[cid] = _AsksSoFar()
            mine.owed.append(OwedThanks(kind, days[due], _name(pf, pl, pc), fid, rid))
        return {cid: _Asks(m.asked, m.thanked, tuple(m.open), tuple(m.owed), m.moved)
                for cid, m in found.items()}


class _AsksSoFar:
    """One referrer's referrals while they are gathered (see _Asks)."""

    __slots__ = ("asked", "moved", "open", "owed", "thanked")

    def __init__(self) -> None:
        self.asked: dt.date | None = None
        self.thanked: dt.date | None = None
        self.open: list[OpenReferral] = []
        self.owed: list[OwedThanks] = []
        self.moved: dt.date | None = None


class _Asks(NamedTuple):
    """One referrer's referrals, as the readiness facts want them."""

    asked: dt.date | None  # the latest ask
    thanked: dt.date | None  # the latest thank-you done
    open: tuple[OpenReferral, ...]  # referrals still in an open stage
    owed: tuple[OwedThanks, ...]  # follow-ups not yet done
    moved: dt.date | None  # the latest stage change (at most as_of)


_NO_ASKS = _Asks(None, None, (), (), None)
_NO_TOUCH: tuple = (None, None, None, None, None)
