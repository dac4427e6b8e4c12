"""Site profiles: small tables of markup knowledge that sharpen the generic extractor.

A profile never replaces the generic algorithm; it only tells it what a site's markup says
plainly to anyone who has read a few of its pages: the zone its clocks were set to, the
comment that opens its story body, the selectors of its boxes. Profiles are JSON files in this
folder (one per site), matched by the page's host or, for pages saved without their address,
by signatures in the markup (a meta name or a structural comment only that site used).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import tzinfo
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from lxml import etree
from lxml.html import HtmlElement

from ..urls import host

if TYPE_CHECKING:
    from ..metadata.base import Page


@dataclass(frozen=True, slots=True)
class Profile:
    """What is known about one site's markup. Every field is optional."""

    name: str
    hosts: tuple[str, ...] = ()
    #: Meta names only this site used (``UKFS_URL``): they identify a page saved without its URL.
    signature_meta: tuple[str, ...] = ()
    #: Structural comments only this site used (``S BO``).
    signature_comments: tuple[str, ...] = ()
    #: IANA zone the site's shown times are in when the page names none.
    timezone: str | None = None
    #: Comments that open the story body: the body is their parent element.
    body_start_comments: tuple[str, ...] = ()
    #: XPath expressions of the story body container, tried in order.
    body_xpaths: tuple[str, ...] = ()
    #: XPath expressions of boxes the generic box finder cannot see.
    box_xpaths: tuple[str, ...] = ()
    #: Comments worth keeping through cleaning (they carry structure).
    structural_comments: tuple[str, ...] = field(default=())

    def tzinfo(self) -> tzinfo | None:
        return ZoneInfo(self.timezone) if self.timezone else None

    def body_container(self, root: HtmlElement) -> HtmlElement | None:
        for xpath in self.body_xpaths:
            found = root.xpath(xpath)
            if found:
                return found[0]
        for comment in root.iter(etree.Comment):
            text = (comment.text or "").strip()
            if text in self.body_start_comments:
                return comment.getparent()
        return None

    def box_elements(self, root: HtmlElement) -> frozenset[HtmlElement]:
        found: list[HtmlElement] = []
        for xpath in self.box_xpaths:
            found.extend(root.xpath(xpath))
        return frozenset(found)

    def matches(self, root: HtmlElement, page_host: str, page: Page | None = None) -> bool:
        """Whether the page is this site's: by its host, else by a signature in its markup.
        ``page``, the index of ``root`` when the caller built it, spares the walks: its
        declarations hold every ``<meta>`` and its suspects every comment."""
        if page_host and any(page_host == h or page_host.endswith("." + h) for h in self.hosts):
            return True
        if page is not None and page.root is not root:
            page = None
        walk = _walk_module() if page is not None else None
        if self.signature_meta:
            wanted = {s.lower() for s in self.signature_meta}
            found = walk.meta_name_in(page.declarations, wanted) if walk is not None and page is not None and all(w.isascii() for w in wanted) else None
            if found is None:
                metas = root.iter("meta") if page is None else (node for node in page.declarations if node.tag == "meta")
                found = any((m.get("name") or "").lower() in wanted for m in metas)
            if found:
                return True
        if self.signature_comments:
            wanted = set(self.signature_comments)
            found = walk.comment_text_in(page.suspects, wanted) if walk is not None and page is not None else None
            if found is None:
                comments = root.iter(etree.Comment) if page is None else page.comments()
                found = any((comment.text or "").strip() in wanted for comment in comments)
            if found:
                return True
        return False


def _walk_module() -> Any:
    """The compiled module (``extractors._walk``), which compares a page's comments and meta names
    with the signatures on their bytes (``comment_text_in``, ``meta_name_in``: the same answers
    as the loops of :meth:`Profile.matches`, which run without it); None when it is not in use."""
    from ..extractors import blocks

    return blocks._WALK


def _load(data: dict[str, object]) -> Profile:
    def strings(key: str) -> tuple[str, ...]:
        value = data.get(key) or ()
        assert isinstance(value, (list, tuple)), f"profile {data.get('name')}: {key} must be a list"
        return tuple(str(v) for v in value)

    return Profile(
        name=str(data["name"]),
        hosts=strings("hosts"),
        signature_meta=strings("signature_meta"),
        signature_comments=strings("signature_comments"),
        timezone=str(data["timezone"]) if data.get("timezone") else None,
        body_start_comments=strings("body_start_comments"),
        body_xpaths=strings("body_xpaths"),
        box_xpaths=strings("box_xpaths"),
        structural_comments=strings("structural_comments"),
    )


@cache
def all_profiles() -> tuple[Profile, ...]:
    """Every profile shipped with the package (read once per process)."""
    folder = resources.files(__name__)
    return tuple(_load(json.loads(entry.read_text("utf-8"))) for entry in sorted(folder.iterdir(), key=lambda e: e.name) if entry.name.endswith(".json"))


def profile_for(root: HtmlElement, url: str | None, page: Page | None = None) -> Profile | None:
    """The profile of the page's site, if one is known (``page`` as for :meth:`Profile.matches`)."""
    page_host = host(url)
    for profile in all_profiles():
        if profile.matches(root, page_host, page):
            return profile
    return None
