"""A saved board as plain columns: what the board snapshot (board_snapshot)
marshals, in two parts, and the checks it reads them back with.

The head is what a warm start paints: each lane's first HEAD_ROWS records,
how many records each lane holds, and the day's agenda. The rest is every
record. Each part is a tuple of plain values (ints, strings, tuples), each
table a column a field, and every value read back is checked to be of its
field's kind, at C speed: anything else raises ValueError or TypeError.
"""

from __future__ import annotations

import datetime as dt
import itertools
import operator
from functools import partial

from refdesk.domain.board_rows import Agenda, AgendaItem, ContactReadiness
from refdesk.domain.vocabulary import ACTIONS, CONTACT_KINDS, FOLLOW_UP_KINDS, LEVELS

Board = tuple[list[ContactReadiness], Agenda]
# Each lane's first cards in the head: more than the tallest screen shows at once.
HEAD_ROWS = 100

# Each field's type. Every column is a tuple, one value per row, equal values
# the same object (marshal writes it once and refers back to it), the strings
# of a tuple of strings ("strs") too. Dates as their ordinals (marshal knows
# no dates), None where "date?" has none.
ROW_KINDS = {
    "id": "int", "name": "str", "company": "str", "kind": "str", "email": "str",
    "tags": "strs", "products": "strs", "level": "str", "score": "int", "reasons": "strs",
    "next_action": "str", "action": "str", "last_sale_on": "date?",
    "last_touch_on": "date?", "days_since_touch": "int?", "referral_id": "int?",
    "follow_up_id": "int?", "complaint_id": "int?", "last_product": "str",
}
ITEM_KINDS = {
    "follow_up_id": "int", "referral_id": "int", "kind": "str", "label": "str",
    "due_on": "date", "days_overdue": "int", "referrer_id": "int", "referrer": "str",
    "referred_id": "int?", "referred": "str", "card_sent": "bool",
}
# Codes the views look up by: a value outside them would break a lane.
_ROW_CODES = {"kind": set(CONTACT_KINDS), "level": set(LEVELS), "action": set(ACTIONS)}
_ITEM_CODES = {"kind": set(FOLLOW_UP_KINDS)}
ROW_FIELDS = list(ContactReadiness._fields)
ITEM_FIELDS = list(AgendaItem._fields)
# A C call per row or item, not _make's Python one.
_make_row = partial(tuple.__new__, ContactReadiness)
_make_item = partial(tuple.__new__, AgendaItem)


def encode(board: Board) -> tuple[tuple, tuple]:
    """(the head, the rest) as decode_head and decode_rest read them."""
    records, agenda = board
    items = agenda.follow_ups
    position = {item: i for i, item in enumerate(items)}
    counts: dict[str, int] = {}
    first = []  # each lane's first HEAD_ROWS, in the board's order
    for record in records:
        held = counts[record.level] = counts.get(record.level, 0) + 1
        if held <= HEAD_ROWS:
            first.append(record)
    head = (tuple(counts.items()), len(first), _encode_table(first, ROW_KINDS),
            len(items), _encode_table(items, ITEM_KINDS),
            tuple(position[item] for item in agenda.cards_due))  # among the follow-ups
    return head, (len(records), _encode_table(records, ROW_KINDS))


def _encode_table(rows: list, kinds: dict[str, str]) -> tuple:
    columns = list(zip(*rows, strict=True)) or [()] * len(kinds)
    return tuple(_encode_column(kind, column)
                 for kind, column in zip(kinds.values(), columns, strict=True))


def _encode_column(kind: str, column: tuple) -> tuple:
    """The column as _decode_table reads it; TypeError or ValueError for a
    value that does not fit its kind."""
    if kind.startswith("date"):
        column = [None if day is None else day.toordinal() for day in column]
    # The reader's checks, so a board that would not read back is not kept.
    _check(kind, tuple(column))
    # Equal values made one object: marshal writes it once and refers back to
    # it, and the reader shares it (as values were shared after evaluation).
    same: dict = {}
    if kind == "strs":
        column = [tuple(same.setdefault(text, text) for text in strings) for strings in column]
    return tuple(same.setdefault(value, value) for value in column)


def decode_head(body: tuple) -> tuple[list[ContactReadiness], dict[str, int], Agenda]:
    """(each lane's first records, how many each lane holds, the agenda) in
    ``body``; raises ValueError (or TypeError...) on any departure from the
    shape encode writes."""
    if type(body) is not tuple:
        raise ValueError("head")
    counts, rows, columns, items, item_columns, cards = body  # ValueError: more or fewer parts
    if type(counts) is not tuple or not all(type(pair) is tuple for pair in counts):
        raise ValueError("counts")
    lanes = dict(counts)  # ValueError: not pairs
    if len(lanes) != len(counts) or not set(lanes) <= _ROW_CODES["level"] \
            or not set(map(type, lanes.values())) <= {int} or min(lanes.values(), default=1) < 1:
        raise ValueError("counts")
    records = _decode_records(rows, columns)
    shown: dict[str, int] = {}
    for record in records:
        shown[record.level] = shown.get(record.level, 0) + 1
    if shown != {level: min(count, HEAD_ROWS) for level, count in lanes.items()}:
        raise ValueError("the lanes' first records are not as many as they hold")
    item_columns = _decode_table(item_columns, ITEM_KINDS, _ITEM_CODES, items)
    follow_ups = tuple(map(_make_item, zip(*item_columns, strict=True)))
    if type(cards) is not tuple or not set(map(type, cards)) <= {int} or min(cards, default=0) < 0:
        raise ValueError("cards_due")
    return records, lanes, Agenda(follow_ups, tuple(map(follow_ups.__getitem__, cards)))


def decode_rest(body: tuple) -> list[ContactReadiness]:
    """Every record in ``body`` (see decode_head)."""
    if type(body) is not tuple:
        raise ValueError("rest")
    rows, columns = body  # ValueError: more or fewer parts
    return _decode_records(rows, columns)


def _decode_records(rows: int, columns: tuple) -> list[ContactReadiness]:
    return list(map(_make_row, zip(*_decode_table(columns, ROW_KINDS, _ROW_CODES, rows),
                                   strict=True)))


def _decode_table(columns: tuple, kinds: dict[str, str], codes: dict, rows: int) -> list:
    if type(rows) is not int or type(columns) is not tuple or len(columns) != len(kinds):
        raise ValueError("table shape")
    decoded = []
    for (field, kind), column in zip(kinds.items(), columns, strict=True):
        if type(column) is not tuple or len(column) != rows:
            raise ValueError(field)
        if kind.startswith("date"):  # each distinct day made once, which checks it
            distinct = set(column)
            if kind == "date" and None in distinct:
                raise ValueError(field)
            days = {n: dt.date.fromordinal(n) for n in distinct if n is not None}
            column = tuple(map(days.get, column))  # (None stays None)
        else:
            _check(kind, column)
        if field in codes and not set(column) <= codes[field]:
            raise ValueError(field)
        decoded.append(column)
    return decoded


def _check(kind: str, column: tuple) -> None:
    """Raise TypeError or ValueError unless every value fits ``kind``: at C
    speed, a pass or two over the column (a warm start checks 10,000 rows of
    each field before its first paint). An int column may hold a bool, which
    is an int."""
    if kind == "str":
        "".join(column)  # TypeError for anything but a str
    elif kind == "strs":  # each distinct tuple once (most rows share theirs)
        distinct = set(column)  # TypeError for anything unhashable
        if not set(map(type, distinct)) <= {tuple}:
            raise ValueError("not a tuple")
        "".join(itertools.chain.from_iterable(distinct))
    elif kind == "bool":
        if not set(map(type, column)) <= {bool}:
            raise ValueError("not a bool")
    else:  # numbers (None allowed in "int?" and "date?"): ints add up to an int
        numbers = column if kind == "int" or kind == "date" else filter(_is_not_none, column)
        if type(sum(numbers)) is not int:
            raise ValueError(f"not an {kind}")


_is_not_none = partial(operator.is_not, None)
