"""Audio and video clips offered with the story."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from ..model import Media, MediaKind
from .blocks import lines
from .boxes import MEDIA_HREF
from .quotes import strip_quote_marks
from ..urls import absolute

_AUDIO = re.compile(r"audio|listen|radio|\.(ram?|mp3|m4a|wma|wav|aac|ogg)(\?|$)|podcast|sound", re.IGNORECASE)
_VIDEO = re.compile(r"video|watch|\.(mp4|m4v|wmv|mov|avi|mpe?g|ogv|webm|flv|asx)(\?|$)|tv\b|/av/", re.IGNORECASE)
#: Lines that label the player rather than describe the clip.
_LABEL = re.compile(r"^(real|windows media|watch|listen|play|video|audio|media|real ?(player|video|audio)|\d+k|help|low|high|bandwidth|(please )?turn on javascript.*|media requires javascript.*)$", re.IGNORECASE)


def _kind(evidence: str) -> MediaKind:
    video, audio = _VIDEO.search(evidence), _AUDIO.search(evidence)
    if video and (not audio or video.start() <= audio.start()):
        return "video"
    return "audio" if audio else "video"


def media_from_box(box: HtmlElement, base_url: str | None) -> Media | None:
    """A clip box: its link, and its title and description lines."""
    url = None
    evidence = []
    for el in box.iter("a", "video", "audio", "source", "embed", "param", "img"):
        for attr in ("href", "src", "onclick", "value", "alt", "data-src"):
            value = el.get(attr)
            if value:
                evidence.append(value)
                if url is None and attr in ("href", "src", "onclick", "value") and el.tag != "img" and MEDIA_HREF.search(value):
                    url = absolute(value, base_url)
        if el.tag in ("video", "audio"):
            evidence.append(el.tag)
    texts = [b.text for b in lines(box) if not _LABEL.match(b.text.strip(" :|-"))]
    if not texts and url is None:
        return None
    title = texts[0] if texts else None
    description = " ".join(texts[1:]) if len(texts) > 1 else None
    kind = _kind(" ".join(evidence) + " " + box.text_content())
    if description and title and len(title) > len(description) and strip_quote_marks(title) != title:
        title, description = description, title
    return Media(kind=kind, url=url, title=title, description=description)
