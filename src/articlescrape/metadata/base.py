"""What every metadata reader shares: the :class:`Candidate` it emits and the :class:`Page`
index it reads.

The page index is built once per document by one walk over the tree (``<meta>``, ``<title>``,
``<link rel>``, JSON-LD ``<script>``, marked elements, short texts with a digit), so the readers
(one per syntax) look values up in dictionaries instead of each scanning the tree again. The
same walk lists the nodes the cleaning stage must judge (:attr:`Page.suspects`), so cleaning
needs no walk of its own. The tree itself is never modified.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType, ModuleType
from typing import Any
from urllib.parse import urljoin

from lxml import etree
from lxml.html import HtmlElement

from ..clean import HIDING_CLASS_WORDS, JUDGED_TAGS, hiding_class
from ..dates import ParsedDate, parse_machine_date
from ..text import collapse

#: Flags a date candidate may carry.
DATE_ONLY = "date-only"
NAIVE_ASSUMED_UTC = "naive-assumed-utc"

#: How much a date candidate loses when the page did not state a time / a zone.
DATE_ONLY_PENALTY = 0.1
NAIVE_PENALTY = 0.08

DATE_FIELDS = frozenset({"published", "updated"})


@dataclass(frozen=True, slots=True)
class Candidate:
    """One value a page offers for one field, and where it came from.

    ``value`` is a ``str`` for text fields and an aware ``datetime`` for ``published``/
    ``updated``. ``weight`` (0..1) is the reader's confidence in this kind of evidence;
    ``flags`` records what the evidence lacked (``date-only``, ``naive-assumed-utc``).
    """

    field: str
    value: Any
    source: str
    weight: float
    flags: frozenset[str] = frozenset()

    @property
    def has_time(self) -> bool:
        return DATE_ONLY not in self.flags

    @property
    def tz_known(self) -> bool:
        return NAIVE_ASSUMED_UTC not in self.flags


def date_candidate(field_name: str, parsed: ParsedDate | None, source: str, weight: float) -> Candidate | None:
    """A date Candidate from a parsed date, its weight lowered for each part the page left out."""
    if parsed is None:
        return None
    w = weight - (0 if parsed.has_time else DATE_ONLY_PENALTY) - (0 if parsed.tz_known else NAIVE_PENALTY)
    return Candidate(field_name, parsed.value, source, round(max(w, 0.01), 4), parsed.flags)


def machine_date_candidate(field_name: str, text: str | None, source: str, weight: float) -> Candidate | None:
    """A date Candidate from a machine-readable value (meta content, JSON-LD, datetime attr)."""
    return date_candidate(field_name, parse_machine_date(text), source, weight)


def text_candidate(field_name: str, text: Any, source: str, weight: float) -> Candidate | None:
    """A text Candidate, whitespace-collapsed; None for an empty or non-string value."""
    if not isinstance(text, str):
        return None
    value = collapse(text)
    if not value:
        return None
    return Candidate(field_name, value, source, weight)


# --- tolerant JSON (JSON-LD blocks as real pages write them) ---------------------------------

_HTML_COMMENT = re.compile(r"<!--|-->")
_CDATA = re.compile(r"(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>")
_TRAILING_COMMA = re.compile(r",\s*(?=[}\]])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_DECODER = json.JSONDecoder(strict=False)


def loads_tolerant(text: str) -> list[Any]:
    """Every JSON value in a script body, tolerating what CMSs emit: HTML comment or CDATA
    wrappers, control characters, trailing commas, several objects in one block, a trailing
    ``;``. Returns [] when nothing can be read (a broken block must never break extraction)."""
    s = text
    # Each wrapper's regex runs only when its marker is there: the CDATA one tries a match at
    # every position of the block (its optional "//" prefix), which costs more than the JSON.
    if "<!--" in s or "-->" in s:
        s = _HTML_COMMENT.sub("", s)
    if "<![CDATA[" in s or "]]>" in s:
        s = _CDATA.sub("", s)
    s = _CONTROL.sub(" ", s).strip()
    if not s:
        return []
    values = _decode_all(s)
    if values:
        return values
    return _decode_all(_TRAILING_COMMA.sub("", s))


def _decode_all(s: str) -> list[Any]:
    out: list[Any] = []
    i, n = 0, len(s)
    while i < n:
        while i < n and s[i] in " \t\r\n;,":
            i += 1
        if i >= n:
            break
        try:
            value, end = _DECODER.raw_decode(s, i)
        except json.JSONDecodeError:
            return out
        out.append(value)
        i = end
    return out


# --- the page index ----------------------------------------------------------------------------

_LDJSON_TYPE = re.compile(r"ld\+json", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
#: Substrings of a class attribute that make an element interesting to a body reader (hAtom/
#: hNews dates and titles, hCard names); readers test whole tokens.
_CLASS_HINTS = ("publish", "updated", "modified", "dtstamp", "date", "entry-", "fn")
#: Any of _CLASS_HINTS as a substring, in one search.
_CLASS_HINT = re.compile("|".join(re.escape(hint) for hint in _CLASS_HINTS))
#: Tags the index walk reads for themselves; any other element is only looked at for its class.
_INDEXED_TAGS = frozenset({"meta", "title", "link", "script", "time", "h1", "abbr", "a"})
#: Elements whose own text is never visible prose.
_NON_TEXT = frozenset({"script", "style", "noscript", "template", "textarea"})
#: Text longer than this is prose, not a date line.
MAX_TEXT_NODE = 400
#: Text shorter than this holds no date line (the visible-date reader,
#: :mod:`articlescrape.metadata.textdates`, skips it: the index does not list it).
MIN_TEXT_NODE = 6
#: Elements inside which no text is a date of this page: scripts and form controls, and links
#: (another story's date). The visible-date reader skips the texts of these elements and of
#: everything inside them: the index does not list them.
NO_TEXT_WITHIN = frozenset({"script", "style", "a", "option", "textarea", "noscript", "select", "button"})


@dataclass(frozen=True, slots=True)
class TextNode:
    """A short body text containing a digit: the text, the element it belongs to (its parent
    for a tail) and whether it is that element's own ``.text`` or a child's ``.tail``. Only
    texts of :data:`MIN_TEXT_NODE` to :data:`MAX_TEXT_NODE` characters (excluded) whose element
    is in no element of :data:`NO_TEXT_WITHIN` are made (as the tree was when indexed)."""

    text: str
    element: HtmlElement
    is_tail: bool


_ARCHIVE_PREFIX = re.compile(
    r"^(?:https?://)?[^/]+/(?:[a-z]+/)?(?:(?P<ts>\d{4,14})[a-z]{0,3}_?/(?P<url>https?:/.+)"
    r"|(?P<ts14>\d{14})[a-z]{0,3}_?/(?P<bare>[^/\s]+\.[a-z]{2,}(?:[:/].*)?))$",
    re.IGNORECASE,
)


_SCHEME_SLASHES = re.compile(r"^(https?):/+")


def strip_archive_prefix(url: str | None) -> str | None:
    """The captured page's own URL inside an archive replay URL (Wayback, arquivo.pt,
    archive-it style ``/<14-digit timestamp>/<url>``); other URLs unchanged."""
    if not url:
        return url
    m = _ARCHIVE_PREFIX.match(url.strip())
    if not m:
        return url
    inner = m.group("url") or m.group("bare")
    inner = _SCHEME_SLASHES.sub(r"\1://", inner)
    return inner if "://" in inner else "http://" + inner


@dataclass(frozen=True, slots=True)
class Page:
    """One document, indexed in a single walk over the tree for all readers.

    ``meta`` maps a lower-cased meta key (``name``, ``property``, ``itemprop`` or
    ``http-equiv``) to its contents in document order; ``ld`` holds every JSON value read from
    ``application/ld+json`` blocks; ``links`` maps a lower-cased ``rel`` token to hrefs.
    For the readers of body markup: ``itemprops`` (elements with ``itemprop``), ``marked``
    (``time``, ``abbr[title]``, ``h1``, ``a``/``link`` with ``rel``, and elements whose class
    hints at hAtom/hCard), ``texts`` (short body texts with a digit that could be a date line:
    see :class:`TextNode`) and ``doc_writes`` (bodies
    of scripts calling ``document.write``). ``url`` is the page's own address (an archive
    prefix removed). ``suspects`` is for the cleaning stage (see
    :func:`articlescrape.clean.clean`). ``declarations`` are what the document says about
    itself, for :func:`articlescrape.urls.page_url` and :func:`articlescrape.profiles.profile_for`.
    """

    root: HtmlElement
    url: str | None
    meta: Mapping[str, tuple[str, ...]]
    ld: tuple[Any, ...]
    title: str | None
    links: Mapping[str, tuple[str, ...]]
    lang: str | None
    itemprops: tuple[HtmlElement, ...] = ()
    marked: tuple[HtmlElement, ...] = ()
    texts: tuple[TextNode, ...] = ()
    doc_writes: tuple[str, ...] = ()
    #: For the cleaning stage, from the same walk (so it needs none of its own): the nodes
    #: :func:`articlescrape.clean.clean` must judge, as its ``suspects``.
    suspects: tuple[etree._Element, ...] = ()
    #: Every ``<base>``, ``<link>`` and ``<meta>`` element, in document order, from the same walk
    #: (which makes their proxies anyway): the page's address and its site's signature metas are
    #: read from them, without walks of their own.
    declarations: tuple[HtmlElement, ...] = ()

    @classmethod
    def build(cls, root: HtmlElement, url: str | None) -> Page:
        """Index ``root`` in one walk over the tree (measured faster than the equivalent set
        of XPath queries, each of which walks the whole tree). Never modifies the tree.

        The walk runs in C when the compiled walker is built (``extractors._walk``; see
        :data:`articlescrape.extractors.blocks.COMPILED`), else in Python
        (:func:`_index_python`, the reference implementation, with identical results)."""
        walker = _PAGE_WALKER if _PAGE_WALKER is not None else _load_page_walker()
        declarations: list[HtmlElement] = []
        found = walker.index(root, declarations) if walker else None
        return cls._of_index(root, url, found, declarations)

    @classmethod
    def build_noting_replay(cls, root: HtmlElement, url: str | None, replay_scan: Any) -> tuple[Page, bool | None]:
        """:meth:`build`, and what ``replay_scan`` (the compiled archive-replay test,
        :func:`articlescrape.archive.replay_scan`) answers for ``root``'s document, made by the
        same walk: True or False, or None when the walk could not tell (no compiled walker or
        scan, a root that is not its document's top element, a node the scan does not model).
        The pipeline indexes the page before undoing an archive's replay, and indexes it again
        in the rare case where there was one to undo."""
        walker = _PAGE_WALKER if _PAGE_WALKER is not None else _load_page_walker()
        declarations: list[HtmlElement] = []
        found, replay = walker.index_noting_replay(root, declarations, replay_scan) if walker and replay_scan else (None, None)
        return cls._of_index(root, url, found, declarations), replay

    @classmethod
    def _of_index(cls, root: HtmlElement, url: str | None, found: _Index | None, declarations: list[HtmlElement]) -> Page:
        """The page of the compiled walk's index ``found``, or of the Python walk's when it is
        None (pure Python, or a root the C walk does not model)."""
        if found is None:
            declarations.clear()  # a refused walk may have listed some
            found = _index_python(root, declarations)
        meta, links, ld, title, itemprops, marked, texts, doc_writes, suspects = found
        lang = root.get("lang") or root.get("xml:lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
        return cls(
            root=root,
            url=strip_archive_prefix(url),
            meta=MappingProxyType({k: tuple(v) for k, v in meta.items()}),
            ld=tuple(ld),
            title=title,
            links=MappingProxyType({k: tuple(v) for k, v in links.items()}),
            lang=lang.strip() if lang and lang.strip() else None,
            itemprops=tuple(itemprops),
            marked=tuple(marked),
            texts=tuple(texts),
            doc_writes=tuple(doc_writes),
            suspects=tuple(suspects),
            declarations=tuple(declarations),
        )

    def with_url(self, url: str | None) -> Page:
        """This index for the page at ``url`` (an archive prefix removed), as :meth:`build`
        would make it: the walk does not depend on the address."""
        stripped = strip_archive_prefix(url)
        return self if stripped == self.url else replace(self, url=stripped)

    def index_only(self) -> Page:
        """This index without its lists of body markup (``itemprops``, ``marked``, ``texts``,
        ``doc_writes``, ``suspects``, ``declarations``): what the readers of the index alone
        (meta tags, JSON-LD, links, title, language, URL) need, kept by a :class:`Metadata`
        for the fields it reads on demand, without keeping alive an element proxy or a text
        node a page (some eighty) until the Article is built."""
        return Page(root=self.root, url=self.url, meta=self.meta, ld=self.ld, title=self.title, links=self.links, lang=self.lang)

    def comments(self) -> Iterator[etree._Comment]:
        """The comments under :attr:`root`, in document order (they are among the suspects)."""
        return (node for node in self.suspects if isinstance(node, etree._Comment))

    def get(self, *keys: str) -> list[str]:
        """Contents of the meta keys given (lower-case), in key order then document order."""
        out: list[str] = []
        for key in keys:
            out.extend(self.meta.get(key, ()))
        return out

    def absolute(self, href: str | None) -> str | None:
        """``href`` resolved against the page URL (unchanged when there is none, or when
        ``urljoin`` cannot read one of them, such as ``http://[x/y.jpg``: as
        :func:`articlescrape.urls.absolute` does)."""
        if not href:
            return None
        href = href.strip()
        if not href:
            return None
        if not self.url:
            return href
        try:
            return urljoin(self.url, href)
        except ValueError:
            return href


_Index = tuple[
    dict[str, list[str]],
    dict[str, list[str]],
    list[Any],
    str | None,
    list[HtmlElement],
    list[HtmlElement],
    list[TextNode],
    list[str],
    list[etree._Element],
]


def element_text(el: etree._Element) -> str:
    """``el.text_content()``: the content of every text node under ``el``. Both are libxml2's
    node content (``text_content`` evaluates the XPath ``string()``, which takes it), and
    serialising the element as text takes it without an XPath evaluation: about twice as fast."""
    return etree.tostring(el, method="text", encoding=str, with_tail=False)


def _title_of(el: HtmlElement) -> str | None:
    return collapse(element_text(el)) or None


def _index_python(root: HtmlElement, declarations: list[HtmlElement] | None = None) -> _Index:
    """The index walk of :meth:`Page.build` in Python: ``(meta, links, ld, title, itemprops,
    marked, texts, doc_writes, suspects)``, and every ``<base>``, ``<link>`` and ``<meta>``
    appended to ``declarations`` when given. The reference for the compiled walk, and what runs
    without it."""
    meta: dict[str, list[str]] = {}
    links: dict[str, list[str]] = {}
    ld: list[Any] = []
    itemprops: list[HtmlElement] = []
    marked: list[HtmlElement] = []
    texts: list[TextNode] = []
    doc_writes: list[str] = []
    title: str | None = None
    in_body = False
    digit = _DIGIT.search
    suspects: list[etree._Element] = []
    #: Whether each distinct class value hints at hAtom/hCard, and whether it hides its
    #: element: pages repeat a few dozen class strings over hundreds of elements, and a
    #: look-up is cheaper than the regex.
    class_hints: dict[str, bool] = {}
    class_hides: dict[str, bool] = {}
    #: Whether each element walked up from a text is in an element of NO_TEXT_WITHIN.
    no_text: dict[HtmlElement, bool] = {}
    for el in root.iter():
        tag = el.tag
        if tag.__class__ is not str:  # comments, processing instructions
            suspects.append(el)
            tail = el.tail
            if in_body and tail and MIN_TEXT_NODE <= len(tail) < MAX_TEXT_NODE and digit(tail):
                parent = el.getparent()
                if parent is not None and not _within_no_text(parent, no_text):
                    texts.append(TextNode(tail, parent, True))
            continue
        if not in_body and tag == "body":
            in_body = True
        get = el.get
        if get("itemprop") is not None:
            itemprops.append(el)
        cls_attr = get("class")
        if tag in JUDGED_TAGS or get("hidden") is not None or get("aria-hidden") is not None or get("style") is not None:
            suspects.append(el)
        elif cls_attr:
            hides = class_hides.get(cls_attr)
            if hides is None:
                hides = class_hides[cls_attr] = hiding_class(cls_attr)
            if hides:
                suspects.append(el)
        if tag not in _INDEXED_TAGS:
            if cls_attr:
                hinted = class_hints.get(cls_attr)
                if hinted is None:
                    hinted = class_hints[cls_attr] = _CLASS_HINT.search(cls_attr) is not None
                if hinted:
                    marked.append(el)
            if tag == "base" and declarations is not None:
                declarations.append(el)
        elif tag == "meta":
            if declarations is not None:
                declarations.append(el)
            _index_meta(el, meta)
        elif tag == "title":
            # The first <title> in document order: the head's, before any SVG title in the body.
            if title is None:
                title = _title_of(el)
        elif tag == "link":
            if declarations is not None:
                declarations.append(el)
            _index_link(el, links)
            if el.get("title") and "author" in (el.get("rel") or "").lower():
                marked.append(el)
        elif tag == "script":
            body = el.text or ""
            if _LDJSON_TYPE.search(el.get("type") or ""):
                ld.extend(loads_tolerant(body))
            elif "document.write" in body:
                doc_writes.append(body)
        elif tag in ("time", "h1") or (tag == "abbr" and el.get("title")) or (tag == "a" and el.get("rel")):
            marked.append(el)
        elif cls_attr and _CLASS_HINT.search(cls_attr):
            marked.append(el)
        if in_body:
            # The tag first: a script's or a style's text can be long, and every read of
            # ``.text`` decodes it anew. Then isspace(): most texts are layout whitespace,
            # and it is far cheaper than a regex call.
            if tag not in _NON_TEXT:
                text = el.text
                if text and MIN_TEXT_NODE <= len(text) < MAX_TEXT_NODE and not text.isspace() and digit(text) and not _within_no_text(el, no_text):
                    texts.append(TextNode(text, el, False))
            tail = el.tail
            if tail and MIN_TEXT_NODE <= len(tail) < MAX_TEXT_NODE and not tail.isspace() and tag != "body" and digit(tail):
                parent = el.getparent()
                if parent is not None and not _within_no_text(parent, no_text):
                    texts.append(TextNode(tail, parent, True))
    return meta, links, ld, title, itemprops, marked, texts, doc_writes, suspects


def _within_no_text(el: HtmlElement, cache: dict[HtmlElement, bool]) -> bool:
    """Whether ``el`` or one of its ancestors is an element of :data:`NO_TEXT_WITHIN`.
    ``cache`` (one walk's) remembers the answer for every element walked through, so the texts
    of a page cost one step per element, however deep the page."""
    walked: list[HtmlElement] = []
    node: HtmlElement | None = el
    result = False
    while node is not None:
        known = cache.get(node)
        if known is not None:
            result = known
            break
        walked.append(node)
        if node.tag in NO_TEXT_WITHIN:
            result = True
            break
        node = node.getparent()
    for item in walked:
        cache[item] = result
    return result


#: The compiled index walk (``extractors._walk.PageWalker``), made on first use: the extractors
#: package (which decides whether the compiled walker is usable) imports this one. False when
#: the pure-Python walk is in use.
_PAGE_WALKER: Any = None


def _load_page_walker() -> Any:
    global _PAGE_WALKER
    from ..extractors import blocks

    _PAGE_WALKER = _make_page_walker(blocks._WALK) if blocks._WALK is not None else False
    return _PAGE_WALKER


def _make_page_walker(walk: ModuleType) -> Any:
    """The compiled index walk, told this module's tag sets, patterns and helpers."""
    return walk.PageWalker(
        judged_tags=JUDGED_TAGS,
        indexed_tags=_INDEXED_TAGS,
        non_text_tags=_NON_TEXT,
        class_hint=_CLASS_HINT.search,
        hiding_class=hiding_class,
        ld_json_type=_LDJSON_TYPE.search,
        loads_tolerant=loads_tolerant,
        index_meta=_index_meta,
        index_link=_index_link,
        title_of=_title_of,
        digit=_DIGIT.search,
        text_node=TextNode,
        max_text=MAX_TEXT_NODE,
        min_text=MIN_TEXT_NODE,
        no_text_within=NO_TEXT_WITHIN,
        # _CLASS_HINT is exactly a search for any of _CLASS_HINTS; hiding_class answers no for
        # an ASCII value holding none of HIDING_CLASS_WORDS in any case: both asked in C.
        class_hint_words=_CLASS_HINTS,
        hiding_class_words=HIDING_CLASS_WORDS,
        # <meta> and <link> indexed in C as _index_meta and _index_link do it.
        meta_attributes=_META_ATTRIBUTES,
    )


#: The attributes whose words are a ``<meta>``'s keys in the index.
_META_ATTRIBUTES = ("name", "property", "itemprop", "http-equiv")


def _index_meta(el: HtmlElement, meta: dict[str, list[str]]) -> None:
    content = el.get("content")
    if content is None:
        content = el.get("value")
    if content is None:
        return
    for attr in _META_ATTRIBUTES:
        key = el.get(attr)
        if key:
            for k in key.split():
                meta.setdefault(k.strip().lower(), []).append(content)


def _index_link(el: HtmlElement, links: dict[str, list[str]]) -> None:
    href = el.get("href")
    if href:
        for rel in (el.get("rel") or "").lower().split():
            links.setdefault(rel, []).append(href.strip())


def dedupe(candidates: Iterable[Candidate | None]) -> list[Candidate]:
    """Drop Nones and exact repeats (same field, value and source), keeping the first."""
    seen: set[tuple[str, Any, str]] = set()
    out: list[Candidate] = []
    for c in candidates:
        if c is None:
            continue
        key = (c.field, c.value if not isinstance(c.value, list) else tuple(c.value), c.source)
        if key in seen:
            continue
        seen.add(key)
        out.append(c)
    return out


@dataclass(frozen=True, slots=True)
class MetaRule:
    """How one meta key maps to a field: ``kind`` is ``text``, ``date``, ``url`` (resolved
    against the page) or ``list`` (comma-separated values, one candidate each)."""

    key: str
    field: str
    weight: float
    source: str
    kind: str = "text"


class RuleTable:
    """A table of :class:`MetaRule` indexed by key. A page holds a few dozen meta keys and a
    table up to some seventy rules, most of which match nothing: the page's keys are looked up
    in the table (one set intersection) instead of every rule's key in the page."""

    __slots__ = ("_keys", "_positions", "rules")

    def __init__(self, rules: Iterable[MetaRule]) -> None:
        self.rules: tuple[MetaRule, ...] = tuple(rules)
        positions: dict[str, list[int]] = {}
        for i, rule in enumerate(self.rules):
            positions.setdefault(rule.key, []).append(i)
        self._positions: Mapping[str, tuple[int, ...]] = MappingProxyType({key: tuple(found) for key, found in positions.items()})
        self._keys = frozenset(positions)

    def __iter__(self) -> Iterator[MetaRule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def present(self, meta: Mapping[str, Any]) -> list[MetaRule]:
        """The rules whose key ``meta`` holds, in table order."""
        keys = self._keys.intersection(meta)
        if not keys:
            return []
        positions = self._positions
        return [self.rules[i] for i in sorted(i for key in keys for i in positions[key])]


def read_rules(page: Page, rules: RuleTable | Iterable[MetaRule], skip: frozenset[str] = frozenset()) -> list[Candidate]:
    """Apply a table of :class:`MetaRule` to the page's meta index (dictionary look-ups only),
    leaving out the fields in ``skip``. The rules are read in table order; pass a
    :class:`RuleTable` made once (a plain iterable of rules is indexed at each call)."""
    table = rules if isinstance(rules, RuleTable) else RuleTable(rules)
    meta = page.meta
    out: list[Candidate | None] = []
    for rule in table.present(meta):
        contents = meta[rule.key]
        if not contents or rule.field in skip:
            continue
        for content in contents:
            if rule.kind == "date":
                out.append(machine_date_candidate(rule.field, content, rule.source, rule.weight))
            elif rule.kind == "url":
                out.append(text_candidate(rule.field, page.absolute(content), rule.source, rule.weight))
            elif rule.kind == "list":
                out.extend(text_candidate(rule.field, part, rule.source, rule.weight) for part in re.split(r"[,;]", content))
            else:
                out.append(text_candidate(rule.field, content, rule.source, rule.weight))
    return dedupe(out)
