"""How a contact's name is written wherever refdesk shows one."""

from __future__ import annotations


def display_name(first: str, last: str, company: str) -> str:
    """"First Last", else the company, else "(no name)".

    book/contacts.py spells the same rule in SQL for the contact list.
    """
    return " ".join(p for p in (first, last) if p) or company or "(no name)"
