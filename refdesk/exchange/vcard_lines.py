"""vCard syntax: unfold lines, split properties and parameters, group cards.

Covers what real exporters write for vCard 2.1, 3.0 and 4.0: folded lines,
2.1 quoted-printable soft line breaks, bare 2.1 parameters (``TEL;CELL;PREF``),
quoted parameter values and ``itemN.`` groups. Values stay raw here; decoding
and unescaping happen in :mod:`refdesk.exchange.vcard_values`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

NO_PREF = 101  # vCard 4.0 PREF runs 1 (most preferred) to 100

_ENCODINGS = {"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"}
# Some 2.1 writers leave base64 continuation lines unindented: noise, not a
# problem worth telling the user about.
_BASE64_LINE = re.compile(r"\s*[A-Za-z0-9+/=]+\s*")
_QUOTE_OR = {":": re.compile(r'[":]'), ";": re.compile(r'[";]')}


@dataclass(frozen=True)
class Property:
    """One content line: ``[group.]NAME;PARAM=VALUE:value``, value still raw."""

    group: str  # "item1", lower-case, or ""
    name: str  # upper-case
    params: dict[str, list[str]]  # upper-case keys
    types: frozenset[str]  # lower-case TYPE values, bare 2.1 types included
    value: str
    line: int

    @property
    def encoding(self) -> str:
        """The ENCODING upper-case; "" when there is none, or an empty ``ENCODING=``."""
        return next(iter(self.params.get("ENCODING", [])), "").upper()

    @property
    def charset(self) -> str:
        """The CHARSET as written; "" when there is none, or an empty ``CHARSET=``."""
        return next(iter(self.params.get("CHARSET", [])), "")

    @property
    def pref(self) -> int:
        """1 for the most preferred, NO_PREF when the card does not say."""
        for value in self.params.get("PREF", []):
            if value.isdecimal():  # isdigit() takes "¹" too, which int() refuses
                return max(1, min(int(value), NO_PREF - 1))
        return 1 if "pref" in self.types else NO_PREF


@dataclass
class RawCard:
    """The properties between one BEGIN:VCARD and its END:VCARD."""

    record: int
    line: int
    properties: list[Property] = field(default_factory=list)
    complete: bool = False  # END:VCARD was seen
    bad_lines: list[int] = field(default_factory=list)  # lines that are no property

    @property
    def version(self) -> str:
        for prop in self.properties:
            if prop.name == "VERSION":
                return prop.value.strip()
        return "3.0"

    def all(self, name: str) -> list[Property]:
        return [p for p in self.properties if p.name == name]


def split_cards(text: str) -> list[RawCard]:
    """The cards in ``text`` (line ends already ``\\n``), in file order."""
    cards: list[RawCard] = []
    card: RawCard | None = None
    nested = 0  # depth inside a vCard embedded in AGENT (2.1)
    for line_no, logical in _logical_lines(text):
        prop = parse_property(logical, line_no)
        if prop is None:
            if card is not None and not nested and not _BASE64_LINE.fullmatch(logical):
                card.bad_lines.append(line_no)
            continue
        value = prop.value.strip().upper()
        if prop.name == "BEGIN" and value == "VCARD":
            if card is not None and card.properties and card.properties[-1].name == "AGENT":
                nested += 1
                continue
            # A BEGIN inside an open card means its END is missing: close it.
            card = RawCard(record=len(cards) + 1, line=line_no)
            cards.append(card)
        elif prop.name == "END" and value == "VCARD":
            if nested:
                nested -= 1
            elif card is not None:
                card.complete = True
                card = None
        elif card is not None and not nested:
            card.properties.append(prop)
    return cards


def parse_property(line: str, line_no: int = 0) -> Property | None:
    """Parse one unfolded content line; None if it is not ``NAME...:value``."""
    colon = _unquoted_index(line, ":")
    if colon <= 0:
        return None
    head, value = line[:colon], line[colon + 1:]
    parts = _split_unquoted(head, ";")
    group, _, name = parts[0].strip().rpartition(".")
    if not re.fullmatch(r"[A-Za-z0-9-]+", name):
        return None
    params: dict[str, list[str]] = {}
    types: set[str] = set()
    for part in parts[1:]:
        key, eq, raw = part.partition("=")
        key = key.strip().upper()
        if not eq:  # vCard 2.1 bare parameter: an encoding or a type
            key, raw = ("ENCODING" if key in _ENCODINGS else "TYPE"), key
        # TYPE="work,voice" (4.0) and TYPE=work,voice both mean two types;
        # other parameter values keep their commas.
        raw = raw.strip()
        values = raw.replace('"', "").split(",") if key == "TYPE" else [raw.strip('"')]
        values = [v.strip() for v in values if v.strip()]
        params.setdefault(key, []).extend(values)
        if key == "TYPE":
            types.update(v.lower() for v in values)
    return Property(group.lower(), name.upper(), params, frozenset(types), value, line_no)


def _logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """Join folded lines and 2.1 quoted-printable soft breaks; skip blank lines.

    Linear in the text: the pieces of a line are joined once, and its name is
    scanned for the colon only as pieces arrive (a line that never finds its
    colon used to be scanned again for every fold).
    """
    pieces: list[str] = []  # never empty strings, so pieces[-1] ends the line
    head = _Head()
    start = 0
    for line_no, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            # A blank line ends the line before it: it closes a 2.1 base64
            # value, or a quoted-printable one left open by a trailing "="
            # (Android does this).
            if pieces:
                yield start, "".join(pieces)
                pieces = []
            continue
        if pieces and pieces[-1].endswith("=") and head.quoted_printable:
            pieces[-1] = pieces[-1][:-1]
            pieces.append(raw)
        elif pieces and raw[0] in " \t":
            pieces.append(raw[1:])
            head.feed(raw[1:])
        else:
            if pieces:
                yield start, "".join(pieces)
            pieces, start, head = [raw], line_no, _Head()
            head.feed(raw)
    if pieces:
        yield start, "".join(pieces)


class _Head:
    """The name and parameters of a line being unfolded, up to its first unquoted colon."""

    def __init__(self) -> None:
        self._pieces: list[str] = []
        self._length = 0
        self._quoted = False
        self.done = False  # the colon was found
        self.quoted_printable = False

    def feed(self, piece: str) -> None:
        if self.done:
            return
        for match in _QUOTE_OR[":"].finditer(piece):
            if match.group() == '"':
                self._quoted = not self._quoted
            elif not self._quoted:
                colon = self._length + match.start()
                self._pieces.append(piece[:match.start()])
                self.done = True
                self.quoted_printable = colon > 0 and \
                    "QUOTED-PRINTABLE" in "".join(self._pieces).upper()
                self._pieces = []
                return
        self._pieces.append(piece)
        self._length += len(piece)


def _unquoted_index(text: str, char: str) -> int:
    quoted = False
    for match in _QUOTE_OR[char].finditer(text):
        if match.group() == '"':
            quoted = not quoted
        elif not quoted:
            return match.start()
    return -1


def _split_unquoted(text: str, sep: str) -> list[str]:
    parts, quoted, start = [], False, 0
    for match in _QUOTE_OR[sep].finditer(text):
        if match.group() == '"':
            quoted = not quoted
        elif not quoted:
            parts.append(text[start:match.start()])
            start = match.end()
    parts.append(text[start:])
    return parts
