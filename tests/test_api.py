"""The HTTP API against a real server on loopback and a real SQLite file."""
from __future__ import annotations

import httpx
import pytest

from geowire.model import Agreement, Event, Quote
from geowire.kb.store import Store
from tests.server import get, running_server
from tests.test_store import ARMENIA, TURKEY, make_dossier


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    db = tmp_path_factory.mktemp("api") / "kb.db"
    with Store(db) as store:
        for n, outlet in enumerate(("Outlet one", "Outlet two", "Outlet three")):
            store.save(make_dossier(
                f"{outlet}: Armenia and Turkey held talks in Kars and signed a protocol.", title=f"Talks {n}",
                teasers=("Grain corridor reopens after talks.",), actors=[ARMENIA, TURKEY],
                events=[Event(type="CONSULT", actors=["armenia", "turkey"], trigger="held talks", span=(0, 30),
                              date="2024-05-01")],
                agreements=[Agreement(name="Kars Protocol", parties=["armenia", "turkey"], spans=[(0, 30)])],
                quotes=[Quote(speaker="armenia", speaker_text="Armenia", text="held talks", kind="indirect",
                              span=(0, 10))]))
    with running_server(db, allow_analyze=True) as base:
        yield base, db


def test_list_endpoints_filter_and_paginate(seeded):
    base, _ = seeded
    events = get(base, "/v1/events").json()
    assert len(events["items"]) == 1 and events["items"][0]["sources"] == 3
    assert get(base, "/v1/events", country="TUR").json()["items"][0]["type"] == "CONSULT"
    assert get(base, "/v1/events", type="ASSAULT").json()["items"] == []
    docs = get(base, "/v1/documents", kind="article", limit=2).json()
    assert len(docs["items"]) == 2 and docs["limit"] == 2 and docs["total"] == 3 and docs["offset"] == 0
    assert len(get(base, "/v1/documents", kind="article", limit=2, offset=2).json()["items"]) == 1
    teaser = get(base, "/v1/documents", kind="teaser").json()["items"]
    assert len(teaser) == 1 and teaser[0]["pages"] == 3  # one teaser document, seen on three pages
    assert get(base, "/v1/agreements").json()["items"][0]["sources"] == 3
    assert get(base, "/v1/quotes", speaker="armenia").json()["items"][0]["text"] == "held talks"
    assert len(get(base, "/v1/search", q="Kars").json()["items"]) == 3
    assert get(base, "/v1/events", limit=501).status_code == 422


def test_documents_and_actors_by_id(seeded):
    base, _ = seeded
    doc_id = get(base, "/v1/documents", kind="article").json()["items"][0]["id"]
    dossier = get(base, f"/v1/documents/{doc_id[:8]}").json()
    assert dossier["document"]["id"] == doc_id and dossier["related"][0]["document"]["kind"] == "teaser"
    assert get(base, "/v1/documents/ffffffffffff").status_code == 404
    actor = get(base, "/v1/actors/armenia").json()
    assert actor["actor"]["name"] == "Armenia" and len(actor["events"]) == 1 and len(actor["documents"]) == 3
    assert get(base, "/v1/actors/atlantis").status_code == 404
    graph = get(base, "/v1/graph").json()
    assert {n["id"] for n in graph["nodes"]} == {"armenia", "turkey"} and graph["edges"][0]["type"] == "CONSULT"


def test_analyze_returns_a_dossier_and_stores_it_on_request(seeded, pipeline):
    base, db = seeded
    text = "Japan and South Korea held talks in Seoul on Tuesday about export controls."
    r = httpx.post(base + "/v1/analyze", json={"text": text, "input_format": "plain"}, timeout=120)
    assert r.status_code == 200, r.text
    dossier = r.json()
    assert dossier["document"]["body"] == text
    assert {"japan", "south-korea"} <= {a["id"] for a in dossier["actors"]}
    assert get(base, f"/v1/documents/{dossier['document']['id']}").status_code == 404  # not stored
    r = httpx.post(base + "/v1/analyze", json={"text": text, "input_format": "plain", "store": True}, timeout=120)
    assert get(base, f"/v1/documents/{r.json()['document']['id']}").status_code == 200


def test_analyze_refuses_empty_and_oversized_pages(seeded):
    base, _ = seeded
    assert httpx.post(base + "/v1/analyze", json={"text": "  "}, timeout=30).status_code == 422
    big = "word " * (1024 * 1024 + 1)
    r = httpx.post(base + "/v1/analyze", json={"text": big}, timeout=60)
    assert r.status_code == 413 and "too large" in r.json()["detail"]


def test_the_openapi_page_lists_every_endpoint(seeded):
    base, _ = seeded
    paths = get(base, "/openapi.json").json()["paths"]
    for path in ("/v1/analyze", "/v1/documents/{doc_id}", "/v1/events", "/v1/actors/{actor_id}", "/v1/agreements",
                 "/v1/attributions", "/v1/quotes", "/v1/search"):
        assert path in paths
    assert get(base, "/docs").status_code == 200


def test_every_parameter_of_every_endpoint_is_in_its_openapi(tmp_path):
    # a Query object shared by two parameters (actor and country) once silently dropped the second
    import inspect

    from fastapi.routing import APIRoute

    from geowire.web.api import create_app

    app = create_app(tmp_path / "kb.db")
    spec = app.openapi()["paths"]
    for route in (r for r in app.routes if isinstance(r, APIRoute) and "GET" in r.methods and r.include_in_schema):
        wanted = {n for n, p in inspect.signature(route.endpoint).parameters.items() if n != "request"}
        documented = {p["name"] for p in spec[route.path]["get"].get("parameters", [])}
        assert wanted == documented, route.path


def test_every_paginated_list_answers_items_total_limit_offset_and_validates_types_and_dates(seeded):
    """Each GET endpoint, as its OpenAPI describes it: one with limit and offset answers a page with its
    total; one with a `type` refuses an unknown PLOVER type naming the valid ones; one with a date
    refuses a malformed date (422, one line)."""
    base, _ = seeded
    paths = get(base, "/openapi.json").json()["paths"]
    paged = typed = dated = 0
    for path, spec in paths.items():
        if "get" not in spec or "{" in path:
            continue
        names = {p["name"] for p in spec["get"].get("parameters", [])}
        needed = {"q": "Kars"} if "q" in names else {}
        if {"limit", "offset"} <= names:
            page = get(base, path, limit=1, offset=1, **needed).json()
            assert set(page) == {"items", "total", "limit", "offset"}, path
            assert page["limit"] == 1 and page["offset"] == 1 and len(page["items"]) <= 1, path
            assert page["total"] == len(get(base, path, limit=500, **needed).json()["items"]), path
            paged += 1
        if "type" in names:
            bad = get(base, path, type="INVADE")
            assert bad.status_code == 422, path
            assert all(t in bad.text for t in ("AGREE", "CONSULT", "ASSAULT")), (path, bad.text)
            typed += 1
        for name in {"since", "until"} & names:
            bad = get(base, path, **{name: "2024-02-30"})
            assert bad.status_code == 422 and "YYYY-MM-DD" in bad.text, (path, name, bad.text)
            dated += 1
    assert paged >= 12 and typed >= 5 and dated >= 8  # /v1/events … /v1/table/attributions; the stats; the network
