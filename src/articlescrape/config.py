"""Configuration: frozen dataclasses passed down the pipeline, never globals.

``ExtractConfig`` steers the extraction stages; ``FetchConfig`` (in :mod:`articlescrape.fetch`)
steers fetching. Both are immutable so one instance can be shared across threads and
processes without surprises; derive a variant with :func:`dataclasses.replace`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ExtractConfig:
    """Knobs of the extraction stages.

    The defaults are what the accuracy benchmark was tuned on; change them only with a reason.
    """

    #: Use the small per-site profiles (``profiles/*.json``) to sharpen the generic result.
    use_profiles: bool = True
    #: Look for inline direct quotations ("...", she said) in body paragraphs.
    inline_quotes: bool = True
    #: Pages larger than this (characters of decoded text) are refused with a clear error
    #: rather than risking minutes of work on a runaway document.
    max_document_chars: int = 50_000_000
