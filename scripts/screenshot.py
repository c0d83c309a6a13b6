"""Screenshots of the web page's views for the README (docs/*.png).

    .venv/bin/python scripts/screenshot.py [--db geowire.db] [--out docs]

Analyses the example page into the store if it is not there, serves the store on loopback and
photographs each view in Debian's chromium (Playwright): the dashboard, the events table with a
filter, the network, the world map, Russia's actor page, the register of agreements sorted by sources,
a search for `U.S.` and the example document with a fact selected. A store
of many documents (after `geowire analyze` of a corpus) gives fuller pictures.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.server import running_server  # noqa: E402  (the same loopback server the tests use)
from tests.test_web import ARGS, CHROMIUM  # noqa: E402

EXAMPLE = ROOT / "examples" / "commonspace-russia-south-ossetia-treaty.txt"
# (file, route, what to wait for, height of the picture)
VIEWS = [
    ("dashboard.png", "#/", "svg.chart", 1200),
    ("events.png", "#/events?type=ACCUSE&sort=sources&order=desc", "table.list", 900),
    ("network.png", "#/graph?top=60", "svg.graph[data-ms]", 900),
    ("actor.png", "#/actor/russia", "h1:text('Russia')", 1100),
    ("map.png", "#/map", "svg.map path.country", 800),
    ("agreements.png", "#/agreements?sort=sources&order=desc", "table.list", 900),
    ("search.png", "#/search/U.S.", ".snippet mark", 900),
]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", default=str(ROOT / "geowire.db"))
    ap.add_argument("--out", default=str(ROOT / "docs"), help="the folder of the pictures")
    args = ap.parse_args()

    from playwright.sync_api import sync_playwright

    from geowire.kb.store import Store
    from geowire.model import document_id
    from geowire.pipeline import Pipeline
    from geowire.read import iter_raw

    with Store(args.db) as store:
        known = store.conn.execute("SELECT id, body FROM documents").fetchall()
    example = next((r["id"] for r in known if "Tibilov" in r["body"] and "South Ossetia" in r["body"]), None)
    if example is None:
        (dossier,) = Pipeline().analyze(iter_raw([str(EXAMPLE)]))
        with Store(args.db) as store:
            store.save(dossier)
        example = dossier.document.id or document_id(dossier.document.body)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with running_server(args.db) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name, route, ready, height in VIEWS:
            page = browser.new_page(viewport={"width": 1280, "height": height})
            page.goto(f"{base}/{route}")
            page.wait_for_selector(ready)
            page.screenshot(path=str(out / name))
            print(out / name)
            page.close()
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.goto(f"{base}/#/doc/{example[:12]}")
        page.wait_for_selector("mark.quote")
        page.locator("mark.actor", has_text="Tibilov").first.click()
        page.screenshot(path=str(out / "document-view.png"))
        print(out / "document-view.png")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
