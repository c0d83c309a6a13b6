"""Cross-document merging in the store: one event with many sources, one agreement record
filled from every document that mentions it, near-duplicate pages linked."""
from __future__ import annotations

import json

import pytest

from geowire.kb.merge import same_time
from geowire.model import Agreement, Attribution, Event, Funding, document_id
from geowire.kb.store import Store
from tests.test_store import ARMENIA, TURKEY, make_dossier


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "kb.db") as s:
        yield s


def talks(date):
    return Event(type="CONSULT", actors=["turkey", "armenia"], trigger="held talks", span=(0, 10), date=date)


def sources_per_event(store):
    return [r[0] for r in store.conn.execute("SELECT sources FROM event_sources ORDER BY merged_id")]


def test_the_same_event_from_three_outlets_is_one_event_with_three_sources(store):
    for outlet, date in (("Outlet one", "2024-05-01"), ("Outlet two", "2024-05-02"), ("Outlet three", "2024-05-01")):
        store.save(make_dossier(f"{outlet}: Armenia and Turkey held talks.", actors=[ARMENIA, TURKEY],
                                events=[Event(type="CONSULT", actors=["armenia", "turkey"], trigger="held talks",
                                              span=(0, 10), date=date)]))
    assert store.counts()["events"] == 3
    assert store.counts()["merged_events"] == 1
    assert sources_per_event(store) == [3]


def test_events_apart_in_time_or_kind_stay_apart(store):
    store.save(make_dossier("A: talks in May.", actors=[ARMENIA, TURKEY], events=[talks("2024-05-01")]))
    store.save(make_dossier("B: talks in June.", actors=[ARMENIA, TURKEY], events=[talks("2024-06-20")]))
    store.save(make_dossier("C: a threat.", actors=[ARMENIA, TURKEY], events=[
        Event(type="THREATEN", actors=["turkey"], recipients=["armenia"], trigger="threatened", span=(0, 5),
              date="2024-05-01")]))
    assert store.counts()["merged_events"] == 3
    assert same_time("2024-05-01", "2024-05-03") and not same_time("2024-05-01", "2024-05-04")
    assert same_time("2024-08", "2024-08") and not same_time("2024-08", "2024-08-01")


def test_an_agreement_in_two_documents_is_one_record_with_each_field_sourced(store):
    first = make_dossier("First report of the treaty.", actors=[ARMENIA, TURKEY], agreements=[
        Agreement(name="Treaty on Good Neighbourliness", parties=["armenia", "turkey"], signed="2024-03-01",
                  provisions=["trade"], spans=[(0, 10)])])
    second = make_dossier("Second report of the treaty.", actors=[ARMENIA, TURKEY], agreements=[
        Agreement(name="the treaty on good neighbourliness", parties=["armenia", "turkey"], place="Kars",
                  duration_years=10, provisions=["trade", "free-movement"],
                  funding=[Funding(value=5e7, currency="USD")], spans=[(0, 10)])])
    store.save(first)
    store.save(second)
    rows = store.conn.execute("SELECT record, sources FROM agreement_records").fetchall()
    assert len(rows) == 1
    record, sources = json.loads(rows[0]["record"]), json.loads(rows[0]["sources"])
    assert record["signed"] == "2024-03-01" and record["place"] == "Kars" and record["duration_years"] == 10
    assert record["provisions"] == ["trade", "free-movement"]
    assert sources["signed"] == first.document.id and sources["place"] == second.document.id
    assert sources["provisions"] == {"trade": first.document.id, "free-movement": second.document.id}


def test_reanalysing_a_page_recomputes_or_drops_what_it_alone_supported(store):
    d = make_dossier("Only report.", actors=[ARMENIA, TURKEY], events=[talks("2024-05-01")], agreements=[
        Agreement(name="Kars Protocol", parties=["armenia", "turkey"], place="Kars", spans=[(0, 4)])])
    store.save(d)
    store.save(make_dossier("Only report.", actors=[ARMENIA, TURKEY]))  # same page, the facts are gone now
    assert store.counts()["merged_events"] == 0
    assert store.counts()["agreement_records"] == 0


def test_attributions_of_one_operation_merge_and_others_do_not(store):
    def attribution(target, confidence):
        return Attribution(incident="a cyberattack on the power grid", kind="cyber", target=[target],
                           operator=["turkey"], confidence=confidence, spans=[(0, 5)])
    store.save(make_dossier("Report one.", actors=[ARMENIA, TURKEY], attributions=[attribution("armenia", "alleged")]))
    store.save(make_dossier("Report two.", actors=[ARMENIA, TURKEY], attributions=[attribution("armenia", "asserted")]))
    store.save(make_dossier("Report three.", actors=[ARMENIA, TURKEY], attributions=[attribution("turkey", "alleged")]))
    assert store.counts()["attributions"] == 3 and store.counts()["attribution_records"] == 2


def test_near_duplicate_pages_are_linked_and_different_ones_are_not(store):
    text = ("The foreign ministers of Armenia and Turkey met in Vienna on Tuesday to discuss the reopening of "
            "their shared border, which has been closed since 1993, and agreed to continue the talks next month "
            "with a view to establishing diplomatic relations and reopening the railway line between the cities "
            "of Kars and Gyumri, officials from both delegations told reporters after the meeting ended.")
    store.save(make_dossier(text))
    store.save(make_dossier(text.replace("Tuesday", "Wednesday")))  # a wire story re-run with one word changed
    store.save(make_dossier("Completely different story about grain exports from Ukraine through the Black Sea "
                            "corridor and the insurance costs that shipping companies face in the region."))
    pairs = store.conn.execute("SELECT document_id, other_id, similarity FROM near_duplicates").fetchall()
    assert len(pairs) == 1
    assert pairs[0]["similarity"] > 0.8
    assert {pairs[0]["document_id"], pairs[0]["other_id"]} == {
        document_id(text), document_id(text.replace("Tuesday", "Wednesday"))}


def test_queries_answer_with_merged_records_and_filters(store):
    from geowire.kb import query

    for outlet in ("Outlet one", "Outlet two"):
        store.save(make_dossier(f"{outlet}: Armenia and Turkey held talks in Kars.", actors=[ARMENIA, TURKEY],
                                events=[talks("2024-05-01")]))
    store.save(make_dossier("Turkey threatened Armenia.", actors=[ARMENIA, TURKEY], events=[
        Event(type="THREATEN", actors=["turkey"], recipients=["armenia"], trigger="threatened", span=(0, 25),
              date="2023-01-09")]))
    all_events = query.events(store)
    assert list(all_events["type"]) == ["THREATEN", "CONSULT"]  # in date order
    consult = all_events.iloc[1]
    assert consult["sources"] == 2 and consult["actors"] == ["armenia", "turkey"] and consult["recipients"] == []
    assert len(consult["documents"]) == 2  # lists as lists, flags as booleans
    assert all_events["negated"].dtype == "boolean" and not consult["negated"]
    assert list(query.events(store, type="threaten")["recipients"]) == [["armenia"]]
    assert len(query.events(store, since="2024-01-01")) == 1
    assert len(query.events(store, until="2023")) == 1
    assert len(query.events(store, actor="Armenia")) == 2 and len(query.events(store, country="ARM")) == 2
    assert len(query.events(store, country="FRA")) == 0
    assert len(query.events(store, text="threatened")) == 1
    assert len(query.events(store, limit=1, offset=1)) == 1
    actors = query.actors(store)
    assert set(actors["id"]) == {"armenia", "turkey"} and actors.iloc[0]["documents"] == 3
    assert list(query.actors(store, country="TUR")["name"]) == ["Turkey"]
    assert len(query.search(store, "Kars")) == 2


def test_register_filters_apply_before_pagination(store):
    def attribution(kind, group):
        return Attribution(incident=f"a {kind} operation", kind=kind, target=["armenia"], operator=[group],
                           spans=[(0, 5)])
    actors = [ARMENIA, TURKEY]
    store.save(make_dossier("One.", actors=actors, attributions=[attribution("influence", "turkey")]))
    store.save(make_dossier("Two.", actors=actors, attributions=[attribution("cyber", "armenia")]))
    store.save(make_dossier("Three.", actors=actors, attributions=[attribution("influence", "armenia")]))
    from geowire.kb import query

    page = query.attributions(store, kind="influence", limit=1, offset=1)
    assert list(page["kind"]) == ["influence"] and page.iloc[0]["incident"] == "a influence operation"
    assert len(query.attributions(store, kind="cyber")) == 1
    assert len(query.attributions(store, kind="influence", limit=5)) == 2


def test_an_agreement_status_comes_from_its_latest_stage_not_its_first_report():
    from geowire.kb.merge import merge_fields

    fields = ("name", "status", "status_date")
    reports = [("old", {"name": "INF Treaty", "status": "signed", "status_date": "1987-12-08"}),
               ("new", {"name": "INF Treaty", "status": "withdrawn", "status_date": "2019-08-02"}),
               ("later-undated", {"name": "INF Treaty", "status": "in-force"})]
    values, sources = merge_fields(reports, fields)
    assert (values["status"], values["status_date"]) == ("withdrawn", "2019-08-02")
    assert sources["status"] == sources["status_date"] == "new"
    assert sources["name"] == "old"  # other fields keep the first document that has them

    undated = [("a", {"status": "negotiated"}), ("b", {"status": "signed"})]
    values, sources = merge_fields(undated, fields)
    assert (values["status"], sources["status"]) == ("signed", "b")
    assert "status_date" not in values
