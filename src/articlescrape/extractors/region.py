"""The story's region: where its own images, boxes and clips are, as opposed to the page's.

The region is the smallest element holding both the headline and the body; its *span* is the
stretch of it from the headline to the end of the body (promotions after the story share the
region but not the span); its *sidebar* is the column beside it that holds the story's "See
also" list, where table-layout pages put story-specific furniture (clips, links).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from . import blocks as _blocks
from .blocks import Block, StatsMap
from .body import Body
from .links import MAX_LIST_HEADING_CHARS, list_headings

#: The region may hold at most this many times the body's text; beyond it, the common ancestor
#: is the whole page and the body's own column is used instead.
MAX_REGION_TEXT_RATIO = 3.0
#: A "See also" heading is a short line.
MAX_HEADING_CHARS = MAX_LIST_HEADING_CHARS


@dataclass(slots=True)
class Region:
    """The story's region, the document positions of its elements, and its span."""

    element: HtmlElement | None = None
    #: Read-only (the compiled walk's ``PositionMap``, equal to the dict, when it is built).
    order: Mapping[HtmlElement, int] = field(default_factory=dict)
    span: tuple[int, int] = (0, -1)
    sidebar: HtmlElement | None = None

    def in_span(self, el: HtmlElement) -> bool:
        """Whether ``el`` lies between the headline and the end of the body."""
        return self.span[0] <= self.order.get(el, -1) <= self.span[1]


def find_region(
    blocks: list[Block], headline: Block | None, body: Body, stats: StatsMap, headings: list[tuple[int, bool]] | None = None
) -> Region:
    """The story's region. ``headings``: ``links.list_headings(blocks)``, when the caller has it."""
    element = _article_region(headline, body, stats)
    if element is None:
        return Region()
    order = _positions(element)
    return Region(element, order, _story_span(order, headline, body), _story_sidebar(blocks, element, headings))


def _positions(element: HtmlElement) -> Mapping[HtmlElement, int]:
    """Every element of ``element``'s subtree (``iter()``: comments and PIs too) mapped to its
    position in document order; in C when the compiled walker is built (``_walk.PositionMap``,
    read-only and equal to the dict, without a proxy kept alive per node), else the dict."""
    order = _POSITIONS(element) if _POSITIONS is not None else None
    return order if order is not None else {el: i for i, el in enumerate(element.iter())}


#: The compiled builder of Region.order, or None (see ``blocks.COMPILED``).
_POSITIONS: Callable[[HtmlElement], Mapping[HtmlElement, int] | None] | None = _blocks._WALK.positions if _blocks._WALK is not None else None


def common_ancestor(a: HtmlElement, b: HtmlElement) -> HtmlElement | None:
    ancestors = set()
    el: HtmlElement | None = a
    while el is not None:
        ancestors.add(el)
        el = el.getparent()
    el = b
    while el is not None:
        if el in ancestors:
            return el
        el = el.getparent()
    return None


def _article_region(headline: Block | None, body: Body, stats: StatsMap) -> HtmlElement | None:
    container = body.container
    if container is None:
        return None
    fallback = container.getparent() if container.getparent() is not None else container
    if headline is None:
        return fallback
    region = common_ancestor(headline.element, container)
    if region is None or region.tag in ("html", "body"):
        return fallback
    body_chars = sum(len(b.text) for b in body.blocks) or 1
    region_stats = stats.get(region)
    if region_stats is not None and region_stats.chars > body_chars * MAX_REGION_TEXT_RATIO:
        return fallback
    return region


def _story_span(order: Mapping[HtmlElement, int], headline: Block | None, body: Body) -> tuple[int, int]:
    if not order:
        return (0, -1)
    start = order.get(headline.element, 0) if headline is not None else 0
    container = body.container
    if container is None or container not in order:
        return (start, len(order))
    last = container
    while len(last):
        last = last[-1]
    return (start, order.get(last, len(order)))


def _story_sidebar(blocks: list[Block], region: HtmlElement, headings: list[tuple[int, bool]] | None = None) -> HtmlElement | None:
    """The column holding the first "See also" heading, when it sits beside the region."""
    for i, is_related in list_headings(blocks) if headings is None else headings:
        if is_related:
            block = blocks[i]
            common = common_ancestor(block.element, region)
            if common is None or common is region:
                return None
            el = block.element
            while el is not None and el.getparent() is not common:
                el = el.getparent()
            return el
    return None
