"""Date parsing of visible date lines and machine-readable metadata values."""

from __future__ import annotations

import random
import re
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articlescrape.dates import (
    find_date_lines,
    looks_like_date_line,
    parse_date,
    parse_dates,
    parse_machine_date,
    parse_short_date,
    scan_date_lines,
    zone_for,
)

UTC = timezone.utc


def tz(hours: float) -> timezone:
    return timezone(timedelta(hours=hours))


@pytest.mark.parametrize(
    ("text", "expected", "tz_known"),
    [
        ("Tuesday, 24 September, 2002, 19:45 GMT 20:45 UK", datetime(2002, 9, 24, 19, 45, tzinfo=UTC), True),
        ("Last Updated: Friday, 13 August 2010, 14:50 GMT 15:50 UK", datetime(2010, 8, 13, 14, 50, tzinfo=UTC), True),
        ("Page last updated at 14:05 GMT, Tuesday, 21 April 2009 15:05 UK", datetime(2009, 4, 21, 14, 5, tzinfo=UTC), True),
        ("August 13, 2010 -- Updated 2152 GMT (0552 HKT)", datetime(2010, 8, 13, 21, 52, tzinfo=UTC), True),
        ("Published: 27 January 2012 19:31 GMT", datetime(2012, 1, 27, 19, 31, tzinfo=UTC), True),
        ("Friday 27 January 2012 19.31 GMT", datetime(2012, 1, 27, 19, 31, tzinfo=UTC), True),
        ("Mon Mar 14 08:26:00 EST 2002", datetime(2002, 3, 14, 8, 26, tzinfo=tz(-5)), True),
        ("August 13, 2010 7:08 p.m. EDT", datetime(2010, 8, 13, 19, 8, tzinfo=tz(-4)), True),
        ("12 June 2011 09:00 CEST", datetime(2011, 6, 12, 9, 0, tzinfo=tz(2)), True),
        ("3 March 2012, 10:00 AEDT", datetime(2012, 3, 3, 10, 0, tzinfo=tz(11)), True),
        ("June 4, 2012 10:22 JST", datetime(2012, 6, 4, 10, 22, tzinfo=tz(9)), True),
        ("2012-06-04 10:22 HKT", datetime(2012, 6, 4, 10, 22, tzinfo=tz(8)), True),
        ("5 May 2012 14:00 IST", datetime(2012, 5, 5, 14, 0, tzinfo=tz(5.5)), True),
        ("Posted 2 Jan 2008 08:15 PST", datetime(2008, 1, 2, 8, 15, tzinfo=tz(-8)), True),
        ("2012-06-04 10:22:33", datetime(2012, 6, 4, 10, 22, 33, tzinfo=UTC), False),
        ("2012年06月04日 10:22", datetime(2012, 6, 4, 10, 22, tzinfo=UTC), False),
        ("4. Juni 2012, 10:22 Uhr", datetime(2012, 6, 4, 10, 22, tzinfo=UTC), False),
        ("Publié le 1er juin 2012 à 10h22", datetime(2012, 6, 1, 10, 22, tzinfo=UTC), False),
        ("4 de junio de 2012", datetime(2012, 6, 4, tzinfo=UTC), False),
        ("4 giugno 2012 ore 18:05", datetime(2012, 6, 4, 18, 5, tzinfo=UTC), False),
        ("4 de março de 2012", datetime(2012, 3, 4, tzinfo=UTC), False),
        ("4 maart 2012 13:10", datetime(2012, 3, 4, 13, 10, tzinfo=UTC), False),
        ("04.06.2012 10:22", datetime(2012, 6, 4, 10, 22, tzinfo=UTC), False),
    ],
)
def test_parse_date_lines(text: str, expected: datetime, tz_known: bool) -> None:
    parsed = parse_date(text)
    assert parsed is not None
    assert parsed.value == expected
    assert parsed.value.utcoffset() == expected.utcoffset()
    assert parsed.tz_known is tz_known
    assert parsed.value.tzinfo is not None


def test_zone_less_time_is_marked_naive_assumed_utc() -> None:
    parsed = parse_date("16 October 2012 Last updated at 15:32")
    assert parsed is not None
    assert parsed.value == datetime(2012, 10, 16, 15, 32, tzinfo=UTC)
    assert not parsed.tz_known
    assert "naive-assumed-utc" in parsed.flags
    assert parsed.label == "updated"


def test_date_only_is_flagged() -> None:
    parsed = parse_date("Friday, 13 August 2010")
    assert parsed is not None and not parsed.has_time
    assert parsed.flags == {"date-only", "naive-assumed-utc"}


def test_labels() -> None:
    assert parse_date("Published: 27 January 2012 19:31 GMT").label == "published"  # type: ignore[union-attr]
    assert parse_date("Last Updated: Friday, 13 August 2010, 14:50 GMT").label == "updated"  # type: ignore[union-attr]
    assert parse_date("Friday 27 January 2012 19.31 GMT").label is None  # type: ignore[union-attr]


def test_regional_zone_follows_daylight_saving() -> None:
    summer = parse_date("Tuesday, 24 September, 2002, 20:45 UK")
    winter = parse_date("Tuesday, 24 December, 2002, 20:45 UK")
    assert summer is not None and winter is not None
    assert summer.value.utcoffset() == timedelta(hours=1)
    assert winter.value.utcoffset() == timedelta(0)


def test_time_with_named_zone_beats_nearer_time_without() -> None:
    parsed = parse_date("Page last updated at 14:05 GMT, Tuesday, 21 April 2009 15:05 XYZ")
    assert parsed is not None and parsed.value.hour == 14


def test_numeric_day_month_order() -> None:
    assert parse_date("13/09/2002").day == date(2002, 9, 13)  # type: ignore[union-attr]
    assert parse_date("04/06/2012").day == date(2012, 6, 4)  # type: ignore[union-attr]
    assert parse_date("04/06/2012", dayfirst=False).day == date(2012, 4, 6)  # type: ignore[union-attr]


@pytest.mark.parametrize("text", ["posted 3 days ago", "In 2012 there were 400 people", "Call 0800 123 456", "", "31 February 2012"])
def test_no_date(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize(
    ("text", "expected", "tz_known", "has_time"),
    [
        ("2002/09/24 19:45:02", datetime(2002, 9, 24, 19, 45, 2, tzinfo=UTC), False, True),
        ("2012-01-27T12:58:53Z", datetime(2012, 1, 27, 12, 58, 53, tzinfo=UTC), True, True),
        ("2012-01-27T12:58GMT", datetime(2012, 1, 27, 12, 58, tzinfo=UTC), True, True),
        ("2012-06-04T10:22:33+0800", datetime(2012, 6, 4, 2, 22, 33, tzinfo=UTC), True, True),
        ("2012-01-27", datetime(2012, 1, 27, tzinfo=UTC), False, False),
        ("Fri, 27 Jan 2012 12:58:53 GMT", datetime(2012, 1, 27, 12, 58, 53, tzinfo=UTC), True, True),
        ("Fri, 27 Jan 2012 12:58:53 -0500", datetime(2012, 1, 27, 17, 58, 53, tzinfo=UTC), True, True),
        ("1338805353", datetime(2012, 6, 4, 10, 22, 33, tzinfo=UTC), True, True),
        ("20120604", datetime(2012, 6, 4, tzinfo=UTC), False, False),
    ],
)
def test_parse_machine_date(text: str, expected: datetime, tz_known: bool, has_time: bool) -> None:
    parsed = parse_machine_date(text)
    assert parsed is not None
    assert parsed.value == expected
    assert parsed.tz_known is tz_known
    assert parsed.has_time is has_time


@pytest.mark.parametrize("text", ["", "   ", "soon", "0000-00-00", "2012-13-45"])
def test_parse_machine_date_rejects_garbage(text: str) -> None:
    assert parse_machine_date(text) is None


def test_short_dates() -> None:
    assert parse_short_date("13 Sep 02") == date(2002, 9, 13)
    assert parse_short_date("1 Jan 99") == date(1999, 1, 1)
    assert parse_short_date("2002-09-13") == date(2002, 9, 13)
    assert parse_short_date("no date") is None


def test_find_date_lines_skips_prose_and_keeps_order() -> None:
    texts = [
        "Home | World | Business",
        "Tuesday, 24 September, 2002, 19:45 GMT 20:45 UK",
        "The tribunal ruled in 2001 that " + "tips were wages " * 20,  # long prose: skipped
        "13 Sep 02",
    ]
    found = find_date_lines(texts)
    assert [raw for _, raw in found] == [texts[1], texts[3]]
    assert found[0][0] == datetime(2002, 9, 24, 19, 45, tzinfo=UTC)
    assert [p.has_time for p in scan_date_lines(texts)] == [True, False]


def test_looks_like_date_line() -> None:
    assert looks_like_date_line("13 Sep 02")
    assert not looks_like_date_line("No digits here")
    assert not looks_like_date_line("Page 3 of 4")


def test_zone_for() -> None:
    assert zone_for("GMT") == UTC
    assert zone_for("+0530") == tz(5.5)
    assert zone_for("GMT+1") == tz(1)
    assert zone_for("UK") is not None
    assert zone_for("XYZ") is None


@pytest.mark.parametrize("text", ["2012年6月4日 10時22分", "2012년 6월 4일 10시 22분", "2012年06月04日 10点22分"])
def test_cjk_clock_times(text: str) -> None:
    parsed = parse_date(text)
    assert parsed is not None and parsed.value == datetime(2012, 6, 4, 10, 22, tzinfo=UTC) and parsed.has_time


def test_parse_dates_splits_labelled_lines() -> None:
    from articlescrape.dates import parse_dates

    both = parse_dates("Posted: 4:52 p.m. EDT Tuesday, August 14, 2001 Updated: 7:15 a.m. EDT Wednesday, August 15, 2001")
    edt = tz(-4)
    assert [(p.value, p.label) for p in both] == [
        (datetime(2001, 8, 14, 16, 52, tzinfo=edt), "published"),
        (datetime(2001, 8, 15, 7, 15, tzinfo=edt), "updated"),
    ]
    one = parse_dates("16 October 2012 Last updated at 15:32")  # the label's piece has no day: one line
    assert [(p.value, p.label) for p in one] == [(datetime(2012, 10, 16, 15, 32, tzinfo=UTC), "updated")]
    assert parse_dates("nothing here") == []


def test_a_ctime_clock_out_of_range_keeps_the_day_and_drops_the_time() -> None:
    from articlescrape.dates import parse_date

    parsed = parse_date("Mon Mar 14 25:30:00 2002")
    assert parsed is not None and parsed.day.isoformat() == "2002-03-14" and not parsed.has_time


def test_lower_casing_stands_for_case_insensitive_matching() -> None:
    """The premise of the folded searches, over all of Unicode: a character matches a letter of
    the folded patterns (or of the month tables) case-insensitively exactly when its lower
    case is that letter, and lower-casing keeps every length, but for the _UNFOLDABLE ones."""
    import re
    import sys
    from collections import defaultdict

    from articlescrape import dates

    everything = "".join(chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i <= 0xDFFF)
    unfoldable = set(dates._UNFOLDABLE)
    by_lower: dict[str, set[str]] = defaultdict(set)
    for char in everything:
        lowered = char.lower()
        if len(lowered) != 1:
            assert char in unfoldable
        else:
            by_lower[lowered].add(char)
    patterns = (dates._DMY, dates._MDY, dates._UPDATED_WORDS, dates._PUBLISHED_WORDS)
    letters = {c for p in patterns for c in dates._ESCAPES_AND_GROUP_NAMES.sub("", p.pattern) if c.isalpha()}
    letters |= set("".join(dates.MONTH_NAMES)) | set("abcdefghijklmnopqrstuvwxyz")
    for letter in sorted(letters):
        matched = {m.group() for m in re.finditer(re.escape(letter), everything, re.IGNORECASE)}
        assert matched - unfoldable == by_lower[letter] - unfoldable, letter
    # The month-word look-arounds' letter range too.
    in_range = {m.group() for m in re.finditer("[a-z]", everything, re.IGNORECASE)}
    assert in_range - unfoldable == {c for low, chars in by_lower.items() if "a" <= low <= "z" for c in chars} - unfoldable


def test_folded_searches_answer_as_the_case_insensitive_patterns() -> None:
    """Mixed-case text, ASCII or not, with and without the _UNFOLDABLE characters."""
    import random

    from articlescrape import dates

    rng = random.Random(7)
    words = [*dates.MONTH_NAMES, "published", "Posted", "LAST UPDATED", "mis à jour", "VERÖFFENTLICHT", "Actualización", "更新", "de", "1st", "1er", "GMT"]
    odd = list(" ,.:/-'0123456789") + ["İ", "ı", "ſ", "K", "É", "Ä", "Ç", "Û", "À", "Ö", "—", "’", "Σ", "ẞ", "µ"]
    for _ in range(3000):
        parts = [rng.choice(words) if rng.random() < 0.5 else "".join(rng.choice(odd) for _ in range(rng.randint(1, 3))) for _ in range(rng.randint(1, 10))]
        text = "".join(c.upper() if rng.random() < 0.3 else c for c in " ".join(parts))
        for folded in (dates._DMY_FOLDED, dates._MDY_FOLDED, dates._UPDATED_FOLDED, dates._PUBLISHED_FOLDED):
            assert [m.span() for m in folded.finditer(text)] == [m.span() for m in folded.pattern.finditer(text)], text
        assert dates.has_month_name(text) == (dates._MONTH_NAME_QUICK.search(text) is not None), text


def test_common_iso_values_are_read_as_dateutil_reads_them() -> None:
    """The direct reading of the common ISO form gives isoparse's own value, zone object
    included (its UTC for any zero offset, its tzoffset otherwise); other texts go to isoparse."""
    import random

    from dateutil.parser import isoparse

    from articlescrape.dates import _common_iso

    rng = random.Random(11)
    for _ in range(5000):
        text = f"{rng.randint(1990, 2030)}-{rng.randint(0, 13):02d}-{rng.randint(0, 32):02d}{rng.choice('T ')}{rng.randint(0, 25):02d}:{rng.randint(0, 60):02d}"
        if rng.random() < 0.8:
            text += f":{rng.randint(0, 61):02d}" + (rng.choice(".,") + str(rng.randint(0, 10**9)) if rng.random() < 0.5 else "")
        zone = rng.random()
        if zone < 0.3:
            text += rng.choice("Zz")
        elif zone < 0.8:
            text += rng.choice("+-") + f"{rng.randint(0, 25):02d}" + rng.choice([":", ""]) + rng.choice([f"{rng.randint(0, 61):02d}", ""])
        fast = _common_iso(text)
        if fast is None:
            continue
        slow = isoparse(text)
        assert (fast, type(fast.tzinfo), fast.utcoffset()) == (slow, type(slow.tzinfo), slow.utcoffset()), text
    assert _common_iso("2019-11-20T24:00:00Z") is None  # isoparse's own rule: the next midnight
    assert _common_iso("2019-02-30T01:00:00Z") is None  # refused by isoparse too
    assert _common_iso("２019-11-20T06:35:39Z") is None  # ASCII digits only, as isoparse wants


def test_month_prefix_tree_matches_as_the_alternation() -> None:
    """The date patterns written with the month names' and the zone names' prefix trees find
    what they find with the plain alternations (longest name first): same spans, same groups."""
    import random
    import re

    from articlescrape import dates

    rng = random.Random(9)
    names = list(dates.MONTH_NAMES)
    plain = {
        p: re.compile(p.pattern.replace(dates._MONTH_RE, dates._MONTH_ALTERNATION).replace(dates._TZ_NAME_RE, dates._TZ_NAME_ALTERNATION), p.flags)
        for p in (dates._DMY, dates._MDY, dates._CTIME, dates._TIME)
    }
    zones = [*dates.TZ_OFFSETS, *dates.TZ_REGIONS]
    for _ in range(20000):
        parts = []
        for _ in range(rng.randint(1, 6)):
            roll = rng.random()
            if roll < 0.4:
                name = rng.choice(names)
                parts.append(rng.choice([name, name.upper(), name.title(), name[: rng.randint(1, len(name))], name + rng.choice("xos.")]))
            elif roll < 0.7:
                parts.append(str(rng.randint(0, 40)))
            elif roll < 0.8:
                parts.append(f"{rng.randint(0, 29)}:{rng.randint(0, 69):02d}")
            elif roll < 0.9:
                zone = rng.choice(zones)
                parts.append(rng.choice([zone, zone.lower(), zone[: rng.randint(1, len(zone))], zone + rng.choice("Txs("), f"({zone})"]))
            else:
                parts.append(rng.choice(["2002", "1999", "EST", "de", "of", "1st", "1er", "'02", "2152", "p.m.", "Uhr"]))
        text = "".join(rng.choice([" ", ", ", ".", ""]) + p for p in parts)
        for tree, alternation in plain.items():
            assert [(m.span(), m.groups()) for m in tree.finditer(text)] == [(m.span(), m.groups()) for m in alternation.finditer(text)], text


def test_year_or_clock_pattern_answers_as_its_plain_form() -> None:
    """_YEAR_OR_CLOCK is written to begin with a digit; it finds what the plain alternation finds."""
    import random
    import re

    from articlescrape.dates import _YEAR_OR_CLOCK

    plain = re.compile(r"(?:19|20)\d{2}|\d:\d\d")
    rng = random.Random(5)
    alphabet = "0123456789:12 9a\u0661\u0669\uff11"
    for _ in range(50000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert (_YEAR_OR_CLOCK.search(text) is None) == (plain.search(text) is None), text


def test_looks_like_date_line_is_not_swayed_by_whitespace() -> None:
    """The date-line reader tests raw texts: the answer must be the collapsed text's."""
    import random

    from articlescrape.text import collapse

    rng = random.Random(13)
    pieces = ["Jan", "june", "MÄRZ", "2019", "19", "9:30", "1", ":", "a", "x", " ", "  ", "\n", "\t", "\u00a0", "\u2003", "\x1c", "ſept"]
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        assert looks_like_date_line(text) == looks_like_date_line(collapse(text)), repr(text)


def test_parse_dates_of_a_text_without_a_date_is_empty_without_looking_for_labels() -> None:
    """parse_dates answers a text without a date at once; the answer is the full reading's
    (cut at every label, each piece read), on lines of labels glued to dates in every way."""
    import random

    from articlescrape import dates

    def full_reading(text: str) -> list[dates.ParsedDate]:
        starts = sorted({m.start() for rx in (dates._PUBLISHED_FOLDED, dates._UPDATED_FOLDED) for m in rx.finditer(text)} - {0})
        if starts:
            bounds = [0, *starts, len(text)]
            pieces = [text[a:b] for a, b in zip(bounds, bounds[1:])]
            if pieces[0].strip() and not dates._find_day(pieces[0], None, dates._lowered(pieces[0])):
                pieces = [pieces[0] + pieces[1], *pieces[2:]]
            parsed = [parse_date(p) for p in pieces if p.strip()]
            if len(parsed) > 1 and all(p is not None for p in parsed):
                return [p for p in parsed if p is not None]
        one = parse_date(text)
        return [one] if one is not None else []

    rng = random.Random(17)
    labels = ["published", "Posted", "FIRST PUBLISHED", "publié", "Veröffentlicht", "pubblicato", "发布", "created", "dateline",
              "updated", "Last Modified", "aktualisiert", "mis à jour", "actualización", "aggiornato", "bijgewerkt", "更新"]
    names = list(dates.MONTH_NAMES)
    zones = [*dates.TZ_OFFSETS, *dates.TZ_REGIONS]

    def date_text() -> str:
        d, m, y, name = rng.randint(1, 31), rng.randint(1, 12), rng.choice([rng.randint(1995, 2025), rng.randint(0, 99)]), rng.choice(names)
        form = rng.choice([f"{d} {name} {y}", f"{d}er {name}, {y}", f"{name} {d}, {y}", f"{name} {d} 10:{m:02d}:00 {rng.choice(zones)} {y}",
                           f"{y}-{m:02d}-{d:02d}", f"{y}年{m}月{d}日", f"{d}.{m}.{y}", f"{d}/{m}/{y}", f"{m}:{d:02d} {rng.choice(zones)}"])
        return form.upper() if rng.random() < 0.2 else form

    for _ in range(20000):
        parts = [rng.choice(labels) if rng.random() < 0.4 else date_text() for _ in range(rng.randint(1, 5))]
        text = "".join(p + rng.choice(["", " ", ": ", ", "]) for p in parts)
        assert dates.parse_dates(text) == full_reading(text), text


def _plain_number_patterns() -> dict[str, re.Pattern[str]]:
    """The date patterns as they were written before they began with a digit (the look-behind
    first): the reference for the digit-first forms."""
    from articlescrape import dates

    plain = {
        "(?P<d>" + dates._number(r"[\w.]", "3"): r"(?<![\w.])(?P<d>[0-3]?\d",
        "(?P<y>" + dates._YEAR4_ALONE: r"(?<![\d.])(?P<y>" + dates._YEAR4,
        "(?P<a>" + dates._number(r"[\d.:/]", "3"): r"(?<![\d.:/])(?P<a>[0-3]?\d",
        "(?P<h>" + dates._number(r"[\d:.]", "2"): r"(?<![\d:.])(?P<h>[0-2]?\d",
    }
    out: dict[str, re.Pattern[str]] = {}
    for name in ("_DMY", "_YMD", "_NUM", "_TIME"):
        pattern: re.Pattern[str] = getattr(dates, name)
        text = pattern.pattern
        for digit_first, look_behind_first in plain.items():
            text = text.replace(digit_first, look_behind_first)
        assert text != pattern.pattern, name
        out[name] = re.compile(text, pattern.flags)
    return out


_DATE_PIECES = [
    *"0123456789", "19", "20", "2002", "1999", "24", "31", "12", "09", "'02", "٣", "１", "²",
    *" .,:/-'_", "  ", "\n", "年", "月", "日", "년", "월", "일", "時", "h", "Uhr", "a.m.", "PM", "p. m",
    "Sep", "september", "MÄRZ", "de", "of", "1st", "1er", "GMT", "UTC+1", "+0100", "EST", "UK", "x", "é", "ſ", "K",
]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_DATE_PIECES), max_size=14).map("".join), st.integers(0, 12), st.integers(0, 40))
def test_digit_first_date_patterns_match_as_their_look_behind_first_forms(text: str, lo: int, hi: int) -> None:
    """_DMY, _YMD, _NUM and _TIME begin with a digit (a search skips to digits); they find
    what their plain forms find: same spans, same groups, searched whole or between bounds
    (as _find_clock searches), and as the folded twin searches lower-cased text."""
    from articlescrape import dates

    for name, plain in _plain_number_patterns().items():
        pattern: re.Pattern[str] = getattr(dates, name)
        for found, expected in (
            (pattern.finditer(text), plain.finditer(text)),
            (pattern.finditer(text, lo, hi), plain.finditer(text, lo, hi)),
        ):
            assert [(m.span(), m.groups()) for m in found] == [(m.span(), m.groups()) for m in expected], (name, text)
    twin = dates._DMY_FOLDED._twin
    plain_twin = re.compile(_plain_number_patterns()["_DMY"].pattern)
    lowered = text.lower()
    assert [(m.span(), m.groups()) for m in twin.finditer(lowered)] == [(m.span(), m.groups()) for m in plain_twin.finditer(lowered)], text


def test_digit_first_date_patterns_match_as_their_plain_forms_on_real_lines() -> None:
    """Date lines as pages write them (and their near misses)."""
    from articlescrape import dates

    lines = [
        "Tuesday, 24 September, 2002, 19:45 GMT 20:45 UK", "Posted: 4:52 p.m. EDT Tuesday, August 14, 2001",
        "04.06.2012 10h22", "2012年06月04日 10時22分", "2012년 6월 4일", "13-09-02", "1.2.3.4", "v2.0.2019",
        "12:30:45.123 +0100", "2152 GMT", "© 2004-2019 CBS", "Score 4.5 out of 5", "4/6/2012 7:08 p.m.", "3.11.2019, 23.59 Uhr",
    ]
    for name, plain in _plain_number_patterns().items():
        pattern: re.Pattern[str] = getattr(dates, name)
        for text in lines:
            assert [(m.span(), m.groups()) for m in pattern.finditer(text)] == [(m.span(), m.groups()) for m in plain.finditer(text)], (name, text)


@pytest.mark.parametrize("text", ["Mon ſept 14 08:26:00 2002", "14 ſept 2002", "ſept 14, 2002", "14 JUİN 2002", "14 juın 2002"])
def test_a_month_name_with_a_letter_lower_casing_does_not_fold_is_read(text: str) -> None:
    """The case-insensitive patterns take "ſ" for "s" and "ı"/"İ" for "i"; the month they
    matched is read as such (this used to raise KeyError, and so did extraction)."""
    plain = text.replace("ſ", "s").replace("İ", "I").replace("ı", "i")
    parsed, expected = parse_date(text), parse_date(plain)
    assert parsed is not None and expected is not None
    assert (parsed.value, parsed.has_time, parsed.tz_known) == (expected.value, expected.has_time, expected.tz_known)
    assert parse_dates(text) and looks_like_date_line(text)


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_DATE_PIECES), max_size=14).map("".join), st.sampled_from([None, True, False]))
def test_every_date_expression_holds_two_runs_of_digits(text: str, dayfirst: bool | None) -> None:
    """parse_date and parse_dates answer a text without two runs of digits at once: no date
    expression _find_day finds lacks them (nor does any piece of a text, which has fewer)."""
    from articlescrape import dates

    if dates._find_day(text, dayfirst, dates._lowered(text)) is not None:
        assert dates._TWO_NUMBERS.search(text) is not None, text
    if dates._TWO_NUMBERS.search(text) is None:
        assert parse_date(text, dayfirst=dayfirst) is None and parse_dates(text, dayfirst=dayfirst) == []


_LABEL_PIECES = [
    *_DATE_PIECES, "published", "Posted", "first  published", "FIRST\tPUBLISHED", "publié", "publie le", "Veröffentlicht", "publicado",
    "pubblicato", "gepubliceerd", "发布", "發表", "creado", "erstellt", "created", "dateline", "updated", "MODIFIED", "aktualisiert",
    "mis à jour", "actualización", "aggiornato", "atualizado", "bijgewerkt", "更新", "修改", "ſ", "İ", "ı", "K", "publ", "first", "upd",
]


def _label_reference(text: str, start: int) -> str | None:
    """The label of a date line as it was read before (the published words searched first in
    the line's beginning up to 40 characters past the date's start)."""
    from articlescrape import dates

    head = text[: max(start, 0) + 40]
    upd = dates._UPDATED_WORDS.search(text)
    pub = dates._PUBLISHED_WORDS.search(head) or dates._PUBLISHED_WORDS.search(text)
    if pub and (not upd or pub.start() < upd.start()):
        return "published"
    if upd:
        return "updated"
    return None


@settings(max_examples=4000, deadline=None)
@given(st.lists(st.sampled_from(_LABEL_PIECES), max_size=16).map("".join), st.integers(0, 60))
def test_a_line_s_label_is_the_first_label_word_in_it(text: str, start: int) -> None:
    """The label is that of the first published/updated word of the whole line: a search of
    any beginning of the line finds the same first published word when it holds it (none of
    the words holds another that ends sooner)."""
    from articlescrape import dates

    assert dates._label(*dates._label_starts(text, dates._lowered(text))) == _label_reference(text, start), text


@pytest.mark.parametrize("text", ["202507262003-00-32 ", "19860316 - 2013-10-32, ", "6 OCTOBER 1989 - 2009-04-26, "])
def test_a_machine_value_dateutil_reads_with_an_impossible_offset_is_not_a_reading(text: str) -> None:
    """dateutil reads a trailing "-00-32" as an offset of 32 hours, which datetime refuses when
    the offset is asked for: the value is read as a visible date instead (this used to raise
    ValueError out of extraction)."""
    import articlescrape
    from articlescrape.dates import parse_machine_date

    assert parse_machine_date(text) == parse_date(text.strip())
    html = f'<html><head><meta property="article:published_time" content="{text}"></head><body><h1>Title</h1><p>{"word " * 80}</p></body></html>'
    articlescrape.extract(html.encode())


@settings(max_examples=2000, deadline=None)
@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)),
    st.none() | st.tuples(st.integers(0, 23), st.integers(0, 59), st.integers(0, 59)),
    st.none() | st.sampled_from(["GMT", "BST", "EST", "UK", "ET", "IST", "+0530", "GMT+1", "XYZ", "CEST"]),
)
def test_aware_values_are_made_in_their_zone_as_replaced_into_it(day: date, time: tuple[int, int, int] | None, tz_text: str | None) -> None:
    """_aware makes the datetime in its zone at once: the value (zone and fold included) that
    making it naive and replacing its zone gave."""
    from articlescrape import dates

    clock = dates._Clock(*time, tz=tz_text, start=0) if time is not None else None
    naive = datetime(day.year, day.month, day.day, *(time or (0, 0, 0)))
    zone = dates.zone_for(tz_text, day) if tz_text else None
    expected = (naive.replace(tzinfo=zone), True) if zone is not None else (naive.replace(tzinfo=timezone.utc), False)
    value, known = dates._aware(day, clock, tz_text)
    assert (value, known) == expected
    assert value.tzinfo == expected[0].tzinfo and value.fold == expected[0].fold and value.utcoffset() == expected[0].utcoffset()


def _find_clock_reference(text: str, span: object) -> object:
    """_find_clock as it was written before it read the clocks in one pass: every clock
    listed, the first with a known zone, else the nearest (the first of those equally near)."""
    from articlescrape import dates

    masked = text[: span.start] + " " * (span.end - span.start) + text[span.end :]  # type: ignore[attr-defined]
    lo, hi = max(0, span.start - dates._TIME_WINDOW), span.end + dates._TIME_WINDOW  # type: ignore[attr-defined]
    clocks = [c for c in (dates._clock(m) for m in dates._TIME.finditer(masked, lo, min(hi, len(masked)))) if c]
    if not clocks:
        m = dates._AMPM_ONLY.search(masked, lo, min(hi, len(masked)))
        if m:
            hour = int(m["h"]) % 12 + (12 if m["ampm"].lower().startswith("p") else 0)
            return dates._Clock(hour, 0, 0, None, m.start())
        return None
    zoned = [c for c in clocks if c.tz and dates.zone_for(c.tz, span.day) is not None]  # type: ignore[attr-defined]
    if zoned:
        return zoned[0]
    return min(clocks, key=lambda c: abs(c.start - span.start))  # type: ignore[attr-defined]


_CLOCK_PIECES = [
    *_DATE_PIECES, "19:45", "7:08", "10.22", "2152", "12:30:45", "GMT", "(UK)", "XYZ", "+0530", "GMT+1", "p.m.", "am", " 3 PM",
    "24 September 2002", "2002-09-24", "Sep 24 2002", "99:99",
]


@settings(max_examples=4000, deadline=None)
@given(st.lists(st.sampled_from(_CLOCK_PIECES), max_size=16).map("".join), st.sampled_from([None, True, False]))
def test_the_clock_of_a_date_is_found_in_one_pass_as_when_every_clock_was_listed(text: str, dayfirst: bool | None) -> None:
    """_find_clock stops at the first clock with a known zone and keeps the nearest so far
    otherwise: the clock the full listing chose, on lines of dates, clocks and zones."""
    from articlescrape import dates

    span = dates._find_day(text, dayfirst, dates._lowered(text))
    if span is not None:
        assert dates._find_clock(text, span) == _find_clock_reference(text, span), text


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from([*_DATE_PIECES, "Mon", "Mar", "14", "08:26:00", "EST"]), max_size=14).map("".join))
def test_a_ctime_date_holds_a_colon_and_a_text_with_a_digit_looks_like_a_date_line_as_any(text: str) -> None:
    """_find_day searches the ctime form only in a text with a colon (its clock has one) and
    the numeric forms only in a text with one of their separators; holds_year_clock_or_month
    answers looks_like_date_line for a text with a digit."""
    from articlescrape import dates

    if dates._CTIME.search(text) is not None:
        assert ":" in text, text
    if dates._YMD.search(text) is not None:
        assert any(sep in text for sep in "./-年년"), text
    if dates._NUM.search(text) is not None:
        assert any(sep in text for sep in "./-"), text
    if dates._QUICK.search(text) is not None:
        assert dates.holds_year_clock_or_month(text) == looks_like_date_line(text), text


def test_no_other_machine_form_reads_a_common_iso_value() -> None:
    """_machine_date reads the common ISO form first: none of the forms it used to try before
    (epoch digits, compact, slashed) matches such a value."""
    import random

    from articlescrape import dates

    rng = random.Random(23)
    for _ in range(5000):
        text = f"{rng.randint(1900, 2100)}-{rng.randint(0, 13):02d}-{rng.randint(0, 32):02d}{rng.choice('T ')}{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"
        text += rng.choice(["", ":07", ":07.123", "Z", "+01:00", "-0500"])
        if dates._common_iso(text) is not None:
            assert not (dates._DIGITS_ONLY.match(text) or dates._COMPACT.match(text) or dates._SLASH_DATETIME.match(text)), text


def _english_value(r: random.Random) -> str:
    """A value in one of the English forms _english_date reads, or a near miss of one."""
    from articlescrape import dates

    months = ["Jan", "January", "FEB", "february", "Mar", "Apr", "May", "Jun", "June", "Jul", "Aug", "Sep", "Sept", "September", "Oct", "Nov", "November", "Dec", "Foo", "Mai", "Juni"]
    weekdays = ["Mon", "Monday", "tue", "Tuesday", "Wed", "Thu", "Fri", "Sat", "Sun", "Sunday", "Xyz", "Mo"]
    zones = [*dates.TZ_OFFSETS, *dates.TZ_REGIONS, "XYZ", "est", "Z", "ABCDE"]

    def num(lo: int, hi: int, width: int = 0) -> str:
        value = r.randint(lo, hi)
        return f"{value:0{width}d}" if width else str(value)

    def clock() -> str:
        text = f"{num(0, 25, r.choice([0, 2]))}:{num(0, 61, 2)}"
        return text + (f":{num(0, 61, 2)}" if r.random() < 0.5 else "")

    year = r.choice([num(1899, 2101), num(1990, 2030)])
    if r.random() < 0.5:
        text = (r.choice(weekdays) + r.choice([", ", ","]) if r.random() < 0.5 else "") + f"{num(0, 32, r.choice([0, 2]))} {r.choice(months)} {year}"
        if r.random() < 0.8:
            text += " " + clock()
            roll = r.random()
            if roll < 0.4:
                text += " " + r.choice("+-") + num(0, 25, 2) + num(0, 61, 2)
            elif roll < 0.8:
                text += " " + r.choice(zones)
        return text
    text = (r.choice(weekdays) + ", " if r.random() < 0.5 else "") + f"{r.choice(months)} {num(0, 32)}, {year}"
    if r.random() < 0.8:
        text += r.choice([", ", " "]) + clock()
        if r.random() < 0.6:
            text += " " + r.choice(["AM", "PM", "am", "pm", "a.m."])
        if r.random() < 0.5:
            text += " " + r.choice(zones)
    return text


def test_english_machine_values_are_read_as_dateutil_reads_them() -> None:
    """_english_date gives dateutil's general parser's own value for the English forms, zone
    object and name included, and whether the value has a clock as _dateutil_read tells it;
    isoparse refuses each (so that _dateutil_read reached dateutil's parser for it before), and
    each holds a month name (the parser's gate)."""
    import random
    import warnings

    from dateutil.parser import isoparse
    from dateutil.parser import parse as dateutil_parse

    from articlescrape import dates

    rng = random.Random(29)
    read = 0
    for _ in range(6000):
        text = _english_value(rng)
        fast = dates._english_date(text)
        if fast is None:
            continue
        read += 1
        value, has_time = fast
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            slow = dateutil_parse(text, tzinfos=dates._TZINFOS)
        assert (value, type(value.tzinfo), value.utcoffset(), value.tzname()) == (slow, type(slow.tzinfo), slow.utcoffset(), slow.tzname()), text
        assert has_time == bool(dates._HAS_CLOCK.search(text)) and dates.has_month_name(text), text
        with pytest.raises(ValueError):
            isoparse(text)
    assert read > 1000
