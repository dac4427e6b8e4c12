"""Stage 0: getting the bytes of a target (URL, Wayback capture, file, stdin).

A :class:`Fetcher` owns one ``requests`` session for its whole life: the HTTP cache
(:mod:`articlescrape.cache`) on top, the politeness adapter (:mod:`articlescrape.throttle`)
underneath. Archive captures are always fetched raw (``id_``) so the bytes are the original
server's; the capture's facts (original URL, capture time, how far it is from the moment
asked for) come from the archive's headers and go into :class:`~articlescrape.model.Source`.
Configuration is one frozen :class:`FetchConfig`, passed down, never global.
"""

from __future__ import annotations

import copy
import json
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import getproxies

import requests
from requests.utils import parse_header_links

from .cache import build_session
from .decode import charset_from_content_type
from .errors import (
    ArticlescrapeError,
    CaptureNotFoundError,
    FetchError,
    HTTPStatusError,
    InputError,
    NotHTMLError,
    TooLargeError,
    TooManyRedirectsError,
)
from .model import Source
from .throttle import HostThrottle, PoliteAdapter
from .wayback import (
    CaptureFinder,
    CaptureRef,
    When,
    datetime_to_timestamp,
    in_range,
    netloc_of,
    parse_capture_url,
    parse_when,
    timestamp_to_datetime,
)

VERSION = "0.1.0"
ENV_WAYBACK_BASE = "ARTICLESCRAPE_WAYBACK_BASE"
#: Types a page may have. Anything else (PDF, images, JSON...) is "not an HTML page".
_PAGE_TYPES = re.compile(r"^(text/[\w.+-]+|application/xhtml\+xml|application/xml)$")
#: Magic numbers of formats that are sometimes served as text/html by careless servers.
_BINARY_MAGIC = (b"%PDF-", b"\x89PNG", b"GIF87a", b"GIF89a", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b")


@dataclass(frozen=True, slots=True)
class FetchConfig:
    """How pages are fetched. One instance is shared by every worker of a run.

    The politeness defaults keep below the Wayback Machine's published limits (about 24 CDX
    queries a minute, about 8 capture fetches a second) and pace any other host at one
    request a second. Change them with :func:`dataclasses.replace` or the CLI flags."""

    #: Full User-Agent; None builds one naming the project and ``contact``.
    user_agent: str | None = None
    #: An e-mail or URL where site operators can reach you; goes into the User-Agent.
    contact: str | None = None
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    #: Retries after a connection error, timeout, truncated body or 5xx (backoff with jitter).
    retries: int = 3
    backoff_base: float = 1.0
    backoff_max: float = 30.0
    #: Retries after a 429 (or a 503 with Retry-After); each one first waits as asked.
    rate_limit_retries: int = 3
    #: Host-wide pause after a 429 that names no Retry-After, growing by the factor each time.
    rate_limit_pause: float = 60.0
    rate_limit_pause_factor: float = 2.0
    rate_limit_pause_max: float = 900.0
    #: A Retry-After longer than this fails at once rather than stalling the run.
    max_retry_after: float = 600.0
    #: Minimum seconds between two requests to one host (any host not listed below).
    min_interval: float = 1.0
    #: Minimum seconds between capture fetches from the archive (4 a second).
    capture_interval: float = 0.25
    #: Minimum seconds between CDX queries (23 a minute).
    cdx_interval: float = 2.6
    #: Minimum seconds between availability API queries.
    availability_interval: float = 1.0
    #: Per-host overrides of ``min_interval``: ``(("example.com", 5.0), ...)``.
    host_intervals: tuple[tuple[str, float], ...] = ()
    #: At most this many requests to any one host per Fetcher (None: no budget).
    max_requests_per_host: int | None = None
    #: Largest body read off the wire, and largest once decompressed.
    max_bytes: int = 20 * 1024 * 1024
    max_decompressed: int = 100 * 1024 * 1024
    max_redirects: int = 10
    pool_size: int = 16
    #: Keep responses in an on-disk SQLite cache (in ``cache_dir``, default ~/.cache/articlescrape).
    use_cache: bool = False
    cache_dir: str | None = None
    #: How long availability/CDX answers are kept (captures themselves are kept forever).
    lookup_cache_seconds: float = 7 * 86400
    wayback_base: str = "https://web.archive.org"
    availability_url: str = "https://archive.org/wayback/available"
    #: Refuse a capture further than this many seconds from the moment asked for.
    wayback_window: float | None = None
    #: Only consider captures in this range (1-14 digit timestamps, inclusive).
    wayback_from: str | None = None
    wayback_to: str | None = None

    def __post_init__(self) -> None:
        """Refuse settings that would hang or hammer: a config is built once and shared by
        every worker, so a wrong value is best caught where it is made."""
        for name in ("connect_timeout", "read_timeout", "max_bytes", "max_decompressed", "rate_limit_pause_factor"):
            if getattr(self, name) <= 0:
                raise ValueError(f"FetchConfig.{name} must be positive, got {getattr(self, name)!r}")
        for name in ("retries", "rate_limit_retries", "max_redirects", "min_interval", "capture_interval", "cdx_interval",
                     "availability_interval", "backoff_base", "backoff_max", "rate_limit_pause", "max_retry_after"):
            if getattr(self, name) < 0:
                raise ValueError(f"FetchConfig.{name} must not be negative, got {getattr(self, name)!r}")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> FetchConfig:
        """The defaults, adjusted by the environment, then by ``overrides``.

        ``ARTICLESCRAPE_WAYBACK_BASE`` points the fetcher at another server speaking the
        archive's protocol (a mirror, a test server); the availability API is then
        ``{base}/wayback/available``."""
        environ = os.environ if environ is None else environ
        settings: dict[str, Any] = {}
        base = environ.get(ENV_WAYBACK_BASE, "").strip().rstrip("/")
        if base:
            settings.update(wayback_base=base, availability_url=f"{base}/wayback/available")
        settings.update(overrides)
        return cls(**settings)

    @property
    def effective_user_agent(self) -> str:
        if self.user_agent:
            return self.user_agent
        contact = self.contact or "unset; pass --contact EMAIL"
        return f"articlescrape/{VERSION} (+https://pypi.org/project/articlescrape/; contact: {contact})"

    @property
    def cdx_url(self) -> str:
        return f"{self.wayback_base.rstrip('/')}/cdx/search/cdx"

    @property
    def archive_netlocs(self) -> frozenset[str]:
        """Netlocs whose ``/web/...`` URLs are captures: the configured archive's."""
        return frozenset({netloc_of(self.wayback_base)})

    def kind_of(self, url: str) -> str:
        """Which budget a request draws on: capture, cdx, availability or page."""
        if url.startswith(self.availability_url):
            return "availability"
        if url.startswith(self.cdx_url):
            return "cdx"
        if netloc_of(url) in self.archive_netlocs and urlsplit(url).path.startswith("/web/"):
            return "capture"
        return "page"

    def pacing_for(self, url: str) -> tuple[str, str, float]:
        """``(host, kind, minimum interval)`` for a request to ``url``."""
        host, kind = netloc_of(url), self.kind_of(url)
        intervals = {"capture": self.capture_interval, "cdx": self.cdx_interval, "availability": self.availability_interval}
        interval = intervals.get(kind, dict(self.host_intervals).get(urlsplit(url).hostname or host, self.min_interval))
        return host, kind, interval


@dataclass(slots=True)
class Fetched:
    """The raw result of fetching one target, before decoding."""

    data: bytes
    #: URL the page's relative links resolve against (the original site's, for a capture).
    url: str | None
    #: Charset the transport declared (for a capture: the original server's), if any.
    http_charset: str | None
    source: Source = field(default_factory=Source)


#: Where requests looks for a .netrc file (``NETRC`` first) when it trusts the environment.
_NETRC_FILES = ("~/.netrc", "~/_netrc")


def read_environment_once(session: requests.Session) -> None:
    """Apply once what requests would read from the environment for each request.

    A session that trusts the environment scans all of it for proxies, looks for a ``.netrc``
    file and reads the CA bundle variables on every request: about a quarter of a millisecond
    each, for a batch's main process a share of what it spends per page. Without proxies or a
    ``.netrc`` (proxies depend on each URL through ``no_proxy``; both are then left to requests,
    per request), the one setting left, the CA bundle of ``REQUESTS_CA_BUNDLE`` or
    ``CURL_CA_BUNDLE``, is set on the session as requests would set it, and the session stops
    reading the environment. The environment is the one of when the fetcher was made."""
    netrc = os.environ.get("NETRC")
    if getproxies() or any(os.path.exists(os.path.expanduser(path)) for path in ((netrc,) if netrc else _NETRC_FILES)):
        return
    bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
    if bundle and session.verify is True:
        session.verify = bundle
    session.trust_env = False


class Fetcher:
    """Fetches targets. Thread-safe: one instance is shared by all workers of a batch, and its
    per-host pacing and pauses hold across all of them.

    ``session``: your own ``requests.Session`` (proxies, auth, your own cache). The fetcher
    mounts its politeness adapter on it for http:// and https://."""

    def __init__(self, config: FetchConfig | None = None, session: requests.Session | None = None) -> None:
        self.config = config or FetchConfig.from_env()
        self.throttle = HostThrottle()
        self.session = session if session is not None else build_session(self.config)
        if session is None:
            read_environment_once(self.session)
        adapter = PoliteAdapter(self.config, self.throttle)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        if session is None or str(self.session.headers.get("User-Agent", "")).startswith("python-requests/"):
            self.session.headers["User-Agent"] = self.config.effective_user_agent
        if self.session.headers.get("Accept") in (None, "*/*"):  # requests' default says nothing
            self.session.headers["Accept"] = "text/html,application/xhtml+xml;q=0.9,text/*;q=0.8,*/*;q=0.1"

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch(self, target: str, *, archived: Any = None) -> Fetched:
        """Fetch ``target``: an http(s) URL, a Wayback capture URL (any modifier), a local
        path, a ``file://`` URL, or ``-`` for stdin. ``archived`` (a date, datetime, 1-14 digit
        timestamp, or True for the newest) asks for the archive's capture of the URL closest
        to that moment instead of the live page."""
        try:
            return self._dispatch(target, archived)
        except ArticlescrapeError as error:
            raise _retarget(error, target) from error

    def _dispatch(self, target: str, archived: Any) -> Fetched:
        if target == "-":
            return self._read_stdin()
        wants_archive = archived is not None and archived is not False
        try:
            when = parse_when(archived) if wants_archive else None
        except ValueError as error:
            raise InputError(str(error), target=target) from error
        ref = parse_capture_url(target, self.config.archive_netlocs)
        if ref is not None and re.match(r"^(https?:)?//", target.strip()):
            if wants_archive:
                return self._fetch_archived(target, ref.original, when)
            asked = parse_when(ref.timestamp) if len(ref.timestamp) >= 4 else None
            return self._fetch_capture(target, CaptureRef(ref.timestamp, "id_", ref.original), asked)
        scheme = urlsplit(target).scheme.lower()
        if scheme in ("http", "https"):
            if wants_archive:
                return self._fetch_archived(target, target, when)
            return self._fetch_live(target)
        if scheme == "file" or len(scheme) <= 1:  # a Windows drive letter parses as a scheme
            if wants_archive:
                raise InputError("a Wayback capture can only be asked for by URL, not for a file", target=target)
            return self._read_file(target)
        raise InputError(f"unsupported target (scheme {scheme!r}); give an http(s) URL, a path or -", target=target)

    # --- archive ------------------------------------------------------------------------

    def _fetch_archived(self, target: str, original: str, when: When | None) -> Fetched:
        cfg = self.config
        finder = CaptureFinder(self._get_json, cfg.cdx_url, cfg.availability_url, cfg.wayback_from, cfg.wayback_to)
        candidate = finder.find(original, when)
        if candidate is None:
            span = f" between {cfg.wayback_from or 'the first'} and {cfg.wayback_to or 'the last'} capture" if cfg.wayback_from or cfg.wayback_to else ""
            raise CaptureNotFoundError(f"the Wayback Machine has no usable capture of {original}{span}", target=target)
        self._check_distance(target, candidate.timestamp, when)
        return self._fetch_capture(target, CaptureRef(candidate.timestamp, "id_", candidate.original), when)

    def _fetch_capture(self, target: str, ref: CaptureRef, asked: When | None) -> Fetched:
        """Fetch a capture raw, following the archive's redirects to the nearest timestamp."""
        response, final_url = self._follow(ref.url(self.config.wayback_base, "id_"), capture=True)
        if response.status_code == 404:
            reason = response.headers.get("X-Archive-Wayback-Runtime-Error", "not in the archive")
            raise CaptureNotFoundError(f"no capture of {ref.original} ({reason})", target=final_url)
        if response.status_code >= 400:
            raise HTTPStatusError(f"HTTP {response.status_code} from the archive", target=final_url, status=response.status_code)
        final_ref = parse_capture_url(final_url, self.config.archive_netlocs) or ref
        original = _link_original(response) or final_ref.original
        captured = _memento_datetime(response) or timestamp_to_datetime(final_ref.timestamp or ref.timestamp or "1996")
        timestamp = datetime_to_timestamp(captured)
        self._check_distance(target, timestamp, asked)
        self._check_range(target, timestamp)
        original_type = response.headers.get("X-Archive-Orig-Content-Type")
        data = self._page_bytes(response, final_url, original_type or response.headers.get("Content-Type"))
        charset = charset_from_content_type(original_type) or charset_from_content_type(response.headers.get("Content-Type"))
        offset = int((captured - asked.moment).total_seconds()) if asked else None
        source = Source(
            requested=target,
            final_url=final_url,
            original_url=original,
            capture_url=f"{self.config.wayback_base.rstrip('/')}/web/{timestamp}/{original}",
            capture_timestamp=captured,
            capture_offset_seconds=offset,
            status=response.status_code,
            fetched_at=_now(),
        )
        return Fetched(data, original, charset, source)

    def _check_distance(self, target: str, timestamp: str, asked: When | None) -> None:
        window = self.config.wayback_window
        if asked is None or window is None:
            return
        distance = (timestamp_to_datetime(timestamp) - asked.moment).total_seconds()
        if abs(distance) > window:
            raise CaptureNotFoundError(
                f"the nearest capture ({timestamp}) is {_human(abs(distance))} {'after' if distance > 0 else 'before'} "
                f"{asked.timestamp}, outside the --wayback-window of {_human(window)}",
                target=target,
            )

    def _check_range(self, target: str, timestamp: str) -> None:
        start, end = self.config.wayback_from, self.config.wayback_to
        if (start or end) and not in_range(timestamp, start, end):
            raise CaptureNotFoundError(f"the archive answered with capture {timestamp}, outside {start or '…'}-{end or '…'}", target=target)

    def _get_json(self, url: str, params: dict[str, str]) -> Any:
        """GET an archive API and parse its JSON; an empty body reads as no answer."""
        request_url = requests.Request("GET", url, params=params).prepare().url or url
        response, final_url = self._follow(request_url, capture=False)
        if response.status_code >= 400:
            raise HTTPStatusError(f"HTTP {response.status_code} from the archive's lookup API", target=final_url, status=response.status_code)
        if not response.content.strip():
            return None
        try:
            return json.loads(response.content)
        except ValueError as error:
            raise FetchError(f"the archive's lookup API did not answer JSON: {response.content[:80]!r}", target=final_url) from error

    # --- live pages, files, stdin ------------------------------------------------------

    def _fetch_live(self, target: str) -> Fetched:
        response, final_url = self._follow(target, capture=False)
        if response.status_code >= 400:
            raise HTTPStatusError(f"HTTP {response.status_code} {response.reason or ''}".strip(), target=final_url, status=response.status_code)
        data = self._page_bytes(response, final_url, response.headers.get("Content-Type"))
        charset = charset_from_content_type(response.headers.get("Content-Type"))
        source = Source(requested=target, final_url=final_url, original_url=final_url, status=response.status_code, fetched_at=_now())
        captured = _memento_datetime(response)
        original = _link_original(response)
        if captured is not None and original:
            # Another Memento archive (UK Web Archive, archive.today...): same facts, same fields.
            source = replace(source, original_url=original, capture_url=final_url, capture_timestamp=captured)
            return Fetched(data, original, charset_from_content_type(response.headers.get("X-Archive-Orig-Content-Type")) or charset, source)
        return Fetched(data, final_url, charset, source)

    def _read_file(self, target: str) -> Fetched:
        parsed = urlsplit(target)
        path = Path(unquote(parsed.path)) if parsed.scheme.lower() == "file" else Path(target)
        try:
            size = path.stat().st_size
            if size > self.config.max_bytes:
                raise TooLargeError(f"file of {size:,} bytes is over the {self.config.max_bytes:,}-byte limit", target=target)
            data = path.read_bytes()
        except OSError as error:
            raise InputError(f"cannot read file: {error.strerror or error}", target=target) from error
        return Fetched(data, None, None, Source(requested=target, final_url=path.resolve().as_uri(), fetched_at=_now()))

    def _read_stdin(self) -> Fetched:
        data = sys.stdin.buffer.read(self.config.max_bytes + 1)
        if len(data) > self.config.max_bytes:
            raise TooLargeError(f"standard input is over the {self.config.max_bytes:,}-byte limit", target="-")
        return Fetched(data, None, None, Source(requested="-", fetched_at=_now()))

    # --- HTTP plumbing -----------------------------------------------------------------

    def _follow(self, url: str, *, capture: bool) -> tuple[requests.Response, str]:
        """GET ``url`` following redirects one hop at a time, so every hop is paced, cached and
        counted; on the archive, a redirect out to the original site is kept inside the archive."""
        for _ in range(self.config.max_redirects + 1):
            response = self._get(url)
            if not response.is_redirect:
                return response, url
            location = urljoin(url, response.headers["Location"])
            if capture:
                location = self._capture_hop(location, url)
            url = location
        raise TooManyRedirectsError(f"more than {self.config.max_redirects} redirects", target=url)

    def _capture_hop(self, location: str, current: str) -> str:
        """A redirect from a capture stays a raw capture: an archived 3xx pointing at the
        original site is read as "the capture of that URL at the same time"."""
        here = parse_capture_url(current, self.config.archive_netlocs)
        there = parse_capture_url(location, self.config.archive_netlocs)
        if there is not None:
            return CaptureRef(there.timestamp, "id_", there.original).url(self.config.wayback_base)
        if here is not None and urlsplit(location).scheme in ("http", "https"):
            return CaptureRef(here.timestamp, "id_", location).url(self.config.wayback_base)
        return location

    def _get(self, url: str) -> requests.Response:
        try:
            return self.session.get(url, allow_redirects=False, timeout=(self.config.connect_timeout, self.config.read_timeout))
        except FetchError:
            raise
        except requests.RequestException as error:
            raise FetchError(f"request failed: {error}", target=url) from error

    def _page_bytes(self, response: requests.Response, url: str, content_type: str | None) -> bytes:
        """The body, if it is a page: HTML, XHTML or text by type and by its first bytes."""
        mime = (content_type or "").split(";", 1)[0].strip().lower()
        data = response.content
        if (mime and not _PAGE_TYPES.match(mime)) or data.lstrip()[:8].startswith(_BINARY_MAGIC):
            raise NotHTMLError(f"not an HTML page (Content-Type: {content_type or 'none'})", target=url)
        if len(data) > self.config.max_decompressed:
            raise TooLargeError(f"response is over the {self.config.max_decompressed:,}-byte limit", target=url)
        return data


def _link_original(response: requests.Response) -> str | None:
    """The ``rel="original"`` URL of a Memento ``Link`` header."""
    header = response.headers.get("Link")
    if not header:
        return None
    for link in parse_header_links(header):
        if "original" in link.get("rel", "").split():
            return link.get("url") or None
    return None


def _memento_datetime(response: requests.Response) -> datetime | None:
    value = response.headers.get("Memento-Datetime")
    if not value:
        return None
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)


def _retarget(error: ArticlescrapeError, target: str) -> ArticlescrapeError:
    """The same error, naming the user's target first (and the URL that failed, if another)."""
    if error.target == target:
        return error
    message = str(error)
    if error.target and message.startswith(f"{error.target}: "):
        message = f"{message[len(error.target) + 2:]} ({error.target})"
    clone = copy.copy(error)
    clone.target = target
    clone.args = (f"{target}: {message}",)
    return clone


def _human(seconds: float) -> str:
    for unit, size in (("days", 86400), ("hours", 3600), ("minutes", 60)):
        if seconds >= size:
            return f"{seconds / size:.1f} {unit}"
    return f"{seconds:.0f} s"


def _now() -> datetime:
    return datetime.now(timezone.utc)
