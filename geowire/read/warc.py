"""Web archives (WARC, WARC.gz): each HTML response or resource becomes a document, with its
target URI (kept when http(s)) and WARC date; other records are skipped and counted.

warcio parses the records. The gzip layer is inflated here (geowire.read.gzip.GunzipReader)
rather than by warcio, because warcio stops silently at a truncated member (it swallows the read
error), and inflates without an output limit: here a cut file is an InputError after the records
read before the cut, and a member that inflates past the size cap (a gzip bomb, or a record no
document could come from) ends the WARC with an InputError instead of inflating gigabytes.
Each member is one record, as the WARC standard (annex D) asks, so the cap holds per record.
"""
from __future__ import annotations

import io
from collections import Counter
from typing import BinaryIO, Iterator

from geowire.model import RawDocument
from geowire.read.errors import InputError, ReadStats, cap_text, max_bytes
from geowire.read.gzip import CHUNK, GZIP_MAGIC, GunzipReader
from geowire.read.pages import HTML_MEDIA_TYPES, html_content
from geowire.read.urls import url_fields


def read_warc(data: bytes, name: str, stats: ReadStats) -> Iterator[RawDocument | InputError]:
    """A WARC held in memory (standard input)."""
    yield from read_warc_stream(io.BytesIO(data), name, stats)


def read_warc_stream(stream: BinaryIO, name: str, stats: ReadStats) -> Iterator[RawDocument | InputError]:
    """HTML responses of a WARC (or WARC.gz) read from a stream; other records are skipped and counted."""
    from warcio.archiveiterator import ArchiveIterator

    raw = io.BufferedReader(stream) if not hasattr(stream, "peek") else stream
    gunzipped = None
    if raw.peek(2)[:2] == GZIP_MAGIC:
        gunzipped = GunzipReader(raw, member_limit=max_bytes())
        raw = io.BufferedReader(gunzipped, buffer_size=CHUNK)
    head = raw.peek(16)[:16]
    if gunzipped is not None and gunzipped.failure and not head.lstrip().startswith(b"WARC/"):
        # not "empty": its first member is bad
        if gunzipped.over_limit:
            yield InputError(name, f"too large ({gunzipped.failure})")
        else:
            yield InputError(name, f"corrupt gzip data ({gunzipped.failure})")
        return
    if not head:
        yield InputError(name, "empty file")
        return
    if not head.lstrip().startswith(b"WARC/"):
        yield InputError(name, "not a WARC file")
        return
    record = None
    records = ArchiveIterator(raw)
    # warcio writes a three-line warning on stderr for a record whose Content-Length is wrong,
    # and counts it in err_count: silenced here, reported below as one line.
    records.INC_RECORD = ""
    found = 0
    skipped: Counter = Counter()

    def over_limit() -> InputError | None:
        if gunzipped is None or not gunzipped.over_limit:
            return None
        # the member that overflowed, counted by the gzip layer: one record per member, as the standard asks
        return InputError(name, f"not read past record {gunzipped.inflater.members + 1} ({gunzipped.failure})")

    try:
        for record in records:
            item = _warc_record(record, name, stats)
            if isinstance(item, RawDocument) and _record_cut(record):
                break  # its content stops early: reported below
            if isinstance(item, str):
                stats.skipped[item] += 1
                skipped[item] += 1
            else:
                found += 1
                yield item
    except OSError:  # the file could not be read (an I/O error), which is not a corrupt WARC: the caller says so
        raise
    except Exception as err:  # noqa: BLE001 — warcio raises anything (even AttributeError) on a bad file
        if (error := over_limit()) is not None:
            yield error
            return
        failure = gunzipped.failure if gunzipped is not None else None
        reason = "truncated or corrupt WARC" if failure else "corrupt WARC"
        # warcio's own ArchiveLoadFailed says what it found; its internal errors (AttributeError on
        # a header it could not parse) mean nothing to a user: say which record is malformed.
        detail = str(err).strip() if type(err).__name__ == "ArchiveLoadFailed" else \
            f"record {found + sum(skipped.values()) + 1} is malformed"
        yield InputError(name, f"{reason} ({failure or detail})")
        return
    failure = gunzipped.failure if gunzipped is not None else None
    if (error := over_limit()) is not None:
        yield error
    elif failure or (record is not None and _record_cut(record)):
        yield InputError(name, f"truncated or corrupt WARC ({failure or 'last record cut short'})")
    elif records.err_count:
        yield InputError(name, f"corrupt WARC ({records.err_count} record(s) with a wrong Content-Length)")
    elif not found:
        # Without a word the run would end with nothing analysed and no reason given.
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(skipped.items()))
        yield InputError(name, f"no HTML pages in the WARC (skipped: {kinds or 'nothing'})")


def _record_cut(record) -> bool:
    """Whether the file ended before the record's declared Content-Length (a record
    without one, which the WARC standard requires, is the header of a cut record)."""
    if record.length is None:
        return True
    reader = record.raw_stream
    while reader is not None and not hasattr(reader, "limit"):
        reader = getattr(reader, "stream", None)
    if reader is None:
        return False
    while reader.read(CHUNK):  # consume the rest: a complete record leaves nothing unread
        pass
    return reader.limit > 0


def _warc_record(record, name: str, stats: ReadStats) -> RawDocument | InputError | str:
    """A RawDocument for an HTML response, else the kind of record skipped (a str)."""
    kind = record.rec_type
    if kind not in ("response", "resource"):
        return f"warc {kind}"
    uri = record.rec_headers.get_header("WARC-Target-URI")
    if kind == "response":
        if record.http_headers is None:
            return "warc response without HTTP headers"
        status = record.http_headers.get_statuscode()
        if not str(status).startswith("2"):
            return f"warc response status {status}"
        content_type = record.http_headers.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    media_type = content_type.split(";")[0].strip().lower()
    if media_type not in HTML_MEDIA_TYPES:
        return f"warc {kind} {media_type or 'without content type'}"
    source = f"{name}#{uri}" if uri else name
    cap = max_bytes()
    # warcio inflates an HTTP Content-Encoding here, a block at a time: reading at most cap + 1 bounds it
    content = record.content_stream().read(cap + 1)
    if len(content) > cap:
        return InputError(source, f"too large ({cap_text()})")
    return RawDocument(content=html_content(content, content_type), source_path=name, **url_fields(uri, source, stats),
                       fetched=record.rec_headers.get_header("WARC-Date"), content_type="text/html")
