"""``refdesk import`` end to end through refdesk.cli.main, on a book in tmp_path."""

from __future__ import annotations

import pytest

from refdesk.book import Book
from refdesk.cli import main


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    """Keep the default book (no --db) inside tmp_path, never the user's own."""
    folder = tmp_path / "data"
    monkeypatch.setenv("REFDESK_DATA_DIR", str(folder))
    return folder


def names(path):
    with Book.open(path) as book:
        return sorted(row.name for row in book.contacts.rows())


def test_import_vcard_then_again(tmp_path, address_book, capsys):
    db = tmp_path / "b.refdesk"
    vcf = address_book("ez-vcard__John_Doe_ANDROID.vcf")
    assert main(["import", str(vcf), "--db", str(db), "--tag", "phone"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:3] == [
        "Read 6 records from ez-vcard__John_Doe_ANDROID.vcf (vCard, UTF-8).",
        "Added 6 contacts from ez-vcard__John_Doe_ANDROID.vcf.",
        f"Book: {db}"]
    assert "Imported, with a problem:" in out
    assert "  line 1 (John Doe): no name or company; named after the e-mail address" in out
    with Book.open(db) as book:
        assert {row.tags for row in book.contacts.rows()} == {"phone"}

    assert main(["import", str(vcf), "--db", str(db)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1] == ("Added 0 contacts from ez-vcard__John_Doe_ANDROID.vcf; "
                      "6 already in the book.")
    assert "Skipped as duplicates:" in out
    assert len(names(db)) == 6


def test_default_book_kind_and_dry_run(data_dir, address_book, capsys):
    csv = address_book("thunderbird__csv_no_header.csv")
    book = data_dir / "book.refdesk"
    assert main(["import", str(csv), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Would add 2 contacts" in out and "Dry run: nothing was written." in out
    assert "No header line: columns read as display name" in out
    assert not book.exists()  # a dry run creates no book

    assert main(["import", str(csv), "--kind", "prospect"]) == 0
    with Book.open(book) as opened:
        assert {(r.name, r.kind) for r in opened.contacts.rows()} == {
            ("John Doe", "prospect"), ("Jane Doe", "prospect")}


@pytest.mark.parametrize(("name", "message"), [
    ("csvkit__null_byte.csv", "csvkit__null_byte.csv, line 2: contains a NUL byte"),
    ("csvkit__bad.csv", "csvkit__bad.csv, line 1: there is no header line"),
])
def test_unusable_file_is_one_line_error(tmp_path, address_book, capsys, name, message):
    db = tmp_path / "b.refdesk"
    assert main(["import", str(address_book(name)), "--db", str(db)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"refdesk: error: {message}")
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert not db.exists()  # the file is read before any book is made


def test_missing_file_and_bad_kind(tmp_path, capsys):
    assert main(["import", str(tmp_path / "nope.vcf"), "--db", str(tmp_path / "b")]) == 1
    assert "There is no file" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["import", "x.csv", "--kind", "referred"])
    assert exit_info.value.code == 2


def test_long_problem_lists_are_cut(tmp_path, write_file, capsys):
    rows = "\n".join(f"P{i},Q{i},bad{i}" for i in range(15))
    path = write_file("many.csv", f"First Name,Last Name,Email\n{rows}\n")
    assert main(["import", str(path), "--db", str(tmp_path / "b.refdesk")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert sum(line.startswith("  line ") for line in out) == 10
    assert out[-1] == "  ... and 5 more."
