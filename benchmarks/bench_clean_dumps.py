#!/usr/bin/env python3
"""geowire's text-dump cleaner on whole-page dumps of the article-extraction benchmark.

The 181 pages of $GEOWIRE_DATA/data/article-extraction-benchmark (default ../shared) are
turned into whole-page text dumps by the shared $GEOWIRE_DATA/tools/make_text_dumps.py
(the page <title>, menus, article, teasers, footers: what a naive crawler keeps), then
cleaned by `geowire.clean.dump.clean_dump`; the bodies are scored with the shared
$GEOWIRE_DATA/tools/score_extraction.py (4-word-shingle F1, precision, recall). Two
reference figures on the same dumps: the whole dump taken as the body (the floor), and
jusText run line by line (when justext is installed). Speed is documents per second on
one core, for the cleaning alone.

    .venv/bin/python benchmarks/bench_clean_dumps.py [--min-f1 0.85] [--dumps-dir DIR] [--pred FILE]

Exits 1 if the cleaner's F1 is below --min-f1, 2 if the data is missing.
"""
from __future__ import annotations

import argparse
import html
import json
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from geowire.clean.dump import clean_dump  # noqa: E402
from geowire.settings import load_shared_tool, shared_data  # noqa: E402

BENCHMARK = "data/article-extraction-benchmark"


def make_dumps(data: Path, out_dir: Path) -> dict[str, str]:
    """The whole-page dumps of the benchmark pages, by document id (made once per directory)."""
    if not any(out_dir.glob("*.txt")):
        maker = load_shared_tool("make_text_dumps", data)
        code = maker.main(["--html-dir", str(data / BENCHMARK / "html"), "--out-dir", str(out_dir)])
        if code:
            raise SystemExit(f"make_text_dumps.py failed with exit code {code}")
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(out_dir.glob("*.txt"))}


def clean_all(dumps: dict[str, str]) -> tuple[dict[str, dict], float]:
    """The cleaner's bodies, and the documents per second it cleaned them at."""
    predictions = {}
    started = time.perf_counter()
    for doc_id, text in dumps.items():
        try:
            body = clean_dump(text).document.body
        except ValueError:  # an empty dump: scored as an empty prediction
            body = ""
        predictions[doc_id] = {"articleBody": body}
    elapsed = time.perf_counter() - started
    return predictions, len(dumps) / elapsed if elapsed > 0 else float("inf")


def justext_bodies(dumps: dict[str, str]) -> dict[str, dict] | None:
    """jusText's bodies, each line of a dump given to it as one paragraph; None without justext."""
    try:
        import justext
    except ImportError:
        return None
    stoplist = justext.get_stoplist("English")
    predictions = {}
    for doc_id, text in dumps.items():
        page = "<html><body>" + "".join(
            f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip()) + "</body></html>"
        paragraphs = justext.justext(page, stoplist)
        predictions[doc_id] = {"articleBody": "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)}
    return predictions


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--min-f1", type=float, default=None, help="exit 1 if the cleaner's F1 is below this")
    ap.add_argument("--dumps-dir", type=Path, default=None,
                    help="where the dumps are made (and reused if already there); default: a temporary directory")
    ap.add_argument("--pred", type=Path, default=None, help="also write the cleaner's predictions to this JSON file")
    ap.add_argument("--no-justext", action="store_true", help="skip the jusText reference figure")
    args = ap.parse_args(argv)

    data = shared_data()
    truth_path = data / BENCHMARK / "ground-truth.json"
    if not truth_path.is_file():
        print(f"benchmark data not found at {truth_path} (set GEOWIRE_DATA)", file=sys.stderr)
        return 2
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    scorer = load_shared_tool("score_extraction", data)

    with tempfile.TemporaryDirectory(prefix="geowire-dumps-") as tmp:
        dumps_dir = args.dumps_dir or Path(tmp)
        dumps_dir.mkdir(parents=True, exist_ok=True)
        dumps = make_dumps(data, dumps_dir)
        predictions, speed = clean_all(dumps)
        pred_path = args.pred or Path(tmp) / "dump-cleaner.json"
        pred_path.write_text(json.dumps(predictions, ensure_ascii=False), encoding="utf-8")
        result, _ = scorer.score(truth, scorer.load_predictions(str(pred_path)))
        whole, _ = scorer.score(truth, {doc_id: {"articleBody": text} for doc_id, text in dumps.items()})
        print("dump cleaner: F1 {f1:.3f} precision {precision:.3f} recall {recall:.3f} docs {docs}".format(**result)
              + f" (whole dump F1 {whole['f1']:.3f}) {speed:.0f} docs/s")
        baseline = None if args.no_justext else justext_bodies(dumps)
        if baseline is not None:
            jt, _ = scorer.score(truth, baseline)
            print("jusText, line by line, same dumps: F1 {f1:.3f} precision {precision:.3f} recall {recall:.3f}".format(**jt))

    if args.min_f1 is not None and result["f1"] < args.min_f1:
        print(f"FAIL: dump cleaner F1 {result['f1']:.3f} is below --min-f1 {args.min_f1}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
