"""Resolving links and finding the page's own address."""

from __future__ import annotations

import lxml.html
import pytest

from articlescrape.urls import absolute, is_external, page_url


@pytest.mark.parametrize(
    ("href", "base", "expected"),
    [
        ("1872254.stm", "http://news.bbc.co.uk/1/hi/world/1871988.stm", "http://news.bbc.co.uk/1/hi/world/1872254.stm"),
        ("javascript:popup('/olmedia/v.ram')", "http://a.com/x/", "http://a.com/olmedia/v.ram"),
        ("http:/example.com/a", None, "http://example.com/a"),
        ("#top", "http://a.com/", None),
        ("mailto:x@y.z", "http://a.com/", None),
        ("javascript:void(0)", "http://a.com/", None),
    ],
)
def test_absolute(href: str, base: str | None, expected: str | None) -> None:
    assert absolute(href, base) == expected


def test_external_means_another_registrable_site() -> None:
    assert not is_external("http://newsvote.bbc.co.uk/x", "http://news.bbc.co.uk/y")
    assert is_external("http://www.dti.gov.uk/", "http://news.bbc.co.uk/y")
    assert not is_external("http://www.dti.gov.uk/", None)


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<!-- saved from url=(0058)http://news.bbc.co.uk/1/hi/world/asia-pacific/1871988.stm --><html><body>x</body></html>', "http://news.bbc.co.uk/1/hi/world/asia-pacific/1871988.stm"),
        ('<html><head><base href="http://a.com/dir/page.html"></head><body>x</body></html>', "http://a.com/dir/page.html"),
        ('<html><head><link rel="canonical" href="https://b.org/story"></head><body>x</body></html>', "https://b.org/story"),
        ("<html><body>x</body></html>", None),
        # A relative <base> is passed over; an og:url before the canonical link is the first stated.
        ('<html><head><base href="/rel"><base href="https://a.com/"></head><body>x</body></html>', "https://a.com/"),
        ('<html><head><meta property="og:url" content="http://c.org/s"><link rel="canonical" href="https://b.org/s"></head><body>x</body></html>', "http://c.org/s"),
        ('<html><head><link rel="canonical" href="/s"><link rel="canonical" href="https://d.org/s"></head><body>x</body></html>', "https://d.org/s"),
        # The "saved from" mark outranks a canonical link, but only within the first 20 comments.
        ('<html><head><link rel="canonical" href="https://b.org/s"></head><body>' + "<!-- c -->" * 19 + "<!-- saved from url=(0013)http://e.com/ --></body></html>", "http://e.com/"),
        ('<html><head><link rel="canonical" href="https://b.org/s"></head><body>' + "<!-- c -->" * 20 + "<!-- saved from url=(0013)http://e.com/ --></body></html>", "https://b.org/s"),
    ],
)
def test_page_url_from_the_document(html: str, expected: str | None) -> None:
    assert page_url(lxml.html.document_fromstring(html), None) == expected


def test_a_given_url_wins() -> None:
    root = lxml.html.document_fromstring('<html><head><base href="http://a.com/"></head><body>x</body></html>')
    assert page_url(root, "http://given.com/p") == "http://given.com/p"


# --- the fast paths of absolute() and host() against urljoin and urlsplit -------------------------

from urllib.parse import urljoin, urlsplit  # noqa: E402

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from articlescrape import urls  # noqa: E402


def _absolute_by_urljoin(href: str, base: str | None) -> str | None:
    """``absolute`` as it was before its fast path: every address through ``urljoin``."""
    href = href.strip()
    if href.lower().startswith("javascript:"):
        match = urls._JS_URL.search(href)
        if not match:
            return None
        href = match.group(1)
    if href.startswith("#") or href.lower().startswith(("mailto:", "tel:", "data:")):
        return None
    href = urls._SINGLE_SLASH.sub(r"\1://", href)
    if base:
        try:
            return urljoin(base, href)
        except ValueError:
            return href
    return href


def _host_by_urlsplit(url: str) -> str:
    try:
        netloc = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return netloc[4:] if netloc.startswith("www.") else netloc


#: The pieces addresses are made of, the awkward ones (what urlsplit drops, splits at or checks)
#: over-represented.
_URL_PIECES = st.sampled_from(
    ["http://", "https://", "HTTP://", "ftp://", "http:/", "//", "/", "a", "b.c", "www.", "x.co.uk", ":", ":80", "@", "u:p@",
     "[", "]", "[::1]", "%", "%25", "?", "#", ";", ";p", "/;", "..", ".", "\t", "\n", "\r", " ", "\x00", "é", "ｘ", "ℕ", "\u2100", "&", "=", "\\"]
)
_URLS = st.lists(_URL_PIECES, max_size=10).map("".join) | st.text(max_size=20)
_BASES = st.none() | st.sampled_from(["", "http://a.com/x/y.html", "https://www.b.org/", "HTTP://c.net", "ftp://d/e", "/rel/", "http://[::1]/", "http://[x/"]) | _URLS


@settings(max_examples=3000, suppress_health_check=[HealthCheck.too_slow])
@given(_URLS, _BASES)
def test_absolute_equals_urljoin(href: str, base: str | None) -> None:
    assert absolute(href, base) == (_absolute_by_urljoin(href, base) if href else None)


@settings(max_examples=3000, suppress_health_check=[HealthCheck.too_slow])
@given(_URLS)
def test_host_equals_urlsplit(url: str) -> None:
    assert urls.host(url) == (_host_by_urlsplit(url) if url else "")


@pytest.mark.parametrize(
    "href",
    ["http://a.com/b?", "http://a.com/b#", "http://a.com/b;", "http://a.com/x;?q", "http://a.com/b\t/c", "http:///b", "http://a.com?#f",
     "http://[::1/", "http://a.com/b;p?q#f", "https://x.org", "http://é.com/ｘ"],
)
def test_absolute_awkward_addresses(href: str) -> None:
    for base in ("http://a.com/", "https://b.org/", None):
        assert absolute(href, base) == _absolute_by_urljoin(href, base)


@pytest.mark.parametrize("url", ["http://u:p@www.a.com:80/", "http://www.A.COM/", "https://[::1]:8/", "http://a%20b/", "http://a.\tcom/", "http://ℕ.com/", "http://:80/", "http://"])
def test_host_awkward_addresses(url: str) -> None:
    assert urls.host(url) == _host_by_urlsplit(url)
