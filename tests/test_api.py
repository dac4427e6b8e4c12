"""The public API: extract() and scrape() on every kind of input, and typed errors."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from bs4 import BeautifulSoup

import articlescrape
from articlescrape.errors import ArticlescrapeError, DecodeError, InputError

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "bbc" / "2002-n-koreans-storm-spanish-embassy.html"
PAGE = "<html><body><h1>A headline here</h1><p>" + "Words of the story, with commas, go here. " * 8 + "</p></body></html>"


@pytest.mark.parametrize("make", [lambda: PAGE, lambda: PAGE.encode(), lambda: lxml.html.document_fromstring(PAGE), lambda: BeautifulSoup(PAGE, "html.parser")])
def test_extract_accepts_text_bytes_trees_and_soup(make) -> None:  # type: ignore[no-untyped-def]
    article = articlescrape.extract(make())
    assert article.headline == "A headline here" and len(article.paragraphs) == 1


def test_scrape_a_path_and_a_file_url() -> None:
    by_path = articlescrape.scrape(str(SEED))
    by_url = articlescrape.scrape(SEED.as_uri())
    assert by_path.headline == by_url.headline == "N Koreans storm Spanish embassy"
    assert by_path.source.requested == str(SEED) and by_path.source.encoding == "cp1252"


def test_missing_file_is_a_typed_error_naming_it() -> None:
    with pytest.raises(InputError, match="no/such/page.html"):
        articlescrape.scrape("no/such/page.html")


@pytest.mark.parametrize("data", [b"", b"%PDF-1.4 binary", b"\x00\x01\x02\x03" * 100])
def test_hopeless_bytes_are_typed_errors(data: bytes) -> None:
    with pytest.raises(DecodeError):
        articlescrape.extract(data)


def test_every_error_is_an_articlescrape_error() -> None:
    assert issubclass(DecodeError, ArticlescrapeError) and issubclass(articlescrape.FetchError, ArticlescrapeError)


def test_malformed_markup_still_gives_an_article() -> None:
    article = articlescrape.extract("<html><body><p>Unclosed <b>bold <i>and" + " more words, with commas" * 20 + "</table></td></body>")
    assert article.paragraphs and "more words" in article.paragraphs[0].text
