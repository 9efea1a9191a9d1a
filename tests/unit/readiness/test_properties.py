"""Properties of the readiness engine that hold for any facts, plan and day."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from refdesk.book.records import AskPlanData
from refdesk.domain.facts import ContactFacts, OpenReferral, OwedThanks
from refdesk.domain.readiness import ACTIONS, LEVELS, evaluate
from refdesk.domain.vocabulary import FOLLOW_UP_KINDS, OPEN_STAGES, TRUST_EVIDENCE

TODAY = dt.date(2026, 11, 22)
NAMES = st.sampled_from(["", "Fred Smith", "Ann Lee"])


def past(oldest: int = 800) -> st.SearchStrategy[dt.date]:
    """A day on or before TODAY."""
    return st.integers(0, oldest).map(lambda n: TODAY - dt.timedelta(days=n))


def maybe(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return st.none() | strategy


plans = st.builds(AskPlanData, benefit_days=st.integers(0, 60), window_days=st.integers(0, 120),
                  cooldown_days=st.integers(0, 120), cooldown_thanked_days=st.integers(0, 60),
                  min_trust=st.integers(0, 5), promoter_score=st.integers(0, 10))
referrals = st.builds(OpenReferral, stage=st.sampled_from(OPEN_STAGES), stage_on=past(60),
                      asked_on=past(90), referred_name=NAMES)
thanks = st.builds(OwedThanks, kind=st.sampled_from(list(FOLLOW_UP_KINDS)),
                   due_on=st.integers(-20, 30).map(lambda n: TODAY - dt.timedelta(days=n)),
                   referred_name=NAMES)


@st.composite
def contact_facts(draw: st.DrawFn) -> ContactFacts:
    """Facts as the board would gather them: all dated on or before TODAY."""
    sale = draw(maybe(past()))
    since = (TODAY - sale).days if sale else 0

    def after_sale() -> st.SearchStrategy:
        return maybe(past(since)) if sale else st.none()

    def rarely(strategy: st.SearchStrategy, empty: object) -> object:
        # One contact in four has it, so the timing levels get their share of examples.
        return draw(strategy) if draw(st.integers(0, 3)) == 0 else empty

    evidence = draw(after_sale())
    complaints = rarely(st.integers(1, 2), 0)
    return ContactFacts(
        id=1, name="Maria Garcia", first_name=draw(st.sampled_from(["", "Maria"])),
        kind=draw(st.sampled_from(["customer", "prospect", "referred"])),
        referred_by_name=draw(NAMES), last_sale_on=sale, product="Team plan",
        sales=1 if sale else 0, post_close_on=draw(after_sale()),
        trust_touches=draw(st.integers(1, 6)) if evidence else 0, evidence_on=evidence,
        evidence_kind=draw(st.sampled_from(TRUST_EVIDENCE)) if evidence else "",
        complaint_resolved_on=draw(after_sale()),
        checked_on=(checked := draw(after_sale())),
        check_score=draw(maybe(st.integers(0, 10))) if checked else None,
        open_complaints=complaints, open_complaint_on=draw(past()) if complaints else None,
        last_asked_on=draw(maybe(past())), thanked_on=draw(maybe(past())),
        open_referrals=tuple(rarely(st.lists(referrals, max_size=3), [])),
        owed_thanks=tuple(rarely(st.lists(thanks, max_size=3), [])),
    )


@settings(max_examples=200)
@given(contact_facts(), plans, st.integers(0, 400))
def test_every_verdict_is_well_formed(facts, plan, later):
    got = evaluate(facts, plan, TODAY + dt.timedelta(days=later))
    assert got.level in LEVELS and got.action in ACTIONS
    assert 0 <= got.score <= 100
    assert got.reasons and got.next_action


@settings(max_examples=200)
@given(contact_facts(), plans, st.integers(0, 400))
def test_an_open_complaint_is_never_ready(facts, plan, later):
    if facts.open_complaints:
        assert evaluate(facts, plan, TODAY + dt.timedelta(days=later)).level != "ready"


@settings(max_examples=200)
@given(contact_facts(), plans, st.randoms(use_true_random=False))
def test_the_order_facts_come_in_does_not_matter(facts, plan, rnd):
    shuffled = list(facts.open_referrals), list(facts.owed_thanks)
    for items in shuffled:
        rnd.shuffle(items)
    other = dataclasses.replace(facts, open_referrals=tuple(shuffled[0]),
                                owed_thanks=tuple(shuffled[1]))
    first, second = evaluate(facts, plan, TODAY), evaluate(other, plan, TODAY)
    assert (first.level, first.score, first.reasons, first.next_action) == \
        (second.level, second.score, second.reasons, second.next_action)


@settings(max_examples=300)
@given(contact_facts(), plans, st.integers(0, 120), st.integers(1, 400))
def test_time_alone_never_turns_cooling_back_into_ready(facts, plan, start, step):
    then = TODAY + dt.timedelta(days=start)
    if evaluate(facts, plan, then).level == "cooling":
        assert evaluate(facts, plan, then + dt.timedelta(days=step)).level != "ready"


def test_the_engine_needs_no_database_and_no_qt():
    code = ("import sys, refdesk.domain.readiness; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('peewee', 'PySide6')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60).stdout
    assert out.strip() == "[]"
