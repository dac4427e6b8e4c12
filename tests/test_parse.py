"""Stage 2: text to a tree, whatever the markup."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from bs4 import BeautifulSoup
from lxml import etree

from articlescrape import decode as decode_module
from articlescrape.config import ExtractConfig
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


# --- a decoded page whose text is built only when needed -------------------------------------------

_BODY = "<html><body><p>Some text \u00e9\u4e2d</p></body></html>"
#: Starts, blank pages, XML declarations (after Unicode whitespace too), sizes and fallbacks.
_DECODED_CASES = [
    _BODY,
    "  \n" + _BODY,
    '<?xml version="1.0" encoding="utf-8"?>' + _BODY,
    ' \t<?XML version="1.0"?>' + _BODY,
    "\u00a0" + '<?xml version="1.0"?>' + _BODY,
    "\u3000\x85" + _BODY,
    "\x1c\x1f " + _BODY,
    "\u00e9" + _BODY,
    " \n\t",
    "\x1c" + " " * 40 + "\u3000\u00a0",  # one control byte among many blanks: not binary
    " " * 40 + "\x0b",
    "<?xml version='1.0'?>   ",
    "<?xm" + _BODY,
    "<div>" * 5000 + "deep text \u00e9" + "</div>" * 5000,
    "<<<>>>< \u00e9 text <<",
    "\U0001f600" * 40,
    "<p>" + "\u00e9" * 60 + "</p>",
]


def _outcome(run: Any) -> tuple[str, str]:
    try:
        root = run()
    except ParseError as error:
        return "error", str(error)
    return "tree", etree.tostring(root, encoding="unicode")


@pytest.mark.parametrize("text", _DECODED_CASES, ids=range(len(_DECODED_CASES)))
@pytest.mark.parametrize("limit", [None, 50])
def test_a_decoded_page_parses_as_its_text(text: str, limit: int | None, monkeypatch: pytest.MonkeyPatch) -> None:
    """parse(Decoded) gives what parse(text, utf8=bytes) gave (the pipeline's former call), whether
    the text was built at once (pure Python) or is built only when needed (compiled check)."""
    config = ExtractConfig() if limit is None else replace(ExtractConfig(), max_document_chars=limit)
    data = text.encode("utf-8")
    want = _outcome(lambda: parse(text, config=config, utf8=data))
    lazy = decode_module.decode(data)
    assert lazy.utf8 is data
    assert _outcome(lambda: parse(lazy, config=config)) == want
    with monkeypatch.context() as patch:
        patch.setattr(decode_module, "_UTF8_FACTS", False)
        eager = decode_module.decode(data)
    assert _outcome(lambda: parse(eager, config=config)) == want


def test_a_decoded_page_that_is_not_utf8_parses_as_its_text() -> None:
    data = ("<html><body><p>caf\u00e9 " + "x" * 40 + "</p></body></html>").encode("cp1252")
    decoded = decode_module.decode(data)
    assert decoded.utf8 is None
    assert _outcome(lambda: parse(decoded)) == _outcome(lambda: parse(decoded.text))
