"""Columns for a CSV file without a header row, guessed only where it is safe.

Thunderbird can write such files. Its full export has a fixed column order;
shorter files are read by their values: a column of e-mail addresses, a
column of phone numbers, and "Display Name, First, Last" recognised because
the first is the other two joined. Anything less certain is refused so the
user adds a header line rather than importing names into the wrong fields.
"""

from __future__ import annotations

import re
from itertools import permutations

from refdesk.exchange.contact_checks import clean_email
from refdesk.exchange.csv_columns import THUNDERBIRD_ORDER, Column, classify

_SAMPLE_ROWS = 200
_PHONE = re.compile(r"\+?[\d\s().\-/]{6,}")
_THUNDERBIRD_EMAIL = THUNDERBIRD_ORDER.index("Primary Email")


def guess_columns(rows: list[list[str]]) -> tuple[list[Column | None], str] | None:
    """Columns for ``rows`` (all data, no header) and a note saying what was
    assumed; None when the file is too ambiguous to guess."""
    rows = rows[:_SAMPLE_ROWS]
    width = max(len(row) for row in rows)
    cells = [[row[i].strip() if i < len(row) else "" for row in rows] for i in range(width)]

    if width in (len(THUNDERBIRD_ORDER), len(THUNDERBIRD_ORDER) + 1) and \
            _all(cells[_THUNDERBIRD_EMAIL], lambda v: clean_email(v) is not None):
        columns = [classify(h, job_title_column=True) for h in THUNDERBIRD_ORDER]
        return columns + [None] * (width - len(columns)), (
            "No header line: columns read in Thunderbird's export order.")

    columns: list[Column | None] = [None] * width
    named: list[str] = [""] * width
    for i, values in enumerate(cells):
        if _all(values, lambda v: clean_email(v) is not None):
            columns[i], named[i] = Column("email"), "e-mail"
        elif _all(values, lambda v: bool(_PHONE.fullmatch(v))):
            columns[i], named[i] = Column("phone"), "phone"
    free = [i for i in range(width) if columns[i] is None and any(cells[i])]
    triple = _display_first_last(cells, free)
    if triple:
        for i, kind, what in zip(triple, ("full_name", "first_name", "last_name"),
                                 ("display name", "first name", "last name"), strict=True):
            columns[i], named[i] = Column(kind), what
    elif len(free) == 1:
        columns[free[0]], named[free[0]] = Column("full_name"), "name"
    if not any(c and c.kind in ("full_name", "email") for c in columns):
        return None
    if any(columns[i] is None for i in free):
        return None  # text we cannot place: better ask for a header than guess
    shown = ", ".join(n or "(ignored)" for n in named)
    return columns, f"No header line: columns read as {shown} (guessed from the values)."


def _display_first_last(cells: list[list[str]], free: list[int]) -> tuple[int, ...] | None:
    if len(free) > 12:  # keeps the search small; such files get refused instead
        return None
    for display, first, last in permutations(free, 3):
        rows = zip(cells[display], cells[first], cells[last], strict=True)
        if all(d == " ".join(p for p in (f, la) if p) for d, f, la in rows) and \
                any(cells[first]) and any(cells[last]):
            return display, first, last
    return None


def _all(values: list[str], test) -> bool:
    present = [v for v in values if v]
    return bool(present) and all(test(v) for v in present)
