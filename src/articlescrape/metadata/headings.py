"""Visible headline evidence for ranking: ``<h1>`` elements and hAtom ``entry-title``.

The extractor makes the final visible-heading choice; these candidates exist so the metadata
ranking can see which declared headline the page actually *shows* (og:title is often a shorter
social headline than the one on the page). A page with several ``<h1>`` (a section label and the
story's headline) makes each of them weaker evidence.
"""

from __future__ import annotations

from ..text import collapse
from .base import Candidate, Page, dedupe, element_text, text_candidate
from .microformats import has_class

SOURCE = "h1"
HATOM_SOURCE = "hatom"

_MAX = 4


def read(page: Page) -> list[Candidate]:
    """Up to a few ``<h1>``/``entry-title`` texts; weight falls with their number."""
    found = [el for el in page.marked if el.tag == "h1" or has_class(el.get("class"), "entry-title")][: _MAX * 2]
    h1s = [el for el in found if el.tag == "h1"]
    weight = 0.5 if len(h1s) <= 1 else 0.3
    out: list[Candidate | None] = []
    for el in found:
        text = collapse(element_text(el))
        if not text or len(text) > 300:
            continue
        if el.tag == "h1":
            out.append(text_candidate("headline", text, SOURCE, weight))
        else:
            out.append(text_candidate("headline", text, HATOM_SOURCE, 0.6))
    return dedupe(out)[:_MAX]
