"""Score geowire on the agreements/attributions dev set (benchmarks/devset/).

    python benchmarks/eval_devset.py [--min-document 0.8] [--min-agreements-recall 0.5]
                                     [--min-agreements-f1 0.5] [--min-agreements-fields 0.5]
                                     [--min-attributions-recall 0.5] [--min-attributions-f1 0.5]
                                     [--min-attributions-fields 0.5] [--page STEM]
                                     [--part tune|held] [--verbose]

For each benchmarks/devset/*.gold.yaml, analyses the page its `source:` names (a path under
$GEOWIRE_DATA, default ../shared: the article-extraction benchmark's HTML pages) exactly as
`geowire analyze PAGE --format json --no-store` does, with one Pipeline loaded once, and scores
the dossier with $GEOWIRE_DATA/tools/score_dossier.py (imported, so the figures are CI's).

Prints, per page: the document score (title, publisher, date, body checks) with the checks it
missed, agreements and attributions tp/fp/fn, precision, recall, F1 and their field accuracy,
and the recall of the actors the gold lists (the gold lists only the actors its facts name, so
actor precision is not meaningful here). Then the aggregate over all pages: the mean document
score and the share of each document check passed; agreements and attributions micro-averaged
(tp, fp, fn summed over pages) with each field's accuracy pooled over all matched pairs.

Agreements are also scored on `status` and `status_date` (STATUS_FIELDS), which score_dossier does
not know yet: its list scorer is wrapped so that they are two more fields of the agreements
section, pooled into agreements.fields. --part picks the tuning or the held-out pages (a gold
file's `part:`, else the first rule, TUNE_PAGES); gold files without a `document` section (the
PolNeAR texts) have no document score.

The --min bars apply to the aggregate figures; the script exits 1 if one is missed, 2 if the
dev set or the pages are missing. --verbose prints the scorer's MATCH / MISS / FP lines.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

import yaml

from geowire.settings import load_shared_tool, shared_data

DEVSET = Path(__file__).resolve().parent / "devset"
SECTIONS = ("agreements", "attributions")
# Tuning / held-out split: a gold file's `part:` (tune | held) says which; the first seventeen
# pages, which have none, split by the first rule: the first TUNE_PAGES by name are for tuning,
# the rest held out (develop on --part tune, report --part held separately).
TUNE_PAGES = 11
# Agreement fields this script scores itself (score_dossier does not know them yet): the stage and
# its date, compared as score_dossier compares a scalar and a date, pooled into agreements.fields.
STATUS_FIELDS = (("status", "status", "eq_score"), ("status_date", "status_date", "date_score"))
# the document checks the aggregate reports (score_dossier's groups), in this order
DOC_CHECKS = ("title", "publisher", "date", "body_includes", "body_excludes")


def bars(args) -> list[tuple[str, str, float]]:
    """(option name, aggregate figure, bar) for each --min given."""
    wanted = [("document", "document.score", args.min_document)]
    for sec in SECTIONS:
        for what in ("recall", "f1", "fields"):
            wanted.append((f"{sec}-{what}", f"{sec}.{what}", getattr(args, f"min_{sec}_{what}")))
    return [(name, fig, bar) for name, fig, bar in wanted if bar is not None]


def with_status(sd):
    """score_dossier with the agreements' status and status_date scored as two more fields: its
    score_list, wrapped so that the agreements section gets STATUS_FIELDS (the pairing, the
    figures and the verbose lines stay score_dossier's own)."""
    if getattr(sd, "_status_wrapped", False):
        return sd
    plain = sd.score_list

    def score_list(rep, sec, golds, preds, match, fields, keys, credit=None, absorb=None):
        if sec.split(".")[-1] == "agreements":
            fields = [*fields, *((f, k, getattr(sd, fn)) for f, k, fn in STATUS_FIELDS)]
            keys = (*keys, "status")
        return plain(rep, sec, golds, preds, match, fields, keys, credit, absorb)

    sd.score_list, sd._status_wrapped = score_list, True
    return sd


# A PolNeAR text's publication date is in its name (publisher_YYYY-MM-DD_slug), as the corpus
# gives it; a plain text has no metadata, so the date is passed as a feed or JSONL container
# would pass it (RawDocument.date): relative dates ("last year", "on Saturday") resolve against it.
POLNEAR_DATE = re.compile(r"^data/polnear-train/text/[^/_]+_(\d{4}-\d{2}-\d{2})_[^/]*\.txt$")


def with_date(raws, source: str):
    """The raw documents of one source, with the PolNeAR text's date set (see POLNEAR_DATE)."""
    m = POLNEAR_DATE.match(source)
    for raw in raws:
        if m and getattr(raw, "date", "") is None:
            raw.date = m.group(1)
        yield raw


def part_of(gold: dict, path: Path, first: list[Path]) -> str:
    """tune or held: the gold file's `part:`, else the first rule (see TUNE_PAGES)."""
    if gold.get("part") in ("tune", "held"):
        return gold["part"]
    return "tune" if path in first[:TUNE_PAGES] else "held"


def score_page(sd, gold: dict, pred: dict, verbose: bool) -> dict:
    """score_dossier's figures of one page (its --json dict, plus attribute counts)."""
    rep = sd.Report(verbose_stream=sys.stdout if verbose else None)
    sd.score_dossier(rep, gold, pred)
    return {"fig": dict(rep.fig), "n": dict(rep.attr_n)}


def fmt(v) -> str:
    return "  -  " if v is None else f"{v:.3f}"


def prf(tp: float, fp: float, fn: float) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else float(tp + fn == 0)
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def section_line(fig: dict, sec: str) -> str:
    if f"{sec}.f1" not in fig:
        return f"{sec:<13} (not in gold)"
    fields = fig.get(f"{sec}.fields")
    return (f"{sec:<13} tp {fig[sec + '.tp']:g} fp {fig[sec + '.fp']:g} fn {fig[sec + '.fn']:g}"
            f"   P {fig[sec + '.precision']:.3f} R {fig[sec + '.recall']:.3f} F1 {fig[sec + '.f1']:.3f}"
            f"   fields {fmt(fields)}")


def aggregate(pages: list[dict]) -> dict:
    agg: dict = {}
    docs = [p["fig"]["document.score"] for p in pages if "document.score" in p["fig"]]
    agg["document.score"] = sum(docs) / len(docs) if docs else None
    for check in DOC_CHECKS:
        vals = [p["fig"][f"document.{check}"] for p in pages if f"document.{check}" in p["fig"]]
        agg[f"document.{check}"] = sum(vals) / len(vals) if vals else None
        agg[f"document.{check}.pages"] = len(vals)
    for sec in (*SECTIONS, "actors"):
        scored = [p["fig"] for p in pages if f"{sec}.f1" in p["fig"]]
        tp, fp, fn = (sum(f[f"{sec}.{k}"] for f in scored) for k in ("tp", "fp", "fn"))
        p_, r_, f_ = prf(tp, fp, fn)
        agg.update({f"{sec}.tp": tp, f"{sec}.fp": fp, f"{sec}.fn": fn,
                    f"{sec}.precision": p_, f"{sec}.recall": r_, f"{sec}.f1": f_, f"{sec}.pages": len(scored)})
        # each field's accuracy pooled over every matched pair of every page
        sums: dict[str, list[float]] = {}
        for page in pages:
            for key, n in page["n"].items():
                if key.startswith(sec + ".") and key in page["fig"]:
                    s = sums.setdefault(key, [0.0, 0])
                    s[0], s[1] = s[0] + page["fig"][key] * n, s[1] + n
        for key, (total, n) in sums.items():
            agg[key], agg[key + ".n"] = total / n, n
        if f"{sec}.fields" not in sums:
            agg[f"{sec}.fields"] = None
    return agg


def print_aggregate(agg: dict, n_pages: int) -> None:
    print(f"\n== aggregate over {n_pages} pages")
    print(f"document      mean score {fmt(agg['document.score'])}   "
          + "  ".join(f"{c} {fmt(agg[f'document.{c}'])} (n={agg[f'document.{c}.pages']})"
                      for c in DOC_CHECKS if agg[f"document.{c}.pages"]))
    for sec in SECTIONS:
        print(f"{sec:<13} tp {agg[sec + '.tp']:g} fp {agg[sec + '.fp']:g} fn {agg[sec + '.fn']:g}"
              f"   P {agg[sec + '.precision']:.3f} R {agg[sec + '.recall']:.3f} F1 {agg[sec + '.f1']:.3f}"
              f"   fields {fmt(agg[sec + '.fields'])}   (micro, {agg[sec + '.pages']} pages)")
        fields = [k for k in agg if k.startswith(sec + ".") and k.endswith(".n") and k != f"{sec}.fields.n"]
        if fields:
            print("    " + "  ".join(f"{k[len(sec) + 1:-2]} {agg[k[:-2]]:.3f} (n={agg[k]})" for k in fields))
    print(f"{'actors':<13} recall {agg['actors.recall']:.3f} (tp {agg['actors.tp']:g} fn {agg['actors.fn']:g};"
          f" the gold lists only the actors its facts name)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--min-document", type=float, metavar="SCORE", help="mean document score")
    for sec in SECTIONS:
        for what in ("recall", "f1", "fields"):
            ap.add_argument(f"--min-{sec}-{what}", type=float, metavar="VALUE",
                            help=f"aggregate {sec} {what}" + (" (pooled field accuracy)" if what == "fields" else ""))
    ap.add_argument("--page", action="append", default=[], metavar="STEM",
                    help="only the gold files whose name starts with STEM (repeatable)")
    ap.add_argument("--part", choices=("tune", "held"),
                    help="only the tuning part or the held-out part (a gold file's `part:`; without one, the first "
                         f"{TUNE_PAGES} such files by name are the tuning part)")
    ap.add_argument("--json", action="store_true", help="print the aggregate figures as JSON at the end")
    ap.add_argument("--verbose", "-v", action="store_true", help="the scorer's MATCH / MISS / FP lines")
    args = ap.parse_args(argv)

    data = shared_data()
    golds = sorted(DEVSET.glob("*.gold.yaml"))
    texts = {g: yaml.safe_load(g.read_text(encoding="utf-8")) for g in golds}
    first = [g for g in golds if "part" not in texts[g]]
    if args.part:
        golds = [g for g in golds if part_of(texts[g], g, first) == args.part]
    if args.page:
        golds = [g for g in golds if any(g.name.startswith(s) for s in args.page)]
    if not golds:
        print(f"eval_devset: error: no gold files in {DEVSET}", file=sys.stderr)
        return 2
    sd = with_status(load_shared_tool("score_dossier", data))

    from geowire.pipeline import Failure, Pipeline
    from geowire.read import iter_raw

    t0 = time.perf_counter()
    pipeline = Pipeline()
    print(f"models loaded in {time.perf_counter() - t0:.2f} s")
    pages, worst = [], 0
    for path in golds:
        gold = texts[path]
        source = data / gold["source"]
        if not source.exists():
            print(f"eval_devset: error: {source} is missing (set GEOWIRE_DATA)", file=sys.stderr)
            return 2
        t0 = time.perf_counter()
        results = list(pipeline.analyze(with_date(iter_raw([str(source)]), gold["source"])))
        took = time.perf_counter() - t0
        print(f"\n== {path.name.split('.')[0][:12]}  {gold.get('topic', '')[:90]}  ({took * 1000:.0f} ms)")
        if not results or isinstance(results[0], Failure):
            print(f"   analysis failed: {results[0].message if results else 'no result'}")
            pred = {}  # scored as an empty dossier: every gold item is missed
            worst = 1
        else:
            pred = json.loads(results[0].to_json())
        page = score_page(sd, gold, pred, args.verbose)
        pages.append(page)
        fig = page["fig"]
        pd = pred.get("document") or {}
        missed = [f"{k}={pd.get(k)!r} (gold {gold['document'][k]})" for k in ("title", "publisher", "date")
                  if k in gold.get("document", {}) and fig.get(f"document.{k}", 1) < 1]
        body = [f"{k} {fig[f'document.{k}']:.2f}" for k in ("body_includes", "body_excludes")
                if fig.get(f"document.{k}", 1) < 1]
        if "document.score" in fig:  # the PolNeAR texts have no page metadata to check
            print(f"document      score {fig['document.score']:.3f}"
                  + (f"   missed: {'; '.join(missed + body)}" if missed or body else ""))
        for sec in SECTIONS:
            print(section_line(fig, sec))
        if "actors.recall" in fig:
            print(f"{'actors':<13} recall {fig['actors.recall']:.3f}")

    agg = aggregate(pages)
    print_aggregate(agg, len(pages))
    if args.json:
        print(json.dumps(agg, indent=1))
    for name, figure, bar in bars(args):
        value = agg.get(figure)
        if value is None or value < bar - 1e-9:
            print(f"FAIL --min-{name}: {figure} = {fmt(value)} < {bar:g}")
            worst = 1
    return worst


if __name__ == "__main__":
    sys.exit(main())
