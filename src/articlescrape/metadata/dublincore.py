"""Dublin Core (``DC.*``, ``dc:*``, ``dcterms.*``): common on 2000s CMSs, libraries and
government/academic news sites. Keys are matched case-insensitively with either ``.`` or ``:``
after the prefix, as pages write both.
"""

from __future__ import annotations

from .base import Candidate, MetaRule, Page, RuleTable, read_rules

SOURCE = "dublin-core"

_FIELDS: tuple[tuple[str, str, float, str], ...] = (
    ("title", "headline", 0.65, "text"),
    ("creator", "authors", 0.65, "text"),
    ("contributor", "authors", 0.4, "text"),
    ("date.issued", "published", 0.75, "date"),
    ("issued", "published", 0.75, "date"),
    ("date.created", "published", 0.6, "date"),
    ("created", "published", 0.6, "date"),
    ("date.available", "published", 0.55, "date"),
    ("date", "published", 0.6, "date"),
    ("date.modified", "updated", 0.7, "date"),
    ("modified", "updated", 0.7, "date"),
    ("description", "summary", 0.6, "text"),
    ("abstract", "summary", 0.6, "text"),
    ("language", "language", 0.6, "text"),
    ("subject", "keywords", 0.5, "list"),
    ("identifier", "url", 0.4, "url"),
    ("source", "url", 0.3, "url"),
    ("publisher", "site_name", 0.5, "text"),
    ("type", "genre", 0.3, "text"),
)

RULES: tuple[MetaRule, ...] = tuple(
    MetaRule(f"{prefix}{sep}{name}", field, weight, SOURCE, kind)
    for prefix in ("dc", "dcterms")
    for sep in (".", ":")
    for name, field, weight, kind in _FIELDS
)

#: RULES indexed by key, made once.
_RULE_TABLE = RuleTable(RULES)


def read(page: Page, skip: frozenset[str] = frozenset()) -> list[Candidate]:
    """Dublin Core candidates (but for the fields in ``skip``); identifiers that are not URLs
    are ignored."""
    return [c for c in read_rules(page, _RULE_TABLE, skip) if c.field != "url" or "/" in c.value]
