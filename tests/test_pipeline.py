"""The pipeline's order of stages and what each stage is handed."""

from __future__ import annotations

import gc
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from articlescrape import pipeline
from articlescrape.decode import decode
from articlescrape.metadata import Page, read_metadata
from articlescrape.parse import parse

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted((ROOT / "fixtures").glob("*/*.html"))
URL = "http://example.com/2002/03/14/story.html"


def _reachable(start: object, depth: int) -> list[object]:
    """Every object ``start`` refers to, directly or through up to ``depth`` - 1 others."""
    seen: dict[int, object] = {}
    frontier = [start]
    for _ in range(depth):
        frontier = [o for x in frontier for o in gc.get_referents(x) if id(o) not in seen]
        seen.update((id(o), o) for o in frontier)
    return list(seen.values())


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.parent.name + "/" + p.name)
def test_the_metadata_keeps_no_element_list_of_the_earlier_stages(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The metadata lives until the Article is built, and keeps its page for the fields it reads
    on demand: not the cleaning suspects and the address declarations (hundreds of element
    proxies a page), which the pipeline lets go after cleaning."""
    made: list[Any] = []

    def spy(root: Any, url: str | None, *, page: Page, **options: Any) -> Any:
        assert page.suspects and page.declarations, "the fixture has comments, scripts and metas"
        made.append(read_metadata(root, url, page=page, **options))
        return made[-1]

    monkeypatch.setattr(pipeline, "read_metadata", spy)
    pipeline.extract(path.read_bytes(), URL)
    [metadata] = made
    pages = [o for o in _reachable(metadata, 4) if isinstance(o, Page)]
    assert pages, "the metadata keeps a page for its deferred fields"
    assert all(p.suspects == () and p.declarations == () for p in pages)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.parent.name + "/" + p.name)
def test_the_readers_never_read_the_suspects_or_the_declarations(path: Path) -> None:
    """What makes handing the metadata a slimmer index safe: every candidate, the on-demand
    fields included, is the same without those two lists."""
    root = parse(decode(path.read_bytes()))
    full = Page.build(root, URL)
    assert full.suspects and full.declarations, "the fixture has comments, scripts and metas"
    slim = replace(full, suspects=(), declarations=())
    assert read_metadata(root, URL, page=slim).all_candidates() == read_metadata(root, URL, page=full).all_candidates()


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.parent.name + "/" + p.name)
def test_extracted_paragraphs_hold_collapsed_text(path: Path) -> None:
    """The extractors make paragraphs from block texts without collapsing them again (the
    blocks are collapsed): the output must still hold the model's invariant."""
    article = pipeline.extract(path.read_bytes(), URL)
    assert article.paragraphs
    for paragraph in article.paragraphs:
        assert paragraph.text == " ".join(paragraph.text.split())
        assert paragraph.kind in ("paragraph", "heading")


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.parent.name + "/" + p.name)
def test_the_pipeline_reads_no_language_guesses_and_reports_the_declared_language(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Article's language is what the page declares: the pipeline skips the guesses' text
    sample, and the language it reports is the one a full reading declares."""
    asked: list[bool] = []

    def spy(root: Any, url: str | None, *, page: Page, language_guesses: bool = True) -> Any:
        asked.append(language_guesses)
        return read_metadata(root, url, page=page, language_guesses=language_guesses)

    monkeypatch.setattr(pipeline, "read_metadata", spy)
    article = pipeline.extract(path.read_bytes(), URL)
    assert asked == [False]
    full = read_metadata(parse(decode(path.read_bytes())), URL)
    assert article.language == full.language()
