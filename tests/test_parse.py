"""Stage 2: text to a tree, whatever the markup."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from articlescrape.errors import ParseError
from articlescrape.parse import from_soup, parse


def test_parses_unclosed_era_markup() -> None:
    root = parse("<HTML><BODY><TABLE><TR><TD>cell<P>para</TABLE>")
    assert "".join(root.find("body").itertext()) == "cellpara"


def test_xml_declaration_is_tolerated() -> None:
    root = parse('<?xml version="1.0" encoding="utf-8"?><html><body><p>x</p></body></html>')
    assert root.findtext(".//p") == "x"


def test_text_nested_past_the_parser_depth_limit_is_kept() -> None:
    root = parse("<div>" * 5000 + "deep text" + "</div>" * 5000)
    assert "deep text" in "".join(root.itertext())


@pytest.mark.parametrize("text", ["", "   \n  "])
def test_empty_documents_are_a_typed_error_naming_the_input(text: str) -> None:
    with pytest.raises(ParseError, match="page.html: empty document"):
        parse(text, target="page.html")


def test_a_users_soup_is_accepted() -> None:
    soup = BeautifulSoup("<p>from <b>soup</b></p>", "html.parser")
    assert "".join(from_soup(soup).itertext()) == "from soup"


def test_an_oversized_document_is_refused_with_a_clear_error() -> None:
    from articlescrape.config import ExtractConfig

    with pytest.raises(ParseError, match="big.html: document too large"):
        parse("<p>" + "x" * 5000 + "</p>", target="big.html", config=ExtractConfig(max_document_chars=1000))
