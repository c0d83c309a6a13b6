"""The syntax of event extraction: from a trigger token to its actors and recipients, and
to what the sentence says about it (negated, hypothetical, future, reported).

Everything here reads spaCy's dependency parse (ClearNLP labels: nsubj, nsubjpass, dobj,
dative, agent, prep/pobj, xcomp, ccomp, conj, appos, relcl, acl, poss, compound, amod,
neg, aux, mark); from the tokens of a role to actors it goes through the resolver the
extractors share (`geowire.nlp.parse.PhraseActors`: pronouns, appositions, modifiers,
"the republic"), and it reads the sentences as `ann.sentences()` cuts them. Roles are the
names the lexicon uses (subject, object, dative, poss, modifier, by, governor, attendee,
of_people, of_thing, instrument, participant, clause, or a preposition); `Syntax.role_tokens`
is where each is defined.

Checked: spaCy's DependencyMatcher expresses fixed tree patterns but not the fallbacks
this needs (passive agent else inherited subject, relative pronoun to its head, pronoun to
the speaker), so the roles are plain functions over the tree.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Optional

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from geowire.nlp import lower_plain
from geowire.nlp.document import AnnotatedDocument
from geowire.nlp.parse import (MAX_CLIMB, STATE_KINDS, PhraseActors, acts_on_subject, passive_subjects, sentence_of,
                                sentence_starts, speech_conjunct)
from geowire.model import Actor
from geowire.extract.events.lexicon import (NOUN_POS, Lexicon, Trigger, embedded_question, for_clause, names_people,
                                             particle_tokens, verb_lemmas)
from geowire.extract.events.relevance import is_institution
from geowire.extract.quotes import INDIRECT_CUES

# Heads of a crowd without a noun of people ("Thousands marched", "Crowds gathered").
CROWD_HEADS = frozenset({"thousand", "thousands", "hundred", "hundreds", "dozen", "dozens", "crowd", "crowds",
                         "million", "millions", "tens"})
OBJECT_DEPS = frozenset({"dobj", "dative", "ccomp", "xcomp", "attr", "oprd"})


def active_finite(verb: Token) -> bool:
    """A verb with a tense of its own, active: present tense, or past with an object or clause
    (a regular past is written as its participle, and the tagger calls the passive participle
    of "was caught by police and deported from Arizona" a past tense)."""
    return verb.tag_ in ("VBZ", "VBP") or (verb.tag_ == "VBD" and any(c.dep_ in OBJECT_DEPS for c in verb.children))


# "DUBAI, United Arab Emirates (AP) — ", "WASHINGTON (Reuters) - ", "LYON: ": a place in capitals,
# perhaps its country or region and the agency, then a dash or a colon, at the start of a story.
DATELINE = re.compile(r"\s*[A-Z][A-Z.'’ -]{1,40}[A-Z.](?:,\s*[A-Z][\w.'’ -]{1,40}?){0,2}\s*(?:\([^()\n]{1,40}\))?\s*(?:[—–:]|--?)\s+(?=[A-Z\"“‘'0-9])")


def dateline_end(body: str) -> int:
    """Where a dateline at the start of the body ends (0 without one)."""
    m = DATELINE.match(body[:160])
    return m.end() if m else 0


DATELINE_LINES = 4  # a headline, a byline, a date line may come before the first paragraph


def dateline_span(body: str) -> tuple[int, int]:
    """The dateline at the start of the body or of one of its first lines ("Trump, Ryan pledge
    to work together\n\nWASHINGTON (AP) — …"), as (start, end); (0, 0) without one. Only
    before the story's first paragraph (a line that ends a sentence)."""
    start = 0
    for _ in range(DATELINE_LINES):
        end = dateline_end(body[start:])
        if end:
            return start, start + end
        nxt = body.find("\n", start)
        if nxt < 0 or body[start:nxt].rstrip().endswith((".", "!", "?", '"', "”")):
            break
        start = nxt + 1
        while body.startswith("\n", start):  # blank lines are no line of the story
            start += 1
    return 0, 0


@dataclass
class Modality:
    """What the sentence says about an act beyond the act itself."""
    negated: bool = False
    hypothetical: bool = False
    future: bool = False
    reported: bool = False
    speaker: list[Actor] = field(default_factory=list)
    speaker_tokens: list[Token] = field(default_factory=list)


# Adjectives whose infinitive is their subject's act ("were able to arrest"; "unable to"
# negates it: `negating_verbs`); the intent words ("ready", "willing") are the lexicon's.
ABILITY_ADJECTIVES = frozenset({"able", "unable"})


def auxiliaries(verb: Token) -> list[str]:
    """The verb's auxiliaries, lower case, apostrophes plain (`lower_plain`); a contracted "'d"
    before a past form without "have" is "had" ("who'd previously endorsed Bush"), which the
    tagger often calls a modal."""
    kids = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    had = verb.tag_ in ("VBN", "VBD") and not any(c.lemma_.lower() == "have" for c in kids)
    return ["had" if had and lower_plain(c) == "'d" else lower_plain(c) for c in kids]

class Syntax:
    """Role finding for one annotated document (its mention index is built once)."""

    def __init__(self, ann: AnnotatedDocument, lexicon: Lexicon):
        self.ann = ann
        self.lex = lexicon
        self.doc: Doc = ann.doc
        self.sents = ann.sentences()
        self._sent_starts = sentence_starts(self.sents)
        self.actors = PhraseActors(ann, subjects=self.subjects, non_agents=lexicon.non_agents,
                                   document_nouns=lexicon.document_nouns,
                                   qualifier_suffixes=lexicon.qualifier_suffixes)
        self.token_actor = self.actors.token_actor  # token index → (actor, mention start, mention end)
        # the dateline says where the reporter is, not who acts: "DUBAI, United Arab Emirates (AP) —"
        # (this resolver is the events' own: the other extractors keep those mentions)
        start, end = dateline_span(ann.body)
        for i in [i for i in self.token_actor if start <= self.doc[i].idx < end]:
            del self.token_actor[i]

    # ---- noun phrases → actors (geowire.nlp.parse.PhraseActors) -------------------------

    @property
    def avoid(self) -> frozenset[str]:
        return self.actors.avoid

    @avoid.setter
    def avoid(self, ids: frozenset[str]) -> None:
        self.actors.avoid = ids

    def sentence(self, tok: Token) -> SpacySpan:
        """The sentence holding a token, as `ann.sentences()` cuts them (at blank lines too)."""
        return self.sents[sentence_of(self.sents, tok.i, self._sent_starts)]

    def actor_of_token(self, tok: Token) -> Optional[Actor]:
        return self.actors.actor_of_token(tok)

    def phrase_actors(self, toks: Iterable[Token], mod: Optional[Modality] = None) -> list[Actor]:
        return self.actors.phrase_actors(toks, mod)

    def state_of(self, actor: Actor) -> Optional[Actor]:
        return self.actors.state_of(actor)

    def crowd_country(self, tok: Token) -> list[Actor]:
        """For a protest whose doers name no actor, a crowd ("Thousands marched in Tbilisi",
        "Doctors went on strike", "Hundreds of residents staged a sit-in"): the story's state,
        as PETRARCH gave an unqualified agent its story's country. The story's state is the
        one state named most often, by more mentions than any other; none when there is no
        such state or the doers are not people."""
        doers = self.governor_subjects(tok) if tok.pos_ in NOUN_POS else self.subjects(tok)
        if not doers or not all(names_people(d) or d.lemma_.lower() in CROWD_HEADS for d in doers):
            return []
        states = sorted((a for a in self.ann.actors if a.kind in STATE_KINDS), key=lambda a: -len(a.mentions))
        if not states or (len(states) > 1 and len(states[0].mentions) == len(states[1].mentions)):
            return []
        return states[:1]

    # ---- clauses ------------------------------------------------------------------------

    def subjects(self, verb: Token, depth: int = 0) -> list[Token]:
        """Who does what the verb says: its subject, or "by X" when passive; else the subject
        it shares with the verb it depends on (xcomp, conj, advcl), or the noun a relative
        clause or participle modifies. What depends on a passive verb shares its subject, not
        its agent, when it is an active verb joined to it or an adjunct with a mark or a
        preposition ("was detained by police after attacking a guard")."""
        if acts_on_subject(verb):
            agents = [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
            return agents
        subj = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
        # the parser sometimes hangs the subject on the auxiliary ("Russia is ... threatening")
        subj += [s for c in verb.children if c.dep_ == "aux" for s in c.children if s.dep_ == "nsubj"]
        if subj:
            return subj
        if depth > 3 or verb.head is verb:
            return []
        head = verb.head
        if verb.dep_ in ("relcl", "acl") and head.pos_ in NOUN_POS | {"PRON"}:
            return [head]
        if verb.dep_ == "xcomp" and acts_on_subject(head):  # "Obama is scheduled to attend"
            return passive_subjects(head) or self.subjects(head, depth + 1)
        if verb.dep_ == "xcomp" and head.lemma_.lower() in self.lex.object_control:
            objs = [c for c in head.children if c.dep_ in ("dobj",)]
            if objs:
                return objs
        if verb.dep_ == "conj" and head.pos_ in ("VERB", "AUX"):
            outer = speech_conjunct(verb, INDIRECT_CUES)
            if outer is not None:  # "X said the deaths were caused by Y and called on Z to …": X calls
                return self.subjects(outer, depth + 1)
            if acts_on_subject(head) and active_finite(verb):
                # "was summoned by the ministry and protested the decision": a finite verb joined
                # to a passive one shares its subject, not its agent ("was arrested and charged"
                # stays passive)
                return passive_subjects(head)
        if verb.dep_ == "advcl" and acts_on_subject(head) and any(c.dep_ == "mark" for c in verb.children):
            # "was arrested while protesting": the adjunct's doer is the clause's subject, not the
            # agent; a result without a mark ("was shelled by rebels, killing 12") is the agent's
            return passive_subjects(head) or self.subjects(head, depth + 1)
        if verb.dep_ in ("xcomp", "conj", "advcl", "pcomp") and head.pos_ in ("VERB", "AUX"):
            return self.subjects(head, depth + 1)
        if verb.dep_ == "xcomp" and head.dep_ == "acomp" and head.head.pos_ in ("VERB", "AUX") and (
                head.lemma_.lower() in ABILITY_ADJECTIVES or head.lemma_.lower() in self.lex.intent_verbs):
            # "officers were able to apprehend a suspect", "is ready to help": the adjective's
            # subject (not "afraid to offend", "unlikely to favor": no act of theirs is told)
            return self.subjects(head.head, depth + 1)
        if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
            gov = head.head
            if gov.lemma_.lower() in self.lex.object_control:  # "accused Rwanda of making accusations"
                objs = self.objects(gov)
                if objs:
                    return objs
            if acts_on_subject(gov) and (patients := passive_subjects(gov)):
                return patients  # "was detained by police after attacking a guard": he attacked
            return self.subjects(gov, depth + 1)
        return []

    def objects(self, verb: Token) -> list[Token]:
        """What the verb acts on: its direct object, its passive subject, the subject of its
        small clause ("holds Russia responsible"), or the noun a passive participle modifies."""
        if acts_on_subject(verb):
            subj = passive_subjects(verb)
            if subj:
                return subj
            if verb.dep_ == "acl":
                return [verb.head]
            if verb.dep_ in ("conj", "xcomp") and acts_on_subject(verb.head):
                return self.objects(verb.head)
            return []
        objs = [c for c in verb.children if c.dep_ in ("dobj",)]
        for c in verb.children:
            if c.dep_ in ("ccomp", "xcomp", "oprd", "acomp") and c.pos_ in ("ADJ", "NOUN"):
                objs += [s for s in c.children if s.dep_ == "nsubj"]
        if not objs and verb.dep_ == "conj" and verb.head.pos_ == "VERB":
            return [c for c in verb.head.children if c.dep_ == "dobj"]
        return objs

    def clause_subject_of(self, verb: Token) -> list[Token]:
        """The subject of the verb's "that" clause ("alleged that France was aware"); not of a
        question ("demanded how Andrew could be so sure")."""
        for c in verb.children:
            if c.dep_ == "ccomp" and not embedded_question(c):
                subj = [s for s in c.children if s.dep_ in ("nsubj", "nsubjpass")]
                if subj:
                    return subj
        return []

    def prep_objects(self, tok: Token, preps: Iterable[str], via: Iterable[str] = ()) -> list[Token]:
        """The objects of the token's preposition(s); for a verb also those attached to its
        object ("signed a treaty with X"). A preposition left without its object by the parser
        ("talks with, Leonid Tibilov") takes the next actor mention."""
        wanted = set(preps)
        holders = [tok]
        if tok.pos_ not in NOUN_POS:
            holders += [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        else:  # "war of aggression against Ukraine"
            holders += [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                        for p in c.children if p.dep_ == "pobj" and p.pos_ == "NOUN"]
            if tok.dep_ == "dobj" and verb_lemmas(tok.head) & (self.lex.light_verbs | self.lex.undergo_verbs):
                # "imposed sanctions on Iran", "issued warrants for two men", "drew criticism from Berlin"
                holders.append(tok.head)
        holders += [c for c in particle_tokens(tok) if c.lower_ not in wanted]  # "pulled out of Mali": on the particle
        via = set(via)  # "advised against travel to Tunisia": the object of the required preposition
        holders += [p for c in tok.children if c.dep_ == "prep" and c.lower_ in via
                    for p in c.children if p.dep_ == "pobj"]
        out: list[Token] = []
        for h in holders:
            for c in h.children:
                if c.dep_ not in ("prep", "agent", "dative") or c.lower_ not in wanted:  # "offered X to Y": a dative "to"
                    continue
                for p in (c, *[x for x in c.conjuncts if x.dep_ in ("prep", "conj")]):
                    pobj = [x for x in p.children if x.dep_ in ("pobj", "pcomp")]
                    if pobj:
                        out += pobj
                    elif p is c:
                        nxt = self.next_mention_token(c)
                        if nxt is not None:
                            out.append(nxt)
        if "for" in wanted and tok.pos_ not in NOUN_POS:  # "called for Russia to withdraw": the for-to clause's subject
            out += [g for c in tok.children if for_clause(tok, c) for g in c.children if g.dep_ == "nsubj"]
        return out

    def next_mention_token(self, tok: Token, window: int = 4) -> Optional[Token]:
        for i in range(tok.i + 1, min(tok.i + 1 + window, self.sentence(tok).end)):
            t = self.doc[i]
            if t.i in self.token_actor:
                return self.doc[self.token_actor[t.i][2] - 1]  # the mention's last token: its head
            if t.pos_ in ("VERB",):
                break
        return None

    def verbal_head(self, tok: Token) -> Token:
        """The verb whose clause holds the token (the token itself for a verb)."""
        cur = tok
        for _ in range(MAX_CLIMB):
            if cur.pos_ in ("VERB", "AUX") and cur.dep_ != "amod":
                return cur
            if cur.head is cur:
                return cur
            cur = cur.head
        return cur

    def undergoer(self, noun: Token) -> list[Token]:
        """For a noun trigger: who suffers it ("Obama faces pressure", "came under attack")."""
        first = noun
        while first.dep_ == "conj" and first.head is not first:
            first = first.head
        head = first.head
        if first.dep_ == "dobj" and verb_lemmas(head) & self.lex.undergo_verbs:
            return self.subjects(head)
        if first.dep_ == "pobj" and head.lower_ == "under" and head.head.pos_ == "VERB":
            return self.subjects(head.head)
        return []

    def governor_subjects(self, noun: Token, attendee: bool = False) -> list[Token]:
        """For a noun trigger: the subject of the light verb that governs it ("held talks",
        "launched an air strike") or of the clause it is an adjunct of ("killed in the attack").
        A phrase that only places the act in time ("after the talks", `lex.sequence_preps`)
        names its actor only for an act one attends (`attendee`): "Putin told reporters after the
        talks" took part in them; "After the attack, Clinton blamed a video" did not attack."""
        first = noun
        while first.dep_ == "conj" and first.head is not first:
            first = first.head
        head = first.head
        if first.dep_ in ("dobj", "nsubjpass") and verb_lemmas(head) & self.lex.light_verbs:
            return self.subjects(head)
        if first.dep_ == "pobj" and head.dep_ == "prep" and any(
                head.lower_ in self.lex.light_verb_preps.get(v, ()) for v in verb_lemmas(head.head)):
            return self.subjects(head.head)  # "went on a hunger strike"
        preps = self.lex.governor_preps if attendee else self.lex.governor_preps - self.lex.sequence_preps
        if first.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in preps:
            verb = head.head
            if verb.pos_ in ("VERB", "AUX"):
                return self.subjects(verb)
        if first.dep_ == "pobj" and head.dep_ == "prep" and head.head.dep_ in ("dobj",) \
                and verb_lemmas(head.head.head) & self.lex.light_verbs:
            return self.subjects(head.head.head)
        return []

    def passive_participants(self, noun: Token) -> list[Token]:
        """For a noun in an adjunct of a passive verb without agent that names the other side
        ("were killed in clashes with police", "during fighting with the army"): that verb's
        subject, who took part in it. Not "civilians killed in the fighting": victims."""
        head = noun.head
        if noun.dep_ != "pobj" or head.dep_ != "prep" or head.lower_ not in self.lex.governor_preps:
            return []
        if not any(c.dep_ == "prep" and c.lower_ in ("with", "against") for c in noun.children):
            return []
        verb = head.head
        if verb.pos_ not in ("VERB", "AUX") or not acts_on_subject(verb) or self.subjects(verb):
            return []
        return passive_subjects(verb)

    # ---- roles ---------------------------------------------------------------------------

    def role_tokens(self, tok: Token, role: str, via: Iterable[str] = ()) -> list[Token]:
        """The tokens that fill one role of the trigger token (see the module docstring), in the
        trigger's sentence: spaCy may parse a headline and the line after it as one tree ("Kenyan
        soldiers killed in attack by Somali militants\n\nSyrian rebels accused of …" makes
        "rebels" the object of "by"), and a role's words are those of its own sentence."""
        sent = self.sentence(tok)
        out = []
        for t in self._role_tokens(tok, role, via):
            if sent.start <= t.i < sent.end:
                out.append(t)
            else:  # the phrase it heads begins in this sentence: its top words here fill the role
                out += [x for x in t.subtree if sent.start <= x.i < sent.end and not sent.start <= x.head.i < sent.end]
        return out

    def _role_tokens(self, tok: Token, role: str, via: Iterable[str]) -> list[Token]:
        is_noun = tok.pos_ in NOUN_POS
        if role == "subject":
            return [] if is_noun else self.subjects(tok)
        if role == "object":
            return [c for c in tok.children if c.dep_ == "compound"] if is_noun else self.objects(tok)
        if role == "own_object":  # the object's own words: its head, else its modifiers before it
            return [m for o in self._role_tokens(tok, "object", via)
                    for m in ([o] if o.i in self.token_actor or o.pos_ in ("PRON", "PROPN") else
                              [c for c in o.children if c.dep_ in ("amod", "compound", "nmod", "poss", "appos")])]
        if role == "dative":  # "offered Georgia aid", or "provide support to Israel" parsed as dative
            datives = [c for c in tok.children if c.dep_ == "dative"]
            return [p for d in datives for p in ([d] if d.pos_ != "ADP" else [x for x in d.children if x.dep_ == "pobj"])]
        if role == "poss":
            return [c for c in tok.children if c.dep_ == "poss"]
        if role == "modifier":
            return [c for c in tok.children if c.dep_ in ("amod", "compound", "nmod") and c.i < tok.i
                    and any(t.i in self.token_actor for t in c.subtree)]
        if role == "institution":  # "an FBI investigation": a public body's modifier, not a state's
            return [c for c in self._role_tokens(tok, "modifier", via)
                    if any(is_institution(self.token_actor[t.i][0]) for t in c.subtree if t.i in self.token_actor)]
        if role == "governor":
            return self.governor_subjects(tok) if is_noun else []
        if role == "attendee":  # a meeting's: also "after the talks" (governor_subjects)
            return self.governor_subjects(tok, attendee=True) if is_noun else []
        if role == "participant":
            return self.passive_participants(tok) if is_noun else []
        if role == "undergoer":
            return self.undergoer(tok) if is_noun else []
        if role == "clause":
            return self.clause_subject_of(tok)
        if role == "instrument":  # "killed in Israeli tank shelling": the attack or weapon stands for its user
            return [p for c in tok.children if c.dep_ == "prep" and c.lower_ in ("in", "by", "with", "from")
                    for p in c.children if p.dep_ == "pobj" and p.lemma_.lower() in self.lex.instruments]
        if role in ("of_people", "of_thing"):  # "a protest of 200 students" / "their protest of the ruling"
            people = role == "of_people"
            return [p for p in self.prep_objects(tok, ("of",)) if names_people(p) == people]
        if role == "by":
            return self.prep_objects(tok, ("by",))
        return self.prep_objects(tok, (role,), via)

    def resolve_roles(self, tok: Token, roles: Iterable[str], mod: Optional[Modality] = None,
                      exclude: Iterable[Actor] = ()) -> tuple[list[Actor], Optional[str]]:
        """Actors of the first roles that name any, with the role that did."""
        excluded = {a.id for a in exclude}
        for role in roles:
            toks = self.role_tokens(tok, role)
            actors = [a for a in self.phrase_actors(toks, mod) if a.id not in excluded]
            if actors:
                return actors, role
        return [], None

    # ---- modality -------------------------------------------------------------------------

    def modality(self, tok: Token, quotes: list[tuple[int, int, Optional[Actor]]]) -> Modality:
        """Negation, hypothesis, future and reported speech around a trigger."""
        lex = self.lex
        mod = Modality()
        head = self.verbal_head(tok)
        chain = self._verb_chain(head)
        if tok.pos_ in NOUN_POS:
            if any(c.lower_ in lex.negating_words for c in tok.children if c.dep_ in ("det", "neg", "advmod")):
                mod.negated = True
            if any(c.lower_ in ("future", "upcoming", "planned", "proposed", "next", "forthcoming", "possible",
                                "potential") for c in tok.children if c.dep_ in ("amod", "compound", "nmod")):
                mod.future = True
        marked = False  # "if", "whether": a condition or a question, whatever the tense says
        for v in chain:
            kids = list(v.children)
            if any(c.dep_ == "neg" or (c.dep_ in ("advmod", "preconj") and c.lower_ in ("never",)) for c in kids):
                mod.negated = True
            auxes = auxiliaries(v)
            if any(a in lex.future_aux for a in auxes):
                mod.future = True
            if any(a in lex.hypothetical_aux for a in auxes):
                mod.hypothetical = True
            if any(c.dep_ == "mark" and c.lower_ in lex.conditional_marks for c in kids):
                mod.hypothetical = marked = True
            if v.lemma_.lower() == "go" and v.tag_ == "VBG" and any(c.dep_ == "xcomp" for c in kids):
                mod.future = True
            if v.lemma_.lower() == "able" and v.head.tag_ != "VBD":
                mod.hypothetical = True  # "is able to strike", "being able to negotiate": a capacity, no act
        # the verbs above the clause: intentions, negating verbs, "without", speech, "if"
        cur = head
        for _ in range(MAX_CLIMB):
            parent = cur.head
            if parent is cur:
                break
            plemma = parent.lemma_.lower()
            if cur.dep_ == "xcomp" or (cur.dep_ == "pcomp" and parent.dep_ == "prep"):
                gov = parent if cur.dep_ == "xcomp" else parent.head
                glemma = gov.lemma_.lower()
                if glemma in lex.intent_verbs:
                    mod.future = True
                if glemma in lex.negating_verbs or (glemma == "short" and gov.head.lemma_.lower() == "stop"):
                    mod.negated = True
                if any(c.dep_ == "neg" for c in gov.children):
                    mod.negated = True
            if cur.dep_ == "ccomp" and plemma in lex.intent_verbs and any(c.dep_ == "nsubj" for c in cur.children):
                mod.hypothetical = True  # "Obama wants Putin to attack": a wish about someone else
            if cur.dep_ == "pcomp" and plemma == "without":
                mod.negated = True
            if cur.dep_ == "ccomp" and plemma in lex.speech_verbs and any(c.dep_ == "neg" for c in parent.children):
                # "officials do not believe Mateen was assisted": not asserted (a fact one did not
                # realize still is; a denial, "did not say", asserts nothing)
                mod.hypothetical = True
            if cur.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in lex.conditional_marks for c in cur.children):
                mod.hypothetical = True
            if cur.dep_ == "xcomp" and plemma in lex.speech_verbs and acts_on_subject(parent):
                mod.reported = True  # "is said to be supported by": alleged, speaker unnamed
            if cur.dep_ in ("ccomp", "parataxis") and plemma in lex.speech_verbs and not mod.reported:
                mod.reported = True
                mod.speaker_tokens = self.subjects(parent)
                # "he said he would", "joined the debate, announcing he would": future in the past
                past = parent.tag_ == "VBD" or (parent.tag_ in ("VBG", "VBN") and parent.dep_ == "advcl"
                                                and parent.head.tag_ == "VBD")
                if mod.hypothetical and not marked and past and self._only_would(chain):
                    mod.hypothetical, mod.future = False, True
            cur = parent
        if self.asks(tok):
            mod.hypothetical = True  # "Will you resign?", "Did Russia attack?": a question asserts nothing
        # "according to X"
        if not mod.reported:
            sent = self.sentence(tok)
            for t in sent:
                if t.lower_ == "according" and t.i + 1 < sent.end and self.doc[t.i + 1].lower_ == "to":
                    objs = [p for p in self.doc[t.i + 1].children if p.dep_ == "pobj"]
                    if objs:
                        mod.reported, mod.speaker_tokens = True, objs
                    break
        if mod.speaker_tokens:
            mod.speaker = self.phrase_actors(mod.speaker_tokens)
        for s, e, speaker in quotes:  # inside a quote the quote extractor attributed
            if s <= tok.idx < e:
                mod.reported = True
                # its speaker also stands for a pronoun ("He said he planned to visit"): the quote
                # extractor follows the speakers of the story further back than a pronoun's rules
                if speaker is not None and (not mod.speaker or all(t.pos_ == "PRON" for t in mod.speaker_tokens)):
                    mod.speaker = [speaker]
                break
        return mod

    def asks(self, tok: Token) -> bool:
        """Whether the token's sentence is a question: it ends with a question mark (closing
        quotes and brackets aside) after the token."""
        sent = self.sentence(tok)
        last = sent.end - 1
        while last > tok.i and (self.doc[last].is_quote or self.doc[last].is_bracket or self.doc[last].is_space):
            last -= 1
        return last > tok.i and self.doc[last].text == "?"

    def _verb_chain(self, head: Token) -> list[Token]:
        """The verb and the verbs it is a complement or conjunct of within one clause
        ("did not want to attack": attack, want)."""
        chain = [head]
        cur = head
        for _ in range(3):
            if cur.dep_ in ("xcomp",) and cur.head is not cur:
                cur = cur.head
                chain.append(cur)
            elif cur.dep_ == "conj" and cur.head.pos_ in ("VERB", "AUX") and cur.head is not cur:
                cur = cur.head
                chain.append(cur)
            elif cur.dep_ == "acomp" and cur.pos_ == "ADJ" and len(chain) > 1 and cur.head is not cur:
                cur = cur.head  # "is not ready to support", "might have been able to prevent"
                chain.append(cur)
            else:
                break
        return chain

    def _only_would(self, chain: list[Token]) -> bool:
        auxes = {a for v in chain for a in auxiliaries(v)}
        return bool(auxes & {"would", "'d"}) and not auxes & (self.lex.hypothetical_aux - {"would", "'d"})

    # ---- structure between triggers -------------------------------------------------------

    def complement_tokens(self, tok: Token) -> list[Token]:
        """The act a verb like "threaten", "refuse", "pledge" or "ask" governs: its
        infinitive, "that" clause, "for" phrase or "against" + gerund, with everything under it."""
        comps = [c for c in tok.children if c.dep_ in ("xcomp", "ccomp", "dobj")]
        comps += [c for c in tok.children if c.dep_ in ("acl", "advcl") and any(a.lower_ == "to" for a in c.children)]
        comps += [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "for"]  # "called for talks"
        # "warned NATO against sending troops": the act warned against
        comps += [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "against"
                  and any(g.dep_ == "pcomp" for g in c.children)]
        out: list[Token] = []
        for c in comps:
            out += list(c.subtree)
        return out

    def content_holder(self, tok: Token, contents: dict[int, Trigger]) -> Optional[Token]:
        """The content verb ("accuse X of", "hold X responsible for", "attributed to") whose
        reported act the token is, if any: the token must lie under it, not in its subject nor
        in a phrase that only places it in time ("After the attack, Georgia accused Russia of
        lying": the attack is not what Russia is accused of)."""
        if tok.pos_ not in NOUN_POS and tok.dep_ not in ("pcomp", "xcomp", "ccomp", "conj"):
            return None  # only an act is reported content, not a verb describing the accused
        cur = tok
        for _ in range(MAX_CLIMB):
            if cur.head is cur:
                return None
            parent = cur.head
            if parent.i in contents:
                subj = {t.i for s in parent.children if s.dep_ in ("nsubj",) for t in s.subtree}
                placed = cur.dep_ == "prep" and cur.lower_ in self.lex.sequence_preps
                return None if tok.i in subj or placed else parent
            cur = parent
        return None

