"""Dossiers as flat tables: one row per record, one table per kind of record, and the way back.

The same columns serve `geowire export` (CSV, Parquet, JSON Lines) and the Parquet partitions of
`geowire batch`, so that a batch output and an export of the store read alike. The columns are
those of the model classes (`geowire.output.records`): every field of the class, a span as
`start`/`end`, and before them the id of the document the record belongs to. Rows hold lists as
lists and flags as booleans; the Parquet schemas have list and struct columns.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from geowire.model import Actor, Agreement, Amount, Attribution, Document, Dossier, Event, Quote, TimeExpression
from geowire.output import records
from geowire.output.records import Column

# The data-model class whose fields a table's columns come from.
TABLE_MODELS = {"documents": Document, "actors": Actor, "events": Event, "agreements": Agreement,
                "attributions": Attribution, "quotes": Quote, "amounts": Amount, "times": TimeExpression}

DOCUMENT_ID = Column("document_id", "str", str, True)
PAGE_ID = Column("page_id", "str", str)  # the page a teaser was found on (none for a page)


def _table_columns(table: str) -> list[Column]:
    model = TABLE_MODELS[table]
    if table == "documents":  # the document's own id is `document_id`, as in every other table
        own = records.columns(model, rename={"id": "document_id"})
        return [own[0], PAGE_ID, *own[1:]]
    return [DOCUMENT_ID, *records.columns(model, rename={"id": "actor_id"})]


TABLE_COLUMNS: dict[str, list[Column]] = {t: _table_columns(t) for t in TABLE_MODELS}
TABLES: dict[str, list[str]] = {t: [c.name for c in cols] for t, cols in TABLE_COLUMNS.items()}
SCHEMAS = {t: records.arrow_schema(cols) for t, cols in TABLE_COLUMNS.items()}


def empty_rows() -> dict[str, list[dict]]:
    """An empty list of rows for every table, by table name."""
    return {t: [] for t in TABLES}


def add_rows(rows: dict[str, list[dict]], dossier: Dossier, page_id: str | None = None) -> None:
    """Append the rows of one dossier and of its teasers to `rows` (by table name)."""
    _add_rows(rows, dossier.to_dict(), page_id)


def _add_rows(rows: dict[str, list[dict]], data: dict, page_id: str | None) -> None:
    # works on the dossier's dict, teasers included, so that each is serialised once
    doc = data["document"]
    rows["documents"].append(records.flat(doc, TABLE_COLUMNS["documents"], page_id=page_id))
    for table, cols in TABLE_COLUMNS.items():
        if table != "documents":
            rows[table].extend(records.flat(record, cols, document_id=doc["id"]) for record in data[table])
    for teaser in data["related"]:
        _add_rows(rows, teaser, doc["id"])


def rows_of(dossiers: Iterable[Dossier]) -> dict[str, list[dict]]:
    """The rows of many dossiers, by table name."""
    rows = empty_rows()
    for dossier in dossiers:
        add_rows(rows, dossier)
    return rows


# ---- the way back: rows → dossiers (`geowire load`) ---------------------------------------------

def record(table: str, row: dict):
    """One model record from one table row (the inverse of `add_rows`)."""
    return TABLE_MODELS[table](**records.fields(row, TABLE_COLUMNS[table]))


def dossiers_from_rows(rows: dict[str, list[dict]]) -> list[Dossier]:
    """The page dossiers that the rows of some dossiers hold, each with its teasers under `related`
    (the inverse of `rows_of`, applied to a batch shard's tables).

    The documents table lists each page followed by its teasers; a document met twice (a teaser
    on two pages, a page given twice) has its rows once per time, in the same order in every
    table, so the k-th block of its fact rows belongs to its k-th dossier."""
    occurrences: dict[str, list[Dossier]] = defaultdict(list)
    pages: list[Dossier] = []
    for row in rows.get("documents", []):
        dossier = Dossier(document=record("documents", row))
        occurrences[dossier.document.id].append(dossier)
        if row.get("page_id") and pages and pages[-1].document.id == row["page_id"]:
            pages[-1].related.append(dossier)
        else:  # a page (or a teaser whose page is not here: kept as a document of its own)
            pages.append(dossier)
    for table in TABLES:
        if table == "documents":
            continue
        by_doc: dict[str, list[dict]] = defaultdict(list)
        for row in rows.get(table, []):
            by_doc[row["document_id"]].append(row)
        for doc_id, doc_rows in by_doc.items():
            dossiers = occurrences.get(doc_id, [])
            if not dossiers:
                continue
            per = len(doc_rows) // len(dossiers) if len(doc_rows) % len(dossiers) == 0 else len(doc_rows)
            for k, dossier in enumerate(dossiers):
                getattr(dossier, table).extend(record(table, r) for r in doc_rows[k * per:(k + 1) * per])
    return pages


def read_shard_rows(out, shard_id: str) -> dict[str, list[dict]]:
    """The rows of one shard of a batch output (`geowire.batch.Output`), by table name."""
    import pyarrow.parquet as pq

    return {t: pq.read_table(out.table_path(t, shard_id), filesystem=out.fs).to_pylist() for t in TABLES}
