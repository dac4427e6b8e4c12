"""The Article model and its JSON contract."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest

from articlescrape.model import Article, FactBox, Image, Link, Media, Paragraph, Quote, Source


def _full_article() -> Article:
    return Article(
        url="http://example.com/a.html",
        headline="  A   headline\n",
        published=datetime(2002, 3, 14, 8, 26, tzinfo=timezone.utc),
        published_from="meta:OriginalPublicationDate",
        updated=datetime(2002, 3, 14, 9, 0, tzinfo=timezone(timedelta(hours=1))),
        section="World",
        breadcrumb=["World", " Asia-Pacific "],
        authors=["Jane Doe"],
        summary="Summary.",
        language="en",
        paragraphs=[Paragraph("One\xa0two"), Paragraph("Sub", "heading")],
        images=[Image("http://example.com/i.jpg", alt="alt", caption="cap")],
        quotes=[Quote("Words", "Someone", "pull"), Quote("said", None, "inline")],
        fact_boxes=[FactBox("Box", ["a", " ", "b"], "Src")],
        media=[Media("video", "http://example.com/v.ram", "Title", "Desc")],
        related_links=[Link("Rel", "http://example.com/r.html", date(2002, 3, 1), "World")],
        external_links=[Link("Ext", "http://other.org/")],
        source=Source(requested="a.html", encoding="cp1252", fetched_at=datetime(2026, 1, 1, tzinfo=timezone.utc)),
    )


def test_round_trip_is_lossless() -> None:
    article = _full_article()
    again = Article.from_json(article.to_json())
    assert again == article
    assert again.to_dict() == article.to_dict()


def test_text_fields_are_collapsed_on_construction() -> None:
    article = _full_article()
    assert article.headline == "A headline"
    assert article.breadcrumb == ["World", "Asia-Pacific"]
    assert article.paragraphs[0].text == "One two"
    assert article.fact_boxes[0].lines == ["a", "b"]


@pytest.mark.parametrize("text", ["One\xa0two", "  a \n\t b  ", "a\u2003b\u3000c", "", " ", "plain text"])
def test_user_built_paragraphs_still_collapse(text: str) -> None:
    """The extractors' internal constructor must not change what users get."""
    expected = " ".join(text.split())
    assert Paragraph(text).text == expected
    assert Paragraph(text=text, kind="heading").text == expected
    assert Paragraph.from_dict({"text": text}).text == expected


@pytest.mark.parametrize("kind", ["paragraph", "heading"])
@pytest.mark.parametrize("text", ["One two", "", "a b\u00e9 c"])
def test_a_paragraph_of_collapsed_text_equals_the_constructed_one(text: str, kind: str) -> None:
    made = Paragraph._of_collapsed(text, kind)  # type: ignore[arg-type]
    assert made == Paragraph(text, kind)  # type: ignore[arg-type]
    assert made.to_dict() == {"text": text, "kind": kind}


def test_json_keys_are_field_names_and_lists_always_present() -> None:
    data = json.loads(Article().to_json())
    assert list(data) == [
        "url", "headline", "published", "published_from", "updated", "section", "breadcrumb", "authors",
        "summary", "language", "paragraphs", "images", "quotes", "fact_boxes", "media",
        "related_links", "external_links", "source",
    ]
    for key in ("breadcrumb", "authors", "paragraphs", "images", "quotes", "fact_boxes", "media", "related_links", "external_links"):
        assert data[key] == []


def test_datetimes_are_iso_8601() -> None:
    data = _full_article().to_dict()
    assert data["published"] == "2002-03-14T08:26:00+00:00"
    assert data["updated"] == "2002-03-14T09:00:00+01:00"
    assert data["related_links"][0]["date"] == "2002-03-01"


def test_naive_datetimes_are_rejected() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        Article(published=datetime(2002, 3, 14))


@pytest.mark.parametrize("make", [lambda: Paragraph("x", "title"), lambda: Quote("x", kind="big"), lambda: Media("film")])
def test_kinds_are_checked(make) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        make()


def test_unknown_keys_are_rejected() -> None:
    with pytest.raises(ValueError, match="unknown Article fields"):
        Article.from_dict({"headline": "x", "bogus": 1})
