"""Generated tag soup for the tests that check bad or odd markup, and that the compiled walks
and their Python references agree: random opening and closing tags from a list, mixed with
words, comments and entities from another."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st


def tag_soup(tags: Sequence[str], words: Sequence[str], *, max_parts: int = 60, joiners: Sequence[str] = ("",)) -> st.SearchStrategy[str]:
    """Documents of up to ``max_parts`` pieces: ``<tag attrs>``, ``</tag>`` (a tag of ``tags``,
    which may carry attributes) or one of ``words``, joined by one of ``joiners``."""
    tag = st.sampled_from(list(tags))
    piece = st.one_of(
        tag.map(lambda t: f"<{t}>"),
        tag.map(lambda t: f"</{t.split()[0]}>"),
        st.sampled_from(list(words)),
    )
    return st.tuples(st.sampled_from(list(joiners)), st.lists(piece, max_size=max_parts)).map(lambda jp: jp[0].join(jp[1]))
