"""Default card messages per occasion, and the field merge that fills them in.

The occasions follow the method's follow-up (thank the referrer within a day,
report back after contacting the person, thank again on a sale) plus thanks
for the customer's own business and for a testimonial. Each default fits an
A2 note card at a comfortable size.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass

from refdesk.errors import RefdeskError

FIELDS: dict[str, str] = {
    "first_name": "the customer's first name",
    "name": "the customer's full name",
    "referred_name": "the referred person's full name",
    "referred_first_name": "the referred person's first name",
    "gift": "the thank-you gift, e.g. 'lunch for two at Rosa's'",
    "my_name": "your name, as you sign cards",
    "company": "the customer's company",
    "project": "the project or purchase the customer is happy with",
}


@dataclass(frozen=True)
class Occasion:
    """A reason to send a card, with its default message."""

    code: str
    label: str
    template: str


OCCASIONS: dict[str, Occasion] = {o.code: o for o in (
    Occasion("thank_intro", "Thanks for the introduction",
             "Dear {first_name},\n\n"
             "Thank you for introducing me to {referred_name}. It means a lot that you "
             "would put your name behind my work, and I will take good care of "
             "{referred_first_name}.\n\n"
             "With thanks,\n{my_name}"),
    Occasion("status_report", "Status report and thanks after contacting the referred person",
             "Dear {first_name},\n\n"
             "I wanted you to know that {referred_first_name} and I have talked. You were "
             "right, {referred_first_name} is a really interesting person, and we are meeting "
             "again soon. Thank you for making the connection.\n\n"
             "Warmly,\n{my_name}"),
    Occasion("thank_sale", "Thanks for the sale, with the gift",
             "Dear {first_name},\n\n"
             "Good news: {referred_first_name} and I are now working together, and it all "
             "started with your introduction. Please enjoy the {gift} with my thanks. "
             "I won't forget it.\n\n"
             "Gratefully,\n{my_name}"),
    Occasion("thank_business", "Thanks for your business",
             "Dear {first_name},\n\n"
             "Thank you for trusting me with {project}. I will work hard to keep earning "
             "that trust, and if anything comes up, I am only a call away.\n\n"
             "All the best,\n{my_name}"),
    Occasion("thank_testimonial", "Thanks for the testimonial",
             "Dear {first_name},\n\n"
             "Thank you for taking the time to tell me what is working and what could be "
             "better. Your kind words made my week, and your suggestions will make me "
             "better at what I do.\n\n"
             "With gratitude,\n{my_name}"),
)}


def get_occasion(code: str) -> Occasion:
    """The occasion with this code; RefdeskError listing the known codes otherwise."""
    try:
        return OCCASIONS[code.strip().lower()]
    except KeyError:
        raise RefdeskError(f"unknown card occasion {code!r}: use one of "
                           f"{', '.join(OCCASIONS)}") from None


def template_for(occasion: str) -> str:
    """The default message template of an occasion."""
    return get_occasion(occasion).template


def fields_in(template: str) -> list[str]:
    """The field names a template uses, in order of first use; RefdeskError if malformed."""
    names: list[str] = []
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise RefdeskError(f"the card template has a stray brace ({exc}); write {{{{ or }}}} "
                           "for a literal brace") from None
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise RefdeskError(f"the card template has an unusable field {{{name}}}: fields are "
                               f"plain names such as {{first_name}}")
        if name not in names:
            names.append(name)
    return names


def merge(template: str, fields: Mapping[str, str | None]) -> str:
    """The template with every {field} filled in.

    Raises a RefdeskError naming an unknown field, or a field whose value is
    missing or empty, before anything is rendered. Values are inserted
    literally (braces or markup in a name stay plain text).
    """
    used = fields_in(template)
    unknown = [n for n in used if n not in FIELDS]
    if unknown:
        raise RefdeskError(f"the card template uses unknown field{'s' if len(unknown) > 1 else ''} "
                           f"{', '.join('{' + n + '}' for n in unknown)}; known fields: "
                           f"{', '.join(FIELDS)}")
    empty = [n for n in used if not str(fields.get(n) or "").strip()]
    if empty:
        raise RefdeskError(f"the card needs {', '.join(f'{{{n}}} ({FIELDS[n]})' for n in empty)}, "
                           f"but {'it is' if len(empty) == 1 else 'they are'} empty")
    out = []
    for literal, name, _, _ in string.Formatter().parse(template):
        out.append(literal)
        if name is not None:
            out.append(str(fields[name]).strip())
    return "".join(out)
