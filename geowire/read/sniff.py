"""Telling what bytes are: binary or text, UTF-8 or not, and which container format their first
bytes look like. The format sniffers are plain predicates on the head of an input; the reader
table (geowire.read.registry) says which one belongs to which format, and in what order they
are tried."""
from __future__ import annotations

import codecs
import json
import re

from geowire.read.errors import InputError

SNIFF_BYTES = 4096  # how much of an input the format sniffers look at
# Share of control bytes (other than tab, newlines, form feed, escape) above which a file is binary.
MAX_CONTROL_SHARE = 0.05
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27)) + b"\x7f"
_HTML_SNIFF_RE = re.compile(rb"<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|meta\s|title>)", re.I)
_FEED_SNIFF_RE = re.compile(rb"<(rss[\s>]|feed[\s>]|rdf:rdf[\s>])", re.I)


# --- binary or text ---------------------------------------------------------------------------

def looks_utf16(data: bytes) -> bool:
    """UTF-16 without a byte-order mark: mostly text whose every other byte is NUL (ASCII
    characters), which is_binary would call binary."""
    sample = data[:8192]
    if len(sample) < 16:
        return False
    even, odd = sample[0::2], sample[1::2]
    return max(even.count(0) / len(even), odd.count(0) / len(odd)) > 0.7 and min(even.count(0), odd.count(0)) == 0


def is_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(sample.count(bytes([b])) for b in _CONTROL_BYTES)
    return controls > MAX_CONTROL_SHARE * len(sample)


def reject_binary(data: bytes, name: str) -> None:
    """An InputError for UTF-16 without a byte-order mark and for binary data."""
    if looks_utf16(data):
        raise InputError(name, "not UTF-8 text (UTF-16 without a byte-order mark)")
    if is_binary(data):
        raise InputError(name, "binary file, not text or HTML")


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 text (a BOM is dropped), or an InputError: empty, binary, not UTF-8."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(name, "not UTF-8 text (UTF-16)")
    reject_binary(data, name)
    # is_binary samples the start only; a NUL further on is still not text (and would end
    # the text early in C libraries): say where it is rather than analyse a corrupt file
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(name, f"NUL byte at offset {nul}, not a text file")
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError(name, f"not UTF-8 text (invalid byte at offset {err.start})") from None
    if not text.strip():
        raise InputError(name, "empty file")
    return text


def check_html_bytes(data: bytes, name: str) -> None:
    """HTML may be in any encoding, but not empty and not binary (UTF-16/32 with a BOM is fine)."""
    if not data.strip():
        raise InputError(name, "empty file")
    if not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        reject_binary(data, name)


# --- which format -------------------------------------------------------------------------------
# Each takes `head(data)`: the first SNIFF_BYTES, without a UTF-8 byte-order mark. No two of them
# accept the same head, so the order in which they are tried does not matter.

def head(data: bytes) -> bytes:
    data = data[:SNIFF_BYTES]
    return data[3:] if data.startswith(codecs.BOM_UTF8) else data


def looks_warc(head: bytes) -> bool:
    return head.lstrip().startswith(b"WARC/")


def looks_feed(head: bytes) -> bool:
    stripped = head.lstrip()
    return bool(_FEED_SNIFF_RE.search(head)) and (stripped.startswith(b"<?xml") or bool(_FEED_SNIFF_RE.match(stripped)))


def looks_html(head: bytes) -> bool:
    """Markup with an HTML tag, and not a feed (an RSS item has a <title> too)."""
    return head.lstrip().startswith(b"<") and bool(_HTML_SNIFF_RE.search(head)) and not looks_feed(head)


def looks_jsonl(head: bytes) -> bool:
    """A first line that is a JSON object with an "html" or "text" field."""
    stripped = head.lstrip()
    if not stripped.startswith(b"{"):
        return False
    try:
        record = json.loads(stripped.split(b"\n", 1)[0])
    except ValueError:
        return False
    return isinstance(record, dict) and ("html" in record or "text" in record)
