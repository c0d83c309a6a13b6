#!/usr/bin/env python3
"""Speed of geowire's pipeline, stage by stage and end to end, against one bare spaCy pass.

Over the first --docs pages (default 60) of the public article-extraction benchmark
($GEOWIRE_DATA/data/article-extraction-benchmark/html, default ../shared), one run of
`Pipeline.analyze` on the raw pages is timed end to end, with each stage timed inside it:
read (`geowire.read.iter_raw`), clean (`geowire.pipeline.clean`), the spaCy pass (the
pipeline's own `nlp.pipe` at its batch size), actor linking (`geowire.actors.linker.link_actors`)
and each extractor of `geowire.extract.EXTRACTORS`; "other" is what is left (dossier
assembly). The stages are timed by thin wrappers around the very functions the pipeline
calls (a clock read per call), so the breakdown and the total come from the same run.

The baseline is a bare spaCy pass: the same English bodies (articles and teasers) through
a freshly loaded `spacy.load(MODEL)` with its default components and a plain `nlp.pipe`.
Both spaCy passes start from a freshly loaded model (cold vocabulary), model loading
excluded. Rates are per input page (documents/s) and per word of the analysed bodies
(words/s), wall clock on one core: BLAS threads are capped at one, so CPU time ≈ wall time
on an idle machine (both are printed; a load average above ~1.5 inflates wall time).
Python's cyclic GC pauses are counted in whichever stage they fall in and reported in
total, so a small stage may move by ~0.1 s between runs. Peak memory is ru_maxrss after
loading, after the full analysis, and at the end (the bare pass loads a second model).
60 pages take ~20 s on one core of this machine, all 181 pages about a minute.

    .venv/bin/python benchmarks/bench_speed.py [--docs 60] [--json]
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):  # one core, before numpy loads
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import dataclasses  # noqa: E402
import gc  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Callable, Iterable, Iterator  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geowire.settings import shared_data  # noqa: E402

PAGES = "data/article-extraction-benchmark/html"
WARM_UP_PAGE = """<html><head><title>Ministers sign a trade deal</title>
<meta property="article:published_time" content="2024-03-05"></head><body><article>
<h1>Ministers sign a trade deal</h1>
<p>The Russian Foreign Ministry said on Tuesday that Moscow and Ankara had signed an agreement worth
$2 billion. "We welcome this step," the Turkish foreign minister told reporters last week.</p>
<p>The European Union accused the two governments of ignoring sanctions, and officials said the
deal would take effect in 2025, according to a statement by the ministry.</p>
</article></body></html>"""


@dataclass
class Clock:
    """Wall and CPU seconds spent in one stage, summed over calls."""
    wall: float = 0.0
    cpu: float = 0.0
    calls: int = 0

    def timed(self, fn: Callable) -> Callable:
        def wrapper(*args, **kwargs):
            w, c = time.perf_counter(), time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                self.add(w, c)
        return wrapper

    def timed_iter(self, items: Iterable) -> Iterator:
        """The items of a lazy iterator, with the time spent producing each one counted."""
        it = iter(items)
        while True:
            w, c = time.perf_counter(), time.process_time()
            try:
                item = next(it)
            except StopIteration:
                self.add(w, c)
                return
            self.add(w, c)
            yield item

    def add(self, w: float, c: float) -> None:
        self.wall += time.perf_counter() - w
        self.cpu += time.process_time() - c
        self.calls += 1


class GcPauses:
    """Time spent in Python's cyclic garbage collector (a gc callback): its pauses fall inside
    whichever stage is running, so a stage's time may move by a pause between runs."""

    def __init__(self):
        self.seconds, self.collections, self._start = 0.0, [0, 0, 0], 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._start
            self.collections[info["generation"]] += 1


class TimedNlp:
    """The pipeline's spaCy model, with the documents `pipe` yields timed."""

    def __init__(self, nlp, clock: Clock):
        self._nlp, self._clock = nlp, clock

    def pipe(self, texts, **kwargs):
        return self._clock.timed_iter(self._nlp.pipe(texts, **kwargs))

    def __getattr__(self, name):
        return getattr(self._nlp, name)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def words(text: str) -> int:
    return len(text.split())


def page_files(data: Path, n: int) -> list[str]:
    folder = data / PAGES
    files = sorted(folder.glob("*.html*"))
    if not files:
        sys.exit(f"no benchmark pages in {folder}: set GEOWIRE_DATA to the shared data directory")
    return [str(f) for f in files[:n]]


def analysed_bodies(dossiers) -> list[str]:
    """The bodies the pipeline parsed: each English article and teaser, in the order it parsed them."""
    docs = [d for dos in dossiers for d in (dos.document, *(r.document for r in dos.related))]
    return [d.body for d in docs if (d.language or "en") == "en"]


def run_pipeline(files: list[str]) -> dict:
    """One instrumented `Pipeline.analyze` over the pages: total and per-stage times."""
    import geowire.actors.linker
    import geowire.pipeline
    from geowire.model import RawDocument
    from geowire.pipeline import Failure, Pipeline
    from geowire.read import iter_raw

    w, c = time.perf_counter(), time.process_time()
    pipe = Pipeline()
    # what loads on first use (the cleaners' libraries, the gazetteer's matchers, the extractors'
    # lexicons, dateparser's data) is loaded here, outside the timing, by one short page
    list(pipe.analyze([RawDocument(WARM_UP_PAGE.encode(), source_path="warm-up.html", content_type="text/html")]))
    load = {"wall": time.perf_counter() - w, "cpu": time.process_time() - c}
    components = {"run": list(pipe.nlp.pipe_names), "disabled": list(pipe.nlp.disabled)}
    rss_loaded = peak_rss_mb()

    clocks = {name: Clock() for name in ("read", "clean", "spacy", "actors", *(e.name for e in pipe.extractors))}
    originals = geowire.pipeline.clean, geowire.actors.linker.link_actors
    geowire.pipeline.clean = clocks["clean"].timed(originals[0])
    geowire.actors.linker.link_actors = clocks["actors"].timed(originals[1])
    pipe.extractors = [dataclasses.replace(e, func=clocks[e.name].timed(e.func)) for e in pipe.extractors]
    pipe.nlp = TimedNlp(pipe.nlp, clocks["spacy"])
    gc_pauses = GcPauses()
    gc.callbacks.append(gc_pauses)
    try:
        w, c = time.perf_counter(), time.process_time()
        results = list(pipe.analyze(clocks["read"].timed_iter(iter_raw(files, "auto"))))
        total = {"wall": time.perf_counter() - w, "cpu": time.process_time() - c}
    finally:
        gc.callbacks.remove(gc_pauses)
        geowire.pipeline.clean, geowire.actors.linker.link_actors = originals
    dossiers = [r for r in results if not isinstance(r, Failure)]
    return {"dossiers": dossiers, "failures": [str(r) for r in results if isinstance(r, Failure)],
            "clocks": clocks, "total": total, "gc": {"seconds": gc_pauses.seconds, "collections": gc_pauses.collections}, "load": load, "components": components,
            "batch_size": pipe.batch_size, "rss_loaded": rss_loaded, "rss_peak": peak_rss_mb()}


def run_bare_spacy(bodies: list[str]) -> dict:
    """The same bodies through a freshly loaded model: default components, plain nlp.pipe."""
    import spacy

    from geowire.nlp import MODEL

    nlp = spacy.load(MODEL)
    w, c = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(bodies):
        pass
    return {"wall": time.perf_counter() - w, "cpu": time.process_time() - c, "components": list(nlp.pipe_names),
            "batch_size": nlp.batch_size}


def report(files: list[str], run: dict, bare: dict) -> dict:
    bodies = analysed_bodies(run["dossiers"])
    n_pages, n_words = len(files), sum(words(b) for b in bodies)
    total = run["total"]
    stages = {}
    for name, clock in run["clocks"].items():
        stages[name] = {"wall_s": clock.wall, "cpu_s": clock.cpu}
    stages["other"] = {"wall_s": total["wall"] - sum(c.wall for c in run["clocks"].values()),
                       "cpu_s": total["cpu"] - sum(c.cpu for c in run["clocks"].values())}
    stages["full analysis"] = {"wall_s": total["wall"], "cpu_s": total["cpu"]}
    stages["bare spaCy pass"] = {"wall_s": bare["wall"], "cpu_s": bare["cpu"]}
    for name, s in stages.items():
        s["docs_per_s"] = n_pages / s["wall_s"] if s["wall_s"] > 0 else None
        s["words_per_s"] = n_words / s["wall_s"] if s["wall_s"] > 0 else None
        s["share"] = s["wall_s"] / total["wall"]
    return {
        "pages": n_pages, "failures": run["failures"], "analysed_documents": len(bodies), "words": n_words,
        "load_average": os.getloadavg()[0],
        "spacy": {"pipeline_components": run["components"]["run"], "pipeline_disabled": run["components"]["disabled"],
                  "pipeline_batch_size": run["batch_size"], "bare_components": bare["components"],
                  "bare_batch_size": bare["batch_size"]},
        "stages": stages,
        "full_over_bare": total["wall"] / bare["wall"],
        "full_over_bare_cpu": total["cpu"] / bare["cpu"],
        "gc_pauses": {"seconds": run["gc"]["seconds"], "share": run["gc"]["seconds"] / total["wall"],
                      "collections_by_generation": run["gc"]["collections"]},
        "model_and_gazetteer_load_s": run["load"]["wall"],
        "peak_rss_mb": {"after_load": run["rss_loaded"], "full_analysis": run["rss_peak"], "process": peak_rss_mb()},
    }


def print_table(r: dict) -> None:
    sp = r["spacy"]
    print(f"{r['pages']} pages ({len(r['failures'])} without article), {r['analysed_documents']} English bodies "
          f"analysed (articles and teasers), {r['words']:,} words; load average {r['load_average']:.2f}")
    print(f"spaCy components run by the pipeline: {', '.join(sp['pipeline_components'])} "
          f"(disabled: {', '.join(sp['pipeline_disabled']) or 'none'}), batch size {sp['pipeline_batch_size']}; "
          f"bare pass: {', '.join(sp['bare_components'])}, batch size {sp['bare_batch_size']}")
    print()
    print(f"{'stage':<16} {'wall s':>7} {'cpu s':>7} {'docs/s':>7} {'words/s':>8} {'share':>6}")
    for name, s in r["stages"].items():
        if name == "full analysis":
            print("-" * 56)
        print(f"{name:<16} {s['wall_s']:>7.2f} {s['cpu_s']:>7.2f} {s['docs_per_s']:>7.2f} "
              f"{s['words_per_s']:>8,.0f} {s['share']:>6.1%}")
    print()
    rss = r["peak_rss_mb"]
    print(f"full analysis / bare spaCy pass: {r['full_over_bare']:.2f} (wall), {r['full_over_bare_cpu']:.2f} (cpu)")
    gcp = r["gc_pauses"]
    print(f"cyclic GC pauses inside the full analysis (counted in the stages they fell in): {gcp['seconds']:.2f} s "
          f"({gcp['share']:.1%}), collections by generation {gcp['collections_by_generation']}")
    print(f"model + gazetteer load (not in the figures): {r['model_and_gazetteer_load_s']:.1f} s")
    print(f"peak RSS: {rss['after_load']:.0f} MB after loading, {rss['full_analysis']:.0f} MB after the full "
          f"analysis, {rss['process']:.0f} MB with the bare-pass model also loaded")
    for f in r["failures"]:
        print(f"  no dossier: {f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=60, help="pages to analyse (default 60: about a minute)")
    parser.add_argument("--data", type=Path, default=shared_data(), help="shared data directory")
    parser.add_argument("--json", action="store_true", help="print the results as one JSON object")
    args = parser.parse_args()

    load1 = os.getloadavg()[0]
    print(f"load average {load1:.2f} on {os.cpu_count()} CPUs" + ("  (busy machine: figures will be low)"
                                                                   if load1 > 1.5 else ""), file=sys.stderr)
    files = page_files(args.data, args.docs)
    run = run_pipeline(files)
    bare = run_bare_spacy(analysed_bodies(run["dossiers"]))
    result = report(files, run, bare)
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        print_table(result)


if __name__ == "__main__":
    main()
