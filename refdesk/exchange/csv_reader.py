"""Read CSV address books: encoding, delimiter, header row or not, ragged rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from itertools import compress, repeat
from pathlib import Path
from typing import TYPE_CHECKING

from refdesk.errors import RefdeskError
from refdesk.exchange.contact_checks import finish_contact
from refdesk.exchange.csv_columns import Column, classify_header
from refdesk.exchange.csv_rows import RowReader
from refdesk.exchange.read_columns import ReadColumns
from refdesk.exchange.results import Problem, ReadEntry, ReadResult
from refdesk.exchange.text_file import (
    ODD_LINE,
    TextFile,
    odd_line_messages,
    odd_lines_in,
    read_text_file,
)

if TYPE_CHECKING:
    from refdesk.exchange.column_mapping import ColumnMapping

DELIMITERS = (",", ";", "\t")
_DELIMITER_NAMES = {";": "semicolons", "\t": "tabs"}
_NAME_KINDS = {"first_name", "last_name", "full_name", "company", "email"}


def read_csv(path: Path | str) -> ReadResult:
    """Read a CSV address book; RefdeskError naming the file and line if it can't be."""
    return read_csv_text(read_text_file(path))


def read_csv_text(source: TextFile, mapping: ColumnMapping | None = None) -> ReadResult:
    """Read an already decoded CSV file; ``mapping`` (the user's answer to
    what columns hold) overrides what the header names."""
    delimiter = sniff_delimiter(source.text)
    if mapping is None and not source.odd_lines:
        whole = _read_whole_columns(source, delimiter)
        if whole is not None:
            return whole
    # Each row and the line it starts on, side by side: lists taken whole by
    # the bulk way, not a (line, row) pair a row.
    lines, rows = _parse(source, delimiter)
    if not rows:
        raise RefdeskError(f"{source.name} holds no contacts.")
    result = ReadResult(source.path, "CSV", source.encoding)
    # With a mapping too: its positions count from the header csv_header found.
    at = _header_index(rows)
    if at:
        lines, rows = lines[at:], rows[at:]
        result.notes.append(f"Lines 1-{lines[0] - 1} are notes before the header (as "
                            "LinkedIn writes them); skipped.")
    first_line, header = lines[0], rows[0]
    columns = header_columns(header, mapping)
    if columns is None and mapping:
        raise RefdeskError(f"{source.name}: no column is set to hold a name, company or "
                           "e-mail; choose at least one.")
    if columns is not None:
        data_rows, lines = rows[1:], lines[1:]
        width = len(header)
        end = lines[0] if lines else None
        result.notes += [f"Line {n} (the header) {ODD_LINE}."
                         for n in odd_lines_in(source, first_line, end)]
    else:
        from refdesk.exchange.csv_headerless import guess_columns  # for a file without one

        guess = guess_columns(rows)
        if guess is None:
            shown = _one_line(", ".join(c for c in header[:6] if c.strip()), 80)
            raise RefdeskError(
                f"{source.name}, line {first_line}: there is no header line naming the "
                f"columns (the first line reads: {shown}), and they cannot be told apart "
                "from the values; add a header line such as "
                "First Name,Last Name,E-mail Address and import again, or import it "
                "from the window (File > Import Contacts…), which asks what each column "
                "holds.")
        columns, note = guess
        result.notes.append(note)
        data_rows, width = rows, len(columns)
    if delimiter != ",":
        result.notes.append(f"Columns are separated by {_DELIMITER_NAMES[delimiter]}.")
    _check_alignment(source, lines, data_rows, width)

    result.records = len(data_rows)
    make = RowReader(columns)
    # Rows already in their final form are made in bulk; a file with odd
    # lines has messages for its records, which only the full way gives.
    bulk = None if source.odd_lines or not data_rows else make.bulk()
    plain = None
    if bulk is not None:
        found = bulk.read(data_rows, lines)
        if isinstance(found, ReadColumns):  # every row plain and named
            result.columns = found
            return result
        plain = found
    starts = [*lines, None]
    entries, problems = result.entries, result.problems
    for record, (line, cells) in enumerate(zip(lines, data_rows, strict=True), start=1):
        if plain is not None:
            contact = plain[record - 1]
            if contact is not None:
                entries.append(ReadEntry(record, line, contact))
                continue
        # Most files have no odd line at all: no look-up a row for them.
        odd = odd_line_messages(source, line, starts[record]) if source.odd_lines else ()
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            problems.append(Problem(
                record, line, _first_text(cells),
                f"has {len(cells)} fields but the header has {width} (an unquoted comma "
                "in a value?); skipped", skipped=True))
            continue
        data, display = make(cells)
        keep, found = finish_contact(data, display_name=display, record=record, line=line,
                                     messages=odd)
        if found:
            problems += found
        if keep:
            entries.append(ReadEntry(record, line, data))
    return result


def _read_whole_columns(source: TextFile, delimiter: str) -> ReadResult | None:
    """The file read as columns without making its rows, when it is what the
    bulk way makes ReadColumns of: no quotes, a header line first, every line
    the header's width, every record plain and named (so none is blank).
    None for any other file, which read_csv_text reads row by row."""
    text = source.text
    if '"' in text or "\x00" in text or "\r" in text:
        return None  # what unquoted_rows leaves to the csv module
    body = text[:-1] if text.endswith("\n") else text
    end = body.find("\n")
    if end < 0:
        return None
    header = body[:end].split(delimiter)
    columns = header_columns(header)
    bulk = None if columns is None else RowReader(columns).bulk()
    if bulk is None:
        return None
    # All the cells in one split, a NUL (no text holds one) at the start of
    # each line's first cell: the lines are the header's width when every
    # NUL is in a first cell of the header's width.
    width, data = len(header), body[end + 1:]
    marked = data.replace("\n", delimiter + "\x00")
    records = len(marked) - len(data) + 1  # each line end grew by one
    cells = marked.split(delimiter)
    if len(cells) != records * width:
        return None
    firsts = "".join(cells[width::width])
    if firsts.count("\x00") != records - 1:
        return None
    if not _lines_within(text, csv.field_size_limit()):
        return None  # maybe a value the csv module refuses
    found = bulk.read_whole([[cells[0], *firsts.split("\x00")[1:]],
                             *(cells[at::width] for at in range(1, width))],
                            list(range(2, records + 2)))
    if found is None:
        return None
    result = ReadResult(source.path, "CSV", source.encoding, records=records, columns=found)
    if delimiter != ",":
        result.notes.append(f"Columns are separated by {_DELIMITER_NAMES[delimiter]}.")
    return result


# A preamble is at most this many rows of at most two cells each (LinkedIn's
# Connections.csv starts with "Notes:" and one quoted paragraph).
_PREAMBLE_ROWS, _PREAMBLE_CELLS = 6, 2


def skip_preamble(rows: list[tuple[int, list[str]]]
                  ) -> tuple[list[tuple[int, list[str]]], int]:
    """Rows from the header on, when a few short note rows come before it;
    and the last line skipped (0: nothing skipped)."""
    at = _header_index([row for _, row in rows[:_PREAMBLE_ROWS + 1]])
    return (rows[at:], rows[at][0] - 1) if at else (rows, 0)


def _header_index(rows: list[list[str]]) -> int:
    """Where the header is among the first rows when notes come before it; 0
    for none (or for a header first)."""
    if not rows or header_columns(rows[0]) is not None:
        return 0
    for at, row in enumerate(rows[:_PREAMBLE_ROWS + 1]):
        if at and header_columns(row) is not None and len(row) > _PREAMBLE_CELLS:
            return at
        if sum(1 for cell in row if cell.strip()) > _PREAMBLE_CELLS:
            break
    return 0


def header_columns(header: list[str],
                   mapping: ColumnMapping | None = None) -> list[Column | None] | None:
    """The columns the header row names, or None if it is no header at all."""
    if mapping:  # the user said this row is a header and what it means
        from refdesk.exchange.column_mapping import apply_mapping  # only for a mapping

        columns = apply_mapping(classify_header(header), mapping)
    elif any("@" in cell for cell in header):
        return None  # an e-mail address: this is already a contact
    else:
        columns = classify_header(header)
    if not any(c and c.kind in _NAME_KINDS for c in columns):
        return None
    return columns


def csv_header(source: TextFile, rows: int = 50) -> tuple[list[str], list[list[str]]] | None:
    """The header row and the first data rows, for the column-mapping step;
    None when the first row is data (a file without a header that the
    reader places by its values, or a contact with an e-mail in it)."""
    delimiter = sniff_delimiter(source.text)
    reader = csv.reader(io.StringIO(source.text), delimiter=delimiter)
    found: list[list[str]] = []
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                found.append(row)
            if len(found) > rows:
                break
    except csv.Error:
        pass  # read_csv_text reports it with its line
    numbered, _skipped = skip_preamble(list(enumerate(found, start=1)))
    found = [row for _, row in numbered]
    if not found or any("@" in cell for cell in found[0]):
        return None
    if header_columns(found[0]) is None and _guessed(found):
        return None
    return found[0], found[1:]


def _guessed(rows: list[list[str]]) -> bool:
    """Whether the rows' columns can be told from their values (no header)."""
    # Imported here: reading a file with a header (most) never needs it.
    from refdesk.exchange.csv_headerless import guess_columns

    return guess_columns(rows) is not None


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon or tab: the one that splits the first lines most evenly."""
    best, best_score = ",", (0.0, 0)
    sample = text[:65536]
    for delimiter in DELIMITERS:
        widths = []
        try:
            for row in csv.reader(io.StringIO(sample), delimiter=delimiter):
                if any(cell.strip() for cell in row):
                    widths.append(len(row))
                if len(widths) >= 20:
                    break
        except csv.Error:
            continue
        if not widths or widths[0] < 2:
            continue
        score = (sum(w == widths[0] for w in widths) / len(widths), widths[0])
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _parse(source: TextFile, delimiter: str) -> tuple[list[int], list[list[str]]]:
    """Rows that hold anything, and the line each starts on."""
    split = unquoted_rows(source.text, delimiter)
    if split is not None:
        rows, lines = split
        # A row is blank when its line is only whitespace and delimiters:
        # strip then gives "" (and the line itself, not a copy, for the others).
        return _filled(rows, map(str.strip, lines, repeat(_WHITESPACE + delimiter)))
    reader = csv.reader(io.StringIO(source.text), delimiter=delimiter, strict=True)
    try:
        rows = list(reader)
    except csv.Error:
        return _parse_by_line(source, delimiter)  # which names the line
    if reader.line_num != len(rows):  # a value spans lines: count them row by row
        return _parse_by_line(source, delimiter)
    return _filled(rows, map(str.strip, map("".join, rows)))


def _filled(rows: list[list[str]], texts: Iterable[str]) -> tuple[list[int], list[list[str]]]:
    """The rows whose text (one a row, in order) is not empty, and their
    lines: row n is line n. Numbered and left out in C, not a step a row."""
    texts = list(texts)
    numbers = range(1, len(rows) + 1)
    if all(texts):  # no blank row (most files): the lists as they are
        return list(numbers), rows
    return list(compress(numbers, texts)), list(compress(rows, texts))


# What str.strip() strips and str.isspace() calls whitespace (a test holds it).
_WHITESPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003"
               "\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")


def unquoted_rows(text: str, delimiter: str) -> tuple[list[list[str]], list[str]] | None:
    """The rows csv.reader (strict) reads from ``text``, and each row's line,
    when no quote makes a value span lines or hold a delimiter: then a row
    is its line split at the delimiter, a C pass several times cheaper than
    the csv parse. None for a text that needs the csv module."""
    # A NUL or a CR: csv.reader's own errors and line ends; a line longer
    # than its field limit may hold a value it refuses.
    if not text or '"' in text or "\x00" in text or "\r" in text:
        return None
    lines = text.split("\n")
    if text[-1] == "\n":
        lines.pop()  # the line end of the last line, not an empty line after it
    if not _lines_within(text, csv.field_size_limit()):
        return None
    rows = list(map(str.split, lines, repeat(delimiter)))
    if text[0] == "\n" or "\n\n" in text:  # csv.reader reads an empty line as []
        rows = [row if line else [] for row, line in zip(rows, lines, strict=True)]
    return rows, lines


def _lines_within(text: str, limit: int) -> bool:
    """Whether no line of ``text`` is longer than ``limit`` (then no value is
    longer than the csv module's field limit): a look for the last line end
    in each stretch of ``limit`` + 1 characters, not a pass a line."""
    start = 0
    while len(text) - start > limit:
        end = text.rfind("\n", start, start + limit + 1)
        if end < 0:
            return False
        start = end + 1
    return True


def _parse_by_line(source: TextFile, delimiter: str) -> tuple[list[int], list[list[str]]]:
    reader = csv.reader(io.StringIO(source.text), delimiter=delimiter, strict=True)
    lines: list[int] = []
    rows: list[list[str]] = []
    start = 1
    try:
        for row in reader:
            if "".join(row).strip():  # any cell with text: one C call a row
                lines.append(start)
                rows.append(row)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise RefdeskError(f"{source.name}, line {start}: {_explain(exc)}") from None
    return lines, rows


def _check_alignment(source: TextFile, lines: list[int], rows: list[list[str]],
                     width: int) -> None:
    # A few long rows are single bad records (reported and skipped); when most
    # are, the whole file is misread and importing it would scramble fields.
    if max(map(len, rows), default=0) <= width:
        return  # no row is long (most files): told in one C pass
    long_rows = [line for line, cells in zip(lines, rows, strict=True)
                 if len(cells) > width and any(c.strip() for c in cells[width:])]
    if len(long_rows) >= 2 and len(long_rows) * 2 > len(rows):
        raise RefdeskError(f"{source.name}, line {long_rows[0]}: has more fields than the "
                           f"header's {width}, as do most rows; the columns do not line up.")


def _explain(exc: csv.Error) -> str:
    text = str(exc)
    if "unexpected end of data" in text:
        return "a quoted value is never closed (a missing \")"
    if "expected after" in text:
        return "text follows a closing quote; quote the whole value"
    if "field larger than field limit" in text:
        return "a value is far too long; is this really a CSV file?"
    return f"this is not valid CSV ({text})"


def _first_text(cells: list[str]) -> str:
    return _one_line(next((c for c in cells if c.strip()), ""), 40)


def _one_line(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"

