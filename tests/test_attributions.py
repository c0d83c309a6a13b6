"""The attributions extractor on short texts written for these tests (fictional states and
groups), with hand-made actors and times: several phrasings of who did it, who backs them,
who says so and how firmly, and the texts that must yield nothing."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from geowire.nlp.document import AnnotatedDocument
from geowire.extract.attributions import extract_attributions
from geowire.model import Actor, Document, Quote, TimeExpression

# id: (name, kind, country, sectors, names in text)
ACTORS = {
    "norland": ("Norland", "state", "XNL", [], ["Norland", "Norland's government", "Federal Republic of Norland"]),
    "vestria": ("Vestria", "state", "XVS", [], ["Vestria"]),
    "moldova": ("Moldova", "state", "MDA", [], ["Moldova", "Moldovan government"]),
    "norland-foreign-ministry": ("Norland Foreign Ministry", "agency", "XNL", ["GOV"],
                                 ["Norland's foreign ministry", "Foreign Ministry"]),
    "vestrian-military-intelligence": ("Vestrian Military Intelligence", "agency", "XVS", ["SPY"],
                                       ["Vestrian military intelligence", "VMI"]),
    "fsb": ("FSB", "agency", "RUS", ["SPY"], ["FSB", "Federal Security Service"]),
    "red-owl": ("Red Owl", "threat-group", "XVS", [], ["Red Owl", "APT99"]),
    "sand-dune": ("Sand Dune", "threat-group", None, [], ["Sand Dune"]),
    "grey-lynx": ("Grey Lynx", "threat-group", "XVS", [], ["Grey Lynx"]),
    "operation-mirror": ("Operation Mirror", "campaign", "XVS", [], ["Operation Mirror"]),
    "institute-for-strategic-dialogue": ("Institute for Strategic Dialogue", "organization", "XVS", [],
                                         ["Institute for Strategic Dialogue"]),
    "acme-security": ("Acme Security", "organization", "USA", [], ["Acme Security"]),
}


def annotate(nlp, body: str, times=(), quotes=()) -> AnnotatedDocument:
    """An annotated document with the actors of ACTORS found in the text (longest names first)
    and the given times (text, value) and quotes (text, speaker id)."""
    actors, taken = [], []
    names = sorted(((n, aid) for aid, spec in ACTORS.items() for n in spec[4]), key=lambda x: -len(x[0]))
    spans: dict[str, list] = {}
    for name, aid in names:
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", body):
            if not any(m.start() < e and s < m.end() for s, e in taken):
                taken.append((m.start(), m.end()))
                spans.setdefault(aid, []).append((m.start(), m.end()))
    for aid, found in spans.items():
        name, kind, country, sectors, _ = ACTORS[aid]
        actors.append(Actor(id=aid, name=name, kind=kind, country=country, sectors=sectors, mentions=sorted(found)))
    ann = AnnotatedDocument(document=Document(body=body), doc=nlp(body), actors=actors,
                            reference_date=dt.date(2024, 5, 14))
    ann.index_mentions()
    ann.times = [TimeExpression(text=t, value=v, span=(body.index(t), body.index(t) + len(t))) for t, v in times]
    ann.quotes = [Quote(speaker=who, text=t, kind="indirect", span=(body.index(t), body.index(t) + len(t)))
                  for t, who in quotes]
    return ann


def only(attributions):
    assert len(attributions) == 1, attributions
    return attributions[0]


def test_a_ransomware_attack_attributed_by_a_government_to_a_group_backed_by_an_agency(nlp):
    body = ("Norland's government said on Friday that the ransomware attack on the central hospital of Norland "
            "in March 2023 was carried out by Red Owl, a criminal group backed by Vestrian military intelligence.")
    ann = annotate(nlp, body, times=[("March 2023", "2023-03"), ("on Friday", "2024-05-10")])
    a = only(extract_attributions(ann))
    assert a.kind == "cyber"
    assert "hospital" in a.incident
    assert (a.operator, a.sponsor) == (["red-owl"], ["vestrian-military-intelligence"])
    assert a.attributed_by == ["norland"]
    assert a.target == ["norland"]
    assert a.date == "2023-03"
    assert a.confidence == "asserted"
    assert a.spans == [(0, len(body))]


def test_a_hack_and_leak_believed_to_be_by_a_group_is_suspected(nlp):
    body = ("A hack-and-leak operation against the Vestrian parliament is believed to have been conducted "
            "by Sand Dune.")
    a = only(extract_attributions(annotate(nlp, body)))
    assert a.kind == "cyber"
    assert a.operator == ["sand-dune"] and a.sponsor == []
    assert a.confidence == "suspected"
    assert a.attributed_by == []
    assert a.target == []  # Vestria is not among the document's actors: no id to name it by


def test_a_target_named_by_its_demonym_is_the_documents_state(nlp):
    body = ("A hack-and-leak operation against the Vestrian parliament is believed to have been conducted "
            "by Sand Dune, prosecutors in Vestria said.")
    a = only(extract_attributions(annotate(nlp, body)))
    assert a.target == ["vestria"]


def test_an_influence_campaign_allegedly_run_by_an_agency(nlp):
    body = ("The Moldovan government says a disinformation campaign ahead of Moldova's referendum "
            "was allegedly run by the FSB.")
    a = only(extract_attributions(annotate(nlp, body)))
    assert a.kind == "influence"
    assert a.operator == ["fsb"]  # an agency said to run the operation runs it
    assert a.sponsor == []
    assert a.confidence == "alleged"
    assert a.attributed_by == ["moldova"]
    assert a.target == ["moldova"]


def test_an_accusation_is_alleged_and_a_state_sponsors(nlp):
    body = "Vestria accused Norland of a cyberattack on its power grid."
    a = only(extract_attributions(annotate(nlp, body)))
    assert (a.kind, a.sponsor, a.operator) == ("cyber", ["norland"], [])
    assert a.attributed_by == ["vestria"]
    assert a.confidence == "alleged"


def test_a_company_says_a_group_was_behind_a_breach(nlp):
    body = "Acme Security said Grey Lynx was behind the breach of its email systems in January."
    a = only(extract_attributions(annotate(nlp, body, times=[("in January", "2024-01")])))
    assert a.kind == "cyber"
    assert a.operator == ["grey-lynx"]
    assert a.attributed_by == ["acme-security"]
    assert a.date == "2024-01"


def test_mentions_of_one_incident_merge_and_the_agency_displaces_its_state(nlp):
    body = ("Norland holds Vestria responsible for a cyberattack on the Norland election commission. "
            "According to Norland's foreign ministry, the attack on the election commission in May 2024 "
            "was carried out by Red Owl on behalf of Vestrian military intelligence.")
    ann = annotate(nlp, body, times=[("May 2024", "2024-05")])
    a = only(extract_attributions(ann))
    assert a.operator == ["red-owl"]
    assert a.sponsor == ["vestrian-military-intelligence"]  # not also Vestria: the agency is more specific
    assert a.attributed_by == ["norland-foreign-ministry"]  # the ministry named the group and the agency
    assert a.date == "2024-05"
    assert len(a.spans) == 2


def test_a_named_campaign_joins_the_influence_operation_and_the_weakest_statement_sets_the_firmness(nlp):
    body = ("Norland's foreign ministry stated that Vestria had attempted to influence the last election "
            "in the Federal Republic of Norland. The so-called Operation Mirror campaign is reportedly run by the "
            "Institute for Strategic Dialogue. The Institute is also said to be funded by VMI.")
    a = only(extract_attributions(annotate(nlp, body)))
    assert a.kind == "influence"
    assert a.campaign == "operation-mirror"
    assert a.operator == ["institute-for-strategic-dialogue"]
    assert a.sponsor == ["vestrian-military-intelligence"]
    assert a.target == ["norland"]
    assert a.attributed_by == ["norland-foreign-ministry"]  # the source named before, kept over the paragraph
    assert a.confidence == "alleged"
    assert len(a.spans) == 3


def test_two_incidents_in_one_sentence_are_two_attributions(nlp):
    body = ("Norland holds Vestria responsible for a cyberattack on its railway network and for "
            "disinformation campaigns before the last election.")
    found = sorted(extract_attributions(annotate(nlp, body)), key=lambda a: a.kind)
    assert [a.kind for a in found] == ["cyber", "influence"]
    assert all(a.sponsor == ["vestria"] and a.attributed_by == ["norland"] for a in found)
    assert "election" in found[1].incident


def test_the_speaker_of_a_quote_makes_the_attribution(nlp):
    quoted = "The breach of the ministry's servers was attributed to Grey Lynx"
    ann = annotate(nlp, f"{quoted}, a spokesperson said.", quotes=[(quoted, "norland")])
    a = only(extract_attributions(ann))
    assert a.operator == ["grey-lynx"]
    assert a.attributed_by == ["norland"]


@pytest.mark.parametrize("body", [
    # an attack nobody attributes is no attribution
    "A cyberattack on the port of Norland disrupted shipping on Monday. Officials have not said who was behind it.",
    # a denial, and a refusal to attribute
    "Norland did not attribute the cyberattack on its parliament to Vestria.",
    # kinds of operations, not an incident
    "These range from disinformation campaigns and espionage to cyberattacks and sabotage attempts.",
    # no cyber or influence operation at all
    "The EU will remain engaged in Vestria, Norland's government said.",
    # a breach that is no intrusion
    "The Vestrian-born activist was arrested in Norland for breaching his bail conditions, police said.",
])
def test_no_attribution_without_someone_responsible_for_an_incident(nlp, body):
    assert extract_attributions(annotate(nlp, body)) == []


# ---- operators by nationality, claimants, targets and hedges (the unseen-articles issue) -------

def test_a_campaign_described_by_nationality_is_operated_by_that_state(nlp):
    body = ("Vestria denies everything. The Moldovan government has been the target of a Vestrian "
            "disinformation campaign, Acme Security has previously established.")
    a = only(extract_attributions(annotate(nlp, body)))
    assert (a.kind, a.operator, a.sponsor) == ("influence", ["vestria"], [])
    assert (a.target, a.attributed_by, a.confidence) == (["moldova"], ["acme-security"], "asserted")


@pytest.mark.parametrize("body, confidence", [
    ("Vestrian hackers breached the Moldovan government's email servers, Acme Security said with high "
     "confidence.", "asserted"),
    ("Acme Security said Vestrian hackers likely breached the Moldovan government's email servers.", "suspected"),
    ("Acme Security alleged that Vestrian hackers breached the Moldovan government's email servers.", "alleged"),
])
def test_hackers_described_by_nationality_stand_for_their_state(nlp, body, confidence):
    a = only(extract_attributions(annotate(nlp, "Vestria denies everything. " + body)))
    assert (a.kind, a.operator, a.target) == ("cyber", ["vestria"], ["moldova"])
    assert (a.attributed_by, a.confidence) == (["acme-security"], confidence)


def test_a_charge_of_conspiring_to_hack_is_alleged(nlp):
    body = "Red Owl was charged with conspiring to hack Moldovan government computers."
    a = only(extract_attributions(annotate(nlp, body)))
    assert (a.kind, a.operator, a.confidence) == ("cyber", ["red-owl"], "alleged")
    assert a.target == ["moldova"]


def test_a_threat_intelligence_company_the_linker_does_not_know_is_the_claimant(nlp):
    body = "Vestria denies everything. Mandiant said Vestrian hackers breached Moldova's networks."
    a = only(extract_attributions(annotate(nlp, body)))
    assert a.operator == ["vestria"]
    assert a.attributed_by == ["Mandiant"]


def test_a_doctored_video_posted_by_a_group_is_an_influence_operation(nlp):
    body = "Sand Dune posted a doctored video of Moldova's president, the Institute for Strategic Dialogue said."
    a = only(extract_attributions(annotate(nlp, body)))
    assert (a.kind, a.operator) == ("influence", ["sand-dune"])
    assert a.attributed_by == ["institute-for-strategic-dialogue"]


def test_another_kind_of_operation_is_no_back_reference(nlp):
    body = ("Vestria denies everything. Vestrian hackers breached Moldova's networks, Acme Security said. "
            "The military operation against Norland went on.")
    a = only(extract_attributions(annotate(nlp, body)))
    assert "norland" not in a.target


# ---- the example page (needs the shared data and the whole pipeline) ------------------------

def test_the_example_page_attributions_score_at_least_0_8(example_page):
    dossier = example_page.dossier
    assert dossier.attributions == []  # the treaty article attributes nothing
    borrell = [t for t in dossier.related if "Borrell" in (t.document.title or "")]
    assert borrell and borrell[0].attributions == []
    result = example_page.score("related.1.attributions.f1=1", "related.1.attributions.fields=0.8")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_candidate_blaming_a_leader_is_the_claimant(nlp):
    body = "Vestria denies everything. Anna Kors blames Vestria for the hacking of Moldova's election commission."
    ACTORS["anna-kors"] = ("Anna Kors", "person", "XNL", [], ["Anna Kors"])
    try:
        a = only(extract_attributions(annotate(nlp, body)))
    finally:
        del ACTORS["anna-kors"]
    assert a.kind == "cyber" and "vestria" in a.operator + a.sponsor
    assert a.attributed_by == ["anna-kors"]


@pytest.mark.parametrize("body, operator, sponsor", [
    ("Acme Security said Vestrian intelligence hacked Moldova's election commission.", ["vestria"], []),
    ("Acme Security said a Vestrian state-sponsored group hacked Moldova's election commission.", [], ["vestria"]),
])
def test_a_described_operator_is_its_state(nlp, body, operator, sponsor):
    a = only(extract_attributions(annotate(nlp, "Vestria denies everything. " + body)))
    assert (a.operator, a.sponsor) == (operator, sponsor)
    assert a.target == ["moldova"]


def test_an_incident_word_modifying_the_thing_made_gives_its_phrase(nlp):
    # "propaganda" modifies the video (the parser takes the comma list for a coordination): the
    # incident is the video, not the bare word
    body = "Red Owl has recently released a propaganda, recruitment video aimed at Moldova."
    a = only(extract_attributions(annotate(nlp, body)))
    assert a.kind == "influence"
    assert a.operator == ["red-owl"]
    assert "video" in a.incident


def test_intruders_inside_a_system_are_an_intrusion_whose_target_owns_the_system(nlp):
    body = ("Relations between Norland and Vestria are tense. Vestrian intruders were thoroughly inside that system for years "
            "before the Foreign Ministry shut its system down.")
    a = only(extract_attributions(annotate(nlp, body)))
    assert a.kind == "cyber"
    assert a.operator == ["vestria"]
    assert a.target == ["norland"]


def test_breaking_into_a_network_is_an_intrusion(nlp):
    body = "Vestria's operatives broke into the central bank's network in 2021, Norland's government said."
    a = only(extract_attributions(annotate(nlp, body, times=[("in 2021", "2021")])))
    assert a.kind == "cyber"
    assert a.operator == ["vestria"]
    assert a.attributed_by == ["norland"]


def test_hackers_behind_an_attack_make_it_cyber_and_a_definite_mention_describes_it(nlp):
    body = ("Relations between Moldova and Vestria are tense. Norland's government suspects that Vestrian hackers "
            "were behind the attack on the Moldovan government.")
    a = only(extract_attributions(annotate(nlp, body)))
    assert a.kind == "cyber"
    assert a.operator == ["vestria"]
    assert a.confidence == "suspected"
    assert "attack" in a.incident  # the definite mention's words, not the bare kind


def test_breaking_into_a_house_is_no_intrusion(nlp):
    body = "Vestrian burglars broke into the house of Norland's ambassador in 2021."
    assert extract_attributions(annotate(nlp, body, times=[("in 2021", "2021")])) == []


def test_stealing_emails_is_an_intrusion_stealing_documents_is_not(nlp):
    body = "Norland's government said Vestria stole emails from the Moldovan government in 2021."
    a = only(extract_attributions(annotate(nlp, body, times=[("in 2021", "2021")])))
    assert (a.kind, a.operator, a.target) == ("cyber", ["vestria"], ["moldova"])
    body = "Norland's government said Vestria stole documents from the Moldovan government in 2021."
    assert extract_attributions(annotate(nlp, body, times=[("in 2021", "2021")])) == []
