#!/usr/bin/env python3
"""How long each query command of the CLI takes, as a user runs it: a new process per command.

Builds a small store (the dossiers of tests/test_export.py: no spaCy needed) in a temporary
directory, then runs each list command (`geowire documents`, `events`, `actors`, `agreements`,
`attributions`, `quotes`, `search`, and `show`) once as `python -X importtime -m geowire …` (to see
what it imports) and --repeat times (default 5) as `python -m geowire …`, and prints for each the best and median wall-clock seconds, the
median CPU seconds of the process (user + system: less sensitive than wall time to other work
on a shared machine) and the heavy modules it imported, if any (spaCy, Ray, pyarrow, pandas,
FastAPI, scipy, datasketch: none is needed to answer a query).

    .venv/bin/python benchmarks/bench_cli.py [--repeat 5] [--pythonpath DIR] [--json]

--pythonpath DIR runs another copy of the package (a checkout of an older commit, say) against
the same store, for a before/after comparison. Exit status 1 if a command fails or imports a
heavy module.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("spacy", "ray", "pyarrow", "pandas", "fastapi", "scipy", "datasketch", "numpy")


def commands(db: Path, doc_id: str) -> dict[str, list[str]]:
    common = ["--db", str(db)]
    return {
        "documents": ["documents", *common],
        "events": ["events", "--country", "RUS", "--since", "2015", *common],
        "actors": ["actors", "--kind", "state", *common],
        "agreements": ["agreements", "--actor", "russia", "--sort", "signed", *common],
        "attributions": ["attributions", "--operator-country", "RUS", *common],
        "quotes": ["quotes", *common],
        "search": ["search", "treaty", *common],
        "events --format json": ["events", "--format", "json", *common],
        "show": ["show", doc_id[:10], *common],
    }


def run_once(argv: list[str], env: dict, cwd: Path, importtime: bool = False) -> tuple[float, float, set[str], int]:
    """Wall seconds, CPU seconds, heavy top-level modules imported (with `importtime` only: -X importtime
    writes a line per module and slows the run by a tenth of a second or more, so the timed runs go
    without it), exit status. Run in `cwd`, away from the repository, whose directory `-m` would put
    before --pythonpath."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, *(["-X", "importtime"] if importtime else []), "-m", "geowire", *argv],
                          env=env, capture_output=True, text=True, timeout=120, cwd=cwd)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    imported = set()
    for line in done.stderr.splitlines():  # "import time: self | cumulative | name"
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip().split(".")[0]
            if name in HEAVY:
                imported.add(name)
    return wall, cpu, imported, done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pythonpath", type=Path, help="run the geowire package found in DIR instead")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    from tests.test_export import build_store  # the small store of the export tests

    env = {**os.environ, "COLUMNS": "200"}
    if args.pythonpath:
        env["PYTHONPATH"] = str(args.pythonpath.resolve())
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        db = build_store(Path(tmp) / "bench.db")
        from geowire.kb.store import Store

        with Store(db) as store:
            doc_id = next(iter(store.documents()))["id"]
        failed = False
        for name, argv in commands(db, doc_id).items():
            heavy = sorted(run_once(argv, env, Path(tmp), importtime=True)[2])
            runs = [run_once(argv, env, Path(tmp)) for _ in range(args.repeat)]
            walls, cpus = [r[0] for r in runs], [r[1] for r in runs]
            status = max(r[3] for r in runs)
            failed |= bool(status) or bool(heavy)
            results[name] = {"best_s": round(min(walls), 3), "median_s": round(statistics.median(walls), 3),
                             "cpu_s": round(statistics.median(cpus), 3), "heavy_imports": heavy, "exit": status}
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        load = os.getloadavg()[0]
        print(f"{'command':<22} {'best s':>7} {'median s':>9} {'cpu s':>7}  heavy imports   (load {load:.1f}, "
              f"{os.cpu_count()} CPUs, {args.repeat} runs)")
        for name, r in results.items():
            print(f"{name:<22} {r['best_s']:>7.3f} {r['median_s']:>9.3f} {r['cpu_s']:>7.3f}  "
                  f"{', '.join(r['heavy_imports']) or '-'}" + (f"  exit {r['exit']}" if r["exit"] else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
