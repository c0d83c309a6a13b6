"""Actor-linking precision: title-case phrases and lone words spaCy calls persons, days that a
dictionary names, and United States federal agencies (sentences written for these tests)."""
from __future__ import annotations

import pytest

from geowire.actors.gazetteer import load_gazetteer
from geowire.actors.linker import link_actors


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


@pytest.fixture
def link(nlp, gazetteer):
    def run(text):
        return {a.id: a for a in link_actors(nlp(text), gazetteer)}
    return run


def persons(actors):
    return {a.name for a in actors.values() if a.kind == "person"}


def test_a_title_case_headline_of_ordinary_words_is_no_person(link):
    actors = link("Russian Hackers Charged Over Yahoo Breach\nFederal prosecutors charged four men on Wednesday.")
    assert not any("Hackers" in n for n in persons(actors))


def test_a_headline_with_a_possessive_is_no_person(link):
    actors = link("Clinton Calls Trump's Putin Remarks 'Troubling' In Interview\nHillary Clinton spoke on Sunday.")
    assert not any("Remarks" in n for n in persons(actors))
    assert "Hillary Clinton" in persons(actors)


def test_a_phrase_led_by_an_adjective_is_no_person(link):
    actors = link("Cmdr. Sean Robertson, a spokesperson for Inherent Resolve, told reporters the claim was false.")
    assert "Sean Robertson" in persons(actors)
    assert "Inherent Resolve" not in persons(actors)


def test_a_lone_word_is_a_person_only_with_a_title_or_a_full_mention(link):
    actors = link("Maria Kowalska, the mayor, arrived late. Later Kowalska met Rukban residents near Palmyra.")
    assert persons(actors) == {"Maria Kowalska"}
    actors = link("Senator Okonkwo said the bill would pass.")
    assert any(a.kind == "person" and a.role for a in actors.values())


def test_an_ordinary_full_name_in_prose_stays_a_person(link):
    actors = link("Mark Wood, a farmer from Iowa, said the tariffs had cost him dearly.")
    assert "Mark Wood" in persons(actors)


def test_a_day_a_dictionary_names_is_no_actor(link):
    actors = link("Shoppers in Turkey crowded the stores on Black Friday this year.")
    assert "black-friday" not in actors
    assert "turkey" in actors


@pytest.mark.parametrize("name, acronym", [
    ("Federal Deposit Insurance Corporation", "FDIC"), ("Office of Personnel Management", "OPM"),
])
def test_united_states_federal_agencies(link, name, acronym):
    actors = link(f"The {name} ({acronym}) said on Tuesday that its systems had been breached.")
    found = [a for a in actors.values() if a.name == name]
    assert found and (found[0].kind, found[0].country) == ("agency", "USA")


def test_a_name_spacy_calls_an_organisation_twice_is_one(link, nlp):
    text = ("Emirates Airline agreed to buy 30 jets from Boeing on Wednesday. Boeing shares rose 2 percent "
            "after the order, and Airbus said it expected more orders.")
    labels = [(e.text, e.label_) for e in nlp(text).ents]
    actors = link(text)
    boeing = [a for a in actors.values() if a.name == "Boeing"]
    if labels.count(("Boeing", "ORG")) >= 2:  # the rule rests on spaCy's label
        assert boeing and boeing[0].kind == "organization" and len(boeing[0].mentions) == 2
    assert not any(a.name == "Airbus" for a in actors.values()) or labels.count(("Airbus", "ORG")) >= 2


def test_a_surname_after_a_full_name_with_a_suffix_is_that_person(link):
    actors = link("Patrick W. Carlineo Jr., 55, pleaded guilty on Monday. Carlineo faces up to 10 years in prison.")
    found = [a for a in actors.values() if a.kind == "person"]
    assert len(found) == 1 and len(found[0].mentions) == 2


def test_a_company_named_without_its_suffix_is_the_same_company(link):
    actors = link("Ascom signed a partnership with GE Healthcare in Europe. The deal extends the ties between GE "
                  "and Ascom.")
    ge = [a for a in actors.values() if a.name == "GE Healthcare"]
    assert ge and ge[0].kind == "organization"
    assert {"GE", "GE Healthcare"} <= set(ge[0].aliases) | {ge[0].name}
