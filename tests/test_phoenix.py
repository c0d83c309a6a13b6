"""The Phoenix (PETRARCH-2) dictionary import: the parser and code conversion of
scripts/build_phoenix.py on dictionary text written here, and what the gazetteer and the
linker make of the imported actors and agents (from the committed geowire/data/phoenix_*.json:
no shared data needed)."""
from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from collections import Counter
from pathlib import Path

import pytest

from geowire.actors.gazetteer import NAME, SHORT, Entry, Gazetteer, Office, load_gazetteer
from geowire.actors.linker import link_actors
from geowire.actors.phoenix import add_actors, add_agents


def _script():
    path = Path(__file__).resolve().parents[1] / "scripts" / "build_phoenix.py"
    spec = importlib.util.spec_from_file_location("build_phoenix", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_phoenix"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


bp = _script()

ACTORS = """\
# A header comment, with [BRACKETS] that are no codes
# second comment line

RUSSIAN_FEDERATION_  [RUS]
+RUSSIAN
+MOSCOW_

KREMLIN_
+RUSSIAN_WHITE_HOUSE
\t[RUSGOV]
IVAN_PETROVICH_SIDOROV_  # CountryInfo.txt
+SIDOROV_
+PRESIDENT_IVAN_SIDOROV
\t[RUSELI 700101-991231]
\t[RUSGOV 20000101-20080507]
\t[RUSGOVMIL >120301]
\t[RUSELI]
ANNA_KARLSSON_
ANNA_K._KARLSSON
\t[IGOUNO 970101-061231] [ELI]# IGOrulers.txt
FRONT_FOR_THE_TEST_OF_PARSERS_ [MEAREB] #  kkl 21 Mar 13
+FTPF_
"""


def test_parser_reads_names_synonyms_roles_and_comments():
    blocks = bp.parse_actors(ACTORS)
    assert [b.names[0] for b in blocks] == ["RUSSIAN FEDERATION", "KREMLIN", "IVAN PETROVICH SIDOROV",
                                            "ANNA KARLSSON", "FRONT FOR THE TEST OF PARSERS"]
    russia, kremlin, person, annan, front = blocks
    assert russia.names == ["RUSSIAN FEDERATION", "RUSSIAN", "MOSCOW"] and [r.code for r in russia.roles] == ["RUS"]
    assert kremlin.names == ["KREMLIN", "RUSSIAN WHITE HOUSE"]
    assert person.comment == "CountryInfo.txt"
    # six-digit and eight-digit dates, an open start ('>'), an undated role
    assert [(r.code, r.start, r.end) for r in person.roles] == [
        ("RUSELI", dt.date(1970, 1, 1), dt.date(1999, 12, 31)),
        ("RUSGOV", dt.date(2000, 1, 1), dt.date(2008, 5, 7)),
        ("RUSGOVMIL", dt.date(2012, 3, 1), None),
        ("RUSELI", None, None)]
    # a second name line before any code joins the actor (petrarch2 does the same)
    assert annan.names == ["ANNA KARLSSON", "ANNA K. KARLSSON"]
    assert [(r.code, r.start) for r in annan.roles] == [("IGOUNO", dt.date(1997, 1, 1)), ("ELI", None)]
    assert front.names == ["FRONT FOR THE TEST OF PARSERS", "FTPF"]


@pytest.mark.parametrize("text, start, end", [
    ("991231", dt.date(1999, 12, 31), None), ("080507", dt.date(2008, 5, 7), None),
    ("20000507", dt.date(2000, 5, 7), None), ("2004017", None, None)])
def test_dates_in_both_forms(text, start, end):
    assert bp.parse_date(text) == start


def test_malformed_role_is_dropped():
    assert bp.parse_role("KORGOVBUS 2004017-20061201") is None
    assert bp.parse_role("RUSGOV <080507").end == dt.date(2008, 5, 7)


@pytest.mark.parametrize("code, country, sectors", [
    ("RUSGOVMIL", "RUS", ("GOV", "MIL")),
    ("USAMED", "USA", ("JRN",)),            # CAMEO MED is media
    ("IGOUNOHLHWHO", "UNO", ("MED",)),      # CAMEO HLH is health
    ("IGOEUREEC", "EUR", ()),
    ("IGOWSTNAT", "IGO", ()),
    ("NGOHRIAMN", "NGO", ("SOC",)),
    ("MNCUSA", "MNC", ()),
    ("IMGMUSALQ", "IMG", ("REL",)),
    ("PHLSEP", "PHL", ("REB",)),
    ("MEAREB", None, ("REB",)),             # a region has no PLOVER country
    ("ELI", None, ("ELI",)),
    ("USR", "RUS", ()),                     # the Soviet Union
    ("MUSGOV", "MUS", ("GOV",)),            # first, MUS is Mauritius ...
    ("REBMUS", None, ("REB",)),             # ... after a sector, Muslim (an identity, no sector)
])
def test_cameo_codes_become_plover_country_and_sectors(code, country, sectors):
    got_country, got_sectors, _ = bp.convert(code, {"RUS": "RUS", "USA": "USA", "PHL": "PHL", "MUS": "MUS"})
    assert (got_country, got_sectors) == (country, sectors)


def test_dependencies_fold_into_their_state():
    assert bp.convert("BMUGOV", {"BMU": "GBR"})[:2] == ("GBR", ("GOV",))


def test_built_records_drop_country_blocks_and_titled_names():
    stats = Counter()
    records = bp.build_actors({"countries": bp.parse_actors(ACTORS)}, {"RUS": "RUS"}, dt.date(1995, 1, 1), stats)
    by_name = {r["name"]: r for r in records}
    assert "Russian Federation" not in by_name and stats["skipped_country_names"] == 1
    person = by_name["Ivan Petrovich Sidorov"]
    assert person["kind"] == "person" and person["names"] == ["Sidorov"]   # 'PRESIDENT IVAN SIDOROV' left out
    assert person["roles"][1] == ["RUS", ["GOV"], "2000-01-01", "2008-05-07"]
    assert by_name["Kremlin"]["kind"] == "organization" and by_name["Kremlin"]["roles"] == [["RUS", ["GOV"], None, None]]


def test_display_names():
    assert bp.display_name("PARTY OF THE REGIONS") == "Party of the Regions"
    assert bp.display_name("NATO") == "NATO"
    assert bp.display_name("AL-QAEDA IN IRAQ") == "Al-Qaeda in Iraq"
    assert bp.display_name("PUTIN", person=True) == "Putin"


AGENTS = """\
!PERSON! = MAN, MEN, WOMAN, WOMEN
POLICE {} [~COP]
POLICE!PERSON!  [~COP]
REBEL [~REB]
CHAMBER_OF_COMMERCE {CHAMBERS_OF_COMMERCE} [~BUS]
MILITIA [~REB] # a comment
NEWSPAPER [~MED]
"""


def test_agents_with_substitutions_plurals_and_codes():
    rows = {a: (pl, s) for a, pl, s in bp.parse_agents(AGENTS)}
    assert rows["police"] == ([], ("COP",))
    assert rows["policeman"][1] == ("COP",) and "policewomen" in rows
    assert rows["rebel"] == (["rebels"], ("REB",))
    assert rows["chamber of commerce"][0] == ["chambers of commerce"]
    assert rows["militia"] == (["militias"], ("REB",))
    assert rows["newspaper"][1] == ("JRN",)


# ---- the gazetteer and the linker ------------------------------------------------------------

def _small_gazetteer() -> Gazetteer:
    g = Gazetteer()
    g.add(Entry(id="russia", name="Russia", kind="state", country="RUS"))
    g.by_code["RUS"] = "russia"
    return g


PHOENIX_PERSON = {"name": "Ivan Sidorov", "kind": "person", "file": "countries", "names": ["Sidorov"],
                  "roles": [["RUS", ["GOV"], "2000-01-01", "2008-05-07"], ["RUS", ["ELI"], None, None]]}


def test_imported_role_holds_only_on_its_days():
    g = _small_gazetteer()
    stats = Counter()
    add_actors(g, [{**PHOENIX_PERSON, "roles": [["RUS", ["GOV"], "2000-01-01", "2008-05-07"]]}], stats)
    person = g.get("ivan-sidorov")
    assert person.imported and stats["added_person"] == 1
    office = person.office_on(dt.date(2004, 6, 1))
    assert (office.country, office.sectors) == ("RUS", ("GOV",)) and office.role == "Government official of Russia"
    assert person.office_on(dt.date(2010, 1, 1)) is None and person.office_on(dt.date(1999, 1, 1)) is None
    assert person.country == "RUS"          # the person keeps the country outside the office
    assert (person.id, SHORT) in g.patterns["Sidorov"] and (person.id, NAME) in g.patterns["Ivan Sidorov"]


def test_an_office_wins_over_an_undated_former_official_role():
    g = _small_gazetteer()
    add_actors(g, [PHOENIX_PERSON], Counter())
    person = g.get("ivan-sidorov")
    assert person.office_on(dt.date(2004, 6, 1)).sectors == ("GOV",)
    assert person.office_on(dt.date(2012, 1, 1)).sectors == ("ELI",)   # Phoenix: undated = always


def test_curated_entries_win():
    g = _small_gazetteer()
    curated = Office(title="President", of="russia", role="President of Russia", country="RUS", sectors=("GOV",),
                     start=dt.date(2001, 1, 1))
    g.add(Entry(id="ivan-sidorov", name="Ivan Sidorov", kind="person", country="RUS", sectors=("GOV",),
                offices=(curated,)))
    stats = Counter()
    add_actors(g, [{**PHOENIX_PERSON, "name": "IVAN SIDOROV", "names": ["Ivan Sidorov", "Sidorov"]}], stats)
    assert stats["known"] == 1 and "Sidorov" not in g.patterns
    assert g.get("ivan-sidorov").offices == (curated,) and not g.get("ivan-sidorov").imported


def test_curated_official_wins_in_the_shipped_gazetteer():
    g = load_gazetteer()
    putin = g.get("vladimir-putin")       # in officials.yaml and in Phoenix (RUSGOV 991231-080507 ...)
    assert not putin.imported and putin.office_on(dt.date(2010, 1, 1)).role == "Prime Minister of Russia"
    assert [e.id for e in g.lookup("Vladimir Vladimirovich Putin")] == ["vladimir-putin"]
    assert g.phoenix_stats["known"] > 100


def test_imported_armed_group_and_igo():
    g = load_gazetteer()
    farc = g.lookup("Revolutionary Armed Forces of Colombia")
    assert [(e.kind, e.country, e.sectors, e.imported) for e in farc] == [("organization", "COL", ("REB",), True)]
    assert [e.id for e in g.lookup("Islamic Resistance Movement")] == []   # Phoenix's HAMAS block: curated Hamas wins
    assert g.lookup("The United Nations") == []   # Phoenix's THE_UNITED_NATIONS_ is the curated United Nations
    assert all(e.country in ("IGO", "UNO", "EUR") for e in g.entries.values() if e.kind == "igo" and e.imported)


def test_agents_are_loaded():
    g = _small_gazetteer()
    add_agents(g, [["rebel", ["rebels"], ["REB"]], ["police", [], ["COP"]]], Counter())
    assert g.agents == {"rebel": ("rebels", ("REB",)), "rebels": ("rebels", ("REB",)), "police": ("police", ("COP",))}


def test_a_mass_agent_noun_keeps_its_singular_name():
    g = Gazetteer()
    add_agents(g, [["intelligence", ["intelligences"], ["SPY"]], ["law enforcement", ["law enforcements"], ["COP"]]],
               Counter())
    assert g.agents["intelligence"] == ("intelligence", ("SPY",))
    assert g.agents["law enforcement"][0] == "law enforcement"


@pytest.fixture
def link(nlp):
    g = load_gazetteer()

    def run(text, day=None):
        return text, {a.id: a for a in link_actors(nlp(text), g, day)}
    return run


def test_agent_noun_with_its_country(link):
    text, actors = link("Syrian rebels fired on Turkish police, and the police of Kenya arrested protesters.")
    rebels, police = actors["syrian-rebels"], actors["turkish-police"]
    assert (rebels.country, rebels.sectors, rebels.kind) == ("SYR", ["REB"], "organization")
    assert [text[s:e] for s, e in rebels.mentions] == ["Syrian rebels"]
    assert (police.country, police.sectors) == ("TUR", ["COP"])
    assert actors["kenyan-police"].country == "KEN"
    # bare, and the document names three states once each: protesters of no country ("---OPP")
    protesters = actors["protesters"]
    assert (protesters.country, protesters.sectors) == (None, ["OPP"])


def test_lone_agent_nouns_take_the_document_state(link):
    text, actors = link("Bolivia's interim government said police fired on protesters in Bolivia. Officials "
                        "in La Paz said the UN troops and the president left.")
    assert actors["bolivian-police"].country == "BOL"            # "police": the document's state
    assert actors["bolivian-protesters"].sectors == ["OPP"]
    assert "united-nations" in actors and not any("troops" in a.id for a in actors.values())  # "UN troops": the UN's
    assert not any("president" in a.id for a in actors.values())  # "the president": someone named, not an actor


def test_officers_are_those_of_the_one_institution_named_before_them(link):
    text, actors = link("Police were called to the hotel. Transit officers arrested the suspect. "
                        "Company officials said nothing.")
    assert [text[s:e] for s, e in actors["police"].mentions] == ["Police", "officers"]
    _, actors = link("Police and the army entered the town. Officers detained three journalists.")
    assert set(actors) == {"police", "army"}                     # whose officers? two institutions
    _, actors = link("Officers detained three journalists. Police were called.")
    assert set(actors) == {"police"}                             # nothing named before them
    # a place or a people named with them says whose they are
    text, actors = link("The Chinese military expanded. Obama held meetings with the top officials from Japan and China.")
    assert [text[s:e] for s, e in actors["peoples-liberation-army"].mentions] == ["Chinese military"]
    # a place of the institution's own country keeps them its own
    text, actors = link("The Indian government is worried. This year, officials in Delhi banned firecrackers.")
    assert [text[s:e] for s, e in actors["india"].mentions] == ["Indian government", "officials"]


def test_people_an_act_is_aimed_at_are_no_place(link):
    # "at", "to", "from" before a plural of people name whom an act is aimed at, not a place
    _, actors = link("Gunmen fired at police in Kabul. Stones were thrown at soldiers.")
    assert {"police", "soldiers"} <= set(actors)
    _, actors = link("Police fired tear gas at protesters in the capital. A letter was sent to lawmakers.")
    assert {"police", "protesters", "lawmakers"} <= set(actors)
    # a singular institution after them is a place as before
    _, actors = link("He was taken to the police station and works at the embassy.")
    assert not actors


def test_lone_agent_nouns_need_a_political_sector_and_no_place(link):
    _, actors = link("Investors in the prison praised the flagship carrier. Pro-Russia rebels attacked.")
    assert set(actors) == {"rebels"}                              # no country: pro-Russia is a side
    assert actors["rebels"].country is None


def test_agent_nouns_of_the_state_and_its_bodies(link):
    _, actors = link("Polish diplomats met Russian soldiers. Ukrainian lawmakers and Kenyan lawmakers voted.")
    assert "poland" in actors                                   # GOV alone: the state, as before
    assert actors["russian-armed-forces"].sectors == ["MIL"]   # MIL alone: the armed forces
    assert "verkhovna-rada" in actors                           # LEG alone: the (curated) parliament
    assert actors["kenyan-parliament"].sectors == ["LEG"]


def test_pro_demonym_agents_are_not_the_state(link):
    _, actors = link("Pro-Russian rebels seized the building.")
    assert not any(a.country == "RUS" for a in actors.values())


def test_imported_person_resolved_at_the_date(link):
    # Phoenix.Countries.actors.txt: CHEKIB_KHALIL_ +CHAKIB_KHELIL_ [DZAGOVBUS 030101-030531] [DZAGOVBUS 030701-100630]
    text = "Chakib Khelil presented the budget."
    _, in_office = link(text, dt.date(2008, 1, 1))
    _, after = link(text, dt.date(2012, 1, 1))
    minister = next(a for a in in_office.values() if a.kind == "person")
    assert (minister.country, minister.sectors) == ("DZA", ["GOV", "BUS"])
    assert minister.role == "Government official of Algeria"
    former = next(a for a in after.values() if a.kind == "person")
    assert (former.country, former.sectors, former.role) == ("DZA", [], None)
