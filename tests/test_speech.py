"""Attributed speech at the level of PolNeAR's annotators: NYT quotation marks, the mined cue
lexicon, group speakers, inserted cues, "according to" in run-on sentences, and the scorer's
way of placing a speaker inside a split quote."""
from __future__ import annotations

import pytest

from benchmarks.eval_speech import locate, match
from geowire.extract.quotes import CLAUSE_MIN_PRECISION, FRAME_CUES, INDIRECT_CUES, find_quoted_spans
from tests.test_quotes import only, quotes_of


# ---- the lexicon ----------------------------------------------------------------------------

def test_the_mined_lexicon_takes_speech_verbs_and_leaves_mental_verbs_out():
    assert {"argue", "suggest", "explain", "add", "acknowledge", "insist", "vow"} <= INDIRECT_CUES
    assert not {"think", "believe", "want", "know", "see", "make"} & INDIRECT_CUES
    assert 0.5 <= CLAUSE_MIN_PRECISION < 1


def test_the_mined_frames_take_a_verb_with_the_complement_it_reports_through():
    # a belief or an intention is reported through its clause or infinitive, not its object
    assert {("believe", "ccomp"), ("promise", "xcomp"), ("criticize", "dobj"), ("call", "prep for")} <= FRAME_CUES
    assert not {("make", "dobj"), ("have", "dobj"), ("tell", "dobj"), ("take", "dobj"),
                ("speak", "prep to")} & FRAME_CUES


def test_a_noun_cue_is_held_by_its_possessor_or_by_the_subject_of_the_verb_taking_it(nlp):
    from geowire.extract.speech_frames import frame, owner

    doc = nlp("The ministry issued a warning that the talks would fail.")
    warning = next(t for t in doc if t.lower_ == "warning")
    assert owner(warning).lower_ == "ministry" and frame(warning) == "noun ccomp"
    doc = nlp("A warning that the talks would fail came on Monday.")
    assert owner(next(t for t in doc if t.lower_ == "warning")) is None  # no one issued it


# ---- quotation marks ------------------------------------------------------------------------

def test_two_apostrophes_are_a_quotation_mark_and_one_is_not():
    body = "''People turn to Facebook,'' Ms. White said. It's Bob's ''Tales From the Crypt,'' he said."
    assert [body[q.start:q.end] for q in find_quoted_spans(body)] == ["People turn to Facebook",
                                                                      "Tales From the Crypt"]


def test_an_nyt_quote_has_its_speaker(nlp):
    q = only(quotes_of(nlp, "''People turn to Facebook to check on loved ones,'' Angela Merkel said."))
    assert (q.speaker, q.kind, q.text) == ("angela-merkel", "direct", "People turn to Facebook to check on loved ones")


# ---- indirect speech ------------------------------------------------------------------------

def test_a_mined_cue_reports_its_clause(nlp):
    q = only(quotes_of(nlp, "Merkel argued that the sanctions had weakened the Russian economy."))
    assert (q.speaker, q.cue, q.text) == ("angela-merkel", "argued", "the sanctions had weakened the Russian economy")


def test_a_group_speaks(nlp):
    q = only(quotes_of(nlp, "Several candidates said the United States should take fewer refugees."))
    assert (q.speaker, q.speaker_text) == (None, "Several candidates")
    q = only(quotes_of(nlp, "Forty-seven percent said the country was on the wrong track."))
    assert q.speaker_text.endswith("percent") and q.text == "the country was on the wrong track"


def test_an_inserted_cue_reports_the_clause_around_it(nlp):
    q = only(quotes_of(nlp, "The hashtag, Merkel said, was even more popular than the first one."))
    assert (q.speaker, q.kind) == ("angela-merkel", "indirect")
    assert q.text.startswith("The hashtag") and q.text.endswith("than the first one")
    assert [q.text[s - q.span[0]:e - q.span[0]] for s, e in q.fragments] == ["The hashtag",
                                                                           "was even more popular than the first one"]


def test_the_object_of_a_phrase_cue_is_reported(nlp):
    q = only(quotes_of(nlp, "Merkel announced a series of steps to tighten arms sales."))
    assert (q.speaker, q.cue, q.text) == ("angela-merkel", "announced", "a series of steps to tighten arms sales")


def test_according_to_after_a_run_on_sentence(nlp):
    body = ("In 2014, about 82 percent of the attacks were carried out by APT28, according to the German "
            "Foreign Office.  Among the others, most were never attributed.")
    q = only(quotes_of(nlp, body))
    assert (q.speaker, q.cue) == ("german-foreign-office", "according to")
    assert q.text.startswith("In 2014") and q.text.endswith("by APT28")


@pytest.mark.parametrize("body, speaker, text", [
    ("In the latest Ipsos poll, the governing party led the opposition by four points.",
     "the latest Ipsos poll", "the governing party led the opposition by four points"),
    ("Macron leads Le Pen by nine points in the average of recent polls.",
     "the average of recent polls", "Macron leads Le Pen by nine points"),
])
def test_a_poll_is_the_source_of_the_clause_it_is_found_in(nlp, body, speaker, text):
    q = only(quotes_of(nlp, body))
    assert (q.speaker_text, q.cue, q.kind, q.text) == (speaker, body[q.cue_span[0]:q.cue_span[1]], "indirect", text)
    assert q.cue.lower() == "in"


@pytest.mark.parametrize("body", [
    "The results were published in a survey of economists.",   # where it appeared
    "Interest in the poll was high.",                           # a noun's "in"
    "The vote comes in the wake of polls that showed a swing.",  # not the poll's own phrase
])
def test_a_poll_named_otherwise_reports_nothing(nlp, body):
    assert [q for q in quotes_of(nlp, body) if q.cue and q.cue.lower() == "in"] == []


def test_a_relative_who_speaks_for_the_one_it_hangs_on(nlp):
    body = "Peskov, who said the Kremlin had no plans to respond, left the room."
    q = only(quotes_of(nlp, body))
    assert (q.speaker, q.text) == ("dmitry-peskov", "the Kremlin had no plans to respond")


def test_the_one_asked_is_not_the_asker(nlp):
    quotes = quotes_of(nlp, "Asked whether the talks had failed, Merkel said the door remained open.")
    assert [(q.speaker, q.text) for q in quotes if q.cue == "said"] == [("angela-merkel", "the door remained open")]
    assert all(q.speaker != "angela-merkel" for q in quotes if q.cue == "Asked")


def test_a_reported_belief_or_intention_is_attributed(nlp):
    q = only(quotes_of(nlp, "Merkel believes the sanctions will work."))
    assert (q.speaker, q.kind, q.cue, q.text) == ("angela-merkel", "indirect", "believes", "the sanctions will work")
    q = only(quotes_of(nlp, "Merkel promised to send more troops to Lithuania."))
    assert (q.speaker, q.cue, q.text) == ("angela-merkel", "promised", "to send more troops to Lithuania")


@pytest.mark.parametrize("body", [
    "Merkel made a speech in Berlin on Monday.",
    "The treaty says both sides will defend each other.",
    "Merkel praised the treaty with Russia, calling it “a landmark document.”",
])
def test_no_extra_speech_from_beliefs_texts_or_the_topic_of_a_quote(nlp, body):
    assert [q.kind for q in quotes_of(nlp, body)] in ([], ["direct"])


# ---- the scorer's speaker location ------------------------------------------------------------

def test_the_scorer_places_the_speaker_between_the_parts_of_a_split_quote():
    text = "“He will come,” he said, “and he will stay.” He left."
    span = (1, text.index("stay") + 4)
    assert locate(text, "he", span, "said") == (16, 18)
    assert locate("Still, he said, officials decide. Then he left.", "he", (0, 32), "said") == (7, 9)


def test_the_scorer_matches_one_to_one_as_many_pairs_as_it_can():
    # a split quote (0, 100) holds the paraphrase (40, 60) of its attribution whole: both golds
    # are matched, the split quote to the quote, not to the paraphrase it also contains
    split_quote, paraphrase = [(0, 30), (70, 100)], [(40, 60)]
    assert match([(0, 100), (40, 60)], [split_quote, paraphrase]) == {0: 0, 1: 1}
    assert match([(30, 100), (0, 70)], [[(0, 80)]]) == {1: 0}  # of two, the higher ratio (1 over 50/70)
    assert match([(0, 100)], [[(90, 200)]]) == {}  # 10 % of the shorter is no match


# ---- fragments, spans, mixed and nested contents ------------------------------------------------

def test_a_split_quote_keeps_its_fragments_and_the_speaker_and_cue_offsets(nlp):
    body = ('"We will not give in," said Angela Merkel, who has led the talks since 2014. '
            '"Nobody will be left behind."')
    q = only(quotes_of(nlp, body))
    assert [body[s:e] for s, e in q.fragments] == ["We will not give in", "Nobody will be left behind."]
    assert q.span == (q.fragments[0][0], q.fragments[-1][1])
    assert body[q.speaker_span[0]:q.speaker_span[1]] == "Angela Merkel"
    assert body[q.cue_span[0]:q.cue_span[1]] == "said"


def test_a_quote_keeps_the_attribution_of_its_own_paragraph(nlp):
    # the small model runs the last sentence on into the next paragraph and hangs the second
    # quote on Humphrey's "said" there; the attribution is the "he said" between the two parts
    body = ("“The first thing, obviously, is to stop Trump on the first ballot,” he said. "
            "“Then, I intend to split off lickety-split.”\n\n"
            "Humphrey, who calls Trump a “sociopath,” said he doesn’t believe the effort requires an alternative.")
    first = next(q for q in quotes_of(nlp, body) if q.kind == "direct")
    assert [body[s:e] for s, e in first.fragments] == [
        "The first thing, obviously, is to stop Trump on the first ballot", "Then, I intend to split off lickety-split."]
    assert first.speaker_text == "he"


def test_a_speech_verb_may_report_a_name_alone(nlp):
    q = only(quotes_of(nlp, "On Friday, Mr. Carson endorsed Mr. Trump at a news conference in Florida."))
    assert (q.speaker_text, q.cue, q.text) == ("Mr. Carson", "endorsed", "Mr. Trump")
    assert quotes_of(nlp, "On Friday, Mr. Carson praised him at a news conference.") == []  # a pronoun is no content


def test_what_was_asked_is_the_question_not_the_one_asked(nlp):
    body = "HuffPost asked the senator if he had started writing his inauguration speech."
    q = only(quotes_of(nlp, body))
    assert (q.speaker_text, q.cue, q.text) == ("HuffPost", "asked", "he had started writing his inauguration speech")


def test_the_people_a_participle_describes_speak_through_it(nlp):
    body = "Democrats supporting Mrs. Clinton have pointed to her record."
    q = next(q for q in quotes_of(nlp, body) if q.cue == "supporting")
    assert (q.speaker_text, q.text) == ("Democrats", "Mrs. Clinton")


def test_a_clause_before_a_colon_is_not_what_the_speaker_said(nlp):
    body = ("But last July, the group polled members online ahead of the union's endorsement: "
            "1,409 teachers said they wanted to endorse Sanders.")
    q = only(quotes_of(nlp, body))
    assert (q.speaker_text, q.text) == ("1,409 teachers", "they wanted to endorse Sanders")


def test_the_speaker_is_the_subject_in_the_verbs_own_paragraph(nlp):
    # the parser runs "9:30 p.m." on into the next paragraph and gives "says" two subjects
    body = ("Republicans will select a nominee.\n\n___.\n\n9:30 p.m.\n\nDonald Trump says he may move to "
            "the South if he does not do well in next week's primary.")
    q = only(quotes_of(nlp, body))
    assert (q.speaker_text, q.cue) == ("Donald Trump", "says")
    assert q.text.startswith("he may move to the South")


def test_two_quotes_with_a_speech_of_its_own_between_them_stay_apart(nlp):
    body = ('"We will not give in," Merkel said, adding that the sanctions would stay. '
            '"Nobody will be left behind."')
    assert all(not q.fragments for q in quotes_of(nlp, body))


def test_the_speaker_span_of_a_relative_clause_is_its_who(nlp):
    body = "Voters who said the economy was their top issue backed Sanders."
    q = next(q for q in quotes_of(nlp, body) if q.cue == "said")  # "backed Sanders" may report too
    assert (q.speaker_text, q.text) == ("Voters", "the economy was their top issue")
    assert body[q.speaker_span[0]:q.speaker_span[1]] == "who"


def test_speech_reported_inside_speech_is_one_content(nlp):
    q = only(quotes_of(nlp, "Merkel said she hoped that the talks would resume."))
    assert (q.speaker, q.cue, q.text) == ("angela-merkel", "said", "she hoped that the talks would resume")


def test_a_statement_says_what_its_issuer_says(nlp):
    q = only(quotes_of(nlp, "Merkel released a statement saying the talks had failed."))
    assert (q.speaker, q.cue, q.text) == ("angela-merkel", "saying", "the talks had failed")


@pytest.mark.parametrize("drop_roles", [False, True])  # role from the actor, or from "Chancellor" in the text
def test_a_role_in_a_later_sentence_resolves_to_the_person_holding_it(nlp, drop_roles):
    body = "Chancellor Angela Merkel met the press. The chancellor said the talks would resume."
    q = only(quotes_of(nlp, body, drop_roles=drop_roles))
    assert (q.speaker, q.speaker_text, q.text) == ("angela-merkel", "The chancellor", "the talks would resume")
    assert body[q.speaker_span[0]:q.speaker_span[1]] == "The chancellor"


# ---- headline grammar ---------------------------------------------------------------------------

def test_a_headline_name_and_colon_report_what_follows(nlp):
    body = "Merkel: Europe must stand together now\n\nThe chancellor spoke in Berlin."
    q = only(quotes_of(nlp, body))
    assert (q.speaker, q.kind, q.cue, q.text) == ("angela-merkel", "indirect", ":", "Europe must stand together now")
    assert body[q.speaker_span[0]:q.speaker_span[1]] == "Merkel"


def test_a_headline_surname_the_parser_misreads_still_speaks(nlp):
    # "Trump" opening a line is a common noun to the parser; the text names Donald Trump later
    body = "Trump: 'We are going to win so much.'\n\nDonald Trump was magnanimous in declaring victory."
    q = only(quotes_of(nlp, body))
    assert (q.speaker_text, q.cue, q.text) == ("Trump", ":", "'We are going to win so much.'")


@pytest.mark.parametrize("body", [
    "Q: What did you find when you came home?",
    "Big Win For Bernie: AFL-CIO Holds Off On Endorsement",
    "Merkel spoke to reporters on Monday.",
])
def test_labels_interview_marks_and_hearers_report_nothing(nlp, body):
    assert quotes_of(nlp, body) == []


def test_the_scorer_takes_the_quotes_own_speaker_span_over_a_located_text():
    from benchmarks.eval_speech import predictions
    from geowire.model import Document, Dossier, Quote

    text = "Voters who said the economy mattered backed him. Voters cheered."
    q = Quote(speaker_text="Voters", text="the economy mattered", kind="indirect", cue="said",
              span=(16, 36), speaker_span=(7, 10), cue_span=(11, 15))
    (p,), same = predictions(Dossier(document=Document(body=text), quotes=[q]), text)
    assert same and p.speaker_span == (7, 10) and p.speaker_given
    q.speaker_span = None
    (p,), _ = predictions(Dossier(document=Document(body=text), quotes=[q]), text)
    assert p.speaker_span == (0, 6) and not p.speaker_given


def test_a_negated_attribution_carries_its_negation_in_the_cue(nlp):
    body = "Merkel did not say that the sanctions had failed."
    q = only(quotes_of(nlp, body))
    assert (q.speaker, q.cue, q.text) == ("angela-merkel", "did not say", "the sanctions had failed")
    assert body[q.cue_span[0]:q.cue_span[1]] == "did not say"


@pytest.mark.parametrize("body, cue, text", [
    ("Merkel was quick to add that the sanctions would stay.", "add", "the sanctions would stay"),
    ("Merkel won the debate by arguing that the sanctions had worked.", "arguing", "the sanctions had worked"),
])
def test_a_cue_in_a_complement_or_after_a_preposition_takes_the_clause_subject(nlp, body, cue, text):
    q = only(quotes_of(nlp, body))
    assert (q.speaker, q.cue, q.text) == ("angela-merkel", cue, text)


def test_what_a_speaker_will_urge_is_not_said_yet(nlp):
    body = "Russia will assist Abkhazia in urging more countries to recognize its independence."
    assert quotes_of(nlp, body) == []


# ---- rules for parses the small model makes only in context: the parse is given by hand ------

def hand_parsed(nlp, words, heads, deps, pos, **attrs):
    from spacy.tokens import Doc

    return Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, **attrs)


def quote_of(doc, open_i: int, close_i: int):
    """The quotation between the marks at token indices open_i and close_i (its last word ends
    before a comma there)."""
    from geowire.extract.quotes import QuotedSpan

    return QuotedSpan(open_mark=doc[open_i].idx, close_mark=doc[close_i].idx, start=doc[open_i + 1].idx,
                      end=doc[close_i - 1].idx, paragraph=(0, len(doc.text)))


def test_a_second_speech_verb_the_parser_hangs_on_the_clause_is_the_speakers_own(nlp):
    # the parser makes "suggested" a conjunct of "has received", inside what was said, and
    # would give it the clause's subject; tense and auxiliary say it is Merkel's second act
    body = "Merkel said the ministry has not received any request and suggested that the talks could resume in May."
    quotes = {q.cue: q for q in quotes_of(nlp, body)}
    assert quotes["said"].text == "the ministry has not received any request"
    assert (quotes["suggested"].speaker, quotes["suggested"].text) == ("angela-merkel", "the talks could resume in May")


def test_a_second_verb_in_the_tense_of_the_clause_stays_part_of_it(nlp):
    body = "Merkel said the envoy met her in Sochi and told her that the pipeline would open."
    said = next(q for q in quotes_of(nlp, body) if q.cue == "said")
    assert said.text == "the envoy met her in Sochi and told her that the pipeline would open"


def test_a_word_of_the_quote_the_parser_makes_a_subject_is_not_the_speaker(nlp):
    body = "''That, regrettably,'' Merkel said, ''is the price of the sanctions.''"
    q = only(quotes_of(nlp, body))
    assert (q.speaker, q.kind) == ("angela-merkel", "direct")
    assert [body[s:e] for s, e in q.fragments] == ["That, regrettably", "is the price of the sanctions."]


def test_an_attribution_inserted_before_a_quote_makes_one_mixed_quote(nlp):
    body = "The pipeline, Merkel said, is “a purely commercial project that Berlin will not stop.”"
    q = only(quotes_of(nlp, body))
    assert (q.speaker, q.cue, q.kind) == ("angela-merkel", "said", "mixed")
    assert q.text.startswith("The pipeline") and "purely commercial" in q.text


def test_an_as_clause_reports_the_clause_it_modifies(nlp):
    q = only(quotes_of(nlp, "As Merkel noted on Monday, the sanctions have weakened the Russian economy."))
    assert (q.speaker, q.cue) == ("angela-merkel", "noted")
    assert q.text.endswith("the sanctions have weakened the Russian economy")
    assert not [q for q in quotes_of(nlp, "As Merkel said goodbye, the protesters gathered outside.") if q.cue == "said"]


def test_the_name_between_a_quote_and_its_cue_speaks(nlp):
    # the small model's parse of '“We were wrong,” Ramos, 58, told AFP.': the name hangs on the
    # quote's verb (npadvmod) and "told" is its conjunct, with no subject of its own
    from geowire.extract.quotes import _subject

    words = ["“", "We", "were", "wrong", ",", "”", "Ramos", ",", "58", ",", "told", "AFP", "."]
    heads = [2, 2, 2, 2, 2, 2, 2, 6, 6, 6, 2, 10, 2]
    deps = ["punct", "nsubj", "ROOT", "acomp", "punct", "punct", "npadvmod", "punct", "appos", "punct", "conj",
            "dobj", "punct"]
    pos = ["PUNCT", "PRON", "AUX", "ADJ", "PUNCT", "PUNCT", "PROPN", "PUNCT", "NUM", "PUNCT", "VERB", "PROPN", "PUNCT"]
    doc = hand_parsed(nlp, words, heads, deps, pos, lemmas=[w.lower() for w in words[:10]] + ["tell", "afp", "."])
    assert _subject(doc[10], quote_of(doc, 0, 5)).text == "Ramos"


def test_a_speaker_named_by_an_age_keeps_the_whole_phrase(nlp):
    q = only(quotes_of(nlp, "“The border must stay open for the refugees,” said the 52-year-old."))
    assert (q.speaker_text, q.cue) == ("the 52-year-old", "said")


def test_a_quotation_after_a_colon_is_what_is_said_not_the_sentence_before(nlp):
    body = ("Merkel saw the proposal differently: “When Moscow says it wants peace, I do not take that "
            "at face value,” she said.")
    q = next(q for q in quotes_of(nlp, body) if q.cue == "said")
    assert q.text.startswith("When Moscow says") and q.speaker == "angela-merkel"


def test_a_speech_participle_after_a_reported_clause_is_the_outer_speakers(nlp):
    # the parser hangs "saying" inside what Merkel said, where Putin would be its subject
    body = "Merkel said Putin will have to choose a side, saying, “Sooner or later he must decide where he stands.”"
    quotes = {q.cue: q for q in quotes_of(nlp, body)}
    assert quotes["said"].text == "Putin will have to choose a side"
    assert (quotes["saying"].speaker, quotes["saying"].kind) == ("angela-merkel", "direct")


@pytest.mark.parametrize("body, cue, speaker_text", [
    ("“Get out of our country, all of you!” he shouted as the police moved in.", "shouted", "he"),
    ('"It is time for a ceasefire in the whole region," exhorted the foreign minister.', "exhorted", "the foreign minister"),
])
def test_a_verb_right_after_a_quotation_is_how_it_was_said(nlp, body, cue, speaker_text):
    q = only(quotes_of(nlp, body))
    assert (q.kind, q.cue, q.speaker_text) == ("direct", cue, speaker_text)


def test_a_verb_of_motion_after_a_quotation_says_nothing(nlp):
    assert quotes_of(nlp, "“We will never surrender to them,” he walked out of the room.") == []


@pytest.mark.parametrize("words, deps, reports", [
    # "…, she said." hung on the main verb as an adverbial clause: an attribution
    (["Prices", "rose", ",", "she", "said", "."], ["nsubj", "ROOT", "punct", "nsubj", "advcl", "punct"], True),
    (["Prices", "rose", ",", "as", "she", "said", "."], ["nsubj", "ROOT", "punct", "mark", "nsubj", "advcl", "punct"], True),
    # "when she said it": a time, and the clause has its own object
    (["Prices", "rose", "when", "she", "said", "it"], ["nsubj", "ROOT", "mark", "nsubj", "advcl", "dobj"], False),
    (["Prices", "rose", "as", "she", "said", "goodbye"], ["nsubj", "ROOT", "mark", "nsubj", "advcl", "dep"], False),
])
def test_an_adverbial_attribution_reports_the_clause_it_modifies(nlp, words, deps, reports):
    from geowire.extract.quotes import _as_clause

    said = words.index("said")
    heads = [said if d in ("mark", "nsubj", "dobj", "dep") and i > 1 else 1 for i, d in enumerate(deps)]
    heads[said] = 1
    pos = {"said": "VERB", "rose": "VERB", "she": "PRON", ",": "PUNCT", ".": "PUNCT"}
    doc = hand_parsed(nlp, words, heads, deps, [pos.get(w, "NOUN") for w in words],
              lemmas=["say" if w == "said" else w.lower() for w in words])
    assert _as_clause(doc[said]) is reports


def test_an_inserted_attribution_takes_in_a_short_quotation_without_a_cue_of_its_own(nlp):
    body = "The pipeline, Merkel said, would make Europe more dependent and ''widen the rift.''"
    q = only(quotes_of(nlp, body))
    assert (q.speaker, q.cue) == ("angela-merkel", "said")
    assert q.text.startswith("The pipeline") and "widen the rift" in q.text


def test_the_scorer_adds_nothing_inside_a_that_clause_another_candidate_reports():
    from geowire.extract.quotes import inside, that_clauses

    candidates = [((20, 90), ["lemma=underline", "frame=ccomp", "mark=that"]),  # "underlined that …"
                  ((55, 90), ["lemma=effort", "frame=noun xcomp"]),  # "… make every effort to …"
                  ((100, 140), ["lemma=say", "frame=ccomp", "mark=none"])]
    reports = that_clauses(candidates)
    assert reports == [(20, 90)]
    assert inside((55, 90), reports) and not inside((20, 90), reports) and not inside((100, 140), reports)


def test_the_person_named_right_after_an_inverted_cue_speaks_when_the_parse_misses_the_subject(nlp):
    # the small model's parse of '"…," said Oversight ranking Democrat Elijah Cummings': the title
    # a clause ("ranking", ccomp), the name its object; no subject for "said"
    from geowire.extract.quotes import _subject

    words = ['"', "We", "will", "win", ",", '"', "said", "Oversight", "ranking", "Democrat", "Elijah", "Cummings", "."]
    heads = [6, 3, 3, 6, 6, 6, 6, 8, 6, 11, 11, 8, 6]
    deps = ["punct", "nsubj", "aux", "ccomp", "punct", "punct", "ROOT", "npadvmod", "ccomp", "compound", "compound",
            "dobj", "punct"]
    ents = ["O", "O", "O", "O", "O", "O", "O", "O", "O", "B-NORP", "B-PERSON", "I-PERSON", "O"]
    pos = ["PUNCT", "PRON", "AUX", "VERB", "PUNCT", "PUNCT", "VERB", "PROPN", "VERB", "PROPN", "PROPN", "PROPN", "PUNCT"]
    doc = hand_parsed(nlp, words, heads, deps, pos, ents=ents)
    assert _subject(doc[6], quote_of(doc, 0, 5)).text == "Cummings"
