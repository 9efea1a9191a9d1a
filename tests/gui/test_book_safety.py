"""A book in a synced folder is warned about once; backups also go to a second folder."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from refdesk.book import Book
from refdesk.paths import backups_dir
from refdesk.ui.backups import BackupScheduler
from refdesk.ui.book_safety import SECOND_FOLDER, synced_warning


def test_a_synced_book_is_warned_about_once_per_path(tmp_path):
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    book = tmp_path / "Dropbox" / "work" / "book.refdesk"
    text = synced_warning(book, settings)
    assert text is not None and "Dropbox" in text and "second folder" in text
    assert synced_warning(book, settings) is None
    assert synced_warning(tmp_path / "plain" / "book.refdesk", settings) is None
    assert synced_warning(tmp_path / "OneDrive" / "book.refdesk", settings) is not None


def test_the_window_warns_about_a_synced_book_after_it_is_shown(make_window, qtbot,
                                                                tmp_path, monkeypatch):
    path = tmp_path / "Dropbox" / "book.refdesk"
    path.parent.mkdir()
    Book.open(path).close()
    seen = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: seen.append(box.text()) or 0)
    window = make_window(path, backups=True)
    qtbot.waitUntil(lambda: bool(seen), timeout=2000)
    assert "Dropbox" in seen[0]
    window.backups.stop()


def test_every_backup_is_also_copied_to_the_second_folder(qtbot, tmp_path):
    book_path = tmp_path / "book.refdesk"
    Book.open(book_path).close()
    usb = tmp_path / "usb"
    scheduler = BackupScheduler(book_path, second_folder=lambda: usb)
    with qtbot.waitSignal(scheduler.finished, timeout=10_000) as done:
        scheduler.run(force=True)
    written = done.args[0]
    assert written
    copy = usb / backups_dir(book_path).name / written.rsplit("/", 1)[-1]
    assert copy.read_bytes() == (backups_dir(book_path) / copy.name).read_bytes()


def test_a_lost_second_folder_says_so(qtbot, tmp_path):
    book_path = tmp_path / "book.refdesk"
    Book.open(book_path).close()
    blocker = tmp_path / "unplugged"
    blocker.write_text("a file where the folder was")
    scheduler = BackupScheduler(book_path, second_folder=lambda: blocker)
    with qtbot.waitSignal(scheduler.failed, timeout=10_000) as failed:
        scheduler.run(force=True)
    assert "second backup folder" in failed.args[0]


def test_the_second_folder_is_a_setting_of_this_computer(tmp_path):
    from refdesk.ui.book_safety import second_folder

    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    assert second_folder(settings) is None
    settings.setValue(SECOND_FOLDER, str(tmp_path / "usb"))
    assert second_folder(settings) == tmp_path / "usb"
