"""The last board of a book, kept in a file so an unchanged book opens
without re-evaluating every contact; read and written with plain json, no
Peewee, so a warm start can paint it before the Book is open (saved_board).

The snapshot is valid only for the same book file, revision (every write
bumps it, settings included), day and refdesk version; anything else, or a
file that cannot be read, means evaluating afresh. "The same book file" is
its book id *and* where it lives (resolved path, device, inode): a copied
book keeps the id but is another file, so it never shows the original's
board. It holds contact names, so it is private to its owner like the book.

It is JSON, never pickle: a file another program can write must not become
code. One line of header (the key) is read first, so another day's or
revision's snapshot is offered as the last board and another file's is
dismissed without reading the rest. The board follows by columns, each text
column as its distinct values plus an index per row, the indexes packed as
hex (4-byte little-endian numbers): a list of 10,000 numbers costs the parser
~1 ms, the same in hex a tenth of that, and a warm start decodes the board
before its first paint. A 10,000-contact board loads in ~20 ms, a fifteenth
of evaluating it (tests/benchmarks/bench_snapshot.py). Anything malformed or
of the wrong shape counts as no snapshot.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import logging
import os
import sys
from array import array
from functools import partial
from pathlib import Path

from refdesk import __version__
from refdesk.domain.board_rows import Agenda, AgendaItem, ContactReadiness
from refdesk.domain.readiness import ACTIONS, LEVELS
from refdesk.domain.vocabulary import CONTACT_KINDS, FOLLOW_UP_KINDS
from refdesk.paths import cache_dir, make_private_dir

try:  # Python's own sha256: hashlib would load OpenSSL (~3 ms) before a warm start's paint
    from _sha2 import sha256  # Python 3.12 on
except ImportError:
    try:
        from _sha256 import sha256  # 3.11
    except ImportError:  # a Python built without them
        from hashlib import sha256

log = logging.getLogger(__name__)

_FORMAT = 4  # 4: indexes packed as hex; 3: JSON, keyed to the book file; 2: pickle

Board = tuple[list[ContactReadiness], Agenda]

# How each field is written. "int", "int?" and "bool" as plain lists; "str",
# "date" and "date?" as [distinct values, packed index per row]: the parser
# then makes each distinct string once, which is most of the speed, and equal
# values share one object as they did after evaluation. "strs" (a tuple of
# str) as [distinct strings, the distinct tuples' strings packed one after
# another, where each tuple ends (packed), packed index per row].
_ROW_KINDS = {
    "id": "int", "name": "str", "company": "str", "kind": "str", "email": "str",
    "tags": "strs", "products": "strs", "level": "str", "score": "int", "reasons": "strs",
    "next_action": "str", "action": "str", "last_sale_on": "date?",
    "last_touch_on": "date?", "days_since_touch": "int?", "referral_id": "int?",
    "follow_up_id": "int?", "complaint_id": "int?", "last_product": "str",
}
_ITEM_KINDS = {
    "follow_up_id": "int", "referral_id": "int", "kind": "str", "label": "str",
    "due_on": "date", "days_overdue": "int", "referrer_id": "int", "referrer": "str",
    "referred_id": "int?", "referred": "str", "card_sent": "bool",
}
# Codes the views look up by: a value outside them would break a lane.
_ROW_CODES = {"kind": CONTACT_KINDS, "level": LEVELS, "action": ACTIONS}
_ITEM_CODES = {"kind": FOLLOW_UP_KINDS}
_ROW_FIELDS = list(ContactReadiness._fields)
_ITEM_FIELDS = list(AgendaItem.__slots__)
_PLAIN_TYPES = {"int": {int}, "int?": {int, type(None)}, "bool": {bool}}
_HEADER_LIMIT = 64 * 1024
_OPEN_FLAGS = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
_make_row = partial(tuple.__new__, ContactReadiness)  # a C call per row, not _make's Python one
_PACKED = "I"  # an index's array type: 4 bytes
_SWAP = sys.byteorder == "big"  # the file's numbers are little-endian


def snapshot_key(book_id: str, revision: int, book_path: Path | str,
                 as_of: dt.date) -> list | None:
    """[format, version, book id, path, device, inode, revision, day]; the
    last two may differ in a snapshot still worth showing. None when the
    book's file cannot be found (then nothing is saved or loaded)."""
    try:
        where = Path(book_path).resolve()
        info = os.stat(where)
    except (OSError, RuntimeError):  # gone, or a symlink loop
        return None
    return [_FORMAT, __version__, book_id, str(where), info.st_dev, info.st_ino,
            revision, as_of.isoformat()]


def _path(key: list) -> Path:
    # The id and the path name the file: a copy, or a book moved elsewhere,
    # never reads this one; a book replaced in place (another inode) finds it
    # and is told apart by the key inside.
    digest = sha256(json.dumps(key[2:4]).encode("utf-8")).hexdigest()[:24]
    return cache_dir() / f"board-{digest}.json"


def read_snapshot(key: list) -> tuple[Board, bool] | None:
    """(the board saved under ``key``'s book, whether it is exactly ``key``'s),
    or None when there is none. One that is not exact (another day or
    revision) can be shown while the current one is evaluated."""
    path = _path(key)
    try:
        fd = os.open(path, os.O_RDONLY | _OPEN_FLAGS)
    except FileNotFoundError:
        return None
    except OSError as exc:  # a symlink planted there, unreadable...: evaluate afresh
        log.info("Board snapshot %s not read: %s", path, exc)
        return None
    try:
        with os.fdopen(fd, "rb") as fh:
            if os.name == "posix" and os.fstat(fh.fileno()).st_uid != os.getuid():
                log.warning("Board snapshot %s belongs to another user: ignored", path)
                return None
            line = fh.readline(_HEADER_LIMIT)  # the small header, read first
            header = json.loads(line)
            if header["fields"] != [_ROW_FIELDS, _ITEM_FIELDS] or header["key"][:-2] != key[:-2]:
                return None
            board = _decode(json.loads(fh.read()))
    except Exception as exc:  # whatever is in the file, it only costs speed
        log.warning("Board snapshot %s unreadable (%s: %s): evaluating afresh",
                    path, type(exc).__name__, exc)
        return None
    return board, header["key"] == key


def write_snapshot(key: list, board: Board) -> None:
    """Keep ``board`` under ``key``; failures only cost speed (logged)."""
    path = _path(key)
    header = {"key": key, "fields": [_ROW_FIELDS, _ITEM_FIELDS]}
    try:
        data = b"%s\n%s" % (_dumps(header), _dumps(_encode(board)))
    except (TypeError, ValueError, KeyError, OverflowError):  # a field the codec does not know
        log.exception("Board of %s not kept: it does not fit the snapshot's format", key[3])
        return
    try:
        make_private_dir(path.parent, tighten=True)
        # A new file under a name nobody can guess, never through a link
        # someone left there: O_EXCL refuses any existing name, symlinks too.
        part = path.with_name(f"{path.stem}.{_unique()}.part")
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _OPEN_FLAGS, 0o600)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(part, path)
        except BaseException:
            part.unlink(missing_ok=True)
            raise
        _drop_pickle(path.parent, key[2])
    except OSError as exc:
        log.warning("Board of %s not kept (%s): the next start evaluates it afresh",
                    key[3], exc)


def _unique() -> str:
    return os.urandom(8).hex()  # not the secrets module: an import less at start-up


def _drop_pickle(folder: Path, book_id: object) -> None:
    """Remove this book's snapshot from refdesk before format 3 (never read now)."""
    if isinstance(book_id, str) and book_id.isalnum():
        (folder / f"board-{book_id}.pickle").unlink(missing_ok=True)


def _dumps(value: object) -> bytes:
    # ASCII: parsed ~20% faster than UTF-8 with a few dashes in it, and a path
    # that is not valid UTF-8 (its bytes escaped as \udcxx) is written too.
    return json.dumps(value, ensure_ascii=True, allow_nan=False,
                      separators=(",", ":")).encode("utf-8")


def _encode(board: Board) -> dict:
    records, agenda = board
    items = agenda.follow_ups
    position = {item: i for i, item in enumerate(items)}
    item_rows = [tuple(getattr(item, f) for f in _ITEM_FIELDS) for item in items]
    return {
        "rows": len(records),
        "columns": _encode_table(records, _ROW_KINDS),
        "items": len(items),
        "item_columns": _encode_table(item_rows, _ITEM_KINDS),
        "cards_due": [position[item] for item in agenda.cards_due],  # among the follow-ups
    }


def _encode_table(rows: list, kinds: dict[str, str]) -> list:
    columns = list(zip(*rows, strict=True)) or [()] * len(kinds)
    encoded = []
    for kind, column in zip(kinds.values(), columns, strict=True):
        if kind in _PLAIN_TYPES:
            encoded.append(list(column))
            continue
        values = list(dict.fromkeys(column))
        index = _pack(map({value: i for i, value in enumerate(values)}.__getitem__, column))
        if kind == "strs":
            strings = list(dict.fromkeys(itertools.chain.from_iterable(values)))
            at = {text: i for i, text in enumerate(strings)}.__getitem__
            ends = itertools.accumulate(map(len, values))
            encoded.append([strings, _pack(map(at, itertools.chain.from_iterable(values))),
                            _pack(ends), index])
            continue
        if kind == "date" or kind == "date?":
            values = [None if v is None else v.isoformat() for v in values]
        encoded.append([values, index])
    return encoded


def _pack(numbers) -> str:
    packed = array(_PACKED, numbers)  # OverflowError for a number it cannot hold
    if _SWAP:
        packed.byteswap()
    return packed.tobytes().hex()


def _unpack(text: str) -> array:
    """The numbers _pack wrote; ValueError for anything else."""
    if type(text) is not str:
        raise ValueError("packed numbers")
    packed = array(_PACKED, bytes.fromhex(text))  # ValueError: not hex, or a number cut short
    if _SWAP:
        packed.byteswap()
    return packed


def _decode(body: dict) -> Board:
    """The board in ``body``; raises ValueError (or TypeError...) on any
    departure from the shape _encode writes."""
    rows, items = body["rows"], body["items"]
    columns = _decode_table(body["columns"], _ROW_KINDS, _ROW_CODES, rows)
    item_columns = _decode_table(body["item_columns"], _ITEM_KINDS, _ITEM_CODES, items)
    records = list(map(_make_row, zip(*columns, strict=True)))
    follow_ups = tuple(map(AgendaItem, *item_columns))
    cards = body["cards_due"]
    if type(cards) is not list or not set(map(type, cards)) <= {int} or min(cards, default=0) < 0:
        raise ValueError("cards_due")
    return records, Agenda(follow_ups, tuple(map(follow_ups.__getitem__, cards)))


def _decode_table(columns: list, kinds: dict[str, str], codes: dict, rows: int) -> list[list]:
    if type(rows) is not int or type(columns) is not list or len(columns) != len(kinds):
        raise ValueError("table shape")
    decoded = []
    for (field, kind), column in zip(kinds.items(), columns, strict=True):
        if kind in _PLAIN_TYPES:
            if type(column) is not list or not set(map(type, column)) <= _PLAIN_TYPES[kind]:
                raise ValueError(field)
        else:
            if type(column) is not list:
                raise ValueError(field)
            *values, index = column
            values = _decode_values(field, kind, values, codes.get(field))
            # IndexError for an index past the end (none is below 0).
            column = list(map(values.__getitem__, _unpack(index)))
        if len(column) != rows:
            raise ValueError(field)
        decoded.append(column)
    return decoded


def _decode_values(field: str, kind: str, parts: list, codes: object) -> list:
    if kind == "strs":
        strings, packed, ends = parts  # ValueError when there are more or fewer
        ends = _unpack(ends)
        if type(strings) is not list or not set(map(type, strings)) <= {str}:
            raise ValueError(field)
        flat = list(map(strings.__getitem__, _unpack(packed)))
        if (ends[-1] if ends else 0) != len(flat) or list(ends) != sorted(ends):
            raise ValueError(field)
        return [tuple(flat[start:end])
                for start, end in itertools.pairwise(itertools.chain((0,), ends))]
    (values,) = parts
    if type(values) is not list:
        raise ValueError(field)
    if kind == "str":
        if not set(map(type, values)) <= {str} or (codes and not set(values) <= set(codes)):
            raise ValueError(field)
        return values
    allowed = {str, type(None)} if kind == "date?" else {str}
    if not set(map(type, values)) <= allowed:
        raise ValueError(field)
    return [None if v is None else dt.date.fromisoformat(v) for v in values]
