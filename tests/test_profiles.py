"""Site profiles: data that sharpens the generic extractor, matched by host or signature."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articlescrape import decode, parse
from articlescrape.errors import ArticlescrapeError
from articlescrape.metadata import base as metadata_base
from articlescrape.metadata.base import Page
from articlescrape.profiles import all_profiles, profile_for


def test_every_profile_file_loads_and_names_a_zone_that_exists() -> None:
    profiles = all_profiles()
    assert {p.name for p in profiles} >= {"bbc", "cnn"}
    for profile in profiles:
        assert profile.hosts, profile.name
        if profile.timezone:
            assert profile.tzinfo() is not None


def test_matched_by_host_including_subdomains() -> None:
    root = lxml.html.document_fromstring("<html><body><p>x</p></body></html>")
    found = profile_for(root, "http://news.bbc.co.uk/1/hi/world/1.stm")
    assert found is not None and found.name == "bbc"
    assert profile_for(root, "http://example.com/") is None


def test_matched_by_signature_when_the_page_has_no_url() -> None:
    root = lxml.html.document_fromstring('<html><head><meta name="UKFS_URL" content="/1/hi/x.stm"></head><body><p>x</p></body></html>')
    found = profile_for(root, None)
    assert found is not None and found.name == "bbc"


def test_body_start_comment_names_the_container() -> None:
    root = lxml.html.document_fromstring("<html><body><div id='nav'>n</div><td id='story'><!-- S BO --><p>text</p></td></body></html>")
    profile = profile_for(root, "http://news.bbc.co.uk/")
    assert profile is not None
    container = profile.body_container(root)
    assert container is not None and container.get("id") == "story"


# --- profile_for from the page index against the walks it replaced --------------------------------

_REPO = Path(__file__).resolve().parents[1]
_SHARED = _REPO.parent / "shared" / "data"
_DOCUMENT_PAGES = sorted(_REPO.glob("fixtures/*/*.html")) + sorted(_SHARED.glob("*/html/*.html.gz")) + sorted(_SHARED.glob("*/pages/*.html"))
_URLS = (None, "http://news.bbc.co.uk/1/hi/x.stm", "http://edition.cnn.com/2010/x", "http://example.com/")


def _assert_same_profile(root: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """profile_for with the page index (compiled and Python walk) answers as with its own walks."""
    for python in (False, True):
        with monkeypatch.context() as patch:
            if python:
                patch.setattr(metadata_base, "_PAGE_WALKER", False)
            page = Page.build(root, None)
        for url in _URLS:
            assert profile_for(root, url, page) is profile_for(root, url)


@pytest.mark.parametrize("path", _DOCUMENT_PAGES, ids=lambda p: p.name[:16])
def test_profile_from_the_index_as_from_walks_on_real_pages(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    _assert_same_profile(parse.parse(decode.decode(raw).text), monkeypatch)


_SIGNATURE_PIECES = [
    "<meta name='UKFS_URL' content='/x'>", "<meta name='ukfs_url'>", "<meta name=' IFS_URL' content='/x'>", "<meta NAME='Ifs_Url' value='/x'>",
    "<meta property='UKFS_URL' content='/x'>", "<meta name='UKFS_URL x' content='/x'>", "<meta content='x'>",
    "<!-- S BO -->", "<!--  S BO\n-->", "<!-- s bo -->", "<!-- GENInlineBOX -->", "<!-- E BO -->", "<!-- c -->", "<?pi S BO?>",
    "<head>", "<body>", "<div>", "</div>", "<p>text</p>", "<svg><meta name='UKFS_URL'/></svg>",
    "<!-- S BO\u00a0-->", "<!--\u3000GENInlineBOX -->", "<!--S BO\u00e9-->", "<!---->", "<meta name='U\u212aFS_URL'>",
    "<meta name='ukfs_urlé' content='x'>", "<meta name=''>", "<meta name='IFS_URL' name='x'>",
]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(st.sampled_from(_SIGNATURE_PIECES), max_size=12))
def test_profile_from_the_index_as_from_walks_on_generated_documents(pieces: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    try:
        root = parse.parse("<html>" + "".join(pieces) + "<p>x</p></html>")
    except ArticlescrapeError:
        return
    _assert_same_profile(root, monkeypatch)


def test_an_index_of_another_root_is_not_used() -> None:
    root = lxml.html.document_fromstring("<html><body><div><p>x</p></div><!-- S BO --></body></html>")
    div = root.find(".//div")
    assert profile_for(root, None, Page.build(div, None)) is profile_for(root, None) is not None


# --- the compiled signature tests give the loops' answers -------------------------------------------

_WANTED_COMMENTS = ({"S BO", "GENInlineBOX"}, {""}, {"x y", "é"}, set())
_WANTED_NAMES = ({"ukfs_url", "ifs_url"}, {""}, set())


def _walk_module() -> Any:
    from articlescrape.extractors import blocks

    return blocks._WALK


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(st.sampled_from([*_SIGNATURE_PIECES, "<!--x y-->", "<!-- \u00e9 -->", "<!--\x0b\x1cx y\x1f-->", "<meta name='X Y'>"]), max_size=12))
def test_compiled_signature_tests_answer_as_the_loops(pieces: list[str]) -> None:
    walk = _walk_module()
    if walk is None:
        pytest.skip("the compiled module is not built")
    try:
        root = parse.parse("<html>" + "".join(pieces) + "<p>x</p></html>")
    except ArticlescrapeError:
        return
    page = Page.build(root, None)
    for wanted in _WANTED_COMMENTS:
        assert walk.comment_text_in(page.suspects, wanted) == any((c.text or "").strip() in wanted for c in page.comments())
    for wanted in _WANTED_NAMES:
        metas = [node for node in page.declarations if node.tag == "meta"]
        assert walk.meta_name_in(page.declarations, wanted) == any((m.get("name") or "").lower() in wanted for m in metas)
    assert walk.comment_text_in([*page.suspects, "x"], {"S BO"}) is None
    assert walk.meta_name_in([None], {"x"}) is None

