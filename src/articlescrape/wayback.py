"""The Wayback Machine's vocabulary: capture URLs, timestamps, and finding the right capture.

Pure functions and one small client. Everything that touches the network goes through a
``get_json`` callable the fetcher supplies, so politeness, retries, caching and error typing
live in one place (:mod:`articlescrape.fetch`) and this module stays testable on its own.

Facts relied on (see the project's notes on the archive):

* a capture URL is ``{base}/web/<timestamp><modifier>/<original>``; the timestamp has 1-14
  digits, a partial one means "the capture nearest to the start of that period";
* ``id_`` returns the captured bytes untouched, which is what an extractor wants;
* links inside a replayed page are rewritten to ``/web/<ts><mod>/<original>`` or to the
  absolute archive URL, sometimes with the original's ``//`` squashed to ``/``;
* the availability API answers the closest capture, the CDX API lists captures and honours
  ``from``/``to`` ranges and negative limits ("the last N").
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit, urlunsplit

#: Hosts that serve Wayback Machine replays, whatever base the fetcher is configured with.
ARCHIVE_HOSTS: frozenset[str] = frozenset({"web.archive.org", "wayback.archive.org", "web-beta.archive.org"})

_CAPTURE_PATH = re.compile(
    r"^/web/(?:(?P<ts>\d{1,14})(?P<mod>[a-z]{2}_)?(?P<star>\*)?/)?(?P<orig>.+)$",
    re.IGNORECASE | re.DOTALL,
)
_SCHEME = re.compile(r"^(?P<scheme>https?|ftp):/*", re.IGNORECASE)
_OPAQUE_SCHEME = re.compile(r"^(mailto|javascript|news|tel|data|about):", re.IGNORECASE)
_HOSTLIKE = re.compile(r"^[\w-]+(\.[\w-]+)+(:\d+)?(/|\?|$)")
_FILE_EXTENSIONS = frozenset("html htm shtml stm php asp aspx jsp cgi pl gif jpg jpeg png css js pdf txt xml swf ram rm".split())
_DEFAULT_PORTS = {"http": "80", "https": "443", "ftp": "21"}
_DURATION = re.compile(r"^\s*(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>s|m|h|d|w|y)?\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400, "y": 365 * 86400}
#: How many CDX rows are asked for on each side of the moment: enough to skip a run of
#: redirects or errors, small enough to be a cheap query.
CDX_ROWS = 25


@dataclass(frozen=True, slots=True)
class CaptureRef:
    """A capture as its URL names it: timestamp (possibly partial or empty), modifier, original."""

    timestamp: str
    modifier: str
    original: str

    def url(self, base: str, modifier: str | None = None) -> str:
        """The capture URL on ``base`` with ``modifier`` (default: the one it had)."""
        mod = self.modifier if modifier is None else modifier
        return f"{base.rstrip('/')}/web/{self.timestamp}{mod}/{self.original}"


@dataclass(frozen=True, slots=True)
class When:
    """A moment the user asked for. ``timestamp`` keeps the precision given (a date is 8
    digits, and the archive reads it as "that day"); ``moment`` is its start, in UTC."""

    timestamp: str
    moment: datetime


@dataclass(frozen=True, slots=True)
class Candidate:
    """One capture a lookup API listed."""

    timestamp: str
    original: str
    status: str = "200"
    mimetype: str | None = None

    @property
    def moment(self) -> datetime:
        return timestamp_to_datetime(self.timestamp)


# --- URLs -------------------------------------------------------------------------------


def repair_original(text: str) -> str | None:
    """Turn the original-URL part of a capture URL back into a proper URL, or None if it is not one.

    The archive squashes ``http://`` to ``http:/`` in some links, drops the scheme in others
    and keeps explicit default ports (``:80``); all three are undone here so the same page
    always gets the same address."""
    text = text.strip()
    if _OPAQUE_SCHEME.match(text):
        return text
    match = _SCHEME.match(text)
    if match:
        rest = text[match.end():]
        if not rest:
            return None
        text = f"{match['scheme'].lower()}://{rest}"
    elif text.startswith("//") and _looks_like_host(text[2:]):
        text = "http:" + text
    elif _looks_like_host(text):
        text = "http://" + text
    else:
        return None
    return normalise_url(text)


def _looks_like_host(text: str) -> bool:
    """Whether a scheme-less string starts with a host name (``news.bbc.co.uk/...``) rather
    than a file name (``report.html``)."""
    match = _HOSTLIKE.match(text)
    if not match:
        return False
    host = re.split(r"[/?:]", text, maxsplit=1)[0]
    return host.rsplit(".", 1)[-1].lower() not in _FILE_EXTENSIONS


def normalise_url(url: str) -> str:
    """Lower-case scheme and host and drop a default port; everything else is kept as is."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = host
    if parts.port is not None and str(parts.port) != _DEFAULT_PORTS.get(parts.scheme.lower()):
        netloc = f"{host}:{parts.port}"
    if parts.username:
        netloc = f"{parts.username}{':' + parts.password if parts.password else ''}@{netloc}"
    path = parts.path or ("/" if host else "")
    return urlunsplit((parts.scheme.lower(), netloc, path, parts.query, parts.fragment))


def parse_capture_url(url: str, extra_hosts: Iterable[str] = (), *, any_host: bool = False) -> CaptureRef | None:
    """Read a capture URL (absolute on an archive host, protocol-relative, or ``/web/...``
    root-relative) into its parts; None when ``url`` is not a capture URL.

    ``extra_hosts`` adds the netlocs of a configured archive (a test server, a mirror).
    ``any_host`` accepts any host when the path has the unmistakable shape
    ``/web/<timestamp><modifier>/<scheme>:/...`` (used inside a page already known to be a
    replay, whose archive host may be a mirror's)."""
    url = url.strip()
    hosts = ARCHIVE_HOSTS | {h.lower() for h in extra_hosts}
    strict = False
    if url.startswith("/web/"):
        path = url
    else:
        if url.startswith("//"):
            url = "http:" + url
        head = re.match(r"^(?:https?:)?//(?P<netloc>[^/]+)(?P<path>/web/.*)$", url, re.IGNORECASE | re.DOTALL)
        if not head:
            return None
        if head["netloc"].lower() not in hosts:
            if not any_host:
                return None
            strict = True
        path = head["path"]
    match = _CAPTURE_PATH.match(path)
    if not match or match["star"]:
        return None
    if strict and not (match["ts"] and _SCHEME.match(match["orig"])):
        return None
    if not match["ts"] and not _SCHEME.match(match["orig"]):
        return None  # "/web/index.html" is a site's own path, not a capture
    original = repair_original(match["orig"])
    if original is None:
        return None
    return CaptureRef(match["ts"] or "", (match["mod"] or "").lower(), original)


def unrewrite(url: str, extra_hosts: Iterable[str] = ()) -> str:
    """The original URL behind a rewritten link, or ``url`` unchanged if it is not rewritten."""
    ref = parse_capture_url(url, extra_hosts)
    return ref.original if ref is not None else url


def netloc_of(url: str) -> str:
    """``host[:port]`` of a URL, lower-cased: the key politeness and archive checks use."""
    return urlsplit(url).netloc.lower()


# --- Timestamps and WHEN -----------------------------------------------------------------


def timestamp_to_datetime(timestamp: str) -> datetime:
    """The start of the period a 1-14 digit timestamp names, in UTC (the archive's clock).

    Out-of-range parts (a 31st of February, as some links carry) are clamped rather than refused."""
    digits = timestamp.ljust(4, "0")[:14]
    year = int(digits[:4])
    month = min(max(int(digits[4:6] or 1), 1), 12)
    day = min(max(int(digits[6:8] or 1), 1), calendar.monthrange(year, month)[1])
    hour = min(int(digits[8:10] or 0), 23)
    minute = min(int(digits[10:12] or 0), 59)
    second = min(int(digits[12:14] or 0), 59)
    return datetime(year, month, day, hour, minute, second, tzinfo=timezone.utc)


def datetime_to_timestamp(moment: datetime) -> str:
    """A 14-digit Wayback timestamp for an aware (or UTC-naive) datetime."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y%m%d%H%M%S")


def parse_when(value: Any) -> When | None:
    """Read what a user means by WHEN; None means "the newest capture".

    Accepts a :class:`datetime` (naive ones are taken as UTC, the archive's clock), a
    :class:`date`, an int or str Wayback timestamp of 1-14 digits, or an ISO 8601 date or
    datetime string. Raises :class:`ValueError` with the value in the message otherwise."""
    if value is None or value is True or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
        moment = moment.astimezone(timezone.utc)
        return When(datetime_to_timestamp(moment), moment)
    if isinstance(value, date):
        return When(value.strftime("%Y%m%d"), datetime(value.year, value.month, value.day, tzinfo=timezone.utc))
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"cannot read {value!r} as a date, datetime or Wayback timestamp")
    text = value.strip()
    if re.fullmatch(r"\d{1,14}", text):
        if len(text) < 4:
            raise ValueError(f"Wayback timestamp {text!r} is too short: give at least a year")
        return When(text, timestamp_to_datetime(text))
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return parse_when(text.replace("-", ""))
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"cannot read {value!r} as a date (YYYY-MM-DD), datetime or 1-14 digit Wayback timestamp") from None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return parse_when(parsed.date())
    return parse_when(parsed)


def parse_duration(value: str | float | int | timedelta) -> float:
    """Seconds in a window such as ``3600``, ``90m``, ``12h``, ``30d``, ``2w`` or ``1y``."""
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, (int, float)):
        return float(value)
    match = _DURATION.match(value)
    if not match:
        raise ValueError(f"cannot read {value!r} as a duration (examples: 3600, 90m, 12h, 30d, 2w)")
    return float(match["n"]) * _UNIT_SECONDS[(match["unit"] or "s").lower()]


def range_bounds(start: str | None, end: str | None) -> tuple[str, str]:
    """14-digit inclusive bounds for a from/to pair of 1-14 digit timestamps.

    Padding with zeros and nines makes a partial ``to`` inclusive of its whole period, the way
    the CDX server reads it, and lets bounds compare as strings."""
    low = (start or "").ljust(14, "0")
    high = (end or "99999999999999").ljust(14, "9")
    return low, high


def in_range(timestamp: str, start: str | None, end: str | None) -> bool:
    low, high = range_bounds(start, end)
    return low <= timestamp.ljust(14, "0") <= high


def when_timestamp(value: Any) -> str | None:
    """A from/to bound given as anything :func:`parse_when` reads, as its timestamp."""
    when = parse_when(value)
    return when.timestamp if when else None


# --- Choosing a capture ------------------------------------------------------------------


def _preference(candidate: Candidate) -> int:
    """Lower is better: a 200 capture, then a revisit of one, then a redirect."""
    status = candidate.status or "-"
    if status == "200":
        return 0
    if status == "-":
        return 1
    if status.startswith("3"):
        return 2
    return 9


def choose(candidates: Sequence[Candidate], when: When | None) -> Candidate | None:
    """The best capture: usable status first (200 preferred), then nearest to ``when``
    (or the newest, without one). Error captures (4xx/5xx) are never chosen."""
    usable = [c for c in candidates if _preference(c) < 9]
    if not usable:
        return None
    if when is None:
        return min(usable, key=lambda c: (_preference(c), _negated(c.timestamp)))
    return min(usable, key=lambda c: (_preference(c), abs((c.moment - when.moment).total_seconds()), c.timestamp))


def _negated(timestamp: str) -> str:
    """A sort key that orders 14-digit timestamps newest first."""
    return "".join(str(9 - int(d)) for d in timestamp.ljust(14, "0"))


def parse_cdx_json(rows: Any) -> list[Candidate]:
    """Rows of a CDX ``output=json`` answer (a header row naming fields, then values)."""
    if not isinstance(rows, list) or not rows:
        return []
    header = [str(name) for name in rows[0]]
    found = []
    for row in rows[1:]:
        record = dict(zip(header, row))
        timestamp, original = record.get("timestamp"), record.get("original")
        if timestamp and original:
            found.append(Candidate(str(timestamp), str(original), str(record.get("statuscode", "-")), record.get("mimetype")))
    return found


def parse_availability_json(answer: Any) -> Candidate | None:
    """The ``closest`` capture of an availability API answer, if it names one."""
    try:
        closest = answer["archived_snapshots"]["closest"]
    except (TypeError, KeyError):
        return None
    if not closest or not closest.get("available", True) or not closest.get("timestamp"):
        return None
    ref = parse_capture_url(str(closest.get("url", "")), [netloc_of(str(closest.get("url", "")))])
    original = ref.original if ref else None
    if original is None:
        return None
    return Candidate(str(closest["timestamp"]), original, str(closest.get("status", "200")))


GetJson = Callable[[str, dict[str, str]], Any]


@dataclass(frozen=True, slots=True)
class CaptureFinder:
    """Finds the capture to fetch for an original URL, asking as few questions as possible.

    Without a from/to range the availability API (one cheap request) answers first; when it
    has nothing, names a capture that is not a 200, or the range needs honouring, the CDX API
    lists the captures on each side of the moment and :func:`choose` picks."""

    get_json: GetJson
    cdx_url: str
    availability_url: str
    start: str | None = None
    end: str | None = None

    def find(self, url: str, when: When | None) -> Candidate | None:
        if self.start is None and self.end is None:
            found = self._available(url, when)
            if found is not None and found.status == "200":
                return found
        return choose(self._cdx(url, when), when)

    def _available(self, url: str, when: When | None) -> Candidate | None:
        params = {"url": url}
        if when is not None:
            params["timestamp"] = when.timestamp
        return parse_availability_json(self.get_json(self.availability_url, params))

    def _cdx(self, url: str, when: When | None) -> list[Candidate]:
        base = {"url": url, "output": "json", "fl": "timestamp,original,statuscode,mimetype", "filter": "!statuscode:[45]..", "matchType": "exact"}
        if when is None:
            return parse_cdx_json(self.get_json(self.cdx_url, {**base, **self._bounds(self.start, self.end), "limit": str(-CDX_ROWS)}))
        low, high = range_bounds(self.start, self.end)
        moment = when.timestamp.ljust(14, "0")
        rows: list[Candidate] = []
        if low <= moment:
            rows += parse_cdx_json(self.get_json(self.cdx_url, {**base, **self._bounds(self.start, min(moment, high)), "limit": str(-CDX_ROWS)}))
        if moment <= high:
            rows += parse_cdx_json(self.get_json(self.cdx_url, {**base, **self._bounds(max(moment, low), self.end), "limit": str(CDX_ROWS)}))
        return rows

    @staticmethod
    def _bounds(start: str | None, end: str | None) -> dict[str, str]:
        bounds = {}
        if start:
            bounds["from"] = start
        if end:
            bounds["to"] = end
        return bounds
