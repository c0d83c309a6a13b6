"""A real geowire server on loopback, in a thread, for API and browser tests."""
from __future__ import annotations

import socket
import subprocess
import threading
import time
from contextlib import contextmanager

import httpx
import uvicorn

from geowire.web.api import create_app


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(db, **options):
    """`create_app(db, **options)` served by uvicorn on 127.0.0.1 (a free port) until the block ends;
    yields its base URL. Analyses are allowed here unless `allow_analyze=False` (tests post pages);
    `geowire serve` is read-only by default."""
    options.setdefault("allow_analyze", True)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db, **options), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def get(base: str, path: str, **params) -> httpx.Response:
    return httpx.get(base + path, params=params, timeout=30)


def open_fds() -> int:
    """File descriptors this process has open (Linux)."""
    import os

    return len(os.listdir("/proc/self/fd"))


def stop(process: subprocess.Popen, timeout: float = 20) -> None:
    """End a server process: politely, then for sure."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def browser_page(db, **options):
    """A chromium page (Playwright, Debian's chromium) on `running_server(db, **options)`: `page.base`
    is the server's URL and `page.problems` collects console errors and warnings, uncaught
    exceptions and CSP violations. Fails, not skips, when chromium is missing."""
    import os

    import pytest
    from playwright.sync_api import sync_playwright

    from tests.test_web import ARGS, CHROMIUM

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium (apt-get install chromium)")
    with running_server(db, **options) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
            page = context.new_page()
            page.base = base
            page.problems = []
            page.on("console", lambda m: page.problems.append(m.text) if m.type in ("error", "warning") else None)
            page.on("pageerror", lambda e: page.problems.append(str(e)))
            yield page
        finally:
            browser.close()
