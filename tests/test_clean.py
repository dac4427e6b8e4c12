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
