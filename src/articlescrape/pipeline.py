"""The pipeline, end to end: bytes or text in, :class:`Article` out.

``decode → parse → archive (undo an archive's rewriting) → clean → extract``; each stage is a
module of its own and usable alone. This module only wires them together.
"""

from __future__ import annotations

from dataclasses import replace

from lxml.html import HtmlElement

from . import archive, clean, decode, parse
from .config import ExtractConfig
from .extract import extract_fields
from .model import Article, Source


def extract(
    html: str | bytes | HtmlElement,
    url: str | None = None,
    *,
    config: ExtractConfig | None = None,
    source: Source | None = None,
    http_charset: str | None = None,
) -> Article:
    """Extract an :class:`Article` from one page.

    ``html`` may be the raw bytes (preferred: the encoding is then chosen from the evidence),
    decoded text, or an lxml tree. ``url`` is the page's address, used to resolve relative
    links and as a hint for site profiles.
    """
    config = config or ExtractConfig()
    source = source or Source()
    target = source.requested or url
    if isinstance(html, HtmlElement):
        root = html
    else:
        if isinstance(html, bytes):
            decoded = decode.decode(html, http_charset, target=target)
            text = decoded.text
            if source.encoding is None:
                source = replace(source, encoding=decoded.encoding)
        else:
            text = html
        root = parse.parse(text, target=target, config=config)
    capture = archive.undo_archive(root, url)
    if capture is not None:
        url = capture.original_url or url
        source = replace(
            source,
            original_url=source.original_url or capture.original_url,
            capture_url=source.capture_url or capture.capture_url,
            capture_timestamp=source.capture_timestamp or capture.timestamp,
        )
    if source.original_url is None and url is not None:
        source = replace(source, original_url=url)
    page = clean.clean(root, url=url, config=config)
    article = extract_fields(page, url=url, config=config, capture_time=source.capture_timestamp)
    article.source = source
    return article
