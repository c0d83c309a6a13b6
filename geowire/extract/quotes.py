"""Quotes, direct and indirect, with their speakers.

Direct quotes: a scanner pairs the quotation marks of each paragraph ("…", “…”, «…», »…«,
„…“, ‘…’, and NYT's ''…''; a curly and a straight double mark close each other, “…") —
straight marks are told apart by what stands on either side of
them, a ’ between two letters is an apostrophe, a quote left open runs to the end of its
paragraph, and only the outermost quote of a nest is a candidate. A candidate is a quote when
a speech cue governs it: a cue verb ("said", "told", "noted", "calling it", …) among the
ancestors of its tokens in the dependency parse, or, when the parse splits the sentence, a cue
verb right after the closing mark ("“…,” he said", also after a long name and title) or right
before the opening one ("He said: “…”"), or an attribution the parser hangs on the quote's
verb ("The industry, she said, is “doing better”"); a verb the lexicon lacks right after a
quotation ending on a comma, "?" or "!" is how it was said ("“…!” he shouted", "“…,”
exhorted the actress"; not "he walked out"); a quote that opens a sentence with no cue of its
own continues the speech of the sentence before it ("X underlined that … “…”"). A quote split
by its attribution ("“A,” he said, “B”", also across the full stop after "said", the
attribution up to SPLIT_ATTRIBUTION_WORDS long and holding no other speech) is ONE quote: `fragments` holds the
parts, `span` runs from the first to the last, as PolNeAR annotates one content of two
fragments. Quoted names and scare quotes ("the hacker collective “APT28”",
"the phrase “integration”", "it could be “conclusively stated”") are left out: a name-like
phrase never counts, and a phrase of three words or fewer counts only as the direct complement
of a cue ("calling it “a landmark document”").

Indirect quotes, with the cue lexicon mined from PolNeAR's tune split
(geowire/data/speech_cues.yaml, scripts/mine_speech_cues.py). A cue reports through a FRAME
(geowire/extract/speech_frames.py): its clause ("X said (that) …", "X believes …"), its
infinitive ("X promised to …", "X wants to …"), its object ("X criticized the plan", "urged
Congress to act"), a preposition's object ("called for talks", "spoke about" — not "spoke
to"), or, for a noun with an owner (its possessor, or the subject of the verb taking it), its
clause, infinitive or preposition ("his claim that …", "Trump's attack on …", "the ministry
issued a statement that …"). A (lemma, frame) pair is a cue when, on the tune split, its
complement was the annotated content at least FRAME_MIN_PRECISION of the time (and at least
MINED_MIN_COUNT times); the vocabulary's indirect_quote_cues and the mined verbs of cue
precision ≥ CLAUSE_MIN_PRECISION report any clause. Also:
- the clause a cue is inserted in or follows ("The hashtag, he said, was …", "This includes
  X, Carter told a panel", "As Trump said, the wall …", "…, as X noted"), when the parser
  hangs the cue on it (parataxis, a comma conjunct, an adverbial clause with nothing of its
  own to report); `fragments` holds the pieces around the attribution; a quotation in it with
  no cue of its own makes it mixed;
- a second speech verb the parser hangs on the reported clause ("said he hasn't accepted any
  gigs and suggested that …", "said A, saying “B”") is the speaker's own act when tense, an
  auxiliary, the same verb or a mute subject of the clause say so: the clause ends before it;
- the sentence "according to X" stands in, cut at full stops (the small model's sentences run on),
  and likewise the clause a poll or survey phrase "in" modifies ("In the new Morning Consult
  poll, 40 percent back Sanders", "Trump leads in the polls": PolNeAR's source is the poll);
- headline grammar: a short paragraph "Name: content" ("Clinton: Trump is unfit", "Poll: …").
An object is not reported when the verb stands inside another's reported clause, or when a
participle of it carries a direct quote ("praised the treaty, calling it “…”": the quote is
what was said). A clause holding a direct quote of the same speaker, with words of its own
outside it, is one "mixed" quote ("X added that Russia is “very concretely threatening …”");
a clause inside another reported content is part of it ("X said she hoped that …": one
content), unless the outer cue is weaker than a speech verb ("released a statement saying …").
A negated cue reports too, its cue text and span taking the negation ("did not say", "doesn't
believe"): PolNeAR annotates negated attributions.

Then the learned scorer (geowire/extract/speech_model.py, trained on the same tune split):
every verb or noun whose paraphrase the lexicon did not take, with a complement in any frame
and a subject, is a candidate ("X supported the agreement", "X reckons that …", "Y is pushing
to …") when its content overlaps no quote found; the candidates it scores at its threshold or
above become indirect quotes, most probable first, none overlapping another and none inside
a that-clause another candidate reports (one content, as for the lexicon). It also scores the
lexicon's own paraphrases (not "according to", not mixed ones), and drops those below its keep
threshold. Without its model file it adds and drops nothing.

Speakers (the subject: of two, the one nearest the cue in its paragraph; else the name between
the quotation and the cue, "“…,” Ramos, 58, told AFP", or the person named right after an
inverted cue): an actor mention on the subject's head word, else a mention that the subject names as
its owner ("a spokesperson for the Foreign Ministry", "Commonspace.eu political editor"); a
pronoun refers back to the last speaker of its kind; a role noun ("the president", "the
spokesperson", "the chancellor") to the last speaker so called, else to the last person whose
office names that role, across sentences. Participles and conjuncts ("…, saying that", "but
said", "was quick to add", "by arguing that") take their clause's subject — not under a modal
("will assist … in urging": not said yet) —, a relative "who said" the noun the clause hangs
on, "a statement saying" whoever issued or owns the statement; a passive participle ("Asked about
it, X said") names no asker. "I" and "we" outside quotation marks (the writer, or the one a
transcript quotes) keep their text with no actor. A speaker that cannot be named at all (a
passive "it could be stated") gives no quote; any other noun speaks ("politicians say", "47
percent said", "a new poll shows") but a text ("the treaty says"), and one with no actor
behind it ("officials", "an analyst", an unresolved "he") keeps `speaker_text` with `speaker`
None. `speaker_span` is the mention the quote was attributed through (the name, the title,
"he", the "who" of a relative clause), `cue_span` the cue ("said", "according to", ":").

Checked first: textacy's `extract.triples.direct_quotations` (not installed,
and it pulls in scikit-learn and more) pairs quote marks and finds a speaker
in the adjacent sentences, but it has no indirect speech, no unbalanced or
nested quotes, no scare-quote filter and no offsets of the speaker's actor;
the rest is the spaCy parse that the pipeline already holds.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from spacy.tokens import Doc, Span as SpacySpan, Token

from geowire.nlp.document import AnnotatedDocument
from geowire.nlp.parse import MAX_CLIMB, PhraseActors, is_passive, paragraphs, speech_conjunct, vocabulary, without_clauses
from geowire.settings import read_data_yaml
from geowire.model import Actor, Quote
from geowire.extract.registry import extractor
from geowire.extract.speech_frames import frame, frame_tokens, owner
from geowire.extract.speech_model import CueModel, cue_features, load_model

# ---- lexicon ------------------------------------------------------------------------

# The speech cues (geowire/data/vocabulary.yaml): verbs that govern a direct quote ("“…,” X
# added"); the narrower ones whose that-clause is reported speech in its own right ("X said
# that …"); those whose object after them is the hearer ("told reporters"), so that they take
# no inverted subject ("“…,” said the minister").
DIRECT_CUES = vocabulary("speech.quote_cues")
HEARER_CUES = vocabulary("speech.hearer_cues")

# Mined cues (geowire/data/speech_cues.yaml, PolNeAR tune split). A verb's precision is the
# share of its verb tokens that stand in an annotated cue: from CLAUSE_MIN_PRECISION on, any
# that-clause it takes is reported speech (the vocabulary's indirect_quote_cues whatever the
# figures say). A FRAME's precision is the share of the verb's tokens with that complement
# (geowire/extract/speech_frames.py: a clause, an infinitive, an object, a preposition's
# object) whose complement IS the annotated content: "believe" is a cue 0.22 of the time, but
# "X believes (that) …" far more, and "X promised to …" or "X criticized the plan" report their
# complement. A frame reaching FRAME_MIN_PRECISION reports its complement.
CLAUSE_MIN_PRECISION = 0.5
FRAME_MIN_PRECISION = 0.25
MINED_MIN_COUNT = 5  # fewer annotated cues than this: the precision is noise


def _mined_verbs(min_precision: float) -> frozenset[str]:
    verbs = read_data_yaml("speech_cues.yaml")["verbs"]
    return frozenset(v["lemma"] for v in verbs if v["precision"] >= min_precision and v["count"] >= MINED_MIN_COUNT)


def _mined_frames(min_precision: float) -> frozenset[tuple[str, str]]:
    frames = read_data_yaml("speech_cues.yaml").get("frames", [])
    return frozenset((f["lemma"], f["frame"]) for f in frames
                     if f["precision"] >= min_precision and f["content"] >= MINED_MIN_COUNT)


INDIRECT_CUES = vocabulary("speech.indirect_quote_cues") | _mined_verbs(CLAUSE_MIN_PRECISION)
FRAME_CUES = _mined_frames(FRAME_MIN_PRECISION) | {(lemma, "ccomp") for lemma in INDIRECT_CUES}
FRAME_LEMMAS = frozenset(lemma for lemma, _ in FRAME_CUES)
ALL_CUES = DIRECT_CUES | INDIRECT_CUES
# Subjects that are a text, not someone who speaks ("the treaty says that …").
TEXT_NOUNS = frozenset("treaty document agreement text law bill article constitution deal charter accord pact "
                       "declaration clause provision book novel film movie song".split())

# Sources a clause is reported "in" ("In the latest Post-ABC poll, Clinton led Trump"); on tune,
# 47 of those contents were missed, nearly all of polls and surveys ("in a study" is as often
# where something was published).
POLL_NOUNS = frozenset({"poll", "survey", "polling"})
# Verbs whose "in a poll" says where something appeared or who took part, not what it found.
POLL_VERBS = frozenset("publish release post print include list appear feature use cite mention participate "
                       "take respond interview ask poll survey conduct question sample".split())
NOT_POLL_FINDINGS = ALL_CUES | POLL_VERBS  # heads whose "in the poll" reports no finding of it

# Head nouns of a speaker phrase that no actor stands behind but that names someone who
# speaks ("officials said", "according to diplomats").
SPEAKER_NOUNS = frozenset("""
official officials spokesperson spokesman spokeswoman spokespeople minister president premier
chancellor secretary ambassador envoy diplomat leader head chief chairman chairwoman chair
director commander general officer source expert analyst observer editor correspondent reporter
journalist media press agency ministry government cabinet presidency office administration
authority authorities service police military army representative delegate negotiator
lawmaker legislator senator deputy mp member adviser advisor aide staff person people
witness resident activist campaigner critic commentator researcher scientist professor
economist lawyer prosecutor judge investigator inspector monitor mission website statement
newspaper daily outlet channel broadcaster tv radio network
""".split())
# Head nouns that speak for the organisation a modifier names: "a spokesperson for the
# Foreign Ministry", "an official at the embassy", "Russian officials" (but "Russian media",
# "analysts in Moscow" speak for themselves).
OFFICIAL_NOUNS = frozenset("""
official officials authority authorities government ministry spokesperson spokesman spokeswoman
spokespeople diplomat diplomats president leader leadership minister administration side
delegation representative representatives envoy ambassador head chief chairman chairwoman
secretary director commander editor statement communique press office service
""".split())
# Heads that are a medium of their own: "the website of the Russian President" is the
# website speaking, not the president.
MEDIUM_NOUNS = frozenset("website site newspaper paper daily outlet channel broadcaster blog account page feed".split())
PERSON_PRONOUNS = frozenset({"he", "she"})
GROUP_PRONOUNS = frozenset({"they"})
THING_PRONOUNS = frozenset({"it"})
WRITER_PRONOUNS = frozenset({"i", "we"})  # outside quotation marks: the writer, or the one a transcript quotes
POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "their": "they", "its": "it", "my": "i", "our": "we"}
GROUP_WORDS = frozenset("many some most others both all few several those".split())  # "many say"
# Words that may stand lowercase inside a name ("Treaty on Alliance and Integration").
NAME_FUNCTION_POS = frozenset({"DET", "ADP", "CCONJ", "PART", "PUNCT", "SYM", "NUM", "SPACE"})
# Parts of a speaker phrase that do not name the speaker ("Putin, who …, said").
SPEAKER_PHRASE_CUTS = frozenset({"relcl", "acl", "advcl", "appos", "punct", "cc", "conj"})

SHORT_QUOTE_WORDS = 3  # a quoted phrase this short is a name or a scare quote unless a cue governs it
WINDOW_TOKENS = 10  # how far from a quote mark an attribution may stand when the parse does not join them
# after the closing mark the speaker's name and title may come first ("…,'' James B. Comey Jr.,
# the director of the Federal Bureau of Investigation, said"); the first verb still decides
WINDOW_AFTER_TOKENS = 25
INVERTED_SPEAKER_WORDS = 6  # how far after an inverted cue ("…," said Ranking Democrat X) its speaker's name may end

# ---- quotation marks ----------------------------------------------------------------

# The marks that close each opening mark; a curly double quote and a straight one close each
# other ("“Our roads are crumbling," she said": copy-edited texts mix them, ~90 times in
# PolNeAR's tune split).
CLOSERS = {
    '"': '"”', "“": "”\"", "„": "“”", "«": "»", "»": "«", "‘": "’", "‚": "‘’",
}
QUOTE_CHARS = frozenset('"“”„«»‘’‚')
QUOTE_TOKENS = QUOTE_CHARS | {"''", "``"}  # tokens that are a quotation mark ('' is NYT style)
OPEN_LEFT = frozenset("([{—–-/")  # before an opening mark, besides space and line start
CLOSE_RIGHT = frozenset(".,;:!?)]}—–-/…")  # after a closing mark, besides space and line end


@dataclass
class QuotedSpan:
    """One outermost quotation in the body: the marks and the text between them."""
    open_mark: int  # offset of the opening mark
    close_mark: Optional[int]  # offset of the closing mark; None when the quote is left open
    start: int  # the quoted text, marks excluded, blanks and a trailing comma trimmed
    end: int
    paragraph: tuple[int, int]


def _blank_or(ch: str, extra: frozenset) -> bool:
    return ch == "" or ch.isspace() or ch in extra


def _possessive_plural(text: str, i: int, stop: int) -> bool:
    """A ’ after "s" that closes nothing: a later ’ in the paragraph could close the quote."""
    if text[i - 1:i] not in ("s", "S") or not text[i + 1:i + 2].isspace():
        return False
    for j in range(i + 1, stop):
        if text[j] == "‘":
            return False
        if text[j] == "’" and not (text[j - 1].isalnum() and text[j + 1:j + 2].isalnum()) \
                and not text[j - 1].isspace():
            return True
    return False


def find_quoted_spans(body: str) -> list[QuotedSpan]:
    """The outermost quotations of each paragraph, in text order."""
    out: list[QuotedSpan] = []
    for p_start, p_end in paragraphs(body):
        stack: list[tuple[str, int]] = []  # (opening mark, offset)

        skip = -1
        for i in range(p_start, p_end):
            if i == skip:
                continue
            ch, width = body[i], 1
            if ch == "'" and body[i + 1:i + 2] == "'" and (i == p_start or body[i - 1] != "'"):
                ch, width, skip = '"', 2, i + 1  # '' (NYT style) stands for a double mark
            elif ch not in QUOTE_CHARS:
                continue
            left = body[i - 1] if i > p_start else ""
            right = body[i + width] if i + width < p_end else ""
            opens = _blank_or(left, OPEN_LEFT | QUOTE_CHARS) and not right.isspace() and right != ""
            closes = not _blank_or(left, frozenset()) and _blank_or(right, CLOSE_RIGHT | QUOTE_CHARS)
            open_at = next((k for k in range(len(stack) - 1, -1, -1) if ch in CLOSERS[stack[k][0]]), None)
            if ch == "’":
                if (left.isalnum() and right.isalnum()) or open_at is None or left.isspace() \
                        or _possessive_plural(body, i, p_end):
                    continue  # an apostrophe: Russia’s, don’t, the countries’
            elif ch == "‘":
                if open_at is not None and closes:  # „…‘ style
                    pass
                elif opens and not right.isdigit():  # not the ‘90s
                    stack.append((ch, i))
                    continue
                else:
                    continue
            elif ch == '"':
                if opens and not closes:
                    open_at = None
                elif closes and not opens:
                    pass
                elif open_at is None:  # both or neither side looks like a boundary: toggle
                    stack.append((ch, i))
                    continue
                if open_at is None:
                    if opens:
                        stack.append((ch, i))
                    continue  # a stray closing mark: `for this".`
            elif ch == "“" and open_at is not None and stack[open_at][0] == "“":
                # “ is also the German closer, but here an English quote is open: a nested opener
                stack.append((ch, i))
                continue
            elif open_at is None:
                if ch in "“„«‚" or (ch == "»" and opens):
                    stack.append((ch, i))
                continue  # a closing mark with nothing open
            opened_at = stack[open_at][1]
            del stack[open_at:]  # inner quotes left open end with the one that closes
            if not stack:
                out.append(_quoted(body, opened_at, i, (p_start, p_end)))
        if stack:  # unbalanced: the outermost open quote runs to the end of its paragraph
            out.append(_quoted(body, stack[0][1], None, (p_start, p_end)))
    return [q for q in out if q.end > q.start]


def _quoted(body: str, open_mark: int, close_mark: Optional[int], paragraph: tuple[int, int]) -> QuotedSpan:
    start, end = open_mark + 1, close_mark if close_mark is not None else paragraph[1]
    if body[open_mark:open_mark + 2] == "''":
        start += 1
    while start < end and body[start].isspace():
        start += 1
    while end > start and (body[end - 1].isspace() or body[end - 1] == ","):
        end -= 1
    return QuotedSpan(open_mark, close_mark, start, end, paragraph)


# ---- the parse around a quote --------------------------------------------------------

@dataclass
class Speaker:
    actor: Optional[Actor]
    text: str
    head_lemma: str
    span: Optional[tuple[int, int]] = None  # the mention the cue names it by: a name, a title, "he", "who"


@dataclass
class Context:
    """What the passes over one document share."""
    ann: AnnotatedDocument
    quoted: list[QuotedSpan]
    in_quote: list[Optional[int]]  # per token: index of the quoted span holding it
    speakers: dict[int, Optional[Speaker]] = field(default_factory=dict)  # cue token index → speaker
    history: list[tuple[int, Speaker]] = field(default_factory=list)  # (offset, speaker) resolved so far
    cue_of: dict[int, Token] = field(default_factory=dict)  # quoted span index → its cue (`_find_cue`), once

    @property
    def doc(self) -> Doc:
        return self.ann.doc


def _token_quote_index(doc: Doc, quoted: list[QuotedSpan]) -> list[Optional[int]]:
    out: list[Optional[int]] = [None] * len(doc)
    k = 0
    for tok in doc:
        while k < len(quoted) and quoted[k].end <= tok.idx:
            k += 1
        if k < len(quoted) and quoted[k].start <= tok.idx < quoted[k].end:
            out[tok.i] = k
    return out


SOURCE_CUE_WORDS = frozenset({"according", "in"})


def source_preposition(tok: Token) -> Optional[Token]:
    """The preposition whose object is the source of a clause: "to" of "according to", or "in"
    itself when its object is a poll or survey and it modifies a verb that reports nothing
    ("Clinton led Trump in the latest poll", not "respondents said in the survey")."""
    if tok.lower_ == "according":
        return next((c for c in tok.children if c.lower_ == "to"), None)
    head = tok.head
    if tok.lower_ != "in" or tok.dep_ != "prep" or head.dep_ != "ROOT" or head.pos_ not in ("VERB", "AUX") \
            or head.lemma_.lower() in NOT_POLL_FINDINGS:
        return None  # "voters interviewed in the survey said …": the saying is the cue
    source = next((c for c in tok.children if c.dep_ == "pobj"), None)
    if source is None:
        return None
    # "the RealClearPolitics average of recent polls" (not "in the wake of polls")
    of = [g for c in source.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"] \
        if source.lemma_.lower() in ("average", "aggregate") else []
    return tok if any(t.lemma_.lower() in POLL_NOUNS for t in (source, *of)) else None


def is_cue(tok: Token, in_quote: list[Optional[int]]) -> bool:
    """A speech cue outside every quotation: a reporting verb, "according" of "according to", or
    the "in" of a poll (`source_preposition`)."""
    if in_quote[tok.i] is not None:
        return False
    if tok.lower_ in SOURCE_CUE_WORDS:
        return source_preposition(tok) is not None
    lemma = tok.lemma_.lower()
    if tok.pos_ == "NOUN":  # "his claim that …", "Trump's plan to …"
        return lemma in FRAME_LEMMAS and (lemma, frame(tok)) in FRAME_CUES
    if tok.pos_ not in ("VERB", "AUX") or (lemma not in ALL_CUES and (lemma not in FRAME_LEMMAS
                                                                       or (lemma, frame(tok)) not in FRAME_CUES)):
        return False
    if tok.lemma_.lower() == "call":  # "calling it …" describes, "called for talks" asks (mined: call for
        # 0.53, call on 0.42, so "for" only); "called off", "called up", "called him" do neither
        if any(c.dep_ in ("prt", "prep") and c.lower_ in ("on", "off", "up") for c in tok.children):
            return False
        return any(c.dep_ in ("dobj", "oprd") or (c.dep_ == "prep" and c.lower_ == "for") for c in tok.children)
    return tok.lemma_.lower() != "say" or tok.tag_ != "VBN" or not is_passive(tok)  # "is said to"


def _word_count(doc: Doc, q: QuotedSpan) -> int:
    tokens = doc.char_span(q.start, q.end, alignment_mode="expand")
    return sum(1 for t in tokens if t.is_alpha or t.like_num) if tokens is not None else 0


def _looks_like_name(tokens: SpacySpan) -> bool:
    """A title or proper name: “APT28”, “Storm 1516”, “on Alliance and Integration”."""
    content = [t for t in tokens if t.pos_ not in NAME_FUNCTION_POS and not t.is_punct]
    if not content:
        return True
    if any(t.pos_ in ("VERB", "AUX", "PRON", "ADV", "INTJ") for t in content):
        return False
    return all(t.text[:1].isupper() or any(ch.isdigit() for ch in t.text) for t in content)


def _governing_cue(ctx: Context, q: QuotedSpan, short: bool) -> Optional[Token]:
    """The cue verb that the parse hangs the quote on, climbing from its tokens' heads."""
    doc, k = ctx.doc, ctx.quoted.index(q)
    for tok in doc.char_span(q.start, q.end, alignment_mode="expand"):
        node, hops, through_verb = tok.head, 1, False
        if node.i == tok.i or ctx.in_quote[node.i] == k:
            continue
        while hops <= MAX_CLIMB:  # hops from the quote up to its cue
            if is_cue(node, ctx.in_quote):
                if not _in_reach(ctx, node, q):
                    break
                if not short or (hops == 1 and not through_verb):
                    return node
                return None
            if ctx.in_quote[node.i] is not None and ctx.in_quote[node.i] != k:
                break  # the quote hangs on another quotation
            if node.pos_ in ("VERB", "AUX"):
                # one verb deep at most: a quote inside a reported clause ("said the deal was “…”")
                if through_verb or node.dep_ not in ("ccomp", "xcomp", "conj"):
                    break
                through_verb = True
            elif node.lower_ == "as" and node.dep_ == "prep":  # "described it as “…”"
                hops -= 1
            if node.head.i == node.i:
                break
            node, hops = node.head, hops + 1
    return None


def _in_reach(ctx: Context, cue: Token, q: QuotedSpan) -> bool:
    """Whether a cue the parse hangs a quote on may be its cue: one in the quote's paragraph, or
    in the paragraph before when that ends with a colon ("She went on to say:"); the small model
    lets a sentence run on across a paragraph break."""
    if q.paragraph[0] <= cue.idx < q.paragraph[1]:
        return True
    body, i = ctx.ann.body, q.paragraph[0] - 1
    while i > cue.idx and body[i].isspace():
        i -= 1
    return cue.idx < q.paragraph[0] and body[i] == ":"


def _sentence_stop(tok: Token) -> bool:
    return tok.text in (".", "!", "?") or "\n\n" in tok.text


def _cue_after(ctx: Context, q: QuotedSpan) -> Optional[Token]:
    """“…,” X said / “…” said X: a cue verb among the first words after the closing mark."""
    if q.close_mark is None:
        return None
    doc = ctx.doc
    first = doc.char_span(q.close_mark, q.close_mark + 1, alignment_mode="expand")
    if first is None:
        return None
    for tok in doc[first.end:min(len(doc), first.end + WINDOW_AFTER_TOKENS)]:
        if _sentence_stop(tok) or ctx.in_quote[tok.i] is not None or tok.text in QUOTE_TOKENS:
            return None
        if tok.pos_ == "CCONJ":
            return None
        if tok.pos_ in ("VERB", "AUX"):
            if (is_cue(tok, ctx.in_quote) or _manner_of_speaking(ctx, tok, q)) and not _complement_elsewhere(tok, q):
                return tok
            return None
    return None


MOTION_WORDS = frozenset({"out", "into", "from", "through", "across", "toward", "towards", "away", "off", "onto"})


def _manner_of_speaking(ctx: Context, verb: Token, q: QuotedSpan) -> bool:
    """"“…,” he shouted", "“…?” reacted Trump", "“…,” exhorted the actress": a verb the lexicon
    does not hold, right after a quotation that ends on a comma, "?" or "!", in the past or
    present, with a speaker and nothing of its own to say, is how the quotation was said."""
    body = ctx.ann.body
    ends = body[q.close_mark - 1:q.close_mark] in (",", "?", "!") or body[q.close_mark + 1:q.close_mark + 2] == ","
    if not ends or verb.tag_ not in ("VBD", "VBZ") or verb.pos_ != "VERB":
        return False
    inverted = not any(c.dep_ == "nsubj" for c in verb.children)  # "exhorted the actress": her, as its object
    if any(c.dep_ in ("dobj", "ccomp", "xcomp", "attr", "acomp", "oprd", "dative") and ctx.in_quote[c.i] is None
           and not (inverted and c.dep_ == "dobj") for c in verb.children) \
            or any(c.lower_ in MOTION_WORDS for c in verb.children if c.dep_ in ("prep", "prt", "advmod")):
        return False  # "he walked out of the room"
    subj = _subject(verb, q)
    return subj is not None and ctx.in_quote[subj.i] is None and (
        subj.pos_ in ("PROPN", "NOUN") or subj.lower_ in PERSON_PRONOUNS | GROUP_PRONOUNS)


def _cue_before(ctx: Context, q: QuotedSpan) -> Optional[Token]:
    """X said: “…” / X said in a comment that “…”: the last verb before the opening mark is a cue."""
    doc = ctx.doc
    mark = doc.char_span(q.open_mark, q.open_mark + 1, alignment_mode="expand")
    if mark is None:
        return None
    for tok in reversed(doc[max(0, mark.start - WINDOW_TOKENS):mark.start]):
        if tok.idx < q.paragraph[0] or _sentence_stop(tok) or ctx.in_quote[tok.i] is not None:
            return None
        if tok.pos_ in ("VERB", "AUX"):
            if is_cue(tok, ctx.in_quote) and not _complement_elsewhere(tok, q):
                return tok
            return None
    return None


def _complement_elsewhere(cue: Token, q: QuotedSpan) -> bool:
    """The cue already reports a clause of its own, outside this quote (in its paragraph: a
    clause the parse hangs on it across a paragraph break is not its own)."""
    return any(c.dep_ == "ccomp" and not (q.start <= c.idx < q.end) and q.paragraph[0] <= c.idx < q.paragraph[1]
               for c in cue.children)


def _sentence_start_quote(ctx: Context, q: QuotedSpan) -> bool:
    """The quote opens its sentence: only punctuation and blanks before it since the last stop."""
    i = q.open_mark - 1
    while i >= q.paragraph[0] and (ctx.ann.body[i].isspace() or ctx.ann.body[i] in QUOTE_CHARS or ctx.ann.body[i] == "'"):
        i -= 1
    return i < q.paragraph[0] or ctx.ann.body[i] in ".!?:"


# ---- speakers -----------------------------------------------------------------------

def _subject(verb: Token, quote: Optional[QuotedSpan]) -> Optional[Token]:
    """The token naming who speaks through this cue, following participles to their clause."""
    if verb.lower_ in SOURCE_CUE_WORDS:
        prep = source_preposition(verb)
        return next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    if verb.pos_ == "NOUN":
        return owner(verb)
    if is_passive(verb):
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    # the small model sometimes makes a quotation mark a subject ("»", nsubj), runs a sentence
    # on across a paragraph break ("9:30 p.m.\n\nDonald Trump says", two subjects) or gives
    # the verb a word of the quote as a second subject ("''That, unfortunately,'' he said"):
    # the subject in the verb's paragraph nearest to it
    subjects = sorted((c for c in verb.children if c.dep_ == "nsubj" and c.text not in QUOTE_TOKENS
                       and any(ch.isalpha() for ch in c.text)),  # O’Malley, al-Assad, not a mark
                      key=lambda c: abs(c.i - verb.i))
    subj = next((c for c in subjects if "\n\n" not in verb.doc[min(c.i, verb.i):max(c.i, verb.i)].text),
                subjects[0] if subjects else None)
    if subj is not None and subj.tag_ in ("WP", "WDT"):
        # "Garcia, a commissioner who accused him …", "voters who said …": the noun the clause
        # hangs on (whether it can speak is checked as for any subject)
        head = verb.head
        plausible = verb.dep_ == "relcl" and (head.pos_ in ("PROPN", "NOUN", "NUM") or head.lower_ in GROUP_WORDS
                                              or head.ent_type_ in ("PERSON", "ORG", "NORP")
                                              or head.lemma_.lower() in SPEAKER_NOUNS)
        return head if plausible else None
    if subj is not None:
        return subj
    if quote is not None and quote.end <= verb.idx and (named := _name_between(verb, quote)) is not None:
        return named
    if quote is not None and verb.idx > quote.start and verb.lemma_.lower() not in HEARER_CUES:
        # inverted: “…,” said the minister
        after = next((c for c in verb.rights if c.dep_ in ("dobj", "attr", "npadvmod", "dep", "nsubj")
                      and not (quote.start <= c.idx < quote.end)), None)
        if after is not None:
            return after
        # "…," said Oversight ranking Democrat Elijah Cummings: the parser made the title a
        # clause; the person named right after the verb
        for tok in verb.doc[verb.i + 1:verb.i + 1 + INVERTED_SPEAKER_WORDS]:
            if tok.is_punct or quote.start <= tok.idx < quote.end:
                break
            if tok.ent_type_ == "PERSON":
                while tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].ent_iob_ == "I":
                    tok = tok.doc[tok.i + 1]
                return tok
    if verb.tag_ == "VBN" and verb.dep_ == "advcl":
        return None  # "Asked about it, Carson said": the asker is not the subject of the clause
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ in ("NOUN", "PROPN"):
        # "released a statement saying …", "his letter warning …": whoever issued the text
        noun = verb.head
        if owner(noun) is not None:
            return owner(noun)
        if noun.dep_ == "dobj" and noun.head.pos_ in ("VERB", "AUX") and noun.head.i != noun.i:
            return _subject(noun.head, None)
        if noun.ent_type_ in ("PERSON", "NORP", "ORG") or noun.lemma_.lower() in SPEAKER_NOUNS:
            return noun  # "Democrats supporting Mrs. Clinton": the people the participle describes
        return None
    if verb.dep_ == "xcomp" and verb.head.pos_ == "ADJ" and verb.head.dep_ == "acomp" and verb.head.head.i != verb.head.i:
        return _subject(verb.head.head, None)  # "X was quick to add that …", "is likely to remind …"
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ in ("VERB", "AUX") \
            and verb.head.head.i != verb.head.i and not _irrealis(verb.head.head):
        return _subject(verb.head.head, None)  # "X won by calling it …", "after saying …"
    if (outer := _speech_conjunct(verb)) is not None:
        return _subject(outer, None)  # "X said A and suggested B": X
    if verb.dep_ in ("advcl", "conj", "xcomp") and verb.head.pos_ in ("VERB", "AUX") and verb.head.i != verb.i:
        return _subject(verb.head, None)  # "praised the treaty, calling it …"
    return None


def _speech_conjunct(verb: Token) -> Optional[Token]:
    """The outer cue whose speaker also says what this verb says: a second speech verb the
    parser hung on the reported clause (`speech_conjunct`: "Huckabee's campaign said he hasn't
    accepted any gigs and suggested that …"), or a speech participle at its end ("…, saying")."""
    if verb.dep_ == "advcl":
        return _speech_participle(verb)
    return speech_conjunct(verb, INDIRECT_CUES)


def _speech_participle(verb: Token) -> Optional[Token]:
    """"A strategist said Clinton will have to choose a side, saying, “…”": a speech participle
    after a comma at the end of a reported clause, which the parser hangs inside it, is the
    outer speaker's (returns the outer cue), not the clause subject's."""
    if verb.tag_ != "VBG" or verb.lemma_.lower() not in ALL_CUES or not _after_comma(verb) \
            or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None
    node = verb.head
    for _ in range(MAX_CLIMB):
        if node.dep_ == "ccomp" and node.head.i != node.i:
            outer = node.head
            return outer if outer.lemma_.lower() in INDIRECT_CUES and outer.pos_ == "VERB" and outer.i < verb.i else None
        if node.head.i == node.i or node.dep_ not in ("xcomp", "advcl", "conj", "ccomp"):
            return None
        node = node.head
    return None


def _name_between(verb: Token, quote: QuotedSpan) -> Optional[Token]:
    """"“…,” Ramos, 58, told AFP": the noun phrase between the closing mark and the cue, which
    the parser did not make the cue's subject (here it hangs on the quote's verb)."""
    first = verb.i
    while first > 0 and verb.doc[first - 1].idx >= quote.end:
        first -= 1
    words = [t for t in verb.doc[first:verb.i] if not (t.is_punct or t.is_space)]
    if not words or words[0].pos_ not in ("PROPN", "NOUN") or any(t.pos_ in ("VERB", "AUX", "ADP", "SCONJ") for t in words):
        return None
    return next((t for t in words if not words[0].i <= t.head.i < verb.i), None)


def _irrealis(verb: Token) -> bool:
    """A verb under a modal ("will assist … in urging"): what it would say is not said yet."""
    return any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children)


def _phrase(subj: Token, quote: Optional[QuotedSpan]) -> tuple[int, int]:
    """[start, end) of the speaker phrase: the subject without clauses hung on it."""
    keep = {t.i for t in without_clauses(subj, SPEAKER_PHRASE_CUTS, children_only=True) if not t.is_space
            and not (quote is not None and quote.start <= t.idx < quote.end)} | {subj.i}
    keep |= {t.i for t in subj.children if t.text == "-" and not t.whitespace_}  # "the 46-year-old"
    lo, hi = subj.i, subj.i  # the run of kept tokens around the head
    while lo - 1 in keep:
        lo -= 1
    while hi + 1 in keep:
        hi += 1
    doc = subj.doc
    while lo < subj.i and doc[lo].is_punct:
        lo += 1
    while hi > subj.i and (doc[hi].is_punct or doc[hi].pos_ in ("ADP", "DET", "CCONJ")):
        hi -= 1  # "China's ambassador to" when the parse hung the rest elsewhere
    return doc[lo].idx, doc[hi].idx + len(doc[hi])


def _owner_actor(ann: AnnotatedDocument, subj: Token) -> Optional[Actor]:
    """The actor a speaker phrase names as its owner: "a spokesperson for the Foreign Ministry",
    "Commonspace.eu political editor", "Russian officials" (not "Russian media")."""
    speaks_for = subj.lemma_.lower() in OFFICIAL_NOUNS
    for child in subj.children:
        if child.dep_ == "prep" and child.lower_ in ("for", "of", "at", "from", "in") and speaks_for:
            for obj in child.children:
                if obj.dep_ == "pobj":
                    actor = PhraseActors.of(ann).main(obj.left_edge.idx, obj.right_edge.idx + len(obj.right_edge))
                    if actor is not None and actor.kind != "location":
                        return actor
        elif child.dep_ in ("compound", "nmod", "poss") or (child.dep_ == "amod" and speaks_for):
            actor = PhraseActors.of(ann).main(child.left_edge.idx, child.right_edge.idx + len(child.right_edge))
            if actor is not None:
                return actor
    return None


def _titled(doc: Doc, start: int, end: int, role: str) -> bool:
    """The mention carries the role as its title: "Russian President Vladimir Putin", "President Putin"."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    if any(t.lemma_.lower() == role for t in span):
        return True
    for tok in reversed(doc[max(0, span.start - 4):span.start]):
        if tok.pos_ not in ("PROPN", "NOUN", "ADJ"):
            return False
        if tok.lemma_.lower() == role:
            return True
    return False


def _role_holder(ctx: Context, role: str, before: int) -> Optional[Actor]:
    """"the president": the last speaker so called, else the last person whose office is that role."""
    for _, spk in reversed(ctx.history):
        if spk.head_lemma == role and spk.actor is not None:
            return spk.actor
    role_word = re.compile(rf"\b{re.escape(role)}\b", re.IGNORECASE)
    holders = [((s, e), a) for (s, e), a in ctx.ann.mentions_in(0, before) if a.kind == "person"
               and ((a.role and role_word.search(a.role)) or _titled(ctx.doc, s, e, role))]
    return holders[-1][1] if holders else None


def _inside_quote(ctx: Context, offset: int) -> bool:
    return any(q.start <= offset < q.end for q in ctx.quoted)


def _pronoun_referent(ctx: Context, pronoun: str, before: int) -> Optional[Actor]:
    """he/she: going back sentence by sentence, a person who spoke there, else a person who is
    a subject there, else the last person named there; they/it: the last speaker of that kind."""
    if pronoun in PERSON_PRONOUNS:
        doc = ctx.doc
        spoke = {}
        for at, spk in ctx.history:
            if spk.actor is not None and spk.actor.kind == "person" and at < before:
                spoke[doc.char_span(at, at + 1, alignment_mode="expand").sent.start] = spk.actor
        sent = doc.char_span(before, before + 1, alignment_mode="expand").sent
        while True:
            if sent.start in spoke:
                return spoke[sent.start]
            people = [((s, e), a) for (s, e), a in ctx.ann.mentions_in(sent.start_char, min(sent.end_char, before))
                      if a.kind == "person" and not _inside_quote(ctx, s)]  # not someone the quote names
            subjects = [a for (s, e), a in people
                        if any(t.dep_ in ("nsubj", "nsubjpass") for t in doc.char_span(s, e, alignment_mode="expand"))]
            if subjects or people:
                return (subjects or [a for _, a in people])[-1]
            if sent.start == 0:
                return None
            sent = doc[sent.start - 1].sent
    for _, spk in reversed(ctx.history):
        if spk.actor is None:
            continue
        if pronoun in GROUP_PRONOUNS or (pronoun in THING_PRONOUNS and spk.actor.kind != "person"):
            return spk.actor
    return None


def speaker_of(ctx: Context, cue: Token, quote: Optional[QuotedSpan] = None) -> Optional[Speaker]:
    """Who speaks through this cue; None when nobody can be named."""
    if cue.i in ctx.speakers:
        return ctx.speakers[cue.i]
    speaker = _resolve_speaker(ctx, cue, quote)
    ctx.speakers[cue.i] = speaker
    if speaker is not None:
        ctx.history.append((cue.idx, speaker))
    return speaker


def _resolve_speaker(ctx: Context, cue: Token, quote: Optional[QuotedSpan]) -> Optional[Speaker]:
    ann = ctx.ann
    subj = _subject(cue, quote)
    if subj is None or ctx.in_quote[subj.i] is not None:
        return None
    start, end = _phrase(subj, quote)
    text, lemma = ann.body[start:end], subj.lemma_.lower()
    speaker = _named_speaker(ctx, cue, subj, text, lemma)
    if speaker is not None:
        rel = next((c for c in cue.children if c.dep_ == "nsubj" and c.tag_ in ("WP", "WDT")), None)
        speaker.span = (rel.idx, rel.idx + len(rel)) if rel is not None and subj.i == cue.head.i else (start, end)
    return speaker


def _named_speaker(ctx: Context, cue: Token, subj: Token, text: str, lemma: str) -> Optional[Speaker]:
    ann = ctx.ann
    if subj.pos_ == "PRON":
        low = POSSESSIVE_PRONOUNS.get(subj.lower_, subj.lower_)
        if low in GROUP_WORDS:
            return Speaker(None, text, low)  # "many say", "some argue"
        if low in WRITER_PRONOUNS:
            return Speaker(None, text, low)  # the writer or the one interviewed: its text, no actor
        if low not in PERSON_PRONOUNS | GROUP_PRONOUNS | THING_PRONOUNS:
            return None  # who, that: nobody we can name
        # unresolved: the pronoun still says who spoke in the text, with no actor behind it
        return Speaker(_pronoun_referent(ctx, low, cue.idx), text, low)
    actor = ann.actor_at(subj.idx, subj.idx + len(subj))
    if actor is None and lemma not in MEDIUM_NOUNS:
        actor = _owner_actor(ann, subj)
    if actor is None and any(c.lower_ in ("the", "this", "that") for c in subj.lefts):
        actor = _role_holder(ctx, lemma, cue.idx)  # "the president", "the spokesperson"
    nominal = subj.pos_ in ("PROPN", "NOUN", "NUM") or (  # "said the 46-year-old"
        subj.pos_ == "ADJ" and any(c.dep_ == "det" for c in subj.children))
    if actor is None and ((lemma in TEXT_NOUNS and cue.lower_ not in SOURCE_CUE_WORDS) or not (
            nominal or subj.lower_ in GROUP_WORDS
            or subj.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"))):
        return None  # "the treaty", "the document": not a speaker
    # any other noun speaks: groups ("politicians say", "47 percent said", "sources say") and
    # the polls, reports and surveys that PolNeAR's annotators count as sources
    return Speaker(actor, text, lemma)


# ---- direct quotes --------------------------------------------------------------------

def _find_cue(ctx: Context, q: QuotedSpan) -> Optional[Token]:
    """The cue that governs a quotation, if any; None for names, scare quotes and bare quotes."""
    doc, body = ctx.doc, ctx.ann.body
    tokens = doc.char_span(q.start, q.end, alignment_mode="expand")
    if tokens is None or _looks_like_name(tokens):
        return None
    short = _word_count(doc, q) <= SHORT_QUOTE_WORDS
    if short and tokens.start > 1 and doc[tokens.start - 2].tag_ in ("IN", "POS"):
        return None  # a programme or title: “on NBC's “Meet the Press.””
    cue = _governing_cue(ctx, q, short) or (None if short else _inserted_cue(ctx, q, tokens))
    if cue is None and (not short or body[q.end - 1:q.end] in ".!?," or body[q.end:q.end + 1] == ","):
        cue = _cue_after(ctx, q) or (None if short else _cue_before(ctx, q))
    return cue


def _inserted_cue(ctx: Context, q: QuotedSpan, tokens: SpacySpan) -> Optional[Token]:
    """"The industry, she said, is “doing much better”", "The pipeline, she said, is “a
    commercial project …”": the parser hangs the inserted attribution (parataxis, before the
    opening mark) on the verb the quote holds or is the complement of."""
    head = tokens.root
    clause = head if head.head.i == head.i or ctx.in_quote[head.head.i] is not None else head.head
    return next((c for c in clause.children if c.dep_ == "parataxis" and c.idx < q.open_mark
                 and is_cue(c, ctx.in_quote) and _in_reach(ctx, c, q)), None)


def _direct_quotes(ctx: Context, cues: list[Token], cue_of: dict[int, Token]):
    """Each quotation with its cue (None when it continues the speech before it) and speaker."""
    found: list[tuple[QuotedSpan, Optional[Token], Speaker]] = []
    for k, q in enumerate(ctx.quoted):
        cue = cue_of.get(k)
        if cue is not None:
            speaker = speaker_of(ctx, cue, q)  # resolved already, unless a manner of speaking
            if speaker is not None:
                found.append((q, cue, speaker))
            continue
        tokens = ctx.doc.char_span(q.start, q.end, alignment_mode="expand")
        if tokens is None or _looks_like_name(tokens) or _word_count(ctx.doc, q) <= SHORT_QUOTE_WORDS \
                or not _sentence_start_quote(ctx, q):
            continue
        speaker = _speech_before(ctx, q, cues, found)
        if speaker is not None:
            found.append((q, None, speaker))
    return _open_quotes_continued(ctx, cue_of, found)


def _open_quotes_continued(ctx: Context, cue_of: dict[int, Token], found):
    """A quote left open at the end of a paragraph, with no cue, takes the speaker of the quote
    that opens the next paragraph (the attribution often comes only there)."""
    by_quote = {id(q): (q, cue, spk) for q, cue, spk in found}
    for k, q in enumerate(ctx.quoted[:-1]):
        nxt = ctx.quoted[k + 1]
        if q.close_mark is not None or k in cue_of or id(q) in by_quote or id(nxt) not in by_quote:
            continue
        if ctx.ann.body[q.paragraph[1]:nxt.open_mark].strip() or _word_count(ctx.doc, q) <= SHORT_QUOTE_WORDS:
            continue
        tokens = ctx.doc.char_span(q.start, q.end, alignment_mode="expand")
        if tokens is None or _looks_like_name(tokens) or not _sentence_start_quote(ctx, q):
            continue
        by_quote[id(q)] = (q, None, by_quote[id(nxt)][2])
    return sorted(by_quote.values(), key=lambda f: f[0].start)


def _speech_before(ctx: Context, q: QuotedSpan, cues: list[Token], found) -> Optional[Speaker]:
    """The speaker of the sentence just before a quote that has no cue of its own: a cue in
    that sentence, or a quote left open at the end of the paragraph before."""
    doc = ctx.doc
    mark = doc.char_span(q.open_mark, q.open_mark + 1, alignment_mode="expand")
    if mark is None or mark.start == 0:
        return None
    prev = doc[mark.start - 1]
    while prev.i > 0 and (prev.is_space or prev.text in QUOTE_TOKENS):
        prev = doc[prev.i - 1]
    if found and found[-1][0].close_mark is None and found[-1][0].end <= prev.idx + len(prev) \
            and found[-1][0].paragraph[1] <= q.open_mark:
        last_q = found[-1][0]
        if not ctx.ann.body[last_q.paragraph[1]:q.open_mark].strip():
            return found[-1][2]  # a quote running on into the next paragraph
    sent = prev.sent
    if q.paragraph[0] > sent.start_char and prev.idx < q.paragraph[0]:
        return None  # the sentence before belongs to another paragraph
    in_sentence = [c for c in cues if sent.start <= c.i <= prev.i]
    # the speech act of the sentence, not one it reports ("X said the Kremlin would respond")
    for cue in reversed([c for c in in_sentence if not any(a in in_sentence for a in c.ancestors)]):
        speaker = speaker_of(ctx, cue)
        if speaker is not None:
            return speaker
    return None


SPLIT_ATTRIBUTION_WORDS = 40  # the most words an attribution between two parts of one quote holds
# Cues that, hanging on the attribution between two quotes, still say something of their own
# ("…,” she said, adding that …”): the quotes either side stay apart.
SPEECH_OF_ITS_OWN = frozenset({"add", "say", "tell", "argue", "insist", "write"})


def _joined(ctx: Context, found, cues: list[Token]) -> list[tuple[list[tuple[int, int]], Optional[Token], Speaker]]:
    """“A,” he said, “B”: one quote of two fragments, as PolNeAR annotates one content of two
    parts (also across the full stop after the attribution: “A,” said X, a pollster who …. “B”).
    Joined when one attribution stands between the parts — its cue, other cues only hanging on
    it ("…,” she said, referring to …", "said X, who noted that …"), no quotation but a title
    or a scare quote —, the second has no cue of its own or that one, and both have the same
    speaker. A paraphrase in the attribution is still a quote of its own."""
    out: list[tuple[list[tuple[int, int]], Optional[Token], Speaker, QuotedSpan]] = []
    for q, cue, spk in found:
        if out:
            frags, cue0, spk0, last = out[-1]
            if _same_speaker(spk, spk0) and _split_quote(ctx, last, cue0, q, cue, cues):
                out[-1] = (frags + [(q.start, q.end)], cue0 or cue, spk0, q)
                continue
        out.append(([(q.start, q.end)], cue, spk, q))
    return [(frags, cue, spk) for frags, cue, spk, _ in out]


def _split_quote(ctx: Context, a: QuotedSpan, cue_a: Optional[Token], b: QuotedSpan, cue_b: Optional[Token],
                 cues: list[Token]) -> bool:
    if a.close_mark is None or a.paragraph != b.paragraph:
        return False
    # another quotation between is a speech of its own, but a title or scare quote is not
    # ("…,” he said on “Meet the Press.” “B”); nor is the ’ of "ABC’s"
    lo, hi = a.close_mark + 1, b.open_mark
    titles = [q for q in ctx.quoted if lo <= q.open_mark < hi]
    if any(q.close_mark is None or q.close_mark >= hi or not _title_or_scare_quote(ctx, q) for q in titles):
        return False
    body = ctx.ann.body
    marks = {q.open_mark for q in titles} | {q.close_mark for q in titles}
    if any(body[i] in QUOTE_CHARS and i not in marks and not _apostrophe(body, i) for i in range(lo, hi)) \
            or ("''" in body[lo:hi] and not titles):
        return False
    between = body[lo:hi]
    cue = cue_a or cue_b
    if cue is None or (cue_b is not None and cue_b.i != cue.i) or not a.close_mark < cue.idx < b.open_mark:
        return False  # not the attribution of either
    # other cues between may only hang on the attribution ("…,” said X, who noted that … “B”;
    # "…,” he said, referring to …), not be a speech of their own ("…,” she said, adding that …)
    if any(c.i != cue.i and (cue not in c.ancestors or (c.lemma_.lower() in SPEECH_OF_ITS_OWN and not _relative(c)))
           for c in cues if a.close_mark < c.idx < b.open_mark):
        return False
    return len(re.findall(r"\w+", between)) <= SPLIT_ATTRIBUTION_WORDS


def _relative(tok: Token) -> bool:
    """In a relative clause: "said X, who said she …" describes the speaker."""
    return any(t.dep_ == "relcl" for t in [tok, *tok.ancestors])


def _title_or_scare_quote(ctx: Context, q: QuotedSpan) -> bool:
    """A quotation that is no speech: three words or fewer, or a name ("This Week With George
    Stephanopoulos")."""
    if _word_count(ctx.doc, q) <= SHORT_QUOTE_WORDS:
        return True
    tokens = ctx.doc.char_span(q.start, q.end, alignment_mode="expand")
    return tokens is not None and _looks_like_name(tokens)


def _apostrophe(text: str, i: int) -> bool:
    """A ’ or ' after a letter: "ABC’s", "Democrats’", "don’t"."""
    return text[i] in "’'" and i > 0 and text[i - 1].isalpha()


# ---- indirect quotes ------------------------------------------------------------------

def _clause_span(tokens: list[Token]) -> Optional[tuple[int, int]]:
    while tokens and (tokens[0].is_punct or tokens[0].is_space or tokens[0].dep_ == "mark"):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
        tokens = tokens[:-1]
    if not tokens:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def _reported_clause(ctx: Context, cue: Token, any_frame: bool = False) -> Optional[tuple[int, int]]:
    """[start, end) of what the cue reports: its ccomp, or the clause "according to X" (or "in
    the poll") heads.
    Only through the frames the lexicon accepts for its lemma, or any (`any_frame`: a
    candidate for the learned scorer)."""
    doc = ctx.doc
    if cue.lower_ in SOURCE_CUE_WORDS:
        phrase = {t.i for t in cue.subtree}
        lo, hi = min(phrase), max(phrase)
        sent = _own_sentence(cue, lo, hi)
        before = [t for t in sent if t.i < lo]
        after = [t for t in sent if t.i > hi]
        if any(not (t.is_punct or t.is_space) for t in before) and any(not (t.is_punct or t.is_space) for t in after):
            return _clause_span(list(sent))  # "X, according to Y, will …": the whole sentence
        return _clause_span(after if any(not t.is_punct for t in after) else before)
    lemma = cue.lemma_.lower()
    if lemma not in FRAME_LEMMAS and not any_frame:
        return None

    def accepts(name: Optional[str]) -> bool:
        return name is not None and (any_frame or (lemma, name) in FRAME_CUES)

    if cue.pos_ == "NOUN":
        name = frame(cue)
        tokens = frame_tokens(cue, name) if name is not None else []
        return _clause_span(tokens) if len(tokens) >= 2 else None
    comps = [c for c in cue.children if c.dep_ == "ccomp"]
    comp = comps[0] if comps else None
    if comp is not None and comp.i < cue.i and any(
            p.dep_ == "punct" and p.text in (":", ";") and comp.i < p.i < cue.i for p in cue.children):
        # "the group polled members: 1,409 teachers said they wanted …": the clause before the
        # colon is not what they said
        comp = next((c for c in comps if c.i > cue.i), None)
    if comp is None and accepts("ccomp"):
        # "asked the contender if he had …": the parse hangs the question on the verb as an
        # adverbial clause; what was asked is that clause, not the one asked
        comp = next((c for c in cue.children if c.dep_ == "advcl" and c.i > cue.i and any(
            m.dep_ == "mark" and m.lower_ in ("if", "whether") for m in c.children)), None)
    if comp is None:
        if accepts("ccomp") and (inserted := _inserted_clause(ctx, cue)) is not None:
            return inserted
        name = frame(cue)
        return _phrase_content(ctx, cue, name) if accepts(name) else None
    if not accepts("ccomp"):
        return None
    sent = cue.sent
    # within the cue's sentence, and after the cue when the clause wraps round it
    # ("vehicles that analysts say will boost sales")
    lo = max(comp.left_edge.i, sent.start, cue.i + 1 if comp.left_edge.i < cue.i < comp.i else 0)
    while lo < cue.i and "\n\n" in doc[lo:cue.i].text:  # not across a paragraph break before the cue
        lo += 1
    hi = min(comp.right_edge.i, sent.end - 1)
    if comp.i < cue.i:
        # "X saw it differently: “When he says …,” he said": the quotation after the colon
        colon = next((t.i for t in reversed(doc[lo:cue.i]) if t.text == ":" and t.i + 1 < cue.i
                      and doc[t.i + 1].text in QUOTE_TOKENS), None)
        lo = colon + 1 if colon is not None else lo
    second = next((c for c in comp.children if c.dep_ == "conj" and c.i > comp.i and _speech_conjunct(c) is not None), None)
    if second is not None:  # "said A and suggested B": A only
        cc = [c.i for c in comp.children if c.dep_ in ("cc", "punct") and comp.i < c.i < second.i]
        hi = min(hi, (min(cc) if cc else second.left_edge.i) - 1)
    participle = next((t for t in doc[comp.i + 1:hi + 1] if t.dep_ == "advcl" and _speech_participle(t) is not None), None)
    if participle is not None:  # "said A, saying B": A only
        hi = min(hi, min(t.i for t in participle.subtree if not t.is_punct) - 2)
    tokens = list(doc[lo:hi + 1])
    cut = next((k for k, t in enumerate(tokens) if "\n\n" in t.text_with_ws), None)
    tokens = tokens[:cut + 1] if cut is not None else tokens
    if not any(t.pos_ in ("VERB", "AUX") for t in tokens):
        return None  # a noun phrase the parser took for a clause ("reported the air quality")
    return _clause_span(tokens)


def _own_sentence(cue: Token, lo: int, hi: int) -> list[Token]:
    """The parser's sentence around tokens lo..hi, cut at full stops and paragraph breaks: the
    small model lets a sentence run on ("…, according to the FBI.  Among murders …")."""
    sent, doc = cue.sent, cue.doc
    start, end = lo, hi
    while start > sent.start and not _sentence_stop(doc[start - 1]):
        start -= 1
    while end + 1 < sent.end and not _sentence_stop(doc[end]):
        end += 1
    return list(doc[start:end + 1])


def _cut_through(body: str, span: tuple[int, int], q: QuotedSpan) -> bool:
    """Words of the quotation stand outside the clause (its closing "." or "!" may)."""
    return any(ch.isalnum() for ch in body[q.start:min(q.end, span[0])] + body[max(q.start, span[1]):q.end])


# what an "as" clause may hold besides its cue: who, when, where, "out" — nothing it reports
AS_CLAUSE_DEPS = frozenset({"mark", "nsubj", "nsubjpass", "aux", "auxpass", "neg", "advmod", "prep", "npadvmod",
                            "punct", "agent", "prt"})


def _as_clause(cue: Token) -> bool:
    """"As Trump said last week, the wall …", "…, as David Dayen noted", and "…, she said."
    when the parser makes the attribution an adverbial clause: a speech verb with nothing of
    its own to report, introduced by "as" or by a comma, reports the clause it modifies (not
    "as he said goodbye", not "when he said that")."""
    if cue.dep_ != "advcl" or cue.lemma_.lower() not in INDIRECT_CUES or cue.i == 0 \
            or not all(c.dep_ in AS_CLAUSE_DEPS for c in cue.children):
        return False
    marks = [c.lower_ for c in cue.children if c.dep_ == "mark"]
    if marks:
        return marks == ["as"]
    return _after_comma(cue) and any(c.dep_ == "nsubj" for c in cue.children)


def _after_comma(tok: Token) -> bool:
    """The words of tok's phrase follow a comma (a comma the parser hangs on it included)."""
    first = min((t.i for t in tok.subtree if not t.is_punct), default=tok.i)
    return first > 0 and tok.doc[first - 1].text == ","


def _inserted_clause(ctx: Context, cue: Token) -> Optional[tuple[int, int]]:
    """"The hashtag, he said, was popular" / "The deal is dead, he said": the parser hangs the
    cue on the reported clause (parataxis); the clause is its head's, without the cue's part.
    Likewise "…, as X noted" (`_as_clause`)."""
    def quoted_by_another(k: Optional[int]) -> bool:  # a quotation with a cue of its own, not this one
        other = ctx.cue_of.get(k) if k is not None else None
        return other is not None and other.i != cue.i

    if (cue.dep_ not in ("parataxis", "conj") and not _as_clause(cue)) or cue.head.pos_ not in ("VERB", "AUX") \
            or quoted_by_another(ctx.in_quote[cue.head.i]):
        return None
    if cue.dep_ == "conj":  # "This includes X, Carter told a panel": a clause of its own after a comma
        subj = next((c for c in cue.children if c.dep_ == "nsubj"), None)
        first = cue.left_edge
        if subj is None or cue.i < cue.head.i or first.i == 0 or cue.doc[first.i - 1].text != "," \
                or any(c.dep_ == "cc" for c in cue.head.children if c.i < cue.i):
            return None
    sent = cue.sent
    own = {t.i for t in cue.subtree}
    tokens = [t for t in cue.head.subtree if t.i not in own and sent.start <= t.i < sent.end]
    if any(quoted_by_another(k) for k in {ctx.in_quote[t.i] for t in tokens}):
        return None  # another's direct quote: that one is the speech ("The deal, she said, is “dead”": one content)
    cut = next((k for k, t in enumerate(tokens) if "\n\n" in t.text_with_ws), None)
    tokens = tokens[:cut + 1] if cut is not None else tokens
    if not any(t.pos_ in ("VERB", "AUX") for t in tokens):
        return None
    return _clause_span(tokens)


def _phrase_content(ctx: Context, cue: Token, name: str) -> Optional[tuple[int, int]]:
    """What a cue with no clause reports: its object and what the object is asked or called to
    be ("urged Congress to act", "called the vote a farce"), or the object of "called for",
    "warned of", "referred to"; after the cue, within its sentence."""
    if is_passive(cue):
        return None  # "a practice criticized by X": the content stands before, as the subject
    if any(a.dep_ == "ccomp" for a in cue.ancestors) or cue.dep_ == "ccomp":
        return None  # "the treaty says both sides will defend each other": part of what another says
    tokens = frame_tokens(cue, name)
    if not tokens:
        return None
    cut = next((k for k, t in enumerate(tokens) if "\n\n" in t.text_with_ws), None)
    tokens = tokens[:cut + 1] if cut is not None else tokens
    if sum(1 for t in tokens if t.is_alpha or t.like_num) < 2 and not any(t.pos_ == "PROPN" for t in tokens) \
            or tokens[0].pos_ == "PRON" and len(tokens) < 3:
        return None  # "praised it", "criticized him": no content to speak of; "endorsed Cruz" has one
    return _clause_span(tokens)


MIXED_MIN_WORDS = 2  # words of a reported clause outside its quotation that make it a paraphrase


def _same_speaker(a: Speaker, b: Speaker) -> bool:
    return a is b or (a.actor is not None and b.actor is not None and a.actor.id == b.actor.id)


def _indirect_quotes(ctx: Context, cues: list[Token], direct, direct_cues: set[int]):
    """Each reported clause with its cue and speaker, and the kind: "mixed" when it holds a
    direct quote of the same speaker ("X added that Russia is “very concretely threatening”"),
    which PolNeAR annotates as one content; returns them and the indices of the direct quotes
    they take in."""
    out, seen, taken = [], set(), set()
    body = ctx.ann.body
    for cue in cues:
        span = _reported_clause(ctx, cue)
        if span is None or span[1] - span[0] < 2 or span in seen:
            continue
        if _topic_of_quote(cue, direct_cues):
            continue
        if any(q.start < span[1] and span[0] < q.end and _cut_through(body, span, q) for q in ctx.quoted):
            continue  # the clause cuts through a quotation: the parse went astray
        # a fragment, not the attribution between two ("“A,” she said, referring to X. “B”")
        inside = [k for k, (frags, _, _) in enumerate(direct) if any(s < span[1] and span[0] < e for s, e in frags)]
        speaker = speaker_of(ctx, cue)
        if speaker is None:
            continue
        kind = "indirect"
        if inside:
            outside = body[span[0]:span[1]]
            for k in sorted(inside, reverse=True):
                s, e = direct[k][0][0][0] - span[0], direct[k][0][-1][1] - span[0]
                outside = outside[:max(0, s)] + " " + outside[max(0, e):]
            if any(k in taken or not _same_speaker(direct[k][2], speaker) for k in inside) \
                    or len(re.findall(r"\w+", outside)) < MIXED_MIN_WORDS:
                continue  # the clause is the direct quote, or holds another's: that one is the quote
            span = (min(span[0], direct[inside[0]][0][0][0]), max(span[1], direct[inside[-1]][0][-1][1]))
            taken.update(inside)
            kind = "mixed"
        seen.add(span)
        out.append((span, cue, speaker, kind))
    return out, taken


def _topic_of_quote(cue: Token, direct_cues: set[int]) -> bool:
    """"praised the treaty, calling it “…”": the quote is what was said, the object its topic."""
    return any(c.i in direct_cues and c.dep_ in ("advcl", "conj", "xcomp") for c in cue.children) \
        and not any(c.dep_ == "ccomp" for c in cue.children)


def _around_cue(ctx: Context, span: tuple[int, int], cue: Token) -> list[tuple[int, int]]:
    """The pieces of a content an inserted attribution splits ("The hashtag, he said, was
    popular": "The hashtag" and "was popular"); the one span when the cue stands outside it."""
    if not span[0] < cue.idx < span[1]:
        return [span]
    tokens = ctx.doc.char_span(span[0], span[1], alignment_mode="expand")
    own = [t.i for t in cue.subtree if span[0] <= t.idx < span[1]]
    if tokens is None or not own:
        return [span]
    left = _clause_span([t for t in tokens if t.i < min(own)])
    right = _clause_span([t for t in tokens if t.i > max(own)])
    return [p for p in (left, right) if p is not None] or [span]


# ---- headline grammar -----------------------------------------------------------------

HEADLINE_MAX_WORDS = 25  # a paragraph this short may be a headline or a subhead
HEADLINE_SPEAKER_WORDS = 6


def _headline_quotes(ctx: Context, taken: list[tuple[int, int]]):
    """"Clinton: Trump is unfit", "Poll: Sanders leads in Iowa": a short paragraph opening with a
    name and a colon reports what follows it, as PolNeAR's annotators read headlines. The name
    must be a noun phrase without a verb that names someone (a proper noun or a speaker noun),
    not an interview's "Q:" or "A:"."""
    body, doc, out = ctx.ann.body, ctx.doc, []
    for p_start, p_end in paragraphs(body):
        colon = body.find(":", p_start, p_end)
        if colon < 0 or len(body[p_start:p_end].split()) > HEADLINE_MAX_WORDS:
            continue
        name = doc.char_span(p_start, colon, alignment_mode="contract")
        if name is None or not 1 <= len(name) <= HEADLINE_SPEAKER_WORDS or len(name.text) < 2:
            continue
        words = [t for t in name if not (t.is_punct or t.is_space)]
        if not words or not words[0].text[:1].isupper() or any(t.pos_ in ("VERB", "AUX", "PRON") for t in words) \
                or body[colon + 1:colon + 3] == "//":
            continue
        root = name.root
        if not (root.lemma_.lower() in SPEAKER_NOUNS | {"poll", "survey"}
                or ctx.ann.mentions_in(name.start_char, name.end_char)
                or root.pos_ == "PROPN" and root.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
                or _names_a_person_elsewhere(doc, name)):
            continue  # "Big Win For Bernie:", "Delegate Update:": a label, not a speaker
        start = colon + 1
        while start < p_end and body[start].isspace():
            start += 1
        end = p_end
        while end > start and (body[end - 1].isspace() or body[end - 1] in ".;"):
            end -= 1
        if len(re.findall(r"\w+", body[start:end])) < 3 or any(s < end and start < e for s, e in taken):
            continue
        actor = ctx.ann.actor_at(name.start_char, name.end_char)
        if actor is None:
            actor = next((a for _, a in ctx.ann.mentions_in(name.start_char, name.end_char)), None)
        if actor is None:  # "Trump:": the one person of the text whose name ends so
            people = {a.id: a for a in ctx.ann.actors if a.kind == "person" and a.name.split()[-1] == name[-1].text}
            actor = next(iter(people.values())) if len(people) == 1 else None
        out.append(((start, end), (colon, colon + 1),
                    Speaker(actor, name.text, root.lemma_.lower(), (name.start_char, name.end_char))))
    return out


def _names_a_person_elsewhere(doc: Doc, name: SpacySpan) -> bool:
    """A capitalised name whose last word ends a person's name elsewhere in the text: "Trump:"
    or "Lynch:" opening a headline, which the parser takes for a common noun there."""
    last = name[-1]
    if not last.text[:1].isupper():
        return False
    return any(e.label_ == "PERSON" and e[-1].text == last.text and not (name.start <= e.start < name.end)
               for e in doc.ents)


# ---- the extractor --------------------------------------------------------------------

@extractor("quotes")
def extract_quotes(ann: AnnotatedDocument) -> list[Quote]:
    """The direct and indirect quotes of a document, in text order; speakers are actor ids of `ann.actors`."""
    quotes, candidates, ctx = lexicon_quotes(ann)
    model = load_model()
    if model is not None and candidates:
        weak = {c.quote for c in candidates if c.quote is not None and model.probability(c.features) < model.keep_threshold}
        quotes = [q for k, q in enumerate(quotes) if k not in weak] + _learned_quotes(ctx, candidates, model)
    return sorted(quotes, key=lambda q: q.span)


def lexicon_quotes(ann: AnnotatedDocument) -> tuple[list[Quote], list["Candidate"], Optional[Context]]:
    """The quotes the lexicon finds, and the candidates it turned down for the learned scorer
    (scripts/train_speech.py learns from these very candidates)."""
    doc, body = ann.doc, ann.body
    if not body.strip() or len(doc) == 0:
        return [], [], None
    quoted = find_quoted_spans(body)
    ctx = Context(ann, quoted, _token_quote_index(doc, quoted))
    cues = [t for t in doc if is_cue(t, ctx.in_quote)]
    ctx.cue_of = cue_of = {k: cue for k, q in enumerate(quoted) if (cue := _find_cue(ctx, q)) is not None}
    quote_of_cue = {cue.i: quoted[k] for k, cue in sorted(cue_of.items(), reverse=True)}
    for cue in cues:  # in text order, so that pronouns and roles look back at earlier speakers
        speaker_of(ctx, cue, quote_of_cue.get(cue.i))
    direct = _joined(ctx, _direct_quotes(ctx, cues, cue_of), cues)
    direct_cues = {c.i for _, c, _ in direct if c is not None}
    indirect, taken = _indirect_quotes(ctx, cues, direct, direct_cues)
    quotes = [_quote(body, frags, cue, spk, "direct") for k, (frags, cue, spk) in enumerate(direct) if k not in taken]
    # a clause inside another's reported content is part of that content (PolNeAR annotates
    # "X said she hoped that …" as one content, and tune-split predictions of the inner one were
    # wrong four times in five)
    # — unless the outer one is a weaker cue than a speech verb inside it ("released a statement
    # saying …": the saying is the speech)
    def speech(cue: Token) -> bool:
        return cue.lemma_.lower() in INDIRECT_CUES

    indirect = [(span, cue, spk, kind) for span, cue, spk, kind in indirect
                if not any(o[0] <= span[0] and span[1] <= o[1] and o != span and (speech(oc) or not speech(cue))
                           for o, oc, _, _ in indirect)
                and not any(span[0] <= i[0] and i[1] <= span[1] and i != span and speech(ic) and not speech(cue)
                            for i, ic, _, _ in indirect)]
    # the lexicon's paraphrases go to the scorer too, which may turn down a weak one
    lexical = [Candidate(cue, span, _features(ctx, cue, span) + ["lexicon"], len(quotes) + k, spk.span)
               for k, (span, cue, spk, kind) in enumerate(indirect) if kind == "indirect" and cue.lower_ not in SOURCE_CUE_WORDS]
    quotes += [_quote(body, _around_cue(ctx, span, cue), cue, spk, kind) for span, cue, spk, kind in indirect]
    for span, cue_span, spk in _headline_quotes(ctx, [q.span for q in quotes]):
        quotes.append(Quote(speaker=spk.actor.id if spk.actor else None, speaker_text=spk.text,
                            text=body[span[0]:span[1]],
                            kind="indirect", cue=":", span=span, speaker_span=spk.span, cue_span=cue_span))
    reported = {cue.i for _, cue, _, _ in indirect}
    found = [tuple(f) for q in quotes for f in (q.fragments or [q.span])]  # not the attribution inside a split quote
    return quotes, lexical + speech_candidates(ctx, reported | direct_cues, found, direct_cues), ctx


# ---- learned cues ---------------------------------------------------------------------

LEARNED_POS = frozenset({"VERB", "AUX", "NOUN"})


@dataclass
class Candidate:
    """A cue with the content it reports and its features: one of the lexicon's paraphrases
    (`quote`: its index among the lexicon's quotes), or a verb or noun the lexicon turned down
    (`quote` None)."""
    cue: Token
    span: tuple[int, int]
    features: list[str]
    quote: Optional[int] = None
    subject: Optional[tuple[int, int]] = None  # the subject phrase, where the speaker would be named


def _features(ctx: Context, cue: Token, span: tuple[int, int]) -> list[str]:
    subj = _subject(cue, None)
    actor = ctx.ann.actor_at(subj.idx, subj.idx + len(subj)) if subj is not None else None
    return cue_features(cue, frame(cue), span, subj, actor.kind if actor is not None else None)


def _subject_phrase(cue: Token) -> Optional[tuple[int, int]]:
    subj = _subject(cue, None)
    return _phrase(subj, None) if subj is not None else None


def speech_candidates(ctx: Context, reported: set[int], taken: list[tuple[int, int]],
                      direct_cues: set[int]) -> list[Candidate]:
    """Verbs and nouns outside quotation marks whose paraphrase the lexicon did not take (the
    token indices `reported`), with a complement that could be reported content (any frame:
    "supported the agreement" although "support" reports a clause only), a subject that could
    name a speaker, and a content that overlaps no quote found (`taken`) and no quotation:
    those are the lexicon's."""
    out = []
    for tok in ctx.doc:
        if tok.pos_ not in LEARNED_POS or tok.i in reported or ctx.in_quote[tok.i] is not None \
                or tok.lower_ == "according" or _topic_of_quote(tok, direct_cues):
            continue
        span = _reported_clause(ctx, tok, any_frame=True)
        if span is None or span[1] - span[0] < 2 or any(s < span[1] and span[0] < e for s, e in taken) \
                or any(q.start < span[1] and span[0] < q.end for q in ctx.quoted):
            continue
        subj = _subject(tok, None)
        if subj is None or ctx.in_quote[subj.i] is not None:
            continue
        lexicon = ["cue_lemma"] if tok.lemma_.lower() in ALL_CUES else []
        out.append(Candidate(tok, span, _features(ctx, tok, span) + lexicon, None, _phrase(subj, None)))
    return out


def that_clauses(candidates) -> list[tuple[int, int]]:
    """The contents of the (span, features) candidates that report a that-clause. What such a
    clause holds is part of one content, as for the lexicon's quotes: "Borrell underlined that
    the EU will make every effort to …" does not report the effort on its own, even when the
    model does not know the outer verb (scripts/train_speech.py selects the same way)."""
    return [span for span, features in candidates if "frame=ccomp" in features and "mark=that" in features]


def inside(span: tuple[int, int], outer: list[tuple[int, int]]) -> bool:
    return any(o[0] <= span[0] and span[1] <= o[1] and o != span for o in outer)


def _learned_quotes(ctx: Context, candidates: list[Candidate], model: CueModel) -> list[Quote]:
    """The new candidates of a lemma the model knows that it scores at its threshold or above,
    most probable first, none overlapping another; speakers resolved in text order, as the
    lexicon's are."""
    chosen: list[Candidate] = []
    reports = that_clauses((c.span, c.features) for c in candidates)
    scored = ((model.probability(c.features), c) for c in candidates if c.quote is None and model.knows(c.features)
              and not inside(c.span, reports))
    for p, c in sorted(scored, key=lambda pc: (-pc[0], pc[1].cue.i)):
        if p < model.threshold:
            break
        if not any(o.span[0] < c.span[1] and c.span[0] < o.span[1] for o in chosen):
            chosen.append(c)
    out = []
    for c in sorted(chosen, key=lambda c: c.cue.i):
        speaker = speaker_of(ctx, c.cue)
        if speaker is not None:
            out.append(_quote(ctx.ann.body, _around_cue(ctx, c.span, c.cue), c.cue, speaker, "indirect"))
    return out


def _quote(body: str, fragments: list[tuple[int, int]], cue: Optional[Token], speaker: Speaker, kind: str) -> Quote:
    span = (fragments[0][0], fragments[-1][1])
    cue_span = None
    if cue is not None:
        first, last = cue, cue
        if cue.lower_ == "according":
            last = next((c for c in cue.children if c.lower_ == "to"), cue)
        elif any(c.dep_ == "neg" for c in cue.children):
            # "did not say", "doesn't believe": the negation is part of the cue, or the quote would
            # read as said (PolNeAR annotates negated attributions with their negation in the cue)
            first = min((c for c in cue.children if c.dep_ in ("neg", "aux") and c.i < cue.i), key=lambda c: c.i,
                        default=cue)
        cue_span = (first.idx, last.idx + len(last))
    cue_text = body[cue_span[0]:cue_span[1]] if cue_span else None
    if cue is not None and cue.lower_ == "according":
        cue_text = "according to"  # one spelling to query by
    return Quote(speaker=speaker.actor.id if speaker.actor else None, speaker_text=speaker.text,
                 text=body[span[0]:span[1]], kind=kind, cue=cue_text, span=span,
                 fragments=fragments if len(fragments) > 1 else [], speaker_span=speaker.span, cue_span=cue_span)
