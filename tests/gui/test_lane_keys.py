"""Left and Right on a card move to the next lane that shows any cards."""

from __future__ import annotations

from PySide6.QtCore import Qt


def _lanes_with_cards(board):
    return [lane for lane in board.lanes if lane.model.rowCount()]


def test_left_and_right_move_between_lanes_skipping_folded_ones(make_window, qtbot):
    window = make_window(contacts=60)
    window.show()
    qtbot.waitExposed(window)
    board = window.board
    first, second, third = _lanes_with_cards(board)[:3]
    board.select_contact(first.model.records[1].id)
    qtbot.keyClick(first.view, Qt.Key.Key_Right)  # the card at the same height
    assert window.selected_contact_id() == second.model.records[1].id
    assert second.view.currentIndex().row() == 1
    qtbot.keyClick(second.view, Qt.Key.Key_Left)
    assert window.selected_contact_id() == first.model.records[1].id
    second.set_collapsed(True)
    qtbot.keyClick(first.view, Qt.Key.Key_Right)
    assert window.selected_contact_id() == third.model.records[1].id


def test_a_modified_arrow_is_the_view_s_own(make_window, qtbot):
    window = make_window(contacts=60)
    window.show()
    qtbot.waitExposed(window)
    board = window.board
    first = _lanes_with_cards(board)[0]
    board.select_contact(first.model.records[0].id)
    qtbot.keyClick(first.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert window.selected_contact_id() == first.model.records[0].id
    qtbot.keyClick(first.view, Qt.Key.Key_Down)  # other keys: the list's own
    assert window.selected_contact_id() == first.model.records[1].id
