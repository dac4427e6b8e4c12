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

from lxml import etree
from lxml.html import HtmlElement

from .config import ExtractConfig

#: Subtrees never shown as text.
DROP_TAGS = frozenset({"script", "style", "template", "select", "option", "textarea", "input", "button", "iframe", "frame", "frameset", "noembed", "noframes", "svg", "math", "canvas", "link", "dialog"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
#: Class names of text kept for screen readers only, never shown.
#: Pop-ups shown only on hover: their text sits inside the sentence they decorate.
_POPUP = re.compile(r"tooltip|popover|hovercard|rollover|hover-?card", re.IGNORECASE)
_HIDDEN_CLASSES = frozenset({"hidden", "visually-hidden", "visuallyhidden", "sr-only", "screen-reader-text", "screenreader-only", "offscreen", "hide", "is-hidden", "u-hidden"})


#: The same patterns without IGNORECASE, for lower-cased ASCII values (nearly all): about three
#: times faster. Case-insensitive matching stays for the rest, whose Unicode case folding has
#: special cases ("ı" matches "i").
_HIDDEN_STYLE_ASCII = re.compile(_HIDDEN_STYLE.pattern)
_POPUP_ASCII = re.compile(_POPUP.pattern)


def is_hidden(el: HtmlElement) -> bool:
    """Whether a reader never sees ``el``."""
    get = el.get
    if get("hidden") is not None:
        return True
    aria = get("aria-hidden")
    if aria and aria.lower() == "true" and el.tag not in ("img", "i", "span"):
        return True
    style = get("style")
    if style and (_HIDDEN_STYLE_ASCII.search(style.lower()) if style.isascii() else _HIDDEN_STYLE.search(style)):
        return True
    cls = get("class")
    if not cls:
        return False
    lowered = cls.lower()
    if not _HIDDEN_CLASSES.isdisjoint(lowered.split()):
        return True
    # _POPUP never matches across whitespace, so one search of the whole value is a search of each word.
    return (_POPUP_ASCII if lowered.isascii() else _POPUP).search(lowered) is not None


#: Node types and tags every one of which is looked at (``root.iter`` filters them in C).
_CHECKED_NODES = (etree.Comment, etree.ProcessingInstruction, etree.Entity, *sorted(DROP_TAGS), "noscript")
#: Elements whose attributes may hide them; the rest of the page never reaches Python.
_MAY_BE_HIDDEN = etree.XPath("descendant-or-self::*[@hidden or @aria-hidden or @style or @class]")


def clean(root: HtmlElement, *, url: str | None, config: ExtractConfig, keep_comments: frozenset[str] = frozenset()) -> HtmlElement:
    """Remove in place what is never content; returns ``root`` for chaining.

    Every decision is taken before anything is removed, so each one sees the page as it came;
    the order of removal does not matter (tails are handed on in document order either way), and
    removing something inside an already removed subtree changes nothing the page keeps."""
    if _doomed(root, keep_comments):
        return root  # nothing can be cut out of a hidden document's own root
    doomed = [el for el in root.iter(*_CHECKED_NODES) if _doomed(el, keep_comments)]
    doomed.extend(el for el in _MAY_BE_HIDDEN(root) if is_hidden(el))
    for el in doomed:
        _drop(el)
    return root


def _doomed(el: HtmlElement, keep_comments: frozenset[str]) -> bool:
    tag = el.tag
    if tag is etree.Comment:
        return (el.text or "").strip() not in keep_comments
    if not isinstance(tag, str):  # processing instructions, entities
        return True
    return tag in DROP_TAGS or (tag == "noscript" and _noscript_is_notice(el)) or is_hidden(el)


def _noscript_is_notice(el: HtmlElement) -> bool:
    return next(el.iter("img"), None) is None or bool("".join(el.itertext()).strip())


def _drop(el: HtmlElement) -> None:
    """Remove ``el`` and its subtree, keeping its tail text in the document."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)
