"""Shared fixtures: the analysis pipeline is loaded once for the whole test session."""
from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def pipeline():
    from geowire.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def nlp():
    from geowire.nlp import load_nlp

    return load_nlp()


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def example_page(pipeline, tmp_path_factory):
    """The canonical example page, analysed once, and a scorer of its dossier against the gold file.

    Needs the evaluation data ($GEOWIRE_DATA, default ../shared): skipped without it, so that the unit
    tests pass on a user's fresh clone; CI has it. `example_page.score("events.f1=0.8", ...)` runs
    the shared scorer with those bars and returns its CompletedProcess."""
    import json
    import subprocess
    import sys

    from geowire.settings import shared_data
    from geowire.read import iter_raw

    data = shared_data()
    page, gold = data / "examples" / "000_5e5edae8dc0bfcef.txt", data / "gold" / "000_5e5edae8dc0bfcef.gold.yaml"
    scorer = data / "tools" / "score_dossier.py"
    if not (page.is_file() and gold.is_file() and scorer.is_file()):
        pytest.skip("evaluation data not found (set GEOWIRE_DATA)")
    (dossier,) = pipeline.analyze(iter_raw([str(page)]))
    pred = tmp_path_factory.mktemp("example") / "pred.json"
    pred.write_text(json.dumps(dossier.to_dict()), encoding="utf-8")

    class ExamplePage:
        def __init__(self):
            self.dossier = dossier

        @staticmethod
        def score(*bars: str) -> subprocess.CompletedProcess:
            args = [a for bar in bars for a in ("--min", bar)]
            return subprocess.run([sys.executable, str(scorer), str(gold), str(pred), *args],
                                  capture_output=True, text=True)

    return ExamplePage()
