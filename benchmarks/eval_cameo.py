"""Evaluate the CAMEO verb-pattern matcher (geowire.extract.events.cameo) on the PETRARCH-2 gold.

    python benchmarks/eval_cameo.py [--all-verbs] [--with-coder] [--verbose]

The sentences are PETRARCH-2's validation records ($GEOWIRE_DATA/data/petrarch2-gsr/
PETR2_GSR_validation.xml), read, and their CAMEO codes mapped to PLOVER types, exactly as
benchmarks/eval_events.py does (its functions are reused: one gold event per PLOVER type per
sentence, codes the CAMEO2PLOVER table leaves out are no event, the record without text is
skipped). Each sentence is parsed with geowire's spaCy model and the matcher is applied to
its root verb and the verbs conjoined with it (`--descend`: and, when one of them codes no
event, e.g. "said", the verbs of its complement clause; `--all-verbs`: every verb);
the PLOVER types it returns, one per type per sentence, are matched one to one with the gold
types. Actors are not scored: the matcher codes only the type.

Generalise, do not fit: the records are split in two halves by position (records 1-39 and
40-78); the matcher was developed looking at the first half only. Both halves are reported,
and the whole.

`--with-coder` also runs geowire's current event coder (the full pipeline, as
eval_events.py) on the same halves, and two ways of adding the matcher to it: `coder+cameo`,
the union of their types per sentence; `coder/cameo`, the matcher's types only in sentences
where the coder found no event. Slower (the whole pipeline per sentence). The coder itself
now uses the matcher per verb, behind its curated lexicon (`events.trigger_of`: roles,
modality, the relevance gate applied), so `coder` is the figure to read; the two
combinations are kept to compare with the sentence-level ways of adding it.

Exit status 2 if the data is missing, else 0.
"""
from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from geowire.settings import shared_data  # noqa: E402


def _eval_events():
    """benchmarks/eval_events.py as a module (benchmarks/ is not a package)."""
    spec = importlib.util.spec_from_file_location("eval_events", Path(__file__).with_name("eval_events.py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_events"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def cameo_types(doc, all_verbs: bool, descend: bool) -> tuple[list[str], list[str]]:
    """(PLOVER types, one per type, of the sentence's verbs; notes for --verbose)."""
    from geowire.extract.events.cameo import match_sentence_verbs

    types: list[str] = []
    notes: list[str] = []
    for sent in doc.sents:
        for tok, m in match_sentence_verbs(sent, all_verbs=all_verbs, descend=descend):
            notes.append(f"   cameo {tok.text}: {m.plover_type}/{m.mode} [{m.cameo_code}] {m.pattern.text}"
                         f"{' (reversed)' if m.reversed else ''}")
            if m.plover_type not in types:
                types.append(m.plover_type)
    return types, notes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--all-verbs", action="store_true", help="match every verb, not only root and conjoined verbs")
    ap.add_argument("--descend", action="store_true",
                    help="a root verb coding no event (said, reports) passes on to its complement clause's verbs")
    ap.add_argument("--with-coder", action="store_true", help="also score geowire's current coder and the union")
    ap.add_argument("--verbose", "-v", action="store_true")
    args = ap.parse_args(argv)

    ev = _eval_events()
    data = shared_data()
    gsr = data / ev.GSR_DIR / ev.GSR_FILE
    if not gsr.exists():
        print(f"eval_cameo: error: {gsr} missing (set GEOWIRE_DATA)", file=sys.stderr)
        return 2
    table = ev.read_cameo_table(data / ev.GSR_DIR / ev.TABLE_FILE)
    sentences = ev.read_gsr(gsr, table)
    half = (len(sentences) + 1) // 2

    import geowire.pipeline  # noqa: F401  (imported first: importing geowire.extract first is circular)
    from geowire.nlp import load_nlp

    nlp = load_nlp()
    pipeline = None
    if args.with_coder:
        from geowire.model import CleanPage, Document
        from geowire.pipeline import Pipeline

        pipeline = Pipeline()
    systems = ["cameo"] + (["coder", "coder+cameo", "coder/cameo"] if args.with_coder else [])
    scores = {(s, h): ev.GsrScore() for s in systems for h in ("first", "second")}
    for n, s in enumerate(sentences):
        if not s.text:
            continue
        which = "first" if n < half else "second"
        types, notes = cameo_types(nlp(s.text), args.all_verbs, args.descend)
        predictions = {"cameo": types}
        if pipeline is not None:
            dossier = pipeline.analyze_page(CleanPage(document=Document(body=s.text, date=s.date)))
            coder = [e.type for e in dossier.events]
            predictions["coder"] = coder
            predictions["coder+cameo"] = coder + [t for t in types if t not in coder]
            predictions["coder/cameo"] = coder or types
        lines = {}
        for system, predicted in predictions.items():
            lines[system] = ev.score_sentence(s.events, [ev.Predicted(t, set(), set()) for t in predicted],
                                              scores[(system, which)])
        if args.verbose:
            print(f"\n[{n + 1} {which} {s.id}] {s.text}")
            print("   gold " + ", ".join(sorted(g.type for g in s.events)) if s.events else "   gold (none)")
            for line in notes:
                print(line)
            for system, ls in lines.items():
                for line in ls:
                    print(f"   {system:11s} {line.split(' ')[0]} {line.split(' ')[1]}")

    verbs = ("every verb" if args.all_verbs else "root and conjoined verbs"
             + (", descending from verbs coding no event into their complement clauses" if args.descend else ""))
    print(f"PETRARCH-2 validation sentences: {len(sentences)} records, halves 1-{half} and {half + 1}-{len(sentences)}; "
          f"CAMEO matcher on {verbs}; event-type figures")
    for system in systems:
        total = ev.GsrScore()
        for which in ("first", "second"):
            sc = scores[(system, which)]
            total.tp, total.fp, total.fn = total.tp + sc.tp, total.fp + sc.fp, total.fn + sc.fn
            _print(system, f"{which} half", sc)
        _print(system, "all", total)
    return 0


def _print(system: str, label: str, sc) -> None:
    p, r, f1 = sc.prf()
    print(f"  {system:12s} {label:12s} P {p:.3f}  R {r:.3f}  F1 {f1:.3f}  tp {sc.tp} fp {sc.fp} fn {sc.fn}")


if __name__ == "__main__":
    sys.exit(main())
