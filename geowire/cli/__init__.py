"""The `geowire` command: a thin layer over the library (read, Pipeline, Store, render)."""
from __future__ import annotations

import enum
import json
import os
import sys
import time
from pathlib import Path
from typing import List, Optional

import typer

from geowire import __version__
from geowire.cli.batch import batch, load
from geowire.cli.common import DB_HELP, INPUT_FORMAT_HELP, InputFormat, error

app = typer.Typer(
    add_completion=False, no_args_is_help=True, rich_markup_mode=None,
    help="geowire turns international-affairs news pages into a sourced, structured record.",
    context_settings={"help_option_names": ["-h", "--help"]},
)


class OutputFormat(str, enum.Enum):
    json = "json"
    jsonl = "jsonl"
    text = "text"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"geowire {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """geowire turns international-affairs news pages into a sourced, structured record."""


def _open_store(db: Optional[Path]):
    from geowire.settings import default_db
    from geowire.kb.store import Store

    return Store(db or default_db())


@app.command()
def analyze(
    paths: List[str] = typer.Argument(..., help="Files, directories (every file in them, sorted) or - for stdin."),
    input_format: InputFormat = typer.Option(
        InputFormat.auto, "--input-format", "-i", help=INPUT_FORMAT_HELP),
    output_format: OutputFormat = typer.Option(
        OutputFormat.text, "--format", "-f",
        help="text: a readable summary; json: the dossier (a JSON list for several inputs); jsonl: one per line."),
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
    no_store: bool = typer.Option(False, "--no-store", help="Analyse and print only; leave the store alone."),
) -> None:
    """Analyse pages into dossiers, store them, and print them.

    Bad inputs are reported one line each on stderr and the run goes on; the exit
    status is 1 if any input failed."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from geowire.kb.store import StoreError
    from geowire.output.render import render_text
    from geowire.pipeline import Failure, Pipeline
    from geowire.read import iter_raw
    from geowire.read.errors import printable_name
    from geowire.read.urls import is_url

    started = time.perf_counter()
    failed = done = teasers = 0
    # missing files are said at once, before the models load (seconds), and the others go on
    missing = [p for p in paths if p != "-" and not is_url(p) and not os.path.lexists(p)]
    for path in missing:
        failed += 1
        error(f"{printable_name(path)}: no such file or directory")
    paths = [p for p in paths if p not in missing]
    if not paths:
        raise typer.Exit(1)
    try:
        store = None if no_store else _open_store(db)
        pipeline = Pipeline()
    except (StoreError, RuntimeError) as err:
        error(err)
        raise typer.Exit(2)

    one_input = len(paths) == 1 and not Path(paths[0]).is_dir()
    as_list = output_format is OutputFormat.json and not one_input
    collected = []
    progress = Progress(SpinnerColumn(), TextColumn("analysing"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.fields[rate]}"), TimeElapsedColumn(),
                        console=Console(stderr=True), transient=True,
                        disable=not sys.stderr.isatty() or one_input)
    with progress:
        task = progress.add_task("analyse", total=None if one_input else known_total(paths, input_format.value),
                                 rate="")
        stdin = sys.stdin.buffer if "-" in paths else None
        for result in pipeline.analyze(iter_raw(paths, input_format.value, stdin=stdin)):
            if isinstance(result, Failure):
                failed += 1
                error(result.message)
                continue
            if store is not None:
                try:
                    store.save(result)
                except StoreError as err:
                    failed += 1
                    error(err)
                    continue
            done += 1
            teasers += len(result.related)
            elapsed = progress.tasks[0].elapsed or 0
            progress.update(task, advance=1, rate=f"{done / elapsed:.1f} docs/s" if elapsed else "")
            if output_format is OutputFormat.text:
                typer.echo(render_text(result) + "\n")
            elif output_format is OutputFormat.jsonl:
                typer.echo(result.to_json())
            elif as_list:
                collected.append(result.to_dict())
            else:
                typer.echo(result.to_json(indent=2))
    if as_list:
        typer.echo(json.dumps(collected, ensure_ascii=False, indent=2))
    if store is not None:
        store.close()
    if sys.stderr.isatty() or (output_format is OutputFormat.text and (done + failed) > 1):
        typer.echo(f"{done} document(s) analysed with {teasers} teaser(s), {failed} failed, "
                   f"{time.perf_counter() - started:.1f} s" + ("" if no_store else f", stored in {store.path}"), err=True)
    if failed or not done:
        raise typer.Exit(1)


def known_total(paths: list[str], input_format: str) -> Optional[int]:
    """How many pages the inputs hold, when it is known without reading them: every file is one
    page (a container file, standard input or a URL list holds an unknown number)."""
    from geowire.read import directory_files
    from geowire.read.registry import is_container_name, reader
    from geowire.read.urls import is_url

    if reader(input_format).container or input_format == "urls":
        return None
    total = 0
    for path in paths:
        if path == "-" or is_url(path):
            return None
        files = directory_files(Path(path))[0] if os.path.isdir(path) else [Path(path)]
        if input_format == "auto" and any(is_container_name(f.name) for f in files):
            return None
        total += len(files)
    return total


@app.command()
def show(
    doc_id: str = typer.Argument(..., help="A document id, or a unique prefix of one (at least 4 characters)."),
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
    output_format: OutputFormat = typer.Option(OutputFormat.text, "--format", "-f", help="text, json or jsonl."),
) -> None:
    """Print the stored dossier of one document."""
    from geowire.output.render import render_text
    from geowire.kb.store import StoreError

    try:
        with _open_store(db) as store:
            dossier = store.dossier(doc_id)
    except (StoreError, KeyError) as err:
        error(err.args[0] if isinstance(err, KeyError) else err)
        raise typer.Exit(1)
    if output_format is OutputFormat.text:
        typer.echo(render_text(dossier))
    else:
        typer.echo(dossier.to_json(indent=2 if output_format is OutputFormat.json else None))


# ---- the list commands -------------------------------------------------------------------------------
# documents, events, actors, agreements, attributions, quotes and search share one shape: filters checked
# first (a malformed one exits 2 with one line), then one page of rows (--limit/--offset) and their total,
# printed as a table, JSON or CSV. They read through `geowire.kb.query.rows`, without pandas (which loads
# pyarrow): a list command answers in a fraction of a second (benchmarks/bench_cli.py).

class TableFormat(str, enum.Enum):
    table = "table"
    json = "json"
    csv = "csv"


# Columns that the aligned table leaves to --format json/csv: long lists that would crowd it out.
TABLE_HIDDEN = ("documents", "field_sources", "context", "aliases", "reported", "fragments", "url", "source_path")
CELL_CHARS = 58  # a longer cell is cut in the table (json and csv keep it whole)


def _open_existing_store(db: Optional[Path]):
    """The store to read: an error rather than a new empty store when there is none at the path."""
    from geowire.kb.store import StoreError
    from geowire.settings import default_db

    path = Path(db or default_db())
    if not path.exists():
        raise StoreError(f"{path}: no such store (`geowire analyze` creates it)")
    return _open_store(path)


def _cell(value) -> str:
    """One table cell: lists as words, a document id as its 12-character prefix, long text cut."""
    if value is None:
        return ""
    if isinstance(value, list):  # actor ids, provisions: readable as a list of words
        text = ", ".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in value)
    elif isinstance(value, dict):
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = str(value)
    if len(text) == 64 and all(c in "0123456789abcdef" for c in text):
        return text[:12]  # a document id: its prefix is enough for `geowire show`
    text = " ".join(text.split())
    return text[:CELL_CHARS - 1] + "…" if len(text) > CELL_CHARS else text


def _print_rows(rows: list[dict], columns: list, fmt: TableFormat) -> None:
    """Rows as an aligned table (long cells cut, numbers right-aligned), JSON records (as the HTTP API
    gives them: lists as arrays, flags as booleans), or CSV (lists as JSON text, flags True/False).

    The table was pandas' `to_string` (pandas loads pyarrow: over a second); rich's Table was checked
    and not taken: it wraps cells to the terminal and adds its import. Plain columns need a few lines."""
    names = [c.name for c in columns]
    if fmt is TableFormat.json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt is TableFormat.csv:
        import csv
        import io

        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(names)
        for row in rows:
            writer.writerow(["" if row.get(n) is None else json.dumps(row[n], ensure_ascii=False)
                             if isinstance(row[n], (list, dict)) else row[n] for n in names])
        typer.echo(out.getvalue(), nl=False)
    elif not rows:
        typer.echo("(nothing)")
    else:
        shown = [c for c in columns if c.name not in TABLE_HIDDEN]
        cells = [[_cell(row.get(c.name)) for c in shown] for row in rows]
        widths = [max(len(c.name), *(len(r[i]) for r in cells)) for i, c in enumerate(shown)]
        right = [c.kind in ("int", "float") for c in shown]

        def line(values) -> str:
            return "  ".join(v.rjust(w) if r else v.ljust(w) for v, w, r in zip(values, widths, right)).rstrip()

        typer.echo(line([c.name for c in shown]))
        for r in cells:
            typer.echo(line(r))


def _list(what: str, db: Optional[Path], fmt: TableFormat, limit: Optional[int], offset: int, **filters) -> None:
    """Check the filters, ask for one page of rows and their total, print both (the total after a
    table; on stderr for json and csv, whose stdout stays one document)."""
    from geowire.kb import query
    from geowire.kb.store import StoreError

    try:
        if limit is not None and limit < 0:
            raise ValueError(f"bad limit {limit}: give 0 or more")
        if offset < 0:
            raise ValueError(f"bad offset {offset}: give 0 or more")
        query.check_filters(what, **filters)
    except ValueError as err:
        error(err)
        raise typer.Exit(2)
    try:
        with _open_existing_store(db) as store:
            rows = query.rows(store, what, limit=limit, offset=offset, **filters)
            total = query.total(store, what, **filters)
    except ValueError as err:  # a search that cannot run (FTS5 syntax): the input's fault
        error(err)
        raise typer.Exit(2)
    except StoreError as err:
        error(err)
        raise typer.Exit(1)
    _print_rows(rows, query.LIST_COLUMNS[what], fmt)
    shown = f"{offset + 1}–{offset + len(rows)} of {total}" if rows and (offset or len(rows) < total) else str(total)
    noun = {"search": "documents found"}.get(what, what)
    if fmt is TableFormat.table:
        typer.echo(f"{shown} {noun}" + (" (--limit, --offset for the others)" if len(rows) < total else ""))
    else:
        typer.echo(f"geowire: {shown} {noun}", err=True)


FORMAT_OPTION = typer.Option(TableFormat.table, "--format", "-f", help="table, json or csv.")
LIMIT_OPTION = typer.Option(None, "--limit", "-n", help="At most this many rows.")
OFFSET_OPTION = typer.Option(0, "--offset", help="Skip this many rows first (pagination).")
ACTOR_OPTION = typer.Option(None, "--actor", "-a", help="An actor id, or text in its name or aliases.")
TEXT_OPTION = typer.Option(None, "--text", "-t", help="Text the record contains (case-insensitive).")
# the valid values of the filters that take one of a few, for --help (checked by geowire.kb.query.check_filters)
ACTOR_KINDS = ("state, partially-recognized-state, person, organization, agency, igo, media, threat-group, "
               "campaign, location")


@app.command()
def documents(
    kind: Optional[str] = typer.Option(None, "--kind", help="article or teaser."),
    text: Optional[str] = typer.Option(None, "--text", "-t", help="Text in the title (case-insensitive)."),
    limit: Optional[int] = LIMIT_OPTION, offset: int = OFFSET_OPTION,
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP), fmt: TableFormat = FORMAT_OPTION,
) -> None:
    """The stored documents, in the order they were first seen: id, kind, title, publisher, date, …"""
    _list("documents", db, fmt, limit, offset, kind=kind, text=text)


@app.command()
def events(
    actor: Optional[str] = ACTOR_OPTION,
    country: Optional[str] = typer.Option(None, "--country", "-c", help="PLOVER country code of a participant: RUS, EUR, …"),
    event_type: Optional[str] = typer.Option(None, "--type", help="PLOVER event type: AGREE, CONSULT, SUPPORT, "
                                             "CONCEDE, COOPERATE, AID, RETREAT, REQUEST, ACCUSE, REJECT, THREATEN, "
                                             "PROTEST, SANCTION, MOBILIZE, COERCE, ASSAULT."),
    since: Optional[str] = typer.Option(None, "--since", help="On or after this date (2015, 2015-03, 2015-03-18)."),
    until: Optional[str] = typer.Option(None, "--until", help="On or before this date."),
    text: Optional[str] = TEXT_OPTION,
    limit: Optional[int] = LIMIT_OPTION, offset: int = OFFSET_OPTION,
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP), fmt: TableFormat = FORMAT_OPTION,
) -> None:
    """Events merged across documents, with their number of sources."""
    _list("events", db, fmt, limit, offset, actor=actor, country=country, type=event_type, since=since,
          until=until, text=text)


@app.command()
def actors(
    text: Optional[str] = TEXT_OPTION,
    country: Optional[str] = typer.Option(None, "--country", "-c", help="PLOVER country code."),
    kind: Optional[str] = typer.Option(None, "--kind", help=ACTOR_KINDS + "."),
    limit: Optional[int] = LIMIT_OPTION, offset: int = OFFSET_OPTION,
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP), fmt: TableFormat = FORMAT_OPTION,
) -> None:
    """Actors, most mentioned first."""
    _list("actors", db, fmt, limit, offset, text=text, country=country, kind=kind)


ORDER_OPTION = typer.Option("asc", "--order", help="asc or desc.")


@app.command()
def agreements(
    actor: Optional[str] = ACTOR_OPTION, text: Optional[str] = TEXT_OPTION,
    status: Optional[str] = typer.Option(None, "--status", help="The latest stage stated: proposed, negotiated, "
                                         "signed, ratified, in-force, suspended, withdrawn, expired."),
    kind: Optional[str] = typer.Option(None, "--kind", help="treaty, agreement, memorandum, … (as extracted)."),
    party_country: Optional[str] = typer.Option(None, "--party-country", help="A party of this country: RUS, …"),
    sort: str = typer.Option("id", "--sort", help="id, name, kind, signed, status (by stage), status_date or sources."),
    order: str = ORDER_OPTION,
    limit: Optional[int] = LIMIT_OPTION, offset: int = OFFSET_OPTION,
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP), fmt: TableFormat = FORMAT_OPTION,
) -> None:
    """The register of agreements: one record per agreement, filled from every document that mentions it."""
    _list("agreements", db, fmt, limit, offset, actor=actor, text=text, status=status, kind=kind,
          party_country=party_country, sort=sort, order=order)


@app.command()
def attributions(
    actor: Optional[str] = ACTOR_OPTION, text: Optional[str] = TEXT_OPTION,
    kind: Optional[str] = typer.Option(None, "--kind", help="cyber or influence."),
    confidence: Optional[str] = typer.Option(None, "--confidence", help="asserted, alleged or suspected."),
    operator_country: Optional[str] = typer.Option(None, "--operator-country", help="An operator of this country."),
    sponsor_country: Optional[str] = typer.Option(None, "--sponsor-country", help="A sponsor of this country."),
    target_country: Optional[str] = typer.Option(None, "--target-country", help="A target of this country."),
    sort: str = typer.Option("id", "--sort", help="id, incident, kind, confidence, date or sources."),
    order: str = ORDER_OPTION,
    limit: Optional[int] = LIMIT_OPTION, offset: int = OFFSET_OPTION,
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP), fmt: TableFormat = FORMAT_OPTION,
) -> None:
    """The register of attributions of cyber and influence operations."""
    _list("attributions", db, fmt, limit, offset, actor=actor, text=text, kind=kind, confidence=confidence,
          operator_country=operator_country, sponsor_country=sponsor_country, target_country=target_country,
          sort=sort, order=order)


@app.command()
def quotes(
    speaker: Optional[str] = typer.Option(None, "--speaker", "-s", help="Speaker: actor id, name or the text naming them."),
    text: Optional[str] = TEXT_OPTION,
    kind: Optional[str] = typer.Option(None, "--kind", help="direct, indirect or mixed."),
    limit: Optional[int] = LIMIT_OPTION, offset: int = OFFSET_OPTION,
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP), fmt: TableFormat = FORMAT_OPTION,
) -> None:
    """Quotes with their speakers."""
    _list("quotes", db, fmt, limit, offset, speaker=speaker, text=text, kind=kind)


@app.command()
def search(
    words: str = typer.Argument(..., help='Words and "phrases", all required, matched as written (U.S., al-Tanf).'),
    advanced: bool = typer.Option(False, "--advanced", help="WORDS is SQLite FTS5 syntax: OR, NOT, NEAR, prefix*."),
    limit: int = typer.Option(20, "--limit", "-n", help="At most this many documents."),
    offset: int = OFFSET_OPTION,
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP), fmt: TableFormat = FORMAT_OPTION,
) -> None:
    """Full-text search over the titles and bodies of stored documents, best match first."""
    _list("search", db, fmt, limit, offset, query=words, advanced=advanced)


class ExportFormat(str, enum.Enum):
    csv = "csv"
    parquet = "parquet"
    jsonl = "jsonl"
    plover = "plover"
    graphml = "graphml"


@app.command()
def export(
    fmt: ExportFormat = typer.Option(..., "--format", "-f", help="csv, parquet, jsonl (one table per kind of record), "
                                     "plover (PLOVER JSON Lines of events) or graphml (the actor network)."),
    out: Path = typer.Option(..., "--out", "-o", help="Directory to write into (created if needed)."),
    all_actors: bool = typer.Option(False, "--all-actors",
                                    help="graphml: every actor, also those in no event (default: only those in one)."),
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Export the knowledge base: prints the files written (and on stderr what PLOVER left out).

    plover: one event report per line, as the PLOVER manual's Data Fields chapter has it (date
    YYYY-MM-DD with date_precision; negated events left out, hypothetical ones with "hypothetical" in
    their context; an event with no date at all left out). graphml: actors in events as nodes, one
    edge per ordered pair of actors weighted by their merged events."""
    from geowire.output.export import export as run_export
    from geowire.kb.store import StoreError

    report: dict = {}
    try:
        with _open_existing_store(db) as store:
            written = run_export(store, fmt.value, out, all_actors=all_actors, report=report)
    except (StoreError, OSError, ValueError) as err:
        error(err)
        raise typer.Exit(1)
    for path in written:
        typer.echo(str(path))
    if fmt is ExportFormat.plover:
        typer.echo(f"geowire: {report['events']} event(s) written; left out: {report['negated']} negated, "
                   f"{report['undated']} with no date", err=True)
    elif fmt is ExportFormat.graphml:
        typer.echo(f"geowire: {report['actors']} actor(s), {report['edges']} edge(s)", err=True)


@app.command()
def serve(
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    allow_analyze: bool = typer.Option(False, "--allow-analyze",
                                       help="Accept POST /v1/analyze (analyse pages, and store them on request); "
                                            "read-only without it."),
    allowed_host: Optional[List[str]] = typer.Option(
        None, "--allowed-host", help="A host name requests may use (repeatable); default: localhost, 127.0.0.1, "
                                     "[::1] and the --host address. Guards against DNS rebinding."),
    token: Optional[str] = typer.Option(None, "--token", envvar="GEOWIRE_API_TOKEN", show_envvar=False,
                                        help="Require `Authorization: Bearer TOKEN` for writes "
                                             "(or set GEOWIRE_API_TOKEN)."),
) -> None:
    """Serve the HTTP API (/v1/..., OpenAPI at /docs) and the web page (/) over the store."""
    import uvicorn

    from geowire.web.api import LOOPBACK_HOSTS, create_app
    from geowire.settings import default_db
    from geowire.kb.store import StoreError

    try:
        _open_store(db).close()  # fail now, with one line, rather than on the first request
    except StoreError as err:
        error(err)
        raise typer.Exit(1)
    hosts = list(allowed_host or LOOPBACK_HOSTS)
    if not allowed_host and host not in ("0.0.0.0", "::", ""):  # the address itself is a name clients use
        hosts.append(f"[{host}]" if ":" in host else host)
    if allow_analyze and not token and host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo("geowire: warning: --allow-analyze on a non-loopback address without --token", err=True)
    typer.echo(f"geowire: serving {db or default_db()} on http://{host}:{port}/ (API docs: /docs)"
               + ("" if allow_analyze else "; read-only (--allow-analyze to accept POST /v1/analyze)"), err=True)
    uvicorn.run(create_app(db or default_db(), allow_analyze=allow_analyze, token=token, allowed_hosts=hosts),
                host=host, port=port, log_level="warning")


@app.command()
def schema() -> None:
    """Print the JSON Schema of the dossier (geowire.dossier/1)."""
    from geowire.model import json_schema

    typer.echo(json.dumps(json_schema(), indent=2))


# Batch runs (geowire/cli_batch.py): `geowire batch` and `geowire load`.
app.command()(batch)
app.command()(load)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
