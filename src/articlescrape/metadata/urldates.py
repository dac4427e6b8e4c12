"""Dates in the URL path: ``/2010/08/13/``, ``/2012/jan/27/``, ``/2012-06/04/``,
``content_2012-06-04``, ``-20080817-``.

A URL date is a day without a time, and a CMS may file a story under the day it was *created*,
so it is weak evidence on its own but a good tie-breaker. An archive replay prefix
(``/web/20120611024252/``) is the capture time, never the publication day: it is stripped
before looking (see :func:`~.base.strip_archive_prefix`).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from urllib.parse import urlsplit

from ..dates import MONTH_NAMES, ParsedDate
from .base import Candidate, Page, date_candidate, strip_archive_prefix

SOURCE = "url"

_MONTHS_EN = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
_PATTERNS: tuple[tuple[re.Pattern[str], float], ...] = (
    # /2010/08/13/ , /2010/8/13/ , /2012-06/04/ , /2012/06-04/ , /2012-06-04/ , content_2012-06-04
    (re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})[/_-](?P<m>[01]?\d)[/_-](?P<d>[0-3]?\d)(?!\d)"), 0.45),
    # /2012/jan/27/
    (re.compile(r"(?<![a-z\d])(?P<y>(?:19|20)\d{2})/(?P<mon>" + _MONTHS_EN + r")/(?P<d>[0-3]?\d)(?!\d)", re.IGNORECASE), 0.45),
    # -20080817- / 20080817.html: eight digits standing alone in a path segment
    (re.compile(r"(?<![\d])(?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)(?![\d])"), 0.3),
)


def url_date(url: str | None) -> tuple[date, float] | None:
    """The day a URL path names, and how much to trust the pattern that found it."""
    target = strip_archive_prefix(url)
    if not target:
        return None
    parts = urlsplit(target)
    path = parts.path + ("?" + parts.query if parts.query else "")
    for pattern, weight in _PATTERNS:
        for m in pattern.finditer(path):
            month = MONTH_NAMES.get(m.group("mon").lower(), 0) if m.groupdict().get("mon") else int(m.group("m"))
            try:
                return date(int(m.group("y")), month, int(m.group("d"))), weight
            except ValueError:
                continue
    return None


def read(page: Page) -> list[Candidate]:
    """A date-only ``published`` candidate from the page URL, if its path names a day."""
    found = url_date(page.url)
    if found is None:
        return []
    day, weight = found
    value = datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
    c = date_candidate("published", ParsedDate(value, has_time=False, tz_known=False, raw=page.url or ""), SOURCE, weight + 0.18)
    return [c] if c is not None else []
