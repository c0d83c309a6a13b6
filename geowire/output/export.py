"""Exports of the knowledge base: one table per kind of record, PLOVER JSON Lines, the actor network.

    geowire export --format csv|parquet|jsonl|plover|graphml --out DIR

csv, parquet and jsonl write the per-document tables of `geowire.output.tables`
(documents, actors, events, agreements, attributions, quotes, amounts, times:
the same columns as the Parquet output of `geowire batch`) and the merged
registers (merged_events, agreement_records, attribution_records). plover
writes `events.plover.jsonl`, one PLOVER event per line; graphml writes
`actors.graphml`: actors as nodes, merged events as typed, dated edges.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

import pandas as pd

from geowire.kb import query
from geowire.model import Dossier
from geowire.kb.store import Store
from geowire.output.tables import TABLES, add_rows, empty_rows

FORMATS = ("csv", "parquet", "jsonl", "plover", "graphml")


def stored_dossiers(store: Store) -> Iterator[tuple[Dossier, str | None]]:
    """Every stored document once (a teaser of many pages too), with the first page it was seen on."""
    for row in store.documents():
        dossier = store.dossier(row["id"], related=False)
        page = store.conn.execute("SELECT page_id FROM related WHERE teaser_id = ? ORDER BY rowid LIMIT 1",
                                  (row["id"],)).fetchone()
        yield dossier, page[0] if page else None


def tables(store: Store) -> dict[str, pd.DataFrame]:
    """The per-document tables and the merged registers, as DataFrames."""
    rows = empty_rows()
    for dossier, page_id in stored_dossiers(store):
        add_rows(rows, dossier, page_id)
    frames = {t: pd.DataFrame(r, columns=TABLES[t]) for t, r in rows.items()}
    frames["merged_events"] = query.events(store)
    for name, register in (("agreement_records", query.agreements), ("attribution_records", query.attributions)):
        frame = register(store)
        frames[name] = frame.assign(**{c: frame[c].map(json.dumps) for c in frame.columns
                                       if frame[c].map(lambda v: isinstance(v, (list, dict))).any()})
    return frames


def export(store: Store, fmt: str, out: Path) -> list[Path]:
    """Write the store in one format into a directory; returns the files written."""
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
            frame.to_csv(path, index=False)
        elif fmt == "parquet":
            frame.to_parquet(path, index=False)
        else:
            frame.to_json(path, orient="records", lines=True, force_ascii=False)
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
    for a in query.actors(store).itertuples():
        graph.add_node(a.id, name=a.name, kind=a.kind, country=a.country or "", mentions=int(a.mentions))
    for e in query.events(store).itertuples():
        actors = e.actors.split(";") if isinstance(e.actors, str) else []
        recipients = e.recipients.split(";") if isinstance(e.recipients, str) else []
        pairs = [(a, r) for a in actors for r in recipients] or [
            (a, b) for i, a in enumerate(actors) for b in actors[i + 1:]]
        for source, target in pairs:
            graph.add_edge(source, target, key=f"{e.event_id}", type=e.type, mode=e.mode or "",
                           date=e.date or "", sources=int(e.sources), trigger=e.trigger or "")
    return graph


def write_graphml(store: Store, path: Path) -> Path:
    import networkx as nx

    nx.write_graphml(actor_graph(store), path)
    return path
