"""What one card is (CardSpec), checked and laid out before anything is drawn."""

from __future__ import annotations

from dataclasses import dataclass, field

from refdesk.cards.fonts import Style, StyleRegistry, load_face
from refdesk.cards.formats import SAFE_INSET, CardFormat, Rect, get_format
from refdesk.cards.handwriting import Hand, parse_ink
from refdesk.cards.layout import Setting, TextBlock, TextSetter
from refdesk.cards.message import Message, check_drawable, normalise
from refdesk.cards.qr_back import DEFAULT_CAPTION, check_link
from refdesk.errors import RefdeskError

MIN_SIZE = 9.0  # nominal points; below this handwriting stops being easy to read
BLOCK_GAP = 0.3  # extra space between greeting, body and sign-off, in line heights


@dataclass(frozen=True)
class CardSpec:
    """Everything needed to print one card (or one envelope, for env-* formats).

    ``seed`` is stored with the card by the caller: the same spec always
    prints the same strokes. ``message`` is plain text (split into greeting,
    body and sign-off by its shape) or a Message with the blocks given.
    """

    message: Message | str = ""
    recipient: str = ""
    style: str | None = None
    format: str = "a2"
    ink: str | None = None
    seed: int = 0
    date_line: str | None = None
    address: tuple[str, ...] = ()
    return_address: tuple[str, ...] = ()
    review_link: str | None = None
    review_caption: str = DEFAULT_CAPTION
    label: str = field(default="", compare=False)  # how errors name this card


@dataclass
class ResolvedCard:
    """A checked spec with its format, style, ink and clean text."""

    spec: CardSpec
    fmt: CardFormat
    style: Style
    hand: Hand
    ink: tuple[float, float, float]
    message: Message
    date_line: str
    who: str
    review_link: str | None


def resolve(spec: CardSpec, styles: StyleRegistry, index: int = 0) -> ResolvedCard:
    """Check a spec (format, style, ink, characters) without laying anything out."""
    who = spec.label or (f"card for {spec.recipient}" if spec.recipient else f"card {index + 1}")
    try:
        fmt = get_format(spec.format)
        style = styles.get(spec.style)
        ink = parse_ink(spec.ink)
    except RefdeskError as exc:
        raise RefdeskError(f"{who}: {exc}") from None
    if isinstance(spec.message, Message):
        message = spec.message.normalised()
    else:
        message = Message.from_text(spec.message)
    date_line = normalise(spec.date_line or "").replace("\n", " ")
    faces = style.all_faces()
    parts: list[tuple[str, str]] = []
    if fmt.kind == "card":
        if message.is_empty():
            raise RefdeskError(f"{who}: the message is empty")
        parts = [("line", message.plain()), ("date line", date_line)]
    else:
        parts = [("address line", "\n".join([spec.recipient, *spec.address])),
                 ("return address line", "\n".join(spec.return_address))]
    link = None
    if spec.review_link is not None and fmt.kind == "card":
        link = check_link(spec.review_link)
        parts.append(("back caption line", normalise(spec.review_caption)))
    check_drawable(parts, faces, who)
    hand = Hand().scaled(style.jitter)
    return ResolvedCard(spec, fmt, style, hand, ink, message, date_line, who, link)


def message_blocks(message: Message, date_line: str) -> list[TextBlock]:
    """The card's text blocks in writing order."""
    blocks = []
    if date_line:
        blocks.append(TextBlock(date_line, "date", "right"))
    if message.greeting:
        blocks.append(TextBlock(message.greeting, "greeting", "left", 0.1 if date_line else 0))
    if message.body:
        blocks.append(TextBlock(message.body, "body", "left", BLOCK_GAP))
    if message.sign_off:
        blocks.append(TextBlock(message.sign_off, "signoff", "signoff", BLOCK_GAP))
    return blocks


def card_areas(fmt: CardFormat, slot: Rect) -> tuple[Rect, Rect]:
    """(writing area, safe area) of the message panel of a slot."""
    panel = fmt.writing_panel(slot)
    return panel.inset(fmt.margin), panel.inset(SAFE_INSET)


def lay_out_message(card: ResolvedCard, area: Rect) -> Setting:
    """Set the message as large as fits (down to 9 pt); RefdeskError saying how much to cut."""
    fmt = card.fmt

    def setter(message: Message) -> TextSetter:
        return TextSetter(message_blocks(message, card.date_line), card.style, card.hand,
                          card.spec.seed, area, card.ink, fmt.line_spacing)

    got = setter(card.message).fit(fmt.base_size, MIN_SIZE)
    if got is not None:
        return got
    cut = _chars_to_cut(card.message, lambda m: setter(m).set(MIN_SIZE) is not None)
    raise RefdeskError(
        f"{card.who}: the message is too long for {fmt.label}, even at the smallest legible "
        f"size ({MIN_SIZE:g} pt): cut about {cut} characters")


def _chars_to_cut(message: Message, fits) -> int:
    """How many body characters must go for the rest to fit (bisection on the length)."""
    body = message.body
    lo, hi = 0, len(body)  # fits(body[:lo]) assumed true, body[:hi] known false
    if not fits(Message(message.greeting, "", message.sign_off)):
        return len(body) + len(message.greeting) + len(message.sign_off)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if fits(Message(message.greeting, body[:mid].rstrip(), message.sign_off)):
            lo = mid
        else:
            hi = mid
    return len(body) - lo


def plain_face():
    """The shipped plain face used for printed (not handwritten) small text."""
    from refdesk.cards.fonts import fallback_paths

    return load_face(fallback_paths()[-1])
