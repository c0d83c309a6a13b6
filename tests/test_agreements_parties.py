"""Parties told by a definite description of an actor named before ("the attorney general"
after "the New York State Attorney General"), and the date of a stage that is not the start
of a span ("held since 2016 ... released Tuesday in a prisoner swap")."""
from __future__ import annotations

import pytest

from geowire.extract.agreements import extract_agreements

import tests.test_agreements as base

ACTORS = {
    **base.ACTORS,
    "skyline": ("Skyline", "organization", "USA", [], ["Skyline"]),
    "new-york-state-attorney-general": ("New York State Attorney General", "agency", "USA", ["JUD"],
                                        ["New York State Attorney General"]),
    "taliban": ("Taliban", "organization", "AFG", [], ["Taliban"]),
    "afghanistan": ("Afghanistan", "state", "AFG", [], ["Afghanistan", "Afghan government"]),
}


@pytest.fixture(autouse=True)
def actors(monkeypatch):
    monkeypatch.setattr(base, "ACTORS", ACTORS)


def test_a_definite_description_repeating_an_actors_name_is_that_actor(nlp):
    body = ("The New York State Attorney General is investigating Skyline. "
            "Skyline reached a settlement with the attorney general last year.")
    deal = base.only(extract_agreements(base.annotate(nlp, body, times=[("last year", "2023", "relative")])))
    assert set(deal.parties) == {"skyline", "new-york-state-attorney-general"}
    assert (deal.status, deal.status_date) == ("signed", "2023")


def test_a_swap_whose_prisoners_are_released_is_carried_out_on_the_day_of_the_release(nlp):
    body = ("Two hostages who had been held by the Taliban in Afghanistan since 2016 were released Tuesday "
            "in a prisoner swap with the Afghan government.")
    swap = base.only(extract_agreements(base.annotate(
        nlp, body, times=[("since 2016", "2016", "date"), ("Tuesday", "2024-05-14", "relative")])))
    assert swap.kind == "exchange"
    assert (swap.status, swap.status_date) == ("in-force", "2024-05-14")


def test_an_unlinked_company_beside_a_linked_one_is_a_party_as_written(nlp):
    body = "Skyline and Norvanta Systems signed a supply agreement on Monday."
    deal = base.only(extract_agreements(base.annotate(nlp, body, times=[("Monday", "2024-05-13", "relative")])))
    assert "skyline" in deal.parties and "Norvanta Systems" in deal.parties
