"""Checks and clean-up shared by every reader, so CSV and vCard contacts agree."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence

from refdesk.book.records import ContactData
from refdesk.exchange.results import Problem

# Loose on purpose: the point is to catch a name or a phone number typed in
# the e-mail field, not to judge what mail servers accept. "local@domain",
# each part a run of these characters (no "@": one way to match, linear),
# the domain with a dot inside, checked apart because one pattern
# "x+@x+\.x+" backtracks over every dot (quadratic: minutes for 200 KB).
_EMAIL = re.compile(r"[^@\s<>(),;:\"\[\]]+@[^@\s<>(),;:\"\[\]]+")
_DIGIT = re.compile(r"\d")
_NOT_DIGITS = re.compile(r"\D+")

# Groups every contact of an export belongs to; as tags they would mark
# everyone and say nothing.
_SYSTEM_GROUPS = {"my contacts", "mycontacts", "starred", "starred in android",
                  "system group: my contacts"}

_ONE_LINE_FIELDS = ("prefix", "first_name", "middle_name", "last_name", "suffix", "nickname",
                    "company", "title", "city", "region", "postal_code", "country")


def clean_email(value: str) -> str | None:
    """The address in ``value`` (mailto: and <> removed), or None if it is not one."""
    value = value.strip()
    if value[:7].lower() == "mailto:":
        value = value[7:].strip()
    if value[:1] == "<" or value[-1:] == ">":
        value = value.strip("<>").strip()
    if _EMAIL.fullmatch(value):
        domain = value[value.index("@") + 1:]
        if "." in domain[1:-1]:
            return value
    return None


def clean_phone(value: str) -> str | None:
    """The number in ``value`` (tel: URI unwrapped), or None if it has no digit."""
    value = " ".join(value.split())
    if value[:4].lower() == "tel:":
        number, _, params = value[4:].partition(";")
        ext = re.search(r"(?:^|;)ext=([^;]+)", params)
        value = f"{number} ext. {ext.group(1)}" if ext else number
    # The regex first (quick); isdigit() also knows digits like "²" it does not.
    return value if _DIGIT.search(value) or any(ch.isdigit() for ch in value) else None


def split_display_name(text: str) -> tuple[str, str]:
    """Split "First Last" or "Last, First" into (first, last)."""
    text = " ".join(text.split())
    if text.count(",") == 1:
        last, first = (part.strip() for part in text.split(","))
        if first and last:
            return first, last
    words = text.split(" ")
    if len(words) == 1:
        return text, ""
    return " ".join(words[:-1]), words[-1]


def name_from_email(address: str) -> tuple[str, str]:
    """Guess (first, last) from an address like john.doe@example.com."""
    local = address.split("@", 1)[0]
    parts = [p for p in re.split(r"[._\-+]+", local) if p]
    if len(parts) >= 2 and all(p.isalpha() for p in parts):
        return parts[0].capitalize(), " ".join(p.capitalize() for p in parts[1:])
    return local, ""


def split_tags(text: str) -> list[str]:
    """Tags from a list like "VIP ::: * myContacts" or "Golf;Clients"."""
    # Google's ":::" list keeps commas inside a label ("golf, tennis").
    return clean_tags(text.split(":::") if ":::" in text else re.split(r"[;,]", text))


def clean_tags(tags: Iterable[str]) -> list[str]:
    """Tags without Google's "* " mark, and without groups every contact is in."""
    cleaned = (tag.strip().removeprefix("* ").strip() for tag in tags)
    return [tag for tag in cleaned if tag and tag.casefold() not in _SYSTEM_GROUPS]


def finish_contact(data: ContactData, *, display_name: str, record: int, line: int,
                   messages: Sequence[str | tuple[int, str]] = (),
                   value_lines: Mapping[str, int] | None = None) -> tuple[bool, list[Problem]]:
    """Tidy ``data`` in place and say whether it can be imported, with its problems.

    Bad e-mail addresses and phone numbers are left out (a problem each); a
    contact without name or company takes ``display_name``, or else a name made
    from its e-mail address; with none of these it is skipped. ``messages`` are
    the reader's own remarks on the record, reported with the rest, each at
    ``line`` or at its own (line, message); ``value_lines`` gives the line of
    each raw e-mail and phone value (a vCard property's), for its problem.
    """
    at = value_lines or {}
    messages = [m if isinstance(m, tuple) else (line, m) for m in messages] if messages else []
    if display_name:
        display_name = " ".join(display_name.split())
        if "@" in display_name and clean_email(display_name):
            # Thunderbird names people it only has an address for by that address.
            data.emails = [*data.emails, (display_name, "")]
            display_name = ""
    fields = data.__dict__  # an import of 20,000 checks 240,000 of these
    for name in _ONE_LINE_FIELDS:
        value = fields[name]
        if value:  # most are empty
            fields[name] = " ".join(value.split())
    if data.street:  # it may span lines (a suite, a building): keep them, drop blanks
        data.street = "\n".join(filter(None, (" ".join(s.split())
                                              for s in data.street.split("\n"))))
    if data.notes:
        data.notes = data.notes.strip()

    if data.emails:
        data.emails = _kept(data.emails, clean_email, str.casefold,
                            "e-mail {!r} is not an e-mail address; left out", at, line, messages)
    if data.phones:
        data.phones = _kept(data.phones, clean_phone, _digits, "phone {!r} has no digits; left out",
                            at, line, messages)
    if data.tags:
        data.tags = list(dict.fromkeys(t.strip() for t in data.tags if t.strip()))

    keep = True
    if not (data.first_name or data.last_name or data.company):
        if display_name:
            data.first_name, data.last_name = split_display_name(display_name)
        elif data.emails:
            data.first_name, data.last_name = name_from_email(data.emails[0][0])
            messages.append((line, "no name or company; named after the e-mail address"))
        else:
            keep = False
    if keep and not messages:
        return True, []
    shown = _shown_name(data, display_name)
    problems = [Problem(record, n, shown, m) for n, m in messages]
    if not keep:
        problems.append(Problem(record, line, shown,
                                "no name, company or e-mail address; skipped", skipped=True))
    return keep, problems


def _kept(values: list[tuple[str, str]], clean: Callable[[str], str | None],
          key: Callable[[str], str], complaint: str, at: Mapping[str, int], line: int,
          messages: list[tuple[int, str]]) -> list[tuple[str, str]]:
    """The (value, label) pairs whose value ``clean`` accepts, one a ``key``;
    a message for each refused one that holds anything."""
    kept: dict[str, tuple[str, str]] = {}
    for raw, label in values:
        value = clean(raw)
        if value is None:
            if raw.strip():
                messages.append((at.get(raw, line), complaint.format(_short(raw))))
        elif len(values) == 1:  # nothing to tell it from
            kept[""] = (value, label)
        else:
            kept.setdefault(key(value), (value, label))
    return list(kept.values())


def _digits(number: str) -> str:
    return _NOT_DIGITS.sub("", number)


def _shown_name(data: ContactData, display_name: str) -> str:
    name = " ".join(p for p in (data.first_name, data.last_name) if p)
    phone = data.phones[0][0] if data.phones else ""
    return name or data.company or display_name or phone


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
