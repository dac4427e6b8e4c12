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


def clean(root: HtmlElement, *, url: str | None, config: ExtractConfig, keep_comments: frozenset[str] = frozenset()) -> HtmlElement:
    """Remove in place what is never content; returns ``root`` for chaining."""
    doomed: list[HtmlElement] = []
    stack: list[HtmlElement] = [root]
    while stack:
        el = stack.pop()
        tag = el.tag
        if tag is etree.Comment:
            if (el.text or "").strip() not in keep_comments:
                doomed.append(el)
            continue
        if not isinstance(tag, str):  # processing instructions, entities
            doomed.append(el)
            continue
        if tag in DROP_TAGS or (tag == "noscript" and _noscript_is_notice(el)) or is_hidden(el):
            doomed.append(el)
            continue
        stack.extend(el)
    for el in doomed:
        _drop(el)
    return root


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
