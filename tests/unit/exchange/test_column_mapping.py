"""Column mapping for CSV files with headers refdesk does not recognise."""

from __future__ import annotations

from pathlib import Path

import pytest

from refdesk.errors import RefdeskError
from refdesk.exchange.column_mapping import (
    FIELDS,
    IGNORE,
    header_key,
    mapping_from_text,
    mapping_to_text,
    propose,
)
from refdesk.exchange.reading import propose_columns, read_contacts

BOOKS = Path(__file__).resolve().parents[2] / "fixtures" / "address-books"
FRENCH = ("Nom,Prénom,Société,Courriel,Tél,Ville,Birthday,Vide\n"
          "Dupont,Jean,ACME,jean@a.example,+33 1 02 03 04 05,Lyon,1970-01-02,\n"
          "Martin,Anne,Foo,anne@b.example,,Paris,,\n")
CHOSEN = {0: "last_name", 1: "first_name", 2: "company", 3: "email", 4: "phone", 5: "city"}


def _write(tmp_path: Path, text: str, name: str = "carnet.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_unknown_headers_are_refused_without_a_mapping_and_read_with_one(tmp_path):
    path = _write(tmp_path, FRENCH)
    with pytest.raises(RefdeskError, match=r"no header line.*asks what each column holds"):
        read_contacts(path)
    result = read_contacts(path, mapping=CHOSEN)
    first, second = result.contacts
    assert (first.first_name, first.last_name, first.company) == ("Jean", "Dupont", "ACME")
    assert first.emails == [("jean@a.example", "")]
    assert first.phones and first.phones[0][0].replace(" ", "").endswith("102030405")
    assert (first.city, second.city) == ("Lyon", "Paris")
    assert second.display_name == "Anne Martin" and second.phones == []


def test_the_proposal_lists_the_columns_it_could_not_place(tmp_path):
    proposal = propose_columns(_write(tmp_path, FRENCH))
    assert proposal is not None and proposal.needs_mapping()
    assert [c.header for c in proposal.unplaced] == \
        ["Nom", "Prénom", "Société", "Courriel", "Tél", "Ville"]
    by_header = {c.header: c for c in proposal.columns}
    assert by_header["Nom"].samples == ("Dupont", "Martin")
    assert by_header["Birthday"].ignorable  # a birthday: no field for it
    assert by_header["Vide"].ignorable  # no values at all
    assert not proposal.needs_mapping(CHOSEN)
    assert proposal.needs_mapping({0: "last_name"})  # the others still unanswered


def test_a_mapping_must_name_someone(tmp_path):
    path = _write(tmp_path, FRENCH)
    with pytest.raises(RefdeskError, match=r"carnet\.csv: no column is set to hold a name"):
        read_contacts(path, mapping={4: "phone", 5: "city"})
    assert propose_columns(path).needs_mapping({4: "phone", 5: "city"})


def test_recognised_headers_are_proposed_and_a_mapping_overrides_them(tmp_path):
    text = "Name,E-mail Address,Branche\nAda Lovelace,ada@x.example,Analytics\n"
    proposal = propose(*[line.split(",") for line in text.splitlines()][:1],
                       [text.splitlines()[1].split(",")])
    assert proposal.initial() == {0: "full_name", 1: "email", 2: IGNORE}
    crm = propose(["Name", "Account Name", "Account"], [["Ada", "Analytics", "A-17"]])
    assert [c.field for c in crm.columns] == ["full_name", "company", None]  # a CRM's
    assert not crm.needs_mapping()
    assert [c.header for c in proposal.unplaced] == ["Branche"]
    path = _write(tmp_path, text)
    ada = read_contacts(path, mapping={2: "company"}).contacts[0]
    assert (ada.display_name, ada.company) == ("Ada Lovelace", "Analytics")
    ignored = read_contacts(path, mapping={1: IGNORE}).contacts[0]
    assert ignored.emails == []


def test_known_exports_and_headerless_files_need_no_mapping():
    proposal = propose_columns(BOOKS / "thunderbird__basic_csv_addressbook.csv")
    assert proposal is not None and not proposal.needs_mapping()
    assert propose_columns(BOOKS / "thunderbird__csv_no_header.csv") is None
    assert propose_columns(BOOKS / "ez-vcard__John_Doe_IPHONE.vcf") is None


def test_the_header_key_is_stable_and_tells_header_sets_apart():
    base = header_key(["Nom", "Prénom", "Courriel"])
    assert base == header_key([" nom ", "PRÉNOM", "Courriel"])  # case and spacing aside
    assert base != header_key(["Prénom", "Nom", "Courriel"])  # order matters: positions
    assert header_key(["姓", "名"]) != header_key(["名", "姓"])  # CJK headers are kept
    assert len(base) == 20 and int(base, 16) >= 0


def test_a_stored_mapping_round_trips_and_a_damaged_one_is_forgotten():
    assert mapping_from_text(mapping_to_text(CHOSEN)) == CHOSEN
    assert all(field in dict(FIELDS) for field in CHOSEN.values())
    for damaged in (None, 3, "", "not json", "[1]", '{"0": "shoe size"}', '{"x": "email"}'):
        assert mapping_from_text(damaged) is None


def test_a_full_name_beside_a_company_stays_the_persons_name(tmp_path):
    path = _write(tmp_path, "Name,Company\nAda Lovelace,Analytics\n")
    ada = read_contacts(path).contacts[0]
    assert (ada.first_name, ada.last_name, ada.company) == ("Ada", "Lovelace", "Analytics")


GOOGLE = ("First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,"
          "Phonetic Last Name,Name Prefix,Name Suffix,Nickname,File As,Organization Name,"
          "Organization Title,Organization Department,Birthday,Notes,Photo,Labels,"
          "E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,"
          "Address 1 - Label,Address 1 - Formatted,Address 1 - Street,Address 1 - City,"
          "Address 1 - PO Box,Address 1 - Region,Address 1 - Postal Code,Address 1 - Country,"
          "Address 1 - Extended Address,Relation 1 - Label,Relation 1 - Value,"
          "Website 1 - Label,Website 1 - Value,Event 1 - Label,Event 1 - Value,"
          "Custom Field 1 - Label,Custom Field 1 - Value")
OUTLOOK = ("Title,First Name,Middle Name,Last Name,Suffix,Company,Department,Job Title,"
           "Business Street,Business City,Business State,Business Postal Code,"
           "Business Country/Region,Home Street,Home City,Business Fax,Business Phone,"
           "Assistant's Phone,Callback,Car Phone,Company Main Phone,Home Phone,ISDN,"
           "Mobile Phone,Pager,Radio Phone,Telex,TTY/TDD Phone,Account,Anniversary,"
           "Assistant's Name,Billing Information,Birthday,Categories,Children,"
           "Directory Server,E-mail Address,E-mail Type,E-mail Display Name,"
           "E-mail 2 Address,E-mail 2 Type,E-mail 2 Display Name,Gender,"
           "Government ID Number,Hobby,Initials,Internet Free Busy,Keywords,Language,"
           "Location,Manager's Name,Mileage,Notes,Office Location,Organizational ID Number,"
           "Priority,Private,Referred By,Sensitivity,Spouse,User 1,User 2,Web Page")
LINKEDIN = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"


@pytest.mark.parametrize("header", [GOOGLE, OUTLOOK, LINKEDIN],
                         ids=["google", "outlook", "linkedin"])
def test_known_exports_skip_the_step_even_with_every_column_filled(header):
    cells = header.split(",")
    proposal = propose(cells, [[f"value {i}" for i in range(len(cells))]])
    assert proposal.has_name and [c.header for c in proposal.unplaced] == []
    assert not proposal.needs_mapping()
