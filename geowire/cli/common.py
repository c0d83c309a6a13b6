"""What the `geowire` commands share: the one-line error, the input formats, the --db help.

Kept light (typer and the standard library only): every command, `geowire events` included, imports
this module, and the list commands answer in a fraction of a second. So the input formats are named
here rather than imported from `geowire.read.registry`, which loads every reader and the pydantic
model; tests/test_cli_queries.py checks that both tables agree.
"""
from __future__ import annotations

import enum

import typer

# The formats of geowire.read.registry.READERS, in its order, with its --help lines; `fetches`: a URL
# list, which `geowire batch` does not read.
INPUT_FORMATS: dict[str, str] = {
    "auto": "decide by file name and content",
    "dump": "a page's text with its site chrome (segmented and cleaned)",
    "plain": "article text analysed as it is",
    "html": "an HTML page",
    "warc": "a web archive: every HTML response",
    "feed": "an RSS or Atom feed: every item",
    "jsonl": 'JSON Lines: {"url", "html" or "text"} per line',
    "urls": "a list of URLs to fetch",
}
FETCHING_FORMATS = ("urls",)
FILE_FORMATS = tuple(f for f in INPUT_FORMATS if f not in FETCHING_FORMATS)

# the formats the reader knows, as a choice for typer, and their --help
InputFormat = enum.Enum("InputFormat", {f: f for f in INPUT_FORMATS}, type=str)
INPUT_FORMAT_HELP = "; ".join(f"{name}: {line}" for name, line in INPUT_FORMATS.items())

DB_HELP = "The embedded store (SQLite). Default: $GEOWIRE_DB, else ./geowire.db."


def error(message) -> None:
    """One line on stderr: what failed and on which input."""
    typer.echo(f"geowire: error: {' '.join(str(message).split())}", err=True)
