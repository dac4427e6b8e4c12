"""One adapter per tool: run it on a page's bytes and return a :class:`metrics.Prediction`.

Each tool has two entry points:

* ``predict(html, url)`` — the full adapter used by ``accuracy.py``: the tool's natural
  configuration, its output mapped onto the common result. A field the tool does not produce
  stays ``None`` (shown "n/a"); a field it produces but did not find is ``""`` / ``[]``.
* ``run(html, url)`` — the minimal natural call used by ``speed.py`` (what a user of the tool
  would call to get the article text), returning whatever the tool returns.

Peers are imported lazily, so a missing peer only removes its row. Configuration follows the
ScrapingHub benchmark's ``extractors/run_*.py`` (trafilatura ``include_comments=False``;
readability-lxml ``Document(html).summary(html_partial=True)`` turned into text with
``html_text``; newspaper4k ``Article(url).download(input_html=...).parse()``; goose3
``Goose().extract(raw_html=...)``), except that newspaper4k's ``fetch_images`` is turned off:
with it on, ``parse()`` downloads the page's images over the network, which an offline
benchmark must not do (and which would dominate its timing).
"""

from __future__ import annotations

import codecs
import importlib
import importlib.metadata
import json
import logging
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

from benchmarks.metrics import Prediction, PredLink, PredQuote

#: Placeholder URL for tools that insist on one when a page has none.
PLACEHOLDER_URL = "http://localhost/article.html"

_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_CHARSET_UPGRADES = {"gb2312": "gb18030", "gbk": "gb18030", "iso-8859-1": "cp1252", "latin-1": "cp1252", "ascii": "cp1252"}


def decode_html(data: bytes) -> str:
    """Bytes to text for the peers that want text: BOM, then a ``<meta>`` charset, then UTF-8,
    then charset-normalizer's guess, then cp1252 with replacement."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    match = _META_CHARSET_RE.search(data[:4096])
    if match:
        name = match.group(1).decode("ascii", "ignore").lower()
        try:
            return data.decode(_CHARSET_UPGRADES.get(name, name), errors="replace")
        except LookupError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is not None:
            return str(best)
    except ImportError:
        pass
    return data.decode("cp1252", errors="replace")


def lines(text: str | None) -> list[str]:
    """Non-blank lines of ``text``, stripped (the paragraphs of a plain-text body)."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def iso(value: datetime | date | str | None) -> str:
    """A tool's date as ISO text (``""`` when it found none)."""
    if value is None:
        return ""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value).strip()


# --- articlescrape ---------------------------------------------------------------------------


def articlescrape_run(html: bytes, url: str | None) -> Any:
    """``articlescrape.extract(bytes, url)``, its memos emptied first: the benchmarks run the
    same pages several times, and verdicts remembered from an earlier pass would flatter the
    figures (see :mod:`articlescrape.memo`)."""
    import articlescrape
    from articlescrape.memo import clear_memos

    clear_memos()
    return articlescrape.extract(html, url)


def articlescrape_predict(html: bytes, url: str | None) -> Prediction:
    """Every field of the :class:`articlescrape.Article`."""
    article = articlescrape_run(html, url)
    return Prediction(
        body=article.text,
        paragraphs=[p.text for p in article.paragraphs],
        headline=article.headline or "",
        published=iso(article.published),
        captions=[i.caption for i in article.images if i.caption],
        pull_quotes=[PredQuote(q.text, q.attribution) for q in article.quotes if q.kind == "pull"],
        related_links=[PredLink(link.title, link.url) for link in article.related_links],
        external_links=[PredLink(link.title, link.url) for link in article.external_links],
    )


# --- trafilatura -----------------------------------------------------------------------------


def trafilatura_run(html: bytes, url: str | None) -> Any:
    """``trafilatura.extract(bytes, url=url, include_comments=False)`` (plain text)."""
    import trafilatura

    return trafilatura.extract(html, url=url, include_comments=False)


def trafilatura_predict(html: bytes, url: str | None) -> Prediction:
    """Body, title and date from trafilatura's JSON output with metadata (same body as the
    plain-text output, up to trailing spaces)."""
    import trafilatura

    raw = trafilatura.extract(html, url=url, include_comments=False, output_format="json", with_metadata=True)
    data = json.loads(raw) if raw else {}
    text = data.get("text") or ""
    return Prediction(body=text, paragraphs=lines(text), headline=data.get("title") or "", published=iso(data.get("date")))


# --- readability-lxml ------------------------------------------------------------------------


def readability_run(html: bytes, url: str | None) -> Any:
    """``readability.Document(bytes).summary()``."""
    from readability import Document

    return Document(html, url=url).summary(html_partial=True)


def html_to_text(fragment: str) -> str:
    """Text of an HTML fragment, one block per line (``html_text`` as in the benchmark, else lxml)."""
    try:
        import html_text

        return html_text.extract_text(fragment)
    except ImportError:
        import lxml.html

        return "\n".join(e.text_content() for e in lxml.html.fragment_fromstring(fragment, create_parent=True).iter("p", "h1", "h2", "h3", "h4", "li"))


def readability_predict(html: bytes, url: str | None) -> Prediction:
    """Body from ``summary()`` as text, headline from ``short_title()``; no date."""
    from readability import Document

    doc = Document(html, url=url)
    text = html_to_text(doc.summary(html_partial=True))
    return Prediction(body=text, paragraphs=lines(text), headline=doc.short_title() or "")


# --- newspaper4k -----------------------------------------------------------------------------


@cache
def _newspaper_config() -> Any:
    """newspaper4k's default configuration with image fetching (network) off."""
    import newspaper

    config = newspaper.Config()
    config.fetch_images = False
    return config


def _newspaper_article(html: bytes, url: str | None) -> Any:
    """A parsed newspaper4k ``Article`` of the page."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import newspaper
    article = newspaper.Article(url or PLACEHOLDER_URL, config=_newspaper_config())
    article.download(input_html=decode_html(html))
    article.parse()
    return article


def newspaper_run(html: bytes, url: str | None) -> Any:
    """``Article(url); download(input_html=text); parse()`` (``fetch_images`` off)."""
    return _newspaper_article(html, url).text


def newspaper_predict(html: bytes, url: str | None) -> Prediction:
    """Body text, title and publish date."""
    article = _newspaper_article(html, url)
    return Prediction(body=article.text, paragraphs=lines(article.text), headline=article.title or "", published=iso(article.publish_date))


# --- goose3 ----------------------------------------------------------------------------------


@cache
def _goose() -> Any:
    """The one ``Goose`` instance, its date-parsing warnings silenced."""
    from goose3 import Goose

    logging.getLogger("goose3").setLevel(logging.CRITICAL)
    return Goose()


def goose_run(html: bytes, url: str | None) -> Any:
    """``Goose().extract(raw_html=text)`` (one ``Goose`` reused)."""
    return _goose().extract(raw_html=decode_html(html)).cleaned_text


def goose_predict(html: bytes, url: str | None) -> Prediction:
    """Cleaned text, title and publish date (UTC datetime when goose3 parsed one)."""
    article = _goose().extract(raw_html=decode_html(html))
    published = article.publish_datetime_utc or article.publish_date
    if isinstance(published, datetime) and published.tzinfo is None:
        published = published.replace(tzinfo=UTC)  # goose3's "_utc" value is naive UTC
    return Prediction(body=article.cleaned_text, paragraphs=lines(article.cleaned_text), headline=article.title or "", published=iso(published))


# --- the registry ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Tool:
    """A tool under test: its import name, distribution name and entry points."""

    name: str
    module: str
    dist: str
    predict: Callable[[bytes, str | None], Prediction]
    run: Callable[[bytes, str | None], Any]
    produces: frozenset[str] = frozenset({"body", "paragraphs", "headline", "published"})

    def import_error(self) -> str | None:
        """``None`` when the tool imports here, else why not ("not installed" or the error)."""
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                importlib.import_module(self.module)
        except ModuleNotFoundError as exc:
            if exc.name == self.module:
                return "not installed (pip install -e '.[bench]')"
            return f"import failed: {exc}"
        except Exception as exc:  # noqa: BLE001 - any import failure removes the tool's row
            return f"import failed: {type(exc).__name__}: {exc}"
        return None

    def version(self) -> str:
        """The installed distribution's version ("?" when unknown)."""
        try:
            return importlib.metadata.version(self.dist)
        except importlib.metadata.PackageNotFoundError:
            return "?"


ALL_FIELDS = frozenset(f.name for f in fields(Prediction) if f.name != "error")

TOOLS: dict[str, Tool] = {
    t.name: t
    for t in (
        Tool("articlescrape", "articlescrape", "articlescrape", articlescrape_predict, articlescrape_run, ALL_FIELDS),
        Tool("trafilatura", "trafilatura", "trafilatura", trafilatura_predict, trafilatura_run),
        Tool("readability-lxml", "readability", "readability-lxml", readability_predict, readability_run, frozenset({"body", "paragraphs", "headline"})),
        Tool("newspaper4k", "newspaper", "newspaper4k", newspaper_predict, newspaper_run),
        Tool("goose3", "goose3", "goose3", goose_predict, goose_run),
    )
}


def select_tools(names: str | None, default: tuple[str, ...] = tuple(TOOLS)) -> tuple[list[Tool], list[str]]:
    """The requested tools that are installed, and a message for each one skipped.

    Raises ``ValueError`` on an unknown tool name.
    """
    wanted = [n.strip() for n in names.split(",") if n.strip()] if names else list(default)
    unknown = [n for n in wanted if n not in TOOLS]
    if unknown:
        raise ValueError(f"unknown tool(s) {unknown}; known: {', '.join(TOOLS)}")
    chosen, skipped = [], []
    for name in wanted:
        error = TOOLS[name].import_error()
        if error is None:
            chosen.append(TOOLS[name])
        else:
            skipped.append(f"{name}: {error}")
    return chosen, skipped


def safe_predict(tool: Tool, html: bytes, url: str | None) -> Prediction:
    """``tool.predict``, with a crash turned into an empty prediction carrying the error."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return tool.predict(html, url)
    except Exception as exc:  # noqa: BLE001 - a crash on one page is a result, not a stop
        return empty_prediction(tool, f"{type(exc).__name__}: {exc}"[:200])


def empty_prediction(tool: Tool, error: str) -> Prediction:
    """What a crashed run scores as: every field the tool produces, empty."""
    empty: dict[str, Any] = {"body": "", "headline": "", "published": ""}
    values = {name: empty.get(name, []) for name in tool.produces}
    return Prediction(**values, error=error)
