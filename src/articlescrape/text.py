"""Text helpers shared by every stage: whitespace collapsing and cheap text measures.

Kept free of lxml so the model can use them without importing the parser.
"""

from __future__ import annotations

import re

_WS = re.compile(r"\s+")


def collapse(text: str | None) -> str:
    """Collapse every run of whitespace (``&nbsp;`` included) to one space and strip the ends.

    Every text-like field of the public JSON goes through this, so consumers never see the
    layout whitespace of the source page.
    """
    if not text:
        return ""
    # str.split() splits on exactly what the regex ``\s`` matches (``&nbsp;`` included).
    return " ".join(text.split())


def collapse_or_none(text: str | None) -> str | None:
    """Like :func:`collapse` but keeps ``None`` (and maps an all-blank string to ``None``)."""
    if text is None:
        return None
    out = collapse(text)
    return out or None
