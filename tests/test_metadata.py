"""geowire.clean.metadata: the printed headline, the publication's name, the published date.

Each fixture under tests/fixtures/metadata/ is a small hand-written page for one rule."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from geowire.clean.html import clean_html, parse_html
from geowire.clean.metadata import (
    Stamp, agrees, clean_sitename, names_host, parse_stamp, possible_local_days, read_metadata,
    same_moment_local_day, strip_site, table_name, url_date,
)

FIXTURES = Path(__file__).parent / "fixtures" / "metadata"


def meta_of(name: str, url: str | None = None):
    tree = parse_html((FIXTURES / name).read_text(encoding="utf-8"))
    return read_metadata(tree, url)


# --- date ---------------------------------------------------------------------------------

def test_json_ld_date_inside_graph_keeps_its_local_day_near_midnight():
    # 00:30 +05:30 is still the 19th in UTC: the publisher's day is the 20th
    meta = meta_of("graph_offset.html")
    assert (meta.date, meta.date_source) == ("2019-11-20", "metadata")


def test_negative_offset_late_evening_stays_on_the_local_day():
    # 23:30 -05:00 is the 19th in UTC and in the URL; the stamp's own day wins
    assert meta_of("local_offset.html").date == "2019-11-18"


def test_utc_stamp_gives_way_to_the_printed_byline_date():
    # 01:53Z on the 20th was 5:53 PM on the 19th where the page prints it
    meta = meta_of("utc_printed.html")
    assert (meta.date, meta.date_source) == ("2019-11-19", "text")


def test_utc_json_ld_created_date_with_a_printed_date():
    assert meta_of("section_sitename.html").date == "2019-11-19"


def test_image_metadata_is_never_the_date():
    # ImageObject datePublished, EXIF DateTimeOriginal, uploadDate, og:image and <img> paths
    # all say 9-11 October; the byline prints the 12th
    meta = meta_of("image_dates.html")
    assert (meta.date, meta.date_source) == ("2017-10-12", "text")


def test_url_date_is_the_last_resort():
    meta = meta_of("url_only.html")  # og:image's 2019/10/01 is not read
    assert (meta.date, meta.date_source) == ("2019-11-18", "metadata")


def test_modified_dates_are_not_published_dates():
    # graph_offset has dateModified the 21st; utc_printed article:modified_time the 21st,
    # and an aside's <time> prints the 21st
    assert meta_of("graph_offset.html").date != "2019-11-21"
    assert meta_of("utc_printed.html").date != "2019-11-21"


@pytest.mark.parametrize("text, expected", [
    ("2019-11-20T11:06:01+05:30", Stamp(date(2019, 11, 20), "local")),
    ("2019-11-19T09:20:50+00:00", Stamp(date(2019, 11, 19), "utc")),
    ("2019-11-20T09:29:08+0000", Stamp(date(2019, 11, 20), "utc")),
    ("2019-11-18T17:56:27.000Z", Stamp(date(2019, 11, 18), "utc")),
    ("2019-11-20T01:53:14.418", Stamp(date(2019, 11, 20), "naive")),
    ("2019-11-18", Stamp(date(2019, 11, 18), "day")),
    ("20191118", Stamp(date(2019, 11, 18), "day")),
    ("20 Nov 2019 08:02 GMT", Stamp(date(2019, 11, 20), "utc")),
    ("Tue Nov 19 21:57:01 UTC 2019", Stamp(date(2019, 11, 19), "utc")),
    ("1574200000", None),
    ("yesterday", None),
])
def test_parse_stamp(text, expected):
    assert parse_stamp(text) == expected


def test_url_date_patterns():
    assert url_date("https://nypost.com/2019/11/19/swap/") == date(2019, 11, 19)
    assert url_date("https://www.latimes.com/business/story/2019-11-19/gannett") == date(2019, 11, 19)
    assert url_date("https://example.com/news/191120070028895.html") is None
    assert url_date("https://example.com/2019/13/45/x") is None


# --- publisher ----------------------------------------------------------------------------

def test_og_site_name_beats_app_and_json_ld_names():
    assert meta_of("graph_offset.html").sitename == "Example Chronicle"


def test_app_name_loses_to_the_host_table():
    # no og:site_name, application-name "NYTimes": the hand-kept table names the host
    assert meta_of("app_name.html").sitename == "The New York Times"


def test_section_site_name_gives_way_to_the_json_ld_publisher_of_the_host():
    # og:site_name "U.S." is a section; the (malformed, repaired) JSON-LD names the host
    assert meta_of("section_sitename.html").sitename == "Example Wire"


def test_a_byline_credit_is_never_the_publisher():
    assert "News Service" not in (meta_of("app_name.html").sitename or "")


def test_without_any_name_the_host_is_the_last_resort():
    assert meta_of("url_only.html").sitename == "examplevillage.org"


def test_names_host():
    assert names_host("Deccan Herald", "deccanherald.com")
    assert names_host("New York Post", "nypost.com")
    assert names_host("POLYGRAPH.info", "polygraph.info")
    assert names_host("Los Angeles Times", "latimes.com")
    assert not names_host("U.S.", "reuters.com")
    assert not names_host("DH News Service", "deccanherald.com")


def test_table_matches_subdomains():
    assert table_name("edition.cnn.com") == "CNN"
    assert table_name("abcnews.go.com") == "ABC News"
    assert table_name("go.com") is None
    assert table_name("example.org") is None


# --- title --------------------------------------------------------------------------------

def test_site_suffix_is_stripped_when_it_is_the_publisher():
    assert meta_of("graph_offset.html").title == "Monsoon talks end in a water-sharing pact"


@pytest.mark.parametrize("title, site, host, expected", [
    ("Beijing demands | Deccan Herald", "Deccan Herald", "deccanherald.com", "Beijing demands"),
    ("Oil drifts lower - Reuters", None, "reuters.com", "Oil drifts lower"),
    ("Trade War Keeps World Guessing — The New York Times", "The New York Times", "nytimes.com",
     "Trade War Keeps World Guessing"),
    ("Crash kills two | Afghanistan News | Al Jazeera", "Al Jazeera", "aljazeera.com",
     "Crash kills two | Afghanistan News"),
    ("Brexit talks - Part 2", "Example Times", "exampletimes.com", "Brexit talks - Part 2"),
    ("Julian Assange: Sweden drops case", "BBC News", "bbc.co.uk", "Julian Assange: Sweden drops case"),
])
def test_strip_site(title, site, host, expected):
    assert strip_site(title, site, host) == expected


def test_printed_h1_wins_over_a_different_og_title():
    # utc_printed's <title> differs; the h1 agrees with og:title
    assert meta_of("utc_printed.html").title == "Column: Port strike ends after deal"


def test_h1_agrees_with_a_truncated_og_title():
    assert agrees("Emirates inks $9 billion order for 30 Boeing 787 jets, will restart plans by early 2020s",
                  "Emirates inks $9 billion order for 30 Boeing 787 jets, will restart plans by early")
    assert not agrees("Council approves the new bridge", "Storm closes the old bridge")


# --- the stage ----------------------------------------------------------------------------

def test_clean_html_uses_the_page_metadata():
    doc = clean_html((FIXTURES / "utc_printed.html").read_bytes()).document
    assert (doc.title, doc.publisher, doc.date, doc.date_source) == (
        "Column: Port strike ends after deal", "Example Coast Times", "2019-11-19", "text")


def test_htmldate_searches_the_text_but_not_the_images_last():
    # no metadata, no byline, no URL: htmldate's text search, with og:image's 2016/05/04 and
    # the figure caption's date left out
    meta = meta_of("text_date_only.html")
    assert (meta.date, meta.date_source) == ("2019-03-03", "text")


def test_utc_stamp_before_10z_takes_the_urls_local_day():
    # 03:10Z on the 19th is the evening of the 18th in the Americas; the URL says the 18th
    meta = meta_of("utc_url.html")
    assert (meta.date, meta.date_source) == ("2019-11-18", "metadata")


def test_utc_stamp_at_midday_keeps_its_day_whatever_the_url_says():
    html = (FIXTURES / "utc_url.html").read_text(encoding="utf-8").replace("03:10:00Z", "11:45:00Z")
    assert read_metadata(parse_html(html), None).date == "2019-11-19"


def test_local_clock_of_the_same_moment():
    utc = parse_stamp("2019-11-19T01:19:34Z")
    assert same_moment_local_day(utc, [parse_stamp("2019-11-18T20:19:00")]) == date(2019, 11, 18)
    assert same_moment_local_day(utc, [parse_stamp("2019-11-18T20:19:34-05:00")]) == date(2019, 11, 18)
    # another moment (a related article, an update) is not the same publication
    assert same_moment_local_day(utc, [parse_stamp("2019-11-17T09:00:00-05:00")]) is None
    assert same_moment_local_day(utc, [parse_stamp("2019-11-19T01:19:34")]) is None  # naive = UTC


def test_possible_local_days():
    assert possible_local_days(parse_stamp("2019-11-19T02:00:00Z")) == {date(2019, 11, 18), date(2019, 11, 19)}
    assert possible_local_days(parse_stamp("2019-11-19T10:30:00Z")) == {date(2019, 11, 19)}
    assert possible_local_days(parse_stamp("2019-11-19T20:00:00Z")) == {date(2019, 11, 19), date(2019, 11, 20)}


def test_masthead_date_far_above_the_headline_is_not_the_printed_date():
    filler = "".join(f"<li><span>Section {n}</span></li>" for n in range(60))
    html = ("<html><head><meta property='article:published_time' content='2019-11-19T20:00:00Z'></head><body>"
            f"<div class='masthead-date'>November 20, 2019</div><ul>{filler}</ul>"
            "<h1>Is football violence a crime?</h1><p>Long article text follows here.</p></body></html>")
    assert read_metadata(parse_html(html), None).date == "2019-11-19"


def test_spelled_out_name_wins_over_its_squashed_form():
    assert meta_of("utc_url.html").sitename == "The Example Tech"


@pytest.mark.parametrize("raw, host, expected", [
    ("https://www.newsnation.in", "newsnation.in", "newsnation.in"),
    ("The Jerusalem Post | JPost.com", "jpost.com", "The Jerusalem Post"),
    ("@nypost", "nypost.com", "Nypost"),
    ("Autoracing | F1 | Indy", "example.com", "Autoracing | F1 | Indy"),
])
def test_clean_sitename(raw, host, expected):
    assert clean_sitename(raw, host) == expected


def test_only_the_last_segment_is_tested_as_the_site():
    assert strip_site("Oil prices - Part 2 - Reuters", None, "reuters.com") == "Oil prices - Part 2"
    assert strip_site("Reuters | Oil prices fall again", None, "reuters.com") == "Oil prices fall again"
