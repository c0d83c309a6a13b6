"""The analyst's surface in a real browser (Debian's chromium, Playwright): the dashboard and its chart,
tables with facets in the route, pagination and CSV export, the network without overlapping names,
actor pages by name (a state with its agencies and groups), the document's facts list and panel.

The store is built here from hand-made dossiers (no shared data): 14 articles and 2 teasers of two
publishers over 14 months, 62 actors, 57 events of every kind of flag."""
from __future__ import annotations

import csv
import io
import time

import httpx
import pytest
from playwright.sync_api import expect

from geowire.kb.store import Store
from geowire.model import Actor, Agreement, Attribution, Document, Dossier, Event, Quote, document_id
from tests.server import browser_page

TYPES = ["CONSULT", "AGREE", "ACCUSE", "SUPPORT", "THREATEN", "AID", "SANCTION", "COERCE"]
STATES = [("russia", "Russia", "RUS"), ("germany", "Germany", "DEU"), ("ukraine", "Ukraine", "UKR"),
          ("united-states", "United States", "USA"), ("france", "France", "FRA"), ("china", "China", "CHN")]
PEOPLE = [(f"person-{i:02d}", f"Minister Number{i:02d} Longname", STATES[i % len(STATES)][2]) for i in range(40 + 14)]
FAMILY = [Actor(id="gru", name="GRU", kind="agency", country="RUS"),
          Actor(id="apt28", name="APT28", kind="threat-group", country="RUS")]


class Writer:
    """A body written sentence by sentence, with the offsets of what each sentence names."""

    def __init__(self):
        self.text = ""

    def add(self, *parts) -> list[tuple[int, int]]:
        """Appends a sentence of plain strings and (marked) 1-tuples; returns the spans of the marked ones."""
        spans = []
        for part in parts:
            if isinstance(part, tuple):
                spans.append((len(self.text), len(self.text) + len(part[0])))
                part = part[0]
            self.text += part
        self.text += " "
        return spans


def dossier(n: int) -> Dossier:
    """Article n: a few events among states and people, dated in month n of 2023-2024, one negated and
    one hypothetical in some, a quote, and in the first the agreement and the attribution."""
    w = Writer()
    names = {a[0]: a[1] for a in STATES + PEOPLE} | {a.id: a.name for a in FAMILY}
    mentions: dict[str, list] = {}
    events, quotes = [], []
    month = f"{2023 + n // 12}-{n % 12 + 1:02d}"
    for k in range(4):
        a, b = STATES[(n + k) % 6][0], PEOPLE[(n * 3 + k) % 40][0]
        if k == 3:
            b = STATES[(n + 2) % 6][0]
        start = len(w.text)
        spans = w.add((names[a],), " held talks with ", (names[b],), f" on day {k + 1}.")
        mentions.setdefault(a, []).append(spans[0])
        mentions.setdefault(b, []).append(spans[1])
        events.append(Event(type=TYPES[(n + k) % len(TYPES)], actors=[a], recipients=[b], trigger="held talks",
                            span=(start, len(w.text) - 1), date=f"{month}-{k + 10:02d}",
                            negated=(n % 5 == 0 and k == 0), hypothetical=(n % 4 == 1 and k == 1)))
    observer = PEOPLE[40 + n][0]  # one more actor per article, in no event
    mentions[observer] = w.add((names[observer],), " watched.")
    start = len(w.text)
    spans = w.add((names["russia"],), " said: \"We will answer\".")
    mentions["russia"].append(spans[0]) if "russia" in mentions else mentions.setdefault("russia", [spans[0]])
    quotes.append(Quote(speaker="russia", speaker_text="Russia", text="We will answer", kind="direct",
                        span=(start + len("Russia said: \""), start + len("Russia said: \"We will answer"))))
    agreements, attributions = [], []
    if n == 0:
        spans = w.add((names["russia"],), " and ", (names["ukraine"],), " signed the Minsk Protocol.")
        mentions["russia"].append(spans[0])
        mentions.setdefault("ukraine", []).append(spans[1])
        agreements.append(Agreement(name="Minsk Protocol", parties=["russia", "ukraine"], signed=f"{month}-05"))
        spans = w.add((names["germany"],), " said ", (names["apt28"],), " of the ", (names["gru"],),
                      " attacked air traffic control.")
        mentions.setdefault("germany", []).append(spans[0])
        mentions["apt28"] = [spans[1]]
        mentions["gru"] = [spans[2]]
        attributions.append(Attribution(incident="cyberattack on air traffic control", kind="cyber",
                                        operator=["apt28"], sponsor=["gru"], attributed_by=["germany"]))
        events.append(Event(type="COERCE", mode="cyber", actors=["apt28", "gru"], recipients=["germany"],
                            trigger="attacked", span=(spans[1][0], len(w.text) - 1), date=f"{month}-20"))
    actors = []
    for aid, spans in mentions.items():
        state = next((s for s in STATES if s[0] == aid), None)
        person = next((p for p in PEOPLE if p[0] == aid), None)
        family = next((f for f in FAMILY if f.id == aid), None)
        if state:
            actors.append(Actor(id=aid, name=state[1], kind="state", country=state[2], mentions=spans))
        elif person:
            actors.append(Actor(id=aid, name=person[1], kind="person", country=person[2], mentions=spans))
        else:
            actors.append(family.model_copy(update={"mentions": spans}))
    body = w.text.strip()
    return Dossier(document=Document(id=document_id(body), body=body, title=f"Report number {n}",
                                     publisher="Wire A" if n % 2 else "Wire B", date=f"{month}-28",
                                     date_source="text"),
                   actors=actors, events=events, quotes=quotes, agreements=agreements, attributions=attributions)


def teaser(n: int) -> Dossier:
    body = f"Teaser {n}: talks went on."
    return Dossier(document=Document(id=document_id(body), kind="teaser", body=body, title=f"Teaser {n}"))


ARTICLES = 14


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    db = tmp_path_factory.mktemp("dashboard") / "kb.db"
    with Store(db) as store:
        for n in range(ARTICLES):
            store.save(dossier(n))
        for n in range(2):
            store.save(teaser(n))
    with browser_page(db, allow_analyze=False) as page:
        yield page


def api(page, path: str, **params):
    return httpx.get(page.base + path, params=params, timeout=30).json()


def go(page, route: str, ready: str) -> None:
    """Opens a route and waits for a selector of its view: a fresh load (a new hash alone would keep the
    old view a moment, and its selector would match)."""
    page.goto("about:blank")
    page.goto(f"{page.base}/{route}")
    page.wait_for_selector(ready)


def test_the_dashboard_shows_counts_the_chart_by_type_and_the_top_lists(site):
    site.problems.clear()
    go(site, "#/", "svg.chart rect.bar")
    stats = api(site, "/v1/stats")
    assert stats["counts"]["articles"] == ARTICLES and stats["counts"]["teasers"] == 2
    cards = site.locator(".stats").inner_text()
    assert f"{ARTICLES}\narticles" in cards and f"{stats['counts']['events']}\nevents" in cards
    # one bar segment per (month, type) with events; the legend names the types with their totals
    over = api(site, "/v1/stats/events-over-time", by="type", bucket="month")
    segments = sum(1 for counts in over["series"].values() for c in counts if c)
    assert site.locator("svg.chart rect.bar").count() == segments
    assert len(over["buckets"]) == ARTICLES  # one month per article
    legend = site.locator(".chart-legend").inner_text()
    assert all(t in legend for t in over["series"])
    assert "Russia" in site.locator(".bars").first.inner_text()  # top actors, by name
    assert "RUS" in site.locator(".bars").nth(1).inner_text()  # countries
    assert "Minsk Protocol" in site.locator("main").inner_text()
    assert "cyberattack on air traffic control" in site.locator("main").inner_text()
    # a bar opens the events of its type and month
    site.locator("svg.chart rect.bar").first.click()
    site.wait_for_selector("table.list")
    assert "type=" in site.url and "since=" in site.url
    assert site.problems == []


def test_facets_change_the_route_and_the_rows_and_survive_a_reload(site):
    site.problems.clear()
    go(site, "#/events", "table.list")
    everything = api(site, "/v1/table/events", limit=1)["total"]
    assert f"of {everything}" in site.locator(".count").inner_text()
    site.select_option("select[name=type]", "ACCUSE")
    expect(site.locator(".count")).not_to_have_text(f"1–50 of {everything}")
    assert "type=ACCUSE" in site.url
    accuse = api(site, "/v1/table/events", type="ACCUSE", limit=500)
    assert accuse["total"] > 0
    expect(site.locator("table.list tbody tr")).to_have_count(accuse["total"])  # the new view, not the old one
    assert set(site.locator("table.list tbody td:nth-child(2)").all_inner_texts()) == {"ACCUSE"}
    site.select_option("select[name=publisher]", "Wire A")
    wire_a = api(site, "/v1/table/events", type="ACCUSE", publisher="Wire A")["total"]
    expect(site.locator(".count")).to_contain_text(f"of {wire_a}")
    expect(site.locator("table.list tbody tr")).to_have_count(wire_a)
    assert "publisher=Wire" in site.url
    site.reload()
    site.wait_for_selector("table.list")
    assert site.locator("select[name=type]").input_value() == "ACCUSE"
    assert site.locator("select[name=publisher]").input_value() == "Wire A"
    # names, not ids; the negated and hypothetical flags shown
    go(site, "#/events?negated=true", "table.list")
    assert set(site.locator("table.list tbody td:nth-child(6)").all_inner_texts()) == {"negated"}
    rows = site.locator("table.list tbody").inner_text()
    assert "person-" not in rows and "Minister Number" in rows
    go(site, "#/events?hypothetical=true", "table.list")
    assert "hypothetical" in site.locator("table.list tbody").inner_text()
    go(site, "#/events?country=RUS&since=2023-06&until=2023-12&actor_kind=state&doc_kind=article", "table.list")
    total = api(site, "/v1/table/events", country="RUS", since="2023-06", until="2023-12", actor_kind="state",
                doc_kind="article")["total"]
    assert site.locator("table.list tbody tr").count() == total > 0
    assert site.problems == []


def test_lists_are_paginated_with_their_total_and_sortable(site):
    go(site, "#/actors", "table.list")
    total = api(site, "/v1/table/actors", limit=1)["total"]
    assert total > 50
    assert site.locator(".count").inner_text() == f"1–50 of {total}"
    assert site.locator("table.list tbody tr").count() == 50
    site.locator(".pager a", has_text="next").click()
    expect(site.locator(".count")).to_have_text(f"51–{total} of {total}")
    assert "offset=50" in site.url
    site.locator("th a.sort[data-sort=name]").click()
    expect(site.locator("th a.sort[data-sort=name]")).to_contain_text("▲")
    names = site.locator("table.list tbody td:first-child").all_inner_texts()
    assert names == sorted(names, key=str.lower) and "offset" not in site.url
    site.locator("th a.sort[data-sort=name]").click()
    expect(site.locator("th a.sort[data-sort=name]")).to_contain_text("▼")
    names = site.locator("table.list tbody td:first-child").all_inner_texts()
    assert names == sorted(names, key=str.lower, reverse=True)
    go(site, "#/documents?sort=date&order=asc", "table.list")
    dates = site.locator("table.list tbody td:first-child").all_inner_texts()
    dated = [d for d in dates if d != "—"]
    assert dated == sorted(dated) and len(dated) == ARTICLES


def test_the_export_button_downloads_the_filtered_rows_as_csv(site):
    go(site, "#/events?type=CONSULT&publisher=Wire%20B", "table.list")
    expected = api(site, "/v1/table/events", type="CONSULT", publisher="Wire B", limit=500)
    with site.expect_download() as info:
        site.locator("a.export").click()
    download = info.value
    assert download.suggested_filename == "geowire-events.csv"
    rows = list(csv.DictReader(io.StringIO(open(download.path(), encoding="utf-8").read())))
    assert len(rows) == expected["total"] > 0
    assert {r["type"] for r in rows} == {"CONSULT"} and {r["publisher"] for r in rows} == {"Wire B"}
    assert sorted(int(r["id"]) for r in rows) == sorted(e["id"] for e in expected["items"])
    assert all("person-" not in r["recipients"] for r in rows)  # names in the file too


def test_the_network_shows_top_actors_fast_with_names_that_do_not_overlap(site):
    site.problems.clear()
    started = time.monotonic()
    go(site, "#/graph?top=40", "svg.graph[data-ms]")
    elapsed = time.monotonic() - started
    assert elapsed <= 2.0, elapsed
    assert int(site.locator("svg.graph").get_attribute("data-ms")) <= 2000
    assert site.locator("svg.graph circle").count() == 40
    weights = [int(w) for w in site.locator("svg.graph line").evaluate_all("ls => ls.map((l) => l.dataset.weight)")]
    assert weights and max(weights) > 1  # edges weighted by the events they merge
    boxes = site.locator("svg.graph text.label:not(.hidden)").evaluate_all(
        "ts => ts.map((t) => { const r = t.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })")
    assert len(boxes) >= 15
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    # filters in the route
    site.select_option("select[name=country]", "RUS")
    expect(site.locator("svg.graph")).to_be_visible()
    site.wait_for_function("location.hash.includes('country=RUS')")
    site.wait_for_selector("svg.graph[data-ms]")
    assert site.locator('svg.graph g[data-id="russia"]').count() == 1
    site.locator('svg.graph g[data-id="russia"] circle').click()
    expect(site.locator("h1")).to_have_text("Russia")
    assert site.problems == []


def test_a_state_page_names_its_agencies_and_their_attributions(site):
    site.problems.clear()
    go(site, "#/actor/russia", "h1:text('Russia')")
    family = site.locator(".family").inner_text()
    assert "GRU" in family and "APT28" in family
    main = site.locator("main").inner_text()
    assert "cyberattack on air traffic control" in main  # APT28's, of the GRU, of Russia
    assert "Minsk Protocol" in main
    events = site.locator("main table").first.inner_text()
    assert "Minister Number" in events and "person-" not in events  # names, not ids
    assert site.locator("svg.chart rect.bar").count() >= 1  # its events over time
    assert "Germany" in site.locator(".bars").inner_text()  # a counterpart
    assert site.problems == []


def test_the_document_view_lists_its_facts_and_the_panel_is_readable_beside_the_text(site):
    site.problems.clear()
    d = dossier(0)
    go(site, f"#/doc/{d.document.id[:12]}", "article .body")
    facts = site.locator(".fact-list table tbody tr")
    assert facts.count() == len(d.events) + len(d.quotes)
    first = sorted(e.span for e in d.events)[0]
    assert site.locator(".fact-list a.offsets").first.inner_text() == f"{first[0]}–{first[1]}"
    site.locator(".fact-list tr", has_text="cyber").locator("a.offsets").click()
    panel = site.locator("#fact")
    expect(panel).to_be_visible()
    text = panel.inner_text()
    assert "COERCE" in text and "APT28" in text and "{" not in text  # labels and values, not JSON
    assert panel.locator("dl.fields dt", has_text="trigger").count() == 1
    # in the sidebar, above its lists: it covers neither them nor the text
    p, side, article = (site.locator(s).bounding_box() for s in ("#fact", ".facts", "article"))
    assert p["y"] + p["height"] <= side["y"] + 1 and p["x"] >= article["x"] + article["width"]
    assert site.problems == []


def test_the_world_map_colours_countries_by_their_events(site):
    site.problems.clear()
    go(site, "#/map", "svg.map path.country")
    assert site.locator("svg.map path.country").count() > 150  # Natural Earth's 1:110m countries
    counts = {c["country"]: c["events"] for c in api(site, "/v1/stats/countries")["items"]}
    for code in ("RUS", "DEU", "UKR", "USA", "FRA", "CHN"):
        shape = site.locator(f'svg.map path[data-id="{code}"]')
        assert int(shape.get_attribute("data-events")) == counts[code] > 0
        assert "level-" in shape.get_attribute("class")
    assert "none" in site.locator('svg.map path[data-id="BRA"]').get_attribute("class")  # no events there
    site.locator('svg.map path[data-id="RUS"]').dispatch_event("click")  # its box's centre may be outside it
    site.wait_for_selector("table.list")
    assert "country=RUS" in site.url
    assert site.problems == []


def test_the_views_keep_the_strict_content_security_policy(site):
    response = httpx.get(site.base + "/", timeout=30)
    csp = response.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "style-src 'self';" in csp and "unsafe-inline" not in csp
    assert "<script>" not in response.text and " style=" not in response.text
    site.problems.clear()
    for route, ready in [("#/", "svg.chart"), ("#/events", "table.list"), ("#/graph", "svg.graph[data-ms]"),
                         ("#/actor/russia", "h1:text('Russia')"), ("#/timeline", ".timeline"),
                         ("#/attributions", "main table"), ("#/map", "svg.map")]:
        go(site, route, ready)
        assert site.locator("main [style]").count() == 0, route
    assert site.problems == []


def test_the_new_endpoints_validate_their_input_and_keep_exports_safe(site):
    get = lambda path, **params: httpx.get(site.base + path, params=params, timeout=30)  # noqa: E731
    assert get("/v1/table/events", sort="text; DROP TABLE events").status_code == 422
    assert get("/v1/table/events", type="BOGUS").status_code == 422
    assert get("/v1/table/events", since="20").status_code == 422
    assert get("/v1/table/events", negated="maybe").status_code == 422
    assert get("/v1/stats/events-over-time", bucket="week").status_code == 422
    assert get("/v1/network", top=0).status_code == 422
    assert get("/v1/actors/nobody/profile").status_code == 404
    assert get("/v1/table/events", actor_id="gru").json()["total"] == 1  # that actor only, not a name match
    profile = get("/v1/actors/russia/profile").json()
    assert profile["events_total"] == len(profile["events"]) > 0 and profile["actor"]["mentions"] >= ARTICLES
    assert {f["id"] for f in profile["family"]} == {"gru", "apt28"}
    assert get("/v1/names", id=["russia", "gru", "nobody"]).json() == {
        "russia": {"name": "Russia", "kind": "state", "country": "RUS"},
        "gru": {"name": "GRU", "kind": "agency", "country": "RUS"}}
    # every new endpoint answers under the strict policy
    for path in ("/v1/stats", "/v1/stats/facets", "/v1/stats/countries", "/v1/table/actors", "/v1/network"):
        r = get(path)
        assert r.status_code == 200 and "unsafe-inline" not in r.headers["content-security-policy"], path
    # a cell that a spreadsheet would run as a formula is quoted in the CSV
    from geowire.web.api import _csv_cell
    assert _csv_cell("=HYPERLINK(\"http://evil\")").startswith("'=") and _csv_cell("-12.5") == "-12.5"
    assert _csv_cell([{"id": "gru", "name": "GRU"}, {"id": "apt28", "name": "APT28"}]) == "GRU; APT28"
    csv_text = get("/v1/table/actors", format="csv", country="RUS").text
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    assert {r["name"] for r in rows} >= {"Russia", "GRU", "APT28"} and all(r["country"] == "RUS" for r in rows)


def test_the_timeline_pages_filters_orders_and_exports_like_a_list(site):
    site.problems.clear()
    go(site, "#/timeline", ".timeline")
    dated = api(site, "/v1/table/events", since="0001", limit=1)["total"]
    assert site.locator(".count").inner_text() == f"1–{min(dated, 100)} of {dated} dated events"
    site.select_option("select[name=type]", "ACCUSE")
    accuse = api(site, "/v1/table/events", since="0001", type="ACCUSE", limit=500)
    expect(site.locator(".count")).to_have_text(f"1–{accuse['total']} of {accuse['total']} dated events")
    assert "type=ACCUSE" in site.url
    dates = site.locator(".timeline .date").all_inner_texts()
    assert dates == sorted(dates) and len(dates) == accuse["total"] > 0
    site.locator("a.sort", has_text="earliest first").click()
    expect(site.locator("a.sort")).to_contain_text("latest first")
    assert "order=desc" in site.url and site.locator(".timeline .date").all_inner_texts() == dates[::-1]
    with site.expect_download() as info:
        site.locator("a.export").click()
    rows = list(csv.DictReader(io.StringIO(open(info.value.path(), encoding="utf-8").read())))
    assert sorted(int(r["id"]) for r in rows) == sorted(e["id"] for e in accuse["items"])
    assert site.problems == []
