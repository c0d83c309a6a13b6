"""Actor linking on sentences written for these tests: what is linked, to which actor,
with which kind, country, sectors and role, and what is left alone."""
from __future__ import annotations

import datetime as dt

import pytest

from geowire.actors.linker import link_actors
from geowire.actors.gazetteer import load_gazetteer


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


@pytest.fixture
def link(nlp, gazetteer):
    def run(text, day=None):
        actors = link_actors(nlp(text), gazetteer, day)
        by_id = {a.id: a for a in actors}
        assert len(by_id) == len(actors), "one actor per id"
        return text, by_id
    return run


def seen(text, actor):
    return [text[s:e] for s, e in actor.mentions]


def test_states_demonyms_and_offsets(link):
    text, actors = link("Poland and the Czech Republic signed the deal; Polish diplomats called it fair.")
    assert set(actors) == {"poland", "czechia"}
    assert seen(text, actors["poland"]) == ["Poland", "Polish"]
    assert actors["czechia"].country == "CZE" and actors["czechia"].kind == "state"
    assert "Czech Republic" in actors["czechia"].aliases


def test_capitals_are_actors_only_as_metonyms(link):
    text, actors = link("Moscow said on Tuesday that talks with Kyiv had failed, while the summit in Berlin went ahead.")
    assert seen(text, actors["russia"]) == ["Moscow"]
    assert seen(text, actors["ukraine"]) == ["Kyiv"]
    assert "germany" not in actors


def test_a_capital_one_travels_to_is_the_host_state(link):
    text, actors = link("Modi flew to Moscow, and Xi arrived in Ankara, before the summit in Berlin.")
    assert seen(text, actors["russia"]) == ["Moscow"]
    assert seen(text, actors["turkey"]) == ["Ankara"]
    assert "germany" not in actors  # where a summit is held is a place
    _, actors = link("The delegation met officials in Moscow and returned home.")
    assert "russia" not in actors
    # what a government says or gives comes "from" its capital; people come from a city
    text, actors = link("The plan drew criticism from Berlin. Refugees from Kabul arrived.")
    assert seen(text, actors["germany"]) == ["Berlin"] and "afghanistan" not in actors
    # where a protest is held
    text, actors = link("Students staged a protest in Minsk.")
    assert seen(text, actors["belarus"]) == ["Minsk"]


def test_a_city_of_a_based_phrase_is_no_actor(link):
    _, actors = link("A Vienna-based lawyer filed the complaint.")
    assert "austria" not in actors


def test_partially_recognised_entities(link):
    text, actors = link("Abkhazia and Transnistria held elections, and Tskhinvali welcomed the result.")
    assert (actors["abkhazia"].kind, actors["abkhazia"].country, actors["abkhazia"].sectors) == \
        ("partially-recognized-state", "GEO", ["PRE"])
    assert actors["transnistria"].country == "MDA"
    assert seen(text, actors["south-ossetia"]) == ["Tskhinvali"]


def test_igos(link):
    _, actors = link("The EU and the OSCE urged the UN Security Council to act.")
    assert {a: (actors[a].kind, actors[a].country) for a in actors} == {
        "european-union": ("igo", "EUR"), "osce": ("igo", "IGO"), "un-security-council": ("igo", "UNO")}


def test_a_known_name_after_common_words_is_that_name(link):
    # spaCy's ORG entity "Key Security Council" is the UN Security Council, not a new organisation
    _, actors = link("Key Security Council powers distanced themselves from the US position.")
    assert "un-security-council" in actors and not any("key" in a for a in actors)


def test_ministry_and_the_unqualified_ministry_after_it(link):
    text, actors = link("The French Foreign Ministry condemned the strike. Later, the Foreign Ministry added that "
                        "it would respond.")
    ministry = actors["french-foreign-ministry"]
    assert (ministry.kind, ministry.country, ministry.sectors) == ("agency", "FRA", ["GOV"])
    assert seen(text, ministry) == ["French Foreign Ministry", "Foreign Ministry"]


def test_ministry_of_a_department_of_a_state(link):
    text, actors = link("The Ministry of Defence of Lithuania denied the claim.")
    ministry = actors["lithuanian-defence-ministry"]
    assert seen(text, ministry) == ["Ministry of Defence of Lithuania"]
    assert ministry.sectors == ["GOV", "MIL"]


def test_an_unqualified_ministry_with_none_before_it_is_dropped(link):
    _, actors = link("The Foreign Ministry declined to comment.")
    assert actors == {}


def test_a_government_is_its_state(link):
    text, actors = link("The Polish government and the government of Hungary disagreed with Belgium's government.")
    assert set(actors) == {"poland", "hungary", "belgium"}
    assert seen(text, actors["hungary"]) == ["government of Hungary"]


def test_armed_forces_of_a_state(link):
    text, actors = link("Belarus's Armed Forces held drills with Armenian troops near the border.")
    forces = actors["belarusian-armed-forces"]
    assert (forces.kind, forces.country, forces.sectors) == ("organization", "BLR", ["MIL"])
    assert seen(text, forces) == ["Belarus's Armed Forces"]
    assert actors["armenian-armed-forces"].country == "ARM"


def test_a_military_adjective_is_not_the_armed_forces(link):
    _, actors = link("The Russian military base in Armenia was expanded.")
    assert "russian-armed-forces" not in actors and "russia" in actors


def test_agency_named_with_its_country(link):
    text, actors = link("Investigators blamed Russian military intelligence, the GRU, for the leak.")
    gru = actors["gru"]
    assert (gru.kind, gru.country) == ("agency", "RUS") and "SPY" in gru.sectors
    assert seen(text, gru) == ["Russian military intelligence", "GRU"]
    assert "russia" not in actors  # the demonym belongs to the agency's name here


def test_threat_group_aliases_and_common_words(link):
    text, actors = link("Researchers tied the intrusion to Sofacy, a group also known as Forest Blizzard. "
                        "A snake was found in the server room.")
    assert list(actors) == ["apt28"]
    assert (actors["apt28"].kind, actors["apt28"].country) == ("threat-group", "RUS")
    assert seen(text, actors["apt28"]) == ["Sofacy", "Forest Blizzard"]


def test_media_domains_agencies_and_national_media(link):
    text, actors = link("The report first appeared on Novosti-Example.ru and was picked up by Xinhua and by "
                        "Estonian media.")
    site = actors["novosti-example.ru"]
    assert (site.kind, site.country, site.sectors) == ("media", "RUS", ["JRN"])
    assert seen(text, site) == ["Novosti-Example.ru"]
    assert actors["xinhua"].country == "CHN"
    assert (actors["estonian-media"].kind, actors["estonian-media"].country) == ("media", "EST")


def test_eu_domain_has_no_country(link):
    _, actors = link("Euractiv-example.eu published the letter.")
    assert actors["euractiv-example.eu"].country is None


def test_official_from_the_curated_file_respects_the_date(link):
    _, in_2010 = link("Medvedev signed the decree.", dt.date(2010, 5, 1))
    _, in_2015 = link("Medvedev signed the decree.", dt.date(2015, 5, 1))
    assert in_2010["dmitry-medvedev"].role == "President of Russia"
    assert in_2015["dmitry-medvedev"].role == "Prime Minister of Russia"
    assert in_2015["dmitry-medvedev"].country == "RUS" and in_2015["dmitry-medvedev"].sectors == ["GOV"]


def test_a_surname_two_presidents_share_is_the_one_in_office_on_the_day(link):
    _, in_2008 = link("President Bush met the Japanese prime minister.", dt.date(2008, 8, 2))
    _, in_1991 = link("President Bush met the Japanese prime minister.", dt.date(1991, 8, 2))
    assert "george-w-bush" in in_2008 and "george-h-w-bush" not in in_2008
    assert "george-h-w-bush" in in_1991 and "george-w-bush" not in in_1991


def test_official_of_a_partially_recognised_entity(link):
    _, actors = link("Leonid Tibilov arrived for the talks.", dt.date(2015, 3, 18))
    tibilov = actors["leonid-tibilov"]
    assert (tibilov.kind, tibilov.country, tibilov.sectors) == ("person", "GEO", ["GOV", "PRE"])


def test_surname_of_a_curated_official_resolves_without_a_date(link):
    _, actors = link("Borrell addressed the European Parliament on Tuesday.")
    borrell = actors["josep-borrell"]
    assert (borrell.country, borrell.sectors) == ("EUR", ["GOV"])
    assert (actors["european-parliament"].country, actors["european-parliament"].sectors) == ("EUR", ["LEG"])


def test_titles_read_from_the_text(link):
    _, actors = link("Dutch Prime Minister Jan de Vries met Hans Muller, the Austrian chancellor, in Vienna.")
    assert (actors["jan-de-vries"].role, actors["jan-de-vries"].country) == ("Prime Minister of the Netherlands", "NLD")
    assert (actors["hans-muller"].role, actors["hans-muller"].country) == ("Chancellor of Austria", "AUT")
    assert actors["hans-muller"].sectors == ["GOV"]
    assert "austria" in actors and "vienna" not in actors


def test_title_in_a_relative_clause_after_the_name(link):
    _, actors = link("Hans Muller, who has been Austria's foreign minister since 2019, resigned on Monday.")
    assert (actors["hans-muller"].role, actors["hans-muller"].country) == ("Foreign Minister of Austria", "AUT")
    _, actors = link("Hans Muller, who said the talks had failed, resigned on Monday.")
    assert actors["hans-muller"].role is None


def test_title_of_a_partially_recognised_entity_before_the_name(link):
    _, actors = link("The leader of Abkhazia, Tengiz Agrba, met the envoy.")
    person = actors["tengiz-agrba"]
    assert (person.role, person.country, person.sectors) == ("Leader of Abkhazia", "GEO", ["GOV", "PRE"])


def test_surnames_resolve_to_the_full_name(link):
    text, actors = link("Maria Kowalska, a senior researcher, said the data were clear. Kowalska added that "
                        "more work was needed.")
    assert list(actors) == ["maria-kowalska"]
    assert seen(text, actors["maria-kowalska"]) == ["Maria Kowalska", "Kowalska"]
    assert actors["maria-kowalska"].country is None


def test_an_honorific_picks_the_person_of_that_sex_among_namesakes(link):
    text, actors = link("Maria Kowalska said she would run. Her husband, Jan Kowalska, stayed in Warsaw. "
                        "Mrs. Kowalska met voters on Monday. Mr. Kowalska did not.")
    assert seen(text, actors["maria-kowalska"]) == ["Maria Kowalska", "Kowalska"]
    assert seen(text, actors["jan-kowalska"]) == ["Jan Kowalska", "Kowalska"]
    # what the text does not say is not guessed: the nearest namesake before, as for any surname
    text, actors = link("Maria Kowalska met Jan Kowalska. Mrs. Kowalska spoke first.")
    assert seen(text, actors["jan-kowalska"]) == ["Jan Kowalska", "Kowalska"]


def test_a_demonym_standing_for_a_surname_is_the_person(link):
    text, actors = link("The billionaire Mark Cuban is sizing up the field. As evidence, Cuban cited an attack on "
                        "Cruz. Cuban voters disagree.")
    assert seen(text, actors["mark-cuban"]) == ["Mark Cuban", "Cuban"]
    assert actors["mark-cuban"].country is None  # his name is no nationality
    assert "cuba" not in actors  # "Cuban voters" is a group of Cuba, not the man
    assert actors["cuban-voters"].country == "CUB"


def test_president_and_surname_resolve_to_the_person_named_before(link):
    text, actors = link("Vladimir Putin arrived. President Putin then spoke.", dt.date(2015, 3, 18))
    assert seen(text, actors["vladimir-putin"]) == ["Vladimir Putin", "Putin"]


def test_unknown_organisation_with_head_word_and_country_from_context(link):
    _, actors = link("The Warsaw-based Centre for Eastern Policy Analysis said Gazprom had raised prices.")
    centre = actors["centre-for-eastern-policy-analysis"]
    assert (centre.kind, centre.country) == ("organization", "POL")
    assert "gazprom" not in actors  # no organisation head word: not emitted


def test_campaigns_named_in_text_take_the_country_of_their_sentence(link):
    text, actors = link('Officials said the so-called "Blue Lantern" campaign was run from Russia.')
    campaign = actors["blue-lantern"]
    assert (campaign.kind, campaign.country) == ("campaign", "RUS")
    assert seen(text, campaign) == ["Blue Lantern"]


def test_curated_campaign_and_operation(link):
    _, actors = link("Analysts linked the Doppelganger campaign to Operation Secondary Infektion.")
    assert actors["doppelganger"].country == "RUS"
    assert actors["secondary-infektion"].kind == "campaign"


def test_places_dates_and_common_words_are_not_actors(link):
    _, actors = link("The meeting took place in Paris on 3 May; the snake and the cobalt mine were discussed.")
    assert actors == {}


def test_pro_demonyms_are_not_the_state(link):
    _, actors = link("Pro-Russian separatists seized the building.")
    assert "russia" not in actors


def test_works_without_the_parser_and_the_entity_recogniser(gazetteer):
    from geowire.nlp import load_nlp

    nlp = load_nlp(("parser", "ner"))
    actors = {a.id: a for a in link_actors(nlp("Latvia and the IAEA praised Commonspace.eu."), gazetteer)}
    assert set(actors) == {"latvia", "iaea", "commonspace.eu"}
