"""The pipeline's edits on a real book: each one undoes and redoes exactly
(every row as it was), and does what the method asks of it."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from refdesk.book import Book
from refdesk.book import referral_edits as pe
from refdesk.book.edits import History
from refdesk.book.records import ContactData
from refdesk.demo import write_demo_book
from refdesk.errors import RefdeskError

AS_OF = dt.date(2026, 11, 20)  # a Friday


def rows(path: Path) -> dict[str, list[tuple]]:
    """Every table's rows, sorted, read without peewee; as test_edits.py reads
    them: when a row was written, and the row numbers of a contact's e-mails,
    phones and tags (rewritten whole on an edit), are not part of undo."""
    con = sqlite3.connect(path)
    try:
        out = {}
        for (table,) in con.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                    "AND name NOT IN ('book_meta', 'sqlite_sequence')"):
            cols = [c[1] for c in con.execute(f'PRAGMA table_info("{table}")')
                    if c[1] != "updated_at" and not (c[1] == "id" and table in (
                        "contact_email", "contact_phone", "contact_tag"))]
            names = ", ".join(f'"{c}"' for c in cols)
            out[table] = sorted(con.execute(f'SELECT {names} FROM "{table}"'), key=repr)
        return out
    finally:
        con.close()


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("pipeline") / "template.refdesk"
    write_demo_book(path, 30, seed=5, as_of=AS_OF)
    return path


@pytest.fixture
def path(template, tmp_path):
    copy = tmp_path / "book.refdesk"
    shutil.copyfile(template, copy)
    return copy


@pytest.fixture
def people(book):
    """Ann, a customer since June; Fred, a referred person not in the book yet."""
    ann = book.contacts.add(ContactData(first_name="Ann", last_name="Lee", company="Lee Law",
                                        emails=[("ann@lee.example", "")],
                                        phones=[("+1 503 555 0101", "")]))
    book.activity.add_sale(ann, dt.date(2026, 6, 1), 1000, product="Team plan")
    return {"ann": ann}


def _open(book: Book, stage: str):
    return next(r for c in book.contacts.rows() for r in book.referrals.involving(c.id)
                if r.stage == stage and r.referrer_id == c.id)


def _pipeline_edits(book: Book) -> list:
    customer = next(c.id for c in book.contacts.rows() if c.kind == "customer")
    promised = _open(book, "promised")
    meeting = _open(book, "meeting")
    follow_up = book.follow_ups.listing(AS_OF)[0]
    return [
        pe.ask_for_referral(book, customer, AS_OF, project="the roof", promised="call Fred",
                            new_person=ContactData(first_name="Fredrika", last_name="Nouveau")),
        pe.ask_for_referral(book, customer, AS_OF, project="the roof"),
        pe.move_referral(book, promised.id, "introduced", AS_OF, note="she emailed him"),
        pe.win_referral(book, meeting.id, AS_OF, amount="2500", product="Team plan",
                        reward=pe.RewardData("wine", "a bottle of Rioja", "35")),
        pe.win_referral(book, promised.id, AS_OF, record_sale=False),
        pe.record_reward(book, promised.referrer_id, AS_OF, kind="tickets",
                         description="two movie tickets", cost="24.50",
                         referral_id=promised.id),
        pe.give_referral(book, customer, AS_OF, referred_name="Bo's Bakery", note="catering"),
        pe.mark_follow_up_done(book, follow_up.id, AS_OF, "call"),
        pe.set_ask_scripts(book, {"plant_seed": "Thanks {first_name}!"}),
        pe.remove_contact(book, promised.referrer_id),
        pe.plant_seed(book, customer, AS_OF),
    ]


def test_every_pipeline_edit_undoes_and_redoes_exactly(path):
    with Book.open(path) as book:
        count = len(_pipeline_edits(book))
    for index in range(count):
        with Book.open(path) as book:
            before = rows(path)
            edit = _pipeline_edits(book)[index]
            history = History()
            history.perform(edit)
            after = rows(path)
            assert after != before, f"{edit.label} changed nothing"
            history.undo()
            assert rows(path) == before, f"undoing {edit.label}"
            history.redo()
            assert rows(path) == after, f"redoing {edit.label}"
            history.undo()


def test_ask_with_a_new_person_makes_them_referred_by_the_referrer(book, people):
    history = History()
    rid, made, referred = history.perform(pe.ask_for_referral(
        book, people["ann"], AS_OF, project="the office move", promised="will email Fred",
        new_person=ContactData(first_name="Fred", last_name="Ray")))
    assert made == referred
    ref = book.referrals.get(rid)
    assert (ref.stage, ref.project, ref.promised_action, ref.referred_id) == (
        "asked", "the office move", "will email Fred", made)
    fred = book.contacts.get(made)
    assert (fred.kind, fred.referred_by) == ("referred", people["ann"])
    history.undo()
    assert book.referrals.involving(people["ann"]) == []
    assert book.contacts.count() == 1


@pytest.mark.parametrize("person, reason", [
    (ContactData(first_name="Annie", emails=[("ANN@lee.example ", "")]), "same e-mail"),
    (ContactData(first_name="A", last_name="L", phones=[("(503) 555-0101", "")]), "same phone"),
    (ContactData(first_name="ann", last_name=" Lee", company="lee  law"),
     "same name and company"),
])
def test_a_person_who_may_be_in_the_book_is_named_with_why(book, people, person, reason):
    with pytest.raises(pe.SamePersonFound) as found:
        pe.ask_for_referral(book, people["ann"], AS_OF, new_person=person)
    (candidate,) = found.value.candidates
    assert (candidate.id, candidate.name) == (people["ann"], "Ann Lee")
    assert reason in candidate.reasons and reason in str(found.value)
    # On purpose: a second Ann Lee is added all the same.
    History().perform(pe.ask_for_referral(book, people["ann"], AS_OF, new_person=person,
                                          allow_same=True))
    assert book.contacts.count() == 2


@pytest.mark.parametrize("kept, typed", [
    (("Åsa", "Ström", "Bäck AB"), ("ÅSA", "STRÖM", "bäck ab")),  # SQLite's NOCASE: ASCII only
    (("Jan", "van  der Berg", "Berg"), ("jan", "Van der Berg", "berg")),  # spaces doubled
    (("Bo", " Lund ", "Lund"), ("Bo", "lund", "LUND")),  # spaces at the ends
    (("Kim", "Park", "Park Co"), ("Kim", "PARK", "park co")),
])
def test_the_same_name_and_company_is_found_however_it_is_spelled(book, kept, typed):
    """Case- and space-blind as people type: letters outside ASCII in another
    case, spaces doubled or at an end, in the book or in what is typed."""
    first, last, company = kept
    there = book.contacts.add(ContactData(first_name=first, last_name=last, company=company))
    first, last, company = typed
    found = book.referrals.same_people(ContactData(first_name=first, last_name=last,
                                                   company=company))
    assert [(p.id, p.reasons) for p in found] == [(there, ("same name and company",))]


def test_same_name_at_another_company_is_not_a_duplicate(book, people):
    assert book.referrals.same_people(ContactData(first_name="Ann", last_name="Lee",
                                                  company="Other Inc")) == []


def test_winning_records_the_sale_the_customer_and_the_reward_and_undo_takes_all(book, people):
    history = History()
    rid, fred, _ = history.perform(pe.ask_for_referral(
        book, people["ann"], AS_OF, new_person=ContactData(first_name="Fred", last_name="Ray")))
    history.perform(pe.move_referral(book, rid, "contacted", AS_OF))
    before = (book.contacts.get(fred).kind, book.activity.sales(fred), book.rewards.ledger())
    state = history.perform(pe.win_referral(
        book, rid, AS_OF, amount="2,500.00".replace(",", ""), currency="EUR", product="Audit",
        reward=pe.RewardData("meal", "lunch for two", "40")))
    (sale,) = book.activity.sales(fred)
    assert (sale.amount, sale.currency, sale.product, sale.source, sale.referral_id) == (
        Decimal("2500.00"), "EUR", "Audit", "referral", rid)
    assert book.contacts.get(fred).kind == "customer"
    assert book.referrals.get(rid).stage == "won"
    (reward,) = book.rewards.ledger(referral_id=rid)
    assert (reward.contact_id, reward.kind, reward.cost) == (people["ann"], "meal",
                                                             Decimal("40.00"))
    assert {f.kind for f in book.follow_ups.listing(AS_OF, referral_id=rid)} == {
        "thank_within_day", "status_report", "thank_for_sale"}
    assert state["sale"] == sale.id
    history.undo()
    assert (book.contacts.get(fred).kind, book.activity.sales(fred),
            book.rewards.ledger()) == before
    assert book.referrals.get(rid).stage == "contacted"
    assert "thank_for_sale" not in {f.kind for f in book.follow_ups.listing(
        AS_OF, referral_id=rid)}


def test_a_win_needs_a_valid_amount_and_someone_to_sell_to(book, people):
    rid = book.referrals.ask(people["ann"], AS_OF)
    with pytest.raises(RefdeskError, match="Name the referred person first"):
        pe.win_referral(book, rid, AS_OF, amount="100")
    with pytest.raises(RefdeskError, match="sale amount 'lots' is not a number"):
        pe.win_referral(book, rid, AS_OF, amount="lots",
                        new_person=ContactData(first_name="Fred"))
    with pytest.raises(RefdeskError, match="reward's cost must be a number of zero or more"):
        pe.win_referral(book, rid, AS_OF, record_sale=False,
                        reward=pe.RewardData(cost="-5"))
    assert book.referrals.get(rid).stage == "asked"


def test_won_the_same_day_it_was_asked_owes_three_follow_ups_on_working_days(book, people):
    rid = book.referrals.ask(people["ann"], AS_OF)  # a Friday
    fred = book.contacts.add(ContactData(first_name="Fred", kind="referred"))
    History().perform(pe.win_referral(book, rid, AS_OF, amount="900", referred_id=fred))
    due = {f.kind: f.due_on for f in book.follow_ups.listing(AS_OF, referral_id=rid)}
    monday = dt.date(2026, 11, 23)
    assert due == {"thank_within_day": monday,
                   "status_report": monday + dt.timedelta(days=1),
                   "thank_for_sale": monday + dt.timedelta(days=2)}
    assert book.follow_ups.overdue(monday) == []
    assert [f.kind for f in book.follow_ups.overdue(monday + dt.timedelta(days=2))] == [
        "thank_within_day", "status_report"]


def test_a_working_week_of_the_books_own(book, people):
    book.settings.set("working_days", [1, 3])  # Tuesdays and Thursdays
    rid = book.referrals.ask(people["ann"], AS_OF)
    book.referrals.advance(rid, "promised", AS_OF)
    (item,) = book.follow_ups.listing(AS_OF)
    assert item.due_on == dt.date(2026, 11, 24)  # the next Tuesday


def test_marking_done_records_how_and_undo_reopens(book, people):
    rid = book.referrals.ask(people["ann"], AS_OF)
    book.referrals.advance(rid, "promised", AS_OF)
    (item,) = book.follow_ups.listing(AS_OF)
    history = History()
    history.perform(pe.mark_follow_up_done(book, item.id, AS_OF, "in_person"))
    done = book.follow_ups.get(item.id, AS_OF)
    assert (done.done_on, done.done_how) == (AS_OF, "in_person")
    assert book.follow_ups.listing(AS_OF) == []
    history.undo()
    assert book.follow_ups.get(item.id, AS_OF).done_how == ""
    with pytest.raises(RefdeskError, match="card, call, email, gift, in_person"):
        pe.mark_follow_up_done(book, item.id, AS_OF, "pigeon")


def test_dates_in_the_future_or_before_the_first_sale_are_warnings(book, people):
    ann = people["ann"]
    assert book.referrals.date_warnings(ann, AS_OF, AS_OF) == []
    (future,) = book.referrals.date_warnings(ann, AS_OF + dt.timedelta(days=3), AS_OF)
    assert "2026-11-23 is in the future" in future
    (early,) = book.referrals.date_warnings(ann, dt.date(2026, 5, 1), AS_OF)
    assert early == "2026-05-01 is before Ann Lee's first sale (2026-06-01)."


def test_follow_ups_list_filters(book, people):
    bob = book.contacts.add(ContactData(first_name="Bob", last_name="Stone"))
    for who, days in ((people["ann"], 10), (bob, 0)):
        rid = book.referrals.ask(who, AS_OF - dt.timedelta(days=days))
        book.referrals.advance(rid, "contacted", AS_OF - dt.timedelta(days=days))
    every = book.follow_ups.listing(AS_OF)
    assert len(every) == 4 and [f.due_on for f in every] == sorted(f.due_on for f in every)
    assert {f.referrer for f in book.follow_ups.listing(AS_OF, referrer_id=bob)} == {
        "Bob Stone"}
    assert {f.kind for f in book.follow_ups.listing(AS_OF, kind="status_report")} == {
        "status_report"}
    overdue = book.follow_ups.listing(AS_OF, overdue_only=True)
    assert {f.referrer_id for f in overdue} == {people["ann"]}
    assert all(f.overdue and f.days_overdue > 0 for f in overdue)
    with pytest.raises(RefdeskError, match="Unknown follow-up kind 'hug'"):
        book.follow_ups.listing(AS_OF, kind="hug")


def test_the_email_of_a_follow_up_is_its_card_text(book, people):
    book.settings.set("user_name", "Sam Rivera")
    fred = book.contacts.add(ContactData(first_name="Fred", last_name="Ray", kind="referred"))
    rid = book.referrals.ask(people["ann"], AS_OF)
    book.referrals.advance(rid, "introduced", AS_OF, referred_id=fred)
    (item,) = book.follow_ups.listing(AS_OF)
    mail = book.follow_ups.email(item.id, AS_OF)
    assert (mail.to, mail.subject) == ("ann@lee.example", "Thank the referrer")
    assert mail.body.startswith("Dear Ann,") and "introducing me to Fred Ray" in mail.body
    assert mail.body.rstrip().endswith("Sam Rivera")
    assert mail.link.startswith("mailto:ann@lee.example?subject=Thank%20the%20referrer&body=")


def test_removing_a_contact_with_referrals_archives_and_keeps_history(book, people):
    rid = book.referrals.ask(people["ann"], AS_OF)
    loner = book.contacts.add(ContactData(first_name="Lone"))
    history = History()
    history.perform(pe.remove_contact(book, people["ann"]))
    assert book.archive.is_archived(people["ann"])
    assert book.referrals.history(rid)  # kept
    history.perform(pe.remove_contact(book, loner))
    assert book.contacts.count() == 1 and book.archive.archived_ids() == {people["ann"]}
    history.undo()
    history.undo()
    assert book.contacts.count() == 2 and book.archive.archived_ids() == set()
    # Deleting anyway, on purpose, takes their referrals with them.
    history.perform(pe.remove_contact(book, people["ann"], archive=False))
    with pytest.raises(RefdeskError, match="no referral"):
        book.referrals.get(rid)


def test_a_given_referral_counts_as_trust_never_as_a_referral(book, people):
    maya = book.contacts.add(ContactData(first_name="Maya", last_name="Bloom"))
    History().perform(pe.give_referral(book, people["ann"], AS_OF, referred_id=maya,
                                       note="needs a lawyer"))
    (given,) = book.given_referrals.for_customer(people["ann"])
    assert (given.referred_id, given.referred_name, given.note) == (maya, "Maya Bloom",
                                                                    "needs a lawyer")
    (touch,) = [t for t in book.activity.touchpoints(people["ann"])
                if t.kind == "gave_referral"]
    assert touch.note == "Referred Maya Bloom to them: needs a lawyer"
    assert book.referrals.involving(people["ann"]) == []  # never a referral asked or won
    assert book.referrals.count_by_stage() == dict.fromkeys(book.referrals.count_by_stage(), 0)
    assert any("Referred Maya Bloom" in e.detail for e in book.timeline(people["ann"]))
    with pytest.raises(RefdeskError, match="Name whom you referred"):
        pe.give_referral(book, people["ann"], AS_OF).apply()


def test_a_referred_person_who_is_not_in_the_book_is_named(book, people):
    with pytest.raises(RefdeskError, match="no contact #999"):
        History().perform(pe.ask_for_referral(book, people["ann"], AS_OF, referred_id=999))
    rid = book.referrals.ask(people["ann"], AS_OF)
    with pytest.raises(RefdeskError, match="no contact #998"):
        History().perform(pe.win_referral(book, rid, AS_OF, amount="5", referred_id=998))
    assert book.referrals.get(rid).stage == "asked"
    assert len(book.referrals.involving(people["ann"])) == 1


def test_removing_several_contacts_is_one_undo_step_that_gives_every_row_back(tmp_path):
    path = tmp_path / "demo.refdesk"
    write_demo_book(path, 40, seed=5, as_of=AS_OF)
    book = Book.open(path)
    try:
        ids = [c.id for c in book.contacts.rows()][:12]
        named = {cid for cid in ids if book.archive.referral_count(cid)}
        assert named and len(named) < len(ids)  # the demo mixes both kinds
        before = rows(path)
        history = History()
        history.perform(pe.remove_contacts(book, ids))
        assert book.archive.archived_ids() >= named
        assert book.contacts.count() == 40 - (len(ids) - len(named))
        history.undo()
        assert rows(path) == before
        history.redo()
        history.undo()
        assert rows(path) == before
        # Deleting them all on purpose, referrals and all, comes back whole too.
        history.perform(pe.remove_contacts(book, ids, archive=False))
        assert book.contacts.count() == 40 - len(ids) and not book.archive.archived_ids()
        history.undo()
        assert rows(path) == before
    finally:
        book.close()


def test_a_removal_that_fails_part_way_leaves_the_book_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "demo.refdesk"
    write_demo_book(path, 40, seed=5, as_of=AS_OF)
    book = Book.open(path)
    try:
        ids = [c.id for c in book.contacts.rows()][:12]
        assert any(book.archive.referral_count(cid) for cid in ids)  # archived first...
        before = rows(path)

        def full_disk(_ids):
            raise RefdeskError("disk full")

        monkeypatch.setattr(book.contacts, "delete", full_disk)  # ...then the deletion fails
        with pytest.raises(RefdeskError, match="disk full"):
            History().perform(pe.remove_contacts(book, ids))
        assert rows(path) == before
    finally:
        book.close()


def test_who_referrals_name_is_found_for_many_contacts_at_once(tmp_path):
    path = tmp_path / "demo.refdesk"
    write_demo_book(path, 40, seed=5, as_of=AS_OF)
    with Book.open(path) as book:
        ids = [c.id for c in book.contacts.rows()]
        one_by_one = {cid for cid in ids if book.archive.referral_count(cid)}
        assert one_by_one and one_by_one != set(ids)
        assert book.archive.named_by_referrals(ids) == one_by_one
        assert book.archive.named_by_referrals(ids[:5]) == one_by_one & set(ids[:5])
