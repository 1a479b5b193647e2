"""The export as CSV: one file per record kind, for spreadsheets.

Each file has a header row. People are written by name (``contacts.csv`` joins several
with ``; ``), lists as ``;``-separated codes, and questionnaire data as JSON text. The
CSV files are for reading elsewhere; ``ebbtide import`` reads the JSON export.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from ebbtide.domain import spec
from ebbtide.interop.ebbtide_json import SECTIONS


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def to_tables(doc: dict[str, Any]) -> dict[str, str]:
    """File name → CSV text, for every non-settings section of an export document."""
    names = {p["uid"]: p["name"] for p in doc["people"]}
    routines = {r["uid"]: r["name"] for r in doc["routines"]}
    refs = {
        k.table: [f for f in k.fields if f.type in ("person", "people", "routine")]
        for k in spec.RECORDS.values()
    }
    out: dict[str, str] = {}
    for section in SECTIONS:
        items = doc[section]
        columns: list[str] = list(items[0].keys()) if items else []
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        for item in items:
            row = dict(item)
            for f in refs.get(section, ()):  # references are written by name
                if f.type == "people":
                    row[f.key] = [names.get(u, u) for u in row[f.key]]
                elif row.get(f.key):
                    lookup = names if f.type == "person" else routines
                    row[f.key] = lookup.get(row[f.key], row[f.key])
            if section in ("assessments",):
                for key in ("answers", "result"):
                    row[key] = json.dumps(row[key], ensure_ascii=False, sort_keys=True)
            writer.writerow([_cell(row.get(c)) for c in columns])
        out[f"{section}.csv"] = buf.getvalue()
    settings = io.StringIO()
    w = csv.writer(settings, lineterminator="\n")
    w.writerow(["key", "value"])
    for k, v in doc["settings"].items():
        w.writerow([k, v])
    out["settings.csv"] = settings.getvalue()
    return out
