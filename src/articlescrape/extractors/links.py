"""Related stories ("See also") and external links.

Lists of links are found by their heading — the words news sites have used for them since the
1990s, in several languages — and read item by item, keeping the date and section a page
shows next to each link (``13 Sep 02 | Business``). External links are those under an
"Internet links"-style heading plus links in the body paragraphs that lead to other sites.
"""

from __future__ import annotations

import re
from datetime import date
from itertools import islice, product

from lxml.html import HtmlElement

from ..dates import looks_like_date_line, parse_short_date
from ..model import Link
from ..text import collapse
from ..urls import absolute, external_test
from .blocks import Block

_RELATED_WORDS = (
    r"see also|related( stories| articles| news| content| coverage| links| reading| topics)?|more on this( story)?|"
    r"more about this story|further reading|you may also like|more stories|"
    r"lire aussi|à lire aussi|voir aussi|sur le même sujet|mehr zum thema|lesen sie auch|ver también|leggi anche|"
    r"相关新闻|相关链接|相关阅读|関連記事|관련기사"
)
_EXTERNAL_WORDS = (
    r"(related )?internet links|external links|related (web )?sites|on the web|elsewhere on the web|useful links|"
    r"other sites|liens externes|externe links|enlaces externos"
)
RELATED_HEADING = re.compile(rf"^({_RELATED_WORDS})\s*[:：]?$", re.IGNORECASE)
EXTERNAL_HEADING = re.compile(rf"^({_EXTERNAL_WORDS})\s*[:：]?$", re.IGNORECASE)
#: Either heading in one pattern: ``related`` is set exactly when RELATED_HEADING matches (its
#: branch is tried first, every way), ``external`` when only EXTERNAL_HEADING does.
_LIST_HEADING = re.compile(rf"^(?:(?P<related>{_RELATED_WORDS})|(?P<external>{_EXTERNAL_WORDS}))\s*[:：]?$", re.IGNORECASE)
#: A heading of a list of links is a short line.
MAX_LIST_HEADING_CHARS = 60
#: The first four characters, lower-cased, of every branch of _RELATED_WORDS and
#: _EXTERNAL_WORDS that begins with ASCII ("(related )?internet" with and without its group;
#: checked against the patterns by the tests). A line whose first four characters are ASCII and
#: not one of these in some case is no heading, and is not matched (about one short line in
#: fifteen is asked; with two letters it was one in five).
_HEADING_STARTS = frozenset(
    ["see ", "rela", "more", "furt", "you ", "lire", "voir", "sur ", "mehr", "lese", "ver ", "legg", "inte", "exte", "on t", "else", "usef",
     "othe", "lien", "enla"]
)
#: The same starts in every mix of upper and lower case (a set lookup instead of a lower()).
_HEADING_HEADS = frozenset("".join(chars) for start in _HEADING_STARTS for chars in product(*({c, c.upper()} for c in start)))
#: A link list ends at a block this far (in blocks) from the previous item.
MAX_ITEM_GAP = 3


def parse_list_date(text: str) -> date | None:
    """The date shown next to a listed link (``13 Sep 02``, ``(Aug. 9, 2001)``, ``2002-09-13``)."""
    return parse_short_date(text) if looks_like_date_line(text) else None


def _date_and_section(text: str) -> tuple[date | None, str | None]:
    day = parse_list_date(text)
    section = None
    if "|" in text:
        parts = [p.strip() for p in text.split("|") if p.strip()]
        rest = [p for p in parts if parse_list_date(p) is None]
        section = rest[-1] if rest else None
    return day, section


#: A section label beside a listed link is at most this long.
MAX_LABEL_CHARS = 40


def _label_near(block: Block, title: str) -> str | None:
    """A short label set apart beside a listed link (a "kicker" span naming its section)."""
    for el in block.element.iter():
        if el is block.element or not isinstance(el.tag, str) or el.tag in ("a", "time") or next(el.iter("a"), None) is not None:
            continue
        text = collapse(el.text_content())
        if text and text != title and len(text) <= MAX_LABEL_CHARS and parse_list_date(text) is None and any(c.isalpha() for c in text):
            return text
    return None


def _is_heading_like(block: Block) -> bool:
    return bool(block.heading or block.bold) and block.link_density < 0.5 and len(block.text) < 80


def _list_scope(heading: Block, following: list[Block]) -> HtmlElement | None:
    """The element that holds a list: the nearest ancestor of its heading that also holds the
    first item after it. Items outside it belong to something else (a tool bar, a footer)."""
    first = next((b for b in following[:MAX_ITEM_GAP] if b.links), None)
    if first is None:
        return None
    mine = set(first.element.iterancestors()) | {first.element}
    el: HtmlElement | None = heading.element
    while el is not None and el not in mine:
        el = el.getparent()
    return el


def _inside(el: HtmlElement, scope: HtmlElement) -> bool:
    return el is scope or any(a is scope for a in el.iterancestors())


def _list_after(blocks: list[Block], start: int, base_url: str | None, *, skip: set[str]) -> list[Link]:
    """The links listed after the heading block at ``start``, with their dates and sections."""
    links: list[Link] = []
    pending: tuple[date | None, str | None] = (None, None)
    last = start
    scope = _list_scope(blocks[start], blocks[start + 1 : start + 1 + MAX_ITEM_GAP])
    if scope is None:
        return links
    for block in islice(blocks, start + 1, None):  # no copy of the rest of the page per heading
        if block.index - last > MAX_ITEM_GAP or not _inside(block.element, scope):
            break
        if _list_heading(block.text) is not None:
            break
        if _is_heading_like(block) and not block.links:
            break
        if not block.links:
            day, section = _date_and_section(block.text)
            if day is not None:
                pending = (day, section)
                last = block.index
                continue
            break  # a line of prose (a disclaimer, a promo) ends the list
        for href, title in block.links:
            url = absolute(href, base_url)
            if not url or not title or url in skip:
                continue
            day, section = pending
            if day is None:
                outside = block.text.replace(title, " ")
                day, section = _date_and_section(outside)
            if section is None:
                section = _label_near(block, title)
            links.append(Link(title=title, url=url, date=day, section=section))
            skip.add(url)
        pending = (None, None)
        last = block.index
    return links


def _list_heading(text: str) -> re.Match[str] | None:
    """:data:`_LIST_HEADING`'s match of a line (RELATED_HEADING's or EXTERNAL_HEADING's),
    asked only when the line's first four characters can start one."""
    head = text[:4]
    if head not in _HEADING_HEADS and head.isascii():
        return None
    return _LIST_HEADING.match(text)


def list_headings(blocks: list[Block]) -> list[tuple[int, bool]]:
    """The blocks that head a list of links, in order: (position in ``blocks``, whether it is a
    related-stories heading rather than an external-links one). One pattern call per short line
    for both kinds; the region's sidebar and the link lists both start from these."""
    headings: list[tuple[int, bool]] = []
    for i, block in enumerate(blocks):
        text = block.text
        if len(text) > MAX_LIST_HEADING_CHARS:
            continue
        head = text[:4]
        # An ASCII character matches a letter case-insensitively only as itself in either case.
        if head not in _HEADING_HEADS and head.isascii():
            continue
        if match := _LIST_HEADING.match(text):
            headings.append((i, match.group("related") is not None))
    return headings


def related_and_external(
    blocks: list[Block],
    base_url: str | None,
    page_url: str | None,
    body_blocks: list[Block],
    headings: list[tuple[int, bool]] | None = None,
) -> tuple[list[Link], list[Link]]:
    """(related links, external links) of the page. ``headings``: :func:`list_headings` of
    ``blocks``, when the caller has it already."""
    related: list[Link] = []
    external: list[Link] = []
    seen: set[str] = set()
    for i, is_related in list_headings(blocks) if headings is None else headings:
        (related if is_related else external).extend(_list_after(blocks, i, base_url, skip=seen))
    external_to_page = external_test(page_url)
    for block in body_blocks:
        for href, title in block.links:
            url = absolute(href, base_url)
            if url and title and url not in seen and external_to_page(url):
                external.append(Link(title=title, url=url))
                seen.add(url)
    return related, external


def links_in(el: HtmlElement, base_url: str | None) -> list[Link]:
    """Every titled link inside ``el`` (for a box whose names say "related")."""
    out = []
    for a in el.iter("a"):
        url = absolute(a.get("href"), base_url)
        title = a.text_content()
        if url and title.strip():
            out.append(Link(title=title, url=url))
    return out
