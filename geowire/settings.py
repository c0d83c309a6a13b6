"""geowire's settings: where it finds what lives outside the package, and its operational limits.

Every limit is a field of `Settings`, overridable by an environment variable named after it
(`GEOWIRE_MAX_DOCUMENT_BYTES=1000000`), and, for a run, by `configure(...)` (the CLI's options
call it). Code reads `settings().field` when it needs the value, never a copy made at import
time, so an override applies everywhere at once. (trafilatura keeps its knobs the same way, in
one `settings.py`; pydantic-settings was checked and not taken: a dataclass and os.environ do
what it would, without another dependency.)
"""
from __future__ import annotations

import dataclasses
import os
from contextlib import contextmanager
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Iterator

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(__file__).resolve().parent / "data"
ENV_PREFIX = "GEOWIRE_"


@dataclass(frozen=True)
class Settings:
    """The operational limits, each with what it bounds. README.md lists them too (a test checks)."""

    # reading inputs
    max_document_bytes: int = 50 * 1024 * 1024
    """Largest document read, in bytes: a file, a WARC record, a JSONL line, a download, and what any of them inflates to."""
    fetch_timeout_s: float = 20.0
    """Seconds a URL fetch may wait for the server to send anything."""
    fetch_connect_timeout_s: float = 10.0
    """Seconds a URL fetch may take to connect."""
    fetch_deadline_s: float = 120.0
    """Seconds a whole download may take (a server dripping bytes never hits the read timeout)."""
    fetch_max_redirects: int = 5
    """Redirects a URL fetch follows."""
    user_agent: str = "geowire/0.1"
    """The User-Agent header of URL fetches."""

    # analysis
    max_body_chars: int = 1_000_000
    """Longest article analysed, in characters after cleaning (spaCy's own nlp.max_length)."""
    max_tokens: int = 50_000
    """Most words and punctuation marks analysed in one body: spaCy's time and memory grow with them
    (~0.3-0.4 ms and ~13-16 KB each here, so 50,000 take ~20 s and ~0.8 GB); the longest news
    articles have fewer than 20,000."""
    max_word_chars: int = 1000
    """Longest run without a space kept in a body (longer runs are base64 images or minified code)."""
    nlp_batch_size: int = 32
    """Documents per spaCy `nlp.pipe` batch (measured with benchmarks/bench_speed.py: 32 is as fast as any
    other size on this model, tok2vec gets slower at 256, and keeps memory low)."""

    # the knowledge base
    near_duplicate_threshold: float = 0.8
    """Estimated Jaccard similarity of 5-word shingles above which two pages are linked as near-duplicates."""
    event_window_days: int = 2
    """Days apart two reports of the same event (type, actors, recipients) may be dated and still merge."""

    # batch runs
    shard_size: int = 200
    """Documents per batch shard: the grain of resuming and of progress (`geowire batch --shard-size`)."""

    # the HTTP API
    max_analyze_bytes: int = 5 * 1024 * 1024
    """Largest page `POST /v1/analyze` accepts, in bytes."""
    api_connections: int = 4
    """Read connections to the store the API keeps open at most (requests beyond wait for one)."""
    api_query_seconds: float = 10.0
    """Seconds one API query (a search, a list) may run before it is stopped (503)."""
    api_analyze_seconds: float = 120.0
    """Seconds `POST /v1/analyze` waits for its analysis before answering 503."""
    api_analyses: int = 1
    """Analyses `POST /v1/analyze` runs at once; more are refused with 503 and Retry-After."""

    @classmethod
    def from_env(cls, environ: dict | None = None) -> "Settings":
        """The defaults, overridden by GEOWIRE_<FIELD> variables of the environment."""
        environ = os.environ if environ is None else environ
        changes = {}
        for f in fields(cls):
            raw = environ.get(ENV_PREFIX + f.name.upper())
            if raw is not None and raw.strip():
                changes[f.name] = _parse(f, raw.strip())
        return cls(**changes)


def _parse(f: dataclasses.Field, raw: str):
    kind = f.type if isinstance(f.type, type) else {"int": int, "float": float, "str": str}[f.type]
    try:
        value = kind(raw.replace("_", "")) if kind in (int, float) else raw
    except ValueError:
        raise ValueError(f"{ENV_PREFIX}{f.name.upper()}={raw!r}: not a valid {kind.__name__}") from None
    if kind in (int, float) and value <= 0:
        raise ValueError(f"{ENV_PREFIX}{f.name.upper()}={raw!r}: must be positive")
    return value


_current: Settings | None = None


def settings() -> Settings:
    """The settings in force: the environment's, or those last given to `configure`."""
    global _current
    if _current is None:
        _current = Settings.from_env()
    return _current


def configure(**changes) -> Settings:
    """Override some settings for the rest of the process (e.g. from a CLI option)."""
    global _current
    _current = dataclasses.replace(settings(), **changes)
    return _current


@contextmanager
def overridden(**changes) -> Iterator[Settings]:
    """Settings overridden inside a `with` block, restored after it (for tests and one-off runs)."""
    global _current
    before = settings()
    _current = dataclasses.replace(before, **changes)
    try:
        yield _current
    finally:
        _current = before


def shared_data() -> Path:
    """The evaluation data (examples, gold files, benchmarks): $GEOWIRE_DATA, else ../shared.

    It is there for developers and CI, not for users: unit tests never need it."""
    return Path(os.environ.get("GEOWIRE_DATA") or PROJECT_ROOT.parent / "shared")


def default_db() -> Path:
    """The embedded store used when --db is not given: $GEOWIRE_DB, else ./geowire.db."""
    return Path(os.environ.get("GEOWIRE_DB") or "geowire.db")


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
