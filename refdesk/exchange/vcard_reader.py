"""Read vCard files (2.1, 3.0, 4.0) into contacts, one problem list per card.

Only the properties refdesk keeps are decoded; photos, keys and sounds are
never decoded nor fetched, whether inline or by URL.
"""

from __future__ import annotations

from pathlib import Path

from refdesk.book.records import ContactData
from refdesk.errors import RefdeskError
from refdesk.exchange.contact_checks import clean_tags, finish_contact
from refdesk.exchange.results import ReadEntry, ReadResult
from refdesk.exchange.text_file import TextFile, odd_line_messages, read_text_file
from refdesk.exchange.vcard_lines import Property, RawCard, split_cards
from refdesk.exchange.vcard_values import (
    REPLACEMENT,
    components,
    custom_label,
    decoded,
    parameter_problems,
    text_list,
    unescape,
)

# TEL/EMAIL types that say nothing a label should show.
_SILENT_TYPES = {"voice", "pref", "internet", "x400", "msg", "text", "video", "textphone",
                 "bbs", "modem", "isdn", "pcs", "intl", "dom", "postal", "parcel"}


def read_vcard(path: Path | str) -> ReadResult:
    """Read every card of a .vcf file; RefdeskError if the file holds none."""
    return read_vcard_text(read_text_file(path))


def read_vcard_text(source: TextFile) -> ReadResult:
    """Read every card of an already decoded file."""
    cards = split_cards(source.text)
    if not cards:
        raise RefdeskError(f"{source.name} holds no vCard (no BEGIN:VCARD line).")
    result = ReadResult(source.path, "vCard", source.encoding, records=len(cards))
    starts = [card.line for card in cards[1:]] + [None]
    for card, end in zip(cards, starts, strict=True):
        data, display, messages = _card_to_contact(card, source.codec)
        messages[:0] = [(int(m.split()[1]), m) for m in
                        odd_line_messages(source, card.line, end)]
        # Each bad e-mail or phone is reported at its own property's line.
        value_lines = {unescape(p.value): p.line for p in (*card.all("EMAIL"),
                                                           *card.all("TEL"))}
        keep, problems = finish_contact(data, display_name=display, record=card.record,
                                        line=card.line, messages=messages,
                                        value_lines=value_lines)
        result.problems.extend(problems)
        if keep:
            result.entries.append(ReadEntry(card.record, card.line, data))
    return result


class _CardText:
    """Decodes a card's values on demand and notes which ones were damaged."""

    def __init__(self, card: RawCard, codec: str):
        self.card = card
        self.codec = codec
        self.lists = not card.version.startswith("2")
        self.damaged: list[tuple[int, str]] = []  # (line, property name)
        self.parameter_problems: list[tuple[int, str]] = []
        self.labels = {p.group: custom_label(self.text(p)) for p in card.all("X-ABLABEL")
                       if p.group}

    def text(self, prop: Property) -> str:
        value = decoded(prop, self.codec)
        if REPLACEMENT in value and (prop.line, prop.name) not in self.damaged:
            self.damaged.append((prop.line, prop.name))
        for message in parameter_problems(prop):
            if all(m != message for _, m in self.parameter_problems):
                self.parameter_problems.append((prop.line, message))
        return value

    def first(self, name: str) -> str:
        for prop in self.card.all(name):
            value = unescape(self.text(prop)).strip()
            if value:
                return value
        return ""

    def parts(self, prop: Property, size: int) -> list[str]:
        parts = components(self.text(prop), lists=self.lists)
        joined = [" ".join(v.strip() for v in values if v.strip()) for values in parts]
        return (joined + [""] * size)[:size]


def _card_to_contact(card: RawCard,
                     codec: str) -> tuple[ContactData, str, list[tuple[int, str]]]:
    values = _CardText(card, codec)
    data = ContactData()
    for prop in card.all("N"):
        family, given, middle, prefix, _ = values.parts(prop, 5)
        if family or given:
            data.last_name, data.first_name, data.middle_name = family, given, middle
            data.prefix = prefix
            # Several suffixes read best with commas: "ing. jr, M.Sc.".
            data.suffix = ", ".join(s for s in _list_part(values, prop, 4) if s)
            break
    display = values.first("FN")
    nicknames = [n for p in card.all("NICKNAME") for n in _list(values, p)]
    data.nickname = nicknames[0] if nicknames else ""
    for prop in card.all("ORG"):
        company = values.parts(prop, 1)[0]
        if company:
            data.company = company
            break
    data.title = values.first("TITLE")
    data.emails = [(unescape(values.text(p)), _label(p, values.labels, phone=False))
                   for p in _by_pref(card.all("EMAIL"))]
    data.phones = [(unescape(values.text(p)), _label(p, values.labels, phone=True))
                   for p in _by_pref(card.all("TEL"))]
    _fill_address(data, card, values)
    notes = [unescape(values.text(p)).strip() for p in card.all("NOTE")]
    data.notes = "\n\n".join(dict.fromkeys(n for n in notes if n))
    data.tags = clean_tags(t for p in card.all("CATEGORIES") for t in _list(values, p))

    messages = [(line, f"{name} has characters that could not be read (shown as "
                       f"{REPLACEMENT})") for line, name in values.damaged]
    messages += values.parameter_problems
    if card.bad_lines:
        lines = ", ".join(str(n) for n in card.bad_lines[:5])
        messages.append((card.bad_lines[0], f"unreadable line(s) {lines} ignored"))
    if not card.complete:
        messages.append((card.line, "the card has no END:VCARD line; the file may be cut "
                                    "short"))
    return data, display, messages


def _fill_address(data: ContactData, card: RawCard, values: _CardText) -> None:
    # One postal address fits the book: the preferred one, else the first.
    for prop in _by_pref(card.all("ADR")):
        po_box, extended, street, city, region, postal_code, country = values.parts(prop, 7)
        lines = [_lines(street), _lines(extended), _lines(po_box)]
        if not any(lines) and not (city or postal_code or country):
            continue
        data.street = "\n".join(line for line in lines if line)
        data.city, data.region = city, region
        data.postal_code, data.country = postal_code, country
        return


def _label(prop: Property, labels: dict[str, str], *, phone: bool) -> str:
    if prop.group and labels.get(prop.group):
        return labels[prop.group]
    types = prop.types - _SILENT_TYPES
    place = "work" if "work" in types else "home" if "home" in types else ""
    if phone and ("cell" in types or "mobile" in types or "iphone" in types):
        return "mobile"
    if phone and "fax" in types:
        return f"{place} fax".strip()
    if phone and "pager" in types:
        return "pager"
    return place or ("other" if "other" in types else "")


def _by_pref(props: list[Property]) -> list[Property]:
    # sorted() is stable: equally preferred values keep the file's order.
    return sorted(props, key=lambda p: p.pref)


def _list(values: _CardText, prop: Property) -> list[str]:
    text = values.text(prop)
    return text_list(text) if values.lists else [unescape(text).strip()]


def _list_part(values: _CardText, prop: Property, index: int) -> list[str]:
    parts = components(values.text(prop), lists=values.lists)
    return [v.strip() for v in parts[index]] if index < len(parts) else []


def _lines(text: str) -> str:
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())
