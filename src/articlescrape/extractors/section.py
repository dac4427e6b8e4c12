"""Section and breadcrumb: where in the site the story was filed."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.html import HtmlElement

from ..memo import memo
from ..text import collapse
from . import blocks as _blocks
from .blocks import Block

_YOU_ARE_IN = re.compile(r"^(you are (in|here)|vous êtes ici|sie sind hier|está en|estás en|sei in)\s*[:：]\s*(.+)$", re.IGNORECASE)
#: Every character the first letters of _YOU_ARE_IN's branches match, case folding's special
#: cases included ("ſ" for "s"; the tests check every code point): a line starting otherwise
#: is not matched.
_YOU_ARE_IN_INITIALS = frozenset("yYvVsSſeE")
_SEPARATORS = re.compile(r"\s*(?:[:>»›|/\\]|&gt;|→)\s*")
_HOME = re.compile(r"^(home|homepage|front page|startseite|accueil|inicio|portada|首页)$", re.IGNORECASE)
_CRUMB_NAMES = re.compile(r"breadcrumb|crumbs?|you-?are-?here|location|trail", re.IGNORECASE)


def _crumbs(text: str) -> list[str]:
    parts = [p for p in (collapse(x) for x in _SEPARATORS.split(text)) if p]
    while parts and _HOME.match(parts[0]):
        parts.pop(0)
    return parts


_TRAIL_SEPARATORS = re.compile(r"^[\s>»›/:→]*$")
#: How many blocks above the headline a trail of section links may sit.
TRAIL_WINDOW = 6


def _link_trail(block: Block) -> list[str]:
    """``News > State``: a line of two or more links with only trail separators between them."""
    if len(block.links) < 2 or block.link_density < 0.6:
        return []
    rest = block.text
    for _, title in block.links:
        rest = rest.replace(title, "", 1)
    if not _TRAIL_SEPARATORS.match(rest) or not any(c in rest for c in ">»›/→"):
        return []
    return [t for _, t in block.links if t]


#: _CRUMB_NAMES without IGNORECASE, for lower-cased ASCII names (nearly all; faster).
_CRUMB_NAMES_ASCII = re.compile(_CRUMB_NAMES.pattern)


def _named_crumbs(el: HtmlElement) -> bool:
    """Whether a word of ``el``'s class or id names a breadcrumb trail."""
    cls, ident = el.get("class"), el.get("id")
    if cls is None and ident is None:  # most elements: no string to build
        return False
    return _crumb_names(f"{cls or ''} {ident or ''}")


@memo
def _crumb_names(names: str) -> bool:
    """Whether a class/id string names a breadcrumb trail. The pattern never matches across
    whitespace, so one search of the string is a search of each word. Pages repeat a few dozen
    such strings over hundreds of elements: the answer is remembered per string."""
    if names.isascii():
        return _CRUMB_NAMES_ASCII.search(names.lower()) is not None
    return _CRUMB_NAMES.search(names) is not None


#: Elements that may hold a trail (named so by aria-label, class or id).
_TRAIL_TAGS = ("nav", "div", "ol", "ul", "p", "span", "td")


def _trail_label(label: str) -> bool:
    """Whether an ``aria-label`` announces a breadcrumb trail."""
    return label.lower().startswith("breadcrumb")


def _trail_elements(root: HtmlElement) -> Iterator[HtmlElement]:
    """The elements of :data:`_TRAIL_TAGS` (``root`` and below, in document order) that say
    they hold a trail, found one at a time (:func:`breadcrumb` stops at the first that holds
    one, and the tree is walked no further). In C when the compiled walker is built
    (``_walk.TrailScan``: strings are made only for an aria-label, and for a class/id string
    that is not ASCII or holds one of :data:`_CRUMB_WORDS`), else
    :func:`_trail_elements_python`, the reference; the same elements either way."""
    scan = _TRAIL_SCAN
    found = scan.first(root, _trail_label, _crumb_names) if scan is not None else None
    if found is None:
        yield from _trail_elements_python(root)
        return
    while found is not False:
        yield found
        found = scan.first(root, _trail_label, _crumb_names, found)


def _trail_elements_python(root: HtmlElement) -> Iterator[HtmlElement]:
    for el in root.iter(*_TRAIL_TAGS):
        label = el.get("aria-label")
        if (label is not None and _trail_label(label)) or _named_crumbs(el):
            yield el


#: What every branch of :data:`_CRUMB_NAMES` holds as it is (no quantifier on its last
#: letter): an ASCII class/id string holding none of them, in any case, names no trail, and
#: the compiled scan makes no string of it (checked here, at import).
_CRUMB_WORDS = ("crumb", "you", "location", "trail")


def _holds_a_word(branch: str) -> bool:
    for word in _CRUMB_WORDS:
        at = branch.find(word)
        if at >= 0 and branch[at + len(word) : at + len(word) + 1] not in ("?", "*", "{"):
            return True
    return False


if not re.fullmatch(r"[a-z?|-]+", _CRUMB_NAMES.pattern) or not all(_holds_a_word(b) for b in _CRUMB_NAMES.pattern.split("|")):
    raise RuntimeError("a branch of _CRUMB_NAMES holds none of _CRUMB_WORDS: extend them")

#: The compiled scan of _trail_elements, or None (see ``blocks.COMPILED``).
_TRAIL_SCAN = _blocks._WALK.TrailScan(tags=_TRAIL_TAGS, names_words=_CRUMB_WORDS) if _blocks._WALK is not None else None


def breadcrumb(blocks: list[Block], root: HtmlElement, headline: Block | None = None) -> list[str]:
    """The trail of sections above the story, most general first, without "Home"."""
    for block in blocks:
        text = block.text
        # The pattern needs a colon and a known initial: testing for them first spares a regex
        # call per block.
        if (":" in text or "：" in text) and text[:1] in _YOU_ARE_IN_INITIALS and (match := _YOU_ARE_IN.match(text)):
            return _crumbs(match.group(3))
    for el in _trail_elements(root):
        items = [collapse(a.text_content()) for a in el.iter("a", "li") if a.tag == "a" or not len(a)]
        items = [i for i in items if i]
        if not items:
            items = _crumbs(collapse(el.text_content()))
        while items and _HOME.match(items[0]):
            items.pop(0)
        if items:
            return list(dict.fromkeys(items))
    if headline is not None:
        for block in reversed(blocks[max(0, headline.index - TRAIL_WINDOW) : headline.index]):
            trail = _link_trail(block)
            while trail and _HOME.match(trail[0]):
                trail.pop(0)
            if trail:
                return trail
    return []


def choose_section(meta_sections: list[str], crumbs: list[str]) -> str | None:
    """The most specific section: the last breadcrumb when the metadata agrees with the trail
    (or says nothing), else the metadata's own."""
    if crumbs and (not meta_sections or any(m.casefold() in (c.casefold() for c in crumbs) for m in meta_sections)):
        return crumbs[-1]
    return meta_sections[0] if meta_sections else (crumbs[-1] if crumbs else None)
