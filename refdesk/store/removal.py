"""Deleting a row together with everything its foreign keys take with it,
keeping a copy so the deletion can be undone exactly (same ids).

The schema's ON DELETE rules say what goes: CASCADE children are removed
(and their own children, and so on), SET NULL references elsewhere lose
their link. Both are read from SQLite itself (PRAGMA foreign_key_list), so
a new table or key in a later migration is covered without code here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from peewee import Database


@dataclass(frozen=True)
class Removed:
    """What ``remove`` deleted, and the links it cleared, for ``put_back``."""

    table: str
    row_id: int
    rows: tuple[tuple[str, tuple[str, ...], tuple[tuple, ...]], ...]  # table, columns, rows
    cleared: tuple[tuple[str, str, int, object], ...]  # table, column, row id, old value


def remove(db: Database, table: str, row_id: int) -> Removed:
    """Delete ``table`` row ``row_id`` and all it cascades to; return a copy of it all.

    Runs in one transaction: on failure nothing is deleted.
    """
    with db.atomic():
        doomed = _cascade(db, table, row_id)
        gone = {(t, i) for t, ids in doomed for i in ids}
        rows = []
        for name, ids in doomed:
            cursor = db.execute_sql(f'SELECT * FROM "{name}" WHERE id IN ({_marks(ids)})', ids)
            columns = tuple(c[0] for c in cursor.description)
            rows.append((name, columns, tuple(cursor.fetchall())))
        cleared = tuple((child, column, rid, value)
                        for child, column, parent, on_delete in _keys(db)
                        if on_delete == "SET NULL"
                        for parent_table, ids in doomed if parent_table == parent
                        for rid, value in _referencing(db, child, column, ids)
                        if (child, rid) not in gone)
        db.execute_sql(f'DELETE FROM "{table}" WHERE id = ?', (row_id,))
    return Removed(table, row_id, tuple(rows), cleared)


def put_back(db: Database, removed: Removed) -> None:
    """Restore what ``remove`` deleted, with the same ids, and its cleared links."""
    with db.atomic():
        # Rows refer to each other in every direction (a card to a follow-up
        # of a referral of the contact): check the keys once all are back.
        db.execute_sql("PRAGMA defer_foreign_keys = ON")
        for table, columns, rows in removed.rows:
            names = ", ".join(f'"{c}"' for c in columns)
            for row in rows:
                db.execute_sql(f'INSERT INTO "{table}" ({names}) VALUES ({_marks(row)})', row)
        for table, column, rid, value in removed.cleared:
            db.execute_sql(f'UPDATE "{table}" SET "{column}" = ? WHERE id = ?', (value, rid))


def _cascade(db: Database, table: str, row_id: int) -> list[tuple[str, list[int]]]:
    """(table, ids) of the row and every row deleted with it, parents first."""
    keys = [k for k in _keys(db) if k[3] == "CASCADE"]
    found: dict[str, list[int]] = {table: [row_id]}
    queue = [(table, [row_id])]
    while queue:
        parent, ids = queue.pop(0)
        for child, column, target, _ in keys:
            if target != parent:
                continue
            seen = set(found.get(child, ()))
            new = [rid for rid, _ in _referencing(db, child, column, ids) if rid not in seen]
            if new:
                found.setdefault(child, []).extend(new)
                queue.append((child, new))
    return list(found.items())


def _keys(db: Database) -> list[tuple[str, str, str, str]]:
    """Every foreign key as (table, column, referenced table, ON DELETE action)."""
    tables = [r[0] for r in db.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return [(t, fk[3], fk[2], fk[6].upper()) for t in tables
            for fk in db.execute_sql(f'PRAGMA foreign_key_list("{t}")')]


def _referencing(db: Database, table: str, column: str,
                 ids: Sequence[int]) -> list[tuple[int, object]]:
    """(id, value) of the rows of ``table`` whose ``column`` is one of ``ids``."""
    return list(db.execute_sql(
        f'SELECT id, "{column}" FROM "{table}" WHERE "{column}" IN ({_marks(ids)})', ids))


def _marks(values: Sequence) -> str:
    return ", ".join("?" * len(values))
