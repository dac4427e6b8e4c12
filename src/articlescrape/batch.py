"""Batch runs over lists of targets: concurrent, polite, resumable, nothing lost.

Two layers:

* :func:`scrape_many` is the library entry point: targets in, :class:`Result` objects out as
  they finish, no store involved. Good for notebooks and pipelines of a few thousand pages.
* :func:`run_batch` is what ``articlescrape batch`` runs: the input is streamed into a SQLite
  :class:`~articlescrape.store.ResultStore` (which deduplicates it), rows are claimed from the
  store a few at a time, and every result is committed as soon as it is in. Killing it at any
  moment loses at most the pages in flight; rerunning resumes.

Why threads: the work is network I/O plus lxml parsing, which releases the GIL. Every thread
shares ONE :class:`~articlescrape.fetch.Fetcher`, which is what makes per-host politeness (the
minimum interval between requests to a host, Retry-After, the pause after a 429) hold across
the whole pool rather than per thread. When extraction itself is the bottleneck (big pages, many
cores), ``extract_processes`` moves it to a process pool while fetching stays in threads.

Memory stays flat however long the input: the input is read lazily, at most ``workers`` targets
are in flight, and results are written (or yielded) as soon as they finish.
"""

from __future__ import annotations

import csv
import io
import json
import os
import queue
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing import get_context
from pathlib import Path
from typing import IO, Any, TextIO

from . import errors, extraction_process, pipeline, wayback
from .config import ExtractConfig
from .errors import ArticlescrapeError, InputError
from .fetch import FetchConfig, Fetched, Fetcher
from .model import Article
from .store import Outcome, ResultStore, Status

# -- targets and their input -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Target:
    """One thing to scrape: a URL (or capture URL, or path) and optionally WHEN, meaning "the
    Wayback Machine capture closest to this moment" (see :func:`parse_when`)."""

    target: str
    when: str = ""


def parse_when(when: str, *, target: str | None = None) -> object | None:
    """Check an input file's WHEN column and turn it into the ``archived=`` value
    :meth:`Fetcher.fetch` takes: ``None`` (live page, or the capture a capture URL names),
    ``True`` for ``latest``/``newest``, else the text itself once :func:`wayback.parse_when` has
    read it (a 1-14 digit timestamp, an ISO date or datetime; naive times are UTC).

    Done per target rather than while reading the input so that one bad WHEN becomes one failed
    row with its reason instead of stopping a million-line batch.
    """
    text = when.strip()
    if not text:
        return None
    if text.lower() in ("latest", "newest", "now"):
        return True
    try:
        wayback.parse_when(text)
    except ValueError as error:
        raise InputError(f"invalid WHEN: {error}", target=target) from None
    return text


def read_lines(stream: Iterable[str]) -> Iterator[Target]:
    """Targets from a plain list: one per line, ``TARGET`` or ``TARGET<TAB>WHEN``. Blank lines
    and lines starting with ``#`` are skipped (a ``#`` inside a URL is a fragment, not a comment)."""
    for line in stream:
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        target, _, when = text.partition("\t")
        yield Target(target.strip(), when.strip())


def read_csv(stream: Iterable[str]) -> Iterator[Target]:
    """Targets from a CSV file with a header: a ``url`` column (any case), optionally ``when``.
    Rows with an empty url are skipped."""
    reader = csv.reader(stream)
    header = next(reader, None)
    if header is None:
        return
    names = [name.strip().lower() for name in header]
    if "url" not in names:
        raise InputError(f"CSV input needs a 'url' column; its header is {header}")
    url_at = names.index("url")
    when_at = names.index("when") if "when" in names else None
    for row in reader:
        url = row[url_at].strip() if url_at < len(row) else ""
        if not url:
            continue
        when = row[when_at].strip() if when_at is not None and when_at < len(row) else ""
        yield Target(url, when)


def with_default_when(targets: Iterable[Target], when: str) -> Iterator[Target]:
    """Give ``when`` to every target that has no WHEN of its own (``--wayback WHEN`` on the
    batch command). Applied while reading the input, so the store's ``when`` column says what
    was asked for and a resumed run asks for the same."""
    for target in targets:
        yield target if target.when or not when else Target(target.target, when)


def _looks_like_csv(path: str) -> bool:
    return path.lower().endswith(".csv")


@contextmanager
def open_targets(path: str, input_format: str = "auto", *, stdin: TextIO | None = None) -> Iterator[Iterator[Target]]:
    """Open an input (a path, or ``-`` for stdin) and yield a lazy iterator of its targets.

    ``input_format`` is ``lines``, ``csv`` or ``auto`` (CSV when the name ends in ``.csv``).
    The file is read line by line: a million-line list never sits in memory.
    """
    fmt = input_format
    if fmt == "auto":
        fmt = "csv" if _looks_like_csv(path) else "lines"
    if fmt not in ("lines", "csv"):
        raise ValueError(f"unknown input format {input_format!r}")
    reader = read_csv if fmt == "csv" else read_lines
    if path == "-":
        source = stdin if stdin is not None else io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace", newline="")
        yield reader(source)
        return
    try:
        handle = open(path, encoding="utf-8", errors="replace", newline="")  # noqa: SIM115
    except OSError as error:
        raise InputError(f"cannot read target list: {error.strerror or error}", target=path) from error
    with handle:
        yield reader(handle)


# -- results -----------------------------------------------------------------------------------


@dataclass(slots=True)
class Result:
    """What became of one target: an :class:`Article`, or the error that stopped it.

    ``error_type``/``error_message`` are always set on failure, also for errors raised in an
    extraction process (which come back as type name and message, not as the exception).
    An error that is not an :class:`ArticlescrapeError` is a bug in articlescrape; it is
    reported the same way rather than stopping the batch.
    """

    target: Target
    article: Article | None = None
    error: BaseException | None = None
    error_type: str | None = None
    error_message: str | None = None
    fetch_seconds: float | None = None
    extract_seconds: float | None = None

    @property
    def ok(self) -> bool:
        return self.article is not None and self.error_type is None

    @classmethod
    def failure(cls, target: Target, error: BaseException, **timings: float | None) -> Result:
        return cls(target, None, error, type(error).__name__, str(error) or repr(error), **timings)


# -- configuration -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BatchConfig:
    """How a batch runs. Frozen: one instance describes the run and can be logged or shared.

    ``workers`` threads fetch (and extract, unless ``extract_processes`` > 0, in which case that
    many processes extract). ``max_attempts`` bounds how often a failing or crash-inducing
    target is tried across reruns.
    """

    workers: int = 8
    extract_processes: int = 0
    max_attempts: int = 3
    #: None: the fetcher's own defaults (which honour the environment).
    fetch: FetchConfig | None = None
    extract: ExtractConfig = field(default_factory=ExtractConfig)

    def __post_init__(self) -> None:
        if self.workers < 1:
            raise ValueError("workers must be at least 1")
        if self.extract_processes < 0:
            raise ValueError("extract_processes must be 0 (extract in the worker threads) or more")
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")


# -- extraction, in threads or in processes ----------------------------------------------------


def _rebuild_error(type_name: str, message: str) -> BaseException:
    """An exception standing for one raised in an extraction process: the articlescrape class of
    that name when there is one, else a RuntimeError (the type name is kept in the Result)."""
    cls = getattr(errors, type_name, None)
    if isinstance(cls, type) and issubclass(cls, ArticlescrapeError):
        return cls(message)
    return RuntimeError(f"{type_name}: {message}")


class _Extractor:
    """Extracts a fetched page in the calling thread, or in a process pool when asked.

    The pool uses the ``spawn`` start method: forking a process that runs threads (the fetch
    pool, urllib3's) can deadlock the child. A pool broken by a dying process (a page that
    crashes lxml, the OOM killer) is replaced, so the run goes on; the pages in that pool at
    the time fail with ``BrokenProcessPool``.
    """

    def __init__(self, config: ExtractConfig, processes: int) -> None:
        self.config = config
        self.processes = processes
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = self._new_pool() if processes else None

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.processes, mp_context=get_context("spawn"), initializer=extraction_process.initialise, initargs=(os.getpid(),))

    def __call__(self, fetched: Fetched) -> Article:
        if self._pool is None:
            return pipeline.extract(fetched.data, fetched.url, config=self.config, source=fetched.source, http_charset=fetched.http_charset)
        pool = self._pool
        try:
            article, type_name, message = pool.submit(extraction_process.extract, fetched.data, fetched.url, self.config, fetched.source, fetched.http_charset).result()
        except BrokenProcessPool:
            self._replace(pool)
            raise
        if article is None:
            raise _rebuild_error(type_name or "RuntimeError", message or "")
        return article

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is broken:
                broken.shutdown(wait=False, cancel_futures=True)
                self._pool = self._new_pool()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class _Work:
    """The job of one worker thread for one target: fetch with the shared Fetcher, extract,
    and turn any failure into a failed :class:`Result` (never an exception)."""

    def __init__(self, fetcher: Fetcher, extractor: _Extractor) -> None:
        self.fetcher = fetcher
        self.extractor = extractor

    def __call__(self, target: Target) -> Result:
        started = time.perf_counter()
        fetch_seconds: float | None = None
        try:
            fetched = self.fetcher.fetch(target.target, archived=parse_when(target.when, target=target.target))
            fetched_at = time.perf_counter()
            fetch_seconds = fetched_at - started
            article = self.extractor(fetched)
            return Result(target, article, fetch_seconds=fetch_seconds, extract_seconds=time.perf_counter() - fetched_at)
        except Exception as error:  # noqa: BLE001 - one bad page never stops the batch
            return Result.failure(target, error, fetch_seconds=fetch_seconds, extract_seconds=None)


# -- the pool ----------------------------------------------------------------------------------


def _pump(take: Callable[[int], list[Any]], submit: Callable[[Any], Future[Result]], limit: int) -> Iterator[list[tuple[Any, Result]]]:
    """Keep ``limit`` jobs in flight, pulling new ones with ``take(n)`` only when a slot frees,
    and yield each group of finished ``(item, result)`` as soon as it completes.

    In flight is exactly ``limit``, not more: what is claimed is what is being worked on, so a
    kill strands at most ``limit`` targets and memory does not depend on the input's length.
    Finished futures arrive on a queue (one wake-up per group) rather than through
    ``concurrent.futures.wait``, which re-registers a waiter on every job in flight each time.
    """
    in_flight: dict[Future[Result], Any] = {}
    finished: queue.SimpleQueue[Future[Result]] = queue.SimpleQueue()
    exhausted = False
    try:
        while True:
            free = limit - len(in_flight)
            if free > 0 and not exhausted:
                items = take(free)
                exhausted = len(items) < free
                for item in items:
                    future = submit(item)
                    in_flight[future] = item
                    future.add_done_callback(finished.put)
            if not in_flight:
                return
            done = [_next_finished(finished)]
            while not finished.empty():
                done.append(finished.get_nowait())
            yield [(in_flight.pop(future), future.result()) for future in done]
    finally:
        for future in in_flight:
            future.cancel()


def _next_finished(finished: queue.SimpleQueue[Future[Result]]) -> Future[Result]:
    """Block for the next finished job, waking now and then so Ctrl-C is noticed promptly."""
    while True:
        try:
            return finished.get(timeout=0.5)
        except queue.Empty:
            continue


class _Pool:
    """The worker threads, the one shared Fetcher and the extractor, as one closable thing."""

    def __init__(self, config: BatchConfig, fetcher: Fetcher | None) -> None:
        self.config = config
        #: A fetcher we made is ours to close; one passed in belongs to the caller.
        self._owns_fetcher = fetcher is None
        self.fetcher = fetcher or Fetcher(config.fetch)
        self.extractor = _Extractor(config.extract, config.extract_processes)
        self.threads = ThreadPoolExecutor(config.workers, thread_name_prefix="articlescrape-batch")
        self.work = _Work(self.fetcher, self.extractor)

    def submit(self, target: Target) -> Future[Result]:
        return self.threads.submit(self.work, target)

    def close(self, *, wait_for_workers: bool = True) -> None:
        self.threads.shutdown(wait=wait_for_workers, cancel_futures=True)
        self.extractor.close()
        close_fetcher = getattr(self.fetcher, "close", None)
        if self._owns_fetcher and wait_for_workers and close_fetcher is not None:
            close_fetcher()


def _as_target(item: str | Target | tuple[str, str]) -> Target:
    if isinstance(item, Target):
        return item
    if isinstance(item, tuple):
        return Target(*item)
    return Target(item)


def scrape_many(
    targets: Iterable[str | Target | tuple[str, str]],
    *,
    config: ExtractConfig | None = None,
    fetch_config: FetchConfig | None = None,
    workers: int = 8,
    fetcher: Fetcher | None = None,
    extract_processes: int = 0,
) -> Iterator[Result]:
    """Scrape many targets concurrently; yield a :class:`Result` for each as soon as it finishes
    (so not in input order; ``result.target`` says which).

    ``targets`` may be a lazy iterable of any length: it is consumed only as workers free up.
    Items are URLs/paths, :class:`Target`\\ s or ``(target, when)`` tuples. A failure never
    raises: it is a Result with ``error_type``/``error_message``. No deduplication happens here
    (it would need memory growing with the input); ``articlescrape batch`` deduplicates through
    its store. Pass ``fetcher`` to share politeness state (and a cache) with other code;
    otherwise one is made from ``fetch_config``. Stopping the iteration early stops the pool
    after the pages in flight.
    """
    batch_config = BatchConfig(
        workers=workers,
        extract_processes=extract_processes,
        fetch=fetch_config if fetcher is None else fetcher.config,
        extract=config or ExtractConfig(),
    )
    iterator = (_as_target(item) for item in targets)
    pool = _Pool(batch_config, fetcher)
    try:
        for group in _pump(lambda n: list(islice(iterator, n)), pool.submit, batch_config.workers):
            for _, result in group:
                yield result
    finally:
        pool.close()


# -- the stored run ----------------------------------------------------------------------------


@dataclass(slots=True)
class RunStats:
    """What one :func:`run_batch` call did, plus the store's state at its end."""

    added: int = 0
    requeued: int = 0
    eligible: int = 0
    done: int = 0
    failed: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    store_counts: dict[str, int] = field(default_factory=dict)
    failures_by_type: dict[str, int] = field(default_factory=dict)

    @property
    def processed(self) -> int:
        return self.done + self.failed

    @property
    def pages_per_second(self) -> float:
        return self.processed / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "requeued": self.requeued,
            "eligible": self.eligible,
            "done": self.done,
            "failed": self.failed,
            "seconds": round(self.seconds, 3),
            "pages_per_second": round(self.pages_per_second, 2),
            "interrupted": self.interrupted,
            "store": self.store_counts,
            "failures_by_type": self.failures_by_type,
        }


def outcome_of(row_id: int, result: Result) -> Outcome:
    """The store row update for a finished target."""
    if result.article is None or result.error_type is not None:
        return Outcome(
            row_id,
            error_type=result.error_type or "UnknownError",
            error_message=result.error_message,
            fetch_seconds=result.fetch_seconds,
            extract_seconds=result.extract_seconds,
        )
    source = result.article.source
    return Outcome(
        row_id,
        article_json=result.article.to_json(),
        capture_url=source.capture_url,
        capture_timestamp=source.capture_timestamp.isoformat() if source.capture_timestamp else None,
        fetch_seconds=result.fetch_seconds,
        extract_seconds=result.extract_seconds,
    )


class _Claims:
    """Claims rows from the store for :func:`_pump`, remembering which are in flight so that an
    interrupted run can hand them back."""

    def __init__(self, store: ResultStore, max_attempts: int) -> None:
        self.store = store
        self.max_attempts = max_attempts
        self.after_id = 0
        self.outstanding: set[int] = set()

    def take(self, n: int) -> list[tuple[int, Target]]:
        rows = self.store.claim(self.after_id, n, self.max_attempts)
        if rows:
            self.after_id = rows[-1].id
        self.outstanding.update(row.id for row in rows)
        return [(row.id, Target(row.target, row.when)) for row in rows]

    def finished(self, ids: Iterable[int]) -> None:
        self.outstanding.difference_update(ids)


ProgressCallback = Callable[[list[Result], RunStats], None]


def run_batch(
    store: ResultStore,
    targets: Iterable[Target] | None,
    config: BatchConfig,
    *,
    fetcher: Fetcher | None = None,
    on_results: ProgressCallback | None = None,
    on_start: Callable[[RunStats], None] | None = None,
) -> RunStats:
    """Ingest ``targets`` (if any) into ``store``, then process every eligible row.

    Eligible: pending rows, rows orphaned by a killed run, failed rows with attempts left.
    Each group of finished results is committed in one short transaction and then passed to
    ``on_results`` (progress bar, ``--jsonl`` stream). On KeyboardInterrupt (Ctrl-C, or SIGTERM
    turned into one by the CLI) the unfinished claimed rows go back to pending, the stats say
    ``interrupted`` and the exception propagates.
    """
    stats = RunStats()
    if targets is not None:
        stats.added = store.add_targets((t.target, t.when) for t in targets)
    stats.requeued, _ = store.recover(config.max_attempts)
    stats.eligible = store.eligible(config.max_attempts)
    if on_start is not None:
        on_start(stats)
    claims = _Claims(store, config.max_attempts)
    pool = _Pool(config, fetcher)
    started = time.perf_counter()
    interrupted = True
    try:
        submit: Callable[[tuple[int, Target]], Future[Result]] = lambda item: pool.submit(item[1])  # noqa: E731
        for group in _pump(claims.take, submit, config.workers):
            store.record([outcome_of(row_id, result) for (row_id, _), result in group])
            claims.finished(row_id for (row_id, _), _ in group)
            results = [result for _, result in group]
            for result in results:
                if result.ok:
                    stats.done += 1
                else:
                    stats.failed += 1
            stats.seconds = time.perf_counter() - started
            if on_results is not None:
                on_results(results, stats)
        interrupted = False
    finally:
        stats.seconds = time.perf_counter() - started
        stats.interrupted = interrupted
        if claims.outstanding:
            store.release(claims.outstanding)
        pool.close(wait_for_workers=not interrupted)
        stats.store_counts = store.counts()
        stats.failures_by_type = store.failures_by_type()
    return stats


# -- export ------------------------------------------------------------------------------------

#: The CSV export's columns: the flat fields of an Article plus where it came from.
CSV_FIELDS: tuple[str, ...] = (
    "target",
    "when",
    "url",
    "headline",
    "published",
    "published_from",
    "updated",
    "section",
    "breadcrumb",
    "authors",
    "summary",
    "language",
    "paragraph_count",
    "word_count",
    "image_count",
    "text",
    "original_url",
    "final_url",
    "capture_url",
    "capture_timestamp",
    "fetched_at",
)


def flat_fields(target: str, when: str, article: Article) -> dict[str, Any]:
    """One CSV row for an article: scalars as they are, lists joined with ``"; "`` (authors,
    breadcrumb), the body as plain text with blank lines between paragraphs."""
    data = article.to_dict()
    text = article.text
    return {
        "target": target,
        "when": when,
        "url": article.url,
        "headline": article.headline,
        "published": data["published"],
        "published_from": article.published_from,
        "updated": data["updated"],
        "section": article.section,
        "breadcrumb": " > ".join(article.breadcrumb),
        "authors": "; ".join(article.authors),
        "summary": article.summary,
        "language": article.language,
        "paragraph_count": len(article.paragraphs),
        "word_count": len(text.split()),
        "image_count": len(article.images),
        "text": text,
        "original_url": article.source.original_url,
        "final_url": article.source.final_url,
        "capture_url": article.source.capture_url,
        "capture_timestamp": data["source"]["capture_timestamp"],
        "fetched_at": data["source"]["fetched_at"],
    }


FAILURE_FIELDS: tuple[str, ...] = ("target", "when", "attempts", "error_type", "error_message", "updated_at")


def export(store: ResultStore, out: IO[str], *, fmt: str = "jsonl", status: Status = Status.DONE) -> int:
    """Write the store's rows of ``status`` to ``out``; return how many.

    Done rows: ``jsonl`` is exactly each stored Article's JSON (``Article.from_json`` gives the
    Article back), ``csv`` its :func:`flat_fields`. Failed (or pending) rows: the target and
    why it failed. Streams row by row.
    """
    if fmt not in ("jsonl", "csv"):
        raise ValueError(f"unknown export format {fmt!r}")
    articles = status is Status.DONE
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS if articles else FAILURE_FIELDS, extrasaction="ignore") if fmt == "csv" else None
    if writer is not None:
        writer.writeheader()
    count = 0
    for row in store.rows(status):
        count += 1
        if articles and row.article_json is not None:
            if writer is None:
                out.write(row.article_json + "\n")
            else:
                writer.writerow(flat_fields(row.target, row.when, Article.from_json(row.article_json)))
            continue
        record = {name: getattr(row, name) for name in FAILURE_FIELDS}
        if writer is None:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            writer.writerow(record)
    return count


def default_db_path(input_path: str | None) -> Path:
    """Where the store goes when ``--db`` is not given: the current directory, named after the
    input (``urls.txt`` -> ``urls.sqlite``), so rerunning the same command
    finds the same store."""
    if not input_path or input_path == "-":
        return Path("batch.sqlite")
    return Path(Path(input_path).stem + ".sqlite")
