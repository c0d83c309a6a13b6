"""Score geowire's quotes (direct and indirect speech) against PolNeAR's attribution contents.

    python benchmarks/eval_speech.py [--split dev|tune] [--limit N] [--breakdown]
                                     [--save FILE] [--min-f1 X] [--min-precision X]
                                     [--min-speaker-acc X] [--min-indirect-recall X]

Gold: the attribution relations of $GEOWIRE_DATA/data/polnear-train (benchmarks/polnear.py:
one annotation per article, the first annotator in sorted order). The split is
`polnear.split_articles`: dev = the last 140 articles by publication date (ties by file
name), the figures to report; tune = the other 700, the ones to develop and mine on.

Each article text is analysed as plain text, as `geowire analyze FILE --reader plain` does:
`RawDocument(content=text, content_type="text/plain")` through one `Pipeline()`. The plain
cleaner collapses whitespace inside paragraphs (`normalise_paragraphs`), so `document.body`
is not always the file's text: body offsets are mapped back to text offsets by aligning the
two strings on their non-blank characters (difflib's matching blocks if a non-blank
character differs, e.g. when the cleaner drops an overlong "word").

Scoring, per article:
- a predicted quote and a gold content MATCH when their character overlap is at least 50 %
  of the shorter of the two (a discontinuous gold content counts its fragments only);
  matching is one-to-one, a maximum matching (the most pairs, then the highest total ratio,
  then the largest overlap);
- content precision = matches / predicted quotes, recall = matches / gold contents;
  recall is also given per gold kind: direct (every letter inside “…”), mixed (a paraphrase
  with quoted words), indirect; "indirect recall" in the summary and its bar pool mixed and
  indirect (everything that is not a pure direct quote);
- speaker accuracy, over matches whose gold relation has a Source: the prediction is right
  when (a) its `speaker_span` (the offsets of the mention the quote was attributed through:
  a name, a title, "he", the "who" of a relative clause) overlaps a gold Source fragment —
  or, for a quote without a speaker_span, its `speaker_text` located at its whole-word
  occurrence nearest to the quote in the text (one inside the quote first when it follows a
  quotation mark or precedes the predicted cue: the attribution of a split quote, "“A,” he
  said, “B”", which geowire gives as one span), overlaps a gold Source fragment, or (b) one
  of the mentions of its `speaker` actor overlaps one. So "he" counts when the gold source
  is that "he", and a resolved actor counts when the gold source is one of its mentions.
  Gold relations without a source (Attribution-no-source) are left out of it;
- direct/indirect agreement, over matches: predicted "direct" exactly when the gold content
  is direct (a mixed content counts as indirect).

Also printed, as a diagnostic only: why unmatched predictions are unmatched, and the
precision counting as right those that are pieces of a gold content another prediction
matched (a discontinuous gold content that geowire gives as two quotes, which one-to-one
matching lets only one of them match).

--breakdown prints recall by gold cue (lower-cased cue text) and by construction, and the
unmatched predictions by cue: the list to work from. --save writes the per-article gold and
predictions (text offsets) as JSON; --rescore FILE scores such a file again without the
pipeline (a change of the scoring rule, not of geowire). Each --min-* bar missed, or an
article that fails to analyse, makes the script exit 1; missing data exits 2.
"""
from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere: geowire and benchmarks import
    sys.path.insert(0, str(ROOT))

from benchmarks.polnear import Article, Relation, Span, default_root, load_corpus, select  # noqa: E402

MIN_OVERLAP = 0.5  # of the shorter span
QUOTE_MARKS = frozenset('"“”„«»\'')  # ' for NYT's ''…''


# ---- offsets -------------------------------------------------------------------------

def body_to_text_map(body: str, text: str) -> list[int]:
    """For each offset 0..len(body) of `body`, the matching offset in `text`.

    The plain cleaner only changes blanks, so non-blank characters are walked in step; a
    blank maps to the text position just after the previous non-blank. When a non-blank
    character differs (the cleaner dropped something), difflib's matching blocks map what
    they can and the rest maps to the nearest preceding matched offset."""
    out, j = [], 0
    for ch in body:
        if ch.isspace():
            out.append(j)
            continue
        while j < len(text) and text[j].isspace():
            j += 1
        if j >= len(text) or text[j] != ch:
            return _difflib_map(body, text)
        out.append(j)
        j += 1
    out.append(j)
    return out


def _difflib_map(body: str, text: str) -> list[int]:
    out: list[Optional[int]] = [None] * (len(body) + 1)
    sm = difflib.SequenceMatcher(None, body, text, autojunk=False)
    for a, b, n in sm.get_matching_blocks():
        for k in range(n + 1):
            if a + k <= len(body):
                out[a + k] = b + k
    last = 0
    for i, v in enumerate(out):
        last = v if v is not None else last
        out[i] = last
    return out  # type: ignore[return-value]


def map_span(m: list[int], span: Span) -> Span:
    start, end = span
    return m[start], (m[end - 1] + 1 if end > start else m[start])


# ---- matching ------------------------------------------------------------------------

def overlap(span: Span, fragments: list[Span]) -> int:
    return sum(max(0, min(span[1], e) - max(span[0], s)) for s, e in fragments)


def match_ratio(pred: Span, gold: list[Span], common: Optional[int] = None) -> float:
    """Overlap over the length of the shorter of the two (0 when either is empty); `common`:
    the overlap when the caller has it already."""
    shorter = min(pred[1] - pred[0], sum(e - s for s, e in gold))
    common = overlap(pred, gold) if common is None else common
    return common / shorter if shorter > 0 else 0.0


def match(preds: list[Span], golds: list[list[Span]], threshold: float = MIN_OVERLAP) -> dict[int, int]:
    """One-to-one matching {pred index: gold index} of the pairs whose ratio reaches
    `threshold`: as many pairs as possible (a maximum matching: a quote split around its
    attribution, “A,” he said, referring to X. “B”, contains the content "X" whole, ratio 1,
    and is the content A | B, which a greedy pass would leave unmatched), and among those the
    highest total ratio, then the largest total overlap (scipy's assignment solver; the greedy
    pass by ratio it replaced found as many pairs on the predictions made before quotes were
    joined across longer attributions: tune F1 0.764 both ways)."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    if not preds or not golds:
        return {}
    common = [[overlap(p, g) for g in golds] for p in preds]
    ratio = np.array([[match_ratio(p, g, c) for g, c in zip(golds, row)] for p, row in zip(preds, common)])
    eligible = ratio >= threshold
    if not eligible.any():
        return {}
    chars = np.array(common, dtype=float)
    # a pair counts 1, plus its ratio over a bound no sum of ratios reaches (the number of
    # pairs first), plus a far smaller share for its overlap (a tie of ratios: "(0, 10)" over
    # "(0, 9)" for the gold (0, 10))
    bound = len(preds) + len(golds) + 1
    weight = np.where(eligible, 1.0 + ratio / bound + chars / chars.max() / bound ** 2 / 1000, 0.0)
    rows, cols = linear_sum_assignment(weight, maximize=True)
    return {int(p): int(g) for p, g in zip(rows, cols) if eligible[p, g]}


def locate(text: str, needle: str, near: Span, cue: Optional[str] = None) -> Optional[Span]:
    """The whole-word occurrence of `needle` in `text` nearest to `near`, outside it preferred
    ("he" is not the "he" of "the"); but first one inside it that stands right after a
    quotation mark or right before the predicted cue word: a quote split by its attribution
    ("“A,” he said, “B”", "The deal, he said, is dead") is one span with its speaker inside."""
    if not needle or not needle.strip():
        return None
    best = None
    words = r"\s+".join(re.escape(w) for w in needle.split())  # the body's blanks may be a line break here
    for m in re.finditer(r"(?<!\w)" + words + r"(?!\w)", text):
        span = m.span()
        inside = near[0] <= span[0] < near[1]
        between_parts = inside and (any(ch in QUOTE_MARKS for ch in text[max(near[0], span[0] - 3):span[0]])
                                    or bool(cue and text[span[1]:span[1] + len(cue) + 1].strip() == cue))
        dist = 0 if inside else min(abs(span[0] - near[1]), abs(span[1] - near[0]))
        inside = inside and not between_parts
        if best is None or (inside, dist) < best[0]:
            best = ((inside, dist), span)
    return best[1] if best else None


# ---- one article ---------------------------------------------------------------------

@dataclass
class Predicted:
    span: Span  # text offsets
    kind: str
    cue: Optional[str]
    speaker: Optional[str]
    speaker_text: Optional[str]
    speaker_span: Optional[Span]  # the quote's speaker_span, else its located speaker_text; text offsets
    actor_mentions: list[Span] = field(default_factory=list)  # the speaker actor's mentions, text offsets
    speaker_given: bool = False  # speaker_span is the quote's own, not located


def predictions(dossier, text: str) -> tuple[list[Predicted], bool]:
    """The dossier's quotes in text offsets, and whether the body was the text unchanged."""
    body = dossier.document.body
    m = list(range(len(body) + 1)) if body == text else body_to_text_map(body, text)
    mentions = {a.id: [map_span(m, s) for s in a.mentions] for a in dossier.actors}
    out = []
    for q in dossier.quotes:
        span = map_span(m, tuple(q.span))
        given = q.speaker_span is not None
        where = map_span(m, tuple(q.speaker_span)) if given else locate(text, q.speaker_text or "", span, q.cue)
        out.append(Predicted(span, q.kind, q.cue, q.speaker, q.speaker_text, where, mentions.get(q.speaker, []),
                             given))
    return out, body == text


def reload_predictions(saved: dict, text: str) -> list[Predicted]:
    """An article's predictions from --save output; the speaker is located again (by the
    current rule) so that a change of scoring needs no new pipeline run."""
    out = []
    for p in saved["predicted"]:
        span, given = tuple(p["span"]), p.get("speaker_given", False)
        where = tuple(p["speaker_span"]) if given else locate(text, p["speaker_text"] or "", span, p["cue"])
        out.append(Predicted(span, p["kind"], p["cue"], p["speaker"], p["speaker_text"], where,
                             [tuple(s) for s in p["actor_mentions"]], given))
    return out


def speaker_right(p: Predicted, rel: Relation) -> bool:
    gold = rel.source_fragments
    if p.speaker_span and overlap(p.speaker_span, gold) > 0:
        return True
    return any(overlap(s, gold) > 0 for s in p.actor_mentions)


# ---- constructions, for the breakdown -------------------------------------------------

def cue_key(art: Article, rel: Relation) -> str:
    """The gold cue as lower-cased text, fragments joined by "…"."""
    return " … ".join(" ".join(art.text[s:e].lower().split()) for s, e in rel.cue_fragments) or "(none)"


def construction(art: Article, rel: Relation) -> str:
    """Where the cue stands relative to the content, and how they are joined."""
    cues, content = rel.cue_fragments, rel.content_fragments
    if not cues:
        return "no cue"
    # the cue's first fragment places it: "called it … in a statement" wraps its content
    c0, c1 = content[0][0], content[-1][1]
    q0, q1 = cues[0]
    between = art.text[q1:c0] if q1 <= c0 else art.text[c1:q0] if c1 <= q0 else ""
    if c0 < q0 < c1 or c0 < q1 < c1:
        return "cue inside content (inserted: “…,” he said, “…”)"
    if q1 <= c0:
        if ":" in between or art.text[q0:q1].rstrip().endswith(":"):  # the colon may be the cue itself
            return "cue before, colon"
        if art.text[c0:c0 + 5].lower().startswith("that ") or between.strip().lower().endswith("that"):
            return "cue before, that-clause"
        return "cue before"
    return "cue after"


# ---- the run -------------------------------------------------------------------------

@dataclass
class Tally:
    articles: int = 0
    failures: int = 0
    body_changed: int = 0
    gold: Counter = field(default_factory=Counter)  # by kind
    found: Counter = field(default_factory=Counter)  # matched gold, by kind
    predicted: Counter = field(default_factory=Counter)  # by predicted kind
    correct: Counter = field(default_factory=Counter)  # matched predictions, by predicted kind
    speaker_total: int = 0
    speaker_ok: int = 0
    kind_ok: int = 0
    by_cue: Counter = field(default_factory=Counter)
    by_cue_found: Counter = field(default_factory=Counter)
    by_construction: Counter = field(default_factory=Counter)
    by_construction_found: Counter = field(default_factory=Counter)
    false_by_cue: Counter = field(default_factory=Counter)
    unmatched: Counter = field(default_factory=Counter)  # unmatched predictions, by why

    def add(self, art: Article, preds: list[Predicted]) -> dict:
        golds = art.relations
        pairs = match([p.span for p in preds], [r.content_fragments for r in golds])
        matched_gold = set(pairs.values())
        self.articles += 1
        for g, rel in enumerate(golds):
            self.gold[rel.kind] += 1
            key, con = cue_key(art, rel), construction(art, rel)
            self.by_cue[key] += 1
            self.by_construction[con] += 1
            if g in matched_gold:
                self.found[rel.kind] += 1
                self.by_cue_found[key] += 1
                self.by_construction_found[con] += 1
        for p_i, p in enumerate(preds):
            self.predicted[p.kind] += 1
            if p_i in pairs:
                self.correct[p.kind] += 1
                rel = golds[pairs[p_i]]
                self.kind_ok += (p.kind == "direct") == (rel.kind == "direct")
                if rel.sources:
                    self.speaker_total += 1
                    self.speaker_ok += speaker_right(p, rel)
            else:
                self.false_by_cue[(p.cue or "(none)").lower()] += 1
                hit = [g for g, rel in enumerate(golds) if overlap(p.span, rel.content_fragments) > 0]
                self.unmatched["piece of a matched gold" if set(hit) & matched_gold
                               else "overlaps a gold below the bar" if hit else "overlaps no gold"] += 1
        return {"pairs": {str(k): v for k, v in pairs.items()}}

    def figures(self) -> dict[str, float]:
        n_gold, n_pred = sum(self.gold.values()), sum(self.predicted.values())
        n_found, n_ok = sum(self.found.values()), sum(self.correct.values())
        p = n_ok / n_pred if n_pred else 0.0
        r = n_found / n_gold if n_gold else 0.0
        ind_gold = self.gold["indirect"] + self.gold["mixed"]
        ind_found = self.found["indirect"] + self.found["mixed"]
        return {
            "precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "direct_recall": self.found["direct"] / self.gold["direct"] if self.gold["direct"] else 0.0,
            "indirect_recall": ind_found / ind_gold if ind_gold else 0.0,
            "mixed_recall": self.found["mixed"] / self.gold["mixed"] if self.gold["mixed"] else 0.0,
            "pure_indirect_recall": self.found["indirect"] / self.gold["indirect"] if self.gold["indirect"] else 0.0,
            "speaker_acc": self.speaker_ok / self.speaker_total if self.speaker_total else 0.0,
            "kind_acc": self.kind_ok / n_ok if n_ok else 0.0,
            # a diagnostic, not the score: pieces of a gold content that another prediction
            # matched ("“A,” he said, “B”" as two quotes, one discontinuous gold) counted right
            "precision_pieces_ok": (n_ok + self.unmatched["piece of a matched gold"]) / n_pred if n_pred else 0.0,
        }


def print_report(t: Tally, split: str, seconds: float) -> None:
    f = t.figures()
    n_gold, n_pred, n_ok = sum(t.gold.values()), sum(t.predicted.values()), sum(t.correct.values())
    print(f"\nPolNeAR {split}: {t.articles} articles ({t.failures} failed, {t.body_changed} with body != text), "
          f"{seconds:.0f} s")
    print(f"  gold contents   {n_gold:6d}  direct {t.gold['direct']}, mixed {t.gold['mixed']}, "
          f"indirect {t.gold['indirect']}")
    print(f"  predicted       {n_pred:6d}  direct {t.predicted['direct']}, mixed {t.predicted['mixed']}, "
          f"indirect {t.predicted['indirect']}")
    print(f"  matched         {n_ok:6d}  (predicted direct {t.correct['direct']}, mixed {t.correct['mixed']}, "
          f"indirect {t.correct['indirect']})")
    print(f"  content  P {f['precision']:.3f}  R {f['recall']:.3f}  F1 {f['f1']:.3f}")
    print(f"  recall   direct {f['direct_recall']:.3f}  indirect+mixed {f['indirect_recall']:.3f}  "
          f"(mixed {f['mixed_recall']:.3f}, indirect {f['pure_indirect_recall']:.3f})")
    u = t.unmatched
    print(f"  unmatched predictions: {u['piece of a matched gold']} pieces of a gold content matched by another "
          f"prediction, {u['overlaps a gold below the bar']} overlap a gold below the bar, "
          f"{u['overlaps no gold']} overlap none (precision with the pieces counted right: "
          f"{f['precision_pieces_ok']:.3f})")
    print(f"  speaker accuracy {f['speaker_acc']:.3f} over {t.speaker_total} matches with a gold source; "
          f"direct/indirect agreement {f['kind_acc']:.3f}")


def print_breakdown(t: Tally, top: int = 30) -> None:
    print("\n  recall by construction (gold, found, missed, recall):")
    for con, n in t.by_construction.most_common():
        k = t.by_construction_found[con]
        print(f"    {con:52s} {n:6d} {k:6d} {n - k:6d}  {k / n:.3f}")
    print(f"\n  most-missed gold cues (gold, found, missed, recall), top {top}:")
    for cue, n in sorted(t.by_cue.items(), key=lambda x: (-(x[1] - t.by_cue_found[x[0]]), x[0]))[:top]:
        k = t.by_cue_found[cue]
        print(f"    {cue[:40]:40s} {n:6d} {k:6d} {n - k:6d}  {k / n:.3f}")
    print(f"\n  unmatched predictions by cue, top {top // 2}:")
    for cue, n in t.false_by_cue.most_common(top // 2):
        print(f"    {cue:40s} {n:6d}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=("dev", "tune"), default="dev")
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles of the split")
    ap.add_argument("--data", type=Path, default=None, help="the corpus (default $GEOWIRE_DATA/data/polnear-train)")
    ap.add_argument("--breakdown", action="store_true", help="recall by gold cue and construction")
    ap.add_argument("--save", type=Path, default=None, help="write gold and predictions as JSON")
    ap.add_argument("--rescore", type=Path, default=None,
                    help="score the predictions of an earlier --save file instead of running the pipeline")
    ap.add_argument("--min-f1", type=float)
    ap.add_argument("--min-precision", type=float)
    ap.add_argument("--min-speaker-acc", type=float)
    ap.add_argument("--min-indirect-recall", type=float)
    args = ap.parse_args(argv)
    root = args.data or default_root()
    if not (root / "text").is_dir():
        print(f"eval_speech: error: no corpus at {root} (set GEOWIRE_DATA)", file=sys.stderr)
        return 2
    articles = select(load_corpus(root), args.split)[: args.limit]
    if args.rescore:
        return rescore(args, articles)

    from geowire.model import RawDocument
    from geowire.pipeline import Failure, Pipeline

    t0 = time.perf_counter()
    pipeline = Pipeline()
    print(f"models loaded in {time.perf_counter() - t0:.2f} s")
    t0 = time.perf_counter()
    raws = (RawDocument(content=a.text, source_path=f"{a.stem}.txt", content_type="text/plain") for a in articles)
    tally, saved = Tally(), []
    for art, result in zip(articles, pipeline.analyze(raws)):
        same = True
        if isinstance(result, Failure):
            print(f"{art.stem}: analysis failed: {result.message}", file=sys.stderr)
            tally.failures += 1
            preds = []
        else:
            preds, same = predictions(result, art.text)
            tally.body_changed += not same
        info = tally.add(art, preds)
        if args.save:
            saved.append({"stem": art.stem, "date": art.date, "annotator": art.annotator,
                          "gold": [{"id": r.id, "kind": r.kind, "content": r.content_fragments,
                                    "source": r.source_fragments, "cue": r.cue_fragments} for r in art.relations],
                          "failed": isinstance(result, Failure), "body_is_text": same,
                          "predicted": [p.__dict__ for p in preds], **info})
    print_report(tally, args.split, time.perf_counter() - t0)
    if args.save:
        args.save.write_text(json.dumps(saved, ensure_ascii=False, indent=1), encoding="utf-8")
    return finish(args, tally)


def rescore(args, articles: list[Article]) -> int:
    """Score the predictions of a --save file on `articles` (all must be in it)."""
    saved = {a["stem"]: a for a in json.loads(args.rescore.read_text(encoding="utf-8"))}
    missing = [a.stem for a in articles if a.stem not in saved]
    if missing:
        print(f"eval_speech: error: {len(missing)} articles of the split not in {args.rescore}", file=sys.stderr)
        return 2
    tally = Tally()
    for art in articles:
        tally.failures += bool(saved[art.stem].get("failed"))
        tally.body_changed += not saved[art.stem].get("body_is_text", True)
        tally.add(art, reload_predictions(saved[art.stem], art.text))
    print_report(tally, args.split + f" (rescored from {args.rescore.name})", 0.0)
    return finish(args, tally)


def finish(args, tally: Tally) -> int:
    """The breakdown if asked, and the exit status from the bars."""
    if args.breakdown:
        print_breakdown(tally)
    f = tally.figures()
    bars = {"f1": args.min_f1, "precision": args.min_precision, "speaker_acc": args.min_speaker_acc,
            "indirect_recall": args.min_indirect_recall}
    missed = [f"{k} {f[k]:.3f} < {v}" for k, v in bars.items() if v is not None and f[k] < v]
    for m in missed:
        print(f"BAR MISSED: {m}")
    return 1 if missed or tally.failures else 0


if __name__ == "__main__":
    sys.exit(main())
