"""Side boxes: the things set beside or inside a story that are not its running text.

News pages of every era drop boxes into the story column — an image with its caption, a pull
quote, a fact box, a media clip, a "See also" list, a share bar. A box must stay out of the
body paragraphs, and most of them feed a field of their own. This module only *finds* boxes
and says what kind each is; the field extractors read them.

A box is recognised by markup evidence a reader's eye also uses: it is floated (``align`` or
``float``), narrow (a fixed width well under a text column's), a semantic side element
(``aside``, ``figure``), or named so by its class/id (``caption``, ``pullquote``, ``factbox``...).
Site profiles may add selectors for boxes whose markup says nothing (see ``profiles``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Literal

from lxml.html import HtmlElement

from ..memo import memo
from ..text import AsciiFolded
from . import blocks
from .alternations import compile_factored, factored
from .blocks import StatsMap

if TYPE_CHECKING:
    from . import _walk as _walk_types

BoxKind = Literal["image", "quote", "media", "facts", "links", "junk", "other"]

#: Class/id words that name a box. Matched against each word of class and id.
BOX_NAMES = re.compile(
    r"caption|figure|photo|picture|inline-?image|^image|imagebox|pull-?quote|^quote|quotebox|blockquote|"
    r"factbox|facts?-?box|^facts?$|infobox|sidebar|side-?bar|^aside|^box$|boxout|^ibox|inline-?box|"
    r"related|see-?also|more-?on|^video|^audio|^media|^emp$|player|embed|promo|advert|^ads?$|^ad-|sponsor|"
    r"share|social|bookmark|tools$|toolbar|^print|e-?mail|newsletter|signup|subscribe|^comments?$|disqus|"
    r"twitter|tweet|facebook|cookie|consent|paywall|breadcrumb|^nav|menu|^tags?$|byline|dateline|timestamp|"
    r"standfirst|^dek$|^deck$|strapline|subtitle|^summary$|teaser|kicker|info$|[-_]meta$|^meta$",
    re.IGNORECASE,
)

#: Branches may use ``?`` and ``[-_]``-style classes but no groups or escapes, so ``|`` splits them.
_PLAIN_BRANCHES = re.compile(r"^[^()\\]*$")


class WordPattern:
    """A case-insensitive pattern over single class/id words, tested about four times faster.

    Nearly every word is ASCII: it is lower-cased and matched case-sensitively, the alternatives
    anchored with ``^`` by ``match()`` and the rest by ``search()`` (so the regex engine can skip
    ahead by first character instead of trying every alternative at every position). Other
    words go to the original pattern, whose Unicode case folding has special cases ("ſ" matches
    "s"). The pattern must be a case-insensitive alternation of lower-case branches without
    groups or escapes (character classes such as ``[-_]`` are fine).
    """

    def __init__(self, pattern: re.Pattern[str]) -> None:
        text = pattern.pattern
        if not pattern.flags & re.IGNORECASE or not _PLAIN_BRANCHES.match(text) or text != text.lower():
            raise ValueError(f"not a case-insensitive plain lower-case alternation: {text!r}")
        branches = text.split("|")
        anchored = [b[1:] for b in branches if b.startswith("^")]
        floating = [b for b in branches if not b.startswith("^")]
        self._pattern = pattern
        # As tries (see :mod:`.alternations`): a word costs a test per first letter, not per branch.
        self._anchored = re.compile(factored("|".join(anchored))) if anchored else None
        self._floating = re.compile(factored("|".join(floating))) if floating else None
        prefixes, words = set(), set()
        for branch in anchored:
            runs = _literal_runs(branch)
            if runs and branch.startswith(runs[0]):
                prefixes.add(runs[0])
            elif runs:
                words.add(max(runs, key=len))
            else:
                raise ValueError(f"a branch without a letter every match holds: {branch!r}")
        for branch in floating:
            runs = _literal_runs(branch)
            if not runs:
                raise ValueError(f"a branch without a letter every match holds: {branch!r}")
            words.add(max(runs, key=len))
        #: What a word it matches holds, for the compiled walk's test before a string is made
        #: (:class:`_walk.BoxWalker`): it starts with one of these (an anchored branch's leading
        #: letters) or holds one of those (another branch's longest run of letters); so an
        #: ASCII word doing neither, in lower case, is no match.
        self.prefix_words: tuple[str, ...] = tuple(sorted(prefixes))
        self.words: tuple[str, ...] = tuple(sorted(words))
        # The same over a whole string of words (see search_words): a branch's "$" is a word's
        # end, and an anchored branch follows a whitespace character.
        self._floating_in_words = re.compile(factored("|".join(map(_at_word_end, floating)))) if floating else None
        self._anchored_in_words = re.compile(rf"\s(?:{factored('|'.join(map(_at_word_end, anchored)))})") if anchored else None

    def search_words(self, spaced: str) -> bool:
        """Whether :meth:`search` matches a word of ``spaced``: a lower-cased ASCII string of
        words (as ``str.split()`` splits them) with a space put before it. Two searches of the
        whole string instead of two per word: no branch can match whitespace, so a match lies
        within one word, and the space makes every word's start follow a whitespace character."""
        return (self._floating is not None and self._floating_in_words.search(spaced) is not None) or (  # type: ignore[union-attr]
            self._anchored is not None and self._anchored_in_words.search(spaced) is not None  # type: ignore[union-attr]
        )

    def search(self, word: str) -> bool:
        """Whether the pattern matches somewhere in ``word`` (as ``pattern.search`` would)."""
        if not word.isascii():
            return self._pattern.search(word) is not None
        lowered = word.lower()
        return (self._anchored is not None and self._anchored.match(lowered) is not None) or (
            self._floating is not None and self._floating.search(lowered) is not None
        )


def _at_word_end(branch: str) -> str:
    """A plain branch (its leading ``^`` taken off) searched within a string of words: its
    trailing ``$`` made a word's end. Refused when it could match whitespace (a "." or a negated
    class; a plain branch holds no escape) or holds an anchor elsewhere."""
    inner = branch.removesuffix("$")
    if "^" in inner or "$" in inner or "." in inner or any(c.isspace() for c in inner):
        raise ValueError(f"a branch that may match whitespace, or an anchor inside it: {branch!r}")
    return inner + r"(?!\S)" if branch.endswith("$") else inner


def _literal_runs(branch: str) -> list[str]:
    """The runs of characters every match of a plain branch holds as they are, in order: a
    character made optional (``?``), a character class and an anchor end a run."""
    if any(ch in branch for ch in ".*+{}()\\|"):
        raise ValueError(f"not a plain branch: {branch!r}")
    runs, run, i = [], "", 0
    while i < len(branch):
        ch = branch[i]
        if ch == "[":
            runs.append(run)
            run = ""
            i = branch.index("]", i) + 1
            if branch[i : i + 1] == "?":
                i += 1
            continue
        if ch == "?":
            runs.append(run[:-1])
            run = ""
        elif ch in "^$":
            runs.append(run)
            run = ""
        else:
            run += ch
        i += 1
    runs.append(run)
    return [r for r in runs if r]


#: BOX_NAMES, tested fast on one word at a time.
_BOX_WORD = WordPattern(BOX_NAMES)


#: Class words that look like box names but mark the story text itself.
BODY_NAMES = re.compile(r"^(story-?body|body-?text|bodytext|article-?body|entry-?content|post-?content|storybody|story|article|content|main)$", re.IGNORECASE)
#: BODY_NAMES as a trie (see :mod:`.alternations`): the same words, matched faster; and a word
#: of them within a lower-cased ASCII string of words with a space put before it.
_BODY_NAMES_FAST = compile_factored(BODY_NAMES)
_BODY_WORD_IN_WORDS = re.compile(rf"\s(?:{factored(BODY_NAMES.pattern.removeprefix('^(').removesuffix(')$'))})(?!\S)")
#: Names of box kinds, checked against class/id words in order.
KIND_NAMES: tuple[tuple[BoxKind, re.Pattern[str]], ...] = (
    ("quote", re.compile(r"quote", re.IGNORECASE)),
    ("media", re.compile(r"video|audio|media|player|^emp$|embed|podcast|listen|watch", re.IGNORECASE)),
    ("image", re.compile(r"caption|figure|photo|picture|image|gallery", re.IGNORECASE)),
    ("facts", re.compile(r"fact|infobox|key-?points|at-a-glance|glance", re.IGNORECASE)),
    ("links", re.compile(r"related|see-?also|more-?on|links", re.IGNORECASE)),
    (
        "junk",
        re.compile(
            r"share|social|bookmark|tools$|toolbar|^print|e-?mail|newsletter|signup|subscribe|comment|disqus|twitter|tweet|"
            r"facebook|cookie|consent|paywall|advert|^ads?$|^ad-|sponsor|promo|breadcrumb|^nav|menu|^tags?$|"
            r"byline|dateline|timestamp|^published|^updated|^date$|info$|[-_]meta$|^meta$|standfirst|^dek$|^deck$|strapline|subtitle|^summary$|teaser|kicker",
            re.IGNORECASE,
        ),
    ),
)
#: Rows and row groups are parts of a table, never boxes of their own, whatever their names.
_NEVER_BOXES = frozenset({"tr", "tbody", "thead", "tfoot", "html", "body"})
_PULL_NAMES = re.compile(r"pull|aside|sidebar|side-?bar|callout", re.IGNORECASE)
#: A fixed width at or under this many pixels is a box, not a text column.
MAX_BOX_WIDTH_PX = 320
_WIDTH_PX = re.compile(r"^\s*(\d+)\s*(px)?\s*$")
_STYLE_WIDTH = re.compile(r"(?<![-\w])width\s*:\s*(\d+)px", re.IGNORECASE)
_FLOAT = re.compile(r"float\s*:\s*(left|right)", re.IGNORECASE)
_QUOTE_IMAGE = re.compile(r"quote", re.IGNORECASE)
MEDIA_HREF = re.compile(r"\.(ram|rm|rpm|asx|wmv|wma|wax|mp3|mp4|m4a|m4v|mov|avi|mpe?g|ogg|ogv|webm|m3u8?|wav|aac|flv|smil)(\?|$)|/(video|audio|av|media|clips?|podcasts?)/|media_?player|mediaselector|popup.*(video|audio)|(video|audio).*popup", re.IGNORECASE)
#: MEDIA_HREF, searched fast on ASCII links (see :class:`AsciiFolded`), as a trie (:mod:`.alternations`).
MEDIA_HREF_FAST = AsciiFolded(compile_factored(MEDIA_HREF))
MEDIA_WORDS = re.compile(r"\b(video|audio|listen|watch|real ?player|windows media|clip|podcast)\b", re.IGNORECASE)


def class_words(el: HtmlElement) -> list[str]:
    """The words of an element's class and id attributes."""
    cls, ident = el.get("class"), el.get("id")
    if cls is None and ident is None:  # most elements: no string to build
        return []
    return f"{cls or ''} {ident or ''}".split()


@memo
def named_as_box(names: str) -> bool:
    """Whether a class/id string (words separated by spaces) names a box and no word names the
    story text. Pages repeat a few dozen such strings over hundreds of elements, so the answer
    is remembered per string (a pure function of it)."""
    if names.isascii():  # nearly all: the whole string searched (see WordPattern.search_words)
        spaced = " " + names.lower()
        return _BOX_WORD.search_words(spaced) and _BODY_WORD_IN_WORDS.search(spaced) is None
    words = names.split()
    return any(_BOX_WORD.search(w) for w in words) and not any(_BODY_NAMES_FAST.match(w) for w in words)


def _narrow(el: HtmlElement) -> bool:
    width = el.get("width")
    if width:
        match = _WIDTH_PX.match(width)
        if match and int(match.group(1)) <= MAX_BOX_WIDTH_PX:
            return True
    style = el.get("style")
    if style:
        match = _STYLE_WIDTH.search(style)
        if match and int(match.group(1)) <= MAX_BOX_WIDTH_PX:
            return True
    return False


def _floated(el: HtmlElement) -> bool:
    align = (el.get("align") or "").lower()
    if align in ("left", "right") and el.tag in ("table", "div", "span", "figure", "aside", "p"):
        return True
    style = el.get("style")
    return bool(style and _FLOAT.search(style))


#: Tags that are boxes by themselves.
_BOX_TAGS = ("aside", "figure", "figcaption")
#: Boxes when floated (``is_box``); the compiled walk is told these sets too.
_FLOATED_BOX_TAGS = ("table", "div")
_NARROW_BOX_TAGS = ("table",)


def is_box(el: HtmlElement) -> bool:
    """Whether ``el`` is set apart from the running text (see module docstring)."""
    tag = el.tag
    if not isinstance(tag, str):
        return False
    if tag in _BOX_TAGS:
        return True
    if tag in _NEVER_BOXES:
        return False
    if tag == "blockquote":
        # A blockquote in the flow quotes a letter, a statement, an embedded post: story text.
        return _floated(el) or any(_PULL_NAMES.search(w) for w in class_words(el))
    cls, ident = el.get("class"), el.get("id")
    if (cls or ident) and named_as_box(f"{cls or ''} {ident or ''}"):
        return True
    if tag in _FLOATED_BOX_TAGS and (_floated(el) or (tag in _NARROW_BOX_TAGS and _narrow(el))):
        return True
    return False


#: A box grows to take in its surroundings while they hold at most this many characters: the
#: credit beside a quote, the caption paragraph under an image, belong to the same box.
MAX_BOX_CHARS = 400
#: ...and at most this many lines more than the box itself.
MAX_LIFT_EXTRA_BLOCKS = 2
#: An element with a picture and at most this much text is an image box, whatever its names.
MAX_IMAGE_BOX_CHARS = 250
_IMAGE_BOX_TAGS = frozenset({"div", "table", "span", "center", "dl"})
#: Block elements a box may grow into (text statistics are only summed for block elements).
_LIFT_TAGS = frozenset({"div", "table", "tbody", "tr", "figure", "aside", "section", "center", "dl", "blockquote"})


def _chars(el: HtmlElement, stats: StatsMap) -> int:
    s = stats.get(el)
    return s.chars if s is not None else 0


def _lift(el: HtmlElement, container: HtmlElement, stats: StatsMap) -> HtmlElement:
    """Grow a box over a parent that adds only a line or two (a credit, a caption)."""
    parent = el.getparent()
    while parent is not None and parent is not container and parent.tag in _LIFT_TAGS and _chars(parent, stats) <= MAX_BOX_CHARS:
        mine, theirs = stats.get(el), stats.get(parent)
        extra_blocks = (theirs.blocks if theirs else 0) - (mine.blocks if mine else 0)
        if extra_blocks > MAX_LIFT_EXTRA_BLOCKS:
            break
        el, parent = parent, parent.getparent()
    return el


def _is_image_box(el: HtmlElement, stats: StatsMap) -> bool:
    return el.tag in _IMAGE_BOX_TAGS and _chars(el, stats) <= MAX_IMAGE_BOX_CHARS and any(is_content_image(i) for i in el.iter("img"))


def _wraps_quotation(el: HtmlElement, stats: StatsMap) -> bool:
    """An embed wrapper around an in-flow quotation (an embedded post the writer quotes) is
    story text, whatever its wrapper is called."""
    if el.tag == "blockquote" or _floated(el):
        return False
    quote = next(el.iter("blockquote"), None)
    return quote is not None and not _floated(quote) and _chars(quote, stats) >= 0.8 * _chars(el, stats) > 0


def _stops_at(el: HtmlElement, stats: StatsMap, extra: set[HtmlElement]) -> bool:
    """Whether the search for boxes makes a box of ``el`` (and does not look inside it)."""
    return el in extra or (is_box(el) and not _wraps_quotation(el, stats)) or _is_image_box(el, stats)


def find_boxes(
    container: HtmlElement, stats: StatsMap, extra: Iterable[HtmlElement] = (), known: Mapping[HtmlElement, list[HtmlElement]] | None = None
) -> list[HtmlElement]:
    """The outermost boxes inside ``container`` (not the container itself), in document order.

    The walk runs in C when the compiled walker is built (``_walk.BoxWalker``, which asks
    :func:`_stops_at` only about the elements that could pass it), else in Python
    (:func:`_find_boxes_python`, the reference); both find the same boxes in the same order.

    ``known``: elements below ``container`` with their own ``find_boxes`` (same ``stats`` and
    ``extra``), such as the body's members inside the story's region. The compiled walk does
    not enter one that is no box itself: its boxes, lifted on towards ``container``, stand in
    for what the walk would find inside it (a lift stops at the container or where a parent
    adds too much, so a box lifted to the element's edge and then on is the box lifted from the
    start; the boxes it dropped as inner ones lie inside those it kept). The same boxes."""
    extra_set = set(extra)
    found = None
    if _BOX_WALKER is not None:
        judge = lambda el: _lift(el, container, stats) if _stops_at(el, stats, extra_set) else None
        found = _BOX_WALKER.find(container, stats, extra_set, judge, known.keys() if known else ())
        if found is not None and known:
            found = [box for item in found for box in ([_lift(b, container, stats) for b in known[item[0]]] if type(item) is tuple else (item,))]
    if found is None:
        found = _find_boxes_python(container, stats, extra_set)
    return _outermost(list(dict.fromkeys(found)))


def _outermost(elements: list[HtmlElement]) -> list[HtmlElement]:
    """The elements none of whose ancestors is among them, in order (in C when compiled)."""
    outer = _OUTERMOST(elements) if _OUTERMOST is not None else None
    if outer is not None:
        return outer
    within = set(elements)
    return [e for e in elements if not any(a in within for a in e.iterancestors())]


def _find_boxes_python(container: HtmlElement, stats: StatsMap, extra: set[HtmlElement]) -> list[HtmlElement]:
    """Every element below ``container`` in document order, not into a box: the boxes, lifted."""
    found: list[HtmlElement] = []
    stack = list(reversed(container))
    while stack:
        el = stack.pop()
        if not isinstance(el.tag, str):
            continue
        if _stops_at(el, stats, extra):
            found.append(_lift(el, container, stats))
            continue
        stack.extend(reversed(el))
    return found


def _make_box_walker(walk: ModuleType) -> _walk_types.BoxWalker:
    """The compiled walk of :func:`find_boxes`, told this module's tag sets and tests."""
    return walk.BoxWalker(
        always_tags=_BOX_TAGS,
        never_tags=_NEVER_BOXES,
        quote_tags=("blockquote",),
        floats_tags=_FLOATED_BOX_TAGS,
        narrow_tags=_NARROW_BOX_TAGS,
        image_tags=_IMAGE_BOX_TAGS,
        named=named_as_box,
        max_image_chars=MAX_IMAGE_BOX_CHARS,
        named_words=_BOX_WORD.words,
        named_prefixes=_BOX_WORD.prefix_words,
    )


#: The compiled walk of find_boxes and its filter of the outermost elements, or None for the
#: Python ones (see ``blocks.COMPILED``).
_BOX_WALKER = _make_box_walker(blocks._WALK) if blocks._WALK is not None else None
_OUTERMOST: Callable[[list[HtmlElement]], list[HtmlElement] | None] | None = blocks._WALK.outermost if blocks._WALK is not None else None


def _has_quote_glyph(el: HtmlElement) -> bool:
    for img in el.iter("img"):
        if _QUOTE_IMAGE.search(img.get("src") or "") or _QUOTE_IMAGE.search(img.get("alt") or ""):
            return True
    return False


def _has_media_links(el: HtmlElement) -> bool:
    """Players or links to clips: the box *is* a clip."""
    if next(el.iter("video", "audio", "object", "embed"), None) is not None:
        return True
    return bool(media_links(el))


def is_media_link(a: HtmlElement) -> bool:
    """Whether a link's href or onclick leads to a clip."""
    return bool(MEDIA_HREF_FAST.search(a.get("href") or "") or MEDIA_HREF_FAST.search(a.get("onclick") or ""))


def media_links(el: HtmlElement) -> list[HtmlElement]:
    """The links in ``el`` (itself included) that lead to clips, in document order. In C when
    the compiled walker is built (``_walk.HrefScan`` hands back only the links with an href or
    onclick that is not ASCII or holds one of :data:`MEDIA_HREF_WORDS`; :func:`is_media_link`
    decides), else :func:`_media_links_python`, the reference; the same links either way. A
    story's span and sidebar hold dozens of links, nearly none to a clip."""
    found = _MEDIA_LINK_SCAN.find(el) if _MEDIA_LINK_SCAN is not None else None
    if found is None:
        return _media_links_python(el)
    return [a for a in found if is_media_link(a)]


def _media_links_python(el: HtmlElement) -> list[HtmlElement]:
    return [a for a in el.iter("a") if is_media_link(a)]


#: What any match of :data:`MEDIA_HREF` holds, in lower case: a branch's extension with its
#: dot, its path word with the slash before it, ``media`` or ``popup``. An ASCII value holding
#: none of these, in any case, leads to no clip (tested on generated values).
MEDIA_HREF_WORDS = (
    ".ram", ".rm", ".rpm", ".asx", ".wmv", ".wma", ".wax", ".mp3", ".mp4", ".m4a", ".m4v", ".mov", ".avi", ".mpg", ".mpe", ".ogg", ".ogv",
    ".webm", ".m3u", ".wav", ".aac", ".flv", ".smil", "/video/", "/audio/", "/av/", "/clip", "/podcast", "media", "popup",
)
#: The compiled scan of media_links, or None (see ``blocks.COMPILED``).
_MEDIA_LINK_SCAN = blocks._WALK.HrefScan(tag="a", attributes=("href", "onclick"), words=MEDIA_HREF_WORDS) if blocks._WALK is not None else None


_MEDIA_ICON = re.compile(r"(video|audio|realvideo|realaudio|listen|watch|play)[\w-]*\.(gif|png|jpe?g)", re.IGNORECASE)


def _has_media_icons(el: HtmlElement) -> bool:
    """Icons that announce a clip ("real video", a play button)."""
    return any(MEDIA_WORDS.search(img.get("alt") or "") or _MEDIA_ICON.search(img.get("src") or "") for img in el.iter("img"))


def content_images(el: HtmlElement) -> list[HtmlElement]:
    """Images in ``el`` that show something (not spacers, icons or quote glyphs)."""
    return [img for img in el.iter("img") if is_content_image(img)]


_DECORATION = re.compile(
    r"(^|/)(?:(?:o|t|x|s|blank|spacer|pixel|dot|clear|trans(?:parent)?|1x1|shim|999999|ffffff|000000)\d*\.(?:gif|png)"
    r"|(?:start_?quote|end_?quote|quote|bullet|arrow|icon|logo)[\w-]*\.(?:gif|png|jpe?g))$",
    re.IGNORECASE,
)
#: _DECORATION without its ``(^|/)``, matched at the start of a path's last segment (after its
#: last "/"): the name it matches holds no "/" and runs to the end, so that is the one place
#: where a search of the whole path can find it. One try there instead of a try of the whole
#: alternation at every character of the address (about 10x faster on a news image's URL).
_DECORATION_NAME = re.compile(_DECORATION.pattern.removeprefix("(^|/)"), re.IGNORECASE)
#: Images smaller than this on either side are icons or spacers.
MIN_IMAGE_SIDE_PX = 60


def is_content_image(img: HtmlElement) -> bool:
    src = img.get("src") or img.get("data-src") or ""
    if not src or _DECORATION_NAME.match(src.partition("?")[0].rpartition("/")[2]):
        return False
    for attr in ("width", "height"):
        value = img.get(attr)
        if value:
            match = _WIDTH_PX.match(value)
            if match and int(match.group(1)) < MIN_IMAGE_SIDE_PX:
                return False
    return True


#: KIND_NAMES and BODY_NAMES as tries (see :mod:`.alternations`), case-sensitive, for lower-cased
#: ASCII words (nearly all; their letters are lower case, so this is the patterns' own answer),
#: and any kind at all in one search: most words name none.
_KIND_NAMES_ASCII = tuple((kind, re.compile(factored(pattern.pattern))) for kind, pattern in KIND_NAMES)
_ANY_KIND_ASCII = re.compile(factored("|".join(pattern.pattern for _, pattern in KIND_NAMES)))
_BODY_NAMES_ASCII = re.compile(factored(BODY_NAMES.pattern))
if any(p.pattern != p.pattern.lower() or "\\" in p.pattern for p in (BODY_NAMES, *(p for _, p in KIND_NAMES))):
    raise RuntimeError("KIND_NAMES and BODY_NAMES must stay lower-case patterns without escapes")


@memo
def _word_kind(word: str) -> BoxKind | None:
    """The first kind of :data:`KIND_NAMES` whose pattern a class/id word matches; None for a
    word naming the story text or none. Remembered per word (a page's boxes share words). An
    ASCII word is lower-cased once and tested by the case-sensitive tries."""
    if word.isascii():
        lowered = word.lower()
        if _ANY_KIND_ASCII.search(lowered) is None or _BODY_NAMES_ASCII.match(lowered) is not None:
            return None
        return next((kind for kind, pattern in _KIND_NAMES_ASCII if pattern.search(lowered)), None)
    if BODY_NAMES.match(word):
        return None
    for kind, pattern in KIND_NAMES:
        if pattern.search(word):
            return kind
    return None


def classify_box(el: HtmlElement, stats: StatsMap) -> BoxKind:
    """What a box holds, judged from its names first, then from its content."""
    for word in class_words(el):
        kind = _word_kind(word)
        if kind is None:
            continue
        if kind == "image" and not content_images(el) and el.tag != "figcaption" and "caption" not in word.lower():
            continue  # an image word without an image: the next word may say more
        return kind
    if el.tag == "blockquote" or _has_quote_glyph(el) or next(el.iter("blockquote", "q"), None) is not None:
        return "quote"
    if _has_media_links(el):
        return "media"
    if el.tag in ("figure", "figcaption") or content_images(el):
        return "image"
    if _has_media_icons(el):
        return "media"
    s = stats.get(el)
    if s is not None and s.chars and s.link_density > 0.6:
        return "links"
    return "facts" if s is not None and s.blocks >= 2 else "other"


@dataclass(slots=True)
class SortedBoxes:
    """The side boxes around a story, by kind."""

    image: list[HtmlElement] = field(default_factory=list)
    quote: list[HtmlElement] = field(default_factory=list)
    media: list[HtmlElement] = field(default_factory=list)
    facts: list[HtmlElement] = field(default_factory=list)
    links: list[HtmlElement] = field(default_factory=list)
    junk: list[HtmlElement] = field(default_factory=list)
    other: list[HtmlElement] = field(default_factory=list)


def sort_boxes(
    region: HtmlElement | None,
    body_boxes: Iterable[HtmlElement],
    stats: StatsMap,
    extra: frozenset[HtmlElement],
    in_span: Callable[[HtmlElement], bool],
    known: Mapping[HtmlElement, list[HtmlElement]] | None = None,
) -> SortedBoxes:
    """The outermost boxes of the body and of the story's region (those ``in_span``), by kind.
    ``known``: the body's boxes by member (``find_boxes`` of each, with ``extra``), which the
    search of the region takes instead of walking the members again."""
    out = SortedBoxes()
    if region is None:
        return out
    if known and region in known:
        region_boxes = known[region]  # the region is a member: its search is done
    else:
        region_boxes = find_boxes(region, stats, extra, known)
    found = list(dict.fromkeys([*body_boxes, *region_boxes]))
    for box in _outermost(found):
        if in_span(box):
            getattr(out, classify_box(box, stats)).append(box)
    return out
