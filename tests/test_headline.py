"""The headline: the visible heading, confirmed by the metadata."""

from __future__ import annotations

import articlescrape

BODY = "<p>" + "The story itself goes on for a while, with commas, and detail. " * 6 + "</p>"


def _headline(head: str, body: str) -> str | None:
    return articlescrape.extract(f"<html><head>{head}</head><body>{body}{BODY}{BODY}</body></html>").headline


def test_visible_headline_beats_a_title_with_the_site_name() -> None:
    assert _headline("<title>BBC NEWS | World | Waiters lose tips case</title>", "<div class=headlinestory><b>Waiters lose tips case</b></div>") == "Waiters lose tips case"


def test_a_section_label_in_h1_loses_to_the_confirmed_headline() -> None:
    head = '<meta property="og:title" content="Brumby eyes ring road missing link">'
    assert _headline(head, "<h1>National</h1><h1>Brumby eyes ring road missing link</h1>") == "Brumby eyes ring road missing link"


def test_metadata_headline_when_nothing_visible_matches() -> None:
    assert _headline("<title>话剧《约定无期限》河北各市巡演结束</title>", "<div>no heading here</div>") == "话剧《约定无期限》河北各市巡演结束"


def test_headline_is_not_repeated_in_the_body() -> None:
    article = articlescrape.extract(f"<html><head><title>Big news</title></head><body><h1>Big news</h1>{BODY}{BODY}</body></html>")
    assert article.headline == "Big news" and all(p.text != "Big news" for p in article.paragraphs)


def test_headline_names_are_judged_per_word() -> None:
    """The remembered verdict on a class/id string is the one its words give (``hed$`` ends a word)."""
    from articlescrape.extractors import headline
    from articlescrape.extractors.boxes import class_words
    from lxml import html

    for cls, ident in [("story-hed x", None), ("hedge", None), (None, "Headline"), ("a b", "c"), ("", "entry-title"), ("x hed", "y")]:
        attrs = (f' class="{cls}"' if cls is not None else "") + (f' id="{ident}"' if ident is not None else "")
        el = html.fragment_fromstring(f"<div{attrs}>x</div>")
        expected = any(headline._HEADLINE_NAMES.search(w) for w in class_words(el))
        assert headline._names_headline(f"{cls or ''} {ident or ''}") is expected


def test_headline_names_searched_in_the_whole_string_are_the_per_word_verdicts() -> None:
    """One search of the class/id string (``hed$`` as "no non-space next") is the search of each
    of its words, whitespace of every kind, case and non-ASCII names included."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from articlescrape.extractors import headline

    pieces = ["hed", "HED", "head", "line", "title", "Heading", "entry", "-", "story", "_", " ", "\t", "\x1c", "\u00a0", "x", "ſ", "İ", "ed"]

    @settings(max_examples=3000, deadline=None)
    @given(st.lists(st.sampled_from(pieces), max_size=6).map("".join))
    def check(names: str) -> None:
        assert headline._names_headline.__wrapped__(names) is any(headline._HEADLINE_NAMES.search(w) for w in names.split())

    check()
