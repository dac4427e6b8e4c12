"""Dates as news pages write them: machine-readable metadata values and visible date lines.

Two kinds of input, two strategies:

* **Machine values** (``<meta content>``, JSON-LD, ``<time datetime>``) are ISO 8601, RFC 2822,
  ``2002/09/24 19:45:02`` and the like. python-dateutil reads those well, so
  :func:`parse_machine_date` hands them to ``dateutil.parser`` (with a table of zone
  abbreviations) after a fast ISO path.
* **Visible lines** ("Tuesday, 24 September, 2002, 19:45 GMT 20:45 UK", "Page last updated at
  14:05 GMT, Tuesday, 21 April 2009 15:05 UK") carry two times, two zones, labels and weekday
  names in one string; dateutil's fuzzy mode silently merges such tokens into a wrong answer.
  :func:`parse_date` therefore *locates* the date and the time with precompiled patterns built
  from small month-name tables (en, fr, de, es, it, pt, nl, plus CJK numeric forms) and builds
  the datetime from the located parts; which time belongs to the date is a choice made
  explicitly (the first time with a named zone, else the one nearest the date).

Every result is timezone-aware. Policy when the page names no zone: the value is returned in
UTC and marked ``tz_known=False`` ("naive-assumed-utc") so callers can weigh it lower. No local
zone is ever guessed; named regional zones ("UK", "ET") are resolved with :mod:`zoneinfo`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from types import MappingProxyType
from typing import Literal, NamedTuple, TypeAlias
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil import parser as _du_parser
from dateutil import tz as _du_tz

from .memo import memo

DateLabel = Literal["published", "updated"]

#: Offsets (minutes east of UTC) of the zone abbreviations news sites print. Ambiguous
#: abbreviations take the reading most common on news pages: IST = India (+05:30),
#: CST = US Central (-06:00).
TZ_OFFSETS: Mapping[str, int] = MappingProxyType(
    {
        "GMT": 0, "UTC": 0, "UT": 0, "Z": 0, "WET": 0,
        "BST": 60, "WEST": 60, "CET": 60, "MEZ": 60, "WAT": 60,
        "CEST": 120, "MESZ": 120, "EET": 120, "SAST": 120,
        "EEST": 180, "MSK": 180, "EAT": 180,
        "IST": 330, "PKT": 300, "ICT": 420, "WIB": 420,
        "HKT": 480, "SGT": 480, "AWST": 480, "PHT": 480, "MYT": 480,
        "JST": 540, "KST": 540, "ACST": 570, "ACDT": 630,
        "AEST": 600, "AEDT": 660, "NZST": 720, "NZDT": 780,
        "EST": -300, "EDT": -240, "CST": -360, "CDT": -300,
        "MST": -420, "MDT": -360, "PST": -480, "PDT": -420,
        "AKST": -540, "AKDT": -480, "HST": -600, "AST": -240, "ADT": -180,
        "NST": -210, "NDT": -150, "BRT": -180, "ART": -180,
    }
)

#: Regional names whose offset depends on the date (daylight saving): resolved by zoneinfo.
TZ_REGIONS: Mapping[str, str] = MappingProxyType(
    {
        "UK": "Europe/London",
        "ET": "America/New_York",
        "CT": "America/Chicago",
        "MT": "America/Denver",
        "PT": "America/Los_Angeles",
    }
)

_MONTH_NAMES: Mapping[str, int] = MappingProxyType(
    {
        # English
        "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
        "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
        "sept": 9, "oct": 10, "nov": 11, "dec": 12,
        # French
        "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
        "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
        "décembre": 12, "decembre": 12, "janv": 1, "févr": 2, "fevr": 2, "avr": 4, "juil": 7,
        "déc": 12,
        # German
        "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "juni": 6, "juli": 7,
        "oktober": 10, "dezember": 12, "okt": 10, "dez": 12,
        # Spanish
        "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
        "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11,
        "diciembre": 12, "ene": 1, "abr": 4, "ago": 8, "dic": 12,
        # Italian
        "gennaio": 1, "febbraio": 2, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7,
        "settembre": 9, "ottobre": 10, "dicembre": 12, "gen": 1, "mag": 5, "giu": 6,
        "lug": 7, "set": 9, "ott": 10,
        # Portuguese
        "janeiro": 1, "fevereiro": 2, "março": 3, "marco": 3, "maio": 5, "junho": 6,
        "julho": 7, "setembro": 9, "outubro": 10, "novembro": 11, "dezembro": 12,
        "fev": 2, "out": 10,
        # Dutch
        "januari": 1, "februari": 2, "maart": 3, "mei": 5, "augustus": 8,
    }
)

#: Month names of the languages news sites are written in (lower case) → month number.
MONTH_NAMES = _MONTH_NAMES

_TZ_NAMES = sorted([*TZ_OFFSETS, *TZ_REGIONS], key=len, reverse=True)


#: A node of a prefix tree: the next letters, and "" where a word ends.
_PrefixNode: TypeAlias = dict[str, "_PrefixNode"]


def _prefix_tree(words: Iterable[str]) -> str:
    """A pattern matching what the alternation of ``words`` sorted longest first matches, and
    trying them in the same order wherever it is tried: of the words that begin the text there
    (prefixes of each other) the longest first. Written as a tree of shared prefixes, it costs a
    test per distinct first letter instead of one per word at every position tried."""
    tree: _PrefixNode = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def pattern(node: _PrefixNode) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in node.items() if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(tree)


_MONTH_ALTERNATION = "|".join(re.escape(m) for m in sorted(_MONTH_NAMES, key=len, reverse=True))
_MONTH_RE = _prefix_tree(_MONTH_NAMES)
#: The zone names, longest first, as a prefix tree (as the month names: a test per distinct
#: first letter where each name was tried in turn).
_TZ_NAME_ALTERNATION = "(?:" + "|".join(re.escape(t) for t in _TZ_NAMES) + ")"
_TZ_NAME_RE = _prefix_tree(_TZ_NAMES)
# A zone: an abbreviation (upper case, whole word), or a numeric offset, or GMT+1 style.
_TZ_RE = (
    r"(?:(?:GMT|UTC)\s?[+-]\s?\d{1,2}(?::?\d{2})?"
    r"|[+-](?:0\d|1[0-4]):?[0-5]\d(?!\d)"
    r"|(?-i:" + _TZ_NAME_RE + r")(?![A-Za-z]))"
)
_DAY_SUFFIX = r"(?:st|nd|rd|th|er|e|º|°|\.)?"
_YEAR4 = r"(?:19|20)\d{2}"


def _number(not_after: str, first: str) -> str:
    """``(?<!not_after)[0-first]?\\d`` (a day, month or hour not preceded by a character of the
    class ``not_after``), written to begin with a digit: a search then skips straight to the
    digits of a text instead of testing the look-behind at every position (a few times faster
    on prose). Same matches: the first digit is consumed in both readings, the look-behind
    then tests the character before it, and the second digit is taken, greedily, only after a
    first one in ``0-first``."""
    return rf"\d(?<!{not_after}\d)(?:(?<=[0-{first}])\d)?"


#: ``(?<![\d.])(?:19|20)\d{2}`` written to begin with a digit (see :func:`_number`).
_YEAR4_ALONE = r"(?:1(?<![\d.]1)9|2(?<![\d.]2)0)\d{2}"

# Day Month Year: "24 September, 2002", "4. Juni 2012", "1er juin 2012", "4 de junio de 2012", "13 Sep 02".
_DMY = re.compile(
    r"(?P<d>" + _number(r"[\w.]", "3") + ")" + _DAY_SUFFIX + r"\s*(?:de\s+|of\s+)?"
    r"(?P<m>" + _MONTH_RE + r")\.?,?\s*(?:de\s+|del\s+)?(?P<y>" + _YEAR4 + r"|'?\d{2})(?![\d:])",
    re.IGNORECASE,
)
# Month Day, Year: "August 13, 2010", "Jan. 27th 2012".
_MDY = re.compile(
    r"(?<![\w.])(?P<m>" + _MONTH_RE + r")\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>" + _YEAR4 + r")(?!\d)",
    re.IGNORECASE,
)
# ctime / Unix date: "Mon Mar 14 08:26:00 EST 2002".
_CTIME = re.compile(
    r"(?<![\w.])(?P<m>" + _MONTH_RE + r")\s+(?P<d>[0-3]?\d)\s+(?P<t>[0-2]?\d:[0-5]\d(?::[0-5]\d)?)"
    r"\s+(?:(?P<tz>" + _TZ_RE + r")\s+)?(?P<y>" + _YEAR4 + r")(?!\d)",
    re.IGNORECASE,
)
# Year first, numeric: "2012-06-04", "2002/09/24", "2012.06.04", CJK "2012年06月04日", Korean "2012년 6월 4일".
_YMD = re.compile(
    r"(?P<y>" + _YEAR4_ALONE + r")\s*(?:[-/.]|年|년)\s*(?P<m>[01]?\d)\s*(?:[-/.]|月|월)\s*(?P<d>[0-3]?\d)(?:\s*[日일])?(?![\d])"
)
# Day first (or month first), numeric: "04.06.2012", "4/6/2012", "13-09-02".
_NUM = re.compile(r"(?P<a>" + _number(r"[\d.:/]", "3") + r")(?P<sep>[./-])(?P<b>[01]?\d)(?P=sep)(?P<y>" + _YEAR4 + r"|\d{2})(?![\d:])")

# A clock time: "19:45", "19.31", "10h22", "10時22分", "7:08 p.m.", "2152 GMT" (4 digits only with a zone),
# optionally followed by a zone.
_TIME = re.compile(
    r"(?P<h>" + _number(r"[\d:.]", "2") + r")(?:(?:[:h]|[時时시点點]\s?|\.(?=\d\d(?!\.\d)))(?P<mi>[0-5]\d)(?::(?P<s>[0-5]\d)(?:\.\d+)?)?"
    r"|(?P<mi4>[0-5]\d)(?=\s*(?:" + _TZ_RE + r")))(?![\d])"
    r"(?:\s*(?P<ampm>[ap]\.?\s?m\b\.?))?(?:\s*(?:Uhr|h(?![a-z])))?"
    r"(?:\s*\(?(?P<tz>" + _TZ_RE + r"))?",
    re.IGNORECASE,
)
_AMPM_ONLY = re.compile(r"(?<![\d:.])(?P<h>1[0-2]|0?[1-9])\s*(?P<ampm>[ap]\.?\s?m\b\.?)", re.IGNORECASE)

_UPDATED_WORDS = re.compile(
    r"updated|modified|aktualisiert|mis à jour|mise à jour|actualizado|actualización|aggiornato|"
    r"atualizado|atualização|bijgewerkt|更新|修改",
    re.IGNORECASE,
)
_PUBLISHED_WORDS = re.compile(
    r"published|posted|first\s+published|publié|publie le|veröffentlicht|publicado|pubblicato|"
    r"gepubliceerd|发布|發佈|发表|發表|creado|erstellt|created|dateline",
    re.IGNORECASE,
)
_QUICK = re.compile(r"\d")
#: Two runs of digits (a digit, something else, a digit). Every date expression holds two
#: (day and year, year and month, day and clock...) with a month name, a separator or blanks
#: between them, none of which is a digit: a text without them holds no date, and is answered
#: with this one search instead of the five of :func:`_find_day` (most texts with a digit that
#: reach the parser are such: "© 2019 ...", "Page 1").
_TWO_NUMBERS = re.compile(r"\d\D++\d")


_ESCAPES_AND_GROUP_NAMES = re.compile(r"\\.|\(\?P<\w+>|\(\?P=\w+\)")


#: The only characters whose lower case is not what case-insensitive matching equates them
#: with (checked over all of Unicode, see the tests): "İ" lower-cases to two characters, and
#: "ı" and "ſ" match "i" and "s" yet lower-case to themselves.
_UNFOLDABLE = ("\u0130", "\u0131", "\u017f")


def _lowered(text: str) -> str | None:
    """``text`` lower-cased, when searching it case-sensitively for lower-case letters finds
    exactly what a case-insensitive search of ``text`` finds, at the same positions: always
    but for a text holding one of :data:`_UNFOLDABLE` (then None)."""
    if text.isascii():
        return text.lower()
    for char in _UNFOLDABLE:
        if char in text:
            return None
    return text.lower()


class _Folded:
    """A case-insensitive pattern searched on the lower-cased text (see :func:`_lowered`) by a
    case-sensitive twin, a few times faster (several times on non-ASCII text); the rare text
    :func:`_lowered` refuses goes to the pattern itself. The answer is the pattern's own:
    match positions are the same, and groups differ only in letter case. Only for patterns
    without case-sensitive parts or letter ranges, whose letters are lower case (all those
    below)."""

    __slots__ = ("pattern", "_twin")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        # What must be lower case: the pattern less its escapes and group names.
        literal = _ESCAPES_AND_GROUP_NAMES.sub("", pattern.pattern)
        if not pattern.flags & re.IGNORECASE or "(?-i" in pattern.pattern or literal != literal.lower() or _LETTER_RANGE.search(literal):
            raise ValueError(f"not a case-insensitive lower-case pattern: {pattern.pattern[:60]!r}")
        self.pattern = pattern
        self._twin = re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)

    def search(self, text: str) -> re.Match[str] | None:
        return self.search_lowered(text, _lowered(text))

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.finditer_lowered(text, _lowered(text))

    def search_lowered(self, text: str, lowered: str | None) -> re.Match[str] | None:
        """:meth:`search` of ``text``, whose :func:`_lowered` is ``lowered`` (made once for
        the several patterns one text is searched for)."""
        return self._twin.search(lowered) if lowered is not None else self.pattern.search(text)

    def finditer_lowered(self, text: str, lowered: str | None) -> Iterator[re.Match[str]]:
        """:meth:`finditer` of ``text``, whose :func:`_lowered` is ``lowered``."""
        return self._twin.finditer(lowered) if lowered is not None else self.pattern.finditer(text)


#: A range of letters in a character class: case-insensitive matching tests such a range
#: against both cases of a character, which a lower-cased text cannot stand for.
_LETTER_RANGE = re.compile(r"[^\W\d_]-[^\W\d_]")
_DMY_FOLDED, _MDY_FOLDED, _UPDATED_FOLDED, _PUBLISHED_FOLDED = (_Folded(p) for p in (_DMY, _MDY, _UPDATED_WORDS, _PUBLISHED_WORDS))
#: What every ctime date holds besides its month name: day, blanks, a clock ("Mar 14 08:26").
#: Searching for it first spares the costly ctime pattern on nearly every line.
_CTIME_CORE = re.compile(r"\s[0-3]?\d\s+[0-2]?\d:[0-5]\d")
_DIGITS_ONLY = re.compile(r"^\s*(\d{10}|\d{13})\s*$")
_COMPACT = re.compile(r"^\s*(?P<y>" + _YEAR4 + r")(?P<m>[01]\d)(?P<d>[0-3]\d)(?:T?(?P<H>[0-2]\d)(?P<M>[0-5]\d)(?P<S>[0-5]\d)?)?\s*$")
_SLASH_DATETIME = re.compile(
    r"^\s*(?P<y>" + _YEAR4 + r")[/.](?P<m>[01]?\d)[/.](?P<d>[0-3]?\d)(?:[ T]+(?P<H>[0-2]?\d):(?P<M>[0-5]\d)(?::(?P<S>[0-5]\d))?)?\s*$"
)
_ISO_TZ_NAME = re.compile(r"(\d)\s*(?P<tz>GMT|UTC|Z)\s*$", re.IGNORECASE)
#: The last letters of those zone names, in either case: a text that ends otherwise (blanks
#: aside) has no zone name for _ISO_TZ_NAME, which is then not searched for at every position.
_ZONE_NAME_ENDS = frozenset("zZtTcC")

#: How far from the date, in characters, a time may be and still belong to it.
_TIME_WINDOW = 60
#: Two-digit years at or below this are 20xx, above it 19xx (archived news starts in the 1990s).
_PIVOT = 69


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """A date found in a string, with how much of it the page actually stated.

    ``has_time`` is False for a day without a clock time (the value is then midnight);
    ``tz_known`` is False when the page named no zone and UTC was assumed
    ("naive-assumed-utc"). ``label`` is "published"/"updated" when the line says which.
    """

    value: datetime
    has_time: bool
    tz_known: bool
    raw: str
    label: DateLabel | None = None

    @property
    def day(self) -> date:
        """The calendar day as the page states it (in the value's own offset)."""
        return self.value.date()

    @property
    def flags(self) -> frozenset[str]:
        """Short tags for the missing parts, carried into a metadata Candidate (one of four
        shared sets: a page's date candidates stay alive through extraction, and every set
        made for one would be another object for the garbage collector to visit)."""
        return _FLAGS[not self.has_time, not self.tz_known]


#: ParsedDate.flags by (no time stated, no zone stated).
_FLAGS: Mapping[tuple[bool, bool], frozenset[str]] = MappingProxyType(
    {
        (False, False): frozenset(),
        (True, False): frozenset({"date-only"}),
        (False, True): frozenset({"naive-assumed-utc"}),
        (True, True): frozenset({"date-only", "naive-assumed-utc"}),
    }
)


_NUMERIC_ZONE = re.compile(r"(?:GMT|UTC)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?")
#: A year ("19xx", "20xx") or a clock ("9:30"). Written to begin with a digit, the one thing
#: both hold first, so that the search skips straight to digits.
_YEAR_OR_CLOCK = re.compile(r"\d(?:(?<=1)9\d{2}|(?<=2)0\d{2}|:\d\d)")


#: The zones of TZ_OFFSETS, made once.
_FIXED_ZONES: Mapping[str, tzinfo] = MappingProxyType(
    {name: timezone.utc if minutes == 0 else timezone(timedelta(minutes=minutes)) for name, minutes in TZ_OFFSETS.items()}
)


def zone_for(name: str, on: date | None = None) -> tzinfo | None:
    """The tzinfo for a zone written on a page: ``GMT``, ``+0100``, ``GMT+1``, ``UK``, ``ET``.

    Returns None for anything not recognised, so a caller never mistakes a guess for a fact.
    """
    text = name.strip().strip("()").strip()
    if not text:
        return None
    upper = text.upper()
    fixed = _FIXED_ZONES.get(upper)
    if fixed is not None:
        return fixed
    if upper in TZ_REGIONS:
        try:
            return ZoneInfo(TZ_REGIONS[upper])
        except ZoneInfoNotFoundError:  # pragma: no cover - tzdata missing
            return None
    m = _NUMERIC_ZONE.fullmatch(upper)
    if m:
        hours, minutes = int(m.group(2)), int(m.group(3) or 0)
        if hours > 14 or minutes > 59:
            return None
        delta = timedelta(hours=hours, minutes=minutes)
        return timezone(-delta if m.group(1) == "-" else delta) if delta else timezone.utc
    return None


def _year(text: str) -> int:
    digits = text.lstrip("'")
    year = int(digits)
    if len(digits) == 2:
        year += 2000 if year <= _PIVOT else 1900
    return year


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


class _DateSpan(NamedTuple):
    """A date expression found in a text (a named tuple: made for each line read, it costs
    half what a frozen dataclass does)."""

    day: date
    start: int
    end: int
    time: str | None = None  # a time found inside the date expression itself (ctime form)
    tz: str | None = None


#: The characters the case-insensitive patterns equate with a letter of the month names that
#: lower-casing does not turn into it (see :data:`_UNFOLDABLE`), and that letter.
_UNFOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})


def _month_number(name: str) -> int:
    """The month a month name matched case-insensitively stands for ("ſept" too)."""
    number = _MONTH_NAMES.get(name.lower())
    return number if number is not None else _MONTH_NAMES[name.translate(_UNFOLD).lower()]


def _find_day(text: str, dayfirst: bool | None, lowered: str | None) -> _DateSpan | None:
    """The first date expression in ``text`` (earliest start wins across the patterns);
    ``lowered`` is ``_lowered(text)``, made once for all the searches of one text."""
    # Each date found as (start, -length, day, ctime clock, ctime zone): the least is the one
    # kept, and only it becomes a _DateSpan.
    found: list[tuple[int, int, date, str | None, str | None]] = []
    # The ctime and month-day-year forms hold a month name as a word of its own (their
    # look-arounds say so), so a text without one needs neither search; the day-month-year
    # form may glue its month to a day suffix ("1stjan"), so it is always searched.
    month_word = _has_month_word(text, lowered)
    # A ctime date holds a clock, and so a colon: a text without one is not searched.
    m = _CTIME.search(text) if month_word and ":" in text and _CTIME_CORE.search(text) else None
    if m:
        d = _safe_date(_year(m["y"]), _month_number(m["m"]), int(m["d"]))
        if d:
            found.append((m.start(), m.start() - m.end(), d, m["t"], m["tz"]))
    m = _DMY_FOLDED.search_lowered(text, lowered)
    if m:
        d = _safe_date(_year(m["y"]), _month_number(m["m"]), int(m["d"]))
        if d:
            found.append((m.start(), m.start() - m.end(), d, None, None))
    m = _MDY_FOLDED.search_lowered(text, lowered) if month_word else None
    if m:
        d = _safe_date(_year(m["y"]), _month_number(m["m"]), int(m["d"]))
        if d:
            found.append((m.start(), m.start() - m.end(), d, None, None))
    # The numeric forms hold their separators: a text without any is not searched for them.
    separated = "." in text or "/" in text or "-" in text
    m = _YMD.search(text) if separated or "年" in text or "년" in text else None
    if m:
        d = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
        if d:
            found.append((m.start(), m.start() - m.end(), d, None, None))
    m = _NUM.search(text) if separated else None
    if m:
        a, b = int(m["a"]), int(m["b"])
        if a > 12 or (b <= 12 and (dayfirst if dayfirst is not None else True)):
            d = _safe_date(_year(m["y"]), b, a)
        else:
            d = _safe_date(_year(m["y"]), a, b)
        if d:
            found.append((m.start(), m.start() - m.end(), d, None, None))
    if not found:
        return None
    # The ctime form contains an MDY-looking prefix; prefer the longest match at the earliest
    # start (the first found of those equal in both).
    start, minus_length, day, clock, zone = min(found, key=_span_order) if len(found) > 1 else found[0]
    return _DateSpan(day, start, start - minus_length, clock, zone)


def _span_order(found: tuple[int, int, date, str | None, str | None]) -> tuple[int, int]:
    return found[0], found[1]


class _Clock(NamedTuple):
    """A clock time found in a text (a named tuple, as :class:`_DateSpan`: one is made for
    each time read)."""

    hour: int
    minute: int
    second: int
    tz: str | None
    start: int


def _clock(m: re.Match[str]) -> _Clock | None:
    hour = int(m["h"])
    minute = int(m["mi"] if m["mi"] is not None else m["mi4"])
    second = int(m["s"] or 0)
    ampm = (m["ampm"] or "").lower().replace(".", "").replace(" ", "")
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23:
        return None
    return _Clock(hour, minute, second, m["tz"], m.start())


def _find_clock(text: str, span: _DateSpan) -> _Clock | None:
    """The clock time that belongs to the date: first one with a known zone, else the nearest."""
    masked = text[: span.start] + " " * (span.end - span.start) + text[span.end :]
    lo, hi = max(0, span.start - _TIME_WINDOW), min(span.end + _TIME_WINDOW, len(masked))
    # One pass in text order: the first clock with a known zone is the answer at once (the
    # clocks after it are not even read); else the nearest, the first of those equally near.
    nearest: _Clock | None = None
    for m in _TIME.finditer(masked, lo, hi):
        c = _clock(m)
        if c is None:
            continue
        if c.tz and zone_for(c.tz, span.day) is not None:
            return c
        if nearest is None or abs(c.start - span.start) < abs(nearest.start - span.start):
            nearest = c
    if nearest is not None:
        return nearest
    bare = _AMPM_ONLY.search(masked, lo, hi)
    if bare:
        hour = int(bare["h"]) % 12 + (12 if bare["ampm"].lower().startswith("p") else 0)
        return _Clock(hour, 0, 0, None, bare.start())
    return None


def _label(published: int | None, updated: int | None) -> DateLabel | None:
    """Whether a line says "published" or "updated", from where each first says so
    (:func:`_label_starts`): the one said first."""
    if published is not None and (updated is None or published < updated):
        return "published"
    if updated is not None:
        return "updated"
    return None


def _label_starts(text: str, lowered: str | None) -> tuple[int | None, int | None]:
    """Where ``text`` first says "published" and where "updated" (``lowered``: ``_lowered(text)``).
    (The first of its published words is the one a search of any beginning of the text
    holding it finds, none of the words holding another that ends sooner: tested.)"""
    published = _PUBLISHED_FOLDED.search_lowered(text, lowered)
    updated = _UPDATED_FOLDED.search_lowered(text, lowered)
    return (published.start() if published else None), (updated.start() if updated else None)


def _aware(day: date, clock: _Clock | None, tz_text: str | None) -> tuple[datetime, bool]:
    zone = zone_for(tz_text, day) if tz_text else None
    # Made in its zone at once: datetime.replace(tzinfo=...) costs about a microsecond more.
    value = datetime(day.year, day.month, day.day, clock.hour if clock else 0, clock.minute if clock else 0, clock.second if clock else 0, tzinfo=zone if zone is not None else timezone.utc)
    return value, zone is not None


def parse_date(text: str, *, dayfirst: bool | None = None) -> ParsedDate | None:
    """Read the first date in a visible text fragment (a date line), with its time and zone.

    >>> parse_date("Tuesday, 24 September, 2002, 19:45 GMT 20:45 UK").value.isoformat()
    '2002-09-24T19:45:00+00:00'

    ``dayfirst`` settles all-numeric dates like 04/06/2012 (default: day first, as most of the
    world writes them; a value over 12 settles it regardless).
    """
    if not text or _TWO_NUMBERS.search(text) is None:
        return None
    return _read_date(text, dayfirst)


@memo
def _read_date(text: str, dayfirst: bool | None) -> ParsedDate | None:
    """:func:`parse_date` of a text with two runs of digits, remembered per text: a page's date
    line is read by the metadata (:func:`parse_dates`, its text dates reader) and again by the
    extractor that weighs the lines near the headline (the same collapsed text about half the
    time), and each reading costs several large pattern searches."""
    lowered = _lowered(text)
    span = _find_day(text, dayfirst, lowered)
    return _parse_date_at(text, span, lowered) if span is not None else None


def _parse_date_at(text: str, span: _DateSpan, lowered: str | None) -> ParsedDate:
    """:func:`parse_date` of ``text``, whose first date expression is ``span`` (``lowered``:
    ``_lowered(text)``)."""
    if span.time is not None:
        h, mi, *rest = (int(part) for part in span.time.split(":"))
        second = rest[0] if rest else 0
        # A ctime-style clock out of range ("25:30:00") is not a time: the day alone is kept.
        clock: _Clock | None = _Clock(h, mi, second, span.tz, span.start) if h <= 23 and mi <= 59 and second <= 59 else None
    else:
        clock = _find_clock(text, span)
    value, tz_known = _aware(span.day, clock, clock.tz if clock else None)
    if clock is None:
        tz_known = False
    raw = text.strip()
    label = _label(*_label_starts(text, lowered))
    return ParsedDate(value=value, has_time=clock is not None, tz_known=tz_known, raw=raw, label=label)


def parse_dates(text: str, *, dayfirst: bool | None = None) -> list[ParsedDate]:
    """Every labelled date in one fragment: "Posted: 4:52 p.m. EDT Tuesday, August 14, 2001
    Updated: 7:15 a.m. EDT Wednesday, August 15, 2001" gives the published and the updated
    time. The fragment is cut where a published/updated label starts; when some piece then has
    no day of its own ("16 October 2012 Last updated at 15:32"), the fragment is one date line.
    """
    # No piece can hold a date the whole text does not: no date expression can begin, end or
    # run across where a label word begins (none begins with a month or zone name, a digit or
    # a CJK date mark). A text without a date is answered without looking for labels.
    if not text or _TWO_NUMBERS.search(text) is None:
        return []
    # The whole text's reading (remembered: the extractor reads many of the same lines), which
    # is also the answer when the text is not cut at its labels.
    whole = _read_date(text, dayfirst)
    if whole is None:
        return []
    # Its label is where the whole text first says "published" or "updated": a text that
    # says neither (most) has no label to be cut at, and is answered without looking again.
    if whole.label is None:
        return [whole]
    # One lower-casing serves every search of the whole text.
    lowered = _lowered(text)
    published = [m.start() for m in _PUBLISHED_FOLDED.finditer_lowered(text, lowered)]
    updated = [m.start() for m in _UPDATED_FOLDED.finditer_lowered(text, lowered)]
    starts = sorted({*published, *updated} - {0})
    if starts:
        bounds = [0, *starts, len(text)]
        pieces = [text[a:b] for a, b in zip(bounds, bounds[1:])]
        if pieces[0].strip() and not _find_day(pieces[0], dayfirst, _lowered(pieces[0])):
            pieces = [pieces[0] + pieces[1], *pieces[2:]]  # a lone leading label ("Last ") joins the next
        # The pieces count only when there are several and each holds a date: a single piece
        # (a label at the start) is not read at all, and the reading stops at a piece without.
        pieces = [p for p in pieces if p.strip()]
        if len(pieces) > 1:
            parsed: list[ParsedDate] = []
            for piece in pieces:
                one = parse_date(piece, dayfirst=dayfirst)
                if one is None:
                    break
                parsed.append(one)
            else:
                return parsed
    return [whole]


_TZINFOS: Mapping[str, int] = MappingProxyType({k: v * 60 for k, v in TZ_OFFSETS.items()})


def parse_machine_date(text: str | None) -> ParsedDate | None:
    """Read a machine-readable date from metadata: ISO 8601, ``2002/09/24 19:45:02``, RFC 2822,
    compact ``20120604``, Unix epoch seconds/milliseconds; falls back to :func:`parse_date`.

    A value without a zone is returned in UTC with ``tz_known=False``.
    """
    if not text:
        return None
    return _machine_date(text)


@memo
def _machine_date(text: str) -> ParsedDate | None:
    """:func:`parse_machine_date` of a non-empty text, remembered: a page states its dates in
    several syntaxes (JSON-LD, OpenGraph, microdata, ``<time>``), mostly the same strings."""
    s = text.strip()
    if not s or len(s) > 120:
        return None
    # The common ISO form first (most values): none of the forms below reads such a text
    # (each wants a digit, "/" or "." where it has its first "-").
    common = _common_iso(s)
    if common is not None:
        return _machine_reading(common, True, s)
    m = _DIGITS_ONLY.match(s)
    if m:
        seconds = int(m.group(1)) / (1000 if len(m.group(1)) == 13 else 1)
        try:
            value = datetime.fromtimestamp(seconds, tz=timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
        return ParsedDate(value=value, has_time=True, tz_known=True, raw=s)
    m = _COMPACT.match(s) or _SLASH_DATETIME.match(s)
    if m:
        d = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
        if d is None:
            return None
        has_time = m["H"] is not None
        if has_time and int(m["H"]) > 23:
            return None
        value = datetime(d.year, d.month, d.day, int(m["H"] or 0), int(m["M"] or 0), int(m["S"] or 0), tzinfo=timezone.utc)
        return ParsedDate(value=value, has_time=has_time, tz_known=False, raw=s)
    read, has_time = _dateutil_read(s)
    if read is None:
        return parse_date(s)
    return _machine_reading(read, has_time, s)


def _machine_reading(read: datetime, has_time: bool, raw: str) -> ParsedDate | None:
    """The ParsedDate of a machine value dateutil reads as ``read`` (maybe naive): none for
    a year out of range, UTC assumed for a value without a zone."""
    if not 1900 <= read.year <= 2100:
        return None
    if read.tzinfo is None or read.utcoffset() is None:
        return ParsedDate(value=read.replace(tzinfo=timezone.utc), has_time=has_time, tz_known=False, raw=raw)
    return ParsedDate(value=read, has_time=has_time, tz_known=True, raw=raw)


def _dateutil_read(s: str) -> tuple[datetime | None, bool]:
    """dateutil's reading of a machine value (ISO 8601 first, then its general parser for
    RFC 2822 and the like, only when a month name or an ISO day is present: the general parser
    invents dates from any number). Returns the value (maybe naive) and whether it had a time."""
    # The common form first: the zone-name rewrite below would at most turn its final "z"
    # into "Z", which reads the same.
    common = _common_iso(s)
    if common is not None:
        return common, True
    # The English forms next: isoparse refuses them all (none begins with a four-digit year),
    # and they are what the general parser below would read.
    english = _english_date(s)
    if english is not None:
        return english
    # "2012-01-27T12:58GMT": ISO with a zone name glued on.
    iso = _ISO_TZ_NAME.sub(r"\1Z", s) if "T" in s and s.rstrip()[-1:] in _ZONE_NAME_ENDS and _ISO_TZ_NAME.search(s) else s
    common = _common_iso(iso) if iso is not s else None
    if common is not None:
        return common, True
    try:
        return _du_parser.isoparse(iso), bool(_ISO_HAS_TIME.search(iso))
    except (ValueError, OverflowError):
        pass
    if not (has_month_name(s) or _ISO_DAY.search(s)):
        return None, False
    try:
        read = _du_parser.parse(s, tzinfos=_TZINFOS)
        # dateutil takes "-00-32" in "202507262003-00-32" for an offset of 32 hours, which
        # datetime refuses (ValueError) as soon as the offset is asked for: not a reading.
        read.utcoffset()
    except (ValueError, OverflowError, TypeError):  # ParserError is a ValueError
        return None, False
    return read, bool(_HAS_CLOCK.search(s))


_ISO_HAS_TIME = re.compile(r"\d[T ]\d{1,2}:\d{2}")
#: The ISO 8601 form nearly every machine date takes ("2019-11-19T13:03:00.000Z",
#: "2019-11-20 06:35:39+0000"), ASCII digits only, as dateutil's isoparse reads it.
_COMMON_ISO = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]+))?)?"
    r"(?:([Zz])|([+-])([0-9]{2})(?::?([0-9]{2}))?)?"
)


def _common_iso(text: str) -> datetime | None:
    """dateutil's ``isoparse(text)`` for a text of the common form, built directly (a few times
    faster); None for any other text, and for values isoparse has special rules for (hour 24,
    out-of-range offsets) or refuses (an impossible day), which go to isoparse itself."""
    m = _COMMON_ISO.fullmatch(text)
    if m is None:
        return None
    year, month, day, hour, minute, second, fraction, utc, sign, tz_hours, tz_minutes = m.groups()
    if int(hour) > 23:
        return None
    zone: tzinfo | None = None
    if utc is not None:
        zone = _du_tz.UTC
    elif sign is not None:
        hours, minutes = int(tz_hours), int(tz_minutes or 0)
        if hours > 23 or minutes > 59:
            return None
        offset = (hours * 60 + minutes) * 60
        # isoparse gives its UTC object for a zero offset, whatever its sign.
        zone = _du_tz.UTC if offset == 0 else _du_tz.tzoffset(None, -offset if sign == "-" else offset)
    microsecond = int(fraction[:6].ljust(6, "0")) if fraction is not None else 0
    try:
        return datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0), microsecond, zone)
    except ValueError:
        return None
#: dateutil's own tables of English month and weekday names (``parserinfo.MONTHS`` and
#: ``WEEKDAYS``): the names its general parser would accept, looked up as it looks them up.
_ENGLISH_NAMES = _du_parser.parserinfo()
_ENGLISH_CLOCK = r"(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?"
#: "Mon, 18 Nov 2019 16:07:38 -0600", "19 Nov 2019 07:09 GMT", "19 November 2019".
_ENGLISH_DAY_FIRST = re.compile(
    r"(?:(?P<wd>[A-Za-z]{3,9}),? )?(?P<d>\d{1,2}) (?P<mon>[A-Za-z]{3,9}) (?P<y>(?:19|20)\d\d)"
    r"(?: " + _ENGLISH_CLOCK + r"(?: (?:(?P<off>[+-]\d{4})|(?P<zone>[A-Z]{1,5})))?)?"
)
#: "Tuesday, November 19, 2019, 06:51 AM", "November 19, 2019, 07:47 PM EST", "November 20, 2019 13:42".
_ENGLISH_MONTH_FIRST = re.compile(
    r"(?:(?P<wd>[A-Za-z]{3,9}), )?(?P<mon>[A-Za-z]{3,9}) (?P<d>\d{1,2}), (?P<y>(?:19|20)\d\d)"
    r"(?:,? " + _ENGLISH_CLOCK + r"(?: (?P<ampm>[AaPp][Mm]))?(?: (?P<zone>[A-Z]{1,5}))?)?"
)


def _english_date(s: str) -> tuple[datetime, bool] | None:
    """dateutil's general reading ``(value, has a clock)`` of the English forms sites write in
    their metadata (``Mon, 18 Nov 2019 16:07:38 -0600``, ``19 Nov 2019 07:09 GMT``, ``19 November
    2019``, ``Tuesday, November 19, 2019, 06:51 AM EST``), built directly: its parser lexes a
    string one character at a time in Python, some 50 µs a value. The zone objects are its own:
    a name read from :data:`_TZINFOS` as ``tzoffset(name, offset)``, a numeric offset as
    ``tzoffset(None, offset)``, and a zero offset or "Z" named "UTC" first (``parserinfo.validate``).
    None for any other text, and for what dateutil has rules of its own for or refuses (an
    impossible day, an hour out of range, a zone name not in the table), which go to dateutil."""
    m = _ENGLISH_DAY_FIRST.fullmatch(s) or _ENGLISH_MONTH_FIRST.fullmatch(s)
    if m is None:
        return None
    weekday, month = m["wd"], _ENGLISH_NAMES.month(m["mon"])
    if month is None or (weekday is not None and _ENGLISH_NAMES.weekday(weekday) is None):
        return None
    day = _safe_date(int(m["y"]), month, int(m["d"]))
    if day is None:
        return None
    if m["H"] is None:
        return datetime(day.year, day.month, day.day), False
    hour, minute, second = int(m["H"]), int(m["M"]), int(m["S"] or 0)
    groups = m.groupdict()
    ampm, offset, name = groups.get("ampm"), groups.get("off"), m["zone"]
    if ampm is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm.lower() == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    zone: tzinfo | None = None
    if offset is not None:
        hours, minutes = int(offset[1:3]), int(offset[3:])
        if hours > 23 or minutes > 59:
            return None
        seconds = (hours * 3600 + minutes * 60) * (-1 if offset[0] == "-" else 1)
        zone = _du_tz.tzoffset("UTC", _TZINFOS["UTC"]) if seconds == 0 else _du_tz.tzoffset(None, seconds)
    elif name is not None:
        name = "UTC" if name == "Z" else name
        if name not in _TZINFOS:
            return None
        zone = _du_tz.tzoffset(name, _TZINFOS[name])
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=zone), True


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_HAS_CLOCK = re.compile(r"\d{1,2}:\d{2}")
_MONTH_NAME_QUICK = re.compile(r"(?<![a-z])(?:" + _MONTH_ALTERNATION + r")(?![a-z])", re.IGNORECASE)
#: _MONTH_NAME_QUICK as a case-sensitive pattern, with the names' prefix tree, for lower-cased
#: text (see :func:`_lowered`; its letter ranges are equated by case as its letters are).
_MONTH_WORD = re.compile(r"(?<![a-z])(?:" + _MONTH_RE + r")(?![a-z])")


def has_month_name(text: str) -> bool:
    """Whether ``text`` holds a month name of the tables as a word of its own (as
    ``_MONTH_NAME_QUICK.search`` would say)."""
    return _has_month_word(text, _lowered(text))


def _has_month_word(text: str, lowered: str | None) -> bool:
    """:func:`has_month_name` of ``text``, whose :func:`_lowered` is ``lowered``."""
    if lowered is None:
        return _MONTH_NAME_QUICK.search(text) is not None
    return _MONTH_WORD.search(lowered) is not None


def looks_like_date_line(text: str) -> bool:
    """Cheap pre-filter: has a digit and either a year, a clock time or a month name."""
    return _QUICK.search(text) is not None and holds_year_clock_or_month(text)


def holds_year_clock_or_month(text: str) -> bool:
    """:func:`looks_like_date_line` of a text known to hold a digit (such as the short texts
    the metadata's page index lists), without looking for the digit again. The year/clock
    regex goes first: it is a few times cheaper than the month-name search."""
    return _YEAR_OR_CLOCK.search(text) is not None or has_month_name(text)


def scan_date_lines(texts: Iterable[str], *, max_chars: int = 200, dayfirst: bool | None = None) -> list[ParsedDate]:
    """Parse each short visible fragment that holds a date; long fragments are prose, skipped."""
    out: list[ParsedDate] = []
    for text in texts:
        if not text or len(text) > max_chars or not looks_like_date_line(text):
            continue
        parsed = parse_date(" ".join(text.split()), dayfirst=dayfirst)
        if parsed is not None:
            out.append(parsed)
    return out


def find_date_lines(texts: Iterable[str], *, max_chars: int = 200) -> list[tuple[datetime, str]]:
    """``(datetime, raw text)`` for each short fragment that is a date line, in input order.

    Use :func:`scan_date_lines` to also learn whether a time and a zone were shown.
    """
    return [(p.value, p.raw) for p in scan_date_lines(texts, max_chars=max_chars)]


def parse_short_date(text: str) -> date | None:
    """The day of a short "see also" date such as ``13 Sep 02``, ``13/09/02`` or ``2002-09-13``."""
    parsed = parse_date(text)
    return parsed.day if parsed is not None else None
