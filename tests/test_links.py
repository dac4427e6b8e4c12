"""Related ("See also") and external links, with the dates and sections shown beside them."""

from __future__ import annotations

from datetime import date

import articlescrape

BODY = "<p>" + "The story itself goes on for a while, with commas, and detail. " * 6 + "</p>"
URL = "http://news.example.co.uk/1/hi/world/123.stm"


def _article(side: str, body_extra: str = "") -> articlescrape.Article:
    html = f"<html><body><table><tr><td><h1>Headline words here</h1>{BODY}{body_extra}{BODY}</td><td width=170>{side}</td></tr></table></body></html>"
    return articlescrape.extract(html, url=URL)


def test_see_also_items_with_date_and_section_lines() -> None:
    side = (
        '<div class="rhshead"><b>See also:</b></div>'
        '<div><span class="seealsodate">13 Sep 02 | Business</span><div><a href="/2/hi/business/1.stm">Workers underpaid</a></div></div>'
        '<div><span class="seealsodate">12 Aug 02 | Business</span><div><a href="/2/hi/business/2.stm">TUC bids</a></div></div>'
        "<div><b>Internet links:</b></div><div><a href=\"http://www.dti.gov.uk/\">DTI</a></div>"
        "<div>The site is not responsible for the content of external internet sites</div>"
        '<div><a href="/2/hi/business/9.stm">Top story elsewhere</a></div>'
    )
    article = _article(side)
    assert [(link.title, link.url, link.date, link.section) for link in article.related_links] == [
        ("Workers underpaid", "http://news.example.co.uk/2/hi/business/1.stm", date(2002, 9, 13), "Business"),
        ("TUC bids", "http://news.example.co.uk/2/hi/business/2.stm", date(2002, 8, 12), "Business"),
    ]
    assert [(link.title, link.url) for link in article.external_links] == [("DTI", "http://www.dti.gov.uk/")]


def test_related_list_with_kicker_labels_and_time_elements() -> None:
    side = (
        '<section class="related"><h2>Related</h2><ul>'
        '<li><span class="kicker">Environment</span><a href="/news/a">Saltmarsh wins grant</a><time datetime="2024-03-12">12 Mar 2024</time></li>'
        '<li><span class="kicker">Scotland</span><a href="/news/b">Flood defences late</a><time datetime="2023-11-02">2 Nov 2023</time></li>'
        "</ul></section>"
    )
    article = _article(side)
    assert [(link.title, link.date, link.section) for link in article.related_links] == [
        ("Saltmarsh wins grant", date(2024, 3, 12), "Environment"),
        ("Flood defences late", date(2023, 11, 2), "Scotland"),
    ]


def test_links_to_other_sites_inside_the_story_are_external() -> None:
    article = _article("", '<p>The council’s <a href="https://council.example.org/plan.pdf">flood modelling</a> suggests, with care, that levels could fall a great deal.</p>')
    assert [(link.title, link.url) for link in article.external_links] == [("flood modelling", "https://council.example.org/plan.pdf")]


def test_site_navigation_is_not_a_related_list() -> None:
    side = '<div><b>Also in the News</b></div><ul><li><a href="/video">Video and Audio</a></li><li><a href="/hys">Have Your Say</a></li></ul>'
    assert _article(side).related_links == []


# --- the headings of link lists, found in one pass ----------------------------------------------------
#
# ``list_headings`` asks one pattern per short line for both kinds of heading; it must say what
# RELATED_HEADING and EXTERNAL_HEADING, tried in that order, say (the reference below), on every
# line of the fixture and shared pages and on generated lines.

from itertools import product  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from test_blocks import FIXTURE_PAGES, SHARED_PAGES, page_tree  # noqa: E402

from articlescrape.extractors import links  # noqa: E402
from articlescrape.extractors.alternations import branches  # noqa: E402
from articlescrape.extractors.blocks import Block, linearize  # noqa: E402


def _reference_headings(blocks: list[Block]) -> list[tuple[int, bool]]:
    out = []
    for i, block in enumerate(blocks):
        if len(block.text) > 60:
            continue
        if links.RELATED_HEADING.match(block.text):
            out.append((i, True))
        elif links.EXTERNAL_HEADING.match(block.text):
            out.append((i, False))
    return out


@pytest.mark.parametrize("path", [*FIXTURE_PAGES, *SHARED_PAGES], ids=lambda p: p.name[:16])
def test_list_headings_match_the_two_patterns_on_pages(path: Path) -> None:
    found = linearize(page_tree(path))[0]
    assert links.list_headings(found) == _reference_headings(found)


HEADING_PIECES = ["see also", "related", " stories", " links", "internet links", "related ", "sites", "web ", "on the web", "more on this",
                  " story", "Related Internet Links", "SEE ALSO", "ſee alſo", "à lire aussi", "관련기사", "相关链接", ":", "：", " ", "x", "\u00a0"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(HEADING_PIECES), max_size=5).map("".join))
def test_list_headings_match_the_two_patterns_on_generated_lines(text: str) -> None:
    found = [Block(text, None, index=0)]  # type: ignore[arg-type]
    assert links.list_headings(found) == _reference_headings(found)


def test_every_heading_branch_begins_with_a_listed_start() -> None:
    """list_headings asks the pattern only about a line whose first four characters are not
    ASCII or are one of _HEADING_STARTS in some case: every branch that begins with ASCII must
    begin so, with letters and spaces only (no group, class or quantifier among them)."""
    starts = set()
    for branch in [*branches(links._RELATED_WORDS), *branches(links._EXTERNAL_WORDS)]:
        readings = [branch]
        if branch.startswith("("):  # a leading optional group: "(related )?internet links"
            group, rest = branch[1:].split(")?", 1)
            readings = [group + rest, rest]
        for reading in readings:
            head = reading[:5]  # the fifth character: no quantifier may make the fourth optional
            assert all(c.isalpha() or c == " " for c in head) or not reading[:1].isascii(), reading
            if reading[:4].isascii():
                starts.add(reading[:4].lower())
    assert starts == links._HEADING_STARTS
    assert links._HEADING_HEADS == {h for s in starts for h in map("".join, product(*({c.lower(), c.upper()} for c in s)))}
    assert all(s.lower() in starts for s in links._HEADING_HEADS)


# --- external links: the page's side of urls.is_external worked out once -----------------------------

from articlescrape.urls import external_test, host, site_of  # noqa: E402


def _is_external(url: str, page_url: str | None) -> bool:
    """The rule as written before the page's side was worked out once: the reference."""
    if not page_url:
        return False
    there, here = host(url), host(page_url)
    return bool(there and here) and site_of(there) != site_of(here)

URL_PIECES = ["http://", "https://", "HTTP://", "www.", "WWW.", "bbc", "news", ".co", ".uk", ".com", ".au", ".net", ":8080", "/", "?q", "#x", "@", "[", "é",
              "user@", "", " "]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(URL_PIECES), max_size=6).map("".join), st.one_of(st.none(), st.lists(st.sampled_from(URL_PIECES), max_size=6).map("".join)))
def test_the_external_test_of_a_page_is_is_external(url: str, page_url: str | None) -> None:
    assert external_test(page_url)(url) == _is_external(url, page_url)


@pytest.mark.parametrize("page_url", [None, "", "http://news.bbc.co.uk/1/hi/world/2.stm", "https://www.example.com/a", "/relative", "http://[::1]/x"])
@pytest.mark.parametrize("url", ["http://news.bbc.co.uk/2/hi", "http://www.bbc.co.uk/", "https://example.com/b", "http://other.org/", "mailto:x@y", "/local"])
def test_the_external_test_of_a_page_is_is_external_on_addresses(url: str, page_url: str | None) -> None:
    assert external_test(page_url)(url) == _is_external(url, page_url)


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(HEADING_PIECES), max_size=5).map("".join))
def test_a_list_ends_at_a_heading_of_either_kind(text: str) -> None:
    """_list_after's test of a heading: either pattern matches (whatever the line's length)."""
    either = bool(links.RELATED_HEADING.match(text) or links.EXTERNAL_HEADING.match(text))
    assert (links._list_heading(text) is not None) == either
    assert (links._list_heading(text * 8) is not None) == bool(links.RELATED_HEADING.match(text * 8) or links.EXTERNAL_HEADING.match(text * 8))
