"""The demo book: realistic, deterministic, every stage and archetype present."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from refdesk.demo import write_demo_book
from refdesk.domain.vocabulary import REFERRAL_STAGES, TOUCHPOINT_KINDS
from refdesk.errors import RefdeskError

AS_OF = dt.date(2026, 11, 22)
TABLES = ("contact", "contact_email", "contact_phone", "sale", "touchpoint",
          "testimonial_check", "referral", "referral_stage_change", "follow_up",
          "reward", "card")


def _dump(path):
    con = sqlite3.connect(path)
    return {t: con.execute(f'SELECT * FROM "{t}" ORDER BY id').fetchall() for t in TABLES}



def test_same_seed_and_date_give_the_same_book(tmp_path):
    write_demo_book(tmp_path / "a.refdesk", 120, seed=3, as_of=AS_OF)
    write_demo_book(tmp_path / "b.refdesk", 120, seed=3, as_of=AS_OF)
    write_demo_book(tmp_path / "c.refdesk", 120, seed=4, as_of=AS_OF)
    a, b, c = (_dump(tmp_path / f"{n}.refdesk") for n in "abc")
    assert a == b
    assert a["contact"] != c["contact"]


def test_demo_has_exactly_n_contacts_and_every_kind_of_fact(tmp_path):
    path = tmp_path / "d.refdesk"
    summary = write_demo_book(path, 300, seed=1, as_of=AS_OF)
    con = sqlite3.connect(path)
    assert con.execute("SELECT count(*) FROM contact").fetchone()[0] == 300 == summary.contacts
    kinds = {r[0] for r in con.execute("SELECT DISTINCT kind FROM contact")}
    assert kinds == {"customer", "prospect", "referred"}
    stages = {r[0] for r in con.execute("SELECT DISTINCT stage FROM referral")}
    assert stages == set(REFERRAL_STAGES)
    touch_kinds = {r[0] for r in con.execute("SELECT DISTINCT kind FROM touchpoint")}
    assert touch_kinds == set(TOUCHPOINT_KINDS)
    for table in ("sale", "testimonial_check", "follow_up", "reward", "card"):
        assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0, table
    # resolved complaints and open ones
    resolved = con.execute("SELECT count(*) FROM touchpoint WHERE resolves_id IS NOT NULL")
    assert resolved.fetchone()[0] > 0
    open_complaints = con.execute(
        "SELECT count(*) FROM touchpoint c WHERE kind = 'complaint' AND NOT EXISTS "
        "(SELECT 1 FROM touchpoint r WHERE r.resolves_id = c.id)").fetchone()[0]
    assert open_complaints > 0
    # follow-ups owed today or overdue, and some done
    owed = con.execute("SELECT count(*) FROM follow_up WHERE done_on IS NULL AND due_on <= ?",
                       (AS_OF.isoformat(),)).fetchone()[0]
    assert owed > 0
    # nothing dated after the demo's day; sales span about two years
    for table, column in (("sale", "sold_on"), ("touchpoint", "happened_on"),
                          ("referral_stage_change", "changed_on")):
        newest = con.execute(f"SELECT max({column}) FROM {table}").fetchone()[0]
        assert newest <= AS_OF.isoformat(), table
    oldest_sale = dt.date.fromisoformat(con.execute("SELECT min(sold_on) FROM sale").fetchone()[0])
    assert (AS_OF - oldest_sale).days > 365
    # referred people point at their referrer; won referrals became referral sales
    assert con.execute("SELECT count(*) FROM contact WHERE kind = 'referred' "
                       "AND referred_by_id IS NULL").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM sale WHERE source = 'referral' "
                       "AND referral_id IS NOT NULL").fetchone()[0] > 0


def test_every_archetype_appears_even_in_a_small_book(tmp_path):
    summary = write_demo_book(tmp_path / "s.refdesk", 20, seed=9, as_of=AS_OF)
    assert set(summary.archetypes) == {"not_yet", "earning", "ready", "cooling", "blocked",
                                       "in_progress", "thank_due", "prospect"}


def test_demo_refuses_a_book_that_has_contacts(tmp_path):
    path = tmp_path / "d.refdesk"
    write_demo_book(path, 5, as_of=AS_OF)
    with pytest.raises(RefdeskError, match="already holds contacts"):
        write_demo_book(path, 5, as_of=AS_OF)
    assert sqlite3.connect(path).execute("SELECT count(*) FROM contact").fetchone()[0] == 5
