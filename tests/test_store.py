"""The batch result store: schema, dedupe, claims, recovery, and integrity under SIGKILL."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from articlescrape.store import SCHEMA_VERSION, Outcome, ResultStore, Status, StoreError


@pytest.fixture
def store(tmp_path: Path) -> ResultStore:
    with ResultStore(tmp_path / "run.sqlite") as opened:
        yield opened


def _done(row_id: int, text: str = "x") -> Outcome:
    return Outcome(row_id, article_json=f'{{"headline": "{text}"}}', fetch_seconds=0.1, extract_seconds=0.01)


def _failed(row_id: int, kind: str = "FetchError") -> Outcome:
    return Outcome(row_id, error_type=kind, error_message=f"http://x/{row_id}: HTTP 500")


def test_schema_wal_and_version(tmp_path: Path) -> None:
    path = tmp_path / "run.sqlite"
    ResultStore(path).close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
    columns = [row[1] for row in db.execute("PRAGMA table_info(targets)")]
    assert columns == [
        "id", "target", "when", "status", "attempts", "error_type", "error_message", "fetch_seconds",
        "extract_seconds", "capture_url", "capture_timestamp", "article_json", "updated_at",
    ]  # fmt: skip


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "run.sqlite"
    ResultStore(path).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 1,))
    with pytest.raises(StoreError, match="schema version"):
        ResultStore(path)


def test_second_run_on_the_same_store_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "run.sqlite"
    with ResultStore(path):
        with pytest.raises(StoreError, match="another run"):
            ResultStore(path)
        with ResultStore(path, lock=False) as reader:  # export reads while a run writes
            assert reader.counts()["pending"] == 0
    ResultStore(path).close()  # the lock went with the first store


def test_missing_store_is_an_error_when_not_creating(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such store"):
        ResultStore(tmp_path / "nope.sqlite", create=False)


def test_add_targets_dedupes_within_and_across_calls(store: ResultStore) -> None:
    pairs = [("http://a/1", ""), ("http://a/2", ""), ("http://a/1", ""), ("http://a/1", "2002"), ("http://a/3", "")]
    assert store.add_targets(iter(pairs), chunk_size=2) == 4
    assert store.add_targets([("http://a/3", ""), ("http://a/4", "")]) == 1
    assert [(r.target, r.when) for r in store.rows()] == [
        ("http://a/1", ""), ("http://a/2", ""), ("http://a/1", "2002"), ("http://a/3", ""), ("http://a/4", ""),
    ]  # fmt: skip
    assert store.counts() == {"pending": 5, "running": 0, "done": 0, "failed": 0}


def test_claim_marks_running_counts_attempts_and_moves_on(store: ResultStore) -> None:
    store.add_targets([(f"http://a/{i}", "") for i in range(5)])
    first = store.claim(0, 2, max_attempts=3)
    assert [c.target for c in first] == ["http://a/0", "http://a/1"]
    second = store.claim(first[-1].id, 10, max_attempts=3)
    assert [c.target for c in second] == ["http://a/2", "http://a/3", "http://a/4"]
    assert store.claim(second[-1].id, 10, max_attempts=3) == []
    assert store.counts()["running"] == 5
    assert {r.attempts for r in store.rows()} == {1}


def test_record_done_and_failed_then_retry_failed_up_to_max_attempts(store: ResultStore) -> None:
    store.add_targets([("http://a/ok", ""), ("http://a/bad", "")])
    ok, bad = store.claim(0, 2, max_attempts=2)
    store.record([_done(ok.id, "Headline"), _failed(bad.id, "HTTPStatusError")])
    assert store.counts() == {"pending": 0, "running": 0, "done": 1, "failed": 1}
    assert store.failures_by_type() == {"HTTPStatusError": 1}
    failed = next(store.rows(Status.FAILED))
    assert (failed.error_type, failed.error_message) == ("HTTPStatusError", f"http://x/{bad.id}: HTTP 500")
    assert store.eligible(max_attempts=2) == 1
    (again,) = store.claim(0, 10, max_attempts=2)  # the failed one, not the done one
    assert again.target == "http://a/bad"
    store.record([_failed(again.id)])
    assert store.eligible(max_attempts=2) == 0
    assert store.claim(0, 10, max_attempts=2) == []
    assert next(store.rows(Status.DONE)).article_json == '{"headline": "Headline"}'


def test_recover_requeues_orphans_and_gives_up_on_repeat_offenders(store: ResultStore) -> None:
    store.add_targets([("http://a/1", ""), ("http://a/2", "")])
    store.claim(0, 2, max_attempts=2)  # a run claims both, then is killed
    assert store.recover(max_attempts=2) == (2, 0)
    assert store.counts()["pending"] == 2
    store.claim(0, 1, max_attempts=2)  # a/1 in flight at a second kill: its 2nd attempt
    assert store.recover(max_attempts=2) == (0, 1)
    rows = {r.target: r for r in store.rows()}
    assert rows["http://a/1"].status == "failed"
    assert rows["http://a/1"].error_type == "Interrupted"
    assert "killed" in (rows["http://a/1"].error_message or "")
    assert rows["http://a/2"].status == "pending"


def test_release_returns_claims_without_counting_the_attempt(store: ResultStore) -> None:
    store.add_targets([("http://a/1", "")])
    (claimed,) = store.claim(0, 1, max_attempts=3)
    store.release([claimed.id])
    (row,) = store.rows()
    assert (row.status, row.attempts) == ("pending", 0)


def test_rows_stream_in_input_order(store: ResultStore) -> None:
    store.add_targets((f"http://a/{i}", "") for i in range(1234))
    rows = store.rows(batch=100)
    assert next(rows).target == "http://a/0"
    assert sum(1 for _ in rows) == 1233


_WRITER = textwrap.dedent(
    """
    import sys
    import time
    from articlescrape.store import Outcome, ResultStore
    store = ResultStore(sys.argv[1])
    store.recover(max_attempts=1000)
    store.add_targets((f"http://a/{i}", "") for i in range(int(sys.argv[2])))
    after = 0
    print("ready", flush=True)
    while rows := store.claim(after, 7, max_attempts=1000):
        after = rows[-1].id
        store.record([Outcome(r.id, article_json='{"t": "' + r.target + '"}' + " " * 2000) for r in rows])
        time.sleep(0.0005)  # be slow enough for the kills to land mid-run
    print("finished", flush=True)
    """
)


def test_sigkill_at_random_moments_never_corrupts_or_loses_a_stored_row(tmp_path: Path) -> None:
    path = tmp_path / "kill.sqlite"
    total = 8000
    done_before = 0
    mid_run_kills = 0
    for delay in (0.05, 0.13, 0.21, 0.08, 0.17):
        proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(path), str(total)], stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        with sqlite3.connect(path) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            done = db.execute("SELECT count(*) FROM targets WHERE status = 'done'").fetchone()[0]
            bad = db.execute("SELECT count(*) FROM targets WHERE status = 'done' AND article_json IS NULL").fetchone()[0]
        assert done >= done_before, "a stored result was lost"
        assert bad == 0
        done_before = done
        mid_run_kills += 0 < done < total
    assert mid_run_kills >= 3
    subprocess.run([sys.executable, "-c", _WRITER, str(path), str(total)], check=True, capture_output=True)
    with ResultStore(path) as store:
        assert store.integrity_check() == "ok"
        assert store.counts() == {"pending": 0, "running": 0, "done": total, "failed": 0}
