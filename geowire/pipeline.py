"""The pipeline: read ─► clean ─► annotate ─► extract ─► resolve, one dossier per page.

Each stage is a plain function of a document and of read-only resources (the
spaCy model, the gazetteer) that `Pipeline` loads once; nothing here keeps
state between documents, so a batch engine can map `Pipeline.analyze` over
shards unchanged. The spaCy pass runs through `nlp.pipe` over a chunk of
documents at a time (articles and their teasers together).
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Iterable, Iterator, Optional

from geowire.clean import AnalysisError, clean, without_surrogates
from geowire.extract import Extractor, check_order, default_order
from geowire.model import CleanPage, Document, Dossier, RawDocument, document_id
from geowire.nlp import load_nlp
from geowire.nlp.document import AnnotatedDocument
from geowire.settings import settings

LOGGER = logging.getLogger(__name__)

__all__ = ["AnalysisError", "Failure", "Pipeline", "clean"]


@dataclass
class Failure:
    """An input that produced no dossier, and why (one line)."""
    source: str
    message: str

    def __str__(self) -> str:
        return self.message


def reference_date(doc: Document) -> Optional[dt.date]:
    """The date that relative times ("today", "this year") resolve against."""
    try:
        return dt.date.fromisoformat(doc.date[:10]) if doc.date and len(doc.date) >= 10 else None
    except ValueError:
        return None


class Pipeline:
    """Loads the models once; `analyze` turns raw documents into dossiers."""

    def __init__(self, extractors: Iterable[str] | None = None, batch_size: int | None = None):
        """`extractors`: the names of the extractors to run, in order (default: all of them, each
        after those it requires); each one's requirements must come before it (ExtractorOrderError)."""
        from geowire.actors.gazetteer import load_gazetteer

        # checked before the models load: a wrong order fails at once
        self.extractors: list[Extractor] = check_order(extractors or default_order())
        self.nlp = load_nlp()
        self.gazetteer = load_gazetteer()
        self.batch_size = batch_size or settings().nlp_batch_size

    def analyze(self, inputs: Iterable[RawDocument | Exception]) -> Iterator[Dossier | Failure]:
        """Dossiers in input order; a bad input becomes a `Failure` and the run goes on."""
        chunk: list[RawDocument | Exception] = []
        for item in inputs:
            chunk.append(item)
            if len(chunk) >= self.batch_size:
                yield from self._analyze_chunk(chunk)
                chunk = []
        if chunk:
            yield from self._analyze_chunk(chunk)

    def analyze_page(self, page: CleanPage) -> Dossier:
        result = next(self._dossiers([page]))
        if isinstance(result, Failure):
            raise AnalysisError(result.message)
        return result

    def _analyze_chunk(self, chunk: list[RawDocument | Exception]) -> Iterator[Dossier | Failure]:
        pages: list[CleanPage | Failure] = []
        for item in chunk:
            if isinstance(item, Exception):
                pages.append(Failure(getattr(item, "source", ""), one_line(item)))
                continue
            item = without_surrogates(item)  # its names go into the failure message, which must encode
            try:
                pages.append(clean(item))
            except Exception as err:  # noqa: BLE001 — any failure of one page is reported, the batch goes on
                pages.append(Failure(item.source_path or item.url or "<input>", describe(item, err)))
        good = [p for p in pages if isinstance(p, CleanPage)]
        dossiers = self._dossiers(good)
        for p in pages:
            yield p if isinstance(p, Failure) else next(dossiers)

    def _dossiers(self, pages: list[CleanPage]) -> Iterator[Dossier | Failure]:
        docs = [d for p in pages for d in (p.document, *p.teasers)]
        for d in docs:
            d.id = document_id(d.body)
        english = [d for d in docs if (d.language or "en") == "en"]
        parsed = self._parse(english)
        for page in pages:
            try:
                for d in (page.document, *page.teasers):
                    if isinstance(parsed.get(id(d)), Exception):
                        raise parsed[id(d)]
                # A teaser is another article, of another day: the page's date is not its reference date.
                related = [self._dossier(t, parsed.get(id(t))) for t in page.teasers]
                result = self._dossier(page.document, parsed.get(id(page.document)), related)
            except Exception as err:  # noqa: BLE001 — a library or extractor failing on one page fails that page only
                LOGGER.debug("analysing %s failed", page.document.source_path, exc_info=True)
                where = page.document.source_path or page.document.url or "<input>"
                result = Failure(where, f"{where}: analysis failed ({type(err).__name__}: {one_line(err)})")
            yield result

    def _parse(self, docs: list[Document]) -> dict:
        """spaCy's parse of each document, by id(); when the batch fails, it is redone one document
        at a time, and the documents at fault get their exception instead of a parse."""
        try:
            return dict(zip((id(d) for d in docs), self.nlp.pipe((d.body for d in docs), batch_size=self.batch_size)))
        except Exception as err:  # noqa: BLE001
            if len(docs) == 1:
                return {id(docs[0]): err}
            parsed: dict = {}
            for d in docs:
                parsed.update(self._parse([d]))
            return parsed

    def _dossier(self, doc: Document, parsed, related=()) -> Dossier:
        from geowire.actors.linker import link_actors

        dossier = Dossier(document=doc, related=list(related))
        if parsed is None:  # not English: stored with its language and a note, no NLP
            return dossier
        # the annotated document writes into `dossier`: its sections are the dossier's lists
        ann = AnnotatedDocument(document=doc, doc=parsed, reference_date=reference_date(doc), dossier=dossier)
        ann.actors = link_actors(parsed, self.gazetteer, ann.reference_date)
        ann.index_mentions()
        for extract in self.extractors:
            extract(ann)
        if doc.kind == "teaser" and doc.title and doc.body.startswith(doc.title):
            drop_headline_claims(dossier, len(doc.title))
        return dossier


def drop_headline_claims(dossier: Dossier, headline_end: int) -> None:
    """A teaser's headline names its actors and events, but its quotes and attributions are headline
    grammar ("X tells Y that ...", "X accuses Y of ...") restating the summary below, where they are
    read with their context: those found in the headline alone are dropped."""
    dossier.quotes = [q for q in dossier.quotes if q.span[0] >= headline_end]
    dossier.attributions = [a for a in dossier.attributions if any(s >= headline_end for s, _ in a.spans)]


def one_line(err: BaseException) -> str:
    return " ".join(str(err).split()) or type(err).__name__


def describe(raw: RawDocument, err: BaseException) -> str:
    where = raw.source_path or raw.url or "<input>"
    msg = one_line(err)
    return msg if msg.startswith(where) else f"{where}: {msg}"
