"""Bad input never escapes as anything but a typed error: generated tag soup and random bytes."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import soup

import articlescrape
from articlescrape.errors import ArticlescrapeError

TAGS = ["p", "P", "div", "table", "tr", "td", "br", "b", "a href='/x'", "a href='javascript:void(0)'", "img src='/i.jpg' width=300",
        "h1", "h2", "blockquote", "aside", "figure", "figcaption", "ul", "li", "span class='caption'", "font size=2", "script",
        "!-- S BO --", "meta name='Headline' content='x'", "time datetime='2002-03-14T08:26'", "table align=right width=150",
        # An archive replay's rewritten links and comment, some with control characters in them: the archive stage
        # rewrites attributes and removes comments, keeping their tails.
        "a href='/web/20020314082600/http://x.com/\x0b'", "img src='/web/2002im_/http://x.com/i.jpg' style='background:url(/web/2002/http://x.com/\x01)'",
        "!-- FILE ARCHIVED ON 08:26:00 Mar 14, 2002 AND RETRIEVED --", "meta property='og:url' content='/web/2002/http://x.com/\x1f'",
        "style", "noscript", "span hidden"]
#: Control characters and non-characters: libxml2 keeps them in the tree, lxml refuses to store them again.
CONTROLS = ["\x01", "\x08", "\x0b", "\x0c", "\x0e", "\x1b", "\x1f", "\ufffe", "\uffff", "\x0b <!-- c 1 -->"]
WORDS = ["said", '"quoted words,"', "Thursday, 14 March, 2002, 08:26 GMT", "See also:", "By JOHN SMITH", "13 Sep 02 | Business",
         "Source: NIS", "The council approved the plan,", "话剧", "&nbsp;", "&amp;", "\u00a3", "<", ">", "\x00", "\ufffd", *CONTROLS]


def tag_soup() -> st.SearchStrategy[str]:
    return soup.tag_soup(TAGS, WORDS, max_parts=60, joiners=(" ",))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tag_soup(), st.sampled_from([None, "http://news.example.co.uk/1/hi/world/1.stm", "https://web.archive.org/web/20020314082600/http://x.com/"]))
def test_tag_soup_gives_an_article_or_a_typed_error(html: str, url: str | None) -> None:
    try:
        article = articlescrape.extract(html, url=url)
    except ArticlescrapeError:
        return
    assert isinstance(article.to_json(), str)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes_give_an_article_or_a_typed_error(data: bytes) -> None:
    try:
        articlescrape.extract(data)
    except ArticlescrapeError:
        pass


def test_control_characters_around_a_removed_node() -> None:
    """A comment's tail joined to a text holding a control character (lxml refuses to store it)."""
    article = articlescrape.extract("\x0b <!-- c 1 --> <p>x")
    assert isinstance(article.to_json(), str)


def test_control_characters_in_an_archive_replay() -> None:
    """The archive stage rewrites attributes holding control characters and drops its comments."""
    html = (
        '<html><body><a href="/web/20020314082600/http://x.com/a\x0b">l\x0b</a><!-- FILE ARCHIVED ON 08:26:00 Mar 14, 2002'
        ' AND RETRIEVED -->\x01 tail<p style="background:url(/web/2002/http://x.com/i\x01.jpg)">x</p></body></html>'
    )
    article = articlescrape.extract(html, url="https://web.archive.org/web/20020314082600/http://x.com/")
    assert article.url == "http://x.com/"


#: A page whose OpenGraph, canonical and JSON-LD addresses urljoin cannot read ("Invalid IPv6 URL").
BAD_ADDRESSES = (
    '<html><head><meta property="og:image" content="http://[x/y.jpg"><meta property="og:url" content="http://[x/u">'
    '<link rel="canonical" href="//[x/c"><script type="application/ld+json">{"@type": "NewsArticle", "headline": "Hello world",'
    ' "image": "http://[x/z.jpg", "url": "http://[x/"}</script></head><body><h1>Hello world</h1><p>' + "word " * 60 + "</p></body></html>"
)


def test_addresses_urljoin_cannot_read_are_kept_as_written() -> None:
    """Page.absolute answers as urls.absolute does: the address as written, not urljoin's ValueError."""
    import lxml.html

    from articlescrape.metadata import Page, read_metadata
    from articlescrape.urls import absolute

    root = lxml.html.document_fromstring(BAD_ADDRESSES)
    page = Page.build(root, "http://example.com/a")
    for href in ("http://[x/y.jpg", " //[x/c "):
        assert page.absolute(href) == absolute(href, "http://example.com/a") == href.strip()
    assert Page.build(root, "http://[x/").absolute("y.jpg") == absolute("y.jpg", "http://[x/") == "y.jpg"
    found = {(c.field, c.value) for c in read_metadata(root, "http://example.com/a").all_candidates()}
    assert {("image", "http://[x/y.jpg"), ("image", "http://[x/z.jpg"), ("url", "//[x/c")} <= found
    assert articlescrape.extract(BAD_ADDRESSES, url="http://example.com/a").headline == "Hello world"
