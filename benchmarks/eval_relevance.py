"""How well the political-relevance gates keep PLOVER events to political pages.

    python benchmarks/eval_relevance.py [--cache FILE] [--verbose]
                                        [--min-political-share 0.85] [--max-nonpolitical-rate 0.05]

Runs the pipeline (loaded once) over the 181 pages of the article-extraction benchmark
($GEOWIRE_DATA/data/article-extraction-benchmark/html), labelled political or not by hand in
benchmarks/relevance/labels.yaml, and applies geowire.extract.events.relevance as a post-filter
on each dossier's events, as the coder will once it calls the gates itself:

- a story discard (title and lead) → the page keeps no event;
- an event whose sentence holds a discard phrase is dropped;
- an event with no political actor or recipient is dropped.

The story check reads the body as a string here (sentences split roughly), where the coder
will read its spaCy sentences; it also reports how many sentences `worth_parsing` would skip,
and whether any kept event sits in one of them (it should not).

The event coder now applies the same gates itself (story and sentence discards, a political
participant); the post-filter here is then nearly a no-op, and "before" is what the dossiers
hold. Compare with a cache written by an earlier coder to see the gates' effect. Every page
must be analysed: failures are counted, listed, and make the exit status 1.

Only the page's own events count (not those of teasers it links to). For the tuning part
(stems 0-9, a-b) and the held-out part (c-f) it prints events per non-political page and the
share of political pages with at least one event, before and after the gates. For the tuning
part only, it also prints which pages are at fault and the 10 most frequent triggers left on
non-political pages (with `--verbose`, every such event): the held-out part gives its
figures and nothing to tune on. `--cache FILE` keeps the dossiers (JSON
Lines) so the gates can be re-measured without re-running the pipeline; the cache is reused
only when it exists. Exit 1 when a bar given by option is missed on either part.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LABELS = ROOT / "benchmarks" / "relevance" / "labels.yaml"
PAGES = Path("data") / "article-extraction-benchmark" / "html"
TUNE_FIRST = tuple("0123456789ab")  # stems starting with these are the tuning part; c-f are held out


def stem(path: str) -> str:
    name = Path(path).name
    for suffix in (".gz", ".html"):
        name = name.removesuffix(suffix)
    return name


def part(s: str) -> str:
    return "tune" if s[0].lower() in TUNE_FIRST else "held"


def run_pipeline(html_dir: Path) -> dict[str, dict]:
    """stem → the page's dossier as a dict (its document, actors and events); a page whose
    analysis failed is {"failure": message} (the coder must never crash on a page)."""
    from geowire.pipeline import Failure, Pipeline
    from geowire.read import iter_raw

    pipeline = Pipeline()
    out = {}
    for result in pipeline.analyze(iter_raw([str(html_dir)])):
        if isinstance(result, Failure):
            print(f"  failed: {result}", file=sys.stderr)
            out[stem(result.source or "")] = {"failure": result.message}
            continue
        d = result.to_dict()
        out[stem(d["document"]["source_path"] or "")] = {
            "document": {k: d["document"][k] for k in ("title", "body", "source_path")},
            "actors": d["actors"], "events": d["events"]}
    return out


def load_dossiers(html_dir: Path, cache: Optional[Path]) -> dict[str, dict]:
    if cache and cache.exists():
        with open(cache, encoding="utf-8") as f:
            return {r["stem"]: r for r in map(json.loads, f)}
    dossiers = run_pipeline(html_dir)
    if cache:
        with open(cache, "w", encoding="utf-8") as f:
            for s, d in sorted(dossiers.items()):
                f.write(json.dumps({"stem": s, **d}, ensure_ascii=False) + "\n")
    return dossiers


def gate(dossier: dict) -> tuple[list[dict], Optional[str], Counter]:
    """The events the gates keep, the story-discard reason if any, and why events were dropped."""
    from geowire.extract.events.relevance import event_is_political, sentence_discarded, story_discarded
    from geowire.model import Actor, Event

    why: Counter = Counter()
    doc = dossier["document"]
    reason = story_discarded(doc["body"], title=doc.get("title"))
    if reason:
        why["story discard"] += len(dossier["events"])
        return [], reason, why
    actors = {a["id"]: Actor(**a) for a in dossier["actors"]}
    kept = []
    for e in dossier["events"]:
        s, t = e["span"]
        if sentence_discarded(doc["body"][s:t]):
            why["sentence discard"] += 1
        elif not event_is_political(Event(**e), actors):
            why["no political actor"] += 1
        else:
            kept.append(e)
    return kept, None, why


def precheck(dossier: dict, kept: list[dict]) -> tuple[int, int, int]:
    """worth_parsing on the page's sentences (split roughly, as before a parse): (sentences,
    sentences it would skip, kept events whose sentence it would skip: should be 0)."""
    from geowire.extract.events.relevance import split_sentences, worth_parsing
    from geowire.model import Actor

    body = dossier["document"]["body"]
    actors = [Actor(**a) for a in dossier["actors"]]

    def mentioned(start: int, end: int) -> list:
        return [a for a in actors if any(start <= s and e <= end for s, e in a.mentions)]

    sents, pos = [], 0
    for text in split_sentences(body):
        start = body.find(text, pos)
        pos = start + len(text)
        sents.append((start, pos))
    skipped = sum(1 for s, e in sents if not worth_parsing(body[s:e], mentioned(s, e)))
    lost = sum(1 for ev in kept if not worth_parsing(body[ev["span"][0]:ev["span"][1]], mentioned(*ev["span"])))
    return len(sents), skipped, lost


def report(name: str, rows: list[dict], verbose: bool, details: bool = True) -> dict:
    """Print one part's figures; `details` (the tuning part only) adds which pages and triggers
    are at fault, which the held-out part must not show."""
    pol = [r for r in rows if r["political"]]
    non = [r for r in rows if not r["political"]]
    m = {
        "pages": len(rows), "political": len(pol), "non_political": len(non),
        "rate_before": sum(len(r["before"]) for r in non) / max(1, len(non)),
        "rate_after": sum(len(r["after"]) for r in non) / max(1, len(non)),
        "nonpol_pages_with_events_before": sum(1 for r in non if r["before"]),
        "nonpol_pages_with_events_after": sum(1 for r in non if r["after"]),
        "share_before": sum(1 for r in pol if r["before"]) / max(1, len(pol)),
        "share_after": sum(1 for r in pol if r["after"]) / max(1, len(pol)),
    }
    print(f"\n== {name}: {len(rows)} pages, {len(pol)} political, {len(non)} non-political")
    print(f"  events per non-political page: {m['rate_before']:.3f} → {m['rate_after']:.3f}   "
          f"(pages with events {m['nonpol_pages_with_events_before']} → {m['nonpol_pages_with_events_after']})")
    print(f"  political pages with ≥1 event: {m['share_before']:.1%} → {m['share_after']:.1%}   "
          f"({sum(1 for r in pol if r['before'])} → {sum(1 for r in pol if r['after'])} of {len(pol)})")
    n, skipped, lost = (sum(r["precheck"][i] for r in rows) for i in range(3))
    print(f"  worth_parsing would skip {skipped} of {n} sentences ({skipped / max(1, n):.0%}); "
          f"kept events in a skipped sentence: {lost}")
    why = sum((r["why"] for r in rows), Counter())
    print("  dropped: " + ", ".join(f"{k} {v}" for k, v in why.most_common()) if why else "  dropped: none")
    if not details:
        return m
    discarded = [(r["stem"][:10], r["political"], r["reason"]) for r in rows if r["reason"]]
    for s, p, reason in discarded:
        print(f"  story discarded: {s} ({'political' if p else 'non-political'}): {reason}")
    left = Counter(f"{e['type']} '{e['trigger'].lower()}'" for r in non for e in r["after"])
    print("  most frequent triggers left on non-political pages: "
          + (", ".join(f"{t} ×{n}" for t, n in left.most_common(10)) or "none"))
    lost = [r for r in pol if r["before"] and not r["after"]]
    for r in lost:
        print(f"  political page lost all its events: {r['stem'][:10]} {r['topic']} ({dict(r['why'])})")
    none = [r for r in pol if not r["before"]]
    if none:
        print(f"  political pages with no event even before the gates (coder recall): {len(none)}"
              + ("".join(f"\n    {r['stem'][:10]} {r['topic']}" for r in none) if verbose else ""))
    if verbose:
        for r in non:
            for e in r["after"]:
                print(f"    left on {r['stem'][:10]} ({r['topic']}): {e['type']} {e['actors']}→{e['recipients']} "
                      f"'{e['trigger']}': {r['body'][e['span'][0]:e['span'][1]][:140]!r}")
    return m


def main(argv: Optional[list[str]] = None) -> int:
    import yaml

    from geowire.settings import shared_data

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=Path, default=None, help=f"default: $GEOWIRE_DATA/{PAGES}")
    ap.add_argument("--labels", type=Path, default=LABELS)
    ap.add_argument("--cache", type=Path, default=None, help="JSON Lines of the dossiers: read if it exists, else written")
    ap.add_argument("--min-political-share", type=float, default=None,
                    help="exit 1 if fewer political pages than this keep ≥1 event after the gates (e.g. 0.85)")
    ap.add_argument("--max-nonpolitical-rate", type=float, default=None,
                    help="exit 1 if non-political pages keep more events per page than this (e.g. 0.05)")
    ap.add_argument("--verbose", action="store_true", help="list the events left on non-political pages")
    args = ap.parse_args(argv)
    html_dir = args.pages or shared_data() / PAGES
    if not html_dir.exists():
        print(f"eval_relevance: error: {html_dir} missing (set GEOWIRE_DATA)", file=sys.stderr)
        return 2
    labels = yaml.safe_load(args.labels.read_text(encoding="utf-8"))
    dossiers = load_dossiers(html_dir, args.cache)
    failures = {s: d["failure"] for s, d in dossiers.items() if "failure" in d}
    dossiers = {s: d for s, d in dossiers.items() if "failure" not in d}
    print(f"pages analysed: {len(dossiers) + len(failures)}; failures: {len(failures)} (must be 0)")
    for s, message in sorted(failures.items()):
        print(f"  FAILED {s}: {message}")
    rows = []
    for s, label in sorted(labels.items()):
        d = dossiers.get(s)
        if d is None:
            print(f"  no dossier for {s}", file=sys.stderr)
            d = {"document": {"title": None, "body": ""}, "actors": [], "events": []}
        kept, reason, why = gate(d)
        rows.append({"stem": s, "political": bool(label["political"]), "topic": label.get("topic", ""),
                     "before": d["events"], "after": kept, "reason": reason, "why": why,
                     "body": d["document"]["body"], "precheck": precheck(d, kept)})
    failed = bool(failures)
    for name in ("tune", "held"):
        m = report(name, [r for r in rows if part(r["stem"]) == name], args.verbose, details=name == "tune")
        if args.min_political_share is not None and m["share_after"] < args.min_political_share:
            print(f"  MISSED: political share {m['share_after']:.1%} < {args.min_political_share:.0%}")
            failed = True
        if args.max_nonpolitical_rate is not None and m["rate_after"] > args.max_nonpolitical_rate:
            print(f"  MISSED: {m['rate_after']:.3f} events per non-political page > {args.max_nonpolitical_rate}")
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
