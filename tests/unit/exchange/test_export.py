"""refdesk export: CSV (BOM, labelled columns, formula injection), vCard 4.0
read back by the importer, the follow-up calendar, and the book file."""

from __future__ import annotations

import csv
import io
import stat

import pytest

from refdesk.book import Book
from refdesk.book.records import ContactData
from refdesk.cli import main
from refdesk.exchange import import_contacts, read_contacts
from refdesk.exchange.book_contacts import load_contacts
from refdesk.exchange.csv_export import contacts_csv
from refdesk.exchange.spreadsheet_cells import neutralized, restored
from refdesk.exchange.vcard_export import contacts_vcard


def people() -> list[ContactData]:
    return [
        ContactData(kind="prospect", prefix="Dr.", first_name="Zoë", middle_name="Q",
                    last_name="Ünal", suffix="PhD", nickname="Zo", company="Café, Crème; SA",
                    title="Owner", emails=[("zoe@cafe.example", "work"),
                                           ("zo@home.example", "Personal assistant")],
                    phones=[("+12125550100", "mobile"), ("+49301234567 ext. 5", "work fax"),
                            ("555 0100", "")],
                    street="1 Main St\nSuite 2", city="Town", region="NY",
                    postal_code="10001", country="USA", tags=["VIP", "golf, tennis"],
                    notes="Met at the fair.\nLikes tea; not coffee.\n" + "long " * 40),
        ContactData(first_name="=HYPERLINK(\"http://evil.example\")", last_name="-2+3",
                    company="@SUM(A1)", notes="\t=cmd|' /C calc'!A0",
                    emails=[("plain@x.example", "")], phones=[("+441632960961", "home")]),
        ContactData(company="Acme Ltd"),
    ]


@pytest.fixture
def filled_book(import_book):
    for person in people():
        import_book.contacts.add(person)
    return import_book


@pytest.mark.parametrize(("cell", "written"), [
    ("=1+2", "'=1+2"), ("+15550100", "'+15550100"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("'=1", "''=1"), ("a=1", "a=1"), ("'plain", "'plain"),
    ("", ""), ("Zoë", "Zoë"),
])
def test_formula_cells_are_neutralized_and_read_back(cell, written):
    assert neutralized(cell) == written
    assert restored(written) == cell


def test_csv_has_bom_labelled_columns_and_no_live_formula(filled_book, tmp_path):
    path = tmp_path / "out.csv"
    assert main(["export", "csv", "--db", str(filled_book.path), "-o", str(path)]) == 0
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == 3  # one a contact; multi-line notes stay in their cell
    zoe = next(r for r in rows if r["First Name"] == "Zoë")
    assert (zoe["E-mail 1 - Label"], zoe["E-mail 1 - Value"]) == ("work", "zoe@cafe.example")
    assert (zoe["E-mail 2 - Label"], zoe["E-mail 2 - Value"]) == ("Personal assistant",
                                                                  "zo@home.example")
    # E.164 starts with "+": written with the apostrophe that makes it text.
    assert (zoe["Phone 1 - Label"], zoe["Phone 1 - Value"]) == ("mobile", "'+12125550100")
    assert zoe["Phone 3 - Value"] == "555 0100"
    assert zoe["Notes"].startswith("Met at the fair.\nLikes tea; not coffee.\n")
    assert zoe["Company"] == "Café, Crème; SA" and zoe["Labels"] == "VIP ::: golf, tennis"
    evil = next(r for r in rows if r["Company"] == "'@SUM(A1)")
    assert evil["First Name"] == "'=HYPERLINK(\"http://evil.example\")"
    assert evil["Last Name"] == "'-2+3"
    assert evil["Notes"] == "'\t=cmd|' /C calc'!A0"
    for row in rows:  # no cell a spreadsheet would run
        assert not any(v[:1] in ("=", "+", "-", "@", "\t", "\r") for v in row.values())


def test_csv_reads_back_into_an_empty_book(filled_book, tmp_path):
    path = tmp_path / "out.csv"
    path.write_bytes(contacts_csv(load_contacts(filled_book), {}).encode("utf-8-sig"))
    with Book.open(tmp_path / "new.refdesk") as other:
        report = import_contacts(other, path)
        assert report.counts() == {"new": 3, "merged": 0, "skipped": 0}
        back = {c.display_name: c for c in load_contacts(other)}
    for before in load_contacts(filled_book):
        after = back[before.display_name]
        assert (after.emails, after.phones) == (before.emails, before.phones)
        assert (after.first_name, after.last_name, after.company, after.notes) == (
            before.first_name, before.last_name, before.company, before.notes.strip())
        assert sorted(after.tags) == sorted(before.tags)


def test_vcard_is_4_0_and_reads_back_with_every_field(filled_book, tmp_path):
    path = tmp_path / "out.vcf"
    assert main(["export", "vcard", "--db", str(filled_book.path), "-o", str(path)]) == 0
    text = path.read_bytes().decode("utf-8")
    assert text.count("BEGIN:VCARD\r\nVERSION:4.0\r\n") == 3
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert "TEL;VALUE=uri;TYPE=cell;PREF=1:tel:+12125550100\r\n" in text
    assert 'TEL;VALUE=uri;TYPE="work,fax":tel:+49301234567;ext=5\r\n' in text
    assert "ORG:Café\\, Crème\\; SA\r\n" in text
    result = read_contacts(path)
    assert result.problems == [] and result.encoding == "UTF-8"
    originals = load_contacts(filled_book)
    for before, after in zip(originals, result.contacts, strict=True):
        for name in ("prefix", "first_name", "middle_name", "last_name", "suffix",
                     "nickname", "company", "title", "street", "city", "region",
                     "postal_code", "country", "notes", "emails", "phones", "tags"):
            # The importer trims notes: the tab before "=cmd" is not kept.
            expected = getattr(before, name)
            assert getattr(after, name) == (expected.strip() if name == "notes" else expected)


def test_vcard_of_the_rfc_example_survives_a_round_trip(import_book, address_book, tmp_path):
    import_contacts(import_book, address_book("ez-vcard__rfc6350-example.vcf"))
    [before] = load_contacts(import_book)
    path = tmp_path / "again.vcf"
    path.write_text(contacts_vcard([before]), encoding="utf-8")
    [after] = read_contacts(path).contacts
    assert (after.display_name, after.emails, after.phones, after.street, after.city) == (
        before.display_name, before.emails, before.phones, before.street, before.city)


def test_ics_export_writes_the_follow_up_calendar(tmp_path, capsys):
    db = tmp_path / "demo.refdesk"
    assert main(["demo", "--contacts", "40", "--db", str(db), "--as-of", "2026-05-04"]) == 0
    capsys.readouterr()
    out = tmp_path / "f.ics"
    assert main(["export", "ics", "--db", str(db), "-o", str(out),
                 "--as-of", "2026-05-04"]) == 0
    assert "open follow-up" in capsys.readouterr().out
    text = out.read_text()
    assert text.startswith("BEGIN:VCALENDAR") and "BEGIN:VEVENT" in text


def test_export_refuses_a_missing_book(tmp_path, capsys):
    assert main(["export", "csv", "--db", str(tmp_path / "none.refdesk"),
                 "-o", str(tmp_path / "x.csv")]) == 1
    assert "There is no book at" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()
