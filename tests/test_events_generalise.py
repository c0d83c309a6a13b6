"""What makes the event coder generalise (issue 11): allegations' content, reasons of acts,
datelines, speakers of no country, meetings of one, the lemma pre-check, protests as political
acts. Built like tests/test_events.py (the parse plus hand-made actors), so the extractor is
tested, not the gazetteer; the unlinked-agent linking is tested in tests/test_phoenix.py."""
from __future__ import annotations

import pytest

from geowire.extract.events import candidate_check, extract_events
from geowire.extract.events.lexicon import load_lexicon
from geowire.extract.events.relevance import participants_political
from geowire.extract.events.syntax import dateline_end, dateline_span
from geowire.model import Actor
from tests.test_events import annotate, events_of


def types(events) -> list[str]:
    return sorted(e.type for e in events)


def test_an_allegations_content_is_not_asserted(nlp):
    events = events_of(nlp, "A report released in Rwanda alleged that the French military carried out killings.")
    assert "ASSAULT" not in types(events)
    # the same act told as fact is an event
    assert "ASSAULT" in types(events_of(nlp, "The French military carried out killings in Rwanda."))


def test_the_reason_of_an_act_on_someone_is_not_the_subjects_act(nlp):
    events = events_of(nlp, "Egypt jailed a French student for helping militants in Syria.")
    assert not any(e.type == "AID" for e in events)


def test_a_meeting_needs_two_participants(nlp):
    assert not events_of(nlp, "Chinese economic data meeting expectations lifted the markets.")
    assert types(events_of(nlp, "Brazil met Argentina on Tuesday.")) == ["CONSULT"]


@pytest.mark.parametrize("text, dateline", [
    ("DUBAI, United Arab Emirates — Dubai's carrier signed a deal.", "DUBAI, United Arab Emirates — "),
    ("WASHINGTON (Reuters) - The talks ended.", "WASHINGTON (Reuters) - "),
    ("LYON: Interpol has said it will help.", "LYON: "),
    ("NATO - the alliance met.", ""),          # an acronym before a lower-case word: no dateline
    ("The US said it would help.", ""),
])
def test_dateline(text, dateline):
    assert text[:dateline_end(text)] == dateline


@pytest.mark.parametrize("text, dateline", [
    ("WASHINGTON (AP) - The talks ended.", "WASHINGTON (AP) - "),
    ("Trump and Ryan pledge to work together\n\nWASHINGTON (AP) — Donald Trump met Ryan.", "WASHINGTON (AP) — "),
    ("A headline\nBy Jane Doe\n\nLOS ANGELES (AP) — Clinton spoke.", "LOS ANGELES (AP) — "),
    ("A headline\n\nThe talks ended.\n\nWASHINGTON (AP) — Later, Clinton spoke.", ""),  # the story began before
])
def test_a_dateline_after_the_headline(text, dateline):
    start, end = dateline_span(text)
    assert text[start:end].strip() == dateline.strip()


def test_a_dateline_names_no_participant(nlp):
    for text in ("ANKARA, Turkey — Kenya accused Somalia of an attack on Tuesday.",
                 "Kenya accuses Somalia\n\nANKARA, Turkey — Kenya accused Somalia of an attack on Tuesday."):
        events = events_of(nlp, text)
        assert ("ACCUSE", ["kenya"], ["somalia"]) in [(e.type, e.actors, e.recipients) for e in events]
        assert not any("turkey" in (*e.actors, *e.recipients) for e in events)


def test_the_lemma_precheck_is_the_lookup_of_the_coder(nlp):
    candidate = candidate_check(load_lexicon())
    doc = nlp("Armenia attacked Azerbaijan. The weather in Yerevan was mild and sunny.")
    first, second = list(doc.sents)
    assert any(candidate(t) for t in first)      # "attacked": a curated verb
    assert not any(candidate(t) for t in second)  # no word of the lexicon or of CAMEO: not coded
    assert any(candidate(t) for t in nlp("Kenya deported three journalists."))  # a CAMEO-only verb


def test_a_protest_is_political_when_its_people_have_a_country():
    students = Actor(id="serbian-students", name="Serbian students", kind="organization", country="SRB",
                     sectors=["EDU"])
    firm = Actor(id="acme", name="Acme", kind="organization", country="USA", sectors=["BUS"])
    assert participants_political("PROTEST", [students], [])
    assert not participants_political("SUPPORT", [students], [])
    assert not participants_political("PROTEST", [firm], [])


def test_a_speaker_of_no_country_accuses_no_one(nlp):
    ann = annotate(nlp, "Officials said Syria attacked Turkey.")
    ann.actors.append(Actor(id="officials", name="officials", kind="organization", country=None, sectors=["GOV"],
                            mentions=[(0, 9)]))
    ann.index_mentions()
    events = extract_events(ann)
    assert "ACCUSE" not in types(events) and "ASSAULT" in types(events)
