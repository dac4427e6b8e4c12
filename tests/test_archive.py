"""Undoing the archive's replay: toolbar-mode pages give the same Article as raw captures,
with no trace of the archive in any field, whether fetched, handed over as bytes, or read
from a saved file; and the seed page end to end through the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import lxml.html
import pytest
import requests
from support.archive_server import STORY_URL, ArchiveServer, Capture, render_toolbar_mode, story_page

import articlescrape
from articlescrape import Article, extract, scrape
from articlescrape.archive import undo_archive
from articlescrape.parse import parse

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "fixtures" / "bbc" / "2002-n-koreans-storm-spanish-embassy.html"
SEED_URL = "http://news.bbc.co.uk/1/hi/world/asia-pacific/1871988.stm"
SEED_CAPTURE = "20020314102143"
#: Strings only the archive's additions contain.
ARCHIVE_TRACES = ("archive.org", "Wayback", "wayback", "/web/", "wm-ipp", "__wm", "_static", "captures", "FILE ARCHIVED", "Alexa")


def _fields(article: Article) -> dict[str, Any]:
    """Everything but ``source``, which legitimately differs between modes."""
    return {k: v for k, v in article.to_dict().items() if k != "source"}


def _assert_no_archive_trace(article: Article, base: str) -> None:
    text = json.dumps(_fields(article), ensure_ascii=False)
    for trace in (*ARCHIVE_TRACES, base):
        assert trace not in text, trace


def _toolbar_page(capture: Capture, base: str = "http://127.0.0.1:9") -> bytes:
    return render_toolbar_mode(capture, base, "")


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    src = str(Path(articlescrape.__file__).resolve().parents[1])
    environment = {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", ""), **(env or {})}
    return subprocess.run([sys.executable, "-m", "articlescrape", "--no-cache", *args], capture_output=True, env=environment, timeout=60)


# --- the stage on its own ---------------------------------------------------------------------


def test_toolbar_is_stripped_and_every_link_unrewritten() -> None:
    capture = Capture(STORY_URL, "20020314093012", story_page())
    root = parse(_toolbar_page(capture).decode("cp1252"))
    info = undo_archive(root, None)
    assert info is not None
    assert info.original_url == STORY_URL
    assert info.capture_url == f"https://web.archive.org/web/20020314093012/{STORY_URL}"
    assert info.timestamp is not None and info.timestamp.isoformat() == "2002-03-14T09:30:12+00:00"
    html = lxml.html.tostring(root, encoding="unicode")
    for trace in ARCHIVE_TRACES:
        assert trace not in html, trace
    hrefs = root.xpath("//@href | //@src | //@background")
    assert "http://news.example.co.uk/1/hi/default.stm" in hrefs  # root-relative, rewritten
    assert "http://news.example.co.uk/media/images/flood_300.jpg" in hrefs  # an im_ image
    assert "mailto:news@example.co.uk" in hrefs  # the archive even rewrites mailto:
    assert "http://www.environment-agency.example.gov.uk/floods/" in hrefs
    assert all(not h.startswith("http:/") or h.startswith("http://") for h in hrefs)  # squashed forms repaired
    assert "Rivers across the north" in root.text_content()


def test_squashed_absolute_and_srcset_forms() -> None:
    page = """<html><head><!-- End Wayback Rewrite JS Include -->
    <meta property="og:url" content="https://web.archive.org/web/20020314093012/http://example.org/a.html">
    <meta http-equiv="refresh" content="30; url=/web/20020314093012/http://example.org/a.html"></head>
    <body><a href="/web/20020314093012/http:/example.org/b.html">b</a>
    <img src="//web.archive.org/web/20020314093012im_/http://example.org:80/i.jpg"
         srcset="/web/20020314093012im_/http://example.org/i2.jpg 2x, /web/20020314093012im_/http://example.org/i1.jpg 1x">
    <td background="https://web.archive.org/web/20020314093012im_/http://example.org/bg.gif" style="background:url('/web/20020314093012im_/http://example.org/s.gif')">x</td>
    <a href="relative.html">r</a></body></html>"""
    root = parse(page)
    info = undo_archive(root, "https://web.archive.org/web/20020314093012/http://example.org/a.html")
    assert info is not None and info.original_url == "http://example.org/a.html"
    assert root.xpath("//a/@href") == ["http://example.org/b.html", "relative.html"]
    assert root.xpath("//img/@src") == ["http://example.org/i.jpg"]
    assert root.xpath("//img/@srcset") == ["http://example.org/i2.jpg 2x, http://example.org/i1.jpg 1x"]
    assert root.xpath("//td/@background") == ["http://example.org/bg.gif"]
    assert "url('http://example.org/s.gif')" in root.xpath("//td/@style")[0]
    assert root.xpath("//meta[@property='og:url']/@content") == ["http://example.org/a.html"]
    assert root.xpath("//meta[@http-equiv='refresh']/@content") == ["30; url=http://example.org/a.html"]


def test_a_live_page_citing_archived_pages_is_left_alone() -> None:
    page = """<html><body><p>See <a href="https://web.archive.org/web/2002/http://example.org/">the old site</a>,
    our <a href="/web/index.html">web team</a> and <a href="/web/2002/report.html">the 2002 report</a>.</p></body></html>"""
    root = parse(page)
    assert undo_archive(root, "http://blog.example.net/post.html") is None
    assert root.xpath("//a/@href") == ["https://web.archive.org/web/2002/http://example.org/", "/web/index.html", "/web/2002/report.html"]


def test_capture_time_from_the_closing_comment_alone() -> None:
    page = """<html><body><p>Text</p><a href="/web/20070228213001/http://example.org/x.html">x</a></body></html>
    <!-- FILE ARCHIVED ON 21:30:01 Feb 28, 2007 AND RETRIEVED FROM THE INTERNET ARCHIVE ON 17:06:15 Nov 12, 2021. -->"""
    root = parse(page)
    info = undo_archive(root, "https://web.archive.org/web/20070228213001/http://example.org/page.html")
    assert info is not None and info.original_url == "http://example.org/page.html"
    assert info.timestamp is not None and info.timestamp.isoformat() == "2007-02-28T21:30:01+00:00"
    assert root.xpath("//a/@href") == ["http://example.org/x.html"]


# --- raw and toolbar modes through the whole pipeline ---------------------------------------


def test_raw_and_toolbar_modes_give_the_same_article(archive: ArchiveServer, fast_config, tmp_path: Path) -> None:
    capture = archive.add_capture(STORY_URL, "20020314093012", story_page())
    raw = scrape(STORY_URL, archived="2002-03-14", fetch_config=fast_config())
    toolbar_bytes = requests.get(archive.capture_url(capture), timeout=5).content
    assert b"BEGIN WAYBACK TOOLBAR INSERT" in toolbar_bytes
    saved = tmp_path / "saved-from-the-browser.html"
    saved.write_bytes(toolbar_bytes)
    from_bytes = extract(toolbar_bytes)
    from_bytes_with_url = extract(toolbar_bytes, archive.capture_url(capture))
    from_file = scrape(str(saved))
    cli = _cli(str(saved))
    assert cli.returncode == 0, cli.stderr
    from_cli = Article.from_json(cli.stdout.decode())
    for article in (from_bytes, from_bytes_with_url, from_file, from_cli):
        assert _fields(article) == _fields(raw)
        assert article.source.original_url == STORY_URL
        assert article.source.capture_timestamp == raw.source.capture_timestamp
        _assert_no_archive_trace(article, archive.base)
    _assert_no_archive_trace(raw, archive.base)
    assert raw.url == STORY_URL and raw.source.encoding == "cp1252"
    # The windows-1252 bytes behind the ISO-8859-1 label come out as the characters meant.
    assert "officials said the \u201cworst is not over yet\u201d" in raw.text
    assert "at least \u00a32m \u2013 a figure" in raw.text


def test_toolbar_mode_capture_url_fetched_by_scrape_is_fetched_raw(archive: ArchiveServer, fast_config) -> None:
    capture = archive.add_capture(STORY_URL, "20020314093012", story_page())
    article = scrape(archive.capture_url(capture), fetch_config=fast_config())
    assert article.url == STORY_URL and article.source.capture_url == archive.capture_url(capture)
    assert [h.path for h in archive.hits_for("/web/")] == [f"/web/20020314093012id_/{STORY_URL}"]


# --- the seed page -----------------------------------------------------------------------------


@pytest.fixture
def seed_archive(archive: ArchiveServer) -> ArchiveServer:
    seed = SEED.read_bytes()
    archive.add_capture(SEED_URL, "20020301080000", seed)
    archive.add_capture(SEED_URL, SEED_CAPTURE, seed)
    archive.add_capture(SEED_URL, "20020620101010", seed)
    return archive


def _urls(article: Article) -> list[str]:
    data = article.to_dict()
    urls = [data["url"], *(i["src"] for i in data["images"]), *(m["url"] for m in data["media"] if m["url"])]
    return urls + [link["url"] for link in data["related_links"] + data["external_links"]]


def test_seed_page_through_the_cli_with_wayback(seed_archive: ArchiveServer) -> None:
    result = _cli("--wayback", "2002-03-14", SEED_URL, env={"ARTICLESCRAPE_WAYBACK_BASE": seed_archive.base})
    assert result.returncode == 0, result.stderr.decode()
    article = Article.from_json(result.stdout.decode())
    assert article.headline == "N Koreans storm Spanish embassy"
    assert article.url == SEED_URL
    src = article.source
    assert src.capture_url == f"{seed_archive.base}/web/{SEED_CAPTURE}/{SEED_URL}"
    assert src.capture_timestamp is not None and src.capture_timestamp.isoformat() == "2002-03-14T10:21:43+00:00"
    assert src.original_url == SEED_URL and src.requested == SEED_URL
    assert src.capture_offset_seconds == 10 * 3600 + 21 * 60 + 43
    if article.published is not None:
        assert article.published <= src.capture_timestamp
    urls = _urls(article)
    assert len(urls) > 3
    for url in urls:
        assert seed_archive.base not in url and "archive.org" not in url and "/web/" not in url, url
    _assert_no_archive_trace(article, seed_archive.base)


def test_seed_page_as_mislabelled_windows_1252_and_in_toolbar_mode(seed_archive: ArchiveServer, fast_config) -> None:
    raw = scrape(SEED_URL, archived="2002-03-14", fetch_config=fast_config())
    # The same page with its &nbsp; as raw 0xA0 bytes, labelled ISO-8859-1 by the server.
    latin = SEED.read_bytes().replace(b"&nbsp;", b"\xa0")
    assert latin != SEED.read_bytes()
    capture = seed_archive.add_capture(SEED_URL, "20020314120000", latin, content_type="text/html; charset=ISO-8859-1")
    relabelled = scrape(SEED_URL, archived="20020314120000", fetch_config=fast_config())
    assert relabelled.source.capture_timestamp.isoformat() == "2002-03-14T12:00:00+00:00"
    assert relabelled.source.encoding == "cp1252"
    toolbar = extract(requests.get(seed_archive.capture_url(capture), timeout=5).content)
    assert toolbar.source.capture_timestamp == relabelled.source.capture_timestamp
    for article in (relabelled, toolbar):
        assert _fields(article) == _fields(raw)
        assert article.source.original_url == SEED_URL
        _assert_no_archive_trace(article, seed_archive.base)


@pytest.mark.parametrize(
    "text",
    [
        " FILE ARCHIVED ON 14:06:23 Mar 14, 2002 AND RETRIEVED FROM THE INTERNET ARCHIVE ",
        " End Wayback Rewrite JS Include ",
        "playback timings (ms): ...",
        " BEGIN WAYBACK TOOLBAR INSERT ",
        " wayback toolbar insert ",
        "Internet Archive",
        "S BO",
        " google_ad_section_start ",
        "go back to the archive index",
        "WAYBAC\u212a TOOLBAR INSERT",  # the Kelvin sign matches "k" case-insensitively
        "FİLE ARCHİVED ON",
        "",
    ],
)
def test_archive_comments_are_told_as_the_marker_pattern_tells_them(text: str) -> None:
    from articlescrape.archive import _ARCHIVE_COMMENT, _is_archive_comment

    assert _is_archive_comment(text) == (_ARCHIVE_COMMENT.search(text) is not None)


@pytest.mark.parametrize(("ident", "replay"), [("wm-ipp", True), ("wm-ipp-base", True), ("wmx", False), ("wm", False), ("xwm-ipp", False)])
def test_a_toolbar_id_alone_marks_a_replay(ident: str, replay: bool) -> None:
    root = parse(f'<html><body><div id="{ident}">Toolbar</div><p>Story text here.</p></body></html>')
    assert (undo_archive(root, None) is not None) == replay
    assert bool(root.xpath(f"//*[@id='{ident}']")) != replay  # a replay's toolbar is gone


# --- the compiled replay test gives exactly what the XPath one gives ------------------------------
#
# ``_may_be_replay`` runs in C when the compiled walker is built (``_walk.ReplayScan``);
# ``_may_be_replay_python`` (the XPath union and its confirmations) is the reference. Both run
# on every fixture and shared page, on toolbar-mode replays, on elements anywhere in the tree
# (XPath's ``/`` is always the whole document) and on generated tag soup full of near-misses.

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from support import soup  # noqa: E402
from lxml import etree  # noqa: E402
from test_blocks import FIXTURE_PAGES, SHARED_PAGES, _WALK, needs_compiled, page_tree  # noqa: E402

from articlescrape import archive  # noqa: E402
from articlescrape.errors import ArticlescrapeError  # noqa: E402


def _replay_scan() -> Any:
    archive._load_replay_scan()  # made from blocks._WALK: None under ARTICLESCRAPE_PURE_PYTHON
    if archive._REPLAY_SCAN:
        return archive._REPLAY_SCAN
    return _WALK.ReplayScan(  # type: ignore[union-attr]
        prefix="/web/", prefixed_attributes=("href", "src"), ids=sorted(archive._REPLAY_IDS),
        script_marker="__wm.wombat", comment_words=archive._ARCHIVE_COMMENT_WORDS,
        rewritten=archive._REWRITTEN.match, archive_comment=archive._is_archive_comment,
    )


def assert_same_replay_answer(root: Any, every: int = 50) -> None:
    scan = _replay_scan()
    want = archive._may_be_replay_python(root)
    elements = [el for el in root.iter() if isinstance(el.tag, str)]
    for el in [root, *elements[::every]]:
        assert scan.may_be_replay(el) == want
        assert_index_notes_replay(el, scan, want)
    assert archive._may_be_replay(root) == want


def assert_index_notes_replay(el: Any, scan: Any, want: bool) -> None:
    """The metadata index walk that makes the replay test on its way answers as the scan, or
    None (it cannot tell: then the caller asks the scan), and indexes as the plain walk: for its
    document's top element it tells whenever the scan itself does."""
    from articlescrape.metadata import base

    walker = base._make_page_walker(_WALK)
    declarations: list[Any] = []
    found, answer = walker.index_noting_replay(el, declarations, scan)
    plain_declarations: list[Any] = []
    assert found == walker.index(el, plain_declarations)
    assert declarations == plain_declarations
    assert answer in (None, want)
    top = el.getroottree().getroot() is el
    if not top:
        assert answer is None
    elif scan.may_be_replay(el) is not None and found is not None:
        assert answer == want


@needs_compiled
def test_the_compiled_scan_knows_the_xpath_literals() -> None:
    path = archive._REPLAY_HINTS.path
    for literal in ("@href[starts-with(., '/web/')]", "@src[starts-with(., '/web/')]", "@id[", "script[contains(., '__wm.wombat')]", "comment()"):
        assert literal in path


@needs_compiled
@pytest.mark.parametrize("path", FIXTURE_PAGES, ids=lambda p: p.name)
def test_compiled_replay_test_matches_xpath_on_fixture_pages(path: Path) -> None:
    assert_same_replay_answer(page_tree(path), every=7)


@needs_compiled
@pytest.mark.parametrize("path", SHARED_PAGES, ids=lambda p: p.name[:16])
def test_compiled_replay_test_matches_xpath_on_shared_pages(path: Path) -> None:
    assert_same_replay_answer(page_tree(path))


@needs_compiled
def test_compiled_replay_test_on_toolbar_replays_and_their_parts() -> None:
    capture = Capture(STORY_URL, "20020314093012", story_page())
    html = _toolbar_page(capture).decode("cp1252")
    root = parse(html)
    assert archive._may_be_replay_python(root)
    assert_same_replay_answer(root, every=1)
    seed = parse(SEED.read_bytes().decode("cp1252"))
    assert_same_replay_answer(seed, every=3)
    # one hint at a time: each alone makes a replay, a near-miss does not
    for piece, replay in [
        ('<a href="/web/20020314093012/http://x.com/">x</a>', True),
        ('<img src="/web/2002im_/https://x.com/a.jpg">', True),
        ('<a href="/web/about">x</a>', False),
        ('<a href="/WEB/2002/http://x.com/">x</a>', False),
        ('<a data-href="/web/2002/http://x.com/">x</a>', False),
        ('<form id="wmtb"></form>', True),
        ('<input id="wmtbURL">', True),
        ('<div id="wm-ipp ">x</div>', False),
        ("<script>__wm.wombat('http://x.com/','20020314093012')</script>", True),
        ("<script>__wm .wombat</script>", False),
        ("<!-- FILE ARCHIVED ON 14:06:23 Mar 14, 2002 -->", True),
        ("<!-- go back to the archive index -->", False),
        ("<!-- WAYBAC\u212a TOOLBAR INSERT -->", True),
        ("<!-- S BO -->", False),
    ]:
        for where in (f"<html><body><p>Story.</p>{piece}</body></html>", f"{piece}<html><body><p>Story.</p></body></html>"):
            root = parse(where)
            assert archive._may_be_replay_python(root) == replay, where
            assert_same_replay_answer(root, every=1)


@needs_compiled
def test_compiled_replay_test_on_detached_elements_and_xml_trees() -> None:
    root = parse('<html><body><div id="wm-ipp">Toolbar</div><p>Story.</p><!-- INTERNET ARCHIVE --></body></html>')
    toolbar = root.find(".//div")
    toolbar.getparent().remove(toolbar)  # XPath's "/" no longer reaches it
    assert _replay_scan().may_be_replay(toolbar) == archive._may_be_replay_python(toolbar) is True  # the comment
    scan = _replay_scan()
    # CDATA and several text nodes in a script; a namespaced script is no script to XPath
    cdata = etree.fromstring(b"<d><script>__wm.<![CDATA[wombat(]]></script></d>", etree.XMLParser(strip_cdata=False))
    assert scan.may_be_replay(cdata) is archive._may_be_replay_python(cdata) is True
    spaced = etree.fromstring(b'<d xmlns:h="urn:h"><h:script>__wm.wombat(</h:script><h:a h:href="/web/2/http://x"/></d>')
    assert scan.may_be_replay(spaced) is archive._may_be_replay_python(spaced) is False
    # an entity reference: the scan steps aside and the XPath answers
    entity = etree.fromstring(b'<!DOCTYPE d [<!ENTITY e "__wm.wombat">]><d><script>&e;</script></d>', etree.XMLParser(resolve_entities=False))
    assert scan.may_be_replay(entity) is None
    assert archive._may_be_replay(entity) == archive._may_be_replay_python(entity)
    assert scan.may_be_replay(etree.ElementTree(root)) is None


REPLAY_SOUP = ["p", "div", "a href='/web/2002/http://x.com/'", "a href='/web/'", "a href='/web/20020314093012id_/ftp://x'",
               "img src='/web/1im_/https:/x'", "img src='/Web/1/http://x'", "a href=' /web/1/http://x'", "div id='wm-ipp'",
               "span id='wmtb'", "div id='wm-ipp-base '", "div id='wmtbURL'", "form id='x'", "script", "style", "body", "html",
               "td class='wm-ipp'", "svg:a href='/web/1/http://x'", "input name='url'"]
REPLAY_WORDS = ["__wm.wombat('http://x.com/', '2002')", "__wm.", "wombat", "<!-- INTERNET ARCHIVE -->", "<!-- archive -->",
                "<!-- back -->", "<!-- BACKUP -->", "<!-- WAYBAC\u212a -->", "<!-- playback timings -->", "<!---->",
                "<!-- Ünicode -->", "<?pi wayback?>", "story text", "<![CDATA[x]]>", "&amp;", "\u00a0"]


def replay_soup() -> st.SearchStrategy[str]:
    return soup.tag_soup(REPLAY_SOUP, REPLAY_WORDS, max_parts=40)


@needs_compiled
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(replay_soup())
def test_compiled_replay_test_matches_xpath_on_tag_soup(html: str) -> None:
    try:
        root = parse(html)
    except ArticlescrapeError:
        return
    assert_same_replay_answer(root, every=1)


@needs_compiled
def test_index_walk_tells_replays_it_cannot_read_to_ask_the_scan() -> None:
    scan = _replay_scan()
    walker = __import__("articlescrape.metadata.base", fromlist=["base"])._make_page_walker(_WALK)
    # an entity reference: the scan refuses, so the walk cannot tell either
    entity = etree.fromstring(b'<!DOCTYPE d [<!ENTITY e "__wm.wombat">]><d><script>&e;</script></d>', etree.XMLParser(resolve_entities=False))
    assert walker.index_noting_replay(entity, [], scan)[1] is None
    # CDATA in a script is read as the scan reads it; a namespaced script is no script
    cdata = etree.fromstring(b"<d><script>__wm.<![CDATA[wombat(]]></script></d>", etree.XMLParser(strip_cdata=False))
    assert walker.index_noting_replay(cdata, [], scan)[1] is True
    spaced = etree.fromstring(b'<d xmlns:h="urn:h"><h:script>__wm.wombat(</h:script><h:a h:href="/web/2/http://x"/></d>')
    assert walker.index_noting_replay(spaced, [], scan)[1] is False
    # the hint may sit outside <html>: the walk reads the document's other top-level nodes too
    outside = parse("<!-- FILE ARCHIVED ON 14:06:23 Mar 14, 2002 --><html><body><p>Story.</p></body></html>")
    assert outside.getprevious() is not None
    assert walker.index_noting_replay(outside, [], scan)[1] is True
    assert walker.index_noting_replay(outside.find("body"), [], scan)[1] is None  # not the top element
    # an element built with a namespace without prefix on an attribute is read as the scan does
    ns = etree.fromstring(b'<d xmlns="urn:x"><a href="/web/2002/http://x.com/">x</a></d>')
    assert walker.index_noting_replay(ns, [], scan)[1] == archive._may_be_replay_python(ns)


@needs_compiled
@pytest.mark.parametrize("path", FIXTURE_PAGES[:6], ids=lambda p: p.name)
def test_page_built_noting_replay_is_the_page_built(path: Path) -> None:
    from articlescrape.metadata import Page

    root = page_tree(path)
    scan = archive.replay_scan()  # False under ARTICLESCRAPE_PURE_PYTHON: the walk cannot tell
    page, answer = Page.build_noting_replay(root, "http://example.com/a", scan)
    assert answer == (archive._may_be_replay_python(root) if scan else None)
    assert page == Page.build(root, "http://example.com/a")


@pytest.mark.parametrize(
    "url",
    [None, "", "http://example.com/web/page", "https://web.archive.org/web/20020314093012/http://x.com/",
     "//web.archive.org/web/2002/http://x.com/", "/web/20020314093012/http://x.com/", "HTTP://Mirror.Example/WEB/20020314093012/http://x.com/",
     "http://mirror.example/Web/2002id_/https://x.com/a", "/WEB/2002/http://x.com/", " /web/2002/http://x.com/ ", "http://x.com/web/index.html"],
)
def test_capture_in_address_is_the_capture_parse(url: str | None) -> None:
    from articlescrape.wayback import parse_capture_url

    assert archive.capture_in_address(url) == (parse_capture_url(url, any_host=True) if url else None)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="/webWEB:ht.x0123456789_id\u212a\u017f ", max_size=40))
def test_capture_in_address_is_the_capture_parse_on_generated_addresses(url: str) -> None:
    from articlescrape.wayback import parse_capture_url

    assert archive.capture_in_address(url) == (parse_capture_url(url, any_host=True) if url else None)


# --- un-rewriting by items() gives what one get() per name gives ------------------------------------

_REWRITE_ATTRIBUTES = [
    'href="/web/20020314093012/http://x.com/a"', 'src="https://web.archive.org/web/2002im_/http://x.com/i.jpg"', 'href="/b"',
    'data-src="/web/2002/http://x.com/d"', 'srcset="/web/2002/http://x.com/1.jpg 1x, /web/2002/http://x.com/2.jpg 2x"',
    'style="background:url(/web/2002/http://x.com/bg.png)"', 'style="color:red"', 'href=""', 'src=" /web/2002/http://x.com/s "',
    'cite="/WEB/2002/http://x.com/"', 'action="http://web.archive.org/web/2002/http://x.com/f"', 'title="/web/2002/http://x.com/"',
    'href="/web/2002/http://x.com/\x01"', 'content="/web/2002/http://x.com/m"', 'name="og:url"', 'http-equiv="refresh"',
]


def _unrewritten(html: str, by_name: bool) -> bytes:
    root = parse(html)
    (archive._unrewrite_links_by_name if by_name else archive.unrewrite_links)(root)
    return lxml.html.tostring(root)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["a", "img", "meta", "div", "form", "source"]), st.lists(st.sampled_from(_REWRITE_ATTRIBUTES), max_size=4)), min_size=1, max_size=10))
def test_unrewrite_links_by_items_is_by_name_on_generated_elements(elements: list[tuple[str, list[str]]]) -> None:
    body = "".join(f"<{tag} {' '.join(attributes)}>x</{tag}>" for tag, attributes in elements)
    html = f"<html><body><p>start</p>{body}</body></html>"
    assert _unrewritten(html, False) == _unrewritten(html, True)


def test_unrewrite_links_by_items_is_by_name_on_replays_and_declared_defaults() -> None:
    capture = Capture(STORY_URL, "20020314093012", story_page())
    toolbar = _toolbar_page(capture).decode("cp1252")
    assert _unrewritten(toolbar, False) == _unrewritten(toolbar, True) != lxml.html.tostring(parse(toolbar))
    seed = SEED.read_bytes().decode("cp1252")
    assert _unrewritten(seed, False) == _unrewritten(seed, True)
    # A DTD that declares a default href: get() answers with it, so the reference loop runs.
    xml = b'<!DOCTYPE d [<!ATTLIST a href CDATA "/web/2002/http://x.com/default">]><d><a>x</a><a href="/web/2003/http://x.com/y">y</a></d>'
    made = [etree.fromstring(xml, etree.XMLParser()) for _ in range(2)]
    archive.unrewrite_links(made[0])
    archive._unrewrite_links_by_name(made[1])
    assert etree.tostring(made[0]) == etree.tostring(made[1])
    assert made[0][0].get("href") == "http://x.com/default"
