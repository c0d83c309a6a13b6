"""Score geowire's dossiers of the example pages against their gold files.

    python benchmarks/score_examples.py [--min FIGURE=VALUE ...] [--verbose]

For each $GEOWIRE_DATA/gold/*.gold.yaml (default ../shared), analyses the
page its `source:` names exactly as `geowire analyze PAGE --format json
--no-store` does, and scores the dossier with $GEOWIRE_DATA/tools/score_dossier.py,
whose table it prints. --min is passed on to the scorer (document.score=1,
actors.f1=0.85, related.1.events.f1=0.8, ...): the script exits 1 if any page
misses a bar.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from geowire.settings import shared_data


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--min", action="append", default=[], metavar="FIGURE=VALUE")
    ap.add_argument("--verbose", "-v", action="store_true")
    args = ap.parse_args(argv)
    data = shared_data()
    golds = sorted((data / "gold").glob("*.gold.yaml"))
    if not golds:
        print(f"score_examples: error: no gold files in {data / 'gold'} (set GEOWIRE_DATA)", file=sys.stderr)
        return 2

    from geowire.pipeline import Failure, Pipeline
    from geowire.read import iter_raw

    t0 = time.perf_counter()
    pipeline = Pipeline()
    print(f"models loaded in {time.perf_counter() - t0:.2f} s")
    worst = 0
    for gold in golds:
        source = data / yaml.safe_load(gold.read_text(encoding="utf-8"))["source"]
        t0 = time.perf_counter()
        (result,) = pipeline.analyze(iter_raw([str(source)]))
        took = time.perf_counter() - t0
        if isinstance(result, Failure):
            print(f"{source.name}: analysis failed: {result.message}")
            worst = 1
            continue
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
            f.write(result.to_json())
        print(f"\n== {source.name} (analysed in {took * 1000:.0f} ms)")
        cmd = [sys.executable, str(data / "tools" / "score_dossier.py"), str(gold), f.name]
        cmd += [f"--min={m}" for m in args.min] + (["--verbose"] if args.verbose else [])
        worst = max(worst, subprocess.run(cmd).returncode)
        Path(f.name).unlink()
    return worst


if __name__ == "__main__":
    sys.exit(main())
