"""Screenshot of the web page's document view for the README (docs/document-view.png).

    .venv/bin/python scripts/screenshot.py [--db geowire.db] [--out docs/document-view.png]

Analyses the example page into the store if it is not there, serves the store on
loopback and photographs the example document in Debian's chromium (Playwright).
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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", default=str(ROOT / "geowire.db"))
    ap.add_argument("--out", default=str(ROOT / "docs" / "document-view.png"))
    args = ap.parse_args()

    from playwright.sync_api import sync_playwright

    from geowire.pipeline import Pipeline
    from geowire.read import iter_raw
    from geowire.kb.store import Store

    (dossier,) = Pipeline().analyze(iter_raw([str(EXAMPLE)]))
    with Store(args.db) as store:
        store.save(dossier)
    with running_server(args.db) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.goto(f"{base}/#/doc/{dossier.document.id[:12]}")
        page.wait_for_selector("mark.quote")
        page.locator("mark.actor", has_text="Tibilov").first.click()
        page.screenshot(path=args.out)
        browser.close()
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
