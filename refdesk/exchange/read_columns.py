"""A CSV file's records kept as columns, when every row is plain (see
csv_rows.PlainColumns): one list a field, which the planner and the writer
of an import take whole; a contact a row is made only when asked for.

Making 20,000 contacts was a third of reading such a file, and an import
into a book none of them is in needs none of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from itertools import compress, repeat

from refdesk.book.records import ContactData
from refdesk.exchange.results import ReadEntry

# Every field of a blank contact but its lists (new ones for each contact).
_BLANK = {name: value for name, value in ContactData().__dict__.items()
          if not isinstance(value, list)}
_entry = partial(tuple.__new__, ReadEntry)  # (record, line, contact): a ReadEntry


def plain_contact(fields: Iterable[tuple[str, str]], email: str, email_label: str,
                  phone: str, phone_label: str) -> ContactData:
    """The contact of a plain row: its scalar ``fields`` (name, value), and
    one e-mail and one phone when not empty. Filled as a dict: ContactData's
    init with keywords costs twice as much."""
    data = _BLANK.copy()
    data.update(fields)
    data["emails"] = [(email, email_label)] if email else []
    data["phones"] = [(phone, phone_label)] if phone else []
    data["tags"] = []
    contact = object.__new__(ContactData)
    contact.__dict__ = data
    return contact


class ReadColumns:
    """The records of a file, all plain, field by field: ``scalars`` maps a
    contact field to its value in each record ("" when empty), ``emails``
    and ``phones`` each record's one address and number ("" for none)."""

    __slots__ = ("email_label", "emails", "lines", "phone_label", "phones", "records",
                 "scalars")

    def __init__(self, lines: list[int], scalars: dict[str, list[str]],
                 emails: list[str] | None, email_label: str,
                 phones: list[str] | None, phone_label: str,
                 records: list[int] | None = None):
        self.lines = lines  # where each record starts
        self.records = records or list(range(1, len(lines) + 1))  # its place in the file
        self.scalars = scalars
        self.emails, self.email_label = emails or [""] * len(lines), email_label
        self.phones, self.phone_label = phones or [""] * len(lines), phone_label

    def subset(self, kept: list[bool]) -> ReadColumns:
        """The records ``kept`` says, each with its own place and line."""
        return ReadColumns(list(compress(self.lines, kept)),
                           {name: list(compress(values, kept))
                            for name, values in self.scalars.items()},
                           list(compress(self.emails, kept)), self.email_label,
                           list(compress(self.phones, kept)), self.phone_label,
                           list(compress(self.records, kept)))

    def __len__(self) -> int:
        return len(self.lines)

    def column(self, name: str) -> list[str]:
        """A scalar field's values, record by record ("" where none)."""
        found = self.scalars.get(name)
        return found if found is not None else [""] * len(self.lines)

    def entries(self) -> list[ReadEntry]:
        """Each record as a ReadEntry (numbered from 1) holding its contact."""
        names = list(self.scalars)
        rows = zip(*self.scalars.values(), strict=True)
        contacts = list(map(plain_contact, map(zip, repeat(names), rows), self.emails,
                            repeat(self.email_label), self.phones, repeat(self.phone_label)))
        return list(map(_entry, zip(self.records, self.lines, contacts, strict=True)))
