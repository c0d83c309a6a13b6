"""Inputs that are one page: text (a dump with its chrome, plain article text, or text for the
pipeline to judge) and HTML."""
from __future__ import annotations

import re
from typing import Iterator

from geowire.model import RawDocument
from geowire.read.errors import InputError, ReadStats
from geowire.read.sniff import check_html_bytes, decode_text

HTML_MEDIA_TYPES = ("text/html", "application/xhtml+xml")
_CHARSET_RE = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)


def text_reader(content_type: str):
    """A reader of one UTF-8 text page, given to the pipeline with this content type."""

    def read_text(data: bytes, name: str, stats: ReadStats) -> Iterator[RawDocument | InputError]:
        try:
            text = decode_text(data, name)
        except InputError as err:
            yield err
            return
        yield RawDocument(content=text, source_path=name, content_type=content_type)

    return read_text


def read_html(data: bytes, name: str, stats: ReadStats) -> Iterator[RawDocument | InputError]:
    """One HTML page, as bytes: geowire.clean.html detects the encoding."""
    try:
        check_html_bytes(data, name)
    except InputError as err:
        yield err
        return
    yield RawDocument(content=data, source_path=name, content_type="text/html")


def html_content(content: bytes, content_type: str) -> bytes | str:
    """HTML bytes, decoded here only when the HTTP headers name a charset (the clean
    stage cannot see them); otherwise left for geowire.clean.html to detect."""
    match = _CHARSET_RE.search(content_type)
    if not match:
        return content
    from geowire.clean.html import decode_html

    return decode_html(content, declared=match.group(1)).text
