"""The SQLite result store of a batch run: one row per target, safe to kill at any moment.

Why SQLite: a batch of a million archived pages takes days and gets interrupted (laptops sleep,
jobs hit their wall time, users press Ctrl-C). The store is the run's memory: every target the
input named, what happened to it and the extracted Article, so that rerunning the same command
picks up where the last run stopped and a finished article is never fetched again.

Why it cannot lose or corrupt anything: every change is a short SQLite transaction
(``BEGIN IMMEDIATE ... COMMIT``) made by the one thread that owns the connection, in WAL mode.
SQLite's atomic commit means a process killed at any instant (SIGINT, SIGTERM, SIGKILL) leaves
the database as of its last commit; the next open replays or discards the write-ahead log. So a
kill loses at most the results that were still in flight, never a stored one.

Life of a row: ``pending`` -> ``running`` (claimed by a run; ``attempts`` counts claims) ->
``done`` or ``failed``. A row still ``running`` when a run opens the store was orphaned by a
killed run: it goes back to ``pending``, or to ``failed`` (``Interrupted``) once it has used up
its attempts, so that a page which crashes the process every time cannot wedge the batch.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import StrEnum
from itertools import islice
from pathlib import Path
from typing import IO, Any, NamedTuple

from .errors import ArticlescrapeError

#: Bump when the schema changes; :class:`ResultStore` refuses stores written by a newer version.
SCHEMA_VERSION = 1

#: The schema, documented in the README, "Batch runs". ``"when"`` is '' (not NULL) when the input gave no
#: WHEN, so that the UNIQUE constraint deduplicates targets without a WHEN too.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS targets (
    id                INTEGER PRIMARY KEY,
    target            TEXT NOT NULL,
    "when"            TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL DEFAULT 'pending'
                      CHECK (status IN ('pending', 'running', 'done', 'failed')),
    attempts          INTEGER NOT NULL DEFAULT 0,
    error_type        TEXT,
    error_message     TEXT,
    fetch_seconds     REAL,
    extract_seconds   REAL,
    capture_url       TEXT,
    capture_timestamp TEXT,
    article_json      TEXT,
    updated_at        TEXT NOT NULL,
    UNIQUE (target, "when")
);
"""

#: How many rows one INSERT transaction carries while ingesting the input. Big enough that a
#: million-line file ingests in seconds, small enough that memory stays flat.
INGEST_CHUNK = 5_000


class StoreError(ArticlescrapeError):
    """The store cannot be used: unreadable, written by a newer version, or locked by another run."""


class Status(StrEnum):
    """What happened to a target so far."""

    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Claimed(NamedTuple):
    """A row handed to a run for processing."""

    id: int
    target: str
    when: str


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a finished target writes back to its row: an article or an error, never both."""

    id: int
    article_json: str | None = None
    capture_url: str | None = None
    capture_timestamp: str | None = None
    error_type: str | None = None
    error_message: str | None = None
    fetch_seconds: float | None = None
    extract_seconds: float | None = None

    @property
    def status(self) -> Status:
        return Status.DONE if self.article_json is not None and self.error_type is None else Status.FAILED


class Row(NamedTuple):
    """One stored target, as read back for export."""

    id: int
    target: str
    when: str
    status: str
    attempts: int
    error_type: str | None
    error_message: str | None
    fetch_seconds: float | None
    extract_seconds: float | None
    capture_url: str | None
    capture_timestamp: str | None
    article_json: str | None
    updated_at: str


_ROW_COLUMNS = ", ".join(f'"{name}"' if name == "when" else name for name in Row._fields)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


class ResultStore:
    """A batch run's SQLite store. Use from one thread only (the run's coordinating thread).

    ``lock=True`` (what a run wants) takes an exclusive advisory lock on ``PATH.lock`` so that two
    runs cannot claim the same rows; the kernel drops it when the process dies, however it dies.
    Readers (export) pass ``lock=False``.
    """

    def __init__(self, path: str | os.PathLike[str], *, lock: bool = True, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            raise StoreError("no such store", target=str(self.path))
        self._lock_file: IO[bytes] | None = self._acquire_lock() if lock else None
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=30.0)
            self._configure()
            self._migrate()
        except sqlite3.DatabaseError as error:
            self._release_lock()
            raise StoreError(f"cannot open store: {error}", target=str(self.path)) from error

    # -- opening -------------------------------------------------------------------------------

    def _acquire_lock(self) -> IO[bytes]:
        lock_file = open(f"{self.path}.lock", "ab")  # noqa: SIM115 - held for the store's lifetime
        try:
            fcntl.flock(lock_file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            lock_file.close()
            raise StoreError("another run is using this store", target=str(self.path)) from error
        return lock_file

    def _release_lock(self) -> None:
        if self._lock_file is not None:
            self._lock_file.close()
            self._lock_file = None

    def _configure(self) -> None:
        # WAL: readers (export, a user's sqlite3 shell) never block the run, and a commit is an
        # append to the log. synchronous=NORMAL: a commit survives any process kill (the data is
        # in the OS page cache); only an OS crash or power loss may drop the last commits, and
        # even then the database stays consistent.
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA busy_timeout=30000")

    def _migrate(self) -> None:
        with self._transaction():
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    self._db.execute(statement)
            row = self._db.execute("SELECT max(version) FROM schema_version").fetchone()
            version = row[0]
            if version is None:
                self._db.execute("INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION,))
            elif version > SCHEMA_VERSION:
                raise StoreError(
                    f"store has schema version {version}, this articlescrape understands up to {SCHEMA_VERSION}; upgrade articlescrape",
                    target=str(self.path),
                )

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction. IMMEDIATE takes the write lock up front, so a commit can
        never fail half-way with SQLITE_BUSY after work was done."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def close(self) -> None:
        """Close the connection (checkpointing the WAL) and drop the run lock."""
        try:
            self._db.close()
        finally:
            self._release_lock()

    def __enter__(self) -> ResultStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- a run's writes ------------------------------------------------------------------------

    def add_targets(self, targets: Iterable[tuple[str, str]], *, chunk_size: int = INGEST_CHUNK) -> int:
        """Insert ``(target, when)`` pairs not stored yet; return how many were new.

        Streams: holds one chunk at a time, so a million-line input costs a few MB. Duplicates
        (in the input or with an earlier run) are dropped by the UNIQUE constraint, which is why
        a duplicate target is fetched once.
        """
        added = 0
        for chunk in _chunks(targets, chunk_size):
            now = _now()
            with self._transaction() as db:
                before = db.total_changes
                db.executemany(
                    'INSERT OR IGNORE INTO targets (target, "when", updated_at) VALUES (?, ?, ?)',
                    ((target, when, now) for target, when in chunk),
                )
                added += db.total_changes - before
        return added

    def recover(self, max_attempts: int) -> tuple[int, int]:
        """Return rows orphaned ``running`` by a killed run to ``pending``; rows that have used
        up ``max_attempts`` become ``failed`` with error type ``Interrupted``. Returns
        ``(requeued, given_up)``. Call once when a run starts, before claiming."""
        now = _now()
        with self._transaction() as db:
            given_up = db.execute(
                "UPDATE targets SET status = 'failed', error_type = 'Interrupted', "
                "error_message = 'the run was killed while this target was in flight, ' || attempts || ' time(s)', "
                "updated_at = ? WHERE status = 'running' AND attempts >= ?",
                (now, max_attempts),
            ).rowcount
            requeued = db.execute(
                "UPDATE targets SET status = 'pending', updated_at = ? WHERE status = 'running'", (now,)
            ).rowcount
        return requeued, given_up

    def claim(self, after_id: int, limit: int, max_attempts: int) -> list[Claimed]:
        """Claim up to ``limit`` rows to process, the next ones after ``after_id`` in input order:
        pending rows and failed rows with attempts left. Claiming marks them ``running`` and
        counts the attempt in the same transaction, so a kill between claim and result leaves
        evidence (see :meth:`recover`). The caller advances ``after_id`` to the last id returned,
        which is why one run never processes a row twice."""
        with self._transaction() as db:
            rows = [
                Claimed(*row)
                for row in db.execute(
                    'SELECT id, target, "when" FROM targets WHERE id > ? '
                    "AND (status = 'pending' OR (status = 'failed' AND attempts < ?)) ORDER BY id LIMIT ?",
                    (after_id, max_attempts, limit),
                )
            ]
            if rows:
                now = _now()
                db.executemany(
                    "UPDATE targets SET status = 'running', attempts = attempts + 1, updated_at = ? WHERE id = ?",
                    ((now, row.id) for row in rows),
                )
        return rows

    def record(self, outcomes: Sequence[Outcome]) -> None:
        """Write finished targets, all in one transaction (one commit per batch of results)."""
        if not outcomes:
            return
        now = _now()
        with self._transaction() as db:
            db.executemany(
                "UPDATE targets SET status = ?, error_type = ?, error_message = ?, fetch_seconds = ?, "
                "extract_seconds = ?, capture_url = ?, capture_timestamp = ?, article_json = ?, updated_at = ? "
                "WHERE id = ?",
                (
                    (
                        o.status.value,
                        o.error_type,
                        o.error_message,
                        o.fetch_seconds,
                        o.extract_seconds,
                        o.capture_url,
                        o.capture_timestamp,
                        o.article_json,
                        now,
                        o.id,
                    )
                    for o in outcomes
                ),
            )

    def release(self, ids: Iterable[int]) -> None:
        """Give back claimed rows a run did not finish because it was asked to stop (Ctrl-C,
        SIGTERM): they return to ``pending`` and the claim's attempt is not counted."""
        now = _now()
        with self._transaction() as db:
            db.executemany(
                "UPDATE targets SET status = 'pending', attempts = max(attempts - 1, 0), updated_at = ? "
                "WHERE id = ? AND status = 'running'",
                ((now, row_id) for row_id in ids),
            )

    # -- reading -------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Rows per status (every status present, possibly 0)."""
        counts = {status.value: 0 for status in Status}
        for status, count in self._db.execute("SELECT status, count(*) FROM targets GROUP BY status"):
            counts[status] = count
        return counts

    def eligible(self, max_attempts: int) -> int:
        """How many rows a run would process now (the progress bar's total)."""
        (count,) = self._db.execute(
            "SELECT count(*) FROM targets WHERE status IN ('pending', 'running') OR (status = 'failed' AND attempts < ?)",
            (max_attempts,),
        ).fetchone()
        return int(count)

    def failures_by_type(self) -> dict[str, int]:
        """Failed rows per error type, most frequent first (for the summary)."""
        return dict(
            self._db.execute(
                "SELECT coalesce(error_type, '?'), count(*) AS n FROM targets WHERE status = 'failed' "
                "GROUP BY 1 ORDER BY n DESC, 1"
            ).fetchall()
        )

    def rows(self, status: Status | None = None, *, batch: int = 500) -> Iterator[Row]:
        """Stream rows in input order, optionally of one status, ``batch`` at a time (an export of
        a million articles never holds more than a batch in memory)."""
        where, params = ("WHERE status = ?", (status.value,)) if status is not None else ("", ())
        cursor = self._db.execute(f"SELECT {_ROW_COLUMNS} FROM targets {where} ORDER BY id", params)
        while chunk := cursor.fetchmany(batch):
            for row in chunk:
                yield Row(*row)

    def integrity_check(self) -> str:
        """``PRAGMA integrity_check``'s verdict: ``"ok"`` for a healthy store."""
        return str(self._db.execute("PRAGMA integrity_check").fetchone()[0])
