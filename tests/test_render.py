"""Output formats."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

import pytest

from articlescrape.model import Article, FactBox, Link, Paragraph, Quote
from articlescrape.render import render


def _article() -> Article:
    return Article(
        headline="Headline",
        published=datetime(2002, 3, 14, 8, 26, tzinfo=timezone.utc),
        section="World",
        paragraphs=[Paragraph("First."), Paragraph("Sub", "heading"), Paragraph("Second.")],
        quotes=[Quote("Words", "Someone", "pull")],
        fact_boxes=[FactBox("Box", ["a", "b"], "Src")],
        related_links=[Link("Rel", "http://x/r", date(2002, 3, 1))],
    )


def test_json_is_the_contract() -> None:
    assert json.loads(render(_article(), "json")) == _article().to_dict()


def test_text() -> None:
    assert render(_article(), "text") == "Headline\n2002-03-14T08:26:00+00:00 | World\n\nFirst.\n\nSub\n\nSecond.\n"


def test_markdown() -> None:
    out = render(_article(), "markdown")
    assert out.startswith("# Headline\n") and "## Sub" in out and "> Words" in out and "- [Rel](http://x/r) (2002-03-01)" in out


def test_unknown_format() -> None:
    with pytest.raises(ValueError):
        render(_article(), "yaml")
