"""The README is a test: every `geowire …` line of its shell blocks runs, its Python blocks run,
and it names every command and every setting.

The shell lines are read from README.md, not copied here. Each README block runs in a workspace of
its own (a temporary directory, the current directory of the commands), where the file names the
README uses exist, made from the small fixtures of tests/fixtures/tour/ (see `WORKSPACE` below): the
lines then run exactly as written, `./geowire.db` and `corpus.db` included. They run in-process
through typer's CliRunner (the session's spaCy model is loaded once), but `geowire serve`, which
runs as a real process on a free loopback port. Two kinds of line cannot run here and are parsed
only (their options and values checked against the command, as click parses them): a batch on a
running Ray cluster (`--address auto`) and anything on a cloud store (`s3://`, `gs://`, `hdfs://`).

Each line is then checked for what it means, not for its layout: the exit status, the output
parses as the format asked, it names the actors of the inputs (each fixture's text plainly names
them: `ACTORS`), and every returned record satisfies the filters of the line (`--kind`, `--since`,
`--country`, …).
"""
from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
import typer
from typer.testing import CliRunner

from geowire.cli import app
from tests.server import stop

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
TOUR = Path(__file__).parent / "fixtures" / "tour"
EXAMPLE = "examples/commonspace-russia-south-ossetia-treaty.txt"

# ---- what the README's file names are here ------------------------------------------------------
# README name -> what stands for it in a workspace. "site/" is served over HTTP on 127.0.0.1 and
# "urls.txt" lists its pages; "crawl.warc.gz" is written with warcio from the same pages.
WORKSPACE = {
    "examples/": ROOT / "examples",             # the example page itself
    "page.html": TOUR / "page.html",            # Georgia and Russia sign a WTO trade monitoring agreement
    "feed.xml": TOUR / "feed.xml",              # RSS: Finland joins NATO; China and the Philippines
    "pages.jsonl": TOUR / "exports" / "pages.jsonl",  # {"url", "html"}: Turkey/Sweden; {"url", "text"}: India/Pakistan
    "exports/": TOUR / "exports",               # the same JSON Lines file, for `batch 'exports/*.jsonl'`
    "pages/": TOUR / "pages",                   # Serbia/Kosovo and Azerbaijan/Turkey (HTML, in folders), Mali (a dump)
    "site/": TOUR / "site",                     # Britain blames Russia's GRU (APT28); Armenia and Azerbaijan talk
    "crawl.warc.gz": "WARC of site/*.html, written with warcio (a request, a response per page, an image)",
    "crawl/": "a folder holding crawl.warc.gz",
    "urls.txt": "the URLs of site/*.html on a loopback HTTP server started by the test",
}

# The actors that each input plainly names, by README name (a name as the gazetteer spells it).
ACTORS = {
    EXAMPLE: {"Russia", "South Ossetia", "Vladimir Putin", "Georgia"},
    "page.html": {"Georgia", "Russia", "Switzerland"},
    "crawl.warc.gz": {"United Kingdom", "APT28", "Armenia", "Azerbaijan"},
    "crawl/*.warc.gz": {"United Kingdom", "APT28", "Armenia", "Azerbaijan"},
    "urls.txt": {"United Kingdom", "APT28", "Armenia", "Azerbaijan"},
    "feed.xml": {"Finland", "China", "Philippines"},
    "pages.jsonl": {"Sweden", "India", "Pakistan"},
    "exports/*.jsonl": {"Sweden", "India", "Pakistan"},
    "pages/": {"Serbia", "Kosovo", "Azerbaijan", "Turkey", "Mali", "France"},
    "pages/**/*.html": {"Serbia", "Kosovo", "Azerbaijan", "Turkey"},
}
# How many documents each input holds (pages, items, lines, responses, files).
DOCUMENTS = {EXAMPLE: 1, "page.html": 1, "crawl.warc.gz": 2, "crawl/*.warc.gz": 2, "urls.txt": 2,
             "feed.xml": 2, "pages.jsonl": 2, "exports/*.jsonl": 2, "pages/": 3, "pages/**/*.html": 2}

# Lines that need a cluster or a cloud store: parsed, not run.
CLOUD = re.compile(r"^(s3|gs|hdfs)://")


def parse_only(argv: list[str]) -> str | None:
    """Why a README line is only parsed here, or None when it runs."""
    if "--address" in argv:
        return "needs a running Ray cluster (--address)"
    if any(CLOUD.match(a) for a in argv):
        return "needs a cloud object store"
    return None


# ---- reading the README --------------------------------------------------------------------------

@dataclass
class Line:
    block: int          # index of the fenced block in the README
    section: str        # the heading above it
    text: str           # the line as written
    argv: list[str]     # the geowire arguments (after `geowire`)
    stdin: str | None   # a file piped into it (`cat pages.jsonl | geowire …`)
    comment: str

    @property
    def command(self) -> str:
        return self.argv[0]

    def option(self, name: str, default=None):
        if name in self.argv:
            return self.argv[self.argv.index(name) + 1]
        return default

    def positionals(self) -> list[str]:
        out, skip = [], False
        for arg in self.argv[1:]:
            if skip:
                skip = False
            elif arg.startswith("--"):
                skip = not arg.startswith("--no-")  # every option of the tour takes a value but --no-store
            else:
                out.append(arg)
        return out


def readme_blocks(lang: str) -> list[tuple[int, str, str]]:
    """(index, section heading, text) of every fenced block of that language, in order."""
    blocks, section, index = [], "", 0
    lines = README.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("#"):
            section = line.lstrip("#").strip()
        elif line.startswith("```"):
            tag, body = line[3:].strip(), []
            i += 1
            while not lines[i].startswith("```"):
                body.append(lines[i])
                i += 1
            if tag == lang:
                blocks.append((index, section, "\n".join(body)))
            index += 1
        i += 1
    return blocks


def readme_lines() -> list[Line]:
    found = []
    for index, section, text in readme_blocks("sh"):
        for raw in text.splitlines():
            words = shlex.split(raw, comments=True)
            if "geowire" not in words:
                continue  # `make run` and the like
            comment = raw.split(" # ", 1)[1].strip() if " # " in raw else ""
            stdin = None
            if "|" in words:
                left, words = words[:words.index("|")], words[words.index("|") + 1:]
                assert left[0] == "cat" and len(left) == 2, f"only `cat FILE | geowire …` is supported: {raw}"
                stdin = left[1]
            assert words[0] == "geowire", raw
            found.append(Line(index, section, raw.split(" # ")[0].strip(), words[1:], stdin, comment))
    return found


LINES = readme_lines()


def line_id(line: Line) -> str:
    return line.text


# ---- the workspaces ------------------------------------------------------------------------------

def write_warc(path: Path, pages: dict[str, bytes]) -> Path:
    """A gzipped WARC as a crawler writes it: a request and a response per page, and an image
    response (which geowire skips)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=True)
        for url, html in pages.items():
            request = StatusAndHeaders("GET " + url.split("/", 3)[3] + " HTTP/1.1",
                                       [("Host", url.split("/")[2])], protocol="HTTP/1.1", is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", http_headers=request))
            response = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html),
                                                          http_headers=response))
        image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://gazette.example.org/logo.png", "response",
                                                      payload=io.BytesIO(b"\x89PNG\r\n\x1a\n"), http_headers=image))
    return path


@pytest.fixture(scope="module")
def site():
    """tests/fixtures/tour/site/ served on a free loopback port."""
    handler = partial(type("Quiet", (SimpleHTTPRequestHandler,), {"log_message": lambda *a: None}),
                      directory=str(WORKSPACE["site/"]))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def make_workspace(path: Path, site_url: str) -> Path:
    """A directory where every file name of the README exists (see WORKSPACE)."""
    path.mkdir(parents=True, exist_ok=True)
    for name, source in WORKSPACE.items():
        if not isinstance(source, Path):
            continue
        target = path / name.rstrip("/")
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copyfile(source, target)
    site_pages = sorted(WORKSPACE["site/"].glob("*.html"))
    write_warc(path / "crawl.warc.gz",
               {f"https://gazette.example.org/{p.stem}": p.read_bytes() for p in site_pages})
    (path / "crawl").mkdir()
    shutil.copyfile(path / "crawl.warc.gz", path / "crawl" / "crawl.warc.gz")
    (path / "urls.txt").write_text("".join(f"{site_url}/{p.name}\n" for p in site_pages), encoding="utf-8")
    return path


@contextlib.contextmanager
def cwd(path: Path):
    before = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


@dataclass
class Ran:
    exit_code: int
    stdout: str
    stderr: str
    workspace: Path
    parsed: dict | None = None  # the parameters click parsed, for a line that is parsed only
    seconds: float = 0.0
    tables: dict | None = None  # a batch line's output tables just after it ran (a later line may replace shards)

    def __str__(self):
        return f"exit {self.exit_code}\n--- stdout\n{self.stdout[-3000:]}\n--- stderr\n{self.stderr[-3000:]}"


def invoke(argv: list[str], workspace: Path, stdin: str | None = None) -> Ran:
    env = {"GEOWIRE_DB": None, "COLUMNS": "200"}  # ./geowire.db, as for a user without $GEOWIRE_DB
    with cwd(workspace):
        data = (workspace / stdin).read_text(encoding="utf-8") if stdin else None
        result = CliRunner().invoke(app, argv, input=data, env=env)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Ran(result.exit_code, result.stdout, result.stderr, workspace)


def parse(argv: list[str], workspace: Path) -> Ran:
    """Parse a line as click would, without running it; and its command's --help."""
    command = typer.main.get_command(app).commands.get(argv[0])
    assert command is not None, f"no command {argv[0]!r}"
    with command.make_context(argv[0], list(argv[1:])) as ctx:
        params = dict(ctx.params)
    helped = invoke([argv[0], "--help"], workspace)
    return Ran(helped.exit_code, helped.stdout, helped.stderr, workspace, parsed=params)


def run_block(index: int, workspace: Path) -> dict[str, Ran]:
    """Every line of one README block, in order, in its workspace; `serve` is left to its test."""
    ran = {}
    for line in LINES:
        if line.block != index or line.command == "serve":
            continue
        started = time.perf_counter()
        if parse_only(line.argv):
            ran[line.text] = parse(line.argv, workspace)
        else:
            ran[line.text] = invoke(line.argv, workspace, line.stdin)
        ran[line.text].seconds = time.perf_counter() - started
        if line.command == "batch" and ran[line.text].parsed is None and ran[line.text].exit_code == 0:
            ran[line.text].tables = batch_tables(workspace / line.option("--out"))
    return ran


@pytest.fixture(scope="module")
def results(pipeline, site, tmp_path_factory) -> dict[str, Ran]:
    """Every README shell line, run block by block (each block in a fresh workspace)."""
    ran = {}
    for index in sorted({line.block for line in LINES}):
        workspace = make_workspace(tmp_path_factory.mktemp(f"block{index}"), site)
        ran.update(run_block(index, workspace))
    print("\n".join(f"{r.seconds:6.1f} s  {text}" for text, r in ran.items()))  # shown by pytest -s
    return ran


# ---- helpers for the checks ----------------------------------------------------------------------

def as_list(value) -> list:
    """A list field as any encoding gives it: a list, JSON text, "a;b" text, or nothing."""
    if value is None or (isinstance(value, float) and value != value):
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    if hasattr(value, "tolist"):
        return list(value.tolist())
    text = str(value).strip()
    if text.startswith("["):
        return json.loads(text)
    return [v for v in text.split(";") if v] if text else []


def store_of(ran: Ran, line: Line):
    from geowire.kb.store import Store

    return Store(ran.workspace / line.option("--db", "geowire.db"))


def inputs_of(line: Line) -> list[str]:
    return [p for p in line.positionals() if p != "-"] + ([line.stdin] if line.stdin else [])


def expected_actors(line: Line) -> set[str]:
    names = set()
    for name in inputs_of(line):
        assert name in ACTORS, f"README input {name!r} has no fixture: add it to WORKSPACE and ACTORS"
        names |= ACTORS[name]
    return names


def actor_names(dossiers: list[dict]) -> set[str]:
    return {a["name"] for d in dossiers for a in d["actors"]}


# ---- the checks, one per command -----------------------------------------------------------------

def check_analyze(line: Line, ran: Ran) -> None:
    fmt = line.option("--format", "text")
    count = sum(DOCUMENTS[name] for name in inputs_of(line))
    if fmt == "json":
        parsed = json.loads(ran.stdout)
        dossiers = parsed if isinstance(parsed, list) else [parsed]
    elif fmt == "jsonl":
        dossiers = [json.loads(l) for l in ran.stdout.splitlines() if l.strip()]
        assert all(d["document"]["source_path"] for d in dossiers)
    else:
        dossiers = None
        assert ran.stdout.count("ARTICLE ") == count, ran
        for name in expected_actors(line):
            assert name in ran.stdout, f"{name} missing from the summary\n{ran}"
    if dossiers is not None:
        assert len(dossiers) == count
        assert all(d["schema"].startswith("geowire.dossier/") for d in dossiers)
        assert expected_actors(line) <= actor_names(dossiers), actor_names(dossiers)
    if "--no-store" not in line.argv:  # stored where the line says
        with store_of(ran, line) as store:
            titles = {row["title"] for row in store.documents("article")}
        if dossiers is not None:
            assert {d["document"]["title"] for d in dossiers} <= titles


def check_show(line: Line, ran: Ran) -> None:
    prefix = line.positionals()[0]
    dossier = json.loads(ran.stdout) if line.option("--format") in ("json", "jsonl") else None
    if dossier is None:
        assert prefix in ran.stdout
        return
    assert dossier["document"]["id"].startswith(prefix)
    # the README's id is the example page's: its text names these actors
    assert ACTORS[EXAMPLE] <= actor_names([dossier])


def check_documents(line: Line, ran: Ran) -> None:
    with store_of(ran, line) as store:
        stored = list(store.documents())
    assert stored, "the tour stored nothing before `geowire documents`"
    for row in stored:
        assert row["id"][:12] in ran.stdout
        if row["title"]:
            assert row["title"][:40] in ran.stdout


def query_json(line: Line, ran: Ran) -> list[dict]:
    """The rows of a query line: its own output if JSON, else the same line with --format json."""
    if line.option("--format", "table") == "json":
        return json.loads(ran.stdout)
    assert line.option("--format", "table") in ("table", "csv")
    again = invoke([*line.argv, "--format", "json"], ran.workspace)
    assert again.exit_code == 0, again
    return json.loads(again.stdout)


def check_query(line: Line, ran: Ran) -> None:
    from geowire.kb import query

    rows = query_json(line, ran)
    assert rows, f"`{line.text}` finds nothing in the tour's store"
    if line.option("--format", "table") == "table":
        assert "(nothing)" not in ran.stdout
    with store_of(ran, line) as store:
        country = {r["id"]: r["country"] for r in query.actors(store).to_dict("records")}
        bodies = {}
        if line.command == "search":
            documents = {r["id"]: store.dossier(r["id"]).document for r in rows}
            bodies = {i: (d.title or "") + "\n" + d.body for i, d in documents.items()}
    kind, since, actor = line.option("--kind"), line.option("--since"), line.option("--actor")
    for row in rows:
        if kind:
            assert row["kind"] == kind, row
        if since:
            assert row["date"] and row["date"][:len(since)] >= since[:len(row["date"])], row
        if line.option("--type"):
            assert row["type"].split("/")[0] == line.option("--type"), row
        if line.option("--country"):
            people = as_list(row.get("actors")) + as_list(row.get("recipients"))
            assert line.option("--country") in {country.get(p) for p in people}, row
        if actor:
            involved = as_list(row.get("parties")) + as_list(row.get("actors")) + as_list(row.get("recipients"))
            assert actor in involved, row
        if line.option("--speaker"):
            who = line.option("--speaker").lower()
            assert who in (row["speaker"] or "").lower() or who in (row["speaker_name"] or "").lower(), row
    if line.command == "search":
        phrase = line.positionals()[0].strip('"').lower()
        for doc_id, text in bodies.items():
            assert phrase in " ".join(text.lower().split()), doc_id
    if line.command == "actors" and kind == "threat-group":
        assert "APT28" in {r["name"] for r in rows}  # named by the example page's teaser and by site/gru-cyber.html
    if line.command == "attributions":
        assert any("apt28" in as_list(r["operator"]) for r in rows), rows


def check_export(line: Line, ran: Ran) -> None:
    written = [ran.workspace / p for p in ran.stdout.split()]
    assert written and all(p.exists() for p in written)
    check_export_files(line.option("--format"), written)


def check_export_files(fmt: str, written: list[Path]) -> None:
    """The files of one export format parse as that format and hold the tour's actors."""
    names = set()
    if fmt == "parquet":
        import pandas as pd

        frames = {p.stem: pd.read_parquet(p) for p in written}
        assert not frames["events"].empty
        names = set(frames["actors"]["name"])
    elif fmt == "csv":
        frames = {p.stem: list(csv.DictReader(p.open(encoding="utf-8"))) for p in written}
        assert frames["events"]
        names = {r["name"] for r in frames["actors"]}
    elif fmt == "jsonl":
        frames = {p.name.split(".")[0]: [json.loads(l) for l in p.open(encoding="utf-8")] for p in written}
        assert frames["events"]
        names = {r["name"] for r in frames["actors"]}
    elif fmt == "plover":
        (path,) = written
        events = [json.loads(l) for l in path.open(encoding="utf-8")]
        assert events and all(e["id"] and e["event"] for e in events) and any(e["date"] for e in events)
        names = {a["name"] for e in events for a in e["actor"] + e["recipient"]}
    elif fmt == "graphml":
        import networkx as nx

        (path,) = written
        graph = nx.read_graphml(path)
        assert graph.number_of_edges() > 0
        names = {data.get("name", node) for node, data in graph.nodes(data=True)}
    else:
        raise AssertionError(f"no check for export format {fmt!r}")
    assert {"Russia", "South Ossetia"} <= names, names


def check_schema(line: Line, ran: Ran) -> None:
    schema = json.loads(ran.stdout)
    if "$ref" in schema:  # "#/$defs/Dossier"
        schema = schema["$defs"][schema["$ref"].rsplit("/", 1)[1]]
    assert {"document", "actors", "events", "agreements", "attributions", "quotes"} <= set(schema["properties"])


def batch_tables(out: Path) -> dict:
    import pandas as pd

    return {t: pd.read_parquet(out / t) for t in ("documents", "actors") if (out / t).is_dir()}


def check_batch(line: Line, ran: Ran) -> None:
    if ran.parsed is not None:  # parse only: the options mean what the README says
        assert ran.parsed["engine"].value == line.option("--engine", "local")
        assert ran.parsed["address"] == line.option("--address")
        assert ran.parsed["out"] == line.option("--out")
        assert list(ran.parsed["inputs"]) == line.positionals()
        return
    assert re.search(r"\d+ shards done, \d+ skipped .*, 0 failed", ran.stderr), ran
    out = ran.workspace / line.option("--out")
    assert any((out / "_done").iterdir())
    # the rows of this line's inputs (the output folder may hold other lines' shards too)
    files = {str(p.resolve()) for name in inputs_of(line) for p in ran.workspace.glob(name)}
    documents = ran.tables["documents"]
    mine = set(documents[documents["source_path"].map(lambda p: str(Path(p).resolve()) in files)]["document_id"])
    assert len(mine) == sum(DOCUMENTS[name] for name in inputs_of(line)), documents[["source_path", "title"]]
    actors = ran.tables["actors"]
    names = set(actors[actors["document_id"].isin(mine)]["name"])
    assert expected_actors(line) <= names, names


def check_load(line: Line, ran: Ran) -> None:
    from geowire.kb import query

    out = ran.workspace / line.positionals()[0]
    tables = batch_tables(out)
    with store_of(ran, line) as store:
        stored = {row["id"] for row in store.documents()}
        names = set(query.actors(store)["name"])
    assert stored == set(tables["documents"]["document_id"])
    assert set(tables["actors"]["name"]) <= names


CHECKS = {"analyze": check_analyze, "show": check_show, "documents": check_documents, "events": check_query,
          "actors": check_query, "agreements": check_query, "attributions": check_query, "quotes": check_query,
          "search": check_query, "export": check_export, "schema": check_schema, "batch": check_batch,
          "load": check_load}


@pytest.mark.parametrize("line", [l for l in LINES if l.command != "serve"], ids=line_id)
def test_every_readme_command_runs_and_means_what_it_says(line, results):
    ran = results[line.text]
    assert ran.exit_code == 0, ran
    assert line.command in CHECKS, f"no check for `geowire {line.command}`: add one to CHECKS"
    CHECKS[line.command](line, ran)


def test_the_readme_blocks_use_the_fixtures():
    assert LINES, "no geowire line found in the README's ```sh blocks"
    for line in LINES:
        if line.command in ("analyze", "batch") and not parse_only(line.argv):
            assert inputs_of(line), line.text
            for name in inputs_of(line):
                assert name in ACTORS and name in DOCUMENTS, f"{name!r} ({line.text}) has no fixture"


def test_every_export_format_of_the_tour(results, tmp_path):
    """`geowire export --format …  # csv | parquet | …`: every format of the comment, and no other."""
    (line,) = [l for l in LINES if l.command == "export"]
    listed = [f.strip() for f in line.comment.split("|")]
    from geowire.cli import ExportFormat

    assert set(listed) == {f.value for f in ExportFormat}
    workspace = results[line.text].workspace
    for fmt in listed:
        ran = invoke(["export", "--format", fmt, "--out", str(tmp_path / fmt)], workspace)
        assert ran.exit_code == 0, ran
        check_export_files(fmt, [Path(p) for p in ran.stdout.split()])


def test_serve_answers_on_loopback(results):
    """`geowire serve`, as a process, on a free port (the README's 8000 may be taken): the page,
    the API over the tour's store, and the API docs."""
    (line,) = [l for l in LINES if l.command == "serve"]
    workspace = results[next(l.text for l in LINES if l.block == line.block and l.command == "analyze")].workspace
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    argv = [sys.executable, "-m", "geowire", *line.argv, "--port", str(port)]
    env = {k: v for k, v in os.environ.items() if k != "GEOWIRE_DB"}
    server = subprocess.Popen(argv, cwd=workspace, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                page = httpx.get(base + "/", timeout=5)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.communicate()
                assert time.monotonic() < deadline, "geowire serve did not answer"
                time.sleep(0.2)
        assert page.status_code == 200 and "<html" in page.text.lower()
        documents = httpx.get(base + "/v1/documents", timeout=30)
        assert documents.status_code == 200 and documents.json()  # JSON, whatever its envelope
        assert "Russia and South Ossetia sign treaty." in documents.text  # the tour's store
        assert httpx.get(base + "/docs", timeout=30).status_code == 200
    finally:
        stop(server)


# ---- the Python blocks ---------------------------------------------------------------------------

def make_run_workspace(path: Path, site_url: str, pipeline) -> Path:
    """A workspace after `make run`: geowire.db holds the example page."""
    from geowire.kb.store import Store
    from geowire.read import iter_raw

    make_workspace(path, site_url)
    with Store(path / "geowire.db") as store:
        for dossier in pipeline.analyze(iter_raw([str(path / EXAMPLE)])):
            store.save(dossier)
    return path


def test_the_python_blocks_run(pipeline, site, tmp_path):
    """Each ```python block of the README, executed in order in a workspace after `make run`: an
    expression's value is a DataFrame with rows, and what a block stores is then in the store."""
    import ast

    import pandas as pd

    from geowire.kb.store import Store

    workspace = make_run_workspace(tmp_path / "ws", site, pipeline)
    blocks = readme_blocks("python")
    assert blocks
    with Store(workspace / "geowire.db") as store:
        before = {row["title"] for row in store.documents("article")}
    with cwd(workspace):
        for _, section, source in blocks:
            namespace: dict = {}
            tree = ast.parse(source)
            for statement in tree.body:
                code = ast.Module(body=[statement], type_ignores=[])
                if isinstance(statement, ast.Expr):
                    value = eval(compile(ast.Expression(statement.value), "README.md", "eval"), namespace)
                    if isinstance(value, pd.DataFrame):
                        assert not value.empty, f"README ({section}): {ast.unparse(statement)} is empty"
                else:
                    exec(compile(code, "README.md", "exec"), namespace)
    with Store(workspace / "geowire.db") as store:
        after = {row["title"] for row in store.documents("article")}
    # the Pipeline block analyses page.html and crawl.warc.gz into geowire.db
    added = after - before
    for page in [WORKSPACE["page.html"], *sorted(WORKSPACE["site/"].glob("*.html"))]:
        title = re.search(r"<h1>(.*?)</h1>", page.read_text(encoding="utf-8")).group(1)
        assert title in added, (title, added)


# ---- the README names every command and every setting -------------------------------------------

def cli_commands(group=None, prefix: str = "") -> list[str]:
    """Every command of `geowire.cli.app`, sub-commands of groups included ("group sub")."""
    import click

    group = group or typer.main.get_command(app)
    names = []
    for name, command in sorted(group.commands.items()):
        names.append(prefix + name)
        if isinstance(command, click.Group):
            names += cli_commands(command, prefix + name + " ")
    return names


def test_every_command_is_in_a_readme_shell_block():
    shown = {" ".join(line.argv[:k]) for line in LINES for k in (1, 2, 3)}
    commands = cli_commands()
    assert len(commands) > 10
    missing = [c for c in commands if c not in shown]
    assert not missing, f"commands missing from the README's ```sh blocks: {missing}"


def readme_settings_rows() -> dict[str, str]:
    """The rows of the README's Settings table, by the environment variable they name."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Settings", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for row in section.splitlines():
        found = re.search(r"`(GEOWIRE_[A-Z0-9_]+)`", row)
        if row.startswith("|") and found:
            rows[found.group(1)] = row
    return rows


def test_every_setting_is_in_the_readme_with_its_default_and_variable():
    from dataclasses import MISSING, fields

    from geowire.settings import ENV_PREFIX, Settings

    rows = readme_settings_rows()
    for f in fields(Settings):
        variable = ENV_PREFIX + f.name.upper()
        assert variable in rows, f"README's Settings table has no row for {f.name} ({variable})"
        row = rows[variable]
        assert f"`{f.name}`" in row, row
        default = f.default if f.default is not MISSING else f.default_factory()
        cells = [c.strip().strip("`") for c in row.strip("|").split("|")]
        if isinstance(default, (int, float)):
            numbers = {float(n.replace(",", "").replace("_", ""))
                       for c in cells for n in re.findall(r"\d[\d,_]*(?:\.\d+)?", c)}
            assert float(default) in numbers, f"{f.name}: default {default} not in {row}"
        else:
            assert str(default) in cells, f"{f.name}: default {default!r} not in {row}"


def test_where_things_are_names_every_package_and_root_module():
    """The README's map of the tree names each stage folder and each module at the package root."""
    text = README.read_text(encoding="utf-8")
    layout = text.split("\n## Where things are", 1)[1].split("\n## ", 1)[0]
    package = ROOT / "geowire"
    folders = [p.name + "/" for p in package.iterdir() if (p / "__init__.py").is_file()]
    modules = [p.name for p in package.glob("*.py") if not p.name.startswith("__")]
    missing = [name for name in folders + modules if not re.search(rf"^\s+{re.escape(name)}\s", layout, re.M)]
    assert not missing, f"README's 'Where things are' does not name {missing}"
