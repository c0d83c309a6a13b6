"""Fuzz targets: each feeds one input to one stage and says whether it misbehaved.

Shared by the bounded property tests (tests/test_fuzz.py, run in CI) and the long fuzz
benchmark (benchmarks/fuzz.py). A target returns normally when the input was handled as
geowire promises (a result, or a one-line error naming the input) and raises `Crash`
otherwise: an exception escaping the stage, or an unexpected failure caught by a stage's
catch-all (a parser library's bug turned into "unreadable (TypeError: ...)" or "analysis
failed (...)" is still a bug to find).

URL lists are fuzzed through their parser and the URL filter only: a fuzzer must never
fetch from the network.
"""
from __future__ import annotations

import io
import re

from geowire.clean import AnalysisError, clean
from geowire.model import RawDocument
from geowire.read import InputError, iter_raw
from geowire.read.urls import safe_url, url_list

# The formats whose readers take bytes from a stream (urls is fuzzed apart: no fetching).
STREAM_FORMATS = ("auto", "dump", "plain", "html", "warc", "feed", "jsonl")
# What the readers' and the pipeline's catch-alls say around an unexpected exception.
_CATCH_ALL_RE = re.compile(r"unreadable \((\w+Error|\w+Exception)|analysis failed \(")


class Crash(Exception):
    """The stage misbehaved on this input; str() says how."""


def read_bytes(data: bytes, input_format: str) -> list:
    """Every item that reading `data` as standard input in one format yields."""
    try:
        items = list(iter_raw(["-"], input_format, stdin=io.BytesIO(data)))
    except Exception as err:  # noqa: BLE001 — what the fuzzer looks for
        raise Crash(f"iter_raw raised {type(err).__name__}: {err}") from err
    for item in items:
        if isinstance(item, InputError):
            message = str(item)
            if "\n" in message or _CATCH_ALL_RE.search(message):
                raise Crash(f"reader error is not a clean one-line error: {message[:200]!r}")
        elif not isinstance(item, RawDocument):
            raise Crash(f"reader yielded {type(item).__name__}")
        elif item.url is not None and safe_url(item.url) != item.url:
            raise Crash(f"reader kept an unsafe url {item.url[:80]!r}")
    return items


def parse_url_list(data: bytes) -> list[str]:
    """The URLs a URL list names, each filtered as a fetch would be (nothing is fetched)."""
    try:
        urls = url_list(data.decode("utf-8", "replace"))
        kept = [u for u in urls if safe_url(u)]
    except Exception as err:  # noqa: BLE001
        raise Crash(f"url list raised {type(err).__name__}: {err}") from err
    for url in kept:
        if not url.lower().startswith(("http://", "https://")):
            raise Crash(f"kept a non-http(s) url {url[:80]!r}")
    return kept


def clean_text(text: str | bytes, content_type: str = "text/x-auto"):
    """The cleaned page of a text (or None when it has no article): AnalysisError is the only
    way clean may refuse an input."""
    raw = RawDocument(content=text, source_path="fuzz.txt", content_type=content_type)
    try:
        return clean(raw)
    except AnalysisError as err:
        if "\n" in str(err) or not str(err).startswith("fuzz.txt: "):
            raise Crash(f"clean's error is not one line naming the input: {str(err)[:200]!r}") from err
        return None
    except Exception as err:  # noqa: BLE001
        raise Crash(f"clean raised {type(err).__name__}: {err}") from err


def analyze_texts(pipeline, texts: list[str]) -> list:
    """Dossiers of some texts analysed as plain articles, in one batch; a failure other than
    'no article text' or a limit is a crash."""
    raws = [RawDocument(content=t, source_path=f"fuzz-{i}.txt", content_type="text/plain") for i, t in enumerate(texts)]
    try:
        results = list(pipeline.analyze(raws))
    except Exception as err:  # noqa: BLE001
        raise Crash(f"Pipeline.analyze raised {type(err).__name__}: {err}") from err
    if len(results) != len(texts):
        raise Crash(f"{len(texts)} inputs gave {len(results)} results")
    for text, result in zip(texts, results):
        if hasattr(result, "message"):  # a Failure
            if _CATCH_ALL_RE.search(result.message) or "\n" in result.message:
                raise Crash(f"analysis failed on {text[:80]!r}: {result.message[:300]}")
            continue
        check_offsets(result)
    return results


def check_offsets(dossier) -> None:
    """Every fact's offsets lie inside the body (the provenance promise)."""
    n = len(dossier.document.body)
    spans = [s for a in dossier.actors for s in a.mentions]
    spans += [f.span for section in (dossier.events, dossier.quotes, dossier.amounts, dossier.times) for f in section]
    spans += [s for section in (dossier.agreements, dossier.attributions) for f in section for s in f.spans]
    for start, end in spans:
        if not 0 <= start <= end <= n:
            raise Crash(f"offsets ({start}, {end}) outside a body of {n} characters")
    for related in dossier.related:
        check_offsets(related)
