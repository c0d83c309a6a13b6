"""The speed-ups in geowire.nlp and geowire.actors.gazetteer must not change any result: each is
compared with the spaCy code it stands in for, on texts written for it."""
from __future__ import annotations

import pytest
import spacy
from spacy.matcher import Matcher

from geowire.actors.gazetteer import GatedMatcher, _requires_one_of
from geowire.nlp import ArrayAttributeMatcher, load_nlp

TEXTS = [
    "I ain't gonna sign it, y'all.  Let's go!\n\n\nC'mon, it gets worse; nothin' got done.",
    "There is a problem. There are two. Do you have it? I do. But, he said, that is what those want.",
    "The Foreign Ministry said the Ministry of Defence of Ruritania and the Borduri armed forces met.",
    "Operation Blue Lantern, the so-called \"Paper Crane\" campaign and a state media report followed.",
    "It was the one that I gave you, and you gave it to me; gotta run.",
    "", " ", "\n", "Hi\n \n",
]


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def test_attribute_ruler_uses_the_array_matcher(nlp):
    assert isinstance(nlp.get_pipe("attribute_ruler").match.__self__, ArrayAttributeMatcher)


@pytest.mark.parametrize("text", TEXTS)
def test_array_matcher_finds_what_spacy_finds(nlp, text):
    fast = nlp.get_pipe("attribute_ruler").match.__self__
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        doc = nlp(text)
    assert fast.match(doc) == fast.original(doc)


def test_unsupported_patterns_keep_spacys_matcher():
    ruler = spacy.blank("en").add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "a", "OP": "+"}]], {"TAG": "DT"})
    original = ruler.match
    assert ArrayAttributeMatcher.install(ruler) is None
    assert ruler.match == original


def test_patterns_added_after_install_are_matched():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "treaty"}]], {"TAG": "NN"})
    fast = ArrayAttributeMatcher.install(ruler)
    assert fast is not None
    ruler.add([[{"LOWER": "accord"}]], {"TAG": "NN"})
    doc = nlp("The accord and the treaty")
    assert [t.tag_ for t in doc] == ["", "NN", "", "", "NN"]


def test_gated_matcher_finds_what_spacys_matcher_finds(nlp):
    groups = [
        ("MIN", [[{"LOWER": "foreign"}, {"LOWER": "ministry"}],
                 [{"LOWER": "ministry"}, {"LOWER": "of"}, {"LOWER": "the", "OP": "?"}, {"LOWER": "defence"}]],
         frozenset(["foreign", "defence"])),
        ("GOV", [[{"LOWER": {"IN": ["government", "regime"]}}]], frozenset(["government", "regime"])),
        ("OP", [[{"ORTH": "Operation"}, {"TEXT": {"REGEX": "^[A-Z]"}, "OP": "+"}]], frozenset(["operation"])),
    ]
    gated = GatedMatcher(nlp.vocab, groups)
    plain = Matcher(nlp.vocab)
    for key, patterns, _ in groups:
        plain.add(key, patterns)
    texts = TEXTS + ["The regime and the Foreign Ministry; the Ministry of the Defence; Operation Red Sky."]
    for doc in nlp.pipe(texts):
        assert gated(doc) == plain(doc)
    assert all(gate is not None for _, _, gate in gated.groups)


def test_a_gate_the_patterns_do_not_require_is_dropped(nlp):
    gated = GatedMatcher(nlp.vocab, [("K", [[{"LOWER": "armed"}, {"LOWER": "forces"}], [{"LOWER": "army"}]],
                                      frozenset(["armed"]))])
    assert gated.groups[0][2] is None  # "army" alone matches without "armed": the key is always tried
    assert [(s, e) for _, s, e in gated(nlp("The army moved."))] == [(1, 2)]


def test_requires_one_of():
    assert _requires_one_of([{"LOWER": "the", "OP": "?"}, {"LOWER": {"IN": ["army", "troops"]}}],
                            frozenset(["army", "troops"]))
    assert _requires_one_of([{"ORTH": "Operation"}], frozenset(["operation"]))
    assert not _requires_one_of([{"LOWER": "army", "OP": "?"}, {"LOWER": "x"}], frozenset(["army"]))
    assert not _requires_one_of([{"LOWER": {"IN": ["army", "navy"]}}], frozenset(["army"]))
