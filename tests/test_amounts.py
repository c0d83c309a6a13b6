"""Amounts of money: value, ISO 4217 currency, USD only when the text gives it, restatements, periods."""
from __future__ import annotations

import datetime as dt

import pytest
import spacy

from geowire.nlp.document import AnnotatedDocument
from geowire.extract.amounts import extract_amounts, resolve_currency
from geowire.text.numbers import parse_number
from geowire.model import Document
from geowire.nlp import load_nlp

REFERENCE = dt.date(2015, 3, 18)


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


@pytest.fixture(scope="module")
def amounts_of(nlp):
    def run(body: str, reference_date: dt.date | None = REFERENCE):
        ann = AnnotatedDocument(document=Document(body=body), doc=nlp(body), reference_date=reference_date)
        found = extract_amounts(ann)
        for a in found:  # every amount points at its own text
            assert body[a.span[0]:a.span[1]] == a.text
        return found
    return run


def triples(amounts):
    return [(a.text, a.value, a.currency) for a in amounts]


@pytest.mark.parametrize("body, expected", [
    ("Moscow promised one billion rubles to the region.", [("one billion rubles", 1e9, "RUB")]),
    ("The EU pledged €2.5bn in aid.", [("€2.5bn", 2.5e9, "EUR")]),
    ("Washington sent $ 16 million, then US$3 trillion.",
     [("$ 16 million", 1.6e7, "USD"), ("US$3 trillion", 3e12, "USD")]),
    ("London gave £40m, Tokyo ¥10 billion and Beijing 5 billion yuan.",
     [("£40m", 4e7, "GBP"), ("¥10 billion", 1e10, "JPY"), ("5 billion yuan", 5e9, "CNY")]),
    ("The bank lent EUR 500,000 and 1.2 million euros.",
     [("EUR 500,000", 5e5, "EUR"), ("1.2 million euros", 1.2e6, "EUR")]),
    ("Delhi set aside Rs 500 crore for the port.", [("Rs 500 crore", 5e9, "INR")]),
    ("Donors gave 7.5 bn dollars, A$12m, C$5 million and HK$1.2 billion.",
     [("7.5 bn dollars", 7.5e9, "USD"), ("A$12m", 1.2e7, "AUD"), ("C$5 million", 5e6, "CAD"),
      ("HK$1.2 billion", 1.2e9, "HKD")]),
    ("Kyiv received 3 billion hryvnias and Tbilisi 20 million lari.",
     [("3 billion hryvnias", 3e9, "UAH"), ("20 million lari", 2e7, "GEL")]),
    ("In 2016, around 1 billion roubles will be allocated.", [("1 billion roubles", 1e9, "RUB")]),
    ("The ransom was half a million dollars.", [("half a million dollars", 5e5, "USD")]),
    ("The deal is worth 300 million Swiss francs and 2 billion Pakistani rupees.",
     [("300 million Swiss francs", 3e8, "CHF"), ("2 billion Pakistani rupees", 2e9, "PKR")]),
    ("Seoul offered 5 billion won, Ankara 2 billion lira and Brasilia R$3 billion.",
     [("5 billion won", 5e9, "KRW"), ("2 billion lira", 2e9, "TRY"), ("R$3 billion", 3e9, "BRL")]),
    ("Start-ups raised $5M, $2B and $10K.", [("$5M", 5e6, "USD"), ("$2B", 2e9, "USD"), ("$10K", 1e4, "USD")]),
    ("It cost twenty-five million dollars and 10 million CFA francs.",
     [("twenty-five million dollars", 2.5e7, "USD"), ("10 million CFA francs", 1e7, "XOF")]),
])
def test_amounts_in_their_common_forms(amounts_of, body, expected):
    assert triples(amounts_of(body)) == [(text, pytest.approx(value), code) for text, value, code in expected]


@pytest.mark.parametrize("body", [
    "About 2,000 people marched through the capital.",
    "Prices saw a 5% rise in a year.",
    "A billion people watched the ceremony.",
    "The party, which in 2019 won 40 seats, lost.",
    "The truck carried 500 pounds of explosives.",
    "The year 2000 problem cost nothing here.",
    "Some 1,000 troops and 43 tanks crossed the border.",
    "The dollar fell against the euro.",
    "Call +7 495 123 4567 for details.",
])
def test_no_amount_without_a_currency(amounts_of, body):
    assert amounts_of(body) == []


def test_a_country_that_names_no_known_currency_gives_no_amount(amounts_of):
    assert amounts_of("It printed 50 million Zimbabwe dollars.") == []


def test_usd_is_only_the_dollars_the_text_states(amounts_of):
    rubles, dollars, euros = amounts_of(
        "Putin said one billion rubles ($16 million) will be allocated; the EU added €2.5bn.")
    assert (rubles.currency, rubles.usd, rubles.equivalent_of) == ("RUB", 1.6e7, None)
    assert (dollars.currency, dollars.usd, dollars.equivalent_of) == ("USD", 1.6e7, 0)
    assert (euros.usd, euros.equivalent_of) == (None, None)  # no rate is ever assumed


@pytest.mark.parametrize("body", [
    "Kyiv will get 1 billion hryvnias (about $40 million) next year.",
    "Kyiv will get 1 billion hryvnias, or $40 million, next year.",
])
def test_a_restatement_in_dollars_gives_the_usd_value(amounts_of, body):
    hryvnias, dollars = amounts_of(body)
    assert (hryvnias.currency, hryvnias.usd) == ("UAH", 4e7)
    assert dollars.equivalent_of == 0


def test_a_restatement_of_dollars_in_another_currency_takes_their_value(amounts_of):
    dollars, rubles = amounts_of("Russia spent $16 million (1 billion rubles) there.")
    assert rubles.equivalent_of == 0 and rubles.usd == 1.6e7


def test_parentheses_in_the_same_currency_are_not_a_restatement(amounts_of):
    whole, part = amounts_of("The grant is $5 million ($3 million of it in cash).")
    assert part.equivalent_of is None and whole.usd == 5e6 and part.usd == 3e6


@pytest.mark.parametrize("body, period", [
    ("One billion rubles will be allocated from Russia's 2016 budget.", "2016"),
    ("In 2016, around 1 billion rubles will be allocated to the region.", "2016"),
    ("In 2008-2014, the total amount of support stood at 43 billion rubles.", "2008/2014"),
    ("The aid Russia is offering this year amounts to only $ 16 million.", "2015"),
    ("The fund received €5bn, a record.", None),
])
def test_the_period_an_amount_refers_to(amounts_of, body, period):
    (amount,) = amounts_of(body)
    assert amount.period == period


def test_each_clause_keeps_its_own_period(amounts_of):
    first, second = amounts_of("In 2016 the EU will spend €5bn; in 2017 it will spend €6bn.")
    assert (first.period, second.period) == ("2016", "2017")


def test_a_relative_period_needs_a_reference_date(amounts_of):
    (amount,) = amounts_of("This year the aid amounts to only $16 million.", reference_date=None)
    assert amount.period is None


def test_amounts_come_in_text_order_with_restatements_pointing_back(amounts_of):
    found = amounts_of("Aid rose from £40m to €2.5bn (US$2.7bn) and then to 43 billion rubles.")
    assert [a.span[0] for a in found] == sorted(a.span[0] for a in found)
    assert [a.currency for a in found] == ["GBP", "EUR", "USD", "RUB"]
    assert found[2].equivalent_of == 1 and found[1].usd == 2.7e9


@pytest.mark.parametrize("unit, modifiers, code", [
    ("dollars", ["New", "Zealand"], "NZD"),
    ("dollars", ["US"], "USD"),
    ("rubles", ["Belarusian"], "BYN"),
    ("roubles", [], "RUB"),
    ("pesos", ["Mexican"], "MXN"),
    ("pesos", [], None),  # which peso: the text must say
    ("dinars", ["Iraqi"], "IQD"),
    ("rials", ["Omani"], "OMR"),
    ("manat", ["Turkmen"], "TMT"),
    ("yuan", [], "CNY"),
    ("renminbi", [], "CNY"),
])
def test_currency_names_resolve_to_iso_codes(unit, modifiers, code):
    assert resolve_currency(unit, modifiers) == code


@pytest.mark.parametrize("text, value", [
    ("twenty-five", 25), ("one hundred and fifty", 150), ("half a", 0.5), ("a", 1),
    ("one and a half", 1.5), ("a hundred", 100), ("1,000", 1000), ("2.5", 2.5), ("a and", None),
])
def test_numbers_in_digits_and_words(text, value):
    assert parse_number(text) == value


def test_without_a_parser_sentences_come_from_punctuation():
    body = "Aid fell in 2014. In 2016, around 1 billion rubles will be allocated."
    ann = AnnotatedDocument(document=Document(body=body), doc=spacy.blank("en")(body), reference_date=REFERENCE)
    (amount,) = extract_amounts(ann)
    assert (amount.text, amount.period) == ("1 billion rubles", "2016")
