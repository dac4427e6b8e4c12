"""Resolving the page's links to absolute URLs, and telling our site from others."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from lxml import etree

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
    if not page_url:
        return False
    there, here = host(url), host(page_url)
    return bool(there and here) and site_of(there) != site_of(here)


_SAVED_FROM = re.compile(r"saved from url=\(\d+\)(\S+)", re.IGNORECASE)
#: How many comments (counted from the document's start) may carry the "saved from" mark.
_SAVED_FROM_COMMENTS = 20


def page_url(root: object, url: str | None) -> str | None:
    """The page's own address: the one given, else what the document says about itself —
    ``<base href>``, a browser's "saved from url" comment, ``rel=canonical``, ``og:url``."""
    if url and url.lower().startswith(("http://", "https://")):
        return url
    top = root.getroottree().getroot()  # type: ignore[attr-defined]
    # iter() filters by tag in C, and answers at once when no element has the tag (most pages
    # have no <base>): no XPath walk of the whole tree per question.
    for base in top.iter("base"):
        href = base.get("href")
        if href is not None and _is_web_address(href):
            return href
    return _declared_address(top) or url


def _declared_address(top: etree._Element) -> str | None:
    """A "saved from url" mark in the first comments, else the first web address a
    ``<link rel=canonical>`` or ``<meta property=og:url>`` gives, in one walk for both."""
    counted = 0  # the document's leading nodes, then its comments, as the mark may sit in any
    for node in top.itersiblings(preceding=True):
        if counted == _SAVED_FROM_COMMENTS:
            break
        counted += 1
        if node.tag is etree.Comment and (match := _SAVED_FROM.search(node.text or "")):
            return match.group(1)
    declared: str | None = None
    for node in top.iter(etree.Comment, "link", "meta"):
        tag = node.tag
        if tag is etree.Comment:
            if counted < _SAVED_FROM_COMMENTS:
                counted += 1
                if match := _SAVED_FROM.search(node.text or ""):
                    return match.group(1)
            elif declared is not None:
                break  # nothing later can outrank it
        elif declared is None:
            href = _canonical_href(node, tag)
            if href is not None and _is_web_address(href):
                declared = href
    return declared


def _canonical_href(node: etree._Element, tag: str) -> str | None:
    """The address a ``<link rel=canonical>`` or a ``<meta property=og:url>`` states."""
    if tag == "link":
        return node.get("href") if node.get("rel") == "canonical" else None
    return node.get("content") if node.get("property") == "og:url" else None


def _is_web_address(href: str) -> bool:
    return href.lower().startswith(("http://", "https://"))
