"""Writing a file whole or not at all: a temporary file beside it, then os.replace."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def temp_beside(path: Path, suffix: str) -> tuple[int, str]:
    """A new temporary file (0600) in ``path``'s folder, so the replace stays
    on one file system; raises OSError when the folder takes no new file."""
    folder = path.parent if str(path.parent) else Path(".")
    return tempfile.mkstemp(prefix=f".{path.name}.", suffix=suffix, dir=folder)


def fill_and_replace(fd: int, temp: str, path: Path, data: bytes) -> None:
    """Write ``data`` to the temporary file, flush it to disk and move it onto
    ``path``. On any failure the temporary file is removed and the error
    raised: an interrupted write never leaves half a file under the name."""
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
