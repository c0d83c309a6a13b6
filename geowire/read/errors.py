"""What every reader reports: `InputError` (one printable line naming a bad input), `ReadStats`,
the size cap in words, and the helpers that keep an input's name printable and storable."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from geowire.settings import settings

_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_CONTROL_CHAR_RE = re.compile("[\x00-\x1f\x7f]")


def replace_surrogates(text: str) -> str:
    """Lone surrogates (a non-UTF-8 file name passed through os.fsdecode, a JSON "\\ud800" escape)
    as U+FFFD: they cannot be encoded, so SQLite, JSON output and the terminal would fail on them.
    One character for one, so offsets into the text stay valid."""
    return _SURROGATE_RE.sub("\ufffd", text) if _SURROGATE_RE.search(text) else text


def printable_name(name: str) -> str:
    """An input's name fit for a one-line message: control characters (a newline in a file
    name) escaped, undecodable bytes as U+FFFD."""
    name = replace_surrogates(str(name))
    return _CONTROL_CHAR_RE.sub(lambda m: repr(m.group())[1:-1], name)


class InputError(Exception):
    """A bad input. `str(err)` is one line naming it: "examples/x.bin: binary file, not text or HTML".
    `io_error`: the input could not be read (an OSError), as opposed to read and found bad; the
    batch retries the first kind on its next run."""

    def __init__(self, source: str, reason: str, io_error: bool = False):
        # The name may come from the file system or the input itself: keep the message one printable line.
        source = printable_name(source)
        reason = printable_name(" ".join(str(reason).split()))
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason
        self.io_error = io_error


@dataclass
class ReadStats:
    """What a run read: documents yielded, inputs that failed, records skipped by kind, and
    URLs dropped from documents because their scheme was not http(s)."""
    documents: int = 0
    errors: int = 0
    skipped: Counter = field(default_factory=Counter)  # e.g. {"warc request": 3, "warc response image/png": 1}
    dropped_urls: Counter = field(default_factory=Counter)  # by scheme: {"javascript": 2}


def max_bytes() -> int:
    """The largest document read, and what any input may inflate to (read at each use: a test or
    a CLI option may have overridden it)."""
    return settings().max_document_bytes


def cap_text() -> str:
    """The size cap in words: "more than 50 MB", "more than 2000 bytes"."""
    cap = max_bytes()
    return f"more than {cap // 2**20} MB" if cap >= 2**20 and cap % 2**20 == 0 else f"more than {cap} bytes"
