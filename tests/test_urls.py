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
