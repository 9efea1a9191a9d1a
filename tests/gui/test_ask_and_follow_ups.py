"""Asking (why now, their words, the scripts, the referred person), planting
the seed after a sale, the follow-ups list, rewards and referrals given."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from refdesk.book import Book
from refdesk.book.records import ContactData
from refdesk.ui.ask_dialog import AskDialog
from refdesk.ui.referral_dialogs import NEW_PERSON
from refdesk.ui.sale_dialog import PlantSeedDialog, SaleDialog

AS_OF = dt.date(2026, 11, 22)


@pytest.fixture
def book_path(tmp_path):
    path = tmp_path / "ask.refdesk"
    with Book.open(path) as book:
        ann = book.contacts.add(ContactData(first_name="Ann", last_name="Lee",
                                            emails=[("ann@lee.example", "")]))
        book.contacts.add(ContactData(first_name="Fred", last_name="Jones",
                                      company="Jones Bakery",
                                      emails=[("fred@jones.example", "")]))
        book.activity.add_sale(ann, dt.date(2026, 9, 1), "1500", product="Gutters")
        book.activity.log_touchpoint(ann, "problem_solved", dt.date(2026, 11, 18))
        book.activity.add_testimonial_check(ann, dt.date(2026, 10, 1),
                                            done_right="You came back the same day",
                                            would_refer="Just keep being quick",
                                            may_quote=True)
    return path, ann


@pytest.fixture
def window(make_window, book_path):
    path, ann = book_path
    return make_window(path), ann


def run_ask(window, monkeypatch, fill):
    shown = {}

    def exec_(dialog):
        shown["dialog"] = dialog
        return fill(dialog)

    monkeypatch.setattr(AskDialog, "exec", exec_)
    window.actions_.ask(window_ann(window))
    return shown["dialog"]


def window_ann(window):
    return next(r.id for r in window.ctx.book.contacts.rows() if r.name == "Ann Lee")


def test_ask_shows_why_their_words_and_the_three_scripts_filled_in(window, monkeypatch):
    win, ann = window

    def look(dialog):
        dialog.project.setText("the gutter job")
        return 0

    dialog = run_ask(win, monkeypatch, look)
    assert "Problem solved" in dialog.reasons.text() or "problem" in dialog.reasons.text()
    assert dialog.words is not None and "You came back the same day" in dialog.words.text()
    assert [dialog.scripts.tabText(i) for i in range(3)] == [
        "Plant the seed", "Ask, assuming the referral", "Ask for an action"]
    # The scripts follow the project as it is typed, with the customer's name.
    assert "Ann" in dialog.script_texts["assume_referral"].text()
    assert "the gutter job" in dialog.script_texts["assume_referral"].text()
    assert "Gutters" in dialog.script_texts["plant_seed"].text()
    assert win.ctx.book.referrals.involving(ann) == []  # cancelled: nothing written


def test_their_words_stay_out_when_they_did_not_allow_quoting(window, monkeypatch):
    win, ann = window
    win.ctx.book.activity.add_testimonial_check(ann, dt.date(2026, 11, 20),
                                                done_right="Private praise", may_quote=False)
    dialog = run_ask(win, monkeypatch, lambda d: 0)
    assert dialog.words is None


def test_recording_the_ask_with_a_person_from_the_book(window, monkeypatch, qtbot):
    win, ann = window
    book = win.ctx.book
    fred = next(r.id for r in book.contacts.rows() if r.name == "Fred Jones")

    def fill(dialog):
        dialog.project.setText("the gutter job")
        dialog.promised.setText("email Fred this week")
        dialog.person.setCurrentIndex(dialog.person.findText("Fred Jones — Jones Bakery"))
        dialog.accept()
        return dialog.result()

    run_ask(win, monkeypatch, fill)
    [referral] = book.referrals.involving(ann)
    assert (referral.stage, referral.project, referral.promised_action, referral.referred_id) \
        == ("asked", "the gutter job", "email Fred this week", fred)
    win.ctx.undo.undo()
    assert book.referrals.involving(ann) == []


def test_a_new_person_like_one_in_the_book_is_warned_about_first(window, monkeypatch):
    win, ann = window
    book = win.ctx.book
    presses = []

    def fill(dialog):
        dialog.person.setCurrentIndex(1)  # "A new person…"
        assert dialog.chosen_person() == NEW_PERSON and dialog.new_name.isEnabled()
        dialog.new_name.setText("Freddie Jones")
        dialog.new_email.setText("FRED@jones.example")
        dialog.accept()
        presses.append((dialog.result(), dialog.duplicate.text()))
        dialog.accept()  # OK again: add them all the same
        return dialog.result()

    run_ask(win, monkeypatch, fill)
    assert presses[0][0] == 0 and "Already in the book? Fred Jones" in presses[0][1]
    assert "same e-mail" in presses[0][1]
    [referral] = book.referrals.involving(ann)
    added = book.contacts.get(referral.referred_id)
    assert (added.first_name, added.last_name, added.kind, added.referred_by) == (
        "Freddie", "Jones", "referred", ann)


def test_plant_the_seed_is_offered_right_after_a_sale_and_logs_it(window, monkeypatch):
    win, ann = window

    def sale(dialog):
        dialog.amount.setText("800")
        dialog.product.setCurrentText("Gutters")
        return 1

    offered = {}

    def seed(dialog):
        offered["script"] = dialog.script.text()
        dialog.note.setText("pleased")
        return 1

    monkeypatch.setattr(SaleDialog, "exec", sale)
    monkeypatch.setattr(PlantSeedDialog, "exec", seed)
    win.actions_.record_sale(ann)
    assert "Thank you, Ann" in offered["script"] and "Gutters" in offered["script"]
    touch = win.ctx.book.activity.touchpoints(ann)[-1]
    assert (touch.kind, touch.note) == ("post_close", "pleased")


@pytest.fixture
def owed(window):
    """Ann asked and promised to introduce Fred: a thank-you is owed (overdue)."""
    win, ann = window
    book = win.ctx.book
    fred = next(r.id for r in book.contacts.rows() if r.name == "Fred Jones")
    rid = book.referrals.ask(ann, dt.date(2026, 11, 10), project="the gutter job",
                             referred_id=fred)
    book.referrals.advance(rid, "promised", dt.date(2026, 11, 12))
    return win, ann, rid


def test_follow_ups_list_filters_marks_done_with_how_and_emails(owed, qtbot, monkeypatch):
    from refdesk.ui.pipeline.follow_ups_dialog import DoneDialog

    win, _ann, rid = owed
    win.actions_.follow_ups()
    listing = win.actions_._follow_ups
    qtbot.addWidget(listing)
    assert [i.referral_id for i in listing.model.items] == [rid]
    assert "OVERDUE" in listing.model.index(0, 5).data()
    listing.show_filter.setCurrentIndex(listing.show_filter.findData("overdue"))
    assert len(listing.model.items) == 1
    listing.search.setText("nobody-like-this")
    assert listing.model.items == []
    listing.search.clear()
    listing.table.selectRow(0)

    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    listing.email_button.click()
    [url] = opened
    assert url.scheme() == "mailto" and url.path() == "ann@lee.example"
    assert "Thank" in url.query(QUrl.ComponentFormattingOption.FullyDecoded)

    def done(dialog):
        dialog.how.setCurrentIndex(dialog.how.findData("call"))
        return 1

    monkeypatch.setattr(DoneDialog, "exec", done)
    listing.done_button.click()
    item = win.ctx.book.follow_ups.listing(AS_OF, open_only=False, referral_id=rid)[0]
    assert (item.done_on, item.done_how) == (AS_OF, "call")
    assert listing.model.items == []  # overdue only: it has gone
    listing.show_filter.setCurrentIndex(listing.show_filter.findData("all"))
    assert "done 22 Nov by call" in listing.model.index(0, 5).data()
    win.ctx.undo.undo()
    assert win.ctx.book.follow_ups.listing(AS_OF, referral_id=rid)[0].done_on is None


def test_rewards_ledger_totals_the_month_and_warns_past_the_budget(owed, qtbot, monkeypatch):
    from refdesk.ui.pipeline.rewards_dialog import RewardDialog

    win, _ann, _rid = owed
    win.actions_.rewards_ledger()
    ledger = win.actions_._rewards
    qtbot.addWidget(ledger)
    ledger.budget.setText("50")
    ledger.set_budget()
    assert win.ctx.book.settings.reward_budget() == 50
    warned = []

    def give(dialog):
        dialog.person.setCurrentIndex(dialog.person.findText("Ann Lee"))
        dialog.fields.kind.setCurrentIndex(dialog.fields.kind.findData("tickets"))
        dialog.fields.description.setText("two cinema tickets")
        dialog.fields.cost.setValue(64)
        warned.append(dialog.warning.text())
        return 1

    monkeypatch.setattr(RewardDialog, "exec", give)
    win.actions_.record_reward(None)
    assert "over the monthly budget of 50.00" in warned[0]
    assert ledger.model.rowCount() == 1
    assert ledger.model.index(0, 3).data() == "two cinema tickets"
    assert ledger.months.item(0).text().startswith("Nov 2026: 64.00 (1) — OVER")
    assert "over the monthly budget" in ledger.warning.text()
    win.ctx.undo.undo()
    assert ledger.model.rowCount() == 0 and not ledger.warning.isVisibleTo(ledger)


def test_a_bad_budget_is_named_and_nothing_changes(owed, qtbot):
    win, _ann, _rid = owed
    win.actions_.rewards_ledger()
    ledger = win.actions_._rewards
    qtbot.addWidget(ledger)
    ledger.budget.setText("lots")
    ledger.set_budget()
    assert "lots" in ledger.warning.text()
    assert win.ctx.book.settings.reward_budget() is None


def test_referrals_given_are_recorded_apart_and_shown(window, qtbot, monkeypatch):
    from refdesk.ui.pipeline.given_referrals_dialog import GivenReferralsDialog

    win, ann = window
    shown = {}

    def use(dialog):
        dialog.person.setCurrentText("Gina Roofers")
        dialog.note.setText("their new warehouse")
        dialog.record()
        shown["list"] = [dialog.listing.item(i).text() for i in range(dialog.listing.count())]
        return 0

    monkeypatch.setattr(GivenReferralsDialog, "exec", use)
    win.actions_.referrals_given(ann)
    assert shown["list"] == ["22 Nov 2026: Gina Roofers — their new warehouse"]
    book = win.ctx.book
    assert book.referrals.involving(ann) == []  # never a referral received
    assert any(e.title == "Gave them a referral" for e in book.timeline(ann))


def test_a_refused_edit_says_what_is_wrong(window, monkeypatch):
    from refdesk.ui.pipeline.given_referrals_dialog import GivenReferralsDialog

    win, ann = window
    told = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: told.append(args[2]))
    monkeypatch.setattr(GivenReferralsDialog, "exec", lambda d: d.record() or 0)
    win.actions_.referrals_given(ann)  # nobody named
    assert told and "Name whom you referred" in told[0]


def test_an_ask_dated_in_the_future_or_before_the_first_sale_is_warned_about(window,
                                                                            monkeypatch):
    from PySide6.QtCore import QDate

    win, _ann = window
    notes = []

    def look(dialog):
        notes.append(dialog.date_warning.isVisibleTo(dialog))
        dialog.date.setDate(QDate(2026, 12, 1))
        notes.append(dialog.date_warning.text())
        dialog.date.setDate(QDate(2026, 8, 1))
        notes.append(dialog.date_warning.text())
        return 0

    run_ask(win, monkeypatch, look)
    assert notes[0] is False
    assert "in the future" in notes[1]
    assert "before Ann Lee's first sale" in notes[2]
