"""A ``mailto:`` link (RFC 6068) that opens the user's own mail program with a
message already written. Building the link opens nothing and sends nothing."""

from __future__ import annotations

from urllib.parse import quote


def mailto_link(to: str, subject: str, body: str) -> str:
    """``mailto:`` for ``to`` with ``subject`` and ``body`` percent-encoded.

    Every reserved character is encoded, so an ``&`` or ``?`` in the text
    cannot start another header; line breaks become CRLF (%0D%0A) as the RFC
    asks. ``to`` may be empty (the mail program then asks for the address).
    """
    lines = body.replace("\r\n", "\n").replace("\r", "\n")
    address = quote(to.strip(), safe="@")
    return (f"mailto:{address}?subject={quote(subject, safe='')}"
            f"&body={quote(lines.replace(chr(10), chr(13) + chr(10)), safe='')}")
