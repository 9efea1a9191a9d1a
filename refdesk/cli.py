"""The refdesk command: the GUI by default, headless jobs as sub-commands.

Qt is imported only when the GUI is started, so headless jobs stay light
and run where no display exists.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import importlib
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from refdesk import __version__
from refdesk.arg_types import iso_date, positive_int
from refdesk.demo_book import DEMO_CONTACTS
from refdesk.errors import RefdeskError
from refdesk.logs import finish_logging, log_unexpected, setup_logging
from refdesk.paths import default_book_path, demo_book_path

log = logging.getLogger(__name__)


def _top_parser(*, exit_on_error: bool = True) -> argparse.ArgumentParser:
    """refdesk's own options, without the sub-commands."""
    parser = argparse.ArgumentParser(
        prog="refdesk",
        description="Earn, ask for, track and thank customer referrals.",
        exit_on_error=exit_on_error,
    )
    parser.add_argument("--version", action="version", version=f"refdesk {__version__}")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--db", type=Path, metavar="PATH", help="open this book file")
    where.add_argument("--demo", action="store_true",
                       help="open the demo book (made on first use; never your own book)")
    parser.add_argument("--smoke-test", action="store_true",
                        help="open the main window, wait for the first paint, print start-up "
                             "timings as JSON and exit")
    return parser


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser: every sub-command listed, those named in ``argv``
    (or all, for --help) with their full parser, the others' built only when
    named (each costs a start its imports and ~0.3 ms of argparse)."""
    tokens = set(sys.argv[1:] if argv is None else argv)
    everything = bool(tokens & {"-h", "--help"})
    # A command named: its parser alone (an import pays for no other command's).
    stubs = everything or not tokens & {*BUILT_IN_COMMANDS, *LAZY_COMMANDS}
    parser = _top_parser()
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (add, summary) in BUILT_IN_COMMANDS.items():
        if name in tokens or everything:
            add(sub)
        elif stubs:
            sub.add_parser(name, help=summary)  # listed in help; real parser when named
    _add_lazy_commands(sub, tokens, everything, stubs)
    return parser


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line's arguments. A window's start (no sub-command named)
    parses refdesk's own options alone: no sub-parser is built."""
    tokens = list(sys.argv[1:] if argv is None else argv)
    plain = _plain_window_start(tokens)
    if plain is not None:
        return plain
    if not set(tokens) & {*BUILT_IN_COMMANDS, *LAZY_COMMANDS, "-h", "--help"}:
        try:
            args, rest = _top_parser(exit_on_error=False).parse_known_args(tokens)
        except argparse.ArgumentError:
            rest = tokens  # the whole parser says what is wrong, as it always did
        if not rest:
            args.command = None
            return args
    return build_parser(tokens).parse_args(tokens)


def _plain_window_start(tokens: list[str]) -> argparse.Namespace | None:
    """The arguments of a window's start written out plainly (--db PATH,
    --demo, --smoke-test, each whole), as _top_parser reads them; None for
    anything else, which argparse reads. A parser's first use looks up its
    translations (gettext imports locale: ~2.5 ms before a warm start's paint)."""
    args = argparse.Namespace(db=None, demo=False, smoke_test=False, command=None)
    rest = iter(tokens)
    for token in rest:
        if token == "--db":
            value = next(rest, None)
            if not value or value.startswith("-"):
                return None
            args.db = Path(value)
        elif token in ("--demo", "--smoke-test"):
            setattr(args, token[2:].replace("-", "_"), True)
        else:
            return None
    return None if args.db is not None and args.demo else args  # argparse refuses both


def _add_demo(sub: argparse._SubParsersAction) -> None:
    demo = sub.add_parser("demo", help=BUILT_IN_COMMANDS["demo"][1])
    demo.add_argument("--contacts", type=positive_int, default=DEMO_CONTACTS, metavar="N")
    demo.add_argument("--db", type=Path, required=True, metavar="PATH",
                      help="the new book file to write")
    demo.add_argument("--seed", type=int, default=1, metavar="S")
    demo.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD",
                      help="the day the demo is written for (default: today)")
    demo.set_defaults(handler=_run_demo)


def _add_backup(sub: argparse._SubParsersAction) -> None:
    backup = sub.add_parser("backup", help=BUILT_IN_COMMANDS["backup"][1])
    # SUPPRESS: a --db given before the sub-command is not reset to None.
    backup.add_argument("--db", type=Path, metavar="PATH", default=argparse.SUPPRESS,
                        help="the book (default: your own book)")
    backup.add_argument("-o", "--output", type=Path, metavar="FILE",
                        help="where to write the copy (default: the book's backups folder)")
    backup.set_defaults(handler=_run_backup)


def _add_restore(sub: argparse._SubParsersAction) -> None:
    restore = sub.add_parser("restore", help=BUILT_IN_COMMANDS["restore"][1])
    restore.add_argument("file", type=Path, metavar="FILE", help="the backup to restore")
    restore.add_argument("--db", type=Path, metavar="PATH", default=argparse.SUPPRESS,
                         help="the book to replace (default: your own book)")
    restore.add_argument("--wait", type=float, metavar="SECONDS", default=None,
                         help="how long to wait for other refdesk commands to finish with "
                              "the book before refusing (default: 10)")
    restore.set_defaults(handler=_run_restore)


BUILT_IN_COMMANDS: dict[str, tuple[Callable[[argparse._SubParsersAction], None], str]] = {
    "demo": (_add_demo, "write a realistic demo book"),
    "backup": (_add_backup, "copy a book safely, even while it is open"),
    "restore": (_add_restore, "replace a book with a backup"),
}


# Sub-commands that live beside their domain, imported only when named on
# the command line (or for --help): starting the GUI must not pay for
# ReportLab and the rest. Each module has add_parser(subparsers) and run(args).
LAZY_COMMANDS: dict[str, tuple[str, str]] = {
    "today": ("refdesk.today_command", "the day's agenda: who to ask, thank and follow up"),
    "card": ("refdesk.cards.cli_card", "render handwritten-style thank-you cards to PDF"),
    "import": ("refdesk.exchange.command", "import contacts from a CSV or vCard file"),
    "export": ("refdesk.exchange.export_command", "export contacts, follow-ups or the whole book"),
    "report": ("refdesk.report_command", "the referral report card, as a summary, JSON or PDF"),
}


def _add_lazy_commands(sub: argparse._SubParsersAction, tokens: set[str],
                       wanted_all: bool, stubs: bool) -> None:
    for name, (module_name, summary) in LAZY_COMMANDS.items():
        if name not in tokens and not wanted_all:
            if stubs:
                sub.add_parser(name, help=summary)  # listed in help; real parser when named
            continue
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        module.add_parser(sub)
        sub.choices[name].set_defaults(handler=module.run)


def _run_demo(args: argparse.Namespace) -> int:
    from refdesk.demo import write_demo_book

    as_of = args.as_of or dt.date.today()  # a command's day: --as-of, or the clock
    summary = write_demo_book(args.db, args.contacts, seed=args.seed, as_of=as_of)
    _save_todays_board(args.db, as_of)
    rows = summary.rows
    print(f"Wrote {args.db}: {summary.contacts} contacts, {rows['Sale']} sales, "
          f"{rows['Touchpoint']} touchpoints, {rows['Referral']} referrals, "
          f"{rows['FollowUp']} follow-ups, {rows['Card']} cards.")
    return 0


def _save_todays_board(path: Path, as_of: dt.date) -> None:
    """Keep the new book's board for the day it was written for, as a window
    opening it that day would evaluate it, so its first start paints at once
    (a fraction of a second at 10k contacts)."""
    from refdesk.book import Book
    from refdesk.book.board_cache import save_board

    book = Book.open(path, create=False)
    try:
        save_board(book, as_of, (book.board.evaluate(as_of), book.board.agenda(as_of)))
    finally:
        book.close()


def _run_backup(args: argparse.Namespace) -> int:
    from refdesk.store.backup import backup_book

    book = args.db or default_book_path()
    if not book.is_file():
        raise RefdeskError(f"There is no book at {book}.")
    written = backup_book(book, force=True, dest=args.output)  # checks the file first
    print(f"Backed up {book} to {written}.")
    return 0


def _run_restore(args: argparse.Namespace) -> int:
    from refdesk.store.backup import RESTORE_WAIT, restore_book

    book = args.db or default_book_path()
    wait = RESTORE_WAIT if args.wait is None else max(args.wait, 0.0)
    kept = restore_book(args.file, book, wait=wait)
    print(f"Restored {book} from {args.file}.")
    if kept:
        print(f"The book it replaced is kept at {kept}.")
    return 0


def _book_path(args: argparse.Namespace) -> Path | None:
    """The book a run works on, as its command will resolve it; None when it
    uses no book (a card from a message file)."""
    if not args.command:
        return demo_book_path() if args.demo else (args.db or default_book_path())
    given = getattr(args, "db", None)
    if given or args.command == "demo":  # demo's --db is required
        return given
    if args.command == "card":
        from refdesk.cards.cli_card import wants_book

        return default_book_path() if wants_book(args) else None
    return default_book_path()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``refdesk`` command; returns the exit status.

    Failures are one line on stderr and a non-zero status, never a traceback:
    an unexpected error's traceback goes to the log file, which the line names.
    """
    if argv is None:  # the process's own command: its modules are imported next
        gc.disable()  # what they make lives as long as the process: no garbage to look for
    args = parse_args(argv)
    if argv is None:
        gc.freeze()  # nor at later collections
        gc.enable()
    book = _book_path(args)
    command = args.command or "gui"
    # The window opens its log file after its first paint (run_gui).
    setup_logging(book, command=command, defer=command == "gui")
    try:
        if args.command:
            return args.handler(args)
        if args.demo:
            from refdesk.demo_book import demo_book

            book = demo_book(dt.date.today(), book)  # the entry point reads the clock
        from refdesk.ui.app import run_gui

        return run_gui(book, smoke_test=args.smoke_test)
    except RefdeskError as exc:
        # The kind only: the message is for the user and often names a contact.
        log.warning("%s stopped: %s (told the user)", command, type(exc).__name__)
        print(f"refdesk: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        log.info("%s interrupted", command)
        return 130
    except BrokenPipeError:
        # Whoever read the output stopped reading (`refdesk ... | head`): stop
        # quietly, as a command killed by SIGPIPE does, and let nothing more be
        # written there (the interpreter's last flush would raise again).
        log.info("%s: its reader closed the output", command)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 128 + 13  # SIGPIPE's number on POSIX: what a shell reports
    except Exception as exc:
        written = log_unexpected(command)
        summary = type(exc).__name__
        if str(exc).strip():
            summary += f": {str(exc).strip().splitlines()[0]}"
        details = f"; the details are in {written}" if written else ""
        print(f"refdesk: unexpected error: {summary}{details}", file=sys.stderr)
        return 1
    finally:
        finish_logging()  # a window that never painted still leaves its log
        if argv is None:  # the process's own command: it ends right after
            # The interpreter's last cycle collection walks every object left
            # (20-40 ms after an import of 20,000 contacts) for garbage the end
            # of the process frees anyway: frozen objects are not walked.
            gc.freeze()


if __name__ == "__main__":
    sys.exit(main())
