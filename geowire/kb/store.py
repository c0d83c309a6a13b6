"""The embedded store: one SQLite file (WAL), the knowledge base of every analysed page.

Tables follow the data model: documents (articles and teasers, with their
full dossier as JSON for an exact round trip), actors, mentions, and one
table per kind of fact, each row with the document it came from and its
offsets. Foreign keys are on; every write of a dossier is one transaction,
so a failure leaves the store as it was. A document's id is the hash of its
normalised body: the same page analysed twice is stored once (its facts are
replaced by the newer analysis), and a teaser seen on many pages is one
document with a link to each page.

sqlite-utils was considered: it would save little over the stdlib here and
hides the transaction boundaries this module relies on.
"""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Iterator, Optional

from geowire.kb import merge
from geowire.model import Dossier
from geowire.settings import settings

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('article', 'teaser')),
    url TEXT, source_path TEXT, title TEXT, publisher TEXT, date TEXT, date_source TEXT, language TEXT,
    body TEXT NOT NULL,
    dossier TEXT NOT NULL,
    first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, times_seen INTEGER NOT NULL DEFAULT 1
);
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
CREATE TABLE IF NOT EXISTS actors (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, country TEXT, role TEXT,
    sectors TEXT NOT NULL DEFAULT '[]', aliases TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS actors_country ON actors(country);
CREATE TABLE IF NOT EXISTS mentions (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    actor_id TEXT NOT NULL REFERENCES actors(id),
    start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    PRIMARY KEY (document_id, start, "end", actor_id)
);
CREATE INDEX IF NOT EXISTS mentions_actor ON mentions(actor_id);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    type TEXT NOT NULL, mode TEXT, context TEXT NOT NULL, date TEXT, location TEXT,
    negated INTEGER NOT NULL, hypothetical INTEGER NOT NULL, reported INTEGER NOT NULL,
    trigger TEXT, start INTEGER NOT NULL, "end" INTEGER NOT NULL, confidence REAL,
    merged_id INTEGER REFERENCES merged_events(id)
);
CREATE INDEX IF NOT EXISTS events_merged ON events(merged_id);
CREATE TABLE IF NOT EXISTS merged_events (
    id INTEGER PRIMARY KEY, key TEXT NOT NULL, type TEXT NOT NULL, date TEXT
);
CREATE INDEX IF NOT EXISTS merged_events_key ON merged_events(key);
CREATE INDEX IF NOT EXISTS events_document ON events(document_id);
CREATE INDEX IF NOT EXISTS events_type_date ON events(type, date);
CREATE TABLE IF NOT EXISTS event_actors (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    actor_id TEXT NOT NULL REFERENCES actors(id),
    role TEXT NOT NULL CHECK (role IN ('actor', 'recipient')),
    PRIMARY KEY (event_id, actor_id, role)
);
CREATE INDEX IF NOT EXISTS event_actors_actor ON event_actors(actor_id);
CREATE TABLE IF NOT EXISTS agreements (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    name TEXT, kind TEXT, parties TEXT NOT NULL, signed TEXT, place TEXT,
    duration_years REAL, renewal_years REAL, provisions TEXT NOT NULL, funding TEXT NOT NULL, spans TEXT NOT NULL,
    record_id INTEGER REFERENCES agreement_records(id)
);
CREATE TABLE IF NOT EXISTS agreement_records (
    id INTEGER PRIMARY KEY, name_key TEXT, record TEXT NOT NULL, sources TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS agreement_records_name ON agreement_records(name_key);
CREATE INDEX IF NOT EXISTS agreements_document ON agreements(document_id);
CREATE TABLE IF NOT EXISTS attributions (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    incident TEXT NOT NULL, kind TEXT NOT NULL, target TEXT NOT NULL, date TEXT,
    operator TEXT NOT NULL, sponsor TEXT NOT NULL, attributed_by TEXT NOT NULL, campaign TEXT,
    confidence TEXT NOT NULL, spans TEXT NOT NULL,
    record_id INTEGER REFERENCES attribution_records(id)
);
CREATE TABLE IF NOT EXISTS attribution_records (
    id INTEGER PRIMARY KEY, record TEXT NOT NULL, sources TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS attributions_document ON attributions(document_id);
CREATE TABLE IF NOT EXISTS quotes (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    speaker TEXT REFERENCES actors(id), speaker_text TEXT, text TEXT NOT NULL, kind TEXT NOT NULL, cue TEXT,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS quotes_document ON quotes(document_id);
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker);
CREATE TABLE IF NOT EXISTS amounts (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    text TEXT NOT NULL, value REAL NOT NULL, currency TEXT NOT NULL, usd REAL, period TEXT,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS amounts_document ON amounts(document_id);
CREATE TABLE IF NOT EXISTS times (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    text TEXT NOT NULL, value TEXT NOT NULL, kind TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL
);
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
AGREEMENT_FIELDS = ("name", "kind", "parties", "signed", "place", "duration_years", "renewal_years", "provisions",
                    "funding")
ATTRIBUTION_FIELDS = ("incident", "kind", "target", "date", "operator", "sponsor", "attributed_by", "campaign",
                      "confidence")
JSON_FIELDS = {"parties", "provisions", "funding", "target", "operator", "sponsor", "attributed_by"}
# Facts merged across documents: (fact table, merged-record table, the column linking them, fields merged).
MERGED_RECORDS = (("events", "merged_events", "merged_id", None),
                  ("agreements", "agreement_records", "record_id", AGREEMENT_FIELDS),
                  ("attributions", "attribution_records", "record_id", ATTRIBUTION_FIELDS))


class StoreError(Exception):
    """The store cannot be opened or written; str() is one line naming the file."""


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


class Store:
    """The knowledge base in one SQLite file.

    >>> store = Store("geowire.db")
    >>> doc_id = store.save(dossier)
    >>> store.dossier(doc_id).document.title
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            self.conn = sqlite3.connect(str(self.path), isolation_level=None)  # explicit transactions below
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.execute("PRAGMA busy_timeout = 5000")
            self._migrate()
        except sqlite3.Error as err:
            raise StoreError(f"{self.path}: cannot open the store: {err}") from None

    def _migrate(self) -> None:
        row = self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone()
        if row:
            version = self.conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if version and int(version[0]) != SCHEMA_VERSION:
                raise StoreError(f"{self.path}: store schema {version[0]}, this geowire reads {SCHEMA_VERSION}")
        elif self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise StoreError(f"{self.path}: an SQLite file, but not a geowire store")
        # executescript commits as it goes; every statement is idempotent, so a cut-off run is redone next time
        self.conn.executescript(SCHEMA)
        self.conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))

    def close(self) -> None:
        self.conn.close()

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
        doc, now = dossier.document, dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        if not doc.id:
            raise ValueError("a dossier's document has no id")
        seen = self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc.id,)).fetchone()
        touched = self._records_of(doc.id) if seen else {}
        if seen:  # the same page again: keep one document, replace its facts with the newer analysis
            for table in (*FACT_TABLES, "mentions"):
                self.conn.execute(f"DELETE FROM {table} WHERE document_id = ?", (doc.id,))
            self.conn.execute(
                "UPDATE documents SET kind = ?, url = coalesce(url, ?), source_path = coalesce(source_path, ?),"
                " title = ?, publisher = ?, date = ?, date_source = ?, language = ?, body = ?, dossier = ?,"
                " last_seen = ?, times_seen = times_seen + 1 WHERE id = ?",
                (doc.kind, doc.url, doc.source_path, doc.title, doc.publisher, doc.date, doc.date_source,
                 doc.language, doc.body, self._dossier_json(dossier), now, doc.id))
        else:
            self.conn.execute(
                "INSERT INTO documents (id, kind, url, source_path, title, publisher, date, date_source, language,"
                " body, dossier, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (doc.id, doc.kind, doc.url, doc.source_path, doc.title, doc.publisher, doc.date, doc.date_source,
                 doc.language, doc.body, self._dossier_json(dossier), now, now))
            self._link_near_duplicates(doc.id, doc.body)
        # every time a page is seen, and where (the document keeps the first place it was seen)
        self.conn.execute("INSERT INTO sightings VALUES (?, ?, ?, ?)", (doc.id, doc.source_path, doc.url, now))
        for actor in dossier.actors:
            self._save_actor(actor)
            self.conn.executemany(
                'INSERT OR IGNORE INTO mentions (document_id, actor_id, start, "end") VALUES (?, ?, ?, ?)',
                [(doc.id, actor.id, s, e) for s, e in actor.mentions])
        self._save_facts(doc.id, dossier)
        if seen:
            self._drop_orphan_records(touched)
        if page_id:
            self.conn.execute("INSERT OR IGNORE INTO related VALUES (?, ?)", (page_id, doc.id))
        for teaser in dossier.related:
            self._save(teaser, doc.id)

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
    def _dossier_json(dossier: Dossier) -> str:
        data = dossier.to_dict()
        data["related"] = [r.document.id for r in dossier.related]  # teasers are documents of their own
        return _json(data)

    def _save_actor(self, actor) -> None:
        row = self.conn.execute("SELECT aliases, sectors FROM actors WHERE id = ?", (actor.id,)).fetchone()
        if row is None:
            self.conn.execute(
                "INSERT INTO actors (id, name, kind, country, role, sectors, aliases) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (actor.id, actor.name, actor.kind, actor.country, actor.role, _json(actor.sectors),
                 _json(actor.aliases)))
            return
        # the same actor from another document: keep what is known, add new aliases and sectors
        aliases = list(dict.fromkeys(json.loads(row["aliases"]) + actor.aliases))
        sectors = list(dict.fromkeys(json.loads(row["sectors"]) + actor.sectors))
        self.conn.execute(
            "UPDATE actors SET aliases = ?, sectors = ?, country = coalesce(country, ?), role = coalesce(role, ?)"
            " WHERE id = ?", (_json(aliases), _json(sectors), actor.country, actor.role, actor.id))

    def _save_facts(self, doc_id: str, d: Dossier) -> None:
        c = self.conn
        for e in d.events:
            cur = c.execute(
                "INSERT INTO events (document_id, type, mode, context, date, location, negated, hypothetical,"
                ' reported, trigger, start, "end", confidence, merged_id)'
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (doc_id, e.type, e.mode, _json(e.context), e.date, e.location, e.negated, e.hypothetical,
                 e.reported, e.trigger, e.span[0], e.span[1], e.confidence, self._merged_event(e)))
            c.executemany("INSERT OR IGNORE INTO event_actors VALUES (?, ?, ?)",
                          [(cur.lastrowid, a, "actor") for a in e.actors]
                          + [(cur.lastrowid, a, "recipient") for a in e.recipients])
        for a in d.agreements:
            record = self._record("agreement_records", AGREEMENT_FIELDS, a.model_dump(mode="json"), self._same_agreement)
            c.execute(
                "INSERT INTO agreements (document_id, name, kind, parties, signed, place, duration_years,"
                " renewal_years, provisions, funding, spans, record_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (doc_id, a.name, a.kind, _json(a.parties), a.signed, a.place, a.duration_years, a.renewal_years,
                 _json(a.provisions), _json([f.model_dump() for f in a.funding]), _json(a.spans), record))
            self._refresh_record("agreement_records", "agreements", AGREEMENT_FIELDS, record)
        for a in d.attributions:
            record = self._record("attribution_records", ATTRIBUTION_FIELDS, a.model_dump(mode="json"),
                                  self._same_attribution)
            c.execute(
                "INSERT INTO attributions (document_id, incident, kind, target, date, operator, sponsor,"
                " attributed_by, campaign, confidence, spans, record_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (doc_id, a.incident, a.kind, _json(a.target), a.date, _json(a.operator), _json(a.sponsor),
                 _json(a.attributed_by), a.campaign, a.confidence, _json(a.spans), record))
            self._refresh_record("attribution_records", "attributions", ATTRIBUTION_FIELDS, record)
        c.executemany(
            'INSERT INTO quotes (document_id, speaker, speaker_text, text, kind, cue, start, "end")'
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(doc_id, q.speaker, q.speaker_text, q.text, q.kind, q.cue, *q.span) for q in d.quotes])
        c.executemany(
            'INSERT INTO amounts (document_id, text, value, currency, usd, period, start, "end")'
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(doc_id, a.text, a.value, a.currency, a.usd, a.period, *a.span) for a in d.amounts])
        c.executemany(
            'INSERT INTO times (document_id, text, value, kind, start, "end") VALUES (?, ?, ?, ?, ?, ?)',
            [(doc_id, t.text, t.value, t.kind, *t.span) for t in d.times])

    # ---- cross-document merging ------------------------------------------------------

    def _merged_event(self, e) -> int:
        """The merged event this report belongs to: same type, actors and recipients, date within the window."""
        key = merge.event_key(e.type, e.actors, e.recipients)
        for row in self.conn.execute("SELECT id, date FROM merged_events WHERE key = ? ORDER BY id", (key,)):
            if merge.same_time(row["date"], e.date):
                return row["id"]
        return self.conn.execute("INSERT INTO merged_events (key, type, date) VALUES (?, ?, ?)",
                                 (key, e.type, e.date)).lastrowid

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
        records = [(r["document_id"], {f: (json.loads(r[f]) if f in JSON_FIELDS else r[f]) for f in fields})
                   for r in rows]
        values, sources = merge.merge_fields(records, fields)
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
        rows = self.conn.execute("SELECT id FROM documents WHERE id LIKE ? || '%' LIMIT 2",
                                 (prefix.lower(),)).fetchall()
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

    def search(self, query: str, limit: int = 20, offset: int = 0) -> list[sqlite3.Row]:
        """Full-text search over titles and bodies (SQLite FTS5 query syntax)."""
        try:
            return self.conn.execute(
                "SELECT d.id, d.kind, d.title, snippet(documents_fts, 1, '[', ']', '…', 12) AS snippet"
                " FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid"
                " WHERE documents_fts MATCH ? ORDER BY rank LIMIT ? OFFSET ?", (query, limit, offset)).fetchall()
        except sqlite3.OperationalError as err:
            raise ValueError(f"bad search query {query!r}: {err}") from None


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
