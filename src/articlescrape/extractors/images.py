"""Images of the story and their captions and credits.

The caption is the text the page shows with an image (``figcaption``, an element whose class
says caption, or the text of the image's box); the alt text is kept apart, since on old pages
the two differ and both carry information.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from lxml.html import HtmlElement

from ..model import Image
from ..text import AsciiFolded, collapse, collapse_or_none
from ..urls import absolute
from . import blocks as _blocks
from .blocks import lines
from .boxes import SortedBoxes, is_content_image
from .region import Region

#: A line that names who took a picture rather than what it shows.
_CREDIT_LINE = re.compile(
    r"^(?:(?:AP|AFP|Reuters|Getty(?: Images)?|EPA|PA|Corbis|Bloomberg|dpa|ANP|Xinhua|Press Association)\b[^.]{0,40}|"
    r"[^.]{0,40}\b(?:photo(?:graph)?|picture|image|foto)s?\s*(?:/|:|by)\s*[^.]{1,50}|(?:©|\(c\)|copyright)\s*[^.]{1,50})$",
    re.IGNORECASE,
)
_CAPTION = re.compile(r"caption|legend|figcaption|wp-caption-text", re.IGNORECASE)
_CREDIT = re.compile(r"credit|copyright|photographer|byline|source|attribution", re.IGNORECASE)
_CAPTION_FAST, _CREDIT_FAST = AsciiFolded(_CAPTION), AsciiFolded(_CREDIT)
_CREDIT_IN_TEXT = re.compile(
    r"\s*[(\[]?\s*(?:(?:photo(?:graph)?|picture|image|credit|foto|bild)s?\s*(?:by)?\s*[:/]|©|\(c\)|copyright)\s*([^()\[\]]{2,80}?)\s*[)\]]?\s*$",
    re.IGNORECASE,
)
#: How many ancestors up from an image a caption element may sit.
CAPTION_SEARCH_LEVELS = 3
#: A box's text longer than this is not a caption.
MAX_CAPTION_CHARS = 300
MAX_CAPTION_LINES = 3


def split_credit(caption: str | None) -> tuple[str | None, str | None]:
    """``"Crowds in Beijing Photo: Reuters"`` → ``("Crowds in Beijing", "Reuters")``."""
    if not caption:
        return None, None
    match = _CREDIT_IN_TEXT.search(caption)
    if not match:
        return caption, None
    return collapse_or_none(caption[: match.start()]), collapse_or_none(match.group(1))


def _named(el: HtmlElement, pattern: AsciiFolded) -> bool:
    """Whether ``pattern`` matches ``el``'s class or id. It never matches across a space, so one
    search of both values joined is a search of each word."""
    cls, ident = el.get("class"), el.get("id")
    if cls is None and ident is None:  # most elements: no string to build
        return False
    return pattern.search(f"{cls or ''} {ident or ''}")


def _caption_elements(el: HtmlElement) -> list[HtmlElement]:
    """The ``figcaption`` s and elements named as captions in ``el`` (itself included), in
    document order. In C when the compiled walker is built (``_walk.NameScan``: a string is
    made only of a class/id that is not ASCII or holds one of :data:`_CAPTION_WORDS`), else
    :func:`_caption_elements_python`, the reference; the same elements either way. Asked for
    up to three scopes around every image, it is most of what captions cost."""
    found = _CAPTION_SCAN.find(el, _CAPTION_FAST.search) if _CAPTION_SCAN is not None else None
    return _caption_elements_python(el) if found is None else found


def _caption_elements_python(el: HtmlElement) -> list[HtmlElement]:
    return [e for e in el.iter() if isinstance(e.tag, str) and (e.tag == "figcaption" or _named(e, _CAPTION_FAST))]


_CREDIT_TAIL = re.compile(r"\s*(?:photo(?:graph)?|picture|image|credit|foto|bild)s?\s*(?:by)?\s*:\s*$", re.IGNORECASE)
_CREDIT_PREFIX = re.compile(r"^(?:photo(?:graph)?|picture|image|credit|foto|bild)s?\s*(?:by)?\s*:\s*", re.IGNORECASE)


def _credit_of(scope: HtmlElement) -> str | None:
    """The text of the first element in ``scope`` named as a credit (an image is not one)."""
    e = _credit_element(scope)
    if e is None:
        return None
    text = collapse(e.text_content())
    return collapse_or_none(_CREDIT_PREFIX.sub("", text)) if text else None


def _credit_element(scope: HtmlElement) -> HtmlElement | None:
    """In C when compiled (``_walk.NameScan``, as :func:`_caption_elements`), else
    :func:`_credit_element_python`, the reference."""
    found = _CREDIT_SCAN.find(scope, _CREDIT_FAST.search, True) if _CREDIT_SCAN is not None else None
    if found is None:
        return _credit_element_python(scope)
    return found[0] if found else None


def _credit_element_python(scope: HtmlElement) -> HtmlElement | None:
    for e in scope.iter():
        if isinstance(e.tag, str) and e.tag != "img" and _named(e, _CREDIT_FAST):
            return e
    return None


#: What every branch of :data:`_CAPTION` and :data:`_CREDIT` holds as it is: an ASCII
#: class/id string holding none of these, in any case, names no caption or credit, and the
#: compiled scans make no string of it (checked here, at import).
_CAPTION_WORDS = ("caption", "legend")
_CREDIT_WORDS = ("credit", "copyright", "photographer", "byline", "source", "attribution")

for _pattern, _words in ((_CAPTION, _CAPTION_WORDS), (_CREDIT, _CREDIT_WORDS)):
    if not re.fullmatch(r"[a-z|-]+", _pattern.pattern) or not all(any(w in branch for w in _words) for branch in _pattern.pattern.split("|")):
        raise RuntimeError(f"a branch of {_pattern.pattern!r} holds none of {_words}: extend them")

#: The compiled scans of _caption_elements and _credit_element, or None (see ``blocks.COMPILED``).
_CAPTION_SCAN = _blocks._WALK.NameScan(tags=("figcaption",), never_tags=(), names_words=_CAPTION_WORDS) if _blocks._WALK is not None else None
_CREDIT_SCAN = _blocks._WALK.NameScan(tags=(), never_tags=("img",), names_words=_CREDIT_WORDS) if _blocks._WALK is not None else None


def _after(a: HtmlElement, b: HtmlElement, order: Mapping[HtmlElement, int]) -> bool:
    return order.get(b, 0) >= order.get(a, 0)


def caption_for(
    img: HtmlElement, stop: HtmlElement, order: Mapping[HtmlElement, int], box: HtmlElement | None, known: dict[HtmlElement, bool] | None = None
) -> tuple[str | None, str | None]:
    """(caption, credit) of ``img``: nearest caption element around it, else its box's text.
    ``known``: the page's :func:`is_content_image` verdicts so far (added to)."""
    if known is None:
        known = {}
    scope: HtmlElement | None = img.getparent()
    for _ in range(CAPTION_SEARCH_LEVELS):
        if scope is None:
            break
        # The first caption after the image (the others are never read).
        cap = next((c for c in _caption_elements(scope) if c is not img and collapse(c.text_content()) and _after(img, c, order)), None)
        if cap is not None:
            credit_el = _credit_of(cap)
            text = collapse(cap.text_content())
            if credit_el and text.endswith(credit_el):
                text = _CREDIT_TAIL.sub("", collapse(text[: -len(credit_el)]))
            caption, credit = split_credit(text)
            return caption, credit_el or credit or _credit_of(scope)
        if scope is stop or scope is box or _several_content_images(scope, known):
            break
        scope = scope.getparent()
    if box is not None:
        box_lines = [b.text for b in lines(box) if b.link_density < 0.5]
        credits = [t for t in box_lines if _CREDIT_LINE.match(t)]
        box_lines = [t for t in box_lines if t not in credits]
        if len(box_lines) > MAX_CAPTION_LINES:
            return None, None
        text = " ".join(box_lines)
        alt = collapse(img.get("alt"))
        if alt and text.startswith(alt):
            text = text[len(alt):]
        text = collapse(text)
        if 0 < len(text) <= MAX_CAPTION_CHARS:
            caption, credit = split_credit(text)
            return caption, credit or (credits[0] if credits else None)
    return None, None


def _is_content(img: HtmlElement, known: dict[HtmlElement, bool]) -> bool:
    """:func:`is_content_image`, asked once per image of a page (the scopes searched for the
    captions of a page's images overlap)."""
    verdict = known.get(img)
    if verdict is None:
        verdict = known[img] = is_content_image(img)
    return verdict


def _several_content_images(scope: HtmlElement, known: dict[HtmlElement, bool]) -> bool:
    """Whether ``scope`` holds more than one content image (a caption there may be another's):
    the count stops at the second."""
    found = False
    for img in scope.iter("img"):
        if _is_content(img, known):
            if found:
                return True
            found = True
    return False


def extract_images(
    region: HtmlElement,
    base_url: str | None,
    *,
    skip: set[HtmlElement],
    boxes: dict[HtmlElement, HtmlElement],
    order: Mapping[HtmlElement, int],
    span: tuple[int, int],
    known: dict[HtmlElement, bool] | None = None,
) -> list[Image]:
    """Content images of ``region`` in document order, between the ``span`` positions (the
    headline and the end of the body), skipping those inside ``skip`` subtrees (link lists,
    media players). ``boxes`` maps an image to the image box that holds it; ``known``: the
    :func:`is_content_image` verdicts so far (added to)."""
    images: list[Image] = []
    seen: set[str] = set()
    if known is None:
        known = {}
    skipped = _images_inside(skip)
    for img in region.iter("img"):
        if not span[0] <= order.get(img, -1) <= span[1]:
            continue
        if not _is_content(img, known) or img in skipped:
            continue
        src = absolute(img.get("src") or img.get("data-src"), base_url)
        if not src or src in seen:
            continue
        seen.add(src)
        caption, credit = caption_for(img, region, order, boxes.get(img), known)
        images.append(Image(src=src, alt=img.get("alt"), caption=caption, credit=credit))
    return images


def _images_inside(roots: set[HtmlElement]) -> set[HtmlElement]:
    """The images below any of ``roots`` (not a root itself): the few small boxes' images
    gathered once, rather than a walk to the top of the page from every image of the region."""
    return {img for root in roots for img in root.iter("img") if img is not root}


_POSTER_PARAMS = frozenset({"holding", "poster", "image", "thumbnail", "still", "previewimage"})


def poster_of(box: HtmlElement) -> str | None:
    """The still image a clip player shows before it plays (``poster``, a ``holding`` param)."""
    for el in box.iter("video", "param", "object", "div"):
        if el.tag == "video" and el.get("poster"):
            return el.get("poster")
        if el.tag == "param" and (el.get("name") or "").lower() in _POSTER_PARAMS and el.get("value"):
            return el.get("value")
        if el.get("data-poster"):
            return el.get("data-poster")
    return None


def clip_stills(boxes: list[HtmlElement], base_url: str | None) -> list[Image]:
    """Captioned stills of clip players: the caption under a video is a caption like any other."""
    out = []
    for box in boxes:
        captions = [c for c in _caption_elements(box) if collapse(c.text_content())]
        poster = absolute(poster_of(box), base_url)
        if captions and poster:
            caption, credit = split_credit(collapse(captions[0].text_content()))
            out.append(Image(src=poster, alt=None, caption=caption, credit=credit))
    return out


def story_images(region: Region, url: str | None, boxes: SortedBoxes) -> list[Image]:
    """The story's images: content images in its span (not in link lists, clip players or
    quote boxes), then the captioned stills of its clips."""
    if region.element is None:
        return []
    known: dict[HtmlElement, bool] = {}  # is_content_image per image, asked once
    image_of_box = {img: box for box in boxes.image for img in box.iter("img") if _is_content(img, known)}
    skip = set(boxes.links) | set(boxes.junk) | set(boxes.media) | set(boxes.quote)
    images = extract_images(region.element, url, skip=skip, boxes=image_of_box, order=region.order, span=region.span, known=known)
    shown = {i.src for i in images}
    images.extend(i for i in clip_stills(boxes.media, url) if i.src not in shown)
    return images
