"""The contact board: lanes, search and filters, edits that move cards, undo."""

from __future__ import annotations

import datetime as dt
import time

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QInputDialog

from refdesk.book.records import AskPlanData, ContactData
from refdesk.domain.readiness import LEVELS
from refdesk.ui.ask_plan_dialog import AskPlanDialog
from refdesk.ui.quick_log import QuickLogDialog


def _lane(window, level):
    return next(lane for lane in window.board.lanes if lane.level == level)


def _level_of(window, contact_id):
    return next(r.level for r in window.board.records if r.id == contact_id)


def test_every_lane_is_populated_in_the_working_order(make_window):
    window = make_window(contacts=300)
    window.show()
    assert [lane.level for lane in window.board.lanes] == list(LEVELS)
    for lane in window.board.lanes:
        assert lane.model.rowCount() > 0, lane.level
        assert lane.title.text().endswith(f" · {lane.model.rowCount()}")
    scores = [r.score for r in _lane(window, "ready").model.records]
    assert scores == sorted(scores, reverse=True)


def test_filters_by_level_tag_and_product(make_window, qtbot):
    window = make_window(contacts=120)
    board = window.board
    qtbot.waitUntil(lambda: board.tag_filter.count() > 1)  # filled after the first paint
    board.level_filter.setCurrentIndex(board.level_filter.findData("cooling"))
    assert board.shown and all(r.level == "cooling" for r in board.shown)
    assert sum(lane.model.rowCount() for lane in board.lanes) == len(board.shown)
    board.level_filter.setCurrentIndex(0)
    tag = board.tag_filter.itemData(1)
    board.tag_filter.setCurrentIndex(1)
    assert board.shown and all(tag in r.tags for r in board.shown)
    board.tag_filter.setCurrentIndex(0)
    product = board.product_filter.itemData(1)
    board.product_filter.setCurrentIndex(1)
    assert board.shown and all(product in r.products for r in board.shown)


def test_resolving_a_complaint_moves_the_card_and_undo_moves_it_back(make_window, qtbot,
                                                                    monkeypatch):
    window = make_window(contacts=120)
    window.show()
    blocked = _lane(window, "blocked").model.records[0]
    assert window.board.select_contact(blocked.id)
    monkeypatch.setattr(QuickLogDialog, "exec", lambda self: 1)  # accept as prefilled
    window.do_next_action()  # the next action of a blocked contact: resolve the complaint
    assert _level_of(window, blocked.id) != "blocked"
    assert _lane(window, "blocked").model.row_of(blocked.id) is None
    window.ctx.undo.undo()
    assert _level_of(window, blocked.id) == "blocked"
    assert _lane(window, "blocked").model.row_of(blocked.id) is not None


def test_quick_log_picks_a_kind_by_digit(qtbot):
    dialog = QuickLogDialog("Maria", on=dt.date(2026, 11, 22))
    qtbot.addWidget(dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_1)
    assert dialog.kind() == "service_delivered"
    qtbot.keyClick(dialog, Qt.Key.Key_7)
    assert dialog.kind() == "complaint"


def test_arrows_move_between_lanes_and_enter_opens(make_window, qtbot, monkeypatch):
    from refdesk.ui.contact_dialog import ContactDialog

    monkeypatch.setattr(ContactDialog, "exec", lambda self: 0)  # Enter opens the editor
    window = make_window(contacts=120)
    window.show()
    opened = []
    window.board.open_requested.connect(lambda record: opened.append(record.id))
    first = window.board.lanes[0]
    window.board.select_contact(first.model.records[0].id)
    qtbot.keyClick(first.view, Qt.Key.Key_Right)
    assert window.board.current_id == window.board.lanes[1].model.records[0].id
    qtbot.keyClick(window.board.lanes[1].view, Qt.Key.Key_Down)
    assert window.board.current_id == window.board.lanes[1].model.records[1].id
    qtbot.keyClick(window.board.lanes[1].view, Qt.Key.Key_Left)
    assert window.board.current_id == first.model.records[1].id
    qtbot.keyClick(first.view, Qt.Key.Key_Return)
    assert opened == [first.model.records[1].id]


def test_bulk_tagging_selected_cards_with_undo(make_window, monkeypatch):
    window = make_window(contacts=120)
    lane = _lane(window, "cooling")
    selection = lane.view.selectionModel()
    for row in range(3):
        selection.select(lane.model.index(row), QItemSelectionModel.SelectionFlag.Select)
    ids = window.board.selected_ids()
    assert len(ids) == 3
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("follow up in spring", True))
    window.actions_.tag_contacts(ids)
    for cid in ids:
        assert "follow up in spring" in window.ctx.book.contacts.get(cid).tags
    window.ctx.undo.undo()
    for cid in ids:
        assert "follow up in spring" not in window.ctx.book.contacts.get(cid).tags


def test_changing_the_ask_plan_re_ranks_the_board_at_once(make_window, qtbot):
    window = make_window(contacts=120)
    assert _lane(window, "ready").model.rowCount() > 0
    dialog = AskPlanDialog(window.ctx, window)
    dialog.spins["benefit_days"].setValue(3000)
    dialog._save()
    assert not window.board.is_fresh()  # evaluating off the UI thread, the old board shown
    assert window.board.count.text().endswith("updating…")
    qtbot.waitUntil(window.board.is_fresh)  # the board is evaluated off the UI thread
    assert window.ctx.book.settings.ask_plan().benefit_days == 3000
    assert _lane(window, "ready").model.rowCount() == 0
    assert _lane(window, "not_yet").model.rowCount() > 0
    window.ctx.book.settings.set_ask_plan(AskPlanData())
    window.ctx.bus.emit_change("settings")
    qtbot.waitUntil(window.board.is_fresh)  # the board is evaluated off the UI thread
    assert _lane(window, "ready").model.rowCount() > 0


def test_detail_pane_shows_reasons_timeline_and_escapes_names(make_window):
    window = make_window(contacts=20)
    cid = window.ctx.book.contacts.add(ContactData(first_name="<b>Bold</b>",
                                                   last_name="<img src=x>"))
    window.ctx.bus.emit_change("contacts", contacts=(cid,))
    assert window.board.select_contact(cid)
    header = window.board.detail.header.text()
    assert "&lt;b&gt;Bold&lt;/b&gt;" in header and "<img" not in header
    ready = _lane(window, "ready").model.records[0]
    window.board.select_contact(ready.id)
    assert window.board.detail.timeline.topLevelItemCount() > 3
    assert all(reason in window.board.detail.reasons.text() or "&" in reason
               for reason in ready.reasons)


def test_the_thank_action_opens_the_card_and_sending_it_clears_today(make_window, qtbot):
    window = make_window(contacts=120)
    owed = _lane(window, "thank_due").model.records[0]
    before = window.board.today_panel.items.count()
    opened = []
    compose = window.actions_.compose_card
    window.actions_.compose_card = lambda *a, **k: opened.append(compose(*a, **k)) or opened[-1]
    window.board.select_contact(owed.id)
    window.do_next_action()  # thank: the composer, prefilled for that follow-up
    (composer,) = opened
    qtbot.addWidget(composer)
    assert composer.pdf is not None, composer.editor.error.text()
    assert composer.mark_sent()  # sending the card completes the follow-up
    # The agenda is read again on the worker, then swapped in.
    qtbot.waitUntil(lambda: window.board.today_panel.items.count() < before)
    window.ctx.undo.undo()
    qtbot.waitUntil(lambda: window.board.today_panel.items.count() == before)


def test_table_view_shows_the_same_contacts_and_sorts_by_level(make_window):
    window = make_window(contacts=120)
    window.board.layout_choice.setCurrentIndex(1)
    assert window.board.painted_view() is window.board.table
    proxy = window.board.table_proxy
    assert proxy.rowCount() == len(window.board.shown)
    window.board.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    order = list(LEVELS)
    levels = [proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 10).level
              for r in range(proxy.rowCount())]
    assert [order.index(level) for level in levels] == sorted(order.index(x) for x in levels)


def test_the_last_saved_board_is_replaced_by_the_fresh_one(make_window, qtbot):
    from refdesk.book.board_cache import save_board
    from refdesk.book.prefetch import BoardPrefetch

    window = make_window(contacts=60)
    book, board = window.ctx.book, window.board
    today = window.ctx.today()
    old_records = book.board.evaluate(today)
    save_board(book, today, (old_records, book.board.agenda(today)))
    newcomer = book.contacts.add(ContactData(first_name="Newcomer"))  # the saved board is old
    prefetch = BoardPrefetch(book, today, hold_fresh=True)  # as at start-up
    board.reload(prefetch)
    assert not board.is_fresh() and board.count.text().endswith("updating…")
    assert newcomer not in {r.id for r in board.records}
    prefetch.release()  # the first paint
    with qtbot.waitSignal(board.refreshed, timeout=5000):
        pass
    assert board.is_fresh() and newcomer in {r.id for r in board.records}
    assert "updating" not in board.count.text()


def test_an_edit_while_the_last_board_shows_triggers_a_full_reload(make_window, qtbot):
    from refdesk.book.board_cache import save_board
    from refdesk.book.prefetch import BoardPrefetch

    window = make_window(contacts=60)
    book, board = window.ctx.book, window.board
    today = window.ctx.today()
    save_board(book, today, (book.board.evaluate(today), book.board.agenda(today)))
    book.contacts.add(ContactData(first_name="Changed"))
    prefetch = BoardPrefetch(book, today, hold_fresh=True)
    board.reload(prefetch)
    assert not board.is_fresh()
    prefetch.release()
    while not prefetch.done():  # the fresh board is evaluated...
        time.sleep(0.01)
    late = book.contacts.add(ContactData(first_name="Later"))  # ...and already old
    with qtbot.waitSignal(board.refreshed, timeout=5000):
        pass
    assert late in {r.id for r in board.records}


def test_the_board_from_evaluate_is_shown_in_lane_order_without_resorting(make_window):
    from refdesk.book.board import sort_board

    board = make_window(contacts=150).board
    assert board.records == sort_board(list(board.records))
    assert [r.id for r in board.shown] == [r.id for r in board.records]  # no filter set
