"""Political relevance: which stories, sentences and events the PLOVER coder should code.

PLOVER codes political interactions; a hockey report ("Nelson fired a shot at Matt Murray"),
a product review or a lost-cat story has verbs of the lexicon but no political event. Three
gates, plain functions over data loaded once:

1. **Discards (data)** — geowire/data/discards.json, compiled by scripts/build_discards.py from
   the PETRARCH-2 / Phoenix discard list (MIT): story-level phrases ("world cup", "super
   bowl", "wimbledon") drop a whole story, sentence-level phrases ("hockey", "tournament",
   "world war ii", "bird flu") drop their sentence. `story_discarded`,
   `sentence_discarded`. Matching is on whole words, case-insensitive; a phrase's last word
   may take a plural -s/-es unless the list marked it whole-word (PETRARCH's trailing `_`).
   As PETRARCH coded the lead of a story ("the first four sentences of a news story", its
   docs), a story discard is looked for in the title and the first `LEAD_SENTENCES`
   sentences: a political article that mentions the World Cup in passing stays coded (the
   sentence that mentions it does not). A story that meets `STORY_DISTINCT` different discard
   phrases anywhere ("davis cup", "tennis", "defending champion") is about that topic and is
   dropped too (geowire's rule, not PETRARCH's: tuned on the tuning part of the benchmark).
   Phrases of time (a year of 1914-2013, "years ago") are left out by default: Phoenix dated
   every event with its story's date and had to drop past ones; geowire dates an event by its
   sentence's time expressions.
2. **Actors** — `is_political(actor)`: states, governments, agencies, IGOs, armed and
   threat groups, parties, protesters, office-holders; not a company, a sports club, a
   medium or a private person. `event_is_political(event, actors_by_id)`: an event needs
   one political actor or recipient, or is a protest by people of a country
   (`participants_political`: "Serbian students staged a protest").
3. **Pre-check** — `worth_parsing(sent, ...)`: a sentence with no candidate trigger word
   and no political actor mention cannot give a political event; cheap enough to run
   before the dependency parse.

The event coder (geowire/extract/events/__init__.py, `extract_events`) calls 1 once per
document and per sentence, 3 per sentence (with the actors linked in it), and 2 on each event
after merging; benchmarks/eval_relevance.py measures the result on hand-labelled pages.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping, Optional

from geowire.model import Actor, Event
from geowire.settings import DATA_DIR

DISCARDS_PATH = DATA_DIR / "discards.json"
LEXICON_PATH = DATA_DIR / "plover_triggers.yaml"
AGENTS_PATH = DATA_DIR / "phoenix_agents.json"
PHOENIX_ACTORS_PATH = DATA_DIR / "phoenix_actors.json"
CAMEO_PATH = DATA_DIR / "cameo_patterns.json"

# The lead of a story where a story-level discard counts (PETRARCH coded the first four sentences).
LEAD_SENTENCES = 4
# Different discard phrases (of either level) anywhere in a story that make it off-topic, when
# the sentences holding them are also this share of the story: on the tuning pages political
# stories meet at most one phrase ("pollution", "nba"), sports stories 3 to 10 in 15-50 % of
# their sentences; the share keeps a long essay with three passing mentions (a war, a prize).
STORY_DISTINCT = 3
STORY_SHARE = 0.1

# Actor kinds that are political by what they are.
POLITICAL_KINDS = frozenset({"state", "partially-recognized-state", "agency", "igo", "threat-group", "campaign"})
# PLOVER sector codes of the state and of those who fight or contest it: government, military,
# intelligence, legislature, judiciary, police; rebels, opposition (protesters, activists),
# parties, unaffiliated armed forces (militants).
POLITICAL_SECTORS = frozenset({"GOV", "MIL", "SPY", "LEG", "JUD", "COP", "REB", "OPP", "PTY", "UAF"})
# PLOVER's non-state "countries" that are international bodies: the UN family, the EU, other IGOs.
POLITICAL_COUNTRIES = frozenset({"IGO", "UNO", "EUR"})
# Sectors that make a role private: a "chief executive" of a company or a newspaper's editor
# has an office, but not a public one.
# ELI (elites: former officials, "Former Special Envoy") is not private.
PRIVATE_SECTORS = frozenset({"BUS", "JRN", "EDU", "MED", "REL", "AGR", "LAB", "CRM"})
# Head words of the names of political institutions, for an organisation the gazetteer linked
# without sectors ("Columbus Police Department", "Peoples Democratic Party"). Curated, not the
# Phoenix agent nouns, which hold "carrier", "captain", "court", "raider": team and company words.
INSTITUTION_WORDS = frozenset({
    "police", "party", "parliament", "congress", "senate", "ministry", "government", "army", "navy",
    "military", "militia", "council", "commission", "assembly", "administration", "cabinet",
    "legislature", "embassy", "consulate", "prosecutor", "prosecutors", "regime", "rebels", "junta",
    "governors", "democrats", "republicans", "gendarmerie", "guard", "forces", "politburo",
})

# Words are runs of letters and digits, an inner apostrophe kept ("women's"): the same
# tokenizer as scripts/build_discards.py, so phrases and text are cut alike.
WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*\n")


def words(text: str) -> list[str]:
    """Lower-case words, typographic apostrophes folded: "Women’s Doubles" → ["women's", "doubles"]."""
    text = unicodedata.normalize("NFKC", text).lower().replace("\u2019", "'").replace("\u2018", "'")
    return WORD.findall(text)


# ---- discards -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]
    exact: bool  # the last word must be whole: no plural

    def at(self, seq: list[str], i: int) -> bool:
        """Whether the phrase starts at seq[i]."""
        n = len(self.words)
        if i + n > len(seq) or tuple(seq[i:i + n - 1]) != self.words[:-1]:
            return False
        last, word = self.words[-1], seq[i + n - 1]
        return word == last or (not self.exact and word in (last + "s", last + "es"))


@dataclass(frozen=True)
class Discards:
    """Phrases by their first word, for each level."""
    story: Mapping[str, tuple[Phrase, ...]]
    sentence: Mapping[str, tuple[Phrase, ...]]

    @classmethod
    def from_rows(cls, rows: Iterable, include_time: bool = False) -> "Discards":
        """From [phrase, level, exact, kind] rows (discards.json's "phrases"); phrases of time
        only with `include_time`."""
        index: dict[str, dict[str, list[Phrase]]] = {"story": {}, "sentence": {}}
        for phrase, level, exact, *kind in rows:
            if kind and kind[0] == "time" and not include_time:
                continue
            p = Phrase(tuple(phrase.split()), bool(exact))
            index[level].setdefault(p.words[0], []).append(p)
        return cls(**{lv: {w: tuple(ps) for w, ps in t.items()} for lv, t in index.items()})


@lru_cache(maxsize=None)
def load_discards(path: Path = DISCARDS_PATH, include_time: bool = False) -> Discards:
    """The compiled discard list, read once per process."""
    with open(path, encoding="utf-8") as f:
        return Discards.from_rows(json.load(f)["phrases"], include_time)


def find_phrases(seq: list[str], table: Mapping[str, tuple[Phrase, ...]]) -> Iterable[str]:
    """The phrases of `table` found in a word sequence, in text order. Written by hand after
    petrarch2's check_discards (a word trie walked over the sentence's words); spaCy's
    PhraseMatcher was checked and not taken: it needs a tokenized Doc, and the story check
    must also run on a plain string."""
    get = table.get
    for i, w in enumerate(seq):
        # a one-word phrase may be met in the plural: look up its singular too ("-s", "-es");
        # written out, not as a list per word: this runs over every word of every story
        for p in get(w, ()):
            if p.at(seq, i):
                yield " ".join(p.words)
        if w[-1:] != "s" or len(w) <= 3:
            continue
        for p in get(w[:-1], ()):
            if p.at(seq, i):
                yield " ".join(p.words)
        if len(w) > 4 and w[-2] == "e":
            for p in get(w[:-2], ()):
                if p.at(seq, i):
                    yield " ".join(p.words)


def find_phrase(seq: list[str], table: Mapping[str, tuple[Phrase, ...]]) -> Optional[str]:
    """The first phrase of `table` found in a word sequence."""
    return next(iter(find_phrases(seq, table)), None)


def _text(x) -> str:
    return x if isinstance(x, str) else x.text


def _sentences(doc) -> tuple[Optional[str], list[str]]:
    """(title, sentences) of a str, a spaCy Doc or an AnnotatedDocument."""
    if hasattr(doc, "sentences") and hasattr(doc, "document"):  # AnnotatedDocument
        if doc.doc is not None:
            return doc.document.title, [s.text for s in doc.sentences()]
        return doc.document.title, split_sentences(doc.body)
    if hasattr(doc, "sents"):  # spaCy Doc or Span
        return None, [s.text for s in doc.sents]
    return None, split_sentences(doc)


def split_sentences(text: str) -> list[str]:
    """Sentences of a plain text, roughly (after . ! ? and at blank lines): for a story not
    parsed yet, where only the lead and the set of phrases matter. By hand, not spaCy's
    sentencizer (checked: it needs a Doc, i.e. the tokenizer run first), to stay cheap."""
    return [s for s in SENTENCE_END.split(text) if s.strip()]


def story_discarded(doc, title: Optional[str] = None, lead: int = LEAD_SENTENCES,
                    distinct: int = STORY_DISTINCT, share: float = STORY_SHARE,
                    discards: Optional[Discards] = None) -> Optional[str]:
    """Why a whole story is out of scope ("story discard: world cup"), or None.

    `doc`: an AnnotatedDocument (its title and sentences are read), a spaCy Doc, or the body
    as a string. A story-level phrase counts in the title and the first `lead` sentences
    (PETRARCH's lead); `distinct` different discard phrases of either level anywhere, in at
    least `share` of the sentences, also discard the story ("off-topic: davis cup, tennis,
    defending champion")."""
    discards = discards or load_discards()
    doc_title, sents = _sentences(doc)
    title = title or doc_title
    for text in (title, *sents[:lead]):
        if text:
            phrase = find_phrase(words(text), discards.story)
            if phrase:
                return f"story discard: {phrase}"
    found: dict[str, None] = {}
    hit = 0
    for text in sents:
        seq = words(text)
        phrases = [*find_phrases(seq, discards.story), *find_phrases(seq, discards.sentence)]
        hit += bool(phrases)
        found.update(dict.fromkeys(phrases))
    if len(found) >= distinct and hit >= share * len(sents):
        names = list(found)
        return "off-topic: " + ", ".join(names[:5]) + (f" (+{len(names) - 5})" if len(names) > 5 else "")
    return None


def sentence_discarded(sent, discards: Optional[Discards] = None) -> bool:
    """Whether a sentence (a spaCy Span or a string) holds a discard phrase of either level
    (a story-level phrase past the lead still discards its own sentence)."""
    discards = discards or load_discards()
    seq = words(_text(sent))
    return find_phrase(seq, discards.sentence) is not None or find_phrase(seq, discards.story) is not None


# ---- actors and events ----------------------------------------------------------------------

def is_political(actor: Actor) -> bool:
    """Whether an actor makes an interaction political: a state (or breakaway state), an
    agency, an IGO, a territory, a threat group or influence campaign, anyone of a political sector
    (government, military, police, rebels, opposition and protesters, parties, militants), and
    a person holding a public office. A company, a sports club, a medium, a private person,
    a place are not."""
    if actor.kind in POLITICAL_KINDS:
        return True
    # geowire's "location" actors are territories with a PLOVER code of their own (Hong Kong
    # HKG, Gibraltar): state-like as actors ("Hong Kong protests")
    if actor.kind == "location" and actor.country:
        return True
    sectors = set(actor.sectors) or phoenix_sectors(actor)
    if sectors & POLITICAL_SECTORS:
        return True
    if actor.kind == "organization" and (actor.country in POLITICAL_COUNTRIES
                                         or set(words(actor.name)) & INSTITUTION_WORDS):
        return True
    # an office-holder: a role with no private sector ("President of Russia", not "CEO of Apple")
    return actor.kind == "person" and bool(actor.role) and not sectors & PRIVATE_SECTORS


def is_institution(actor: Actor) -> bool:
    """A public body: an agency, an IGO, or a political organisation (a legislature, a court, a
    police force, a party), not a state, a person or a company. Such a body before a noun acts
    ("an FBI investigation", "a U.N. inquiry"); a state or a person there is what it is about
    ("the Russia probe", "the Trump investigation")."""
    return actor.kind in ("agency", "igo") or (actor.kind == "organization" and is_political(actor))


@lru_cache(maxsize=None)
def _phoenix_index(path: Path = PHOENIX_ACTORS_PATH) -> Mapping[str, frozenset[str]]:
    """Lower-case name or alias → the PLOVER sectors of its Phoenix roles (any date); empty
    when the file (built by scripts/build_phoenix.py) is missing: a fallback only."""
    if not path.exists():
        return {}
    with open(path, encoding="utf-8") as f:
        actors = json.load(f)["actors"]
    out: dict[str, set[str]] = {}
    for a in actors:
        sectors = {s for role in a.get("roles") or () for s in role[1]}
        if a.get("kind") == "armed-group":
            sectors.add("REB")
        for name in (a["name"], *a.get("names", ())):
            out.setdefault(" ".join(words(name)), set()).update(sectors)
    return {k: frozenset(v) for k, v in out.items() if v}


def phoenix_sectors(actor: Actor) -> frozenset[str]:
    """The sectors the Phoenix actor dictionary gives an actor's name or aliases, for an
    actor the gazetteer linked without any ("Taliban": REB)."""
    index = _phoenix_index()
    for name in (actor.name, *actor.aliases):
        sectors = index.get(" ".join(words(name)))
        if sectors:
            return sectors
    return frozenset()


def participants_political(event_type: str, actors: Iterable[Actor], recipients: Iterable[Actor]) -> bool:
    """Whether an act is political: one participant is (`is_political`), or it is a protest by
    people of a country ("Serbian students staged a protest": PETRARCH's SRBEDU; taking to the
    streets is a political act whoever does it, a company's or a medium's statement aside)."""
    actors, recipients = list(actors), list(recipients)
    if any(is_political(a) for a in (*actors, *recipients)):
        return True
    return event_type == "PROTEST" and any(a.country and a.kind not in ("media",) and "BUS" not in a.sectors
                                           for a in actors)


def event_is_political(event: Event, actors_by_id: Mapping[str, Actor]) -> bool:
    """Whether an event has at least one political actor or recipient, or is a protest by people
    of a country (`participants_political`; unknown ids are not political)."""
    def known(ids):
        return [a for i in ids if (a := actors_by_id.get(i)) is not None]
    return participants_political(event.type, known(event.actors), known(event.recipients))


# ---- the pre-check --------------------------------------------------------------------------

@lru_cache(maxsize=None)
def trigger_lemmas(path: Path = LEXICON_PATH) -> frozenset[str]:
    """Every trigger lemma of the PLOVER lexicon (read from the YAML directly, not through the
    event coder's loader: a cheap set, no spaCy)."""
    from geowire.settings import read_data_yaml

    data = read_data_yaml(path)
    out = set()
    for entry in data.get("triggers") or []:
        lemmas = entry.get("lemma")
        for lemma in [lemmas] if isinstance(lemmas, str) else lemmas or []:
            out.update(str(lemma).lower().split())  # "air strike" → both words are candidates
    return frozenset(out)


def inflections(lemma: str) -> set[str]:
    """Regular English forms of a lemma (-s, -es, -ies, -ed, -d, -ied, -ing, doubled final
    consonant), by the rules spaCy's English lemmatizer undoes (its lemma_rules table)."""
    out = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "ing", lemma + "d"}
    if lemma.endswith("e"):
        out.add(lemma[:-1] + "ing")
    if lemma.endswith("y"):
        out |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if len(lemma) > 2 and lemma[-1] in "bdgklmnprt" and lemma[-2] in "aeiou":
        out |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return out


# Irregular forms of common trigger verbs (spaCy's lemma_exc has them, but reading it needs the
# model loaded; this pre-check must run without it).
IRREGULAR = {
    "fight": ["fought"], "strike": ["struck", "stricken"], "shoot": ["shot"], "meet": ["met"],
    "hold": ["held"], "send": ["sent"], "give": ["gave", "given"], "seek": ["sought"], "lead": ["led"],
    "take": ["took", "taken"], "bring": ["brought"], "make": ["made"], "break": ["broke", "broken"],
    "throw": ["threw", "thrown"], "beat": ["beaten"], "steal": ["stole", "stolen"], "win": ["won"],
    "lose": ["lost"], "shake": ["shook"], "speak": ["spoke", "spoken"], "withdraw": ["withdrew", "withdrawn"],
    "forbid": ["forbade", "forbidden"], "blow": ["blew", "blown"], "sell": ["sold"], "buy": ["bought"],
    "hit": ["hit"], "set": ["set"], "put": ["put"], "cut": ["cut"], "split": ["split"], "quit": ["quit"],
    "sign": [], "swear": ["swore", "sworn"], "flee": ["fled"], "begin": ["began", "begun"], "bear": ["bore", "borne"],
    "bind": ["bound"], "catch": ["caught"], "drive": ["drove", "driven"], "fall": ["fell", "fallen"],
    "feed": ["fed"], "freeze": ["froze", "frozen"], "hang": ["hung"], "keep": ["kept"], "leave": ["left"],
    "lend": ["lent"], "let": ["let"], "say": ["said"], "see": ["saw", "seen"], "shut": ["shut"],
    "sit": ["sat"], "slay": ["slew", "slain"], "spend": ["spent"], "stand": ["stood"], "tell": ["told"],
    "tear": ["tore", "torn"], "undertake": ["undertook", "undertaken"], "uphold": ["upheld"], "overthrow": ["overthrew", "overthrown"],
    "rise": ["rose", "risen"], "ride": ["rode", "ridden"], "go": ["went", "gone"], "do": ["did", "done"],
    "get": ["got", "gotten"], "come": ["came"], "run": ["ran"], "write": ["wrote", "written"],
}


@lru_cache(maxsize=None)
def trigger_forms(path: Path = LEXICON_PATH) -> frozenset[str]:
    """Surface forms of the trigger lemmas, for a sentence not yet lemmatised."""
    out: set[str] = set()
    for lemma in trigger_lemmas(path):
        out |= inflections(lemma)
        out.update(IRREGULAR.get(lemma, ()))
    return frozenset(out)


@lru_cache(maxsize=None)
def phoenix_agent_rows(path: Path = AGENTS_PATH) -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
    """The Phoenix agent nouns: (phrase, plurals, PLOVER sectors) each; () when the file
    (built by scripts/build_phoenix.py) is missing."""
    if not path.exists():
        return ()
    with open(path, encoding="utf-8") as f:
        return tuple((phrase, tuple(plurals), tuple(sectors)) for phrase, plurals, sectors in json.load(f)["agents"])


@lru_cache(maxsize=None)
def political_agent_words(path: Path = AGENTS_PATH) -> frozenset[str]:
    """One-word Phoenix agent nouns of a political sector, with their plurals ("police",
    "minister", "rebels", "protesters"): a political actor the linker may not have named yet.
    Empty when the file is missing."""
    return frozenset(w for phrase, plurals, sectors in phoenix_agent_rows(path) if set(sectors) & POLITICAL_SECTORS
                     for w in (phrase, *plurals) if " " not in w)


# CAMEO's noun synsets of people (PETRARCH-2's verb dictionary, compiled into cameo_patterns.json).
PERSON_SYNSETS = ("&PEOPLE", "&HOSTAGE", "&SUSPECT", "&REFUGEE", "&LEADER", "&NEGOTIATOR", "&OPPOSITION")
# Phoenix's own set of person words (its agents file: "!PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON"),
# and people held or freed that neither resource lists alone. Checked: WordNet's person.n.01
# hyponyms would be the full answer; no WordNet is installed (the gazetteer's word lists are plain).
PERSON_WORDS = frozenset({"man", "men", "woman", "women", "person", "persons", "crew", "crews", "sailor", "sailors",
                          "seaman", "seamen", "inmate", "inmates", "peacekeeper", "peacekeepers", "member", "members",
                          "pilot", "pilots", "boy", "boys", "staff", "personnel", "official", "officials",
                          "abductee", "abductees", "prisoner-of-war", "pows", "national"})


@lru_cache(maxsize=None)
def cameo_synsets(path: Path = CAMEO_PATH) -> Mapping[str, tuple[str, ...]]:
    """CAMEO's noun synsets (&WEAPON → its words), from the compiled dictionary; {} without it."""
    if not path.exists():
        return {}
    with open(path, encoding="utf-8") as f:
        return {name: tuple(words) for name, words in json.load(f)["synsets"].items()}


@lru_cache(maxsize=None)
def weapon_words() -> frozenset[str]:
    """One-word members of CAMEO's &WEAPON and &WMD synsets ("knife", "rifle", "missile")."""
    return frozenset(w for name in ("&WEAPON", "&WMD") for w in cameo_synsets().get(name, ()) if " " not in w)


@lru_cache(maxsize=None)
def person_nouns(agents_path: Path = AGENTS_PATH) -> frozenset[str]:
    """Nouns that name people: the one-word Phoenix agent nouns of any sector, with their plurals
    ("soldiers", "activists", "detainees", "migrants"), and the members of CAMEO's person synsets
    ("hostage", "prisoner", "suspect", "refugee", "civilians"), and `PERSON_WORDS`. The first two
    are empty when their built files are missing."""
    out: set[str] = set(PERSON_WORDS)
    out.update(w for phrase, plurals, _ in phoenix_agent_rows(agents_path) for w in (phrase, *plurals) if " " not in w)
    synsets = cameo_synsets()
    for name in PERSON_SYNSETS:
        out.update(w for w in synsets.get(name, ()) if " " not in w)
        out.update(w + "s" for w in synsets.get(name, ()) if " " not in w and not w.endswith("s"))
    return frozenset(out)


def worth_parsing(sent, actors: Iterable[Actor] = (), lemmas: Optional[frozenset[str]] = None) -> bool:
    """Whether a sentence may hold a political event: False when it has no candidate trigger
    word AND no political actor mention, so the coder (or the parser) can skip it.

    `sent`: a spaCy Span (its lemmas are used when the pipeline set them) or a string (its
    words are matched against the triggers' regular and irregular forms). `actors`: the
    actors the linker found in the sentence, if known; political agent nouns of the Phoenix
    agents list ("police", "rebels", "minister") count too. `lemmas`: the trigger lemmas
    (default: those of geowire/data/plover_triggers.yaml)."""
    if any(is_political(a) for a in actors):
        return True
    seq = words(_text(sent))
    if set(seq) & political_agent_words():
        return True
    if not isinstance(sent, str):
        seen = {t.lemma_.lower() for t in sent if t.lemma_}
        # the path spelt out: lru_cache keys trigger_lemmas() and trigger_lemmas(path) apart, and
        # trigger_forms passes it (the YAML was parsed twice per process)
        if seen & (trigger_lemmas(LEXICON_PATH) if lemmas is None else lemmas):
            return True
    # the surface forms too: a Doc made by the tokenizer alone has no lemmas
    forms = trigger_forms() if lemmas is None else frozenset(f for lm in lemmas for f in inflections(lm))
    return bool(set(seq) & forms)
