"""articlescrape: news pages, above all archived ones, as clean structured data.

    >>> import articlescrape
    >>> article = articlescrape.scrape("fixtures/bbc/2002-n-koreans-storm-spanish-embassy.html")
    >>> article.headline
    'N Koreans storm Spanish embassy'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .config import ExtractConfig
from .errors import (
    ArticlescrapeError,
    DecodeError,
    FetchError,
    InputError,
    ParseError,
)
from .model import Article, FactBox, Image, Link, Media, Paragraph, Quote, Source

if TYPE_CHECKING:
    from .api import extract, scrape
    from .batch import BatchConfig, Result, Target, scrape_many
    from .fetch import FetchConfig, Fetcher

#: Names whose modules bring in the HTTP stack (requests, urllib3, requests-cache: about two
#: thirds of the package's import time), imported when first used. A batch's extraction
#: processes import only the extraction pipeline, which needs none of it: each of them starts
#: in about a third of the time.
_LAZY = {
    "extract": "api",
    "scrape": "api",
    "BatchConfig": "batch",
    "Result": "batch",
    "Target": "batch",
    "scrape_many": "batch",
    "FetchConfig": "fetch",
    "Fetcher": "fetch",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "Article",
    "BatchConfig",
    "ArticlescrapeError",
    "DecodeError",
    "ExtractConfig",
    "FactBox",
    "FetchConfig",
    "FetchError",
    "Fetcher",
    "Image",
    "InputError",
    "Link",
    "Media",
    "Paragraph",
    "ParseError",
    "Quote",
    "Result",
    "Source",
    "Target",
    "extract",
    "scrape",
    "scrape_many",
]
__version__ = "0.1.0"
