"""Actors and agent nouns imported from the PETRARCH-2 Phoenix dictionaries.

`scripts/build_phoenix.py` turns the dictionaries (openeventdata/petrarch2, MIT) into
`geowire/data/phoenix_actors.json` and `phoenix_agents.json`, with CAMEO codes already
converted to PLOVER country and sector codes. Here they feed the gazetteer, after the
curated files, so that:

- curated entries win: a Phoenix actor any of whose names the gazetteer already knows
  (compared without case, accents or hyphens) is left out whole, so a name another entry
  holds is never taken;
- names that would match ordinary text are left out: a one-word name that is an English
  word ("Resistance", "Justice"), names under three characters;
- a person's one-word name ("Putin") is a SHORT name, checked in context and resolved by
  date like a curated official's surname;
- a person's offices hold only on their days (`Entry.imported`): outside them the person
  keeps the country and gets no office role.

Agent nouns ("police", "rebels", "protesters") are kept for the linker, which links them
with a state ("Syrian rebels", "the police of Kenya"), as it does "Russian troops", and, for
a political sector, alone with the document's state ("police", "the government").
"""
from __future__ import annotations

import datetime as dt
import json
import unicodedata
from collections import Counter
from typing import Optional

from geowire.actors.gazetteer import NAME, SHORT, Entry, Gazetteer, Office, _with_article, slug
from geowire.settings import DATA_DIR

ACTORS_FILE = DATA_DIR / "phoenix_actors.json"
AGENTS_FILE = DATA_DIR / "phoenix_agents.json"

# how an imported office is written, by its first PLOVER sector (the dictionaries give codes, not titles)
ROLE_LABELS = {"GOV": "Government official", "MIL": "Military officer", "LEG": "Legislator", "JUD": "Judicial official",
               "SPY": "Intelligence official", "COP": "Police official", "ELI": "Former official",
               "OPP": "Opposition figure", "REB": "Rebel leader", "PTY": "Party official", "JRN": "Journalist",
               "BUS": "Business leader", "MED": "Health official", "EDU": "Education official", "LAB": "Labour leader",
               "REL": "Religious leader", "CVL": "Activist", "SOC": "Civil society figure"}
# Endings of the uncountable nouns among the agent phrases, which the build pluralises mechanically
# ("intelligence" → "intelligences"): those keep the phrase as it is.
MASS_ENDINGS = ("intelligence", "enforcement", "leadership", "governance", "presence", "resistance", "insurgence")
# ActorKind has no armed-group: a Phoenix armed group is an organisation with sector REB
KINDS = {"person": "person", "igo": "igo", "organization": "organization", "armed-group": "organization"}


def load_phoenix(g: Gazetteer) -> Counter:
    """Add the Phoenix actors and agents to `g` (after the curated data); counts of what was kept and left out."""
    stats: Counter = Counter()
    if ACTORS_FILE.exists():
        add_actors(g, json.loads(ACTORS_FILE.read_text(encoding="utf-8"))["actors"], stats)
    if AGENTS_FILE.exists():
        add_agents(g, json.loads(AGENTS_FILE.read_text(encoding="utf-8"))["agents"], stats)
    g.phoenix_stats = dict(stats)
    return stats


def fold(name: str) -> str:
    """A name compared without case, accents, hyphens or a leading article: 'Recep Tayyip Erdoğan' =
    'RECEP TAYYIP ERDOGAN', 'The United Nations' = 'United Nations'."""
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode() or name
    return " ".join(ascii_.replace("-", " ").replace(".", " ").casefold().split()).removeprefix("the ")


def _day(text: Optional[str]) -> Optional[dt.date]:
    return dt.date.fromisoformat(text) if text else None


def _office(g: Gazetteer, country: Optional[str], sectors: tuple[str, ...], start, end) -> Office:
    holder = g.state(country)
    label = ROLE_LABELS.get(sectors[0], "Official") if sectors else "Official"
    role = f"{label} of {_with_article(holder.name, holder.kind)}" if holder else label
    return Office(title=label, of=holder.id if holder else (country or ""), role=role, country=country,
                  sectors=sectors, start=_day(start), end=_day(end))


def _name_ok(g: Gazetteer, name: str) -> bool:
    """Whether an imported name may be matched: three characters or more, not a lone English word."""
    if len(name) < 3:
        return False
    return " " in name or not g.is_english_word(name)


def add_actors(g: Gazetteer, records: list[dict], stats: Counter) -> None:
    """Entries for the Phoenix actor records the curated data lacks."""
    known = {fold(n) for n in g._index}
    for r in records:
        names = [r["name"], *r.get("names", [])]
        folded = {fold(n) for n in names}
        if folded & known:
            stats["known"] += 1   # curated (or an earlier import) wins
            continue
        names = [n for n in names if _name_ok(g, n)]
        if not names:
            stats["no_usable_name"] += 1
            continue
        roles = [(c, tuple(s), a, b) for c, s, a, b in r["roles"]]
        countries = Counter(c for c, _, _, _ in roles if c)
        country = countries.most_common(1)[0][0] if countries else None
        kind = KINDS[r["kind"]]
        entry_id = slug(r["name"])
        if entry_id in g.entries:
            entry_id = slug(f"{r['name']} {country or r['kind']}")
        if entry_id in g.entries:
            stats["id_taken"] += 1
            continue
        if kind == "person":
            offices = tuple(_office(g, c or country, s, a, b) for c, s, a, b in roles if s or a or b)
            entry = Entry(id=entry_id, name=names[0], kind="person", country=country, imported=True,
                          aliases=tuple(names[1:]), offices=offices)
            g.entries[entry_id] = entry
            g.add_names(entry_id, [n for n in names if " " in n], NAME)
            g.add_names(entry_id, [n for n in names if " " not in n], SHORT)  # a surname: checked in context
        else:
            sectors = next((s for c, s, _, _ in roles if s), ())
            entry = Entry(id=entry_id, name=names[0], kind=kind, country=country, sectors=sectors,
                          aliases=tuple(names[1:]), imported=True)
            g.entries[entry_id] = entry
            g.add_names(entry_id, names, NAME)
        known |= folded
        stats[f"added_{r['kind']}"] += 1
        stats["names"] += len(names)


def add_agents(g: Gazetteer, rows: list, stats: Counter) -> None:
    """Agent nouns by lowercase surface: (display phrase, PLOVER sectors)."""
    for phrase, plurals, sectors in rows:
        # a phrase already plural gets a doubled plural from the build ("government forces" → "forceses")
        doubled = bool(plurals) and phrase.endswith("s") and plurals[0] == phrase + "es"
        # and a mass noun gets one too ("intelligences", "law enforcements", "leaderships")
        mass = phrase.endswith(MASS_ENDINGS)
        display = phrase if not plurals or doubled or mass else plurals[0]
        for surface in (phrase, *plurals):
            if len(surface) < 3 or surface in g.agents:
                continue
            g.agents[surface] = (display, tuple(sectors))
            stats["agent_surfaces"] += 1
