"""Agreements and treaties a document mentions, with their terms.

One `Agreement` per distinct agreement: every mention ("a treaty \"on Alliance
and Integration\"", "the agreement", "Under the Agreement", "the document",
"the alliance and integration treaty") is resolved to a record, and the
record's facts are read from the sentences that refer to it:

- name and kind from its named mentions (a quoted or capitalised title);
- parties, signing date and place from the sentence where it is signed;
- duration and renewal from the durations (ann.times) in sentences naming it;
- provisions from the cue phrases of geowire/data/provisions.yaml;
- funding from the amounts (ann.amounts) in sentences about its implementation.

A sentence refers to an agreement when it mentions it, or when it continues,
in the same paragraph and in the future or a modal ("units ... will be
integrated"), a sentence that does: that is how news describes a treaty's terms.

What makes a mention an agreement (benchmarks/devset/README.md, "What counts as an agreement"):

- a name: a proper-noun phrase with an agreement head noun ("Paris Agreement", "New START
  treaty"), kept whole across hyphens and dashes ("United States–Mexico–Canada Agreement"),
  a quoted name ("a 'phase one' trade deal"), or a title ("Treaty on ..."); not a capitalised
  fragment ("Arms Treaty", "Treaty on Tuesday") nor page furniture (FURNITURE_NAME: "Subscriber
  Agreement", "Terms of Service", "Cookie Policy");
- or a description anchored by a verb that signs, concludes, finalizes, ratifies, negotiates,
  pursues, withdraws from or completes it ("finalized a deal to purchase", "pulling out of the
  missile agreement", "which became final Tuesday"); descriptive nouns that are ordinary words
  more often than deals (merger, partnership, exchange, settlement, order, cut, rescue) need
  such a verb, a modifier ("prisoner swap", "its agreed cuts") or, definite, an agreement of
  their kind told before ("the exchange"); an acquisition noun (acquisition, takeover, buyout,
  purchase) also with a named buyer and its object ("Soon-Shiong's purchase of The Times");
- or a purchase told by its verb (`purchase_verbs`): "acquiring the entire stake held by X",
  "X agreed to buy Y" (a company bought whole), between the buyer and the holder;
- never a hypothetical or a prospect ("if no deal is reached", "any deal", "could finalize an
  agreement", "made obtaining a Middle East peace agreement a priority": a place and lowercase
  words after "a" describe, they do not name), nor a plural class ("states that signed treaties"), except when several named
  signers each signed one with a named partner ("peace treaties with Israel - Egypt and
  Jordan": one record each).

Acronyms are linked to long names ("START" ↔ "Strategic Arms Reduction Treaty", "New START" ↔
"New Strategic Arms Reduction Treaty", never one to the other). Parties come from the clause
that names the agreement (the signing verb's subject and its with/by/between objects, climbing
through "agreed to sign" and "held talks pursuing"), the noun's own phrase ("the merger of X and
Y", "a rescue by X", "its agreed cuts"), party adjectives of the name ("the U.S.-Russian
treaty", "the Gannett deal") and the subjects of other agreement verbs about it ("Ghani
announced the exchange"); a company the linker does not know is a party by its name as
written (`geowire.nlp.parse.unlinked_names`); a definite description that repeats the end of
an actor's name told before is that actor ("a settlement with the attorney general" after "the
New York State Attorney General": `named_before`), and "the company" the company the text is about; a definite office the linker does not know is
the capitalised name told before that ends with the same words ("the attorney general" after "The
New York State Attorney General"). The possessor of an effort toward the agreement is a side
("Mr. Obama's push for a nuclear agreement with Iran" → the United States, `seeker_parties`), and a
later mention that names fewer of the same sides joins it ("the Iran deal finalized"); who
brokers or mediates is no party ("a truce brokered by Egypt"); an adverbial gerund's subject is
its clause's ("X rolled back ... after reaching a settlement"). `signed` is the date on the signing verb's own
clause ("the Moscow treaty signed in 2002"), never a week of talks, an announcement, or a deal
the text says is not signed ("signing a deal has proved elusive"). The agreement's stage
(proposed, negotiated, signed, ratified, in-force, suspended, withdrawn, expired) and its date are
read by `status_of` from the verbs that state a stage (STATUS_VERBS): "signed in 2002" → signed,
2002; "withdrew from the treaty in 2019" → withdrawn, 2019; "became final Tuesday", "closed in June
2018" → in-force; a signing only intended or denied ("would sign", "expected to sign", "has proved
elusive"), or talks about it, → negotiated; "adopted" → signed; "went into effect in 1994",
"came into force" → in-force; a stage in a clause under a future, a modal or "ensure that" ("will
enter into force when 55 countries ratify the accord") is only intended; "last year's deal" was
concluded last year. An agreement told first without name or party ("a landmark climate agreement
... signed by 175 countries") is the one the article then names ("the Paris agreement").

Checked first: spaCy's Matcher would do the cue phrases, but its LEMMA is case
sensitive (proper nouns keep theirs: "Armed Forces" → "Forces") and each cue
would need its own token patterns; a twenty-line matcher over lowercased lemmas
does it. No library on
the lock (or on PyPI, as far as we know) extracts treaty terms.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Optional

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from geowire.nlp import lower_plain
from geowire.nlp.document import AnnotatedDocument
from geowire.nlp.parse import (PhraseActors, entity_of, is_negated, paragraph_of, paragraphs, place_name,
                               sentence_of, sentence_offsets, unlinked_names, without_clauses)
from geowire.model import Actor, Agreement, Amount, Funding
from geowire.settings import read_data_yaml
from geowire.extract.registry import extractor

# The head nouns of agreements, by lemma; the value is the `kind` reported.
KINDS = {
    "treaty": "treaty", "agreement": "agreement", "accord": "accord", "memorandum": "memorandum",
    "mou": "memorandum", "deal": "deal", "pact": "pact", "convention": "convention",
    "protocol": "protocol", "ceasefire": "ceasefire", "truce": "truce", "armistice": "armistice",
    "merger": "merger", "partnership": "partnership", "swap": "exchange", "exchange": "exchange",
    "settlement": "settlement", "rescue": "deal", "order": "order", "cut": "cut",
    "acquisition": "acquisition", "takeover": "acquisition", "buyout": "acquisition", "purchase": "acquisition",
}
# Kinds that are ordinary words far more often than agreements ("a political settlement", "in order
# to", "the stock exchange", "spending cuts"): one counts only when a verb makes it an agreement
# ("reached a settlement with", "agreed to a rescue by", "announced an order of 50 jets"), a
# modifier does ("prisoner swap", "its agreed cuts"), or, definite, it refers back to one of its
# kind told before ("the swap", "The order is valued at ...").
DESCRIPTIVE_KINDS = {"merger", "partnership", "exchange", "settlement", "order", "cut", "acquisition"}
DESCRIPTIVE_NOUNS = {"rescue"}
# Modifiers that make an agreement of a descriptive noun by themselves.
DESCRIPTIVE_MODIFIERS = {"exchange": {"prisoner", "hostage", "prisoners", "hostages"},
                         "cut": {"agreed", "agree"}, "merger": set(), "partnership": {"distribution", "strategic"}}
# Descriptive kinds that stand without a verb (a "merger" is always a deal between companies).
SELF_STANDING_KINDS = {"merger"}
# Kinds of agreements between states, where a person signs for a state and is never a party;
# in a company's deal, a person (an investor, a founder) is one.
STATE_KINDS = {"treaty", "accord", "memorandum", "pact", "convention", "protocol", "ceasefire", "truce",
               "armistice"}
# Names of page furniture, never an agreement of the article: terms of service, subscriber and
# licence agreements, privacy and cookie notices.
FURNITURE_NAME = re.compile(
    r"\b(subscriber|subscription|user|end[- ]user|licen[cs]e|membership|customer|service|services|terms|"
    r"privacy|cookie|cookies|data processing|website|site|newsletter|copyright)\s+(agreement|policy|accord|"
    r"deal|contract|notice|terms)\b|\bterms\s+(of|and)\s+(use|service|conditions)\b", re.I)
# Determiners and conjunctions that make a mention a hypothetical or a prospect ("if no deal is
# reached", "any deal", "whether they will agree"), not an agreement.
HYPOTHETICAL_DETERMINERS = {"no", "any"}
HYPOTHETICAL_MARKS = {"if", "unless", "whether", "until", "once"}
MODAL_HEDGES = {"could", "would", "might", "may", "should", "can"}
# Predicates that say a deal was completed ("which became final Tuesday", "That deal closed in June").
COMPLETION_ADJECTIVES = {"final", "effective", "complete", "official"}
COMPLETION_VERBS = {"close", "complete"}
# Words that say the signing has not happened ("signing a deal has proved elusive").
NOT_SIGNED_WORDS = {"elusive", "yet", "unsigned", "stalled", "snag", "pending"}
# Kinds whose lowercase "KIND on X" is a title ("a memorandum on cooperation"); "an agreement
# on X" is more often a plain description, so it only gives the topic.
TITLED_KINDS = {"memorandum", "treaty", "convention", "protocol"}
# Kinds that are also ordinary words ("the party convention", "Black Friday deals"): a name
# made only of words on the left counts when it names a place or an actor ("Kyoto Protocol",
# "the Iran nuclear deal").
COMMON_WORD_KINDS = {"convention", "protocol", "deal"}
# Nouns that refer back to the agreement being discussed ("The document stipulates that ...").
BACK_REFERENCE_NOUNS = {"document"}
# Verbs that make an agreement of an unnamed mention ("X and Y signed a treaty").
AGREEMENT_VERBS = {
    "sign", "ink", "conclude", "seal", "initial", "strike", "reach", "agree", "broker", "declare",
    "ratify", "adopt", "approve", "finalize", "finalise", "negotiate", "enter", "renew", "extend",
    "implement", "announce", "pursue", "scuttle", "withdraw", "pull", "abandon", "suspend", "violate",
    "finalize", "close", "complete", "approve", "swap",
}
# Of those, the ones that date and place the agreement ("signed ... at the Kremlin").
SIGNING_VERBS = {"sign", "ink", "conclude", "seal", "initial", "strike", "reach", "agree", "broker", "declare",
                 "finalize", "finalise", "close", "complete", "adopt"}
DEFINITE = {"the", "this", "that", "these", "those"}
INDEFINITE = {"a", "an", "another"}
# Words after the kind that start a title: "Treaty on ...", "Treaty of ...".
TITLE_PREPOSITIONS = {"on", "of", "for", "concerning", "regarding"}
# Words that end a title: what follows is the parties, the place or the clause.
TITLE_STOPS = {"between", "with", "at", "in", "among", "by", "signed", "which", "that", "who", "from", "to", "until"}
# Nouns that do not tell one agreement from another.
TOPIC_STOPWORDS = {"understanding", "document", "text", "implementation", "framework", "part", "new", "landmark"}
# Collective subjects that stand for the parties named before ("the two countries will ...").
COLLECTIVE_NOUNS = {"country", "side", "party", "nation", "state", "government", "leader", "president", "capital"}
# Words that make a duration a renewal ("ten-year extensions").
RENEWAL_WORDS = {"extension", "renewal", "extend", "renew", "prolong", "prolongation", "rollover", "automatically"}
# Words of a sentence that ties money to the agreement ("allocated ... to the implementation").
FUNDING_WORDS = {
    "allocate", "earmark", "fund", "funding", "finance", "financing", "provide", "grant", "pay", "invest",
    "investment", "budget", "spend", "contribute", "disburse", "pledge", "aid", "assistance", "support",
    "implementation", "resource", "value", "worth", "inject", "acquire", "buy", "purchase",
}
# What follows a price per unit, not the sum of the deal ("$13 a share").
PER_UNIT = re.compile(r"\s*(a|per|each)\s+(share|unit|barrel|ton|tonne)\b|\s*apiece\b", re.I)
MODAL_WORDS = {"will", "shall", "would", "'ll", "wo"}
# Nouns by which a text calls back the company it is about ("The company rolled back its policy").
COMPANY_NOUNS = {"company", "firm", "carrier", "airline", "startup", "retailer", "bank", "chain", "publisher"}
PARTY_KINDS = {"state", "partially-recognized-state", "igo", "organization", "agency", "person"}
POLITY_KINDS = {"state", "partially-recognized-state", "igo"}
GAP = 4  # tokens a "..." in a cue lets pass


# ---- the provision lexicon ------------------------------------------------------------

Cue = tuple[Optional[frozenset[str]], ...]  # a slot of accepted words, or None for a gap


def parse_cue(text: str) -> Cue:
    """'integrate ... armed force|forces' → ({integrate}, None, {armed}, {force, forces})."""
    return tuple(None if slot == "..." else frozenset(w.lower() for w in slot.split("|")) for slot in text.split())


@lru_cache(maxsize=None)
def provision_cues() -> dict[str, tuple[Cue, ...]]:
    """The cue phrases of each provision, from geowire/data/provisions.yaml (loaded once)."""
    return {provision: tuple(parse_cue(c) for c in cues) for provision, cues in read_data_yaml("provisions.yaml").items()}


def word_tokens(tokens: Iterable[Token]) -> list[Token]:
    """The tokens a cue is matched against: punctuation and spaces skipped."""
    return [t for t in tokens if not (t.is_punct or t.is_space)]


def token_words(token: Token) -> set[str]:
    return {token.lemma_.lower(), token.lower_}


def match_cue(cue: Cue, words: list[set[str]]) -> Optional[tuple[int, int]]:
    """The first [i, j) of `words` that the cue matches, or None."""
    slots = [s for s in cue if s is not None]
    gaps = [cue[k + 1] is None for k, s in enumerate(cue[:-1]) if s is not None] if len(cue) > 1 else []

    def rest(k: int, pos: int) -> Optional[int]:  # match slots[k:] from pos; the end index
        if k == len(slots):
            return pos
        last = pos + (GAP if k and gaps[k - 1] else 0)
        for p in range(pos, min(last, len(words) - 1) + 1):
            if slots[k] & words[p]:
                end = rest(k + 1, p + 1)
                if end is not None:
                    return end
        return None

    for i, w in enumerate(words):
        if slots[0] & w:
            end = rest(1, i + 1)
            if end is not None:
                return i, end
    return None


def provisions_in(sent: SpacySpan) -> list[str]:
    """The provisions whose cue phrases a sentence contains (not negated)."""
    tokens = word_tokens(sent)
    words = [token_words(t) for t in tokens]
    found = []
    for provision, cues in provision_cues().items():
        for cue in cues:
            hit = match_cue(cue, words)
            if hit and not is_negated(tokens[hit[0]]):
                found.append(provision)
                break
    return found


# ---- mentions of agreements ---------------------------------------------------------------

@dataclass
class Mention:
    token: Token  # the head noun: treaty, agreement, ...
    kind: str
    name: Optional[str] = None  # a title: "Treaty on Alliance and Integration"
    topic: frozenset[str] = frozenset()  # words that tell it from other agreements
    definite: bool = False
    back_reference: bool = False  # "the document"
    verb: Optional[Token] = None  # the verb that signs, ratifies, ... it
    parties: list[str] = field(default_factory=list)  # "between X and Y", "with Y", "the X-Y treaty"
    restricted: bool = False  # a descriptive noun ("the swap") that only refers back to its own kind
    descriptive: bool = False  # made an agreement by its modifier ("a prisoner swap", "its agreed cuts")
    hypothetical: bool = False  # "if no deal is reached", "any deal": a prospect, not an agreement
    distributive: list[str] = field(default_factory=list)  # "X and Y signed treaties with Z": one each


def after_determiner(token: Token) -> bool:
    """'a minerals deal' tagged as a verb: a determiner before it, only nouns and adjectives between."""
    start = token.sent.start  # Token.sent builds a Span each time: once
    i = token.i - 1
    while i >= start and i > token.i - 4 and token.doc[i].pos_ in ("NOUN", "PROPN", "ADJ", "NUM"):
        i -= 1
    return i >= start and token.doc[i].lower_ in DEFINITE | INDEFINITE


def kind_of(token: Token) -> Optional[str]:
    """The agreement kind a noun names, if any ("accords" → accord; "cease-fire" → ceasefire);
    a verb names one only after a determiner ("a minerals deal" tagged as a verb)."""
    if token.pos_ not in ("NOUN", "PROPN", "VERB"):
        return None
    if token.lower_ in ("fire", "fires") and token.i >= 2 and token.nbor(-1).text == "-" and token.nbor(-2).lower_ == "cease":
        kind = "ceasefire"
    else:
        kind = KINDS.get(token.lemma_.lower()) or KINDS.get(token.lower_.rstrip("s"))
        if kind == "deal" and any(c.lower_ in ("great", "good") for c in token.lefts):
            return None  # "a great deal of"
        if kind is not None and (kind in DESCRIPTIVE_KINDS or token.lemma_.lower() in DESCRIPTIVE_NOUNS) and (
                token.dep_ == "compound" or token.pos_ == "VERB"):
            return None  # "a merger partner", "to cut output": a modifier or a verb, not the deal
        if kind == "order" and token.i + 1 < len(token.doc) and token.nbor(1).lower_ == "to" \
                and token.i > 0 and token.nbor(-1).lower_ == "in":
            return None  # "in order to"
    # the word first: the determiner test reads the sentence, and most verbs name no kind
    if kind is not None and token.pos_ == "VERB" and not after_determiner(token):
        return None
    return kind


def actor_token_indices(ann: AnnotatedDocument) -> set[int]:
    """Indices of the tokens inside actor mentions: names of parties are not topic words."""
    out: set[int] = set()
    for (s, e), _ in ann.mentions_in(0, len(ann.body)):
        span = ann.doc.char_span(s, e, alignment_mode="expand")
        if span is not None:
            out.update(range(span.start, span.end))
    return out


DASHES = {"-", "–", "—", "‑"}  # "Gannett-GateHouse merger", "United States–Mexico–Canada Agreement"
QUOTE_OPENERS = {"'", '"', "‘", "“"}
QUOTE_CLOSERS = {"'", '"', "’", "”"}


def left_modifiers(token: Token) -> list[Token]:
    """The words right before the head noun that modify it: "Good Friday", "alliance and integration"."""
    run: list[Token] = []
    i = token.i - 1
    sent_start = token.sent.start
    while i >= sent_start:
        t = token.doc[i]
        if t.text in QUOTE_CLOSERS and run:
            opener = next((j for j in range(i - 1, max(sent_start, i - 6) - 1, -1)
                           if token.doc[j].text in QUOTE_OPENERS), None)
            if opener is not None:  # "A 'phase one' trade deal": the quoted words are the name
                run[:0] = [token.doc[j] for j in range(opener, i + 1)]
                i = opener - 1
                continue
        if t.pos_ in ("PROPN", "NOUN", "ADJ", "NUM") or t.text in DASHES or (
                t.lower_ == "and" and run and i - 1 >= sent_start and token.doc[i - 1].pos_ in ("NOUN", "PROPN", "ADJ")):
            if t.pos_ == "NOUN" and kind_of(t):
                break
            run.insert(0, t)
            i -= 1
            continue
        break
    return run


def determiner_before(token: Token, run: list[Token]) -> Optional[Token]:
    start = token.sent.start
    i = (run[0].i if run else token.i) - 1
    while i >= start and token.doc[i].text in ('"', "'", "“", "‘"):
        i -= 1
    return token.doc[i] if i >= start else None


def right_title(token: Token) -> tuple[list[Token], bool]:
    """The title after the head noun ("on Alliance and Integration"), and whether it is quoted."""
    doc, sent_end = token.doc, token.sent.end
    i = token.i + 1
    quoted = i < sent_end and doc[i].text in ('"', "“", "'", "‘")
    if quoted:
        i += 1
    if i >= sent_end or doc[i].lower_ not in TITLE_PREPOSITIONS:
        return [], False
    run = []
    while i < sent_end:
        t = doc[i]
        if quoted:
            if t.text in ('"', "”", "'", "’"):
                break
        elif t.is_space or (t.lower_ in TITLE_STOPS or t.is_punct and t.text != "-"
                            or t.pos_ in ("VERB", "AUX", "PRON", "SCONJ")) and run:
            break
        run.append(t)
        i += 1
    while run and run[-1].pos_ in ("DET", "ADP", "CCONJ", "PUNCT"):
        run.pop()
    return (run, quoted) if len(run) > 1 else ([], False)


def topic_words(tokens: Iterable[Token], skip: set[int]) -> frozenset[str]:
    return frozenset(
        t.lemma_.lower() for t in tokens
        if t.pos_ in ("NOUN", "PROPN", "ADJ") and t.i not in skip and not kind_of(t)
        and t.lemma_.lower() not in TOPIC_STOPWORDS and t.is_alpha and len(t) > 1
        and (t.pos_ != "ADJ" or t.is_title or t.is_upper))


def governing_verb(token: Token) -> Optional[Token]:
    """The verb an agreement noun is the object, passive subject or prepositional object of,
    or that modifies it ("the treaty signed in 1997")."""
    head = token.head
    if token.dep_ in ("dobj", "nsubjpass", "attr", "conj") and head.pos_ in ("VERB", "AUX"):
        verb = head
    elif token.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ == "VERB":
        verb = head.head  # "agreed on a ceasefire", "entered into an agreement"
    elif token.dep_ == "pobj" and head.lower_ in ("in", "of", "to") and head.head.lemma_.lower() in PARTICIPATION_NOUNS \
            and head.head.dep_ in ("dobj", "nsubjpass") and head.head.head.pos_ == "VERB":
        verb = head.head.head  # "suspended its participation in the New START treaty"
    elif token.dep_ == "conj" and head.dep_ in ("dobj", "nsubjpass"):
        verb = head.head
    elif token.pos_ == "VERB" and token.dep_ in ("ccomp", "xcomp", "conj"):
        verb = head  # "signed a minerals deal", with "deal" parsed as a verb
    elif token.dep_ == "pobj" and head.dep_ == "prep" and head.head.dep_ in ("prep", "prt", "advmod") \
            and head.head.head.pos_ == "VERB":
        verb = head.head.head  # "pulling out of the missile agreement"
    elif token.dep_ == "nsubj" and head.lemma_.lower() in COMPLETION_VERBS:
        verb = head  # "That deal closed in June 2018"
    elif token.dep_ == "nsubj" and head.pos_ in ("VERB", "AUX") and head.lemma_.lower() != "collapse" \
            and stage_of(head) in ("in-force", "expired", "suspended"):
        return head  # "the agreement came into force in 2017", "START expired in 2009" ("collapsed" may be talks)
    elif token.dep_ == "nsubj" and head.lemma_.lower() in SIGNING_VERBS and not any(
            c.dep_ in ("aux", "auxpass") for c in head.children) and (head.tag_ == "VBN" or (
            head.dep_ == "ccomp" and not any(c.dep_ == "dobj" for c in head.head.children))):
        verb = head  # "ratified the Moscow Treaty signed in 2002", parsed as a clause of its own
    else:
        verb = next((c for c in token.children if c.dep_ == "acl" and c.pos_ == "VERB"), None)
        if verb is None:  # "the merger ..., which became final Tuesday"
            verb = next((c for c in token.children if c.dep_ == "relcl" and completes(c)), None)
            if verb is not None:
                return verb
    if verb is not None and verb.lemma_.lower() in AGREEMENT_VERBS:
        return verb
    return None


def completes(verb: Token) -> bool:
    """'became final', 'became effective', 'closed': a predicate that says a deal was completed."""
    if verb.lemma_.lower() in COMPLETION_VERBS:
        return True
    return verb.lemma_.lower() in ("become", "be") and any(
        c.dep_ == "acomp" and c.lower_ in COMPLETION_ADJECTIVES for c in verb.children)


def is_hypothetical(token: Token, verb: Optional[Token]) -> bool:
    """'if no deal is reached', 'any deal', 'could finalize an agreement', 'whether they agree':
    a prospect, not an agreement (the mention may still refer back to one told elsewhere)."""
    if any(c.dep_ == "det" and c.lower_ in HYPOTHETICAL_DETERMINERS for c in token.children):
        return True
    anchor = verb if verb is not None else token
    for k, a in enumerate([anchor, *anchor.ancestors]):
        if k > 3:
            break
        if any(c.dep_ == "mark" and c.lower_ in HYPOTHETICAL_MARKS for c in a.children):
            return True
    return verb is not None and any(c.dep_ == "aux" and c.lower_ in MODAL_HEDGES for c in verb.children)


def fallback_names(ann: AnnotatedDocument, tokens: Iterable[Token]) -> list[str]:
    """Companies and people the actor linker did not link, as written (`unlinked_names`), but
    never page furniture: a company is a party of its own deal (benchmarks/devset/README.md)."""
    return [n for n in unlinked_names(ann, tokens) if not FURNITURE_NAME.search(n)]


def token_actors(resolver: PhraseActors, tok: Token) -> list[Actor]:
    """The actors one word names: a pronoun's referent ("its"), else the name it heads."""
    return resolver.phrase_actors([tok]) if tok.pos_ == "PRON" else resolver.named(tok)


def noun_parties(ann: AnnotatedDocument, token: Token, kind: str) -> list[str]:
    """Parties a descriptive noun names in its own phrase: "the merger of X and Y", "a rescue by
    X", "an order of 50 Airbus jets", "a deal to purchase 30 of Boeing's jets"."""
    heads = [o for p in token.children if p.dep_ in ("prep", "agent") and p.lower_ in ("of", "by", "with")
             for o in p.children if o.dep_ == "pobj"]
    heads += [c for c in token.children if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB"]
    if kind == "exchange":  # "held by the Taliban ... released in a prisoner swap": the holders
        heads += [o for t in token.sent if t.dep_ == "agent" for o in t.children if o.dep_ == "pobj"]
    resolver = PhraseActors.of(ann)
    toks = [x for h in heads for x in without_clauses(h, deps=("relcl", "advcl", "ccomp", "acl"))
            if not (x.pos_ == "ADJ" and x.dep_ == "amod")]  # "Japanese ... company SoftBank": not Japan
    out = [polity_of(ann, a).id for a in resolver.in_tokens(toks) if a.kind in PARTY_KINDS
           and (a.kind != "person" or kind not in STATE_KINDS)]
    for poss in (c for c in token.children if c.dep_ == "poss" or  # "its agreed cuts", "Soon-Shiong's purchase"
                 kind == "acquisition" and c.dep_ == "nmod" and c.pos_ == "PROPN" and c.i < token.i):
        found = token_actors(resolver, poss)
        out += [polity_of(ann, a).id for a in found if a.kind in PARTY_KINDS]
        if not found and poss.pos_ != "PRON":
            out += fallback_names(ann, list(poss.subtree))
    for h in heads:  # "a settlement with the attorney general": the one named before
        if h.dep_ == "pobj" and not resolver.in_tokens(list(h.subtree)) and kind not in STATE_KINDS:
            out += named_before(ann, h)
    out = list(dict.fromkeys(out))
    return out + [n for n in fallback_names(ann, toks) if n not in out]


# Nouns of an effort toward an agreement whose possessor is a side of it ("Obama's push for a
# nuclear agreement with Iran", "Washington's talks on a trade deal"); not "support for", "criticism of".
SEEKING_NOUNS = {"push", "bid", "effort", "efforts", "drive", "quest", "pursuit", "talks", "negotiation",
                 "negotiations", "campaign"}


def seeker_parties(ann: AnnotatedDocument, token: Token, kind: str) -> list[str]:
    """The possessor of the effort an agreement is the object of: "Mr. Obama's push for a nuclear
    agreement with Iran" → the United States (a leader stands for the state in a treaty)."""
    prep = token.head
    if not (token.dep_ == "pobj" and prep.dep_ == "prep" and prep.lower_ in ("for", "on", "toward", "towards")
            and prep.head.pos_ == "NOUN" and prep.head.lower_ in SEEKING_NOUNS):
        return []
    resolver = PhraseActors.of(ann)
    out = []
    for poss in (c for c in prep.head.children if c.dep_ == "poss" and c.pos_ != "PRON"):
        for a in resolver.named(poss):
            p = polity_of(ann, a)
            if p.kind in PARTY_KINDS and (p.kind != "person" or kind not in STATE_KINDS):
                out.append(p.id)
    return out


def find_mentions(ann: AnnotatedDocument) -> list[Mention]:
    """Every mention of an agreement, in text order, with what it says about which one."""
    skip = actor_token_indices(ann)
    mentions = []
    for token in ann.doc:
        kind = kind_of(token)
        back = False
        if kind is None:
            if token.lemma_.lower() in BACK_REFERENCE_NOUNS and token.pos_ == "NOUN":
                back = True
            else:
                continue
        run = left_modifiers(token)
        det = determiner_before(token, run)
        definite = det is not None and (det.lower_ in DEFINITE or det.dep_ == "poss" or det.tag_ == "POS")
        if back:
            if definite:
                mentions.append(Mention(token, "agreement", definite=True, back_reference=True))
            continue
        title, quoted = right_title(token)
        if title and any(t.ent_type_ in ("DATE", "TIME") for t in title):
            title, quoted = [], False  # "Treaty on Tuesday": a date, not a title
        verb = governing_verb(token)
        if kind in COMMON_WORD_KINDS and token.tag_ == "NNS" and verb is None:
            continue  # "the Black Friday Apple deals", "party conventions": a class, not one agreement
        descriptive = kind in DESCRIPTIVE_KINDS or token.lemma_.lower() in DESCRIPTIVE_NOUNS
        restricted = False
        modified = bool({t.lower_ for t in [*run, *token.lefts]} & DESCRIPTIVE_MODIFIERS.get(kind, set()))
        # "last year's nuclear deal with Iran": dated by a possessive time, a deal that was made
        dated = any(c.dep_ == "poss" and c.ent_type_ == "DATE" for c in token.children)
        # "Soon-Shiong's purchase of The Times": a named buyer and what was bought make the deal
        bought = kind == "acquisition" and any(c.dep_ in ("poss", "nmod") and c.pos_ == "PROPN" for c in token.lefts) \
            and any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children)
        modified = modified or dated or bought
        if descriptive and not (verb is not None or kind in SELF_STANDING_KINDS or modified):
            if not definite:
                continue  # "a political settlement", "spending cuts"
            restricted = True  # "the exchange": only a back reference to an exchange told before
        name, topic, parties = None, topic_words(run, skip) | topic_words(title, skip), []
        run_actors = [a for a in PhraseActors.of(ann).in_tokens(run) if a.kind in PARTY_KINDS]
        capital_run = [t for t in run if t.is_title or t.is_upper]
        quoted_run = [t for t in run if t.text in QUOTE_OPENERS | QUOTE_CLOSERS]
        inner = [t for t in run if quoted_run and quoted_run[0].i < t.i < quoted_run[-1].i]
        if quoted_run and len(inner) == 1 and inner[0].pos_ == "ADJ":
            # "the “historic” Phase 1 trade agreement": a quoted epithet, not the name
            run = [t for t in run if not (quoted_run[0].i <= t.i <= quoted_run[-1].i)]
            capital_run = [t for t in run if t.is_title or t.is_upper]
            quoted_run = []
        while run and not (run[0].is_title or run[0].is_upper or quoted_run and run[0] == quoted_run[0]):
            run = run[1:]  # "the landmark Paris Agreement" → "Paris Agreement"
        # names of actors only ("the Gannett deal", "the US-Russia agreement") label the parties
        linked = PhraseActors.of(ann).token_actor
        actor_label = bool(run_actors) and all(t.i in linked or not (t.is_title or t.is_upper) or t.text in DASHES
                                               for t in capital_run) and not token.is_title
        if title and (quoted or token.is_title or kind in TITLED_KINDS) and topic_words(title, set()):
            head = token.text if token.is_title else kind.capitalize()
            name = f"{head} {ann.body[title[0].idx:title[-1].idx + len(title[-1])]}"
        elif run and quoted_run:
            name = ann.body[run[0].idx:token.idx + len(token)]  # "'phase one' trade deal"
        elif run and capital_run and not descriptive:
            label = len([a for a in run_actors if a.kind in POLITY_KINDS]) >= 2 and not token.is_title
            places = run_actors or any(t.ent_type_ in ("GPE", "LOC", "FAC", "NORP") for t in run)
            fragment = len(run) == 1 and run[0].ent_type_ in ("", "LAW", "EVENT") and not run[0].is_upper \
                and run[0].i not in linked  # "Arms Treaty": a capitalised common word, not a name
            # "a Middle East peace agreement": a place and lowercase words after "a" describe an
            # agreement (a prospect, a kind), they do not name one ("the Paris Agreement" does)
            described = det is not None and det.lower_ in INDEFINITE and not token.is_title and all(
                t.ent_type_ in ("GPE", "LOC", "NORP") or t.i in linked for t in capital_run)
            if not label and not actor_label and not fragment and not described \
                    and (kind not in COMMON_WORD_KINDS or places):
                name = ann.body[run[0].idx:token.idx + len(token)]
        if name and FURNITURE_NAME.search(name):
            continue  # "Subscriber Agreement", "Terms of Service": page furniture
        polities = [a for a in run_actors if a.kind in POLITY_KINDS]
        if run_actors and (not name or len(polities) >= 2):
            # party adjectives in the name: "the U.S.-Russian treaty", "the Gannett deal", "the
            # United States–Mexico–Canada Agreement"; not the city of "the Paris Agreement"
            parties = [polity_of(ann, a).id for a in run_actors
                       if a.kind in POLITY_KINDS or (actor_label and kind not in STATE_KINDS)]
        if (descriptive or actor_label) and capital_run:
            parties += [n for n in fallback_names(ann, capital_run) if n not in parties]  # "Gannett-Gatehouse merger"
        if descriptive or kind == "deal":
            parties += [p for p in noun_parties(ann, token, kind) if p not in parties]
        parties += [p for p in seeker_parties(ann, token, kind) if p not in parties]
        parties = list(dict.fromkeys(parties + between_parties(ann, token, title)))
        if restricted and kind in SELF_DESCRIBING_KINDS and not parties:
            parties = clause_between_parties(ann, token)  # "This partnership ... between GE and Ascom"
        mentions.append(Mention(token, kind, name=name, topic=topic, definite=definite, verb=verb,
                                parties=parties, restricted=restricted, descriptive=descriptive and modified or dated,
                                hypothetical=is_hypothetical(token, verb),
                                distributive=distributive_parties(ann, token, verb, parties)))
    mentions += exchange_verbs(ann)
    mentions += purchase_verbs(ann)
    mentions += link_acronyms(ann, mentions)
    mentions.sort(key=lambda m: m.token.i)
    return mentions


def forms_acronym(acronym: str, words: list[str]) -> bool:
    """Whether the acronym is made of prefixes of the words in order, each word giving at least
    its first letter ("START" ← STrategic Arms Reduction Treaty, "INF" ← Intermediate-range
    Nuclear Forces). Words like "on", "of", "the" may give nothing. Written by hand: no library
    on the lock matches acronyms (scispaCy's abbreviation detector needs its own models)."""
    acronym, words = acronym.lower(), [w.lower() for w in words if w]

    def match(i: int, j: int) -> bool:
        if i == len(acronym):
            return all(w in ("of", "on", "the", "and", "for", "in") for w in words[j:])
        if j == len(words):
            return False
        w = words[j]
        if w in ("of", "on", "the", "and", "for", "in") and match(i, j + 1):
            return True
        k = 0
        while k < len(w) and i + k < len(acronym) and w[k] == acronym[i + k]:
            k += 1
            if match(i + k, j + 1):
                return True
        return False

    return len(acronym) >= 2 and match(0, 0)


def acronym_key(tokens: list[Token]) -> Optional[str]:
    """'New START' → 'new start', 'START' → 'start': an all-caps word, with "New" kept (New START
    is not START)."""
    caps = [t for t in tokens if t.is_upper and t.is_alpha and len(t) >= 3]
    if len(caps) != 1:
        return None
    new = any(t.lower_ == "new" for t in tokens if t.i < caps[0].i)
    return ("new " if new else "") + caps[0].lower_


def link_acronyms(ann: AnnotatedDocument, mentions: list[Mention]) -> list[Mention]:
    """Acronyms linked to long names: "the Strategic Arms Reduction Treaty (START)", "New START"
    for the "New Strategic Arms Reduction Treaty". The long name's mention gets the acronym as a
    topic word (so "the New START treaty" joins it), and each bare acronym in the text ("START,
    signed in 1991") becomes a definite mention of that treaty, with its own verb."""
    named = [m for m in mentions if m.name and not m.back_reference]
    keys: dict[str, Mention] = {}
    doc = ann.doc
    linked = PhraseActors.of(ann).token_actor
    for t in doc:
        if not (t.is_upper and t.is_alpha and len(t) >= 3) or t.i in linked:
            continue  # "NATO", "USA": actors, not treaties
        new = t.i > 0 and doc[t.i - 1].lower_ == "new"
        key = ("new " if new else "") + t.lower_
        if key in keys:
            continue
        for m in named:
            words = [w for w in re.split(r"[\s\-–]+", m.name) if w and w[0].isalpha()]
            if words and words[0].lower() == "new" and not new or new and not (words and words[0].lower() == "new"):
                continue  # New START is the New Strategic Arms Reduction Treaty, START the first one
            core = words[1:] if new else words
            if acronym_key([x for x in doc[m.token.i - len(m.name.split()) + 1:m.token.i + 1]]) == key:
                keys[key] = m  # "New START treaty" is itself the acronym's name
                break
            if forms_acronym(t.text, core) or forms_acronym(t.text, core[:-1]):
                keys[key] = m
                break
    out: list[Mention] = []
    for key, m in keys.items():
        m.topic = m.topic | {key}
        for t in doc:
            if not (t.is_upper and t.lower_ == key.split()[-1]) or m.token.i - 8 < t.i <= m.token.i:
                continue
            if ("new " in key) != (t.i > 0 and doc[t.i - 1].lower_ == "new"):
                continue
            if kind_of(t.head) is not None and t.head.i > t.i:
                continue  # "the New START treaty": that noun is a mention already
            verb = next((c for c in t.children if c.dep_ == "acl" and c.lemma_.lower() in AGREEMENT_VERBS), None)
            out.append(Mention(t, m.kind, topic=frozenset({key}), definite=True, verb=verb or governing_verb(t)))
    return out


# Kinds whose definite mention names its sides in its own clause ("This partnership further
# expands the relationship between GE and Ascom") when the lead that announced it is not in the body.
SELF_DESCRIBING_KINDS = {"partnership", "merger"}


def clause_between_parties(ann: AnnotatedDocument, token: Token) -> list[str]:
    """The sides a "between X and Y" phrase of the mention's own clause names (two or more)."""
    resolver = PhraseActors.of(ann)
    out: list[str] = []
    clause = {x.i for x in token.head.subtree} if token.dep_ in ("nsubj", "nsubjpass") else {x.i for x in token.subtree}
    for prep in (t for t in token.sent if t.lower_ == "between" and t.dep_ == "prep" and t.i in clause):
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            toks = list(obj.subtree)
            found = [a.id for a in resolver.in_tokens(toks) if a.kind in PARTY_KINDS]
            out += [p for p in found + ([] if found else fallback_names(ann, toks)) if p not in out]
    return out if len(out) >= 2 else []


def distributive_parties(ann: AnnotatedDocument, token: Token, verb: Optional[Token], others: list[str]) -> list[str]:
    """'The only two Arab states to have signed peace treaties with Israel - Egypt and Jordan':
    a plural agreement noun signed by several named states, each with the party of "with": one
    agreement each. The signers are the subject's states, or the states of an apposition."""
    if verb is None or token.tag_ not in ("NNS", "NNPS") or is_negated(verb) or verb.lemma_.lower() not in SIGNING_VERBS:
        return []
    resolver = PhraseActors.of(ann)
    partners, signers = list(others), []
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "with"):
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            # "with Israel - Egypt and Jordan": the parser hangs the apposition on the partner
            toks = list(obj.subtree)
            dash = next((k for k, t in enumerate(toks) if t.text in DASHES | {"(", ","}), None)
            before, after = (toks[:dash], toks[dash + 1:]) if dash is not None else (toks, [])
            partners += [a.id for a in resolver.in_tokens(before) if a.kind in POLITY_KINDS]
            signers += [a.id for a in resolver.in_tokens(after) if a.kind in POLITY_KINDS]
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None and verb.dep_ in ("acl", "relcl"):
        subj = verb.head  # "states to have signed ..."
    if subj is not None:
        heads = [subj] + [t for t in token.sent if t.dep_ == "appos" and t.head.i == subj.i]
        for h in heads:
            signers += [a.id for x in (h, *h.conjuncts) for a in resolver.named(x) if a.kind in POLITY_KINDS]
    partners = list(dict.fromkeys(partners))
    signers = [p for p in dict.fromkeys(signers) if p not in partners]
    if len(signers) >= 2 and partners:
        others[:] = partners
        return signers
    return []


def exchange_verbs(ann: AnnotatedDocument) -> list[Mention]:
    """'the Taliban swapped two Western hostages for three of its commanders held by the Afghan
    government': an exchange told by its verb; its sides are the subject and the holder (the
    agent of "held by") of what was given in return."""
    out = []
    resolver = PhraseActors.of(ann)
    for t in ann.doc:
        if t.pos_ != "VERB" or t.lemma_.lower() not in ("swap", "exchange", "trade") or is_negated(t):
            continue
        given = [c for c in t.children if c.dep_ == "dobj"]
        back = [o for p in t.children if p.dep_ == "prep" and p.lower_ == "for" for o in p.children if o.dep_ == "pobj"]
        if not given or not back:
            continue
        holders = [o for x in back[0].subtree if x.dep_ == "agent" for o in x.children if o.dep_ == "pobj"]
        subj = next((c for c in t.children if c.dep_ == "nsubj"), None)
        parties = []
        for h in ([subj] if subj is not None else []) + holders:
            parties += [polity_of(ann, a).id for a in resolver.named(h) if a.kind in PARTY_KINDS - {"person"}]
        if len(set(parties)) >= 2:
            out.append(Mention(t, "exchange", verb=t, parties=list(dict.fromkeys(parties)),
                               hypothetical=is_hypothetical(t, t)))
    return out


# A purchase of a holding told by its verb ("acquiring the entire 25.2% stake held by X"): a deal
# between the buyer and the holder, though no agreement noun names it.
PURCHASE_VERBS = {"acquire", "buy", "purchase"}
HOLDING_NOUNS = {"stake", "share", "holding"}


def purchase_verbs(ann: AnnotatedDocument) -> list[Mention]:
    """'Alden ... had become the largest shareholder by acquiring the entire stake held by Michael
    Ferro', 'X bought Y's 20% stake', 'X purchased shares from Y': a deal whose sides are the buyer
    (the verb's subject, or the subject of the clause an adverbial gerund hangs on) and the holder
    ("held by Y", "Y's stake", "from Y"). Both must be named, and the purchase not negated."""
    out = []
    resolver = PhraseActors.of(ann)

    def named(tok: Token) -> list[str]:
        ids = [a.id for a in token_actors(resolver, tok) if a.kind in PARTY_KINDS - POLITY_KINDS]
        if ids or tok.pos_ == "PRON":
            return ids
        ids = fallback_names(ann, list(tok.subtree))
        if not ids and tok.pos_ == "PROPN":  # "Alden" after "Alden Capital": the name told in full before
            ids = next((n for prev in ann.doc[:tok.i] if prev.text == tok.text
                        for n in [fallback_names(ann, [prev])] if n and n[0].startswith(tok.text)), [])[:1]
        if not ids and tok.pos_ == "PROPN" and tok.ent_type_ in ("", "ORG") and (tok.is_title or tok.is_upper):
            # "Pfizer agreed to buy ...": a proper-noun subject the tagger left untyped, as written
            words = [c for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"] + [tok]
            ids = [ann.body[words[0].idx:tok.idx + len(tok)]]
        return ids

    for t in ann.doc:
        if t.pos_ != "VERB" or t.lemma_.lower() not in PURCHASE_VERBS or is_negated(t):
            continue
        objects = [o for o in t.children if o.dep_ == "dobj"]
        held = [o for o in objects if o.lemma_.lower() in HOLDING_NOUNS]
        # "Pfizer agreed to buy Seagen": a company bought whole is the other side
        companies = [o for o in objects if any(a.kind == "organization" for a in resolver.named(o))
                     or o.ent_type_ == "ORG" and o.pos_ == "PROPN"]
        if not held and not companies:
            continue
        sellers = companies + [o for h in held[:1] for a in h.children if a.dep_ == "acl" and a.lemma_.lower() == "hold"
                               for x in a.children if x.dep_ == "agent" for o in x.children if o.dep_ == "pobj"]
        sellers += [c for h in held[:1] for c in h.children if c.dep_ == "poss" and c.pos_ != "PRON"]
        sellers += [o for p in t.children if p.dep_ == "prep" and p.lower_ == "from" for o in p.children
                    if o.dep_ == "pobj"]
        buyers = [c for c in t.children if c.dep_ == "nsubj"]
        if not buyers and t.dep_ in ("xcomp", "conj"):  # "agreed to buy", "announced and bought"
            buyers = [c for c in t.head.children if c.dep_ == "nsubj"]
        if not buyers and t.dep_ == "pcomp" and t.head.lower_ in GERUND_PREPOSITIONS:
            buyers = gerund_subjects(t, 4)
        buyer_ids = [p for b in buyers for p in named(b)]
        for b in buyers:  # "Alden announced that it had become ... by acquiring": "it" is Alden
            if not buyer_ids and b.pos_ == "PRON" and b.head.dep_ == "ccomp":
                buyer_ids = [p for c in b.head.head.children if c.dep_ == "nsubj" for p in named(c)]
        # "held by Tribune's former chairman, Michael Ferro": the appositive is the holder's name
        seller_ids = [p for s_ in sellers for x in (s_, *(c for c in s_.children if c.dep_ == "appos"))
                      for p in named(x) if p not in buyer_ids]
        if buyer_ids and seller_ids:
            out.append(Mention(t, "deal", verb=t, parties=list(dict.fromkeys(buyer_ids[:1] + seller_ids[-1:])),
                               descriptive=True, hypothetical=is_hypothetical(t, t)))
    return out


def between_parties(ann: AnnotatedDocument, token: Token, title: list[Token]) -> list[str]:
    """Parties named with the agreement: "the treaty between X and Y", "the treaty with Y"."""
    preps = [c for c in token.children if c.dep_ == "prep" and c.lower_ in ("between", "with", "among")]
    after = (title[-1].i if title else token.i) + 1
    if after < token.sent.end and token.doc[after].lower_ in ("between", "among") and token.doc[after] not in preps:
        preps.append(token.doc[after])  # the parser often hangs it on the title's last noun
    out = []
    for prep in preps:
        for obj in prep.children:
            if obj.dep_ == "pobj":
                toks = obj.doc[obj.left_edge.i:obj.right_edge.i + 1]
                found = [a.id for a in PhraseActors.of(ann).in_tokens(toks) if a.kind in PARTY_KINDS]
                out += [p for p in found + ([] if found else fallback_names(ann, toks)) if p not in out]
    return out


# ---- grouping mentions into agreements --------------------------------------------------

@dataclass
class Draft:
    mentions: list[Mention] = field(default_factory=list)
    topic: set[str] = field(default_factory=set)
    fixed_parties: list[str] = field(default_factory=list)  # one of a distributive mention's agreements

    @property
    def kind(self) -> str:
        named = next((m for m in self.mentions if m.name), None)
        return (named or next((m for m in self.mentions if not m.back_reference), self.mentions[0])).kind

    def add(self, m: Mention) -> None:
        self.mentions.append(m)
        self.topic |= m.topic


def same_topic(a: Iterable[str], b: Iterable[str]) -> bool:
    a, b = set(a), set(b)
    if not a or not b:
        return False
    return len(a & b) * 2 >= min(len(a), len(b))


def is_affirmed_agreement(m: Mention) -> bool:
    """A mention that makes an agreement of its own: named, or signed (not "did not sign")."""
    if m.hypothetical or m.restricted:
        return False
    if m.name:
        return True
    if m.verb is None and m.kind in SELF_STANDING_KINDS and len(m.parties) >= 2:
        return True  # "the Gannett-GateHouse merger"
    if m.descriptive and m.parties:
        return True  # "a prisoner swap" between sides the sentence names, "its agreed cuts"
    if m.token.tag_ in ("NNS", "NNPS") and not m.definite:
        return False  # "the only states to have signed peace treaties with Israel": a class of agreements
    return m.verb is not None and not is_negated(m.verb) and not any(
        c.lower_ in ("fail", "refuse") for c in m.verb.ancestors)


def group_mentions(mentions: list[Mention]) -> list[Draft]:
    """Mentions → agreements: same title or topic words, or a back reference to the latest."""
    drafts: list[Draft] = []
    latest: list[Draft] = []  # most recently mentioned last

    def touch(d: Draft, m: Mention) -> None:
        d.add(m)
        if d in latest:
            latest.remove(d)
        latest.append(d)

    def recent(kind: str) -> Optional[Draft]:
        return next((d for d in reversed(latest) if d.kind == kind), latest[-1] if latest else None)

    waiting: list[Mention] = []  # "The treaty envisages ..." before the treaty is introduced
    unplaced: list[Mention] = []  # mentions with parties that made no agreement of their own
    for m in mentions:
        if m.back_reference:
            if latest:
                touch(latest[-1], m)
            continue
        if m.distributive:  # "Egypt and Jordan signed peace treaties with Israel": one each
            for signer in m.distributive:
                d = Draft(fixed_parties=[signer, *m.parties])
                d.add(m)
                drafts.append(d)
            continue
        bought = m.kind == "acquisition" and m.descriptive and m.parties  # "X's purchase of Y": its own deal
        if m.restricted or (m.definite and not m.name and m.kind in DESCRIPTIVE_KINDS and not bought):
            # "the exchange", "the potential exchange": the exchange told before
            same = next((d for d in reversed(latest) if compatible(d.kind, m.kind) and not d.fixed_parties
                         and (d.kind == m.kind or m.restricted)), None)
            if same is not None:
                touch(same, m)
                continue
            if m.restricted and m.kind in SELF_DESCRIBING_KINDS and len(m.parties) >= 2 and not m.hypothetical:
                d = Draft()  # "This partnership ... between GE and Ascom": announced in a lead the body lacks
                drafts.append(d)
                touch(d, m)
                continue
            if m.restricted:
                continue
        match = next((d for d in drafts if same_topic(m.topic, d.topic) and same_generation(m, d)), None) \
            if m.topic else None
        if match is None and m.parties and not m.name:
            match = next((d for d in drafts if not d.fixed_parties and compatible(d.kind, m.kind)
                          and set(m.parties) <= parties_so_far(d)), None)
        if match is None and m.name and not m.hypothetical:
            # "the landmark climate agreement negotiated in December ... officially signed by 175
            # countries" then "the Paris agreement": the one agreement told without name or party
            # is the one the article goes on to name (alone, it would be dropped as telling nothing)
            anonymous = [d for d in drafts if not d.fixed_parties and not parties_so_far(d)
                         and not any(x.name for x in d.mentions) and compatible(d.kind, m.kind)]
            match = anonymous[0] if len(anonymous) == 1 else None
        if match is None and m.definite and not m.name and not m.parties and not m.topic and latest \
                and compatible(latest[-1].kind, m.kind) and not m.hypothetical and m.verb is not None \
                and stage_of(m.verb) in LATER_STAGES and m.verb.lemma_.lower() != "implement":
            match = latest[-1]  # "... agreed to buy Seagen. The deal closed in December": that deal
        if match is not None:
            touch(match, m)
        elif is_affirmed_agreement(m):
            d = Draft()
            if not drafts:  # the first agreement introduced is the one they meant
                for w in waiting:
                    d.add(w)
            # "Obama's push for a nuclear agreement with Iran" ... "With the Iran deal finalized": an
            # earlier mention that named more of the same sides is this agreement, and tells its parties
            for u in unplaced:
                if m.parties and compatible(u.kind, m.kind) and set(m.parties) < set(u.parties):
                    d.add(u)
            drafts.append(d)
            touch(d, m)
        elif (m.definite or m.token.is_title) and latest:
            touch(recent(m.kind), m)
        elif m.definite and not drafts:
            waiting.append(m)
        elif m.parties and not m.hypothetical:
            unplaced.append(m)
    for d in drafts:
        d.mentions.sort(key=lambda m: m.token.i)
    return drafts


# Kinds that name the same company deal in one article ("the merger" ... "the Gannett deal").
DEAL_KINDS = {"deal", "merger", "order", "agreement", "partnership", "settlement", "acquisition"}


def compatible(a: str, b: str) -> bool:
    return a == b or (a in DEAL_KINDS and b in DEAL_KINDS)


def is_new_version(m: Mention) -> Optional[bool]:
    """'New START', 'the New Strategic Arms Reduction Treaty' → True; another name → False."""
    if m.name:
        return m.name.lower().lstrip("\"'“‘ ").startswith("new ")
    keys = [k for k in m.topic if " " in k or k.isalpha()]
    return True if any(k.startswith("new ") for k in keys) else None


def same_generation(m: Mention, d: Draft) -> bool:
    """A "New" treaty is not the treaty it replaced (New START is not START), though their
    words are the same."""
    mine = is_new_version(m)
    theirs = {is_new_version(x) for x in d.mentions if x.name}
    return mine is None or not theirs or mine in theirs


def parties_so_far(d: Draft) -> set[str]:
    return {p for m in d.mentions for p in m.parties}


# ---- the sentences of an agreement ----------------------------------------------------

def speaks_of_future(sent: SpacySpan) -> bool:
    """'units ... will be integrated', 'Russia is to assist': how terms are told."""
    for t in sent:
        if t.tag_ == "MD" and lower_plain(t) in MODAL_WORDS:
            return True
        if t.lemma_ == "be" and t.i + 2 < sent.end and t.nbor(1).lower_ == "to" and t.nbor(2).tag_ == "VB":
            return True
    return False


def sentences_about(ann: AnnotatedDocument, draft: Draft,
                    sents: list[SpacySpan]) -> tuple[list[SpacySpan], list[SpacySpan]]:
    """The sentences that mention the agreement, and those plus the ones continuing them."""
    paras = paragraphs(ann.body)
    paragraph = [paragraph_of(paras, s.start_char) for s in sents]
    named = sorted({sentence_of(sents, m.token.i) for m in draft.mentions})
    about = set(named)
    for k in named:
        j = k + 1
        while j < len(sents) and j not in about and paragraph[j] == paragraph[k] \
                and speaks_of_future(sents[j]):
            about.add(j)
            j += 1
    return [sents[k] for k in named], [sents[k] for k in sorted(about)]


# ---- the fields --------------------------------------------------------------------------

def polity_of(ann: AnnotatedDocument, actor: Actor) -> Actor:
    """The state a leader signs for: the one state (or partially recognised state, for a leader
    with the PRE sector) of the leader's country among the document's actors; a person who
    signs for no such state is left as is (and is no party: a footballer's deal is no treaty)."""
    if actor.kind != "person" or not actor.country:
        return actor
    wanted = "partially-recognized-state" if "PRE" in actor.sectors else "state"
    found = [a for a in ann.actors if a.kind == wanted and a.country == actor.country]
    return found[0] if len(found) == 1 else actor


# Stages only an agreement already told can reach ("The deal closed in December" is the last one).
LATER_STAGES = {"in-force", "suspended", "withdrawn", "expired"}
# Nouns through which a verb acts on the agreement itself ("suspended its participation in the treaty").
PARTICIPATION_NOUNS = {"participation", "membership", "adherence", "commitment", "commitments", "obligation",
                       "obligations", "compliance"}
# Verbs whose subject or agent mediates an agreement between others ("brokered by Egypt").
MEDIATOR_VERBS = {"broker", "mediate", "facilitate"}
# Prepositions of an adverbial gerund ("after reaching a settlement"), whose subject is the
# clause's; not "the incentive of implementing this deal" (a noun's complement).
GERUND_PREPOSITIONS = {"after", "before", "by", "since", "upon", "without", "while", "following", "when"}


def gerund_subjects(gerund: Token, depth: int) -> list[Token]:
    """The subjects of the clause an adverbial gerund hangs on ("X rolled back its policy ...
    after reaching a settlement": X): those of the nearest verb above its preposition that has
    one, at most `depth` heads up, however deep the parser attached the phrase."""
    for up in list(gerund.head.ancestors)[:depth]:
        subjects = [c for c in up.children if c.dep_ == "nsubj"] if up.pos_ in ("VERB", "AUX") else []
        if subjects:
            return subjects
    return []


def subject_parties(ann: AnnotatedDocument, verb: Token, known: list[str], before: int,
                    kind: str = "treaty") -> list[str]:
    """The parties a signing verb names: its subjects, "with Y", "by X and Y" (passive),
    "between X and Y"; "the two countries" stands for the parties named before. In a company's
    deal a person may be a party, and a company the linker does not know is named as written."""
    mediator = verb.lemma_.lower() in MEDIATOR_VERBS  # "a truce brokered by Egypt": Egypt is no party
    slots = [] if mediator else [c for c in verb.children if c.dep_ == "nsubj"]
    if verb.dep_ in ("xcomp", "conj", "advcl", "acl") and not slots and not mediator:  # "agreed to sign", "talks pursuing"
        slots = [c for c in verb.head.children if c.dep_ == "nsubj"]
        if not slots and verb.dep_ == "acl" and verb.head.head.pos_ in ("VERB", "AUX"):
            slots = [c for c in verb.head.head.children if c.dep_ == "nsubj"]  # "X held talks pursuing a deal"
    if verb.dep_ == "pcomp" and not slots and verb.head.dep_ == "prep" and verb.head.lower_ in GERUND_PREPOSITIONS:
        slots = gerund_subjects(verb, 5)  # "X rolled back its policy ... after reaching a settlement"
    slots = [s for s in slots if kind_of(s) is None and not is_dateline(s)]  # "That deal closed": no party
    objects = []
    for prep in verb.children:
        if prep.dep_ in ("prep", "agent") and prep.lower_ in ("with", "by", "between", "among") \
                and not (mediator and prep.lower_ in ("by", "with")):
            objects += [c for c in prep.children if c.dep_ == "pobj"]
    def slot_parties(slot: Token) -> list[str]:
        found = [p.id for p in (polity_of(ann, a) for a in PhraseActors.of(ann).in_phrase(slot))
                 if p.kind in PARTY_KINDS and (p.kind != "person" or kind not in STATE_KINDS)]
        if kind not in STATE_KINDS:  # "between GE and Ascom": the unlinked conjunct is a party too
            found += [n for n in fallback_names(ann, without_clauses(slot)) if n not in found]
        if not found and kind not in STATE_KINDS:
            found = named_before(ann, slot)  # "the attorney general": the New York State Attorney General named before
        if not found and (slot.pos_ == "PRON" and slot.lower_ in ("it", "they") or kind not in STATE_KINDS and
                          slot.lemma_.lower() in COMPANY_NOUNS and any(c.lower_ == "the" for c in slot.children)):
            found = [a.id for a in PhraseActors.of(ann).phrase_actors([slot]) if a.kind in PARTY_KINDS]
            if not found and kind not in STATE_KINDS:  # "it announced an order": the company the text is about
                counts: dict[str, int] = {}
                for _, a in ann.mentions_in(0, slot.idx):
                    if a.kind == "organization":
                        counts[a.id] = counts.get(a.id, 0) + 1
                found = [max(counts, key=counts.get)] if counts else []
        return found

    named = {slot.i: slot_parties(slot) for slot in slots + objects}
    parties: list[str] = []
    for slot in slots + objects:
        if not named[slot.i] and slot.lemma_.lower() in COLLECTIVE_NOUNS and any(
                c.lower_ in ("two", "both", "three") for c in slot.subtree):
            # "The two countries signed ...": the parties named before, unless the sentence names them
            others = [p for o in objects for p in named[o.i]]
            before_ids = [] if others else [a.id for a in PhraseActors.of(ann).previous(before, POLITY_KINDS, 2)]
            parties += [p for p in (known or before_ids) if p not in parties]
            continue
        parties += [p for p in named[slot.i] if p not in parties]
    return parties


def named_before(ann: AnnotatedDocument, slot: Token) -> list[str]:
    """A definite description that repeats the end of an actor's name told before it ("the
    attorney general" after "the New York State Attorney General") is that actor."""
    words = [t.lower_ for t in slot.subtree if t.dep_ != "det" and not t.is_punct]
    if slot.pos_ != "NOUN" or not words or not any(c.dep_ == "det" and c.lower_ == "the" for c in slot.children):
        return []
    tail = " " + " ".join(words)
    found = [a for _, a in ann.mentions_in(0, slot.idx) if a.kind in PARTY_KINDS and a.kind not in POLITY_KINDS
             and (" " + a.name.lower()).endswith(tail)]
    if found:
        return [found[-1].id]
    # the linker does not know every office ("the New York State Attorney General", "the Texas
    # Railroad Commission"): a capitalised name told before that ends with the same words, as written
    n = len(words)
    for end in range(slot.i - 1, n - 2, -1):
        toks = ann.doc[end - n + 1:end + 1]
        if [t.lower_ for t in toks] != words or not all(t.is_title or t.is_upper for t in toks):
            continue
        start = toks.start
        while start > 0 and (ann.doc[start - 1].is_title or ann.doc[start - 1].is_upper) \
                and not ann.doc[start - 1].is_sent_start and ann.doc[start - 1].lower_ != "the":
            start -= 1
        if start < toks.start:  # a qualified name, not the bare title again
            name = ann.doc[start:end + 1].text
            return [] if FURNITURE_NAME.search(name) else [name]
    return []


def is_dateline(tok: Token) -> bool:
    """'DUBAI, United Arab Emirates — ...': the dateline the parser takes for a subject."""
    sent = tok.sent
    return tok.is_upper and len(tok) > 2 and tok.i - sent.start < 3 and any(
        t.text in ("—", "–", "--") for t in tok.doc[tok.i:min(tok.i + 8, sent.end)])


def not_signed(sents: list[SpacySpan]) -> bool:
    """A sentence that says the agreement is not signed: "signing a deal has proved elusive",
    "has yet to be signed", "was never signed"."""
    for sent in sents:
        for t in sent:
            if t.lemma_.lower() == "sign" and (is_negated(t) or any(
                    w.lower_ in NOT_SIGNED_WORDS for w in t.head.subtree if w.i not in {x.i for x in t.subtree})
                    or any(c.lower_ in ("yet", "never") for c in t.head.children)):
                return True
    return False


def is_present_perfect(verb: Token) -> bool:
    """'have signed', 'has been signed', 'signs': the signing is news of the day."""
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lemma_ == "have" and a.tag_ in ("VBP", "VBZ") for a in aux):
        return True
    return verb.tag_ in ("VBZ", "VBP") and not aux


# A time that starts or ends a span ("since 2016", "until 2021") dates a state, not an act.
SPAN_START = re.compile(r"\b(since|until|till|from)\b", re.I)


def signing_date(ann: AnnotatedDocument, verb: Token, sent: SpacySpan, own_clause: bool = False) -> Optional[str]:
    """A time in the signing sentence (the one on the signing verb first: "START, signed in 1991,
    and the Moscow treaty signed in 2002"), else the document's date when the signing is told as
    now. A week ("last week" → 2019-W46) dates talks, not a signing: left out. With `own_clause`,
    only a time on the verb's own clause counts (a withdrawal, a closing: no other time of a long
    sentence)."""
    found = [t for t in ann.times if sent.start_char <= t.span[0] < sent.end_char and t.kind in ("date", "relative")
             and "/" not in t.value and not t.value.startswith("P") and "W" not in t.value
             and not SPAN_START.search(ann.body[max(0, t.span[0] - 7):t.span[1]])]  # "held since 2016": not the day
    def clause_verb(t) -> Optional[Token]:  # the verb the time phrase hangs on
        span = ann.doc.char_span(*t.span, alignment_mode="expand")
        return next((a for a in span.root.ancestors if a.pos_ in ("VERB", "AUX")), None) if span is not None else None

    on_verb = [t for t in found if clause_verb(t) == verb]
    for t in on_verb or ([] if own_clause else found):
        return t.value
    if ann.reference_date and is_present_perfect(verb):
        return ann.reference_date.isoformat()
    return None


def signing_place(ann: AnnotatedDocument, verb: Token, agreement: Token) -> Optional[str]:
    """The place of 'at'/'in' phrases on the signing verb or the agreement noun, also nested
    ("at a ceremony at the Kremlin")."""
    frontier = [c for t in (verb, agreement) for c in t.children if c.dep_ == "prep" and c.lower_ in ("at", "in")]
    while frontier:
        prep = frontier.pop(0)
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            place = place_name(obj)
            if place:
                return place
            frontier += [c for c in obj.children if c.dep_ == "prep" and c.lower_ in ("at", "in")]
    # "finalized a deal ..., executives announced Wednesday at the Dubai Air Show": the venue of
    # the announcement in the same sentence, when it is an event or a building
    for t in verb.sent:
        if t.dep_ == "pobj" and t.head.lower_ == "at" and t.ent_type_ in ("ORG", "FAC", "EVENT") \
                and t.lower_ in VENUE_WORDS:
            ent = entity_of(t)
            return ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
    return None


VENUE_WORDS = {"show", "airshow", "summit", "conference", "forum", "expo", "fair", "congress", "palace", "hall"}


def duration_years(value: str) -> Optional[float]:
    """'P25Y' → 25, 'P6M' → 0.5, 'P18M' → 1.5."""
    m = re.fullmatch(r"P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?", value or "")
    if not m or not any(m.groups()):
        return None
    return float(m.group(1) or 0) + float(m.group(2) or 0) / 12


def is_renewal(ann: AnnotatedDocument, start: int, end: int) -> bool:
    """A duration that extends or renews: 'ten-year extensions', 'extended for five years'."""
    span = ann.doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    near = [span.root, *list(span.root.ancestors)[:3]]
    near += [ann.doc[i] for i in range(span.end, min(span.end + 2, span.sent.end))]
    return any(t.lemma_.lower() in RENEWAL_WORDS or t.lower_ in RENEWAL_WORDS for t in near)


TERM_WORDS = {"period", "term", "duration"}
TERM_VERBS = {"sign", "conclude", "valid", "last", "run", "remain", "extend", "renew", "prolong"}


def is_term(ann: AnnotatedDocument, start: int, end: int, agreement_tokens: set[int]) -> bool:
    """A duration that is the agreement's term: "a 25-year treaty", "a period of 25 years",
    "The agreement is for 25 years", "signed for ten years" — not "ended three decades of conflict"."""
    span = ann.doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    if root.head.i in agreement_tokens and root.head.i != root.i:
        return True
    if root.dep_ != "pobj" or root.head.lower_ not in ("for", "of"):
        return False
    owner = root.head.head
    if owner.i in agreement_tokens or owner.lemma_.lower() in TERM_WORDS | TERM_VERBS:
        return True
    holders = [owner, owner.head] if owner.pos_ == "ADJ" else [owner]
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.i in agreement_tokens for h in holders for c in h.children)


def durations(ann: AnnotatedDocument, sents: list[SpacySpan],
              agreement_tokens: set[int]) -> tuple[Optional[float], Optional[float]]:
    """The term and the renewal period, from the durations in the sentences naming the agreement."""
    term = renewal = None
    for sent in sents:
        for t in ann.times:
            if t.kind != "duration" or not (sent.start_char <= t.span[0] < sent.end_char):
                continue
            years = duration_years(t.value)
            if years is None:
                continue
            if is_renewal(ann, *t.span):
                renewal = renewal if renewal is not None else years
            elif term is None and is_term(ann, *t.span, agreement_tokens):
                term = years
    return term, renewal


def year_in(ann: AnnotatedDocument, sent: SpacySpan, amount: Amount) -> Optional[int]:
    """The budget year of an amount: its period, else a year named in its sentence."""
    for value in [amount.period or ""] + [t.value for t in ann.times
                                          if sent.start_char <= t.span[0] < sent.end_char and t.kind != "duration"]:
        m = re.match(r"(\d{4})(?:$|-)", value)
        if m:
            return int(m.group(1))
    return None


def restates_another(ann: AnnotatedDocument, i: int) -> bool:
    """'one billion rubles ($16 million)': the amount in parentheses restates the one before."""
    a = ann.amounts[i]
    if a.equivalent_of is not None:
        return True
    prev = ann.amounts[i - 1] if i else None
    return prev is not None and re.fullmatch(r"\s*\(\s*", ann.body[prev.span[1]:a.span[0]] or "x") is not None


def funding_of(ann: AnnotatedDocument, sents: list[SpacySpan]) -> list[Funding]:
    """The money tied to the agreement: amounts in its sentences that speak of funding it,
    each sum once (the same value, currency and year restated later is the same money)."""
    out: list[Funding] = []
    for sent in sents:
        if not any(t.lemma_.lower() in FUNDING_WORDS for t in sent):
            continue
        for i, a in enumerate(ann.amounts):
            if not (sent.start_char <= a.span[0] < sent.end_char) or restates_another(ann, i) \
                    or PER_UNIT.match(ann.body, a.span[1]):
                continue
            year = year_in(ann, sent, a)
            if any(f.currency == a.currency and abs(f.value - a.value) <= 0.02 * abs(a.value)
                   and (f.year is None or year is None or f.year == year) for f in out):
                continue
            usd = a.usd
            if usd is None:
                usd = next((b.value for j, b in enumerate(ann.amounts) if b.currency == "USD" and (
                    b.equivalent_of == i or (j == i + 1 and restates_another(ann, j)))), None)
            out.append(Funding(value=a.value, currency=a.currency, usd=usd, year=year, span=a.span))
    return out


def party_followups(ann: AnnotatedDocument, named: list[SpacySpan], about: list[SpacySpan],
                    sents: list[SpacySpan], parties: list[str]) -> list[SpacySpan]:
    """The sentence right after one naming the agreement, in the same paragraph, whose subject is
    a party and which speaks of money: how news tells a deal's sums ("WeWork agreed to a rescue
    by SoftBank ... SoftBank agreed to inject $6.5 billion ...")."""
    if not parties or not ann.amounts:
        return []
    paras = paragraphs(ann.body)
    taken = {sentence_offsets(s) for s in about}
    resolver = PhraseActors.of(ann)
    out = []
    for sent in named:
        k = sentence_of(sents, sent.start)
        if k + 1 >= len(sents) or paragraph_of(paras, sents[k + 1].start_char) != paragraph_of(paras, sent.start_char):
            continue
        nxt = sents[k + 1]
        if sentence_offsets(nxt) in taken:
            continue
        subj = next((c for c in nxt.root.children if c.dep_ == "nsubj"), None)
        if subj is None:
            continue
        names = [a.id for a in resolver.in_phrase(subj)] + unlinked_names(ann, without_clauses(subj))
        if any(same_party(ann, n, p) for n in names for p in parties):
            out.append(nxt)
    return out


def same_party(ann: AnnotatedDocument, a: str, b: str) -> bool:
    """Two references to one party: the same id, or names of which one starts the other
    ("SoftBank" and "SoftBank Group Corp")."""
    if a == b:
        return True

    def name(ref: str) -> str:
        actor = ann.actor(ref)
        return (actor.name if actor is not None else ref).lower()

    x, y = name(a), name(b)
    return len(min(x, y, key=len)) >= 3 and (x.startswith(y + " ") or y.startswith(x + " "))


def build_agreement(ann: AnnotatedDocument, draft: Draft, sents: list[SpacySpan]) -> Agreement:
    """The record of one agreement, from its mentions and the sentences about it."""
    named_sents, about = sentences_about(ann, draft, sents)
    name = next((m.name for m in draft.mentions if m.name), None)
    signing = None
    signed_by = None
    for m in draft.mentions:
        if m.hypothetical:
            continue
        # "ratified the Moscow Treaty signed in 2002": the participle on the noun signs it
        verbs = [c for c in m.token.children if c.dep_ == "acl" and c.lemma_.lower() in SIGNING_VERBS]
        verbs += [m.verb] if m.verb is not None else []
        verbs.sort(key=lambda v: v.lemma_.lower() in MEDIATOR_VERBS)  # "agreed to a truce brokered by X": agreed
        signing = next((v for v in verbs if (v.lemma_.lower() in SIGNING_VERBS or completes(v))
                        and not is_negated(v)), None)
        if signing is not None:
            signed_by = m
            break
    signing_sent = sents[sentence_of(sents, signing.i)] if signing is not None else None
    parties: list[str] = []
    if draft.fixed_parties:
        parties = list(draft.fixed_parties)
    elif signing is not None:
        earlier = list(dict.fromkeys(p for m in draft.mentions if m.token.i < signing.i for p in m.parties))
        parties = subject_parties(ann, signing, earlier, signing_sent.start_char, draft.kind)
    if not draft.fixed_parties:
        for m in draft.mentions:
            if m.verb is not None and m is not signed_by and not m.hypothetical and not m.restricted \
                    and m.verb.lemma_.lower() in AGREEMENT_VERBS and not is_negated(m.verb):
                parties += [p for p in subject_parties(ann, m.verb, [], m.token.sent.start_char, draft.kind)
                            if p not in parties]  # "Ghani announced the exchange", "Washington ... pursuing an agreement"
            parties += [p for p in m.parties if p not in parties]
    provisions: list[str] = []
    for sent in about:
        provisions += [p for p in provisions_in(sent) if p not in provisions]
    funding = funding_of(ann, about + party_followups(ann, named_sents, about, sents, parties))
    if funding and "economic-aid" not in provisions:
        provisions.append("economic-aid")  # money given to carry it out
    term, renewal = durations(ann, named_sents, {m.token.i for m in draft.mentions})
    spans = sorted({sentence_offsets(s) for s in about}
                   | ({sentence_offsets(signing_sent)} if signing_sent is not None else set()))
    parties = list(dict.fromkeys(parties))
    # "Gatehouse" beside "GateHouse Media": a name as written that is the start of another party's
    # name (case folded) is that party
    folded = {p: p.casefold().replace("-", " ") for p in parties}
    parties = [p for p in parties if not any(q != p and (folded[q] + " ").startswith(folded[p] + " ")
                                             for q in parties)]
    signed = signing_date(ann, signing, signing_sent) if signing is not None else None
    denied = signing is not None and (not_signed(named_sents) or signing.lemma_.lower() in ("reach", "agree")
                                      and draft.kind in ("deal", "agreement") and not is_present_perfect(signing)
                                      and any(not_signed([s]) for s in sents))
    if denied:
        signed = None  # "actually signing a deal has proved elusive": reached, announced, not signed
    status, status_date = status_of(ann, draft, about)
    if denied and status == "signed":
        status, status_date = "negotiated", None  # reached, announced, but "signing has proved elusive"
    return Agreement(
        name=name, kind=draft.kind, parties=parties, signed=signed, status=status, status_date=status_date,
        place=signing_place(ann, signing, signed_by.token) if signed_by is not None else None,
        duration_years=term, renewal_years=renewal, provisions=provisions, funding=funding, spans=spans)


# The stages of an agreement's life, by the verbs (or predicates) that state them; later stages
# in this order win when one text states several ("signed in 2010 ... suspended in 2023").
# Checked first: CAMEO's verb dictionary (data/cameo_patterns.json) has the blocks these come
# from — SIGN, FINISH, ENTER and CLINCH on &TREATY (057), ALLOW (ratify, approve), RETREAT "from
# &TREATY" (161), REVOKE_ (cancel, annul, renege), DELAY (stall, shelve, postpone), UTILIZE
# (implement) — but its blocks mix in synonyms that state no stage ("get", "go", "pass", "draw"),
# so the stage verbs are this hand list; only the intent block (030) is read from it (INTENT_VERBS).
STATUS_VERBS = {
    "propose": "proposed", "offer": "proposed", "draft": "proposed", "float": "proposed",
    "negotiate": "negotiated", "pursue": "negotiated", "discuss": "negotiated", "initial": "negotiated",
    "stall": "negotiated", "shelve": "negotiated", "postpone": "negotiated", "delay": "negotiated",
    "sign": "signed", "ink": "signed", "conclude": "signed", "seal": "signed", "strike": "signed", "reach": "signed",
    "agree": "signed", "finalize": "signed", "finalise": "signed", "clinch": "signed", "broker": "signed",
    "announce": "signed", "enter": "signed", "adopt": "signed",
    "ratify": "ratified", "approve": "ratified",
    "implement": "in-force", "close": "in-force", "complete": "in-force", "swap": "in-force",
    "suspend": "suspended", "freeze": "suspended",
    "withdraw": "withdrawn", "pull": "withdrawn", "back": "withdrawn", "abandon": "withdrawn", "scuttle": "withdrawn", "quit": "withdrawn",
    "exit": "withdrawn", "leave": "withdrawn", "cancel": "withdrawn", "annul": "withdrawn", "renege": "withdrawn",
    "revoke": "withdrawn", "rescind": "withdrawn", "repeal": "withdrawn", "scrap": "withdrawn", "terminate": "withdrawn",
    "expire": "expired", "lapse": "expired", "collapse": "expired",
}
# Verbs of "went into effect", "came into force" (with "into"/"in" + effect/force): in force.
EFFECT_VERBS = {"go", "come", "enter", "put"}
# Verbs that look ahead to what their clause says ("to ensure that the agreement is implemented").
LOOK_AHEAD_VERBS = {"ensure", "guarantee", "urge", "demand", "insist", "require"}
STATUS_ORDER = ("proposed", "negotiated", "signed", "ratified", "in-force", "suspended", "withdrawn", "expired")
# Stages whose date the sentence gives; talks have no one date ("negotiated" is undated).
DATED_STATUSES = set(STATUS_ORDER) - {"negotiated"}
# Nouns and verbs of talks: a sentence about the agreement with one of them, and no later stage,
# says it is under negotiation ("on the verge of a deal", "those negotiations hit another snag").
NEGOTIATION_WORDS = {"talk", "talks", "negotiation", "negotiations", "negotiate", "negotiator", "verge"}
# Verbs that carry out an exchange ("released in a prisoner swap", "freed in an exchange").
RELEASE_VERBS = {"release", "free", "swap", "exchange", "hand"}
ANNOUNCE_KINDS = {"deal", "order", "partnership", "merger", "agreement", "exchange", "settlement", "acquisition"}


@lru_cache(maxsize=1)
def intent_verbs() -> frozenset[str]:
    """CAMEO's 'express intent' verbs (code 030: expect, plan, intend, seek, want, aim, ...): a
    stage verb under one of them ("expected to sign", "plans to ratify") is only intended."""
    import json
    from geowire.settings import DATA_DIR
    try:
        verbs = json.loads((DATA_DIR / "cameo_patterns.json").read_text(encoding="utf-8"))["verbs"]
    except (OSError, ValueError, KeyError):
        return frozenset({"expect", "plan", "intend", "seek", "want", "aim", "hope", "prepare"})
    found = {lemma for lemma, entries in verbs.items()
             if any(e.get("code") == "030" and not e.get("before") and not e.get("after") for e in entries)}
    return frozenset(found | {"hope"})


def stage_of(v: Token) -> Optional[str]:
    """The stage one verb states of the agreement it governs, or None."""
    word = v.lemma_.lower()
    if completes(v):
        return "in-force"  # "became final", "closed"
    if word == "enter" and any(c.lower_ == "force" for c in v.subtree):
        return "in-force"  # "entered into force"
    if word in EFFECT_VERBS and any(c.dep_ == "prep" and c.lower_ in ("into", "in") and any(
            o.lower_ in ("effect", "force") for o in c.children) for c in v.children) \
            or word == "take" and any(c.dep_ == "dobj" and c.lower_ == "effect" for c in v.children):
        return "in-force"  # "went into effect in 1994", "came into force", "took effect"
    if word in ("pull", "back") and not any(c.lower_ in ("out", "back") for c in v.children):
        return None  # "pull" alone is no withdrawal
    if word in PURCHASE_VERBS:  # "by acquiring the stake", "bought": done; "a deal to buy": the deal's verb tells
        return None if any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children) else "in-force"
    return STATUS_VERBS.get(word)


def is_intended(v: Token) -> bool:
    """'expected to sign', 'plans to ratify', 'would sign': the stage is only intended. So is a
    stage in a clause under a future or a modal ("will enter into force when 55 countries ratify
    the accord", "could waive sanctions and implement an agreement") or under a verb that looks
    ahead ("to ensure that the agreement is implemented"): the clause chain (conj, xcomp, advcl) is
    climbed, never through a noun ("discussed the treaty signed in 2002" stays signed) nor out of a
    reported clause ("could argue that Y withdrew from it" is a withdrawal)."""
    future = MODAL_HEDGES | {"will", "shall", "'ll", "wo"}
    x = v
    for _ in range(4):
        if any(c.dep_ == "aux" and lower_plain(c) in future for c in x.children):
            return True
        if x.dep_ in ("xcomp", "ccomp") and x.head.lemma_.lower() in intent_verbs() | LOOK_AHEAD_VERBS:
            return True
        # not through a reported clause: "X could argue that Y withdrew from the treaty" is a withdrawal
        if x.dep_ not in ("conj", "xcomp", "advcl") or x.head is x:
            return False
        x = x.head
    return False


def status_of(ann: AnnotatedDocument, draft: Draft,
              about: Optional[list[SpacySpan]] = None) -> tuple[Optional[str], Optional[str]]:
    """The agreement's latest stage stated in the text, and the date the sentence gives it
    ("START, signed in 1991, expired in 2009" → expired, 2009). A negated or hypothetical stage
    states nothing; a signing that is only intended ("would sign", "expected to sign") or denied
    ("signing a deal has proved elusive") says the agreement is negotiated, as do talks about it
    when no later stage is stated."""
    if about is None:
        about = sentences_about(ann, draft, ann.sentences())[1]
    best: tuple[int, Optional[str], Optional[str]] = (-1, None, None)

    def offer(status: str, date: Optional[str]) -> None:
        nonlocal best
        rank = STATUS_ORDER.index(status)
        if rank > best[0] or rank == best[0] and best[2] is None and date is not None:
            best = (rank, status, date if status in DATED_STATUSES else None)

    for m in draft.mentions:
        verbs = [m.verb] if m.verb is not None else []
        verbs += [c for c in m.token.children if c.dep_ in ("acl", "relcl") and c.pos_ in ("VERB", "AUX")]
        # "NAFTA, which caused pain after it went into effect in 1994": "it" in a clause of the
        # relative clause is the agreement again
        verbs += [a for c in m.token.children if c.dep_ == "relcl" for a in c.children
                  if a.dep_ in ("advcl", "conj") and any(s.dep_ in ("nsubj", "nsubjpass") and s.lower_ == "it"
                                                          for s in a.children)]
        if m.token.dep_ in ("nsubj", "nsubjpass") and m.token.head.pos_ in ("VERB", "AUX"):
            verbs.append(m.token.head)  # "START ... expired in 2009", "the merger ... became final"
        # "the merger of X and Y, which became final Tuesday": the clause hangs on the last party
        verbs += [c for p in m.token.children if p.dep_ == "prep" and p.lower_ == "of"
                  for o in p.children for x in (o, *o.conjuncts) for c in x.children
                  if c.dep_ == "relcl" and completes(c)]
        # "once expected to be completed": the stage under an intent verb (is_intended reads it)
        intents = [v for v in verbs if v.lemma_.lower() in intent_verbs()]
        intents += [c for v in verbs for c in v.children if c.dep_ == "advcl" and c.lemma_.lower() in intent_verbs()]
        verbs += [x for v in intents for x in v.children if x.dep_ == "xcomp"]
        # "its agreed cuts", "the ratified treaty": a participle on the noun states the stage
        for c in m.token.children:
            if c.dep_ == "amod" and c.tag_ == "VBN" and STATUS_VERBS.get(c.lemma_.lower()) in ("signed", "ratified"):
                offer(STATUS_VERBS[c.lemma_.lower()], None)
        # "last year's nuclear deal", "the 1994 accord's terms": a deal dated by a possessive time
        # is one concluded then (a deal still to come is not told by its year)
        for c in m.token.children:
            if c.dep_ == "poss" and c.ent_type_ == "DATE" and not m.hypothetical:
                span = range(c.left_edge.idx, c.idx + len(c))
                when = [t.value for t in ann.times if t.span[0] in span and t.kind in ("date", "relative")
                        and "W" not in t.value and not t.value.startswith("P")]
                offer("signed", when[0] if when else None)
        # "released Tuesday in a prisoner swap": an exchange whose people are freed is carried out
        if draft.kind == "exchange" and m.token.dep_ == "pobj" and m.token.head.head.pos_ == "VERB" \
                and m.token.head.head.lemma_.lower() in RELEASE_VERBS and not m.hypothetical:
            v = m.token.head.head
            if not is_negated(v) and not is_intended(v):
                offer("in-force", signing_date(ann, v, v.sent, own_clause=True))
        for v in dict.fromkeys(verbs):
            status = stage_of(v)
            if status is None or is_negated(v):
                continue
            if status == "signed" and v.lemma_.lower() == "announce" and draft.kind not in ANNOUNCE_KINDS:
                continue  # a treaty "announced" is not yet signed
            if m.hypothetical or is_intended(v) or status == "signed" and not_signed([v.sent]):
                if status in ("signed", "ratified", "in-force"):
                    offer("negotiated", None)  # only intended, or denied: still under negotiation
                continue
            offer(status, signing_date(ann, v, v.sent, own_clause=status != "signed"))
    if best[0] < STATUS_ORDER.index("negotiated"):
        if not_signed(about) or any(t.lemma_.lower() in NEGOTIATION_WORDS or t.lower_ in NEGOTIATION_WORDS
                                    for s in about for t in s):
            offer("negotiated", None)
    return best[1], best[2]


@extractor("agreements", requires=("amounts", "times"))
def extract_agreements(ann: AnnotatedDocument) -> list[Agreement]:
    """The agreements a document mentions, one record each, with the terms it tells."""
    sents = ann.sentences()
    records = [build_agreement(ann, d, sents) for d in group_mentions(find_mentions(ann))]
    # An agreement with neither a name nor a party tells nothing ("an agreement was signed in 2018").
    return [r for r in records if r.name or r.parties]
