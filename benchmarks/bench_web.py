"""How fast the web page's views appear on a store of 2,000 documents.

    .venv/bin/python benchmarks/bench_web.py                       # analyses the benchmark pages first
    .venv/bin/python benchmarks/bench_web.py --base kb.db          # or takes the dossiers of a store

Builds the store from the 181 pages of the article-extraction benchmark
($GEOWIRE_DATA/data/article-extraction-benchmark, default ../shared) and the example page, analysed
once and stored again and again, each copy with a distinct line appended to its body (so a distinct
id; its offsets unchanged) and its dates k years earlier (so its events are not merged with the
original's), until it holds --documents articles; teasers come along as they are (seen again). Then it serves the store on loopback and, in Debian's chromium (Playwright), opens each view
--runs times and prints the median time until the view is drawn, the network's own drawing time, and
the time of each aggregate endpoint.
"""
from __future__ import annotations

import argparse
import math
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.server import running_server  # noqa: E402
from tests.test_web import ARGS, CHROMIUM  # noqa: E402

from geowire.settings import shared_data  # noqa: E402

DATA = shared_data() / "data" / "article-extraction-benchmark" / "html"
EXAMPLE = ROOT / "examples" / "commonspace-russia-south-ossetia-treaty.txt"


def dossiers_from(base: str | None) -> list:
    """The article dossiers (with their teasers) of a store, or of the benchmark pages analysed now."""
    from geowire.kb.store import Store

    if base:
        with Store(base) as s:
            ids = [r[0] for r in s.conn.execute("SELECT id FROM documents WHERE kind = 'article' ORDER BY id")]
            return [s.dossier(i) for i in ids]
    from geowire.pipeline import Failure, Pipeline
    from geowire.read import iter_raw

    results = Pipeline().analyze(iter_raw([str(DATA), str(EXAMPLE)]))
    return [r for r in results if not isinstance(r, Failure)]


def earlier(date: str | None, years: int) -> str | None:
    """A YYYY[-MM[-DD]] date `years` earlier (29 February becomes the 28th)."""
    if not date or not date[:4].isdigit():
        return date
    shifted = f"{int(date[:4]) - years:04d}{date[4:]}"
    return shifted.replace("-02-29", "-02-28")


def build(db: Path, dossiers: list, documents: int) -> None:
    from geowire.kb.store import Store
    from geowire.model import document_id

    copies = math.ceil(documents / len(dossiers))
    started = time.monotonic()
    with Store(db) as s:
        for k in range(copies):
            for d in dossiers:
                body = f"{d.document.body}\n\n(copy {k} of the benchmark store)"
                doc = d.document.model_copy(update={"body": body, "id": document_id(body),
                                                    "date": earlier(d.document.date, k)})
                # each copy k years earlier: its events are events of their own, not merged with the
                # original's (as many merged events as reports, the harder case for the aggregates)
                events = [e.model_copy(update={"date": earlier(e.date, k)}) for e in d.events]
                s.save(d.model_copy(update={"document": doc, "events": events}))
    print(f"store: {copies} copies of {len(dossiers)} articles in {time.monotonic() - started:.0f} s")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", help="take the dossiers of this store instead of analysing the pages")
    ap.add_argument("--db", help="the benchmark store (default: a temporary file); reused if it exists")
    ap.add_argument("--documents", type=int, default=2000, help="articles in the store, at least")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()

    import httpx
    from playwright.sync_api import sync_playwright

    from geowire.kb.store import Store

    db = Path(args.db or Path(tempfile.mkdtemp(prefix="geowire-bench-web-")) / "kb.db")
    if not db.exists():
        build(db, dossiers_from(args.base), args.documents)
    with Store(db) as s:
        counts = {t: s.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("documents", "events", "merged_events", "actors", "mentions")}
        top = s.conn.execute("SELECT actor_id FROM event_actors GROUP BY actor_id ORDER BY count(*) DESC"
                             " LIMIT 1").fetchone()[0]
        doc = s.conn.execute("SELECT d.id FROM documents d JOIN events e ON e.document_id = d.id GROUP BY d.id"
                             " ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
    print("store:", ", ".join(f"{v:,} {k}" for k, v in counts.items()))
    views = [
        ("dashboard", "#/", "svg.chart"),
        ("documents", "#/documents", "table.list"),
        ("events", "#/events", "table.list"),
        ("events, filtered", "#/events?type=ACCUSE&country=USA&sort=sources&order=desc", "table.list"),
        ("actors", "#/actors", "table.list"),
        ("actors by name", "#/actors?sort=name&order=asc", "table.list"),
        ("network (top 60)", "#/graph", "svg.graph[data-ms]"),
        ("network (top 200)", "#/graph?top=200", "svg.graph[data-ms]"),
        ("map", "#/map", "svg.map path.country"),
        ("actor page", f"#/actor/{top}", "main h2"),
        ("document view", f"#/doc/{doc[:12]}", ".fact-list"),
        ("timeline", "#/timeline", ".timeline"),
        ("agreements", "#/agreements", "table.list"),
        ("agreements by sources", "#/agreements?sort=sources&order=desc&party_country=USA", "table.list"),
        ("attributions", "#/attributions", "table.list"),
        ("search U.S.", "#/search/U.S.", ".snippet mark"),
        ("search al-Tanf", "#/search/al-Tanf", ".snippet mark"),
    ]
    endpoints = ["/v1/stats", "/v1/stats/events-over-time?by=type&bucket=month", "/v1/stats/facets",
                 "/v1/stats/countries", "/v1/table/events?limit=50", "/v1/table/events?format=csv",
                 "/v1/table/actors?limit=50&sort=events&order=desc", "/v1/table/documents?limit=50",
                 "/v1/network?top=60", f"/v1/actors/{top}/profile", "/v1/table/agreements?sort=sources&order=desc",
                 "/v1/table/attributions?format=csv", "/v1/search?q=U.S."]
    with running_server(db, allow_analyze=False) as base, sync_playwright() as p:
        print(f"\n{'endpoint':58} median ms")
        for path in endpoints:
            times = []
            for _ in range(args.runs):
                t = time.perf_counter()
                httpx.get(base + path, timeout=60).raise_for_status()
                times.append(1000 * (time.perf_counter() - t))
            print(f"{path:58} {statistics.median(times):9.0f}")
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        print(f"\n{'view':22} {'median ms':>9}  (page load until drawn; network: its own drawing time too)")
        for name, route, ready in views:
            times, drawn = [], []
            for _ in range(args.runs):
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                t = time.perf_counter()
                page.goto(f"{base}/{route}")
                page.wait_for_selector(ready, timeout=60_000)
                times.append(1000 * (time.perf_counter() - t))
                if "graph" in route:
                    drawn.append(int(page.locator("svg.graph").get_attribute("data-ms")))
                page.close()
            extra = f"  (drawn in {statistics.median(drawn):.0f} ms after the route began)" if drawn else ""
            print(f"{name:22} {statistics.median(times):9.0f}{extra}")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
