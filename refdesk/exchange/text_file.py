"""Read an address-book file as text: encoding, line ends, and refusing binaries."""

from __future__ import annotations

import bisect
import codecs
import os
import re
import stat
from pathlib import Path
from typing import BinaryIO, NamedTuple

from refdesk.errors import RefdeskError

# Far beyond any address book (a vCard export with photos of 5,000 people is
# about 100 MB); refusing early beats filling the memory with a wrong file.
# Reading a file this big takes about five times its size in memory.
MAX_BYTES = 256 * 1024 * 1024
_CHUNK = 1024 * 1024

_BINARY_MAGIC = (
    (b"PK\x03\x04", "a zip archive (an Excel, Numbers or OpenDocument file?)"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file (an Excel .xls?)"),
    (b"%PDF", "a PDF document"),
    (b"SQLite format 3\x00", "a database file"),
)

ODD_LINE = ("is not valid UTF-8; its odd bytes were read as Windows-1252 "
            "(check the spelling)")
# Compiled when a file is not all UTF-8 (a few in a hundred): compiling
# them cost every import a twentieth of reading its modules.
_ESCAPED_BYTES = "[\udc80-\udcff]+"
# From a character beyond ASCII that is not an escaped byte, to the line's end;
# and from an escaped byte to the line's end: one match per line.
_GOOD_UTF8_LINE = "[^\x00-\x7f\udc80-\udcff][^\n]*"
_LINE_WITH_ODD_BYTES = "[\udc80-\udcff][^\n]*"

# What a user may choose in the preview, shown name -> Python codec.
ENCODINGS = {
    "UTF-8": "utf-8", "UTF-16": "utf-16", "Windows-1252": "cp1252", "Latin-1": "latin-1",
    "Shift_JIS": "cp932", "GB18030": "gb18030", "EUC-KR": "cp949", "Big5": "big5",
    "EUC-JP": "euc_jp", "Windows-1251": "cp1251", "Windows-1250": "cp1250",
}

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)


class TextFile(NamedTuple):
    """A decoded file: text with every line end turned into ``\\n``."""

    path: Path
    text: str
    encoding: str  # what the user is told, e.g. "UTF-8"
    codec: str  # the Python codec that turns ``text`` back into the file's bytes
    # Lines of a UTF-8 file that were not all UTF-8: their odd bytes were
    # read as Windows-1252. Readers report them on the record they belong to.
    odd_lines: tuple[int, ...] = ()

    @property
    def name(self) -> str:
        return self.path.name


def read_text_file(path: Path | str, encoding: str | None = None) -> TextFile:
    """Read and decode ``path``; RefdeskError naming the file if it can't be used.

    ``encoding`` (one of ENCODINGS' names) overrides detection: the user
    knows better; bytes it cannot decode become U+FFFD.
    """
    path = Path(path)
    data = _read_bytes(path)
    for magic, what in _BINARY_MAGIC:
        if data.startswith(magic):
            raise RefdeskError(f"{path.name} is {what}, not a CSV or vCard file; "
                               "export the contacts as CSV or vCard and import that.")
    if encoding is not None:
        codec = ENCODINGS.get(encoding)
        if codec is None:
            raise RefdeskError(f"Unknown encoding {encoding!r}; use one of "
                               f"{', '.join(ENCODINGS)}.")
        text, odd_lines = data.decode(codec, errors="replace").removeprefix("\ufeff"), ()
    else:
        try:
            text, encoding, codec, odd_lines = _decode_file(data)
        except ValueError as exc:
            raise RefdeskError(f"{path.name} {exc}") from None
    text = normalize_line_ends(text)
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise RefdeskError(f"{path.name}, line {line}: contains a NUL byte, so it is not a "
                           "plain text file; save it again as CSV or vCard and import that.")
    return TextFile(path, text, encoding, codec, odd_lines)


def decode_bytes(data: bytes) -> tuple[str, str, str]:
    """Decode file bytes: BOM first, then UTF-16 without BOM, UTF-8, else Windows-1252.

    Returns (text, encoding shown to the user, codec that round-trips the text);
    ValueError when a byte-order mark promises an encoding the bytes break.
    A UTF-8 file with a few lines that are not has those lines' odd bytes read
    as Windows-1252 (see :func:`odd_line_messages`).
    """
    return _decode_file(data)[:3]


def _decode_file(data: bytes) -> tuple[str, str, str, tuple[int, ...]]:
    for bom, codec, shown in _BOMS:
        if data.startswith(bom):
            return (*_decode(data[len(bom):], codec, shown, offset=len(bom)), ())
    guessed = _utf16_without_bom(data)
    if guessed:
        return (*_decode(data, guessed, "UTF-16"), ())
    try:
        return data.decode("utf-8"), "UTF-8", "utf-8", ()
    except UnicodeDecodeError:
        pass
    mended = _mostly_utf8(data)
    if mended is not None:
        return mended[0], "UTF-8", "utf-8", mended[1]
    # Here, not at the top: its Unicode-range patterns cost a UTF-8 file's
    # import (nearly every one) some milliseconds at start-up for nothing.
    from refdesk.exchange.east_asian import detect_east_asian

    legacy = detect_east_asian(data)
    if legacy is not None:
        return (*legacy, ())
    try:
        return data.decode("cp1252"), "Windows-1252", "cp1252", ()
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; Latin-1 maps every byte, so it
        # is the last resort that always reads.
        return data.decode("latin-1"), "Latin-1", "latin-1", ()


def _mostly_utf8(data: bytes) -> tuple[str, tuple[int, ...]] | None:
    """The text of a UTF-8 file with a few bad lines, and those lines; None
    when bad lines outnumber the lines with good UTF-8 beyond ASCII (then the
    file is another encoding, read whole as that)."""
    # Each byte that is not UTF-8 becomes one lone surrogate (U+DC80-U+DCFF).
    text = normalize_line_ends(data.decode("utf-8", errors="surrogateescape"))
    escaped_bytes, good_utf8_line, line_with_odd_bytes = map(
        re.compile, (_ESCAPED_BYTES, _GOOD_UTF8_LINE, _LINE_WITH_ODD_BYTES))
    # Counted before mending: a whole Windows-1252 file stops here, quickly.
    # A good line has UTF-8 beyond ASCII and no odd byte: Shift_JIS or GB18030
    # bytes form a valid UTF-8 sequence now and then, beside odd ones.
    bad_lines = sum(1 for _ in line_with_odd_bytes.finditer(text))
    good_lines = sum(1 for _ in good_utf8_line.finditer(text)) - sum(
        1 for line in text.split("\n") if not line.isascii() and escaped_bytes.search(line)
        and good_utf8_line.search(line))
    if good_lines <= 0 or good_lines < bad_lines:
        return None
    odd_lines: list[int] = []
    line, counted = 1, 0

    def mend(match: re.Match[str]) -> str:
        nonlocal line, counted
        line += text.count("\n", counted, match.start())
        counted = match.start()
        if not odd_lines or odd_lines[-1] != line:
            odd_lines.append(line)
        # Such bytes are mostly Windows-1252 text pasted into a UTF-8 file.
        odd = bytes(ord(ch) - 0xDC00 for ch in match.group())
        return odd.decode("cp1252", errors="replace")

    return escaped_bytes.sub(mend, text), tuple(odd_lines)


def odd_lines_in(source: TextFile, first: int, end: int | None = None) -> list[int]:
    """The odd lines (see TextFile) from ``first`` up to ``end`` (not included;
    None: to the end of the file)."""
    lines = source.odd_lines
    start = bisect.bisect_left(lines, first)
    stop = len(lines) if end is None else bisect.bisect_left(lines, end)
    return list(lines[start:stop])


def odd_line_messages(source: TextFile, first: int, end: int | None = None) -> list[str]:
    """A problem message for each odd line from ``first`` up to ``end``."""
    return [f"line {n} {ODD_LINE}" for n in odd_lines_in(source, first, end)]


def normalize_line_ends(text: str) -> str:
    """Turn CRLF, CR and the CR CR LF some iPhone exports write into ``\\n``."""
    if "\r" not in text:  # most files: one quick scan instead of the pattern's
        return text
    return re.sub(r"\r\r\n|\r\n|\r", "\n", text)


def _read_bytes(path: Path) -> bytes:
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise RefdeskError(f"{path} is a folder; choose a CSV or vCard file.")
        # Never open what is not a regular file: a FIFO would block the
        # open, and a device (/dev/zero) would be read until memory runs out.
        _check_regular(path, info.st_mode)
        if info.st_size > MAX_BYTES:
            raise _too_big(path)
        # O_NONBLOCK: a FIFO put in the file's place since the check above
        # cannot block the open; fstat then refuses it.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            info = os.fstat(fh.fileno())
            _check_regular(path, info.st_mode)
            data = _read_bounded(fh, info.st_size)
    except FileNotFoundError:
        raise RefdeskError(f"There is no file {path}.") from None
    except PermissionError:
        raise RefdeskError(f"{path} cannot be read: permission denied.") from None
    except OSError as exc:
        raise RefdeskError(f"{path} cannot be read: {exc.strerror or exc}.") from None
    if len(data) > MAX_BYTES:
        raise _too_big(path)
    if not data.strip():
        raise RefdeskError(f"{path.name} is empty.")
    return data


def _read_bounded(fh: BinaryIO, size: int) -> bytes:
    """The file's bytes, MAX_BYTES + 1 at most: bounded even when ``size`` is
    wrong (files in /proc say 0) or the file grows while it is read."""
    # One read of the expected size (read(n) allocates n bytes up front).
    chunks = [fh.read(min(size, MAX_BYTES) + 1)]
    total = len(chunks[0])
    while total <= MAX_BYTES:
        chunk = fh.read(min(_CHUNK, MAX_BYTES + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _check_regular(path: Path, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISFIFO(mode):
        what = "a named pipe"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        what = "a device"
    elif stat.S_ISSOCK(mode):
        what = "a socket"
    else:
        what = "a special file"
    raise RefdeskError(f"{path} is {what}, not a regular file; choose a CSV or vCard file.")


def _too_big(path: Path) -> RefdeskError:
    if MAX_BYTES % 2**20 == 0:
        limit = f"{MAX_BYTES // 2**20} MB"
    elif MAX_BYTES % 2**10 == 0:
        limit = f"{MAX_BYTES // 2**10} KB"
    else:
        limit = f"{MAX_BYTES} bytes"
    return RefdeskError(f"{path.name} is bigger than {limit}, far beyond any address book; "
                        "is it the right file?")


def _decode(data: bytes, codec: str, shown: str, offset: int = 0) -> tuple[str, str, str]:
    try:
        return data.decode(codec), shown, codec
    except UnicodeDecodeError as exc:
        raise ValueError(f"starts like a {shown} file but byte {exc.start + offset + 1} is not "
                         f"{shown}; save it again as UTF-8.") from None


def _utf16_without_bom(data: bytes) -> str | None:
    # Text in UTF-16 has a zero byte in every other position for Latin
    # scripts; a real CSV or vCard is mostly ASCII, so the pattern is clear.
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    half = len(sample) // 2
    even_zeros = sample[0::2].count(0)
    odd_zeros = sample[1::2].count(0)
    if odd_zeros > 0.4 * half and even_zeros == 0:
        return "utf-16-le"
    if even_zeros > 0.4 * half and odd_zeros == 0:
        return "utf-16-be"
    return None
