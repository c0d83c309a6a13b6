"""The event coder never fails a page: properties over many inputs, not examples.

Three sources of input, none of them fitted to: every page of the test fixture sets (through
the whole pipeline, as `geowire analyze` reads them); a few thousand sentences generated from
templates (actors × verbs × objects × clauses: passives, relative clauses, reported speech,
negation, promises, quotes, dates, addresses) coded with the hand-made gazetteer of
tests/test_events.py and, a share of them, through the whole pipeline; and random "token
soups" (shuffled words, punctuation, numbers, names) with a fixed seed, plus hypothesis-drawn
text. The property: no exception, and every event is well formed (a PLOVER type, an actor,
a span inside the text, a date that is ISO or none, a confidence in [0, 1]).

benchmarks/eval_relevance.py checks the same over the 181 benchmark pages (failures: must be 0).
"""
from __future__ import annotations

import itertools
import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import geowire.pipeline  # noqa: F401  (imported first: importing geowire.extract first is circular)
from geowire.extract.events import extract_events
from geowire.model import CleanPage, Document, Event
from tests.test_events import ACTORS, PLOVER_TYPES, annotate

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_SETS = ("pages", "dumps", "read", "tour", "metadata", "polnear/text")
ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

SUBJECTS = ["Armenia", "Russian President Vladimir Putin", "The Georgian government", "Iran and Iraq",
            "Ukrainian lawmakers", "Hundreds of protesters in Serbia", "It", "They", "The European Union",
            "Latvian Foreign Ministry", "Maria Lopez", "NATO", "Police", "A man", "Apple"]
VERBS = ["attacked", "besieged", "met with", "signed a treaty with", "accused", "threatened to attack",
         "urged", "refused to meet", "pledged to send aid to", "imposed sanctions on", "deployed troops near",
         "arrested", "released", "lambasted", "praised", "held talks with", "fired rockets at", "evicted",
         "was attacked by", "will visit", "did not attack", "could sanction", "has been accused by",
         "protested against", "expelled diplomats from", "airlifted food to", "hosted", "condemned"]
OBJECTS = ["Azerbaijan", "the Russian ambassador", "Georgia's capital", "Kazakhstan and Kyrgyzstan", "its neighbour",
           "the republic", "them", "the two countries", "Sudan", "the town", "China", "protesters", "North Korea"]
CLAUSES = ["", " on Tuesday", " in 2015", " at 1119 Eighth St.", " on page 12", ", officials said",
           " after the talks with Egypt", " because of the World Cup", " if Iran agrees", " in Tbilisi",
           ", according to Reuters", " who had attacked Chile", " that France had denied", " 1999 times",
           " in the tournament", " for the first time since March 3"]
FRAMES = ["{s} {v} {o}{c}.", "{o} said {s} {v} {o}{c}.", '"{s} {v} {o}," Maria Lopez said{c}.',
          "{s}, which {v} {o}, {v} {o}{c}.", "{s} {v} {o} and {v} {o}{c}."]


def generated_sentences(n: int, seed: int) -> list[str]:
    """n sentences from the templates, drawn with a fixed seed."""
    rng = random.Random(seed)
    return [rng.choice(FRAMES).format(s=rng.choice(SUBJECTS), v=rng.choice(VERBS), o=rng.choice(OBJECTS),
                                      c=rng.choice(CLAUSES)) for _ in range(n)]


SOUP_WORDS = (SUBJECTS + VERBS + OBJECTS + CLAUSES
              + ["by", "to", "of", "that", "who", "which", "not", "no", "never", "will", "would", "said",
                 ",", ".", ";", ":", "—", "-", "(", ")", '"', "'s", "’", "…", "?", "!", "\n", "\n\n", "1119",
                 "St.", "2015-2016", "p.", "No.", "$5bn", "%", "&", "Ş", "漢字", "🙂", "Mr.", "U.S.", "ISIS-linked"])


def token_soups(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(SOUP_WORDS) for _ in range(rng.randint(1, 40))) for _ in range(n)]


def well_formed(events: list[Event], text: str) -> None:
    for e in events:
        assert e.type in PLOVER_TYPES
        assert e.actors, e
        assert 0 <= e.span[0] <= e.span[1] <= len(text)
        assert e.date is None or ISO.match(e.date), e.date
        assert 0.0 <= e.confidence <= 1.0
        assert not set(e.actors) & set(e.recipients) or len(e.actors) > 0


def code_in_documents(nlp, texts: list[str], per_doc: int) -> int:
    """Code the texts, `per_doc` to a document (parsed in one nlp.pipe run); the number of events."""
    bodies = [" ".join(chunk) for chunk in itertools.zip_longest(*[iter(texts)] * per_doc, fillvalue="")]
    n = 0
    for body in bodies:
        try:
            events = extract_events(annotate(nlp, body))
        except Exception as err:  # the failing document, to reproduce it
            raise AssertionError(f"{type(err).__name__}: {err} on {body[:2000]!r}") from err
        well_formed(events, body)
        n += len(events)
    return n


# ---- pages of the fixture sets -------------------------------------------------------------------

def fixture_files() -> list[Path]:
    return sorted(p for d in FIXTURE_SETS for p in (FIXTURES / d).rglob("*") if p.is_file()
                  and p.suffix in (".txt", ".html", ".xml", ".jsonl"))


def test_every_fixture_page_is_analysed(pipeline):
    from geowire.pipeline import Failure
    from geowire.read import iter_raw

    files = fixture_files()
    assert len(files) > 20
    crashed = []
    dossiers = 0
    for result in pipeline.analyze(iter_raw([str(p) for p in files])):
        if isinstance(result, Failure):
            # a refusal of the reader or cleaner (empty, not an article) is fine; a crash is not
            if "analysis failed" in result.message:
                crashed.append(result.message)
            continue
        dossiers += 1
        for d in (result, *result.related):
            well_formed(d.events, d.document.body)
    assert not crashed
    assert dossiers > 10


# ---- generated sentences ------------------------------------------------------------------------

def test_generated_sentences_with_the_test_gazetteer(nlp):
    texts = generated_sentences(2000, seed=7)
    assert code_in_documents(nlp, texts, per_doc=25) > 400  # and they do code events


def test_generated_sentences_through_the_pipeline(pipeline):
    texts = generated_sentences(400, seed=11)
    for i in range(0, len(texts), 40):
        body = "\n\n".join(texts[i:i + 40])
        dossier = pipeline.analyze_page(CleanPage(document=Document(body=body, date="2020-05-04")))
        well_formed(dossier.events, body)


def test_token_soups(nlp):
    code_in_documents(nlp, token_soups(800, seed=3), per_doc=20)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.sampled_from(SOUP_WORDS), st.text(max_size=12)), max_size=30))
def test_hypothesis_text(nlp, words):
    body = " ".join(words)
    well_formed(extract_events(annotate(nlp, body)), body)


def test_the_gazetteer_of_the_generated_sentences_is_used():
    # the templates name the test gazetteer's actors (else the coder would have nothing to code)
    names = {form for _, _, _, _, forms, *_ in ACTORS.values() for form in forms}
    assert sum(any(n in s for n in names) for s in SUBJECTS + OBJECTS) > 15


@pytest.mark.parametrize("text", [
    "", " ", "\n\n\n", ".", "Armenia", "Armenia attacked", "attacked Azerbaijan", "by by by to to",
    "Armenia attacked Azerbaijan " * 200, "“Armenia attacked Azerbaijan,” “he said.”", "Armenia\u00a0attacked\u200bAzerbaijan.",
])
def test_degenerate_texts(nlp, text):
    well_formed(extract_events(annotate(nlp, text)), text)
