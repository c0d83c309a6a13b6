"""Cross-document merging: what makes two records the same, and how their fields combine.

Plain functions used by the store when a dossier arrives:
- near-duplicate documents: MinHash signatures of word shingles (datasketch),
  banded for LSH so that candidates are found with an index lookup in SQLite
  (datasketch's MinHashLSH keeps its index in memory, Redis or Cassandra;
  storing the band keys in the store keeps everything in the one file);
- events: the same type, actors and recipients, dates within a window (GDELT's
  NumSources counts the documents of one such event);
- agreements and attributions: the same name or the same parties; each field
  taken from the first document that states it, with that document as source.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from typing import TYPE_CHECKING, Iterable, Optional

if TYPE_CHECKING:
    from datasketch import MinHash

NUM_PERM = 128
_WORD = re.compile(r"\w+")
# Bands tuned for a lower threshold than the one checked, so that candidates at 0.8 are almost never
# missed (P ≈ 0.99995); every candidate is then checked against its stored signature.
# datasketch (numpy, scipy: ~1 s) is imported when a document is stored, not when the store is only read.
@functools.cache
def bands() -> tuple[int, int]:
    """The number of LSH bands and rows per band: datasketch's (b, r) choice for the threshold."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=0.5, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def minhash(text: str, k: int = 5) -> MinHash:
    """MinHash of the k-word shingles of a text (casefolded)."""
    from datasketch import MinHash

    words = _WORD.findall(text.casefold())
    m = MinHash(num_perm=NUM_PERM)
    shingles = {" ".join(words[i:i + k]) for i in range(max(1, len(words) - k + 1))}
    m.update_batch([s.encode("utf-8") for s in shingles])
    return m


def band_keys(m: MinHash) -> list[bytes]:
    """One key per LSH band: documents sharing any key are near-duplicate candidates."""
    values = m.hashvalues
    BANDS, ROWS = bands()
    return [hashlib.blake2b(values[b * ROWS:(b + 1) * ROWS].tobytes(), digest_size=8).digest() for b in range(BANDS)]


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two stored signatures."""
    import numpy as np

    x, y = np.frombuffer(a, dtype=np.uint64), np.frombuffer(b, dtype=np.uint64)
    return float((x == y).mean())


def signature(m: MinHash) -> bytes:
    return m.hashvalues.astype("uint64").tobytes()


# ---- events ---------------------------------------------------------------------------

def event_key(type_: str, actors: Iterable[str], recipients: Iterable[str]) -> str:
    return f"{type_}|{','.join(sorted(set(actors)))}|{','.join(sorted(set(recipients)))}"


def _as_date(value: Optional[str]) -> Optional[dt.date]:
    try:
        return dt.date.fromisoformat(value) if value and len(value) == 10 else None
    except ValueError:
        return None


def same_time(a: Optional[str], b: Optional[str], window_days: int | None = None) -> bool:
    """Two event dates that can be one event: full dates within the window, else equal (or both unknown)."""
    from geowire.settings import settings

    da, db = _as_date(a), _as_date(b)
    if da and db:
        return abs((da - db).days) <= (settings().event_window_days if window_days is None else window_days)
    return (a or None) == (b or None)


# ---- agreements and attributions --------------------------------------------------------

def name_key(name: Optional[str]) -> Optional[str]:
    """'the Treaty on Alliance and Integration' and 'treaty on alliance and integration' are one."""
    if not name:
        return None
    words = [w for w in _WORD.findall(name.casefold()) if w not in {"the", "a", "an", "of", "on", "and"}]
    return " ".join(words) or None


def merge_fields(records: list[tuple[str, dict]], fields: Iterable[str]) -> tuple[dict, dict]:
    """Combine records (source document id, record) in order: each field from the first that has it.

    List fields are unions, in order of first appearance. Returns (values, sources), where
    sources[field] is the document a scalar came from, or {item: document} for a list."""
    values: dict = {}
    sources: dict = {}
    for doc_id, record in records:
        for f in fields:
            v = record.get(f)
            if isinstance(v, list):
                have = values.setdefault(f, [])
                for item in v:
                    if item not in have:
                        have.append(item)
                        sources.setdefault(f, {})[_item_key(item)] = doc_id
            elif v not in (None, "") and f not in values:
                values[f], sources[f] = v, doc_id
    for f, date_field in LATEST_WINS.items():
        if f in fields:
            _keep_latest(records, f, date_field, values, sources)
    return values, sources


# A field that states a stage (an agreement's status) takes its value from the latest stage, not
# the first document: a treaty signed in one report and withdrawn from in a later one is withdrawn.
LATEST_WINS = {"status": "status_date"}


def _keep_latest(records, field: str, date_field: str, values: dict, sources: dict) -> None:
    """The field (and its date) from the record with the latest date; undated stages rank before
    dated ones, and among equals the newest document (records come oldest first) wins."""
    staged = [(i, doc_id, r) for i, (doc_id, r) in enumerate(records) if r.get(field) not in (None, "")]
    if not staged:
        return
    _, doc_id, record = max(staged, key=lambda s: (str(s[2].get(date_field) or ""), s[0]))
    values[field], sources[field] = record[field], doc_id
    if record.get(date_field) not in (None, ""):
        values[date_field], sources[date_field] = record[date_field], doc_id
    else:
        values.pop(date_field, None)
        sources.pop(date_field, None)


def _item_key(item) -> str:
    return item if isinstance(item, str) else repr(item)
