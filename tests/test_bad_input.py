"""Bad and hostile input never hurts geowire.

Every way in (`geowire analyze` with each --input-format, standard input, POST /v1/analyze) is
fed empty, binary, huge, mis-encoded, malformed and hostile inputs, each in the same run as a
good one. Each bad input must give exactly one line `geowire: error: <input>: <reason>` on
stderr and no traceback, the run must go on (the good input is analysed and stored), the exit
status is 1, and the store keeps what it had. Big inputs are made cheaply: a sparse file for
the size cap, a gzip bomb built from one repeated deflate block.
"""
from __future__ import annotations

import faulthandler
import gzip
import io
import json
import os
import random
import re
import sqlite3
import struct
import threading
import time
import tracemalloc
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from geowire.cli import app
from geowire.extract import Extractor
from geowire.model import RawDocument
from geowire.read import iter_raw
from geowire.settings import settings

ARTICLE = "Japan and South Korea held talks in Seoul on Tuesday about export controls."
ARTICLE_HTML = (f"<html><head><title>Seoul talks</title></head><body><article><p>{ARTICLE} "
                "Officials from both countries said more talks would follow in Tokyo next month.</p>"
                "</article></body></html>").encode()
CAP = settings().max_document_bytes  # the messages below expect the default, 50 MB
HANG_LIMIT_S = 60  # a test still running after this is hung: dump every thread's stack and stop


@pytest.fixture(autouse=True)
def watchdog(request):
    """pytest-timeout is not a dependency: faulthandler ends the process, with every thread's stack,
    even when the hang is inside C code (a signal handler would never run there). The stacks go to
    the stderr that pytest saved before capturing (its private stash key; else to sys.stderr)."""
    try:
        from _pytest.faulthandler import fault_handler_stderr_fd_key
        stderr = request.config.stash.get(fault_handler_stderr_fd_key, None)
    except ImportError:
        stderr = None
    faulthandler.dump_traceback_later(HANG_LIMIT_S, exit=True, **({"file": stderr} if stderr is not None else {}))
    yield
    faulthandler.cancel_dump_traceback_later()


@pytest.fixture(scope="module")
def runner(pipeline):  # the session pipeline: its models are loaded once and reused by the CLI
    return CliRunner()


# --- inputs -----------------------------------------------------------------------------------

def warc_bytes(records: list[tuple[str, bytes, bytes]], gz: bool = False) -> bytes:
    """A WARC of HTTP responses (uri, content type, payload)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    for uri, content_type, payload in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type.decode())], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(payload),
                                                      http_headers=headers))
    return out.getvalue()


def feed_bytes(description: str, doctype: str = "") -> bytes:
    return (f'<?xml version="1.0"?>{doctype}<rss version="2.0"><channel><title>Wire</title><item>'
            f"<title>Seoul talks</title><link>http://wire.example/seoul</link>"
            f"<description>{description}</description></item></channel></rss>").encode()


def gzip_bomb(gib: int = 1, prefix: bytes = b"", suffix: bytes = b"") -> bytes:
    """About 1 MB of gzip that inflates to `gib` GiB of zeros (between `prefix` and `suffix`), as
    one member. Made from one deflate segment repeated: after a full flush the compressor starts
    afresh, so the same 1 MiB of input gives the same bytes each time, and the stream stays valid."""
    chunk = bytes(1 << 20)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = deflate.compress(prefix) + deflate.flush(zlib.Z_FULL_FLUSH)
    segment = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)
    crc = zlib.crc32(prefix)
    for _ in range(gib << 10):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(suffix, crc)
    return (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + start + segment * (gib << 10)
            + deflate.compress(suffix) + deflate.flush()
            + struct.pack("<II", crc, (len(prefix) + (gib << 30) + len(suffix)) & 0xFFFFFFFF))


def warc_bomb(path: Path) -> None:
    """A WARC.gz whose first record is an HTML response of 1 GiB of zeros, in one gzip member."""
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    header = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://wire.example/bomb\r\n"
              b"WARC-Record-ID: <urn:uuid:6a1e3d52-0000-4000-8000-000000000002>\r\n"
              b"Content-Type: application/http; msgtype=response\r\n"
              b"Content-Length: %d\r\n\r\n" % (len(http) + (1 << 30)))
    path.write_bytes(gzip_bomb(1, header + http, b"\r\n\r\n")
                     + warc_bytes([("http://wire.example/after", b"text/html", ARTICLE_HTML)], gz=True))


def sparse_file(path: Path, size: int) -> Path:
    with open(path, "wb") as fh:
        fh.truncate(size)  # no blocks written: the size check must not read it
    return path


LATIN1 = "Les délégations se sont rencontrées à Genève mardi.".encode("latin-1")
CP1252 = "The minister said “we agree” in Geneva on Tuesday.".encode("cp1252")
MIXED = "Les délégations à Genève. ".encode() + "Les délégations à Genève.".encode("latin-1")
TEN_KB = (ARTICLE + "\n") * 140  # more than the 8 KB that is_binary samples
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(8) + b"\x02\x00\x3e\x00\x01\x00\x00\x00" + bytes(range(256)) * 8

# name, content (bytes, or a function of the file's path that writes it), --input-format, reason (a regex)
BAD_FILES = [
    ("empty.txt", b"", "auto", r"empty file"),
    ("blank.txt", b"  \n\t \n", "auto", r"empty file"),
    ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "auto",
     r"binary file, not text or HTML"),
    ("program", ELF, "auto", r"binary file, not text or HTML"),
    ("noise.bin", random.Random(7).randbytes(5000), "auto", r"binary file, not text or HTML"),
    ("nul-early.txt", f"{ARTICLE}\n".encode() + b"\x00" + f"{ARTICLE}\n".encode(), "auto",
     r"binary file, not text or HTML"),
    ("nul-late.txt", TEN_KB.encode() + b"\x00" + TEN_KB.encode(), "auto",
     rf"NUL byte at offset {len(TEN_KB)}, not a text file"),
    ("utf16-bom.txt", ARTICLE.encode("utf-16"), "auto", r"not UTF-8 text \(UTF-16\)"),
    ("utf16-le.txt", ARTICLE.encode("utf-16-le"), "auto", r"not UTF-8 text \(UTF-16 without a byte-order mark\)"),
    ("utf16-be.txt", ARTICLE.encode("utf-16-be"), "plain", r"not UTF-8 text \(UTF-16 without a byte-order mark\)"),
    ("latin1.txt", LATIN1, "auto", rf"not UTF-8 text \(invalid byte at offset {LATIN1.index(0xE9)}\)"),
    ("cp1252.txt", CP1252, "dump", rf"not UTF-8 text \(invalid byte at offset {CP1252.index(0x93)}\)"),
    ("mixed.txt", MIXED, "auto", rf"not UTF-8 text \(invalid byte at offset {MIXED.index(0xE9)}\)"),
    ("huge.txt", lambda p: sparse_file(p, 60 * 1024 * 1024), "auto", r"too large \(more than 50 MB\)"),
    ("bomb.html.gz", lambda p: p.write_bytes(gzip_bomb()), "auto", r"too large \(more than 50 MB uncompressed\)"),
    ("cut.html.gz", (lambda packed: packed[:len(packed) // 2])(gzip.compress(ARTICLE_HTML * 20)), "auto",
     r"truncated gzip file \(compressed data ends early\)"),
    ("nested.html", b"<html><body>" + b"<div>" * 100_000 + b"<p>x</p>" + b"</div>" * 100_000, "auto",
     r"no article text found"),
    ("scripts.html", b"<html><head><style>p{color:red}</style></head><body><script>var a = 1;</script>"
     b"<noscript></noscript></body></html>", "auto", r"no article text found"),
    ("one-line.txt", b"x" * (5 * 1024 * 1024), "auto", r"no article text found"),
    ("one-line.html", b"<html><body><p>" + b"x" * (5 * 1024 * 1024) + b"</p></body></html>", "auto",
     r"no article text found"),
    ("many-lines.txt", b"".join(b"line %d here\n" % i for i in range(200_000)), "auto",
     r"text too long to analyse \(3,288,889 characters after cleaning, at most 1,000,000\)"),
    # warcio also writes a three-line warning of its own on stderr for this one: it must not show
    ("bad-length.warc", b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: abc\r\n\r\ngarbage", "auto",
     r"corrupt WARC \(1 record\(s\) with a wrong Content-Length\)"),
    ("short-length.warc", b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 3\r\n\r\ntoo long for three\r\n\r\n",
     "auto", r"corrupt WARC \(record 1 is malformed\)"),
    ("garbage-after.warc", warc_bytes([("http://wire.example/x", b"image/png", b"\x89PNG")]) + b"junk\r\n\r\n",
     "auto", r"corrupt WARC \(Invalid WARC record, first line: junk\)"),
    ("images.warc", warc_bytes([("http://wire.example/a.png", b"image/png", b"\x89PNG....")]), "auto",
     r"no HTML pages in the WARC \(skipped: 1 warc response image/png\)"),
    ("bomb.warc.gz", warc_bomb, "auto", r"not read past record 1 \(a gzip member more than 50 MB uncompressed\)"),
    ("corrupt.warc.gz", lambda p: p.write_bytes(
        (lambda w: w[:40] + bytes(40) + w[80:])(warc_bytes([("http://wire.example/", b"text/html", ARTICLE_HTML)], gz=True))),
     "auto", r"corrupt gzip data \(.+\)"),
    ("article.txt", f"{ARTICLE}\n".encode(), "warc", r"not a WARC file"),
    ("not-xml.rss", b"this is { not ] xml", "auto", r"not a feed \(.+\)"),
    ("empty.rss", b"", "feed", r"empty file"),
    ("blank.xml", b" \n ", "feed", r"empty file"),
    ("binary.rss", random.Random(8).randbytes(3000), "feed", r"not a feed \(.+\)"),
    ("article.jsonl", f"{ARTICLE}\n{ARTICLE}\n".encode(), "jsonl", r"not JSON Lines \(line 1 is not a JSON object\)"),
    ("program.jsonl", ELF, "jsonl", r"not JSON Lines \(binary file\)"),
    ("empty.jsonl", b"\n\n", "auto", r"empty file"),
    ("article-urls.txt", f"{ARTICLE}\n".encode(), "urls",
     r"not a URL list \(its first entry is not a URL: 'Japan and South Korea held talks in Seoul on Tuesday about e'\)"),
    ("image-as.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "html",
     r"binary file, not text or HTML"),
    ("utf16-as.html", ARTICLE_HTML.decode().encode("utf-16-le"), "html",
     r"not UTF-8 text \(UTF-16 without a byte-order mark\)"),
]


@pytest.fixture(scope="module")
def page_server():
    """A loopback HTTP server with one article, for the good input of --input-format urls."""
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(ARTICLE_HTML)))
            self.end_headers()
            self.wfile.write(ARTICLE_HTML)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    thread.join(timeout=10)


def good_input(directory: Path, input_format: str, base_url: str) -> Path:
    """A good input for each --input-format, analysed in the same run as a bad one."""
    directory.mkdir(exist_ok=True)
    name, content = {
        "auto": ("good.txt", f"{ARTICLE}\n".encode()),
        "dump": ("good.txt", f"{ARTICLE}\n".encode()),
        "plain": ("good.txt", f"{ARTICLE}\n".encode()),
        "html": ("good.html", ARTICLE_HTML),
        "warc": ("good.warc", warc_bytes([("http://wire.example/seoul", b"text/html; charset=utf-8", ARTICLE_HTML)])),
        "feed": ("good.rss", feed_bytes(ARTICLE)),
        "jsonl": ("good.jsonl", json.dumps({"url": "http://wire.example/seoul", "text": ARTICLE}).encode() + b"\n"),
        "urls": ("good-urls.txt", f"{base_url}/seoul\n".encode()),
    }[input_format]
    path = directory / name
    path.write_bytes(content)
    return path


def analyze(runner, *paths, db: Path, input_format: str = "auto", stdin: bytes | None = None):
    args = ["analyze", *(str(p) for p in paths), "-i", input_format, "--db", str(db), "--format", "jsonl"]
    return runner.invoke(app, args, input=stdin)


def stored_ids(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {row[0] for row in conn.execute("SELECT id FROM documents")}


def check_run(result, db: Path, errors: list[str], analysed: int = 1) -> list[dict]:
    """The run printed exactly these error lines (regexes), no traceback, exit status 1, and
    analysed and stored the good inputs."""
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == len(errors), lines
    for line, pattern in zip(lines, errors):
        assert re.fullmatch(pattern, line), (line, pattern)
    assert result.exit_code == 1
    dossiers = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(dossiers) == analysed
    assert stored_ids(db) == {d["document"]["id"] for d in dossiers}
    return dossiers


def error_line(name: str, reason: str) -> str:
    return rf"geowire: error: {re.escape(name)}: {reason}"


# --- every format, file by file ---------------------------------------------------------------

@pytest.mark.parametrize("name, content, input_format, reason", BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_a_bad_file_is_one_line_and_the_good_one_is_still_stored(runner, tmp_path, page_server,
                                                                  name, content, input_format, reason):
    bad = tmp_path / name
    if callable(content):
        content(bad)
    else:
        bad.write_bytes(content)
    good = good_input(tmp_path / "good", input_format, page_server)
    db = tmp_path / "kb.db"
    started = time.monotonic()
    result = analyze(runner, bad, good, db=db, input_format=input_format)
    check_run(result, db, [error_line(str(bad), reason)])
    # refused, not ground through: parsing 3 MB of text would take many minutes (a loose bound:
    # the machine may be shared; speed itself is measured by benchmarks/bench_speed.py)
    assert time.monotonic() - started < 120


def test_a_directory_that_looks_like_a_file_a_fifo_and_a_link_loop(runner, tmp_path):
    (tmp_path / "page.txt").mkdir()
    os.mkfifo(tmp_path / "fifo.txt")  # nobody writes to it: open() alone would wait forever
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    good = good_input(tmp_path / "good", "auto", "")
    db = tmp_path / "kb.db"
    result = analyze(runner, tmp_path / "page.txt", tmp_path / "fifo.txt", tmp_path / "loop.txt", good, db=db)
    check_run(result, db, [error_line(str(tmp_path / "page.txt"), "directory with no readable files"),
                           error_line(str(tmp_path / "fifo.txt"), "empty file"),
                           error_line(str(tmp_path / "loop.txt"), "symlink loop")])


def test_a_directory_with_link_loops_and_special_files_is_walked_once(runner, tmp_path):
    tree = tmp_path / "pages"
    (tree / "sub").mkdir(parents=True)
    (tree / "sub" / "up").symlink_to(tree)  # a loop back to the top
    (tree / "self").symlink_to(tree / "self")
    (tree / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    os.mkfifo(tree / "pipe.txt")
    (tree / "folder.txt").mkdir()
    (tree / "sub" / "good.txt").write_text(f"{ARTICLE}\n", encoding="utf-8")
    (tree / "bad.txt").write_bytes(LATIN1)
    db = tmp_path / "kb.db"
    started = time.monotonic()
    result = analyze(runner, tree, db=db)
    assert time.monotonic() - started < 30  # the FIFO was not opened
    # what cannot be read as a file is named, not skipped silently
    [dossier] = check_run(result, db, [
        error_line(str(tree / "dangling.txt"), r"dangling symlink \(its target does not exist\)"),
        error_line(str(tree / "pipe.txt"), r"not a regular file \(a named pipe\)"),
        error_line(str(tree / "self"), "symlink loop"),
        error_line(str(tree / "sub" / "up"), r"symlink loop \(a link to a folder above it\)"),
        error_line(str(tree / "bad.txt"), rf"not UTF-8 text \(invalid byte at offset {LATIN1.index(0xE9)}\)")])
    assert dossier["document"]["source_path"] == str(tree / "sub" / "good.txt")


def test_a_pipe_with_a_writer_is_still_read():
    # what bash's <(command) passes: /dev/fd/N, a pipe whose writer is already there
    read_end, write_end = os.pipe()
    try:
        os.write(write_end, f"{ARTICLE}\n".encode())
        os.close(write_end)
        [doc] = list(iter_raw([f"/dev/fd/{read_end}"]))
    finally:
        os.close(read_end)
    assert isinstance(doc, RawDocument) and doc.content == f"{ARTICLE}\n"


# --- JSON Lines, line by line -----------------------------------------------------------------

def test_bad_json_lines_each_get_a_line_and_the_good_lines_are_stored(runner, tmp_path):
    lines = [
        json.dumps({"url": "http://wire.example/1", "text": ARTICLE}),
        "[1, 2, 3]",
        '"just a string"',
        json.dumps({"url": "http://wire.example/3", "html": 42}),
        json.dumps({"url": "http://wire.example/4", "text": ["a", "list"]}),
        json.dumps({"url": 5, "html": {"nested": True}}),
        "{not json",
        "[" * 100_000 + "]" * 100_000,  # deeper than Python's stack
        json.dumps({"url": "http://wire.example/9", "text": "Chile and Peru signed a fisheries accord in Lima \ud800 on Monday."}),
    ]
    path = tmp_path / "wire.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "kb.db"
    result = analyze(runner, path, db=db)
    dossiers = check_run(result, db, [
        error_line(f"{path}:2", "JSON line is not an object"),
        error_line(f"{path}:3", "JSON line is not an object"),
        error_line(f"{path}:4", '"html" field is a number, not a string'),
        error_line(f"{path}:5", '"text" field is an array, not a string'),
        error_line(f"{path}:6", '"html" field is an object, not a string'),
        error_line(f"{path}:7", r"malformed JSON line \(.+\)"),
        error_line(f"{path}:8", r"malformed JSON line \(nested too deeply\)"),
    ], analysed=2)
    # a lone surrogate cannot be stored or printed: it is replaced, one character for one
    assert dossiers[1]["document"]["body"] == "Chile and Peru signed a fisheries accord in Lima \ufffd on Monday."


def test_a_jsonl_gzip_bomb_is_not_inflated_past_the_cap(tmp_path):
    first = json.dumps({"url": "http://wire.example/1", "text": ARTICLE}).encode() + b"\n"
    bomb = gzip_bomb()  # one endless line of zeros after the first record
    path = tmp_path / "crawl.jsonl.gz"
    path.write_bytes(gzip.compress(first) + bomb)
    tracemalloc.start()
    try:
        items = list(iter_raw([str(path)]))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 3 * CAP  # the line is read up to the cap, never whole
    assert isinstance(items[0], RawDocument)
    assert [str(i) for i in items[1:]] == [f"{path}:2: too large (more than 50 MB)",
                                           f"{path}: not read past line 2 (a line more than 50 MB)"]


# --- the caps hold without reading everything ---------------------------------------------------

def test_the_size_cap_is_checked_before_reading_and_the_bomb_stops_at_it(tmp_path):
    huge = sparse_file(tmp_path / "huge.txt", 60 * 1024 * 1024)
    bomb = tmp_path / "bomb.html.gz"
    bomb.write_bytes(gzip_bomb())
    tracemalloc.start()
    try:
        started = time.monotonic()
        [too_big] = list(iter_raw([str(huge)]))
        huge_s, huge_peak = time.monotonic() - started, tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        [bombed] = list(iter_raw([str(bomb)]))
        bomb_peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert str(too_big) == f"{huge}: too large (more than 50 MB)"
    assert huge_s < 1 and huge_peak < 1024 * 1024  # refused from its size, not read
    assert str(bombed) == f"{bomb}: too large (more than 50 MB uncompressed)"
    assert bomb_peak < 3 * CAP  # 1 GiB inflated only up to the cap


# --- standard input -------------------------------------------------------------------------------

@pytest.mark.parametrize("content, reason", [
    (b"", r"empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), r"binary file, not text or HTML"),
    (ARTICLE.encode("utf-16"), r"not UTF-8 text \(UTF-16\)"),
    (LATIN1, rf"not UTF-8 text \(invalid byte at offset {LATIN1.index(0xE9)}\)"),
    (b"word " * (11 * 1024 * 1024), r"too large \(more than 50 MB\)"),
    (gzip.compress(b"<html><body>" + bytes(CAP + 10)), r"too large \(more than 50 MB uncompressed\)"),
], ids=["empty", "binary", "utf16", "latin1", "55MB", "gzip-over-cap"])
def test_bad_standard_input(runner, tmp_path, content, reason):
    good = good_input(tmp_path / "good", "auto", "")
    db = tmp_path / "kb.db"
    result = analyze(runner, "-", good, db=db, stdin=content)
    check_run(result, db, [error_line("<stdin>", reason)])


# --- file names -------------------------------------------------------------------------------------

def test_file_names_with_spaces_newlines_and_bytes_that_are_not_utf8(runner, tmp_path):
    names = ["with space.txt", "new\nline.txt", os.fsdecode(b"caf\xe9-\xff.txt")]  # the last is latin-1 bytes
    for n, name in enumerate(names):
        Path(tmp_path, name).write_text(f"{ARTICLE} Round {n}.\n", encoding="utf-8")
        Path(tmp_path, "empty-" + name).write_bytes(b"")
    db = tmp_path / "kb.db"
    args = [Path(tmp_path, prefix + name) for name in names for prefix in ("", "empty-")]
    result = analyze(runner, *args, db=db)
    dossiers = check_run(result, db, [
        error_line(f"{tmp_path}/empty-with space.txt", "empty file"),
        error_line(f"{tmp_path}/empty-new\\nline.txt", "empty file"),  # escaped: the message stays one line
        error_line(f"{tmp_path}/empty-caf\ufffd-\ufffd.txt", "empty file"),
    ], analysed=3)
    assert [d["document"]["source_path"] for d in dossiers] == [
        f"{tmp_path}/with space.txt", f"{tmp_path}/new\nline.txt", f"{tmp_path}/caf\ufffd-\ufffd.txt"]


# --- feeds ------------------------------------------------------------------------------------------

def test_a_feed_entity_bomb_is_not_expanded_and_external_entities_are_not_read(runner, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-LINE", encoding="utf-8")
    laughs = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    bomb = tmp_path / "laughs.rss"
    bomb.write_bytes(feed_bytes(f"{ARTICLE} &lol9;", f'<!DOCTYPE rss [<!ENTITY lol0 "lol">{laughs}]>'))
    xxe = tmp_path / "xxe.rss"
    xxe.write_bytes(feed_bytes("Chile and Peru met in Lima on Monday. &xxe;",
                               f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>'))
    db = tmp_path / "kb.db"
    started = time.monotonic()
    result = analyze(runner, bomb, xxe, db=db)
    assert time.monotonic() - started < 30
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    bodies = [json.loads(line)["document"]["body"] for line in result.stdout.splitlines()]
    assert len(bodies) == 2 and all(len(body) < 500 for body in bodies)  # 10**9 "lol"s were not made
    assert bodies[0].startswith(ARTICLE) and "lollol" not in bodies[0]
    assert "TOP-SECRET" not in result.stdout
    assert len(stored_ids(db)) == 2


# --- the store ---------------------------------------------------------------------------------------

def seeded_store(runner, tmp_path) -> tuple[Path, set[str], bytes]:
    db = tmp_path / "kb.db"
    first = tmp_path / "first.txt"
    first.write_text("Chile and Peru signed a fisheries accord in Lima on Monday.\n", encoding="utf-8")
    assert analyze(runner, first, db=db).exit_code == 0
    with sqlite3.connect(db) as conn:  # fold the WAL into the file, so the bytes say what is stored
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return db, stored_ids(db), db.read_bytes()


@pytest.mark.parametrize("pragma, reason", [
    ("PRAGMA query_only = ON", "attempt to write a readonly database"),  # a read-only store
    ("PRAGMA max_page_count = {pages}", "database or disk is full"),  # no room to grow: a full disk
], ids=["read-only", "full"])
def test_a_store_that_cannot_be_written_reports_each_document_and_keeps_what_it_had(
        runner, tmp_path, monkeypatch, pragma, reason):
    from geowire.kb import store as store_module

    db, before, _ = seeded_store(runner, tmp_path)
    opened = store_module.Store.__init__

    def crippled(self, path):
        opened(self, path)
        pages = self.conn.execute("PRAGMA page_count").fetchone()[0]
        self.conn.execute(pragma.format(pages=pages))

    monkeypatch.setattr(store_module.Store, "__init__", crippled)
    pages = [tmp_path / "a.txt", tmp_path / "b.txt"]
    pages[0].write_text(f"{ARTICLE}\n", encoding="utf-8")
    pages[1].write_text("Kenya and Ethiopia agreed on a border commission in Nairobi on Friday.\n", encoding="utf-8")
    result = analyze(runner, *pages, db=db)
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    assert all(re.fullmatch(error_line(str(db), rf"cannot store document [0-9a-f]{{12}}: {reason}"), line)
               for line in lines), lines
    monkeypatch.undo()
    assert stored_ids(db) == before
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_store_path_that_cannot_be_opened_leaves_everything_alone(runner, tmp_path):
    folder = tmp_path / "kb.db"
    folder.mkdir()
    good = good_input(tmp_path / "good", "auto", "")
    result = analyze(runner, good, db=folder)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert re.fullmatch(error_line(str(folder), "cannot open the store: .+"), result.stderr.strip())
    assert list(folder.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes read-only files anyway")
def test_a_read_only_store_file_is_refused_and_unchanged(runner, tmp_path):
    db, _, data = seeded_store(runner, tmp_path)
    good = good_input(tmp_path / "good", "auto", "")
    db.chmod(0o444)
    tmp_path.chmod(0o555)
    try:
        result = analyze(runner, good, db=db)
    finally:
        tmp_path.chmod(0o755)
        db.chmod(0o644)
    assert result.exit_code in (1, 2) and "Traceback" not in result.output
    assert len(result.stderr.splitlines()) == 1 and str(db) in result.stderr
    assert db.read_bytes() == data


# --- analysis: a library failing on one document fails that document only -----------------------

def test_an_extractor_crash_fails_only_its_document(pipeline, monkeypatch):
    def fragile(ann):
        if "Ruritania" in ann.document.body:
            raise RuntimeError("extractor bug")
        return []

    monkeypatch.setattr(pipeline, "extractors", [*pipeline.extractors, Extractor("fragile", fragile, assigns="quotes")])
    raws = [RawDocument(content=f"Ruritania and {ARTICLE}", source_path="crash.txt", content_type="text/plain"),
            RawDocument(content=ARTICLE, source_path="fine.txt", content_type="text/plain")]
    crashed, fine = list(pipeline.analyze(raws))
    assert str(crashed) == "crash.txt: analysis failed (RuntimeError: extractor bug)"
    assert fine.document.source_path == "fine.txt" and fine.document.body == ARTICLE


def test_a_spacy_failure_in_a_batch_fails_only_its_document(pipeline, monkeypatch):
    nlp = pipeline.nlp

    class Fragile:  # spaCy raising on one text of a batch, as it does past nlp.max_length
        def pipe(self, texts, **kwargs):
            texts = list(texts)
            if any("Ruritania" in t for t in texts):
                raise ValueError("[E088] Text of length 9 exceeds maximum")
            return nlp.pipe(texts, **kwargs)

    monkeypatch.setattr(pipeline, "nlp", Fragile())
    raws = [RawDocument(content=ARTICLE, source_path="before.txt", content_type="text/plain"),
            RawDocument(content=f"Ruritania and {ARTICLE}", source_path="crash.txt", content_type="text/plain"),
            RawDocument(content=ARTICLE.replace("Japan", "Chile"), source_path="after.txt", content_type="text/plain")]
    before, crashed, after = list(pipeline.analyze(raws))
    assert str(crashed) == "crash.txt: analysis failed (ValueError: [E088] Text of length 9 exceeds maximum)"
    assert (before.document.source_path, after.document.source_path) == ("before.txt", "after.txt")
    assert "chile" in {a.id for a in after.actors}


def test_runs_of_text_without_spaces_are_left_out_rather_than_stall_the_tokenizer(pipeline):
    # spaCy strips "(" one at a time, searching the rest each time: 100,000 of them take minutes
    raw = RawDocument(content=f"{ARTICLE} {'(' * 100_000} Officials said talks would resume.",
                      source_path="parens.txt", content_type="text/plain")
    started = time.monotonic()
    [dossier] = list(pipeline.analyze([raw]))
    assert time.monotonic() - started < 20
    assert dossier.document.body == f"{ARTICLE} Officials said talks would resume."
    assert dossier.document.notes == ["1 run(s) of more than 1000 characters without a space left out of the body"
                                      " (not words)"]
    assert {"japan", "south-korea"} <= {a.id for a in dossier.actors}


# --- the HTTP API ---------------------------------------------------------------------------------------

def test_post_analyze_refuses_hostile_pages_with_one_line_and_stores_nothing(pipeline, tmp_path):
    from tests.server import running_server

    db = tmp_path / "kb.db"
    bodies = [
        (json.dumps({"text": "word " * 250_000, "store": True}), 422,
         r"<posted>: text too long to analyse \(1,249,999 characters after cleaning, at most 1,000,000\)"),
        (json.dumps({"html": "<div>" * 100_000 + "<p>x</p>", "store": True}), 422, r"<posted>: no article text found"),
        (json.dumps({"html": "<script>alert(1)</script><style>p{}</style>", "store": True}), 422,
         r"<posted>: no article text found"),
        (json.dumps({"text": "\ud800" * 10 + " " + ARTICLE, "store": True}), None, None),  # 200 or a 4xx, never 500
        ('{"text": ' + "[" * 100_000 + "]" * 100_000 + "}", None, None),
        (json.dumps({"html": 42}), 422, None),
        (json.dumps({"html": "<script>alert(1)</script>", "url": "http://wire.example/\ud800"}), 422,
         "http://wire.example/\ufffd: no article text found"),  # the message must still encode
    ]
    with running_server(db) as base:
        for body, status, detail in bodies:
            r = httpx.post(base + "/v1/analyze", content=body.encode("utf-8", "surrogatepass"),
                           headers={"Content-Type": "application/json"}, timeout=120)
            assert r.status_code < 500, (body[:40], r.status_code, r.text[:200])
            if status is not None:
                assert r.status_code == status, (body[:40], r.text[:200])
            if detail is not None:
                assert isinstance(r.json()["detail"], str) and re.fullmatch(detail, r.json()["detail"])
    stored = stored_ids(db)
    assert len(stored) <= 1  # at most the page whose bad characters were replaced
