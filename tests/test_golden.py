"""Golden tests: each fixture page under ``fixtures/`` against its hand-reviewed expected JSON.

The expected files under ``tests/golden/<site>/<name>.json`` were written by reading the fixture
pages as a reader would (never from the extractor's output). Their format is exactly
``Article.to_dict()`` minus ``source`` (fetch metadata, which varies with how the page was read);
``published_from`` is kept in the files as ``null`` but not compared, because it names the
evidence the extractor used and is implementation-defined.

Both renditions of the BBC seed page (``fixtures/bbc/2002-n-koreans-storm-spanish-embassy.html``
and its independently written ``-alt`` twin) share ONE expected file: they are the same article,
so any difference in their extraction is a bug. See ``tests/golden/README.md``.

Test ids are ``<case>-<field>`` (for example ``bbc-seed-paragraphs``), so a failing run shows at a
glance which fields of which page are wrong.
"""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import articlescrape
from articlescrape import Article

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures"
GOLDEN = REPO / "tests" / "golden"
#: The read-only shared material lives beside the repository (``/work/shared`` next to ``/work/main``).
SHARED = REPO.parent / "shared"
SEED_DIR = SHARED / "seed"

#: Keys of the expected files: the Article contract minus ``source``.
IGNORED_KEYS = ("source", "published_from")
CONTRACT_KEYS = [k for k in Article().to_dict() if k != "source"]
COMPARED_FIELDS = [k for k in CONTRACT_KEYS if k not in IGNORED_KEYS]


@dataclass(frozen=True)
class Case:
    id: str
    fixture: str  # path under fixtures/
    expected: str  # path under tests/golden/
    url: str  # the page's own address, passed to extract()

    @property
    def fixture_path(self) -> Path:
        return FIXTURES / self.fixture

    @property
    def expected_path(self) -> Path:
        return GOLDEN / self.expected


SEED_URL = "http://news.bbc.co.uk/1/hi/world/asia-pacific/1871988.stm"
SEED = Case("bbc-seed", "bbc/2002-n-koreans-storm-spanish-embassy.html", "bbc/2002-n-koreans-storm-spanish-embassy.json", SEED_URL)
SEED_ALT = Case("bbc-alt", "bbc/2002-n-koreans-storm-spanish-embassy-alt.html", "bbc/2002-n-koreans-storm-spanish-embassy.json", SEED_URL)
BBC_CASES = [SEED, SEED_ALT]

CASES: list[Case] = [
    *BBC_CASES,
    Case(
        "ledger-2001",
        "ledger/2001-great-lakes-water-levels.html",
        "ledger/2001-great-lakes-water-levels.json",
        "http://www.bayportledger.com/stories/081401/sta_lakes.shtml",
    ),
    Case(
        "euroherald-2003",
        "euroherald/2003-finnish-mill-town-pellets.html",
        "euroherald/2003-finnish-mill-town-pellets.json",
        "http://www.euroherald.net/business/article.php?id=48213",
    ),
    Case(
        "northerntide-2024",
        "northerntide/2024-kelvin-dock-tidal-wetland.html",
        "northerntide/2024-kelvin-dock-tidal-wetland.json",
        "https://www.northerntide.co.uk/news/environment/2024/may/21/port-ellan-kelvin-dock-tidal-wetland-plan",
    ),
]


@functools.cache
def _extracted(case_id: str) -> dict[str, Any]:
    case = next(c for c in CASES if c.id == case_id)
    article = articlescrape.extract(case.fixture_path.read_bytes(), url=case.url)
    data = article.to_dict()
    data.pop("source")
    return data


def _expected(case: Case) -> dict[str, Any]:
    return json.loads(case.expected_path.read_text(encoding="utf-8"))


def _explain(field: str, expected: Any, actual: Any) -> str:
    """A readable account of how two values of one field differ."""
    lines = [f"field {field!r} differs from the reviewed expected value"]
    if isinstance(expected, list) and isinstance(actual, list):
        lines.append(f"  expected {len(expected)} item(s), got {len(actual)}")
        for i in range(max(len(expected), len(actual))):
            e = expected[i] if i < len(expected) else "<missing>"
            a = actual[i] if i < len(actual) else "<missing>"
            if e != a:
                lines.append(f"  first difference at index {i}:")
                lines.append(f"    expected: {json.dumps(e, ensure_ascii=False)}")
                lines.append(f"    actual:   {json.dumps(a, ensure_ascii=False)}")
                break
        missing = [e for e in expected if e not in actual]
        extra = [a for a in actual if a not in expected]
        if missing:
            lines.append(f"  missing ({len(missing)}): " + "; ".join(json.dumps(m, ensure_ascii=False) for m in missing[:5]))
        if extra:
            lines.append(f"  unexpected ({len(extra)}): " + "; ".join(json.dumps(x, ensure_ascii=False) for x in extra[:5]))
    else:
        lines.append(f"  expected: {json.dumps(expected, ensure_ascii=False)}")
        lines.append(f"  actual:   {json.dumps(actual, ensure_ascii=False)}")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# The expected files themselves


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_expected_file_follows_the_contract(case: Case) -> None:
    """Every expected file has exactly the contract's keys (minus source) and survives the model's
    own validation unchanged (collapsed whitespace, aware datetimes, valid kinds)."""
    expected = _expected(case)
    assert list(expected) == CONTRACT_KEYS
    assert expected["published_from"] is None
    round_tripped = Article.from_dict(expected).to_dict()
    round_tripped.pop("source")
    assert round_tripped == expected


def test_every_article_fixture_has_a_golden_case() -> None:
    """Every page in the article fixture folders is covered (other folders may hold pages for
    other tests)."""
    sites = {c.fixture.split("/")[0] for c in CASES}
    pages = sorted(str(p.relative_to(FIXTURES)) for site in sites for p in (FIXTURES / site).glob("*.html"))
    covered = sorted(c.fixture for c in CASES)
    assert pages == covered, "fixture pages without a golden case (or cases without a page)"


# --------------------------------------------------------------------------------------------
# Fixture x field


@pytest.mark.parametrize(
    ("case", "field"),
    [pytest.param(c, f, id=f"{c.id}-{f}") for c in CASES for f in COMPARED_FIELDS],
)
def test_golden_field(case: Case, field: str) -> None:
    expected = _expected(case)[field]
    actual = _extracted(case.id)[field]
    assert actual == expected, _explain(field, expected, actual)


#: Page furniture of the other fixtures that must never reach a body paragraph (the paragraph
#: comparison above already implies this; these give a pointed message when it fails).
MUST_NOT_BE_IN_BODY: dict[str, list[str]] = {
    "ledger-2001": [
        "By DANA MORROW",
        "Posted:",
        "E-mail this story",
        "Printer-friendly version",
        "AP Photo/Ted Lindqvist",
        "takes on iron ore pellets at the Marquette ore dock",
        "Copyright 2001 The Associated Press",
        "Related stories",
        "Corps seeks money for harbor dredging",
        "On the Web",
        "NOAA Great Lakes Environmental Research Laboratory",
        "Most read",
        "Council delays vote on bridge repairs",
        "ADVERTISEMENT",
        "All rights reserved",
    ],
    "euroherald-2003": [
        "Now a €40 million pellet plant promises",
        "By Anna Lindqvist",
        "Published:",
        "Last updated:",
        "Printer-friendly version",
        "E-mail this article",
        "Text size",
        "Pellets in the Nordic market",
        "Finland: 150,000 tonnes produced in 2002",
        "Source: Finnish Bioenergy Association",
        "The old mill site by the river",
        "Photo: Reuters",
        "More on this story",
        "Paper mill closures hit eastern Finland",
        "Internet links",
        "not responsible for the content of external websites",
        "Most read in Business",
        "Back to top",
        "Thursday 13 November 2003",
        "All rights reserved",
    ],
    "northerntide-2024": [
        "We use cookies",
        "Please turn on JavaScript",
        "Skip to main content",
        "Councillors approve a scheme to breach the dock wall",
        "Kelvin Dock has been closed to shipping since 1983",
        "Photograph:",
        "By Mhairi Campbell",
        "Last modified on",
        "Share on Facebook",
        "Copy link",
        "Kelvin Dock in numbers",
        "Closed to shipping: 1983",
        "Source: Port Ellan Council",
        "Dr Aileen Ross, project ecologist",
        "Advertisement",
        "Get The Tide Daily",
        "Firth saltmarsh restoration wins",
        "Comments (3)",
        "harbourwatcher",
        "is generous, half of them fell down",
        "Most viewed",
        "Island ferry timetable cuts",
        "Contact the newsroom",
        "All rights reserved",
    ],
}
OTHER_CASES = [c for c in CASES if c.id in MUST_NOT_BE_IN_BODY]


@pytest.mark.parametrize("case", OTHER_CASES, ids=[c.id for c in OTHER_CASES])
def test_boilerplate_not_in_body(case: Case) -> None:
    paragraphs = [p["text"] for p in _extracted(case.id)["paragraphs"]]
    assert paragraphs, "no paragraphs extracted"
    leaks = [(s, p) for s in MUST_NOT_BE_IN_BODY[case.id] for p in paragraphs if s in p]
    assert not leaks, "boilerplate in body:\n" + "\n".join(f"  {s!r} in {p[:80]!r}" for s, p in leaks)


@pytest.mark.parametrize("case", OTHER_CASES, ids=[c.id for c in OTHER_CASES])
def test_boilerplate_list_is_not_in_expected_body(case: Case) -> None:
    """Guard for the list above: none of its strings is part of the reviewed body."""
    paragraphs = [p["text"] for p in _expected(case)["paragraphs"]]
    assert not [s for s in MUST_NOT_BE_IN_BODY[case.id] for p in paragraphs if s in p]


# --------------------------------------------------------------------------------------------
# The BBC seed page


#: From ../shared/seed/expected.json: boilerplate that must never reach a body paragraph.
SEED_MUST_NOT_BE_IN_BODY = [
    "BBC NEWS Americas Africa",
    "You are in:",
    "Front Page",
    "Letter From America",
    "Talking Point",
    "Commonwealth Games 2002",
    "BBC Weather",
    "Celebrations as they make it into the compound",
    "We appeal to you on our knees",
    "Defection rates",
    "Source: NIS",
    "See also",
    "In pictures: Koreans' embassy dash",
    "Internet links",
    "The BBC is not responsible for the content of external internet sites",
    "E-mail this story to a friend",
    "Links to more Asia-Pacific stories",
]


def _shared_seed() -> dict[str, Any]:
    path = SEED_DIR / "expected.json"
    if not path.is_file():
        pytest.skip(f"shared seed material not found at {path}")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", BBC_CASES, ids=[c.id for c in BBC_CASES])
def test_seed_boilerplate_not_in_body(case: Case) -> None:
    paragraphs = [p["text"] for p in _extracted(case.id)["paragraphs"]]
    assert paragraphs, "no paragraphs extracted"
    leaks = [(s, p) for s in SEED_MUST_NOT_BE_IN_BODY for p in paragraphs if s in p]
    assert not leaks, "boilerplate in body:\n" + "\n".join(f"  {s!r} in {p[:80]!r}" for s, p in leaks)


def test_seed_boilerplate_list_matches_shared() -> None:
    assert _shared_seed()["must_not_be_in_body"] == SEED_MUST_NOT_BE_IN_BODY


@pytest.mark.parametrize("case", BBC_CASES, ids=[c.id for c in BBC_CASES])
def test_seed_against_shared_expected(case: Case) -> None:
    """The extraction agrees with ../shared/seed/expected.json, read in place."""
    want = _shared_seed()
    got = _extracted(case.id)
    problems: list[str] = []

    def check(name: str, w: Any, g: Any) -> None:
        if w != g:
            problems.append(_explain(name, w, g))

    for key in ("headline", "published", "section", "breadcrumb"):
        check(key, want[key], got[key])
    check("paragraphs", [(p["kind"], p["text"]) for p in want["paragraphs"]], [(p["kind"], p["text"]) for p in got["paragraphs"]])
    check("images (alt, caption)", [(i["alt"], i["caption"]) for i in want["images"]], [(i["alt"], i["caption"]) for i in got["images"]])
    check(
        "quotes",
        [(q["kind"], q["text"], q["attribution"]) for q in want["quotes"]],
        [(q["kind"], q["text"], q["attribution"]) for q in got["quotes"]],
    )
    check(
        "fact_boxes",
        [(f["title"], f["lines"], f["source"]) for f in want["fact_boxes"]],
        [(f["title"], f["lines"], f["source"]) for f in got["fact_boxes"]],
    )
    check("media (title, description)", [(m["title"], m["description"]) for m in want["media"]], [(m["title"], m["description"]) for m in got["media"]])
    if not all(m["kind"] in ("video", "audio") for m in got["media"]):
        problems.append(f"media kinds must be video or audio: {[m['kind'] for m in got['media']]}")
    check(
        "related_links (title, date, section)",
        [(x["title"], x["date"], x["section"]) for x in want["related_links"]],
        [(x["title"], x["date"], x["section"]) for x in got["related_links"]],
    )
    check("external_links", want["external_links"], got["external_links"])
    assert not problems, "\n".join(problems)


def test_seed_renditions_extract_identically() -> None:
    """Two independently written renditions of one page must give one Article (source aside)."""
    first, second = _extracted(SEED.id), _extracted(SEED_ALT.id)
    diffs = [_explain(k, first[k], second[k]) for k in first if first[k] != second[k]]
    assert not diffs, "the renditions disagree (expected = seed, actual = alt):\n" + "\n".join(diffs)


@pytest.mark.parametrize("case", BBC_CASES, ids=[c.id for c in BBC_CASES])
def test_seed_through_api_without_url(case: Case) -> None:
    """``articlescrape.extract(bytes)`` with no url: the page's own address (saved-from comment or
    ``<base href>``) must be found and used, so the result equals the one with the url given."""
    data = articlescrape.extract(case.fixture_path.read_bytes()).to_dict()
    data.pop("source")
    with_url = _extracted(case.id)
    diffs = [_explain(k, with_url[k], data[k]) for k in with_url if with_url[k] != data[k]]
    assert not diffs, "extract() without url differs (expected = with url):\n" + "\n".join(diffs)


@pytest.mark.parametrize("case", BBC_CASES, ids=[c.id for c in BBC_CASES])
def test_seed_through_cli_without_url(case: Case) -> None:
    """The CLI on the bare file: the page's URL must come from the page itself (the IE
    ``saved from url`` comment in the seed rendition, ``<base href>`` in the alt one)."""
    proc = subprocess.run(
        [sys.executable, "-m", "articlescrape", str(case.fixture_path.relative_to(REPO))],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert proc.returncode == 0, f"exit {proc.returncode}; stderr:\n{proc.stderr}"
    data = json.loads(proc.stdout)
    assert data["headline"] == "N Koreans storm Spanish embassy"
    assert data["published"] == "2002-03-14T08:26:00+00:00"
    assert data["url"] == SEED_URL
    assert len(data["images"]) == 2
    for image in data["images"]:
        assert image["src"].startswith("http://news.bbc.co.uk/"), image
    for link in data["related_links"]:
        assert link["url"].startswith("http://news.bbc.co.uk/"), link


# --------------------------------------------------------------------------------------------
# The fixtures themselves (no extractor involved): the seed renditions show exactly the seed text


_BLOCK_TAGS = frozenset(
    "p div td th tr table br li ul ol dl dt dd h1 h2 h3 h4 h5 h6 blockquote center hr form".split()
)
#: Not text a reader sees: the head, scripts, and form controls (a text browser draws a
#: <select> as a widget, not as the list of its options).
_INVISIBLE_TAGS = frozenset("head title script style noscript map select option input button textarea".split())


def _visible_tokens(html_text: str) -> list[str]:
    """The page's visible strings as words, in page order, rendered the way the seed text was:
    image alt text in place of images, and an image map's ``<area alt>`` labels in place of the
    image that uses the map."""
    import lxml.html

    doc = lxml.html.document_fromstring(html_text)
    maps = {m.get("name"): [a.get("alt") or "" for a in m.iter("area")] for m in doc.iter("map")}
    out: list[str] = []

    def walk(el: Any) -> None:
        if isinstance(el.tag, str):
            tag = el.tag.lower()
            if tag == "img":
                usemap = el.get("usemap")
                labels = maps.get(usemap.lstrip("#"), []) if usemap else [el.get("alt") or ""]
                out.append(" " + " ".join(labels) + " ")
            elif tag not in _INVISIBLE_TAGS:
                block = tag in _BLOCK_TAGS
                out.append(" " if block else "")
                out.append(el.text or "")
                for child in el:
                    walk(child)
                out.append(" " if block else "")
        out.append(el.tail or "")

    walk(doc.find("body"))
    return "".join(out).split()


@pytest.mark.parametrize("case", BBC_CASES, ids=[c.id for c in BBC_CASES])
def test_seed_fixture_shows_exactly_the_seed_text(case: Case) -> None:
    seed_text = SEED_DIR / "bbc-2002-n-koreans-storm-spanish-embassy.txt"
    if not seed_text.is_file():
        pytest.skip(f"shared seed material not found at {seed_text}")
    want = seed_text.read_text(encoding="utf-8").split()
    got = _visible_tokens(case.fixture_path.read_bytes().decode("cp1252"))
    if got != want:
        import difflib

        diff = "\n".join(list(difflib.unified_diff(want, got, "seed text", case.fixture, lineterm="", n=3))[:60])
        pytest.fail(f"visible text of {case.fixture} differs from the seed text:\n{diff}")


@pytest.mark.parametrize("case", BBC_CASES, ids=[c.id for c in BBC_CASES])
def test_seed_fixture_has_the_bytes_of_its_era(case: Case) -> None:
    """CRLF line ends throughout and single-byte (windows-1252) text, as the 2002 pages were
    served; guards against an editor or git silently normalising the file."""
    data = case.fixture_path.read_bytes()
    assert b"\r\n" in data
    assert data.count(b"\n") == data.count(b"\r\n"), "bare LF line ends"
    data.decode("cp1252")  # raises if not single-byte windows-1252
