"""Exports of the knowledge base: one table per kind of record, PLOVER JSON Lines, the actor network.

    geowire export --format csv|parquet|jsonl|plover|graphml --out DIR

csv, parquet and jsonl write the per-document tables of `geowire.output.tables`
(documents, actors, events, agreements, attributions, quotes, amounts, times:
the same columns as the Parquet output of `geowire batch`) and the merged
registers (merged_events, agreement_records, attribution_records: the rows of
`geowire.kb.query`). Lists are lists in Parquet and JSON Lines, JSON text in CSV. plover
writes `events.plover.jsonl`, one PLOVER event per line checked against the PLOVER manual
(`geowire.output.plover`: negated events left out, hypothetical ones flagged in `context`);
graphml writes `actors.graphml`: the actors that take part in events (all with `all_actors`) as
nodes, one edge per ordered pair weighted by the number of merged events, no attribute left as
a NaN or declared twice.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator, Optional

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


def export(store: Store, fmt: str, out: Path, all_actors: bool = False,
           report: Optional[dict[str, int]] = None) -> list[Path]:
    """Write the store in one format into a directory; returns the files written.

    Parquet and JSON Lines keep lists as lists (Parquet list and struct columns, JSON arrays); CSV,
    which has no lists, holds them as JSON text. Flags are booleans in all three. plover: see
    `write_plover`; graphml: see `actor_network` (`all_actors`: keep actors that take part in no
    event). `report`, when given, receives counts of what was written or left out."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "plover":
        return [write_plover(store, out / "events.plover.jsonl", report)]
    if fmt == "graphml":
        return [write_graphml(store, out / "actors.graphml", all_actors, report)]
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


def write_plover(store: Store, path: Path, report: Optional[dict[str, int]] = None) -> Path:
    """PLOVER JSON Lines: one event report per line (`geowire.output.plover`: negated and undated
    events left out, hypothetical ones flagged in `context`), each with the merged event as `link`.
    `report` gets "events" written and "negated"/"undated" left out."""
    from geowire.output.plover import plover_records

    links = {(r[0], r[1], r[2], r[3]): r[4] for r in store.conn.execute(
        'SELECT document_id, start, "end", type, merged_id FROM events')}
    skipped: dict[str, int] = {}
    seen: set[str] = set()
    with path.open("w", encoding="utf-8") as f:
        for dossier, _ in stored_dossiers(store):
            for record in plover_records(dossier, include_related=False, links=links, skipped=skipped):
                if record["id"] in seen:  # the same report twice in a document: the manual wants unique ids
                    continue
                seen.add(record["id"])
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
    if report is not None:
        report.update({"events": len(seen), "negated": 0, "undated": 0, **skipped})
    return path


def actor_graph(store: Store):
    """A networkx MultiDiGraph: actors as nodes, merged events as edges (actor → recipient;
    between the actors themselves for an event with no recipient, such as talks or a signing).
    What the HTTP API's /v1/graph serves; `actor_network` is the GraphML export's."""
    import networkx as nx

    graph = nx.MultiDiGraph()
    for a in query.records(query.actors(store)):
        graph.add_node(a["id"], name=a["name"], kind=a["kind"], country=a["country"] or "", mentions=a["mentions"])
    for e in query.records(query.events(store)):
        for source, target in _pairs(e):
            graph.add_edge(source, target, key=f"{e['event_id']}", type=e["type"], mode=e["mode"] or "",
                           date=e["date"] or "", sources=e["sources"], trigger=e["trigger"] or "")
    return graph


def _pairs(event: dict) -> list[tuple[str, str]]:
    """The edges of a merged event: actor → recipient, or between its actors when it has no recipient."""
    actors, recipients = event["actors"], event["recipients"]
    return [(a, r) for a in actors for r in recipients] or [
        (a, b) for i, a in enumerate(actors) for b in actors[i + 1:]]


def actor_network(store: Store, all_actors: bool = False):
    """The actor network for GraphML (Gephi, networkx, yEd): a DiGraph, one edge per ordered pair of
    actors, `weight` = the number of merged events between them.
    Nodes are the actors that take part in some event (one acting alone, like a lone REQUEST, too), or
    every actor with `all_actors`.

    Each attribute has one type on every node or edge and is left out when unknown (GraphML has no
    null; networkx would declare a key per type seen and write None or NaN as text). Nodes: name,
    kind, country, sectors (space-separated), role, mentions, documents, events (merged events it takes
    part in). Negated events are left out, as in the PLOVER export. Edges: weight, sources (documents, summed over the
    events), types (the PLOVER types, space-separated), first_date, last_date, event_ids (merged ids)."""
    import networkx as nx

    graph = nx.DiGraph()
    edges: dict[tuple[str, str], dict] = {}
    counts: dict[str, int] = {}  # merged events of each actor or recipient, with a counterpart or not
    for e in query.rows(store, "events"):
        if e["negated"]:  # "did not attack" is no edge (as the PLOVER export leaves negated events out)
            continue
        for x in set(e["actors"]) | set(e["recipients"]):
            counts[x] = counts.get(x, 0) + 1
        for pair in _pairs(e):
            if pair[0] == pair[1]:  # an actor acting on itself: no edge
                continue
            edge = edges.setdefault(pair, {"weight": 0, "sources": 0, "types": set(), "dates": [], "events": []})
            edge["weight"] += 1
            edge["sources"] += e["sources"] or 0
            edge["types"].add(e["type"])
            edge["events"].append(str(e["event_id"]))
            if e["date"]:
                edge["dates"].append(e["date"])
    for a in query.rows(store, "actors"):
        if not all_actors and a["id"] not in counts:
            continue
        attrs = {"name": a["name"], "kind": a["kind"], "country": a["country"],
                 "sectors": " ".join(a["sectors"] or []) or None, "role": a["role"],
                 "mentions": int(a["mentions"] or 0), "documents": int(a["documents"] or 0),
                 "events": counts.get(a["id"], 0)}
        graph.add_node(a["id"], **{k: v for k, v in attrs.items() if v is not None})
    for (a, b), edge in edges.items():
        for x in (a, b):  # an event's actor id with no actor row (should not happen): a bare node
            if x not in graph:
                graph.add_node(x, name=x, events=counts.get(x, 0))
        attrs = {"weight": edge["weight"], "sources": edge["sources"], "types": " ".join(sorted(edge["types"])),
                 "first_date": min(edge["dates"]) if edge["dates"] else None,
                 "last_date": max(edge["dates"]) if edge["dates"] else None, "event_ids": " ".join(edge["events"])}
        graph.add_edge(a, b, **{k: v for k, v in attrs.items() if v is not None})
    return graph


def write_graphml(store: Store, path: Path, all_actors: bool = False,
                  report: Optional[dict[str, int]] = None) -> Path:
    """The actor network as GraphML (networkx's writer: one <key> per attribute, typed from its values)."""
    import networkx as nx

    graph = actor_network(store, all_actors)
    nx.write_graphml(graph, path)
    if report is not None:
        report.update({"actors": graph.number_of_nodes(), "edges": graph.number_of_edges()})
    return path
