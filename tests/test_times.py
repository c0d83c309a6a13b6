"""Time expressions: dates, months, years, ranges, relative expressions and durations as ISO 8601."""
from __future__ import annotations

import datetime as dt

import pytest

from geowire.nlp.document import AnnotatedDocument
from geowire.extract.times import extract_times, find_times
from geowire.model import Amount, Document
from geowire.nlp import load_nlp

WEDNESDAY = dt.date(2015, 3, 18)


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


@pytest.fixture(scope="module")
def annotate(nlp):
    def run(body: str, reference_date: dt.date | None = WEDNESDAY) -> AnnotatedDocument:
        return AnnotatedDocument(document=Document(body=body), doc=nlp(body), reference_date=reference_date)
    return run


@pytest.fixture(scope="module")
def times_of(annotate):
    def run(body: str, reference_date: dt.date | None = WEDNESDAY):
        found = extract_times(annotate(body, reference_date))
        for t in found:  # every expression points at its own text
            assert body[t.span[0]:t.span[1]] == t.text
        return [(t.text, t.value, t.kind) for t in found]
    return run


@pytest.mark.parametrize("body, expected", [
    ("The treaty was signed on 18 March 2015 in Moscow.", ("18 March 2015", "2015-03-18", "date")),
    ("The treaty was signed on March 18, 2015, in Moscow.", ("March 18, 2015", "2015-03-18", "date")),
    ("The report is dated 2015-03-18 and unsigned.", ("2015-03-18", "2015-03-18", "date")),
    ("It took effect on Sept. 1, 2015, after ratification.", ("Sept. 1, 2015", "2015-09-01", "date")),
    ("The memorandum was signed on 18.03.2015 in Minsk.", ("18.03.2015", "2015-03-18", "date")),
    ("The memorandum was signed on 3/18/2015 in Minsk.", ("3/18/2015", "2015-03-18", "date")),
    ("It was signed March the 18th, 2015.", ("March the 18th, 2015", "2015-03-18", "date")),
    ("The war of August 2008 changed everything.", ("August 2008", "2008-08", "date")),
    ("Since August, 2008, the border has been closed.", ("August, 2008", "2008-08", "date")),
    ("Elections were held in 2016 without observers.", ("2016", "2016", "date")),
    ("The money comes from Russia's 2016 budget.", ("2016", "2016", "date")),
    ("The 2016 elections were contested.", ("2016", "2016", "date")),
    ("The year 2000 problem was overstated.", ("2000", "2000", "date")),
])
def test_dates_months_and_years(times_of, body, expected):
    assert times_of(body) == [expected]


@pytest.mark.parametrize("body, expected", [
    ("In 2008-2014, support stood at 43 billion rubles.", ("2008-2014", "2008/2014")),
    ("In 2008–2014 support grew.", ("2008–2014", "2008/2014")),
    ("In 2008-14 support grew.", ("2008-14", "2008/2014")),
    ("Support grew from 2008 to 2014 in every region.", ("from 2008 to 2014", "2008/2014")),
    ("Support grew between 2008 and 2014 in every region.", ("between 2008 and 2014", "2008/2014")),
    ("From August 2008 to March 2015 nothing changed.", ("From August 2008 to March 2015", "2008-08/2015-03")),
    ("The 18-20 March 2015 summit ended early.", ("18-20 March 2015", "2015-03-18/2015-03-20")),
    ("The 1990s were hard for the region.", ("1990s", "1990/1999")),
])
def test_ranges_are_one_interval(times_of, body, expected):
    assert times_of(body) == [(*expected, "interval")]


@pytest.mark.parametrize("body, expected", [
    ("Today we made another important step.", ("Today", "2015-03-18")),
    ("The talks ended yesterday in Geneva.", ("yesterday", "2015-03-17")),
    ("A vote is expected tomorrow.", ("tomorrow", "2015-03-19")),
    ("The aid Russia is offering this year is small.", ("this year", "2015")),
    ("Prices rose last year and fell.", ("last year", "2014")),
    ("The envoy resigned last month.", ("last month", "2015-02")),
    ("More talks are due next week.", ("next week", "2015-W13")),
    ("Putin met Tibilov on Monday in Moscow.", ("Monday", "2015-03-16")),
    ("The ministers will meet on Friday in Minsk.", ("Friday", "2015-03-20")),
    ("He said it on Wednesday.", ("Wednesday", "2015-03-18")),
    ("The ceasefire collapsed two years ago.", ("two years ago", "2013")),
    ("Talks resumed in August after a pause.", ("August", "2014-08")),  # past: the August before
    ("The deal has been negotiated since December.", ("December", "2014-12")),
    ("The ministers will meet in January.", ("January", "2016-01")),  # future: the January after
    ("The summit is in December.", ("December", "2015-12")),  # no tense to go by: this year
    ("The treaty was signed in February.", ("February", "2015-02")),
    ("They praised the agreement negotiated in October in Paris.", ("October", "2014-10")),  # the nearer
    ("Most of the airtime reserved in April has been bought.", ("April", "2015-04")),
    ("The leaders met on Wednesday, March 18, in Moscow.", ("Wednesday, March 18", "2015-03-18")),
])
def test_relative_expressions_resolve_against_the_reference_date(times_of, body, expected):
    assert times_of(body) == [(*expected, "relative")]


def test_last_month_crosses_a_year_boundary(times_of):
    assert times_of("The envoy resigned last month.", dt.date(2015, 1, 10)) == [("last month", "2014-12", "relative")]


def test_last_and_next_month_names_pick_the_nearest_year(times_of):
    assert times_of("It began last September and ends next February.") == [
        ("last September", "2014-09", "relative"), ("next February", "2016-02", "relative")]


def test_without_a_reference_date_only_absolute_expressions_remain(times_of):
    body = "Today, in August, the treaty of August 2008 was cited; it lasts 25 years."
    assert times_of(body, None) == [("August 2008", "2008-08", "date"), ("25 years", "P25Y", "duration")]


@pytest.mark.parametrize("body, expected", [
    ("The agreement is for 25 years.", ("25 years", "P25Y")),
    ("It allows subsequent ten-year extensions.", ("ten-year", "P10Y")),
    ("A review follows after six months.", ("six months", "P6M")),
    ("He began a three-day visit.", ("three-day", "P3D")),
    ("The fighting went on over a decade.", ("a decade", "P10Y")),
    ("The border was shut for 24 hours.", ("24 hours", "PT24H")),
    ("Negotiations lasted one and a half years.", ("one and a half years", "P1.5Y")),
    ("They agreed a twenty-five-year lease.", ("twenty-five-year", "P25Y")),
])
def test_durations(times_of, body, expected):
    assert times_of(body) == [(*expected, "duration")]


@pytest.mark.parametrize("body", [
    "A 25-year-old soldier was wounded.",
    "He was 25 years old when he joined.",
    "About 2,000 people marched and 1,000 troops watched.",
    "Support stood at 43 billion rubles.",
    "Prices saw a 5% rise.",
    "The 2000 troops left the base.",
    "Call 555-2014 for details.",
    "USA Today reported it first.",
    "Good Friday passed quietly.",
    "This may change soon.",
    "The Storm 1516 campaign spread fakes.",
    "He was aged 30 years.",
    "The memorandum is numbered 03/04/2015.",
])
def test_no_time_expression(times_of, body):
    assert times_of(body) == []


def test_the_example_sentences_give_one_expression_each(times_of):
    body = ("Putin said one billion rubles ($16 million) will be allocated from Russia's 2016 budget. "
            "\"In 2016, around 1 billion rubles will be allocated. In 2008-2014, the total stood at "
            "43 billion rubles,\" he noted.")
    assert times_of(body) == [("2016", "2016", "date"), ("2016", "2016", "date"),
                              ("2008-2014", "2008/2014", "interval")]


def test_expressions_inside_an_amount_are_left_to_it(annotate):
    body = "The fund pays out 2016 rubles each in 2016."
    ann = annotate(body)
    ann.amounts = [Amount(text="2016 rubles", value=2016, currency="RUB", span=(18, 29))]
    assert [(f.start, f.value) for f in find_times(ann)] == [(38, "2016")]


def test_two_dates_joined_by_a_dash_need_both_their_years(times_of):
    assert times_of("Talks ran March 2008 – May 2009 in Geneva.") == [
        ("March 2008 – May 2009", "2008-03/2009-05", "interval")]


def test_find_times_looks_only_inside_the_window(annotate):
    body = "In 2014 it began. In 2016 it ended."
    ann = annotate(body)
    assert [f.value for f in find_times(ann, 18, len(body))] == ["2016"]


@pytest.mark.parametrize("name, number", [("March", 3), ("mar.", 3), ("Sept.", 9), ("sep", 9), ("December", 12),
                                          ("may", 5), ("Marchh", 3), ("Monday", None)])
def test_one_month_table_for_every_reader(name, number):
    # geowire.text.dates.MONTHS is read by the time extractor, the date-line and caption parsers
    from geowire.text.dates import month_number

    assert month_number(name) == number
