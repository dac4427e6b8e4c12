"""The metadata layer's faster forms answer as the plain code they replace (kept here as the
reference)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from articlescrape.metadata import _QUOTES, _text_key
from articlescrape.text import collapse


def _text_key_reference(value: Any) -> str:
    s = collapse(str(value)).casefold()
    s = s.translate(_QUOTES)
    return s.strip(" .:;,!-\u2013\u2014")


def test_text_key_quotes_are_beyond_ascii() -> None:
    """_text_key leaves ASCII text untranslated: no character _QUOTES maps is ASCII."""
    assert _QUOTES and all(code >= 128 for code in _QUOTES)


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.sampled_from([*"aZ .:;,!-'\"\t\n", "\u2018", "\u2019", "\u201c", "\u201d", "\u00a0", "\u2013", "\u2014", "\u00df", "\u0130", "\u212a", "\u00e9"])))
def test_text_key_answers_as_its_reference(text: str) -> None:
    assert _text_key(text) == _text_key_reference(text)
