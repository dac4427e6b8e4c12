"""Side boxes: found by markup evidence, then sorted by what they hold."""

from __future__ import annotations

import lxml.html
import pytest

from articlescrape.extractors.blocks import linearize
from articlescrape.extractors.boxes import classify_box, find_boxes, is_box, is_content_image


def _el(html: str) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(html)


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<table align="right" width="150"><tr><td>x</td></tr></table>', True),
        ('<table width="600"><tr><td>x</td></tr></table>', False),
        ("<aside>x</aside>", True),
        ('<div class="pullquote">x</div>', True),
        ('<div class="story-body">x</div>', False),
        ('<blockquote class="twitter-tweet">x</blockquote>', False),
        ('<blockquote class="pull-quote">x</blockquote>', True),
        ('<div style="float: left">x</div>', True),
        ('<tr class="player-row"><td>x</td></tr>', False),
    ],
)
def test_is_box(html: str, expected: bool) -> None:
    el = _el(html) if not html.startswith("<tr") else _el(f"<table>{html}</table>").find(".//tr")
    assert is_box(el) is expected


def _classify(html: str) -> str:
    root = lxml.html.document_fromstring(f"<html><body>{html}</body></html>")
    box = root.find("body")[0]
    _, stats = linearize(root)
    return classify_box(box, stats)


@pytest.mark.parametrize(
    ("html", "kind"),
    [
        ('<div class="caption">A picture</div>', "image"),
        ('<table align="right"><tr><td><img src="/p.jpg" width="200" height="150">Caption</td></tr></table>', "image"),
        ('<table align="right"><tr><td><img src="/startquote.gif">Words</td></tr><tr><td>Name</td></tr></table>', "quote"),
        ('<table align="right"><tr><td><a href="/clip.ram">Watch</a></td></tr></table>', "media"),
        ('<table align="right"><tr><td><b>Facts</b><br>one<br>two</td></tr></table>', "facts"),
        ('<div class="related"><a href="/a">A</a><a href="/b">B</a></div>', "links"),
        ('<div class="share-bar"><a href="/f">Share</a></div>', "junk"),
    ],
)
def test_classify_box(html: str, kind: str) -> None:
    assert _classify(html) == kind


def test_a_box_grows_over_the_credit_beside_it() -> None:
    root = lxml.html.document_fromstring(
        '<html><body><div id="story"><p>' + "Long story text. " * 30 + '</p><div id="feature"><blockquote>'
        'Quoted words</blockquote><span class="quote_credit">A Person</span></div></div></body></html>'
    )
    _, stats = linearize(root)
    boxes = find_boxes(root.get_element_by_id("story"), stats)
    assert [b.get("id") for b in boxes] == ["feature"]


@pytest.mark.parametrize(
    ("src", "attrs", "expected"),
    [("/media/photo.jpg", 'width="300" height="200"', True), ("/shared/img/o.gif", "", False), ("/icon.png", 'width="16" height="16"', False)],
)
def test_content_images_exclude_spacers_and_icons(src: str, attrs: str, expected: bool) -> None:
    assert is_content_image(_el(f'<img src="{src}" {attrs}>')) is expected
