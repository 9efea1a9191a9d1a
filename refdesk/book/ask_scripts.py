"""The three things to say when asking (method §4 and §6), editable per book:
plant the seed after the sale, the question that assumes the referral, and
the ask for an action. Each fills in the customer's name, the project and the
product of their last sale.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Mapping
from dataclasses import dataclass

from refdesk.errors import RefdeskError
from refdesk.store.models import BookModels


@dataclass(frozen=True)
class AskScript:
    code: str
    label: str
    when: str  # when to use it, one line for the dialog
    text: str  # the default wording


SCRIPTS: dict[str, AskScript] = {s.code: s for s in (
    AskScript("plant_seed", "Plant the seed", "Right after the sale, not a request yet",
              "Thank you, {first_name}. I know you had a choice, and I'm going to work hard "
              "to earn your trust with {product}. Once you've seen the difference it makes, "
              "I'd like to ask you who else should be working with me."),
    AskScript("assume_referral", "Ask, assuming the referral",
              "When they have felt the benefit: not a yes/no question",
              "{first_name}, you've seen what {project} did for you. Who else do you know "
              "that would benefit the same way?"),
    AskScript("ask_action", "Ask for an action", "Once they name someone",
              "Would you be willing to call or email them about {project} and tell them "
              "to expect to hear from me? Let me know once you have, and I'll take it "
              "from there."),
)}

# Fields a script may use, and what fills them.
FIELDS: dict[str, str] = {
    "first_name": "the customer's first name",
    "name": "the customer's full name",
    "company": "the customer's company",
    "project": "the work you did for them",
    "product": "the product of their last sale",
    "my_name": "your name",
}


def _fields_in(text: str, code: str) -> list[str]:
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        raise RefdeskError(f"The “{SCRIPTS[code].label}” script has a stray brace; write "
                           "{{ or }} for a brace itself.") from None
    names = [name for _, name, _, _ in parsed if name is not None]
    unknown = [n for n in names if n not in FIELDS]
    if unknown:
        raise RefdeskError(f"The “{SCRIPTS[code].label}” script uses {{{unknown[0]}}}, which "
                           f"is not a field; use {', '.join('{' + f + '}' for f in FIELDS)}.")
    return names


def validate_scripts(value: object) -> dict[str, str]:
    """The ``ask_scripts`` setting checked: {script code: text}; an empty text
    means the default. RefdeskError naming the script and what is wrong."""
    if not isinstance(value, Mapping):
        raise RefdeskError("Ask scripts must be given by script.")
    out: dict[str, str] = {}
    for code, text in value.items():
        if code not in SCRIPTS:
            raise RefdeskError(f"There is no ask script {code!r}; the scripts are "
                               f"{', '.join(SCRIPTS)}.")
        if not isinstance(text, str):
            raise RefdeskError(f"The “{SCRIPTS[code].label}” script must be text.")
        if text.strip():
            _fields_in(text, code)
            out[code] = text
    return out


def fill(text: str, fields: Mapping[str, str]) -> str:
    """``text`` with each {field} filled in; one with no value stays visible
    as [field] so the user sees what to say there."""
    out = []
    for literal, name, _, _ in string.Formatter().parse(text):
        out.append(literal)
        if name is not None:
            value = (fields.get(name) or "").strip()
            out.append(value or f"[{name.replace('_', ' ')}]")
    return "".join(out)


@dataclass(frozen=True)
class CustomerWords:
    """What the customer said at their last testimonial check, for the ask dialog.
    ``quote`` is their words on what went right, only where they allowed quoting."""

    checked_on: dt.date
    score: int | None
    quote: str  # "" unless they may be quoted
    may_quote: bool


class AskScripts:
    """The book's ask scripts (``book.ask_scripts``), filled in for a customer."""

    def __init__(self, models: BookModels, settings) -> None:
        self._m, self._settings = models, settings

    def texts(self) -> dict[str, str]:
        """Every script's text: the book's own wording, else the default."""
        own = self._settings.get("ask_scripts")
        return {code: own.get(code) or s.text for code, s in SCRIPTS.items()}

    def fields(self, contact_id: int, project: str = "") -> dict[str, str]:
        """What fills the scripts for this customer. ``project`` defaults to
        their latest referral's project, else their last sale's product."""
        m = self._m
        contact = m.Contact.get_or_none(m.Contact.id == contact_id)
        if contact is None:
            raise RefdeskError(f"There is no contact #{contact_id}.")
        sale = (m.Sale.select(m.Sale.product).where(m.Sale.contact == contact_id)
                .order_by(m.Sale.sold_on.desc(), m.Sale.id.desc()).first())
        product = sale.product if sale else ""
        if not project.strip():
            last = (m.Referral.select(m.Referral.project)
                    .where((m.Referral.referrer == contact_id) & (m.Referral.project != ""))
                    .order_by(m.Referral.asked_on.desc(), m.Referral.id.desc()).first())
            project = last.project if last else product
        return {"first_name": contact.first_name or contact.display_name,
                "name": contact.display_name, "company": contact.company,
                "project": project, "product": product,
                "my_name": self._settings.get("user_name")}

    def filled(self, contact_id: int, project: str = "") -> dict[str, str]:
        """Every script filled in for this customer, by script code."""
        fields = self.fields(contact_id, project)
        return {code: fill(text, fields) for code, text in self.texts().items()}

    def customer_words(self, contact_id: int) -> CustomerWords | None:
        """The customer's last testimonial check (None when there is none);
        their words are quoted only where they allowed it."""
        m = self._m
        check = (m.TestimonialCheck.select().where(m.TestimonialCheck.contact == contact_id)
                 .order_by(m.TestimonialCheck.checked_on.desc(), m.TestimonialCheck.id.desc())
                 .first())
        if check is None:
            return None
        allowed = bool(check.may_quote)
        return CustomerWords(check.checked_on, check.score,
                             check.done_right.strip() if allowed else "", allowed)
