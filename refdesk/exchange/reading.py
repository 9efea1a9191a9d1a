"""Read any supported address-book file, telling vCard from CSV by its content."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from refdesk.exchange.csv_reader import csv_header, read_csv_text
from refdesk.exchange.results import ReadResult
from refdesk.exchange.text_file import TextFile, read_text_file

if TYPE_CHECKING:
    from refdesk.exchange.column_mapping import ColumnMapping, Proposal

VCARD_SUFFIXES = (".vcf", ".vcard")


def read_contacts(path: Path | str, encoding: str | None = None,
                  mapping: ColumnMapping | None = None) -> ReadResult:
    """Read the contacts in a vCard or CSV file without writing anything.

    Returns the contacts with each record's problems, for a preview; raises
    RefdeskError, naming the file (and line), for a file that cannot be read.
    ``encoding`` (a name in text_file.ENCODINGS) overrides detection;
    ``mapping`` says what a CSV's columns hold (column_mapping).
    """
    path = Path(path)
    source = read_text_file(path, encoding)
    if _is_vcard(path, source):
        # Each reader is imported when a file needs it: a command imports
        # one file, and start-up is most of a small import's time.
        from refdesk.exchange.vcard_reader import read_vcard_text

        return read_vcard_text(source)
    # Anything else is read as CSV, the one other text format; its errors
    # name the file and line, so a wrong file is refused clearly.
    return read_csv_text(source, mapping)


def propose_columns(path: Path | str, encoding: str | None = None) -> Proposal | None:
    """What a CSV file's header names, column by column, for the mapping
    step; None for a vCard or a CSV without a header row."""
    path = Path(path)
    source = read_text_file(path, encoding)
    if _is_vcard(path, source):
        return None
    found = csv_header(source)
    if not found:
        return None
    from refdesk.exchange.column_mapping import propose

    return propose(*found)


def _is_vcard(path: Path, source: TextFile) -> bool:
    head = source.text.lstrip("\ufeff \t\n")[:11].upper()
    return head.startswith("BEGIN:VCARD") or path.suffix.lower() in VCARD_SUFFIXES
