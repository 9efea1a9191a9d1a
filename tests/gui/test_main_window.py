"""The main window shell: list, welcome view, contact edits with undo, state."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from refdesk.book.records import ContactData
from refdesk.ui import app as app_module
from refdesk.ui.board.lane_model import RecordRole
from refdesk.ui.contact_dialog import ContactDialog
from refdesk.ui.welcome import WelcomeView


def _menu_titles(window):
    return [a.text().replace("&", "") for a in window.menuBar().actions()]


def _action(window, menu: str, text: str):
    for top in window.menuBar().actions():
        if top.text().replace("&", "") == menu:
            for action in top.menu().actions():
                if action.text().replace("&", "").rstrip("…") == text:
                    return action
    raise AssertionError(f"no {menu} > {text}")


def test_window_lists_the_demo_contacts(make_window):
    window = make_window(contacts=30)
    window.show()
    assert window.stack.currentIndex() == 1
    assert window.contacts_shown() == 30
    assert sum(lane.model.rowCount() for lane in window.board.lanes) == 30
    names = {r.name for r in window.board.shown}
    assert len(names) > 10 and all(names)
    assert "30 of 30 contacts" in window.statusBar().currentMessage()
    assert _menu_titles(window) == ["File", "Edit", "View", "Contacts", "Referrals", "Cards",
                                    "Help"]


def test_search_filters_as_you_type(make_window, qtbot):
    window = make_window(contacts=30)
    window.show()
    first = window.board.records[0].name
    qtbot.keyClicks(window.board.search, first)
    shown = window.board.shown
    assert 1 <= len(shown) < 30
    assert all(first.casefold() in " ".join((r.name, r.company, r.email, *r.tags)).casefold()
               for r in shown)
    assert sum(lane.model.rowCount() for lane in window.board.lanes) == len(shown)


def test_empty_book_shows_the_welcome_view(make_window):
    window = make_window()
    window.show()
    assert window.stack.currentIndex() == 0
    assert window.welcome.isVisible()
    assert window.contacts_shown() == 0


def _fill_and_accept(qtbot, monkeypatch, **values):
    def fake_exec(dialog: ContactDialog) -> int:
        for name, text in values.items():
            dialog.fields[name].clear()
            qtbot.keyClicks(dialog.fields[name], text)
        return 1

    monkeypatch.setattr(ContactDialog, "exec", fake_exec)


def test_add_contact_from_welcome_then_undo_and_redo(make_window, qtbot, monkeypatch):
    window = make_window()
    window.show()
    _fill_and_accept(qtbot, monkeypatch, first_name="Maria", last_name="Garcia",
                     company="Blue Dental", email="maria@blue.example", tags="vip, local")
    qtbot.mouseClick(window.welcome.add_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentIndex() == 1
    assert [r.name for r in window.board.records] == ["Maria Garcia"]
    stored = window.ctx.book.contacts.get(window.board.records[0].id)
    assert stored.emails == [("maria@blue.example", "")] and stored.tags == ["local", "vip"]
    _action(window, "Edit", "Undo Add Maria Garcia").trigger()
    assert window.ctx.book.contacts.count() == 0 and window.stack.currentIndex() == 0
    _action(window, "Edit", "Redo Add Maria Garcia").trigger()
    assert window.ctx.book.contacts.count() == 1


def test_edit_contact_is_undoable(make_window, qtbot, monkeypatch):
    window = make_window(contacts=5)
    window.show()
    contact_id = window.board.records[0].id
    assert window.board.select_contact(contact_id)
    assert window.selected_contact_id() == contact_id
    before = window.ctx.book.contacts.get(contact_id)
    _fill_and_accept(qtbot, monkeypatch, company="Renamed Ltd")
    _action(window, "Contacts", "Edit Contact").trigger()
    assert window.ctx.book.contacts.get(contact_id).company == "Renamed Ltd"
    window.ctx.undo.undo()
    assert window.ctx.book.contacts.get(contact_id) == before


def test_dialog_refuses_a_contact_without_name_or_company(qtbot):
    dialog = ContactDialog()
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled() and "needs a first name" in dialog.problem.text()
    qtbot.keyClicks(dialog.fields["company"], "Acme")
    assert ok.isEnabled() and dialog.problem.text() == ""


def test_window_geometry_is_restored(make_window, tmp_path):
    window = make_window(contacts=3)
    window.restore_window_state()
    window.show()
    window.resize(640, 470)  # inside the offscreen 800x600 screen
    window.close()
    again = make_window(tmp_path / "book0.refdesk")
    again.restore_window_state()
    assert (again.width(), again.height()) == (640, 470)


def test_the_chosen_board_layout_is_remembered(make_window, tmp_path):
    window = make_window(contacts=3)
    window.restore_window_state()
    assert window.board.painted_view() is window.board.lanes[0].view
    assert window.board.table is None  # built when first chosen
    window.board.layout_choice.setCurrentIndex(1)
    window.close()
    again = make_window(tmp_path / "book0.refdesk")
    again.restore_window_state()
    assert again.board.painted_view() is again.board.table
    assert again.board.table_proxy.rowCount() == 3


def test_backup_now_writes_a_backup_off_the_ui_thread(make_window, qtbot):
    window = make_window(contacts=3, backups=True)
    with qtbot.waitSignal(window.backups.finished, timeout=10_000) as blocker:
        _action(window, "File", "Back Up Now").trigger()
    assert blocker.args[0].endswith(".refdesk")
    window.backups.stop()


def test_unopenable_book_explains_and_offers_another_file(tmp_path, monkeypatch, qtbot):
    bad = tmp_path / "bad.refdesk"
    bad.write_text("not a book")
    shown = []

    def fake_exec(box):
        shown.append(box.text())
        return QMessageBox.StandardButton.Close

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    assert app_module.open_book_or_ask(bad, interactive=True) is None
    assert "not a refdesk book" in shown[0]
    assert bad.read_text() == "not a book"


def _answer_with(monkeypatch, button_text: str) -> list[str]:
    """Make every QMessageBox click the button whose text starts with
    ``button_text`` (its mnemonic & ignored); the texts asked are returned."""
    asked = []

    def fake_exec(box):
        asked.append(box.text())
        (button,) = [b for b in box.buttons()
                     if b.text().replace("&", "").startswith(button_text)]
        button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return asked


def test_deleting_a_contact_can_be_undone_whole(make_window, qtbot, monkeypatch):
    window = make_window(contacts=30)
    book, board = window.ctx.book, window.board
    victim = max((r for r in board.records if not book.archive.referral_count(r.id)),
                 key=lambda r: len(book.timeline(r.id)))
    history = book.timeline(victim.id)
    board.select_contact(victim.id)
    asked = _answer_with(monkeypatch, "Delete")
    _action(window, "Contacts", "Delete Contact").trigger()
    assert "Undo brings them back" in asked[0]
    qtbot.waitUntil(board.is_fresh)  # the board is evaluated off the UI thread
    assert victim.id not in {r.id for r in board.records}
    assert book.contacts.count() == 29
    window.ctx.undo.undo()
    qtbot.waitUntil(board.is_fresh)  # the board is evaluated off the UI thread
    assert victim.id in {r.id for r in board.records}
    assert book.timeline(victim.id) == history
    window.ctx.undo.redo()
    qtbot.waitUntil(board.is_fresh)
    assert victim.id not in {r.id for r in board.records}


def test_deleting_a_referrer_archives_them_and_keeps_their_referrals(
        make_window, qtbot, monkeypatch):
    window = make_window(contacts=60)
    book, board = window.ctx.book, window.board
    referrer = next(r for r in board.records if book.archive.referral_count(r.id))
    involved = book.referrals.involving(referrer.id)
    count = book.contacts.count()
    board.select_contact(referrer.id)
    asked = _answer_with(monkeypatch, "Archive")
    _action(window, "Contacts", "Delete Contact").trigger()
    assert "referral" in asked[0] and "Archive" in asked[0]
    qtbot.waitUntil(board.is_fresh)
    assert referrer.id not in {r.id for r in board.records}  # off the board...
    assert book.contacts.count() == count  # ...but still in the book
    assert book.archive.is_archived(referrer.id)
    assert book.referrals.involving(referrer.id) == involved  # every referral kept
    window.ctx.undo.undo()
    qtbot.waitUntil(board.is_fresh)
    assert referrer.id in {r.id for r in board.records}
    assert not book.archive.is_archived(referrer.id)


def test_an_archived_contact_is_brought_back_from_the_contacts_menu(
        make_window, qtbot, monkeypatch):
    from refdesk.book.referral_edits import archive_contact

    window = make_window(contacts=20)
    book, board = window.ctx.book, window.board
    target = board.records[3]
    window.actions_.perform(archive_contact(book, target.id))
    qtbot.waitUntil(board.is_fresh)
    assert target.id not in {r.id for r in board.records}
    offered = []

    def pick(_parent, _title, _label, items, *_rest):
        offered.extend(items)
        return next(i for i in items if i.endswith(f"(#{target.id})")), True

    monkeypatch.setattr(QInputDialog, "getItem", pick)
    _action(window, "Contacts", "Bring Back Archived").trigger()
    qtbot.waitUntil(board.is_fresh)
    assert len(offered) == 1
    assert target.id in {r.id for r in board.records}
    assert board.current_id == target.id


def test_undoing_an_add_then_redoing_it_keeps_the_contact_id(make_window):
    from refdesk.book.edits import add_contact

    window = make_window(contacts=5)
    book = window.ctx.book
    window.actions_.perform(add_contact(window.ctx.book, ContactData(first_name="Quinn")))
    (added,) = [r.id for r in window.board.records if r.name == "Quinn"]
    book.activity.log_touchpoint(added, "social", window.ctx.today())
    window.ctx.undo.undo()
    assert added not in {r.id for r in window.board.records}
    window.ctx.undo.redo()
    assert [r.id for r in window.board.records if r.name == "Quinn"] == [added]
    assert book.activity.touchpoints(added)  # what hung on the contact came back too


def test_an_undo_the_book_has_outgrown_says_so_and_clears_the_history(make_window, qtbot,
                                                                      monkeypatch):
    from refdesk.book.edits import delete_contact

    window = make_window(contacts=12)
    book, undo = window.ctx.book, window.ctx.undo
    top = max(r.id for r in window.board.records)
    name = book.contacts.get(top).display_name
    window.actions_.perform(delete_contact(book, top))
    book.contacts.add(ContactData(first_name="Imported"))  # from a terminal: takes the id
    told = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: told.append(args[2]))
    undo.undo()
    qtbot.waitUntil(lambda: bool(told))
    assert "under a new number" in told[0] and "undo history was cleared" in told[0]
    assert undo.count() == 0
    qtbot.waitUntil(window.board.is_fresh)  # the board is evaluated off the UI thread
    names = [r.name for r in window.board.records]
    assert name in names and "Imported" in names  # both there; nothing replayed wrongly


def test_a_damaged_book_offers_its_newest_good_backup(tmp_path, monkeypatch, qtbot):
    from refdesk.book import Book
    from refdesk.store.backup import backup_book

    path = tmp_path / "book.refdesk"
    with Book.open(path) as book:
        book.contacts.add(ContactData(first_name="Kept", last_name="Safe"))
    assert backup_book(path, force=True)
    with open(path, "r+b") as fh:  # the header gone: not a book any more
        fh.write(b"\0" * 100)
    shown = []

    def click_restore(box):
        shown.append(box.text())
        for button in box.buttons():
            if button.text().startswith("Restore"):
                button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", click_restore)
    book = app_module.open_book_or_ask(path, interactive=True)
    try:
        assert book is not None and [c.name for c in book.contacts.rows()] == ["Kept Safe"]
    finally:
        book.close()
    assert "newest good backup" in shown[0] and "is back" in shown[1]


def test_deleting_several_selected_contacts_is_one_undo_step(make_window, qtbot, monkeypatch):
    window = make_window(contacts=60)
    book, board = window.ctx.book, window.board
    _action(window, "View", "Table").trigger()
    picked = [r.id for r in board.records[:8]]
    named = [cid for cid in picked if book.archive.referral_count(cid)]
    table = board.table
    table.clearSelection()
    model = table.model()
    rows = [row for row in range(model.rowCount())
            if model.index(row, 0).data(RecordRole).id in picked]
    for row in rows:
        table.selectionModel().select(
            model.index(row, 0), QItemSelectionModel.SelectionFlag.Select
            | QItemSelectionModel.SelectionFlag.Rows)
    assert sorted(board.selected_ids()) == sorted(picked)
    count = book.contacts.count()
    asked = _answer_with(monkeypatch, "Archive Those" if named else "Delete")
    _action(window, "Contacts", "Delete Contact").trigger()
    assert len(asked) == 1 and "8 contacts" in asked[0]
    qtbot.waitUntil(board.is_fresh)
    assert not set(picked) & {r.id for r in board.records}
    assert book.contacts.count() == count - (len(picked) - len(named))
    assert book.archive.archived_ids() == set(named)
    window.ctx.undo.undo()
    qtbot.waitUntil(board.is_fresh)
    assert set(picked) <= {r.id for r in board.records}
    assert book.contacts.count() == count and not book.archive.archived_ids()


def test_a_book_emptied_under_the_board_shows_the_welcome_view_made_then(make_window, qtbot,
                                                                         monkeypatch):
    window = make_window(contacts=3)
    window.show()
    qtbot.waitExposed(window)
    assert window.stack.currentWidget() is window.board
    assert not window.findChildren(WelcomeView)  # made when first shown
    ids = tuple(r.id for r in window.board.records)
    window.ctx.book.contacts.delete(list(ids))
    window.ctx.bus.emit_change("contacts", contacts=ids)  # as the delete action does
    assert window.stack.currentWidget() is window.welcome and window.welcome.isVisible()
    assert not window.board.isVisible() and window.contacts_shown() == 0
    # Its buttons lead where they always did.
    _fill_and_accept(qtbot, monkeypatch, first_name="Maria", last_name="Garcia")
    qtbot.mouseClick(window.welcome.add_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.board
    assert [r.name for r in window.board.records] == ["Maria Garcia"]
