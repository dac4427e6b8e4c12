"""Wayback vocabulary (capture URLs, WHEN, windows) and choosing the right capture."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from support.archive_server import ArchiveServer, story_page

from articlescrape.fetch import FetchConfig, Fetcher
from articlescrape.wayback import (
    Candidate,
    CaptureFinder,
    CaptureRef,
    choose,
    in_range,
    parse_availability_json,
    parse_capture_url,
    parse_cdx_json,
    parse_duration,
    parse_when,
    repair_original,
    timestamp_to_datetime,
    unrewrite,
)

BBC = "http://news.bbc.co.uk/1/hi/world/asia-pacific/1871988.stm"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (f"https://web.archive.org/web/20020314093000/{BBC}", CaptureRef("20020314093000", "", BBC)),
        (f"http://web.archive.org/web/20020314093000id_/{BBC}", CaptureRef("20020314093000", "id_", BBC)),
        (f"//web.archive.org/web/20020314im_/{BBC}", CaptureRef("20020314", "im_", BBC)),
        (f"/web/2002if_/{BBC}", CaptureRef("2002", "if_", BBC)),
        ("/web/20020314093000/http:/news.bbc.co.uk/a.stm", CaptureRef("20020314093000", "", "http://news.bbc.co.uk/a.stm")),
        ("/web/20020314093000/http://news.bbc.co.uk:80/a.stm", CaptureRef("20020314093000", "", "http://news.bbc.co.uk/a.stm")),
        ("/web/20020314093000/news.bbc.co.uk/a.stm?x=1", CaptureRef("20020314093000", "", "http://news.bbc.co.uk/a.stm?x=1")),
        ("https://web.archive.org/web/20070228213001/mailto:a@example.org", CaptureRef("20070228213001", "", "mailto:a@example.org")),
        (f"https://web.archive.org/web/{BBC}", CaptureRef("", "", BBC)),
    ],
)
def test_capture_urls_are_read_in_all_the_archive_forms(url: str, expected: CaptureRef) -> None:
    assert parse_capture_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        BBC,
        f"https://web.archive.org/web/20020314*/{BBC}",  # the calendar, not a capture
        f"http://127.0.0.1:9/web/20020314093000/{BBC}",  # not an archive host unless configured
        "/web/",
        "/web/20020314/",
        "/web/index.html",  # a site's own /web/ directory
        "https://example.org/web/site/page.html",
    ],
)
def test_non_capture_urls_are_refused(url: str) -> None:
    assert parse_capture_url(url) is None


def test_configured_and_replay_hosts_are_accepted() -> None:
    url = f"http://127.0.0.1:9/web/20020314093000/{BBC}"
    assert parse_capture_url(url, ["127.0.0.1:9"]) == CaptureRef("20020314093000", "", BBC)
    assert parse_capture_url(url, any_host=True) == CaptureRef("20020314093000", "", BBC)
    # Without a timestamp and scheme the shape is not unmistakable: leave foreign hosts alone.
    assert parse_capture_url("http://example.org/web/about/team", any_host=True) is None


def test_unrewrite_and_repair() -> None:
    assert unrewrite("/web/20020314093000im_/http://news.bbc.co.uk/img/a.gif") == "http://news.bbc.co.uk/img/a.gif"
    assert unrewrite("images/a.gif") == "images/a.gif"
    assert repair_original("HTTP:/News.BBC.co.uk:80/a") == "http://news.bbc.co.uk/a"
    assert repair_original("https:///example.org:443/") == "https://example.org/"
    assert repair_original("not a url") is None
    assert repair_original("report.html") is None and repair_original("www.example.org") == "http://www.example.org/"
    assert CaptureRef("2002", "", BBC).url("https://web.archive.org/", "id_") == f"https://web.archive.org/web/2002id_/{BBC}"


def test_when_accepts_dates_datetimes_and_timestamps() -> None:
    utc = timezone.utc
    assert parse_when(None) is None and parse_when(True) is None and parse_when("") is None
    assert parse_when("2002-03-14").timestamp == "20020314"
    assert parse_when(date(2002, 3, 14)).moment == datetime(2002, 3, 14, tzinfo=utc)
    assert parse_when("2002-03-14T09:30:00+01:00").timestamp == "20020314083000"
    assert parse_when(datetime(2002, 3, 14, 9, 30)).moment == datetime(2002, 3, 14, 9, 30, tzinfo=utc)
    assert parse_when("2002").moment == datetime(2002, 1, 1, tzinfo=utc)
    assert parse_when(200203).timestamp == "200203"
    assert parse_when("20020314093000").moment == datetime(2002, 3, 14, 9, 30, tzinfo=utc)
    for bad in ("yesterday", "14/03/2002", "20", 3.5):
        with pytest.raises(ValueError, match="cannot read|too short"):
            parse_when(bad)


def test_timestamps_clamp_impossible_parts() -> None:
    assert timestamp_to_datetime("20020231") == datetime(2002, 2, 28, tzinfo=timezone.utc)
    assert timestamp_to_datetime("200213") == datetime(2002, 12, 1, tzinfo=timezone.utc)


def test_durations_and_ranges() -> None:
    assert parse_duration("90m") == 5400 and parse_duration("30d") == 30 * 86400 and parse_duration("3600") == 3600
    assert parse_duration(timedelta(hours=2)) == 7200
    with pytest.raises(ValueError, match="duration"):
        parse_duration("soon")
    assert in_range("20020314093000", "2002", "2002")
    assert in_range("20020331235959", "20020301", "20020331")
    assert not in_range("20020401000000", "20020301", "20020331")


def test_choose_prefers_status_200_then_nearness() -> None:
    when = parse_when("2002-03-14")
    rows = [
        Candidate("20020314010000", BBC, "302"),
        Candidate("20020310000000", BBC, "200"),
        Candidate("20020320000000", BBC, "200"),
        Candidate("20020314000000", BBC, "404"),
    ]
    assert choose(rows, when).timestamp == "20020310000000"
    assert choose(rows, None).timestamp == "20020320000000"
    assert choose([Candidate("20020314010000", BBC, "302")], when).timestamp == "20020314010000"
    assert choose([Candidate("20020314010000", BBC, "500")], when) is None


def test_lookup_answers_are_parsed() -> None:
    cdx = [["timestamp", "original", "statuscode"], ["20020314093000", BBC, "200"], ["20020315000000", BBC, "-"]]
    assert parse_cdx_json(cdx) == [Candidate("20020314093000", BBC, "200"), Candidate("20020315000000", BBC, "-")]
    assert parse_cdx_json([]) == [] and parse_cdx_json(None) == []
    answer = {"archived_snapshots": {"closest": {"available": True, "url": f"http://web.archive.org/web/20020314093000/{BBC}", "timestamp": "20020314093000", "status": "200"}}}
    assert parse_availability_json(answer) == Candidate("20020314093000", BBC, "200")
    assert parse_availability_json({"archived_snapshots": {}}) is None


def _finder(fetcher: Fetcher, config: FetchConfig) -> CaptureFinder:
    return CaptureFinder(fetcher._get_json, config.cdx_url, config.availability_url, config.wayback_from, config.wayback_to)


def _add_captures(archive: ArchiveServer) -> None:
    for stamp in ("20011120120000", "20020301080000", "20020314093012", "20020620101010", "20040101000000"):
        archive.add_capture(BBC, stamp, story_page())


def test_the_right_capture_is_chosen_for_a_date(archive: ArchiveServer, fast_config) -> None:
    _add_captures(archive)
    config = fast_config()
    finder = _finder(Fetcher(config), config)
    assert finder.find(BBC, parse_when("2002-03-14")).timestamp == "20020314093012"
    assert finder.find(BBC, parse_when("2002-06")).timestamp == "20020620101010"
    assert finder.find(BBC, parse_when("2001")).timestamp == "20011120120000"
    assert finder.find(BBC, None).timestamp == "20040101000000"
    # One availability request each, no CDX needed when it answers a 200 capture.
    assert len(archive.hits_for("/wayback/available")) == 4 and not archive.hits_for("/cdx/")


def test_cdx_takes_over_when_availability_has_nothing(archive: ArchiveServer, fast_config) -> None:
    _add_captures(archive)
    archive.availability_empty = True
    config = fast_config()
    finder = _finder(Fetcher(config), config)
    assert finder.find(BBC, parse_when("2002-03-15")).timestamp == "20020314093012"
    assert finder.find(BBC, None).timestamp == "20040101000000"
    assert len(archive.hits_for("/cdx/")) == 3  # before + after the moment, then "the last N"


def test_status_200_captures_are_preferred_over_a_closer_redirect(archive: ArchiveServer, fast_config) -> None:
    _add_captures(archive)
    archive.add_capture(BBC, "20020314000500", b"", status=302, location="/moved.stm")
    config = fast_config()
    finder = _finder(Fetcher(config), config)
    # The availability API names the closest (a 302); CDX then finds the nearest 200.
    assert finder.find(BBC, parse_when("2002-03-14")).timestamp == "20020314093012"
    assert archive.hits_for("/cdx/")


def test_from_to_range_is_honoured_through_cdx(archive: ArchiveServer, fast_config) -> None:
    _add_captures(archive)
    config = fast_config(wayback_from="200206", wayback_to="2003")
    finder = _finder(Fetcher(config), config)
    assert finder.find(BBC, parse_when("2002-03-14")).timestamp == "20020620101010"
    assert finder.find(BBC, None).timestamp == "20020620101010"
    assert not archive.hits_for("/wayback/available")


def test_environment_points_the_fetcher_at_another_archive() -> None:
    config = FetchConfig.from_env({"ARTICLESCRAPE_WAYBACK_BASE": "http://127.0.0.1:8765/"})
    assert config.wayback_base == "http://127.0.0.1:8765"
    assert config.availability_url == "http://127.0.0.1:8765/wayback/available"
    assert config.cdx_url == "http://127.0.0.1:8765/cdx/search/cdx"
    default = FetchConfig.from_env({})
    assert default.wayback_base == "https://web.archive.org"
    assert default.availability_url == "https://archive.org/wayback/available"


def test_politeness_defaults_stay_below_the_archive_limits() -> None:
    config = FetchConfig()
    assert 60 / config.cdx_interval <= 24
    assert 1 / config.capture_interval <= 8
    assert config.rate_limit_pause >= 60 and config.max_bytes == 20 * 1024 * 1024
    assert "contact:" in config.effective_user_agent
    assert "me@example.org" in FetchConfig(contact="me@example.org").effective_user_agent
    assert config.pacing_for("https://web.archive.org/cdx/search/cdx?url=x")[1:] == ("cdx", config.cdx_interval)
    assert config.pacing_for(f"https://web.archive.org/web/2002id_/{BBC}")[1:] == ("capture", config.capture_interval)
    assert config.pacing_for("https://archive.org/wayback/available?url=x")[1:] == ("availability", config.availability_interval)
    assert FetchConfig(host_intervals=(("news.bbc.co.uk", 5.0),)).pacing_for(BBC) == ("news.bbc.co.uk", "page", 5.0)
