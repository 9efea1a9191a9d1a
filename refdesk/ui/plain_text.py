"""User text shown through Qt widgets that guess rich text.

QMessageBox, tooltips and some labels render a string as HTML when it looks
like HTML, so a contact named "<img src=...>" from an imported file would
load a picture or fake text. Escaped and wrapped, it always shows as typed.
"""

from __future__ import annotations

import html


def plain(text: str) -> str:
    """``text`` as rich text that displays exactly these characters."""
    return "<p>" + html.escape(text).replace("\n", "<br>") + "</p>"
