"""Exports read back: PLOVER JSON Lines checked field by field against the PLOVER manual, GraphML read
back with networkx, Parquet and CSV columns typed.

The store is built from small dossiers made here (no spaCy, no ../shared), so that every case the
exports must handle is present: a year-only, a month-only and an undated event, an event dated by its
document only, a negated and a hypothetical event, an actor with no country, an IGO with none, an actor
that takes part in no event, and the same event reported by two documents (one merged event).
"""
from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from geowire.kb.store import Store
from geowire.model import Actor, Agreement, Attribution, Document, Dossier, Event, Quote, document_id
from geowire.output.export import export

# ---- a small store -----------------------------------------------------------------------------------

BODY_1 = ("Russia and South Ossetia signed a treaty on alliance in 2015. Georgia accused Russia of annexation "
          "in March 2015. Russia did not withdraw its troops. If Russia attacked Georgia, the EU would respond. "
          "The OSCE urged restraint. Hackers of APT28 attacked Georgia.")
BODY_2 = "Russia and South Ossetia signed a treaty on alliance on 18 March 2015, Tass reported."


def _span(body: str, text: str) -> tuple[int, int]:
    start = body.index(text)
    return start, start + len(text)


def _actor(body: str, id: str, name: str, kind: str, country, sectors=(), mention=None) -> Actor:
    return Actor(id=id, name=name, kind=kind, country=country, sectors=list(sectors),
                 mentions=[_span(body, mention or name)] if (mention or name) in body else [])


def sample_dossiers() -> list[Dossier]:
    """Two articles: the first dated 2015-03-20 by its page, the second undated (its event dated in the text)."""
    b1, b2 = BODY_1, BODY_2
    actors1 = [
        _actor(b1, "russia", "Russia", "state", "RUS", ["GOV"]),
        _actor(b1, "south-ossetia", "South Ossetia", "partially-recognized-state", "GEO", ["GOV", "PRE"]),
        _actor(b1, "georgia", "Georgia", "state", "GEO", ["GOV"]),
        _actor(b1, "eu", "European Union", "igo", "EUR", mention="EU"),
        _actor(b1, "osce", "OSCE", "igo", None),                      # an IGO with no country: IGO
        _actor(b1, "apt28", "APT28", "threat-group", None),           # no country known: UNK
        _actor(b1, "tass", "Tass", "media", "RUS", ["JRN"], mention="Russia"),  # in no event
    ]
    s = lambda text: _span(b1, text)  # noqa: E731
    events1 = [
        Event(type="AGREE", mode="sign", actors=["russia", "south-ossetia"], date="2015-03-17",
              trigger="signed", span=s("Russia and South Ossetia signed a treaty on alliance in 2015.")),
        Event(type="ACCUSE", actors=["georgia"], recipients=["russia"], date="2015-03", trigger="accused",  # month
              span=s("Georgia accused Russia of annexation in March 2015.")),
        Event(type="RETREAT", actors=["russia"], negated=True, trigger="withdraw",  # negated: left out
              span=s("Russia did not withdraw its troops.")),
        Event(type="ASSAULT", actors=["russia"], recipients=["georgia"], hypothetical=True, trigger="attacked",
              span=s("If Russia attacked Georgia, the EU would respond.")),  # hypothetical, document's date
        Event(type="REQUEST", actors=["osce"], context=["diplomatic"], trigger="urged", date="2015",  # year only
              span=s("The OSCE urged restraint.")),
        Event(type="ASSAULT", mode="cyber", actors=["apt28"], recipients=["georgia"], trigger="attacked",
              date="2015-03-18", span=s("Hackers of APT28 attacked Georgia.")),
    ]
    doc1 = Document(id=document_id(b1), title="Treaty signed", publisher="Example News", date="2015-03-20",
                    url="https://example.org/treaty", body=b1, language="en")
    first = Dossier(document=doc1, actors=actors1, events=events1,
                    agreements=[Agreement(name="treaty on alliance", parties=["russia", "south-ossetia"],
                                          signed="2015", spans=[s("treaty on alliance")])],
                    attributions=[Attribution(incident="attack on Georgia", kind="cyber", target=["georgia"],
                                              operator=["apt28"], date="2015-03-18",
                                              spans=[s("Hackers of APT28 attacked Georgia.")])],
                    quotes=[Quote(text="urged restraint", speaker="osce", speaker_text="The OSCE", kind="indirect",
                                  span=s("urged restraint"))])
    actors2 = [_actor(b2, "russia", "Russia", "state", "RUS", ["GOV"]),
               _actor(b2, "south-ossetia", "South Ossetia", "partially-recognized-state", "GEO", ["GOV", "PRE"])]
    doc2 = Document(id=document_id(b2), title="Tass on the treaty", date=None, body=b2, source_path="tass.txt")
    second = Dossier(document=doc2, actors=actors2, events=[
        Event(type="AGREE", mode="sign", actors=["russia", "south-ossetia"], date="2015-03-18", trigger="signed",
              span=_span(b2, "Russia and South Ossetia signed a treaty on alliance on 18 March 2015"))])
    # an event with neither its own date nor its document's: no PLOVER record can hold it
    b3 = "Georgia protested."
    third = Dossier(document=Document(id=document_id(b3), body=b3),
                    actors=[_actor(b3, "georgia", "Georgia", "state", "GEO", ["GOV"])],
                    events=[Event(type="PROTEST", actors=["georgia"], trigger="protested", span=(0, len(b3)))])
    return [first, second, third]


def build_store(path: Path) -> Path:
    with Store(path) as store:
        for dossier in sample_dossiers():
            store.save(dossier)
    return path


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("kb") / "sample.db")


def run_export(store_path: Path, fmt: str, out: Path, **options) -> tuple[list[Path], dict]:
    report: dict = {}
    with Store(store_path) as store:
        return export(store, fmt, out, report=report, **options), report


# ---- PLOVER: a checker written from the manual's "Data Fields" chapter -------------------------------
# Written by hand: no package validates PLOVER event records (PyPI's "plover" packages are the
# stenography engine's; openeventdata publishes the manual, no schema).

# Table "PLOVER JSON": name → required?
PLOVER_FIELDS = {"id": True, "has_event": False, "date": True, "time": False, "enddate": False, "endtime": False,
                 "actor": True, "recipient": False, "event": True, "event_loc": False, "event_text": False,
                 "quad_code": False, "event_scale": False, "mode": False, "context": False, "link": False,
                 "text": False, "text_info": False, "cite_info": False, "coder": False, "coded_date": False,
                 "coded_time": False, "comment": False}
# "Information object for entities", "... for text", "... for citations", the location object
ENTITY_FIELDS = {"code", "sector", "entity_text", "identifier_id", "identifier_text", "religion", "ethnicity",
                 "office", "gender", "age"}
TEXT_INFO_FIELDS = {"sequence", "start", "end", "text_story"}
CITE_INFO_FIELDS = {"corpus", "citation", "url", "title", "language", "publication", "license", "copyright",
                    "coder", "codebook", "version"}
LOCATION_FIELDS = {"extracted_place", "resolved_place", "geonameid", "lat", "lon", "city", "district", "province",
                   "country", "country_code", "feature_class", "feature_code", "resolution"}
EVENT_CATEGORIES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                    "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
# the manual's quad categories, by event category (each "Quad category:" subsection)
QUAD = {**dict.fromkeys(("AGREE", "CONSULT", "SUPPORT", "CONCEDE"), 1), **dict.fromkeys(("COOPERATE", "AID",
        "RETREAT"), 2), **dict.fromkeys(("REQUEST", "ACCUSE", "REJECT", "THREATEN"), 3),
        **dict.fromkeys(("PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"), 4)}
YMD = re.compile(r"\d{4}-\d{2}-\d{2}")


def plover_problems(record: dict) -> list[str]:
    """What in one record departs from the manual (empty: nothing)."""
    import datetime as dt

    bad = [f"missing required {f}" for f, required in PLOVER_FIELDS.items() if required and f not in record]
    if not isinstance(record.get("id"), str) or not record.get("id"):
        bad.append("id is not a non-empty string")
    date = record.get("date")
    if not (isinstance(date, str) and YMD.fullmatch(date)):
        bad.append(f"date {date!r} is not YYYY-MM-DD")
    else:
        dt.date.fromisoformat(date)  # a real day
    if record.get("date_precision") not in ("day", "month", "year"):
        bad.append(f"date_precision {record.get('date_precision')!r}")
    for role in ("actor", "recipient"):
        entities = record.get(role, [])
        if not isinstance(entities, list) or (role == "actor" and not entities):
            bad.append(f"{role} is not a (non-empty for actor) list")
            continue
        for e in entities:
            if not (isinstance(e.get("code"), str) and re.fullmatch(r"[A-Z]{3}", e["code"])):
                bad.append(f"{role} code {e.get('code')!r} is not a 3-letter code")
            if e.get("sector") is not None and not re.fullmatch(r"[A-Z]{3}([A-Z]{3})?", e["sector"]):
                bad.append(f"{role} sector {e['sector']!r} is not 3 or 6 letters")
            if not (ENTITY_FIELDS & set(e)) >= {"code", "sector", "entity_text", "identifier_id"}:
                bad.append(f"{role} lacks the manual's entity fields")
    if not (isinstance(record.get("event"), list) and record["event"] and set(record["event"]) <= EVENT_CATEGORIES):
        bad.append(f"event {record.get('event')!r}")
    for listed in ("mode", "context", "event_text"):
        if listed in record and not isinstance(record[listed], list):
            bad.append(f"{listed} is not a list")
    if record.get("quad_code") not in (None, *{QUAD[e] for e in record.get("event", []) if e in QUAD}):
        bad.append(f"quad_code {record.get('quad_code')!r}")
    if record.get("event_loc") is not None and not set(record["event_loc"]) <= LOCATION_FIELDS:
        bad.append(f"event_loc fields {set(record['event_loc'])}")
    if "text_info" in record and not set(record["text_info"]) <= TEXT_INFO_FIELDS:
        bad.append(f"text_info fields {set(record['text_info'])}")
    cite = record.get("cite_info") or {}
    if not set(cite) <= CITE_INFO_FIELDS:
        bad.append(f"cite_info fields not the manual's: {set(cite) - CITE_INFO_FIELDS}")
    if not re.fullmatch(r"[a-z]{2}", cite.get("language") or ""):
        bad.append(f"cite_info.language {cite.get('language')!r} is not ISO 639-1")
    if "hypothetical" in record.get("context", []) and not record.get("hypothetical"):
        bad.append("hypothetical context on an event not hypothetical")
    if record.get("hypothetical") and "hypothetical" not in record.get("context", []):
        bad.append("hypothetical event not flagged in context (manual: auxiliary modes go in the context)")
    if record.get("negated"):
        bad.append("a negated event is exported")
    return bad


def test_plover_export_follows_the_manual_field_by_field(store_path, tmp_path):
    (path,), report = run_export(store_path, "plover", tmp_path)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    problems = {r["id"]: plover_problems(r) for r in records}
    assert not any(problems.values()), problems
    assert len({r["id"] for r in records}) == len(records)  # unique within the data set
    # 8 events stored: the negated one and the undated one are left out, and counted
    assert len(records) == 6 and report == {"events": 6, "negated": 1, "undated": 1}


def test_plover_dates_keep_their_precision(store_path, tmp_path):
    (path,), _ = run_export(store_path, "plover", tmp_path)
    by_text = {r["text"][:20]: r for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())}
    signed = [r for r in map(json.loads, path.read_text(encoding="utf-8").splitlines()) if r["event"] == ["AGREE"]]
    assert {(r["date"], r["date_precision"]) for r in signed} == {("2015-03-17", "day"), ("2015-03-18", "day")}
    assert signed[0]["link"] and len({r["link"] for r in signed}) == 1  # two reports of one merged event
    year = by_text["The OSCE urged restr"]
    assert (year["date"], year["date_precision"], year["date_source"]) == ("2015-01-01", "year", "event")
    month = by_text["Georgia accused Russ"]
    assert (month["date"], month["date_precision"]) == ("2015-03-01", "month")
    hypothetical = by_text["If Russia attacked G"]  # no date of its own: its document's
    assert (hypothetical["date"], hypothetical["date_source"]) == ("2015-03-20", "document")
    assert "hypothetical" in hypothetical["context"] and hypothetical["hypothetical"] is True


def test_plover_codes_citation_and_unknown_actors(store_path, tmp_path):
    (path,), _ = run_export(store_path, "plover", tmp_path)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    codes = {e["identifier_id"]: (e["code"], e["sector"]) for r in records for e in r["actor"] + r["recipient"]}
    assert codes["osce"] == ("IGO", None) and codes["apt28"] == ("UNK", None)
    assert codes["russia"] == ("RUS", "GOV") and codes["south-ossetia"] == ("GEO", "GOV")
    accused = next(r for r in records if r["event"] == ["ACCUSE"])
    cite = accused["cite_info"]
    assert cite["publication"] == "Example News" and cite["language"] == "en" and "publisher" not in cite
    assert cite["url"] == "https://example.org/treaty" and cite["citation"] == accused["document_id"]


# ---- GraphML ---------------------------------------------------------------------------------------

def graphml_keys(path: Path) -> list[tuple[str, str, str]]:
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    return [(k.get("for"), k.get("attr.name"), k.get("attr.type")) for k in ET.parse(path).getroot().findall("g:key", ns)]


def test_graphml_reads_back_with_one_typed_key_per_attribute(store_path, tmp_path):
    import networkx as nx

    (path,), report = run_export(store_path, "graphml", tmp_path)
    keys = graphml_keys(path)
    assert len({(f, n) for f, n, _ in keys}) == len(keys), keys  # one key per attribute, one type each
    types = {(f, n): t for f, n, t in keys}
    assert types[("edge", "weight")] in ("int", "long") and types[("node", "country")] == "string"
    assert types[("node", "mentions")] in ("int", "long") and types[("edge", "first_date")] == "string"
    assert "nan" not in path.read_text(encoding="utf-8").lower().replace("nanny", "")
    graph = nx.read_graphml(path)
    assert "tass" not in graph  # in no event
    assert set(graph) == {"russia", "south-ossetia", "georgia", "osce", "apt28"}
    assert "country" not in graph.nodes["apt28"]  # unknown: left out, not "nan" nor ""
    signed = graph.edges["russia", "south-ossetia"]
    assert signed["weight"] == 1 and signed["sources"] == 2 and signed["types"] == "AGREE"  # one merged event
    assert graph.edges["georgia", "russia"]["types"] == "ACCUSE"
    assert report == {"actors": 5, "edges": graph.number_of_edges()}
    (everyone,), _ = run_export(store_path, "graphml", tmp_path / "all", all_actors=True)
    assert "tass" in nx.read_graphml(everyone)


# ---- Parquet and CSV -------------------------------------------------------------------------------

def test_parquet_columns_are_typed_and_csv_holds_lists_as_json(store_path, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    written, _ = run_export(store_path, "parquet", tmp_path / "pq")
    events = pq.read_table(tmp_path / "pq" / "events.parquet")
    assert pa.types.is_list(events.schema.field("actors").type)
    assert pa.types.is_boolean(events.schema.field("negated").type)
    assert pa.types.is_integer(events.schema.field("start").type)
    assert pa.types.is_floating(events.schema.field("confidence").type)
    merged = pq.read_table(tmp_path / "pq" / "merged_events.parquet")
    assert pa.types.is_list(merged.schema.field("documents").type)
    assert pa.types.is_integer(merged.schema.field("sources").type)
    agreed = pq.read_table(tmp_path / "pq" / "agreements.parquet").to_pylist()
    assert agreed[0]["parties"] == ["russia", "south-ossetia"]
    run_export(store_path, "csv", tmp_path / "csv")
    with (tmp_path / "csv" / "events.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    accused = next(r for r in rows if r["type"] == "ACCUSE")
    assert json.loads(accused["actors"]) == ["georgia"] and accused["negated"] == "False"
    assert json.loads(accused["context"]) == []


def test_plover_date_keeps_the_most_precise_real_date():
    from geowire.output.plover import plover_date

    assert [plover_date(v) for v in ("2015", "2015-03", "2015-03-18", "2015-02-30", "2015-03-18T10:00:00Z")] == [
        ("2015-01-01", "year"), ("2015-03-01", "month"), ("2015-03-18", "day"), ("2015-02-01", "month"),
        ("2015-03-18", "day")]
    assert plover_date(None) is None and plover_date("March") is None
