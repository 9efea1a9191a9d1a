"""The user's answer to "what does this CSV column hold?", for files whose
headers refdesk does not recognise, and the proposal that starts it.

A mapping maps column positions to one of FIELDS; it is remembered per header
set under header_key(), so the next file with the same headers needs no
questions.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from refdesk.errors import RefdeskError
from refdesk.exchange.csv_columns import Column, classify_header, normalize

IGNORE = "ignore"
FIELDS: tuple[tuple[str, str], ...] = (
    ("first_name", "First name"), ("last_name", "Last name"), ("full_name", "Full name"),
    ("company", "Company"), ("title", "Job title"), ("email", "E-mail"), ("phone", "Phone"),
    ("street", "Street"), ("city", "City"), ("region", "Region"),
    ("postal_code", "Postal code"), ("country", "Country"), ("notes", "Notes"),
    (IGNORE, "Ignore"),
)
FIELD_LABELS = dict(FIELDS)
_ADDRESS_FIELDS = ("street", "city", "region", "postal_code", "country")
_NAME_FIELDS = {"first_name", "last_name", "full_name", "company", "email"}

# Column position -> a key of FIELDS; positions left out keep what the
# header names.
ColumnMapping = Mapping[int, str]

# Words of headers real exports carry that refdesk has no field for
# (birthdays, web pages, Outlook's bookkeeping, LinkedIn's "Connected On"):
# such a column is left out without asking.
_IGNORABLE_WORDS = {
    "birthday", "birth", "anniversary", "website", "web", "url", "homepage", "department",
    "custom", "screen", "gender", "relation", "event", "im", "location", "billing",
    "mileage", "priority", "private", "sensitivity", "initials", "yomi", "photo",
    "connected", "spouse", "children", "hobby", "hobbies", "language", "id", "created",
    "modified", "updated", "sip", "uid", "rev", "directory", "server", "account",
    "phonetic", "file", "manager", "assistant", "referred", "government", "organizational",
    "keywords", "internet", "user", "display", "type", "label", "isdn", "telex", "callback",
}
_SAMPLES = 3


def to_column(field: str) -> Column | None:
    """The reader's Column for a field of FIELDS (None: ignore the column)."""
    if field not in FIELD_LABELS:
        raise ValueError(f"unknown contact field {field!r}")
    if field == IGNORE:
        return None
    if field in _ADDRESS_FIELDS:
        # One slot for all chosen parts: they make one postal address.
        return Column("address", slot="chosen", part=field)
    return Column(field)


def field_of(column: Column | None) -> str | None:
    """The field of FIELDS a recognised column fills, or None when it holds
    something the list does not offer (tags, middle name, a label...)."""
    if column is None:
        return None
    if column.kind == "address":
        return column.part if column.part in _ADDRESS_FIELDS else None
    return column.kind if column.kind in FIELD_LABELS else None


def apply_mapping(columns: list[Column | None], mapping: ColumnMapping) -> list[Column | None]:
    """``columns`` with the mapped positions replaced; positions past the
    header are ignored (a remembered mapping never widens a file)."""
    chosen = list(columns)
    for index, field in mapping.items():
        if 0 <= index < len(chosen):
            chosen[index] = to_column(field)
    return chosen


def header_key(header: list[str]) -> str:
    """A stable key for a header set: the headers, case and spacing aside, in
    order, hashed (so any script, CJK included, gives a distinct key)."""
    text = "\x1f".join(" ".join(cell.casefold().split()) for cell in header)
    import hashlib  # here: OpenSSL's start-up is not every reader's

    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def mapping_from_option(text: str, header: list[str]) -> dict[int, str]:
    """The mapping written on the command line, "Header=field,3=email": each
    column named by its header (case and spacing aside) or its number from 1,
    each field a key or label of FIELDS. RefdeskError says what is wrong."""
    by_name: dict[str, list[int]] = {}
    for index, name in enumerate(header):
        by_name.setdefault(_loose(name), []).append(index)
    fields = {_loose(key): key for key, _ in FIELDS} | {_loose(label): key
                                                         for key, label in FIELDS}
    mapping: dict[int, str] = {}
    for item in filter(str.strip, text.split(",")):
        column, equals, field = item.rpartition("=")
        if not equals or not column.strip():
            raise RefdeskError(f"--map: {item.strip()!r} should be COLUMN=FIELD, e.g. "
                               "'E-mail Address=email'.")
        chosen = fields.get(_loose(field))
        if chosen is None:
            raise RefdeskError(f"--map: {field.strip()!r} is not a contact field; use one of "
                               f"{', '.join(key for key, _ in FIELDS)}.")
        mapping[_column_index(column, by_name, header)] = chosen
    if not mapping:
        raise RefdeskError("--map names no column; e.g. --map 'Nom=last_name,Courriel=email'.")
    return mapping


def _column_index(column: str, by_name: dict[str, list[int]], header: list[str]) -> int:
    found = by_name.get(_loose(column), [])
    if len(found) == 1:
        return found[0]
    if not found and column.strip().isdecimal() and 1 <= int(column) <= len(header):
        return int(column) - 1
    shown = ", ".join(f"{n}: {name.strip() or '(blank)'}" for n, name in
                      enumerate(header, start=1))
    if found:
        raise RefdeskError(f"--map: {len(found)} columns are headed {column.strip()!r}; "
                           f"name the one you mean by its number ({shown}).")
    raise RefdeskError(f"--map: the header has no column {column.strip()!r}; its columns "
                       f"are {shown}.")


def _loose(text: str) -> str:
    return " ".join(text.replace("_", " ").casefold().split())


def mapping_to_text(mapping: ColumnMapping) -> str:
    """The mapping as JSON, for a settings file."""
    return json.dumps({str(i): f for i, f in sorted(mapping.items())})


def mapping_from_text(text: object) -> dict[int, str] | None:
    """A mapping stored by mapping_to_text; None for anything else (a
    damaged or foreign setting is forgotten, not trusted)."""
    if not isinstance(text, str):
        return None
    try:
        raw = json.loads(text)
    except ValueError:
        return None
    if not isinstance(raw, dict):
        return None
    mapping: dict[int, str] = {}
    for key, field in raw.items():
        if not (isinstance(key, str) and key.isdecimal() and field in FIELD_LABELS):
            return None
        mapping[int(key)] = field
    return mapping


@dataclass(frozen=True)
class ProposedColumn:
    """One column of the file: its header, first values and what it holds."""

    index: int
    header: str
    samples: tuple[str, ...]
    column: Column | None  # as recognised from the header
    field: str | None  # the field of FIELDS it fills; None: not one of them
    ignorable: bool  # left out without asking (empty, or a known extra)

    @property
    def unplaced(self) -> bool:
        """Holds values refdesk could not place and would silently drop."""
        return self.column is None and not self.ignorable


@dataclass(frozen=True)
class Proposal:
    """What recognition found in a header row, for the mapping step."""

    key: str
    columns: tuple[ProposedColumn, ...]

    @property
    def unplaced(self) -> list[ProposedColumn]:
        """Columns with values that no header rule placed."""
        return [c for c in self.columns if c.unplaced]

    @property
    def has_name(self) -> bool:
        """Some column names the contact (a name, company or e-mail)."""
        return any(c.column and c.column.kind in _NAME_FIELDS for c in self.columns)

    def needs_mapping(self, mapping: ColumnMapping | None = None) -> bool:
        """Whether the user must say what columns hold, given ``mapping``."""
        mapping = mapping or {}
        columns = apply_mapping([c.column for c in self.columns], mapping)
        if not any(c and c.kind in _NAME_FIELDS for c in columns):
            return True
        return any(c.unplaced and c.index not in mapping for c in self.columns)

    def initial(self) -> dict[int, str]:
        """The mapping to start from: each column's recognised field, unplaced
        and ignorable ones ignored (recognised columns outside FIELDS are left
        to the header rules)."""
        return {c.index: c.field or IGNORE for c in self.columns
                if c.field or c.column is None}


def propose(header: list[str], rows: list[list[str]]) -> Proposal:
    """What the header names, column by column, with the first values of
    ``rows`` (data rows after the header) and which columns need an answer."""
    columns = classify_header(header)
    proposed = []
    for index, (name, column) in enumerate(zip(header, columns, strict=True)):
        values = [row[index].strip() for row in rows if index < len(row) and row[index].strip()]
        words = set(normalize(name).split())
        ignorable = not name.strip() or not values or bool(words & _IGNORABLE_WORDS)
        proposed.append(ProposedColumn(index, name, tuple(values[:_SAMPLES]), column,
                                       field_of(column), ignorable))
    return Proposal(header_key(header), tuple(proposed))
