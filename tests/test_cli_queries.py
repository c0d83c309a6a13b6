"""The query commands as a user runs them (typer's CliRunner) over a small store built from dossiers
made in tests/test_export.py: one test per finding of "The analyst's surface" (items 4 and 5)."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from geowire.cli import app
from tests.test_export import build_store

ROOT = Path(__file__).resolve().parent.parent
LISTS = {  # each list command, with a filter it takes
    "documents": ["--kind", "article"], "events": ["--country", "RUS"], "actors": ["--kind", "state"],
    "agreements": ["--actor", "russia"], "attributions": [], "quotes": ["--speaker", "osce"],
    "search": ["treaty"],
}


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("cli") / "sample.db")


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


@pytest.mark.parametrize("command", LISTS)
def test_every_list_command_has_format_limit_offset_and_prints_its_total(db, command):
    argv = [command, *LISTS[command], "--db", db]
    everything = run(*argv, "--format", "json")
    assert everything.exit_code == 0, everything.output
    rows = json.loads(everything.stdout)
    assert rows, f"{command} finds nothing in the sample store"
    total = len(rows)
    assert everything.stderr.strip() == f"geowire: {total} " + ("documents found" if command == "search" else command)
    page = run(*argv, "--format", "json", "--limit", 1, "--offset", total - 1)
    assert json.loads(page.stdout) == rows[-1:]  # the last row, by pagination
    assert (f"{total}–{total} of {total}" if total > 1 else f"geowire: {total} ") in page.stderr
    table = run(*argv, "--limit", 1)
    assert table.exit_code == 0
    assert table.stdout.splitlines()[-1].startswith(f"1–1 of {total} " if total > 1 else "1 ")
    as_csv = list(csv.DictReader(io.StringIO(run(*argv, "--format", "csv").stdout)))
    assert len(as_csv) == total and list(as_csv[0]) == list(rows[0])


def test_documents_has_format_and_limit_as_the_readme_says(db):
    listed = run("documents", "--db", db)
    assert listed.exit_code == 0 and listed.stdout.splitlines()[-1] == "3 documents"
    assert "Treaty signed" in listed.stdout
    rows = json.loads(run("documents", "--db", db, "--format", "json", "--limit", 2).stdout)
    assert [r["kind"] for r in rows] == ["article", "article"] and len(rows[0]["id"]) == 64


def test_json_is_what_the_dataframes_give_and_csv_holds_lists_as_json_text(db):
    from geowire.kb import query

    rows = json.loads(run("events", "--db", db, "--format", "json").stdout)
    assert rows == json.loads(json.dumps(query.records(query.events(db))))  # the API's conversion, without pandas
    assert all(isinstance(r["actors"], list) and isinstance(r["negated"], bool) for r in rows)
    accused = next(r for r in csv.DictReader(io.StringIO(run("events", "--db", db, "--format", "csv").stdout))
                   if r["type"] == "ACCUSE")
    assert json.loads(accused["recipients"]) == ["russia"] and accused["negated"] == "False"


@pytest.mark.parametrize("argv, reason", [
    (["events", "--since", "yesterday"], "bad since 'yesterday': give YYYY, YYYY-MM or YYYY-MM-DD"),
    (["events", "--until", "2015-02-30"], "bad until '2015-02-30': give YYYY, YYYY-MM or YYYY-MM-DD"),
    (["events", "--type", "FOO"], "unknown event type 'FOO': one of AGREE, CONSULT, SUPPORT"),
    (["actors", "--kind", "FOO"], "unknown kind 'FOO': one of state, partially-recognized-state, person"),
    (["documents", "--kind", "page"], "unknown kind 'page': one of article, teaser"),
    (["quotes", "--kind", "said"], "unknown kind 'said': one of direct, indirect"),
    (["attributions", "--kind", "kinetic"], "unknown kind 'kinetic': one of cyber, influence"),
    (["events", "--limit", "-1"], "bad limit -1"),
    (["search", "NEAR(", "--advanced"], ""),
])
def test_an_invalid_filter_exits_2_with_a_one_line_reason(db, argv, reason):
    result = run(*argv, "--db", db)
    assert result.exit_code == 2, result.output
    assert one_line(result.stderr).startswith("geowire: error: " + reason) and result.stdout == ""


def test_the_type_filter_takes_any_case_and_finds_what_it_names(db):
    rows = json.loads(run("events", "--type", "accuse", "--db", db, "--format", "json").stdout)
    assert [r["type"] for r in rows] == ["ACCUSE"]


def test_a_missing_store_is_an_error_not_a_new_empty_store(tmp_path):
    result = run("events", "--db", tmp_path / "nope.db")
    assert result.exit_code == 1 and "no such store" in one_line(result.stderr)
    assert not (tmp_path / "nope.db").exists()


def test_query_commands_import_neither_spacy_ray_pyarrow_pandas_nor_fastapi(db):
    # in a fresh interpreter: this test session has them all loaded already
    code = ("import sys\nfrom geowire.cli import app\n"
            f"for argv in {[[c, *LISTS[c], '--db', str(db), '--format', 'json'] for c in LISTS]!r}:\n"
            "    try:\n        app(argv)\n    except SystemExit as e:\n        assert not e.code, argv\n"
            "heavy = {'spacy', 'ray', 'pyarrow', 'pandas', 'fastapi', 'scipy', 'datasketch', 'networkx'}\n"
            "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}), file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "[]"


def test_the_cli_names_the_readers_formats():
    from geowire.cli.common import FILE_FORMATS, INPUT_FORMAT_HELP, INPUT_FORMATS
    from geowire.read.registry import FILE_FORMATS as READ_FILE_FORMATS
    from geowire.read.registry import help_text

    assert INPUT_FORMAT_HELP == help_text() and FILE_FORMATS == READ_FILE_FORMATS and len(INPUT_FORMATS) == 8


def test_export_says_what_plover_left_out_and_graphml_takes_all_actors(db, tmp_path):
    import networkx as nx

    plover = run("export", "--format", "plover", "--out", tmp_path, "--db", db)
    assert plover.exit_code == 0 and plover.stdout.split() == [str(tmp_path / "events.plover.jsonl")]
    assert one_line(plover.stderr) == "geowire: 6 event(s) written; left out: 1 negated, 1 with no date"
    graph = run("export", "--format", "graphml", "--out", tmp_path, "--db", db)
    assert graph.exit_code == 0 and "tass" not in nx.read_graphml(tmp_path / "actors.graphml")
    everyone = run("export", "--format", "graphml", "--all-actors", "--out", tmp_path / "all", "--db", db)
    assert everyone.exit_code == 0 and "tass" in nx.read_graphml(tmp_path / "all" / "actors.graphml")


def test_the_help_lists_the_values_the_checks_accept():
    # the help is written out (the CLI does not import the model to start); the checks use the model's
    from geowire.cli import ACTOR_KINDS
    from geowire.kb import query

    help_types = run("events", "--help").stdout
    assert all(t in help_types for t in query.EVENT_TYPES)
    assert ACTOR_KINDS.split(", ") == list(query.ACTOR_KINDS)
