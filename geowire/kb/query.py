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
import inspect
import json
import re
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Optional, get_args

if TYPE_CHECKING:  # pandas (and the pyarrow it loads) only when a DataFrame is made: `rows()` needs neither
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


# The registers' facets and sort keys. Each filter is one WHERE term over the merged record `r.record`
# (JSON): an equal field (status, kind, confidence) or the country of an actor of a list field (the
# parties of an agreement, the operators of an attribution). Whitelisted: never user text in SQL.
REGISTER_TABLES = {"agreements": ("agreement_records", "agreements"),
                   "attributions": ("attribution_records", "attributions")}
REGISTER_EQUAL = {"agreements": ("status", "kind"), "attributions": ("kind", "confidence")}
REGISTER_COUNTRIES = {"agreements": {"party_country": "parties"},
                      "attributions": {"operator_country": "operator", "sponsor_country": "sponsor",
                                       "target_country": "target"}}
AGREEMENT_STATUSES = get_args(get_args(Agreement.model_fields["status"].annotation)[0])
ATTRIBUTION_CONFIDENCES = get_args(Attribution.model_fields["confidence"].annotation)


def _stage(field: str, stages) -> str:
    """A field sorted in the order of its stages (proposed before signed before in-force), not by name."""
    whens = " ".join(f"WHEN '{s}' THEN {i}" for i, s in enumerate(stages))
    return f"CASE json_extract(record, '$.{field}') {whens} END"


_FIELD = "json_extract(record, '$.{}')"
AGREEMENT_SORTS = {"id": "id", "name": _FIELD.format("name") + " COLLATE NOCASE", "kind": _FIELD.format("kind"),
                   "signed": _FIELD.format("signed"), "status": _stage("status", AGREEMENT_STATUSES),
                   "status_date": _FIELD.format("status_date"), "sources": "sources"}
ATTRIBUTION_SORTS = {"id": "id", "incident": _FIELD.format("incident") + " COLLATE NOCASE",
                     "kind": _FIELD.format("kind"), "confidence": _stage("confidence", ATTRIBUTION_CONFIDENCES),
                     "date": _FIELD.format("date"), "sources": "sources"}
REGISTER_SORTS = {"agreements": AGREEMENT_SORTS, "attributions": ATTRIBUTION_SORTS}


def _register_sql(what: str, actor: Optional[str] = None, text: Optional[str] = None, sort: str = "id",
                  order: str = "asc", **filters) -> tuple[str, list]:
    """The SQL of a register (`agreements` or `attributions`) with its filters: `actor` (an id in the
    record), `text` (anywhere in it, any case), the equal fields and the countries of REGISTER_EQUAL and
    REGISTER_COUNTRIES; TypeError for another filter, ValueError for an unknown sort."""
    table, facts = REGISTER_TABLES[what]
    where, args = ["1"], []
    if actor:
        where.append("r.record LIKE ? ESCAPE '\\'")
        args.append(like_pattern(json.dumps(actor)))
    if text:
        where.append("r.record LIKE ? ESCAPE '\\' COLLATE NOCASE")
        args.append(like_pattern(text))
    countries = REGISTER_COUNTRIES[what]
    unknown = set(filters) - set(REGISTER_EQUAL[what]) - set(countries)
    if unknown:
        raise TypeError(f"{what}: unknown filters {', '.join(sorted(unknown))}")
    for name, value in filters.items():  # before LIMIT/OFFSET, so that pages stay whole
        if value in (None, ""):
            continue
        if name in countries:
            where.append(f"EXISTS (SELECT 1 FROM json_each(r.record, '$.{countries[name]}') j"
                         " JOIN actors a ON a.id = j.value WHERE a.country = ?)")
            args.append(value.upper())
        else:
            where.append(f"json_extract(r.record, '$.{name}') = ?")
            args.append(value)
    sql = f"""
        SELECT * FROM (
            SELECT r.id, r.record, r.sources AS field_sources, count(DISTINCT f.document_id) AS sources,
                json_group_array(DISTINCT f.document_id) AS documents
            FROM {table} r JOIN {facts} f ON f.record_id = r.id
            WHERE {' AND '.join(where)} GROUP BY r.id){_order(REGISTER_SORTS[what], sort or 'id', order, 'id')}"""
    return sql, args


def _register_rows(store: StoreLike, what: str, limit: Optional[int], offset: int, **filters) -> list[dict]:
    sql, args = _register_sql(what, **filters)
    with _opened(store) as s:
        rows = s.conn.execute(sql + _page(limit, offset), args).fetchall()
    cols = LIST_COLUMNS[what]
    extra = {"id", "sources", "documents", "field_sources"}
    out = []
    for r in rows:
        record = json.loads(r["record"])
        out.append({c.name: from_sql(c, r[c.name]) if c.name in extra
                    else record.get(c.name, [] if c.kind == "list" else None) for c in cols})
    return out


def agreements(store: StoreLike, actor: Optional[str] = None, text: Optional[str] = None,
               status: Optional[str] = None, kind: Optional[str] = None, party_country: Optional[str] = None,
               sort: str = "id", order: str = "asc", limit: Optional[int] = None, offset: int = 0) -> pd.DataFrame:
    """The register of agreements, merged across documents, each field with the document it came from.
    Filters: `status` (proposed … expired), `kind` (treaty, memorandum, …), `party_country` (a party of
    that country); `sort` one of AGREEMENT_SORTS (status in the order of its stages)."""
    return frame(_register_rows(store, "agreements", limit, offset, actor=actor, text=text, status=status,
                                kind=kind, party_country=party_country, sort=sort, order=order),
                 AGREEMENT_COLUMNS)


def attributions(store: StoreLike, actor: Optional[str] = None, text: Optional[str] = None,
                 kind: Optional[str] = None, confidence: Optional[str] = None,
                 operator_country: Optional[str] = None, sponsor_country: Optional[str] = None,
                 target_country: Optional[str] = None, sort: str = "id", order: str = "asc",
                 limit: Optional[int] = None, offset: int = 0) -> pd.DataFrame:
    """The register of attributions of cyber and influence operations, merged across documents.
    Filters: `kind`, `confidence`, and the country of an operator, a sponsor or a target."""
    return frame(_register_rows(store, "attributions", limit, offset, actor=actor, text=text, kind=kind,
                                confidence=confidence, operator_country=operator_country,
                                sponsor_country=sponsor_country, target_country=target_country, sort=sort,
                                order=order), ATTRIBUTION_COLUMNS)


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
    if what in REGISTER_TABLES:
        filters.pop("sort", None), filters.pop("order", None)  # a count needs no order
        sql, args = _register_sql(what, **filters)
    else:
        sql, args = {"events": _events_sql, "actors": _actors_sql, "quotes": _quotes_sql,
                     "documents": _documents_sql}[what](**filters)
    return _count(store, sql, args)


# ---- aggregates for the web page: dashboard, sortable tables with facets, network, actor profile ----
# Plain dicts and lists (JSON-ready), each one or two SQL statements with GROUP BY over indexed columns,
# so that the page stays quick on a store of 10,000+ documents. Additive: the functions above are unchanged.

from geowire.model import ActorKind  # noqa: E402 (with the functions that use it)

ACTOR_KINDS = get_args(ActorKind)
# the kinds of actor a state's page gathers under it (Russia ← GRU ← APT28: the country code ties them)
STATE_FAMILY_KINDS = ("agency", "threat-group", "campaign")
_BUCKETS = {"year": 4, "month": 7, "day": 10}
# sort keys a table accepts, as SQL over its page query (whitelisted: never user text in SQL)
EVENT_SORTS = {"date": "m.date", "type": "m.type", "mode": "f.mode", "sources": "h.sources", "id": "h.merged_id"}
ACTOR_SORTS = {"name": "a.name COLLATE NOCASE", "kind": "a.kind", "country": "a.country",
               "mentions": "mentions", "documents": "documents", "events": "events"}
DOCUMENT_SORTS = {"date": "d.date", "title": "d.title COLLATE NOCASE", "publisher": "d.publisher COLLATE NOCASE",
                  "kind": "d.kind", "seen": "d.first_seen"}


def _order(sorts: dict, sort: Optional[str], order: Optional[str], tie: str) -> str:
    """An ORDER BY clause from a whitelisted key; ValueError for another. Empty values sort last."""
    if sort not in sorts:
        raise ValueError(f"unknown sort {sort!r}: one of {', '.join(sorts)}")
    if (order or "asc") not in ("asc", "desc"):
        raise ValueError(f"unknown order {order!r}: asc or desc")
    column = sorts[sort]
    return f" ORDER BY {column} IS NULL, {column} {(order or 'asc').upper()}, {tie}"


def _flag(value) -> Optional[int]:
    """A yes/no filter: None (either), or 1/0."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return int(value)
    if str(value).lower() in ("1", "true", "yes"):
        return 1
    if str(value).lower() in ("0", "false", "no"):
        return 0
    raise ValueError(f"bad flag {value!r}: true or false")


def _event_where(type=None, mode=None, country=None, actor=None, actor_kind=None, since=None, until=None,
                 negated=None, hypothetical=None, publisher=None, doc_kind=None, text=None,
                 actor_id=None) -> tuple[list, list]:
    """The WHERE terms over one report `e` (events) of document `d` for the facets of the event table.
    `actor`: an actor named by id or by a name containing the text; `actor_id`: that actor only."""
    where, args = ["1"], []
    if actor_id:
        where.append("e.id IN (SELECT event_id FROM event_actors WHERE actor_id = ?)")
        args.append(actor_id)
    if type:
        where.append("e.type = ?")
        args.append(check_type(type))
    if mode:
        where.append("e.mode = ?")
        args.append(mode)
    if since:
        where.append("e.date >= ?")
        args.append(check_date(since, "since"))
    if until:
        where.append("substr(e.date, 1, length(?)) <= ?")
        args += [check_date(until, "until"), until]
    for column, value in (("negated", negated), ("hypothetical", hypothetical)):
        if (flag := _flag(value)) is not None:
            where.append(f"e.{column} = ?")
            args.append(flag)
    if publisher:
        where.append("d.publisher = ?")
        args.append(publisher)
    if doc_kind:
        where.append("d.kind = ?")
        args.append(doc_kind)
    if text:
        where.append("substr(d.body, e.start + 1, e.\"end\" - e.start) LIKE ? ESCAPE '\\' COLLATE NOCASE")
        args.append(like_pattern(text))
    if actor:
        ids, more = _actor_ids(actor)
        where.append(f"e.id IN (SELECT event_id FROM event_actors WHERE actor_id IN {ids})")
        args += more
    if country or actor_kind:
        terms, more = [], []
        if country:
            terms.append("a.country = ?")
            more.append(country.upper())
        if actor_kind:
            terms.append("a.kind = ?")
            more.append(actor_kind)
        where.append("e.id IN (SELECT ea.event_id FROM event_actors ea JOIN actors a ON a.id = ea.actor_id"
                     f" WHERE {' AND '.join(terms)})")
        args += more
    return where, args


def stats(store: StoreLike) -> dict:
    """The counts of the store: documents by kind, merged events, actors, agreements, attributions,
    quotes, and the span of event dates."""
    with _opened(store) as s:
        one = lambda sql: s.conn.execute(sql).fetchone()[0]  # noqa: E731
        kinds = dict(s.conn.execute("SELECT kind, count(*) FROM documents GROUP BY kind").fetchall())
        first, last = s.conn.execute("SELECT min(date), max(date) FROM merged_events").fetchone()
        return {"documents": sum(kinds.values()), "articles": kinds.get("article", 0),
                "teasers": kinds.get("teaser", 0), "events": one("SELECT count(*) FROM merged_events"),
                "reports": one("SELECT count(*) FROM events"), "actors": one("SELECT count(*) FROM actors"),
                "agreements": one("SELECT count(*) FROM agreement_records"),
                "attributions": one("SELECT count(*) FROM attribution_records"),
                "quotes": one("SELECT count(*) FROM quotes"),
                "publishers": one("SELECT count(DISTINCT publisher) FROM documents WHERE publisher IS NOT NULL"),
                "first_date": first, "last_date": last}


def events_over_time(store: StoreLike, bucket: str = "month", by: str = "type", **filters) -> dict:
    """Merged events per period (`bucket`: year, month or day) and per `by` (type, mode or none), as
    {"buckets": [...], "series": {key: [count per bucket]}, "undated": n}. An event counts in the period
    of its merged date; one dated less precisely than the bucket (a year only, for months) is `undated`."""
    if bucket not in _BUCKETS:
        raise ValueError(f"unknown bucket {bucket!r}: one of {', '.join(_BUCKETS)}")
    if by not in ("type", "mode", "none"):
        raise ValueError(f"unknown by {by!r}: type, mode or none")
    n = _BUCKETS[bucket]
    where, args = _event_where(**filters)
    key = {"type": "m.type", "mode": "coalesce(f.mode, '')", "none": "'events'"}[by]
    sql = f"""
        WITH hits AS (SELECT e.merged_id, min(e.id) AS first_id FROM events e JOIN documents d ON d.id = e.document_id
                      WHERE {' AND '.join(where)} GROUP BY e.merged_id)
        SELECT CASE WHEN length(m.date) >= {n} THEN substr(m.date, 1, {n}) END AS period, {key} AS k, count(*) AS c
        FROM hits h JOIN merged_events m ON m.id = h.merged_id JOIN events f ON f.id = h.first_id
        GROUP BY period, k ORDER BY period"""
    with _opened(store) as s:
        rows = s.conn.execute(sql, args).fetchall()
    buckets = sorted({r["period"] for r in rows if r["period"]})
    index = {b: i for i, b in enumerate(buckets)}
    series: dict[str, list[int]] = {}
    undated = 0
    for r in rows:
        if r["period"] is None:
            undated += r["c"]
            continue
        series.setdefault(r["k"], [0] * len(buckets))[index[r["period"]]] += r["c"]
    return {"bucket": bucket, "by": by, "buckets": buckets, "series": series, "undated": undated}


def top_actors(store: StoreLike, limit: int = 10, country: Optional[str] = None,
               kind: Optional[str] = None) -> list[dict]:
    """The actors in the most merged events, with their names, kinds, countries and mention counts."""
    where, args = ["1"], []
    if country:
        where.append("a.country = ?")
        args.append(country.upper())
    if kind:
        where.append("a.kind = ?")
        args.append(kind)
    sql = f"""
        WITH ev AS (SELECT ea.actor_id, count(DISTINCT e.merged_id) AS events
                    FROM event_actors ea JOIN events e ON e.id = ea.event_id GROUP BY ea.actor_id)
        SELECT a.id, a.name, a.kind, a.country, ev.events FROM ev JOIN actors a ON a.id = ev.actor_id
        WHERE {' AND '.join(where)} ORDER BY ev.events DESC, a.name LIMIT ?"""
    with _opened(store) as s:
        return [dict(r) for r in s.conn.execute(sql, [*args, int(limit)])]


def event_countries(store: StoreLike, **filters) -> list[dict]:
    """Merged events per country of their actors (an event of Russia and Georgia counts for both),
    most first: [{"country", "events"}]."""
    where, args = _event_where(**filters)
    sql = f"""
        SELECT a.country, count(DISTINCT e.merged_id) AS events
        FROM events e JOIN documents d ON d.id = e.document_id JOIN event_actors ea ON ea.event_id = e.id
            JOIN actors a ON a.id = ea.actor_id
        WHERE a.country IS NOT NULL AND a.country != '' AND {' AND '.join(where)}
        GROUP BY a.country ORDER BY events DESC, a.country"""
    with _opened(store) as s:
        return [dict(r) for r in s.conn.execute(sql, args)]


def facets(store: StoreLike) -> dict:
    """The values the filters of the tables can take, with how many records have each: event types and
    modes, countries of actors, actor kinds, publishers and document kinds."""
    with _opened(store) as s:
        pairs = lambda sql: [{"value": r[0], "count": r[1]} for r in s.conn.execute(sql)]  # noqa: E731
        return {
            "type": pairs("SELECT type, count(*) FROM merged_events GROUP BY type ORDER BY 2 DESC"),
            "mode": pairs("SELECT mode, count(DISTINCT merged_id) FROM events WHERE mode IS NOT NULL AND mode != ''"
                          " GROUP BY mode ORDER BY 2 DESC"),
            "country": pairs("SELECT country, count(*) FROM actors WHERE country IS NOT NULL AND country != ''"
                             " GROUP BY country ORDER BY 2 DESC"),
            "actor_kind": pairs("SELECT kind, count(*) FROM actors GROUP BY kind ORDER BY 2 DESC"),
            "publisher": pairs("SELECT publisher, count(*) FROM documents WHERE publisher IS NOT NULL"
                               " AND publisher != '' GROUP BY publisher ORDER BY 2 DESC LIMIT 200"),
            "doc_kind": pairs("SELECT kind, count(*) FROM documents GROUP BY kind ORDER BY 2 DESC"),
            # the registers: a value counts the merged records that have it
            "agreement_status": pairs(_field_facet("agreement_records", "status")),
            "agreement_kind": pairs(_field_facet("agreement_records", "kind")),
            "party_country": pairs(_country_facet("agreement_records", "parties")),
            "attribution_kind": pairs(_field_facet("attribution_records", "kind")),
            "confidence": pairs(_field_facet("attribution_records", "confidence")),
            "operator_country": pairs(_country_facet("attribution_records", "operator")),
            "sponsor_country": pairs(_country_facet("attribution_records", "sponsor")),
            "target_country": pairs(_country_facet("attribution_records", "target")),
        }


def _field_facet(table: str, field: str) -> str:
    value = f"json_extract(record, '$.{field}')"
    return (f"SELECT {value}, count(*) FROM {table} WHERE {value} IS NOT NULL AND {value} != ''"
            f" GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 200")


def _country_facet(table: str, field: str) -> str:
    return (f"SELECT a.country, count(DISTINCT r.id) FROM {table} r, json_each(r.record, '$.{field}') j"
            " JOIN actors a ON a.id = j.value WHERE a.country IS NOT NULL AND a.country != ''"
            " GROUP BY a.country ORDER BY 2 DESC, 1")


def _participants(s: Store, first_ids: list[int]) -> dict[int, dict[str, list[dict]]]:
    """The actors and recipients, with their names, of the reports given (by event id)."""
    out: dict[int, dict[str, list[dict]]] = {i: {"actors": [], "recipients": []} for i in first_ids}
    for chunk in range(0, len(first_ids), 500):
        ids = first_ids[chunk:chunk + 500]
        rows = s.conn.execute(
            f"SELECT ea.event_id, ea.role, a.id, a.name, a.kind, a.country FROM event_actors ea"
            f" JOIN actors a ON a.id = ea.actor_id WHERE ea.event_id IN ({','.join('?' * len(ids))})"
            " ORDER BY a.id", ids)
        for r in rows:
            out[r["event_id"]]["actors" if r["role"] == "actor" else "recipients"].append(
                {"id": r["id"], "name": r["name"], "kind": r["kind"], "country": r["country"]})
    return out


def event_table(store: StoreLike, sort: str = "date", order: str = "asc", limit: Optional[int] = 50,
                offset: int = 0, **filters) -> tuple[list[dict], int]:
    """A page of merged events matching the facets (`_event_where`), sorted, and their total: each with
    its date, type, mode, flags (set if any report sets them), sources, its actors and recipients with
    their names, and the text, document, title and publisher of its first report."""
    where, args = _event_where(**filters)
    hits = f"""
        WITH hits AS (SELECT e.merged_id, min(e.id) AS first_id, count(DISTINCT e.document_id) AS sources,
                          max(e.negated) AS negated, max(e.hypothetical) AS hypothetical, max(e.reported) AS reported
                      FROM events e JOIN documents d ON d.id = e.document_id
                      WHERE {' AND '.join(where)} GROUP BY e.merged_id)"""
    # the page is chosen on the sort keys alone; the texts (substr of bodies) are read for its rows only
    sql = f"""{hits},
        page AS (SELECT h.*, h.merged_id AS id, m.date, m.type, f.mode FROM hits h
                 JOIN merged_events m ON m.id = h.merged_id JOIN events f ON f.id = h.first_id
                 {_order(EVENT_SORTS, sort, order, 'h.merged_id')}{_page(limit, offset)})
        SELECT p.id, p.date, p.type, p.mode, p.negated, p.hypothetical, p.reported, p.sources, p.first_id,
            f.trigger, f.location, f.document_id, d.title, d.publisher, d.kind AS doc_kind,
            substr(d.body, f.start + 1, f."end" - f.start) AS text
        FROM page p JOIN events f ON f.id = p.first_id JOIN documents d ON d.id = f.document_id
        {_order({k: 'p.' + k for k in EVENT_SORTS}, sort, order, 'p.id')}"""
    with _opened(store) as s:
        rows = [dict(r) for r in s.conn.execute(sql, args)]
        total = s.conn.execute(f"{hits} SELECT count(*) FROM hits", args).fetchone()[0]
        people = _participants(s, [r["first_id"] for r in rows])
    for r in rows:
        r.update(people[r.pop("first_id")])
        for flag in ("negated", "hypothetical", "reported"):
            r[flag] = bool(r[flag])
    return rows, total


def actor_table(store: StoreLike, text: Optional[str] = None, country: Optional[str] = None,
                kind: Optional[str] = None, sort: str = "mentions", order: str = "desc",
                limit: Optional[int] = 50, offset: int = 0) -> tuple[list[dict], int]:
    """A page of actors with their mentions, documents and merged events, sorted, and their total."""
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
    if sort in ("name", "kind", "country"):
        # sorted on the actors' own columns: the page first, then the counts of its 50 actors only (indexed)
        sql = f"""
            WITH page AS (SELECT a.* FROM actors a WHERE {' AND '.join(where)}
                          {_order(ACTOR_SORTS, sort, order, 'a.id')}{_page(limit, offset)})
            SELECT a.id, a.name, a.kind, a.country, a.role,
                (SELECT count(DISTINCT document_id) FROM mentions WHERE actor_id = a.id) AS documents,
                (SELECT count(*) FROM mentions WHERE actor_id = a.id) AS mentions,
                (SELECT count(DISTINCT e.merged_id) FROM event_actors ea JOIN events e ON e.id = ea.event_id
                 WHERE ea.actor_id = a.id) AS events
            FROM page a{_order(ACTOR_SORTS, sort, order, 'a.id')}"""
        with _opened(store) as s:
            rows = [dict(r) for r in s.conn.execute(sql, args)]
            total = s.conn.execute(f"SELECT count(*) FROM actors a WHERE {' AND '.join(where)}", args).fetchone()[0]
        return rows, total
    sql = f"""
        WITH mc AS (SELECT actor_id, count(DISTINCT document_id) AS documents, count(*) AS mentions
                    FROM mentions GROUP BY actor_id),
             ev AS (SELECT ea.actor_id, count(DISTINCT e.merged_id) AS events
                    FROM event_actors ea JOIN events e ON e.id = ea.event_id GROUP BY ea.actor_id)
        SELECT a.id, a.name, a.kind, a.country, a.role, coalesce(mc.documents, 0) AS documents,
            coalesce(mc.mentions, 0) AS mentions, coalesce(ev.events, 0) AS events
        FROM actors a LEFT JOIN mc ON mc.actor_id = a.id LEFT JOIN ev ON ev.actor_id = a.id
        WHERE {' AND '.join(where)}{_order(ACTOR_SORTS, sort, order, 'a.id')}{_page(limit, offset)}"""
    with _opened(store) as s:
        rows = [dict(r) for r in s.conn.execute(sql, args)]
        total = s.conn.execute(f"SELECT count(*) FROM actors a WHERE {' AND '.join(where)}", args).fetchone()[0]
    return rows, total


def document_table(store: StoreLike, kind: Optional[str] = None, publisher: Optional[str] = None,
                   since: Optional[str] = None, until: Optional[str] = None, text: Optional[str] = None,
                   sort: str = "date", order: str = "desc", limit: Optional[int] = 50,
                   offset: int = 0) -> tuple[list[dict], int]:
    """A page of documents with their counts of events, actors and quotes, sorted, and their total."""
    where, args = ["1"], []
    if kind:
        where.append("d.kind = ?")
        args.append(kind)
    if publisher:
        where.append("d.publisher = ?")
        args.append(publisher)
    if since:
        where.append("d.date >= ?")
        args.append(check_date(since, "since"))
    if until:
        where.append("substr(d.date, 1, length(?)) <= ?")
        args += [check_date(until, "until"), until]
    if text:
        where.append("d.title LIKE ? ESCAPE '\\' COLLATE NOCASE")
        args.append(like_pattern(text))
    sql = f"""
        WITH page AS (SELECT d.id, d.kind, d.title, d.publisher, d.date, d.url, d.times_seen, d.first_seen
                      FROM documents d WHERE {' AND '.join(where)}
                      {_order(DOCUMENT_SORTS, sort, order, 'd.id')}{_page(limit, offset)})
        SELECT d.*, (SELECT count(*) FROM events e WHERE e.document_id = d.id) AS events,
            (SELECT count(DISTINCT actor_id) FROM mentions m WHERE m.document_id = d.id) AS actors,
            (SELECT count(*) FROM quotes q WHERE q.document_id = d.id) AS quotes,
            (SELECT count(*) FROM related r WHERE r.teaser_id = d.id) AS pages
        FROM page d{_order(DOCUMENT_SORTS, sort, order, 'd.id')}"""
    with _opened(store) as s:
        rows = [dict(r) for r in s.conn.execute(sql, args)]
        total = s.conn.execute(f"SELECT count(*) FROM documents d WHERE {' AND '.join(where)}", args).fetchone()[0]
    return rows, total


def actor_names(store: StoreLike, ids: list[str]) -> dict[str, dict]:
    """{id: {"name", "kind", "country"}} of the actors given (unknown ids are left out)."""
    out: dict[str, dict] = {}
    ids = list(dict.fromkeys(ids))
    with _opened(store) as s:
        for chunk in range(0, len(ids), 500):
            part = ids[chunk:chunk + 500]
            for r in s.conn.execute(f"SELECT id, name, kind, country FROM actors WHERE id IN"
                                    f" ({','.join('?' * len(part))})", part):
                out[r["id"]] = {"name": r["name"], "kind": r["kind"], "country": r["country"]}
    return out


# the list fields of a register that hold actor ids: the table gives them as {id, name, kind, country}
REGISTER_ACTOR_FIELDS = {"agreements": ("parties",), "attributions": ("target", "operator", "sponsor", "attributed_by")}


def register_table(store: StoreLike, what: str, sort: str = "id", order: str = "asc", limit: Optional[int] = 50,
                   offset: int = 0, **filters) -> tuple[list[dict], int]:
    """A page of a register (`agreements` or `attributions`) for the web page's table: the rows of
    `rows()` with their actors as {id, name, kind, country} (names, not ids) and without the per-field
    sources, and the total of the filter."""
    with _opened(store) as s:
        found = _register_rows(s, what, limit, offset, sort=sort, order=order, **filters)
        total = _count(s, *_register_sql(what, **filters))
        fields = REGISTER_ACTOR_FIELDS[what]
        names = actor_names(s, [x for r in found for f in fields for x in r.get(f) or []])
    for r in found:
        r.pop("field_sources", None)
        for f in fields:
            r[f] = [{"id": x, **names.get(x, {"name": x, "kind": None, "country": None})} for x in r.get(f) or []]
    return found, total


def network(store: StoreLike, top: int = 60, country: Optional[str] = None, type: Optional[str] = None,
            since: Optional[str] = None, until: Optional[str] = None) -> dict:
    """The actor network of merged events as the top `top` actors by weighted degree: {"nodes": [{id,
    name, kind, country, degree}], "edges": [{source, target, weight, types}], "actors", "links"} where
    an edge joins actor and recipient of an event (or its actors, for one without recipient, like the
    graph export) and weighs how many merged events join them. `country`: links with an actor of that
    country; `type`, `since`, `until`: of those events."""
    where, args = _event_where(type=type, since=since, until=until)
    sql = f"""
        WITH hits AS (SELECT e.merged_id, min(e.id) AS first_id FROM events e JOIN documents d ON d.id = e.document_id
                      WHERE {' AND '.join(where)} GROUP BY e.merged_id)
        SELECT h.merged_id, m.type, ea.actor_id, ea.role FROM hits h JOIN merged_events m ON m.id = h.merged_id
            JOIN event_actors ea ON ea.event_id = h.first_id ORDER BY h.merged_id, ea.actor_id"""
    weights: dict[tuple[str, str], dict] = {}
    with _opened(store) as s:
        current, roles = None, {"actor": [], "recipient": []}

        def close(event_id, event_type):
            actors, recipients = roles["actor"], roles["recipient"]
            pairs = [(a, r) for a in actors for r in recipients] or [
                (a, b) for i, a in enumerate(actors) for b in actors[i + 1:]]
            for a, b in {tuple(sorted(p)) for p in pairs if p[0] != p[1]}:  # undirected, once per event
                edge = weights.setdefault((a, b), {"weight": 0, "types": {}})
                edge["weight"] += 1
                edge["types"][event_type] = edge["types"].get(event_type, 0) + 1

        event_type = None
        for r in s.conn.execute(sql, args):
            if r["merged_id"] != current:
                if current is not None:
                    close(current, event_type)
                current, event_type, roles = r["merged_id"], r["type"], {"actor": [], "recipient": []}
            roles[r["role"]].append(r["actor_id"])
        if current is not None:
            close(current, event_type)
        everyone = actor_names(s, sorted({x for pair in weights for x in pair}))
    if country:
        country = country.upper()
        weights = {p: w for p, w in weights.items()
                   if any((everyone.get(x) or {}).get("country") == country for x in p)}
    degree: dict[str, int] = {}
    for (a, b), w in weights.items():
        degree[a] = degree.get(a, 0) + w["weight"]
        degree[b] = degree.get(b, 0) + w["weight"]
    chosen = sorted(degree, key=lambda x: (-degree[x], x))[:max(1, int(top))]
    keep = set(chosen)
    nodes = [{"id": x, **everyone.get(x, {"name": x, "kind": None, "country": None}), "degree": degree[x]}
             for x in chosen]
    edges = [{"source": a, "target": b, **w} for (a, b), w in sorted(weights.items()) if a in keep and b in keep]
    return {"nodes": nodes, "edges": edges, "actors": len(degree), "links": len(weights)}


def actor_profile(store: StoreLike, actor_id: str, bucket: str = "month") -> Optional[dict]:
    """What an actor's page shows: the actor with its counts, its family (a state's agencies, threat
    groups and campaigns: actors of its country code), its first 50 events (by date, as `event_table`
    has them) and quotes and latest 50 documents with their totals, its events over time, its
    counterparts (the actors it shares merged events with, most first) and the agreements and
    attributions of the actor and its family, with every actor id of those resolved to a name. None
    for an unknown actor."""
    with _opened(store) as s:
        row = s.conn.execute("SELECT id, name, kind, country, role, aliases FROM actors WHERE id = ?",
                             (actor_id,)).fetchone()
        if row is None:
            return None
        actor = dict(row)
        actor["aliases"] = json.loads(actor["aliases"] or "[]")
        actor["documents"], actor["mentions"] = s.conn.execute(
            "SELECT count(DISTINCT document_id), count(*) FROM mentions WHERE actor_id = ?", (actor_id,)).fetchone()
        events, events_total = event_table(s, actor_id=actor_id, sort="date", order="asc", limit=50)
        quotes_ = [dict(r) for r in s.conn.execute(
            "SELECT document_id, text, kind, speaker_text FROM quotes WHERE speaker = ? ORDER BY document_id, start"
            " LIMIT 50", (actor_id,))]
        quotes_total = s.conn.execute("SELECT count(*) FROM quotes WHERE speaker = ?", (actor_id,)).fetchone()[0]
        documents_ = [dict(r) for r in s.conn.execute(
            "SELECT d.id, d.kind, d.title, d.date FROM documents d WHERE d.id IN"
            " (SELECT document_id FROM mentions WHERE actor_id = ?) ORDER BY d.date DESC, d.id LIMIT 50",
            (actor_id,))]
        family = []
        if actor["kind"] in ("state", "partially-recognized-state") and actor["country"]:
            family = [dict(r) for r in s.conn.execute(
                f"SELECT id, name, kind, country FROM actors WHERE country = ? AND id != ? AND kind IN"
                f" ({','.join('?' * len(STATE_FAMILY_KINDS))}) ORDER BY kind, name",
                (actor["country"], actor_id, *STATE_FAMILY_KINDS))]
        counterparts = [dict(r) for r in s.conn.execute(
            """SELECT a.id, a.name, a.kind, a.country, count(DISTINCT e.merged_id) AS events
               FROM event_actors me JOIN events e ON e.id = me.event_id
                   JOIN event_actors other ON other.event_id = e.id AND other.actor_id != me.actor_id
                   JOIN actors a ON a.id = other.actor_id
               WHERE me.actor_id = ? GROUP BY a.id ORDER BY events DESC, a.name LIMIT 30""", (actor_id,))]
        over_time = events_over_time(s, bucket=bucket, by="type", actor=actor_id)
        ids = [actor_id, *(f["id"] for f in family)]
        agreements_, attributions_ = {}, {}
        for one in ids:
            for r in records(agreements(s, actor=one, limit=200)):
                agreements_.setdefault(r["id"], {**r, "via": one})
            for r in records(attributions(s, actor=one, limit=200)):
                attributions_.setdefault(r["id"], {**r, "via": one})
        named = set()
        for r in agreements_.values():
            named.update(r["parties"])
        for r in attributions_.values():
            for key in ("target", "operator", "sponsor", "attributed_by"):
                named.update(r.get(key) or [])
        names = actor_names(s, sorted(named))
    return {"actor": actor, "family": family, "counterparts": counterparts, "events_over_time": over_time,
            "events": events, "events_total": events_total, "quotes": quotes_, "quotes_total": quotes_total,
            "documents": documents_, "agreements": list(agreements_.values()),
            "attributions": list(attributions_.values()), "names": names}


# ---- rows without pandas, and filter checks, for the CLI ---------------------------------------------
# `geowire events` and the other list commands answer in well under a second: importing pandas (and the
# pyarrow it loads) would take longer than the query. Same SQL and columns as the DataFrames above.

LIST_COLUMNS = {"events": EVENT_COLUMNS, "actors": ACTOR_COLUMNS, "agreements": AGREEMENT_COLUMNS,
                "attributions": ATTRIBUTION_COLUMNS, "quotes": QUOTE_COLUMNS, "documents": DOCUMENT_COLUMNS,
                "search": SEARCH_COLUMNS}
# the values of the filters that take one of a few (the model's Literal types), by query and filter
QUOTE_KINDS = get_args(Quote.model_fields["kind"].annotation)
ATTRIBUTION_KINDS = get_args(Attribution.model_fields["kind"].annotation)
CHOICES = {("actors", "kind"): ACTOR_KINDS, ("documents", "kind"): ("article", "teaser"),
           ("quotes", "kind"): QUOTE_KINDS, ("attributions", "kind"): ATTRIBUTION_KINDS,
           ("events", "type"): EVENT_TYPES, ("agreements", "status"): AGREEMENT_STATUSES,
           ("attributions", "confidence"): ATTRIBUTION_CONFIDENCES, ("agreements", "sort"): tuple(AGREEMENT_SORTS),
           ("attributions", "sort"): tuple(ATTRIBUTION_SORTS), ("agreements", "order"): ("asc", "desc"),
           ("attributions", "order"): ("asc", "desc")}


def check_choice(value: Optional[str], name: str, choices) -> Optional[str]:
    """One of a few values (exact), or None; ValueError naming the valid ones otherwise."""
    if value is None or value in choices:
        return value
    raise ValueError(f"unknown {name} {value!r}: one of {', '.join(choices)}")


def check_filters(what: str, **filters) -> None:
    """ValueError, one line, for a filter no row could match because it is malformed: a type that is not
    PLOVER's, a kind not among the kinds, a date not YYYY[-MM[-DD]]. The CLI checks before it asks."""
    for name, value in filters.items():
        if value is None:
            continue
        if (what, name) == ("events", "type"):
            check_type(value)
        elif (what, name) in CHOICES:
            check_choice(value, name, CHOICES[(what, name)])
        elif name in ("since", "until"):
            check_date(value, name)


def rows(store: StoreLike, what: str, limit: Optional[int] = None, offset: int = 0, **filters) -> list[dict]:
    """The rows of `events`, `actors`, `agreements`, `attributions`, `quotes`, `documents` or `search`
    as JSON-ready dicts (lists as lists, flags as booleans: what `records()` makes of the DataFrame),
    without pandas. `rows(s, "events", type="AGREE", limit=5)` is `records(events(s, type="AGREE", limit=5))`."""
    cols = LIST_COLUMNS[what]
    if what == "search":
        with _opened(store) as s:
            found = s.search(filters["query"], limit=20 if limit is None else limit, offset=offset,
                             advanced=filters.get("advanced", False))
        return [{c.name: r.get(c.name) for c in cols} for r in found]
    if what in REGISTER_TABLES:
        return _register_rows(store, what, limit, offset, **filters)
    build = {"events": _events_sql, "actors": _actors_sql, "quotes": _quotes_sql, "documents": _documents_sql}[what]
    sql, args = build(**{name: filters.pop(name, None) for name in inspect.signature(build).parameters})
    if filters:
        raise TypeError(f"{what}: unknown filters {', '.join(filters)}")
    with _opened(store) as s:
        found = s.conn.execute(sql + _page(limit, offset), args).fetchall()
    return [{c.name: from_sql(c, r[c.name]) for c in cols} for r in found]
