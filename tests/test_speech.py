"""Attributed speech at the level of PolNeAR's annotators: NYT quotation marks, the mined cue
lexicon, group speakers, inserted cues, "according to" in run-on sentences, and the scorer's
way of placing a speaker inside a split quote."""
from __future__ import annotations

import pytest

from benchmarks.eval_speech import locate
from geowire.extract.quotes import CLAUSE_MIN_PRECISION, INDIRECT_CUES, PHRASE_CUES, find_quoted_spans
from tests.test_quotes import only, quotes_of


# ---- the lexicon ----------------------------------------------------------------------------

def test_the_mined_lexicon_takes_speech_verbs_and_leaves_mental_verbs_out():
    assert {"argue", "suggest", "explain", "add", "acknowledge", "insist", "vow"} <= INDIRECT_CUES
    assert not {"think", "believe", "want", "know", "see", "make"} & INDIRECT_CUES
    assert PHRASE_CUES <= INDIRECT_CUES | {"call"} and not {"say", "tell"} & PHRASE_CUES
    assert 0.5 <= CLAUSE_MIN_PRECISION < 1


# ---- quotation marks ------------------------------------------------------------------------

def test_two_apostrophes_are_a_quotation_mark_and_one_is_not():
    body = "''People turn to Facebook,'' Ms. White said. It's Bob's ''Tales From the Crypt,'' he said."
    assert [body[q.start:q.end] for q in find_quoted_spans(body)] == ["People turn to Facebook",
                                                                      "Tales From the Crypt"]


def test_an_nyt_quote_has_its_speaker(nlp):
    q = only(quotes_of(nlp, "''People turn to Facebook to check on loved ones,'' Angela Merkel said."))
    assert (q.speaker, q.kind, q.text) == ("angela-merkel", "direct", "People turn to Facebook to check on loved ones")


# ---- indirect speech ------------------------------------------------------------------------

def test_a_mined_cue_reports_its_clause(nlp):
    q = only(quotes_of(nlp, "Merkel argued that the sanctions had weakened the Russian economy."))
    assert (q.speaker, q.cue, q.text) == ("angela-merkel", "argued", "the sanctions had weakened the Russian economy")


def test_a_group_speaks(nlp):
    q = only(quotes_of(nlp, "Several candidates said the United States should take fewer refugees."))
    assert (q.speaker, q.speaker_text) == (None, "Several candidates")
    q = only(quotes_of(nlp, "Forty-seven percent said the country was on the wrong track."))
    assert q.speaker_text.endswith("percent") and q.text == "the country was on the wrong track"


def test_an_inserted_cue_reports_the_clause_around_it(nlp):
    q = only(quotes_of(nlp, "The hashtag, Merkel said, was even more popular than the first one."))
    assert (q.speaker, q.kind) == ("angela-merkel", "indirect")
    assert q.text.startswith("The hashtag") and q.text.endswith("than the first one")


def test_the_object_of_a_phrase_cue_is_reported(nlp):
    q = only(quotes_of(nlp, "Merkel announced a series of steps to tighten arms sales."))
    assert (q.speaker, q.cue, q.text) == ("angela-merkel", "announced", "a series of steps to tighten arms sales")


def test_according_to_after_a_run_on_sentence(nlp):
    body = ("In 2014, about 82 percent of the attacks were carried out by APT28, according to the German "
            "Foreign Office.  Among the others, most were never attributed.")
    q = only(quotes_of(nlp, body))
    assert (q.speaker, q.cue) == ("german-foreign-office", "according to")
    assert q.text.startswith("In 2014") and q.text.endswith("by APT28")


def test_a_relative_who_speaks_for_the_one_it_hangs_on(nlp):
    body = "Peskov, who said the Kremlin had no plans to respond, left the room."
    q = only(quotes_of(nlp, body))
    assert (q.speaker, q.text) == ("dmitry-peskov", "the Kremlin had no plans to respond")


def test_the_one_asked_is_not_the_asker(nlp):
    quotes = quotes_of(nlp, "Asked whether the talks had failed, Merkel said the door remained open.")
    assert [(q.speaker, q.text) for q in quotes if q.cue == "said"] == [("angela-merkel", "the door remained open")]
    assert all(q.speaker != "angela-merkel" for q in quotes if q.cue == "Asked")


@pytest.mark.parametrize("body", [
    "Merkel thinks the sanctions will work.",
    "The treaty says both sides will defend each other.",
    "Merkel praised the treaty with Russia, calling it “a landmark document.”",
])
def test_no_extra_speech_from_beliefs_texts_or_the_topic_of_a_quote(nlp, body):
    assert [q.kind for q in quotes_of(nlp, body)] in ([], ["direct"])


# ---- the scorer's speaker location ------------------------------------------------------------

def test_the_scorer_places_the_speaker_between_the_parts_of_a_split_quote():
    text = "“He will come,” he said, “and he will stay.” He left."
    span = (1, text.index("stay") + 4)
    assert locate(text, "he", span, "said") == (16, 18)
    assert locate("Still, he said, officials decide. Then he left.", "he", (0, 32), "said") == (7, 9)
