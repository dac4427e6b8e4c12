"""Images: absolute sources, captions that are not the alt text, credits apart."""

from __future__ import annotations

import pytest

import articlescrape
from articlescrape.extractors.images import split_credit

STORY = "<p>" + "Some story text, long enough to be the body of the article. " * 5 + "</p>"


def _images(inner: str) -> list[tuple[str, str | None, str | None, str | None]]:
    html = f'<html><body><h1>Headline here</h1><div class="story">{inner}{STORY}{STORY}</div></body></html>'
    article = articlescrape.extract(html, url="http://example.com/news/a.html")
    return [(i.src, i.alt, i.caption, i.credit) for i in article.images]


def test_figure_with_figcaption_and_credit() -> None:
    got = _images('<figure><img src="/p/1.jpg" width="600" height="400" alt="Dock"><figcaption>Kelvin Dock at dusk <span class="credit">Photograph: Iona MacLeod</span></figcaption></figure>')
    assert got == [("http://example.com/p/1.jpg", "Dock", "Kelvin Dock at dusk", "Iona MacLeod")]


def test_old_table_box_with_a_credit_line_and_a_caption() -> None:
    got = _images(
        '<table align="right" width="240"><tr><td><img src="ship.jpg" width="232" height="160" alt="Freighter"><br>'
        "<font size=1>AP Photo/Ted Lindqvist</font><br><font size=1>The freighter takes on ore.</font></td></tr></table>"
    )
    assert got == [("http://example.com/news/ship.jpg", "Freighter", "The freighter takes on ore.", "AP Photo/Ted Lindqvist")]


def test_spacers_and_icons_are_not_images() -> None:
    assert _images('<img src="/img/o.gif" width="1" height="1"><img src="/i/mail.gif" width="13" height="9">') == []


@pytest.mark.parametrize(
    ("text", "caption", "credit"),
    [("Crowds in Beijing Photo: Reuters", "Crowds in Beijing", "Reuters"), ("Plain caption", "Plain caption", None), ("Harbour at dawn (c) Jane Doe", "Harbour at dawn", "Jane Doe")],
)
def test_split_credit(text: str, caption: str, credit: str | None) -> None:
    assert split_credit(text) == (caption, credit)


# --- the compiled scans for caption and credit elements ------------------------------------------
#
# ``_caption_elements`` and ``_credit_element`` look for elements through ``_walk.NameScan``
# when the extension is built; ``_caption_elements_python`` and ``_credit_element_python``
# (``el.iter()`` and ``_named``) are the references. Both run on every fixture and shared page,
# from elements all over the tree, on cleaned trees and on generated tag soup.

from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from lxml import etree  # noqa: E402
from support import soup  # noqa: E402
from test_blocks import FIXTURE_PAGES, SHARED_PAGES, needs_compiled_pipeline, page_tree  # noqa: E402

from articlescrape import clean as clean_stage  # noqa: E402
from articlescrape import parse  # noqa: E402
from articlescrape.config import ExtractConfig  # noqa: E402
from articlescrape.errors import ArticlescrapeError  # noqa: E402
from articlescrape.extractors import images  # noqa: E402


def assert_same_caption_elements(root: Any, every: int = 5) -> None:
    elements = [el for el in root.iter() if isinstance(el.tag, str)]
    for el in [root, *elements[::every]]:
        found = images._CAPTION_SCAN.find(el, images._CAPTION_FAST.search)
        assert found is not None, "the compiled scan refused a parsed HTML tree"
        assert found == images._caption_elements_python(el)  # same elements, same order
        credit = images._CREDIT_SCAN.find(el, images._CREDIT_FAST.search, True)
        assert credit is not None
        reference = images._credit_element_python(el)
        assert credit == ([] if reference is None else [reference])
        assert images._credit_element(el) is reference


def assert_same_captions_on_page(root: Any, every: int = 5) -> None:
    assert_same_caption_elements(root, every)
    try:
        clean_stage.clean(root, url=None, config=ExtractConfig())
    except ValueError:
        return  # a tail lxml refuses to re-attach (see test_blocks): not the scans' business
    assert_same_caption_elements(root, every * 2)


@needs_compiled_pipeline
@pytest.mark.parametrize("path", FIXTURE_PAGES, ids=lambda p: p.name)
def test_compiled_caption_scan_matches_python_on_fixture_pages(path: Path) -> None:
    assert_same_captions_on_page(page_tree(path), every=3)


@needs_compiled_pipeline
@pytest.mark.parametrize("path", SHARED_PAGES, ids=lambda p: p.name[:16])
def test_compiled_caption_scan_matches_python_on_shared_pages(path: Path) -> None:
    assert_same_captions_on_page(page_tree(path), every=29)


CAPTION_SOUP = ["div", "figure", "figcaption", "p", "span", "img src='/a.jpg'", "img class='credit'", "td", "table", "tr", "b",
                "div class='caption'", "p class='wp-caption-text'", "span class='Legend'", "div id='CAPTION'", "span class='credit'",
                "span class='Photo-Credit'", "em class='source'", "div class='byline' id='x'", "span class='attribution'",
                "div class='copyright'", "p class='photographer'", "div class='capt ion'", "div class='' id=''", "div class='ſource'",
                "div class='Ünï caption'", "svg:figcaption", "x-caption class='caption'", "figcaption class='credit'", "div id='legendary'"]
CAPTION_WORDS = ["Dock at dusk", "Photo: Reuters", "&copy; AP", "<!-- c -->", "", " "]


def caption_soup() -> st.SearchStrategy[str]:
    return soup.tag_soup(CAPTION_SOUP, CAPTION_WORDS, max_parts=50)


@needs_compiled_pipeline
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(caption_soup())
def test_compiled_caption_scan_matches_python_on_tag_soup(html: str) -> None:
    try:
        root = parse.parse(html)
    except ArticlescrapeError:
        return
    assert_same_caption_elements(root, every=1)


@needs_compiled_pipeline
def test_compiled_caption_scan_on_xml_trees() -> None:
    """A namespaced figcaption is no figcaption (its tag is not the bare name); a DTD that
    declares attributes makes the scan step aside; a class made of several nodes is read as
    get() reads it."""
    spaced = etree.fromstring(b'<d xmlns:h="urn:h"><h:figcaption>a</h:figcaption><figcaption>b</figcaption><h:p class="caption">c</h:p><p h:class="caption">d</p></d>')
    assert images._CAPTION_SCAN.find(spaced, images._CAPTION_FAST.search) == images._caption_elements_python(spaced) == [spaced[1], spaced[2]]
    defaults = etree.fromstring(b'<!DOCTYPE d [<!ATTLIST p class CDATA "caption">]><d><p>a</p></d>')
    assert images._CAPTION_SCAN.find(defaults, images._CAPTION_FAST.search) is None
    assert images._caption_elements(defaults) == images._caption_elements_python(defaults) == [defaults[0]]
    entity = etree.fromstring(b'<!DOCTYPE d [<!ENTITY e "tion">]><d><p class="cap&e;">a</p><img class="credit"/><b id="credit">x</b></d>', etree.XMLParser(resolve_entities=False))
    assert images._CAPTION_SCAN.find(entity, images._CAPTION_FAST.search) == images._caption_elements_python(entity) == [entity[0]]
    assert images._credit_element(entity) is images._credit_element_python(entity) is entity[2]


@pytest.mark.parametrize(("pattern", "words"), [(images._CAPTION, images._CAPTION_WORDS), (images._CREDIT, images._CREDIT_WORDS)])
@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["caption", "legend", "credit", "copyright", "photographer", "byline", "source", "attribution",
                                 "CAPTION", "Source", "wp-", "fig", "x", " ", "-", "ſ", "K", "İ", "é"]), max_size=6).map("".join))
def test_every_caption_and_credit_name_holds_a_prefilter_word(pattern: Any, words: tuple[str, ...], names: str) -> None:
    """The compiled scans ask about an ASCII class/id string only when it holds one of the
    words: every ASCII string the pattern matches must hold one."""
    if names.isascii() and pattern.search(names):
        assert any(word in names.lower() for word in words)


# --- images inside skipped boxes: gathered from the boxes, as a walk up from each image finds them ---


def _inside_by_walking_up(el: Any, roots: set[Any]) -> bool:
    parent = el.getparent()
    while parent is not None:
        if parent in roots:
            return True
        parent = parent.getparent()
    return False


@pytest.mark.parametrize("path", [*FIXTURE_PAGES, *SHARED_PAGES], ids=lambda p: p.name[:16])
@pytest.mark.parametrize("every", [3, 17])
def test_images_inside_roots_are_those_a_walk_up_finds(path: Path, every: int) -> None:
    """Roots of every kind (images among them, nested in one another), every 3rd or 17th element."""
    root = page_tree(path)
    elements = [el for el in root.iter() if isinstance(el.tag, str)]
    roots = set(elements[::every]) | set(list(root.iter("img"))[::2])
    inside = images._images_inside(roots)
    assert {img for img in root.iter("img") if _inside_by_walking_up(img, roots)} == inside


def test_an_image_that_is_a_box_itself_is_not_inside_it() -> None:
    root = etree.fromstring("<div><p><img src='a.jpg'/></p><img src='b.jpg' class='photo'/></div>")
    first, second = root.iter("img")
    assert images._images_inside({second}) == set()
    assert images._images_inside({root, second}) == {first, second}
