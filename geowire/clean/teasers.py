"""Related-article teasers in a page dump: a headline line (often printed twice, once over
the picture and once as the link) followed by a summary paragraph. Each distinct teaser
becomes a small Document; repeats (the same teaser under "Popular") are duplicates.

Near duplicates are found by word-set Jaccard on the few dozen lines of one page; MinHash
(datasketch) pays off across a corpus, not inside one page.
"""
from __future__ import annotations

import re

from geowire.clean import chrome
from geowire.clean.blocks import BAD, COMMENTS_RE, END, GOOD, NEAR, SHORT, Line
from geowire.text.dates import dateline_date, parse_byline
from geowire.model import Document

_NEAR_DUPLICATE = 0.8
_TITLE_KINDS = (SHORT, BAD, NEAR)
_AGO_RE = re.compile(r"\b\d+\s*(?:s|m|h|d|mins?|minutes?|hours?|hrs?|days?|weeks?)\s+ago\b", re.I)
_SECTION_REACH = 40   # lines below a "Related" heading where its teasers may stand


def _word_set(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\w+", text.casefold()))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


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


def find_teasers(lines: list[Line], kept: set[int], region: tuple[int, int]) -> tuple[list[Document], dict[int, str]]:
    """The distinct teasers outside the article region, and the removal reason
    ("teaser" or "duplicate") of each line they occupy."""
    start, end = region
    teasers: list[Document] = []
    seen: list[tuple[frozenset[str], frozenset[str]]] = []
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
        title_words, summary_words = _word_set(ln.text), _word_set(summary_line.text)
        if any(jaccard(summary_words, words) >= _NEAR_DUPLICATE for words in body_words):
            i += 1  # the article's own standfirst, not a teaser of another article
            continue
        duplicate = any(jaccard(title_words, t) >= _NEAR_DUPLICATE or jaccard(summary_words, s) >= _NEAR_DUPLICATE
                        for t, s in seen)
        reasons[i] = "duplicate" if duplicate else "teaser"
        for r in repeats:
            reasons[r] = "duplicate"
        reasons[j] = "duplicate" if duplicate else "teaser"
        if not duplicate:
            seen.append((title_words, summary_words))
            teasers.append(Document(kind="teaser", title=ln.text,
                                    body=strip_calls_to_action(summary_line.text)))
        i = j + 1
    return teasers, reasons
