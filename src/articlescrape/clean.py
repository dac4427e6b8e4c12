"""Stage 4: drop what is never content, in one pass that removes whole subtrees early.

Removed: scripts, styles, templates, form controls, frames and embeds (their fallback text
is not the story's), comments that carry no structure, elements hidden from readers
(``hidden``, ``display:none``, ``visibility:hidden``), and a web archive's injected blocks.
Kept: everything a reader sees, including navigation, boxes and footers — those are told apart
from the story by the extractor, which needs them for the breadcrumb, the "See also" links
and the section. ``<noscript>`` is dropped unless it is the only home of an image (old
lazy-loading), since its text is a "turn on JavaScript" notice.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import partial
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from .config import ExtractConfig
from .edit import drop_keeping_tail

#: Subtrees never shown as text.
DROP_TAGS = frozenset({"script", "style", "template", "select", "option", "textarea", "input", "button", "iframe", "frame", "frameset", "noembed", "noframes", "svg", "math", "canvas", "link", "dialog"})
#: The ``(property, value)`` pairs of styles that hide their element.
HIDING_STYLES = (("display", "none"), ("visibility", "hidden"))
_HIDDEN_STYLE = re.compile("|".join(rf"{prop}\s*:\s*{value}" for prop, value in HIDING_STYLES), re.IGNORECASE)
#: Class names of text kept for screen readers only, never shown.
#: Pop-ups shown only on hover: their text sits inside the sentence they decorate.
_POPUP = re.compile(r"tooltip|popover|hovercard|rollover|hover-?card", re.IGNORECASE)
_HIDDEN_CLASSES = frozenset({"hidden", "visually-hidden", "visuallyhidden", "sr-only", "screen-reader-text", "screenreader-only", "offscreen", "hide", "is-hidden", "u-hidden"})


#: The same patterns without IGNORECASE, for lower-cased ASCII values (nearly all): about three
#: times faster. Case-insensitive matching stays for the rest, whose Unicode case folding has
#: special cases ("ı" matches "i").
_HIDDEN_STYLE_ASCII = re.compile(_HIDDEN_STYLE.pattern)
_POPUP_ASCII = re.compile(_POPUP.pattern)
#: Icons and inline decorations marked ``aria-hidden`` are still seen (only screen readers skip them).
_ARIA_VISIBLE_TAGS = ("img", "i", "span")


def is_hidden(el: HtmlElement, class_cache: dict[str, bool] | None = None) -> bool:
    """Whether a reader never sees ``el``. ``class_cache`` (one dict per page, kept by the
    caller) remembers the answer for each distinct class value: a page repeats a few dozen
    class strings over hundreds of elements."""
    get = el.get
    if get("hidden") is not None:
        return True
    aria = get("aria-hidden")
    if aria and aria.lower() == "true" and el.tag not in _ARIA_VISIBLE_TAGS:
        return True
    style = get("style")
    if style and _hiding_style(style):
        return True
    cls = get("class")
    if not cls:
        return False
    if class_cache is None:
        return hiding_class(cls)
    hidden = class_cache.get(cls)
    if hidden is None:
        hidden = class_cache[cls] = hiding_class(cls)
    return hidden


#: Attributes other than ``class`` by which :func:`is_hidden` may hide an element.
HIDING_ATTRIBUTES = ("hidden", "aria-hidden", "style")
#: Elements :func:`clean` drops or judges by their tag alone.
JUDGED_TAGS = DROP_TAGS | {"noscript"}


def _hiding_style(style: str) -> bool:
    """Whether a style value hides its element (``display: none``, ``visibility: hidden``)."""
    return (_HIDDEN_STYLE_ASCII.search(style.lower()) if style.isascii() else _HIDDEN_STYLE.search(style)) is not None


#: Every hiding class word and every _POPUP match holds one of these: a lower-cased ASCII value
#: without any is not hidden (one search instead of splitting every value into words; the
#: compiled metadata index answers such values without asking :func:`hiding_class`).
HIDING_CLASS_WORDS = ("hid", "sr-only", "screen", "tooltip", "popover", "hover", "rollover")
_HIDING_CLASS_HINT = re.compile("|".join(re.escape(word) for word in HIDING_CLASS_WORDS))
if not all(_HIDING_CLASS_HINT.search(word) for word in _HIDDEN_CLASSES):
    raise RuntimeError("a hiding class word lacks every _HIDING_CLASS_HINT: extend the hint")
if not all(_HIDING_CLASS_HINT.search(word) for word in _POPUP.pattern.split("|")):
    raise RuntimeError("a _POPUP branch lacks every _HIDING_CLASS_HINT: extend the hint")


def hiding_class(cls: str) -> bool:
    """Whether a class value hides its element (a screen-reader-only or a hover-only class)."""
    lowered = cls.lower()
    if lowered.isascii() and _HIDING_CLASS_HINT.search(lowered) is None:
        return False
    if not _HIDDEN_CLASSES.isdisjoint(lowered.split()):
        return True
    # _POPUP never matches across whitespace, so one search of the whole value is a search of each word.
    return (_POPUP_ASCII if lowered.isascii() else _POPUP).search(lowered) is not None


#: Node types and tags every one of which is looked at (``root.iter`` filters them in C).
_CHECKED_NODES = (etree.Comment, etree.ProcessingInstruction, etree.Entity, *sorted(DROP_TAGS), "noscript")
#: The attributes that may hide their element, as values in document order (found in C; an
#: attribute value costs less to fetch than its element's proxy, which only hidden ones need).
_HIDING_ATTRIBUTES = etree.XPath(
    "descendant-or-self::*/@hidden | descendant-or-self::*/@aria-hidden"
    " | descendant-or-self::*/@style | descendant-or-self::*/@class"
)


def clean(
    root: HtmlElement,
    *,
    url: str | None,
    config: ExtractConfig,
    keep_comments: frozenset[str] = frozenset(),
    suspects: Iterable[etree._Element] | None = None,
) -> HtmlElement:
    """Remove in place what is never content; returns ``root`` for chaining.

    ``suspects``, when given, are the nodes under ``root`` to judge, found by a walk another stage
    made over the unchanged tree (the metadata index, see :attr:`Page.suspects`): at least every
    comment, processing instruction and entity, every element of :data:`JUDGED_TAGS`, every
    element with one of :data:`HIDING_ATTRIBUTES`, and every element whose class hides it
    (:func:`hiding_class`). Without them the tree is searched here.

    Every decision is taken before anything is removed, so each one sees the page as it came;
    the order of removal does not matter (tails are handed on in document order either way), and
    removing something inside an already removed subtree changes nothing the page keeps."""
    class_cache: dict[str, bool] = {}
    if _doomed(root, keep_comments, class_cache):
        return root  # nothing can be cut out of a hidden document's own root
    if suspects is not None:
        remover = _REMOVER if _REMOVER is not None else _load_remover()
        if remover:
            listed = suspects if isinstance(suspects, list) else list(suspects)
            judge = partial(_doomed, keep_comments=keep_comments, class_cache=class_cache)
            if remover.remove(listed, judge, drop_keeping_tail, not keep_comments) is not None:
                return root
            suspects = listed
        doomed = [el for el in suspects if _doomed(el, keep_comments, class_cache)]
    else:
        doomed = [el for el in root.iter(*_CHECKED_NODES) if _doomed(el, keep_comments, class_cache)]
        doomed.extend(_hidden_by_attributes(root, class_cache))
    for el in doomed:
        drop_keeping_tail(el)
    return root


#: The compiled judge and remover of the suspects (``extractors._walk.Remover``), made on first
#: use (the extractors package, which decides whether the compiled walker is usable, imports
#: this module indirectly). False when the pure-Python loop of :func:`clean` is in use.
_REMOVER: Any = None


def _load_remover() -> Any:
    """The compiled remover, or False. It takes the verdicts that depend on a node's kind and
    tag alone (:data:`DROP_TAGS`, comments when none is kept, processing instructions and
    entities), asks :func:`_doomed` the rest, and removes as :func:`drop_keeping_tail` does,
    calling it for what it does not model; that loop stays the reference."""
    global _REMOVER
    from .extractors import blocks

    _REMOVER = _make_remover(blocks._WALK) if blocks._WALK is not None else False
    return _REMOVER


def _make_remover(walk: Any) -> Any:
    """The compiled remover of module ``walk``, told the tag-only verdicts and the rest of
    :func:`is_hidden`'s rule, so that it judges the hiding attributes of an element itself when
    they are ASCII (noscript, whose verdict reads its subtree, is left to :func:`_doomed`)."""
    return walk.Remover(
        drop_tags=DROP_TAGS,
        python_tags=sorted(JUDGED_TAGS - DROP_TAGS),
        aria_visible_tags=_ARIA_VISIBLE_TAGS,
        hiding_styles=HIDING_STYLES,
        hiding_class_words=HIDING_CLASS_WORDS,
    )


def _hidden_by_attributes(root: HtmlElement, class_cache: dict[str, bool]) -> list[HtmlElement]:
    """Elements under ``root`` that :func:`is_hidden` hides, each attribute judged on its own
    (is_hidden is an "or" of one test per attribute); ``class_cache`` as for is_hidden."""
    hidden: list[HtmlElement] = []
    style_cache: dict[str, bool] = {}
    for value in _HIDING_ATTRIBUTES(root):
        name = value.attrname
        if name == "class":
            if not value:
                continue
            hides = class_cache.get(value)
            if hides is None:
                hides = class_cache[value] = hiding_class(value)
        elif name == "style":
            if not value:
                continue
            hides = style_cache.get(value)
            if hides is None:
                hides = style_cache[value] = _hiding_style(value)
        elif name == "hidden":
            hides = True
        else:  # aria-hidden
            hides = value.lower() == "true" and value.getparent().tag not in _ARIA_VISIBLE_TAGS
        if hides:
            hidden.append(value.getparent())
    return hidden


def _doomed(el: HtmlElement, keep_comments: frozenset[str], class_cache: dict[str, bool]) -> bool:
    tag = el.tag
    if tag is etree.Comment:
        # Without comments to keep (every page but a profile's) the text need not be read.
        return not keep_comments or (el.text or "").strip() not in keep_comments
    if not isinstance(tag, str):  # processing instructions, entities
        return True
    return tag in DROP_TAGS or (tag == "noscript" and _noscript_is_notice(el)) or is_hidden(el, class_cache)


def _noscript_is_notice(el: HtmlElement) -> bool:
    return next(el.iter("img"), None) is None or bool("".join(el.itertext()).strip())
