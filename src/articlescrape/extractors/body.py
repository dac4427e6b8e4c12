"""Where the story is: choosing the body container and its paragraphs.

One scoring algorithm, Readability's in spirit, over the shared :mod:`blocks` list:

1. Every block that reads like prose (long enough, few links) scores points for the element
   holding it and, less, for that element's ancestors — so the element under which most prose
   gathers wins. Points grow with length and with commas (CJK and Arabic commas too, so no
   language's stop-words are needed).
2. Class/id names nudge the score (``story``, ``article``, ``bodytext`` up; ``sidebar``,
   ``comment``, ``footer`` down), and link-heavy candidates are scaled down.
3. The winner's blocks, plus prose-bearing siblings, are the body — minus side boxes
   (:mod:`boxes`), link lists, the headline and the date line repeated in the column.
4. When that leaves too little, the pass is re-run with relaxed thresholds (Readability's
   retry), since short stories and odd layouts are better served by a generous pass than none.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING

from lxml.html import HtmlElement

from ..memo import memo
from ..text import AsciiFolded, collapse
from . import blocks as _blocks
from .alternations import branches, compile_factored
from .blocks import BLOCK_TAGS, PARAGRAPH_TAGS, Block, StatsMap
from .boxes import find_boxes

if TYPE_CHECKING:
    from . import _walk as _walk_types

#: A block shorter than this (characters) is not counted as prose when scoring.
MIN_SCORED_CHARS = 25
#: Above this link density a block is navigation, not prose.
MAX_PROSE_LINK_DENSITY = 0.35
#: Points per 100 characters of a prose block, capped (Readability uses the same cap of 3).
POINTS_PER_100_CHARS = 1.0
MAX_LENGTH_POINTS = 3.0
#: Share of a block's points its element's ancestors receive, by distance (parent, grandparent...).
ANCESTOR_SHARES = (1.0, 0.5, 1 / 6, 1 / 9)
#: Factors for class/id names that say "story" or "not story". Multiplicative, not additive
#: as in Readability, so that a name never outweighs the text an element actually holds.
POSITIVE_FACTOR = 1.25
NEGATIVE_FACTOR = 0.6
#: Points of prose inside a region named as never-story (comments, sidebars, footers) count this much.
UNLIKELY_FACTOR = 0.15
_UNLIKELY_ALTERNATIVES = (
    r"comments?|comment-?list|commentlist|disqus|respond|replies|reply|sidebar|side-?bar|aside|footer|"
    r"site-?footer|nav|navbar|navigation|menu|masthead|related|recommended|recirc|most-?(read|popular)|trending|"
    r"newsletter|signup|sign-?up|subscribe|subscription|promo|sponsor|advert|ads?|outbrain|taboola|cookie|consent|"
    r"share|social|breadcrumbs?|pagination|pager"
)
UNLIKELY_NAMES = re.compile(rf"(^|[-_ ])({_UNLIKELY_ALTERNATIVES})($|[-_ ])", re.IGNORECASE)
#: Names that save an element from UNLIKELY_NAMES (``article-footer`` still holds the story).
MAYBE_NAMES = re.compile(r"(^|[-_ ])(article|story|body|main|content|post|entry|text)($|[-_ ])", re.IGNORECASE)
POSITIVE_NAMES = re.compile(r"article|body|content|entry|hentry|h-entry|main|page|post|text|blog|story|storybody|bodytext", re.IGNORECASE)
NEGATIVE_NAMES = re.compile(
    r"hidden|banner|combx|comment|com-|contact|foot|footer|footnote|masthead|media|meta|outbrain|promo|related|"
    r"scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|tool|widget|nav|menu|rhs|lhs|links|ad-|advert",
    re.IGNORECASE,
)
#: The name patterns, searched fast on ASCII names, as tries (see :mod:`.alternations`).
_NEGATIVE, _POSITIVE, _UNLIKELY, _MAYBE = (AsciiFolded(compile_factored(p)) for p in (NEGATIVE_NAMES, POSITIVE_NAMES, UNLIKELY_NAMES, MAYBE_NAMES))
#: A sibling of the winner joins the body when it scores at least this share of the winner's.
SIBLING_SCORE_SHARE = 0.2
#: Body blocks this short, with link density above this, are link lists inside the column.
MAX_BODY_LINK_DENSITY = 0.5
#: When the body has fewer characters than this, retry with relaxed rules.
MIN_BODY_CHARS = 250
#: A bold or heading-tag block at most this long, not ending a sentence, is a subheading.
MAX_HEADING_CHARS = 120
#: A short block ending a sentence is prose when it has this many letters or digits (a stray
#: "." left by a template is not).
MIN_SENTENCE_WORD_CHARS = 5
_WORD_CHARS = re.compile(r"\w")
#: Commas of Latin, CJK and Arabic script: each one scores a point.
_COMMA_CHARS = (",", "，", "、", "،")
_SENTENCE_END = re.compile(r"[.!?。！？…\"'”’»)]\s*$")
#: Lines that close a story without being part of it: copyright notices and taglines.
_TRAILER = re.compile(
    r"^(copyright|©|\(c\))|all rights reserved|may not be (re)?(published|reproduced|broadcast)|contributed to this report|"
    r"^(updated|posted|published)( at| on)? [^.]{0,40}\.?$|^advertisement$|^(additional )?reporting by|^editing by|(may|can) be reached at|^have a (news )?tip|^subscribe to|^sign up (for|to)|^get the latest|^(this|the) (story|article) (was|has been) (updated|corrected)|^follow (us|\w+) on",
    re.IGNORECASE,
)
#: _TRAILER searched fast on ASCII lines (see AsciiFolded), as a trie (see :mod:`.alternations`).
_TRAILER_FAST = AsciiFolded(compile_factored(_TRAILER))
_AD_LABEL = re.compile(r"^(advertisement|advertising|anzeige|publicité|publicidad|sponsored|story continues below( advertisement)?)$", re.IGNORECASE)
#: The longest text _AD_LABEL matches: one character per character of its longest branch (case
#: folding never changes a length), and ``$`` may stand before a final newline. A longer block,
#: nearly every one of a story, is no label and is not matched.
_AD_LABEL_MAX_CHARS = len("story continues below advertisement") + 1
_JS_NOTICE = re.compile(r"(turn on|enable|requires?|activate) javascript|javascript (is )?(disabled|required)", re.IGNORECASE)
#: What every match of _JS_NOTICE holds, in lower case.
_JS_WORD = "javascript"
#: The only characters the pattern's "j" matches, case folding's special cases included (the
#: tests check every code point): a text without one holds no match.
_JS_INITIALS = ("j", "J")


def _may_mention_javascript(text: str) -> bool:
    """Whether :data:`_JS_NOTICE` could match ``text``: an ASCII text must hold its word (in any
    case); another must hold a "j" (the rest of the word may be spelt with case folding's special
    cases, "ſ" for "s", "ı" for "i": the pattern is asked). Spares the search of nearly every
    short line of a story, and of a page in a script without a "j" — a search that folds case
    outside ASCII tries every character against every branch."""
    if text.isascii():
        return _JS_WORD in text.lower()
    return _JS_INITIALS[0] in text or _JS_INITIALS[1] in text




@dataclass(slots=True)
class Body:
    """The story's blocks in reading order, and where they were found."""

    container: HtmlElement | None
    blocks: list[Block] = field(default_factory=list)
    headings: set[int] = field(default_factory=set)
    #: Boxes inside the body container, in document order (routed to other fields).
    boxes: list[HtmlElement] = field(default_factory=list)
    #: The same boxes by member of the body (``find_boxes`` of each), for the region's search.
    member_boxes: dict[HtmlElement, list[HtmlElement]] = field(default_factory=dict)


def _prose_points(block: Block, min_chars: int) -> float:
    n = len(block.text)
    if n < min_chars or block.link_density > MAX_PROSE_LINK_DENSITY:
        return 0.0
    text = block.text
    commas = sum(map(text.count, _COMMA_CHARS))  # four scans in C: cheaper than a regex's list of matches
    return 1.0 + commas + min(n / 100 * POINTS_PER_100_CHARS, MAX_LENGTH_POINTS)


def _names(el: HtmlElement) -> str:
    cls, ident = el.get("class"), el.get("id")
    if cls is None and ident is None:  # most elements: no string to build
        return ""
    return f"{cls or ''} {ident or ''}".strip()


def class_factor(el: HtmlElement) -> float:
    """How much an element's own names make it more or less likely to be the story."""
    names = _names(el)
    return _names_factor(names) if names else 1.0


@memo
def _names_factor(names: str) -> float:
    """:func:`class_factor` of a class/id string. Pages repeat a few dozen such strings, so the
    answer is remembered per string (a pure function of it)."""
    factor = 1.0
    if _NEGATIVE.search(names):
        factor *= NEGATIVE_FACTOR
    if _POSITIVE.search(names):
        factor *= POSITIVE_FACTOR
    return factor


@memo
def _unlikely_names(names: str) -> bool:
    """Whether a class/id string names a never-story region (remembered per string, as above)."""
    return _UNLIKELY.search(names) and not _MAYBE.search(names)


def _unlikely(el: HtmlElement | None, cache: dict[HtmlElement, bool]) -> bool:
    """Whether ``el`` sits inside an element named as never-story (a comment thread...)."""
    chain: list[HtmlElement] = []
    result = False
    while el is not None:
        if el in cache:
            result = cache[el]
            break
        chain.append(el)
        if isinstance(el.tag, str) and el.tag not in _NEVER_UNLIKELY_TAGS:
            names = _names(el)
            if names and _unlikely_names(names):
                result = True
                break
        el = el.getparent()
    for item in chain:
        cache[item] = result
    return result


def _unlikely_raw_names(names: str) -> bool:
    """:func:`_unlikely_names` of a class/id string as the compiled test makes it (not stripped)."""
    stripped = names.strip()
    return bool(stripped) and bool(_unlikely_names(stripped))


#: Tags whose names never make a region never-story (the page itself).
_NEVER_UNLIKELY_TAGS = ("html", "body")


def _unlikely_test() -> Callable[[HtmlElement], bool]:
    """:func:`_unlikely` for the blocks of one tree: in C when the compiled walker is built
    (``_walk.NamedAncestry`` reads the class/id of each ancestor once, without proxies), else
    the Python walk, the reference; the same answers either way."""
    cache: dict[HtmlElement, bool] = {}
    if _blocks._WALK is None:
        return lambda el: _unlikely(el, cache)
    compiled = _blocks._WALK.NamedAncestry(names_test=_unlikely_raw_names, skip_tags=_NEVER_UNLIKELY_TAGS)

    def unlikely(el: HtmlElement) -> bool:
        answer = compiled(el)
        return _unlikely(el, cache) if answer is None else answer

    return unlikely


def score_candidates(
    blocks: list[Block],
    stats: StatsMap,
    *,
    min_chars: int = MIN_SCORED_CHARS,
    prose: list[Block] | None = None,
) -> dict[HtmlElement, float]:
    """Readability-style scores of the elements that hold prose. When ``prose`` is given, it
    receives the blocks that count as likely prose (scored, and not in a never-story region).

    In C when the compiled walker is built (``_walk.ProseScorer``: no proxy for the ancestors
    climbed, no ``TextStats`` looked up, the class/id strings read off the nodes), else
    :func:`_score_candidates_python`, the reference; the same scores (the same floats, in the
    same order) either way."""
    if _SCORER is not None:
        found: list[Block] = []
        scores = _SCORER.score(blocks, stats, min_chars, found)
        if scores is not None:
            if prose is not None:
                prose.extend(found)
            return scores
    return _score_candidates_python(blocks, stats, min_chars=min_chars, prose=prose)


def _score_candidates_python(
    blocks: list[Block],
    stats: StatsMap,
    *,
    min_chars: int = MIN_SCORED_CHARS,
    prose: list[Block] | None = None,
) -> dict[HtmlElement, float]:
    scores: dict[HtmlElement, float] = {}
    unlikely = _unlikely_test()
    for block in blocks:
        if len(block.text) < min_chars:  # most blocks of a page: skip the call
            continue
        points = _prose_points(block, min_chars)
        if not points:
            continue
        if unlikely(block.element):
            points *= UNLIKELY_FACTOR
        elif prose is not None:
            prose.append(block)
        el: HtmlElement | None = block.element
        if el is not None and el.tag in PARAGRAPH_TAGS:
            el = el.getparent()
        for share in ANCESTOR_SHARES:
            if el is None or el.tag == "html":
                break
            scores[el] = scores.get(el, 0.0) + points * share
            el = el.getparent()
    for el in scores:
        s = stats.get(el)
        scores[el] *= class_factor(el) * (1.0 - s.link_density if s is not None else 1.0)
    return scores


def _raw_names_factor(names: str) -> float:
    """:func:`class_factor` of a class/id string as the compiled scorer makes it (not stripped)."""
    stripped = names.strip()
    return _names_factor(stripped) if stripped else 1.0


def _holds_a_word(branch: str, words: tuple[str, ...]) -> bool:
    """Whether ``branch`` holds one of ``words`` as it is: outside any group, its last letter
    not made optional."""
    outside = re.sub(r"\([^()]*\)", "(", branch)
    for word in words:
        at = outside.find(word)
        if at >= 0 and outside[at + len(word) : at + len(word) + 1] not in ("?", "*", "{"):
            return True
    return False


#: What every match of :data:`UNLIKELY_NAMES` holds, in lower case (each branch of its
#: alternation holds one as it is): an ASCII class/id string holding none of them, in any case,
#: names no never-story region, and the compiled test makes no string of it (checked here).
_UNLIKELY_WORDS = (
    "comment", "disqus", "respond", "repl", "side", "footer", "nav", "menu", "masthead", "related", "recommended", "recirc", "most",
    "trending", "newsletter", "sign", "subscri", "promo", "sponsor", "ad", "outbrain", "taboola", "cookie", "consent", "share",
    "social", "breadcrumb", "pag",
)
if not all(_holds_a_word(b, _UNLIKELY_WORDS) for b in branches(_UNLIKELY_ALTERNATIVES)):
    raise RuntimeError("a branch of UNLIKELY_NAMES holds none of _UNLIKELY_WORDS: extend them")
#: The class-factor patterns are plain alternations of words: an ASCII string matches one
#: exactly when it holds one of its words in lower case (how the compiled scorer tests them).
_NEGATIVE_WORDS, _POSITIVE_WORDS = (tuple(p.pattern.split("|")) for p in (NEGATIVE_NAMES, POSITIVE_NAMES))
if not all(re.fullmatch(r"[a-z-]+(\|[a-z-]+)*", p.pattern) for p in (NEGATIVE_NAMES, POSITIVE_NAMES)):
    raise RuntimeError("NEGATIVE_NAMES and POSITIVE_NAMES must stay plain alternations of lower-case words")


def _make_scorer(walk: ModuleType) -> _walk_types.ProseScorer:
    """The compiled :func:`score_candidates`, told this module's constants and tests."""
    return walk.ProseScorer(
        paragraph_tags=PARAGRAPH_TAGS,
        stop_tags=("html",),
        shares=ANCESTOR_SHARES,
        max_link_density=MAX_PROSE_LINK_DENSITY,
        points_per_100_chars=POINTS_PER_100_CHARS,
        max_length_points=MAX_LENGTH_POINTS,
        comma_chars="".join(_COMMA_CHARS),
        unlikely_factor=UNLIKELY_FACTOR,
        unlikely_test=_unlikely_raw_names,
        unlikely_words=_UNLIKELY_WORDS,
        never_unlikely_tags=_NEVER_UNLIKELY_TAGS,
        negative_words=_NEGATIVE_WORDS,
        positive_words=_POSITIVE_WORDS,
        negative_factor=NEGATIVE_FACTOR,
        positive_factor=POSITIVE_FACTOR,
        names_factor=_raw_names_factor,
    )


#: The compiled scorer, or None (see ``blocks.COMPILED``).
_SCORER = _make_scorer(_blocks._WALK) if _blocks._WALK is not None else None


def _members(top: HtmlElement, scores: dict[HtmlElement, float], stats: StatsMap) -> list[HtmlElement]:
    """The winner plus siblings that also carry prose (stories split across sibling cells/divs)."""
    parent = top.getparent()
    if parent is None:
        return [top]
    threshold = max(10.0, scores.get(top, 0.0) * SIBLING_SCORE_SHARE)
    members = []
    for sibling in parent:
        if sibling is top:
            members.append(sibling)
            continue
        score = scores.get(sibling, 0.0)
        s = stats.get(sibling)
        if score >= threshold and s is not None and s.link_density < MAX_PROSE_LINK_DENSITY:
            members.append(sibling)
    return members


def is_heading(block: Block) -> bool:
    if len(block.text) > MAX_HEADING_CHARS or block.link_density > 0.5:
        return False
    if 2 <= block.heading <= 6:
        return True
    return block.bold and not block.text.endswith((".", ":", ",", ";"))


def find_body(
    blocks: list[Block],
    stats: StatsMap,
    *,
    exclude_texts: frozenset[str] = frozenset(),
    box_selector_matches: frozenset[HtmlElement] = frozenset(),
    preferred: HtmlElement | None = None,
) -> Body:
    """Choose the body. ``exclude_texts`` are strings (headline, date line) that are not body
    even when they sit in the story column; ``preferred`` is a container a site profile names."""
    body = _find_body(blocks, stats, MIN_SCORED_CHARS, exclude_texts, box_selector_matches, preferred)
    if sum(len(b.text) for b in body.blocks) < MIN_BODY_CHARS:
        relaxed = _find_body(blocks, stats, 1, exclude_texts, box_selector_matches, preferred)
        if sum(len(b.text) for b in relaxed.blocks) > sum(len(b.text) for b in body.blocks):
            body = relaxed
    return body


def _find_body(
    blocks: list[Block],
    stats: StatsMap,
    min_chars: int,
    exclude_texts: frozenset[str],
    box_matches: frozenset[HtmlElement],
    preferred: HtmlElement | None,
) -> Body:
    prose: list[Block] = []
    scores = score_candidates(blocks, stats, min_chars=min_chars, prose=prose)
    if preferred is not None:
        top = _block_level(preferred)
        members = [top]
    elif scores:
        top = _expand(_block_level(max(scores, key=scores.__getitem__)), prose, stats)
        members = _members(top, scores, stats)
    else:
        return Body(container=None)
    boxes: list[HtmlElement] = []
    member_boxes: dict[HtmlElement, list[HtmlElement]] = {}
    for member in members:
        member_boxes[member] = found = find_boxes(member, stats, box_matches)
        boxes.extend(found)
    chosen = [block for block in _blocks_within(blocks, members, boxes) if _is_body_text(block, exclude_texts)]
    chosen = _join_lines(_trim_edges(_cut_at_end_marker(chosen)))
    headings = {b.index for b in chosen if is_heading(b)}
    return Body(container=top, blocks=chosen, headings=headings, boxes=boxes, member_boxes=member_boxes)


#: Moving the body up one level must add at least this share of prose to what it holds...
MIN_GAIN_TO_EXPAND = 0.2
#: ...while the level above holds at most this many characters per character of prose.
MAX_CHARS_PER_PROSE_CHAR = 1.6
#: ...and is not a page region full of links (teaser lists count as prose but are not story).
MAX_EXPAND_LINK_DENSITY = 0.2
#: Levels of wrappers that add no prose the climb may look through.
MAX_WRAPPER_LEVELS = 3


def _prose_on_chain(top: HtmlElement, prose_blocks: list[Block]) -> dict[HtmlElement, int]:
    """Characters of likely prose under ``top`` and under each of its ancestors: the only
    elements :func:`_expand` asks about. Each block is placed at the lowest element of that
    chain holding it, by a walk up that stops at the chain or at an element already placed, so
    every element is visited once however deep the page (a walk to the root per block would be
    quadratic in the depth)."""
    chain: list[HtmlElement] = []
    el: HtmlElement | None = top
    while el is not None:
        chain.append(el)
        el = el.getparent()
    place: dict[HtmlElement, int | None] = {c: i for i, c in enumerate(chain)}
    added = [0] * len(chain)
    for block in prose_blocks:
        walked: list[HtmlElement] = []
        up: HtmlElement | None = block.element
        while up is not None and up not in place:
            walked.append(up)
            up = up.getparent()
        at = place[up] if up is not None else None
        for item in walked:
            place[item] = at
        if at is not None:
            added[at] += len(block.text)
    sums: dict[HtmlElement, int] = {}
    total = 0
    for c, n in zip(chain, added):
        total += n
        sums[c] = total
    return sums


def _expand(top: HtmlElement, prose_blocks: list[Block], stats: StatsMap) -> HtmlElement:
    """Climb from the winner while its parent adds real prose and little else: stories split
    over sibling sections (one per ad slot, as many sites do) are gathered whole."""
    prose = _prose_on_chain(top, prose_blocks)
    own = prose.get(top, 0)
    el = top.getparent()
    wrappers = 0
    while el is not None and el.tag not in ("body", "html") and own and wrappers < MAX_WRAPPER_LEVELS:
        gained = prose.get(el, 0)
        s = stats.get(el)
        if s is None or s.chars > gained * MAX_CHARS_PER_PROSE_CHAR or s.link_density > MAX_EXPAND_LINK_DENSITY:
            break
        if gained >= own * (1 + MIN_GAIN_TO_EXPAND):
            top, own, wrappers = el, gained, 0
        else:
            wrappers += 1  # a wrapper adding nothing: look one level further
        el = el.getparent()
    return top


def _block_level(el: HtmlElement) -> HtmlElement:
    """The winner as a block: text straight inside an inline wrapper (``<font>``, ``<span>``)
    belongs to the block around it, so that block is the container."""
    while el.tag not in BLOCK_TAGS and el.getparent() is not None:
        el = el.getparent()
    return el


def _subtrees(elements: list[HtmlElement]) -> set[HtmlElement]:
    """Every element in or under any of ``elements``."""
    return {el for top in elements for el in top.iter()}


def _blocks_within(blocks: list[Block], members: list[HtmlElement], boxes: list[HtmlElement]) -> list[Block]:
    """The blocks in the members' subtrees and outside the boxes', in order. Membership by
    subtree sets (each element visited once) rather than a walk up the tree per block; the sets
    hold node addresses in C when the compiled walker is built (``_walk.blocks_within``: no
    proxy per element of the subtrees), else :func:`_blocks_within_python`, the reference."""
    found = _BLOCKS_WITHIN(blocks, members, boxes) if _BLOCKS_WITHIN is not None else None
    return _blocks_within_python(blocks, members, boxes) if found is None else found


def _blocks_within_python(blocks: list[Block], members: list[HtmlElement], boxes: list[HtmlElement]) -> list[Block]:
    in_members = _subtrees(members)
    in_boxes = _subtrees(boxes)
    return [block for block in blocks if block.element in in_members and block.element not in in_boxes]


#: The compiled blocks_within, or None (see ``blocks.COMPILED``).
_BLOCKS_WITHIN: Callable[[list[Block], list[HtmlElement], list[HtmlElement]], list[Block] | None] | None = (
    _blocks._WALK.blocks_within if _blocks._WALK is not None else None
)


def _is_body_text(block: Block, exclude_texts: frozenset[str]) -> bool:
    text = block.text  # collapsed already: only a trailing colon can make the second form differ
    if text in exclude_texts or (text.endswith(":") and collapse(text.rstrip(":")) in exclude_texts):
        return False
    if block.link_density > MAX_BODY_LINK_DENSITY and len(block.text) < 400:
        return False
    if len(text) < 200 and _may_mention_javascript(text) and _JS_NOTICE.search(text):
        return False
    if len(text) <= _AD_LABEL_MAX_CHARS and _AD_LABEL.match(text):
        return False
    return True


#: Headings that end a story when they appear in its second half: what follows is furniture.
END_MARKERS = re.compile(
    r"^(see also|(more )?related( stories| coverage| articles| links| content)?|more (related )?coverage|more on this( story)?|"
    r"read more|also on|recommended|most (read|popular|viewed)|share this( article| story)?|comments?( \(\d+\))?|"
    r"tags?|topics|related topics|advertisement|about (us|the author|the company|\w+( \w+)?))\s*[:：]?$",
    re.IGNORECASE,
)


def _cut_at_end_marker(chosen: list[Block]) -> list[Block]:
    for i in range(len(chosen) // 2, len(chosen)):
        block = chosen[i]
        if len(block.text) <= 60 and (block.bold or block.heading) and END_MARKERS.match(block.text):
            return chosen[:i]
    return chosen


def _join_lines(chosen: list[Block]) -> list[Block]:
    """Join lines broken by a single ``<br>`` back into their paragraph (a heading line stays
    apart: "<b>Subhead</b><br>Text" is two blocks)."""
    out: list[Block] = []
    for block in chosen:
        prev = out[-1] if out else None
        if (
            prev is not None
            and block.soft
            and prev.element is block.element
            and prev.index + 1 == block.index
            and not (prev.bold or block.bold or prev.heading)
        ):
            # A new Block, not dataclasses.replace: the compiled walk's blocks are not dataclasses.
            out[-1] = Block(
                text=f"{prev.text} {block.text}",
                element=prev.element,
                link_chars=prev.link_chars + block.link_chars,
                heading=prev.heading,
                bold=prev.bold,
                index=block.index,
                links=[*prev.links, *block.links],  # either may be the shared empty tuple
                soft=prev.soft,
            )
            continue
        out.append(block)
    return out


def _trim_edges(chosen: list[Block]) -> list[Block]:
    """Drop short non-prose blocks at the start and end: bylines, tools, "Back to top"."""
    def prose(b: Block) -> bool:
        if len(b.text) >= MIN_SCORED_CHARS:
            return True
        return bool(_SENTENCE_END.search(b.text)) and len(_WORD_CHARS.findall(b.text)) >= MIN_SENTENCE_WORD_CHARS

    start, end = 0, len(chosen)
    while start < end and not prose(chosen[start]):
        start += 1
    while end > start and (not prose(chosen[end - 1]) or (len(chosen[end - 1].text) < 250 and _TRAILER_FAST.search(chosen[end - 1].text))):
        end -= 1
    return chosen[start:end]
