"""The annotated document: what every extractor reads and writes.

The pipeline builds one `AnnotatedDocument` per cleaned document: the spaCy
parse of `document.body`, the reference date that relative times resolve
against, and the dossier being built. Its sections (`actors`, `amounts`,
`times`, ...) are the dossier's own lists, not copies: an extractor reads the
sections of those declared before it (agreements read amounts and times) and
its result becomes its own section (see `geowire.extract.registry`).
"""
from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from typing import Optional

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from geowire.model import Actor, Document, Dossier, Span


class Section:
    """An attribute of the annotated document that is the dossier's list of the same name."""

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, ann, owner=None):
        return self if ann is None else getattr(ann.dossier, self.name)

    def __set__(self, ann, value) -> None:
        setattr(ann.dossier, self.name, value)


class AnnotatedDocument:
    """One document's parse and its dossier under construction."""

    actors = Section()
    amounts = Section()
    times = Section()
    quotes = Section()
    agreements = Section()
    attributions = Section()
    events = Section()

    def __init__(self, document: Document, doc: Doc, actors: Optional[list[Actor]] = None,
                 reference_date: Optional[dt.date] = None, dossier: Optional[Dossier] = None):
        self.document = document
        self.doc = doc
        self.reference_date = reference_date
        self.dossier = dossier if dossier is not None else Dossier(document=document)
        if actors is not None:
            self.actors = actors
        self._mentions: list[tuple[int, int, Actor]] = []
        self._longest_mention = 0  # in characters: bounds what actor_at reads
        self._sentences: Optional[list[SpacySpan]] = None

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
# The helpers live in geowire.nlp.parse (sentences, paragraphs, negation, passive voice, places,
# phrases → actors); imported at the end for `AnnotatedDocument.sentences`: parse reads this
# module's names only for type checking.
from geowire.nlp.parse import sentences  # noqa: E402
