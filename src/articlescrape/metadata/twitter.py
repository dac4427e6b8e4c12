"""Twitter (X) card tags: a fallback source of headline, summary and image.

``twitter:creator`` and ``twitter:site`` are usually ``@handles``, not names; the handle form is
dropped by the author normaliser. Cards may also carry "Written by" in a ``label1``/``data1``
pair, which is a real byline.
"""

from __future__ import annotations

from .base import Candidate, MetaRule, Page, RuleTable, read_rules, text_candidate

SOURCE = "twitter"

RULES: tuple[MetaRule, ...] = (
    MetaRule("twitter:title", "headline", 0.7, SOURCE),
    MetaRule("twitter:text:title", "headline", 0.65, SOURCE),
    MetaRule("twitter:description", "summary", 0.65, SOURCE),
    MetaRule("twitter:image", "image", 0.7, SOURCE, "url"),
    MetaRule("twitter:image:src", "image", 0.7, SOURCE, "url"),
    MetaRule("twitter:url", "url", 0.6, SOURCE, "url"),
    MetaRule("twitter:creator", "authors", 0.4, SOURCE),
)

#: RULES indexed by key, made once.
_RULE_TABLE = RuleTable(RULES)


def read(page: Page, skip: frozenset[str] = frozenset()) -> list[Candidate]:
    """Twitter card candidates (but for the fields in ``skip``); a "Written by" label pair
    becomes an author."""
    out = read_rules(page, _RULE_TABLE, skip)
    if "authors" in skip:
        return out
    for i in (1, 2, 3):
        labels = page.meta.get(f"twitter:label{i}", ())
        data = page.meta.get(f"twitter:data{i}", ())
        if labels and data and labels[0].strip().lower() in ("written by", "author", "by"):
            c = text_candidate("authors", data[0], SOURCE, 0.6)
            if c is not None:
                out.append(c)
    return out
