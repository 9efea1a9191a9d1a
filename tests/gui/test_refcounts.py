"""Our Qt models and filters must not drain Python's None/False refcounts.

PySide6 6.12.0 on Python 3.11 dropped a reference each time a Python
data() override returned None (and eventFilter returned False); a
1920-pixel table drained None and the app aborted. pyproject excludes
that pair (Python 3.12 made None immortal); this test fails if the
protection is lost or a later PySide6 brings the bug back.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt


def _drive(model, rows: int, columns: int) -> None:
    for row in range(rows):
        for column in range(columns):
            index = model.index(row, column)
            for role in (Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.FontRole,
                         Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.CheckStateRole):
                index.data(role)  # through C++, as a view asks


def test_board_models_keep_none_alive(make_window):
    window = make_window(contacts=60)
    board = window.board
    board.layout_choice.setCurrentIndex(1)  # the table is filled only while shown
    assert board.table_proxy.rowCount() == 60
    before = sys.getrefcount(None)
    for _ in range(5):
        _drive(board.table_proxy, board.table_proxy.rowCount(), 8)
        for lane in board.lanes:
            _drive(lane.model, lane.model.rowCount(), 1)
    assert sys.getrefcount(None) >= before - 50  # noise from the interpreter, not thousands


def test_event_filters_keep_false_alive(make_window):
    window = make_window(contacts=5)
    view = window.board.lanes[0].view
    before = sys.getrefcount(False)
    for _ in range(2000):
        QCoreApplication.sendEvent(view, QEvent(QEvent.Type.User))
    assert sys.getrefcount(False) >= before - 50


def test_a_plain_override_returning_none_is_safe(qapp):
    from PySide6.QtCore import QAbstractListModel, QModelIndex

    class Empty(QAbstractListModel):
        def rowCount(self, parent=QModelIndex()):  # noqa: B008
            return 100

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            return None

    model, before = Empty(), sys.getrefcount(None)
    for row in range(100):
        for _ in range(20):
            model.index(row, 0).data(Qt.ItemDataRole.DecorationRole)
    assert sys.getrefcount(None) >= before - 50
    assert isinstance(QObject(), QObject)
