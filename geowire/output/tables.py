"""Dossiers as flat tables: one row per record, one table per kind of record.

The same columns serve `geowire export` (CSV, Parquet, JSON Lines) and the
Parquet partitions of `geowire batch`, so that a batch output and an export of
the store read alike. Lists are JSON strings (CSV and Parquet readers alike
can take them), offsets are two integer columns.
"""
from __future__ import annotations

import json
from typing import Iterable

from geowire.model import Dossier

TABLES: dict[str, list[str]] = {
    "documents": ["document_id", "kind", "page_id", "url", "source_path", "title", "publisher", "authors", "date",
                  "date_source", "language", "body", "credits", "captions", "removed", "notes"],
    "actors": ["document_id", "actor_id", "name", "kind", "country", "sectors", "role", "aliases", "mentions"],
    "events": ["document_id", "type", "mode", "context", "actors", "recipients", "date", "location", "negated",
               "hypothetical", "reported", "trigger", "start", "end", "confidence"],
    "agreements": ["document_id", "name", "kind", "parties", "signed", "place", "duration_years", "renewal_years",
                   "provisions", "funding", "spans"],
    "attributions": ["document_id", "incident", "kind", "target", "date", "operator", "sponsor", "attributed_by",
                     "campaign", "confidence", "spans"],
    "quotes": ["document_id", "speaker", "speaker_text", "text", "kind", "cue", "start", "end"],
    "amounts": ["document_id", "text", "value", "currency", "usd", "period", "equivalent_of", "start", "end"],
    "times": ["document_id", "text", "value", "kind", "start", "end"],
}

# Columns holding lists or objects, kept as JSON text.
JSON_COLUMNS = {"authors", "credits", "captions", "removed", "notes", "sectors", "aliases", "mentions", "context", "actors",
                "recipients", "parties", "provisions", "funding", "spans", "target", "operator", "sponsor",
                "attributed_by"}


def _cell(column: str, value):
    if column in JSON_COLUMNS:
        return json.dumps(value, ensure_ascii=False)
    return value


def _row(table: str, doc_id: str, record: dict) -> dict:
    if "span" in record:
        record["start"], record["end"] = record.pop("span")
    if table == "actors":
        record["actor_id"] = record.pop("id")
    record["document_id"] = doc_id
    return {c: _cell(c, record.get(c)) for c in TABLES[table]}


def empty_rows() -> dict[str, list[dict]]:
    """An empty list of rows for every table, by table name."""
    return {t: [] for t in TABLES}


def add_rows(rows: dict[str, list[dict]], dossier: Dossier, page_id: str | None = None) -> None:
    """Append the rows of one dossier and of its teasers to `rows` (by table name)."""
    _add_rows(rows, dossier.to_dict(), page_id)


def _add_rows(rows: dict[str, list[dict]], data: dict, page_id: str | None) -> None:
    # works on the dossier's dict, teasers included, so that each is serialised once
    doc = data["document"]
    rows["documents"].append(_row("documents", doc["id"], {**doc, "page_id": page_id}))
    for table in TABLES:
        if table != "documents":
            rows[table].extend(_row(table, doc["id"], record) for record in data[table])
    for teaser in data["related"]:
        _add_rows(rows, teaser, doc["id"])


def rows_of(dossiers: Iterable[Dossier]) -> dict[str, list[dict]]:
    """The rows of many dossiers, by table name."""
    rows = empty_rows()
    for dossier in dossiers:
        add_rows(rows, dossier)
    return rows
