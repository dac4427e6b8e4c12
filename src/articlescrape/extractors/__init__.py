"""Stage 5: the field extractors, over the one cleaned tree and the one block list.

``extract_fields`` is the only function the pipeline calls. It linearises the tree once
(:mod:`.blocks`), scores it once (:mod:`.body`), finds the story's region once
(:mod:`.region`) and the side boxes once (:mod:`.boxes`), and hands each field's module
exactly what it needs:

========================  ==========================
field                     module
========================  ==========================
headline                  :mod:`.headline`
published / updated       :mod:`.timestamps`
body paragraphs           :mod:`.body`
images and captions       :mod:`.images`
pull and inline quotes    :mod:`.quotes`
fact boxes                :mod:`.factboxes`
audio and video clips     :mod:`.media`
related / external links  :mod:`.links`
section and breadcrumb    :mod:`.section`
authors                   :mod:`.byline`
========================  ==========================
"""

from __future__ import annotations

from datetime import datetime

from lxml.html import HtmlElement

from ..config import ExtractConfig
from ..metadata import Metadata
from ..model import Article, FactBox, Link, Paragraph
from ..profiles import Profile
from .blocks import Block, linearize
from .body import find_body
from .boxes import SortedBoxes, sort_boxes
from .byline import find_authors
from .factboxes import fact_box
from .headline import choose_headline
from .images import story_images
from .links import links_in, list_headings, related_and_external
from .media import story_clips
from .quotes import folded_story, may_repeat, quotable_text, story_quotes, story_text
from .region import find_region
from .section import breadcrumb, choose_section
from .timestamps import choose_dates


def extract_fields(
    root: HtmlElement,
    *,
    url: str | None,
    config: ExtractConfig,
    metadata: Metadata,
    profile: Profile | None = None,
    capture_time: datetime | None = None,
) -> Article:
    """Every field of the :class:`Article` from the cleaned tree ``root``."""
    blocks, stats = linearize(root)
    headline_candidates = metadata.headline_candidates()
    preferred = profile.body_container(root) if profile is not None else None
    box_matches = profile.box_elements(root) if profile is not None else frozenset()
    body = find_body(blocks, stats, exclude_texts=frozenset(headline_candidates), box_selector_matches=box_matches, preferred=preferred)
    body_start = body.blocks[0].index if body.blocks else None
    headline, headline_block = choose_headline(blocks, body_start, headline_candidates)

    headings = list_headings(blocks)  # for the region's sidebar and the link lists
    region = find_region(blocks, headline_block, body, stats, headings)
    boxes = sort_boxes(region.element, body.boxes, stats, box_matches, lambda el: el not in region.order or region.in_span(el), body.member_boxes)
    _promote_pull_quotes(boxes, body.blocks)
    dates = choose_dates(blocks, headline_block, body_start, metadata, profile=profile, capture_time=capture_time)
    authors = find_authors(blocks, headline_block, body_start, metadata)
    furniture = {b.index for b in dates.blocks} | {b.index for b in authors.blocks}
    if headline_block is not None:
        furniture.add(headline_block.index)
    body_blocks = [b for b in body.blocks if b.index not in furniture]

    # A block's text is collapsed already: the paragraphs are made without collapsing it again.
    paragraphs = [Paragraph._of_collapsed(b.text, "heading" if b.index in body.headings else "paragraph") for b in body_blocks]
    related, external = related_and_external(blocks, url, url, body_blocks, headings)
    for box in boxes.links:
        known = {link.url for link in related}
        related.extend(link for link in links_in(box, url) if link.url not in known and not _is_nav(link))
    crumbs = breadcrumb(blocks, root, headline_block)
    return Article(
        url=url,
        headline=headline,
        published=dates.published,
        published_from=dates.published_from,
        updated=dates.updated,
        section=choose_section(metadata.sections(), crumbs),
        breadcrumb=crumbs,
        authors=authors.names,
        summary=metadata.summary(),
        language=metadata.language(),
        paragraphs=_trim_heading_edges(paragraphs),
        images=story_images(region, url, boxes),
        quotes=story_quotes(boxes.quote, [b for b in body_blocks if b.index not in body.headings], blocks, inline=config.inline_quotes),
        fact_boxes=_fact_boxes(boxes),
        media=story_clips(boxes.media, url, region, stats),
        related_links=related,
        external_links=external,
    )


def _is_nav(link: Link) -> bool:
    return len(link.title) < 3


def _trim_heading_edges(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """A subheading with no paragraph after it is a leftover label, not part of the story."""
    while paragraphs and paragraphs[-1].kind == "heading":
        paragraphs.pop()
    return paragraphs


def _promote_pull_quotes(boxes: SortedBoxes, body_blocks: list[Block]) -> None:
    """Fact-like or unnamed boxes that repeat the story are pull quotes: move them. (The story's
    text is only read when a box could repeat it, and normalised only when all of the box's
    words occur in it: see :func:`.quotes.may_repeat`.)"""
    if not boxes.facts and not boxes.other:
        return
    folded: str | None = None
    story: str | None = None
    for kind in ("facts", "other"):
        kept: list[HtmlElement] = []
        for box in getattr(boxes, kind):
            quoted = quotable_text(box)
            if quoted is not None:
                if folded is None:
                    folded = folded_story(body_blocks)
                if may_repeat(quoted, folded):
                    if story is None:
                        story = story_text(body_blocks)
                    if quoted in story:
                        boxes.quote.append(box)
                        continue
            kept.append(box)
        setattr(boxes, kind, kept)


def _fact_boxes(boxes: SortedBoxes) -> list[FactBox]:
    return [f for f in (fact_box(box) for box in [*boxes.facts, *boxes.other]) if f is not None]
