"""The window reaches the data only through the Book (refdesk.book), never the store."""

from __future__ import annotations

import re
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "refdesk" / "ui"


def test_the_window_never_imports_the_store():
    store = re.compile(r"^\s*(from|import)\s+refdesk\.store\b")
    reaching = [f"{path.relative_to(UI)}:{n}" for path in UI.rglob("*.py")
                for n, line in enumerate(path.read_text().splitlines(), 1)
                if store.match(line)]
    assert reaching == []
