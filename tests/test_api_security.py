"""The HTTP API under load and hostile input, against real uvicorn servers on loopback.

Each test is one finding of a hostile trial: concurrent requests (connections shared across
threads, descriptors leaked), writes open to any page, unbounded bodies, queries and analyses,
FTS5 syntax errors from plain text, LIKE wildcards, huge offsets, paths in error messages."""
from __future__ import annotations

import asyncio
import socket
import threading
import time

import httpx
import pytest

from geowire.kb.store import Store
from geowire.model import Event
from geowire.settings import overridden
from tests.server import get, open_fds, running_server, stop
from tests.test_store import ARMENIA, TURKEY, make_dossier


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    db = tmp_path_factory.mktemp("secure") / "kb.db"
    with Store(db) as store:
        for n in range(30):
            store.save(make_dossier(
                f"Armenia and Turkey held talks number {n} in Kars; U.S. envoys flew from al-Tanf.",
                title=f"Talks {n}", actors=[ARMENIA, TURKEY],
                events=[Event(type="CONSULT", actors=["armenia", "turkey"], trigger="held talks", span=(0, 30),
                              date=f"2024-05-{n % 28 + 1:02d}")]))
    return db


@pytest.fixture(scope="module")
def base(db):
    with running_server(db, allow_analyze=False) as base:  # as `geowire serve` is by default
        yield base


async def _load(base: str, requests: int, connections: int) -> dict:
    """`requests` GETs over `connections` concurrent keep-alive connections; counts of each outcome."""
    paths = ["/v1/documents", "/v1/events", "/v1/actors", "/v1/search?q=Kars", "/v1/documents?text=talks",
             "/v1/quotes", "/v1/agreements", "/v1/graph"]
    outcome = {"ok": 0, "errors": 0}
    queue: asyncio.Queue = asyncio.Queue()
    for i in range(requests):
        queue.put_nowait(paths[i % len(paths)])
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        async def worker():
            while not queue.empty():
                path = queue.get_nowait()
                try:
                    r = await client.get(path)
                    outcome["ok" if r.status_code == 200 else "errors"] += 1
                except httpx.HTTPError:
                    outcome["errors"] += 1

        await asyncio.gather(*(worker() for _ in range(connections)))
    return outcome


def test_concurrent_requests_all_succeed_and_leak_no_descriptors(db):
    before = open_fds()
    bound = before + 4 * 3 + 4  # the pool's 4 connections (file, WAL, shared memory) and the listening socket
    with running_server(db, pool_size=4) as base:
        for _ in range(2):
            assert asyncio.run(_load(base, 200, 10)) == {"ok": 200, "errors": 0}
            assert _settled_fds(bound) <= bound  # nothing piles up from one round to the next
    assert _settled_fds(before) <= before  # and the server's connections close with it


def _settled_fds(target: int) -> int:
    """Open descriptors, once the server has had a moment to close the sockets its clients closed."""
    deadline = time.monotonic() + 5
    while open_fds() > target and time.monotonic() < deadline:
        time.sleep(0.1)
    return open_fds()


def test_the_server_is_read_only_unless_told(base):
    r = httpx.post(base + "/v1/analyze", json={"text": "Armenia and Turkey held talks."}, timeout=30)
    assert r.status_code == 403 and "--allow-analyze" in r.json()["detail"]


def test_a_token_guards_writes_when_set(db):
    with running_server(db, allow_analyze=True, token="s3cret") as base:
        page = {"text": "  "}  # refused after the guard (422), so that no pipeline is loaded
        assert httpx.post(base + "/v1/analyze", json=page, timeout=30).status_code == 401
        wrong = httpx.post(base + "/v1/analyze", json=page, headers={"Authorization": "Bearer nope"}, timeout=30)
        assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
        right = httpx.post(base + "/v1/analyze", json=page, headers={"Authorization": "Bearer s3cret"}, timeout=30)
        assert right.status_code == 422
        assert get(base, "/v1/documents").status_code == 200  # reads stay open


def test_only_allowed_host_names_are_served(db, base):
    evil = httpx.get(base + "/v1/documents", headers={"Host": "evil.example"}, timeout=30)
    assert evil.status_code == 400  # DNS rebinding: a page on evil.example resolved to 127.0.0.1
    assert httpx.get(base + "/", headers={"Host": "localhost:8000"}, timeout=30).status_code == 200
    with running_server(db, allowed_hosts=["geo.example"]) as named:
        assert httpx.get(named + "/", headers={"Host": "geo.example"}, timeout=30).status_code == 200
        assert httpx.get(named + "/", timeout=30).status_code == 400


def test_every_response_carries_the_security_headers(base):
    responses = [get(base, "/"), get(base, "/static/app.js"), get(base, "/v1/documents"), get(base, "/docs"),
                 get(base, "/v1/documents/ffffffff"), get(base, "/v1/events", limit=0),
                 httpx.post(base + "/v1/analyze", json={}, timeout=30),
                 httpx.get(base + "/", headers={"Host": "evil.example"}, timeout=30)]
    for r in responses:
        csp = r.headers["content-security-policy"]
        assert "script-src 'self';" in csp and "unsafe-inline' " not in csp.split("script-src")[1].split(";")[0]
        assert "frame-ancestors 'none'" in csp
        assert r.headers["x-content-type-options"] == "nosniff" and r.headers["x-frame-options"] == "DENY"
        assert r.headers["referrer-policy"] == "no-referrer"


def _raw(base: str, head: bytes, body_chunks, read_after: int = 0) -> tuple[bytes, int]:
    """Send a request by hand: its head, then body chunks until the server answers; (answer, bytes sent)."""
    host, port = base.removeprefix("http://").split(":")
    sent = 0
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(head)
        sock.settimeout(0.05)
        answer = b""
        for chunk in body_chunks:
            try:
                sock.sendall(chunk)
                sent += len(chunk)
                answer += sock.recv(65536)
            except socket.timeout:
                continue
            except OSError:
                break
            if answer:
                break
        sock.settimeout(10)
        try:
            while b"\r\n\r\n" not in answer:
                more = sock.recv(65536)
                if not more:
                    break
                answer += more
        except OSError:
            pass
    return answer, sent


def test_bodies_are_cut_off_while_they_stream_in(db):
    with overridden(max_analyze_bytes=10_000), running_server(db, allow_analyze=True) as base:
        host = base.removeprefix("http://")
        # announced as 300 MB: refused on the announcement, not after reading it
        head = (f"POST /v1/analyze HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {300 * 1024 * 1024}\r\n\r\n").encode()
        answer, sent = _raw(base, head, (b"x" * 65536 for _ in range(4800)))
        assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
        assert sent < 20 * 1024 * 1024
        assert b"x-frame-options: DENY" in answer.lower().replace(b"deny", b"DENY")  # headers on a 413 too
        # chunked, no length: cut off once past the cap
        head = (f"POST /v1/analyze HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
                "Transfer-Encoding: chunked\r\n\r\n").encode()
        chunk = b"10000\r\n" + b"x" * 65536 + b"\r\n"
        answer, sent = _raw(base, head, (chunk for _ in range(4800)))
        assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
        assert sent < 20 * 1024 * 1024


def test_unknown_keys_and_unsafe_urls_are_refused(db):
    with running_server(db, allow_analyze=True) as base:
        r = httpx.post(base + "/v1/analyze", json={"text": "Talks.", "padding": "x" * 1000}, timeout=30)
        assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "padding"]
        for url in ("javascript:alert(1)", "java\tscript:alert(1)", "data:text/html,<script>", "file:///etc/passwd",
                    "/relative"):
            r = httpx.post(base + "/v1/analyze", json={"text": "Talks.", "url": url}, timeout=30)
            assert r.status_code == 422 and "http" in r.json()["detail"], url


class SlowPipeline:
    """Stands for the pipeline: takes its time, then finds nothing to analyse."""

    def analyze(self, inputs):
        from geowire.pipeline import Failure

        time.sleep(1.5)
        return [Failure(source="<posted>", message="no article text") for _ in inputs]


def test_analyses_run_off_the_event_loop_one_at_a_time_within_a_time_limit(db, monkeypatch):
    import geowire.pipeline

    monkeypatch.setattr(geowire.pipeline, "Pipeline", SlowPipeline)
    with running_server(db, allow_analyze=True, max_analyses=1, analyze_seconds=0.5) as base:
        results = {}

        def post(name):
            results[name] = httpx.post(base + "/v1/analyze", json={"text": "Talks in Kars."}, timeout=30)

        first = threading.Thread(target=post, args=("first",))
        first.start()
        time.sleep(0.2)
        started = time.monotonic()
        assert get(base, "/v1/documents").status_code == 200  # the loop still answers reads
        assert time.monotonic() - started < 1.0
        post("second")
        first.join()
        busy = results["second"]
        assert busy.status_code == 503 and int(busy.headers["retry-after"]) > 0 and "busy" in busy.json()["detail"]
        late = results["first"]
        assert late.status_code == 503 and "longer than 0.5 s" in late.json()["detail"]
        time.sleep(1.5)  # the first analysis ends, and frees its slot
        done = httpx.post(base + "/v1/analyze", json={"text": "Talks in Kars."}, timeout=30)
        assert done.status_code == 503  # still slower than the limit, but it ran: not "busy"
        assert "longer than" in done.json()["detail"]


def test_search_takes_any_text_and_raw_fts5_only_when_asked(base):
    for q in ("U.S.", "al-Tanf", "Kars U.S.", '"held talks"', "NOT", "col:Kars", 'a"b', "Turkey's"):
        r = get(base, "/v1/search", q=q)
        assert r.status_code == 200, (q, r.text)
    found = get(base, "/v1/search", q="al-Tanf", limit=5, offset=5).json()
    assert found["total"] == 30 and found["limit"] == 5 and found["offset"] == 5 and len(found["items"]) == 5
    item = found["items"][0]
    assert [t for t, matched in item["fragments"] if matched] == ["al-Tanf"]
    assert "[" not in item["snippet"] and "".join(t for t, _ in item["fragments"]) == item["snippet"]
    assert get(base, "/v1/search", q="Kars OR nothing", advanced="true").json()["total"] == 30
    bad = get(base, "/v1/search", q="Kars AND", advanced="true")
    assert bad.status_code == 422 and "fts5: syntax error" in bad.json()["detail"]
    assert "\n" not in bad.json()["detail"]
    assert get(base, "/v1/search", q="Kars " * 33).status_code == 422  # too many terms
    assert get(base, "/v1/search", q="r* " * 400, advanced="true").status_code == 422  # too many prefix terms
    assert get(base, "/v1/search", q="x" * 2001).status_code == 422


def _endless(s, *args, **kwargs):
    """A query that never ends by itself (stands for a pathological search)."""
    s.conn.execute("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c").fetchone()


def test_a_query_past_its_budget_is_stopped_and_one_whose_client_left_is_cancelled(db, monkeypatch):
    from geowire.kb import query

    monkeypatch.setattr(query, "search", _endless)
    with running_server(db, query_seconds=0.5) as base:
        started = time.monotonic()
        r = get(base, "/v1/search", q="Kars")
        assert r.status_code == 503 and "longer than 0.5 s" in r.json()["detail"]
        assert time.monotonic() - started < 5
    with running_server(db, query_seconds=60, pool_size=1) as base:
        with pytest.raises(httpx.ReadTimeout):
            httpx.get(base + "/v1/search", params={"q": "Kars"}, timeout=0.5)  # the client leaves
        started = time.monotonic()
        assert get(base, "/v1/documents").status_code == 200  # the one connection is free again
        assert time.monotonic() - started < 5  # not after the 60 s budget


def test_paging_and_filters_are_validated(base):
    for path in ("/v1/documents", "/v1/events", "/v1/actors", "/v1/quotes", "/v1/agreements", "/v1/attributions"):
        assert get(base, path, offset=2 ** 63).status_code == 422, path
        assert get(base, path, offset=-1).status_code == 422, path
        assert get(base, path, limit=0).status_code == 422, path
        page = get(base, path, limit=2).json()
        assert set(page) == {"items", "total", "limit", "offset"}, path
    assert get(base, "/v1/search", q="Kars", offset=2 ** 63).status_code == 422
    every = get(base, "/v1/events", limit=500).json()
    total = every["total"]
    assert total == len(every["items"]) > 3  # reports on nearby days merge: fewer events than reports
    tail = get(base, "/v1/events", limit=10, offset=total - 3).json()
    assert tail["total"] == total and tail["items"] == every["items"][-3:]
    bad = get(base, "/v1/events", type="INVADE")
    assert bad.status_code == 422 and "AGREE" in bad.json()["detail"] and "ASSAULT" in bad.json()["detail"]
    assert get(base, "/v1/events", type="consult").json()["total"] == total
    bad = get(base, "/v1/actors", kind="wizard")
    assert bad.status_code == 422 and "threat-group" in bad.text
    assert get(base, "/v1/actors", kind="state").json()["total"] == 2
    for date in ("2024-13", "yesterday", "2024-02-30", "2024-05-01T00"):
        assert get(base, "/v1/events", since=date).status_code == 422, date
        assert get(base, "/v1/events", until=date).status_code == 422, date


def test_like_wildcards_match_themselves(base):
    assert get(base, "/v1/documents", text="%").json() == {"items": [], "total": 0, "limit": 50, "offset": 0}
    assert get(base, "/v1/documents", text="_").json()["total"] == 0
    assert get(base, "/v1/actors", text="%").json()["total"] == 0
    assert get(base, "/v1/quotes", speaker="%").json()["total"] == 0
    assert get(base, "/v1/documents/%25%25%25%25").status_code == 404


def test_error_details_never_name_the_store(db, base):
    answers = [get(base, "/v1/documents/ffffffffff"), get(base, "/v1/documents/0"), get(base, "/v1/documents/%25%25%25%25"),
               get(base, "/v1/events", since="x"), get(base, "/v1/search", q="(", advanced="true"),
               get(base, "/v1/actors/nobody")]
    for r in answers:
        assert r.status_code in (404, 422), r.text
        assert str(db.parent) not in r.text and "/tmp" not in r.text and "kb.db" not in r.text, r.text
    with running_server(db.parent / "missing" / "kb.db") as broken:
        r = get(broken, "/v1/documents")
        assert r.status_code == 503 and "missing" not in r.text and "kb.db" not in r.text, r.text


def test_the_api_docs_are_served_from_local_files(base):
    for page, asset in (("/docs", "/docs-assets/swagger-ui-bundle.js"), ("/redoc", "/docs-assets/redoc.standalone.js")):
        html = get(base, page).text
        assert asset in html and "cdn" not in html.lower() and "<script>" not in html  # no inline script
        assert get(base, asset).status_code == 200


def test_geowire_serve_passes_its_options_to_the_app(db):
    """`geowire serve --allow-analyze --token … --allowed-host …` as a process: each option takes effect."""
    import os
    import subprocess
    import sys

    from tests.server import free_port

    port = free_port()
    env = {**{k: v for k, v in os.environ.items() if k != "GEOWIRE_API_TOKEN"}, "GEOWIRE_API_TOKEN": "from-env"}
    server = subprocess.Popen([sys.executable, "-m", "geowire", "serve", "--db", str(db), "--port", str(port),
                               "--allow-analyze", "--allowed-host", "geo.example"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(base + "/", headers={"Host": "geo.example"}, timeout=5)
                break
            except httpx.TransportError:
                assert server.poll() is None and time.monotonic() < deadline, server.stderr.read()
                time.sleep(0.2)
        assert httpx.get(base + "/", headers={"Host": "geo.example"}, timeout=5).status_code == 200
        assert httpx.get(base + "/", timeout=5).status_code == 400  # only the names given
        page = {"text": " "}
        r = httpx.post(base + "/v1/analyze", json=page, headers={"Host": "geo.example"}, timeout=5)
        assert r.status_code == 401  # analyses on, token from GEOWIRE_API_TOKEN
        r = httpx.post(base + "/v1/analyze", json=page, timeout=5,
                       headers={"Host": "geo.example", "Authorization": "Bearer from-env"})
        assert r.status_code == 422
    finally:
        stop(server)
