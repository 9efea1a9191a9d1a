"""The print queue's table: a click on a card's box ticks it out of the batch, and stays so."""

from __future__ import annotations

from PySide6.QtCore import Qt

from refdesk.ui.cards.print_queue import PrintQueueDialog

CHECK = Qt.ItemDataRole.CheckStateRole


def test_a_box_clicked_off_leaves_the_card_out_across_a_reload(cards, qtbot):
    queue = PrintQueueDialog(cards.ctx)
    qtbot.addWidget(queue)
    model = queue.table.model()
    box = model.index(1, 0)
    assert model.flags(box) & Qt.ItemFlag.ItemIsUserCheckable
    assert model.data(box, CHECK) == Qt.CheckState.Checked
    # What the view does when the box is clicked.
    assert model.setData(box, Qt.CheckState.Unchecked.value, CHECK)
    assert model.data(box, CHECK) == Qt.CheckState.Unchecked
    kept = [row.follow_up.id for row in queue.checked_rows()]
    assert len(kept) == 2 and queue.rows[1].follow_up.id not in kept
    queue.reload()
    assert [row.follow_up.id for row in queue.checked_rows()] == kept
    for row in range(len(queue.rows)):
        model.setData(model.index(row, 0), Qt.CheckState.Unchecked.value, CHECK)
    assert not queue.print_button.isEnabled() and not queue.save_button.isEnabled()
    assert not model.setData(model.index(0, 2), Qt.CheckState.Checked.value, CHECK)  # no box


def test_a_card_that_cannot_be_printed_has_no_box_and_a_red_reason(cards, qtbot):
    cards.book.settings.set("user_name", "")
    queue = PrintQueueDialog(cards.ctx)
    qtbot.addWidget(queue)
    model = queue.table.model()
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsUserCheckable
    assert not model.setData(model.index(0, 0), Qt.CheckState.Checked.value, CHECK)
    status = model.index(0, 4)
    assert model.data(status, Qt.ItemDataRole.ForegroundRole).color().name() == "#9b1c1c"
    assert model.data(status, Qt.ItemDataRole.ToolTipRole).startswith("{my_name} is empty")
