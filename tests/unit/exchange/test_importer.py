"""import_contacts: duplicates, one transaction, progress, dry runs."""

from __future__ import annotations

import dataclasses

import pytest

from refdesk.book.records import ContactData
from refdesk.errors import RefdeskError
from refdesk.exchange import import_contacts, import_read, read_contacts
from refdesk.exchange.phones import PhoneNormalizer

FIXTURE_ADDS = {
    "ez-vcard__John_Doe_ANDROID.vcf": 6,
    "ez-vcard__John_Doe_BLACK_BERRY.vcf": 1,
    "ez-vcard__John_Doe_EVOLUTION.vcf": 1,
    "ez-vcard__John_Doe_GMAIL.vcf": 1,
    "ez-vcard__John_Doe_IPHONE.vcf": 1,
    "ez-vcard__John_Doe_LOTUS_NOTES.vcf": 1,
    "ez-vcard__John_Doe_MAC_ADDRESS_BOOK.vcf": 1,
    "ez-vcard__John_Doe_MS_OUTLOOK.vcf": 1,
    "ez-vcard__gmail-single.vcf": 1,
    "ez-vcard__outlook-2007.vcf": 1,
    "ez-vcard__rfc6350-example.vcf": 1,
    "thunderbird__basic_csv_addressbook.csv": 2,
    "thunderbird__csv_no_header.csv": 2,
    "thunderbird__csv_semicolon.csv": 2,
    "thunderbird__utf16_addressbook.csv": 1,
}


def csv_file(write_file, *rows: str, name: str = "c.csv"):
    return write_file(name, "\n".join(["First Name,Last Name,Company,Email", *rows]) + "\n")


@pytest.mark.parametrize("name", sorted(FIXTURE_ADDS))
def test_every_fixture_imports_and_reads_back_intact(import_book, address_book, name):
    read = read_contacts(address_book(name))
    report = import_contacts(import_book, address_book(name), kind="prospect", tag="imported")
    assert report.added == FIXTURE_ADDS[name] == len(report.added_ids)
    assert import_book.contacts.count() == FIXTURE_ADDS[name]
    for contact_id, contact in zip(report.added_ids, read.contacts, strict=True):
        stored = import_book.contacts.get(contact_id)
        expected = dataclasses.replace(contact, kind="prospect", id=contact_id,
                                       tags=sorted([*contact.tags, "imported"]),
                                       phones=[(PhoneNormalizer().e164(n), label)
                                               for n, label in contact.phones])
        assert stored == expected


def test_importing_twice_adds_nothing_the_second_time(import_book, address_book):
    path = address_book("ez-vcard__John_Doe_ANDROID.vcf")
    assert import_contacts(import_book, path).added == 6
    again = import_contacts(import_book, path)
    assert (again.added, len(again.duplicates)) == (0, 6)
    assert import_book.contacts.count() == 6
    assert again.duplicates[0].reason == ("same e-mail john.doe@company.com as John Doe "
                                          "(in the book); nothing new")
    # Field problems of records that were not imported are not reported again.
    assert again.problems == []


def test_same_email_ignoring_case_merges_field_by_field(import_book, write_file):
    kept = import_book.contacts.add(ContactData(first_name="Johnny",
                                                emails=[("JOHN@Doe.invalid", "")]))
    report = import_contacts(import_book, csv_file(write_file, "John,Doe,Acme,john@doe.invalid",
                                                   "Jane,Doe,,jane@doe.invalid"))
    assert report.counts() == {"new": 1, "merged": 1, "skipped": 0}
    merge = report.merges[0]
    assert (merge.line, merge.name, merge.into, merge.into_id) == (
        2, "John Doe", "Johnny (in the book)", kept)
    assert merge.reason == "same e-mail john@doe.invalid"
    assert merge.gained == ("last name", "company")
    stored = import_book.contacts.get(kept)
    # The first name is kept; the empty last name and company are filled.
    assert (stored.first_name, stored.last_name, stored.company) == ("Johnny", "Doe", "Acme")
    assert stored.emails == [("JOHN@Doe.invalid", "")]
    assert report.merged_before[kept].last_name == ""


@pytest.mark.parametrize("second_first", [False, True])
def test_an_address_two_book_contacts_hold_leads_to_the_first(import_book, write_file,
                                                               second_first):
    """Two book contacts holding one address (in another case, even as the
    second's preferred one): a record with it is merged into the lower id, as
    when the book's contacts were added one by one; the plain file, read as
    columns, and the same file with a tag, read record by record, alike."""
    first = import_book.contacts.add(ContactData(first_name="Ann", emails=[
        ("other@x.example", ""), ("Ann@X.example", "")] if second_first else [
        ("Ann@X.example", "")]))
    second = import_book.contacts.add(ContactData(first_name="Annie",
                                                  emails=[("ann@x.EXAMPLE", "")]))
    for tag in (None, "fair"):
        report = import_contacts(import_book, csv_file(write_file, "Ann,Lee,Acme,ann@x.example"),
                                 tag=tag)
        assert report.counts() == {"new": 0, "merged": 1, "skipped": 0}
        assert report.merges[0].into_id == first
    assert import_book.contacts.get(first).last_name == "Lee"
    assert import_book.contacts.get(second).last_name == ""


def test_same_name_needs_the_same_company(import_book, write_file):
    kept = import_book.contacts.add(ContactData(first_name="Greg", last_name="Dartmouth",
                                                company="TheCompany"))
    report = import_contacts(import_book, csv_file(
        write_file, "greg,DARTMOUTH,thecompany,greg@x.org", "Greg,Dartmouth,Other Inc,"))
    assert report.counts() == {"new": 1, "merged": 1, "skipped": 0}
    assert report.merges[0].reason == "same name and company"
    assert import_book.contacts.get(kept).emails == [("greg@x.org", "")]


def test_duplicates_within_the_file_merge_into_the_first(import_book, write_file):
    report = import_contacts(import_book, csv_file(
        write_file, "Ann,Lee,,ann@x.org", "Annie,Lee,Acme,ANN@x.org", "Ann,Lee,,"))
    # "Ann Lee" without e-mail or company is a name alone: a new person.
    assert report.counts() == {"new": 2, "merged": 1, "skipped": 0}
    assert str(report.merges[0]) == ("line 3 (Annie Lee) into Ann Lee (line 2 of this file): "
                                     "same e-mail ANN@x.org; adds company")
    first = import_book.contacts.get(report.added_ids[0])
    assert (first.first_name, first.company, first.emails) == ("Ann", "Acme",
                                                               [("ann@x.org", "")])


def test_a_failure_mid_import_leaves_the_book_as_it_was(import_book, write_file, monkeypatch):
    kept = import_book.contacts.add(ContactData(first_name="Already", last_name="Here",
                                                emails=[("a@x.org", "")]))
    path = csv_file(write_file, *(f"P{i},Q{i},,p{i}@x.org" for i in range(5)),
                    "Already,Here,Acme,a@x.org")

    def update_fails(contact_id, data):
        raise RefdeskError("disk full")

    monkeypatch.setattr(import_book.contacts, "update", update_fails)
    with pytest.raises(RefdeskError, match=r"c\.csv: Already Here could not be merged: "
                                           r"disk full\. Nothing was imported\."):
        import_contacts(import_book, path)
    assert [r.name for r in import_book.contacts.rows()] == ["Already Here"]
    assert import_book.contacts.get(kept).company == ""


def test_an_unexpected_error_also_rolls_back(import_book, write_file, monkeypatch):
    monkeypatch.setattr("refdesk.exchange.contact_writer.PROGRESS_EVERY", 1)
    path = csv_file(write_file, *(f"P{i},Q{i},," for i in range(4)))

    def progress(done, total):
        if done == 3:
            raise RuntimeError("bug")

    with pytest.raises(RuntimeError):
        import_contacts(import_book, path, progress=progress)
    assert import_book.contacts.count() == 0


def test_progress_is_reported_and_can_cancel(import_book, write_file, monkeypatch):
    monkeypatch.setattr("refdesk.exchange.contact_writer.PROGRESS_EVERY", 1)
    path = csv_file(write_file, *(f"P{i},Q{i},," for i in range(4)))
    seen = []
    import_contacts(import_book, path, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]

    class Cancelled(Exception):
        pass

    def cancel_at_two(done, total):
        if done == 2:
            raise Cancelled

    other = csv_file(write_file, *(f"R{i},S{i},," for i in range(4)), name="d.csv")
    with pytest.raises(Cancelled):
        import_contacts(import_book, other, progress=cancel_at_two)
    assert import_book.contacts.count() == 4


def test_dry_run_writes_nothing(import_book, address_book):
    before = import_book.revision()
    report = import_contacts(import_book, address_book("ez-vcard__John_Doe_ANDROID.vcf"),
                             dry_run=True)
    assert (report.dry_run, report.added, report.added_ids) == (True, 6, [])
    assert report.summary() == "Would add 6 contacts from ez-vcard__John_Doe_ANDROID.vcf."
    assert import_book.contacts.count() == 0 and import_book.revision() == before


def test_import_read_after_a_preview(import_book, address_book):
    preview = read_contacts(address_book("thunderbird__basic_csv_addressbook.csv"))
    assert [c.first_name for c in preview.contacts] == ["John", "Jane"]
    report = import_read(import_book, preview, kind="prospect")
    assert report.added == 2
    assert {r.kind for r in import_book.contacts.rows()} == {"prospect"}
    # The preview's own contacts are not changed by the import.
    assert {c.kind for c in preview.contacts} == {"customer"}
    with pytest.raises(ValueError):
        import_read(None, preview)
    assert import_read(None, preview, dry_run=True).added == 2


def test_report_lists_skipped_and_imported_with_problems(import_book, write_file):
    report = import_contacts(import_book, csv_file(
        write_file, ",,,", "Ann,Lee,,not-an-address", ",,,bo.fox@x.org"))
    assert report.added == 2 and report.records == 2
    assert report.skipped == []  # an all-empty row is no record at all
    assert [(p.line, p.message) for p in report.imported_with_problems] == [
        (3, "e-mail 'not-an-address' is not an e-mail address; left out"),
        (4, "no name or company; named after the e-mail address")]
    assert {r.name for r in import_book.contacts.rows()} == {"Ann Lee", "Bo Fox"}


def test_unknown_kind_is_refused_before_reading(import_book, tmp_path):
    with pytest.raises(RefdeskError, match="Unknown contact kind 'friend'"):
        import_contacts(import_book, tmp_path / "missing.csv", kind="friend")


def test_an_import_bumps_the_revision_once_and_keeps_the_triggers(import_book, write_file,
                                                                 monkeypatch):
    triggers = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
    before = import_book.db.execute_sql(triggers).fetchall()
    revision = import_book.revision()
    path = csv_file(write_file, *(f"P{i},Q{i},,p{i}@x.org" for i in range(50)))
    import_contacts(import_book, path, tag="t")
    assert import_book.revision() == revision + 1
    assert import_book.db.execute_sql(triggers).fetchall() == before
    import_book.contacts.add(ContactData(first_name="After"))  # the triggers still bump
    assert import_book.revision() > revision + 1

    monkeypatch.setattr("refdesk.exchange.contact_writer.PROGRESS_EVERY", 1)

    def fail(done, total):
        if done == 3:
            raise RuntimeError("cut")

    with pytest.raises(RuntimeError):
        import_contacts(import_book, csv_file(write_file, *(f"R{i},S{i},," for i in range(5)),
                                              name="d.csv"), progress=fail)
    assert import_book.db.execute_sql(triggers).fetchall() == before


def test_values_every_row_shares_are_written_as_they_are(import_book, write_file):
    # The writer puts a column that holds one value in every row into its
    # INSERT once: quotes and all, and beside the values that vary.
    path = csv_file(write_file, *(f"Ann,Lee{i},\"O'Brien, \"\"Bros\"\"\",a{i}@x.org"
                                  for i in range(3)))
    report = import_contacts(import_book, path, kind="prospect", tag="it's")
    stored = [import_book.contacts.get(cid) for cid in report.added_ids]
    assert [(c.first_name, c.last_name, c.company, c.kind, c.tags, c.emails) for c in stored] \
        == [("Ann", f"Lee{i}", "O'Brien, \"Bros\"", "prospect", ["it's"],
             [(f"a{i}@x.org", "")]) for i in range(3)]
    one = import_contacts(import_book, csv_file(write_file, "Bo,Fox,,", name="one.csv"))
    assert import_book.contacts.get(one.added_ids[0]).last_name == "Fox"


def test_the_book_as_the_importer_reads_it_is_the_book(import_book, address_book):
    # book_contacts builds contacts field by field, for speed: every field
    # of ContactData, as Contacts.get gives it (a new field must be read too).
    from refdesk.exchange.duplicates import book_contacts

    for name in ("ez-vcard__John_Doe_ANDROID.vcf", "thunderbird__basic_csv_addressbook.csv"):
        import_contacts(import_book, address_book(name), tag="t")
    read = book_contacts(import_book)
    assert len(read) == 8
    assert all(contact == import_book.contacts.get(cid) for cid, contact in read.items())


def test_the_book_read_without_its_empty_columns_is_the_book(import_book):
    # book_contacts fetches only the columns some contact fills: a book where
    # one contact alone has a title, a note and a referrer reads the same.
    from refdesk.book.records import ContactData
    from refdesk.exchange.duplicates import book_contacts

    assert book_contacts(import_book) == {}
    first = import_book.contacts.add(ContactData(first_name="Ann", last_name="Lee"))
    import_book.contacts.add(ContactData(company="Acme", emails=[("a@acme.example", "work")]))
    assert all(contact == import_book.contacts.get(cid)
               for cid, contact in book_contacts(import_book).items())
    import_book.contacts.add(ContactData(first_name="Bo", title="Chief", notes="met at\nthe fair",
                                         referred_by=first, tags=["golf"]))
    read = book_contacts(import_book)
    assert [c.title for c in read.values()] == ["", "", "Chief"]
    assert all(contact == import_book.contacts.get(cid) for cid, contact in read.items())
