"""JSON Lines: one document per line {"url", "html" | "text", ["title", "date", "fetched"]}.

A file is read line by line (it may be far larger than one document, and gzip-compressed);
no line is held longer than the size cap. One InputError per bad line, the others go on.
"""
from __future__ import annotations

import io
import json
from typing import BinaryIO, Iterable, Iterator

from geowire.model import RawDocument
from geowire.read.errors import InputError, ReadStats, cap_text, max_bytes
from geowire.read.gzip import CHUNK, GZIP_MAGIC, GunzipReader
from geowire.read.sniff import is_binary
from geowire.read.urls import url_fields


def read_jsonl(data: bytes, name: str, stats: ReadStats) -> Iterator[RawDocument | InputError]:
    """JSON Lines held in memory (standard input, already inflated)."""
    yield from read_jsonl_lines(iter(data.splitlines(keepends=True)), name, stats)


def read_jsonl_stream(stream: BinaryIO, name: str, stats: ReadStats) -> Iterator[RawDocument | InputError]:
    """JSON Lines from a buffered binary stream, gzip-compressed or not."""
    gunzipped = None
    if stream.peek(2)[:2] == GZIP_MAGIC:
        gunzipped = GunzipReader(stream)  # no limit on the whole: the cap holds line by line
        stream = io.BufferedReader(gunzipped, buffer_size=CHUNK)
    yield from read_jsonl_lines(capped_lines(stream), name, stats, gunzipped)


def capped_lines(stream: BinaryIO) -> Iterator[bytes]:
    """The lines of a stream, none read longer than the cap + 1 bytes: iterating a file holds a
    whole line in memory, and a file (or a gzip bomb) of one endless line would exhaust it. A
    line over the cap is yielded cut, to be reported, and reading stops there: the rest of
    such a file is not worth inflating gigabytes for."""
    cap = max_bytes()
    while line := stream.readline(cap + 1):
        yield line
        if len(line) > cap:
            return


def read_jsonl_lines(lines: Iterable[bytes], name: str, stats: ReadStats,
                     gunzipped: GunzipReader | None = None) -> Iterator[RawDocument | InputError]:
    """One document per line; one InputError per bad line, the others go on. `gunzipped`: the
    gzip layer under the lines, whose failure (a cut or corrupt file) ends the input with an error."""
    seen_any = False
    cap = max_bytes()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        if gunzipped is not None and gunzipped.failure and not line.endswith(b"\n"):
            break  # the line the cut or corrupt data ended: reported below, not as malformed JSON
        item = _jsonl_record(line, f"{name}:{number}", name, stats)
        if not seen_any and isinstance(item, InputError) and not line.lstrip().startswith(b"{"):
            # The first record is not even an object: a binary file, an HTML page or an article
            # read as JSON Lines. One error for the file, not one per line.
            what = "binary file" if is_binary(line) else f"line {number} is not a JSON object"
            yield InputError(name, f"not JSON Lines ({what})")
            return
        seen_any = True
        yield item
        if len(line) > cap:
            yield InputError(name, f"not read past line {number} (a line {cap_text()})")
            return
    if gunzipped is not None and gunzipped.failure:
        yield InputError(name, f"truncated or corrupt gzip file ({gunzipped.failure})")
    elif not seen_any:
        yield InputError(name, "empty file")


def _jsonl_record(line: bytes, where: str, name: str, stats: ReadStats) -> RawDocument | InputError:
    if len(line) > max_bytes():
        return InputError(where, f"too large ({cap_text()})")
    try:
        record = json.loads(line)
    except (ValueError, UnicodeDecodeError) as err:
        return InputError(where, f"malformed JSON line ({err})")
    except RecursionError:  # [[[[...]]]] deeper than Python's stack: hostile, not a page
        return InputError(where, "malformed JSON line (nested too deeply)")
    if not isinstance(record, dict):
        return InputError(where, "JSON line is not an object")
    html, text = record.get("html"), record.get("text")
    if not isinstance(html, str) and not isinstance(text, str):
        for key, value in (("html", html), ("text", text)):
            if value is not None:
                return InputError(where, f'"{key}" field is {_json_kind(value)}, not a string')
        return InputError(where, 'no "html" or "text" field')
    url = record.get("url") if isinstance(record.get("url"), str) else None
    common = {"source_path": name, **url_fields(url, where, stats), "title": _str_or_none(record.get("title")),
              "date": _str_or_none(record.get("date")),
              "fetched": _str_or_none(record.get("fetched") or record.get("fetch_time"))}
    if isinstance(html, str) and html.strip():
        return RawDocument(content=html, content_type="text/html", **common)
    if isinstance(text, str) and text.strip():
        return RawDocument(content=text, content_type="text/x-auto", **common)
    return InputError(where, "empty html/text field")


def _json_kind(value) -> str:
    """The JSON name of a decoded value's type, for messages."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return {dict: "an object", list: "an array", str: "a string"}.get(type(value), "null")


def _str_or_none(value) -> str | None:
    return value if isinstance(value, str) and value.strip() else None
