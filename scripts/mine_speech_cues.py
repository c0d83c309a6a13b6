"""Mine a speech-cue lexicon from PolNeAR's TUNE split: geowire/data/speech_cues.yaml.

    python scripts/mine_speech_cues.py [--data DIR] [--out FILE] [--min-count 5]
                                       [--min-precision 0.5] [--predictions TUNE.json]

Reads the tune split only (`benchmarks.polnear.split_articles`: the 700 earliest articles by
publication date; the 140 latest, dev, are never looked at), one annotation per article
(the first annotator in sorted order), and parses each text with geowire's spaCy pipeline
(`geowire.nlp.load_nlp`, NER disabled: only tags, lemmas and the parse are used).

For every gold relation with a cue it records:
- the cue's HEAD: the cue token whose syntactic head lies outside the cue (a verb preferred),
  with its lemma and coarse class (verb, noun, preposition — "according to" —, other);
- the cue's lemma sequence when the cue is several words ("according to", "tell reporter",
  "say in a statement"), auxiliaries, negation and punctuation at its edges dropped;
- its construction: cue before / after the content, inside it (an inserted "he said"
  between two parts of a quote), a that-clause, a colon, the source after the cue
  (inverted "said X"), and the content's kind (direct / mixed / indirect, see polnear.py).

Precision of a verb lemma = (verb tokens with that lemma inside an annotated cue span) /
(all verb tokens with that lemma) over the tune texts; quoted text counts too, so it is
a lower bound of the precision a cue matcher outside quotes would have. Multiword cues:
annotated occurrences / all occurrences of the lemma sequence.

Frames (geowire/extract/speech_frames.py, shared with the extractor): per verb token outside
quotation marks — and per noun with an owner ("his claim that …", "X issued a warning that
…") —, its lemma and the
complement it reports through (a clause, an infinitive, an object, "prep for"/"prep about"…);
a frame's precision is the share of such tokens whose complement is the annotated content of
their cue. geowire/extract/quotes.py reports a complement when its (lemma, frame) reaches the
extractor's bar.

The YAML lists verbs and nouns whose annotated count reaches --min-count, frames whose
complement was the content at least --min-count times, multiword cues likewise, the construction counts, and provenance (corpus, commit from SOURCE.md, split,
counts, thresholds, spaCy model). Nothing time- or machine-dependent goes in: the same
corpus, model and thresholds give the same bytes.

--predictions takes `benchmarks/eval_speech.py --split tune --save FILE` output and prints
(not writes) geowire's recall per cue class, head lemma and construction on the tune split.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere: geowire and benchmarks import
    sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from benchmarks.polnear import Article, Relation, default_root, load_corpus, split_articles  # noqa: E402

OUT = ROOT / "geowire" / "data" / "speech_cues.yaml"
EDGE_DROP_POS = {"AUX", "PART", "PUNCT", "SPACE", "DET", "CCONJ"}  # at a multiword cue's edges
VERB_POS = {"VERB"}
NOUN_POS = {"NOUN", "PROPN"}


# ---- per relation --------------------------------------------------------------------

def cue_tokens(doc, rel: Relation) -> list:
    toks = []
    for s, e in rel.cue_fragments:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None:
            toks.extend(t for t in span if not t.is_space)
    return toks


def cue_head(toks: list):
    """The cue token whose head is outside the cue (its syntactic head), a verb preferred."""
    inside = {t.i for t in toks}
    heads = [t for t in toks if t.head.i not in inside or t.head.i == t.i]
    for pool in (heads, toks):
        for t in pool:
            if t.pos_ in VERB_POS:
                return t
    return heads[0] if heads else (toks[0] if toks else None)


def cue_class(head, toks: list) -> str:
    if any(t.lower_ == "according" for t in toks):
        return "according to"
    if head.pos_ in VERB_POS or (head.pos_ == "AUX" and head.lemma_.lower() == "say"):
        return "verb"
    if head.pos_ in NOUN_POS:
        return "noun"
    if head.pos_ == "ADP":
        return "preposition"
    return "other"


def multiword_key(toks: list) -> Optional[str]:
    """Lemmas of a cue of several words, auxiliaries and the like trimmed from its edges."""
    while toks and toks[0].pos_ in EDGE_DROP_POS:
        toks = toks[1:]
    while toks and toks[-1].pos_ in EDGE_DROP_POS:
        toks = toks[:-1]
    words = [t for t in toks if not (t.is_punct or t.is_space)]
    if len(words) < 2:
        return None
    return " ".join(t.lemma_.lower() for t in words)


def constructions(art: Article, rel: Relation) -> list[str]:
    """The position patterns a relation shows (several may apply)."""
    text, cues, content = art.text, rel.cue_fragments, rel.content_fragments
    out = [f"content {rel.kind}"]
    if not rel.sources:
        out.append("no source")
    if not cues:
        return out + ["no cue"]
    # the cue's first fragment places it: "called it … in a statement" wraps its content
    c0, c1, (q0, q1) = content[0][0], content[-1][1], cues[0]
    if c0 < q0 < c1:
        out.append("cue inside content (inserted: “…,” he said, “…”)")
    elif q1 <= c0:
        out.append("cue before content")
        between = text[q1:c0]
        if ":" in between or text[q0:q1].rstrip().endswith(":"):  # the colon may be the cue itself
            out.append("colon-introduced (X said: …)")
        if re.match(r"that\b", text[c0:c0 + 5], re.I) or re.search(r"\bthat\s*$", between, re.I):
            out.append("that-clause (X said that …)")
    else:
        out.append("cue after content")
    if rel.sources:
        s0 = rel.source_fragments[0][0]
        out.append("source before cue" if s0 < q0 else "source after cue (inverted: said X)")
    return out


# ---- the mining ----------------------------------------------------------------------

def count_frames(art: Article, doc, frame_all: Counter, frame_cue: Counter, frame_hit: Counter) -> None:
    """Per verb token (and noun with an owner: "his claim that …") outside quotation marks
    (geowire's own quote scanner: the extractor reports no speech inside a quote), its frame
    (geowire/extract/speech_frames.py), whether it stands in an annotated cue, and whether the
    frame's complement is that cue's content (character overlap ≥ 50 % of the shorter, the
    scorer's rule)."""
    from benchmarks.eval_speech import match_ratio
    from geowire.extract.quotes import find_quoted_spans
    from geowire.extract.speech_frames import frame, frame_tokens

    quoted = [(q.start, q.end) for q in find_quoted_spans(art.text)]
    for t in doc:
        if t.pos_ not in VERB_POS | {"NOUN"} or any(s <= t.idx < e for s, e in quoted):
            continue
        name = frame(t)
        if name is None:
            continue
        key = (t.lemma_.lower(), name)
        frame_all[key] += 1
        rels = [r for r in art.relations if any(s <= t.idx < e for s, e in r.cue_fragments)]
        if not rels:
            continue
        frame_cue[key] += 1
        toks = [x for x in frame_tokens(t, name) if not (x.is_punct or x.is_space)]
        if toks:
            span = (toks[0].idx, toks[-1].idx + len(toks[-1]))
            frame_hit[key] += any(match_ratio(span, r.content_fragments) >= 0.5 for r in rels)


def source_commit(root: Path) -> Optional[str]:
    src = root / "SOURCE.md"
    m = re.search(r"\b([0-9a-f]{40})\b", src.read_text(encoding="utf-8")) if src.exists() else None
    return m.group(1) if m else None


def mine(articles: list[Article], nlp, min_count: int, min_precision: float):
    """Counts over `articles`; returns (lexicon dict, per-relation records for --predictions)."""
    heads: Counter = Counter()  # (class, lemma) → annotated cues
    head_kinds: dict = defaultdict(Counter)  # (class, lemma) → content kinds
    multi: Counter = Counter()
    patterns: Counter = Counter()
    verb_tokens: Counter = Counter()  # lemma → verb tokens in the texts
    verb_in_cue: Counter = Counter()  # lemma → verb tokens inside an annotated cue
    seq_all: Counter = Counter()  # multiword key → occurrences in the texts
    frame_all: Counter = Counter()  # (lemma, frame) → verb tokens outside quotation marks
    frame_cue: Counter = Counter()  # … inside an annotated cue
    frame_hit: Counter = Counter()  # … whose complement is that cue's content
    records = []
    n_rel = n_cue = 0
    docs = nlp.pipe((a.text for a in articles), batch_size=16)
    parsed = []
    for art, doc in zip(articles, docs):
        cue_chars = set()
        for rel in art.relations:
            for s, e in rel.cue_fragments:
                cue_chars.update(range(s, e))
        for t in doc:
            if t.pos_ in VERB_POS:
                lemma = t.lemma_.lower()
                verb_tokens[lemma] += 1
                verb_in_cue[lemma] += t.idx in cue_chars
        count_frames(art, doc, frame_all, frame_cue, frame_hit)
        for rel in art.relations:
            n_rel += 1
            pats = constructions(art, rel)
            patterns.update(pats)
            toks = cue_tokens(doc, rel)
            head = cue_head(toks)
            rec = {"stem": art.stem, "id": rel.id, "kind": rel.kind, "patterns": pats,
                   "class": None, "lemma": None, "multiword": None}
            if head is not None:
                n_cue += 1
                klass = cue_class(head, toks)
                lemma = "according to" if klass == "according to" else head.lemma_.lower()
                heads[(klass, lemma)] += 1
                head_kinds[(klass, lemma)][rel.kind] += 1
                key = multiword_key(toks)
                if key:
                    multi[key] += 1
                rec.update({"class": klass, "lemma": lemma, "multiword": key})
            records.append(rec)
        parsed.append(doc)
    # occurrences of the frequent multiword cues anywhere in the texts (for their precision)
    frequent = {k for k, n in multi.items() if n >= min_count}
    by_first: dict = defaultdict(list)
    for k in frequent:
        by_first[k.split()[0]].append(k.split())
    for doc in parsed:
        lemmas = [t.lemma_.lower() for t in doc if not (t.is_punct or t.is_space)]
        for i, lem in enumerate(lemmas):
            for words in by_first.get(lem, ()):
                if lemmas[i:i + len(words)] == words:
                    seq_all[" ".join(words)] += 1

    def entry(klass: str, lemma: str, n: int) -> dict:
        kinds = head_kinds[(klass, lemma)]
        e = {"lemma": lemma, "count": n, "direct": kinds["direct"], "mixed": kinds["mixed"],
             "indirect": kinds["indirect"]}
        if klass == "verb":
            e["verb_tokens"] = verb_tokens[lemma]
            e["precision"] = round(verb_in_cue[lemma] / verb_tokens[lemma], 3) if verb_tokens[lemma] else None
        return e

    ordered = sorted(heads.items(), key=lambda x: (-x[1], x[0]))
    verbs = [entry(k, lem, n) for (k, lem), n in ordered if k == "verb" and n >= min_count]
    nouns = [entry(k, lem, n) for (k, lem), n in ordered if k == "noun" and n >= min_count]
    multiword = [{"cue": k, "count": n, "occurrences": seq_all[k],
                  "precision": round(min(1.0, n / seq_all[k]), 3) if seq_all[k] else None}
                 for k, n in sorted(multi.items(), key=lambda x: (-x[1], x[0])) if n >= min_count]
    frames = [{"lemma": lem, "frame": fr, "tokens": n, "cue": frame_cue[(lem, fr)], "content": frame_hit[(lem, fr)],
               "precision": round(frame_hit[(lem, fr)] / n, 3)}
              for (lem, fr), n in sorted(frame_all.items(), key=lambda x: (-frame_hit[x[0]], x[0]))
              if frame_hit[(lem, fr)] >= min_count]
    classes = Counter()
    for (k, _), n in heads.items():
        classes[k] += n
    lexicon = {
        "verbs": verbs,
        "high_precision_verbs": sorted(v["lemma"] for v in verbs if (v["precision"] or 0) >= min_precision),
        "frames": frames,
        "nouns": nouns,
        "multiword": multiword,
        "cue_classes": dict(sorted(classes.items(), key=lambda x: (-x[1], x[0]))),
        "patterns": dict(sorted(patterns.items(), key=lambda x: (-x[1], x[0]))),
    }
    return lexicon, records, n_rel, n_cue


def recall_report(records: list[dict], saved: list[dict], top: int = 25) -> None:
    """geowire's recall per cue class, lemma and construction (from eval_speech --save)."""
    found = set()
    for art in saved:
        for g in art["pairs"].values():
            found.add((art["stem"], art["gold"][g]["id"]))
    seen = {art["stem"] for art in saved}
    records = [r for r in records if r["stem"] in seen]

    def table(title: str, key) -> None:
        n, k = Counter(), Counter()
        for r in records:
            for v in key(r):
                n[v] += 1
                k[v] += (r["stem"], r["id"]) in found
        print(f"\n{title} (gold, found, missed, recall):")
        for v, c in sorted(n.items(), key=lambda x: (-(x[1] - k[x[0]]), str(x[0])))[:top]:
            print(f"  {str(v)[:58]:58s} {c:6d} {k[v]:6d} {c - k[v]:6d}  {k[v] / c:.3f}")

    print(f"\ngeowire on the tune split: {len(found)} of {len(records)} gold contents matched")
    table("by cue class", lambda r: [r["class"] or "(no cue)"])
    table("by cue class and content kind", lambda r: [f"{r['class'] or '(no cue)'} / {r['kind']}"])
    table("by construction", lambda r: r["patterns"])
    table("by cue head lemma, most missed", lambda r: [r["lemma"] or "(no cue)"])
    table("by multiword cue, most missed", lambda r: [r["multiword"]] if r["multiword"] else [])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=None, help="the corpus (default $GEOWIRE_DATA/data/polnear-train)")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--min-count", type=int, default=5, help="annotated cues needed to list a cue")
    ap.add_argument("--min-precision", type=float, default=0.5, help="precision for high_precision_verbs")
    ap.add_argument("--limit", type=int, default=None, help="only the first N tune articles (a trial run)")
    ap.add_argument("--predictions", type=Path, default=None, help="eval_speech.py --split tune --save output")
    args = ap.parse_args(argv)
    root = args.data or default_root()
    if not (root / "text").is_dir():
        print(f"mine_speech_cues: error: no corpus at {root} (set GEOWIRE_DATA)", file=sys.stderr)
        return 2
    import spacy

    from geowire.nlp import MODEL, load_nlp

    articles = load_corpus(root)
    tune, dev = split_articles(articles)
    tune = tune[: args.limit]
    nlp = load_nlp(disable=("ner",))
    lexicon, records, n_rel, n_cue = mine(tune, nlp, args.min_count, args.min_precision)
    provenance = {
        "generated_by": "scripts/mine_speech_cues.py (do not edit by hand: rerun it)",
        "corpus": "PolNeAR, Political News Attribution Relations (training split)",
        "repository": "github.com/networkdynamics/PolNeAR",
        "commit": source_commit(root),
        "split": (f"tune: the {len(tune)} earliest articles by publication date, ties by file name "
                  f"(benchmarks/polnear.py split_articles; the {len(dev)} latest, dev, are held out)"),
        "annotation": "one per article: the first annotator id in sorted order",
        "articles": len(tune),
        "dates": f"{tune[0].date} .. {tune[-1].date}" if tune else None,
        "relations": n_rel,
        "relations_with_cue": n_cue,
        "spacy_model": f"{MODEL} {nlp.meta.get('version')} (spaCy {spacy.__version__[:3]}), ner disabled",
        "thresholds": {"min_count": args.min_count, "min_precision": args.min_precision},
        "precision": "verb tokens of the lemma inside an annotated cue / all its verb tokens in the tune texts",
        "frame_precision": ("frames: verb tokens of the lemma and frame (geowire/extract/speech_frames.py) outside "
                            "quotation marks whose complement is the annotated content of their cue (overlap >= 50 % "
                            "of the shorter) / all such tokens"),
    }
    out = {"provenance": provenance, **lexicon}
    text = "# Speech cues mined from PolNeAR (tune split). Generated: do not edit by hand.\n"
    # one line per cue: flow style for the innermost mappings
    text += yaml.safe_dump(out, sort_keys=False, allow_unicode=True, width=120, default_flow_style=None)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}: {len(lexicon['verbs'])} verbs, {len(lexicon['nouns'])} nouns, "
          f"{len(lexicon['multiword'])} multiword cues from {n_rel} relations in {len(tune)} articles")
    compare_with_geowire(lexicon)
    if args.predictions:
        recall_report(records, json.loads(args.predictions.read_text(encoding="utf-8")))
    return 0


def compare_with_geowire(lexicon: dict, min_count: int = 20) -> None:
    """Printed only (the YAML depends on the corpus alone): frequent mined verbs that
    geowire's speech lists (geowire/data/vocabulary.yaml) lack, with their precision."""
    from geowire.nlp.parse import vocabulary

    for name in ("speech.quote_cues", "speech.indirect_quote_cues"):
        known = vocabulary(name)
        absent = [f"{v['lemma']} {v['count']} (p {v['precision']})" for v in lexicon["verbs"]
                  if v["count"] >= min_count and v["lemma"] not in known]
        print(f"\nmined verbs (>= {min_count} cues) not in {name}: {len(absent)}")
        print("  " + ", ".join(absent))


if __name__ == "__main__":
    sys.exit(main())
