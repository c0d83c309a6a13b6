"""URLs: which are safe to keep on a document (`safe_url`), URL-list files, and fetching pages.

Fetching uses httpx with the limits of geowire.settings (connect and read timeouts, a deadline
for the whole download, a redirect limit, the size cap while streaming). The body is inflated
here rather than by httpx (Content-Encoding gzip or deflate; nothing else is asked for), so the
size cap holds on the inflated bytes a piece at a time: httpx's decoders inflate each network
chunk whole, and 64 KiB of a gzip bomb is 64 MB.
"""
from __future__ import annotations

import logging
import re
import time
from datetime import datetime, timezone
from typing import Iterator
from urllib.parse import urlsplit

from geowire.model import RawDocument
from geowire.read.errors import InputError, ReadStats, cap_text, max_bytes
from geowire.read.gzip import InflateError, Inflater, OverLimit
from geowire.read.pages import HTML_MEDIA_TYPES, html_content
from geowire.read.sniff import check_html_bytes, decode_text, head, looks_feed, looks_html
from geowire.settings import settings

LOGGER = logging.getLogger(__name__)

WEB_SCHEMES = ("http", "https")
_URL_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://\S+$")
_UNSAFE_CHARS_RE = re.compile(r"[\x00-\x20\x7f]")  # browsers drop tabs and newlines: "java\tscript:" runs


def is_url(text: str) -> bool:
    """Whether an argument is written as a URL (scheme://...), whatever the scheme."""
    return bool(_URL_RE.match(text))


def safe_url(url) -> str | None:
    """The URL if it is an absolute http(s) URL, else None: a document's url is shown as a link
    and followed, so `javascript:`, `data:`, `file:`, relative or malformed URLs are not kept."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    if _UNSAFE_CHARS_RE.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return None
    return url if parts.scheme.lower() in WEB_SCHEMES and parts.netloc else None


def url_fields(url, where: str, stats: ReadStats | None) -> dict:
    """The RawDocument fields of a document's URL: `url` when `safe_url` keeps it, else a note
    (which the document keeps) saying it was dropped; a dropped URL is also counted in
    `stats.dropped_urls` by scheme, and logged."""
    if url is None:
        return {"url": None}
    safe = safe_url(url)
    if safe is None:
        try:
            scheme = urlsplit(str(url).strip()).scheme.lower() or "relative"
        except ValueError:
            scheme = "malformed"
        if stats is not None:
            stats.dropped_urls[scheme] += 1
        LOGGER.info("%s: url dropped, not http(s): %.80r", where, url)
        return {"url": None, "notes": [f"url dropped: not an http(s) URL ({scheme})"]}
    return {"url": safe}


def url_list(text: str) -> list[str]:
    """The URLs of a URL-list file: one per line; blank lines and # comments skipped."""
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def read_url_list(data: bytes, name: str, stats: ReadStats) -> Iterator[RawDocument | InputError]:
    """The reader of --input-format urls: fetch every URL of a URL-list file."""
    try:
        text = decode_text(data, name)
    except InputError as err:
        yield err
        return
    urls = url_list(text)
    if urls and not is_url(urls[0]):
        # An article or a page read as a URL list: one error for the file, not one per line.
        yield InputError(name, f"not a URL list (its first entry is not a URL: {urls[0][:60]!r})")
        return
    yield from fetch_all(urls, stats, name)


def fetch_all(urls: list[str], stats: ReadStats, list_name: str | None = None) -> Iterator:
    if not urls:
        yield InputError(list_name or "<urls>", "no URLs in the list")
        return
    import httpx

    s = settings()
    timeout = httpx.Timeout(s.fetch_timeout_s, connect=s.fetch_connect_timeout_s)
    # only the encodings inflated here (see the module's docstring)
    headers = {"User-Agent": s.user_agent, "Accept-Encoding": "gzip, deflate"}
    with httpx.Client(follow_redirects=True, max_redirects=s.fetch_max_redirects, timeout=timeout,
                      headers=headers) as client:
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
    if scheme not in WEB_SCHEMES:
        raise InputError(url, f"unsupported URL scheme {scheme!r} (only http and https)")
    s = settings()
    cap = max_bytes()
    try:
        with client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise InputError(url, f"HTTP {response.status_code} {response.reason_phrase}".strip())
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > cap:
                raise InputError(url, f"too large ({cap_text()})")
            inflater = _body_inflater(response.headers.get("Content-Encoding", ""), url, cap)
            body = bytearray()
            deadline = time.monotonic() + s.fetch_deadline_s  # a server dripping bytes never hits the read timeout
            try:
                for chunk in response.iter_raw():
                    for piece in inflater.feed(chunk) if inflater else (chunk,):
                        body += piece
                        if len(body) > cap:
                            raise InputError(url, f"too large ({cap_text()})")
                    if time.monotonic() > deadline:
                        raise InputError(url, f"timed out (download longer than {s.fetch_deadline_s:.0f} s)")
                if inflater:
                    inflater.finish()
            except OverLimit:
                raise InputError(url, f"too large ({cap_text()})") from None
            except InflateError as err:
                raise InputError(url, f"corrupt compressed body ({err})") from None
            final_url = str(response.url)
            content_type = response.headers.get("Content-Type", "")
    except httpx.TooManyRedirects:
        raise InputError(url, f"too many redirects (more than {s.fetch_max_redirects})") from None
    except httpx.UnsupportedProtocol as err:
        raise InputError(url, f"redirected to an unsupported URL ({err})") from None
    except httpx.TimeoutException:
        raise InputError(url, "timed out") from None
    except httpx.HTTPError as err:
        raise InputError(url, f"fetch failed ({type(err).__name__}: {err})") from None
    fetched = datetime.now(timezone.utc).isoformat(timespec="seconds")
    yield from _fetched_documents(bytes(body), final_url, content_type, fetched, stats or ReadStats())


def _body_inflater(encoding: str, url: str, cap: int) -> Inflater | None:
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return None
    if encoding in ("gzip", "x-gzip", "deflate"):
        return Inflater("deflate" if encoding == "deflate" else "gzip", limit=cap)
    raise InputError(url, f"unsupported content encoding {encoding!r}")


def _fetched_documents(body: bytes, url: str, content_type: str, fetched: str, stats: ReadStats) -> Iterator:
    from geowire.read.feeds import read_feed  # feeds keep their links through safe_url, from here

    media_type = content_type.split(";")[0].strip().lower()
    if not body.strip():
        raise InputError(url, "empty response")
    first = head(body)
    if media_type in HTML_MEDIA_TYPES or (not media_type and looks_html(first)):
        check_html_bytes(body, url)
        yield RawDocument(content=html_content(body, content_type), source_path=None, url=url,
                          fetched=fetched, content_type="text/html")
    elif "rss" in media_type or "atom" in media_type or (media_type.endswith("xml") and looks_feed(first)):
        for item in read_feed(body, url, stats):
            if isinstance(item, RawDocument):
                item.source_path, item.fetched = None, fetched
            yield item
    elif media_type.startswith("text/"):
        text = decode_text(body, url)
        yield RawDocument(content=text, url=url, fetched=fetched, content_type="text/x-auto")
    else:
        raise InputError(url, f"unsupported content type {media_type or 'unknown'}")
