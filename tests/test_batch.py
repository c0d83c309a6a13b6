"""Batch runs: shards planned the same way every run, Parquet tables with the export columns,
bad documents in the errors table, finished shards skipped on a rerun, the local and Ray
engines writing the same tables, and the output loaded back into the store."""
from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from geowire.batch import (DONE_DIR, ERRORS_TABLE, SCHEMAS, BatchError, analyze_isolating, load_batch, plan_shards,
                           read_piece, run_batch)
from geowire.model import Document, Dossier, document_id
from geowire.pipeline import Failure
from geowire.read import InputError
from geowire.output.tables import TABLES

# ---- fixtures written here: short pages, few of them (each costs a spaCy pass) -----------------

PAGES = {
    "https://news.example/armenia-turkey": (
        "Armenia and Turkey agree to reopen border",
        ["Armenia and Turkey agreed on Tuesday to reopen their shared border for the first time since 1993, "
         "the foreign ministers of both countries said in a joint statement issued in Yerevan.",
         "The European Union welcomed the decision and promised 5 million euros to rebuild the crossing at "
         "Margara, which has been closed for three decades."]),
    "https://news.example/baltic-exercise": (
        "NATO begins naval exercise in the Baltic Sea",
        ["NATO began a two-week naval exercise in the Baltic Sea on Monday, with ships from Germany, Poland "
         "and Sweden taking part, the alliance said in a statement from Brussels.",
         "Russia called the exercise a provocation and summoned the Polish ambassador in Moscow to protest."]),
    "https://news.example/un-aid": (
        "UN appeals for aid to Sudan",
        ["The United Nations appealed on Friday for 2 billion dollars in humanitarian aid for Sudan, where "
         "fighting between the army and a paramilitary force has displaced millions of people.",
         "Kenya and Ethiopia offered to host talks between the two sides in Nairobi next month."]),
}


def html_page(title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head>"
            f"<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
            f"<article><h1>{title}</h1>{body}</article><footer>Contact us</footer></body></html>")


def write_warc(path: Path, pages: dict) -> None:
    """HTML responses, a PNG response (not a document: skipped) and an empty HTML response (an error)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)

        def response(url: str, content_type: str, payload: bytes) -> None:
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(payload),
                                                          http_headers=headers))

        for url, (title, paragraphs) in pages.items():
            response(url, "text/html", html_page(title, paragraphs).encode("utf-8"))
        response("https://news.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64))
        response("https://news.example/empty", "text/html", b"")


def write_jsonl(path: Path, pages: dict) -> None:
    """One page as HTML, one as text, and a malformed line between them."""
    (url1, (title1, paras1)), (url2, (title2, paras2)) = list(pages.items())[:2]
    lines = [json.dumps({"url": url1, "html": html_page(title1, paras1)}),
             '{"url": "https://news.example/broken", "html": "<p>unterminated',
             json.dumps({"url": url2, "title": title2, "text": "\n\n".join(paras2)})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    urls = list(PAGES)
    write_warc(root / "crawl.warc.gz", {u: PAGES[u] for u in urls[:2]})
    write_jsonl(root / "feed.jsonl", {u: PAGES[u] for u in urls[1:]})
    return root


def inputs(corpus: Path) -> list[str]:
    return [str(corpus / "*.warc.gz"), str(corpus / "*.jsonl")]


SHARD_SIZE = 3  # each fixture file holds 3 documents: one shard each


def read_table(out: Path, table: str):
    return pq.read_table([str(p) for p in sorted((out / table).glob("shard-*.parquet"))],
                         schema=SCHEMAS[table]) if list((out / table).glob("shard-*.parquet")) else None


def sorted_rows(out: Path, table: str) -> list[tuple]:
    rows = pq.ParquetDataset(str(out / table), schema=SCHEMAS[table]).read().to_pylist()
    return sorted(tuple((k, json.dumps(v)) for k, v in r.items()) for r in rows)


def file_states(out: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(out)): (p.stat().st_mtime_ns, p.stat().st_size)
            for p in out.rglob("*") if p.is_file() and "_plan" not in p.parts}


# ---- pure parts: schemas, shards (no spaCy; the way back from rows: tests/test_records.py) -----

def test_every_table_has_the_export_columns_and_typed_numbers():
    for table, columns in TABLES.items():
        assert SCHEMAS[table].names == columns
    assert SCHEMAS["events"].field("start").type == "int64"
    assert SCHEMAS["events"].field("negated").type == "bool"
    assert SCHEMAS["amounts"].field("value").type == "double"
    assert SCHEMAS["times"].field("value").type == "string"  # an ISO date, not a number
    assert SCHEMAS[ERRORS_TABLE].names == ["source", "reason"]


def test_shards_are_the_same_every_run_and_change_with_the_file(tmp_path):
    for name in ("a.html", "b.html", "c.html"):
        (tmp_path / name).write_text(html_page(name, ["Some text."]), encoding="utf-8")
    first = plan_shards([str(tmp_path / "*.html")], shard_size=2)
    again = plan_shards([str(tmp_path / "*.html")], shard_size=2)
    assert [s.id for s in first] == [s.id for s in again]
    assert [[Path(p.path).name for p in s.pieces] for s in first] == [["a.html", "b.html"], ["c.html"]]
    os.utime(tmp_path / "c.html", ns=(1, 1))  # c changed: only its shard is new
    changed = plan_shards([str(tmp_path / "*.html")], shard_size=2)
    assert changed[0].id == first[0].id and changed[1].id != first[1].id


def test_a_big_container_is_cut_into_slices_that_cover_it_once(tmp_path):
    path = tmp_path / "big.jsonl"
    path.write_text("".join(json.dumps({"url": f"https://x.example/{i}", "text": f"Text number {i}."}) + "\n"
                            for i in range(5)), encoding="utf-8")
    counts: dict = {}
    shards = plan_shards([str(path)], shard_size=2, counts=counts)
    assert [(s.pieces[0].start, s.pieces[0].stop) for s in shards] == [(0, 2), (2, 4), (4, 5)]
    assert list(counts.values()) == [5]
    urls = [item.url for s in shards for piece in s.pieces for item in read_piece(piece, s.input_format)]
    assert urls == [f"https://x.example/{i}" for i in range(5)]


def test_no_matching_input_is_an_error(tmp_path):
    with pytest.raises(BatchError, match="no file matches"):
        plan_shards([str(tmp_path / "*.warc")])


class ExplodingPipeline:
    """Stands in for Pipeline: analysing a document whose text contains BOOM raises."""
    batch_size = 4

    def analyze(self, items):
        items = list(items)
        if any("BOOM" in getattr(i, "content", "") for i in items):
            raise ValueError("extractor crashed")
        for item in items:
            if isinstance(item, Exception):
                yield Failure(item.source, str(item))
            else:
                yield Dossier(document=Document(id=document_id(item.content), body=item.content))


def test_a_document_that_crashes_the_analysis_is_an_error_and_its_chunk_goes_on():
    from geowire.model import RawDocument

    items = [RawDocument(content=f"text {i}" + (" BOOM" if i == 2 else ""), source_path="in.jsonl",
                         url=f"https://x.example/{i}") for i in range(6)]
    items.insert(1, InputError("in.jsonl:2", "malformed JSON line"))
    results = list(analyze_isolating(ExplodingPipeline(), items))
    assert len(results) == len(items)
    failures = [(r.source, r.message) for r in results if isinstance(r, Failure)]
    assert failures == [("in.jsonl:2", "in.jsonl:2: malformed JSON line"),
                        ("in.jsonl#https://x.example/2", "in.jsonl#https://x.example/2: analysis failed: extractor crashed")]
    assert [r.document.body for r in results if isinstance(r, Dossier)] == [f"text {i}" for i in range(6) if i != 2]


# ---- whole runs: the real pipeline, the local engine and a real local Ray cluster -------------

@pytest.fixture(scope="module")
def local_out(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("out-local")
    report = run_batch(inputs(corpus), out, engine="local", workers=1, shard_size=SHARD_SIZE)
    return out, report


def test_a_batch_writes_every_table_and_records_the_bad_documents(corpus, local_out):
    out, report = local_out
    assert (report.shards, report.processed, report.skipped, report.failed) == (2, 2, 0, [])
    assert report.documents == 4 and report.errors == 2
    documents = read_table(out, "documents").to_pylist()
    assert sorted(d["url"] for d in documents if d["kind"] == "article") == sorted(
        [*list(PAGES)[:2], *list(PAGES)[1:]])
    for table in TABLES:  # every shard wrote every table, empty or not, with the export columns
        files = sorted((out / table).glob("shard-*.parquet"))
        assert len(files) == 2
        assert all(pq.read_schema(f).names == TABLES[table] for f in files)
    assert read_table(out, "actors").num_rows > 0
    errors = {e["source"]: e["reason"] for e in read_table(out, ERRORS_TABLE).to_pylist()}
    assert set(errors) == {f"{corpus / 'crawl.warc.gz'}#https://news.example/empty", f"{corpus / 'feed.jsonl'}:2"}
    assert errors[f"{corpus / 'feed.jsonl'}:2"].startswith("malformed JSON line")
    assert all(reason for reason in errors.values())
    assert len(list((out / DONE_DIR).iterdir())) == 2


def test_an_interrupted_shard_is_redone_and_finished_ones_are_not(corpus, local_out, tmp_path):
    import shutil

    out = tmp_path / "out"
    shutil.copytree(local_out[0], out)
    marker = next((out / DONE_DIR).iterdir())
    marker.unlink()  # as if the run had stopped before the last write of this shard
    (out / "documents" / f"shard-{marker.name}.parquet").write_bytes(b"half a file")
    before = file_states(out)
    report = run_batch(inputs(corpus), out, engine="local", workers=1, shard_size=SHARD_SIZE)
    assert (report.processed, report.skipped) == (1, 1)
    after = file_states(out)
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed and all(marker.name in name for name in changed)
    assert sorted_rows(out, "documents") == sorted_rows(local_out[0], "documents")


def test_inputs_and_output_may_be_uris_of_a_pyarrow_filesystem(corpus, local_out, tmp_path):
    out = tmp_path / "out"
    report = run_batch([f"file://{corpus}/feed.jsonl"], f"file://{out}", engine="local", workers=1,
                       shard_size=SHARD_SIZE)
    assert (report.processed, report.documents, report.errors) == (1, 2, 1)
    errors = read_table(out, ERRORS_TABLE).to_pylist()
    assert [e["source"] for e in errors] == [f"file://{corpus}/feed.jsonl:2"]
    documents = read_table(out, "documents").to_pylist()
    assert {d["source_path"] for d in documents} == {f"file://{corpus}/feed.jsonl"}
    by_path = [d for d in read_table(local_out[0], "documents").to_pylist() if d["source_path"].endswith(".jsonl")]
    assert sorted(d["body"] for d in documents) == sorted(d["body"] for d in by_path)


@pytest.fixture(scope="module")
def ray_cluster():
    ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'geowire[ray]')")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()


@pytest.fixture(scope="module")
def ray_out(ray_cluster, corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("out-ray")
    report = run_batch(inputs(corpus), out, engine="ray", workers=2, shard_size=SHARD_SIZE)
    return out, report


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # Ray Data's own, about its settings
def test_ray_writes_the_same_tables_as_the_local_engine(local_out, ray_out):
    (local, _), (out, report) = local_out, ray_out
    assert (report.processed, report.failed, report.documents, report.errors) == (2, [], 4, 2)
    assert report.peak_rss_mb and os.getpid() not in report.peak_rss_mb  # the shards ran in Ray's actors
    for table in (*TABLES, ERRORS_TABLE):
        assert sorted_rows(out, table) == sorted_rows(local, table), table


def test_a_rerun_on_ray_skips_every_finished_shard(corpus, ray_out):
    out, _ = ray_out
    before = file_states(out)
    report = run_batch(inputs(corpus), out, engine="ray", workers=2, shard_size=SHARD_SIZE)
    assert (report.shards, report.processed, report.skipped, report.documents) == (2, 0, 2, 0)
    assert file_states(out) == before


def test_load_brings_the_batch_into_the_store_and_merges_a_second_load(ray_out, tmp_path):
    from geowire.kb.store import Store

    out, _ = ray_out
    documents = read_table(out, "documents").to_pylist()
    actor_ids = {a["actor_id"] for a in read_table(out, "actors").to_pylist()}
    with Store(tmp_path / "kb.db") as store:
        report = load_batch(out, store)
        counts = store.counts()
        assert report.shards == 2 and report.errors == 2
        # the page given in both the WARC and the JSONL (as HTML, then as text) may clean to one body or two
        assert counts["documents"] == len({d["document_id"] for d in documents})
        assert counts["actors"] == len(actor_ids) > 0
        load_batch(out, store)
        assert store.counts()["documents"] == counts["documents"]  # the same pages again: merged
        stored = store.dossier(documents[0]["document_id"])
        assert stored.document.body == documents[0]["body"]


def test_load_refuses_a_directory_that_is_not_a_batch(tmp_path):
    from geowire.kb.store import Store

    with Store(tmp_path / "kb.db") as store, pytest.raises(BatchError, match="not a geowire batch output"):
        load_batch(tmp_path / "nothing", store)


def test_the_commands_run_a_batch_and_load_it(corpus, tmp_path):
    import typer
    from typer.testing import CliRunner

    from geowire.cli.batch import batch, load

    app = typer.Typer()
    app.command()(batch)
    app.command()(load)
    runner = CliRunner()
    out, db = tmp_path / "out", tmp_path / "kb.db"
    result = runner.invoke(app, ["batch", *inputs(corpus), "--out", str(out), "--workers", "1", "--shard-size", "2"])
    assert result.exit_code == 0, result.output
    assert "4 documents, 2 errors" in result.output
    # each file's 3 documents (2 pages, 1 error) in slices of 2 and 1, packed no further than 2
    assert len(list((out / DONE_DIR).iterdir())) == 4
    result = runner.invoke(app, ["load", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "from 4 shards" in result.output
    result = runner.invoke(app, ["batch", str(tmp_path / "missing-*.warc"), "--out", str(out)])
    assert result.exit_code == 2 and "no file matches" in result.output
