"""A dossier as readable text: what `geowire analyze --format text` prints."""
from __future__ import annotations

import textwrap

from geowire.model import Dossier


def _names(dossier: Dossier, ids: list[str]) -> str:
    by_id = {a.id: a.name for a in dossier.actors}
    return ", ".join(by_id.get(i, i) for i in ids) or "-"


def _snip(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def render_text(dossier: Dossier, indent: str = "") -> str:
    d, out = dossier.document, []
    add = out.append
    kind = "TEASER" if d.kind == "teaser" else "ARTICLE"
    add(f"{kind} {d.title or '(untitled)'}")
    add(f"  id {d.id[:16]}  date {d.date or '-'} ({d.date_source})  publisher {d.publisher or '-'}"
        f"  language {d.language or '-'}  {len(d.body.split())} words")
    if d.source_path or d.url:
        add(f"  source {d.url or d.source_path}")
    if d.credits:
        add(f"  credits {', '.join(d.credits)}")
    for c in d.captions:
        add(f"  caption {_snip(c.text, 70)!r} credit {c.credit or '-'} date {c.date or '-'}")
    if d.removed:
        add(f"  removed {len(d.removed)} blocks of site chrome")
    for note in d.notes:
        add(f"  note {note}")

    add(f"actors ({len(dossier.actors)})")
    for a in sorted(dossier.actors, key=lambda a: -len(a.mentions)):
        extra = "/".join(filter(None, [a.country, ",".join(a.sectors)]))
        add(f"  {a.name:<34} {a.kind:<27} {extra:<12} {len(a.mentions)}× {a.role or ''}".rstrip())
    sections = [
        ("events", lambda e: f"{e.type}{'/' + e.mode if e.mode else ''} {_names(dossier, e.actors)}"
                             f" → {_names(dossier, e.recipients)}  {e.date or ''} {e.location or ''}"
                             f"{' NEGATED' if e.negated else ''}{' HYPOTHETICAL' if e.hypothetical else ''}"
                             f"  «{e.trigger}»"),
        ("agreements", lambda a: f"{a.name or a.kind or 'agreement'}: {_names(dossier, a.parties)}"
                                 f" signed {a.signed or '-'} at {a.place or '-'}; {a.duration_years or '-'} years,"
                                 f" renewal {a.renewal_years or '-'}; {', '.join(a.provisions) or 'no provisions'}"),
        ("attributions", lambda a: f"{_snip(a.incident, 50)} ({a.kind}, {a.confidence}): operator"
                                   f" {_names(dossier, a.operator)}, sponsor {_names(dossier, a.sponsor)},"
                                   f" by {_names(dossier, a.attributed_by)}"),
        ("quotes", lambda q: f"{_names(dossier, [q.speaker]) if q.speaker else q.speaker_text or '?'}"
                             f" ({q.kind}): {_snip(q.text, 70)!r}"),
        ("amounts", lambda m: f"{m.text!r} = {m.value:,.0f} {m.currency}"
                              f"{f' ≈ {m.usd:,.0f} USD' if m.usd and m.currency != 'USD' else ''}"
                              f"{f' ({m.period})' if m.period else ''}"),
        ("times", lambda t: f"{t.text!r} = {t.value} ({t.kind})"),
    ]
    for name, line in sections:
        facts = getattr(dossier, name)
        add(f"{name} ({len(facts)})")
        out.extend(f"  {line(f)}" for f in facts)
    if dossier.related:
        add(f"related ({len(dossier.related)})")
    text = "\n".join(indent + line for line in out)
    for teaser in dossier.related:
        text += "\n\n" + textwrap.indent(render_text(teaser), indent + "    ")
    return text
