"""Readiness never depends on the order facts were entered in."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refdesk.domain.vocabulary import REFERRAL_STAGES, TRUST_EVIDENCE

TODAY = dt.date(2026, 11, 22)
DAYS = st.integers(0, 300)

events = st.one_of(
    st.tuples(st.just("sale"), DAYS, st.sampled_from(["Team plan", "Starter plan"])),
    st.tuples(st.just("touch"), DAYS,
              st.sampled_from([*TRUST_EVIDENCE, "post_close", "feedback"])),
    st.tuples(st.just("complaint"), DAYS, st.none() | st.integers(0, 30)),
    st.tuples(st.just("check"), DAYS, st.none() | st.integers(0, 10)),
    st.tuples(st.just("ask"), DAYS, st.sampled_from(list(REFERRAL_STAGES)), st.booleans()),
)


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def enter(book, add_contact, story: list[tuple]) -> int:
    """A new contact with the story's facts, entered in the story's order."""
    act, refs = book.activity, book.referrals
    cid = add_contact("Maria")
    resolutions = []
    for event in story:
        kind, days = event[0], event[1]
        if kind == "sale":
            act.add_sale(cid, ago(days), 100, product=event[2])
        elif kind == "touch":
            act.log_touchpoint(cid, event[2], ago(days))
        elif kind == "complaint":
            complaint = act.log_touchpoint(cid, "complaint", ago(days))
            if event[2] is not None:
                resolutions.append((complaint, ago(max(0, days - event[2]))))
        elif kind == "check":
            act.add_testimonial_check(cid, ago(days), score=event[2])
        else:
            referral = refs.ask(cid, ago(days))
            if event[2] != "asked":
                for follow_up in refs.advance(referral, event[2], ago(days)):
                    if event[3]:
                        refs.complete_follow_up(follow_up, ago(days))
    # A complaint has to exist before its resolution can name it.
    for complaint, on in resolutions:
        act.log_touchpoint(cid, "complaint_resolved", on, resolves=complaint)
    return cid


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(events, max_size=12), st.randoms(use_true_random=False))
def test_entering_the_same_facts_in_another_order_gives_the_same_readiness(
        book, add_contact, story, rnd):
    shuffled = list(story)
    rnd.shuffle(shuffled)
    with book.atomic():
        first = enter(book, add_contact, story)
        second = enter(book, add_contact, shuffled)
    a, b = (book.board.evaluate_one(cid, TODAY) for cid in (first, second))
    assert (a.level, a.score, a.reasons, a.next_action) == \
        (b.level, b.score, b.reasons, b.next_action)
