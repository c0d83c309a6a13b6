"""The PolNeAR reader (benchmarks/polnear.py), its split, and the speech scorer's matching rule
(benchmarks/eval_speech.py), on a hand-written fixture in the corpus's layout
(tests/fixtures/polnear): no ../shared needed."""
from __future__ import annotations

import random
from pathlib import Path

from benchmarks.eval_speech import Predicted, body_to_text_map, locate, map_span, match, match_ratio, speaker_right
from benchmarks.polnear import Article, content_kind, load_corpus, parse_ann, split_articles

FIXTURE = Path(__file__).parent / "fixtures" / "polnear"


def _by_stem():
    return {a.stem: a for a in load_corpus(FIXTURE)}


def _texts(art: Article, fragments):
    return [art.text[s:e] for s, e in fragments]


def test_reads_articles_with_metadata_and_one_annotation_each():
    arts = _by_stem()
    assert sorted(arts) == ["a_2016-01-02_first", "b_2016-01-01_second"]
    b = arts["b_2016-01-01_second"]
    assert b.date == "2016-01-01" and b.publisher == "fixture-news" and b.title == 'Second "quoted" title'
    # annotated twice: the first annotator in sorted order is read, the other only listed
    assert b.annotator == "aa11" and b.annotators == ["aa11", "zz99"]
    assert len(b.relations) == 3


def test_relations_roles_and_kinds():
    a = _by_stem()["a_2016-01-02_first"]
    r1, r2, r3 = a.relations
    assert (_texts(a, r1.source_fragments), _texts(a, r1.cue_fragments), _texts(a, r1.content_fragments)) == \
        (["Smith"], ["said"], ["the plan would fail"])
    assert r1.kind == "indirect"
    # a discontinuous content round an inserted cue: both parts, inside quotation marks
    assert _texts(a, r2.content_fragments) == ["We will win", "and soon."]
    assert r2.kind == "direct" and _texts(a, r2.source_fragments) == ["Jones"]
    # a discontinuous cue
    assert _texts(a, r3.cue_fragments) == ["called it", "in a statement"]


def test_no_source_relation_discuss_spans_and_bad_lines():
    b = _by_stem()["b_2016-01-01_second"]
    acc, critics, nosrc = b.relations
    assert _texts(b, acc.cue_fragments) == ["According to"] and _texts(b, acc.source_fragments) == ["officials"]
    assert critics.kind == "direct"  # straight quotation marks, the colon left out of the span
    assert nosrc.sources == [] and _texts(b, nosrc.content_fragments) == ["The move"]
    # the Discuss span (whose text runs over a line break) is in no relation; the E line
    # without arguments gives no relation
    assert all(t.type != "Discuss" for r in b.relations for t in r.sources + r.cues + r.contents)


def test_parse_ann_content2_and_continuation_lines():
    ann = ("T1\tSource 0 2\tHe\nT2\tCue 3 7\tsaid\nT3\tContent 8 12;14 20\tthis\nand that\n"
           "T4\tContent 22 25\tyes\nE1\tAttribution:T2 Source:T1 Cue:T2 Content:T3 Content2:T4\n"
           "#1\tAnnotatorNotes T1\ta note\n")
    (rel,) = parse_ann(ann)
    assert rel.content_fragments == [(8, 12), (14, 20), (22, 25)]
    assert rel.source_fragments == [(0, 2)] and rel.cue_fragments == [(3, 7)]


def test_content_kind():
    text = 'He said the plan has “always run lean.” Then: “All of it.”'
    assert content_kind(text, [(8, 38)]) == "mixed"
    assert content_kind(text, [(46, 57)]) == "direct"  # the opening mark lies before the span
    assert content_kind(text, [(8, 19)]) == "indirect"
    nyt = "The prime minister ''looked ashen,'' Mr. Arad said. It's ''fine.''"
    assert content_kind(nyt, [(21, 34)]) == "direct" and content_kind(nyt, [(0, 36)]) == "mixed"
    assert content_kind(nyt, [(52, 56)]) == "indirect"  # It's: one apostrophe


def test_split_is_by_date_then_name_and_deterministic():
    arts = [Article(f"s{i:02d}", "", date=f"2016-01-{1 + i % 5:02d}") for i in range(20)]
    tune, dev = split_articles(arts, dev_size=6)
    assert len(tune) == 14 and len(dev) == 6
    assert max((a.date, a.stem) for a in tune) < min((a.date, a.stem) for a in dev)
    # four articles a day: all four of the 5th, and the last two by name of the 4th
    assert [a.stem for a in dev] == ["s13", "s18", "s04", "s09", "s14", "s19"]
    shuffled = arts[:]
    random.Random(7).shuffle(shuffled)
    assert [a.stem for a in split_articles(shuffled, dev_size=6)[1]] == [a.stem for a in dev]


def test_split_of_fixture():
    tune, dev = split_articles(load_corpus(FIXTURE), dev_size=1)
    assert [a.stem for a in tune] == ["b_2016-01-01_second"] and [a.stem for a in dev] == ["a_2016-01-02_first"]


def test_match_ratio_uses_the_shorter_span_and_fragments():
    assert match_ratio((0, 10), [(0, 10)]) == 1.0
    assert match_ratio((0, 10), [(5, 100)]) == 0.5  # 5 of the prediction's 10
    assert match_ratio((0, 100), [(0, 10), (50, 60)]) == 1.0  # the gold's fragments, 20 chars
    assert match_ratio((0, 100), [(0, 10), (150, 160)]) == 0.5
    assert match_ratio((0, 0), [(0, 10)]) == 0.0


def test_match_is_one_to_one_by_ratio_then_overlap():
    preds = [(0, 10), (0, 9), (50, 60)]
    golds = [[(0, 10)], [(55, 200)], [(300, 310)]]
    assert match(preds, golds) == {0: 0, 2: 1}  # (0, 9) loses the only gold it overlaps
    assert match([(0, 10)], [[(6, 20)]]) == {}  # 4 of 10: below half
    assert match([(0, 10)], [[(5, 20)]]) == {0: 0}  # exactly half


def test_body_offsets_map_back_to_text():
    text = "First  line\nwraps here.\n\n\n  Second “quote”  paragraph.\n"
    body = "First line wraps here.\n\nSecond “quote” paragraph."
    m = body_to_text_map(body, text)
    for s, e in [(0, 5), (6, 22), (24, 30), (31, 38), (0, len(body))]:
        ts, te = map_span(m, (s, e))
        assert " ".join(text[ts:te].split()) == " ".join(body[s:e].split())
    # a body with a character the text lacks goes through difflib and still maps
    m2 = body_to_text_map("ab X cd", "ab cd")
    assert len(m2) == len("ab X cd") + 1 and map_span(m2, (5, 7)) == (3, 5)


def test_speaker_rule():
    from benchmarks.polnear import Relation, TextBound

    rel = Relation("E1", sources=[TextBound("T1", "Source", ((0, 5),))])
    body = "Jones said it. Later Jones said more."
    assert locate(body, "Jones", (26, 36)) == (21, 26)  # the nearest occurrence
    hit = Predicted((11, 13), "indirect", "said", None, "Jones", (0, 5))
    miss = Predicted((11, 13), "indirect", "said", None, "Jones", (21, 26))
    by_actor = Predicted((11, 13), "indirect", "said", "jones", "he", None, actor_mentions=[(0, 5)])
    assert speaker_right(hit, rel) and not speaker_right(miss, rel) and speaker_right(by_actor, rel)


def test_constructions_place_the_cue():
    from benchmarks.eval_speech import construction

    arts = _by_stem()
    a, b = arts["a_2016-01-02_first"], arts["b_2016-01-01_second"]
    assert [construction(a, r) for r in a.relations] == [
        "cue before", "cue inside content (inserted: “…,” he said, “…”)", "cue before"]
    assert [construction(b, r) for r in b.relations] == ["cue before", "cue before, colon", "cue after"]


def test_mined_patterns_of_fixture():
    from scripts.mine_speech_cues import constructions

    b = _by_stem()["b_2016-01-01_second"]
    acc, critics, nosrc = (constructions(b, r) for r in b.relations)
    assert acc == ["content indirect", "cue before content", "source after cue (inverted: said X)"]
    assert "colon-introduced (X said: …)" in critics and "content direct" in critics
    assert nosrc == ["content indirect", "no source", "cue after content"]
