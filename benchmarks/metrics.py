"""Scoring functions for the accuracy and speed benchmarks (pure: no I/O, no tool imports).

Two families of metrics live here.

**Body text, ScrapingHub article-extraction benchmark** (``../shared/data/README.md``):
texts are lower-cased and tokenised with ``\\w+``; each text becomes the multiset of its word
4-gram shingles (a text of 1-3 words is one shorter shingle, as in the benchmark's own
``evaluate.py``). Per page: ``tp`` = size of the multiset intersection, precision = tp / |predicted|,
recall = tp / |truth|. An empty prediction with an empty truth scores precision = recall = 1; an
empty side otherwise scores 0 (an empty prediction has precision 0, an empty truth gives recall 0).
Corpus precision and recall are the means over pages, F1 the harmonic mean of those two means.
Two "accuracy" figures are given: ``accuracy`` = share of pages whose own F1 >= 0.9 (the definition
our data README proposes) and ``exact`` = share of pages whose token sequence equals the truth's
(what the benchmark's published ``accuracy`` column actually measures, upstream ``get_accuracy``).

**Archived-dev fields** (hand-annotated ``expected/NNN.json``): each field scores one page as a
number in [0, 1], or ``None`` when the page does not annotate it (``null`` or a missing key) or
the tool does not produce the field (a :class:`Prediction` field left ``None``; shown "n/a").
A corpus rate is the mean of the per-page scores that are not ``None``. See :data:`FIELDS` and
``benchmarks/README.md`` for the exact matching rule of each field.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

SHINGLE_SIZE = 4
ACCURACY_F1 = 0.9
PARAGRAPH_COUNT_TOLERANCE = 0.10

_TOKEN_RE = re.compile(r"\w+")
_SPACE_RE = re.compile(r"\s+")
_WAYBACK_RE = re.compile(r"^https?://web\.archive\.org/web/\d+[a-z_]*/", re.IGNORECASE)
_TIME_SHOWN_RE = re.compile(r"\b\d{1,2}[:.h]\d{2}\b|\b\d{1,2}\s*[ap]\.?m\b", re.IGNORECASE)
_DATE_ONLY_RE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}\s*$")

Shingle = tuple[str, ...]


# ---------------------------------------------------------------------------------------------
# Body text: the ScrapingHub shingle metric
# ---------------------------------------------------------------------------------------------


def tokenize(text: str | None, *, lowercase: bool = True) -> list[str]:
    """Split ``text`` into ``\\w+`` tokens, lower-cased first unless ``lowercase`` is false."""
    if not text:
        return []
    return _TOKEN_RE.findall(text.lower() if lowercase else text)


def shingles(text: str | None, n: int = SHINGLE_SIZE, *, lowercase: bool = True) -> Counter[Shingle]:
    """The multiset of word ``n``-gram shingles of ``text``.

    A text with fewer than ``n`` tokens (but at least one) is a single shorter shingle, as in
    the benchmark's ``evaluate.py``; an empty text has no shingles.
    """
    tokens = tokenize(text, lowercase=lowercase)
    if not tokens:
        return Counter()
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))


def harmonic_mean(a: float, b: float) -> float:
    """F1-style harmonic mean of two rates; 0 when both are 0."""
    return 0.0 if a + b == 0 else 2 * a * b / (a + b)


@dataclass(frozen=True, slots=True)
class ShingleScore:
    """One page's body score: shingle counts, precision, recall, F1, exact token match."""

    tp: int
    predicted: int
    true: int
    precision: float
    recall: float
    exact: bool

    @property
    def f1(self) -> float:
        """The page's own F1 (harmonic mean of its precision and recall)."""
        return harmonic_mean(self.precision, self.recall)


def shingle_score(predicted: str | None, truth: str | None, n: int = SHINGLE_SIZE, *, lowercase: bool = True) -> ShingleScore:
    """Score one page's predicted body text against the true body text (see module doc)."""
    pred_sh = shingles(predicted, n, lowercase=lowercase)
    true_sh = shingles(truth, n, lowercase=lowercase)
    n_pred, n_true = sum(pred_sh.values()), sum(true_sh.values())
    tp = sum((pred_sh & true_sh).values())
    exact = tokenize(predicted, lowercase=lowercase) == tokenize(truth, lowercase=lowercase)
    if n_pred == 0 and n_true == 0:
        return ShingleScore(0, 0, 0, 1.0, 1.0, True)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_true if n_true else 0.0
    return ShingleScore(tp, n_pred, n_true, precision, recall, exact)


@dataclass(frozen=True, slots=True)
class BodyCorpusScore:
    """Corpus body figures: mean precision and recall over pages, F1 of the means, accuracies."""

    precision: float
    recall: float
    f1: float
    accuracy: float
    exact: float
    pages: int


def body_corpus_score(scores: Sequence[ShingleScore], *, skip_empty_predictions: bool = False) -> BodyCorpusScore:
    """Aggregate per-page scores into corpus precision, recall, F1 and accuracies.

    ``skip_empty_predictions`` reproduces the benchmark's ``evaluate.py``, which leaves pages
    with an empty prediction out of the precision mean (our README's rule, the default, counts
    them as precision 0). Raises ``ValueError`` on an empty sequence.
    """
    if not scores:
        raise ValueError("no pages to score")
    p_pages = [s for s in scores if s.predicted or not skip_empty_predictions]
    precision = statistics.fmean(s.precision for s in p_pages) if p_pages else 0.0
    recall = statistics.fmean(s.recall for s in scores)
    return BodyCorpusScore(
        precision=precision,
        recall=recall,
        f1=harmonic_mean(precision, recall),
        accuracy=sum(s.f1 >= ACCURACY_F1 for s in scores) / len(scores),
        exact=sum(s.exact for s in scores) / len(scores),
        pages=len(scores),
    )


# ---------------------------------------------------------------------------------------------
# Archived-dev fields
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PredQuote:
    """A pull quote as a tool reports it."""

    text: str
    attribution: str | None = None


@dataclass(frozen=True, slots=True)
class PredLink:
    """A link as a tool reports it (``url`` as found or resolved by the tool)."""

    title: str
    url: str


@dataclass(slots=True)
class Prediction:
    """The minimal common result every tool's adapter returns.

    A field left ``None`` means the tool does not produce it (scored ``None``, shown "n/a");
    a tool that produces a field but found nothing gives an empty value (``""`` or ``[]``).
    ``published`` is ISO 8601 text: a date (``2005-06-01``) or a datetime, with or without offset.
    """

    body: str | None = None
    paragraphs: list[str] | None = None
    headline: str | None = None
    published: str | None = None
    captions: list[str] | None = None
    pull_quotes: list[PredQuote] | None = None
    related_links: list[PredLink] | None = None
    external_links: list[PredLink] | None = None
    error: str | None = field(default=None)


@dataclass(frozen=True, slots=True)
class FieldScore:
    """One field on one page: ``score`` in [0, 1] (``None``: not annotated or n/a) and why."""

    score: float | None
    detail: str = ""


#: Characters that the same legacy-encoded byte decodes to under different codec tables (GB2312
#: A1AA is U+2015 in Python's ``gb2312`` but U+2014 in ``gbk``/``gb18030``; Shift_JIS and EUC
#: tables differ likewise), folded together so an equally valid decoding is not a mismatch.
DECODING_VARIANTS = str.maketrans({"\u2015": "\u2014", "\u30fb": "\u00b7", "\u301c": "\uff5e", "\u2225": "\u2016"})


def collapse(text: str | None) -> str:
    """Whitespace-collapsed, NFC-normalised, stripped text with :data:`DECODING_VARIANTS`
    folded ("" for ``None``)."""
    if not text:
        return ""
    return _SPACE_RE.sub(" ", unicodedata.normalize("NFC", text).translate(DECODING_VARIANTS)).strip()


def text_key(text: str | None) -> str:
    """Loose comparison key: NFKC, lower-cased ``\\w+`` tokens joined by one space.

    Two texts with the same key differ only in case, whitespace and punctuation (quote marks,
    a trailing full stop, dashes).
    """
    return " ".join(tokenize(unicodedata.normalize("NFKC", text or "")))


def body_text(pred: Prediction) -> str:
    """The prediction's body: its paragraphs joined, else its body text."""
    if pred.paragraphs is not None:
        return "\n".join(pred.paragraphs)
    return pred.body or ""


def score_headline(expected: str | None, pred: Prediction) -> FieldScore:
    """Exact match of the headline after whitespace collapse."""
    if expected is None:
        return FieldScore(None, "not annotated")
    if pred.headline is None:
        return FieldScore(None, "n/a")
    ok = collapse(pred.headline) == collapse(expected)
    return FieldScore(float(ok), "" if ok else f"got {collapse(pred.headline)!r}, want {collapse(expected)!r}")


def time_is_shown(expected: Mapping[str, Any]) -> bool:
    """Whether the page shows a time of day for its publication date.

    From ``_published_as_shown`` when the annotator gave it (does it contain ``HH:MM`` or
    ``H am/pm``?); otherwise from ``published`` itself (a time other than midnight was annotated).
    """
    shown = expected.get("_published_as_shown")
    if shown is not None:
        return bool(_TIME_SHOWN_RE.search(shown))
    published = parse_published(expected.get("published"))
    return isinstance(published, datetime) and (published.hour, published.minute) != (0, 0)


def parse_published(value: str | date | None) -> datetime | date | None:
    """Parse an ISO 8601 (or dateutil-readable) date/datetime; a bare date stays a ``date``."""
    if value is None or isinstance(value, date):
        return value
    if not value.strip():
        return None
    if _DATE_ONLY_RE.match(value):
        return date.fromisoformat(value.strip())
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        pass
    try:
        from dateutil import parser as date_parser

        return date_parser.parse(value)
    except (ValueError, OverflowError, ImportError):
        return None


def _as_expected_zone(pred: datetime, tz: Any) -> datetime:
    """``pred`` in the expected value's zone; a naive ``pred`` is read as already in it."""
    return pred.replace(tzinfo=tz) if pred.tzinfo is None else pred.astimezone(tz)


def score_published(expected: Mapping[str, Any], pred: Prediction) -> FieldScore:
    """Same calendar day (in the expected value's offset) and, when the page shows a time,
    the same minute (compared as instants; a naive prediction is read in the expected offset)."""
    want = parse_published(expected.get("published"))
    if not isinstance(want, datetime):
        return FieldScore(None, "not annotated")
    if pred.published is None:
        return FieldScore(None, "n/a")
    got = parse_published(pred.published)
    if got is None:
        return FieldScore(0.0, f"no date (want {want.isoformat()})")
    tz = want.tzinfo or UTC
    want = _as_expected_zone(want, tz)
    if not isinstance(got, datetime):
        day_ok, minute_ok = got == want.date(), False
    else:
        got = _as_expected_zone(got, tz)
        day_ok = got.date() == want.date()
        minute_ok = abs(got.replace(second=0, microsecond=0) - want.replace(second=0, microsecond=0)) < timedelta(seconds=1)
    ok = day_ok and (minute_ok or not time_is_shown(expected))
    return FieldScore(float(ok), "" if ok else f"got {got.isoformat()}, want {want.isoformat()}")


def _find_paragraph(paragraphs: Sequence[str], wanted: str, start: int = 0) -> int:
    """Index of the first paragraph at or after ``start`` equal (collapsed) to ``wanted``, else -1."""
    key = collapse(wanted)
    for i in range(start, len(paragraphs)):
        if collapse(paragraphs[i]) == key:
            return i
    return -1


def score_first_last(expected: Mapping[str, Any], pred: Prediction) -> FieldScore:
    """Both annotated paragraphs present (whitespace-collapsed equality with one predicted
    paragraph each), the first before (or at) the last."""
    first, last = expected.get("first_paragraph"), expected.get("last_paragraph")
    if first is None and last is None:
        return FieldScore(None, "not annotated")
    if pred.paragraphs is None:
        return FieldScore(None, "n/a")
    problems = []
    start = 0
    if first is not None:
        start = _find_paragraph(pred.paragraphs, first)
        if start < 0:
            problems.append(f"first paragraph missing ({collapse(first)[:60]!r}...)")
            start = 0
    if last is not None and _find_paragraph(pred.paragraphs, last, start) < 0:
        if _find_paragraph(pred.paragraphs, last) >= 0:
            problems.append("last paragraph found only before the first")
        else:
            problems.append(f"last paragraph missing ({collapse(last)[:60]!r}...)")
    return FieldScore(0.0 if problems else 1.0, "; ".join(problems))


def score_paragraph_count(expected: int | None, pred: Prediction) -> FieldScore:
    """Number of predicted paragraphs (all kinds) within 10% of the annotated count."""
    if expected is None:
        return FieldScore(None, "not annotated")
    if pred.paragraphs is None:
        return FieldScore(None, "n/a")
    got = len(pred.paragraphs)
    ok = abs(got - expected) <= PARAGRAPH_COUNT_TOLERANCE * expected
    return FieldScore(float(ok), "" if ok else f"got {got}, want {expected}")


def leaks(needle: str, haystack: str) -> bool:
    """Whether ``needle`` occurs in ``haystack`` (both whitespace-collapsed, case-sensitive),
    not glued to a word character on a side where ``needle`` itself starts/ends with one."""
    needle = collapse(needle)
    if not needle:
        return False
    left = r"(?<!\w)" if re.match(r"\w", needle) else ""
    right = r"(?!\w)" if re.search(r"\w$", needle) else ""
    return re.search(left + re.escape(needle) + right, collapse(haystack)) is not None


def score_leak(expected: Sequence[str] | None, pred: Prediction) -> FieldScore:
    """Share of ``must_not_contain`` strings found in the body (lower is better); pages with
    an empty list are not scored."""
    if not expected:
        return FieldScore(None, "not annotated")
    if pred.paragraphs is None and pred.body is None:
        return FieldScore(None, "n/a")
    text = body_text(pred)
    found = [s for s in expected if leaks(s, text)]
    return FieldScore(len(found) / len(expected), f"leaked {found}" if found else "")


def _share_found(wanted: Sequence[Any], found: Sequence[bool], extra: int, label: str) -> FieldScore:
    """Share of ``wanted`` items found; an empty ``wanted`` scores 1 only with no ``extra`` items."""
    if not wanted:
        return FieldScore(float(extra == 0), f"{extra} spurious {label}" if extra else "")
    missing = [w for w, ok in zip(wanted, found) if not ok]
    return FieldScore(sum(found) / len(wanted), f"missing {missing}" if missing else "")


def score_captions(expected: Sequence[str] | None, pred: Prediction) -> FieldScore:
    """Share of annotated captions equal (:func:`text_key`) to one of the predicted captions.
    An annotated empty list scores 1 when the tool reports no caption, else 0."""
    if expected is None:
        return FieldScore(None, "not annotated")
    if pred.captions is None:
        return FieldScore(None, "n/a")
    keys = {text_key(c) for c in pred.captions}
    return _share_found(expected, [text_key(c) in keys for c in expected], len(pred.captions), "captions")


def _quote_matches(want: Mapping[str, Any], got: PredQuote) -> bool:
    """Same text and same attribution (:func:`text_key`). A ``null`` attribution is "not
    annotated" (the data README's rule for every ``null``), so only the text is compared."""
    if text_key(want.get("text")) != text_key(got.text):
        return False
    return want.get("attribution") is None or text_key(want.get("attribution")) == text_key(got.attribution)


def score_pull_quotes(expected: Sequence[Mapping[str, Any]] | None, pred: Prediction) -> FieldScore:
    """Share of annotated pull quotes matched, text AND attribution (when annotated), by a
    predicted pull quote."""
    if expected is None:
        return FieldScore(None, "not annotated")
    if pred.pull_quotes is None:
        return FieldScore(None, "n/a")
    found = [any(_quote_matches(w, g) for g in pred.pull_quotes) for w in expected]
    wanted = [f"{text_key(w.get('text'))[:40]}... / {w.get('attribution')}" for w in expected]
    return _share_found(wanted, found, len(pred.pull_quotes), "pull quotes")


def strip_wayback(url: str) -> str:
    """The original URL inside a Wayback Machine capture URL (else ``url`` unchanged)."""
    return _WAYBACK_RE.sub("", url.strip())


def normalize_url(url: str) -> str:
    """Comparable URL: Wayback prefix, scheme (http = https), ``www.``, default port, fragment
    and trailing ``/`` dropped; host lower-cased."""
    parts = urlsplit(strip_wayback(url))
    host = (parts.hostname or "").removeprefix("www.")
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    path = parts.path.rstrip("/")
    return urlunsplit(("", host, path, parts.query, "")).removeprefix("//")


def url_matches(expected: str, got: str, page_url: str | None) -> bool:
    """Whether a predicted URL is the expected one.

    With a page URL, both are resolved against it (its Wayback prefix removed) and compared
    normalised; without one, a relative expected URL matches a predicted URL ending with it.
    """
    if page_url:
        base = strip_wayback(page_url)
        return normalize_url(urljoin(base, expected)) == normalize_url(urljoin(base, strip_wayback(got)))
    if urlsplit(expected).netloc:
        return normalize_url(expected) == normalize_url(got)
    want = expected.strip().rstrip("/")
    return bool(want) and strip_wayback(got).strip().rstrip("/").endswith(want)


def _link_matches(want: Mapping[str, Any], got: PredLink, page_url: str | None, *, title: bool) -> bool:
    """URL match, plus (when ``title``) :func:`text_key` equality of the titles."""
    if title and text_key(want.get("title")) != text_key(got.title):
        return False
    return url_matches(str(want.get("url") or ""), got.url, page_url)


def score_related_links(expected: Sequence[Mapping[str, Any]] | None, pred: Prediction, page_url: str | None) -> FieldScore:
    """1 when the annotated links (title and URL) appear, in order, as a subsequence of the
    predicted related links; an annotated empty list wants no related link at all."""
    if expected is None:
        return FieldScore(None, "not annotated")
    if pred.related_links is None:
        return FieldScore(None, "n/a")
    if not expected:
        n = len(pred.related_links)
        return FieldScore(float(n == 0), f"{n} spurious related links" if n else "")
    k = 0
    for got in pred.related_links:
        if k < len(expected) and _link_matches(expected[k], got, page_url, title=True):
            k += 1
    if k == len(expected):
        return FieldScore(1.0)
    return FieldScore(0.0, f"matched {k}/{len(expected)} in order; next missing {expected[k].get('title')!r}")


def score_external_links(expected: Sequence[Mapping[str, Any]] | None, pred: Prediction, page_url: str | None) -> FieldScore:
    """Share of annotated external links whose URL is among the predicted external links."""
    if expected is None:
        return FieldScore(None, "not annotated")
    if pred.external_links is None:
        return FieldScore(None, "n/a")
    found = [any(_link_matches(w, g, page_url, title=False) for g in pred.external_links) for w in expected]
    return _share_found([w.get("url") for w in expected], found, len(pred.external_links), "external links")


#: Archived-dev fields in table order: (column name, higher is better).
FIELDS: tuple[tuple[str, bool], ...] = (
    ("headline", True),
    ("date", True),
    ("first_last", True),
    ("para_count", True),
    ("leak", False),
    ("captions", True),
    ("pull_quotes", True),
    ("related", True),
    ("external", True),
)


def score_page(expected: Mapping[str, Any], pred: Prediction, page_url: str | None = None) -> dict[str, FieldScore]:
    """Every archived-dev field of one page (keys as in :data:`FIELDS`)."""
    return {
        "headline": score_headline(expected.get("headline"), pred),
        "date": score_published(expected, pred),
        "first_last": score_first_last(expected, pred),
        "para_count": score_paragraph_count(expected.get("paragraph_count"), pred),
        "leak": score_leak(expected.get("must_not_contain"), pred),
        "captions": score_captions(expected.get("captions"), pred),
        "pull_quotes": score_pull_quotes(expected.get("pull_quotes"), pred),
        "related": score_related_links(expected.get("related_links"), pred, page_url),
        "external": score_external_links(expected.get("external_links"), pred, page_url),
    }


def field_rate(scores: Iterable[FieldScore]) -> float | None:
    """Mean of the scored pages (``None`` when no page was scored: "n/a")."""
    values = [s.score for s in scores if s.score is not None]
    return statistics.fmean(values) if values else None


def field_rates(pages: Iterable[Mapping[str, FieldScore]]) -> dict[str, float | None]:
    """Corpus rate of every field over a tool's pages."""
    pages = list(pages)
    return {name: field_rate(p[name] for p in pages) for name, _ in FIELDS}


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) by linear interpolation; raises on an empty sequence."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)
