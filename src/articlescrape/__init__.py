"""articlescrape: news pages, above all archived ones, as clean structured data.

    >>> import articlescrape
    >>> article = articlescrape.scrape("fixtures/bbc/2002-n-koreans-storm-spanish-embassy.html")
    >>> article.headline
    'N Koreans storm Spanish embassy'
"""

from __future__ import annotations

from .api import extract, scrape
from .batch import BatchConfig, Result, Target, scrape_many
from .config import ExtractConfig
from .errors import (
    ArticlescrapeError,
    DecodeError,
    FetchError,
    InputError,
    ParseError,
)
from .fetch import FetchConfig, Fetcher
from .model import Article, FactBox, Image, Link, Media, Paragraph, Quote, Source

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
