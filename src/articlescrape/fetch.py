"""Stage 0: getting the bytes of a target (URL, archive capture, file, stdin).

PLACEHOLDER: a minimal fetcher so the rest of the package works end to end; the full fetcher
(polite HTTP, Wayback Machine, cache) replaces it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import unquote, urlparse

import requests

from .errors import FetchError, InputError
from .model import Source


@dataclass(frozen=True, slots=True)
class FetchConfig:
    """How pages are fetched. One instance is shared by every worker of a run."""

    user_agent: str = "articlescrape/0.1 (+https://github.com/articlescrape; contact: unset)"
    connect_timeout: float = 10.0
    read_timeout: float = 30.0


@dataclass(slots=True)
class Fetched:
    """The raw result of fetching one target, before decoding."""

    data: bytes
    #: URL the page's relative links resolve against (the original site's, for a capture).
    url: str | None
    #: Charset the transport declared (for a capture: the original server's), if any.
    http_charset: str | None
    source: Source = field(default_factory=Source)


class Fetcher:
    """Fetches targets. Thread-safe: one instance is shared by all workers of a batch."""

    def __init__(self, config: FetchConfig | None = None, session: requests.Session | None = None) -> None:
        self.config = config or FetchConfig()
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = self.config.user_agent

    def fetch(self, target: str, *, archived: object | None = None) -> Fetched:
        now = datetime.now(timezone.utc)
        if target == "-":
            return Fetched(sys.stdin.buffer.read(), None, None, Source(requested="-", fetched_at=now))
        parsed = urlparse(target)
        if parsed.scheme in ("http", "https"):
            try:
                response = self.session.get(target, timeout=(self.config.connect_timeout, self.config.read_timeout))
            except requests.RequestException as error:
                raise FetchError(str(error), target=target) from error
            if response.status_code >= 400:
                raise FetchError(f"HTTP {response.status_code}", target=target)
            return Fetched(response.content, response.url, response.encoding, Source(requested=target, final_url=response.url, original_url=response.url, status=response.status_code, fetched_at=now))
        path = Path(unquote(parsed.path)) if parsed.scheme == "file" else Path(target)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise InputError(f"cannot read file: {error.strerror or error}", target=target) from error
        return Fetched(data, None, None, Source(requested=target, final_url=path.resolve().as_uri(), fetched_at=now))
