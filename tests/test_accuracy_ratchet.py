"""A ratchet on real pages: extraction quality may only go up.

Runs articlescrape over the shared datasets (read in place; skipped cleanly when ``../shared``
is absent) with the benchmark's own metrics, and fails when a rate drops below the level
reached when issue 4 closed. Raise a floor when the extractor improves; never lower one to make
a change pass.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import accuracy, adapters, datasets  # noqa: E402

DATA = datasets.default_data_dir()

#: archived-dev rates reached at the close of issue 4 (field -> minimum; "leak" is a maximum).
ARCHIVED_FLOORS = {
    "headline": 1.0,
    "date": 1.0,
    "first_last": 1.0,
    "para_count": 1.0,
    "captions": 1.0,
    "pull_quotes": 1.0,
    "related": 1.0,
    "external": 1.0,
}
ARCHIVED_LEAK_CEILING = 0.0
#: scrapinghub-dev body F1 (shingle metric) reached at the close of issue 4.
SCRAPINGHUB_F1_FLOOR = 0.974


def _dataset(name: str) -> datasets.Dataset:
    if not (DATA / name).is_dir():
        pytest.skip(f"shared dataset {name} not present at {DATA}")
    for dataset in datasets.load_all(DATA):
        if dataset.name == name:
            return dataset
    pytest.skip(f"dataset {name} could not be loaded")


def _articlescrape() -> adapters.Tool:
    tools, _ = adapters.select_tools("articlescrape")
    return tools[0]


def test_archived_dev_rates_do_not_drop() -> None:
    dataset = _dataset("archived-dev")
    result = accuracy.evaluate(dataset, [_articlescrape()])["articlescrape"]
    rates = result["rates"]
    for field, floor in ARCHIVED_FLOORS.items():
        assert rates[field] is not None and rates[field] >= floor, f"{field}: {rates[field]} < {floor}\n{result}"
    assert rates["leak"] <= ARCHIVED_LEAK_CEILING, f"leak rate {rates['leak']} > {ARCHIVED_LEAK_CEILING}"


def test_scrapinghub_dev_body_f1_does_not_drop() -> None:
    dataset = _dataset("scrapinghub-dev")
    result = accuracy.evaluate(dataset, [_articlescrape()])["articlescrape"]
    f1 = result["corpus"].f1
    assert f1 >= SCRAPINGHUB_F1_FLOOR, f"body F1 {f1:.4f} < {SCRAPINGHUB_F1_FLOOR}"
