"""Build geowire/data/discards.json from the PETRARCH-2 / Phoenix discard list.

    python scripts/build_discards.py [--source FILE] [--out FILE] [--check]

The source is $GEOWIRE_DATA/data/petrarch2-dictionaries/Phoenix.discards.txt
(openeventdata/petrarch2, MIT, Open Event Data Alliance): phrases that mark a sentence or a
whole story as out of scope for political event coding (sports, entertainment, disasters,
history). The output is committed, so users need no shared data; it records the source's
sha256 and the MIT notice. `--check` exits 1 when the committed file is not what the source
compiles to (stale), 0 when it is.

The format (read here by hand: no maintained Python reader exists; the rules follow
petrarch2's PETRreader.read_discard_list and the header of the file):

- one phrase a line; `#` starts a comment (a line starting with `#` is all comment:
  `#2000`, `#NAZI`, `### FULL STORY DISCARDS` are not phrases);
- a leading `+` (with or without a space after it) marks a story-level discard: the whole
  story is not coded; without it the phrase discards its sentence only;
- words are separated by blanks or `_`; a trailing `_` means the last word must end there
  (PETRARCH otherwise treats the phrase as a stem); matching is case-insensitive.

geowire matches whole words (as petrarch2's check_discards does, on a word trie) rather than
PETRARCH-1's substring stems, which would let "+UNDER PAR" discard a story about an "under
parliamentary" rule; the last word of a phrase without a trailing `_` may take a plural -s/-es
("GOLFER" → "golfers"), which is what PETRARCH's stems were there for. A phrase listed at both
levels (MANCHESTER UNITED) is kept at the story level.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import unicodedata
from pathlib import Path
from typing import Optional

SOURCE_FILE = "Phoenix.discards.txt"
SOURCE_DIR = Path("data") / "petrarch2-dictionaries"
SOURCE_REPO = "github.com/openeventdata/petrarch2"
SOURCE_COMMIT = "676801cd9cb2924bbbad09f86d15c9323e7097bf"  # from SOURCE.md next to the file
OUT = Path(__file__).resolve().parents[1] / "geowire" / "data" / "discards.json"

# The tokenizer shared with geowire.extract.events.relevance (which imports nothing from
# scripts/): words are runs of letters and digits, an inner apostrophe kept ("women's").
WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


def words(text: str) -> list[str]:
    """Lower-case words of a text, typographic apostrophes folded: "Women’s Doubles" → ["women's", "doubles"]."""
    text = unicodedata.normalize("NFKC", text).lower().replace("\u2019", "'").replace("\u2018", "'")
    return WORD.findall(text)


# Phrases that discard a sentence for *when* it is, not for what it is about: a year of the past
# ("1914" … "2013") or "years ago", "weeks later". Phoenix dated every event with its story's
# date, so a past event had to be dropped; geowire dates an event by the sentence's own time
# expression, so relevance.py leaves this kind out by default.
TIME = re.compile(r"^(\d+|(\w+ )?(years|months|weeks|days) (ago|later)|millennium)$")


def parse_line(raw: str) -> Optional[tuple[str, str, bool]]:
    """One line → (phrase, level, exact) or None: '+ World Golf Championships  # pas' →
    ('world golf championships', 'story', False); 'GROUP A_' → ('group a', 'sentence', True)."""
    line = raw.split("#", 1)[0].strip()
    if not line:
        return None
    level = "sentence"
    if line.startswith("+"):
        level, line = "story", line[1:].strip()
    exact = line.endswith("_")
    phrase = " ".join(words(line.replace("_", " ")))
    if not phrase:
        return None
    return phrase, level, exact


def compile_discards(text: str) -> tuple[list[list], dict]:
    """The phrases of a discard list as [phrase, level, exact, kind] rows (sorted), and counts;
    kind is "time" for a year or "years ago" (see TIME), else "topic"."""
    seen: dict[str, tuple[str, bool]] = {}
    lines = duplicates = 0
    for raw in text.splitlines():
        parsed = parse_line(raw)
        if parsed is None:
            continue
        lines += 1
        phrase, level, exact = parsed
        if phrase in seen:
            duplicates += 1
            old_level, old_exact = seen[phrase]
            # story beats sentence; a whole-word entry is the stricter reading of the two
            level = "story" if "story" in (level, old_level) else "sentence"
            exact = exact and old_exact
        seen[phrase] = (level, exact)
    rows = [[p, lv, ex, "time" if TIME.match(p) else "topic"] for p, (lv, ex) in sorted(seen.items())]
    counts = {"lines": lines, "duplicates": duplicates,
              "story": sum(1 for r in rows if r[1] == "story"),
              "sentence": sum(1 for r in rows if r[1] == "sentence"),
              "multiword": sum(1 for r in rows if " " in r[0]),
              "exact": sum(1 for r in rows if r[2]),
              "time": sum(1 for r in rows if r[3] == "time")}
    return rows, counts


def build(source: Path) -> str:
    """The text of discards.json for a source file (deterministic: same input, same bytes)."""
    data = source.read_bytes()
    rows, counts = compile_discards(data.decode("utf-8", errors="replace"))
    licence = source.parent / "LICENSE"
    head = {
        "note": ("Generated by scripts/build_discards.py from the PETRARCH-2 Phoenix discard list; do not edit. "
                 "Rows: [phrase (lower-case words), level (story|sentence), exact (no plural on the last word), "
                 "kind (topic|time: a past year or 'years ago', which geowire's dated events do not need)]. "
                 "Read by geowire/extract/events/relevance.py."),
        "source": {"repository": SOURCE_REPO, "commit": SOURCE_COMMIT, "path": f"petrarch2/data/dictionaries/{SOURCE_FILE}",
                   "sha256": hashlib.sha256(data).hexdigest(),
                   "license": " ".join(licence.read_text(encoding="utf-8").split()) if licence.exists() else "MIT"},
        "counts": counts,
    }
    # one row a line: compact, and diffs stay readable (as build_phoenix.py writes its JSON)
    lines = [json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in rows]
    text = json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "phrases": [\n' + ",\n".join(lines) + "\n ]\n}\n"
    json.loads(text)  # well-formed
    return text


def main(argv: Optional[list[str]] = None) -> int:
    from geowire.settings import shared_data

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source", type=Path, default=None, help=f"default: $GEOWIRE_DATA/{SOURCE_DIR / SOURCE_FILE}")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--check", action="store_true", help="exit 1 if --out differs from a fresh build")
    args = ap.parse_args(argv)
    source = args.source or shared_data() / SOURCE_DIR / SOURCE_FILE
    if not source.exists():
        print(f"build_discards: error: {source} missing (set GEOWIRE_DATA)", file=sys.stderr)
        return 2
    text = build(source)
    if args.check:
        same = args.out.exists() and args.out.read_text(encoding="utf-8") == text
        print(f"build_discards: {args.out} {'is up to date' if same else 'is STALE: rebuild'}")
        return 0 if same else 1
    args.out.write_text(text, encoding="utf-8")
    c = json.loads(text)["counts"]
    print(f"build_discards: wrote {args.out}: {c['story']} story-level and {c['sentence']} sentence-level phrases "
          f"({c['multiword']} multiword, {c['exact']} whole-word only, {c['time']} of time) from {c['lines']} lines, "
          f"{c['duplicates']} duplicates merged")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere: geowire importable
    sys.exit(main())
