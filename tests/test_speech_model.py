"""The learned speech-cue scorer: fitting, loading, features, and how the extractor uses it
(with hand-set weights, so that the tests say what the mechanism does whatever the trained
model holds)."""
from __future__ import annotations

import json

import pytest

from geowire.extract import quotes as quotes_module
from geowire.extract.speech_model import MODEL_PATH, CueModel, cue_features, fit, load_model
from tests.test_quotes import quotes_of


def test_fit_separates_a_feature_that_predicts_the_label_from_one_that_does_not():
    rows = [["good", "noise"]] * 40 + [["bad", "noise"]] * 40
    labels = [1] * 40 + [0] * 40
    weights, bias = fit(rows, labels, l2=1.0)
    model = CueModel(weights, bias, 0.5)
    assert model.probability(["good", "noise"]) > 0.9
    assert model.probability(["bad", "noise"]) < 0.1
    assert fit(rows, labels, l2=1.0) == (weights, bias)  # deterministic


def test_fit_drops_features_seen_fewer_than_min_count_times():
    rows = [["common"]] * 10 + [["common", "rare"]]
    weights, _ = fit(rows, [1] * 5 + [0] * 6, min_count=3)
    assert "rare" not in weights


def test_a_repeated_feature_counts_once():
    model = CueModel({"x": 2.0}, 0.0, 0.5)
    assert model.probability(["x", "x"]) == model.probability(["x"])


def test_no_model_file_means_no_model(tmp_path):
    assert load_model.__wrapped__(tmp_path / "missing.json") is None
    path = tmp_path / "m.json"
    path.write_text(json.dumps({"weights": {"a": 1.0}, "bias": -1.0, "threshold": 0.6, "keep_threshold": 0.2}))
    model = load_model.__wrapped__(path)
    assert (model.threshold, model.keep_threshold, model.probability(["a"])) == (0.6, 0.2, 0.5)


def test_the_shipped_model_has_thresholds_between_zero_and_one_and_its_provenance():
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert 0 < data["threshold"] < 1 and 0 <= data["keep_threshold"] < 1
    assert data["provenance"]["split"].startswith("tune")
    assert data["provenance"]["cross_validated"]["precision"] >= 0.85


def test_features_describe_the_cue_its_frame_subject_and_content(nlp):
    doc = nlp("Officials in Berlin reckoned that the talks would not resume before spring.")
    cue = next(t for t in doc if t.lemma_ == "reckon")
    subject = next(t for t in doc if t.text == "Officials")
    comp = next(t for t in cue.children if t.dep_ == "ccomp")
    span = (comp.left_edge.idx, doc[-2].idx + len(doc[-2]))
    feats = cue_features(cue, "ccomp", span, subject, "agency")
    assert {"lemma=reckon", "frame=ccomp", "lemma+frame=reckon|ccomp", "mark=that", "subj=pos:NOUN",
            "subj_lemma=official", "actor=agency", "content=after"} <= set(feats)
    assert "neg" not in feats


@pytest.fixture()
def scorer(monkeypatch):
    """Install a hand-set model in the extractor for one test."""
    def install(weights: dict, bias: float, threshold: float = 0.5, keep: float = 0.0):
        monkeypatch.setattr(quotes_module, "load_model", lambda: CueModel(weights, bias, threshold, keep))
    return install


BODY = "Merkel reckoned that the sanctions against Russia could be lifted in the spring."


def test_a_candidate_the_model_scores_high_becomes_an_indirect_quote_of_its_subject(nlp, scorer):
    scorer({"lemma=reckon": 10.0}, -5.0)
    (q,) = quotes_of(nlp, BODY)
    assert (q.kind, q.speaker, q.cue) == ("indirect", "angela-merkel", "reckoned")
    assert q.text == "the sanctions against Russia could be lifted in the spring"


def test_a_candidate_the_model_scores_low_is_not_a_quote(nlp, scorer):
    scorer({"lemma=reckon": -10.0}, -5.0)
    assert quotes_of(nlp, BODY) == []


def test_the_lexicons_paraphrase_the_model_scores_below_the_keep_threshold_is_dropped(nlp, scorer):
    body = "Merkel said that the sanctions against Russia would stay. “They stay,” Merkel said."
    scorer({"lexicon": -10.0}, 0.0, threshold=0.99, keep=0.5)
    kept = quotes_of(nlp, body)
    assert [q.kind for q in kept] == ["direct"]  # direct quotes are not the scorer's
    scorer({"lexicon": 10.0}, 0.0, threshold=0.99, keep=0.5)
    assert [q.kind for q in quotes_of(nlp, body)] == ["indirect", "direct"]


def test_without_a_model_only_the_lexicon_decides(nlp, monkeypatch):
    # "call" + object reports a quarter of the time or less on PolNeAR: the lexicon turns it
    # down, and only the scorer, seeing the context, may take it
    monkeypatch.setattr(quotes_module, "load_model", lambda: None)
    assert quotes_of(nlp, "Critics called the vote a farce on Sunday.") == []
    assert quotes_of(nlp, BODY) == []


def test_a_lemma_the_model_has_no_weight_for_is_not_added(nlp, scorer):
    scorer({"frame=ccomp": 10.0}, 0.0)  # the context alone says yes, but "reckon" is unknown
    assert quotes_of(nlp, BODY) == []
