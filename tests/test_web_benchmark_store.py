"""The analyst's surface on a real corpus: the 181 pages of the article-extraction benchmark and the
example page, analysed once per session with the library and stored, served by the real HTTP server
and driven in Debian's chromium (Playwright) over each view: the dashboard and its chart, the map,
facets in the route, pagination and sorting, the export button, the network, an actor, a document,
the registers, and search with `U.S.` and `al-Tanf`.

Every expected number is asked of the store itself, in SQL written here (never the API's own code),
so that a view that miscounts, drops its filter or shows ids fails. Needs the evaluation data
($GEOWIRE_DATA, default ../shared): skipped cleanly without it.

Building the store: the models load once (the session's `pipeline`), the pages go through
`Pipeline.analyze` (spaCy's nlp.pipe in batches); about 80 s on two shared cores, printed with -s."""
from __future__ import annotations

import csv
import io
import re
import sqlite3
import string
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from geowire.settings import shared_data

ROOT = Path(__file__).resolve().parent.parent
PAGES = shared_data() / "data" / "article-extraction-benchmark" / "html"
EXAMPLE = ROOT / "examples" / "commonspace-russia-south-ossetia-treaty.txt"
PAGE_ROWS = 50  # rows of a table page (app.js PAGE)
ASCII_FOLD = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)  # SQLite's NOCASE


@pytest.fixture(scope="session")
def benchmark_store(tmp_path_factory, request) -> Path:
    """The benchmark pages and the example page, analysed and stored once per session."""
    if not PAGES.is_dir() or not EXAMPLE.is_file():
        pytest.skip("evaluation data not found (set GEOWIRE_DATA)")
    from geowire.kb.store import Store
    from geowire.pipeline import Failure
    from geowire.read import iter_raw

    started = time.monotonic()
    pipeline = request.getfixturevalue("pipeline")  # the models, loaded once for the session
    loaded = time.monotonic()
    db = tmp_path_factory.mktemp("benchmark-store") / "kb.db"
    failures = []
    with Store(db) as store:
        for result in pipeline.analyze(iter_raw([str(PAGES), str(EXAMPLE)])):
            if isinstance(result, Failure):
                failures.append(result.message)
            else:
                store.save(result)
    print(f"\nbenchmark store: pipeline {loaded - started:.1f} s (its models load on first use), 182 pages"
          f" analysed and stored in {time.monotonic() - loaded:.1f} s, {len(failures)} failure(s)")
    assert not failures, failures[:3]
    return db


@pytest.fixture(scope="module")
def site(benchmark_store):
    from tests.server import browser_page

    with browser_page(benchmark_store, allow_analyze=False) as page:
        yield page


@pytest.fixture(scope="module")
def sql(benchmark_store):
    """The store's own answer to a query: `sql(query, *args)` → list of tuples (read-only)."""
    conn = sqlite3.connect(f"file:{benchmark_store}?mode=ro", uri=True)
    yield lambda query, *args: conn.execute(query, args).fetchall()
    conn.close()


def go(page, route: str, ready: str) -> None:
    """Opens a route in a fresh load and waits for a selector of its view."""
    page.goto("about:blank")
    page.goto(f"{page.base}/{route}")
    page.wait_for_selector(ready)


def count_text(total: int, first: int = 1, shown: int | None = None) -> str:
    """The toolbar's count as app.js writes it: '1–50 of 1,362'."""
    if not total:
        return "0 of 0"
    last = first - 1 + (min(PAGE_ROWS, total - first + 1) if shown is None else shown)
    return f"{first}–{last} of {total:,}"


def downloaded_csv(page, button: str) -> list[dict]:
    with page.expect_download() as info:
        page.locator(button).click()
    return list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8"))))


# ---- the dashboard and its chart ------------------------------------------------------------------

def test_the_dashboard_counts_what_the_store_holds(site, sql):
    site.problems.clear()
    go(site, "#/", "svg.chart rect.bar")
    cards = site.locator(".stats").inner_text()
    for label, query in (("articles", "SELECT count(*) FROM documents WHERE kind = 'article'"),
                         ("teasers", "SELECT count(*) FROM documents WHERE kind = 'teaser'"),
                         ("events", "SELECT count(*) FROM merged_events"),
                         ("actors", "SELECT count(*) FROM actors"),
                         ("agreements", "SELECT count(*) FROM agreement_records"),
                         ("attributions", "SELECT count(*) FROM attribution_records"),
                         ("quotes", "SELECT count(*) FROM quotes")):
        n = sql(query)[0][0]
        assert f"{n:,}\n{label}" in cards, (label, n, cards)
    assert sql("SELECT count(*) FROM documents WHERE kind = 'article'")[0][0] == 182  # 181 pages + the example
    # the top actors: those in the most merged events, by name
    top = [r[0] for r in sql("SELECT a.name FROM event_actors ea JOIN events e ON e.id = ea.event_id"
                             " JOIN actors a ON a.id = ea.actor_id GROUP BY a.id"
                             " ORDER BY count(DISTINCT e.merged_id) DESC, a.name LIMIT 10")]
    shown = site.locator(".bars").first.locator(".bar-label a").all_inner_texts()
    assert shown == top
    assert site.problems == []


def test_the_chart_has_one_segment_per_month_and_type_and_a_bar_opens_its_events(site, sql):
    site.problems.clear()
    go(site, "#/", "svg.chart rect.bar")
    segments = sql("SELECT count(*) FROM (SELECT DISTINCT substr(date, 1, 7), type FROM merged_events"
                   " WHERE length(date) >= 7)")[0][0]
    assert site.locator("svg.chart rect.bar").count() == segments > 0
    undated = sql("SELECT count(*) FROM merged_events WHERE date IS NULL OR length(date) < 7")[0][0]
    assert f"{undated} events dated less precisely than a month" in site.locator("main").inner_text()
    legend = site.locator(".chart-legend").inner_text()
    for (kind,) in sql("SELECT DISTINCT type FROM merged_events WHERE length(date) >= 7"):
        assert kind in legend
    # the last bar: its type and month in the route, its events in the table
    site.locator("svg.chart rect.bar").last.click()
    site.wait_for_selector("table.list")
    params = dict(re.findall(r"[?&](\w+)=([^&]*)", site.url))
    kind, month = params["type"], params["since"]
    assert params["until"] == month and re.fullmatch(r"\d{4}-\d{2}", month)
    expected = sql("SELECT count(DISTINCT merged_id) FROM events WHERE type = ? AND date >= ?"
                   " AND substr(date, 1, 7) <= ?", kind, month, month)[0][0]
    assert site.locator(".count").inner_text() == count_text(expected) and expected > 0
    assert set(site.locator("table.list tbody td:nth-child(2)").all_inner_texts()) == {kind}
    assert site.problems == []


# ---- the map --------------------------------------------------------------------------------------

def test_the_map_colours_each_country_by_the_events_of_its_actors(site, sql):
    site.problems.clear()
    go(site, "#/map", "svg.map path.country")
    assert site.locator("svg.map path.country").count() > 150  # Natural Earth's 1:110m countries
    counts = sql("SELECT a.country, count(DISTINCT e.merged_id) FROM events e JOIN event_actors ea ON ea.event_id = e.id"
                 " JOIN actors a ON a.id = ea.actor_id WHERE a.country IS NOT NULL AND a.country != ''"
                 " GROUP BY a.country ORDER BY 2 DESC")
    drawn = 0
    for code, n in counts[:15]:
        shape = site.locator(f'svg.map path[data-id="{code}"]')
        if shape.count() == 0:
            continue  # not a country of the map (an organisation's code, a microstate)
        assert int(shape.get_attribute("data-events")) == n, code
        assert "level-" in shape.get_attribute("class")
        drawn += 1
    assert drawn >= 5
    coloured = {site.locator(f'svg.map path[data-id="{c}"]').count() and c for c, _ in counts} - {0}
    for code in site.locator("svg.map path.country:not(.none)").evaluate_all("ps => ps.map((p) => p.dataset.id)"):
        assert code in coloured, code  # no country coloured without events
    top = next(c for c, _ in counts if site.locator(f'svg.map path[data-id="{c}"]').count())
    site.locator(f'svg.map path[data-id="{top}"]').dispatch_event("click")
    site.wait_for_selector("table.list")
    assert f"country={top}" in site.url
    assert site.problems == []


# ---- tables: facets in the route, pagination, sorting, export -------------------------------------

def test_facets_go_into_the_route_filter_the_rows_and_survive_a_reload(site, sql):
    site.problems.clear()
    go(site, "#/events", "table.list")
    assert site.locator(".count").inner_text() == count_text(sql("SELECT count(*) FROM merged_events")[0][0])
    site.select_option("select[name=type]", index=1)  # the most frequent type
    kind = site.locator("select[name=type]").input_value()
    expect(site).to_have_url(re.compile(re.escape(f"type={kind}")))
    expected = sql("SELECT count(DISTINCT merged_id) FROM events WHERE type = ?", kind)[0][0]
    expect(site.locator(".count")).to_have_text(count_text(expected))
    assert set(site.locator("table.list tbody td:nth-child(2)").all_inner_texts()) == {kind}
    site.select_option("select[name=country]", index=1)  # and the country with the most actors
    country = site.locator("select[name=country]").input_value()
    expect(site).to_have_url(re.compile(re.escape(f"country={country}")))
    both = sql("SELECT count(DISTINCT e.merged_id) FROM events e JOIN event_actors ea ON ea.event_id = e.id"
               " JOIN actors a ON a.id = ea.actor_id WHERE e.type = ? AND a.country = ?", kind, country)[0][0]
    expect(site.locator(".count")).to_have_text(count_text(both))
    assert f"type={kind}" in site.url and f"country={country}" in site.url
    site.reload()
    site.wait_for_selector(".count")
    assert site.locator("select[name=type]").input_value() == kind
    assert site.locator("select[name=country]").input_value() == country
    assert site.locator(".count").inner_text() == count_text(both)
    assert site.problems == []


def test_a_list_pages_through_its_total_and_sorts_by_a_column(site, sql):
    site.problems.clear()
    total = sql("SELECT count(*) FROM actors")[0][0]
    assert total > 2 * PAGE_ROWS
    go(site, "#/actors", "table.list")
    assert site.locator(".count").inner_text() == count_text(total)
    ids = lambda: site.locator("table.list tbody td:first-child a").evaluate_all(  # noqa: E731
        "as => as.map((a) => a.getAttribute('href'))")
    first = ids()
    assert len(first) == PAGE_ROWS == len(set(first))
    site.locator(".pager a", has_text="next").click()
    expect(site.locator(".count")).to_have_text(count_text(total, 51))
    assert "offset=50" in site.url
    second = ids()
    assert len(second) == PAGE_ROWS and not set(first) & set(second)  # other rows
    # the most mentioned first, as the store counts mentions
    mentions = [int(x) for x in site.locator("table.list tbody td:nth-child(6)").all_inner_texts()]
    expected = [r[0] for r in sql("SELECT count(*) FROM mentions GROUP BY actor_id ORDER BY 1 DESC LIMIT 50 OFFSET 50")]
    assert mentions == expected
    # a sortable header: by name, ascending, from the first page again
    site.locator("th a.sort[data-sort=name]").click()
    expect(site).to_have_url(re.compile(r"sort=name"))
    site.wait_for_selector("th a.sort[data-sort=name]:text('▲')")
    names = site.locator("table.list tbody td:first-child").all_inner_texts()
    expected = [r[0] for r in sql("SELECT name FROM actors ORDER BY name COLLATE NOCASE, id LIMIT 50")]
    assert names == expected
    assert names == sorted(names, key=lambda s: s.translate(ASCII_FOLD))
    # the documents, latest first, and their last page
    documents = sql("SELECT count(*) FROM documents")[0][0]
    last = (documents - 1) // PAGE_ROWS * PAGE_ROWS
    go(site, f"#/documents?offset={last}", "table.list")
    assert site.locator(".count").inner_text() == count_text(documents, last + 1)
    assert site.locator(".pager a", has_text="next").count() == 0
    assert site.problems == []


def test_the_export_button_downloads_the_rows_of_the_filter(site, sql):
    site.problems.clear()
    kind = sql("SELECT type FROM events GROUP BY type ORDER BY count(DISTINCT merged_id) DESC, type LIMIT 1")[0][0]
    go(site, f"#/events?type={kind}", "table.list")
    rows = downloaded_csv(site, "a.export")
    expected = {r[0] for r in sql("SELECT DISTINCT merged_id FROM events WHERE type = ?", kind)}
    assert {int(r["id"]) for r in rows} == expected and len(rows) == len(expected)
    assert {r["type"] for r in rows} == {kind}
    # actors of one country: every one, not one page
    country, n = sql("SELECT country, count(*) FROM actors WHERE country IS NOT NULL AND country != ''"
                     " GROUP BY country ORDER BY 2 DESC LIMIT 1")[0]
    go(site, f"#/actors?country={country}", "table.list")
    rows = downloaded_csv(site, "a.export")
    assert len(rows) == n and {r["country"] for r in rows} == {country}
    assert {r["id"] for r in rows} == {r[0] for r in sql("SELECT id FROM actors WHERE country = ?", country)}
    assert site.problems == []


def test_the_registers_have_facets_sorting_and_export_like_the_other_lists(site, sql):
    site.problems.clear()
    agreements = sql("SELECT count(*) FROM agreement_records")[0][0]
    go(site, "#/agreements", "table.list")
    assert site.locator(".count").inner_text() == count_text(agreements) and agreements > 0
    # parties by name: no party id is shown where its actor has another name
    parties = sql("SELECT DISTINCT a.id, a.name FROM agreement_records r, json_each(r.record, '$.parties') j"
                  " JOIN actors a ON a.id = j.value")
    cells = " ".join(site.locator("table.list tbody td:nth-child(4)").all_inner_texts())
    assert parties and all(name in cells for _, name in parties)
    assert not [i for i, name in parties if i != name and re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", cells)]
    # a facet: the parties' country
    site.select_option("select[name=party_country]", index=1)
    country = site.locator("select[name=party_country]").input_value()
    expect(site).to_have_url(re.compile(re.escape(f"party_country={country}")))
    expected = sql("SELECT count(DISTINCT r.id) FROM agreement_records r, json_each(r.record, '$.parties') j"
                   " JOIN actors a ON a.id = j.value WHERE a.country = ?", country)[0][0]
    expect(site.locator(".count")).to_have_text(count_text(expected))
    rows = downloaded_csv(site, "a.export")
    assert len(rows) == expected
    # sorted by the number of sources, most first
    site.locator("th a.sort[data-sort=sources]").click()
    expect(site).to_have_url(re.compile("sort=sources"))
    site.wait_for_selector("th a.sort[data-sort=sources]:text('▲')")
    site.locator("th a.sort[data-sort=sources]").click()
    site.wait_for_selector("th a.sort[data-sort=sources]:text('▼')")
    sources = [int(x.split()[0]) for x in site.locator("table.list tbody td:last-child").all_inner_texts()]
    assert sources == sorted(sources, reverse=True) and len(sources) == expected
    assert "party_country=" in site.url and "order=desc" in site.url
    # the status column and facet (every stage offered, with its count)
    assert site.locator("table.list th", has_text="Status").count() == 1
    assert site.locator("select[name=status] option").count() == 9  # any + the eight stages
    # the attributions: kind, confidence and the operators' country as facets
    attributions = sql("SELECT count(*) FROM attribution_records")[0][0]
    go(site, "#/attributions", "table.list")
    assert site.locator(".count").inner_text() == count_text(attributions)
    for name in ("kind", "confidence", "operator_country"):
        assert site.locator(f"select[name={name}]").count() == 1, name
    operator = sql("SELECT a.country, count(DISTINCT r.id) FROM attribution_records r,"
                   " json_each(r.record, '$.operator') j JOIN actors a ON a.id = j.value"
                   " WHERE a.country IS NOT NULL GROUP BY a.country ORDER BY 2 DESC LIMIT 1")
    if operator:
        (country, n), = operator
        site.select_option("select[name=operator_country]", country)
        expect(site).to_have_url(re.compile(re.escape(f"operator_country={country}")))
        expect(site.locator(".count")).to_have_text(count_text(n))
    assert site.problems == []


# ---- the network ----------------------------------------------------------------------------------

def test_the_network_draws_the_top_actors_fast_without_overlapping_names(site, sql):
    site.problems.clear()
    top = 60
    started = time.monotonic()
    go(site, f"#/graph?top={top}", "svg.graph[data-ms]")
    elapsed = time.monotonic() - started
    drawn_ms = int(site.locator("svg.graph").get_attribute("data-ms"))
    assert drawn_ms <= 2000, drawn_ms
    assert elapsed <= 4, elapsed  # the whole page load, on two shared cores
    # the actors linked to another by an event (its first report's actors and recipients)
    linked = {r[0] for r in sql(
        "WITH first AS (SELECT min(id) AS id FROM events GROUP BY merged_id)"
        " SELECT DISTINCT ea.actor_id FROM event_actors ea JOIN first f ON f.id = ea.event_id"
        " WHERE (SELECT count(DISTINCT actor_id) FROM event_actors x WHERE x.event_id = ea.event_id) > 1")}
    nodes = site.locator("svg.graph g.node").evaluate_all("gs => gs.map((g) => g.dataset.id)")
    assert len(nodes) == min(top, len(linked)) and set(nodes) <= linked
    weights = [int(w) for w in site.locator("svg.graph line").evaluate_all("ls => ls.map((l) => l.dataset.weight)")]
    assert weights and min(weights) >= 1
    boxes = site.locator("svg.graph text.label:not(.hidden)").evaluate_all(
        "ts => ts.map((t) => { const r = t.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })")
    assert len(boxes) >= min(top, len(linked)) // 2  # most names shown
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    # clicking a node opens its actor, by name
    first = nodes[0]
    name = sql("SELECT name FROM actors WHERE id = ?", first)[0][0]
    site.locator(f'svg.graph g[data-id="{first}"] circle').click()
    expect(site.locator("main h1")).to_have_text(name)
    assert f"#/actor/{first}" in site.url
    assert site.problems == []


# ---- an actor, a document -------------------------------------------------------------------------

def test_the_busiest_actor_page_counts_its_events_mentions_and_counterparts(site, sql):
    site.problems.clear()
    actor, events = sql("SELECT ea.actor_id, count(DISTINCT e.merged_id) FROM event_actors ea JOIN events e"
                        " ON e.id = ea.event_id GROUP BY ea.actor_id ORDER BY 2 DESC, 1 LIMIT 1")[0]
    name, kind = sql("SELECT name, kind FROM actors WHERE id = ?", actor)[0]
    documents, mentions = sql("SELECT count(DISTINCT document_id), count(*) FROM mentions WHERE actor_id = ?", actor)[0]
    go(site, f"#/actor/{actor}", "main h2")
    assert site.locator("main h1").inner_text() == name
    assert f"{mentions} mentions in {documents} documents · {events} events" in site.locator("main").inner_text()
    assert site.locator("main table").first.locator("tbody tr").count() == min(50, events)
    counterpart = sql("SELECT a.name FROM event_actors me JOIN event_actors other ON other.event_id = me.event_id"
                      " AND other.actor_id != me.actor_id JOIN events e ON e.id = me.event_id"
                      " JOIN actors a ON a.id = other.actor_id WHERE me.actor_id = ? GROUP BY a.id"
                      " ORDER BY count(DISTINCT e.merged_id) DESC, a.name LIMIT 1", actor)[0][0]
    assert site.locator(".bars .bar-label").first.inner_text().startswith(counterpart)
    assert site.locator("svg.chart rect.bar").count() >= 1 or "events over time" not in site.locator("main").inner_text().lower()
    # a state's page names its agencies and groups (actors of its country), if the store has any
    family = sql("SELECT s.id, f.name FROM actors s JOIN actors f ON f.country = s.country AND f.id != s.id"
                 " WHERE s.kind = 'state' AND f.kind IN ('agency', 'threat-group', 'campaign') ORDER BY s.id LIMIT 1")
    if family:
        (state, member), = family
        go(site, f"#/actor/{state}", "main h2")
        assert member in site.locator(".family").inner_text()
    assert site.problems == []


def test_the_document_view_lists_every_fact_with_its_offsets(site, sql):
    site.problems.clear()
    doc, n = sql("SELECT document_id, count(*) FROM events GROUP BY document_id ORDER BY 2 DESC, 1 LIMIT 1")[0]
    facts = sql("SELECT start, \"end\" FROM events WHERE document_id = ?1 UNION ALL SELECT start, \"end\" FROM quotes"
                " WHERE document_id = ?1 UNION ALL SELECT start, \"end\" FROM amounts WHERE document_id = ?1"
                " UNION ALL SELECT start, \"end\" FROM times WHERE document_id = ?1 ORDER BY 1, 2", doc)
    title = sql("SELECT title FROM documents WHERE id = ?", doc)[0][0]
    go(site, f"#/doc/{doc[:12]}", "article .body")
    assert site.locator("main h1").inner_text() == (title or "(untitled)")
    offsets = site.locator(".fact-list a.offsets").all_inner_texts()
    assert offsets == [f"{s}–{e}" for s, e in facts] and len(offsets) >= n
    assert site.locator("article mark.event").count() >= 1 and site.locator("article mark.actor").count() >= 1
    site.locator(".fact-list a.offsets").first.click()
    panel = site.locator("#fact")
    panel.wait_for(state="visible")
    assert f"at {facts[0][0]}–" in panel.inner_text() and "{" not in panel.inner_text()
    assert panel.locator("dl.fields dt").count() >= 1
    assert site.problems == []


# ---- search ---------------------------------------------------------------------------------------

# FTS5's unicode61 tokenizer: letters and digits make words, everything else separates them, any case
PHRASES = {"U.S.": r"(?<![^\W_])u[\W_]+s(?![^\W_])", "al-Tanf": r"(?<![^\W_])al[\W_]+tanf(?![^\W_])"}


@pytest.mark.parametrize("words", PHRASES)
def test_search_takes_text_with_dots_and_hyphens_and_marks_the_matches(site, sql, words):
    site.problems.clear()
    pattern = re.compile(PHRASES[words], re.IGNORECASE)
    expected = sum(1 for title, body in sql("SELECT title, body FROM documents")
                   if pattern.search(f"{title or ''}\n{body}"))
    assert expected > 0
    go(site, "#/", "svg.chart")
    site.fill("#search input[name=q]", words)
    site.press("#search input[name=q]", "Enter")
    site.wait_for_selector("main h1:text('Search:')")
    site.wait_for_selector(".count")
    assert site.locator("main h1").inner_text() == f"Search: {words}"
    shown = min(expected, PAGE_ROWS)
    assert site.locator(".count").inner_text().startswith(f"1–{shown} of {expected} documents")
    rows = site.locator("main table tbody tr")
    assert rows.count() == shown
    first_word = re.split(r"\W", words)[0].lower()
    for i in range(shown):
        marks = rows.nth(i).locator(".snippet mark").all_inner_texts()
        snippet = rows.nth(i).locator(".snippet").inner_text()
        assert marks, snippet
        # the phrase, marked whole; only the snippet's cut (…) may leave its first word alone
        for k, mark in enumerate(marks):
            assert pattern.fullmatch(mark) or (k == len(marks) - 1 and snippet.endswith(mark + "…")
                                               and mark.lower() == first_word), (marks, snippet)
    assert "[" not in " ".join(site.locator(".snippet").all_inner_texts())  # markup, not brackets
    assert site.problems == []
