"""`geowire batch` and `geowire load`: thin commands over `geowire.batch`.

Registered on the main app in geowire/cli.py with `app.command()(batch)` and `app.command()(load)`.
"""
from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import List, Optional

import typer

from geowire.cli.common import DB_HELP, error
from geowire.cli.common import FILE_FORMATS as BATCH_FORMATS  # light: not geowire.read.registry
from geowire.settings import settings


class Engine(str, enum.Enum):
    local = "local"
    ray = "ray"


# what `analyze` reads, but URL lists: a batch reads files
BatchInputFormat = enum.Enum("BatchInputFormat", {f: f for f in BATCH_FORMATS}, type=str)


class _Progress:
    """Documents done and documents per second on stderr: a live bar on a terminal, else one line per shard."""

    def __init__(self):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.live = sys.stderr.isatty()
        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("docs  {task.fields[rate]}  {task.fields[shards]}"), TimeElapsedColumn(),
                                 console=Console(stderr=True), disable=not self.live)
        self.task = None
        self.documents = self.read = self.shards_done = self.shards_total = 0

    def __enter__(self):
        self.progress.__enter__()
        return self

    def __exit__(self, *exc):
        self.progress.__exit__(*exc)

    def plan(self, shards) -> None:
        self.shards_total = len(shards)
        self.task = self.progress.add_task("batch", total=sum(s.documents for s in shards) or None,
                                           rate="", shards=f"0/{len(shards)} shards")

    def shard(self, stats) -> None:
        self.shards_done += 1
        if stats.failure:
            error(stats.failure)
        else:
            self.documents += stats.documents
            self.read += stats.documents + stats.errors
        elapsed = self.progress.tasks[0].elapsed or 0.0
        rate = f"{self.documents / elapsed:.2f} docs/s" if elapsed else ""
        # the bar counts what was read (the plan's total), the rate what was analysed
        self.progress.update(self.task, completed=self.read, rate=rate,
                             shards=f"{self.shards_done}/{self.shards_total} shards")
        if not self.live and not stats.failure:
            typer.echo(f"shard {stats.shard_id}: {stats.documents} documents, {stats.errors} errors, "
                       f"{stats.seconds:.0f} s ({self.shards_done}/{self.shards_total}; {rate})", err=True)


def batch(
    inputs: List[str] = typer.Argument(
        ..., help="Files, directories or globs (quote them: 'crawl/**/*.warc.gz') of WARC, JSON Lines, HTML, "
                  "feeds or text; a URI (s3://, gs://, hdfs://, file://) goes through its pyarrow filesystem."),
    out: str = typer.Option(..., "--out", "-o", help="Output directory (or URI): one Parquet partition per shard "
                                                     "and table, errors/, and _done/ markers."),
    engine: Engine = typer.Option(Engine.local, "--engine", "-e",
                                  help="local: a pool of processes on this machine; ray: a Ray Data actor pool "
                                       "(pip install 'geowire[ray]')."),
    address: Optional[str] = typer.Option(None, "--address",
                                          help="Ray cluster to join (auto, ray://HOST:10001, HOST:6379); default: "
                                               "start a local Ray with --workers CPUs."),
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=1,
                                          help="Worker processes, each loading the models once. Default: the CPUs "
                                               "of this machine (local) or of the cluster (ray)."),
    input_format: BatchInputFormat = typer.Option(BatchInputFormat.auto, "--input-format", "-i",
                                                  help="How to read every input; auto: by file name and content."),
    shard_size: int = typer.Option(settings().shard_size, "--shard-size", min=1,
                                   help="Documents per shard: the unit of work, of resuming and of output files. "
                                        "Changing it makes new shards (the finished ones are not reused)."),
) -> None:
    """Analyse a corpus into Parquet tables, on this machine or on a Ray cluster.

    One table per kind of record (the columns of `geowire export`), written per shard;
    a second run with the same --out skips the finished shards, and an input changed
    since replaces its old rows. A bad document is a row of OUT/errors and the run goes
    on. The exit status is 1 if a shard could not be finished, a file of it vanished or
    could not be read (rerun to retry it)."""
    from geowire.batch import BatchError, run_batch

    try:
        with _Progress() as progress:
            report = run_batch(inputs, out, engine=engine.value, workers=workers, address=address,
                               input_format=input_format.value, shard_size=shard_size,
                               on_plan=progress.plan, on_shard=progress.shard)
    except BatchError as err:
        error(err)
        raise typer.Exit(2)
    for note in report.notes:  # not failures: the run went on
        typer.echo(f"geowire: warning: {' '.join(note.split())}", err=True)
    peak = max(report.peak_rss_mb.values(), default=0.0)
    replaced = f", {report.superseded} replaced (their inputs changed)" if report.superseded else ""
    typer.echo(f"{report.processed} shards done, {report.skipped} skipped (done before){replaced}, "
               f"{len(report.failed)} failed; "
               f"{report.documents} documents, {report.errors} errors in {report.seconds:.1f} s "
               f"({report.docs_per_second:.2f} docs/s, peak {peak:.0f} MB per worker) → {out}", err=True)
    if report.failed:
        typer.echo(f"{len(report.failed)} shard(s) could not be finished (listed above): run the same command "
                   "again to retry them", err=True)
        raise typer.Exit(1)


def load(
    out_dir: str = typer.Argument(..., help="A `geowire batch` output directory (or URI)."),
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Bring a batch output into the knowledge base, merging as `analyze` does.

    Only finished shards are loaded; each page is stored with its teasers in one transaction."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from geowire.batch import BatchError, Output, load_batch
    from geowire.settings import default_db
    from geowire.kb.store import Store, StoreError

    try:
        shards = len(Output(out_dir).done_ids())
        with Store(db or default_db()) as store, Progress(
                TextColumn("loading"), BarColumn(), MofNCompleteColumn(), TextColumn("shards"), TimeElapsedColumn(),
                console=Console(stderr=True), transient=True, disable=not sys.stderr.isatty()) as progress:
            task = progress.add_task("load", total=shards)
            report = load_batch(out_dir, store, on_shard=lambda _: progress.advance(task))
            path = store.path
    except (BatchError, StoreError, OSError) as err:
        error(err)
        raise typer.Exit(2)
    typer.echo(f"{report.documents} pages and {report.teasers} teasers from {report.shards} shards stored in {path}"
               + (f"; {report.errors} documents had failed in the batch (see {out_dir}/errors)" if report.errors
                  else ""), err=True)
