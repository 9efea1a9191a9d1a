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
    with pytest.raises(RefdeskError, match="no header line"):
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
