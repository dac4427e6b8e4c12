"""Stage 4: drop what is never content. PLACEHOLDER until the extractor lands."""

from __future__ import annotations

from lxml.html import HtmlElement

from .config import ExtractConfig


def clean(root: HtmlElement, *, url: str | None, config: ExtractConfig) -> HtmlElement:
    for el in root.xpath("//script|//style"):
        el.drop_tree()
    return root
