"""Fact boxes: a title, a few short lines, perhaps a source."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from ..dates import looks_like_date_line, parse_date
from ..model import FactBox
from .blocks import lines

_SOURCE = re.compile(r"^(?:sources?|quelle|fuente|fonte|bron|källa)\s*:\s*(.+)$", re.IGNORECASE)
#: A fact box line longer than this is prose (a box of text, not of facts).
MAX_FACT_LINE_CHARS = 200


#: A fact box's title is a label, not a sentence.
MAX_TITLE_CHARS = 80
_BYLINE = re.compile(r"^(?:by|par|von|por|di)\s", re.IGNORECASE)


def fact_box(box: HtmlElement) -> FactBox | None:
    """Read a fact box, or ``None`` when the box does not look like one: a short title over at
    least two short lines (or one line and its source). A byline with its date lines, or a
    paragraph of prose, is not a fact box."""
    items = lines(box)
    if len(items) < 2:
        return None
    head = items[0]
    if not (head.bold or head.heading or len(head.text) < MAX_TITLE_CHARS) or head.text.endswith(".") or _BYLINE.match(head.text):
        return None
    title = head.text.rstrip(":")
    texts = [b.text for b in items[1:]]
    source = None
    if texts and (match := _SOURCE.match(texts[-1])):
        source = match.group(1)
        texts = texts[:-1]
    if not texts or (len(texts) < 2 and source is None) or any(len(t) > MAX_FACT_LINE_CHARS for t in texts):
        return None
    if sum(1 for t in texts if _is_date_line(t)) * 2 >= len(texts):
        return None
    return FactBox(title=title, lines=texts, source=source)


def _is_date_line(text: str) -> bool:
    parsed = parse_date(text) if looks_like_date_line(text) else None
    return parsed is not None and parsed.has_time
