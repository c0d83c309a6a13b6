"""Exports of the knowledge base: one table per kind of record, PLOVER JSON Lines, the actor network.

    geowire export --format csv|parquet|jsonl|plover|graphml --out DIR

csv, parquet and jsonl write the per-document tables of `geowire.output.tables`
(documents, actors, events, agreements, attributions, quotes, amounts, times:
the same columns as the Parquet output of `geowire batch`) and the merged
registers (merged_events, agreement_records, attribution_records: the rows of
`geowire.kb.query`). Lists are lists in Parquet and JSON Lines, JSON text in CSV. plover
writes `events.plover.jsonl`, one PLOVER event per line; graphml writes
`actors.graphml`: actors as nodes, merged events as typed, dated edges.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

import pandas as pd

from geowire.kb import query
from geowire.kb.store import Store
from geowire.model import Dossier
from geowire.output import records
from geowire.output.tables import TABLE_COLUMNS, add_rows, empty_rows

FORMATS = ("csv", "parquet", "jsonl", "plover", "graphml")

# The columns of every exported table: the per-document tables, then the merged registers.
EXPORT_COLUMNS = {**TABLE_COLUMNS, "merged_events": query.EVENT_COLUMNS,
                  "agreement_records": query.AGREEMENT_COLUMNS, "attribution_records": query.ATTRIBUTION_COLUMNS}


def stored_dossiers(store: Store) -> Iterator[tuple[Dossier, str | None]]:
    """Every stored document once (a teaser of many pages too), with the first page it was seen on."""
    for row in store.documents():
        dossier = store.dossier(row["id"], related=False)
        page = store.conn.execute("SELECT page_id FROM related WHERE teaser_id = ? ORDER BY rowid LIMIT 1",
                                  (row["id"],)).fetchone()
        yield dossier, page[0] if page else None


def tables(store: Store) -> dict[str, pd.DataFrame]:
    """The per-document tables and the merged registers, as DataFrames (lists as lists, flags as booleans)."""
    rows = empty_rows()
    for dossier, page_id in stored_dossiers(store):
        add_rows(rows, dossier, page_id)
    frames = {t: records.frame(r, TABLE_COLUMNS[t]) for t, r in rows.items()}
    frames["merged_events"] = query.events(store)
    frames["agreement_records"] = query.agreements(store)
    frames["attribution_records"] = query.attributions(store)
    return frames


def export(store: Store, fmt: str, out: Path) -> list[Path]:
    """Write the store in one format into a directory; returns the files written.

    Parquet and JSON Lines keep lists as lists (Parquet list and struct columns, JSON arrays); CSV,
    which has no lists, holds them as JSON text. Flags are booleans in all three."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "plover":
        return [write_plover(store, out / "events.plover.jsonl")]
    if fmt == "graphml":
        return [write_graphml(store, out / "actors.graphml")]
    written = []
    for name, frame in tables(store).items():
        path = out / f"{name}.{fmt}"
        if fmt == "csv":
            records.text_cells(frame).to_csv(path, index=False)
        elif fmt == "parquet":
            import pyarrow.parquet as pq

            pq.write_table(records.arrow_table(records.records(frame), EXPORT_COLUMNS[name]), path)
        else:
            with path.open("w", encoding="utf-8") as f:
                for row in records.records(frame):
                    f.write(json.dumps(row, ensure_ascii=False) + "\n")
        written.append(path)
    return written


def write_plover(store: Store, path: Path) -> Path:
    from geowire.output.plover import plover_records

    with path.open("w", encoding="utf-8") as f:
        for dossier, _ in stored_dossiers(store):
            for record in plover_records(dossier):
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def actor_graph(store: Store):
    """A networkx MultiDiGraph: actors as nodes, merged events as edges (actor → recipient;
    between the actors themselves for an event with no recipient, such as talks or a signing)."""
    import networkx as nx

    graph = nx.MultiDiGraph()
    for a in query.records(query.actors(store)):
        graph.add_node(a["id"], name=a["name"], kind=a["kind"], country=a["country"] or "", mentions=a["mentions"])
    for e in query.records(query.events(store)):
        actors, recipients = e["actors"], e["recipients"]
        pairs = [(a, r) for a in actors for r in recipients] or [
            (a, b) for i, a in enumerate(actors) for b in actors[i + 1:]]
        for source, target in pairs:
            graph.add_edge(source, target, key=f"{e['event_id']}", type=e["type"], mode=e["mode"] or "",
                           date=e["date"] or "", sources=e["sources"], trigger=e["trigger"] or "")
    return graph


def write_graphml(store: Store, path: Path) -> Path:
    import networkx as nx

    nx.write_graphml(actor_graph(store), path)
    return path
