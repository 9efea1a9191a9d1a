"""The user's demo book: written on first use, kept apart from their own book.

Outside the demo package so the command line can name its size without
loading the generator (and Peewee) for commands that never write a demo.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from refdesk.paths import demo_book_path

DEMO_CONTACTS = 250


def demo_book(as_of: dt.date, path: Path | None = None) -> Path:
    """The demo book's path, writing it for ``as_of`` first when it does not exist yet."""
    from refdesk.demo import write_demo_book

    path = path or demo_book_path()
    if path.exists() and path.stat().st_size == 0:
        path.unlink()  # an earlier start stopped before writing it: ours to redo
    if not path.exists():
        write_demo_book(path, DEMO_CONTACTS, as_of=as_of)
    return path
