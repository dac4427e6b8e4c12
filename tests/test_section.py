"""Section and breadcrumb."""

from __future__ import annotations

import pytest

import articlescrape

BODY = "<p>" + "The story itself goes on for a while, with commas, and detail. " * 6 + "</p>"


@pytest.mark.parametrize(
    ("chrome", "crumbs"),
    [
        ('<td>&nbsp;You are in:&nbsp;<a href="/w"><b>World</b></a>: <a href="/ap">Asia-Pacific</a></td>', ["World", "Asia-Pacific"]),
        ('<div id="breadcrumb"><a href="/">Home</a> &raquo; <a href="/business/">Business</a> &raquo; <a href="/energy/">Energy</a></div>', ["Business", "Energy"]),
        ('<font size=1><a href="/news/">News</a> &gt; <a href="/news/state/">State</a></font><br>', ["News", "State"]),
    ],
)
def test_breadcrumb_forms_of_every_era(chrome: str, crumbs: list[str]) -> None:
    html = f"<html><body><table><tr>{chrome if chrome.startswith('<td') else ''}</tr></table>{'' if chrome.startswith('<td') else chrome}<h1>Headline words here</h1>{BODY}{BODY}</body></html>"
    article = articlescrape.extract(html)
    assert article.breadcrumb == crumbs
    assert article.section == crumbs[-1]


def test_metadata_section_when_there_is_no_trail() -> None:
    html = f'<html><head><meta property="article:section" content="Environment"></head><body><h1>Headline words here</h1>{BODY}{BODY}</body></html>'
    assert articlescrape.extract(html).section == "Environment"
