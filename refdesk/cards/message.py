"""The words on a card: blocks of a message, text clean-up and the drawability check."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from refdesk.cards.fonts import Face
from refdesk.errors import RefdeskError

# Invisible code points that only steer other software: dropping them changes
# nothing a reader sees (variation selectors, zero-width spaces, soft hyphen).
_DROP = dict.fromkeys([0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF,
                       *range(0xFE00, 0xFE10)])
# The ASCII characters other than newline that str.isspace() counts as space.
_ASCII_SPACES = {c: " " for c in range(128) if chr(c).isspace() and c != 10}
_GREETING_WORDS = ("dear", "hi", "hello", "hey", "good morning", "good afternoon", "greetings")


def normalise(text: str) -> str:
    """Text as it will be drawn: NFC, plain newlines, ordinary spaces, no invisible marks."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.translate(_DROP)
    # Any other kind of space (tab, no-break, thin...) is written as a plain gap.
    if text.isascii():
        text = text.translate(_ASCII_SPACES)  # the same, without a call per character
    else:
        text = "".join(" " if (ch != "\n" and (ch.isspace() or unicodedata.category(ch) == "Zs"))
                       else ch for ch in text)
    return "\n".join(line.strip() for line in text.split("\n")).strip("\n")


@dataclass(frozen=True)
class Message:
    """A card message as separate blocks; any of them may be empty."""

    greeting: str = ""
    body: str = ""
    sign_off: str = ""

    @classmethod
    def from_text(cls, text: str) -> Message:
        """Split plain text into greeting, body and sign-off by the usual letter shape."""
        paras = [p.strip("\n") for p in re.split(r"\n\s*\n", normalise(text)) if p.strip()]
        greeting = sign_off = ""
        if paras:
            first = paras[0].split("\n")
            if len(paras) > 1 and len(first) == 1 and _is_greeting(first[0]):
                greeting = paras.pop(0)
            elif len(first) > 1 and _is_greeting(first[0]) and first[0].lower().startswith(
                    _GREETING_WORDS):  # "Hi Ann,\nGreat to see you." with no blank line
                greeting, paras[0] = first[0], "\n".join(first[1:])
        if paras:
            last = paras[-1].split("\n")
            if len(paras) > 1 and len(last) <= 3 and all(len(ln) <= 40 for ln in last) \
                    and not last[-1].endswith((".", "?")):
                sign_off = paras.pop()
            else:
                # "...see you soon.\nBest,\nSam": a short line ending in a comma
                # followed by at most two short lines closes the letter.
                for i in range(max(1, len(last) - 3), len(last)):
                    tail = last[i:]
                    if tail[0].endswith(",") and len(tail[0]) <= 30 and 1 < len(tail) <= 3 \
                            and all(len(ln) <= 40 for ln in tail):
                        sign_off, paras[-1] = "\n".join(tail), "\n".join(last[:i])
                        break
        return cls(greeting, "\n\n".join(p for p in paras if p), sign_off)

    def normalised(self) -> Message:
        """The same message with every block cleaned up by normalise()."""
        return Message(normalise(self.greeting), normalise(self.body), normalise(self.sign_off))

    def plain(self) -> str:
        """The message as plain text, blocks separated by blank lines."""
        return "\n\n".join(b for b in (self.greeting, self.body, self.sign_off) if b)

    def is_empty(self) -> bool:
        """True if there is nothing to write."""
        return not self.plain().strip()


def _is_greeting(line: str) -> bool:
    # "Fred," or "Dear Mrs. Ortega," or "Hi Fred!"; not a first sentence that
    # happens to end with an exclamation mark.
    if line.endswith(",") and len(line) <= 40:
        return True
    return len(line) <= 60 and line.endswith((",", "!", ":")) and \
        line.lower().startswith(_GREETING_WORDS)


def clusters(word: str) -> list[str]:
    """The word cut into drawable units: a base character plus its combining marks."""
    if word.isascii():
        return list(word)  # no combining marks in ASCII
    out: list[str] = []
    for ch in word:
        if out and unicodedata.category(ch).startswith("M"):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def _describe(ch: str) -> str:
    return f'"{ch}" (U+{ord(ch):04X})'


# Per set of faces, single characters (no combining marks) found drawable before:
# a text made only of these has nothing to report (most cards of a batch).
_drawable: dict[tuple[Face, ...], set[str]] = {}


def undrawable(text: str, faces: Sequence[Face]) -> list[tuple[str, int, str]]:
    """Characters no face can draw, as (char, 1-based line, reason), in reading order."""
    known = _drawable.setdefault(tuple(faces), {"\n", " "})
    if known.issuperset(text):
        return []
    bad: list[tuple[str, int, str]] = []
    seen: set[str] = set()
    fine: set[str] = set()  # units already found drawable (most of a text repeats)
    for lineno, line in enumerate(text.split("\n"), start=1):
        for unit in clusters(line):
            if unit in fine:
                continue
            ok = True
            for ch in unit:
                if ch == " " or ch in seen:
                    ok = ok and ch == " "
                    continue
                bidi = unicodedata.bidirectional(ch)
                if bidi in ("R", "AL", "AN"):
                    reason = "right-to-left writing is not supported"
                elif not any(f.has(ord(ch)) for f in faces):
                    reason = ""
                elif not any(f.covers(unit) for f in faces):
                    reason = "no font has this letter with its accent"
                else:
                    continue
                ok = False
                seen.add(ch)
                bad.append((ch, lineno, reason))
            if ok:
                fine.add(unit)
    known |= {u for u in fine if len(u) == 1 and not unicodedata.category(u).startswith("M")}
    return bad


def check_drawable(parts: Iterable[tuple[str, str]], faces: Sequence[Face], who: str = "") -> None:
    """Raise a RefdeskError naming every character no shipped font can draw.

    ``parts`` are (label, text) pairs such as ("line", message) or
    ("address line", address); line numbers count within each text.
    """
    problems = []
    for label, text in parts:
        for ch, lineno, reason in undrawable(text, faces):
            problems.append(f"{_describe(ch)} in {label} {lineno}" + (f" ({reason})" if reason
                                                                      else ""))
    if problems:
        shown = ", ".join(problems[:6]) + (f" and {len(problems) - 6} more"
                                           if len(problems) > 6 else "")
        prefix = f"{who}: " if who else ""
        raise RefdeskError(f"{prefix}cannot draw {shown}; remove or replace "
                           f"{'it' if len(problems) == 1 else 'them'} before printing")
