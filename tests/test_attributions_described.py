"""Operators described rather than named ("North Korean hackers", "Russian intelligence
services", "the Kremlin"), claimants of every kind, the hedges that set the confidence, and
incidents told by a verb ("hacked into", "hijacked", "manipulating satellite images"): short
texts written for these tests, real state names (the gazetteer resolves their demonyms)."""
from __future__ import annotations

import pytest

from geowire.extract.attributions import described_state, extract_attributions
from geowire.model import Actor

import tests.test_attributions as base

ACTORS = {
    **base.ACTORS,
    "russia": ("Russia", "state", "RUS", [], ["Russia", "Kremlin", "Russian"]),
    "north-korea": ("North Korea", "state", "PRK", [], ["North Korea", "North Korean", "Pyongyang"]),
    "syria": ("Syria", "state", "SYR", [], ["Syria", "Syrian"]),
    "china": ("China", "state", "CHN", [], ["China", "Chinese", "Beijing"]),
    "united-states": ("United States", "state", "USA", [], ["United States", "Washington"]),
    # what the linker makes of a described operator: an organisation of its own, to be read as the state
    "russian-intelligence-services": ("Russian intelligence services", "organization", "RUS", [],
                                      ["Russian intelligence services"]),
    "ivo-tarn": ("Ivo Tarn", "person", "XVS", ["GOV"], ["Ivo Tarn"]),
}


@pytest.fixture(autouse=True)
def actors(monkeypatch):
    monkeypatch.setattr(base, "ACTORS", ACTORS)


def only(found):
    assert len(found) == 1, found
    return found[0]


def test_hackers_described_by_nationality_are_their_state_and_a_firm_can_claim_it(nlp):
    body = "Acme Security said North Korean hackers breached the servers of the central bank of Vestria in March 2023."
    a = only(extract_attributions(base.annotate(nlp, body, times=[("in March 2023", "2023-03")])))
    assert (a.kind, a.operator, a.sponsor) == ("cyber", ["north-korea"], [])
    assert a.attributed_by == ["acme-security"]
    assert "vestria" in a.target
    assert a.confidence == "asserted"


def test_a_linked_description_of_an_intelligence_service_stands_for_its_state(nlp):
    body = ("Russia denies any role. Ivo Tarn said Russian intelligence services hacked into the computers of "
            "the Vestrian election commission.")
    a = only(extract_attributions(base.annotate(nlp, body)))
    assert a.operator == ["russia"]
    assert a.attributed_by == ["ivo-tarn"]


@pytest.mark.parametrize("name, expected", [
    ("Russian intelligence services", "russia"), ("Russian military intelligence", "russia"),
    ("North Korean hackers", "north-korea"), ("Pyongyang's operatives", "north-korea"),
    ("Chinese state-sponsored group", "china"), ("Russian Defence Ministry", None), ("Red Owl", None),
])
def test_which_names_merely_describe_a_state(nlp, name, expected):
    body = "Russia, North Korea and China."
    ann = base.annotate(nlp, body)
    found = described_state(ann, Actor(id="x", name=name, kind="organization"))
    assert (found.id if found is not None else None) == expected


@pytest.mark.parametrize("sentence, confidence", [
    ("The Chinese government likely hacked computers at the central bank of Vestria, according to Acme Security.",
     "suspected"),
    ("Vestria accused the Chinese government of hacking computers at its central bank.", "alleged"),
    ("Acme Security said with high confidence that the Chinese government hacked computers at the central bank "
     "of Vestria.", "asserted"),
])
def test_the_hedges_of_the_attributing_clause_set_the_confidence(nlp, sentence, confidence):
    a = only(extract_attributions(base.annotate(nlp, sentence)))
    assert a.operator == ["china"]
    assert a.confidence == confidence


def test_the_accused_is_the_operator_not_the_accuser_and_an_accusation_of_something_else_is_none(nlp):
    body = ("Vestria accused Norland of supporting the rebels. Washington has accused China of hacking computers "
            "at a range of federal agencies.")
    a = only(extract_attributions(base.annotate(nlp, body)))
    assert a.operator == ["china"] and a.sponsor == []
    assert a.attributed_by == ["united-states"]
    assert a.confidence == "alleged"


def test_a_hedge_in_another_clause_of_the_sentence_does_not_weaken_the_claim(nlp):
    body = ("Russia denies it. Ivo Tarn said Russian intelligence services hacked into the computers of the "
            "Vestrian parliament and she accused Norland of showing support for them.")
    a = only(extract_attributions(base.annotate(nlp, body)))
    assert a.operator == ["russia"]
    assert a.confidence == "asserted"


def test_hackers_who_hijack_an_account_and_a_state_caught_forging_images(nlp):
    body = ("In 2013, Syrian hackers hijacked the Twitter account of Acme Security. "
            "Separately, the Kremlin was caught in 2014 manipulating satellite images of Vestria.")
    found = extract_attributions(base.annotate(nlp, body, times=[("In 2013", "2013"), ("in 2014", "2014")]))
    by_kind = {a.kind: a for a in found}
    assert set(by_kind) == {"cyber", "influence"}
    assert by_kind["cyber"].operator == ["syria"] and by_kind["cyber"].date == "2013"
    assert "acme-security" in by_kind["cyber"].target
    assert by_kind["influence"].operator == ["russia"] and "satellite" in by_kind["influence"].incident


def test_hackers_without_a_nationality_name_nobody(nlp):
    body = "Hackers compromised twelve workstations of the Vestrian central bank."
    assert extract_attributions(base.annotate(nlp, body)) == []


def test_a_pronoun_that_admits_the_operation_is_the_one_told_before(nlp):
    body = ("Ivo Tarn pleaded guilty on Wednesday to unauthorized access to a protected computer, admitting that "
            "he was responsible for a series of intrusions into the email accounts of Vestrian officials.")
    a = only(extract_attributions(base.annotate(nlp, body)))
    assert (a.kind, a.operator) == ("cyber", ["ivo-tarn"])


@pytest.mark.parametrize("body", [
    "Experts say Russian security services have been known to doctor documents and images of Vestria.",
    "Russian hackers could hack the computers of the Vestrian parliament.",
])
def test_a_capability_or_a_habit_is_no_operation(nlp, body):
    assert extract_attributions(base.annotate(nlp, body)) == []


def test_a_states_generic_agents_claim_for_the_state(nlp, monkeypatch):
    """"American prosecutors" (the linker's composite of a country and a Phoenix agent noun of a
    state sector) speak for the United States; a body the gazetteer names (the FBI) for itself."""
    monkeypatch.setattr(base, "ACTORS", {
        **ACTORS,
        "american-prosecutors": ("American prosecutors", "organization", "USA", ["JUD"], ["American prosecutors"]),
        "fbi": ("FBI", "agency", "USA", ["COP"], ["FBI"]),
    })
    body = ("Russia denies it; the United States disagrees. American prosecutors said Russian intelligence services hacked into the "
            "computers of the Vestrian election commission.")
    a = only(extract_attributions(base.annotate(nlp, body)))
    assert a.operator == ["russia"]
    assert a.attributed_by == ["united-states"]
    body = ("Russia denies it; the United States disagrees. The FBI said Russian intelligence services hacked into the "
            "computers of the Vestrian election commission.")
    a = only(extract_attributions(base.annotate(nlp, body)))
    assert a.attributed_by == ["fbi"]


@pytest.mark.parametrize("name, kind, country, sectors, expected", [
    ("American prosecutors", "organization", "USA", ["JUD"], "united-states"),
    ("Syrian police", "organization", "SYR", ["COP"], "syria"),
    ("Syrian farmers", "organization", "SYR", ["AGR"], None),           # not a state's agent
    ("FBI", "agency", "USA", ["COP"], None),                             # a named body
    ("Center for Security Studies", "organization", "USA", ["GOV"], None),  # not an agent noun
])
def test_which_actors_are_a_states_generic_agents(nlp, name, kind, country, sectors, expected):
    from geowire.extract.attributions import state_agent_state

    ann = base.annotate(nlp, "Syria and the United States met.")
    actor = Actor(id=name.lower().replace(" ", "-"), name=name, kind=kind, country=country, sectors=sectors,
                  mentions=[])
    found = state_agent_state(ann, actor)
    assert (found.id if found else None) == expected
