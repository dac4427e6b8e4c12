"""Stage 4: what is never content goes, everything a reader sees stays."""

from __future__ import annotations

import lxml.html
from lxml import etree

from articlescrape.clean import clean
from articlescrape.config import ExtractConfig


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
