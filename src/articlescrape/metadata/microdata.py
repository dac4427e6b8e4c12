"""schema.org microdata (``itemprop``/``itemscope``) in the body markup, ~2011-2018 era.

Only properties whose nearest ``itemscope`` is an article type (or that sit outside any scope)
count fully: an ``itemprop="name"`` inside a Person or an Organization is not the headline, and
``datePublished`` inside a related-story teaser scope is not this story's date.
"""

from __future__ import annotations

from lxml import etree
from lxml.html import HtmlElement

from ..dates import parse_date, parse_machine_date
from ..text import collapse
from .base import Candidate, Page, date_candidate, dedupe, element_text, text_candidate

SOURCE = "microdata"

_NAME_IN = etree.XPath(".//*[@itemprop='name' or @itemprop='givenName']")
_ARTICLE_HINTS = ("article", "posting", "report")
_URL_TAGS = frozenset({"a", "link", "area"})
_SRC_TAGS = frozenset({"img", "audio", "video", "source", "embed", "iframe"})

# itemprop → (field, weight, kind)
_PROPS: dict[str, tuple[str, float, str]] = {
    "headline": ("headline", 0.85, "text"),
    "datepublished": ("published", 0.82, "date"),
    "datecreated": ("published", 0.6, "date"),
    "datemodified": ("updated", 0.78, "date"),
    "author": ("authors", 0.8, "person"),
    "creator": ("authors", 0.6, "person"),
    "articlesection": ("section", 0.7, "text"),
    "description": ("summary", 0.65, "text"),
    "inlanguage": ("language", 0.7, "text"),
    "keywords": ("keywords", 0.55, "text"),
    "image": ("image", 0.6, "url"),
    "thumbnailurl": ("image", 0.5, "url"),
}


def _scope(el: HtmlElement, known: dict[HtmlElement, HtmlElement | None] | None = None) -> HtmlElement | None:
    """The nearest ancestor (not ``el`` itself) declaring ``itemscope``. ``known`` (one
    reading's) remembers for every element walked through the nearest element at or above it
    declaring ``itemscope``: a page's properties share their ancestors, which are then asked
    once (a page of a few hundred properties asked thousands of attributes)."""
    walked: list[HtmlElement] = []
    node = el.getparent()
    scope: HtmlElement | None = None
    while node is not None:
        if known is not None and node in known:
            scope = known[node]
            break
        walked.append(node)
        if node.get("itemscope") is not None:
            scope = node
            break
        node = node.getparent()
    if known is not None:
        for item in walked:
            known[item] = scope
    return scope


def _scope_kind(scope: HtmlElement | None) -> str:
    """"none" (no itemscope), "article", "page" or "other" (Person, Organization, ...)."""
    if scope is None:
        return "none"
    itemtype = (scope.get("itemtype") or "").lower()
    if any(h in itemtype for h in _ARTICLE_HINTS):
        return "article"
    if "webpage" in itemtype:
        return "page"
    return "other"


#: Weight factor by scope kind: the first article scope is the story, later ones are teasers.
#: Fields a story legitimately has several values of.
_MULTI_VALUED = frozenset({"authors", "keywords"})
_FIRST_ARTICLE, _LATER_ARTICLE, _PAGE, _UNSCOPED = 1.0, 0.5, 0.7, 0.8


def item_value(el: HtmlElement) -> str | None:
    """The microdata value of an element, per the HTML spec's property-value rules."""
    for attr in ("content", "datetime"):
        v = el.get(attr)
        if v is not None:
            return v
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in _URL_TAGS and el.get("href"):
        return el.get("href")
    if tag in _SRC_TAGS and el.get("src"):
        return el.get("src")
    if tag == "meta":
        return None
    return collapse(element_text(el)) or None


def _person(el: HtmlElement) -> str | None:
    if el.get("itemscope") is not None:
        names = _NAME_IN(el)
        if names:
            return item_value(names[0])
        return None
    return item_value(el)


def read(page: Page) -> list[Candidate]:
    """Microdata candidates from the page's ``[itemprop]`` elements.

    Properties outside any article scope count only when each such property has a single
    value: a page listing many unscoped ``itemprop="headline"`` teasers tells nothing about
    its own story.
    """
    out: list[Candidate | None] = []
    first_article: HtmlElement | None = None
    unscoped: list[Candidate | None] = []
    scopes: dict[HtmlElement, HtmlElement | None] = {}
    for el in page.itemprops:
        for prop in (el.get("itemprop") or "").lower().split():
            spec = _PROPS.get(prop)
            if spec is None:
                continue
            field, weight, kind_ = spec
            scope = _scope(el, scopes)
            scope_kind = _scope_kind(scope)
            if scope_kind == "other":
                continue
            if scope_kind == "article":
                if first_article is None:
                    first_article = scope
                factor = _FIRST_ARTICLE if scope is first_article else _LATER_ARTICLE
            else:
                factor = _PAGE if scope_kind == "page" else _UNSCOPED
            c = _candidate(page, el, field, weight * factor, kind_)
            (unscoped if scope_kind == "none" else out).append(c)
    fields: dict[str, set[object]] = {}
    for c in unscoped:
        if c is not None:
            fields.setdefault(c.field, set()).add(c.value)
    for c in unscoped:
        if c is not None and (c.field in _MULTI_VALUED or len(fields[c.field]) == 1):
            out.append(c)
    return dedupe(out)


def _candidate(page: Page, el: HtmlElement, field: str, w: float, kind: str) -> Candidate | None:
    if kind == "date":
        value = item_value(el)
        parsed = parse_machine_date(value) if el.get("content") or el.get("datetime") else parse_date(value or "")
        return date_candidate(field, parsed, SOURCE, w)
    if kind == "person":
        return text_candidate(field, _person(el), SOURCE, w)
    if kind == "url":
        return text_candidate(field, page.absolute(item_value(el)), SOURCE, w)
    value = item_value(el)
    if value and len(value) <= 1000:
        return text_candidate(field, value, SOURCE, w)
    return None
