"""escaped() is html.escape, and a line break is <br>, whatever the mix."""

from __future__ import annotations

import html
import itertools

from refdesk.ui.plain_text import escaped


def test_escaped_is_html_escape_with_line_breaks():
    pieces = ["&", "<", ">", '"', "'", "\n", "&amp;", "<br>", "a", "é—·", ""]
    for parts in itertools.product(pieces, repeat=3):
        text = "".join(parts)
        assert escaped(text) == html.escape(text).replace("\n", "<br>"), text
