"""The annotated document: what every extractor reads.

The pipeline builds one `AnnotatedDocument` per cleaned document: the spaCy
parse of `document.body`, the actors linked by the gazetteer, the reference
date that relative times resolve against, and the facts extracted so far
(extractors run in a fixed order, so a later one may read an earlier one's
facts: agreements read amounts, events read times). Helpers on the parse that
several extractors share (sentences cut at blank lines, clause negation) live here too.
"""
from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Optional

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from geowire.model import (Actor, Agreement, Amount, Attribution, Document, Event, Quote, Span,
                    TimeExpression)


@dataclass
class AnnotatedDocument:
    document: Document
    doc: Doc
    actors: list[Actor] = field(default_factory=list)
    reference_date: Optional[dt.date] = None
    amounts: list[Amount] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    _mentions: list[tuple[int, int, Actor]] = field(default_factory=list, repr=False)
    _longest_mention: int = field(default=0, repr=False)  # in characters: bounds what actor_at reads
    _sentences: Optional[list[SpacySpan]] = field(default=None, repr=False)

    @property
    def body(self) -> str:
        return self.document.body

    def index_mentions(self) -> None:
        """Rebuild the sorted mention index; call after changing `actors`."""
        self._mentions = sorted(((s, e, a) for a in self.actors for s, e in a.mentions), key=lambda m: m[:2])
        self._longest_mention = max((e - s for s, e, _ in self._mentions), default=0)

    def mentions_in(self, start: int, end: int) -> list[tuple[Span, Actor]]:
        """Actor mentions lying inside [start, end), in text order."""
        if not self._mentions and self.actors:
            self.index_mentions()
        i = bisect_left(self._mentions, start, key=lambda m: m[0])
        out = []
        while i < len(self._mentions) and self._mentions[i][0] < end:
            s, e, a = self._mentions[i]
            if e <= end:
                out.append(((s, e), a))
            i += 1
        return out

    def actor_at(self, start: int, end: int) -> Optional[Actor]:
        """The actor whose mention overlaps [start, end) the most, if any."""
        if not self._mentions and self.actors:
            self.index_mentions()
        best, best_overlap = None, 0
        # a mention starting this far before `start` ends before it: skipped by bisection
        i = bisect_left(self._mentions, start - self._longest_mention + 1, key=lambda m: m[0])
        while i < len(self._mentions) and self._mentions[i][0] < end:
            s, e, a = self._mentions[i]
            overlap = min(e, end) - max(s, start)
            if overlap > best_overlap:
                best, best_overlap = a, overlap
            i += 1
        return best

    def actor(self, actor_id: str) -> Optional[Actor]:
        return next((a for a in self.actors if a.id == actor_id), None)

    def sentences(self) -> list[SpacySpan]:
        """`sentences(self.doc)`, computed once (agreements and attributions both read them)."""
        if self._sentences is None:
            self._sentences = sentences(self.doc)
        return self._sentences


# ---- the parse, as the extractors share it --------------------------------------------------

def sentences(doc: Doc) -> list[SpacySpan]:
    """spaCy's sentences, also cut at blank lines: a headline without a full stop otherwise runs
    into the paragraph after it ("Germany accuses Russia of ...\n\nThe German government ...")."""
    out = []
    for sent in doc.sents:
        start = sent.start
        for t in sent:
            if t.is_space and t.text.count("\n") >= 2 and start <= t.i < sent.end - 1:
                out.append(doc[start:t.i + 1])
                start = t.i + 1
        out.append(doc[start:sent.end])
    return [s for s in out if s.text.strip()]


def sentence_of(sents: list[SpacySpan], token_i: int) -> int:
    """The index, in `sents`, of the sentence holding a token."""
    return bisect_right([s.start for s in sents], token_i) - 1


def sentence_offsets(sent: SpacySpan) -> Span:
    """A sentence's offsets, without the blank line that may end it."""
    return sent.start_char, sent.start_char + len(sent.text.rstrip())


CLAUSE_LINKS = {"conj", "advcl", "relcl", "parataxis"}


def is_negated(token: Token) -> bool:
    """'does not include a mutual defence clause', 'did not attribute': a `neg` on the token or a
    head above it, within its clause ("..., but it provides for consultations" is not negated)."""
    for t in [token, *token.ancestors]:
        if any(c.dep_ == "neg" for c in t.children):
            return True
        if t.dep_ in CLAUSE_LINKS and t.pos_ in ("VERB", "AUX"):
            return False
    return False
