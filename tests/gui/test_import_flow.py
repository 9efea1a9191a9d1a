"""Importing from the window: preview, import, undo as one step, cancel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QProgressDialog

from refdesk.ui import import_flow
from refdesk.ui.import_flow import ImportPreview, run_import

BOOKS = Path(__file__).resolve().parents[1] / "fixtures" / "address-books"
IPHONE = BOOKS / "ez-vcard__John_Doe_IPHONE.vcf"
ANDROID = BOOKS / "ez-vcard__John_Doe_ANDROID.vcf"


def _quiet(monkeypatch, messages: list[str]) -> None:
    monkeypatch.setattr(ImportPreview, "exec", lambda self: 1)
    for name in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, name,
                            lambda _parent, _title, text, *a, **k: messages.append(text))


def test_import_from_the_welcome_view_then_undo(make_window, monkeypatch):
    window = make_window()
    window.show()
    assert window.stack.currentIndex() == 0
    messages: list[str] = []
    _quiet(monkeypatch, messages)
    report = run_import(window.ctx, window, ANDROID)
    assert report is not None and report.added == 6
    assert "Added 6 contacts" in messages[-1]
    assert window.stack.currentIndex() == 1  # the board replaced the welcome view
    assert len(window.board.records) == 6
    tags = window.ctx.book.contacts.get(report.added_ids[0]).tags
    assert tags and tags[0].startswith("imported ")
    window.ctx.undo.undo()
    assert window.ctx.book.is_empty() and window.stack.currentIndex() == 0


def test_a_broken_file_is_named_and_nothing_changes(make_window, monkeypatch, tmp_path):
    window = make_window(contacts=3)
    messages: list[str] = []
    _quiet(monkeypatch, messages)
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"name,email\nFred\x00,fred@x.example\n")
    assert run_import(window.ctx, window, broken) is None
    assert "broken.csv" in messages[-1] and "NUL" in messages[-1]
    assert window.ctx.book.contacts.count() == 3


def test_cancel_mid_import_adds_nothing(make_window, monkeypatch):
    window = make_window(contacts=3)
    messages: list[str] = []
    _quiet(monkeypatch, messages)
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: True)
    assert run_import(window.ctx, window, IPHONE) is None
    assert "cancelled" in messages[-1]
    assert window.ctx.book.contacts.count() == 3
    assert not window.ctx.undo.canUndo()
    assert import_flow.ImportCancelled.__mro__[1].__name__ == "RefdeskError"


def test_the_import_writes_off_the_windows_thread(make_window, monkeypatch):
    import threading

    window = make_window(contacts=3)
    messages: list[str] = []
    _quiet(monkeypatch, messages)
    seen: list[str] = []
    real = import_flow.import_read

    def spy(*args, **kwargs):
        seen.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(import_flow, "import_read", spy)
    report = run_import(window.ctx, window, ANDROID)
    assert report is not None and report.added == 6
    assert seen and seen[0] != threading.main_thread().name
    assert window.ctx.book.contacts.count() == 9  # committed, seen from the window's thread
    window.ctx.undo.undo()
    assert window.ctx.book.contacts.count() == 3


def test_a_plain_file_previewed_is_imported_as_columns(make_window, monkeypatch, tmp_path):
    """The preview looks at the records without taking them, so a file kept
    as columns is written whole, as the command line writes it."""
    from refdesk.exchange import importer

    window = make_window(contacts=3)
    messages: list[str] = []
    _quiet(monkeypatch, messages)
    people = tmp_path / "people.csv"
    people.write_text("First Name,Last Name,E-mail Address\n"
                      + "".join(f"Ann,Lee{i},ann{i}@example.com\n" for i in range(30)),
                      encoding="utf-8")
    shown: list = []
    real_show, real_add = ImportPreview.show_result, importer.add_columns
    monkeypatch.setattr(ImportPreview, "show_result",
                        lambda self, result, plan: (real_show(self, result, plan),
                                                    shown.append(self))[0])
    written: list[int] = []
    monkeypatch.setattr(importer, "add_columns",
                        lambda book, columns, **kw: (written.append(len(columns)),
                                                     real_add(book, columns, **kw))[1])
    report = run_import(window.ctx, window, people)
    assert report is not None and report.added == 30 and written == [30]
    preview = shown[0]
    assert preview.names.count() == 30 and preview.import_button.isEnabled()
    assert "30 new" in preview.summary.text()
    assert preview.tabs.tabText(0) == "New (30)"
    assert sorted(window.ctx.book.contacts.get(i).last_name for i in report.added_ids) == \
        sorted(f"Lee{i}" for i in range(30))


def test_the_preview_tabs_count_records_past_the_lines_shown(make_window, monkeypatch, tmp_path):
    """A list cut at PREVIEW_ROWS ends in "… and N more"; its tab still counts
    every record, as the summary does."""
    monkeypatch.setattr(import_flow, "PREVIEW_ROWS", 5)
    window = make_window(contacts=3)
    _quiet(monkeypatch, [])
    people = tmp_path / "people.csv"
    people.write_text("First Name,Last Name,E-mail Address\n"
                      + "".join(f"Ann,Lee{i},ann{i}@example.com\n" for i in range(12)),
                      encoding="utf-8")
    shown: list = []
    real_show = ImportPreview.show_result
    monkeypatch.setattr(ImportPreview, "show_result",
                        lambda self, result, plan: (real_show(self, result, plan),
                                                    shown.append(self))[0])
    run_import(window.ctx, window, people)
    preview = shown[0]
    assert preview.names.count() == 6 and preview.names.item(5).text() == "… and 7 more"
    assert [preview.tabs.tabText(i) for i in range(4)] == \
        ["New (12)", "Merged (0)", "Already in the book (0)", "Problems (0)"]
