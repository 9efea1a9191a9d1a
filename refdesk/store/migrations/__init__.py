"""Ordered schema migrations; the schema version lives in PRAGMA user_version.

Migration N takes a book from format N-1 to N. Each runs in one transaction
together with the version bump, so a failed step leaves the book as it was,
and a copy of the file is taken first. Steps use frozen SQL, never the
current models, so old steps keep meaning what they meant.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a warm start reads LATEST_VERSION before Peewee is imported
    from peewee import SqliteDatabase

APPLICATION_ID = 0x52444B31  # "RDK1" in the SQLite header: marks a refdesk book

# Tables of format 1 whose changes bump the book revision (see _revision_triggers).
_V1_TABLES = (
    "contact", "contact_email", "contact_phone", "tag", "contact_tag", "referral",
    "referral_stage_change", "sale", "touchpoint", "testimonial_check", "follow_up",
    "reward", "card", "ask_plan", "setting",
)


def _run_sql_file(db: SqliteDatabase, name: str) -> None:
    # Imported here, as uuid below: a warm start reads LATEST_VERSION without them (~5 ms).
    from importlib.resources import files

    text = files(__name__).joinpath(name).read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.startswith("--"))
    # executescript() would COMMIT first and break atomicity: run one by one.
    for statement in body.split(";\n"):
        if statement.strip():
            db.execute_sql(statement)


def _revision_triggers(db: SqliteDatabase, tables: tuple[str, ...]) -> None:
    """Every write to these tables bumps book_meta.revision.

    Backups compare revisions to skip copies when nothing changed, whoever
    wrote (GUI, CLI, an import), without each writer having to remember.
    """
    for table in tables:
        for event in ("INSERT", "UPDATE", "DELETE"):
            db.execute_sql(
                f'CREATE TRIGGER "{table}_{event.lower()}_rev" AFTER {event} ON "{table}" '
                "BEGIN UPDATE book_meta SET revision = revision + 1 WHERE id = 1; END"
            )


def _v1_initial(db: SqliteDatabase) -> None:
    import uuid

    _run_sql_file(db, "0001_initial.sql")
    db.execute_sql(
        "CREATE TABLE book_meta (id INTEGER PRIMARY KEY CHECK (id = 1), "
        "revision INTEGER NOT NULL, book_id TEXT NOT NULL, created_at TEXT NOT NULL)"
    )
    db.execute_sql(
        "INSERT INTO book_meta VALUES (1, 0, ?, ?)",
        (uuid.uuid4().hex, dt.datetime.now().isoformat(timespec="seconds")),
    )
    db.execute_sql("INSERT INTO ask_plan (product, benefit_days, window_days, cooldown_days, "
                   "cooldown_thanked_days, min_trust, promoter_score) "
                   "VALUES ('', 21, 60, 90, 30, 2, 9)")
    _revision_triggers(db, _V1_TABLES)


def _v2_pipeline(db: SqliteDatabase) -> None:
    _run_sql_file(db, "0002_pipeline.sql")
    _revision_triggers(db, ("given_referral",))


def _v3_unused_indexes(db: SqliteDatabase) -> None:
    _run_sql_file(db, "0003_unused_indexes.sql")


def _v4_referrer_index_where_set(db: SqliteDatabase) -> None:
    _run_sql_file(db, "0004_referrer_index_where_set.sql")


MIGRATIONS: tuple[Callable[[SqliteDatabase], None], ...] = (
    _v1_initial, _v2_pipeline, _v3_unused_indexes, _v4_referrer_index_where_set)
LATEST_VERSION = len(MIGRATIONS)
# The last format that changed a table or a column (formats 3 and 4 changed
# indexes only): the format a book file's rows follow (refdesk.exchange.book_file),
# so a file written now restores in a refdesk that knows format 2. A migration
# that changes tables or columns makes this its own number.
TABLES_FORMAT = 2


def schema_version(db: SqliteDatabase) -> int:
    """The book format the open database is at."""
    return db.execute_sql("PRAGMA user_version").fetchone()[0]


def migrate(db: SqliteDatabase, path: Path) -> int:
    """Bring the book to LATEST_VERSION; return the version it started at.

    A book that already has a schema is copied beside itself first.
    """
    start = schema_version(db)
    if start >= LATEST_VERSION:
        return start  # every open but an upgrade's: book_copy (shutil, bz2, lzma) not imported
    from refdesk.store.book_copy import copy_book, new_file  # imports the models: not at the top

    if start >= 1:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        # A name of its own, never over an earlier copy; a damaged book is
        # refused by the copy's check, before anything is migrated.
        copy = new_file(path.parent, f"{path.name}.before-format-{LATEST_VERSION}-{stamp}", ".bak")
        try:
            copy_book(path, copy, refused="it was not upgraded")
        except BaseException:
            copy.unlink(missing_ok=True)
            raise
    for version in range(start + 1, LATEST_VERSION + 1):
        with db.atomic():
            MIGRATIONS[version - 1](db)
            db.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute_sql(f"PRAGMA user_version = {version}")
    return start
