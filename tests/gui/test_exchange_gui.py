"""The window's ways in and out: the import preview (new, merged, encoding),
a dropped file, File > Export, Contacts > Merge…, each undoable."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from refdesk.book.records import ContactData
from refdesk.ui import import_flow
from refdesk.ui.export_dialog import ExportDialog, run_export
from refdesk.ui.import_flow import ImportPreview, run_import
from refdesk.ui.merge_dialog import MergeDialog, run_merge

SHOTS = os.environ.get("REFDESK_SHOTS")  # a folder: save what the dialogs look like


def _quiet(monkeypatch, messages):
    for name in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, name,
                            lambda _parent, _title, text, *a, **k: messages.append(text))


def test_preview_shows_new_merged_and_encoding_and_undo_unmerges(make_window, monkeypatch,
                                                                 tmp_path):
    window = make_window()
    book = window.ctx.book
    ann = book.contacts.add(ContactData(first_name="Ann", last_name="Lee",
                                        emails=[("ann@x.org", "")]))
    path = tmp_path / "people.csv"
    path.write_bytes("名,姓,電子メール アドレス,会社\nAnn,Lee,ann@x.org,Acme\n"
                     "太郎,山田,taro@example.jp,東京商事\n".encode("shift_jis"))
    seen = []

    def look(dialog):
        seen.append((dialog.summary.text(), dialog.merges.item(0).text(),
                     dialog.names.item(0).text(), dialog.encoding.currentText()))
        if SHOTS:
            dialog.grab().save(os.path.join(SHOTS, "import_preview.png"))
        return 1

    monkeypatch.setattr(ImportPreview, "exec", look)
    messages = []
    _quiet(monkeypatch, messages)
    report = run_import(window.ctx, window, path)
    summary, merge, new, encoding = seen[0]
    assert "(CSV, Shift_JIS): 1 new, 1 merged" in summary
    assert merge.startswith("line 2 (Ann Lee) into Ann Lee (in the book): same e-mail")
    assert new == "山田 太郎 <taro@example.jp>" or new.startswith("太郎 山田")
    assert encoding == "Detected: Shift_JIS"
    assert report.counts() == {"new": 1, "merged": 1, "skipped": 0}
    assert book.contacts.get(ann).company == "Acme"
    window.ctx.undo.undo()  # one step: the new contact goes, Ann is as she was
    assert book.contacts.count() == 1 and book.contacts.get(ann).company == ""
    window.ctx.undo.redo()
    assert book.contacts.count() == 2 and book.contacts.get(ann).company == "Acme"


def test_choosing_another_encoding_reads_the_file_again(make_window, qtbot, tmp_path):
    window = make_window()
    path = tmp_path / "k.csv"
    path.write_bytes("First Name,Last Name\n민준,김\n".encode("euc_kr"))
    result, plan = import_flow.read_contacts(path), None
    calls = []

    def reread(encoding):
        calls.append(encoding)
        again = import_flow.read_contacts(path, encoding)
        return again, import_flow.import_read(window.ctx.book, again, dry_run=True)

    dialog = ImportPreview(result, window, on=window.ctx.today(), plan=plan, reread=reread)
    qtbot.addWidget(dialog)
    assert dialog.names.item(0).text() == "민준 김"
    dialog.encoding.setCurrentIndex(dialog.encoding.findData("Windows-1252"))
    assert calls == ["Windows-1252"]
    assert dialog.names.item(0).text() != "민준 김"  # what the user asked for
    assert "Windows-1252" in dialog.summary.text()


def test_a_file_dropped_on_the_window_starts_its_import(make_window, monkeypatch):
    window = make_window()
    window.show()
    started = []
    monkeypatch.setattr(import_flow, "run_import",
                        lambda ctx, parent, path: started.append((parent, path)))
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile("/tmp/people.vcf")])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, data,
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()  # the cursor says "drop here"
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data,
                      Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)
    assert started == [(window, Path("/tmp/people.vcf"))]

    two = QMimeData()  # several files at once: not taken
    two.setUrls([QUrl.fromLocalFile("/tmp/a.csv"), QUrl.fromLocalFile("/tmp/b.csv")])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, two,
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    enter.ignore()
    QApplication.sendEvent(window, enter)
    assert not enter.isAccepted()


def test_export_dialog_and_subset_export(make_window, monkeypatch, tmp_path, qtbot):
    window = make_window(contacts=30)
    window.board.search.setText(window.board.records[0].name.split()[0])
    shown = [r.id for r in window.board.shown]
    assert 0 < len(shown) < 30
    dialog = ExportDialog(window, len(shown), 30)
    qtbot.addWidget(dialog)
    assert dialog.only_shown.isChecked()
    dialog.what.setCurrentIndex(dialog.what.findData("ics"))
    assert not dialog.only_shown.isEnabled()  # a calendar is not a list of contacts
    if SHOTS:
        dialog.what.setCurrentIndex(0)
        dialog.grab().save(os.path.join(SHOTS, "export_dialog.png"))
    messages = []
    _quiet(monkeypatch, messages)
    out = tmp_path / "few.vcf"
    run_export(window.ctx, window, shown, 30, path=out, what="vcard", only_shown=True)
    assert out.read_text().count("BEGIN:VCARD") == len(shown)
    assert f"Wrote {len(shown)} contact" in messages[-1] and str(out) in messages[-1]


def test_merge_dialog_merges_and_undo_splits(make_window, monkeypatch, qtbot):
    window = make_window()
    book = window.ctx.book
    ann = book.contacts.add(ContactData(first_name="Ann", last_name="Lee"))
    dup = book.contacts.add(ContactData(first_name="Ann", last_name="Lee", company="Acme",
                                        emails=[("ann@acme.example", "work")]))
    dialog = MergeDialog(window.ctx, window, ann, dup)
    qtbot.addWidget(dialog)
    assert "gains: company, e-mail ann@acme.example" in dialog.gains.text()
    if SHOTS:
        dialog.grab().save(os.path.join(SHOTS, "merge_dialog.png"))
    dialog.other.setCurrentIndex(dialog.kept.currentIndex())
    assert not dialog.merge_button.isEnabled()

    monkeypatch.setattr(MergeDialog, "exec", lambda self: 1)
    assert run_merge(window.ctx, window, [ann, dup])
    assert book.contacts.count() == 1 and book.contacts.get(ann).company == "Acme"
    window.ctx.undo.undo()
    assert book.contacts.count() == 2 and book.contacts.get(dup).company == "Acme"
