"""Keeping a book safe where it lives: the synced-folder warning and the
second backup folder (a setting of this computer, not of the book)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from refdesk.book.safekeeping import synced_folder_kind
from refdesk.ui.plain_text import plain

SECOND_FOLDER = "backups/second_folder"
WARNED = "backups/warned_synced"  # hashes of the book paths already warned about


def second_folder(settings: QSettings) -> Path | None:
    """The folder every backup is also copied to, if the user chose one."""
    value = str(settings.value(SECOND_FOLDER, "") or "")
    return Path(value) if value else None


def choose_second_folder(parent: QWidget, settings: QSettings) -> Path | None:
    """Ask for the second backup folder (Cancel keeps the current one; a
    folder already chosen can be turned off); the folder now in force."""
    current = second_folder(settings)
    if current is not None:
        box = QMessageBox(QMessageBox.Icon.Question, "Second Backup Folder",
                          plain(f"Every backup is also copied to {current}."), parent=parent)
        change = box.addButton("Choose Another…", QMessageBox.ButtonRole.AcceptRole)
        stop = box.addButton("Stop Copying", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is stop:
            settings.setValue(SECOND_FOLDER, "")
            return None
        if box.clickedButton() is not change:
            return current
    chosen = QFileDialog.getExistingDirectory(
        parent, "Second Backup Folder (another disk)", str(current or Path.home()))
    if chosen:
        settings.setValue(SECOND_FOLDER, chosen)
        return Path(chosen)
    return current


def synced_warning(book: Path, settings: QSettings) -> str | None:
    """What to tell the user, once per book path, about a book in a synced or
    network folder; None when it is not in one or they were told before."""
    kind = synced_folder_kind(book)
    if kind is None:
        return None
    key = hashlib.sha1(str(Path(book).resolve()).encode("utf-8")).hexdigest()[:12]
    told = [k for k in str(settings.value(WARNED, "") or "").split(",") if k]
    if key in told:
        return None
    settings.setValue(WARNED, ",".join([*told, key]))
    return (f"This book is in a {kind} folder: {book}\n\n"
            f"{kind} can copy the book and its journal file at different moments, "
            "which can damage the book while refdesk has it open. Keep the book in a "
            "plain local folder if you can (File > Open Book, after moving it), and "
            "let refdesk copy every backup to a second folder, on another disk.")


def warn_if_synced(parent: QWidget, settings: QSettings, book: Path) -> None:
    """Warn once about a synced book, offering to choose a second backup folder."""
    text = synced_warning(book, settings)
    if text is None:
        return
    box = QMessageBox(QMessageBox.Icon.Warning, "Book in a synced folder", plain(text),
                      parent=parent)
    choose = box.addButton("Choose Second Backup Folder…", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Ok)
    box.exec()
    if box.clickedButton() is choose:
        choose_second_folder(parent, settings)
