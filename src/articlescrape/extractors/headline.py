"""The headline: the visible heading of the story, confirmed by the page's metadata.

The metadata (``og:title``, JSON-LD ``headline``, an old CMS's ``Headline`` meta, the
``<title>`` minus the site name) says what the headline is *about*; the page shows it as the
most prominent heading just above the story. The visible heading wins — it is what readers saw,
and ``<title>`` often carries the site name or a shortened form — but a heading that matches
the metadata is preferred to one that merely looks big (a section label in an ``<h1>``).
"""

from __future__ import annotations

import re

from ..memo import memo
from ..text import AsciiFolded, collapse
from .alternations import factored
from .blocks import Block

#: How many blocks before the body's first one are searched for the headline.
LOOKBACK_BLOCKS = 40
#: How many blocks into the body the headline may sit (some templates put it inside).
LOOKAHEAD_BLOCKS = 3
MIN_HEADLINE_CHARS = 4
MAX_HEADLINE_CHARS = 300
_HEADLINE_NAMES = re.compile(r"headline|title|heading|entry-title|story-?head|hed$", re.IGNORECASE)
#: _HEADLINE_NAMES over a whole class/id string at once: its branches hold no whitespace, so
#: a match lies within one word, and ``$`` (a word's end) is "no non-space next". Searched
#: lower-cased and case-sensitive on ASCII strings (see AsciiFolded), as a trie (see :mod:`.alternations`).
_HEADLINE_NAMES_IN_STRING = AsciiFolded(re.compile(factored(_HEADLINE_NAMES.pattern.replace("hed$", r"hed(?!\S)")), re.IGNORECASE))
_SPACE_PUNCT = re.compile(r"[\W_]+", re.UNICODE)


def _norm(text: str) -> str:
    return _SPACE_PUNCT.sub(" ", text.casefold()).strip()


def _normalised_agreement(norm: str, others: list[str]) -> float:
    """1.0 when the text equals a metadata headline, 0.6 when one contains the other; both
    normalised by :func:`_norm` already (the candidates once per page, not once per block)."""
    best = 0.0
    for other in others:
        if not other or not norm:
            continue
        if norm == other:
            return 1.0
        if len(norm) >= 10 and (norm in other or other in norm):
            best = max(best, 0.6)
    return best


#: Points of a heading by level (other levels: 1).
_HEADING_POINTS = {1: 3.0, 2: 2.0, 3: 1.5}


def _prominence(block: Block) -> float:
    score = 0.0
    if block.heading:
        score += _HEADING_POINTS.get(block.heading, 1.0)
    elif block.bold:
        score += 1.0
    el = block.element
    for _ in range(2):
        if el is None:
            break
        cls, ident = el.get("class"), el.get("id")
        if (cls is not None or ident is not None) and _names_headline(f"{cls or ''} {ident or ''}"):
            score += 2.0
            break
        el = el.getparent()
    return score


@memo
def _names_headline(names: str) -> bool:
    """Whether a word of a class/id string names a headline (remembered per string: the
    window's blocks and their parents repeat a few names)."""
    return _HEADLINE_NAMES_IN_STRING.search(names)


def choose_headline(blocks: list[Block], body_start: int | None, candidates: list[str]) -> tuple[str | None, Block | None]:
    """The headline and the block showing it (``None`` when only metadata names it)."""
    start = body_start if body_start is not None else min(len(blocks), LOOKBACK_BLOCKS)
    window = blocks[max(0, start - LOOKBACK_BLOCKS) : start + LOOKAHEAD_BLOCKS]
    best: tuple[float, Block] | None = None
    others = [_norm(c) for c in candidates]
    for block in window:
        text = block.text
        if not (MIN_HEADLINE_CHARS <= len(text) <= MAX_HEADLINE_CHARS) or block.link_density > 0.5:
            continue
        agreement = _normalised_agreement(_norm(text), others)
        if not agreement and candidates and not block.heading:
            continue  # bold text that the metadata does not confirm is a label, not the headline
        prominence = _prominence(block)  # asked only of a block that could still win
        if not agreement and not prominence:
            continue
        distance = abs(start - block.index)
        score = agreement * 10 + prominence - distance * 0.05
        if best is None or score > best[0]:
            best = (score, block)
    if best is not None and (best[0] >= 3 or not candidates):
        return best[1].text, best[1]
    return (collapse(candidates[0]) if candidates else None), None
