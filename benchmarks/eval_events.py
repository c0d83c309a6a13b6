"""Evaluate geowire's PLOVER event extractor on two references.

    python benchmarks/eval_events.py [--min-example-f1 0.8] [--min-gsr-f1 0.75]
                                     [--min-country-acc 0.9] [--min-recipient-acc 0.75]
                                     [--half first|second] [--no-example] [--verbose]

(a) The example page: analysed exactly as `geowire analyze PAGE --format json --no-store`
    does, scored with $GEOWIRE_DATA/tools/score_dossier.py; prints the events precision,
    recall and F1 of the main article and of each teaser.

(b) The PETRARCH-2 validation sentences ($GEOWIRE_DATA/data/petrarch2-gsr): each sentence is
    one plain-text document (its `date` attribute is the reference date) run through the
    pipeline. Their CAMEO event codes become PLOVER types with the table published with
    PLOVER (CAMEO2PLOVER-2021.txt: the 3- and 4-digit codes; a 4-digit code missing from it
    takes its 3-digit parent; a code the table leaves unmapped, such as the 01x statements
    and 02x appeals, is "no event"). Codings of one PLOVER type in one sentence are one gold
    event: PLOVER codes a meeting or a joint act once, with lists of actors, where CAMEO
    writes one record per direction and per pair. Prints, over all sentences:
      - event-type precision, recall, F1: per sentence, predicted types matched one to one
        with gold types (a multiset match);
      - actor and recipient country accuracy among matched events: a matched event's actor
        is right when one of its actors' countries is a gold source country (the first three
        letters of the CAMEO `sourcecode`; IGOUNO → UNO, IGOEUR… → EUR, other IGO… → IGO;
        "---" and unknown codes are no country and not counted); recipients likewise with
        `targetcode`. When the gold codes both directions (a symmetric act) or the prediction
        lists every participant as actor (PLOVER's way for meetings), the two sides pool.
    Records without text are skipped (one in the file).

The file is not well-formed XML (comment lines, some <Sentence> tags left open), so the
records are read with regular expressions; the <Parse> trees are ignored.

The 78 records are the only visible gold: they are split by position, as
benchmarks/eval_cameo.py splits them, into a first half (records 1-39: look at these while
developing, `--half first --verbose`) and a second half (40-78: report only, do not read its
errors); both halves and the whole are printed.

--min-example-f1 applies to the main article and each teaser; --min-gsr-f1 to (b)'s
event-type F1, --min-country-acc and --min-recipient-acc to (b)'s actor and recipient country
accuracy, all three on the second half (or on the half given by --half). The script exits 1 if a
figure is below its bar, 2 if the data is missing.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import yaml

from geowire.settings import shared_data

GSR_DIR = Path("data") / "petrarch2-gsr"
GSR_FILE = "PETR2_GSR_validation.xml"
TABLE_FILE = "CAMEO2PLOVER-2021.txt"
PLOVER_NONSTATE = {"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"}


# ---- (a) the example page ----------------------------------------------------------------------

def example_figures(pipeline, data: Path, verbose: bool) -> list[tuple[str, dict]]:
    """(label, {precision, recall, f1, tp, fp, fn}) for the main article and each teaser."""
    from geowire.pipeline import Failure
    from geowire.read import iter_raw

    out = []
    for gold in sorted((data / "gold").glob("*.gold.yaml")):
        spec = yaml.safe_load(gold.read_text(encoding="utf-8"))
        (result,) = pipeline.analyze(iter_raw([str(data / spec["source"])]))
        if isinstance(result, Failure):
            raise RuntimeError(f"{spec['source']}: analysis failed: {result.message}")
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
            f.write(result.to_json())
        cmd = [sys.executable, str(data / "tools" / "score_dossier.py"), str(gold), f.name, "--json"]
        figures = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)
        if verbose:
            listing = subprocess.run(cmd[:-1] + ["--verbose"], capture_output=True, text=True).stdout
            print("\n".join(line for line in listing.splitlines() if re.match(r"^(related\.\d+\.)?events\s", line)))
        Path(f.name).unlink()
        name = Path(spec["source"]).name
        out.append((f"{name} main", _section(figures, "events")))
        for n, teaser in enumerate(spec.get("related") or [], 1):
            out.append((f"{name} teaser {n} ({teaser.get('title', '')[:40]}...)", _section(figures, f"related.{n}.events")))
    return out


def _section(figures: dict, prefix: str) -> dict:
    return {k: figures.get(f"{prefix}.{k}", 0.0) for k in ("precision", "recall", "f1", "tp", "fp", "fn")}


# ---- (b) the PETRARCH-2 sentences ----------------------------------------------------------------

@dataclass
class GoldEvent:
    type: str
    sources: set[str] = field(default_factory=set)
    targets: set[str] = field(default_factory=set)
    pairs: set[tuple[str, str]] = field(default_factory=set)

    @property
    def symmetric(self) -> bool:
        return any((b, a) in self.pairs for a, b in self.pairs if a != b)


@dataclass
class GsrSentence:
    id: str
    date: Optional[str]
    text: str
    events: list[GoldEvent]


def read_cameo_table(path: Path) -> dict[str, str]:
    """CAMEO code → PLOVER type, from the 3- and 4-digit lines of the published table."""
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{3,4}):\s*([A-Z]+)", line)
        if m:
            table.setdefault(m.group(1), m.group(2))
    return table


def plover_type(code: str, table: dict[str, str]) -> Optional[str]:
    return table.get(code) or (table.get(code[:3]) if len(code) == 4 else None)


def cameo_country(code: str) -> Optional[str]:
    """The PLOVER country of a CAMEO actor code: its first three letters when they are an ISO
    code; IGO codes by their organisation (UNO, EUR, else IGO); "---" is no country."""
    import pycountry

    head = code[:3].upper()
    if head == "IGO":
        return {"UNO": "UNO", "EUR": "EUR"}.get(code[3:6].upper(), "IGO")
    if head in PLOVER_NONSTATE:
        return head
    return head if pycountry.countries.get(alpha_3=head) else None


def read_gsr(path: Path, table: dict[str, str]) -> list[GsrSentence]:
    text = path.read_text(encoding="utf-8")
    body = text.split("<Sentences>", 1)[-1]
    records = re.split(r"<Sentence\s", body)[1:]
    out = []
    for rec in records:
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', rec.split(">", 1)[0]))
        m = re.search(r"<Text>(.*?)</Text>", rec, re.S)
        words = " ".join(m.group(1).split()) if m else ""
        by_type: dict[str, GoldEvent] = {}
        for coding in re.findall(r"<EventCoding\s([^>]*?)/?>", rec):
            c = dict(re.findall(r'(\w+)="([^"]*)"', coding))
            if "eventcode" not in c:
                continue
            kind = plover_type(c["eventcode"], table)
            if kind is None:
                continue
            ev = by_type.setdefault(kind, GoldEvent(kind))
            src, tgt = cameo_country(c.get("sourcecode", "---")), cameo_country(c.get("targetcode", "---"))
            if src:
                ev.sources.add(src)
            if tgt:
                ev.targets.add(tgt)
            ev.pairs.add((src or "?", tgt or "?"))
        out.append(GsrSentence(attrs.get("id", "?"), _iso(attrs.get("date", "")), words, list(by_type.values())))
    return out


def _iso(yyyymmdd: str) -> Optional[str]:
    try:
        return dt.datetime.strptime(yyyymmdd, "%Y%m%d").date().isoformat()
    except ValueError:
        return None


@dataclass
class Predicted:
    type: str
    actors: set[str]
    recipients: set[str]


def predicted_events(dossier) -> list[Predicted]:
    country = {a.id: a.country for a in dossier.actors}
    return [Predicted(e.type, {c for i in e.actors if (c := country.get(i))},
                      {c for i in e.recipients if (c := country.get(i))}) for e in dossier.events]


@dataclass
class GsrScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    actor_right: int = 0
    actor_total: int = 0
    recipient_right: int = 0
    recipient_total: int = 0

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def country_hits(gold: GoldEvent, pred: Predicted) -> tuple[Optional[bool], Optional[bool]]:
    """(actor right?, recipient right?) for a matched pair; None where gold has no country."""
    pooled = gold.symmetric or not pred.recipients
    gold_actor = gold.sources | gold.targets if gold.symmetric else gold.sources
    pred_actor = pred.actors | pred.recipients if gold.symmetric else pred.actors
    gold_recipient = gold.sources | gold.targets if gold.symmetric else gold.targets
    pred_recipient = pred.actors | pred.recipients if pooled else pred.recipients
    actor = bool(gold_actor & pred_actor) if gold_actor else None
    recipient = bool(gold_recipient & pred_recipient) if gold_recipient else None
    return actor, recipient


def score_sentence(gold: list[GoldEvent], pred: list[Predicted], score: GsrScore) -> list[str]:
    """Match one sentence's predicted types to its gold types; returns lines for --verbose."""
    notes = []
    free = list(pred)
    for g in gold:
        same = [p for p in free if p.type == g.type]
        if not same:
            score.fn += 1
            notes.append(f"FN {g.type} {sorted(g.sources)}->{sorted(g.targets)}")
            continue
        best = max(same, key=lambda p: sum(bool(x) for x in country_hits(g, p)))
        free.remove(best)
        score.tp += 1
        actor, recipient = country_hits(g, best)
        if actor is not None:
            score.actor_total += 1
            score.actor_right += actor
        if recipient is not None:
            score.recipient_total += 1
            score.recipient_right += recipient
        notes.append(f"TP {g.type} gold {sorted(g.sources)}->{sorted(g.targets)} pred {sorted(best.actors)}->"
                     f"{sorted(best.recipients)} actor {_mark(actor)} recipient {_mark(recipient)}")
    for p in free:
        score.fp += 1
        notes.append(f"FP {p.type} {sorted(p.actors)}->{sorted(p.recipients)}")
    return notes


def _mark(hit: Optional[bool]) -> str:
    return "-" if hit is None else "ok" if hit else "WRONG"


HALVES = ("first", "second", "all")


def gsr_figures(pipeline, data: Path, verbose: bool, only: Optional[str] = None) -> dict[str, GsrScore]:
    """Scores of the first half of the records (by position: the part one may look at while
    developing), of the second (held for reporting) and of all. `only`: look at one half
    (the other is neither run nor printed)."""
    from geowire.model import CleanPage, Document

    table = read_cameo_table(data / GSR_DIR / TABLE_FILE)
    sentences = read_gsr(data / GSR_DIR / GSR_FILE, table)
    half = (len(sentences) + 1) // 2  # as benchmarks/eval_cameo.py splits them
    scores = {h: GsrScore() for h in HALVES}
    skipped = 0
    for n, s in enumerate(sentences):
        which = "first" if n < half else "second"
        if not s.text:
            skipped += 1
            continue
        if only is not None and which != only:
            continue
        dossier = pipeline.analyze_page(CleanPage(document=Document(body=s.text, date=s.date)))
        predicted = predicted_events(dossier)
        score_sentence(s.events, predicted, scores["all"])
        notes = score_sentence(s.events, predicted, scores[which])
        if verbose:
            print(f"\n[{n + 1} {which} {s.id}] {s.text}")
            for e in dossier.events:
                print(f"   pred {e.type}/{e.mode} {e.actors} -> {e.recipients} ({e.trigger})"
                      f"{' negated' if e.negated else ''}{' hypothetical' if e.hypothetical else ''}")
            for n in notes:
                print("   " + n)
    print(f"PETRARCH-2 validation: {len(sentences) - skipped} sentences ({skipped} without text skipped), "
          f"{scores['all'].tp + scores['all'].fn} gold events; halves: records 1-{half} (tuning) and "
          f"{half + 1}-{len(sentences)} (reporting)")
    return scores


# ---- main -----------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--min-example-f1", type=float, default=None)
    ap.add_argument("--min-gsr-f1", type=float, default=None)
    ap.add_argument("--min-country-acc", type=float, default=None)
    ap.add_argument("--min-recipient-acc", type=float, default=None)
    ap.add_argument("--half", choices=("first", "second"), default=None,
                    help="(b) on one half only: develop on 'first', report 'second' (bars apply to it)")
    ap.add_argument("--no-example", action="store_true", help="skip (a)")
    ap.add_argument("--verbose", "-v", action="store_true")
    args = ap.parse_args(argv)
    data = shared_data()
    if not (data / GSR_DIR / GSR_FILE).exists() or not list((data / "gold").glob("*.gold.yaml")):
        print(f"eval_events: error: evaluation data missing under {data} (set GEOWIRE_DATA)", file=sys.stderr)
        return 2

    from geowire.pipeline import Pipeline

    pipeline = Pipeline()
    failed = []
    print("(a) example page, events section (score_dossier.py)")
    for label, f in [] if args.no_example else example_figures(pipeline, data, args.verbose):
        print(f"  {label:70s} P {f['precision']:.3f}  R {f['recall']:.3f}  F1 {f['f1']:.3f}"
              f"  tp {f['tp']:.0f} fp {f['fp']:.0f} fn {f['fn']:.0f}")
        if args.min_example_f1 is not None and f["f1"] < args.min_example_f1:
            failed.append(f"{label} events F1 {f['f1']:.3f} < {args.min_example_f1}")

    print("\n(b) PETRARCH-2 validation sentences, CAMEO codes mapped to PLOVER")
    scores = gsr_figures(pipeline, data, args.verbose, args.half)
    for which in HALVES if args.half is None else (args.half,):
        score = scores[which]
        p, r, f1 = score.prf()
        actor_acc = score.actor_right / score.actor_total if score.actor_total else 0.0
        recipient_acc = score.recipient_right / score.recipient_total if score.recipient_total else 0.0
        print(f"  [{which} half]" if which != "all" else "  [all]")
        print(f"  event type                P {p:.3f}  R {r:.3f}  F1 {f1:.3f}  tp {score.tp} fp {score.fp} fn {score.fn}")
        print(f"  actor country accuracy    {actor_acc:.3f}  ({score.actor_right}/{score.actor_total} matched events)")
        print(f"  recipient country accuracy {recipient_acc:.3f}  ({score.recipient_right}/{score.recipient_total} matched events)")
        if which != ("second" if args.half is None else args.half):
            continue  # the bars apply to the reporting half: the tuning half was looked at
        if args.min_gsr_f1 is not None and f1 < args.min_gsr_f1:
            failed.append(f"GSR ({which} half) event-type F1 {f1:.3f} < {args.min_gsr_f1}")
        if args.min_country_acc is not None and actor_acc < args.min_country_acc:
            failed.append(f"GSR ({which} half) actor country accuracy {actor_acc:.3f} < {args.min_country_acc}")
        if args.min_recipient_acc is not None and recipient_acc < args.min_recipient_acc:
            failed.append(f"GSR ({which} half) recipient country accuracy {recipient_acc:.3f} < {args.min_recipient_acc}")
    for line in failed:
        print(f"eval_events: below the bar: {line}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
