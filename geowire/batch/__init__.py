"""Batch runs: the pipeline mapped over shards of a corpus, on one machine or on a Ray cluster.

    geowire batch 'crawl/*.warc.gz' --out out/ --engine ray --workers 8
    geowire load out/ --db corpus.db

A shard is a run of whole input files, or a fixed-size slice of a big container
(WARC, JSON Lines, feed); its id is a hash of the paths, sizes, modification
times and slices it covers, so the same inputs give the same shards on every
run. Each worker loads the models once and turns a shard into Parquet
partitions, one table per kind of record with the columns of `geowire.output.tables`
(those of `geowire export`):

    OUT/<table>/shard-<id>.parquet      documents, actors, events, ... (schema fixed per table)
    OUT/errors/shard-<id>.parquet       source, reason: the documents that gave no dossier
    OUT/_done/<id>                      written last (rename), so an interrupted shard is redone

A file that cannot be read as planned (it vanished, changed, an I/O error) fails its
shard, which stays unmarked and is retried by the next run; a bad document inside a
readable file is a row of errors. A finished shard that a new plan replaces (its file was
touched or rewritten, or is cut anew) is removed before the new one runs, so that each
document is in the output once (the other files it held are planned again with it).

Both engines (`geowire.batch.engines`) call the same `run_shard`, so their tables are
identical. The scheduling is Ray Data's (an actor pool) or the standard library's process
pool: nothing here schedules work itself.
"""
from __future__ import annotations

import errno
import glob
import hashlib
import json
import os
import re
import sys
import time
from dataclasses import asdict, dataclass, field
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from geowire.model import RawDocument
from geowire.read import directory_files
from geowire.read.registry import FILE_FORMATS, READERS, is_container_name
# The tables, their schemas and the way back from rows to dossiers are derived from the data model
# in geowire.output (records.py, tables.py); they are imported here under their old names.
from geowire.output.tables import SCHEMAS as TABLE_SCHEMAS
from geowire.output.tables import (TABLE_MODELS, TABLES, add_rows, dossiers_from_rows,  # noqa: F401
                                   empty_rows, read_shard_rows)
from geowire.output.tables import record as _record  # noqa: F401

ERRORS_TABLE = "errors"
DONE_DIR = "_done"
COUNTS_FILE = "_plan/counts.json"  # documents per container file, so a rerun does not read them again
SUPERSEDED_DIR = "_plan/superseded"  # done markers of shards being removed, until their tables are gone

# Input formats whose files hold many documents (counted, and sliced when big); other files hold one.
CONTAINER_FORMATS = {name for name, r in READERS.items() if r.container}
# `geowire batch` reads files only: "urls" would fetch the web twice (to plan, then to analyse).
BATCH_FORMATS = FILE_FORMATS


class BatchError(Exception):
    """A batch cannot start (no input, an output that cannot be written, no Ray); str() is one line."""


# ---- table schemas ----------------------------------------------------------------------

# The record tables' schemas come from the data model (geowire.output.tables); the errors table is the batch's.
SCHEMAS: dict[str, pa.Schema] = dict(TABLE_SCHEMAS)
SCHEMAS[ERRORS_TABLE] = pa.schema([("source", pa.string()), ("reason", pa.string())])


# ---- shards -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Piece:
    """A file, or the slice [start, stop) of the documents the reader yields from it (stop None: to the end)."""
    path: str
    size: int
    mtime_ns: int
    start: int = 0
    stop: Optional[int] = None


@dataclass(frozen=True)
class Shard:
    """The unit of work, of resuming and of output: pieces read with one input format."""
    pieces: tuple[Piece, ...]
    input_format: str = "auto"
    documents: int = 0  # as planned (a file of one document counts one), for progress

    @property
    def id(self) -> str:
        key = json.dumps([self.input_format, [asdict(p) for p in self.pieces]], separators=(",", ":"))
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]

    def to_json(self) -> str:
        return json.dumps({"input_format": self.input_format, "documents": self.documents,
                           "pieces": [asdict(p) for p in self.pieces]})

    @classmethod
    def from_json(cls, text: str) -> "Shard":
        data = json.loads(text)
        return cls(tuple(Piece(**p) for p in data["pieces"]), data["input_format"], data["documents"])


def _is_uri(path: str) -> bool:
    return "://" in path


def filesystem(path: str) -> tuple[pafs.FileSystem, str]:
    """The pyarrow filesystem of a local path or a URI (s3://, gs://, hdfs://, file://), and the path in it."""
    if _is_uri(path):
        try:
            return pafs.FileSystem.from_uri(path)
        except (pa.ArrowInvalid, OSError) as err:
            raise BatchError(f"{path}: {err}") from None
    return pafs.LocalFileSystem(), os.path.abspath(os.path.expanduser(path))


def expand_inputs(patterns: Iterable[str], problems: Optional[list[str]] = None) -> list[tuple[str, int, int]]:
    """Input files, sorted and unique, as (uri-or-absolute-path, size, mtime_ns) triples.

    A pattern is a file, a directory (every file under it) or a glob (`**` crosses directories);
    a URI goes through its pyarrow filesystem. Hidden files are skipped; what a directory holds
    that is not a regular file (a FIFO, a socket, a dangling link, a link loop) is left out with
    a line in `problems`, as `geowire analyze` reports it."""
    found: dict[str, tuple[str, int, int]] = {}
    for pattern in patterns:
        matches = _expand_uri(pattern) if _is_uri(pattern) else _expand_local(pattern, problems)
        if not matches:
            raise BatchError(f"{pattern}: no such file, or no file matches")
        found.update((m[0], m) for m in matches)
    return [found[k] for k in sorted(found)]


def _expand_local(pattern: str, problems: Optional[list[str]] = None) -> list[tuple[str, int, int]]:
    pattern = os.path.expanduser(pattern)
    paths = sorted(glob.glob(pattern, recursive=True)) if glob.has_magic(pattern) else [pattern]
    files = []
    for path in paths:
        if os.path.isdir(path):  # as `geowire analyze` reads a directory: sorted, hidden files skipped
            listed, errors = directory_files(Path(path))
            files.extend(str(f) for f in listed)
            if problems is not None:
                problems.extend(f"{e}: left out" for e in errors)
        elif os.path.isfile(path):
            files.append(path)
    out = []
    for path in files:
        st = os.stat(path)
        out.append((os.path.abspath(path), st.st_size, st.st_mtime_ns))
    return out


def _expand_uri(pattern: str) -> list[tuple[str, int, int]]:
    import fnmatch

    scheme = pattern.split("://", 1)[0]
    fs, path = filesystem(pattern)
    if glob.has_magic(path):
        base = path[:min(path.find(c) for c in "*?[" if c in path)].rsplit("/", 1)[0]
        infos = [i for i in fs.get_file_info(pafs.FileSelector(base, recursive=True, allow_not_found=True))
                 if i.type == pafs.FileType.File and fnmatch.fnmatch(i.path, path)]
    else:
        info = fs.get_file_info(path)
        if info.type == pafs.FileType.Directory:
            infos = [i for i in fs.get_file_info(pafs.FileSelector(path, recursive=True))
                     if i.type == pafs.FileType.File]
        else:
            infos = [info] if info.type == pafs.FileType.File else []
    return [(f"{scheme}://{i.path}", i.size, i.mtime_ns or 0) for i in infos
            if not i.base_name.startswith(".")]


def is_container(path: str, input_format: str) -> bool:
    """Whether a file holds many documents: by the format asked for, else by its name (only the
    plan depends on it: a container is counted, and cut when big; the reader still decides how
    to read every file)."""
    if input_format != "auto":
        return input_format in CONTAINER_FORMATS
    return is_container_name(path)


def plan_shards(patterns: Iterable[str], input_format: str = "auto", shard_size: int | None = None,
                counts: Optional[dict[str, int]] = None, problems: Optional[list[str]] = None) -> list[Shard]:
    """The shards of some inputs: big containers cut into slices of `shard_size` documents, the
    rest packed in order into shards of at most `shard_size` documents.

    Containers are counted once through the reader (`counts` caches it across runs, keyed by
    path, size and modification time). The same inputs always give the same shards; a file
    added among the inputs changes only the shards that follow it in sorted order."""
    from geowire.settings import settings

    shard_size = settings().shard_size if shard_size is None else shard_size
    if shard_size < 1:
        raise BatchError(f"shard size must be at least 1, not {shard_size}")
    if input_format not in BATCH_FORMATS:
        raise BatchError(f"unknown input format {input_format!r}: choose one of {', '.join(BATCH_FORMATS)}")
    counts = {} if counts is None else counts
    pieces: list[tuple[Piece, int]] = []  # with the documents each holds
    for path, size, mtime_ns in expand_inputs(patterns, problems):
        whole = Piece(path, size, mtime_ns)
        if not is_container(path, input_format):
            pieces.append((whole, 1))
            continue
        key = f"{path}|{size}|{mtime_ns}"
        if key not in counts:
            try:
                counts[key] = sum(1 for _ in _guarded(read_piece(whole, input_format), whole))
            except OSError:  # a failed read: no count to keep; the shard's own read fails, and is retried
                pieces.append((whole, 1))
                continue
        n = counts[key]
        if n <= shard_size:
            pieces.append((whole, n))
        else:
            pieces.extend((Piece(path, size, mtime_ns, start, min(start + shard_size, n)), min(shard_size, n - start))
                          for start in range(0, n, shard_size))
    shards: list[Shard] = []
    current: list[Piece] = []
    current_docs = 0
    for piece, n in pieces:
        if current and current_docs + n > shard_size:
            shards.append(Shard(tuple(current), input_format, current_docs))
            current, current_docs = [], 0
        current.append(piece)
        current_docs += n
    if current:
        shards.append(Shard(tuple(current), input_format, current_docs))
    return shards


# ---- reading and analysing one shard ------------------------------------------------------

def read_piece(piece: Piece, input_format: str = "auto") -> Iterator:
    """The raw documents (or input errors) of a piece, as `geowire.read.iter_raw` yields them."""
    from geowire.read import iter_raw

    items = _read_uri(piece.path, input_format) if _is_uri(piece.path) else iter_raw([piece.path], input_format)
    return islice(items, piece.start, piece.stop)


def _read_uri(uri: str, input_format: str) -> Iterator:
    """A file of another filesystem: copied to a local temporary file (a WARC may be far larger than
    memory; the reader's stdin path holds one document), read there, and named by its URI."""
    import shutil
    import tempfile

    from geowire.read import InputError, iter_raw

    fs, path = filesystem(uri)
    suffix = "".join(Path(path).suffixes[-2:])  # the reader goes by file name endings (.warc.gz)
    with tempfile.TemporaryDirectory(prefix="geowire-") as tmp:
        local = os.path.join(tmp, f"input{suffix}")
        with fs.open_input_stream(path, compression=None) as src, open(local, "wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
        for item in iter_raw([local], input_format):
            if isinstance(item, RawDocument):
                item.source_path = uri
            elif isinstance(item, InputError):
                item = InputError(uri + item.source[len(local):], item.reason)
            yield item


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    items = iter(items)
    while chunk := list(islice(items, size)):
        yield chunk


def analyze_isolating(pipeline, items: Iterable) -> Iterator:
    """`Pipeline.analyze`, but a document that makes the analysis raise becomes a `Failure`.

    Chunks go through `analyze` whole (spaCy batches them); a chunk that raises is redone one
    document at a time to find the culprit, so one bad page costs its chunk twice, not the run."""
    from geowire.pipeline import Failure, one_line

    for chunk in _chunks(items, pipeline.batch_size):
        try:
            results = list(pipeline.analyze(chunk))
        except Exception:  # noqa: BLE001 — isolate the bad document below
            results = []
            for item in chunk:
                try:
                    results.extend(pipeline.analyze([item]))
                except Exception as err:  # noqa: BLE001 — a bad document is recorded, the run goes on
                    results.append(Failure(_source_of(item), f"analysis failed: {one_line(err)}"))
        # `analyze` yields one result per input, in order: name each failure by its own record
        for item, result in zip(chunk, results, strict=True):
            if isinstance(result, Failure) and isinstance(item, RawDocument):
                source = _source_of(item)
                result = Failure(source, f"{source}: {_reason(result.source, result.message)}")
            yield result


def _source_of(item) -> str:
    """Where a document came from; a record of a container (WARC, JSONL, feed) also by its URL."""
    if isinstance(item, RawDocument):
        if item.source_path and item.url:
            return f"{item.source_path}#{item.url}"
        return item.source_path or item.url or "<input>"
    return getattr(item, "source", "") or "<input>"


def _reason(source: str, message: str) -> str:
    """A failure's message without the source it starts with (the errors table has both)."""
    return message[len(source) + 2:] if source and message.startswith(f"{source}: ") else message


def analyze_shard(shard: Shard, pipeline) -> tuple[dict[str, pa.Table], int]:
    """The tables of one shard (one per kind of record, plus errors) and how many pages gave a dossier.

    A bad document (a malformed record, a truncated or corrupt container) is a row of errors.
    A failed read of a file (it vanished or changed since the plan, cannot be opened, an I/O
    error, a lost mount, a network failure) raises `UnreadableInput`, so that the shard is not
    marked done and a rerun tries it again."""
    from geowire.pipeline import Failure

    rows = empty_rows()
    errors: list[dict] = []
    analysed = 0
    for piece in shard.pieces:
        check_piece(piece)  # before reading: a vanished file must not become an error row
        items = _guarded(read_piece(piece, shard.input_format), piece)
        for result in analyze_isolating(pipeline, items):
            if isinstance(result, Failure):
                errors.append({"source": result.source, "reason": _reason(result.source, result.message)})
                continue
            analysed += 1
            add_rows(rows, result)
    tables = {t: pa.Table.from_pylist(r, schema=SCHEMAS[t]) for t, r in rows.items()}
    tables[ERRORS_TABLE] = pa.Table.from_pylist(errors, schema=SCHEMAS[ERRORS_TABLE])
    return tables, analysed


def _guarded(items: Iterator, piece: Piece) -> Iterator:
    """The items of a piece; should the reader raise (it reports bad input as `InputError` items,
    but a bug must not cost the shard), the rest of the piece becomes one input error.

    An input error that is in fact a failed read of the file raises `UnreadableInput`, and so
    does a file that changed while it was read (checked again at its end)."""
    from geowire.pipeline import one_line
    from geowire.read import InputError

    count = piece.start
    try:
        for item in items:
            count += 1
            if isinstance(item, InputError):
                _raise_if_read_failure(item, piece)
            yield item
    except OSError:  # the file went away or the network failed: let the shard be redone
        raise
    except Exception as err:  # noqa: BLE001 — keep what was read, record the rest as unreadable
        yield InputError(piece.path, f"unreadable after document {count}: {one_line(err)}")
    if not _is_uri(piece.path):  # a URI was read from a local copy: its changes no longer matter
        check_piece(piece)


class UnreadableInput(OSError):
    """A file of a shard could not be read as planned (vanished, changed, unreadable, an I/O error):
    the shard is left unmarked, reported, and retried by the next run. str() is one line."""


# The reader turns an OSError into an `InputError` whose reason is the error's text ("Input/output
# error", "no such file or directory", "... ([Errno 5] Input/output error)"): known by that text.
_OS_ERROR_TEXTS = frozenset(os.strerror(code).lower() for code in errno.errorcode)
_ERRNO_RE = re.compile(r"\[Errno \d+\]")


def _raise_if_read_failure(item, piece: Piece) -> None:
    """Raise `UnreadableInput` if an input error the reader yielded for `piece` is a failed read of
    its file rather than a bad document in it; for a bad document, do nothing."""
    if getattr(item, "io_error", False):  # should the reader ever mark its I/O failures itself
        raise UnreadableInput(str(item))
    if item.source != piece.path:  # "feed.jsonl:17", "crawl.warc.gz#https://...": a record of a readable file
        return
    if item.reason.lower() in _OS_ERROR_TEXTS or _ERRNO_RE.search(item.reason):
        raise UnreadableInput(str(item))
    if not _is_uri(piece.path):  # "empty file", "not a WARC file": bad only if the file is still the planned one
        check_piece(piece)


def check_piece(piece: Piece) -> None:
    """Raise `UnreadableInput` unless the file of `piece` is still there, unchanged since it was
    planned (same size and modification time, which its shard id hashes), and can be opened."""
    if _is_uri(piece.path):
        try:
            fs, path = filesystem(piece.path)
            info = fs.get_file_info(path)
        except (OSError, BatchError) as err:
            raise UnreadableInput(f"{piece.path}: {err}") from None
        if info.type != pafs.FileType.File:
            raise UnreadableInput(f"{piece.path}: vanished since the run was planned")
        size, mtime_ns = info.size, info.mtime_ns or 0
    else:
        try:
            st = os.stat(piece.path)
            # opened as the reader opens it (a FIFO without a writer must not block here)
            os.close(os.open(piece.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)))
        except OSError as err:
            reason = (err.strerror or str(err)).lower()
            gone = isinstance(err, FileNotFoundError)
            raise UnreadableInput(f"{piece.path}: {'vanished since the run was planned' if gone else reason}") \
                from None
        size, mtime_ns = st.st_size, st.st_mtime_ns
    if (size, mtime_ns) != (piece.size, piece.mtime_ns):
        raise UnreadableInput(f"{piece.path}: changed since the run was planned (the next run reads it anew)")


# ---- writing ----------------------------------------------------------------------------

class Output:
    """The output directory of a batch, local or on any pyarrow filesystem."""

    def __init__(self, out: str | Path):
        self.fs, self.root = filesystem(str(out))
        self.uri = str(out) if _is_uri(str(out)) else self.root  # absolute: workers may run elsewhere

    def path(self, *parts: str) -> str:
        return "/".join((self.root.rstrip("/"), *parts))

    def table_path(self, table: str, shard_id: str) -> str:
        return self.path(table, f"shard-{shard_id}.parquet")

    def done_path(self, shard_id: str) -> str:
        return self.path(DONE_DIR, shard_id)

    def prepare(self) -> None:
        try:
            for name in (*TABLES, ERRORS_TABLE, DONE_DIR, "_plan"):
                self.fs.create_dir(self.path(name), recursive=True)
        except OSError as err:
            raise BatchError(f"{self.uri}: cannot write the output: {err}") from None

    def done_ids(self) -> set[str]:
        selector = pafs.FileSelector(self.path(DONE_DIR), allow_not_found=True)
        return {i.base_name for i in self.fs.get_file_info(selector)
                if i.type == pafs.FileType.File and not i.base_name.startswith(".")}

    def write_atomic(self, path: str, write: Callable[[str], None]) -> None:
        """Write through a hidden temporary name, then rename: readers never see half a file."""
        head, _, name = path.rpartition("/")
        tmp = f"{head}/.{name}.{os.getpid()}.tmp"
        write(tmp)
        self.fs.move(tmp, path)

    def write_shard(self, shard_id: str, tables: dict[str, pa.Table], record: dict) -> None:
        """The shard's tables, then its done marker last."""
        for table, data in tables.items():
            self.write_atomic(self.table_path(table, shard_id),
                              lambda tmp, data=data: pq.write_table(data, tmp, filesystem=self.fs))
        payload = json.dumps(record, indent=1).encode("utf-8")
        self.write_atomic(self.done_path(shard_id), lambda tmp: self._write_bytes(tmp, payload))

    def _write_bytes(self, path: str, payload: bytes) -> None:
        with self.fs.open_output_stream(path) as f:
            f.write(payload)

    def read_counts(self) -> dict[str, int]:
        try:
            with self.fs.open_input_stream(self.path(COUNTS_FILE)) as f:
                return json.loads(f.read().decode("utf-8"))
        except (OSError, ValueError):
            return {}

    def write_counts(self, counts: dict[str, int]) -> None:
        payload = json.dumps(counts, indent=0).encode("utf-8")
        self.write_atomic(self.path(COUNTS_FILE), lambda tmp: self._write_bytes(tmp, payload))

    def done_record(self, shard_id: str) -> Optional[dict]:
        """What a finished shard's done marker says (its pieces, counts), or None if unreadable."""
        try:
            with self.fs.open_input_stream(self.done_path(shard_id)) as f:
                return json.loads(f.read().decode("utf-8"))
        except (OSError, ValueError):
            return None

    def remove_shard(self, shard_id: str) -> None:
        """Take a finished shard out of the output. Its done marker goes first (moved to a
        tombstone), so that `load` and a rerun stop counting it at once; its table files
        follow, then the tombstone. A run cut off half-way is finished by `finish_removals`."""
        self.fs.create_dir(self.path(SUPERSEDED_DIR), recursive=True)
        tombstone = self.path(SUPERSEDED_DIR, shard_id)
        self.fs.move(self.done_path(shard_id), tombstone)
        self._delete_tables(shard_id)
        self.fs.delete_file(tombstone)

    def finish_removals(self) -> None:
        """Delete the table files of shards whose removal an earlier run began but did not end."""
        selector = pafs.FileSelector(self.path(SUPERSEDED_DIR), allow_not_found=True)
        for info in self.fs.get_file_info(selector):
            if info.type == pafs.FileType.File and not info.base_name.startswith("."):
                self._delete_tables(info.base_name)
                self.fs.delete_file(info.path)

    def _delete_tables(self, shard_id: str) -> None:
        for table in (*TABLES, ERRORS_TABLE):
            try:
                self.fs.delete_file(self.table_path(table, shard_id))
            except FileNotFoundError:  # never written, or deleted by the run that began the removal
                pass


# ---- one shard, in any worker -----------------------------------------------------------

@dataclass
class ShardStats:
    """What a worker reports for one shard."""
    shard_id: str
    documents: int = 0  # pages analysed into a dossier
    errors: int = 0  # rows of the errors table
    seconds: float = 0.0
    pid: int = 0
    peak_rss_mb: float = 0.0  # of the worker process, so far
    failure: Optional[str] = None  # the shard could not be finished: it is not marked done


def peak_rss_mb() -> float:
    """Peak resident memory of this process (Linux reports kilobytes, macOS bytes; Windows: unknown, 0)."""
    try:
        import resource
    except ImportError:
        return 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)


def run_shard(shard: Shard, pipeline, out: Output) -> ShardStats:
    """Analyse one shard and write its tables and done marker; never raises.

    The one function both engines call, so that their outputs are identical."""
    from geowire.pipeline import one_line

    started = time.perf_counter()
    stats = ShardStats(shard.id, pid=os.getpid())
    try:
        tables, stats.documents = analyze_shard(shard, pipeline)
        stats.errors = tables[ERRORS_TABLE].num_rows
        stats.seconds = round(time.perf_counter() - started, 3)
        out.write_shard(shard.id, tables, {
            "shard": shard.id, "documents": stats.documents, "errors": stats.errors,
            "rows": {t: tables[t].num_rows for t in TABLES}, "seconds": stats.seconds,
            "input_format": shard.input_format, "pieces": [asdict(p) for p in shard.pieces]})
    except Exception as err:  # noqa: BLE001 — reported by the driver; the shard is redone next run
        where = shard.pieces[0].path + (f" (+{len(shard.pieces) - 1} files)" if len(shard.pieces) > 1 else "")
        stats.failure = f"shard {shard.id} ({where}): {one_line(err)}"
    stats.seconds = round(time.perf_counter() - started, 3)
    stats.peak_rss_mb = round(peak_rss_mb(), 1)
    return stats


# ---- a whole batch ----------------------------------------------------------------------

@dataclass
class BatchReport:
    shards: int = 0  # planned
    skipped: int = 0  # already done by an earlier run
    processed: int = 0  # done by this run
    failed: list[str] = field(default_factory=list)  # one line per shard not finished
    documents: int = 0
    errors: int = 0
    seconds: float = 0.0
    peak_rss_mb: dict[int, float] = field(default_factory=dict)  # worker pid → peak resident memory
    superseded: int = 0  # finished shards removed: their inputs changed, or are cut into shards anew
    notes: list[str] = field(default_factory=list)  # warnings for the user, one line each

    @property
    def docs_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0


ENGINES = ("local", "ray")


def _path_key(path: str) -> str:
    """A path as the plan names it; `file:///x` and `/x` are the same file."""
    return path[len("file://"):] if path.startswith("file://") else path


def _exists(path: str) -> bool:
    if not _is_uri(path):
        return os.path.isfile(path)
    try:
        fs, inner = filesystem(path)
        return fs.get_file_info(inner).type == pafs.FileType.File
    except (OSError, BatchError):
        return False


def plan_replacing(inputs: Iterable[str], input_format: str, shard_size: int | None, counts: dict[str, int],
                   output: Output, done: set[str], report: BatchReport) -> tuple[list[Shard], list[str]]:
    """The shards of `inputs`, and the finished shards of `output` (among `done`) that they replace.

    A finished shard that is not in the plan but covers a file the plan covers holds rows of an
    older version of that file (it was touched or rewritten: its shard id hashes the size and
    modification time) or of another cut of it (another --shard-size or --input-format). Its
    rows would be read along with the new ones, so it is to be removed before the new shards
    run: each document is in the output once. The other files it held (packed with the changed
    one, but not among these inputs) are planned too, so that removing it loses none of their
    rows; a note says so. Finished shards of files that are not among these inputs (an output
    shared by several input sets) are left alone."""
    inputs = list(inputs)
    extra: list[str] = []  # files of replaced shards, not among the inputs
    covered: dict[str, list[str]] = {}  # shard id → the paths its done marker names, read once
    problems: list[str] = []  # what the inputs' directories hold that is not a file to read

    def paths_of(shard_id: str) -> list[str]:
        if shard_id not in covered:
            record = output.done_record(shard_id) or {}
            covered[shard_id] = [p["path"] for p in record.get("pieces", []) if isinstance(p, dict) and "path" in p]
        return covered[shard_id]

    while True:
        shards = plan_shards([*inputs, *(glob.escape(p) for p in extra)], input_format, shard_size, counts,
                             problems if not extra else None)
        planned = {s.id for s in shards}
        paths = {_path_key(p.path) for s in shards for p in s.pieces}
        replaced = [i for i in sorted(done - planned) if {_path_key(p) for p in paths_of(i)} & paths]
        more = sorted({p for i in replaced for p in paths_of(i) if _path_key(p) not in paths and _exists(p)})
        if not more:
            break
        extra.extend(more)
    report.notes.extend(problems)
    # said only of the files read again now (a rerun of the same command finds their shards done)
    todo_paths = {_path_key(p.path) for s in shards if s.id not in done for p in s.pieces}
    if again := [p for p in extra if _path_key(p) in todo_paths]:
        more_of = ", ..." if len(again) > 1 else ""
        report.notes.append(f"{len(again)} file(s) not among these inputs analysed again ({again[0]}{more_of}): "
                            "they shared a finished shard with a changed input, which is replaced")
    return shards, replaced


def run_batch(inputs: Iterable[str], out: str | Path, engine: str = "local", workers: Optional[int] = None,
              address: Optional[str] = None, input_format: str = "auto", shard_size: int | None = None,
              on_plan: Callable[[list[Shard]], None] | None = None,
              on_shard: Callable[[ShardStats], None] | None = None) -> BatchReport:
    """Plan the shards of `inputs`, skip those done in `out`, run the others on `engine`.

    Finished shards that the plan replaces (their files changed, or are cut anew) are removed
    first (`plan_replacing`). A shard that could not be finished is in `report.failed` and left
    unmarked, for the next run. `on_plan` receives the shards still to do, `on_shard` each
    shard's stats as it finishes."""
    if engine not in ENGINES:
        raise BatchError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")
    started = time.perf_counter()
    output = Output(out)
    output.prepare()
    counts = output.read_counts()
    known = dict(counts)
    report = BatchReport()
    try:
        output.finish_removals()  # of a run stopped while it removed replaced shards
    except OSError as err:
        raise BatchError(f"{output.uri}: cannot remove a replaced shard: {err}") from None
    done = output.done_ids()
    shards, replaced = plan_replacing(inputs, input_format, shard_size, counts, output, done, report)
    if counts != known:
        output.write_counts(counts)
    try:
        for shard_id in replaced:  # before the new shards run: never the old rows and the new together
            output.remove_shard(shard_id)
            report.superseded += 1
    except OSError as err:
        raise BatchError(f"{output.uri}: cannot remove a replaced shard: {err}") from None
    done -= set(replaced)
    todo = [s for s in shards if s.id not in done]
    report.shards, report.skipped = len(shards), len(shards) - len(todo)
    if on_plan:
        on_plan(todo)
    from geowire.batch.engines import run_local, run_ray  # they import this module

    if engine == "local":
        results = run_local(todo, output, workers or os.cpu_count() or 1)
    else:
        results = run_ray(todo, output, workers, address)
    try:
        for stats in results:
            if stats.failure:
                report.failed.append(stats.failure)
            else:
                report.processed += 1
                report.documents += stats.documents
                report.errors += stats.errors
            if stats.pid:
                report.peak_rss_mb[stats.pid] = max(stats.peak_rss_mb, report.peak_rss_mb.get(stats.pid, 0.0))
            if on_shard:
                on_shard(stats)
    finally:
        # a Ctrl-C that lands here, between two shards, stops the engine's workers now (the
        # generator's own handler runs on close), not when the interpreter collects it at exit
        results.close()
    report.seconds = time.perf_counter() - started
    return report


# ---- the way back: Parquet rows → dossiers → the store --------------------------------------

# `_record`, `dossiers_from_rows` and `read_shard_rows` live in geowire.output.tables (imported above).


@dataclass
class LoadReport:
    shards: int = 0
    documents: int = 0  # pages, each stored with its teasers
    teasers: int = 0
    errors: int = 0  # rows of the errors tables (documents the batch could not analyse)


def load_batch(out_dir: str | Path, store, on_shard: Callable[[int], None] | None = None) -> LoadReport:
    """Store every finished shard of a batch output in the knowledge base, merging as ingestion does
    (`Store.save` per page dossier, its teasers with it). Unfinished shards are left out."""
    out = Output(out_dir)
    if out.fs.get_file_info(out.path(DONE_DIR)).type != pafs.FileType.Directory:
        raise BatchError(f"{out_dir}: not a geowire batch output (no {DONE_DIR}/)")
    report = LoadReport()
    for shard_id in sorted(out.done_ids()):
        rows = read_shard_rows(out, shard_id)
        for dossier in dossiers_from_rows(rows):
            store.save(dossier)
            report.documents += 1
            report.teasers += len(dossier.related)
        report.errors += pq.read_metadata(out.table_path(ERRORS_TABLE, shard_id), filesystem=out.fs).num_rows
        report.shards += 1
        if on_shard:
            on_shard(len(rows["documents"]))
    return report
