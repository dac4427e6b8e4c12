"""Publication times: shown date lines and metadata weighed, impossible dates rejected."""

from __future__ import annotations

from datetime import datetime, timezone

import articlescrape
from articlescrape.model import Source
from articlescrape.pipeline import extract

BODY = "<p>" + "The story itself goes on for a while, with commas, and detail. " * 6 + "</p>"


def _page(head: str, dateline: str) -> str:
    return f"<html><head><title>Headline words here</title>{head}</head><body><div>{dateline}</div><h1>Headline words here</h1>{BODY}{BODY}</body></html>"


def test_shown_date_line_with_a_zone_wins_over_zoneless_meta() -> None:
    html = _page('<meta name="OriginalPublicationDate" content="2002/03/14 08:26:41">', "Thursday, 14 March, 2002, 08:26 GMT")
    article = articlescrape.extract(html)
    assert article.published == datetime(2002, 3, 14, 8, 26, tzinfo=timezone.utc)
    assert article.published_from == "text"


def test_json_ld_dates_with_offsets() -> None:
    head = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Headline words here", "datePublished": "2024-05-21T06:30:00+01:00", "dateModified": "2024-05-21T11:02:00+01:00"}</script>'
    article = articlescrape.extract(_page(head, ""))
    assert article.published is not None and article.published.isoformat() == "2024-05-21T06:30:00+01:00"
    assert article.updated is not None and article.updated.isoformat() == "2024-05-21T11:02:00+01:00"


def test_a_date_after_the_capture_time_is_impossible() -> None:
    head = '<meta property="article:published_time" content="2002-03-15T10:00:00+00:00">'
    capture = datetime(2002, 3, 14, 9, 0, tzinfo=timezone.utc)
    article = extract(_page(head, ""), source=Source(capture_timestamp=capture))
    assert article.published is None or article.published <= capture


def test_a_capture_never_stands_in_for_the_publication_date() -> None:
    capture = datetime(2002, 3, 14, 9, 0, tzinfo=timezone.utc)
    article = extract(_page("", ""), source=Source(capture_timestamp=capture))
    assert article.published is None
    assert article.source.capture_timestamp == capture


def test_date_line_is_not_a_paragraph() -> None:
    article = articlescrape.extract(_page("", "Posted: 4:52 p.m. EDT Tuesday, August 14, 2001"))
    assert article.published is not None and article.published.isoformat() == "2001-08-14T16:52:00-04:00"
    assert all("4:52" not in p.text for p in article.paragraphs)
