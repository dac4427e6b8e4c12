"""The pipeline, end to end: bytes or text in, :class:`Article` out.

``decode → parse → archive (undo an archive's rewriting) → clean → extract``; each stage is a
module of its own and usable alone. This module only wires them together.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from lxml.html import HtmlElement

from . import archive, clean, decode, parse
from .config import ExtractConfig
from .extractors import extract_fields
from .metadata import Page, read_metadata
from .model import Article, Source
from .profiles import profile_for
from .urls import page_url


#: The source of a page the caller said nothing about: read, never handed out.
_UNKNOWN_SOURCE = Source()


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
    # What the caller said about the source (read only), and what the stages learn about it,
    # applied at the end in one replace, or in the one Source made when none was given.
    known = source or _UNKNOWN_SOURCE
    target = known.requested or url
    learned: dict[str, Any] = {}
    if isinstance(html, HtmlElement):
        root = html
    elif isinstance(html, bytes):
        decoded = decode.decode(html, http_charset, target=target)
        if known.encoding is None:
            learned["encoding"] = decoded.encoding
        # Exact UTF-8 bytes are parsed as they are; their text is built only if a fallback needs it.
        root = parse.parse(decoded, target=target, config=config)
    else:
        root = parse.parse(html, target=target, config=config)
    if archive.capture_in_address(url) is not None:
        # The address names an archive's capture: the replay is undone before the tree is indexed.
        capture = archive.undo_archive(root, url)
        page = Page.build(root, url)
    else:
        # One walk indexes the metadata, finds what cleaning must judge and what the page says
        # about its own address and site, and makes undo_archive's first test (any sign of a
        # replay), which then costs no walk of its own. Nearly every page shows none; when the
        # replay is undone, the tree changed and is indexed again.
        page, replay = Page.build_noting_replay(root, url, archive.replay_scan())
        capture = archive.undo_archive(root, url, may_be_replay=replay)
        if capture is not None:
            page = Page.build(root, url)
    original_url = known.original_url
    if capture is not None:
        url = capture.original_url or url
        original_url = original_url or capture.original_url
        learned["capture_url"] = known.capture_url or capture.capture_url
        learned["capture_timestamp"] = known.capture_timestamp or capture.timestamp
    if original_url is None and url is not None:
        original_url = url
    if original_url != known.original_url:
        learned["original_url"] = original_url
    if source is None:
        source = Source(**learned)
    elif learned:
        source = replace(source, **learned)
    url = page_url(root, url, page)
    page = page.with_url(url)
    profile = profile_for(root, url, page) if config.use_profiles else None
    suspects = page.suspects
    # The metadata keeps only the page's index (Page.index_only); once it is read, nothing holds
    # the lists the address, the profile and cleaning use but this stage, so the ~200 element
    # proxies of the suspects go after cleaning, not when the Article is built.
    # The Article reports only the language a page declares: no guesses, so no text sample for them.
    metadata = read_metadata(root, url, page=page, language_guesses=False)
    del page
    keep = frozenset(profile.structural_comments) if profile is not None else frozenset()
    clean.clean(root, url=url, config=config, keep_comments=keep, suspects=suspects)
    del suspects
    article = extract_fields(root, url=url, config=config, metadata=metadata, profile=profile, capture_time=source.capture_timestamp)
    article.source = source
    return article
