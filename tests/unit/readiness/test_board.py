"""The board over a real book: facts gathered in a few queries, the agenda, re-ranking."""

from __future__ import annotations

import datetime as dt

import pytest
from playhouse.test_utils import assert_query_count, count_queries

from refdesk.book.records import AskPlanData
from refdesk.domain.readiness import LEVELS

TODAY = dt.date(2026, 11, 22)


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


@pytest.fixture
def people(book, add_contact):
    """A small book with one contact per situation; returns their ids by first name."""
    act, refs = book.activity, book.referrals
    book.settings.set("working_days", list(range(7)))  # due dates in calendar days
    maria = add_contact("Maria", company="Blue Dental", emails=[("maria@blue.example", "work")],
                        tags=["vip", "local"])
    act.add_sale(maria, ago(300), 900, product="Consulting day")
    act.add_sale(maria, ago(34), 4000, product="Team plan")
    act.log_touchpoint(maria, "post_close", ago(34))
    act.log_touchpoint(maria, "social", ago(100))  # before the last sale: not counted
    act.log_touchpoint(maria, "service_delivered", ago(10))
    act.log_touchpoint(maria, "problem_solved", ago(3))
    act.add_testimonial_check(maria, ago(2), score=9)
    fred = add_contact("Fred", "Smith", kind="referred", referred_by=maria)
    ann = add_contact("Ann", "Lee", kind="prospect")
    bob = add_contact("Bob", "Stone")
    act.add_sale(bob, ago(50), 1000)
    old = act.log_touchpoint(bob, "complaint", ago(45))
    act.log_touchpoint(bob, "complaint_resolved", ago(44), resolves=old)
    act.log_touchpoint(bob, "complaint", ago(20))
    cara = add_contact("Cara", "Moss")
    act.add_sale(cara, ago(200), 1000)
    referral = refs.ask(cara, ago(10), project="the office move")
    refs.advance(referral, "promised", ago(9), referred_id=fred)
    return {"maria": maria, "fred": fred, "ann": ann, "bob": bob, "cara": cara,
            "referral": referral}


def by_id(rows):
    return {row.id: row for row in rows}


def test_each_contact_gets_its_level_reasons_and_next_action(book, people):
    rows = by_id(book.board.evaluate(TODAY))
    maria = rows[people["maria"]]
    assert (maria.level, maria.action) == ("ready", "ask")
    assert maria.reasons == ("sale 34 days ago", "window open until 19 Jan 2027",
                             "problem solved 3 days ago", "3 trust points (2 needed)",
                             "testimonial score 9 on 20 Nov (promoter)", "no open complaints",
                             "last asked never")
    assert "Team plan" in maria.next_action
    assert (maria.name, maria.company, maria.email) == ("Maria Garcia", "Blue Dental",
                                                        "maria@blue.example")
    assert (maria.tags, maria.products) == (("local", "vip"), ("Consulting day", "Team plan"))
    assert (maria.last_sale_on, maria.last_touch_on, maria.days_since_touch) == (ago(34), ago(2),
                                                                                  2)
    fred = rows[people["fred"]]
    assert (fred.level, fred.reasons) == ("not_yet", ("referred by Maria Garcia", "no sale yet"))
    assert rows[people["ann"]].reasons == ("prospect, no sale yet",)
    assert rows[people["ann"]].days_since_touch is None
    bob = rows[people["bob"]]
    assert (bob.level, bob.next_action) == ("blocked", "resolve the complaint from 2 Nov")
    assert bob.complaint_id is not None
    cara = rows[people["cara"]]
    assert cara.level == "thank_due"
    assert cara.next_action == "thank Cara for introducing Fred Smith — 8 days overdue"
    assert cara.referral_id == people["referral"] and cara.follow_up_id is not None


def test_rows_come_in_working_order(book, people):
    levels = [row.level for row in book.board.evaluate(TODAY)]
    assert levels == sorted(levels, key=list(LEVELS).index)


def test_evaluate_one_agrees_with_the_whole_board(book, people):
    rows = book.board.evaluate(TODAY)
    for row in rows:
        assert book.board.evaluate_one(row.id, TODAY) == row
    assert book.board.evaluate_one(9999, TODAY) is None


def test_facts_after_the_day_are_left_out(book, people):
    earlier = book.board.evaluate_one(people["maria"], ago(40))
    assert earlier.level == "cooling"
    assert earlier.reasons[:4] == ("sale 260 days ago", "window closed 13 Oct without an ask",
                                   "social meeting 60 days ago", "1 trust point (2 needed)")
    assert earlier.products == ("Consulting day",)
    assert earlier.last_touch_on == ago(100)


def test_a_resolved_complaint_unblocks_and_thanks_shorten_the_cool_down(book, people):
    book.activity.log_touchpoint(people["bob"], "complaint_resolved", ago(1))
    assert book.board.evaluate_one(people["bob"], TODAY).level == "earning"
    follow_up = book.board.evaluate_one(people["cara"], TODAY).follow_up_id
    book.referrals.complete_follow_up(follow_up, ago(8))
    assert book.board.evaluate_one(people["cara"], TODAY).level == "in_progress"
    book.referrals.advance(people["referral"], "lost", ago(1))
    cara = book.board.evaluate_one(people["cara"], TODAY)
    assert (cara.level, cara.next_action) == ("earning", "keep earning it; ask again from 12 Dec")


def test_changing_the_plan_re_ranks_at_once(book, people):
    board, settings = book.board, book.settings
    settings.set_ask_plan(AskPlanData(product="Team plan", min_trust=4))
    assert board.evaluate_one(people["maria"], TODAY).level == "earning"
    settings.remove_ask_plan("Team plan")
    assert board.evaluate_one(people["maria"], TODAY).level == "ready"
    settings.set_ask_plan(AskPlanData(benefit_days=40))
    assert by_id(board.evaluate(TODAY))[people["maria"]].level == "not_yet"


def test_agenda_lists_follow_ups_due_and_cards_owed(book, people):
    agenda = book.board.agenda(TODAY)
    (item,) = agenda.follow_ups
    assert (item.kind, item.label, item.due_on, item.days_overdue) == (
        "thank_within_day", "Thank the referrer", ago(8), 8)
    assert (item.referrer_id, item.referrer, item.referred_id, item.referred) == (
        people["cara"], "Cara Moss", people["fred"], "Fred Smith")
    assert agenda.cards_due == (item,)
    assert book.board.agenda(ago(9)).follow_ups == ()  # not due yet then
    book.models.Card.create(contact=people["cara"], follow_up=item.follow_up_id,
                            occasion="thank_intro", sent_on=ago(1))
    agenda = book.board.agenda(TODAY)
    assert len(agenda.follow_ups) == 1 and agenda.cards_due == ()
    book.referrals.complete_follow_up(item.follow_up_id, TODAY)
    assert book.board.agenda(TODAY).follow_ups == ()


def test_query_count_does_not_grow_with_the_book(book, people, add_contact):
    with count_queries() as small:
        book.board.evaluate(TODAY)
    for n in range(30):
        cid = add_contact(f"Extra{n}", tags=["bulk"], emails=[(f"x{n}@example.com", "")])
        book.activity.add_sale(cid, ago(n * 5), 100, product=f"Product {n % 3}")
        book.activity.log_touchpoint(cid, "social", ago(n))
        book.activity.add_testimonial_check(cid, ago(n), score=n % 11)
        book.referrals.advance(book.referrals.ask(cid, ago(n)), "contacted", ago(n))
    with assert_query_count(small.count):
        rows = book.board.evaluate(TODAY)
    assert len(rows) == 35
    assert small.count <= 11  # the plans (2), then one query per kind of fact (9)
    with assert_query_count(small.count):  # the same queries, narrowed to one contact
        book.board.evaluate_one(people["maria"], TODAY)
