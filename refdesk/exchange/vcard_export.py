"""Contacts to vCard 4.0 (RFC 6350), as Apple Contacts, Google and Thunderbird take it.

One card a contact: FN and N always, then what the contact has. Text is
escaped (backslash, comma, semicolon, newline) and lines are folded at 75
octets, never inside a UTF-8 character. E.164 numbers are ``tel:`` URIs
(the RFC's default); a number kept as typed is ``VALUE=text``. A label that
is not a vCard TYPE goes in Apple's grouped ``X-ABLabel``, which the
importer reads back.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from refdesk.book.records import ContactData
from refdesk.exchange.output_file import write_private

_PHONE_TYPES = {"work": "work", "home": "home", "mobile": "cell", "pager": "pager",
                "fax": "fax", "work fax": "work,fax", "home fax": "home,fax"}
_EMAIL_TYPES = {"work": "work", "home": "home"}
_E164 = re.compile(r"\+\d{4,15}(?: ext\. (\S+))?")


def contacts_vcard(contacts: Sequence[ContactData]) -> str:
    """Every contact as a vCard 4.0 card, CRLF line ends."""
    return "".join(_card(c) for c in contacts)


def write_contacts_vcard(path: Path, contacts: Sequence[ContactData]) -> None:
    """Write the .vcf to ``path`` (UTF-8, as 4.0 requires), whole or not at all."""
    write_private(path, contacts_vcard(contacts).encode("utf-8"))


def _card(c: ContactData) -> str:
    lines = ["BEGIN:VCARD", "VERSION:4.0", f"FN:{_text(c.display_name)}",
             "N:" + ";".join(_text(v) for v in (c.last_name, c.first_name, c.middle_name,
                                                c.prefix, c.suffix))]
    if c.nickname:
        lines.append(f"NICKNAME:{_text(c.nickname)}")
    if c.company:
        lines.append(f"ORG:{_text(c.company)}")
    if c.title:
        lines.append(f"TITLE:{_text(c.title)}")
    groups = 0
    for n, (address, label) in enumerate(c.emails):
        groups, line = _labelled("EMAIL", address and _text(address), label, _EMAIL_TYPES,
                                 n, groups, lines)
        lines.append(line)
    for n, (number, label) in enumerate(c.phones):
        match = _E164.fullmatch(number)
        if match:
            uri = number.split(" ")[0] + (f";ext={match.group(1)}" if match.group(1) else "")
            value, param = f"tel:{uri}", ";VALUE=uri"
        else:
            value, param = _text(number), ";VALUE=text"
        groups, line = _labelled("TEL" + param, value, label, _PHONE_TYPES, n, groups, lines)
        lines.append(line)
    if any((c.street, c.city, c.region, c.postal_code, c.country)):
        lines.append("ADR:;;" + ";".join(_text(v) for v in (c.street, c.city, c.region,
                                                          c.postal_code, c.country)))
    if c.tags:
        lines.append("CATEGORIES:" + ",".join(_text(t) for t in c.tags))
    if c.notes:
        lines.append(f"NOTE:{_text(c.notes)}")
    lines.append("END:VCARD")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _labelled(name: str, value: str, label: str, types: dict[str, str], index: int,
              groups: int, lines: list[str]) -> tuple[int, str]:
    """The property line, with TYPE for a known label, PREF=1 on the first; a
    custom label adds an X-ABLabel line (grouped) to ``lines``."""
    pref = ";PREF=1" if index == 0 else ""
    if not label:
        return groups, f"{name}{pref}:{value}"
    if label in types:
        kind = types[label]
        quoted = f'"{kind}"' if "," in kind else kind
        return groups, f"{name};TYPE={quoted}{pref}:{value}"
    groups += 1
    lines.append(f"item{groups}.X-ABLABEL:{_text(label)}")
    return groups, f"item{groups}.{name}{pref}:{value}"


def _text(value: str) -> str:
    """RFC 6350 3.4 escaping of a text value."""
    return (value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
            .replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n"))


def _fold(line: str, limit: int = 75) -> str:
    """Fold at ``limit`` octets (a continuation line starts with a space)."""
    if len(line.encode("utf-8")) <= limit:
        return line
    pieces, current, size = [], [], 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        room = limit if not pieces else limit - 1  # continuation lines lose one to the space
        if size + width > room:
            pieces.append("".join(current))
            current, size = [], 0
        current.append(ch)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces)
