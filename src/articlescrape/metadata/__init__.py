"""The metadata layer: every value a page declares about itself, from every syntax it uses,
ranked rather than first-wins.

Usage::

    meta = read_metadata(root, url)                 # once per page, before cleaning the tree
    choice = meta.best("published", not_after=capture_time)
    choice.value, choice.source                      # aware datetime, e.g. "meta:OriginalPublicationDate"
    meta.headline_candidates()                       # ranked headline strings
    meta.authors(), meta.sections(), meta.summary(), meta.language()

Each syntax has its own small module exposing ``read(page: Page) -> list[Candidate]``; the
:class:`~.base.Page` index is built once (one XPath pass over head-level elements) and shared,
so adding a syntax costs one dictionary look-up per key, not another scan of the tree. The tree
is only read, never modified. Run it before any cleaning stage that drops ``<script>`` (JSON-LD
lives there). The readers of the index alone (meta tags, JSON-LD, links) also take fields to
leave out: the fields the Article has no place for (:data:`DEFERRED_FIELDS`) are read only when
asked for.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from itertools import accumulate
from math import isnan
from types import MappingProxyType
from typing import Any

from lxml.html import HtmlElement

from ..dates import ParsedDate
from ..text import collapse
from . import dublincore, headings, jsonld, language, legacy, microdata, microformats, opengraph, textdates, timeelements, title, twitter, urldates
from .base import DATE_FIELDS, DATE_ONLY, NAIVE_ASSUMED_UTC, Candidate, Page, strip_archive_prefix

__all__ = ["READERS", "Candidate", "Choice", "Metadata", "Page", "normalise_authors", "read_metadata", "strip_archive_prefix"]

Reader = Callable[[Page], list[Candidate]]
#: A reader that can leave out the fields it is given.
IndexReader = Callable[[Page, frozenset[str]], list[Candidate]]

#: Every reader, in the order their candidates are listed (ranking does not depend on it).
READERS: tuple[Reader, ...] = (
    jsonld.read,
    opengraph.read,
    twitter.read,
    dublincore.read,
    microdata.read,
    microformats.read,
    legacy.read,
    timeelements.read,
    textdates.read,
    urldates.read,
    title.read,
    headings.read,
    language.read,
)

#: Readers that read only the page's index (meta tags, JSON-LD, links, title, URL), never the
#: tree: run again later, after cleaning has changed the tree, they give the same candidates.
#: Each takes the fields to leave out.
INDEX_READERS: Mapping[Reader, IndexReader] = MappingProxyType({r: r for r in (jsonld.read, opengraph.read, twitter.read, dublincore.read, legacy.read)})
#: Fields the Article has no place for. The index readers leave them out at first; a Metadata
#: reads them (by running those readers again, in full) only when one is asked for, which
#: spares most pages every URL resolution and keyword split.
DEFERRED_FIELDS = frozenset({"url", "image", "keywords", "genre"})

#: Sources that show a heading on the page rather than declare one: they confirm a declared
#: headline but are not offered as candidates on their own (the extractor reads the page itself).
VISIBLE_SOURCES = frozenset({headings.SOURCE})

#: No news page in scope predates this; earlier values are typos or epoch zero.
EARLIEST = datetime(1990, 1, 1, tzinfo=timezone.utc)
#: A time shown without a zone may be up to this far from UTC.
MAX_ZONE_OFFSET = timedelta(hours=14)
#: How much each further independent source agreeing on a value adds to its support.
AGREEMENT = 0.3
#: Bonus for a declared headline the page also shows in a visible heading (plus that heading's
#: own weight, which is lower when the page has several <h1>).
VISIBLE_CONFIRMATION = 0.4


@dataclass(frozen=True, slots=True)
class Choice:
    """The value chosen for a field, the name of its source, and how much evidence backed it."""

    value: Any
    source: str
    candidate: Candidate
    support: float


def _by_field(candidates: Iterable[Candidate]) -> Mapping[str, tuple[Candidate, ...]]:
    """Candidates grouped by field (fields in order of first appearance), each group by
    descending weight (ties in their order)."""
    grouped: dict[str, list[Candidate]] = {}
    for c in candidates:
        grouped.setdefault(c.field, []).append(c)
    # Most fields have one candidate, which needs no sorting.
    return MappingProxyType({f: tuple(cs) if len(cs) == 1 else tuple(sorted(cs, key=_minus_weight)) for f, cs in grouped.items()})


def _minus_weight(c: Candidate) -> float:
    return -c.weight


def _text_key(value: Any) -> str:
    """Comparison key for text values: case, quotes, dashes and end punctuation don't matter."""
    s = collapse(str(value)).casefold()
    if not s.isascii():  # _QUOTES maps only characters beyond ASCII (tested)
        # s.translate(_QUOTES), a few times faster: translate looks every character up in the
        # table, the replacements only the few that are there (ASCII ones, so one replacement
        # never makes another's character: tested).
        for char, plain in _QUOTE_PAIRS:
            if char in s:
                s = s.replace(char, plain)
    return s.strip(" .:;,!-\u2013\u2014")


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ", "\u2013": "-", "\u2014": "-"})
#: _QUOTES as (character, replacement) pairs.
_QUOTE_PAIRS: tuple[tuple[str, str], ...] = tuple((chr(code), str(plain)) for code, plain in _QUOTES.items())


def _support(group: list[Candidate]) -> float:
    """Max weight plus a share of each further *distinct* source agreeing."""
    by_source: dict[str, float] = {}
    for c in group:
        by_source[c.source] = max(by_source.get(c.source, 0.0), c.weight)
    weights = sorted(by_source.values(), reverse=True)
    return weights[0] + AGREEMENT * sum(weights[1:])


def _same_moment_possible(c: Candidate, top: Candidate) -> bool:
    """Whether ``c`` (zone-less or date-only) could denote the instant of ``top`` (timed, zoned)."""
    if c.tz_known or not top.has_time or not top.tz_known:
        return False
    start = datetime(c.value.year, c.value.month, c.value.day, tzinfo=timezone.utc)
    if c.has_time:
        return abs(c.value - top.value) <= MAX_ZONE_OFFSET
    return start - MAX_ZONE_OFFSET <= top.value < start + timedelta(days=1) + MAX_ZONE_OFFSET


def _local_form(top: Candidate, others: list[Candidate]) -> datetime:
    """The chosen instant in the page's own offset when another source states the same moment
    with one (JSON-LD in UTC, ``article:published_time`` in -05:00): the calendar day a reader
    saw is then the day the value shows."""
    value: datetime = top.value
    if not top.tz_known or value.utcoffset() != timedelta(0):
        return value
    for c in others:
        offset = c.value.utcoffset()
        if c.tz_known and offset and abs(c.value - value) <= timedelta(minutes=2):
            return value.astimezone(c.value.tzinfo)
    return value


def _text_groups(cands: Iterable[Candidate]) -> list[tuple[float, Candidate]]:
    """``(support, top candidate)`` of each distinct text value (case and punctuation aside),
    in order of first appearance, support rounded as a :class:`Choice` holds it; values only
    shown, never declared, are left out."""
    groups: dict[str, list[Candidate]] = {}
    for c in cands:
        key = _text_key(c.value)
        if key:
            groups.setdefault(key, []).append(c)
    out: list[tuple[float, Candidate]] = []
    for group in groups.values():
        if len(group) == 1:  # most values have one source: what the general case gives
            c = group[0]
            if c.source not in VISIBLE_SOURCES:
                out.append((round(max(0.0, c.weight) + 0.0, 4), c))  # _support([c])
            continue
        declared = [c for c in group if c.source not in VISIBLE_SOURCES]
        if not declared:
            continue
        support = _support(declared)
        shown = [c.weight for c in group if c.source in VISIBLE_SOURCES]
        if shown:
            # What the page shows in its (only) <h1> and also declares is its headline,
            # whatever shorter "social" headline og:title and JSON-LD agree on.
            support += VISIBLE_CONFIRMATION + max(shown)
        top = max(declared, key=lambda c: c.weight)
        out.append((round(support, 4), top))
    return out


_MINUTE = timedelta(minutes=1)
#: No value of a later year (in its own zone) lies before EARLIEST.
_EARLIEST_YEAR = EARLIEST.year


def _date_groups(cands: Iterable[Candidate], not_after: datetime | None) -> tuple[list[Candidate], list[tuple[float, Candidate]]]:
    """The plausible date candidates (those that could be true: not before :data:`EARLIEST`, not
    after the bound (capture time or now), a zone-less value allowed the widest zone offset of
    slack, a date-only one compared by day; the bound's day worked out once), and ``(support, top candidate)`` of each calendar day
    they name, in order of first appearance, support rounded as a :class:`Choice` holds it."""
    bound = not_after or datetime.now(timezone.utc)
    if bound.tzinfo is None:
        bound = bound.replace(tzinfo=timezone.utc)
    bound_day = bound.date()
    latest = bound + _MINUTE
    # A value whose year is at least two before the bound's is plausible on every count below
    # if it is not too early (zone offsets are under a day): its year alone says so, without
    # the comparisons of aware datetimes, each of which asks both zones for their offsets.
    # Likewise a value after 1990 by its own year is not before EARLIEST in any zone.
    clearly_before = bound.year - 1
    plausible: list[Candidate] = []
    days: dict[Any, list[Candidate]] = {}
    # Only a zone-less value can half agree with another day's (see below): those, with
    # their days, are listed once.
    zoneless: list[tuple[Any, Candidate]] = []
    for c in cands:
        value = c.value
        if not isinstance(value, datetime):
            continue
        year = value.year
        if year <= _EARLIEST_YEAR and value < EARLIEST:
            continue
        flags = c.flags
        if year >= clearly_before:
            if DATE_ONLY in flags:
                if not value.date() <= bound_day:
                    continue
            elif NAIVE_ASSUMED_UTC in flags:
                if not value - MAX_ZONE_OFFSET <= bound:
                    continue
            elif not value <= latest:
                continue
        plausible.append(c)
        day = value.date()
        days.setdefault(day, []).append(c)
        if NAIVE_ASSUMED_UTC in flags:
            zoneless.append((day, c))
    out: list[tuple[float, Candidate]] = []
    for day, group in days.items():
        if len(group) == 1:
            top = group[0]
            support = max(0.0, top.weight) + 0.0  # _support([top])
        else:
            top = max(group, key=lambda c: (c.has_time, c.weight))
            support = _support(group)
        if zoneless and top.has_time and top.tz_known:
            # A zone-less or date-only value of a neighbouring day may be the same moment
            # seen from another zone (a URL's local day against a UTC timestamp): it half
            # agrees. (_same_moment_possible holds for no other value, nor for another top.)
            neighbours = [c for other, c in zoneless if other != day and _same_moment_possible(c, top)]
            support += AGREEMENT * 0.5 * sum(c.weight for c in neighbours)
        out.append((round(support, 4), top))
    return plausible, out


def _highest(groups: list[tuple[float, Candidate]]) -> list[tuple[float, Candidate]] | None:
    """The ``(support, top candidate)`` groups of the highest support, in their order; None
    when a support is NaN (then no maximum is meaningful, and sorting decides)."""
    if any(isnan(support) for support, _ in groups):
        return None
    top_support = max(support for support, _ in groups)
    return [group for group in groups if group[0] == top_support]


class Metadata:
    """All candidates a page offers, by field, with ranking and convenience accessors.

    ``complete``, when given, returns every candidate of the page, ``candidates`` being all of
    them but some of the fields in ``deferred`` (in the same order otherwise): it is called the
    first time one of those fields, or the whole list, is asked for."""

    __slots__ = ("_by_field", "_complete", "_deferred", "url")

    def __init__(
        self,
        candidates: Iterable[Candidate],
        url: str | None = None,
        *,
        complete: Callable[[], Iterable[Candidate]] | None = None,
        deferred: frozenset[str] = frozenset(),
    ) -> None:
        self._by_field = _by_field(candidates)
        self._complete = complete
        self._deferred = deferred
        self.url = url

    def __repr__(self) -> str:
        counts = ", ".join(f"{f}={len(cs)}" for f, cs in self._completed().items())
        return f"Metadata(url={self.url!r}, {counts})"

    def _completed(self) -> Mapping[str, tuple[Candidate, ...]]:
        """Every field's candidates, the deferred ones read now if they were not yet."""
        if self._complete is not None:
            complete, self._complete = self._complete, None
            self._by_field = _by_field(complete())
        return self._by_field

    # --- raw access ---------------------------------------------------------------------------

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(self._completed())

    def candidates(self, field: str) -> tuple[Candidate, ...]:
        """Every candidate for ``field``, by descending reader weight (no agreement applied)."""
        by_field = self._completed() if field in self._deferred else self._by_field
        return by_field.get(field, ())

    def all_candidates(self) -> list[Candidate]:
        return [c for cs in self._completed().values() for c in cs]

    # --- ranking ------------------------------------------------------------------------------

    def ranked(self, field: str, *, not_after: datetime | None = None) -> list[Choice]:
        """Distinct values of ``field`` by support, best first.

        Text values agreeing (case/punctuation aside) pool their sources. Dates are grouped by
        calendar day; impossible dates (before 1990, after ``not_after`` or now) are dropped;
        within a day a candidate with a time beats a date-only one, then weight decides.
        """
        cands = self.candidates(field)
        if field in DATE_FIELDS:
            plausible, groups = _date_groups(cands, not_after)
            out = [Choice(_local_form(top, plausible), top.source, top, support) for support, top in groups]
            # Equal support: the earlier day (a story is published before it is re-dated).
            out.sort(key=lambda ch: (-ch.support, ch.value.date()))
            return out
        out = [Choice(top.value, top.source, top, support) for support, top in _text_groups(cands)]
        out.sort(key=lambda ch: -ch.support)
        return out

    def best(self, field: str, *, not_after: datetime | None = None) -> Choice | None:
        """The best-supported value of ``field`` with its source, or None.

        For ``published``/``updated`` pass the capture time of an archived page as
        ``not_after`` (default: now): nothing can be published after it was archived.

        The first of :meth:`ranked`, without ranking the others: of the values with the
        highest support the first (for dates, of the earliest day as shown), and only its
        :class:`Choice` made (a date's shown form, :func:`_local_form`, is worked out for the
        tied values alone).
        """
        cands = self.candidates(field)
        if field in DATE_FIELDS:
            plausible, groups = _date_groups(cands, not_after)
        else:
            plausible, groups = [], _text_groups(cands)
        if not groups:
            return None
        tied = _highest(groups)
        if tied is None:
            return self.ranked(field, not_after=not_after)[0]  # a NaN weight: sorting decides
        if field not in DATE_FIELDS:
            support, top = tied[0]
            return Choice(top.value, top.source, top, support)
        shown = [Choice(_local_form(top, plausible), top.source, top, support) for support, top in tied]
        return min(shown, key=lambda ch: ch.value.date()) if len(shown) > 1 else shown[0]

    def best_date(self, field: str, *, not_after: datetime | None = None) -> tuple[ParsedDate, str] | None:
        """:meth:`best` for a date field as ``(ParsedDate, source)``, the shape of
        :func:`articlescrape.dates.parse_date` results, so shown and declared dates compare."""
        if field not in DATE_FIELDS:
            choice = self.best(field, not_after=not_after)
            if choice is None:
                return None
            c = choice.candidate
        else:
            # best()'s candidate, without its Choice: the shown form of the value (the page's
            # own offset, :func:`_local_form`) is worked out only to break a tie between days.
            plausible, groups = _date_groups(self.candidates(field), not_after)
            if not groups:
                return None
            tied = _highest(groups)
            if tied is None:
                c = self.ranked(field, not_after=not_after)[0].candidate  # a NaN weight
            elif len(tied) == 1:
                c = tied[0][1]
            else:
                c = min(tied, key=lambda group: _local_form(group[1], plausible).date())[1]
        return ParsedDate(value=c.value, has_time=c.has_time, tz_known=c.tz_known, raw=str(c.value.isoformat())), c.source

    def value(self, field: str) -> Any:
        """The best value of a field, or None."""
        choice = self.best(field)
        return choice.value if choice is not None else None

    # --- convenience accessors -----------------------------------------------------------------

    def headline_candidates(self) -> list[str]:
        """Declared headlines, best first (JSON-LD, og:title, legacy ``Headline``, the ``<title>``
        minus its site name…), a value the page also shows in an ``<h1>`` ranked up. Use
        :meth:`ranked` ("headline") for sources and support."""
        return [ch.value for ch in self.ranked("headline")]

    def published(self, *, not_after: datetime | None = None) -> Choice | None:
        return self.best("published", not_after=not_after)

    def updated(self, *, not_after: datetime | None = None) -> Choice | None:
        return self.best("updated", not_after=not_after)

    def authors(self) -> list[str]:
        """People credited, from the best source that names any (see :func:`normalise_authors`)."""
        sites = [c.value for c in self.candidates("site_name")]
        hosts = title.host_tokens(self.url)
        by_source: dict[str, list[Candidate]] = {}
        for c in self.candidates("authors"):
            by_source.setdefault(c.source, []).append(c)
        for source in sorted(by_source, key=lambda s: -max(c.weight for c in by_source[s])):
            names = normalise_authors([c.value for c in by_source[source]], site_names=sites, hosts=hosts)
            if names:
                return names
        return []

    def sections(self) -> list[str]:
        """Section names, best first."""
        return [ch.value for ch in self.ranked("section")]

    def section(self) -> str | None:
        return self.value("section")

    def summary(self) -> str | None:
        return self.value("summary")

    def language(self, *, guess: bool = False) -> str | None:
        """The language the page declares, as a BCP 47-ish tag (``en``, ``en-GB``, ``zh-CN``).

        The project's contract is "what the page declares, None otherwise" (see
        tests/golden/README.md); ``guess=True`` also accepts the weak inferences of
        :mod:`.language` (legacy charset, writing system, function words) when nothing is
        declared.
        """
        if not guess and not any(c.source not in language.GUESSED_SOURCES for c in self._by_field.get("language", ())):
            # Only what is declared may answer, and nothing is: the guesses (which a deferred
            # reading adds, and only they) need not even be made.
            return None
        for ch in self.ranked("language"):
            if not guess and ch.source in language.GUESSED_SOURCES:
                continue
            tag = normalise_language(ch.value)
            if tag:
                return tag
        return None

    def canonical_url(self) -> str | None:
        for ch in self.ranked("url"):
            if str(ch.value).startswith(("http://", "https://")):
                return str(ch.value)
        return None

    def image(self) -> str | None:
        return self.value("image")

    def site_name(self) -> str | None:
        return self.value("site_name")

    def keywords(self) -> list[str]:
        """Keywords from the best source that has any, in page order, de-duplicated."""
        cands = self.candidates("keywords")
        if not cands:
            return []
        best_source = cands[0].source
        seen: set[str] = set()
        out: list[str] = []
        for c in cands:
            if c.source == best_source and c.value.casefold() not in seen:
                seen.add(c.value.casefold())
                out.append(c.value)
        return out


_LANG = re.compile(r"^([a-zA-Z]{2,3})(?:[-_]([a-zA-Z]{2}|\d{3}|[a-zA-Z]{4}))?")


def normalise_language(value: str) -> str | None:
    """``en_GB`` → ``en-GB``, ``EN`` → ``en``; None for anything that is not a language tag."""
    m = _LANG.match(value.strip())
    if not m:
        return None
    lang = m.group(1).lower()
    region = m.group(2)
    if not region:
        return lang
    return f"{lang}-{region.upper() if len(region) == 2 else region.title()}"


_BY_PREFIX = re.compile(r"^\s*(?:by|from|par|von|di|por|door|av)\s*:?\s+", re.IGNORECASE)
# "Text: Jane Doe", "Autor: ...", "Текст: ...": a one-word label before a colon.
_LABEL_PREFIX = re.compile(r"^[^\W\d_]{2,12}\s*:\s*(?=\S)")
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&|\bund\b|\bet\b|\by\b|\be\b|\ben\b|/|\||(?<=[^\W\d_]{2})\.\s+)\s*", re.IGNORECASE)
_NOT_A_NAME = re.compile(
    r"https?:|www\.|@|\.com\b|\.co\.|\b(?:staff|reporters?|correspondents?|editors?|editorial|newsroom|desk|agency|"
    r"agencies|press|associated|reuters|afp|wire|news|media|online|team|service|contributors?|writer|international|"
    r"magazine|times|daily|journal|tribune|herald|network|group|inc|ltd|llc|corp|company|foundation|institute|"
    r"admin|administrator|webmaster|guest|anonymous|unknown)\b|admin$",
    re.IGNORECASE,
)
_INVERTED = re.compile(r"^([^\W\d_][\w'\-]+),\s*([^\W\d_][\w'\-]*\.?(?:\s[^\W\d_]\.)?)$")


def normalise_authors(values: Iterable[str], *, site_names: Iterable[str] = (), hosts: Iterable[str] = ()) -> list[str]:
    """Person names from byline-ish strings: strips "By " and "Text:" labels, splits "A and B" /
    "A, B", reorders "Doe, Jane", drops URLs, handles, e-mail addresses, agencies, "admin" and
    the site's own name (declared or the URL's host). Case is kept as printed ("DANA MORROW"),
    as the Article contract asks. A one-word name is kept only when no fuller name is credited
    beside it ("Jane Doe, Futurism").
    """
    sites = {_alnum(s) for s in site_names} | {_alnum(h) for h in hosts}
    sites.discard("")
    out: list[str] = []
    seen: set[str] = set()
    for value in values:
        text = collapse(value)
        if not text or text.startswith(("http://", "https://", "www.")):
            continue
        text = _LABEL_PREFIX.sub("", _BY_PREFIX.sub("", text))
        inverted = _INVERTED.match(text)
        if inverted:  # library style "Doe, Jane"
            text = f"{inverted.group(2)} {inverted.group(1)}"
        for part in _AUTHOR_SPLIT.split(text):
            name = part.strip(" .:-\u2013\u2014")
            name = _BY_PREFIX.sub("", name)
            if not name or len(name) < 3 or len(name.split()) > 5 or _NOT_A_NAME.search(name):
                continue
            if not any(ch.isalpha() for ch in name) or any(ch.isdigit() for ch in name):
                continue
            key = _alnum(name)
            if key in sites or any(len(key) >= 4 and (key in s or s in key) for s in sites):
                continue
            if name.isupper() and len(name.replace(" ", "")) <= 5:
                continue  # "CNN", "BBC", "AP": an organisation's initials
            if name.casefold() not in seen:
                seen.add(name.casefold())
                out.append(name)
    if any(" " in n for n in out):
        out = [n for n in out if " " in n]
    return out


_NON_ALNUM = re.compile(r"[\W_]+")


def _alnum(text: str) -> str:
    return _NON_ALNUM.sub("", text.casefold())


def read_metadata(root: HtmlElement, url: str | None, *, page: Page | None = None, language_guesses: bool = True) -> Metadata:
    """Run every reader once over ``root`` (read-only) and collect their candidates.

    ``url`` is the page's address; an archive replay URL is accepted (its prefix is stripped
    for URL dates and host-based site-name recognition). ``page`` is ``Page.build(root, url)``
    when the caller made it already (the pipeline does, to hand its cleaning suspects on).
    The candidates of :data:`DEFERRED_FIELDS` and the language guesses are made when first
    asked for (from the page's index and from text taken now, so a tree cleaned in the meantime
    changes nothing). A caller that will never ask for the language guesses
    (``Metadata.language(guess=True)``, :meth:`Metadata.all_candidates`; the extraction pipeline
    asks for neither) may pass ``language_guesses=False``: the text they would be made from (the
    start of the body, some hundred elements) is then not taken, and there are none.
    """
    if page is None:
        page = Page.build(root, url)
    # The language guesses are made only when asked for; what they need of the tree is taken now.
    language_evidence = language.evidence(page) if language_guesses else None
    sites, hosts = title.site_names(page), title.host_tokens(page.url)
    found = [
        [] if reader is language.read else title.read(page, sites=sites, hosts=hosts) if reader is title.read else _read(reader, page, DEFERRED_FIELDS)
        for reader in READERS
    ]
    stripped: dict[str, str] = {}  # og:title, twitter:title and JSON-LD often repeat one headline
    candidates = [c if c.field != "headline" else _without_site(c, sites, hosts, stripped) for cands in found for c in cands]
    deferred = DEFERRED_FIELDS if language_evidence is None else DEFERRED_FIELDS | {"language"}
    complete = _Completion(page.index_only(), candidates, tuple(accumulate(map(len, found))), sites, hosts, stripped, language_evidence)
    return Metadata(candidates, url=page.url, complete=complete, deferred=deferred)


class _Completion:
    """Every candidate of a page, made when first asked for from what one reading kept: the
    page's index (:meth:`Page.index_only`: the index readers run again in full), the language
    evidence, and the other readers' candidates, in one list with where each reader's end (one
    object for the garbage collector to visit, where a closure over a list per reader was some
    twenty)."""

    __slots__ = ("_candidates", "_ends", "_hosts", "_language_evidence", "_page", "_sites", "_stripped")

    def __init__(
        self,
        page: Page,
        candidates: list[Candidate],
        ends: tuple[int, ...],
        sites: set[str],
        hosts: set[str],
        stripped: dict[str, str],
        language_evidence: language.Evidence | None,
    ) -> None:
        self._page = page
        self._candidates = candidates
        self._ends = ends
        self._sites = sites
        self._hosts = hosts
        self._stripped = stripped
        self._language_evidence = language_evidence

    def __call__(self) -> list[Candidate]:
        out: list[Candidate] = []
        start = 0
        for reader, end in zip(READERS, self._ends):
            if reader in INDEX_READERS:
                out.extend(_without_site(c, self._sites, self._hosts, self._stripped) for c in _read(reader, self._page, frozenset()))
            elif reader is language.read:
                out.extend(language.guesses(self._language_evidence))  # never headlines
            else:
                out.extend(self._candidates[start:end])
            start = end
        return out


def _read(reader: Reader, page: Page, skip: frozenset[str]) -> list[Candidate]:
    """``reader``'s candidates, but for the fields in ``skip`` when it is an index reader."""
    index_reader = INDEX_READERS.get(reader)
    return index_reader(page, skip) if index_reader is not None else reader(page)


def _without_site(c: Candidate, sites: set[str], hosts: set[str], stripped: dict[str, str]) -> Candidate:
    """Declared headlines sometimes carry the site name too ("... - VG247"): strip it.
    ``stripped`` remembers the answer for each headline text (for one page's sites and hosts)."""
    if c.field != "headline" or c.source in (title.SOURCE, title.META_SOURCE) or c.source in VISIBLE_SOURCES:
        return c
    value = stripped.get(c.value)
    if value is None:
        value = stripped[c.value] = title.strip_site(c.value, sites=sites, hosts=hosts)
    return c if value == c.value else replace(c, value=value)
