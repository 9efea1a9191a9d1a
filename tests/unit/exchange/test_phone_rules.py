"""The cache of phonenumbers' facts (phone_rules): a process whose numbers are
all "+" and digits does not import phonenumbers once the cache is warm, and
a cache that is stale, broken or cannot be written never changes an answer."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path
from types import SimpleNamespace

import phonenumbers
import pytest

import refdesk
from refdesk.exchange import phone_rules
from refdesk.exchange.phone_rules import FILE_NAME, PhoneRules, installed_key, load
from refdesk.exchange.phones import PhoneNormalizer
from tests.unit.exchange.phone_rules_sources import by_phonenumbers, using

# Quick ones of several codes, and ones only the parse reads: national (with a
# region), a national prefix after the code, unknown codes, an extension.
NUMBERS = ["+1 212 555 0100", "+1-212-555-0101", "+44 20 7946 0958", "+49 30 1234567",
           "+800 1234 5678", "+81 3 1234 5678", "(212) 555-0100", "212.555.0102",
           "+1 1 212 555 0100", "+44 020 7946 0958", "+999 123", "+0 12", "+1 212",
           "+49 30 1234567 x12", "030 1234567", "call me", ""]
REGIONS = ["", "US", "DE"]


def assert_phonenumbers_answers(rules: PhoneRules) -> None:
    with using(rules):
        for region in REGIONS:
            expected = [by_phonenumbers(n, region) for n in NUMBERS]
            assert [PhoneNormalizer(region).e164(n) for n in NUMBERS] == expected
            assert PhoneNormalizer(region).each_e164(NUMBERS) == expected
            column = [n for n in NUMBERS if n.startswith("+1 212 555")]
            assert PhoneNormalizer(region).each_e164(column) == [
                by_phonenumbers(n, region) for n in column]
        with pytest.raises(ValueError, match="'XX' is not a country code"):
            PhoneNormalizer("xx")


def cache_of(path: Path, *codes: str) -> dict:
    """A cache file at ``path`` holding ``codes``, as written; its JSON."""
    rules = load(path)
    for code in codes:
        rules.rules_of(code)
    return json.loads(path.read_text(encoding="utf-8"))


def assert_cache_is_current(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["key"] == installed_key()
    assert set(data["rules"]) >= {"1", "44", "49"}
    read = load(path)
    assert read.facts() == {key: value for key, value in data.items() if key != "key"}


def test_the_cache_holds_what_phonenumbers_answers(tmp_path):
    path = tmp_path / "cache" / FILE_NAME
    data = cache_of(path, "1", "44", "49", "81", "800")
    assert data["key"]["version"] == phonenumbers.__version__
    assert data["key"]["origin"] == phonenumbers.__file__
    assert data["regions"] == sorted(phonenumbers.SUPPORTED_REGIONS)
    assert data["codes"]["1"] == "US" and data["codes"]["800"] == "001"
    assert set(data["codes"]) == set(map(str, phonenumbers.COUNTRY_CODE_TO_REGION_CODE))
    assert data["rules"]["1"] == {"prefix": "1", "possible": [7, 10]}
    assert data["rules"]["800"] == {"prefix": None, "possible": [8]}
    assert os.stat(path.parent).st_mode & 0o777 == 0o700
    assert [p.name for p in path.parent.iterdir()] == [FILE_NAME]  # no temporary left
    read = load(path)
    read._learn = read._learn_codes = None  # type: ignore[assignment,method-assign]
    assert_phonenumbers_answers(read)  # every code the numbers have read from the file


def test_a_warm_cache_spares_the_import_of_phonenumbers(tmp_path):
    people = tmp_path / "people.csv"
    people.write_text("First Name,Last Name,Phone\nAnn,Lee,+1 212 555 0100\n"
                      "Bo,Fox,+44 20 7946 0958\nCy,Wu,+49 30 1234567\nDi,Ray,+1-212-555-0101\n",
                      encoding="utf-8")
    script = ("import sys\nfrom refdesk.cli import main\n"
              "status = main(['import', sys.argv[1], '--db', sys.argv[2], '--json'])\n"
              "from refdesk.exchange.phones import PhoneNormalizer\n"
              "number = PhoneNormalizer('US').e164('+1 212 555 0199')\n"
              "print(status, number, 'phonenumbers' in sys.modules)\n")
    env = {**os.environ, "REFDESK_DATA_DIR": str(tmp_path / "data"), "HOME": str(tmp_path)}
    root = Path(refdesk.__file__).parents[1]  # the refdesk these tests import

    def run(book: str) -> str:
        done = subprocess.run([sys.executable, "-c", script, str(people), str(tmp_path / book)],
                              env=env, cwd=root, capture_output=True, text=True, check=True)
        return done.stdout.splitlines()[-1]

    def rows(book: str) -> list[tuple[str, str]]:
        with sqlite3.connect(tmp_path / book) as con:
            return con.execute("SELECT c.first_name, p.number FROM contact c JOIN contact_phone"
                               " p ON p.contact_id = c.id ORDER BY c.first_name").fetchall()

    assert run("cold.refdesk").startswith("0 +12125550199 ")  # it may import phonenumbers
    assert (tmp_path / "data" / "cache" / FILE_NAME).exists()
    assert run("warm.refdesk") == "0 +12125550199 False"
    assert rows("warm.refdesk") == rows("cold.refdesk") == [
        ("Ann", "+12125550100"), ("Bo", "+442079460958"), ("Cy", "+49301234567"),
        ("Di", "+12125550101")]


def stale(data: dict) -> None:
    data["key"]["version"] = "0.0.1"


def touched(data: dict) -> None:
    data["key"]["mtime_ns"] += 1


WRONG_TYPES = {
    "no key": lambda data: data.__delitem__("key"),
    "regions a string": lambda data: data.update(regions="US"),
    "a region a number": lambda data: data["regions"].append(1),
    "codes a list": lambda data: data.update(codes=list(data["codes"])),
    "a code of letters": lambda data: data["codes"].update(x1="US"),
    "a code's region none": lambda data: data["codes"].update({"1": None}),
    "rules of no code": lambda data: data["rules"].update({"999": None}),
    "a prefix a number": lambda data: data["rules"]["1"].update(prefix=1),
    "a length a string": lambda data: data["rules"]["1"].update(possible=["10"]),
    "a length true": lambda data: data["rules"]["1"].update(possible=[True]),
    "a length too long": lambda data: data["rules"]["1"].update(possible=[99]),
    "no lengths": lambda data: data["rules"]["1"].__delitem__("possible"),
    "rules a list": lambda data: data["rules"].update({"1": ["1", [10]]}),
    "no rules": lambda data: data.__delitem__("rules"),
}


@pytest.mark.parametrize("change", [stale, touched, *WRONG_TYPES.values()],
                         ids=["stale", "touched", *WRONG_TYPES])
def test_a_cache_of_another_key_or_wrong_types_is_replaced(tmp_path, change):
    path = tmp_path / FILE_NAME
    data = cache_of(path, "1", "44", "49")
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    rules = load(path)
    assert rules._codes is None and rules._rules == {}  # nothing taken from it
    assert_phonenumbers_answers(rules)
    assert_cache_is_current(path)


@pytest.mark.parametrize("text", [b"", b"{", b"\xff\xfe\x00", b"[" * 100_000, b"null", b"[]",
                                  b'{"key": "a"}'])
def test_a_malformed_cache_is_replaced(tmp_path, text):
    path = tmp_path / FILE_NAME
    path.write_bytes(text)
    assert_phonenumbers_answers(load(path))
    assert_cache_is_current(path)


def test_a_prefix_that_is_no_pattern_goes_to_the_parse(tmp_path):
    path = tmp_path / FILE_NAME
    data = cache_of(path, "1", "44", "49")
    data["rules"]["1"]["prefix"] = "(1"
    path.write_text(json.dumps(data), encoding="utf-8")
    rules = load(path)
    assert rules.rules_of("1").prefix == "(1"  # well typed: taken
    assert_phonenumbers_answers(rules)


def test_a_cache_that_cannot_be_read_or_written_is_no_cache(tmp_path, monkeypatch, caplog):
    folder = tmp_path / "folder"
    folder.write_text("a file where the cache folder would be", encoding="utf-8")
    assert_phonenumbers_answers(load(folder / "cache" / FILE_NAME))
    assert "Phone rules not cached" in caplog.text

    (tmp_path / FILE_NAME).mkdir()  # not a file: cannot be read, nor replaced
    assert_phonenumbers_answers(load(tmp_path / FILE_NAME))

    def full_disk(*_: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    full = tmp_path / "full"
    monkeypatch.setattr(os, "replace", full_disk)
    assert_phonenumbers_answers(load(full / FILE_NAME))
    monkeypatch.undo()
    assert list(full.iterdir()) == []  # the temporary file taken away


def test_no_phonenumbers_found_means_no_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(phone_rules.importlib.util, "find_spec", lambda name: None)
    rules = load(tmp_path / FILE_NAME)
    assert rules.key is None
    assert_phonenumbers_answers(rules)
    assert not (tmp_path / FILE_NAME).exists()


def test_the_process_reads_its_cache_from_the_cache_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("REFDESK_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(phone_rules, "_current", None)
    rules = phone_rules.current()
    assert rules.path == tmp_path / "cache" / FILE_NAME
    assert phone_rules.current() is rules
    # Another cache folder (the next test's): read from there, learned into there.
    monkeypatch.setenv("REFDESK_DATA_DIR", str(tmp_path / "next"))
    assert phone_rules.current().path == tmp_path / "next" / "cache" / FILE_NAME


def test_a_fifo_or_a_huge_file_at_the_cache_is_no_cache(tmp_path):
    """Neither waits for a writer forever nor is read whole: taken for no cache,
    and replaced by one."""
    fifo = tmp_path / "fifo" / FILE_NAME
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    done = []
    reader = threading.Thread(target=lambda: done.append(load(fifo)), daemon=True)
    reader.start()
    reader.join(timeout=20)
    assert done, "load() waited on a FIFO"
    assert_phonenumbers_answers(done[0])
    assert_cache_is_current(fifo)  # a file now

    huge = tmp_path / FILE_NAME
    data = cache_of(huge, "1")
    huge.write_text(json.dumps(data) + " " * phone_rules._MAX_BYTES, encoding="utf-8")
    rules = load(huge)
    assert rules._codes is None  # nothing taken from it
    assert_phonenumbers_answers(rules)


def test_a_bundle_keys_its_cache_by_its_executable(tmp_path, monkeypatch):
    """PyInstaller keeps phonenumbers in the bundle's archive, where its
    __init__.py is no file: the executable, made anew by every build, is the key."""
    executable = tmp_path / "refdesk"
    executable.write_bytes(b"a bundle")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(executable))
    path = tmp_path / "cache" / FILE_NAME
    cache_of(path, "1", "44", "49", "81", "800")
    assert json.loads(path.read_text(encoding="utf-8"))["key"]["origin"] == str(executable)
    read = load(path)
    read._learn = read._learn_codes = None  # type: ignore[assignment,method-assign]
    assert_phonenumbers_answers(read)  # taken from the file
    executable.write_bytes(b"the bundle built again")
    assert load(path)._codes is None  # another build: not this cache


def test_metadata_changed_alone_is_another_key(tmp_path, monkeypatch):
    """A patch to phonenumbers' metadata (data/__init__.py) that leaves its
    __init__.py as it was makes the cache another phonenumbers'."""
    fake = tmp_path / "phonenumbers"
    (fake / "data").mkdir(parents=True)
    (fake / "__init__.py").write_text('__version__ = "9.9.9"\n', encoding="utf-8")
    (fake / "data" / "__init__.py").write_text("CODES = 1\n", encoding="utf-8")
    spec = SimpleNamespace(origin=str(fake / "__init__.py"))
    monkeypatch.setattr(phone_rules.importlib.util, "find_spec", lambda name: spec)
    before = installed_key()
    assert before["version"] == "9.9.9"
    (fake / "data" / "__init__.py").write_text("CODES = 22\n", encoding="utf-8")
    assert installed_key() != before
