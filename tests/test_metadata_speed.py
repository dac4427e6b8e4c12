"""The metadata layer's faster forms answer as the plain code they replace (kept here as the
reference)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from articlescrape.metadata import (
    _QUOTES,
    AGREEMENT,
    DATE_FIELDS,
    EARLIEST,
    MAX_ZONE_OFFSET,
    VISIBLE_CONFIRMATION,
    VISIBLE_SOURCES,
    Candidate,
    Choice,
    Metadata,
    _local_form,
    _same_moment_possible,
    _support,
    _text_key,
)
from articlescrape.metadata.base import DATE_ONLY, NAIVE_ASSUMED_UTC
from articlescrape.text import collapse


def _text_key_reference(value: Any) -> str:
    s = collapse(str(value)).casefold()
    s = s.translate(_QUOTES)
    return s.strip(" .:;,!-\u2013\u2014")


def test_text_key_quotes_are_beyond_ascii() -> None:
    """_text_key leaves ASCII text untranslated: no character _QUOTES maps is ASCII."""
    assert _QUOTES and all(code >= 128 for code in _QUOTES)


def test_text_key_replacements_stand_for_the_translation() -> None:
    """_text_key replaces _QUOTE_PAIRS one after another instead of translating: each
    replacement is one ASCII character, so none makes a character another pair replaces."""
    from articlescrape.metadata import _QUOTE_PAIRS

    assert dict(_QUOTE_PAIRS) == {chr(code): plain for code, plain in _QUOTES.items()}
    assert all(len(plain) == 1 and plain.isascii() and ord(plain) not in _QUOTES for _, plain in _QUOTE_PAIRS)


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.sampled_from([*"aZ .:;,!-'\"\t\n", "\u2018", "\u2019", "\u201c", "\u201d", "\u00a0", "\u2013", "\u2014", "\u00df", "\u0130", "\u212a", "\u00e9"])))
def test_text_key_answers_as_its_reference(text: str) -> None:
    assert _text_key(text) == _text_key_reference(text)


# --- ranking ------------------------------------------------------------------------------------


def _plausible(c: Candidate, not_after: datetime) -> bool:
    """The plausibility test as it was written before _date_groups made it inline: the reference."""
    value: datetime = c.value
    if value < EARLIEST:
        return False
    if not c.has_time:
        return value.date() <= not_after.date()
    if not c.tz_known:
        return value - MAX_ZONE_OFFSET <= not_after
    return value <= not_after + timedelta(minutes=1)


def _ranked_reference(meta: Metadata, field: str, not_after: datetime | None = None) -> list[Choice]:
    """Metadata.ranked as it was written before its shortcuts (one source, no zone-less value)."""
    cands = meta.candidates(field)
    if field in DATE_FIELDS:
        return _ranked_dates_reference(cands, not_after)
    groups: dict[str, list[Candidate]] = {}
    for c in cands:
        key = _text_key_reference(c.value)
        if key:
            groups.setdefault(key, []).append(c)
    out: list[Choice] = []
    for group in groups.values():
        declared = [c for c in group if c.source not in VISIBLE_SOURCES]
        if not declared:
            continue
        support = _support(declared)
        shown = [c.weight for c in group if c.source in VISIBLE_SOURCES]
        if shown:
            support += VISIBLE_CONFIRMATION + max(shown)
        top = max(declared, key=lambda c: c.weight)
        out.append(Choice(top.value, top.source, top, round(support, 4)))
    out.sort(key=lambda ch: -ch.support)
    return out


def _ranked_dates_reference(cands: tuple[Candidate, ...], not_after: datetime | None) -> list[Choice]:
    bound = not_after or datetime.now(timezone.utc)
    if bound.tzinfo is None:
        bound = bound.replace(tzinfo=timezone.utc)
    plausible = [c for c in cands if isinstance(c.value, datetime) and _plausible(c, bound)]
    days: dict[Any, list[Candidate]] = {}
    for c in plausible:
        days.setdefault(c.value.date(), []).append(c)
    out: list[Choice] = []
    for day, group in days.items():
        top = max(group, key=lambda c: (c.has_time, c.weight))
        neighbours = [c for c in plausible if c.value.date() != day and _same_moment_possible(c, top)]
        support = _support(group) + AGREEMENT * 0.5 * sum(c.weight for c in neighbours)
        out.append(Choice(_local_form(top, plausible), top.source, top, round(support, 4)))
    out.sort(key=lambda ch: (-ch.support, ch.value.date()))
    return out


_WEIGHTS = st.sampled_from([0.0, -0.0, 0.01, 0.25, 0.3, 0.5, 0.6, 0.6, 0.72, 0.85, 0.9, 1, 0.1 + 0.2, -0.2, float("nan")])
_SOURCES = st.sampled_from(["json-ld", "opengraph", "twitter", "h1", "hatom", "title", "meta:Headline", "url", "text"])
_TEXT_CANDIDATES = st.builds(
    Candidate,
    st.sampled_from(["headline", "section", "summary"]),
    st.text(alphabet=st.sampled_from([*"aAb .-!", "\u2019", "\u2014", "\u00a0"]), max_size=6),
    _SOURCES,
    _WEIGHTS,
)
_ZONES = st.sampled_from([timezone.utc, timezone(timedelta(hours=-5)), timezone(timedelta(hours=9, minutes=30)), timezone(timedelta(hours=14))])
_DATE_CANDIDATES = st.builds(
    Candidate,
    st.sampled_from(["published", "updated"]),
    st.one_of(
        st.builds(lambda day, minutes, zone: datetime(2019, 11, 18, tzinfo=zone) + timedelta(days=day, minutes=minutes), st.integers(-2, 3), st.integers(0, 24 * 60), _ZONES),
        st.sampled_from([datetime(1989, 12, 31, tzinfo=timezone.utc), datetime(2030, 1, 1, tzinfo=timezone.utc), "2019-11-19"]),
    ),
    _SOURCES,
    _WEIGHTS,
    st.sets(st.sampled_from([DATE_ONLY, NAIVE_ASSUMED_UTC])).map(frozenset),
)
_BOUNDS = st.sampled_from([None, datetime(2019, 11, 20, 12, 0, tzinfo=timezone.utc), datetime(2019, 11, 19, 3, 0), datetime(2019, 11, 21, tzinfo=timezone(timedelta(hours=-8)))])


def _same_choices(a: list[Choice], b: list[Choice]) -> bool:
    """Equal, and equal in every float's bits and type (NaN weights included)."""
    return repr(a) == repr(b) and [type(ch.support) for ch in a] == [type(ch.support) for ch in b]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.one_of(_TEXT_CANDIDATES, _DATE_CANDIDATES), max_size=12), _BOUNDS)
def test_ranking_answers_as_its_reference(cands: list[Candidate], not_after: datetime | None) -> None:
    meta = Metadata(cands)
    for field in ("headline", "section", "summary", "published", "updated"):
        bound = not_after if field in DATE_FIELDS or not_after is None else None
        assert _same_choices(meta.ranked(field, not_after=bound), _ranked_reference(meta, field, bound)), field


# --- class tokens ---------------------------------------------------------------------------------


@settings(max_examples=2000, deadline=None)
@given(
    st.one_of(st.none(), st.lists(st.sampled_from([*"fn -ety", "entry-title", "entry-summary", "\t", "\u00a0", "\u2003", "\x1c"])).map("".join)),
    st.sampled_from(["fn", "entry-title", "entry-summary"]),
)
def test_has_class_answers_as_splitting(attr: str | None, name: str) -> None:
    from articlescrape.metadata.microformats import has_class

    assert has_class(attr, name) == (name in (attr or "").split())


# --- date lines -----------------------------------------------------------------------------------


def _old_excluded(el: Any, cache: dict[Any, bool]) -> bool:
    """The reader's old ancestor test (the index now skips those texts), kept for the reference."""
    walked = []
    node, result = el, False
    while node is not None:
        if node in cache:
            result = cache[node]
            break
        walked.append(node)
        if node.tag in {"script", "style", "a", "option", "textarea", "noscript", "select", "button"}:
            result = True
            break
        node = node.getparent()
    for item in walked:
        cache[item] = result
    return result


def _textdates_reference(page: Any) -> list[Candidate]:
    """textdates.read as it was before texts too long for a date line were skipped ahead of
    the date-line test."""
    from articlescrape.dates import looks_like_date_line, parse_dates
    from articlescrape.metadata import textdates as td

    lines: list[Any] = []
    hinted: list[bool] = []
    seen: set[int] = set()
    excluded: dict[Any, bool] = {}
    for node in page.texts:
        if len(lines) >= td._MAX_LINES:
            break
        el, text = node.element, node.text
        if len(text) < 6 or id(el) in seen or _old_excluded(el, excluded) or not looks_like_date_line(text) or len(collapse(text)) < 6:
            continue
        line, el = td._line_of(node)
        if len(line) > td._MAX_CHARS:
            continue
        seen.add(id(el))
        for parsed in parse_dates(line):
            lines.append(parsed)
            hinted.append(td._hinted(el))
    out = td.candidates_from_lines(lines, bonuses=[0.1 if h else 0.0 for h in hinted])
    script_lines: list[Any] = []
    for body in page.doc_writes:
        for m in td._DOC_WRITE.finditer(body):
            text = collapse(td._TAGS.sub(" ", m.group(2)))
            if looks_like_date_line(text):
                script_lines.extend(parse_dates(text))
        if len(script_lines) >= 4:
            break
    out.extend(td.candidates_from_lines(script_lines, td.SCRIPT_SOURCE, 0.55))
    return td.dedupe(out)


_LINE_PIECES = [
    "Posted 14 August 2001 10:15 GMT", "Updated: 2019-11-19 ", "2002", "9:30", "June", " ", "   ", " " * 150, "\n\t ", "\u00a0", "word ", "x" * 60, "y " * 40,
    "<span>", "</span>", "<b>Last Updated:</b>", "<a href='/x'>3 June 2004</a>", "<!-- 1 -->", "<p>", "</p>", "<div class='date'>", "</div>",
    "<script>var d = '2004-01-01';</script>", "<br>",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_LINE_PIECES), max_size=40).map("".join))
def test_date_lines_are_read_as_before_long_texts_were_skipped_first(body: str) -> None:
    from articlescrape import parse
    from articlescrape.errors import ArticlescrapeError
    from articlescrape.metadata import textdates
    from articlescrape.metadata.base import Page

    try:
        root = parse.parse(f"<html><body>{body}</body></html>")
    except ArticlescrapeError:
        return
    page = Page.build(root, None)
    assert textdates.read(page) == _textdates_reference(page)


def test_date_lines_are_read_as_before_on_every_page() -> None:
    from test_blocks import FIXTURE_PAGES, SHARED_PAGES, page_tree

    from articlescrape.metadata import textdates
    from articlescrape.metadata.base import Page

    for path in [*FIXTURE_PAGES, *SHARED_PAGES]:
        page = Page.build(page_tree(path), None)
        assert textdates.read(page) == _textdates_reference(page), path.name


# --- meta rules, date flags, the deferred reading --------------------------------------------------


def _read_rules_reference(page: Any, rules: Any, skip: frozenset[str]) -> list[Candidate]:
    """read_rules as it was before the rule tables were indexed by key: every rule's key looked up."""
    import re

    from articlescrape.metadata.base import dedupe, machine_date_candidate, text_candidate

    out: list[Any] = []
    for rule in rules:
        contents = page.meta.get(rule.key, ())
        if not contents or rule.field in skip:
            continue
        for content in contents:
            if rule.kind == "date":
                out.append(machine_date_candidate(rule.field, content, rule.source, rule.weight))
            elif rule.kind == "url":
                out.append(text_candidate(rule.field, page.absolute(content), rule.source, rule.weight))
            elif rule.kind == "list":
                out.extend(text_candidate(rule.field, part, rule.source, rule.weight) for part in re.split(r"[,;]", content))
            else:
                out.append(text_candidate(rule.field, content, rule.source, rule.weight))
    return dedupe(out)


def _rule_modules() -> list[Any]:
    from articlescrape.metadata import dublincore, legacy, opengraph, twitter

    return [dublincore, legacy, opengraph, twitter]


_META_KEYS = sorted({rule.key for module in _rule_modules() for rule in module.RULES} | {"viewport", "robots", "og:type"})


@settings(max_examples=1500, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(_META_KEYS),
        st.lists(st.sampled_from(["", " Jane Doe ", "2019-11-20T06:35:39Z", "news, world; home", "/a/b.jpg", "x"]), max_size=3).map(tuple),
        max_size=12,
    ),
    st.sampled_from([frozenset(), frozenset({"url", "image", "keywords", "genre"}), frozenset({"published", "headline"})]),
)
def test_rule_tables_read_as_every_rule_looked_up(meta: dict[str, tuple[str, ...]], skip: frozenset[str]) -> None:
    """A RuleTable finds the rules whose key the page holds, in table order: read_rules gives
    what looking every rule up gave (and so does a plain list of rules), key order and empty
    contents whatever."""
    from types import MappingProxyType

    from articlescrape.metadata.base import Page, RuleTable, read_rules

    page = Page(root=None, url="http://example.com/news/", meta=MappingProxyType(meta), ld=(), title=None, links=MappingProxyType({}), lang=None)  # type: ignore[arg-type]
    for module in _rule_modules():
        table = RuleTable(module.RULES)
        assert table.present(page.meta) == [rule for rule in module.RULES if rule.key in meta]
        expected = _read_rules_reference(page, module.RULES, skip)
        assert read_rules(page, table, skip) == expected
        assert read_rules(page, list(module.RULES), skip) == expected


def test_date_flags_are_the_sets_of_what_is_missing() -> None:
    from articlescrape.dates import ParsedDate

    for has_time in (True, False, 0, 1):
        for tz_known in (True, False, 0, 1):
            expected = {flag for flag, missing in (("date-only", not has_time), ("naive-assumed-utc", not tz_known)) if missing}
            flags = ParsedDate(datetime(2019, 1, 1, tzinfo=timezone.utc), has_time=bool(has_time), tz_known=bool(tz_known), raw="").flags
            assert flags == expected and isinstance(flags, frozenset)


def test_every_candidate_is_read_when_asked_for_as_if_read_at_once_on_every_page() -> None:
    """read_metadata keeps one list of candidates (and where each reader's end) for the complete
    reading: asked for, it gives what running every reader in full at once gives, page after page."""
    from test_blocks import FIXTURE_PAGES, SHARED_PAGES, page_tree

    from articlescrape.metadata import READERS, _without_site, read_metadata, title
    from articlescrape.metadata.base import Page

    for path in [*FIXTURE_PAGES, *SHARED_PAGES[::3]]:
        root = page_tree(path)
        built = Page.build(root, "http://www.example.com/news/2019/11/20/story.html")
        sites, hosts = title.site_names(built), title.host_tokens(built.url)
        stripped: dict[str, str] = {}
        at_once = Metadata([_without_site(c, sites, hosts, stripped) for reader in READERS for c in reader(built)], url=built.url)
        lazy = read_metadata(root, None, page=built)
        assert lazy.all_candidates() == at_once.all_candidates(), path.name


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.one_of(_TEXT_CANDIDATES, _DATE_CANDIDATES), max_size=12), _BOUNDS)
def test_best_is_the_first_ranked(cands: list[Candidate], not_after: datetime | None) -> None:
    """best() picks the winner without ranking the rest: it is ranked()[0], support bits included."""
    meta = Metadata(cands)
    for field in ("headline", "section", "summary", "published", "updated"):
        bound = not_after if field in DATE_FIELDS or not_after is None else None
        ranked = _ranked_reference(meta, field, bound)
        best = meta.best(field, not_after=bound)
        assert _same_choices([best] if best is not None else [], ranked[:1]), field


def test_best_of_tied_dates_is_the_earliest_day_shown() -> None:
    """Equal support: the earlier day as shown (in the offset another source states) wins."""
    utc, minus5 = timezone.utc, timezone(timedelta(hours=-5))
    cands = [
        Candidate("published", datetime(2019, 11, 20, 3, 0, tzinfo=utc), "json-ld", 0.9),
        Candidate("published", datetime(2019, 11, 19, 12, 0, tzinfo=utc), "opengraph", 0.9),
        Candidate("published", datetime(2019, 11, 19, 22, 0, tzinfo=minus5), "text", 0.5),
    ]
    meta = Metadata(cands)
    bound = datetime(2019, 12, 1, tzinfo=utc)
    assert _same_choices([meta.best("published", not_after=bound)], _ranked_reference(meta, "published", bound)[:1])


def test_the_index_readers_read_the_index_only() -> None:
    """What a Metadata keeps for its deferred reading (Page.index_only, without the body
    markup lists) gives the index readers what the whole page gives, on every page."""
    from test_blocks import FIXTURE_PAGES, SHARED_PAGES, page_tree

    from articlescrape.metadata import INDEX_READERS
    from articlescrape.metadata.base import Page

    for path in [*FIXTURE_PAGES, *SHARED_PAGES]:
        page = Page.build(page_tree(path), "http://www.example.com/news/2019/11/20/story.html")
        index = page.index_only()
        assert (index.itemprops, index.marked, index.texts, index.doc_writes, index.suspects, index.declarations) == ((),) * 6
        assert (index.root, index.url, index.meta, index.ld, index.title, index.links, index.lang) == (page.root, page.url, page.meta, page.ld, page.title, page.links, page.lang)
        for reader in INDEX_READERS:
            assert reader(index, frozenset()) == reader(page, frozenset()), (path.name, reader.__module__)


_WIDE_ZONES = st.sampled_from(
    [None, timezone.utc, timezone(timedelta(hours=-11, minutes=-59)), timezone(timedelta(hours=14)), timezone(timedelta(hours=23, minutes=59)), timezone(timedelta(hours=-23, minutes=-59))]
)
#: Values and bounds around the turns of the years where _date_groups' year shortcuts change
#: their answer (1990, and two years before the bound), in zones up to a day from UTC.
_AROUND_NEW_YEAR = st.builds(
    lambda year, minutes, zone: datetime(year, 1, 1, tzinfo=zone or timezone.utc) + timedelta(minutes=minutes),
    st.sampled_from([1989, 1990, 1991, 1992, 2017, 2018, 2019, 2020, 2021]),
    st.integers(-2 * 24 * 60, 2 * 24 * 60),
    _WIDE_ZONES,
)
_WIDE_DATE_CANDIDATES = st.builds(
    Candidate,
    st.sampled_from(["published", "updated"]),
    st.one_of(_AROUND_NEW_YEAR, st.just("2019-11-19")),
    _SOURCES,
    _WEIGHTS,
    st.sets(st.sampled_from([DATE_ONLY, NAIVE_ASSUMED_UTC])).map(frozenset),
)
_WIDE_BOUNDS = st.one_of(
    st.none(),
    _AROUND_NEW_YEAR,
    st.builds(lambda d: d.replace(tzinfo=None), _AROUND_NEW_YEAR),
)


@settings(max_examples=4000, deadline=None)
@given(st.lists(_WIDE_DATE_CANDIDATES, max_size=10), _WIDE_BOUNDS)
def test_dates_by_year_answer_as_the_plausibility_tests(cands: list[Candidate], not_after: datetime | None) -> None:
    """_date_groups skips the comparisons of aware datetimes when a value's year settles them:
    the same plausible candidates as _plausible, the same best() and best_date() (which makes
    no Choice) as the reference ranking's first, across the turns of the years and in zones up
    to a day from UTC."""
    from articlescrape.dates import ParsedDate
    from articlescrape.metadata import _date_groups

    meta = Metadata(cands)
    bound = not_after or datetime.now(timezone.utc)
    if bound.tzinfo is None:
        bound = bound.replace(tzinfo=timezone.utc)
    for field in ("published", "updated"):
        field_cands = meta.candidates(field)
        plausible, _ = _date_groups(field_cands, not_after)
        assert plausible == [c for c in field_cands if isinstance(c.value, datetime) and _plausible(c, bound)]
        ranked = _ranked_dates_reference(field_cands, not_after)
        best = meta.best(field, not_after=not_after)
        assert _same_choices([best] if best is not None else [], ranked[:1]), field
        found = meta.best_date(field, not_after=not_after)
        if not ranked:
            assert found is None
        else:
            c = ranked[0].candidate
            assert found == (ParsedDate(value=c.value, has_time=c.has_time, tz_known=c.tz_known, raw=c.value.isoformat()), c.source)


def test_element_text_is_text_content_on_every_page() -> None:
    """element_text (the element serialised as text) is text_content (the XPath string())
    for every element of the test pages: both take libxml2's node content."""
    from test_blocks import FIXTURE_PAGES, SHARED_PAGES, page_tree

    from articlescrape.metadata.base import element_text

    for path in [*FIXTURE_PAGES, *SHARED_PAGES]:
        for el in page_tree(path).iter():
            if isinstance(el.tag, str):
                assert element_text(el) == el.text_content(), path.name


def _scope_reference(el: Any) -> Any:
    """microdata._scope as it was before it remembered the ancestors walked through."""
    node = el.getparent()
    while node is not None:
        if node.get("itemscope") is not None:
            return node
        node = node.getparent()
    return None


_SCOPE_PIECES = [
    "<div itemscope itemtype='http://schema.org/NewsArticle'>", "<div itemscope itemtype='http://schema.org/Person'>", "<div>", "</div>",
    "<span itemprop='name'>Jane Doe</span>", "<h1 itemprop='headline'>Head</h1>", "<time itemprop='datePublished' datetime='2019-11-19'>x</time>",
    "<p itemprop='author' itemscope><b itemprop='name'>Al</b></p>", "<section itemscope>", "</section>", "<meta itemprop='dateModified' content='2019-11-20'>",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_SCOPE_PIECES), max_size=30).map("".join))
def test_microdata_scopes_remembered_per_reading_are_the_nearest_itemscope(body: str) -> None:
    """_scope, remembering the ancestors one reading walked through, finds each property's
    nearest itemscope as a walk up from it does; and the reader reads as it did."""
    from articlescrape import parse
    from articlescrape.errors import ArticlescrapeError
    from articlescrape.metadata import microdata
    from articlescrape.metadata.base import Page

    try:
        root = parse.parse(f"<html><body>{body}</body></html>")
    except ArticlescrapeError:
        return
    known: dict[Any, Any] = {}
    for el in Page.build(root, None).itemprops:
        assert microdata._scope(el, known) is _scope_reference(el)
        assert microdata._scope(el, known) is _scope_reference(el)  # asked again: remembered


def test_microdata_scopes_remembered_on_every_page() -> None:
    from test_blocks import FIXTURE_PAGES, SHARED_PAGES, page_tree

    from articlescrape.metadata import microdata
    from articlescrape.metadata.base import Page

    for path in [*FIXTURE_PAGES, *SHARED_PAGES]:
        known: dict[Any, Any] = {}
        for el in Page.build(page_tree(path), None).itemprops:
            assert microdata._scope(el, known) is _scope_reference(el), path.name


def _data_attribute_reference(el: Any, classes: set[str], field: str | None, index: int) -> Any:
    """timeelements._data_attribute_candidate as it was before it looked at the element's
    attribute names first."""
    from articlescrape.dates import parse_machine_date
    from articlescrape.metadata import timeelements as te
    from articlescrape.metadata.base import date_candidate

    if field is None and not any("date" in c or "time" in c for c in classes):
        return None
    found = [p for p in (parse_machine_date(el.get(attr)) for attr in te._DATA_ATTRS if el.get(attr)) if p is not None]
    if not found:
        return None
    best = max(found, key=lambda p: (p.has_time, p.tz_known))
    weight = (0.7 if field is not None else 0.6) - 0.08 * index
    return date_candidate(field or "published", best, te.DATA_SOURCE, weight)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from(["date", "post-date", "updated", "timestamp", "x", "Published"]), max_size=3),
    st.lists(
        st.tuples(
            st.sampled_from(["data-datetime", "data-timestamp", "data-seconds", "data-time", "data-date", "data-published", "data-utime", "data-epoch", "data-x", "title"]),
            st.sampled_from(["", "1447324444", "1447324444000", "2015-11-12T10:00:00Z", "12 November 2015", "soon"]),
        ),
        max_size=5,
    ),
)
def test_data_attributes_are_read_as_when_each_was_asked_for(classes: list[str], attributes: list[tuple[str, str]]) -> None:
    from lxml import html as lxml_html

    from articlescrape.metadata import timeelements as te

    attrs = "".join(f' {name}="{value}"' for name, value in attributes)
    el = lxml_html.fragment_fromstring(f'<span class="{" ".join(classes)}"{attrs}>2 hours ago</span>')
    found = te._classes(el)
    field = te._field_from_classes(found)
    for index in (0, 2):
        assert te._data_attribute_candidate(el, found, field, index) == _data_attribute_reference(el, found, field, index)


def test_metadata_read_without_language_guesses_answers_as_with_them_but_for_the_guesses() -> None:
    """read_metadata(language_guesses=False), as the pipeline may call it, takes no text for
    the guesses and makes none; every other candidate and answer is the same."""
    from test_blocks import FIXTURE_PAGES, SHARED_PAGES, page_tree

    from articlescrape.metadata import language, read_metadata

    for path in [*FIXTURE_PAGES, *SHARED_PAGES]:
        root = page_tree(path)
        full, plain = read_metadata(root, None), read_metadata(root, None, language_guesses=False)
        assert plain.all_candidates() == [c for c in full.all_candidates() if c.source not in language.GUESSED_SOURCES], path.name
        assert plain.language() == full.language() and plain.language(guess=True) == full.language(), path.name


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(["ds", "DS", "lu", "Lu", "date", "DATE", "Time", "stamp", "byline", "posted", "publish", "updated", "meta", "x", "-", "_", " ", "1", "ſ", "İ", "ı", "\u212a", "é", "dsx", "xds", "lux", "a"]), max_size=8).map("".join))
def test_date_hint_words_are_found_as_by_the_plain_pattern(text: str) -> None:
    """textdates._DATE_HINT, its alternatives written to begin with a letter and searched by
    an ASCII twin, answers as the plain case-insensitive pattern with ``\\bds\\b``/``\\blu\\b``."""
    import re

    from articlescrape.metadata import textdates

    plain = re.compile(r"date|time|stamp|byline|posted|publish|updated|dateline|meta|\bds\b|\blu\b", re.IGNORECASE)
    assert textdates._DATE_HINT.search(text) == (plain.search(text) is not None), text


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.sampled_from([*"ab -|", "\u3042", "\u6807", "\uac00", "\u00a0", "\u3000"]), max_size=12))
def test_title_segment_size_answers_as_counting_cjk_always(text: str) -> None:
    """title._size skips counting CJK characters in a text that has none: the same size."""
    from articlescrape.metadata import title

    cjk = len(title._CJK.findall(text))
    expected = len(text.split()) + cjk / 2 - (1 if cjk and " " not in text else 0)
    assert title._size(text) == expected and type(title._size(text)) is type(expected)
