"""The JSON Schema of the book file, made from the models so it cannot drift.

docs/book-format.schema.json is this function's output; a test compares the
two, so a migration that adds a table or column says "regenerate":

    python -m refdesk.exchange.book_schema > docs/book-format.schema.json
"""

from __future__ import annotations

import json
from typing import Any

from peewee import (
    BooleanField,
    DateField,
    DateTimeField,
    DecimalField,
    Field,
    FloatField,
    ForeignKeyField,
    IntegerField,
)

from refdesk.exchange.book_file import FORMAT, VERSION
from refdesk.store.models import ALL_MODELS


def book_json_schema() -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) for files of ``refdesk export book``."""
    tables = {}
    for model in ALL_MODELS:
        fields = list(model._meta.sorted_fields)
        tables[model._meta.table_name] = {
            "type": "array",
            "description": f"Rows of {model.__name__}, sorted by "
                           f"{model._meta.primary_key.column_name}.",
            "items": {"type": "object", "additionalProperties": False,
                      "required": [f.column_name for f in fields if f.primary_key],
                      "properties": {f.column_name: _column(f) for f in fields}}}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://refdesk.invalid/book-format.schema.json",
        "title": "refdesk book file",
        "description": "Everything in a refdesk book; see docs/book-format.md.",
        "type": "object",
        "required": ["format", "version", "book_format", "exported_at", "tables"],
        "additionalProperties": False,
        "properties": {
            "format": {"const": FORMAT},
            "version": {"const": VERSION, "description": "Layout of this file."},
            "book_format": {"type": "integer", "minimum": 1,
                            "description": "Schema version of the book it came from."},
            "exported_at": {"type": "string", "format": "date-time"},
            "tables": {"type": "object", "additionalProperties": False,
                       "properties": tables},
        },
    }


def _column(f: Field) -> dict[str, Any]:
    if isinstance(f, ForeignKeyField):
        target = f.rel_model._meta.table_name
        spec: dict[str, Any] = {"type": "integer", "description": f"id of a {target} row"}
    elif isinstance(f, BooleanField):
        spec = {"type": "integer", "enum": [0, 1]}
    elif isinstance(f, IntegerField):
        spec = {"type": "integer"}
    elif isinstance(f, (DecimalField, FloatField)):
        spec = {"type": "number"}
    elif isinstance(f, DateTimeField):
        spec = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}",
                "description": "local date and time, YYYY-MM-DD HH:MM:SS"}
    elif isinstance(f, DateField):
        spec = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    else:
        spec = {"type": "string"}
    if f.null:
        spec["type"] = [spec["type"], "null"]
    return spec


if __name__ == "__main__":
    print(json.dumps(book_json_schema(), indent=2, sort_keys=True))
