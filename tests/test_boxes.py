"""Side boxes: found by markup evidence, then sorted by what they hold."""

from __future__ import annotations

import lxml.html
import pytest

from articlescrape.extractors.blocks import linearize
from articlescrape.extractors.boxes import classify_box, find_boxes, is_box, is_content_image


def _el(html: str) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(html)


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<table align="right" width="150"><tr><td>x</td></tr></table>', True),
        ('<table width="600"><tr><td>x</td></tr></table>', False),
        ("<aside>x</aside>", True),
        ('<div class="pullquote">x</div>', True),
        ('<div class="story-body">x</div>', False),
        ('<blockquote class="twitter-tweet">x</blockquote>', False),
        ('<blockquote class="pull-quote">x</blockquote>', True),
        ('<div style="float: left">x</div>', True),
        ('<tr class="player-row"><td>x</td></tr>', False),
    ],
)
def test_is_box(html: str, expected: bool) -> None:
    el = _el(html) if not html.startswith("<tr") else _el(f"<table>{html}</table>").find(".//tr")
    assert is_box(el) is expected


def _classify(html: str) -> str:
    root = lxml.html.document_fromstring(f"<html><body>{html}</body></html>")
    box = root.find("body")[0]
    _, stats = linearize(root)
    return classify_box(box, stats)


@pytest.mark.parametrize(
    ("html", "kind"),
    [
        ('<div class="caption">A picture</div>', "image"),
        ('<table align="right"><tr><td><img src="/p.jpg" width="200" height="150">Caption</td></tr></table>', "image"),
        ('<table align="right"><tr><td><img src="/startquote.gif">Words</td></tr><tr><td>Name</td></tr></table>', "quote"),
        ('<table align="right"><tr><td><a href="/clip.ram">Watch</a></td></tr></table>', "media"),
        ('<table align="right"><tr><td><b>Facts</b><br>one<br>two</td></tr></table>', "facts"),
        ('<div class="related"><a href="/a">A</a><a href="/b">B</a></div>', "links"),
        ('<div class="share-bar"><a href="/f">Share</a></div>', "junk"),
    ],
)
def test_classify_box(html: str, kind: str) -> None:
    assert _classify(html) == kind


def test_a_box_grows_over_the_credit_beside_it() -> None:
    root = lxml.html.document_fromstring(
        '<html><body><div id="story"><p>' + "Long story text. " * 30 + '</p><div id="feature"><blockquote>'
        'Quoted words</blockquote><span class="quote_credit">A Person</span></div></div></body></html>'
    )
    _, stats = linearize(root)
    boxes = find_boxes(root.get_element_by_id("story"), stats)
    assert [b.get("id") for b in boxes] == ["feature"]


@pytest.mark.parametrize(
    ("src", "attrs", "expected"),
    [("/media/photo.jpg", 'width="300" height="200"', True), ("/shared/img/o.gif", "", False), ("/icon.png", 'width="16" height="16"', False)],
)
def test_content_images_exclude_spacers_and_icons(src: str, attrs: str, expected: bool) -> None:
    assert is_content_image(_el(f'<img src="{src}" {attrs}>')) is expected


# --- the compiled walk finds exactly the boxes the Python one finds -------------------------------
#
# ``find_boxes`` walks in C when the extension is built (``_walk.BoxWalker``, which asks the
# Python test only about elements that could pass it) and filters the outermost boxes in C
# (``_walk.outermost``); ``_find_boxes_python`` and the Python filter are the reference. Both
# run on every fixture and shared page, from the root and from containers all over the tree,
# with and without profile-selected extra boxes, on cleaned trees and on generated tag soup.

import re  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from support import soup  # noqa: E402
from lxml import etree  # noqa: E402
from test_blocks import FIXTURE_PAGES, SHARED_PAGES, _WALK, needs_compiled, needs_compiled_pipeline, page_tree  # noqa: E402

from articlescrape import clean as clean_stage  # noqa: E402
from articlescrape import parse  # noqa: E402
from articlescrape.config import ExtractConfig  # noqa: E402
from articlescrape.errors import ArticlescrapeError  # noqa: E402
from articlescrape.extractors import boxes  # noqa: E402


def _compiled_find(walker: Any, container: Any, stats: Any, extra: set[Any]) -> list[Any] | None:
    return walker.find(container, stats, extra, lambda el: boxes._lift(el, container, stats) if boxes._stops_at(el, stats, extra) else None)


def _python_outermost(elements: list[Any]) -> list[Any]:
    within = set(elements)
    return [e for e in elements if not any(a in within for a in e.iterancestors())]


def assert_same_boxes(root: Any, every: int = 5) -> None:
    walker = boxes._make_box_walker(_WALK)  # type: ignore[arg-type]
    _, stats = linearize(root)
    elements = [el for el in root.iter() if isinstance(el.tag, str)]
    extras = [set(), set(elements[3::41]), {el for el in elements if el.tag in ("tr", "body", "p")}]
    for container in [root, *elements[::every]]:
        for extra in extras:
            found = _compiled_find(walker, container, stats, extra)
            assert found is not None, "the compiled walk refused a parsed HTML tree"
            reference = boxes._find_boxes_python(container, stats, extra)
            assert found == reference  # the same elements (by identity), in the same order
            unique = list(dict.fromkeys(found))
            assert _WALK.outermost(unique) == _python_outermost(unique)  # type: ignore[union-attr]
    assert _WALK.outermost(elements) == _python_outermost(elements)  # type: ignore[union-attr]


def assert_same_on_page(root: Any, every: int = 5) -> None:
    assert_same_boxes(root, every)
    try:
        clean_stage.clean(root, url=None, config=ExtractConfig())
    except ValueError:
        return  # a tail lxml refuses to re-attach (see test_blocks): not the walks' business
    assert_same_boxes(root, every * 2)


@needs_compiled
@pytest.mark.parametrize("path", FIXTURE_PAGES, ids=lambda p: p.name)
def test_compiled_box_walk_matches_python_on_fixture_pages(path: Path) -> None:
    assert_same_on_page(page_tree(path), every=3)


@needs_compiled
@pytest.mark.parametrize("path", SHARED_PAGES, ids=lambda p: p.name[:16])
def test_compiled_box_walk_matches_python_on_shared_pages(path: Path) -> None:
    assert_same_on_page(page_tree(path), every=13)


#: Markup near every rule of ``_stops_at``: box tags, never-box tags, pull quotes and plain
#: blockquotes, box and story names (and both at once), floats, widths, image boxes with
#: content images, spacers and none, empty attributes, namespaced look-alikes, comments and PIs.
BOX_SOUP = ["div", "p", "span", "table", "tr", "td", "tbody", "center", "dl", "dd", "aside", "figure", "figcaption",
            "blockquote", "blockquote class='pullquote'", "blockquote align='right'", "blockquote class=''",
            "blockquote style='color: red'", "div class='caption'", "div class='story-body caption'", "div id='related'",
            "div class='' id=''", "span class='photo'", "td class='factbox'", "tr class='player'", "body class='sidebar'",
            "div align='left'", "div align='center'", "div style='float: right'", "div style='width: 200px'",
            "table width='200'", "table width='600'", "table style='width:100px'", "table width=''", "p align='right'",
            "div class='embed'", "div class='Ünïcode ſidebar'", "svg:aside", "svg:div class='caption'",
            "img src='/a.jpg'", "img src='/spacer.gif'", "img src='/a.jpg' width='20'", "img", "x-img", "figure class='story'"]
BOX_WORDS = ["story text", "x" * 300, "a longer sentence of the story, with words", "<!-- c -->", "<?pi x?>", "&nbsp;", ""]


def box_soup() -> st.SearchStrategy[str]:
    return soup.tag_soup(BOX_SOUP, BOX_WORDS, max_parts=60)


@needs_compiled
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(box_soup())
def test_compiled_box_walk_matches_python_on_tag_soup(html: str) -> None:
    try:
        root = parse.parse(html)
    except ArticlescrapeError:
        return
    assert_same_boxes(root, every=1)


@needs_compiled
def test_compiled_box_walk_steps_aside_for_dtd_defaults_and_non_elements() -> None:
    walker = boxes._make_box_walker(_WALK)  # type: ignore[arg-type]
    # A DTD default class: get("class") answers it, so the Python walk decides.
    xml = b'<!DOCTYPE d [<!ATTLIST div class CDATA "sidebar">]><d><div>x</div><p>y</p></d>'
    root = etree.fromstring(xml)
    stats: dict[Any, Any] = {}
    assert _compiled_find(walker, root, stats, set()) is None
    assert find_boxes(root, stats) == boxes._find_boxes_python(root, stats, set()) == [root[0]]
    assert walker.find(etree.ElementTree(root), stats, set(), lambda el: el) is None
    assert _WALK.outermost([root, "x"]) is None  # type: ignore[union-attr]
    # namespaced elements match no tag set; an attribute value made of several nodes is read by lxml
    spaced = etree.fromstring(b'<d xmlns:h="urn:h"><h:aside>x</h:aside><h:div class="caption">y</h:div><h:table width="9">z</h:table></d>')
    assert _compiled_find(walker, spaced, {}, set()) == boxes._find_boxes_python(spaced, {}, set()) == [spaced[1]]
    entity = etree.fromstring(b'<!DOCTYPE d [<!ENTITY e "bar">]><d><div class="side&e;">x</div><p id="a&amp;b">y</p></d>', etree.XMLParser(resolve_entities=False))
    assert _compiled_find(walker, entity, {}, set()) == boxes._find_boxes_python(entity, {}, set()) == [entity[0]]


# --- the compiled scan for links to clips -----------------------------------------------------------
#
# ``media_links`` looks for candidate links through ``_walk.HrefScan`` when the extension is
# built (``is_media_link`` decides); ``_media_links_python`` (``el.iter("a")``) is the
# reference. Both run on every fixture and shared page, from elements all over the tree, on
# cleaned trees and on generated tag soup.


def assert_same_media_links(root: Any, every: int = 5) -> None:
    elements = [el for el in root.iter() if isinstance(el.tag, str)]
    for el in [root, *elements[::every]]:
        found = boxes._MEDIA_LINK_SCAN.find(el)
        assert found is not None, "the compiled scan refused a parsed HTML tree"
        assert [a for a in found if boxes.is_media_link(a)] == boxes._media_links_python(el) == boxes.media_links(el)


def assert_same_media_links_on_page(root: Any, every: int = 5) -> None:
    assert_same_media_links(root, every)
    try:
        clean_stage.clean(root, url=None, config=ExtractConfig())
    except ValueError:
        return  # a tail lxml refuses to re-attach (see test_blocks): not the scans' business
    assert_same_media_links(root, every * 2)


@needs_compiled_pipeline
@pytest.mark.parametrize("path", FIXTURE_PAGES, ids=lambda p: p.name)
def test_compiled_media_link_scan_matches_python_on_fixture_pages(path: Path) -> None:
    assert_same_media_links_on_page(page_tree(path), every=3)


@needs_compiled_pipeline
@pytest.mark.parametrize("path", SHARED_PAGES, ids=lambda p: p.name[:16])
def test_compiled_media_link_scan_matches_python_on_shared_pages(path: Path) -> None:
    assert_same_media_links_on_page(page_tree(path), every=29)


#: Pieces of hrefs and onclicks: the words of every branch of MEDIA_HREF in several cases,
#: near misses, and characters Python's case folding treats specially.
HREF_PIECES = ["http://a.com", "/", ".", "?", "\n", "video", "AUDIO", "av", "media", "Media_Player", "mediaselector", "clip", "clips",
               "podcast", "podcasts", "popup", "POPUP", "ram", "rm", "RPM", "asx", "wmv", "wma", "wax", "mp3", "MP4", "m4a", "m4v", "mov",
               "avi", "mpg", "mpeg", "ogg", "ogv", "webm", "m3u", "m3u8", "wav", "aac", "flv", "smil", "html", "x", "ſ", "İ", "K", "é",
               "javascript:", "window.open('", "')", " ", "_"]
_HREF_VALUES = st.lists(st.sampled_from(HREF_PIECES), max_size=8).map("".join)


@settings(max_examples=3000, deadline=None)
@given(_HREF_VALUES)
def test_every_media_href_holds_a_prefilter_word(value: str) -> None:
    """The compiled scan hands back a link only when a value is not ASCII or holds one of
    MEDIA_HREF_WORDS: every ASCII value MEDIA_HREF matches must hold one."""
    if value.isascii() and boxes.MEDIA_HREF.search(value):
        assert any(word in value.lower() for word in boxes.MEDIA_HREF_WORDS)


@needs_compiled_pipeline
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["a", "div", "p", "span", "embed"]), st.sampled_from(["href", "onclick", "src", "HREF"]), _HREF_VALUES, st.booleans()), max_size=12))
def test_compiled_media_link_scan_matches_python_on_generated_links(parts: list[tuple[str, str, str, bool]]) -> None:
    html = "".join(f"<{tag} {attr}='{value.replace(chr(39), '')}'>x" + (f"</{tag}>" if close else "") for tag, attr, value, close in parts)
    try:
        root = parse.parse(f"<html><body>{html}</body></html>")
    except ArticlescrapeError:
        return
    assert_same_media_links(root, every=1)


@needs_compiled_pipeline
def test_compiled_media_link_scan_on_xml_trees() -> None:
    """Namespaced links are matched as lxml's iter("a") matches them; a DTD that declares
    attributes makes the scan step aside; a value made of several nodes is read as get() reads it."""
    spaced = etree.fromstring(b'<d xmlns:h="urn:h"><h:a href="/video/1">a</h:a><a href="/video/2">b</a><a h:href="/video/3">c</a></d>')
    assert boxes._media_links_python(spaced) == boxes.media_links(spaced) == [spaced[1]]
    defaults = etree.fromstring(b'<!DOCTYPE d [<!ATTLIST a href CDATA "/video/x">]><d><a>a</a></d>')
    assert boxes._MEDIA_LINK_SCAN.find(defaults) is None
    assert boxes.media_links(defaults) == boxes._media_links_python(defaults) == [defaults[0]]
    entity = etree.fromstring(b'<!DOCTYPE d [<!ENTITY e "video">]><d><a href="/&e;/1">a</a><a onclick="x.MP3">b</a></d>', etree.XMLParser(resolve_entities=False))
    assert boxes.media_links(entity) == boxes._media_links_python(entity) == [entity[0], entity[1]]


# --- the box walk's test of class/id strings before it makes one --------------------------------------
#
# ``BoxWalker`` asks ``named_as_box`` only about a string that is not ASCII or one of whose words
# holds one of ``_BOX_WORD.words`` or starts with one of ``_BOX_WORD.prefix_words`` (derived from
# the branches of BOX_NAMES): every ASCII string named_as_box accepts must pass that test.

#: Pieces of class words: every branch's letters (in several cases), near misses, separators.
NAME_PIECES = ["caption", "Figure", "photo", "PICTURE", "inline", "image", "box", "pull", "quote", "block", "fact", "s", "info", "side",
               "bar", "a", "aside", "i", "out", "related", "see", "also", "more", "on", "video", "audio", "media", "emp", "player", "embed",
               "promo", "advert", "ad", "ads", "sponsor", "share", "social", "bookmark", "tools", "tool", "print", "e", "mail", "news",
               "letter", "signup", "subscribe", "comment", "comments", "disqus", "twitter", "tweet", "facebook", "cookie", "consent",
               "paywall", "breadcrumb", "nav", "menu", "tag", "tags", "byline", "dateline", "timestamp", "standfirst", "dek", "deck",
               "strapline", "subtitle", "summary", "teaser", "kicker", "meta", "story", "body", "content", "-", "_", " ", "\t", "x"]


def _box_prefilter(names: str) -> bool:
    words = boxes._BOX_WORD.words
    prefixes = boxes._BOX_WORD.prefix_words
    return any(w.startswith(prefixes) or any(word in w for word in words) for w in names.lower().split())


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(NAME_PIECES), max_size=6).map("".join))
def test_every_box_name_passes_the_compiled_prefilter(names: str) -> None:
    if names.isascii() and boxes.named_as_box.__wrapped__(names):
        assert _box_prefilter(names)


def test_the_box_words_are_the_branches_own_letters() -> None:
    """Anchored branches give the letters they start with, the others their longest run of
    letters; a branch with none is refused when the pattern is set up."""
    assert "ad" in boxes._BOX_WORD.prefix_words and "emp" in boxes._BOX_WORD.prefix_words
    assert "inline" in boxes._BOX_WORD.words and "ad" not in boxes._BOX_WORD.words
    assert boxes._literal_runs("facts?-?box") == ["fact", "box"] and boxes._literal_runs("[-_]meta$") == ["meta"]
    with pytest.raises(ValueError):
        boxes.WordPattern(re.compile(r"x|[-_]?", re.IGNORECASE))


@needs_compiled
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.lists(st.sampled_from(NAME_PIECES), max_size=5).map("".join), st.sampled_from(["div", "span", "td", "p"])), max_size=10))
def test_compiled_box_walk_matches_python_on_generated_names(parts: list[tuple[str, str]]) -> None:
    html = "".join(f"<{tag} class='{names}'>text" for names, tag in parts)
    try:
        root = parse.parse(f"<html><body>{html}</body></html>")
    except ArticlescrapeError:
        return
    assert_same_boxes(root, every=1)


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from([*NAME_PIECES, "Ünïcode", "ſ", "K", "gallery", "glance", "key-points", "podcast", "watch", "^", "$"]), max_size=4).map("".join))
def test_a_words_kind_is_the_first_kind_pattern_it_matches(word: str) -> None:
    """``_word_kind`` (the patterns searched fast, remembered per word) says what the patterns
    themselves, tried in order, say."""
    expected = None if boxes.BODY_NAMES.match(word) else next((kind for kind, p in boxes.KIND_NAMES if p.search(word)), None)
    assert boxes._word_kind.__wrapped__(word) == expected


# --- the region's search takes the body's boxes instead of walking the members again -----------------
#
# ``find_boxes(container, known=...)`` does not enter the known elements (the body's members) and
# lifts their boxes on instead; it must find exactly what the full search finds, for containers
# all over the page and the children of an element inside them as the known elements, with and
# without extra boxes, and for the region and members the pipeline itself finds.

from articlescrape.extractors import body as body_module  # noqa: E402
from articlescrape.extractors import region as region_module  # noqa: E402
from articlescrape.extractors.blocks import Linearizer  # noqa: E402


def assert_same_with_known(root: Any, every: int = 5) -> None:
    _, stats = linearize(root)
    elements = [el for el in root.iter() if isinstance(el.tag, str)]
    for extra in (set(), set(elements[3::41])):
        for container in [root, *elements[::every]]:
            for holder in [container, *[el for el in container.iter() if isinstance(el.tag, str)][1::7]]:
                members = [el for el in holder if isinstance(el.tag, str)]
                known = {m: find_boxes(m, stats, extra) for m in members}
                assert find_boxes(container, stats, extra, known) == find_boxes(container, stats, extra)
    found, stats = linearize(root)
    body = body_module.find_body(found, stats)
    region = region_module.find_region(found, None, body, stats)
    if region.element is not None:
        full = boxes.sort_boxes(region.element, body.boxes, stats, frozenset(), lambda el: True)
        assert boxes.sort_boxes(region.element, body.boxes, stats, frozenset(), lambda el: True, body.member_boxes) == full


@needs_compiled_pipeline
@pytest.mark.parametrize("path", FIXTURE_PAGES, ids=lambda p: p.name)
def test_known_boxes_give_the_full_search_on_fixture_pages(path: Path) -> None:
    assert_same_with_known(page_tree(path), every=9)


@needs_compiled_pipeline
@pytest.mark.parametrize("path", SHARED_PAGES[::2], ids=lambda p: p.name[:16])
def test_known_boxes_give_the_full_search_on_shared_pages(path: Path) -> None:
    assert_same_with_known(page_tree(path), every=41)


@needs_compiled_pipeline
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(box_soup())
def test_known_boxes_give_the_full_search_on_tag_soup(html: str) -> None:
    try:
        root = parse.parse(html)
    except ArticlescrapeError:
        return
    assert_same_with_known(root, every=1)


@needs_compiled
def test_the_box_walk_puts_a_skipped_element_in_its_place() -> None:
    root = lxml.html.document_fromstring("<div><p>a</p><div id='m'><aside>x</aside></div><aside>y</aside></div>")
    walker = boxes._make_box_walker(_WALK)  # type: ignore[arg-type]
    stats = Linearizer().run_python(root)[1]
    member = root.get_element_by_id("m")
    found = walker.find(root, stats, set(), lambda el: el if boxes.is_box(el) else None, [member])
    assert len(found) == 2 and found[0] == (member,) and found[1].text == "y"  # the aside inside the member is not visited


_DECORATION_PARTS = st.sampled_from(
    ["/", "//", "?", "x", "O", "t", "s", "1x1", "spacer", "SPACER", "blank", "pixel", "trans", "transparent", "quote", "start_quote", "endquote",
     "bullet", "icon", "Logo", "-big", "_2", "7", "99", ".gif", ".PNG", ".jpg", ".jpeg", ".webp", "\n", " ", "é", "%20", "img", "a.b"]
)


def _decoration_reference(src: str) -> bool:
    return boxes._DECORATION.search(src.split("?")[0]) is not None


@settings(max_examples=3000, deadline=None)
@given(st.lists(_DECORATION_PARTS, max_size=8).map("".join))
def test_decoration_names_are_matched_at_the_last_segment_as_searched_in_the_path(src: str) -> None:
    """is_content_image matches _DECORATION_NAME at the start of the path's last segment where
    it searched the whole path for _DECORATION: the same verdict on generated addresses."""
    found = boxes._DECORATION_NAME.match(src.partition("?")[0].rpartition("/")[2]) is not None
    assert found == _decoration_reference(src)


def test_decoration_names_on_every_image_of_the_pages() -> None:
    for path in [*FIXTURE_PAGES, *SHARED_PAGES]:
        for img in page_tree(path).iter("img"):
            for src in (img.get("src"), img.get("data-src")):
                if src:
                    assert (boxes._DECORATION_NAME.match(src.partition("?")[0].rpartition("/")[2]) is not None) == _decoration_reference(src), src


# --- class/id strings and words tested by tries of the patterns ---------------------------------------
#
# ``named_as_box`` and ``_word_kind`` test words with tries (``alternations.factored``) of the
# patterns: both must answer as the patterns themselves, word by word and kind by kind (the
# references below), on generated names and on every class/id of the pages.


def _named_as_box_by_word(names: str) -> bool:
    words = names.split()
    return any(boxes.BOX_NAMES.search(w) for w in words) and not any(boxes.BODY_NAMES.match(w) for w in words)


def _word_kind_by_kind(word: str) -> str | None:
    if boxes.BODY_NAMES.match(word):
        return None
    return next((kind for kind, pattern in boxes.KIND_NAMES if pattern.search(word)), None)


KIND_PIECES = [*NAME_PIECES, "gallery", "podcast", "listen", "watch", "key", "points", "at-a-glance", "glance", "links", "more-on", "published",
               "updated", "date", "ſ", "K", "İ", "\n", "\x1c", "\xa0", "STORY", "Main", "article", "post", "entry", "text"]


@settings(max_examples=4000, deadline=None)
@given(st.lists(st.sampled_from(KIND_PIECES), max_size=6).map("".join))
def test_named_as_box_is_the_test_of_each_word(names: str) -> None:
    assert boxes.named_as_box.__wrapped__(names) == _named_as_box_by_word(names)


@settings(max_examples=4000, deadline=None)
@given(st.lists(st.sampled_from(KIND_PIECES), max_size=4).map("".join))
def test_word_kind_is_the_test_of_each_kind(word: str) -> None:
    assert boxes._word_kind.__wrapped__(word) == _word_kind_by_kind(word)


@pytest.mark.parametrize("path", [*FIXTURE_PAGES, *SHARED_PAGES], ids=lambda p: p.name[:16])
def test_names_and_kinds_of_the_pages_are_those_of_each_word(path: Path) -> None:
    for el in page_tree(path).iter():
        if not isinstance(el.tag, str):
            continue
        names = f"{el.get('class') or ''} {el.get('id') or ''}"
        assert boxes.named_as_box.__wrapped__(names) == _named_as_box_by_word(names)
        for word in names.split():
            assert boxes._word_kind.__wrapped__(word) == _word_kind_by_kind(word)



def test_a_branch_that_could_match_whitespace_is_refused() -> None:
    """WordPattern.search_words relies on no branch matching whitespace."""
    for pattern in (r"x|a.b", r"x|[^-]y", r"x|a b", r"x|a$b", r"x|^a^b"):
        with pytest.raises(ValueError):
            boxes.WordPattern(re.compile(pattern, re.IGNORECASE))


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from([p for p in KIND_PIECES if p.isascii()]), max_size=6).map("".join))
def test_search_words_is_the_search_of_each_word(names: str) -> None:
    spaced = " " + names.lower()
    assert boxes._BOX_WORD.search_words(spaced) == any(boxes.BOX_NAMES.search(w) for w in names.split())
