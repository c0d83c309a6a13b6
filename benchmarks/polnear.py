"""Reader for PolNeAR (Political News Attribution Relations), training split.

    from benchmarks.polnear import load_corpus, split_articles
    articles = load_corpus()                      # $GEOWIRE_DATA/data/polnear-train
    tune, dev = split_articles(articles)          # 700 / 140, by publication date

Layout: `text/<stem>.txt` (the article), `attributions/<stem>_<annotator>.ann` (BRAT
standoff, character offsets into the .txt), `metadata.train.tsv` (filename = stem,
publisher, publication_date, ...). What the .ann files really hold (checked on all 919):

- `T` lines: `T12<TAB>Type start end[;start end...]<TAB>text`. Types: Source, Cue,
  Content, Attribution and Attribution-no-source (the event triggers, spanning the cue
  again), Discard and Discuss (annotators' scratch spans, linked to nothing). Spans may be
  discontinuous (3,656 lines with `;`). The text field keeps the span's newlines, so a
  span over paragraphs continues on the next physical lines: those lines are skipped.
- `E` lines: `E3<TAB>Attribution:T12 Content:T7 Cue:T6 Source:T5` in any role order;
  `Attribution-no-source:T..` for relations without a source; a second content is
  `Content2` (64 times); 34 E lines have no argument at all (dropped). No R or A lines.
- `#` lines: AnnotatorNotes, ignored.

An article annotated twice (several .ann files) is read from ONE annotation: the first
annotator id in sorted order, so the choice does not depend on the file system.

Checked first: the BRAT readers on PyPI (pybrat, brat-peek, bratly, mendelai-brat-parser)
are not installed; each would be a dependency for a ~60-line parser, and the corpus's
quirks (continuation lines of multi-line span texts, argument-less E lines, Content2)
would need handling around them anyway.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Literal, Optional

Span = tuple[int, int]
ContentKind = Literal["direct", "mixed", "indirect"]

DEV_SIZE = 140  # the last articles by date: the reported split

_T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)(?:\t|$)")
_E_LINE = re.compile(r"^(E\d+)\t(.*)$")


@dataclass(frozen=True)
class TextBound:
    """One annotated span, possibly discontinuous: its fragments, in text order."""
    id: str
    type: str
    fragments: tuple[Span, ...]

    @property
    def start(self) -> int:
        return self.fragments[0][0]

    @property
    def end(self) -> int:
        return self.fragments[-1][1]


@dataclass
class Relation:
    """One attribution: who (sources), through what (cues), says what (contents)."""
    id: str
    sources: list[TextBound] = field(default_factory=list)
    cues: list[TextBound] = field(default_factory=list)
    contents: list[TextBound] = field(default_factory=list)  # Content, then Content2
    kind: ContentKind = "indirect"

    @property
    def content_fragments(self) -> list[Span]:
        return sorted(f for c in self.contents for f in c.fragments)

    @property
    def source_fragments(self) -> list[Span]:
        return sorted(f for s in self.sources for f in s.fragments)

    @property
    def cue_fragments(self) -> list[Span]:
        return sorted(f for c in self.cues for f in c.fragments)


@dataclass
class Article:
    stem: str
    text: str
    annotator: Optional[str] = None
    annotators: list[str] = field(default_factory=list)  # all annotators of the article
    publisher: str = ""
    date: str = ""
    title: str = ""
    relations: list[Relation] = field(default_factory=list)


# ---- parsing -------------------------------------------------------------------------

def parse_ann(ann: str) -> list[Relation]:
    """The relations of one .ann file's content, in E-line order; spans as TextBounds.

    Relations without a content are dropped (nothing to score against); unknown line
    kinds and continuation lines of multi-line span texts are skipped."""
    bounds: dict[str, TextBound] = {}
    events: list[tuple[str, list[tuple[str, str]]]] = []
    for line in ann.split("\n"):
        if m := _T_LINE.match(line):
            frags = tuple(sorted((int(a), int(b)) for a, b in (p.split() for p in m.group(3).split(";"))))
            bounds[m.group(1)] = TextBound(m.group(1), m.group(2), frags)
        elif m := _E_LINE.match(line):
            args = [tuple(a.split(":", 1)) for a in m.group(2).split() if ":" in a]
            events.append((m.group(1), args))
    out = []
    for eid, args in events:
        rel = Relation(eid)
        for role, ref in args:
            tb = bounds.get(ref)
            if tb is None:
                continue
            if role == "Source":
                rel.sources.append(tb)
            elif role == "Cue":
                rel.cues.append(tb)
            elif role.startswith("Content"):
                rel.contents.append(tb)
        if rel.contents:
            out.append(rel)
    return out


def content_kind(text: str, fragments: Iterable[Span]) -> ContentKind:
    """direct: every letter of the content lies inside double quotation marks (“…”, "…", or
    ''…'' as the NYT texts write them; a lone ’ or ' is mostly an apostrophe, so single marks
    are not read; the marks themselves may fall just outside the span); indirect: none does;
    mixed: a paraphrase with quoted words ("has “always run a lean campaign”")."""
    inside = outside = 0
    for start, end in fragments:
        # the quotation state at the fragment comes from its paragraph's start: annotators
        # often leave the opening mark out of the span
        depth, i = 0, text.rfind("\n", 0, start) + 1
        while i < end:
            ch = text[i]
            i += 1
            if text[i - 1:i + 1] == "''":  # two apostrophes: a straight double mark (the NYT texts)
                ch, i = '"', i + 1
            if ch == "“":
                depth += 1
            elif ch == "”":
                depth = max(0, depth - 1)
            elif ch == '"':
                depth = 0 if depth else 1  # straight marks toggle
            elif ch.isalnum() and i > start:
                if depth:
                    inside += 1
                else:
                    outside += 1
    if inside and not outside:
        return "direct"
    return "mixed" if inside else "indirect"


def choose_annotation(paths: list[Path]) -> Path:
    """The annotation read for an article annotated more than once: first annotator, sorted."""
    return sorted(paths, key=lambda p: p.stem.rsplit("_", 1)[1])[0]


def read_metadata(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return {row["filename"]: row for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)}


def default_root() -> Path:
    from geowire.settings import shared_data
    return shared_data() / "data" / "polnear-train"


def load_corpus(root: Path | str | None = None) -> list[Article]:
    """Every article of the corpus with its relations (one annotation each), sorted by stem."""
    root = Path(root) if root is not None else default_root()
    meta_files = sorted(root.glob("metadata*.tsv"))
    meta = read_metadata(meta_files[0]) if meta_files else {}
    anns: dict[str, list[Path]] = {}
    for p in sorted((root / "attributions").glob("*.ann")):
        anns.setdefault(p.stem.rsplit("_", 1)[0], []).append(p)
    articles = []
    for txt in sorted((root / "text").glob("*.txt")):
        stem = txt.stem
        # newline="" keeps the bytes' line ends: BRAT offsets count every character
        with txt.open(encoding="utf-8", newline="") as f:
            text = f.read()
        row = meta.get(stem, {})
        art = Article(stem, text, publisher=row.get("publisher", ""), date=row.get("publication_date", ""),
                      title=row.get("title", ""))
        if stem in anns:
            chosen = choose_annotation(anns[stem])
            art.annotator = chosen.stem.rsplit("_", 1)[1]
            art.annotators = sorted(p.stem.rsplit("_", 1)[1] for p in anns[stem])
            art.relations = parse_ann(chosen.read_text(encoding="utf-8"))
            for rel in art.relations:
                rel.kind = content_kind(text, rel.content_fragments)
        articles.append(art)
    return articles


# ---- the split -----------------------------------------------------------------------

def split_articles(articles: list[Article], dev_size: int = DEV_SIZE) -> tuple[list[Article], list[Article]]:
    """(tune, dev): dev is the last `dev_size` articles by publication date, ties broken by
    file name; tune is the rest. Every script uses this one function, so nothing tuned on
    the tune split leaks into the reported dev figures."""
    ordered = sorted(articles, key=lambda a: (a.date, a.stem))
    cut = max(0, len(ordered) - dev_size)
    return ordered[:cut], ordered[cut:]


def select(articles: list[Article], split: str) -> list[Article]:
    """The articles of `split` ("tune", "dev" or "all"), in date order."""
    tune, dev = split_articles(articles)
    return {"tune": tune, "dev": dev, "all": tune + dev}[split]
