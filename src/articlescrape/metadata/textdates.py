"""Visible date lines ("Last Updated: Wednesday, 1 June, 2005, 15:53 GMT 16:53 UK") and dates
written by ``document.write`` in old pages' scripts.

Many archived pages have no machine-readable date at all: the date is only text near the
headline. This reader looks at the short body texts containing a digit (collected by the
page index in its one walk over the tree), reads each as a date line with :func:`articlescrape.dates.parse_date`, and trusts the first
ones in document order most. Fragments inside links are skipped: those are dates of *other*
stories (related-link lists). The extractor, which knows where the headline is, can add sharper
candidates with :func:`candidates_from_lines`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from lxml.html import HtmlElement

from ..dates import (
    ParsedDate,
    holds_year_clock_or_month,
    looks_like_date_line,
    parse_dates,
)
from ..text import AsciiFolded, collapse
from .base import Candidate, Page, TextNode, date_candidate, dedupe, element_text

SOURCE = "text"
SCRIPT_SOURCE = "script:document.write"

_DOC_WRITE = re.compile(r"document\.write(?:ln)?\(\s*(['\"])(.{6,200}?)(?<!\\)\1\s*\)", re.DOTALL)
_TAGS = re.compile(r"<[^>]*>")
#: Class or id words of a date line's element: "date", "time"..., and the words "ds" and "lu".
#: Each alternative begins with a letter ("ds" as ``d(?<=\bd)s\b``, the same as ``\bds\b``), so
#: that the ASCII twin (see AsciiFolded) skips to the letters that can begin one instead of
#: trying every position: several times faster on the long class values of layout elements.
_DATE_HINT = AsciiFolded(
    re.compile(r"date|time|stamp|byline|posted|publish|updated|dateline|meta|d(?<=\bd)s\b|l(?<=\bl)u\b", re.IGNORECASE)
)
_MAX_LINES = 8
_MAX_CHARS = 200
#: A date line's element has few children (a label span, a time span).
_MAX_CHILDREN = 6


def _line_of(node: TextNode) -> tuple[str, HtmlElement]:
    """The short line a text belongs to: its element's whole text when that element is small
    (so a label in a child span, "Last Updated: ", stays with the date), else the text alone.
    The size test looks at the child count first so a big container's text is never
    materialised."""
    el = node.element
    if len(el) <= _MAX_CHILDREN:
        whole = collapse(element_text(el))
        if len(whole) <= _MAX_CHARS:
            return whole, el
    return collapse(node.text), el


def _too_long(text: str) -> bool:
    """Whether a text is too long, collapsed, for a date line. Then so is the line
    :func:`_line_of` makes of it: the text is a run of its element's text nodes, so the
    element's whole text holds it, and collapsing a text that holds another cannot make it
    shorter than the other collapsed (each word of the one is part of a word of the other, and
    words stay apart). Such a text is skipped before the date-line test, which costs most on
    long texts; only a text longer than the limit before collapsing is collapsed for it."""
    return len(text) > _MAX_CHARS and len(collapse(text)) > _MAX_CHARS


def _hinted(el: HtmlElement | None) -> bool:
    """Whether the class or id of ``el`` or of its parent hints at a date line (the parent is
    looked at only when ``el``'s do not)."""
    node = el
    for _ in range(2):
        if node is None:
            return False
        if _DATE_HINT.search(f"{node.get('class') or ''} {node.get('id') or ''}"):
            return True
        node = node.getparent()
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
    # Page.texts holds only texts of MIN_TEXT_NODE characters or more outside the elements of
    # NO_TEXT_WITHIN (scripts, form controls, links: another story's date), as this reader needs.
    for node in page.texts:
        if len(lines) >= _MAX_LINES:
            break
        el, text = node.element, node.text
        # Cheapest first: an element already read, a text too long (its line, which holds it,
        # would be: see _too_long), the date-line test (which whitespace does not sway: the raw
        # text serves; the index lists only texts with a digit, which it need not look for
        # again), and only then the collapsed length.
        if (
            id(el) in seen
            or (len(text) > _MAX_CHARS and _too_long(text))  # most are short: no call
            or not holds_year_clock_or_month(text)
            or len(collapse(text)) < 6
        ):
            continue
        line, el = _line_of(node)
        if len(line) > _MAX_CHARS:
            continue
        seen.add(id(el))
        found = parse_dates(line)
        if found:
            hint = _hinted(el)  # once for the line's dates
            lines.extend(found)
            hinted.extend([hint] * len(found))
    out = candidates_from_lines(lines, bonuses=[0.1 if h else 0.0 for h in hinted])
    script_lines: list[ParsedDate] = []
    for body in page.doc_writes:
        for m in _DOC_WRITE.finditer(body):
            text = collapse(_TAGS.sub(" ", m.group(2)))
            if looks_like_date_line(text):
                script_lines.extend(parse_dates(text))
        if len(script_lines) >= 4:
            break
    if not script_lines:  # most pages: the date lines' candidates are de-duplicated already
        return out
    out.extend(candidates_from_lines(script_lines, SCRIPT_SOURCE, 0.55))
    return dedupe(out)

