"""Writing an export file whole or not at all, readable by its owner only."""

from __future__ import annotations

from pathlib import Path

from refdesk.atomic_file import fill_and_replace, temp_beside
from refdesk.errors import RefdeskError


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file beside it: an
    interrupted export never leaves half a file under the name. 0600, since
    an export holds the same personal data as the book."""
    path = Path(path)
    try:
        fd, temp = temp_beside(path, ".part")
    except OSError as exc:
        raise RefdeskError(f"Cannot write in {path.parent}: {exc.strerror or exc}.") from None
    try:
        fill_and_replace(fd, temp, path, data)
    except OSError as exc:
        raise RefdeskError(f"Cannot write {path}: {exc.strerror or exc}.") from None
