"""Rewards: the ledger, monthly spend and the budget warning; the pipeline's
book settings; the ask scripts filled in for a customer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from refdesk.book.records import ContactData
from refdesk.domain.vocabulary import REWARD_KINDS
from refdesk.errors import RefdeskError


@pytest.fixture
def ann(book):
    cid = book.contacts.add(ContactData(first_name="Ann", last_name="Lee", company="Lee Law"))
    book.activity.add_sale(cid, dt.date(2026, 3, 1), 500, product="Starter plan")
    book.activity.add_sale(cid, dt.date(2026, 9, 1), 900, product="Team plan")
    return cid


def test_reward_kinds_are_the_methods():
    assert list(REWARD_KINDS) == ["gift", "gift_card", "tickets", "wine", "meal", "discount",
                                  "free_service", "other"]


def test_monthly_spend_and_the_budget_warning(book, ann):
    rewards = book.rewards
    rewards.add(ann, dt.date(2026, 10, 31), kind="wine", cost="40")
    rewards.add(ann, dt.date(2026, 11, 1), kind="tickets", cost="24.50")
    rewards.add(ann, dt.date(2026, 11, 30), kind="meal", cost="35.25")
    rewards.add(ann, dt.date(2026, 12, 1), kind="discount", cost="0")
    november = rewards.month_spend(2026, 11)
    assert (november.spent, november.count, november.budget) == (Decimal("59.75"), 2, None)
    assert not november.over_budget and november.warning == ""
    book.settings.set("reward_budget", "50")
    november = rewards.month_spend(2026, 11)
    assert november.over_budget
    assert november.warning == ("Rewards in November 2026 cost 59.75, over the monthly budget "
                                "of 50.00 by 9.75.")
    assert [m.spent for m in rewards.monthly_spend(dt.date(2026, 10, 5),
                                                   dt.date(2027, 1, 2))] == [
        Decimal("40.00"), Decimal("59.75"), Decimal("0.00"), Decimal("0")]
    # The warning before a reward is recorded counts it in.
    assert rewards.budget_warning(dt.date(2026, 10, 3)) == ""
    assert "over the monthly budget of 50.00 by 5.00" in rewards.budget_warning(
        dt.date(2026, 10, 3), extra="15")


def test_the_ledger_narrows_by_month_referrer_and_referral(book, ann):
    bob = book.contacts.add(ContactData(first_name="Bob"))
    rid = book.referrals.ask(ann, dt.date(2026, 10, 1))
    first = book.rewards.add(ann, dt.date(2026, 10, 10), kind="gift_card",
                             description=" lunch card ", cost=25, referral_id=rid)
    book.rewards.add(bob, dt.date(2026, 11, 2), kind="other", description="flowers", cost=15)
    (row,) = book.rewards.ledger(referral_id=rid)
    assert (row.id, row.contact, row.label, row.description) == (
        first, "Ann Lee", "Gift card", "lunch card")
    assert [r.contact for r in book.rewards.ledger()] == ["Bob", "Ann Lee"]  # newest first
    assert [r.contact for r in book.rewards.ledger(year=2026, month=11)] == ["Bob"]
    assert [r.contact for r in book.rewards.ledger(contact_id=ann)] == ["Ann Lee"]


@pytest.mark.parametrize("kwargs, message", [
    ({"kind": "yacht"}, "Unknown reward kind 'yacht'"),
    ({"cost": "-1"}, "cost must be a number of zero or more"),
    ({"cost": "NaN"}, "cost must be a number of zero or more"),
    ({"cost": "1e13"}, "too large"),
    ({"referral_id": 999}, "no referral #999"),
])
def test_bad_rewards_are_refused_and_nothing_is_stored(book, ann, kwargs, message):
    with pytest.raises(RefdeskError, match=message):
        book.rewards.add(ann, dt.date(2026, 11, 1), **kwargs)
    assert book.rewards.ledger() == []


def test_a_reward_goes_to_the_referrer_of_its_referral(book, ann):
    bob = book.contacts.add(ContactData(first_name="Bob"))
    rid = book.referrals.ask(ann, dt.date(2026, 10, 1))
    with pytest.raises(RefdeskError, match="goes to the referrer"):
        book.rewards.add(bob, dt.date(2026, 11, 1), referral_id=rid)


@pytest.mark.parametrize("key, value, message", [
    ("working_days", [], "at least one working day"),
    ("stage_rot_days", {"asked": -2}, "1 or more"),
    ("reward_budget", "lots", "budget 'lots' is not a number"),
    ("ask_scripts", {"plant_seed": "Hi {nickname}"}, r"\{nickname\}, which is not a field"),
    ("ask_scripts", {"pitch": "Hi"}, "no ask script 'pitch'"),
])
def test_pipeline_settings_are_checked_before_they_are_stored(book, key, value, message):
    before = book.settings.get(key)
    with pytest.raises(RefdeskError, match=message):
        book.settings.set(key, value)
    assert book.settings.get(key) == before


def test_pipeline_settings_defaults_and_own_values(book):
    assert book.settings.working_days() == (0, 1, 2, 3, 4)
    assert book.settings.rot_limits()["meeting"] == 21
    assert book.settings.reward_budget() is None
    book.settings.set("working_days", [5, 1, 1])
    book.settings.set("stage_rot_days", {"meeting": 30})
    book.settings.set("reward_budget", "120.5")
    assert book.settings.working_days() == (1, 5)
    assert book.settings.rot_limits()["meeting"] == 30
    assert book.settings.rot_limits()["asked"] == 14
    assert book.settings.reward_budget() == Decimal("120.5")


def test_scripts_fill_in_name_project_and_last_product(book, ann):
    book.referrals.ask(ann, dt.date(2026, 10, 1), project="the office move")
    scripts = book.ask_scripts.filled(ann)
    assert set(scripts) == {"plant_seed", "assume_referral", "ask_action"}
    assert "Thank you, Ann." in scripts["plant_seed"] and "Team plan" in scripts["plant_seed"]
    assert "you've seen what the office move did for you" in scripts["assume_referral"]
    assert "{" not in "".join(scripts.values())
    # The book's own wording, with a field that has no value shown as a blank to fill.
    book.settings.set("ask_scripts", {"ask_action": "{first_name}, call them about {project}, "
                                                    "{my_name} here."})
    own = book.ask_scripts.filled(ann, project="the roof")
    assert own["ask_action"] == "Ann, call them about the roof, [my name] here."
    assert own["plant_seed"] == scripts["plant_seed"]  # the others keep the default


def test_the_ask_dialog_quotes_the_customer_only_where_allowed(book, ann):
    assert book.ask_scripts.customer_words(ann) is None
    book.activity.add_testimonial_check(ann, dt.date(2026, 10, 1), done_right="Always on time",
                                        score=10, may_quote=True)
    words = book.ask_scripts.customer_words(ann)
    assert (words.quote, words.score, words.may_quote) == ("Always on time", 10, True)
    book.activity.add_testimonial_check(ann, dt.date(2026, 11, 1), done_right="Kind people",
                                        score=9, may_quote=False)
    words = book.ask_scripts.customer_words(ann)
    assert (words.checked_on, words.quote, words.may_quote) == (dt.date(2026, 11, 1), "", False)


def test_the_won_dialog_is_prefilled_from_the_referrers_last_sale(book, ann):
    rid = book.referrals.ask(ann, dt.date(2026, 10, 1))
    today = dt.date(2026, 11, 20)
    guess = book.referrals.win_defaults(rid, today)
    assert (guess.sold_on, guess.amount, guess.currency, guess.product) == (
        today, Decimal("900.00"), "USD", "Team plan")
    bob = book.contacts.add(ContactData(first_name="Bob"))
    assert book.referrals.win_defaults(book.referrals.ask(bob, today), today).amount is None
