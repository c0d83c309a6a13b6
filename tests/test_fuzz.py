"""Property tests: every reader and the analysis of text take any input without a crash.

Bounded for CI (a few hundred inputs per target, set by GEOWIRE_FUZZ_EXAMPLES); the long run of
the same targets over 100,000+ inputs is benchmarks/fuzz.py. What counts as a crash is in
tests/fuzz_targets.py.
"""
from __future__ import annotations

import gzip
import json
import os

from hypothesis import HealthCheck, given, settings, strategies as st

from tests.fuzz_targets import STREAM_FORMATS, analyze_texts, clean_text, parse_url_list, read_bytes

EXAMPLES = int(os.environ.get("GEOWIRE_FUZZ_EXAMPLES", "150"))
BOUNDED = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# Text that tends to matter to parsers: markup, entities, quotes, dates, currency, control characters.
TRICKY = st.sampled_from(["<", ">", "&", "&amp;", "&#0;", "&#x110000;", "]]>", "<!--", "\"", "'", "“", "”",
                          "\u00a0", "\u200b", "\ufeff", "\ud800", "\x00", "\x1b", "\r\n", "\n\n", "$", "€5bn",
                          "2015-03-18", "18 March 2015", "(", "((((", "...", "U.S.", "said", "according to",
                          "Russia", "NATO", "signed a treaty", "javascript:alert(1)", "http://", "WARC/1.0"])
TEXT = st.lists(st.one_of(st.text(max_size=20), TRICKY), max_size=40).map("".join)


def html_page(title: str, body: str, link: str) -> bytes:
    return (f"<!doctype html><html><head><title>{title}</title><meta property='og:url' content='{link}'>"
            f"</head><body><article><h1>{title}</h1><p>{body}</p><a href='{link}'>more</a></article></body></html>"
            ).encode("utf-8", "surrogatepass")


def feed(title: str, body: str, link: str) -> bytes:
    return (f"<?xml version='1.0'?><rss version='2.0'><channel><title>{title}</title><item><title>{title}</title>"
            f"<link>{link}</link><description>{body}</description></item></channel></rss>"
            ).encode("utf-8", "surrogatepass")


def warc(title: str, body: str, link: str) -> bytes:
    payload = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + html_page(title, body, link)
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {link}\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(payload)}\r\n\r\n")
    return head.encode("utf-8", "surrogatepass") + payload + b"\r\n\r\n"


def jsonl(title: str, body: str, link: str) -> bytes:
    line = json.dumps({"url": link, "title": title, "text": body})
    return (line + "\n" + line[: len(line) // 2] + "\n").encode()


STRUCTURED = st.builds(lambda make, title, body, link, zipped: (gzip.compress(make(title, body, link)) if zipped
                                                              else make(title, body, link)),
                       st.sampled_from([html_page, feed, warc, jsonl]), TEXT, TEXT,
                       st.one_of(TEXT, st.just("https://example.org/a")), st.booleans())
INPUTS = st.one_of(st.binary(max_size=2000), STRUCTURED,
                   st.tuples(STRUCTURED, st.binary(max_size=50), st.integers(0, 400)).map(
                       lambda t: t[0][: t[2]] + t[1] + t[0][t[2]:]))  # structure with bytes spliced in


@BOUNDED
@given(data=INPUTS, input_format=st.sampled_from(STREAM_FORMATS))
def test_every_reader_takes_any_bytes(data, input_format):
    for item in read_bytes(data, input_format):
        assert item is not None


@BOUNDED
@given(data=st.one_of(st.binary(max_size=500), TEXT.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_url_lists_keep_only_http_urls(data):
    parse_url_list(data)


@BOUNDED
@given(text=TEXT, content_type=st.sampled_from(["text/x-auto", "text/x-page-dump", "text/plain", "text/html"]))
def test_cleaning_takes_any_text(text, content_type):
    clean_text(text, content_type)


@settings(max_examples=max(20, EXAMPLES // 3), deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(texts=st.lists(TEXT, min_size=1, max_size=4))
def test_analysis_takes_any_text_and_keeps_offsets_inside_the_body(pipeline, texts):
    analyze_texts(pipeline, texts)
