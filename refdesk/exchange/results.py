"""What reading an address-book file gives back: contacts, per-record problems, notes.

A reader never writes to the book, so the GUI can show this as a preview
before the user says "import".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from refdesk.book.records import ContactData

if TYPE_CHECKING:
    from refdesk.exchange.read_columns import ReadColumns


class Problem(NamedTuple):
    """Something wrong with one record of the file.

    ``skipped`` tells whether the record was left out entirely; when False the
    record is imported with the faulty field left empty.
    """

    record: int  # 1-based position of the record (card or row) in the file
    line: int  # 1-based line where the record starts
    name: str  # the record's name as far as it could be read, for the user
    message: str
    skipped: bool = False

    def __str__(self) -> str:
        who = f" ({self.name})" if self.name else ""
        return f"line {self.line}{who}: {self.message}"


class ReadEntry(NamedTuple):
    """One contact read from the file, with where it came from (a tuple: a
    frozen dataclass cost a twentieth of reading 20,000 rows)."""

    record: int
    line: int
    contact: ContactData


@dataclass
class ReadResult:
    """Everything read from one file; nothing is written anywhere."""

    path: Path
    format: str  # "vCard" or "CSV"
    encoding: str  # how the bytes were decoded, e.g. "UTF-8", "UTF-16", "Windows-1252"
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # file-level remarks (guessed columns...)
    records: int = 0  # records seen in the file, skipped ones included
    # A CSV file whose every record is plain, as columns, until its entries
    # are asked for (made from them then): an import takes the columns whole.
    columns: ReadColumns | None = None
    _entries: list[ReadEntry] | None = field(default=None, init=False, repr=False)

    @property
    def entries(self) -> list[ReadEntry]:
        """The contacts that can be imported, each with its record and line."""
        if self._entries is None:
            self._entries = [] if self.columns is None else self.columns.entries()
            # Handed out, the list may be changed: the columns no longer speak for it.
            self.columns = None
        return self._entries

    def __eq__(self, other: object) -> bool:
        # By what was read: the same records as columns or as entries are equal.
        # Compared without handing the entries out, which drops the columns.
        if not isinstance(other, ReadResult):
            return NotImplemented
        return (self.path, self.format, self.encoding, self._read(), self.problems,
                self.notes, self.records) == (other.path, other.format, other.encoding,
                                               other._read(), other.problems, other.notes,
                                               other.records)

    def _read(self) -> list[ReadEntry]:
        if self._entries is not None or self.columns is None:
            return self._entries or []
        return self.columns.entries()

    def looked_at(self) -> tuple[ReadEntry, ...]:
        """The entries to look at, not change (a preview): unlike ``entries``,
        it leaves the columns standing for them, which an import takes whole."""
        return tuple(self._read())

    def count(self) -> int:
        """How many contacts can be imported (without handing the entries out)."""
        if self._entries is None and self.columns is not None:
            return len(self.columns)
        return len(self._entries or [])

    @property
    def contacts(self) -> list[ContactData]:
        """The contacts that can be imported, in file order."""
        return [entry.contact for entry in self.entries]

    @property
    def skipped(self) -> list[Problem]:
        """Problems that made a record be left out."""
        return [p for p in self.problems if p.skipped]
