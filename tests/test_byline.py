"""Authors from bylines."""

from __future__ import annotations

import articlescrape

BODY = "<p>" + "The story itself goes on for a while, with commas, and detail. " * 6 + "</p>"


def test_byline_names_and_not_in_the_body() -> None:
    html = f"<html><body><h1>Headline words here</h1><p><b>By DANA MORROW, Associated Press Writer</b></p>{BODY}{BODY}</body></html>"
    article = articlescrape.extract(html)
    assert article.authors == ["DANA MORROW"]
    assert all("MORROW" not in p.text for p in article.paragraphs)


def test_byline_names_searched_in_the_whole_string_are_the_per_word_verdicts() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from articlescrape.extractors import byline

    pieces = ["by", "line", "BYLINE", "author", "Writer", "report", "er", "contributor", " ", "\t", "\u00a0", "-", "x", "ſ", "K"]

    @settings(max_examples=3000, deadline=None)
    @given(st.lists(st.sampled_from(pieces), max_size=6).map("".join))
    def check(names: str) -> None:
        assert byline._byline_names.__wrapped__(names) is any(byline._BYLINE_NAMES.search(w) for w in names.split())

    check()
