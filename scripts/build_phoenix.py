"""Build geowire/data/phoenix_actors.json and phoenix_agents.json from the PETRARCH-2 dictionaries.

    python scripts/build_phoenix.py [--source DIR] [--out DIR]

The source is $GEOWIRE_DATA/data/petrarch2-dictionaries (openeventdata/petrarch2, MIT, Open
Event Data Alliance): the Phoenix actor files (countries and their office holders,
international organisations, militant non-state groups) and the agents file (generic nouns
→ sector codes). The output is committed, so users need no shared data; it records the
source files' sha256 and the MIT notice.

The TABARI/PETRARCH dictionary format, read here by hand: the only reader is petrarch2's own
PETRreader (read_actor_dictionary / read_agent_dictionary), part of a Python 2-era coder that
is no package in this environment's lists; the rules below follow it and the comment blocks
at the top of each file:

- an actor is a name line, then `+SYNONYM` lines; further name lines before any code
  also join it (petrarch2 accumulates names until a code arrives); words are joined by
  `_`, a trailing `_` marks a whole word;
- codes in brackets, on the name line or on indented lines after the names:
  `[RUSGOV]` (undated: always), `[RUSGOV 991231-080507]`, `[RUSGOV >080508]` (from),
  `[RUSGOV <080508]` (until); dates are YYMMDD or YYYYMMDD;
- `#` starts a comment; `{...}` on an agent line lists its irregular plurals (`{}`: none);
  `!PERSON! = MAN, MEN, ...` defines a substitution set used inside agent phrases.

CAMEO actor codes are strings of 3-letter blocks (RUSGOVMIL, IGOUNOHLHWHO, NGOHRIAMN); each
becomes a PLOVER country and PLOVER sectors with the tables below.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

ACTOR_FILES = {"countries": "Phoenix.Countries.actors.txt", "international": "Phoenix.International.actors.txt",
               "milnonstate": "Phoenix.MilNonState.actors.txt"}
AGENT_FILE = "Phoenix.agents.txt"
SOURCE_REPO = "github.com/openeventdata/petrarch2"
SOURCE_COMMIT = "676801cd9cb2924bbbad09f86d15c9323e7097bf"  # from SOURCE.md next to the files

# ---- CAMEO → PLOVER ------------------------------------------------------------------------
# Source: the PLOVER manual (PLOVER_MANUAL.tex, "Country Names and Sector Codes") for the
# targets, the CAMEO manual's actor codebook (chapter "Actor codes") for the CAMEO side.
# PLOVER keeps CAMEO's 3-letter sectors except: CAMEO MED (media) → JRN, HLH (health) → MED;
# INS/SEP (insurgents, separatists) fold into REB (PLOVER note 3); CAMEO's NGO, HRI (human
# rights) and ENV (environment) sectors are civil society, SOC. Religion and ethnicity codes
# are identities, not sectors: REL only when nothing else is coded.
SECTORS = {
    "GOV": "GOV", "MIL": "MIL", "COP": "COP", "REB": "REB", "INS": "REB", "SEP": "REB", "OPP": "OPP",
    "JUD": "JUD", "LEG": "LEG", "SPY": "SPY", "BUS": "BUS", "MED": "JRN", "HLH": "MED", "EDU": "EDU",
    "REF": "REF", "CVL": "CVL", "ELI": "ELI", "PTY": "PTY", "AGR": "AGR", "CRM": "CRM", "LAB": "LAB",
    "UAF": "UAF", "NGO": "SOC", "HRI": "SOC", "ENV": "SOC", "REL": "REL", "PRM": "PRM", "MNC": "BUS",
}
RELIGIONS = {"MUS", "CHR", "JEW", "HIN", "BUD", "CTH", "PRO", "SHI", "SUN", "ORT", "JAN", "SIK", "ZRO", "DOX",
             "ALE", "SFI", "ATH", "BAH", "CON", "ITH", "MOS", "TAO", "MRN", "NEW", "CSC"}
# CAMEO's non-state "countries" (first block) → PLOVER's non-state country codes
NONSTATE = {"NGO": "NGO", "MNC": "MNC", "IMG": "IMG", "NGM": "ISM", "UIS": None}
# IGO… codes: the UN family and the EU have country codes of their own in PLOVER
IGO_PREFIXES = (("IGOUNO", "UNO"), ("IGOEUREEC", "EUR"), ("IGO", "IGO"))
# CAMEO country codes that are not (or no longer) ISO 3166 alpha-3, by hand from the CAMEO
# codebook; dependencies with an ISO code are folded into their state by the gazetteer's
# state table (states.yaml territories) at build time.
OBSOLETE = {"USR": "RUS", "SUN": "RUS", "DDR": "DEU", "GDR": "DEU", "YUG": "SRB", "FRY": "SRB", "SCG": "SRB",
            "SRP": "SRB", "CSK": "CZE", "ROM": "ROU", "ZAR": "COD", "TMP": "TLS", "KSV": "KOS", "KOS": "KOS",
            "BUR": "MMR", "FRN": "FRA"}
# CAMEO regions (MEA, WEU, SAS, AFR, LAM …) have no PLOVER country; an armed group coded
# with one operates across borders: IMG, PLOVER's "transnational militarized group".
REGIONS = {"AFR", "ASA", "BLK", "BFR", "CAS", "CAU", "CFR", "CRB", "EAF", "EEU", "EIN", "EUR", "LAM", "MEA",
           "MDT", "NAF", "NMR", "PGS", "SAF", "SAM", "SAS", "SCA", "SEA", "SCN", "WAF", "WEU", "WST", "INT",
           "AME", "ANG", "BAL", "GUL", "KKL"}

NO_PLURAL_ENDINGS = ("s", "sh", "ch", "x", "z")
# agent phrases that name a place, not an actor ("military base", "police station", "embassy in"):
# PETRARCH codes them for the events located there; geowire's actors are who acts
PLACE_HEADS = {"base", "building", "station", "post", "district", "headquarters", "compound", "facility",
               "in", "of", "at", "on"}


@dataclass
class Role:
    """One code of an actor, with the days it holds (None: open)."""
    code: str
    start: Optional[dt.date] = None
    end: Optional[dt.date] = None


@dataclass
class Block:
    """One dictionary actor: its names (first = main) and coded roles."""
    names: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    comment: str = ""


def parse_date(text: str, end: bool = False) -> Optional[dt.date]:
    """'991231' → 1999-12-31, '080507' → 2008-05-07, '20000507' → 2000-05-07.

    Six digits: years below 20 are 20xx (the files end in 2014-2016; earlier dates of
    the 1900s between 1900 and 1919 are written with eight digits there). Malformed dates
    (a few seven-digit typos) give None."""
    text = text.strip()
    try:
        if len(text) == 6:
            yy = int(text[:2])
            return dt.date((2000 if yy < 20 else 1900) + yy, int(text[2:4]), int(text[4:6]))
        if len(text) == 8:
            return dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        pass
    return None


def parse_role(text: str) -> Optional[Role]:
    """The inside of one bracket: 'RUSGOV 991231-080507', 'IGOUNO >20070101', 'ELI'; None if malformed."""
    parts = text.split()
    if not parts:
        return None
    code = parts[0].lstrip("~").upper()
    if not re.fullmatch(r"[A-Z-]{3,}", code):
        return None
    if len(parts) == 1:
        return Role(code)
    span = "".join(parts[1:])
    if span.startswith(">"):
        start = parse_date(span[1:])
        return Role(code, start=start) if start else None
    if span.startswith("<"):
        end = parse_date(span[1:])
        return Role(code, end=end) if end else None
    m = re.fullmatch(r"(\d+)-(\d+)", span)
    if m:
        start, end = parse_date(m[1]), parse_date(m[2])
        return Role(code, start, end) if start and end else None
    return None


def _name(text: str) -> str:
    """'VLADIMIR_PUTIN_' → 'VLADIMIR PUTIN' (still upper case; see display_name)."""
    text = re.sub(r"\{[^}]*\}", "", text)
    return " ".join(text.replace("_", " ").split())


def parse_actors(text: str) -> list[Block]:
    """The actor blocks of a Phoenix .actors.txt file."""
    blocks: list[Block] = []
    cur: Optional[Block] = None
    for raw in text.splitlines():
        line, _, comment = raw.partition("#")
        if not line.strip() or line.lstrip().startswith("<"):
            continue
        codes = [r for r in (parse_role(c) for c in re.findall(r"\[([^\]]*)\]", line)) if r]
        head = re.sub(r"\[[^\]]*\]", "", line)
        indented = raw[:1].isspace() or line.lstrip().startswith("[")
        if indented and not head.strip():      # a code line of the current actor
            if cur is not None:
                cur.roles += codes
            continue
        stripped = head.strip()
        synonym = stripped.startswith("+")
        name = _name(stripped.lstrip("+"))
        if cur is None or (not synonym and cur.roles):
            cur = Block(comment=comment.strip())
            blocks.append(cur)
        if name:
            cur.names.append(name)
        cur.roles += codes
    return [b for b in blocks if b.names]


def convert(code: str, states: Optional[dict[str, str]] = None) -> tuple[Optional[str], tuple[str, ...], list[str]]:
    """A CAMEO actor code as (PLOVER country, PLOVER sectors, blocks left unconverted).

    'RUSGOVMIL' → ('RUS', ('GOV', 'MIL')); 'IGOUNOHLHWHO' → ('UNO', ('MED',)); 'ELI' → (None,
    ('ELI',)); `states` folds a dependency's ISO code into its state's (BMU → GBR)."""
    code = code.upper()
    country: Optional[str] = None
    rest = code
    for prefix, target in IGO_PREFIXES:
        if code.startswith(prefix):
            country, rest = target, code[len(prefix):]
            break
    else:
        first = code[:3]
        # a bare agent code ('ELI', 'HIN'); MUS first is Mauritius, not Muslims, when states are known
        if (first in SECTORS and first not in NONSTATE) or (first in RELIGIONS and (states is None or first not in states)):
            rest = code
        elif first in NONSTATE:
            country, rest = NONSTATE[first], code[3:]
        elif first in REGIONS:
            country, rest = None, code[3:]
        else:
            country = OBSOLETE.get(first, first)
            if states is not None:
                country = states.get(country, country if country in OBSOLETE.values() else None)
            rest = code[3:]
    sectors: list[str] = []
    religion, dropped = False, []
    for i in range(0, len(rest), 3):
        block = rest[i:i + 3]
        if block in SECTORS:
            if SECTORS[block] not in sectors:
                sectors.append(SECTORS[block])
        elif block in RELIGIONS:
            religion = True
        elif block:
            dropped.append(block)
    if religion and not sectors:
        sectors.append("REL")
    return country, tuple(sectors), dropped


# ---- names ------------------------------------------------------------------------------------

LOWER_WORDS = {"of", "the", "and", "for", "in", "on", "de", "la", "du", "des", "del", "da", "do", "dos", "der",
               "den", "van", "von", "al", "el", "bin", "ibn", "y", "e", "to", "at", "a", "an", "against", "with"}


def display_name(upper: str, person: bool = False) -> str:
    """Dictionary capitals as running text writes them: 'VLADIMIR PUTIN' → 'Vladimir Putin',
    'PARTY OF THE REGIONS' → 'Party of the Regions', 'NATO' and 'PKK' stay (a single word of up to
    five letters, or a word without vowels, is read as an acronym), 'AL-QAEDA' → 'Al-Qaeda'."""
    words = upper.split()
    out = []
    for i, w in enumerate(words):
        letters = re.sub(r"[^A-Za-z]", "", w)
        if (len(words) == 1 and len(letters) <= 5 and not person) or (letters and not re.search(r"[AEIOUY]", letters.upper())) \
                or "." in w or any(c.isdigit() for c in w):
            out.append(w)
        elif i > 0 and w.lower() in LOWER_WORDS:
            out.append(w.lower())
        else:
            out.append("-".join(p[:1].upper() + p[1:].lower() for p in w.split("-")).replace("'S", "'s"))
    return " ".join(out)


TITLE_WORDS = {"PRESIDENT", "PRIME", "MINISTER", "SECRETARY", "SECRETARY-GENERAL", "GENERAL", "CHIEF", "LEADER",
               "FORMER", "EX", "EX-PRESIDENT", "KING", "QUEEN", "CHAIRMAN", "SPEAKER", "GOVERNOR", "MAYOR", "SENATOR",
               "DEPUTY", "AMBASSADOR", "COMMANDER", "ADMIRAL", "COLONEL", "CAPTAIN", "DR.", "MR.", "MRS.", "PREMIER",
               "CHANCELLOR", "SPOKESMAN", "ENVOY", "JUDGE", "FOREIGN", "DEFENSE", "DEFENCE", "VICE", "ADMINISTRATION",
               "GOVERNMENT", "REGIME", "CABINET", "PRESIDENCY", "PRESIDENT-ELECT", "LEADERSHIP", "POPE", "SHAH",
               "GEN.", "GEN", "LT.", "COL.", "SEN.", "REP.", "GOV.", "PRES.", "SGT.", "MAJ.", "CAPT.", "ADM.", "AMB."}


# words of an office held by a person: an organisation's "name" holding one names the office
OFFICE_WORDS = {"PRESIDENT", "MINISTER", "SECRETARY", "SECRETARY-GENERAL", "CHANCELLOR", "KING", "QUEEN", "PREMIER",
                "CHAIRMAN", "SPEAKER", "GOVERNOR", "MAYOR", "SENATOR", "AMBASSADOR", "SPOKESMAN", "ENVOY", "LEADER",
                "CHIEF", "COMMANDER", "PRINCE", "EMIR", "SULTAN", "POPE", "PRESIDENTS", "MINISTERS", "LEADERS"}


def _drop_titled(names: list[str], person: bool) -> list[str]:
    """A person's names without those holding a title or an office ('PRESIDENT VLADIMIR PUTIN',
    'GORBACHEV ADMINISTRATION'): the linker reads titles from the context, and a title inside
    a name would take the title's words into the mention."""
    if not person:
        return names
    return [n for n in names if not TITLE_WORDS.intersection(n.replace("-", " - ").split() + n.split())]


# ---- actors ------------------------------------------------------------------------------------

def build_actors(blocks_by_file: dict[str, list[Block]], states: Optional[dict[str, str]], since: Optional[dt.date],
                 stats: dict, recent: Optional[dt.date] = None, unnamed_persons: str = "recent") -> list[dict]:
    """The actor records written to phoenix_actors.json, with the counts of what was left out.

    Left out: a country's own block (its names, adjectives, cities, rivers: the curated
    states.yaml has names, demonyms and capitals); persons out of office before `since`;
    persons the dictionary gives no other name (CountryInfo's generated lists of ministers)
    out of office before `recent`; companies (MNC) given no other name (a long tail of firms
    that news rarely names; the linker finds companies by their head words)."""
    out = []
    unconverted: dict[str, int] = {}
    for file, blocks in blocks_by_file.items():
        for b in blocks:
            stats["blocks"] += 1
            roles = []
            for r in b.roles:
                country, sectors, dropped = convert(r.code, states)
                for d in dropped:
                    unconverted[d] = unconverted.get(d, 0) + 1
                if country is None and not sectors:
                    continue
                roles.append([country, list(sectors), r.start.isoformat() if r.start else None,
                              r.end.isoformat() if r.end else None])
            if not roles:
                stats["skipped_no_code"] += 1
                continue
            if file == "countries" and all(not r[1] for r in roles) and "CountryInfo" not in b.comment:
                # a country's own block (names, adjectives, cities, rivers: states.yaml has capitals), or a
                # region's with the dates of its sovereignty ('Leipzig ... [DDR 491007-901003]')
                stats["skipped_country_names"] += 1
                continue
            # persons: CountryInfo's office holders, and blocks with dated roles; a dated armed group, NGO or
            # company ('THE_ISLAMIC_STATE [IMGMUSISI >20130408]') dates its founding, not an office
            person = "CountryInfo" in b.comment or (any(r[2] or r[3] for r in roles)
                                                   and not any(r[0] in ("IMG", "NGO", "MNC") for r in roles))
            if person:
                ends = [dt.date.fromisoformat(r[3]) if r[3] else dt.date.max for r in roles if "ELI" not in r[1]]
                last = max(ends) if ends else dt.date.min
                if since is not None and last < since:
                    stats["skipped_person_before"] += 1  # office (if any) over before `since`
                    continue
                if recent is not None and len(set(b.names)) == 1 and (last < recent or unnamed_persons == "none"):
                    stats["skipped_person_one_name"] += 1
                    continue
            if not person and len(set(b.names)) == 1 and any(r[0] == "MNC" for r in roles):
                stats["skipped_mnc_unnamed"] += 1
                continue
            names = _drop_titled(list(dict.fromkeys(b.names)), person)
            if not person:  # 'GERMAN CHANCELLOR' names an office, not an organisation
                names = [n for n in names if not OFFICE_WORDS.intersection(n.split())]
            names = [display_name(n, person) for n in names if len(re.sub(r"[^A-Za-z]", "", n)) >= 3]
            if person:  # 'Ban Ki-Moon' is written 'Ban Ki-moon'
                names += [re.sub(r"-([A-Z])(?=[a-z])", lambda m: "-" + m[1].lower(), n) for n in names if "-" in n]
            # 'HAMAS' is written 'Hamas' too: a one-word name in capitals with vowels gets its title case
            # (armed groups only: an NGO's 'AMIT' written 'Amit' would be a first name)
            if file == "milnonstate":
                names += [n.title() for n in names if " " not in n and n.isupper() and len(n) >= 4
                          and re.search(r"[AEIOU]", n) and "." not in n]
            names = list(dict.fromkeys(names))
            if not names:
                stats["skipped_no_name"] += 1
                continue
            countries = {r[0] for r in roles if r[0]}
            if person:
                kind = "person"
            elif file == "milnonstate":
                kind = "armed-group"
            elif countries <= {"IGO", "UNO", "EUR"} and countries:
                kind = "igo"
            else:
                kind = "organization"
            if kind == "armed-group":   # PLOVER: a non-state armed group is REB (a religion alone is no sector)
                for r in roles:
                    r[1] = [x for x in r[1] if x != "REL"] or ["REB"]
                    if r[0] is None:
                        r[0] = "IMG"
            out.append({"name": names[0], "kind": kind, "file": file, "names": names[1:], "roles": roles})
            stats[f"kept_{kind}"] += 1
    stats["dropped_code_blocks"] = dict(sorted(unconverted.items(), key=lambda kv: -kv[1]))
    return out


# ---- agents ------------------------------------------------------------------------------------

def plural(phrase: str) -> str:
    """Regular English plural of a phrase's last word: 'rebel' → 'rebels', 'militia' → 'militias',
    'party' → 'parties', 'police' → 'polices' is avoided by the dictionary's '{}'."""
    head, _, last = phrase.rpartition(" ")
    if last.endswith("y") and len(last) > 1 and last[-2] not in "aeiou":
        last = last[:-1] + "ies"
    elif last.endswith("man"):
        last = last[:-3] + "men"
    elif last.endswith(NO_PLURAL_ENDINGS):
        last = last + "es"
    else:
        last = last + "s"
    return f"{head} {last}".strip()


def parse_agents(text: str, stats: Optional[dict] = None) -> list[tuple[str, list[str], tuple[str, ...]]]:
    """(phrase, plural forms, PLOVER sectors) for every agent line, lowercase, substitution sets expanded;
    phrases naming places (PLACE_HEADS) left out."""
    stats = Counter() if stats is None else stats
    subs: dict[str, list[str]] = {}
    out = []
    for raw in text.splitlines():
        line = raw.partition("#")[0].strip()
        if not line:
            continue
        m = re.fullmatch(r"(![A-Z]+!)\s*=\s*(.+)", line)
        if m:
            subs[m[1]] = [w.strip() for w in m[2].split(",") if w.strip()]
            continue
        code = re.search(r"\[([^\]]*)\]", line)
        if not code:
            continue
        role = parse_role(code[1])
        if role is None:
            continue
        _, sectors, _ = convert(role.code)
        if not sectors:
            continue
        body = line[:code.start()]
        braces = re.search(r"\{([^}]*)\}", body)
        plurals = [_name(p).lower() for p in (braces[1].split(",") if braces else []) if _name(p)]
        phrase = _name(body).strip()
        macros = re.findall(r"![A-Z]+!", phrase)
        forms = [phrase]
        for mac in macros:  # CATTLE!PERSON! → cattleman, cattlemen, cattlewoman, ...
            forms = [f.replace(mac, w, 1) for f in forms for w in subs.get(mac, [])]
        for f in forms:
            f = f.lower()
            if not f or "!" in f:
                continue
            if f.split()[-1] in PLACE_HEADS:
                stats["skipped_place"] += 1
                continue
            pl = plurals if braces else ([] if f.endswith(("men", "people", "personnel", "police")) else [plural(f)])
            out.append((f, pl, sectors))
    return out


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _license(path: Path) -> str:
    return " ".join(path.read_text(encoding="utf-8").split())


def _states() -> dict[str, str]:
    """ISO alpha-3 → PLOVER country code, from the gazetteer's state table (folds dependencies)."""
    from geowire.actors.gazetteer import load_gazetteer

    g = load_gazetteer()
    return {code: g.entries[i].country for code, i in g.by_code.items() if g.entries[i].country}


def main(argv: Optional[list[str]] = None) -> int:
    from geowire.settings import DATA_DIR, shared_data

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--source", type=Path, default=None)
    p.add_argument("--out", type=Path, default=DATA_DIR)
    p.add_argument("--since", default="1995-01-01",
                   help="leave out persons whose last office ended before this day")
    p.add_argument("--check-officials", action="store_true",
                   help="only report where officials.yaml's office dates disagree with Phoenix")
    p.add_argument("--unnamed-persons", choices=["recent", "none"], default="none",
                   help="persons the dictionary gives one name only: those in office on or after --recent, or none")
    p.add_argument("--recent", default="2010-01-01",
                   help="leave out persons with no other name whose last office ended before this day")
    args = p.parse_args(argv)
    src = args.source or shared_data() / "data" / "petrarch2-dictionaries"
    if not (src / AGENT_FILE).exists():
        print(f"no dictionaries in {src}", file=sys.stderr)
        return 2
    states = _states()
    for code, target in OBSOLETE.items():
        states.setdefault(code, target)
    since = dt.date.fromisoformat(args.since)
    source = {"repository": SOURCE_REPO, "commit": SOURCE_COMMIT, "path": "petrarch2/data/dictionaries/",
              "license": _license(src / "LICENSE") if (src / "LICENSE").exists() else "MIT",
              "sha256": {f: sha256(src / f) for f in [*ACTOR_FILES.values(), AGENT_FILE]}}
    stats: dict = Counter()
    blocks = {k: parse_actors((src / f).read_text(encoding="utf-8", errors="replace")) for k, f in ACTOR_FILES.items()}
    if args.check_officials:
        for line in check_officials(blocks, states):
            print(line)
        return 0
    actors = build_actors(blocks, states, since, stats, dt.date.fromisoformat(args.recent), args.unnamed_persons)
    agent_stats: dict = Counter()
    agents = parse_agents((src / AGENT_FILE).read_text(encoding="utf-8", errors="replace"), agent_stats)
    note = ("Generated by scripts/build_phoenix.py from the PETRARCH-2 Phoenix dictionaries; do not edit. "
            "Roles: [PLOVER country, [PLOVER sectors], from, to] (null: open).")
    _write(args.out / "phoenix_actors.json", {"note": note, "source": source, "since": args.since, "recent": args.recent,
                                                "unnamed_persons": args.unnamed_persons,
                                                "stats": stats},
           "actors", actors)
    _write(args.out / "phoenix_agents.json", {"note": "Generated by scripts/build_phoenix.py from Phoenix.agents.txt; "
                                              "[phrase, [plurals], [PLOVER sectors]].", "source": source,
                                              "stats": agent_stats},
           "agents", [[a, pl, list(s)] for a, pl, s in agents])
    print(json.dumps(stats, indent=1))
    print(f"{len(actors)} actors, {len(agents)} agent phrases")
    return 0


FILE_END = dt.date(2014, 1, 30)   # CountryInfo.140130: the Countries file's last update


def check_officials(blocks_by_file: dict[str, list[Block]], states: dict[str, str], tolerance: int = 45) -> list[str]:
    """Where officials.yaml's office dates disagree with the Phoenix roles of the same person
    (matched by a full name). Phoenix codes offices as sectors (RUSGOV), so a change of office
    inside one GOV span does not show; checked: that the days a curated office begins and
    ends (`tolerance` days inside, for Phoenix's month-rounded dates) fall in a Phoenix role of
    the same country, and that Phoenix's role begins within `tolerance` of a curated start when
    it begins in the year around it. Offices after FILE_END cannot be checked."""
    from geowire.actors.gazetteer import _date
    from geowire.settings import DATA_DIR, read_data_yaml

    by_name: dict[str, list[Block]] = {}
    for blocks in blocks_by_file.values():
        for b in blocks:
            for n in b.names:
                by_name.setdefault(n.upper(), []).append(b)
    out, checked = [], 0
    for o in read_data_yaml(DATA_DIR / "officials.yaml").get("officials", []):
        found = {id(b): b for n in (o["name"], *o.get("aliases", [])) if " " in n for b in by_name.get(n.upper(), [])}
        roles = []
        for b in found.values():
            for r in b.roles:
                country, sectors, _ = convert(r.code, states)
                if sectors != ("ELI",) and (r.start or r.end or sectors):
                    roles.append((country, r.start or dt.date.min, r.end or dt.date.max, r.code, r))
        for off in o.get("offices", []):
            code = states.get(str(off["of"]).upper(), str(off["of"]).upper())
            mine = [r for r in roles if r[0] == code or (r[0] == "UNO" and off["of"] == "united-nations")]
            if not mine:
                continue
            start, end = _date(off.get("from")), _date(off.get("to"), end=True)
            checked += 1
            told = ", ".join(f"[{r[3]} {r[4].start or ''}-{r[4].end or ''}]" for r in mine)
            pad = dt.timedelta(days=tolerance)

            def covered(day):
                return any(r[1] <= day <= r[2] for r in mine)
            if start and start <= FILE_END and not covered(min(start + pad, end or dt.date.max)):
                out.append(f"{o['name']}: {off['title']} of {off['of']} from {start}: no Phoenix role then; Phoenix {told}")
            if end and end <= FILE_END and not covered(max(end - pad, start or dt.date.min)):
                out.append(f"{o['name']}: {off['title']} of {off['of']} to {end}: no Phoenix role then; Phoenix {told}")
            if start and start <= FILE_END:
                close = [r for r in mine if r[4].start and pad < abs(r[1] - start) <= dt.timedelta(days=366)]
                if close and not any(r[4].start and abs(r[1] - start) <= pad for r in mine):
                    out.append(f"{o['name']}: {off['title']} of {off['of']} from {start}: Phoenix begins "
                               + ", ".join(str(r[1]) for r in close) + f"; Phoenix {told}")
    out.append(f"({checked} curated offices had a Phoenix role of the same country to compare)")
    return out


def _write(path: Path, head: dict, key: str, rows: list) -> None:
    """JSON with one record per line: compact, and diffs stay readable."""
    lines = [json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in rows]
    text = json.dumps(head, ensure_ascii=False, indent=1)[:-2] + f',\n "{key}": [\n' + ",\n".join(lines) + "\n ]\n}\n"
    json.loads(text)  # well-formed
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
