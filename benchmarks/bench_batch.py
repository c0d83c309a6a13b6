"""Throughput of `geowire batch` with 1 and 2 workers on this machine, and peak memory per worker.

The 181 pages of the article-extraction benchmark ($GEOWIRE_DATA, default ../shared),
repeated to --docs documents (default 2,000), are written as JSON Lines files in a
temporary directory; each worker count runs the batch from scratch into its own output.
Documents per second count the whole run, models loading included.

    .venv/bin/python benchmarks/bench_batch.py                     # Ray engine, 2,000 documents
    .venv/bin/python benchmarks/bench_batch.py --engine local --docs 200

Heavy: about 2 articles per second per core, so 2,000 documents take ~15 minutes with one
worker. Run it on an otherwise idle machine (the load average is printed first).
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geowire.batch import ENGINES, run_batch  # noqa: E402
from geowire.settings import shared_data  # noqa: E402


def benchmark_pages(data: Path) -> list[tuple[str, str]]:
    """(name, HTML text) of each benchmark page, decoded as geowire decodes pages."""
    from geowire.clean.html import decode_html

    folder = data / "data" / "article-extraction-benchmark" / "html"
    files = sorted(folder.glob("*.html.gz"))
    if not files:
        sys.exit(f"no benchmark pages in {folder}: set GEOWIRE_DATA to the shared data directory")
    return [(f.name.split(".")[0], decode_html(gzip.decompress(f.read_bytes())).text) for f in files]


def write_corpus(pages: list[tuple[str, str]], docs: int, folder: Path, per_file: int) -> list[str]:
    """`docs` documents cycling through the pages, as JSON Lines files of `per_file` documents."""
    paths = []
    for first in range(0, docs, per_file):
        path = folder / f"pages-{first // per_file:04d}.jsonl"
        with path.open("w", encoding="utf-8") as f:
            for i in range(first, min(first + per_file, docs)):
                name, html = pages[i % len(pages)]
                f.write(json.dumps({"url": f"https://bench.example/{i}/{name}", "html": html}) + "\n")
        paths.append(str(path))
    return paths


def run(paths: list[str], out: Path, engine: str, workers: int, shard_size: int) -> dict:
    report = run_batch(paths, out, engine=engine, workers=workers, shard_size=shard_size)
    if report.failed:
        sys.exit(f"{len(report.failed)} shards failed, e.g. {report.failed[0]}")
    return {"workers": workers, "documents": report.documents, "errors": report.errors,
            "seconds": report.seconds, "docs_per_s": report.docs_per_second,
            "peak_rss_mb": sorted(report.peak_rss_mb.values(), reverse=True)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=2000, help="documents per run (default 2000)")
    parser.add_argument("--engine", choices=ENGINES, default="ray", help="batch engine (default ray)")
    parser.add_argument("--workers", default="1,2", help="worker counts to compare (default 1,2)")
    parser.add_argument("--shard-size", type=int, default=50,
                        help="documents per shard (default 50: enough shards that two workers finish together)")
    parser.add_argument("--data", type=Path, default=shared_data(), help="shared data directory")
    parser.add_argument("--json", action="store_true", help="print the results as one JSON object")
    args = parser.parse_args()

    load1, _, _ = os.getloadavg()
    print(f"load average {load1:.2f} on {os.cpu_count()} CPUs" + ("  (busy machine: figures will be low)"
                                                                   if load1 > 1.5 else ""), file=sys.stderr)
    pages = benchmark_pages(args.data)
    results = []
    with tempfile.TemporaryDirectory(prefix="geowire-bench-") as tmp:
        paths = write_corpus(pages, args.docs, Path(tmp), per_file=args.shard_size)
        print(f"{args.docs} documents ({len(pages)} pages repeated) in {len(paths)} JSON Lines files; "
              f"engine {args.engine}", file=sys.stderr)
        for workers in (int(w) for w in args.workers.split(",")):
            started = time.perf_counter()
            result = run(paths, Path(tmp) / f"out-{workers}", args.engine, workers, args.shard_size)
            results.append(result)
            result["load_after"] = os.getloadavg()[0]
            print(f"{workers} worker(s): {result['documents']} documents, {result['errors']} errors in "
                  f"{time.perf_counter() - started:.0f} s; load average after: {result['load_after']:.2f}",
                  file=sys.stderr)
    base = results[0]["docs_per_s"]
    if args.json:
        print(json.dumps({"engine": args.engine, "docs": args.docs, "runs": results,
                          "ratio": {r["workers"]: r["docs_per_s"] / base for r in results}}, indent=1))
        return
    print(f"{'workers':>7}  {'docs':>5}  {'seconds':>8}  {'docs/s':>7}  {'ratio':>5}  peak RSS per worker (MB)")
    for r in results:
        print(f"{r['workers']:>7}  {r['documents']:>5}  {r['seconds']:>8.1f}  {r['docs_per_s']:>7.2f}  "
              f"{r['docs_per_s'] / base:>5.2f}  {', '.join(f'{m:.0f}' for m in r['peak_rss_mb'])}")


if __name__ == "__main__":
    main()
