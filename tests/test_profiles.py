"""Site profiles: data that sharpens the generic extractor, matched by host or signature."""

from __future__ import annotations

import lxml.html

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
