"""Page metadata as the page itself states it: the printed headline, the publication's name,
the publication date in the publisher's local time, the authors.

trafilatura (``trafilatura.metadata``) and htmldate are the starting point, read in
site-packages (trafilatura 2.3.1, htmldate 1.11.0); geowire overrides them where they answer
a different question than the dossier asks:

- date: ``htmldate.find_date`` returns the URL's date before any metadata, drops the time and
  the offset of a timestamp (so it cannot tell a publisher-local date from a UTC one), and its
  last resorts read dates out of image file names. Here the article's own metadata comes first,
  with the offset kept, then the date printed in the byline, then the URL; images never count.
  htmldate's list of date meta names (``htmldate.core.DATE_ATTRIBUTES``) is reused for the
  long tail of Dublin Core, parsely, sailthru... names.
- publisher: ``trafilatura.metadata.extract_meta_json`` lets a JSON-LD publisher or
  byline credit override ``og:site_name`` and ``examine_meta`` falls back to app names
  ("NYTimes"); here the names are ranked, checked against the page's host, and completed by a
  hand-kept host table (geowire/data/publishers.yaml).
- title: trafilatura prefers the metadata title (og:title, which may differ from the printed
  headline); here the <h1> that agrees with the metadata wins, then a structural <h1>, then the
  metadata, each with a trailing " | Site" stripped when the site is the publisher.
- authors: trafilatura's (``examine_meta``, ``extract_meta_json``, ``extract_author``).
"""
from __future__ import annotations

import json
import logging
import re
import warnings
from dataclasses import dataclass, field
from datetime import date as Date, datetime, timedelta
from functools import lru_cache
from urllib.parse import urlsplit

from dateutil import parser as dateutil_parser
from lxml.html import HtmlElement

from geowire.text.dates import find_dates

LOGGER = logging.getLogger(__name__)


@dataclass
class PageMetadata:
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None
    date_source: str = "none"  # model.DateSource: "metadata" (the URL's date too), "text" (printed) or "none"
    sitename: str | None = None
    url: str | None = None
    description: str | None = None


def read_metadata(tree: HtmlElement, url: str | None) -> PageMetadata:
    """Title, authors, date, publisher, canonical URL and description of a parsed page.

    trafilatura's ``examine_meta``/``extract_meta_json`` give the authors, description and
    canonical URL (the same steps as ``trafilatura.metadata.extract_metadata`` minus
    categories, tags and licence, which cost a fifth of its time); title, publisher and date
    are decided here (see the module docstring for why).
    """
    from trafilatura.metadata import examine_meta, extract_author, extract_meta_json, extract_title, extract_url

    meta = examine_meta(tree)
    if meta.author and " " not in meta.author:  # a single token is a handle, not a name
        meta.author = None
    try:
        meta = extract_meta_json(tree, meta)
    except Exception as err:  # malformed JSON-LD must not lose the page
        LOGGER.debug("JSON-LD metadata: %s", err)
    author = meta.author or extract_author(tree)
    canonical = meta.url or extract_url(tree, url)
    objects = json_ld_objects(tree)
    host = page_host(url, canonical, objects)
    sitename = publisher_name(tree, objects, host)
    headline = printed_headline(tree, objects, meta.title or extract_title(tree), sitename, host)
    found, source = published_date(tree, objects, canonical or url)
    return PageMetadata(
        title=headline,
        authors=[a.strip() for a in (author or "").split(";") if a.strip()],
        date=found,
        date_source=source,
        sitename=sitename,
        url=canonical,
        description=clean_text(meta.description),
    )


def clean_text(text: str | None) -> str | None:
    if not text:
        return None
    text = " ".join(text.split())
    return text or None


def element_text(elem: HtmlElement) -> str:
    return " ".join(" ".join(elem.itertext()).split())


def _meta_values(tree: HtmlElement) -> list[tuple[str, str]]:
    """(lower-case name, content) of every <meta> with a name, property or itemprop."""
    values = []
    for elem in tree.iter("meta"):
        key = elem.get("property") or elem.get("name") or elem.get("itemprop")
        content = elem.get("content")
        if key and content and content.strip():
            values.append((key.strip().lower(), content.strip()))
    return values


# --- JSON-LD ------------------------------------------------------------------------------

def json_ld_objects(tree: HtmlElement) -> list[tuple[int, dict]]:
    """(depth, object) for every typed JSON-LD object of the page, in lists and @graph too."""
    found: list[tuple[int, dict]] = []

    def walk(node, depth: int) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item, depth)
        elif isinstance(node, dict):
            if "@type" in node:
                found.append((depth, node))
            for key, value in node.items():
                if key == "@graph":
                    walk(value, depth)  # @graph members are top-level objects
                elif isinstance(value, (dict, list)):
                    walk(value, depth + 1)

    for script in tree.xpath('//script[contains(translate(@type, "JSON", "json"), "ld+json")]'):
        data = _load_json(script.text or "")
        if data is not None:
            walk(data, 0)
    return found


def _load_json(text: str):
    """JSON-LD as sites write it: strict JSON, else with the two common slips repaired
    (single-quoted values, trailing commas), as trafilatura's own JSON-LD reader tolerates."""
    try:
        return json.loads(text, strict=False)
    except ValueError:
        pass
    repaired = re.sub(r":\s*'((?:[^'\\]|\\.)*)'", lambda m: ": " + json.dumps(m.group(1)), text)
    repaired = re.sub(r",\s*([}\]])", r"\1", repaired)
    try:
        return json.loads(repaired, strict=False)
    except ValueError:
        return None


def _types(obj: dict) -> list[str]:
    kind = obj.get("@type")
    return [t for t in (kind if isinstance(kind, list) else [kind]) if isinstance(t, str)]


def is_article(obj: dict) -> bool:
    """NewsArticle, ReportageNewsArticle, BlogPosting, Report, ClaimReview...: the article."""
    return any(re.search(r"Article|Posting|Report|Review$", t) for t in _types(obj))


def article_objects(objects: list[tuple[int, dict]]) -> list[dict]:
    """The article-like objects, top-level ones first (a nested one is a reviewed item or a
    related article)."""
    ranked = sorted((depth, index) for index, (depth, obj) in enumerate(objects) if is_article(obj))
    return [objects[index][1] for _, index in ranked]


def _ld_name(value) -> str | None:
    """The name of a JSON-LD value: a string, an object's "name", the first of a list."""
    if isinstance(value, list):
        return next((n for n in map(_ld_name, value) if n), None)
    if isinstance(value, dict):
        value = value.get("name")
    return clean_text(value) if isinstance(value, str) else None


def _ld_url(value) -> str | None:
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url")
    return value if isinstance(value, str) and value.startswith("http") else None


# --- host and publisher -------------------------------------------------------------------

def page_host(url: str | None, canonical: str | None, objects: list[tuple[int, dict]]) -> str | None:
    """The page's host name without "www.": from its URL, canonical link or JSON-LD url."""
    candidates = [url, canonical]
    for obj in article_objects(objects):
        candidates += [_ld_url(obj.get("url")), _ld_url(obj.get("mainEntityOfPage"))]
    for candidate in candidates:
        host = urlsplit(candidate).hostname if candidate and "//" in candidate else None
        if host and "." in host:
            return host[4:] if host.startswith("www.") else host
    return None


@lru_cache(maxsize=1)
def publisher_table() -> dict[str, str]:
    """Host → publication name (geowire/data/publishers.yaml, kept by hand)."""
    from geowire.settings import read_data_yaml

    return {host.lower(): name for host, name in (read_data_yaml("publishers.yaml").get("publishers") or {}).items()}


def table_name(host: str | None) -> str | None:
    """The table's name for a host or for the nearest parent domain listed."""
    if not host:
        return None
    table = publisher_table()
    labels = host.lower().split(".")
    for start in range(len(labels) - 1):
        name = table.get(".".join(labels[start:]))
        if name:
            return name
    return None


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


_GENERIC_LABELS = frozenset({"www", "com", "org", "net", "co", "go", "news", "edu", "gov", "info", "m", "amp"})


def names_host(name: str, host: str | None) -> bool:
    """Whether a site name is the host's name: "Deccan Herald" ~ deccanherald.com,
    "New York Post" ~ nypost.com (initials), "POLYGRAPH.info" ~ polygraph.info."""
    if not host:
        return False
    labels = [label for label in host.lower().split(".") if len(label) >= 3 and label not in _GENERIC_LABELS]
    squashed = _squash(re.sub(r"^the\s+", "", name.strip(), flags=re.I))
    words = [w for w in re.findall(r"[A-Za-z0-9]+", name) if w.lower() != "the"]
    initials = "".join(w[0] for w in words[:-1]).lower()  # "New York Post" → "ny" + "post"
    for label in labels:
        if len(squashed) >= 4 and (squashed in label or label in squashed):
            return True
        if len(words) >= 2 and len(initials) >= 1 and label == initials + _squash(words[-1]):
            return True
        if len(words) >= 2 and label == "".join(w[0] for w in words).lower():
            return True
    return False


def _looks_like_host(name: str) -> bool:
    return bool(re.fullmatch(r"[\w-]+(\.[\w-]+)*\.[a-z]{2,6}", name.strip(), re.I))


def _bare(name: str) -> str:
    """A name without case, spaces, punctuation or a leading "the": TheHill = The Hill."""
    return re.sub(r"^the", "", _squash(name))


def clean_sitename(name: str | None, host: str | None = None) -> str | None:
    """A site name as given, tidied: a URL becomes its host, a handle loses its "@" (and is
    capitalised), and of "The Jerusalem Post | JPost.com" the part that names the host is kept."""
    name = clean_text(name)
    if not name:
        return None
    if re.match(r"https?://", name, re.I):
        name = urlsplit(name).hostname or ""
        name = name[4:] if name.startswith("www.") else name
    parts = [p.strip() for p in re.split(r"\s+[|•·]\s+", name) if p.strip()]
    if len(parts) > 1:
        naming = [p for p in parts if names_host(p, host)]
        name = next((p for p in naming if not _looks_like_host(p)), naming[0] if naming else name)
    name = name.lstrip("@").strip()
    if name and "." not in name and not name[0].isupper():  # a handle ("nypost"): capitalise it
        name = name.title()
    return name or None


def publisher_name(tree: HtmlElement, objects: list[tuple[int, dict]], host: str | None) -> str | None:
    """The publication's name, by rank: og:site_name, the article's JSON-LD publisher, the
    host table, an app name, the host.

    The first name that names the host wins, a spelled-out one before a host-like one
    ("The Spokesman-Review" before "Spokesman.com") and in its spelled-out form ("The Hill"
    for "TheHill"); a name that is not the host's (a section: Reuters' og:site_name "U.S.")
    gives way to one that is. Bylines and credits ("DH News Service") are never read, so
    never become the publisher.
    """
    metas = _meta_values(tree)
    site = clean_sitename(next((v for k, v in metas if k == "og:site_name"), None), host)
    ld = None
    for obj in article_objects(objects):
        ld = clean_sitename(_ld_name(obj.get("publisher")), host)
        if ld:
            break
    if not ld:  # a WebSite object names the site itself
        ld = next((clean_sitename(_ld_name(o), host) for _, o in objects if "WebSite" in _types(o) and _ld_name(o)),
                  None)
    table = table_name(host)
    app = clean_sitename(next((v for k, v in metas if k in ("application-name", "apple-mobile-web-app-title")),
                              None), host)
    ranked = [name for name in (site, ld, table) if name]
    naming = [name for name in ranked if name == table or names_host(name, host)]
    if naming:
        best = next((name for name in naming if not _looks_like_host(name)), naming[0])
        spelled = [name for name in ranked if _bare(name) == _bare(best) and name.count(" ") > best.count(" ")]
        return spelled[0] if spelled else best
    if ranked:
        return ranked[0]
    if app and not _looks_like_host(app):
        return app
    return host


# --- headline -----------------------------------------------------------------------------

# " | ", " - ", " — ", " :: ": a separator with spaces around it ("Assange: Sweden" is none)
_SEPARATOR_RE = re.compile(r"\s+[|\-–—·•»:]{1,2}\s+")


def strip_site(title: str | None, sitename: str | None, host: str | None) -> str | None:
    """A title without a " | Site", " - Site" or " — Site" ending (or "Site | " start) when the
    site is the publisher or the host."""
    title = clean_text(title)
    if not title:
        return None

    def is_site(part: str) -> bool:
        part = part.strip()
        # the whole part is the name ("comwrap auf der DMEXCO 2018" is not "comwrap")
        return bool(part) and (
            (sitename is not None and _bare(part) == _bare(sitename))
            or (len(part.split()) <= 4 and names_host(part, host))
            or bool(host and _squash(part) == _squash(host)))

    for _ in range(2):  # "Title - Section | Site": the site, then nothing else
        seps = list(_SEPARATOR_RE.finditer(title))
        if not seps:
            break
        last, first = seps[-1], seps[0]
        head, tail = title[: last.start()], title[last.end():]
        if is_site(tail) and len(head.split()) >= 2:
            title = head.strip()
            continue
        head, tail = title[: first.start()], title[first.end():]
        if is_site(head) and len(tail.split()) >= 2:
            title = tail.strip()
            continue
        break
    return title


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def agrees(h1: str, other: str) -> bool:
    """The same headline, allowing a truncated copy ("... by early") and small edits."""
    a, b = _words(h1), _words(other)
    if not a or not b:
        return False
    if a == b or (len(b) >= 4 and a[: len(b) - 1] == b[:-1]) or (len(a) >= 4 and b[: len(a)] == a):
        return True
    shared = len(set(a) & set(b))
    return shared >= 0.8 * max(len(set(a)), len(set(b)))


_NOT_HEADLINE_ANCESTORS = frozenset({"nav", "footer", "aside"})


def printed_headline(tree: HtmlElement, objects: list[tuple[int, dict]], meta_title: str | None,
                     sitename: str | None, host: str | None) -> str | None:
    """The headline as printed: the <h1> that agrees with the metadata's headline (JSON-LD,
    og:title, twitter:title, trafilatura's title); else the article's own <h1> (in <article>
    or marked itemprop=headline); else the metadata headline. Site suffixes stripped."""
    metas = _meta_values(tree)
    candidates = [_ld_name({"name": o.get("headline")}) for o in article_objects(objects)]
    candidates += [v for k, v in metas if k in ("og:title", "twitter:title", "headline")]
    candidates.append(meta_title)
    candidates = [t for t in (strip_site(c, sitename, host) for c in candidates) if t]
    h1s = []
    for elem in tree.iter("h1"):
        if any(anc.tag in _NOT_HEADLINE_ANCESTORS for anc in elem.iterancestors()):
            continue
        text = strip_site(element_text(elem), sitename, host)
        if text and 2 <= len(text.split()) <= 60:
            h1s.append((elem, text))
    for _, text in h1s:
        if any(agrees(text, c) for c in candidates):
            return text
    for elem, text in h1s:
        if elem.get("itemprop") == "headline" or any(anc.tag == "article" for anc in elem.iterancestors()):
            return text
    if candidates:
        return candidates[0]
    return h1s[0][1] if len(h1s) == 1 else None


# --- date ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Stamp:
    """A date read from metadata and how its day relates to the publisher's clock:
    "local" (an offset other than zero: the written day is the publisher's), "utc" (Z or
    +00:00), "naive" (a time without offset), "day" (a date without time). `clock` is the
    date and time as written, `offset` the stated offset (both only to compare stamps)."""
    day: Date
    zone: str
    clock: datetime | None = field(default=None, compare=False)
    offset: timedelta | None = field(default=None, compare=False)

    @property
    def utc(self) -> datetime | None:
        """The moment in UTC; a naive stamp is read as UTC (it says nothing better)."""
        if self.clock is None:
            return None
        return self.clock - (self.offset or timedelta(0))


_ISO_STAMP_RE = re.compile(
    r"^((?:19|20)\d\d)-?(\d\d)-?(\d\d)(?:[T ](\d\d):?(\d\d)(?::?(\d\d)(?:[.,]\d+)?)?\s*"
    r"(Z|UTC|GMT|[+-]\d\d:?\d\d|[+-]\d\d)?)?$", re.I)


# Zone abbreviations that news pages print and dateutil does not know (it knows UTC/GMT/Z).
_ZONE_NAMES = {name: hours * 3600 for name, hours in {
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
    "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "MSK": 3, "IST": 5.5, "HKT": 8, "JST": 9,
    "AEST": 10, "AEDT": 11}.items()}


def parse_stamp(text: str | None) -> Stamp | None:
    """An ISO 8601 timestamp, or another written one via dateutil ("20 Nov 2019 08:02 GMT",
    "Tue Nov 19 21:57:01 UTC 2019"). The day is the one written: for a stamp with an offset
    that is the publisher's local day, so nothing is converted."""
    text = (text or "").strip()
    if not text or len(text) > 60:
        return None
    match = _ISO_STAMP_RE.match(text)
    if match:
        year, month, day, hour, minute, second, zone = match.groups()
        try:
            day_ = Date(int(year), int(month), int(day))
            clock = datetime(day_.year, day_.month, day_.day, int(hour), int(minute), int(second or 0)) \
                if hour is not None else None
        except ValueError:
            return None
        if clock is None:
            return Stamp(day_, "day")
        if zone is None:
            return Stamp(day_, "naive", clock)
        if zone.upper() in ("Z", "UTC", "GMT"):
            return Stamp(day_, "utc", clock, timedelta(0))
        digits = zone[1:].replace(":", "")
        offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0)) * (-1 if zone[0] == "-" else 1)
        return Stamp(day_, "local" if offset else "utc", clock, offset)
    if text.isdigit() or not re.search(r"(19|20)\d\d", text):
        return None  # epoch seconds and year-less strings are not worth the guess
    try:
        with warnings.catch_warnings():  # an unknown zone name is read as no zone: fine here
            warnings.simplefilter("ignore")
            parsed = dateutil_parser.parse(text, fuzzy=False, tzinfos=_ZONE_NAMES)
    except (ValueError, OverflowError, TypeError):
        return None
    if not re.search(r"\d:\d\d", text):
        return Stamp(parsed.date(), "day")
    clock = parsed.replace(tzinfo=None, microsecond=0)
    if parsed.tzinfo is None:
        return Stamp(parsed.date(), "naive", clock)
    offset = parsed.utcoffset()
    return Stamp(parsed.date(), "local" if offset else "utc", clock, offset)


def same_moment_local_day(best: Stamp, others: list[Stamp]) -> Date | None:
    """The publisher's day of a UTC (or offset-less) stamp, from another stamp of the same
    moment written in local time: one with an offset, or (for a UTC stamp) an offset-less one
    a whole number of half-hours away (a local clock; LA's 17:53 for 01:53Z)."""
    moment = best.utc
    if moment is None:
        return None
    for other in others:
        if other.zone == "local" and other.utc is not None and abs(other.utc - moment) <= timedelta(minutes=5):
            return other.day
        if best.zone == "utc" and other.zone == "naive" and other.clock is not None:
            shift = abs(moment - other.clock)
            rest = shift.total_seconds() % 1800  # sites round one of the two to the minute
            if timedelta(minutes=2) < shift <= timedelta(hours=14) and (rest <= 120 or rest >= 1680):
                return other.day
    return None


# Published-date meta names, by rank; htmldate's DATE_ATTRIBUTES (Dublin Core, parsely,
# sailthru and others) come after them.
_PUBLISHED_METAS = ("article:published_time", "og:published_time", "og:article:published_time",
                    "article:published", "datepublished", "published_time", "publishdate")
_MODIFIED_RE = re.compile(r"modif|updat|revis|expir|lastmod", re.I)
_DATE_CLASS_RE = re.compile(r"date|time|byline|publish|posted|dateline|article-?meta|post-?meta", re.I)
_NOT_BYLINE_ANCESTORS = frozenset({"nav", "footer", "aside", "a", "figure"})
PRINTED_WINDOW = 400  # elements after the headline searched for a printed date
PRINTED_BEFORE = 60  # and before it (a dateline above the headline, not the masthead's)


def metadata_stamps(tree: HtmlElement, objects: list[tuple[int, dict]]) -> list[Stamp]:
    """The article's own published-date stamps, best first: JSON-LD datePublished of the
    article (then dateCreated), published-time metas, itemprop=datePublished, <time
    datetime> marked as the publication time, then other date metas. Never a modified date,
    never an image's (ImageObject, og:image...)."""
    try:
        from htmldate.core import DATE_ATTRIBUTES
    except ImportError:  # an htmldate without it: the named metas still work
        DATE_ATTRIBUTES = frozenset()
    raw: list[str] = []
    articles = article_objects(objects)
    raw += [o.get("datePublished") for o in articles]
    raw += [o.get("dateCreated") for o in articles]
    metas = _meta_values(tree)
    raw += [v for name in _PUBLISHED_METAS for k, v in metas if k == name]
    for elem in tree.xpath('//*[@itemprop="datePublished"] | //time[@pubdate] | //*[@property="datePublished"]'):
        if not _in_other_item(elem):
            raw.append(elem.get("datetime") or elem.get("content") or element_text(elem))
    raw += [elem.get("datetime") for elem in byline_times(tree)]
    raw += [v for k, v in metas if k in DATE_ATTRIBUTES and k not in _PUBLISHED_METAS
            and not _MODIFIED_RE.search(k) and not _MEDIA_RE.search(k)]
    raw += [v for k, v in metas if k in ("pdate", "parsely-pub-date", "sailthru.date", "dc.date.issued")]
    stamps = []
    for value in raw:
        stamp = parse_stamp(value) if isinstance(value, str) else None
        if stamp and stamp not in stamps:
            stamps.append(stamp)
    return stamps


_MEDIA_RE = re.compile(r"image|video|audio|upload|thumbnail", re.I)


def _in_other_item(elem: HtmlElement) -> bool:
    """Inside page furniture or inside microdata of an image, a video or another article."""
    for anc in elem.iterancestors():
        if anc.tag in _NOT_BYLINE_ANCESTORS:
            return True
        if _MEDIA_RE.search(anc.get("itemtype") or ""):
            return True
    return False


def byline_times(tree: HtmlElement) -> list[HtmlElement]:
    """<time datetime> elements of the byline or header (an ancestor within three levels is a
    <header> or is marked byline, date, meta...), not marked as a modification time."""
    found = []
    for elem in tree.iter("time"):
        if not elem.get("datetime") or _MODIFIED_RE.search(elem.get("class") or "") or _in_other_item(elem):
            continue
        for level, anc in enumerate(elem.iterancestors()):
            if level >= 3:
                break
            marks = f"{anc.get('class') or ''} {anc.get('id') or ''}"
            if anc.tag == "header" or (_DATE_CLASS_RE.search(marks) and not _MODIFIED_RE.search(marks)):
                found.append(elem)
                break
    return found


def printed_dates(tree: HtmlElement) -> list[Date]:
    """Dates printed in the byline or header, nearest to the headline first: the text of
    <time> elements and of short elements whose class or id says date, time, byline..."""
    headline_at = None
    found: list[tuple[int, Date]] = []
    for index, elem in enumerate(tree.iter()):
        if not isinstance(elem.tag, str):
            continue
        if elem.tag == "h1" and headline_at is None:
            headline_at = index
        marks = f"{elem.get('class') or ''} {elem.get('id') or ''} {elem.get('itemprop') or ''}"
        if elem.tag != "time" and not _DATE_CLASS_RE.search(marks):
            continue
        if _MODIFIED_RE.search(marks) or any(anc.tag in _NOT_BYLINE_ANCESTORS for anc in elem.iterancestors()):
            continue
        text = element_text(elem)
        if not text or len(text) > 200:
            continue
        dates = find_dates(text)
        if dates:
            try:
                found.append((index, Date.fromisoformat(dates[0][2])))
            except ValueError:
                continue
    anchor = headline_at or 0
    # bylines follow the headline; a date far above it is the masthead's "today"
    near = sorted((abs(index - anchor), day) for index, day in found
                  if -PRINTED_BEFORE <= index - anchor <= PRINTED_WINDOW)
    return list(dict.fromkeys(day for _, day in near))


_URL_DATE_RE = re.compile(r"/((?:19|20)\d\d)[/-](\d{1,2})[/-](\d{1,2})(?:[/-]|\.html|$)")


def url_date(url: str | None) -> Date | None:
    """/2019/11/18/ or /2019-11-19/ in a URL. Written here because htmldate's
    ``extract_url_date`` needs its internal options object."""
    match = _URL_DATE_RE.search(urlsplit(url).path if url else "")
    if not match:
        return None
    try:
        return Date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def published_date(tree: HtmlElement, objects: list[tuple[int, dict]], url: str | None) -> tuple[str | None, str]:
    """(ISO date, where it came from): the publication date in the publisher's local time.

    1. The article's metadata (metadata_stamps). A stamp with a non-zero offset gives its
       written, local day. A UTC or offset-less stamp may be a day off the publisher's (LA
       evening = next day UTC): a local stamp of the same moment, else a date printed in the
       byline or else the URL's date, if the moment can fall on that day in a publisher's
       zone (possible_local_days), is preferred.
    2. The date printed in the byline or header.
    3. The date in the URL.
    4. htmldate's search of the page, images left out.
    """
    stamps = metadata_stamps(tree, objects)
    if stamps:
        best = stamps[0]
        if best.zone in ("utc", "naive"):
            local = same_moment_local_day(best, stamps[1:])
            if local:
                return local.isoformat(), "metadata"
            days = possible_local_days(best)
            printed = [d for d in printed_dates(tree) if d in days]
            if printed:
                return printed[0].isoformat(), "text"
            day = url_date(url)  # written by the publisher's system, in its time
            if day in days:
                return day.isoformat(), "metadata"
        return best.day.isoformat(), "metadata"
    printed = printed_dates(tree)
    if printed:
        return printed[0].isoformat(), "text"
    day = url_date(url)
    if day:
        return day.isoformat(), "metadata"
    found = htmldate_without_images(tree)
    return (found, "text") if found else (None, "none")


def possible_local_days(stamp: Stamp) -> set[Date]:
    """The days a UTC moment can be in a publisher's local time, for the zones news is
    published from (UTC-10 Hawaii to UTC+13 New Zealand summer): the day before only before
    10:00Z, the day after only from 11:00Z."""
    days = {stamp.day}
    if stamp.clock is None:
        return days | {stamp.day - timedelta(days=1), stamp.day + timedelta(days=1)}
    if stamp.clock.hour < 10:
        days.add(stamp.day - timedelta(days=1))
    if stamp.clock.hour >= 11:
        days.add(stamp.day + timedelta(days=1))
    return days


def htmldate_without_images(tree: HtmlElement) -> str | None:
    """htmldate's own search (its meta names, abbr and date-like elements, text patterns) as
    the last resort, on a copy of the page without its images: htmldate's ``img_search``
    reads the date in og:image's URL, which is when the picture was filed, not the article."""
    from copy import deepcopy

    from htmldate import find_date

    copy = deepcopy(tree)
    for elem in copy.xpath('//img | //picture | //source | //figure | //link[@rel="image_src"]'
                           ' | //meta[contains(@property, "image") or contains(@name, "image")'
                           ' or contains(@itemprop, "image")]'):
        if elem.getparent() is not None:
            elem.drop_tree()
    try:
        return find_date(copy, extensive_search=True, original_date=True)
    except Exception as err:  # htmldate bugs on odd markup: no date rather than no page
        LOGGER.debug("htmldate: %s", err)
        return None
