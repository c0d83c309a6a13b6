"""The gazetteer: states, partially recognised entities, IGOs, agencies, threat groups,
media, officials; the names that point at them and the bodies built from a state."""
from __future__ import annotations

import datetime as dt

import pytest

from geowire.actors.gazetteer import DEMONYM, NAME, SEAT, SHORT, Entry, load_gazetteer, slug


@pytest.fixture(scope="module")
def g():
    return load_gazetteer()


def one(g, name, kind=None):
    found = [e for e in g.lookup(name) if kind is None or e.kind == kind]
    assert len(found) == 1, (name, found)
    return found[0]


def labels(g, surface):
    return {(entry_id, label) for entry_id, label in g.patterns.get(surface, [])}


def test_loaded_once_per_process(g):
    assert load_gazetteer() is g


def test_slug_is_lowercase_hyphenated_ascii():
    assert slug("Recep Tayyip Erdoğan") == "recep-tayyip-erdogan"
    assert slug("Donetsk People's Republic") == "donetsk-peoples-republic"


@pytest.mark.parametrize("name, entry_id, code", [
    ("Russian Federation", "russia", "RUS"),
    ("Federal Republic of Germany", "germany", "DEU"),
    ("Britain", "united-kingdom", "GBR"),
    ("Türkiye", "turkey", "TUR"),
    ("Kosovo", "kosovo", "KOS"),
    ("Taiwan", "taiwan", "TWN"),
])
def test_states_by_their_names(g, name, entry_id, code):
    entry = one(g, name)
    assert (entry.id, entry.country) == (entry_id, code)


def test_demonyms_and_their_plurals_point_at_the_state(g):
    assert labels(g, "German") == {("germany", DEMONYM)}
    assert labels(g, "Russians") == {("russia", DEMONYM)}
    assert "Chineses" not in g.patterns and labels(g, "Chinese") == {("china", DEMONYM)}


def test_capitals_and_seats_are_metonyms_only(g):
    assert labels(g, "Moscow") == {("russia", SEAT)}
    assert labels(g, "Kremlin") == {("russia", SEAT)}
    assert labels(g, "Tskhinvali") == {("south-ossetia", SEAT)}


def test_names_of_two_states_are_never_matched(g):
    assert "Congo" not in g.patterns and "Korean" not in g.patterns


@pytest.mark.parametrize("entry_id, country", [
    ("south-ossetia", "GEO"), ("abkhazia", "GEO"), ("transnistria", "MDA"), ("northern-cyprus", "CYP"),
    ("somaliland", "SOM"), ("western-sahara", "MAR"), ("nagorno-karabakh", "AZE"),
    ("luhansk-peoples-republic", "UKR"),
])
def test_partially_recognised_entities_take_the_claimant_and_pre(g, entry_id, country):
    entry = g.get(entry_id)
    assert (entry.kind, entry.country, entry.sectors) == ("partially-recognized-state", country, ("PRE",))


def test_dependencies_fold_into_their_state_without_taking_its_code(g):
    assert (g.get("greenland").kind, g.get("greenland").country) == ("location", "DNK")
    assert g.state("USA").id == "united-states"
    assert g.state("DNK").id == "denmark"


@pytest.mark.parametrize("name, entry_id, country, sectors", [
    ("EU", "european-union", "EUR", ()),
    ("European Parliament", "european-parliament", "EUR", ("LEG",)),
    ("European Commission", "european-commission", "EUR", ("GOV",)),
    ("UN", "united-nations", "UNO", ()),
    ("OSCE", "osce", "IGO", ()),
    ("NATO", "nato", "IGO", ()),
    ("IAEA", "iaea", "UNO", ()),
])
def test_igos_with_plover_codes(g, name, entry_id, country, sectors):
    entry = one(g, name)
    assert (entry.id, entry.kind, entry.country, entry.sectors) == (entry_id, "igo", country, sectors)


def test_gru_from_the_galaxy_with_curated_aliases(g):
    for name in ("GRU", "Russian military intelligence", "Main Directorate of the General Staff"):
        assert labels(g, name) == {("gru", NAME)}
    gru = g.get("gru")
    assert (gru.kind, gru.country) == ("agency", "RUS") and "SPY" in gru.sectors


def test_intelligence_galaxy_agencies_and_generic_names(g):
    mossad = one(g, "Mossad")
    assert (mossad.kind, mossad.country, mossad.sectors) == ("agency", "ISR", ("SPY",))
    # a name made of plain words matches only with its state
    assert "National Investigation Agency" not in g.patterns
    assert any(e.country == "IND" for e in g.lookup("Indian National Investigation Agency"))


def test_threat_groups_from_the_galaxy(g):
    apt28 = g.get("apt28")
    assert (apt28.kind, apt28.country) == ("threat-group", "RUS")
    for alias in ("Fancy Bear", "Sofacy", "Sednit", "STRONTIUM", "Forest Blizzard"):
        assert labels(g, alias) == {("apt28", NAME)}, alias
    assert labels(g, "Cozy Bear") == {("apt29", NAME)}  # written "COZY BEAR" in the galaxy


def test_threat_group_aliases_that_are_english_words_are_not_matched(g):
    turla = g.get("turla")
    assert "Snake" in turla.aliases and "Snake" not in g.patterns
    assert labels(g, "Turla") == {("turla", NAME)}


def test_ministries_curated_or_built_from_the_demonym(g):
    germany, france = g.get("germany"), g.get("france")
    assert g.ministry_of(germany, "foreign").id == "german-foreign-office"
    defence = g.ministry_of(g.get("poland"), "defence")
    assert (defence.id, defence.name, defence.kind, defence.country) == \
        ("polish-defence-ministry", "Polish Defence Ministry", "agency", "POL")
    assert defence.sectors == ("GOV", "MIL") and defence.dept == "defence"
    assert g.ministry_of(france, "foreign").id == "french-foreign-ministry"
    assert "PRE" in g.ministry_of(g.get("abkhazia"), "foreign").sectors


def test_bodies_and_media_of_a_state(g):
    russia = g.get("russia")
    forces = g.body_of(russia, "armed-forces")
    assert (forces.id, forces.kind, forces.country, forces.sectors) == ("russian-armed-forces", "organization", "RUS", ("MIL",))
    assert g.body_of(g.get("south-ossetia"), "armed-forces").name == "South Ossetian Armed Forces"
    assert g.body_of(g.get("germany"), "parliament").id == "bundestag"
    media = g.media_of(russia)
    assert (media.id, media.kind, media.country, media.sectors) == ("russian-media", "media", "RUS", ("JRN",))


def test_domains_become_media_with_the_country_of_their_tld(g):
    site = g.media_for_domain("Commonspace.eu")
    assert (site.id, site.kind, site.country, site.sectors) == ("commonspace.eu", "media", None, ("JRN",))
    assert g.media_for_domain("www.novosti-example.ru").country == "RUS"
    assert g.media_for_domain("tass.ru").id == "tass"
    assert g.media_for_domain("kremlin.ru").country == "RUS"


def test_officials_hold_offices_in_time(g):
    putin = g.get("vladimir-putin")
    assert putin.office_on(dt.date(2010, 6, 1)).role == "Prime Minister of Russia"
    assert putin.office_on(dt.date(2015, 3, 18)).role == "President of Russia"
    tibilov = g.get("leonid-tibilov").office_on(dt.date(2015, 3, 18))
    assert (tibilov.role, tibilov.country, tibilov.sectors) == ("President of South Ossetia", "GEO", ("GOV", "PRE"))
    borrell = g.get("josep-borrell").office_on(None)  # no date: the latest office
    assert (borrell.country, borrell.sectors) == ("EUR", ("GOV",))
    assert borrell.role.startswith("High Representative")
    assert labels(g, "Borrell") == {("josep-borrell", SHORT)}


def test_office_before_all_terms_and_after_the_last():
    from geowire.actors.gazetteer import Office

    early = Office("Mayor", "x", "Mayor of X", None, ("GOV",), dt.date(2000, 1, 1), dt.date(2004, 12, 31))
    late = Office("Governor", "x", "Governor of X", None, ("GOV",), dt.date(2010, 1, 1), dt.date(2012, 12, 31))
    person = Entry(id="p", name="P", kind="person", offices=(late, early))
    assert person.office_on(dt.date(1990, 1, 1)) is early
    assert person.office_on(dt.date(2007, 1, 1)) is early
    assert person.office_on(dt.date(2020, 1, 1)) is late


def test_campaigns_match_with_a_space_or_a_hyphen(g):
    assert labels(g, "Storm 1516") == labels(g, "Storm-1516") == {("storm-1516", NAME)}
    assert g.get("storm-1516").country == "RUS"


def test_fast_name_tokenization_is_the_tokenizers(g):
    """The matchers split plain names on spaces instead of tokenizing them: the same tokens."""
    import spacy

    from geowire.actors.gazetteer import _tokenize

    tokenizer = spacy.blank("en").tokenizer
    texts = [*g.patterns, *g.agents, "cannot be", "Al-Qaeda", "U.S. Congress"]
    fast = [[t.text for t in d] for d in _tokenize(tokenizer, texts)]
    assert fast == [[t.text for t in d] for d in tokenizer.pipe(texts)]


def test_phoenix_imports_are_counted(g):
    stats = g.phoenix_stats
    assert stats["added_person"] > 1000 and stats["added_armed-group"] > 500 and stats["agent_surfaces"] > 3000
    assert all(e.imported for e in g.entries.values() if e.id in ("abu-nidal-organization",))
