"""Compile PETRARCH-2's CAMEO verb dictionary into geowire/data/cameo_patterns.json.

    python scripts/build_cameo.py [--dictionary PATH] [--table PATH] [--out PATH] [--check]

Inputs (under $GEOWIRE_DATA, default ../shared, see `geowire.settings.shared_data()`):

- data/petrarch2-dictionaries/CAMEO.2.0.txt: PETRARCH-2's verb dictionary (MIT licence,
  Copyright (c) 2015 Open Event Data Alliance; github.com/openeventdata/petrarch2);
- data/petrarch2-gsr/CAMEO2PLOVER-2021.txt: the CAMEO → PLOVER table published with PLOVER
  (Open Event Data Alliance, CC BY-SA 4.0).

The output is committed in the package, so users need neither file; it records both files'
sha256, and `--check` exits 1 when the committed JSON is not what the inputs compile to.

How the dictionary is read — written by hand after reading PETRARCH-2's own reader
(`petrarch2/PETRreader.py`, `read_verb_dictionary` and its docstring) and the header of the
file; behaviours that reader has and we keep are marked "as PETRARCH-2":

- `####### SYNONYM SETS #######` then `&NAME` lines followed by `+MEMBER` lines: noun synsets.
  A member's `_` joins words of a phrase; a trailing `_` only says "no plural" (we match
  lemmas, so plurals are not generated; a naive singular is added to plural pattern words).
- `####### VERB PATTERNS #######` then blocks `--- MEANING [CODE] ---`: the block's verbs (one
  a line: `VERB {IRREGULAR FORMS} [OWN CODE]`; multi-word verbs `+ASK_FOR`, `RE_+ARREST`,
  the `+` marking the word the parser calls the verb) and its patterns
  `- PRE-VERB WORDS * POST-VERB WORDS [CODE] # comment`, shared by every verb of the block.
  In a pattern: a bare word is a noun (head) or particle; `{A B}` a noun phrase whose head
  is B; `(P W ...)` a prepositional phrase (P the preposition); `&NAME` a synset (expanded
  here into its members); `$` / `+` mark the source / target, `^` an actor to skip, `%` a
  compound actor (role hints only: they constrain nothing); `A/B` is a TABARI-style
  disjunction, expanded into alternatives.
- Codes: `[---]` is the null code: on a block, the isolated verb is no event; on a pattern,
  the pattern is a "discard" (it suppresses the verb's other, less specific readings).
  `[AAA:BBB]` is TABARI's paired code: AAA for source → target, BBB for the reverse
  direction (`RUSH (TO)` [042:043]: a visit and its hosting); `[:BBB]` codes only the
  reverse direction. A stray character after the digits (`[080!]`) is dropped.
- `######## TRANSFORMATIONS ##########` (`~ a (a b ATTACK) SAY = a b 015`) rewrite pairs of
  already-coded events; they are not verb patterns and are counted, not compiled.

CAMEO → PLOVER: a code's line in the table (`0331: AGREE, , economic # ...`: type, mode,
contexts separated by `;`); a 4-digit code missing from it takes its 3-digit parent's (as
benchmarks/eval_events.py does). Codes the table leaves out (01x statements, 02x appeals)
map to null: such a pattern still wins when it is the most specific, and then says "no
PLOVER event".
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Iterable, Optional

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere: geowire is importable
    sys.path.insert(0, str(ROOT))

FORMAT = "geowire.cameo_patterns/1"
DICTIONARY = Path("data") / "petrarch2-dictionaries" / "CAMEO.2.0.txt"
TABLE = Path("data") / "petrarch2-gsr" / "CAMEO2PLOVER-2021.txt"
OUT = ROOT / "geowire" / "data" / "cameo_patterns.json"
LICENCE = {
    "dictionary": "MIT licence; Copyright (c) 2015 Open Event Data Alliance (PETRARCH-2, "
                  "github.com/openeventdata/petrarch2, petrarch2/data/dictionaries/CAMEO.2.0.txt). "
                  "The MIT notice is reproduced in 'notice'.",
    "plover_table": "CC BY-SA 4.0; Open Event Data Alliance (github.com/openeventdata/PLOVER, "
                    "CAMEO2PLOVER-2021.txt)",
}
MIT_NOTICE = (
    "Permission is hereby granted, free of charge, to any person obtaining a copy of this software and "
    "associated documentation files (the \"Software\"), to deal in the Software without restriction, including "
    "without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell "
    "copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the "
    "following conditions: The above copyright notice and this permission notice shall be included in all "
    "copies or substantial portions of the Software. THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY "
    "KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A "
    "PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY "
    "CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF "
    "OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE."
)
MARKERS = {"$": "source", "+": "target", "^": "skip", "%": "compound"}
BE_FORMS = {f: "be" for f in ("is", "are", "am", "was", "were", "been", "being", "be")}
CODE_RE = re.compile(r"\[([^\]]*)\]")


# ---- the CAMEO → PLOVER table --------------------------------------------------------------

def read_plover_table(text: str) -> dict[str, dict]:
    """CAMEO code → {type, mode, context} from the lines `CODE: TYPE, mode, ctx1; ctx2 # note`."""
    table: dict[str, dict] = {}
    for line in text.splitlines():
        m = re.match(r"^(\d{3,4}):\s*([^#]*)", line)
        if not m:
            continue
        fields = [f.strip() for f in m.group(2).split(",")]
        fields += [""] * (3 - len(fields))
        entry = {"type": fields[0].upper(), "mode": fields[1] or None,
                 "context": [c.strip() for c in fields[2].split(";") if c.strip()]}
        table.setdefault(m.group(1), entry)  # the first line wins (175 is listed twice, alike)
    # a slip of the table: 175 has "pro_autocracy" in the mode column, a word the table uses
    # as a context everywhere else (1722, 1723, 137); such a word is moved to the contexts
    contexts = {c for entry in table.values() for c in entry["context"]}
    for entry in table.values():
        if entry["mode"] in contexts:
            entry["context"] = [entry["mode"]] + [c for c in entry["context"] if c != entry["mode"]]
            entry["mode"] = None
    return table


def map_code(code: Optional[str], table: dict[str, dict]) -> Optional[dict]:
    """The PLOVER reading of a CAMEO code, or None (null code, or one the table leaves out)."""
    if not code:
        return None
    if code in table:
        return table[code]
    return table.get(code[:3]) if len(code) == 4 else None


def parse_code(raw: str) -> tuple[Optional[str], Optional[str], bool]:
    """`[042:043]` → ("042", "043", ok); `[---]` → (None, None, ok); `[:190]` → (None, "190", ok)."""
    raw = raw.strip()
    if raw == "---":
        return None, None, True
    primary, _, reverse = raw.partition(":")
    primary, reverse = re.sub(r"\D", "", primary), re.sub(r"\D", "", reverse)
    ok = bool(primary or reverse) and all(len(c) in (0, 3, 4) for c in (primary, reverse))
    return primary or None, reverse or None, ok


# ---- the dictionary ------------------------------------------------------------------------------

def strip_comment(line: str) -> str:
    # as PETRARCH-2: everything after '#' is a comment
    return line.split("#", 1)[0].rstrip()


def singular(word: str) -> Optional[str]:
    """A naive singular of a plural pattern word ("attacks" → "attack"), so it matches lemmas."""
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("ches", "ch"), ("shes", "sh"), ("xes", "x")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)] + repl
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return None


def read_synsets(lines: Iterable[str]) -> dict[str, list[list[str]]]:
    """&NAME → its members, each a list of lower-case words (a phrase's head last)."""
    synsets: dict[str, list[list[str]]] = {}
    name = None
    for raw in lines:
        line = strip_comment(raw).strip()
        if not line:
            continue
        if line.startswith("&"):
            name = line.split()[0].rstrip("_")  # &AUXVERB1_ is used as &AUXVERB1_ or &AUXVERB1
            synsets.setdefault(name, [])
        elif line.startswith("+") and name:
            words = [w for w in line[1:].replace("_", " ").lower().split() if w]
            if words and words not in synsets[name]:
                synsets[name].append(words)
    return synsets


def with_singulars(alts: Iterable[str]) -> list[str]:
    """Alternatives, each followed by the naive singular of its last word when it is a plural
    ("ATTACKS" → "attacks", "attack"): the matcher compares lemmas."""
    out: list[str] = []
    for a in alts:
        if a and a not in out:
            out.append(a)
        words = a.split()
        if words and (s := singular(words[-1])) and (b := " ".join(words[:-1] + [s])) not in out:
            out.append(b)
    return out


def expand_word(token: str, synsets: dict[str, list[list[str]]]) -> Optional[list[str]]:
    """One pattern token (no brackets) → its alternatives (lower case, a phrase's words joined by
    spaces, or "&NAME" for a synset, whose expansion is in the output's `synsets` table once
    rather than in every pattern that uses it); None when it names an unknown synset (as
    PETRARCH-2, such a pattern never matches)."""
    if token.startswith("&"):
        name = token.rstrip("_")
        return [name] if synsets.get(name) else None
    return with_singulars(" ".join(w.strip("_").replace("_", " ").split()) for w in token.lower().split("/")) or None


def phrase_slot(tokens: list[str], synsets) -> Optional[list[list[str]]]:
    """A `{...}` phrase (or one bare token) → a slot: one list of alternatives per word position,
    the head last. Positions are kept apart rather than multiplied out, so `{&MILITARY &AIRCRAFT}`
    stays two short lists."""
    slot = []
    for tok in tokens:
        options = expand_word(tok, synsets)
        if options is None:
            return None
        slot.append(options)
    return slot


class PatternError(ValueError):
    """A pattern the compiler cannot read (counted and listed, not fatal)."""


def tokenize_pattern(body: str) -> list[str]:
    """Split a pattern body into tokens, keeping `(`, `)`, `{`, `}` and markers apart."""
    body = re.sub(r"([(){}])", r" \1 ", body)
    out = []
    for tok in body.split():
        # markers glued to words ("+)" is split above; "^" alone) stay separate tokens
        if len(tok) > 1 and tok[-1] in "$+^%" and tok[:-1].isalpha():
            out += [tok[:-1], tok[-1]]
        else:
            out.append(tok)
    return out


def parse_side(tokens: list[str], synsets, side: str, roles: dict) -> tuple[list, list]:
    """Tokens on one side of `*` → (slots, prepositional phrases); roles collects $ + markers."""
    slots: list[list[list[str]]] = []
    preps: list[dict] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok in MARKERS:
            if MARKERS[tok] in ("source", "target"):
                roles.setdefault(MARKERS[tok], "subject" if side == "before" else "object")
            i += 1
        elif tok == "{":
            j = tokens.index("}", i) if "}" in tokens[i:] else len(tokens)
            words = [t for t in tokens[i + 1:j] if t not in MARKERS]
            slot = phrase_slot(words, synsets) if words else None
            if words and slot is None:
                raise PatternError(f"unknown synset in {{{' '.join(words)}}}")
            if slot:
                slots.append(slot)
            i = j + 1
        elif tok == "(":
            j = tokens.index(")", i) if ")" in tokens[i:] else len(tokens)
            inner = tokens[i + 1:j]
            if not inner:
                raise PatternError("empty prepositional phrase")
            prep_alts = [p for p in inner[0].lower().split("/") if p]
            sub_roles: dict = {}
            sub_slots, _ = parse_side(inner[1:], synsets, "prep", sub_roles)
            for role in sub_roles:
                roles.setdefault(role, f"prep:{prep_alts[0]}")
            preps.append({"prep": prep_alts, "words": sub_slots})
            i = j + 1
        elif tok in ("}", ")"):
            i += 1
        else:
            slot = phrase_slot([tok], synsets)
            if slot is None:
                raise PatternError(f"unknown synset {tok}")
            slots.append(slot)
            i += 1
    return slots, preps


def parse_pattern(line: str, synsets) -> dict:
    """One `- PRE * POST [CODE]` line → a compiled pattern (without its PLOVER reading)."""
    body = strip_comment(line)[1:]
    codes = CODE_RE.findall(body)
    if not codes:
        raise PatternError("no [code]")
    primary, reverse, ok = parse_code(codes[-1])
    if not ok:
        raise PatternError(f"bad code [{codes[-1]}]")
    body = CODE_RE.sub(" ", body)
    if body.count("*") != 1:
        raise PatternError("not exactly one '*'")
    pre_text, post_text = body.split("*")
    roles: dict = {}
    pre_slots, pre_preps = parse_side(tokenize_pattern(pre_text), synsets, "before", roles)
    post_slots, post_preps = parse_side(tokenize_pattern(post_text), synsets, "after", roles)
    null = primary is None and reverse is None
    # specificity: each word constrained counts 1, a preposition 0.5 (a bare "(TO)" is a weaker
    # clue than a noun: "rushed aid to" is aid before it is a visit)
    words = sum(len(s) for s in pre_slots + post_slots)
    words += sum(0.5 + sum(len(s) for s in p["words"]) for p in pre_preps + post_preps)
    pattern = {
        "text": " ".join(strip_comment(line).split()),
        "code": primary, "reverse_code": reverse, "discard": null,
        # where the verb sits: how many pattern elements come before it and after it
        "verb_position": [len(pre_slots) + len(pre_preps), len(post_slots) + len(post_preps)],
        "before": pre_slots, "before_preps": pre_preps,
        "after": post_slots, "after_preps": post_preps,
        "roles": roles,
        "specificity": words,
    }
    # empty fields are left out: the file is committed, and 4,600 patterns add up
    return {k: v for k, v in pattern.items() if v or k in ("code", "discard", "specificity", "verb_position")}


def regular_forms(verb: str) -> list[str]:
    """-s, -ed, -ing of a verb listed without {irregular forms}, by PETRARCH-2's rules (its reader
    generates them the same way): they let a token the lemmatizer gets wrong ("staged" → "stag")
    still find its verb."""
    if not verb or verb in BE_FORMS.values():
        return []
    s = verb + "es" if verb.endswith(("s", "x", "z")) else verb[:-1] + "ies" if verb.endswith("y") else verb + "s"
    ed = verb + "d" if verb.endswith("e") else verb + "ed"
    ing = verb[:-1] + "ing" if verb.endswith("e") and len(verb) > 1 and verb[-2] not in "aeiou" else verb + "ing"
    return [f for f in (s, ed, ing) if f != verb]


def parse_verb_line(line: str, block_code: tuple) -> Optional[dict]:
    """`GIVE {GAVE GIVEN GIVING} [070]`, `+ASK_FOR {...}`, `RE_+ARREST` → a verb entry."""
    text = strip_comment(line).strip()
    if not text:
        return None
    codes = CODE_RE.findall(text)
    text = CODE_RE.sub(" ", text)
    forms_text = ""
    if "{" in text:
        text, _, forms_text = text.partition("{")
        forms_text = forms_text.split("}")[0]
    words = text.split()
    if not words:
        return None
    head = words[0]
    before: list[str] = []
    after: list[str] = []
    if "_" in head:
        parts = head.split("_")
        verb_at = next((k for k, p in enumerate(parts) if p.startswith("+")), 0)  # '+' marks the verb
        before = [p.lower() for p in parts[:verb_at] if p]
        after = [p.lower() for p in parts[verb_at + 1:] if p]
        verb = parts[verb_at].lstrip("+").lower()
    else:
        verb = head.lstrip("+").lower()
    verb = BE_FORMS.get(verb, verb)  # +IS_DETERMINED: spaCy's lemma of the copula is "be"
    forms = []
    for f in forms_text.replace(",", " ").split():
        parts = f.split("_")
        k = next((n for n, p in enumerate(parts) if p.startswith("+")), 0)
        form = parts[k].lstrip("+").lower()
        if form in BE_FORMS:
            continue
        if form and form != verb and form not in forms:
            forms.append(form)
    if not forms_text:
        forms = regular_forms(verb)
    if codes:
        primary, reverse, ok = parse_code(codes[-1])
        code = (primary, reverse) if ok else block_code
    else:
        code = block_code
    return {"verb": verb, "forms": forms, "before": before, "after": after, "code": code[0],
            "reverse_code": code[1], "line": " ".join(strip_comment(line).split())}


def compile_dictionary(text: str, table_text: str) -> dict:
    """The whole compiled structure (without the provenance header) from the two files' texts."""
    lines = text.splitlines()
    try:
        start = next(k for k, l in enumerate(lines) if l.startswith("####### VERB PATTERNS"))
    except StopIteration:
        raise ValueError("no '####### VERB PATTERNS #######' section") from None
    end = next((k for k, l in enumerate(lines) if l.startswith("######## TRANSFORMATIONS")), len(lines))
    synsets = read_synsets(lines[:start])
    table = read_plover_table(table_text)

    blocks: list[dict] = []
    errors: list[str] = []
    block = None
    for number, raw in enumerate(lines[start + 1:end], start + 2):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        if raw.startswith("---"):
            m = re.match(r"^---\s+(\S+)\s+\[([^\]]*)\]", raw)
            meaning, code = (m.group(1), m.group(2)) if m else (raw.strip("- \n"), "---")
            primary, reverse, ok = parse_code(code)
            block = {"id": len(blocks), "meaning": meaning, "code": primary if ok else None,
                     "reverse_code": reverse if ok else None, "verbs": [], "patterns": []}
            blocks.append(block)
        elif block is None:
            continue
        elif raw.startswith("-"):
            try:
                pattern = parse_pattern(raw, synsets)
            except PatternError as err:
                errors.append(f"line {number}: {err}: {raw.strip()}")
                continue
            pattern["line"] = number
            block["patterns"].append(pattern)
        else:
            entry = parse_verb_line(raw, (block["code"], block["reverse_code"]))
            if entry:
                entry["line_number"] = number
                block["verbs"].append(entry)

    # the index: verb lemma → its entries (one per block it is listed in); inflected forms → lemma
    verbs: dict[str, list[dict]] = {}
    forms: dict[str, list[str]] = {}
    for b in blocks:
        for v in b["verbs"]:
            verbs.setdefault(v["verb"], []).append({
                "block": b["id"], "code": v["code"], "reverse_code": v["reverse_code"],
                "before": v["before"], "after": v["after"], "line": v["line"]})
            for f in v["forms"]:
                if v["verb"] not in forms.setdefault(f, []):
                    forms[f].append(v["verb"])
        b["verbs"] = sorted({v["verb"] for v in b["verbs"]})

    used = set()
    for b in blocks:
        used.update(c for c in (b["code"], b["reverse_code"]) if c)
        for p in b["patterns"]:
            used.update(c for c in (p["code"], p.get("reverse_code")) if c)
    for entries in verbs.values():
        for e in entries:
            used.update(c for c in (e["code"], e["reverse_code"]) if c)
    codes = {c: map_code(c, table) for c in sorted(used)}
    n_patterns = sum(len(b["patterns"]) for b in blocks)
    transformations = sum(1 for l in lines[end:] if l.startswith("~"))
    return {
        "counts": {
            "blocks": len(blocks),
            "patterns": n_patterns,
            "discard_patterns": sum(p["discard"] for b in blocks for p in b["patterns"]),
            "patterns_with_synsets": sum("&" in p["text"] for b in blocks for p in b["patterns"]),
            "patterns_skipped": len(errors),
            "verb_lemmas": len(verbs),
            "multiword_verbs": sum(1 for es in verbs.values() for e in es if e["before"] or e["after"]),
            "noun_synsets": len(synsets),
            "codes": len(codes),
            "codes_mapped": sum(1 for v in codes.values() if v),
            "codes_unmapped": sorted(c for c, v in codes.items() if not v),
            "transformations_not_compiled": transformations,
        },
        "skipped": errors,
        "codes": codes,
        "synsets": {name: with_singulars(" ".join(m) for m in members) for name, members in sorted(synsets.items())},
        "blocks": blocks,
        "verbs": dict(sorted(verbs.items())),
        "forms": dict(sorted(forms.items())),
    }


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build(dictionary: Path, table: Path) -> dict:
    """The JSON document: provenance header, licence, then the compiled dictionary."""
    compiled = compile_dictionary(dictionary.read_text(encoding="utf-8"), table.read_text(encoding="utf-8"))
    header = {
        "format": FORMAT,
        "generated_by": "scripts/build_cameo.py (do not edit by hand: rebuild)",
        "sources": {
            "dictionary": {"file": dictionary.name, "sha256": sha256(dictionary),
                           "origin": "github.com/openeventdata/petrarch2 petrarch2/data/dictionaries/CAMEO.2.0.txt",
                           "licence": LICENCE["dictionary"]},
            "plover_table": {"file": table.name, "sha256": sha256(table),
                             "origin": "github.com/openeventdata/PLOVER CAMEO2PLOVER-2021.txt",
                             "licence": LICENCE["plover_table"]},
        },
        "notice": "Copyright (c) 2015 Open Event Data Alliance. " + MIT_NOTICE,
        "layout": {
            "verbs": "lemma → entries {block, code, reverse_code, before/after: words of a multi-word verb}",
            "forms": "irregular inflected form → lemmas (for tokens the lemmatizer misses)",
            "blocks": "id, meaning, code of the isolated verb (null: no event), verbs, patterns",
            "pattern": "before/after: slots of the words before/after the verb (a slot is a noun "
                       "phrase: one list of alternative words per position, head last, synsets "
                       "in 'synsets'; an alternative may be a phrase 'prime minister'); before_preps/after_preps: "
                       "{prep: alternatives, words: slots}; code/reverse_code ([AAA:BBB]); discard "
                       "([---]); verb_position: [elements before *, elements after *]; empty fields "
                       "omitted; roles: where $ (source) and + (target) are; specificity: words "
                       "constrained",
            "synsets": "&NAME → its members expanded (phrases joined by spaces, plus singulars)",
            "codes": "CAMEO code → {type, mode, context} in PLOVER, null when unmapped",
        },
    }
    return {**header, **compiled}


def main(argv: list[str] | None = None) -> int:
    from geowire.settings import shared_data

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dictionary", type=Path, default=None)
    ap.add_argument("--table", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--check", action="store_true", help="exit 1 if --out differs from a fresh build")
    args = ap.parse_args(argv)
    dictionary = args.dictionary or shared_data() / DICTIONARY
    table = args.table or shared_data() / TABLE
    for p in (dictionary, table):
        if not p.exists():
            print(f"build_cameo: error: {p} missing (set GEOWIRE_DATA)", file=sys.stderr)
            return 2
    doc = build(dictionary, table)
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n"
    if args.check:
        same = args.out.exists() and args.out.read_text(encoding="utf-8") == text
        print(f"build_cameo: {args.out} {'is up to date' if same else 'is STALE: rebuild'}")
        return 0 if same else 1
    args.out.write_text(text, encoding="utf-8")
    c = doc["counts"]
    print(f"build_cameo: wrote {args.out} ({args.out.stat().st_size // 1024} KiB): {c['patterns']} patterns "
          f"({c['discard_patterns']} discard) in {c['blocks']} blocks, {c['verb_lemmas']} verb lemmas, "
          f"{c['codes_mapped']}/{c['codes']} codes mapped to PLOVER, {c['patterns_skipped']} patterns skipped")
    for e in doc["skipped"]:
        print("  skipped " + e)
    return 0


if __name__ == "__main__":
    sys.exit(main())
