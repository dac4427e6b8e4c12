"""Bad input never escapes as anything but a typed error: generated tag soup and random bytes."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import articlescrape
from articlescrape.errors import ArticlescrapeError

TAGS = ["p", "P", "div", "table", "tr", "td", "br", "b", "a href='/x'", "a href='javascript:void(0)'", "img src='/i.jpg' width=300",
        "h1", "h2", "blockquote", "aside", "figure", "figcaption", "ul", "li", "span class='caption'", "font size=2", "script",
        "!-- S BO --", "meta name='Headline' content='x'", "time datetime='2002-03-14T08:26'", "table align=right width=150"]
WORDS = ["said", '"quoted words,"', "Thursday, 14 March, 2002, 08:26 GMT", "See also:", "By JOHN SMITH", "13 Sep 02 | Business",
         "Source: NIS", "The council approved the plan,", "话剧", "&nbsp;", "&amp;", "\u00a3", "<", ">", "\x00", "\ufffd"]


@st.composite
def tag_soup(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 60))):
        kind = draw(st.integers(0, 2))
        if kind == 0:
            parts.append(f"<{draw(st.sampled_from(TAGS))}>")
        elif kind == 1:
            parts.append(f"</{draw(st.sampled_from(TAGS)).split()[0]}>")
        else:
            parts.append(draw(st.sampled_from(WORDS)))
    return " ".join(parts)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tag_soup(), st.sampled_from([None, "http://news.example.co.uk/1/hi/world/1.stm"]))
def test_tag_soup_gives_an_article_or_a_typed_error(html: str, url: str | None) -> None:
    try:
        article = articlescrape.extract(html, url=url)
    except ArticlescrapeError:
        return
    assert isinstance(article.to_json(), str)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes_give_an_article_or_a_typed_error(data: bytes) -> None:
    try:
        articlescrape.extract(data)
    except ArticlescrapeError:
        pass
