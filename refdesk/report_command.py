"""``refdesk report``: the referral report card as a summary, JSON or a PDF."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

from refdesk.arg_types import iso_date
from refdesk.book import Book
from refdesk.book.report_rows import read_report
from refdesk.domain.report_period import PERIOD_KINDS, Period, custom_period, period_for
from refdesk.errors import RefdeskError
from refdesk.paths import default_book_path
from refdesk.terminal_text import inert_json


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``report`` sub-command."""
    report = subparsers.add_parser(
        "report", help="the referral report card: asked, won, revenue, referrers, follow-ups")
    # SUPPRESS keeps a top-level "refdesk --db PATH report" from being reset to None.
    report.add_argument("--db", type=Path, metavar="PATH", default=argparse.SUPPRESS,
                        help="the book (default: your own book)")
    report.add_argument("--period", choices=PERIOD_KINDS, default=None,
                        help="this month, quarter or year to date, or all time (the default)")
    report.add_argument("--from", dest="start", type=iso_date, metavar="YYYY-MM-DD",
                        help="the first day of the period (instead of --period)")
    report.add_argument("--to", dest="end", type=iso_date, metavar="YYYY-MM-DD",
                        help="the last day of the period (default: the as-of day)")
    report.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD",
                        help="count what happened up to this day (default: today)")
    report.add_argument("--json", action="store_true", help="print JSON instead of a summary")
    report.add_argument("-o", "--output", type=Path, metavar="FILE.pdf",
                        help="also write the report card as a PDF")


def chosen_period(args: argparse.Namespace, as_of: dt.date) -> Period:
    """The period the options name; a RefdeskError for a mix that means nothing."""
    if args.period and (args.start or args.end):
        raise RefdeskError("Give either --period or --from/--to, not both.")
    if args.end and not args.start:
        raise RefdeskError("--to needs --from: the first day of the period.")
    if args.start:
        end = args.end or as_of
        if end > as_of:
            raise RefdeskError(f"--to {end} is after the as-of day {as_of}: nothing after "
                               "it is counted (give --as-of to move it).")
        return custom_period(args.start, end)
    return period_for(args.period or "all", as_of)


def run(args: argparse.Namespace) -> int:
    """Print (and with -o write) the report card; a missing book is a RefdeskError."""
    as_of = args.as_of or dt.date.today()  # the command's day: --as-of, or the clock
    period = chosen_period(args, as_of)
    output = args.output
    if output is not None and output.suffix.lower() != ".pdf":
        raise RefdeskError(f"{output}: the report card is written as PDF; name a .pdf file.")
    with Book.open(getattr(args, "db", None) or default_book_path(), create=False) as book:
        cards = read_report(book, period, as_of)
        paper = str(book.settings.get("card_paper"))  # the printer's paper: letter or a4
    if output is not None:
        from refdesk.reports.report_pdf import write_report_pdf  # ReportLab only when asked

        write_report_pdf(cards, output, paper=paper)
    if args.json:
        from refdesk.reports.report_json import report_json

        print(inert_json(json.dumps(report_json(cards), ensure_ascii=False, indent=2)))
    else:
        from refdesk.reports.report_text import report_text

        print(report_text(cards))
        if output is not None:
            print(f"\nWrote {output}.")
    return 0
