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


#: Escapes (``\S``, ``\W``, ``\d``...) are not literal letters; what is left of a pattern must be lower case.
_ESCAPE = re.compile(r"\\.")


class AsciiFolded:
    """A case-insensitive regex that is searched about twice as fast on ASCII text (nearly all
    class names, ids and URLs): such text is lower-cased and searched by a case-sensitive twin.
    Other text goes to the pattern itself, whose Unicode case folding has special cases (``ſ``
    matches ``s``), so the answer is always the pattern's own. The pattern's letters must be
    lower case (``[A-Z]`` or a capital literal would not match lower-cased text)."""

    __slots__ = ("pattern", "_twin")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        literal = _ESCAPE.sub("", pattern.pattern)
        if not pattern.flags & re.IGNORECASE or literal != literal.lower():
            raise ValueError(f"not a case-insensitive lower-case pattern: {pattern.pattern!r}")
        self.pattern = pattern
        self._twin = re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)

    def search(self, text: str) -> bool:
        """Whether the pattern matches somewhere in ``text``."""
        if text.isascii():
            return self._twin.search(text.lower()) is not None
        return self.pattern.search(text) is not None
