"""Dates, photo captions and credit lines as printed in page dumps.

Regexes only: the dates that matter here are written out ("18 March 2015", "Nov. 19, 2019",
"2019-11-19"), and the regexes are ~100x faster than dateparser, which would also read
"may" or "march" in ordinary prose as dates. Numeric dates with an ambiguous day/month
order ("11/10/19") are not read.
"""
from __future__ import annotations

import re
from datetime import date

from geowire.model import Caption

# The month vocabulary of geowire (also read by clean/html.py and extract/times.py): the
# names, and the abbreviations news prints ("Sept.", "Nov.").
MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december")
MONTHS = {**{name: i for i, name in enumerate(MONTH_NAMES, 1)},
          **{name[:3]: i for i, name in enumerate(MONTH_NAMES, 1)}, "sept": 9}


def month_number(name: str) -> int | None:
    """1-12 for a month's name or abbreviation ("March", "mar.", "Sept."), also for a longer
    word that starts with one (a misspelling a date pattern let through); else None."""
    word = name.lower().rstrip(".")
    return MONTHS.get(word) or MONTHS.get(word[:3])


_MONTH = (r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?" + _MONTH + r"\.?,?\s+((?:19|20)\d\d)\b", re.I)
_MONTH_DAY_YEAR = re.compile(r"\b" + _MONTH + r"\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b", re.I)
_ISO = re.compile(r"\b((?:19|20)\d\d)[-/.](\d{1,2})[-/.](\d{1,2})\b")
_EUROPEAN = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)\b")

# Words a date line may carry besides the date itself.
_DATELINE_WORDS = re.compile(
    r"^(?:published|posted|updated|last updated|modified|first published|date|on|at|by|"
    r"am|pm|a\.m|p\.m|gmt|utc|bst|cet|cest|est|edt|pst|pdt|cst|cdt|et|pt|ist|"
    r"mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"tues|thur|thurs|h|hrs|min|read|reading|time|ago)$",
    re.I,
)


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def find_dates(text: str) -> list[tuple[int, int, str]]:
    """Every written-out date in `text`, as (start, end, ISO date), in order of position."""
    found: list[tuple[int, int, str]] = []
    for m in _DAY_MONTH_YEAR.finditer(text):
        value = _iso(int(m.group(3)), month_number(m.group(2)), int(m.group(1)))
        if value:
            found.append((m.start(), m.end(), value))
    for m in _MONTH_DAY_YEAR.finditer(text):
        value = _iso(int(m.group(3)), month_number(m.group(1)), int(m.group(2)))
        if value:
            found.append((m.start(), m.end(), value))
    for m in _ISO.finditer(text):
        value = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if value:
            found.append((m.start(), m.end(), value))
    for m in _EUROPEAN.finditer(text):
        value = _iso(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if value:
            found.append((m.start(), m.end(), value))
    found.sort()
    # drop matches nested in an earlier one ("18 March 2015" also holds "March 2015 ...")
    kept: list[tuple[int, int, str]] = []
    for item in found:
        if not kept or item[0] >= kept[-1][1]:
            kept.append(item)
    return kept


def dateline_date(text: str) -> str | None:
    """The date of a line that is a date line ("Nov. 19, 2019 8:03 am ET",
    "Published: 18 March 2015"), else None. Prose that merely contains a date is not one."""
    dates = find_dates(text)
    if not dates:
        return None
    rest = text
    for start, end, _ in reversed(dates):
        rest = rest[:start] + " " + rest[end:]
    words = re.findall(r"[^\W\d_]+", rest)
    # a byline may share the line ("By Jane Doe | 18 March 2015"): allow a few names
    other = [w for w in words if not _DATELINE_WORDS.match(w)]
    if len(other) > 4:
        return None
    return dates[0][2]


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
        while words and re.fullmatch(_MONTH + r"\.?", words[-1], re.I):
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


# Imported last: geowire.clean's package imports its dump cleaner, which reads this module's
# caption and credit parsers, so a first import of this module (extract/times.py reads the month
# table) must have defined them before it reaches geowire.clean.
from geowire.clean.chrome import (BYLINE_RE, CAPTION_CREDIT_RES, CAPTION_START_RE, CREDIT_LINE_RE,  # noqa: E402
                                  CREDIT_SPLIT_RE, REPORTING_LINE_RE, REPORTING_PART_RE)
