"""Inflating gzip and deflate data as a stream, in pieces of bounded size, with an output limit.

One `Inflater` serves every reader that inflates: gzip files held in memory (`inflate`), the gzip
layer of a WARC (`GunzipReader`, a raw stream for warcio) and HTTP bodies sent with
Content-Encoding gzip or deflate (geowire.read.urls). A few kilobytes of hostile input can
inflate to gigabytes: zlib is asked for at most CHUNK bytes at a time (`max_length`), so memory
stays bounded and work stays linear, and past the limit inflating stops with `OverLimit`.

Checked and not taken: `gzip.GzipFile` raises at a cut or corrupt end, which warcio swallows
(a cut WARC.gz would end silently), and has no output limit; warcio's own gzip reader and
httpx's decoders inflate a whole input chunk at once (a 64 KiB chunk of a bomb is 64 MB).
"""
from __future__ import annotations

import io
import zlib
from typing import BinaryIO, Iterator

from geowire.read.errors import InputError, cap_text, max_bytes

GZIP_MAGIC = b"\x1f\x8b"
CHUNK = 1 << 16  # bytes read, and bytes inflated, at a time


class InflateError(Exception):
    """Corrupt or cut compressed data; `truncated` when it ends in the middle of a member."""

    def __init__(self, reason: str, truncated: bool = False):
        super().__init__(reason)
        self.truncated = truncated


class OverLimit(InflateError):
    """The output passed the limit (of a member, or of the whole, see `Inflater`)."""


class Inflater:
    """Streaming decompression: `feed` compressed bytes, get inflated pieces of at most CHUNK
    bytes; `finish` at the end of the input says whether it was cut.

    kind "gzip": any number of members, one after the other; bytes after the last member that
    are not another member are ignored, as gzip(1) does. kind "deflate" (HTTP's): zlib-wrapped,
    or raw deflate as some servers send it. `limit`: the most bytes of output, over the whole
    input, or over each gzip member when `per_member` (a WARC.gz is one member per record).
    """

    def __init__(self, kind: str = "gzip", limit: int | None = None, per_member: bool = False):
        self.kind = kind
        self.limit = limit
        self.per_member = per_member
        self.members = 0  # members ended
        self.total = 0  # bytes output
        self.member_total = 0
        self.done = False  # the end of the compressed data was found; more input is ignored
        self._zlib = None  # the inflater of the current member, None between members
        self._held = b""  # the first byte of what may be the next member's magic
        self._fed = False
        self._wbits = 16 + zlib.MAX_WBITS if kind == "gzip" else 32 + zlib.MAX_WBITS

    def feed(self, data: bytes) -> Iterator[bytes]:
        first = not self._fed
        self._fed = True
        data = self._held + data if self._held else data
        self._held = b""
        while data and not self.done:
            if self._zlib is None:
                if self.kind == "gzip" and self.members:  # another member, or trailing garbage?
                    if len(data) < 2:
                        self._held = data
                        return
                    if data[:2] != GZIP_MAGIC:
                        self.done = True
                        return
                self._zlib = zlib.decompressobj(self._wbits)
                self.member_total = 0
            try:
                data = yield from self._drain(data)
            except zlib.error as err:
                if first and self.kind == "deflate" and self._wbits > 0 and not self.total:
                    self._wbits, self._zlib = -zlib.MAX_WBITS, None  # raw deflate, without the zlib header
                    continue
                raise InflateError(str(err)) from None

    def _drain(self, data: bytes) -> Iterator[bytes]:
        """Inflate `data` into the current member, CHUNK bytes at a time; what follows the
        member's end is returned (b"" when the member goes on)."""
        inflater = self._zlib
        while True:
            out = inflater.decompress(data, CHUNK)
            data = inflater.unconsumed_tail
            if out:
                self.total += len(out)
                self.member_total += len(out)
                if self.limit is not None and (self.member_total if self.per_member else self.total) > self.limit:
                    self.done = True
                    raise OverLimit("over the limit")
                yield out
            if inflater.eof:
                self.members += 1
                self._zlib = None
                if self.kind != "gzip":
                    self.done = True
                return inflater.unused_data
            if not out and not data:
                return b""  # all input consumed and nothing left to output: wait for more

    def finish(self) -> None:
        """At the end of the input: an InflateError when it stopped inside a member."""
        if self._zlib is not None and not self.done:
            raise InflateError("compressed data ends early", truncated=True)


def inflate(data: bytes, name: str) -> bytes:
    """Gzip data (every member) inflated, at most settings().max_document_bytes of it; a cut, a
    corrupt stream or more output than that is an InputError naming the input."""
    inflater = Inflater(limit=max_bytes())
    try:
        out = b"".join(inflater.feed(data))
        inflater.finish()
    except OverLimit:
        raise InputError(name, f"too large ({cap_text()} uncompressed)") from None
    except InflateError as err:
        if err.truncated:
            raise InputError(name, "truncated gzip file (compressed data ends early)") from None
        raise InputError(name, f"corrupt gzip data ({err})") from None
    return out


class GunzipReader(io.RawIOBase):
    """A multi-member gzip stream, inflated as it is read, each member at most `member_limit`
    bytes. At a cut, corrupt or oversized member it stops (reads as the end of the stream) and
    says why in `failure`, with `over_limit` set for the last: the reader above it (warcio) sees
    a stream that ends, and geowire.read.warc words the error."""

    def __init__(self, fh: BinaryIO, member_limit: int | None = None):
        self.fh = fh
        self.inflater = Inflater(limit=member_limit, per_member=True)
        self.pieces = self._pieces()
        self.pending = memoryview(b"")  # sliced as a view: no copy of the rest at each read
        self.done = False
        self.failure: str | None = None
        self.over_limit = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self.pending and not self.done:
            try:
                self.pending = memoryview(next(self.pieces))
            except StopIteration:
                self.done = True
            except OverLimit:
                self.done, self.over_limit = True, True
                self.failure = f"a gzip member {cap_text()} uncompressed"
            except InflateError as err:
                self.done, self.failure = True, str(err)
        size = min(len(buffer), len(self.pending))
        buffer[:size] = self.pending[:size]
        self.pending = self.pending[size:]
        return size

    def _pieces(self) -> Iterator[bytes]:
        while not self.inflater.done:
            chunk = self.fh.read(CHUNK)
            if not chunk:
                self.inflater.finish()
                return
            yield from self.inflater.feed(chunk)
