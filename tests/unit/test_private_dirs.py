"""Folders refdesk makes are its user's alone (0700), whatever the umask."""

from __future__ import annotations

import os
import stat
import sys

import pytest

from refdesk.paths import make_private_dir

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")


def _mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def umask_000():
    old = os.umask(0)
    yield
    os.umask(old)


def test_a_new_folder_and_its_missing_parents_are_private_under_umask_000(tmp_path, umask_000):
    folder = make_private_dir(tmp_path / "data" / "backups" / "book-1234")
    assert folder.is_dir()
    for made in (folder, folder.parent, folder.parent.parent):
        assert _mode(made) == 0o700


def test_an_existing_folder_is_left_alone_unless_refdesk_owns_it(tmp_path):
    chosen = tmp_path / "Documents"
    chosen.mkdir()
    os.chmod(chosen, 0o755)
    make_private_dir(chosen)  # where the user keeps a book: theirs
    assert _mode(chosen) == 0o755
    ours = tmp_path / "cache"
    ours.mkdir()
    os.chmod(ours, 0o777)
    make_private_dir(ours, tighten=True)  # made by an older refdesk
    assert _mode(ours) == 0o700


def test_a_file_in_the_way_is_an_error(tmp_path):
    (tmp_path / "taken").write_text("")
    with pytest.raises(OSError):
        make_private_dir(tmp_path / "taken" / "sub")
    with pytest.raises(OSError):
        make_private_dir(tmp_path / "taken")
