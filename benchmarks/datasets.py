"""Loading the benchmark datasets (read-only, outside the repository).

Two layouts are recognised in any sub-directory of the data directory:

* **scrapinghub** — ``ground-truth.json`` (``{id: {"url", "articleBody"}}``) and
  ``html/<id>.html.gz`` (gzip-compressed UTF-8 pages);
* **archived** — ``manifest.json`` (a list of ``{"id", "url", ...}``), ``pages/<id>.html``
  (exact bytes as published) and ``expected/<id>.json`` (hand annotations).
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Layout = Literal["scrapinghub", "archived"]


def default_data_dir() -> Path:
    """``../shared/data`` relative to the repository root."""
    return Path(__file__).resolve().parents[1].parent / "shared" / "data"


@dataclass(slots=True)
class Page:
    """One page of a dataset, its bytes already in memory."""

    id: str
    url: str | None
    html: bytes
    truth_body: str | None = None
    expected: dict[str, Any] | None = None


@dataclass(slots=True)
class Dataset:
    """A named dataset of one layout."""

    name: str
    layout: Layout
    path: Path
    pages: list[Page] = field(default_factory=list)


def detect_layout(path: Path) -> Layout | None:
    """The layout of the directory ``path``, or ``None`` when it is not a dataset."""
    if (path / "ground-truth.json").is_file() and (path / "html").is_dir():
        return "scrapinghub"
    if (path / "manifest.json").is_file() and (path / "pages").is_dir() and (path / "expected").is_dir():
        return "archived"
    return None


def find_datasets(data_dir: Path) -> list[tuple[Path, Layout]]:
    """Every dataset directory directly under ``data_dir`` (or ``data_dir`` itself), sorted."""
    own = detect_layout(data_dir)
    if own is not None:
        return [(data_dir, own)]
    found = []
    for child in sorted(p for p in data_dir.iterdir() if p.is_dir()):
        layout = detect_layout(child)
        if layout is not None:
            found.append((child, layout))
    return found


def _read_json(path: Path) -> Any:
    """A UTF-8 JSON file's content."""
    with path.open(encoding="utf-8") as f:
        return json.load(f)


def load_scrapinghub(path: Path) -> Dataset:
    """A scrapinghub-layout dataset: every id of ``ground-truth.json`` with its gunzipped page."""
    truth = _read_json(path / "ground-truth.json")
    pages = []
    for page_id in sorted(truth):
        html_path = path / "html" / f"{page_id}.html.gz"
        if not html_path.is_file():
            continue
        item = truth[page_id]
        pages.append(Page(page_id, item.get("url"), gzip.decompress(html_path.read_bytes()), truth_body=item.get("articleBody") or ""))
    return Dataset(path.name, "scrapinghub", path, pages)


def load_archived(path: Path) -> Dataset:
    """An archived-layout dataset: every manifest entry with its page bytes and annotations."""
    pages = []
    for entry in _read_json(path / "manifest.json"):
        page_id = str(entry["id"])
        html_path = path / "pages" / f"{page_id}.html"
        expected_path = path / "expected" / f"{page_id}.json"
        if not html_path.is_file():
            continue
        expected = _read_json(expected_path) if expected_path.is_file() else {}
        pages.append(Page(page_id, entry.get("url"), html_path.read_bytes(), expected=expected))
    return Dataset(path.name, "archived", path, pages)


def load_dataset(path: Path, layout: Layout) -> Dataset:
    """Load one dataset of a known layout."""
    return load_scrapinghub(path) if layout == "scrapinghub" else load_archived(path)


def load_all(data_dir: Path) -> list[Dataset]:
    """Every dataset under ``data_dir`` (empty when there is none)."""
    return [load_dataset(path, layout) for path, layout in find_datasets(data_dir)]
