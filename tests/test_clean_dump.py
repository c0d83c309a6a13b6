"""The text-dump cleaner (geowire.clean.dump) on dumps of four different site layouts
written for these tests (tests/fixtures/dumps/), and on plain text."""
from __future__ import annotations

from pathlib import Path

import pytest

from geowire.clean.lines import parse_byline, parse_caption, parse_credit_line
from geowire.text.dates import dateline_date, find_dates
from geowire.clean.dump import clean_dump, clean_plain, looks_like_page_dump
from geowire.clean.teasers import strip_calls_to_action

FIXTURES = Path(__file__).parent / "fixtures" / "dumps"


def load(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def paragraphs(body: str) -> list[str]:
    return body.split("\n\n")


# ---- a wire-service page: menu, byline, date line, share buttons, "Read more" link -----------

def test_wire_page_title_body_and_chrome():
    doc = clean_dump(load("wire_service.txt")).document
    assert doc.title == "Baltic states agree joint air patrols over the Gulf of Riga"
    paras = paragraphs(doc.body)
    assert len(paras) == 4
    assert paras[0].startswith("RIGA (Northwire) — Estonia, Latvia and Lithuania agreed on Friday")
    assert paras[-1].endswith("shared equally between the three governments.")
    for chrome in ("Share this article", "Facebook", "Read more", "Skip to main content",
                   "More from Northwire", "All rights reserved", "Reporting by", "By Marta Kalnina"):
        assert chrome not in doc.body
    assert doc.title not in doc.body


def test_wire_page_date_line_authors_and_publisher():
    doc = clean_dump(load("wire_service.txt")).document
    assert (doc.date, doc.date_source) == ("2021-06-04", "text")
    assert doc.authors == ["Marta Kalnina", "Jonas Petraitis"]
    assert doc.publisher == "Northwire"  # the site name after the title, no source credit
    reasons = {r.text: r.reason for r in doc.removed}
    assert reasons["Read more: Baltic ministers meet NATO planners in Vilnius"] == "navigation"
    assert reasons["© 2021 Northwire Media. All rights reserved."] == "boilerplate"
    # the second row of share buttons is a repeat of the first
    assert [r.reason for r in doc.removed if r.text == "Share this article"] == ["navigation", "duplicate"]


# ---- a blog: cookie banner, post, reader comments, comment form -----------------------------

def test_blog_keeps_the_post_and_drops_comments_and_cookie_banner():
    doc = clean_dump(load("blog_comments.txt")).document
    assert doc.title == "Why small states invest in mediation"
    paras = paragraphs(doc.body)
    assert len(paras) == 3
    assert paras[0].startswith("Small states rarely win arguments by weight")
    assert "underestimates" not in doc.body and "Qatar example deserves" not in doc.body
    assert "cookies" not in doc.body and "Leave a Reply" not in doc.body
    cookie = [r for r in doc.removed if "cookies" in r.text]
    assert cookie and cookie[0].reason == "boilerplate"
    assert (doc.date, doc.date_source) == ("2020-05-12", "text")
    assert doc.authors == ["Tomas Berg"]


# ---- a page with a byline, photo captions and a source credit line --------------------------

def test_byline_page_credits_and_captions():
    doc = clean_dump(load("byline_photo.txt")).document
    assert doc.title == "Danube ports to share customs data"
    assert doc.credits == ["riverline.eu", "agerpres", "tanjug"]
    assert doc.publisher == "riverline.eu"
    assert doc.authors == ["Jane Doe"]
    assert [c.credit for c in doc.captions] == ["Port Authority of Constanta", "Bulgarian Customs Agency"]
    first = doc.captions[0]
    assert first.text.startswith("Barges wait at the port of Constanta")
    assert "courtesy" not in first.text and first.date == "2019-10-02"
    # the printed date line is the publication date; the caption date is not preferred to it
    assert (doc.date, doc.date_source) == ("2019-10-03", "text")
    assert len(paragraphs(doc.body)) == 4
    for chrome in ("Photo:", "Image:", "source:", "Tags", "By Jane Doe"):
        assert chrome not in doc.body
    reasons = {r.reason for r in doc.removed}
    assert {"caption", "credit", "navigation"} <= reasons


# ---- a page whose related teasers are printed twice, under two headings ---------------------

def test_teasers_are_documents_and_repeats_are_duplicates():
    page = clean_dump(load("teaser_lists.txt"))
    doc = page.document
    assert doc.title == "Arctic council resumes technical work"
    assert len(paragraphs(doc.body)) == 3
    assert "Greenland" not in doc.body and "Related articles" not in doc.body
    assert [t.title for t in page.teasers] == [
        "Greenland weighs new fishing rules for foreign fleets",
        "Norway and Russia extend search and rescue cooperation",
    ]
    assert all(t.kind == "teaser" and t.id == "" for t in page.teasers)
    greenland, norway = page.teasers
    assert greenland.body.endswith("fallen for three years in a row.")
    assert "Click" not in greenland.body and "read more" not in greenland.body.lower()
    assert norway.body.endswith("said in a short statement.")
    # the repeat under "Most read": title twice and summary, all duplicates
    duplicates = [r.text for r in doc.removed if r.reason == "duplicate"]
    assert duplicates.count("Greenland weighs new fishing rules for foreign fleets") == 3
    assert sum(1 for r in doc.removed if r.reason == "teaser") == 4  # two titles, two summaries


def test_near_duplicate_teaser_is_one_teaser():
    original = load("teaser_lists.txt")
    # the repeat under "Most read" reorders the headline and rewords the summary a little
    head, tail = original.split("Most read")
    tail = tail.replace("Greenland weighs new fishing rules for foreign fleets",
                        "Greenland weighs new rules for foreign fishing fleets")
    tail = tail.replace("a new licensing fee", "a new licence fee")
    page = clean_dump(head + "Most read" + tail)
    assert [t.title for t in page.teasers] == [
        "Greenland weighs new fishing rules for foreign fleets",
        "Norway and Russia extend search and rescue cooperation",
    ]
    assert "Greenland weighs new rules for foreign fishing fleets" in [
        r.text for r in page.document.removed if r.reason == "duplicate"]


# ---- the example page's layout, written anew: body, credit, dated caption, teasers ----------

SMALL_PAGE = """Two neighbours open a joint border post.

 Armenia and Georgia have opened a joint border post at Sadakhlo, where customs and police officers of both countries will now check travellers in a single building.

The officials said that the new post would halve the time that lorries wait at the crossing, which is the busiest road link between the two countries.

source: example-news.am with news.ge and apa .

Photo: The ministers at the opening of the post in Sadakhlo on 5 July 2016 (picture courtesy of the Georgian Ministry of Finance).

Related articles

Editor's choice
Ministers meet in Tbilisi

Ministers meet in Tbilisi

The two finance ministers met in Tbilisi to prepare the opening of the joint post, and agreed to publish the waiting times online every day. (Click the image to read more).
"""


def test_example_layout_caption_date_and_credits():
    page = clean_dump(SMALL_PAGE, source_path="page.txt")
    doc = page.document
    assert doc.source_path == "page.txt"
    assert doc.title == "Two neighbours open a joint border post."
    assert doc.credits == ["example-news.am", "news.ge", "apa"]
    assert doc.publisher == "example-news.am"
    assert (doc.date, doc.date_source) == ("2016-07-05", "caption")
    [caption] = doc.captions
    assert caption.credit == "Georgian Ministry of Finance" and caption.date == "2016-07-05"
    assert caption.text.startswith("The ministers at the opening of the post")
    assert doc.body.startswith("Armenia and Georgia have opened")
    assert doc.body.endswith("between the two countries.")
    assert "\n\n" in doc.body and "  " not in doc.body
    [teaser] = page.teasers
    assert teaser.title == "Ministers meet in Tbilisi"
    assert teaser.body.endswith("publish the waiting times online every day.")


# ---- plain text, detection, empty input ------------------------------------------------------

PLAIN_PARAGRAPHS = """The foreign ministers of the two countries met in Vienna on Tuesday to discuss the release of prisoners held since the war.

They agreed to set up a working group that will meet every month, and said that the first exchange could take place before the winter.

Observers from the OSCE will be invited to the meetings of the group."""


def test_looks_like_page_dump():
    for name in ("wire_service.txt", "blog_comments.txt", "byline_photo.txt", "teaser_lists.txt"):
        assert looks_like_page_dump(load(name)), name
    assert looks_like_page_dump(SMALL_PAGE)
    assert not looks_like_page_dump("Russia and South Ossetia signed a treaty in Moscow.")
    assert not looks_like_page_dump(PLAIN_PARAGRAPHS)
    assert not looks_like_page_dump("Talks resume\n\n" + PLAIN_PARAGRAPHS)  # a title over prose
    assert not looks_like_page_dump("   \n ")


def test_clean_plain_keeps_everything():
    page = clean_plain("  Russia and   South Ossetia signed\n a treaty.  ")
    assert page.document.body == "Russia and South Ossetia signed a treaty."
    assert page.document.title is None and page.document.removed == [] and page.teasers == []
    body = clean_plain(PLAIN_PARAGRAPHS.replace("\n\n", "\n \n\n")).document.body
    assert paragraphs(body) == paragraphs(PLAIN_PARAGRAPHS)


@pytest.mark.parametrize("cleaner", [clean_dump, clean_plain])
@pytest.mark.parametrize("text", ["", "   ", "\n\n \t\n"])
def test_empty_input_is_a_clear_error(cleaner, text):
    with pytest.raises(ValueError, match="empty"):
        cleaner(text)


def test_one_sentence_given_as_a_dump_stays_the_body():
    doc = clean_dump("  Russia and South Ossetia signed a treaty in Moscow.\n").document
    assert doc.body == "Russia and South Ossetia signed a treaty in Moscow."
    assert doc.title is None


def test_dump_without_a_title_line_takes_the_headline_above_the_article():
    # drop the page <title> line: the dump now opens with the site's name
    text = load("byline_photo.txt").split("\n", 2)[2]
    assert text.startswith("Riverline News")
    doc = clean_dump(text).document
    assert doc.title == "Danube ports to share customs data"
    assert doc.body.startswith("Customs services of Romania")


def test_a_dump_without_prose_falls_back_to_its_text():
    page = clean_dump("Home\nNews\nContact")
    assert page.document.body == "Home News Contact"
    assert page.document.notes and "no article prose" in page.document.notes[0]


# ---- the small parsers ------------------------------------------------------------------------

def test_dates_and_date_lines():
    assert [d for _, _, d in find_dates("on 18 March 2015 and Nov. 19, 2019, then 2020-02-29")] == [
        "2015-03-18", "2019-11-19", "2020-02-29"]
    assert find_dates("on 31 February 2015") == []
    assert dateline_date("Nov. 19, 2019 8:03 am ET") == "2019-11-19"
    assert dateline_date("Updated on: November 19, 2019 / 10:07 AM / CBS News") == "2019-11-19"
    assert dateline_date("The treaty signed on 18 March 2015 changed nothing for the people of the region.") is None


def test_caption_credit_and_byline_parsers():
    caption = parse_caption("Photo: Crowds in Kyiv on 1 May 2022 (AP Photo/Efrem Lukatsky)")
    assert caption.credit == "AP Photo/Efrem Lukatsky" and caption.date == "2022-05-01"
    assert parse_caption("The president spoke on 1 May 2022 in Kyiv.") is None
    assert parse_credit_line("Source: reuters.com, tass.ru & AFP") == ["reuters.com", "tass.ru", "AFP"]
    assert parse_credit_line("The source of the leak remains unknown, officials said.") is None
    assert parse_credit_line("This article was originally published by Futurism. Read the original article.") == [
        "Futurism"]
    assert parse_byline("By Kashmira Gander On 11/13/19 at 4:00 PM EST") == ["Kashmira Gander"]
    assert parse_byline("By Joseph Tsidulko November 19, 2019, 08:00 AM EST") == ["Joseph Tsidulko"]
    assert parse_byline("By Sean Martin Sean Martin") == ["Sean Martin"]
    assert parse_byline("He was stopped by police on Monday.") is None


def test_calls_to_action_are_stripped():
    assert strip_calls_to_action("The talks went on. (Click the image to read more).") == "The talks went on."
    assert strip_calls_to_action("The talks went on. Continue reading »") == "The talks went on."
    assert strip_calls_to_action("Readers can click to vote.") == "Readers can click to vote."


# ---- the canonical example page against its gold file (needs the shared data) ----------------

def test_example_page_document_and_teasers_match_gold(tmp_path):
    import json
    import subprocess
    import sys

    from geowire.settings import shared_data

    data = shared_data()
    page = data / "examples" / "000_5e5edae8dc0bfcef.txt"
    gold = data / "gold" / "000_5e5edae8dc0bfcef.gold.yaml"
    scorer = data / "tools" / "score_dossier.py"
    if not (page.is_file() and gold.is_file() and scorer.is_file()):
        pytest.skip("shared data not found (set GEOWIRE_DATA)")
    cleaned = clean_dump(page.read_text(encoding="utf-8"), source_path=str(page))
    dossier = {
        "schema": "geowire.dossier/1",
        "document": cleaned.document.model_dump(mode="json"),
        "related": [{"schema": "geowire.dossier/1", "document": t.model_dump(mode="json")} for t in cleaned.teasers],
    }
    pred = tmp_path / "pred.json"
    pred.write_text(json.dumps(dossier), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(scorer), str(gold), str(pred), "--json",
         "--min", "document.score=1", "--min", "related.1.document.score=1",
         "--min", "related.2.document.score=1"],
        capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr



def test_the_teaser_rule_is_shared_and_reads_headlines_and_summaries():
    from geowire.clean.teasers import Teasers

    teasers = Teasers()
    teasers.add("Harbour fund spending doubles in a year", "The council approved the new budget on Monday.")
    assert teasers.repeats("Harbour fund spending doubles in a single year")
    assert teasers.repeats("Another headline", "The council approved the new budget on Monday!")
    assert not teasers.repeats("New cranes arrive at the northern pier", "Two cranes came by sea.")
    linked = Teasers()
    linked.add("Star Wars Jedi: Fallen Order", url="https://example.org/game")
    assert not linked.repeats("Star Wars Jedi: Fallen Order Review", url="https://example.org/review")
    assert linked.repeats("Star Wars Jedi: Fallen Order Review")  # without a link, its words decide
    assert linked.repeats("Star wars jedi, fallen order", url="https://example.org/other")  # the same headline
    assert [t.body for t in teasers.documents] == ["The council approved the new budget on Monday."]


def test_clean_plain_takes_a_line_that_ends_a_sentence_for_a_paragraph():
    # one paragraph a line, a quotation running on into the next: the line break stays a break
    body = clean_plain("“The talks failed,” she said. “We will try again.\n“Nobody wants a war,” she added.\n"
                       "Mr.\nBorrell agreed with the\nminister.").document.body
    assert body.split("\n\n") == ["“The talks failed,” she said. “We will try again.",
                                  "“Nobody wants a war,” she added.", "Mr. Borrell agreed with the minister."]
