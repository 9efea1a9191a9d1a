"""Devices, pipes and endless files are refused, never read until memory runs out."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from refdesk.errors import RefdeskError
from refdesk.exchange import text_file
from refdesk.exchange.text_file import read_text_file

posix_only = pytest.mark.skipif(os.name != "posix", reason="FIFOs and /dev are POSIX")


def read_in_thread(path: Path) -> tuple[threading.Thread, list]:
    outcome: list = []

    def read() -> None:
        try:
            outcome.append(read_text_file(path))
        except Exception as exc:
            outcome.append(exc)

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread, outcome


@posix_only
def test_a_fifo_is_refused_without_opening_it(tmp_path):
    fifo = tmp_path / "contacts.csv"
    os.mkfifo(fifo)
    thread, outcome = read_in_thread(fifo)
    thread.join(timeout=30)  # a hang guard: the refusal takes microseconds
    if thread.is_alive():
        # The reader is blocked opening the FIFO: give it a writer, then EOF.
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        thread.join(timeout=30)
        pytest.fail("reading a FIFO blocked until something wrote to it")
    assert len(outcome) == 1 and isinstance(outcome[0], RefdeskError), outcome
    assert str(outcome[0]) == (f"{fifo} is a named pipe, not a regular file; "
                               "choose a CSV or vCard file.")


@posix_only
@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_import_of_dev_zero_is_one_clear_line():
    import resource

    def small_memory() -> None:  # before the fix this read until memory ran out
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    done = subprocess.run([sys.executable, "-m", "refdesk", "import", "/dev/zero", "--dry-run"],
                          capture_output=True, text=True, timeout=120,
                          preexec_fn=small_memory)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == ("refdesk: error: /dev/zero is a device, not a regular file; "
                           "choose a CSV or vCard file.\n")


def test_a_file_over_the_limit_is_refused_naming_it_and_the_limit(write_file, monkeypatch):
    monkeypatch.setattr(text_file, "MAX_BYTES", 1024)
    path = write_file("big.csv", "Name\n" + "Ann\n" * 300)
    with pytest.raises(RefdeskError) as refused:
        read_text_file(path)
    assert str(refused.value) == ("big.csv is bigger than 1 KB, far beyond any address book; "
                                  "is it the right file?")
    path.write_text("Name\n" + "Ann\n" * 250)  # exactly at the limit: read
    assert read_text_file(path).text.count("Ann") == 250


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="no /proc")
def test_what_is_read_is_bounded_even_when_the_size_says_zero(monkeypatch):
    # /proc files are regular files of size 0 that read on and on; a file can
    # also grow after its size was looked at. The read itself stops.
    maps = Path("/proc/self/maps")
    assert maps.stat().st_size == 0
    monkeypatch.setattr(text_file, "MAX_BYTES", 64)
    with pytest.raises(RefdeskError, match=r"^maps is bigger than 64 bytes"):
        read_text_file(maps)
