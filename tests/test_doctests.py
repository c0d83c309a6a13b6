"""The `>>>` examples in geowire's docstrings run, and print what they show.

They run as a reader would run them: in a directory after `make run` (geowire.db holds the example
page, and examples/ holds the page itself), so that `Store("geowire.db")` and
`events("geowire.db", ...)` answer as the docstrings say. Every module of geowire/ whose source
holds a `>>>` is collected: a new example is tested without being listed here.
"""
from __future__ import annotations

import doctest
import importlib
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = "examples/commonspace-russia-south-ossetia-treaty.txt"


def modules_with_examples() -> list[str]:
    names = []
    for path in sorted((ROOT / "geowire").rglob("*.py")):
        if ">>>" in path.read_text(encoding="utf-8"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def examples() -> list[doctest.DocTest]:
    found = []
    for name in modules_with_examples():
        module = importlib.import_module(name)
        found += [t for t in doctest.DocTestFinder().find(module) if t.examples]
    return found


EXAMPLES = examples()


@pytest.fixture(scope="module")
def after_make_run(pipeline, tmp_path_factory) -> Path:
    """A directory as `make run` leaves it: the example page analysed into ./geowire.db."""
    from geowire.kb.store import Store
    from geowire.read import iter_raw

    workspace = tmp_path_factory.mktemp("after-make-run")
    shutil.copytree(ROOT / "examples", workspace / "examples")
    with Store(workspace / "geowire.db") as store:
        for dossier in pipeline.analyze(iter_raw([str(workspace / EXAMPLE)])):
            store.save(dossier)
    return workspace


def test_docstring_examples_are_found():
    assert {"geowire.kb.store", "geowire.kb.query"} <= set(modules_with_examples())
    assert EXAMPLES


@pytest.mark.parametrize("test", EXAMPLES, ids=lambda t: t.name)
def test_docstring_example(test, after_make_run):
    before = os.getcwd()
    os.chdir(after_make_run)
    try:
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
        output = []
        runner.run(test, out=output.append, clear_globs=True)
    finally:
        os.chdir(before)
    assert runner.failures == 0, "".join(output)
