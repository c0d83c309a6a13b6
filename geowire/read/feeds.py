"""RSS and Atom feeds: one document per item, its inline content as text, with link, title and date.

feedparser parses the feed (it neither expands entities nor reads external ones); an item's
link is kept only when it is http(s) (geowire.read.urls.safe_url).
"""
from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Iterator

from geowire.model import RawDocument
from geowire.read.errors import InputError, ReadStats
from geowire.read.urls import url_fields


def read_feed(data: bytes, name: str, stats: ReadStats) -> Iterator[RawDocument | InputError]:
    """One document per feed item: its inline content as text, with link, title and date."""
    import feedparser

    if not data.strip():
        yield InputError(name, "empty file")  # feedparser would call it "a feed with no items"
        return
    feed = feedparser.parse(_CHARREF_RE.sub(_in_range_charref, data))
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
        where = f"{name}#{link or index}"
        if not text:
            yield InputError(where, "feed item without content or title")
            continue
        yield RawDocument(content=text, source_path=name, **url_fields(link, where, stats), content_type="text/plain",
                          title=title, date=feed_item_date(entry))


# feedparser's sgmllib fallback calls chr() on every numeric character reference and raises on one
# past U+10FFFF ("&#x110000;", found by benchmarks/fuzz.py): such references become U+FFFD first.
_CHARREF_RE = re.compile(rb"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+))")


def _in_range_charref(m: re.Match) -> bytes:
    digits, base = (m.group(1), 16) if m.group(1) is not None else (m.group(2), 10)
    digits = digits.lstrip(b"0") or b"0"
    if len(digits) <= 7 and int(digits, base) <= 0x10FFFF:
        return m.group(0)
    return b"&#xFFFD"


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
