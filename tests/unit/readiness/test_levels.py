"""Every level and every boundary, table-driven, on a fixed day under the default plan."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from refdesk.book.records import AskPlanData
from refdesk.domain.facts import ContactFacts, OpenReferral, OwedThanks
from refdesk.domain.readiness import ACTIONS, LEVELS, evaluate

TODAY = dt.date(2026, 11, 22)
PLAN = AskPlanData()  # benefit 21, window 60 (closing in its last 15 days), cool-down 90 / 30


def ago(days: int) -> dt.date:
    """The day ``days`` before TODAY (negative: after)."""
    return TODAY - dt.timedelta(days=days)


def facts(**changes: object) -> ContactFacts:
    """A ready customer: sale 34 days ago, problem solved 3 days ago, promoter check."""
    base = ContactFacts(
        id=1, name="Maria Garcia", first_name="Maria", last_sale_on=ago(34),
        product="Team plan", sales=1, post_close_on=ago(33), trust_touches=2,
        evidence_on=ago(3), evidence_kind="problem_solved", checked_on=ago(2), check_score=9,
        last_touch_on=ago(2))
    return dataclasses.replace(base, **changes)


def timed(**changes: object) -> ContactFacts:
    """Two pieces of evidence right after the sale and no check: only the sale sets the window."""
    sale = changes.get("last_sale_on", ago(34))
    assert isinstance(sale, dt.date)
    return facts(**{"evidence_on": sale + dt.timedelta(days=1), "evidence_kind": "social",
                    "post_close_on": sale, "checked_on": None, "check_score": None, **changes})


FRED = "Fred Smith"
OWED_TODAY = OwedThanks("thank_within_day", TODAY, FRED)
MEETING = OpenReferral("meeting", ago(10), ago(20), FRED)
COMPLAINT = {"open_complaints": 1, "open_complaint_on": ago(20)}

# (case, facts, level, words the next action contains)
CASES = [
    # not yet: no sale, or the benefit period (21 days) has not passed
    ("prospect", ContactFacts(1, "Ann Lee", "Ann", kind="prospect"), "not_yet",
     "win the first sale"),
    ("referred, no sale", ContactFacts(1, "Fred Smith", "Fred", kind="referred",
                                       referred_by_name="Maria Garcia"), "not_yet",
     "mention Maria Garcia's introduction"),
    ("customer, no sale", ContactFacts(1, "Ann Lee", "Ann"), "not_yet", "record their sale"),
    ("benefit period ends tomorrow", timed(last_sale_on=ago(20)), "not_yet",
     "the window opens 23 Nov"),
    ("benefit period, seed not planted", timed(last_sale_on=ago(5), post_close_on=None),
     "not_yet", "log a post-close conversation"),
    ("benefit period ends today", timed(last_sale_on=ago(21)), "ready",
     "run the testimonial check, then ask"),
    # ready and earning inside the window
    ("ready, checked", facts(), "ready", "ask now: “Who else do you know who would benefit "
                                          "from Team plan the way you have?"),
    ("one point short, no check", facts(trust_touches=1, checked_on=None, check_score=None),
     "earning", "run the testimonial check"),
    ("no evidence", facts(trust_touches=0, evidence_on=None, evidence_kind="", checked_on=None,
                          check_score=None), "earning", "(2 more points)"),
    ("promoter check is the second point", facts(trust_touches=1), "ready", "ask now"),
    ("passive check is no point", facts(trust_touches=1, check_score=8), "earning",
     "earn trust"),
    ("detractor is a red flag", facts(trust_touches=5, check_score=4), "earning",
     "run the testimonial check again"),
    ("no post-close conversation", facts(trust_touches=0, post_close_on=None), "earning",
     "log a post-close conversation"),
    # cooling: the window's last quarter (from day 66), and after it (day 81)
    ("day before closing", timed(last_sale_on=ago(65)), "ready", "testimonial check"),
    ("closing starts", timed(last_sale_on=ago(66)), "cooling",
     "run the testimonial check now; the window closes 7 Dec"),
    ("closing, checked", timed(last_sale_on=ago(70), checked_on=ago(60), check_score=8),
     "cooling", "ask before it goes cold"),
    ("closing, not earned", timed(last_sale_on=ago(70), trust_touches=1), "cooling",
     "earn it before 3 Dec"),
    ("last day of the window", timed(last_sale_on=ago(80)), "cooling",
     "the window closes 23 Nov"),
    ("window closed today", timed(last_sale_on=ago(81)), "cooling", "earn it again"),
    ("window passed after an ask", timed(last_sale_on=ago(200), last_asked_on=ago(150)),
     "earning", "earn it again"),
    ("fresh value re-warms", timed(last_sale_on=ago(200), evidence_on=ago(3),
                                   evidence_kind="problem_solved"), "ready", "testimonial"),
    # complaints
    ("open complaint", facts(**COMPLAINT), "blocked", "resolve the complaint from 2 Nov"),
    ("old open complaint", facts(open_complaints=1, open_complaint_on=ago(400)), "blocked",
     "resolve the complaint from 18 Oct 2025"),
    ("complaint resolved", facts(complaint_resolved_on=ago(5)), "ready", "ask now"),
    # cool-down: 90 days after an ask, 30 when they were thanked since
    ("cool-down ends tomorrow", facts(last_asked_on=ago(89)), "earning",
     "ask again from 23 Nov"),
    ("cool-down ended today", facts(last_asked_on=ago(90)), "ready", "ask now"),
    ("thanked: short cool-down ends tomorrow", facts(last_asked_on=ago(29), thanked_on=ago(25)),
     "earning", "ask again from 23 Nov"),
    ("thanked: short cool-down ended", facts(last_asked_on=ago(30), thanked_on=ago(25)),
     "ready", "ask now"),
    ("thanked before the ask: full cool-down", facts(last_asked_on=ago(30), thanked_on=ago(40)),
     "earning", "ask again from 21 Jan 2027"),
    # referrals in flight and thanks owed
    ("asked, no promise", facts(open_referrals=(OpenReferral("asked", ago(3), ago(3)),)),
     "in_progress", "check back with Maria"),
    ("meeting set", facts(open_referrals=(MEETING,)), "in_progress",
     "record how the meeting with Fred Smith went"),
    ("thank-you due today", facts(owed_thanks=(OWED_TODAY,)), "thank_due",
     "thank Maria for introducing Fred Smith — due today"),
    ("thank-you overdue", facts(owed_thanks=(dataclasses.replace(OWED_TODAY, due_on=ago(3)),)),
     "thank_due", "— 3 days overdue"),
    ("thank-you due tomorrow", facts(owed_thanks=(dataclasses.replace(OWED_TODAY,
                                                                      due_on=ago(-1)),)),
     "ready", "ask now"),
    ("status report", facts(owed_thanks=(OwedThanks("status_report", ago(1), FRED),)),
     "thank_due", "tell Maria how it went with Fred Smith, with thanks — 1 day overdue"),
    ("thanks for a sale", facts(owed_thanks=(OwedThanks("thank_for_sale", TODAY, FRED),)),
     "thank_due", "thank Maria for Fred Smith's sale, with a small gift"),
    # precedence: thank_due > blocked > in_progress > timing
    ("thanks beat a complaint", facts(owed_thanks=(OWED_TODAY,), **COMPLAINT), "thank_due",
     "thank Maria"),
    ("a complaint beats a referral", facts(open_referrals=(MEETING,), **COMPLAINT), "blocked",
     "resolve"),
    ("a referral beats the benefit period", timed(last_sale_on=ago(3),
                                                 open_referrals=(MEETING,)), "in_progress",
     "meeting"),
]


@pytest.mark.parametrize(("case", "given", "level", "action"), CASES, ids=[c[0] for c in CASES])
def test_level_and_next_action(case, given, level, action):
    got = evaluate(given, PLAN, TODAY)
    assert (got.level, action in got.next_action) == (level, True), (got.next_action, got)
    assert got.action in ACTIONS
    assert 0 <= got.score <= 100
    assert got.reasons and all(r and r == r.strip() for r in got.reasons)


def test_every_level_has_a_case():
    assert {c[2] for c in CASES} == set(LEVELS)


def test_ready_reasons_read_as_the_rep_would_say_them():
    assert evaluate(facts(), PLAN, TODAY).reasons == (
        "sale 34 days ago", "window open until 19 Jan 2027", "problem solved 3 days ago",
        "3 trust points (2 needed)", "testimonial score 9 on 20 Nov (promoter)",
        "no open complaints", "last asked never")


@pytest.mark.parametrize(("given", "reason"), [
    (facts(last_asked_on=ago(20)), "asked 20 days ago; cool-down until 31 Jan 2027"),
    (facts(last_asked_on=ago(120)), "last asked 25 Jul"),
    (facts(**COMPLAINT), "open complaint since 2 Nov"),
    (facts(open_complaints=2, open_complaint_on=ago(20)),
     "2 open complaints, the oldest since 2 Nov"),
    (facts(complaint_resolved_on=ago(5)), "no open complaints (one resolved 17 Nov)"),
    (facts(check_score=3), "testimonial score 3 on 20 Nov: a red flag"),
    (facts(open_referrals=(MEETING,)), "referral to Fred Smith: meeting since 12 Nov"),
    (timed(last_sale_on=ago(81)), "window closed 22 Nov without an ask"),
    (timed(last_sale_on=ago(20)), "benefit period until 23 Nov"),
    (facts(trust_touches=0, checked_on=None, check_score=None), "0 trust points (2 needed)"),
])
def test_reasons(given, reason):
    assert reason in evaluate(given, PLAN, TODAY).reasons


def test_the_plan_is_an_input():
    assert evaluate(facts(), dataclasses.replace(PLAN, min_trust=4), TODAY).level == "earning"
    assert evaluate(facts(), dataclasses.replace(PLAN, benefit_days=40), TODAY).level == "not_yet"
    late = dataclasses.replace(PLAN, window_days=10)
    assert evaluate(timed(last_sale_on=ago(40)), late, TODAY).level == "cooling"
    strict = dataclasses.replace(PLAN, promoter_score=10)
    assert evaluate(facts(trust_touches=1), strict, TODAY).level == "earning"


def test_scores_rank_within_a_level():
    def score(given):
        return evaluate(given, PLAN, TODAY).score

    assert score(facts()) > score(facts(evidence_on=ago(30), evidence_kind="social"))
    late = dataclasses.replace(OWED_TODAY, due_on=ago(4))
    assert score(facts(owed_thanks=(late,))) > score(facts(owed_thanks=(OWED_TODAY,)))
    assert score(timed(last_sale_on=ago(79))) > score(timed(last_sale_on=ago(67)))
    assert score(timed(last_sale_on=ago(90))) > score(timed(last_sale_on=ago(300)))


def test_the_most_overdue_thank_you_comes_first_and_the_rest_are_counted():
    owed = tuple(OwedThanks("thank_within_day", ago(d), f"Person {d}") for d in range(5))
    got = evaluate(facts(owed_thanks=owed), PLAN, TODAY)
    assert got.next_action == "thank Maria for introducing Person 4 — 4 days overdue"
    assert got.subject == owed[4]
    assert "and 2 more thank-yous due" in got.reasons
