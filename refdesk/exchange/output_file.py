"""Writing an export file whole or not at all, readable by its owner only."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from refdesk.errors import RefdeskError


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file beside it: an
    interrupted export never leaves half a file under the name. 0600, since
    an export holds the same personal data as the book."""
    path = Path(path)
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part",
                                    dir=path.parent if str(path.parent) else ".")
    except OSError as exc:
        raise RefdeskError(f"Cannot write in {path.parent}: {exc.strerror or exc}.") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise RefdeskError(f"Cannot write {path}: {exc.strerror or exc}.") from None
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
