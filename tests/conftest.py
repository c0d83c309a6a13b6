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
