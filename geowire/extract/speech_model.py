"""The learned speech-cue scorer: does this verb (or noun) report what its complement says?

The cue lexicon (geowire/data/speech_cues.yaml) decides by lemma and frame alone, so a verb
whose frame is a cue less than a quarter of the time ("show", "expect", "suggest", "want to")
is never one, although in context — a person as subject, a that-clause, no modal — it often
is. This scorer looks at the context: a logistic regression over sparse binary features of
the candidate (its lemma and frame, the mined precision of the pair, its tag and dependency,
what its subject is — a pronoun, a named entity of which type, a common noun —, negation,
auxiliaries, the complementiser, the content's length and side, quotation marks in the
sentence). geowire/extract/quotes.py asks it only about candidates the lexicon turned down
whose content overlaps no quote already found, so it adds recall; a candidate is a quote when
its probability reaches the model's threshold. It also scores the lexicon's own paraphrases,
and one below the keep threshold is dropped.

The weights are learned by `make train-speech` (scripts/train_speech.py) from PolNeAR's tune
split — a candidate is positive when its content matches an annotated content (character
overlap ≥ 50 % of the shorter span) that the lexicon's quotes miss — and stored in
geowire/data/speech_model.json with their provenance; nothing is fitted at run time.

Checked first: scikit-learn's LogisticRegression (not installed; a ~30 MB dependency for one
linear model) and a spaCy span categoriser (a trained tok2vec would take hours on two cores and
tens of MB of weights, and the parse already holds the features). Scoring is a sum of weights
in plain Python; fitting uses scipy's L-BFGS (scipy comes with datasketch, pinned in
requirements/main.lock) and is only imported by `fit`.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional, Sequence

from spacy.tokens import Token

from geowire.nlp import doc_text
from geowire.settings import read_data_yaml

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "speech_model.json"
MODALS = frozenset("will would could can may might should must shall".split())
QUOTE_MARKS = frozenset('"“”„«»')


@dataclass(frozen=True)
class CueModel:
    """A logistic regression over binary features: P = σ(bias + Σ weights[f])."""
    weights: dict[str, float]
    bias: float
    threshold: float  # a new candidate at or above it is a quote
    keep_threshold: float = 0.0  # one of the lexicon's paraphrases below it is dropped

    def knows(self, features: Sequence[str]) -> bool:
        """Whether the cue's lemma was seen in training (it has a weight): a verb the model has
        no evidence about is not added on its context alone."""
        return any(f.startswith("lemma=") and f in self.weights for f in features)

    def probability(self, features: Sequence[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in set(features))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_PATH) -> Optional[CueModel]:
    """The trained model, or None when it has not been built (then no cue is added)."""
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return CueModel(weights=data["weights"], bias=data["bias"], threshold=data["threshold"],
                    keep_threshold=data.get("keep_threshold", 0.0))


@lru_cache(maxsize=1)
def _mined_precision() -> dict[tuple[str, str], float]:
    frames = read_data_yaml("speech_cues.yaml").get("frames", [])
    return {(f["lemma"], f["frame"]): f["precision"] for f in frames}


def _bucket(x: float, edges: Sequence[float]) -> int:
    return sum(1 for e in edges if x >= e)


def _subject_class(subj: Optional[Token]) -> str:
    if subj is None:
        return "none"
    if subj.pos_ == "PRON":
        return f"pron:{subj.lower_}"
    if subj.ent_type_:
        return f"ent:{subj.ent_type_}"
    return f"pos:{subj.pos_}"


def cue_features(cue: Token, frame_name: Optional[str], span: tuple[int, int], subject: Optional[Token],
                 actor_kind: Optional[str] = None) -> list[str]:
    """The features of a candidate cue whose content is body[span[0]:span[1]] and whose
    speaker is named by `subject` (None for a passive with no agent and the like), an actor
    of `actor_kind` (person, state, organisation…) when the gazetteer knows it."""
    lemma = cue.lemma_.lower()
    frame_name = frame_name or "inserted"
    subj = _subject_class(subject)
    mined = _mined_precision().get((lemma, frame_name))
    words = len(doc_text(cue.doc)[span[0]:span[1]].split())
    out = [f"lemma={lemma}", f"frame={frame_name}", f"lemma+frame={lemma}|{frame_name}", f"pos={cue.pos_}",
           f"tag={cue.tag_}", f"dep={cue.dep_}", f"subj={subj}", f"frame+subj={frame_name}|{subj}",
           f"lemma+subj={lemma}|{subj.split(':')[0]}",
           "mined=none" if mined is None else f"mined={_bucket(mined, (0.02, 0.05, 0.1, 0.15, 0.2, 0.25))}",
           f"words={_bucket(words, (3, 6, 10, 20, 40))}",
           "content=before" if span[1] <= cue.idx else "content=after"]
    if subject is not None and subject.pos_ != "PRON":
        out.append(f"subj_lemma={subject.lemma_.lower()}")
    if actor_kind is not None:
        out += [f"actor={actor_kind}", f"frame+actor={frame_name}|{actor_kind}"]
    if cue.head.i != cue.i:
        out.append(f"head={cue.head.lemma_.lower()}|{cue.dep_}")
    if subject is not None and subject.pos_ != "PRON":
        out.append("subj_person" if subject.ent_type_ == "PERSON" else f"subj_det={_determiner(subject)}")
    first = next((t for t in cue.doc.char_span(span[0], span[1], alignment_mode="expand") or () if not t.is_punct), None)
    if first is not None:
        out.append(f"first={first.pos_}")
    for c in cue.children:
        if c.dep_ == "neg":
            out.append("neg")
        elif c.dep_ in ("aux", "auxpass"):
            out.append(f"aux={c.lemma_.lower() if c.lemma_.lower() in MODALS else c.tag_}")
        elif c.dep_ == "ccomp":
            mark = next((g.lower_ for g in c.children if g.dep_ == "mark"), "none")
            own_subject = any(g.dep_ in ("nsubj", "nsubjpass", "expl") for g in c.children)
            out += [f"mark={mark}", f"clause_subject={own_subject}"]
        elif c.dep_ == "prt":
            out.append(f"lemma+prt={lemma}|{c.lower_}")
    if any(ch in QUOTE_MARKS for ch in cue.sent.text):
        out.append("sentence_quote")
    return out


def _determiner(noun: Token) -> str:
    """How a noun subject is determined: "the minister", "a source", "officials", "many"."""
    det = next((c.lower_ for c in noun.children if c.dep_ in ("det", "poss") and c.i < noun.i), None)
    return det if det in ("the", "a", "an", "this", "that", "some", "many") else ("poss" if det else "bare")


def fit(rows: Sequence[Sequence[str]], labels: Sequence[int], l2: float = 1.0,
        min_count: int = 3) -> tuple[dict[str, float], float]:
    """Weights and bias of an L2-regularised logistic regression over binary features
    (features seen fewer than `min_count` times are dropped); deterministic for given data."""
    import numpy as np
    from scipy.optimize import minimize
    from scipy.sparse import csr_matrix

    counts: dict[str, int] = {}
    for r in rows:
        for f in set(r):
            counts[f] = counts.get(f, 0) + 1
    names = sorted(f for f, n in counts.items() if n >= min_count)
    index = {f: k for k, f in enumerate(names)}
    data, cols, ptr = [], [], [0]
    for r in rows:
        ks = sorted({index[f] for f in r if f in index})
        cols.extend(ks)
        data.extend([1.0] * len(ks))
        ptr.append(len(cols))
    x = csr_matrix((np.array(data), np.array(cols, dtype=np.int64), np.array(ptr)), shape=(len(rows), len(names)))
    y = np.asarray(labels, dtype=float)

    def loss(theta):
        w, b = theta[:-1], theta[-1]
        z = x @ w + b
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        value = np.sum(np.logaddexp(0.0, z) - y * z) + 0.5 * l2 * w @ w
        g = p - y
        return value, np.append(x.T @ g + l2 * w, g.sum())

    theta = minimize(loss, np.zeros(len(names) + 1), jac=True, method="L-BFGS-B",
                     options={"maxiter": 1000}).x
    weights = {f: round(float(w), 5) for f, w in zip(names, theta[:-1]) if abs(w) >= 1e-4}
    return weights, round(float(theta[-1]), 5)
