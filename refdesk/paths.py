"""Where books, backups, caches and logs live on this machine."""

from __future__ import annotations

import os
import sys
from pathlib import Path

BOOK_SUFFIX = ".refdesk"
APP_NAME = "refdesk"


def make_private_dir(path: Path, *, tighten: bool = False) -> Path:
    """Make ``path`` a folder only its owner can open (0700, as the XDG base
    directory spec asks), creating it and any missing parents so whatever
    the umask; return it. With ``tighten`` (folders refdesk alone owns: its
    data, cache, log and backup folders) an existing folder of this user that
    others could open, as older versions made them, is narrowed to 0700 too;
    a folder the user chose (where a book lives) is left as it is."""
    path = Path(path)
    missing = []
    probe = path
    while not os.path.isdir(probe) and probe.parent != probe:
        missing.append(probe)
        probe = probe.parent
    for folder in reversed(missing):
        try:
            os.mkdir(folder, 0o700)  # the umask can only take bits away from 0700
        except FileExistsError:
            if not os.path.isdir(folder):  # a file in the way
                raise
    if tighten and os.name == "posix" and not missing:
        info = os.stat(path)
        if info.st_uid == os.getuid() and info.st_mode & 0o077:
            os.chmod(path, 0o700)
    return path


def data_dir() -> Path:
    """The user's refdesk data folder (REFDESK_DATA_DIR overrides, for tests)."""
    override = os.environ.get("REFDESK_DATA_DIR")
    if override:
        return Path(override)
    return Path(_user_dir("data"))


def default_book_path() -> Path:
    """The user's own book, opened by a plain ``refdesk``."""
    return data_dir() / f"book{BOOK_SUFFIX}"


def demo_book_path() -> Path:
    """The demo book: separate from the real one, so exploring never touches it."""
    return data_dir() / f"demo{BOOK_SUFFIX}"


def cache_dir() -> Path:
    """Throw-away files refdesk can rebuild (the last board of each book)."""
    override = os.environ.get("REFDESK_DATA_DIR")
    if override:
        return Path(override) / "cache"
    return Path(_user_dir("cache"))


def log_dir() -> Path:
    """The folder of refdesk's log files (under REFDESK_DATA_DIR when set, for tests)."""
    override = os.environ.get("REFDESK_DATA_DIR")
    if override:
        return Path(override) / "logs"
    return Path(_user_dir("log"))


def backups_dir(book: Path) -> Path:
    """The folder holding the automatic backups of one book."""
    import hashlib  # OpenSSL's start-up (~3 ms): not before a window's first paint

    resolved = Path(book).resolve()
    digest = hashlib.sha1(str(resolved).encode("utf-8")).hexdigest()[:8]
    return data_dir() / "backups" / f"{resolved.stem}-{digest}"


# Linux's folders as platformdirs finds them (XDG variables, else under an
# absolute HOME), without importing it: platformdirs costs a window's start
# ~5 ms before its first paint. Anything else (another system, Android, a
# HOME that is unset or relative) asks platformdirs itself.
# tests/unit/test_paths.py holds these to platformdirs' answers.
_XDG = {"data": ("XDG_DATA_HOME", ".local/share", ()),
        "cache": ("XDG_CACHE_HOME", ".cache", ()),
        "log": ("XDG_STATE_HOME", ".local/state", ("log",))}


def _user_dir(which: str) -> str:
    home = os.environ.get("HOME", "")
    if (sys.platform == "linux" and home.startswith("/") and not hasattr(sys, "getandroidapilevel")
            and not (os.environ.get("ANDROID_DATA") == "/data"
                     and os.environ.get("ANDROID_ROOT") == "/system")):
        variable, default, under = _XDG[which]
        base = os.environ.get(variable, "")
        if not base.startswith("/"):
            base = os.path.join(home.rstrip("/") or "/", default)
        return os.path.join(base, APP_NAME, *under)
    import platformdirs

    ask = {"data": platformdirs.user_data_dir, "cache": platformdirs.user_cache_dir,
           "log": platformdirs.user_log_dir}[which]
    return ask(APP_NAME, appauthor=False)
