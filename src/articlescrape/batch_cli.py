"""``articlescrape batch`` and ``articlescrape export``: the command-line face of :mod:`.batch`.

Registered in :data:`articlescrape.cli.SUBCOMMANDS` when :mod:`articlescrape.cli` is imported.
Exit codes: 0 every target done, 1 some target failed, 2 usage error (bad flags, unreadable
input, unusable store), 130 interrupted (Ctrl-C or SIGTERM; rerun to resume).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import IO, Any

from tqdm import tqdm

from .batch import BatchConfig, Result, RunStats, default_db_path, export, open_targets, run_batch, with_default_when
from .cli import SUBCOMMANDS, add_fetch_arguments, fetch_config_from_args
from .config import ExtractConfig
from .errors import ArticlescrapeError
from .store import ResultStore, Status

BATCH_EXAMPLES = """\
input: one target per line (URL, Wayback capture URL or path), optionally TARGET<TAB>WHEN
(WHEN: 20020314, 20020314093000, 2002-03-14, 2002-03-14T09:30:00Z or latest: the Wayback
capture closest to it); '#' comments and blank lines are skipped. A .csv file needs a 'url'
column (and may have 'when'). '-' reads stdin. Duplicates are fetched once. --wayback WHEN
applies to the targets that have no WHEN of their own.

resume: rerun the same command. Done targets are skipped, failed ones retried up to
--max-attempts, targets in flight when a run was killed are fetched again.

examples:
  articlescrape batch urls.txt --db run.sqlite --workers 16
  articlescrape batch urls.csv --db run.sqlite --jsonl articles.jsonl
  articlescrape batch --db run.sqlite               # resume a run without its input
  articlescrape export run.sqlite --format csv -o articles.csv
  articlescrape export run.sqlite --status failed --format csv
"""


def build_batch_parser() -> argparse.ArgumentParser:
    """The ``batch`` subcommand's flags, plus the fetch flags shared with the extract command."""
    parser = argparse.ArgumentParser(
        prog="articlescrape batch",
        description="Scrape a list of targets concurrently into a resumable SQLite store.",
        epilog=BATCH_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("input", nargs="?", metavar="INPUT", help="target list (.txt lines or .csv), or - for stdin; omit to resume --db")
    parser.add_argument("--db", help="SQLite result store (default: INPUT's name with .sqlite, in the current directory)")
    parser.add_argument("--workers", type=_positive_int, default=8, help="concurrent fetches (default: 8); politeness per host holds across all of them")
    parser.add_argument("--extract-processes", type=_non_negative_int, default=0, metavar="N", help="extract in N processes instead of the worker threads (for CPU-bound runs; default: 0)")
    parser.add_argument("--max-attempts", type=_positive_int, default=3, metavar="N", help="give up on a target after N attempts over all runs (default: 3)")
    parser.add_argument("--input-format", choices=("auto", "lines", "csv"), default="auto", help="how to read INPUT (default: by its extension)")
    parser.add_argument("--jsonl", metavar="OUT", help="also append each article as a JSON line to OUT as it finishes (- for stdout)")
    parser.add_argument("--summary-json", metavar="PATH", help="write the final summary as JSON to PATH")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar and no summary")
    add_fetch_arguments(parser)
    return parser


def build_export_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="articlescrape export",
        description="Export a batch store: articles as JSON lines or flat CSV, or the failures.",
    )
    parser.add_argument("db", metavar="STORE", help="the .sqlite store a batch run wrote")
    parser.add_argument("--format", choices=("jsonl", "csv"), default="jsonl", help="output format (default: jsonl)")
    parser.add_argument("--status", choices=[s.value for s in Status], default=Status.DONE.value, help="which rows: done (articles, default) or failed/pending (targets and reasons)")
    parser.add_argument("--output", "-o", metavar="OUT", help="write to OUT instead of stdout")
    return parser


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


# -- batch ---------------------------------------------------------------------------------------


class _Stop(KeyboardInterrupt):
    """SIGTERM, delivered as an interrupt so the run stops the same clean way as on Ctrl-C."""


def _raise_stop(signum: int, frame: FrameType | None) -> None:
    raise _Stop()


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    previous = signal.signal(signal.SIGTERM, _raise_stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def _open_output(path: str | None, mode: str) -> Iterator[IO[str] | None]:
    if path is None:
        yield None
    elif path == "-":
        yield sys.stdout
    else:
        with open(path, mode, encoding="utf-8", newline="" if path.endswith(".csv") else None) as handle:
            yield handle


@dataclass(slots=True)
class _Reporter:
    """Progress bar (terminal only, unless quiet) and the ``--jsonl`` stream, fed per result group."""

    bar: tqdm | None
    jsonl: IO[str] | None
    #: The run's live stats (the same object run_batch updates), kept for an interrupted run.
    stats: RunStats | None = None

    def start(self, stats: RunStats) -> None:
        self.stats = stats
        if self.bar is not None:
            self.bar.reset(total=stats.eligible)

    def results(self, results: list[Result], stats: RunStats) -> None:
        if self.jsonl is not None:
            for result in results:
                if result.article is not None:
                    self.jsonl.write(result.article.to_json() + "\n")
            self.jsonl.flush()
        if self.bar is not None:
            self.bar.set_postfix(done=stats.done, failed=stats.failed, refresh=False)
            self.bar.update(len(results))


def _summary(stats: RunStats, db: Path) -> str:
    failures = ", ".join(f"{name} {count}" for name, count in stats.failures_by_type.items())
    store = stats.store_counts
    lines = [
        f"articlescrape batch: {'interrupted after ' if stats.interrupted else ''}{stats.done} done, {stats.failed} failed "
        f"in {stats.seconds:.1f} s ({stats.pages_per_second:.1f} pages/s)",
        f"store {db}: {sum(store.values())} targets, {store.get('done', 0)} done, {store.get('failed', 0)} failed"
        + (f" ({failures})" if failures else "")
        + f", {store.get('pending', 0) + store.get('running', 0)} pending",
    ]
    if stats.interrupted:
        lines.append("rerun the same command to resume")
    return "\n".join(lines)


def _exit_code(stats: RunStats) -> int:
    if stats.interrupted:
        return 130
    return 1 if stats.store_counts.get("failed", 0) else 0


def run_batch_command(argv: list[str]) -> int:
    """``articlescrape batch``: see :func:`build_batch_parser` and the README, "Batch runs"."""
    parser = build_batch_parser()
    args = parser.parse_args(argv)
    if args.input is None and args.db is None:
        parser.error("give an INPUT list, or --db STORE to resume a run")
    db = Path(args.db) if args.db else default_db_path(args.input)
    if args.input is None and not db.exists():
        parser.error(f"no store at {db} to resume")
    config = BatchConfig(
        workers=args.workers,
        extract_processes=args.extract_processes,
        max_attempts=args.max_attempts,
        fetch=fetch_config_from_args(args),
        extract=ExtractConfig(),
    )
    show_bar = not args.quiet and sys.stderr.isatty()
    try:
        with ResultStore(db) as store, _open_output(args.jsonl, "a") as jsonl, _sigterm_as_interrupt():
            inputs = open_targets(args.input, args.input_format) if args.input else nullcontext(None)
            bar = tqdm(total=0, unit="page", dynamic_ncols=True, smoothing=0.05) if show_bar else None
            reporter = _Reporter(bar, jsonl)
            stats = RunStats()
            try:
                with inputs as targets:
                    if targets is not None and getattr(args, "wayback", None) is not None:
                        targets = with_default_when(targets, "latest" if args.wayback is True else str(args.wayback))
                    stats = run_batch(store, targets, config, on_results=reporter.results, on_start=reporter.start)
            except KeyboardInterrupt:
                return _interrupted(store, db, args, reporter)
            finally:
                if bar is not None:
                    bar.close()
    except ArticlescrapeError as error:
        print(f"articlescrape batch: error: {error}", file=sys.stderr)
        return 2
    _report(stats, db, args)
    return _exit_code(stats)


def _report(stats: RunStats, db: Path, args: argparse.Namespace) -> None:
    if args.summary_json:
        Path(args.summary_json).write_text(json.dumps({"db": str(db), **stats.to_dict()}, indent=2) + "\n", encoding="utf-8")
    if not args.quiet:
        print(_summary(stats, db), file=sys.stderr)


def _interrupted(store: ResultStore, db: Path, args: argparse.Namespace, reporter: _Reporter) -> int:
    """Everything finished is committed and the unfinished claims were handed back (run_batch
    did both before re-raising); report and leave at once rather than wait for the fetches in
    flight, whose results would be thrown away anyway."""
    if reporter.bar is not None:
        reporter.bar.close()
    stats = reporter.stats or RunStats()
    stats.interrupted = True
    stats.store_counts = store.counts()
    stats.failures_by_type = store.failures_by_type()
    store.close()
    _report(stats, db, args)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(130)


# -- export --------------------------------------------------------------------------------------


def run_export_command(argv: list[str]) -> int:
    """``articlescrape export``: stream a store's rows as JSON lines or CSV."""
    parser = build_export_parser()
    args = parser.parse_args(argv)
    try:
        with ResultStore(args.db, lock=False, create=False) as store, _open_output(args.output or "-", "w") as out:
            assert out is not None
            export(store, out, fmt=args.format, status=Status(args.status))
    except ArticlescrapeError as error:
        print(f"articlescrape export: error: {error}", file=sys.stderr)
        return 2
    return 0


def register(subcommands: dict[str, Any]) -> None:
    """Add ``batch`` and ``export`` to a subcommand table (the CLI's, on import)."""
    subcommands["batch"] = run_batch_command
    subcommands["export"] = run_export_command


register(SUBCOMMANDS)
