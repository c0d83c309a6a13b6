"""The gazetteer: canonical actors and the names that point at them.

Built once per process (`load_gazetteer`) from well-kept packages and a few curated
files in `geowire/data/`:

- states: country_converter's table (UN members, codes, short and official names,
  ccTLDs) and pycountry's names; `states.yaml` adds demonyms, capitals and seats of
  power (matched as metonyms only), the partially recognised entities PLOVER lists
  (South Ossetia → GEO + PRE) and the dependencies PLOVER folds into their state;
- intergovernmental organisations (`igos.yaml`), ministries, agencies, legislatures,
  armed forces (`agencies.yaml`, plus the MISP intelligence-agencies galaxy),
  media (`media.yaml`), campaigns (`campaigns.yaml`), officials with their offices
  (`officials.yaml`);
- threat groups: the MISP threat-actor galaxy (pymispgalaxies), with the aliases that
  are ordinary English words left out;
- last, what the curated data lacks from the PETRARCH-2 Phoenix dictionaries
  (`geowire/actors/phoenix.py`, built by scripts/build_phoenix.py): persons with
  date-bounded roles, IGOs, NGOs, armed non-state groups, and agent nouns ("police",
  "rebels") that the linker links with a state. Curated entries win.

country_converter's `CountryConverter` class does not build under pandas 3 (it compiles
the ISO2 column, where Namibia's "NA" reads as a missing value), so its data file is
read directly with the csv module — also faster than importing pandas.

The spaCy matchers over all these names are built lazily, once per vocabulary
(`Gazetteer.matchers`), so loading the gazetteer itself needs no spaCy model.
"""
from __future__ import annotations

import csv
import datetime as dt
import glob
import re
import threading
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Iterable, Optional


from geowire.settings import DATA_DIR as DATA, read_data_yaml
from geowire.nlp import MODEL as SPACY_MODEL  # its lemma index tells which words are English

# How a pattern points at its entry; actors.py decides, per label, when a match counts.
NAME = "name"          # a name or alias of the entry
DEMONYM = "demonym"    # "Russian", "Russians"
SEAT = "seat"          # a capital or seat of power: an actor only when used as a metonym
SHORT = "short"        # a one-word alias of a person ("Putin"): checked in context
BLOCK = "block"        # a phrase that is no actor although it holds a name ("New Jersey")

STATE_KINDS = ("state", "partially-recognized-state", "location")
FUNCTION_WORDS = {"of", "the", "for", "and", "on", "in", "de", "la", "des", "du", "del"}



# ---- records -------------------------------------------------------------------------

@dataclass(frozen=True)
class Office:
    """One office an official held: what it is called, of which entity, and when."""
    title: str
    of: str                      # gazetteer id of the state or organisation
    role: str                    # "President of Russia"
    country: Optional[str]
    sectors: tuple[str, ...]
    start: Optional[dt.date] = None
    end: Optional[dt.date] = None

    def held_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Entry:
    """A canonical actor the gazetteer knows."""
    id: str
    name: str
    kind: str
    country: Optional[str] = None
    sectors: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    demonym: Optional[str] = None       # states: the adjective used to build "<Demonym> Armed Forces"
    dept: Optional[str] = None          # ministries: the department key ("foreign")
    offices: tuple[Office, ...] = ()    # persons
    imported: bool = False              # from the Phoenix dictionaries (geowire/actors/phoenix.py)

    def office_on(self, day: Optional[dt.date]) -> Optional[Office]:
        """The office held on `day`; else the latest one begun before it; no day: the latest.

        An imported person's office counts only on its days (Phoenix dates every role it
        knows: outside them the person held none of them); of several held, a dated one
        over an undated one, an office over a former-official (ELI) role, then the latest."""
        if not self.offices:
            return None
        ordered = sorted(self.offices, key=lambda o: o.start or dt.date.min)
        if day is None:
            return ordered[-1]
        held = [o for o in ordered if o.held_on(day)]
        if self.imported:
            return max(held, key=lambda o: ("ELI" not in o.sectors, o.start is not None or o.end is not None,
                                            o.start or dt.date.min), default=None)
        if held:
            return held[-1]
        begun = [o for o in ordered if o.start is None or o.start <= day]
        return begun[-1] if begun else ordered[0]


@dataclass(frozen=True)
class Department:
    key: str
    label: str
    words: tuple[str, ...]
    sectors: tuple[str, ...]


@dataclass
class Matchers:
    """The spaCy matchers over the gazetteer's names, for one vocabulary."""
    names: object        # PhraseMatcher (ORTH) over every surface in Gazetteer.patterns
    heads: object        # GatedMatcher: ministries, armed forces, government, media, parliament, campaigns
    tagged: object       # GatedMatcher of the patterns that need part-of-speech tags
    keys: dict[int, list[tuple[str, str]]]   # PhraseMatcher key hash → [(entry id, label)]
    agents: object = None                    # PhraseMatcher (LOWER) over the Phoenix agent nouns
    agent_keys: dict[int, str] = field(default_factory=dict)   # its key hash → the agent surface


# ---- helpers -------------------------------------------------------------------------

def slug(text: str) -> str:
    """Lowercase hyphenated ASCII form of a name: 'Recep Tayyip Erdoğan' → 'recep-tayyip-erdogan'."""
    text = text.replace("'", "").replace("’", "")
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")
    return out or re.sub(r"[\W_]+", "-", text.lower()).strip("-")  # a name in another script keeps it


def _date(value, end: bool = False) -> Optional[dt.date]:
    """A YAML year or date as a date (a bare year: its first day, or its last as an end)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    text = str(value)
    if re.fullmatch(r"\d{4}", text):
        return dt.date(int(text), 12, 31) if end else dt.date(int(text), 1, 1)
    return dt.date.fromisoformat(text)


def _read_yaml(name: str) -> dict:
    return read_data_yaml(DATA / name)


def _plural(word: str, no_plural: set[str]) -> Optional[str]:
    """'Russian' → 'Russians'; none for 'Chinese', 'British', 'Swiss', 'French'."""
    if word in no_plural or word.endswith(("ese", "ish", "ss", "ench", "utch")):
        return None
    return word + "s"


def _with_article(name: str, kind: str) -> str:
    """'United States' → 'the United States' inside a role ('President of the United States')."""
    lead = ("United ", "Republic ", "Kingdom ", "Democratic Republic", "Holy See", "Bahamas", "Netherlands",
            "Philippines", "Gambia", "Central African", "Czech Republic", "Dominican", "Maldives", "Marshall", "Solomon")
    if name.startswith(lead) or (kind in ("igo", "agency", "organization") and not name.isupper()):
        return "the " + name
    return name


def _english_words(pos: Optional[str] = None) -> frozenset[str]:
    """Lowercase English words: the WordNet lemma index that en_core_web_sm's lemmatizer ships
    (of one part of speech: "noun", "verb", "adj", "adv"; None: all).

    Read from the installed model package (no spaCy pipeline needed); used to keep aliases
    that are ordinary words ("Snake", "Silence") from linking to threat groups, and title-case
    phrases ("Inherent Resolve") from being persons."""
    try:
        import spacy.util
        from spacy.lookups import Lookups

        root = spacy.util.get_package_path(SPACY_MODEL)
        found = glob.glob(str(root / "*" / "lemmatizer" / "lookups"))
        index = Lookups().from_disk(found[0]).get_table("lemma_index") if found else {}
        groups = [index.get(pos, [])] if pos else list(index.values())
    except (ImportError, OSError, IndexError, KeyError):
        return frozenset()
    return frozenset(w.lower() for words in groups for w in words if "_" not in w)


# ---- the gazetteer ---------------------------------------------------------------------

@dataclass(eq=False)  # hashed by identity: its methods are cached
class Gazetteer:
    entries: dict[str, Entry] = field(default_factory=dict)
    patterns: dict[str, list[tuple[str, str]]] = field(default_factory=dict)   # surface → [(id, label)]
    departments: dict[str, Department] = field(default_factory=dict)
    ministry_heads: tuple[str, ...] = ()
    ministries: dict[tuple[str, str], str] = field(default_factory=dict)      # (state id, dept) → id
    bodies: dict[tuple[str, str], str] = field(default_factory=dict)          # (state id, body) → id
    by_code: dict[str, str] = field(default_factory=dict)                     # alpha-3 / PLOVER code → state id
    by_alpha2: dict[str, str] = field(default_factory=dict)                   # ISO alpha-2 → PLOVER code
    cctld: dict[str, str] = field(default_factory=dict)                       # 'ru' → 'RUS'
    domains: dict[str, str] = field(default_factory=dict)                     # 'tass.ru' → 'tass'
    english: frozenset[str] = frozenset()
    english_nouns: frozenset[str] = frozenset()   # WordNet's nouns: a first name may be one ("Mark", "Rose")
    agents: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)  # 'rebels' → ('rebels', ('REB',))
    phoenix_stats: dict[str, int] = field(default_factory=dict)               # what the Phoenix import kept
    _index: dict[str, list[str]] = field(default_factory=dict, repr=False)    # casefolded name → ids
    _matchers: dict[int, tuple[object, Matchers]] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    # -- building -----------------------------------------------------------------------

    def add(self, entry: Entry, names: Iterable[str] = (), label: str = NAME) -> Entry:
        """Register an entry (a later one with the same id merges its aliases) and its names."""
        old = self.entries.get(entry.id)
        if old is not None:
            merged = tuple(dict.fromkeys((*old.aliases, *entry.aliases)))
            entry = replace(old, aliases=tuple(a for a in merged if a != old.name))
        self.entries[entry.id] = entry
        self.add_names(entry.id, (entry.name, *entry.aliases, *names), label)
        return entry

    def add_names(self, entry_id: str, names: Iterable[str], label: str = NAME) -> None:
        for name in names:
            name = " ".join(str(name).split())
            if not name:
                continue
            targets = self.patterns.setdefault(name, [])
            if (entry_id, label) not in targets:
                targets.append((entry_id, label))
            if label != BLOCK:
                ids = self._index.setdefault(name.casefold(), [])
                if entry_id not in ids:
                    ids.append(entry_id)

    # -- queries --------------------------------------------------------------------------

    def get(self, entry_id: str) -> Optional[Entry]:
        return self.entries.get(entry_id)

    def lookup(self, name: str) -> list[Entry]:
        """Entries that `name` (any case) names: 'Russian Federation' → [russia]."""
        return [self.entries[i] for i in self._index.get(" ".join(name.split()).casefold(), ())]

    def state(self, code: Optional[str]) -> Optional[Entry]:
        """The state (or territory) entry of a PLOVER / ISO alpha-3 code."""
        entry_id = self.by_code.get((code or "").upper())
        return self.entries.get(entry_id) if entry_id else None

    @lru_cache(maxsize=4096)
    def ministry_of(self, state: Entry, dept: str) -> Entry:
        """The ministry of `dept` ('foreign') of a state: curated, else '<demonym>-foreign-ministry'."""
        curated = self.ministries.get((state.id, dept))
        if curated:
            return self.entries[curated]
        d = self.departments[dept]
        stem = state.demonym or state.name
        return Entry(id=f"{slug(stem)}-{dept}-ministry", name=f"{stem} {d.label} Ministry" if state.demonym
                     else f"Ministry of {d.label} of {_with_article(state.name, state.kind)}",
                     kind="agency", country=state.country, sectors=_with_pre(d.sectors, state), dept=dept)

    @lru_cache(maxsize=4096)
    def body_of(self, state: Entry, body: str) -> Entry:
        """A state's armed forces or parliament: curated ('bundestag'), else '<demonym>-armed-forces'."""
        curated = self.bodies.get((state.id, body))
        if curated:
            return self.entries[curated]
        label, sectors = {"armed-forces": ("Armed Forces", ("MIL",)), "parliament": ("Parliament", ("LEG",))}[body]
        stem = state.demonym or state.name
        name = f"{stem} {label}" if state.demonym else f"{label} of {_with_article(state.name, state.kind)}"
        return Entry(id=f"{slug(stem)}-{body}", name=name, kind="organization", country=state.country,
                     sectors=_with_pre(sectors, state))

    @lru_cache(maxsize=4096)
    def media_of(self, state: Entry) -> Entry:
        """'Russian media' as one actor: russian-media (media, RUS, [JRN])."""
        stem = state.demonym or state.name
        return Entry(id=f"{slug(stem)}-media", name=f"{stem} media", kind="media", country=state.country,
                     sectors=_with_pre(("JRN",), state))

    @lru_cache(maxsize=4096)
    def agent_of(self, state: Entry, surface: str) -> Entry:
        """A Phoenix agent noun of a state ('Syrian rebels'): the state itself for a GOV-only noun
        ('Polish diplomats' are Poland, as 'the Polish government' is), its armed forces, parliament or
        media for MIL, LEG or JRN alone; else an actor '<demonym> <agents>' with the agent's sectors."""
        display, sectors = self.agents[surface]
        if sectors == ("GOV",):
            return state
        body = {("MIL",): "armed-forces", ("LEG",): "parliament"}.get(sectors)
        if body:
            return self.body_of(state, body)
        if sectors == ("JRN",):
            return self.media_of(state)
        stem = state.demonym or state.name
        name = f"{stem} {display}" if state.demonym else f"{display[:1].upper()}{display[1:]} of {_with_article(state.name, state.kind)}"
        return Entry(id=slug(f"{stem} {display}"), name=name, kind="organization", country=state.country,
                     sectors=_with_pre(sectors, state))

    @cached_property
    def agent_heads(self) -> dict[str, frozenset[str]]:
        """The heads of two-word Phoenix agents that are no agents alone, with the agent nouns
        that make them one: 'officers' → {'police', 'army', 'military', 'intelligence'} (from
        POLICE_OFFICER, ARMY_OFFICER, …). Phoenix leaves "officers" out on purpose: alone it is
        anyone's, and a story's "police" or "army" before it says whose."""
        heads: dict[str, set[str]] = {}
        for surface in self.agents:
            words = surface.split(" ")
            if len(words) == 2 and words[0] in self.agents and words[1] not in self.agents:
                heads.setdefault(words[1], set()).add(words[0])
        return {h: frozenset(m) for h, m in heads.items()}

    @lru_cache(maxsize=4096)
    def agent_alone(self, surface: str, singular: bool = False) -> Entry:
        """A Phoenix agent noun no state qualifies and no country context places ("police",
        "pro-Russia rebels", "the Senate"): an actor of its sectors and no country, as PETRARCH
        codes "---COP"; named as written when singular ("senate", not "senates")."""
        display, sectors = self.agents[surface]
        name = surface if singular else display
        return Entry(id=slug(name), name=name, kind="organization", country=None, sectors=tuple(sectors))

    def media_for_domain(self, domain: str) -> Entry:
        """A web domain named in a text: a curated outlet, else an outlet of its own (id = the domain)."""
        domain = domain.lower().removeprefix("www.")
        known = self.domains.get(domain)
        if known:
            return self.entries[known]
        return Entry(id=domain, name=domain, kind="media", country=self.cctld.get(domain.rsplit(".", 1)[-1]),
                     sectors=("JRN",))

    def is_english_word(self, word: str) -> bool:
        return word.lower() in self.english

    def is_english_noun(self, word: str) -> bool:
        return word.lower() in self.english_nouns

    # -- spaCy matchers -------------------------------------------------------------------

    def matchers(self, vocab) -> Matchers:
        """The matchers for `vocab` (built on first use, then cached with the vocab)."""
        with self._lock:
            cached = self._matchers.get(id(vocab))
            if cached is None or cached[0] is not vocab:
                cached = (vocab, self._build_matchers(vocab))
                self._matchers[id(vocab)] = cached
            return cached[1]

    def _build_matchers(self, vocab) -> Matchers:
        import spacy
        from spacy.matcher import PhraseMatcher

        tokenizer = spacy.blank("en", vocab=vocab).tokenizer  # the English rules the model's tokenizer uses
        names = PhraseMatcher(vocab, attr="ORTH")
        keys: dict[int, list[tuple[str, str]]] = {}
        surfaces = list(self.patterns)
        for surface, doc in zip(surfaces, _tokenize(tokenizer, surfaces)):
            if not self.patterns[surface]:
                continue
            key = vocab.strings.add("GZ:" + surface)
            keys[key] = self.patterns[surface]
            names.add("GZ:" + surface, [doc])
        heads = GatedMatcher(vocab, self._head_patterns(tokenizer))
        tagged = GatedMatcher(vocab, [("CAMPAIGN", [[{"POS": "PROPN", "OP": "+"}, {"LOWER": "campaign"}]],  # X campaign
                                       frozenset(["campaign"]))])
        agents = PhraseMatcher(vocab, attr="LOWER")
        agent_keys: dict[int, str] = {}
        surfaces = list(self.agents)
        for surface, doc in zip(surfaces, _tokenize(tokenizer, surfaces)):
            key = vocab.strings.add("AG:" + surface)
            agent_keys[key] = surface
            agents.add("AG:" + surface, [doc])
        return Matchers(names=names, heads=heads, tagged=tagged, keys=keys, agents=agents, agent_keys=agent_keys)

    def _head_patterns(self, tokenizer) -> list[tuple[str, list, frozenset[str]]]:
        """Token patterns for the nouns that, with a state, make an actor of their own: (key,
        patterns, gate words), a key matching only in a document that holds one of its gate words."""
        out: list[tuple[str, list, frozenset[str]]] = []
        head_noun = [{"LOWER": "ministry"}] + [{"ORTH": h} for h in self.ministry_heads if h.lower() != "ministry"]
        for d in self.departments.values():
            pats, gate = [], set()
            for words in d.words:
                toks = [{"LOWER": t.text.lower()} for t in tokenizer(words)]
                gate.add(toks[0]["LOWER"])
                for head in head_noun:
                    pats.append(toks + [head])                                   # Foreign Ministry
                pats.append([{"LOWER": "ministry"}, {"LOWER": {"IN": ["of", "for"]}}, {"LOWER": "the", "OP": "?"}] + toks)
            out.append((f"MIN:{d.key}", pats, frozenset(gate)))
        forces = ["military", "defence", "defense"]
        out.append(("BODY:armed-forces", [
            [{"LOWER": "armed"}, {"LOWER": "forces"}], [{"LOWER": {"IN": forces}}, {"LOWER": "forces"}],
            [{"LOWER": "military"}], [{"LOWER": "army"}], [{"LOWER": "troops"}], [{"LOWER": "forces"}]],
            frozenset(["armed", *forces, "army", "troops", "forces"])))
        legislature = ["parliament", "legislature"]
        out.append(("BODY:parliament", [[{"LOWER": {"IN": legislature}}]], frozenset(legislature)))
        government = ["government", "authorities", "leadership", "regime"]
        out.append(("GOV", [[{"LOWER": {"IN": government}}]], frozenset(government)))
        out.append(("MEDIA", [[{"LOWER": "media"}], [{"LOWER": "state"}, {"LOWER": "media"}], [{"LOWER": "press"}]],
                    frozenset(["media", "press"])))
        quote = {"ORTH": {"IN": ['"', "“", "”", "'", "‘", "’"]}}
        capitalised = {"TEXT": {"REGEX": r"^[A-Z0-9]"}, "OP": "+"}
        out.append(("CAMPAIGN", [
            [quote, capitalised, quote, {"LOWER": {"IN": ["campaign", "operation"]}}],   # the "X" campaign
            [{"ORTH": "Operation"}, capitalised],                                        # Operation X
        ], frozenset(["campaign", "operation"])))
        return out


def _tokenize(tokenizer, texts: list[str]):
    """Docs of `texts` as the tokenizer makes them, faster: a text of plain letter words none of
    which is a special case ("cannot", "gonna") is split on spaces, which is what spaCy's English
    tokenizer does with it (its prefix, suffix and infix rules only act on non-letters); the
    rest goes through the tokenizer. Most of the ~15k gazetteer names are plain."""
    from spacy.tokens import Doc

    special = {k.lower() for k in tokenizer.rules}
    plain = [all(w.isalpha() and w.lower() not in special for w in t.split(" ")) and "  " not in t for t in texts]
    rest = iter(tokenizer.pipe([t for t, p in zip(texts, plain) if not p]))
    for t, p in zip(texts, plain):
        yield Doc(tokenizer.vocab, words=t.split(" ")) if p else next(rest)


class GatedMatcher:
    """A spaCy Matcher over keyed patterns that, for each document, holds only the keys that can
    match in it: those one of whose gate words (lowercase) occurs in it.

    spaCy's Matcher starts every pattern at every token, so its cost grows with the number of
    patterns: the ~150 ministry patterns made the head matcher ~80% of actor linking
    (benchmarks/bench_speed.py). Its states are independent of each other, so a Matcher
    holding a subset of the patterns, added in the same order, finds the same matches of
    those keys in the same order; a key left out could not have matched, as every one of
    its patterns has a required token whose every allowed value is a gate word (checked
    here: a key whose gate does not hold so is always kept). The Matcher for each set of
    keys is built on first use and kept.
    """

    MAX_CACHED = 1024  # sets of keys seen; a few dozen in practice

    def __init__(self, vocab, groups: list[tuple[str, list, frozenset[str]]]):
        self.vocab = vocab
        # (key, patterns, gate as LOWER hashes, or None: always in)
        self.groups = [(key, patterns, frozenset(vocab.strings.add(w) for w in gate)
                        if all(_requires_one_of(p, gate) for p in patterns) else None)
                       for key, patterns, gate in groups]
        self._matchers: dict[tuple[int, ...], object] = {}

    def __call__(self, doc) -> list[tuple[int, int, int]]:
        from spacy.attrs import LOWER

        lowers = set(doc.to_array([LOWER]).ravel().tolist()) if len(doc) else set()
        active = tuple(i for i, (_, _, gate) in enumerate(self.groups) if gate is None or not gate.isdisjoint(lowers))
        matcher = self._matchers.get(active)
        if matcher is None:
            matcher = self._build(active)
            if len(self._matchers) >= self.MAX_CACHED:
                self._matchers.clear()
            self._matchers[active] = matcher
        return matcher(doc) if len(matcher) else []

    def _build(self, active: tuple[int, ...]):
        from spacy.matcher import Matcher

        matcher = Matcher(self.vocab)
        for i in active:
            key, patterns, _ = self.groups[i]
            matcher.add(key, patterns)
        return matcher


def _requires_one_of(pattern: list[dict], words: frozenset[str]) -> bool:
    """Whether a token pattern has a required token (no OP) whose LOWER, or the lowercase of
    whose ORTH, can only be one of `words`."""
    for spec in pattern:
        if "OP" in spec:
            continue
        for attr, value in spec.items():
            if attr not in ("LOWER", "ORTH", "TEXT"):
                continue
            allowed = value.get("IN") if isinstance(value, dict) and set(value) == {"IN"} else \
                [value] if isinstance(value, str) else None
            if allowed and all(isinstance(v, str) and v.lower() in words for v in allowed):
                return True
    return False


def _with_pre(sectors: Iterable[str], state: Entry) -> tuple[str, ...]:
    """The sectors of a body of `state`, plus PRE when the state is a partially recognised entity."""
    out = list(sectors)
    if "PRE" in state.sectors and "PRE" not in out:
        out.append("PRE")
    return tuple(out)


# ---- loading ---------------------------------------------------------------------------

_LOAD_LOCK = threading.Lock()
_GAZETTEER: Optional[Gazetteer] = None


def load_gazetteer() -> Gazetteer:
    """The gazetteer (cached: one load per process)."""
    global _GAZETTEER
    with _LOAD_LOCK:
        if _GAZETTEER is None:
            _GAZETTEER = _build()
        return _GAZETTEER


def _build() -> Gazetteer:
    g = Gazetteer(english=_english_words(), english_nouns=_english_words("noun"))
    states = _read_yaml("states.yaml")
    _load_states(g, states)
    _load_igos(g, _read_yaml("igos.yaml"))
    agencies = _read_yaml("agencies.yaml")
    _load_bodies(g, agencies)
    _load_intelligence_galaxy(g, agencies)
    _load_media(g, _read_yaml("media.yaml"))
    _load_campaigns(g, _read_yaml("campaigns.yaml"))
    _load_officials(g, _read_yaml("officials.yaml"))
    _load_threat_groups(g, _read_yaml("threat_groups.yaml"))
    from geowire.actors.phoenix import load_phoenix  # imports this module: loaded here

    load_phoenix(g)  # after the curated files: curated entries win
    g.add_names("", states.get("not_actors", []), BLOCK)
    for name in states.get("ambiguous", []):   # names of more than one state: never matched
        g.patterns.pop(name, None)
        g._index.pop(name.casefold(), None)
    return g


@lru_cache(maxsize=1)
def seats_of_power() -> dict[str, str]:
    """Seats of power by lowercase name without "the", with the city they stand in
    ("kremlin" → Moscow), from states.yaml; read once, without building the gazetteer."""
    return {str(k).lower(): v for k, v in (_read_yaml("states.yaml").get("seats_of_power") or {}).items()}


def _coco_rows() -> list[dict[str, str]]:
    """country_converter's country table, found without importing the package (which imports pandas)."""
    import importlib.util

    spec = importlib.util.find_spec("country_converter")
    path = Path(next(iter(spec.submodule_search_locations))) / "country_data.tsv"
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def _pycountry_names(alpha3: str) -> list[str]:
    import pycountry

    c = pycountry.countries.get(alpha_3=alpha3)
    if c is None:
        return []
    names = [getattr(c, a, None) for a in ("common_name", "name", "official_name")]
    return [n for n in names if n and "," not in n]


def _load_states(g: Gazetteer, data: dict) -> None:
    import pycountry

    no_plural = set(data.get("no_plural", []))
    curated = {**data.get("states", {}), **data.get("extra_states", {})}
    territories = data.get("territories", {})
    for row in _coco_rows():
        a3 = row["ISO3"]
        if row["obsolete"] or not (row["UNmember"] or a3 in curated or a3 in territories):
            continue
        if a3 in territories and a3 not in curated:
            info, kind, code = {}, "location", territories[a3]
        else:
            info = curated.get(a3, {})
            kind, code = info.get("kind", "state"), info.get("code", a3)
        name = info.get("name") or row["name_short"]
        names = [row["name_short"], row["name_official"], *_pycountry_names(a3), *info.get("aliases", [])]
        aliases = tuple(dict.fromkeys(n for n in names if n and n != name and "," not in n and ". " not in n))
        demonyms = list(info.get("demonyms", []))
        entry = g.add(Entry(id=slug(name), name=name, kind=kind, country=code, aliases=aliases,
                            demonym=demonyms[0] if demonyms else None))
        _add_demonyms_and_seats(g, entry.id, demonyms, info.get("capitals", []), no_plural)
        g.by_code.setdefault(a3, entry.id)
        if kind != "location" or code == a3:  # a dependency's code is its sovereign's
            g.by_code.setdefault(code, entry.id)
        g.by_alpha2[row["ISO2"]] = code
        if row["ccTLD"] and kind != "location":
            g.cctld[row["ccTLD"]] = code
    for c in pycountry.countries:  # alpha-2 codes the table left out
        if c.alpha_2 not in g.by_alpha2 and c.alpha_3 in g.by_code:
            g.by_alpha2[c.alpha_2] = g.entries[g.by_code[c.alpha_3]].country
    for p in data.get("partially_recognized", []):
        demonyms = list(p.get("demonyms", []))
        entry = g.add(Entry(id=p["id"], name=p["name"], kind="partially-recognized-state", country=p["country"],
                            sectors=("PRE",), aliases=tuple(p.get("aliases", [])),
                            demonym=demonyms[0] if demonyms else None))
        _add_demonyms_and_seats(g, entry.id, demonyms, p.get("capitals", []), no_plural)


def _add_demonyms_and_seats(g: Gazetteer, entry_id: str, demonyms, seats, no_plural) -> None:
    forms = []
    for d in demonyms:
        forms.append(d)
        plural = _plural(d, no_plural)
        if plural:
            forms.append(plural)
    g.add_names(entry_id, forms, DEMONYM)
    g.add_names(entry_id, seats, SEAT)


def _load_igos(g: Gazetteer, data: dict) -> None:
    for i in data.get("igos", []):
        entry = g.add(Entry(id=i["id"], name=i["name"], kind="igo", country=i.get("country", "IGO"),
                            sectors=tuple(i.get("sectors", [])), aliases=tuple(i.get("aliases", []))))
        g.add_names(entry.id, i.get("capitals", []), SEAT)


def _load_bodies(g: Gazetteer, data: dict) -> None:
    g.ministry_heads = tuple(data.get("ministry_heads", ["Ministry"]))
    for key, d in data.get("departments", {}).items():
        g.departments[key] = Department(key=key, label=d["label"], words=tuple(d["words"]), sectors=tuple(d["sectors"]))
    for m in data.get("ministries", []):
        state = g.state(m["country"])
        dept = g.departments[m["dept"]]
        entry = g.add(Entry(id=m["id"], name=m["name"], kind="agency", country=state.country if state else m["country"],
                            sectors=dept.sectors, aliases=tuple(m.get("aliases", [])), dept=dept.key))
        if state:
            g.ministries[(state.id, dept.key)] = entry.id
    for a in data.get("agencies", []):
        g.add(Entry(id=a["id"], name=a["name"], kind="agency", country=a.get("country"),
                    sectors=tuple(a.get("sectors", [])), aliases=tuple(a.get("aliases", []))))
    for o in data.get("organizations", []):
        entry = g.add(Entry(id=o["id"], name=o["name"], kind=o.get("kind", "organization"), country=o.get("country"),
                            sectors=tuple(o.get("sectors", [])), aliases=tuple(a for a in o.get("aliases", []))))
        state = g.state(o.get("country"))
        if o.get("body") and state:
            g.bodies[(state.id, o["body"])] = entry.id


def _load_media(g: Gazetteer, data: dict) -> None:
    for m in data.get("media", []):
        entry = g.add(Entry(id=m["id"], name=m["name"], kind="media", country=m.get("country"), sectors=("JRN",),
                            aliases=tuple(m.get("aliases", []))))
        for d in m.get("domains", []):
            g.domains[d.lower()] = entry.id


def _hyphen_variants(names: Iterable[str]) -> list[str]:
    """'Storm-1516' also as 'Storm 1516', and back."""
    out = []
    for n in names:
        out.append(n)
        m = re.fullmatch(r"([A-Za-z]+)[- ](\d+)", n)
        if m:
            out += [f"{m[1]}-{m[2]}", f"{m[1]} {m[2]}"]
    return list(dict.fromkeys(out))


def _load_campaigns(g: Gazetteer, data: dict) -> None:
    for c in data.get("campaigns", []):
        names = _hyphen_variants([c["name"], *c.get("aliases", [])])
        g.add(Entry(id=c["id"], name=c["name"], kind="campaign", country=c.get("country"),
                    aliases=tuple(n for n in names if n != c["name"])))


def _load_officials(g: Gazetteer, data: dict) -> None:
    for o in data.get("officials", []):
        offices = []
        for off in o.get("offices", []):
            holder = g.get(off["of"]) or g.state(off["of"])
            if holder is None:
                raise ValueError(f"officials.yaml: {o['name']}: unknown office holder {off['of']!r}")
            sectors = tuple(off.get("sectors") or ("GOV",))
            if "PRE" in holder.sectors and "PRE" not in sectors:
                sectors += ("PRE",)
            country = holder.country
            role = off.get("role") or f"{off['title']} of {_with_article(holder.name, holder.kind)}"
            offices.append(Office(title=off["title"], of=holder.id, role=role, country=country, sectors=sectors,
                                  start=_date(off.get("from")), end=_date(off.get("to"), end=True)))
        aliases = tuple(o.get("aliases", []))
        latest = Entry(id="", name="", kind="person", offices=tuple(offices)).office_on(None)
        entry = Entry(id=o.get("id") or slug(o["name"]), name=o["name"], kind="person",
                      country=latest.country if latest else None, sectors=latest.sectors if latest else (),
                      aliases=aliases, offices=tuple(offices))
        g.add(entry, ())
        # one-word aliases are surnames: matched, then checked in context (SHORT)
        shorts = [a for a in aliases if " " not in a]
        for a in shorts:
            g.patterns[a].remove((entry.id, NAME))
        g.add_names(entry.id, shorts, SHORT)


def _galaxy(name: str):
    from pymispgalaxies import Cluster

    return Cluster(name)


def _latin(text: str) -> bool:
    return all(ord(c) < 0x250 or unicodedata.category(c)[0] != "L" for c in text)


def _load_intelligence_galaxy(g: Gazetteer, data: dict) -> None:
    """State intelligence agencies from the MISP intelligence-agencies galaxy (kind agency, SPY)."""
    curated = {a["galaxy"]: a["id"] for a in data.get("agencies", []) if a.get("galaxy")}
    cluster = _galaxy("intelligence-agencies")
    parsed = []
    for value in cluster.values():
        meta = value.meta
        code = g.by_alpha2.get((meta.country or "").upper()) if meta else None
        name = re.sub(r"\[\d+\]", "", value.value).strip()
        qualified = re.fullmatch(r"(.+?) \(([^)]+)\)", name)
        bare = qualified[1] if qualified else name
        desc = re.split(r"\s+[–−-]\s+|: ", re.sub(r"\[\d+\]", "", value.description or ""), maxsplit=1)
        english = re.sub(r"\s*\(.*?\)", "", desc[0]).strip()
        acronyms = re.findall(r"\b[A-Z][A-Za-z]*[A-Z0-9]\b", " ".join(re.findall(r"\(([^)]*)\)", desc[0])))
        extra = desc[1] if len(desc) > 1 and ":" in (value.description or "") else None
        synonyms = [s for s in (meta.synonyms if meta else ()) if _latin(s)]
        parsed.append((value.value, name, bare, code, english, acronyms, extra, synonyms))
    bare_count: dict[str, int] = {}
    acro_count: dict[str, int] = {}
    for _, _, bare, _, english, acronyms, _, _ in parsed:
        for n in {bare, english}:
            bare_count[n] = bare_count.get(n, 0) + 1
        for a in set(acronyms):
            acro_count[a] = acro_count.get(a, 0) + 1
    def needs_state(n: str, name: str, bare: str) -> bool:
        """A name several agencies share, that the galaxy qualifies ("X (Russia)"), or that is
        made of plain words ("Criminal Investigations Department": every country has one)."""
        return bare_count.get(n, 1) > 1 or (n == bare and name != bare) or \
            all(g.is_english_word(w) or w.lower() in FUNCTION_WORDS for w in re.findall(r"[A-Za-z]+", n))

    for value, name, bare, code, english, acronyms, extra, synonyms in parsed:
        state = g.state(code)
        names = []
        for n in (bare, english, extra, *synonyms):
            if not n or len(n) < 4:
                continue
            if needs_state(n, name, bare):
                if state:  # shared or common: only with its state ("Foreign Intelligence Service of Russia")
                    names.append(f"{n} of {_with_article(state.name, state.kind)}")
                    if state.demonym:
                        names.append(f"{state.demonym} {n}")
                continue
            names.append(n)
        good_acronyms = [a for a in acronyms if len(a) >= 3 and acro_count[a] == 1 and not g.is_english_word(a)]
        names += good_acronyms
        shared = needs_state(bare, name, bare) and state is not None
        if value in curated:
            entry_id = curated[value]
            display = g.entries[entry_id].name
        else:
            if good_acronyms and len(bare) > 40:
                display = good_acronyms[0]
            elif shared:  # a name several states' agencies share: say whose
                display = f"{bare} of {_with_article(state.name, state.kind)}"
            else:
                display = bare
            entry_id = slug(good_acronyms[0]) if good_acronyms else slug(display)
            if entry_id in g.entries:
                entry_id = slug(f"{display} {code or ''}")
            if entry_id in g.entries:
                continue
        existing = g.get(entry_id)
        # a name some other entry already has (a state, an IGO) stays with it
        names = [n for n in dict.fromkeys(names) if all(e.id == entry_id for e in g.lookup(n))]
        g.add(Entry(id=entry_id, name=display, kind="agency", country=existing.country if existing else code,
                    sectors=existing.sectors if existing else ("SPY",), aliases=tuple(n for n in names if n != display)))


def _alias_ok(alias: str, g: Gazetteer) -> bool:
    """Whether a threat-group alias may be matched in running text.

    Kept: names with a digit (APT28, TA422), CamelCase (OilRig), capitalised words that are
    no English words (Sofacy, Turla), capitalised multiword names (Fancy Bear), and
    all-caps words of 4+ letters that are no English words or are Microsoft's element
    names (STRONTIUM). Left out: ordinary words (Snake, Silence, LEAD) and short caps (SEA)."""
    words = alias.split()
    if len(alias) < 3 or not alias[0].isalnum():
        return False
    if len(words) > 1:
        return all(w[0].isupper() or w[0].isdigit() for w in words)
    if any(c.isdigit() for c in alias):
        return True
    if alias.isupper():
        return len(alias) >= 4 and (not g.is_english_word(alias) or alias.endswith("IUM"))
    if re.search(r"[a-z][A-Z]", alias):
        return True
    return alias[0].isupper() and not g.is_english_word(alias)


def _load_threat_groups(g: Gazetteer, data: dict) -> None:
    """Threat groups from the MISP threat-actor galaxy; country from `country`, else the suspected sponsor."""
    ignored = set(data.get("ignore_aliases", []))
    ignored_re = [re.compile(p) for p in data.get("ignore_patterns", [])]
    countries = data.get("countries", {})
    cluster = _galaxy("threat-actor")
    groups = []
    for value in cluster.values():
        meta = value.meta
        code = g.by_alpha2.get((meta.country or "").upper()) if meta and meta.country else None
        if code is None and meta is not None:
            sponsor = meta.additional_properties.get("cfr-suspected-state-sponsor")
            code = _sponsor_code(g, sponsor) if isinstance(sponsor, str) else None
        synonyms = sorted(meta.synonyms) if meta else []
        # "COZY BEAR" is written "Cozy Bear" in running text
        synonyms += [n.title() for n in synonyms if " " in n and n.isupper() and n.title() not in synonyms]
        groups.append((value.value, code, _hyphen_variants([value.value, *synonyms])))
    owners: dict[str, list[int]] = {}
    for i, (value, _, names) in enumerate(groups):
        for n in dict.fromkeys(names):
            owners.setdefault(n.casefold(), []).append(i)
    for i, (value, code, names) in enumerate(groups):
        entry_id = slug(value)
        if entry_id in g.entries:
            continue
        keep = []
        for n in names:
            who = owners[n.casefold()]
            if len(set(who)) > 1:
                main = [j for j in who if groups[j][0].casefold() == n.casefold()]
                if main != [i] and not _dominant(groups, who, i):
                    continue
            if g.lookup(n) or not _alias_ok(n, g) or n in ignored or any(r.search(n) for r in ignored_re):
                continue
            keep.append(n)
        aliases = tuple(n for n in dict.fromkeys(names) if n != value)
        entry = Entry(id=entry_id, name=value, kind="threat-group", country=countries.get(entry_id, code),
                      aliases=aliases)
        g.entries[entry_id] = entry
        g.add_names(entry_id, keep)


def _dominant(groups, owners: list[int], i: int) -> bool:
    """An alias shared by several clusters belongs to `i` if its cluster is twice as rich as any other."""
    size = {j: len(groups[j][2]) for j in set(owners)}
    return all(size[i] >= 2 * s for j, s in size.items() if j != i)


def _sponsor_code(g: Gazetteer, sponsor: str) -> Optional[str]:
    """'Iran (Islamic Republic of)' / "Korea (Democratic People's Republic of)" → a PLOVER code."""
    m = re.fullmatch(r"(.+?) \((.+ of)\)", sponsor)
    for name in ([f"{m[2]} {m[1]}", m[1]] if m else [sponsor]):
        states = [e for e in g.lookup(name) if e.kind in STATE_KINDS]
        if len(states) == 1:
            return states[0].country
    return None
