"""The window's undo stack holds the core's edits (refdesk.book.edits).

A command only wraps an Edit: it applies or reverts it and announces what it
touched on the change bus, so undo and redo refresh views exactly as the
edit did. The reverse of every change is written in the core, not here.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoCommand

from refdesk.book.edits import Edit
from refdesk.errors import RefdeskError
from refdesk.ui.context import AppContext


class BookCommand(QUndoCommand):
    """One edit on the window's undo stack."""

    def __init__(self, ctx: AppContext, edit: Edit):
        super().__init__(edit.label)
        self._ctx, self.edit = ctx, edit
        self._done = False

    @property
    def state(self):
        """What the edit's last apply() returned (a new id, the rows it wrote)."""
        return self.edit.state

    def perform(self) -> None:
        """Do the edit now, then put it on the undo stack. A RefdeskError
        from the book propagates and nothing is pushed."""
        self.edit.apply()
        self._done = True
        self._ctx.undo.push(self)  # push() calls redo(), which sees _done

    def redo(self) -> None:
        if not self._done:
            try:
                self.edit.apply()
            except RefdeskError as exc:
                self._history_lost("redone", exc)
                return
        self._done = False
        self._announce()

    def undo(self) -> None:
        try:
            self.edit.revert()
        except RefdeskError as exc:
            self._history_lost("undone", exc)
            return
        self._announce()

    def _announce(self) -> None:
        self._ctx.bus.emit_change(*self.edit.areas, contacts=self.edit.touched())

    def _history_lost(self, verb: str, exc: RefdeskError) -> None:
        # The book moved on under the undo stack (another program wrote to
        # it, or ids were reused): the steps left may no longer fit it, so
        # they are dropped rather than replayed against the wrong rows.
        ctx, text = self._ctx, (f"“{self.text()}” could not be {verb}: {exc}\n\n"
                                "The undo history was cleared.")
        ctx.bus.emit_change("book")  # show the book as it now is

        def after() -> None:  # not while the stack is still running this command
            ctx.undo.clear()
            ctx.bus.problem.emit(text)

        QTimer.singleShot(0, after)
