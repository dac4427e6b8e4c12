"""Resolving the page's links to absolute URLs, and telling our site from others."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

_JS_URL = re.compile(r"""["']((?:https?:)?/[^"']+)["']""")
_SINGLE_SLASH = re.compile(r"^(https?):/(?!/)", re.IGNORECASE)


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
    href = _SINGLE_SLASH.sub(r"\1://", href)
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
    if not page_url:
        return False
    there, here = host(url), host(page_url)
    return bool(there and here) and site_of(there) != site_of(here)


_SAVED_FROM = re.compile(r"saved from url=\(\d+\)(\S+)", re.IGNORECASE)


def page_url(root: object, url: str | None) -> str | None:
    """The page's own address: the one given, else what the document says about itself —
    ``<base href>``, a browser's "saved from url" comment, ``rel=canonical``, ``og:url``."""
    if url and url.lower().startswith(("http://", "https://")):
        return url
    from lxml import etree

    tree = root.getroottree()  # type: ignore[attr-defined]
    for href in tree.xpath("/html/head/base/@href|//base/@href"):
        if href.lower().startswith(("http://", "https://")):
            return str(href)
    top = tree.getroot()
    for node in [*top.itersiblings(preceding=True), *top.iter(etree.Comment)][:20]:
        if node.tag is etree.Comment and (match := _SAVED_FROM.search(node.text or "")):
            return match.group(1)
    for href in tree.xpath("//link[@rel='canonical']/@href|//meta[@property='og:url']/@content"):
        if href.lower().startswith(("http://", "https://")):
            return str(href)
    return url
