"""A whole column told plain (plain_cells) exactly when the per-cell pattern
of csv_rows matches every cell, and a file read column by column gives the
contacts the pattern a row gives."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from refdesk.exchange import csv_rows, plain_cells
from refdesk.exchange.csv_columns import classify_header
from refdesk.exchange.csv_rows import PlainColumns, RowReader
from refdesk.exchange.plain_cells import plain_emails, plain_phones, plain_scalars
from refdesk.exchange.read_columns import ReadColumns

# Characters at the edges of each pattern: spaces of every kind, separators,
# an apostrophe, address and number punctuation, non-ASCII letters and digits.
EDGES = "aZ09 .@_%+-()'\t\n\r\x0b\x1f\x1c\u00a0\u2028\u3000é١:"
CELLS = st.text(alphabet=EDGES, max_size=8)
# Cells that are often plain, so that both answers come up.
LIKELY = st.sampled_from(["", "Ann", "Ann Lee", "a@b.co", "a.b-c@x-y.org.uk", "+1 212 555 0100",
                          "(212) 555-0100", "++(1", "a@b", "a@.b", "a..b@c.d", "a@b..c", "O'Neil",
                          "Zoë Ñ", "1"])
COLUMNS = st.lists(st.one_of(CELLS, LIKELY), max_size=6)


def by_pattern(action: int, cells: list[str]) -> bool:
    return all(re.fullmatch(csv_rows._PLAIN_CELL[action], cell) for cell in cells)


@given(COLUMNS)
def test_a_column_of_names_is_plain_as_its_cells_are(cells):
    assert plain_scalars(cells) == by_pattern(csv_rows._SCALAR, cells)


@given(COLUMNS)
def test_a_column_of_addresses_is_plain_as_its_cells_are(cells):
    assert plain_emails(cells) == by_pattern(csv_rows._ADD_EMAIL, cells)


@given(COLUMNS)
def test_a_column_of_numbers_is_plain_as_its_cells_are(cells):
    assert plain_phones(cells) == by_pattern(csv_rows._ADD_PHONE, cells)


HEADER = ["First Name", "Custom", "Company", "E-mail Address", "Phone"]
# Rows of the header's width that are plain but for a name now and then.
PLAIN_ROWS = st.lists(st.sampled_from(["Ann", "Bo Li", "Zoë", ""]), min_size=5, max_size=5).map(
    lambda cells: [cells[0], "x\x1fy" if cells[1] == "Zoë" else cells[1], cells[2],
                   f"{cells[3].split()[0].lower()}@x.org" if cells[3] and cells[3] != "Zoë"
                   else "", "+1 212 555 0100" if cells[4] else ""])
ROWS = st.lists(st.one_of(PLAIN_ROWS, PLAIN_ROWS, st.lists(st.one_of(LIKELY, CELLS),
                                                           min_size=4, max_size=6)),
                min_size=1, max_size=8)


@given(ROWS)
def test_rows_read_column_by_column_are_the_rows_read_one_by_one(rows):
    bulk = RowReader(classify_header(HEADER)).bulk()
    assert isinstance(bulk, PlainColumns)
    lines = list(range(2, len(rows) + 2))
    found = bulk.read(rows, lines)
    one_by_one = bulk.contacts(rows, bulk.flags(rows))
    if isinstance(found, ReadColumns):
        assert [entry.contact for entry in found.entries()] == one_by_one
        assert [entry.line for entry in found.entries()] == lines
    else:
        assert found == one_by_one
        assert None in found


def test_a_cell_holding_the_separator_is_not_taken_for_two():
    # Joined, a short row would look whole, and the cells of another move
    # along: the pattern splits at the separator. Both go the full way.
    rows = [["", "", "", "\x1f"], ["Ann", "x\x1fy", "", "", ""], ["Bo", "", "", "", ""]]
    bulk = RowReader(classify_header(HEADER)).bulk()
    assert [flag is not None for flag in bulk.flags(rows)] == [False, False, True]
    assert [contact is not None for contact in bulk.read(rows, [2, 3, 4])] == [
        False, False, True]


# ASCII cells near the edges of a plain address or number, for the quick
# passes (plain_cells._quick_emails, _quick_phones) that an ASCII column takes.
ASCII_EDGES = st.text(alphabet="ab09-._%+@()  \n\tx:", max_size=10)
ASCII_LIKELY = st.sampled_from(["a@b.co", "a.b-c@x-y.org.uk", "a%b+c_d@x.io", "a..b@c.d",
                                "a@b", "@b.c", "a@.b", "a@b.", "a@b..c", "a@b_c.d", "a@@b.c",
                                "+1 212 555 0100", "(212) 555-0100", "+(1) 2", "++1", "+ 1",
                                "(", "1", ")1", "1  2", "1 ", " 1", "-1", ".1", "+-1", ""])
ASCII_COLUMNS = st.lists(st.one_of(ASCII_EDGES, ASCII_LIKELY, ASCII_LIKELY), max_size=8)


@given(ASCII_COLUMNS)
def test_an_ascii_column_is_told_plain_as_its_cells_are(cells):
    assert plain_emails(cells) == by_pattern(csv_rows._ADD_EMAIL, cells)
    assert plain_phones(cells) == by_pattern(csv_rows._ADD_PHONE, cells)


def test_the_quick_passes_tell_a_plain_column_by_themselves():
    # Else a plain file's columns would all go the slower way unseen.
    emails = ["ann.lee0@example.com", "b+x_y%z@mail-1.example.co.uk", "c@d.io"]
    phones = ["+1 212 555 0100", "(212) 555-0100", "0049.30.1234", "+(1) 2"[2:]]
    assert plain_cells._quick_emails("\n".join(emails), len(emails)) is True
    assert plain_cells._quick_phones("\n".join(phones), len(phones)) is True
