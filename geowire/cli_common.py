"""What the `geowire` commands share: the one-line error and the input formats."""
from __future__ import annotations

import enum

import typer


class InputFormat(str, enum.Enum):
    auto = "auto"
    dump = "dump"
    plain = "plain"
    html = "html"
    warc = "warc"
    feed = "feed"
    jsonl = "jsonl"
    urls = "urls"


def error(message) -> None:
    """One line on stderr: what failed and on which input."""
    typer.echo(f"geowire: error: {' '.join(str(message).split())}", err=True)
