"""Questions to the knowledge base, answered as pandas DataFrames.

The CLI (`geowire events`, `geowire actors`, …), the HTTP API and a notebook
all ask through these functions:

    >>> from geowire.kb.query import events
    >>> frame = events("geowire.db", country="RUS", since="2015-01-01")  # after `make run`
    >>> "SUPPORT" in set(frame["type"])
    True

Each takes a `Store` or the path of one, optional filters, and `limit`/`offset`
for pagination. Records merged across documents come once, with the number
of documents that support them (`sources`) and the list of those documents.

Each answer's columns are declared once (`EVENT_COLUMNS`, ...): fields of the model
classes (`geowire.output.records`) and the columns a query adds (counts, documents).
Cells hold Python lists for lists and booleans for flags; `records()` turns a frame into
the JSON-ready dicts that both `geowire … --format json` and the HTTP API print.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional, get_args

import pandas as pd

from geowire.kb.store import AGREEMENT_FIELDS, ATTRIBUTION_FIELDS, Store, like_pattern
from geowire.model import Actor, Agreement, Attribution, Document, Event, EventType, Quote
from geowire.output.records import Column, columns, frame, from_sql, quote, records  # noqa: F401 (records: for callers)

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


EVENT_TYPES = get_args(EventType)
_DATE_RE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def check_type(value: Optional[str]) -> Optional[str]:
    """A PLOVER event type (any case), upper-cased; ValueError naming the valid ones otherwise."""
    if value is None or value.upper() in EVENT_TYPES:
        return value and value.upper()
    raise ValueError(f"unknown event type {value!r}: one of {', '.join(EVENT_TYPES)}")


def check_date(value: Optional[str], name: str = "date") -> Optional[str]:
    """A date as the store keeps them: YYYY, YYYY-MM or YYYY-MM-DD, a real one; ValueError otherwise."""
    if value is None:
        return None
    ok = bool(_DATE_RE.fullmatch(value))
    if ok:
        parts = [int(x) for x in value.split("-")] + [1, 1]
        try:
            dt.date(*parts[:3])
        except ValueError:
            ok = False
    if not ok:
        raise ValueError(f"bad {name} {value!r}: give YYYY, YYYY-MM or YYYY-MM-DD")
    return value


def _count(store: StoreLike, sql: str, args: list) -> int:
    with _opened(store) as s:
        return s.conn.execute(f"SELECT count(*) FROM ({sql})", args).fetchone()[0]


def _frame(store: StoreLike, sql: str, args: list, cols: list[Column]) -> pd.DataFrame:
    """The rows of a query as a DataFrame of the columns given, each cell decoded from SQLite (JSON text
    → list, 0/1 → bool)."""
    with _opened(store) as s:
        rows = s.conn.execute(sql, args).fetchall()
    return frame([{c.name: from_sql(c, r[c.name]) for c in cols} for r in rows], cols)


# Columns a query adds to the model's fields.
SOURCES = Column("sources", "int", required=True)  # how many documents support the record
DOCUMENTS = Column("documents", "list", required=True)  # their ids


def _page(limit: Optional[int], offset: int) -> str:
    return f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else (
        f" LIMIT -1 OFFSET {int(offset)}" if offset else "")


def _actor_ids(actor: str) -> tuple[str, list]:
    """A subquery of the ids of actors named by id, or by a name or alias containing the text (any case)."""
    return ("(SELECT id FROM actors WHERE id = ? OR name LIKE ? ESCAPE '\\' COLLATE NOCASE"
            " OR aliases LIKE ? ESCAPE '\\' COLLATE NOCASE)", [actor, like_pattern(actor), like_pattern(actor)])


# A merged event: the fields of its first report, but the merged event's date, its actors sorted by id
# (as the merge key has them) and each flag set if any report sets it; the report's text instead of its
# offsets, and the documents that report it.
EVENT_FIELDS = [c for c in columns(Event) if c.field != "span"]
EVENT_COLUMNS = [Column("event_id", "int", required=True), *EVENT_FIELDS, Column("text", "str"), SOURCES, DOCUMENTS]
_EVENT_ROLES = {"actors": "actor", "recipients": "recipient"}


def _merged_event_field(c: Column) -> str:
    """The SQL of one field of a merged event (see EVENT_COLUMNS)."""
    name = quote(c.name)
    if c.name == "date":
        return "m.date"
    if c.name in _EVENT_ROLES:
        return (f"(SELECT json_group_array(actor_id) FROM (SELECT actor_id FROM event_actors WHERE"
                f" role = '{_EVENT_ROLES[c.name]}' AND event_id = h.first_id ORDER BY actor_id)) AS {name}")
    return f"h.{name}" if c.kind == "bool" else f"f.{name}"

def events(store: StoreLike, actor: Optional[str] = None, country: Optional[str] = None,
           type: Optional[str] = None, since: Optional[str] = None, until: Optional[str] = None,
           text: Optional[str] = None, limit: Optional[int] = None, offset: int = 0) -> pd.DataFrame:
    """Events merged across documents: one row per event, with its source count and documents.
    ValueError for a type that is not PLOVER's or a malformed date."""
    sql, args = _events_sql(actor, country, type, since, until, text)
    return _frame(store, sql + _page(limit, offset), args, EVENT_COLUMNS)


def _events_sql(actor, country, type, since, until, text) -> tuple[str, list]:
    where, args = ["1"], []
    if type:
        where.append("e.type = ?")
        args.append(check_type(type))
    if since:
        where.append("e.date >= ?")
        args.append(check_date(since, "since"))
    if until:
        where.append("substr(e.date, 1, length(?)) <= ?")
        args += [check_date(until, "until"), until]
    if text:
        where.append("substr(d.body, e.start + 1, e.\"end\" - e.start) LIKE ? ESCAPE '\\' COLLATE NOCASE")
        args.append(like_pattern(text))
    if actor:
        ids, more = _actor_ids(actor)
        where.append(f"e.id IN (SELECT event_id FROM event_actors WHERE actor_id IN {ids})")
        args += more
    if country:
        where.append("e.id IN (SELECT ea.event_id FROM event_actors ea JOIN actors a ON a.id = ea.actor_id"
                     " WHERE a.country = ?)")
        args.append(country.upper())
    # the events matching the filters, grouped by merged event; each shown by its first report
    flags = "".join(f", max(e.{quote(c.name)}) AS {quote(c.name)}" for c in EVENT_FIELDS if c.kind == "bool")
    sql = f"""
        WITH hits AS (
            SELECT e.merged_id, min(e.id) AS first_id, count(DISTINCT e.document_id) AS sources,
                json_group_array(DISTINCT e.document_id) AS documents{flags}
            FROM events e JOIN documents d ON d.id = e.document_id
            WHERE {' AND '.join(where)} GROUP BY e.merged_id)
        SELECT h.merged_id AS event_id, {', '.join(_merged_event_field(c) for c in EVENT_FIELDS)},
            substr(d.body, f.start + 1, f."end" - f.start) AS text, h.sources, h.documents
        FROM hits h JOIN events f ON f.id = h.first_id JOIN merged_events m ON m.id = h.merged_id
            JOIN documents d ON d.id = f.document_id
        ORDER BY m.date IS NULL, m.date, h.merged_id"""
    return sql, args


# `documents` and `mentions` here are counts (an actor's mentions, per document, are spans in the dossiers)
ACTOR_COLUMNS = [*columns(Actor, exclude=("mentions",)), Column("documents", "int", required=True),
                 Column("mentions", "int", required=True)]


def actors(store: StoreLike, text: Optional[str] = None, country: Optional[str] = None,
           kind: Optional[str] = None, limit: Optional[int] = None, offset: int = 0) -> pd.DataFrame:
    """Actors with the number of documents and mentions that name them, most mentioned first."""
    sql, args = _actors_sql(text, country, kind)
    return _frame(store, sql + _page(limit, offset), args, ACTOR_COLUMNS)


def _actors_sql(text, country, kind) -> tuple[str, list]:
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
        SELECT a.*, count(DISTINCT m.document_id) AS documents, count(m.actor_id) AS mentions
        FROM actors a LEFT JOIN mentions m ON m.actor_id = a.id
        WHERE {' AND '.join(where)} GROUP BY a.id ORDER BY mentions DESC, a.id"""
    return sql, args


# A merged record: its id, the merged fields, the documents that support it and the document each field
# (or each item of a list field) came from.
FIELD_SOURCES = Column("field_sources", "object", dict, required=True)
AGREEMENT_COLUMNS = [Column("id", "int", required=True), *columns(Agreement, only=AGREEMENT_FIELDS),
                     SOURCES, DOCUMENTS, FIELD_SOURCES]
ATTRIBUTION_COLUMNS = [Column("id", "int", required=True), *columns(Attribution, only=ATTRIBUTION_FIELDS),
                       SOURCES, DOCUMENTS, FIELD_SOURCES]


def _records_sql(table: str, facts: str, actor: Optional[str], text: Optional[str], **equal) -> tuple[str, list]:
    where, args = ["1"], []
    if actor:
        where.append("r.record LIKE ? ESCAPE '\\'")
        args.append(like_pattern(json.dumps(actor)))
    if text:
        where.append("r.record LIKE ? ESCAPE '\\' COLLATE NOCASE")
        args.append(like_pattern(text))
    for field, value in equal.items():  # before LIMIT/OFFSET, so that pages stay whole
        if value:
            where.append(f"json_extract(r.record, '$.{field}') = ?")
            args.append(value)
    sql = f"""
        SELECT r.id, r.record, r.sources AS field_sources, count(DISTINCT f.document_id) AS sources,
            json_group_array(DISTINCT f.document_id) AS documents
        FROM {table} r JOIN {facts} f ON f.record_id = r.id
        WHERE {' AND '.join(where)} GROUP BY r.id ORDER BY r.id"""
    return sql, args


def _records(store: StoreLike, table: str, facts: str, cols: list[Column], actor: Optional[str],
             text: Optional[str], limit: Optional[int], offset: int, **equal) -> pd.DataFrame:
    sql, args = _records_sql(table, facts, actor, text, **equal)
    with _opened(store) as s:
        rows = s.conn.execute(sql + _page(limit, offset), args).fetchall()
    extra = {"id", "sources", "documents", "field_sources"}
    out = []
    for r in rows:
        record = json.loads(r["record"])
        out.append({c.name: from_sql(c, r[c.name]) if c.name in extra
                    else record.get(c.name, [] if c.kind == "list" else None) for c in cols})
    return frame(out, cols)


def agreements(store: StoreLike, actor: Optional[str] = None, text: Optional[str] = None,
               limit: Optional[int] = None, offset: int = 0) -> pd.DataFrame:
    """The register of agreements, merged across documents, each field with the document it came from."""
    return _records(store, "agreement_records", "agreements", AGREEMENT_COLUMNS, actor, text, limit, offset)


def attributions(store: StoreLike, actor: Optional[str] = None, text: Optional[str] = None,
                 kind: Optional[str] = None, limit: Optional[int] = None, offset: int = 0) -> pd.DataFrame:
    """The register of attributions of cyber and influence operations, merged across documents."""
    return _records(store, "attribution_records", "attributions", ATTRIBUTION_COLUMNS, actor, text, limit,
                    offset, kind=kind)


# A quote: the document it is in, its fields, and the name of its speaker when resolved to an actor.
QUOTE_FIELDS = columns(Quote)
QUOTE_COLUMNS = [Column("document_id", "str", required=True), *QUOTE_FIELDS, Column("speaker_name", "str")]


def quotes(store: StoreLike, speaker: Optional[str] = None, text: Optional[str] = None,
           kind: Optional[str] = None, limit: Optional[int] = None, offset: int = 0) -> pd.DataFrame:
    """Quotes, by document and position, with the name of their speaker when resolved to an actor."""
    sql, args = _quotes_sql(speaker, text, kind)
    return _frame(store, sql + _page(limit, offset), args, QUOTE_COLUMNS)


def _quotes_sql(speaker, text, kind) -> tuple[str, list]:
    where, args = ["1"], []
    if speaker:
        ids, more = _actor_ids(speaker)
        where.append(f"(q.speaker_text LIKE ? ESCAPE '\\' COLLATE NOCASE OR q.speaker IN {ids})")
        args += [like_pattern(speaker), *more]
    if text:
        where.append("q.text LIKE ? ESCAPE '\\' COLLATE NOCASE")
        args.append(like_pattern(text))
    if kind:
        where.append("q.kind = ?")
        args.append(kind)
    sql = f"""
        SELECT q.document_id, {', '.join(f"q.{quote(c.name)}" for c in QUOTE_FIELDS)}, a.name AS speaker_name
        FROM quotes q LEFT JOIN actors a ON a.id = q.speaker
        WHERE {' AND '.join(where)} ORDER BY q.document_id, q.start"""
    return sql, args


DOCUMENT_COLUMNS = [*columns(Document, only=("id", "kind", "title", "publisher", "date", "url", "source_path")),
                    Column("times_seen", "int", required=True),
                    Column("pages", "int", required=True)]  # how many pages a teaser was seen on


def documents(store: StoreLike, kind: Optional[str] = None, text: Optional[str] = None,
              limit: Optional[int] = None, offset: int = 0) -> pd.DataFrame:
    """Stored documents in the order they were first seen; `text`: in the title (any case)."""
    sql, args = _documents_sql(kind, text)
    return _frame(store, sql + _page(limit, offset), args, DOCUMENT_COLUMNS)


def _documents_sql(kind, text) -> tuple[str, list]:
    where, args = ["1"], []
    if kind:
        where.append("kind = ?")
        args.append(kind)
    if text:
        where.append("title LIKE ? ESCAPE '\\' COLLATE NOCASE")
        args.append(like_pattern(text))
    sql = f"""SELECT id, kind, title, publisher, date, url, source_path, times_seen,
        (SELECT count(*) FROM related r WHERE r.teaser_id = documents.id) AS pages
        FROM documents WHERE {' AND '.join(where)} ORDER BY first_seen, id"""
    return sql, args


# `snippet`: the passage around the match, as text; `fragments`: the same text as [text, matched] pairs.
SEARCH_COLUMNS = [*columns(Document, only=("id", "kind", "title")), Column("snippet", "str"),
                  Column("fragments", "list", required=True)]


def search(store: StoreLike, query: str, limit: int = 20, offset: int = 0, advanced: bool = False) -> pd.DataFrame:
    """Full-text search over titles and bodies, best match first: words and "phrases" as written (all
    required; `U.S.` and `al-Tanf` are text), or SQLite FTS5 syntax if `advanced` (OR, NOT, NEAR,
    prefix*). ValueError (`geowire.kb.store.SearchError`) for a query that cannot run."""
    with _opened(store) as s:
        rows = s.search(query, limit=limit, offset=offset, advanced=advanced)
    return frame(rows, SEARCH_COLUMNS)


def total(store: StoreLike, what: str, **filters) -> int:
    """How many rows a query gives in all, without limit nor offset: `total(s, "events", type="AGREE")`
    counts what `events(s, type="AGREE")` lists (for pagination)."""
    if what == "search":
        with _opened(store) as s:
            return s.search_total(filters["query"], advanced=filters.get("advanced", False))
    if what in ("agreements", "attributions"):
        table = "agreement_records" if what == "agreements" else "attribution_records"
        actor, text = filters.pop("actor", None), filters.pop("text", None)
        sql, args = _records_sql(table, what, actor, text, **filters)
    else:
        sql, args = {"events": _events_sql, "actors": _actors_sql, "quotes": _quotes_sql,
                     "documents": _documents_sql}[what](**filters)
    return _count(store, sql, args)
