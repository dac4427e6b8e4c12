"""Stage 5: the field extractors, over the one cleaned tree and the one block list.

``extract_fields`` is the only function the pipeline calls. It linearises the tree once
(:mod:`.blocks`), scores it once (:mod:`.body`), finds the side boxes once (:mod:`.boxes`),
and hands each field's module exactly what it needs:

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

import re
from dataclasses import dataclass, field
from datetime import datetime

from lxml.html import HtmlElement

from ..config import ExtractConfig
from ..metadata import Metadata
from ..model import Article, FactBox, Image, Link, Media, Paragraph, Quote
from ..profiles import Profile
from .blocks import Block, TextStats, linearize, lines
from .body import Body, find_body
from .boxes import MEDIA_HREF_FAST, classify_box, content_images, find_boxes
from .byline import find_authors
from .factboxes import fact_box
from .headline import choose_headline
from .images import clip_stills, extract_images
from .links import RELATED_HEADING, links_in, related_and_external
from .media import media_from_box
from .quotes import inline_quotes, pull_quote, strip_quote_marks
from .section import breadcrumb, choose_section
from .timestamps import choose_dates

#: The article region (headline to body) may hold at most this many times the body's text;
#: beyond it, the common ancestor is the whole page and the body's own column is used instead.
MAX_REGION_TEXT_RATIO = 3.0


@dataclass(slots=True)
class _Boxes:
    """The side boxes around the story, sorted by kind."""

    image: list[HtmlElement] = field(default_factory=list)
    quote: list[HtmlElement] = field(default_factory=list)
    media: list[HtmlElement] = field(default_factory=list)
    facts: list[HtmlElement] = field(default_factory=list)
    links: list[HtmlElement] = field(default_factory=list)
    junk: list[HtmlElement] = field(default_factory=list)
    other: list[HtmlElement] = field(default_factory=list)


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

    region = _article_region(headline_block, body, stats)
    order = {el: i for i, el in enumerate(region.iter())} if region is not None else {}
    span = _story_span(order, headline_block, body)
    boxes = _sort_boxes(region, body, stats, box_matches, order, span)
    _find_pull_quotes(boxes, body.blocks)
    dates = choose_dates(blocks, headline_block, body_start, metadata, profile=profile, capture_time=capture_time)
    authors = find_authors(blocks, headline_block, body_start, metadata)
    furniture = {b.index for b in dates.blocks} | {b.index for b in authors.blocks}
    if headline_block is not None:
        furniture.add(headline_block.index)
    body_blocks = [b for b in body.blocks if b.index not in furniture]

    paragraphs = [Paragraph(b.text, "heading" if b.index in body.headings else "paragraph") for b in body_blocks]
    paragraphs = _trim_heading_edges(paragraphs)
    images = _images(region, url, boxes, order, span)
    quotes = _quotes(boxes, [b for b in body_blocks if b.index not in body.headings], blocks, config)
    related, external = related_and_external(blocks, url, url, body_blocks)
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
        paragraphs=paragraphs,
        images=images,
        quotes=quotes,
        fact_boxes=_fact_boxes(boxes),
        media=_media(boxes, url, region, _story_sidebar(blocks, region), stats, order, span),
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


def _common_ancestor(a: HtmlElement, b: HtmlElement) -> HtmlElement | None:
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


def _article_region(headline_block: Block | None, body: Body, stats: dict[HtmlElement, TextStats]) -> HtmlElement | None:
    """The smallest element holding both the headline and the body: where the story's own
    images, quotes, boxes and clips are, as opposed to the rest of the page's."""
    container = body.container
    if container is None:
        return None
    fallback = container.getparent() if container.getparent() is not None else container
    if headline_block is None:
        return fallback
    region = _common_ancestor(headline_block.element, container)
    if region is None or region.tag in ("html", "body"):
        return fallback
    body_chars = sum(len(b.text) for b in body.blocks) or 1
    region_stats = stats.get(region)
    if region_stats is not None and region_stats.chars > body_chars * MAX_REGION_TEXT_RATIO:
        return fallback
    return region


def _story_span(order: dict[HtmlElement, int], headline: Block | None, body: Body) -> tuple[int, int]:
    """Positions (in ``order``) from the headline to the end of the body: the story's own
    stretch of its region. Promos after the story share the region but not the span."""
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


def _sort_boxes(
    region: HtmlElement | None,
    body: Body,
    stats: dict[HtmlElement, TextStats],
    extra: frozenset[HtmlElement],
    order: dict[HtmlElement, int],
    span: tuple[int, int],
) -> _Boxes:
    out = _Boxes()
    if region is None:
        return out
    found = list(dict.fromkeys([*body.boxes, *find_boxes(region, stats, extra)]))
    found_set = set(found)
    found = [b for b in found if not any(a in found_set for a in b.iterancestors()) and (b not in order or span[0] <= order[b] <= span[1])]
    for box in found:
        getattr(out, classify_box(box, stats)).append(box)
    return out


#: A pull quote repeats at least this many characters of the story's own text.
MIN_PULL_QUOTE_CHARS = 20


def _find_pull_quotes(boxes: _Boxes, body_blocks: list[Block]) -> None:
    """Boxes that repeat a sentence of the story with a name under it are pull quotes, however
    they are styled: move them from facts/other to quotes."""
    story = _normalise(" ".join(b.text for b in body_blocks))
    for kind in ("facts", "other"):
        kept = []
        for box in getattr(boxes, kind):
            texts = [b.text for b in lines(box)]
            main = max(texts, key=len) if texts else ""
            quoted = _normalise(strip_quote_marks(main))
            if 1 <= len(texts) <= 3 and len(quoted) >= MIN_PULL_QUOTE_CHARS and quoted in story:
                boxes.quote.append(box)
            else:
                kept.append(box)
        setattr(boxes, kind, kept)


def _normalise(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _images(region: HtmlElement | None, url: str | None, boxes: _Boxes, order: dict[HtmlElement, int], span: tuple[int, int]) -> list[Image]:
    if region is None:
        return []
    image_of_box = {img: box for box in boxes.image for img in content_images(box)}
    skip = set(boxes.links) | set(boxes.junk) | set(boxes.media) | set(boxes.quote)
    images = extract_images(region, url, skip=skip, boxes=image_of_box, order=order, span=span)
    known = {i.src for i in images}
    images.extend(i for i in clip_stills(boxes.media, url) if i.src not in known)
    return images


def _first_block_index(box: HtmlElement, blocks: list[Block], first_of: dict[HtmlElement, int] | None = None) -> int:
    """Index of the first block inside ``box`` (``len(blocks)`` when none is). ``first_of`` maps
    each block element to its first block's index (see :func:`_first_blocks`): with it, the cost
    is the size of the box, not of the page."""
    if first_of is None:
        first_of = _first_blocks(blocks)
    return min((first_of[el] for el in box.iter() if el in first_of), default=len(blocks))


def _first_blocks(blocks: list[Block]) -> dict[HtmlElement, int]:
    first_of: dict[HtmlElement, int] = {}
    for block in blocks:
        first_of.setdefault(block.element, block.index)
    return first_of


def _quotes(boxes: _Boxes, paragraphs: list[Block], blocks: list[Block], config: ExtractConfig) -> list[Quote]:
    """Pull quotes and inline quotations, in the order a reader meets them."""
    placed: list[tuple[int, int, Quote]] = []
    first_of = _first_blocks(blocks) if boxes.quote else {}
    for box in boxes.quote:
        quote = pull_quote(box)
        if quote is not None:
            placed.append((_first_block_index(box, blocks, first_of), 0, quote))
    if config.inline_quotes:
        for block in paragraphs:
            placed.extend((block.index, n, q) for n, q in enumerate(inline_quotes([block.text]), start=1))
    return [q for _, _, q in sorted(placed, key=lambda t: (t[0], t[1]))]


def _fact_boxes(boxes: _Boxes) -> list[FactBox]:
    return [f for f in (fact_box(box) for box in [*boxes.facts, *boxes.other]) if f is not None]


def _media(
    boxes: _Boxes,
    url: str | None,
    region: HtmlElement | None,
    sidebar: HtmlElement | None,
    stats: dict[HtmlElement, TextStats],
    order: dict[HtmlElement, int],
    span: tuple[int, int],
) -> list[Media]:
    """Clips in the story's media boxes, plus clip links elsewhere in the story's stretch of its
    region or in its sidebar (read with the small box around each link); one entry per clip."""
    found = list(boxes.media)
    covered = {el for box in found for el in box.iter("a")}  # links already inside a found box
    for scope in (region, sidebar):
        if scope is None:
            continue
        for a in scope.iter("a"):
            if not (MEDIA_HREF_FAST.search(a.get("href") or "") or MEDIA_HREF_FAST.search(a.get("onclick") or "")):
                continue
            if a in covered:
                continue
            box = _clip_box(a, stats)
            if scope is region and not span[0] <= order.get(a, -1) <= span[1] and _in_clip_list(box):
                continue  # a list of clips after the story is a promotion ("Trending videos")
            found.append(box)
            covered.update(box.iter("a"))
    clips: dict[str | None, Media] = {}
    for media in (media_from_box(box, url) for box in found):
        if media is None:
            continue
        known = clips.get(media.url) if media.url else None
        if known is None or (known.title is None and media.title is not None):
            clips[media.url or f"#{len(clips)}"] = media
    return list(clips.values())


#: The box read around a clip link holds at most this many characters.
MAX_CLIP_BOX_CHARS = 300


def _in_clip_list(box: HtmlElement) -> bool:
    parent = box.getparent()
    return parent is not None and sum(1 for a in parent.iter("a") if MEDIA_HREF_FAST.search(a.get("href") or "")) > 1


def _clip_box(link: HtmlElement, stats: dict[HtmlElement, TextStats]) -> HtmlElement:
    """The largest element around a clip link that is still just that clip's box."""
    box = link
    parent = link.getparent()
    while parent is not None and parent.tag not in ("body", "html"):
        s = stats.get(parent)
        if s is not None and s.chars > MAX_CLIP_BOX_CHARS:
            break
        if sum(1 for a in parent.iter("a") if MEDIA_HREF_FAST.search(a.get("href") or "")) > 1:
            break
        box, parent = parent, parent.getparent()
    return box


def _story_sidebar(blocks: list[Block], region: HtmlElement | None) -> HtmlElement | None:
    """The column beside the story that holds its "See also" list: story-specific furniture
    (clips, links) lives there on table-layout pages."""
    if region is None:
        return None
    for block in blocks:
        if len(block.text) <= 60 and RELATED_HEADING.match(block.text):
            common = _common_ancestor(block.element, region)
            if common is None or common is region:
                return None
            el = block.element
            while el is not None and el.getparent() is not common:
                el = el.getparent()
            return el
    return None
