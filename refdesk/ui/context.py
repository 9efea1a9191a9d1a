"""What every window and widget is handed: the book, the day, the change bus, undo."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QUndoStack

from refdesk.book import Book
from refdesk.ui.clock import DayClock


class Change(NamedTuple):
    """What a change touched: areas ("contacts", "activity", "referrals",
    "settings", "book", "day") and the contacts concerned (empty: maybe all)."""

    areas: frozenset[str]
    contacts: tuple[int, ...] = ()


class ChangeBus(QObject):
    """One signal for every change to the book, so each view refreshes only
    what concerns it instead of views calling each other."""

    changed = Signal(object)  # a Change
    problem = Signal(str)  # something the user must be told, from deep inside an action

    def emit_change(self, *areas: str, contacts: tuple[int, ...] = ()) -> None:
        self.changed.emit(Change(frozenset(areas), tuple(contacts)))


@dataclass
class AppContext:
    """Dependencies passed into widgets; no module-level globals."""

    book: Book
    settings: QSettings
    clock: DayClock
    bus: ChangeBus = field(default_factory=ChangeBus)
    undo: QUndoStack = field(default_factory=QUndoStack)

    def today(self) -> dt.date:
        """The day every view, dialog and command of the window works on."""
        return self.clock.today()
