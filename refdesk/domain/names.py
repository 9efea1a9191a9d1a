"""How a contact's name is written wherever refdesk shows one."""

from __future__ import annotations


def display_name(first: str, last: str, company: str) -> str:
    """"First Last", else the company, else "(no name)".

    book/contacts.py spells the same rule in SQL for the contact list.
    """
    if first and last:  # the common case, spelled out: it runs for every board row
        return f"{first} {last}"
    return first or last or company or "(no name)"
