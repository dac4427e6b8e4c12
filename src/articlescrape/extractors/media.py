"""Audio and video clips offered with the story."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from ..model import Media, MediaKind
from ..urls import absolute
from .alternations import factored
from .blocks import StatsMap, lines
from .boxes import MEDIA_HREF_FAST, media_links
from .quotes import strip_quote_marks
from .region import Region

_AUDIO = re.compile(r"audio|listen|radio|\.(ram?|mp3|m4a|wma|wav|aac|ogg)(\?|$)|podcast|sound", re.IGNORECASE)
_VIDEO = re.compile(r"video|watch|\.(mp4|m4v|wmv|mov|avi|mpe?g|ogv|webm|flv|asx)(\?|$)|tv\b|/av/", re.IGNORECASE)
#: _AUDIO and _VIDEO as tries (see :mod:`.alternations`), case-sensitive, for lower-cased
#: ASCII evidence (nearly all): the same first match, found several times faster.
_AUDIO_ASCII, _VIDEO_ASCII = (re.compile(factored(p.pattern)) for p in (_AUDIO, _VIDEO))
#: Lines that label the player rather than describe the clip.
_LABEL = re.compile(r"^(real|windows media|watch|listen|play|video|audio|media|real ?(player|video|audio)|\d+k|help|low|high|bandwidth|(please )?turn on javascript.*|media requires javascript.*)$", re.IGNORECASE)


def _kind(evidence: str) -> MediaKind:
    """Video or audio, by which word comes first in ``evidence`` (a box's links and text). An
    ASCII text is lower-cased (its length, and so each match's start, kept) and searched by the
    case-sensitive tries; another by the patterns themselves (their case folding has special
    cases)."""
    if evidence.isascii():
        lowered = evidence.lower()
        video, audio = _VIDEO_ASCII.search(lowered), _AUDIO_ASCII.search(lowered)
    else:
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
                if url is None and attr in ("href", "src", "onclick", "value") and el.tag != "img" and MEDIA_HREF_FAST.search(value):
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


#: The box read around a clip link holds at most this many characters.
MAX_CLIP_BOX_CHARS = 300




def story_clips(media_boxes: list[HtmlElement], url: str | None, region: Region, stats: StatsMap) -> list[Media]:
    """Clips in the story's media boxes, plus clip links elsewhere in the story's span or in its
    sidebar (read with the small box around each link); one entry per clip."""
    found = list(media_boxes)
    covered = {el for box in found for el in box.iter("a")}  # links already inside a found box
    for scope in (region.element, region.sidebar):
        if scope is None:
            continue
        for a in media_links(scope):
            if a in covered:
                continue
            box = _clip_box(a, stats)
            if scope is region.element and not region.in_span(a) and _in_clip_list(box):
                continue  # a list of clips after the story is a promotion ("Trending videos")
            found.append(box)
            covered.update(box.iter("a"))
    clips: dict[str, Media] = {}
    for media in (media_from_box(box, url) for box in found):
        if media is None:
            continue
        known = clips.get(media.url) if media.url else None
        if known is None or (known.title is None and media.title is not None):
            clips[media.url or f"#{len(clips)}"] = media
    return list(clips.values())


def _in_clip_list(box: HtmlElement) -> bool:
    parent = box.getparent()
    return parent is not None and len(media_links(parent)) > 1


def _clip_box(link: HtmlElement, stats: StatsMap) -> HtmlElement:
    """The largest element around a clip link that is still just that clip's box."""
    box = link
    parent = link.getparent()
    while parent is not None and parent.tag not in ("body", "html"):
        s = stats.get(parent)
        if s is not None and s.chars > MAX_CLIP_BOX_CHARS:
            break
        if len(media_links(parent)) > 1:
            break
        box, parent = parent, parent.getparent()
    return box
