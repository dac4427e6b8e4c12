"""Politeness: per-host pacing, pauses after 429s, retries, and capped streaming reads.

Everything here sits *below* the HTTP cache, in a transport adapter mounted on the session:
a response served from the cache never reaches it, so cache hits cost no waiting and make no
request, while every request that does reach the network is paced, retried and size-capped.

One :class:`HostThrottle` is shared by every thread using a :class:`~articlescrape.fetch.Fetcher`,
so the pacing and the host-wide pauses hold across a whole batch run, not per worker.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import IncompleteRead, ReadTimeoutError

from .errors import (
    ConnectionFailedError,
    FetchError,
    FetchTimeoutError,
    HTTPStatusError,
    NotHTMLError,
    RateLimitedError,
    RequestBudgetError,
    TooLargeError,
    TruncatedError,
)

if TYPE_CHECKING:
    from .fetch import FetchConfig

#: Statuses worth another try: overload and transient gateway failures.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
#: Response headers that would let an archive reply override the cache policy for captures.
_CACHE_HEADERS = ("Cache-Control", "Expires", "Pragma")
#: Bytes read at a time: 64 KB of a compressed body, so that what one read can decompress to stays
#: bounded (the decompressed cap is checked between reads); 1 MB of a plain one, where a read
#: cannot grow, so a page takes fewer trips through requests and urllib3 (a 500 KB page: 1.72 ->
#: 1.31 ms of CPU with 8 threads fetching). The byte cap may be passed by up to one read before
#: it is noticed.
_CHUNK_COMPRESSED = 64 * 1024
_CHUNK_PLAIN = 1024 * 1024


class HostThrottle:
    """Per-host pacing shared by all threads: a minimum interval between requests of one kind
    to one host, host-wide pauses (after a 429 or a Retry-After), and a request budget.

    Pauses grow while a host keeps answering 429 and reset after a success, so a blocked
    client backs off further instead of extending the block."""

    def __init__(self, *, clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep) -> None:
        self._clock = clock
        #: How this throttle (and the adapter using it) waits; tests may swap in a recorder.
        self.sleep = sleep
        self._lock = threading.Lock()
        self._next: dict[tuple[str, str], float] = {}
        self._paused_until: dict[str, float] = {}
        self._strikes: dict[str, int] = {}
        self._spent: dict[str, int] = {}

    def wait(self, host: str, kind: str, interval: float, budget: int | None = None) -> float:
        """Block until this thread may send a request of ``kind`` to ``host``; returns seconds waited.

        The slot is taken only when it is due, after re-checking pauses another thread may
        have set while this one slept."""
        waited = 0.0
        while True:
            with self._lock:
                now = self._clock()
                ready = max(self._next.get((host, kind), 0.0), self._paused_until.get(host, 0.0))
                if ready <= now:
                    spent = self._spent.get(host, 0)
                    if budget is not None and spent >= budget:
                        raise RequestBudgetError(f"request budget of {budget} requests to {host} is spent")
                    self._spent[host] = spent + 1
                    self._next[(host, kind)] = now + interval
                    return waited
            self.sleep(ready - now)
            waited += ready - now

    def pause(self, host: str, seconds: float) -> None:
        """Hold every request to ``host`` for ``seconds`` from now (never shortening a pause)."""
        with self._lock:
            until = self._clock() + seconds
            self._paused_until[host] = max(self._paused_until.get(host, 0.0), until)

    def strike(self, host: str, first: float, factor: float, cap: float) -> float:
        """Record a 429 that named no Retry-After and pause the host: ``first`` seconds, growing
        by ``factor`` with each further strike, at most ``cap``. Returns the pause."""
        with self._lock:
            strikes = self._strikes.get(host, 0) + 1
            self._strikes[host] = strikes
        seconds = min(cap, first * factor ** (strikes - 1))
        self.pause(host, seconds)
        return seconds

    def clear(self, host: str) -> None:
        """A success: the next 429 from this host starts again with the shortest pause."""
        with self._lock:
            self._strikes.pop(host, None)


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds a ``Retry-After`` asks for (delta-seconds or an HTTP date); None if absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


def content_type_is_textual(content_type: str | None) -> bool:
    """Whether a body of this type may be text we can use (pages, JSON answers of APIs).

    Missing types pass: old servers often sent none, and the decoder sniffs the bytes."""
    if not content_type:
        return True
    mime = content_type.split(";", 1)[0].strip().lower()
    return not mime or mime.startswith("text/") or "xml" in mime or "json" in mime or "javascript" in mime or mime == "application/x-httpd-php"


class PoliteAdapter(HTTPAdapter):
    """A transport adapter that paces, retries and caps every request that reaches the network.

    * waits for the host's slot (:class:`HostThrottle`), so all threads share one pace;
    * retries connection errors, timeouts, truncated bodies and 5xx with exponential backoff
      and jitter; honours ``Retry-After`` on 429/503 by pausing the whole host; a 429 without
      one (the Wayback Machine sends none) pauses the whole host for a growing while;
    * reads the body in streaming mode, refusing it past ``max_bytes`` on the wire or
      ``max_decompressed`` once decoded, and refuses binary types before reading them.

    Failures raise typed :class:`~articlescrape.errors.FetchError` subclasses naming the URL.
    """

    config: FetchConfig  # type: ignore[assignment]  # requests' HTTPAdapter declares a dict here

    def __init__(self, config: FetchConfig, throttle: HostThrottle, rng: random.Random | None = None) -> None:
        super().__init__(pool_connections=16, pool_maxsize=config.pool_size, max_retries=0)
        self.config = config
        self.throttle = throttle
        self.rng = rng or random.Random()

    def send(self, request: requests.PreparedRequest, stream: bool = False, timeout: Any = None, verify: Any = True, cert: Any = None, proxies: Any = None) -> requests.Response:  # type: ignore[override]
        url = request.url or ""
        host, kind, interval = self.config.pacing_for(url)
        failures = limited = 0
        while True:
            self.throttle.wait(host, kind, interval, self.config.max_requests_per_host)
            try:
                response = super().send(request, stream=True, timeout=timeout, verify=verify, cert=cert, proxies=proxies)
                if response.status_code not in RETRY_STATUSES:
                    self._read_body(response, url)
                    self._settle(response, host, kind)
                    return response
            except _RETRYABLE as error:
                failures += 1
                if failures > self.config.retries:
                    raise _typed(error, url) from error
                self.throttle.sleep(self.backoff(failures))
                continue
            limited, failures = self._handle_retry_status(response, url, host, limited, failures)

    def _handle_retry_status(self, response: requests.Response, url: str, host: str, limited: int, failures: int) -> tuple[int, int]:
        """Wait as a 429/5xx asks, or raise once the retries it may take are spent."""
        status = response.status_code
        retry_after = parse_retry_after(response.headers.get("Retry-After"))
        response.close()
        if status == 429 or (status == 503 and retry_after is not None):
            limited += 1
            if retry_after is not None and retry_after > self.config.max_retry_after:
                raise RateLimitedError(f"HTTP {status}: the server asks to wait {retry_after:.0f} s, more than the {self.config.max_retry_after:.0f} s allowed", target=url, status=status)
            if limited > self.config.rate_limit_retries:
                raise RateLimitedError(f"HTTP {status}: still rate-limited after {self.config.rate_limit_retries} retries", target=url, status=status)
            if retry_after is not None:
                self.throttle.pause(host, retry_after)
            else:
                self.throttle.strike(host, self.config.rate_limit_pause, self.config.rate_limit_pause_factor, self.config.rate_limit_pause_max)
            return limited, failures
        failures += 1
        if failures > self.config.retries:
            raise HTTPStatusError(f"HTTP {status} after {self.config.retries} retries", target=url, status=status)
        self.throttle.sleep(self.backoff(failures))
        return limited, failures

    def backoff(self, attempt: int) -> float:
        """Exponential backoff with "equal jitter": half the delay fixed, half random, so
        workers that failed together do not retry together."""
        delay = min(self.config.backoff_max, self.config.backoff_base * 2 ** (attempt - 1))
        return delay / 2 + self.rng.uniform(0, delay / 2)

    def _settle(self, response: requests.Response, host: str, kind: str) -> None:
        """After a good answer: reset the host's 429 streak; for archive captures and lookups,
        drop the reply's own cache headers so the cache keeps them by the archive policy."""
        if response.status_code < 400:
            self.throttle.clear(host)
        if kind in ("capture", "cdx", "availability"):
            for name in _CACHE_HEADERS:
                response.headers.pop(name, None)

    def _read_body(self, response: requests.Response, url: str) -> None:
        """Read the whole body now, within the caps, and store it on the response."""
        try:
            self._check_head(response, url)
            response._content = self._read_capped(response, url)  # type: ignore[attr-defined]
            response._content_consumed = True  # type: ignore[attr-defined]
        except BaseException:
            response.close()
            raise
        for headers in (response.headers, response.raw.headers):
            headers.pop("Content-Encoding", None)
            headers["Content-Length"] = str(len(response._content))  # type: ignore[attr-defined]

    def _check_head(self, response: requests.Response, url: str) -> None:
        content_type = response.headers.get("Content-Type")
        if response.status_code < 300 and not content_type_is_textual(content_type):
            raise NotHTMLError(f"not an HTML page (Content-Type: {content_type})", target=url)
        length = response.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > self.config.max_bytes:
            raise TooLargeError(f"response of {int(length):,} bytes is over the {self.config.max_bytes:,}-byte limit", target=url)
        encoding = response.raw.headers.get("Content-Encoding")
        if encoding:
            response.raw.headers["Content-Encoding"] = _dedupe_codings(encoding)

    def _read_capped(self, response: requests.Response, url: str) -> bytes:
        chunks: list[bytes] = []
        decoded = 0
        size = _CHUNK_COMPRESSED if response.raw.headers.get("Content-Encoding") else _CHUNK_PLAIN
        for chunk in response.iter_content(size):
            decoded += len(chunk)
            if response.raw.tell() > self.config.max_bytes:
                raise TooLargeError(f"response is over the {self.config.max_bytes:,}-byte limit", target=url)
            if decoded > self.config.max_decompressed:
                raise TooLargeError(f"decompressed response is over the {self.config.max_decompressed:,}-byte limit", target=url)
            chunks.append(chunk)
        data = b"".join(chunks)
        expected = response.raw.headers.get("Content-Length", "")
        if expected.isdigit() and not response.raw.headers.get("Content-Encoding") and response.raw.tell() < int(expected):
            raise requests.exceptions.ChunkedEncodingError(IncompleteRead(response.raw.tell(), int(expected) - response.raw.tell()))
        return data


def _dedupe_codings(header: str) -> str:
    """``gzip, gzip`` → ``gzip``: the archive sometimes repeats the coding of a body it
    compressed once; decoding twice would fail on good bytes."""
    seen: list[str] = []
    for coding in (c.strip().lower() for c in header.split(",")):
        if coding and coding != "identity" and coding not in seen:
            seen.append(coding)
    return ", ".join(seen)


_RETRYABLE = (requests.exceptions.ConnectionError, requests.exceptions.Timeout, requests.exceptions.ChunkedEncodingError)


def _typed(error: Exception, url: str) -> FetchError:
    """The typed error for a transport failure that outlived its retries."""
    cause = error.args[0] if error.args else None
    reason = getattr(cause, "reason", cause)
    if isinstance(error, requests.exceptions.Timeout) or isinstance(cause, ReadTimeoutError) or isinstance(reason, ReadTimeoutError):
        return FetchTimeoutError("timed out (connect or read timeout reached)", target=url)
    if isinstance(error, requests.exceptions.ChunkedEncodingError):
        if _has_incomplete_read(error):
            return TruncatedError("the body ended before the announced length (truncated response)", target=url)
        return ConnectionFailedError("the connection broke while reading the body", target=url)
    return ConnectionFailedError(f"connection failed: {_short_reason(error)}", target=url)


def _has_incomplete_read(error: BaseException) -> bool:
    seen: set[int] = set()
    stack: list[Any] = [error]
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, IncompleteRead) or "IncompleteRead" in type(item).__name__:
            return True
        if isinstance(item, BaseException):
            stack.extend(item.args)
            stack.extend(x for x in (item.__cause__, item.__context__) if x is not None)
    return False


def _short_reason(error: Exception) -> str:
    text = str(error)
    for marker in ("Connection refused", "Connection reset", "Connection aborted", "Remote end closed", "Name or service not known", "Failed to resolve"):
        if marker.lower() in text.lower():
            return marker.lower()
    return text[:200]
