"""Plain ``<meta name>`` tags of early-2000s content systems and their descendants, plus the
generic HTML signals (``<link rel=canonical>``, ``<html lang>``, Content-Language).

Archived pages from 1998-2012 rarely carry OpenGraph or JSON-LD but their CMSs wrote their own
tags: ``Headline``, ``OriginalPublicationDate`` (``2002/09/24 19:45:02``), ``Section``,
``UKFS_URL``/``IFS_URL`` (site-relative story URLs), ``byl`` ("By ..."), ``DISPLAYDATE``,
``article_date_original``, and analytics tags (``sailthru.*``, ``parsely-*``) that happen to be
precise. Sources are named ``meta:<Name>`` so ``Article.published_from`` tells the user which.
"""

from __future__ import annotations

import re

from .base import Candidate, MetaRule, Page, RuleTable, dedupe, read_rules, text_candidate

# (key as pages usually write it, field, weight, kind). The key is matched lower-cased.
_TABLE: tuple[tuple[str, str, float, str], ...] = (
    ("Headline", "headline", 0.72, "text"),
    ("citation_title", "headline", 0.7, "text"),
    ("fb_title", "headline", 0.7, "text"),
    ("sailthru.title", "headline", 0.65, "text"),
    ("parsely-title", "headline", 0.75, "text"),
    ("OriginalPublicationDate", "published", 0.85, "date"),
    ("citation_publication_date", "published", 0.75, "date"),
    ("citation_date", "published", 0.7, "date"),
    ("citation_online_date", "published", 0.65, "date"),
    ("article_date_original", "published", 0.8, "date"),
    ("parsely-pub-date", "published", 0.82, "date"),
    ("sailthru.date", "published", 0.75, "date"),
    ("pubdate", "published", 0.72, "date"),
    ("publishdate", "published", 0.72, "date"),
    ("publish-date", "published", 0.72, "date"),
    ("publish_date", "published", 0.72, "date"),
    ("publication_date", "published", 0.72, "date"),
    ("publication-date", "published", 0.72, "date"),
    ("pub_date", "published", 0.7, "date"),
    ("original-publish-date", "published", 0.75, "date"),
    ("article.published", "published", 0.72, "date"),
    ("article:published", "published", 0.72, "date"),
    ("datepublished", "published", 0.75, "date"),
    ("dcsext.articlefirstpublished", "published", 0.7, "date"),
    ("cxenseparse:recs:publishtime", "published", 0.72, "date"),
    ("DISPLAYDATE", "published", 0.65, "date"),
    ("date", "published", 0.6, "date"),
    ("created", "published", 0.45, "date"),
    ("creation_date", "published", 0.45, "date"),
    ("article_date_updated", "updated", 0.75, "date"),
    ("article.updated", "updated", 0.7, "date"),
    ("datemodified", "updated", 0.7, "date"),
    ("last-modified", "updated", 0.55, "date"),
    ("lastmod", "updated", 0.55, "date"),
    ("revised", "updated", 0.5, "date"),
    ("Section", "section", 0.65, "text"),
    ("parsely-section", "section", 0.7, "text"),
    ("CPS_SECTION_PATH", "section", 0.5, "text"),
    ("article-section", "section", 0.6, "text"),
    ("category", "section", 0.4, "text"),
    ("byl", "authors", 0.75, "text"),
    ("byline", "authors", 0.7, "text"),
    ("citation_author", "authors", 0.7, "text"),
    ("cxenseparse:author", "authors", 0.65, "text"),
    ("author_name", "authors", 0.65, "text"),
    ("author", "authors", 0.65, "text"),
    ("parsely-author", "authors", 0.75, "text"),
    ("sailthru.author", "authors", 0.7, "text"),
    ("Description", "summary", 0.65, "text"),
    ("UKFS_URL", "url", 0.35, "url"),
    ("IFS_URL", "url", 0.3, "url"),
    ("THUMBNAIL_URL", "image", 0.5, "url"),
    ("thumbnail", "image", 0.45, "url"),
    ("application-name", "site_name", 0.5, "text"),
    ("CPS_SITE_NAME", "site_name", 0.6, "text"),
    ("keywords", "keywords", 0.5, "list"),
    ("news_keywords", "keywords", 0.6, "list"),
    ("parsely-tags", "keywords", 0.55, "list"),
    ("content-language", "language", 0.55, "text"),
    ("language", "language", 0.5, "text"),
)

RULES: tuple[MetaRule, ...] = tuple(MetaRule(key.lower(), field, weight, f"meta:{key}", kind) for key, field, weight, kind in _TABLE)
#: RULES indexed by key, made once.
_RULE_TABLE = RuleTable(RULES)

# Generic keyword lists that describe the site, not the story (e.g. "BBC, News, BBC News, ...").
_SITE_KEYWORDS = re.compile(r"^(?:news|online|world|international|home|service)$", re.IGNORECASE)


def _keywords_are_generic(values: list[str]) -> bool:
    """A keywords list that is mostly generic site words is site boilerplate, not the story's."""
    if not values:
        return False
    generic = sum(1 for v in values if _SITE_KEYWORDS.match(v) or " " not in v and v.islower())
    return generic / len(values) >= 0.5


def read(page: Page, skip: frozenset[str] = frozenset()) -> list[Candidate]:
    """Legacy meta-tag candidates, canonical link, page language (but for the fields in ``skip``)."""
    out = read_rules(page, _RULE_TABLE, skip)
    kws = [c for c in out if c.field == "keywords" and c.source == "meta:keywords"]
    if _keywords_are_generic([c.value for c in kws]):
        out = [c for c in out if not (c.field == "keywords" and c.source == "meta:keywords")]
    extra: list[Candidate | None] = []
    if "url" not in skip:
        for href in page.links.get("canonical", ())[:1]:
            extra.append(text_candidate("url", page.absolute(href), "link:canonical", 0.9))
    if "image" not in skip:
        for href in page.links.get("image_src", ())[:1]:
            extra.append(text_candidate("image", page.absolute(href), "link:image_src", 0.5))
    if "language" not in skip:
        extra.append(text_candidate("language", page.lang, "html:lang", 0.7))
    return dedupe([*out, *extra])
