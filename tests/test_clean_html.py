"""geowire.clean.html: decoding, main text, metadata, captions, credits, teasers, language."""
from __future__ import annotations

from pathlib import Path

import pytest

from geowire.clean.html import (
    clean_html, credit_names, date_in_text, decode_html, split_caption_credit, text_language,
)
from geowire.model import document_id

FIXTURES = Path(__file__).parent / "fixtures" / "read"

RUSSIAN_PARAGRAPHS = (FIXTURES / "article_ru.txt").read_text(encoding="utf-8").split("\n")
GERMAN_SENTENCES = [
    "Die Küstenstaaten haben sich nach langen Verhandlungen über die Fangquoten für Kabeljau geeinigt.",
    "Die Minister unterzeichneten das Abkommen in Wien, während draußen Fischer für höhere Quoten demonstrierten.",
    "Umweltverbände äußerten sich zurückhaltend, weil die Grenzwerte über den Empfehlungen der Forscher liegen.",
    "Das Abkommen soll noch vor dem Ende des Jahres von den Parlamenten der Länder ratifiziert werden.",
]


def page(paragraphs: list[str], head: str = "", title: str = "Test page") -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs if p.strip())
    return (f"<!DOCTYPE html><html><head>{head}<title>{title}</title></head><body>"
            f"<nav><a href='/'>Home</a> <a href='/a'>World</a></nav>"
            f"<article><h1>{title}</h1>{body}</article>"
            f"<footer><a href='/privacy'>Privacy policy</a></footer></body></html>")


@pytest.fixture(scope="module")
def english():
    return clean_html((FIXTURES / "article_en.html").read_bytes(), source_path="article_en.html")


# --- the article and its metadata -------------------------------------------------------

def test_body_is_the_article_paragraphs_separated_by_blank_lines(english):
    body = english.document.body
    paragraphs = body.split("\n\n")
    assert len(paragraphs) == 5
    assert paragraphs[0].startswith("Five coastal states signed a ten-year fisheries agreement")
    assert paragraphs[-1].endswith("A review conference is planned for 2026.")
    for chrome in ("Home", "Privacy", "Related articles", "All rights reserved", "By Mira Tallis"):
        assert chrome not in body


def test_metadata_comes_from_the_page(english):
    doc = english.document
    assert doc.title == "Coastal states agree fisheries pact"
    assert doc.publisher == "Harbour Ledger"
    assert doc.authors == ["Mira Tallis"]
    assert (doc.date, doc.date_source) == ("2021-05-12", "metadata")
    assert doc.url == "https://ledger.example.org/world/fisheries-pact"
    assert doc.source_path == "article_en.html"
    assert doc.language == "en" and doc.notes == []
    assert doc.id == document_id(doc.body)


def test_headline_repeated_as_first_line_is_removed_as_duplicate(english):
    doc = english.document
    assert not doc.body.startswith("Coastal states agree")
    assert any(r.reason == "duplicate" and r.text == doc.title for r in doc.removed)


def test_figcaption_becomes_a_caption_with_its_credit_and_date(english):
    doc = english.document
    assert len(doc.captions) == 1
    caption = doc.captions[0]
    assert caption.text == "Ministers at the signing ceremony in Vienna on 12 May 2021."
    assert caption.credit == "Photo: Northwind Images"
    assert caption.date == "2021-05-12"
    assert "signing ceremony" not in doc.body and "Northwind" not in doc.body


def test_source_line_becomes_credits(english):
    doc = english.document
    assert doc.credits == ["Harbour Ledger", "Baltic Wire", "Nordpress"]
    assert "Source:" not in doc.body
    assert any(r.reason == "credit" and r.text.startswith("Source: Harbour Ledger") for r in doc.removed)


def test_related_block_becomes_teasers(english):
    teasers = english.teasers
    assert [t.title for t in teasers] == [
        "Quota talks collapse as patrol boats shadow trawlers",
        "Scientists warn herring stocks are at a twenty-year low",
    ]
    assert [t.body for t in teasers] == [
        "Negotiators left the table after a tense week at sea and in the conference room.",
        "A survey of spawning grounds found fewer young fish than at any time since 2001.",
    ]
    assert all(t.kind == "teaser" for t in teasers)
    assert teasers[0].url == "https://ledger.example.org/world/quota-talks-collapse"
    assert "Quota talks collapse" not in english.document.body


def test_teaser_without_summary_uses_its_headline_as_body():
    html = page(["The council met for a long session on the budget and the harbour works plan."] * 1
                + [f"Paragraph {i}: the members debated the spending of the harbour fund at length today."
                   for i in range(6)])
    html = html.replace("</article>", "</article><div id='more-related'><a href='/x'>Harbour fund "
                                      "spending doubles in a year</a><a href='/y'>Read more</a></div>")
    teasers = clean_html(html, url="https://news.example.net/a").teasers
    assert [(t.title, t.body, t.url) for t in teasers] == [
        ("Harbour fund spending doubles in a year", "Harbour fund spending doubles in a year",
         "https://news.example.net/x")]



def test_a_repeated_teaser_is_kept_once_and_links_tell_near_identical_headlines_apart():
    # the rule of geowire.clean.teasers.Teasers, shared with page dumps
    html = page([f"Paragraph {i}: the members debated the spending of the harbour fund at length today."
                 for i in range(6)])
    html = html.replace("</article>", "</article><div class='related'>"
                                      "<a href='/x'>Harbour fund spending doubles in a year</a>"
                                      "<a href='/x'>Harbour fund spending doubles in a year</a>"
                                      "<a href='/x-review'>Harbour fund spending doubles in a year: review</a>"
                                      "</div>")
    teasers = clean_html(html, url="https://news.example.net/a").teasers
    assert [t.url for t in teasers] == ["https://news.example.net/x", "https://news.example.net/x-review"]

def test_calls_to_action_at_the_end_are_removed_but_not_in_the_middle():
    paragraphs = [f"Sentence {i} of the report says that the harbour authority spent its budget on new cranes."
                  for i in range(6)]
    # near the edge too, but not a call to action
    paragraphs.insert(1, "Readers who subscribe to the port bulletin said the cranes arrived late.")
    paragraphs.append("Sign up for our newsletter to get the latest news in your inbox.")
    doc = clean_html(page(paragraphs)).document
    assert "Sign up for our newsletter" not in doc.body
    assert "Readers who subscribe to the port bulletin" in doc.body
    assert any(r.reason == "boilerplate" and r.text.startswith("Sign up") for r in doc.removed)


def test_article_cut_into_sibling_blocks_is_read_whole():
    first = [f"First part, paragraph {i}: the delegations argued over the border crossing schedule for hours."
             for i in range(5)]
    second = [f"Second part, paragraph {i}: the customs officers will now share their records every week."
              for i in range(4)]
    # trafilatura reads only the first element that matches its body XPath (…article__body…)
    chunk = "<div class='body__container article__body'>{}</div>"
    html = ("<html><head><title>Border deal</title></head><body><main><article><div class='chunks'>"
            + "<div class='grid'>" + chunk.format("".join(f"<p>{p}</p>" for p in first)) + "</div>"
            + "<div class='ad'><p>Advertisement</p></div>"
            + "<div class='grid'>" + chunk.format("".join(f"<p>{p}</p>" for p in second)) + "</div>"
            + "</div></article></main></body></html>")
    body = clean_html(html).document.body
    assert all(p in body for p in first + second)
    assert body.index(first[-1]) < body.index(second[0])


def test_no_article_text_raises_value_error():
    with pytest.raises(ValueError, match="no article text found"):
        clean_html(b"<html><body><nav><a href='/'>Home</a></nav></body></html>")
    with pytest.raises(ValueError, match="no article text found"):
        clean_html(b"")


def test_garbage_bytes_do_not_crash():
    with pytest.raises(ValueError, match="no article text found"):
        clean_html(bytes(range(256)) * 20)


# --- language ----------------------------------------------------------------------------

def test_german_page_is_stored_with_its_language_and_a_note():
    doc = clean_html((FIXTURES / "article_de.html").read_bytes()).document
    assert doc.language == "de"
    assert "language de: English NLP skipped" in doc.notes
    assert "Fischereiabkommen" in doc.body


def test_text_language_decides_over_a_wrong_declaration():
    html = page(GERMAN_SENTENCES * 2).replace("<html>", "<html lang='en'>")
    assert clean_html(html).document.language == "de"


def test_text_language_by_stop_words_and_script():
    assert text_language(" ".join(RUSSIAN_PARAGRAPHS)) == "ru"
    assert text_language(" ".join(GERMAN_SENTENCES)) == "de"
    english = ("The ministers said that the agreement would be signed in the spring, and that the "
               "inspection service would start its work before the end of the year in all of the ports.")
    assert text_language(english) == "en"
    assert text_language("日本の外務省は、新しい漁業協定について声明を発表しました。交渉は来月に再開されます。") == "ja"
    assert text_language("Cod herring") is None  # too short to say


# --- encodings ---------------------------------------------------------------------------

def russian_page(charset: str | None) -> str:
    head = f'<meta charset="{charset}">' if charset else ""
    return page(RUSSIAN_PARAGRAPHS * 2, head=head, title="Соглашение о рыболовстве")


def test_cp1251_with_declared_charset():
    doc = clean_html(russian_page("windows-1251").encode("cp1251")).document
    assert "соглашение о рыболовстве" in doc.body
    assert doc.language == "ru"
    assert not any(n.startswith("encoding guessed") for n in doc.notes)


def test_cp1251_without_declaration_is_guessed():
    doc = clean_html(russian_page(None).encode("cp1251")).document
    assert "соглашение о рыболовстве" in doc.body
    assert any(n.startswith("encoding guessed") for n in doc.notes)


def test_misdeclared_charset_is_overridden():
    doc = clean_html(russian_page("utf-8").encode("cp1251")).document
    assert "соглашение о рыболовстве" in doc.body


def test_latin1_with_and_without_declaration():
    for head in ('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">', ""):
        html = page(GERMAN_SENTENCES * 2, head=head).encode("latin-1")
        body = clean_html(html).document.body
        assert "Die Küstenstaaten haben sich" in body and "äußerten" in body


def test_utf8_with_a_few_bad_bytes_keeps_the_rest():
    html = page(RUSSIAN_PARAGRAPHS * 2, head='<meta charset="utf-8">').encode("utf-8")
    html = html.replace("Вене".encode(), b"\xff\xfe" + "Вене".encode(), 1)
    doc = clean_html(html).document
    assert "соглашение о рыболовстве" in doc.body
    assert "invalid bytes replaced while decoding as UTF-8" in doc.notes


def test_decode_html_order():
    assert decode_html("\ufeffabc".encode("utf-8")).how == "bom"
    assert decode_html("<p>привет</p>".encode("utf-16")).text == "<p>привет</p>"
    declared = decode_html('<meta charset="koi8-r"><p>привет</p>'.encode("koi8-r"))
    assert (declared.how, declared.text.endswith("<p>привет</p>")) == ("declared", True)
    # an HTTP charset (from a reader) counts as a declaration
    assert decode_html("<p>привет</p>".encode("koi8-r"), declared="koi8-r").text == "<p>привет</p>"
    assert decode_html("<p>plain ascii</p>".encode()).how == "utf-8"


# --- helpers -----------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Talks in Moscow on 18 March 2015 ended late.", "2015-03-18"),
    ("Signed on March 18, 2015, in Moscow.", "2015-03-18"),
    ("Archive image, 2015-03-18.", "2015-03-18"),
    ("Sept. 3rd 2019 at the port", "2019-09-03"),
    ("Ministers at the table, 31 February 2015", None),
    ("A crowd of 2015 people in 18 boats", None),
])
def test_date_in_text(text, expected):
    assert date_in_text(text) == expected


@pytest.mark.parametrize("line, expected", [
    ("source: commonspace.eu with kremlin.ru and itar-tass .", ["commonspace.eu", "kremlin.ru", "itar-tass"]),
    ("SOURCE: Al Jazeera News", ["Al Jazeera News"]),
    ("Photo credit: Reuters / AFP", ["Reuters", "AFP"]),
    ("The source: a long sentence that merely mentions a source in passing and goes on for a while", None),
    ("Officials said the talks would resume.", None),
])
def test_credit_names(line, expected):
    assert credit_names(line) == expected


@pytest.mark.parametrize("caption, text, credit", [
    ("Putin and Tibilov in Moscow (picture courtesy of the Press Service)", "Putin and Tibilov in Moscow",
     "picture courtesy of the Press Service"),
    ("The harbour at dawn. Photo: Jane Roe", "The harbour at dawn.", "Photo: Jane Roe"),
    ("A galaxy cluster forming (Image credit: TNG Collaboration)", "A galaxy cluster forming",
     "Image credit: TNG Collaboration"),
    ("Fishermen unload their catch in the harbour", "Fishermen unload their catch in the harbour", None),
])
def test_split_caption_credit(caption, text, credit):
    assert split_caption_credit(caption) == (text, credit)


def test_cut_and_mangled_markup_gives_a_page_or_value_error():
    html = (FIXTURES / "article_en.html").read_bytes()
    for cut in range(0, len(html), 97):
        for variant in (html[:cut], html[cut:], html[:cut] + b"\xff\xfe<<>>" + html[cut:]):
            try:
                page = clean_html(variant)
            except ValueError as err:
                assert str(err) == "no article text found"
            else:
                assert page.document.body.strip()
