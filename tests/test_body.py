"""Choosing the body: the story's container and its paragraphs, nothing else."""

from __future__ import annotations

import lxml.html

from articlescrape.extractors.blocks import linearize
from articlescrape.extractors.body import find_body

STORY = " ".join(["The council approved the plan on Monday, after a long debate, and work starts soon."] * 2)


def _body(html: str, **kwargs: object) -> list[str]:
    blocks, stats = linearize(lxml.html.document_fromstring(html))
    body = find_body(blocks, stats, **kwargs)  # type: ignore[arg-type]
    return [("# " if b.index in body.headings else "") + b.text for b in body.blocks]


def test_story_wins_over_navigation_and_comments() -> None:
    html = (
        '<body><ul class="nav"><li><a href="/a">Home</a></li><li><a href="/b">World</a></li></ul>'
        f'<div class="story"><p>{STORY}</p><p>{STORY}</p><p>{STORY}</p></div>'
        '<div id="comments"><div class="content"><p>' + ("I disagree with this, strongly, and so do my friends. " * 6) + "</p>"
        "<p>" + ("Another long comment, with commas, and more words here. " * 6) + "</p></div></div></body>"
    )
    assert _body(html) == [STORY, STORY, STORY]


def test_bold_lines_between_paragraphs_are_subheadings() -> None:
    html = f"<body><div>{STORY}<P><B>Tight security</B><P>{STORY}<P><B>What next?</B><P>{STORY}</div></body>"
    assert _body(html) == [STORY, "# Tight security", STORY, "# What next?", STORY]


def test_floated_boxes_stay_out_of_the_paragraphs() -> None:
    html = (
        f'<body><div><p>{STORY}</p><table align="right" width="150"><tr><td>Defection rates<br>2001 - 583</td></tr></table>'
        f"<p>{STORY}</p></div></body>"
    )
    assert _body(html) == [STORY, STORY]


def test_closing_copyright_and_tagline_are_trimmed() -> None:
    html = (
        f"<body><div><p>{STORY}</p><p>{STORY}</p><p>Copyright 2001 The Associated Press. All rights reserved.</p>"
        "<p>Reporting by Jane Doe; editing by John Roe</p></div></body>"
    )
    assert _body(html) == [STORY, STORY]


def test_story_ends_at_a_related_coverage_heading() -> None:
    html = f"<body><div><p>{STORY}</p><p>{STORY}</p><p>{STORY}</p><h3>More Related Coverage</h3><p>{STORY} Teaser.</p></div></body>"
    assert _body(html) == [STORY, STORY, STORY]


def test_excluded_texts_are_not_body() -> None:
    html = f"<body><div><p>N Koreans storm Spanish embassy</p><p>{STORY}</p><p>{STORY}</p></div></body>"
    assert _body(html, exclude_texts=frozenset({"N Koreans storm Spanish embassy"})) == [STORY, STORY]


def test_a_very_short_story_is_still_found_by_the_relaxed_pass() -> None:
    assert _body("<body><div><p>Short news.</p><p>Two lines only.</p></div></body>") == ["Short news.", "Two lines only."]


def test_story_split_over_sibling_sections_is_gathered() -> None:
    sections = "".join(f'<div class="part"><div class="inner"><p>{STORY} Part {i}.</p></div></div>' for i in range(4))
    html = f'<body><article><section class="meteredContent">{sections}</section></article><footer><a href="/">x</a></footer></body>'
    assert len(_body(html)) == 4


def test_cjk_prose_is_scored_without_stop_words() -> None:
    zh = "一个约定，信守15年，感人至深；一段真情，延续15年，催人泪下。" * 3
    html = f'<body><div class="menu"><a href="/">首页</a></div><div><p>{zh}</p><p>{zh}</p></div></body>'
    assert _body(html) == [zh, zh]
