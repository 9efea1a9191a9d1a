"""Nothing fails silently: unexpected errors reach the log and the user is told where."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from refdesk.book.prefetch import BoardPrefetch
from refdesk.logs import log_path, setup_logging


class BrokenPrefetch(BoardPrefetch):
    """A background evaluation that failed."""

    def first(self):
        return [], self._book.board.agenda(self.as_of), False

    def done(self) -> bool:
        return True

    def result(self):
        raise RuntimeError("disk went away")


def test_a_background_board_failure_is_logged_and_the_board_still_shown(make_window, qtbot):
    log = setup_logging()
    window = make_window(contacts=30)
    prefetch = BrokenPrefetch(window.ctx.book, window.ctx.today(), hold_fresh=True)
    with qtbot.waitSignal(window.board.refreshed, timeout=3000):
        window.board.reload(prefetch)
    assert len(window.board.records) == 30  # evaluated on the UI thread instead
    text = log.read_text()
    assert "evaluating the board in the background" in text and "disk went away" in text


def test_an_unexpected_error_is_logged_and_the_message_names_the_log(monkeypatch, qapp):
    from refdesk.ui.app import _show_unexpected_error

    log = setup_logging()
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    try:
        raise ValueError("odd state")
    except ValueError as exc:
        _show_unexpected_error(type(exc), exc, exc.__traceback__)
    assert "ValueError" in log.read_text() and "Traceback" in log.read_text()
    assert len(shown) == 1 and str(log) in shown[0]


def test_about_shows_the_version_and_the_log_folder(make_window, monkeypatch):
    from refdesk import __version__

    window = make_window(contacts=3)
    seen = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: seen.append(text))
    window.about()
    assert __version__ in seen[0] and str(log_path().parent) in seen[0]
