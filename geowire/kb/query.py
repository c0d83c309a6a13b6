"""Questions to the knowledge base, answered as pandas DataFrames.

The CLI (`geowire events`, `geowire actors`, …), the HTTP API and a notebook
all ask through these functions:

    >>> from geowire.kb.query import events
    >>> events("geowire.db", country="RUS", since="2015-01-01")

Each takes a `Store` or the path of one, optional filters, and `limit`/`offset`
for pagination. Records merged across documents come once, with the number
of documents that support them (`sources`).
"""
from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

import pandas as pd

from geowire.kb.store import Store

StoreLike = Store | str | Path


@contextmanager
def _opened(store: StoreLike) -> Iterator[Store]:
    """The store given, or the one at the path given, closed after use if opened here."""
    s = store if isinstance(store, Store) else Store(store)
    try:
        yield s
    finally:
        if s is not store:
            s.close()


def _frame(store: StoreLike, sql: str, args: list, columns: list[str]) -> pd.DataFrame:
    with _opened(store) as s:
        rows = s.conn.execute(sql, args).fetchall()
    return pd.DataFrame([dict(r) for r in rows], columns=columns)


def _page(limit: Optional[int], offset: int) -> str:
    return f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else (
        f" LIMIT -1 OFFSET {int(offset)}" if offset else "")


def _actor_ids(actor: str) -> tuple[str, list]:
    """A subquery of the ids of actors named by id, or by a name or alias containing the text (any case)."""
    return ("(SELECT id FROM actors WHERE id = ? OR name LIKE ? COLLATE NOCASE OR aliases LIKE ? COLLATE NOCASE)",
            [actor, f"%{actor}%", f"%{actor}%"])


EVENT_COLUMNS = ["event_id", "type", "mode", "date", "actors", "recipients", "location", "sources", "documents",
                 "trigger", "text", "negated", "hypothetical", "reported", "context"]


def events(store: StoreLike, actor: Optional[str] = None, country: Optional[str] = None,
           type: Optional[str] = None, since: Optional[str] = None, until: Optional[str] = None,
           text: Optional[str] = None, limit: Optional[int] = None, offset: int = 0) -> pd.DataFrame:
    """Events merged across documents: one row per event, with its source count and documents."""
    where, args = ["1"], []
    if type:
        where.append("e.type = ?")
        args.append(type.upper())
    if since:
        where.append("e.date >= ?")
        args.append(since)
    if until:
        where.append("substr(e.date, 1, length(?)) <= ?")
        args += [until, until]
    if text:
        where.append("substr(d.body, e.start + 1, e.\"end\" - e.start) LIKE ? COLLATE NOCASE")
        args.append(f"%{text}%")
    if actor:
        ids, more = _actor_ids(actor)
        where.append(f"e.id IN (SELECT event_id FROM event_actors WHERE actor_id IN {ids})")
        args += more
    if country:
        where.append("e.id IN (SELECT ea.event_id FROM event_actors ea JOIN actors a ON a.id = ea.actor_id"
                     " WHERE a.country = ?)")
        args.append(country.upper())
    # the events matching the filters, grouped by merged event; each shown by its first report
    sql = f"""
        WITH hits AS (
            SELECT e.merged_id, min(e.id) AS first_id, count(DISTINCT e.document_id) AS sources,
                group_concat(DISTINCT e.document_id) AS documents, max(e.negated) AS negated,
                max(e.hypothetical) AS hypothetical, max(e.reported) AS reported
            FROM events e JOIN documents d ON d.id = e.document_id
            WHERE {' AND '.join(where)} GROUP BY e.merged_id)
        SELECT h.merged_id AS event_id, f.type, f.mode, m.date,
            (SELECT group_concat(actor_id, ';') FROM (SELECT actor_id FROM event_actors
                WHERE role = 'actor' AND event_id = h.first_id ORDER BY actor_id)) AS actors,
            (SELECT group_concat(actor_id, ';') FROM (SELECT actor_id FROM event_actors
                WHERE role = 'recipient' AND event_id = h.first_id ORDER BY actor_id)) AS recipients,
            f.location, h.sources, h.documents, f.trigger, substr(d.body, f.start + 1, f."end" - f.start) AS text,
            h.negated, h.hypothetical, h.reported, f.context
        FROM hits h JOIN events f ON f.id = h.first_id JOIN merged_events m ON m.id = h.merged_id
            JOIN documents d ON d.id = f.document_id
        ORDER BY m.date IS NULL, m.date, h.merged_id""" + _page(limit, offset)
    return _frame(store, sql, args, EVENT_COLUMNS)


ACTOR_COLUMNS = ["id", "name", "kind", "country", "sectors", "role", "aliases", "documents", "mentions"]


def actors(store: StoreLike, text: Optional[str] = None, country: Optional[str] = None,
           kind: Optional[str] = None, limit: Optional[int] = None, offset: int = 0) -> pd.DataFrame:
    """Actors with the number of documents and mentions that name them, most mentioned first."""
    where, args = ["1"], []
    if text:
        ids, more = _actor_ids(text)
        where.append(f"a.id IN {ids}")
        args += more
    if country:
        where.append("a.country = ?")
        args.append(country.upper())
    if kind:
        where.append("a.kind = ?")
        args.append(kind)
    sql = f"""
        SELECT a.id, a.name, a.kind, a.country, a.sectors, a.role, a.aliases,
            count(DISTINCT m.document_id) AS documents, count(m.actor_id) AS mentions
        FROM actors a LEFT JOIN mentions m ON m.actor_id = a.id
        WHERE {' AND '.join(where)} GROUP BY a.id ORDER BY mentions DESC, a.id""" + _page(limit, offset)
    return _frame(store, sql, args, ACTOR_COLUMNS)


def _records(store: StoreLike, table: str, facts: str, fields: list[str], actor: Optional[str],
             text: Optional[str], limit: Optional[int], offset: int, **equal) -> pd.DataFrame:
    where, args = ["1"], []
    if actor:
        where.append("r.record LIKE ?")
        args.append(f'%"{actor}"%')
    if text:
        where.append("r.record LIKE ? COLLATE NOCASE")
        args.append(f"%{text}%")
    for field, value in equal.items():  # before LIMIT/OFFSET, so that pages stay whole
        if value:
            where.append(f"json_extract(r.record, '$.{field}') = ?")
            args.append(value)
    sql = f"""
        SELECT r.id, r.record, r.sources AS field_sources, count(DISTINCT f.document_id) AS sources,
            group_concat(DISTINCT f.document_id) AS documents
        FROM {table} r JOIN {facts} f ON f.record_id = r.id
        WHERE {' AND '.join(where)} GROUP BY r.id ORDER BY r.id""" + _page(limit, offset)
    frame = _frame(store, sql, args, ["id", "record", "field_sources", "sources", "documents"])
    records = [json.loads(r) for r in frame["record"]]
    out = pd.DataFrame([{f: rec.get(f) for f in fields} for rec in records], columns=fields)
    out.insert(0, "id", frame["id"])
    out["sources"], out["documents"], out["field_sources"] = frame["sources"], frame["documents"], frame["field_sources"]
    return out


def agreements(store: StoreLike, actor: Optional[str] = None, text: Optional[str] = None,
               limit: Optional[int] = None, offset: int = 0) -> pd.DataFrame:
    """The register of agreements, merged across documents, each field with the document it came from."""
    from geowire.kb.store import AGREEMENT_FIELDS

    return _records(store, "agreement_records", "agreements", list(AGREEMENT_FIELDS), actor, text, limit, offset)


def attributions(store: StoreLike, actor: Optional[str] = None, text: Optional[str] = None,
                 kind: Optional[str] = None, limit: Optional[int] = None, offset: int = 0) -> pd.DataFrame:
    """The register of attributions of cyber and influence operations, merged across documents."""
    from geowire.kb.store import ATTRIBUTION_FIELDS

    return _records(store, "attribution_records", "attributions", list(ATTRIBUTION_FIELDS), actor, text, limit,
                    offset, kind=kind)


QUOTE_COLUMNS = ["document_id", "speaker", "speaker_name", "speaker_text", "kind", "cue", "text", "start", "end"]


def quotes(store: StoreLike, speaker: Optional[str] = None, text: Optional[str] = None,
           kind: Optional[str] = None, limit: Optional[int] = None, offset: int = 0) -> pd.DataFrame:
    where, args = ["1"], []
    if speaker:
        ids, more = _actor_ids(speaker)
        where.append(f"(q.speaker_text LIKE ? COLLATE NOCASE OR q.speaker IN {ids})")
        args += [f"%{speaker}%", *more]
    if text:
        where.append("q.text LIKE ? COLLATE NOCASE")
        args.append(f"%{text}%")
    if kind:
        where.append("q.kind = ?")
        args.append(kind)
    sql = f"""
        SELECT q.document_id, q.speaker, a.name AS speaker_name, q.speaker_text, q.kind, q.cue, q.text,
            q.start, q."end"
        FROM quotes q LEFT JOIN actors a ON a.id = q.speaker
        WHERE {' AND '.join(where)} ORDER BY q.document_id, q.start""" + _page(limit, offset)
    return _frame(store, sql, args, QUOTE_COLUMNS)


def documents(store: StoreLike, kind: Optional[str] = None, text: Optional[str] = None,
              limit: Optional[int] = None, offset: int = 0) -> pd.DataFrame:
    where, args = ["1"], []
    if kind:
        where.append("kind = ?")
        args.append(kind)
    if text:
        where.append("title LIKE ? COLLATE NOCASE")
        args.append(f"%{text}%")
    sql = f"""SELECT id, kind, title, publisher, date, url, source_path, times_seen,
        (SELECT count(*) FROM related r WHERE r.teaser_id = documents.id) AS pages
        FROM documents WHERE {' AND '.join(where)} ORDER BY first_seen, id""" + _page(limit, offset)
    return _frame(store, sql, args, ["id", "kind", "title", "publisher", "date", "url", "source_path", "times_seen",
                                     "pages"])


def search(store: StoreLike, query: str, limit: int = 20, offset: int = 0) -> pd.DataFrame:
    """Full-text search over titles and bodies (SQLite FTS5 syntax: words, "phrases", OR, NOT, prefix*)."""
    with _opened(store) as s:
        rows = s.search(query, limit=limit, offset=offset)
    return pd.DataFrame([dict(r) for r in rows], columns=["id", "kind", "title", "snippet"])
