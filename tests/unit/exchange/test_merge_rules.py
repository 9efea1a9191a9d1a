"""Who an imported record is: the matching rule, field-by-field merging, E.164 phones."""

from __future__ import annotations

import json

import pytest

from refdesk.book import Book
from refdesk.book.records import ContactData
from refdesk.cli import main
from refdesk.exchange import import_contacts
from refdesk.exchange.phones import PhoneNormalizer

HEADER = "First Name,Last Name,Company,Email,Phone,Notes"


def csv_file(write_file, *rows: str, name: str = "c.csv"):
    return write_file(name, "\n".join([HEADER, *rows]) + "\n")


def test_same_phone_and_name_merges_but_a_shared_office_phone_does_not(import_book,
                                                                      write_file):
    import_book.settings.set("phone_region", "US")
    ann = import_book.contacts.add(ContactData(first_name="Ann", last_name="Lee",
                                               phones=[("+12125550100", "work")]))
    report = import_contacts(import_book, csv_file(
        write_file, "Ann,Lee,,ann@x.org,(212) 555-0100,",  # same person: name and phone
        "Bob,Ray,,,212.555.0100,"))  # the same office line, someone else
    assert report.counts() == {"new": 1, "merged": 1, "skipped": 0}
    assert report.merges[0].reason == "same name and phone +12125550100"
    assert import_book.contacts.get(ann).emails == [("ann@x.org", "")]
    bob = import_book.contacts.get(report.added_ids[0])
    assert bob.phones == [("+12125550100", "")]


def test_a_name_alone_never_merges(import_book, write_file):
    import_book.contacts.add(ContactData(first_name="Ann", last_name="Lee", notes="golf"))
    report = import_contacts(import_book, csv_file(write_file, "Ann,Lee,,,,met at a fair",
                                                   "Ann,Lee,,,,"))
    # The first Ann Lee brings a note of her own: someone else of the same name.
    # The second holds nothing the book's Ann Lee lacks: the same record again.
    assert report.counts() == {"new": 1, "merged": 0, "skipped": 1}
    assert report.duplicates[0].reason == ("same name and nothing else as Ann Lee (in the "
                                           "book); nothing new")
    assert import_book.contacts.count() == 2


def test_different_emails_tell_a_name_and_company_apart(import_book, write_file):
    import_book.contacts.add(ContactData(first_name="Ann", last_name="Lee", company="Acme",
                                         emails=[("ann@acme.com", "")]))
    report = import_contacts(import_book, csv_file(
        write_file, "Ann,Lee,ACME,ann.lee@other.org,,",  # another Ann Lee at Acme
        "Ann,Lee,Acme,,555 0101,"))  # no e-mail to tell her apart: the same Ann
    assert report.counts() == {"new": 1, "merged": 1, "skipped": 0}
    assert report.merges[0].line == 3


def test_merge_never_overwrites_and_reimport_changes_nothing(import_book, write_file):
    kept = import_book.contacts.add(ContactData(first_name="Ann", last_name="Lee",
                                                company="Old Co", notes="met at the fair",
                                                emails=[("ann@x.org", "home")], tags=["vip"]))
    path = csv_file(write_file, 'Ann,Lee,New Co,ann@x.org,+44 20 7946 0018,"new note"',
                    "Ann,Lee,,ANN@X.ORG,,")
    first = import_contacts(import_book, path, tag="from-file")
    assert first.counts() == {"new": 0, "merged": 1, "skipped": 1}
    stored = import_book.contacts.get(kept)
    assert (stored.company, stored.notes) == ("Old Co", "met at the fair")
    assert stored.phones == [("+442079460018", "")]
    assert stored.tags == ["from-file", "vip"]
    assert first.merges[0].gained == ("phone +442079460018", "tag from-file")
    revision = import_book.revision()

    again = import_contacts(import_book, path, tag="from-file")
    assert again.counts() == {"new": 0, "merged": 0, "skipped": 2}
    assert import_book.revision() == revision  # not a row touched
    assert import_book.contacts.get(kept) == stored


def test_dry_run_says_what_would_merge_into_whom(import_book, write_file):
    kept = import_book.contacts.add(ContactData(first_name="Ann", last_name="Lee",
                                                emails=[("ann@x.org", "")]))
    report = import_contacts(import_book, csv_file(write_file, "Ann,Lee,Acme,ann@x.org,,"),
                             dry_run=True)
    assert str(report.merges[0]) == ("line 2 (Ann Lee) into Ann Lee (in the book): same "
                                     "e-mail ann@x.org; adds company")
    assert report.summary() == ("Would add 0 contacts from c.csv; would merge 1 into "
                                "contacts already there.")
    assert import_book.contacts.get(kept).company == ""


def test_phones_become_e164_or_stay_as_typed():
    us = PhoneNormalizer("us")
    assert us.e164("(212) 555-0100") == "+12125550100"
    assert us.e164("+49 30 1234567 ext. 5") == "+49301234567 ext. 5"
    assert us.e164("call me") == "call me"  # cannot be parsed: as typed
    assert us.e164("12") == "12"  # not a possible number
    assert PhoneNormalizer("").e164("030 1234567") == "030 1234567"  # no region: as typed
    assert PhoneNormalizer("DE").e164("030 1234567") == "+49301234567"
    with pytest.raises(ValueError, match="'XX' is not a country code"):
        PhoneNormalizer("xx")


def test_each_distinct_number_is_parsed_once(monkeypatch):
    import phonenumbers

    calls = []
    real = phonenumbers.parse
    monkeypatch.setattr(phonenumbers, "parse", lambda *a: calls.append(a[0]) or real(*a))
    phones = PhoneNormalizer("US")
    for _ in range(3):
        phones.e164("212 555 0100")
        phones.key("212 555 0100")
    assert calls == ["212 555 0100"]


def test_json_output_counts_and_errors(tmp_path, write_file, capsys):
    db = tmp_path / "b.refdesk"
    with Book.open(db) as book:
        book.contacts.add(ContactData(first_name="Ann", last_name="Lee",
                                      emails=[("ann@x.org", "")]))
    path = csv_file(write_file, "Ann,Lee,Acme,ann@x.org,,", "Bo,Fox,,not-mail,,",
                    ",,,,,only a note", "Cy,Wu,,cy@x.org,,")
    assert main(["import", str(path), "--db", str(db), "--json", "--kind", "prospect"]) == 0
    out = json.loads(capsys.readouterr().out)  # the whole output is one object
    assert (out["new"], out["merged"], out["skipped"]) == (2, 1, 1)
    assert [(e["line"], e["reason"]) for e in out["errors"]] == [
        (3, "e-mail 'not-mail' is not an e-mail address; left out"),
        (4, "no name, company or e-mail address; skipped")]
    assert out["merges"][0]["into"] == "Ann Lee (in the book)"

    assert main(["import", str(path), "--db", str(db), "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert (again["new"], again["merged"], again["skipped"]) == (0, 0, 4)


def test_json_refused_file_is_one_line_and_no_output(tmp_path, write_file, capsys):
    db = tmp_path / "b.refdesk"
    path = write_file("x.csv", b"PK\x03\x04zip")
    assert main(["import", str(path), "--db", str(db), "--json"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1
    assert "is a zip archive" in captured.err
    assert not db.exists()
