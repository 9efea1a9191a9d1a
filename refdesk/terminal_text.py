"""Text from a book or a file, made safe to print on a terminal.

A name imported from a file can hold control characters: ESC sequences
clear the screen, retitle the window or, on some terminals, answer back as
if typed. Commands print such text through :func:`inert`, which shows every
control character instead of sending it.
"""

from __future__ import annotations

# C0 controls as their Unicode pictures (ESC -> ␛, LF -> ␊), DEL as ␡; the
# C1 controls (U+0080-U+009F, e.g. CSI) have no pictures, so they read \x9b.
# Tab stays: it only moves the cursor on.
_INERT = {code: chr(0x2400 + code) for code in range(0x20) if code != 0x09}
_INERT[0x7F] = "\u2421"
_INERT.update({code: f"\\x{code:02x}" for code in range(0x80, 0xA0)})
# Bidirectional overrides and isolates reorder what follows them on the line,
# so a name can make the next column read backwards ("Trojan Source"): shown
# as <U+202E>. Plain marks (LRM, RLM) are harmless and stay.
_BIDI = (*range(0x202A, 0x202F), *range(0x2066, 0x206A))
_INERT.update({code: f"<U+{code:04X}>" for code in _BIDI})

# JSON already escapes C0 controls; DEL and C1 it leaves raw unless asked to
# escape all of non-ASCII. Inside a JSON string \u escapes read back the same.
_JSON_INERT = {code: f"\\u{code:04x}" for code in (0x7F, *range(0x80, 0xA0), *_BIDI)}


def inert(text: str) -> str:
    """``text`` with every control character but tab, and every bidi override,
    shown, not sent."""
    return text.translate(_INERT)


def inert_json(text: str) -> str:
    """JSON from ``json.dumps(..., ensure_ascii=False)`` with DEL and C1 escaped too:
    the same data, read back, and nothing a terminal acts on."""
    return text.translate(_JSON_INERT)
