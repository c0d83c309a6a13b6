"""The table of input formats: for each, its reader, the file name endings and the content that
announce it, whether a file of it holds many documents, and a line for --help.

The CLI (choices and help), the batch (its formats, which files are containers) and the reading
itself (geowire.read.files) all look formats up here, so a format is added in one place.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO, Callable, Iterator, Optional

from geowire.model import RawDocument
from geowire.read.errors import InputError, ReadStats
from geowire.read.feeds import read_feed
from geowire.read.jsonl import read_jsonl, read_jsonl_stream
from geowire.read.pages import read_html, text_reader
from geowire.read.sniff import head, looks_feed, looks_html, looks_jsonl, looks_warc
from geowire.read.urls import read_url_list
from geowire.read.warc import read_warc, read_warc_stream

Items = Iterator[RawDocument | InputError]


@dataclass(frozen=True)
class Reader:
    name: str  # the --input-format value
    help: str  # one line for --help
    read: Callable[[bytes, str, ReadStats], Items]  # (content, input name, stats): one input held in memory
    # (a buffered binary stream, name, stats): for formats whose files may be larger than one document
    read_stream: Optional[Callable[[BinaryIO, str, ReadStats], Items]] = None
    extensions: tuple[str, ...] = ()  # lower-case file name endings (before a .gz) that choose it with "auto"
    maybe_extensions: tuple[str, ...] = ()  # endings that choose it only when the content looks like it too
    sniff: Optional[Callable[[bytes], bool]] = None  # on the head of an input, for "auto"
    container: bool = False  # a file holds many documents
    fetches: bool = False  # reading it fetches from the web (not for `geowire batch`, which would fetch twice)
    text_type: Optional[str] = None  # a page of text: the content type the pipeline gets it with


def _text(name: str, help: str, content_type: str, **more) -> Reader:
    return Reader(name, help, text_reader(content_type), text_type=content_type, **more)


# In the order --help lists them. "auto" is also the reader of whatever no sniffer recognises.
READERS: dict[str, Reader] = {r.name: r for r in (
    _text("auto", "decide by file name and content", "text/x-auto", extensions=(".txt", ".text", ".md")),
    _text("dump", "a page's text with its site chrome (segmented and cleaned)", "text/x-page-dump"),
    _text("plain", "article text analysed as it is", "text/plain"),
    Reader("html", "an HTML page", read_html, extensions=(".html", ".htm", ".xhtml", ".shtml"),
           sniff=looks_html, maybe_extensions=(".xml",)),  # an XHTML page named .xml
    Reader("warc", "a web archive: every HTML response", read_warc, read_warc_stream,
           extensions=(".warc",), sniff=looks_warc, container=True),
    Reader("feed", "an RSS or Atom feed: every item", read_feed,
           extensions=(".rss", ".atom", ".xml"), sniff=looks_feed, container=True),
    Reader("jsonl", 'JSON Lines: {"url", "html" or "text"} per line', read_jsonl,
           read_jsonl_stream, extensions=(".jsonl", ".ndjson"), sniff=looks_jsonl, container=True),
    Reader("urls", "a list of URLs to fetch", read_url_list, container=True, fetches=True),
)}

FORMATS = tuple(READERS)
# The formats read from files alone ("urls" fetches the web): what `geowire batch` reads.
FILE_FORMATS = tuple(name for name, r in READERS.items() if not r.fetches)
TEXT_CONTENT_TYPES = {name: r.text_type for name, r in READERS.items() if r.text_type}  # auto, dump, plain


def reader(name: str) -> Reader:
    try:
        return READERS[name]
    except KeyError:
        raise ValueError(f"unknown input format {name!r} (one of {', '.join(FORMATS)})") from None


def extension_of(name: str) -> tuple[str, bool]:
    """A file name's format-telling ending, lower-case, and whether a ".gz" followed it:
    ("page.HTML.gz") → (".html", True)."""
    lowered = name.lower()
    compressed = lowered.endswith(".gz")
    stem = lowered[:-3] if compressed else lowered
    dot = stem.rfind(".")
    slash = max(stem.rfind("/"), stem.rfind("\\"))
    return (stem[dot:] if dot > slash + 1 else ""), compressed


def readers_for_extension(ext: str) -> list[Reader]:
    """The readers a file name ending chooses (at most one), and those it may choose by content."""
    return [r for r in READERS.values() if ext and ext in r.extensions + r.maybe_extensions]


def format_by_extension(ext: str, data: bytes | None = None) -> str | None:
    """The format a file name ending says (with the content, when given, for an ending that
    may mean several: .xml is a feed unless it looks like HTML); None when it says nothing."""
    if data is not None:
        first = head(data)
        for candidate in READERS.values():
            if ext and ext in candidate.maybe_extensions and candidate.sniff(first):
                return candidate.name
    return next((r.name for r in READERS.values() if ext and ext in r.extensions), None)


def sniff_format(data: bytes) -> str:
    """The format the first bytes of an input look like: "warc", "feed", "html", "jsonl", or
    "auto" (text) when none (the sniffers never agree on a head, see geowire.read.sniff)."""
    first = head(data)
    for candidate in READERS.values():
        if candidate.sniff is not None and candidate.sniff(first):
            return candidate.name
    return "auto"


def is_container_name(name: str) -> bool:
    """Whether a file named so may hold many documents (read with --input-format auto)."""
    return any(r.container for r in readers_for_extension(extension_of(name)[0]))


def help_text() -> str:
    """The --input-format help: each format and its line."""
    return "; ".join(f"{r.name}: {r.help}" for r in READERS.values())
