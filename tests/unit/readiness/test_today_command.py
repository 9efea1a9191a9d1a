"""``refdesk today``: the JSON shape, the grouped list, and a missing book."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from refdesk.cli import main
from refdesk.demo import write_demo_book
from refdesk.domain.readiness import LEVELS
from refdesk.paths import default_book_path

AS_OF = "2026-11-22"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A 120-contact demo book, written once for the module (the tests only read it)."""
    path = tmp_path_factory.mktemp("today") / "demo.refdesk"
    write_demo_book(path, 120, seed=1, as_of=dt.date.fromisoformat(AS_OF))
    return path


def today(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["today", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_has_contacts_follow_ups_and_cards(demo, capsys):
    code, out, _ = today(capsys, "--db", str(demo), "--as-of", AS_OF, "--json")
    assert code == 0
    data = json.loads(out)
    assert {"contacts", "follow_ups", "cards_due"} <= set(data)
    assert len(data["contacts"]) == 120 == sum(data["counts"].values())
    for contact in data["contacts"]:
        assert {"id", "name", "level", "score", "reasons", "next_action"} <= set(contact)
        assert contact["level"] in LEVELS and 0 <= contact["score"] <= 100
        assert contact["reasons"] and all(isinstance(r, str) for r in contact["reasons"])
    assert {c["level"] for c in data["contacts"]} == set(LEVELS)
    assert data["follow_ups"]
    for item in data["follow_ups"]:
        assert item["due_on"] <= AS_OF and item["days_overdue"] >= 0
        assert item["referrer"] and item["kind"]
    assert {c["id"] for c in data["cards_due"]} <= {f["id"] for f in data["follow_ups"]}


def test_plain_output_groups_levels_in_working_order(demo, capsys):
    code, out, _ = today(capsys, "--db", str(demo), "--as-of", AS_OF)
    assert code == 0
    assert out.startswith("Today, Sunday 22 Nov 2026: 120 contacts")
    headings = re.findall(r"^([A-Z][\w -]+) \((\d+)\)$", out, re.MULTILINE)
    assert [h for h, _ in headings] == ["Overdue follow-ups", *LEVELS.values(),
                                        "Follow-ups due or overdue", "Cards owed"]
    counts = dict(headings)
    assert sum(int(counts[label]) for label in LEVELS.values()) == 120
    assert "… and " in out  # "Not yet" holds more than ten
    code, everything, _ = today(capsys, "--db", str(demo), "--as-of", AS_OF, "--all")
    assert "… and " not in everything
    assert everything.count("\n") > out.count("\n")


def test_a_missing_book_is_an_error_not_a_new_file(tmp_path, capsys):
    missing = tmp_path / "nope.refdesk"
    code, out, err = today(capsys, "--db", str(missing))
    assert (code, out) == (1, "")
    assert err.strip() == f"refdesk: error: There is no book at {missing}."
    assert not missing.exists()


def test_without_db_it_reads_the_users_own_book(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("REFDESK_DATA_DIR", str(tmp_path / "data"))
    code, _, err = today(capsys)
    assert code == 1 and str(default_book_path()) in err
    assert not default_book_path().exists()


def test_db_may_also_come_before_the_command(demo, capsys):
    assert main(["--db", str(demo), "today", "--as-of", AS_OF]) == 0
    assert "120 contacts" in capsys.readouterr().out


def test_a_bad_date_is_refused(capsys):
    with pytest.raises(SystemExit):
        main(["today", "--as-of", "22/11/2026"])
    assert "is not a date" in capsys.readouterr().err
