"""The agreements extractor on short texts written for these tests (fictional states,
real treaty names), with hand-made actors, times and amounts: each test checks what
one kind of sentence must yield, including the texts that must yield nothing."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from geowire.nlp.document import AnnotatedDocument
from geowire.extract.agreements import (duration_years, extract_agreements, match_cue, parse_cue,
                                        provision_cues)
from geowire.model import Actor, Amount, Document, TimeExpression

VOCABULARY = {
    "mutual-defence", "non-aggression", "consultation", "military-integration", "basing", "military-aid",
    "economic-aid", "free-movement", "customs-integration", "citizenship", "social-security",
    "interior-cooperation", "foreign-policy-coordination", "recognition-support", "trade", "other",
}

# id: (name, kind, country, sectors, names in text)
ACTORS = {
    "norland": ("Norland", "state", "XNL", [], ["Norland"]),
    "vestria": ("Vestria", "state", "XVS", [], ["Vestria"]),
    "kaldor": ("Kaldor", "partially-recognized-state", "XVS", ["PRE"], ["Kaldor"]),
    "european-union": ("European Union", "igo", "EUR", [], ["European Union", "EU"]),
    "mercosur": ("Mercosur", "igo", "IGO", [], ["Mercosur"]),
    "armenia": ("Armenia", "state", "ARM", [], ["Armenia"]),
    "azerbaijan": ("Azerbaijan", "state", "AZE", [], ["Azerbaijan"]),
    "united-states": ("United States", "state", "USA", [], ["United States", "Washington"]),
    "russia": ("Russia", "state", "RUS", [], ["Russia", "Moscow"]),
    "anna-berg": ("Anna Berg", "person", "XNL", ["GOV"], ["Anna Berg"]),
    "ivo-tarn": ("Ivo Tarn", "person", "XVS", ["GOV", "PRE"], ["Ivo Tarn"]),
}


def annotate(nlp, body: str, times=(), amounts=(), reference_date=dt.date(2024, 5, 14)) -> AnnotatedDocument:
    """An annotated document with the actors of ACTORS found in the text, and the given
    times (text, value, kind) and amounts (text, value, currency, equivalent_of)."""
    actors = []
    for aid, (name, kind, country, sectors, names) in ACTORS.items():
        spans = [(m.start(), m.end()) for n in names for m in re.finditer(rf"(?<!\w){re.escape(n)}(?!\w)", body)]
        if spans:
            actors.append(Actor(id=aid, name=name, kind=kind, country=country, sectors=sectors, mentions=sorted(spans)))
    ann = AnnotatedDocument(document=Document(body=body), doc=nlp(body), actors=actors, reference_date=reference_date)
    ann.index_mentions()
    ann.times = [TimeExpression(text=t, value=v, kind=k, span=(body.index(t), body.index(t) + len(t)))
                 for t, v, k in times]
    ann.amounts = []
    for text, value, currency, equivalent in amounts:
        start = body.index(text)
        ann.amounts.append(Amount(text=text, value=value, currency=currency, span=(start, start + len(text)),
                                  equivalent_of=equivalent))
    return ann


def only(agreements):
    assert len(agreements) == 1, agreements
    return agreements[0]


# ---- the lexicon ---------------------------------------------------------------------------

def test_the_lexicon_names_only_provisions_of_the_vocabulary():
    cues = provision_cues()
    assert set(cues) <= VOCABULARY
    assert all(cues.values())


def test_a_cue_matches_words_in_order_with_gaps_of_at_most_four():
    cue = parse_cue("integrate ... armed force|forces")
    words = lambda text: [{w} for w in text.split()]  # noqa: E731
    assert match_cue(cue, words("units will integrate into the armed forces")) == (2, 7)
    assert match_cue(cue, words("integrate a b c d armed force")) == (0, 7)
    assert match_cue(cue, words("integrate a b c d e armed force")) is None
    assert match_cue(cue, words("armed forces integrate")) is None


@pytest.mark.parametrize("value, years", [("P25Y", 25), ("P6M", 0.5), ("P1Y6M", 1.5), ("2015", None), ("", None)])
def test_durations_are_read_in_years(value, years):
    assert duration_years(value) == years


# ---- whole texts -----------------------------------------------------------------------------

def test_a_defence_pact_with_its_parties_place_date_term_and_provisions(nlp):
    body = ("Norland and Vestria signed a mutual defence pact in Helsinki on Tuesday. "
            "Under the pact, an armed attack against one party will be considered an attack against both. "
            "The two countries will also hold regular consultations, and Vestria will host a Norland naval base. "
            "The pact is valid for ten years and will be automatically extended for five-year periods.")
    ann = annotate(nlp, body, times=[("on Tuesday", "2024-05-14", "relative"), ("ten years", "P10Y", "duration"),
                                     ("five-year", "P5Y", "duration")])
    pact = only(extract_agreements(ann))
    assert pact.kind == "pact"
    assert pact.parties == ["norland", "vestria"]
    assert (pact.signed, pact.place) == ("2024-05-14", "Helsinki")
    assert (pact.duration_years, pact.renewal_years) == (10, 5)
    assert set(pact.provisions) == {"mutual-defence", "consultation", "basing"}
    assert len(pact.spans) == 4
    assert all(body[s:e].strip() for s, e in pact.spans)


def test_a_trade_deal_reached_now_is_dated_by_the_document(nlp):
    body = ("The European Union and Mercosur have reached a trade deal after twenty years of talks. "
            "The deal will remove tariffs on most goods.")
    deal = only(extract_agreements(annotate(nlp, body, reference_date=dt.date(2024, 12, 6))))
    assert deal.kind == "deal"
    assert deal.parties == ["european-union", "mercosur"]
    assert deal.signed == "2024-12-06"
    assert deal.provisions == ["trade"]


def test_a_signing_in_the_past_without_a_date_is_not_given_the_document_date(nlp):
    body = "Armenia and Azerbaijan signed an agreement on border delimitation."
    agreement = only(extract_agreements(annotate(nlp, body)))
    assert agreement.parties == ["armenia", "azerbaijan"]
    assert agreement.signed is None


def test_a_ceasefire_agreed_to_at_a_seat_of_power(nlp):
    body = ("Armenia and Azerbaijan agreed to a ceasefire on 10 November 2020 at a meeting in the Kremlin. "
            "Russia will deploy peacekeepers along the line of contact.")
    ann = annotate(nlp, body, times=[("on 10 November 2020", "2020-11-10", "date")])
    ceasefire = only(extract_agreements(ann))
    assert ceasefire.kind == "ceasefire"
    assert ceasefire.parties == ["armenia", "azerbaijan"]
    assert (ceasefire.signed, ceasefire.place) == ("2020-11-10", "Moscow")


def test_a_quoted_title_becomes_the_name(nlp):
    body = 'Norland and Vestria have signed a memorandum "on Cooperation in Energy" at the Elysee Palace.'
    memo = only(extract_agreements(annotate(nlp, body)))
    assert memo.name == "Memorandum on Cooperation in Energy"
    assert memo.kind == "memorandum"
    assert memo.place == "Paris"


def test_two_named_treaties_are_two_records_and_repeated_mentions_one(nlp):
    body = ("The New START treaty between the United States and Russia expires in February. "
            "Unlike the INF Treaty, which collapsed in 2019, the New START treaty still limits warheads. "
            "Washington wants the treaty extended.")
    agreements = extract_agreements(annotate(nlp, body))
    assert sorted(a.name for a in agreements) == ["INF Treaty", "New START treaty"]
    start = next(a for a in agreements if a.name == "New START treaty")
    assert start.parties == ["united-states", "russia"]
    assert len(start.spans) == 3  # named twice, then "the treaty"


def test_a_title_and_a_description_of_the_same_treaty_are_one_record(nlp):
    body = ("Norland and Kaldor have signed a Treaty on Friendship and Integration. "
            "Critics of the friendship and integration treaty say it changes little.\n\n"
            "Officials said the Treaty on friendship and integration will be ratified in June.")
    treaty = only(extract_agreements(annotate(nlp, body)))
    assert treaty.name == "Treaty on Friendship and Integration"
    assert len(treaty.spans) == 3


def test_leaders_sign_for_their_states_and_the_two_countries_are_the_parties_named_before(nlp):
    body = ("Anna Berg of Norland met Ivo Tarn, the leader of Kaldor, in Oslo on Monday. "
            "The two countries signed a treaty on friendship. Anna Berg and Ivo Tarn also signed a pact on fisheries.")
    agreements = extract_agreements(annotate(nlp, body))
    assert [a.name for a in agreements] == ["Treaty on friendship", None]
    assert agreements[0].parties == ["norland", "kaldor"]
    # Berg is of Norland, the document's one state of her country; Tarn leads the one
    # partially recognised entity of his.
    assert agreements[1].parties == ["norland", "kaldor"]


def test_the_two_countries_stand_for_the_last_two_states_named(nlp):
    body = "Norland's president met the prime minister of Vestria. The two countries signed a treaty on fisheries."
    assert only(extract_agreements(annotate(nlp, body))).parties == ["norland", "vestria"]


def test_terms_are_read_from_the_sentences_that_continue_the_treaty_in_the_future_only(nlp):
    body = ("The treaty envisages a customs union between Norland and Kaldor. "
            "Citizens of both will cross the border freely. "
            "Kaldor will receive pensions from Norland's budget.\n\n"
            "Norland signed the treaty after long talks. "
            "In the past, Norland supplied weapons to Kaldor.")
    treaty = only(extract_agreements(annotate(nlp, body)))
    assert set(treaty.provisions) == {"customs-integration", "free-movement", "social-security"}
    assert "military-aid" not in treaty.provisions  # past aid, in a sentence that does not name the treaty


def test_a_negated_term_is_not_a_provision(nlp):
    body = ("Norland and Vestria signed a security pact on Tuesday. "
            "The pact does not include a mutual defence clause, but it provides for regular consultations.")
    pact = only(extract_agreements(annotate(nlp, body)))
    assert pact.provisions == ["consultation"]


def test_funding_counts_the_same_money_once_and_leaves_out_past_totals(nlp):
    body = ("Norland and Kaldor have signed a treaty on integration. "
            "Norland will allocate 2 billion euros ($2.2 billion) from its 2025 budget to the implementation of the treaty. "
            "In 2025, around 2 billion euros will be allocated for these purposes. "
            "Between 2010 and 2020, Norland's aid to Kaldor stood at 40 billion euros.")
    ann = annotate(nlp, body,
                   times=[("2025 budget", "2025", "date"), ("In 2025", "2025", "date"),
                          ("Between 2010 and 2020", "2010/2020", "interval")],
                   amounts=[("2 billion euros", 2e9, "EUR", None), ("$2.2 billion", 2.2e9, "USD", 0),
                            ("around 2 billion euros", 2e9, "EUR", None), ("40 billion euros", 4e10, "EUR", None)])
    treaty = only(extract_agreements(ann))
    assert len(treaty.funding) == 1
    funding = treaty.funding[0]
    assert (funding.value, funding.currency, funding.year, funding.usd) == (2e9, "EUR", 2025, 2.2e9)
    assert body[funding.span[0]:funding.span[1]] == "2 billion euros"
    assert "economic-aid" in treaty.provisions


@pytest.mark.parametrize("body", [
    "There is broad agreement that the talks failed.",
    "Norland and Vestria are in agreement with the plan, and a great deal of work remains.",
    "Norland and Vestria did not sign a ceasefire.",
    "A treaty would help, analysts said.",
    "The party convention opens in Vestria on Monday.",
    "More Black Friday deals are live, and the Switch Lite deal ends today.",
    "The company said the agreement was signed in 2018.",  # neither a name nor a party
])
def test_generic_uses_of_agreement_words_yield_nothing(nlp, body):
    assert extract_agreements(annotate(nlp, body)) == []


def test_a_document_without_agreement_words_yields_nothing(nlp):
    body = "The EU will remain engaged in Vestria. There is no alternative to a negotiated settlement."
    assert extract_agreements(annotate(nlp, body)) == []


# ---- the example page (needs the shared data and the whole pipeline) ------------------------

def test_the_example_page_treaty_scores_at_least_0_9(example_page):
    assert all(not teaser.agreements for teaser in example_page.dossier.related)  # neither teaser names one
    result = example_page.score("agreements.f1=1", "agreements.fields=0.9", "agreements.provisions.f1=0.8")
    assert result.returncode == 0, result.stdout + result.stderr
