"""Two ``refdesk import`` processes at once on one book: each contact lands once.

Real processes on a real file: the duplicate check must see what the other
import wrote, so it has to run inside the write transaction.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from refdesk.book import Book

CONTACTS = 400
ROUNDS = 3

# Imports first, then waits for "go" on stdin: both processes start the
# import itself within a millisecond or two of each other.
CHILD = """
import sys
from refdesk.cli import main
import refdesk.book, refdesk.exchange.command
print("ready", flush=True)
sys.stdin.readline()
sys.exit(main(sys.argv[1:]))
"""


def contacts_file(path) -> None:
    rows = ["First Name,Last Name,Company,E-mail Address"]
    rows += [f"Person{i},Surname{i},Firm {i % 17},person{i}@example.com"
             for i in range(CONTACTS)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def start_import(csv, db) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, "import", str(csv), "--db", str(db)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=os.environ.copy())


@pytest.mark.slow
def test_two_imports_at_once_add_each_contact_once(tmp_path):
    csv = tmp_path / "people.csv"
    contacts_file(csv)
    for round_no in range(ROUNDS):
        db = tmp_path / f"book{round_no}.refdesk"
        Book.open(db).close()  # both processes open an existing book
        procs = [start_import(csv, db) for _ in range(2)]
        try:
            for proc in procs:
                assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
            for proc in procs:
                proc.stdin.write("go\n")
                proc.stdin.flush()
            outputs = [proc.communicate(timeout=120) for proc in procs]
        finally:
            for proc in procs:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
        assert [proc.returncode for proc in procs] == [0, 0], outputs
        summaries = sorted(out.splitlines()[1] for out, _ in outputs)
        assert summaries == [
            f"Added 0 contacts from people.csv; {CONTACTS} already in the book.",
            f"Added {CONTACTS} contacts from people.csv."], outputs
        with Book.open(db) as book:
            names = [row.name for row in book.contacts.rows()]
        assert len(names) == len(set(names)) == CONTACTS, f"round {round_no + 1}"


def test_a_book_held_by_another_writer_is_one_clear_error(tmp_path, import_book, write_file):
    import sqlite3

    from refdesk.errors import RefdeskError
    from refdesk.exchange import import_contacts

    path = write_file("c.csv", "First Name,Last Name\nAnn,Lee\n")
    other = sqlite3.connect(import_book.path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # another process writing, for longer than we wait
        import_book.db.execute_sql("PRAGMA busy_timeout = 50")
        with pytest.raises(RefdeskError, match=r"could not be written .*Nothing was imported"):
            import_contacts(import_book, path)
    finally:
        other.close()
    assert import_contacts(import_book, path).added == 1
