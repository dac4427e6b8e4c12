"""Stage 3: undo what a web archive did to a page it replays.

A Wayback Machine page in view mode ("toolbar mode") is the original page plus the archive's
toolbar, scripts and comments, with every link rewritten to point into the archive. Here the
additions are removed and every rewritten URL (``/web/2002.../http://...``,
``https://web.archive.org/web/...``, ``http:/host`` squashed forms) is turned back into the
original URL, so images, related links and the Article's ``url`` name the original site.
The page itself says it is a replay (toolbar markers, the playback script's arguments, the
"FILE ARCHIVED ON" comment), so this works on a saved file with no URL at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from .edit import drop_keeping_tail, set_attribute
from .wayback import CaptureRef, parse_capture_url, repair_original, timestamp_to_datetime

#: Attributes that hold one URL.
URL_ATTRIBUTES = ("href", "src", "action", "background", "longdesc", "cite", "data", "poster", "lowsrc", "dynsrc", "codebase", "data-src", "data-href", "formaction", "manifest", "profile", "usemap")
#: ``<meta>`` whose ``content`` is a URL (or ends in one, for refresh).
_META_URL_NAMES = frozenset({"og:url", "og:image", "twitter:image", "twitter:url", "refresh", "ukfs_url", "ifs_url", "url", "original-source", "syndication-source"})
_TOOLBAR_IDS = ("wm-ipp-base", "wm-ipp", "wm-ipp-print", "wm-ipp-inside", "donato", "wm-capinfo", "wm-btns", "wm-logo")
_ARCHIVE_SCRIPT = re.compile(r"__wm\.|archive_analytics|_wm\.|wombat|WB_wombat|bundle-playback|/_static/js/|archive\.org/includes/|wayback", re.IGNORECASE)
_ARCHIVE_STYLESHEET = re.compile(r"/_static/css/|banner-styles|iconochive", re.IGNORECASE)
_ARCHIVE_COMMENT = re.compile(r"WAYBACK TOOLBAR INSERT|End Wayback Rewrite JS Include|FILE ARCHIVED ON|playback timings|JAVASCRIPT APPENDED BY WAYBACK MACHINE|INTERNET ARCHIVE", re.IGNORECASE)
#: What every marker of _ARCHIVE_COMMENT holds, in some case (see _is_archive_comment).
_ARCHIVE_COMMENT_WORDS = ("back", "archive")
if not all(any(word in marker.lower() for word in _ARCHIVE_COMMENT_WORDS) for marker in _ARCHIVE_COMMENT.pattern.split("|")):
    raise RuntimeError("an archive comment marker lacks every _ARCHIVE_COMMENT_WORDS: extend them")
#: The markers of _ARCHIVE_COMMENT, lower-cased: each is plain ASCII letters and spaces, so an ASCII text
#: is an archive comment exactly when its lower-cased form holds one (the compiled scan's test).
_ARCHIVE_COMMENT_MARKERS = tuple(marker.lower() for marker in _ARCHIVE_COMMENT.pattern.split("|"))
if not all(re.fullmatch("[a-z ]+", marker) for marker in _ARCHIVE_COMMENT_MARKERS):
    raise RuntimeError("an archive comment marker is not a plain ASCII literal: the scan's words must change")
_WOMBAT_CALL = re.compile(r"""__wm\.wombat\(\s*["'](?P<url>[^"']+)["']\s*,\s*["'](?P<ts>\d{1,14})["']""")
_ARCHIVED_ON = re.compile(r"FILE ARCHIVED ON (?P<when>\d{1,2}:\d{2}:\d{2} \w{3} \d{1,2}, \d{4}) AND RETRIEVED", re.IGNORECASE)
_CSS_URL = re.compile(r"""url\(\s*(['"]?)(?P<url>[^'")]+)\1\s*\)""")
_META_REFRESH = re.compile(r"^(?P<head>\s*\d+\s*;\s*url\s*=\s*['\"]?)(?P<url>[^'\"]+)", re.IGNORECASE)
_REWRITTEN = re.compile(r"^/web/\d{1,14}([a-z]{2}_)?/(https?|ftp):/", re.IGNORECASE)
DEFAULT_ARCHIVE = "https://web.archive.org"


@dataclass(frozen=True, slots=True)
class CaptureInfo:
    """What the page itself says about the capture it is (toolbar-mode replays say a lot)."""

    original_url: str | None
    capture_url: str | None
    timestamp: datetime | None


def undo_archive(root: HtmlElement, url: str | None, *, may_be_replay: bool | None = None) -> CaptureInfo | None:
    """Strip an archive's toolbar and un-rewrite links in place; describe the capture, if any.

    Returns None for a page that is not an archive replay (and leaves it untouched: a live
    page may link to archived pages on purpose). ``may_be_replay``, when the caller has it, is
    what :func:`_may_be_replay` answers for ``root`` (the pipeline's metadata index walk makes
    that test on its way, see :meth:`articlescrape.metadata.Page.build_noting_replay`); None:
    the test is made here."""
    from_url = capture_in_address(url)
    if from_url is None and not (_may_be_replay(root) if may_be_replay is None else may_be_replay):
        return None  # nearly every live page: one pass in C, no per-query scans
    from_page = _capture_from_page(root)
    rewritten = _has_relative_rewrites(root)
    if from_url is None and from_page is None and not _has_toolbar(root) and not rewritten:
        return None
    strip_archive_additions(root)
    unrewrite_links(root)
    base = _archive_base(url) if from_url is not None else DEFAULT_ARCHIVE
    return _describe(from_page or from_url, base)


def capture_in_address(url: str | None) -> CaptureRef | None:
    """The capture ``url`` names when it is an archive's capture address (any host, the
    unmistakable ``/web/<timestamp>/<scheme>:/...`` shape), else None. Every such address holds
    ``/web/`` in some case (``parse_capture_url`` reads its path from there): a substring test
    answers most addresses without the parse."""
    if not url or "/web/" not in url.lower():
        return None
    return parse_capture_url(url, any_host=True)


def replay_scan() -> Any:
    """The compiled :func:`_may_be_replay` (``extractors._walk.ReplayScan``), which the metadata
    index walk can run on its way; False when the Python test is in use."""
    return _REPLAY_SCAN if _REPLAY_SCAN is not None else _load_replay_scan()


def _archive_base(url: str | None) -> str:
    """``scheme://host`` of the archive a capture URL points into."""
    match = re.match(r"^(https?://[^/]+)/web/", url or "", re.IGNORECASE)
    return match[1] if match else DEFAULT_ARCHIVE


def _describe(ref: CaptureRef | None, base: str) -> CaptureInfo:
    if ref is None:
        return CaptureInfo(None, None, None)
    moment = timestamp_to_datetime(ref.timestamp) if len(ref.timestamp) == 14 else None
    capture_url = CaptureRef(ref.timestamp, "", ref.original).url(base) if ref.timestamp else None
    return CaptureInfo(ref.original, capture_url, moment)


# --- Recognising a replay --------------------------------------------------------------

#: Every node that can make a page a replay, found in one pass in C (a superset: each is
#: confirmed in Python): root-relative ``/web/`` links, the toolbar's ids, form and input, the
#: playback script's call, and every comment (tested against :data:`_ARCHIVE_COMMENT`). Without
#: any of them the full tests below would all answer no. One union is measured cheaper than
#: its parts run one by one, and ``/descendant::*/@x`` than ``//@x`` (no text nodes visited).
_REPLAY_HINTS = etree.XPath(
    "/descendant::*/@href[starts-with(., '/web/')] | /descendant::*/@src[starts-with(., '/web/')]"
    " | /descendant::*/@id[starts-with(., 'wm')]"
    " | /descendant::script[contains(., '__wm.wombat')] | /descendant::comment()"
)
#: The ids of a replay's toolbar and its form. They all begin with "wm", which is all the XPath
#: above asks (one string test per id instead of four comparisons); the exact test is made here.
_REPLAY_IDS = frozenset({"wm-ipp-base", "wm-ipp", "wmtb", "wmtbURL"})
if not all(ident.startswith("wm") for ident in _REPLAY_IDS):
    raise RuntimeError("a replay id does not begin with 'wm': widen _REPLAY_HINTS")


def _may_be_replay(root: HtmlElement) -> bool:
    """Whether the page carries any sign of an archive replay (cheap negative test).

    In C when the compiled walker is built (``extractors._walk.ReplayScan``: the hints of
    :data:`_REPLAY_HINTS` found without XPath, each confirmed by the same test below), else
    :func:`_may_be_replay_python`, the reference, with the same answer."""
    scan = _REPLAY_SCAN if _REPLAY_SCAN is not None else _load_replay_scan()
    answer = scan.may_be_replay(root) if scan else None
    return _may_be_replay_python(root) if answer is None else answer


#: The compiled scan, made on first use (the extractors package decides whether the compiled
#: walker is usable); False when the Python test is in use.
_REPLAY_SCAN: Any = None


def _load_replay_scan() -> Any:
    """The compiled :func:`_may_be_replay`, told the literals of :data:`_REPLAY_HINTS`, the
    replay ids and the confirming tests (an id is compared with the ids in C). It hands
    ``_is_archive_comment`` only the comments that are not ASCII: an ASCII one holding none of
    :data:`_ARCHIVE_COMMENT_WORDS`, in any case, it would answer no, and one that holds one is
    answered by the markers (:data:`_ARCHIVE_COMMENT_MARKERS`)."""
    global _REPLAY_SCAN
    from .extractors import blocks

    _REPLAY_SCAN = False if blocks._WALK is None else blocks._WALK.ReplayScan(
        prefix="/web/",
        prefixed_attributes=("href", "src"),
        ids=sorted(_REPLAY_IDS),
        script_marker="__wm.wombat",
        comment_words=_ARCHIVE_COMMENT_WORDS,
        comment_markers=_ARCHIVE_COMMENT_MARKERS,
        rewritten=_REWRITTEN.match,
        archive_comment=_is_archive_comment,
    )
    return _REPLAY_SCAN


def _may_be_replay_python(root: HtmlElement) -> bool:
    """:func:`_may_be_replay` through XPath and lxml's proxies: the reference."""
    for node in _REPLAY_HINTS(root):
        if isinstance(node, str):  # an attribute value
            attribute = getattr(node, "attrname", None)  # lxml's smart strings name their attribute
            if attribute == "id":
                if node in _REPLAY_IDS:
                    return True
            elif attribute not in ("href", "src") or _REWRITTEN.match(node):
                return True
        elif node.tag is etree.Comment:
            if _is_archive_comment(node.text or ""):
                return True
        else:  # a playback script
            return True
    return False


def _is_archive_comment(text: str) -> bool:
    """Whether a comment's text is one an archive adds (``_ARCHIVE_COMMENT``). Every marker
    holds "back" or "archive": ASCII text holding neither, in any case, is answered by two
    substring tests instead of the case-insensitive search (most pages carry dozens of comments)."""
    if text.isascii():
        lowered = text.lower()
        if "back" not in lowered and "archive" not in lowered:  # _ARCHIVE_COMMENT_WORDS
            return False
    return _ARCHIVE_COMMENT.search(text) is not None


def _capture_from_page(root: HtmlElement) -> CaptureRef | None:
    """Original URL and capture time, as the replay's own script, form and comment state them."""
    original, timestamp = None, None
    for script in root.iter("script"):
        match = _WOMBAT_CALL.search(script.text or "")
        if match:
            original, timestamp = repair_original(match["url"]), match["ts"]
            break
    if original is None:
        inputs = root.xpath("//form[@id='wmtb']//input[@name='url']/@value | //input[@id='wmtbURL']/@value")
        original = repair_original(inputs[0]) if inputs else None
        dates = root.xpath("//form[@id='wmtb']//input[@name='date']/@value")
        timestamp = dates[0] if dates and str(dates[0]).isdigit() else timestamp
    if timestamp is None:
        timestamp = _archived_on(root)
    if original is None:
        return None
    return CaptureRef(timestamp or "", "", original)


def _archived_on(root: HtmlElement) -> str | None:
    """The 14-digit capture time from the closing "FILE ARCHIVED ON ..." comment."""
    for comment in _all_comments(root):
        match = _ARCHIVED_ON.search(comment.text or "")
        if match:
            try:
                moment = datetime.strptime(match["when"], "%H:%M:%S %b %d, %Y").replace(tzinfo=timezone.utc)
            except ValueError:
                return None
            return moment.strftime("%Y%m%d%H%M%S")
    return None


def _has_toolbar(root: HtmlElement) -> bool:
    if any(root.xpath(f"//*[@id='{ident}']") for ident in ("wm-ipp-base", "wm-ipp")):
        return True
    return any(_is_archive_comment(c.text or "") for c in _all_comments(root))


def _has_relative_rewrites(root: HtmlElement) -> bool:
    """Root-relative ``/web/<timestamp>/<url>`` links: only an archive's rewriter writes those."""
    values = root.xpath("//@href[starts-with(., '/web/')] | //@src[starts-with(., '/web/')]")
    return any(_REWRITTEN.match(str(value)) for value in values)


def _all_comments(root: HtmlElement) -> list[etree._Comment]:
    comments = list(root.iter(etree.Comment))
    for sibling in (*root.itersiblings(preceding=True), *root.itersiblings()):
        if isinstance(sibling, etree._Comment):
            comments.append(sibling)
    return comments


# --- Removing the additions --------------------------------------------------------------


def strip_archive_additions(root: HtmlElement) -> None:
    """Remove the toolbar, the archive's scripts, stylesheets and comments, in place."""
    _drop_between_toolbar_comments(root)
    for ident in _TOOLBAR_IDS:
        for element in root.xpath(f"//*[@id='{ident}']"):
            drop_keeping_tail(element)
    for script in list(root.iter("script")):
        if _ARCHIVE_SCRIPT.search(script.get("src") or "") or _ARCHIVE_SCRIPT.search(script.text or ""):
            drop_keeping_tail(script)
    for link in list(root.iter("link")):
        if _ARCHIVE_STYLESHEET.search(link.get("href") or ""):
            drop_keeping_tail(link)
    for style in list(root.iter("style")):
        if "#wm-" in (style.text or ""):
            drop_keeping_tail(style)
    for comment in _all_comments(root):
        if _is_archive_comment(comment.text or ""):
            drop_keeping_tail(comment)


def _drop_between_toolbar_comments(root: HtmlElement) -> None:
    """Everything between ``BEGIN`` and ``END WAYBACK TOOLBAR INSERT`` is the archive's."""
    for begin in list(root.iter(etree.Comment)):
        if "BEGIN WAYBACK TOOLBAR INSERT" not in (begin.text or "").upper():
            continue
        doomed = []
        for sibling in begin.itersiblings():
            if isinstance(sibling, etree._Comment) and "END WAYBACK TOOLBAR INSERT" in (sibling.text or "").upper():
                doomed.append(sibling)
                break
            doomed.append(sibling)
        else:
            continue  # no END at this level: leave it to the id- and pattern-based removal
        for element in doomed:
            drop_keeping_tail(element)
        drop_keeping_tail(begin)


# --- Un-rewriting links --------------------------------------------------------------------


def unrewrite_links(root: HtmlElement) -> None:
    """Turn every archive-rewritten URL in the tree back into the original URL, in place.

    Each element's attributes are read in one ``items()`` call instead of one ``get()`` per
    name that may hold a URL (17 of them): the same values, unless the document's DTD declares
    attributes (then ``get()`` may answer with a declared default), where
    :func:`_unrewrite_links_by_name`, the reference, runs."""
    walk = _walk_module()
    if walk is None or walk.declares_attributes(root) is not False:
        _unrewrite_links_by_name(root)
        return
    for element in root.iter(etree.Element):
        for name, value in element.items():
            if name in _URL_ATTRIBUTE_NAMES:
                if value:
                    set_attribute(element, name, _original(value))
            elif name == "srcset":
                if value:
                    set_attribute(element, "srcset", _unrewrite_srcset(value))
            elif name == "style":
                _unrewrite_style(element, value)
        if element.tag == "meta" and element.get("content"):
            _unrewrite_meta(element)


#: :data:`URL_ATTRIBUTES` as a set.
_URL_ATTRIBUTE_NAMES = frozenset(URL_ATTRIBUTES)


def _walk_module() -> Any:
    """The compiled module (``extractors._walk``), or None when it is not in use."""
    from .extractors import blocks

    return blocks._WALK


def _unrewrite_links_by_name(root: HtmlElement) -> None:
    """:func:`unrewrite_links` by one ``get()`` per attribute name: the reference."""
    for element in root.iter(etree.Element):
        for name in URL_ATTRIBUTES:
            value = element.get(name)
            if value:
                set_attribute(element, name, _original(value))
        srcset = element.get("srcset")
        if srcset:
            set_attribute(element, "srcset", _unrewrite_srcset(srcset))
        _unrewrite_style(element, element.get("style"))
        if element.tag == "meta" and element.get("content"):
            _unrewrite_meta(element)


def _unrewrite_style(element: etree._Element, style: str | None) -> None:
    if style and "/web/" in style:
        set_attribute(element, "style", _CSS_URL.sub(lambda m: f"url({m[1]}{_original(m['url'])}{m[1]})", style))


def _original(value: str) -> str:
    ref = capture_in_address(value.strip())  # parse_capture_url(..., any_host=True), skipped without "/web/"
    return ref.original if ref is not None else value


def _unrewrite_srcset(srcset: str) -> str:
    parts = []
    for candidate in srcset.split(","):
        bits = candidate.strip().split(None, 1)
        if bits:
            bits[0] = _original(bits[0])
            parts.append(" ".join(bits))
    return ", ".join(parts)


def _unrewrite_meta(meta: etree._Element) -> None:
    name = (meta.get("property") or meta.get("name") or meta.get("http-equiv") or "").lower()
    content = meta.get("content") or ""
    if name == "refresh":
        match = _META_REFRESH.match(content)
        if match:
            set_attribute(meta, "content", match["head"] + _original(match["url"]) + content[match.end():])
    elif name in _META_URL_NAMES or "/web/" in content:
        set_attribute(meta, "content", _original(content))
