"""The parse helpers the extractors share (geowire.nlp.parse): sentences and paragraphs,
negation, passive voice, clause trimming, places, the speech vocabulary, phrases → actors."""
from __future__ import annotations

import gc
import re
import weakref

import pytest
from spacy.tokens import Doc

from geowire.model import Actor, Document
from geowire.nlp.document import AnnotatedDocument
from geowire.nlp.parse import (MAX_NESTED_PHRASES, PhraseActors, is_negated, is_passive, paragraph_of, paragraphs,
                               place_name, sentence_of, sentence_offsets, sentences, vocabulary, without_clauses)


def annotate(nlp, text: str, names: dict[str, tuple[str, str]]) -> AnnotatedDocument:
    """The parse of `text` with an actor per name: {surface form: (id, kind)}."""
    actors = []
    for form, (actor_id, kind) in names.items():
        mentions = [(m.start(), m.end()) for m in re.finditer(r"\b%s\b" % re.escape(form), text)]
        actors.append(Actor(id=actor_id, name=form, kind=kind, mentions=mentions))
    ann = AnnotatedDocument(document=Document(body=text), doc=nlp(text), actors=actors)
    ann.index_mentions()
    return ann


def token(doc, text: str, nth: int = 0):
    return [t for t in doc if t.text == text][nth]


# ---- sentences and paragraphs -----------------------------------------------------------------

def test_sentences_are_cut_at_blank_lines_and_found_by_token(nlp):
    text = "Germany accuses Russia of cyberattacks\n\nThe German government holds Russia responsible."
    doc = nlp(text)
    sents = sentences(doc)
    assert [s.text.strip() for s in sents] == ["Germany accuses Russia of cyberattacks",
                                              "The German government holds Russia responsible."]
    assert sentence_of(sents, token(doc, "holds").i) == 1
    assert sentence_of(sents, token(doc, "accuses").i) == 0
    start, end = sentence_offsets(sents[0])
    assert text[start:end] == "Germany accuses Russia of cyberattacks"  # without the blank line


def test_paragraphs_and_the_paragraph_of_an_offset():
    text = "One. Two.\n\nThree.\n \nFour."
    paras = paragraphs(text)
    assert [text[s:e] for s, e in paras] == ["One. Two.", "Three.", "Four."]
    assert [paragraph_of(paras, text.index(w)) for w in ("Two", "Three", "Four")] == [0, 1, 2]


# ---- clauses --------------------------------------------------------------------------------------

def test_negation_stays_within_its_clause(nlp):
    doc = nlp("The treaty does not include a defence clause, but it provides for consultations.")
    assert is_negated(token(doc, "include"))
    assert not is_negated(token(doc, "provides"))


def test_passive_verbs_and_passive_participles(nlp):
    doc = nlp("The ambassador was summoned. Ministers read a report released Tuesday. Russia attacked Georgia.")
    assert is_passive(token(doc, "summoned"))
    assert is_passive(token(doc, "released"))
    assert not is_passive(token(doc, "attacked"))


def test_a_phrase_without_its_clauses(nlp):
    doc = nlp("Russia, which signed the treaty, protested.")
    assert [t.text for t in without_clauses(token(doc, "Russia"))] == ["Russia", ",", ","]
    doc = nlp("The leader of the group that attacked Kyiv and his aide spoke.")
    head = token(doc, "leader")
    assert [t.text for t in without_clauses(head)] == ["The", "leader", "of", "the", "group", "and", "his", "aide"]
    # only what hangs on the head word: here its conjunct, not the clause under "group"
    assert [t.text for t in without_clauses(head, ("relcl", "conj"), children_only=True)] == [
        "The", "leader", "of", "the", "group", "that", "attacked", "Kyiv", "and"]


# ---- places ---------------------------------------------------------------------------------------

def test_a_seat_of_power_stands_for_its_city_and_nested_places_are_followed(nlp):
    doc = nlp("The treaty was signed at a ceremony at the Kremlin.")
    assert place_name(token(doc, "Kremlin")) == "Moscow"
    ceremony = token(doc, "ceremony")
    assert place_name(ceremony) is None
    assert place_name(ceremony, nested=1) == "Moscow"


# ---- vocabulary -----------------------------------------------------------------------------------

def test_the_speech_vocabulary_has_named_subsets_for_each_purpose():
    quote_cues = vocabulary("speech.quote_cues")
    assert {"say", "add", "underline"} <= quote_cues
    assert vocabulary("speech.indirect_quote_cues") < quote_cues  # narrower: "added that" elaborates
    assert vocabulary("speech.hearer_cues") < quote_cues
    assert {"find", "attribute"} <= vocabulary("speech.attribution_cues")
    assert "believe" in vocabulary("speech.raising_verbs")
    assert "say" in vocabulary("speech.event_report_cues")
    with pytest.raises(KeyError):
        vocabulary("speech.no_such_list")


# ---- phrases → actors -----------------------------------------------------------------------------

def test_actors_named_in_a_phrase_leave_its_clauses_out(nlp):
    ann = annotate(nlp, "Georgia, which Russia attacked, protested.", {"Georgia": ("georgia", "state"),
                                                                        "Russia": ("russia", "state")})
    assert [a.id for a in PhraseActors.of(ann).in_phrase(token(ann.doc, "Georgia"))] == ["georgia"]


def test_a_back_reference_names_the_actor_of_its_kind_named_before(nlp):
    ann = annotate(nlp, "Investigators named APT28. The group denied it.", {"APT28": ("apt28", "threat-group")})
    assert [a.id for a in PhraseActors.of(ann).named(token(ann.doc, "group"))] == ["apt28"]


def test_the_main_actor_of_a_span_is_its_longest_mention_and_a_place_last(nlp):
    text = "the Foreign Ministry in Berlin"
    ann = annotate(nlp, text, {"Foreign Ministry": ("german-foreign-ministry", "agency"),
                               "Berlin": ("berlin", "location")})
    assert PhraseActors.of(ann).main(0, len(text)).id == "german-foreign-ministry"


def test_previous_actors_of_a_kind(nlp):
    text = "Russia and Georgia met in Berlin. Russia spoke. The two countries agreed."
    ann = annotate(nlp, text, {"Russia": ("russia", "state"), "Georgia": ("georgia", "state"),
                               "Berlin": ("berlin", "location")})
    found = PhraseActors.of(ann).previous(text.index("The two"), {"state"}, 2)
    assert [a.id for a in found] == ["georgia", "russia"]  # the last two, by their last mention


def test_phrase_actors_resolve_a_modifier_naming_an_actor(nlp):
    ann = annotate(nlp, "The Russian ambassador said its forces would stay.", {"Russian": ("russia", "state")})
    actors = PhraseActors(ann)
    assert [a.id for a in actors.phrase_actors([token(ann.doc, "ambassador")])] == ["russia"]


def test_a_pronoun_takes_the_nearer_antecedent_before_the_clauses_subject(nlp):
    names = {"Obama": ("barack-obama", "person"), "Russia": ("russia", "state")}
    # the first of two conjuncts: "his" is the officer's, who is no actor
    ann = annotate(nlp, "Obama said that a gunman killed a police officer and his partner.", names)
    assert PhraseActors(ann).phrase_actors([token(ann.doc, "partner")]) == []
    ann = annotate(nlp, "Russia and its allies attacked the town.", names)
    assert [a.id for a in PhraseActors(ann).phrase_actors([token(ann.doc, "allies")])] == ["russia"]
    # the object that controls an infinitive: the mogul's tapes, not Obama's
    ann = annotate(nlp, "Obama urged the mogul to release his tapes.", names)
    assert PhraseActors(ann).phrase_actors([token(ann.doc, "tapes")]) == []
    # an antecedent the pronoun cannot stand for is passed over: "his" is not Russia's
    ann = annotate(nlp, "Obama urged Russia to sign his plan.", names)
    assert [a.id for a in PhraseActors(ann).phrase_actors([token(ann.doc, "plan")])] == ["barack-obama"]


def test_a_phrase_that_refers_to_itself_ends_without_an_actor(nlp):
    # "itself" is the agent of "backed", whose subject is "itself": this used to recurse until
    # Python's RecursionError (phrase_actors ↔ pronoun_actors), failing the whole page
    ann = annotate(nlp, "A group backed by itself attacked Georgia.", {"Georgia": ("georgia", "state")})
    actors = PhraseActors(ann)
    assert actors.phrase_actors([token(ann.doc, "group")]) == []
    assert actors.phrase_actors([token(ann.doc, "Georgia")])[0].id == "georgia"


def test_the_default_resolver_is_built_once_per_document_and_again_when_its_actors_change(nlp):
    ann = annotate(nlp, "Russia protested.", {"Russia": ("russia", "state")})
    resolver = PhraseActors.of(ann)
    assert PhraseActors.of(ann) is resolver
    ann.actors = [*ann.actors, Actor(id="norland", name="protested", kind="state", mentions=[(7, 16)])]
    ann.index_mentions()
    assert PhraseActors.of(ann) is not resolver
    assert [a.id for a in PhraseActors.of(ann).in_tokens(list(ann.doc))] == ["russia", "norland"]
    document = weakref.ref(ann)
    del ann, resolver
    gc.collect()
    assert document() is None  # the cache keeps no document alive


def test_nested_phrases_are_resolved_to_a_bounded_depth(nlp):
    # a hand-made parse: x0, x1, ..., xN, each the apposition of the one before; only the last names an actor
    def chain(n: int) -> AnnotatedDocument:
        words = [f"x{i}" for i in range(n + 1)]
        doc = Doc(nlp.vocab, words=words, heads=[0] + list(range(n)), deps=["ROOT"] + ["appos"] * n,
                  pos=["NOUN"] * (n + 1))
        last = doc[n]
        actor = Actor(id="norland", name=last.text, kind="state", mentions=[(last.idx, last.idx + len(last))])
        ann = AnnotatedDocument(document=Document(body=doc.text), doc=doc, actors=[actor])
        ann.index_mentions()
        return ann

    short = chain(3)
    assert [a.id for a in PhraseActors(short).phrase_actors([short.doc[0]])] == ["norland"]
    deep = chain(MAX_NESTED_PHRASES + 5)  # would need more nesting than the bound allows
    assert PhraseActors(deep).phrase_actors([deep.doc[0]]) == []


# ---- the model's words (geowire.nlp.keep_prefixed_words) ------------------------------------

@pytest.mark.parametrize("text, word, lemma", [
    ("Cuba and the United States re-established diplomatic ties.", "re-established", "reestablish"),
    ("Putin was re-elected in 2018.", "re-elected", "reelect"),
    ("Their co-operation grew.", "co-operation", "cooperation"),
])
def test_a_prefixed_word_is_one_word_with_the_lemma_of_its_plain_spelling(nlp, text, word, lemma):
    doc = nlp(text)
    tok = token(doc, word)
    assert tok.lemma_ == lemma
    # parsed as one word: no bare prefix left for the parser to take as the sentence's verb
    assert not [t for t in doc if t.lower_ in ("re", "co")]


def test_other_hyphens_are_still_split(nlp):
    doc = nlp("Anti-government protesters and pro-Russia rebels met in Baden-Baden.")
    assert [t.text for t in doc][:3] == ["Anti", "-", "government"]
    assert "pro" in [t.text for t in doc] and "Baden-Baden" not in [t.text for t in doc]
