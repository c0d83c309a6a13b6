"""Where geowire finds what lives outside the package."""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def shared_data() -> Path:
    """The evaluation data (examples, gold files, benchmarks): $GEOWIRE_DATA, else ../shared.

    It is there for developers and CI, not for users: unit tests never need it."""
    return Path(os.environ.get("GEOWIRE_DATA") or PROJECT_ROOT.parent / "shared")


def default_db() -> Path:
    """The embedded store used when --db is not given: $GEOWIRE_DB, else ./geowire.db."""
    return Path(os.environ.get("GEOWIRE_DB") or "geowire.db")
