"""The CAMEO dictionary compiler (scripts/build_cameo.py) and the verb-pattern matcher
(geowire.extract.events.cameo).

The compiler is tested on a small dictionary written here in PETRARCH-2's format; the matcher
on sentences parsed with geowire's spaCy model, first against that small dictionary, then
against the committed geowire/data/cameo_patterns.json. Nothing here needs $GEOWIRE_DATA
(the up-to-date check of the committed file is skipped without it).
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import sys

import pytest

import geowire.pipeline  # noqa: F401  (importing geowire.extract before the rest is circular today)
from geowire.extract.events.cameo import (PATTERNS_FILE, CameoPatterns, best_pattern, cameo_trigger, load_patterns,
                                          match_sentence_verbs, match_verb)
from geowire.settings import PROJECT_ROOT, shared_data

PLOVER_TYPES = {"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "CONCEDE", "REQUEST", "ACCUSE",
                "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}

# A made-up dictionary in PETRARCH-2's format: synsets (a phrase member, a no-plural member,
# a plural member), blocks with and without a code, a verb with irregular forms, a multi-word
# verb with its own code, patterns with the verb first, in the middle and last, prepositional
# phrases with and without words, $/+ markers, paired and reverse-only codes, discards, a
# 4-digit code the table lacks, an unknown synset, and a transformation.
DICTIONARY = """\
# TEST VERB DICTIONARY (written for tests/test_cameo.py)
# MIT licence notice would be here.

####### SYNONYM SETS #######

&PROJECTILE
+ROCKET
+MORTAR_SHELL
+MISSILES
+FLARE_

&ENVOY
+AMBASSADOR
+CONSUL

####### VERB PATTERNS #######

--- HURL   [---]  ---
HURL
LOB {LOBS LOBBED LOBBING}   # comment after a verb
- * &PROJECTILE (AT +)            [195]     # the longer reading
- * &PROJECTILE                   [194]
- RIOTERS *                       [145]
- * INSULTS                       [111]
- * (AT)                          [111]
- * {PAPER PLANES}                [---]     # pranks are no events
- * BALL                          [---]
- * {HAND GRENADES}                [1951]
- * &NOSUCHSET                    [190]


--- SUMMON   [040]  ---
SUMMON
+CALL_IN {+CALLS_IN +CALLED_IN +CALLING_IN} [110]
- * &ENVOY                        [114:043]
- * (FOR TALKS)                   [036]
- * (TO CAPITAL)                  [:042]
- * $ (TO +)                      [042]

--- UTTER [010] ---
UTTER
- * THREATS                       [138]

######## TRANSFORMATIONS ##########

~ a (a b ATTACK) SAY = a b 015
"""

TABLE = """\
# CAMEO to PLOVER conversion table (test)
03: AGREE
036: AGREE,  , diplomatic # Express intent to meet or negotiate
040: CONSULT, ,  # Consult
042: CONSULT, visit,   # Make a visit
043: CONSULT, visit,   # Host a visit
110: ACCUSE, disapprove,    # Disapprove
111: ACCUSE, disapprove,    # Criticize or denounce
114: ACCUSE, allege, diplomatic # Complain officially
138: THREATEN, violence, military # Threaten with military force
145: PROTEST, riot ,      # Protest violently, riot
190: ASSAULT, , military # Use conventional military force
194: ASSAULT, heavy-weapons, military # Fight with artillery and tanks
195: ASSAULT, heavy-weapons, military; legal # Employ aerial weapons
"""


def _build_module():
    """scripts/build_cameo.py as a module (scripts/ is not a package)."""
    path = PROJECT_ROOT / "scripts" / "build_cameo.py"
    spec = importlib.util.spec_from_file_location("build_cameo", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("build_cameo", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def build():
    return _build_module()


@pytest.fixture(scope="module")
def compiled(build):
    return build.compile_dictionary(DICTIONARY, TABLE)


@pytest.fixture(scope="module")
def small(compiled):
    return CameoPatterns(compiled)


def _pattern(compiled, text_start: str) -> dict:
    (p,) = [p for b in compiled["blocks"] for p in b["patterns"] if p["text"].startswith(text_start)]
    return p


# ---- the compiler -------------------------------------------------------------------------------

def test_counts_and_skips(compiled):
    c = compiled["counts"]
    assert c["blocks"] == 3
    assert c["patterns"] == 13  # 14 pattern lines, the unknown synset one skipped
    assert c["patterns_skipped"] == 1 and "&NOSUCHSET" in compiled["skipped"][0]
    assert c["discard_patterns"] == 2
    assert c["noun_synsets"] == 2
    assert c["transformations_not_compiled"] == 1
    assert c["multiword_verbs"] == 1


def test_synsets_are_expanded_once_with_phrases_and_singulars(compiled):
    members = compiled["synsets"]["&PROJECTILE"]
    assert "rocket" in members and "mortar shell" in members  # MORTAR_SHELL: a phrase
    assert "missiles" in members and "missile" in members     # a plural also matches its lemma
    assert "flare" in members                                  # FLARE_: the trailing _ only stops plurals
    p = _pattern(compiled, "- * &PROJECTILE (AT +)")
    assert p["after"] == [[["&PROJECTILE"]]]


def test_star_position_prepositions_and_roles(compiled):
    p = _pattern(compiled, "- * &PROJECTILE (AT +)")
    assert p["verb_position"] == [0, 2]
    assert p["after_preps"] == [{"prep": ["at"], "words": []}]
    assert p["roles"] == {"target": "prep:at"}
    assert p["specificity"] == 1.5                        # a word, and a preposition counting half
    before = _pattern(compiled, "- RIOTERS *")
    assert before["verb_position"] == [1, 0]
    assert before["before"] == [[["rioters", "rioter"]]]
    assert "after" not in before                          # empty fields are left out
    phrase = _pattern(compiled, "- * {PAPER PLANES}")
    assert phrase["after"] == [[["paper"], ["planes", "plane"]]]   # one position per word, head last
    markers = _pattern(compiled, "- * $ (TO +)")
    assert markers["roles"] == {"source": "object", "target": "prep:to"}
    words = _pattern(compiled, "- * (FOR TALKS)")
    assert words["after_preps"] == [{"prep": ["for"], "words": [[["talks", "talk"]]]}]


def test_codes_discards_and_plover_mapping(compiled):
    assert _pattern(compiled, "- * BALL")["discard"] is True
    assert _pattern(compiled, "- * BALL")["code"] is None
    paired = _pattern(compiled, "- * &ENVOY")
    assert (paired["code"], paired["reverse_code"]) == ("114", "043")
    reverse_only = _pattern(compiled, "- * (TO CAPITAL)")
    assert reverse_only["code"] is None and reverse_only["reverse_code"] == "042" and not reverse_only["discard"]
    codes = compiled["codes"]
    assert codes["195"] == {"type": "ASSAULT", "mode": "heavy-weapons", "context": ["military", "legal"]}
    assert codes["1951"] == codes["195"]   # a 4-digit code missing from the table takes its parent's
    assert codes["040"]["mode"] is None
    assert codes["010"] is None            # statements are no PLOVER event
    assert "010" in compiled["counts"]["codes_unmapped"]


def test_a_context_in_the_tables_mode_column_is_read_as_a_context(build):
    # the 2021 table's 175 row has "pro_autocracy" where the mode goes; the table uses that
    # word as a context elsewhere, and no PLOVER mode is spelled with an underscore
    table = build.read_plover_table("1722: COERCE, ban, pro_autocracy\n"
                                    "175: ASSAULT, pro_autocracy , military # Use violent repression\n")
    assert table["175"] == {"type": "ASSAULT", "mode": None, "context": ["pro_autocracy", "military"]}
    assert table["1722"]["mode"] == "ban"


def test_verb_index_forms_and_multiword_verbs(compiled):
    verbs = compiled["verbs"]
    assert [e["block"] for e in verbs["hurl"]] == [0] and verbs["hurl"][0]["code"] is None  # block [---]
    assert verbs["summon"][0]["code"] == "040"                     # the block's code
    call = verbs["call"][0]
    assert (call["after"], call["before"], call["code"]) == (["in"], [], "110")  # its own code
    forms = compiled["forms"]
    assert forms["lobbed"] == ["lob"]                              # irregular forms as given
    assert forms["hurled"] == ["hurl"] and forms["hurling"] == ["hurl"]  # regular ones generated
    assert forms["summoned"] == ["summon"]
    assert compiled["blocks"][1]["verbs"] == ["call", "summon"]


def test_build_records_provenance_and_licence(build, tmp_path):
    dictionary, table = tmp_path / "CAMEO.test.txt", tmp_path / "table.txt"
    dictionary.write_text(DICTIONARY, encoding="utf-8")
    table.write_text(TABLE, encoding="utf-8")
    doc = build.build(dictionary, table)
    assert doc["format"] == "geowire.cameo_patterns/1"
    assert doc["sources"]["dictionary"]["sha256"] == hashlib.sha256(DICTIONARY.encode()).hexdigest()
    assert doc["sources"]["plover_table"]["sha256"] == hashlib.sha256(TABLE.encode()).hexdigest()
    assert "MIT" in doc["sources"]["dictionary"]["licence"] and "Open Event Data Alliance" in doc["notice"]
    out = tmp_path / "out.json"
    assert build.main(["--dictionary", str(dictionary), "--table", str(table), "--out", str(out)]) == 0
    assert build.main(["--dictionary", str(dictionary), "--table", str(table), "--out", str(out), "--check"]) == 0
    out.write_text(out.read_text(encoding="utf-8").replace("ASSAULT", "AID"), encoding="utf-8")
    assert build.main(["--dictionary", str(dictionary), "--table", str(table), "--out", str(out), "--check"]) == 1


# ---- the matcher on the small dictionary -------------------------------------------------------

def _verb(nlp, text: str, verb: str):
    doc = nlp(text)
    (tok,) = [t for t in doc if t.text == verb]
    return tok


@pytest.mark.parametrize("text, verb, expected", [
    ("The rebels lobbed rockets at the base.", "lobbed", ("ASSAULT", "heavy-weapons", "195")),  # longest wins
    ("The rebels lobbed rockets.", "lobbed", ("ASSAULT", "heavy-weapons", "194")),
    ("The rebels lobbed mortar shells at the base.", "lobbed", ("ASSAULT", "heavy-weapons", "195")),  # phrase member
    ("The rebels hurled missiles at the base.", "hurled", ("ASSAULT", "heavy-weapons", "195")),  # plural member
    ("Rioters hurled stones.", "hurled", ("PROTEST", "riot", "145")),                # a word before the verb
    ("The minister hurled insults at the protesters.", "hurled", ("ACCUSE", "disapprove", "111")),
    ("The soldiers hurled hand grenades.", "hurled", ("ASSAULT", "heavy-weapons", "1951")),
    ("The president summoned the ambassador.", "summoned", ("ACCUSE", "allege", "114")),
    ("The president summoned his advisers.", "summoned", ("CONSULT", None, "040")),  # the block's code
    ("The president summoned his advisers for talks.", "summoned", ("AGREE", None, "036")),
    # a preposition inside a name is no phrase of the verb's
    ("The president summoned the Foundation for Talks and Dialogue.", "summoned", ("CONSULT", None, "040")),
    ("Germany called in the ambassador.", "called", ("ACCUSE", "allege", "114")),    # multi-word verb
    ("He uttered threats against the village.", "uttered", ("THREATEN", "violence", "138")),
])
def test_matcher_readings(nlp, small, text, verb, expected):
    m = match_verb(_verb(nlp, text, verb), small)
    assert m is not None, text
    assert (m.plover_type, m.mode, m.cameo_code) == expected, (text, m.pattern.text)


@pytest.mark.parametrize("text, verb, why", [
    ("The boy lobbed the ball.", "lobbed", "discard"),
    ("The pupils lobbed paper planes at the teacher.", "lobbed", "discard"),   # beats the shorter (AT)
    ("The soldiers hurled stones.", "hurled", "null block code"),
    ("He uttered a word.", "uttered", "unmapped code"),
    ("Germany called the ambassador.", "called", "not the multi-word verb"),
    # a particle neither the verb entry nor a pattern spells makes another verb
    ("The president summoned up his advisers.", "summoned", "an unspelled particle, bare verb"),
    ("The rebels lobbed back the rockets.", "lobbed", "an unspelled particle, with a pattern's object"),
    ("The rebels fired rockets.", "fired", "not in the dictionary"),
])
def test_matcher_no_event(nlp, small, text, verb, why):
    assert match_verb(_verb(nlp, text, verb), small) is None, why


def test_matcher_discard_and_unmapped_are_visible(nlp, small):
    p = best_pattern(_verb(nlp, "The pupils lobbed paper planes at the teacher.", "lobbed"), small)
    assert p.discard and p.text.startswith("- * {PAPER PLANES}")
    p = best_pattern(_verb(nlp, "He uttered a word.", "uttered"), small)
    assert p.isolated and p.code == "010"


def test_matcher_reverse_code_and_context(nlp, small):
    m = match_verb(_verb(nlp, "The president summoned them to the capital.", "summoned"), small)
    assert (m.plover_type, m.mode, m.cameo_code, m.reversed) == ("CONSULT", "visit", "042", True)
    plover_type, mode, code, pattern = m  # the four fields unpack
    assert pattern.text == "- * (TO CAPITAL) [:042]"
    m = match_verb(_verb(nlp, "The rebels lobbed rockets at the base.", "lobbed"), small)
    assert m.context == ["military", "legal"] and not m.reversed
    assert m.pattern.roles == (("target", "prep:at"),)


# ---- the matcher as a trigger of the event coder -------------------------------------------------

def test_trigger_roles_from_the_pattern(nlp, small):
    # "- * &PROJECTILE (AT +)": the target is the object of "at", tried first; actor the subject
    t = cameo_trigger(_verb(nlp, "The rebels lobbed rockets at the base.", "lobbed"), small)
    assert (t.event, t.mode, t.context) == ("ASSAULT", "heavy-weapons", ("military", "legal"))
    assert t.actor == ("subject",) and t.recipient[:3] == ("at", "object", "dative")
    assert t.needs == "recipient" and t.confidence < 0.8 and not t.symmetric


def test_trigger_of_a_reverse_code_swaps_the_roles(nlp, small):
    # "[:042]": the object visits the subject's capital
    t = cameo_trigger(_verb(nlp, "The president summoned them to the capital.", "summoned"), small)
    assert (t.event, t.actor, t.recipient) == ("CONSULT", ("object",), ("subject",))
    assert t.symmetric and t.needs == "two"


def test_trigger_absorbs_and_vague_codes_are_none(nlp, small):
    assert cameo_trigger(_verb(nlp, "He uttered threats against the village.", "uttered"), small).absorb
    # the block's catch-all code on a bare verb (040 "consult, not specified below") says too little
    assert cameo_trigger(_verb(nlp, "The president summoned his advisers.", "summoned"), small) is None
    assert cameo_trigger(_verb(nlp, "The boy lobbed the ball.", "lobbed"), small) is None  # a discard


def test_words_inside_another_clause_do_not_count(nlp, small):
    # "rockets" belongs to the relative clause, not to what was lobbed
    m = match_verb(_verb(nlp, "They lobbed the bags that hid rockets.", "lobbed"), small)
    assert m is None


# ---- the committed data ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def committed() -> dict:
    return json.loads(PATTERNS_FILE.read_text(encoding="utf-8"))


def test_committed_json_structure(committed):
    assert committed["format"] == "geowire.cameo_patterns/1"
    for source in committed["sources"].values():
        assert re.fullmatch(r"[0-9a-f]{64}", source["sha256"])
    assert "MIT" in committed["sources"]["dictionary"]["licence"]
    assert "Open Event Data Alliance" in committed["notice"]
    counts = committed["counts"]
    assert counts["patterns"] > 4000 and counts["verb_lemmas"] > 1000
    assert counts["codes_mapped"] + len(counts["codes_unmapped"]) == counts["codes"]
    n_blocks = len(committed["blocks"])
    for lemma, entries in committed["verbs"].items():
        assert lemma == lemma.lower() and entries
        assert all(0 <= e["block"] < n_blocks for e in entries)
    for reading in committed["codes"].values():
        assert reading is None or reading["type"] in PLOVER_TYPES
    synsets = committed["synsets"]
    for block in committed["blocks"]:
        for p in block["patterns"]:
            assert p["discard"] == (p["code"] is None and p.get("reverse_code") is None)
            slots = p.get("before", []) + p.get("after", []) + [
                s for x in p.get("before_preps", []) + p.get("after_preps", []) for s in x["words"]]
            for slot in slots:
                for position in slot:
                    assert all(a in synsets for a in position if a.startswith("&"))


def test_committed_json_is_up_to_date():
    build = _build_module()
    if not (shared_data() / build.DICTIONARY).exists():
        pytest.skip("PETRARCH-2 dictionary not available (GEOWIRE_DATA)")
    assert build.main(["--check"]) == 0


@pytest.mark.parametrize("text, verb, plover_type", [
    ("Israeli warplanes attacked Gaza.", "attacked", "ASSAULT"),
    ("The United States imposed sanctions on Iran.", "imposed", "COERCE"),
    ("Police arrested ten protesters.", "arrested", "COERCE"),
    ("Japan signed a treaty with South Korea.", "signed", "SUPPORT"),
    ("Activists staged a protest outside the embassy.", "staged", "PROTEST"),
])
def test_committed_patterns_on_sentences(nlp, text, verb, plover_type):
    m = match_verb(_verb(nlp, text, verb))
    assert m is not None and m.plover_type == plover_type, (text, m)


def test_sentence_verbs_and_descending_into_reported_clauses(nlp):
    doc = nlp("Officials said the police arrested ten protesters and seized their phones.")
    (sent,) = doc.sents
    assert match_sentence_verbs(sent) == []  # "said" is a statement: no PLOVER event
    found = [(t.text, m.plover_type) for t, m in match_sentence_verbs(sent, descend=True)]
    assert found == [("arrested", "COERCE"), ("seized", "COERCE")]


def test_patterns_load_once():
    assert load_patterns() is load_patterns()
