"""Cells a spreadsheet must show as text, not run as a formula (CSV injection).

OWASP's advice: a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return gets a leading apostrophe, which Excel and LibreOffice take
as "this is text". Cells that already start with apostrophes before such a
character get one more, so reading back (one apostrophe off) is exact.
"""

from __future__ import annotations

import re

_RISKY = re.compile(r"'*[=+\-@\t\r]")


def neutralized(cell: str) -> str:
    """``cell`` as written to a CSV: an apostrophe first when a spreadsheet would
    run it as a formula."""
    return f"'{cell}" if _RISKY.match(cell) else cell


def restored(cell: str) -> str:
    """The text ``neutralized`` was given (what another program's export with
    the same guard held, too)."""
    return cell[1:] if cell.startswith("'") and _RISKY.match(cell, 1) else cell
