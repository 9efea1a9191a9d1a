"""A named pipe or a device given as the book is refused at once, never opened."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from refdesk.book import Book
from refdesk.errors import RefdeskError


def test_a_fifo_as_the_book_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "pipe.refdesk"
    os.mkfifo(fifo)
    for lock in (False, True):
        with pytest.raises(RefdeskError, match="named pipe"):
            Book.open(fifo, lock=lock)


def test_today_on_a_fifo_or_a_device_is_one_line(tmp_path):
    fifo = tmp_path / "pipe.refdesk"
    os.mkfifo(fifo)
    for db, word in ((fifo, "named pipe"), ("/dev/zero", "device")):
        # A hang would be the old behaviour: the timeout only guards the run.
        done = subprocess.run([sys.executable, "-m", "refdesk", "today", "--db", str(db),
                               "--as-of", "2026-11-22"], capture_output=True, text=True,
                              timeout=60, env={**os.environ, "REFDESK_DATA_DIR": str(tmp_path)})
        assert done.returncode != 0 and word in done.stderr
        assert done.stderr.strip().count("\n") == 0


def test_an_empty_book_left_by_a_cut_short_first_start_is_made_anew(tmp_path):
    path = tmp_path / "book.refdesk"
    path.write_bytes(b"")  # created, then the power went
    with Book.open(path) as book:
        assert book.contacts.count() == 0
    assert path.stat().st_size > 0


def test_an_empty_file_of_another_kind_is_still_refused(tmp_path):
    other = tmp_path / "notes.txt"
    other.write_bytes(b"")
    with pytest.raises(RefdeskError, match="empty file"):
        Book.open(other)
    assert other.read_bytes() == b""
