"""OpenGraph (``og:*``) and its ``article:*`` namespace: present on most pages since ~2011.

``og:title`` is often a shorter "social" headline than the story's, so it is weighted below
JSON-LD ``headline``; ``article:published_time`` is among the most reliable dates a page offers.
``article:author`` is frequently a profile URL rather than a name; URLs are dropped later by
the author normaliser.
"""

from __future__ import annotations

from .base import Candidate, MetaRule, Page, RuleTable, read_rules

SOURCE = "opengraph"

RULES: tuple[MetaRule, ...] = (
    MetaRule("og:title", "headline", 0.8, SOURCE),
    MetaRule("og:description", "summary", 0.75, SOURCE),
    MetaRule("og:url", "url", 0.8, SOURCE, "url"),
    MetaRule("og:image", "image", 0.8, SOURCE, "url"),
    MetaRule("og:image:url", "image", 0.75, SOURCE, "url"),
    MetaRule("og:image:secure_url", "image", 0.7, SOURCE, "url"),
    MetaRule("og:site_name", "site_name", 0.85, SOURCE),
    MetaRule("og:locale", "language", 0.6, SOURCE),
    MetaRule("article:published_time", "published", 0.88, SOURCE, "date"),
    MetaRule("og:article:published_time", "published", 0.85, SOURCE, "date"),
    MetaRule("article:published", "published", 0.8, SOURCE, "date"),
    MetaRule("og:published_time", "published", 0.8, SOURCE, "date"),
    MetaRule("article:modified_time", "updated", 0.85, SOURCE, "date"),
    MetaRule("og:article:modified_time", "updated", 0.8, SOURCE, "date"),
    MetaRule("article:modified", "updated", 0.75, SOURCE, "date"),
    MetaRule("og:updated_time", "updated", 0.65, SOURCE, "date"),
    MetaRule("article:section", "section", 0.8, SOURCE),
    MetaRule("og:article:section", "section", 0.75, SOURCE),
    MetaRule("article:author", "authors", 0.75, SOURCE),
    MetaRule("og:article:author", "authors", 0.7, SOURCE),
    MetaRule("article:tag", "keywords", 0.7, SOURCE),
    MetaRule("og:article:tag", "keywords", 0.65, SOURCE),
)

#: RULES indexed by key, made once.
_RULE_TABLE = RuleTable(RULES)


def read(page: Page, skip: frozenset[str] = frozenset()) -> list[Candidate]:
    """OpenGraph candidates from the page's meta index (but for the fields in ``skip``)."""
    return read_rules(page, _RULE_TABLE, skip)
