"""Authors: from the metadata, else from a byline shown near the headline."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..memo import memo
from ..metadata import Metadata
from ..text import AsciiFolded
from .blocks import Block

_BY = re.compile(r"^(?:by|par|von|di|por|door|av)\s+(.{3,120})$", re.IGNORECASE)
_BYLINE_NAMES = re.compile(r"byline|author|writer|reporter|contributor", re.IGNORECASE)
_BYLINE_NAMES_FAST = AsciiFolded(_BYLINE_NAMES)
_SPLIT = re.compile(r"\s*(?:,|\band\b|&|\bund\b|\bet\b|\by\b)\s*")
_ROLE = re.compile(r"\b(correspondent|reporter|editor|writer|staff|news|press|agency|service|online|desk)\b", re.IGNORECASE)
#: How far around the headline a byline is looked for.
WINDOW = 10


@dataclass(slots=True)
class Authors:
    names: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)


def _names(text: str) -> list[str]:
    match = _BY.match(text.strip())
    body = match.group(1) if match else text
    names = []
    for part in _SPLIT.split(body):
        part = part.strip(" .")
        if not part or _ROLE.search(part) or len(part.split()) > 5 or not part[0].isupper():
            continue
        names.append(part)
    return names


def _is_byline(block: Block) -> bool:
    if len(block.text) > 150:
        return False
    if _BY.match(block.text):
        return True
    el = block.element
    if el is None:
        return False
    cls, ident = el.get("class"), el.get("id")
    return (cls is not None or ident is not None) and _byline_names(f"{cls or ''} {ident or ''}")


@memo
def _byline_names(names: str) -> bool:
    """Whether a word of a class/id string names a byline. The pattern holds no whitespace, so
    one search of the string is a search of each word; remembered per string."""
    return _BYLINE_NAMES_FAST.search(names)


def find_authors(blocks: list[Block], headline: Block | None, body_start: int | None, metadata: Metadata) -> Authors:
    """The metadata's authors, else the names of the first byline shown near the headline; and
    the byline blocks either way (they are kept out of the body). A byline's names are read only
    when the metadata names nobody."""
    out = Authors()
    meta = metadata.authors()
    anchor = headline.index if headline is not None else body_start
    if anchor is not None:
        for block in blocks[max(0, anchor - 2) : anchor + WINDOW]:
            if _is_byline(block):
                out.blocks.append(block)
                if not meta and not out.names:
                    out.names = _names(block.text)
    if meta:
        out.names = meta
    return out
