"""No agreement from page furniture: footers, terms of service, subscriber and licence
agreements, cookie banners and newsletter boxes name agreements that are not the article's.

Two levels: texts written for these tests, analysed as plain article text (so that the page
cleaner cannot help: the agreements extractor itself must refuse them), and, with the evaluation
data ($GEOWIRE_DATA, default ../shared), every page of the article-extraction benchmark, whose
agreements must come from neither a furniture name nor a furniture sentence."""
from __future__ import annotations

import re

import pytest

from geowire.extract.agreements import FURNITURE_NAME
from geowire.read import iter_raw

FURNITURE_TEXTS = [
    # footers
    "© 2019 Cable News Network. All Rights Reserved. Use of this site constitutes acceptance of our "
    "User Agreement and Privacy Policy and Cookie Statement.",
    "Copyright 2019 The Herald. Use of this website is subject to our Subscriber Agreement and Terms of Service. "
    "Do Not Sell My Personal Information.",
    # terms of service and licences
    "By using this site, you agree to the Terms of Use and the End User License Agreement. "
    "Your use of the service is governed by the Membership Agreement.",
    "This article is licensed under the Content License Agreement; reprints require a Licence Agreement.",
    # cookie banners
    "We use cookies to improve your experience. By continuing to browse, you agree to our Cookie Policy. "
    "Accept all cookies.",
    "This website uses cookies. You can change your cookie settings at any time. I agree.",
    # subscriber boxes and newsletters
    "Subscribe now for unlimited access. By signing up you agree to our Subscriber Agreement and "
    "accept our Privacy Policy. Sign up for our newsletter.",
    "Already a subscriber? Log in. Read our Subscription Agreement and the Terms and Conditions.",
]

# What only page furniture says: a name of a terms document, or a sentence of a footer or banner.
FURNITURE_SENTENCE = re.compile(
    r"all rights reserved|use of this (site|website)|subscriber agreement|terms of (use|service)|cookie|"
    r"privacy policy|sign up for (our|the) newsletter|license agreement|licence agreement", re.I)


def analyse_plain(pipeline, tmp_path, text: str):
    path = tmp_path / "furniture.txt"
    path.write_text(text + "\n", encoding="utf-8")
    (dossier,) = pipeline.analyze(iter_raw([str(path)], input_format="plain"))
    return dossier


@pytest.mark.parametrize("text", FURNITURE_TEXTS)
def test_page_furniture_names_no_agreement(pipeline, tmp_path, text):
    dossier = analyse_plain(pipeline, tmp_path, text)
    assert dossier.agreements == [], [a.name for a in dossier.agreements]


def test_an_article_with_a_footer_keeps_its_treaty_and_drops_the_footer(pipeline, tmp_path):
    text = ("Norway and Sweden signed a fisheries agreement in Oslo on Tuesday.\n\n"
            "Use of this website is subject to our Subscriber Agreement and Terms of Service.")
    dossier = analyse_plain(pipeline, tmp_path, text)
    assert len(dossier.agreements) == 1
    agreement = dossier.agreements[0]
    assert not FURNITURE_NAME.search(agreement.name or "")
    assert all(not FURNITURE_SENTENCE.search(dossier.document.body[s:e]) for s, e in agreement.spans)


@pytest.mark.parametrize("name", ["Subscriber Agreement", "User Agreement", "End User License Agreement",
                                  "Terms of Service", "Terms and Conditions", "Cookie Policy",
                                  "Privacy Policy", "Membership Agreement", "Licence Agreement"])
def test_the_furniture_names_are_recognised(name):
    assert FURNITURE_NAME.search(name)


@pytest.mark.parametrize("name", ["Paris Agreement", "Treaty on Alliance and Integration", "New START",
                                  "United States–Mexico–Canada Agreement", "Good Friday Agreement",
                                  "Service Level Agreement between NATO and Airbus"])
def test_real_agreements_are_not_furniture(name):
    assert not FURNITURE_NAME.search(name)  # "Service Level Agreement": not a "Service Agreement"


def test_no_agreement_of_the_benchmark_pages_comes_from_page_furniture(pipeline):
    """Every page of the article-extraction benchmark (181 real news pages): each agreement's name
    is no furniture name, and each of its spans is a sentence of the article body that is no
    furniture sentence."""
    from geowire.pipeline import Failure
    from geowire.settings import shared_data

    pages = shared_data() / "data" / "article-extraction-benchmark" / "html"
    paths = sorted(str(p) for p in pages.glob("*.html.gz")) if pages.is_dir() else []
    if not paths:
        pytest.skip("the article-extraction benchmark is not found (set GEOWIRE_DATA)")
    bad, seen = [], 0
    for path, dossier in zip(paths, pipeline.analyze(iter_raw(paths))):
        if isinstance(dossier, Failure):
            continue
        seen += 1
        body = dossier.document.body
        for a in dossier.agreements:
            texts = [body[s:e] for s, e in a.spans]
            if FURNITURE_NAME.search(a.name or "") or not texts or any(
                    not (0 <= s < e <= len(body)) or not t.strip() or FURNITURE_SENTENCE.search(t)
                    for (s, e), t in zip(a.spans, texts)):
                bad.append((path.rsplit("/", 1)[-1][:12], a.name, texts[:1]))
    assert seen >= 170, seen
    assert bad == []
