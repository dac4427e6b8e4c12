"""The public entry points: :func:`extract` for a page you have, :func:`scrape` for one to fetch."""

from __future__ import annotations

from typing import Any

import requests
from lxml.html import HtmlElement

from . import pipeline
from .config import ExtractConfig
from .fetch import FetchConfig, Fetcher
from .model import Article
from .parse import from_soup


def extract(
    html: str | bytes | HtmlElement | Any,
    url: str | None = None,
    *,
    config: ExtractConfig | None = None,
) -> Article:
    """Extract an :class:`Article` from a page you already have.

    ``html`` is the page as bytes (best: the encoding is chosen from the evidence), as text,
    as an lxml tree, or as a BeautifulSoup object. ``url`` is where the page lives; relative
    links are resolved against it.
    """
    if not isinstance(html, (str, bytes, HtmlElement)) and type(html).__name__ == "BeautifulSoup":
        html = from_soup(html)
    return pipeline.extract(html, url, config=config)


def scrape(
    target: str,
    *,
    archived: Any = None,
    fetch_config: FetchConfig | None = None,
    config: ExtractConfig | None = None,
    session: requests.Session | None = None,
    fetcher: Fetcher | None = None,
    url: str | None = None,
) -> Article:
    """Fetch ``target`` (a URL, a Wayback capture URL, a local path, a ``file://`` URL, or ``-``
    for stdin) and extract its :class:`Article`.

    ``archived`` asks for the Wayback Machine capture of the URL closest to that moment (a
    date, a datetime or a 1-14 digit Wayback timestamp; ``True`` for the newest capture).
    ``url`` overrides the page's address (for a file or stdin whose origin you know).
    """
    if fetcher is None:
        # A one-off fetcher: close its connections (and cache) now, unless the session is the caller's.
        own = Fetcher(fetch_config, session=session)
        try:
            fetched = own.fetch(target, archived=archived)
        finally:
            if session is None:
                own.close()
    else:
        fetched = fetcher.fetch(target, archived=archived)
    return pipeline.extract(fetched.data, url or fetched.url, config=config, source=fetched.source, http_charset=fetched.http_charset)
