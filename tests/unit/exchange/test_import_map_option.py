"""``refdesk import --map``: the command line's answer to what a CSV's columns hold."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from refdesk.book import Book
from refdesk.cli import main

FRENCH = ("Nom,Prénom,Courriel,Société,Portable,Anniversaire\n"
          "Dupont,Marie,marie@dupont.fr,Boulangerie Dupont,+33 6 12 34 56 78,1980-02-03\n"
          "Martin,Luc,luc@martin.fr,,+33 6 98 76 54 32,\n")


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    """Keep the default book and the log inside tmp_path, never the user's own."""
    monkeypatch.setenv("REFDESK_DATA_DIR", str(tmp_path / "data"))


def contacts(path):
    with Book.open(path) as book:
        return sorted((c.first_name, c.last_name, c.company, c.emails, c.phones)
                      for c in (book.contacts.get(row.id) for row in book.contacts.rows()))


def test_map_says_what_unknown_headers_hold(tmp_path, write_file, capsys):
    path = write_file("carnet.csv", FRENCH)
    db = tmp_path / "b.refdesk"
    # Headers by name, loosely (case, spacing), fields by key or by label.
    assert main(["import", str(path), "--db", str(db), "--json", "--map",
                 "nom=last_name, PRÉNOM=First name,Courriel=email,Société=company,"
                 "Portable=phone,Anniversaire=ignore"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["new"], report["errors"]) == (2, [])
    assert contacts(db) == [
        ("Luc", "Martin", "", [("luc@martin.fr", "")], [("+33698765432", "")]),
        ("Marie", "Dupont", "Boulangerie Dupont", [("marie@dupont.fr", "")],
         [("+33612345678", "")])]


def test_map_by_column_number(tmp_path, write_file, capsys):
    path = write_file("carnet.csv", FRENCH)
    db = tmp_path / "b.refdesk"
    assert main(["import", str(path), "--db", str(db), "--map",
                 "1=last_name,2=first_name,3=email,4=ignore,5=ignore,6=ignore"]) == 0
    assert "Added 2 contacts from carnet.csv." in capsys.readouterr().out
    assert [c[:3] for c in contacts(db)] == [("Luc", "Martin", ""), ("Marie", "Dupont", "")]


@pytest.mark.parametrize(("given", "message"), [
    ("Courriel=mail", "--map: 'mail' is not a contact field; use one of first_name, "),
    ("Mail=email", "--map: the header has no column 'Mail'; its columns are 1: Nom, "
                   "2: Prénom, 3: Courriel, 4: Société, 5: Portable, 6: Anniversaire."),
    ("Courriel", "--map: 'Courriel' should be COLUMN=FIELD"),
    ("9=email", "--map: the header has no column '9'"),
    ("²=email", "--map: the header has no column '²'"),  # a digit int() refuses
    (" , ", "--map names no column"),
])
def test_a_wrong_map_is_one_line_and_makes_no_book(tmp_path, write_file, capsys, given,
                                                    message):
    path = write_file("carnet.csv", FRENCH)
    db = tmp_path / "b.refdesk"
    assert main(["import", str(path), "--db", str(db), "--map", given]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"refdesk: error: {message}")
    assert captured.err.count("\n") == 1
    assert not db.exists()


def test_two_columns_of_one_name_are_told_apart_by_number(tmp_path, write_file, capsys):
    path = write_file("twice.csv", "Nom,Mail,Mail\nDupont,a@dupont.fr,b@dupont.fr\n")
    db = tmp_path / "b.refdesk"
    assert main(["import", str(path), "--db", str(db), "--map", "Nom=company,Mail=email"]) == 1
    assert "2 columns are headed 'Mail'; name the one you mean by its number (1: Nom, " \
           "2: Mail, 3: Mail)" in capsys.readouterr().err
    assert main(["import", str(path), "--db", str(db),
                 "--map", "Nom=company,2=email,3=email"]) == 0
    assert contacts(db) == [("", "", "Dupont", [("a@dupont.fr", ""), ("b@dupont.fr", "")], [])]


def test_map_is_for_a_csv_with_a_header(tmp_path, write_file, capsys):
    card = write_file("one.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEND:VCARD\r\n")
    assert main(["import", str(card), "--db", str(tmp_path / "b.refdesk"),
                 "--map", "FN=full_name"]) == 1
    assert "one.vcf: --map is for a CSV file with a header line" in capsys.readouterr().err


def test_a_csv_import_loads_neither_the_vcard_reader_nor_the_mapping(tmp_path, write_file):
    # Start-up is most of a small import's time: a command reads one kind of file.
    path = write_file("people.csv", "First Name,Last Name,E-mail Address\nAnn,Lee,a@lee.org\n")
    code = ("import sys, io, contextlib\n"
            "from refdesk.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    assert main(['import', {str(path)!r}, '--db', {str(tmp_path / 'b')!r}]) == 0\n"
            "print(sorted(m for m in sys.modules if m.startswith('refdesk.exchange.vcard')\n"
            "             or m == 'refdesk.exchange.column_mapping'))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"
