"""Images of the story and their captions and credits.

The caption is the text the page shows with an image (``figcaption``, an element whose class
says caption, or the text of the image's box); the alt text is kept apart, since on old pages
the two differ and both carry information.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from ..model import Image
from ..text import collapse, collapse_or_none
from .blocks import lines
from .boxes import class_words, is_content_image
from ..urls import absolute

_CAPTION = re.compile(r"caption|legend|figcaption|wp-caption-text", re.IGNORECASE)
_CREDIT = re.compile(r"credit|copyright|photographer|byline|source|attribution", re.IGNORECASE)
_CREDIT_IN_TEXT = re.compile(
    r"\s*[(\[]?\s*(?:(?:photo(?:graph)?|picture|image|credit|foto|bild)s?\s*(?:by)?\s*[:/]|©|\(c\)|copyright)\s*([^()\[\]]{2,80}?)\s*[)\]]?\s*$",
    re.IGNORECASE,
)
#: How many ancestors up from an image a caption element may sit.
CAPTION_SEARCH_LEVELS = 3
#: A box's text longer than this is not a caption.
MAX_CAPTION_CHARS = 400


def split_credit(caption: str | None) -> tuple[str | None, str | None]:
    """``"Crowds in Beijing Photo: Reuters"`` → ``("Crowds in Beijing", "Reuters")``."""
    if not caption:
        return None, None
    match = _CREDIT_IN_TEXT.search(caption)
    if not match:
        return caption, None
    return collapse_or_none(caption[: match.start()]), collapse_or_none(match.group(1))


def _caption_elements(el: HtmlElement) -> list[HtmlElement]:
    return [e for e in el.iter() if isinstance(e.tag, str) and (e.tag == "figcaption" or any(_CAPTION.search(w) for w in class_words(e)))]


def _credit_of(scope: HtmlElement) -> str | None:
    for e in scope.iter():
        if isinstance(e.tag, str) and e.tag != "img" and any(_CREDIT.search(w) for w in class_words(e)):
            return collapse_or_none(e.text_content())
    return None


def _after(a: HtmlElement, b: HtmlElement, order: dict[HtmlElement, int]) -> bool:
    return order.get(b, 0) >= order.get(a, 0)


def caption_for(img: HtmlElement, stop: HtmlElement, order: dict[HtmlElement, int], box: HtmlElement | None) -> tuple[str | None, str | None]:
    """(caption, credit) of ``img``: nearest caption element around it, else its box's text."""
    scope: HtmlElement | None = img.getparent()
    for _ in range(CAPTION_SEARCH_LEVELS):
        if scope is None:
            break
        captions = [c for c in _caption_elements(scope) if c is not img]
        if captions:
            following = [c for c in captions if _after(img, c, order)] or captions
            cap = following[0]
            credit_el = _credit_of(cap)
            text = collapse(cap.text_content())
            if credit_el and text.endswith(credit_el):
                text = collapse(text[: -len(credit_el)])
            caption, credit = split_credit(text)
            return caption, credit_el or credit or _credit_of(scope)
        if scope is stop or len(scope.xpath(".//img")) > 1:
            break
        scope = scope.getparent()
    if box is not None:
        text = " ".join(b.text for b in lines(box))
        alt = collapse(img.get("alt"))
        if alt and text.startswith(alt):
            text = text[len(alt):]
        text = collapse(text)
        if 0 < len(text) <= MAX_CAPTION_CHARS:
            return split_credit(text)
    return None, None


def extract_images(region: HtmlElement, base_url: str | None, *, skip: set[HtmlElement], boxes: dict[HtmlElement, HtmlElement]) -> list[Image]:
    """Content images of ``region`` in document order, skipping those inside ``skip`` subtrees
    (link lists, media players). ``boxes`` maps an image to the image box that holds it."""
    order = {el: i for i, el in enumerate(region.iter())}
    images: list[Image] = []
    seen: set[str] = set()
    for img in region.iter("img"):
        if not is_content_image(img) or _inside(img, skip):
            continue
        src = absolute(img.get("src") or img.get("data-src"), base_url)
        if not src or src in seen:
            continue
        seen.add(src)
        caption, credit = caption_for(img, region, order, boxes.get(img))
        images.append(Image(src=src, alt=img.get("alt"), caption=caption, credit=credit))
    return images


def _inside(el: HtmlElement, roots: set[HtmlElement]) -> bool:
    parent = el.getparent()
    while parent is not None:
        if parent in roots:
            return True
        parent = parent.getparent()
    return False
