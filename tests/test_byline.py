"""Authors from bylines."""

from __future__ import annotations

import articlescrape

BODY = "<p>" + "The story itself goes on for a while, with commas, and detail. " * 6 + "</p>"


def test_byline_names_and_not_in_the_body() -> None:
    html = f"<html><body><h1>Headline words here</h1><p><b>By DANA MORROW, Associated Press Writer</b></p>{BODY}{BODY}</body></html>"
    article = articlescrape.extract(html)
    assert article.authors == ["DANA MORROW"]
    assert all("MORROW" not in p.text for p in article.paragraphs)
