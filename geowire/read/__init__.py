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
  with httpx, with timeouts, a size cap while streaming, a redirect limit, http(s) only.

A document's url (a JSON Lines field, a feed item's link, a WARC target URI) is kept only when
it is http(s) (`safe_url`); others are dropped and counted in `ReadStats.dropped_urls`. The limits
(size cap, timeouts, redirects, User-Agent) are those of `geowire.settings.settings()` at the
time of reading; the cap also bounds what any gzip input inflates to.

The modules: `files` (paths, directories, standard input), `registry` (the table of formats),
`sniff` (binary, encoding and format sniffing), `gzip` (inflating), `pages` (text and HTML),
`warc`, `feeds`, `jsonl`, `urls`, and `errors` (InputError, ReadStats).
"""
from __future__ import annotations

import logging
from typing import BinaryIO, Iterator

from geowire.model import RawDocument
from geowire.read.errors import InputError, ReadStats, cap_text, printable_name, replace_surrogates
from geowire.read.files import STDIN_NAME, directory_files, read_path
from geowire.read.registry import (FORMATS, READERS, TEXT_CONTENT_TYPES, Reader, format_by_extension,
                                   is_container_name, reader, sniff_format)
from geowire.read.sniff import check_html_bytes, decode_text, is_binary, looks_utf16
from geowire.read.urls import fetch_url, safe_url, url_list

__all__ = [
    "FORMATS", "READERS", "STDIN_NAME", "TEXT_CONTENT_TYPES", "InputError", "ReadStats", "Reader", "cap_text",
    "check_html_bytes", "decode_text", "directory_files", "fetch_url", "format_by_extension", "is_binary",
    "is_container_name", "iter_raw", "looks_utf16", "printable_name", "reader", "replace_surrogates", "safe_url",
    "sniff_format", "url_list",
]

LOGGER = logging.getLogger(__name__)


def iter_raw(paths: list[str], input_format: str = "auto", stdin: BinaryIO | None = None,
             stats: ReadStats | None = None) -> Iterator[RawDocument | InputError]:
    """One RawDocument per input document, or an InputError per bad input; never raises for one.

    PATH may be a file, a directory (every file in it, recursively and sorted, hidden files
    skipped), "-" for standard input (a binary stream, default sys.stdin.buffer) or a URL
    (fetched; only http and https are accepted).
    """
    reader(input_format)  # an unknown format is a programming error: raise now, not at the first input
    stats = stats if stats is not None else ReadStats()
    for path in paths:
        for item in _guarded(path, read_path(path, input_format, stdin, stats)):
            if isinstance(item, InputError):
                stats.errors += 1
            else:
                stats.documents += 1
            yield item
    if stats.skipped:
        LOGGER.info("skipped records: %s", ", ".join(f"{n} {kind}" for kind, n in sorted(stats.skipped.items())))
    if stats.dropped_urls:
        LOGGER.info("urls dropped (not http or https): %s",
                    ", ".join(f"{n} {scheme}" for scheme, n in sorted(stats.dropped_urls.items())))


def _guarded(path: str, items: Iterator) -> Iterator:
    """The items of one input; an unexpected failure of a parser library on it ends that
    input with an InputError instead of ending the run."""
    try:
        yield from items
    except Exception as err:  # noqa: BLE001 — a bad input must never stop the other inputs
        LOGGER.debug("reading %s failed", path, exc_info=True)
        yield InputError(path, f"unreadable ({type(err).__name__}: {err})")
