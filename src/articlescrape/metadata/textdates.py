"""Visible date lines ("Last Updated: Wednesday, 1 June, 2005, 15:53 GMT 16:53 UK") and dates
written by ``document.write`` in old pages' scripts.

Many archived pages have no machine-readable date at all: the date is only text near the
headline. This reader looks at short text fragments containing a digit (one XPath, filtered in
C), reads each as a date line with :func:`articlescrape.dates.parse_date`, and trusts the first
ones in document order most. Fragments inside links are skipped: those are dates of *other*
stories (related-link lists). The extractor, which knows where the headline is, can add sharper
candidates with :func:`candidates_from_lines`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from lxml import etree
from lxml.html import HtmlElement

from ..dates import ParsedDate, looks_like_date_line, parse_date
from ..text import collapse
from .base import Candidate, Page, date_candidate, dedupe

SOURCE = "text"
SCRIPT_SOURCE = "script:document.write"

# Every body text node; the cheap tests (length, a digit) and the costlier ancestor test run in
# Python only on the few that pass, which measured 3-4x faster than the same tests in XPath.
_TEXTS = etree.XPath("//body//text()")
_EXCLUDED_ANCESTORS = frozenset({"script", "style", "a", "option", "textarea", "noscript", "select", "button"})
_DIGIT = re.compile(r"\d")
_DOC_WRITE_SCRIPTS = etree.XPath("//script[contains(., 'document.write')]")
_DOC_WRITE = re.compile(r"document\.write(?:ln)?\(\s*(['\"])(.{6,200}?)(?<!\\)\1\s*\)", re.DOTALL)
_TAGS = re.compile(r"<[^>]*>")
_DATE_HINT = re.compile(r"date|time|stamp|byline|posted|publish|updated|dateline|meta|\bds\b|\blu\b", re.IGNORECASE)
_MAX_LINES = 8
_MAX_CHARS = 200
#: A date line's element has few children (a label span, a time span).
_MAX_CHILDREN = 6


def _line_of(node: object) -> tuple[str, HtmlElement | None]:
    """The short line a text node belongs to: its element's whole text when that element is
    small (so a label in a child span, "Last Updated: ", stays with the date), else the node
    alone. The size test looks at the child count first so a big container's text is never
    materialised."""
    parent = node.getparent()  # type: ignore[attr-defined]
    if parent is not None and node.is_tail:  # type: ignore[attr-defined]
        parent = parent.getparent()
    if parent is not None and len(parent) <= _MAX_CHILDREN:
        whole = collapse(parent.text_content())
        if len(whole) <= _MAX_CHARS:
            return whole, parent
    return collapse(str(node)), parent


def _excluded(node: object) -> bool:
    """Whether a text node sits in a script, a form control or a link (another story's date)."""
    el = node.getparent()  # type: ignore[attr-defined]
    if el is not None and node.is_tail:  # type: ignore[attr-defined]
        el = el.getparent()
    while el is not None:
        if el.tag in _EXCLUDED_ANCESTORS:
            return True
        el = el.getparent()
    return False


def _hinted(el: HtmlElement | None) -> bool:
    for node in (el, el.getparent() if el is not None else None):
        if node is not None and _DATE_HINT.search(f"{node.get('class') or ''} {node.get('id') or ''}"):
            return True
    return False


def candidates_from_lines(
    parsed: Iterable[ParsedDate], source: str = SOURCE, base: float = 0.6, bonuses: Sequence[float] = ()
) -> list[Candidate]:
    """Candidates for date lines, in document order: earlier lines count more; a line that says
    "updated" yields an ``updated`` candidate and a weaker ``published`` one (many pages show only
    their last update, and it is the best estimate of publication they offer)."""
    out: list[Candidate | None] = []
    for i, p in enumerate(parsed):
        w = base * max(0.5, 1 - 0.08 * i) + (0.05 if p.label == "published" else 0) + (bonuses[i] if i < len(bonuses) else 0)
        if p.label == "updated":
            out.append(date_candidate("updated", p, source, w))
            out.append(date_candidate("published", p, source, w - 0.12))
        else:
            out.append(date_candidate("published", p, source, w))
    return dedupe(out)


def read(page: Page) -> list[Candidate]:
    """Date lines from visible text and from ``document.write`` string literals."""
    lines: list[ParsedDate] = []
    hinted: list[bool] = []
    seen: set[int] = set()
    for node in _TEXTS(page.root):
        if len(lines) >= _MAX_LINES:
            break
        if len(node) >= 400 or not _DIGIT.search(node):
            continue
        text = collapse(str(node))
        if len(text) < 6 or not looks_like_date_line(text) or _excluded(node):
            continue
        line, el = _line_of(node)
        key = id(el) if el is not None else id(node)
        if key in seen or len(line) > _MAX_CHARS:
            continue
        seen.add(key)
        parsed = parse_date(line)
        if parsed is not None:
            lines.append(parsed)
            hinted.append(_hinted(el))
    out = candidates_from_lines(lines, bonuses=[0.1 if h else 0.0 for h in hinted])
    script_lines: list[ParsedDate] = []
    for script in _DOC_WRITE_SCRIPTS(page.root):
        for m in _DOC_WRITE.finditer(script.text or ""):
            text = collapse(_TAGS.sub(" ", m.group(2)))
            if looks_like_date_line(text):
                parsed = parse_date(text)
                if parsed is not None:
                    script_lines.append(parsed)
        if len(script_lines) >= 4:
            break
    out.extend(candidates_from_lines(script_lines, SCRIPT_SOURCE, 0.55))
    return dedupe(out)

