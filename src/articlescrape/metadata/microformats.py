"""Microformats and plain-HTML author markers: ``<a rel="author">``, hCard ``fn`` inside an
``author``/``byline`` element (hAtom/hNews, common 2006-2015), and hAtom ``entry-summary``.

Comment sections repeat the same markers for every commenter, so a page with many distinct
names this way tells nothing about the story's author: past a few names nothing is kept.
"""

from __future__ import annotations

from lxml.html import HtmlElement

from ..text import collapse
from .base import Candidate, Page, dedupe, element_text, text_candidate

SOURCE = "microformats"

_BYLINE_CLASSES = ("author", "byline", "vcard")
_MAX_DEPTH = 6
_MAX_AUTHORS = 4


def _in_byline(el: HtmlElement) -> bool:
    """Whether an hCard name sits in (or is) an author/byline element."""
    node: HtmlElement | None = el
    for _ in range(_MAX_DEPTH):
        if node is None:
            return False
        cls = (node.get("class") or "").lower()
        if any(c in cls for c in _BYLINE_CLASSES):
            return True
        node = node.getparent()
    return False


def has_class(attr: str | None, name: str) -> bool:
    """Whether the class attribute ``attr`` holds the token ``name``; it is split only when it
    holds the text at all (most marked elements' classes do not)."""
    return attr is not None and name in attr and name in attr.split()


def read(page: Page) -> list[Candidate]:
    """Author names from rel=author links and hCard names in bylines; the hAtom summary."""
    names: list[str] = []
    summaries: list[HtmlElement] = []
    for el in page.marked:
        classes = el.get("class")
        if has_class(classes, "entry-summary"):
            summaries.append(el)
        rel = el.get("rel")
        rel_author = rel is not None and has_class(rel.lower(), "author")  # a rel token, as a class
        if el.tag == "link":
            text = collapse(el.get("title")) if rel_author else ""
        elif rel_author or (has_class(classes, "fn") and _in_byline(el)):
            text = collapse(element_text(el))
        else:
            continue
        if text and len(text) <= 80 and text not in names:
            names.append(text)
    out: list[Candidate | None] = []
    if names and len(names) <= _MAX_AUTHORS:
        out.extend(text_candidate("authors", n, SOURCE, 0.6) for n in names)
    if len(summaries) == 1:
        text = collapse(element_text(summaries[0]))
        if 20 <= len(text) <= 600:
            out.append(text_candidate("summary", text, SOURCE, 0.5))
    return dedupe(out)
