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

from refdesk.errors import RefdeskError

_Key = tuple[str, str, str, str]  # table, column, referenced table, ON DELETE action


@dataclass(frozen=True)
class Removed:
    """What ``remove`` deleted, and the links it cleared, for ``put_back``."""

    table: str
    row_id: int  # the first of the rows removed (put_back answers its id)
    rows: tuple[tuple[str, tuple[str, ...], tuple[tuple, ...]], ...]  # table, columns, rows
    cleared: tuple[tuple[str, str, int, object], ...]  # table, column, row id, old value


def remove(db: Database, table: str, row_id: int | Sequence[int]) -> Removed:
    """Delete ``table`` row ``row_id`` (or each of several) and all it cascades
    to; return a copy of it all, which ``put_back`` restores in one step.

    One transaction, taking the write lock first (a read turned write would
    fail at once if another process wrote meanwhile): on failure nothing is
    deleted. RefdeskError if there is no such row.
    """
    row_ids = [row_id] if isinstance(row_id, int) else list(dict.fromkeys(row_id))
    with db.atomic("IMMEDIATE"):
        for rid in row_ids:
            if not db.execute_sql(f'SELECT 1 FROM "{table}" WHERE id = ?', (rid,)).fetchone():
                raise RefdeskError(f"There is no {table.replace('_', ' ')} #{rid}.")
        keys = _keys(db)
        doomed = _cascade(db, keys, table, row_ids)
        gone = {(t, i) for t, ids in doomed for i in ids}
        rows = []
        for name, ids in doomed:
            cursor = db.execute_sql(f'SELECT * FROM "{name}" WHERE id IN ({_marks(ids)})', ids)
            columns = tuple(c[0] for c in cursor.description)
            rows.append((name, columns, tuple(cursor.fetchall())))
        cleared = tuple((child, column, rid, value)
                        for child, column, parent, on_delete in keys
                        if on_delete == "SET NULL"
                        for parent_table, ids in doomed if parent_table == parent
                        for rid, value in _referencing(db, child, column, ids)
                        if (child, rid) not in gone)
        db.execute_sql(f'DELETE FROM "{table}" WHERE id IN ({_marks(row_ids)})', row_ids)
    return Removed(table, row_ids[0], tuple(rows), cleared)


def put_back(db: Database, removed: Removed, *, fresh_ids: bool = False) -> int:
    """Restore what ``remove`` deleted and its cleared links; return the row's id.

    With the same ids, unless ``fresh_ids``: SQLite hands a deleted top id to
    the next new row, so one may be taken meanwhile; then every restored row
    gets a new id and their references to each other follow.
    Runs as a transaction of its own: the keys are checked at its commit.
    """
    if db.transaction_depth():
        raise RuntimeError("put_back() must not run inside another transaction")
    keys = _keys(db)
    new_id = _fresh_ids(db, removed) if fresh_ids else {}
    target = {(t, column): parent for t, column, parent, _ in keys}
    # Rows no key points at (a contact's e-mails, phones, tags) may have lost
    # their id to a row written meanwhile (an edit rewrites them whole):
    # nothing refers to the number, so such a row comes back under a new one
    # rather than sending the whole contact to new ids.
    referenced = {parent for _, _, parent, _ in keys}

    def mapped(table: str, column: str, value: object) -> object:
        ids = new_id.get(target.get((table, column), ""), {})
        return ids.get(value, value)

    with db.atomic("IMMEDIATE"):
        # Rows refer to each other in every direction (a card to a follow-up
        # of a referral of the contact): check the keys once all are back.
        db.execute_sql("PRAGMA defer_foreign_keys = ON")
        for table, columns, rows in removed.rows:
            names = ", ".join(f'"{c}"' for c in columns)
            own = new_id.get(table, {})
            leaf = table not in referenced and "id" in columns
            for row in rows:
                values = [own.get(v, v) if c == "id" else mapped(table, c, v)
                          for c, v in zip(columns, row, strict=True)]
                if leaf and _taken(db, table, values[columns.index("id")]):
                    values[columns.index("id")] = None
                db.execute_sql(f'INSERT INTO "{table}" ({names}) VALUES ({_marks(values)})',
                               values)
        for table, column, rid, value in removed.cleared:
            db.execute_sql(f'UPDATE "{table}" SET "{column}" = ? WHERE id = ?',
                           (mapped(table, column, value), rid))
    return new_id.get(removed.table, {}).get(removed.row_id, removed.row_id)


def _taken(db: Database, table: str, row_id: object) -> bool:
    return db.execute_sql(f'SELECT 1 FROM "{table}" WHERE id = ?', (row_id,)).fetchone() \
        is not None


def _fresh_ids(db: Database, removed: Removed) -> dict[str, dict[int, int]]:
    """Old id to a new, unused one, for every row to restore, by table."""
    fresh: dict[str, dict[int, int]] = {}
    for table, columns, rows in removed.rows:
        top = db.execute_sql(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"').fetchone()[0]
        at = columns.index("id")
        fresh[table] = {row[at]: top + n for n, row in enumerate(rows, start=1)}
    return fresh


def _cascade(db: Database, keys: list[_Key], table: str,
             row_ids: list[int]) -> list[tuple[str, list[int]]]:
    """(table, ids) of the rows and every row deleted with them, parents first."""
    cascading = [k for k in keys if k[3] == "CASCADE"]
    found: dict[str, list[int]] = {table: list(row_ids)}
    queue = [(table, list(row_ids))]
    while queue:
        parent, ids = queue.pop(0)
        for child, column, target, _ in cascading:
            if target != parent:
                continue
            seen = set(found.get(child, ()))
            new = [rid for rid, _ in _referencing(db, child, column, ids) if rid not in seen]
            if new:
                found.setdefault(child, []).extend(new)
                queue.append((child, new))
    return list(found.items())


def _keys(db: Database) -> list[_Key]:
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
