"""User text shown through Qt widgets that guess rich text.

QMessageBox, tooltips and some labels render a string as HTML when it looks
like HTML, so a contact named "<img src=...>" from an imported file would
load a picture or fake text. Escaped and wrapped, it always shows as typed.
"""

from __future__ import annotations

# html.escape's table, and line breaks; spelled out because importing html
# loads its 2,000-entity table (2 ms of start-up) for five characters.
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                          "'": "&#x27;", "\n": "<br>"})


def escaped(text: str) -> str:
    """``text`` escaped to sit inside rich text written around it."""
    return text.translate(_ESCAPES)


def plain(text: str) -> str:
    """``text`` as rich text that displays exactly these characters."""
    return "<p>" + escaped(text) + "</p>"
