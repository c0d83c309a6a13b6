"""The frame of a speech cue: which complement of a verb holds what it reports.

A verb reports through one of its complements, and whether it does depends on the verb AND on
the complement: "X believes (that) …" (a clause) is a reported belief in PolNeAR far more
often than "believe" in general, "X promised to act" (an infinitive) a reported promise, "X
criticized the plan" (an object) a reported criticism, "X called for talks" (a preposition) a
reported call. `frame` names the complement a verb token reports through, `frame_tokens` its
tokens; scripts/mine_speech_cues.py counts, per lemma and frame, how often the complement IS
the annotated content on PolNeAR's tune split (geowire/data/speech_cues.yaml, `frames`), and
geowire/extract/quotes.py reports a complement when its lemma and frame reach a precision bar.
Shared by both so that the miner measures exactly what the extractor does.
"""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Token

# Prepositions whose object is what a cue reports ("called for talks", "referred to it as",
# "warned of", "spoke about"), not when or where it was said.
CONTENT_PREPS = frozenset("for about against of as to on over with".split())
# <p>: the preposition itself
FRAMES = ("ccomp", "xcomp", "dobj", "prep <p>", "noun ccomp", "noun xcomp", "noun prep <p>")


def owner(noun: Token) -> Optional[Token]:
    """Who holds the claim, the plan, the criticism: the noun's possessor ("his claim that",
    "Trump's plan to", "Clinton's criticism of"), else the subject of the verb whose object it
    is ("Trump made the claim that …", "the ministry issued a warning that …"; the agent of a
    passive one, "a warning was issued by X")."""
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    if poss is not None or noun.dep_ not in ("dobj", "nsubjpass") or noun.head.pos_ not in ("VERB", "AUX"):
        return poss
    verb = noun.head
    if noun.dep_ == "nsubjpass":
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    return next((c for c in verb.children if c.dep_ == "nsubj" and c.tag_ not in ("WP", "WDT")), None)


def frame(verb: Token) -> Optional[str]:
    """The complement a verb reports through, the clause first: ccomp ("said (that) …"), xcomp
    ("promised to …", "wants to …"), dobj ("criticized the plan", "urged Congress to act"),
    "prep for" ("called for talks": the preposition is part of the frame, "spoke about" reports
    and "spoke to" names a hearer); for a noun with an owner, "noun ccomp" ("his claim that
    …"), "noun xcomp" ("her plan to …"), "noun prep of" ("Trump's criticism of …"); None when
    it has none."""
    if verb.pos_ == "NOUN":
        return _noun_frame(verb)
    deps = {c.dep_ for c in verb.children if c.i > verb.i or c.dep_ == "ccomp"}
    if "ccomp" in deps:
        return "ccomp"
    if "dobj" in deps:
        return "dobj"
    if "xcomp" in deps and any(c.dep_ == "xcomp" and c.i > verb.i and c.pos_ in ("VERB", "AUX") for c in verb.children):
        return "xcomp"
    prep = next((c for c in verb.rights if _content_prep(c)), None)
    return f"prep {prep.lower_}" if prep is not None else None


def _noun_frame(noun: Token) -> Optional[str]:
    if owner(noun) is None:
        return None
    for c in noun.rights:
        if c.dep_ in ("acl", "ccomp") and c.pos_ in ("VERB", "AUX"):
            to = any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
            return "noun xcomp" if to else "noun ccomp"
    prep = next((c for c in noun.rights if _content_prep(c)), None)
    return f"noun prep {prep.lower_}" if prep is not None else None


def _content_prep(c: Token) -> bool:
    return c.dep_ == "prep" and c.lower_ in CONTENT_PREPS and any(g.dep_ in ("pobj", "pcomp") for g in c.children)


def frame_tokens(verb: Token, name: str) -> list[Token]:
    """The tokens of the complement `name` of `verb`, within its sentence, in text order."""
    if name in ("noun ccomp", "noun xcomp"):
        parts = [c for c in verb.rights if c.dep_ in ("acl", "ccomp") and c.pos_ in ("VERB", "AUX")][:1]
    elif name.startswith("noun prep"):
        parts = [c for c in verb.rights if _content_prep(c)][:1]
    elif name == "ccomp":
        parts = [c for c in verb.children if c.dep_ == "ccomp"][:1]
    elif name == "xcomp":
        parts = [c for c in verb.rights if c.dep_ == "xcomp"][:1]
    elif name == "dobj":
        parts = [c for c in verb.rights if c.dep_ in ("dobj", "xcomp", "oprd", "dative")
                 or _content_prep(c) and c.lower_ in ("as", "of", "for")]
    else:
        parts = [c for c in verb.rights if _content_prep(c)][:1]
    sent = verb.sent
    return sorted({t for c in parts for t in c.subtree if sent.start <= t.i < sent.end}, key=lambda t: t.i)
