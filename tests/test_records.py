"""Records derived from the model: every output of a record has the model's fields, lists as lists and
flags as booleans, whether it comes from the library, the CLI, the HTTP API, Parquet or CSV."""
from __future__ import annotations

import json
import sqlite3

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from geowire.cli import app
from geowire.kb import query
from geowire.kb.store import COLUMNS, RECORD_TABLES, SCHEMA, Store, StoreError
from geowire.model import (Actor, Agreement, Amount, Attribution, Caption, Document, Dossier, Event, Funding, Quote,
                           Removed, TimeExpression, document_id)
from geowire.output import records
from geowire.output.tables import SCHEMAS, TABLE_COLUMNS, TABLES, dossiers_from_rows, rows_of
from tests.server import get, running_server
from tests.test_store import ARMENIA, TURKEY, make_dossier


def report(outlet: str, negated: bool = False) -> Dossier:
    body = f"{outlet}: Armenia and Turkey held talks in Kars and signed a protocol."
    return make_dossier(
        body, title=outlet, teasers=("Grain corridor reopens after talks.",),
        actors=[ARMENIA.model_copy(update={"aliases": ["Republic of Armenia"], "sectors": ["GOV"]}), TURKEY],
        events=[Event(type="CONSULT", actors=["turkey", "armenia"], trigger="held talks", span=(0, 30),
                      date="2024-05-01", negated=negated, context=["border"])],
        agreements=[Agreement(name="Kars Protocol", parties=["armenia", "turkey"], provisions=["trade"],
                              funding=[Funding(value=5e6, currency="EUR", span=(0, 4))], spans=[(0, 30)])],
        attributions=[Attribution(incident="a cyberattack on the grid", kind="cyber", target=["armenia"],
                                  operator=["turkey"], spans=[(0, 5)])],
        quotes=[Quote(speaker="armenia", speaker_text="Armenia", text="held talks", kind="indirect", span=(0, 10))])


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("records") / "kb.db"
    with Store(path) as store:
        store.save(report("Outlet one"))
        store.save(report("Outlet two", negated=True))
    return path


# ---- the derivation ------------------------------------------------------------------------------

def test_columns_come_from_the_model_fields_with_a_span_as_start_and_end():
    kinds = {c.name: c.kind for c in records.columns(Event)}
    assert list(kinds) == ["type", "mode", "context", "actors", "recipients", "date", "location", "negated",
                           "hypothetical", "reported", "trigger", "start", "end", "confidence"]
    assert kinds["actors"] == "list" and kinds["negated"] == "bool" and kinds["start"] == "int"
    assert kinds["confidence"] == "float" and kinds["type"] == "str"
    assert {c.name: c.kind for c in records.columns(Amount)}["equivalent_of"] == "int"


def test_every_model_field_is_a_store_column_and_a_table_column():
    with sqlite3.connect(":memory:") as conn:
        conn.executescript(SCHEMA)
        for table, spec in RECORD_TABLES.items():
            stored = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            assert [c.name for c in COLUMNS[table]] == [c for c in stored if c in {c.name for c in COLUMNS[table]}]
            fields = set(spec.model.model_fields) - set(spec.exclude)
            assert {c.field for c in COLUMNS[table]} == fields, table
    for table, cols in TABLE_COLUMNS.items():
        assert {c.field for c in cols if c.field} == set(RECORD_TABLES[table].model.model_fields)
        assert SCHEMAS[table].names == TABLES[table]


def test_parquet_schemas_have_list_struct_and_bool_columns():
    events, agreements, documents = SCHEMAS["events"], SCHEMAS["agreements"], SCHEMAS["documents"]
    assert events.field("actors").type == pa.list_(pa.string())
    assert events.field("negated").type == pa.bool_() and events.field("start").type == pa.int64()
    assert agreements.field("spans").type == pa.list_(pa.list_(pa.int64()))
    assert agreements.field("funding").type.value_type.field("currency").type == pa.string()
    assert documents.field("captions").type.value_type.names == ["text", "credit", "date"]


def test_rows_through_parquet_give_back_the_same_dossiers(tmp_path):
    body = "Armenia and Turkey met. They pledged 5 million euros (5.4 million dollars)."
    dossier = Dossier(
        document=Document(id=document_id(body), body=body, title="Talks", authors=["A. Writer"], language=None,
                          captions=[Caption(text="Leaders meet", credit="AP")],
                          removed=[Removed(text="Home", reason="navigation")], notes=["a note"]),
        actors=[ARMENIA, TURKEY],
        events=[Event(type="CONSULT", actors=["armenia"], recipients=["turkey"], trigger="met", span=(0, 22),
                      negated=True, hypothetical=True)],
        agreements=[Agreement(name="Pledge", parties=["armenia", "turkey"], duration_years=2.5,
                              funding=[Funding(value=5e6, currency="EUR", usd=5.4e6, year=2024, span=(31, 48)),
                                       Funding(value=1.0, currency="USD")], spans=[(0, 5), (24, 30)])],
        amounts=[Amount(text="5 million euros", value=5e6, currency="EUR", span=(31, 46)),
                 Amount(text="5.4 million dollars", value=5.4e6, currency="USD", equivalent_of=0, span=(48, 67))],
        times=[TimeExpression(text="x", value="2024", span=(0, 1))],
        related=[Dossier(document=Document(id=document_id("T."), kind="teaser", body="T."))])
    rows = rows_of([dossier])
    back = {}
    for table, table_rows in rows.items():
        pq.write_table(pa.Table.from_pylist(table_rows, schema=SCHEMAS[table]), tmp_path / f"{table}.parquet")
        back[table] = pq.read_table(tmp_path / f"{table}.parquet").to_pylist()
    assert back["events"][0]["negated"] is True and back["events"][0]["actors"] == ["armenia"]
    assert [d.to_dict() for d in dossiers_from_rows(back)] == [dossier.to_dict()]


def test_rows_give_back_the_dossiers_with_their_teasers():
    """A page and its teasers, a teaser on two pages: `dossiers_from_rows` undoes `rows_of`."""
    body1, body2 = "Armenia and Turkey met in 2024.", "Russia protested."
    shared = Dossier(document=Document(id=document_id("A teaser."), kind="teaser", body="A teaser."),
                     times=[TimeExpression(text="A", value="2020", span=(0, 1))])
    first = Dossier(
        document=Document(id=document_id(body1), body=body1, title="Talks", authors=["A. Writer"],
                          credits=["news.example"]),
        actors=[Actor(id="armenia", name="Armenia", kind="state", country="ARM", mentions=[(0, 7)]),
                Actor(id="turkey", name="Turkey", kind="state", country="TUR", sectors=["GOV"], mentions=[(12, 18)])],
        events=[Event(type="CONSULT", actors=["armenia"], recipients=["turkey"], trigger="met", span=(0, 31),
                      negated=True, confidence=0.7)],
        times=[TimeExpression(text="2024", value="2024", span=(26, 30))],
        related=[shared])
    second = Dossier(
        document=Document(id=document_id(body2), body=body2, date="2024-05-01", date_source="text"),
        quotes=[Quote(speaker="russia", text="protested", kind="indirect", span=(7, 16))],
        amounts=[Amount(text="x", value=5.0, currency="EUR", usd=5.4, span=(0, 1))],
        related=[shared])
    back = dossiers_from_rows(rows_of([first, second]))
    assert [d.to_dict() for d in back] == [first.to_dict(), second.to_dict()]


# ---- one answer, three ways ----------------------------------------------------------------------

QUERIES = [("events", "/v1/events", query.events), ("actors", "/v1/actors", query.actors),
           ("agreements", "/v1/agreements", query.agreements), ("attributions", "/v1/attributions", query.attributions),
           ("quotes", "/v1/quotes", query.quotes)]


def test_the_cli_the_api_and_the_library_give_the_same_records(db):
    runner = CliRunner()
    with running_server(db) as base:
        for command, path, ask in QUERIES:
            library = records.records(ask(db))
            result = runner.invoke(app, [command, "--db", str(db), "--format", "json"])
            assert result.exit_code == 0, result.output
            cli = json.loads(result.stdout)
            api = get(base, path).json()["items"]
            assert library and cli == api == json.loads(json.dumps(library)), command
        assert get(base, "/v1/documents").json()["items"] == json.loads(json.dumps(records.records(
            query.documents(db))))
    event = records.records(query.events(db))[0]
    assert event["actors"] == ["armenia", "turkey"] and event["recipients"] == [] and event["context"] == ["border"]
    assert event["sources"] == 2 and len(event["documents"]) == 2
    assert event["negated"] is True and event["hypothetical"] is False  # one of the reports is negated
    actor = next(a for a in records.records(query.actors(db)) if a["id"] == "armenia")
    assert actor["aliases"] == ["Republic of Armenia"] and actor["sectors"] == ["GOV"]
    agreement = records.records(query.agreements(db))[0]
    assert agreement["parties"] == ["armenia", "turkey"] and agreement["funding"][0]["currency"] == "EUR"
    assert agreement["field_sources"]["provisions"]["trade"] in agreement["documents"]
    attribution = records.records(query.attributions(db))[0]
    assert attribution["operator"] == ["turkey"] and attribution["sources"] == 2


def test_the_library_gives_lists_and_booleans_in_its_frames(db):
    events = query.events(db)
    assert isinstance(events.at[0, "actors"], list) and isinstance(events.at[0, "documents"], list)
    assert events["negated"].dtype == "boolean" and events["sources"].dtype == "Int64"
    assert isinstance(query.actors(db).at[0, "aliases"], list)


def test_csv_holds_lists_as_json_text_and_parquet_as_lists(db, tmp_path):
    result = CliRunner().invoke(app, ["events", "--db", str(db), "--format", "csv"])
    assert result.exit_code == 0
    assert '"[""armenia"", ""turkey""]"' in result.stdout and ",True," in result.stdout
    out = tmp_path / "export"
    result = CliRunner().invoke(app, ["export", "--db", str(db), "--format", "parquet", "--out", str(out)])
    assert result.exit_code == 0, result.output
    events = pq.read_table(out / "events.parquet")
    assert events.schema.field("actors").type == pa.list_(pa.string())
    assert events.schema.field("negated").type == pa.bool_()
    merged = pq.read_table(out / "merged_events.parquet").to_pylist()
    assert merged[0]["actors"] == ["armenia", "turkey"] and merged[0]["negated"] is True
    registers = pq.read_table(out / "agreement_records.parquet").to_pylist()
    assert registers[0]["parties"] == ["armenia", "turkey"] and json.loads(registers[0]["field_sources"])["name"]
    CliRunner().invoke(app, ["export", "--db", str(db), "--format", "csv", "--out", str(out)])
    import pandas as pd

    frame = pd.read_csv(out / "events.csv")
    assert json.loads(frame.loc[0, "actors"]) in (["turkey", "armenia"], ["armenia", "turkey"])
    CliRunner().invoke(app, ["export", "--db", str(db), "--format", "jsonl", "--out", str(out)])
    line = json.loads((out / "merged_events.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert line["actors"] == ["armenia", "turkey"] and line["negated"] is True


def test_a_store_of_the_former_schema_is_refused_in_one_line(tmp_path):
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        conn.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    with pytest.raises(StoreError) as err:
        Store(path)
    assert "store schema 1" in str(err.value) and "\n" not in str(err.value)
