"""Rows made in bulk (RowReader.plain_contacts) are the contacts the full way makes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from refdesk.exchange.contact_checks import finish_contact
from refdesk.exchange.csv_columns import classify_header
from refdesk.exchange.csv_reader import read_csv_text
from refdesk.exchange.csv_rows import RowReader
from refdesk.exchange.text_file import read_text_file

HEADERS = [
    ["First Name", "Last Name", "Company", "E-mail Address", "Phone"],
    ["Last Name", "Notes", "First Name", "Mobile Phone", "Email", "Job Title"],
    ["Company", "Business Phone", "Work Email", "Nickname", "Custom"],
    ["E-mail Address", "First Name"],
    ["Organization", "Home Phone"],
]
# Cells near the edge of "already final": spaces, tabs, apostrophes, ":::" lists,
# odd addresses and numbers, unit separators, non-ASCII digits and spaces.
CELLS = ["", "Ann", "Ann Lee", "Ann  Lee", " Ann", "Ann ", "Ann\tLee", "O'Neil", "'=1+1",
         "'Ann", "Zoë", "Ann\u00a0Lee", "a\x1fb", "ann@x.org", "ANN@X.ORG", "a@b", "a@b.",
         "a@.b", "mailto:a@x.org", "<a@x.org>", "a@x.org ::: b@y.org", "a b@x.org",
         "ß@straße.de", "+1 212 555 0100", "(212) 555-0100", "212.555.0100", "call me",
         "+1  212", "tel:+1-212", "١٢٣", "12", "+", "()", "x1", "1 ext. 5", "a;b"]


def full_way(reader: RowReader, cells: list[str]):
    data, display = reader(cells)
    keep, problems = finish_contact(data, display_name=display, record=1, line=2)
    return data if keep and not problems else None


@given(header=st.sampled_from(HEADERS),
       rows=st.lists(st.lists(st.sampled_from(CELLS), min_size=1, max_size=7), max_size=20))
def test_a_row_made_in_bulk_is_the_full_ways_contact(header, rows):
    reader = RowReader(classify_header(header))
    plain = reader.plain_contacts(rows)
    if plain is None:  # columns beyond names, an e-mail and a phone
        assert header[1] == "Notes"
        return
    for cells, contact in zip(rows, plain, strict=True):
        if contact is not None:
            assert contact == full_way(reader, cells), cells


def test_most_rows_of_a_plain_export_are_made_in_bulk():
    reader = RowReader(classify_header(HEADERS[0]))
    rows = [["Ann", "Lee", "Acme", "ann@x.org", "+1 212 555 0100"],
            ["Bo", "", "", "", ""],
            ["Ann", "Lee", "", "", "", ""],  # an empty cell beyond the header
            ["Di", "Ray", "", "not-mail", ""],  # reported: the full way
            ["", "", "", "ed@x.org", ""],  # named after the address: the full way
            ["Ann", "Lee", "", "", "", "extra"],  # reported as too long: the full way
            ["Cy", "Wu"]]  # short of the kept columns: the full way
    made = reader.plain_contacts(rows)
    assert [contact is not None for contact in made] == [True] * 3 + [False] * 4
    assert made[0].emails == [("ann@x.org", "")] and made[0].phones == [
        ("+1 212 555 0100", "")]
    made[1].tags.append("t")  # each contact has lists of its own
    assert made[2].tags == []


def test_a_file_with_plain_and_other_rows_reads_as_before(write_file):
    path = write_file("c.csv", "First Name,Last Name,Email\nAnn,Lee,ann@x.org\n"
                               "Bo, Fox ,bo@x.org\n,,cy@x.org\nDi,Ray,oops\n")
    result = read_csv_text(read_text_file(path))
    assert [(e.record, e.line, e.contact.first_name, e.contact.last_name)
            for e in result.entries] == [(1, 2, "Ann", "Lee"), (2, 3, "Bo", "Fox"),
                                         (3, 4, "cy", ""), (4, 5, "Di", "Ray")]
    assert [(p.line, p.message) for p in result.problems] == [
        (4, "no name or company; named after the e-mail address"),
        (5, "e-mail 'oops' is not an e-mail address; left out")]


def test_a_file_of_plain_rows_only_reads_as_the_full_way(write_file, monkeypatch):
    # A blank line and quoted values: records and lines stay the file's.
    path = write_file("c.csv", 'First Name,Last Name,Email\nAnn,Lee,ann@x.org\n\n'
                               '"Bo",Fox,bo@x.org\nCy,"Wu",\n')
    bulk = read_csv_text(read_text_file(path))
    monkeypatch.setattr(RowReader, "bulk", lambda self: None)
    full = read_csv_text(read_text_file(path))
    assert bulk == full
    assert [(e.record, e.line) for e in bulk.entries] == [(1, 2), (2, 4), (3, 5)]
    assert all(type(e).__name__ == "ReadEntry" for e in bulk.entries)
