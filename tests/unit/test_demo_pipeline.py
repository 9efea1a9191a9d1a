"""The demo book fills the referral pipeline: every column, follow-ups overdue
on the demo's day, rewards, given referrals, and won sales linked to referrals."""

from __future__ import annotations

import datetime as dt

import pytest

from refdesk.book import Book
from refdesk.demo import write_demo_book
from refdesk.demo_book import DEMO_CONTACTS
from refdesk.domain.stages import PIPELINE_COLUMNS
from refdesk.domain.vocabulary import FOLLOW_UP_HOW

AS_OF = dt.date(2026, 11, 22)


@pytest.fixture(scope="module", params=[40, DEMO_CONTACTS], ids=["small", "shipped"])
def demo(request, tmp_path_factory):
    path = tmp_path_factory.mktemp("demo-pipeline") / "demo.refdesk"
    write_demo_book(path, request.param, seed=1, as_of=AS_OF)
    with Book.open(path) as book:
        yield book


def test_every_pipeline_column_has_referrals(demo):
    counts = demo.referrals.count_by_stage()
    assert list(counts) == list(PIPELINE_COLUMNS)
    assert all(counts[stage] > 0 for stage in PIPELINE_COLUMNS), counts


def test_some_follow_ups_are_overdue_and_done_ones_say_how(demo):
    overdue = demo.follow_ups.overdue(AS_OF)
    assert overdue and all(f.due_on < AS_OF and f.done_on is None for f in overdue)
    done = demo.follow_ups.listing(AS_OF, open_only=False)
    hows = {f.done_how for f in done if f.done_on is not None}
    assert hows and hows <= set(FOLLOW_UP_HOW)
    assert all(f.done_how == "" for f in done if f.done_on is None)


def test_won_referrals_have_their_sale_and_rewards_are_recorded(demo):
    m = demo.models
    won = [r.id for r in m.Referral.select(m.Referral.id).where(m.Referral.stage == "won")]
    linked = {s.referral_id for s in m.Sale.select().where(m.Sale.referral.in_(won))}
    assert linked and all(s.source == "referral" for s in m.Sale.select()
                          .where(m.Sale.referral.in_(won)))
    assert demo.rewards.ledger()
    months = {(r.given_on.year, r.given_on.month) for r in demo.rewards.ledger()}
    assert any(demo.rewards.month_spend(y, mo).count for y, mo in months)


def test_given_referrals_come_with_their_trust_touchpoint(demo):
    assert demo.given_referrals.count() > 0
    m = demo.models
    for given in m.GivenReferral.select().limit(20):
        touch = m.Touchpoint.get_by_id(given.touchpoint_id)
        assert touch.kind == "gave_referral" and touch.contact_id == given.customer_id
        assert given.referred_name in touch.note
