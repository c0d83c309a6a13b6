"""Clean a plain-text dump of a web page: title, body, credits, captions, teasers.

A dump is what a crawler that keeps every visible line saves: menus, the
headline, the article, "source: ..." credit lines, photo captions, "Related articles",
teaser titles and summaries (often twice), footers. `clean_dump` labels each line
(geowire.clean.blocks), takes the article as the heaviest run of prose, and keeps the
rest as removed pieces with their reason, teasers as documents of their own.
"""
from __future__ import annotations

import re

from geowire.clean import blocks
from geowire.clean.blocks import (BAD, BOILER, CAPTION, CREDIT, END, GOOD, LABEL, NEAR, SHORT,
                                  Line)
from geowire.clean.lines import parse_byline, parse_caption, parse_credit_line
from geowire.text.dates import dateline_date
from geowire.clean.teasers import dump_teasers
from geowire.model import Caption, CleanPage, Document, Removed

_TITLE_SEPARATORS = re.compile(r"\s+(?:[|–—»·:]|-{1,2}|::)\s+")
_HEADLINE_REACH = 6  # lines above the article where its headline or date line may stand
_DOMAIN_RE = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}$", re.I)


def _require_text(text: str) -> None:
    if text is None or not text.strip():
        raise ValueError("empty input: the page has no text to clean")


# A line break is a paragraph break too when a sentence ends before it and one starts after it:
# plain text often puts one paragraph on each line, and a quotation that runs on into the next
# paragraph ("… revel in it.\n“There’s another side …”) must not swallow it. Not after an
# abbreviation ("Mr.\nSmith" in hard-wrapped text).
_LINE_PARAGRAPH_BREAK = re.compile(r"(?<=[.!?”\"’:…])(?<!\b[A-Z][a-z]\.)(?<!\b[A-Z][a-z][a-z]\.)(?<!\b[A-Z]\.)"
                                   r"[ \t]*\n\s*(?=[A-Z0-9“\"‘'«(\[—–-])")


def normalise_paragraphs(text: str) -> str:
    """Paragraphs (blank-line separated, or a line each: see _LINE_PARAGRAPH_BREAK) with their
    whitespace collapsed, one blank line between."""
    text = _LINE_PARAGRAPH_BREAK.sub("\n\n", text)
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paragraphs if p)


def clean_plain(text: str, source_path: str | None = None) -> CleanPage:
    """No segmentation: the whole text is the body."""
    _require_text(text)
    return CleanPage(document=Document(kind="article", source_path=source_path,
                                       body=normalise_paragraphs(text)))


def looks_like_page_dump(text: str) -> bool:
    """True when `text` has the structure of a page (chrome lines, many short blocks),
    False for plain article text (a sentence, a few paragraphs of prose)."""
    if not text or not text.strip():
        return False
    lines = blocks.split_lines(text)
    if len(lines) < 3:
        return False
    blocks.classify(lines)
    chrome_lines = [ln for ln in lines if ln.kind in (LABEL, END, BOILER)]
    short = [ln for ln in lines[1:] if ln.kind in (SHORT, BAD)]  # the first line may be a title
    repeated = [ln for ln in lines if ln.count > 1 and ln.kind in (SHORT, BAD, LABEL, END)]
    # Articles with lists or tables have many short lines too (measured on the benchmark's
    # true bodies): ask for template labels, repeated short lines, or a page mostly of them.
    if len(chrome_lines) >= 2 or (chrome_lines and len(short) >= 3):
        return True
    if len(repeated) >= 4:
        return True
    return len(lines) >= 20 and len(short) >= 0.6 * len(lines)


def _title_from(lines: list[Line], region: tuple[int, int]) -> tuple[str | None, set[int]]:
    """The page title and the positions of the lines that print it.

    A dump starts with the page's <title> ("Headline - Site"); the headline itself usually
    appears again just before the article. Prefer that printed headline, else the first line
    without its site suffix. A dump that does not start with a title (a menu item, a
    notice) takes the headline-like line right above the article, if any."""
    region_start, region_end = region
    first = lines[0]
    if region_start == region_end == 0:
        return None, set()  # a one-line text: that line is the body
    if first.kind in (LABEL, END, BOILER, CAPTION, CREDIT) or first.words < 3 \
            or (first.kind == GOOD and first.pos >= region_start):
        return _headline_above(lines, region_start)
    title = first.text
    positions = {0}
    first_key = first.key
    best = None
    for ln in lines[1:region_start]:
        if ln.words >= 2 and ln.key and len(ln.key) >= 0.4 * len(first_key) and ln.key in first_key:
            if best is None or len(ln.key) >= len(best.key):
                best = ln
    if best is not None:
        title = best.text
        positions |= {ln.pos for ln in lines[:region_start] if ln.key == best.key}
    else:
        parts = _TITLE_SEPARATORS.split(title)
        if len(parts) > 1:
            head = max(parts, key=len)
            if len(head.split()) >= 3:
                title = head
    return title, positions


def _headline_above(lines: list[Line], region_start: int) -> tuple[str | None, set[int]]:
    for ln in reversed(lines[max(0, region_start - _HEADLINE_REACH):region_start]):
        if (ln.kind in (SHORT, BAD, NEAR) and 3 <= ln.words <= 25 and ln.count == 1
                and not ln.text.endswith(":") and not dateline_date(ln.text) and not parse_byline(ln.text)):
            return ln.text, {ln.pos}
    return None, set()


def _publisher(credits: list[str], title_line: str | None) -> str | None:
    for name in credits:
        if _DOMAIN_RE.match(name):
            return name.lower()
    if credits:
        return credits[0]
    if title_line:
        parts = _TITLE_SEPARATORS.split(title_line)
        if 1 < len(parts) <= 3 and 0 < len(parts[-1].split()) <= 4:
            return parts[-1].strip()
    return None


def clean_dump(text: str, source_path: str | None = None) -> CleanPage:
    """Segment a page dump into the article (title, body, credits, captions, date) and its
    teasers; everything else is listed in `document.removed` with its reason."""
    _require_text(text)
    lines = blocks.split_lines(text)
    blocks.classify(lines)
    region = blocks.article_region(lines)
    if region is None:
        # no prose at all: keep the text rather than lose it, and say so
        page = clean_plain(text, source_path)
        page.document.notes = ["no article prose found in the dump; the whole text is the body"]
        return page
    start, end = region
    title, title_positions = _title_from(lines, region)
    if title is not None and start in title_positions:
        start += 1

    # the article's zone: from its headline (or start) to the first section-end heading
    zone_start = min([p for p in title_positions if p > 0] or [start])
    zone_end = end
    while zone_end + 1 < len(lines) and lines[zone_end + 1].kind != END:
        zone_end += 1
        if lines[zone_end].kind == GOOD and lines[zone_end].count == 1:
            break

    body_lines: list[Line] = []
    seen_body: set[str] = set()
    for ln in lines[start:end + 1]:
        if ln.pos in title_positions or ln.key in seen_body:
            continue
        if ln.kind in (GOOD, NEAR) or (ln.kind in (SHORT, BAD) and ln.count == 1 and not dateline_date(ln.text)
                                       and not parse_byline(ln.text) and not blocks.is_url(ln.text)):
            body_lines.append(ln)
            seen_body.add(ln.key)
    body = "\n\n".join(ln.text for ln in body_lines)
    kept_body = {ln.pos for ln in body_lines}

    credits: list[str] = []
    authors: list[str] = []
    captions: list[Caption] = []
    bylines: set[int] = set()
    date = date_source = None
    for ln in lines[zone_start:zone_end + 1]:
        if ln.kind == CREDIT:
            for name in parse_credit_line(ln.text) or []:
                if name not in credits:
                    credits.append(name)
        if ln.kind in (SHORT, BAD, CREDIT) and ln.pos not in kept_body and (names := parse_byline(ln.text)):
            bylines.add(ln.pos)
            authors.extend(n for n in names if n not in authors)
        elif ln.kind == CAPTION:
            caption = parse_caption(ln.text)
            if caption is not None and ln.first:
                captions.append(caption)
    # a date line between the headline and the first paragraphs: the last one found is the
    # nearest to the article (a masthead's "today" comes before it)
    for ln in lines[min(zone_start, max(0, start - _HEADLINE_REACH)):start + 3]:
        if ln.kind != GOOD and (found := dateline_date(ln.text)):
            date, date_source = found, "text"
    if date is None:
        for caption in captions:
            if caption.date:
                date, date_source = caption.date, "caption"
                break

    kept = kept_body | title_positions
    teasers, teaser_reasons = dump_teasers(lines, kept, (start, end))
    removed = []
    for ln in lines:
        if ln.pos in kept:
            continue
        reason = teaser_reasons.get(ln.pos) or ("credit" if ln.pos in bylines and ln.first else _removal_reason(ln))
        removed.append(Removed(text=ln.text, reason=reason))

    document = Document(
        kind="article", source_path=source_path, title=title,
        publisher=_publisher(credits, lines[0].text if lines else None), authors=authors,
        date=date, date_source=date_source or "none", body=body,
        credits=credits, captions=captions, removed=removed,
    )
    return CleanPage(document=document, teasers=teasers)


def _removal_reason(ln: Line) -> str:
    if not ln.first:
        return "duplicate"
    if ln.kind == CAPTION:
        return "caption"
    if ln.kind == CREDIT:
        return "credit"
    if ln.kind in (LABEL, END, SHORT):
        return "navigation"
    return "boilerplate"
