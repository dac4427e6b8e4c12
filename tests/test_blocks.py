"""The shared linearizer: how markup of every era becomes blocks."""

from __future__ import annotations

import lxml.html

from articlescrape.extractors.blocks import is_data_table, linearize, lines


def _blocks(html: str) -> list[str]:
    return [b.text for b in linearize(lxml.html.document_fromstring(html))[0]]


def test_bare_p_separators_make_paragraphs() -> None:
    assert _blocks("<div>First para.<P>Second para.<P>Third.</div>") == ["First para.", "Second para.", "Third."]


def test_double_br_separates_and_single_br_marks_a_soft_line() -> None:
    root = lxml.html.document_fromstring("<td>One line<br>same paragraph<br><br>Next paragraph</td>")
    blocks, _ = linearize(root)
    assert [b.text for b in blocks] == ["One line", "same paragraph", "Next paragraph"]
    assert [b.soft for b in blocks] == [False, True, False]


def test_link_text_bold_and_headings_are_recorded() -> None:
    root = lxml.html.document_fromstring(
        '<div><h2>Sub</h2><p><b>All bold</b></p><p>Some <a href="/x">linked words</a> here</p></div>'
    )
    blocks, _ = linearize(root)
    heading, bold, linked = blocks
    assert heading.heading == 2 and heading.text == "Sub"
    assert bold.bold and not linked.bold
    assert linked.link_chars == len("linked words")
    assert linked.links == [("/x", "linked words")]


def test_text_stats_sum_bottom_up() -> None:
    root = lxml.html.document_fromstring('<div id="o"><p>abcde</p><p><a href="#">xyz</a></p></div>')
    _, stats = linearize(root)
    outer = root.get_element_by_id("o")
    assert stats[outer].chars == 8 and stats[outer].link_chars == 3 and stats[outer].blocks == 2


def test_invisible_subtrees_and_comments_contribute_nothing() -> None:
    assert _blocks("<div>Shown<script>var x = 1;</script><!-- hidden note --> too</div>") == ["Shown too"]


def test_data_table_rows_are_blocks_and_layout_tables_are_not() -> None:
    data = "<table><tr><th>Pos</th><th>Name</th></tr><tr><td>1</td><td>Kyle Busch</td></tr><tr><td>2</td><td>Martin Truex</td></tr></table>"
    assert _blocks(data) == ["Pos | Name", "1 | Kyle Busch", "2 | Martin Truex"]
    layout = "<table><tr><td><table><tr><td>nav</td></tr></table></td><td>story</td></tr></table>"
    assert not is_data_table(lxml.html.fragment_fromstring(layout))


def test_deeply_nested_trees_do_not_hit_the_recursion_limit() -> None:
    root = lxml.html.document_fromstring("<html><body></body></html>")
    el = root.find("body")
    for _ in range(20_000):  # built directly: the parser itself caps depth (see test_parse)
        el = lxml.html.etree.SubElement(el, "div")
    el.text = "deep text"
    assert [b.text for b in linearize(root)[0]] == ["deep text"]


def test_lines_of_a_box_do_not_include_its_tail() -> None:
    box = lxml.html.fragment_fromstring("<div><b>Title</b><br>line one<br>line two</div>")
    box.tail = "outside"
    assert [b.text for b in lines(box)] == ["Title", "line one", "line two"]


# --- the compiled linearizer gives exactly what the Python one gives ------------------------------
#
# ``Linearizer.run`` walks in C when the extension is built (extractors/_walk.pyx); the Python
# walk (``run_python``) is the reference. Both run here on every fixture page, every page of
# ../shared/data when present, and generated tag soup, on the whole tree, on subtrees (what
# ``lines(box)`` walks) and on the cleaned tree, and must agree on every block field and on the
# statistics (same elements, same sums, same order).

from collections.abc import Mapping  # noqa: E402
import gc  # noqa: E402
import gzip  # noqa: E402
import importlib  # noqa: E402
import os  # noqa: E402
import pickle  # noqa: E402
from pathlib import Path  # noqa: E402
from types import ModuleType  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from support import soup  # noqa: E402
from lxml import etree  # noqa: E402

from articlescrape import clean as clean_stage  # noqa: E402
from articlescrape import decode, parse  # noqa: E402
from articlescrape.config import ExtractConfig  # noqa: E402
from articlescrape.errors import ArticlescrapeError  # noqa: E402
from articlescrape.extractors import blocks, boxes  # noqa: E402
from articlescrape.extractors.blocks import Linearizer  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
FIXTURE_PAGES = sorted(REPO.glob("fixtures/*/*.html"))
SHARED_PAGES = sorted(SHARED_DATA.glob("*/html/*.html.gz")) + sorted(SHARED_DATA.glob("*/pages/*.html"))
#: Set by .ci/run: the compiled walker must have been built and be in use.
REQUIRE_COMPILED = os.environ.get("ARTICLESCRAPE_REQUIRE_COMPILED", "") not in ("", "0")


def compiled_module() -> ModuleType | None:
    """The compiled walker, even when ARTICLESCRAPE_PURE_PYTHON keeps the pipeline off it."""
    try:
        walk = importlib.import_module("articlescrape.extractors._walk")
    except ImportError:
        return None
    return walk if tuple(walk.LXML_VERSION) == tuple(etree.LXML_VERSION) else None


_WALK = compiled_module()
needs_compiled = pytest.mark.skipif(_WALK is None and not REQUIRE_COMPILED, reason="the compiled walker is not built")
#: For tests of the scans the modules set up at import: they exist only when the pipeline uses
#: the compiled walker (not under ARTICLESCRAPE_PURE_PYTHON).
needs_compiled_pipeline = pytest.mark.skipif(
    not blocks.COMPILED and not REQUIRE_COMPILED, reason="the pipeline is on the Python walk (not built, or ARTICLESCRAPE_PURE_PYTHON)"
)


def page_tree(path: Path) -> Any:
    raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    return parse.parse(decode.decode(raw).text)


def assert_same_linearization(walker: Any, root: Any) -> None:
    for with_stats in (True, False):
        compiled = walker.linearize(root, with_stats)
        assert compiled is not None, "the compiled walk refused a parsed HTML tree"
        reference = Linearizer(with_stats=with_stats).run_python(root)
        assert compiled[0] == reference[0]  # every field; elements compared by identity
        assert_same_stats(compiled[1], reference[1], root)


def assert_same_stats(compiled: Any, reference: dict[Any, Any], root: Any) -> None:
    """The compiled walk's statistics map answers as the Python walk's dict does: the same keys,
    sums and order, and for every element of the walked subtree and its ancestors (where the
    keys lie) the same membership and value through each mapping operation the extractors use."""
    assert isinstance(compiled, Mapping)
    assert list(compiled.items()) == list(reference.items())
    assert list(compiled) == list(reference) and list(compiled.values()) == list(reference.values())
    assert len(compiled) == len(reference) and compiled == reference
    for el in [*root.iter(), *root.iterancestors()]:
        assert (el in compiled) == (el in reference)
        assert compiled.get(el) == reference.get(el)
        assert compiled.get(el, 0) == reference.get(el, 0)
        if el in reference:
            assert compiled[el] == reference[el]
        else:
            with pytest.raises(KeyError):
                compiled[el]
    for other in ("html", None, 3, lxml.html.fragment_fromstring("<p>x</p>")):
        assert other not in compiled and compiled.get(other) is None


def assert_same_on_page(root: Any, every: int = 5) -> None:
    walker = blocks._make_linear_walker(_WALK)  # type: ignore[arg-type]
    subtrees = [el for el in root.iter() if isinstance(el.tag, str)][::every]
    for el in [root, *subtrees]:
        assert_same_linearization(walker, el)
    try:
        clean_stage.clean(root, url=None, config=ExtractConfig())
    except ValueError:
        # Cleaning cannot re-attach a tail holding a control character such as \x0b (lxml
        # refuses the string): a known gap of the cleaning stage, not of the walks.
        return
    assert_same_linearization(walker, root)


def test_the_compiled_walker_is_in_use_when_required() -> None:
    """CI sets ARTICLESCRAPE_REQUIRE_COMPILED=1: this fails when the build did not produce a
    working extension (no compiler, a Cython error, a mismatched lxml), which an install would
    otherwise only warn about."""
    assert blocks.COMPILED == (blocks.PURE_PYTHON_REASON is None)
    if REQUIRE_COMPILED:
        assert _WALK is not None, "the compiled walker is not built or does not match lxml"
        assert blocks.COMPILED, blocks.PURE_PYTHON_REASON


@needs_compiled
@pytest.mark.parametrize("path", FIXTURE_PAGES, ids=lambda p: p.name)
def test_compiled_linearizer_matches_python_on_fixture_pages(path: Path) -> None:
    assert_same_on_page(page_tree(path))


@needs_compiled
@pytest.mark.parametrize("path", SHARED_PAGES, ids=lambda p: p.name[:16])
def test_compiled_linearizer_matches_python_on_shared_pages(path: Path) -> None:
    assert_same_on_page(page_tree(path), every=9)


@needs_compiled
def test_shared_pages_are_there_or_skipped_cleanly() -> None:
    if not SHARED_PAGES:
        pytest.skip(f"no shared pages at {SHARED_DATA}")
    assert len(SHARED_PAGES) >= 50


#: Markup that exercises every rule of the walk: blocks, skipped subtrees, breaks, links with
#: and without href, bold, headings, data and layout tables, comments and PIs (tails only),
#: Unicode whitespace of every kind (and a zero-width space, which is not whitespace), Unicode
#: digits, namespaced-looking names.
SOUP_TAGS = ["p", "P", "div", "span", "table", "tr", "td", "th", "br", "b", "strong", "i", "h1", "h3", "pre", "li", "ul",
             "a href='/x'", "a", "a href=''", "blockquote", "figure", "figcaption", "script", "style", "noscript", "svg",
             "title", "time datetime='2002'", "abbr title='t'", "span hidden", "div style='display:none'",
             "p class='sr-only'", "span class='date published'", "link rel='author' title='x' href='/a'",
             "meta name='Headline' content='x'", "script type='application/ld+json'", "body", "head", "textarea",
             "svg:rect", "font size=2", "center", "map", "area", "select", "option", "td class='fn'", "x-custom"]
SOUP_WORDS = ["said", "Thursday, 14 March, 2002", "13 Sep 02", "&nbsp;", "&#160;", "\u00a0", "\u2003", "\u3000",
              "\u0085", "\u200b", "\x0b", "\x1c", " \n\t ", "٣٤ مارس", "话剧", "\u00a3", "&amp;", "<", ">", "x" * 450,
              "<!-- c 1 -->", "<?pi 2?>", "document.write('5')", '{"@type": "NewsArticle", "headline": "h"}',
              "é" * 150 + "1", "\U0001d7d8", "a|b", ""]


def tag_soup() -> st.SearchStrategy[str]:
    return soup.tag_soup(SOUP_TAGS, SOUP_WORDS, max_parts=80, joiners=("", " ", "\n"))


@needs_compiled
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tag_soup())
def test_compiled_linearizer_matches_python_on_tag_soup(html: str) -> None:
    try:
        root = parse.parse(html)  # as the pipeline parses (control characters dropped)
    except ArticlescrapeError:
        return
    assert_same_on_page(root, every=1)


@needs_compiled
def test_trees_the_compiled_walk_does_not_model_fall_back_to_python() -> None:
    """An entity reference (only in XML trees parsed without resolving entities) makes the C walk
    step aside; run() then gives the Python walk's answer. Namespaced elements are in no tag set."""
    parser = etree.XMLParser(resolve_entities=False)
    xml = b'<!DOCTYPE d [<!ENTITY e "E">]><d xmlns:h="urn:h"><p>one &e; two</p><h:p>three<br/>four</h:p><b>x</b></d>'
    root = etree.fromstring(xml, parser)
    walker = blocks._make_linear_walker(_WALK)  # type: ignore[arg-type]
    assert walker.linearize(root) is None
    reference = Linearizer().run_python(root)
    assert Linearizer().run(root)[0] == reference[0]
    tree = etree.ElementTree(lxml.html.fragment_fromstring("<p>one <b>two</b></p>"))
    assert walker.linearize(tree) is None
    assert [b.text for b in Linearizer().run(tree)[0]] == ["one two"]
    namespaced = etree.fromstring(b'<d xmlns="urn:x"><p>one</p><br/><table><tr><td>a</td></tr></table>tail</d>')
    assert_same_linearization(walker, namespaced)
    # A DTD default for href: get("href") answers it, and so must the C walk.
    defaults = etree.fromstring(b'<!DOCTYPE d [<!ATTLIST a href CDATA "/d">]><d><p><a>one</a> <a href="">two</a></p></d>')
    assert_same_linearization(walker, defaults)
    assert walker.linearize(defaults)[0][0].links == [("/d", "onetwo")]  # an empty href starts no link


#: An XML tree whose texts are runs of several nodes (text and CDATA), some of them blank:
#: lxml joins a run into one ``.text``/``.tail``, and so must the C walk.
CDATA_RUNS = (
    b'<d><p>a <![CDATA[ b ]]> c</p><p> <![CDATA[ ]]>\n</p><a href="/x"><![CDATA[ 1 ]]>two</a>'
    b'<![CDATA[\t]]> <![CDATA[ tail 3 ]]> end<b><![CDATA[]]></b><i><![CDATA[]]><![CDATA[ ]]></i>x</d>'
)


@needs_compiled
def test_texts_of_several_nodes_are_read_as_one() -> None:
    root = etree.fromstring(CDATA_RUNS, etree.XMLParser(strip_cdata=False))
    assert len(root[0]) == 0 and root[0].text == "a  b  c"
    walker = blocks._make_linear_walker(_WALK)  # type: ignore[arg-type]
    for el in root.iter():
        assert_same_linearization(walker, el)


@needs_compiled
def test_a_linearizer_that_walked_in_c_is_not_reused() -> None:
    if not blocks.COMPILED:
        pytest.skip(f"the pipeline is on the Python walk: {blocks.PURE_PYTHON_REASON}")
    linearizer = Linearizer()
    linearizer.run(lxml.html.fragment_fromstring("<p>one</p>"))
    with pytest.raises(RuntimeError):
        linearizer.run(lxml.html.fragment_fromstring("<p>two</p>"))


@needs_compiled
def test_the_compiled_walker_is_refused_with_another_lxml(monkeypatch: pytest.MonkeyPatch) -> None:
    """It reads lxml's structs as compiled: any other lxml release gets the Python walks."""
    monkeypatch.delenv(blocks.PURE_PYTHON_ENV, raising=False)
    assert blocks._load_compiled() == (_WALK, None)
    monkeypatch.setattr(blocks.etree, "LXML_VERSION", (*etree.LXML_VERSION[:3], etree.LXML_VERSION[3] + 1))
    walk, reason = blocks._load_compiled()
    assert walk is None and reason is not None and "built against lxml" in reason


def test_the_environment_can_force_the_python_walks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(blocks.PURE_PYTHON_ENV, "1")
    assert blocks._load_compiled() == (None, f"{blocks.PURE_PYTHON_ENV} is set")


def test_blocks_without_links_share_the_empty_tuple() -> None:
    """Most blocks have no link: they hold the one empty tuple rather than a list each."""
    EMPTY: tuple[()] = tuple()  # CPython's one empty tuple, named so that ``is`` reads as meant
    root = lxml.html.document_fromstring('<div><p>plain</p><p>a <a href="/x">link</a></p></div>')
    walks = [Linearizer().run_python(root)[0]]
    if _WALK is not None:
        walks.append(blocks._make_linear_walker(_WALK).linearize(root)[0])
    for plain, linked in walks:
        assert plain.links is EMPTY and linked.links == [("/x", "link")]


@needs_compiled
def test_compiled_blocks_equal_the_python_blocks_and_are_never_tracked() -> None:
    """The compiled walk's blocks are not dataclass instances but read the same: same fields,
    same link density (a float, never an integer division), equal both ways, and untracked by
    the garbage collector."""
    html = '<div><p>abc <a href="/x">defg</a></p><h2>Head</h2><p><b>bold</b></p></div>'
    root = lxml.html.document_fromstring(html)
    python = Linearizer().run_python(root)[0]
    compiled = blocks._make_linear_walker(_WALK).linearize(root)[0]
    assert compiled == python and python == compiled
    assert [b.link_density for b in compiled] == [b.link_density for b in python] == [4 / 8, 0.0, 0.0]
    assert [(b.heading, b.bold, b.index, b.soft) for b in compiled] == [(0, False, 0, False), (2, False, 1, False), (0, True, 2, False)]
    first = compiled[0]
    assert not gc.is_tracked(first) and first != python[1] and first != "text"
    assert repr(first).startswith("Block(text='abc defg', element=<Element p")
    with pytest.raises(AttributeError):
        first.text = "changed"  # type: ignore[misc]


@needs_compiled
def test_compiled_links_are_the_python_pairs_and_never_tracked() -> None:
    """The compiled walk keeps a block's links in an object the garbage collector never tracks
    (no allocation of it brings a collection nearer), which reads as the Python walk's list."""
    html = '<div><p>a <a href="/x">one</a> b <a href="http://e.com/y?q=1">two <b>2</b></a><a href="/z"></a></p></div>'
    root = lxml.html.document_fromstring(html)
    python = Linearizer().run_python(root)[0][0].links
    compiled = blocks._make_linear_walker(_WALK).linearize(root)[0][0].links
    assert python == [("/x", "one"), ("http://e.com/y?q=1", "two 2"), ("/z", "")]
    assert compiled == python and python == compiled and compiled == tuple(python) and not compiled != python
    assert list(compiled) == python and len(compiled) == 3 and compiled[1] == python[1] and compiled[-1] == ("/z", "")
    assert compiled[1:] == python[1:] and [*compiled, *()] == python
    assert compiled != python[:2] and compiled != "not links" and compiled != [("/x", "one"), ("/y", "two 2"), ("/z", "")]
    assert not gc.is_tracked(compiled)
    assert pickle.loads(pickle.dumps(compiled)) == python
    with pytest.raises(TypeError):
        hash(compiled)


@needs_compiled
def test_the_compiled_statistics_are_found_by_node_not_by_proxy() -> None:
    """The map keeps no proxy alive: an element looked up through a proxy made after the walk
    (the walk's own ones long gone) is found, as the dict (whose keys kept theirs) found it."""
    html = '<div id="o"><p>abcde</p><p><a href="#">xyz</a></p><i></i></div>'
    root = lxml.html.document_fromstring(html)
    walker = blocks._make_linear_walker(_WALK)  # type: ignore[arg-type]
    stats = walker.linearize(root)[1]
    reference = Linearizer().run_python(lxml.html.document_fromstring(html))[1]
    gc.collect()
    assert [(el.tag, s) for el, s in stats.items()] == [(el.tag, s) for el, s in reference.items()]
    outer = root.get_element_by_id("o")
    assert stats[outer] == blocks.TextStats(8, 3, 2) and stats[outer[1]] == blocks.TextStats(3, 3, 1)
    assert outer[2] not in stats and stats.get(outer[2]) is None
    assert stats.get(outer) is not stats.get(outer)  # made per lookup: callers only read them


@needs_compiled
@pytest.mark.parametrize("path", FIXTURE_PAGES[:8], ids=lambda p: p.name)
def test_the_box_walk_reads_the_compiled_map_as_it_reads_the_dict(path: Path) -> None:
    """``BoxWalker.find`` looks the compiled map up by node, a dict by proxy: same boxes."""
    root = page_tree(path)
    box_walker = boxes._make_box_walker(_WALK)  # type: ignore[arg-type]
    compiled = blocks._make_linear_walker(_WALK).linearize(root)[1]  # type: ignore[arg-type]
    reference = Linearizer().run_python(root)[1]
    for container in [root, *[el for el in root.iter() if isinstance(el.tag, str)][::7]]:
        found = [box_walker.find(container, stats, set(), lambda el: el if boxes._stops_at(el, stats, set()) else None)
                 for stats in (compiled, reference)]
        assert found[0] == found[1]
