"""Readiness: when a contact has earned being asked for a referral (method §2, §3, §5, §7).

``evaluate(facts, plan, today)`` is a pure function of a contact's facts, the
ask plan of their last sale's product and the day. Nothing is cached, so a
changed plan re-ranks the board at once. Terms (S = last sale, all dates
inclusive unless said):

* trust points: trust-evidence touchpoints (TRUST_EVIDENCE) since S, plus one
  when the latest testimonial check since S scored >= ``promoter_score``.
  A latest score of 0-6 (a detractor) is a red flag: never ready.
* felt: the last day the customer felt the benefit, the later of S +
  ``benefit_days`` (the window opens) and the latest trust evidence (a
  promoter check included). Fresh value re-warms the moment.
* window: [opens, closes) with closes = felt + ``window_days``; it is
  closing in its last quarter, from closes - ceil(window_days / 4).
* cool-down: until last ask + ``cooldown_days``, or + ``cooldown_thanked_days``
  when a follow-up to them was done on or after that ask (they gave a
  referral and were thanked, so asking again is welcome sooner).

The first rule that applies gives the level:

1. thank_due: a follow-up to them is due today or overdue.
2. blocked: an open complaint, however old.
3. in_progress: a referral from them is open (asked ... meeting).
4. not_yet: no sale, or today < opens.
5. earning: inside the cool-down.
6. cooling: today >= closes and no ask since S (the moment passed unused);
   earning instead when they were asked since S (the moment was used).
7. cooling: the window is closing.
8. earning: fewer trust points than ``min_trust``, or a red flag.
9. ready.

The score (0-100) ranks contacts within a level, most pressing first:
thank_due by days overdue; blocked by the complaint's age; in_progress by
days since the stalest referral moved; ready by a fresh problem solved (14
days), trust margin, a done check and time spent in the window; cooling by
trust earned and nearness to the close (or, once closed, by how recently);
earning by trust points gathered; not_yet by a missing post-close
conversation, then by how far the benefit period has run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from refdesk.domain.facts import ContactFacts, OpenReferral, OwedThanks
from refdesk.domain.timing import Moment, Plan, moment
from refdesk.domain.vocabulary import ACTIONS as ACTIONS  # also read from here
from refdesk.domain.vocabulary import FOLLOW_UP_KINDS, OPEN_STAGES
from refdesk.domain.vocabulary import LEVELS as LEVELS
from refdesk.domain.wording import (
    ask_script,
    days_ago,
    overdue,
    owed_action,
    owed_what,
    plural,
    referral_action,
    short_date,
    stage_label,
    touch_label,
)

FRESH_PROBLEM_DAYS = 14  # a problem just solved is one of the best moments to ask
_FOLLOW_UP_ORDER = {kind: i for i, kind in enumerate(FOLLOW_UP_KINDS)}
_STAGE_ORDER = {stage: i for i, stage in enumerate(OPEN_STAGES)}
_touch_label = lru_cache(maxsize=64)(touch_label)  # a few kinds, phrased for thousands


@dataclass(frozen=True, slots=True)
class Readiness:
    """A contact's level, rank within it, reasons in plain words and next action."""

    level: str
    score: int
    reasons: tuple[str, ...]
    next_action: str
    action: str  # one of ACTIONS
    subject: OwedThanks | OpenReferral | None = None  # what the next action is about


def evaluate(facts: ContactFacts, plan: Plan, today: dt.date) -> Readiness:
    """The readiness of one contact on ``today`` under ``plan``."""
    if facts.owed_thanks:  # most contacts are owed nothing: skip the sort
        due = sorted((t for t in facts.owed_thanks if t.due_on <= today),
                     key=lambda t: (t.due_on, _FOLLOW_UP_ORDER.get(t.kind, 9), t.referred_name))
        if due:
            return _thank_due(facts, due, today)
    if facts.open_complaints:
        return _blocked(facts, today)
    if facts.open_referrals:
        return _in_progress(facts, today)
    if facts.last_sale_on is None:
        return _no_sale(facts)
    return _timed(facts, moment(facts, plan), today)


def _timed(f: ContactFacts, m: Moment, today: dt.date) -> Readiness:
    """Levels 4-9: a customer with a sale, nothing owed, blocking or in flight."""
    assert f.last_sale_on is not None
    sale = f"sale {days_ago(f.last_sale_on, today)}"
    if today < m.opens:
        return _benefit_period(f, m, sale, today)
    context = _context(f, m, today)
    if m.cooldown_until is not None and today < m.cooldown_until:
        return Readiness("earning", 10, (sale, *context),
                         f"keep earning it; ask again from {short_date(m.cooldown_until, today)}",
                         "earn")
    if today >= m.closes:
        closed = f"window closed {short_date(m.closes, today)}"
        again = "earn it again: solve a problem or add value to reopen the window"
        if m.asked_since_sale:
            return Readiness("earning", 5, (sale, closed, *context), again, "earn")
        gone = (today - m.closes).days  # the freshly cooled first
        return Readiness("cooling", _clamp(50 - gone / 3),
                         (sale, f"{closed} without an ask", *context), again, "earn")
    earned = m.trust >= m.need and not m.detractor
    if today >= m.closing_from:
        return _closing(f, m, earned, (sale, f"window closes {short_date(m.closes, today)}",
                                       *context), today)
    reasons = (sale, f"window open until {short_date(m.closes, today)}", *context)
    if not earned:
        return _earning(f, m, reasons)
    fresh = (f.evidence_kind == "problem_solved" and f.evidence_on is not None
             and (today - f.evidence_on).days <= FRESH_PROBLEM_DAYS)
    progress = (today - m.opens).days / max(1, (m.closes - m.opens).days)
    checked = f.checked_on is not None
    # Best first: a fresh problem solved, a wide trust margin, checked, late in the window.
    score = _clamp(40 + 5 * min(4, m.trust - m.need) + 20 * fresh + 10 * checked
                   + 10 * progress)
    if not checked:  # confirm before you ask (method §5)
        return Readiness("ready", score, reasons, "run the testimonial check, then ask",
                         "testimonial_check")
    return Readiness("ready", score, reasons, f"ask now: {ask_script(f.product)}", "ask")


def _benefit_period(f: ContactFacts, m: Moment, sale: str, today: dt.date) -> Readiness:
    assert f.last_sale_on is not None
    reasons = (sale, f"benefit period until {short_date(m.opens, today)}")
    if f.post_close_on is None:  # plant the seed right after the sale (method §4)
        return Readiness("not_yet", 80, (*reasons, "no post-close conversation yet"),
                         "log a post-close conversation", "post_close")
    elapsed = (today - f.last_sale_on).days / max(1, (m.opens - f.last_sale_on).days)
    return Readiness("not_yet", _clamp(20 + 60 * elapsed), reasons,
                     f"deliver on your promise; the window opens {short_date(m.opens, today)}",
                     "wait")


def _closing(f: ContactFacts, m: Moment, earned: bool, reasons: tuple[str, ...],
             today: dt.date) -> Readiness:
    closes = short_date(m.closes, today)
    span = max(1, (m.closes - m.closing_from).days)
    # Earned and about to close comes first: asking now still catches the moment.
    score = _clamp(40 + 40 * earned + 20 * (today - m.closing_from).days / span)
    if not earned:
        return Readiness("cooling", score, reasons,
                         f"earn it before {closes}: solve a problem or add value", "earn")
    if f.checked_on is None:
        return Readiness("cooling", score, reasons,
                         f"run the testimonial check now; the window closes {closes}",
                         "testimonial_check")
    return Readiness("cooling", score, reasons,
                     f"ask before it goes cold: {ask_script(f.product)}", "ask")


def _earning(f: ContactFacts, m: Moment, reasons: tuple[str, ...]) -> Readiness:
    score = _clamp(20 + 60 * min(m.trust, m.need) / max(1, m.need))
    if f.post_close_on is None:
        return Readiness("earning", score, (*reasons, "no post-close conversation since the sale"),
                         "log a post-close conversation", "post_close")
    if m.detractor:
        return Readiness("earning", score, reasons, "act on what they would do better, then "
                         "run the testimonial check again", "testimonial_check")
    if f.checked_on is None and m.trust + 1 >= m.need:
        return Readiness("earning", score, reasons, "run the testimonial check",
                         "testimonial_check")
    more = plural(m.need - m.trust, "more point")
    return Readiness("earning", score, reasons,
                     f"earn trust: solve a problem, anticipate a need or add value ({more})",
                     "earn")


def _context(f: ContactFacts, m: Moment, today: dt.date) -> list[str]:
    """The reasons every timed level shows: evidence, trust, check, complaints, asks."""
    reasons = []
    if f.evidence_on is not None:
        reasons.append(f"{_touch_label(f.evidence_kind)} {days_ago(f.evidence_on, today)}")
    else:
        reasons.append("no trust evidence since the sale")
    reasons.append(f"{plural(m.trust, 'trust point')} ({m.need} needed)")
    if f.checked_on is None:
        reasons.append("no testimonial check since the sale")
    elif f.check_score is None:
        reasons.append(f"testimonial check {short_date(f.checked_on, today)}, no score")
    else:
        flag = " (promoter)" if m.promoter else ": a red flag" if m.detractor else ""
        reasons.append(f"testimonial score {f.check_score} on "
                       f"{short_date(f.checked_on, today)}{flag}")
    if f.complaint_resolved_on is not None:
        reasons.append(f"no open complaints (one resolved "
                       f"{short_date(f.complaint_resolved_on, today)})")
    else:
        reasons.append("no open complaints")
    reasons.append(_asked(f, m, today))
    return reasons


def _asked(f: ContactFacts, m: Moment, today: dt.date) -> str:
    if f.last_asked_on is None or m.cooldown_until is None:  # both or neither
        return "last asked never"
    if today < m.cooldown_until:
        return (f"asked {days_ago(f.last_asked_on, today)}; cool-down until "
                f"{short_date(m.cooldown_until, today)}")
    return f"last asked {short_date(f.last_asked_on, today)}"


def _thank_due(f: ContactFacts, due: list[OwedThanks], today: dt.date) -> Readiness:
    first = due[0]
    late = (today - first.due_on).days
    reasons = [f"{owed_what(t.kind, t.referred_name)}: {overdue(t.due_on, today)}"
               for t in due[:3]]
    if len(due) > 3:
        reasons.append(f"and {len(due) - 3} more thank-yous due")
    action = owed_action(first.kind, f.greeting_name, first.referred_name)
    return Readiness("thank_due", _clamp(50 + 5 * late + 5 * (len(due) - 1)),
                     (*reasons, *_sale_line(f, today)),
                     f"{action} — {overdue(first.due_on, today)}", "thank", first)


def _blocked(f: ContactFacts, today: dt.date) -> Readiness:
    assert f.open_complaint_on is not None
    since = short_date(f.open_complaint_on, today)
    what = (f"open complaint since {since}" if f.open_complaints == 1
            else f"{f.open_complaints} open complaints, the oldest since {since}")
    days = (today - f.open_complaint_on).days
    return Readiness("blocked", _clamp(30 + 2 * days), (what, *_sale_line(f, today)),
                     f"resolve the complaint from {since}", "resolve_complaint")


def _in_progress(f: ContactFacts, today: dt.date) -> Readiness:
    # The stalest referral needs the nudge; ties go to the less advanced one. The key
    # covers every field shown, so the order facts came in never shows through.
    refs = sorted(f.open_referrals, key=lambda r: (r.stage_on, _STAGE_ORDER.get(r.stage, 9),
                                                   r.referred_name, r.asked_on))
    reasons = []
    for r in refs[:3]:
        if r.stage == "asked":
            reasons.append(f"asked {short_date(r.asked_on, today)}, no promise yet")
        else:
            to = f" to {r.referred_name}" if r.referred_name else ""
            reasons.append(f"referral{to}: {stage_label(r.stage)} since "
                           f"{short_date(r.stage_on, today)}")
    if len(refs) > 3:
        reasons.append(f"and {len(refs) - 3} more open referrals")
    stalled = (today - refs[0].stage_on).days
    return Readiness("in_progress", _clamp(20 + 3 * stalled), (*reasons, *_sale_line(f, today)),
                     referral_action(refs[0].stage, f.greeting_name, refs[0].referred_name),
                     "advance_referral", refs[0])


def _no_sale(f: ContactFacts) -> Readiness:
    if f.kind == "referred" or f.referred_by_name:
        by = f.referred_by_name
        reasons = (f"referred by {by}" if by else "referred", "no sale yet")
        mention = f"; mention {by}'s introduction" if by else ""
        return Readiness("not_yet", 40, reasons, f"win the first sale{mention}", "record_sale")
    if f.kind == "prospect":
        return _PROSPECT
    return _NO_SALE


# Verdicts that read the same for everyone: built once, as the board meets thousands.
_PROSPECT = Readiness("not_yet", 10, ("prospect, no sale yet",),
                      "win the first sale, then plant the seed in a post-close conversation",
                      "record_sale")
_NO_SALE = Readiness("not_yet", 5, ("no sale recorded",), "record their sale", "record_sale")


def _sale_line(f: ContactFacts, today: dt.date) -> tuple[str, ...]:
    return (f"sale {days_ago(f.last_sale_on, today)}",) if f.last_sale_on else ()


def _clamp(value: float) -> int:
    return max(0, min(100, int(value)))
