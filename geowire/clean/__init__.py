"""The clean stage: a raw input → the article (title, body, metadata) and its teasers.

`clean` picks the cleaner by content type: HTML pages go to `html.clean_html`
(trafilatura and the page's metadata), text dumps of a whole page to
`dump.clean_dump` (segmented into title, body, credits, captions, navigation
and teasers), plain article text to `dump.clean_plain`. Then it bounds the work
the next stages will do (see the limits in `geowire.settings`).
"""
from __future__ import annotations

import dataclasses
import re
from functools import lru_cache

from geowire.clean.dump import normalise_paragraphs
from geowire.model import CleanPage, Document, RawDocument
from geowire.read import replace_surrogates
from geowire.settings import settings


class AnalysisError(Exception):
    """A document that could not be analysed; str() is one line naming the input."""


# The work of the next stages is bounded by what it costs, not only by characters:
# - settings().max_body_chars is spaCy's own limit (nlp.max_length): nlp.pipe raises on a longer text.
# - settings().max_word_chars: spaCy's tokenizer strips a word's prefixes and suffixes one character at a
#   time, searching the rest again each time: 20,000 "(" without a space took 24 s, 100,000 would take
#   many minutes. No word of an article is this long (URLs included): such runs (inline base64 images,
#   minified code) are dropped.
# - settings().max_tokens: spaCy's time and memory grow with tokens, ~0.3-0.4 ms and ~13-16 KB each
#   here (40,000 tokens: 13 s, 820 MB), so a text of one-character tokens ("( ( ( ...") costs five times
#   what prose of the same length does. Runs of punctuation-only tokens longer than any prose has
#   (separator rows, ASCII art, floods) are dropped first, like overlong words.
PUNCTUATION_RUN_TOKENS = 40
_PUNCTUATION_RUN_RE = re.compile(r"(?:(?<=\s)|^)(?:[^\w\s]++\s++){%d,}" % PUNCTUATION_RUN_TOKENS)
_TOKEN_RE = re.compile(r"\w+|[^\w\s]")  # an upper bound of spaCy's tokens ("U.S." counts 4)


def clean(raw: RawDocument) -> CleanPage:
    """Raw document → article (and teasers), by content type."""
    from geowire.clean import dump, html  # html is imported here: it pulls in lxml and trafilatura

    raw = without_surrogates(raw)
    where = raw.source_path or raw.url or "<input>"
    kind = raw.content_type or "text/x-auto"
    try:
        if kind == "text/html":
            page = html.clean_html(raw.content, url=raw.url, source_path=raw.source_path)
        else:
            text = raw.content.decode("utf-8") if isinstance(raw.content, bytes) else raw.content
            as_dump = kind == "text/x-page-dump" or (kind == "text/x-auto" and dump.looks_like_page_dump(text))
            page = (dump.clean_dump if as_dump else dump.clean_plain)(text, source_path=raw.source_path)
    except (ValueError, UnicodeDecodeError) as err:  # the cleaners' way of refusing an input; other errors are bugs
        raise AnalysisError(f"{where}: {' '.join(str(err).split())}") from None
    doc = page.document
    doc.url = doc.url or raw.url
    doc.source_path = doc.source_path or raw.source_path
    doc.title = doc.title or raw.title
    doc.notes = [*raw.notes, *doc.notes]
    if not doc.date and raw.date:
        doc.date, doc.date_source = raw.date[:10], "metadata"
    for d in (doc, *page.teasers):
        drop_overlong_words(d)
        drop_punctuation_runs(d)
    if not doc.body.strip():
        raise AnalysisError(f"{where}: no article text found")
    if problem := too_costly(doc.body):
        raise AnalysisError(f"{where}: text too long to analyse ({problem})")
    page.teasers = [t for t in page.teasers if t.body.strip() and not too_costly(t.body)]
    for teaser in page.teasers:
        teaser.kind, teaser.source_path = "teaser", doc.source_path  # a teaser's url is its own article's, if linked
        if teaser.title and not teaser.body.startswith(teaser.title):
            # A teaser's headline is half of what it says ("Borrell tells the European Parliament that ..."):
            # it is analysed, and offsets counted, with the summary it heads.
            teaser.body = f"{teaser.title}\n\n{teaser.body}" if teaser.body else teaser.title
    return page


def without_surrogates(raw: RawDocument) -> RawDocument:
    """The raw document with lone surrogates (a JSON "\\ud800" escape, a non-UTF-8 file name)
    replaced: lxml silently stops the text at one, and SQLite and JSON output cannot encode it."""
    changes = {f.name: replace_surrogates(value) for f in dataclasses.fields(raw)
               if isinstance(value := getattr(raw, f.name), str)}
    return dataclasses.replace(raw, **changes)


def too_costly(body: str) -> str | None:
    """Why a body is beyond the analysis limits (see above), or None."""
    limits = settings()
    if len(body) > limits.max_body_chars:
        return f"{len(body):,} characters after cleaning, at most {limits.max_body_chars:,}"
    # a body this short cannot hold more tokens than characters: counted only when it may matter
    if len(body) > limits.max_tokens and (tokens := sum(1 for _ in _TOKEN_RE.finditer(body))) > limits.max_tokens:
        return f"{tokens:,} words and punctuation marks after cleaning, at most {limits.max_tokens:,}"
    return None


def drop_punctuation_runs(doc: Document) -> None:
    """Take runs of more than PUNCTUATION_RUN_TOKENS punctuation-only tokens out of the body, with a note."""
    _drop_runs(doc, _PUNCTUATION_RUN_RE, "{n} run(s) of %d or more punctuation marks without a word left out"
                                         " of the body" % PUNCTUATION_RUN_TOKENS)


def drop_overlong_words(doc: Document) -> None:
    """Take runs of more than settings().max_word_chars characters without a space out of the body,
    with a note."""
    max_word = settings().max_word_chars
    _drop_runs(doc, _overlong_word_re(max_word), "{n} run(s) of more than %d characters without a space left out"
                                                 " of the body (not words)" % max_word)


@lru_cache(maxsize=4)
def _overlong_word_re(max_word: int) -> re.Pattern:
    return re.compile(r"\S{%d,}" % (max_word + 1))


def _drop_runs(doc: Document, pattern: re.Pattern, note: str) -> None:
    """Replace each match of `pattern` in the body by a space, in one pass, and note how many."""
    body, n = pattern.subn(" ", doc.body)
    if n:
        doc.body = normalise_paragraphs(body)
        doc.notes = [*doc.notes, note.format(n=n)]
