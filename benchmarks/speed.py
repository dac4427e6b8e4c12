#!/usr/bin/env python3
"""Speed benchmark: articlescrape, the lxml parse floor and the peers, interleaved page by page.

    python benchmarks/speed.py                    # 3 passes over every page of ../shared/data
    python benchmarks/speed.py --passes 5 --tools articlescrape,trafilatura
    python benchmarks/speed.py --profile          # cProfile of articlescrape alone
    python benchmarks/speed.py --scaling          # one article repeated to 1, 2, 4, 8 MB

Every page is read (and gunzipped) into memory first; then, page by page, each tool runs on the
same bytes in one process (the order of tools rotates from page to page), so machine noise
hits all alike. ``parse-floor`` is ``lxml.html.fromstring(bytes).text_content()``: the cost
any lxml-based extractor stands on. Prints median pages/s over passes, ms/page (p50, p95,
max, slowest page and its ratio to the median), the ratios articlescrape / trafilatura and
articlescrape / parse floor, the peak RSS, and each tool's scrapinghub-dev body F1 computed
from the output of the same run. Exits 0 with a message when the data directory is absent.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import platform
import pstats
import re
import resource
import statistics
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import adapters, metrics
from benchmarks.accuracy import format_table
from benchmarks.datasets import default_data_dir, load_all

MB = 1024 * 1024
SCALING_SIZES_MB = (1, 2, 4, 8)
PARSE_FLOOR = "parse-floor"
#: Issue 5's targets: articlescrape's pages/s against trafilatura's and the parse floor's in the
#: same run, and the slowest page's time against the median page's.
TARGET_VS_TRAFILATURA = 3.0
TARGET_VS_FLOOR = 1 / 3
MAX_SLOWEST_RATIO = 20.0


@dataclass(frozen=True, slots=True)
class SpeedPage:
    """A page in memory, tagged with its dataset (and the true body when it has one)."""

    key: str
    dataset: str
    url: str | None
    html: bytes
    truth_body: str | None


@dataclass(slots=True)
class Runner:
    """A timed callable plus how to get body text out of its result (untimed)."""

    name: str
    version: str
    run: Callable[[bytes, str | None], Any]
    to_text: Callable[[Any], str]
    times: list[list[float]] = field(default_factory=list)
    outputs: list[Any] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=default_data_dir(), help="data directory (default: ../shared/data)")
    parser.add_argument("--tools", default=None, help="comma-separated tools besides the parse floor (default: all installed)")
    parser.add_argument("--passes", type=int, default=3, help="passes over all pages (default 3)")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of articlescrape alone")
    parser.add_argument("--scaling", action="store_true", help="time one article repeated to 1, 2, 4, 8 MB")
    parser.add_argument("--scaling-page", default=None, metavar="KEY", help="page for --scaling (dataset/id; default: the largest archived page)")
    parser.add_argument("--json", type=Path, default=None, metavar="OUT", help="write raw figures as JSON")
    return parser.parse_args(argv)


# --- pages and runners -----------------------------------------------------------------------


def load_pages(data_dir: Path) -> list[SpeedPage]:
    """Every page of every dataset under ``data_dir``, bytes in memory."""
    pages = []
    for dataset in load_all(data_dir):
        for page in dataset.pages:
            pages.append(SpeedPage(f"{dataset.name}/{page.id}", dataset.name, page.url, page.html, page.truth_body))
    return pages


def parse_floor(html: bytes, url: str | None) -> str:
    """The floor: parse with lxml and flatten the tree to text."""
    import lxml.html

    return lxml.html.fromstring(html).text_content()


def _article_text(article: Any) -> str:
    """An :class:`articlescrape.Article`'s body text."""
    return article.text


def _readability_text(summary: str) -> str:
    """readability's summary HTML as text."""
    return adapters.html_to_text(summary)


def _plain(text: Any) -> str:
    """A tool's text result ("" for ``None``)."""
    return text or ""


TEXT_OF: dict[str, Callable[[Any], str]] = {"articlescrape": _article_text, "readability-lxml": _readability_text}


def make_runners(tools: Sequence[adapters.Tool]) -> list[Runner]:
    """The parse floor plus one runner per tool."""
    import lxml.etree

    floor = Runner(PARSE_FLOOR, "lxml " + ".".join(map(str, lxml.etree.LXML_VERSION[:3])), parse_floor, _plain)
    return [floor] + [Runner(t.name, t.version(), t.run, TEXT_OF.get(t.name, _plain)) for t in tools]


# --- timing ----------------------------------------------------------------------------------


def time_call(runner: Runner, page: SpeedPage) -> tuple[float, Any]:
    """Seconds one call took, and its result (``None`` after an exception, which is recorded)."""
    start = time.perf_counter()
    try:
        result = runner.run(page.html, page.url)
    except Exception as exc:  # noqa: BLE001 - a crash is timed and reported, not fatal
        result = None
        runner.errors.setdefault(page.key, f"{type(exc).__name__}: {exc}"[:160])
    return time.perf_counter() - start, result


def warm_up(runners: Sequence[Runner], page: SpeedPage) -> None:
    """One untimed call of each runner (imports, caches, lazy initialisation)."""
    for runner in runners:
        time_call(runner, page)
    for runner in runners:
        runner.errors.clear()


def run_passes(runners: Sequence[Runner], pages: Sequence[SpeedPage], passes: int) -> None:
    """``passes`` passes over ``pages``; on each page every runner runs once, in rotating order.
    Fills ``runner.times[pass][page]`` and keeps the first pass's outputs."""
    for runner in runners:
        runner.times = [[0.0] * len(pages) for _ in range(passes)]
        runner.outputs = [None] * len(pages)
    for p in range(passes):
        for i, page in enumerate(pages):
            shift = (i + p) % len(runners)
            for runner in [*runners[shift:], *runners[:shift]]:
                seconds, result = time_call(runner, page)
                runner.times[p][i] = seconds
                if p == 0:
                    runner.outputs[i] = result


@dataclass(frozen=True, slots=True)
class SpeedSummary:
    """One runner's figures."""

    name: str
    version: str
    pages_per_s: float
    ms_p50: float
    ms_p95: float
    ms_max: float
    slowest: str
    slowest_ratio: float
    f1: float | None
    errors: int


def summarize(runner: Runner, pages: Sequence[SpeedPage]) -> SpeedSummary:
    """Median pages/s over passes; per-page ms (median over passes) p50, p95, max; body F1."""
    pass_rates = [len(pages) / sum(times) for times in runner.times if sum(times) > 0]
    per_page_ms = [statistics.median(runner.times[p][i] for p in range(len(runner.times))) * 1000 for i in range(len(pages))]
    worst = max(range(len(pages)), key=per_page_ms.__getitem__)
    p50 = metrics.percentile(per_page_ms, 50)
    return SpeedSummary(
        name=runner.name,
        version=runner.version,
        pages_per_s=statistics.median(pass_rates) if pass_rates else 0.0,
        ms_p50=p50,
        ms_p95=metrics.percentile(per_page_ms, 95),
        ms_max=per_page_ms[worst],
        slowest=pages[worst].key,
        slowest_ratio=per_page_ms[worst] / p50 if p50 else float("inf"),
        f1=body_f1(runner, pages),
        errors=len(runner.errors),
    )


def body_f1(runner: Runner, pages: Sequence[SpeedPage]) -> float | None:
    """Corpus body F1 over the pages with a true body (scrapinghub layout), from the first pass."""
    scores = []
    for page, output in zip(pages, runner.outputs):
        if page.truth_body is None:
            continue
        text = "" if output is None else runner.to_text(output)
        scores.append(metrics.shingle_score(text, page.truth_body))
    return metrics.body_corpus_score(scores).f1 if scores else None


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports KB)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / MB


# --- printing --------------------------------------------------------------------------------


def print_speed_table(summaries: Sequence[SpeedSummary], f1_dataset: str | None) -> None:
    """The main table."""
    f1_title = f"F1 {f1_dataset}" if f1_dataset else "F1"
    headers = ["tool", "pages/s", "ms p50", "ms p95", "ms max", "max/p50", "slowest page", f1_title, "errors"]
    rows = [
        [f"{s.name} {s.version}", f"{s.pages_per_s:.1f}", f"{s.ms_p50:.2f}", f"{s.ms_p95:.2f}", f"{s.ms_max:.1f}", f"{s.slowest_ratio:.1f}", s.slowest[:40], "n/a" if s.f1 is None else f"{s.f1:.3f}", str(s.errors)]
        for s in summaries
    ]
    print(format_table(headers, rows))


def ratio_lines(summaries: Sequence[SpeedSummary]) -> list[str]:
    """articlescrape / trafilatura and articlescrape / parse floor, in pages/s."""
    by_name = {s.name: s for s in summaries}
    ours = by_name.get("articlescrape")
    if ours is None:
        return []
    lines = []
    for other, target in (("trafilatura", TARGET_VS_TRAFILATURA), (PARSE_FLOOR, TARGET_VS_FLOOR)):
        if other in by_name and by_name[other].pages_per_s:
            ratio = ours.pages_per_s / by_name[other].pages_per_s
            lines.append(f"articlescrape / {other}: {ratio:.2f}x pages/s (issue 5 target >= {target:.2f}x: {_verdict(ratio >= target)})")
    verdict = _verdict(ours.slowest_ratio <= MAX_SLOWEST_RATIO)
    lines.append(f"articlescrape slowest page: {ours.slowest}, {ours.ms_max:.1f} ms = {ours.slowest_ratio:.1f}x its median page (bound: {MAX_SLOWEST_RATIO:.0f}x: {verdict})")
    return lines


def _verdict(ok: bool) -> str:
    """PASS or FAIL."""
    return "PASS" if ok else "FAIL"


# --- profile ---------------------------------------------------------------------------------


def profile_articlescrape(pages: Sequence[SpeedPage], top: int = 30) -> str:
    """Top ``top`` functions by cumulative and by own time of articlescrape over all pages."""
    profiler = cProfile.Profile()
    profiler.enable()
    for page in pages:
        try:
            adapters.articlescrape_run(page.html, page.url)
        except Exception:  # noqa: BLE001, S112 - crashes are reported by the timed run
            continue
    profiler.disable()
    out = io.StringIO()
    for order in ("cumulative", "tottime"):
        out.write(f"\n### cProfile of articlescrape on {len(pages)} pages, top {top} by {order}\n")
        pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(top)
    return shorten_paths(out.getvalue())


def shorten_paths(text: str) -> str:
    """Profile text with the site-packages and source-tree prefixes of file names removed."""
    for prefix in sorted({p for p in sys.path if p and p.endswith(("site-packages", "src"))}, key=len, reverse=True):
        text = text.replace(prefix.rstrip("/") + "/", "")
    return text


# --- scaling ---------------------------------------------------------------------------------

_BODY_RE = re.compile(rb"(<body[^>]*>)(.*)(</body\s*>)", re.IGNORECASE | re.DOTALL)


def repeat_to_size(html: bytes, size: int) -> bytes:
    """The page with its ``<body>`` content repeated until the document reaches ``size`` bytes."""
    match = _BODY_RE.search(html)
    if match is None:
        head, inner, tail = b"<html><body>", html, b"</body></html>"
    else:
        head, inner, tail = html[: match.end(1)], match.group(2), html[match.start(3) :]
    copies = max(1, -(-(size - len(head) - len(tail)) // max(1, len(inner))))
    return head + inner * copies + tail


def pick_scaling_page(pages: Sequence[SpeedPage], key: str | None) -> SpeedPage:
    """The requested page, else the largest page without a true body (an archived article)."""
    if key:
        for page in pages:
            if page.key == key:
                return page
        raise ValueError(f"no page {key!r}; keys look like {pages[0].key!r}")
    archived = [p for p in pages if p.truth_body is None] or list(pages)
    return max(archived, key=lambda p: len(p.html))


def time_best(fn: Callable[[bytes, str | None], Any], html: bytes, url: str | None, repeats: int) -> float:
    """Fewest seconds of ``repeats`` calls (the least disturbed by other work on the machine)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn(html, url)
        times.append(time.perf_counter() - start)
    return min(times)


def scaling(page: SpeedPage, repeats: int = 5) -> list[dict[str, Any]]:
    """articlescrape and the parse floor on ``page`` repeated to each of SCALING_SIZES_MB."""
    rows = []
    for size_mb in SCALING_SIZES_MB:
        html = repeat_to_size(page.html, size_mb * MB)
        rows.append(
            {
                "mb": size_mb,
                "bytes": len(html),
                "articlescrape_s": time_best(adapters.articlescrape_run, html, page.url, repeats),
                "floor_s": time_best(parse_floor, html, page.url, repeats),
            }
        )
    return rows


def print_scaling(page: SpeedPage, rows: Sequence[dict[str, Any]]) -> None:
    """Seconds per size and the ratio to the previous size (linear growth: about 2)."""
    print(f"\n## scaling: {page.key} ({len(page.html)} bytes) body repeated; best of 5 runs\n")
    table = []
    for i, r in enumerate(rows):
        prev = rows[i - 1] if i else None
        ratio = f"{r['articlescrape_s'] / prev['articlescrape_s']:.2f}" if prev else "-"
        floor_ratio = f"{r['floor_s'] / prev['floor_s']:.2f}" if prev else "-"
        table.append([f"{r['mb']} MB", f"{r['bytes']}", f"{r['articlescrape_s'] * 1000:.0f}", ratio, f"{r['floor_s'] * 1000:.0f}", floor_ratio])
    print(format_table(["size", "bytes", "articlescrape ms", "x prev", "parse-floor ms", "x prev"], table))


# --- driver ----------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; 0 on success (including "no data"), 2 on a usage error."""
    args = parse_args(argv)
    if not args.data.is_dir():
        print(f"speed.py: no data directory at {args.data} (see ../shared/data/README.md); nothing to benchmark.", file=sys.stderr)
        return 0
    try:
        tools, skipped = adapters.select_tools(args.tools)
    except ValueError as exc:
        print(f"speed.py: {exc}", file=sys.stderr)
        return 2
    for message in skipped:
        print(f"skipped {message}", file=sys.stderr)
    warnings.filterwarnings("ignore")
    pages = load_pages(args.data)
    if not pages:
        print(f"speed.py: no dataset found under {args.data}; nothing to benchmark.", file=sys.stderr)
        return 0
    rss_loaded = peak_rss_mb()
    runners = make_runners(tools)
    print(f"# speed — Python {platform.python_version()}, {platform.platform()}, {_cpus()} CPUs, load average {_load()}")
    print(f"# {len(pages)} pages ({sum(len(p.html) for p in pages) / MB:.1f} MB) from {sorted({p.dataset for p in pages})}, {args.passes} passes, interleaved")
    warm_up(runners, pages[0])
    run_passes(runners, pages, max(1, args.passes))
    summaries = [summarize(r, pages) for r in runners]
    f1_dataset = next((p.dataset for p in pages if p.truth_body is not None), None)
    print()
    print_speed_table(summaries, f1_dataset)
    print()
    for line in ratio_lines(summaries):
        print(line)
    print(f"peak RSS: {peak_rss_mb():.0f} MB (after loading pages: {rss_loaded:.0f} MB); load average now {_load()}")
    for runner in runners:
        for key, error in runner.errors.items():
            print(f"  error [{runner.name}] {key}: {error}")
    report: dict[str, Any] = {"python": platform.python_version(), "passes": args.passes, "pages": len(pages), "summaries": [_asdict(s) for s in summaries]}
    if args.profile and "articlescrape" in {t.name for t in tools}:
        print(profile_articlescrape(pages))
    if args.scaling and "articlescrape" in {t.name for t in tools}:
        try:
            page = pick_scaling_page(pages, args.scaling_page)
        except ValueError as exc:
            print(f"speed.py: {exc}", file=sys.stderr)
            return 2
        rows = scaling(page)
        print_scaling(page, rows)
        report["scaling"] = {"page": page.key, "rows": rows}
    if args.json:
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")
        print(f"\nraw figures written to {args.json}")
    return 0


def _asdict(summary: SpeedSummary) -> dict[str, Any]:
    """A slotted summary as a dict."""
    return {name: getattr(summary, name) for name in summary.__slots__}


def _load() -> str:
    """The 1-minute load average (other work on the machine skews timings), or "?"."""
    import os

    return f"{os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else "?"


def _cpus() -> int:
    """CPUs available to this process."""
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


if __name__ == "__main__":
    sys.exit(main())
