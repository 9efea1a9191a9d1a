"""A plain CSV file read as columns straight from its text
(csv_reader._read_whole_columns) reads as the row-by-row way reads it."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

from hypothesis import example, given, settings
from hypothesis import strategies as st

from refdesk.errors import RefdeskError
from refdesk.exchange import csv_reader
from refdesk.exchange.csv_reader import read_csv_text
from refdesk.exchange.read_columns import ReadColumns
from refdesk.exchange.results import ReadResult
from refdesk.exchange.text_file import TextFile

HEADERS = [["First Name", "Last Name", "Company", "E-mail Address", "Phone"],
           ["First Name"], ["Company", "Phone"], ["Name", "Email"],
           ["Last Name", "Custom", "E-mail Address"], ["Notes", "First Name"]]
# Plain cells mostly, and cells that are not: spaces, an apostrophe, a bad
# address, the unit separator, a NUL-free delimiter of another kind.
CELLS = st.sampled_from(["Ann", "Bo Li", "Zoë", "", "", "a@b.co", "+1 212 555 0100", " x",
                         "x ", "'=1", "a@b", "1  2", "x\x1fy", ";", "\t", "é@x.org"])


@st.composite
def files(draw) -> tuple[str, str]:
    header = draw(st.sampled_from(HEADERS))
    delimiter = draw(st.sampled_from(csv_reader.DELIMITERS))
    widths = st.sampled_from([len(header)] * 4 + [len(header) - 1, len(header) + 1, 0])
    rows = draw(st.lists(widths.flatmap(lambda n: st.lists(CELLS, min_size=n, max_size=n)),
                         max_size=6))
    lines = [delimiter.join(header), *map(delimiter.join, rows)]
    return "\n".join(lines) + draw(st.sampled_from(["", "\n", "\n\n"])), delimiter


def read(text: str) -> ReadResult | RefdeskError:
    try:
        return read_csv_text(TextFile(Path("c.csv"), text, "UTF-8", "utf-8"))
    except RefdeskError as exc:
        return exc


@given(files())
def test_a_file_read_as_whole_columns_is_the_file_read_row_by_row(case):
    text, _delimiter = case
    read_both_ways(text)


def read_both_ways(text: str) -> None:
    """``text`` read as whole columns (where it can be) reads as row by row."""
    whole = read(text)
    with mock.patch.object(csv_reader, "_read_whole_columns", lambda *args: None):
        by_rows = read(text)
    if isinstance(whole, RefdeskError):
        assert str(whole) == str(by_rows)
    else:
        assert whole == by_rows
        assert whole.count() == by_rows.count()
        assert [e.line for e in whole.looked_at()] == [e.line for e in by_rows.looked_at()]


def _plain_cell(column: str) -> st.SearchStrategy[str]:
    if "mail" in column:
        return st.sampled_from(["a@b.co", "x.y@z-w.org"])
    if "Phone" in column:
        return st.sampled_from(["+1 212 555 0100", "(212) 555-0101", ""])
    return st.sampled_from(["Ann", "Bo Li", "Zoë", "Lee"])


@st.composite
def plain_files(draw) -> str:
    """Files the whole-columns way takes most of the time (each column's cells
    of its kind), now and then with one row a cell short next to one a cell
    long (the same number of cells in all), or a quoted, blank or NUL cell."""
    header = draw(st.sampled_from([h for h in HEADERS if "Custom" not in h]
                                  + [["First Name", "Last Name"]]))
    delimiter = draw(st.sampled_from(csv_reader.DELIMITERS))
    rows = draw(st.lists(st.tuples(*map(_plain_cell, header)).map(list), min_size=1,
                         max_size=6))
    twist = draw(st.sampled_from(["none", "shifted", "shifted", "odd", "odd"]))
    if twist == "shifted" and len(header) > 1 and len(rows) >= 2:
        rows[0], rows[1] = rows[0][:-1], [rows[1][0], *rows[1]]
    elif twist == "odd":
        rows[draw(st.integers(0, len(rows) - 1))][0] = \
            draw(st.sampled_from(['"Ann"', " ", "", "x\x00y"]))
    return "\n".join([delimiter.join(header), *map(delimiter.join, rows)]) + "\n"


@settings(max_examples=300)
@given(plain_files())
@example('First Name\n"Ann"\n')  # a quoted cell: csv unquotes it
@example("First Name,Last Name\nAnn\nAnn,Ann,Ann\n")  # as many cells, not as many a row
def test_a_file_nearly_plain_reads_as_its_rows(text):
    read_both_ways(text)


def test_a_plain_file_is_read_as_whole_columns():
    text = "First Name;Last Name;Email\nAnn;Lee;ann@x.org\nBo;;\n"
    source = TextFile(Path("c.csv"), text, "UTF-8", "utf-8")
    result = csv_reader._read_whole_columns(source, ";")
    assert result is not None and isinstance(result.columns, ReadColumns)
    assert result.columns.lines == [2, 3] and result.records == 2
    assert result.notes == ["Columns are separated by semicolons."]
    assert result == read_csv_text(source)


@given(st.text(alphabet="ab\n", max_size=30), st.integers(0, 6))
def test_lines_within_the_limit_are_told_as_their_lengths_say(text, limit):
    longest = max(map(len, text.split("\n")))
    assert csv_reader._lines_within(text, limit) == (longest <= limit)
