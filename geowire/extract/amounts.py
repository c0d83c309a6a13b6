"""Amounts of money: "one billion rubles ($16 million)", "€2.5bn", "US$3 trillion", "Rs 500 crore".

Each amount gets its value (scale words applied), its currency as ISO 4217, a
USD value only when the text gives one (the amount is in dollars, or a
restatement in dollars follows it in parentheses or after ", or"), the
restatement's `equivalent_of` (the index of the amount it restates, in the
list returned), and the year or period the same sentence ties it to.
No exchange rate is ever assumed.

How: one regular expression over the body for "<symbol or code> <number>
[scale]" and "<number> [scale] [modifiers] <currency word or code>", a number
parser for digits and number words (numbers.py), and a currency lexicon built
from pycountry's ISO 4217 names ("Swiss Franc", "Hong Kong Dollar") plus a
small curated table of symbols, spellings and the default of each shared unit
name ("dollar" → USD, "ruble" → RUB). Checked first: price-parser and
quantulum3 would fit parts of this but are not installed; price-parser reads
one price per string (no offsets in running text, no scale words), and
quantulum3 drags in a classifier and misreads "43 billion rubles" units.
spaCy's MONEY entities are not used: the small model misses "Rs 500 crore"
and folds hedges ("around", "only") into the span.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import pycountry

from geowire.nlp.document import AnnotatedDocument
from geowire.model import Amount
from geowire.text.numbers import (DIGITS_PATTERN, GLUED_ONLY_ABBREVIATIONS, SCALE_PATTERN, WORDS_PATTERN,
                      parse_number, scale_value)
from geowire.extract.times import FoundTime, find_times, finditer_in, windows
from geowire.extract.registry import extractor

# ---- currency lexicon ---------------------------------------------------------------

# Symbols written before the number. "$" alone is the US dollar; the others name theirs.
PREFIX_SYMBOLS = {
    "US$": "USD", "U.S.$": "USD", "$": "USD", "A$": "AUD", "AU$": "AUD", "C$": "CAD",
    "CA$": "CAD", "CAN$": "CAD", "HK$": "HKD", "NZ$": "NZD", "S$": "SGD", "SG$": "SGD",
    "R$": "BRL", "NT$": "TWD", "MX$": "MXN", "€": "EUR", "£": "GBP", "¥": "JPY",
    "CN¥": "CNY", "JP¥": "JPY", "RMB": "CNY", "₹": "INR", "Rs.": "INR", "Rs": "INR",
    "₽": "RUB", "₴": "UAH", "₾": "GEL", "₺": "TRY", "₩": "KRW", "₪": "ILS", "₦": "NGN",
    "₱": "PHP", "฿": "THB", "₫": "VND", "₸": "KZT", "₼": "AZN", "֏": "AMD",
}
# Symbols also written after the number ("500 €", "100 zł").
SUFFIX_SYMBOLS = {"€": "EUR", "₽": "RUB", "₴": "UAH", "₾": "GEL", "₺": "TRY", "zł": "PLN", "₸": "KZT"}
# ISO codes that are also everyday capitalised words or funds: never read as a currency.
SKIPPED_CODES = {"ALL", "TOP", "CUP", "MOP", "SOS", "PEN", "BOB", "CHE", "CHW", "CLF", "COU",
                 "BOV", "MXV", "USN", "UYI", "UYW", "VED"}
KEPT_X_CODES = {"XAF", "XOF", "XCD", "XPF", "XDR"}
# Spellings that pycountry's names do not hold.
UNIT_SPELLINGS = {
    "rouble": "ruble", "shekel": "sheqel", "hryvna": "hryvnia", "hryvnya": "hryvnia",
    "kronor": "krona", "kroner": "krone", "lei": "leu", "reais": "real", "lire": "lira",
    "renminbi": "yuan", "sterling": "pound", "sum": "som", "zlotych": "zloty",
}
# Which currency a shared unit name means when nothing in front of it says otherwise.
UNIT_DEFAULTS = {
    "dollar": "USD", "ruble": "RUB", "euro": "EUR", "pound": "GBP", "yen": "JPY",
    "yuan": "CNY", "rupee": "INR", "franc": "CHF", "krona": "SEK", "won": "KRW",
    "rial": "IRR", "riyal": "SAR", "dirham": "AED", "lira": "TRY", "leu": "RON",
    "manat": "AZN", "som": "KGS", "sheqel": "ILS", "real": "BRL",
}
# Modifiers that pycountry's names spell otherwise.
MODIFIER_CODES = {
    ("us", "dollar"): "USD", ("american", "dollar"): "USD",
    ("british", "pound"): "GBP", ("chinese", "yuan"): "CNY", ("japanese", "yen"): "JPY",
    ("south korean", "won"): "KRW", ("korean", "won"): "KRW", ("israeli", "sheqel"): "ILS",
    ("kyrgyz", "som"): "KGS", ("uzbek", "som"): "UZS", ("turkmen", "manat"): "TMT",
    ("azerbaijani", "manat"): "AZN", ("emirati", "dirham"): "AED", ("brazilian", "real"): "BRL",
    ("cfa", "franc"): "XOF", ("hong kong", "dollar"): "HKD", ("taiwan", "dollar"): "TWD",
    ("taiwanese", "dollar"): "TWD", ("russian", "ruble"): "RUB", ("belarusian", "ruble"): "BYN",
    ("belarus", "ruble"): "BYN", ("ukrainian", "hryvnia"): "UAH", ("georgian", "lari"): "GEL",
    ("armenian", "dram"): "AMD", ("kazakh", "tenge"): "KZT", ("swiss", "franc"): "CHF",
}
# Unit names that are also English words: read as money only with a scale or a modifier
# in front ("5 billion won", "South Korean won"), never after a bare number ("in 2019 won").
AMBIGUOUS_UNITS = {"won", "real", "rand", "sol", "pound", "lek", "kip", "pula", "kina", "tala",
                   "vatu", "loti", "riel", "dobra", "leone", "dong", "som", "mark", "colon", "taka"}
# pycountry unit words that are not money in running text.
NOT_UNITS = {"gold", "silver", "palladium", "platinum", "sucre", "unit", "mark", "colon", "oro", "soberano",
             "right", "inversion", "day)", "(udi)", "(ui)", "indexadas", "(eurco)", "9)", "17)",
             "6)", "purposes", "involved", "unidades"}
IRREGULAR_PLURALS = {"krona": ["kronor"], "krone": ["kroner"], "leu": ["lei"], "real": ["reais"],
                     "lira": ["lire", "liras"], "hryvnia": ["hryvnias", "hryvni"], "lari": ["laris"]}
# Words between "(" and a restatement: "1 billion rubles (about $16 million)".
HEDGES = (r"(?:about|around|approximately|roughly|some|nearly|almost|over|more\s+than|less\s+than"
          r"|up\s+to|just\s+over|just\s+under|an\s+estimated|at\s+least|only|~|ca\.?)")


@dataclass(frozen=True)
class _Lexicon:
    by_unit: dict[str, list[tuple[tuple[str, ...], str]]]  # unit → [(modifier words, code)]
    unit_forms: dict[str, str]  # a written form (plural, spelling) → unit
    codes: frozenset[str]


@lru_cache(maxsize=1)
def currency_lexicon() -> _Lexicon:
    """ISO 4217 names from pycountry, split into modifier words and a unit ("Swiss" + "franc")."""
    by_unit: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    codes = set()
    for currency in pycountry.currencies:
        code = currency.alpha_3
        if code in SKIPPED_CODES or (code.startswith("X") and code not in KEPT_X_CODES):
            continue
        codes.add(code)
        words = currency.name.lower().replace("’", "'").split()
        if not all(w.isalpha() for w in words) or currency.name.split()[-1].isupper():
            continue  # "SDR (Special Drawing Right)", "CFA Franc BEAC": MODIFIER_CODES has those in use
        if currency.name == "Yuan Renminbi":
            words = ["yuan"]
        elif currency.name == "Pound Sterling":
            words = ["pound"]
        elif len(words) == 2 and words[0] in ("rial", "peso"):  # "Rial Omani", "Peso Uruguayo"
            words = [words[1], words[0]]
        unit = words[-1]
        if unit in NOT_UNITS:
            continue
        by_unit.setdefault(unit, []).append((tuple(words[:-1]), code))
    unit_forms: dict[str, str] = {}
    for unit in [*by_unit, "peso"]:
        unit_forms[unit] = unit
        unit_forms[unit + "s"] = unit
        for plural in IRREGULAR_PLURALS.get(unit, []):
            unit_forms[plural] = unit
    for spelling, unit in UNIT_SPELLINGS.items():
        unit_forms[spelling] = unit
        unit_forms[spelling + "s"] = unit
    by_unit.setdefault("peso", [])
    for (modifier, unit), code in MODIFIER_CODES.items():
        by_unit.setdefault(unit, []).append((tuple(modifier.split()), code))
    return _Lexicon(by_unit, unit_forms, frozenset(codes))


def resolve_currency(unit_form: str, modifiers: list[str]) -> Optional[str]:
    """ISO 4217 code of a unit word and the capitalised words before it
    ("dollars", ["Hong", "Kong"] → HKD; "rubles", [] → RUB). None when they name no
    known currency ("Zimbabwe dollars": a country, but no current currency of it)."""
    lexicon = currency_lexicon()
    unit = lexicon.unit_forms.get(unit_form.lower())
    if unit is None:
        return None
    candidates = lexicon.by_unit.get(unit, [])
    words = [w.lower().replace(".", "") for w in modifiers]
    words = ["us" if w in ("us", "u.s") else w for w in words]
    best, best_score = None, 0
    for modifier, code in candidates:
        score = sum(1 for m in modifier if any(_same_stem(m, w) for w in words))
        if score > best_score or (score == best_score and score and code == UNIT_DEFAULTS.get(unit)):
            best, best_score = code, score
    if best is not None and best_score:
        return best
    if words and _names_a_country(words):
        return None
    if unit in UNIT_DEFAULTS:
        return UNIT_DEFAULTS[unit]
    codes = {code for _, code in candidates}
    return codes.pop() if len(codes) == 1 else None


def _same_stem(a: str, b: str) -> bool:
    """One word starts the other, and is five letters or more: 'pakistan' ~ 'pakistani',
    'uzbekistan' ~ 'uzbek'; short words must be equal ('us', 'new')."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 5 and long_.startswith(short)


@lru_cache(maxsize=1)
def _country_stems() -> frozenset[str]:
    stems = set()
    for country in pycountry.countries:
        for word in re.findall(r"[a-z]+", getattr(country, "common_name", country.name).lower()):
            if len(word) >= 5:
                stems.add(word[:5])
    return frozenset(stems)


def _names_a_country(words: list[str]) -> bool:
    return any(len(w) >= 5 and w[:5] in _country_stems() for w in words)


# ---- the pattern ------------------------------------------------------------------------

def _alternation(items) -> str:
    return "|".join(re.escape(i) for i in sorted(items, key=len, reverse=True))


@lru_cache(maxsize=1)
def amount_pattern() -> re.Pattern:
    lexicon = currency_lexicon()
    codes = _alternation(lexicon.codes)
    units = _alternation(lexicon.unit_forms)
    number = r"(?:" + DIGITS_PATTERN + r")"
    range_tail = r"(?:\s*[-–]\s*" + number + r")?"
    scale = r"(?P<{}>" + SCALE_PATTERN + r")?"
    modifiers = r"(?P<mods>(?:(?:[A-Z][\w.]*|CFA|US|U\.S\.)\s+){0,3})"
    unit_word = r"(?P<unit>(?i:" + units + r"))\b"
    prefix_symbols = _alternation(PREFIX_SYMBOLS)
    pattern = (
        # "$16 million", "US$3 trillion", "€2.5bn", "EUR 500,000", "Rs 500 crore", "$10-15 million"
        r"(?:(?<![\w$€£¥])(?P<sym>" + prefix_symbols + r")|(?<![\w$])(?P<precode>" + codes + r")(?=\s?\d))"
        r"\s?(?P<pnum>" + number + r")(?P<prange>" + range_tail + r")" + scale.format("pscale") +
        # a unit word after it must be lower case: "$300 million Real Madrid" is no real
        r"(?:\s+(?P<pmods>(?:[A-Z][\w.]*\s+){0,2})(?P<punit>" + units + r")\b)?"
        # "one billion rubles", "1.2 million Australian dollars", "500 million USD", "500 €"
        r"|(?<![\w.,$€£¥-])(?P<wnum>" + number + r"|(?i:" + WORDS_PATTERN + r"))"
        r"(?P<wrange>" + range_tail + r")" + scale.format("wscale") +
        r"(?:\s+(?:of\s+)?" + modifiers + unit_word +
        r"|\s?(?P<postsym>" + _alternation(SUFFIX_SYMBOLS) + r")(?!\w)"
        r"|\s(?P<postcode>" + codes + r")\b)"
    )
    return re.compile(pattern)


# Where an amount can be: at a digit or a currency sign, or at a scale or common unit word
# (for amounts in words: "half a million dollars"). Python's re tries `amount_pattern` at
# every position it is given (~1 ms per 1,000 words); this short anchor is found ~20x
# faster, so the full pattern runs only in windows around it. An amount in words with
# neither a scale nor one of these units ("ten hryvnias") is not found.
CURRENCY_ANCHOR = re.compile(
    r"[\d$€£¥₹₽₴₾₺₩₪₦₱฿₫₸₼֏][\d.,]*|million|billion|trillion|thousand|crore|lakh"
    r"|dollar|euro|pound|ruble|rouble|yen|yuan|rupee|franc")


# ---- the extractor -------------------------------------------------------------------------

@extractor("amounts")
def extract_amounts(ann: AnnotatedDocument) -> list[Amount]:
    """The amounts of money in the body, in text order."""
    body = ann.body
    amounts: list[Amount] = []
    near_currencies = windows(CURRENCY_ANCHOR, body, 0, len(body), 60, 45)
    for m in finditer_in(amount_pattern(), body, near_currencies):
        amount = _read(m, body)
        if amount is not None:
            amounts.append(amount)
    _link_restatements(body, amounts)
    _add_periods(ann, amounts)
    return amounts


def _read(m: re.Match, body: str) -> Optional[Amount]:
    if m["pnum"]:
        number, scale = m["pnum"], m["pscale"]
        if m["sym"]:
            currency = PREFIX_SYMBOLS[m["sym"]]
        else:
            currency = m["precode"]
        if m["punit"]:  # "¥10 billion yuan", "$5 million Australian dollars": the word is finer
            named = resolve_currency(m["punit"], (m["pmods"] or "").split())
            if named is None:
                return None
            currency = named
    else:
        number, scale = m["wnum"], m["wscale"]
        if m["unit"]:
            modifiers = (m["mods"] or "").split()
            unit = currency_lexicon().unit_forms[m["unit"].lower()]
            if not m["unit"].islower() and not m["unit"][0].isupper():
                return None  # "RUBLES" shouting is fine, "rUbles" is not a word
            if unit in AMBIGUOUS_UNITS and not (scale or modifiers or m["unit"].lower().endswith("sterling")):
                return None
            if unit == "pound" and re.match(r"\s+of\b", body[m.end():]) and not (scale or modifiers):
                return None  # "500 pounds of explosives"
            currency = resolve_currency(m["unit"], modifiers)
        elif m["postsym"]:
            currency = SUFFIX_SYMBOLS[m["postsym"]]
        else:
            currency = m["postcode"]
    if currency is None:
        return None
    if (m["precode"] or m["postcode"]) and not scale and re.fullmatch(r"(?:1[89]|20)\d\d", number):
        return None  # "AMD 2015", "the 2014 ALL": a product or a year beside capitals, not money
    if scale and scale.strip().lower() in GLUED_ONLY_ABBREVIATIONS and scale[0].isspace():
        return None
    if number.strip().lower() in ("a", "an") and not scale:
        return None  # "a dollar" is rarely an amount; "a billion dollars" is
    value = parse_number(number)
    if value is None or value <= 0:
        return None
    value *= scale_value(scale)
    start, end = m.start(), m.end()
    return Amount(text=body[start:end], value=value, currency=currency,
                  usd=value if currency == "USD" else None, span=(start, end))


# A restatement of the amount before it: "1 billion rubles ($16 million)",
# "1 billion rubles (about $16 million)", "€2bn, or $2.2bn,".
_RESTATEMENT_GAP = re.compile(
    r"\s*\(\s*(?:" + HEDGES + r"\s*)?"
    r"|\s*,?\s*(?:or|i\.e\.|equivalent\s+to|the\s+equivalent\s+of|worth)\s+(?:" + HEDGES + r"\s+)?",
    re.IGNORECASE)


def _link_restatements(body: str, amounts: list[Amount]) -> None:
    for i in range(1, len(amounts)):
        before, after = amounts[i - 1], amounts[i]
        if before.equivalent_of is not None or before.currency == after.currency:
            continue  # same currency: an alternative or a part, not a restatement
        if not _RESTATEMENT_GAP.fullmatch(body[before.span[1]:after.span[0]]):
            continue
        after.equivalent_of = i - 1
        if after.currency == "USD":
            before.usd = after.value
        elif before.currency == "USD":
            after.usd = before.value


# ---- periods ----------------------------------------------------------------------------------

_PERIOD_VALUE = re.compile(r"\d{4}(?:/\d{4})?")


def _add_periods(ann: AnnotatedDocument, amounts: list[Amount]) -> None:
    """The year or years the same sentence (or clause, between semicolons) ties each amount
    to: the nearest one ("allocated from Russia's 2016 budget", "In 2008-2014, ... 43 billion
    rubles", "this year amounts to only $16 million")."""
    if not amounts:
        return
    times_by_sentence: dict[tuple[int, int], list] = {}
    body = ann.body
    for amount in amounts:
        start, end = _sentence_of(ann, *amount.span)
        # a semicolon ends what the time can be tied to: "In 2016, €5bn; in 2017, €6bn"
        start = max(start, body.rfind(";", start, amount.span[0]) + 1)
        stop = body.find(";", amount.span[1], end)
        sentence = (start, stop if stop >= 0 else end)
        if sentence not in times_by_sentence:
            times_by_sentence[sentence] = [t for t in find_times(ann, *sentence)
                                           if t.kind != "duration" and _PERIOD_VALUE.fullmatch(t.value)]
        near = sorted(times_by_sentence[sentence], key=lambda t: _distance(t, amount.span))
        if near:
            amount.period = near[0].value


def _distance(found: FoundTime, span: tuple[int, int]) -> int:
    return max(found.start - span[1], span[0] - found.end, 0)


def _sentence_of(ann: AnnotatedDocument, start: int, end: int) -> tuple[int, int]:
    """[start, end) of the sentence that holds the text at [start, end): the parser's
    sentence, or a plain split at sentence punctuation when the parser did not run."""
    doc = ann.doc
    if doc is not None and (doc.has_annotation("SENT_START") or doc.has_annotation("DEP")):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            sentence = span[0].sent
            return sentence.start_char, sentence.end_char
    body = ann.body
    starts = [m.end() for m in _SENTENCE_END.finditer(body, max(0, start - 2000), start)]
    stop = _SENTENCE_END.search(body, end)
    return (starts[-1] if starts else max(0, start - 2000)), (stop.start() + 1 if stop else len(body))


_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+(?=[\"“(]?[A-Z0-9])|\n\s*\n")
