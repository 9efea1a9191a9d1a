"""vCard property values: quoted-printable and CHARSET decoding, escapes, components."""

from __future__ import annotations

import codecs
import quopri
import re

from refdesk.exchange.vcard_lines import Property

REPLACEMENT = "\ufffd"  # what an undecodable byte becomes; readers report it
_ESCAPES = {"n": "\n", "N": "\n", ",": ",", ";": ";", ":": ":", "\\": "\\", "\"": "\""}


def decoded(prop: Property, file_codec: str) -> str:
    """The property's value as text, quoted-printable and CHARSET applied.

    ``file_codec`` is how the file was decoded: encoding the value back with
    it gives the original bytes, which CHARSET then says how to read.
    """
    value = prop.value
    if prop.encoding == "QUOTED-PRINTABLE":
        raw = value.encode(file_codec, errors="replace")
        if raw.endswith(b"="):  # a soft break closed by a blank line
            raw = raw[:-1]
        value = _bytes_to_text(quopri.decodestring(raw), prop.charset)
        return value.replace("\r\n", "\n").replace("\r", "\n")
    if prop.charset and file_codec in ("cp1252", "latin-1"):
        # The file was not UTF-8 as a whole; this value says what it is.
        return _bytes_to_text(value.encode(file_codec, errors="replace"), prop.charset)
    return value


def components(text: str, *, lists: bool) -> list[list[str]]:
    """Split a structured value (N, ADR, ORG) on ``;`` and, if ``lists``, on ``,``.

    vCard 2.1 has no comma lists, so callers pass ``lists=False`` for it.
    """
    parts = split_escaped(text, ";")
    if not lists:
        return [[unescape(p)] for p in parts]
    return [[unescape(v) for v in split_escaped(p, ",")] for p in parts]


def text_list(text: str) -> list[str]:
    """A comma-separated value such as CATEGORIES or NICKNAME, unescaped."""
    return [v for v in (unescape(p).strip() for p in split_escaped(text, ",")) if v]


def split_escaped(text: str, sep: str) -> list[str]:
    """Split on ``sep`` where it is not escaped by a backslash."""
    parts, current, i = [], [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            current.append(text[i:i + 2])
            i += 2
            continue
        if ch == sep:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    parts.append("".join(current))
    return parts


def unescape(text: str) -> str:
    r"""Undo vCard escapes (\n \, \; \: \\ and Gmail's \"); other backslashes stay."""
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), text)


def custom_label(raw: str) -> str:
    """Apple's ``_$!<HomeFAX>!$_`` becomes "home fax"; a user's own label stays."""
    match = re.fullmatch(r"_\$!<(.*)>!\$_", raw.strip())
    if not match:
        return raw.strip()
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", match.group(1)).lower()


def parameter_problems(prop: Property) -> list[str]:
    """What is wrong with the property's ENCODING or CHARSET, for the user."""
    problems = []
    if "ENCODING" in prop.params and not prop.encoding:
        problems.append(f"{prop.name} on line {prop.line} has an empty ENCODING; "
                        "read as plain text")
    if "CHARSET" in prop.params:
        if not prop.charset:
            problems.append(f"{prop.name} on line {prop.line} has an empty CHARSET; ignored")
        elif not usable_charset(prop.charset):
            shown = prop.charset if len(prop.charset) <= 40 else prop.charset[:39] + "…"
            problems.append(f"{prop.name} on line {prop.line} has CHARSET={shown}, not a "
                            "character set refdesk can read; ignored")
    return problems


def usable_charset(name: str) -> bool:
    """True for a character set Python knows that turns bytes into text.

    Python also has codecs from bytes to bytes (hex, zlib, base64, rot13)
    and text codecs that are no character set (idna, punycode, escapes);
    a CHARSET naming one of those is ignored.
    """
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError, UnicodeError):  # unknown, a NUL, a lone surrogate
        return False
    return getattr(info, "_is_text_encoding", True) and info.name not in _NOT_CHARSETS


_NOT_CHARSETS = {"idna", "punycode", "unicode-escape", "raw-unicode-escape", "undefined"}


def _bytes_to_text(data: bytes, charset: str) -> str:
    tried = [charset] if charset and usable_charset(charset) else ["utf-8", "cp1252"]
    for name in tried:
        try:
            return data.decode(name)
        except UnicodeError:  # UnicodeDecodeError, or a codec's own (utf-7)
            continue
    try:
        return data.decode(tried[0], errors="replace")
    except UnicodeError:
        return data.decode("utf-8", errors="replace")
