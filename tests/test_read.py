"""geowire.read: every reader, on fixtures written here or under tests/fixtures/read/."""
from __future__ import annotations

import gzip
import io
import shutil
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from geowire.model import RawDocument
from geowire.read import InputError, ReadStats, iter_raw
from geowire.settings import overridden

FIXTURES = Path(__file__).parent / "fixtures" / "read"
ARTICLE_HTML = (FIXTURES / "article_en.html").read_bytes()
TEXT = "Five coastal states signed a fisheries agreement in Vienna on Wednesday.\n"


def read_all(paths, input_format="auto", **kwargs):
    return list(iter_raw([str(p) for p in paths], input_format, **kwargs))


def docs(items):
    return [i for i in items if isinstance(i, RawDocument)]


def errors(items):
    return [str(i) for i in items if isinstance(i, InputError)]


# --- plain files ---------------------------------------------------------------------------

def test_text_file_in_each_text_format(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text(TEXT, encoding="utf-8")
    for fmt, content_type in (("auto", "text/x-auto"), ("dump", "text/x-page-dump"), ("plain", "text/plain")):
        [doc] = read_all([path], fmt)
        assert (doc.content, doc.content_type, doc.source_path) == (TEXT, content_type, str(path))


def test_utf8_bom_is_dropped(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + TEXT.encode())
    assert read_all([path])[0].content == TEXT


@pytest.mark.parametrize("name, data, reason", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b" \n\t\n", "empty file"),
    ("x.bin", bytes(range(256)) * 4, "binary file, not text or HTML"),
    ("controls.txt", b"\x01\x02\x03\x04\x05\x06abc" * 10, "binary file, not text or HTML"),
    ("latin1.txt", "Küstenstaaten einigen sich.".encode("latin-1"), "not UTF-8 text"),
    ("utf16.txt", "Coastal states".encode("utf-16"), "not UTF-8 text"),
])
def test_bad_text_files_are_one_line_errors(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    [error] = errors(read_all([path]))
    assert error.startswith(f"{path}: {reason}")
    assert "\n" not in error


def test_missing_path_and_empty_directory(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / ".hidden").write_text(TEXT)
    items = read_all([tmp_path / "nope.txt", tmp_path / "empty"])
    assert errors(items) == [f"{tmp_path / 'nope.txt'}: no such file or directory",
                             f"{tmp_path / 'empty'}: directory with no readable files"]


def test_directory_is_read_recursively_sorted_without_hidden_files(tmp_path):
    (tmp_path / "b.txt").write_text("second file text")
    (tmp_path / "a.txt").write_text("first file text")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.html").write_bytes(ARTICLE_HTML)
    (tmp_path / "z.txt").write_text("last file text")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text("hidden dir")
    (tmp_path / ".hidden.txt").write_text("hidden file")
    (tmp_path / "bad.bin").write_bytes(b"\x00" * 50)
    items = read_all([tmp_path])
    assert [Path(i.source_path).name for i in docs(items)] == ["a.txt", "b.txt", "c.html", "z.txt"]
    assert [d.content_type for d in docs(items)] == ["text/x-auto", "text/x-auto", "text/html", "text/x-auto"]
    assert errors(items) == [f"{tmp_path / 'bad.bin'}: binary file, not text or HTML"]


def test_size_cap(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("word " * 100)
    with overridden(max_document_bytes=100):
        [error] = errors(read_all([path]))
    assert "too large" in error


def test_unknown_input_format_is_a_programming_error():
    with pytest.raises(ValueError):
        list(iter_raw(["x"], "pdf"))


# --- HTML and gzip -------------------------------------------------------------------------

def test_html_by_extension_and_by_sniffing(tmp_path):
    (tmp_path / "page.htm").write_bytes(ARTICLE_HTML)
    (tmp_path / "page_no_ext").write_bytes(ARTICLE_HTML)
    (tmp_path / "page.txt").write_bytes(ARTICLE_HTML)
    items = read_all([tmp_path / "page.htm", tmp_path / "page_no_ext", tmp_path / "page.txt"])
    assert [d.content_type for d in items] == ["text/html", "text/html", "text/x-auto"]
    assert items[0].content == ARTICLE_HTML  # bytes, decoded later by geowire.clean.html


def test_html_in_a_legacy_encoding_is_passed_as_bytes(tmp_path):
    data = "<html><body><p>Соглашение о рыболовстве</p></body></html>".encode("cp1251")
    path = tmp_path / "ru.html"
    path.write_bytes(data)
    [doc] = read_all([path])
    assert (doc.content, doc.content_type) == (data, "text/html")
    # forced as text, the same bytes are not UTF-8
    [error] = errors(read_all([path], "plain"))
    assert error.startswith(f"{path}: not UTF-8 text")


def test_gzip_html_and_truncated_gzip(tmp_path):
    packed = gzip.compress(ARTICLE_HTML)
    (tmp_path / "page.html.gz").write_bytes(packed)
    (tmp_path / "cut.html.gz").write_bytes(packed[: len(packed) // 2])
    items = read_all([tmp_path / "page.html.gz", tmp_path / "cut.html.gz"])
    assert docs(items)[0].content == ARTICLE_HTML
    assert docs(items)[0].content_type == "text/html"
    assert errors(items) == [f"{tmp_path / 'cut.html.gz'}: truncated gzip file (compressed data ends early)"]


def test_gzip_bomb_is_capped(tmp_path):
    (tmp_path / "bomb.txt.gz").write_bytes(gzip.compress(b"a" * 1_000_000))
    with overridden(max_document_bytes=10_000):
        [error] = errors(read_all([tmp_path / "bomb.txt.gz"]))
    assert "too large" in error


# --- standard input ------------------------------------------------------------------------

def test_stdin_text_html_and_errors():
    [doc] = read_all(["-"], stdin=io.BytesIO(TEXT.encode()))
    assert (doc.content, doc.content_type, doc.source_path) == (TEXT, "text/x-auto", "<stdin>")
    [doc] = read_all(["-"], "plain", stdin=io.BytesIO(TEXT.encode()))
    assert doc.content_type == "text/plain"
    [doc] = read_all(["-"], stdin=io.BytesIO(ARTICLE_HTML))
    assert doc.content_type == "text/html"
    assert errors(read_all(["-"], stdin=io.BytesIO(b""))) == ["<stdin>: empty file"]
    assert errors(read_all(["-"], stdin=io.BytesIO(b"\x00\x01\x02"))) == ["<stdin>: binary file, not text or HTML"]


# --- WARC ----------------------------------------------------------------------------------

def write_warc(path: Path, gz: bool) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "geowire tests"}))

        def response(uri, status, content_type, payload, date):
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(uri, "response", payload=io.BytesIO(payload),
                                               http_headers=headers, warc_headers_dict={"WARC-Date": date})
            writer.write_record(record)

        request = writer.create_warc_record(
            "https://ledger.example.org/world/fisheries-pact", "request", payload=io.BytesIO(b""),
            http_headers=StatusAndHeaders("GET /world/fisheries-pact HTTP/1.1", [("Host", "ledger.example.org")],
                                          is_http_request=True))
        writer.write_record(request)
        response("https://ledger.example.org/world/fisheries-pact", "200 OK", "text/html", ARTICLE_HTML,
                 "2021-05-12T10:00:00Z")
        response("https://ledger.example.org/img/signing.jpg", "200 OK", "image/jpeg", b"\xff\xd8\xff" * 10,
                 "2021-05-12T10:00:01Z")
        response("https://ledger.example.org/gone", "404 Not Found", "text/html", b"<p>gone</p>",
                 "2021-05-12T10:00:02Z")
        response("https://ledger.example.org/ru", "200 OK", "text/html; charset=windows-1251",
                 "<html><body><p>Соглашение</p></body></html>".encode("cp1251"), "2021-05-12T10:00:03Z")
        writer.write_record(writer.create_warc_record(
            "https://ledger.example.org/world/fisheries-pact", "metadata",
            payload=io.BytesIO(b"outlinks: 3"), warc_content_type="application/warc-fields"))


@pytest.mark.parametrize("name, gz", [("crawl.warc", False), ("crawl.warc.gz", True)])
def test_warc_yields_html_responses_and_counts_the_rest(tmp_path, name, gz):
    path = tmp_path / name
    write_warc(path, gz)
    stats = ReadStats()
    items = read_all([path], stats=stats)
    assert errors(items) == []
    first, second = docs(items)
    assert (first.url, first.fetched, first.content_type) == (
        "https://ledger.example.org/world/fisheries-pact", "2021-05-12T10:00:00Z", "text/html")
    assert first.content == ARTICLE_HTML and first.source_path == str(path)
    # the HTTP charset is applied here, where the headers are known
    assert second.content == "<html><body><p>Соглашение</p></body></html>"
    assert stats.skipped == {"warc warcinfo": 1, "warc request": 1, "warc response image/jpeg": 1,
                             "warc response status 404": 1, "warc metadata": 1}
    assert stats.documents == 2


@pytest.mark.parametrize("name, gz", [("crawl.warc", False), ("crawl.warc.gz", True)])
@pytest.mark.parametrize("keep", [1 / 3, 2 / 3, 0.97])
def test_truncated_warc_keeps_complete_records_and_says_so(tmp_path, name, gz, keep):
    path = tmp_path / name
    write_warc(path, gz)
    data = path.read_bytes()
    cut = tmp_path / f"cut-{name}"
    cut.write_bytes(data[: int(len(data) * keep)])
    items = read_all([cut])
    [error] = errors(items)
    assert error.startswith(f"{cut}: truncated or corrupt WARC")
    # what is yielded is whole: no record cut in the middle
    assert all(d.content in (ARTICLE_HTML, "<html><body><p>Соглашение</p></body></html>") for d in docs(items))
    if keep > 0.9:
        assert len(docs(items)) == 2


def test_not_a_warc(tmp_path):
    path = tmp_path / "fake.warc"
    path.write_text("this is not a web archive\n" * 3)
    [error] = errors(read_all([path]))
    assert error.startswith(f"{path}: not a WARC file")


# --- feeds ---------------------------------------------------------------------------------

def test_rss_feed_items_with_and_without_date():
    stats = ReadStats()
    items = read_all([FIXTURES / "feed_rss.xml"], stats=stats)
    first, second = docs(items)
    assert first.url == "https://ledger.example.org/world/fisheries-pact"
    assert first.title == "Coastal states agree fisheries pact"
    assert first.date == "2021-05-12"
    assert first.content == ("Five coastal states signed a ten-year fisheries agreement in Vienna on Wednesday."
                             "\n\nThe pact sets shared catch limits for cod and herring.")
    assert first.content_type == "text/plain"
    assert (second.date, second.content) == (None, "Negotiators left the table after a tense week at sea.")
    assert stats.documents == 2 and stats.errors == 0


def test_atom_feed_items_with_and_without_date(tmp_path):
    first, second = docs(read_all([FIXTURES / "feed_atom.xml"]))
    assert (first.url, first.date) == ("https://wire.example.net/inspection-service", "2021-05-13")
    assert first.content == ("The joint inspection service will begin work next spring.\n\n"
                             "Its budget is shared by five states.")
    assert (second.title, second.date) == ("Herring stocks at a twenty-year low", None)
    # feed-looking XML without a feed extension is sniffed, and --input-format feed forces it
    shutil.copy(FIXTURES / "feed_atom.xml", tmp_path / "wire.data")
    assert len(docs(read_all([tmp_path / "wire.data"]))) == 2
    assert len(docs(read_all([tmp_path / "wire.data"], "feed"))) == 2


def test_malformed_feed_is_an_error(tmp_path):
    path = tmp_path / "broken.rss"
    path.write_text("<rss><channel><title>x</title>")
    [error] = errors(read_all([path]))
    assert error.startswith(f"{path}: ")


# --- JSON Lines ----------------------------------------------------------------------------

def test_jsonl_one_error_per_bad_line_the_rest_go_on():
    path = FIXTURES / "items.jsonl"
    items = read_all([path])
    assert [(d.url, d.content_type) for d in docs(items)] == [
        ("https://ledger.example.org/world/fisheries-pact", "text/html"),
        ("https://wire.example.net/inspection-service", "text/x-auto"),
        ("https://ledger.example.org/world/quota-talks", "text/x-auto"),
    ]
    assert docs(items)[0].title == "Coastal states agree fisheries pact"
    assert docs(items)[0].date == "2021-05-12"
    errs = errors(items)
    assert len(errs) == 3
    assert errs[0].startswith(f"{path}:4: malformed JSON line")
    assert errs[1] == f'{path}:5: no "html" or "text" field'
    assert errs[2] == f"{path}:6: JSON line is not an object"


def test_jsonl_gz_and_truncated(tmp_path):
    data = (FIXTURES / "items.jsonl").read_bytes()
    (tmp_path / "items.jsonl.gz").write_bytes(gzip.compress(data))
    assert len(docs(read_all([tmp_path / "items.jsonl.gz"]))) == 3
    packed = gzip.compress(data * 50)
    (tmp_path / "cut.jsonl.gz").write_bytes(packed[: len(packed) // 2])
    items = read_all([tmp_path / "cut.jsonl.gz"])
    assert docs(items)  # the lines before the cut are kept
    assert any("truncated or corrupt gzip" in e for e in errors(items))


# --- URLs ----------------------------------------------------------------------------------

class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep test output quiet
        pass

    def do_GET(self):  # noqa: N802 — http.server's naming
        routes = {
            "/page.html": (200, "text/html; charset=utf-8", ARTICLE_HTML),
            "/legacy.html": (200, "text/html; charset=koi8-r",
                             "<html><body><p>Соглашение</p></body></html>".encode("koi8-r")),
            "/note.txt": (200, "text/plain", TEXT.encode()),
            "/feed.xml": (200, "application/rss+xml", (FIXTURES / "feed_rss.xml").read_bytes()),
            "/big.html": (200, "text/html", b"<p>" + b"x" * 5000 + b"</p>"),
            "/image.png": (200, "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20),
        }
        if self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/page.html")
            self.end_headers()
        elif self.path == "/to-ftp":
            self.send_response(302)
            self.send_header("Location", "ftp://127.0.0.1/file")
            self.end_headers()
        elif self.path == "/chunked-big":  # no Content-Length: the cap must hold while streaming
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(10):
                self.wfile.write(b"<p>" + b"y" * 1000 + b"</p>")
            self.close_connection = True
        elif self.path in ENCODED:
            encoding, body = ENCODED[self.path]
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Encoding", encoding)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path in routes:
            status, content_type, body = routes[self.path]
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_error(404, "Not Found")


def _deflated(data: bytes, wbits: int) -> bytes:
    import zlib

    packer = zlib.compressobj(6, zlib.DEFLATED, wbits)
    return packer.compress(data) + packer.flush()


ENCODED = {  # path: (Content-Encoding, body)
    "/gzipped.html": ("gzip", gzip.compress(ARTICLE_HTML)),
    "/deflated.html": ("deflate", _deflated(ARTICLE_HTML, 15)),
    "/raw-deflated.html": ("deflate", _deflated(ARTICLE_HTML, -15)),  # as some servers send it
    "/bomb.html": ("gzip", gzip.compress(b"<html><body><p>" + bytes(64 << 20), 1)),  # 64 KB → 64 MiB
    "/corrupt.html": ("gzip", gzip.compress(ARTICLE_HTML)[:40] + b"\xff" * 40),
    "/brotli.html": ("br", b"\x0b\x02\x80hello\x03"),  # not asked for
}


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


def test_url_fetch_html_text_and_feed(server):
    page, note, *feed_items = docs(read_all([f"{server}/page.html", f"{server}/note.txt", f"{server}/feed.xml"]))
    assert (page.url, page.content_type) == (f"{server}/page.html", "text/html")
    assert page.content == ARTICLE_HTML.decode("utf-8")  # the HTTP charset was applied
    assert page.fetched and page.fetched.endswith("+00:00")
    assert (note.content, note.content_type) == (TEXT, "text/x-auto")
    assert [i.title for i in feed_items] == ["Coastal states agree fisheries pact", "Quota talks collapse"]


def test_url_redirect_is_followed_and_http_charset_applied(server):
    moved, legacy = docs(read_all([f"{server}/moved", f"{server}/legacy.html"]))
    assert moved.url == f"{server}/page.html"
    assert legacy.content == "<html><body><p>Соглашение</p></body></html>"


def test_url_failures_are_one_error_each(server):
    urls = [f"{server}/loop", f"{server}/missing", f"{server}/big.html", f"{server}/chunked-big",
            f"{server}/to-ftp", f"{server}/image.png", "ftp://127.0.0.1/file"]
    with overridden(max_document_bytes=2000):
        items = read_all(urls)
    assert docs(items) == []
    errs = errors(items)
    assert len(errs) == len(urls)
    assert errs[0] == f"{server}/loop: too many redirects (more than 5)"
    assert errs[1] == f"{server}/missing: HTTP 404 Not Found"
    assert errs[2] == f"{server}/big.html: too large (more than 2000 bytes)"
    assert errs[3] == f"{server}/chunked-big: too large (more than 2000 bytes)"
    assert errs[4].startswith(f"{server}/to-ftp: redirected to an unsupported URL")
    assert errs[5] == f"{server}/image.png: unsupported content type image/png"
    assert errs[6] == "ftp://127.0.0.1/file: unsupported URL scheme 'ftp' (only http and https)"


def test_url_list_file(server, tmp_path):
    path = tmp_path / "urls.txt"
    path.write_text(f"# pages to read\n{server}/page.html\n\n{server}/missing\nnot a url\n")
    items = read_all([path], "urls")
    assert [d.url for d in docs(items)] == [f"{server}/page.html"]
    assert errors(items) == [f"{server}/missing: HTTP 404 Not Found", "not a url: not a URL"]


def test_connection_refused_is_an_error():
    import socket

    with socket.socket() as sock:  # a port that nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    [error] = errors(read_all([f"http://127.0.0.1:{port}/x"]))
    assert error.startswith(f"http://127.0.0.1:{port}/x: fetch failed")


def test_warc_without_extension_and_on_stdin_is_sniffed(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, gz=True)
    renamed = tmp_path / "crawl.data"
    shutil.copy(path, renamed)
    assert [d.url for d in docs(read_all([renamed]))] == [
        "https://ledger.example.org/world/fisheries-pact", "https://ledger.example.org/ru"]
    from_stdin = docs(read_all(["-"], stdin=io.BytesIO(path.read_bytes())))
    assert [d.source_path for d in from_stdin] == ["<stdin>", "<stdin>"]


# --- hardening: bombs, unsafe URLs, special files --------------------------------------------

def gzip_member(prefix: bytes, zeros_mib: int, suffix: bytes = b"") -> bytes:
    """One gzip member: `prefix`, `zeros_mib` MiB of zeros, `suffix`, made cheaply from one deflate
    segment repeated (after a full flush the compressor starts afresh, so the stream stays valid)."""
    import struct
    import zlib

    chunk = bytes(1 << 20)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = deflate.compress(prefix) + deflate.flush(zlib.Z_FULL_FLUSH)
    segment = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)
    crc = zlib.crc32(prefix)
    for _ in range(zeros_mib):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(suffix, crc)
    return (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + start + segment * zeros_mib
            + deflate.compress(suffix) + deflate.flush()
            + struct.pack("<II", crc, (len(prefix) + (zeros_mib << 20) + len(suffix)) & 0xFFFFFFFF))


def warc_member(uri: str, content_type: str, zeros_mib: int) -> bytes:
    """A WARC.gz member: one response record whose payload is `zeros_mib` MiB of zeros."""
    http = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n\r\n".encode()
    header = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\n"
              "WARC-Record-ID: <urn:uuid:6a1e3d52-0000-4000-8000-000000000001>\r\n"
              "WARC-Date: 2021-05-12T10:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
              f"Content-Length: {len(http) + (zeros_mib << 20)}\r\n\r\n").encode()
    return gzip_member(header + http, zeros_mib, b"\r\n\r\n")


def good_warc_gz(tmp_path: Path) -> bytes:
    write_warc(tmp_path / "good.warc.gz", gz=True)
    return (tmp_path / "good.warc.gz").read_bytes()


@pytest.mark.parametrize("content_type", ["text/html", "image/png"])
def test_a_gzip_bomb_inside_a_warc_stops_at_the_cap_fast(tmp_path, content_type):
    # 1 GiB of zeros in one member, between two good WARCs: reading stops at the bomb, fast
    path = tmp_path / "bomb.warc.gz"
    good = good_warc_gz(tmp_path)
    path.write_bytes(good + warc_member("https://ledger.example.org/bomb", content_type, 1024) + good)
    started = time.monotonic()
    with overridden(max_document_bytes=100_000):
        items = read_all([path])
    assert time.monotonic() - started < 5
    assert [d.url for d in docs(items)] == ["https://ledger.example.org/world/fisheries-pact",
                                            "https://ledger.example.org/ru"]
    [error] = errors(items)
    assert error == f"{path}: not read past record 8 (a gzip member more than 100000 bytes uncompressed)"


def test_a_big_warc_record_under_the_cap_is_inflated_in_linear_time(tmp_path):
    # 40 MiB in one member: re-slicing the inflated buffer at each read took ~17 s here, now < 1 s
    path = tmp_path / "big.warc.gz"
    path.write_bytes(warc_member("https://ledger.example.org/video", "video/mp4", 40) + good_warc_gz(tmp_path))
    started = time.monotonic()
    items = read_all([path])
    assert time.monotonic() - started < 8
    assert errors(items) == [] and len(docs(items)) == 2


def test_a_gzip_bomb_as_a_file_and_on_stdin_stops_at_the_cap(tmp_path):
    bomb = gzip_member(b"<html><body><p>", 64)  # 64 KB, under the cap, inflating to 64 MiB
    (tmp_path / "bomb.html.gz").write_bytes(bomb)
    started = time.monotonic()
    with overridden(max_document_bytes=100_000):
        from_file = errors(read_all([tmp_path / "bomb.html.gz"]))
        from_stdin = errors(read_all(["-"], stdin=io.BytesIO(bomb)))
    assert time.monotonic() - started < 5
    assert from_file == [f"{tmp_path / 'bomb.html.gz'}: too large (more than 100000 bytes uncompressed)"]
    assert from_stdin == ["<stdin>: too large (more than 100000 bytes uncompressed)"]


@pytest.mark.parametrize("url, safe", [
    ("https://ledger.example.org/a?b=c#d", "https://ledger.example.org/a?b=c#d"),
    (" http://wire.example.net/x ", "http://wire.example.net/x"),
    ("HTTP://WIRE.EXAMPLE.NET/", "HTTP://WIRE.EXAMPLE.NET/"),
    ("javascript:alert(1)", None),
    ("JavaScript:alert(1)", None),
    ("java\tscript:alert(1)", None),
    ("data:text/html,<script>alert(1)</script>", None),
    ("file:///etc/passwd", None),
    ("ftp://ledger.example.org/x", None),
    ("//ledger.example.org/x", None),
    ("/world/fisheries-pact", None),
    ("http://", None),
    ("http://[::1", None),
    ("http://ledger.example.org/a\nb", None),
    ("", None),
    (None, None),
    (42, None),
])
def test_safe_url(url, safe):
    from geowire.read import safe_url

    assert safe_url(url) == safe


def test_urls_that_are_not_http_are_dropped_from_documents(tmp_path):
    import json

    lines = [{"url": "javascript:alert(document.cookie)", "text": TEXT}, {"url": "data:text/html,hi", "html": "<p>x</p>"},
             {"url": "file:///etc/passwd", "text": TEXT}, {"url": "https://ledger.example.org/ok", "text": TEXT}]
    (tmp_path / "items.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines))
    (tmp_path / "feed.rss").write_bytes(
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>'
        b"<item><title>A</title><link>javascript:alert(1)</link><description>Five states met.</description></item>"
        b"<item><title>B</title><link>https://ledger.example.org/b</link><description>They met.</description></item>"
        b"</channel></rss>")
    from warcio.warcwriter import WARCWriter

    with open(tmp_path / "crawl.warc", "wb") as fh:
        writer = WARCWriter(fh, gzip=False)
        writer.write_record(writer.create_warc_record("file:///etc/passwd", "resource", payload=io.BytesIO(ARTICLE_HTML),
                                                      warc_content_type="text/html"))
    stats = ReadStats()
    items = read_all([tmp_path / "items.jsonl", tmp_path / "feed.rss", tmp_path / "crawl.warc"], stats=stats)
    assert errors(items) == []
    assert [d.url for d in docs(items)] == [None, None, None, "https://ledger.example.org/ok",
                                            None, "https://ledger.example.org/b", None]
    assert stats.dropped_urls == {"javascript": 2, "data": 1, "file": 2}
    # the document keeps a note of it, which the clean stage carries into the dossier
    assert [d.notes for d in docs(items)][:4] == [["url dropped: not an http(s) URL (javascript)"],
                                                  ["url dropped: not an http(s) URL (data)"],
                                                  ["url dropped: not an http(s) URL (file)"], []]
    from geowire.clean import clean

    assert "url dropped: not an http(s) URL (javascript)" in clean(docs(items)[0]).document.notes


def test_special_files_in_a_directory_are_errors_and_never_block(tmp_path):
    import os
    import socket

    tree = tmp_path / "pages"
    (tree / "sub").mkdir(parents=True)
    (tree / "a.txt").write_text(TEXT)
    os.mkfifo(tree / "pipe.txt")  # nobody writes to it: opening it would wait forever
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tree / "sock.txt"))
    (tree / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (tree / "self.txt").symlink_to(tree / "self.txt")
    (tree / "link.txt").symlink_to(tree / "a.txt")  # a link to a file is read
    (tree / "sub" / "up").symlink_to(tree)
    (tmp_path / "elsewhere").mkdir()
    (tree / "other").symlink_to(tmp_path / "elsewhere")
    try:
        started = time.monotonic()
        items = read_all([tree])
    finally:
        sock.close()
    assert time.monotonic() - started < 5
    assert [Path(d.source_path).name for d in docs(items)] == ["a.txt", "link.txt"]
    assert errors(items) == [
        f"{tree / 'dangling.txt'}: dangling symlink (its target does not exist)",
        f"{tree / 'other'}: symbolic link to a folder, not followed",
        f"{tree / 'pipe.txt'}: not a regular file (a named pipe)",
        f"{tree / 'self.txt'}: symlink loop",
        f"{tree / 'sock.txt'}: not a regular file (a socket)",
        f"{tree / 'sub' / 'up'}: symlink loop (a link to a folder above it)",
    ]
    # named directly: a socket is refused, a link loop and a dangling link say so
    assert errors(read_all([tree / "sock.txt", tree / "self.txt", tree / "dangling.txt"])) == [
        f"{tree / 'sock.txt'}: not a regular file (a socket)", f"{tree / 'self.txt'}: symlink loop",
        f"{tree / 'dangling.txt'}: dangling symlink (its target does not exist)"]


def test_url_bodies_are_inflated_here_and_capped(server):
    pages = docs(read_all([f"{server}/gzipped.html", f"{server}/deflated.html", f"{server}/raw-deflated.html"]))
    assert [p.content for p in pages] == [ARTICLE_HTML.decode("utf-8")] * 3
    started = time.monotonic()
    with overridden(max_document_bytes=100_000):
        errs = errors(read_all([f"{server}/bomb.html", f"{server}/corrupt.html", f"{server}/brotli.html"]))
    assert time.monotonic() - started < 5
    assert errs[0] == f"{server}/bomb.html: too large (more than 100000 bytes)"
    assert errs[1].startswith(f"{server}/corrupt.html: corrupt compressed body (")
    assert errs[2] == f"{server}/brotli.html: unsupported content encoding 'br'"


def test_one_table_of_readers_drives_the_cli_the_batch_and_sniffing():
    from geowire.batch import BATCH_FORMATS, is_container
    from geowire.cli.common import INPUT_FORMAT_HELP, InputFormat
    from geowire.read import FORMATS, READERS, format_by_extension, sniff_format

    assert FORMATS == ("auto", "dump", "plain", "html", "warc", "feed", "jsonl", "urls")  # as README lists them
    assert [f.value for f in InputFormat] == list(FORMATS)
    assert all(f"{name}: " in INPUT_FORMAT_HELP for name in FORMATS)
    assert BATCH_FORMATS == tuple(f for f in FORMATS if f != "urls")  # batch would fetch twice
    assert [is_container(p, "auto") for p in ("a/crawl.warc.gz", "x.JSONL", "f.rss", "f.xml", "p.html.gz", "v1.2/notes")] \
        == [True, True, True, True, False, False]
    assert is_container("p.html", "warc") and not is_container("crawl.warc", "plain")
    assert (format_by_extension(".xml", b'<?xml version="1.0"?><html><body>x</body></html>'),
            format_by_extension(".xml", b"<?xml version='1.0'?><rss><channel/></rss>"),
            format_by_extension(".xml", b"neither"), format_by_extension(".bin")) == ("html", "feed", "feed", None)
    heads = {"warc": b"WARC/1.0\r\n", "feed": b"<?xml version='1.0'?>\n<rss version='2.0'><channel><title>x</title>",
             "html": b"<!DOCTYPE html><html><head><title>x</title>", "jsonl": b'{"url": "http://a.example/", "text": "x"}\n',
             "auto": b"Five coastal states signed."}
    assert {name: sniff_format(data) for name, data in heads.items()} == {name: name for name in heads}
    # no two sniffers accept the same head, so the order they are tried in does not matter
    assert all(sum(bool(r.sniff and r.sniff(data)) for r in READERS.values()) <= 1 for data in heads.values())


@pytest.mark.parametrize("reference", ["&#x110000;", "&#1114112;", "&#x" + "F" * 30 + ";", "&#" + "9" * 5000 + ";"])
def test_a_feed_with_a_character_reference_past_unicode_is_read(reference):
    # found by benchmarks/fuzz.py: feedparser raised ValueError from chr()
    feed = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title><item><title>Talks {reference}</title>'
            f"<link>https://ledger.example.org/a</link><description>Five states met {reference} in Vienna.</description>"
            "</item></channel></rss>").encode()
    (item,) = list(iter_raw(["-"], "feed", stdin=io.BytesIO(feed)))
    assert not isinstance(item, InputError), item
    assert "Five states met" in item.content and "\ufffd" in item.content
