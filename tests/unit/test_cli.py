"""The refdesk command line: versions, sub-commands, one-line errors."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from refdesk import __version__
from refdesk.cli import main


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "refdesk", *args], capture_output=True,
                          text=True, timeout=120, env={**os.environ, **(env or {})})


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"refdesk {__version__}"


def test_demo_writes_a_book(tmp_path, capsys):
    path = tmp_path / "demo.refdesk"
    assert main(["demo", "--contacts", "25", "--db", str(path), "--seed", "2",
                 "--as-of", "2026-11-22"]) == 0
    assert "25 contacts" in capsys.readouterr().out
    assert sqlite3.connect(path).execute("SELECT count(*) FROM contact").fetchone()[0] == 25



def test_a_new_demo_book_keeps_todays_board_so_its_first_start_is_quick(tmp_path):
    import datetime as dt

    from refdesk.book import Book
    from refdesk.book.board_cache import load_board

    path = tmp_path / "demo.refdesk"
    assert main(["demo", "--contacts", "25", "--db", str(path), "--as-of", "2026-11-22"]) == 0
    book = Book.open(path)
    today = dt.date(2026, 11, 22)  # the book's day; the wall clock may cross midnight
    assert load_board(book, today) == (book.board.evaluate(today), book.board.agenda(today))
    book.close()


def test_bad_input_is_one_line_on_stderr_without_traceback(tmp_path):
    (tmp_path / "x.refdesk").write_text("hello")
    result = run("backup", "--db", str(tmp_path / "x.refdesk"))
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "not a refdesk book" in result.stderr and "Traceback" not in result.stderr
    bad_date = run("demo", "--db", str(tmp_path / "y.refdesk"), "--as-of", "22/11/2026")
    assert bad_date.returncode == 2 and "not a date" in bad_date.stderr


def test_a_reader_that_stops_reading_ends_the_command_quietly(tmp_path):
    """``refdesk import FILE --json | head``: when the pipe closes, no error
    line and no traceback, and the status a shell gives a command SIGPIPE ends."""
    book, people = tmp_path / "b.refdesk", tmp_path / "p.csv"
    rows = [f"Ann,Lee{i},ann{i}@example.com" for i in range(3000)]
    people.write_text("\n".join(["First Name,Last Name,E-mail Address", *rows]) + "\n",
                      encoding="utf-8")
    assert run("import", str(people), "--db", str(book)).returncode == 0
    # Again: a report of 3,000 duplicates, far more than a pipe holds.
    again = subprocess.Popen([sys.executable, "-m", "refdesk", "import", str(people), "--db",
                              str(book), "--json"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=dict(os.environ))
    assert again.stdout.read(2) == b'{"'
    again.stdout.close()  # as head does once it has its lines
    stderr = again.stderr.read()
    assert again.wait(timeout=120) == 141 and stderr == b""


def test_backup_and_restore_round_trip(tmp_path, capsys):
    book, copy = tmp_path / "b.refdesk", tmp_path / "copy.refdesk"
    main(["demo", "--contacts", "10", "--db", str(book), "--as-of", "2026-11-22"])
    assert main(["backup", "--db", str(book), "-o", str(copy)]) == 0
    sqlite3.connect(book).execute("DELETE FROM contact").connection.commit()
    assert main(["restore", str(copy), "--db", str(book)]) == 0
    out = capsys.readouterr().out
    assert "kept at" in out
    assert sqlite3.connect(book).execute("SELECT count(*) FROM contact").fetchone()[0] == 10


def test_restore_refuses_a_non_book(tmp_path, capsys):
    book, junk = tmp_path / "b.refdesk", tmp_path / "junk.refdesk"
    main(["demo", "--contacts", "3", "--db", str(book), "--as-of", "2026-11-22"])
    junk.write_text("name,email\n")
    assert main(["restore", str(junk), "--db", str(book)]) == 1
    assert "not a refdesk book" in capsys.readouterr().err


def test_smoke_test_prints_timings_and_the_contacts_shown(tmp_path):
    book = tmp_path / "b.refdesk"
    main(["demo", "--contacts", "40", "--db", str(book), "--as-of", "2026-11-22"])
    result = run("--smoke-test", "--db", str(book), env={"QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["contacts_shown"] == 40
    assert 0 < report["book_open_ms"] <= report["window_shown_ms"] <= report["first_paint_ms"]
    # Wall-clock stamps (epoch seconds) let the start-up benchmark time launch to paint.
    assert isinstance(report["first_paint_at"], float)
    assert report["first_paint_at"] <= report["board_fresh_at"]


def test_smoke_test_fails_clearly_on_a_bad_book(tmp_path):
    (tmp_path / "bad.refdesk").write_text("nope")
    result = run("--smoke-test", "--db", str(tmp_path / "bad.refdesk"),
                 env={"QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 1
    assert "not a refdesk book" in result.stderr


def test_demo_flag_never_opens_the_real_book(tmp_path, _private_data_dir):
    result = run("--smoke-test", "--demo", env={"QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["book"].endswith("demo.refdesk") and report["contacts_shown"] == 250
    assert not (_private_data_dir / "book.refdesk").exists()


def test_db_given_before_the_sub_command_is_honoured(tmp_path, capsys):
    book = tmp_path / "b.refdesk"
    main(["demo", "--contacts", "3", "--db", str(book), "--as-of", "2026-11-22"])
    assert main(["--db", str(book), "backup", "-o", str(tmp_path / "c.refdesk")]) == 0
    assert f"Backed up {book}" in capsys.readouterr().out


def test_an_empty_demo_file_left_by_a_stopped_start_is_written_anew(tmp_path):
    import datetime as dt

    from refdesk.book import Book
    from refdesk.demo_book import DEMO_CONTACTS, demo_book

    path = tmp_path / "demo.refdesk"
    path.write_bytes(b"")
    assert demo_book(dt.date(2026, 11, 22), path) == path
    with Book.open(path, create=False) as book:
        assert book.contacts.count() == DEMO_CONTACTS


def _built(monkeypatch) -> list[str]:
    """The sub-commands whose full parser gets built from here on."""
    from refdesk import cli

    built: list[str] = []
    for name, (add, summary) in list(cli.BUILT_IN_COMMANDS.items()):
        def recording(sub, add=add, name=name):
            built.append(name)
            add(sub)
        monkeypatch.setitem(cli.BUILT_IN_COMMANDS, name, (recording, summary))
    monkeypatch.setattr(cli, "LAZY_COMMANDS", {
        name: (module, summary) for name, (module, summary) in cli.LAZY_COMMANDS.items()})
    real = cli._add_lazy_commands

    def lazy(sub, tokens, wanted_all, stubs):
        before = set(sub.choices)
        real(sub, tokens, wanted_all, stubs)
        built.extend(name for name in sub.choices if name not in before
                     and sub.choices[name].get_default("handler") is not None)
    monkeypatch.setattr(cli, "_add_lazy_commands", lazy)
    return built


def test_a_window_start_builds_no_sub_command_parser(monkeypatch, tmp_path):
    from pathlib import Path

    from refdesk.cli import parse_args

    built = _built(monkeypatch)
    args = parse_args(["--smoke-test", "--db", str(tmp_path / "b.refdesk")])
    assert (args.command, args.db, args.smoke_test, args.demo) == \
        (None, Path(tmp_path / "b.refdesk"), True, False)
    assert parse_args([]).command is None and parse_args(["--demo"]).demo
    assert built == []


def test_a_named_command_builds_its_own_parser_alone(monkeypatch, tmp_path):
    from refdesk.cli import parse_args

    built = _built(monkeypatch)
    args = parse_args(["import", "--db", str(tmp_path / "b.refdesk"), "contacts.csv"])
    assert args.command == "import" and built == ["import"]
    built.clear()
    assert parse_args(["backup", "-o", "copy.refdesk"]).command == "backup"
    assert built == ["backup"]


@pytest.mark.parametrize("argv, says", [
    (["--db", "a", "--demo"], "not allowed with argument"),
    (["--db"], "expected one argument"),
    (["nosuchcommand"], "invalid choice: 'nosuchcommand'"),
])
def test_a_wrong_window_start_is_told_by_the_whole_parser(argv, says, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert says in err and "COMMAND" in err  # the usage line lists the sub-commands


@pytest.mark.parametrize("argv", [[], ["--smoke-test"], ["--demo"], ["--db", "b.refdesk"],
                                  ["--smoke-test", "--db", "x y.refdesk", "--smoke-test"],
                                  ["--db", "a", "--db", "b"], ["--db=b.refdesk"],
                                  ["--smoke", "--db", "b"], ["--demo", "--smoke-test"]])
def test_a_window_start_is_read_as_argparse_reads_it(argv):
    from refdesk.cli import _top_parser, parse_args

    assert vars(parse_args(argv)) == {**vars(_top_parser().parse_args(argv)), "command": None}


def test_the_process_own_command_skips_the_last_collection(monkeypatch, tmp_path, capsys):
    """main() run on the process's command line (argv None) imports its
    command's modules with the collector off and freezes what they made, and
    freezes what is left for the interpreter's exit; called with arguments,
    as here and by other code, it leaves the collector alone."""
    import gc

    frozen = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))
    def command(name: str) -> list[str]:
        return ["demo", "--contacts", "3", "--db", str(tmp_path / name), "--as-of", "2026-11-22"]

    assert main(command("a.refdesk")) == 0 and frozen == []
    monkeypatch.setattr(sys, "argv", ["refdesk", *command("b.refdesk")])
    # Once after its modules are imported (the collector off meanwhile), once at the end.
    assert main() == 0 and frozen == [True, True] and gc.isenabled()
