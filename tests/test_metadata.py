"""The metadata layer: each syntax's reader on small hand-written pages, and the ranking."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import lxml.html
import pytest

from articlescrape.metadata import (
    Candidate,
    Metadata,
    dublincore,
    headings,
    jsonld,
    legacy,
    microdata,
    normalise_authors,
    opengraph,
    read_metadata,
    textdates,
    timeelements,
    title,
    twitter,
    urldates,
)
from articlescrape.metadata.base import Page, loads_tolerant, strip_archive_prefix
from articlescrape.metadata.title import split_title

UTC = timezone.utc


def page(html: str, url: str | None = "http://www.example.com/news/story.html") -> Page:
    return Page.build(lxml.html.document_fromstring(html), url)


def values(cands: list[Candidate], field: str) -> list[object]:
    return [c.value for c in cands if c.field == field]


# --- JSON-LD -------------------------------------------------------------------------------------

JSONLD_GRAPH = """<html><head><script type="application/ld+json">
{"@context": "https://schema.org", "@graph": [
  {"@type": "WebSite", "name": "Example Times"},
  {"@type": ["NewsArticle"], "headline": "Storm hits coast",
   "datePublished": "2012-06-04T10:22:33+01:00", "dateModified": "2012-06-05T08:00:00+01:00",
   "author": [{"@type": "Person", "name": "Jane Doe"}, {"@type": "Organization", "name": "Example Times"}],
   "publisher": {"@type": "Organization", "name": "Example Times"},
   "articleSection": ["World", "Europe"], "inLanguage": "en-GB",
   "image": {"@type": "ImageObject", "url": "/img/storm.jpg"}, "keywords": "storm, coast"}
]}
</script></head><body><p>x</p></body></html>"""


def test_jsonld_graph_with_nested_objects() -> None:
    cands = jsonld.read(page(JSONLD_GRAPH))
    assert values(cands, "headline") == ["Storm hits coast"]
    assert values(cands, "published") == [datetime(2012, 6, 4, 10, 22, 33, tzinfo=timezone(timedelta(hours=1)))]
    assert values(cands, "updated") == [datetime(2012, 6, 5, 7, 0, tzinfo=UTC)]
    assert values(cands, "authors") == ["Jane Doe"]  # the Organization author is not a person
    assert values(cands, "section") == ["World", "Europe"]
    assert values(cands, "image") == ["http://www.example.com/img/storm.jpg"]
    assert values(cands, "keywords") == ["storm", "coast"]
    assert "Example Times" in values(cands, "site_name")
    assert all(c.source == "json-ld" for c in cands if c.field != "headline")


BROKEN_JSONLD = """<html><head>
<script type="application/ld+json"><!--
{"@type": "NewsArticle", "headline": "Line one
continues", "datePublished": "2011-03-02T09:00:00Z", "author": {"name": "By John Smith"},}
--></script>
<script type="application/ld+json">{"@type":"BreadcrumbList"}{"@type":"BlogPosting","headline":"Second object"};</script>
<script type="application/ld+json">{ this is not json at all </script>
</head><body></body></html>"""


def test_jsonld_tolerates_broken_blocks() -> None:
    cands = jsonld.read(page(BROKEN_JSONLD))
    heads = values(cands, "headline")
    assert heads[0] == "Line one continues"  # control character inside a string, trailing comma, comment wrapper
    assert "Second object" in heads  # several objects in one block
    assert values(cands, "published") == [datetime(2011, 3, 2, 9, 0, tzinfo=UTC)]


def test_loads_tolerant() -> None:
    assert loads_tolerant('{"a": [1, 2,], }') == [{"a": [1, 2]}]
    assert loads_tolerant('{"a":1}\n{"b":2}') == [{"a": 1}, {"b": 2}]
    assert loads_tolerant("//<![CDATA[\n{\"a\":1}\n//]]>") == [{"a": 1}]
    assert loads_tolerant("nonsense") == []


def test_later_article_nodes_weigh_less() -> None:
    html = """<html><head><script type="application/ld+json">[
      {"@type": "NewsArticle", "headline": "Main story"},
      {"@type": "ItemList", "itemListElement": [{"@type": "NewsArticle", "headline": "Related story"}]}
    ]</script></head><body></body></html>"""
    cands = [c for c in jsonld.read(page(html)) if c.field == "headline"]
    weights = {c.value: c.weight for c in cands}
    assert weights["Main story"] > weights["Related story"]


# --- OpenGraph, Twitter, Dublin Core -------------------------------------------------------------

META_PAGE = """<html lang="en-gb"><head>
<title>Anger grows over bonus | Business | The Example</title>
<meta property="og:title" content="Anger grows over bonus"/>
<meta property="og:site_name" content="The Example"/>
<meta property="article:published_time" content="2012-01-27T12:58:53Z"/>
<meta property="article:modified_time" content="2012-01-27T16:44:18Z"/>
<meta property="article:section" content="Business"/>
<meta property="article:author" content="http://www.example.com/profile/jane-doe"/>
<meta property="article:tag" content="Banking"/>
<meta name="twitter:title" content="Anger grows over bonus"/>
<meta name="twitter:creator" content="@janedoe"/>
<meta name="twitter:label1" content="Written by"/><meta name="twitter:data1" content="Jane Doe"/>
<meta name="DC.date.issued" content="2012-01-27">
<meta name="dcterms.modified" content="2012-01-28">
<meta name="DC.creator" content="Doe, Jane">
<meta name="dc:language" content="en">
</head><body><h1>Anger grows over bonus</h1></body></html>"""


def test_opengraph() -> None:
    cands = opengraph.read(page(META_PAGE))
    assert values(cands, "headline") == ["Anger grows over bonus"]
    assert values(cands, "published") == [datetime(2012, 1, 27, 12, 58, 53, tzinfo=UTC)]
    assert values(cands, "updated") == [datetime(2012, 1, 27, 16, 44, 18, tzinfo=UTC)]
    assert values(cands, "section") == ["Business"]
    assert values(cands, "site_name") == ["The Example"]
    assert values(cands, "keywords") == ["Banking"]


def test_twitter() -> None:
    cands = twitter.read(page(META_PAGE))
    assert values(cands, "headline") == ["Anger grows over bonus"]
    assert "Jane Doe" in values(cands, "authors")


def test_dublin_core() -> None:
    cands = dublincore.read(page(META_PAGE))
    published = [c for c in cands if c.field == "published"]
    assert [c.value for c in published] == [datetime(2012, 1, 27, tzinfo=UTC)]
    assert published[0].flags == {"date-only", "naive-assumed-utc"}
    assert values(cands, "updated") == [datetime(2012, 1, 28, tzinfo=UTC)]
    assert values(cands, "language") == ["en"]
    assert all(c.source == "dublin-core" for c in cands)


def test_meta_page_end_to_end() -> None:
    md = read_metadata(lxml.html.document_fromstring(META_PAGE), "http://www.example.com/business/2012/jan/27/anger")
    best = md.best("published")
    assert best is not None
    assert best.value == datetime(2012, 1, 27, 12, 58, 53, tzinfo=UTC)
    assert best.source == "opengraph"  # the timed value beats the date-only ones of the same day
    assert md.headline_candidates()[0] == "Anger grows over bonus"
    assert md.authors() == ["Jane Doe"]  # the profile URL and the @handle are not names
    assert md.language() == "en-GB"
    assert md.section() == "Business"


# --- microdata -----------------------------------------------------------------------------------

MICRODATA = """<html><body>
<div itemscope itemtype="http://schema.org/NewsArticle">
  <h1 itemprop="headline">Council approves budget</h1>
  <span itemprop="author" itemscope itemtype="http://schema.org/Person"><span itemprop="name">Ann Lee</span></span>
  <time itemprop="datePublished" datetime="2014-05-06T07:08:00-04:00">May 6</time>
  <meta itemprop="dateModified" content="2014-05-07T10:00:00-04:00">
  <div itemscope itemtype="http://schema.org/Organization"><span itemprop="name">City Paper</span></div>
</div></body></html>"""


def test_microdata() -> None:
    cands = microdata.read(page(MICRODATA))
    assert values(cands, "headline") == ["Council approves budget"]  # Organization name is not a headline
    assert values(cands, "authors") == ["Ann Lee"]
    assert values(cands, "published") == [datetime(2014, 5, 6, 11, 8, tzinfo=UTC)]
    assert values(cands, "updated") == [datetime(2014, 5, 7, 14, 0, tzinfo=UTC)]


def test_microdata_outside_article_scope_is_ignored() -> None:
    html = """<html><body><div itemscope itemtype="http://schema.org/Person">
    <span itemprop="headline">Not a story</span></div></body></html>"""
    assert microdata.read(page(html)) == []


# --- legacy meta tags ------------------------------------------------------------------------------

LEGACY = """<html><head>
<title>BBC NEWS | Business | Waiters lose tips legal challenge</title>
<meta name="keywords" content="BBC, News, BBC News, news online, world, uk, international, foreign, british, online, service">
<meta name="OriginalPublicationDate" content="2002/09/24 19:45:02">
<meta name="UKFS_URL" content="/1/hi/business/2279353.stm">
<meta name="Headline" content="Waiters lose tips legal challenge">
<meta name="Section" content="Business">
<meta name="Description" content="Restaurants were right to count non-cash tips as wages.">
<meta name="byl" content="By JOHN SMITH and Mary Jones">
</head><body>
<font size="1"><span class="date">Tuesday, 24 September, 2002, 19:45 GMT 20:45 UK</span></font>
<h1>Waiters lose tips legal challenge</h1><p>Story text.</p>
<a href="/x.stm">Older story</a> <span>13 Sep 02</span>
</body></html>"""


def test_legacy_meta_tags() -> None:
    cands = legacy.read(page(LEGACY, "http://news.bbc.co.uk/2/hi/business/2279353.stm"))
    published = [c for c in cands if c.field == "published"]
    assert [(c.value, c.source) for c in published] == [(datetime(2002, 9, 24, 19, 45, 2, tzinfo=UTC), "meta:OriginalPublicationDate")]
    assert "naive-assumed-utc" in published[0].flags
    assert values(cands, "headline") == ["Waiters lose tips legal challenge"]
    assert values(cands, "section") == ["Business"]
    assert values(cands, "url") == ["http://news.bbc.co.uk/1/hi/business/2279353.stm"]
    assert values(cands, "keywords") == []  # the site's generic keyword list is not the story's


def test_legacy_page_end_to_end() -> None:
    md = read_metadata(lxml.html.document_fromstring(LEGACY), "http://news.bbc.co.uk/2/hi/business/2279353.stm")
    best = md.best("published")
    assert best is not None
    assert best.value.date() == datetime(2002, 9, 24).date()
    assert (best.value.hour, best.value.minute) == (19, 45)
    assert md.headline_candidates() == ["Waiters lose tips legal challenge"]
    assert md.authors() == ["JOHN SMITH", "Mary Jones"]  # case kept as printed
    assert md.summary() == "Restaurants were right to count non-cash tips as wages."


# --- time elements, hAtom, text lines, scripts -------------------------------------------------------------

def test_time_elements_and_hatom() -> None:
    html = """<html><body>
    <time datetime="2012-01-27T12:58GMT" pubdate>27 Jan</time>
    <abbr class="updated" title="2012-01-28T09:00:00Z">Jan 28</abbr>
    <p class="published">Page last updated at <span>13:48 GMT, Sunday, 6 June 2010</span></p>
    <time datetime="2012-01-29">comment</time>
    </body></html>"""
    cands = timeelements.read(page(html))
    by = {(c.field, c.source, c.value) for c in cands}
    assert ("published", "time-element", datetime(2012, 1, 27, 12, 58, tzinfo=UTC)) in by
    assert ("updated", "hatom", datetime(2012, 1, 28, 9, 0, tzinfo=UTC)) in by
    assert ("published", "hatom", datetime(2010, 6, 6, 13, 48, tzinfo=UTC)) in by
    weights = {c.value: c.weight for c in cands}
    assert weights[datetime(2012, 1, 27, 12, 58, tzinfo=UTC)] > weights[datetime(2012, 1, 29, tzinfo=UTC)]


def test_text_date_lines_keep_their_label_and_skip_links() -> None:
    html = """<html><body>
    <span class="ds"><span class="lu">Last Updated: </span>Wednesday, 1 June, 2005, 15:53 GMT 16:53 UK</span>
    <p>Story.</p><a href="/old">Old story 13 Sep 02</a>
    </body></html>"""
    cands = textdates.read(page(html))
    updated = [c for c in cands if c.field == "updated"]
    published = [c for c in cands if c.field == "published"]
    assert [c.value for c in updated] == [datetime(2005, 6, 1, 15, 53, tzinfo=UTC)]
    assert [c.value for c in published] == [datetime(2005, 6, 1, 15, 53, tzinfo=UTC)]
    assert published[0].weight < updated[0].weight  # an "updated" line is weaker evidence of publication


def test_document_write_dates() -> None:
    html = """<html><body><div class="stamp"><script type="text/javascript">
    if (x) {document.write('August 13, 2010 -- Updated 2308 GMT (0708 HKT)');}
    else {document.write('August 13, 2010 7:08 p.m. EDT');}</script></div></body></html>"""
    cands = textdates.read(page(html))
    values_ = {c.value for c in cands if c.field == "published"}
    assert values_ == {datetime(2010, 8, 13, 23, 8, tzinfo=UTC)}  # both branches: the same instant
    assert all(c.source == "script:document.write" for c in cands)


# --- URL dates --------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("url", "day"),
    [
        ("http://www.cnn.com/2010/POLITICS/08/13/story/index.html", None),
        ("http://www.example.com/2010/08/13/story", (2010, 8, 13)),
        ("http://www.example.co.uk/business/2012/jan/27/anger-grows", (2012, 1, 27)),
        ("http://www.example.cn/news/2012-06/04/content_25340717.htm", (2012, 6, 4)),
        ("http://www.example.cn/content_2012-06-04_1.htm", (2012, 6, 4)),
        ("http://www.example.com.au/national/story-20080817-3x35.html", (2008, 8, 17)),
        ("https://web.archive.org/web/20120611024252/http://www.example.com/news/story.htm", None),
        ("https://web.archive.org/web/20120611024252/http://www.example.com/2011/02/03/story.htm", (2011, 2, 3)),
        ("http://www.example.com/2010/13/45/x", None),
    ],
)
def test_url_dates(url: str, day: tuple[int, int, int] | None) -> None:
    found = urldates.url_date(url)
    if day is None:
        assert found is None
    else:
        assert found is not None and found[0].timetuple()[:3] == day


def test_strip_archive_prefix() -> None:
    assert strip_archive_prefix("https://web.archive.org/web/20120611024252/http://www.example.com/a") == "http://www.example.com/a"
    assert strip_archive_prefix("http://web.archive.org/web/20070228213001id_/http://x.fr/a.html") == "http://x.fr/a.html"
    assert strip_archive_prefix("http://www.example.com/20120604/story.html") == "http://www.example.com/20120604/story.html"


# --- title splitting --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("raw", "kwargs", "expected"),
    [
        ("BBC NEWS | Business | Waiters lose tips legal challenge", {"hosts": {"bbc"}, "sections": ["Business"]}, "Waiters lose tips legal challenge"),
        ("BBC NEWS | World | Middle East | Obama invites Middle East heads", {"hosts": {"bbc"}, "sections": ["Middle East"]}, "Obama invites Middle East heads"),
        ("BBC News - Gunman's family unaware of motive for killings", {"sites": {"bbcnews"}}, "Gunman's family unaware of motive for killings"),
        ("Anger grows over bonus | Business | The Guardian", {"sites": {"theguardian"}}, "Anger grows over bonus"),
        ("Democrats to use Social Security against GOP this fall - CNN.com", {"hosts": {"cnn"}}, "Democrats to use Social Security against GOP this fall"),
        ("Brumby eyes ring road 'missing link' | theage.com.au", {"hosts": {"theage"}}, "Brumby eyes ring road 'missing link'"),
        ("Iraq - the long road back - Example Post", {"sites": {"examplepost"}}, "Iraq - the long road back"),
        ("Les Français travaillent-ils trop peu ?", {}, "Les Français travaillent-ils trop peu ?"),
        ("Mayor resigns over expenses scandal - Daily Planet", {}, "Mayor resigns over expenses scandal"),
        ("Daily Planet :: Mayor resigns over expenses scandal", {}, "Mayor resigns over expenses scandal"),
        ("话剧巡演结束_新华网", {}, "话剧巡演结束"),
    ],
)
def test_split_title(raw: str, kwargs: dict[str, object], expected: str) -> None:
    assert split_title(raw, **kwargs)[0] == expected  # type: ignore[arg-type]


def test_title_reader_uses_site_name_and_host() -> None:
    html = """<html><head><title>The Example - Storm hits coast</title>
    <meta property="og:site_name" content="The Example"></head><body></body></html>"""
    cands = title.read(page(html))
    assert values(cands, "headline") == ["Storm hits coast"]
    assert cands[0].weight >= 0.7  # the site name was recognised


# --- ranking ------------------------------------------------------------------------------------------

def cand(field: str, value: object, source: str, weight: float, *flags: str) -> Candidate:
    return Candidate(field, value, source, weight, frozenset(flags))


def test_capture_time_rejects_later_dates() -> None:
    md = Metadata(
        [
            cand("published", datetime(2012, 6, 20, 10, 0, tzinfo=UTC), "json-ld", 0.9),
            cand("published", datetime(2012, 6, 4, 10, 22, tzinfo=UTC), "text", 0.5),
        ]
    )
    capture = datetime(2012, 6, 11, 2, 42, 52, tzinfo=UTC)
    best = md.best("published", not_after=capture)
    assert best is not None and best.value == datetime(2012, 6, 4, 10, 22, tzinfo=UTC) and best.source == "text"
    assert md.best("published").value == datetime(2012, 6, 20, 10, 0, tzinfo=UTC)  # type: ignore[union-attr]


def test_future_and_prehistoric_dates_are_rejected() -> None:
    future = datetime.now(UTC) + timedelta(days=3)
    md = Metadata([cand("published", future, "json-ld", 0.9), cand("published", datetime(1970, 1, 1, tzinfo=UTC), "meta:date", 0.8)])
    assert md.best("published") is None


def test_naive_time_gets_zone_slack_against_capture_time() -> None:
    capture = datetime(2012, 6, 4, 2, 0, tzinfo=UTC)
    md = Metadata([cand("published", datetime(2012, 6, 4, 9, 0, tzinfo=UTC), "text", 0.5, "naive-assumed-utc")])
    assert md.best("published", not_after=capture) is not None  # 09:00 local could be 01:00 UTC


def test_time_beats_date_only_on_the_same_day() -> None:
    md = Metadata(
        [
            cand("published", datetime(2012, 1, 27, tzinfo=UTC), "dublin-core", 0.9, "date-only"),
            cand("published", datetime(2012, 1, 27, 12, 58, tzinfo=UTC), "time-element", 0.5),
        ]
    )
    best = md.best("published")
    assert best is not None and best.source == "time-element"


def test_agreeing_sources_outweigh_a_single_stronger_one() -> None:
    md = Metadata(
        [
            cand("published", datetime(2012, 1, 20, 9, tzinfo=UTC), "json-ld", 0.9),
            cand("published", datetime(2012, 1, 27, 9, tzinfo=UTC), "opengraph", 0.8),
            cand("published", datetime(2012, 1, 27, tzinfo=UTC), "url", 0.35, "date-only"),
            cand("published", datetime(2012, 1, 27, 9, 5, tzinfo=UTC), "text", 0.5),
        ]
    )
    best = md.best("published")
    assert best is not None and best.value.day == 27 and best.source == "opengraph"


def test_best_date_shape() -> None:
    md = Metadata([cand("published", datetime(2012, 1, 27, 9, tzinfo=UTC), "meta:OriginalPublicationDate", 0.8, "naive-assumed-utc")])
    found = md.best_date("published")
    assert found is not None
    parsed, source = found
    assert source == "meta:OriginalPublicationDate" and parsed.has_time and not parsed.tz_known


def test_visible_heading_confirms_a_declared_headline() -> None:
    html = """<html><head><title>BBC News - Gary McKinnon extradition to US blocked</title>
    <meta property="og:title" content="UK blocks McKinnon extradition">
    <meta name="Headline" content="UK blocks McKinnon extradition">
    <meta property="og:site_name" content="BBC News"></head>
    <body><h1>National</h1><h1>Gary McKinnon extradition to US blocked</h1></body></html>"""
    md = read_metadata(lxml.html.document_fromstring(html), "http://www.bbc.co.uk/news/uk-19957138")
    heads = md.headline_candidates()
    assert heads[0] == "Gary McKinnon extradition to US blocked"
    assert "UK blocks McKinnon extradition" in heads
    assert "National" not in heads  # a heading no metadata confirms is not offered


def test_headings_reader_weakens_multiple_h1() -> None:
    one = headings.read(page("<html><body><h1>A story</h1></body></html>"))
    two = headings.read(page("<html><body><h1>Section</h1><h1>A story</h1></body></html>"))
    assert one[0].weight > two[0].weight


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (["By  Ed Hornick, CNN"], ["Ed Hornick"]),
        (["By JOHN SMITH and Mary Jones"], ["JOHN SMITH", "Mary Jones"]),
        (["http://www.example.com/profile/jane-doe", "@janedoe", "Jane Doe"], ["Jane Doe"]),
        (["Reuters", "Staff reporter", "Ann Lee; Bob Ray"], ["Ann Lee", "Bob Ray"]),
        (["Example Times"], []),
    ],
)
def test_normalise_authors(raw: list[str], expected: list[str]) -> None:
    assert normalise_authors(raw, site_names=["Example Times"]) == expected


def test_reader_does_not_modify_tree() -> None:
    root = lxml.html.document_fromstring(JSONLD_GRAPH + LEGACY)
    before = lxml.html.tostring(root)
    read_metadata(root, "http://www.example.com/2012/06/04/x")
    assert lxml.html.tostring(root) == before


def test_declared_headline_loses_a_glued_site_name() -> None:
    html = """<html><head><title>Review: a fine game - GamePlanet</title>
    <meta property="og:title" content="Review: a fine game - GamePlanet">
    <meta property="og:site_name" content="GamePlanet">
    <script type="application/ld+json">{"@type": "Article", "headline": "Review &#8211; a fine game"}</script>
    </head><body></body></html>"""
    md = read_metadata(lxml.html.document_fromstring(html), "https://www.gameplanet.example/2019/11/20/review/")
    ranked = {ch.source: ch.value for ch in md.ranked("headline")}
    assert md.headline_candidates()[0] == "Review: a fine game"
    assert "Review \u2013 a fine game" in md.headline_candidates()  # HTML entity in JSON-LD decoded
    assert "GamePlanet" not in " ".join(ranked.values())


def test_microdata_teaser_lists_are_ignored() -> None:
    teasers = "".join(f'<li><h3 itemprop="headline">Teaser {i}</h3></li>' for i in range(5))
    html = f"""<html><body><div itemscope itemtype="http://schema.org/NewsArticle">
    <h1 itemprop="headline">The story</h1></div>
    <div itemscope itemtype="http://schema.org/NewsArticle"><h3 itemprop="headline">Another story</h3></div>
    <ul>{teasers}</ul></body></html>"""
    cands = [c for c in microdata.read(page(html)) if c.field == "headline"]
    weights = {c.value: c.weight for c in cands}
    assert set(weights) == {"The story", "Another story"}  # unscoped teasers with many values dropped
    assert weights["The story"] > weights["Another story"]  # a later article scope is a teaser too


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (["Текст: Венера Ерофеева"], ["Венера Ерофеева"]),
        (["Finian Cunningham. Sputnik International"], ["Finian Cunningham"]),
        (["Victor Tangermann, Futurism"], ["Victor Tangermann"]),
        (["J. K. Rowling"], ["J. K. Rowling"]),
        (["admin"], []),
        (["Doe, Jane"], ["Jane Doe"]),
        (["Regan"], ["Regan"]),
    ],
)
def test_normalise_authors_more(raw: list[str], expected: list[str]) -> None:
    assert normalise_authors(raw) == expected


def test_author_equal_to_host_is_dropped() -> None:
    assert normalise_authors(["LinkNaija"], hosts={"linknaija"}) == []


# --- language fallback ---------------------------------------------------------------------------

def test_language_from_legacy_charset_and_writing_system() -> None:
    from articlescrape.metadata import language

    html = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
    <title>话剧巡演结束</title></head><body><p>河北省话剧院创作的话剧在全省各市巡演，受到观众欢迎。演出结束。</p></body></html>"""
    cands = language.read(page(html))
    assert {(c.source, c.value) for c in cands} == {("charset", "zh"), ("writing-system", "zh")}
    md = read_metadata(lxml.html.document_fromstring(html), None)
    assert md.language() is None  # the contract: declared language only
    assert md.language(guess=True) == "zh"


def test_language_from_function_words_only_when_undeclared() -> None:
    from articlescrape.metadata import language

    text = "Les salariés français travaillent-ils trop peu ? " + "Le temps de travail est pour la plupart des salariés une question qui " * 3
    undeclared = page(f"<html><head><title>x</title></head><body><p>{text}</p></body></html>")
    declared = page(f"<html lang='de'><head><title>x</title></head><body><p>{text}</p></body></html>")
    assert [c.value for c in language.read(undeclared)] == ["fr"]
    assert language.read(declared) == []  # a declared language is never second-guessed (nor sampled)


def test_language_needs_enough_evidence() -> None:
    from articlescrape.metadata import language

    assert language.function_word_language("the cat") is None
    assert language.script_language("abc") is None
    # Latin text with a dash and curly quotes has no character of another writing system.
    assert language.script_language("It\u2019s a long \u2014 and Latin \u201ctext\u201d " * 5) is None
    assert language.script_language("\u0395\u03bb\u03bb\u03ac\u03b4\u03b1 " * 6 + "abc") == "el"


def test_chosen_utc_instant_takes_the_offset_another_source_states() -> None:
    est = timezone(timedelta(hours=-5))
    md = Metadata(
        [
            cand("published", datetime(2019, 11, 19, 4, 58, tzinfo=UTC), "json-ld", 0.9),
            cand("published", datetime(2019, 11, 18, 23, 58, tzinfo=est), "opengraph", 0.5),
        ]
    )
    best = md.best("published")
    assert best is not None and best.source == "json-ld"
    assert best.value == datetime(2019, 11, 19, 4, 58, tzinfo=UTC)
    assert best.value.utcoffset() == timedelta(hours=-5) and best.value.day == 18


def test_neighbouring_local_day_half_agrees() -> None:
    md = Metadata(
        [
            cand("published", datetime(2019, 11, 19, 4, 58, tzinfo=UTC), "json-ld", 0.6),
            cand("published", datetime(2019, 11, 18, tzinfo=UTC), "url", 0.35, "date-only", "naive-assumed-utc"),
            cand("published", datetime(2019, 11, 10, 9, 0, tzinfo=UTC), "time-element", 0.62),
        ]
    )
    best = md.best("published")
    assert best is not None and best.source == "json-ld"


def test_only_first_pubdate_time_is_strong() -> None:
    html = """<html><body><time datetime="2012-01-27T12:58Z" pubdate>a</time>
    <ul><li><time datetime="2012-01-28T00:00Z" pubdate>b</time></li></ul></body></html>"""
    weights = {c.value.day: c.weight for c in timeelements.read(page(html))}
    assert weights[27] > weights[28]


def test_shown_and_titled_headline_beats_an_agreed_social_headline() -> None:
    html = """<html><head><title>Singer may play her old songs after all - Example News</title>
    <meta property="og:title" content="Singer's awards row seems to be over">
    <meta name="twitter:title" content="Singer's awards row seems to be over">
    <meta property="og:site_name" content="Example News">
    <script type="application/ld+json">{"@type": "NewsArticle", "headline": "Singer's awards row seems to be over"}</script>
    </head><body><h1>Singer may play her old songs after all</h1></body></html>"""
    md = read_metadata(lxml.html.document_fromstring(html), "https://www.example.com/news/1")
    assert md.headline_candidates() == ["Singer may play her old songs after all", "Singer's awards row seems to be over"]


# --- microformats ------------------------------------------------------------------------------------

def test_microformat_authors() -> None:
    from articlescrape.metadata import microformats

    html = """<html><body><div class="hentry">
    <p class="byline">By <span class="author vcard"><a class="url fn" href="/staff/ann">Ann Lee</a></span></p>
    <a rel="author" href="/staff/bob">Bob Ray</a>
    <p class="entry-summary">A short summary of the story that is long enough.</p></div></body></html>"""
    cands = microformats.read(page(html))
    assert values(cands, "authors") == ["Ann Lee", "Bob Ray"]
    assert values(cands, "summary") == ["A short summary of the story that is long enough."]


def test_microformat_authors_of_a_comment_section_are_ignored() -> None:
    from articlescrape.metadata import microformats

    comments = "".join(f'<li><span class="comment-author vcard"><b class="fn">User {i}</b></span></li>' for i in range(8))
    assert values(microformats.read(page(f"<html><body><ol>{comments}</ol></body></html>")), "authors") == []


def test_citation_meta_tags() -> None:
    html = """<html><head><meta name="citation_title" content="A study of tips">
    <meta name="citation_author" content="Lee, Ann"><meta name="citation_publication_date" content="2011/03/02">
    </head><body></body></html>"""
    md = read_metadata(lxml.html.document_fromstring(html), None)
    assert md.headline_candidates() == ["A study of tips"]
    assert md.authors() == ["Ann Lee"]
    assert md.best("published").value == datetime(2011, 3, 2, tzinfo=UTC)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("raw", "kwargs", "expected"),
    [
        ("The Euro Herald - Business - Finnish mill town bets on pellets", {"hosts": {"euroherald"}}, "Finnish mill town bets on pellets"),
        ("Bayport Ledger: Great Lakes shipping squeezed as levels fall", {"hosts": {"bayportledger"}}, "Great Lakes shipping squeezed as levels fall"),
        ("Iraq: the aftermath - Example Post", {"sites": {"examplepost"}}, "Iraq: the aftermath"),
    ],
)
def test_split_title_sections_and_site_labels(raw: str, kwargs: dict[str, object], expected: str) -> None:
    assert split_title(raw, **kwargs)[0] == expected  # type: ignore[arg-type]


def test_posted_and_updated_in_one_element() -> None:
    html = """<html><body><h1>Lakes fall</h1><font size="1">Posted: 4:52 p.m. EDT Tuesday, August 14, 2001<br>
    Updated: 7:15 a.m. EDT Wednesday, August 15, 2001</font><p>Story.</p></body></html>"""
    md = read_metadata(lxml.html.document_fromstring(html), None)
    edt = timezone(timedelta(hours=-4))
    assert md.best("published").value == datetime(2001, 8, 14, 16, 52, tzinfo=edt)  # type: ignore[union-attr]
    assert md.best("updated").value == datetime(2001, 8, 15, 7, 15, tzinfo=edt)  # type: ignore[union-attr]


def test_data_attribute_dates() -> None:
    html = """<html><body><div class="date date--v2" data-seconds="1447324444" data-datetime="12 November 2015">2 hours ago</div>
    <span class="byline">no date here</span></body></html>"""
    cands = timeelements.read(page(html))
    assert [(c.field, c.value, c.source) for c in cands] == [("published", datetime(2015, 11, 12, 10, 34, 4, tzinfo=UTC), "data-attribute")]


def test_title_separators_are_only_skipped_where_they_cannot_split() -> None:
    """The substring marks of each title separator: skipping a title without them changes nothing."""
    import random

    from articlescrape.metadata import title
    from articlescrape.text import collapse

    rng = random.Random(3)
    pieces = ["BBC", "News", "A headline", "|", " | ", "::", " :: ", "//", " // ", " — ", "–", " -- ", "-", " - ", " » ", "«", "›", "‹", " · ", "•", " ~ ", "｜", "_", "__", " ", "\u2016", " \u2016 ", "\u00a0"]
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 8)))
        for i, separator in enumerate(title._SEPARATORS):
            full = [p for p in (collapse(x) for x in separator.split(text)) if p]
            fast = title._split(i, text)
            assert (full if len(full) >= 2 else []) == (fast if len(fast) >= 2 else []), (i, text)


_EVERY_SYNTAX = """<html lang="en"><head><title>Storm hits coast | Example News</title>
<meta property="og:title" content="Storm hits coast"><meta property="og:url" content="/news/storm">
<meta property="og:image" content="/img/storm.jpg"><meta property="article:tag" content="weather">
<meta name="twitter:image" content="https://cdn.example.com/s.jpg"><meta name="twitter:url" content="https://example.com/t">
<meta name="keywords" content="storm, coast, flooding"><meta name="DC.type" content="Text"><meta name="DC.identifier" content="/id/1">
<meta name="THUMBNAIL_URL" content="/thumb.jpg"><link rel="canonical" href="https://www.example.com/news/storm">
<link rel="image_src" href="/img/i.jpg"><meta property="article:published_time" content="2019-11-20T06:35:39Z">
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Storm hits coast", "url": "/n/1",
 "image": "/n/1.jpg", "keywords": "storm,coast", "datePublished": "2019-11-20T06:35:39Z",
 "publisher": {"@type": "Organization", "name": "Example News"}}</script></head>
<body><h1>Storm hits coast</h1><p class="date">20 November 2019</p>
<div itemscope itemtype="http://schema.org/NewsArticle"><img itemprop="image" src="/md.jpg"></div>
<p>Story text.</p><script>var hidden = 1;</script></body></html>"""


def test_deferred_fields_are_read_when_asked_for_as_if_read_at_once() -> None:
    """url, image, keywords and genre are read on first request (from the page's index, so a
    tree cleaned meanwhile changes nothing); every answer equals reading everything at once."""
    from articlescrape.clean import clean
    from articlescrape.config import ExtractConfig
    from articlescrape.metadata import DEFERRED_FIELDS, READERS, _without_site

    root = lxml.html.document_fromstring(_EVERY_SYNTAX)
    built = Page.build(root, "http://www.example.com/news/storm.html")
    sites, hosts = title.site_names(built), title.host_tokens(built.url)
    at_once = Metadata([_without_site(c, sites, hosts, {}) for reader in READERS for c in reader(built)], url=built.url)
    lazy = read_metadata(root, None, page=built)
    for field in at_once.fields:
        if field not in DEFERRED_FIELDS | {"language"}:
            assert lazy.candidates(field) == at_once.candidates(field)
    assert lazy.language() == at_once.language() == "en"
    assert lazy._complete is not None  # nothing deferred was read yet
    clean(root, url=built.url, config=ExtractConfig(), suspects=built.suspects)
    assert set(DEFERRED_FIELDS) <= set(at_once.fields)
    assert lazy.fields == at_once.fields
    assert lazy.all_candidates() == at_once.all_candidates()
    assert repr(lazy) == repr(at_once)
    assert (lazy.canonical_url(), lazy.image(), lazy.keywords()) == (at_once.canonical_url(), at_once.image(), at_once.keywords())


@pytest.mark.parametrize(
    "markup",
    [
        "<html><head><title>Le temps de travail</title></head><body><p>{text}</p></body></html>",
        # Declared only where the guesses are still made (microdata): the guesses join the ranking.
        '<html><head><title>x</title></head><body><div itemscope itemtype="http://schema.org/NewsArticle">'
        '<meta itemprop="inLanguage" content="de"></div><p>{text}</p></body></html>',
    ],
)
def test_language_guesses_are_made_when_asked_for_as_if_made_at_once(markup: str) -> None:
    from articlescrape.clean import clean
    from articlescrape.config import ExtractConfig
    from articlescrape.metadata import READERS, _without_site

    text = "Les salariés français travaillent-ils trop peu ? " + "Le temps de travail est pour la plupart des salariés une question qui " * 3
    root = lxml.html.document_fromstring(markup.format(text=text))
    built = Page.build(root, None)
    at_once = Metadata([_without_site(c, set(), set(), {}) for reader in READERS for c in reader(built)], url=built.url)
    lazy = read_metadata(root, None, page=built)
    clean(root, url=None, config=ExtractConfig(), suspects=built.suspects)
    assert lazy.language() == at_once.language()
    assert lazy.language(guess=True) == at_once.language(guess=True) == ("fr" if "itemscope" not in markup else "de")
    assert lazy.candidates("language") == at_once.candidates("language")
    assert lazy.all_candidates() == at_once.all_candidates()
