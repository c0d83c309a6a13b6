"""Recall of the PLOVER coder on typical news wordings of each of its types.

    python benchmarks/eval_wordings.py [--min-held [SET=]SHARE ...] [--verbose]

The issue that asked for breadth measured, on held-out PLOVER records, the lowest recall for
CONCEDE, MOBILIZE, SANCTION, REQUEST, CONSULT, RETREAT, AID and PROTEST. Those records stay
out of development; benchmarks/wordings/ holds sentences written for geowire instead, one
per line as `TYPE|sentence`, in the usual wordings of news for each type ("pulled out of
Mali", "went on strike", "called for talks"), in two sets: `*-weak-types.txt` for those
eight, `*-other-types.txt` for the other eight (AGREE, SUPPORT, COOPERATE, ACCUSE, REJECT,
THREATEN, COERCE, ASSAULT). Each set has a tuning part (`tune-*`), looked at while the
lexicon was extended, and a held part (`held-*`), written before and never tuned on.

Each sentence is one plain-text document (reference date 2023-05-01) run through the whole
pipeline; a sentence counts as found when the dossier has an event of its type. Prints per
type and overall, for every part, the share found and how many sentences also got an event
of another type (a wrong reading, or a second act the sentence does state); `--verbose`
lists the tuning parts' misses only. Needs no external data. Exits 1 if a held part's share
is below its --min-held bar.
"""
from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geowire.model import RawDocument  # noqa: E402
from geowire.pipeline import Failure, Pipeline  # noqa: E402

WORDINGS = ROOT / "benchmarks" / "wordings"


def read_wordings(path: Path) -> list[tuple[str, str]]:
    """(type, sentence) pairs of a wordings file; '#' lines are comments."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, _, text = line.partition("|")
            rows.append((kind.strip(), text.strip()))
    return rows


def evaluate(pipeline: Pipeline, rows: list[tuple[str, str]]) -> list[tuple[str, str, bool, list]]:
    """(type, sentence, found, events) for each row."""
    raws = [RawDocument(content=text, source_path=f"wording-{i}.txt", content_type="text/plain", date="2023-05-01")
            for i, (_, text) in enumerate(rows)]
    out = []
    for (kind, text), dossier in zip(rows, pipeline.analyze(raws)):
        events = [] if isinstance(dossier, Failure) else dossier.events
        out.append((kind, text, any(e.type == kind for e in events), events))
    return out


SETS = ("weak-types", "other-types")


def report(name: str, results) -> float:
    by_type: dict[str, list[bool]] = defaultdict(list)
    for kind, _, found, _ in results:
        by_type[kind].append(found)
    total = sum(found for _, _, found, _ in results)
    others = sum(any(e.type != kind for e in events) for kind, _, _, events in results)
    print(f"== {name}: {total} of {len(results)} sentences give an event of their type ({total / len(results):.1%}); "
          f"{others} also one of another type")
    print("   " + "  ".join(f"{kind} {sum(v)}/{len(v)}" for kind, v in sorted(by_type.items())))
    return total / len(results)


def min_held_bars(values: list[str]) -> dict:
    """{set name or None (every set): share} from the --min-held values."""
    bars: dict = {}
    for value in values:
        name, _, share = value.rpartition("=")
        if name and name not in SETS:
            raise SystemExit(f"eval_wordings: unknown set {name!r} (one of {', '.join(SETS)})")
        bars[name or None] = float(share)
    return bars


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--min-held", action="append", default=[], metavar="[SET=]SHARE",
                    help="fail below this share on a held part: 0.8 for both, weak-types=0.8 for one (repeatable)")
    ap.add_argument("--verbose", action="store_true", help="list the tuning parts' misses")
    args = ap.parse_args(argv)
    bars = min_held_bars(args.min_held)
    pipeline = Pipeline()
    failed = False
    for name in SETS:
        tune = evaluate(pipeline, read_wordings(WORDINGS / f"tune-{name}.txt"))
        held = evaluate(pipeline, read_wordings(WORDINGS / f"held-{name}.txt"))
        report(f"{name}, tune", tune)
        if args.verbose:
            for kind, text, found, events in tune:
                if not found:
                    print(f"   MISS {kind}: {text}  -> {[(e.type, e.mode, e.actors, e.recipients) for e in events]}")
        share = report(f"{name}, held", held)
        bar = bars.get(name, bars.get(None))
        if bar is not None and share < bar:
            print(f"FAIL: {name} held share {share:.3f} < {bar}")
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
