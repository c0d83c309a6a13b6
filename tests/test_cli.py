"""The command line, used as a person would: analyse pages, see them stored, show them again,
and get a one-line error naming the input for anything bad, the rest of the run going on."""
from __future__ import annotations

import json
import sqlite3

import pytest
from typer.testing import CliRunner

from geowire import __version__
from geowire.cli import app

PAGE = "pages/baltic-wire.txt"
SENTENCE = "pages/one-sentence.txt"


@pytest.fixture(scope="module")
def runner(pipeline):  # the session pipeline: its models are loaded once and reused by the CLI
    return CliRunner()


def run(runner, *args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input)


def test_version_and_help_on_every_command(runner):
    assert run(runner, "--version").output.strip() == f"geowire {__version__}"
    for command in ("analyze", "show", "documents", "schema"):
        result = run(runner, command, "--help")
        assert result.exit_code == 0 and "Usage" in result.output, command


def test_analyze_a_page_dump_stores_it_and_show_prints_it_back(runner, fixtures, tmp_path):
    db = tmp_path / "kb.db"
    result = run(runner, "analyze", fixtures / PAGE, "--format", "json", "--db", db)
    assert result.exit_code == 0, result.output
    dossier = json.loads(result.stdout)
    doc = dossier["document"]
    assert doc["title"] == "Estonia and Finland agree on undersea cable protection"
    assert doc["body"].startswith("Estonia and Finland signed a memorandum")
    assert "Share this article" not in doc["body"] and "All rights reserved" not in doc["body"]
    assert doc["source_path"].endswith("baltic-wire.txt")
    ids = {a["id"] for a in dossier["actors"]}
    assert {"estonia", "finland"} <= ids
    for actor in dossier["actors"]:  # every mention points at the text
        for start, end in actor["mentions"]:
            assert doc["body"][start:end].strip()
    assert len(dossier["related"]) == 2
    assert all(r["document"]["kind"] == "teaser" for r in dossier["related"])

    shown = run(runner, "show", doc["id"][:10], "--db", db, "--format", "json")
    assert shown.exit_code == 0
    assert json.loads(shown.stdout) == dossier
    text = run(runner, "show", doc["id"][:10], "--db", db)
    assert "Estonia and Finland agree on undersea cable protection" in text.stdout and "actors (" in text.stdout


def test_analysing_the_same_page_twice_stores_it_once(runner, fixtures, tmp_path):
    db = tmp_path / "kb.db"
    for _ in range(2):
        assert run(runner, "analyze", fixtures / PAGE, "--db", db, "--format", "jsonl").exit_code == 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM documents WHERE kind = 'article'").fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM documents WHERE kind = 'teaser'").fetchone()[0] == 2


def test_plain_input_keeps_a_single_sentence_as_the_body(runner, fixtures):
    for fmt in ("plain", "auto"):
        result = run(runner, "analyze", fixtures / SENTENCE, "--input-format", fmt, "--format", "json", "--no-store")
        assert result.exit_code == 0, result.output
        doc = json.loads(result.stdout)["document"]
        assert doc["body"] == "Japan and South Korea held talks in Seoul on Tuesday about export controls."
        assert doc["removed"] == []


def test_standard_input_and_jsonl_output_for_many_inputs(runner, fixtures):
    text = (fixtures / SENTENCE).read_text(encoding="utf-8")
    result = run(runner, "analyze", "-", "--format", "json", "--no-store", input=text)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["document"]["body"].startswith("Japan and South Korea")
    many = run(runner, "analyze", fixtures / PAGE, fixtures / SENTENCE, "--format", "jsonl", "--no-store")
    lines = [json.loads(line) for line in many.stdout.splitlines()]
    assert [line["document"]["source_path"].rsplit("/", 1)[-1] for line in lines] == ["baltic-wire.txt",
                                                                                      "one-sentence.txt"]


def test_the_text_summary_counts_every_section(runner, fixtures):
    result = run(runner, "analyze", fixtures / PAGE, "--no-store")
    assert result.exit_code == 0
    for section in ("actors (", "events (", "agreements (", "attributions (", "quotes (", "amounts (", "times ("):
        assert section in result.stdout
    assert "TEASER Latvia expels Russian diplomat over espionage claims" in result.stdout


@pytest.mark.parametrize("name, content, message", [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"   \n\n  \n", "empty"),
    ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
    ("latin1.txt", "Les d\xe9l\xe9gations se sont rencontr\xe9es \xe0 Gen\xe8ve.".encode("latin-1"), "UTF-8"),
])
def test_a_bad_input_gets_one_line_naming_it_and_the_run_goes_on(runner, fixtures, tmp_path, name, content, message):
    bad = tmp_path / name
    bad.write_bytes(content)
    db = tmp_path / "kb.db"
    result = run(runner, "analyze", bad, fixtures / SENTENCE, "--db", db, "--format", "jsonl")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and errors[0].startswith("geowire: error:")
    assert name in errors[0] and message in errors[0]
    assert "Traceback" not in result.output
    assert len(result.stdout.splitlines()) == 1  # the good input was analysed
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 1


def test_missing_files_and_empty_directories_are_errors(runner, tmp_path):
    result = run(runner, "analyze", tmp_path / "nope.txt", "--no-store")
    assert result.exit_code == 1 and "nope.txt" in result.stderr and "Traceback" not in result.output
    (tmp_path / "empty-dir").mkdir()
    result = run(runner, "analyze", tmp_path / "empty-dir", "--no-store")
    assert result.exit_code == 1 and "empty-dir" in result.stderr


def test_a_directory_is_read_in_sorted_order(runner, fixtures, tmp_path):
    for name in ("b.txt", "a.txt"):
        (tmp_path / name).write_text(f"Brazil and Argentina met in {name[0]}.\n", encoding="utf-8")
    result = run(runner, "analyze", tmp_path, "--format", "jsonl", "--no-store")
    assert result.exit_code == 0
    paths = [json.loads(line)["document"]["source_path"] for line in result.stdout.splitlines()]
    assert [p.rsplit("/", 1)[-1] for p in paths] == ["a.txt", "b.txt"]


def test_a_store_that_cannot_be_opened_is_an_error_and_stays_untouched(runner, fixtures, tmp_path):
    db = tmp_path / "notes.db"
    db.write_bytes(b"my notes, not a database\n" * 50)
    result = run(runner, "analyze", fixtures / SENTENCE, "--db", db)
    assert result.exit_code == 2 and "notes.db" in result.stderr and "Traceback" not in result.output
    assert db.read_bytes() == b"my notes, not a database\n" * 50


def test_show_an_unknown_document_is_a_one_line_error(runner, tmp_path):
    result = run(runner, "show", "deadbeef", "--db", tmp_path / "kb.db")
    assert result.exit_code == 1
    assert result.stderr.strip() == f"geowire: error: no document deadbeef in {tmp_path / 'kb.db'}"


def test_missing_inputs_are_said_before_the_models_load_and_the_others_go_on(runner, fixtures, tmp_path, monkeypatch):
    import geowire.pipeline

    loaded = []
    real = geowire.pipeline.Pipeline
    monkeypatch.setattr(geowire.pipeline, "Pipeline", lambda: loaded.append(1) or real())
    result = run(runner, "analyze", tmp_path / "nope.txt", tmp_path / "gone.html", "--no-store")
    assert result.exit_code == 1 and loaded == []  # nothing left to analyse: no model loaded
    assert [line.rsplit(": ", 1)[-1] for line in result.stderr.splitlines()] == ["no such file or directory"] * 2
    result = run(runner, "analyze", tmp_path / "nope.txt", fixtures / SENTENCE, "--no-store", "--format", "jsonl")
    assert result.exit_code == 1 and len(result.stdout.splitlines()) == 1 and "nope.txt" in result.stderr


def test_a_run_of_several_pages_ends_with_a_one_line_summary(runner, fixtures, tmp_path):
    result = run(runner, "analyze", fixtures / PAGE, fixtures / SENTENCE, tmp_path / "nope.txt", "--db", tmp_path / "kb.db")
    summary = result.stderr.strip().splitlines()[-1]
    assert result.exit_code == 1
    assert summary.startswith("2 document(s) analysed with ") and " teaser(s), 1 failed, " in summary
    assert summary.endswith(f" s, stored in {tmp_path / 'kb.db'}")


def test_the_progress_total_is_known_for_files_and_unknown_for_containers(fixtures, tmp_path):
    from geowire.cli import known_total

    (tmp_path / "pages").mkdir()
    for name in ("a.txt", "b.html", ".hidden.txt"):
        (tmp_path / "pages" / name).write_text("x")
    assert known_total([str(tmp_path / "pages"), str(fixtures / PAGE)], "auto") == 3
    (tmp_path / "pages" / "c.jsonl").write_text("{}")
    assert known_total([str(tmp_path / "pages")], "auto") is None  # a container: its count is unknown
    assert known_total(["-"], "plain") is None and known_total([str(fixtures / PAGE)], "warc") is None
