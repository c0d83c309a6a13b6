"""What the `geowire` commands share: the one-line error, the input formats, the --db help."""
from __future__ import annotations

import enum

import typer

from geowire.read.registry import FORMATS, help_text

# the formats the reader knows (geowire.read.registry), as a choice for typer, and their --help
InputFormat = enum.Enum("InputFormat", {f: f for f in FORMATS}, type=str)
INPUT_FORMAT_HELP = help_text()

DB_HELP = "The embedded store (SQLite). Default: $GEOWIRE_DB, else ./geowire.db."


def error(message) -> None:
    """One line on stderr: what failed and on which input."""
    typer.echo(f"geowire: error: {' '.join(str(message).split())}", err=True)
