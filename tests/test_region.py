"""The story's region: the document positions of its elements (``Region.order``) are built in C
when the compiled walker is built (``_walk.positions``); the Python comprehension over
``iter()`` is the reference. Both must give the same dict — the same proxies as keys, the same
positions, in the same order — on every fixture and shared page, on subtrees, cleaned trees,
XML trees with entity references and generated tag soup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from lxml import etree
from test_blocks import FIXTURE_PAGES, SHARED_PAGES, _WALK, needs_compiled, page_tree, tag_soup

from articlescrape import clean as clean_stage
from articlescrape import parse
from articlescrape.config import ExtractConfig
from articlescrape.errors import ArticlescrapeError
from articlescrape.extractors import region


def _reference(root: Any) -> dict[Any, int]:
    return {el: i for i, el in enumerate(root.iter())}


def assert_same_positions(root: Any, every: int = 7) -> None:
    for el in [root, *[el for el in root.iter() if isinstance(el.tag, str)][::every]]:
        got = _WALK.positions(el)  # type: ignore[union-attr]
        assert got is not None, "the compiled walk refused a parsed HTML tree"
        want = _reference(el)
        assert list(got.items()) == list(want.items())  # same keys (by identity), values, order
        assert region._positions(el) == want


def assert_same_on_page(root: Any, every: int = 7) -> None:
    assert_same_positions(root, every)
    try:
        clean_stage.clean(root, url=None, config=ExtractConfig())
    except ValueError:
        return  # a tail lxml refuses to re-attach (see test_blocks): not the walks' business
    assert_same_positions(root, every * 2)


@needs_compiled
@pytest.mark.parametrize("path", FIXTURE_PAGES, ids=lambda p: p.name)
def test_compiled_positions_match_python_on_fixture_pages(path: Path) -> None:
    assert_same_on_page(page_tree(path), every=3)


@needs_compiled
@pytest.mark.parametrize("path", SHARED_PAGES, ids=lambda p: p.name[:16])
def test_compiled_positions_match_python_on_shared_pages(path: Path) -> None:
    assert_same_on_page(page_tree(path), every=31)


@needs_compiled
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tag_soup())
def test_compiled_positions_match_python_on_tag_soup(html: str) -> None:
    try:
        root = parse.parse(html)
    except ArticlescrapeError:
        return
    assert_same_positions(root, every=1)


@needs_compiled
def test_compiled_positions_on_xml_trees_and_non_elements() -> None:
    """Entity references, comments and PIs have positions (iter() yields them) and nothing
    inside an entity reference has one; a root that is not an element is refused."""
    xml = b'<!DOCTYPE d [<!ENTITY e "<b>E</b>">]><d><p>one &e; two<!--c--><?pi x?></p><p>&e;</p></d>'
    root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False))
    assert_same_positions(root, every=1)
    assert len(_WALK.positions(root)) == 7  # type: ignore[union-attr,arg-type]
    assert _WALK.positions(etree.ElementTree(root)) is None  # type: ignore[union-attr]
    comment = root[0][1]
    assert _WALK.positions(comment) is None  # type: ignore[union-attr]
    assert region._positions(comment) == {comment: 0}


@needs_compiled
@pytest.mark.parametrize("path", FIXTURE_PAGES[:10], ids=lambda p: p.name)
def test_the_compiled_positions_answer_every_lookup_as_the_dict(path: Path) -> None:
    """``PositionMap`` is read by node: every element of the page (in the subtree or not, its
    ancestors, other trees' elements, non-elements) gets the dict's answer through each
    mapping operation the extractors use; the map is one object the collector never tracks."""
    import gc

    root = page_tree(path)
    other = page_tree(path)
    for top in [root, *[el for el in root.iter() if isinstance(el.tag, str)][::17]]:
        got = _WALK.positions(top)  # type: ignore[union-attr]
        want = _reference(top)
        assert not gc.is_tracked(got)
        assert got == want and len(got) == len(want) and list(got) == list(want) and list(got.values()) == list(want.values())
        for el in [*root.iter(), *other.iter(), "html", None, 3]:
            assert (el in got) == (el in want)
            assert got.get(el) == want.get(el) and got.get(el, -1) == want.get(el, -1)
            if el in want:
                assert got[el] == want[el]
            else:
                with pytest.raises(KeyError):
                    got[el]
