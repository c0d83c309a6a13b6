"""The annotated document: what every extractor reads.

The pipeline builds one `AnnotatedDocument` per cleaned document: the spaCy
parse of `document.body`, the actors linked by the gazetteer, the reference
date that relative times resolve against, and the facts extracted so far
(extractors run in a fixed order, so a later one may read an earlier one's
facts: agreements read amounts, events read times).
"""
from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Optional

from spacy.tokens import Doc

from .model import (Actor, Agreement, Amount, Attribution, Document, Event, Quote, Span,
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

    @property
    def body(self) -> str:
        return self.document.body

    def index_mentions(self) -> None:
        """Rebuild the sorted mention index; call after changing `actors`."""
        self._mentions = sorted(((s, e, a) for a in self.actors for s, e in a.mentions), key=lambda m: m[:2])

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
        for s, e, a in self._mentions:
            if s >= end:
                break
            overlap = min(e, end) - max(s, start)
            if overlap > best_overlap:
                best, best_overlap = a, overlap
        return best

    def actor(self, actor_id: str) -> Optional[Actor]:
        return next((a for a in self.actors if a.id == actor_id), None)
