"""The board tells the truth: what the window shows after each edit is the book."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QLabel

from refdesk.book import Book
from refdesk.book.records import ContactData
from refdesk.ui.ask_dialog import AskDialog, ScriptText
from refdesk.ui.board.lane import EMPTY_FILTERED, EMPTY_WHY
from refdesk.ui.clock import DayClock
from refdesk.ui.context import AppContext
from refdesk.ui.main_window import MainWindow
from refdesk.ui.referral_dialogs import NEW_PERSON, AdvanceDialog

AS_OF = dt.date(2026, 11, 22)


def _menu_action(window, menu: str, text: str):
    bar = window.menuBar()
    (top,) = [a.menu() for a in bar.actions() if a.text().replace("&", "") == menu]
    return next(a for a in top.actions() if a.text().replace("&", "") == text)


def _lane(window, level):
    return next(lane for lane in window.board.lanes if lane.level == level)


def _on_screen(widget) -> bool:
    return widget.isVisible() and not widget.visibleRegion().isEmpty()


def test_view_refresh_reloads_the_board(make_window, qtbot):
    window = make_window(contacts=40)
    before = list(window.board.records)
    window.ctx.book.contacts.add(ContactData(first_name="Written", last_name="Elsewhere"))
    _menu_action(window, "View", "Refresh").trigger()  # crashed: 'bool' has no 'as_of'
    qtbot.waitUntil(window.board.is_fresh)  # the board is evaluated off the UI thread
    assert len(window.board.records) == len(before) + 1


def test_a_new_referred_person_is_on_the_board_and_found_by_search(make_window, qtbot,
                                                                    monkeypatch):
    window = make_window(contacts=60)
    referrer = next(r.id for r in window.board.records if r.level == "in_progress")

    def fill(dialog: AdvanceDialog) -> int:
        dialog.person.setCurrentIndex(dialog._values.index(NEW_PERSON))
        dialog.new_name.setText("Fred Newperson")
        return 1

    monkeypatch.setattr(AdvanceDialog, "exec", fill)
    window.actions_.advance_referral(referrer)
    (fred,) = [c for c in window.ctx.book.contacts.rows() if c.name == "Fred Newperson"]
    assert fred.id in {r.id for r in window.board.records}
    qtbot.keyClicks(window.board.search, "Newperson")
    assert [r.id for r in window.board.shown] == [fred.id]
    window.ctx.undo.undo()
    assert fred.id not in {r.id for r in window.board.records}


def test_a_contact_just_added_is_current_and_on_screen(make_window, qtbot, monkeypatch):
    from refdesk.ui.contact_dialog import ContactDialog

    window = make_window(contacts=60)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    monkeypatch.setattr(ContactDialog, "exec", lambda self: 1)
    monkeypatch.setattr(ContactDialog, "result_data",
                        lambda self: ContactData(first_name="Zoe", last_name="Newcomer"))
    window.actions_.new_contact()
    (zoe,) = [r for r in window.board.records if r.name == "Zoe Newcomer"]
    assert window.board.current_id == zoe.id
    lane = _lane(window, zoe.level)  # a prospect: the last lane, off screen at first
    assert _on_screen(lane)
    index = lane.model.index(lane.model.row_of(zoe.id))
    assert lane.view.viewport().rect().intersects(lane.view.visualRect(index))


def test_a_one_contact_book_shows_its_card_and_empty_lanes_say_why(make_window, qtbot,
                                                                   tmp_path):
    path = tmp_path / "one.refdesk"
    book = Book.open(path)
    only = book.contacts.add(ContactData(first_name="Ann", last_name="Only", kind="prospect"))
    book.close()
    window = make_window(path)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    QApplication.processEvents()
    (record,) = window.board.records
    assert record.id == only and _on_screen(_lane(window, record.level))
    ready = _lane(window, "ready")
    assert ready.model.rowCount() == 0 and ready.view.placeholder == EMPTY_WHY["ready"]
    (why,) = ready.view.findChildren(QLabel)  # over the empty list, in the lane
    assert why.isVisible() and why.text() == EMPTY_WHY["ready"]
    assert ready.view.rect().contains(why.geometry())
    home = _lane(window, record.level)
    assert not any(label.isVisible() for label in home.view.findChildren(QLabel))
    qtbot.keyClicks(window.board.search, "nobody-is-called-this")
    assert ready.view.placeholder == EMPTY_FILTERED and why.text() == EMPTY_FILTERED
    assert any(label.isVisible() for label in home.view.findChildren(QLabel))  # Ann's, now empty


def test_search_selects_the_first_match_and_the_status_bar_agrees(make_window, qtbot):
    window = make_window(contacts=120)
    window.resize(1366, 768)
    window.show()
    target = window.board.records[-1]  # in the last lane
    qtbot.keyClicks(window.board.search, target.email)
    assert [r.id for r in window.board.shown] == [target.id]
    assert window.board.current_id == target.id
    assert _on_screen(_lane(window, target.level))
    assert window.statusBar().currentMessage().startswith(f"1 of {len(window.board.records)}")
    assert window.board.count.text() == f"1 of {len(window.board.records)}"


def test_the_ask_is_about_the_last_sales_product_not_the_alphabetically_last(
        make_window, monkeypatch, tmp_path):
    path = tmp_path / "products.refdesk"
    book = Book.open(path)
    ann = book.contacts.add(ContactData(first_name="Ann", last_name="Buyer"))
    book.activity.add_sale(ann, AS_OF - dt.timedelta(days=200), "900", product="Zeta plan")
    book.activity.add_sale(ann, AS_OF - dt.timedelta(days=40), "1200", product="Alpha roof")
    book.close()
    window = make_window(path)
    seen: list[str] = []

    def look(dialog: AskDialog) -> int:
        seen.append(" ".join(label.text() for label in dialog.findChildren(QLabel)))
        return 0

    monkeypatch.setattr(AskDialog, "exec", look)
    window.board.select_contact(ann)
    window.ask_current(ann)  # Referrals > Ask for a Referral
    window.board.action_requested.emit("ask", window.board.current_record())  # detail pane
    window.actions_.ask(ann, window.board.current_record().last_product)
    assert len(seen) == 3 and all("Alpha roof" in t and "Zeta" not in t for t in seen)


def test_the_ask_dialog_shows_a_product_name_as_typed(qtbot):
    typed = "<b>Roofs & more</b>"
    dialog = AskDialog("Ann", on=AS_OF, reasons=[f"sale of {typed}"], words=None,
                       scripts=[ScriptText("plant_seed", "Plant the seed", "")],
                       filled=lambda _project: {"plant_seed": f"Enjoy {typed}"}, people=[],
                       same_people=lambda _name, _email: [])
    qtbot.addWidget(dialog)
    shown = {label.text(): label.textFormat() for label in dialog.findChildren(QLabel)}
    assert shown[f"Enjoy {typed}"] == Qt.TextFormat.PlainText
    assert shown[f"• sale of {typed}"] == Qt.TextFormat.PlainText


def test_folded_lanes_and_the_agenda_split_are_remembered(make_window, tmp_path):
    window = make_window(contacts=30)
    lane = _lane(window, "earning")
    lane.toggle.click()
    assert lane.collapsed and not lane.view.isVisibleTo(lane)
    assert lane.maximumWidth() < 200
    split = window.board.agenda_split
    assert split.indexOf(window.board.today_panel) == 0 and split.isCollapsible(0)
    window.close()
    again = make_window(tmp_path / "book0.refdesk")
    assert _lane(again, "earning").collapsed
    assert not _lane(again, "ready").collapsed


def test_selecting_a_card_in_a_folded_lane_opens_the_lane(make_window):
    window = make_window(contacts=30)
    lane = _lane(window, "not_yet")
    lane.set_collapsed(True)
    window.board.select_contact(lane.model.records[0].id)
    assert not lane.collapsed


def test_the_smoke_test_leaves_the_saved_window_size_alone(make_window, qtbot, tmp_path):
    window = make_window(contacts=3)
    window.restore_window_state()
    window.show()
    window.resize(640, 470)
    window.close()
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    smoke = MainWindow(AppContext(Book.open(tmp_path / "book0.refdesk", lock=True), settings,
                                  DayClock(lambda: AS_OF)),
                       backups=False, remember_layout=False)
    qtbot.addWidget(smoke)
    smoke.restore_window_state()
    smoke.show()
    smoke.resize(790, 512)
    smoke.close()
    again = make_window(tmp_path / "book0.refdesk")
    again.restore_window_state()
    assert (again.width(), again.height()) == (640, 470)


def test_a_first_start_uses_the_screen(make_window):
    window = make_window(contacts=3)
    window.restore_window_state()  # nothing saved yet
    screen = window.screen().availableGeometry()
    assert window.width() <= screen.width() and window.height() <= screen.height()
    assert window.width() >= screen.width() * 0.8


def test_the_lanes_carry_a_key_to_the_staleness_marks(make_window):
    from refdesk.ui.board.level_style import staleness_legend_text

    window = make_window(contacts=30)
    window.show()
    legend = window.board.legend
    assert legend.isVisible()
    assert all(word in staleness_legend_text() for word in ("fresh", "aging", "rotting"))
    window.board.layout_choice.setCurrentIndex(1)  # the table has no marks to explain
    assert not legend.isVisible()


def test_a_deleted_contact_leaves_the_board_at_once_with_its_referrer_updated(make_window):
    from refdesk.book.edits import delete_contact

    window = make_window(contacts=80)
    book, board = window.ctx.book, window.board
    referral = next(r for rec in board.records for r in book.referrals.involving(rec.id)
                    if r.referred_id is not None)
    window.actions_.perform(delete_contact(book, referral.referred_id))
    assert board.is_fresh()  # moved in place: no whole board to wait for
    assert referral.referred_id not in {r.id for r in board.records}
    today = window.ctx.today()
    assert next(r for r in board.records if r.id == referral.referrer_id) == \
        book.board.evaluate_one(referral.referrer_id, today)
    window.ctx.undo.undo()
    assert referral.referred_id in {r.id for r in board.records}


def test_focusing_the_search_box_prepares_the_search_before_the_first_letter(make_window,
                                                                             qtbot):
    window = make_window(contacts=40)
    window.show()
    qtbot.waitExposed(window)
    board = window.board
    assert not board._haystacks  # not at start-up
    window.focus_search()
    qtbot.waitUntil(lambda: bool(board._haystacks), timeout=2000)
    assert set(board._haystacks) == {r.id for r in board.records}
