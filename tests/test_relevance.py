"""Political relevance (geowire.extract.events.relevance) and the discard compiler
(scripts/build_discards.py), on small texts, hand-built actors and events, and sentences
written here: no shared data needed."""
from __future__ import annotations

import importlib.util
import json
import sys

import pytest

from geowire.extract.events import relevance as rel
from geowire.model import Actor, Event
from geowire.settings import PROJECT_ROOT

# A discard list in the Phoenix format: both levels, multiword phrases, a trailing `_`,
# comments, a year, a phrase listed at both levels.
SOURCE = """# Story-level discards are indicated with a '+'. Sentence level discards are
# without a '+'.
1939
#2000
YEARS AGO
HOCKEY   # SLS 14 Jan 2008
GOLFER   # MleH 10 Aug 2009
GROUP A_
SEMI-FINAL   # MleH 07 Aug 2009
### FULL STORY DISCARDS
+ World Golf Championships   # pas 26-Feb-2014
+UNDER PAR    # MleH 09 Aug 2009
+WOMEN'S DOUBLES   # MleH 09 Jul 2009
+EURO  QUALIFIER
+Manchester United   # pas 26-Feb-2014
MANCHESTER UNITED
"""


def _module(name: str):
    """A script of scripts/ as a module (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location(name, PROJECT_ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def build():
    return _module("build_discards")


@pytest.fixture(scope="module")
def discards(build):
    rows, _ = build.compile_discards(SOURCE)
    return rel.Discards.from_rows(rows)


# ---- the compiler ------------------------------------------------------------------------------

def test_compiler_reads_both_levels_multiword_and_comments(build):
    rows, counts = build.compile_discards(SOURCE)
    table = {r[0]: r[1:] for r in rows}
    assert table["world golf championships"] == ["story", False, "topic"]  # "+ " with a space
    assert table["under par"] == ["story", False, "topic"]
    assert table["women's doubles"] == ["story", False, "topic"]
    assert table["euro qualifier"] == ["story", False, "topic"]  # two blanks between the words
    assert table["hockey"] == ["sentence", False, "topic"]
    assert table["semi final"] == ["sentence", False, "topic"]  # a hyphen splits words, as in text
    assert table["group a"] == ["sentence", True, "topic"]  # trailing `_`: whole word only
    assert table["1939"] == ["sentence", False, "time"] and table["years ago"][2] == "time"
    assert "2000" not in table and "full story discards" not in table  # comments
    assert table["manchester united"][0] == "story"  # listed at both levels: the story wins
    assert counts["duplicates"] == 1 and counts["story"] == 5 and counts["sentence"] == 6
    assert counts["multiword"] == 8 and counts["time"] == 2


def test_build_is_reproducible_and_check_detects_a_stale_file(build, tmp_path):
    src = tmp_path / "Phoenix.discards.txt"
    src.write_text(SOURCE, encoding="utf-8")
    out = tmp_path / "discards.json"
    assert build.main(["--source", str(src), "--out", str(out)]) == 0
    first = out.read_bytes()
    assert build.main(["--source", str(src), "--out", str(out), "--check"]) == 0
    data = json.loads(first)
    assert len(data["source"]["sha256"]) == 64 and data["counts"]["story"] == 5
    src.write_text(SOURCE + "+SUPER BOWL\n", encoding="utf-8")
    assert build.main(["--source", str(src), "--out", str(out), "--check"]) == 1  # stale
    assert build.main(["--source", str(src), "--out", str(out)]) == 0
    assert build.main(["--source", str(src), "--out", str(out), "--check"]) == 0
    assert build.main(["--source", str(tmp_path / "missing.txt"), "--out", str(out)]) == 2


def test_committed_discards_load():
    data = json.loads(rel.DISCARDS_PATH.read_text(encoding="utf-8"))
    assert "MIT" in data["source"]["license"] and data["counts"]["story"] > 50
    d = rel.load_discards()
    assert "world" in d.story and "hockey" in d.sentence
    assert "1939" not in d.sentence and "1939" in rel.load_discards(include_time=True).sentence


# ---- discards ----------------------------------------------------------------------------------

def test_sentence_discards_match_whole_words_plurals_and_case(discards):
    assert rel.sentence_discarded("The Hockey season opened.", discards)
    assert rel.sentence_discarded("Golfers cheered.", discards)  # plural of the last word
    assert rel.sentence_discarded("He lost the semi-final.", discards)
    assert rel.sentence_discarded("Group A met.", discards)
    assert not rel.sentence_discarded("Group As met.", discards)  # `_`: no plural
    assert not rel.sentence_discarded("Hockeyville voted.", discards)  # a word, not a stem
    assert not rel.sentence_discarded("The minister resigned.", discards)
    # a story-level phrase discards its own sentence too
    assert rel.sentence_discarded("Under par again.", discards)


def test_time_phrases_are_left_out_by_default(build):
    rows, _ = build.compile_discards(SOURCE)
    assert not rel.sentence_discarded("In 1939 Germany invaded Poland.", rel.Discards.from_rows(rows))
    assert rel.sentence_discarded("In 1939 Germany invaded Poland.", rel.Discards.from_rows(rows, include_time=True))


def test_story_discards_read_the_lead_not_a_passing_mention(discards):
    assert rel.story_discarded("She won the women’s doubles. Then she rested.", discards=discards) \
        == "story discard: women's doubles"  # typographic apostrophe
    assert rel.story_discarded("Parliament met.", title="Manchester United sign a striker",
                               discards=discards) == "story discard: manchester united"
    # "under parliamentary rules" is not "under par": whole words
    assert rel.story_discarded("The bill passed under parliamentary rules.", discards=discards) is None
    late = "Parliament voted. The minister spoke. Police arrested two. Talks went on. Fans recalled Manchester United."
    assert rel.story_discarded(late, discards=discards) is None
    assert rel.story_discarded(late, lead=5, discards=discards) == "story discard: manchester united"


def test_a_story_meeting_several_discard_phrases_is_off_topic(discards):
    sports = "The team trained. Hockey fans came. The golfer arrived. The semi-final ended."
    assert rel.story_discarded(sports, discards=discards) == "off-topic: hockey, golfer, semi final"
    assert rel.story_discarded(sports, distinct=4, discards=discards) is None
    # three passing mentions in a long political story are not its topic
    essay = " ".join(["The parliament debated the budget."] * 37 + ["Hockey came up.", "A golfer spoke.", "Group A met."])
    assert rel.story_discarded(essay, discards=discards) is None


def test_story_discarded_reads_a_spacy_doc(discards):
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp("The Euro qualifier ended 2-1. The coach was pleased.")
    assert rel.story_discarded(doc, discards=discards) == "story discard: euro qualifier"
    assert rel.sentence_discarded(list(doc.sents)[0], discards)
    assert not rel.sentence_discarded(list(doc.sents)[1], discards)


# ---- actors and events -------------------------------------------------------------------------

def actor(id_, kind, **kw) -> Actor:
    return Actor(id=id_, name=kw.pop("name", id_.replace("-", " ").title()), kind=kind, **kw)


RUSSIA = actor("russia", "state", country="RUS")
PUTIN = actor("vladimir-putin", "person", country="RUS", sectors=["GOV"], role="President of Russia")
ENVOY = actor("kurt-volker", "person", sectors=["ELI"], role="Former Special Envoy")
CEO = actor("tim-cook", "person", country="USA", sectors=["BUS"], role="CEO of Apple")
PLAYER = actor("brock-nelson", "person")
APPLE = actor("apple", "organization", country="USA", sectors=["BUS"])
CLUB = actor("pittsburgh-penguins", "organization", country="USA")
POLICE = actor("columbus-police-department", "organization")  # linked without sectors
PARTY = actor("peoples-democratic-party", "organization", country="NGA")
REBELS = actor("fsa", "organization", name="Free Syrian Army", sectors=["REB"])
PROTESTERS = actor("ukrainian-protesters", "organization", country="UKR", sectors=["OPP"])
UN = actor("united-nations", "igo", country="UNO")
NATO_LIKE = actor("some-alliance", "organization", country="IGO")
AGENCY = actor("fbi", "agency", country="USA", sectors=["COP"])
APT28 = actor("apt28", "threat-group", country="RUS")
HONG_KONG = actor("hong-kong", "location", country="HKG")
MEDIA = actor("associated-press", "media", country="USA", sectors=["JRN"])


@pytest.mark.parametrize("a", [RUSSIA, PUTIN, ENVOY, POLICE, PARTY, REBELS, PROTESTERS, UN, NATO_LIKE,
                               AGENCY, APT28, HONG_KONG, actor("abkhazia", "partially-recognized-state")])
def test_political_actors(a):
    assert rel.is_political(a)


@pytest.mark.parametrize("a", [CEO, PLAYER, APPLE, CLUB, MEDIA, actor("somewhere", "location")])
def test_non_political_actors(a):
    assert not rel.is_political(a)


@pytest.mark.skipif(not rel.PHOENIX_ACTORS_PATH.exists(), reason="geowire/data/phoenix_actors.json not built")
def test_an_actor_linked_without_sectors_takes_them_from_phoenix():
    taliban = actor("taliban", "organization", country="AFG")
    assert rel.phoenix_sectors(taliban) >= {"REB"}
    assert rel.is_political(taliban)


def event(actors, recipients=(), **kw) -> Event:
    return Event(type=kw.pop("type", "ASSAULT"), actors=list(actors), recipients=list(recipients),
                 trigger=kw.pop("trigger", "fired"), span=(0, 10), **kw)


def test_event_is_political_needs_one_political_participant():
    by_id = {a.id: a for a in (RUSSIA, PUTIN, PLAYER, APPLE, CLUB, MEDIA)}
    assert not rel.event_is_political(event(["brock-nelson"], ["pittsburgh-penguins"]), by_id)  # hockey
    assert not rel.event_is_political(event(["apple"], type="AGREE", trigger="offered"), by_id)
    assert rel.event_is_political(event(["apple"], ["russia"], type="SANCTION"), by_id)  # recipient
    assert rel.event_is_political(event(["vladimir-putin"], type="CONSULT"), by_id)
    assert not rel.event_is_political(event(["unknown-id"]), by_id)


# ---- the pre-check -----------------------------------------------------------------------------

def test_worth_parsing_on_sentences():
    assert not rel.worth_parsing("The cat was found wandering the streets of Santa Fe.")
    assert not rel.worth_parsing("Apple's new laptop has a better keyboard.")
    assert rel.worth_parsing("Russia fought Georgia in 2008.")  # irregular form of a trigger
    assert rel.worth_parsing("The two leaders signed a treaty.")
    assert rel.worth_parsing("Police said nothing more.")  # a political agent noun
    assert rel.worth_parsing("Nothing more on the story.", actors=[PUTIN])  # a linked political actor
    assert not rel.worth_parsing("Nothing more on the story.", actors=[APPLE])
    assert not rel.worth_parsing("They walked home.", lemmas=frozenset({"sign"}))
    assert rel.worth_parsing("They signed it.", lemmas=frozenset({"sign"}))


def test_worth_parsing_uses_lemmas_of_a_parsed_sentence(nlp):
    sent = next(nlp("The rebels were shelling the town.").sents)
    assert rel.worth_parsing(sent)
    quiet = next(nlp("The recipe needs two pears.").sents)
    assert not rel.worth_parsing(quiet)


def test_inflections():
    assert {"attacks", "attacked", "attacking"} <= rel.inflections("attack")
    assert {"seizing", "seized"} <= rel.inflections("seize")
    assert {"rallies", "rallied"} <= rel.inflections("rally")
    assert {"banned", "banning"} <= rel.inflections("ban")


def test_story_discarded_reads_an_annotated_document(nlp, discards):
    from geowire.model import Document
    from geowire.nlp.document import AnnotatedDocument

    body = "Smith attacked the net and won 6-4.\n\nThe crowd cheered the winner."
    ann = AnnotatedDocument(document=Document(title="Women's doubles: Smith wins", body=body), doc=nlp(body))
    assert rel.story_discarded(ann, discards=discards) == "story discard: women's doubles"
    ann.document.title = "Smith wins"
    assert rel.story_discarded(ann, discards=discards) is None
    sent = ann.sentences()[0]
    assert rel.worth_parsing(sent)  # "attack" is a trigger word: the gate on actors comes later
    assert not rel.worth_parsing(ann.sentences()[1])
