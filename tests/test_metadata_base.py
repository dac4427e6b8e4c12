"""The metadata index walk (``Page.build``): the compiled walk gives exactly what the Python one
gives (``_index_python``, the reference) — the same meta and link maps (and key order), JSON-LD
values, title, and the same elements in the same order in every list — on every fixture page,
every page of ../shared/data when present, and generated tag soup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
import lxml.html
from lxml import etree

# The page loaders, the soup strategy and the compiled-module probe are the linearizer's.
from test_blocks import (
    _WALK,
    CDATA_RUNS,
    FIXTURE_PAGES,
    SHARED_PAGES,
    needs_compiled,
    page_tree,
    tag_soup,
)

from articlescrape import parse
from articlescrape.errors import ArticlescrapeError
from articlescrape.metadata import base, textdates
from articlescrape.metadata.base import Page

FIELDS = ("meta", "links", "ld", "title", "itemprops", "marked", "texts", "doc_writes", "suspects")


def assert_same_index(walker: Any, root: Any) -> None:
    compiled = walker.index(root)
    assert compiled is not None, "the compiled walk refused a parsed HTML tree"
    reference = base._index_python(root)
    for name, got, want in zip(FIELDS, compiled, reference, strict=True):
        assert got == want, name  # TextNode and list equality compare elements by identity
        if isinstance(want, dict):
            assert list(got) == list(want), f"{name}: key order"


def assert_same_on_page(root: Any, every: int = 7) -> None:
    walker = base._make_page_walker(_WALK)  # type: ignore[arg-type]
    for el in [root, *[el for el in root.iter() if isinstance(el.tag, str)][::every]]:
        assert_same_index(walker, el)


@needs_compiled
@pytest.mark.parametrize("path", FIXTURE_PAGES, ids=lambda p: p.name)
def test_compiled_index_matches_python_on_fixture_pages(path: Path) -> None:
    assert_same_on_page(page_tree(path))


@needs_compiled
@pytest.mark.parametrize("path", SHARED_PAGES, ids=lambda p: p.name[:16])
def test_compiled_index_matches_python_on_shared_pages(path: Path) -> None:
    assert_same_on_page(page_tree(path), every=11)


@needs_compiled
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tag_soup())
def test_compiled_index_matches_python_on_tag_soup(html: str) -> None:
    try:
        root = parse.parse(html)
    except ArticlescrapeError:
        return
    assert_same_on_page(root, every=1)


@needs_compiled
def test_compiled_index_on_xml_trees() -> None:
    """Entity references are listed like comments (and not walked into), namespaced elements
    match no tag, runs of text and CDATA nodes are read as one text."""
    parser = etree.XMLParser(resolve_entities=False, strip_cdata=False)
    xml = (
        b'<!DOCTYPE d [<!ENTITY e "E">]><d xmlns:h="urn:h"><body><p class="date">one &e; 2</p>'
        b'<h:meta name="x" content="y"/><h:time>3</h:time><script>document.<![CDATA[write(1)]]></script></body></d>'
    )
    # A DTD that declares attributes: get() then answers with their defaults too.
    defaults = (
        b'<!DOCTYPE d [<!ATTLIST p class CDATA "date" style CDATA "x"><!ATTLIST a rel CDATA "author">]>'
        b'<d><body><p>1 May</p><a href="/x">2</a><p class="">3</p></body></d>'
    )
    walker = base._make_page_walker(_WALK)  # type: ignore[arg-type]
    with_defaults = etree.fromstring(defaults, parser)
    assert with_defaults.find(".//p").get("class") == "date"
    for source in (etree.fromstring(xml, parser), etree.fromstring(CDATA_RUNS, parser), with_defaults):
        for el in source.iter():
            if isinstance(el.tag, str):
                assert_same_index(walker, el)


#: Class values as pages repeat them: hints, hiding words, both, neither, case, non-ASCII, spaces.
_CLASS_VALUES = ["date", "entry-title", "fn n", "published", "story", "sr-only", "SR-ONLY", "tooltip date", "hidden x",
                 "Date", "updatedAt", "dtstamp", "ſr-only", "datée", "fñ", "\u0130hide", "nav  main", " ", "a", "hide fn",
                 "modified-hide", "entry-", "publish"]


@needs_compiled
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["div", "span", "p", "a", "time", "h1", "meta", "script", "li"]), st.sampled_from(_CLASS_VALUES)),
                min_size=1, max_size=30))
def test_compiled_index_reads_repeated_class_values_as_python(elements: list[tuple[str, str]]) -> None:
    """Each distinct class value is judged once (hiding, hinting) and remembered by its bytes:
    the same suspects and marked elements as the Python walk, value after value."""
    body = "".join(f'<{tag} class="{cls}">x {i}</{tag}>' for i, (tag, cls) in enumerate(elements))
    assert_same_on_page(parse.parse(f"<html><body><p>start</p>{body}</body></html>"), every=1)


def test_page_build_uses_one_implementation_or_the_other() -> None:
    root = parse.parse("<html lang='en'><head><title>T 1</title></head><body><p>12 May 2002</p><!-- c --></body></html>")
    page = Page.build(root, None)
    assert page.title == "T 1" and page.lang == "en"
    assert [t.text for t in page.texts] == ["12 May 2002"]
    assert [type(s).__name__ for s in page.suspects] == ["HtmlComment"]


# --- the texts listed are those the visible-date reader can use -------------------------------------


def _all_short_texts(root: Any, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The Python walk's texts without the length floor and the ancestors it skips (as it
    listed them before it knew what its reader rejects)."""
    with monkeypatch.context() as patch:
        patch.setattr(base, "MIN_TEXT_NODE", 0)
        patch.setattr(base, "NO_TEXT_WITHIN", frozenset())
        return base._index_python(root)[6]


def assert_texts_are_those_the_reader_keeps(root: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The texts the index lists are the short texts with a digit the visible-date reader does
    not skip for their length or their ancestors, in order; and the reader reads the same dates
    from the page either way."""
    everything = _all_short_texts(root, monkeypatch)
    listed = base._index_python(root)[6]
    assert listed == [t for t in everything if not (len(t.text) < 6 or _in_excluded_element(t.element))]
    page = Page.build(root, None)
    assert list(page.texts) == listed


def _in_excluded_element(el: Any) -> bool:
    """The reader's rule, walked plainly: the element or an ancestor is a script, a style, a
    form control or a link."""
    return any(node.tag in {"script", "style", "a", "option", "textarea", "noscript", "select", "button"} for node in (el, *el.iterancestors()))


def test_the_visible_date_reader_never_reads_dates_of_links_scripts_or_controls() -> None:
    """Those texts are never listed, so the reader (which relies on that) never sees them; a
    text under six characters neither."""
    html = (
        "<html><body><h1>Head</h1><p><a href='/other'>12 May 2001</a></p><script>var d = '13 May 2001';</script>"
        "<select><option>14 May 2001</option></select><p>9 May</p><p>Published 15 May 2002</p></body></html>"
    )
    page = Page.build(lxml.html.document_fromstring(html), None)
    assert [t.text for t in page.texts] == ["Published 15 May 2002"]
    assert {c.value.day for c in textdates.read(page)} == {15}
    assert base.MIN_TEXT_NODE == 6


@pytest.mark.parametrize("path", FIXTURE_PAGES, ids=lambda p: p.name)
def test_listed_texts_are_those_the_reader_keeps_on_fixture_pages(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert_texts_are_those_the_reader_keeps(page_tree(path), monkeypatch)


@pytest.mark.parametrize("path", SHARED_PAGES, ids=lambda p: p.name[:16])
def test_listed_texts_are_those_the_reader_keeps_on_shared_pages(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert_texts_are_those_the_reader_keeps(page_tree(path), monkeypatch)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tag_soup())
def test_listed_texts_are_those_the_reader_keeps_on_tag_soup(html: str) -> None:
    try:
        root = parse.parse(f"<body><a>12 May<b>1 June 2002</b></a>{html}<select><option>3 June 2002</option></select></body>")
    except ArticlescrapeError:
        return
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert_texts_are_those_the_reader_keeps(root, monkeypatch)


@needs_compiled
def test_compiled_index_skips_texts_under_an_excluded_ancestor_of_its_root() -> None:
    """Walked from inside a link (or a script...), the index lists none of the texts there."""
    root = parse.parse("<html><body><a href='/x'><span>12 May 2002<b>x</b>1 June 2002</span></a><p>3 July 2002</p></body></html>")
    walker = base._make_page_walker(_WALK)  # type: ignore[arg-type]
    for el in root.iter():
        assert_same_index(walker, el)
    span = root.find(".//span")
    assert walker.index(span)[6] == [] and base._index_python(span)[6] == []
    assert [t.text for t in walker.index(root)[6]] == ["3 July 2002"]
