"""A CSV data row as a contact, with what each column does worked out once
per header rather than once per cell (a fifth of reading 20,000 rows)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from operator import itemgetter

from refdesk.book.records import ContactData
from refdesk.exchange.contact_checks import split_display_name, split_tags
from refdesk.exchange.csv_columns import Column
from refdesk.exchange.plain_cells import plain_emails, plain_phones, plain_scalars
from refdesk.exchange.read_columns import ReadColumns, plain_contact
from refdesk.exchange.spreadsheet_cells import restored

_SCALARS = {"first_name", "middle_name", "last_name", "prefix", "suffix", "nickname",
            "company", "title"}
_STREET_PARTS = ("street", "street2", "street3", "extended", "po_box")
_KNOWN_LABELS = {"work", "home", "mobile", "other", "main", "pager", "fax", "work fax",
                 "home fax", "assistant", "car", "cell"}
_SILENT_LABELS = {"smtp", "ex", "internet", "x400"}  # Outlook's address types, not labels

# What a column does with its value. _ADD_EMAIL and _ADD_PHONE: the value
# goes straight to the list, when no other column says its label or shares
# its slot (the usual header), so no slot has to be kept.
_FULL_NAME, _SCALAR, _NOTES, _TAGS, _EMAIL, _PHONE, _LABEL, _ADDRESS = range(8)
_ADD_EMAIL, _ADD_PHONE = 8, 9


class RowReader:
    """Makes a contact (not yet checked) and its display name from each data
    row under one header's columns."""

    def __init__(self, columns: list[Column | None]):
        steps: list[tuple[int, int, str, str, str]] = []
        for index, column in enumerate(columns):
            if column is None:
                continue
            kind, slot = column.kind, column.slot or f"#{index}"
            if kind == "full_name":
                action = _FULL_NAME
            elif kind in _SCALARS:
                action = _SCALAR
            elif kind == "notes":
                action = _NOTES
            elif kind == "tags":
                action = _TAGS
            elif kind in ("email", "phone"):
                action = _EMAIL if kind == "email" else _PHONE
            elif kind.endswith("_label"):
                action, kind = _LABEL, kind.removesuffix("_label")
            elif kind == "address":
                action = _ADDRESS
            else:
                continue
            steps.append((index, action, kind, slot, column.part))
        for action, direct in ((_EMAIL, _ADD_EMAIL), (_PHONE, _ADD_PHONE)):
            kind = "email" if action == _EMAIL else "phone"
            slots = [step[3] for step in steps if step[1] == action]
            if len(set(slots)) == len(slots) and not any(
                    step[1] == _LABEL and step[2] == kind for step in steps):
                steps = [(i, direct, k, s, p) if a == action else (i, a, k, s, p)
                         for i, a, k, s, p in steps]
        self._steps = steps
        self._width = len(columns)

    def __call__(self, cells: list[str]) -> tuple[ContactData, str]:
        data, display = ContactData(), ""
        fields = data.__dict__
        # slot -> values, in the order the slots first hold something
        emails: dict[str, list[str]] = {}
        phones: dict[str, list[str]] = {}
        labels: dict[tuple[str, str], str] = {}
        addresses: dict[str, dict[str, str]] = {}
        width = len(cells)
        for index, action, kind, slot, part in self._steps:
            if index >= width:
                break
            cell = cells[index]
            if not cell:
                continue
            # '=1 from a guarded export means =1
            value = (restored(cell) if cell[0] == "'" else cell).strip()
            if not value:
                continue
            if action == _SCALAR:
                if not fields[kind]:
                    fields[kind] = value
            elif action >= _ADD_EMAIL:
                found = fields["emails" if action == _ADD_EMAIL else "phones"]
                if ":::" in value:
                    found += [(v.strip(), part) for v in value.split(":::")]
                else:
                    found.append((value, part))
            elif action in (_EMAIL, _PHONE):
                # Google puts several values in one cell: "a@x.com ::: b@y.com".
                bucket = emails if action == _EMAIL else phones
                values = [v.strip() for v in value.split(":::")] if ":::" in value \
                    else [value]
                bucket.setdefault(slot, []).extend(values)
                if part:
                    labels.setdefault((kind, slot), part)
            elif action == _FULL_NAME:
                display = display or value
            elif action == _NOTES:
                data.notes = f"{data.notes}\n\n{value}" if data.notes else value
            elif action == _TAGS:
                data.tags.extend(split_tags(value))
            elif action == _LABEL:
                labels[(kind, slot)] = _label(value)
            else:
                addresses.setdefault(slot, {}).setdefault(part, value)
        if display and "@" not in display and not (data.first_name or data.last_name):
            # "Name" beside "Company": the person's name, not only a fallback for
            # a contact without a company (finish_contact's rule).
            data.first_name, data.last_name = split_display_name(display)
        if emails:
            data.emails = [(v, labels.get(("email", s), "")) for s, vs in emails.items()
                           for v in vs]
        if phones:
            data.phones = [(v, labels.get(("phone", s), "")) for s, vs in phones.items()
                           for v in vs]
        if addresses:
            _fill_address(data, addresses)
        return data, display


    def plain_contacts(self, rows: Sequence[list[str]]) -> list[ContactData | None] | None:
        """Each row's contact, made in bulk when every cell the header keeps is
        already as ``__call__`` and ``finish_contact`` would leave it: a name or
        company, one-line values with single spaces, a plain e-mail address, a
        phone number of digits and punctuation (most rows of most exports).
        None for a row that must go the full way, and None for the whole file
        when its columns are more than names, one e-mail and one phone."""
        plain = self.bulk()
        return None if plain is None else plain.contacts(rows, plain.flags(rows))

    def bulk(self) -> PlainColumns | None:
        """How plain rows under this header are made in bulk; None when its
        columns are more than names, one e-mail and one phone."""
        return PlainColumns.of(self._steps, self._width)


# Cells already in their final form, by what their column holds. A scalar:
# no whitespace but single inner spaces, no leading apostrophe (a guarded
# formula); an address finish_contact keeps unchanged (a subset of what it
# accepts); a number with a digit and no "tel:" or ":::" list. The unit
# separator between cells is whitespace, so it cannot hide inside them.
_SEPARATOR = "\x1f"
_PLAIN_CELL = {
    _SCALAR: r"(?:[^\s'][^\s]*(?: [^\s]+)*)?",
    _ADD_EMAIL: r"(?:[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)?",
    _ADD_PHONE: r"(?:[+(]*[0-9][0-9().+-]*(?: [0-9().+-]+)*)?",
}
_ANY_CELL = "[^\x1f]*"  # a column the header does not keep
_NAMES = ("first_name", "last_name", "company")  # one of them, or finish_contact names it


# The same, told of a whole column at once (plain_cells).
_PLAIN_COLUMN = {_SCALAR: plain_scalars, _ADD_EMAIL: plain_emails, _ADD_PHONE: plain_phones}


class PlainColumns:
    """What a header keeps, when the bulk way can make its plain rows."""

    def __init__(self, pattern: re.Pattern[str], scalars: list[tuple[int, str]],
                 email: tuple[int, str] | None, phone: tuple[int, str] | None,
                 checks: dict[int, Callable[[list[str]], bool]], width: int):
        self.matches = pattern.fullmatch
        self.scalars = scalars
        self.kinds = [kind for _, kind in scalars]
        self.values = _picker([index for index, _ in scalars])
        self.named = _picker([index for index, kind in scalars if kind in _NAMES])
        self.email, self.phone = email, phone
        self.checks, self.width = checks, width

    @classmethod
    def of(cls, steps: list[tuple[int, int, str, str, str]], width: int
           ) -> PlainColumns | None:
        scalars: list[tuple[int, str]] = []
        lists: dict[int, list[tuple[int, str]]] = {_ADD_EMAIL: [], _ADD_PHONE: []}
        cells, checks = {}, {}
        for index, action, kind, _slot, part in steps:
            if action == _SCALAR:
                scalars.append((index, kind))
            elif action in lists:
                lists[action].append((index, part))
            else:
                return None
            cells[index], checks[index] = _PLAIN_CELL[action], _PLAIN_COLUMN[action]
        kinds = [kind for _, kind in scalars]
        # A kind twice (the first value wins) or several e-mails (compared with
        # each other) are the full way's.
        if len(set(kinds)) < len(kinds) or not set(kinds) & set(_NAMES) or \
                any(len(found) > 1 for found in lists.values()):
            return None
        kept = max(cells) + 1
        # The header's other columns may be missing from a short row; cells
        # beyond the header's must be empty (else the row is reported).
        pattern = (_SEPARATOR.join(cells.get(i, _ANY_CELL) for i in range(kept))
                   + f"(?:{_SEPARATOR}{_ANY_CELL}){{0,{width - kept}}}(?:{_SEPARATOR})*")
        email, phone = (found[0] if found else None for found in lists.values())
        return cls(re.compile(pattern), scalars, email, phone, checks, width)

    def flags(self, rows: Sequence[list[str]]) -> list[re.Match[str] | None]:
        """Whether each row's kept cells are all plain (a match) or not (None);
        a plain row still needs a name or company (see read, contacts)."""
        joined = list(map(_SEPARATOR.join, rows))
        flags = list(map(self.matches, joined))
        if "".join(joined).count(_SEPARATOR) == sum(map(len, rows)) - len(rows):
            return flags
        # A cell holds the separator, which the pattern takes for the end of a
        # cell (a short row would pass for a whole one): that row is not plain.
        return [None if line.count(_SEPARATOR) != len(cells) - 1 else flag
                for line, cells, flag in zip(joined, rows, flags, strict=True)]

    def read(self, rows: Sequence[list[str]], lines: list[int]
             ) -> ReadColumns | list[ContactData | None]:
        """The rows as columns, when every one is plain and named; else each
        row's contact when it is (see contacts), None for the others."""
        kept = None
        if rows and set(map(len, rows)) == {self.width}:
            # Every column at once, one C pass (a pass a column cost three times as much).
            kept = self._plain_columns(list(map(list, zip(*rows, strict=True))))
        flags = None
        if kept is None:
            flags = self.flags(rows)
            if all(flags):  # a plain row holds every kept cell: the pattern asks for them
                kept = {index: list(map(itemgetter(index), rows)) for index in self.checks}
        if kept is not None:
            found = self._named(kept, lines)
            if found is not None:
                return found
        return self.contacts(rows, self.flags(rows) if flags is None else flags)

    def read_whole(self, columns: list[list[str]], lines: list[int]) -> ReadColumns | None:
        """What ``read`` gives rows of the header's width as these ``columns``
        (each a list of its cells, one a row), when it gives ReadColumns; else None."""
        kept = self._plain_columns(columns)
        return None if kept is None else self._named(kept, lines)

    def _named(self, kept: dict[int, list[str]], lines: list[int]) -> ReadColumns | None:
        """The kept columns (plain) as ReadColumns, when every row is named."""
        scalars = {kind: kept[index] for index, kind in self.scalars}
        named = [scalars[kind] for kind in _NAMES if kind in scalars]
        # Most files have a first name (or the like) in every record: one C look.
        if "" in named[0] and not all(map(any, zip(*named, strict=True))):
            return None
        (at_email, email_label), (at_phone, phone_label) = \
            self.email or (None, ""), self.phone or (None, "")
        return ReadColumns(lines, scalars, kept.get(at_email), email_label,
                           kept.get(at_phone), phone_label)

    def _plain_columns(self, columns: list[list[str]]) -> dict[int, list[str]] | None:
        """The kept columns' cells by index, when every kept cell of the
        header-wide rows whose ``columns`` these are is plain, told column by
        column (what flags would say of such rows); else None, for flags to tell."""
        kept = {}
        for index, plain in self.checks.items():
            kept[index] = cells = columns[index]
            if not plain(cells):
                return None
        # The others are any text but the separator the pattern splits on.
        others = [columns[index] for index in range(self.width) if index not in kept]
        if others and _SEPARATOR in "".join(map("".join, others)):
            return None
        return kept

    def contacts(self, rows: Sequence[list[str]], flags: list[re.Match[str] | None]
                 ) -> list[ContactData | None]:
        """Each row's contact when its flag says plain and it is named, else None."""
        found: list[ContactData | None] = []
        add, kinds, values, named = found.append, self.kinds, self.values, self.named
        (at_email, email_label), (at_phone, phone_label) = \
            self.email or (None, ""), self.phone or (None, "")
        for cells, plain in zip(rows, flags, strict=True):
            if plain is None or not any(named(cells)):
                add(None)
                continue
            add(plain_contact(zip(kinds, values(cells), strict=True),
                              "" if at_email is None else cells[at_email], email_label,
                              "" if at_phone is None else cells[at_phone], phone_label))
        return found


def _picker(indexes: list[int]) -> Callable[[list[str]], tuple[str, ...]]:
    """The cells at ``indexes``, always as a tuple (itemgetter of one gives the cell)."""
    if len(indexes) == 1:
        only = indexes[0]
        return lambda cells: (cells[only],)
    return itemgetter(*indexes) if indexes else lambda cells: ()


def row_to_contact(cells: list[str], columns: list[Column | None]) -> tuple[ContactData, str]:
    """One data row as a contact (not yet checked) and its display name, if any."""
    return RowReader(columns)(cells)


def _fill_address(data: ContactData, addresses: dict[str, dict[str, str]]) -> None:
    # One postal address fits the book: the first one with content, in column order.
    for parts in addresses.values():
        street = "\n".join(parts[p] for p in _STREET_PARTS if parts.get(p))
        place = [parts.get(p, "") for p in ("city", "region", "postal_code", "country")]
        if not street and not any(place):
            street = parts.get("formatted", "")
        if street or any(place):
            data.street = street
            data.city, data.region, data.postal_code, data.country = place
            return


def _label(value: str) -> str:
    label = value.strip().removeprefix("* ").strip()
    if label.lower() in _SILENT_LABELS:
        return ""
    # Google writes its own types capitalised ("Work", "Mobile"): refdesk's
    # labels are lower-case; a label the user wrote keeps their spelling.
    return label.lower() if label.lower() in _KNOWN_LABELS else label
