"""A second copy of every backup, in a folder the user chose (another disk).

A book in a synced or network folder can be damaged by the sync itself; its
backups, beside it, may be too. The mirror holds the same files as the
book's backups folder: each new backup is copied there, and what thinning
removed from the backups folder is removed there too, so it never grows
without bound, unless more files are gone from the backups folder than are
left in it (it was emptied or lost): then the mirror keeps everything.
Files that are not books are left alone.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from refdesk.errors import RefdeskError
from refdesk.paths import BOOK_SUFFIX, make_private_dir


def mirror_backups(backups: Path, folder: Path) -> list[Path]:
    """Make ``folder``/<backups' name> hold the ``*.refdesk`` files of
    ``backups``; the files copied. RefdeskError naming the folder when it
    cannot be written (a disk unplugged, full or read-only)."""
    target = Path(folder) / Path(backups).name
    try:
        make_private_dir(target)
        copied = []
        wanted = {p.name: p for p in Path(backups).glob(f"*{BOOK_SUFFIX}")}
        for name, source in sorted(wanted.items()):
            dest = target / name
            if dest.exists() and dest.stat().st_size == source.stat().st_size:
                continue  # backups never change once written
            part = target / f".{name}.part"
            part.unlink(missing_ok=True)  # a crash's leftover (or a planted link itself)
            # Private from its first byte, and never through a link left there.
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
            with open(os.open(part, flags, 0o600), "wb") as out, open(source, "rb") as src:
                shutil.copyfileobj(src, out)
                out.flush()
                os.fsync(out.fileno())
            os.replace(part, dest)
            copied.append(dest)
        stale = [p for p in target.glob(f"*{BOOK_SUFFIX}") if p.name not in wanted]
        # Thinning drops a few files at a time; many more gone than kept means
        # the backups folder was emptied or lost, and the mirror is what is left.
        if len(stale) <= len(wanted):
            for old in stale:
                old.unlink()
        return copied
    except OSError as exc:
        raise RefdeskError(f"The second backup folder {folder} could not be written: "
                           f"{exc.strerror or exc}. Your backups beside the book are "
                           "kept; check the folder (a disk unplugged?) or choose "
                           "another under File > Second Backup Folder.") from None
