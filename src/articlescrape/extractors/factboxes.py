"""Fact boxes: a title, a few short lines, perhaps a source."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from ..model import FactBox
from .blocks import lines

_SOURCE = re.compile(r"^(?:sources?|quelle|fuente|fonte|bron|källa)\s*:\s*(.+)$", re.IGNORECASE)
#: A fact box line longer than this is prose (a box of text, not of facts).
MAX_FACT_LINE_CHARS = 200


def fact_box(box: HtmlElement) -> FactBox | None:
    """Read a fact box, or ``None`` when the box does not look like one."""
    items = lines(box)
    if len(items) < 2:
        return None
    title = None
    if items[0].bold or items[0].heading or len(items[0].text) < 60 and not items[0].text.endswith("."):
        title = items[0].text.rstrip(":")
        items = items[1:]
    source = None
    texts = [b.text for b in items]
    if texts and (match := _SOURCE.match(texts[-1])):
        source = match.group(1)
        texts = texts[:-1]
    if not texts or any(len(t) > MAX_FACT_LINE_CHARS for t in texts):
        return None
    return FactBox(title=title, lines=texts, source=source)
