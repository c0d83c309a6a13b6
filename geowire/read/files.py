"""Paths to raw documents: files, directories, standard input and URL arguments, each handed to
the reader its format names (geowire.read.registry).

A file is opened without ever blocking on a named pipe, read at most up to the size cap (its size
is checked first, without reading), and inflated when it is gzip; WARC and JSON Lines files are
streamed instead, since they may be far larger than one document. A directory is walked sorted,
hidden entries skipped; an entry that is not a regular file (a named pipe, a socket, a device, a
dangling link, a link loop) is an InputError rather than silently left out.
"""
from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path
from typing import BinaryIO, Iterator

from geowire.read.errors import InputError, ReadStats, cap_text, max_bytes, replace_surrogates
from geowire.read.gzip import GZIP_MAGIC, inflate
from geowire.read.registry import READERS, extension_of, format_by_extension, sniff_format
from geowire.read.urls import fetch_all, is_url

STDIN_NAME = "<stdin>"
_KINDS = {stat.S_IFIFO: "a named pipe", stat.S_IFSOCK: "a socket", stat.S_IFCHR: "a character device",
          stat.S_IFBLK: "a block device"}


def read_path(path: str, input_format: str, stdin: BinaryIO | None, stats: ReadStats) -> Iterator:
    """The documents (and InputErrors) of one PATH argument."""
    if path == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        try:
            data = read_capped(stream, STDIN_NAME)
        except InputError as err:
            yield err
            return
        yield from read_bytes(data, STDIN_NAME, input_format, stats)
        return
    if is_url(path) and not os.path.exists(path):
        yield from fetch_all([path], stats)
        return
    target = Path(path)
    if target.is_dir():
        files, problems = directory_files(target)
        yield from problems
        if not files:
            if not problems:
                yield InputError(path, "directory with no readable files")
            return
        for file in files:
            yield from read_file(file, input_format, stats)
    elif target.exists():
        # A named pipe given by name is read (bash's <(command) is one): open_input never waits
        # for a writer. A socket cannot be read as a file.
        if stat.S_ISSOCK(target.stat().st_mode):
            yield InputError(path, "not a regular file (a socket)")
            return
        yield from read_file(target, input_format, stats)
    else:  # say why: a symbolic link loop or a permission problem is not a missing file
        yield InputError(path, _stat_failure(path))


def _stat_failure(path) -> str:
    try:
        os.stat(path)
    except OSError as err:
        if err.errno == errno.ELOOP:
            return "symlink loop"
        if err.errno == errno.ENOENT and os.path.islink(path):
            return "dangling symlink (its target does not exist)"
        return (err.strerror or "no such file or directory").lower()
    return "no such file or directory"


def directory_files(directory: Path) -> tuple[list[Path], list[InputError]]:
    """Every regular file under a directory, sorted by path, hidden files and folders skipped;
    and an InputError for each entry that cannot be read as a file: a folder that could not be
    listed (os.walk skips those silently), a named pipe, socket or device, a dangling symlink or
    a symlink loop. Symbolic links to folders are not followed, so a link loop cannot make the
    walk endless: a link back to a folder above is reported as a loop, any other as not followed."""
    found: list[Path] = []
    problems: list[tuple[Path, InputError]] = []

    def not_listed(err: OSError) -> None:
        where = err.filename or str(directory)
        problems.append((Path(where), InputError(where, err.strerror or str(err))))

    for root, dirs, files in os.walk(directory, onerror=not_listed):
        for name in [d for d in dirs if not d.startswith(".")]:
            entry = Path(root, name)
            if entry.is_symlink():
                here = Path(root).resolve()
                target = entry.resolve()
                reason = ("symlink loop (a link to a folder above it)" if target == here or target in here.parents
                          else "symbolic link to a folder, not followed")
                problems.append((entry, InputError(replace_surrogates(str(entry)), reason)))
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.startswith("."):
                continue
            entry = Path(root, name)
            reason = _not_a_file(entry)
            if reason is None:
                found.append(entry)
            else:
                problems.append((entry, InputError(replace_surrogates(str(entry)), reason)))

    def order(path: Path):
        try:
            return path.relative_to(directory).parts
        except ValueError:
            return path.parts

    found.sort(key=order)
    problems.sort(key=lambda p: order(p[0]))
    return found, [error for _, error in problems]


def _not_a_file(entry: Path) -> str | None:
    """Why a directory entry is not read as a file, or None for a regular file (or a link to one)."""
    try:
        mode = os.stat(entry).st_mode
    except OSError:
        return _stat_failure(entry)
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "symbolic link to a folder, not followed"  # os.walk lists a link loop among files
    return f"not a regular file ({_KINDS.get(stat.S_IFMT(mode), 'a special file')})"


def open_input(file: Path) -> BinaryIO:
    """open(file, "rb"), except that a named pipe is opened without waiting for a writer
    (open() would block forever on a FIFO nobody writes to): it then reads as empty, while a
    pipe that has a writer, such as bash's <(command), is read as usual."""
    fd = os.open(file, os.O_RDONLY | os.O_NONBLOCK)
    os.set_blocking(fd, True)  # reads wait for a writer's data, but end at once when there is none
    return os.fdopen(fd, "rb")


def read_capped(stream: BinaryIO, name: str) -> bytes:
    """All of a stream, or an InputError past the size cap (never more than cap + 1 bytes read)."""
    cap = max_bytes()
    data = stream.read(cap + 1)
    if isinstance(data, str):  # a text stream was passed: take its text as UTF-8
        data = data.encode("utf-8")
    if len(data) > cap:
        raise InputError(name, f"too large ({cap_text()})")
    return data


def read_file(file: Path, input_format: str, stats: ReadStats) -> Iterator:
    """The documents of one file, in a format or ("auto") as its name and content say."""
    name = replace_surrogates(str(file))  # a non-UTF-8 file name could not be stored or printed
    ext, compressed = extension_of(file.name)
    chosen = input_format if input_format != "auto" else format_by_extension(ext)
    try:
        if chosen is not None and READERS[chosen].read_stream is not None:
            # streamed: a WARC or a JSON Lines file may be far larger than one document
            with open_input(file) as fh:
                yield from READERS[chosen].read_stream(fh, name, stats)
            return
        if file.stat().st_size > max_bytes() and not compressed:
            yield InputError(name, f"too large ({cap_text()})")
            return
        with open_input(file) as fh:
            data = read_capped(fh, name)
        if data[:2] == GZIP_MAGIC:
            data = inflate(data, name)
    except InputError as err:
        yield err
        return
    except OSError as err:
        yield InputError(name, err.strerror or str(err), io_error=True)
        return
    fmt = input_format
    if fmt == "auto":  # the name first (.xml settled by the content), else the content
        fmt = format_by_extension(ext, data) or sniff_format(data)
    yield from READERS[fmt].read(data, name, stats)


def read_bytes(data: bytes, name: str, input_format: str, stats: ReadStats) -> Iterator:
    """One input held in memory (standard input), inflated when gzip (a WARC inflates its own),
    in a format or ("auto") as its content says."""
    if data[:2] == GZIP_MAGIC and input_format != "warc":
        try:
            data = inflate(data, name)
        except InputError as err:
            yield err
            return
    fmt = sniff_format(data) if input_format == "auto" else input_format
    yield from READERS[fmt].read(data, name, stats)
