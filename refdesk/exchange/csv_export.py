"""Contacts to a CSV file that Excel, LibreOffice and refdesk's importer read right.

UTF-8 with a byte-order mark (Excel reads UTF-8 only with one), one row a
contact, CRLF line ends, every field quoted where needed (multi-line notes
stay one cell). E-mails and phones get numbered, labelled columns in the
Google Contacts layout ("E-mail 1 - Label", "E-mail 1 - Value"), which the
importer reads back. Every cell goes through ``neutralized``: a phone in
E.164 starts with "+", so it is written "'+12125550100" and shows as typed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from refdesk.book.records import ContactData
from refdesk.exchange.output_file import write_private
from refdesk.exchange.spreadsheet_cells import neutralized

_NAME_COLUMNS = (("Kind", "kind"), ("Name Prefix", "prefix"), ("First Name", "first_name"),
                 ("Middle Name", "middle_name"), ("Last Name", "last_name"),
                 ("Name Suffix", "suffix"), ("Nickname", "nickname"),
                 ("Company", "company"), ("Job Title", "title"))
_ADDRESS_COLUMNS = (("Street", "street"), ("City", "city"), ("Region", "region"),
                    ("Postal Code", "postal_code"), ("Country", "country"))
TAG_SEPARATOR = " ::: "  # Google's, which the importer splits on


def contacts_csv(contacts: Sequence[ContactData], referrers: dict[int, str]) -> str:
    """The CSV text (without BOM); ``referrers`` names each ``referred_by`` id."""
    emails = max((len(c.emails) for c in contacts), default=0) or 1
    phones = max((len(c.phones) for c in contacts), default=0) or 1
    header = [title for title, _ in _NAME_COLUMNS]
    for n in range(1, emails + 1):
        header += [f"E-mail {n} - Label", f"E-mail {n} - Value"]
    for n in range(1, phones + 1):
        header += [f"Phone {n} - Label", f"Phone {n} - Value"]
    header += [title for title, _ in _ADDRESS_COLUMNS]
    header += ["Labels", "Referred By", "Notes"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for c in contacts:
        row = [getattr(c, name) for _, name in _NAME_COLUMNS]
        for n in range(emails):
            row += list(c.emails[n])[::-1] if n < len(c.emails) else ["", ""]
        for n in range(phones):
            row += list(c.phones[n])[::-1] if n < len(c.phones) else ["", ""]
        row += [getattr(c, name) for _, name in _ADDRESS_COLUMNS]
        row += [TAG_SEPARATOR.join(c.tags), referrers.get(c.referred_by, ""),
                c.notes.replace("\r\n", "\n")]
        writer.writerow([neutralized(str(cell)) for cell in row])
    return out.getvalue()


def write_contacts_csv(path: Path, contacts: Sequence[ContactData],
                       referrers: dict[int, str]) -> None:
    """Write the CSV to ``path`` (UTF-8 with BOM), whole or not at all."""
    write_private(path, contacts_csv(contacts, referrers).encode("utf-8-sig"))
