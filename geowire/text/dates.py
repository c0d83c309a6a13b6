"""Dates as news pages print them, and the month vocabulary of geowire.

Regexes only: the dates that matter here are written out ("18 March 2015", "Nov. 19, 2019",
"2019-11-19"), and the regexes are ~100x faster than dateparser, which would also read
"may" or "march" in ordinary prose as dates. Numeric dates with an ambiguous day/month
order ("11/10/19") are not read.
"""
from __future__ import annotations

import re
from datetime import date


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


# a month name or abbreviation as a regex group (read by clean/lines.py too)
MONTH_RE_TEXT = (r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?" + MONTH_RE_TEXT + r"\.?,?\s+((?:19|20)\d\d)\b", re.I)
_MONTH_DAY_YEAR = re.compile(r"\b" + MONTH_RE_TEXT + r"\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b", re.I)
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
