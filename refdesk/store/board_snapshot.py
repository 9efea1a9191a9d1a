"""The last board of a book, kept in a file so an unchanged book opens
without re-evaluating every contact; read with no Peewee, so a warm start
can paint it before the Book is open (saved_board).

The snapshot is valid only for the same book file, revision (every write
bumps it, settings included), day and refdesk version; anything else, or a
file that cannot be read, means evaluating afresh. "The same book file" is
its book id *and* where it lives (resolved path, device, inode): a copied
book keeps the id but is another file, so it never shows the original's
board. It holds contact names, so it is private to its owner like the book.

One line of JSON header (the key) is read first, so another day's or
revision's snapshot is offered as the last board and another file's is
dismissed without reading the rest. The board follows by columns, in two
``marshal`` values of plain tuples (board_columns): the head (each lane's
first cards, how many each lane holds, and the day's agenda), which a warm start
decodes before its first paint, and the rest (every record), decoded after
it: a screen shows a few dozen cards of the 10,000, and decoding them all
was a tenth of a warm start's work before its paint. marshal makes the
values in C (~4x faster than parsing the same board as JSON; bench_snapshot).
It is a cache, not the book's format: marshal's encoding changes between
Python versions, so the header names the Python that wrote it and any other
reads as no snapshot (the board is evaluated, and kept anew). Never pickle:
marshal makes only plain values (numbers, strings, tuples...), builds no
class and runs nothing, and each column's values are checked to be of its
field's type (board_columns).
Anything malformed or of the wrong shape counts as no snapshot.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import marshal
import mmap
import os
import sys
import zlib
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from refdesk import __version__
from refdesk.domain.board_rows import Agenda, ContactReadiness
from refdesk.paths import cache_dir, make_private_dir
from refdesk.store.board_columns import (
    ITEM_FIELDS,
    ROW_FIELDS,
    Board,
    decode_head,
    decode_rest,
    encode,
)

try:  # Python's own sha256: hashlib would load OpenSSL (~3 ms) before a warm start's paint
    from _sha2 import sha256  # Python 3.12 on
except ImportError:
    try:
        from _sha256 import sha256  # 3.11
    except ImportError:  # a Python built without them
        from hashlib import sha256

log = logging.getLogger(__name__)

# 6: a head and the rest, marshalled apart; 5: marshal of plain columns; 4: JSON,
# indexes packed as hex; 3: JSON; 2: pickle
_FORMAT = 6
_SUFFIX = ".board"
_OLDER_SUFFIXES = (".json",)  # format 3-4 files of the same name, removed when this is kept
# Who wrote it: marshal's encoding may change with Python's version.
_WRITER = f"{sys.implementation.name}-{sys.version_info[0]}.{sys.version_info[1]}" \
          f"-marshal{marshal.version}"

class SnapshotHead:
    """What a warm start paints first of a saved board: ``records``, each
    lane's first HEAD_ROWS records in the board's order; ``counts``, how
    many records each lane holds (by level); the day's ``agenda``; and the
    rest, every record, read by ``rest()`` (once, after the paint) through
    the file's mapping, which ``close()`` lets go of unread."""

    def __init__(self, records: list[ContactReadiness], counts: dict[str, int],
                 agenda: Agenda, rest: Callable[[], list[ContactReadiness] | None],
                 mapped: mmap.mmap):
        self.records, self.counts, self.agenda = records, counts, agenda
        self._rest: Callable[[], list[ContactReadiness] | None] | None = rest
        self._mapped = mapped

    def rest(self) -> list[ContactReadiness] | None:
        """Every record of the board (the head's among them); None when the
        rest cannot be read (logged): the board must then be evaluated."""
        read, self._rest = self._rest, None
        if read is None:
            raise RuntimeError("the rest of a saved board is read once")
        try:
            return read()
        finally:
            self._mapped.close()

    def close(self) -> None:
        """Let go of the file, the rest unread (nothing else will ask for it):
        on Windows a mapped file cannot be replaced by the next snapshot."""
        self._rest = None
        self._mapped.close()


_HEADER_LIMIT = 64 * 1024
_OPEN_FLAGS = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


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
    return cache_dir() / f"board-{digest}{_SUFFIX}"


def _header(key: list, head: bytes = b"", rest: bytes = b"") -> dict:
    # Each part's checksum: marshal trusts the sizes it reads (a damaged byte
    # could ask it for gigabytes), so it reads only the bytes this wrote.
    return {"key": key, "fields": [ROW_FIELDS, ITEM_FIELDS], "writer": _WRITER,
            "size": [len(head), len(rest)], "crc32": [zlib.crc32(head), zlib.crc32(rest)]}


def read_snapshot(key: list) -> tuple[Board, bool] | None:
    """(the board saved under ``key``'s book, whether it is exactly ``key``'s),
    or None when there is none. One that is not exact (another day or
    revision) can be shown while the current one is evaluated."""
    found = read_snapshot_head(key)
    if found is None:
        return None
    head, exact = found
    records = head.rest()
    return None if records is None else ((records, head.agenda), exact)


def read_snapshot_head(key: list) -> tuple[SnapshotHead, bool] | None:
    """As read_snapshot, with only the head decoded: the rest is read by the
    head's ``rest()``, through the file's mapping, which stays open till then
    (the file is never written in place: a new one replaces it)."""
    path = _path(key)
    try:
        fd = os.open(path, os.O_RDONLY | _OPEN_FLAGS)
    except FileNotFoundError:
        return None
    except OSError as exc:  # a symlink planted there, unreadable...: evaluate afresh
        log.info("Board snapshot %s not read: %s", path, exc)
        return None
    mapped = None
    try:
        with os.fdopen(fd, "rb") as fh:
            if os.name == "posix" and os.fstat(fh.fileno()).st_uid != os.getuid():
                log.warning("Board snapshot %s belongs to another user: ignored", path)
                return None
            line = fh.readline(_HEADER_LIMIT)  # the small header, read first
            header = json.loads(line)
            if header["fields"] != [ROW_FIELDS, ITEM_FIELDS] or header["writer"] != _WRITER \
                    or header["key"][:-2] != key[:-2]:
                return None
            (head_size, rest_size), (head_crc, rest_crc) = header["size"], header["crc32"]
            # The body read in place, through the page cache: read into a new
            # buffer, its 1.6 MB (10,000 contacts) cost ~400 page faults of a
            # warm start's memory (~3 us each here), and a copy.
            mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        start = len(line)
        if type(head_size) is not int or type(rest_size) is not int \
                or min(head_size, rest_size) < 0 or len(mapped) != start + head_size + rest_size:
            raise ValueError("the body is not the size its header says")
        head = _part(mapped, start, head_size, head_crc, decode_head)
        rest = partial(_read_rest, path, mapped, start + head_size, rest_size, rest_crc,
                       sum(head[1].values()))
    except Exception as exc:  # whatever is in the file, it only costs speed
        if mapped is not None:
            mapped.close()
        log.warning("Board snapshot %s unreadable (%s: %s): evaluating afresh",
                    path, type(exc).__name__, exc)
        return None
    return SnapshotHead(*head, rest=rest, mapped=mapped), header["key"] == key


def _part(mapped: mmap.mmap, start: int, size: int, crc: int, decode: Callable) -> Any:
    """``decode`` of the marshalled value in the ``size`` bytes at ``start``;
    ValueError unless their checksum is ``crc``, as the header says."""
    with memoryview(mapped) as whole:
        part = whole[start:start + size]
        try:
            if type(crc) is not int or zlib.crc32(part) != crc:
                raise ValueError("the body is not the one its header describes")
            return decode(marshal.loads(part))
        finally:
            part.release()


def _read_rest(path: Path, mapped: mmap.mmap, start: int, size: int, crc: int,
               rows: int) -> list[ContactReadiness] | None:
    """The rest after the head: every record (``rows`` of them, as the head counted)."""
    try:
        records = _part(mapped, start, size, crc, decode_rest)
        if len(records) != rows:
            raise ValueError("the rest holds another number of records than the head counted")
        return records
    except Exception as exc:  # whatever is in the file, it only costs speed
        log.warning("Board snapshot %s unreadable (%s: %s): evaluating afresh",
                    path, type(exc).__name__, exc)
        return None


def write_snapshot(key: list, board: Board) -> None:
    """Keep ``board`` under ``key``; failures only cost speed (logged)."""
    path = _path(key)
    try:
        head, rest = map(marshal.dumps, encode(board))
        data = b"%s\n%s%s" % (_dumps(_header(key, head, rest)), head, rest)
    except (TypeError, ValueError, KeyError, OverflowError, AttributeError):
        # a field the codec does not know
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
        _drop_older(path, key[2])
    except OSError as exc:
        log.warning("Board of %s not kept (%s): the next start evaluates it afresh",
                    key[3], exc)


def _unique() -> str:
    return os.urandom(8).hex()  # not the secrets module: an import less at start-up


def _drop_older(path: Path, book_id: object) -> None:
    """Remove this book's snapshot from an older refdesk (never read now): the
    JSON of formats 3-4 under the same name, the pickle of format 2."""
    for suffix in _OLDER_SUFFIXES:
        path.with_suffix(suffix).unlink(missing_ok=True)
    if isinstance(book_id, str) and book_id.isalnum():
        (path.parent / f"board-{book_id}.pickle").unlink(missing_ok=True)


def _dumps(value: object) -> bytes:
    # ASCII, so a path that is not valid UTF-8 (its bytes escaped as \udcxx) is written too.
    return json.dumps(value, ensure_ascii=True, allow_nan=False,
                      separators=(",", ":")).encode("utf-8")
