"""The readiness board: every contact's facts in a few set-based queries, then the engine.

The queries aggregate per contact inside SQLite (one pass per table, never a
query per contact), so the board stays interactive on a book of 10,000
contacts and 100,000 touchpoints. Facts dated after ``as_of`` are left out,
so an earlier ``as_of`` shows the book as it stood then; referrals count with
their current stage.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from peewee import SqliteDatabase

from refdesk.book.settings import BookSettings
from refdesk.domain.facts import ContactFacts, OpenReferral, OwedThanks
from refdesk.domain.names import display_name
from refdesk.domain.readiness import LEVELS, evaluate
from refdesk.domain.vocabulary import FOLLOW_UP_KINDS, OPEN_STAGES, TRUST_EVIDENCE

_LEVEL_ORDER = {level: i for i, level in enumerate(LEVELS)}


@dataclass(frozen=True, slots=True)
class ContactReadiness:
    """One row of the board: who, how ready, why, and what to do next."""

    id: int
    name: str
    company: str
    kind: str
    email: str
    tags: tuple[str, ...]
    products: tuple[str, ...]  # every product they bought, sorted
    level: str  # a LEVELS code
    score: int  # 0-100 within the level, most pressing first
    reasons: tuple[str, ...]
    next_action: str
    action: str  # an ACTIONS code: which dialog the next action opens
    last_sale_on: dt.date | None
    last_touch_on: dt.date | None  # latest sale, touchpoint, check or ask
    days_since_touch: int | None  # for a staleness cue
    referral_id: int | None = None  # the referral the next action is about
    follow_up_id: int | None = None  # the follow-up the next action is about
    complaint_id: int | None = None  # the complaint to resolve (blocked)


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """A follow-up due today or overdue."""

    follow_up_id: int
    referral_id: int
    kind: str  # a FOLLOW_UP_KINDS code
    label: str
    due_on: dt.date
    days_overdue: int  # 0 when due today
    referrer_id: int
    referrer: str
    referred_id: int | None
    referred: str  # "" when the referral names nobody yet
    card_sent: bool  # a card for this follow-up was sent


@dataclass(frozen=True, slots=True)
class Agenda:
    """The day's follow-ups, and those among them still owed a card."""

    follow_ups: tuple[AgendaItem, ...]
    cards_due: tuple[AgendaItem, ...]


# 2 for problem_solved (it wins a same-day tie: the best moment to ask), 1 for other
# trust evidence. Built from the vocabulary's constants, never from user input.
_EVIDENCE = ("CASE t.kind " + " ".join(
    f"WHEN '{kind}' THEN {2 if kind == 'problem_solved' else 1}" for kind in TRUST_EVIDENCE)
    + " ELSE 0 END")
_LAST_SALE = ("WITH last_sale AS (SELECT contact_id, MAX(sold_on) AS s FROM sale "
              "WHERE sold_on <= :d {sale_only} GROUP BY contact_id) ")
# Each query is one pass over its table, grouped by contact; {only} narrows it to one.
_CONTACTS_SQL = """
SELECT c.id, c.kind, c.first_name, c.last_name, c.company, b.first_name, b.last_name, b.company,
  (SELECT e.address FROM contact_email e WHERE e.contact_id = c.id
   ORDER BY e.preferred DESC, e.id LIMIT 1)
FROM contact c LEFT JOIN contact b ON b.id = c.referred_by_id WHERE 1 {only}"""
_TAGS_SQL = """
SELECT ct.contact_id, group_concat(t.name, char(31)) FROM contact_tag ct
JOIN tag t ON t.id = ct.tag_id WHERE 1 {only} GROUP BY ct.contact_id"""
_SALES_SQL = """
SELECT contact_id, COUNT(*), MAX(sold_on || char(31) || product), group_concat(product, char(31))
FROM sale WHERE sold_on <= :d {only} GROUP BY contact_id"""
_TOUCH_SQL = _LAST_SALE + """
SELECT contact_id, MAX(day), SUM(ev AND since),
  MAX(CASE WHEN ev AND since THEN day || (ev = 2) || kind END),
  MAX(CASE WHEN kind = 'post_close' AND since THEN day END),
  MAX(CASE WHEN kind = 'complaint_resolved' AND resolves IS NOT NULL AND since THEN day END)
FROM (SELECT t.contact_id, t.happened_on AS day, t.kind, t.resolves_id AS resolves,
        """ + _EVIDENCE + """ AS ev, t.happened_on >= ls.s AS since
      FROM touchpoint t LEFT JOIN last_sale ls ON ls.contact_id = t.contact_id
      WHERE t.happened_on <= :d {only})
GROUP BY contact_id"""
_COMPLAINTS_SQL = """
SELECT c.contact_id, COUNT(*), MIN(printf('%s|%012d', c.happened_on, c.id))
FROM touchpoint c WHERE c.kind = 'complaint' AND c.happened_on <= :d {only}
  AND NOT EXISTS (SELECT 1 FROM touchpoint r WHERE r.resolves_id = c.id AND r.happened_on <= :d)
GROUP BY c.contact_id"""
# The latest check since the sale; on a same-day tie the lower score wins (the cautious read).
_CHECKS_SQL = _LAST_SALE + """
SELECT tc.contact_id, MAX(tc.checked_on), MAX(CASE WHEN tc.checked_on >= ls.s THEN
  tc.checked_on || '|' || CASE WHEN tc.score IS NULL THEN '' ELSE printf('%02d', 99 - tc.score)
  END END)
FROM testimonial_check tc LEFT JOIN last_sale ls ON ls.contact_id = tc.contact_id
WHERE tc.checked_on <= :d {only} GROUP BY tc.contact_id"""
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


class Board:
    """Readiness of the whole book, or of one contact, and the day's agenda."""

    def __init__(self, db: SqliteDatabase, settings: BookSettings):
        self._db = db
        self._settings = settings

    def evaluate(self, as_of: dt.date) -> list[ContactReadiness]:
        """Every contact's readiness on ``as_of``: by level (work order), score, name."""
        rows = self._rows(as_of, None)
        rows.sort(key=lambda r: (_LEVEL_ORDER[r.level], -r.score, r.name.casefold(), r.id))
        return rows

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
        # One read transaction: every query sees the same snapshot, even while the
        # GUI thread writes (WAL), so no fact can point at a contact not yet seen.
        with self._db.atomic():
            gathered = _Gathering(self._db, as_of, contact_id).contacts()
        rows = []
        for facts, company, email, tags, products in gathered:
            verdict = evaluate(facts, plans.get(facts.product, default), as_of)
            subject = verdict.subject
            touch = facts.last_touch_on
            rows.append(ContactReadiness(
                id=facts.id, name=facts.name, company=company, kind=facts.kind, email=email,
                tags=tags, products=products, level=verdict.level, score=verdict.score,
                reasons=verdict.reasons, next_action=verdict.next_action,
                action=verdict.action, last_sale_on=facts.last_sale_on, last_touch_on=touch,
                days_since_touch=(as_of - touch).days if touch else None,
                referral_id=subject.referral_id if subject else None,
                follow_up_id=subject.follow_up_id if isinstance(subject, OwedThanks) else None,
                complaint_id=facts.open_complaint_id if verdict.level == "blocked" else None))
        return rows


class _Gathering:
    """Runs the board's queries for a day (and maybe one contact) and joins their rows."""

    def __init__(self, db: SqliteDatabase, as_of: dt.date, contact_id: int | None):
        self._db, self._as_of, self._cid = db, as_of, contact_id
        self._days: dict[str | None, dt.date | None] = {None: None}

    def _query(self, sql: str, column: str) -> Iterator[tuple]:
        """Run one of the board's queries, narrowed to the contact when there is one."""
        one = self._cid is not None
        sql = (sql.replace("{only}", f"AND {column} = :cid" if one else "")
               .replace("{sale_only}", "AND contact_id = :cid" if one else ""))
        return self._db.execute_sql(sql, {"d": self._as_of.isoformat(), "cid": self._cid})

    def _by_contact(self, sql: str, column: str) -> dict[int, tuple]:
        """A per-contact aggregate query's rows by contact id (their first column)."""
        return {row[0]: row for row in self._query(sql, column)}

    def _day(self, text: str | None) -> dt.date | None:
        # Thousands of rows share a few hundred dates: parse each once.
        day = self._days.get(text)
        if day is None and text is not None:
            day = self._days[text] = dt.date.fromisoformat(text)
        return day

    def contacts(self) -> list[tuple[ContactFacts, str, str, tuple[str, ...], tuple[str, ...]]]:
        """(facts, company, email, tags, products) of every contact, or the one asked for."""
        day = self._day
        tags = self._by_contact(_TAGS_SQL, "ct.contact_id")
        sales = self._by_contact(_SALES_SQL, "contact_id")
        touches = self._by_contact(_TOUCH_SQL, "t.contact_id")
        complaints = self._by_contact(_COMPLAINTS_SQL, "c.contact_id")
        checks = self._by_contact(_CHECKS_SQL, "tc.contact_id")
        asks = self._referrals()
        gathered = []
        for cid, kind, first, last, company, bf, bl, bc, email in self._query(
                _CONTACTS_SQL, "c.id"):
            _, n_sales, last_sale, products = sales.get(cid, _NONE[4])
            _, latest, trust, evidence, post_close, resolved = touches.get(cid, _NONE[6])
            _, n_open, oldest = complaints.get(cid, _NONE[3])
            _, checked, check = checks.get(cid, _NONE[3])
            sold_on, _, product = last_sale.partition("\x1f") if last_sale else (None, "", "")
            complaint_on, _, complaint = oldest.partition("|") if oldest else (None, "", "")
            checked_on, _, score = check.partition("|") if check else (None, "", "")
            asked, thanked, open_refs, owed, moved = asks.get(cid, _NO_ASKS)
            dates = [d for d in (day(sold_on), day(latest), day(checked), moved) if d]
            facts = ContactFacts(
                id=cid, name=_name(first, last, company), first_name=first, kind=kind,
                referred_by_name=_name(bf, bl, bc), last_sale_on=day(sold_on),
                product=product, sales=n_sales or 0, post_close_on=day(post_close),
                trust_touches=trust or 0, evidence_on=day(evidence[:10] if evidence else None),
                evidence_kind=evidence[11:] if evidence else "",
                complaint_resolved_on=day(resolved), checked_on=day(checked_on),
                check_score=99 - int(score) if score else None, open_complaints=n_open or 0,
                open_complaint_on=day(complaint_on),
                open_complaint_id=int(complaint) if complaint else None, last_asked_on=asked,
                thanked_on=thanked, open_referrals=open_refs, owed_thanks=owed,
                last_touch_on=max(dates, default=None))
            gathered.append((facts, company, email or "",
                             tuple(sorted(tags[cid][1].split("\x1f"))) if cid in tags else (),
                             tuple(sorted(set(products.split("\x1f")))) if products else ()))
        return gathered

    def _referrals(self) -> dict[int, tuple]:
        """Per referrer: (last asked, last thanked, open referrals, owed thanks, last moved)."""
        day, as_of = self._day, self._as_of
        found: dict[int, list] = {}
        for rid, cid, stage, asked, stage_on, pf, pl, pc, thanked in self._query(
                _REFERRALS_SQL, "r.referrer_id"):
            mine = found.setdefault(cid, [None, None, [], [], None])
            asked_on, thanked_on, moved_on = day(asked), day(thanked), day(stage_on)
            mine[0] = max(asked_on, mine[0] or asked_on)
            if thanked_on:
                mine[1] = max(thanked_on, mine[1] or thanked_on)
            shown = min(moved_on, as_of)  # the current stage may postdate as_of
            mine[4] = max(shown, mine[4] or shown)
            if stage in OPEN_STAGES:
                mine[2].append(OpenReferral(stage, moved_on, asked_on, _name(pf, pl, pc), rid))
        for fid, rid, cid, kind, due, pf, pl, pc in self._query(_OWED_SQL, "r.referrer_id"):
            mine = found.setdefault(cid, [None, None, [], [], None])
            mine[3].append(OwedThanks(kind, day(due), _name(pf, pl, pc), fid, rid))
        return {cid: (asked, thanked, tuple(refs), tuple(owed), moved)
                for cid, (asked, thanked, refs, owed, moved) in found.items()}


_NO_ASKS: tuple = (None, None, (), (), None)
_NONE = {n: (None,) * n for n in (3, 4, 6)}  # a missing row of an n-column query
