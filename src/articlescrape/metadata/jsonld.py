"""schema.org JSON-LD: the richest metadata modern news pages carry.

Reads ``NewsArticle``/``Article``/``BlogPosting``… nodes wherever they sit (top level, lists,
``@graph``, ``mainEntity``), with nested ``author``/``publisher`` objects. The blocks were
already decoded tolerantly when the :class:`~.base.Page` was built (broken JSON never raises).
The first article node is trusted most: later ones are usually related stories in a list.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import Any

from .base import Candidate, Page, dedupe, machine_date_candidate, text_candidate

SOURCE = "json-ld"

_ARTICLE_TYPES = frozenset(
    {
        "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
        "backgroundnewsarticle", "reviewnewsarticle", "askpublicnewsarticle", "blogposting",
        "liveblogposting", "socialmediaposting", "report", "scholarlyarticle", "techarticle",
        "satiricalarticle", "advertisercontentarticle", "medicalscholarlyarticle", "review",
    }
)
_PAGE_TYPES = frozenset({"webpage", "itempage", "collectionpage", "medicalwebpage", "aboutpage"})
_ORG_TYPES = frozenset({"organization", "newsmediaorganization", "corporation", "website", "brand"})
_MAX_DEPTH = 6
_MAX_NODES = 500


def _types(node: dict[str, Any]) -> set[str]:
    raw = node.get("@type")
    items = raw if isinstance(raw, list) else [raw]
    out: set[str] = set()
    for t in items:
        if isinstance(t, str):
            out.add(t.rsplit("/", 1)[-1].rsplit(":", 1)[-1].strip().lower())
    return out


def iter_nodes(value: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every dict in a JSON-LD value, breadth before depth within one level, bounded."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(value, list):
        for item in value[:_MAX_NODES]:
            yield from iter_nodes(item, depth + 1)
    elif isinstance(value, dict):
        yield value
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement", "item", "hasPart"):
            child = value.get(key)
            if isinstance(child, (list, dict)):
                yield from iter_nodes(child, depth + 1)


def _first_str(value: Any) -> str | None:
    """A string from a value that may be a string, a list of them, or a ``{"@value"|"name"}`` object.
    HTML entities are decoded: CMSs often put escaped HTML text into JSON-LD ("&#8211;")."""
    if isinstance(value, str):
        return html.unescape(value) if "&" in value else value
    if isinstance(value, list):
        for item in value:
            s = _first_str(item)
            if s:
                return s
    if isinstance(value, dict):
        for key in ("@value", "name", "url", "@id", "contentUrl"):
            s = value.get(key)
            if isinstance(s, str):
                return html.unescape(s) if "&" in s else s
    return None


def _strs(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for item in value for s in _strs(item)]
    if isinstance(value, dict):
        s = _first_str(value)
        return [s] if s else []
    return []


def _people(value: Any) -> list[str]:
    """Author names: Person objects and plain strings; Organizations are not people."""
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        if isinstance(item, str):
            out.append(html.unescape(item))
        elif isinstance(item, dict):
            if _types(item) & _ORG_TYPES:
                continue
            name = item.get("name")
            if isinstance(name, list):
                name = _first_str(name)
            if isinstance(name, str):
                out.append(html.unescape(name))
            elif isinstance(item.get("givenName"), str):
                out.append(f"{item.get('givenName')} {item.get('familyName') or ''}".strip())
    return out


def _node_candidates(node: dict[str, Any], page: Page, boost: float, skip: frozenset[str] = frozenset()) -> list[Candidate | None]:
    out: list[Candidate | None] = []
    w = boost
    if "headline" not in skip:
        out.append(text_candidate("headline", _first_str(node.get("headline")), SOURCE, 0.9 * w))
        if "headline" not in node:
            out.append(text_candidate("headline", _first_str(node.get("name")), SOURCE, 0.6 * w))
    if "published" not in skip:
        out.append(machine_date_candidate("published", _first_str(node.get("datePublished")), SOURCE, 0.9 * w))
        out.append(machine_date_candidate("published", _first_str(node.get("dateCreated")), SOURCE, 0.6 * w))
    if "updated" not in skip:
        out.append(machine_date_candidate("updated", _first_str(node.get("dateModified")), SOURCE, 0.85 * w))
    if "authors" not in skip:
        for name in _people(node.get("author")) + _people(node.get("creator")):
            out.append(text_candidate("authors", name, SOURCE, 0.85 * w))
    if "section" not in skip:
        for section in _strs(node.get("articleSection")):
            out.append(text_candidate("section", section, SOURCE, 0.75 * w))
    if "summary" not in skip:
        out.append(text_candidate("summary", _first_str(node.get("description")), SOURCE, 0.8 * w))
    if "language" not in skip:
        out.append(text_candidate("language", _first_str(node.get("inLanguage")), SOURCE, 0.8 * w))
    if "url" not in skip:
        url = _first_str(node.get("url")) or _first_str(node.get("mainEntityOfPage"))
        out.append(text_candidate("url", page.absolute(url) if url else None, SOURCE, 0.75 * w))
    if "image" not in skip:
        out.append(text_candidate("image", page.absolute(_first_str(node.get("image")) or _first_str(node.get("thumbnailUrl"))), SOURCE, 0.8 * w))
    publisher = node.get("publisher")
    if isinstance(publisher, dict) and "site_name" not in skip:
        out.append(text_candidate("site_name", _first_str(publisher.get("name")), SOURCE, 0.8 * w))
    if "keywords" not in skip:
        keywords = node.get("keywords")
        kw = [k.strip() for s in _strs(keywords) for k in (s.split(",") if isinstance(keywords, str) else [s])]
        out.extend(text_candidate("keywords", k, SOURCE, 0.6 * w) for k in kw if k)
    return out


def read(page: Page, skip: frozenset[str] = frozenset()) -> list[Candidate]:
    """Candidates from every article-like JSON-LD node (but for the fields in ``skip``); site
    name from WebSite/Organization."""
    out: list[Candidate | None] = []
    articles_seen = 0
    for top in page.ld:
        for node in iter_nodes(top):
            types = _types(node)
            if types & _ARTICLE_TYPES:
                # The page's own story is the first article node; later ones are lists of others.
                boost = 1.0 if articles_seen == 0 else 0.5
                articles_seen += 1
                out.extend(_node_candidates(node, page, boost, skip))
            elif types & _PAGE_TYPES:
                out.extend(c for c in _node_candidates(node, page, 0.7, skip) if c is not None and c.field != "headline")
                if "headline" not in skip:
                    out.append(text_candidate("headline", _first_str(node.get("headline")), SOURCE + ":webpage", 0.6))
            elif types & _ORG_TYPES and ("website" in types or "newsmediaorganization" in types) and "site_name" not in skip:
                out.append(text_candidate("site_name", _first_str(node.get("name")), SOURCE, 0.6))
    return dedupe(out)
