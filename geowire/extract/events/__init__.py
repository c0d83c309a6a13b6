"""PLOVER events: who did what to whom, when and where, one event per reading of a sentence.

How it works (docs/events.md says more, with examples):

1. **Lexicon (data)** — geowire/data/plover_triggers.yaml lists the trigger words (verbs and
   nominalisations: "sign" + treaty, "talks", "accuse", "hold" + responsible, "summon" +
   ambassador, "cyberattack", "disinformation campaign", ...) with their PLOVER type, mode
   and context, the conditions on their dependents, and the *roles* where their actor and
   recipient are (subject, object, dative, poss, modifier, by, governor, clause or a
   preposition). It also holds the per-type rules of the PLOVER manual (future cooperation
   is AGREE, a future RETREAT is CONCEDE, a future attack is THREATEN, a refused promise is
   REJECT), the word lists for modality and the contexts read from the clause.
   `events_lexicon` loads and matches it. The seats of power ("the Kremlin" → Moscow) that
   place an event come from geowire/data/states.yaml (`gazetteer.seats_of_power`).
2. **Syntax (code)** — `events_syntax` turns roles into tokens through spaCy's dependency
   parse (active and passive voice, inherited subjects of infinitives and conjoined verbs,
   relative clauses, coordination, appositions, "Russia's", "the Russian ambassador",
   prepositional phrases of nouns, pronouns of reported speech) and tokens into actor ids
   through the mentions the gazetteer linked (`geowire.nlp.parse.PhraseActors`, shared with
   the other extractors); it also reads negation,
   hypotheticals ("would", "if"), futures and intentions ("will", "plans to"), and reported
   speech ("X said that ...", quotes).
   For a verb the YAML does not list, the CAMEO dictionary of PETRARCH-2 gives the reading
   (`cameo.cameo_trigger`, a fallback behind the curated lexicon: `trigger_of`).
3. **Relevance** — `relevance.py`: a story or sentence holding a Phoenix discard phrase
   (sports, ...) is not coded, and an event needs a political actor or recipient. A sentence
   with no word a trigger could match (`candidate_check`: the lexicon's and the CAMEO
   dictionary's lemmas) gets no syntax work at all.
4. **This module** — applies them to every sentence, then codes each reading: type
   conversions of the manual, date (a time expression of the sentence, else the document's
   reference date), location ("in/at X"), contexts, confidence; finally it merges readings
   of one incident (the same act told twice in a document is one event).

To add a trigger: add an entry to the YAML file (copy one of the same type; give `object`,
`prep` or `modifier` conditions to keep it precise), and a test sentence to
tests/test_events.py. Code changes are needed only for a new kind of role.

Only actors of `ann.actors` are named (by id); an event without an actor is not emitted,
nor one that its type requires a recipient for and has none.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from spacy.tokens import Span, Token

from geowire.nlp.document import AnnotatedDocument
from geowire.nlp.parse import PLACE_PREPS, STATE_KINDS, place_name, sentence_offsets, unique_actors
from geowire.model import Actor, Event
from geowire.extract.events.lexicon import NOUN_POS, VERB_POS, Lexicon, Trigger, load_lexicon, names_people, verb_lemmas
from geowire.extract.events.syntax import Modality, Syntax
from geowire.extract.events.cameo import cameo_isolated, cameo_trigger, load_patterns
from geowire.extract.events.relevance import (is_political, participants_political, sentence_discarded, story_discarded,
                                              weapon_words, worth_parsing)
from geowire.extract.registry import extractor

# Acts whose partner named by "with" is as much their actor (PLOVER lists both as actors).
MUTUAL = frozenset({"AGREE", "CONSULT", "COOPERATE"})
COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "CONCEDE"})
# Acts a speaker may pin on someone else: "Israel said a mortar bomb was fired at it" is also
# Israel accusing the shooter (ACCUSE allege), as CAMEO coders have always read it.
ALLEGEABLE = frozenset({"ASSAULT", "COERCE", "THREATEN"})
MODE_CONTEXTS = {"cyber": "cyber", "misinformation": "misinformation"}
# Verbs the CAMEO fallback leaves alone: gerunds and participles inside a phrase ("accused
# Belarus of orchestrating the crisis", "a convoy escorted by troops"), whose act the curated
# content and noun entries code if it is one; PETRARCH-2 coded verb phrases of clauses only.
CAMEO_SKIP_DEPS = frozenset({"pcomp", "amod", "compound", "nmod", "acl", "pobj", "nsubj", "dobj"})
# Numbers that are no dates (not_a_date): the noun before them, the street word after them.
NUMBER_WORD = re.compile(r"[#\w.]+")
NUMBER_NOUNS = frozenset({"page", "pages", "p", "pp", "pg", "no", "nr", "number", "#", "route", "highway", "flight",
                          "room", "suite", "box", "apt", "unit", "line", "resolution", "article", "section", "chapter",
                          "bus", "exit", "gate", "platform", "ward", "district", "precinct", "block"})
STREET_WORDS = frozenset({"st", "street", "ave", "avenue", "rd", "road", "blvd", "boulevard", "lane", "ln", "drive",
                          "dr", "way", "place", "pl", "court", "ct", "square", "sq", "parkway", "pkwy", "terrace",
                          "strasse", "straße", "rue", "via", "calle", "ulitsa"})
YEAR_OPENERS = frozenset({"in", "since", "by", "until", "till", "of", "from", "during", "before", "after", "through",
                          "to", "between", "and", "or", "early", "late", "mid", "the", "year", "fiscal", "spring",
                          "summer", "autumn", "fall", "winter", "around", "circa", "c", "ca", "its", "their", "for"})
MONTH_WORDS = frozenset({"january", "february", "march", "april", "may", "june", "july", "august", "september",
                         "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
                         "sept", "oct", "nov", "dec"})
ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
GOV_SECTORS = frozenset({"GOV", "MIL", "SPY", "LEG", "JUD", "COP"})
STATE_LIKE_KINDS = frozenset({"state", "partially-recognized-state", "agency", "igo"})


@dataclass
class Reading:
    """One event reading before it becomes an `Event` (keeps the tokens merging needs)."""
    type: str
    mode: Optional[str]
    actors: list[Actor]
    recipients: list[Actor]
    trigger: Token
    sent: Span
    mod: Modality
    context: list[str] = field(default_factory=list)
    date: Optional[str] = None
    location: Optional[str] = None
    confidence: float = 0.5
    incident: Optional[tuple[str, str]] = None  # (trigger lemma, head of its object): the same act told again
    trigger_text: Optional[str] = None
    lemmas: set[str] = field(default_factory=set)  # trigger lemmas of the readings merged into this one
    alleged_by_holder: bool = False  # its actor was named by "accuse X of", "attributed to X"

    def to_event(self) -> Event:
        return Event(
            type=self.type, mode=self.mode, context=self.context,
            actors=[a.id for a in self.actors], recipients=[a.id for a in self.recipients],
            date=self.date, location=self.location, negated=self.mod.negated,
            hypothetical=self.mod.hypothetical, reported=self.mod.reported,
            trigger=self.trigger_text or self.trigger.text, span=sentence_offsets(self.sent),
            confidence=round(self.confidence, 2),
        )


@extractor("events", requires=("times", "quotes", "attributions"))
def extract_events(ann: AnnotatedDocument) -> list[Event]:
    """The PLOVER events of an annotated document."""
    if ann.doc is None or not ann.actors:
        return []
    # a sports, product or lost-cat story is no political news, whatever its verbs (relevance.py)
    if story_discarded(ann):
        return []
    lexicon = load_lexicon()
    load_patterns()  # the CAMEO dictionary (~1 s, once per process): loaded with the first document, whatever its verbs
    syntax = Syntax(ann, lexicon)
    quotes = quote_spans(ann)
    readings: list[Reading] = []
    candidate = candidate_check(lexicon)
    for sent in ann.sentences():  # cut at blank lines too: a headline is a sentence of its own
        # no word any trigger could match: no syntax work at all (the cheapest test first)
        if not any(candidate(t) for t in sent):
            continue
        if sentence_discarded(sent) or not worth_parsing(sent, sentence_actors(sent, syntax)):
            continue
        readings += sentence_readings(sent, syntax, lexicon, quotes)
    readings += attribution_readings(ann, syntax)
    readings = share_incident_roles(readings)
    readings = [kept for r in merge_readings(readings) if (kept := without_press(r)) is not None]
    # PLOVER codes political interactions: one side must be a state, an official, an armed or
    # political group (a club firing a shot at a goalkeeper is no ASSAULT)
    return [r.to_event() for r in readings
            if participants_political(r.type, r.actors, r.recipients) and not political_contest(r, lexicon)]


def without_press(r: Reading) -> Optional[Reading]:
    """A CONSULT without its journalists: PLOVER codes meetings of political entities, and a
    meeting with the press is an interview ("In a meeting with the Washington Post's editorial
    board, Trump said": None); a meeting of others keeps its other sides."""
    if r.type != "CONSULT":
        return r
    press = {a.id for a in (*r.actors, *r.recipients) if a.kind == "media" or "JRN" in a.sectors}
    if not press:
        return r
    r.actors = [a for a in r.actors if a.id not in press]
    r.recipients = [a for a in r.recipients if a.id not in press]
    return r if r.actors and len(r.actors) + len(r.recipients) >= 2 else None


# The readings a contest word gets from the lexicon or CAMEO: an attack or a defeat, the same
# told as a plan ("going all in to defeat Trump": THREATEN violence), a sweep (CAMEO's search),
# catching up with a rival (CAMEO's seizure: "Sanders can catch Clinton"), campaigning against
# one (CAMEO's coercion).
CONTEST_READINGS = frozenset({("ASSAULT", None), ("ASSAULT", "beat"), ("THREATEN", "violence"),
                              ("ACCUSE", "investigate"), ("COERCE", "seize"), ("COERCE", None)})


def political_contest(r: Reading, lexicon: Lexicon) -> bool:
    """An "attack", "battle" or "defeat" (`lexicon.contest_verbs`) with no weapon or method
    named, between persons, parties and legislatures only, none of them armed: an election or
    a criticism ("McCain defeated Bush", "Democrats beat Gov. Bevin", "was swept by Clinton"),
    not the physical harm PLOVER's ASSAULT is. Literal harm ("shot", "stabbed") is not a contest
    verb; "attacked him with a knife" names a method. One such contestant alone, a known
    politician, is in a contest too when the act is aimed at nothing and nobody carries it out
    ("Rubio's biggest attack", "engaging in personal attacks", "Clinton's attacks were echoed"),
    not when it is launched, ordered or stepped up (the object of a light verb)."""
    if (r.type, r.mode) not in CONTEST_READINGS or not r.lemmas & lexicon.contest_verbs:
        return False
    if any(p.lemma_.lower() in weapon_words() for c in r.trigger.children if c.dep_ == "prep" and c.lower_ in ("with", "using")
           for p in c.children if p.dep_ == "pobj"):
        return False  # "attacked her with a knife" (CAMEO's &WEAPON)
    participants = [*r.actors, *r.recipients]
    if not participants or not all(contestant(a) for a in participants):
        return False
    if len(participants) >= 2:
        return True
    # alone, a known politician (a sector: an office, a seat, a party), not a name spaCy calls a
    # person ("a planned attack by Ansar al-Sharia")
    launched = r.trigger.dep_ in ("dobj", "nsubjpass") and bool(verb_lemmas(r.trigger.head) & lexicon.light_verbs)
    return bool(participants[0].sectors) and not (aimed(r.trigger) or launched)


def aimed(tok: Token) -> bool:
    """Does the act have a target in the text, named or not ("assaulted a reporter", "attacks
    on immigrants", "the attack against the convoy")?"""
    return any(c.dep_ in ("dobj", "nsubjpass") or (c.dep_ == "prep" and c.lower_ in ("on", "against", "at", "upon"))
               for c in tok.children)


# Sectors of those who can do physical harm: the military, police, intelligence, rebels, militants.
ARMED_SECTORS = frozenset({"MIL", "COP", "SPY", "REB", "UAF"})


def contestant(actor: Actor) -> bool:
    """A person, a party or a legislature, unarmed: who contests elections and debates."""
    sectors = set(actor.sectors)
    if sectors & ARMED_SECTORS:
        return False
    return actor.kind == "person" or (actor.kind == "organization" and bool(sectors & {"PTY", "LEG"}))


_CANDIDATE_CHECKS: dict[int, tuple[Lexicon, object]] = {}


def candidate_check(lexicon: Lexicon):
    """A test of one token: may `trigger_of` find a trigger for it? The same lemma lookups as
    `Lexicon.match` (nouns, verbs with their plausible base forms) and `cameo.verb_entries`
    (lemma or form), without their conditions: False means no trigger whatever the parse."""
    cached = _CANDIDATE_CHECKS.get(id(lexicon))
    if cached is not None and cached[0] is lexicon:
        return cached[1]
    keys = frozenset(lexicon.triggers)
    patterns = load_patterns()
    cameo = frozenset(patterns.verbs) | frozenset(patterns.forms)

    def candidate(tok: Token) -> bool:
        if tok.pos_ == "NOUN":
            return (tok.lemma_.lower(), "NOUN") in keys
        if tok.pos_ not in VERB_POS:
            return False
        return (any((lemma, "VERB") in keys for lemma in verb_lemmas(tok))
                or (tok.pos_ == "VERB" and (tok.lemma_.lower() in cameo or tok.lower_ in cameo)))
    _CANDIDATE_CHECKS[id(lexicon)] = (lexicon, candidate)
    return candidate


def sentence_actors(sent: Span, syntax: Syntax) -> list[Actor]:
    """The actors the linker found in a sentence."""
    return unique_actors([hit[0] for i in range(sent.start, sent.end) if (hit := syntax.token_actor.get(i))])


# ---- one sentence ---------------------------------------------------------------------------

def sentence_readings(sent: Span, syntax: Syntax, lexicon: Lexicon, quotes) -> list[Reading]:
    matches = [(t, e) for t in sent if (e := trigger_of(t, lexicon)) is not None]
    if not matches:
        return []
    # "a disinformation campaign", "war crimes", "threatening hybrid activities": a word that
    # modifies a noun is not the act (the head noun carries it when it is a trigger itself)
    matches = [(t, e) for t, e in matches if not (t.dep_ in ("compound", "amod", "nmod") and t.head.i != t.i)
               and not reason_gerund(t)]
    contents = {t.i: e for t, e in matches if e.content}
    absorbed: set[int] = set()
    complement_of: dict[int, tuple[Token, Trigger]] = {}
    for t, e in matches:
        if not e.absorb:
            continue
        inside = {x.i for x in syntax.complement_tokens(t)}
        for t2, e2 in matches:
            if t2.i in inside and e2.emit and t2.i not in absorbed:
                absorbed.add(t2.i)
                complement_of[t.i] = (t2, e2)
                break
    for t, e in matches:
        # "alleged that the French military helped carry out killings": what an allegation says
        # is its content, alleged, not an act the text asserts (PETRARCH codes the ACCUSE only)
        # (a finite clause only: "holds Russia responsible for a cyberattack" is the content machinery's)
        if e.event == "ACCUSE" and e.mode == "allege" and t.pos_ == "VERB" and not e.content:
            inside = {x.i for c in t.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")
                      and any(d.dep_ in ("nsubj", "nsubjpass") for d in c.children) for x in c.subtree}
            absorbed |= {t2.i for t2, _ in matches if t2.i in inside}
    readings: list[Reading] = []
    for t, e in matches:
        if not e.emit or t.i in absorbed:
            continue
        reading = read_trigger(t, e, syntax, lexicon, quotes, contents, complement_of.get(t.i))
        if reading is not None:
            readings.append(reading)
        elif t.i in complement_of and complement_of[t.i][0].pos_ in NOUN_POS and complement_of[t.i][0].dep_ == "dobj":
            # the verb that would have made its object noun its content codes nothing ("faced
            # pressure from Washington": no actor for CAMEO's reading of "face"): the noun's act,
            # asserted by the sentence, is read on its own (not an act under "refused to",
            # "warned against", which the sentence does not assert)
            t2, e2 = complement_of[t.i]
            if (own := read_trigger(t2, e2, syntax, lexicon, quotes, contents, complement_of.get(t2.i))) is not None:
                readings.append(own)
    readings += speaker_accusations(readings)
    return readings


def reason_gerund(tok: Token) -> bool:
    """A gerund giving the reason for an act on someone ("jailed a student for helping militants",
    "praised Kenya for hosting the talks"): its doer is that object, whom the subject rules
    (inherited subjects) would not find; PETRARCH codes the main verb's phrase only."""
    prep = tok.head
    return (tok.dep_ == "pcomp" and tok.tag_ == "VBG" and prep.lower_ == "for" and prep.head.i != prep.i
            and any(c.dep_ == "dobj" for c in prep.head.children))


def trigger_of(tok: Token, lexicon: Lexicon) -> Optional[Trigger]:
    """The curated entry for a token; else, for a verb the YAML does not list, the CAMEO
    dictionary's reading (`cameo.cameo_trigger`): breadth from PETRARCH-2's 15,000 verb
    patterns, the curated lexicon winning wherever it speaks. Whichever reads it, a participle
    standing as a noun is no act, nor a verb of violence that tells something (`tells`)."""
    if tok.pos_ == "VERB" and any(c.dep_ == "det" for c in tok.children):
        return None  # a participle standing as a noun: "the victims, the wounded and their families"
    trigger = _curated_or_cameo(tok, lexicon)
    if trigger is not None and trigger.event == "ASSAULT" and tells(tok, lexicon):
        return None
    return trigger


def _curated_or_cameo(tok: Token, lexicon: Lexicon) -> Optional[Trigger]:
    entry = lexicon.match(tok)
    if entry is not None or tok.pos_ != "VERB" or lexicon.knows(tok):
        return entry
    lemma = tok.lemma_.lower()
    # intent and light verbs are the lexicon's machinery ("plans to meet": a future; "held
    # talks": the noun is the act), not acts of their own
    if lemma in lexicon.intent_verbs or lemma in lexicon.light_verbs:
        return None
    head = tok
    while head.dep_ == "conj" and head.head.i != head.i:  # "for helping militants join a group"
        head = head.head
    if head.dep_ in CAMEO_SKIP_DEPS:
        return None
    trigger = cameo_trigger(tok)
    if trigger is not None and trigger.event == "AGREE" and cameo_isolated(tok):
        return None  # an intention without its content ("prepared", "planned") commits to nothing
    return trigger


def tells(verb: Token, lexicon: Lexicon) -> bool:
    """A verb of violence with a clause after it says something ("Trump shot back that the
    journalist had not been called on", "hit back that …"): a retort, no attack. Not a report
    hung on it by the parser ("… killed five, police said")."""
    return verb.pos_ == "VERB" and any(
        c.dep_ == "ccomp" and c.i > verb.i and c.lemma_.lower() not in lexicon.speech_verbs
        and any(g.dep_ in ("mark", "nsubj", "nsubjpass") for g in c.children) for c in verb.children)


def read_trigger(tok: Token, entry: Trigger, syntax: Syntax, lexicon: Lexicon, quotes,
                 contents: dict[int, Trigger], complement: Optional[tuple[Token, Trigger]]) -> Optional[Reading]:
    """Code one trigger: its actors and recipients, modality, type, date, place, contexts."""
    mod = syntax.modality(tok, quotes)
    confidence = entry.confidence
    explicit = [r for r in entry.actor if r in ("subject", "poss", "by")]
    actors, _ = syntax.resolve_roles(tok, explicit, mod)
    holder = syntax.content_holder(tok, contents) if not actors else None
    if holder is not None:
        held = contents[holder.i].content or {}
        actors, _ = syntax.resolve_roles(holder, [held.get("actor", "object")], mod)
        confidence -= 0.05
        if not actors:
            holder = None
    if not actors:
        rest = [r for r in entry.actor if r not in explicit]
        actors, role = syntax.resolve_roles(tok, rest, mod)
        if role in ("governor", "modifier"):
            confidence -= 0.1
    found_by: list[str] = []
    recipients = recipient_actors(tok, entry, syntax, mod, actors, found_by)
    if entry.event == "CONSULT" and entry.mode == "visit":
        # a visit is to another country: "Putin arrived in Moscow" comes home
        home = {a.country for a in actors if a.country}
        recipients = [r for r in recipients if r.country not in home]
    crowd = not actors and entry.event == "PROTEST"
    if crowd:  # "Thousands marched in Tbilisi": the story's people
        # (not the state protested against: "rallied outside the Russian embassy")
        actors = [a for a in syntax.crowd_country(tok) if a.id not in {r.id for r in recipients}]
        confidence -= 0.1
    if not actors and entry.implicit_actor == "speaker" and mod.speaker and recipients:
        # "... will be allocated to South Ossetia," Putin said: the giver is the speaker's state
        actors = [syntax.state_of(a) or a for a in mod.speaker]
        confidence -= 0.2
    event, mode = entry.event, entry.mode
    named_own = bool(recipients)  # before any borrowed from the complement ("needs: addressee")
    if complement is not None:
        ctok, centry = complement
        if not recipients:
            recipients, _ = syntax.resolve_roles(ctok, centry.recipient, mod, exclude=actors)
        event = lexicon.type_rule(entry.event, "content_event", {}).get(centry.event, entry.event)
        if mode is None:
            mode = lexicon.type_rule(event, "content_mode", {}).get(centry.event)
    if holder is not None and not recipients and (contents[holder.i].content or {}).get("victim") == "subject":
        # "Germany holds Russia responsible for disinformation campaigns": Germany is the target
        accusers = syntax.phrase_actors(syntax.subjects(holder), mod)
        recipients = [a2 for a in accusers if (a2 := syntax.state_of(a) or a).id not in {x.id for x in actors}]
        confidence -= 0.1
    if not actors or any(entry.actor_not_sectors.intersection(a.sectors) for a in actors) \
            or (entry.actor_political and not all(is_political(a) for a in actors)):
        return None  # a visit is diplomatic: troops who travel somewhere deploy, a tourist travels
    partnered = event in MUTUAL and found_by == ["with"] and not mod.negated and not entry.symmetric
    if entry.symmetric or partnered:
        # a meeting, cooperation or agreement *with* someone is both sides' act ("Armenia
        # agreed with Georgia", "reached an agreement with Georgia"): PLOVER lists both as actors
        actors, recipients = unique_actors(actors + recipients), []
    future = mod.future
    if mod.negated and future and event in COOPERATIVE and lexicon.type_rule(event, "refusal"):
        event, mode = "REJECT", lexicon.type_rule(event, "refusal")
        mod.negated = False
    elif future and lexicon.type_rule(event, "future"):
        new = lexicon.type_rule(event, "future")
        mode = lexicon.type_rule(event, "future_mode")
        event = new
    if entry.by_state and recipients and not crowd and all(is_state_like(a) for a in actors):
        event, mode = entry.by_state.get("event", event), entry.by_state.get("mode", mode)
    if entry.by_protesters and any(t.lemma_.lower() in lexicon.protester_nouns
                                   for r in entry.actor for t in syntax.role_tokens(tok, r)):
        event, mode = entry.by_protesters.get("event", event), entry.by_protesters.get("mode", mode)
    if event == "CONSULT" and mode is None and is_multilateral(tok, actors + recipients, syntax):
        mode = "multilateral"
    needs = entry.needs or lexicon.type_rule(event, "needs")
    # the partner is named, among the actors: "with" them, or in the subject (`between_them`)
    if needs == "recipient" and not recipients and not partnered and not between_them(tok, event, actors, syntax):
        return None
    if needs == "two" and len(actors) + len(recipients) < 2:
        return None
    if needs == "addressee" and not named_own:
        return None
    if mod.reported:
        confidence -= 0.05
    if mod.hypothetical:
        confidence -= 0.2
    if recipients:
        confidence += 0.05
    reading = Reading(type=event, mode=mode, actors=actors, recipients=recipients, trigger=tok,
                      sent=syntax.sentence(tok), mod=mod, confidence=max(0.05, min(0.95, confidence)), trigger_text=trigger_text(tok))
    reading.context = contexts(tok, entry, mode, syntax, lexicon)
    reading.date = event_date(tok, syntax, future or mod.hypothetical, mod.hypothetical)
    reading.location = event_location(tok, syntax)
    reading.incident = incident_key(tok)
    reading.lemmas = {tok.lemma_.lower()}
    reading.alleged_by_holder = holder is not None
    return reading


# Quantifiers that make an act each doer's own ("both visited Wilmington", "all voted for it").
DISTRIBUTIVE = frozenset({"both", "all", "each", "either"})


def between_them(tok: Token, event: str, actors: list[Actor], syntax: Syntax) -> bool:
    """Whether an agreement or a cooperation whose doers are two or more actors named together
    is between them ("Ghana and Togo reached an agreement", "Japan and Korea worked together"),
    so needs no recipient; not when a quantifier makes it each one's own ("Sanders and Clinton
    both agreed to debate"), nor for other acts ("Sanders and Clinton visited Wilmington": not
    each other)."""
    if event not in ("AGREE", "COOPERATE") or len(actors) < 2:
        return False
    head = syntax.verbal_head(tok)
    near = [*head.children, *(t for s in syntax.subjects(head) for t in s.subtree)]
    return not any(t.lower_ in DISTRIBUTIVE for t in near)


def recipient_actors(tok: Token, entry: Trigger, syntax: Syntax, mod: Modality, actors: list[Actor],
                     found_by: Optional[list[str]] = None) -> list[Actor]:
    """The recipients of the entry's roles (the role that named them is appended to `found_by`). An actor named again in another phrase may be
    its own recipient ("Georgian demonstrators received weapons from the Georgian government":
    both sides are Georgia); the same phrase may not."""
    # the phrases of the roles that named the actors (not of a later role the entry would have
    # tried: "deployed troops near Ukraine" names Russia by its subject, and the object's
    # phrase still holds the recipient)
    actor_ids = {a.id for a in actors}
    actor_tokens = {t.i for r in entry.actor if (toks := syntax.role_tokens(tok, r))
                    and (not actor_ids or actor_ids & {a.id for a in syntax.phrase_actors(toks, mod)})
                    for x in toks for t in x.subtree}
    # an actor may be its own recipient only if the sentence names it a second time
    named_again = {hit[0].id for t in syntax.sentence(tok)
                   if t.i not in actor_tokens and (hit := syntax.token_actor.get(t.i))}
    # a bare dictionary verb whose object is a thing: that object says what the verb means, and
    # only its own words and phrases say whom it is about ("opposed the hold on U.S. aid"), not
    # the verb's phrases ("took place at Trump Tower", "took shots at Sanders")
    things = [c for c in tok.children if c.dep_ == "dobj" and not names_people(c)] if entry.object_decides else []
    syntax.avoid = frozenset(a.id for a in actors)
    try:
        for role in entry.recipient:
            if things and role not in ("own_object", "dative", "subject"):
                toks = [t for o in things for t in syntax.prep_objects(o, (role,)) if t.i not in actor_tokens]
            else:
                toks = [t for t in syntax.role_tokens(tok, role, entry.prep or ()) if t.i not in actor_tokens]
            found = syntax.phrase_actors(toks, mod)
            # ... by name in the recipient's phrase: a pronoun there refers back to the actor
            # ("I ruined my carpet," Trump said; "Russia defended its borders")
            named_here = {hit[0].id for x in toks for t in x.subtree
                          if t.pos_ != "PRON" and (hit := syntax.token_actor.get(t.i))}
            found = [a for a in found if a.id not in syntax.avoid
                     or (a.id in named_again and a.id in named_here and not entry.symmetric)]
            if found:
                if found_by is not None:
                    found_by.append(role)
                return found
        if tok.pos_ in NOUN_POS:  # "Obama faces pressure from Congress"
            found = [a for a in syntax.phrase_actors(syntax.undergoer(tok), mod) if a.id not in syntax.avoid]
            if found:
                return found
        if entry.event in ("ASSAULT", "PROTEST") and actors and entry.needs != "recipient" and not entry.symmetric:
            # victims no actor names, struck in a state ("bombed targets in southern Lebanon",
            # "a power plant in Ukraine"), a protest against no one named ("staged a protest in
            # Beijing"): that state is the target, as CAMEO coders code the place of an attack
            # or a demonstration (not for a dictionary reading, which needs a target named, nor
            # for a clash, whose sides are all actors; a crowd no actor names is the state's own:
            # `Syntax.crowd_country`)
            toks = [t for t in syntax.role_tokens(tok, "in") if t.i not in actor_tokens]
            return [a for a in syntax.phrase_actors(toks, mod) if a.kind in STATE_KINDS and a.id not in syntax.avoid]
        return []
    finally:
        syntax.avoid = frozenset()


def speaker_accusations(readings: list[Reading]) -> list[Reading]:
    """A state, government body or official that says someone of another country attacked,
    coerced or threatened accuses them (ACCUSE allege); media, analysts and witnesses
    reporting the same do not."""
    out = []
    for r in readings:
        if not (r.mod.reported and r.type in ALLEGEABLE and r.mod.speaker) or r.mod.hypothetical or r.mod.negated:
            continue
        if r.alleged_by_holder:  # "X said the attack was attributed to Y": the attribution is the record
            continue
        # an accuser of no known country ("military officials said", whose?) accuses no one
        speakers = [s for s in r.mod.speaker
                    if s.kind != "media" and "JRN" not in s.sectors and is_state_like(s) and s.country]
        if not speakers or {s.id for s in speakers} & {a.id for a in r.actors}:
            continue
        if {s.country for s in speakers if s.country} & {a.country for a in r.actors if a.country}:
            continue  # a state telling its own acts ("the U.S. Central Command said") accuses no one
        verb = r.mod.speaker_tokens[0].head if r.mod.speaker_tokens else r.trigger
        mod = Modality()
        out.append(Reading(type="ACCUSE", mode="allege", actors=speakers, recipients=list(r.actors), trigger=verb,
                           sent=r.sent, mod=mod, context=list(r.context), date=r.date, location=None,
                           confidence=max(0.05, r.confidence - 0.15), trigger_text=verb.text))
    return out


# ---- attributes ------------------------------------------------------------------------------

def trigger_text(tok: Token) -> str:
    """The trigger as written, with its particle or noun modifier ("blown up", "air strike")."""
    parts = [tok] + [c for c in tok.children if c.dep_ == "prt"]
    if tok.pos_ in NOUN_POS:
        parts += [c for c in tok.children if c.dep_ == "compound" and c.i == tok.i - 1]
    parts.sort(key=lambda t: t.i)
    return tok.doc[parts[0].i: parts[-1].i + 1].text


def event_date(tok: Token, syntax: Syntax, promised: bool, hypothetical: bool) -> Optional[str]:
    """A time expression of the sentence (the nearest to the trigger), else the reference
    date. A promise is dated when it is made, not when the promised act is due."""
    ann = syntax.ann
    ref = ann.reference_date.isoformat() if ann.reference_date else None
    if hypothetical:
        return None
    if promised:
        return ref
    sent = syntax.sentence(tok)
    best, best_dist = None, None
    for t in ann.times:
        s, e = t.span
        if not (sent.start_char <= s < sent.end_char) or t.kind == "duration":
            continue
        value = t.value.split("/")[0]  # an interval is dated by its start ("In 2008-2014" → 2008)
        if not ISO_DATE.match(value) or not_a_date(ann.document.body, s, e, t.text):
            continue
        dist = min(abs(s - tok.idx), abs(e - tok.idx))
        if best_dist is None or dist < best_dist:
            best, best_dist = value, dist
    return best or ref


def not_a_date(body: str, start: int, end: int, text: str) -> bool:
    """Whether a time expression is a number that dates nothing: a house number ("1119 Eighth
    St.", "2015 Main Street"), a page or other number ("page 12", "No. 2014", "flight 1999"),
    or a bare number that is no year in a date phrase ("condemned Iran 1999 times"). A year
    counts only after a word that introduces a time ("in 2015", "since 2008", "the 2015
    elections") or at the start of a clause."""
    before = NUMBER_WORD.findall(body[max(0, start - 24):start])
    prev = before[-1].lower().rstrip(".") if before else ""
    if prev in NUMBER_NOUNS:
        return True
    after = [w.lower().rstrip(".") for w in NUMBER_WORD.findall(body[end:end + 40])[:3]]
    if any(w in STREET_WORDS for w in after[1:]) or (after[:1] and after[0] in STREET_WORDS):
        return True
    if not text.strip().isdigit():
        return False  # "March 2015", "2008-2014", "Tuesday": a date phrase
    number = text.strip()
    if not (len(number) == 4 and 1800 <= int(number) <= 2100):
        return True
    opener = body[max(0, start - 3):start].strip()
    return not (prev in YEAR_OPENERS or prev in MONTH_WORDS or not before or opener[-1:] in ("(", ",", ";", ":", "—", "-", "–"))


def event_location(tok: Token, syntax: Syntax) -> Optional[str]:
    """The place of an "in/at X" phrase of the trigger or of its clause ("at the Kremlin" → Moscow)."""
    holders = [tok, syntax.verbal_head(tok)]
    holders += [c for h in list(holders) for c in h.children if c.dep_ in ("dobj",)]
    for h in holders:
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ in PLACE_PREPS:
                for p in c.children:
                    if p.dep_ == "pobj":
                        place = place_name(p, nested=2)
                        if place:
                            return place
    return None


def contexts(tok: Token, entry: Trigger, mode: Optional[str], syntax: Syntax, lexicon: Lexicon) -> list[str]:
    """The entry's contexts, the mode's, and those whose words occur in the trigger's clause."""
    out = list(entry.context)
    if mode in MODE_CONTEXTS:
        out.append(MODE_CONTEXTS[mode])
    sent = syntax.sentence(tok)
    tokens = [t for t in syntax.verbal_head(tok).subtree if sent.start <= t.i < sent.end]
    sequences = ([t.lemma_.lower() for t in tokens], [t.lower_ for t in tokens])
    # n → the clause's runs of n lemmas or of n words: one set lookup per phrase, not a scan
    grams: dict[int, set[tuple[str, ...]]] = {}
    for name, phrases in lexicon.contexts:
        if name in out:
            continue
        for phrase in phrases:
            n = len(phrase)
            if n not in grams:
                grams[n] = {tuple(seq[i:i + n]) for seq in sequences for i in range(len(tokens) - n + 1)}
            if phrase in grams[n]:
                out.append(name)
                break
    return list(dict.fromkeys(out))


def incident_key(tok: Token) -> Optional[tuple[str, str]]:
    """(trigger, head of what it is on/against) for a noun trigger: "the cyberattack on air
    traffic control" names the same incident as "a cyberattack on German air traffic control"."""
    if tok.pos_ not in NOUN_POS:
        return None
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("on", "against", "of", "at"):
            for p in c.children:
                if p.dep_ == "pobj":
                    return tok.lemma_.lower(), p.lemma_.lower()
    return None


def is_multilateral(tok: Token, participants: list[Actor], syntax: Syntax) -> bool:
    """A meeting of three or more, or one held under an international organisation that does
    not take part ("are meeting under the auspices of the EU, the OSCE and the UN")."""
    if len(participants) >= 3:
        return True
    ids = {a.id for a in participants}
    clause = syntax.verbal_head(tok)
    for t in clause.subtree:
        actor = syntax.actor_of_token(t)
        if actor is not None and actor.kind == "igo" and actor.id not in ids:
            return True
    return False


def is_state_like(actor: Actor) -> bool:
    return actor.kind in STATE_LIKE_KINDS or bool(set(actor.sectors) & GOV_SECTORS)


def quote_spans(ann: AnnotatedDocument) -> list[tuple[int, int, Optional[Actor]]]:
    """Spans of the quotes an earlier extractor found, with their speakers."""
    out = []
    for q in ann.quotes:
        out.append((q.span[0], q.span[1], ann.actor(q.speaker) if q.speaker else None))
    return out


# ---- attributions → events ---------------------------------------------------------------------

def attribution_readings(ann: AnnotatedDocument, syntax: Syntax) -> list[Reading]:
    """An attributed cyber or influence operation is a COERCE event of its operator (and
    sponsor) on its target."""
    out = []
    confidence = {"asserted": 0.8, "alleged": 0.65, "suspected": 0.55}
    for a in ann.attributions:
        actors = [x for i in (*a.operator, *a.sponsor) if (x := ann.actor(i)) is not None]
        targets = [x for i in a.target if (x := ann.actor(i)) is not None]
        if not actors or not targets or not a.spans:
            continue
        start = a.spans[0][0]
        tok = next((t for t in ann.doc if t.idx >= start), None)
        if tok is None:
            continue
        mode = "cyber" if a.kind == "cyber" else "misinformation"
        mod = Modality(reported=True)
        reading = Reading(type="COERCE", mode=mode, actors=actors, recipients=targets, trigger=tok,
                          sent=syntax.sentence(tok), mod=mod, context=[mode], date=a.date or (ann.reference_date.isoformat() if ann.reference_date else None),
                          confidence=confidence.get(a.confidence, 0.6), trigger_text=a.incident[:60])
        out.append(reading)
    return out


# ---- one incident, one event ------------------------------------------------------------------

def share_incident_roles(readings: list[Reading]) -> list[Reading]:
    """A noun trigger told again without its target ("the cyberattack on air traffic control
    was attributed to APT28") takes the target named with it before or after."""
    by_key: dict[tuple[str, str], list[Actor]] = {}
    for r in readings:
        if r.incident and r.recipients:
            by_key.setdefault(r.incident, r.recipients)
    for r in readings:
        if r.incident and not r.recipients and r.incident in by_key:
            r.recipients = [x for x in by_key[r.incident] if x.id not in {a.id for a in r.actors}]
            r.confidence = max(0.05, r.confidence - 0.1)
    return readings


def _ids(actors: list[Actor]) -> frozenset[str]:
    return frozenset(a.id for a in actors)


def merge_readings(readings: list[Reading]) -> list[Reading]:
    """Readings of one act become one event: in a sentence, those of one type that share an
    actor (conjoined verbs, a verb and its noun); in the document, those of one type, mode
    and participants (or whose participants are a subset, for one trigger word)."""
    out = list(readings)
    merged = True
    while merged:  # a merge can make a reading the twin of one seen before it
        merged = False
        kept: list[Reading] = []
        for r in out:
            twin = next((o for o in kept if same_act(o, r)), None)
            if twin is None:
                kept.append(r)
            else:
                absorb_into(twin, r)
                merged = True
        out = kept
    return out


def same_act(a: Reading, b: Reading) -> bool:
    if a.type != b.type or a.mod.negated != b.mod.negated or a.mod.hypothetical != b.mod.hypothetical:
        return False
    if a.date and b.date and a.date != b.date and not (a.date.startswith(b.date) or b.date.startswith(a.date)):
        return False
    aa, ar, ba, br = _ids(a.actors), _ids(a.recipients), _ids(b.actors), _ids(b.recipients)
    if a.sent.start == b.sent.start and aa & ba and (a.mode is None or b.mode is None or a.mode == b.mode):
        return True
    if a.mode != b.mode and a.mode is not None and b.mode is not None:
        return False
    if aa == ba and ar == br:
        return True
    if (a.lemmas & b.lemmas) and ((aa <= ba and ar <= br) or (ba <= aa and br <= ar)):
        return True
    # the same operation attributed to its operators and told with its sponsors (a cyber or
    # influence operation; two multilateral meetings sharing a member are two meetings)
    return bool(aa & ba) and ar == br and a.mode in MODE_CONTEXTS and a.mode == b.mode


def absorb_into(keep: Reading, other: Reading) -> None:
    """Fold a second reading of the same act into the first."""
    keep.actors = unique_actors(keep.actors + other.actors)
    keep.recipients = [r for r in unique_actors(keep.recipients + other.recipients) if r.id not in _ids(keep.actors)]
    keep.mode = keep.mode or other.mode
    keep.lemmas |= other.lemmas
    keep.context = list(dict.fromkeys(keep.context + other.context))
    if other.date and (not keep.date or (keep.date == other.date[:len(keep.date)] and len(other.date) > len(keep.date))):
        keep.date = other.date
    keep.location = keep.location or other.location
    keep.mod.reported = keep.mod.reported and other.mod.reported  # told as fact once is enough
    keep.confidence = min(0.95, max(keep.confidence, other.confidence) + 0.05)
