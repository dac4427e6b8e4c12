"""Section and breadcrumb: where in the site the story was filed."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from ..text import collapse
from .blocks import Block
from .boxes import class_words

_YOU_ARE_IN = re.compile(r"^(you are (in|here)|vous êtes ici|sie sind hier|está en|estás en|sei in)\s*[:：]\s*(.+)$", re.IGNORECASE)
_SEPARATORS = re.compile(r"\s*(?:[:>»›|/\\]|&gt;|→)\s*")
_HOME = re.compile(r"^(home|homepage|front page|startseite|accueil|inicio|portada|首页|news)$", re.IGNORECASE)
_CRUMB_NAMES = re.compile(r"breadcrumb|crumbs?|you-?are-?here|location|trail", re.IGNORECASE)


def _crumbs(text: str) -> list[str]:
    parts = [p for p in (collapse(x) for x in _SEPARATORS.split(text)) if p]
    while parts and _HOME.match(parts[0]):
        parts.pop(0)
    return parts


def breadcrumb(blocks: list[Block], root: HtmlElement) -> list[str]:
    """The trail of sections above the story, most general first, without "Home"."""
    for block in blocks:
        match = _YOU_ARE_IN.match(block.text)
        if match:
            return _crumbs(match.group(3))
    for el in root.iter("nav", "div", "ol", "ul", "p", "span", "td"):
        if el.get("aria-label", "").lower().startswith("breadcrumb") or any(_CRUMB_NAMES.search(w) for w in class_words(el)):
            items = [collapse(a.text_content()) for a in el.iter("a", "li") if a.tag == "a" or not len(a)]
            items = [i for i in items if i]
            if not items:
                items = _crumbs(collapse(el.text_content()))
            while items and _HOME.match(items[0]):
                items.pop(0)
            if items:
                return list(dict.fromkeys(items))
    return []


def choose_section(meta_sections: list[str], crumbs: list[str]) -> str | None:
    """The most specific section: the last breadcrumb when the metadata agrees with the trail
    (or says nothing), else the metadata's own."""
    if crumbs and (not meta_sections or any(m.casefold() in (c.casefold() for c in crumbs) for m in meta_sections)):
        return crumbs[-1]
    return meta_sections[0] if meta_sections else (crumbs[-1] if crumbs else None)
