"""docs/book-format.schema.json is made from the models, and an export fits it."""

from __future__ import annotations

import json
import re
from pathlib import Path

from refdesk.cli import main
from refdesk.exchange.book_schema import book_json_schema

SCHEMA = Path(__file__).resolve().parents[3] / "docs" / "book-format.schema.json"
TYPES = {"object": dict, "array": list, "string": str, "null": type(None)}


def problems(value, schema, where="$"):
    """The places where ``value`` breaks ``schema`` (the keywords the file uses)."""
    found = []
    kinds = schema.get("type")
    if kinds is not None:
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if not any(_is(value, kind) for kind in kinds):
            return [f"{where}: {value!r} is not {kinds}"]
    if "const" in schema and value != schema["const"]:
        found.append(f"{where}: {value!r} != {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{where}: {value!r} not in {schema['enum']}")
    if "pattern" in schema and isinstance(value, str) and not re.search(schema["pattern"],
                                                                        value):
        found.append(f"{where}: {value!r} does not match {schema['pattern']}")
    if isinstance(value, dict):
        found += [f"{where}: no {key}" for key in schema.get("required", [])
                  if key not in value]
        props = schema.get("properties", {})
        for key, item in value.items():
            if key in props:
                found += problems(item, props[key], f"{where}.{key}")
            elif schema.get("additionalProperties") is False:
                found.append(f"{where}: unexpected {key}")
    if isinstance(value, list) and "items" in schema:
        for n, item in enumerate(value):
            found += problems(item, schema["items"], f"{where}[{n}]")
    return found


def _is(value, kind):
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, TYPES[kind])


def test_the_schema_file_is_the_models_schema():
    # A new table or column: python -m refdesk.exchange.book_schema > docs/book-format.schema.json
    assert json.loads(SCHEMA.read_text()) == book_json_schema()


def test_an_exported_demo_book_fits_the_schema(tmp_path, capsys):
    db, out = tmp_path / "d.refdesk", tmp_path / "b.json"
    assert main(["demo", "--contacts", "40", "--db", str(db), "--as-of", "2026-05-04"]) == 0
    assert main(["export", "book", "--db", str(db), "-o", str(out)]) == 0
    data = json.loads(out.read_text())
    assert problems(data, book_json_schema()) == []
    data["tables"]["contact"][0]["shoe_size"] = 44
    data["tables"]["sale"][0]["sold_on"] = "May 4"
    assert problems(data, book_json_schema()) == [
        "$.tables.contact[0]: unexpected shoe_size",
        "$.tables.sale[0].sold_on: 'May 4' does not match ^\\d{4}-\\d{2}-\\d{2}$"]
