"""The Book facade: contacts, activity, referrals and settings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from refdesk.book.records import AskPlanData, ContactData
from refdesk.errors import RefdeskError

D = dt.date(2026, 11, 22)


def maria(**extra) -> ContactData:
    return ContactData(first_name="Maria", last_name="Garcia", company="Blue Dental",
                       emails=[("maria@blue.example", "work"), ("m@home.example", "home")],
                       phones=[("+1 555 0100", "work")], tags=["vip", "local", "vip"], **extra)


def test_contact_round_trip_keeps_every_field(book):
    cid = book.contacts.add(maria(street="1 Oak Street", city="Austin", region="TX",
                                  postal_code="78701", country="USA", notes="likes golf"))
    got = book.contacts.get(cid)
    assert got.id == cid
    assert (got.first_name, got.last_name, got.company) == ("Maria", "Garcia", "Blue Dental")
    assert got.emails == [("maria@blue.example", "work"), ("m@home.example", "home")]
    assert got.phones == [("+1 555 0100", "work")]
    assert got.tags == ["local", "vip"]
    assert (got.street, got.city, got.postal_code, got.notes) == (
        "1 Oak Street", "Austin", "78701", "likes golf")


def test_update_replaces_fields_and_children(book):
    cid = book.contacts.add(maria())
    data = book.contacts.get(cid)
    data.company = "Cedar Clinic"
    data.emails = [("new@cedar.example", "work")]
    data.tags = ["healthcare"]
    book.contacts.update(cid, data)
    got = book.contacts.get(cid)
    assert got.company == "Cedar Clinic"
    assert got.emails == [("new@cedar.example", "work")]
    assert got.tags == ["healthcare"]


def test_contact_needs_a_name_or_company_and_a_known_kind(book):
    with pytest.raises(RefdeskError, match="needs a first name"):
        book.contacts.add(ContactData(first_name="  "))
    with pytest.raises(RefdeskError, match="Unknown contact kind"):
        book.contacts.add(ContactData(first_name="A", kind="friend"))
    assert book.contacts.count() == 0


def test_rows_are_sorted_with_first_email_phone_and_tags(book):
    book.contacts.add(ContactData(first_name="Zed", last_name="Adams"))
    book.contacts.add(maria())
    rows = book.contacts.rows()
    assert [r.name for r in rows] == ["Zed Adams", "Maria Garcia"]
    assert rows[1].email == "m@home.example"  # alphabetically first of the two
    assert rows[1].tags == "local, vip" or rows[1].tags == "vip, local"


def test_rows_take_a_fixed_number_of_queries(book):
    from playhouse.test_utils import count_queries

    for i in range(30):
        book.contacts.add(ContactData(first_name=f"P{i}", emails=[(f"p{i}@x.example", "")]))
    with count_queries() as counter:
        book.contacts.rows()
    assert counter.count <= 4


def test_deleting_a_contact_removes_what_is_theirs(book):
    cid = book.contacts.add(maria())
    book.activity.add_sale(cid, D, "1200.50", product="Team plan")
    book.activity.log_touchpoint(cid, "social", D)
    book.contacts.delete(cid)
    assert book.contacts.count() == 0
    assert book.activity.sales(cid) == []
    assert book.activity.touchpoints(cid) == []


def test_a_sale_makes_a_prospect_a_customer_and_keeps_cents(book):
    cid = book.contacts.add(ContactData(first_name="Pat", kind="prospect"))
    book.activity.add_sale(cid, D, "1999.999", product="Starter plan")
    assert book.contacts.get(cid).kind == "customer"
    assert book.activity.sales(cid)[0].amount == Decimal("2000.00")
    with pytest.raises(RefdeskError, match="not a number"):
        book.activity.add_sale(cid, D, "lots")
    with pytest.raises(RefdeskError, match="zero or more"):
        book.activity.add_sale(cid, D, -5)


def test_complaint_resolution_closes_the_oldest_open_complaint(book):
    cid = book.contacts.add(maria())
    first = book.activity.log_touchpoint(cid, "complaint", D - dt.timedelta(days=9))
    second = book.activity.log_touchpoint(cid, "complaint", D - dt.timedelta(days=2))
    assert [c.id for c in book.activity.open_complaints(cid)] == [first, second]
    book.activity.log_touchpoint(cid, "complaint_resolved", D)
    assert [c.id for c in book.activity.open_complaints(cid)] == [second]


def test_unknown_touchpoint_kind_and_bad_score_are_refused(book):
    cid = book.contacts.add(maria())
    with pytest.raises(RefdeskError, match="Unknown touchpoint kind"):
        book.activity.log_touchpoint(cid, "lunch", D)
    with pytest.raises(RefdeskError, match="0 to 10"):
        book.activity.add_testimonial_check(cid, D, score=11)
    with pytest.raises(RefdeskError, match="no contact #999"):
        book.activity.log_touchpoint(999, "social", D)


def test_referral_stages_schedule_the_three_follow_ups(book):
    book.settings.set("working_days", list(range(7)))  # calendar days: weekends are elsewhere
    maria_id = book.contacts.add(maria())
    fred_id = book.contacts.add(ContactData(first_name="Fred", kind="referred",
                                            referred_by=maria_id))
    rid = book.referrals.ask(maria_id, D, project="the office move")
    assert book.referrals.follow_ups() == []
    book.referrals.advance(rid, "promised", D)
    book.referrals.advance(rid, "introduced", D + dt.timedelta(days=2), referred_id=fred_id)
    book.referrals.advance(rid, "contacted", D + dt.timedelta(days=4))
    book.referrals.advance(rid, "won", D + dt.timedelta(days=20))
    due = [(f.kind, f.due_on) for f in book.referrals.follow_ups()]
    assert {f.referral_id for f in book.referrals.follow_ups()} == {rid}
    assert due == [("thank_within_day", D + dt.timedelta(days=1)),
                   ("status_report", D + dt.timedelta(days=6)),
                   ("thank_for_sale", D + dt.timedelta(days=23))]
    assert [s for s, _, _ in book.referrals.history(rid)] == [
        "asked", "promised", "introduced", "contacted", "won"]
    assert book.referrals.get(rid).referred_id == fred_id


def test_follow_up_days_come_from_the_book_settings(book):
    book.settings.set("follow_up_days", {"thank_within_day": 0, "status_report": 5,
                                         "thank_for_sale": 7})
    book.settings.set("working_days", list(range(7)))  # D is a Sunday
    rid = book.referrals.ask(book.contacts.add(maria()), D)
    book.referrals.advance(rid, "promised", D)
    assert book.referrals.follow_ups()[0].due_on == D


def test_completing_a_follow_up_removes_it_from_the_open_list(book):
    rid = book.referrals.ask(book.contacts.add(maria()), D)
    (fid,) = book.referrals.advance(rid, "promised", D)
    assert [f.id for f in book.referrals.follow_ups(open_only=True, due_by=D + dt.timedelta(1))] \
        == [fid]
    book.referrals.complete_follow_up(fid, D)
    assert book.referrals.follow_ups(open_only=True) == []


def test_referral_errors_name_the_problem(book):
    rid = book.referrals.ask(book.contacts.add(maria()), D)
    with pytest.raises(RefdeskError, match="Unknown referral stage"):
        book.referrals.advance(rid, "married", D)
    with pytest.raises(RefdeskError, match="before it was asked"):
        book.referrals.advance(rid, "promised", D - dt.timedelta(days=1))


def test_settings_have_defaults_and_refuse_unknown_keys(book):
    assert book.settings.get("card_format") == "a2"
    book.settings.set("review_links", [{"label": "Google", "url": "https://g.example"}])
    assert book.settings.get("review_links")[0]["label"] == "Google"
    with pytest.raises(RefdeskError, match="Unknown book setting"):
        book.settings.set("colour", "red")


def test_ask_plans_fall_back_to_the_default(book):
    assert book.settings.ask_plan() == AskPlanData()
    book.settings.set_ask_plan(AskPlanData(product="Onboarding package", benefit_days=45))
    assert book.settings.ask_plan("Onboarding package").benefit_days == 45
    assert book.settings.ask_plan("Starter plan").benefit_days == 21
    assert [p.product for p in book.settings.ask_plans()] == ["", "Onboarding package"]
    with pytest.raises(RefdeskError, match="whole number"):
        book.settings.set_ask_plan(AskPlanData(window_days=-1))


def test_a_failed_transaction_leaves_the_book_as_it_was(book):
    book.contacts.add(maria())
    with pytest.raises(RuntimeError), book.atomic():
        book.contacts.add(ContactData(first_name="Temp"))
        raise RuntimeError("power cut")
    assert [r.name for r in book.contacts.rows()] == ["Maria Garcia"]


def test_bulk_tagging_reports_only_new_tags_and_can_be_undone(book):
    a, b = book.contacts.add(maria()), book.contacts.add(ContactData(first_name="Fred"))
    assert book.contacts.add_tag([a, b], "vip") == [b]  # Maria already has it
    assert book.contacts.get(b).tags == ["vip"]
    book.contacts.remove_tag([b], "vip")
    assert book.contacts.get(b).tags == [] and "vip" in book.contacts.get(a).tags
    assert book.contacts.tags() == ["local", "vip"]
    with pytest.raises(RefdeskError, match="needs a name"):
        book.contacts.add_tag([a], "  ")


def test_undo_advance_restores_the_stage_and_drops_its_follow_ups(book):
    rid = book.referrals.ask(book.contacts.add(maria()), D)
    before = book.referrals.get(rid)
    created = book.referrals.advance(rid, "promised", D + dt.timedelta(days=1))
    assert created and book.referrals.get(rid).stage == "promised"
    book.referrals.undo_advance(rid, before, created)
    assert book.referrals.get(rid) == before
    assert book.referrals.follow_ups() == []
    assert [s for s, _, _ in book.referrals.history(rid)] == ["asked"]


def test_products_and_deleting_a_sale(book):
    cid = book.contacts.add(maria())
    sale = book.activity.add_sale(cid, D, 100, product="Team plan")
    book.activity.add_sale(cid, D, 100, product="Annual support")
    assert book.activity.products() == ["Annual support", "Team plan"]
    book.activity.delete_sale(sale)
    assert book.activity.products() == ["Annual support"]


def test_timeline_tells_the_story_newest_first(book):
    maria_id = book.contacts.add(maria())
    fred_id = book.contacts.add(ContactData(first_name="Fred", last_name="Jones"))
    book.activity.add_sale(maria_id, D - dt.timedelta(days=60), 2400, product="Team plan")
    book.activity.log_touchpoint(maria_id, "problem_solved", D - dt.timedelta(days=3),
                                 note="fixed the export")
    book.activity.add_testimonial_check(maria_id, D - dt.timedelta(days=2), score=10,
                                        done_right="fast answers", may_quote=True)
    rid = book.referrals.ask(maria_id, D - dt.timedelta(days=1), project="the office move")
    book.referrals.advance(rid, "promised", D, referred_id=fred_id)
    events = book.timeline(maria_id)
    assert [e.on for e in events] == sorted((e.on for e in events), reverse=True)
    titles = [e.title for e in events]
    assert "Promised: referral of Fred Jones" in titles
    assert "Asked: referral of Fred Jones" in titles
    assert "Thank the referrer: due" in titles
    assert "Testimonial check (score 10/10; may quote)" in titles
    assert "Problem solved" in titles and "Sale: Team plan" in titles
    assert any(e.detail == "2,400.00 USD" for e in events)
    assert [e.title for e in book.timeline(fred_id)] == ["Promised: referred by Maria Garcia",
                                                         "Asked: referred by Maria Garcia"]


@pytest.mark.parametrize("amount, message", [("nan", "zero or more"), ("-inf", "zero or more"),
                                             ("1e20", "too large"),
                                             ("12345678901234567", "too large")])
def test_amounts_that_cannot_be_stored_exactly_are_refused(book, amount, message):
    cid = book.contacts.add(maria())
    with pytest.raises(RefdeskError, match=message):
        book.activity.add_sale(cid, D, amount)
    assert book.activity.sales(cid) == []


def test_closing_after_a_read_survives_a_checkpoint_that_fails(tmp_path, monkeypatch):
    import sqlite3

    from refdesk.book import Book

    book = Book.open(tmp_path / "full.refdesk")
    real = book.db.execute_sql

    def full_disk(sql, *args, **kwargs):
        if "wal_checkpoint" in sql:
            raise sqlite3.OperationalError("database or disk is full")
        return real(sql, *args, **kwargs)

    monkeypatch.setattr(book.db, "execute_sql", full_disk)
    assert book.contacts.count() == 0
    book.close()  # the read worked: closing must not turn it into a failure
    assert book.db.is_closed()
