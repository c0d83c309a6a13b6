"""Quotes: every quotation style, attribution before and after, split and multi-sentence quotes,
indirect speech, pronoun and role speakers, and the quoted phrases that are not quotes."""
from __future__ import annotations

import re

import pytest

from geowire.nlp.document import AnnotatedDocument
from geowire.extract.quotes import extract_quotes, find_quoted_spans
from geowire.model import Actor, Document, Quote

# Hand-made actors (the linker is another module): id → (kind, role, surface forms).
ACTORS = {
    "vladimir-putin": ("person", "President of Russia", ["Russian President Vladimir Putin", "Vladimir Putin", "Putin"]),
    "angela-merkel": ("person", "Chancellor of Germany", ["Angela Merkel", "Merkel"]),
    "dmitry-peskov": ("person", None, ["Dmitry Peskov", "Peskov"]),
    "josep-borrell": ("person", None, ["Josep Borrell", "Borrell"]),
    "german-foreign-office": ("agency", None, ["German Foreign Office", "Foreign Ministry"]),
    "kremlin.ru": ("media", None, ["website of the Russian President"]),
    "eastwatch.org": ("media", None, ["Eastwatch.org"]),
    "russia": ("state", None, ["Russia"]),
    "germany": ("state", None, ["Germany"]),
    "nato": ("igo", None, ["NATO"]),
    "european-union": ("igo", None, ["European Union", "EU"]),
    "apt28": ("threat-group", None, ["APT28", "Fancy Bear"]),
    "moscow": ("location", None, ["Moscow"]),
    "berlin": ("location", None, ["Berlin"]),
}


def link(body: str, drop_roles: bool = False) -> list[Actor]:
    """Mentions by exact surface form, longest first (a stand-in for the actor linker)."""
    taken: list[tuple[int, int]] = []
    found: dict[str, list[tuple[int, int]]] = {}
    forms = sorted(((f, a) for a, (_, _, fs) in ACTORS.items() for f in fs), key=lambda x: -len(x[0]))
    for form, actor_id in forms:
        for m in re.finditer(r"(?<!\w)" + re.escape(form) + r"(?!\w)", body):
            if not any(m.start() < e and s < m.end() for s, e in taken):
                taken.append(m.span())
                found.setdefault(actor_id, []).append(m.span())
    return [Actor(id=a, name=a, kind=ACTORS[a][0], role=None if drop_roles else ACTORS[a][1],
                  mentions=sorted(spans)) for a, spans in found.items()]


def quotes_of(nlp, body: str, drop_roles: bool = False) -> list[Quote]:
    ann = AnnotatedDocument(document=Document(body=body), doc=nlp(body), actors=link(body, drop_roles))
    ann.index_mentions()
    out = extract_quotes(ann)
    for q in out:  # every quote points at its text
        assert body[q.span[0]:q.span[1]] == q.text
    return out


def only(quotes: list[Quote]) -> Quote:
    assert len(quotes) == 1, quotes
    return quotes[0]


# ---- quotation marks, without the parser ------------------------------------------------

def spans_text(body: str) -> list[str]:
    return [body[q.start:q.end] for q in find_quoted_spans(body)]


def test_every_quotation_style_is_paired():
    assert spans_text('He said "yes, at once" and left.') == ["yes, at once"]
    assert spans_text("He said “yes, at once” and left.") == ["yes, at once"]
    assert spans_text("Il a dit « oui, tout de suite » hier.") == ["oui, tout de suite"]
    assert spans_text("Er sagte »ja, sofort« gestern.") == ["ja, sofort"]
    assert spans_text("Er sagte „ja, sofort“ gestern.") == ["ja, sofort"]
    assert spans_text("He said ‘yes, at once’ and left.") == ["yes, at once"]


def test_apostrophes_are_not_quotation_marks():
    assert spans_text("Russia’s army and the countries’ leaders don’t agree.") == []
    assert spans_text("Russia's army and the countries' leaders don't agree.") == []
    assert spans_text("He said ‘Russia’s army and the countries’ leaders will meet’ today.") == \
        ["Russia’s army and the countries’ leaders will meet"]


def test_nested_quotes_belong_to_the_outer_one_and_a_trailing_comma_is_dropped():
    body = '"The treaty includes the phrase "integration", nothing more," she said.'
    assert spans_text(body) == ['The treaty includes the phrase "integration", nothing more']
    assert spans_text("“He called it ‘a farce’ at once,” she said.") == ["He called it ‘a farce’ at once"]


def test_a_curly_and_a_straight_double_quote_close_each_other():
    assert spans_text('“Our roads are crumbling," she said. "We stay”, he said.') == \
        ["Our roads are crumbling", "We stay"]
    assert spans_text('“He said "no" to the deal,” she said.') == ['He said "no" to the deal']


def test_an_unclosed_quote_runs_to_the_end_of_its_paragraph_and_a_stray_mark_is_ignored():
    body = 'He said: "We stay. We fight.\n\nNext paragraph "here" ends.'
    assert spans_text(body) == ["We stay. We fight.", "here"]
    assert spans_text('There was "real evidence" for this". Then "more" came.') == ["real evidence", "more"]


# ---- direct quotes -------------------------------------------------------------------------

def test_attribution_after_a_straight_quote(nlp):
    body = '"The sanctions will stay in place until the war ends," Merkel said on Monday.'
    q = only(quotes_of(nlp, body))
    assert (q.speaker, q.speaker_text, q.kind, q.cue) == ("angela-merkel", "Merkel", "direct", "said")
    assert q.text == "The sanctions will stay in place until the war ends"
    assert q.span == (1, 1 + len(q.text))


def test_inverted_attribution_names_the_speaker_after_the_verb(nlp):
    body = ("“Under the agreement, both sides will open their borders and merge their customs” "
            "said the website of the Russian President.")
    q = only(quotes_of(nlp, body))
    assert q.speaker == "kremlin.ru" and q.cue == "said"
    assert q.text.startswith("Under the agreement") and q.text.endswith("customs")


def test_a_spokesperson_for_an_organisation_speaks_for_it(nlp):
    body = "«We see a massive increase in hostile activities by Russia,» a spokesperson for the Foreign Ministry stated."
    q = only(quotes_of(nlp, body))
    assert (q.speaker, q.speaker_text, q.cue) == \
        ("german-foreign-office", "a spokesperson for the Foreign Ministry", "stated")
    assert q.text == "We see a massive increase in hostile activities by Russia"


def test_attribution_before_a_quote_with_a_colon_and_german_marks(nlp):
    body = "Peskov told reporters: „The talks failed. We will try again in the spring.“"
    q = only(quotes_of(nlp, body))
    assert q.speaker == "dmitry-peskov" and q.cue == "told"
    assert q.text == "The talks failed. We will try again in the spring."


def test_said_in_a_comment_that_followed_by_a_quote(nlp):
    body = ('Eastwatch.org political editor said in a comment that "in practice the new treaty '
            'changes nothing on the ground. The timing however is aimed at Georgia."')
    q = only(quotes_of(nlp, body))
    assert q.speaker == "eastwatch.org" and q.kind == "direct"
    assert q.text.startswith("in practice the new treaty") and q.text.endswith("aimed at Georgia.")


def test_calling_it_makes_a_short_phrase_a_quote_of_the_subject(nlp):
    body = 'Vladimir Putin praised the treaty with Abkhazia, calling it "a landmark document."'
    q = only(quotes_of(nlp, body))  # "praised the treaty" is the topic of the quote, not speech of its own
    assert (q.speaker, q.cue) == ("vladimir-putin", "calling")
    assert q.text.rstrip(".") == "a landmark document"


def test_single_curly_quotes_with_apostrophes_inside(nlp):
    body = "‘Russia’s economy is strong and the countries’ ties are good,’ Putin told journalists."
    q = only(quotes_of(nlp, body))
    assert q.speaker == "vladimir-putin"
    assert q.text == "Russia’s economy is strong and the countries’ ties are good"


def test_a_quote_split_by_its_attribution_is_one_quote_covering_both_parts(nlp):
    body = "Angela Merkel arrived in Berlin. “We will not give in,” she said, “and we will win this fight.”"
    q = only(quotes_of(nlp, body))
    assert q.text == "We will not give in,” she said, “and we will win this fight."
    assert (q.speaker, q.cue, q.kind) == ("angela-merkel", "said", "direct")


def test_a_quote_split_across_sentences_by_its_attribution_is_one_quote(nlp):
    body = ('"He went for the easy vote when it looked popular," Angela Merkel said. '
            '"With all those dead Parisians, it does not look so popular!"')
    q = only(quotes_of(nlp, body))
    assert q.text.startswith("He went for") and q.text.endswith("so popular!")


@pytest.mark.parametrize("attribution", [
    "Merkel told Germany’s ARD television by phone.",  # an apostrophe is no quotation mark
    "Merkel said on ARD’s “Tagesthemen.”",  # nor is a programme's title
    "Merkel said, referring to the sanctions.",  # a clause that hangs on the attribution
])
def test_a_quote_split_by_a_longer_attribution_is_still_one_quote(nlp, attribution):
    body = f'"We will not give in to pressure," {attribution} "We will win this fight in the end."'
    q = only([q for q in quotes_of(nlp, body) if q.kind == "direct"])
    assert q.speaker == "angela-merkel"
    assert [q.text[s - q.span[0]:e - q.span[0]] for s, e in q.fragments] == [
        "We will not give in to pressure", "We will win this fight in the end."]


def test_a_paraphrase_inside_the_attribution_of_a_split_quote_is_its_own_quote(nlp):
    body = ('"We will not give in to pressure," Merkel said, warning that Russia was testing NATO. '
            '"We will win this fight in the end."')
    found = quotes_of(nlp, body)
    assert sorted(q.kind for q in found) == ["direct", "indirect"]
    assert next(q for q in found if q.kind == "indirect").text == "Russia was testing NATO"


def test_two_quotes_of_two_speakers_are_not_joined(nlp):
    body = '"We will win this fight," Merkel said. "We will not give in to pressure," Putin said.'
    assert [q.speaker for q in quotes_of(nlp, body)] == ["angela-merkel", "vladimir-putin"]


def test_a_paraphrase_holding_a_quoted_fragment_is_one_mixed_quote(nlp):
    # PolNeAR's "mixed" content: the paraphrase and the quoted words in it are one content
    body = 'NATO added that with these actions Russia is "very concretely threatening our security here."'
    q = only(quotes_of(nlp, body))
    assert (q.speaker, q.kind, q.cue) == ("nato", "mixed", "added")
    assert q.text.startswith("with these actions") and "very concretely threatening our security here" in q.text


def test_a_sentence_quote_without_a_cue_continues_the_speaker_before_it(nlp):
    body = ("Borrell underlined that the EU will keep supporting the peace process. "
            '"Of course, we will have to take into account the situation. There is no alternative to talks.')
    q = only(quotes_of(nlp, body))
    assert q.speaker == "josep-borrell" and q.kind == "direct" and q.cue is None
    assert q.text == "Of course, we will have to take into account the situation. There is no alternative to talks."


def test_a_quote_left_open_takes_the_speaker_of_the_next_paragraph(nlp):
    body = ('Merkel spoke to reporters. "We have agreed on a common line. Nobody will be left behind.\n\n'
            '"The next meeting will take place in Berlin," she added.')
    quotes = quotes_of(nlp, body)
    assert [q.text for q in quotes] == ["We have agreed on a common line. Nobody will be left behind.",
                                        "The next meeting will take place in Berlin"]
    assert {q.speaker for q in quotes} == {"angela-merkel"}


# ---- speakers ------------------------------------------------------------------------------

def test_a_pronoun_refers_back_to_the_last_person(nlp):
    body = 'Angela Merkel met the press in Berlin. "Europe must stand together now," she said.'
    q = only(quotes_of(nlp, body))
    assert (q.speaker, q.speaker_text) == ("angela-merkel", "she")


def test_a_pronoun_prefers_the_subject_and_skips_people_named_inside_the_quote(nlp):
    body = 'Angela Merkel met Vladimir Putin in Moscow. "I will talk to Putin again tomorrow," she said.'
    assert only(quotes_of(nlp, body)).speaker == "angela-merkel"


def test_a_pronoun_with_nobody_before_it_keeps_its_text_and_no_actor(nlp):
    q = only(quotes_of(nlp, '"Europe must stand together now and forever," she said.'))
    assert (q.speaker, q.speaker_text) == (None, "she")


@pytest.mark.parametrize("drop_roles", [False, True])  # role from the actor, or from "President" in the text
def test_the_president_is_the_last_person_holding_that_office(nlp, drop_roles):
    body = ('Russian President Vladimir Putin met Angela Merkel. "In 2008-2014, the total amount of support '
            'stood at 43 billion rubles," the president noted.')
    q = only(quotes_of(nlp, body, drop_roles=drop_roles))
    assert (q.speaker, q.speaker_text, q.cue) == ("vladimir-putin", "the president", "noted")


def test_the_spokesperson_is_the_spokesperson_quoted_before(nlp):
    body = ('"We have been observing hostile activities for some time now," a spokesperson for the Foreign '
            'Ministry stated. Moscow denies it. The spokesperson added that Russia is "threatening our '
            'security, not only in Ukraine but also here."')
    quotes = quotes_of(nlp, body)
    assert [q.speaker for q in quotes] == ["german-foreign-office", "german-foreign-office"]
    assert quotes[1].speaker_text == "The spokesperson" and quotes[1].kind == "mixed"
    assert quotes[1].text.startswith("Russia is") and "threatening our security" in quotes[1].text


def test_a_speaker_without_an_actor_keeps_its_text(nlp):
    q = only(quotes_of(nlp, 'The minister said: "The talks failed, and we will try again."'))
    assert (q.speaker, q.speaker_text) == (None, "The minister")


# ---- indirect quotes ------------------------------------------------------------------------

def test_indirect_speech_with_that(nlp):
    q = only(quotes_of(nlp, "NATO warned that Russia was massing troops on the border."))
    assert (q.speaker, q.kind, q.cue, q.text) == ("nato", "indirect", "warned", "Russia was massing troops on the border")


def test_indirect_speech_without_that(nlp):
    body = "Putin said one billion rubles ($16 million) will be allocated from Russia's 2016 budget."
    q = only(quotes_of(nlp, body))
    assert (q.speaker, q.kind, q.cue) == ("vladimir-putin", "indirect", "said")
    assert q.text == "one billion rubles ($16 million) will be allocated from Russia's 2016 budget"


def test_indirect_speech_told_reporters(nlp):
    q = only(quotes_of(nlp, "Peskov told reporters that the Kremlin had no plans to respond."))
    assert (q.speaker, q.cue, q.text) == ("dmitry-peskov", "told", "the Kremlin had no plans to respond")


def test_indirect_speech_reported_by_media(nlp):
    q = only(quotes_of(nlp, "Russian media reported that the treaty envisages a common defence space."))
    assert (q.speaker, q.speaker_text, q.kind) == (None, "Russian media", "indirect")
    assert q.text == "the treaty envisages a common defence space"


def test_according_to(nlp):
    q = only(quotes_of(nlp, "According to the German Foreign Office, the attack was carried out by APT28."))
    assert (q.speaker, q.cue, q.kind) == ("german-foreign-office", "according to", "indirect")
    assert q.text == "the attack was carried out by APT28"
    q = only(quotes_of(nlp, "According to officials, the ceasefire will hold until Friday."))
    assert (q.speaker, q.speaker_text, q.text) == (None, "officials", "the ceasefire will hold until Friday")


def test_a_pronoun_speaker_of_indirect_speech(nlp):
    quotes = quotes_of(nlp, "Merkel met Putin on Monday. She said the sanctions would stay in place.")
    assert [(q.speaker, q.text) for q in quotes] == [("angela-merkel", "the sanctions would stay in place")]


def test_a_reported_clause_stops_at_the_end_of_its_paragraph(nlp):
    body = "NATO reported that the air quality over the region had worsened\n\nThis surge is a regular occurrence."
    q = only(quotes_of(nlp, body))
    assert q.text == "the air quality over the region had worsened"


def test_speech_inside_a_quote_is_not_reported_again(nlp):
    body = '"We said that the talks had failed," Merkel told the Bundestag.'
    q = only(quotes_of(nlp, body))
    assert (q.kind, q.speaker) == ("direct", "angela-merkel")


# ---- what is not a quote ---------------------------------------------------------------------

@pytest.mark.parametrize("body", [
    'Russia and Abkhazia have signed a treaty "on Alliance and Integration" at a ceremony in Moscow.',
    'The hacker collective "APT28," known as "Fancy Bear," was named by investigators.',
    'The so-called "Storm 1516" campaign has been running since 2024.',
    'The treaty includes the phrase "integration" twice.',
    'The book “The New Tsar” describes the rise of the elite.',
    'Furthermore, it could now be "conclusively stated" that Russia had attempted "to influence and '
    'destabilize the last election."',
    'There was "absolutely irrefutable evidence" for this".',
    "Russia's army and Russia’s navy held drills near the border.",
    "The Center is also said to be supported by Russian military intelligence.",
    "The treaty says that both sides will defend each other.",
])
def test_titles_names_scare_quotes_and_non_speech_give_nothing(nlp, body):
    assert quotes_of(nlp, body) == []


def test_a_quoted_name_in_reported_speech_leaves_the_indirect_quote(nlp):
    q = only(quotes_of(nlp, 'NATO said that the hacker group "APT28" was behind the attack.'))
    assert (q.kind, q.text) == ("indirect", 'the hacker group "APT28" was behind the attack')


# ---- the example page (needs the shared data and the whole pipeline) ------------------------

def test_the_example_page_quotes_score_at_least_0_8(example_page):
    result = example_page.score("quotes.f1=0.8", "related.1.quotes.f1=0.8", "related.2.quotes.f1=0.8")
    assert result.returncode == 0, result.stdout + result.stderr
