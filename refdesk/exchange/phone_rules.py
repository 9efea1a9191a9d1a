"""The few facts of phonenumbers that the quick path for "+" numbers needs,
kept in a cache file so that a process whose numbers all take that path never
imports phonenumbers (~25 ms of an import's ~230 ms, its regexes compiled).

The facts: the regions phonenumbers supports, every country code with the
region its metadata is looked up by, and, for each code met so far, its
national prefix pattern and which national lengths (2 to 17 digits) are
possible. They are learned from the installed phonenumbers as codes are met
and written to ``phone-rules.json`` in refdesk's cache folder, keyed by that
installation (its path, version, size and time), so they are always what it
would answer. A file of another key, or one that cannot be read or does not
hold what it should, is ignored and replaced; a cache folder that cannot be
written only means no cache.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import logging
import os
import re
import stat
import sys
from pathlib import Path
from typing import NamedTuple

from refdesk import paths

log = logging.getLogger(__name__)

FILE_NAME = "phone-rules.json"
LENGTHS = range(2, 18)  # the national lengths the quick path takes
# The file's layout and what is learned: bump it when either changes, and a
# file written before has another key.
_FORMAT = 2
_MAX_BYTES = 1 << 20  # every code's facts take ~7 KB: a bigger file is not one of ours
_VERSION = re.compile(rb'^__version__ = "([^"\n]*)"', re.MULTILINE)


class CodeRules(NamedTuple):
    """A country code's national prefix pattern (None: it has none) and the
    national lengths of LENGTHS phonenumbers finds possible for it."""

    prefix: str | None
    possible: frozenset[int]


class PhoneRules:
    """The facts, from the cache file where it held them, else learned from
    phonenumbers (imported then) and written back to ``path``."""

    def __init__(self, path: Path | None = None, key: dict[str, object] | None = None) -> None:
        self.path, self.key = path, key  # None: nothing is written
        self._regions: frozenset[str] | None = None
        self._codes: dict[str, str] | None = None  # "49" -> "DE"
        self._rules: dict[str, CodeRules | None] = {}  # None: the code has no metadata

    @property
    def regions(self) -> frozenset[str]:
        """The region codes phonenumbers supports ("US", "DE", ...)."""
        return self._learn_codes()[0] if self._regions is None else self._regions

    @property
    def codes(self) -> dict[str, str]:
        """Each country code ("49") with the region its metadata is looked up by."""
        return self._learn_codes()[1] if self._codes is None else self._codes

    def rules_of(self, code: str) -> CodeRules | None:
        """The rules of ``code`` (one of ``codes``); None when phonenumbers has
        no metadata for it."""
        if code not in self._rules:
            self._learn(code)
        return self._rules[code]

    def facts(self) -> dict[str, object]:
        """What the cache file holds besides its key, as it holds it."""
        return {"regions": sorted(self.regions), "codes": dict(self.codes),
                "rules": {code: None if rules is None else
                          {"prefix": rules.prefix, "possible": sorted(rules.possible)}
                          for code, rules in self._rules.items()}}

    def _learn_codes(self) -> tuple[frozenset[str], dict[str, str]]:
        import phonenumbers

        regions = self._regions = frozenset(phonenumbers.SUPPORTED_REGIONS)
        codes = self._codes = {str(code): where[0] for code, where
                               in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.items()}
        self._save()
        return regions, codes

    def _learn(self, code: str) -> None:
        # Once phonenumbers is imported, one code's metadata loads in well
        # under a millisecond; all 215 at once take ~100 ms.
        import phonenumbers
        from phonenumbers import PhoneMetadata, PhoneNumber

        number = int(code)
        metadata = PhoneMetadata.metadata_for_region_or_calling_code(number, self.codes[code])
        # With no type asked, the possible-number check looks at the length alone.
        self._rules[code] = None if metadata is None else CodeRules(
            metadata.national_prefix_for_parsing,
            frozenset(length for length in LENGTHS if phonenumbers.is_possible_number(
                PhoneNumber(country_code=number, national_number=int("1" * length)))))
        self._save()

    def _save(self) -> None:
        """Write the facts to ``path`` atomically (a temporary file replacing it)."""
        if self.path is None or self.key is None:
            return
        try:
            _write(self.path, json.dumps({"key": self.key, **self.facts()}))
        except Exception:  # a read-only or full disk, a file in the way: no cache, still answers
            log.warning("Phone rules not cached in %s", self.path, exc_info=True)


def current() -> PhoneRules:
    """The process's rules, read from the cache folder when first asked for,
    and again if that folder changes (tests give each test its own): what
    they learn is written where the process's cache now is."""
    global _current, _current_at
    path = paths.cache_dir() / FILE_NAME
    if _current is None or path != _current_at:
        _current, _current_at = load(path), path
    return _current


_current: PhoneRules | None = None
_current_at: Path | None = None  # the cache file _current was read from


def load(path: Path) -> PhoneRules:
    """The rules cached at ``path`` for the installed phonenumbers; when it
    holds none for it (missing, another key, unreadable, malformed, of the
    wrong types), rules that ask phonenumbers and write ``path`` anew."""
    try:
        key = installed_key()
    except Exception:  # never fail an import because of the cache
        log.warning("Phone rules not cached: phonenumbers not found", exc_info=True)
        return PhoneRules()
    rules = PhoneRules(path, key)
    try:
        data = json.loads(_read_small(path))
    except FileNotFoundError:
        return rules
    except Exception as error:  # unreadable or not JSON (or nested past the recursion limit)
        log.info("Phone rules cache %s ignored: %s", path, error)
        return rules
    if not isinstance(data, dict) or data.get("key") != key:
        log.info("Phone rules cache %s ignored: made for another phonenumbers", path)
        return rules
    if not _well_typed(data):
        log.info("Phone rules cache %s ignored: not what it should hold", path)
        return rules
    rules._regions = frozenset(data["regions"])
    rules._codes = data["codes"]
    rules._rules = {code: None if entry is None else
                    CodeRules(entry["prefix"], frozenset(entry["possible"]))
                    for code, entry in data["rules"].items()}
    return rules


def installed_key() -> dict[str, object] | None:
    """What tells the installed phonenumbers from any other, read without
    importing it: its ``__init__.py``'s path, version line, size and time,
    and those of ``data/__init__.py`` (its metadata, which a patch may change
    alone). In a bundle, the bundle's executable stands for it."""
    spec = importlib.util.find_spec("phonenumbers")
    if spec is None or not spec.origin:
        return None
    if getattr(sys, "frozen", False):
        # PyInstaller keeps phonenumbers in its archive, not as files (origin
        # names a .pyc that is not there); the archive is in the executable,
        # which every build of the bundle makes anew.
        info = os.stat(sys.executable)
        return {"format": _FORMAT, "origin": sys.executable, "version": None,
                "size": info.st_size, "mtime_ns": info.st_mtime_ns}
    with open(spec.origin, "rb") as file:
        found = _VERSION.search(file.read())
        info = os.fstat(file.fileno())
    data = os.stat(os.path.join(os.path.dirname(spec.origin), "data", "__init__.py"))
    return {"format": _FORMAT, "origin": spec.origin,
            "version": found and found[1].decode("utf-8", "replace"),
            "size": info.st_size, "mtime_ns": info.st_mtime_ns,
            "data": [data.st_size, data.st_mtime_ns]}


def _read_small(path: Path) -> bytes:
    """The bytes of ``path``, a regular file of at most _MAX_BYTES; ValueError
    for anything else. Opened without waiting: a FIFO put there would wait
    for a writer forever."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    with open(os.open(path, flags), "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_BYTES:
            raise ValueError("not a file of phone rules")
        return file.read(_MAX_BYTES + 1)


def _well_typed(data: dict[str, object]) -> bool:
    regions, codes, rules = data.get("regions"), data.get("codes"), data.get("rules")
    return (isinstance(regions, list) and all(isinstance(region, str) for region in regions)
            and isinstance(codes, dict)
            and all(_is_code(code) and isinstance(region, str) for code, region in codes.items())
            and isinstance(rules, dict)
            and all(code in codes and (entry is None or _is_entry(entry))
                    for code, entry in rules.items()))


def _is_code(code: str) -> bool:
    return code.isascii() and code.isdigit() and len(code) <= 3


def _is_entry(entry: object) -> bool:
    if not isinstance(entry, dict) or entry.keys() != {"prefix", "possible"}:
        return False
    prefix, possible = entry["prefix"], entry["possible"]
    return (prefix is None or isinstance(prefix, str)) and isinstance(possible, list) \
        and all(type(length) is int and length in LENGTHS for length in possible)


def _write(path: Path, text: str) -> None:
    import tempfile  # only when something new was learned

    folder = paths.make_private_dir(path.parent, tighten=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
