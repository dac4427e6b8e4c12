"""The fetcher against real sockets: live pages, captures, faults, politeness and the cache.

Every test talks to the archive server of ``support.archive_server`` on 127.0.0.1; pauses and
backoffs are configured in milliseconds (``fast_config``) so waits are measurable and quick.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

import pytest
from support.archive_server import STORY_URL, ArchiveServer, Fault, story_page

import articlescrape
from articlescrape.errors import (
    CaptureNotFoundError,
    ConnectionFailedError,
    FetchError,
    FetchTimeoutError,
    HTTPStatusError,
    InputError,
    NotHTMLError,
    RateLimitedError,
    RequestBudgetError,
    TooLargeError,
    TooManyRedirectsError,
    TruncatedError,
)
from articlescrape.fetch import FetchConfig, Fetcher
from articlescrape.throttle import HostThrottle, parse_retry_after

HTML = b"<html><head><title>Hello</title></head><body><p>A page of text that is long enough.</p></body></html>"


def _gaps(hits: list) -> list[float]:
    """Seconds between consecutive server hits (as the server saw them arrive)."""
    return [b.at - a.at for a, b in zip(hits, hits[1:])]


# --- live pages -------------------------------------------------------------------------


def test_live_page_is_fetched_with_source_and_user_agent(archive: ArchiveServer, fast_config) -> None:
    url = archive.add_page("/news/a.html", HTML, headers={"Content-Type": "text/html; charset=ISO-8859-1"})
    fetched = Fetcher(fast_config()).fetch(url)
    assert fetched.data == HTML and fetched.url == url and fetched.http_charset == "ISO-8859-1"
    assert fetched.source.requested == url and fetched.source.final_url == url and fetched.source.status == 200
    assert fetched.source.capture_url is None and fetched.source.fetched_at is not None
    assert "tests@example.org" in archive.hits_for("/news/a.html")[0].user_agent


def test_redirects_are_followed_and_limited(archive: ArchiveServer, fast_config) -> None:
    final = archive.add_page("/final.html", HTML)
    archive.add_page("/moved.html", b"", status=301, headers={"Location": "/final.html"})
    fetched = Fetcher(fast_config()).fetch(archive.base + "/moved.html")
    assert fetched.source.final_url == final and fetched.url == final
    archive.add_page("/loop.html", b"", status=302, headers={"Location": "/loop.html"})
    with pytest.raises(TooManyRedirectsError, match="loop.html"):
        Fetcher(fast_config(max_redirects=3)).fetch(archive.base + "/loop.html")
    assert len(archive.hits_for("/loop.html")) == 4


@pytest.mark.parametrize("coding", ["gzip", "br", "gzip-twice"])
def test_compressed_bodies_are_decoded(archive: ArchiveServer, fast_config, coding: str) -> None:
    url = archive.add_page("/z.html", HTML * 50, coding=coding)
    assert Fetcher(fast_config()).fetch(url).data == HTML * 50


def test_wrong_charset_header_does_not_garble_the_text(archive: ArchiveServer, fast_config) -> None:
    """The server says UTF-8; the bytes are windows-1252 with curly quotes and no <meta>."""
    body = story_page().replace(b'<META http-equiv="Content-Type" content="text/html; charset=iso-8859-1">', b"")
    assert b"charset" not in body and b"\x93" in body
    url = archive.add_page("/wrong-charset.html", body, headers={"Content-Type": "text/html; charset=utf-8"})
    article = articlescrape.scrape(url, fetch_config=fast_config())
    assert "officials said the \u201cworst is not over yet\u201d" in article.text
    assert "at least \u00a32m \u2013 a figure" in article.text
    assert article.source.encoding == "cp1252"


def test_error_status_is_typed_and_names_the_url(archive: ArchiveServer, fast_config) -> None:
    with pytest.raises(HTTPStatusError, match=r"missing\.html: HTTP 404") as caught:
        Fetcher(fast_config()).fetch(archive.base + "/missing.html")
    assert caught.value.status == 404
    assert len(archive.hits_for("/missing.html")) == 1  # a 404 is not retried


# --- faults and retries -------------------------------------------------------------------


def test_server_errors_are_retried_with_backoff(archive: ArchiveServer, fast_config) -> None:
    url = archive.add_page("/flaky.html", HTML)
    archive.add_faults("/flaky.html", Fault.error(500), Fault.error(502))
    assert Fetcher(fast_config()).fetch(url).data == HTML
    hits = archive.hits_for("/flaky.html")
    assert len(hits) == 3
    assert all(gap >= 0.01 for gap in _gaps(hits))  # backoff of at least half of 0.02 s


def test_server_errors_give_up_after_the_retries(archive: ArchiveServer, fast_config) -> None:
    url = archive.add_page("/down.html", HTML)
    archive.add_faults("/down.html", *[Fault.error(500)] * 5)
    with pytest.raises(HTTPStatusError, match=r"down\.html: HTTP 500 after 2 retries"):
        Fetcher(fast_config()).fetch(url)
    assert len(archive.hits_for("/down.html")) == 3


def test_connection_reset_is_retried_then_typed(archive: ArchiveServer, fast_config) -> None:
    url = archive.add_page("/reset.html", HTML)
    archive.add_faults("/reset.html", Fault.reset())
    assert Fetcher(fast_config()).fetch(url).data == HTML
    assert len(archive.hits_for("/reset.html")) == 2
    archive.add_faults("/reset.html", *[Fault.reset()] * 3)
    with pytest.raises(ConnectionFailedError, match=r"reset\.html: connection"):
        Fetcher(fast_config()).fetch(url)


def test_refused_connection_is_retried_then_typed(fast_config) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = time.monotonic()
    with pytest.raises(ConnectionFailedError, match=rf"127\.0\.0\.1:{port}/x\.html: connection failed: connection refused"):
        Fetcher(fast_config(retries=2)).fetch(f"http://127.0.0.1:{port}/x.html")
    assert time.monotonic() - started >= 0.02  # two backoffs of at least 0.01 s each


def test_slow_response_times_out(archive: ArchiveServer, fast_config) -> None:
    url = archive.add_page("/slow.html", HTML)
    archive.add_faults("/slow.html", Fault.slow(1.0), Fault.slow(1.0))
    started = time.monotonic()
    with pytest.raises(FetchTimeoutError, match=r"slow\.html: timed out"):
        Fetcher(fast_config(read_timeout=0.2, retries=1)).fetch(url)
    assert time.monotonic() - started < 0.9
    assert len(archive.hits_for("/slow.html")) == 2


def test_truncated_body_is_retried_then_typed(archive: ArchiveServer, fast_config) -> None:
    url = archive.add_page("/cut.html", HTML * 20)
    archive.add_faults("/cut.html", Fault.truncate())
    assert Fetcher(fast_config()).fetch(url).data == HTML * 20
    archive.add_faults("/cut.html", *[Fault.truncate()] * 3)
    with pytest.raises(TruncatedError, match=r"cut\.html: the body ended"):
        Fetcher(fast_config()).fetch(url)


def test_retry_after_is_honoured_on_429_and_503(archive: ArchiveServer, fast_config) -> None:
    url = archive.add_page("/busy.html", HTML)
    archive.add_faults("/busy.html", Fault.error(429, "0.3"), Fault.error(503, "0.2"))
    assert Fetcher(fast_config()).fetch(url).data == HTML
    gaps = _gaps(archive.hits_for("/busy.html"))
    assert len(gaps) == 2 and gaps[0] >= 0.29 and gaps[1] >= 0.19


def test_retry_after_in_whole_seconds(archive: ArchiveServer, fast_config) -> None:
    url = archive.add_page("/busy1.html", HTML)
    archive.add_faults("/busy1.html", Fault.error(429, "1"))
    assert Fetcher(fast_config()).fetch(url).data == HTML
    assert _gaps(archive.hits_for("/busy1.html"))[0] >= 0.99


def test_too_long_retry_after_fails_at_once(archive: ArchiveServer, fast_config) -> None:
    url = archive.add_page("/later.html", HTML)
    archive.add_faults("/later.html", Fault.error(503, "3600"))
    with pytest.raises(RateLimitedError, match=r"later\.html: HTTP 503: the server asks to wait 3600 s"):
        Fetcher(fast_config(max_retry_after=5)).fetch(url)
    assert len(archive.hits_for("/later.html")) == 1


def test_429_without_retry_after_pauses_the_host_with_growing_pauses(archive: ArchiveServer, fast_config) -> None:
    url = archive.add_page("/blocked.html", HTML)
    archive.add_faults("/blocked.html", Fault.error(429), Fault.error(429))
    assert Fetcher(fast_config(rate_limit_pause=0.15, rate_limit_pause_factor=2.0)).fetch(url).data == HTML
    gaps = _gaps(archive.hits_for("/blocked.html"))
    assert gaps[0] >= 0.149 and gaps[1] >= 0.299  # 0.15 s, then twice that


def test_429_gives_up_after_bounded_retries(archive: ArchiveServer, fast_config) -> None:
    url = archive.add_page("/never.html", HTML)
    archive.add_faults("/never.html", *[Fault.error(429)] * 10)
    with pytest.raises(RateLimitedError, match=r"never\.html: HTTP 429: still rate-limited after 2 retries") as caught:
        Fetcher(fast_config(rate_limit_pause=0.02, rate_limit_retries=2)).fetch(url)
    assert caught.value.status == 429
    assert len(archive.hits_for("/never.html")) == 3


def test_a_429_pauses_every_thread_using_the_fetcher(archive: ArchiveServer, fast_config) -> None:
    """One worker's 429 holds all workers off the host: no request reaches the server during
    the pause, though four threads are waiting to send."""
    urls = [archive.add_page(f"/t{i}.html", HTML) for i in range(4)]
    archive.add_faults("/t0.html", Fault.error(429))
    fetcher = Fetcher(fast_config(min_interval=0.05, rate_limit_pause=0.4))
    results: list[bytes] = []
    threads = [threading.Thread(target=lambda u=u: results.append(fetcher.fetch(u).data)) for u in urls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [HTML] * 4
    hits = archive.hits_for("/t")
    assert hits[0].path == "/t0.html" and len(hits) == 5
    blocked_at = hits[0].at
    during_pause = [h for h in hits[1:] if h.at < blocked_at + 0.39]
    assert during_pause == []
    # The pace holds across threads (server-side times carry a few ms of scheduling jitter).
    assert all(gap >= 0.035 for gap in _gaps(hits))


def test_min_interval_paces_requests_to_one_host(archive: ArchiveServer, fast_config) -> None:
    urls = [archive.add_page(f"/p{i}.html", HTML) for i in range(3)]
    fetcher = Fetcher(fast_config(min_interval=0.15))
    for url in urls:
        fetcher.fetch(url)
    hits = archive.hits_for("/p")
    assert all(gap >= 0.13 for gap in _gaps(hits)) and hits[-1].at - hits[0].at >= 0.29


def test_request_budget_per_host(archive: ArchiveServer, fast_config) -> None:
    urls = [archive.add_page(f"/b{i}.html", HTML) for i in range(3)]
    fetcher = Fetcher(fast_config(max_requests_per_host=2))
    fetcher.fetch(urls[0])
    fetcher.fetch(urls[1])
    with pytest.raises(RequestBudgetError, match=r"b2\.html: request budget of 2"):
        fetcher.fetch(urls[2])
    assert len(archive.hits_for("/b")) == 2


# --- what is not a page -------------------------------------------------------------------


def test_oversized_bodies_are_refused(archive: ArchiveServer, fast_config) -> None:
    big = HTML * 1000  # ~100 KB
    with_length = archive.add_page("/big.html", big)
    without_length = archive.add_page("/big-stream.html", big, send_length=False)
    for url in (with_length, without_length):
        with pytest.raises(TooLargeError, match=r"big.*\.html: .*over the 20,000-byte limit"):
            Fetcher(fast_config(max_bytes=20_000)).fetch(url)
    bomb = archive.add_page("/bomb.html", b"<p>" + b" " * 3_000_000, coding="gzip")
    with pytest.raises(TooLargeError, match="decompressed"):
        Fetcher(fast_config(max_decompressed=1_000_000)).fetch(bomb)


def test_pdf_and_images_are_not_pages(archive: ArchiveServer, fast_config) -> None:
    pdf = archive.add_page("/doc.pdf", b"%PDF-1.4\n%binary", headers={"Content-Type": "application/pdf"})
    disguised = archive.add_page("/doc.html", b"%PDF-1.4\n%binary", headers={"Content-Type": "text/html"})
    image = archive.add_page("/pic.gif", b"GIF89a....", headers={"Content-Type": "image/gif"})
    for url in (pdf, disguised, image):
        with pytest.raises(NotHTMLError, match=r"(doc\.pdf|doc\.html|pic\.gif): not an HTML page"):
            Fetcher(fast_config()).fetch(url)


def test_files_and_bad_targets(tmp_path: Path, fast_config) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(HTML)
    fetcher = Fetcher(fast_config())
    assert fetcher.fetch(str(page)).data == HTML
    assert fetcher.fetch(page.as_uri()).source.final_url == page.resolve().as_uri()
    with pytest.raises(InputError, match="nope.html: cannot read file"):
        fetcher.fetch(str(tmp_path / "nope.html"))
    with pytest.raises(InputError, match="gopher://x: unsupported target"):
        fetcher.fetch("gopher://x")
    with pytest.raises(InputError, match="page.html: a Wayback capture can only be asked for by URL"):
        fetcher.fetch(str(page), archived="2002")
    with pytest.raises(InputError, match="cannot read 'someday'"):
        fetcher.fetch("http://example.org/", archived="someday")


# --- the archive ----------------------------------------------------------------------------


def test_capture_url_in_view_mode_is_fetched_raw(archive: ArchiveServer, fast_config) -> None:
    capture = archive.add_capture(STORY_URL, "20020314093012", story_page())
    fetched = Fetcher(fast_config()).fetch(archive.capture_url(capture))
    assert fetched.data == story_page()  # the original bytes, no toolbar
    assert [h.path for h in archive.hits_for("/web/")] == [f"/web/20020314093012id_/{STORY_URL}"]
    src = fetched.source
    assert fetched.url == src.original_url == STORY_URL
    assert src.capture_url == f"{archive.base}/web/20020314093012/{STORY_URL}"
    assert src.capture_timestamp.isoformat() == "2002-03-14T09:30:12+00:00"
    assert src.capture_offset_seconds == 0 and src.status == 200
    assert fetched.http_charset == "iso-8859-1"


def test_capture_url_on_the_real_archive_host_is_rebased(archive: ArchiveServer, fast_config) -> None:
    archive.add_capture(STORY_URL, "20020314093012", story_page())
    fetched = Fetcher(fast_config()).fetch(f"https://web.archive.org/web/20020314093012/{STORY_URL}")
    assert fetched.source.original_url == STORY_URL and archive.hits_for("/web/20020314093012id_/")


def test_archive_redirect_to_a_distant_capture_is_followed_and_measured(archive: ArchiveServer, fast_config) -> None:
    archive.add_capture(STORY_URL, "20020914120000", story_page())
    fetched = Fetcher(fast_config()).fetch(f"{archive.base}/web/20020314000000/{STORY_URL}")
    src = fetched.source
    assert src.capture_timestamp.isoformat() == "2002-09-14T12:00:00+00:00"
    assert src.capture_offset_seconds == (184 * 86400) + 12 * 3600
    assert src.final_url == f"{archive.base}/web/20020914120000id_/{STORY_URL}"
    with pytest.raises(CaptureNotFoundError, match=r"outside the --wayback-window of 30\.0 days"):
        Fetcher(fast_config(wayback_window=30 * 86400)).fetch(f"{archive.base}/web/20020314000000/{STORY_URL}")


def test_archived_when_finds_and_records_the_capture(archive: ArchiveServer, fast_config) -> None:
    for stamp in ("20020301080000", "20020314093012", "20020620101010"):
        archive.add_capture(STORY_URL, stamp, story_page())
    fetched = Fetcher(fast_config()).fetch(STORY_URL, archived="2002-03-14")
    src = fetched.source
    assert src.requested == STORY_URL and src.original_url == STORY_URL
    assert src.capture_timestamp.isoformat() == "2002-03-14T09:30:12+00:00"
    assert src.capture_offset_seconds == 9 * 3600 + 30 * 60 + 12
    assert Fetcher(fast_config()).fetch(STORY_URL, archived=True).source.capture_timestamp.year == 2002
    newest = Fetcher(fast_config()).fetch(STORY_URL, archived=True).source
    assert newest.capture_timestamp.isoformat() == "2002-06-20T10:10:10+00:00" and newest.capture_offset_seconds is None


def test_window_refuses_a_capture_too_far_from_when(archive: ArchiveServer, fast_config) -> None:
    archive.add_capture(STORY_URL, "20030101000000", story_page())
    with pytest.raises(CaptureNotFoundError, match=r"nearest capture \(20030101000000\) is .* after 20020314"):
        Fetcher(fast_config(wayback_window=86400)).fetch(STORY_URL, archived="2002-03-14")
    assert not archive.hits_for("/web/")  # refused before fetching the capture


def test_missing_capture_is_typed(archive: ArchiveServer, fast_config) -> None:
    with pytest.raises(CaptureNotFoundError, match="nothing.html: the Wayback Machine has no usable capture"):
        Fetcher(fast_config()).fetch("http://example.org/nothing.html", archived="2002")
    with pytest.raises(CaptureNotFoundError, match="Resource not in archive"):
        Fetcher(fast_config()).fetch(f"{archive.base}/web/2002/http://example.org/nothing.html")


def test_original_charset_and_url_come_from_the_archive_headers(archive: ArchiveServer, fast_config) -> None:
    """The capture was of the www. address; the archive serves it as text/html without a
    charset; X-Archive-Orig-Content-Type and Link rel=original tell the truth."""
    archive.add_capture("http://www.example.co.uk/story.html", "20020314093012", story_page(), served_type="text/html", content_type="text/html; charset=windows-1252")
    fetched = Fetcher(fast_config()).fetch("http://example.co.uk/story.html", archived="20020314")
    assert fetched.http_charset == "windows-1252"
    assert fetched.source.original_url == fetched.url == "http://www.example.co.uk/story.html"


def test_archived_redirect_stays_inside_the_archive(archive: ArchiveServer, fast_config) -> None:
    archive.add_capture(STORY_URL, "20020314093012", b"", status=302, location="/1/hi/world/new.stm")
    archive.add_capture("http://news.example.co.uk/1/hi/world/new.stm", "20020314093100", story_page())
    fetched = Fetcher(fast_config()).fetch(f"{archive.base}/web/20020314093012/{STORY_URL}")
    assert fetched.source.original_url == "http://news.example.co.uk/1/hi/world/new.stm"
    assert all(h.path.startswith("/web/") for h in archive.hits_for())


def test_archive_faults_are_retried_like_any_host(archive: ArchiveServer, fast_config) -> None:
    archive.add_capture(STORY_URL, "20020314093012", story_page())
    archive.add_faults("/wayback/available", Fault.error(429))
    archive.add_faults("id_/", Fault.reset(), Fault.error(503, "0.1"))
    fetched = Fetcher(fast_config()).fetch(STORY_URL, archived="2002-03-14")
    assert fetched.data == story_page()
    assert len(archive.hits_for("/wayback/available")) == 2 and len(archive.hits_for("id_/")) == 3


# --- the cache -------------------------------------------------------------------------------


def test_cache_serves_a_repeat_run_with_no_request(archive: ArchiveServer, fast_config, tmp_path: Path) -> None:
    for stamp in ("20020301080000", "20020314093012"):
        archive.add_capture(STORY_URL, stamp, story_page())
    archive.availability_empty = True  # make the run use CDX too
    config = fast_config(use_cache=True, cache_dir=str(tmp_path))
    first = Fetcher(config).fetch(STORY_URL, archived="2002-03-14")
    second_capture = Fetcher(config).fetch(f"{archive.base}/web/2002031409/{STORY_URL}")  # a 302, then the capture
    hits = len(archive.hits)
    assert hits >= 4
    again = Fetcher(config).fetch(STORY_URL, archived="2002-03-14")
    again_capture = Fetcher(config).fetch(f"{archive.base}/web/2002031409/{STORY_URL}")
    assert len(archive.hits) == hits
    assert again.data == first.data and again.source.capture_timestamp == first.source.capture_timestamp
    assert again_capture.source.capture_url == second_capture.source.capture_url
    assert (tmp_path / "http-cache.sqlite").exists()


def test_live_pages_are_cached_by_http_semantics(archive: ArchiveServer, fast_config, tmp_path: Path) -> None:
    fresh = archive.add_page("/fresh.html", HTML, headers={"Cache-Control": "max-age=600"})
    private = archive.add_page("/private.html", HTML, headers={"Cache-Control": "no-store"})
    plain = archive.add_page("/plain.html", HTML)
    config = fast_config(use_cache=True, cache_dir=str(tmp_path))
    for _ in range(2):
        fetcher = Fetcher(config)
        for url in (fresh, private, plain):
            fetcher.fetch(url)
    assert len(archive.hits_for("/fresh.html")) == 1
    assert len(archive.hits_for("/private.html")) == 2
    assert len(archive.hits_for("/plain.html")) == 2  # no freshness, no validator: ask again
    Fetcher(fast_config(use_cache=False)).fetch(fresh)
    assert len(archive.hits_for("/fresh.html")) == 2


def test_errors_are_not_cached(archive: ArchiveServer, fast_config, tmp_path: Path) -> None:
    url = archive.add_page("/once-broken.html", HTML)
    archive.add_faults("/once-broken.html", *[Fault.error(500)] * 3)
    config = fast_config(use_cache=True, cache_dir=str(tmp_path), retries=2)
    with pytest.raises(HTTPStatusError):
        Fetcher(config).fetch(url)
    assert Fetcher(config).fetch(url).data == HTML


def test_one_cached_fetcher_shared_by_many_threads(archive: ArchiveServer, fast_config, tmp_path: Path) -> None:
    urls = [archive.add_page(f"/m{i}.html", HTML + str(i).encode(), headers={"Cache-Control": "max-age=600"}) for i in range(12)]
    for _ in range(2):
        fetcher = Fetcher(fast_config(use_cache=True, cache_dir=str(tmp_path)))
        with ThreadPoolExecutor(max_workers=6) as pool:
            bodies = [fetched.data for fetched in pool.map(fetcher.fetch, urls)]
        assert bodies == [HTML + str(i).encode() for i in range(12)]
        assert len(archive.hits_for("/m")) == 12  # the second round is served by the cache


def test_retry_after_forms() -> None:
    now = datetime(2002, 3, 14, 9, 0, tzinfo=timezone.utc)
    assert parse_retry_after("120") == 120 and parse_retry_after(" 0.5 ") == 0.5
    assert parse_retry_after("Thu, 14 Mar 2002 09:01:30 GMT", now=now) == 90
    assert parse_retry_after("Thu, 14 Mar 2002 08:00:00 GMT", now=now) == 0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_own_session_is_used_and_made_polite(archive: ArchiveServer, fast_config) -> None:
    import requests

    session = requests.Session()
    session.headers["User-Agent"] = "my-tool/1.0"
    url = archive.add_page("/own.html", HTML)
    archive.add_faults("/own.html", Fault.error(503))
    assert Fetcher(fast_config(), session=session).fetch(url).data == HTML
    assert [h.user_agent for h in archive.hits_for("/own.html")] == ["my-tool/1.0"] * 2


# --- the command line -------------------------------------------------------------------------


def _cli(*args: str, env: dict[str, str] | None = None, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    src = str(Path(articlescrape.__file__).resolve().parents[1])
    environment = {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", ""), **(env or {})}
    return subprocess.run([sys.executable, "-m", "articlescrape", *args], capture_output=True, env=environment, input=stdin, timeout=60)


def test_cli_failure_is_exit_1_and_one_line_naming_the_url(archive: ArchiveServer) -> None:
    archive.add_page("/doc.pdf", b"%PDF-1.4", headers={"Content-Type": "application/pdf"})
    result = _cli("--no-cache", archive.base + "/doc.pdf")
    assert result.returncode == 1 and result.stdout == b""
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and f"{archive.base}/doc.pdf" in lines[0] and "not an HTML page" in lines[0]
    missing = _cli("--no-cache", "--wayback", "2002-03-14", "http://example.org/gone.html", env={"ARTICLESCRAPE_WAYBACK_BASE": archive.base})
    assert missing.returncode == 1 and len(missing.stderr.decode().strip().splitlines()) == 1
    assert "http://example.org/gone.html" in missing.stderr.decode()


def test_cli_usage_errors_for_bad_fetch_flags() -> None:
    result = _cli("--wayback-window", "soon", "x.html")
    assert result.returncode == 2 and "duration" in result.stderr.decode()


def test_cli_reads_stdin_and_uses_the_cache_dir(archive: ArchiveServer, tmp_path: Path) -> None:
    result = _cli("--url", "http://example.org/a.html", "-", stdin=HTML)
    assert result.returncode == 0, result.stderr
    assert b'"original_url": "http://example.org/a.html"' in result.stdout
    url = archive.add_page("/cached.html", HTML, headers={"Cache-Control": "max-age=600"})
    for _ in range(2):
        assert _cli("--cache", str(tmp_path), url).returncode == 0
    assert len(archive.hits_for("/cached.html")) == 1


def test_throttle_paces_pauses_and_caps_growth() -> None:
    """HostThrottle on a fake clock: the interval, a pause set by another thread, and 429
    pauses that double up to their cap and start again after a success."""
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(round(seconds, 3))
        now[0] += seconds

    throttle = HostThrottle(clock=lambda: now[0], sleep=sleep)
    assert throttle.wait("h", "page", 1.0) == 0.0
    assert throttle.wait("h", "page", 1.0) == 1.0
    assert throttle.wait("h", "cdx", 2.6) == 0.0  # another kind of request, its own pace
    assert [throttle.strike("h", 60, 2, 200) for _ in range(4)] == [60, 120, 200, 200]
    assert throttle.wait("other", "page", 1.0) == 0.0  # other hosts are not held
    throttle.clear("h")
    assert throttle.strike("h", 60, 2, 200) == 60
    slept.clear()
    throttle.wait("h", "page", 1.0)
    assert sum(slept) == pytest.approx(200.0)  # the longest pause set still holds


def test_config_refuses_values_that_would_hang_or_hammer() -> None:
    for bad in ({"read_timeout": 0}, {"retries": -1}, {"max_bytes": 0}, {"cdx_interval": -1}):
        with pytest.raises(ValueError, match="FetchConfig"):
            FetchConfig(**bad)


def test_fetch_error_hierarchy() -> None:
    for error in (CaptureNotFoundError, ConnectionFailedError, FetchTimeoutError, HTTPStatusError, NotHTMLError, RateLimitedError, TooLargeError, TooManyRedirectsError, TruncatedError, RequestBudgetError):
        assert issubclass(error, FetchError)


_ENVIRONMENT = ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "NETRC")


@pytest.fixture
def bare_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """No proxy, CA bundle or .netrc setting, and a home without a .netrc."""
    for name in _ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    return monkeypatch


def test_the_fetchers_session_reads_the_environment_once_when_it_holds_no_proxy(bare_environment: pytest.MonkeyPatch, archive: ArchiveServer, fast_config, tmp_path: Path) -> None:
    bundle = tmp_path / "bundle.pem"
    bare_environment.setenv("REQUESTS_CA_BUNDLE", str(bundle))
    url = archive.add_page("/news/env.html", HTML)
    with Fetcher(fast_config()) as fetcher:
        assert fetcher.session.trust_env is False
        # What requests would have read for each request, set once: the CA bundle.
        assert fetcher.session.verify == str(bundle)
        assert fetcher.session.merge_environment_settings(url, {}, None, None, None)["verify"] == str(bundle)
        assert fetcher.fetch(url).data == HTML  # plain http: the bundle is never opened


@pytest.mark.parametrize("setting", ["proxy", "netrc"])
def test_the_fetchers_session_reads_the_environment_per_request_when_it_must(bare_environment: pytest.MonkeyPatch, fast_config, tmp_path: Path, setting: str) -> None:
    """Proxies depend on each URL (no_proxy) and a .netrc on each host: requests reads them."""
    if setting == "proxy":
        bare_environment.setenv("https_proxy", "http://127.0.0.1:9")
    else:
        (tmp_path / ".netrc").write_text("machine example.com login a password b\n")
    with Fetcher(fast_config()) as fetcher:
        assert fetcher.session.trust_env is True
        assert fetcher.session.verify is True


def test_a_callers_session_is_left_as_it_is(bare_environment: pytest.MonkeyPatch, fast_config) -> None:
    import requests

    session = requests.Session()
    with Fetcher(fast_config(), session=session) as fetcher:
        assert fetcher.session is session and session.trust_env is True
