"""read: files, directories, standard input, WARC, feeds, JSON Lines and URLs → raw documents.

Every reader yields `RawDocument`s (content, where it came from, fetch time, content type)
to the same pipeline. A bad input never stops a run: it is yielded as an `InputError`
whose message is one line naming the input, and reading goes on with the next input (or
the next record, line or URL of the same input).

What each input becomes:

- plain text (dump, plain or auto): the decoded `str`, content type
  "text/x-page-dump", "text/plain" or "text/x-auto" (the pipeline decides);
- HTML: the bytes as found (or `str` when the HTTP headers gave a charset), content type
  "text/html"; the encoding is detected by `geowire.clean.html`;
- WARC: each HTML response (target URI, WARC date); other records are skipped and counted
  in `ReadStats.skipped` (pass a `ReadStats` to `iter_raw`) and logged at INFO;
- feeds: each item's inline content as plain text, with its link, title and date;
- JSON Lines: one document per line with a `url` and an `html` or `text` field;
- URLs (an argument that is a URL, or a URL-list file with --input-format urls): fetched
  with httpx, with timeouts, a size cap while streaming, at most 5 redirects, http(s) only.
"""
from __future__ import annotations

import codecs
import io
import json
import logging
import os
import re
import sys
import time
import zlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator
from urllib.parse import urlsplit

from geowire.model import RawDocument

LOGGER = logging.getLogger(__name__)

FORMATS = ("auto", "dump", "plain", "html", "warc", "feed", "jsonl", "urls")
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024  # per document (a file, a WARC record, a JSONL line, a URL)
FETCH_TIMEOUT_S = 20.0
FETCH_CONNECT_TIMEOUT_S = 10.0
FETCH_DEADLINE_S = 120.0  # whole download
MAX_REDIRECTS = 5
USER_AGENT = "geowire/0.1"
STDIN_NAME = "<stdin>"

TEXT_CONTENT_TYPES = {"dump": "text/x-page-dump", "plain": "text/plain", "auto": "text/x-auto"}
HTML_EXTENSIONS = {".html", ".htm", ".xhtml", ".shtml"}
JSONL_EXTENSIONS = {".jsonl", ".ndjson"}
TEXT_EXTENSIONS = {".txt", ".text", ".md"}
WARC_EXTENSIONS = {".warc"}
GZIP_MAGIC = b"\x1f\x8b"
# Share of control bytes (other than tab, newlines, form feed, escape) above which a file is binary.
MAX_CONTROL_SHARE = 0.05
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27)) + b"\x7f"
_URL_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://\S+$")
_HTML_SNIFF_RE = re.compile(rb"<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|meta\s|title>)", re.I)
_FEED_SNIFF_RE = re.compile(rb"<(rss[\s>]|feed[\s>]|rdf:rdf[\s>])", re.I)


_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_CONTROL_CHAR_RE = re.compile("[\x00-\x1f\x7f]")


def replace_surrogates(text: str) -> str:
    """Lone surrogates (a non-UTF-8 file name passed through os.fsdecode, a JSON "\\ud800" escape)
    as U+FFFD: they cannot be encoded, so SQLite, JSON output and the terminal would fail on them.
    One character for one, so offsets into the text stay valid."""
    return _SURROGATE_RE.sub("\ufffd", text) if _SURROGATE_RE.search(text) else text


def printable_name(name: str) -> str:
    """An input's name fit for a one-line message: control characters (a newline in a file
    name) escaped, undecodable bytes as U+FFFD."""
    name = replace_surrogates(str(name))
    return _CONTROL_CHAR_RE.sub(lambda m: repr(m.group())[1:-1], name)


class InputError(Exception):
    """A bad input. `str(err)` is one line naming it: "examples/x.bin: binary file, not text or HTML"."""

    def __init__(self, source: str, reason: str):
        # The name may come from the file system or the input itself: keep the message one printable line.
        source = printable_name(source)
        reason = printable_name(" ".join(str(reason).split()))
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


@dataclass
class ReadStats:
    """What a run read: documents yielded, inputs that failed, records skipped by kind."""
    documents: int = 0
    errors: int = 0
    skipped: Counter = field(default_factory=Counter)  # e.g. {"warc request": 3, "warc response image/png": 1}


# --- entry point --------------------------------------------------------------------------

def iter_raw(paths: list[str], input_format: str = "auto", stdin: BinaryIO | None = None,
             stats: ReadStats | None = None) -> Iterator[RawDocument | InputError]:
    """One RawDocument per input document, or an InputError per bad input; never raises for one.

    PATH may be a file, a directory (every file in it, recursively and sorted, hidden files
    skipped), "-" for standard input (a binary stream, default sys.stdin.buffer) or a URL
    (fetched; only http and https are accepted).
    """
    if input_format not in FORMATS:
        raise ValueError(f"unknown input format {input_format!r} (one of {', '.join(FORMATS)})")
    stats = stats if stats is not None else ReadStats()
    for path in paths:
        for item in _guarded(path, _read_path(path, input_format, stdin, stats)):
            if isinstance(item, InputError):
                stats.errors += 1
            else:
                stats.documents += 1
            yield item
    if stats.skipped:
        LOGGER.info("skipped records: %s", ", ".join(f"{n} {kind}" for kind, n in sorted(stats.skipped.items())))


def _guarded(path: str, items: Iterator) -> Iterator:
    """The items of one input; an unexpected failure of a parser library on it ends that
    input with an InputError instead of ending the run."""
    try:
        yield from items
    except Exception as err:  # noqa: BLE001 — a bad input must never stop the other inputs
        LOGGER.debug("reading %s failed", path, exc_info=True)
        yield InputError(path, f"unreadable ({type(err).__name__}: {err})")


def _read_path(path: str, input_format: str, stdin: BinaryIO | None, stats: ReadStats) -> Iterator:
    if path == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        try:
            data = _read_capped(stream, STDIN_NAME)
        except InputError as err:
            yield err
            return
        yield from _read_bytes(data, STDIN_NAME, input_format, stats)
        return
    if _URL_RE.match(path) and not os.path.exists(path):
        yield from _fetch_all([path], stats)
        return
    target = Path(path)
    if target.is_dir():
        files, unlisted = directory_files(target)
        yield from unlisted
        if not files:
            if not unlisted:
                yield InputError(path, "directory with no readable files")
            return
        for file in files:
            yield from _read_file(file, input_format, stats)
    elif target.exists():
        yield from _read_file(target, input_format, stats)
    else:  # say why: a symbolic link loop or a permission problem is not a missing file
        try:
            os.stat(path)
            reason = "no such file or directory"
        except OSError as err:
            reason = (err.strerror or "no such file or directory").lower()
        yield InputError(path, reason)


def directory_files(directory: Path) -> tuple[list[Path], list[InputError]]:
    """Every regular file under a directory, sorted by path, hidden files and folders skipped;
    and an InputError for each folder that could not be listed (os.walk skips those silently).
    Symbolic links to folders are not followed, so a link loop cannot make the walk endless."""
    found = []
    unlisted: list[InputError] = []

    def not_listed(err: OSError) -> None:
        unlisted.append(InputError(err.filename or str(directory), err.strerror or str(err)))

    for root, dirs, files in os.walk(directory, onerror=not_listed):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(Path(root, name) for name in files if not name.startswith("."))
    return sorted((f for f in found if f.is_file()), key=lambda f: f.relative_to(directory).parts), unlisted


def _open_input(file: Path) -> BinaryIO:
    """open(file, "rb"), except that a named pipe is opened without waiting for a writer
    (open() would block forever on a FIFO nobody writes to): it then reads as empty, while a
    pipe that has a writer, such as bash's <(command), is read as usual."""
    fd = os.open(file, os.O_RDONLY | os.O_NONBLOCK)
    os.set_blocking(fd, True)  # reads wait for a writer's data, but end at once when there is none
    return os.fdopen(fd, "rb")


# --- files --------------------------------------------------------------------------------

def _read_file(file: Path, input_format: str, stats: ReadStats) -> Iterator:
    name = replace_surrogates(str(file))  # a non-UTF-8 file name could not be stored or printed
    suffixes = [s.lower() for s in file.suffixes]
    compressed = suffixes[-1:] == [".gz"]
    ext = (suffixes[-2] if len(suffixes) >= 2 else "") if compressed else (suffixes[-1] if suffixes else "")
    fmt = input_format
    if fmt == "auto" and ext in WARC_EXTENSIONS:
        fmt = "warc"
    try:
        if fmt == "warc":  # streamed record by record: a WARC may be far larger than one document
            with _open_input(file) as fh:
                yield from _read_warc(fh, name, stats)
            return
        if file.stat().st_size > MAX_DOCUMENT_BYTES and not compressed and fmt != "jsonl":
            yield InputError(name, f"too large ({cap_text()})")
            return
        if fmt == "jsonl" or (fmt == "auto" and ext in JSONL_EXTENSIONS):
            with _open_input(file) as fh:
                stream = _gunzip_stream(fh, name) if compressed else _capped_lines(fh)
                yield from _read_jsonl_lines(stream, name, stats)
            return
        with _open_input(file) as fh:
            data = _read_capped(fh, name)
        if data[:2] == GZIP_MAGIC:
            data = gunzip(data, name)
    except InputError as err:
        yield err
        return
    except OSError as err:
        yield InputError(name, err.strerror or str(err))
        return
    if fmt == "auto":
        fmt = extension_format(ext, data)
    yield from _read_bytes(data, name, fmt, stats)


def extension_format(ext: str, data: bytes) -> str:
    """The format a file extension says; .xml is sniffed (an XHTML page is not a feed)."""
    if ext in HTML_EXTENSIONS:
        return "html"
    if ext in (".rss", ".atom"):
        return "feed"
    if ext == ".xml":
        sniffed = sniff_format(data)
        return sniffed if sniffed in ("feed", "html") else "feed"
    if ext in TEXT_EXTENSIONS:
        return "auto-text"  # text for the pipeline to judge, even if it holds markup
    return "auto"


def _read_bytes(data: bytes, name: str, fmt: str, stats: ReadStats) -> Iterator:
    """Read one input held in memory, in a format or ("auto") by sniffing its content."""
    if data[:2] == GZIP_MAGIC and fmt != "warc":
        try:
            data = gunzip(data, name)
        except InputError as err:
            yield err
            return
    if fmt == "auto":
        fmt = sniff_format(data)
    if fmt == "auto-text":
        fmt = "auto"
    if fmt == "warc":
        yield from _read_warc(io.BytesIO(data), name, stats)
    elif fmt == "feed":
        yield from _read_feed(data, name, stats)
    elif fmt == "jsonl":
        yield from _read_jsonl_lines(iter(data.splitlines(keepends=True)), name, stats)
    elif fmt == "urls":
        try:
            text = decode_text(data, name)
        except InputError as err:
            yield err
            return
        urls = url_list(text)
        if urls and not _URL_RE.match(urls[0]):
            # An article or a page read as a URL list: one error for the file, not one per line.
            yield InputError(name, f"not a URL list (its first entry is not a URL: {urls[0][:60]!r})")
            return
        yield from _fetch_all(urls, stats, name)
    elif fmt == "html":
        try:
            check_html_bytes(data, name)
        except InputError as err:
            yield err
            return
        yield RawDocument(content=data, source_path=name, content_type="text/html")
    else:  # dump, plain, auto: text
        try:
            text = decode_text(data, name)
        except InputError as err:
            yield err
            return
        yield RawDocument(content=text, source_path=name, content_type=TEXT_CONTENT_TYPES[fmt])


def sniff_format(data: bytes) -> str:
    """"warc", "feed", "html", "jsonl" or "auto" (text) from the first bytes of an input."""
    head = data[:4096]
    if head.startswith(codecs.BOM_UTF8):
        head = head[3:]
    stripped = head.lstrip()
    if stripped.startswith(b"WARC/"):
        return "warc"
    if _FEED_SNIFF_RE.search(head) and (stripped.startswith(b"<?xml") or _FEED_SNIFF_RE.match(stripped)):
        return "feed"
    if stripped.startswith(b"<") and _HTML_SNIFF_RE.search(head):
        return "html"
    if stripped.startswith(b"{"):
        first = stripped.split(b"\n", 1)[0]
        try:
            record = json.loads(first)
        except ValueError:
            record = None
        if isinstance(record, dict) and ("html" in record or "text" in record):
            return "jsonl"
    return "auto"


# --- bytes checks and decompression ---------------------------------------------------------

def cap_text() -> str:
    """The size cap in words: "more than 50 MB", "more than 2000 bytes"."""
    cap = MAX_DOCUMENT_BYTES
    return f"more than {cap // 2**20} MB" if cap >= 2**20 and cap % 2**20 == 0 else f"more than {cap} bytes"


def _read_capped(stream: BinaryIO, name: str) -> bytes:
    data = stream.read(MAX_DOCUMENT_BYTES + 1)
    if isinstance(data, str):  # a text stream was passed: take its text as UTF-8
        data = data.encode("utf-8")
    if len(data) > MAX_DOCUMENT_BYTES:
        raise InputError(name, f"too large ({cap_text()})")
    return data


def gunzip(data: bytes, name: str) -> bytes:
    """Decompress gzip data (all members), capped at MAX_DOCUMENT_BYTES; truncation is an error."""
    out = bytearray()
    while data:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            out += inflater.decompress(data, MAX_DOCUMENT_BYTES + 1 - len(out))
        except zlib.error as err:
            raise InputError(name, f"corrupt gzip data ({err})") from None
        if len(out) > MAX_DOCUMENT_BYTES or inflater.unconsumed_tail:
            raise InputError(name, f"too large ({cap_text()} uncompressed)")
        if not inflater.eof:
            raise InputError(name, "truncated gzip file (compressed data ends early)")
        data = inflater.unused_data
        if data and data[:2] != GZIP_MAGIC:
            break  # trailing garbage after the last member, as gzip(1) tolerates
    return bytes(out)


def _gunzip_stream(fh: BinaryIO, name: str) -> Iterator[bytes]:
    """Lines of a gzip stream, for JSON Lines that may be larger than one document."""
    import gzip

    try:
        with gzip.open(fh) as gz:
            yield from _capped_lines(gz)
    except (EOFError, OSError, zlib.error) as err:
        raise InputError(name, f"truncated or corrupt gzip file ({err})") from None


def _capped_lines(stream: BinaryIO) -> Iterator[bytes]:
    """The lines of a stream, none read longer than MAX_DOCUMENT_BYTES + 1 bytes: iterating
    a file holds a whole line in memory, and a file (or a gzip bomb) of one endless line would
    exhaust it. A line over the cap is yielded cut, to be reported, and reading stops there:
    the rest of such a file is not worth decompressing gigabytes for."""
    while line := stream.readline(MAX_DOCUMENT_BYTES + 1):
        yield line
        if len(line) > MAX_DOCUMENT_BYTES:
            return


def looks_utf16(data: bytes) -> bool:
    """UTF-16 without a byte-order mark: mostly text whose every other byte is NUL (ASCII
    characters), which is_binary would call binary."""
    sample = data[:8192]
    if len(sample) < 16:
        return False
    even, odd = sample[0::2], sample[1::2]
    return max(even.count(0) / len(even), odd.count(0) / len(odd)) > 0.7 and min(even.count(0), odd.count(0)) == 0


def is_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(sample.count(bytes([b])) for b in _CONTROL_BYTES)
    return controls > MAX_CONTROL_SHARE * len(sample)


def _reject_binary(data: bytes, name: str) -> None:
    """An InputError for UTF-16 without a byte-order mark and for binary data."""
    if looks_utf16(data):
        raise InputError(name, "not UTF-8 text (UTF-16 without a byte-order mark)")
    if is_binary(data):
        raise InputError(name, "binary file, not text or HTML")


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 text (a BOM is dropped), or an InputError: empty, binary, not UTF-8."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(name, "not UTF-8 text (UTF-16)")
    _reject_binary(data, name)
    # is_binary samples the start only; a NUL further on is still not text (and would end
    # the text early in C libraries): say where it is rather than analyse a corrupt file
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(name, f"NUL byte at offset {nul}, not a text file")
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError(name, f"not UTF-8 text (invalid byte at offset {err.start})") from None
    if not text.strip():
        raise InputError(name, "empty file")
    return text


def check_html_bytes(data: bytes, name: str) -> None:
    """HTML may be in any encoding, but not empty and not binary (UTF-16/32 with a BOM is fine)."""
    if not data.strip():
        raise InputError(name, "empty file")
    if not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        _reject_binary(data, name)


# --- WARC -----------------------------------------------------------------------------------

HTML_MEDIA_TYPES = ("text/html", "application/xhtml+xml")


def _read_warc(stream: BinaryIO, name: str, stats: ReadStats) -> Iterator:
    """HTML responses of a WARC (or WARC.gz); other records are skipped and counted.

    The gzip layer is decompressed here rather than by warcio, because warcio stops
    silently at a truncated member (it swallows the read error); here a cut file is an
    InputError after the records read before the cut.
    """
    from warcio.archiveiterator import ArchiveIterator

    raw = io.BufferedReader(stream) if not hasattr(stream, "peek") else stream
    gunzipped = None
    if raw.peek(2)[:2] == GZIP_MAGIC:
        gunzipped = GunzipReader(raw)
        raw = io.BufferedReader(gunzipped, buffer_size=1 << 16)
    head = raw.peek(16)[:16]
    if gunzipped is not None and gunzipped.failure and not head.lstrip().startswith(b"WARC/"):
        yield InputError(name, f"corrupt gzip data ({gunzipped.failure})")  # not "empty": its first member is bad
        return
    if not head:
        yield InputError(name, "empty file")
        return
    if not head.lstrip().startswith(b"WARC/"):
        yield InputError(name, "not a WARC file")
        return
    record = None
    records = ArchiveIterator(raw)
    # warcio writes a three-line warning on stderr for a record whose Content-Length is wrong,
    # and counts it in err_count: silenced here, reported below as one line.
    records.INC_RECORD = ""
    found = 0
    skipped: Counter = Counter()
    try:
        for record in records:
            item = _warc_record(record, name)
            if isinstance(item, RawDocument) and _record_cut(record):
                break  # its content stops early: reported below
            if isinstance(item, str):
                stats.skipped[item] += 1
                skipped[item] += 1
            else:
                found += 1
                yield item
    except Exception as err:  # noqa: BLE001 — warcio raises anything (even AttributeError) on a bad file
        failure = gunzipped.failure if gunzipped is not None else None
        reason = "truncated or corrupt WARC" if failure else "corrupt WARC"
        # warcio's own ArchiveLoadFailed says what it found; its internal errors (AttributeError on
        # a header it could not parse) mean nothing to a user: say which record is malformed.
        detail = str(err).strip() if type(err).__name__ == "ArchiveLoadFailed" else \
            f"record {found + sum(skipped.values()) + 1} is malformed"
        yield InputError(name, f"{reason} ({failure or detail})")
        return
    failure = gunzipped.failure if gunzipped is not None else None
    if failure or (record is not None and _record_cut(record)):
        yield InputError(name, f"truncated or corrupt WARC ({failure or 'last record cut short'})")
    elif records.err_count:
        yield InputError(name, f"corrupt WARC ({records.err_count} record(s) with a wrong Content-Length)")
    elif not found:
        # Without a word the run would end with nothing analysed and no reason given.
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(skipped.items()))
        yield InputError(name, f"no HTML pages in the WARC (skipped: {kinds or 'nothing'})")


def _record_cut(record) -> bool:
    """Whether the file ended before the record's declared Content-Length (a record
    without one, which the WARC standard requires, is the header of a cut record)."""
    if record.length is None:
        return True
    reader = record.raw_stream
    while reader is not None and not hasattr(reader, "limit"):
        reader = getattr(reader, "stream", None)
    if reader is None:
        return False
    while reader.read(1 << 16):  # consume the rest: a complete record leaves nothing unread
        pass
    return reader.limit > 0


class GunzipReader(io.RawIOBase):
    """A multi-member gzip stream, decompressed; at a cut or corrupt end it stops and says
    why in `failure` (gzip.GzipFile raises instead, which warcio would swallow)."""

    def __init__(self, fh: BinaryIO):
        self.fh = fh
        self.inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self.in_member = False
        self.pending = b""
        self.done = False
        self.failure: str | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self.pending and not self.done:
            self._inflate(self.fh.read(1 << 16))
        size = min(len(buffer), len(self.pending))
        buffer[:size] = self.pending[:size]
        self.pending = self.pending[size:]
        return size

    def _inflate(self, chunk: bytes) -> None:
        if not chunk:
            if self.in_member:
                self.failure = "compressed data ends early"
            self.done = True
            return
        out = []
        while chunk:
            if not self.in_member and chunk[:2] != GZIP_MAGIC and len(chunk) >= 2:
                self.done = True  # trailing garbage after the last member, as gzip(1) tolerates
                break
            try:
                out.append(self.inflater.decompress(chunk))
            except zlib.error as err:
                self.failure, self.done = str(err), True
                break
            self.in_member = not self.inflater.eof
            chunk = b""
            if self.inflater.eof:
                chunk = self.inflater.unused_data
                self.inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self.pending = b"".join(out)


def _warc_record(record, name: str) -> RawDocument | InputError | str:
    """A RawDocument for an HTML response, else the kind of record skipped (a str)."""
    kind = record.rec_type
    if kind not in ("response", "resource"):
        return f"warc {kind}"
    uri = record.rec_headers.get_header("WARC-Target-URI")
    if kind == "response":
        if record.http_headers is None:
            return "warc response without HTTP headers"
        status = record.http_headers.get_statuscode()
        if not str(status).startswith("2"):
            return f"warc response status {status}"
        content_type = record.http_headers.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    media_type = content_type.split(";")[0].strip().lower()
    if media_type not in HTML_MEDIA_TYPES:
        return f"warc {kind} {media_type or 'without content type'}"
    source = f"{name}#{uri}" if uri else name
    content = record.content_stream().read(MAX_DOCUMENT_BYTES + 1)
    if len(content) > MAX_DOCUMENT_BYTES:
        return InputError(source, f"too large ({cap_text()})")
    return RawDocument(content=_html_content(content, content_type), source_path=name, url=uri,
                       fetched=record.rec_headers.get_header("WARC-Date"), content_type="text/html")


def _html_content(content: bytes, content_type: str) -> bytes | str:
    """HTML bytes, decoded here only when the HTTP headers name a charset (the clean
    stage cannot see them); otherwise left for geowire.clean.html to detect."""
    match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type, re.I)
    if not match:
        return content
    from geowire.clean.html import decode_html

    return decode_html(content, declared=match.group(1)).text


# --- feeds ----------------------------------------------------------------------------------

def _read_feed(data: bytes, name: str, stats: ReadStats) -> Iterator:
    """One document per feed item: its inline content as text, with link, title and date."""
    import feedparser

    if not data.strip():
        yield InputError(name, "empty file")  # feedparser would call it "a feed with no items"
        return
    feed = feedparser.parse(data)
    if not feed.entries:
        if feed.get("bozo"):
            yield InputError(name, f"not a feed ({feed.get('bozo_exception')})")
        else:
            yield InputError(name, "feed with no items")
        return
    for index, entry in enumerate(feed.entries, 1):
        link = entry.get("link")
        title = _clean(entry.get("title"))
        text = feed_item_text(entry)
        if not text:
            yield InputError(f"{name}#{link or index}", "feed item without content or title")
            continue
        yield RawDocument(content=text, source_path=name, url=link, content_type="text/plain",
                          title=title, date=feed_item_date(entry))


def feed_item_text(entry) -> str:
    """The item's inline content (content:encoded, Atom content, else its summary) as text,
    paragraphs separated by blank lines; the title when there is nothing else."""
    values = [c.get("value") for c in entry.get("content") or [] if c.get("value")]
    values = values or [entry.get("summary") or ""]
    text = "\n\n".join(html_fragment_text(v) for v in values if v).strip()
    return text or _clean(entry.get("title")) or ""


_BLOCK_TAGS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr",
               "section", "article", "figcaption", "br", "ul", "ol", "table", "header", "footer"}


def html_fragment_text(fragment: str) -> str:
    """Text of an HTML fragment, one paragraph per block element."""
    if "<" not in fragment:
        return "\n\n".join(p.strip() for p in re.split(r"\n\s*\n", fragment) if p.strip())
    from lxml import etree, html

    try:
        root = html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return _clean(re.sub(r"<[^>]+>", " ", fragment)) or ""
    for bad in root.xpath(".//script | .//style"):
        bad.drop_tree()
    parts: list[str] = []
    current: list[str] = []

    def flush():
        line = " ".join(" ".join(current).split())
        if line:
            parts.append(line)
        current.clear()

    def walk(elem):
        if isinstance(elem.tag, str) and elem.tag in _BLOCK_TAGS:
            flush()
        if elem.text and isinstance(elem.tag, str):
            current.append(elem.text)
        for child in elem:
            walk(child)
            if child.tail:
                current.append(child.tail)
        if isinstance(elem.tag, str) and elem.tag in _BLOCK_TAGS:
            flush()

    walk(root)
    flush()
    return "\n\n".join(parts)


def feed_item_date(entry) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed") or entry.get("created_parsed")
    if not parsed:
        return None
    try:
        return datetime(*parsed[:6], tzinfo=timezone.utc).date().isoformat()
    except (TypeError, ValueError):
        return None


def _clean(text: str | None) -> str | None:
    return " ".join(text.split()) or None if text else None


# --- JSON Lines -----------------------------------------------------------------------------

def _read_jsonl_lines(lines: Iterable[bytes], name: str, stats: ReadStats) -> Iterator:
    """One document per line {"url", "html" | "text", ["title", "date", "fetched"]};
    one InputError per bad line, the others go on."""
    seen_any = False
    try:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            item = _jsonl_record(line, f"{name}:{number}", name)
            if not seen_any and isinstance(item, InputError) and not line.lstrip().startswith(b"{"):
                # The first record is not even an object: a binary file, an HTML page or an article
                # read as JSON Lines. One error for the file, not one per line.
                what = "binary file" if is_binary(line) else f"line {number} is not a JSON object"
                yield InputError(name, f"not JSON Lines ({what})")
                return
            seen_any = True
            yield item
            if len(line) > MAX_DOCUMENT_BYTES:
                yield InputError(name, f"not read past line {number} (a line {cap_text()})")
                return
    except InputError as err:  # the stream itself failed (truncated gzip)
        yield err
        return
    if not seen_any:
        yield InputError(name, "empty file")


def _jsonl_record(line: bytes, where: str, name: str) -> RawDocument | InputError:
    if len(line) > MAX_DOCUMENT_BYTES:
        return InputError(where, f"too large ({cap_text()})")
    try:
        record = json.loads(line)
    except (ValueError, UnicodeDecodeError) as err:
        return InputError(where, f"malformed JSON line ({err})")
    except RecursionError:  # [[[[...]]]] deeper than Python's stack: hostile, not a page
        return InputError(where, "malformed JSON line (nested too deeply)")
    if not isinstance(record, dict):
        return InputError(where, "JSON line is not an object")
    html, text = record.get("html"), record.get("text")
    if not isinstance(html, str) and not isinstance(text, str):
        for key, value in (("html", html), ("text", text)):
            if value is not None:
                return InputError(where, f'"{key}" field is {_json_kind(value)}, not a string')
        return InputError(where, 'no "html" or "text" field')
    url = record.get("url") if isinstance(record.get("url"), str) else None
    common = {"source_path": name, "url": url, "title": _str_or_none(record.get("title")),
              "date": _str_or_none(record.get("date")),
              "fetched": _str_or_none(record.get("fetched") or record.get("fetch_time"))}
    if isinstance(html, str) and html.strip():
        return RawDocument(content=html, content_type="text/html", **common)
    if isinstance(text, str) and text.strip():
        return RawDocument(content=text, content_type="text/x-auto", **common)
    return InputError(where, "empty html/text field")


def _json_kind(value) -> str:
    """The JSON name of a decoded value's type, for messages."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return {dict: "an object", list: "an array", str: "a string"}.get(type(value), "null")


def _str_or_none(value) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


# --- URLs -----------------------------------------------------------------------------------

def url_list(text: str) -> list[str]:
    """The URLs of a URL-list file: one per line; blank lines and # comments skipped."""
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def _fetch_all(urls: list[str], stats: ReadStats, list_name: str | None = None) -> Iterator:
    if not urls:
        yield InputError(list_name or "<urls>", "no URLs in the list")
        return
    import httpx

    timeout = httpx.Timeout(FETCH_TIMEOUT_S, connect=FETCH_CONNECT_TIMEOUT_S)
    with httpx.Client(follow_redirects=True, max_redirects=MAX_REDIRECTS, timeout=timeout,
                      headers={"User-Agent": USER_AGENT}) as client:
        for url in urls:
            try:
                yield from fetch_url(url, client, stats)
            except InputError as err:
                yield err


def fetch_url(url: str, client, stats: ReadStats | None = None) -> Iterator[RawDocument | InputError]:
    """Fetch one URL: the page (HTML or text), or the items of a feed. Raises InputError."""
    import httpx

    scheme = urlsplit(url).scheme.lower()
    if not scheme or "://" not in url:
        raise InputError(url, "not a URL")
    if scheme not in ("http", "https"):
        raise InputError(url, f"unsupported URL scheme {scheme!r} (only http and https)")
    try:
        with client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise InputError(url, f"HTTP {response.status_code} {response.reason_phrase}".strip())
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > MAX_DOCUMENT_BYTES:
                raise InputError(url, f"too large ({cap_text()})")
            body = bytearray()
            deadline = time.monotonic() + FETCH_DEADLINE_S  # a server dripping bytes never hits the read timeout
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > MAX_DOCUMENT_BYTES:
                    raise InputError(url, f"too large ({cap_text()})")
                if time.monotonic() > deadline:
                    raise InputError(url, f"timed out (download longer than {FETCH_DEADLINE_S:.0f} s)")
            final_url = str(response.url)
            content_type = response.headers.get("Content-Type", "")
    except httpx.TooManyRedirects:
        raise InputError(url, f"too many redirects (more than {MAX_REDIRECTS})") from None
    except httpx.UnsupportedProtocol as err:
        raise InputError(url, f"redirected to an unsupported URL ({err})") from None
    except httpx.TimeoutException:
        raise InputError(url, "timed out") from None
    except httpx.HTTPError as err:
        raise InputError(url, f"fetch failed ({type(err).__name__}: {err})") from None
    fetched = datetime.now(timezone.utc).isoformat(timespec="seconds")
    yield from _fetched_documents(bytes(body), final_url, content_type, fetched, stats or ReadStats())


def _fetched_documents(body: bytes, url: str, content_type: str, fetched: str, stats: ReadStats) -> Iterator:
    media_type = content_type.split(";")[0].strip().lower()
    if not body.strip():
        raise InputError(url, "empty response")
    sniffed = sniff_format(body)
    if media_type in HTML_MEDIA_TYPES or (not media_type and sniffed == "html"):
        check_html_bytes(body, url)
        yield RawDocument(content=_html_content(body, content_type), source_path=None, url=url,
                          fetched=fetched, content_type="text/html")
    elif "rss" in media_type or "atom" in media_type or (media_type.endswith("xml") and sniffed == "feed"):
        for item in _read_feed(body, url, stats):
            if isinstance(item, RawDocument):
                item.source_path, item.fetched = None, fetched
            yield item
    elif media_type.startswith("text/"):
        text = decode_text(body, url)
        yield RawDocument(content=text, url=url, fetched=fetched, content_type="text/x-auto")
    else:
        raise InputError(url, f"unsupported content type {media_type or 'unknown'}")
