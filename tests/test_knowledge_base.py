"""One knowledge base across documents: a directory of pages with exact duplicates,
re-encoded duplicates, a near-duplicate and pages sharing teasers gives the expected counts
of documents, teasers and merged events (and so do the 181 benchmark pages, with the data)."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from geowire.cli import app

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "commonspace-russia-south-ossetia-treaty.txt"


def count(db, sql, *args):
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, args).fetchone()[0]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, pipeline, fixtures=Path(__file__).parent / "fixtures"):
    pages = tmp_path_factory.mktemp("pages")
    example = EXAMPLE.read_text(encoding="utf-8")
    (pages / "a-example.txt").write_text(example, encoding="utf-8")
    (pages / "b-example-copy.txt").write_text(example, encoding="utf-8")
    # the same page saved with other line breaks and spacing: the same normalised body
    (pages / "c-example-respaced.txt").write_text(example.replace(". ", ".  ").replace("\n\n", "\n\n\n"),
                                                  encoding="utf-8")
    # a near-duplicate: the same story, one sentence of the commentary rewritten
    (pages / "d-example-updated.txt").write_text(example.replace(
        "Integration it seems does not increase generosity.",
        "Integration, it seems, does not make Moscow any more generous."), encoding="utf-8")
    baltic = (fixtures / "pages" / "baltic-wire.txt").read_text(encoding="utf-8")
    (pages / "e-baltic.txt").write_text(baltic, encoding="utf-8")
    # another article of the same site, with the same two teasers under it
    (pages / "f-baltic-other.txt").write_text(baltic.replace(
        "Estonia and Finland signed a memorandum on the joint protection of undersea cables in Tallinn on Monday",
        "Estonia and Latvia signed a memorandum on joint air policing in Riga on Tuesday").replace(
        "Estonia and Finland agree on undersea cable protection", "Estonia and Latvia agree on air policing"),
        encoding="utf-8")
    db = tmp_path_factory.mktemp("kb") / "kb.db"
    result = CliRunner().invoke(app, ["analyze", str(pages), "--db", str(db), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    return db


def test_duplicates_are_one_document_and_near_duplicates_are_linked(corpus):
    # a, b, c are one page; d is its near-duplicate; e and f are two articles of another site
    assert count(corpus, "SELECT count(*) FROM documents WHERE kind = 'article'") == 4
    assert count(corpus, "SELECT times_seen FROM documents WHERE source_path LIKE '%a-example.txt'") == 3
    pairs = count(corpus, "SELECT count(*) FROM near_duplicates")
    assert pairs == 1
    assert count(corpus, "SELECT similarity FROM near_duplicates") > 0.8


def test_a_teaser_on_many_pages_is_one_document_with_each_sighting(corpus):
    # two teasers under the example page (and its near-duplicate), two under both Baltic pages
    assert count(corpus, "SELECT count(*) FROM documents WHERE kind = 'teaser'") == 4
    assert count(corpus, "SELECT count(*) FROM related") == 8
    assert count(corpus, "SELECT min(n) FROM (SELECT count(*) AS n FROM related GROUP BY teaser_id)") == 2


def test_the_same_events_reported_twice_are_merged_with_two_sources(corpus):
    events = count(corpus, "SELECT count(*) FROM events")
    merged = count(corpus, "SELECT count(*) FROM merged_events")
    assert merged < events
    # every event of the example page is also in its near-duplicate (the rewritten sentence holds none)
    example_events = count(corpus, "SELECT count(*) FROM events e JOIN documents d ON d.id = e.document_id"
                                   " WHERE d.kind = 'article' AND d.source_path LIKE '%a-example.txt'")
    assert example_events >= 5
    assert count(corpus, "SELECT count(*) FROM event_sources WHERE sources = 2") >= example_events
    # the treaty is one agreement record, supported by both versions of the page;
    # the two Baltic memoranda are two more
    assert count(corpus, "SELECT count(*) FROM agreement_records") == 3
    assert count(corpus, "SELECT count(DISTINCT a.document_id) FROM agreements a JOIN agreement_records r"
                         " ON r.id = a.record_id WHERE r.record LIKE '%Alliance and Integration%'") == 2


def test_the_benchmark_pages_and_the_example_give_consistent_counts(pipeline, tmp_path):
    """The 181 pages of the public article-extraction benchmark (needs the evaluation data)."""
    from geowire.settings import shared_data
    from geowire.read import iter_raw
    from geowire.kb.store import Store

    html = shared_data() / "data" / "article-extraction-benchmark" / "html"
    if not html.is_dir():
        pytest.skip("evaluation data not found (set GEOWIRE_DATA)")
    inputs = [str(EXAMPLE)] + sorted(str(p) for p in html.glob("*.html.gz"))
    dossiers = [d for d in pipeline.analyze(iter_raw(inputs)) if hasattr(d, "document")]
    assert len(dossiers) >= 175  # a page with no article text is reported, not stored
    articles = {d.document.id for d in dossiers}
    teasers = {t.document.id for d in dossiers for t in d.related}
    with Store(tmp_path / "kb.db") as store:
        for _ in range(2):  # a second ingestion changes nothing
            for d in dossiers:
                store.save(d)
            counts = store.counts()
            assert counts["documents"] == len(articles | teasers)
            assert counts["events"] == sum(len(d.events) + sum(len(t.events) for t in d.related) for d in dossiers
                                           if d.document.id in articles)
            assert 0 < counts["merged_events"] <= counts["events"]
