"""The embedded store: one SQLite file (WAL), the knowledge base of every analysed page.

Tables follow the data model: documents (articles and teasers, with their
full dossier as JSON for an exact round trip), actors, mentions, and one
table per kind of fact, each row with the document it came from and its
offsets. Foreign keys are on; every write of a dossier is one transaction,
so a failure leaves the store as it was. A document's id is the hash of its
normalised body: the same page analysed twice is stored once (its facts are
replaced by the newer analysis), and a teaser seen on many pages is one
document with a link to each page.

The tables of records (`RECORD_TABLES`) take their columns from the model classes
(`geowire.output.records`): a field added to a class is a column here, with its INSERT.
SQLite has no lists nor booleans: list columns hold JSON text and flags 0/1, decoded back
by `geowire.kb.query`. The other tables (links, merged records, near-duplicates, search)
are declared in `SCHEMA` below.

sqlite-utils was considered: it would save little over the stdlib here and
hides the transaction boundaries this module relies on.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
import queue
import re
import secrets
import sqlite3
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

from pydantic import BaseModel

from geowire.kb import merge
from geowire.model import Actor, Agreement, Amount, Attribution, Document, Dossier, Event, Quote, TimeExpression
from geowire.output import records
from geowire.output.records import Column
from geowire.settings import settings

# 2: columns derived from the model (documents and amounts gained columns, events keep their actor lists)
SCHEMA_VERSION = 3


@dataclass(frozen=True)
class RecordTable:
    """A table of model records: the SQL-only columns declared here, around the model's own."""
    model: type[BaseModel]
    before: tuple[str, ...] = ()  # SQL-only column definitions, first
    after: tuple[str, ...] = ()  # and last
    exclude: tuple[str, ...] = ()  # model fields kept elsewhere
    primary_key: Optional[str] = None  # a model field that is the key
    references: tuple[tuple[str, str], ...] = ()  # (column, "table(column)") foreign keys

    @property
    def columns(self) -> list[Column]:
        return records.columns(self.model, exclude=self.exclude)

    def create(self, name: str) -> str:
        refs = dict(self.references)
        defs = [*self.before,
                *(records.sql_definition(c, refs.get(c.name), c.name == self.primary_key) for c in self.columns),
                *self.after]
        return f"CREATE TABLE IF NOT EXISTS {name} (\n    " + ",\n    ".join(defs) + "\n);"


FACT = ("id INTEGER PRIMARY KEY", "document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE")
RECORD_TABLES: dict[str, RecordTable] = {
    "documents": RecordTable(Document, primary_key="id", after=(
        "dossier TEXT NOT NULL", "first_seen TEXT NOT NULL", "last_seen TEXT NOT NULL",
        "times_seen INTEGER NOT NULL DEFAULT 1")),
    # an actor is one row across documents; its mentions, per document, are the mentions table
    "actors": RecordTable(Actor, primary_key="id", exclude=("mentions",)),
    "events": RecordTable(Event, before=FACT, after=("merged_id INTEGER REFERENCES merged_events(id)",)),
    "agreements": RecordTable(Agreement, before=FACT, after=(
        "record_id INTEGER REFERENCES agreement_records(id)",)),
    "attributions": RecordTable(Attribution, before=FACT, after=(
        "record_id INTEGER REFERENCES attribution_records(id)",)),
    "quotes": RecordTable(Quote, before=FACT, references=(("speaker", "actors(id)"),)),
    "amounts": RecordTable(Amount, before=FACT),
    "times": RecordTable(TimeExpression, before=FACT),
}
COLUMNS: dict[str, list[Column]] = {name: t.columns for name, t in RECORD_TABLES.items()}

SCHEMA = "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);\n" + "\n".join(
    t.create(name) for name, t in RECORD_TABLES.items()) + """
CREATE INDEX IF NOT EXISTS documents_date ON documents(date);
CREATE TABLE IF NOT EXISTS sightings (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    source_path TEXT, url TEXT, seen_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sightings_document ON sightings(document_id);
CREATE TABLE IF NOT EXISTS related (
    page_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    teaser_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    PRIMARY KEY (page_id, teaser_id)
);
CREATE INDEX IF NOT EXISTS related_teaser ON related(teaser_id);
CREATE INDEX IF NOT EXISTS actors_country ON actors(country);
CREATE TABLE IF NOT EXISTS mentions (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    actor_id TEXT NOT NULL REFERENCES actors(id),
    start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    PRIMARY KEY (document_id, start, "end", actor_id)
);
CREATE INDEX IF NOT EXISTS mentions_actor ON mentions(actor_id);
CREATE INDEX IF NOT EXISTS events_merged ON events(merged_id);
CREATE TABLE IF NOT EXISTS merged_events (
    id INTEGER PRIMARY KEY, key TEXT NOT NULL, type TEXT NOT NULL, date TEXT
);
CREATE INDEX IF NOT EXISTS merged_events_key ON merged_events(key);
CREATE INDEX IF NOT EXISTS events_document ON events(document_id);
CREATE INDEX IF NOT EXISTS events_type_date ON events(type, date);
-- who took part in an event, one row per actor: indexed, and checked against the actors table
CREATE TABLE IF NOT EXISTS event_actors (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    actor_id TEXT NOT NULL REFERENCES actors(id),
    role TEXT NOT NULL CHECK (role IN ('actor', 'recipient')),
    PRIMARY KEY (event_id, actor_id, role)
);
CREATE INDEX IF NOT EXISTS event_actors_actor ON event_actors(actor_id);
-- merged records: `record` is the merged fields as a JSON object, `sources` the document of each
CREATE TABLE IF NOT EXISTS agreement_records (
    id INTEGER PRIMARY KEY, name_key TEXT, record TEXT NOT NULL, sources TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS agreement_records_name ON agreement_records(name_key);
CREATE INDEX IF NOT EXISTS agreements_document ON agreements(document_id);
CREATE TABLE IF NOT EXISTS attribution_records (
    id INTEGER PRIMARY KEY, record TEXT NOT NULL, sources TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS attributions_document ON attributions(document_id);
CREATE INDEX IF NOT EXISTS quotes_document ON quotes(document_id);
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker);
CREATE INDEX IF NOT EXISTS amounts_document ON amounts(document_id);
CREATE INDEX IF NOT EXISTS times_document ON times(document_id);
CREATE TABLE IF NOT EXISTS signatures (
    document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE, minhash BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS lsh_bands (
    band INTEGER NOT NULL, key BLOB NOT NULL,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    PRIMARY KEY (band, key, document_id)
);
CREATE TABLE IF NOT EXISTS near_duplicates (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    other_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    similarity REAL NOT NULL,
    PRIMARY KEY (document_id, other_id)
);
CREATE VIEW IF NOT EXISTS event_sources AS
    SELECT merged_id, count(DISTINCT document_id) AS sources FROM events GROUP BY merged_id;
CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5(
    title, body, content='documents', content_rowid='rowid'
);
CREATE TRIGGER IF NOT EXISTS documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body);
END;
CREATE TRIGGER IF NOT EXISTS documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
END;
CREATE TRIGGER IF NOT EXISTS documents_fts_update AFTER UPDATE OF title, body ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
    INSERT INTO documents_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body);
END;
"""

FACT_TABLES = ("events", "agreements", "attributions", "quotes", "amounts", "times")
# The fields merged across documents: every field of the model but the offsets, which are per document.
AGREEMENT_FIELDS = tuple(f for f in Agreement.model_fields if f != "spans")
ATTRIBUTION_FIELDS = tuple(f for f in Attribution.model_fields if f != "spans")
# Facts merged across documents: (fact table, merged-record table, the column linking them, fields merged).
MERGED_RECORDS = (("events", "merged_events", "merged_id", None),
                  ("agreements", "agreement_records", "record_id", AGREEMENT_FIELDS),
                  ("attributions", "attribution_records", "record_id", ATTRIBUTION_FIELDS))
# Document columns that keep their first value when the page is seen again (where it was first seen).
KEEP_FIRST = ("url", "source_path")


@functools.lru_cache(maxsize=None)
def _insert_sql(table: str, extra: tuple[str, ...]) -> str:
    names = [*extra, *(c.name for c in COLUMNS[table])]
    return (f"INSERT INTO {table} ({', '.join(map(records.quote, names))})"
            f" VALUES ({', '.join('?' * len(names))})")


class StoreError(Exception):
    """The store cannot be opened or written; str() is one line naming the file."""


class QueryAborted(Exception):
    """A query stopped by its time budget or by its caller (`Store.limited`); str() is one line."""

    def __init__(self, message: str, cancelled: bool = False):
        super().__init__(message)
        self.cancelled = cancelled


class SearchError(ValueError):
    """A search query that cannot run (syntax, too many or too long terms); str() is one line without paths."""


def like_pattern(text: str) -> str:
    """`%text%` for `LIKE ? ESCAPE '\\'`: the user's own `%`, `_` and `\\` match themselves, not anything."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


# Search limits: every term is a posting list to read, a prefix term (`r*`) the union of many.
MAX_SEARCH_TERMS = 32
MAX_SEARCH_TERM_CHARS = 100
MAX_PREFIX_TERMS = 4
_PHRASE_RE = re.compile(r'"([^"]*)"?|(\S+)')
_FTS_OPERATORS = {"AND", "OR", "NOT", "NEAR"}


def fts_query(text: str) -> str:
    """User text as an FTS5 query that cannot be a syntax error: each word and each "quoted phrase"
    a quoted FTS5 string (so `U.S.`, `al-Tanf`, `NOT` or `col:x` are text, not syntax), all required.
    Within a string FTS5's tokenizer splits `al-Tanf` into the phrase `al tanf`, which is what the
    text says. Raises SearchError past the caps on terms."""
    terms = [m.group(1) if m.group(1) is not None else m.group(2) for m in _PHRASE_RE.finditer(text)]
    terms = [t.strip() for t in terms if t and t.strip() and re.search(r"\w", t)]
    if not terms:
        raise SearchError("the search has no words in it")
    _check_terms(terms)
    return " ".join('"' + t.replace('"', '""') + '"' for t in terms)


def _check_terms(terms: list[str]) -> None:
    if len(terms) > MAX_SEARCH_TERMS:
        raise SearchError(f"too many search terms: at most {MAX_SEARCH_TERMS}")
    if any(len(t) > MAX_SEARCH_TERM_CHARS for t in terms):
        raise SearchError(f"a search term is too long: at most {MAX_SEARCH_TERM_CHARS} characters")


def check_advanced(text: str) -> str:
    """Raw FTS5 syntax, within the caps on terms and on prefix terms (each `r*` reads every posting
    list that starts with `r`: 400 of them took 18 s on a small store)."""
    terms = [t for t in re.split(r'[\s()]+', text) if t and t.upper() not in _FTS_OPERATORS]
    _check_terms(terms)
    if sum(t.endswith("*") for t in terms) > MAX_PREFIX_TERMS:
        raise SearchError(f"too many prefix terms (word*): at most {MAX_PREFIX_TERMS}")
    return text


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


class Store:
    """The knowledge base in one SQLite file.

    >>> from geowire.pipeline import Pipeline
    >>> from geowire.read import iter_raw
    >>> [dossier] = Pipeline().analyze(iter_raw(["examples/commonspace-russia-south-ossetia-treaty.txt"]))
    >>> store = Store("geowire.db")
    >>> doc_id = store.save(dossier)
    >>> store.dossier(doc_id).document.title
    'Russia and South Ossetia sign treaty.'
    >>> store.close()
    """

    def __init__(self, path: str | Path, shared: bool = False, read_only: bool = False):
        """Open (and create or migrate) the store. `shared`: the connection may pass from thread to
        thread, one at a time (a pool's, lent to one request at once); `read_only`: writes fail
        (PRAGMA query_only), for connections that serve queries."""
        self.path = Path(path)
        self.conn = None
        try:
            # explicit transactions below; check_same_thread off only where the caller serialises use
            self.conn = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=not shared)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute("PRAGMA journal_mode = WAL")  # readers never wait for the writer
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.execute("PRAGMA busy_timeout = 5000")
            self._migrate()
            if read_only:
                self.conn.execute("PRAGMA query_only = ON")
        except sqlite3.Error as err:
            if self.conn is not None:
                self.conn.close()
            raise StoreError(f"{self.path}: cannot open the store: {err}") from None
        except StoreError:
            self.conn.close()
            raise

    def _migrate(self) -> None:
        row = self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone()
        if row:
            version = self.conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if version and int(version[0]) != SCHEMA_VERSION:
                raise StoreError(f"{self.path}: store schema {version[0]}, this geowire reads {SCHEMA_VERSION}:"
                                 " analyse the pages again into a new store (or `geowire load` a batch output)")
        elif self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise StoreError(f"{self.path}: an SQLite file, but not a geowire store")
        # executescript commits as it goes; every statement is idempotent, so a cut-off run is redone next time
        self.conn.executescript(SCHEMA)
        self.conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def limited(self, seconds: float, cancelled: Optional[threading.Event] = None) -> Iterator["Store"]:
        """Queries inside stop with QueryAborted past `seconds`, or as soon as `cancelled` is set (the
        client went away). SQLite's progress handler is called every few thousand VM steps, FTS5's
        included, and a non-zero return interrupts the statement."""
        deadline = time.monotonic() + seconds

        def check() -> int:
            return int((cancelled is not None and cancelled.is_set()) or time.monotonic() > deadline)

        self.conn.set_progress_handler(check, 1000)
        try:
            yield self
        except sqlite3.OperationalError as err:
            if "interrupted" not in str(err):
                raise
            if cancelled is not None and cancelled.is_set():
                raise QueryAborted("the query was cancelled", cancelled=True) from None
            raise QueryAborted(f"the query took longer than {seconds:g} s and was stopped:"
                               " narrow it (fewer or longer words, filters)") from None
        finally:
            self.conn.set_progress_handler(None, 0)

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---- writing -------------------------------------------------------------------

    def transaction(self):
        return _Transaction(self.conn)

    def save(self, dossier: Dossier, page_id: Optional[str] = None) -> str:
        """Store a dossier and its teasers in one transaction; returns the document id."""
        try:
            with self.transaction():
                self._save(dossier, page_id)
        except (sqlite3.Error, ValueError, UnicodeError) as err:
            raise StoreError(f"{self.path}: cannot store document {dossier.document.id[:12]}: {err}") from None
        return dossier.document.id

    def _save(self, dossier: Dossier, page_id: Optional[str]) -> None:
        data, now = self._dossier_data(dossier), dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        doc = data["document"]
        if not doc["id"]:
            raise ValueError("a dossier's document has no id")
        seen = self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc["id"],)).fetchone()
        touched = self._records_of(doc["id"]) if seen else {}
        if seen:  # the same page again: keep one document, replace its facts with the newer analysis
            for table in (*FACT_TABLES, "mentions"):
                self.conn.execute(f"DELETE FROM {table} WHERE document_id = ?", (doc["id"],))
            cols = [c for c in COLUMNS["documents"] if c.name != "id"]
            sets = [f"{records.quote(c.name)} = coalesce({records.quote(c.name)}, ?)" if c.name in KEEP_FIRST
                    else f"{records.quote(c.name)} = ?" for c in cols]
            row = records.flat(doc, cols)
            self.conn.execute(
                f"UPDATE documents SET {', '.join(sets)}, dossier = ?, last_seen = ?, times_seen = times_seen + 1"
                " WHERE id = ?",
                (*(records.to_sql(c, row[c.name]) for c in cols), _json(data), now, doc["id"]))
        else:
            self._insert("documents", doc, dossier=_json(data), first_seen=now, last_seen=now)
            self._link_near_duplicates(doc["id"], doc["body"])
        # every time a page is seen, and where (the document keeps the first place it was seen)
        self.conn.execute("INSERT INTO sightings VALUES (?, ?, ?, ?)", (doc["id"], doc["source_path"], doc["url"], now))
        for actor in data["actors"]:
            self._save_actor(actor)
            self.conn.executemany(
                'INSERT OR IGNORE INTO mentions (document_id, actor_id, start, "end") VALUES (?, ?, ?, ?)',
                [(doc["id"], actor["id"], s, e) for s, e in actor["mentions"]])
        self._save_facts(doc["id"], data)
        if seen:
            self._drop_orphan_records(touched)
        if page_id:
            self.conn.execute("INSERT OR IGNORE INTO related VALUES (?, ?)", (page_id, doc["id"]))
        for teaser in dossier.related:
            self._save(teaser, doc["id"])

    def _insert(self, table: str, record: dict, **extra) -> int:
        """Insert one record (a model's JSON dict) into its table, with the SQL-only columns in `extra`."""
        cols = COLUMNS[table]
        row = records.flat(record, cols)
        return self.conn.execute(_insert_sql(table, tuple(extra)),
                                 (*extra.values(), *(records.to_sql(c, row[c.name]) for c in cols))).lastrowid

    def _link_near_duplicates(self, doc_id: str, body: str) -> None:
        """Record the stored documents whose text is nearly this one's (MinHash LSH)."""
        m = merge.minhash(body)
        sig, keys = merge.signature(m), merge.band_keys(m)
        candidates = {row[0] for band, key in enumerate(keys) for row in self.conn.execute(
            "SELECT document_id FROM lsh_bands WHERE band = ? AND key = ?", (band, key))}
        for other in sorted(candidates - {doc_id}):
            other_sig = self.conn.execute("SELECT minhash FROM signatures WHERE document_id = ?", (other,)).fetchone()
            sim = merge.similarity(sig, other_sig[0])
            if sim >= settings().near_duplicate_threshold:
                self.conn.execute("INSERT OR IGNORE INTO near_duplicates VALUES (?, ?, ?)", (doc_id, other, sim))
        self.conn.execute("INSERT INTO signatures VALUES (?, ?)", (doc_id, sig))
        self.conn.executemany("INSERT OR IGNORE INTO lsh_bands VALUES (?, ?, ?)",
                              [(band, key, doc_id) for band, key in enumerate(keys)])

    @staticmethod
    def _dossier_data(dossier: Dossier) -> dict:
        """The dossier as stored: its teasers by id (each is a document of its own)."""
        data = dossier.to_dict()
        data["related"] = [r.document.id for r in dossier.related]
        return data

    def _save_actor(self, actor: dict) -> None:
        cols = COLUMNS["actors"]
        row = self.conn.execute("SELECT * FROM actors WHERE id = ?", (actor["id"],)).fetchone()
        if row is None:
            self._insert("actors", actor)
            return
        # the same actor from another document: keep what is known, add new list items (aliases, sectors)
        new = records.flat(actor, cols)
        merged = {}
        for c in cols:
            old = records.from_sql(c, row[c.name])
            merged[c.name] = list(dict.fromkeys(old + new[c.name])) if c.kind == "list" else (
                old if old is not None else new[c.name])
        sets = ", ".join(f"{records.quote(c.name)} = ?" for c in cols if c.name != "id")
        self.conn.execute(f"UPDATE actors SET {sets} WHERE id = ?",
                          (*(records.to_sql(c, merged[c.name]) for c in cols if c.name != "id"), actor["id"]))

    def _save_facts(self, doc_id: str, d: dict) -> None:
        c = self.conn
        for e in d["events"]:
            event_id = self._insert("events", e, document_id=doc_id, merged_id=self._merged_event(e))
            c.executemany("INSERT OR IGNORE INTO event_actors VALUES (?, ?, ?)",
                          [(event_id, a, "actor") for a in e["actors"]]
                          + [(event_id, a, "recipient") for a in e["recipients"]])
        for a in d["agreements"]:
            record = self._record("agreement_records", AGREEMENT_FIELDS, a, self._same_agreement)
            self._insert("agreements", a, document_id=doc_id, record_id=record)
            self._refresh_record("agreement_records", "agreements", AGREEMENT_FIELDS, record)
        for a in d["attributions"]:
            record = self._record("attribution_records", ATTRIBUTION_FIELDS, a, self._same_attribution)
            self._insert("attributions", a, document_id=doc_id, record_id=record)
            self._refresh_record("attribution_records", "attributions", ATTRIBUTION_FIELDS, record)
        for table in ("quotes", "amounts", "times"):
            for fact in d[table]:
                self._insert(table, fact, document_id=doc_id)

    # ---- cross-document merging ------------------------------------------------------

    def _merged_event(self, e: dict) -> int:
        """The merged event this report belongs to: same type, actors and recipients, date within the window."""
        key = merge.event_key(e["type"], e["actors"], e["recipients"])
        for row in self.conn.execute("SELECT id, date FROM merged_events WHERE key = ? ORDER BY id", (key,)):
            if merge.same_time(row["date"], e["date"]):
                return row["id"]
        return self.conn.execute("INSERT INTO merged_events (key, type, date) VALUES (?, ?, ?)",
                                 (key, e["type"], e["date"])).lastrowid

    @staticmethod
    def _same_agreement(new: dict, old: dict) -> bool:
        new_name, old_name = merge.name_key(new.get("name")), merge.name_key(old.get("name"))
        if new_name and old_name:
            return new_name == old_name
        parties = set(new.get("parties") or [])
        return len(parties) >= 2 and parties == set(old.get("parties") or [])

    @staticmethod
    def _same_attribution(new: dict, old: dict) -> bool:
        if new.get("kind") != old.get("kind"):
            return False
        if new.get("campaign") and old.get("campaign"):
            return new["campaign"] == old["campaign"]
        who = set(new.get("operator", []) + new.get("sponsor", []))
        return bool(who & set(old.get("operator", []) + old.get("sponsor", []))) and \
            bool(set(new.get("target", [])) & set(old.get("target", [])))

    def _record(self, table: str, fields: tuple[str, ...], new: dict, same) -> int:
        """The merged record the new fact belongs to (a new one if none): candidates narrowed in SQL
        (an agreement's name, an attribution's kind), then `same` decides."""
        if table == "agreement_records" and merge.name_key(new.get("name")):
            narrow, args = " WHERE name_key = ? OR name_key IS NULL", [merge.name_key(new.get("name"))]
        elif table == "attribution_records":
            narrow, args = " WHERE json_extract(record, '$.kind') = ?", [new.get("kind")]
        else:
            narrow, args = "", []
        for row in self.conn.execute(f"SELECT id, record FROM {table}{narrow} ORDER BY id", args):
            if same(new, json.loads(row["record"])):
                return row["id"]
        values, sources = merge.merge_fields([("", new)], fields)
        return self.conn.execute(f"INSERT INTO {table} (record, sources) VALUES (?, ?)",
                                 (_json(values), _json(sources))).lastrowid

    def _refresh_record(self, table: str, facts: str, fields: tuple[str, ...], record_id: int) -> None:
        """Recompute a merged record from every document that mentions it, oldest document first."""
        rows = self.conn.execute(
            f"SELECT f.*, d.first_seen FROM {facts} f JOIN documents d ON d.id = f.document_id"
            " WHERE f.record_id = ? ORDER BY d.first_seen, f.id", (record_id,)).fetchall()
        cols = records.by_name(COLUMNS[facts])
        found = [(r["document_id"], {f: records.from_sql(cols[f], r[f]) for f in fields}) for r in rows]
        values, sources = merge.merge_fields(found, fields)
        extra = ", name_key = ?" if table == "agreement_records" else ""
        args = (_json(values), _json(sources), *((merge.name_key(values.get("name")),) if extra else ()), record_id)
        self.conn.execute(f"UPDATE {table} SET record = ?, sources = ?{extra} WHERE id = ?", args)

    def _records_of(self, doc_id: str) -> dict[str, set[int]]:
        """The merged records a document's facts belong to (before they are replaced)."""
        return {facts: {r[0] for r in self.conn.execute(
                    f"SELECT {column} FROM {facts} WHERE document_id = ?", (doc_id,))}
                for facts, _, column, _ in MERGED_RECORDS}

    def _drop_orphan_records(self, touched: dict[str, set[int]]) -> None:
        """After a page's facts were replaced: its old merged records are recomputed, or go if nothing supports them."""
        for facts, table, column, fields in MERGED_RECORDS:
            for record_id in touched.get(facts, ()):
                if self.conn.execute(f"SELECT 1 FROM {facts} WHERE {column} = ?", (record_id,)).fetchone():
                    if fields:
                        self._refresh_record(table, facts, fields, record_id)
                else:
                    self.conn.execute(f"DELETE FROM {table} WHERE id = ?", (record_id,))

    # ---- reading -------------------------------------------------------------------

    def resolve_id(self, prefix: str) -> str:
        """A full document id from a unique prefix (at least 4 characters), as git does for commits."""
        if len(prefix) < 4:
            raise KeyError(f"document id {prefix!r} is too short: give at least 4 characters")
        if not re.fullmatch(r"[0-9a-fA-F]{4,64}", prefix):  # ids are hex: `%%%%` is no prefix of one
            raise KeyError(f"no document {prefix}: a document id is hexadecimal")
        rows = self.conn.execute("SELECT id FROM documents WHERE id >= ? AND id < ? LIMIT 2",
                                 (prefix.lower(), prefix.lower() + "g")).fetchall()
        if not rows:
            raise KeyError(f"no document {prefix} in {self.path}")
        if len(rows) > 1:
            raise KeyError(f"document id {prefix} is ambiguous in {self.path}: give more characters")
        return rows[0]["id"]

    def dossier(self, doc_id: str, related: bool = True) -> Dossier:
        """The stored dossier of a document (id or unique prefix), its teasers included unless
        `related` is False (each teaser is also a document of its own)."""
        row = self.conn.execute("SELECT dossier FROM documents WHERE id = ?", (self.resolve_id(doc_id),)).fetchone()
        data = json.loads(row["dossier"])
        data["related"] = [self.dossier(t).to_dict() for t in data.get("related", [])] if related else []
        return Dossier.model_validate(data)

    def documents(self, kind: Optional[str] = None) -> Iterator[sqlite3.Row]:
        sql = "SELECT id, kind, title, publisher, date, source_path, times_seen FROM documents"
        yield from self.conn.execute(sql + (" WHERE kind = ?" if kind else "") + " ORDER BY first_seen, id",
                                     (kind,) if kind else ())

    def counts(self) -> dict[str, int]:
        tables = ("documents", "actors", "mentions", *FACT_TABLES, "merged_events", "agreement_records",
                  "attribution_records", "near_duplicates")
        return {t: self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}

    def search(self, query: str, limit: int = 20, offset: int = 0, advanced: bool = False) -> list[dict]:
        """Full-text search over titles and bodies, best match first: any text (words and "phrases",
        all required, see `fts_query`), or raw FTS5 syntax if `advanced`. Each hit has its snippet as
        `fragments`: [text, matched] pairs, the matched words marked without any markup in the text."""
        match = check_advanced(query) if advanced else fts_query(query)
        # markers no document can contain: drawn afresh for every search
        nonce = secrets.token_hex(8)
        start, end = f"\x02{nonce}\x03", f"\x02/{nonce}\x03"
        try:
            rows = self.conn.execute(
                "SELECT d.id, d.kind, d.title, snippet(documents_fts, 1, ?, ?, '…', 24) AS snippet"
                " FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid"
                " WHERE documents_fts MATCH ? ORDER BY rank LIMIT ? OFFSET ?",
                (start, end, match, limit, offset)).fetchall()
        except sqlite3.OperationalError as err:
            if "interrupted" in str(err):
                raise
            raise SearchError(f"bad search query: {' '.join(str(err).split())}") from None
        out = []
        for r in rows:
            fragments = []
            for i, part in enumerate(re.split(f"{re.escape(start)}|{re.escape(end)}", r["snippet"] or "")):
                if part:
                    fragments.append([part, i % 2 == 1])
            out.append({"id": r["id"], "kind": r["kind"], "title": r["title"],
                        "snippet": "".join(t for t, _ in fragments), "fragments": fragments})
        return out

    def search_total(self, query: str, advanced: bool = False) -> int:
        """How many documents `search` finds in all."""
        match = check_advanced(query) if advanced else fts_query(query)
        try:
            return self.conn.execute("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?",
                                     (match,)).fetchone()[0]
        except sqlite3.OperationalError as err:
            if "interrupted" in str(err):
                raise
            raise SearchError(f"bad search query: {' '.join(str(err).split())}") from None


class StorePool:
    """A bounded pool of read-only connections to one store, for a server: a request borrows one
    (`with pool.store() as s`), from whatever thread, and gives it back. At most `size` connections
    are ever open (three file descriptors each: the file, its WAL and its shared memory), so load
    cannot run the server out of descriptors; a request that waits longer than `wait` seconds for
    one gets PoolBusy."""

    def __init__(self, path: str | Path, size: int = 4, wait: float = 10.0):
        self.path, self.size, self.wait = Path(path), size, wait
        self._idle: "queue.LifoQueue[Store]" = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(size)
        self._lock = threading.Lock()
        self._open: list[Store] = []
        self._closed = False

    def acquire(self) -> Store:
        if not self._slots.acquire(timeout=self.wait):
            raise PoolBusy(f"all {self.size} store connections stayed busy for {self.wait:g} s")
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        try:
            s = Store(self.path, shared=True, read_only=True)
        except BaseException:
            self._slots.release()
            raise
        with self._lock:
            self._open.append(s)
        return s

    def release(self, s: Store, broken: bool = False) -> None:
        """Give a connection back (closed instead if `broken`, or if the pool is closed)."""
        if s.conn.in_transaction:
            s.conn.rollback()
        if broken or self._closed:
            with self._lock:
                if s in self._open:
                    self._open.remove(s)
            s.close()
        else:
            self._idle.put(s)
        self._slots.release()

    @contextmanager
    def store(self) -> Iterator[Store]:
        s = self.acquire()
        broken = False
        try:
            yield s
        except sqlite3.DatabaseError:
            broken = True  # a connection that failed may be in any state: the next request gets a new one
            raise
        finally:
            self.release(s, broken)

    def close(self) -> None:
        """Close every idle connection; those lent out are closed when given back."""
        self._closed = True
        while True:
            try:
                s = self._idle.get_nowait()
            except queue.Empty:
                break
            with self._lock:
                if s in self._open:
                    self._open.remove(s)
            s.close()


class PoolBusy(Exception):
    """No store connection came free in time: the server is overloaded, try again."""


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception (the store stays as it was)."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self):
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            try:
                self.conn.execute("COMMIT")
            except sqlite3.Error:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
        elif self.conn.in_transaction:  # SQLITE_FULL and I/O errors have rolled back already
            self.conn.execute("ROLLBACK")
        return False
