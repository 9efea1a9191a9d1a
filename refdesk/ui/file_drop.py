"""A file dropped on the window is imported (the same preview as File > Import)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QWidget


def dropped_file(event: QDragEnterEvent | QDropEvent) -> Path | None:
    """The one local file being dragged, or None (several, or not a file)."""
    urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
    if len(urls) != 1 or not urls[0].isLocalFile():
        return None
    return Path(urls[0].toLocalFile())


class FileDrop(QObject):
    """Accepts a single dropped file on ``window`` and hands it to ``open_file``."""

    def __init__(self, window: QWidget, open_file: Callable[[Path], object]):
        super().__init__(window)
        self.open_file = open_file
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if dropped_file(event) is not None:
                event.acceptProposedAction()
                return True
        elif kind == QEvent.Type.Drop:
            path = dropped_file(event)
            if path is not None:
                event.acceptProposedAction()
                self.open_file(path)
                return True
        return False


def install_import_drop(window) -> FileDrop:
    """Make a file dropped on the main window start its import."""
    def open_file(path: Path) -> None:
        from refdesk.ui.import_flow import run_import  # only once a file is dropped

        run_import(window.ctx, window, path)

    return FileDrop(window, open_file)
