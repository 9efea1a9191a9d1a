"""The second backup folder holds what the backups folder holds, and survives its loss."""

from __future__ import annotations

import os

import pytest

from refdesk.errors import RefdeskError
from refdesk.store.backup_mirror import mirror_backups


def _backups(folder, *names):
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_bytes(name.encode() * 10)
    return folder


def test_new_backups_are_copied_private_and_thinned_ones_removed(tmp_path):
    primary = _backups(tmp_path / "backups" / "book-1234", "20261120-090000.refdesk",
                       "20261121-090000.refdesk", "20261122-090000.refdesk")
    mirror = tmp_path / "usb"
    copied = mirror_backups(primary, mirror)
    target = mirror / "book-1234"
    assert sorted(p.name for p in copied) == sorted(p.name for p in primary.iterdir())
    assert all(os.stat(p).st_mode & 0o777 == 0o600 for p in target.iterdir())
    assert os.stat(target).st_mode & 0o777 == 0o700
    (target / "notes.txt").write_text("mine")
    (primary / "20261120-090000.refdesk").unlink()  # thinned
    _backups(primary, "20261123-090000.refdesk")
    assert [p.name for p in mirror_backups(primary, mirror)] == ["20261123-090000.refdesk"]
    assert sorted(p.name for p in target.iterdir()) == [
        "20261121-090000.refdesk", "20261122-090000.refdesk", "20261123-090000.refdesk",
        "notes.txt"]


def test_a_lost_backups_folder_does_not_empty_the_mirror(tmp_path):
    primary = _backups(tmp_path / "b" / "book-1", *(f"2026112{d}-0900.refdesk"
                                                    for d in range(6)))
    mirror_backups(primary, tmp_path / "usb")
    for p in primary.iterdir():
        p.unlink()
    _backups(primary, "20261130-0900.refdesk")  # one new backup after the loss
    mirror_backups(primary, tmp_path / "usb")
    assert len(list((tmp_path / "usb" / "book-1").iterdir())) == 7


def test_an_unwritable_second_folder_is_one_clear_message(tmp_path):
    primary = _backups(tmp_path / "b" / "book-1", "20261120-0900.refdesk")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(RefdeskError, match="second backup folder"):
        mirror_backups(primary, blocker)
