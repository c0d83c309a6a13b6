"""An agreement's stage (Agreement.status) and its date, from the verbs of the text: the latest
stage stated wins; a signing only intended or denied is a negotiation."""
from __future__ import annotations

import pytest

from geowire.extract.agreements import extract_agreements

from tests.test_agreements import annotate


@pytest.mark.parametrize("body, times, expected", [
    ("The START treaty, signed in 1991 by the United States and Russia, expired in 2009.",
     [("in 1991", "1991", "date"), ("in 2009", "2009", "date")], ("expired", "2009")),
    ("Norland and Vestria signed the Treaty on Open Skies in 2002.", [("in 2002", "2002", "date")], ("signed", "2002")),
    ("Norland ratified the Treaty on Open Skies in 2002.", [("in 2002", "2002", "date")], ("ratified", "2002")),
    ("Norland withdrew from the Treaty on Open Skies with Vestria in 2019.", [("in 2019", "2019", "date")],
     ("withdrawn", "2019")),
    ("Norland is pulling out of the missile agreement with Vestria.", [], ("withdrawn", None)),
    ("Norland and Vestria are negotiating a trade agreement.", [], ("negotiated", None)),
    ("Norland and Vestria reached a Phase 1 trade agreement in October, but actually signing a deal "
     "has proved elusive.", [("in October", "2019-10", "date")], ("negotiated", None)),
    ("Norland and Vestria signed a trade agreement in 2018. They are expected to sign a second trade "
     "agreement next year.", [("in 2018", "2018", "date")], ("signed", "2018")),
    ("The merger of Acme Corp and Globex Inc, which became final Tuesday, creates a giant.",
     [("Tuesday", "2019-11-19", "relative")], ("in-force", "2019-11-19")),
    # "adopted" concludes a text
    ("Norland and Vestria adopted the Treaty on Open Waters in 2021.", [("in 2021", "2021", "date")],
     ("signed", "2021")),
    # "went into effect", in a clause of a relative clause whose subject is "it"
    ("Norland backed the Northern Free Trade Agreement, which hurt its farmers after it went into effect "
     "in 1994.", [("in 1994", "1994", "date")], ("in-force", "1994")),
    # a stage under a future ("will enter into force when ... ratify") or under "ensure that" is intended
    ("Norland and Vestria signed the Treaty on Open Waters in 2023. The treaty will enter into force when "
     "both parliaments ratify the accord.", [("in 2023", "2023", "date")], ("signed", "2023")),
    ("Norland and Vestria signed the Treaty on Open Waters in 2023. Anna Berg will work to ensure that the "
     "Treaty on Open Waters is implemented.", [("in 2023", "2023", "date")], ("signed", "2023")),
    # a modal coordinated verb: "could waive sanctions and implement an agreement"
    ("Norland and Vestria signed the Treaty on Open Waters in 2023. No minister could waive the rules and "
     "implement the Treaty on Open Waters alone.", [("in 2023", "2023", "date")], ("signed", "2023")),
])
def test_the_status_is_the_latest_stage_the_text_states_with_its_date(nlp, body, times, expected):
    found = extract_agreements(annotate(nlp, body, times=times))
    assert found, body
    assert (found[0].status, found[0].status_date) == expected


def test_a_negated_signing_states_no_stage(nlp):
    body = "Norland did not sign the Treaty on Open Skies with Vestria."
    found = extract_agreements(annotate(nlp, body))
    assert all(a.status != "signed" for a in found)
