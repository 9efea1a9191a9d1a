"""What every window and widget is handed: the book, the day, the change bus,
undo, and the worker that runs long work off the window's thread."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QUndoStack

from refdesk.ui.background import Worker
from refdesk.ui.clock import DayClock

if TYPE_CHECKING:
    from refdesk.book import Book


class Change(NamedTuple):
    """What one operation changed (Anki's OpChanges): the areas it touched
    ("contacts", "activity", "referrals", "settings", "book", "day"), the
    contacts concerned (empty: maybe all) and who made it, so the view that
    did it can skip what it already shows."""

    areas: frozenset[str]
    contacts: tuple[int, ...] = ()
    initiator: object | None = None


class ChangeBus(QObject):
    """One signal for every change to the book, so each view refreshes only
    what concerns it instead of views calling each other."""

    changed = Signal(object)  # a Change, once per operation
    problem = Signal(str)  # something the user must be told, from deep inside an action

    def emit_change(self, *areas: str, contacts: tuple[int, ...] = (),
                    initiator: object | None = None) -> None:
        """Announce one operation's changes (on the main thread only)."""
        self.changed.emit(Change(frozenset(areas), tuple(contacts), initiator))


class AppContext:
    """Dependencies passed into widgets; no module-level globals.

    A plain class, not a dataclass: defined before the window's first paint,
    where a dataclass's generated methods cost ~2M instructions to compile.
    """

    def __init__(self, book: Book | None, settings: QSettings, clock: DayClock,
                 bus: ChangeBus | None = None, undo: QUndoStack | None = None,
                 worker: Worker | None = None):
        self.book = book  # None until a window built on a saved board gets its book
        self.settings = settings
        self.clock = clock
        self.bus = ChangeBus() if bus is None else bus
        self.undo = QUndoStack() if undo is None else undo
        # Long work (whole-board evaluations, card batches, imports), one at a time.
        self.worker = Worker() if worker is None else worker

    def today(self) -> dt.date:
        """The day every view, dialog and command of the window works on."""
        return self.clock.today()
