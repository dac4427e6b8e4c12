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


# --- the compiled never-story test ------------------------------------------------------------------
#
# ``score_candidates`` asks whether a block sits in a never-story region through
# ``_walk.NamedAncestry`` when the extension is built; ``_unlikely`` (a walk up with a cache) is
# the reference. Both answer for every element of every fixture and shared page, in several
# orders (the compiled test remembers nodes as the reference does), on cleaned trees and on
# generated tag soup.

import re  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from support import soup  # noqa: E402
from lxml import etree  # noqa: E402
from test_blocks import _WALK, FIXTURE_PAGES, SHARED_PAGES, needs_compiled, page_tree  # noqa: E402

from articlescrape import clean as clean_stage  # noqa: E402
from articlescrape import parse  # noqa: E402
from articlescrape.config import ExtractConfig  # noqa: E402
from articlescrape.errors import ArticlescrapeError  # noqa: E402
from articlescrape.extractors import body  # noqa: E402
from articlescrape.extractors.alternations import branches  # noqa: E402


def _ancestry() -> Any:
    return _WALK.NamedAncestry(names_test=body._unlikely_raw_names, skip_tags=body._NEVER_UNLIKELY_TAGS)  # type: ignore[union-attr]


def assert_same_unlikely(root: Any, every: int = 1) -> None:
    elements = [el for el in root.iter() if isinstance(el.tag, str)][::every]
    for order in (elements, elements[::-1], elements[1::2] + elements[::2]):
        compiled, cache = _ancestry(), {}
        for el in order:
            answer = compiled(el)
            assert answer is not None, "the compiled test refused a parsed HTML tree"
            assert answer is body._unlikely(el, cache)
            assert answer is body._unlikely(el, {})


def assert_same_unlikely_on_page(root: Any, every: int = 1) -> None:
    assert_same_unlikely(root, every)
    try:
        clean_stage.clean(root, url=None, config=ExtractConfig())
    except ValueError:
        return  # a tail lxml refuses to re-attach (see test_blocks): not the test's business
    assert_same_unlikely(root, every * 2)


@needs_compiled
@pytest.mark.parametrize("path", FIXTURE_PAGES, ids=lambda p: p.name)
def test_compiled_unlikely_test_matches_python_on_fixture_pages(path: Path) -> None:
    assert_same_unlikely_on_page(page_tree(path))


@needs_compiled
@pytest.mark.parametrize("path", SHARED_PAGES, ids=lambda p: p.name[:16])
def test_compiled_unlikely_test_matches_python_on_shared_pages(path: Path) -> None:
    assert_same_unlikely_on_page(page_tree(path), every=7)


UNLIKELY_SOUP = ["div", "p", "span", "section", "td", "table", "tr", "article", "body class='comments'", "html id='sidebar'",
                 "div class='comments'", "div class='article-footer'", "div id='side-bar'", "div class=' nav '", "div class='' id=''",
                 "div class='Comment-List'", "ul class='related x'", "div class='story comments'", "div class='ſidebar'",
                 "div id='ads'", "div class='adsense'", "aside class='most-read'", "div class='ÜNAV nav'", "svg:body class='comments'",
                 "div class='menu\tbar'", "div class='x' id='footer'"]


def unlikely_soup() -> st.SearchStrategy[str]:
    return soup.tag_soup(UNLIKELY_SOUP, ["text", "<!-- c -->", "", " "], max_parts=40)


@needs_compiled
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(unlikely_soup())
def test_compiled_unlikely_test_matches_python_on_tag_soup(html: str) -> None:
    try:
        root = parse.parse(html)
    except ArticlescrapeError:
        return
    assert_same_unlikely(root)


@needs_compiled
def test_compiled_unlikely_test_on_xml_trees() -> None:
    """A namespaced body is asked like any element; a DTD that declares attributes makes the
    test step aside; a class made of several nodes is read as get() reads it."""
    spaced = etree.fromstring(b'<d xmlns:h="urn:h"><h:body class="comments"><p>a</p></h:body><body class="comments"><p>b</p></body></d>')
    compiled = _ancestry()
    assert [compiled(spaced[0][0]), compiled(spaced[1][0])] == [body._unlikely(spaced[0][0], {}), body._unlikely(spaced[1][0], {})] == [True, False]
    defaults = etree.fromstring(b'<!DOCTYPE d [<!ATTLIST div class CDATA "comments">]><d><div><p>a</p></div></d>')
    assert _ancestry()(defaults[0][0]) is None
    entity = etree.fromstring(b'<!DOCTYPE d [<!ENTITY e "ments">]><d><div class="com&e;"><p>a</p></div></d>', etree.XMLParser(resolve_entities=False))
    assert _ancestry()(entity[0][0]) is body._unlikely(entity[0][0], {}) is True


# --- the compiled scorer ------------------------------------------------------------------------------
#
# ``score_candidates`` runs in C when the extension is built (``_walk.ProseScorer``);
# ``_score_candidates_python`` is the reference. Both score every fixture and shared page (before
# and after cleaning, with the strict and the relaxed threshold) and generated tag soup, and must
# give the same elements, in the same order, with the same floats, and the same prose blocks.

from articlescrape.extractors import blocks as blocks_module  # noqa: E402
from articlescrape.extractors.blocks import Linearizer  # noqa: E402


def _scorer() -> Any:
    return body._make_scorer(_WALK)  # type: ignore[arg-type]


def assert_same_scores(root: Any) -> None:
    found, stats = blocks_module._make_linear_walker(_WALK).linearize(root)  # type: ignore[arg-type]
    scorer = _scorer()
    for min_chars in (body.MIN_SCORED_CHARS, 1, 0):
        prose: list[Any] = []
        reference: list[Any] = []
        compiled = scorer.score(found, stats, min_chars, prose)
        assert compiled is not None, "the compiled scorer refused a parsed HTML tree"
        expected = body._score_candidates_python(found, stats, min_chars=min_chars, prose=reference)
        assert list(compiled.items()) == list(expected.items())  # keys by identity, floats exactly
        assert [id(b) for b in prose] == [id(b) for b in reference]


def assert_same_scores_on_page(root: Any) -> None:
    assert_same_scores(root)
    try:
        clean_stage.clean(root, url=None, config=ExtractConfig())
    except ValueError:
        return  # a tail lxml refuses to re-attach (see test_blocks): not the test's business
    assert_same_scores(root)


@needs_compiled
@pytest.mark.parametrize("path", FIXTURE_PAGES, ids=lambda p: p.name)
def test_compiled_scores_match_python_on_fixture_pages(path: Path) -> None:
    assert_same_scores_on_page(page_tree(path))


@needs_compiled
@pytest.mark.parametrize("path", SHARED_PAGES, ids=lambda p: p.name[:16])
def test_compiled_scores_match_python_on_shared_pages(path: Path) -> None:
    assert_same_scores_on_page(page_tree(path))


SCORE_SOUP = [*UNLIKELY_SOUP, "p", "li", "h2", "blockquote", "font", "div class='story-body'", "div class='main sidebar'",
              "div id='content' class='nav'", "div class='ARTICLE'", "div class='Ｍain'", "div class='combx'", "div class=' '",
              "div class='h-entry ad-slot'", "html", "p class='links'"]
SCORE_WORDS = ["A sentence of prose long enough to score, with commas, and more.", "短文，中文、標點。" * 4, "نص، عربي، طويل بما فيه الكفاية للعد",
               "<a href='/x'>a link long enough to count for its density</a>", "x", " ", "<!-- c -->"]


@needs_compiled
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(soup.tag_soup(SCORE_SOUP, SCORE_WORDS, max_parts=40))
def test_compiled_scores_match_python_on_tag_soup(html: str) -> None:
    try:
        root = parse.parse(html)
    except ArticlescrapeError:
        return
    assert_same_scores(root)


@needs_compiled
def test_the_compiled_scorer_refuses_what_it_does_not_model() -> None:
    """Statistics as the Python walk's dict, a DTD declaring attribute defaults, a block whose
    element is not an element: None, and the pipeline's function gives the reference's scores."""
    root = lxml.html.document_fromstring(f"<div class='story'><p>{STORY}</p><p>{STORY}</p></div>")
    found, stats = Linearizer().run_python(root)
    assert _scorer().score(found, stats, body.MIN_SCORED_CHARS, []) is None
    assert body.score_candidates(found, stats) == body._score_candidates_python(found, stats)
    defaults = etree.fromstring(f'<!DOCTYPE d [<!ATTLIST div class CDATA "comments">]><d><div><p>{STORY}</p></div></d>'.encode())
    found, stats = blocks_module._make_linear_walker(_WALK).linearize(defaults)  # type: ignore[arg-type]
    assert _scorer().score(found, stats, body.MIN_SCORED_CHARS, []) is None
    assert body._score_candidates_python(found, stats)  # the reference still scores it
    found, stats = blocks_module._make_linear_walker(_WALK).linearize(root)  # type: ignore[arg-type]
    odd = blocks_module.Block(STORY, etree.Comment("c"), 0, 0, False, 0, (), False)  # type: ignore[arg-type]
    assert _scorer().score([*found, odd], stats, body.MIN_SCORED_CHARS, []) is None


@needs_compiled
def test_compiled_class_factors_match_python() -> None:
    """The class factor the scorer works out from the factor patterns' words is the reference's
    on every name of the soups and on odd case and non-ASCII names."""
    names = ["", " ", "Story-Body", "NAV main", "ſidebar", "Ｍain", "K-entry", "com-x", "ad-slot content", "x y", "rhs\tlhs", "Kelvin K"]
    for name in names:
        root = lxml.html.document_fromstring(f"<div><div class='{name}'><p>{STORY}</p></div></div>")
        found, stats = blocks_module._make_linear_walker(_WALK).linearize(root)  # type: ignore[arg-type]
        compiled = _scorer().score(found, stats, body.MIN_SCORED_CHARS, [])
        assert list(compiled.items()) == list(body._score_candidates_python(found, stats).items())


@needs_compiled
@pytest.mark.parametrize("path", FIXTURE_PAGES, ids=lambda p: p.name)
def test_the_never_story_words_spare_only_strings_the_test_rejects(path: Path) -> None:
    """``NamedAncestry`` told the never-story words answers as without them."""
    root = page_tree(path)
    with_words = _WALK.NamedAncestry(  # type: ignore[union-attr]
        names_test=body._unlikely_raw_names, skip_tags=body._NEVER_UNLIKELY_TAGS, names_words=body._UNLIKELY_WORDS
    )
    without = _ancestry()
    for el in root.iter():
        if isinstance(el.tag, str):
            assert with_words(el) is without(el)


def test_the_never_story_words_cover_every_branch() -> None:
    """The import-time check splits the alternation at its top level and would catch a branch
    left without a word (or with its word's last letter made optional)."""
    found = branches(body._UNLIKELY_ALTERNATIVES)
    assert "most-?(read|popular)" in found and "read" not in found
    assert all(body._holds_a_word(b, body._UNLIKELY_WORDS) for b in found)
    assert not body._holds_a_word("trending", tuple(w for w in body._UNLIKELY_WORDS if w != "trending"))
    assert not body._holds_a_word("ads?", ("ads",)) and body._holds_a_word("ads?", ("ad",))
    assert not body._holds_a_word("most-?(read|popular)", ("read",))


# --- the blocks inside the members and outside the boxes ---------------------------------------------


def assert_same_blocks_within(root: Any) -> None:
    found = linearize(root)[0]
    elements = [el for el in root.iter()]  # comments and PIs too: iter() holds them
    for tops, holes in (([root], []), (elements[1::9], elements[4::11]), (elements[::3], elements[1::2]), ([], elements), (elements[5:6], [])):
        compiled = _WALK.blocks_within(found, tops, holes)  # type: ignore[union-attr]
        assert compiled is not None
        assert [id(b) for b in compiled] == [id(b) for b in body._blocks_within_python(found, tops, holes)]


@needs_compiled
@pytest.mark.parametrize("path", FIXTURE_PAGES, ids=lambda p: p.name)
def test_compiled_blocks_within_match_python_on_fixture_pages(path: Path) -> None:
    assert_same_blocks_within(page_tree(path))


@needs_compiled
@pytest.mark.parametrize("path", SHARED_PAGES[::3], ids=lambda p: p.name[:16])
def test_compiled_blocks_within_match_python_on_shared_pages(path: Path) -> None:
    assert_same_blocks_within(page_tree(path))


@needs_compiled
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(soup.tag_soup(SCORE_SOUP, SCORE_WORDS, max_parts=40))
def test_compiled_blocks_within_match_python_on_tag_soup(html: str) -> None:
    try:
        root = parse.parse(html)
    except ArticlescrapeError:
        return
    assert_same_blocks_within(root)


@needs_compiled
def test_compiled_blocks_within_refuses_what_is_not_an_element() -> None:
    root = lxml.html.document_fromstring(f"<div><p>{STORY}</p></div>")
    found = linearize(root)[0]
    assert _WALK.blocks_within(found, [root, "x"], []) is None  # type: ignore[union-attr]
    assert _WALK.blocks_within(found, [root], [None]) is None  # type: ignore[union-attr]
    assert _WALK.blocks_within([*found, blocks_module.Block("x", "not an element", index=9)], [root], []) is None  # type: ignore[union-attr, arg-type]
    assert _WALK.blocks_within([blocks_module.Block("x", None, index=0)], [root], []) == []  # type: ignore[union-attr, arg-type]
    # a node under an entity reference is not in iter() of the elements above it
    entity = etree.fromstring(b'<!DOCTYPE d [<!ENTITY e "<p>x</p>">]><d><div>&e;</div></d>', etree.XMLParser(resolve_entities=False))
    under = [blocks_module.Block("x", el, index=i) for i, el in enumerate(entity.iter())]
    assert [b.element for b in _WALK.blocks_within(under, [entity], [])] == [b.element for b in body._blocks_within_python(under, [entity], [])]  # type: ignore[union-attr]


JS_PIECES = ["Please ", "turn on", "enable", "require", "requires", "activate", " ", "JavaScript", "javascript", "JAVASCRIPT", "java", "script",
             " is", " disabled", " required", "ſ", "Javaſcript", ".", "x"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(JS_PIECES), max_size=6).map("".join))
def test_the_javascript_notice_test_is_only_spared_for_texts_it_cannot_match(text: str) -> None:
    if body._JS_NOTICE.search(text):
        assert body._may_mention_javascript(text)


def test_only_the_listed_initials_match_the_notices_j() -> None:
    """Every match of _JS_NOTICE holds its "j", matched case-insensitively: no code point but
    _JS_INITIALS matches it (case folding's special cases, such as "ſ" for "s", spare "j")."""
    j = re.compile("j", re.IGNORECASE)
    outside_groups = [re.sub(r"\([^()]*\)\??", "", b) for b in branches(body._JS_NOTICE.pattern)]
    assert all(body._JS_WORD in branch for branch in outside_groups)
    assert [c for c in map(chr, range(0x110000)) if j.fullmatch(c)] == sorted(body._JS_INITIALS)


def _ad_label_branches() -> list[str]:
    """Every reading of _AD_LABEL's alternation ("story continues below( advertisement)?" twice)."""
    inner = body._AD_LABEL.pattern.removeprefix("^(").removesuffix(")$")
    readings = []
    for branch in branches(inner):
        if "(" in branch:
            head, group = branch.split("(", 1)
            readings += [head, head + group.removesuffix(")?")]
        else:
            readings.append(branch)
    return readings


def test_no_ad_label_is_longer_than_the_precheck_allows() -> None:
    """_is_body_text matches _AD_LABEL only on texts of at most _AD_LABEL_MAX_CHARS: the longest
    reading of the pattern, with a final newline, must fit (and be matched)."""
    readings = _ad_label_branches()
    assert all(re.fullmatch(r"[\w ]+", r) for r in readings)
    longest = max(readings, key=len)
    assert body._AD_LABEL.match(longest.upper() + "\n")
    assert len(longest) + 1 == body._AD_LABEL_MAX_CHARS


AD_PIECES = ["advertisement", "Advertising", "ANZEIGE", "publicité", "PUBLICITÉ", "sponsored", "story continues below", " advertisement", " ", "\n",
             "ſponſored", "x"]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(AD_PIECES), max_size=4).map("".join))
def test_the_ad_label_is_only_spared_for_texts_it_cannot_match(text: str) -> None:
    if body._AD_LABEL.match(text):
        assert len(text) <= body._AD_LABEL_MAX_CHARS
        assert not body._is_body_text(blocks_module.Block(text, None, index=0), frozenset())  # type: ignore[arg-type]
