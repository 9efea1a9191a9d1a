"""User text shown through Qt widgets that guess rich text.

QMessageBox, tooltips and some labels render a string as HTML when it looks
like HTML, so a contact named "<img src=...>" from an imported file would
load a picture or fake text. Escaped and wrapped, it always shows as typed.
"""

from __future__ import annotations


def escaped(text: str) -> str:
    """``text`` escaped to sit inside rich text written around it: html.escape,
    spelled out because importing html loads its 2,000-entity table (2 ms of
    start-up) for five characters, and line breaks. Replaced one after another,
    "&" first and the line breaks last: str.translate with a table took seven
    times as long, ~4 ms for the Today panel's 600 rows before a first paint."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#x27;").replace("\n", "<br>"))


def plain(text: str) -> str:
    """``text`` as rich text that displays exactly these characters."""
    return "<p>" + escaped(text) + "</p>"
