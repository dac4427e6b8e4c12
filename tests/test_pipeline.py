"""The pipeline's order of stages and what each stage is handed."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from articlescrape import pipeline
from articlescrape.decode import decode
from articlescrape.parse import parse
from articlescrape.metadata import Page, read_metadata

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted((ROOT / "fixtures").glob("*/*.html"))
URL = "http://example.com/2002/03/14/story.html"


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.parent.name + "/" + p.name)
def test_metadata_gets_the_index_without_what_only_earlier_stages_need(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The metadata keeps its page for its on-demand fields until the Article is built, so the
    pipeline hands it the index without the cleaning suspects and the address declarations
    (hundreds of element proxies a page)."""
    given: list[Page] = []

    def spy(root: Any, url: str | None, *, page: Page) -> Any:
        given.append(page)
        return read_metadata(root, url, page=page)

    monkeypatch.setattr(pipeline, "read_metadata", spy)
    pipeline.extract(path.read_bytes(), URL)
    [page] = given
    assert page.suspects == () and page.declarations == ()


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
