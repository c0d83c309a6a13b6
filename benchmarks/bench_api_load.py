#!/usr/bin/env python3
"""The HTTP API under concurrent load: `geowire serve` as a real process, hammered on loopback.

Builds a store of the repository's fixture pages (`examples/` and `tests/fixtures/tour/`,
analysed once with the pipeline into a temporary file), starts `geowire serve` on
127.0.0.1 (a free port) over it, and sends --requests GETs (default 2,000) over
--connections concurrent keep-alive connections (default 20) with httpx, cycling through
the read endpoints (lists, search, a dossier, an actor, the graph). Every request has a
timeout and the whole run a deadline; only 127.0.0.1 is ever contacted.

Prints successes and errors (any non-200 answer or transport error, by kind), latency
p50/p99 and the server process's open file descriptors before the load (after one warm-up
request) and after it. The run fails (exit 1) on any error or when the descriptors grew by
more than the connection pool can hold (4 connections × 3 files).

    .venv/bin/python benchmarks/bench_api_load.py [--requests 2000] [--connections 20] [--json]
"""
from __future__ import annotations

import argparse
import asyncio
import collections
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.server import stop  # noqa: E402

PAGES = [ROOT / "examples", ROOT / "tests" / "fixtures" / "tour" / "pages", ROOT / "tests" / "fixtures" / "tour" / "site"]
POOL_FILES = 4 * 3  # the server's read pool: 4 connections, each the file, its WAL and its shared memory


def build_store(db: Path) -> None:
    """The fixture pages, analysed and stored."""
    from geowire.kb.store import Store
    from geowire.pipeline import Failure, Pipeline
    from geowire.read import iter_raw

    files = sorted(str(p) for d in PAGES for p in d.rglob("*") if p.is_file() and p.suffix in (".txt", ".html"))
    with Store(db) as store:
        for result in Pipeline().analyze(iter_raw(files)):
            if not isinstance(result, Failure):
                store.save(result)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def open_fds(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


async def hammer(base: str, paths: list[str], requests: int, connections: int, deadline_s: float) -> dict:
    latencies: list[float] = []
    errors: collections.Counter = collections.Counter()
    queue: asyncio.Queue = asyncio.Queue()
    for i in range(requests):
        queue.put_nowait(paths[i % len(paths)])
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30, trust_env=False) as client:
        async def worker():
            while not queue.empty():
                path = queue.get_nowait()
                started = time.perf_counter()
                try:
                    r = await client.get(path)
                except httpx.HTTPError as err:
                    errors[type(err).__name__] += 1
                    continue
                if r.status_code == 200:
                    latencies.append(time.perf_counter() - started)
                else:
                    errors[f"HTTP {r.status_code}"] += 1

        started = time.perf_counter()
        await asyncio.wait_for(asyncio.gather(*(worker() for _ in range(connections))), deadline_s)
        wall = time.perf_counter() - started
    latencies.sort()

    def pct(p: float) -> float:
        return round(1000 * latencies[min(len(latencies) - 1, int(p * len(latencies)))], 1) if latencies else None

    return {"requests": requests, "connections": connections, "ok": len(latencies), "errors": sum(errors.values()),
            "error_kinds": dict(errors), "p50_ms": pct(0.50), "p99_ms": pct(0.99), "wall_s": round(wall, 2),
            "requests_per_s": round(requests / wall, 1)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--connections", type=int, default=20)
    ap.add_argument("--deadline", type=float, default=300.0, help="Seconds the whole load may take.")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "kb.db"
        build_store(db)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env = {k: v for k, v in os.environ.items() if k not in ("GEOWIRE_API_TOKEN",)}
        server = subprocess.Popen([sys.executable, "-m", "geowire", "serve", "--db", str(db), "--host", "127.0.0.1",
                                   "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    docs = httpx.get(base + "/v1/documents?limit=500", timeout=5, trust_env=False).json()["items"]
                    break
                except httpx.TransportError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise SystemExit(f"the server did not start: {server.stderr.read().decode()[-2000:]}")
                    time.sleep(0.2)
            actors = httpx.get(base + "/v1/actors?limit=5", timeout=5, trust_env=False).json()["items"]
            paths = ["/v1/documents", "/v1/events", "/v1/actors", "/v1/agreements", "/v1/attributions",
                     "/v1/quotes", "/v1/search?q=treaty", "/v1/search?q=U.S.", "/v1/events?type=CONSULT",
                     f"/v1/documents/{docs[0]['id'][:12]}", f"/v1/actors/{actors[0]['id']}", "/v1/graph", "/"]
            before = open_fds(server.pid)
            result = asyncio.run(hammer(base, paths, args.requests, args.connections, args.deadline))
            time.sleep(0.5)  # let the server close the client's sockets
            after = open_fds(server.pid)
        finally:
            stop(server)
    result.update(documents=len(docs), fds_before=before, fds_after=after)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"{result['requests']} requests over {result['connections']} connections to {len(paths)} endpoints "
              f"({result['documents']} documents): {result['ok']} ok, {result['errors']} errors "
              f"{result['error_kinds'] or ''}")
        print(f"latency p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms; {result['requests_per_s']} requests/s "
              f"({result['wall_s']} s)")
        print(f"server file descriptors: {before} before, {after} after")
    return 0 if result["errors"] == 0 and after <= before + POOL_FILES else 1


if __name__ == "__main__":
    sys.exit(main())
