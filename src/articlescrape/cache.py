"""The on-disk HTTP cache: requests-cache over SQLite, with the archive's own policy.

Archive captures never change, so they are kept forever; lookups (availability, CDX) change
only when the archive adds captures, so they are kept for a while; live pages are kept exactly
as long as their HTTP headers allow (and revalidated with their validators when stale). The
cache sits above the politeness adapter: a hit never waits and never reaches the network.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

import requests
from requests_cache import EXPIRE_IMMEDIATELY, NEVER_EXPIRE, CachedSession
from requests_cache.policy import ExpirationPatterns

if TYPE_CHECKING:
    from .fetch import FetchConfig

#: Statuses worth keeping: pages and the redirects that lead to them (a partial capture
#: timestamp's 302 to the nearest capture is as stable as the capture).
CACHEABLE_STATUSES = (200, 203, 300, 301, 302, 303, 307, 308)
CACHE_FILE = "http-cache.sqlite"


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/articlescrape`` (``~/.cache/articlescrape`` when unset)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "articlescrape"


def build_session(config: FetchConfig) -> requests.Session:
    """A plain session, or a cached one when ``config.use_cache`` is set."""
    if not config.use_cache:
        return requests.Session()
    directory = Path(config.cache_dir) if config.cache_dir else default_cache_dir()
    directory.mkdir(parents=True, exist_ok=True)
    return CachedSession(
        str(directory / CACHE_FILE),
        backend="sqlite",
        cache_control=True,
        expire_after=EXPIRE_IMMEDIATELY,
        urls_expire_after=archive_expiry(config),
        allowable_codes=CACHEABLE_STATUSES,
        allowable_methods=("GET", "HEAD"),
    )


def archive_expiry(config: FetchConfig) -> ExpirationPatterns:
    """Per-URL expiry for the configured archive: captures forever, lookups for a while.

    Regular expressions, not requests-cache's globs: a capture URL embeds a second URL, and
    the glob matcher would look at the embedded one."""
    base = re.escape(config.wayback_base.rstrip("/"))
    base_any_scheme = re.sub(r"^https?", "https?", base)
    lookup = int(config.lookup_cache_seconds)
    availability = re.sub(r"^https?", "https?", re.escape(config.availability_url))
    return {
        re.compile(rf"^{base_any_scheme}/web/\d+"): NEVER_EXPIRE,
        re.compile(rf"^{base_any_scheme}/cdx/"): lookup,
        re.compile(rf"^{availability}"): lookup,
    }
