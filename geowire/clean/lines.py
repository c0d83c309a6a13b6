"""Lines of page chrome: photo captions, credit lines and bylines, parsed into what they name.

Regexes over one line of text (the patterns are in `geowire.clean.chrome`); used by the dump
cleaner and the teaser finder.
"""
from __future__ import annotations

import re

from geowire.clean.chrome import (BYLINE_RE, CAPTION_CREDIT_RES, CAPTION_START_RE, CREDIT_LINE_RE, CREDIT_SPLIT_RE,
                                  REPORTING_LINE_RE, REPORTING_PART_RE)
from geowire.model import Caption
from geowire.text.dates import MONTH_RE_TEXT, find_dates


def parse_caption(text: str) -> Caption | None:
    """A photo caption with its credit and date, if `text` is one."""
    if not CAPTION_START_RE.match(text) and not re.search(r"\b(?:picture|photo|image)s?\s+courtesy\b", text, re.I):
        return None
    body = CAPTION_START_RE.sub("", text, count=1).strip()
    credit = None
    for pattern in CAPTION_CREDIT_RES:
        m = pattern.search(body)
        if m:
            credit = " ".join(m.group(1).split()).strip(" .,;:") or None
            # the caption text without its credit
            body = (body[: m.start()] + body[m.end():]).strip()
            break
    body = re.sub(r"\s*\(\s*\)\s*", " ", body)
    body = re.sub(r"\s+([.,;:!?])", r"\1", " ".join(body.split())).rstrip(" ,;:-").strip()
    if body and not body.endswith((".", "!", "?")):
        body += "."
    dates = find_dates(text)
    return Caption(text=body or text.strip(), credit=credit, date=dates[0][2] if dates else None)


def parse_credit_line(text: str) -> list[str] | None:
    """The names a credit line gives ("source: a.eu with b.ru and c" -> [a.eu, b.ru, c])."""
    m = CREDIT_LINE_RE.match(text)
    if not m or len(m.group(1).split()) > 16:
        return None
    credited = re.split(r"[.!?]\s+(?=[A-Z])", m.group(1))[0]  # "X. Read the original article."
    names = [" ".join(part.split()).strip(" .,;:()[]") for part in CREDIT_SPLIT_RE.split(credited)]
    return [n for n in names if n] or None


_NAME_PARTICLES = frozenset("de da del der di du van von bin al el la le ter den dos das".split())


def _person_names(text: str) -> list[str]:
    """Capitalised names of people in a byline fragment ("Jane Doe and John Roe, staff" -> both)."""
    text = re.split(r"\s+(?:on|at|in|for|from|updated|published|-|–|—)\s+|\d", text, maxsplit=1, flags=re.I)[0]
    names = []
    for part in re.split(r"\s*(?:,|;|&|\band\b)\s*", text):
        words = part.strip(" .:").split()
        if not 1 <= len(words) <= 4:
            continue
        while words and re.fullmatch(MONTH_RE_TEXT + r"\.?", words[-1], re.I):
            words = words[:-1]  # "By Jane Doe November 19, 2019": the date was cut at its digits
        if not words:
            continue
        if len(words) % 2 == 0 and words[: len(words) // 2] == words[len(words) // 2:]:
            words = words[: len(words) // 2]  # "Sean Martin Sean Martin": the name and its link
        if all(w[:1].isupper() or w.lower() in _NAME_PARTICLES for w in words) and words[0][:1].isupper():
            names.append(" ".join(words))
    return names


def parse_byline(text: str) -> list[str] | None:
    """The authors a byline or a reporting credit names, if `text` is one."""
    if len(text.split()) > 20:
        return None
    if REPORTING_LINE_RE.match(text):
        return [n for m in REPORTING_PART_RE.finditer(text) for n in _person_names(m.group(1))]
    m = BYLINE_RE.search(text)
    if not m or (m.start() > 0 and not re.search(r"[|•·]|\d", text[: m.start() + 1])):
        return None  # "by" inside a sentence, not a byline
    return _person_names(m.group(1)) or None
