"""Time expressions: dates, months, years, ranges, relative expressions and durations,
normalised to ISO 8601 against the document's reference date.

  "18 March 2015", "March 18, 2015", "2015-03-18"  → 2015-03-18          (date)
  "August 2008" → 2008-08; "in 2016", "Russia's 2016 budget" → 2016    (date)
  "2008-2014", "from 2008 to 2014", "the 1990s" → 2008/2014, 1990/1999 (interval)
  "today", "this year", "last month", "next week", "on Monday", "in August",
  "March 18", "two years ago" → resolved against the reference date   (relative)
  "25 years", "ten-year", "six months", "three-day" → P25Y, P10Y, P6M, P3D (duration)

How: regular expressions over the body find and read the common forms
directly (exact, and about 1 ms per article); a second pass joins two of them
into a range ("from August 2008 to March 2015"); overlaps keep the longest
expression. spaCy's DATE entities that none of this covers and that name a
month and a number go to dateparser (slow, so only those, cached), e.g. "March the 18th,
2015". Checked first: dateparser's `search_dates` scans whole texts
but is far too slow for that, gives no offsets of its own, and reads "25
years" as a date 25 years back; spaCy's DATE entities miss "in August" and
give no value.

Relative expressions are emitted only when there is a reference date. A month without a year
("in December") is the reference year's, unless the verb it hangs on places it: past tense
after the reference month is the year before ("was negotiated in December" in a May
article), future tense before it the year after ("will meet in March"), a participle
("the deal negotiated in December") the nearer of the two.
Ages ("25-year-old", "25 years old"), amounts ("2,000 people", "43 billion")
and clock times are not time expressions here.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator, Optional

from geowire.nlp import lower_plain
from geowire.nlp.document import AnnotatedDocument
from geowire.model import TimeExpression
from geowire.text.dates import month_number
from geowire.text.numbers import DIGITS_PATTERN, WORDS_PATTERN, format_number, parse_number
from geowire.extract.registry import extractor

# ---- vocabulary ----------------------------------------------------------------------

WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
            "saturday": 5, "sunday": 6}

# Month names are capitalised in running text; requiring it keeps "may" (the verb) and
# "march" (the noun) out. Abbreviations may carry a full stop ("Sept.").
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December" \
         r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
_YEAR = r"(?:1[0-9]|2[01])\d\d"
_DASH = r"\s*[-–—]\s*"

# Words before a number that make it a year even outside 1800-2100 ("by 1453") or before
# a plural noun ("in 2000 soldiers were...").
YEAR_CUES = {"in", "since", "by", "until", "till", "from", "during", "before", "after", "of",
             "for", "to", "through", "around", "circa", "early", "mid", "late", "year",
             "summer", "winter", "spring", "autumn", "fall", "between", "fiscal", "fy"}
# Words before a number that make it a year before a plural noun ("the 2016 elections",
# "Russia's 2014 Olympics"), but not before a counted one ("the 2000 troops").
YEAR_DETERMINERS = {"the", "'s", "’s"}
# An acronym before a number names a model ("RTX 2060"); these few name years ("FY 2019").
_ACRONYM_BEFORE = re.compile(r"\b(?!(?:FY|AD|CE|BCE|BC)\s)[A-Z][A-Z0-9]{1,5}\s$")
# Nouns that a number counts rather than dates.
COUNTED_NOUNS = {"people", "persons", "troops", "soldiers", "civilians", "refugees", "men",
                 "women", "children", "votes", "seats", "units", "tonnes", "tons", "km",
                 "kilometres", "kilometers", "miles", "metres", "meters", "feet", "times"}
# After a number, words that make it an amount or a measure, not a year.
_NOT_A_YEAR_AFTER = re.compile(
    r"\s*(?:%|per\s?cent\b|percent\b|(?:thousand|million|billion|trillion|bn|mn|m|k)\b"
    r"|[-–](?:year|month|week|day)s?\b)", re.IGNORECASE)

DURATION_UNITS = {
    "year": ("Y", 1), "month": ("M", 1), "week": ("W", 1), "day": ("D", 1),
    "decade": ("Y", 10), "century": ("Y", 100), "centurie": ("Y", 100),
    "hour": ("TH", 1), "minute": ("TM", 1),
}
_UNIT = r"(?:years?|months?|weeks?|days?|decades?|century|centuries|hours?|minutes?)"

# ---- patterns ----------------------------------------------------------------------

_WD_PREFIX = r"(?:(?P<wd>" + _WEEKDAY + r"),?\s+)?"
# "18 March 2015", "18-20 March 2015", "18th of March", "Wednesday, 18 March"
DAY_MONTH_RE = re.compile(
    r"(?<![\w.])" + _WD_PREFIX + r"(?P<d1>" + _DAY + r")(?:" + _DASH + r"(?P<d2>" + _DAY + r"))?"
    r"(?:\s+of)?\s+(?P<mon>" + _MONTH + r")(?![\w])(?:,?\s+(?P<year>" + _YEAR + r")(?!\d|,\d))?")
# "March 18, 2015", "March 18-20, 2015", "Wednesday, March 18"
MONTH_DAY_RE = re.compile(
    r"(?<![\w.])" + _WD_PREFIX + r"(?P<mon>" + _MONTH + r")\s+(?P<d1>" + _DAY + r")(?:" + _DASH + r"(?P<d2>" + _DAY + r"))?"
    r"(?![\w,]\d)(?:,?\s+(?P<year>" + _YEAR + r")(?!\d|,\d))?(?!\s*(?:%|per\s?cent|percent))")
# "August 2008", "August, 2008"
MONTH_YEAR_RE = re.compile(r"(?<![\w.])(?P<mon>" + _MONTH + r"),?\s+(?P<year>" + _YEAR + r")(?!\d|,\d)")
# "in August", "since early March", "last September": a month without a year needs a cue
MONTH_ALONE_RE = re.compile(
    r"\b(?P<cue>(?i:in|since|until|till|by|from|during|through|before|after|of|last|next|this|early|late|mid))"
    r"(?:[\s-]+(?:early|late|mid))?[\s-]+(?P<mon>" + _MONTH + r")(?!\w)")
ISO_DATE_RE = re.compile(r"(?<![\w/.-])(?P<year>" + _YEAR + r")-(?P<mon>[01]\d)-(?P<day>[0-3]\d)(?![\w/-])")
# "18.03.2015" (day first, as where dots are written), "18/03/2015" and "3/18/2015" (when
# one side is over 12; "03/04/2015" is left alone: day and month cannot be told apart)
NUMERIC_DATE_RE = re.compile(
    r"(?<![\w./-])(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?P=sep)(?P<year>" + _YEAR + r")(?![\w/]|\.\d)")
# "2008-2014", "2008–14", "2008/2014"
YEAR_RANGE_RE = re.compile(
    r"(?<![\w$€£¥₹.,/-])(?P<y1>" + _YEAR + r")\s*[-–—/]\s*(?P<y2>" + _YEAR + r"|\d\d)(?![\w%-]|[.,]\d)")
DECADE_RE = re.compile(r"(?<![\w'’-])(?P<decade>(?:1[0-9]|2[01])\d0)s\b")
# Not a piece of a longer number: "555-2014", "+7 495 2015 1234", "2015.5".
YEAR_RE = re.compile(r"(?<![\w$€£¥₹.,/#])(?<!\d-)(?<!\d\s)(?P<year>\d{4})(?![\w%]|[.,]\d|\s\d)")

RELATIVE_DAY_RE = re.compile(r"\b(?P<word>today|tonight|yesterday|tomorrow)\b", re.IGNORECASE)
RELATIVE_PERIOD_RE = re.compile(
    r"\b(?P<which>this|last|next)\s+(?P<unit>week|month|year|morning|afternoon|evening|night)\b",
    re.IGNORECASE)
AGO_RE = re.compile(
    r"(?<![\w-])(?P<num>" + DIGITS_PATTERN + r"|" + WORDS_PATTERN + r")\s+(?P<unit>days?|weeks?|months?|years?|decades?)\s+ago\b",
    re.IGNORECASE)
WEEKDAY_RE = re.compile(r"\b(?:(?P<which>last|next|this)\s+)?(?P<wd>" + _WEEKDAY + r")(?!s\b|\w)", re.IGNORECASE)
DURATION_RE = re.compile(
    r"(?<![\w$€£¥₹.,/-])(?P<num>" + DIGITS_PATTERN + r"|" + WORDS_PATTERN + r")"
    r"(?:(?P<hyphen>-)(?P<unit1>year|month|week|day|decade|century|hour|minute)(?!-old|-olds|\w)"
    r"|\s+(?:(?:more|additional|full|extra|consecutive|straight)\s+)?(?P<unit2>" + _UNIT + r")\b)",
    re.IGNORECASE)
_AGE_AFTER = re.compile(r"(?:\s+|-)(?:old|olds)\b|\s+of\s+age\b|\s+ago\b", re.IGNORECASE)
_AGE_BEFORE = re.compile(r"\b(?:aged|age\s+of)\s+$", re.IGNORECASE)
_BEFORE_ONE_DAY = {"for", "in", "within", "only", "just", "than", "after", "of", "a"}
# Words that open a range whose two ends are joined by "to"/"and".
_RANGE_OPENER = re.compile(r"\b(?P<opener>from|between)\s+$", re.IGNORECASE)
_RANGE_JOINER = re.compile(r"\s+(?P<joiner>to|until|till|through|and)\s+", re.IGNORECASE)
# A capitalised word before "Today" or "Friday" makes a name ("Russia Today", "Good Friday",
# "Black Monday"), unless it is a word that opens a sentence ("On Monday", "Since Friday").
_CAPITALISED_BEFORE = re.compile(r"\b([A-Z]\w*)[ \t]+$")
_OPENING_WORDS = {"On", "By", "Since", "Until", "Till", "From", "Before", "After", "Through",
                  "Last", "Next", "This", "Every", "Of", "In", "As", "And", "But", "Or", "So",
                  "Then", "Also", "Early", "Late", "Later", "Earlier", "Even", "Only"}

# ---- scanning only where an expression can be -----------------------------------------
# Python's re tries a pattern that opens with a lookbehind or a case-insensitive alternation
# at every position of the text: ~0.3 ms per pattern on a 1,000-word article. Literal or
# character-class anchors are found ~10x faster, so each pattern runs only in windows around
# the anchors it needs (a digit, a month name, a unit word, a relative word).

DIGIT_ANCHOR = re.compile(r"\d+")
MONTH_ANCHOR = re.compile(_MONTH)
UNIT_ANCHOR = re.compile(r"year|month|week|day|decade|centur|hour|minute|Year|Month|Week|Day|Decade")
_RELATIVE_WORDS = ["today", "tonight", "yesterday", "tomorrow", "this", "last", "next",
                   "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
RELATIVE_ANCHOR = re.compile("|".join(sorted({f(w) for w in _RELATIVE_WORDS for f in (str.lower, str.capitalize, str.upper)},
                                             key=len, reverse=True)))


def windows(anchor: re.Pattern, body: str, start: int, end: int, before: int, after: int) -> list[tuple[int, int]]:
    """Merged [start, end) windows reaching `before` characters before and `after` after each anchor."""
    out: list[tuple[int, int]] = []
    for m in anchor.finditer(body, start, end):
        s, e = max(start, m.start() - before), min(end, m.end() + after)
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def finditer_in(pattern: re.Pattern, body: str, spans: list[tuple[int, int]]) -> Iterator[re.Match]:
    """pattern.finditer over each window (lookbehinds still see the text before a window)."""
    for s, e in spans:
        yield from pattern.finditer(body, s, e)


@dataclass
class FoundTime:
    """A time expression before it becomes a fact: [start, end) into the body, ISO value, kind."""
    start: int
    end: int
    value: str
    kind: str

    @property
    def length(self) -> int:
        return self.end - self.start


# ---- the extractor -----------------------------------------------------------------

@extractor("times", requires=("amounts",))
def extract_times(ann: AnnotatedDocument) -> list[TimeExpression]:
    """Every time expression of the body, in text order, normalised against `ann.reference_date`."""
    found = find_times(ann)
    found += _from_date_entities(ann, found)
    return [_to_fact(ann.body, f) for f in sorted(found, key=lambda f: f.start)]


def find_times(ann: AnnotatedDocument, start: int = 0, end: Optional[int] = None) -> list[FoundTime]:
    """The time expressions found by pattern in body[start:end], overlaps resolved, in text order.
    (The amounts extractor calls this on one sentence to find the period of an amount.)"""
    body, ref = ann.body, ann.reference_date
    end = len(body) if end is None else end
    near_months = windows(MONTH_ANCHOR, body, start, end, 40, 30)
    near_digits = windows(DIGIT_ANCHOR, body, start, end, 0, 12)
    near_units = windows(UNIT_ANCHOR, body, start, end, 45, 10)
    near_relatives = windows(RELATIVE_ANCHOR, body, start, end, 0, 20)
    found: list[FoundTime] = []
    found += _dates(body, near_months, near_digits, ref, ann)
    found += _years(ann, near_digits)
    found += _relatives(ann, near_relatives, near_units)
    found += _durations(body, near_units)
    found = _keep_longest(found)
    found = _join_ranges(body, found)
    if ref is None:  # relative expressions mean nothing without a date to count from
        found = [f for f in found if f.kind != "relative"]
    amount_spans = [a.span for a in ann.amounts]
    return [f for f in found if not any(s <= f.start and f.end <= e for s, e in amount_spans)]


def _to_fact(body: str, f: FoundTime) -> TimeExpression:
    return TimeExpression(text=body[f.start:f.end], value=f.value, kind=f.kind, span=(f.start, f.end))


# ---- dates, months, years ------------------------------------------------------------

def _iso_date(year: int, month: int, day: int) -> Optional[str]:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _day_of(text: str) -> int:
    return int(re.match(r"\d+", text).group())


def _dates(body: str, near_months: list[tuple[int, int]], near_digits: list[tuple[int, int]],
           ref: Optional[dt.date], ann: Optional[AnnotatedDocument] = None) -> list[FoundTime]:
    out = []
    for pattern in (DAY_MONTH_RE, MONTH_DAY_RE):
        for m in finditer_in(pattern, body, near_months):
            month = month_number(m["mon"])
            year = int(m["year"]) if m["year"] else (ref.year if ref else None)
            if year is None:
                continue
            kind = "date" if m["year"] else "relative"
            first = _iso_date(year, month, _day_of(m["d1"]))
            if first is None:
                continue
            if m["d2"]:
                last = _iso_date(year, month, _day_of(m["d2"]))
                if last is None or last <= first:
                    continue
                out.append(FoundTime(m.start(), m.end(), f"{first}/{last}", "interval" if m["year"] else "relative"))
            else:
                out.append(FoundTime(m.start(), m.end(), first, kind))
    for m in finditer_in(MONTH_YEAR_RE, body, near_months):
        out.append(FoundTime(m.start(), m.end(), f"{int(m['year']):04d}-{month_number(m['mon']):02d}", "date"))
    for m in finditer_in(ISO_DATE_RE, body, near_digits):
        value = _iso_date(int(m["year"]), int(m["mon"]), int(m["day"]))
        if value:
            out.append(FoundTime(m.start(), m.end(), value, "date"))
    for m in finditer_in(NUMERIC_DATE_RE, body, near_digits):
        a, b, year = int(m["a"]), int(m["b"]), int(m["year"])
        if m["sep"] == "." or a > 12:
            value = _iso_date(year, b, a)
        elif b > 12:
            value = _iso_date(year, a, b)
        else:
            value = None
        if value:
            out.append(FoundTime(m.start(), m.end(), value, "date"))
    if ref is not None:
        for m in finditer_in(MONTH_ALONE_RE, body, near_months):
            month, cue = month_number(m["mon"]), m["cue"].lower()
            year = ref.year
            tense = None if cue in ("last", "next", "this") else _tense(ann, m.start("mon"))
            if (cue == "last" and month >= ref.month) or ((cue == "since" or tense == "past") and month > ref.month):
                year -= 1  # "negotiated in December" in a May article: last December
            elif (cue == "next" and month <= ref.month) or (tense == "future" and month < ref.month):
                year += 1  # "will resume in March" in a May article: next March
            elif tense == "participle":  # done or planned: the nearer of the two
                year += min((-1, 0, 1), key=lambda k: abs((ref.year + k) * 12 + month - ref.year * 12 - ref.month))
            s = m.start() if cue in ("last", "next", "this") else m.start("mon")
            out.append(FoundTime(s, m.end(), f"{year:04d}-{month:02d}", "relative"))
    for m in finditer_in(YEAR_RANGE_RE, body, near_digits):
        y1, y2 = int(m["y1"]), m["y2"]
        y2 = int(y2) if len(y2) == 4 else (y1 // 100) * 100 + int(y2)
        if y1 < y2 <= y1 + 200 and y1 >= 1000:
            out.append(FoundTime(m.start(), m.end(), f"{y1:04d}/{y2:04d}", "interval"))
    for m in finditer_in(DECADE_RE, body, near_digits):
        first = int(m["decade"])
        out.append(FoundTime(m.start(), m.end(), f"{first:04d}/{first + 9:04d}", "interval"))
    return out


def _tense(ann: Optional[AnnotatedDocument], offset: int) -> Optional[str]:
    """"past" or "future" for the verb a month name hangs on ("was signed in December", "will
    meet in March"), "participle" for a participle that may be either, else None: the tense
    that places a month without a year before or after the article's date, as HeidelTime does
    for news (checked: dateparser's PREFER_DATES_FROM applies one direction to the whole text,
    whatever the verb)."""
    if ann is None or ann.doc is None or len(ann.doc) == 0:
        return None
    span = ann.doc.char_span(offset, offset + 1, alignment_mode="expand")
    if span is None:
        return None
    verb = span[0]
    for _ in range(4):  # month → "in" → the verb
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(lower_plain(a) in ("will", "'ll", "shall") for a in auxes):
        return "future"
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" or a.lemma_ == "have" for a in auxes):
        return "past"
    if verb.tag_ == "VBN" and verb.dep_ == "acl":  # "the deal negotiated in December", "ads reserved in December"
        return "participle"
    return None


def _word_before(body: str, pos: int) -> str:
    m = re.search(r"(\w+|['’]s)[\s-]*$", body[max(0, pos - 20):pos])
    return m.group(1).lower() if m else ""


def _years(ann: AnnotatedDocument, near_digits: list[tuple[int, int]]) -> list[FoundTime]:
    body, out = ann.body, []
    for m in finditer_in(YEAR_RE, body, near_digits):
        year, before = int(m["year"]), _word_before(body, m.start())
        cued = before in YEAR_CUES
        if not (1800 <= year <= 2100 or (cued and 1000 <= year <= 2199)):
            continue
        if _NOT_A_YEAR_AFTER.match(body, m.end()):
            continue
        if _ACRONYM_BEFORE.search(body, max(0, m.start() - 12), m.start()):
            continue  # "RTX 2060", "MH 1700": a model or a number, not a year
        after = _next_word(ann, m.end())
        if not cued and after.lower() in COUNTED_NOUNS:
            continue  # "the 2000 troops", "and 1900 people"
        if not cued and before not in YEAR_DETERMINERS and _is_plural_noun(ann, m.end()):
            continue  # "2000 soldiers arrived"
        out.append(FoundTime(m.start(), m.end(), f"{year:04d}", "date"))
    return out


def _next_word(ann: AnnotatedDocument, pos: int) -> str:
    m = re.match(r"\s+(\w+)", ann.body[pos:pos + 40])
    return m.group(1) if m else ""


def _is_plural_noun(ann: AnnotatedDocument, pos: int) -> bool:
    """Whether the word after `pos` is a plural noun, as the tagger says (False without one)."""
    doc = ann.doc
    if doc is None or not doc.has_annotation("TAG"):
        return False
    m = re.match(r"\s+(\w+)", ann.body[pos:pos + 40])
    if not m:
        return False
    span = doc.char_span(pos + m.start(1), pos + m.end(1), alignment_mode="expand")
    return span is not None and span[0].tag_ in ("NNS", "NNPS")


# ---- relative expressions -------------------------------------------------------------

def _iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _relatives(ann: AnnotatedDocument, near_relatives: list[tuple[int, int]],
               near_units: list[tuple[int, int]]) -> list[FoundTime]:
    body, ref, out = ann.body, ann.reference_date, []
    if ref is None:
        return out
    for m in finditer_in(RELATIVE_DAY_RE, body, near_relatives):
        word = m["word"].lower()
        if m["word"][0].isupper() and _is_name_before(body, m.start()):
            continue  # "Russia Today", "USA Today": a name, not a day
        shift = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[word]
        out.append(FoundTime(m.start(), m.end(), (ref + dt.timedelta(days=shift)).isoformat(), "relative"))
    for m in finditer_in(RELATIVE_PERIOD_RE, body, near_relatives):
        if _word_before(body, m.start()) == "the":
            continue  # "the last year" is a span of time, "the next month" too
        which, unit = m["which"].lower(), m["unit"].lower()
        step = {"this": 0, "last": -1, "next": 1}[which]
        if unit == "year":
            value = f"{ref.year + step:04d}"
        elif unit == "month":
            value = "%04d-%02d" % _shift_month(ref.year, ref.month, step)
        elif unit == "week":
            value = _iso_week(ref + dt.timedelta(weeks=step))
        elif which == "next":
            continue  # "next morning" tells no date of its own
        else:  # this morning, last night
            value = (ref - dt.timedelta(days=1 if (which == "last" and unit == "night") else 0)).isoformat()
        out.append(FoundTime(m.start(), m.end(), value, "relative"))
    for m in finditer_in(AGO_RE, body, near_units):
        n = parse_number(m["num"])
        if n is None or not float(n).is_integer():
            continue
        n, unit = int(n), m["unit"].lower().rstrip("s")
        if unit == "day":
            value = (ref - dt.timedelta(days=n)).isoformat()
        elif unit == "week":
            value = _iso_week(ref - dt.timedelta(weeks=n))
        elif unit == "month":
            value = "%04d-%02d" % _shift_month(ref.year, ref.month, -n)
        else:
            value = f"{ref.year - n * (10 if unit == 'decade' else 1):04d}"
        out.append(FoundTime(m.start(), m.end(), value, "relative"))
    for m in finditer_in(WEEKDAY_RE, body, near_relatives):
        if not m["wd"][0].isupper():
            continue
        if not m["which"] and _is_name_before(body, m.start()):
            continue  # "Good Friday", "Super Tuesday"
        which = (m["which"] or "").lower()
        future = which == "next" or (not which and _is_future(ann, m.start("wd"), m.end()))
        out.append(FoundTime(m.start(), m.end(), _weekday_date(ref, WEEKDAYS[m["wd"].lower()], which, future), "relative"))
    return out


def _is_name_before(body: str, pos: int) -> bool:
    m = _CAPITALISED_BEFORE.search(body, max(0, pos - 40), pos)
    return bool(m) and m.group(1) not in _OPENING_WORDS


def _weekday_date(ref: dt.date, weekday: int, which: str, future: bool) -> str:
    """News tells past days by their weekday: the most recent one at or before the
    reference date; "last" is strictly before, "next" and future tense at or after."""
    back = (ref.weekday() - weekday) % 7
    if future:
        ahead = (weekday - ref.weekday()) % 7
        return (ref + dt.timedelta(days=ahead or (7 if which == "next" else 0))).isoformat()
    if which == "last" and back == 0:
        back = 7
    return (ref - dt.timedelta(days=back)).isoformat()


def _is_future(ann: AnnotatedDocument, start: int, end: int) -> bool:
    """Whether the clause that holds [start, end) is in the future tense ("will meet on Monday")."""
    doc = ann.doc
    span = doc.char_span(start, end, alignment_mode="expand") if doc is not None else None
    if span is None or not doc.has_annotation("DEP"):
        return False
    token = span.root
    for _ in range(4):  # up from "Monday" through "on" to the verb it belongs to
        if token.pos_ in ("VERB", "AUX") or token.head is token:
            break
        token = token.head
    return any(c.tag_ == "MD" and lower_plain(c) in ("will", "'ll", "shall", "wo") for c in token.children)


# ---- durations -------------------------------------------------------------------------

def _durations(body: str, near_units: list[tuple[int, int]]) -> list[FoundTime]:
    out = []
    for m in finditer_in(DURATION_RE, body, near_units):
        number_text = m["num"]
        unit = (m["unit1"] or m["unit2"]).lower()
        if number_text.lower() in ("a", "an") and not unit.startswith(("decade", "centur")):
            continue  # "a year" is as often a rate ("$5m a year") as a duration; "a decade" is not
        if _AGE_AFTER.match(body, m.end()) or _AGE_BEFORE.search(body[max(0, m.start() - 12):m.start()]):
            continue  # ages, and "two years ago" (a relative date, found elsewhere)
        if m.group().lower() == "one day" and _word_before(body, m.start()) not in _BEFORE_ONE_DAY:
            continue  # "would love to one day visit": some day, not a day long
        n = parse_number(number_text)
        unit = unit[:-1] if unit.endswith("s") else unit
        if n is None or n <= 0 or unit not in DURATION_UNITS:
            continue
        designator, factor = DURATION_UNITS[unit]
        count = format_number(n * factor)
        value = f"PT{count}{designator[1]}" if designator.startswith("T") else f"P{count}{designator}"
        out.append(FoundTime(m.start(), m.end(), value, "duration"))
    return out


# ---- overlaps and ranges ----------------------------------------------------------------

def _keep_longest(found: Iterable[FoundTime]) -> list[FoundTime]:
    """Of overlapping expressions keep the longest ("18 March 2015" over "March 2015" and "2015")."""
    kept: list[FoundTime] = []
    for f in sorted(found, key=lambda f: (-f.length, f.start)):
        if all(f.end <= k.start or f.start >= k.end for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: f.start)


def _join_ranges(body: str, found: list[FoundTime]) -> list[FoundTime]:
    """'from August 2008 to March 2015', 'between 2008 and 2014', 'March 2008 – May 2009'
    → one interval instead of two dates."""
    out: list[FoundTime] = []
    i = 0
    while i < len(found):
        a = found[i]
        b = found[i + 1] if i + 1 < len(found) else None
        joined = _joined(body, a, b) if b is not None else None
        if joined:
            out.append(joined)
            i += 2
        else:
            out.append(a)
            i += 1
    return out


def _joined(body: str, a: FoundTime, b: FoundTime) -> Optional[FoundTime]:
    if a.kind not in ("date", "relative") or b.kind not in ("date", "relative") or a.value >= b.value:
        return None
    if "W" in a.value or "W" in b.value:
        return None
    gap = body[a.end:b.start]
    kind = "interval" if a.kind == b.kind == "date" else "relative"
    if re.fullmatch(_DASH, gap) and a.kind == b.kind == "date":
        return FoundTime(a.start, b.end, f"{a.value}/{b.value}", kind)
    joiner = _RANGE_JOINER.fullmatch(gap)
    opener = _RANGE_OPENER.search(body[max(0, a.start - 12):a.start])
    if joiner and opener and (opener["opener"].lower() == "between") == (joiner["joiner"].lower() == "and"):
        return FoundTime(a.start - len(opener.group()), b.end, f"{a.value}/{b.value}", kind)
    return None


# ---- spaCy DATE entities that the patterns missed, read by dateparser ------------------------

_MONTH_NAME = re.compile(_MONTH + r"(?!\w)")
_DURATION_WORDS = re.compile(r"\b(?:years?|months?|weeks?|days?|decades?|hours?)\b", re.IGNORECASE)


def _from_date_entities(ann: AnnotatedDocument, found: list[FoundTime]) -> list[FoundTime]:
    """Dates that spaCy saw and the patterns did not, or saw only in part ("March the 18th,
    2015", where the patterns read "2015"): dateparser reads them when they name a
    month, and its reading replaces the part when it is finer and agrees with it."""
    if ann.doc is None:
        return []
    out = []
    for ent in ann.doc.ents:
        if ent.label_ != "DATE" or not _MONTH_NAME.search(ent.text) or _DURATION_WORDS.search(ent.text):
            continue
        if not any(c.isdigit() for c in ent.text):
            continue  # a month alone ("every November") is the patterns' to read, with its cue
        inside = [f for f in found if f.start < ent.end_char and ent.start_char < f.end]
        if len(inside) > 1 or (inside and not (inside[0].kind == "date" and ent.start_char <= inside[0].start
                                               and inside[0].end <= ent.end_char)):
            continue
        if any(s < ent.end_char and ent.start_char < e for s, e in (a.span for a in ann.amounts)):
            continue
        parsed = _dateparser_value(ent.text, ann.reference_date)
        if parsed is None:
            continue
        value, has_year = parsed
        if inside:
            if not (len(value) > len(inside[0].value) and value.startswith(inside[0].value)):
                continue
            found.remove(inside[0])
        kind = "date" if has_year else "relative"
        if kind == "relative" and ann.reference_date is None:
            continue
        out.append(FoundTime(ent.start_char, ent.end_char, value, kind))
    return out


@lru_cache(maxsize=8)
def _date_parser(ref: Optional[dt.date]):
    from dateparser.date import DateDataParser  # slow to import and to warm up: only when needed

    settings = {"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["month"]}
    if ref is not None:
        settings["RELATIVE_BASE"] = dt.datetime(ref.year, ref.month, ref.day)
    return DateDataParser(languages=["en"], settings=settings)


@lru_cache(maxsize=4096)
def _dateparser_value(text: str, ref: Optional[dt.date]) -> Optional[tuple[str, bool]]:
    """dateparser's reading of a short date string: (ISO value at its precision, whether a year was written)."""
    data = _date_parser(ref).get_date_data(text)
    if data.date_obj is None:
        return None
    d, has_year = data.date_obj.date(), bool(re.search(r"\b\d{4}\b", text))
    if not has_year and ref is None:
        return None
    if data.period == "day":
        return d.isoformat(), has_year
    if data.period == "month":
        return f"{d.year:04d}-{d.month:02d}", has_year
    if data.period == "year":
        return f"{d.year:04d}", has_year
    return None
