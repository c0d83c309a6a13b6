"""Helpers on the spaCy parse that the extractors share: one implementation each.

- sentences: spaCy's sentences also cut at blank lines (`sentences`, `sentence_of`,
  `sentence_offsets`), the paragraphs of a text (`paragraphs`, `paragraph_of`), and whether
  two tokens stand on one line (`same_line`: a parse tree may run across a line break);
- clauses: negation (`is_negated`), passive voice (`is_passive`; for the event roles
  `acts_on_subject`, `passive_subjects`, a headline's `headline_passive`), a second speech verb the
  parser hung on a reported clause (`speech_conjunct`), a phrase without the
  clauses hung on it (`without_clauses`), and `MAX_CLIMB`, how far up the dependency tree
  any helper climbs from a token;
- places: the place a noun phrase names (`place_name`: seats of power, GPE/LOC/FAC);
- actors: `PhraseActors`, the one resolver from phrases to the actors the gazetteer linked
  (by syntax for the events, by words for attributions, agreements and quotes), reading the
  annotated document through its public methods only;
- vocabulary: the word lists of geowire/data/vocabulary.yaml (`vocabulary`), speech and cue
  verbs in named subsets, one per purpose.

Things that need no parse (dates, numbers) live in `geowire.text`.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable, Optional, Sequence
from weakref import WeakKeyDictionary, ref

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from geowire.actors.gazetteer import seats_of_power
from geowire.nlp.sex import mention_sex, sex_word
from geowire.model import Actor
from geowire.settings import read_data_yaml

if TYPE_CHECKING:  # the document module imports this one
    from geowire.nlp.document import AnnotatedDocument

Span = tuple[int, int]

# Dependency hops any helper climbs from a token (to its clause, its cue, a pronoun's
# antecedent): news sentences rarely nest deeper, and a bound keeps a bad parse cheap.
MAX_CLIMB = 6


# ---- vocabulary -------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def _vocabulary_file() -> dict:
    return read_data_yaml("vocabulary.yaml")


@lru_cache(maxsize=None)
def vocabulary(path: str) -> frozenset[str]:
    """A named word list of geowire/data/vocabulary.yaml, by its dotted path
    ("speech.quote_cues"), lowercased; read once per process."""
    node = _vocabulary_file()
    for key in path.split("."):
        node = node[key]
    if any(isinstance(w, bool) for w in node):  # YAML 1.1 reads a bare on/no/yes as a boolean
        raise ValueError(f"vocabulary.yaml: quote on/no/yes/off in {path}")
    return frozenset(str(w).lower() for w in node)


# ---- sentences and paragraphs -----------------------------------------------------------------

def sentences(doc: Doc) -> list[SpacySpan]:
    """spaCy's sentences, also cut at blank lines: a headline without a full stop otherwise runs
    into the paragraph after it ("Germany accuses Russia of ...\n\nThe German government ...").
    Checked: spaCy's Sentencizer cuts at punctuation only, and a component setting sentence
    starts before the parser would change the parse the extractors are tuned on: so the
    parser's sentences are cut afterwards."""
    out = []
    for sent in doc.sents:
        start = sent.start
        for t in sent:
            if t.is_space and t.text.count("\n") >= 2 and start <= t.i < sent.end - 1:
                out.append(doc[start:t.i + 1])
                start = t.i + 1
        out.append(doc[start:sent.end])
    return [s for s in out if s.text.strip()]


def sentence_starts(sents: Sequence[SpacySpan]) -> list[int]:
    """The first token index of each sentence: pass it to `sentence_of` when asking often."""
    return [s.start for s in sents]


def sentence_of(sents: Sequence[SpacySpan], token_i: int, starts: Optional[list[int]] = None) -> int:
    """The index, in `sents`, of the sentence holding a token."""
    return bisect_right(starts if starts is not None else sentence_starts(sents), token_i) - 1


def sentence_offsets(sent: SpacySpan) -> Span:
    """A sentence's offsets, without the blank line that may end it."""
    return sent.start_char, sent.start_char + len(sent.text.rstrip())


PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def paragraphs(text: str) -> list[Span]:
    """[start, end) of each paragraph (blocks separated by a blank line). spaCy has no notion
    of paragraphs, and the cleaners give every body blank-line paragraphs: a regex does."""
    out, pos = [], 0
    for m in PARAGRAPH_BREAK.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return [(s, e) for s, e in out if text[s:e].strip()]


def paragraph_of(paras: Sequence[Span], offset: int) -> int:
    """The index, in `paras` (from `paragraphs`), of the paragraph an offset lies in (or, for
    an offset in a blank line, the one before it)."""
    return bisect_right([s for s, _ in paras], offset) - 1


# ---- clauses ------------------------------------------------------------------------------------

CLAUSE_LINKS = {"conj", "advcl", "relcl", "parataxis"}


def is_negated(token: Token) -> bool:
    """'does not include a mutual defence clause', 'did not attribute': a `neg` on the token or a
    head above it, within its clause ("..., but it provides for consultations" is not negated)."""
    for t in [token, *token.ancestors]:
        if any(c.dep_ == "neg" for c in t.children):
            return True
        if t.dep_ in CLAUSE_LINKS and t.pos_ in ("VERB", "AUX"):
            return False
    return False


def is_passive(verb: Token) -> bool:
    """A passive verb ("was summoned", "is said to"), or a passive participle modifying a noun
    ("a report released Tuesday")."""
    if any(c.dep_ in ("nsubjpass", "auxpass", "csubjpass") for c in verb.children):
        return True
    return verb.dep_ == "acl" and verb.tag_ == "VBN"


def acts_on_subject(verb: Token) -> bool:
    """Whether a verb's subject is what it acts on, as the event roles read it: a passive
    (`is_passive`), a participle with the parser's "by" agent ("as demonstrated by"), or a
    headline's passive (`headline_passive`). The speech extractors keep `is_passive`: their
    scorer was trained on it."""
    return is_passive(verb) or any(c.dep_ == "agent" for c in verb.children) or headline_passive(verb)


SENTENCE_ENDS = (".", "!", "?", ".\"", ".”", ".'", ".’", "?”", "!”")  # how a line of running text ends


def headline_passive(verb: Token) -> bool:
    """"3 demonstrators killed in clashes with police": in a headline (a line without a full
    stop), a participle that heads it with a subject, no auxiliary and no object is a passive
    without its "were"; its subject is what the verb acts on. In running text the tagger's VBN
    is no evidence ("France condemned as unacceptable …" is tagged so)."""
    return (verb.tag_ == "VBN" and _heads_its_line(verb)
            and any(c.dep_ == "nsubj" for c in verb.children)
            and not any(c.dep_ in ("aux", "auxpass", "dobj", "dative") for c in verb.children)
            and not _line_of(verb).rstrip().endswith(SENTENCE_ENDS))


def _line_of(tok: Token) -> str:
    """The line of text holding a token."""
    text = tok.doc.text
    start = text.rfind("\n", 0, tok.idx) + 1
    end = text.find("\n", tok.idx)
    return text[start:end if end >= 0 else len(text)]


def same_line(a: Token, b: Token) -> bool:
    """No line break between two tokens."""
    lo, hi = sorted((a.i, b.i))
    return not any("\n" in t.text for t in a.doc[lo:hi])


def _heads_its_line(tok: Token) -> bool:
    """The root of its sentence, or of its line when spaCy hung a headline on the next line."""
    if tok.dep_ == "ROOT":
        return True
    return not same_line(tok, tok.head)


def passive_subjects(verb: Token) -> list[Token]:
    """The subject of a verb that acts on it (`acts_on_subject`): "Ukraine was attacked", "3
    demonstrators killed"."""
    deps = ("nsubjpass", "nsubj") if headline_passive(verb) else ("nsubjpass",)
    return [c for c in verb.children if c.dep_ in deps]


MUTE_SUBJECTS = frozenset({"it", "this", "that", "there", "which"})  # subjects that say nothing


def speech_conjunct(verb: Token, speech_verbs: frozenset[str]) -> Optional[Token]:
    """"Huckabee's campaign said he hasn't accepted any gigs and suggested that …": the parser
    hangs the second speech verb on the reported clause (conj), so that it would be part of
    what was said, said by "he". When the speech verb has no subject of its own and the tense
    of the outer cue, not that of the clause (or the clause has an auxiliary), it is the
    speaker's second act: returns the outer cue; likewise when it repeats the outer verb ("said
    A and said B") or the clause's subject cannot speak ("said it was too early but added, …").
    "She said he met her and told her that …" (one tense throughout) stays as parsed.
    `speech_verbs`: the lemmas of verbs that report speech (both verbs must be one)."""
    clause = verb.head
    if verb.dep_ != "conj" or verb.pos_ != "VERB" or clause.dep_ != "ccomp" or clause.i == verb.i \
            or verb.lemma_.lower() not in speech_verbs or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None
    outer = clause.head
    if outer.pos_ != "VERB" or outer.tag_ != verb.tag_ or outer.lemma_.lower() not in speech_verbs:
        return None
    if outer.lemma_ == verb.lemma_ or any(c.dep_ in ("aux", "auxpass") for c in clause.children) \
            or clause.tag_ != verb.tag_:
        return outer
    subj = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    return outer if subj is not None and (subj.dep_ == "expl" or subj.lower_ in MUTE_SUBJECTS) else None


# The clauses a noun phrase leaves out when it names someone ("Russia, which ...").
CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp"})


def without_clauses(head: Token, deps: Iterable[str] = CLAUSE_DEPS, children_only: bool = False) -> list[Token]:
    """A phrase's tokens in text order, leaving out the clauses hung on it ("Russia, which ...");
    `children_only`: only those hung on its head word."""
    deps = frozenset(deps)
    hung = head.children if children_only else (t for t in head.subtree if t != head)
    cut = {x.i for t in hung if t.dep_ in deps for x in t.subtree}
    return [t for t in head.subtree if t.i not in cut]


# ---- places -------------------------------------------------------------------------------------

PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
PLACE_PREPS = ("in", "at", "near", "outside", "inside")


def entity_of(tok: Token) -> Optional[SpacySpan]:
    """The named entity a token is part of, from its IOB tags (tok.sent.ents scans the document: slow)."""
    if not tok.ent_type_:
        return None
    doc, start, end = tok.doc, tok.i, tok.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return SpacySpan(doc, start, end, label=tok.ent_type_)


def _without_the(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text


def place_name(tok: Token, nested: int = 0) -> Optional[str]:
    """The place a noun phrase names: a seat of power ("the Kremlin", "the Grand Kremlin Palace"
    → Moscow), else the place entity it is part of ("Minsk"); else, `nested` levels deep, the
    place of its own "in/at X" phrase ("a ceremony at the Kremlin"). The name as written: no
    geocoder is on the lock, and the seats of power come from the gazetteer's states.yaml."""
    seats = seats_of_power()
    phrase = tok.doc[tok.left_edge.i:tok.i + 1]
    for start in range(len(phrase)):  # "the Grand Kremlin Palace", "the Kremlin", "Kremlin"
        key = " ".join(t.lower_ for t in phrase[start:] if not t.is_punct)
        if key in seats:
            return seats[key]
    ent = entity_of(tok)
    if ent is not None:
        key = _without_the(ent.text.lower())
        if key in seats:
            return seats[key]
        if ent.label_ in PLACE_ENTS:
            return _without_the(ent.text)
    if nested > 0:
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in PLACE_PREPS:
                for p in c.children:
                    if p.dep_ == "pobj" and (place := place_name(p, nested - 1)):
                        return place
    return None


# ---- phrases → actors -------------------------------------------------------------------------

NP_MODIFIER_DEPS = ("compound", "amod", "poss", "nmod", "npadvmod")
RELATIVE_PRONOUNS = frozenset({"who", "whom", "which", "that", "whose"})
FIRST_PERSON = frozenset({"we", "our", "us", "ours", "i", "my", "me"})
THIRD_PERSON = frozenset({"he", "she", "it", "they", "his", "her", "its", "their", "him", "them"})
POSSESSIVE = frozenset({"his", "her", "its", "their", "our", "my"})
REFLEXIVE = frozenset({"itself", "themselves", "himself", "herself", "themself"})
# Definite descriptions that stand for a state named earlier ("financial support for the republic").
STATE_NOUNS = frozenset({"republic", "country", "state", "nation", "government", "kingdom"})
STATE_KINDS = frozenset({"state", "partially-recognized-state"})
# Sentences a chain of "he"/"she" is followed back through (`PhraseActors.previous_person`).
MAX_PRONOUN_CHAIN = 3
# Noun phrases resolved inside one another (an apposition's, a modifier's, a pronoun's antecedent):
# far more than a sentence nests, few enough to stay far from Python's recursion limit.
MAX_NESTED_PHRASES = 4 * MAX_CLIMB
# Words for the actor just named ("the group", "the agency"), by actor kind.
# Offices that "the X" names when the text named a holder before ("the president said", after
# "President Vladimir Putin"): the last person named before whose role has that word.
OFFICE_WORDS = frozenset({"president", "minister", "premier", "chancellor", "secretary", "senator", "governor",
                          "king", "queen", "ambassador", "envoy", "mayor", "general", "commander", "spokesman",
                          "spokeswoman", "emir", "sultan", "prince", "pope", "ayatollah"})
BACK_REFERENCE_KINDS = {"group": "threat-group", "collective": "threat-group", "gang": "threat-group",
                        "agency": "agency", "service": "agency"}


def _simple_subjects(verb: Token) -> list[Token]:
    """Who does what a verb says, from its own dependents: "by X" when passive, else its subject."""
    if is_passive(verb):
        return [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
    return [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]


_RESOLVERS: "WeakKeyDictionary[AnnotatedDocument, tuple[tuple, PhraseActors]]" = WeakKeyDictionary()


class PhraseActors:
    """From noun phrases to the actors the gazetteer linked in one annotated document, for every
    extractor (`PhraseActors.of(ann)`; the events build their own, with their lexicon's lists).

    - by words: `covering` (the mentions over a token), `in_tokens` and `in_phrase` (the
      mentions inside a phrase, its clauses left out), `main` (the main actor of a span),
      `previous` (the last actors of some kinds before an offset), and `named`, a phrase's
      actors by its own words and back references ("the group", "The Center");
    - by syntax: `phrase_actors`, a phrase's actors through the parse around it (its head's
      mention, appositions, modifiers, "of/from/in/by" phrases, the agent of a participle,
      pronouns, "the republic", "the two countries").

    Only the public `ann.mentions_in` and `ann.actor_at` are read. Resolution by syntax nests
    (a pronoun's antecedent is a phrase with pronouns of its own): it never resolves a phrase
    inside itself, and nests at most MAX_NESTED_PHRASES deep, so a parse whose pronouns refer
    to one another ("a group backed by itself") ends with no actor rather than a RecursionError.

    Checked first: spaCy's coreference components (spacy-experimental's coref, coreferee) are
    not on the lock and each needs a model of its own (a transformer pipeline for the first);
    the linker's mentions and the parse are what we have.
    """

    def __init__(self, ann: "AnnotatedDocument", subjects=None, non_agents: frozenset[str] = frozenset(),
                 document_nouns: frozenset[str] = frozenset(), qualifier_suffixes: frozenset[str] = frozenset()):
        # weakly: the cache of `of` must not keep a document (its key) alive
        self._ann = ref(ann)
        self.doc: Doc = ann.doc
        self._token_actor: Optional[dict[int, tuple[Actor, int, int]]] = None
        self.subjects = subjects or _simple_subjects  # events pass theirs (control verbs, conjuncts)
        self.non_agents = non_agents
        self.document_nouns = document_nouns
        self.qualifier_suffixes = qualifier_suffixes
        # ids a pronoun must not resolve to: while recipients are sought, the event's actors
        # ("Kyrgyzstan had attacked its border posts": its is not Kyrgyzstan's)
        self.avoid: frozenset[str] = frozenset()
        self._open: list[int] = []  # the phrases being resolved, outermost first (token indices)
        self._sexes: dict[str, Optional[str]] = {}  # person id → "f", "m" or None (`sex_of`)
        self._chain = 0  # sentences gone back through a chain of he/she (`previous_person`)

    @classmethod
    def of(cls, ann: "AnnotatedDocument") -> "PhraseActors":
        """The document's resolver with the default settings, built once per document (and
        again when its actors change)."""
        signature = tuple((a.id, len(a.mentions)) for a in ann.actors)
        cached = _RESOLVERS.get(ann)
        if cached is None or cached[0] != signature:
            cached = _RESOLVERS[ann] = (signature, cls(ann))
        return cached[1]

    @property
    def ann(self) -> "AnnotatedDocument":
        return self._ann()

    # ---- mentions ------------------------------------------------------------------------

    @property
    def token_actor(self) -> dict[int, tuple[Actor, int, int]]:
        """Token index → (actor, mention start token, mention end token); longest mention wins.
        Built on first use: the word-level methods below do not need it."""
        if self._token_actor is None:
            self._token_actor = self._index_tokens()
        return self._token_actor

    def _index_tokens(self) -> dict[int, tuple[Actor, int, int]]:
        out: dict[int, tuple[Actor, int, int]] = {}
        for (s, e), actor in self.ann.mentions_in(0, len(self.ann.body)):
            span = self.doc.char_span(s, e, alignment_mode="expand")
            if span is None:
                continue
            for t in span:
                old = out.get(t.i)
                if old is None or old[2] - old[1] < len(span):
                    out[t.i] = (actor, span.start, span.end)
        return out

    def actor_of_token(self, tok: Token) -> Optional[Actor]:
        hit = self.token_actor.get(tok.i)
        return hit[0] if hit else None

    def covering(self, tok: Token) -> list[Actor]:
        """Every actor with a mention over the token, in text order."""
        sent = tok.sent
        return [a for (s, e), a in self.ann.mentions_in(sent.start_char, sent.end_char) if s <= tok.idx < e]

    def in_tokens(self, tokens: Iterable[Token]) -> list[Actor]:
        """Actors whose mentions lie within the tokens (contiguous runs), in text order, each once."""
        out: list[Actor] = []
        runs: list[list[Token]] = []
        for t in sorted(tokens, key=lambda t: t.i):
            if runs and runs[-1][-1].i == t.i - 1:
                runs[-1].append(t)
            else:
                runs.append([t])
        for run in runs:
            for _, a in self.ann.mentions_in(run[0].idx, run[-1].idx + len(run[-1])):
                if a not in out:
                    out.append(a)
        return out

    def in_phrase(self, head: Token) -> list[Actor]:
        """Actors named in a noun phrase, leaving out the clauses hung on it ("Russia, which ...")."""
        return self.in_tokens(without_clauses(head))

    def main(self, start: int, end: int) -> Optional[Actor]:
        """The main actor named in [start, end): the longest mention, a place last ("… in Berlin");
        else the actor whose mention overlaps it most."""
        found = self.ann.mentions_in(start, end)
        if not found:
            return self.ann.actor_at(start, end)
        return max(found, key=lambda m: (m[1].kind != "location", m[0][1] - m[0][0]))[1]

    def previous(self, before: int, kinds: Iterable[str], n: int) -> list[Actor]:
        """The last n distinct actors of these kinds mentioned before an offset, in text order
        (fewer when fewer are)."""
        kinds = frozenset(kinds)
        seen: list[Actor] = []
        for _, actor in self.ann.mentions_in(0, before):
            if actor.kind in kinds:
                seen = [a for a in seen if a.id != actor.id] + [actor]
        return seen[-n:]

    # ---- by words ------------------------------------------------------------------------

    def named(self, head: Token) -> list[Actor]:
        """The actors a noun phrase names by its words: the one its head word belongs to (and those
        of its appositions and conjuncts: "the ... service, the GRU", "Russia and Iran"), else any
        named in it ("The Foreign Ministry spokesperson"); 'the Center', 'the group' → the actor
        named before; "the president", "the foreign minister" → the last person named before whose
        office that is. Nothing outside the phrase is read (`phrase_actors` reads the syntax)."""
        found: list[Actor] = []
        for h in [head, *[t for t in head.subtree if t.dep_ in ("appos", "conj") and t.head.i in {head.i, *[
                x.i for x in head.subtree if x.dep_ in ("appos", "conj")]}]]:
            found += [a for a in self.covering(h) if a not in found]
        if found:
            return found
        placed = {x.i for c in head.children if c.dep_ == "amod" and c.pos_ == "VERB" for x in c.subtree}  # "Moscow-based"
        found = self.in_tokens([t for t in without_clauses(head) if t.i not in placed])
        if found:
            return found
        earlier = [a for _, a in reversed(self.ann.mentions_in(0, head.idx))]
        word = head.lemma_.lower()
        if word in BACK_REFERENCE_KINDS:
            return next(([a] for a in earlier if a.kind == BACK_REFERENCE_KINDS[word]), [])
        if word in OFFICE_WORDS and head.pos_ == "NOUN" and any(c.lower_ == "the" for c in head.lefts):
            return self.previous_holder(head)
        if head.is_title and head.pos_ == "PROPN" and any(c.lower_ == "the" for c in head.lefts):
            for a in earlier:  # "The Center" for "Center for Geopolitical Expertise"
                words = a.name.split()
                if a.kind not in ("state", "person") and words and head.text in (words[0], words[-1]):
                    return [a]
        return []

    def previous_holder(self, head: Token) -> list[Actor]:
        """"the president", "the foreign minister": the last person named before whose office
        (`Actor.role`) has the head word; none when no one named before holds such an office."""
        office = re.compile(rf"\b{re.escape(head.lemma_.lower())}\b", re.IGNORECASE)
        return next(([a] for _, a in reversed(self.ann.mentions_in(0, head.idx))
                     if a.kind == "person" and a.role and office.search(a.role)), [])

    def state_of(self, actor: Actor) -> Optional[Actor]:
        """The state an actor belongs to, when exactly one of the document's state actors has
        its country (Putin → Russia); a state is its own state."""
        if actor.kind in STATE_KINDS:
            return actor
        if not actor.country:
            return None
        pre = "PRE" in actor.sectors
        cands = [a for a in self.ann.actors if a.country == actor.country and a.kind in STATE_KINDS
                 and (a.kind == "partially-recognized-state") == pre]
        return cands[0] if len(cands) == 1 else None

    def qualified(self, tok: Token) -> bool:
        """A name inside "pro-Russia", "anti-EU", "Al Qaeda-linked", "Moscow-based": it
        qualifies the phrase, it is not its actor."""
        hit = self.token_actor.get(tok.i)
        if hit is None:
            return False
        start, end = hit[1], hit[2]
        doc = self.doc
        before = doc[start - 2: start].text.lower().replace(" ", "") if start >= 2 else ""
        after = doc[end: end + 2].text.lower().replace(" ", "") if end + 2 <= len(doc) else ""
        return before in ("pro-", "anti-") or (after.startswith("-") and after[1:] in self.qualifier_suffixes)

    # ---- by syntax ------------------------------------------------------------------------

    def phrase_actors(self, toks: Iterable[Token], mod=None) -> list[Actor]:
        """Actors of several noun phrases and of their conjuncts ("Russia and South Ossetia").
        `mod` (an event's modality) lends its speaker to "we" and to pronouns of reported speech."""
        out: list[Actor] = []
        seen: set[int] = set()
        for t in toks:
            # a mistagged name ("Barack/ADP Obama and Putin") carries the conjuncts on another token
            group = [self.doc[i] for i in range(*self.token_actor[t.i][1:])] if t.i in self.token_actor else [t]
            for c in (t, *(x for g in group for x in g.conjuncts if same_line(g, x))):
                if c.i not in seen:
                    seen.add(c.i)
                    out += self.np_actors(c, mod)
        return unique_actors(out)

    def np_actors(self, tok: Token, mod=None, depth: int = 0) -> list[Actor]:
        """The actors one noun phrase names (see `_np_actors`); [] for a phrase already being
        resolved further out (a cycle of references) or nested too deep."""
        if tok.i in self._open or len(self._open) >= MAX_NESTED_PHRASES:
            return []
        self._open.append(tok.i)
        try:
            return self._np_actors(tok, mod, depth)
        finally:
            self._open.pop()

    def _np_actors(self, tok: Token, mod, depth: int) -> list[Actor]:
        """Its head's mention, else an apposition's, else its modifiers' ("the Russian
        ambassador", "Iraq's advisor"), else those of its "of", "from", "in" or "by" phrase
        ("leaders of Egypt's Muslim Brotherhood", "allegations by Rwanda"), or the agent of a
        participle ("a missile fired by rebels"); pronouns and "the republic", "the two
        countries" resolved."""
        if tok.pos_ == "PRON" or tok.tag_ in ("PRP", "PRP$", "WP", "WDT", "WP$"):
            return self.pronoun_actors(tok, mod)
        head_actor = self.actor_of_token(tok)
        if head_actor is not None:
            # "The US, Russia, and Switzerland": a list the parser read as an apposition
            listed = [c for c in self._children(tok) if c.dep_ == "appos" and c.i in self.token_actor
                      and any(x.dep_ == "conj" for x in c.children)]
            return unique_actors([head_actor, *(a for c in listed for a in self.phrase_actors([c], mod))])
        if tok.lemma_.lower() in self.non_agents:
            return []
        found: list[Actor] = []
        for c in self._children(tok):
            if c.dep_ == "appos":
                found += self.np_actors(c, mod, depth + 1)
        if found:
            return unique_actors(found)
        for c in self._children(tok):
            if c.dep_ in NP_MODIFIER_DEPS and c.i < tok.i:
                if c.dep_ == "poss" and (c.tag_ == "PRP$" or c.lower_ in POSSESSIVE):
                    found += self.pronoun_actors(c, mod)
                    continue
                own = self.actor_of_token(c)
                if own is not None and not self.qualified(c):  # "Syrian President Bashar Assad": the person
                    found += self.phrase_actors([c], mod)  # with conjuncts: "US and British activists"
                    continue
                found += [a for t in c.subtree if (a := self.actor_of_token(t)) is not None and not self.qualified(t)]
        if found:
            return unique_actors(found)
        if depth < 2:
            for c in self._children(tok):
                if c.dep_ == "acl":  # "a missile believed to be fired by rebels"
                    agents = [p for t in c.subtree if t.dep_ == "agent" for p in t.children if p.dep_ == "pobj"]
                    found += self.phrase_actors(agents[:1], mod) if agents else []
                    if not agents and tok.lemma_.lower() in self.document_nouns:
                        # "a report released in the Rwandan capital": a document speaks for where it comes from
                        places = [p for t in c.children if t.dep_ == "prep" and t.lower_ in ("in", "by", "from")
                                  for p in t.children if p.dep_ == "pobj"]
                        found += self.phrase_actors(places[:1], mod) if places else []
            if found:
                return unique_actors(found)
            for c in self._children(tok):
                if c.dep_ == "prep" and c.lower_ in ("of", "from", "in", "by"):
                    for p in c.children:
                        if p.dep_ == "pobj":
                            for q in (p, *p.conjuncts):
                                found += self.np_actors(q, mod, depth + 1)
                if found:
                    return unique_actors(found)
        dets = {c.lower_ for c in self._children(tok) if c.dep_ in ("det", "nummod", "predet", "preconj")}
        if tok.lemma_.lower() in OFFICE_WORDS and tok.tag_ == "NN" and dets == {"the"} \
                and not any(c.dep_ == "poss" for c in self._children(tok)):
            return self.previous_holder(tok)  # "The president praised Turkey", after "President Vladimir Putin"
        if tok.lemma_.lower() in STATE_NOUNS and not any(c.dep_ in ("amod", "compound", "poss") for c in self._children(tok)):
            if tok.tag_ == "NN" and dets == {"the"}:  # "the republic": the state named last
                return self.previous_states(tok, 1)
            if tok.tag_ == "NNS" and dets & {"two", "both"}:  # "the two countries": the last two
                return self.previous_states(tok, 2)
        return []

    @staticmethod
    def _children(tok: Token) -> list[Token]:
        """A token's dependents on its own line: spaCy may hang a headline's last words on the
        next line ("… by Turkish troops\n\nRussian rebels accused …" makes the rebels an
        apposition of the troops), and a phrase does not run on past a line break."""
        return [c for c in tok.children if same_line(tok, c)]

    def previous_states(self, tok: Token, n: int) -> list[Actor]:
        """The last n distinct states mentioned before the token ("the republic", "the two
        countries"), or none if there are fewer."""
        found = self.previous(tok.idx, STATE_KINDS, n)
        return found if len(found) == n else []

    def pronoun_actors(self, tok: Token, mod) -> list[Actor]:
        """A pronoun's actors: a relative pronoun's noun, a reflexive's subject, "we" the
        speaker's state, "he"/"its" the nearest subject above it or the reported speaker."""
        low = tok.lower_
        if low in RELATIVE_PRONOUNS and tok.head.dep_ in ("relcl", "acl") and tok.head.head.i != tok.i:
            return self.phrase_actors([tok.head.head], mod)
        if low in REFLEXIVE:  # "Iraq had attacked themselves"
            verb = tok.head if tok.head.pos_ in ("VERB", "AUX") else tok.head.head
            return self.phrase_actors(self.subjects(verb), mod) if verb.pos_ in ("VERB", "AUX") else []
        if low in FIRST_PERSON:
            if mod is None or not mod.speaker:
                return []
            if low in ("we", "our", "us", "ours"):  # "our security", said by a ministry: the country's
                return unique_actors([self.state_of(a) or a for a in mod.speaker])
            return list(mod.speaker)
        if low in THIRD_PERSON:
            # "Russia is threatening ... through its war", "Obama said he would": the nearest
            # subject of a clause above the pronoun; else the speaker of a reported clause.
            # Nearer antecedents come first: the first of two conjuncts ("a police officer and
            # his partner", "Russia and its allies") and the object that controls an infinitive
            # ("urged the mogul to release his tapes"). One that names no actor takes the
            # pronoun with it (it is not the clause's subject's); one that names an actor the
            # pronoun cannot stand for is passed over ("urged Congress to pass his budget").
            possessed = tok.head
            if tok.dep_ == "poss" and possessed.dep_ == "conj" and possessed.head.pos_ in ("NOUN", "PROPN"):
                found = self.np_actors(possessed.head, mod)
                if not found or any(_agrees(low, a) for a in found):
                    return [a for a in found if a.id not in self.avoid and _agrees(low, a)]
            clause = tok.head
            for _ in range(MAX_CLIMB):
                if clause.dep_ == "xcomp" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children):
                    controllers = [c for c in clause.head.children if c.dep_ == "dobj" and tok not in c.subtree]
                    found = self.phrase_actors(controllers) if controllers else []
                    if controllers and (not found or any(_agrees(low, a) for a in found)):
                        return [a for a in found if a.id not in self.avoid and _agrees(low, a)]
                subj = [c for c in clause.children if c.dep_ == "nsubj" and c.i != tok.i and tok not in c.subtree]
                subj += [s for c in clause.children if c.dep_ == "aux" for s in c.children
                         if s.dep_ == "nsubj" and tok not in s.subtree]
                if subj and all(s.pos_ != "PRON" for s in subj):
                    found = [a for a in self.phrase_actors(subj) if a.id not in self.avoid and _agrees(low, a)]
                    if found:
                        return found
                if clause.head is clause:
                    break
                clause = clause.head
            if mod is not None and mod.reported and mod.speaker:
                return [a for a in mod.speaker if a.id not in self.avoid and _agrees(low, a)]
            if low in ("he", "she") and tok.dep_ in ("nsubj", "nsubjpass"):
                return [a for a in self.previous_person(tok) if a.id not in self.avoid]
        return []

    def previous_person(self, tok: Token) -> list[Actor]:
        """For "he"/"she" with no antecedent in its own clauses ("In years past, he has had sharp
        words for Washington, but this time he praised Kerry"), when its own sentence names no
        person before it: whom the same pronoun stands for as a subject of one of the two
        sentences before (a chain), else the one person the sentence before names, when that
        person is its subject and the text says nothing of a sex the pronoun contradicts. Two
        people there ("Merkel met Macron. He praised her"), and the pronoun stays unresolved.
        The quote extractor goes further back for a speaker (quotes._pronoun_referent): a
        speaker stays the topic; the doer of an act is checked nearer."""
        sent = tok.sent
        if sent.start == 0:
            return []
        if any((hit := self.token_actor.get(t.i)) and hit[0].kind == "person" for t in self.doc[sent.start:tok.i]):
            return []
        before = self.doc[sent.start - 1].sent
        earlier = [before] + ([self.doc[before.start - 1].sent] if before.start > 0 else [])
        chain = [t for s in earlier for t in s if t.dep_ in ("nsubj", "nsubjpass") and t.lower_ == tok.lower_]
        if chain:  # "…, she issued a plan. President Obama adopted it. She has called for": the story goes on
            if self._chain >= MAX_PRONOUN_CHAIN:
                return []
            self._chain += 1
            try:
                return [a for a in self.pronoun_actors(chain[0], None) if a.kind == "person"]
            finally:
                self._chain -= 1
        people: dict[str, Actor] = {}
        subjects: set[str] = set()
        for t in before:
            hit = self.token_actor.get(t.i)
            if hit is None or hit[0].kind != "person":
                continue
            people[hit[0].id] = hit[0]
            if t.dep_ in ("nsubj", "nsubjpass"):
                subjects.add(hit[0].id)
        if len(people) != 1 or not subjects:
            return []
        person = next(iter(people.values()))
        return [person] if self.sex_of(person) in (None, sex_word(tok)) else []

    def sex_of(self, person: Actor) -> Optional[str]:
        """What the text says of a person's sex over all its mentions (`mention_sex`: the
        honorific before a mention, the he/she after it as the one subject), by the majority of
        mentions that say anything; None when none does or as many say each."""
        if person.id not in self._sexes:
            said: Counter = Counter()
            for s, e in person.mentions:
                span = self.doc.char_span(s, e, alignment_mode="expand")
                if span is not None:
                    said.update(mention_sex(self.doc, span.start, span.end,
                                            (self.doc[span.start - 1] if span.start else None,)))
            ranked = said.most_common()
            self._sexes[person.id] = ranked[0][0] if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) else None
        return self._sexes[person.id]


def _agrees(pronoun: str, actor: Actor) -> bool:
    """"it" and "its" are not said of a person, "he", "she", "his", "her" only of one."""
    if pronoun in ("it", "its", "itself"):
        return actor.kind != "person"
    if pronoun in ("he", "she", "his", "her", "him", "himself", "herself"):
        return actor.kind == "person"
    return True


def unique_actors(actors: Iterable[Actor]) -> list[Actor]:
    """The actors, each once (by id), in order."""
    seen: set[str] = set()
    out = []
    for a in actors:
        if a.id not in seen:
            seen.add(a.id)
            out.append(a)
    return out


# ---- names the linker did not link ------------------------------------------------------------

NAME_DASHES = frozenset({"-", "–", "—", "‑"})


def unlinked_names(ann: "AnnotatedDocument", tokens: Iterable[Token]) -> list[str]:
    """Names of companies and people among the tokens that the actor linker did not link
    ("GE Healthcare", "Boeing's", "Mandiant", "WeWork"), as written, each once (case folded):
    spaCy's ORG and PERSON entities (with a compound proper noun the tagger left out: "GateHouse
    Media"), split at dashes and at linked actors ("Gannett-Gatehouse"), and a subject or object
    noun written in mixed case. A name equal to a linked actor's name or alias is that actor's
    id. For agreements' parties and attributions' claimants; nothing else reads these."""
    toks = list(tokens)
    if not toks:
        return []
    linked = PhraseActors.of(ann).token_actor
    out: list[str] = []
    seen: set[int] = set()
    for t in toks:
        if t.i in seen or t.i in linked:
            continue
        if t.ent_type_ in ("ORG", "PERSON"):
            ent = list(entity_of(t))
            while ent[-1].dep_ == "compound" and ent[-1].head.i == ent[-1].i + 1 \
                    and ent[-1].head.pos_ == "PROPN" and ent[-1].head.i not in linked:
                ent.append(ent[-1].head)
        elif t.pos_ in ("NOUN", "PROPN") and t.dep_ in ("nsubj", "nsubjpass", "pobj", "conj", "appos") \
                and not t.is_lower and not t.is_title and not t.is_upper and t.is_alpha:
            ent = [t]  # "WeWork": a company name the tagger took for a common noun
        else:
            continue
        seen.update(x.i for x in ent)
        pieces: list[list[Token]] = [[]]
        for x in ent:
            if x.text in NAME_DASHES or x.i in linked or x.tag_ == "POS" or (x.is_punct and x.text not in "&."):
                pieces.append([])
            else:
                pieces[-1].append(x)
        for words in pieces:
            while words and words[0].lower_ == "the":
                words = words[1:]
            if not words or all(w.is_lower for w in words):
                continue
            name = ann.body[words[0].idx:words[-1].idx + len(words[-1])]
            known = next((a.id for a in ann.actors
                          if name.lower() in {a.name.lower(), *(x.lower() for x in a.aliases)}), None)
            name = known or name
            if name.lower() not in {o.lower() for o in out}:
                out.append(name)
    return out
