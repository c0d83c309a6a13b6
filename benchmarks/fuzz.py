"""The long fuzz run: every reader, the URL-list parser, cleaning and analysis, over 100,000+ inputs.

    .venv/bin/python benchmarks/fuzz.py                       # 100,000 inputs, seed 0
    .venv/bin/python benchmarks/fuzz.py --inputs 5000 --seed 7

A deterministic mutation fuzzer (the approach of AFL and atheris' byte mutators, in pure
Python: atheris needs a clang-built CPython extension, which the locked environment does not
have, and hypothesis shrinks and replays well but generates a few hundred inputs a second —
it runs the same targets, bounded, in tests/test_fuzz.py). Seeds are the repository's own
fixture files and small pages built here; each input is a seed mutated 1–8 times (bit flips,
insertions of parser-sensitive tokens, deletions, duplications, truncations, splices of two
seeds, gzip wrapping). The targets and what counts as a crash are in tests/fuzz_targets.py; an
input that takes longer than --timeout seconds is a hang. Crashing inputs are saved under
--crashes with their message. Prints inputs, crashes and hangs per target, inputs/s and peak
memory; exits 1 if anything crashed or hung.
"""
from __future__ import annotations

import argparse
import gzip
import random
import resource
import signal
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fuzz_targets import (STREAM_FORMATS, Crash, analyze_texts, clean_text,  # noqa: E402
                                parse_url_list, read_bytes)
from tests.test_fuzz import feed, html_page, jsonl, warc  # noqa: E402

TOKENS = [b"<", b">", b"&", b"&amp;", b"&#0;", b"&#x110000;", b"]]>", b"<!--", b"<![CDATA[", b'"', b"'",
          "“”".encode(), b"\xc2\xa0", b"\xe2\x80\x8b", b"\xef\xbb\xbf", b"\xed\xa0\x80", b"\x00", b"\x1b", b"\r\n",
          b"\n\n", b"$", "€5bn".encode(), b"2015-03-18", b"18 March 2015", b"(", b"((((", b"...", b"U.S.",
          b" said ", b" according to ", b"Russia", b"NATO", b" signed a treaty ", b"javascript:alert(1)",
          b"http://", b"WARC/1.0\r\n", b"Content-Length: 99999999\r\n", b"\x1f\x8b\x08\x00", b"{", b"}", b"[",
          b'{"url": "', b"<item>", b"<entry>", b"<script>", b"</p><p>", b"\\ud800", b"%", b"\t"]
TARGETS = [*(f"read:{f}" for f in STREAM_FORMATS), "urls", "clean:auto", "clean:dump", "clean:plain",
           "clean:html", "analyze"]


def seeds() -> list[bytes]:
    """The fixture files of the repository, and pages built from a short article."""
    out = [p.read_bytes() for p in sorted((ROOT / "tests" / "fixtures").rglob("*"))
           if p.is_file() and p.stat().st_size < 200_000]
    article = ("Russia and South Ossetia signed a treaty in Moscow on 18 March 2015. \"We will defend it,\""
               " the minister said. NATO condemned the move, according to a spokesman.")
    for make in (html_page, feed, warc, jsonl):
        page = make("Treaty signed", article, "https://example.org/treaty")
        out += [page, gzip.compress(page)]
    out += [article.encode(), b"https://example.org/a\n# comment\nftp://x\njavascript:alert(1)\n"]
    return out


def mutate(data: bytes, pool: list[bytes], rnd: random.Random) -> bytes:
    buf = bytearray(data)
    for _ in range(rnd.randint(1, 8)):
        op = rnd.randrange(7)
        pos = rnd.randint(0, len(buf))
        if op == 0 and buf:  # flip a bit
            i = rnd.randrange(len(buf))
            buf[i] ^= 1 << rnd.randrange(8)
        elif op == 1:  # insert a parser-sensitive token
            buf[pos:pos] = rnd.choice(TOKENS) * rnd.choice((1, 1, 1, 3, 50))
        elif op == 2:  # delete a range
            del buf[pos:pos + rnd.randint(1, 64)]
        elif op == 3 and buf:  # duplicate a range
            i = rnd.randrange(len(buf))
            buf[pos:pos] = buf[i:i + rnd.randint(1, 256)]
        elif op == 4:  # truncate
            del buf[pos:]
        elif op == 5:  # splice with another seed
            other = rnd.choice(pool)
            buf = buf[:pos] + other[rnd.randint(0, len(other)):]
        elif op == 6 and rnd.random() < 0.2:  # wrap in gzip (readers inflate)
            buf = bytearray(gzip.compress(bytes(buf)))
    return bytes(buf[:200_000])


class Hang(Exception):
    pass


def _alarm(signum, frame):
    raise Hang()


def run(n_inputs: int, seed: int, timeout: float, crashes_dir: Path) -> int:
    from geowire.pipeline import Pipeline

    rnd = random.Random(seed)
    pool = seeds()
    pipeline = Pipeline()
    signal.signal(signal.SIGALRM, _alarm)
    done, crashed, hung = Counter(), Counter(), Counter()
    crashes_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    analysis_batch: list[bytes] = []

    def attempt(target: str, inputs: list[bytes]) -> None:
        signal.setitimer(signal.ITIMER_REAL, timeout * len(inputs))
        try:
            if target == "analyze":
                analyze_texts(pipeline, [d.decode("utf-8", "replace") for d in inputs])
            elif target == "urls":
                parse_url_list(inputs[0])
            elif target.startswith("read:"):
                read_bytes(inputs[0], target.split(":", 1)[1])
            else:
                kind = {"auto": "text/x-auto", "dump": "text/x-page-dump", "plain": "text/plain",
                        "html": "text/html"}[target.split(":", 1)[1]]
                data = inputs[0]
                clean_text(data if kind == "text/html" else data.decode("utf-8", "replace"), kind)
        except (Crash, Hang) as err:
            bucket = hung if isinstance(err, Hang) else crashed
            bucket[target] += 1
            name = f"{target.replace(':', '-')}-{sum(crashed.values()) + sum(hung.values()):04d}"
            (crashes_dir / f"{name}.bin").write_bytes(b"\n----\n".join(inputs))
            (crashes_dir / f"{name}.txt").write_text(f"{type(err).__name__}: {err}\n", encoding="utf-8")
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        done[target] += len(inputs)

    for i in range(n_inputs):
        target = TARGETS[i % len(TARGETS)]
        data = mutate(rnd.choice(pool), pool, rnd)
        if target == "analyze":  # analysed in batches, as the pipeline runs (nlp.pipe)
            analysis_batch.append(data[:3000])
            if len(analysis_batch) == 32:
                attempt("analyze", analysis_batch)
                analysis_batch = []
        else:
            attempt(target, [data])
        if (i + 1) % 10_000 == 0:
            print(f"  {i + 1:,} inputs, {sum(crashed.values())} crashes, {sum(hung.values())} hangs,"
                  f" {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    if analysis_batch:
        attempt("analyze", analysis_batch)
    seconds = time.perf_counter() - started
    total = sum(done.values())
    print(f"fuzz: {total:,} inputs (seed {seed}) in {seconds:.0f} s, {total / seconds:.0f} inputs/s,"
          f" peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    for target in TARGETS:
        print(f"  {target:<12} {done[target]:>8,} inputs  {crashed[target]} crashes  {hung[target]} hangs")
    print(f"crashes: {sum(crashed.values())}, hangs: {sum(hung.values())}"
          + (f" (inputs saved in {crashes_dir})" if crashed or hung else ""))
    return 1 if crashed or hung else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=100_000, help="inputs in all (default 100,000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds one input may take")
    parser.add_argument("--crashes", type=Path, default=Path("/tmp/geowire-fuzz-crashes"))
    args = parser.parse_args()
    sys.exit(run(args.inputs, args.seed, args.timeout, args.crashes))


if __name__ == "__main__":
    main()
