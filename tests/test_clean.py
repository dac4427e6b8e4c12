"""Stage 4: what is never content goes, everything a reader sees stays."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from support import soup
from test_blocks import (
    _WALK,
    FIXTURE_PAGES,
    SHARED_PAGES,
    SOUP_TAGS,
    SOUP_WORDS,
    needs_compiled,
    page_tree,
)

from articlescrape import clean as clean_module
from articlescrape import parse
from articlescrape.clean import clean
from articlescrape.config import ExtractConfig
from articlescrape.errors import ArticlescrapeError
from articlescrape.extractors import blocks
from articlescrape.metadata import base as metadata_base


def _clean(html: str, keep: frozenset[str] = frozenset()) -> lxml.html.HtmlElement:
    root = lxml.html.document_fromstring(html)
    return clean(root, url=None, config=ExtractConfig(), keep_comments=keep)


def test_scripts_styles_forms_controls_and_hidden_elements_go() -> None:
    root = _clean(
        "<body><script>x()</script><style>p{}</style><p>Keep</p><select><option>Pick</option></select>"
        '<div hidden>h1</div><div style="display: none">h2</div><span class="sr-only">h3</span><input value="v"></body>'
    )
    assert "".join(root.find("body").itertext()) == "Keep"


def test_tail_text_of_a_dropped_element_stays() -> None:
    root = _clean("<body><p>Before<script>x()</script> after</p></body>")
    assert root.findtext(".//p") == "Before after"


def test_comments_go_unless_structural() -> None:
    root = _clean("<body><!-- S BO --><p>t</p><!-- tracking pixel --></body>", keep=frozenset({"S BO"}))
    assert [c.text.strip() for c in root.iter(etree.Comment)] == ["S BO"]


def test_navigation_and_boxes_are_kept_for_the_extractor() -> None:
    root = _clean('<body><nav><a href="/">Home</a></nav><aside>Fact</aside><footer>Foot</footer></body>')
    assert "".join(root.find("body").itertext()) == "HomeFactFoot"


def test_noscript_notice_goes() -> None:
    root = _clean("<body><noscript>Please turn on JavaScript.</noscript><p>Text</p></body>")
    assert "".join(root.find("body").itertext()) == "Text"


def test_xml_compatible_removes_exactly_what_lxml_refuses_to_store() -> None:
    """The characters the tree-editing helpers remove are those lxml's setters refuse, no more."""
    from articlescrape.edit import xml_compatible

    element = lxml.html.fromstring("<p>x</p>")
    for code in [*range(0x20), 0x7F, 0x85, 0xA0, 0xFDD0, 0xFFFD, 0xFFFE, 0xFFFF, 0x10FFFF]:
        char = chr(code)
        try:
            element.text = char
            stored = True
        except ValueError:
            stored = False
        assert xml_compatible(f"a{char}b") == ("a" + char + "b" if stored else "ab"), hex(code)


def test_a_dropped_node_keeps_its_tail_beside_control_characters() -> None:
    """libxml2 keeps control characters that lxml refuses to store: the joined tail is stored without them."""
    from articlescrape.parse import parse

    root = parse("<html><body><p>a\x0b<script>s</script> tail\x01 <b>b</b></p><div><style>x</style>\x1f t</div></body></html>")
    clean(root, url=None, config=ExtractConfig())
    assert [p.text for p in root.iter("p", "div")] == ["a tail ", " t"]


# --- class verdicts of the compiled index ------------------------------------------------------------

#: Pieces of class values: hiding and pop-up words in every case, the metadata index's hints,
#: and non-ASCII text whose lower case is ASCII (the Kelvin sign) or longer (dotted capital I).
_CLASS_PIECES = ["hidden", "HIDDEN", "Hid", "sr-only", "SR-Only", "screen-reader-text", "Screen", "tooltip", "TOOLTIP", "popover",
                 "hovercard", "Hover-Card", "rollover", "hide", "is-hidden", "visually-hidden", "date", "Date", "published", "updated",
                 "entry-title", "fn", "FN", "dtstamp", "modified", "\u212aHID", "\u0130", "h\u00efd", "x", "", " ", "\t", "-"]


@pytest.mark.skipif(blocks._WALK is None, reason="the compiled module is not built")
@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_CLASS_PIECES), max_size=4).map("".join), min_size=1, max_size=12))
def test_the_compiled_index_judges_class_values_as_hiding_class_does(values: list[str]) -> None:
    """The compiled index answers most class values in C (hiding words, metadata hints): it lists
    the same suspects and marked elements as the Python walk, which asks the Python tests."""
    body = "".join(f'<span class="{value}">t</span><p class="{value}">1</p>' for value in values)
    root = lxml.html.document_fromstring(f"<html><body>{body}</body></html>")
    walker = metadata_base._make_page_walker(blocks._WALK)
    compiled, reference = walker.index(root), metadata_base._index_python(root)
    assert compiled[5] == reference[5]  # marked
    assert compiled[8] == reference[8]  # suspects


# --- the compiled removal gives exactly the Python loop's tree ----------------------------------------
#
# With the compiled module, clean() takes the tag-only verdicts and does the removals in C
# (``_walk.Remover``); the Python loop (``_doomed`` and ``drop_keeping_tail`` for each suspect)
# stays the reference. Both must leave the same tree: the same serialization, the same text
# nodes (one where the Python drop writes one) and the same number of nodes.



def _shape(root: Any) -> tuple[bytes, list[str], int]:
    """What a tree holds, text node by text node (XPath's text() lists each one apart)."""
    return etree.tostring(root), [str(t) for t in root.xpath("//text() | //comment() | //processing-instruction()")], len(root.xpath("//node()"))


def _clean_with(remover: Any, root: Any, keep: frozenset[str], monkeypatch: pytest.MonkeyPatch) -> Any:
    suspects = metadata_base._index_python(root)[8]
    monkeypatch.setattr(clean_module, "_REMOVER", remover)
    try:
        clean(root, url=None, config=ExtractConfig(), keep_comments=keep, suspects=suspects)
    finally:
        monkeypatch.undo()
    del suspects
    gc.collect()  # the removed subtrees are freed here: the tree must not notice
    return _shape(root)


def assert_same_cleaning(make_root: Any, monkeypatch: pytest.MonkeyPatch, keep: frozenset[str] = frozenset()) -> None:
    """``make_root()`` cleaned by the compiled remover (taking the tag-only verdicts alone, and
    also judging hiding attributes, as clean's own) and by the Python loop: the same tree."""
    removers = [_WALK.Remover(drop_tags=clean_module.DROP_TAGS), clean_module._make_remover(_WALK)]  # type: ignore[union-attr]
    try:
        want = _clean_with(False, make_root(), keep, monkeypatch)
    except ValueError:
        # lxml refuses a string the Python loop met (see edit.py): the compiled one must too.
        for remover in removers:
            with pytest.raises(ValueError):
                _clean_with(remover, make_root(), keep, monkeypatch)
        return
    for remover in removers:
        assert _clean_with(remover, make_root(), keep, monkeypatch) == want


@needs_compiled
@pytest.mark.parametrize("path", FIXTURE_PAGES, ids=lambda p: p.name)
def test_compiled_removal_matches_python_on_fixture_pages(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert_same_cleaning(lambda: page_tree(path), monkeypatch)
    assert_same_cleaning(lambda: page_tree(path), monkeypatch, keep=frozenset({"S BO", "google_ad_section_start"}))


@needs_compiled
@pytest.mark.parametrize("path", SHARED_PAGES, ids=lambda p: p.name[:16])
def test_compiled_removal_matches_python_on_shared_pages(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert_same_cleaning(lambda: page_tree(path), monkeypatch)


#: Doomed and kept elements with and without parent text, previous tails and tails, nested,
#: first, last and only children, and text lxml refuses to store again.
_EDGE_CASES = [
    "<p><script>s</script></p>",
    "<p>a<script>s</script></p>",
    "<p><script>s</script>t</p>",
    "<p>a<script>s</script>t</p>",
    "<p>a<b>b</b><script>s</script></p>",
    "<p>a<b>b</b>c<script>s</script>t<i>i</i>u</p>",
    "<p>a<b>b</b>c<script>s</script>t<style>y</style>u<input>v</p>",
    "<p><script>s</script><style>y</style></p>",
    "<p><script>s</script>t<style>y</style></p>",
    "<p><!--c-->t<?pi x?>u<!--d--></p>",
    "<p>a<!--c--><!--d-->b</p>",
    "<div>a<noscript>turn it on</noscript>b<noscript><img src=x></noscript>c</div>",
    "<div>a<div hidden>x<script>s</script>y<span style='display:none'>z</span>w</div>b</div>",
    "<div>a<span class='sr-only'>x<svg><g>1</g>2</svg>y</span>b<select><option>o</option>p</select>c</div>",
    "<div><span aria-hidden=true>x</span>t<i aria-hidden=TRUE>i</i>u<b aria-hidden='true '>b</b></div>",
    "<ul><li>1<button>b</button></li><li><button>c</button>2</li><li><button>d</button></li></ul>",
    "<p>a\x0b<script>s</script> tail\x01 <b>b</b></p><div><style>x</style>\x1f t</div>",
    "<p>a<script>s</script>\ufffe t</p><p>\uffff<b>b</b>c<style>y</style>d</p>",
    "<p>a\x0b<b>b</b><script>s</script>t</p><p>\x0c<script>s</script></p><p>\x1c<script>s</script>x</p>",
]


@needs_compiled
@pytest.mark.parametrize("body", _EDGE_CASES)
def test_compiled_removal_matches_python_on_edge_cases(body: str, monkeypatch: pytest.MonkeyPatch) -> None:
    html = f"<html><head><script>h</script></head><body>{body}<p>end</p></body></html>"
    assert_same_cleaning(lambda: lxml.html.document_fromstring(html), monkeypatch)
    assert_same_cleaning(lambda: lxml.html.document_fromstring(html), monkeypatch, keep=frozenset({"c"}))
    assert_same_cleaning(lambda: parse.parse(html), monkeypatch)


@needs_compiled
def test_compiled_removal_matches_python_on_trees_lxml_built(monkeypatch: pytest.MonkeyPatch) -> None:
    """Text set through lxml (an empty tail, a tail split over several text nodes), comments
    before the root, namespaced XML elements and attributes, entity references."""

    def empty_tail() -> Any:
        root = lxml.html.document_fromstring("<html><body><p>a<script>s</script><b>b</b></p></body></html>")
        root.find(".//script").tail = ""
        root.find(".//b").tail = ""
        return root

    def split_tails() -> Any:
        root = lxml.html.document_fromstring("<html><body><p>a<b>b</b>c<script>s</script>t<i>i</i></p></body></html>")
        p = root.find(".//p")
        p.find("b").addnext(etree.Comment("x"))
        p.remove(p[1])  # lxml leaves the tail text where the comment was: two text nodes
        return root

    def xml_tree() -> Any:
        parser = etree.XMLParser(resolve_entities=False)
        xml = (
            b'<!DOCTYPE d [<!ENTITY e "E">]><!--first--><d xmlns:h="urn:h"><body>a<script>s</script>b'
            b'<h:script>t</h:script>c<p h:x="1">&e;d<style><h:i>y</h:i></style>e<svg xmlns="urn:s"><g/></svg>f</p></body></d>'
        )
        return etree.fromstring(xml, parser).getroottree().getroot()

    for make in (empty_tail, split_tails, xml_tree):
        assert_same_cleaning(make, monkeypatch)


@needs_compiled
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(soup.tag_soup([*SOUP_TAGS, "input", "button", "iframe", "canvas", "dialog", "span aria-hidden='true'", "i aria-hidden='true'"],
                     [*SOUP_WORDS, "\x01", "\x1f", "\ufffe", "\uffff", "\x0c"], max_parts=80, joiners=("", " ", "\n")))
def test_compiled_removal_matches_python_on_tag_soup(html: str) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert_same_cleaning(lambda: lxml.html.document_fromstring(f"<html><body>x{html}</body></html>"), monkeypatch)
        try:
            parse.parse(html)
        except ArticlescrapeError:
            return
        assert_same_cleaning(lambda: parse.parse(html), monkeypatch)


@needs_compiled
def test_compiled_removal_asks_python_only_what_it_does_not_model() -> None:
    """Tag-only verdicts and plain removals are taken in C: the Python verdict is asked about the
    rest (noscript, hiding attributes), and the Python drop only for text lxml would refuse."""
    remover = _WALK.Remover(drop_tags=clean_module.DROP_TAGS)  # type: ignore[union-attr]
    root = lxml.html.document_fromstring(
        "<html><body><p>a<script>s</script>b<!--c-->d<noscript>n</noscript>e<span hidden>h</span>f<b>x</b>\x01"
        "<style>y</style>t</p></body></html>"
    )
    suspects = metadata_base._index_python(root)[8]
    judged: list[str] = []
    dropped: list[str] = []

    def judge(el: Any) -> bool:
        judged.append(el.tag)
        return clean_module._doomed(el, frozenset(), {})

    def drop(el: Any) -> None:
        dropped.append(el.tag)
        clean_module.drop_keeping_tail(el)

    assert remover.remove(suspects, judge, drop, True) == 5
    assert judged == ["noscript", "span"] and dropped == ["style"]
    assert root.find(".//p").text == "abdef" and root.find(".//b").tail == "t"


#: Hiding attributes as pages write them, and the forms C leaves to Python (not ASCII, upper case).
_HIDING_VALUES = {
    "hidden": ["", "hidden", "false"],
    "aria-hidden": ["", "true", "TRUE", "True ", "false", "tru", "truee", "trüe", "\u212aey"],
    "style": ["", "display:none", "DISPLAY : NONE", "display:\tnone;color:red", "display:\x1c none", "display: block",
              "displaynone", "visibility:hidden", "Visibility:\nHidden", "visibility: visible", "color:red;display :none",
              "display:nonE", "dısplay:none", "display:none\u00a0", "display:\u00a0none", "x-display:none", "display:;none"],
    "class": ["", "hidden", "HIDDEN", "sr-only x", "story", "tooltip-x", "a hide b", "is-hidden", "hidé", "screen", "ſr-only",
              "visually-hidden", "nav  main", "hover"],
}


def _hiding_attributes() -> st.SearchStrategy[str]:
    pairs = st.lists(st.sampled_from([(name, value) for name, values in _HIDING_VALUES.items() for value in values]), max_size=3)
    return pairs.map(lambda found: "".join(f' {name}="{value}"' for name, value in found))


@needs_compiled
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["div", "span", "i", "img", "p", "noscript", "a", "SPAN"]), _hiding_attributes()), min_size=1, max_size=12))
def test_compiled_verdicts_on_hiding_attributes_are_is_hidden(elements: list[tuple[str, str]]) -> None:
    """Each element judged by clean's remover is doomed exactly when the Python verdict says so;
    Python is asked only about noscript and values that are not ASCII or whose class may hide."""
    body = "".join(f"<{tag}{attributes}>t{i}</{tag}>u{i}" for i, (tag, attributes) in enumerate(elements))
    html = f"<html><body><p>{body}</p></body></html>"
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert_same_cleaning(lambda: lxml.html.document_fromstring(html), monkeypatch)
    root = lxml.html.document_fromstring(html)
    suspects = [el for el in root.iter() if isinstance(el.tag, str) and el.tag not in ("html", "body")]
    want = [clean_module._doomed(el, frozenset(), {}) for el in suspects]
    asked: list[Any] = []

    def judge(el: Any) -> bool:
        asked.append(el)
        return clean_module._doomed(el, frozenset(), {})

    removed: list[Any] = []
    assert clean_module._make_remover(_WALK).remove(suspects, judge, lambda el: removed.append(el), True) == sum(want)
    for el in asked:
        assert el.tag == "noscript" or not all(value.isascii() for value in el.attrib.values()) or clean_module.hiding_class(el.get("class") or "") or (
            clean_module._HIDING_CLASS_HINT.search((el.get("class") or "").lower())
        )


@needs_compiled
def test_clean_judges_only_noscript_and_unusual_values_in_python() -> None:
    remover = clean_module._make_remover(_WALK)
    root = lxml.html.document_fromstring(
        "<html><body><p>a<noscript>n</noscript>e<span hidden>h</span>f<b style='DISPLAY:none'>x</b>g<i aria-hidden=true>i</i>"
        "<u class='sr-only'>s</u><em class='story'>m</em><q style='display:\u00a0none'>q</q><s class='nav'>v</s></p></body></html>"
    )
    suspects = [el for el in root.iter() if el.tag in ("noscript", "span", "b", "i", "u", "em", "q", "s")]
    judged: list[str] = []

    def judge(el: Any) -> bool:
        judged.append(el.tag)
        return clean_module._doomed(el, frozenset(), {})

    # doomed: the noscript (a notice), span (hidden), b (its style), u (its class), q (its style, read by Python)
    assert remover.remove(suspects, judge, clean_module.drop_keeping_tail, True) == 5
    assert judged == ["noscript", "u", "q"]
    assert root.find(".//p").text == "aefg" and [el.tag for el in root.find(".//p")] == ["i", "em", "s"]
