"""Section and breadcrumb."""

from __future__ import annotations

import pytest

import articlescrape

BODY = "<p>" + "The story itself goes on for a while, with commas, and detail. " * 6 + "</p>"


@pytest.mark.parametrize(
    ("chrome", "crumbs"),
    [
        ('<td>&nbsp;You are in:&nbsp;<a href="/w"><b>World</b></a>: <a href="/ap">Asia-Pacific</a></td>', ["World", "Asia-Pacific"]),
        ('<div id="breadcrumb"><a href="/">Home</a> &raquo; <a href="/business/">Business</a> &raquo; <a href="/energy/">Energy</a></div>', ["Business", "Energy"]),
        ('<font size=1><a href="/news/">News</a> &gt; <a href="/news/state/">State</a></font><br>', ["News", "State"]),
    ],
)
def test_breadcrumb_forms_of_every_era(chrome: str, crumbs: list[str]) -> None:
    html = f"<html><body><table><tr>{chrome if chrome.startswith('<td') else ''}</tr></table>{'' if chrome.startswith('<td') else chrome}<h1>Headline words here</h1>{BODY}{BODY}</body></html>"
    article = articlescrape.extract(html)
    assert article.breadcrumb == crumbs
    assert article.section == crumbs[-1]


def test_metadata_section_when_there_is_no_trail() -> None:
    html = f'<html><head><meta property="article:section" content="Environment"></head><body><h1>Headline words here</h1>{BODY}{BODY}</body></html>'
    assert articlescrape.extract(html).section == "Environment"


# --- the compiled trail scan finds exactly the elements the Python one finds ----------------------
#
# ``breadcrumb`` looks for elements that say they hold a trail through ``_walk.TrailScan`` when
# the extension is built; ``_trail_elements_python`` (``root.iter(...)`` and the same tests) is
# the reference. Both run on every fixture and shared page, from the root and from elements all
# over the tree, on cleaned trees and on generated tag soup.

from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from support import soup  # noqa: E402
from lxml import etree  # noqa: E402
from test_blocks import FIXTURE_PAGES, SHARED_PAGES, _WALK, needs_compiled, page_tree  # noqa: E402

from articlescrape import clean as clean_stage  # noqa: E402
from articlescrape import parse  # noqa: E402
from articlescrape.config import ExtractConfig  # noqa: E402
from articlescrape.errors import ArticlescrapeError  # noqa: E402
from articlescrape.extractors import section  # noqa: E402


def _scan() -> Any:
    return _WALK.TrailScan(tags=section._TRAIL_TAGS, names_words=section._CRUMB_WORDS)  # type: ignore[union-attr]


def assert_same_trail_elements(root: Any, every: int = 5) -> None:
    scan = _scan()
    elements = [el for el in root.iter() if isinstance(el.tag, str)]
    for el in [root, *elements[::every]]:
        found = scan.find(el, section._trail_label, section._crumb_names)
        assert found is not None, "the compiled scan refused a parsed HTML tree"
        assert found == list(section._trail_elements_python(el))  # same elements, same order
        assert _one_at_a_time(scan, el) == found


def _one_at_a_time(scan: Any, root: Any) -> list[Any]:
    """What ``scan.first`` hands out, asked again after each element until it says False."""
    found = []
    el = scan.first(root, section._trail_label, section._crumb_names)
    while el is not False:
        assert el is not None, "the compiled scan refused a parsed HTML tree"
        found.append(el)
        el = scan.first(root, section._trail_label, section._crumb_names, el)
    return found


def assert_same_on_page(root: Any, every: int = 5) -> None:
    assert_same_trail_elements(root, every)
    try:
        clean_stage.clean(root, url=None, config=ExtractConfig())
    except ValueError:
        return  # a tail lxml refuses to re-attach (see test_blocks): not the scans' business
    assert_same_trail_elements(root, every * 2)


@needs_compiled
@pytest.mark.parametrize("path", FIXTURE_PAGES, ids=lambda p: p.name)
def test_compiled_trail_scan_matches_python_on_fixture_pages(path: Path) -> None:
    assert_same_on_page(page_tree(path), every=3)


@needs_compiled
@pytest.mark.parametrize("path", SHARED_PAGES, ids=lambda p: p.name[:16])
def test_compiled_trail_scan_matches_python_on_shared_pages(path: Path) -> None:
    assert_same_on_page(page_tree(path), every=29)


TRAIL_SOUP = ["div", "nav", "ol", "ul", "li", "p", "span", "td", "tr", "table", "a href='/x'", "section", "b",
              "div class='breadcrumb'", "nav aria-label='Breadcrumb'", "div aria-label='breadcrumbs trail'",
              "ul aria-label='Menu'", "span aria-label=''", "p id='you-are-here'", "td class='Location'",
              "div class='BREADCRUMBS'", "ol class='trail nav'", "div class='' id=''", "div id='youarehere'",
              "div class='crumb'", "div class='crum'", "span class='trai l'", "p class='cruMB'",
              "div class='ſ trail'", "div class='You-Are-Here'", "div class='you-are-not-here'", "div class='Ünï'",
              "svg:div class='breadcrumb'", "x-nav class='breadcrumb'", "nav class='breadcrumb' aria-label='x'"]
TRAIL_WORDS = ["Home", "News", "&raquo;", "&gt;", "World", "Asia-Pacific", "<!-- c -->", "", " "]


def trail_soup() -> st.SearchStrategy[str]:
    return soup.tag_soup(TRAIL_SOUP, TRAIL_WORDS, max_parts=50)


@needs_compiled
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trail_soup())
def test_compiled_trail_scan_matches_python_on_tag_soup(html: str) -> None:
    try:
        root = parse.parse(html)
    except ArticlescrapeError:
        return
    assert_same_trail_elements(root, every=1)


@needs_compiled
def test_compiled_trail_scan_on_xml_trees() -> None:
    """Namespaced elements are matched as lxml's iter() matches them; a DTD that declares
    attributes, or a value made of several nodes, is read as get() reads it."""
    scan = _scan()
    spaced = etree.fromstring(b'<d xmlns:h="urn:h"><h:div class="breadcrumb">a</h:div><div class="trail">b</div><nav h:class="trail">c</nav></d>')
    assert scan.find(spaced, section._trail_label, section._crumb_names) == list(section._trail_elements_python(spaced)) == [spaced[1]]
    defaults = etree.fromstring(b'<!DOCTYPE d [<!ATTLIST nav class CDATA "breadcrumb">]><d><nav>a</nav></d>')
    assert scan.find(defaults, section._trail_label, section._crumb_names) is None
    assert list(section._trail_elements(defaults)) == list(section._trail_elements_python(defaults)) == [defaults[0]]
    entity = etree.fromstring(b'<!DOCTYPE d [<!ENTITY e "crumb">]><d><p class="bread&e;">a</p></d>', etree.XMLParser(resolve_entities=False))
    assert scan.find(entity, section._trail_label, section._crumb_names) == list(section._trail_elements_python(entity)) == [entity[0]]


def test_every_crumb_name_holds_a_prefilter_word() -> None:
    """The compiled scan asks about an ASCII class/id string only when it holds one of
    _CRUMB_WORDS: every string the pattern matches must hold one."""
    for names in ["breadcrumb", "crumbs", "crumb", "you-are-here", "youarehere", "you-arehere", "location", "trail", "x TRAIL y"]:
        assert section._crumb_names(names)
        assert any(word in names.lower() for word in section._CRUMB_WORDS)


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(["you are in", "You Are Here", "vous êtes ici", "sie sind hier", "está en", "sei in", " ", "\u3000", ":", "：", "News", "»", "x"]), max_size=6).map("".join))
def test_you_are_in_needs_a_colon(text: str) -> None:
    """breadcrumb() asks the "You are in:" pattern only about texts holding a colon."""
    if section._YOU_ARE_IN.match(text):
        assert ":" in text or "：" in text


def test_only_the_listed_initials_start_a_you_are_in_line() -> None:
    """breadcrumb matches _YOU_ARE_IN only on a line starting with one of its initials: they must
    be every code point that the first letter of a branch matches, case folding included."""
    import re

    from articlescrape.extractors import section

    branches = section._YOU_ARE_IN.pattern.removeprefix("^(").split(")\\s*")[0]
    firsts = {b[0] for b in re.sub(r"\([^()]*\)", "", branches).split("|")}
    first = re.compile(f"[{''.join(sorted(firsts))}]", re.IGNORECASE)
    matching = {c for c in map(chr, range(0x110000)) if first.fullmatch(c)}
    assert matching == section._YOU_ARE_IN_INITIALS
