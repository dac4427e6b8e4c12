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


def is_hidden(el: HtmlElement) -> bool:
    """Whether a reader never sees ``el``."""
    if el.get("hidden") is not None or (el.get("aria-hidden") or "").lower() == "true" and el.tag not in ("img", "i", "span"):
        return True
    style = el.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    cls = el.get("class")
    if not cls:
        return False
    words = cls.lower().split()
    return not _HIDDEN_CLASSES.isdisjoint(words) or any(_POPUP.search(w) for w in words)


#: Characters a class name of interest is written in; a class holding any other character (or
#: upper case) is always handed to :func:`is_hidden`, so the XPath pre-filter below can never
#: skip an element that Python's case-insensitive matching would have caught.
_PLAIN_CLASS_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789-_ \t\n\r"
#: Substrings one of which every hiding class name contains (see _HIDDEN_CLASSES and _POPUP).
_HIDDEN_CLASS_HINTS = ("hid", "sr-only", "screen", "offscreen", "tooltip", "popover", "hover", "rollover")


def _candidates_xpath() -> etree.XPath:
    """Nodes that may have to go, found in one C-level walk, in document order: comments and
    processing instructions, the tags of DROP_TAGS, ``<noscript>``, and elements whose
    ``hidden``/``aria-hidden``/``style``/``class`` attributes may hide them. Everything else
    (most of the page) never reaches Python."""
    tags = " or ".join(f"self::{tag}" for tag in sorted(DROP_TAGS | {"noscript"}))
    hints = " or ".join(f"contains(@class, '{hint}')" for hint in _HIDDEN_CLASS_HINTS)
    odd_class = f"translate(@class, '{_PLAIN_CLASS_CHARS}', '') != ''"
    element = f"{tags} or @hidden or @aria-hidden or @style or {odd_class} or {hints}"
    return etree.XPath(f"descendant-or-self::comment() | descendant-or-self::processing-instruction() | descendant-or-self::*[{element}]")


_CANDIDATES = _candidates_xpath()


def clean(root: HtmlElement, *, url: str | None, config: ExtractConfig, keep_comments: frozenset[str] = frozenset()) -> HtmlElement:
    """Remove in place what is never content; returns ``root`` for chaining.

    Candidates come in document order, so a dropped element's descendants come after it and are
    by then outside the tree (dropping them again changes nothing the page keeps), and every
    decision is taken on an unmodified subtree, exactly as a top-down walk would take it."""
    candidates = _CANDIDATES(root)
    if candidates and candidates[0] is root and _doomed(root, keep_comments):
        return root  # nothing can be cut out of a hidden document's own root
    for el in candidates:
        if _doomed(el, keep_comments):
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
