"""Numbers written in digits or in words: "1,000", "2.5", "twenty-five", "half a", "one and a half".

Shared by the amounts and times extractors. Checked first: `number-parser`,
`word2number` and `text2num` parse number words but are not installed, and
none of them gives offsets or the scale abbreviations of news money ("2.5bn",
"£40m", "Rs 500 crore"); spaCy's `like_num` only says a token *is* a number.
So this module keeps a small regex for where a number is and a parser for what
it is worth.
"""
from __future__ import annotations

import re
from typing import Optional

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
MULTIPLIERS = {"hundred": 100, "dozen": 12}

# Scale words after a number: "16 million", "2.5bn", "£40m", "Rs 500 crore".
SCALE_WORDS = {
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "lakh": 1e5, "lakhs": 1e5, "lac": 1e5, "crore": 1e7, "crores": 1e7,
}
# Abbreviations, written glued to the number ("40m") or after one space ("7.5 bn").
SCALE_ABBREVIATIONS = {
    "k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "mio": 1e6,
    "b": 1e9, "bn": 1e9, "bln": 1e9, "tn": 1e12, "trn": 1e12,
}
# One-letter abbreviations must be glued to the number: "$5 m" is too easily "$5 m(etres)".
GLUED_ONLY_ABBREVIATIONS = {"k", "m", "b"}

_WORD_ALTERNATION = "|".join(sorted([*UNITS, *TENS, *MULTIPLIERS], key=len, reverse=True))

# Thousands are grouped by commas, or by the no-break and thin spaces of European style
# ("40\u202f000"); a plain space is not taken ("in 2014 500 million euros" is two numbers).
_GROUP = ",\u00a0\u202f\u2009"
DIGITS_PATTERN = r"(?:\d{1,3}(?:[" + _GROUP + r"]\d{3})+|\d+)(?:\.\d+)?"
# A run of number words: "twenty-five", "one hundred and fifty", "half a", "a", "one and a half".
# The parser below rejects runs that are not a number.
_WORD = r"(?:" + _WORD_ALTERNATION + r")\b"
_UNIT_OR_TEN = r"(?:" + "|".join(sorted([*UNITS, *TENS], key=len, reverse=True)) + r")\b"
WORDS_PATTERN = (
    r"(?:half\s+an?\b|an?\s+(?=hundred|dozen)|an?\b(?![\s-]+" + _UNIT_OR_TEN + r")|" + _WORD + r")"
    r"(?:(?:\s+|-)(?:and\s+)?" + _WORD + r"|\s+and\s+an?\s+half\b)*"
)
_SCALE_ALTERNATION = "|".join(sorted(SCALE_WORDS, key=len, reverse=True))
_ABBREVIATION_ALTERNATION = "|".join(sorted(SCALE_ABBREVIATIONS, key=len, reverse=True))
# A scale after a number: a word, glued or not ("£71.6million"), or an abbreviation (glued,
# or after a space when it has two letters or more). Case-insensitive: "$5M", "€2.5BN".
SCALE_PATTERN = (
    r"(?i:\s*(?:" + _SCALE_ALTERNATION + r")\b"
    r"|(?:" + _ABBREVIATION_ALTERNATION + r")\b"
    r"|\s(?:mn|mln|mio|bn|bln|tn|trn)\b)"
)


def parse_digits(text: str) -> Optional[float]:
    """'1,000' → 1000.0, '2.5' → 2.5; None when it is not a plain decimal number."""
    try:
        return float(re.sub("[" + _GROUP + "]", "", text))
    except ValueError:
        return None


def parse_words(text: str) -> Optional[float]:
    """Number words to a value: 'twenty-five' → 25, 'one hundred and fifty' → 150,
    'half a' → 0.5, 'a' → 1, 'two and a half' → 2.5. None when the words are not a number."""
    words = [w for w in re.split(r"[\s-]+", text.lower().strip()) if w]
    if not words:
        return None
    if words in (["half", "a"], ["half", "an"], ["a", "half"], ["an", "half"], ["half"]):
        return 0.5
    if words in (["a"], ["an"]):
        return 1.0
    total, fraction, seen_number = 0.0, 0.0, False
    i = 0
    while i < len(words):
        w = words[i]
        if w == "and" and words[i + 1:i + 3] in (["a", "half"], ["an", "half"]):
            fraction, i = 0.5, i + 3
            if i != len(words):
                return None
            break
        if w == "and" and seen_number:
            i += 1
            continue
        if w in ("a", "an") and i == 0 and len(words) > 1 and words[1] in MULTIPLIERS:
            total, seen_number = 1.0, True
        elif w in UNITS:
            total, seen_number = total + UNITS[w], True
        elif w in TENS:
            total, seen_number = total + TENS[w], True
        elif w in MULTIPLIERS:
            total, seen_number = max(total, 1.0) * MULTIPLIERS[w], True
        else:
            return None
        i += 1
    return total + fraction if seen_number else None


def parse_number(text: str) -> Optional[float]:
    """Digits or number words, without a scale."""
    text = text.strip()
    if text and text[0].isdigit():
        return parse_digits(text)
    return parse_words(text)


def scale_value(text: Optional[str]) -> float:
    """The factor of a scale word or abbreviation ('billion' → 1e9, 'bn' → 1e9); 1 for none."""
    if not text:
        return 1.0
    key = text.strip().lower()
    return SCALE_WORDS.get(key) or SCALE_ABBREVIATIONS.get(key) or 1.0


def format_number(value: float) -> str:
    """25.0 → '25', 2.5 → '2.5': how a count is written inside an ISO 8601 duration."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
