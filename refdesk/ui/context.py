"""What every window and widget is handed: the book, the change bus, undo."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QUndoStack

from refdesk.book import Book


class ChangeBus(QObject):
    """One signal for every change to the book.

    ``changed`` carries the set of areas touched ("contacts", "activity",
    "referrals", "settings"), so each view refreshes only what concerns it
    instead of views calling each other.
    """

    changed = Signal(frozenset)

    def emit_change(self, *areas: str) -> None:
        self.changed.emit(frozenset(areas))


@dataclass
class AppContext:
    """Dependencies passed into widgets; no module-level globals."""

    book: Book
    settings: QSettings
    bus: ChangeBus = field(default_factory=ChangeBus)
    undo: QUndoStack = field(default_factory=QUndoStack)
