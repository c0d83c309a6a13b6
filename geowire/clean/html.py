"""HTML page → article: encoding, main text, metadata, captions, credits, teasers, language.

trafilatura does the main-content extraction; the page's metadata (printed headline,
publication name, local publication date, authors) is read by geowire.clean.metadata, which
says where it follows trafilatura and htmldate and why it overrides them. What geowire adds
around the extraction, each step measured on the 181-page article-extraction benchmark
(benchmarks/bench_html_extraction.py):

- decoding that honours a BOM and a declared charset before guessing (trafilatura's own
  ``decode_file`` ignores the declaration and goes straight to charset_normalizer);
- an extraction cascade: trafilatura's fast precision mode first, and its full
  (readability/justext-backed) precision and recall modes only when the fast pass found
  little text, so most pages pay for one cheap pass;
- the rest of an article cut into sibling blocks of one class (trafilatura reads the
  first block only);
- the parts of the page that are not body text are taken out of the body and kept apart:
  the headline repeated as first paragraph, photo captions and their credits, "source:"
  credit lines, related-article teasers (as documents of their own), and short
  call-to-action lines at the edges of the article ("Sign up for our newsletter").
"""
from __future__ import annotations

import codecs
import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date as Date
from functools import lru_cache
from urllib.parse import urljoin

from lxml.html import HtmlElement

from geowire.clean.metadata import PageMetadata, read_metadata  # noqa: F401  (re-exported)
from geowire.model import Caption, CleanPage, Document, Removed, document_id
from geowire.clean.teasers import Teasers
from geowire.text.dates import MONTH_NAMES, month_number

LOGGER = logging.getLogger(__name__)

# trafilatura logs every page it gives up on at WARNING; geowire reports that itself.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)

# --- extraction settings (benchmark: benchmarks/bench_html_extraction.py) ---------------
# Measured F1 on the 181 pages (trafilatura 2.3.1): default settings 0.953; with
# include_comments=False 0.960; + favor_precision 0.964 (favor_recall 0.952,
# include_tables=False 0.950, deduplicate=True 0.944). The fast pass (no readability/justext
# comparison) agrees with the full one except on six pages, where it returns very little
# text: hence the cascade below, 0.971 at about twice the speed. Taking captions, credits,
# teasers and calls to action out of the body brings 0.975, sibling blocks 0.978.
EXTRACT_OPTIONS = {"include_comments": False, "include_tables": True, "deduplicate": False}
SHORT_BODY_WORDS = 100  # below this the fast pass probably missed the article
RECALL_GAIN = 2.0  # take the recall-mode text only if it is this much longer
MIN_ARTICLE_WORDS = 4  # fewer is a menu entry or a button label, not an article

WORD_RE = re.compile(r"\w+")


# --- decoding -----------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
# WHATWG: a page declaring latin-1 or ASCII is decoded as windows-1252 by every browser.
_CHARSET_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252",
                    "us-ascii": "cp1252", "ascii": "cp1252", "iso8859-1": "cp1252"}


@dataclass
class Decoded:
    text: str
    encoding: str
    how: str  # "bom", "utf-8", "declared", "guessed", "replaced"


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a <meta> tag (first 4 KB), if Python knows it."""
    match = _META_CHARSET_RE.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore").lower()
    name = _CHARSET_ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(data: bytes | str, declared: str | None = None) -> Decoded:
    """Decode page bytes: BOM, then UTF-8 (strict, or with a few bad bytes replaced), then
    the declared charset, then charset_normalizer's guess.

    Valid UTF-8 is tried before the declaration because a page that decodes as UTF-8 almost
    never is anything else, while a wrong declaration is common. Never raises: the last
    resort is UTF-8 with replacement characters.
    """
    if isinstance(data, str):
        return Decoded(data, "str", "utf-8")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(codec), codec, "bom")
            except UnicodeDecodeError:
                break
    try:
        return Decoded(data.decode("utf-8"), "utf-8", "utf-8")
    except UnicodeDecodeError:
        pass
    if mostly_utf8(data):
        return Decoded(data.decode("utf-8", errors="replace"), "utf-8", "replaced")
    for name in (declared, declared_charset(data)):
        if not name:
            continue
        try:
            return Decoded(data.decode(_CHARSET_ALIASES.get(name.lower(), name)), name, "declared")
        except (LookupError, UnicodeDecodeError):
            continue
    guess = guess_encoding(data)
    if guess:
        try:
            return Decoded(data.decode(guess), guess, "guessed")
        except (LookupError, UnicodeDecodeError):
            pass
    return Decoded(data.decode("utf-8", errors="replace"), "utf-8", "replaced")


def mostly_utf8(data: bytes) -> bool:
    """UTF-8 with a few bad bytes (a truncated character, a stray byte): many valid
    multi-byte characters for each invalid sequence. A page in a legacy 8-bit encoding
    has almost no valid multi-byte sequences."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    non_ascii = sum(1 for ch in text if ord(ch) > 127) - bad
    return non_ascii >= 10 * bad


def guess_encoding(data: bytes) -> str | None:
    """charset_normalizer's best guess (it is what trafilatura and httpx use too)."""
    from charset_normalizer import from_bytes

    sample = data if len(data) <= 20000 else data[:10000] + data[-10000:]
    best = from_bytes(sample).best()
    return best.encoding if best else None


# --- parsing and metadata -----------------------------------------------------------------

def parse_html(text: str) -> HtmlElement | None:
    from trafilatura.utils import load_html

    try:
        return load_html(text)
    except Exception as err:  # lxml can fail on pathological markup; that is "no article"
        LOGGER.debug("unparsable HTML: %s", err)
        return None


# --- main text ----------------------------------------------------------------------------

def word_count(text: str | None) -> int:
    return len(WORD_RE.findall(text or ""))


def _extract(tree: HtmlElement, url: str | None, **mode) -> str:
    from trafilatura import bare_extraction

    try:
        result = bare_extraction(tree, url=url, **EXTRACT_OPTIONS, **mode)
    except Exception as err:  # trafilatura bugs on odd markup: treat as nothing found
        LOGGER.debug("trafilatura failed on %s: %s", url, err)
        return ""
    return (result.text or "") if result is not None else ""


def extract_main_text(tree: HtmlElement, url: str | None = None) -> str:
    """The article text, one paragraph per line, by the cascade the benchmark chose."""
    text = _extract(tree, url, favor_precision=True, fast=True)
    if word_count(text) >= SHORT_BODY_WORDS:
        return text
    # Little text: the fast pass may have picked the wrong block. The full mode compares
    # with readability and justext; recall mode reaches blocks that precision prunes.
    full = _extract(tree, url, favor_precision=True)
    if word_count(full) > word_count(text):
        text = full
    if word_count(text) >= SHORT_BODY_WORDS:
        return text
    recall = _extract(tree, url, favor_recall=True)
    if word_count(recall) > RECALL_GAIN * word_count(text):
        text = recall
    return text


# Ancestors that make a paragraph a list entry, a link or an aside rather than article text.
_NOT_BODY_ANCESTORS = frozenset({"a", "li", "aside", "nav", "figure", "footer", "header"})
CONTINUATION_MIN_PARAGRAPHS = 2
CONTINUATION_MIN_WORDS = 40


def continuation_paragraphs(tree: HtmlElement, text: str) -> list[str]:
    """Paragraphs of the article that sit in later copies of its container.

    Some sites cut the article body into several sibling blocks of the same class with
    advertising in between; trafilatura keeps only the first block its XPath finds. The
    container is found from the first long extracted paragraph; its later siblings of the
    same tag and class, under the same grandparent, are read for paragraphs not yet in the
    text. Nothing is added unless it amounts to real text.
    """
    lines = text.splitlines()
    first_keys = {norm_key(line) for line in [line for line in lines if len(line.split()) >= 8][:3]}
    if not first_keys:
        return []
    anchor = next((p for p in tree.iter("p") if norm_key(element_text(p)) in first_keys), None)
    if anchor is None:
        return []
    container = anchor.getparent()
    while container is not None and not container.get("class"):
        container = container.getparent()
    if container is None or container.tag in ("body", "html"):
        return []
    parent = container.getparent()
    scope = parent.getparent() if parent is not None else None
    if scope is None or scope.tag in ("body", "html"):
        return []
    known = {norm_key(line) for line in lines}
    extra: list[str] = []
    after = False
    for block in scope.iter(container.tag):
        if block is container:
            after = True
            continue
        if not after or block.get("class") != container.get("class"):
            continue
        for para in block.iter("p"):
            if any(anc.tag in _NOT_BODY_ANCESTORS for anc in para.iterancestors()):
                continue
            para_text = element_text(para)
            key = norm_key(para_text)
            if key and key not in known:
                known.add(key)
                extra.append(para_text)
    if len(extra) < CONTINUATION_MIN_PARAGRAPHS or word_count(" ".join(extra)) < CONTINUATION_MIN_WORDS:
        return []
    return extra


# --- parts of the page that are not body text ---------------------------------------------

_CREDIT_CLASS_RE = re.compile(r"credit|copyright|photographer|byline|source|attribution", re.I)
# "(Photo: Reuters)", "Image credit: NASA", "picture courtesy of X", "© AFP"
_CAPTION_CREDIT_RES = (
    re.compile(r"\(\s*((?:photo|picture|image|pic|credit|source|courtesy)[^()]{2,120})\)\s*\.?\s*$", re.I),
    re.compile(r"(?:^|\s)((?:photo|picture|image)\s*(?:credit|courtesy)?\s*(?:by|:)\s*[^.;|]{2,80})\.?\s*$", re.I),
    re.compile(r"(?:^|\s)((?:credit|source)\s*:\s*[^.;|]{2,80})\.?\s*$", re.I),
    re.compile(r"(?:^|\s)(©\s*[^.;|]{2,80})\.?\s*$"),
)
# A body line that only names sources: "source: commonspace.eu with kremlin.ru and itar-tass".
_CREDIT_LINE_RE = re.compile(
    r"^\s*\(?\s*(?:sources?|credits?|via|(?:photo|image|picture)s?(?:\s+credits?)?)\s*:\s*(.{2,160}?)\s*[.)]?\s*$", re.I)
_CREDIT_SPLIT_RE = re.compile(r"\s*(?:,|;|/|\band\b|\bwith\b|&)\s*", re.I)
# A caption line ("Photo: President X in Moscow ...") is longer than a bare credit.
_CAPTION_LINE_RE = re.compile(r"^\s*(?:photo|picture|image|pictured)\s*:\s*(.{20,})$", re.I)

_RELATED_MARK_RE = re.compile(
    r"related|recommend|more-stories|more-news|more-articles|read-also|also-read|further-reading|you-may-like",
    re.I)
_RELATED_BLOCK_TAGS = ("div", "section", "aside", "ul", "ol", "nav", "footer")
_GENERIC_LINK_RE = re.compile(
    r"^(read|see|view|show|load|click|more|continue|share|comment|subscribe|next|previous|prev)\b", re.I)
TEASER_MIN_WORDS = 4  # shorter link texts are mostly section names ("Science & Health")
TEASER_MAX_WORDS = 40

# Calls to action that close (or open) many articles; only short lines at the very edges
# of the body are tested, and the phrases are specific ("subscribe to our", not "subscribe").
_CALL_TO_ACTION_RE = re.compile(
    r"\bsign up (for|to|now|here|today)\b|\bsubscribe (to our|now|here|today)\b"
    r"|\b(our|free|daily|weekly) newsletters?\b|\bfollow (us|him|her|them|me) (on|@)"
    r"|\bshare (this|it) with\b|\blike this (story|article)\?|\b(delivered|straight|right) to your inbox\b"
    r"|\bin your inbox\b|\bclick here\b|\btell us what you think\b|\be-?mail \w+( \w+)? at \S+@"
    r"|\ball rights reserved\b|^(©|copyright\b)|^advertisement$"
    r"|^(related|read more|see more|more|also read|don'?t miss|also on [\w.]+)\s*:?$",
    re.I)
# "Related: <headline>", "Read more: <headline>": a link to another article, anywhere in the body.
_INLINE_TEASER_RE = re.compile(
    r"^(related|read more|see more|more|also read|read also|don'?t miss|also on [\w.]+)\s*:\s*\S", re.I)
CALL_TO_ACTION_MAX_WORDS = 30
EDGE_LINES = 4  # how far from the start and end of the body to look for them


@dataclass
class PageParts:
    captions: list[Caption] = field(default_factory=list)
    teasers: list[Document] = field(default_factory=list)


def norm_key(text: str) -> str:
    """A comparison key for a line of text: NFKC, lower case, words only."""
    return " ".join(WORD_RE.findall(unicodedata.normalize("NFKC", text).lower()))


def element_text(elem: HtmlElement) -> str:
    return " ".join(" ".join(elem.itertext()).split())


def find_captions(tree: HtmlElement) -> list[Caption]:
    """Photo captions from <figcaption>, caption elements inside <figure>, and WordPress'
    caption paragraphs, each with its credit when one is marked or written out."""
    captions: list[Caption] = []
    seen: set[str] = set()
    nodes = tree.xpath("//figcaption | //figure//*[contains(@class, 'caption')]"
                       " | //*[contains(@class, 'wp-caption-text')]")
    chosen = set(nodes)
    for node in nodes:
        if any(anc in chosen for anc in node.iterancestors()):
            continue  # a caption element inside another one: the outer one is read whole
        credit = None
        credit_nodes = [n for n in node.iter() if n is not node and isinstance(n.tag, str)
                        and _CREDIT_CLASS_RE.search((n.get("class") or "") + " " + (n.get("itemprop") or ""))]
        text = element_text(node)
        if credit_nodes:
            credit = element_text(credit_nodes[0]) or None
            if credit and text.endswith(credit):
                text = text[: -len(credit)].rstrip(" |-–—")
        text, found_credit = split_caption_credit(text)
        credit = credit or found_credit
        if not text or norm_key(text) in seen:
            continue
        seen.add(norm_key(text))
        captions.append(Caption(text=text, credit=credit, date=date_in_text(text)))
    return captions


def split_caption_credit(text: str) -> tuple[str, str | None]:
    """Split a credit ("(Photo: Reuters)", "Image credit: NASA", "© AFP") off a caption."""
    for pattern in _CAPTION_CREDIT_RES:
        match = pattern.search(text)
        if match and match.start(1) > 0:
            return text[: match.start(1)].rstrip(" (|-–—,;"), match.group(1).strip()
    return text, None


def credit_names(line: str) -> list[str] | None:
    """The names in a credit line ("source: a with b and c" → [a, b, c]), or None."""
    match = _CREDIT_LINE_RE.match(line)
    if not match or len(match.group(1).split()) > 12:
        return None
    names = [n.strip(" .()") for n in _CREDIT_SPLIT_RE.split(match.group(1))]
    return [n for n in names if n] or None


_MONTH_RE = "(" + "|".join(m[:3] + r"[a-z]*\.?" for m in MONTH_NAMES) + ")"
_DATE_RES = (
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), ("y", "m", "d")),
    (re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH_RE + r",?\s+(\d{4})\b", re.I), ("d", "M", "y")),
    (re.compile(r"\b" + _MONTH_RE + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.I), ("M", "d", "y")),
)


def date_in_text(text: str) -> str | None:
    """An explicit calendar date in a short text (a caption), as ISO 8601, or None.

    dateparser's search_dates was checked: it also reads bare numbers and weekdays as
    dates, which is wrong for captions, and costs ~50 ms per call.
    """
    for pattern, order in _DATE_RES:
        match = pattern.search(text)
        if not match:
            continue
        parts = dict(zip(order, match.groups()))
        month = int(parts["m"]) if "m" in parts else month_number(parts["M"])
        try:
            return Date(int(parts["y"]), month or 0, int(parts["d"])).isoformat()
        except (TypeError, ValueError):
            continue
    return None


def html_teasers(tree: HtmlElement, page_url: str | None) -> list[Document]:
    """Related-article teasers: headline links inside blocks marked as related or recommended,
    each once (`teasers.Teasers` tells a repeat, as for page dumps)."""
    # A Python pass with one regex is three times faster than the equivalent XPath
    # (which needs translate() for case-insensitivity).
    blocks = [elem for elem in tree.iter(_RELATED_BLOCK_TAGS)
              if _RELATED_MARK_RE.search(f"{elem.get('class') or ''} {elem.get('id') or ''}")]
    block_set = set(blocks)
    teasers = Teasers()
    for block in blocks:
        if any(anc in block_set for anc in block.iterancestors()):
            continue  # the outermost marked block holds them all
        if holds_article_text(block):
            continue  # a wrapper around the article itself ("article-with-related")
        for link in block.iter("a"):
            title = element_text(link)
            if not (TEASER_MIN_WORDS <= word_count(title) <= TEASER_MAX_WORDS) or _GENERIC_LINK_RE.match(title):
                continue
            href = link.get("href")
            url = urljoin(page_url, href) if page_url and href else href
            if teasers.repeats(title, url=url):
                continue
            summary = teaser_summary(link, block)
            if url is None and summary and teasers.repeats(title, summary):
                continue  # no link: the same teaser under another headline
            teasers.add(title, summary, url=url)
    return teasers.documents


def holds_article_text(block: HtmlElement) -> bool:
    """Three or more long paragraphs: running text, not a list of teasers."""
    long_paragraphs = 0
    for para in block.iter("p"):
        if len(element_text(para).split()) > 40:
            long_paragraphs += 1
            if long_paragraphs >= 3:
                return True
    return False


def teaser_summary(link: HtmlElement, block: HtmlElement) -> str | None:
    """The short text that goes with a teaser headline: a paragraph in the same list item."""
    # Climb to the largest ancestor that is still about this one link (an image link and a
    # headline link to the same article count as one).
    item = link
    while item is not block and item.getparent() is not None:
        parent = item.getparent()
        if parent is block or len({a.get("href") for a in parent.iter("a") if a.get("href")}) > 1:
            break
        item = parent
    title = element_text(link)
    for para in item.iter("p"):
        text = element_text(para)
        if text and text != title and len(text.split()) >= 5:
            return text
    return None


def find_page_parts(tree: HtmlElement, page_url: str | None) -> PageParts:
    return PageParts(captions=find_captions(tree), teasers=html_teasers(tree, page_url))


# --- body assembly ------------------------------------------------------------------------

def split_body(text: str, title: str | None, parts: PageParts) -> tuple[list[str], list[Removed], list[str]]:
    """Keep the article paragraphs; set aside the rest with the reason. Returns
    (paragraphs, removed, credit names)."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    caption_keys = {norm_key(c.text) for c in parts.captions}
    caption_keys |= {norm_key(f"{c.text} {c.credit}") for c in parts.captions if c.credit}
    teaser_keys = {norm_key(t.title or "") for t in parts.teasers}
    title_key = norm_key(title or "")

    kept: list[str] = []
    removed: list[Removed] = []
    credits: list[str] = []
    for index, line in enumerate(lines):
        key = norm_key(line)
        near_edge = index < EDGE_LINES or index >= len(lines) - EDGE_LINES
        if not key:
            kept.append(line)
        elif not kept and title_key and key == title_key:
            removed.append(Removed(text=line, reason="duplicate"))
        elif key in caption_keys or _CAPTION_LINE_RE.match(line) and len(line.split()) < 60:
            removed.append(Removed(text=line, reason="caption"))
            if key not in caption_keys:
                body, credit = split_caption_credit(_CAPTION_LINE_RE.match(line).group(1))
                parts.captions.append(Caption(text=body, credit=credit, date=date_in_text(body)))
        elif names := credit_names(line):
            removed.append(Removed(text=line, reason="credit"))
            credits.extend(names)
        elif key in teaser_keys or (_INLINE_TEASER_RE.match(line) and len(line.split()) <= TEASER_MAX_WORDS):
            removed.append(Removed(text=line, reason="teaser"))
        elif near_edge and is_call_to_action(line):
            removed.append(Removed(text=line, reason="boilerplate"))
        else:
            kept.append(line)
    return kept, removed, credits


def is_call_to_action(line: str) -> bool:
    return len(line.split()) <= CALL_TO_ACTION_MAX_WORDS and bool(_CALL_TO_ACTION_RE.search(line))


# --- language -----------------------------------------------------------------------------

# Scripts that name their language on their own (stop-word lists do not work without spaces).
_SCRIPT_LANGUAGES = (
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("ko", re.compile(r"[\uac00-\ud7af]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
)
LANGUAGE_SAMPLE_WORDS = 400
MIN_WORDS_FOR_TEXT_LANGUAGE = 30
# Running text has 35-55% stop words in its language (measured on the benchmark pages);
# below this share the text is a table or a list and says little about its language.
MIN_STOPWORD_SHARE = 0.2


@lru_cache(maxsize=1)
def _stopword_index() -> dict[str, tuple[str, ...]]:
    """word → ISO 639-1 codes of the languages whose stop-word list holds it.

    py3langid (trafilatura's optional language identifier) is not a geowire dependency;
    justext, which trafilatura already installs, ships stop-word lists for 100 languages,
    and the share of stop words is a robust language signal on article-length text.
    """
    import justext
    import pycountry

    index: dict[str, list[str]] = {}
    for name in justext.get_stoplists():
        language = pycountry.languages.get(name=name.replace("_", " "))
        code = getattr(language, "alpha_2", None) if language else None
        code = code or {"Simple_English": "en", "Greek": "el", "Malay": "ms", "Norwegian_Bokmal": "no",
                        "Norwegian_Nynorsk": "nn", "Swahili": "sw"}.get(name)
        if not code:
            continue
        for word in justext.get_stoplist(name):
            index.setdefault(word, []).append(code)
    return {word: tuple(dict.fromkeys(codes)) for word, codes in index.items()}


def text_language(text: str) -> str | None:
    """The language of a text by script and stop-word share, or None if too short to say."""
    sample = text[:5000]
    for code, pattern in _SCRIPT_LANGUAGES:
        if len(pattern.findall(sample)) > 0.3 * len(sample.replace(" ", "")):
            return code
    # one-letter tokens ("a", "e", "d") are in too many lists to tell anything
    words = [w.lower() for w in WORD_RE.findall(sample) if len(w) > 1][:LANGUAGE_SAMPLE_WORDS]
    if len(words) < MIN_WORDS_FOR_TEXT_LANGUAGE:
        return None
    index = _stopword_index()
    scores: Counter[str] = Counter()
    for word, count in Counter(words).items():
        for code in index.get(word, ()):
            scores[code] += count
    if not scores:
        return None
    best, best_score = scores.most_common(1)[0]
    if best_score < MIN_STOPWORD_SHARE * len(words):
        return None  # lists of names, scores or prices: let the page's declaration decide
    # Many lists hold common English words; English wins when it is close to the top.
    if scores.get("en", 0) >= 0.9 * best_score:
        return "en"
    return best


def declared_language(tree: HtmlElement) -> str | None:
    """<html lang>, Content-Language or og:locale, as a bare ISO 639-1 code."""
    values = tree.xpath("/html/@lang | /html/@xml:lang"
                        " | //meta[translate(@http-equiv, 'CONTENTLAGU', 'contentlagu')='content-language']/@content"
                        " | //meta[@property='og:locale']/@content",
                        namespaces={"xml": "http://www.w3.org/XML/1998/namespace"})
    for value in values:
        code = re.split(r"[-_,;\s]", value.strip().lower())[0]
        if 2 <= len(code) <= 3 and code.isalpha():
            return code
    return None


def page_language(tree: HtmlElement, body: str) -> str | None:
    """The text decides when it is long enough (declarations are often a template default)."""
    return text_language(body) or declared_language(tree)


# --- the stage ----------------------------------------------------------------------------

def clean_html(html: bytes | str, url: str | None = None, source_path: str | None = None) -> CleanPage:
    """Turn an HTML page into its article and related-article teasers.

    Never raises on bad bytes or markup; raises ValueError("no article text found") when the
    page has no extractable text.
    """
    decoded = decode_html(html)
    notes: list[str] = []
    if decoded.how == "guessed":
        notes.append(f"encoding guessed: {decoded.encoding}")
    elif decoded.how == "replaced":
        notes.append("invalid bytes replaced while decoding as UTF-8")
    tree = parse_html(decoded.text)
    if tree is None:
        raise ValueError("no article text found")
    # Metadata and page parts are extras: a library error there must not lose the article.
    try:
        meta = read_metadata(tree, url)
    except Exception as err:  # noqa: BLE001
        LOGGER.debug("metadata of %s: %s", url or source_path, err)
        meta = PageMetadata()
        notes.append("metadata extraction failed")
    try:
        parts = find_page_parts(tree, meta.url or url)
    except Exception as err:  # noqa: BLE001
        LOGGER.debug("captions and teasers of %s: %s", url or source_path, err)
        parts = PageParts()
    text = extract_main_text(tree, url)
    more = continuation_paragraphs(tree, text)
    if more:
        text = "\n".join([text, *more])
    paragraphs, removed, credits = split_body(text, meta.title, parts)
    body = "\n\n".join(paragraphs)
    if word_count(body) < MIN_ARTICLE_WORDS:
        raise ValueError("no article text found")
    language = page_language(tree, body)
    if language and language != "en":
        notes.append(f"language {language}: English NLP skipped")
    teasers = [t for t in parts.teasers if norm_key(t.title or "") != norm_key(meta.title or "")]
    for teaser in teasers:
        teaser.id = document_id(teaser.body)
        teaser.source_path = source_path
        teaser.publisher = meta.sitename
        teaser.language = language
    document = Document(
        id=document_id(body),
        url=meta.url or url,
        source_path=source_path,
        title=meta.title,
        publisher=meta.sitename,
        authors=meta.authors,
        date=meta.date,
        date_source=meta.date_source,
        language=language,
        body=body,
        credits=list(dict.fromkeys(credits)),
        captions=parts.captions,
        removed=removed,
        notes=notes,
    )
    return CleanPage(document=document, teasers=teasers)
