"""Resolving the page's links to absolute URLs, and telling our site from others."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from itertools import islice
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from lxml import etree

if TYPE_CHECKING:
    from .metadata.base import Page

_JS_URL = re.compile(r"""["']((?:https?:)?/[^"']+)["']""")
_SINGLE_SLASH = re.compile(r"^(https?):/(?!/)", re.IGNORECASE)
#: An address ``urljoin`` gives back unchanged against any base: a lower-case web scheme and a
#: host (another scheme than the base's returns it as it is; the same one returns it rebuilt from
#: its parts, which is itself unless a tab or line break is dropped or an empty ``?``, ``#`` or
#: trailing ``;`` of the path's last segment is). ``urljoin`` costs microseconds; most links are
#: such addresses.
_AS_IS = re.compile(r"https?://[^/?#\t\r\n]+(?:/[^?#\t\r\n]*(?<!;))?(?:\?[^#\t\r\n]+)?(?:#[^\t\r\n]+)?\Z")
#: A web address's host part as ``urlsplit`` cuts it (up to the first ``/``, ``?`` or ``#``);
#: :func:`host` reads it directly when it holds nothing ``urlsplit`` would treat specially.
_NETLOC = re.compile(r"https?://([^/?#]*)", re.IGNORECASE)
_SPECIAL_IN_NETLOC = re.compile(r"[@\[\]%\t\r\n]")


def absolute(href: str | None, base: str | None) -> str | None:
    """``href`` resolved against ``base``; URLs inside ``javascript:`` popups are dug out.

    Returns ``None`` for links that lead nowhere (``#``, ``mailto:``, an empty script call).
    """
    if not href:
        return None
    href = href.strip()
    if href.lower().startswith("javascript:"):
        match = _JS_URL.search(href)
        if not match:
            return None
        href = match.group(1)
    if href.startswith("#") or href.lower().startswith(("mailto:", "tel:", "data:")):
        return None
    # "http:/x" or "https:/x" (one slash) is written out in full; no other address has a
    # ":/" not followed by "/" at either place, and the substitution is not made for nothing.
    if (href[4:6] == ":/" and href[6:7] != "/") or (href[5:7] == ":/" and href[7:8] != "/"):
        href = _SINGLE_SLASH.sub(r"\1://", href)
    if _AS_IS.match(href):
        return href
    if base:
        try:
            return urljoin(base, href)
        except ValueError:
            return href
    return href


def host(url: str | None) -> str:
    """The host of ``url`` without ``www.`` (empty for relative or odd URLs)."""
    if not url:
        return ""
    plain = _NETLOC.match(url)
    if plain is not None:
        netloc = plain.group(1)
        if netloc.isascii() and not _SPECIAL_IN_NETLOC.search(netloc):  # urlsplit's answer, without it
            netloc = netloc.partition(":")[0].lower()
            return netloc[4:] if netloc.startswith("www.") else netloc
    try:
        netloc = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return netloc[4:] if netloc.startswith("www.") else netloc


def site_of(hostname: str) -> str:
    """The registrable part of a host, roughly: the last two labels, three under a
    two-letter country code with a short second level (``bbc.co.uk``, ``abc.net.au``)."""
    labels = hostname.split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and len(labels[-2]) <= 3:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def is_external(url: str, page_url: str | None) -> bool:
    """Whether ``url`` leads to another site than the page's."""
    return external_test(page_url)(url)


def external_test(page_url: str | None) -> Callable[[str], bool]:
    """:func:`is_external` against one page, its host and site worked out once: what a page's
    every link is asked."""
    here = host(page_url) if page_url else ""
    if not here:
        return _never  # no host of the page's own: no link is known to lead elsewhere
    site = site_of(here)

    def external(url: str) -> bool:
        there = host(url)
        return bool(there) and site_of(there) != site

    return external


def _never(url: str) -> bool:
    return False


_SAVED_FROM = re.compile(r"saved from url=\(\d+\)(\S+)", re.IGNORECASE)
#: How many comments (counted from the document's start) may carry the "saved from" mark.
_SAVED_FROM_COMMENTS = 20


def page_url(root: object, url: str | None, page: Page | None = None) -> str | None:
    """The page's own address: the one given, else what the document says about itself —
    ``<base href>``, a browser's "saved from url" comment, ``rel=canonical``, ``og:url``.

    ``page``, the index of ``root``'s whole document when the caller built it, spares the walks:
    its declarations and comments are what those walks would find, and its meta and link maps
    tell whether a canonical address can be declared at all."""
    if url and url.lower().startswith(("http://", "https://")):
        return url
    top = root.getroottree().getroot()  # type: ignore[attr-defined]
    if page is None or page.root is not top:
        return _address_by_walking(top) or url
    # A <link rel=canonical> with an href indexes "canonical", a <meta property=og:url> with a
    # content "og:url": without either key no declaration can give the address.
    canonical = "canonical" in page.links or "og:url" in page.meta
    return _declared_address(top, page.comments(), page.declarations, canonical=canonical) or url


def _address_by_walking(top: etree._Element) -> str | None:
    """What :func:`_declared_address` answers, from walks of the tree: what runs without an
    index of the whole document."""
    declarations = list(top.iter("base", "link", "meta"))  # iter() filters by tag in C
    return _declared_address(top, top.iter(etree.Comment), declarations, canonical=True)


def _declared_address(
    top: etree._Element, comments: Iterable[etree._Element], declarations: Iterable[etree._Element], *, canonical: bool
) -> str | None:
    """The first ``<base href>`` web address; else a "saved from url" mark in the first comments
    (the document's leading nodes count towards them, as the mark may sit in any); else the
    first web address a ``<link rel=canonical>`` or ``<meta property=og:url>`` gives (looked
    for only when ``canonical``). ``comments`` are those under ``top``, ``declarations`` its
    ``<base>``, ``<link>`` and ``<meta>`` elements, each in document order."""
    declared: str | None = None
    for node in declarations:
        tag = node.tag
        if tag == "base":
            href = node.get("href")
            if href is not None and _is_web_address(href):
                return href
        elif canonical and declared is None:
            href = _canonical_href(node, tag)
            if href is not None and _is_web_address(href):
                declared = href
    counted = 0
    for node in top.itersiblings(preceding=True):
        if counted == _SAVED_FROM_COMMENTS:
            break
        counted += 1
        if node.tag is etree.Comment and (match := _saved_from(node.text)):
            return match.group(1)
    for comment in islice(comments, _SAVED_FROM_COMMENTS - counted):
        if match := _saved_from(comment.text):
            return match.group(1)
    return declared


def _saved_from(text: str | None) -> re.Match[str] | None:
    """A browser's "saved from url" mark in a comment's text. Every mark holds ``=(``, which a
    substring test finds far faster than the case-insensitive search (most comments lack it)."""
    return _SAVED_FROM.search(text) if text and "=(" in text else None


def _canonical_href(node: etree._Element, tag: str) -> str | None:
    """The address a ``<link rel=canonical>`` or a ``<meta property=og:url>`` states."""
    if tag == "link":
        return node.get("href") if node.get("rel") == "canonical" else None
    if tag == "meta":
        return node.get("content") if node.get("property") == "og:url" else None
    return None


def _is_web_address(href: str) -> bool:
    return href.lower().startswith(("http://", "https://"))
