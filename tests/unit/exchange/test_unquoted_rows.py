"""A CSV text without quotes split line by line (csv_reader.unquoted_rows)
reads as csv.reader reads it, and its blank rows are left out as before."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from refdesk.exchange import csv_reader
from refdesk.exchange.csv_reader import unquoted_rows
from refdesk.exchange.text_file import TextFile

# Delimiters, line ends, whitespace of every kind (the blank-row test), letters,
# a quote, a NUL and a CR (the csv module's own cases).
PIECES = st.text(alphabet=",;\t \n\n\n\x0b\x1f\x85\xa0\u2028\u3000ab\u00e9\"\x00\r", max_size=40)
DELIMITERS = st.sampled_from(csv_reader.DELIMITERS)


def by_csv(text: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text), delimiter=delimiter, strict=True))


@given(PIECES, DELIMITERS)
def test_rows_split_at_the_delimiter_are_the_csv_modules(text, delimiter):
    split = unquoted_rows(text, delimiter)
    if split is None:
        assert not text or any(ch in text for ch in '"\x00\r')
        return
    rows, lines = split
    assert rows == by_csv(text, delimiter)
    assert len(lines) == len(rows)


@given(PIECES.filter(lambda text: text and not any(ch in text for ch in '"\x00\r')),
       DELIMITERS)
def test_blank_rows_are_left_out_with_each_row_on_its_line(text, delimiter):
    source = TextFile(Path("c.csv"), text, "UTF-8", "utf-8")
    # The csv module's way, row by row: each row with its line, blank ones left out.
    assert csv_reader._parse(source, delimiter) == csv_reader._parse_by_line(source, delimiter)


def test_the_whitespace_stripped_is_what_str_strip_strips():
    every = "".join(ch for ch in map(chr, range(sys.maxunicode + 1)) if ch.isspace())
    assert every == csv_reader._WHITESPACE


def test_a_line_past_the_field_limit_is_left_to_the_csv_module(monkeypatch):
    monkeypatch.setattr(csv_reader.csv, "field_size_limit", lambda: 8)
    assert unquoted_rows("a,b\nabcdefgh\n", ",") is not None  # a line of eight
    assert unquoted_rows("a,b\nabcdefgh,\n", ",") is None
