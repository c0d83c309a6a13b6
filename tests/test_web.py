"""The web page in a real browser: Debian's chromium driven by Playwright, against a real server.

`make test` installs chromium (apt) when it is missing; CHROMIUM may point at another build."""
from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect, sync_playwright

from geowire.model import Actor, Agreement, Document, Dossier, Event, Quote, document_id
from geowire.read import iter_raw
from geowire.kb.store import Store
from tests.server import running_server

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

BODY = ("Armenia and Turkey signed the Kars Protocol on 3 May 2024.\n\n"
        "\"The border will open,\" the Armenian foreign minister said. "
        "A reader wrote <script>window.__pwned = true</script> in the comments.")


def seeded_dossier() -> Dossier:
    armenia = Actor(id="armenia", name="Armenia", kind="state", country="ARM", mentions=[(0, 7)])
    turkey = Actor(id="turkey", name="Turkey", kind="state", country="TUR", mentions=[(12, 18)])
    start = BODY.index("The border")
    return Dossier(
        document=Document(id=document_id(BODY), body=BODY, title="Armenia and Turkey sign <b>protocol</b>",
                          date="2024-05-03", date_source="text"),
        actors=[armenia, turkey],
        events=[Event(type="SUPPORT", actors=["armenia", "turkey"], trigger="signed", span=(0, 59),
                      date="2024-05-03")],
        agreements=[Agreement(name="Kars Protocol", parties=["armenia", "turkey"], signed="2024-05-03",
                              spans=[(0, 59)])],
        quotes=[Quote(speaker="armenia", speaker_text="the Armenian foreign minister", text="The border will open",
                      kind="direct", span=(start, start + 20))])


# A page stored before URLs were checked on the way in: its url would run if it were a link.
HOSTILE_BODY = "Armenia and Turkey met again in Kars. U.S. envoys came from al-Tanf."
HOSTILE_URLS = ("javascript:window.__pwned = true", "JavaScript:window.__pwned = true", "java\tscript:alert(1)",
                "data:text/html,<script>window.__pwned = true</script>", "  javascript:alert(1)", "/relative")


def hostile_dossier(url: str) -> Dossier:
    body = f"{HOSTILE_BODY} Link {url!r}."
    return Dossier(document=Document(id=document_id(body), body=body, title=f"Hostile link {HOSTILE_URLS.index(url)}",
                                     url=url))


EXAMPLE = Path(__file__).parent.parent / "examples" / "commonspace-russia-south-ossetia-treaty.txt"


@pytest.fixture(scope="module")
def example(pipeline):
    (dossier,) = pipeline.analyze(iter_raw([str(EXAMPLE)]))
    return dossier


@pytest.fixture(scope="module")
def page(tmp_path_factory, example):
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium (apt-get install chromium)")
    db = tmp_path_factory.mktemp("web") / "kb.db"
    with Store(db) as store:
        store.save(seeded_dossier())
        store.save(example)
        for url in HOSTILE_URLS:
            store.save(hostile_dossier(url))
    with running_server(db) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        pg = browser.new_page(viewport={"width": 1280, "height": 900})
        pg.base = base
        pg.csp_violations = []
        pg.on("console", lambda m: pg.csp_violations.append(m.text) if "Content Security Policy" in m.text else None)
        yield pg
        browser.close()


def open_document(page, doc_id: str, title: str) -> None:
    """Go to a document's view and wait until it shows (a hash change keeps the old view a moment)."""
    page.goto(f"{page.base}/#/doc/{doc_id[:12]}")
    expect(page.locator("h1")).to_have_text(title)
    page.wait_for_selector("article .body")


def test_the_document_view_highlights_facts_and_shows_them_on_click(page):
    open_document(page, document_id(BODY), "Armenia and Turkey sign <b>protocol</b>")  # a title is text too
    actor_marks = page.locator("mark.actor")
    assert actor_marks.count() == 2 and actor_marks.first.inner_text() == "Armenia"
    assert page.locator("mark.quote").first.inner_text() == "The border will open"
    assert page.locator("mark.event").count() >= 1
    page.locator("mark.quote").first.click()
    panel = page.locator("#fact")
    assert panel.is_visible() and "direct quote of Armenia" in panel.inner_text()


def test_the_example_page_shows_its_facts_at_their_offsets(page, example):
    open_document(page, example.document.id, example.document.title)
    body = example.document.body
    # every highlighted actor mention is the text at the offsets the dossier gives
    mentions = {body[s:e] for a in example.actors for s, e in a.mentions}
    shown = set(page.locator("mark.actor").all_inner_texts())
    assert shown and shown <= mentions | {m for m in shown if any(m in x for x in mentions)}
    assert "Tibilov" in " ".join(shown) and "Putin" in " ".join(shown)
    assert page.locator("mark.amount", has_text="43 billion rubles").count() == 1
    assert page.locator("mark.time", has_text="2008-2014").count() >= 1
    page.locator("mark.amount", has_text="43 billion rubles").click()
    assert "43,000,000,000 RUB" in page.locator("#fact").inner_text()
    legend = page.locator(".legend").inner_text()
    assert f"{len(example.quotes)} quotes" in legend and f"{len(example.events)} events" in legend
    page.locator(".facts a", has_text="Leonid Tibilov").click()
    page.wait_for_selector("h1:text('Leonid Tibilov')")
    assert "CONSULT" in page.locator("main table").first.inner_text()


def test_text_that_looks_like_markup_stays_text(page):
    open_document(page, document_id(BODY), "Armenia and Turkey sign <b>protocol</b>")
    assert "<script>window.__pwned = true</script>" in page.locator("article .body").inner_text()
    assert page.evaluate("window.__pwned") is None
    assert page.locator("article script").count() == 0


def test_an_actor_page_lists_its_events_quotes_and_agreements(page):
    open_document(page, document_id(BODY), "Armenia and Turkey sign <b>protocol</b>")
    page.locator(".facts a", has_text="Turkey").click()
    page.wait_for_selector("h1:text('Turkey')")
    assert "SUPPORT" in page.locator("table").first.inner_text()
    assert "Kars Protocol" in page.content()


def test_the_timeline_and_the_graph_render(page):
    page.goto(f"{page.base}/#/timeline")
    page.wait_for_selector("h1:text('Timeline of events')")
    items = page.locator(".timeline .item").all_inner_texts()
    assert any("2024-05-03" in i and "SUPPORT" in i for i in items)
    assert any("2015-03-18" in i for i in items)
    dates = [i.split("\n")[0][:10] for i in items]
    assert dates == sorted(dates)  # in time order
    page.goto(f"{page.base}/#/graph")
    page.wait_for_selector("svg.graph[data-ms]")  # drawn and its names placed
    # the actors linked by events: the seeded page's two and the example's
    linked = httpx.get(f"{page.base}/v1/network", timeout=30).json()["nodes"]
    assert page.locator("svg.graph circle").count() == len(linked) >= 2 + 8
    assert page.locator("svg.graph line").count() >= 1
    page.locator('svg.graph g[data-id="armenia"] circle').click()
    page.wait_for_selector("h1:text('Armenia')")


def test_the_registers_render(page):
    page.goto(f"{page.base}/#/agreements")
    page.wait_for_selector("h1:text('Register of agreements')")
    register = page.locator("main table").inner_text()
    assert "Kars Protocol" in register and "Treaty on Alliance and Integration" in register
    page.goto(f"{page.base}/#/attributions")
    page.wait_for_selector("h1:text('Register of attributions')")
    register = page.locator("main table").inner_text()
    assert "air traffic control" in register and "apt28" in register.lower()


def test_a_document_url_is_a_link_only_if_it_is_http(page):
    for n, url in enumerate(HOSTILE_URLS):
        open_document(page, hostile_dossier(url).document.id, f"Hostile link {n}")
        assert page.locator("main a[href]:not([href^='#'])").count() == 0, url
        assert url.strip() in page.locator("main .meta").nth(1).inner_text().replace("\t", " ") or "\t" in url
    assert page.evaluate("window.__pwned") is None
    # the page's own check, whatever the server sends
    verdicts = page.evaluate("""() => ["javascript:alert(1)", " javascript:alert(1)", "java\\tscript:alert(1)",
        "data:text/html,x", "vbscript:x", "/relative", "//evil.example/x", "https://example.org/a?b#c",
        "#/doc/abc"].map(safeHref)""")
    assert verdicts == [None] * 7 + ["https://example.org/a?b#c", "#/doc/abc"]
    dropped = page.evaluate("el('a', { href: 'javascript:alert(1)' }, 'x').hasAttribute('href')")
    assert dropped is False
    for href in page.eval_on_selector_all("a[href]", "links => links.map((a) => a.href)"):
        assert href.startswith(("http://", "https://")), href


def test_a_malformed_address_shows_not_found(page):
    open_document(page, document_id(BODY), "Armenia and Turkey sign <b>protocol</b>")
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{page.base}/#/doc/%E0%A4%A")
    expect(page.locator("h1")).to_have_text("Not found")
    page.goto(f"{page.base}/#/search/%E0%A4%A")
    expect(page.locator("h1")).to_have_text("Not found")
    page.goto(f"{page.base}/#/nowhere")
    expect(page.locator("h1")).to_have_text("Not found")
    assert errors == []


def test_search_marks_the_matched_words_and_pages_through_results(page):
    page.goto(f"{page.base}/#/")
    page.fill("#search input", "al-Tanf")
    page.press("#search input", "Enter")
    expect(page.locator("h1")).to_have_text("Search: al-Tanf")
    assert page.locator("main table tbody tr").count() == len(HOSTILE_URLS)
    assert set(page.locator("main td .snippet mark").all_inner_texts()) == {"al-Tanf"}
    assert f"of {len(HOSTILE_URLS)} documents" in page.locator("main .meta").first.inner_text()
    page.goto(f"{page.base}/#/search/{'U.S.'}")
    expect(page.locator("h1")).to_have_text("Search: U.S.")
    assert page.locator("main table tbody tr").count() == len(HOSTILE_URLS)
    page.goto(f"{page.base}/#/search/%3Cb%3EKars%3C%2Fb%3E")  # markup in the query is text too
    expect(page.locator("h1")).to_have_text("Search: <b>Kars</b>")
    page.goto(f"{page.base}/#/search/{'Kars%20' * 40}")  # past the cap on terms: the reason, in words
    expect(page.locator("h1")).to_have_text("Something went wrong")
    assert "too many search terms" in page.locator("main").inner_text()


def test_a_view_whose_data_comes_late_does_not_replace_the_next_one(page):
    # the dashboard's stats answer after the reader has already searched: the search stays
    held = []
    page.route("**/v1/stats*", lambda route: held.append(route))
    try:
        page.goto(f"{page.base}/#/documents")
        expect(page.locator("h1")).not_to_have_text("Search: al-Tanf")
        page.goto(f"{page.base}/#/")
        page.wait_for_timeout(200)
        assert held, "the dashboard asked for its stats"
        page.fill("#search input", "al-Tanf")
        page.press("#search input", "Enter")
        expect(page.locator("h1")).to_have_text("Search: al-Tanf")
    finally:
        for route in held:  # the late answers arrive now
            route.continue_()
        page.unroute("**/v1/stats*")
    page.wait_for_timeout(500)
    expect(page.locator("h1")).to_have_text("Search: al-Tanf")


def test_the_page_runs_under_its_content_security_policy(page):
    page.csp_violations.clear()
    open_document(page, document_id(BODY), "Armenia and Turkey sign <b>protocol</b>")
    page.goto(f"{page.base}/#/graph")
    page.wait_for_selector("h1:text('Network of actors')")
    assert page.csp_violations == []
    swatch = page.locator(".legend i").first
    assert swatch.count() == 0 or swatch.get_attribute("style") is None


def test_the_api_docs_render_offline(page):
    page.goto(f"{page.base}/docs")
    page.wait_for_selector(".opblock", timeout=30_000)
    assert page.locator(".opblock").count() >= 10 and "/v1/search" in page.content()
    page.goto(f"{page.base}/redoc")
    page.get_by_text("Full-text search over titles and bodies").first.wait_for(timeout=30_000)
    # ReDoc's only outside request, its "powered by" logo, is blocked (and nothing else is)
    assert all("Loading the image 'https://cdn.redoc.ly/" in v for v in page.csp_violations), page.csp_violations
