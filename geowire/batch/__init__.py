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

Both engines call the same `run_shard`, so their tables are identical. The
scheduling is Ray Data's (an actor pool) or the standard library's process
pool: nothing here schedules work itself.
"""
from __future__ import annotations

import glob
import hashlib
import json
import os
import sys
import time
import typing
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from geowire.model import (Actor, Agreement, Amount, Attribution, Document, Dossier, Event, Quote, RawDocument,
                    TimeExpression)
from geowire.read import FORMATS, directory_files
from geowire.output.tables import JSON_COLUMNS, TABLES, add_rows, empty_rows

ERRORS_TABLE = "errors"
DONE_DIR = "_done"
COUNTS_FILE = "_plan/counts.json"  # documents per container file, so a rerun does not read them again

# Input formats whose files hold many documents (counted, and sliced when big); other files hold one.
CONTAINER_FORMATS = {"warc", "jsonl", "feed"}
# With --input-format auto, files named so are taken for containers. Only the plan depends on it (a
# container is counted, and cut when big); the reader still decides how to read every file.
CONTAINER_EXTENSIONS = {".warc", ".arc", ".jsonl", ".ndjson", ".rss", ".atom"}
# `geowire batch` reads files only: "urls" would fetch the web twice (to plan, then to analyse).
BATCH_FORMATS = tuple(f for f in FORMATS if f != "urls")

# The data-model class whose fields a table's columns come from (types, and the way back in `load`).
TABLE_MODELS = {"documents": Document, "actors": Actor, "events": Event, "agreements": Agreement,
                "attributions": Attribution, "quotes": Quote, "amounts": Amount, "times": TimeExpression}


class BatchError(Exception):
    """A batch cannot start (no input, an output that cannot be written, no Ray); str() is one line."""


# ---- table schemas ----------------------------------------------------------------------

def _arrow_type(table: str, column: str) -> pa.DataType:
    """A column's Arrow type, from the field of the data model it holds (lists are JSON text)."""
    if column in JSON_COLUMNS or column in ("document_id", "page_id", "actor_id"):
        return pa.string()
    if column in ("start", "end"):
        return pa.int64()
    model_field = TABLE_MODELS[table].model_fields.get(column)
    kinds = set(typing.get_args(model_field.annotation) or (model_field.annotation,)) - {type(None)} \
        if model_field else set()
    if kinds == {bool}:
        return pa.bool_()
    if kinds == {int}:
        return pa.int64()
    if kinds and kinds <= {int, float}:
        return pa.float64()
    return pa.string()


SCHEMAS: dict[str, pa.Schema] = {
    table: pa.schema([(column, _arrow_type(table, column)) for column in columns])
    for table, columns in TABLES.items()}
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


def expand_inputs(patterns: Iterable[str]) -> list[tuple[str, int, int]]:
    """Input files, sorted and unique, as (uri-or-absolute-path, size, mtime_ns) triples.

    A pattern is a file, a directory (every file under it) or a glob (`**` crosses directories);
    a URI goes through its pyarrow filesystem. Hidden files are skipped."""
    found: dict[str, tuple[str, int, int]] = {}
    for pattern in patterns:
        matches = _expand_uri(pattern) if _is_uri(pattern) else _expand_local(pattern)
        if not matches:
            raise BatchError(f"{pattern}: no such file, or no file matches")
        found.update((m[0], m) for m in matches)
    return [found[k] for k in sorted(found)]


def _expand_local(pattern: str) -> list[tuple[str, int, int]]:
    pattern = os.path.expanduser(pattern)
    paths = sorted(glob.glob(pattern, recursive=True)) if glob.has_magic(pattern) else [pattern]
    files = []
    for path in paths:
        if os.path.isdir(path):  # as `geowire analyze` reads a directory: sorted, hidden files skipped
            files.extend(str(f) for f in directory_files(Path(path))[0])
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
    """Whether a file holds many documents: by the format asked for, else by its name."""
    if input_format != "auto":
        return input_format in CONTAINER_FORMATS
    return os.path.splitext(path.lower().removesuffix(".gz"))[1] in CONTAINER_EXTENSIONS


def plan_shards(patterns: Iterable[str], input_format: str = "auto", shard_size: int | None = None,
                counts: Optional[dict[str, int]] = None) -> list[Shard]:
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
    for path, size, mtime_ns in expand_inputs(patterns):
        whole = Piece(path, size, mtime_ns)
        if not is_container(path, input_format):
            pieces.append((whole, 1))
            continue
        key = f"{path}|{size}|{mtime_ns}"
        if key not in counts:
            counts[key] = sum(1 for _ in read_piece(whole, input_format))
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

    A reader error that is not an I/O error (a truncated or malformed container) ends that
    piece with one row in errors; an I/O error (a lost mount, a network failure) is raised,
    so that the shard is not marked done and a rerun tries it again."""
    from geowire.pipeline import Failure

    rows = empty_rows()
    errors: list[dict] = []
    analysed = 0
    for piece in shard.pieces:
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
    but a bug must not cost the shard), the rest of the piece becomes one input error."""
    from geowire.pipeline import one_line
    from geowire.read import InputError

    count = piece.start
    try:
        for item in items:
            count += 1
            yield item
    except OSError:  # the file went away or the network failed: let the shard be redone
        raise
    except Exception as err:  # noqa: BLE001 — keep what was read, record the rest as unreadable
        yield InputError(piece.path, f"unreadable after document {count}: {one_line(err)}")


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


# ---- engines ----------------------------------------------------------------------------

def _new_pipeline():
    os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core per worker: the pool is the parallelism
    from geowire.pipeline import Pipeline

    return Pipeline()


_WORKER: dict = {}  # the pipeline and output of a pool process, loaded once by its initializer


def _init_pool_worker(out_uri: str) -> None:
    _WORKER["pipeline"], _WORKER["out"] = _new_pipeline(), Output(out_uri)


def _run_in_pool_worker(shard_json: str) -> ShardStats:
    return run_shard(Shard.from_json(shard_json), _WORKER["pipeline"], _WORKER["out"])


def run_local(shards: list[Shard], out: Output, workers: int = 1) -> Iterator[ShardStats]:
    """Shards through a pool of `workers` processes, each loading the pipeline once (1: in this process).

    Processes are spawned, not forked: the driver may hold threads (progress, Ray) that a fork
    would copy in an unknown state."""
    if not shards:
        return
    if workers <= 1:
        pipeline = _new_pipeline()
        for shard in shards:
            yield run_shard(shard, pipeline, out)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    with ProcessPoolExecutor(min(workers, len(shards)), mp_context=multiprocessing.get_context("spawn"),
                             initializer=_init_pool_worker, initargs=(out.uri,)) as pool:
        futures = {pool.submit(_run_in_pool_worker, s.to_json()): s for s in shards}
        for future in as_completed(futures):
            try:
                yield future.result()
            except BrokenProcessPool as err:  # a worker died (out of memory, killed): redo on the next run
                yield ShardStats(futures[future].id, failure=f"shard {futures[future].id}: worker died: {err}")


class ShardWorker:
    """A Ray Data actor: loads the pipeline once, then runs one shard per call.

    The output comes with each shard rather than as a constructor argument: Ray keeps
    constructor arguments in the object store, where a restarted actor may not find them."""

    def __init__(self):
        self.pipeline = _new_pipeline()

    def __call__(self, batch: dict) -> dict:
        stats = [run_shard(Shard.from_json(str(shard)), self.pipeline, Output(str(out)))
                 for shard, out in zip(batch["shard"], batch["out"])]
        return {name: [getattr(s, name) for s in stats] for name in ShardStats.__dataclass_fields__}


def run_ray(shards: list[Shard], out: Output, workers: Optional[int] = None,
            address: Optional[str] = None) -> Iterator[ShardStats]:
    """Shards through a Ray Data actor pool of `workers` actors of one CPU each.

    Connects to the cluster at `address` (`auto`, `ray://host:10001`, ...) if given, else uses the
    Ray already initialised in this process, else starts a local one with `workers` CPUs."""
    try:
        import ray
        import ray.data
    except ImportError:
        raise BatchError("the ray engine needs Ray: pip install 'geowire[ray]'") from None
    import logging

    if not shards:
        return
    started_here = not ray.is_initialized()
    if started_here:
        if address:
            ray.init(address=address, logging_level=logging.WARNING)
        else:
            ray.init(num_cpus=workers or os.cpu_count(), include_dashboard=False, logging_level=logging.WARNING)
    try:
        workers = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False  # geowire shows its own, in documents per second
        logging.getLogger("ray.data").setLevel(logging.WARNING)
        logging.getLogger("ray.data._internal.progress").setLevel(logging.ERROR)  # "progress bars disabled"
        dataset = ray.data.from_items([{"shard": s.to_json(), "out": out.uri} for s in shards],
                                      override_num_blocks=len(shards))  # a block per shard: any actor takes any
        results = dataset.map_batches(
            ShardWorker, batch_size=1, num_cpus=1,
            # one shard in flight per actor: a queued shard waits for the first free actor, not a busy one
            compute=ray.data.ActorPoolStrategy(size=min(workers, len(shards)), max_tasks_in_flight_per_actor=1))
        try:
            for row in results.iter_rows():
                yield ShardStats(**{k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()})
        except ray.exceptions.RayError as err:  # e.g. the actors could not start; finished shards stay done
            from geowire.pipeline import one_line

            raise BatchError(f"the Ray run stopped: {one_line(err)}") from None
    finally:
        if started_here:
            ray.shutdown()


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

    @property
    def docs_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0


ENGINES = ("local", "ray")


def run_batch(inputs: Iterable[str], out: str | Path, engine: str = "local", workers: Optional[int] = None,
              address: Optional[str] = None, input_format: str = "auto", shard_size: int | None = None,
              on_plan: Callable[[list[Shard]], None] | None = None,
              on_shard: Callable[[ShardStats], None] | None = None) -> BatchReport:
    """Plan the shards of `inputs`, skip those done in `out`, run the others on `engine`.

    `on_plan` receives the shards still to do, `on_shard` each shard's stats as it finishes."""
    if engine not in ENGINES:
        raise BatchError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")
    started = time.perf_counter()
    output = Output(out)
    output.prepare()
    counts = output.read_counts()
    known = dict(counts)
    shards = plan_shards(inputs, input_format, shard_size, counts)
    if counts != known:
        output.write_counts(counts)
    done = output.done_ids()
    todo = [s for s in shards if s.id not in done]
    report = BatchReport(shards=len(shards), skipped=len(shards) - len(todo))
    if on_plan:
        on_plan(todo)
    if engine == "local":
        results = run_local(todo, output, workers or os.cpu_count() or 1)
    else:
        results = run_ray(todo, output, workers, address)
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
    report.seconds = time.perf_counter() - started
    return report


# ---- the way back: Parquet rows → dossiers → the store --------------------------------------

def _record(table: str, row: dict):
    """One model record from one table row (the inverse of `geowire.output.tables`)."""
    model = TABLE_MODELS[table]
    values = {c: (json.loads(v) if c in JSON_COLUMNS and v is not None else v) for c, v in row.items()}
    values.pop("page_id", None)
    if table == "documents":
        values["id"] = values.pop("document_id")
    else:
        values.pop("document_id")
    if table == "actors":
        values["id"] = values.pop("actor_id")
    if "start" in values and "end" in values:
        values["span"] = (values.pop("start"), values.pop("end"))
    return model(**{k: v for k, v in values.items() if k in model.model_fields and v is not None})


def dossiers_from_rows(rows: dict[str, list[dict]]) -> list[Dossier]:
    """The page dossiers that the rows of some dossiers hold, each with its teasers under `related`
    (the inverse of `geowire.output.tables.rows_of`, applied to a shard's tables).

    The documents table lists each page followed by its teasers; a document met twice (a teaser
    on two pages, a page given twice) has its rows once per time, in the same order in every
    table, so the k-th block of its fact rows belongs to its k-th dossier. Fields the tables do
    not keep (the removed chrome, `equivalent_of`) come back empty."""
    occurrences: dict[str, list[Dossier]] = defaultdict(list)
    pages: list[Dossier] = []
    for row in rows.get("documents", []):
        dossier = Dossier(document=_record("documents", row))
        occurrences[dossier.document.id].append(dossier)
        if row.get("page_id") and pages and pages[-1].document.id == row["page_id"]:
            pages[-1].related.append(dossier)
        else:  # a page (or a teaser whose page is not here: kept as a document of its own)
            pages.append(dossier)
    for table in TABLES:
        if table == "documents":
            continue
        by_doc: dict[str, list[dict]] = defaultdict(list)
        for row in rows.get(table, []):
            by_doc[row["document_id"]].append(row)
        for doc_id, doc_rows in by_doc.items():
            dossiers = occurrences.get(doc_id, [])
            if not dossiers:
                continue
            per = len(doc_rows) // len(dossiers) if len(doc_rows) % len(dossiers) == 0 else len(doc_rows)
            for k, dossier in enumerate(dossiers):
                getattr(dossier, table).extend(_record(table, r) for r in doc_rows[k * per:(k + 1) * per])
    return pages


def read_shard_rows(out: Output, shard_id: str) -> dict[str, list[dict]]:
    return {t: pq.read_table(out.table_path(t, shard_id), filesystem=out.fs).to_pylist() for t in TABLES}


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
