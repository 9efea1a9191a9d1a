"""Card jobs from the book: its card settings, a contact's merge values, the
owed cards as CardJobs (spec + who + which follow-up), and recording them
as written or printed.

Qt-free; the composer, the print queue and ``refdesk card --db`` all build
their CardSpecs here, so a card looks the same whichever door it came from.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from refdesk.book.cards import OCCASION_FOR_KIND
from refdesk.book.records import ContactData, FollowUpRecord
from refdesk.cards.calibration import Correction, check_correction
from refdesk.cards.fonts import StyleRegistry, shipped_styles
from refdesk.cards.formats import get_format
from refdesk.cards.handwriting import DEFAULT_INK
from refdesk.cards.spec import CardSpec
from refdesk.cards.templates import FIELDS, fields_in, get_occasion, merge
from refdesk.errors import RefdeskError

if TYPE_CHECKING:
    from refdesk.book import Book

SETTINGS_HINT = "Cards > Card Settings"  # where the GUI sets the values cards sign with


@dataclass(frozen=True)
class CardDefaults:
    """The book's card settings, read once per composer or batch."""

    style: str | None
    format: str
    ink: str
    offset_mm: tuple[float, float]
    return_address: tuple[str, ...]
    review_link: str | None
    styles_dir: Path | None
    # Printer calibration beyond the offset, and where a partly used sheet starts.
    scale: float = 1.0
    rotation_deg: float = 0.0
    start_slot: int = 1

    @property
    def correction(self) -> Correction | None:
        """The whole printer correction, or None when the offset alone is set."""
        return check_correction(self.offset_mm, self.scale, self.rotation_deg)

    def start_for(self, format_code: str) -> int:
        """The start slot for a sheet of this format: the stored one on a sheet of
        several cards, 1 on a one-card format (where a stored slot means nothing)."""
        return self.start_slot if get_format(format_code).per_page > 1 else 1


def review_links(book: Book) -> list[tuple[str, str]]:
    """The book's review links as (label, url), in the user's order, empty ones left out."""
    links = []
    for link in book.settings.get("review_links") or []:
        if isinstance(link, dict) and str(link.get("url", "")).strip():
            links.append((str(link.get("label", "")).strip(), str(link["url"]).strip()))
    return links


def card_defaults(book: Book) -> CardDefaults:
    """The card settings stored in the book, with empty values as None."""
    get = book.settings.get
    links = [url for _, url in review_links(book)]
    offset = get("printer_offset_mm") or [0.0, 0.0]
    folder = (get("card_user_styles_dir") or "").strip()
    offset_mm = (float(offset[0]), float(offset[1]))
    scale, rotation = _number(get("printer_scale"), 1.0), _number(get("printer_rotation_deg"))
    try:
        check_correction(offset_mm, scale, rotation)
    except RefdeskError:  # a book edited by hand: print uncorrected rather than not at all
        scale, rotation = 1.0, 0.0
    return CardDefaults(
        style=(get("card_style") or "").strip() or None,
        format=(get("card_format") or "a2").strip() or "a2",
        ink=(get("card_ink") or DEFAULT_INK).strip() or DEFAULT_INK,
        offset_mm=offset_mm,
        return_address=_lines(get("return_address") or ""),
        review_link=next((u for u in links if u), None),
        styles_dir=Path(folder) if folder else None,
        scale=scale, rotation_deg=rotation,
        start_slot=max(1, int(_number(get("card_start_slot"), 1.0))))


def _number(value: object, default: float = 0.0) -> float:
    """A stored number, or the default for anything else."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default
    return number if math.isfinite(number) else default


def card_styles(defaults: CardDefaults) -> StyleRegistry:
    """The shipped styles plus the user's font folder; a vanished folder is skipped."""
    folder = defaults.styles_dir
    # A fonts folder on an unplugged drive must not stop every card from printing.
    return shipped_styles(folder if folder is not None and folder.is_dir() else None)


def usable_styles(defaults: CardDefaults) -> tuple[StyleRegistry, str]:
    """The styles to offer, and why the user's fonts folder was left out ("" if it was not).

    A broken font in the folder must not stop cards in the shipped hands.
    """
    try:
        return card_styles(defaults), ""
    except RefdeskError as exc:
        return (card_styles(replace(defaults, styles_dir=None)),
                f"Your fonts folder was left out: {exc}")


def book_template(book: Book, occasion: str) -> str:
    """The user's template for an occasion if they wrote one, else the default."""
    code = get_occasion(occasion).code
    own = (book.settings.get("card_templates") or {}).get(code, "")
    return own if own.strip() else get_occasion(code).template


@dataclass(frozen=True)
class CardFacts:
    """Who a card goes to and the values its {fields} take.

    ``missing`` says, per field with no value, why it is empty and how to fill it.
    """

    contact_id: int
    name: str
    address: tuple[str, ...]
    referral_id: int | None
    fields: dict[str, str]
    missing: dict[str, str] = field(default_factory=dict)


def postal_lines(contact: ContactData) -> tuple[str, ...]:
    """The contact's postal address as envelope lines (no name); () if there is none."""
    place = " ".join(p for p in (contact.region.strip(), contact.postal_code.strip()) if p)
    city = ", ".join(p for p in (contact.city.strip(), place) if p)
    return tuple(line for line in (*_lines(contact.street), city, contact.country.strip())
                 if line)


def card_facts(book: Book, contact_id: int, referral_id: int | None = None) -> CardFacts:
    """The merge values for a card to a contact, about one of their referrals if given."""
    contact = book.contacts.get(contact_id)
    name = contact.display_name
    values = {"name": name, "first_name": contact.first_name.strip() or name,
              "company": contact.company.strip(), "my_name": book.settings.get("user_name")}
    missing = {"company": f"{name} has no company noted",
               "my_name": f"your name is not set ({SETTINGS_HINT})"}
    project = ""
    if referral_id is not None:
        referral = book.referrals.get(referral_id)
        project = referral.project.strip()
        if referral.referred_id is not None:
            referred = book.contacts.get(referral.referred_id)
            values["referred_name"] = referred.display_name
            values["referred_first_name"] = referred.first_name.strip() or referred.display_name
        else:
            missing["referred_name"] = missing["referred_first_name"] = \
                "the referral does not name the person referred yet"
        values["gift"] = book.cards.gift(referral_id)
        missing["gift"] = "no reward is recorded for this referral; record the gift first"
    else:
        why = "this card is not about a referral"
        missing.update(referred_name=why, referred_first_name=why, gift=why)
    if not project:
        sales = book.activity.sales(contact_id)
        project = max(sales, key=lambda s: (s.sold_on, s.id)).product.strip() if sales else ""
    values["project"] = project
    missing["project"] = f"no project or product is noted for {name}"
    values = {k: (v or "").strip() for k, v in values.items()}
    return CardFacts(contact_id, name, postal_lines(contact), referral_id, values,
                     {k: why for k, why in missing.items() if not values.get(k)})


def merge_message(template: str, facts: CardFacts,
                  overrides: Mapping[str, str] | None = None) -> str:
    """The template filled in from the facts; RefdeskError naming an unknown or empty field."""
    values = {**facts.fields, **{k: v for k, v in (overrides or {}).items() if v.strip()}}
    used = fields_in(template)
    empty = [n for n in used if n in FIELDS and not values.get(n, "").strip()]
    if empty and all(n in FIELDS for n in used):
        # Say why a value is missing and where to fill it, not just that it is;
        # fields missing for the same reason are named together.
        by_reason: dict[str, list[str]] = {}
        for n in empty:
            by_reason.setdefault(facts.missing.get(n, f"no {FIELDS[n]} is known"), []).append(
                f"{{{n}}}")
        reasons = "; ".join(f"{' and '.join(names)} {'is' if len(names) == 1 else 'are'} "
                            f"empty: {why}" for why, names in by_reason.items())
        raise RefdeskError(f"card for {facts.name}: {reasons}")
    try:
        return merge(template, values)
    except RefdeskError as exc:
        raise RefdeskError(f"card for {facts.name}: {exc}") from None


def stable_seed(*parts: object) -> int:
    """A handwriting seed that is the same every time for the same card."""
    text = "\n".join(str(p) for p in parts)
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big") >> 1


@dataclass(frozen=True)
class CardChoice:
    """How a card is drawn: the options a composer or the command line picks."""

    style: str | None = None
    format: str = "a2"
    ink: str = DEFAULT_INK
    seed: int = 0
    date_line: str | None = None
    review_link: str | None = None
    return_address: tuple[str, ...] = ()


def build_spec(facts: CardFacts, template: str, choice: CardChoice,
               overrides: Mapping[str, str] | None = None) -> CardSpec:
    """The CardSpec of one card (or envelope); RefdeskError before anything is drawn."""
    fmt = get_format(choice.format)
    if fmt.kind == "envelope":
        if not facts.address:
            raise RefdeskError(f"{facts.name} has no postal address: add one to the contact "
                               "before printing an envelope")
        message = ""
    else:
        message = merge_message(template, facts, overrides)
    return CardSpec(message=message, recipient=facts.name, style=choice.style,
                    format=fmt.code, ink=choice.ink, seed=choice.seed,
                    date_line=choice.date_line, address=facts.address,
                    return_address=choice.return_address, review_link=choice.review_link,
                    label=f"{'envelope' if fmt.kind == 'envelope' else 'card'} for {facts.name}")


def default_choice(defaults: CardDefaults, seed: int = 0) -> CardChoice:
    """The book's defaults as a choice."""
    return CardChoice(defaults.style, defaults.format, defaults.ink, seed, None,
                      defaults.review_link, defaults.return_address)


def pick_referral(book: Book, contact_id: int, occasion: str) -> int | None:
    """The referral a card to this contact is most likely about (their newest given)."""
    if occasion not in OCCASION_FOR_KIND.values():
        return None
    given = [r for r in book.referrals.involving(contact_id) if r.referrer_id == contact_id]
    return max(given, key=lambda r: (r.stage_on, r.id)).id if given else None


@dataclass(frozen=True)
class CardJob:
    """One card ready to print from the book, and what recording it needs."""

    spec: CardSpec
    contact_id: int
    occasion: str
    message: str
    referral_id: int | None
    follow_up_id: int | None
    card_id: int | None  # an unsent card already written for it, reprinted as it was


def job_for(book: Book, contact_id: int, occasion: str, choice: CardChoice, *,
            follow_up: FollowUpRecord | None = None, template: str | None = None,
            overrides: Mapping[str, str] | None = None) -> CardJob:
    """A card to print for a contact (for a follow-up when given).

    An unsent card already written for the follow-up is printed again with
    its own words (unless a template is given) and seed, so printing twice
    never makes two cards.
    """
    occasion = get_occasion(occasion).code
    referral_id = follow_up.referral_id if follow_up else pick_referral(book, contact_id,
                                                                        occasion)
    facts = card_facts(book, contact_id, referral_id)
    earlier = book.cards.unsent_for_follow_up(follow_up.id) if follow_up else None
    if earlier is not None:
        choice = replace(choice, style=choice.style or earlier.style or None,
                         seed=choice.seed or earlier.seed)
        if template is None and earlier.message.strip():
            template = earlier.message.replace("{", "{{").replace("}", "}}")
    if template is None:
        template = book_template(book, occasion)
    if not choice.seed:
        choice = replace(choice, seed=stable_seed(
            contact_id, occasion, follow_up.id if follow_up else referral_id))
    spec = build_spec(facts, template, choice, overrides)
    return CardJob(spec, contact_id, occasion, message_of(spec), referral_id,
                   follow_up.id if follow_up else None, earlier.id if earlier else None)


def owed_jobs(book: Book, as_of: dt.date, choice: CardChoice,
              overrides: Mapping[str, str] | None = None
              ) -> tuple[list[CardJob], list[tuple[FollowUpRecord, str]]]:
    """Every card the follow-ups owe by ``as_of``: (ready jobs, [(follow-up, why not)])."""
    jobs: list[CardJob] = []
    problems: list[tuple[FollowUpRecord, str]] = []
    for fu in book.cards.owed(as_of):
        try:
            occasion = OCCASION_FOR_KIND.get(fu.kind, "thank_intro")
            jobs.append(job_for(book, fu.referrer_id, occasion, choice, follow_up=fu,
                                overrides=overrides))
        except RefdeskError as exc:
            problems.append((fu, str(exc)))
    return jobs, problems


def message_of(spec: CardSpec) -> str:
    """The words of a card as the book keeps them."""
    return spec.message if isinstance(spec.message, str) else spec.message.plain()


def write_card(book: Book, job: CardJob, printed_on: dt.date | None = None) -> int:
    """Record a job's card in the book (a new card); its id."""
    spec = job.spec
    return book.cards.add(job.contact_id, job.occasion, message_of(job.spec),
                          style=spec.style or "", format=spec.format,
                          ink=spec.ink or DEFAULT_INK, seed=spec.seed,
                          referral_id=job.referral_id, follow_up_id=job.follow_up_id,
                          printed_on=printed_on)


def record_printed(book: Book, jobs: Sequence[CardJob], on: dt.date) -> list[int]:
    """Note the jobs' cards as printed on ``on`` (new cards are added); their ids in order."""
    ids = []
    with book.atomic():
        for job in jobs:
            spec = job.spec
            if job.card_id is not None:
                book.cards.revise(job.card_id, message=message_of(job.spec), style=spec.style or "",
                                  format=spec.format, ink=spec.ink or DEFAULT_INK,
                                  seed=spec.seed)
                ids.append(job.card_id)
            else:
                ids.append(write_card(book, job))
        book.cards.mark_printed(ids, on)
    return ids


def date_line(day: dt.date) -> str:
    """A date as written at the top of a card: "November 22, 2026"."""
    return f"{day:%B} {day.day}, {day.year}"


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in str(text).splitlines() if line.strip())
