"""Stage 4: what is never content goes, everything a reader sees stays."""

from __future__ import annotations

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from articlescrape.clean import clean
from articlescrape.config import ExtractConfig
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
