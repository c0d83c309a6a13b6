"""CAMEO verb patterns (PETRARCH-2's dictionary) as a PLOVER event-type matcher for spaCy verbs.

The data is geowire/data/cameo_patterns.json, compiled by scripts/build_cameo.py from
PETRARCH-2's CAMEO.2.0.txt (MIT licence, Copyright (c) 2015 Open Event Data Alliance) and the
CAMEO2PLOVER-2021 table (Open Event Data Alliance, CC BY-SA 4.0); see that script for the
dictionary's format. It is loaded once per process and indexed by verb lemma, so matching a
verb only looks at the patterns of the blocks that list it.

    from geowire.extract.events.cameo import match_verb
    m = match_verb(token)          # a spaCy verb token of a parsed Doc
    if m is not None:
        m.plover_type, m.mode, m.cameo_code, m.pattern.text, m.context, m.reversed

How a pattern matches a verb (PETRARCH-2 matched the same patterns on constituency trees; this
is the same reading on a dependency parse):

- words *after* `*` are looked for among the verb's complements: the subtrees of its objects,
  particles, prepositional phrases, open complements, adverbials (not its subject,
  auxiliaries, conjoined verbs, clausal complements or adverbial clauses); words *before* `*` among its subjects'
  subtrees (inherited from the verb a conjoined or open-complement verb depends on) and the
  adverbs left of it;
- a noun phrase `{A B}` needs a token B (lemma or form) with A in B's subtree; a
  prepositional phrase `(P W)` a preposition or particle P among the complements with W in
  its subtree; synsets match any of their members; a member phrase (`armed forces`) needs its
  words in the head's subtree too;
- the most specific pattern wins (most words constrained, a preposition counting half); a pattern coded `[---]` that is
  at least as specific *suppresses* the others (a discard), and so does a winning code that
  PLOVER leaves out (01x statements, 02x appeals: "no event");
- no pattern: the verb's own code, or its block's (`[---]`: no event);
- a multi-word verb (`+CALL_OFF`, `RE_+ARREST`) needs its other words next to the verb or
  among its children, and is then more specific than the single verb.

Written by hand: spaCy's DependencyMatcher was checked and not taken (one anchored token
graph per pattern: 4,600 patterns, with their synset alternatives, would all be tried on
every sentence, where the lemma index tries one verb's blocks; and "any of these words
anywhere in the object phrase" is not a graph). The pattern semantics follow PETRARCH-2's
reader and coder (petrarch2/PETRreader.py, PETRtree.py).

`[AAA:BBB]` codes give AAA; `[:BBB]` codes the reverse direction only: the match then has
`reversed=True` (the verb's object is the actor, its subject the recipient).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, NamedTuple, Optional

from spacy.tokens import Token

from geowire.settings import DATA_DIR

PATTERNS_FILE = DATA_DIR / "cameo_patterns.json"
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
# dependents that are not the verb's complements: another clause, the verb chain, punctuation
NOT_COMPLEMENT_DEPS = SUBJECT_DEPS | frozenset({
    "aux", "auxpass", "punct", "cc", "conj", "mark", "neg", "advcl", "parataxis", "relcl",
    "appos", "discourse", "intj", "meta", "preconj",
    # a clausal complement is an act of its own ("said the army attacked": the attack is coded on
    # "attacked"); an open complement stays ("vowed to resist", "agreed to provide aid")
    "ccomp"})
HYPHENS = frozenset({"-", "–"})
# dependents that open another clause: words of a pattern are looked for in the verb's own
# clause (PETRARCH-2 matched the verb phrase's noun and prepositional phrases, not what is
# embedded in them: "condemned allegations that ... be indicted for war crimes" is no arrest)
CLAUSE_DEPS = frozenset({"relcl", "acl", "ccomp", "advcl", "csubj", "csubjpass", "parataxis", "punct", "mark"})
PHRASE_PREP_DEPS = frozenset({"prep", "agent"})


@dataclass(frozen=True)
class CameoPattern:
    """One compiled pattern (or a verb's own code when no pattern matched: `isolated`)."""
    text: str
    block: str                      # the block's meaning, e.g. "GRANT"
    code: Optional[str]             # the CAMEO code the match reports (None: discard)
    reversed: bool                  # the code is for the reverse direction ([:BBB])
    specificity: float
    discard: bool
    roles: tuple[tuple[str, str], ...] = ()   # ("target", "prep:to"), ("source", "subject") …
    isolated: bool = False
    line: int = 0
    context: tuple[str, ...] = ()   # the PLOVER contexts of the code
    preps: tuple[str, ...] = ()     # the prepositions of its phrases after `*` ("* (TO ...)": to)


class CameoMatch(NamedTuple):
    """The best reading of a verb: its PLOVER type and mode, the CAMEO code, the pattern."""
    plover_type: str
    mode: Optional[str]
    cameo_code: str
    pattern: CameoPattern

    @property
    def context(self) -> list[str]:
        return list(self.pattern.context)

    @property
    def reversed(self) -> bool:
        return self.pattern.reversed


# ---- loading ------------------------------------------------------------------------------

# A slot position: head word → tuples of modifier words its alternatives need ((): none).
Position = dict[str, tuple[tuple[str, ...], ...]]


@dataclass(frozen=True)
class _Compiled:
    pattern: CameoPattern
    before: tuple[tuple[Position, ...], ...]
    after: tuple[tuple[Position, ...], ...]
    before_preps: tuple[tuple[frozenset, tuple[tuple[Position, ...], ...]], ...]
    after_preps: tuple[tuple[frozenset, tuple[tuple[Position, ...], ...]], ...]
    order: int
    after_words: frozenset[str] = frozenset()  # every word after `*`: a particle it spells is its own


def _slot_words(slots: tuple[tuple[Position, ...], ...]) -> set[str]:
    """Every word of some slots: their head words and the words those need around them."""
    return {w for s in slots for position in s for head, mods in position.items()
            for w in (head, *(x for m in mods for x in m))}


@dataclass(frozen=True)
class _VerbEntry:
    block: int
    code: Optional[str]
    reverse_code: Optional[str]
    before: tuple[str, ...]
    after: tuple[str, ...]
    line: str


class CameoPatterns:
    """The compiled dictionary, indexed: lemma → verb entries; block → compiled patterns."""

    def __init__(self, data: dict):
        self.codes: dict[str, Optional[dict]] = data["codes"]
        self.sources = data.get("sources", {})
        synsets = {name: members for name, members in data.get("synsets", {}).items()}
        self.blocks: list[tuple[str, tuple[_Compiled, ...]]] = []
        order = 0
        for b in data["blocks"]:
            compiled = []
            for p in b["patterns"]:
                compiled.append(self._compile(p, b["meaning"], synsets, order))
                order += 1
            # most specific first: matching a block stops at the first pattern that cannot win
            compiled.sort(key=lambda c: (-c.pattern.specificity, c.order))
            self.blocks.append((b["meaning"], tuple(compiled)))
        self.verbs: dict[str, tuple[_VerbEntry, ...]] = {
            lemma: tuple(_VerbEntry(e["block"], e["code"], e.get("reverse_code"), tuple(e["before"]),
                                    tuple(e["after"]), e["line"]) for e in entries)
            for lemma, entries in data["verbs"].items()}
        self.forms: dict[str, tuple[str, ...]] = {f: tuple(ls) for f, ls in data.get("forms", {}).items()}

    def _compile(self, p: dict, meaning: str, synsets: dict, order: int) -> _Compiled:
        code, reverse = p.get("code"), p.get("reverse_code")
        pattern = CameoPattern(
            text=p["text"], block=meaning, code=code or reverse, reversed=code is None and reverse is not None,
            specificity=p["specificity"], discard=p["discard"],
            roles=tuple(sorted(p.get("roles", {}).items())), line=p.get("line", 0),
            context=tuple((self.reading(code or reverse) or {}).get("context") or ()),
            preps=tuple(dict.fromkeys(w for x in p.get("after_preps", []) for w in x["prep"])))

        def slot(s):  # [[alternatives per position]] → tuple of Position
            return tuple(_position(alts, synsets) for alts in s)

        def preps(ps):
            return tuple((frozenset(x["prep"]), tuple(slot(s) for s in x.get("words", []))) for x in ps)

        after, after_preps = tuple(slot(s) for s in p.get("after", [])), preps(p.get("after_preps", []))
        words = _slot_words(after) | {w for alts, slots in after_preps for w in (*alts, *_slot_words(slots))}
        return _Compiled(pattern, tuple(slot(s) for s in p.get("before", [])), after,
                         preps(p.get("before_preps", [])), after_preps, order, frozenset(words))

    def reading(self, code: Optional[str]) -> Optional[dict]:
        return self.codes.get(code) if code else None


def _position(alternatives: Iterable[str], synsets: dict) -> Position:
    out: dict[str, list[tuple[str, ...]]] = {}
    for alt in alternatives:
        members = synsets.get(alt, []) if alt.startswith("&") else [alt]
        for m in members:
            words = m.split()
            if words:
                out.setdefault(words[-1], []).append(tuple(words[:-1]))
    return {head: tuple(mods) for head, mods in out.items()}


@lru_cache(maxsize=4)
def load_patterns(path: Path = PATTERNS_FILE) -> CameoPatterns:
    """The compiled patterns (read once per process and path)."""
    return CameoPatterns(json.loads(Path(path).read_text(encoding="utf-8")))


# ---- matching ------------------------------------------------------------------------------

def _keys(tok: Token) -> tuple[str, str]:
    return tok.lemma_.lower(), tok.lower_


def _clause_tokens(tok: Token, skip_preps: bool) -> list[Token]:
    """tok and its dependents down to clause boundaries (and prepositional phrases if asked)."""
    out, stack = [], [tok]
    while stack:
        t = stack.pop()
        out.append(t)
        for c in t.children:
            if c.dep_ in CLAUSE_DEPS or (skip_preps and c.dep_ in PHRASE_PREP_DEPS):
                continue
            stack.append(c)
    return out


def _is_prep(tok: Token) -> bool:
    return tok.dep_ in PHRASE_PREP_DEPS or (tok.dep_ in ("dative", "prt") and tok.pos_ == "ADP")


def _complements(verb: Token, particles: tuple[str, ...] = ()) -> tuple[list[Token], list[Token]]:
    """(words, prepositions) after `*`: the noun phrases, particles and open complements of the
    verb (without their prepositional phrases), and the prepositions of the verb, of those
    phrases' heads and of an open complement ("rushed aid to Gaza", "vowed to fight in ...").
    `particles`: words of a multi-word verb; when the parser made one a preposition ("called in
    the ambassador"), its object is the verb's object."""
    words: list[Token] = []
    preps: list[Token] = []
    for c in verb.children:
        if c.dep_ in NOT_COMPLEMENT_DEPS or c.dep_ in CLAUSE_DEPS:
            continue
        if c.dep_ in ("advmod", "npadvmod") and c.i < verb.i:
            continue  # "abruptly ended": an adverb before the verb is on the pattern's left side
        if particles and c.dep_ in PHRASE_PREP_DEPS and c.lower_ in particles:
            for obj in c.children:
                if obj.dep_ not in CLAUSE_DEPS:
                    phrase = _clause_tokens(obj, skip_preps=True)
                    words.extend(phrase)
                    preps.extend(x for t in phrase for x in t.children if _is_prep(x))
            continue
        if _is_prep(c):
            preps.append(c)
            if c.dep_ != "prt":
                # the preposition itself is also a word: TABARI-era patterns write it bare
                # ("- * AT [190]"); a particle is a word too ("- * OFF", "+CALL_OFF")
                words.append(c)
                continue
        phrase = _clause_tokens(c, skip_preps=True)  # an open complement brings its object along
        words.extend(phrase)
        # not a preposition inside a name: "heads the Alliance for American Manufacturing" is no "head for"
        preps.extend(x for t in phrase for x in t.children if _is_prep(x) and not x.ent_type_)
    return words, preps


def _subjects(verb: Token) -> tuple[list[Token], list[Token]]:
    """(words, prepositions) before `*`: the subjects (inherited along conj/xcomp) and adverbs
    left of the verb."""
    words: list[Token] = []
    v = verb
    for _ in range(4):  # conj of xcomp of conj …: a few steps up at most
        subj = [c for c in v.children if c.dep_ in SUBJECT_DEPS]
        if subj or v.dep_ not in ("conj", "xcomp") or v.head is v:
            break
        v = v.head
    for c in v.children:
        if c.dep_ in SUBJECT_DEPS:
            words.extend(_clause_tokens(c, skip_preps=True))
    words.extend(c for c in verb.children if c.dep_ in ("advmod", "npadvmod") and c.i < verb.i)
    preps = [x for t in words for x in t.children if _is_prep(x)]
    return words, preps


TokenIndex = dict[str, list[Token]]


def _index(tokens: Iterable[Token]) -> TokenIndex:
    """lemma and lower-case form → tokens: built once per verb, so a slot costs a few lookups."""
    index: TokenIndex = {}
    for t in tokens:
        for key in set(_keys(t)):
            index.setdefault(key, []).append(t)
    return index


def _find_heads(position: Position, index: TokenIndex) -> list[Token]:
    """Tokens that are one of the position's head words, with that alternative's other words
    (a member phrase "armed forces") around them."""
    found = []
    small, large = (index, position) if len(index) <= len(position) else (position, index)
    for key in small:
        if key not in large:
            continue
        for t in index[key]:
            if t not in found and any(not m or _has_words(m, t) for m in position[key]):
                found.append(t)
    return found


def _has_words(words: tuple[str, ...], head: Token) -> bool:
    """Are all `words` in head's subtree (or just left of it, for names the parser split)?"""
    near = {k for t in head.subtree for k in _keys(t)}
    doc = head.doc
    near.update(k for t in doc[max(0, head.i - len(words) - 1):head.i] for k in _keys(t))
    return all(w in near for w in words)


def _slot_matches(slot: tuple[Position, ...], index: TokenIndex) -> bool:
    """A noun phrase slot: its head among the indexed tokens, its other positions in that head's
    phrase."""
    *mods, head = slot
    for h in _find_heads(head, index):
        if not mods:
            return True
        sub = _index(t for t in _clause_tokens(h, skip_preps=False) if t.i != h.i)
        if all(_find_heads(m, sub) for m in mods):
            return True
    return False


def _preps_match(preps, candidates: list[Token]) -> bool:
    """Each `(P W ...)`: a preposition P among `candidates` with the words W in its phrase."""
    for alts, slots in preps:
        ok = False
        for t in candidates:
            if t.lemma_.lower() in alts or t.lower_ in alts:
                sub = _index(x for x in _clause_tokens(t, skip_preps=False) if x.i != t.i)
                if all(_slot_matches(s, sub) for s in slots):
                    ok = True
                    break
        if not ok:
            return False
    return True


def _entry_matches(entry: _VerbEntry, verb: Token) -> bool:
    """The other words of a multi-word verb: after it (a child or the next tokens), before it."""
    if entry.after:
        near = {k for c in verb.children if c.dep_ not in SUBJECT_DEPS for k in _keys(c)}
        near.update(k for t in verb.doc[verb.i + 1:verb.i + 1 + len(entry.after)] for k in _keys(t))
        if not all(w in near for w in entry.after):
            return False
    if entry.before:
        left = [t for t in verb.doc[max(0, verb.i - 2 * len(entry.before) - 1):verb.i] if t.text not in HYPHENS]
        near = {k for t in left[-len(entry.before):] for k in _keys(t)}
        near.update(k for c in verb.children if c.i < verb.i for k in _keys(c))
        near.update(k.removesuffix("-") for k in list(near))
        if not all(w in near for w in entry.before):
            return False
    return True


def verb_entries(verb: Token, patterns: Optional[CameoPatterns] = None) -> list[_VerbEntry]:
    """The dictionary's entries for this verb token (by lemma, by form, multi-word parts checked)."""
    patterns = patterns or load_patterns()
    lemmas: list[str] = []
    for key in _keys(verb):
        if key in patterns.verbs and key not in lemmas:
            lemmas.append(key)
        for lemma in patterns.forms.get(key, ()):
            if lemma not in lemmas:
                lemmas.append(lemma)
    return [e for lemma in lemmas for e in patterns.verbs[lemma] if _entry_matches(e, verb)]


def match_verb(verb: Token, patterns: Optional[CameoPatterns] = None) -> Optional[CameoMatch]:
    """The best CAMEO reading of a verb token as PLOVER (type, mode, CAMEO code, pattern), or None
    when the verb is not in the dictionary, a discard pattern wins, or the winning code is no
    PLOVER event."""
    best = best_pattern(verb, patterns)
    if best is None or best.discard or best.code is None:
        return None
    reading = (patterns or load_patterns()).reading(best.code)
    if reading is None:
        return None
    return CameoMatch(reading["type"], reading.get("mode"), best.code, best)


def best_pattern(verb: Token, patterns: Optional[CameoPatterns] = None) -> Optional[CameoPattern]:
    """The winning pattern for a verb, discards and unmapped codes included (None: not a verb
    of the dictionary)."""
    patterns = patterns or load_patterns()
    entries = verb_entries(verb, patterns)
    if not entries:
        return None
    # A particle makes another verb ("took on the protesters" is no TAKE, "gave up" no GIVE):
    # the verb entry ("+TAKE_OVER") or the pattern ("- * UP POST") must spell it.
    particles = {c.lower_ for c in verb.children if c.dep_ == "prt"}
    extra = max(len(e.before) + len(e.after) for e in entries)  # a matched multi-word verb is more specific
    afters: dict[tuple[str, ...], tuple[TokenIndex, list[Token]]] = {}  # by the multi-word verb's particles
    before: Optional[tuple[TokenIndex, list[Token]]] = None
    best: Optional[tuple] = None
    seen: set[int] = set()
    # a block listing the verb twice ("CALL", "+CALL_IN") is read once, as its longest matched form
    for e in sorted(entries, key=lambda e: -(len(e.before) + len(e.after))):
        if e.block in seen:
            continue
        seen.add(e.block)
        unspelled = particles.difference(e.before, e.after)
        for c in patterns.blocks[e.block][1]:
            p = c.pattern
            if best is not None and p.specificity + extra < best[0][0]:
                break  # patterns are sorted by specificity: none of the rest can win
            if unspelled and not unspelled <= c.after_words:
                continue
            if c.after or c.after_preps:
                after = afters.get(e.after)
                if after is None:
                    words, preps = _complements(verb, e.after)
                    after = afters[e.after] = (_index(words), preps)
                if not all(_slot_matches(s, after[0]) for s in c.after) or not _preps_match(c.after_preps, after[1]):
                    continue
            if c.before or c.before_preps:
                if before is None:
                    words, preps = _subjects(verb)
                    before = (_index(words), preps)
                if not all(_slot_matches(s, before[0]) for s in c.before) or not _preps_match(c.before_preps, before[1]):
                    continue
            # most specific first; at equal specificity a discard wins; then the earlier pattern
            key = (p.specificity + len(e.before) + len(e.after), p.discard, -c.order)
            if best is None or key > best[0]:
                best = (key, p)
    if best is not None:
        return best[1]
    # no pattern: the verb's own code (a matched multi-word verb first), if it spells the particles
    entries = [e for e in entries if particles <= {*e.before, *e.after}]
    if not entries:
        return None
    e = max(entries, key=lambda e: len(e.before) + len(e.after))
    code = e.code or e.reverse_code
    return CameoPattern(text=e.line, block=patterns.blocks[e.block][0], code=code,
                        reversed=e.code is None and e.reverse_code is not None,
                        specificity=len(e.before) + len(e.after), discard=code is None, isolated=True,
                        context=tuple((patterns.reading(code) or {}).get("context") or ()))


def match_sentence_verbs(sent, all_verbs: bool = False, descend: bool = False) -> list[tuple[Token, CameoMatch]]:
    """Matches of a sentence's root verb and the verbs conjoined with it: the unit
    benchmarks/eval_cameo.py scores. `descend`: a verb that codes no event (a speech verb, "said";
    "scheduled to meet") passes on to the verbs of its clausal and open complements, as
    PETRARCH-2 coded the clause under SAY. `all_verbs`: every verb of the sentence."""
    out = []
    if all_verbs:
        for tok in sent:
            if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("aux", "auxpass"):
                if (m := match_verb(tok)) is not None:
                    out.append((tok, m))
        return out
    queue, seen = _with_conjuncts(sent.root), set()
    while queue:
        tok = queue.pop(0)
        if tok.i in seen:
            continue
        seen.add(tok.i)
        m = match_verb(tok)
        if m is not None:
            out.append((tok, m))
        elif descend:
            for c in tok.children:
                if c.dep_ in ("ccomp", "xcomp") and c.pos_ in ("VERB", "AUX"):
                    queue += _with_conjuncts(c)
    return sorted(out, key=lambda x: x[0].i)


def _with_conjuncts(verb: Token) -> list[Token]:
    """The verb and the verbs conjoined with it ("met and signed", "attacked, killed and wounded")."""
    verbs, stack = [verb], [verb]
    while stack:
        v = stack.pop()
        for c in v.children:
            if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"):
                verbs.append(c)
                stack.append(c)
    return sorted(verbs, key=lambda t: t.i)


# ---- as a trigger of the event coder --------------------------------------------------------

# Where the adapter looks for a recipient when the pattern does not say: the verb's object or
# indirect object, then the pattern's own prepositions, then the complements PLOVER's
# interactions most often take ("appealed to", "protested against", "met with", "cracked down on").
RECIPIENT_ROLES = ("object", "dative")
FALLBACK_PREPS = ("to", "against", "with", "on", "at")
# Blocks of verbs of arrival: where one arrives is the host ("arrived in Turkey for talks"; the
# manual codes the visitor as actor and the host as recipient), a place for any other verb.
DESTINATION_BLOCKS = frozenset({"ARRIVE"})
# Types whose participants are all actors, as the curated entries code meetings and
# cooperation ("Russia and China cooperated", "X met Y": one act of both).
SYMMETRIC_TYPES = frozenset({"CONSULT", "COOPERATE"})
# Types whose open complement is their content ("threatened to attack", "urged X to withdraw",
# "refused to meet", "pledged to send aid"), as the curated promise and threat verbs.
ABSORBING_TYPES = frozenset({"THREATEN", "REQUEST", "REJECT", "AGREE"})
CAMEO_CONFIDENCE = 0.6  # below the curated entries' 0.8: a dictionary reading, not a curated one


def _role(where: str) -> str:
    """A compiled pattern's role place ("subject", "object", "prep:to") as the coder's role name."""
    return where.split(":", 1)[1] if where.startswith("prep:") else where


@lru_cache(maxsize=4096)
def _trigger_for(lemma: str, plover_type: str, mode: Optional[str], pattern: CameoPattern):
    from geowire.extract.events.lexicon import Trigger  # here: the lexicon needs no CAMEO to load

    roles = dict(pattern.roles)
    if "source" in roles:
        actor = (_role(roles["source"]),)
    else:
        actor = ("object",) if pattern.reversed else ("subject",)
    default = ("subject",) if pattern.reversed else (*RECIPIENT_ROLES, *pattern.preps, *FALLBACK_PREPS)
    if pattern.block in DESTINATION_BLOCKS and not pattern.reversed:
        default += ("in",)
    if pattern.isolated:
        # the bare verb, no pattern's object matched: the object names its recipient only by its own
        # words ("seized a British tanker"), not through its phrases ("has taken advantage of the
        # United States", "took part in an effort by Ukraine": the object says what the verb means)
        default = tuple("own_object" if r == "object" else r for r in default)
    recipient = tuple(dict.fromkeys(((_role(roles["target"]),) if "target" in roles else ()) + default))
    recipient = tuple(r for r in recipient if r not in actor)
    return Trigger(lemmas=(lemma,), pos="VERB", event=plover_type, mode=mode, context=pattern.context,
                   actor=actor, recipient=recipient, symmetric=plover_type in SYMMETRIC_TYPES,
                   absorb=plover_type in ABSORBING_TYPES, confidence=CAMEO_CONFIDENCE, object_decides=pattern.isolated,
                   # CAMEO codes a verb between a source and a target: without the other side the
                   # dictionary's reading is a guess ("Norway's output beat forecasts", "Australia
                   # explores the relationship"); one-sided acts (protests, mobilising) are the YAML's
                   needs="two" if plover_type in SYMMETRIC_TYPES else "recipient")


def cameo_trigger(verb: Token, patterns: Optional[CameoPatterns] = None):
    """The CAMEO dictionary's reading of a verb as a `Trigger` of the curated lexicon's kind
    (geowire.extract.events.lexicon), or None: event, mode and context from the winning
    pattern; actor the verb's subject (the `by` agent in the passive: `Syntax.subjects`),
    recipient its object, indirect object or the pattern's preposition's object, the two
    swapped for a reverse-direction code ([:BBB]) or placed where the pattern's $/+ say."""
    m = _cached_match(verb, patterns)
    if m is None or vague(m):
        return None
    return _trigger_for(verb.lemma_.lower(), m.plover_type, m.mode, m.pattern)


# Cooperative PLOVER types: their CAMEO categories (03-08) open with a catch-all code.
COOPERATIVE_TYPES = frozenset({"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "CONCEDE"})


def vague(m: CameoMatch) -> bool:
    """A verb with no content word of a pattern matched (bare, or only a preposition: "heads
    to") coded with a cooperative category's catch-all code ("not specified below": 030, 040,
    050, 060, 070, 080): "establish", "integrate", "allow", "leave", "head to" say only that
    something cooperative happened, too little for an event.
    The specific codes stay ("praise" 051, "visit" 042, "apologize" 055), and so do the
    conflictual catch-alls, whose verbs say what happened ("kill" 190, "demand" 100)."""
    code = m.cameo_code
    bare = m.pattern.isolated or m.pattern.specificity < 1  # a preposition counts half
    return bare and len(code) == 3 and code.endswith("0") and m.plover_type in COOPERATIVE_TYPES


def cameo_isolated(verb: Token, patterns: Optional[CameoPatterns] = None) -> bool:
    """Whether the verb's reading is its bare code (no pattern's words matched)."""
    m = _cached_match(verb, patterns)
    return m is not None and m.pattern.isolated


_LAST_DOC: list = [None, {}]


def _cached_match(verb: Token, patterns: Optional[CameoPatterns]) -> Optional[CameoMatch]:
    """match_verb, once per token (the coder asks twice): kept for the last Doc only (not in
    `Doc.user_data`, which spaCy serialises with the Doc)."""
    if verb.pos_ != "VERB":
        return None
    if _LAST_DOC[0] is not verb.doc:
        _LAST_DOC[:] = [verb.doc, {}]
    cache = _LAST_DOC[1]
    key = (verb.i, id(patterns))
    if key not in cache:
        cache[key] = match_verb(verb, patterns)
    return cache[key]
