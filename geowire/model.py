"""The data model of geowire, in one place.

The dossier ("geowire.dossier/1", the contract defined below) is what `geowire analyze` prints
and what the store keeps. Every fact carries `[start, end)` character offsets
into `document.body`; a fact that cannot point at its text is not emitted.

Besides the contract this module holds the few internal records that travel
between stages (a raw input, a cleaned page), so that no stage has to import
another stage to know the shape of what it receives.
"""
from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import dataclass, field
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_ID = "geowire.dossier/1"

Span = tuple[int, int]

DocumentKind = Literal["article", "teaser"]
DateSource = Literal["metadata", "caption", "text", "none"]
RemovedReason = Literal["navigation", "duplicate", "teaser", "credit", "caption", "boilerplate"]
ActorKind = Literal[
    "state", "partially-recognized-state", "person", "organization", "agency", "igo",
    "media", "threat-group", "campaign", "location",
]
EventType = Literal[
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]
QuoteKind = Literal["direct", "indirect", "mixed"]
AttributionKind = Literal["cyber", "influence"]
AttributionConfidence = Literal["asserted", "alleged", "suspected"]
AgreementStatus = Literal[
    "proposed", "negotiated", "signed", "ratified", "in-force", "suspended", "withdrawn", "expired",
]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Caption(Model):
    """A photo caption, kept out of the body."""
    text: str
    credit: Optional[str] = None
    date: Optional[str] = None


class Removed(Model):
    """A piece of the page that the cleaner kept out of the body, and why."""
    text: str
    reason: RemovedReason


class Document(Model):
    id: str = ""
    kind: DocumentKind = "article"
    url: Optional[str] = None
    source_path: Optional[str] = None
    title: Optional[str] = None
    publisher: Optional[str] = None
    authors: list[str] = []
    date: Optional[str] = None
    date_source: DateSource = "none"
    language: Optional[str] = "en"
    body: str = ""
    credits: list[str] = []
    captions: list[Caption] = []
    removed: list[Removed] = []
    notes: list[str] = Field(default=[], description="What the pipeline noticed about this input (skipped NLP, a guessed encoding, ...).")


class Actor(Model):
    id: str = Field(description="Canonical id, stable across documents: 'russia', 'vladimir-putin', 'apt28'.")
    name: str
    kind: ActorKind
    country: Optional[str] = Field(None, description="PLOVER country code: ISO 3166 alpha-3, KOS, EUR, UNO, IGO, NGO, MNC.")
    sectors: list[str] = Field([], description="PLOVER sector codes: GOV, MIL, SPY, LEG, JUD, JRN, PRE, ...")
    role: Optional[str] = Field(None, description="Office or function: 'President of Russia'.")
    aliases: list[str] = Field([], description="Other names of the actor, those seen in the text first.")
    mentions: list[Span] = Field([], description="Offsets of each mention in document.body.")


class Event(Model):
    type: EventType
    mode: Optional[str] = None
    context: list[str] = []
    actors: list[str] = Field([], description="Actor ids (source side).")
    recipients: list[str] = Field([], description="Actor ids (target side).")
    date: Optional[str] = None
    location: Optional[str] = None
    negated: bool = False
    hypothetical: bool = False
    reported: bool = Field(False, description="Told in reported speech ('X said that ...').")
    trigger: str
    span: Span
    confidence: float = 0.5


class Funding(Model):
    value: float
    currency: str
    usd: Optional[float] = None
    year: Optional[int] = None
    span: Optional[Span] = None


class Agreement(Model):
    name: Optional[str] = None
    kind: Optional[str] = Field(None, description="treaty, agreement, memorandum, accord, deal, ...")
    parties: list[str] = []
    signed: Optional[str] = None
    place: Optional[str] = None
    duration_years: Optional[float] = None
    renewal_years: Optional[float] = None
    provisions: list[str] = []
    funding: list[Funding] = []
    status: Optional[AgreementStatus] = Field(None, description="The latest stage the text states: proposed, negotiated, signed, ratified, in-force, suspended, withdrawn, expired.")
    status_date: Optional[str] = Field(None, description="ISO date (or prefix) of that stage, from the sentence that states it.")
    spans: list[Span] = []


class Attribution(Model):
    incident: str
    kind: AttributionKind
    target: list[str] = []
    date: Optional[str] = None
    operator: list[str] = []
    sponsor: list[str] = []
    attributed_by: list[str] = []
    campaign: Optional[str] = None
    confidence: AttributionConfidence = "asserted"
    spans: list[Span] = []


class Quote(Model):
    speaker: Optional[str] = Field(None, description="Actor id of the speaker, when resolved.")
    speaker_text: Optional[str] = None
    text: str
    kind: QuoteKind = Field(description="direct (in quotation marks), indirect (paraphrase), mixed (a paraphrase holding a quoted fragment).")
    cue: Optional[str] = None
    span: Span = Field(description="Offsets of the content, from its first to its last character.")
    fragments: list[Span] = Field([], description="The content's pieces when an inserted cue ('..., he said, ...') splits it; empty when it is one piece.")
    speaker_span: Optional[Span] = Field(None, description="Offsets of the speaker's mention this quote was attributed through (a name, a title or a pronoun).")
    cue_span: Optional[Span] = Field(None, description="Offsets of the cue ('said', 'according to').")


class Amount(Model):
    text: str
    value: float
    currency: str
    usd: Optional[float] = None
    period: Optional[str] = None
    equivalent_of: Optional[int] = Field(None, description="Index, in `amounts`, of the amount this one restates.")
    span: Span


class TimeExpression(Model):
    text: str
    value: str = Field(description="ISO 8601: a date or a prefix of one (2015, 2015-03), an interval (2008/2014) or a duration (P25Y).")
    kind: Literal["date", "interval", "duration", "relative"] = "date"
    span: Span


class Dossier(Model):
    schema_id: str = Field(SCHEMA_ID, alias="schema")
    document: Document
    actors: list[Actor] = []
    events: list[Event] = []
    agreements: list[Agreement] = []
    attributions: list[Attribution] = []
    quotes: list[Quote] = []
    amounts: list[Amount] = []
    times: list[TimeExpression] = []
    related: list[Dossier] = []

    def to_dict(self) -> dict:
        return self.model_dump(mode="json", by_alias=True)

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


def json_schema() -> dict:
    """The JSON Schema of the dossier, as checked in at geowire/schema/dossier.schema.json."""
    schema = Dossier.model_json_schema(by_alias=True)
    schema["$id"] = SCHEMA_ID
    return schema


def normalise_body(body: str) -> str:
    """The form of a body that its id is computed from: NFKC, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", body).split())


def document_id(body: str) -> str:
    return hashlib.sha256(normalise_body(body).encode("utf-8")).hexdigest()


# ---- internal records passed between stages -------------------------------------------

@dataclass
class RawDocument:
    """What a reader yields: the bytes or text of one input, and where it came from."""
    content: bytes | str
    source_path: Optional[str] = None
    url: Optional[str] = None
    fetched: Optional[str] = None
    content_type: Optional[str] = None  # "text/plain", "text/html", ...
    title: Optional[str] = None  # a title the container gave (a feed item, a JSONL field)
    date: Optional[str] = None
    notes: list[str] = field(default_factory=list)  # what reading noticed (a URL dropped, ...): the document's notes


@dataclass
class CleanPage:
    """What the clean stage makes of a page: the article, and its teasers as documents of their own."""
    document: Document
    teasers: list[Document] = field(default_factory=list)
