"""How readiness reads to a rep: dates, day counts and follow-up phrases.

Month names come from a table, not strftime, so a Qt or system locale never
changes what the board says.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from refdesk.domain.vocabulary import REFERRAL_STAGES, TOUCHPOINT_KINDS

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


# A board phrases the same few hundred dates thousands of times: remember them.
@lru_cache(maxsize=4096)
def short_date(day: dt.date, today: dt.date) -> str:
    """"2 Nov", with the year only when it is not today's year ("2 Nov 2025")."""
    text = f"{day.day} {_MONTHS[day.month - 1]}"
    return text if day.year == today.year else f"{text} {day.year}"


def long_date(day: dt.date) -> str:
    """"Sunday 22 Nov 2026"."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


@lru_cache(maxsize=4096)
def days_ago(day: dt.date, today: dt.date) -> str:
    """"today", "yesterday", "3 days ago"; "tomorrow", "in 3 days" for later days."""
    days = (today - day).days
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days == -1:
        return "tomorrow"
    return f"{days} days ago" if days > 0 else f"in {-days} days"


def plural(count: int, word: str) -> str:
    """"1 point", "3 points"."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def overdue(due_on: dt.date, today: dt.date) -> str:
    """"due today", "1 day overdue", "3 days overdue" (due_on is today or earlier)."""
    late = (today - due_on).days
    return "due today" if late <= 0 else f"{plural(late, 'day')} overdue"


def touch_label(kind: str) -> str:
    """A touchpoint kind as it reads inside a sentence: "problem solved"."""
    label = TOUCHPOINT_KINDS.get(kind, kind.replace("_", " "))
    return label[:1].lower() + label[1:]


def stage_label(stage: str) -> str:
    """A referral stage inside a sentence: "meeting"."""
    return REFERRAL_STAGES.get(stage, stage).lower()


def owed_what(kind: str, referred: str) -> str:
    """What a follow-up owes, as a noun: "thank-you for introducing Fred"."""
    if kind == "status_report":
        return f"status report on {referred}" if referred else "status report on the introduction"
    if kind == "thank_for_sale":
        return f"thank-you for {referred}'s sale" if referred else "thank-you for the sale"
    return f"thank-you for introducing {referred}" if referred else "thank-you for the referral"


def owed_action(kind: str, who: str, referred: str) -> str:
    """The follow-up as a thing to do: "thank Maria for introducing Fred"."""
    if kind == "status_report":
        about = f"how it went with {referred}" if referred else "how the introduction went"
        return f"tell {who} {about}, with thanks"
    if kind == "thank_for_sale":
        sale = f"{referred}'s sale" if referred else "the sale"
        return f"thank {who} for {sale}, with a small gift"
    return f"thank {who} for " + (f"introducing {referred}" if referred else "the referral")


def referral_action(stage: str, who: str, referred: str) -> str:
    """The step that moves an open referral on, by its stage."""
    if stage == "asked":
        return f"check back with {who}: who will they call or email?"
    if stage == "promised":
        return (f"confirm {who} made the call to {referred}" if referred
                else f"confirm {who} made the introduction")
    person = referred or "the person referred"
    if stage == "introduced":
        return f"contact {person}; {who} introduced you"
    if stage == "contacted":
        return f"set a meeting with {person}"
    return f"record how the meeting with {person} went"


def ask_script(product: str) -> str:
    """The assumptive ask for an action, not a name (method §6)."""
    what = product or "working with us"
    return (f"“Who else do you know who would benefit from {what} the way you have? "
            "Would you call or email them, then let me know?”")
