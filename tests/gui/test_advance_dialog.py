"""Move a referral on: the referred person is a searchable picker, fast on a big book."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from refdesk.book import Book
from refdesk.book.records import ContactData, ReferralRecord
from refdesk.ui.referral_dialogs import NEW_PERSON, AdvanceDialog

D = dt.date(2026, 11, 1)
PEOPLE = [(11, "Fred Jones"), (12, "Maria Kowalski — Acme Roofing"), (13, "Ann Lee"),
          (14, "Frederica Stone — Stone & Daughters")]


def referral(referred_id: int | None = None, stage: str = "asked") -> ReferralRecord:
    return ReferralRecord(id=1, referrer_id=10, referred_id=referred_id, stage=stage,
                          asked_on=D, stage_on=D, project="the roof", promised_action="",
                          note="")


@pytest.fixture
def make_dialog(qtbot):
    def make(record: ReferralRecord | None = None, people=PEOPLE) -> AdvanceDialog:
        record = record or referral()
        dialog = AdvanceDialog([(record, "Asked since 01 Nov: the roof")], people, on=D)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog
    return make


def type_in_picker(qtbot, dialog: AdvanceDialog, text: str) -> None:
    dialog.person.setFocus()
    dialog.person.lineEdit().selectAll()
    qtbot.keyClicks(dialog.person.lineEdit(), text)


def completions(dialog: AdvanceDialog) -> list[str]:
    model = dialog.person.completer().completionModel()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def test_typing_part_of_a_name_filters_and_picking_yields_its_id(qtbot, make_dialog):
    dialog = make_dialog()
    type_in_picker(qtbot, dialog, "fred")  # case-insensitive, anywhere in the name
    popup = dialog.person.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    assert completions(dialog) == ["Fred Jones", "Frederica Stone — Stone & Daughters"]
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert not popup.isVisible()
    assert dialog.person.currentText() == "Frederica Stone — Stone & Daughters"
    assert dialog.chosen_person() == 14


def test_company_text_finds_the_person_and_enter_picks_the_top_match(qtbot, make_dialog):
    dialog = make_dialog()
    type_in_picker(qtbot, dialog, "roofing")
    popup = dialog.person.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Return)  # nothing highlighted: the top match
    assert dialog.chosen_person() == 12
    assert dialog.isVisible()  # Enter picked; it did not also press OK


def test_escape_closes_the_popup_not_the_dialog(qtbot, make_dialog):
    dialog = make_dialog()
    type_in_picker(qtbot, dialog, "lee")
    popup = dialog.person.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Escape)
    assert not popup.isVisible()
    assert dialog.isVisible()


def test_the_referred_person_is_preselected(make_dialog):
    dialog = make_dialog(referral(referred_id=13, stage="promised"))
    assert dialog.person.currentText() == "Ann Lee"
    assert dialog.chosen_person() == 13
    assert dialog.stage.currentData() == "introduced"


def test_no_referred_person_starts_not_named_yet(make_dialog):
    dialog = make_dialog()
    assert dialog.person.currentText() == "(not named yet)"
    assert dialog.chosen_person() is None
    assert not dialog.new_name.isEnabled()


def test_the_special_entries_still_work(qtbot, make_dialog):
    dialog = make_dialog(referral(referred_id=11))
    dialog.person.setCurrentIndex(dialog.person.findText("A new person…"))
    assert dialog.chosen_person() == NEW_PERSON
    assert dialog.new_name.isEnabled()
    type_in_picker(qtbot, dialog, "not named")
    qtbot.waitUntil(dialog.person.completer().popup().isVisible)
    qtbot.keyClick(dialog.person.completer().popup(), Qt.Key.Key_Return)
    assert dialog.chosen_person() is None
    assert not dialog.new_name.isEnabled()


def test_unmatched_text_resolves_to_no_one_and_ok_refuses_it(qtbot, make_dialog):
    dialog = make_dialog(referral(referred_id=11))
    dialog.person.lineEdit().setText("Fredd")  # close to Fred, but no one
    with pytest.raises(LookupError):
        dialog.chosen_person()
    assert not dialog.new_name.isEnabled()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible() and dialog.result() == 0
    assert "Fredd" in dialog.person_hint.text() and dialog.person_hint.isVisible()
    dialog.person.lineEdit().setText("ann lee")  # a whole name, typed, is that person
    assert not dialog.person_hint.isVisible()
    assert dialog.chosen_person() == 13
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.result() == 1


def test_namesakes_typed_are_ambiguous_but_picked_are_exact(qtbot, make_dialog):
    dialog = make_dialog(people=[(21, "Jo Smith"), (22, "Jo Smith")])
    dialog.person.setCurrentIndex(3)  # the second Jo, picked from the list
    assert dialog.chosen_person() == 22
    dialog.person.lineEdit().setText("jo smith")
    with pytest.raises(LookupError):
        dialog.chosen_person()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert "Several people are called “jo smith”" in dialog.person_hint.text()


def test_namesakes_in_the_book_are_told_apart_by_number(make_window, tmp_path, monkeypatch):
    path = tmp_path / "namesakes.refdesk"
    book = Book.open(path)
    asker = book.contacts.add(ContactData(first_name="Ann", last_name="Asker"))
    twins = [book.contacts.add(ContactData(first_name="Jo", last_name="Smith"))
             for _ in range(2)]
    book.referrals.ask(asker, D, project="the roof")
    book.close()
    window = make_window(path)
    labels = []

    def look(dialog: AdvanceDialog) -> int:
        labels.extend(dialog.person.itemText(row) for row in range(dialog.person.count()))
        return 0

    monkeypatch.setattr(AdvanceDialog, "exec", look)
    window.actions_.advance_referral(asker)
    assert [f"Jo Smith (#{t})" for t in twins] == [x for x in labels if x.startswith("Jo")]


def test_tab_follows_the_fields_in_the_order_shown(make_dialog):
    dialog = make_dialog()
    order, widget = [], dialog.referral
    for _ in range(5):
        order.append(widget)
        widget = widget.nextInFocusChain()
        while not (widget.focusPolicy() & Qt.FocusPolicy.TabFocus) or widget.focusProxy():
            widget = widget.nextInFocusChain()
    assert order == [dialog.referral, dialog.stage, dialog.date, dialog.person,
                     dialog.new_name]


def test_ten_thousand_people_fill_one_model_and_stay_searchable(qtbot, qapp):
    # Speed is measured on purpose (see the session note), never asserted here.
    people = [(n, f"Person {n} Surname — Company {n % 300}") for n in range(1, 10_001)]
    record = referral(referred_id=9_999)
    dialog = AdvanceDialog([(record, "Asked since 01 Nov: the roof")], people, on=D)
    qtbot.addWidget(dialog)
    dialog.show()
    qapp.processEvents()
    assert dialog.person.count() == 10_002  # the two special entries, then everyone
    assert dialog.chosen_person() == 9_999
    dialog.person.setEditText("person 10000 surname — company 100")  # typed whole
    assert dialog.chosen_person() == 10_000


def test_the_move_referral_on_action_uses_the_picked_person(make_window, tmp_path,
                                                            monkeypatch, qtbot):
    path = tmp_path / "advance.refdesk"
    book = Book.open(path)
    fred = book.contacts.add(ContactData(first_name="Fred", last_name="Jones"))
    maria = book.contacts.add(ContactData(first_name="Maria", last_name="Kowalski",
                                          company="Acme Roofing"))
    rid = book.referrals.ask(fred, D, project="the roof")
    book.close()
    window = make_window(path)

    def pick_by_company(dialog: AdvanceDialog) -> int:
        assert "Fred Jones" not in [dialog.person.itemText(row)
                                    for row in range(dialog.person.count())]
        dialog.person.lineEdit().setText("Maria Kowalski — Acme Roofing")
        return 1

    monkeypatch.setattr(AdvanceDialog, "exec", pick_by_company)
    window.actions_.advance_referral(fred)
    moved = window.ctx.book.referrals.get(rid)
    assert (moved.stage, moved.referred_id) == ("promised", maria)
