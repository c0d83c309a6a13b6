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


DATA_DIR = Path(__file__).resolve().parent / "data"
# libyaml's loader when PyYAML was built with it: several times faster on the larger data files
_YAML_LOADER = None


def read_data_yaml(path: str | Path) -> dict:
    """A curated data file (a name in geowire/data, or a path), parsed safely; {} when empty."""
    import yaml

    global _YAML_LOADER
    _YAML_LOADER = _YAML_LOADER or getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(DATA_DIR / path, encoding="utf-8") as f:  # an absolute path stays as it is
        return yaml.load(f, Loader=_YAML_LOADER) or {}


def load_shared_tool(name: str, data: Path | None = None):
    """A tool of the evaluation data (data/tools/NAME.py: the scorers, the dump maker), imported
    from its file, so that every figure geowire prints is computed by the same code as CI's."""
    import importlib.util

    path = (data or shared_data()) / "tools" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
