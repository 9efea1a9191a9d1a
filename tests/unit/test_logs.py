"""The log file: where it is, what it holds (and never holds), and that it
never stops refdesk. conftest's autouse fixture removes the handler after
each test, so each test logs into its own data folder."""

from __future__ import annotations

import datetime as dt
import logging
import os

import pytest

from refdesk import __version__, logs
from refdesk.book import Book
from refdesk.cli import main
from refdesk.demo import write_demo_book

AS_OF = "2026-11-22"


@pytest.fixture
def demo_path(tmp_path):
    path = tmp_path / "demo.refdesk"
    write_demo_book(path, 20, seed=1, as_of=dt.date(2026, 11, 22))
    return path


def contact_data(path) -> list[str]:
    """Names, emails and companies from the book: none may reach the log."""
    with Book.open(path, create=False) as book:
        rows = book.contacts.rows()
    return [value for r in rows for value in (r.name, r.email, r.company) if value]


def test_a_command_writes_a_private_log_in_the_log_folder(demo_path, _private_data_dir):
    assert main(["today", "--db", str(demo_path), "--as-of", AS_OF]) == 0
    log_file = _private_data_dir / "logs" / "refdesk.log"
    assert logs.log_path() == log_file
    text = log_file.read_text(encoding="utf-8")
    assert f"refdesk {__version__} started (today)" in text
    assert str(demo_path) in text and "Python " in text
    if os.name == "posix":
        assert log_file.stat().st_mode & 0o777 == 0o600


def test_an_error_naming_a_contact_reaches_the_user_but_not_the_log(
        demo_path, _private_data_dir, tmp_path, capsys):
    with Book.open(demo_path, create=False) as book:
        owed = {fu.referrer_id for fu in book.cards.owed(dt.date(2026, 11, 22))}
        contact = next(r for r in book.contacts.rows() if r.id not in owed)
    assert main(["card", "--db", str(demo_path), "--contact", str(contact.id), "--as-of",
                 AS_OF, "-o", str(tmp_path / "card.pdf")]) == 1
    assert f"no card is due for {contact.name}" in capsys.readouterr().err
    text = (_private_data_dir / "logs" / "refdesk.log").read_text(encoding="utf-8")
    assert "WARNING refdesk.cli: card stopped: RefdeskError" in text
    leaked = [value for value in contact_data(demo_path) if value in text]
    assert leaked == []


def test_setting_up_twice_adds_no_second_handler(demo_path):
    first = logs.setup_logging(demo_path, command="gui")
    assert logs.setup_logging(demo_path, command="gui") == first
    handlers = logging.getLogger("refdesk").handlers
    assert len([h for h in handlers if isinstance(h, logging.FileHandler)]) == 1
    assert first.read_text(encoding="utf-8").count(" started ") == 1


def test_an_unwritable_log_folder_does_not_stop_the_command(demo_path, _private_data_dir,
                                                            capsys):
    (_private_data_dir / "logs").write_text("a file where the log folder should be")
    assert main(["today", "--db", str(demo_path), "--as-of", AS_OF]) == 0
    captured = capsys.readouterr()
    assert captured.err == "" and "Today, " in captured.out
    assert logs.log_unexpected("a test", RuntimeError("nowhere to go")) is None
    assert capsys.readouterr().err == ""


def test_an_unexpected_error_is_one_line_for_the_user_and_a_traceback_in_the_log(
        demo_path, _private_data_dir, monkeypatch, capsys):
    import refdesk.today_command

    def broken(args):
        raise RuntimeError("the board fell over\nsecond line")

    monkeypatch.setattr(refdesk.today_command, "run", broken)
    assert main(["today", "--db", str(demo_path), "--as-of", AS_OF]) == 1
    log_file = _private_data_dir / "logs" / "refdesk.log"
    err = capsys.readouterr().err
    assert err == (f"refdesk: unexpected error: RuntimeError: the board fell over; "
                   f"the details are in {log_file}\n")
    text = log_file.read_text(encoding="utf-8")
    assert "ERROR refdesk: Unexpected error in today" in text
    assert "Traceback (most recent call last)" in text and "in broken" in text


def test_log_unexpected_takes_an_excepthook_triple(_private_data_dir):
    written = logs.setup_logging()
    try:
        raise ValueError("bad value")
    except ValueError as exc:
        triple = (type(exc), exc, exc.__traceback__)
    assert logs.log_unexpected("the main window", triple) == written
    text = written.read_text(encoding="utf-8")
    assert "Unexpected error in the main window" in text and "ValueError: bad value" in text


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_rotated_log_files_stay_private(monkeypatch):
    monkeypatch.setattr(logs, "MAX_BYTES", 500)
    written = logs.setup_logging()
    for n in range(40):
        logging.getLogger("refdesk.test").info("line %d", n)
    files = sorted(written.parent.iterdir())
    assert [f.name for f in files] == ["refdesk.log", "refdesk.log.1", "refdesk.log.2",
                                       "refdesk.log.3"]
    assert {f.stat().st_mode & 0o777 for f in files} == {0o600}


def test_the_log_rotates_by_size_keeping_the_newest_lines_in_order(monkeypatch):
    monkeypatch.setattr(logs, "MAX_BYTES", 500)
    written = logs.setup_logging()
    for n in range(60):
        logging.getLogger("refdesk.test").info("line %d", n)
    names = ["refdesk.log.3", "refdesk.log.2", "refdesk.log.1", "refdesk.log"]  # oldest first
    texts = [(written.parent / name).read_text(encoding="utf-8") for name in names]
    assert all(0 < len(text.encode()) < 500 for text in texts)
    numbers = [int(line.rsplit(" ", 1)[1]) for text in texts for line in text.splitlines()
               if "refdesk.test: line " in line]
    # What is kept runs without a gap to the last line; the oldest files were dropped.
    assert numbers == list(range(numbers[0], 60)) and numbers[0] > 0


def test_a_log_deleted_while_open_is_made_again_when_full(monkeypatch):
    monkeypatch.setattr(logs, "MAX_BYTES", 500)
    written = logs.setup_logging()
    written.unlink()  # a user or a cleaner empties the log folder
    for n in range(60):
        logging.getLogger("refdesk.test").info("line %d", n)
    assert written.exists() and written.stat().st_size < 500
    assert "refdesk.test: line 59" in written.read_text(encoding="utf-8")


def test_a_deferred_log_keeps_its_records_until_the_file_opens(demo_path, _private_data_dir,
                                                               capsys):
    written = logs.setup_logging(demo_path, command="gui", defer=True)
    logging.getLogger("refdesk.test").warning("before the paint")
    assert not written.exists() and capsys.readouterr().err == ""  # nothing on the terminal
    logs.finish_logging()
    lines = written.read_text(encoding="utf-8").splitlines()
    assert " started (gui); " in lines[0] and lines[1].endswith("refdesk.test: before the paint")
    logs.finish_logging()  # once only
    assert logs.setup_logging(demo_path, command="gui") == written
    assert written.read_text(encoding="utf-8").count(" started ") == 1
