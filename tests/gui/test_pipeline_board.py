"""The pipeline board: a page beside the contacts, cards moved by drag and drop
or keys, every move dated, undoable, and asked about when it skips or goes back."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from refdesk.book import Book
from refdesk.book.records import ContactData
from refdesk.ui.pipeline.column_model import CardRole

AS_OF = dt.date(2026, 11, 22)


@pytest.fixture
def pipeline_book(tmp_path):
    """Ann, a customer, asked for a referral; her promise to call Bob, met; Carl lost."""
    path = tmp_path / "pipe.refdesk"
    with Book.open(path) as book:
        ann = book.contacts.add(ContactData(first_name="Ann", last_name="Lee"))
        bob = book.contacts.add(ContactData(first_name="Bob", last_name="Day",
                                            kind="referred"))
        carl = book.contacts.add(ContactData(first_name="Carl", last_name="Moss"))
        book.activity.add_sale(ann, dt.date(2026, 6, 1), "1500", product="Gutters")
        asked = book.referrals.ask(ann, dt.date(2026, 11, 20), project="the roof")
        promised = book.referrals.ask(ann, dt.date(2026, 11, 1), project="the porch")
        book.referrals.advance(promised, "promised", dt.date(2026, 11, 2), referred_id=bob)
        lost = book.referrals.ask(carl, dt.date(2026, 10, 1))
        book.referrals.advance(lost, "lost", dt.date(2026, 10, 9))
    return path, {"ann": ann, "bob": bob, "carl": carl, "asked": asked,
                  "promised": promised, "lost": lost}


@pytest.fixture
def window(make_window, pipeline_book, qtbot):
    path, ids = pipeline_book
    win = make_window(path)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    return win, ids


def show_pipeline(win, qtbot):
    qtbot.keyClick(win, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert win.pages.currentWidget() is win.pipeline
    # The cards are read on the worker: shown once they are in.
    qtbot.waitUntil(win.pipeline.is_fresh)
    return win.pipeline


def column_ids(view, stage: str) -> list[int]:
    model = view.column(stage).model
    return [model.index(row).data(CardRole).id for row in range(model.rowCount())]


def test_ctrl_1_and_2_switch_between_contacts_and_pipeline(window, qtbot):
    win, ids = window
    view = show_pipeline(win, qtbot)
    assert column_ids(view, "asked") == [ids["asked"]]
    assert column_ids(view, "promised") == [ids["promised"]]
    assert column_ids(view, "lost") == [ids["lost"]]
    assert "Ann Lee to Bob Day" in view.column("promised").model.index(0).data()
    assert view.count.text() == "3 of 3 referrals"
    assert win.statusBar().currentMessage().startswith("3 of 3 referrals")
    qtbot.keyClicks(view.search, "carl")
    assert win.statusBar().currentMessage().startswith("1 of 3 referrals")
    qtbot.keyClick(win, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert win.pages.currentWidget() is win.stack


def test_a_page_is_one_call(window, qtbot):
    from PySide6.QtWidgets import QLabel

    win, _ids = window
    index = win.add_page("&Report card", QLabel("report"))
    assert win.pages.tabText(index) == "&Report card"
    qtbot.keyClick(win, Qt.Key(Qt.Key.Key_1 + index), Qt.KeyboardModifier.ControlModifier)
    assert win.pages.currentIndex() == index


def test_headers_count_and_the_card_says_how_long_and_whats_due(window, qtbot):
    win, _ids = window
    view = show_pipeline(win, qtbot)
    header = view.column("promised").header.text()
    assert "Promised" in header and "&nbsp;1" in header
    assert "1,500 USD est." in header  # Ann's last sale as the estimate
    assert "1 rotting" in header and "1 overdue" in header
    text = view.column("promised").model.index(0).data()
    assert "20 days in stage" in text and "rotting" in text and "(overdue)" in text


def test_search_and_filters_narrow_every_column(window, qtbot):
    win, ids = window
    view = show_pipeline(win, qtbot)
    qtbot.keyClicks(view.search, "porch")
    assert column_ids(view, "asked") == [] and column_ids(view, "promised") == [ids["promised"]]
    view.search.clear()
    view.referrer_filter.setCurrentIndex(view.referrer_filter.findData(ids["carl"]))
    assert [column_ids(view, s) for s in ("asked", "promised", "lost")] == \
        [[], [], [ids["lost"]]]
    view.referrer_filter.setCurrentIndex(0)
    view.period_filter.setCurrentIndex(1)  # asked in the last 30 days
    assert column_ids(view, "lost") == [] and column_ids(view, "asked") == [ids["asked"]]


def drop_on(view, stage: str, referral_id: int, source_stage: str) -> None:
    """Drag a card onto a column as the mouse does: enter, move, drop."""
    source = view.column(source_stage).model
    mime = source.mimeData([source.index(source.row_of(referral_id))])
    target = view.column(stage).view
    at = QPoint(20, target.viewport().height() - 5)
    for kind in (QDragEnterEvent, QDragMoveEvent, QDropEvent):
        event = kind(at, Qt.DropAction.MoveAction, mime, Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(target.viewport(), event)
        assert event.isAccepted() or kind is QDropEvent


def test_dropping_a_card_moves_it_dated_and_undo_takes_it_back(window, qtbot):
    win, ids = window
    view = show_pipeline(win, qtbot)
    drop_on(view, "promised", ids["asked"], "asked")
    qtbot.waitUntil(lambda: ids["asked"] in column_ids(view, "promised"))
    assert column_ids(view, "asked") == []
    book = win.ctx.book
    assert book.referrals.history(ids["asked"])[-1][:2] == ("promised", AS_OF)
    # Shown in the referrer's timeline (the referred one is not named yet).
    assert any(e.title.startswith("Promised: referral of") for e in book.timeline(ids["ann"]))
    win.ctx.undo.undo()
    qtbot.waitUntil(lambda: column_ids(view, "asked") == [ids["asked"]])
    assert book.referrals.get(ids["asked"]).stage == "asked"


def test_keyboard_moves_right_and_left_and_backwards_asks_first(window, qtbot, monkeypatch):
    win, ids = window
    view = show_pipeline(win, qtbot)
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.No]
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args: asked.append(args[2]) or answer[0])
    assert view.select_referral(ids["promised"])
    right = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view.column("promised").view, Qt.Key.Key_Right, right)
    qtbot.waitUntil(lambda: ids["promised"] in column_ids(view, "introduced"))
    assert asked == []  # one step forward: no question
    book = win.ctx.book
    # Both contacts' timelines show the move.
    for who in ("ann", "bob"):
        assert any(e.title.startswith("Introduced:") for e in book.timeline(ids[who]))
    # The moved card stays current: the same keys move it on or back.
    qtbot.keyClick(view.column("introduced").view, Qt.Key.Key_Left, right)
    assert len(asked) == 1 and "back from Introduced to Promised" in asked[0]
    assert book.referrals.get(ids["promised"]).stage == "introduced"  # declined
    answer[0] = QMessageBox.StandardButton.Yes
    qtbot.keyClick(view.column("introduced").view, Qt.Key.Key_Left, right)
    qtbot.waitUntil(lambda: ids["promised"] in column_ids(view, "promised"))
    assert [s for s, _d, _n in book.referrals.history(ids["promised"])] == \
        ["asked", "promised", "introduced", "promised"]
    win.ctx.undo.undo()
    win.ctx.undo.undo()
    qtbot.waitUntil(lambda: ids["promised"] in column_ids(view, "promised"))
    assert [s for s, _d, _n in book.referrals.history(ids["promised"])] == \
        ["asked", "promised"]


def test_skipping_stages_asks_naming_what_is_skipped(window, qtbot, monkeypatch):
    win, ids = window
    view = show_pipeline(win, qtbot)
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args: asked.append(args[2]) or QMessageBox.StandardButton.No)
    drop_on(view, "meeting", ids["asked"], "asked")
    qtbot.waitUntil(lambda: bool(asked))
    assert "skipping Promised, Introduced, Contacted" in asked[0]
    assert win.ctx.book.referrals.get(ids["asked"]).stage == "asked"


def test_arrow_keys_walk_across_columns(window, qtbot):
    win, ids = window
    view = show_pipeline(win, qtbot)
    view.select_referral(ids["asked"])
    qtbot.keyClick(view.column("asked").view, Qt.Key.Key_Right)
    assert view.current_id == ids["promised"]
    qtbot.keyClick(view.column("promised").view, Qt.Key.Key_Right)  # empty columns skipped
    assert view.current_id == ids["lost"]


def test_a_foreign_drop_is_refused(window, qtbot):
    from PySide6.QtCore import QMimeData

    win, _ids = window
    view = show_pipeline(win, qtbot)
    mime = QMimeData()
    mime.setText("3")
    model = view.column("won").model
    assert not model.canDropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, QModelIndex())


def test_moving_to_won_records_the_sale_and_reward_and_one_undo_takes_all_back(
        window, qtbot, monkeypatch):
    from refdesk.ui.pipeline.won_dialog import WonDialog

    win, ids = window
    view = show_pipeline(win, qtbot)
    book = win.ctx.book
    seen = {}

    def fill_in(dialog):
        seen["amount"] = dialog.amount.text()
        seen["product"] = dialog.product.currentText()
        dialog.amount.setText("2,250.00")
        dialog.reward_box.setChecked(True)
        dialog.reward.kind.setCurrentIndex(dialog.reward.kind.findData("wine"))
        dialog.reward.description.setText("a bottle of Rioja")
        dialog.reward.cost.setValue(24)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(WonDialog, "exec", fill_in)
    offered = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args: offered.append(args[2]) or QMessageBox.StandardButton.No)
    view.move_requested.emit(ids["promised"], "won")
    qtbot.waitUntil(lambda: ids["promised"] in column_ids(view, "won"))
    # Prefilled from Ann's last sale; the reward and thank-you card offered.
    assert seen == {"amount": "1500.00", "product": "Gutters"}
    # Won ends any open stage: no question first; then the card is offered.
    assert len(offered) == 1 and "Write Ann Lee the thank-you card" in offered[0]
    assert book.contacts.get(ids["bob"]).kind == "customer"
    sale = book.activity.sales(ids["bob"])[-1]
    assert (sale.amount, sale.source, sale.referral_id) == (2250, "referral", ids["promised"])
    rewards = book.rewards.ledger(referral_id=ids["promised"])
    assert [(r.kind, r.description, r.cost) for r in rewards] == [("wine", "a bottle of Rioja",
                                                                   24)]
    card = view.column("won").model.cards[0]
    assert card.sale_value == 2250
    assert "2,250 USD won" in view.column("won").header.text()

    win.ctx.undo.undo()  # one step takes the move, the sale and the reward back
    qtbot.waitUntil(lambda: ids["promised"] in column_ids(view, "promised"))
    assert book.activity.sales(ids["bob"]) == []
    assert book.contacts.get(ids["bob"]).kind == "referred"
    assert book.rewards.ledger(referral_id=ids["promised"]) == []


def test_won_refuses_an_empty_amount_unless_no_sale_is_ticked(window, qtbot):
    from refdesk.book.pipeline_board import pipeline_cards
    from refdesk.ui.pipeline.won_dialog import WonDialog

    win, ids = window
    card = next(c for c in pipeline_cards(win.ctx.book, AS_OF) if c.id == ids["asked"])
    dialog = WonDialog(card, ["Gutters"], win, on=AS_OF)
    qtbot.addWidget(dialog)
    dialog.new_name.setText("Dana Fox")
    dialog.amount.setText("")
    dialog.accept()
    assert dialog.result() == 0 and "not a positive number" in dialog.problem.text()
    dialog.no_sale.setChecked(True)
    assert not dialog.amount.isEnabled()
    dialog.accept()
    assert dialog.result() == 1
    choice = dialog.choice()
    assert choice.sale is None and choice.new_name == "Dana Fox"


def test_a_won_date_in_the_future_is_warned_about(window, qtbot):
    from PySide6.QtCore import QDate

    from refdesk.book.pipeline_board import pipeline_cards
    from refdesk.ui.pipeline.won_dialog import WonDialog

    win, ids = window
    card = next(c for c in pipeline_cards(win.ctx.book, AS_OF) if c.id == ids["promised"])
    dialog = WonDialog(card, [], win, on=AS_OF, first_sale=dt.date(2026, 6, 1))
    qtbot.addWidget(dialog)
    dialog.date.setDate(QDate(2026, 12, 24))
    assert "in the future" in dialog.problem.text()
    dialog.date.setDate(QDate(2026, 5, 1))
    assert "before the referrer's first sale" in dialog.problem.text()


def test_a_cards_menu_moves_it_and_rewards_its_referrer(window, qtbot, monkeypatch):
    from refdesk.ui.pipeline.rewards_dialog import RewardDialog

    win, ids = window
    view = show_pipeline(win, qtbot)
    card = view.column("promised").model.cards[0]
    menu = view.card_menu(card)
    texts = [a.text() for a in menu.actions()]
    assert texts[:2] == ["&Move to", "&Reward Ann Lee…"] and "Open Bob Day…" in texts
    to_contacted = next(a for a in menu.actions()[0].menu().actions() if a.text() == "Contacted")
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    to_contacted.trigger()  # skips Introduced: asked, and answered yes
    qtbot.waitUntil(lambda: ids["promised"] in column_ids(view, "contacted"))

    def give(dialog):
        assert dialog.person is None  # the referrer is known
        dialog.fields.description.setText("lunch")
        dialog.fields.cost.setValue(20)
        return 1

    monkeypatch.setattr(RewardDialog, "exec", give)
    view.card_menu(view.column("contacted").model.cards[0]).actions()[1].trigger()
    [reward] = win.ctx.book.rewards.ledger(referral_id=ids["promised"])
    assert (reward.contact_id, reward.description, reward.cost) == (ids["ann"], "lunch", 20)


@pytest.fixture
def hold_worker(window):
    """``hold_worker()`` ties the context's worker up until the Event it returns is set."""
    import threading

    win, _ids = window
    release = threading.Event()

    def hold() -> threading.Event:
        win.ctx.worker.submit(lambda _progress: release.wait(10), lambda _result: None)
        return release

    yield hold
    release.set()


def test_a_reload_keeps_the_cards_until_the_workers_result_and_drops_a_stale_one(
        window, qtbot, hold_worker):
    win, ids = window
    view = show_pipeline(win, qtbot)
    held_worker = hold_worker()
    book = win.ctx.book
    swaps = []
    view.refresher.ready.connect(swaps.append)
    dropped = view.refresher.dropped
    # Moved behind the view's back: the change reaches it as another view's would.
    book.referrals.advance(ids["asked"], "promised", AS_OF)
    win.ctx.bus.emit_change("referrals")
    qtbot.waitUntil(view.refresher.busy)  # the reload is queued behind the held work
    qtbot.wait(50)
    # Meanwhile the window answers, and shows the cards it had.
    assert column_ids(view, "asked") == [ids["asked"]] and not view.is_fresh()
    assert "updating" in view.count.text()
    book.referrals.advance(ids["asked"], "introduced", AS_OF)  # the reload queued is now old
    win.ctx.bus.emit_change("referrals")
    held_worker.set()
    qtbot.waitUntil(view.is_fresh)
    assert view.refresher.dropped == dropped + 1  # the first read, made out of date, was dropped
    assert len(swaps) == 1  # only the current one was swapped in
    assert column_ids(view, "asked") == [] and column_ids(view, "promised") == [ids["promised"]]
    assert ids["asked"] in column_ids(view, "introduced")
    assert view.count.text() == "3 of 3 referrals"


def test_a_move_shows_at_once_and_the_reload_confirms_it(window, qtbot, hold_worker):
    win, ids = window
    view = show_pipeline(win, qtbot)
    held_worker = hold_worker()
    view.move_requested.emit(ids["promised"], "introduced")  # a step forward: no question
    # Shown before the worker has read anything: the one card, read alone.
    assert column_ids(view, "introduced") == [ids["promised"]]
    assert column_ids(view, "promised") == []
    card = view.column("introduced").model.cards[0]
    assert (card.days_in_stage, card.rot) == (0, "fresh")
    assert "Introduced" in view.column("introduced").header.text() \
        and "&nbsp;1" in view.column("introduced").header.text()
    assert view.current_id == ids["promised"]
    assert not view.is_fresh()
    held_worker.set()
    qtbot.waitUntil(view.is_fresh)
    assert column_ids(view, "introduced") == [ids["promised"]]
    assert view.column("introduced").model.cards[0] == card  # the reload agrees


def test_a_hidden_pipeline_reloads_only_when_shown(window, qtbot):
    win, ids = window
    view = show_pipeline(win, qtbot)
    qtbot.keyClick(win, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    win.ctx.book.referrals.advance(ids["asked"], "promised", AS_OF)
    win.ctx.bus.emit_change("referrals")
    qtbot.wait(50)
    assert not view.refresher.busy() and not view.is_fresh()  # stale, not read
    assert column_ids(view, "asked") == [ids["asked"]]
    show_pipeline(win, qtbot)
    assert column_ids(view, "asked") == [] and ids["asked"] in column_ids(view, "promised")
