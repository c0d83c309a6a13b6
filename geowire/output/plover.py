"""PLOVER JSON records of a dossier's events (`geowire export --format plover`).

One JSON object per event, with the field names of the PLOVER manual's "Data Fields"
chapter (data/plover/PLOVER_MANUAL.tex: id, date, actor, recipient, event, mode, context,
event_loc, event_text, quad_code, text, text_info, cite_info, coder) and geowire's
provenance beside them (document id, url or source path, negated, hypothetical, reported,
confidence). Entities carry PLOVER's `code` (country), `sector`, `entity_text` and
`identifier_id`/`identifier_text`, plus geowire's `id`, `name`, `text` and all `sectors`.
"""
from __future__ import annotations

import hashlib
from typing import Iterator, Optional

from geowire import __version__
from geowire.model import Actor, Dossier, Event

QUAD_CODES = {
    **dict.fromkeys(("AGREE", "CONSULT", "SUPPORT", "CONCEDE"), 1),             # verbal cooperation
    **dict.fromkeys(("COOPERATE", "AID", "RETREAT"), 2),                         # material cooperation
    **dict.fromkeys(("REQUEST", "ACCUSE", "REJECT", "THREATEN"), 3),             # verbal conflict
    **dict.fromkeys(("PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"), 4),  # material conflict
}


def plover_records(dossier: Dossier, include_related: bool = True) -> Iterator[dict]:
    """One PLOVER object per event of the dossier (and of its teasers, unless told not to)."""
    actors = {a.id: a for a in dossier.actors}
    body = dossier.document.body
    for event in dossier.events:
        yield plover_record(event, dossier, actors, body)
    if include_related:
        for teaser in dossier.related:
            yield from plover_records(teaser, include_related)


def plover_record(event: Event, dossier: Dossier, actors: dict[str, Actor], body: str) -> dict:
    doc = dossier.document
    start, end = event.span
    record = {
        "id": event_id(doc.id, event),
        "date": event.date or doc.date,
        "actor": [entity(i, actors, body, event.span) for i in event.actors],
        "recipient": [entity(i, actors, body, event.span) for i in event.recipients],
        "event": [event.type],
        "mode": [event.mode] if event.mode else [],
        "context": list(event.context),
        "event_loc": {"name": event.location} if event.location else None,
        "event_text": [event.trigger],
        "quad_code": QUAD_CODES.get(event.type),
        "text": body[start:end],
        "text_info": {"start": start, "end": end},
        "text_offsets": [start, end],
        "cite_info": {"url": doc.url, "source_path": doc.source_path, "title": doc.title,
                      "publisher": doc.publisher, "date": doc.date},
        "coder": f"geowire {__version__}",
        "document_id": doc.id,
        "url": doc.url,
        "source_path": doc.source_path,
        "negated": event.negated,
        "hypothetical": event.hypothetical,
        "reported": event.reported,
        "confidence": event.confidence,
    }
    return record


def event_id(document_id: str, event: Event) -> str:
    """Stable across runs: the document, the span, the type and who did it to whom."""
    key = "|".join([document_id, f"{event.span[0]}-{event.span[1]}", event.type, event.trigger,
                    ",".join(event.actors), ",".join(event.recipients)])
    return "geowire-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def entity(actor_id: str, actors: dict[str, Actor], body: str, span: tuple[int, int]) -> dict:
    """A PLOVER entity object for an actor id (an id missing from the dossier is kept as is)."""
    actor = actors.get(actor_id)
    if actor is None:
        return {"code": None, "sector": None, "sectors": [], "id": actor_id, "name": actor_id,
                "text": actor_id, "entity_text": actor_id, "identifier_id": actor_id, "identifier_text": actor_id}
    text = surface_form(actor, body, span)
    return {
        "code": actor.country,
        "sector": actor.sectors[0] if actor.sectors else None,
        "other_sector_codes": actor.sectors[1:],
        "sectors": list(actor.sectors),
        "id": actor.id,
        "name": actor.name,
        "text": text,
        "entity_text": text,
        "identifier_id": actor.id,
        "identifier_text": actor.name,
        "office": actor.role,
    }


def surface_form(actor: Actor, body: str, span: tuple[int, int]) -> str:
    """How the text names the actor in the event's sentence, else at its first mention, else its name."""
    inside: Optional[tuple[int, int]] = next(((s, e) for s, e in actor.mentions if span[0] <= s and e <= span[1]), None)
    chosen = inside or (actor.mentions[0] if actor.mentions else None)
    return body[chosen[0]:chosen[1]] if chosen else actor.name
