"""Related-article teasers: each distinct teaser of a page becomes a small Document; repeats
(the same teaser under "Popular") are duplicates.

`Teasers` is the one rule for what repeats a teaser, shared by both cleaners: the HTML
cleaner's `html.html_teasers` (headline links in blocks marked as related) and `dump_teasers`
here, for page dumps (a headline line, often printed twice, once over the picture and once
as the link, followed by a summary paragraph).

Near duplicates are found by word-set Jaccard on the few dozen teasers of one page; MinHash
(datasketch) pays off across a corpus, not inside one page.
"""
from __future__ import annotations

import re
import unicodedata

from geowire.clean import chrome
from geowire.clean.blocks import BAD, COMMENTS_RE, END, GOOD, NEAR, SHORT, Line
from geowire.clean.lines import parse_byline
from geowire.text.dates import dateline_date
from geowire.model import Document

_NEAR_DUPLICATE = 0.8
_TITLE_KINDS = (SHORT, BAD, NEAR)
_AGO_RE = re.compile(r"\b\d+\s*(?:s|m|h|d|mins?|minutes?|hours?|hrs?|days?|weeks?)\s+ago\b", re.I)
_SECTION_REACH = 40   # lines below a "Related" heading where its teasers may stand


def _key(text: str) -> str:
    """A headline's words in order, for an exact comparison: NFKC, lower case, words only."""
    return " ".join(re.findall(r"\w+", unicodedata.normalize("NFKC", text).lower()))


def _word_set(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold()))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


class Teasers:
    """The distinct teasers of one page, in page order. A teaser repeats an earlier one with the
    same headline (its words, in order); when one of the two links nowhere (a page dump's
    teasers never do), also when its headline, or its summary, shares at least 80% of its
    words with the earlier one's. Two links tell their articles apart better than their
    headlines' words do ("Star Wars Jedi: Fallen Order" and "… Fallen Order Review")."""

    def __init__(self) -> None:
        self.documents: list[Document] = []
        # (headline key, headline words, summary words, url) of each teaser kept
        self._seen: list[tuple[str, frozenset[str], frozenset[str], str | None]] = []

    def repeats(self, title: str, summary: str | None = None, url: str | None = None) -> bool:
        key, title_words, summary_words = _key(title), _word_set(title), _word_set(summary or "")
        return any(key == k or not (url and u) and (jaccard(title_words, t) >= _NEAR_DUPLICATE
                                                    or jaccard(summary_words, s) >= _NEAR_DUPLICATE)
                   for k, t, s, u in self._seen)

    def add(self, title: str, summary: str | None = None, url: str | None = None,
            body: str | None = None) -> Document:
        """A new teaser; its body is `body` if given, else its summary, else its headline."""
        self._seen.append((_key(title), _word_set(title), _word_set(summary or ""), url))
        doc = Document(kind="teaser", title=title, body=body if body is not None else summary or title, url=url)
        self.documents.append(doc)
        return doc


def strip_calls_to_action(text: str) -> str:
    """A teaser summary without "(Click the image to read more)." and its kin."""
    previous = None
    while previous != text:
        previous = text
        text = chrome.CALL_TO_ACTION_RE.sub("", text).strip()
    return " ".join(text.split())


def _is_title_like(ln: Line) -> bool:
    """A headline: a short line that is not a sentence of prose (unless printed twice, as
    teaser headlines are), nor a date, a byline or a counter."""
    if ln.kind not in _TITLE_KINDS or not 3 <= ln.words <= 25 or ln.sentences > 1:
        return False
    if ln.sentence_end and ln.count == 1 and not ln.text.endswith(("?", "!")):
        return False
    if ln.text.endswith(":") or _AGO_RE.search(ln.text):
        return False
    return not dateline_date(ln.text) and not parse_byline(ln.text)


def _is_summary(ln: Line) -> bool:
    return ln.kind in (GOOD, NEAR) and ln.words >= 10


def dump_teasers(lines: list[Line], kept: set[int], region: tuple[int, int]) -> tuple[list[Document], dict[int, str]]:
    """The distinct teasers of a page dump outside the article region, and the removal reason
    ("teaser" or "duplicate") of each line they occupy."""
    start, end = region
    teasers = Teasers()
    body_words = [_word_set(lines[p].text) for p in kept]
    reasons: dict[int, str] = {}
    section_heading = None   # the last "Related articles"-like heading above, if not comments
    i = 0
    while i < len(lines):
        ln = lines[i]
        if ln.kind == END:
            section_heading = None if COMMENTS_RE.search(ln.key) else ln.pos
        if ln.pos in kept or start <= ln.pos <= end or not _is_title_like(ln):
            i += 1
            continue
        j = i + 1
        repeats = []
        while j < len(lines) and lines[j].key == ln.key:
            repeats.append(j)
            j += 1
        # a teaser shows itself by its headline printed twice (over the picture and as the
        # link) or by standing under a "Related"/"Popular" heading
        under_heading = section_heading is not None and ln.pos - section_heading <= _SECTION_REACH
        if not repeats and not under_heading:
            i += 1
            continue
        if j >= len(lines) or not _is_summary(lines[j]) or lines[j].pos in kept or start <= j <= end:
            i += 1
            continue
        summary_line = lines[j]
        summary_words = _word_set(summary_line.text)
        if any(jaccard(summary_words, words) >= _NEAR_DUPLICATE for words in body_words):
            i += 1  # the article's own standfirst, not a teaser of another article
            continue
        duplicate = teasers.repeats(ln.text, summary_line.text)
        reasons[i] = "duplicate" if duplicate else "teaser"
        for r in repeats:
            reasons[r] = "duplicate"
        reasons[j] = "duplicate" if duplicate else "teaser"
        if not duplicate:
            teasers.add(ln.text, summary_line.text, body=strip_calls_to_action(summary_line.text))
        i = j + 1
    return teasers.documents, reasons
