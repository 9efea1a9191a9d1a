"""``refdesk import FILE``: bring contacts in from a CSV or vCard file."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from refdesk.book import Book
from refdesk.errors import RefdeskError
from refdesk.exchange.book_file import is_book_file, read_book_file, restore_book_data
from refdesk.exchange.import_report import ImportReport
from refdesk.exchange.importer import import_read, paused_gc
from refdesk.exchange.reading import propose_columns, read_contacts
from refdesk.paths import default_book_path
from refdesk.terminal_text import inert

IMPORT_KINDS = ("customer", "prospect")
SHOWN_PROBLEMS = 10  # beyond this a terminal is flooded; the GUI lists them all


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``import`` sub-command."""
    parser = subparsers.add_parser(
        "import", help="import contacts from a CSV or vCard (.vcf) file",
        description="Import contacts from a CSV or vCard file exported by a phone, "
                    "Gmail, Outlook, Apple Contacts or Thunderbird, or a whole book from "
                    "'refdesk export book'. Contacts already in the book (same e-mail; "
                    "same phone and name; same name and company) are merged field by "
                    "field; the rest are added; all together, or not at all.")
    parser.add_argument("file", type=Path, metavar="FILE",
                        help="the .csv or .vcf file, or a book .json to restore")
    parser.add_argument("--db", type=Path, metavar="PATH",
                        help="the book to import into (default: your own book)")
    parser.add_argument("--kind", choices=IMPORT_KINDS,
                        help="what the imported contacts are (default: customer)")
    parser.add_argument("--tag", metavar="TAG", help="tag every imported contact with TAG")
    parser.add_argument("--map", metavar="COLUMN=FIELD,...",
                        help="what a CSV's columns hold, for headers refdesk does not know, "
                             "e.g. --map 'Nom=last_name,Courriel=email,4=ignore' (a column by "
                             "its header or its number from 1; fields: first_name, last_name, "
                             "full_name, company, title, email, phone, street, city, region, "
                             "postal_code, country, notes, ignore)")
    parser.add_argument("--dry-run", action="store_true",
                        help="show what would be imported without changing the book")
    parser.add_argument("--json", action="store_true",
                        help="print one JSON object: counts new, merged, skipped, and errors")


def run(args: argparse.Namespace) -> int:
    """Run ``refdesk import``; errors reach the user as RefdeskError."""
    book_path: Path = args.db or default_book_path()
    if is_book_file(args.file):
        return _restore(args, book_path)
    try:
        with paused_gc():  # reading makes as many objects as the import: see paused_gc
            # Read first: a file that cannot be used fails before a book is created.
            mapping = _mapping(args.file, args.map) if args.map else None
            result = read_contacts(args.file, mapping=mapping)
            options = {"kind": args.kind or "customer", "tag": args.tag,
                       "dry_run": args.dry_run}
            if args.dry_run and not book_path.exists():
                report = import_read(None, result, **options)
            else:
                with Book.open(book_path) as book:
                    report = import_read(book, result, **options)
    except RefdeskError as exc:
        # Messages quote the file (its name, a line of it): shown, not sent.
        shown = inert(str(exc))
        if shown != str(exc):
            raise RefdeskError(shown) from exc
        raise
    if args.json:
        # ASCII-only JSON escapes every control character: a name cannot drive a terminal.
        print(json.dumps(report.as_json(), sort_keys=True))
        return 0
    for line in describe(report, book_path):
        print(inert(line))
    return 0


def _mapping(path: Path, text: str) -> dict[int, str]:
    """``--map`` read against the file's own header row."""
    from refdesk.exchange.column_mapping import mapping_from_option

    proposal = propose_columns(path)
    if proposal is None:
        raise RefdeskError(f"{path.name}: --map is for a CSV file with a header line naming "
                           "its columns; this file has none.")
    return mapping_from_option(text, [column.header for column in proposal.columns])


def _restore(args: argparse.Namespace, book_path: Path) -> int:
    """Restore a book file (``refdesk export book``) into a new book, exactly."""
    if args.kind or args.tag or args.map:
        raise RefdeskError(f"{args.file.name} is a book file, restored as it is; --kind, "
                           "--tag and --map are for CSV and vCard files.")
    data = read_book_file(args.file)
    if args.dry_run:
        counts = {table: len(rows) for table, rows in data["tables"].items()}
    else:
        created = not book_path.exists()
        try:
            with Book.open(book_path) as book:
                counts = restore_book_data(book, data, args.file.name)
        except RefdeskError:
            if created:  # the book this run made holds nothing: leave nothing behind
                for suffix in ("", "-wal", "-shm", "-journal"):
                    Path(f"{book_path}{suffix}").unlink(missing_ok=True)
            raise
    if args.json:
        print(json.dumps({"new": counts.get("contact", 0), "merged": 0, "skipped": 0,
                          "errors": [], "tables": counts, "dry_run": args.dry_run,
                          "file": str(args.file), "format": "book"}, sort_keys=True))
        return 0
    verb = "Would restore" if args.dry_run else "Restored"
    print(inert(f"{verb} {counts.get('contact', 0)} contacts and {sum(counts.values())} "
                f"rows in {len(counts)} tables from {args.file.name}."))
    print(inert("Dry run: nothing was written." if args.dry_run else f"Book: {book_path}"))
    return 0


def describe(report: ImportReport, book_path: Path) -> list[str]:
    """The report as a few lines for a terminal (pass each through ``inert``)."""
    lines = [f"Read {report.records} record{_s(report.records)} from {report.path.name} "
             f"({report.format}, {report.encoding})."]
    lines += report.notes
    lines.append(report.summary())
    lines.append("Dry run: nothing was written." if report.dry_run else f"Book: {book_path}")
    listed = 0
    for title, items in (
        ("Merged into contacts already there:" if not report.dry_run
         else "Would merge into contacts already there:", report.merges),
        ("Skipped as duplicates:", report.duplicates),
        ("Skipped:", report.skipped),
        ("Imported, with a problem:", report.imported_with_problems),
    ):
        shown = items[:SHOWN_PROBLEMS - listed]
        if shown:
            lines.append(title)
            lines += [f"  {item}" for item in shown]
            listed += len(shown)
    hidden = len(report.merges) + len(report.duplicates) + len(report.problems) - listed
    if hidden > 0:
        lines.append(f"  ... and {hidden} more.")
    return lines


def _s(count: int) -> str:
    return "" if count == 1 else "s"
