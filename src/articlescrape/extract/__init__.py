"""Stage 5: field extractors over the cleaned tree. PLACEHOLDER."""

from __future__ import annotations

from datetime import datetime

from lxml.html import HtmlElement

from ..config import ExtractConfig
from ..model import Article, Paragraph


def extract_fields(root: HtmlElement, *, url: str | None, config: ExtractConfig, capture_time: datetime | None) -> Article:
    title = root.findtext(".//title")
    paragraphs = [Paragraph(p.text_content()) for p in root.iter("p") if p.text_content().strip()]
    return Article(url=url, headline=title, paragraphs=paragraphs)
