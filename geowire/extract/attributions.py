"""Attributions of cyber and influence operations: who did it, who stands behind them,
who says so, and how firmly.

Two passes over the sentences, in text order:

1. incidents: noun phrases ("a cyberattack on German air traffic control",
   "targeted disinformation campaigns before the last federal election"),
   verb phrases ("to influence ... the last Federal election"), named campaigns
   (actors of kind `campaign`) and references back ("the incidents", "the
   cyberattack"); an incident word on the thing made gives that thing's phrase ("a propaganda,
   recruitment video"); intrusions told by "broke into the bank's network" or as a state ("Russian
   intruders were inside that system"), and attacks whose doers are hackers ("hackers were behind
   the attack"). Mentions of the same incident merge: same kind and a shared
   content word ("air traffic control", "election"); a campaign joins the
   latest incident of its kind; a vague mention ("Germany accuses Russia of
   cyberattacks", a headline) stands, at the end, for the incidents of its kind.
2. statements: the phrases that attribute ("holds Russia responsible for",
   "could be clearly attributed to", "is behind it", "supported by", "Russia had
   attempted to influence ..."), with the actors they name, who makes the
   statement ("According to X", "X explained that ...", the speaker before in
   the same paragraph) and its hedges ("allegedly", "believed to").

Operators described rather than named stand for their state: the nationality of the operation
("a Russian disinformation campaign") or of an actor noun ("North Korean hackers", "Russian
military intelligence", "Pyongyang's operatives") makes the state its operator ("state-sponsored"
makes it the sponsor); so does an actor the linker made of such a description ("Russian
intelligence services": `described_state`, through the gazetteer's names, demonyms and seats),
while a name made of descriptive words only ("hackers") names nobody. A state said to do the
operation itself ("The Chinese government likely hacked ...", "Washington accused China of
hacking ...") is its operator; a state otherwise named stands behind it (sponsor). Claimants are
whoever the attributing or reporting verb's subject is — governments, agencies, prosecutors,
threat-intelligence companies and researchers the linker does not know (named as written),
fact-checkers, politicians ("Clinton said Russian intelligence services hacked ..."), and a
described claimant is its state ("U.S. officials say" → the United States); the target is the
victim the incident's own phrase or clause names ("X has been the target of ...", "hacked X's
servers"): a state for its government's systems, a party, newsroom or person for its own.

Confidence, DESIGN.md's scale, read by `confidence_of` from the hedges of the attributing clause
(the statement's own phrase, the verbs above it and their modifiers, the subject that names the
responsible — not a coordinated clause about something else):

- **suspected** — hedged: "likely", "probably", "possibly", "presumably", "suspected", "believed
  to", "thought to", "may/might/could have", "appears/seems to", "unconfirmed" (the weakest wins);
- **alleged** — a claim or a charge: "allegedly", "alleged", "reportedly", "purportedly", "is said
  to", "accused", "charged", "indicted", "conspiring";
- **asserted** — stated as fact, and always when the clause insists: "conclusively",
  "definitively", "unequivocally", "with high confidence".

A record is as firm as the weakest statement that named its operator or sponsor.

An incident becomes an `Attribution` only when some statement names who is
responsible: a cyberattack nobody attributes is no attribution (the events
extractor reports the attack itself). The actors come from the actor linker;
their kind decides their role: a threat group operates, a state sponsors, an
agency sponsors unless it is said to have carried the operation out, an
organisation operates unless it is said to back it. Within a role the most
specific actor wins: a state is dropped when an agency of the same country
holds the role ("Russia" behind "the GRU"). The record is as firm as its
weakest statement.

Checked first: no library on the lock detects attributions; pymispgalaxies
lists threat groups and their sponsors, which the gazetteer turns into actors
(this module uses their kinds and never re-detects names).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Optional

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from geowire.nlp.document import AnnotatedDocument
from geowire.nlp.parse import (PhraseActors, is_negated, paragraph_of, paragraphs, sentence_offsets,
                               unlinked_names, vocabulary, without_clauses)
from geowire.model import Actor, Attribution, Span
from geowire.extract.registry import extractor

# Nouns that are a cyber incident by themselves, and modifiers that make one of a general
# noun ("ransomware attack", "hacking campaign", "cyber espionage").
CYBER_HEADS = {"cyberattack", "cyber-attack", "hack", "hacking", "intrusion", "ransomware", "malware",
               "ddos", "phishing", "cyberespionage", "cyber-espionage", "breach"}
CYBER_MODIFIERS = {"cyber", "hacking", "hacker", "ransomware", "malware", "ddos", "phishing", "hack",
                   "computer", "network", "data", "denial", "spyware", "wiper"}
# What a breach or an intrusion is into, for it to be a cyber incident ("the breach of its email systems").
SYSTEM_WORDS = {"system", "network", "server", "email", "account", "database", "computer", "website", "infrastructure"}
GENERAL_HEADS = {"attack", "operation", "campaign", "espionage", "intrusion", "breach", "leak", "incident", "offensive",
                 "network"}
INFLUENCE_HEADS = {"disinformation", "misinformation", "propaganda", "interference", "meddling"}
INFLUENCE_MODIFIERS = {"disinformation", "misinformation", "propaganda", "influence", "information", "troll",
                       "bot", "smear", "fake", "election"}
# Modifiers that make an influence operation of any noun ("a doctored video", "deceptive accounts").
DECEPTION_MODIFIERS = {"doctored", "deceptive", "misleading", "manipulated", "fabricated", "falsified", "fake",
                       "phony", "bogus", "sham", "deepfake"}
DECEPTION_OBJECTS = {"video", "account", "image", "photo", "clip", "post", "tweet", "website", "site", "page",
                     "profile", "persona", "news", "story", "rebrand", "rebranding", "ad", "advert", "advertisement",
                     "document", "audio", "recording", "handle"}
# Nouns for the people or units who carry out an operation; with a nationality ("North Korean
# hackers", "Russian military intelligence", "Pyongyang's operatives") they stand for a state.
ACTOR_NOUNS = {"hacker", "operative", "agent", "spy", "intelligence", "military", "troll", "group", "actor",
               "unit", "service", "operator", "government", "regime", "authority", "official", "state",
               "intruder", "attacker", "agency", "force"}
# The other words a described actor's name may hold ("Russian military intelligence services",
# "Chinese state-sponsored hackers", "U.S. officials"): with a nationality and nothing else, the
# name describes the state, not an organisation of its own.
DESCRIPTIVE_WORDS = ACTOR_NOUNS | {"security", "cyber", "sponsored", "state-sponsored", "backed", "state-backed",
                                   "linked", "foreign", "secret", "elite", "team", "crew", "army", "apparatus",
                                   "community", "the", "'s", "’s", "competing", "suspected", "alleged"}
INFLUENCE_VERBS = {"influence", "interfere", "meddle", "destabilize", "destabilise", "manipulate", "sway", "rig"}
INFLUENCE_OBJECTS = {"election", "vote", "referendum", "affair", "opinion", "process", "democracy", "voter",
                     "electorate", "politics", "campaign", "debate", "society"}
CYBER_VERBS = {"hack", "breach", "infiltrate"}
# Verbs of attack that are a cyber operation when hackers do them ("hackers hijacked the account").
INTRUSION_VERBS = {"strike", "hit", "target", "attack", "compromise", "penetrate", "hijack", "access", "steal",
                   "break", "infect"}
CYBER_ACTOR_NOUNS = {"hacker", "intruder", "attacker"}
# What is only stolen by intrusion ("stole emails", "stole passwords"); documents may be stolen by hand.
STOLEN_DATA = {"email", "e-mail", "data", "password", "credential", "database", "cryptocurrency"}
# General heads that a hacker's doing does not make cyber ("hackers ran a campaign" may be either).
INFLUENCE_ONLY_HEADS = {"campaign", "leak"}
# Verbs that forge ("manipulating satellite images", "doctored documents"): an influence operation
# when what they forge is a medium (DECEPTION_OBJECTS).
FORGERY_VERBS = {"manipulate", "doctor", "falsify", "forge", "fabricate", "alter", "fake"}
# Plural or definite nouns that refer back to incidents told before ("the incidents").
BACK_REFERENCE_HEADS = {"incident", "attack", "operation", "campaign", "activity", "action", "hack",
                        "cyberattack", "intrusion", "breach"}
INCIDENT_PREPOSITIONS = {"on", "against", "targeting", "into", "before", "during", "ahead", "prior", "at", "in", "of"}
# Words of an incident phrase that do not tell one incident from another.
KEYWORD_STOPWORDS = {"incident", "activity", "action", "attempt", "effort", "part", "way", "aim", "series", "wave",
                     "number", "time", "year", "month", "week", "day", "cyber", "hacking", "hacker", "data",
                     "computer", "network", "influence", "information", "troll", "bot", "smear", "fake"
                     } | GENERAL_HEADS | INFLUENCE_HEADS | CYBER_HEADS

# Attribution verbs, by the role they give the actors they name.
OPERATOR_VERBS = {"carry", "conduct", "launch", "perpetrate", "orchestrate", "run", "operate", "execute",
                  "mount", "stage", "commit", "organize", "organise", "spread", "wage", "post", "publish",
                  "circulate", "tweet", "share", "release"}
SPONSOR_VERBS = {"back", "support", "sponsor", "finance", "fund", "direct", "commission", "control", "task",
                 "order", "steer"}
LINK_VERBS = {"link", "tie", "connect", "associate", "affiliate"}
BLAME_VERBS = {"blame", "accuse"}
# Modifiers that make the state or agency beside them a sponsor ("state-sponsored", "Kremlin-backed").
BACKING_WORDS = {"sponsor", "back", "link", "affiliate", "tie", "control", "align", "fund", "direct", "support"}
# Verbs that report what someone said, whose subject makes the statement; raising verbs
# ("is said to be supported by"). Both in geowire/data/vocabulary.yaml.
SAY_VERBS = vocabulary("speech.attribution_cues")
RAISING_VERBS = vocabulary("speech.raising_verbs")

# The confidence scale (DESIGN.md; benchmarks/devset/README.md), from the hedges of the sentence
# that attributes: suspected when hedged, alleged when a claim or a charge, asserted otherwise, and
# asserted whatever else the sentence says when it insists ("conclusively", "with high confidence").
ALLEGED_WORDS = {"allegedly", "alleged", "allege", "reportedly", "purportedly", "supposedly", "accuse", "charge",
                 "indict", "conspire", "conspiracy", "allegation", "accusation"}
ASSERTING_WORDS = {"conclusively", "definitively", "unequivocally", "undoubtedly", "undeniably"}
SUSPECTED_WORDS = {"likely", "probably", "possibly", "presumably", "suspected", "suspect", "suspicion",
                   "believe", "unconfirmed", "apparently"}
FIRMNESS = {"asserted": 2, "alleged": 1, "suspected": 0}

RESPONSIBLE_KINDS = {"threat-group", "agency", "state", "partially-recognized-state", "organization",
                     "person", "campaign", "igo"}
ATTRIBUTOR_KINDS = {"state", "partially-recognized-state", "agency", "organization", "igo", "person", "media"}
TARGET_KINDS = {"state", "partially-recognized-state", "igo"}


# ---- small helpers on the parse ------------------------------------------------------------

def lemma(t: Token) -> str:
    return t.lemma_.lower()


# ---- incidents ----------------------------------------------------------------------------

@dataclass
class IncidentMention:
    kind: str  # cyber | influence
    tokens: list[Token]  # the phrase
    head: Token
    keywords: frozenset[str] = frozenset()
    targets: list[str] = field(default_factory=list)
    date: Optional[str] = None
    campaign: Optional[str] = None
    back_reference: Optional[str] = None  # "all" (the incidents) or "latest" (the attack)

    @property
    def text(self) -> str:
        toks = [t for t in self.tokens if t.pos_ not in ("DET",) and t.dep_ not in ("preconj",)]
        while toks and (toks[0].is_punct or toks[0].lower_ == "to"):
            toks = toks[1:]
        while toks and toks[-1].is_punct:
            toks = toks[:-1]
        doc = self.head.doc
        return doc[toks[0].i:toks[-1].i + 1].text if toks else self.head.text


def cyber_noun(t: Token) -> bool:
    """'cyberattack', 'ransomware attack', 'hack-and-leak operation', 'the breach of its email systems'."""
    if t.pos_ not in ("NOUN", "PROPN"):
        return False
    word = lemma(t)
    # every True below needs one of these words: the other nouns skip the subtree walks (a
    # profile of 60 pages: ~50,000 calls, most of the attributions stage)
    if word not in CYBER_HEADS and word not in GENERAL_HEADS and word not in ("breach", "intrusion", "attack"):
        return False
    if word in CYBER_HEADS - {"breach", "intrusion"} and not (
            t.dep_ in ("compound", "nmod", "amod") and t.head.pos_ in ("NOUN", "PROPN")):
        return True  # not "ransomware" of "ransomware attack", nor "hacking" of "hacking group"
    mods = {lemma(x) for c in t.lefts if c.dep_ in ("compound", "amod", "nmod", "npadvmod") for x in c.subtree}
    i = t.i - 1
    # "cyber-attack", "hack-and-leak" split by the tokenizer; the hyphen first: Token.sent is slow to get
    while i >= 0 and t.doc[i].text == "-" and i > t.sent.start:
        mods.update(x.lower_ for x in t.doc[max(t.sent.start, i - 3):i])
        i -= 2
    if word in GENERAL_HEADS and mods & CYBER_MODIFIERS:
        return True
    if word in GENERAL_HEADS and word not in INFLUENCE_ONLY_HEADS:
        # "hackers were behind the attack", "hackers launched an operation": the doers make it cyber
        verb = t.head.head if t.dep_ == "pobj" and t.head.lower_ == "behind" else t.head if t.dep_ == "dobj" else None
        if verb is not None and any(c.dep_ == "nsubj" and lemma(c) in CYBER_ACTOR_NOUNS for c in verb.children):
            return True
    # "a series of intrusions into the email accounts": the parser may hang "into" on the quantity noun
    holders = [t, t.head.head] if t.dep_ == "pobj" and t.head.lower_ == "of" else [t]
    into = {lemma(x) for h in holders for p in h.children if p.dep_ == "prep" and p.lower_ in ("of", "into", "on")
            and p is not t.head for x in p.subtree}
    if word in ("breach", "intrusion") and any(c.dep_ in ("relcl", "acl") and (
            lemma(c) in OPERATOR_VERBS or any(lemma(x) in OPERATOR_VERBS for x in c.subtree if x.pos_ == "VERB"))
            and any(x.dep_ == "agent" for x in c.subtree) for c in t.children):
        return True  # "a breach that appears to have been conducted by Russian intelligence"
    return word in ("breach", "intrusion", "attack") and bool(into & SYSTEM_WORDS | mods & CYBER_MODIFIERS)


def influence_noun(t: Token) -> bool:
    if t.pos_ not in ("NOUN", "PROPN"):
        return False
    word = lemma(t)
    if word not in INFLUENCE_HEADS and word not in DECEPTION_OBJECTS and word not in GENERAL_HEADS:
        return False  # every True below needs one of these words (as in cyber_noun)
    if word in INFLUENCE_HEADS and not (t.dep_ in ("compound", "amod", "nmod") and lemma(t.head) in GENERAL_HEADS):
        return True
    mods = {lemma(c) for c in t.lefts if c.dep_ in ("compound", "amod", "nmod")}
    if word in DECEPTION_OBJECTS and mods & (DECEPTION_MODIFIERS | FORGERY_VERBS) \
            | {c.lower_ for c in t.lefts} & DECEPTION_MODIFIERS:
        return True  # "a doctored video", "a misleading rebrand"
    return word in GENERAL_HEADS and bool(mods & INFLUENCE_MODIFIERS)


def influence_verb(t: Token) -> bool:
    """'to influence ... the last Federal election', 'interfere in the referendum'."""
    if t.pos_ == "VERB" and lemma(t) in FORGERY_VERBS:
        return any(c.dep_ == "dobj" and lemma(c) in DECEPTION_OBJECTS for c in t.children)
    if t.pos_ != "VERB" or lemma(t) not in INFLUENCE_VERBS:
        return False
    if t.dep_ == "conj" and influence_verb(t.head):
        return False  # "influence and destabilize": one mention, on the first verb
    objects = [c for v in (t, *[c for c in t.children if c.dep_ == "conj"]) for c in v.children
               if c.dep_ in ("dobj", "prep")]
    words = {w for o in objects for x in o.subtree for w in (lemma(x), x.lower_)}
    return bool(words & INFLUENCE_OBJECTS)


def cyber_verb(t: Token) -> bool:
    """'hacked the ministry's servers', 'gained access to a defence network', 'Russian intruders
    were inside that system for years'."""
    if lemma(t) == "be" and t.pos_ in ("VERB", "AUX"):
        # hackers "inside"/"in" a system: an intrusion told as a state ("were inside that system")
        subj = next((c for c in t.children if c.dep_ == "nsubj"), None)
        return subj is not None and lemma(subj) in CYBER_ACTOR_NOUNS and any(
            c.dep_ == "prep" and c.lower_ in ("inside", "in", "into", "within") and any(
                o.dep_ == "pobj" and lemma(o) in SYSTEM_WORDS for o in c.children) for c in t.children)
    if t.pos_ != "VERB":
        return False
    objects = [c for c in t.children if c.dep_ == "dobj"]
    if lemma(t) == "breach":  # "breached the ministry's servers", not "breaching his bail conditions"
        return any(lemma(x) in SYSTEM_WORDS | CYBER_MODIFIERS for o in objects for x in o.subtree)
    if lemma(t) in CYBER_VERBS:  # "hacked the servers", "hacked into the DNC"
        return bool(objects) or any(c.dep_ == "prep" and c.lower_ == "into" for c in t.children)
    if lemma(t) in INTRUSION_VERBS | {"get"} and any(  # "broke into the bank's network", "breaking into email accounts"
            c.dep_ == "prep" and c.lower_ == "into" and any(lemma(x) in SYSTEM_WORDS for x in c.subtree)
            for c in t.children):
        return True
    if lemma(t) == "steal" and any(lemma(o) in STOLEN_DATA for o in objects):
        return True  # "the Russian government stole emails from the DNC" (not "stole documents")
    if lemma(t) in INTRUSION_VERBS and objects:  # "Russian hackers who struck the DNC", "hackers hijacked ..."
        subj = next((c for c in t.children if c.dep_ == "nsubj"), None)
        if subj is not None and lemma(subj) in ("who", "that", "which") and t.dep_ == "relcl":
            subj = t.head
        return subj is not None and lemma(subj) in CYBER_ACTOR_NOUNS
    return lemma(t) in ("gain", "obtain") and any(lemma(o) == "access" for o in objects)


def noun_phrase(t: Token) -> list[Token]:
    """An incident noun with its modifiers and its target or occasion phrases. An incident word
    that modifies the noun of the thing made ("a propaganda video", "a propaganda, recruitment
    video": the parser takes the comma for a coordination) gives that noun's phrase."""
    doc = t.doc
    if t.dep_ in ("compound", "amod", "nmod") and t.head.pos_ in ("NOUN", "PROPN") and t.head.i > t.i \
            and lemma(t.head) in DECEPTION_OBJECTS | GENERAL_HEADS:
        return noun_phrase(t.head)
    listed = [c for c in t.rights if c.dep_ == "conj" and c.pos_ == "NOUN" and c.i - t.i <= 3
              and doc[t.i + 1].text == "," and not any(doc[k].dep_ == "cc" for k in range(t.i + 1, c.i))]
    out = {t.i} | {x.i for c in listed[:1] for x in noun_phrase(c)}
    for c in t.lefts:
        if c.dep_ in ("amod", "compound", "nmod", "npadvmod", "nummod", "punct", "quantmod"):
            out.update(x.i for x in c.subtree)
    preps = [c for c in t.rights if c.dep_ == "prep" and c.lower_ in INCIDENT_PREPOSITIONS]
    nxt = t.i + 1
    if nxt < t.sent.end and doc[nxt].lower_ in INCIDENT_PREPOSITIONS and doc[nxt] not in preps \
            and doc[nxt].pos_ in ("ADP", "ADV", "VERB"):
        preps.append(doc[nxt])  # the parser hangs "before the election" elsewhere, "ahead" is an adverb
    for p in preps:
        if p.lower_ == "of" and p.i != nxt:
            continue
        out.update(x.i for x in without_clauses(p))
    lo, hi = min(out), max(out)
    return [doc[i] for i in range(lo, hi + 1)]


def verb_phrase(t: Token) -> list[Token]:
    doc = t.doc
    lo = t.i - 1 if t.i > t.sent.start and doc[t.i - 1].lower_ == "to" else t.i
    hi = t.i
    for c in t.children:
        if c.dep_ in ("dobj", "prep", "conj", "cc") and c.i > t.i:
            hi = max(hi, c.right_edge.i)
    return [doc[i] for i in range(lo, hi + 1)]


def demonym_state(ann: AnnotatedDocument, word: str) -> Optional[Actor]:
    """'German' → the document's actor Germany. Checked first: country_converter reads demonyms
    through its regexes but is slow per call and breaks with pandas 3; the document's own states
    are few, so a shared-prefix test against their names does (the longest shared prefix wins)."""
    w = word.lower()
    best, best_len = None, 0
    for a in ann.actors:
        if a.kind not in ("state", "partially-recognized-state"):
            continue
        for name in [a.name, *a.aliases]:
            for part in name.lower().split():
                n = 0
                while n < min(len(w), len(part)) and w[n] == part[n]:
                    n += 1
                if n >= max(4, len(w) - 3) and n > best_len:
                    best, best_len = a, n
    return best


def phrase_targets(ann: AnnotatedDocument, tokens: list[Token]) -> list[str]:
    """The attacked states: states named in the phrase, or by a demonym ('German air traffic control'),
    or the state of an organisation named there."""
    out: list[str] = []
    for a in PhraseActors.of(ann).in_tokens(tokens):
        if a.kind in TARGET_KINDS or a.kind in ("organization", "media", "person"):
            out.append(a.id)  # a state's systems, or a party's, a newsroom's, a person's own
        elif a.country:
            state = next((s for s in ann.actors if s.kind == "state" and s.country == a.country), None)
            if state is not None and a.kind not in ("threat-group", "campaign"):
                out.append(state.id)
    for t in tokens:
        demonym = t.ent_type_ == "NORP" or (t.pos_ == "ADJ" and t.is_title and t.i > t.sent.start)
        if demonym and t.pos_ in ("ADJ", "PROPN") and not ann.mentions_in(t.idx, t.idx + len(t)):
            state = demonym_state(ann, t.text)
            if state is not None:
                out.append(state.id)
    return list(dict.fromkeys(out))


def phrase_keywords(ann: AnnotatedDocument, tokens: list[Token]) -> frozenset[str]:
    named = {t.i for t in tokens for _ in ann.mentions_in(t.idx, t.idx + len(t))}
    inside_actor = set()
    if tokens:
        for (s, e), _ in ann.mentions_in(tokens[0].idx, tokens[-1].idx + len(tokens[-1])):
            inside_actor.update(t.i for t in tokens if s <= t.idx < e)
    timed = {t.i for t in tokens for x in ann.times if x.span[0] <= t.idx < x.span[1]}
    return frozenset(lemma(t) for t in tokens if t.pos_ in ("NOUN", "PROPN") and t.is_alpha
                     and t.i not in named | inside_actor | timed and lemma(t) not in KEYWORD_STOPWORDS)


def phrase_date(ann: AnnotatedDocument, tokens: list[Token]) -> Optional[str]:
    if not tokens:
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    return next((t.value for t in ann.times if start <= t.span[0] < end and t.kind in ("date", "relative")
                 and not t.value.startswith("P")), None)


def clause_date(ann: AnnotatedDocument, t: Token) -> Optional[str]:
    """A date on the verb the incident depends on ("Grey Lynx was behind the breach ... in January"),
    not on a verb of saying above it ("said on Friday that ...")."""
    verb = t if t.pos_ == "VERB" else next((a for a in t.ancestors if a.pos_ in ("VERB", "AUX")), None)
    if verb is None or lemma(verb) in SAY_VERBS:
        return None
    sent = t.sent
    for x in ann.times:
        if not sent.start_char <= x.span[0] < sent.end_char:  # cheap test first: documents hold many times
            continue
        span = ann.doc.char_span(*x.span, alignment_mode="expand")
        if span is not None and x.kind in ("date", "relative") and not x.value.startswith("P") and \
                span.sent == t.sent and any(a == verb for a in span.root.ancestors) and \
                not any(a.pos_ in ("VERB", "AUX") for a in span.root.ancestors if a != verb and verb in a.ancestors):
            return x.value
    return None


def back_reference(t: Token) -> Optional[str]:
    """'the incidents', 'these attacks' → all; 'the attack', 'the cyberattack' → latest."""
    if t.pos_ != "NOUN" or lemma(t) not in BACK_REFERENCE_HEADS:
        return None
    det = next((c for c in t.lefts if c.dep_ == "det"), None)
    if det is None or det.lower_ not in ("the", "these", "those", "this", "that", "such"):
        return None
    if any(c.dep_ in ("amod", "compound") and c.pos_ in ("ADJ", "NOUN") and lemma(c) not in
           CYBER_MODIFIERS | INFLUENCE_MODIFIERS | {"same", "latest", "recent", "last", "alleged", "suspected"}
           for c in t.lefts):
        return None  # "the U.S. military operation against Islamic State": another kind of operation
    return "all" if t.tag_ == "NNS" else "latest"


def incident_candidate(t: Token) -> Optional[tuple[str, list[Token]]]:
    """The kind and phrase of an incident named at this token, if one is."""
    if cyber_noun(t):
        return "cyber", noun_phrase(t)
    if influence_noun(t):
        return "influence", noun_phrase(t)
    if influence_verb(t):
        return "influence", verb_phrase(t)
    if cyber_verb(t):
        return "cyber", verb_phrase(t)
    if back_reference(t):  # "the attack on the election commission", "the incidents": kind told before
        return "any", noun_phrase(t)
    return None


def target_of_clause(ann: AnnotatedDocument, t: Token) -> list[str]:
    """The victim the clause around an incident names: "X has been the target of <incident>",
    "<incident> targeted X", "hacked X's servers" (the operation's object)."""
    heads: list[Token] = []
    if t.dep_ == "pobj" and t.head.lower_ == "of" and lemma(t.head.head) in ("target", "victim", "object"):
        holder = t.head.head
        if holder.dep_ in ("attr", "dobj") and holder.head.pos_ in ("AUX", "VERB"):
            heads += [c for c in holder.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    if t.pos_ == "VERB" and (cyber_verb(t) or lemma(t) == "target"):
        heads += [c for c in t.children if c.dep_ == "dobj"]
    if t.dep_ == "nsubj" and lemma(t.head) in ("target", "hit", "strike", "compromise"):
        heads += [c for c in t.head.children if c.dep_ == "dobj"]
    inside = lemma(t) == "be" and cyber_verb(t)
    if inside:  # "intruders were inside that system": the system
        heads += [o for c in t.children if c.dep_ == "prep" for o in c.children if o.dep_ == "pobj"]
    # the victim's own words ("The U.S. base"), not where it lies ("in al-Tanf, near Iraq")
    found = [x for h in heads for x in phrase_targets(ann, [*(y for c in h.lefts for y in c.subtree), h])]
    if inside and not found:
        # "inside that system ... before the State Department shut its system down": the owner the
        # sentence gives a system of the same kind ("its" → the subject of its clause)
        for o in t.sent:
            owner = next((c for c in o.children if c.dep_ == "poss"), None)
            if lemma(o) not in SYSTEM_WORDS or owner is None:
                continue
            if owner.pos_ == "PRON" and o.head.pos_ in ("VERB", "AUX"):
                owner = next((c for c in o.head.children if c.dep_ == "nsubj"), owner)
            found += phrase_targets(ann, list(owner.subtree))
    return list(dict.fromkeys(found))


def sentence_incidents(ann: AnnotatedDocument, sent: SpacySpan) -> list[IncidentMention]:
    """The incident mentions of one sentence."""
    found = [(t, *c) for t in sent if (c := incident_candidate(t)) is not None]
    # "hack-and-leak operation": the modifiers' own matches are part of the larger phrase
    found = [(t, kind, tokens) for t, kind, tokens in found
             if not any(t in other and t != head and len(other) > len(tokens) for head, _, other in found)]
    out: list[IncidentMention] = []
    for t, kind, tokens in found:
        keywords = phrase_keywords(ann, tokens)
        ref = back_reference(t)
        if kind != "any" and keywords:
            ref = None  # a phrase of its own, placed by its words
        out.append(IncidentMention(kind, tokens, t, keywords, phrase_targets(ann, tokens) + target_of_clause(ann, t),
                                   phrase_date(ann, tokens) or clause_date(ann, t), back_reference=ref))
    for (s, e), a in ann.mentions_in(sent.start_char, sent.end_char):  # "the so-called "Storm 1516" campaign"
        if a.kind != "campaign":
            continue
        span = ann.doc.char_span(s, e, alignment_mode="expand")
        head = span.root.head if span.root.head.pos_ == "NOUN" and span.root.dep_ != "ROOT" else span.root
        existing = next((m for m in out if head in m.tokens or span.root in m.tokens), None)
        if existing is not None:
            existing.campaign = existing.campaign or a.id
            continue
        kind = "cyber" if any(m.kind == "cyber" for m in out) else "influence"
        tokens = noun_phrase(head) if head != span.root else list(span)
        out.append(IncidentMention(kind, tokens, head, campaign=a.id, targets=phrase_targets(ann, tokens),
                                   date=phrase_date(ann, tokens)))
    return out


# ---- statements -----------------------------------------------------------------------------

@dataclass(eq=False)
class Statement:
    sent: SpacySpan
    trigger: Token
    responsible: list[tuple[Actor, str]]  # actor, hint: operator | sponsor | neutral
    patient: Optional[Token] = None  # what is attributed: an incident, "it", an actor
    attributors: list[str] = field(default_factory=list)
    confidence: str = "asserted"


def prep_objects(verb: Token, words: set[str]) -> list[Token]:
    """Objects of the verb's prepositions in `words`, also those joined by 'and to ...'."""
    preps = [c for c in verb.children if c.dep_ in ("prep", "agent") and c.lower_ in words]
    for p in list(preps):
        preps += [c for c in p.children if c.dep_ == "conj" and c.lower_ in words]
    return [o for p in preps for o in p.children if o.dep_ == "pobj"]


def subject_of(verb: Token, passive: bool = False) -> Optional[Token]:
    deps = ("nsubjpass",) if passive else ("nsubj",)
    v = verb
    for _ in range(3):  # "is said to be supported": the subject of the raising verb
        subj = next((c for c in v.children if c.dep_ in deps), None)
        if subj is not None:
            return subj
        if v.dep_ == "pcomp" and v.head.dep_ == "prep" and v.head.head.pos_ in ("VERB", "AUX"):
            dobj = next((c for c in v.head.head.children if c.dep_ == "dobj"), None)
            if dobj is not None:
                return dobj  # "Washington accused China of hacking ...": China hacked
            v, deps = v.head.head, ("nsubj", "nsubjpass")  # "X was charged with conspiring to hack"
            continue
        if v.dep_ in ("xcomp", "conj", "acl") and v.head.pos_ in ("VERB", "AUX", "NOUN", "PROPN"):
            if v.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children):
                # "Russia engineered the release of the emails to influence the election": the
                # purpose of the clause's own verb
                above = next((a for a in v.ancestors if a.pos_ in ("VERB", "AUX")), None)
                if above is None:
                    return v.head
                v, deps = above, ("nsubj",)
                continue
            if v.dep_ == "acl":
                return v.head  # "a group backed by Iran"
            if v.dep_ == "xcomp":  # "is said to be supported by", "was caught manipulating"
                deps = ("nsubjpass", "nsubj")
            v = v.head
        else:
            break
    return None


def nationality_states(ann: AnnotatedDocument, head: Token) -> list[Actor]:
    """The states a noun's nationality modifiers name: "Russian" in "a Russian disinformation
    campaign", "North Korean hackers", "Pyongyang's operatives" (a capital is its state)."""
    resolver = PhraseActors.of(ann)
    out: list[Actor] = []
    for c in head.lefts:
        if c.dep_ not in ("amod", "compound", "poss", "nmod") or not (c.ent_type_ in ("NORP", "GPE") or c.is_title):
            continue
        found = [a for x in c.subtree for a in resolver.covering(x)]
        found = [resolver.state_of(a) or a for a in found]
        if not found and c.ent_type_ == "NORP":
            state = demonym_state(ann, c.text)
            found = [state] if state is not None else []
        out += [a for a in found if a is not None and a.kind in ("state", "partially-recognized-state")
                and a not in out]
    return out


def generic(actor: Actor) -> bool:
    """'hackers', 'the intruders': a name made of descriptive words only names nobody."""
    words = [w.lower() for w in re.split(r"[\s\-]+", actor.name) if w]
    return bool(words) and all(w in DESCRIPTIVE_WORDS or w.rstrip("s") in DESCRIPTIVE_WORDS for w in words)


def described_state(ann: AnnotatedDocument, actor: Actor) -> Optional[Actor]:
    """The state an actor merely describes: "Russian intelligence services", "North Korean
    hackers", "U.S. officials", "Pyongyang's operatives" (a linked name made of a nationality, a
    capital or a state's name and DESCRIPTIVE_WORDS) → the document's actor for that state, found
    through the gazetteer's own names, demonyms and seats (geowire.actors.gazetteer.lookup). A
    name with any other word ("Russian Defence Ministry", "GRU") is an actor of its own."""
    if actor.kind in ("state", "partially-recognized-state", "person", "campaign", "media"):
        return None
    from geowire.actors.gazetteer import load_gazetteer

    words = [w for w in re.split(r"[\s\-]+|(?<=\w)(?='s\b|’s\b)", actor.name) if w]
    gazetteer, states, i = load_gazetteer(), set(), 0
    while i < len(words):
        for n in (3, 2, 1):  # "North Korean", "United States"
            name = " ".join(words[i:i + n])
            found = {e.id for e in gazetteer.lookup(name) if e.kind in ("state", "partially-recognized-state")}
            if n <= len(words) - i and found:
                states |= found
                i += n
                break
        else:
            w = words[i].lower().rstrip(".")
            if w not in DESCRIPTIVE_WORDS and w.rstrip("s") not in DESCRIPTIVE_WORDS and w[:-3] + "y" not in ACTOR_NOUNS:
                return None
            i += 1
    if len(states) != 1:
        return None
    return ann.actor(states.pop())


# Sectors of a state's own agents: an attributor of one of them ("American prosecutors",
# "Federal prosecutors", "U.S. intelligence officials") speaks for the state.
STATE_AGENT_SECTORS = frozenset({"GOV", "JUD", "COP", "MIL", "SPY", "LEG", "PRE"})


def state_agent_state(ann: AnnotatedDocument, actor: Actor) -> Optional[Actor]:
    """The state whose generic agents `actor` is: an actor the linker composed from a country and a
    Phoenix agent noun of a state sector ("American prosecutors": organization, USA, JUD; see
    geowire.actors.gazetteer.Gazetteer.agent_of), not a body the gazetteer names (the FBI, the
    Senate) → the document's actor of that state (PhraseActors.state_of), as the events map it."""
    if actor.kind != "organization" or not actor.country or not actor.sectors \
            or not set(actor.sectors) <= STATE_AGENT_SECTORS:
        return None
    from geowire.actors.gazetteer import load_gazetteer

    g = load_gazetteer()
    if g.get(actor.id) is not None:
        return None  # a named body of its own
    if not _agent_nouns(g) & {actor.name.split(" ", 1)[-1].lower(), actor.name.split(" of ", 1)[0].lower()}:
        return None
    return PhraseActors.of(ann).state_of(actor)


_AGENT_NOUNS: dict[int, frozenset[str]] = {}


def _agent_nouns(g) -> frozenset[str]:
    """The display forms of the gazetteer's agent nouns ("prosecutors", "intelligence services"), once."""
    found = _AGENT_NOUNS.get(id(g))
    if found is None:
        found = _AGENT_NOUNS[id(g)] = frozenset(d.lower() for d, _ in g.agents.values())
    return found


def responsible_in(ann: AnnotatedDocument, tokens: Iterable[Token], hint: str) -> list[tuple[Actor, str]]:
    """The actors the phrases name, with the role hint of the phrase that names them; a state
    or agency in a backing modifier sponsors ("a Russian state-sponsored group, Midnight Blizzard")."""
    out: list[tuple[Actor, str]] = []
    for head in tokens:
        named = [a for a in PhraseActors.of(ann).named(head) if a.kind in RESPONSIBLE_KINDS and not generic(a)]
        if not named and head.pos_ == "PRON" and head.lower_ in ("he", "she", "they"):
            # "admitting that he was responsible for a series of intrusions": the one told before
            named = [a for a in PhraseActors.of(ann).phrase_actors([head]) if a.kind in RESPONSIBLE_KINDS]
        described = {a.id: described_state(ann, a) for a in named}
        if any(described.values()):  # "Russian intelligence services hacked ...": Russia did it
            backed = any(lemma(t) in BACKING_WORDS for t in without_clauses(head))
            states = {d.id: d for d in described.values() if d is not None}
            out += [(d, "sponsor" if backed else "nationality") for d in states.values()]
            named = [a for a in named if described[a.id] is None]
            if not named:
                continue
        if hint == "nationality":  # the modifier of "a Russian disinformation campaign"
            named = [PhraseActors.of(ann).state_of(a) or a for a in named]
            state = demonym_state(ann, head.text) if not named else None
            named = [a for a in named + ([state] if state else []) if a.kind in ("state", "partially-recognized-state")]
        if lemma(head) in ACTOR_NOUNS:
            states = nationality_states(ann, head)
            if states and all(a.kind in ("state", "partially-recognized-state") for a in named):
                # "North Korean hackers", "Russian military intelligence": the state, as operator
                backed = any(lemma(t) in BACKING_WORDS for t in without_clauses(head))
                out += [(a, "sponsor" if backed else "nationality") for a in states]
                continue
        out += [(a, hint) for a in named]
        phrase = without_clauses(head)
        if any(lemma(t) in BACKING_WORDS for t in phrase):
            out += [(a, "sponsor") for a in PhraseActors.of(ann).in_tokens(phrase)
                    if a not in named and a.kind in ("state", "agency", "partially-recognized-state")]
    return out


# Each recognizer reads one attributing phrase at a token: (actor phrases, role hint, patient), or None.
Reading = tuple[list[Token], str, Optional[Token]]


def attributed_to(t: Token) -> Optional[Reading]:
    """'the incidents could be clearly attributed to the GRU', 'X attributed the hack to Y'."""
    if t.pos_ != "VERB" or lemma(t) != "attribute":
        return None
    patient = subject_of(t, passive=True) or next((c for c in t.children if c.dep_ == "dobj"), None)
    return prep_objects(t, {"to"}), "neutral", patient


def held_responsible(t: Token) -> Optional[Reading]:
    """'The German government holds Russia responsible for ...'."""
    if t.pos_ != "VERB" or lemma(t) != "hold":
        return None
    resp = next((x for x in t.subtree if lemma(x) == "responsible"), None)
    if resp is None:
        return None
    between = [t.doc[i] for i in range(t.i + 1, resp.i)]
    return [x for x in between if x.head not in between], "neutral", None


def blamed(t: Token) -> Optional[Reading]:
    """'Vestria accused Norland of ...', 'blamed the attack on Russia'."""
    if t.pos_ != "VERB" or lemma(t) not in BLAME_VERBS:
        return None
    dobj = next((c for c in t.children if c.dep_ == "dobj"), None)
    on = prep_objects(t, {"on"})
    of = [c for h in (t, *([dobj] if dobj is not None else [])) for p in h.children
          if p.dep_ == "prep" and p.lower_ == "of" for c in p.children if c.dep_ in ("pobj", "pcomp")]
    if of and not any(incident_candidate(x) is not None or back_reference(x) for o in of for x in o.subtree):
        return None  # "accused Trump of showing support for Putin": no operation
    return on or ([dobj] if dobj is not None else []), "neutral", of[0] if of else None


def responsible_for(t: Token) -> Optional[Reading]:
    """'X was responsible for the attack', 'X claimed responsibility for ...'."""
    if not (lemma(t) == "responsible" and lemma(t.head) == "be" or lemma(t) == "responsibility" and lemma(t.head) == "claim"):
        return None
    subj = next((c for c in t.head.children if c.dep_ == "nsubj"), None)
    return ([subj], "neutral", None) if subj is not None else None


def behind(t: Token) -> Optional[Reading]:
    """'the think tank ... is behind it', 'the group behind the attack'."""
    if t.lower_ != "behind" or t.dep_ != "prep":
        return None
    verb = t.head
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None) if verb.pos_ in ("AUX", "VERB") else verb
    pobj = next((c for c in t.children if c.dep_ == "pobj"), None)
    return ([subj], "neutral", pobj) if subj is not None else None


def done_by(t: Token) -> Optional[Reading]:
    """'was carried out by Red Owl', 'backed by Vestrian military intelligence', 'a group linked to
    Iran', and the active 'APT28 carried out the attack'."""
    word = lemma(t)
    if t.pos_ != "VERB" or word not in OPERATOR_VERBS | SPONSOR_VERBS | LINK_VERBS:
        return None
    hint = "operator" if word in OPERATOR_VERBS else "sponsor"
    by = prep_objects(t, {"by"}) + (prep_objects(t, {"to", "with"}) if word in LINK_VERBS else [])
    if by:
        return by, hint, subject_of(t, passive=True)
    if word in OPERATOR_VERBS and t.dep_ not in ("acl", "relcl", "amod"):
        subj, dobj = subject_of(t), next((c for c in t.children if c.dep_ == "dobj"), None)
        if subj is not None and dobj is not None and incident_candidate(dobj) is not None:
            return [subj], hint, dobj
    return None


def possible_only(t: Token) -> bool:
    """'could salt the files', 'would hack', 'have been known to doctor documents': a capability, a
    prospect or a habit, not an operation said to have happened ('may have hacked' is one, hedged)."""
    aux = {c.lower_ for c in t.children if c.dep_ in ("aux", "auxpass")}
    if aux & {"could", "would", "might", "can", "should", "may", "will"} and "have" not in aux:
        return True
    return t.dep_ == "xcomp" and lemma(t.head) in ("know", "able", "capable") and any(
        c.dep_ == "auxpass" for c in t.head.children)


def doer_of_incident(t: Token) -> Optional[Reading]:
    """'Russia had attempted to influence ... the election', 'Midnight Blizzard breached ...',
    'the suspected Russian hackers who struck the DNC'."""
    if not (influence_verb(t) or cyber_verb(t)) or possible_only(t):
        return None
    subj = subject_of(t)
    if subj is not None and lemma(subj) in ("who", "that", "which") and t.dep_ == "relcl":
        subj = t.head
    return ([subj], "operator", None) if subj is not None else None


def incident_by(t: Token) -> Optional[Reading]:
    """'a years-long campaign by Russia's FSB security service'."""
    if t.lower_ != "by" or t.dep_ != "prep" or t.head.pos_ != "NOUN":
        return None
    if lemma(t.head) not in GENERAL_HEADS and incident_candidate(t.head) is None:
        return None
    return [c for c in t.children if c.dep_ == "pobj"], "operator", t.head


def caught_doing(t: Token) -> Optional[Reading]:
    """'The Kremlin was caught in 2014 manipulating satellite images', 'X was exposed running
    fake accounts': the one caught did it."""
    if t.pos_ != "VERB" or lemma(t) not in ("catch", "expose", "find", "discover"):
        return None
    subj = next((c for c in t.children if c.dep_ == "nsubjpass"), None)
    if subj is None:
        return None
    done = next((x for c in t.children if c.dep_ in ("prep", "xcomp", "advcl", "oprd") for x in c.subtree
                 if incident_candidate(x) is not None), None)
    return ([subj], "operator", done) if done is not None else None


def on_behalf_of(t: Token) -> Optional[Reading]:
    """'on behalf of Vestrian military intelligence', 'at the behest of the Kremlin'."""
    if lemma(t) not in ("behalf", "behest") or t.i + 1 >= t.sent.end or t.nbor(1).lower_ != "of":
        return None
    return [c for c in t.nbor(1).children if c.dep_ == "pobj"], "sponsor", None


def national_incident(t: Token) -> Optional[Reading]:
    """'a Russian disinformation campaign', 'Chinese cyberattacks': the nationality of the
    operation names its operator (the state)."""
    if t.pos_ not in ("NOUN", "PROPN") or not (cyber_noun(t) or influence_noun(t)):
        return None
    mods = [c for c in t.lefts if c.dep_ in ("amod", "compound", "nmod") and c.ent_type_ == "NORP"]
    return (mods, "nationality", t) if mods else None


RECOGNIZERS = (national_incident, attributed_to, held_responsible, blamed, responsible_for, behind, done_by, doer_of_incident,
               incident_by, on_behalf_of, caught_doing)


def statements_in(ann: AnnotatedDocument, sent: SpacySpan) -> list[Statement]:
    """The attributing phrases of a sentence that name someone responsible (not negated)."""
    out: list[Statement] = []
    for t in sent:
        reading = next((r for r in (rec(t) for rec in RECOGNIZERS) if r is not None), None)
        if reading is None or is_negated(t):
            continue
        heads, hint, patient = reading
        found = responsible_in(ann, heads, hint)
        if found:
            out.append(Statement(sent, t, found, patient=patient))
    for s in out:
        s.confidence = confidence_of(sent, s.trigger)
        s.attributors = attributors_of(ann, s)
    return out


# Dependents of the verbs above an attributing phrase that hedge it ("likely", "is believed to",
# "may have", "allegedly", "with high confidence"); a coordinated or subordinate clause of its own
# ("... and she accused Trump of ...") hedges something else.
SCOPE_DEPS = {"advmod", "aux", "auxpass", "neg", "npadvmod", "prep", "amod", "acomp", "nsubj", "nsubjpass",
              "dobj", "attr", "det", "compound"}


def statement_scope(trigger: Token) -> list[Token]:
    """The words that can hedge one statement: the phrase of its trigger, the verbs above it and
    their own modifiers, and the subject or object that names the responsible ("the suspected
    Russian hackers")."""
    out = {x.i for x in trigger.subtree}
    for a in trigger.ancestors:
        out.add(a.i)
        for c in a.children:
            if c.dep_ in SCOPE_DEPS and not any(x.i == trigger.i for x in c.subtree):
                out.update(x.i for x in c.subtree if x.dep_ not in ("relcl", "acl") or x == c)
    doc = trigger.doc
    return [doc[i] for i in sorted(out)]


def confidence_of(sent: SpacySpan, trigger: Optional[Token] = None) -> str:
    """How firmly the sentence (or, given its trigger, the one statement) attributes, on
    DESIGN.md's three-step scale:

    - asserted: stated as fact ("has previously established", "was carried out by"), and always
      when the sentence insists ("conclusively", "unequivocally", "with high confidence");
    - alleged: a claim or a charge ("allegedly", "reportedly", "is said to", "accused",
      "charged with conspiring to hack", "indicted");
    - suspected: hedged ("likely", "probably", "suspected", "believed to", "thought to",
      "may have", "appears to"), the weakest wins over alleged."""
    found = "asserted"
    scope = list(sent) if trigger is None else statement_scope(trigger)
    if any(lemma(t) in ASSERTING_WORDS or (t.lower_ == "high" and t.i + 1 < sent.end and t.nbor(1).lower_ == "confidence")
           for t in scope):
        return "asserted"  # "conclusively", "with high confidence": the claim insists
    for t in scope:
        word, nxt = lemma(t), (t.nbor(1).lower_ if t.i + 1 < sent.end else "")
        if word in SUSPECTED_WORDS or (word in ("think", "assume") and t.tag_ == "VBN" and nxt == "to") or (
                t.lower_ in ("may", "might", "could") and nxt == "have") or (word in ("appear", "seem") and nxt == "to"):
            return "suspected"
        if word in ALLEGED_WORDS or (word == "say" and t.tag_ == "VBN" and nxt == "to"):
            found = "alleged"
    return found


def attributors_of(ann: AnnotatedDocument, s: Statement) -> list[str]:
    """Who makes the statement: 'According to X', the subject of an attributing or reporting verb
    above it ('X holds ...', 'X explained that ...'), the speaker of a quote around it."""
    responsible = {a.id for a, _ in s.responsible}
    heads: list[Token] = []
    for t in s.sent:
        if t.lower_ == "according" and t.i + 1 < s.sent.end and t.nbor(1).lower_ == "to":
            heads += [c for c in t.nbor(1).children if c.dep_ == "pobj"]
    for v in [s.trigger, *s.trigger.ancestors]:
        if lemma(v) in SAY_VERBS | {"hold", "blame", "accuse", "attribute"} and v.pos_ == "VERB":
            subjects = [c for c in v.children if c.dep_ == "nsubj"]
            if not subjects and v.i > s.sent.start and v.i > s.trigger.i:
                # "..., the Institute for Strategic Dialogue said.": the parser hangs the
                # speaker on the phrase before it as an apposition
                x = v.doc[v.i - 1]
                for _ in range(4):
                    if x.dep_ == "appos":
                        subjects.append(x)
                        break
                    x = x.head
            heads += subjects
            heads += [o for o in prep_objects(v, {"by"}) if lemma(v) == "attribute"]
    resolver = PhraseActors.of(ann)
    out = []
    for h in heads:
        found = [(described_state(ann, a) or state_agent_state(ann, a) or a).id
                 for a in resolver.named(h) if a.kind in ATTRIBUTOR_KINDS]
        found = [i for i in found if i not in responsible]  # "U.S. officials say" → the United States
        # a threat-intelligence firm or a researcher the linker does not know ("Mandiant said ...")
        out += found or unlinked_names(ann, without_clauses(h))
    for q in ann.quotes:
        if q.speaker and q.span[0] <= s.trigger.idx < q.span[1] and q.speaker not in responsible:
            out.append(q.speaker)
    return list(dict.fromkeys(out))


# ---- incidents with their statements ---------------------------------------------------------

@dataclass(eq=False)
class Incident:
    kind: str
    mentions: list[IncidentMention] = field(default_factory=list)
    statements: list[tuple[Statement, list[tuple[Actor, str]]]] = field(default_factory=list)
    spans: set[Span] = field(default_factory=set)

    @property
    def keywords(self) -> set[str]:
        return {k for m in self.mentions for k in m.keywords}

    last_sentence: int = 0  # the Tracker's count of the sentence that last mentioned it

    def targets(self) -> set[str]:
        return {t for m in self.mentions for t in m.targets}

    def responsible_ids(self) -> set[str]:
        return {a.id for _, found in self.statements for a, _ in found}


def role(actor: Actor, hint: str) -> str:
    """operator | sponsor | campaign, from the actor's kind and what the phrase said it did."""
    if actor.kind == "campaign":
        return "campaign"
    if hint == "nationality":
        return "operator"  # "a Russian disinformation campaign", "North Korean hackers": the state did it
    if actor.kind == "threat-group":
        return "operator"
    if actor.kind in ("state", "partially-recognized-state", "igo"):
        # "The Chinese government likely hacked ...": the doer; else a state stands behind it
        return "operator" if hint == "operator" else "sponsor"
    if actor.kind == "agency":
        return "operator" if hint == "operator" else "sponsor"
    return "sponsor" if hint == "sponsor" else "operator"


def most_specific(ann: AnnotatedDocument, ids: list[str], also: Iterable[str] = ()) -> list[str]:
    """Drop a state when an agency or organisation of the same country is in the list, or an
    agency of it in `also` (the GRU operating stands for Russia)."""
    actors = [ann.actor(i) for i in ids]
    others = [a for a in (ann.actor(i) for i in also) if a is not None and a.kind == "agency"]
    countries = {a.country for a in [*actors, *others]
                 if a is not None and a.country and a.kind not in ("state", "partially-recognized-state")}
    return [i for i, a in zip(ids, actors) if a is None or a.kind != "state" or a.country not in countries]


def is_vague(m: IncidentMention) -> bool:
    """'cyberattacks', 'a disinformation campaign': a kind of operation with nothing to tell which."""
    return m.back_reference is None and not (m.keywords or m.targets or m.date or m.campaign)


NEAR_SENTENCES = 10  # sentences within which one shared word ties two mentions of an incident


class Tracker:
    """Incidents built sentence by sentence. A vague mention ("Germany accuses Russia of
    cyberattacks", a headline) waits for the end: it then stands for the incidents of its kind
    told in the document, or, when none is, for an incident of its own."""

    def __init__(self, ann: AnnotatedDocument):
        self.ann = ann
        self.incidents: list[Incident] = []
        self.order: list[Incident] = []  # most recently mentioned last
        self.waiting: list[tuple[Statement, list[IncidentMention]]] = []
        self.n = 0  # sentences read

    def touch(self, inc: Incident) -> None:
        if inc in self.order:
            self.order.remove(inc)
        self.order.append(inc)

    def latest(self, kind: str) -> Optional[Incident]:
        return next((i for i in reversed(self.order) if kind in ("any", i.kind)), None)

    def place(self, m: IncidentMention) -> list[Incident]:
        """The incidents a mention stands for (creating one when it is new)."""
        if m.back_reference == "all":
            return [i for i in self.incidents if m.kind in ("any", i.kind)]
        if m.keywords:
            # a shared word ties mentions told near each other, or far apart when it is not alone
            # or the victim is the same ("manipulating satellite images" in 2014 is not the
            # "doctored images" of another paragraph)
            found = next((i for i in self.incidents if m.kind in ("any", i.kind) and i.keywords & m.keywords and (
                self.n - i.last_sentence <= NEAR_SENTENCES or len(i.keywords & m.keywords) > 1
                or set(m.targets) & i.targets())), None)
            if found is not None:
                return [found]
        recent = self.latest(m.kind)
        if recent is not None and recent.last_sentence >= self.n - 2 and not (m.targets and recent.targets() and
                                                                             not set(m.targets) & recent.targets()) \
                and lemma(m.head) in {lemma(x.head) for x in recent.mentions} and m.head.pos_ == "VERB":
            return [recent]  # "hacked into DNC computers" ... "“... hacked into the DNC”": told again
        if m.back_reference == "latest" and not m.keywords or m.campaign:
            found = self.latest(m.kind)
            if found is not None:
                return [found]
        if m.kind == "any":
            return []  # "the attack" with nothing told before: not a cyber or influence incident
        inc = Incident(m.kind)
        self.incidents.append(inc)
        return [inc]

    def read(self, sent: SpacySpan) -> None:
        self.n += 1
        mentions = sentence_incidents(self.ann, sent)
        statements = statements_in(self.ann, sent)
        placed: list[tuple[IncidentMention, list[Incident]]] = []
        # a mention a statement of its sentence speaks of ("a breach that appears to have been
        # conducted by ...") is an incident of its own, however bare
        spoken = {x.i for st in statements for x in ([st.trigger] + ([st.patient] if st.patient is not None else []))}
        vague = [m for m in mentions if is_vague(m) and not spoken & {x.i for x in m.head.subtree}]
        for m in mentions:
            incs = [] if m in vague else self.place(m)
            for inc in incs:
                if m.back_reference != "all":
                    inc.mentions.append(m)
                    inc.spans.add(sentence_offsets(sent))
                    inc.last_sentence = self.n
                self.touch(inc)
            placed.append((m, incs))
        for s in statements:
            incs = self.targets_of(s, placed)
            for inc in incs:
                inc.statements.append((s, s.responsible))
                inc.spans.add(sentence_offsets(sent))
                self.touch(inc)
            if not incs and vague:
                self.waiting.append((s, vague))

    def finish(self) -> None:
        """Place the vague mentions that a statement attributed."""
        own: dict[int, Incident] = {}
        told = list(self.incidents)
        for s, vague in self.waiting:
            for m in vague:
                incs = [i for i in told if i.kind == m.kind]
                if not incs:
                    if id(m) not in own:
                        own[id(m)] = Incident(m.kind, mentions=[m])
                        self.incidents.append(own[id(m)])
                    incs = [own[id(m)]]
                for inc in incs:
                    inc.statements.append((s, s.responsible))
                    inc.spans.add(sentence_offsets(s.sent))

    def targets_of(self, s: Statement, placed: list[tuple[IncidentMention, list[Incident]]]) -> list[Incident]:
        """The incidents a statement speaks of: those its patient names, else those of its sentence,
        else (for an actor) those where that actor is responsible."""
        if s.patient is not None:
            sub = set(x.i for x in s.patient.subtree)
            hit = [inc for m, incs in placed if m.head.i in sub for inc in incs]
            if hit:
                return list(dict.fromkeys(hit))
            backed = lemma(s.trigger) in SPONSOR_VERBS | LINK_VERBS  # "The Center is said to be supported by ..."
            named = {a.id for a in PhraseActors.of(self.ann).named(s.patient)} if backed else set()
            if named:
                own = [i for i in self.incidents if named & i.responsible_ids()]
                if own:
                    return own
        hit = [inc for _, incs in placed for inc in incs]
        if hit:
            return list(dict.fromkeys(hit))
        if s.patient is not None and s.patient.pos_ == "PRON" and self.order:
            return [self.order[-1]]
        return []


def build_attribution(ann: AnnotatedDocument, inc: Incident, carried: dict[int, list[str]]) -> Optional[Attribution]:
    """The record of one incident; None when no statement names an operator or a sponsor. Who
    attributed it and how firmly come from the statements that named the actors kept."""
    roles: dict[str, list[str]] = {"operator": [], "sponsor": [], "campaign": []}
    contributed: dict[str, list[Statement]] = {}
    for s, found in inc.statements:
        for a, hint in found:
            r = role(a, hint)
            if a.id not in roles[r]:
                roles[r].append(a.id)
            contributed.setdefault(a.id, []).append(s)
    operator = most_specific(ann, roles["operator"], also=roles["sponsor"])  # the GRU's group, not Russia
    sponsor = [i for i in most_specific(ann, roles["sponsor"], also=operator) if i not in operator]
    if not operator and not sponsor:
        return None
    kept = [s for i in operator + sponsor for s in contributed.get(i, [])]
    kept = list(dict.fromkeys(kept)) or [s for s, _ in inc.statements]
    by: list[str] = []
    for s in kept:
        by += [a for a in (s.attributors or carried.get(id(s), [])) if a not in by and a not in operator + sponsor]
    confidence = min((s.confidence for s in kept), key=FIRMNESS.__getitem__, default="asserted")
    named = [m for m in inc.mentions if m.back_reference is None]
    # only definite mentions ("the 2015 attack on the Bundestag"): the one that tells which incident
    described = next((m for m in named if m.keywords), named[0] if named else
                     next((m for m in inc.mentions if m.keywords or m.targets or m.date), None))
    campaign = next((m.campaign for m in inc.mentions if m.campaign), None) or (roles["campaign"] or [None])[0]
    targets = list(dict.fromkeys(t for m in inc.mentions for t in m.targets if t not in operator + sponsor))
    return Attribution(
        incident=described.text if described else inc.kind, kind=inc.kind, target=targets,
        date=next((m.date for m in inc.mentions if m.date), None), operator=operator, sponsor=sponsor,
        attributed_by=most_specific(ann, by), campaign=campaign, confidence=confidence, spans=sorted(inc.spans))


def carry_attributors(ann: AnnotatedDocument, statements: list[Statement]) -> dict[int, list[str]]:
    """A statement that names no source keeps the last source named in its paragraph
    ('Furthermore, it could now be "conclusively stated" that ...')."""
    out: dict[int, list[str]] = {}
    last: tuple[Optional[int], list[str]] = (None, [])
    paras = paragraphs(ann.body)
    for s in statements:
        para = paragraph_of(paras, s.sent.start_char)
        if s.attributors:
            last = (para, s.attributors)
        elif last[0] == para:
            out[id(s)] = last[1]
    return out


@extractor("attributions", requires=("quotes", "times"))
def extract_attributions(ann: AnnotatedDocument) -> list[Attribution]:
    """Attributions of cyber and influence operations, one per incident that someone attributes."""
    tracker = Tracker(ann)
    for sent in ann.sentences():
        tracker.read(sent)
    tracker.finish()
    statements = sorted({id(s): s for inc in tracker.incidents for s, _ in inc.statements}.values(),
                        key=lambda s: s.trigger.i)
    carried = carry_attributors(ann, statements)
    return [a for inc in tracker.incidents if (a := build_attribution(ann, inc, carried)) is not None]
