"""Batch runs against a real local site (real sockets, nothing mocked): input parsing,
scrape_many, failures as rows, the CLI's store/resume/export, per-host politeness, and resume
after SIGKILL/SIGTERM of a real ``python -m articlescrape batch`` process."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from itertools import count, islice
from pathlib import Path
from typing import Any

import pytest
from support.site_server import Faults, SiteConfig, SiteServer, article_title

from articlescrape import cli
from articlescrape.batch import Target, open_targets, parse_when, read_csv, read_lines, scrape_many
from articlescrape.config import ExtractConfig
from articlescrape.errors import InputError
from articlescrape.fetch import FetchConfig, Fetched, Fetcher
from articlescrape.model import Article

def fast_fetch_config(**overrides: Any) -> FetchConfig:
    """A FetchConfig for tests against the local site: no pacing, no retries, short timeouts."""
    return replace(FetchConfig(), **{"min_interval": 0.0, "retries": 0, "rate_limit_retries": 0, "connect_timeout": 2.0, "read_timeout": 5.0, **overrides})


def fast_fetch_flags() -> list[str]:
    """The CLI flags that give :func:`fast_fetch_config` (those this version of the CLI has),
    found by the FetchConfig field they set so that their spelling does not matter; plus no
    HTTP cache, so that tests never touch the user's cache directory."""
    parser = cli.argparse.ArgumentParser()
    cli.add_fetch_arguments(parser)
    wanted = {"min_interval": "0", "retries": "0", "timeout": "5", "no_cache": None}
    flags: list[str] = []
    for action in parser._actions:
        if action.dest in wanted and action.option_strings:
            value = wanted[action.dest]
            flags += [action.option_strings[-1]] if value is None else [action.option_strings[-1], value]
    return flags


@pytest.fixture
def site() -> Iterator[SiteServer]:
    with SiteServer(SiteConfig(hosts=2)) as server:
        yield server


def _articles(site: SiteServer, n: int, *, hosts: int = 2, prefix: str = "article") -> list[str]:
    return [site.url(f"/{prefix}/{i}.html", host=i % hosts) for i in range(n)]


# -- input ---------------------------------------------------------------------------------------


def test_read_lines_skips_comments_and_blanks_and_splits_when() -> None:
    text = "# my list\n\nhttp://a/1\n  http://a/2#frag  \nhttp://a/3\t20020314\n   # indented comment\n"
    assert list(read_lines(io.StringIO(text))) == [
        Target("http://a/1"), Target("http://a/2#frag"), Target("http://a/3", "20020314"),
    ]  # fmt: skip


def test_read_csv_needs_url_column_and_reads_when() -> None:
    rows = "id,URL,When\n1,http://a/1,2002-03-14\n2,,\n3,http://a/3\n"
    assert list(read_csv(io.StringIO(rows))) == [Target("http://a/1", "2002-03-14"), Target("http://a/3")]
    with pytest.raises(InputError, match="'url' column"):
        list(read_csv(io.StringIO("link\nhttp://a/1\n")))


def test_open_targets_reads_stdin_and_detects_csv(tmp_path: Path) -> None:
    with open_targets("-", stdin=io.StringIO("http://a/1\n")) as targets:
        assert list(targets) == [Target("http://a/1")]
    path = tmp_path / "t.csv"
    path.write_text("url\nhttp://a/9\n")
    with open_targets(str(path)) as targets:
        assert list(targets) == [Target("http://a/9")]
    with pytest.raises(InputError, match="cannot read"):
        with open_targets(str(tmp_path / "missing.txt")):
            pass


def test_parse_when_accepts_wayback_timestamps_iso_and_latest() -> None:
    assert parse_when("") is None
    assert parse_when("20020314093000") == "20020314093000"
    assert parse_when("2002") == "2002"
    assert parse_when("2002-03-14") == "2002-03-14"
    assert parse_when("2002-03-14T09:30:00Z") == "2002-03-14T09:30:00Z"
    assert parse_when("latest") is True
    with pytest.raises(InputError, match="invalid WHEN"):
        parse_when("last tuesday", target="http://a/1")


# -- scrape_many ---------------------------------------------------------------------------------


def test_scrape_many_returns_every_article(site: SiteServer) -> None:
    urls = _articles(site, 30)
    results = list(scrape_many(urls, workers=8, fetch_config=fast_fetch_config()))
    assert sorted(r.target.target for r in results) == sorted(urls)
    assert all(r.ok and r.error is None for r in results)
    for result in results:
        number = result.target.target.rsplit("/", 1)[1].removesuffix(".html")
        assert result.article is not None and result.article.headline == article_title(number)
        assert result.fetch_seconds is not None and result.extract_seconds is not None
    assert all(site.count(f"/article/{i}.html") == 1 for i in range(30))


def test_scrape_many_consumes_its_input_lazily(site: SiteServer) -> None:
    pulled = count()

    def endless() -> Iterator[str]:
        for i in count():
            next(pulled)
            yield site.url(f"/tiny/{i}.html")

    results = list(islice(scrape_many(endless(), workers=4, fetch_config=fast_fetch_config()), 5))
    assert len(results) == 5
    assert next(pulled) <= 5 + 4 + 4  # what was yielded, plus at most a pool's worth in flight and refill


class _ExplodingFetcher(Fetcher):
    """A Fetcher with a bug for one target: an error that is no ArticlescrapeError."""

    def fetch(self, target: str, *, archived: object | None = None) -> Fetched:
        if target.endswith("/boom"):
            raise RuntimeError("unexpected bug")
        return super().fetch(target, archived=archived)


def test_one_bad_page_never_stops_the_batch(site: SiteServer) -> None:
    good = _articles(site, 6)
    bad = [site.url(f"/fault/{kind}/1.html") for kind in ("404", "500", "reset", "empty")]
    bad += ["http://127.0.0.1:9/refused.html", site.url("/boom"), str(Path("/nonexistent/page.html"))]
    # not HTML: the fetcher refuses these (NotHTMLError) or the pipeline extracts nothing much;
    # either way they must not stop the batch
    odd = [site.url(f"/fault/{kind}/1.html") for kind in ("pdf", "binary")]
    targets = [*bad[:4], odd[0], *good, odd[1], *bad[4:], Target(good[0], "not-a-date")]
    results = list(scrape_many(targets, workers=4, fetcher=_ExplodingFetcher(fast_fetch_config())))
    assert len(results) == len(targets)
    by_target = {(r.target.target, r.target.when): r for r in results}
    assert all(by_target[(url, "")].ok for url in good)
    assert all(not by_target[(url, "")].ok for url in bad)
    assert not by_target[(good[0], "not-a-date")].ok
    for result in results:
        if not result.ok:
            assert result.article is None and result.error is not None
            assert result.error_type and result.error_message, result
    assert by_target[(site.url("/boom"), "")].error_type == "RuntimeError"
    assert by_target[(good[0], "not-a-date")].error_type == "InputError"
    assert by_target[(bad[0], "")].error_message.startswith(bad[0])  # the reason names the target


def test_random_faults_become_failed_results_with_reasons() -> None:
    faults = Faults(error_500=0.15, rate_limit_429=0.1, reset=0.1, not_html=0.1, retry_after=0, seed=3)
    with SiteServer(SiteConfig(hosts=2, faults=faults)) as site:
        urls = _articles(site, 60)
        results = list(scrape_many(urls, workers=6, fetch_config=fast_fetch_config()))
    assert sorted(r.target.target for r in results) == sorted(urls)
    failed = [r for r in results if not r.ok]
    assert 10 <= len(failed) <= 50  # the faults happened, and did not take the others down
    assert all(r.error_type and r.error_message and r.target.target in r.error_message for r in failed)
    assert len(results) - len(failed) >= 10


def test_extraction_processes_give_the_same_articles(site: SiteServer) -> None:
    urls = _articles(site, 8)
    broken = site.url("/fault/empty/2.html")  # fails in extraction: the error must come back from the process

    def run(processes: int) -> dict[str, Any]:
        results = scrape_many([*urls, broken], workers=4, extract_processes=processes, fetch_config=fast_fetch_config())
        out: dict[str, Any] = {}
        for result in results:
            if result.article is None:
                out[result.target.target] = result.error_type
            else:
                data = result.article.to_dict()
                data["source"]["fetched_at"] = None
                out[result.target.target] = data
        return out

    in_threads, in_processes = run(0), run(2)
    assert in_processes == in_threads
    assert isinstance(in_processes[broken], str)


_CRASH_FLAG = "ARTICLESCRAPE_TEST_CRASH_FLAG"


class _CrashOnceConfig(ExtractConfig):
    """An ExtractConfig that kills the extraction process the first time it is read there (while
    the flag file named in the environment exists): a page that crashes lxml, or the OOM killer."""

    def __getattribute__(self, name: str) -> Any:
        flag = os.environ.get(_CRASH_FLAG)
        if name == "use_profiles" and flag and os.environ.get("ARTICLESCRAPE_TEST_PARENT") != str(os.getpid()):
            try:
                os.unlink(flag)
            except FileNotFoundError:
                pass
            else:
                os._exit(3)
        return super().__getattribute__(name)


def test_a_crashed_extraction_process_fails_its_pages_and_is_replaced(site: SiteServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    flag = tmp_path / "crash-once"
    flag.touch()
    monkeypatch.setenv(_CRASH_FLAG, str(flag))
    monkeypatch.setenv("ARTICLESCRAPE_TEST_PARENT", str(os.getpid()))
    urls = _articles(site, 8)
    results = list(scrape_many(urls, workers=2, extract_processes=1, config=_CrashOnceConfig(), fetch_config=fast_fetch_config()))
    assert not flag.exists()  # the crash happened
    assert sorted(r.target.target for r in results) == sorted(urls)
    crashed = [r for r in results if not r.ok]
    assert 1 <= len(crashed) <= 2 and all(r.error_type == "BrokenProcessPool" for r in crashed)
    assert sum(r.ok for r in results) >= 6  # the pages after the crash went to a new pool


def test_politeness_holds_per_host_across_the_pool(site: SiteServer) -> None:
    interval = 0.2
    per_host = 5
    urls = [site.url(f"/article/{h}-{i}.html", host=h) for i in range(per_host) for h in (0, 1)]
    started = time.monotonic()
    results = list(scrape_many(urls, workers=8, fetch_config=fast_fetch_config(min_interval=interval)))
    elapsed = time.monotonic() - started
    assert all(r.ok for r in results)
    host_a, host_b = site.base_urls[0].removeprefix("http://"), site.base_urls[1].removeprefix("http://")
    times_a = [h.at for h in site.hits(host=host_a, prefix="/article/")]
    times_b = [h.at for h in site.hits(host=host_b, prefix="/article/")]
    assert len(times_a) == len(times_b) == per_host
    for times in (times_a, times_b):
        # 8 workers, yet one request per interval per host. The fetcher paces when requests
        # leave; the server sees when they arrive, and a busy machine delays an arrival by a few
        # ms (above all a new connection's first request), hence the 15% slack on single gaps
        # and the tight bound on the whole span. Unpaced, all five would arrive at once.
        gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
        assert min(gaps) >= 0.85 * interval, gaps
        assert times[-1] - times[0] >= (per_host - 1) * interval - 0.02, gaps
    # the two hosts proceed in parallel: their hits interleave, and the run takes about one
    # host's worth of intervals, not two
    assert times_b[0] < times_a[-1] and times_a[0] < times_b[-1]
    assert elapsed < (2 * per_host - 1) * interval


# -- the CLI: store, dedupe, resume, export -------------------------------------------------------


def _write_list(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _batch(*args: str | Path) -> int:
    return cli.main(["batch", *map(str, args), "--quiet", *fast_fetch_flags()])


def _rows(db: Path) -> list[sqlite3.Row]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return conn.execute('SELECT * FROM targets ORDER BY id').fetchall()


def test_batch_stores_dedupes_streams_and_exports_round_trip(site: SiteServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = _articles(site, 12)
    failing = [site.url("/fault/404/x.html"), site.url("/fault/empty/x.html")]
    lines = ["# twelve articles, two failures, duplicates", "", *good, *failing, good[0], good[3], ""]
    db, stream, summary = tmp_path / "run.sqlite", tmp_path / "stream.jsonl", tmp_path / "summary.json"
    assert _batch(_write_list(tmp_path / "urls.txt", lines), "--db", db, "--workers", "4", "--jsonl", stream, "--summary-json", summary) == 1
    rows = _rows(db)
    assert [r["target"] for r in rows] == [*good, *failing]  # one row per target, input order
    assert all(site.count(f"/article/{i}.html") == 1 for i in range(12))  # duplicates fetched once
    for row in rows:
        if row["target"] in failing:
            assert row["status"] == "failed" and row["error_type"] and row["target"] in row["error_message"]
        else:
            assert row["status"] == "done" and row["article_json"] and row["error_type"] is None
            assert row["fetch_seconds"] > 0 and row["attempts"] == 1
    stats = json.loads(summary.read_text())
    assert (stats["done"], stats["failed"], stats["store"]["done"]) == (12, 2, 12)
    streamed = {a.url: a for a in map(Article.from_json, stream.read_text().splitlines())}
    assert len(streamed) == 12

    capsys.readouterr()
    assert cli.main(["export", str(db), "--format", "jsonl"]) == 0
    exported = [Article.from_json(line) for line in capsys.readouterr().out.splitlines()]
    assert len(exported) == 12
    assert all(article == streamed[article.url] for article in exported)  # lossless round trip
    stored = {r["target"]: Article.from_json(r["article_json"]) for r in rows if r["article_json"]}
    assert sorted(exported, key=lambda a: a.url or "") == sorted(stored.values(), key=lambda a: a.url or "")

    out_csv = tmp_path / "articles.csv"
    assert cli.main(["export", str(db), "--format", "csv", "-o", str(out_csv)]) == 0
    with out_csv.open(newline="", encoding="utf-8") as handle:
        flat = list(csv.DictReader(handle))
    assert [r["target"] for r in flat] == good
    for record in flat:
        article = stored[record["target"]]
        assert record["headline"] == article.headline
        assert int(record["paragraph_count"]) == len(article.paragraphs)
        assert record["text"] == article.text
        assert record["authors"] == "; ".join(article.authors)

    assert cli.main(["export", str(db), "--status", "failed", "--format", "jsonl"]) == 0
    failed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(f["target"], bool(f["error_type"]), bool(f["error_message"])) for f in failed] == [(u, True, True) for u in failing]


def test_rerun_skips_done_and_retries_failed_up_to_max_attempts(site: SiteServer, tmp_path: Path) -> None:
    good = _articles(site, 5)
    failing = site.url("/fault/500/x.html")
    urls = _write_list(tmp_path / "urls.txt", [*good, failing])
    db = tmp_path / "run.sqlite"
    hits_per_attempt = site.count("/fault/500/x.html")
    for run in range(3):
        assert _batch(urls, "--db", db, "--max-attempts", "2", "--workers", "3") == 1
        if run == 0:
            hits_per_attempt = site.count("/fault/500/x.html")  # the fetcher may retry within an attempt
    assert all(site.count(f"/article/{i}.html") == 1 for i in range(5))
    assert site.count("/fault/500/x.html") == 2 * hits_per_attempt  # third run: no attempts left
    (failed,) = [r for r in _rows(db) if r["status"] == "failed"]
    assert (failed["attempts"], failed["target"]) == (2, failing)
    assert _batch("--db", db) == 1  # resuming without the input works too


def test_csv_and_stdin_inputs_and_all_done_exit_code(site: SiteServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    urls = _articles(site, 4)
    table = tmp_path / "urls.csv"
    table.write_text("url,when\n" + "".join(f"{u},\n" for u in urls[:2]), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert _batch(table) == 0
    assert [r["status"] for r in _rows(tmp_path / "urls.sqlite")] == ["done", "done"]  # default store name
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("\n".join(urls).encode())))
    assert _batch("-", "--db", tmp_path / "stdin.sqlite") == 0
    assert len(_rows(tmp_path / "stdin.sqlite")) == 4


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["batch"])
    assert exited.value.code == 2
    with pytest.raises(SystemExit) as exited:
        cli.main(["batch", "x.txt", "--workers", "0"])
    assert exited.value.code == 2
    assert cli.main(["batch", str(tmp_path / "missing.txt"), "--db", str(tmp_path / "r.sqlite"), "--quiet"]) == 2
    assert cli.main(["export", str(tmp_path / "none.sqlite")]) == 2
    assert "no such store" in capsys.readouterr().err


# -- killing a real batch process ----------------------------------------------------------------


def _done_count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM targets WHERE status = 'done'").fetchone()[0])
    except sqlite3.OperationalError:  # the run has not created its schema yet
        return 0


def _spawn_batch(urls: Path, db: Path, *extra: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "articlescrape", "batch", str(urls), "--db", str(db), *fast_fetch_flags(), *extra]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _wait_for_progress(proc: subprocess.Popen[str], db: Path, at_least: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while _done_count(db) < at_least and proc.poll() is None:
        assert time.monotonic() < deadline, "the batch made no progress"
        time.sleep(0.01)


def test_sigkill_at_random_points_then_resume_fetches_each_target_at_most_twice(tmp_path: Path) -> None:
    total, workers = 1000, 8
    with SiteServer(SiteConfig(hosts=4, latency=0.02)) as site:
        urls = _write_list(tmp_path / "urls.txt", [site.url(f"/article/{i}.html", host=i % 4) for i in range(total)])
        db = tmp_path / "run.sqlite"
        chance = random.Random(6)
        kills = 0
        for _ in range(5):
            proc = _spawn_batch(urls, db, "--workers", str(workers))
            # a random point, once this run has made some progress (so the pages the last kill
            # left in flight, which this run fetches first, are stored by then)
            _wait_for_progress(proc, db, _done_count(db) + 3 * workers)
            time.sleep(chance.uniform(0.0, 0.15))
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)
                kills += 1
            proc.wait()
            with sqlite3.connect(db) as conn:
                assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert kills == 5
        assert 0 < _done_count(db) < total
        final = _spawn_batch(urls, db, "--workers", str(workers))
        _, stderr = final.communicate(timeout=60)
        assert final.returncode == 0, stderr
        counts = site.counts()
    rows = _rows(db)
    assert len(rows) == total and {r["status"] for r in rows} == {"done"}
    assert all(r["article_json"] for r in rows)
    fetched = [counts[f"/article/{i}.html"] for i in range(total)]
    assert min(fetched) == 1 and max(fetched) <= 2, max(fetched)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_sigterm_stops_cleanly_and_hands_back_unfinished_targets(tmp_path: Path) -> None:
    with SiteServer(SiteConfig(hosts=2, latency=0.05)) as site:
        urls = _write_list(tmp_path / "urls.txt", [site.url(f"/article/{i}.html", host=i % 2) for i in range(300)])
        db = tmp_path / "run.sqlite"
        proc = _spawn_batch(urls, db, "--workers", "4")
        _wait_for_progress(proc, db, 20)
        proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=20)
        assert proc.returncode == 130, stderr
        assert "interrupted" in stderr and "resume" in stderr
        assert "\r" not in stderr  # no progress bar when stderr is not a terminal
        statuses = {r["status"] for r in _rows(db)}
        assert statuses <= {"pending", "done"}  # nothing left "running", nothing failed
        assert all(r["attempts"] == (1 if r["status"] == "done" else 0) for r in _rows(db))
        # resuming without the input finishes the job
        rest = subprocess.run([sys.executable, "-m", "articlescrape", "batch", "--db", str(db), "--workers", "16", *fast_fetch_flags()], capture_output=True, text=True, timeout=60)
        assert rest.returncode == 0, rest.stderr
        assert "300 done" in rest.stderr


def test_wayback_flag_gives_a_when_to_targets_without_one() -> None:
    from articlescrape.batch import with_default_when

    targets = [Target("http://a/1"), Target("http://a/2", "2002")]
    assert list(with_default_when(targets, "20040101")) == [Target("http://a/1", "20040101"), Target("http://a/2", "2002")]
    assert list(with_default_when(targets, "")) == targets


def _children(pid: int) -> set[int]:
    """Processes whose parent is ``pid`` (from /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields_after_name = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields_after_name[1]) == pid:
            found.add(int(stat.parent.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_extraction_processes_do_not_outlive_a_killed_run(tmp_path: Path) -> None:
    with SiteServer(SiteConfig(hosts=1, latency=0.02)) as site:
        urls = _write_list(tmp_path / "urls.txt", [site.url(f"/article/{i}.html") for i in range(400)])
        db = tmp_path / "run.sqlite"
        proc = _spawn_batch(urls, db, "--workers", "4", "--extract-processes", "2")
        _wait_for_progress(proc, db, 10)
        children = _children(proc.pid)
        assert len(children) >= 2  # the extraction processes (and multiprocessing's tracker)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 10
        while children and time.monotonic() < deadline:
            children = {pid for pid in children if _alive(pid)}
            time.sleep(0.1)
        for pid in children:  # do not leave them behind if the assertion fails
            os.kill(pid, signal.SIGKILL)
        assert not children, "extraction processes outlived their run"


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"
