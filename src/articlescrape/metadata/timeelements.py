"""``<time datetime>``, ``<abbr class="published" title=...>`` and hAtom/hNews
``published``/``updated`` class markers.

A page has many ``<time>`` elements (comments, related stories, the clock in the header);
only the first few unmarked ones count, with decreasing weight. Elements that carry
``itemprop`` are left to the microdata reader so the same evidence is not counted twice.
"""

from __future__ import annotations

from lxml.html import HtmlElement

from ..dates import parse_date, parse_machine_date
from ..text import collapse
from .base import Candidate, Page, date_candidate, dedupe, element_text

SOURCE = "time-element"
HATOM_SOURCE = "hatom"
DATA_SOURCE = "data-attribute"

#: Attributes in which date widgets keep the machine value behind a formatted or relative text.
_DATA_ATTRS = ("data-datetime", "data-timestamp", "data-seconds", "data-time", "data-date", "data-published", "data-utime", "data-epoch")
_MAX_DATA_ATTRS = 3

_MAX_UNMARKED = 5
_PUB_CLASSES = frozenset({"published", "dtstamp", "entry-date", "post-date", "date-published", "pubdate", "date-header"})
_UPD_CLASSES = frozenset({"updated", "modified", "date-modified", "date-updated"})


def _classes(el: HtmlElement) -> set[str]:
    return set((el.get("class") or "").lower().split())


def _field_from_classes(classes: set[str]) -> str | None:
    if classes & _PUB_CLASSES:
        return "published"
    if classes & _UPD_CLASSES:
        return "updated"
    return None


def read(page: Page) -> list[Candidate]:
    """Candidates from time elements and hAtom markers (the page's ``marked`` elements)."""
    out: list[Candidate | None] = []
    unmarked = pubdates = data_attrs = 0
    for el in page.marked:
        tag = el.tag
        if tag in ("h1", "a", "link") or el.get("itemprop") is not None:
            continue
        classes = _classes(el)
        field = _field_from_classes(classes)
        if tag == "time":
            attr = el.get("datetime")
            parsed = parse_machine_date(attr) if attr else parse_date(collapse(element_text(el)))
            if el.get("pubdate") is not None:
                # The first pubdate is the story's; later ones usually mark related items.
                out.append(date_candidate("published", parsed, SOURCE, 0.78 if pubdates == 0 else 0.45))
                pubdates += 1
            elif field is not None:
                out.append(date_candidate(field, parsed, SOURCE, 0.75))
            elif unmarked < _MAX_UNMARKED:
                out.append(date_candidate("published", parsed, SOURCE, 0.5 - 0.06 * unmarked))
                unmarked += 1
        elif tag == "abbr" and field is not None:
            out.append(date_candidate(field, parse_machine_date(el.get("title")), HATOM_SOURCE, 0.72))
        elif field is not None:
            title = el.get("title")
            parsed = parse_machine_date(title) if title else None
            if parsed is None:
                text = collapse(element_text(el))
                parsed = parse_date(text) if len(text) <= 200 else None
            out.append(date_candidate(field, parsed, HATOM_SOURCE, 0.65))
        if tag != "time" and data_attrs < _MAX_DATA_ATTRS:
            c = _data_attribute_candidate(el, classes, field, data_attrs)
            if c is not None:
                out.append(c)
                data_attrs += 1
    return dedupe(out)


def _data_attribute_candidate(el: HtmlElement, classes: set[str], field: str | None, index: int) -> Candidate | None:
    """A date carried by a ``data-*`` attribute of a date-classed element (``classes``: its
    :func:`_classes`), as scripts that render relative times need it ("2 hours ago" shown,
    ``data-seconds="1447324444"`` kept)."""
    if field is None and not any("date" in c or "time" in c for c in classes):
        return None
    # The element's attribute names first: most date elements carry none of these, which
    # are then not asked for one by one.
    names = el.keys()
    found = [p for p in (parse_machine_date(el.get(attr)) for attr in _DATA_ATTRS if attr in names and el.get(attr)) if p is not None]
    if not found:
        return None
    best = max(found, key=lambda p: (p.has_time, p.tz_known))  # the epoch beats "12 November 2015"
    weight = (0.7 if field is not None else 0.6) - 0.08 * index
    return date_candidate(field or "published", best, DATA_SOURCE, weight)
