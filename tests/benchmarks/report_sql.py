"""The report card's figures in plain SQL through sqlite3: the floor bench_report
measures refdesk against, and a second opinion on every figure (the bench
checks both agree before it times anything).

Same rules as refdesk.domain.report_card: a stage reached on the first day
any stage at or after it was (won only while the referral still stands
there, from the day it last got there), nothing after the as-of day.
"""

from __future__ import annotations

import sqlite3
import statistics

CHAIN = ("asked", "promised", "introduced", "contacted", "meeting", "won")
_LEVEL = "CASE stage WHEN 'promised' THEN 1 WHEN 'introduced' THEN 2 " \
         "WHEN 'contacted' THEN 3 WHEN 'meeting' THEN 4 END"

REACH_SQL = (
    "DROP TABLE IF EXISTS temp.h", "DROP TABLE IF EXISTS temp.closing",
    "DROP TABLE IF EXISTS temp.marks", "DROP TABLE IF EXISTS temp.reach",
    "CREATE TEMP TABLE h AS SELECT referral_id AS rid, stage, changed_on AS d, "
    "ROW_NUMBER() OVER (PARTITION BY referral_id ORDER BY changed_on, id) AS n "
    "FROM referral_stage_change WHERE changed_on <= :as_of",
    "CREATE INDEX temp.h_rid ON h (rid, n)",
    # The final stage, when won or lost, and the day its last run began.
    "CREATE TEMP TABLE closing AS SELECT f.rid, f.final, (SELECT d FROM h WHERE h.rid = f.rid "
    "AND h.n = 1 + COALESCE((SELECT MAX(n) FROM h h2 WHERE h2.rid = f.rid AND "
    "h2.stage != f.final), 0)) AS d FROM (SELECT rid, stage AS final, MAX(n) FROM h "
    "GROUP BY rid) f WHERE f.final IN ('won', 'lost')",
    "CREATE INDEX temp.closing_rid ON closing (rid)",
    f"CREATE TEMP TABLE marks AS SELECT rid, {_LEVEL} AS level, MIN(d) AS d FROM h "
    "WHERE stage IN ('promised', 'introduced', 'contacted', 'meeting') GROUP BY rid, stage "
    "UNION ALL SELECT rid, 5, d FROM closing WHERE final = 'won'",
    "CREATE INDEX temp.marks_rid ON marks (rid, level)",
    # One pass: each referral joined to its marks, pivoted by level.
    "CREATE TEMP TABLE reach AS SELECT r.id AS rid, r.referrer_id AS referrer, "
    "r.asked_on AS asked, "
    + ", ".join(f"MIN(CASE WHEN m.level >= {level} THEN m.d END) AS {stage}"
                for level, stage in enumerate(CHAIN[1:], 1))
    + ", MIN(c.d) AS lost FROM referral r LEFT JOIN marks m ON m.rid = r.id "
    "LEFT JOIN closing c ON c.rid = r.id AND c.final = 'lost' "
    "WHERE r.asked_on <= :as_of GROUP BY r.id",
    "CREATE INDEX temp.reach_referrer ON reach (referrer)",
)

REFERRERS_SQL = (
    "DROP TABLE IF EXISTS temp.rev", "DROP TABLE IF EXISTS temp.rec",
    "DROP TABLE IF EXISTS temp.referrers",
    # Keyed tables, so the join below is by index, not a scan per row.
    "CREATE TEMP TABLE rev (who INTEGER PRIMARY KEY, revenue)",
    "INSERT INTO rev SELECT COALESCE(r.referrer_id, c.referred_by_id) AS who, SUM(s.amount) "
    "FROM sale s JOIN contact c ON c.id = s.contact_id "
    "LEFT JOIN referral r ON r.id = s.referral_id WHERE s.source = 'referral' "
    "AND s.currency = :cur AND s.sold_on BETWEEN :lo AND :hi AND who IS NOT NULL GROUP BY who",
    "CREATE TEMP TABLE rec (who INTEGER PRIMARY KEY, received, won)",
    "INSERT INTO rec SELECT referrer, COALESCE(SUM(introduced BETWEEN :lo AND :hi), 0), "
    "COALESCE(SUM(won BETWEEN :lo AND :hi), 0) FROM reach GROUP BY referrer",
    "CREATE TEMP TABLE referrers AS SELECT e.who AS who, COALESCE(rec.received, 0) AS received, "
    "COALESCE(rec.won, 0) AS won, COALESCE(rev.revenue, 0) AS revenue FROM "
    "(SELECT who FROM rev UNION SELECT who FROM rec) e LEFT JOIN rec ON rec.who = e.who "
    "LEFT JOIN rev ON rev.who = e.who",
)

TOP_SHARE_SQL = (
    "SELECT COUNT(*), SUM({v}), SUM(CASE WHEN rk <= (cnt + 9) / 10 THEN {v} END) FROM "
    "(SELECT {v}, ROW_NUMBER() OVER (ORDER BY {v} DESC) AS rk, COUNT(*) OVER () AS cnt "
    "FROM referrers WHERE {v} > 0)")


def _money(value) -> float:
    return round(float(value or 0), 2)


def main_currency(con: sqlite3.Connection) -> str:
    row = con.execute("SELECT currency FROM sale GROUP BY currency "
                      "ORDER BY COUNT(*) DESC, currency LIMIT 1").fetchone()
    return row[0] if row else "USD"


def sql_figures(con: sqlite3.Connection, lo: str, hi: str, as_of: str, cur: str) -> dict:
    """Every figure the bench compares, for days ``lo``..``hi`` (ISO text) as of ``as_of``."""
    hi = min(hi, as_of)
    p = {"lo": lo, "hi": hi, "as_of": as_of, "cur": cur}
    for sql in REACH_SQL:
        con.execute(sql, p if ":" in sql else ())
    q = lambda sql: con.execute(sql, p).fetchall()  # noqa: E731
    f: dict = {}
    stages = (*CHAIN, "lost")
    row = q("SELECT " + ", ".join(f"COALESCE(SUM({s} BETWEEN :lo AND :hi), 0)"
                                  for s in stages) + " FROM reach")[0]
    f["reached"] = dict(zip(stages, row, strict=True))
    f["funnel"] = list(q("SELECT COUNT(*), " + ", ".join(f"COUNT({s})" for s in CHAIN[1:])
                         + " FROM reach WHERE asked BETWEEN :lo AND :hi")[0])
    months = {m: [a, r, w] for m, a, r, w in q(
        "SELECT m, SUM(k = 'a'), SUM(k = 'r'), SUM(k = 'w') FROM ("
        "SELECT substr(asked, 1, 7) AS m, 'a' AS k FROM reach WHERE asked BETWEEN :lo AND :hi "
        "UNION ALL SELECT substr(introduced, 1, 7), 'r' FROM reach "
        "WHERE introduced BETWEEN :lo AND :hi UNION ALL SELECT substr(won, 1, 7), 'w' "
        "FROM reach WHERE won BETWEEN :lo AND :hi) GROUP BY m")}
    for m, revenue in q("SELECT substr(sold_on, 1, 7), SUM(amount) FROM sale WHERE "
                        "source = 'referral' AND currency = :cur AND sold_on BETWEEN :lo AND :hi "
                        "GROUP BY 1"):
        months.setdefault(m, [0, 0, 0]).append(_money(revenue))
    f["months"] = {m: (*v[:3], v[3] if len(v) > 3 else 0.0) for m, v in months.items()}
    total, count, referral, referral_count = q(
        "SELECT SUM(amount), COUNT(*), SUM(CASE WHEN source = 'referral' THEN amount END), "
        "SUM(source = 'referral') FROM sale WHERE currency = :cur AND "
        "sold_on BETWEEN :lo AND :hi")[0]
    f["money"] = (_money(total), _money(referral), count, referral_count or 0)
    f["others"] = [(c, n, _money(a), _money(r)) for c, n, a, r in q(
        "SELECT currency, COUNT(*), SUM(amount), SUM(CASE WHEN source = 'referral' THEN amount "
        "ELSE 0 END) FROM sale WHERE currency != :cur AND sold_on BETWEEN :lo AND :hi "
        "GROUP BY currency ORDER BY currency")]
    days = [d for (d,) in q(
        "SELECT CAST(julianday(f.first) - julianday(r.asked_on) AS INTEGER) FROM "
        "(SELECT referral_id, MIN(sold_on) AS first FROM sale WHERE referral_id IS NOT NULL "
        "AND sold_on <= :hi GROUP BY referral_id) f JOIN referral r ON r.id = f.referral_id "
        "WHERE f.first BETWEEN :lo AND :hi")]
    f["median_days"] = statistics.median(days) if days else None
    f["close"] = {bool(referred): (bought, n) for referred, n, bought in q(
        "SELECT referred, COUNT(*), SUM(first IS NOT NULL AND first <= :as_of) FROM ("
        "SELECT c.referred_by_id IS NOT NULL OR EXISTS (SELECT 1 FROM referral r "
        "WHERE r.referred_id = c.id) AS referred, (SELECT MIN(s.sold_on) FROM sale s "
        "WHERE s.contact_id = c.id) AS first FROM contact c "
        "WHERE date(c.created_at) BETWEEN :lo AND :hi) GROUP BY referred")}
    for sql in REFERRERS_SQL:
        con.execute(sql, p if ":" in sql else ())
    f["top_revenue"] = [(w, rc, wn, _money(rv)) for w, rc, wn, rv in q(
        "SELECT who, received, won, revenue FROM referrers WHERE revenue > 0 "
        "ORDER BY revenue DESC, won DESC, received DESC, who LIMIT 10")]
    f["top_count"] = [(w, rc, wn, _money(rv)) for w, rc, wn, rv in q(
        "SELECT who, received, won, revenue FROM referrers WHERE received > 0 OR won > 0 "
        "ORDER BY received DESC, won DESC, revenue DESC, who LIMIT 10")]
    n, whole, top = q(TOP_SHARE_SQL.format(v="received"))[0]
    f["concentration"] = (n, top or 0, whole or 0)
    _, whole, top = q(TOP_SHARE_SQL.format(v="revenue"))[0]
    f["concentration_revenue"] = (_money(top), _money(whole))
    f["follow_ups"] = {kind: (on_time, due) for kind, due, on_time in q(
        "SELECT kind, COUNT(*), SUM(done_on IS NOT NULL AND done_on <= :as_of AND "
        "done_on <= due_on) FROM follow_up WHERE due_on BETWEEN :lo AND :hi AND NOT "
        "((done_on IS NULL OR done_on > :as_of) AND due_on >= :as_of) GROUP BY kind")}
    f["reward_spend"] = _money(q("SELECT SUM(cost) FROM reward "
                                 "WHERE given_on BETWEEN :lo AND :hi")[0][0])
    f["cards"] = dict(q("SELECT occasion, COUNT(*) FROM card WHERE sent_on BETWEEN :lo AND :hi "
                        "GROUP BY occasion"))
    f["cards_followed"] = q(
        "SELECT COUNT(*) FROM card k WHERE k.sent_on BETWEEN :lo AND :hi AND EXISTS ("
        "SELECT 1 FROM reach x WHERE x.referrer = k.contact_id AND x.won > k.sent_on AND "
        "x.won <= date(k.sent_on, '+90 days'))")[0][0]
    f["won_after_card"] = tuple(q(
        "SELECT COUNT(*), COALESCE(SUM(EXISTS (SELECT 1 FROM card k WHERE "
        "k.contact_id = x.referrer AND k.sent_on <= :as_of AND "
        "k.sent_on >= date(x.won, '-90 days') AND k.sent_on < x.won)), 0) FROM reach x "
        "WHERE x.won BETWEEN :lo AND :hi")[0])
    return f


def card_figures(card) -> dict:
    """The same figures from refdesk's ReportCard, shaped like sql_figures'."""
    f: dict = {"reached": dict(card.reached), "funnel": [s.referrals for s in card.funnel]}
    f["months"] = {m.month: (m.asked, m.received, m.won, _money(m.referral_revenue))
                   for m in card.monthly
                   if m.asked or m.received or m.won or m.referral_revenue}
    f["money"] = (_money(card.total_revenue), _money(card.referral_revenue))
    f["others"] = [(o.currency, o.sales, _money(o.revenue), _money(o.referral_revenue))
                   for o in card.other_currencies]
    f["median_days"] = card.median_days_to_sale
    f["close"] = {True: (card.close_rate_referred.part, card.close_rate_referred.whole),
                  False: (card.close_rate_other.part, card.close_rate_other.whole)}
    f["top_revenue"] = [(r.id, r.received, r.won, _money(r.revenue))
                        for r in card.top_by_revenue]
    f["top_count"] = [(r.id, r.received, r.won, _money(r.revenue)) for r in card.top_by_count]
    k = card.concentration
    f["concentration"] = (k.referrers, k.share_of_referrals.part, k.share_of_referrals.whole)
    f["concentration_revenue"] = (_money(k.share_of_revenue.part),
                                  _money(k.share_of_revenue.whole))
    f["follow_ups"] = {kind: (r.part, r.whole) for kind, r in card.follow_ups_by_kind.items()}
    f["reward_spend"] = _money(card.reward_spend)
    f["cards"] = dict(card.cards.by_occasion)
    f["cards_followed"] = card.cards.followed_by_win.part
    f["won_after_card"] = (card.cards.won_after_card + card.cards.won_without_card,
                           card.cards.won_after_card)
    return f


def comparable(sql: dict) -> dict:
    """sql_figures' dict without what card_figures does not carry, empty groups dropped."""
    out = dict(sql)
    out["money"] = sql["money"][:2]
    out["close"] = {k: sql["close"].get(k, (0, 0)) for k in (True, False)}
    out["close"] = {k: (v[0] or 0, v[1]) for k, v in out["close"].items()}
    return out
