"""The PLOVER trigger lexicon (geowire/data/plover_triggers.yaml), loaded once and matched
against tokens.

This module knows *which words* signal an event and what conditions the word's own
dependents must meet (sign + treaty, fire + at, hold + responsible); where the actor and
recipient are is only named here (as roles), and found by `events_syntax`. The format of
an entry is documented at the top of the YAML file and in docs/events.md.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

from spacy.tokens import Token

from geowire.nlp import lower_plain
from geowire.nlp.parse import acts_on_subject, vocabulary
from geowire.extract.events.relevance import person_nouns
from geowire.settings import read_data_yaml

LEXICON_PATH = Path(__file__).resolve().parents[2] / "data" / "plover_triggers.yaml"

NOUN_POS = frozenset({"NOUN", "PROPN"})
VERB_POS = frozenset({"VERB"})
# Dependents that modify a noun from the left ("cyber attack", "Israeli shelling", "Russia's").
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod", "poss"})
DEFAULT_ROLES = {
    "VERB": (("subject",), ("object",)),
    "NOUN": (("poss", "by", "modifier", "governor"), ("against", "on", "at", "to", "undergoer")),
}


@dataclass(frozen=True)
class Trigger:
    """One lexicon entry: a word, the conditions on its dependents, and its PLOVER coding."""
    lemmas: tuple[str, ...]
    pos: str = "VERB"
    event: Optional[str] = None
    mode: Optional[str] = None
    context: tuple[str, ...] = ()
    object: Optional[frozenset[str]] = None
    not_object: frozenset[str] = frozenset()
    modifier: Optional[frozenset[str]] = None
    not_modifier: frozenset[str] = frozenset()
    prep: Optional[frozenset[str]] = None
    prt: Optional[frozenset[str]] = None
    with_words: Optional[frozenset[str]] = None
    actor: tuple[str, ...] = ()
    recipient: tuple[str, ...] = ()
    symmetric: bool = False
    content: Optional[dict] = None
    absorb: bool = False
    emit: bool = True
    implicit_actor: Optional[str] = None
    by_state: Optional[dict] = None
    by_protesters: Optional[dict] = None
    needs: Optional[str] = None
    voice: Optional[str] = None
    complement: bool = False
    intransitive: bool = False
    transitive: bool = False
    reason: bool = False
    object_people: bool = False
    actor_not_sectors: frozenset[str] = frozenset()
    actor_political: bool = False
    tag: Optional[str] = None
    confidence: float = 0.8
    # a bare CAMEO verb (no pattern's words matched): its object says what it means, so an
    # object that is a thing leaves the recipient to that object alone (events.recipient_actors)
    object_decides: bool = False

    def matches(self, tok: Token) -> bool:
        """Whether the token's own dependents meet this entry's conditions."""
        if self.object is not None or self.not_object:
            heads = {t.lemma_.lower() for t in object_heads(tok)}
            if self.object is not None and self.object and not heads & self.object:
                return False
            if heads & self.not_object:
                return False
        if self.modifier is not None or self.not_modifier:
            mods = modifier_lemmas(tok)
            if self.modifier is not None and not mods & self.modifier:
                return False
            if mods & self.not_modifier:
                return False
        if self.prep is not None and not governed_preps(tok) & self.prep:
            return False
        if self.prt is not None and not particles(tok) & self.prt:
            return False
        if self.with_words is not None and not near_lemmas(tok) & self.with_words:
            return False
        if self.voice is not None and (self.voice == "passive") != acts_on_subject(tok):
            return False
        if self.complement and not has_complement(tok):
            return False
        if self.intransitive and (object_heads(tok) or acts_on_subject(tok) or any(
                c.dep_ in ("ccomp", "xcomp", "oprd") for c in tok.children if not for_clause(tok, c))):
            return False
        if self.transitive and not (object_heads(tok) or acts_on_subject(tok)):
            return False
        if self.object_people and not any(names_people(o) for o in object_heads(tok)):
            return False
        if self.reason and not any(c.dep_ == "prep" and c.lower_ == "for" and any(
                g.dep_ == "pcomp" and g.tag_ == "VBG" for g in c.children) for c in tok.children):
            return False
        if self.tag is not None and tok.tag_ != self.tag:
            return False
        return True


@dataclass(frozen=True)
class Lexicon:
    triggers: dict[tuple[str, str], tuple[Trigger, ...]]
    types: dict[str, dict]
    light_verbs: frozenset[str]
    governor_preps: frozenset[str]
    light_verb_preps: dict[str, frozenset[str]]
    cameo_also: frozenset[str]
    sequence_preps: frozenset[str]
    intent_verbs: frozenset[str]
    future_aux: frozenset[str]
    hypothetical_aux: frozenset[str]
    conditional_marks: frozenset[str]
    negating_verbs: frozenset[str]
    negating_words: frozenset[str]
    speech_verbs: frozenset[str]
    undergo_verbs: frozenset[str]
    non_agents: frozenset[str]
    qualifier_suffixes: frozenset[str]
    object_control: frozenset[str]
    document_nouns: frozenset[str]
    instruments: frozenset[str]
    protester_nouns: frozenset[str]
    contest_verbs: frozenset[str]
    contexts: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]

    def match(self, tok: Token) -> Optional[Trigger]:
        """The first entry for this token's lemma whose conditions hold, if any."""
        # a noun trigger is a common noun: "the Falklands War", "the Climate Action Summit" are names
        pos = "NOUN" if tok.pos_ == "NOUN" else "VERB" if tok.pos_ in VERB_POS else None
        if pos is None:
            return None
        for lemma in (verb_lemmas(tok) if pos == "VERB" else (tok.lemma_.lower(),)):
            for entry in self.triggers.get((lemma, pos), ()):
                if entry.matches(tok):
                    return entry
        return None

    def knows(self, tok: Token) -> bool:
        """Whether the YAML lists this verb's lemma at all (with any conditions): such a verb is
        the curated lexicon's, and the CAMEO fallback leaves it alone even when no entry's
        conditions hold ("sign" without a treaty is no event here, whatever CAMEO says); not a
        lemma of `cameo_also`, whose entries add readings to the dictionary's ("took to the
        streets" curated, "took control of" still CAMEO's)."""
        return tok.pos_ in VERB_POS and any((lemma, "VERB") in self.triggers and lemma not in self.cameo_also
                                            for lemma in verb_lemmas(tok))

    def type_rule(self, event: str, key: str, default=None):
        return self.types.get(event, {}).get(key, default)


# ---- what an entry's conditions look at -------------------------------------------------

RELATIVE_TAGS = frozenset({"WDT", "WP", "WP$"})


def object_heads(tok: Token) -> list[Token]:
    """A verb's direct objects (or passive subjects); a noun's "of" objects and compounds;
    with their conjuncts ("signed a treaty and an agreement")."""
    if tok.pos_ in NOUN_POS:
        found = [c for c in tok.children if c.dep_ == "compound"]
        found += [p for c in tok.children if c.dep_ == "prep" and c.lemma_.lower() == "of" for p in c.children if p.dep_ == "pobj"]
    else:
        found = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "attr", "dative")]
        if tok.dep_ == "acl" and tok.tag_ == "VBN":  # "a report released Tuesday": the head noun is the object
            found.append(tok.head)
        if tok.dep_ == "relcl" and tok.head.pos_ in NOUN_POS and any(c.dep_ == "nsubj" and c.tag_ not in RELATIVE_TAGS
                                                                      for c in tok.children):
            # "an agreement Clinton had struck", "the deal that Russia signed": what the clause is about
            found = [c for c in found if c.tag_ not in RELATIVE_TAGS]
            if not found:
                found.append(tok.head)
    return found + [c for t in found for c in t.conjuncts]


def names_people(tok: Token) -> bool:
    """Whether a noun phrase's head names people: a name, a person or a nationality ("released
    Maria Lopez", "26 Palestinians"), a pronoun of people ("freed them"), or a noun of people
    (`relevance.person_nouns`: "soldiers", "hostages", "activists"), not a thing ("released
    the emails", "freed up funds")."""
    if tok.pos_ == "PROPN" or tok.ent_type_ in ("PERSON", "NORP") or tok.lower_ in ("him", "her", "them"):
        return True
    if tok.tag_ in RELATIVE_TAGS and tok.head.dep_ == "relcl" and tok.head.head.i != tok.i:
        return names_people(tok.head.head)  # "the hostages, who were freed"
    if tok.pos_ == "NUM" or tok.lemma_.lower() in QUANTITY_HEADS:  # "25 of them", "dozens of prisoners"
        part = [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]
        return names_people(part[0]) if part else tok.pos_ == "NUM"
    return tok.lower_ in person_nouns() or tok.lemma_.lower() in person_nouns()


# Heads that count what their "of" phrase names.
QUANTITY_HEADS = frozenset({"dozen", "dozens", "hundred", "hundreds", "thousand", "thousands", "score", "scores",
                            "number", "group", "handful", "some", "all", "most", "many", "several", "both", "rest",
                            "remainder", "batch", "half", "each", "one", "two", "three"})


def modifier_lemmas(tok: Token) -> set[str]:
    """Lemmas of the words that modify the token, and of the two words before it
    ("cyber-attack" is split into three tokens, "air strike" may be parsed either way)."""
    out = {c.lemma_.lower() for c in tok.children if c.dep_ in MODIFIER_DEPS}
    out |= {t.lemma_.lower() for c in tok.children if c.dep_ == "compound" for t in c.children if t.dep_ in MODIFIER_DEPS}
    doc = tok.doc
    for i in (tok.i - 1, tok.i - 2):
        if i >= tok.sent.start and doc[i].text != "-":
            out.add(doc[i].lemma_.lower())
            break
    return out


def verb_lemmas(tok: Token) -> set[str]:
    """The lemma, and the plausible base forms of an inflected verb the lemmatiser got wrong
    ("staged" → "stag"): the lexicon is looked up with each."""
    low, lemma = tok.lower_, tok.lemma_.lower()
    out = {lemma}
    if tok.tag_ in ("VBD", "VBN") and low.endswith("ed"):
        out |= {low[:-1], low[:-2]}
    elif tok.tag_ == "VBG" and low.endswith("ing"):
        out |= {low[:-3], low[:-3] + "e"}
    elif tok.tag_ == "VBZ" and low.endswith("s"):
        out |= {low[:-1]}
    return out


# Auxiliaries that make a clause an act to come, not a statement: "pledged that his country would".
ACT_AUXILIARIES = frozenset({"will", "would", "shall", "'ll", "'d", "wo", "should", "must", "can", "could", "ca"})


def embedded_question(clause: Token) -> bool:
    """Whether a clause is a question inside a sentence: "whether/if" or a wh-word opens it
    ("asked whether it would help", "asked why they would leave"); `Syntax.asks` is the
    sentence that is one ("Did Russia attack?")."""
    first = clause.left_edge  # "how Andrew could be so sure": the wh-word may hang lower down
    return first.tag_ in ("WDT", "WP", "WRB") or any(
        (c.dep_ == "mark" and c.lower_ in ("whether", "if")) or (c.tag_ in ("WDT", "WP", "WRB") and c.i < clause.i)
        for c in clause.children)


def has_complement(verb: Token) -> bool:
    """An infinitive ("agreed to lift"), or a clause of an act to come, with a modal ("pledged
    that his country would", "agreed they should meet"). Not a statement ("most Americans agree
    that the country is on the wrong track": an opinion, no commitment; CAMEO codes "agree on
    the need" 019, a statement, no event), nor a quotation ("Smith agreed: 'It's a different
    job'"), nor a question ("asked whether it would help": `embedded_question`). A subjunctive
    ("agreed that he resign") is lost: the tagger reads it as a present. A noun's are the same clauses,
    attached to it ("his promise to build a wall", "assurances that it would not invade", "a
    commitment to destroying ISIL"), not its object ("a commitment to peace": a value, no act)."""
    for c in verb.children:
        if c.dep_ == "xcomp":
            return True
        if c.dep_ == "ccomp" and any(g.dep_ == "aux" and lower_plain(g) in ACT_AUXILIARIES for g in c.children) \
                and not embedded_question(c):
            return True
        if c.dep_ == "acl" and any(g.dep_ == "aux" and (g.lower_ == "to" or lower_plain(g) in ACT_AUXILIARIES)
                                   for g in c.children):
            return True
        if c.dep_ == "prep" and c.lower_ == "to" and any(g.dep_ == "pcomp" and g.tag_ == "VBG" for g in c.children):
            return True  # "their commitment to destroying ISIL"
    return False


def particle_tokens(tok: Token) -> list[Token]:
    """A verb's particles: its `prt` dependents, and a word right after it that spaCy calls an
    adverb or a preposition ("walked out over pension reform", "walked out of the talks")."""
    return [c for c in tok.children
            if c.dep_ == "prt" or (c.dep_ in ("advmod", "prep") and c.i == tok.i + 1 and c.pos_ in ("ADV", "ADP"))]


def particles(tok: Token) -> set[str]:
    return {c.lemma_.lower() for c in particle_tokens(tok)}


def governed_preps(tok: Token) -> set[str]:
    """The prepositions a token governs, with the "for" of a for-to clause ("called for Russia
    to withdraw": spaCy makes "for" the mark of the infinitive)."""
    preps = {c.lemma_.lower() for c in tok.children if c.dep_ in ("prep", "agent")}
    if any(for_clause(tok, c) for c in tok.children):
        preps.add("for")
    return preps


def for_clause(tok: Token, clause: Token) -> bool:
    """Whether a clause under the token is a for-to clause ("called for Russia to withdraw"):
    "for" is its mark, or a preposition of the token left without an object just before it."""
    if clause.dep_ not in ("advcl", "ccomp", "xcomp"):
        return False
    if any(g.dep_ == "mark" and g.lower_ == "for" for g in clause.children):
        return True
    start = clause.left_edge.i
    return start > 0 and any(c.dep_ == "prep" and c.lower_ == "for" and c.i == start - 1 and not list(c.children)
                             for c in tok.children)


def near_lemmas(tok: Token) -> set[str]:
    """Lemmas of the token's dependents and of theirs (hold + [Russia] responsible)."""
    return {g.lemma_.lower() for c in tok.children for g in (c, *c.children)}


# ---- loading --------------------------------------------------------------------------------

def _words(value) -> Optional[frozenset[str]]:
    if value is None:
        return None
    values = value if isinstance(value, list) else [value]
    if any(isinstance(v, bool) for v in values):  # YAML 1.1 reads a bare on/no/yes as a boolean
        raise ValueError(f"plover_triggers: quote on/no/yes/off in {values!r}")
    return frozenset(str(v).lower() for v in values)


def _roles(values) -> list[str]:
    if any(not isinstance(v, str) for v in values):  # a bare `on` is YAML's True
        raise ValueError(f"plover_triggers: roles must be words (quote \"on\"): {values!r}")
    return list(values)


def _trigger(raw: dict) -> Trigger:
    pos = raw.get("pos", "VERB").upper()
    default_actor, default_recipient = DEFAULT_ROLES[pos]
    lemmas = raw["lemma"] if isinstance(raw["lemma"], list) else [raw["lemma"]]
    return Trigger(
        lemmas=tuple(str(w).lower() for w in lemmas), pos=pos, event=raw.get("event"), mode=raw.get("mode"),
        context=tuple(raw.get("context") or ()), object=_words(raw.get("object")),
        not_object=_words(raw.get("not_object")) or frozenset(), modifier=_words(raw.get("modifier")),
        not_modifier=_words(raw.get("not_modifier")) or frozenset(),
        prep=_words(raw.get("prep")), prt=_words(raw.get("prt")), with_words=_words(raw.get("with")),
        actor=tuple(_roles(raw.get("actor") or default_actor)), recipient=tuple(_roles(raw.get("recipient", default_recipient))),
        symmetric=bool(raw.get("symmetric", False)), content=raw.get("content"), absorb=bool(raw.get("absorb", False)),
        emit=bool(raw.get("emit", True)), implicit_actor=raw.get("implicit_actor"), by_state=raw.get("by_state"),
        by_protesters=raw.get("by_protesters"),
        needs=raw.get("needs"), voice=raw.get("voice"), complement=bool(raw.get("complement", False)),
        intransitive=bool(raw.get("intransitive", False)), transitive=bool(raw.get("transitive", False)),
        reason=bool(raw.get("reason", False)), object_people=bool(raw.get("object_people", False)),
        actor_not_sectors=frozenset(str(v).upper() for v in raw.get("actor_not_sectors") or ()),
        actor_political=bool(raw.get("actor_political", False)),
        tag=raw.get("tag"), confidence=float(raw.get("confidence", 0.8)),
    )


def parse_lexicon(data: dict) -> Lexicon:
    """Build a `Lexicon` from the parsed YAML (a dict), checking event types and roles."""
    types = data.get("types") or {}
    index: dict[tuple[str, str], list[Trigger]] = {}
    for raw in data.get("triggers") or []:
        entry = _trigger(raw)
        if entry.emit and entry.event not in types:
            raise ValueError(f"plover_triggers: unknown event type {entry.event!r} for {entry.lemmas}")
        for lemma in entry.lemmas:
            index.setdefault((lemma, entry.pos), []).append(entry)
    contexts = tuple((name, tuple(tuple(w.lower().split()) for w in words))
                     for name, words in (data.get("contexts") or {}).items())
    return Lexicon(
        triggers={k: tuple(v) for k, v in index.items()}, types=types,
        light_verbs=_words(data.get("light_verbs")) or frozenset(),
        governor_preps=_words(data.get("governor_preps")) or frozenset(),
        light_verb_preps={str(v).lower(): _words(p) or frozenset() for v, p in (data.get("light_verb_preps") or {}).items()},
        cameo_also=_words(data.get("cameo_also")) or frozenset(),
        sequence_preps=_words(data.get("sequence_preps")) or frozenset(),
        intent_verbs=_words(data.get("intent_verbs")) or frozenset(),
        future_aux=_words(data.get("future_aux")) or frozenset(),
        hypothetical_aux=_words(data.get("hypothetical_aux")) or frozenset(),
        conditional_marks=_words(data.get("conditional_marks")) or frozenset(),
        negating_verbs=_words(data.get("negating_verbs")) or frozenset(),
        negating_words=_words(data.get("negating_words")) or frozenset(),
        # shared with the other extractors' speech cues: geowire/data/vocabulary.yaml
        speech_verbs=_words(data.get("speech_verbs")) or vocabulary("speech.event_report_cues"),
        undergo_verbs=_words(data.get("undergo_verbs")) or frozenset(),
        non_agents=_words(data.get("non_agents")) or frozenset(),
        qualifier_suffixes=_words(data.get("qualifier_suffixes")) or frozenset(),
        object_control=_words(data.get("object_control")) or frozenset(),
        document_nouns=_words(data.get("document_nouns")) or frozenset(),
        instruments=_words(data.get("instruments")) or frozenset(),
        protester_nouns=_words(data.get("protester_nouns")) or frozenset(),
        contest_verbs=_words(data.get("contest_verbs")) or frozenset(),
        contexts=contexts,
    )


@lru_cache(maxsize=None)
def load_lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    """The lexicon, read once per process."""
    return parse_lexicon(read_data_yaml(path))
