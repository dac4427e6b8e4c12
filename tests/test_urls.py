"""Resolving links and finding the page's own address."""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from articlescrape import decode, parse
from articlescrape.errors import ArticlescrapeError
from articlescrape.extractors import blocks
from articlescrape.metadata import base as metadata_base
from articlescrape.metadata.base import Page
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
    root = lxml.html.document_fromstring(html)
    assert page_url(root, None) == expected
    assert page_url(root, None, Page.build(root, None)) == expected


def test_a_given_url_wins() -> None:
    root = lxml.html.document_fromstring('<html><head><base href="http://a.com/"></head><body>x</body></html>')
    assert page_url(root, "http://given.com/p") == "http://given.com/p"


# --- page_url from the page index against the walks it replaced -----------------------------------

_REPO = Path(__file__).resolve().parents[1]
_DOCUMENT_PAGES = sorted(_REPO.glob("fixtures/*/*.html")) + sorted((_REPO.parent / "shared" / "data").glob("*/html/*.html.gz")) + sorted((_REPO.parent / "shared" / "data").glob("*/pages/*.html"))
_SAVED = re.compile(r"saved from url=\(\d+\)(\S+)", re.IGNORECASE)


def _page_url_by_walks(root: Any, url: str | None) -> str | None:
    """``page_url`` as it was before the page index: its own walks of the tree (the reference)."""
    if url and url.lower().startswith(("http://", "https://")):
        return url
    top = root.getroottree().getroot()
    web = ("http://", "https://")
    for base in top.iter("base"):
        href = base.get("href")
        if href is not None and href.lower().startswith(web):
            return href
    counted = 0
    for node in top.itersiblings(preceding=True):
        if counted == 20:
            break
        counted += 1
        if node.tag is etree.Comment and (match := _SAVED.search(node.text or "")):
            return match.group(1)
    declared = None
    for node in top.iter(etree.Comment, "link", "meta"):
        tag = node.tag
        if tag is etree.Comment:
            if counted < 20:
                counted += 1
                if match := _SAVED.search(node.text or ""):
                    return match.group(1)
            elif declared is not None:
                break
        elif declared is None:
            if tag == "link":
                href = node.get("href") if node.get("rel") == "canonical" else None
            else:
                href = node.get("content") if node.get("property") == "og:url" else None
            if href is not None and href.lower().startswith(web):
                declared = href
    return declared or url


def _indexed(root: Any, *, python: bool, monkeypatch: pytest.MonkeyPatch) -> Page:
    """``Page.build(root, None)`` by the compiled walk (when built) or by the Python one."""
    with monkeypatch.context() as patch:
        if python:
            patch.setattr(metadata_base, "_PAGE_WALKER", False)
        return Page.build(root, None)


def _assert_same_address(root: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    want = _page_url_by_walks(root, None)
    assert page_url(root, None) == want
    for python in (False, True):
        page = _indexed(root, python=python, monkeypatch=monkeypatch)
        assert page_url(root, None, page) == want
        assert page_url(root, "https://given.com/", page) == "https://given.com/"


def _document_tree(path: Path) -> Any:
    raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    return parse.parse(decode.decode(raw).text)


@pytest.mark.parametrize("path", _DOCUMENT_PAGES, ids=lambda p: p.name[:16])
def test_page_url_from_the_index_as_from_walks_on_real_pages(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _assert_same_address(_document_tree(path), monkeypatch)


_ADDRESS_PIECES = [
    "<!-- saved from url=(0013)http://e.com/ -->", "<!-- SAVED FROM URL=(0013)http://f.com/x -->", "<!-- saved from url=(x)http://g.com/ -->",
    "<!-- c -->", "<!--=(-->", "<?pi x?>", "<base href='/rel'>", "<base href='https://a.com/'>", "<base>", "<BASE HREF='HTTP://B.COM/'>",
    "<link rel='canonical' href='https://b.org/s'>", "<link rel='canonical' href='/s'>", "<link rel='Canonical' href='http://c.org/'>",
    "<link rel='canonical x' href='http://d.org/'>", "<link rel='canonical'>", "<link rel='canonical' href=' http://sp.org/ '>",
    "<meta property='og:url' content='http://o.org/'>", "<meta property='og:url' value='http://v.org/'>", "<meta name='og:url' content='http://n.org/'>",
    "<meta property='OG:URL' content='http://u.org/'>", "<meta property='og:url' content=''>", "<meta charset='utf-8'>",
    "<head>", "</head>", "<body>", "<div>", "</div>", "<p>text 1</p>", "<svg><title>t</title></svg>", "<script>x</script>",
]


@st.composite
def _address_documents(draw: st.DrawFn) -> str:
    leading = "".join(draw(st.lists(st.sampled_from(["<!-- c -->", "<!-- saved from url=(0013)http://lead.com/ -->", "<?pi?>"]), max_size=22)))
    pieces = draw(st.lists(st.sampled_from(_ADDRESS_PIECES), max_size=30))
    # A run of plain comments and a mark, so that marks fall on both sides of the twentieth comment.
    run = "<!-- c -->" * draw(st.integers(0, 24)) + draw(st.sampled_from(["", "<!-- saved from url=(0013)http://run.com/ -->"]))
    pieces.insert(draw(st.integers(0, len(pieces))), run)
    return leading + "<html>" + "".join(pieces) + "<p>x</p></html>"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(html=_address_documents())
def test_page_url_from_the_index_as_from_walks_on_generated_documents(html: str, monkeypatch: pytest.MonkeyPatch) -> None:
    try:
        root = parse.parse(html)
    except ArticlescrapeError:
        return
    _assert_same_address(root, monkeypatch)


def test_page_url_of_a_subtree_reads_the_whole_document() -> None:
    """An index of a subtree does not hold the document's declarations: the walks answer."""
    root = lxml.html.document_fromstring('<html><head><link rel="canonical" href="https://b.org/s"></head><body><div>x</div></body></html>')
    div = root.find(".//div")
    assert page_url(div, None, Page.build(div, None)) == "https://b.org/s" == _page_url_by_walks(div, None)


def test_the_index_lists_every_declaration_in_document_order(monkeypatch: pytest.MonkeyPatch) -> None:
    root = lxml.html.document_fromstring(
        '<html><head><meta charset="utf-8"><base href="/b"><link rel="x"><title>t</title></head>'
        '<body><meta name="m"><p>1 <link href="/l"></p><svg><base/></svg></body></html>'
    )
    want = list(root.iter("base", "link", "meta"))
    for python in (False, True):
        assert list(_indexed(root, python=python, monkeypatch=monkeypatch).declarations) == want


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


@pytest.mark.skipif(blocks._WALK is None, reason="the compiled module is not built")
def test_the_compiled_index_reads_metas_and_links_as_the_python_helpers() -> None:
    """<meta> and <link> are indexed in C as _index_meta and _index_link do it (meta and link maps,
    key order included), also when a DTD declares attribute defaults (get() answers them)."""
    html = (
        '<html><head><meta name="A b\u00a0C" content="1"><meta property="OG:Title" value="2"><meta itemprop="x" content="">'
        '<meta http-equiv="Refresh" name="n" property="p" itemprop="i" content="3"><meta name="" content="4"><meta name="z">'
        '<link rel="Canonical Alternate" href=" /c "><link rel="x" href=""><link href="/no-rel"><link rel=" a  b " href="/ab">'
        '</head><body><meta name="late" content="5"><svg><link rel="s" href="/s"/></svg></body></html>'
    )
    dtd = (
        b'<!DOCTYPE d [<!ATTLIST meta content CDATA "dflt" name CDATA "dn"><!ATTLIST link rel CDATA "r" href CDATA "/h">]>'
        b'<d><meta/><meta name="given" value="v"/><link/><link rel="own"/></d>'
    )
    walker = metadata_base._make_page_walker(blocks._WALK)
    for root in (lxml.html.document_fromstring(html), etree.fromstring(dtd)):
        compiled, reference = walker.index(root), metadata_base._index_python(root)
        for got, want in ((compiled[0], reference[0]), (compiled[1], reference[1])):
            assert got == want and list(got) == list(want)


@settings(max_examples=3000, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["http", "HTTPS", "https", "hTtP", "s", ":", "/", "//", "a", "x:/", "\n", " "]), max_size=6).map("".join) | _URLS)
def test_single_slash_addresses_are_told_by_their_colon(href: str) -> None:
    """absolute writes out "http:/x" only where ":/" not followed by "/" stands after "http"
    or "https": every address the pattern rewrites is one of those."""
    told = (href[4:6] == ":/" and href[6:7] != "/") or (href[5:7] == ":/" and href[7:8] != "/")
    assert told or urls._SINGLE_SLASH.search(href) is None
