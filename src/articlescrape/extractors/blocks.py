"""The one pass over the tree that every field extractor shares.

A page is turned into a flat list of :class:`Block` s — the runs of text a reader sees as one
paragraph, heading, list item or cell — in document order, each knowing the element it sits
in, how much of it is link text, and whether it is set in bold or a heading tag. At the same
time the text and link-text lengths of every element are summed bottom-up
(:class:`TextStats`), so no later stage ever calls ``text_content()`` on a subtree again. The
compiled walk hands them over as a read-only mapping that keeps the sums in C and makes a
``TextStats`` only when one is asked for (:data:`StatsMap`): a dict would keep a ``TextStats``
and an lxml proxy alive per element holding text, hundreds of GC-tracked objects per page.

Why flat blocks rather than elements: pages of every era mark paragraphs differently — ``<p>``
with closing tags, bare ``<P>`` separators, ``<br><br>`` runs, text straight in a ``<div>`` or
a ``<td>`` — and the block list makes them all look alike to the scorer.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING

from lxml import etree
from lxml.html import HtmlElement

from ..text import collapse

if TYPE_CHECKING:
    from . import _walk as _walk_types

#: Tags that end the current block when they open or close.
BLOCK_TAGS = frozenset(
    "address article aside blockquote body center dd details dialog dir div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hr html li main menu nav ol p pre section summary table tbody td tfoot "
    "th thead tr ul caption noscript legend option select".split()
)
HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
BOLD_TAGS = frozenset({"b", "strong"})
#: Subtrees that never hold visible text.
SKIP_TAGS = frozenset({"script", "style", "template", "head", "title", "meta", "link", "map", "area", "input", "button", "textarea", "svg", "math", "object", "embed", "iframe", "video", "audio", "canvas"})
#: Tags whose subtree the linearizer skips: the invisible ones, and ``<br>`` (a line break).
_SKIP_OR_BREAK = SKIP_TAGS | {"br"}
#: What the linearizer hears from lxml's walk (comments and PIs are reported once, for their tails).
_WALK_EVENTS = ("start", "end", "comment", "pi")
#: Tags inside which a block's own element is a paragraph-like leaf; their scores go to the parent.
PARAGRAPH_TAGS = frozenset({"p", "li", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "figcaption", "caption", "address"})



@dataclass(slots=True)
class Block:
    """One visually separate run of text."""

    text: str
    #: The block-level element the text sits in (a ``<p>``, a ``<div>``, a ``<td>``...).
    element: HtmlElement
    #: Characters of the text that are inside links.
    link_chars: int = 0
    #: 1-6 for ``<h1>``-``<h6>``; 0 otherwise.
    heading: int = 0
    #: All of the text is in ``<b>``/``<strong>`` (an old page's subheading, or a box title).
    bold: bool = False
    #: Position in document order.
    index: int = 0
    #: Hrefs of the links in the block, in order, with their text. Read-only: a list of pairs
    #: from the Python walk, the compiled walk's equal ``Links`` (two strings, which the garbage
    #: collector never tracks), and the shared empty tuple when there are none (most blocks).
    links: Sequence[tuple[str, str]] = ()
    #: The block is a line that follows the previous one after a single ``<br>`` in the same
    #: element: a visual line of its own, which the body may join back into one paragraph.
    soft: bool = False

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0


@dataclass(slots=True)
class TextStats:
    """Text and link-text lengths of one element, its descendants included."""

    chars: int = 0
    link_chars: int = 0
    blocks: int = 0

    @property
    def link_density(self) -> float:
        return self.link_chars / self.chars if self.chars else 0.0


#: The text statistics of a linearization, by element: a dict from the Python walk, the compiled
#: module's read-only ``TextStatsMap`` (equal to that dict) from the compiled one. Read-only for
#: every caller.
StatsMap = Mapping[HtmlElement, TextStats]


@dataclass(slots=True)
class _Open:
    parts: list[str] = field(default_factory=list)
    link_chars: int = 0
    bold_chars: int = 0
    plain_chars: int = 0
    links: list[tuple[str, str]] = field(default_factory=list)

    def reset(self) -> None:
        """Empty, for the next block (in place: cheaper than a new object, and a block keeps
        copies of what it needs, never these lists)."""
        self.parts = []
        self.links = []
        self.link_chars = self.bold_chars = self.plain_chars = 0


class Linearizer:
    """Walks a tree once, iteratively (deep trees never hit the recursion limit).

    Text statistics are summed bottom-up: a block's length is added to its own element only, and
    each element hands its sums to its parent when the walk leaves it (the root hands them to its
    ancestors outside the walk at the end), so the cost is one step per element rather than one
    walk up the tree per block.

    :meth:`run` uses the compiled walk when it is available (:data:`COMPILED`), else
    :meth:`run_python`, the reference implementation, whose results the compiled walk
    reproduces exactly. A Linearizer is for one tree: one that walked in C refuses a second
    ``run`` (its state was never in Python to carry on from).
    """

    def __init__(self, *, with_stats: bool = True) -> None:
        self.blocks: list[Block] = []
        #: What :meth:`run_python` fills (the compiled walk returns its own map instead).
        self.stats: dict[HtmlElement, TextStats] = {}
        self._with_stats = with_stats
        self._open = _Open()
        self._owner: HtmlElement | None = None
        self._pending_br = 0
        self._root: HtmlElement | None = None
        self._soft = False
        #: Cells of data tables: read as parts of their row, not as blocks of their own.
        self._inline_cells: set[HtmlElement] = set()
        self._walked_in_c = False

    def run(self, root: HtmlElement) -> tuple[list[Block], StatsMap]:
        """Blocks of ``root`` in document order and the text statistics of every element (and
        of the root's ancestors); in C when compiled (the statistics then as the compiled
        module's ``TextStatsMap``, equal to the dict), else :meth:`run_python`."""
        if self._walked_in_c:
            raise RuntimeError("this Linearizer has walked a tree already; use a new one per tree")
        if _LINEAR is not None and self._root is None:
            walked = _LINEAR.linearize(root, self._with_stats)
            if walked is not None:  # None: something the C walk does not model (never in parsed HTML)
                self._walked_in_c = True
                self._root = root
                self.blocks = walked[0]
                return walked
        return self.run_python(root)

    def run_python(self, root: HtmlElement) -> tuple[list[Block], dict[HtmlElement, TextStats]]:
        """The reference implementation: what :meth:`run` gives, in Python."""
        # lxml's iterwalk does the walking in C; this loop only reacts to its events. ``frames``
        # holds, for each element entered, the link and bold depths around it (its tail's),
        # whether it owns a block, and the element itself (the parent of the next one left);
        # or None for an element whose subtree was skipped (its tail is read on entry). The
        # commonest cases are handled inline (this loop runs once per element of every page):
        # layout whitespace outside links is only appended, and a break with nothing open
        # only resets the line-break state.
        self._root = root
        frames: list[tuple[int, int, bool, HtmlElement] | None] = []
        owners: list[HtmlElement] = []
        inline_cells = self._inline_cells
        stats = self.stats if self._with_stats else None
        text_ = self._text
        in_link = in_bold = 0
        walker = etree.iterwalk(root, events=_WALK_EVENTS)
        for event, el in walker:
            if event == "end":
                frame = frames.pop()
                if frame is None:
                    continue
                in_link, in_bold, owns_block = frame[0], frame[1], frame[2]
                if owns_block:
                    if self._open.parts:
                        self._hard_break()
                    else:
                        self._soft = False
                        self._pending_br = 0
                    owners.pop()
                    self._owner = owners[-1] if owners else None
                if stats is not None and frames and el in stats:
                    _add_stats(stats, el, frames[-1][3])  # type: ignore[index]
                if el is not root:  # the root's tail lies outside what was asked for
                    tail = el.tail
                    if tail:
                        if in_link or not tail.isspace():
                            text_(tail, in_link, in_bold)
                        else:
                            self._open.parts.append(tail)
                continue
            if event != "start":  # comments, processing instructions: only the tail shows
                tail = el.tail
                if tail:
                    text_(tail, in_link, in_bold)
                continue
            tag = el.tag
            if tag in _SKIP_OR_BREAK:  # invisible subtrees and line breaks: only the tail shows
                walker.skip_subtree()
                frames.append(None)
                if tag == "br":
                    self._pending_br += 1
                    if self._open.parts:
                        self._flush()
                    self._soft = self._pending_br == 1
                tail = el.tail
                if tail:
                    text_(tail, in_link, in_bold)
                continue
            if tag == "table" and is_data_table(el):
                inline_cells.update(el.iter("td", "th"))
            owns_block = False
            if (tag == "td" or tag == "th") and el in inline_cells:
                if any(part.strip() for part in self._open.parts):
                    self._open.parts.append(CELL_SEPARATOR)
            elif tag in BLOCK_TAGS:
                if self._open.parts:
                    self._hard_break()
                else:
                    self._soft = False
                    self._pending_br = 0
                owners.append(el)
                self._owner = el
                owns_block = True
            frames.append((in_link, in_bold, owns_block, el))
            if tag == "a":
                in_link += 1
                href = el.get("href")
                if href:
                    self._open.links.append((href, ""))
            elif tag in BOLD_TAGS:
                in_bold += 1
            text = el.text
            if text:
                if in_link or not text.isspace():
                    text_(text, in_link, in_bold)
                else:
                    self._open.parts.append(text)
        if self._open.parts:
            self._flush()
        if stats is not None:
            _add_stats_to_ancestors(stats, root)
        return self.blocks, self.stats

    def _text(self, text: str, in_link: int, in_bold: int) -> None:
        open_ = self._open
        open_.parts.append(text)
        n = len(text.strip())
        if in_link and open_.links:
            href, sofar = open_.links[-1]
            open_.links[-1] = (href, sofar + text)
        if not n:
            return
        self._pending_br = 0
        if in_link:
            open_.link_chars += n
        if in_bold:
            open_.bold_chars += n
        else:
            open_.plain_chars += n

    def _flush(self) -> None:
        open_ = self._open
        # Every non-blank piece of text counted its characters as bold or plain: without any,
        # the parts are layout whitespace and there is nothing to join.
        text = collapse("".join(open_.parts)) if open_.plain_chars or open_.bold_chars else ""
        owner = self._owner if self._owner is not None else self._root
        if text and owner is not None:
            blocks = self.blocks
            link_chars = min(open_.link_chars, len(text))
            # Positional arguments, in Block's field order: measurably cheaper than keywords
            # for the one constructor call per block of every page.
            blocks.append(
                Block(
                    text,
                    owner,
                    link_chars,
                    HEADING_TAGS.get(owner.tag, 0) if isinstance(owner.tag, str) else 0,
                    open_.bold_chars > 0 and open_.plain_chars == 0,
                    len(blocks),
                    [(href, collapse(t)) for href, t in open_.links] if open_.links else (),
                    self._soft and bool(blocks) and blocks[-1].element is owner,
                )
            )
            if self._with_stats:
                s = self.stats.get(owner)
                if s is None:
                    s = self.stats[owner] = TextStats()
                s.chars += len(text)
                s.link_chars += link_chars
                s.blocks += 1
        open_.reset()
        self._soft = False

    def _hard_break(self) -> None:
        open_ = self._open
        if open_.plain_chars or open_.bold_chars:
            self._flush()
        elif open_.parts:  # layout whitespace only: nothing to keep (reset in place: cheaper)
            open_.parts.clear()
            open_.links.clear()
        self._soft = False
        self._pending_br = 0


def _add_stats(stats: dict[HtmlElement, TextStats], el: HtmlElement, parent: HtmlElement) -> None:
    """Hand ``el``'s sums (when it has any) on to ``parent``."""
    s = stats.get(el)
    if s is None:
        return
    p = stats.get(parent)
    if p is None:
        stats[parent] = TextStats(s.chars, s.link_chars, s.blocks)
    else:
        p.chars += s.chars
        p.link_chars += s.link_chars
        p.blocks += s.blocks


def _add_stats_to_ancestors(stats: dict[HtmlElement, TextStats], root: HtmlElement) -> None:
    """The walk's root's sums count for each of its ancestors too (a box's page, say)."""
    if root not in stats:
        return
    el, parent = root, root.getparent()
    while parent is not None:
        _add_stats(stats, el, parent)
        el, parent = parent, parent.getparent()


def linearize(root: HtmlElement) -> tuple[list[Block], StatsMap]:
    """Blocks of ``root`` in document order and the text statistics of every element."""
    return Linearizer().run(root)


#: What separates the cells of a data table row in its block's text.
CELL_SEPARATOR = " | "
#: A data table's cells are short: at most this long each, and this long on average.
MAX_DATA_CELL_CHARS = 200
MAX_MEAN_DATA_CELL_CHARS = 60


def is_data_table(table: HtmlElement) -> bool:
    """A table of data (rows of short cells), as opposed to one used for page layout: it holds
    no other table, and at least two of its rows have two or more filled cells."""
    tables = table.iter("table")  # the table itself first, then any nested one
    rows = table.iter("tr")
    if next(tables, None) is not table or next(tables, None) is not None:
        return False
    filled_rows = 0
    lengths: list[int] = []
    for row in rows:
        cells = [len("".join(c.itertext()).strip()) for c in row if isinstance(c.tag, str) and c.tag in ("td", "th")]
        if sum(1 for n in cells if n) >= 2:
            filled_rows += 1
        lengths.extend(n for n in cells if n)
    if filled_rows < 2 or not lengths:
        return False
    return max(lengths) <= MAX_DATA_CELL_CHARS and sum(lengths) / len(lengths) <= MAX_MEAN_DATA_CELL_CHARS


def lines(el: HtmlElement) -> list[Block]:
    """The visual lines of a small subtree (a box)."""
    return Linearizer(with_stats=False).run(el)[0]



# --- the compiled walk ---------------------------------------------------------------------------

#: Set to any value but "0" to use the pure-Python walks even when the compiled one is built
#: (debugging, or comparing the two).
PURE_PYTHON_ENV = "ARTICLESCRAPE_PURE_PYTHON"


def _load_compiled() -> tuple[ModuleType | None, str | None]:
    """The compiled walker module, or None and why not. It reads lxml's C structs as laid out
    in the lxml release it was compiled against, so it is used only with exactly that release
    (``lxml.etree.LXML_VERSION``); anything else gets the pure-Python walks, never a crash."""
    if os.environ.get(PURE_PYTHON_ENV, "") not in ("", "0"):
        return None, f"{PURE_PYTHON_ENV} is set"
    try:
        _walk = importlib.import_module(f"{__package__}._walk")
    except ImportError as exc:
        return None, f"the compiled walker is not built ({exc})"
    except Exception as exc:  # noqa: BLE001 - e.g. Cython's check of lxml's type sizes
        return None, f"the compiled walker did not load ({exc!r})"
    if tuple(_walk.LXML_VERSION) != tuple(etree.LXML_VERSION):
        return None, (
            f"the compiled walker was built against lxml {_walk.LXML_VERSION_STRING} but lxml "
            f"{etree.__version__} is installed: reinstall articlescrape to rebuild it"
        )
    return _walk, None


def _make_linear_walker(walk: ModuleType) -> _walk_types.LinearWalker:
    """The compiled linearizer, told this module's tag sets and classes (one source of truth)."""
    return walk.LinearWalker(
        block_tags=BLOCK_TAGS,
        skip_tags=SKIP_TAGS,
        bold_tags=BOLD_TAGS,
        heading_tags=HEADING_TAGS,
        stats_cls=TextStats,
        is_data_table=is_data_table,
        cell_separator=CELL_SEPARATOR,
    )


_WALK, PURE_PYTHON_REASON = _load_compiled()
#: Whether the compiled walks (the linearizer here, the metadata index in
#: :mod:`articlescrape.metadata.base`) are in use; :data:`PURE_PYTHON_REASON` says why not.
COMPILED: bool = _WALK is not None
_LINEAR = _make_linear_walker(_WALK) if _WALK is not None else None
