#!/usr/bin/env python3
"""Accuracy benchmark: articlescrape and its peers on the same pages, one table per dataset.

    python benchmarks/accuracy.py                       # every dataset under ../shared/data
    python benchmarks/accuracy.py --tools articlescrape,trafilatura --per-page
    python benchmarks/accuracy.py --data DIR --json out.json

Scrapinghub-layout datasets get body precision / recall / F1 by the ScrapingHub shingle metric;
archived-layout datasets get one rate per annotated field. Metric definitions are in
``benchmarks/metrics.py`` and ``benchmarks/README.md``. Exits 0 with a message when the data
directory is absent.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import metrics
from benchmarks.adapters import Tool, safe_predict, select_tools
from benchmarks.datasets import Dataset, default_data_dir, load_all

FIELD_TITLES = {
    "headline": "headline",
    "date": "date",
    "first_last": "first+last",
    "para_count": "count±10%",
    "leak": "leak↓",
    "captions": "captions",
    "pull_quotes": "pull quotes",
    "related": "related",
    "external": "external",
}


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=default_data_dir(), help="data directory (default: ../shared/data)")
    parser.add_argument("--tools", default=None, help="comma-separated tools (default: all installed)")
    parser.add_argument("--json", type=Path, default=None, metavar="OUT", help="write raw figures as JSON")
    parser.add_argument("--per-page", action="store_true", help="print per-page scores and failures")
    return parser.parse_args(argv)


def fmt(value: float | None, digits: int = 3) -> str:
    """A rate for a table cell: ``n/a`` for ``None``."""
    return "n/a" if value is None else f"{value:.{digits}f}"


def format_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain-text table, first column left-aligned, others right-aligned."""
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def run_tool(tool: Tool, dataset: Dataset) -> tuple[list[metrics.Prediction], float]:
    """Predictions of ``tool`` for every page of ``dataset`` and the seconds it took."""
    start = time.perf_counter()
    predictions = [safe_predict(tool, page.html, page.url) for page in dataset.pages]
    return predictions, time.perf_counter() - start


# --- scrapinghub layout ----------------------------------------------------------------------


def score_body(dataset: Dataset, predictions: Sequence[metrics.Prediction]) -> dict[str, Any]:
    """Per-page shingle scores and the corpus figures (ours, and the upstream script's variant)."""
    pages = [metrics.shingle_score(p.body, page.truth_body) for page, p in zip(dataset.pages, predictions)]
    upstream = [metrics.shingle_score(p.body, page.truth_body, lowercase=False) for page, p in zip(dataset.pages, predictions)]
    return {
        "corpus": metrics.body_corpus_score(pages),
        "upstream": metrics.body_corpus_score(upstream, skip_empty_predictions=True),
        "pages": {page.id: s for page, s in zip(dataset.pages, pages)},
    }


def scrapinghub_rows(results: dict[str, dict[str, Any]], tools: Sequence[Tool]) -> list[list[str]]:
    """One table row per tool."""
    rows = []
    for tool in tools:
        r = results[tool.name]
        c, u = r["corpus"], r["upstream"]
        rows.append([f"{tool.name} {tool.version()}", fmt(c.precision), fmt(c.recall), fmt(c.f1), fmt(c.accuracy), fmt(c.exact), fmt(u.f1), str(r["errors"]), f"{r['seconds']:.1f}"])
    return rows


def print_scrapinghub(dataset: Dataset, results: dict[str, dict[str, Any]], tools: Sequence[Tool], per_page: bool) -> None:
    """The body table of a scrapinghub-layout dataset (and, on request, the weak pages)."""
    print(f"\n## {dataset.name}: body text, {len(dataset.pages)} pages (ScrapingHub shingle metric)\n")
    headers = ["tool", "precision", "recall", "F1", "acc(F1≥.9)", "exact", "F1(upstream)", "errors", "seconds"]
    print(format_table(headers, scrapinghub_rows(results, tools)))
    print("\nF1(upstream): the benchmark's evaluate.py variant (case-sensitive tokens, empty predictions left out of P).")
    print("exact: share of pages whose token sequence equals the truth's (the published 'accuracy' column).")
    if per_page:
        for tool in tools:
            weak = sorted(((s.f1, pid, s) for pid, s in results[tool.name]["pages"].items() if s.f1 < metrics.ACCURACY_F1), key=lambda t: t[0])
            print(f"\n[{tool.name}] {len(weak)} pages with F1 < {metrics.ACCURACY_F1}:")
            urls = {p.id: p.url for p in dataset.pages}
            for f1, pid, s in weak:
                print(f"  {pid[:12]}  P={s.precision:.3f} R={s.recall:.3f} F1={f1:.3f}  {urls.get(pid) or ''}")


# --- archived layout -------------------------------------------------------------------------


def score_fields(dataset: Dataset, predictions: Sequence[metrics.Prediction]) -> dict[str, Any]:
    """Per-page field scores and the corpus rates."""
    pages = {page.id: metrics.score_page(page.expected or {}, pred, page.url) for page, pred in zip(dataset.pages, predictions)}
    return {"rates": metrics.field_rates(pages.values()), "pages": pages}


def annotated_counts(dataset: Dataset) -> dict[str, int]:
    """How many pages annotate each field (the denominator of its rate)."""
    reference = metrics.Prediction(body="", paragraphs=[], headline="", published="", captions=[], pull_quotes=[], related_links=[], external_links=[])
    pages = [metrics.score_page(page.expected or {}, reference, page.url) for page in dataset.pages]
    return {name: sum(p[name].score is not None for p in pages) for name, _ in metrics.FIELDS}


def print_archived(dataset: Dataset, results: dict[str, dict[str, Any]], tools: Sequence[Tool], per_page: bool) -> None:
    """The field table of an archived-layout dataset (and, on request, every failure)."""
    counts = annotated_counts(dataset)
    print(f"\n## {dataset.name}: fields, {len(dataset.pages)} pages (rate over the pages annotated: n)\n")
    headers = ["tool"] + [f"{FIELD_TITLES[name]} ({counts[name]})" for name, _ in metrics.FIELDS] + ["errors"]
    rows = [[f"{t.name} {t.version()}"] + [fmt(results[t.name]["rates"][name], 2) for name, _ in metrics.FIELDS] + [str(results[t.name]["errors"])] for t in tools]
    print(format_table(headers, rows))
    if per_page:
        for tool in tools:
            print(f"\n[{tool.name}] per page (- not annotated, n/a not produced):\n")
            print(per_page_grid(results[tool.name], dataset))
            print(f"\n[{tool.name}] failures:")
            print_field_failures(results[tool.name], dataset)


def grid_cell(score: metrics.FieldScore) -> str:
    """A per-page cell: the score, ``-`` when not annotated, ``n/a`` when not produced."""
    if score.score is None:
        return "n/a" if score.detail == "n/a" else "-"
    return f"{score.score:.2f}"


def per_page_grid(result: dict[str, Any], dataset: Dataset) -> str:
    """One row per page, one column per field."""
    headers = ["page"] + [FIELD_TITLES[name] for name, _ in metrics.FIELDS]
    rows = [[page.id] + [grid_cell(result["pages"][page.id][name]) for name, _ in metrics.FIELDS] for page in dataset.pages]
    return format_table(headers, rows)


def is_failure(name: str, score: metrics.FieldScore) -> bool:
    """A scored field that is not perfect (a leak above 0, any other rate below 1)."""
    higher_is_better = dict(metrics.FIELDS)[name]
    return score.score is not None and (score.score < 1.0 if higher_is_better else score.score > 0.0)


def print_field_failures(result: dict[str, Any], dataset: Dataset) -> None:
    """One line per (page, field) that is not perfect, with the reason."""
    for page in dataset.pages:
        error = result["errors_by_page"].get(page.id)
        if error:
            print(f"  {page.id}  ERROR {error}")
        for name, score in result["pages"][page.id].items():
            if is_failure(name, score):
                print(f"  {page.id}  {name:<11} {score.score:.2f}  {score.detail}")


# --- driver ----------------------------------------------------------------------------------


def evaluate(dataset: Dataset, tools: Sequence[Tool]) -> dict[str, dict[str, Any]]:
    """Run every tool on ``dataset`` and score it by the dataset's layout."""
    results = {}
    for tool in tools:
        predictions, seconds = run_tool(tool, dataset)
        scored = score_body(dataset, predictions) if dataset.layout == "scrapinghub" else score_fields(dataset, predictions)
        errors = {page.id: p.error for page, p in zip(dataset.pages, predictions) if p.error}
        results[tool.name] = {**scored, "errors": len(errors), "errors_by_page": errors, "seconds": seconds}
    return results


def to_jsonable(value: Any) -> Any:
    """Dataclasses and containers as JSON-ready builtins."""
    if hasattr(value, "__dataclass_fields__"):
        data = asdict(value)
        if isinstance(value, metrics.ShingleScore):
            data["f1"] = value.f1
        return data
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    return value


def environment(tools: Sequence[Tool]) -> dict[str, Any]:
    """Python, platform and tool versions."""
    return {"python": platform.python_version(), "platform": platform.platform(), "tools": {t.name: t.version() for t in tools}}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; 0 on success (including "no data"), 2 on a usage error."""
    args = parse_args(argv)
    if not args.data.is_dir():
        print(f"accuracy.py: no data directory at {args.data} (see ../shared/data/README.md); nothing to benchmark.", file=sys.stderr)
        return 0
    try:
        tools, skipped = select_tools(args.tools)
    except ValueError as exc:
        print(f"accuracy.py: {exc}", file=sys.stderr)
        return 2
    for message in skipped:
        print(f"skipped {message}", file=sys.stderr)
    datasets = load_all(args.data)
    if not datasets:
        print(f"accuracy.py: no dataset found under {args.data}; nothing to benchmark.", file=sys.stderr)
        return 0
    env = environment(tools)
    print(f"# accuracy — Python {env['python']}, {env['platform']}")
    print("# tools: " + ", ".join(f"{k} {v}" for k, v in env["tools"].items()))
    report: dict[str, Any] = {**env, "datasets": {}}
    for dataset in datasets:
        results = evaluate(dataset, tools)
        printer = print_scrapinghub if dataset.layout == "scrapinghub" else print_archived
        printer(dataset, results, tools, args.per_page)
        report["datasets"][dataset.name] = {"layout": dataset.layout, "pages": len(dataset.pages), "results": to_jsonable(results)}
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
        print(f"\nraw figures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
