"""Actor linking: the mentions in a document body, linked to canonical actors.

`link_actors` reads the spaCy parse of `document.body` and returns one `Actor` per
canonical actor, with every mention's character offsets. It combines:

- the gazetteer's names (one PhraseMatcher pass): states, their demonyms, capitals used
  as metonyms, IGOs, agencies, media, threat groups, campaigns, officials;
- composites built around a state mention: "<Demonym> Foreign Ministry", "Ministry of
  Defence of <State>", "<State>'s Armed Forces", "<Demonym> media", "the <Demonym>
  government" (a mention of the state itself); an unqualified "the Foreign Ministry"
  resolves to the foreign ministry named earlier in the document, else is dropped;
- agent nouns from the Phoenix dictionaries with a state ("Syrian rebels", "the police of
  Kenya", "investors in Hong Kong", "Ukrainian protesters"), built like "Russian troops": a
  GOV noun is the state itself, a MIL, LEG or JRN noun its armed forces, parliament or media,
  any other an actor of its own with the agent's sectors; an agent noun of a political sector
  alone ("Police arrested", "protesters", "the government") takes the document's state (the
  one named most often), else is an actor of its sectors and no country (`_lone_agent`);
- web domains written in the text ("Commonspace.eu" → a media actor);
- spaCy's entities: PERSON (titles read from the context: "Russian President Vladimir
  Putin" → President of Russia; surnames resolved to the full name named in the
  document, else to a curated official; a demonym standing alone for such a surname is the
  person: "Cuban said" after "Mark Cuban"), ORG and quoted names with an organisation head
  word ("Center for Geopolitical Expertise"), with a country from the context;
- named campaigns ("the so-called 'X' campaign", "Operation X").

Overlapping candidates are settled longest first; at equal length the more specific
source wins (a blocked phrase, a composite, a gazetteer name, then spaCy's guesses).

spaCy's EntityLinker needs a trained knowledge base and its EntityRuler only labels
spans, so the linking rules here are geowire's own; the matching itself is spaCy's
PhraseMatcher and Matcher, built once per vocabulary by the gazetteer.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Optional

from spacy.tokens import Doc

from geowire.actors.gazetteer import BLOCK, DEMONYM, NAME, SEAT, SHORT, STATE_KINDS, Entry, Gazetteer, _with_article, slug
from geowire.model import Actor
from geowire.nlp import doc_text
from geowire.nlp.sex import mention_sex, sex_word

# prepositions after which a capital is a place, not an actor ("in Moscow", "to Berlin")
LOCATIVE = {"in", "at", "from", "to", "into", "near", "outside", "inside", "around", "across", "through", "via",
            "within", "toward", "towards", "throughout", "beyond", "onto", "along"}
# Prepositions of aim: after them a plural noun of people is whom an act is aimed at or comes
# from ("fired at protesters", "a letter to lawmakers", "aid from donors"), not a place
AIMED = {"at", "to", "into", "from", "toward", "towards", "onto"}
# Words of travel after which a capital is the state one goes to, its host ("travelled to
# Washington", "arrived in Ankara for talks", "a visit to Beijing"): as PETRARCH reads
# Phoenix's capitals, the target of a visit. "in" only after arriving ("talks in Ankara" place them).
TRAVEL_WORDS = {"travel", "trip", "journey", "visit", "tour", "fly", "head", "go", "come", "arrive", "jet",
                "voyage", "mission", "delegation"}
# Words of protest after which "in" + a capital is the state protested in ("staged a protest in
# Beijing", "thousands marched in Tbilisi"): PETRARCH's target of a demonstration is where it is held.
PROTEST_WORDS = {"protest", "demonstration", "demonstrate", "rally", "march", "sit-in", "vigil", "picket"}
# Nouns of what a government says or gives, after which "from" + a capital is that government
# ("criticism from Berlin", "pressure from Beijing", "aid from Washington"), not a place of origin.
FROM_GOVERNMENT_WORDS = {"criticism", "condemnation", "praise", "support", "protest", "response", "reaction",
                         "warning", "pressure", "demand", "request", "call", "message", "letter", "statement",
                         "objection", "complaint", "threat", "offer", "invitation", "aid", "help", "assistance",
                         "backing", "approval", "opposition", "rebuke", "retaliation", "sanction", "order"}
# head words that make an unknown ORG entity look like an organisation
ORG_HEADS = {"Center", "Centre", "Institute", "Ministry", "Agency", "Council", "Party", "Committee", "Bank",
             "Company", "Corporation", "Corp", "Inc", "Ltd", "Forces", "Service", "Services", "Foundation",
             "University", "Association", "Organization", "Organisation", "Office", "Department", "Bureau",
             "Commission", "Authority", "Directorate", "Front", "Movement", "Army", "Brigade", "Battalion",
             "Guard", "Guards", "Police", "Court", "Tribunal", "Parliament", "Assembly", "Federation", "Fund",
             "Network", "Society", "League", "Coalition", "Academy", "College", "Group", "Union", "Command",
             "Institution", "Observatory", "Lab", "Laboratory", "Trust", "Initiative", "Club",
             "Consortium", "Secretariat", "Unit", "Regiment", "Division", "Corps", "Senate", "Congress",
             # companies' suffixes ("Emirates Airline", "Ascom Holding", "GE Healthcare")
             "Airline", "Airlines", "Airways", "Holding", "Holdings", "Industries", "Technologies",
             "Pharmaceuticals", "Healthcare", "Motors", "AG", "SA", "plc", "PLC", "LLC", "GmbH", "Co", "Co."}
# suffixes a company's name drops in other mentions ("Emirates Airline" → "Emirates", "GE Healthcare" → "GE")
COMPANY_SUFFIXES = {"Airline", "Airlines", "Airways", "Group", "Corp", "Corp.", "Corporation", "Inc", "Inc.", "Ltd",
                    "Ltd.", "Company", "Co", "Co.", "Holding", "Holdings", "AG", "SA", "plc", "PLC", "LLC", "GmbH",
                    "Industries", "Technologies", "Pharmaceuticals", "Healthcare", "Motors"}
ORG_LABELS = {"ORG"}
QUOTED_LABELS = {"WORK_OF_ART", "FAC", "LAW", "PRODUCT", "EVENT", "GPE", "NORP", "PERSON"}
QUOTES = {'"', "“", "”", "'", "‘", "’", "«", "»"}
POSSESSIVE = {"'s", "’s", "'", "’"}
DETERMINERS = {"the", "a", "an", "its", "his", "her", "their", "this", "that"}
NAME_TYPES = {"PERSON", "GPE", "NORP", "LOC", "FAC", "ORG"}  # entity types whose words are capitalised anywhere
NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}

TITLE_CORE = {"president", "vice-president", "premier", "chancellor", "minister", "secretary", "secretary-general",
              "king", "queen", "emir", "sultan", "prince", "monarch", "leader", "head", "chief", "spokesperson",
              "spokesman", "spokeswoman", "ambassador", "envoy", "diplomat", "governor", "mayor", "general",
              "admiral", "colonel", "commander", "senator", "lawmaker", "mp", "speaker", "judge", "prosecutor",
              "editor", "journalist", "correspondent", "reporter", "representative", "commissioner", "chairman",
              "chairwoman", "chair", "director", "ayatollah", "negotiator", "adviser", "advisor", "official",
              "coordinator", "ruler", "dictator", "strongman",
              # the abbreviated and local offices of American and British news ("Gov. Kristi Noem", "Rep.
              # Ilhan Omar", "U.S. Attorney Nealy Cox", "Public Ombudsman Nadia Cruz")
              "gov.", "rep.", "sen.", "congressman", "congresswoman", "ombudsman", "sheriff", "attorney"}
TITLE_MODIFIERS = {"foreign", "defence", "defense", "interior", "finance", "deputy", "vice", "acting", "prime",
                   "first", "state", "high", "supreme", "crown", "top", "press", "political", "special",
                   "presidential", "military", "intelligence", "security", "economy", "economic", "justice",
                   "trade", "energy", "health", "policy", "affairs", "staff", "de", "facto", "self-proclaimed",
                   "self", "proclaimed", "-", "senior", "lead", "national", "executive", "managing", "ministry",
                   "office", "government", "de-facto", "assistant", "permanent", "separatist", "breakaway",
                   "district", "public", "attorney", "county"}
HONORIFICS = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "dame", "lord", "lady"}
SECTOR_BY_TITLE = {"general": "MIL", "admiral": "MIL", "colonel": "MIL", "commander": "MIL", "senator": "LEG",
                   "rep.": "LEG", "sen.": "LEG", "congressman": "LEG", "congresswoman": "LEG", "sheriff": "COP",
                   "attorney": "JUD",
                   "lawmaker": "LEG", "mp": "LEG", "speaker": "LEG", "judge": "JUD", "prosecutor": "JUD",
                   "editor": "JRN", "journalist": "JRN", "correspondent": "JRN", "reporter": "JRN"}

GENERIC_TLDS = {"com", "org", "net", "info", "eu", "int", "gov", "edu", "io", "news", "tv", "biz", "online",
                "media", "press", "su", "asia"}
DOMAIN = re.compile(r"(?<![\w@./-])((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+([a-z]{2,6}))(?![\w@-]|\.\w)")

# priorities at equal span length (higher wins)
P_BLOCK, P_COMPOSITE, P_GAZETTEER, P_SHORT, P_PERSON, P_CAMPAIGN, P_ORG = 7, 6, 5, 4, 3, 2, 1
P_AGENT = 4.5  # below a gazetteer name of the same span ("Russian military intelligence" is the GRU)
# Sectors whose agent nouns are actors without a state before them ("police", "protesters", "the
# government"): the state and those who contest it, PLOVER's political sectors (as relevance.py's).
LONE_AGENT_SECTORS = frozenset({"GOV", "MIL", "SPY", "LEG", "JUD", "COP", "REB", "OPP", "PTY", "UAF"})
ARMED_NONSTATE = frozenset({"REB", "UAF"})
# Singular agent nouns linked alone: institutions ("the government", "police said"); a singular
# person noun ("the president noted") refers to someone the text names.
LONE_SINGULAR = frozenset({
    "police", "government", "administration", "army", "navy", "military", "militia", "junta", "regime",
    "parliament", "congress", "senate", "legislature", "cabinet", "judiciary", "ministry", "politburo",
    "gendarmerie", "gendarmery", "law enforcement", "riot police", "federal police", "national police",
    "border patrol", "coast guard", "security service", "intelligence service", "secret police", "paramilitary",
    "infantry", "artillery", "air force",
})
# Phoenix agent nouns of those sectors that alone are mostly something else (the Phoenix file
# codes them for "<Country> X" phrases): an airline's "flagship carrier", a team's captain or
# raiders, anyone's lawyer, a tennis court, a place (prison, barracks), a weapon or vessel
# (a "bomber" is also a suicide bomber, not a state's force), a ranking abbreviation.
LONE_AGENT_EXCLUDED = frozenset({
    "carrier", "carriers", "captain", "captains", "capt.", "raider", "raiders", "court", "courts", "chamber",
    "chambers", "lawyer", "lawyers", "attorney", "attorneys", "counsel", "counsellor", "counselor", "advocate",
    "advocates", "barrister", "pleader", "prison", "prisons", "barracks", "garrison", "deputy", "deputies",
    "authority", "governance", "kingdom", "polity", "state-owned", "semi-official", "delegate", "delegates",
    "detainee", "detainees", "exile", "exiles", "defector", "objector", "recreant", "turncoat", "crusader",
    "reformer", "reformist", "revolt", "uprising", "rebellion", "insurgency", "insurgence", "intelligence",
    "echelon", "phalanx", "assemblage", "representatives", "sovereign", "prince", "king", "emperor", "empress",
    "regulator", "lieutenant", "ensign", "seaman", "privateer", "b-52", "bomber", "bombers", "cruiser", "destroyer",
    "frigate", "corvette", "battleship", "battlewagon", "warship", "warships", "humvee", "hmmwv", "mig", "f-16",
    "adm.", "cmdr.", "col.", "gen.", "lt.", "maj.", "ens.", "fighter", "fighters", "mp",
})


@dataclass
class Title:
    """A title read next to a person's name."""
    role: str
    country: Optional[str]
    sectors: tuple[str, ...]


@dataclass
class Cand:
    """A candidate mention: tokens [start, end) and what they point at."""
    start: int
    end: int
    entry: Optional[Entry]
    source: str                    # gazetteer, composite, domain, person, org, campaign, ministry, ref
    label: str = NAME
    priority: int = 0
    options: tuple[Entry, ...] = ()    # a short name's candidate officials
    dept: Optional[str] = None         # an unqualified ministry's department
    title: Optional[Title] = None
    extra: dict = field(default_factory=dict)

    @property
    def length(self) -> int:
        return self.end - self.start


# ---- entry point -------------------------------------------------------------------------

def link_actors(doc: Doc, gazetteer: Gazetteer, reference_date: Optional[dt.date] = None) -> list[Actor]:
    """One Actor per canonical actor mentioned in `doc` (the spaCy parse of document.body)."""
    matchers = gazetteer.matchers(doc.vocab)
    raw = _name_matches(doc, gazetteer, matchers)
    ents = list(doc.ents) if doc.has_annotation("ENT_IOB") else []
    entity_tokens = {t.i for e in ents for t in e}
    heads = [(doc.vocab.strings[m], s, e) for m, s, e in matchers.heads(doc)]
    if doc.has_annotation("POS"):
        heads += [(doc.vocab.strings[m], s, e) for m, s, e in matchers.tagged(doc)]
    cands = [c for c in raw if _keep_name_match(doc, c, gazetteer, entity_tokens)]
    cands += _composites(doc, raw, gazetteer, heads)
    cands += _agents(doc, raw, gazetteer, matchers)
    cands += _domains(doc, gazetteer)
    cands += _persons(doc, ents, raw, gazetteer)
    cands += _organizations(doc, ents, raw, gazetteer)
    cands += _campaigns(doc, raw, gazetteer, heads)
    chosen = _non_overlapping(cands)
    chosen = resolve_person_refs(doc, chosen, gazetteer, reference_date)
    chosen = _resolve_ministries(chosen)
    chosen += _back_references(doc, chosen)
    chosen += _surname_mentions(doc, chosen, gazetteer)
    chosen.sort(key=lambda c: c.start)
    _read_titles(doc, chosen, raw)
    # a one-word name spaCy calls a person ("Max", "Palmyra", "Benchmark"), which neither the
    # gazetteer nor a full mention in the text knows, is a person only with a title beside it
    chosen = [c for c in chosen if not (c.extra.get("lone") and c.title is None)]
    _context_countries(doc, chosen, raw)
    return _actors(doc, chosen, reference_date)


# ---- candidates ---------------------------------------------------------------------------

def _name_matches(doc: Doc, g: Gazetteer, matchers) -> list[Cand]:
    """Every gazetteer name in the text (overlapping); a surface that names two entries is dropped,
    except a person's short name, whose candidate officials are kept for the date to decide."""
    out = []
    for key, s, e in matchers.names(doc):
        targets = matchers.keys.get(key, ())
        shorts = [g.get(i) for i, lab in targets if lab == SHORT]
        if shorts:
            out.append(Cand(s, e, shorts[0] if len(shorts) == 1 else None, "gazetteer", SHORT, P_SHORT,
                            options=tuple(shorts)))
        others = [(i, lab) for i, lab in targets if lab != SHORT]
        if any(lab == BLOCK for _, lab in others):
            out.append(Cand(s, e, None, "gazetteer", BLOCK, P_BLOCK))
            continue
        entries = {i for i, _ in others}
        if len(entries) == 1:  # a surface naming two entries is ambiguous: neither
            i, lab = others[0]
            out.append(Cand(s, e, g.get(i), "gazetteer", lab, P_GAZETTEER))
    return out


def _keep_name_match(doc: Doc, c: Cand, g: Gazetteer, entity_tokens: set[int]) -> bool:
    """Whether a gazetteer match is a mention of its actor here."""
    if c.start >= 2 and doc[c.start - 1].text in ("-", "–") and doc[c.start - 2].lower_ in ("pro", "anti"):
        return False  # "pro-Russian separatists" are not Russia
    if all(doc[i].ent_type_ in ("DATE", "TIME") for i in range(c.start, c.end)) \
            or any(doc[i].lower_ in WEEKDAYS for i in range(c.start, c.end)):
        return False  # "Black Friday" (a Phoenix name), "Independence Day": a day, not an actor
    if c.label == SEAT:
        return _is_metonym(doc, c.start, c.end)
    if c.label == SHORT:  # a surname alone: spaCy saw a name there, or a proper noun, or no English word
        tok = doc[c.start]
        return bool(entity_tokens.intersection(range(c.start, c.end))) or not g.is_english_word(tok.text) \
            or (tok.pos_ == "PROPN" and not tok.is_sent_start)
    return True


def _is_metonym(doc: Doc, start: int, end: int) -> bool:
    """A capital or seat of power standing for its state ("Moscow said", "flew to Moscow": the
    host, `_destination`), not a place ("in Moscow")."""
    if end + 1 < len(doc) and doc[end].text in ("-", "–") and doc[end + 1].lower_ in ("based", "born", "headquartered"):
        return False
    before = start - 1
    if before >= 0 and doc[before].lower_ == "the":
        before -= 1
    if before >= 0 and doc[before].lower_ in LOCATIVE and not (doc.has_annotation("DEP") and _destination(doc[end - 1])):
        return False
    if doc.has_annotation("DEP"):
        tok = doc[end - 1]
        while tok.dep_ == "conj" and tok.head.i != tok.i:
            tok = tok.head
        if tok.dep_ == "pobj" and tok.head.lower_ in LOCATIVE:
            return _destination(tok)
        if tok.dep_ in ("compound", "amod", "nmod", "npadvmod") and tok.head.pos_ in ("NOUN", "PROPN") \
                and tok.head.i >= end:
            return False
    return True


def _destination(tok) -> bool:
    """Whether a capital after a preposition is where someone travels to ("flew to Moscow",
    "his visit to Beijing", "arrived in Ankara"): the host state, not a mere place; the
    government a reaction or a gift comes from ("criticism from Berlin"); the state a protest
    is held in ("marched in Tbilisi")."""
    if tok.dep_ != "pobj":
        return False
    prep = tok.head
    lemma = prep.head.lemma_.lower() if prep.head.i != prep.i else ""
    if prep.lower_ == "to":
        return lemma in TRAVEL_WORDS
    if prep.lower_ == "from":  # "criticism from Berlin", "drew criticism from Berlin"
        said = [prep.head] if prep.head.pos_ == "NOUN" else [c for c in prep.head.children if c.dep_ == "dobj"]
        return any(t.lemma_.lower() in FROM_GOVERNMENT_WORDS for t in said)
    if prep.lower_ != "in":
        return False
    if lemma == "arrive":
        return True
    held = [prep.head] + [c for c in prep.head.children if c.dep_ == "dobj"]  # "staged a protest in Beijing"
    return any(t.lemma_.lower() in PROTEST_WORDS for t in held)


def _state_index(raw: list[Cand], labels=(NAME, DEMONYM)) -> tuple[dict[int, Cand], dict[int, Cand]]:
    """State-like gazetteer matches by their end and by their start token (longest kept)."""
    ends: dict[int, Cand] = {}
    starts: dict[int, Cand] = {}
    for c in raw:
        if c.entry is None or c.entry.kind not in STATE_KINDS or c.label not in labels:
            continue
        if c.end not in ends or ends[c.end].length < c.length:
            ends[c.end] = c
        if c.start not in starts or starts[c.start].length < c.length:
            starts[c.start] = c
    return ends, starts


def _composites(doc: Doc, raw: list[Cand], g: Gazetteer, heads: list[tuple[str, int, int]]) -> list[Cand]:
    """Bodies named by a state and a head noun: ministries, armed forces, parliament, media, government."""
    ends, starts = _state_index(raw)
    out = []
    for key, s, e in heads:
        if key == "CAMPAIGN":
            continue
        head = doc[s:e]
        if key == "BODY:armed-forces" and len(head) == 1 and head[0].lower_ in ("military", "army", "troops") \
                and e < len(doc) and doc[e].pos_ in ("NOUN", "PROPN"):
            continue  # "Russian military base": an adjective, not the armed forces
        q, span = _qualifier(doc, s, e, ends, starts)
        if q is None:
            if key.startswith("MIN:") and head[-1].text[0].isupper():
                out.append(Cand(s, e, None, "ministry", NAME, P_COMPOSITE, dept=key[4:]))
            continue
        state = q.entry
        if key.startswith("MIN:"):
            entry = g.ministry_of(state, key[4:])
        elif key.startswith("BODY:"):
            entry = g.body_of(state, key[5:])
        elif key == "MEDIA":
            entry = g.media_of(state)
        else:  # GOV: "the Russian government" is Russia
            entry = state
        out.append(Cand(span[0], span[1], entry, "composite", NAME, P_COMPOSITE))
    return out


def _agents(doc: Doc, raw: list[Cand], g: Gazetteer, matchers) -> list[Cand]:
    """Phoenix agent nouns qualified by a state ('Syrian rebels', "Kenya's police", 'police of Kenya')."""
    if matchers.agents is None or not g.agents:
        return []
    found = matchers.agents(doc)
    if not found:
        return []
    ends, starts = _state_index(raw)
    out = []
    institutions: list[tuple[int, str, Entry]] = []  # (start, surface, entry) of each lone institution
    context: Optional[Entry] | bool = None  # the document's state, looked up at the first lone agent
    for key, s, e in found:
        if e < len(doc) and doc[e].pos_ in ("NOUN", "PROPN") and doc[e].text[:1].islower():
            continue  # "Russian police station": the agent is a modifier
        if e < len(doc) and (doc[e].ent_type_ == "PERSON" or (doc[e - 1].lower_ in TITLE_CORE and doc[e].text[:1].isupper())):
            continue  # "US General David Petraeus": a title, read with the person
        q, span = _qualifier(doc, s, e, ends, starts)
        surface = matchers.agent_keys[key]
        if q is None:
            if context is None:
                context = _context_state(doc, raw, g)
            entry = _lone_agent(doc, s, e, g, surface, context)
            if entry is not None:
                out.append(Cand(s, e, entry, "composite", NAME, P_AGENT))
                if surface in LONE_SINGULAR:
                    institutions.append((s, surface, entry))
            continue
        entry = g.agent_of(q.entry, surface)
        if surface in LONE_SINGULAR:
            institutions.append((s, surface, entry))
        if entry is q.entry:
            continue  # 'Polish diplomats': the demonym already links Poland
        out.append(Cand(span[0], span[1], entry, "composite", NAME, P_AGENT))
    if institutions:
        taken = {i for c in (*raw, *out) for i in range(c.start, c.end)}
        out += _members_of_institutions(doc, g, institutions, taken)
    return out


def _members_of_institutions(doc: Doc, g: Gazetteer, institutions: list[tuple[int, str, Entry]],
                             taken: set[int]) -> list[Cand]:
    """"Officers" after "police": the institution's people. Phoenix codes POLICE_OFFICER and
    ARMY_OFFICER but not "officers" alone, which are anyone's; the one institution of the
    story named before them that Phoenix pairs with the noun ("police", "the army", "the
    government"; `Gazetteer.agent_heads`) says whose they are ("Police were called. Officers
    arrested Webb"). Two such institutions before them, and they are no one's. Plural nouns
    only, standing alone: "company officials", "rebel officers", "UN officials" are others'."""
    out = []
    for tok in doc:
        if tok.tag_ != "NNS" or tok.i in taken or tok.dep_ in ("compound", "amod", "nmod", "npadvmod"):
            continue
        pairs = g.agent_heads.get(tok.lower_)
        if not pairs:
            continue
        before = {entry.id: entry for s, surface, entry in institutions if s < tok.i and surface in pairs}
        if len(before) != 1:
            continue
        if any(c.dep_ == "poss" for c in tok.children) or _qualified_by_name(tok, tok.i, g.agents):
            continue  # "their officers", "UN officials", "rebel officers", "officers from Interpol"
        institution = next(iter(before.values()))
        if _placed_elsewhere(tok, institution, g):
            continue  # "officials from Japan, South Korea and China", "Japanese officials": theirs
        if _a_place(tok):
            continue
        out.append(Cand(tok.i, tok.i + 1, institution, "composite", NAME, P_AGENT))
    return out


def _lone_agent(doc: Doc, s: int, e: int, g: Gazetteer, surface: str, context) -> Optional[Entry]:
    """An agent noun no state qualifies ("police", "protesters", "the government", "pro-Russia
    rebels"), of a political sector: the agent of the document's state when it has one (PETRARCH
    composes country + agent codes, and its successors take the country of an unqualified agent
    from the story's location), else an actor of the agent's sectors and no country ("---COP").
    Not when it is a place ("at the embassy", "in prison") or modifies a noun."""
    _, sectors = g.agents[surface]
    if not set(sectors) & LONE_AGENT_SECTORS or surface.split()[-1] in LONE_AGENT_EXCLUDED:
        return None
    head = doc[e - 1]
    if head.pos_ not in ("NOUN", "PROPN") or head.dep_ in ("compound", "amod", "nmod", "npadvmod"):
        return None
    if e < len(doc) and doc[e].text in ("-", "–"):
        return None  # "government-held", "police-run"
    if _a_place(head):
        return None
    singular = head.tag_ in ("NN", "NNP")
    if singular and surface not in LONE_SINGULAR:
        return None  # "the president noted": someone named before, not an institution
    if singular and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in head.children):
        return None  # "an army of contractors", "a cabinet of wonders": a quantity, not the institution
    if not singular and head.text[:1].isupper() and not head.is_sent_start and not doc[s].is_sent_start:
        return None  # "Senators 4, Red Wings 3": a name (a team), not legislators
    # "pro-Russia rebels", "anti-government protesters": whose side, not whose they are
    left = doc[head.left_edge.i:s]
    prefixed = any(t.lower_ in ("pro", "anti") and t.i + 1 < s and doc[t.i + 1].text in ("-", "–") for t in left)
    if any(c.dep_ == "poss" for c in head.children):
        return None  # "their interior ministries", "its army": whose is said, and resolved with the pronoun
    if not prefixed and _qualified_by_name(head, s):
        return None
    # the document's state for its organs and its politics; not for rebels, militants or gunmen,
    # who in international news are as often the other side's ("freed militants" in a story of
    # American hostages), as PETRARCH leaves them: "---REB"
    if context and not prefixed and not set(sectors) & ARMED_NONSTATE:
        return g.agent_of(context, surface)
    return g.agent_alone(surface, singular)


def _qualified_by_name(head, start: int, words: frozenset[str] | dict = frozenset()) -> bool:
    """Whether a noun says whose it is: "UN troops", "Hamas fighters", "Al-Qaeda-linked rebels"
    (a name among its modifiers before `start`), "the mayor of Nablus", "dissidents from
    Myanmar" (a name in its of/from/in phrase). A place the gazetteer does not know is part of
    the document's state ("Fort Worth police", "California officials", "the New York State
    Attorney General"). `words`: modifier words that also say whose ("rebel officers")."""
    for c in head.children:
        if c.i < start and c.dep_ in ("compound", "amod", "nmod", "poss") and any(
                _names_someone(t) or t.lower_ in words for t in c.subtree):
            return True
        if c.dep_ == "prep" and c.lower_ in ("of", "from", "in") and any(_names_someone(t) for t in c.subtree):
            return True
    return False


def _placed_elsewhere(head, institution: Entry, g: Gazetteer) -> bool:
    """Whether a noun's modifiers or of/from/in phrase name a place or a people of another
    country than the institution's ("officials from Japan and China" after "the Chinese
    military"; not "officials in Delhi" after the Indian government): whose they are then."""
    doc = head.doc
    for c in head.children:
        if not (c.dep_ in ("compound", "amod", "nmod") or (c.dep_ == "prep" and c.lower_ in ("of", "from", "in"))):
            continue
        for ent in {e for t in c.subtree if t.ent_type_ in ("GPE", "NORP") for e in doc.ents if e.start <= t.i < e.end}:
            countries = {e.country for e in g.lookup(ent.text) if e.country}
            if countries and institution.country not in countries:
                return True
    return False


def _a_place(tok) -> bool:
    """Whether a noun of a locative phrase is a place ("at the embassy", "in prison", "officials
    in Delhi"), not the people an act is aimed at or comes from ("fired at protesters", "a
    letter to lawmakers"): a plural after a preposition of aim is people."""
    if tok.dep_ != "pobj" or tok.head.lower_ not in LOCATIVE:
        return False
    return not (tok.tag_ in ("NNS", "NNPS") and tok.head.lower_ in AIMED)


def _names_someone(tok) -> bool:
    """Whether a modifier's token is a name other than a place (a GPE, LOC or FAC entity)."""
    if tok.ent_type_ in ("GPE", "LOC", "FAC"):
        return False
    return tok.pos_ == "PROPN" or bool(tok.ent_type_) and tok.ent_type_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY")


def _context_state(doc: Doc, raw: list[Cand], g: Gazetteer) -> Optional[Entry] | bool:
    """The state a document is about, for agent nouns it does not qualify: the country named most
    often, by its states' names and demonyms and by the gazetteer's other actors of a country
    (its officials, agencies, parliament: "Congress", "Trump" in a story that names Ukraine more
    than the United States), if named more often than any other; False when there is none."""
    counts: Counter = Counter()
    for c in raw:
        if c.entry is None or c.label not in (NAME, DEMONYM) or not c.entry.country:
            continue
        if any(doc[i].ent_type_ == "PERSON" for i in range(c.start, c.end)) and c.entry.kind in STATE_KINDS:
            continue  # "Chad Wolf", "Michael Jordan": a person's name
        if c.start >= 2 and doc[c.start - 1].text in ("-", "–") and doc[c.start - 2].lower_ in ("pro", "anti"):
            continue
        counts[c.entry.country] += 1
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return False
    return g.state(ranked[0][0]) or False


def _qualifier(doc: Doc, s: int, e: int, ends, starts) -> tuple[Optional[Cand], tuple[int, int]]:
    """The state that qualifies a head noun: '<Demonym> X', "<State>'s X" or 'X of (the) <State>'."""
    q = ends.get(s)
    if q is None and s > 0 and doc[s - 1].text in POSSESSIVE:
        q = ends.get(s - 1)
    if q is not None:
        if q.start >= 2 and doc[q.start - 1].text in ("-", "–") and doc[q.start - 2].lower_ in ("pro", "anti"):
            return None, (s, e)  # "pro-Russian forces" are not Russia's
        return q, (q.start, e)
    if e < len(doc) and doc[e].lower_ in ("of", "in"):  # "the police of Kenya", "investors in Hong Kong"
        head = doc[e - 1]
        if doc[e].lower_ == "in" and (head.pos_ != "NOUN" or _a_place(head)):
            return None, (s, e)  # "in prison in the US", "at the Polytechnic University in Hong Kong": places
        j = e + 1
        if j < len(doc) and doc[j].lower_ == "the":
            j += 1
        q = starts.get(j)
        if q is not None and q.label == NAME:
            return q, (s, q.end)
    return None, (s, e)


def _domains(doc: Doc, g: Gazetteer) -> list[Cand]:
    """Web domains written in the text ("Commonspace.eu", "kremlin.ru"): media actors."""
    out = []
    tlds = GENERIC_TLDS | set(g.cctld)
    for m in DOMAIN.finditer(doc_text(doc)):
        domain, tld = m[1], m[2]
        first = domain.split(".")[0]
        if tld not in tlds or len(first) < 2 or domain.count(".") > 3:
            continue
        span = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        if span is not None:
            out.append(Cand(span.start, span.end, g.media_for_domain(domain), "domain", NAME, P_COMPOSITE))
    return out


def _strip(doc: Doc, s: int, e: int, words=DETERMINERS) -> tuple[int, int]:
    """An entity span without leading determiners and trailing possessives or punctuation."""
    while s < e and (doc[s].lower_ in words or doc[s].text in QUOTES):
        s += 1
    while e > s and (doc[e - 1].text in POSSESSIVE or doc[e - 1].is_punct):
        e -= 1
    return s, e


def _persons(doc: Doc, ents, raw: list[Cand], g: Gazetteer) -> list[Cand]:
    """PERSON entities, without titles; none where the gazetteer names something else ("Tbilisi said"),
    none that is a phrase of ordinary words (`_plain_phrase`) or holds a possessive or a quote mark
    ("Trump's Putin Remarks 'Troubling'": a headline, not a name)."""
    elsewhere = {(c.start, c.end) for c in raw if c.entry is not None and c.entry.kind != "person"}
    named = {i for c in raw if c.entry is not None for i in range(c.start, c.end)}
    out = []
    for ent in ents:
        if ent.label_ != "PERSON":
            continue
        s, e = _strip(doc, ent.start, ent.end, DETERMINERS | TITLE_CORE | TITLE_MODIFIERS | HONORIFICS)
        span = doc[s:e]
        if not span or not span[0].text[0].isupper() or not any(t.is_alpha for t in span) \
                or any(t.like_num or t.like_url for t in span) or (s, e) in elsewhere:
            continue
        if any(t.text in POSSESSIVE or t.text in QUOTES for t in span[:-1]):
            continue
        if len(span) > 1 and _plain_phrase(doc, span, g, named):
            continue
        out.append(Cand(s, e, None, "person", NAME, P_PERSON))
    return out


def _plain_phrase(doc: Doc, span, g: Gazetteer, named: set[int]) -> bool:
    """Whether a capitalised phrase spaCy calls a person is ordinary words: each an English word
    (WordNet's, as written or as lemma) or a state's or body's name ("Russian Hackers Charged",
    "Inherent Resolve"), in a title-case line (a headline) or led by a word that is no noun (a
    first name may be one: "Mark", "Rose", "Frank"). spaCy's en_core_web_sm ships no word
    probabilities (its lexeme_prob table is empty), so WordNet's lemma index says what is English."""
    def plain(t, inflected: bool) -> bool:
        word = t.text
        singular = word[:-3] + "y" if word.endswith("ies") else word[:-1] if word.endswith("s") else word
        forms = (word, t.lemma_, singular) if inflected else (word,)
        return t.i in named or not t.is_alpha or any(g.is_english_word(w) for w in forms)

    # in prose, the words as written ("Hans" is no word, though "Han" is one)
    if all(plain(t, False) for t in span) and not g.is_english_noun(span[0].text):
        return True
    return all(plain(t, True) for t in span) and _title_case_line(doc, span, g)


def _title_case_line(doc: Doc, span, g: Gazetteer) -> bool:
    """Whether the line holding `span` is in title case: of its ordinary English words of four letters
    or more outside `span`, names and titles (not a line's first word), two or more and most capitalised
    ("Russian Hackers Charged Over Yahoo Breach"; not "Prime Minister X met Y, the chancellor")."""
    text = doc_text(doc)
    a = text.rfind("\n", 0, span.start_char) + 1
    b = text.find("\n", span.end_char)
    b = len(text) if b < 0 else b
    words = [t for t in doc.char_span(a, b, alignment_mode="expand") or ()
             if t.is_alpha and len(t) >= 4 and t.ent_type_ not in NAME_TYPES and t.idx > a and not t.is_sent_start
             and not span.start <= t.i < span.end
             and t.lower_ not in TITLE_CORE and t.lower_ not in TITLE_MODIFIERS and g.is_english_word(t.text)]
    return len(words) >= 2 and sum(t.text[0].isupper() for t in words) >= 0.7 * len(words)


def _organizations(doc: Doc, ents, raw: list[Cand], g: Gazetteer) -> list[Cand]:
    """Unknown organisations: ORG entities (and quoted names) with an organisation head word, and the
    names spaCy calls ORG more than once that read as a company's (`_company_names`: "Boeing",
    "Airbus", "WeWork")."""
    companies = _company_names(doc, ents, g)
    out = []
    for ent in ents:
        quoted = ent.start > 0 and doc[ent.start - 1].text in QUOTES
        if ent.label_ not in ORG_LABELS and not (quoted and ent.label_ in QUOTED_LABELS):
            continue
        s, e = _strip(doc, ent.start, ent.end)
        bracket = next((t.i for t in doc[s:e] if t.text in ("(", "[")), None)
        if bracket is not None:  # "the Office of Personnel Management (OPM": the name before the bracket
            s, e = _strip(doc, s, bracket)
        span = doc[s:e]
        if not span or not span[0].text[0].isupper():
            continue
        heads = {span.root.text, span[0].text, span[-1].text}
        if not heads & ORG_HEADS and not (ent.label_ in ORG_LABELS and span.text in companies):
            continue
        if any(c.entry is not None and c.end == e and s < c.start and all(g.is_english_word(t.text) for t in doc[s:c.start])
               for c in raw):
            continue  # "Key Security Council powers": a known name after common words is that name
        name = span.text
        entry = Entry(id=slug(name), name=name, kind="organization")
        out.append(Cand(s, e, entry, "org", NAME, P_ORG, extra={"head": span.root.text}))
    return out


def _company_names(doc: Doc, ents, g: Gazetteer) -> set[str]:
    """ORG entities with no organisation head word that are still an organisation's name: labelled ORG
    twice or more in the document (spaCy's one-off ORG labels are as often persons or headlines), of
    one to three words, not an acronym (most stand for a name given in full), not led by an English
    word ("Tribune", "Media") and sharing no word with a PERSON entity ("Neumann", a surname).
    A company has no Phoenix entry (its dictionaries code MNC from a short, dated list) and no
    package here lists firms, so spaCy's repeated label is the evidence."""
    person_words = {t.text for e in ents if e.label_ == "PERSON" for t in e}
    counts: Counter = Counter()
    for ent in ents:
        if ent.label_ in ORG_LABELS:
            s, e = _strip(doc, ent.start, ent.end)
            if s < e:
                counts[doc[s:e].text] += 1
    out = set()
    for name, n in counts.items():
        words = name.split()
        if n < 2 or len(words) > 3 or g.is_english_word(words[0]) or (len(name) > 1 and name.isupper()) \
                or not name[0].isupper() or any(w in person_words for w in words):
            continue
        out.add(name)
    return out


def _campaigns(doc: Doc, raw: list[Cand], g: Gazetteer, heads: list[tuple[str, int, int]]) -> list[Cand]:
    """Named campaigns: 'the so-called "X" campaign', 'Operation X', 'X campaign'."""
    named = {(c.start, c.end): c for c in raw if c.entry is not None and c.label in (NAME, DEMONYM, SEAT)}
    state_tokens = {i for c in raw if c.entry is not None and c.entry.kind in STATE_KINDS for i in range(c.start, c.end)}
    out = []
    for key, s, e in heads:
        if key != "CAMPAIGN":
            continue
        if doc[s].text in QUOTES:
            ns, ne = s + 1, e - 2
        elif doc[s].text == "Operation":
            ns, ne = s, e
        else:
            ns, ne = s, e - 1
        if ne <= ns or state_tokens.intersection(range(ns, ne)):
            continue
        known = named.get((ns, ne))
        if known is not None and known.entry.kind != "campaign":
            continue  # "APT28 campaign": the group, not a campaign name
        name = doc[ns:ne].text
        found = [x for x in (*g.lookup(name), *g.lookup(name.removeprefix("Operation "))) if x.kind == "campaign"]
        entry = found[0] if found else Entry(id=slug(name), name=name, kind="campaign")
        out.append(Cand(ns, ne, entry, "campaign", NAME, P_CAMPAIGN))
    return out


def _non_overlapping(cands: list[Cand]) -> list[Cand]:
    """Longest candidates first, then by priority; blocked phrases take their tokens and vanish."""
    taken: set[int] = set()
    chosen = []
    for c in sorted(cands, key=lambda c: (-c.length, -c.priority, c.start)):
        span = range(c.start, c.end)
        if taken.intersection(span):
            continue
        taken.update(span)
        if c.label != BLOCK:
            chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


# ---- resolution ---------------------------------------------------------------------------

def resolve_person_refs(doc: Doc, chosen: list[Cand], g: Gazetteer, day: Optional[dt.date]) -> list[Cand]:
    """Give each person mention its actor: full names first, then surnames and short names.

    A surname resolves to a full name mentioned in the document ("Putin" → Vladimir Putin,
    before or after), else to the curated official of that name in office on `day`."""
    full: list[Cand] = []
    for c in chosen:
        if c.source == "person" and c.length >= 2:
            known = [x for x in g.lookup(doc[c.start:c.end].text) if x.kind == "person"]
            c.entry = known[0] if known else Entry(id=slug(doc[c.start:c.end].text), name=doc[c.start:c.end].text,
                                                   kind="person")
        if c.entry is not None and c.entry.kind == "person" and c.label != SHORT:
            full.append(c)
    out = []
    sexes = _sexes(doc, full)
    for c in chosen:
        single = c.label == SHORT or (c.source == "person" and c.length == 1)
        if single:
            text = doc[c.start:c.end].text
            named = _full_name_for(text, c, full, sexes, sex_word(doc[c.start - 1]) if c.start else None)
            if named is not None:
                c.entry = named
            elif c.label == SHORT:
                c.entry = _official_for(c.options, day)
            else:
                known = [x for x in g.lookup(text) if x.kind == "person"]
                c.entry = _official_for(tuple(known), day) if known else Entry(id=slug(text), name=text, kind="person")
                if not known:
                    c.extra["lone"] = True  # kept only with a title (link_actors)
            if c.entry is None:
                continue
        out.append(c)
    return out


def _full_name_for(text: str, c: Cand, full: list[Cand], sexes: Optional[dict[str, str]] = None,
                   sex: Optional[str] = None) -> Optional[Entry]:
    """The person, named in full in the document, whose surname (or alias) is `text`: the nearest
    before, else after. With an honorific (`sex`: "Mrs. Clinton"), of the people of that surname
    only those the text does not say are of the other sex (`sexes`, from `_sexes`)."""
    def names(entry: Entry) -> set[str]:
        words = entry.name.split()
        while len(words) > 1 and words[-1].rstrip(".,").lower() in NAME_SUFFIXES:
            words.pop()  # "Patrick W. Carlineo Jr." is "Carlineo"
        return {words[-1], *(a for a in entry.aliases if " " not in a)}

    same = [f for f in full if text in names(f.entry)]
    if sex and sexes:
        fitting = [f for f in same if sexes.get(f.entry.id) in (None, sex)]
        if fitting and any(sexes.get(f.entry.id) == sex for f in fitting):
            same = [f for f in fitting if sexes.get(f.entry.id) == sex]
    before = [f for f in same if f.start < c.start]
    after = [f for f in same if f.start > c.start]
    pick = before[-1] if before else after[0] if after else None
    return pick.entry if pick else None


def _sexes(doc: Doc, full: list[Cand]) -> dict[str, str]:
    """What the text says of the sex of each person named in full, when persons share a surname
    (`geowire.nlp.sex.mention_sex`): the honorific or the kinship word just before the name
    ("Mrs. Hillary Clinton", "her husband, Bill Clinton"), the kinship word after it ("Bill
    Clinton, her husband"), and the first he/she after it when it is the one subject. A person
    the text says both of is left undecided."""
    surnames: dict[str, set[str]] = {}
    for f in full:
        surnames.setdefault(f.entry.name.split()[-1], set()).add(f.entry.id)
    shared = {i for ids in surnames.values() if len(ids) > 1 for i in ids}
    votes: dict[str, set[str]] = {}
    for f in full:
        if f.entry.id not in shared:
            continue
        said = mention_sex(doc, f.start, f.end, (_word_before(doc, f.start), _word_after(doc, f.end)))
        votes.setdefault(f.entry.id, set()).update(said)
    return {i: next(iter(v)) for i, v in votes.items() if len(v) == 1}


def _word_before(doc: Doc, start: int):
    """The word a name stands in apposition to, before it: "Mrs. [Hillary Clinton]", "her husband,
    former President [Bill Clinton]" (titles and one comma skipped; not "the son of X")."""
    i = start - 1
    while i >= 0 and (doc[i].lower_ in TITLE_CORE or doc[i].lower_ in TITLE_MODIFIERS or doc[i].lower_ == "former"):
        i -= 1
    if i >= 0 and doc[i].text == ",":
        i -= 1
    return doc[i] if i >= 0 else None


def _word_after(doc: Doc, end: int):
    """The head of an apposition after a name: "[Bill Clinton], her husband," (its first noun)."""
    if end >= len(doc) or doc[end].text != ",":
        return None
    return next((t for t in doc[end + 1:end + 4] if t.pos_ == "NOUN"), None)


def _official_for(options: tuple[Entry, ...], day: Optional[dt.date]) -> Optional[Entry]:
    """Of the officials a short name may mean, the one it means on `day` (one alone: that one)."""
    if len(options) == 1:
        return options[0]
    if day is None:
        return None
    held = [o for o in options if any(off.held_on(day) for off in o.offices)]
    return held[0] if len(held) == 1 else None


def _resolve_ministries(chosen: list[Cand]) -> list[Cand]:
    """'the Foreign Ministry' → the foreign ministry named before it; none named: dropped."""
    last: dict[str, Entry] = {}
    out = []
    for c in chosen:
        if c.source == "ministry":
            if c.dept not in last:
                continue
            c.entry = last[c.dept]
        elif c.entry is not None and c.entry.dept:
            last[c.entry.dept] = c.entry
        out.append(c)
    return out


def _back_references(doc: Doc, chosen: list[Cand]) -> list[Cand]:
    """'the Center' after 'the Center for Geopolitical Expertise': another mention of it; so is a
    company's name without its suffix ("Emirates" with "Emirates Airline", "SoftBank" with
    "SoftBank Group Corp"), before or after."""
    heads: dict[str, Cand] = {}
    for c in chosen:
        if c.source == "org" and c.extra.get("head") and c.extra["head"] not in heads:
            heads[c.extra["head"]] = c
    if not heads:
        return []
    taken = {i for c in chosen for i in range(c.start, c.end)}
    out = _company_stems(doc, chosen, taken)
    taken |= {i for c in out for i in range(c.start, c.end)}
    for tok in doc:
        first = heads.get(tok.text)
        if first is None or tok.i in taken or tok.i < first.end or tok.i == 0 or doc[tok.i - 1].lower_ != "the":
            continue
        if tok.i + 1 < len(doc) and (doc[tok.i + 1].text[:1].isupper() or doc[tok.i + 1].lower_ in ("of", "for")):
            continue  # "the Center for X": another name, not this one
        out.append(Cand(tok.i, tok.i + 1, first.entry, "ref", NAME, P_ORG, extra=first.extra))
    return out


def _company_stems(doc: Doc, chosen: list[Cand], taken: set[int]) -> list[Cand]:
    """Mentions of an organisation by its name without a company suffix, where nothing else is linked."""
    stems: dict[tuple[str, ...], Cand] = {}
    for c in chosen:
        e = c.end
        while c.source == "org" and e - c.start > 1 and doc[e - 1].text in COMPANY_SUFFIXES:
            e -= 1
            stems.setdefault(tuple(t.text for t in doc[c.start:e]), c)
    out = []
    for stem, c in stems.items():
        n = len(stem)
        for i in range(len(doc) - n + 1):
            if doc[i].text == stem[0] and tuple(t.text for t in doc[i:i + n]) == stem \
                    and not taken.intersection(range(i, i + n)) \
                    and not (i + n < len(doc) and doc[i + n].text[:1].isupper() and doc[i + n].text not in COMPANY_SUFFIXES):
                out.append(Cand(i, i + n, c.entry, "ref", NAME, P_ORG, extra=c.extra))
                taken.update(range(i, i + n))
    return out


# Dependencies of a word that is a noun phrase of its own, not a modifier of the noun after it.
NOUN_SLOTS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "poss", "appos", "conj", "attr", "dative", "ROOT"})


def _surname_mentions(doc: Doc, chosen: list[Cand], g: Gazetteer) -> list[Cand]:
    """'Kowalska added' after 'Maria Kowalska': the surname alone, where spaCy saw no name, is
    another mention of the person named in full (unless the word is a common English word).
    Removes from `chosen` the demonyms that are such a surname."""
    surnames: dict[str, Entry] = {}
    for c in chosen:
        if c.entry is not None and c.entry.kind == "person" and c.length >= 2:
            end = c.end
            while end - c.start > 2 and doc[end - 1].text.rstrip(".,").lower() in NAME_SUFFIXES:
                end -= 1
            last = doc[end - 1].text
            if last[:1].isupper():
                surnames.setdefault(last, c.entry)
    if not surnames:
        return []
    # "Cuban seemed to rely on …" after "Mark Cuban": a demonym that stands as a noun of its
    # own (a subject, an object), not before a noun ("Cuban voters"), is the surname
    demonyms = [c for c in chosen if c.label == DEMONYM and c.length == 1 and doc[c.start].text in surnames
                and doc[c.start].dep_ in NOUN_SLOTS]
    for c in demonyms:
        chosen.remove(c)
    taken = {i for c in chosen for i in range(c.start, c.end)}
    surnamed = {c.start for c in demonyms}
    return [Cand(t.i, t.i + 1, surnames[t.text], "ref", NAME, P_PERSON) for t in doc
            if t.text in surnames and t.i not in taken and (t.i in surnamed or not g.is_english_word(t.text))]


# ---- titles and countries from the context -------------------------------------------------------

def _qualifiers(raw: list[Cand]) -> dict[int, Cand]:
    """States and IGOs that may qualify a title, by start token (longest kept)."""
    out: dict[int, Cand] = {}
    for c in raw:
        if c.entry is None or c.label not in (NAME, DEMONYM) or c.entry.kind not in (*STATE_KINDS, "igo"):
            continue
        if c.start not in out or out[c.start].length < c.length:
            out[c.start] = c
    return out


def _read_titles(doc: Doc, chosen: list[Cand], raw: list[Cand]) -> None:
    """Titles next to person mentions: 'Russian President X', 'X, the German chancellor,', 'X, who is
    the German chancellor,', 'the leader of Y, X'."""
    quals = _qualifiers(raw)
    for c in chosen:
        if c.entry is None or c.entry.kind != "person":
            continue
        sent = doc[c.start].sent if doc.has_annotation("SENT_START") or doc.has_annotation("DEP") else doc[:]
        lo, hi = sent.start, sent.end
        c.title = (_longest_title(doc, range(max(lo, c.start - 8), c.start), c.start, quals)
                   or (_title_after(doc, c.end, hi, quals) if c.end < hi and doc[c.end].text == "," else None)
                   or (_longest_title(doc, range(max(lo, c.start - 9), c.start - 1), c.start - 1, quals)
                       if c.start - 1 > lo and doc[c.start - 1].text == "," else None))


def _longest_title(doc: Doc, starts: range, end: int, quals) -> Optional[Title]:
    for a in starts:  # earliest start first: the longest phrase
        title = _title_phrase(doc, a, end, quals)
        if title is not None:
            return title
    return None


def _title_after(doc: Doc, comma: int, hi: int, quals) -> Optional[Title]:
    """'X, the German chancellor,'; 'X, who was the acting director of …,' (a relative clause
    whose verb is a form of "be": the title starts after it)."""
    a = comma + 1
    if a + 1 < hi and doc[a].lower_ == "who":
        verb = a + 1 + (doc[a + 1].lower_ in ("has", "had", "have"))
        if verb < hi and doc[verb].lemma_ == "be":
            a = verb + 1
    for b in range(min(hi, a + 9), a, -1):
        title = _title_phrase(doc, a, b, quals)
        if title is not None:
            return title
    return None


def _title_phrase(doc: Doc, a: int, b: int, quals: dict[int, Cand]) -> Optional[Title]:
    """Whether tokens [a, b) are a title: determiners, at most one state or IGO, title words, 'of'."""
    i = a
    while i < b and doc[i].lower_ in DETERMINERS:
        i += 1
    words: list[str] = []
    qualifier: Optional[Entry] = None
    former = False
    while i < b:
        q = quals.get(i)
        if q is not None and q.end <= b:
            if qualifier is not None:
                return None
            qualifier, i = q.entry, q.end
            if i < b and doc[i].text in POSSESSIVE:
                i += 1
            continue
        low = doc[i].lower_
        if low in ("former", "ex", "then") and not words:
            former = former or low != "then"
        elif low in TITLE_CORE or low in TITLE_MODIFIERS:
            words.append(doc[i].text)
        elif low == "of" and words:
            j = i + 1 + (i + 1 < b and doc[i + 1].lower_ == "the")
            if j < b and j in quals:
                i = j
                continue
            if not (j < b and (doc[j].lower_ in TITLE_MODIFIERS or doc[j].lower_ in TITLE_CORE)):
                return None
            words.append("of")
        else:
            return None
        i += 1
    cores = [w.lower() for w in words if w.lower() in TITLE_CORE]
    if not cores or words[-1].lower() not in TITLE_CORE:
        return None
    if cores == ["attorney"] and len(words) == 1 and qualifier is None:
        return None  # "her attorney, Sonya Zoghlin": anyone's lawyer; "U.S. Attorney", "District Attorney" hold an office
    if "attorney" in (w.lower() for w in words):
        cores.append("attorney")  # "Attorney General": a law officer, not a general
    title = " ".join(w if w == "of" else w[:1].upper() + w[1:] for w in words)
    role = f"{title} of {_with_article(qualifier.name, qualifier.kind)}" if qualifier else title
    sector = "SPY" if "intelligence" in (w.lower() for w in words) else SECTOR_BY_TITLE.get(cores[-1], "GOV")
    sectors = ("ELI",) if former else (sector,)
    if qualifier is not None and "PRE" in qualifier.sectors:
        sectors += ("PRE",)
    return Title(role=("Former " + role) if former else role, country=qualifier.country if qualifier else None,
                 sectors=sectors)


def _context_countries(doc: Doc, chosen: list[Cand], raw: list[Cand]) -> None:
    """A country for unknown organisations and campaigns from their context.

    Organisations: a state named inside the name, else just before it ('the Moscow-based
    think tank X', 'the Russian institute X'). Campaigns: the nearest state-linked mention
    in the same sentence."""
    states = [c for c in raw if c.entry is not None and c.entry.kind in STATE_KINDS and c.label != SHORT]
    linked = states + [c for c in chosen if c.entry is not None and c.entry.country and c.entry.kind not in ("campaign",)]
    for c in chosen:
        if c.entry is None or c.entry.country or c.source not in ("org", "campaign", "ref"):
            continue
        if c.entry.kind == "person":  # a surname that is a state's name or demonym: "Jordan said", "Cuban"
            continue
        sent = doc[c.start].sent if doc.has_annotation("DEP") or doc.has_annotation("SENT_START") else doc[:]
        country = None
        if c.source in ("org", "ref"):
            inside = [x for x in states if c.start <= x.start and x.end <= c.end]
            before = [x for x in states if max(sent.start, c.start - 8) <= x.start and x.end <= c.start
                      and _same_phrase(doc, x.end, c.start)]
            pick = inside[0] if inside else before[-1] if before else None
            country = pick.entry.country if pick else None
        else:
            near = [x for x in linked if sent.start <= x.start and x.end <= sent.end and x is not c]
            if near:
                pick = min(near, key=lambda x: min(abs(x.start - c.end), abs(c.start - x.end)))
                country = pick.entry.country
        if country:
            c.entry = replace(c.entry, country=country)


def _same_phrase(doc: Doc, a: int, b: int) -> bool:
    """Whether tokens [a, b) only modify what follows ("-based think tank", "state-funded"): no verb,
    preposition, conjunction or punctuation other than quotes and hyphens between a state and a name."""
    for tok in doc[a:b]:
        if tok.text in QUOTES or tok.text in ("-", "–") or tok.text in POSSESSIVE or tok.lower_ in DETERMINERS:
            continue
        if tok.pos_ in ("ADJ", "NOUN", "PROPN") or tok.lower_ in ("based", "funded", "backed", "controlled", "linked"):
            continue
        return False
    return True


# ---- actors ---------------------------------------------------------------------------------

def _actors(doc: Doc, chosen: list[Cand], day: Optional[dt.date]) -> list[Actor]:
    """One Actor per entry, in order of first mention."""
    groups: dict[str, list[Cand]] = {}
    for c in chosen:
        if c.entry is not None:
            groups.setdefault(c.entry.id, []).append(c)
    actors = []
    text = doc_text(doc)  # built on each access: read once
    for entry_id, cands in groups.items():
        entry = next((c.entry for c in cands if c.entry.country), cands[0].entry)
        mentions = [(doc[c.start].idx, doc[c.end - 1].idx + len(doc[c.end - 1])) for c in cands]
        seen = [text[s:e] for s, e in mentions]
        country, sectors, role = entry.country, entry.sectors, None
        if entry.kind == "person":
            country, sectors, role = _person_facts(entry, [c.title for c in cands if c.title], day)
        aliases = _aliases(entry.name, seen, entry.aliases)
        actors.append(Actor(id=entry.id, name=entry.name, kind=entry.kind, country=country, sectors=list(sectors),
                            role=role, aliases=aliases, mentions=sorted(set(mentions))))
    return actors


def _person_facts(entry: Entry, titles: list[Title], day: Optional[dt.date]):
    """Country, sectors and role of a person: the text's title when it names a country, else the office held."""
    told = next((t for t in titles if t.country), None)
    if told is not None:
        return told.country, told.sectors, told.role
    office = entry.office_on(day)
    if office is not None:
        return office.country, office.sectors, office.role
    if titles:
        return None, titles[0].sectors, titles[0].role
    return entry.country, entry.sectors, None


def _aliases(name: str, seen: list[str], known: tuple[str, ...]) -> list[str]:
    out, keys = [], {name.casefold()}
    for a in (*seen, *known):
        a = " ".join(a.split())
        if a.casefold() not in keys:
            keys.add(a.casefold())
            out.append(a)
    return out
