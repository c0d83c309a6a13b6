"""Lines of a page dump, their features, their class, and the article region.

Why not jusText alone: jusText classifies HTML blocks with link density as its strongest
feature, and a text dump has no links; run line by line on the benchmark dumps it reaches
0.76 shingle F1 and returns nothing at all for about one page in six (its context rules
drop short-paragraph articles whole), and it has no notion of a teaser, a caption or a
credit line. We keep its two good ideas (stopword density tells prose from chrome;
short lines take the class of their neighbours) and add what a dump still shows: labels
of the site's template, lines repeated across the page, section headings that end an
article ("Related articles", "Comments"), and the page title repeated as the headline.
The article is then the contiguous run of prose with the most words, where runs are
broken by chrome (Boilerpipe's and BTE's "densest region" idea).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from geowire.clean import chrome
from geowire.clean.lines import parse_caption, parse_credit_line

_WORD_RE = re.compile(r"\w+")
_SENTENCE_END_RE = re.compile(r"[.!?…:;][\"'”’»)\]]*$")
_SENTENCE_BREAK_RE = re.compile(r"[.!?…][\"'”’»)\]]*\s+[\"'“‘«(\[]?[A-Z0-9]")
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_CJK_SENTENCE_RE = re.compile(r"[。、，！？]|[다요][.!?]")
# "Jane on September 12, 2018 at 4:47 pm said:", the header of a reader's comment
_COMMENT_HEADER_RE = re.compile(r"(?:\d|\b(?:am|pm|ago))\b.{0,20}\b(?:said|says|wrote|writes|replied)\s*:?\s*$", re.I)
_URL_RE = re.compile(r"^(?:https?://|www\.)\S+$|^\S+\.(?:com|org|net|html?|php|jpe?g|png|gif)\S*$", re.I)

GOOD, NEAR, SHORT, BAD, LABEL, END, BOILER, CAPTION, CREDIT = (
    "good", "near", "short", "bad", "label", "end", "boilerplate", "caption", "credit")


@dataclass
class Line:
    pos: int
    text: str                 # whitespace collapsed
    key: str                  # chrome.label_key(text)
    words: int
    stop_ratio: float
    sentence_end: bool
    sentences: int
    headline_start: bool = False  # starts with a Title Case headline ("Mayor Says No To ... The mayor said")
    count: int = 1            # lines of the page with the same key
    first: bool = True        # the first of those
    kind: str = SHORT


def split_lines(text: str) -> list[Line]:
    """The non-empty lines of a dump, whitespace collapsed, with their features."""
    lines: list[Line] = []
    for raw in text.splitlines():
        line = " ".join(raw.replace("\u200b", " ").replace("\ufeff", " ").split())
        if not line:
            continue
        tokens = _WORD_RE.findall(line)
        words = len(tokens)
        stops = sum(1 for t in tokens if t.casefold() in chrome.STOPWORDS)
        if _CJK_RE.search(line):
            # scripts without spaces: count characters, as a word is about two of them
            words = max(words, len(_CJK_RE.findall(line)) // 2)
            if _CJK_SENTENCE_RE.search(line):
                stops = max(stops, 0.3 * len(tokens))
        lines.append(Line(
            pos=len(lines), text=line, key=chrome.label_key(line), words=words,
            stop_ratio=stops / len(tokens) if tokens else 0.0,
            sentence_end=bool(_SENTENCE_END_RE.search(line)),
            sentences=1 + len(_SENTENCE_BREAK_RE.findall(line)),
            headline_start=_starts_with_headline(line),
        ))
    seen: dict[str, int] = {}
    for line in lines:
        seen[line.key] = seen.get(line.key, 0) + 1
        line.first = seen[line.key] == 1
    for line in lines:
        line.count = seen[line.key]
    return lines


def _starts_with_headline(line: str) -> bool:
    """True for a line that opens with a headline in Title Case, as a teaser printed on one
    line does ("Harvick Fails To Rally In NASCAR Finale Ford v Toyota flopped ..."). Prose
    writes its function words in lower case; headlines capitalise them."""
    words = [w for w in line.split()[:10] if w[:1].isalpha()]
    if len(words) < 6:
        return False
    capitalised = [w for w in words if w[0].isupper()]
    if len(words) >= 8 and len(capitalised) == len(words) and not line.isupper():
        return True
    capital_stops = [w for w in words[1:] if w[0].isupper() and w.lower() in chrome.STOPWORDS_EN]
    return len(capital_stops) >= 2 and len(capitalised) >= 0.6 * len(words)


def is_url(text: str) -> bool:
    return bool(_URL_RE.match(text))


def is_photo_credit(text: str) -> bool:
    """A line that only credits a picture: "Sanjeev Verma/Hindustan Times/Getty Images"."""
    words = text.split()
    if not 1 <= len(words) <= 10 or _SENTENCE_BREAK_RE.search(text) or words[0].lower() == "by":
        return False
    return bool(chrome.PHOTO_AGENCY_RE.search(text)) and ("/" in text or len(words) <= 4 or "photo" in text.lower())


def _page_uses_stopwords(lines: list[Line]) -> bool:
    """False for languages our stoplists do not cover: there, length and punctuation decide."""
    long_lines = [ln for ln in lines if ln.words >= 15]
    return any(ln.stop_ratio >= 0.15 for ln in long_lines) or not long_lines


def classify(lines: list[Line]) -> None:
    """Give each line its class (GOOD, NEAR, SHORT, BAD, LABEL, END, BOILER, CAPTION, CREDIT)."""
    use_stops = _page_uses_stopwords(lines)
    for ln in lines:
        ln.kind = _classify_line(ln, use_stops)
    # "Comments" or "Related" between "Facebook" and "Print" is a button of a toolbar or
    # an item of a menu, not the heading of a section
    for prev, ln, nxt in zip(lines, lines[1:], lines[2:]):
        if ln.kind == END and prev.kind == LABEL and nxt.kind == LABEL:
            ln.kind = LABEL
    # the caption printed right above its credit in the "Name/Agency" form; a credit that
    # starts with "Image ..." or stands alone ("Reuters") may as well belong to the picture
    # below it, and the line above is then article text
    for prev, ln in zip(lines, lines[1:]):
        if ln.kind == CAPTION and "/" in ln.text and is_photo_credit(ln.text) \
                and not re.match(r"\s*(?:image|photo|picture|main|top|header)", ln.text, re.I) \
                and prev.kind in (GOOD, NEAR, SHORT, BAD) and prev.words <= 30:
            prev.kind = CAPTION


def _classify_line(ln: Line, use_stops: bool) -> str:
    if ln.words <= 8 and chrome.SECTION_END_RE.match(ln.key):
        return END
    if ln.words <= 25 and _COMMENT_HEADER_RE.search(ln.text):
        return END
    if chrome.LABEL_RE.match(ln.key) or not ln.key or (ln.words <= 25 and chrome.INLINE_LINK_RE.match(ln.text)):
        return LABEL
    if parse_credit_line(ln.text) or chrome.REPORTING_LINE_RE.match(ln.text):
        return CREDIT
    if parse_caption(ln.text) is not None and ln.words <= 80:
        return CAPTION
    if is_photo_credit(ln.text) or chrome.GALLERY_SLIDE_RE.match(ln.text):
        return CAPTION
    if ln.words < 80 and chrome.BOILERPLATE_RE.search(ln.text):
        return BOILER
    if _URL_RE.match(ln.text):
        return BAD
    prose_stops = ln.stop_ratio >= 0.2 if use_stops else True
    if ln.words >= 12 and prose_stops and (ln.sentence_end or ln.words >= 30):
        return GOOD
    if ln.words >= 20 and (ln.stop_ratio >= 0.15 or not use_stops):
        return GOOD
    if ln.words >= 5 and ln.sentence_end and (ln.stop_ratio >= 0.15 or not use_stops):
        return NEAR
    if ln.words < 12:
        return SHORT
    return BAD


# What a non-prose line costs a run of prose that it interrupts. A run ends when the
# cost since its last prose line passes RUN_BREAK, or at a section-end heading.
_GAP_COST = {NEAR: 0.0, SHORT: 1.0, LABEL: 1.5, BOILER: 3.0, BAD: 2.0, CAPTION: 0.5, CREDIT: 0.5}
RUN_BREAK = 6.0


def _gap_cost(ln: Line) -> float:
    cost = _GAP_COST.get(ln.kind, 1.0)
    if ln.kind == BAD:
        cost += ln.words / 10
    if ln.count > 1 and ln.kind != LABEL:
        cost += 1.5
    return cost


def _is_content(ln: Line) -> bool:
    # prose printed twice on a page is a teaser or a notice, not the article
    return ln.kind == GOOD and ln.count == 1


@dataclass
class Run:
    """A run of prose lines: a candidate for the article or a piece of it."""
    first: int
    last: int
    words: float = 0.0
    content: int = 0          # prose lines in the run
    adjacent: int = 0         # prose lines that directly follow a prose line
    ended_by: str = ""        # key of the section-end heading that closed it, if any

    @property
    def weight(self) -> float:
        # A teaser list alternates a headline and a summary; an article's paragraphs follow
        # one another. Discount runs whose prose lines stand alone.
        cohesion = (self.adjacent + 1) / self.content if self.content else 0.0
        return self.words * (0.35 + 0.65 * min(1.0, cohesion))


def prose_runs(lines: list[Line]) -> list[Run]:
    """Runs of prose, broken where chrome since the last prose line costs more than
    RUN_BREAK or at a section-end heading: the candidates for the article."""
    runs: list[Run] = []
    run: Run | None = None
    gap = 0.0
    previous_prose = False
    for ln in lines:
        if _is_content(ln):
            if run is None:
                run = Run(ln.pos, ln.pos)
            run.last, gap = ln.pos, 0.0
            run.words += ln.words * (0.3 if ln.headline_start else 1.0)
            run.content += 1
            run.adjacent += previous_prose
            previous_prose = True
            continue
        previous_prose = previous_prose and ln.kind in (NEAR, CAPTION)
        if run is None:
            continue
        if ln.kind == NEAR:
            run.words += ln.words / 2
        gap += _gap_cost(ln)
        if ln.kind == END or gap > RUN_BREAK:
            run.ended_by = ln.key if ln.kind == END else ""
            runs.append(run)
            run = None
    if run is not None:
        runs.append(run)
    return runs


COMMENTS_RE = re.compile(r"\b(?:comments?|repl(?:y|ies)|responses?|discussion|conversation|said|says|wrote|writes|replied)\b")
_TITLE_REACH = 25      # lines between a printed headline and the article it heads
_MERGE_GAP = 10        # lines of chrome an article may be interrupted by
_LIST_GAP = 25         # lines of a list of short items inside an article


def _title_positions(lines: list[Line]) -> list[int]:
    """Lines after the first that print the page title (the first line) or the headline part of it."""
    if not lines or len(lines[0].key) < 10:
        return []
    page_title = lines[0].key
    return [ln.pos for ln in lines[1:]
            if ln.words >= 3 and len(ln.key) >= 0.4 * len(page_title) and ln.key in page_title]


def _score(run: Run, headline_runs: set[int], comments_from: int | None) -> float:
    weight = run.weight
    if run.first in headline_runs:
        weight *= 3.0
    if comments_from is not None and run.first > comments_from:
        weight *= 0.3
    return weight


def article_region(lines: list[Line]) -> tuple[int, int] | None:
    """[first, last] positions of the article.

    The article is the heaviest run of prose; a run right below the printed headline
    weighs more, runs below a comments heading less. Runs that the heaviest one is split
    from by a few lines of chrome (an ad, an inline "Trending" box), and not by a
    section-end heading, are joined to it. The result is widened over the prose-like
    lines (NEAR) that touch it."""
    runs = prose_runs(lines)
    if not runs:
        near = [ln.pos for ln in lines if ln.kind in (NEAR, GOOD)]
        return (near[0], near[-1]) if near else None
    headline_runs: set[int] = set()
    titles = _title_positions(lines)
    for pos in titles:
        headline_runs.update(r.first for r in runs if pos < r.first <= pos + _TITLE_REACH)
    comments_from = next((ln.pos for ln in lines if ln.kind == END and COMMENTS_RE.search(ln.key)), None)
    best = max(range(len(runs)), key=lambda i: _score(runs[i], headline_runs, comments_from))
    first, last = runs[best].first, runs[best].last

    def joinable(a: Run, b: Run) -> bool:
        gap = lines[a.last + 1:b.first]
        if min(a.weight, b.weight) < 30 or any(a.last < t < b.first for t in titles):
            return False
        if any(ln.kind == BOILER for ln in gap):
            return False  # a copyright or newsletter notice: the article ended
        if not a.ended_by and len(gap) <= _MERGE_GAP:
            return True
        reads_on = b.content >= 2 and b.adjacent >= 1
        if not a.ended_by and len(gap) <= _LIST_GAP and reads_on and all(
                ln.kind in (SHORT, BAD, NEAR) and ln.count == 1 for ln in gap):
            return True  # a list of short items inside the article
        # An inline box ("Related stories" and three headlines) inside the article: join
        # across it only when the prose after it reads as more of an article (paragraphs
        # that follow one another, under a headline printed once), and the box is not the
        # start of the comments.
        return (a.ended_by != "" and len(gap) <= 8 and reads_on
                and not COMMENTS_RE.search(a.ended_by)
                and not (gap and gap[-1].count > 1 and gap[-1].kind not in (LABEL, END)))

    i = best
    while i > 0 and joinable(runs[i - 1], runs[i]):
        i -= 1
        first = runs[i].first
    i = best
    while i + 1 < len(runs) and joinable(runs[i], runs[i + 1]):
        i += 1
        last = runs[i].last
    while first > 0 and lines[first - 1].kind == NEAR and lines[first - 1].count == 1:
        first -= 1
    while last + 1 < len(lines) and lines[last + 1].kind == NEAR and lines[last + 1].count == 1:
        last += 1
    return first, last
