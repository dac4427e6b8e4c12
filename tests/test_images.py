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
