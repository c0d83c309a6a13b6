"""PLOVER JSON records of a dossier's events (`geowire export --format plover`).

One JSON object per event report, following the "Data Fields" chapter of the PLOVER manual
(PLOVER_MANUAL.tex, table "PLOVER JSON" and the information objects for entities, text,
citations and locations), field by field:

- required: `id` (unique in the export), `date` (always `YYYY-MM-DD`), `actor` (a list of entity
  objects), `event` (a list of one PLOVER category);
- `date`: the event's date, else its document's. A date known only to the year or month is
  written as its first day and `date_precision` says which ("day", "month" or "year");
  `date_source` says whether it came from the event or the document. An event with no date at
  all cannot be a PLOVER record (the manual requires one) and is left out;
- `actor`/`recipient` entities: `code` (country or non-state code), `sector`, `other_sector_codes`,
  `entity_text`, `identifier_id`, `identifier_text`, `office`. An actor with no known country is
  coded `UNK`, the manual's code for unidentified actors (an international organisation with no
  country of its own: `IGO`, the manual's non-state code); its sector stays null unless known. An
  event told with no actor (the manual requires one) gets one unidentified actor, code and sector UNK;
- `mode`, `context`, `event_text`: lists; `event_loc`: the location object's `extracted_place`;
  `quad_code` 1–4; `text` and `text_info` (`start`, `end`); `link`: the merged event (the same
  event reported by several documents shares one link);
- `cite_info`: the citation object's names: `corpus`, `citation` (the document id), `url`, `title`,
  `language` (ISO 639-1), `publication` (the publisher), `coder`, `codebook`, `version`;
- `coder`, and `has_event: true`.

The auxiliary modes (manual, "Auxiliary modes": the coder puts them "in the context", and
"negated events can be excluded from the final event dataset"): a negated event ("has not
re-emerged") is left out; a hypothetical one is kept with `hypothetical` in its `context` (and
the flag `hypothetical: true`). geowire's provenance rides along as extra fields, which the manual
allows: document_id, url, source_path, negated, hypothetical, reported, confidence, text_offsets.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Iterator, Optional

from geowire import __version__
from geowire.model import Actor, Dossier, Event

QUAD_CODES = {
    **dict.fromkeys(("AGREE", "CONSULT", "SUPPORT", "CONCEDE"), 1),             # verbal cooperation
    **dict.fromkeys(("COOPERATE", "AID", "RETREAT"), 2),                         # material cooperation
    **dict.fromkeys(("REQUEST", "ACCUSE", "REJECT", "THREATEN"), 3),             # verbal conflict
    **dict.fromkeys(("PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"), 4),  # material conflict
}
UNKNOWN = "UNK"  # the manual's code for an unidentified actor (Sector Codes: "Generic unidentified actors")
CODEBOOK = "plover"  # cite_info.codebook: the manual names it as "plover-base-1.3.1"; the version is not pinned here
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def plover_records(dossier: Dossier, include_related: bool = True,
                   links: Optional[dict[tuple, int]] = None, skipped: Optional[dict[str, int]] = None) -> Iterator[dict]:
    """One PLOVER object per event of the dossier (and of its teasers, unless told not to).

    Negated events and events with no date are left out (see the module docstring), counted in
    `skipped` ("negated", "undated") when given. `links`: the merged event of each report, by
    (document id, start, end, type), as the store keeps them."""
    actors = {a.id: a for a in dossier.actors}
    body = dossier.document.body
    for event in dossier.events:
        if event.negated:
            _count(skipped, "negated")
            continue
        record = plover_record(event, dossier, actors, body, links)
        if record is None:
            _count(skipped, "undated")
            continue
        yield record
    if include_related:
        for teaser in dossier.related:
            yield from plover_records(teaser, include_related, links, skipped)


def _count(skipped: Optional[dict[str, int]], why: str) -> None:
    if skipped is not None:
        skipped[why] = skipped.get(why, 0) + 1


def plover_date(value: Optional[str]) -> Optional[tuple[str, str]]:
    """A geowire date (YYYY, YYYY-MM or YYYY-MM-DD, maybe with a time) as PLOVER's YYYY-MM-DD and its
    precision: ("2015-03-01", "month") for "2015-03". None if there is no date in it."""
    m = _DATE.match(value or "")
    if not m:
        return None
    year, month, day = m.groups()
    # keep the most precise part that is a real date ("2015-02-30" is known to the month, "2015-13" to the year)
    candidates = [(f"{year}-{month}-{day}", "day")] if day else []
    candidates += [(f"{year}-{month}-01", "month")] if month else []
    for value, precision in [*candidates, (f"{year}-01-01", "year")]:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            continue
        return value, precision
    return None


def plover_record(event: Event, dossier: Dossier, actors: dict[str, Actor], body: str,
                  links: Optional[dict[tuple, int]] = None) -> Optional[dict]:
    """The PLOVER object of one event, or None when neither the event nor its document has a date."""
    doc = dossier.document
    date = plover_date(event.date)
    source = "event"
    if date is None:
        date, source = plover_date(doc.date), "document"
    if date is None:
        return None
    start, end = event.span
    context = list(event.context) + (["hypothetical"] if event.hypothetical and "hypothetical" not in event.context
                                     else [])
    link = (links or {}).get((doc.id, start, end, event.type))
    return {
        "id": event_id(doc.id, event),
        "has_event": True,
        "date": date[0],
        "date_precision": date[1],
        "date_source": source,
        # the manual requires an actor: an event told without one has an unidentified actor
        "actor": [entity(i, actors, body, event.span) for i in event.actors] or [unknown_entity()],
        "recipient": [entity(i, actors, body, event.span) for i in event.recipients],
        "event": [event.type],
        "mode": [event.mode] if event.mode else [],
        "context": context,
        "event_loc": {"extracted_place": event.location} if event.location else None,
        "event_text": [event.trigger],
        "quad_code": QUAD_CODES.get(event.type),
        "link": f"geowire-merged-{link}" if link is not None else None,
        "text": body[start:end],
        "text_info": {"start": start, "end": end},
        "cite_info": {"corpus": "geowire", "citation": doc.id, "url": doc.url, "title": doc.title,
                      "language": doc.language, "publication": doc.publisher,
                      "coder": f"geowire {__version__}", "codebook": CODEBOOK, "version": __version__},
        "coder": f"geowire {__version__}",
        # geowire's provenance, beside the manual's fields
        "document_id": doc.id,
        "url": doc.url,
        "source_path": doc.source_path,
        "text_offsets": [start, end],
        "negated": event.negated,
        "hypothetical": event.hypothetical,
        "reported": event.reported,
        "confidence": event.confidence,
    }


def event_id(document_id: str, event: Event) -> str:
    """Stable across runs: the document, the span, the type and who did it to whom."""
    key = "|".join([document_id, f"{event.span[0]}-{event.span[1]}", event.type, event.trigger,
                    ",".join(event.actors), ",".join(event.recipients)])
    return "geowire-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def actor_code(actor: Optional[Actor]) -> str:
    """The entity `code`: the actor's country; an international organisation with none is IGO (the
    manual's non-state code), anyone else with none UNK."""
    if actor is not None and actor.country:
        return actor.country
    if actor is not None and actor.kind == "igo":
        return "IGO"
    return UNKNOWN


def unknown_entity(actor_id: Optional[str] = None) -> dict:
    """An unidentified actor, coded as the manual codes them: code and sector UNK."""
    return {"code": UNKNOWN, "sector": UNKNOWN, "other_sector_codes": [], "entity_text": actor_id,
            "identifier_id": actor_id, "identifier_text": actor_id,
            "id": actor_id, "name": actor_id, "text": actor_id, "sectors": [UNKNOWN]}


def entity(actor_id: str, actors: dict[str, Actor], body: str, span: tuple[int, int]) -> dict:
    """A PLOVER entity object for an actor id (an id missing from the dossier: an unidentified actor, UNK)."""
    actor = actors.get(actor_id)
    if actor is None:
        return unknown_entity(actor_id)
    text = surface_form(actor, body, span)
    return {
        "code": actor_code(actor),
        "sector": actor.sectors[0] if actor.sectors else None,
        "other_sector_codes": actor.sectors[1:],
        "entity_text": text,
        "identifier_id": actor.id,
        "identifier_text": actor.name,
        "office": actor.role,
        # geowire's own names for the same things (kept for readers of earlier exports)
        "id": actor.id,
        "name": actor.name,
        "text": text,
        "sectors": list(actor.sectors),
        "kind": actor.kind,
    }


def surface_form(actor: Actor, body: str, span: tuple[int, int]) -> str:
    """How the text names the actor in the event's sentence, else at its first mention, else its name."""
    inside: Optional[tuple[int, int]] = next(((s, e) for s, e in actor.mentions if span[0] <= s and e <= span[1]), None)
    chosen = inside or (actor.mentions[0] if actor.mentions else None)
    return body[chosen[0]:chosen[1]] if chosen else actor.name
