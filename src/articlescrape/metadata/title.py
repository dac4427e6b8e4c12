"""The headline inside ``<title>`` (and ``<meta name="title">``): the title minus the site name.

Titles join the headline with the site name and often the section: "BBC NEWS | Business |
Waiters lose tips legal challenge", "Anger grows over RBS chief's bonus | Business | The
Guardian", "Democrats to use Social Security against GOP this fall - CNN.com". The title is split
on the strongest separator present; a segment is the site's when it matches a declared site
name (``og:site_name``, JSON-LD publisher, ``application-name``) or the URL's host; segments equal
to a declared section are dropped; of what remains the headline is the segment that carries the
most words. A headline that itself contains the separator is rejoined when no segment stands out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from ..text import collapse
from .base import Candidate, Page, text_candidate
from .jsonld import iter_nodes

SOURCE = "title"
META_SOURCE = "meta:title"

# Strongest first: " | " is never part of a headline, " - " sometimes is.
_SEPARATORS: tuple[re.Pattern[str], ...] = (
    re.compile(r"\s*\|\s*|\s+\u2016\s+"),
    re.compile(r"\s+::\s+|\s+//\s+"),
    re.compile(r"\s+[\u2014\u2013]\s+|\s+--\s+"),
    re.compile(r"\s+-\s+"),
    re.compile(r"\s+[\u00bb\u00ab\u203a\u2039\u00b7\u2022~]\s+"),
    re.compile(r"\s*[\uff5c\u2014]{1,2}\s*|_{1,2}(?=[^\s_])"),  # CJK titles: 标题｜网站 / 标题_网站
)
#: For each separator, characters one of which every match of it holds: a title without any of
#: them is not split there (a substring test instead of a regex split and collapse).
_SEPARATOR_MARKS: tuple[str, ...] = ("|\u2016", ":/", "\u2014\u2013-", "-", "\u00bb\u00ab\u203a\u2039\u00b7\u2022~", "\uff5c\u2014_")
_SITE_LABEL = re.compile(r"^([^:|]{2,40}?)\s*:\s+(.{8,})$")
_JOINERS = (" | ", " :: ", " \u2014 ", " - ", " \u00b7 ", " ")
_ALNUM = re.compile(r"[\W_]+", re.UNICODE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
#: Separators a headline may itself contain: only the ends of the title are trimmed.
_WEAK = frozenset({2, 3, 5})
_HOST_NOISE = frozenset({"www", "news", "com", "co", "org", "net", "uk", "au", "de", "fr", "es", "it", "nl", "cn", "edu", "gov", "m", "amp", "blogs", "online"})


def _norm(text: str) -> str:
    return _ALNUM.sub("", text.casefold())


def host_tokens(url: str | None) -> set[str]:
    """Distinctive words of the URL's host ("news.bbc.co.uk" → {"bbc"})."""
    if not url:
        return set()
    host = (urlsplit(url).hostname or "").lower()
    return {part for part in host.split(".") if len(part) >= 3 and part not in _HOST_NOISE}


def site_names(page: Page) -> set[str]:
    """Site names the page declares, normalised (letters and digits only, case-folded)."""
    names = page.get("og:site_name", "application-name", "cps_site_name", "twitter:site", "publisher", "dc.publisher")
    for top in page.ld:
        for node in iter_nodes(top):
            pub = node.get("publisher")
            if isinstance(pub, dict) and isinstance(pub.get("name"), str):
                names.append(pub["name"])
    return {key for key in (_norm(n.lstrip("@")) for n in names) if key}


def _is_site(segment: str, sites: set[str], hosts: set[str]) -> bool:
    n = _norm(segment)
    if not n:
        return True
    if n in sites or any(s and (s in n or n in s) and len(n) <= len(s) + 12 for s in sites):
        return True
    # "BBC NEWS", "CNN.com", "theage.com.au", "The Guardian": contains a host word and is short.
    return any(h in n for h in hosts) and len(segment.split()) <= 4


def _size(text: str) -> float:
    """Length in words; CJK text has no spaces, so two characters count as a word."""
    if _CJK.search(text) is None:  # most titles: no CJK character to count
        return float(len(text.split()))
    cjk = len(_CJK.findall(text))
    return len(text.split()) + cjk / 2 - (1 if cjk and " " not in text else 0)


def _split(sep_i: int, text: str) -> list[str]:
    """The non-empty segments of ``text`` between matches of separator ``sep_i``, collapsed;
    fewer than two when that separator does not split ``text``."""
    if not any(mark in text for mark in _SEPARATOR_MARKS[sep_i]):
        return []
    return [p for p in (collapse(x) for x in _SEPARATORS[sep_i].split(text)) if p]


def split_title(title: str, *, sites: Iterable[str] = (), hosts: Iterable[str] = (), sections: Iterable[str] = ()) -> tuple[str, float]:
    """The headline part of a page title and a confidence (0..1).

    ``sites`` are normalised site names, ``hosts`` host words, ``sections`` section names
    (any case). Confidence is high when a site segment was recognised and removed, lower when
    the choice rests only on segment length. With a strong separator (``|``, ``::``) the
    segments are independent and the most wordy one is the headline; with a dash, which
    headlines use too, only the ends are trimmed and the middle is kept whole.
    """
    title = collapse(title)
    site_set, host_set = set(sites), set(hosts)
    section_set = {key for key in map(_norm, sections) if key}
    site_label = _SITE_LABEL.match(title)
    if site_label and _is_site(site_label.group(1), site_set, host_set):
        # "Bayport Ledger: Great Lakes shipping squeezed": a colon is a headline's own
        # punctuation ("Iraq: the aftermath") unless what precedes it is the site's name.
        return split_title(site_label.group(2), sites=sites, hosts=hosts, sections=sections)[0], 0.75
    for sep_i, sep in enumerate(_SEPARATORS):
        parts = _split(sep_i, title)
        if len(parts) < 2:
            continue
        joiner = _JOINERS[sep_i]
        if sep_i in _WEAK:
            return _trim_ends(parts, joiner, site_set, host_set, section_set)
        kept = [p for p in parts if not _is_site(p, site_set, host_set)]
        removed_site = len(kept) < len(parts)
        if not kept:
            return title, 0.4
        no_sections = [p for p in kept if _norm(p) not in section_set]
        if no_sections:
            kept = no_sections
        if len(kept) == 1:
            return kept[0], 0.78 if removed_site else 0.6
        by_size = sorted(kept, key=_size, reverse=True)
        longest, second = by_size[0], by_size[1]
        if _size(longest) >= 2 * _size(second) or (removed_site and _size(second) <= 2):
            return longest, 0.7 if removed_site else 0.55
        if not removed_site:
            return _trim_ends(parts, joiner, site_set, host_set, section_set)
        return joiner.join(kept), 0.45
    return title, 0.55


def _trim_ends(parts: list[str], joiner: str, sites: set[str], hosts: set[str], sections: set[str]) -> tuple[str, float]:
    """Drop site and section segments from both ends; with none recognised, drop one short end
    segment (a site name is short and sits at an end); keep the middle joined."""
    lo, hi = 0, len(parts)
    removed = False
    while hi - lo > 1 and (_is_site(parts[lo], sites, hosts) or _norm(parts[lo]) in sections):
        lo, removed = lo + 1, True
    while hi - lo > 1 and (_is_site(parts[hi - 1], sites, hosts) or _norm(parts[hi - 1]) in sections):
        hi, removed = hi - 1, True
    if removed:
        # "The Euro Herald - Business - Headline": a one- or two-word segment right next to the
        # removed site name, before a long segment, is a section the page did not declare.
        if lo > 0 and hi - lo > 1 and _size(parts[lo]) <= 2 and _size(parts[hi - 1]) >= 4:
            lo += 1
        elif hi < len(parts) and hi - lo > 1 and _size(parts[hi - 1]) <= 2 and _size(parts[lo]) >= 4:
            hi -= 1
        return joiner.join(parts[lo:hi]), 0.75 if hi - lo == 1 else 0.6
    first, last = _size(parts[0]), _size(parts[-1])
    if last <= 3 and first > last:
        return joiner.join(parts[:-1]), 0.5
    if first <= 3 and last > first:
        return joiner.join(parts[1:]), 0.5
    return joiner.join(parts), 0.45


def strip_site(text: str, *, sites: Iterable[str] = (), hosts: Iterable[str] = ()) -> str:
    """A declared headline (og:title, JSON-LD) without a site name glued to either end
    ("... - VG247"). Unlike :func:`split_title`, nothing is removed unless recognised."""
    site_set, host_set = set(sites), set(hosts)
    if not site_set and not host_set:
        return text
    site_label = _SITE_LABEL.match(text)
    if site_label and _is_site(site_label.group(1), site_set, host_set):
        return site_label.group(2)
    for sep_i in range(len(_SEPARATORS)):
        parts = _split(sep_i, text)
        if len(parts) < 2:
            continue
        lo, hi = 0, len(parts)
        while hi - lo > 1 and _is_site(parts[hi - 1], site_set, host_set):
            hi -= 1
        while hi - lo > 1 and _is_site(parts[lo], site_set, host_set):
            lo += 1
        if (lo, hi) != (0, len(parts)):
            return _JOINERS[sep_i].join(parts[lo:hi])
    return text


def read(page: Page, *, sites: set[str] | None = None, hosts: set[str] | None = None) -> list[Candidate]:
    """The headline from ``<title>`` and from ``<meta name="title">``, site name removed.
    ``sites`` and ``hosts`` are :func:`site_names` and :func:`host_tokens` of the page when
    the caller has them already."""
    sites = site_names(page) if sites is None else sites
    hosts = host_tokens(page.url) if hosts is None else hosts
    sections = page.get("section", "article:section", "cps_section_path", "parsely-section")
    out: list[Candidate] = []
    for text, source in ((page.title, SOURCE), *((t, META_SOURCE) for t in page.get("title")[:1])):
        if not text:
            continue
        headline, confidence = split_title(text, sites=sites, hosts=hosts, sections=sections)
        c = text_candidate("headline", headline, source, round(confidence * (1.0 if source == SOURCE else 0.85), 4))
        if c is not None:
            out.append(c)
    return out
