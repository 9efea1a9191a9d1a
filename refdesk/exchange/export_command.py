"""``refdesk export csv|vcard|ics|book``: take a book's data out."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from refdesk.arg_types import iso_date
from refdesk.book import Book
from refdesk.errors import RefdeskError
from refdesk.paths import default_book_path
from refdesk.terminal_text import inert

FORMATS = ("csv", "vcard", "ics", "book")


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``export`` sub-command."""
    parser = subparsers.add_parser(
        "export", help="export contacts (CSV, vCard), follow-ups (ICS) or the whole book",
        description="Export the book's contacts as CSV (Excel, LibreOffice) or vCard 4.0 "
                    "(Apple Contacts, Google, Thunderbird), its open follow-ups as an "
                    "ICS calendar, or everything as a book file that 'refdesk import "
                    "FILE --db NEW' restores exactly (docs/book-format.md).")
    parser.add_argument("format", choices=FORMATS, help="what to write")
    parser.add_argument("--db", type=Path, metavar="PATH", default=argparse.SUPPRESS,
                        help="the book (default: your own book)")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", required=True,
                        help="the file to write (replaced whole)")
    parser.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD",
                        help="ics: the day the calendar starts from (default: today)")


def run(args: argparse.Namespace) -> int:
    """Run ``refdesk export``; errors reach the user as RefdeskError."""
    book_path: Path = getattr(args, "db", None) or default_book_path()
    if not book_path.is_file():
        raise RefdeskError(f"There is no book at {book_path}.")
    today = args.as_of or dt.date.today()  # a command's day: --as-of, or the clock
    with Book.open(book_path, create=False) as book:
        message = export(book, args.format, args.output, today=today,
                         now=dt.datetime.now(dt.UTC))
    print(inert(message))
    return 0


def export(book: Book, what: str, path: Path, *, today: dt.date, now: dt.datetime,
           contact_ids: Iterable[int] | None = None) -> str:
    """Write ``book`` (its contacts of ``contact_ids`` only, for csv and vcard) to
    ``path`` as ``what``; one sentence saying what was written."""
    if what in ("csv", "vcard"):
        from refdesk.exchange.book_contacts import load_contacts

        contacts = load_contacts(book, contact_ids)
        if what == "csv":
            from refdesk.exchange.csv_export import write_contacts_csv

            names = {c.id: c.display_name for c in load_contacts(book)} \
                if any(c.referred_by for c in contacts) else {}
            write_contacts_csv(path, contacts, names)
        else:
            from refdesk.exchange.vcard_export import write_contacts_vcard

            write_contacts_vcard(path, contacts)
        return f"Wrote {len(contacts)} contact{'' if len(contacts) == 1 else 's'} to {path}."
    if what == "ics":
        # Written beside the pipeline (issue 11); imported when asked for.
        from refdesk.exchange.follow_up_calendar import write_follow_up_calendar

        result = write_follow_up_calendar(book, path, today)
        count = f" ({result} open follow-up{'' if result == 1 else 's'})"
        return f"Wrote the follow-up calendar{count} to {path}."
    if what == "book":
        from refdesk.exchange.book_file import write_book_file

        counts = write_book_file(book, path, now.replace(microsecond=0))
        return (f"Wrote the whole book to {path}: {counts.get('contact', 0)} contacts, "
                f"{sum(counts.values())} rows in {len(counts)} tables.")
    raise RefdeskError(f"Unknown export format {what!r}; use one of {', '.join(FORMATS)}.")
