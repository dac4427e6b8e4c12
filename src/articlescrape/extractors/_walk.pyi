"""Type stub of the compiled walker (``_walk.pyx``); see that file for why it exists."""

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from typing import Any, Final, overload

from lxml import etree

#: The lxml release whose headers the module was compiled against, e.g. ``"6.1.3"``.
LXML_VERSION_STRING: str
#: The same as ``lxml.etree.LXML_VERSION`` spells it.
LXML_VERSION: tuple[int, int, int, int]

class LinearWalker:
    def __init__(
        self,
        *,
        block_tags: Collection[str],
        skip_tags: Collection[str],
        bold_tags: Collection[str],
        heading_tags: Mapping[str, int],
        stats_cls: Callable[..., Any],
        is_data_table: Callable[[Any], bool],
        cell_separator: str,
    ) -> None: ...
    def linearize(self, root: etree._Element, with_stats: bool = True) -> tuple[list[Block], TextStatsMap] | None: ...

class Block:
    """``blocks.Block`` as the compiled walk makes it: read-only, not GC-tracked, equal to the
    Python walk's block with the same values."""

    text: Final[str]
    element: Final[Any]
    link_chars: Final[int]
    heading: Final[int]
    bold: Final[bool]
    index: Final[int]
    links: Final[Sequence[tuple[str, str]]]
    soft: Final[bool]
    def __init__(
        self,
        text: str,
        element: Any,
        link_chars: int = 0,
        heading: int = 0,
        bold: bool = False,
        index: int = 0,
        links: Sequence[tuple[str, str]] = (),
        soft: bool = False,
    ) -> None: ...
    @property
    def link_density(self) -> float: ...
    def __eq__(self, other: object) -> bool: ...

class Links(Sequence[tuple[str, str]]):
    """A block's ``(href, text)`` pairs, held as two strings: not GC-tracked; equal to a list or
    tuple of the same pairs."""

    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[tuple[str, str]]: ...
    @overload
    def __getitem__(self, index: int) -> tuple[str, str]: ...
    @overload
    def __getitem__(self, index: slice) -> list[tuple[str, str]]: ...
    def __eq__(self, other: object) -> bool: ...

def _links_from_pairs(pairs: Iterable[tuple[str, str]]) -> Links: ...

class TextStatsMap(Mapping[Any, Any]):
    """Read-only: the sums in C, a ``TextStats`` made per lookup; equal to the Python walk's dict."""

    def __getitem__(self, key: object) -> Any: ...
    def __iter__(self) -> Iterator[Any]: ...
    def __len__(self) -> int: ...

class PageWalker:
    def __init__(
        self,
        *,
        judged_tags: Collection[str],
        indexed_tags: Collection[str],
        non_text_tags: Collection[str],
        class_hint: Callable[[str], object],
        hiding_class: Callable[[str], bool],
        ld_json_type: Callable[[str], object],
        loads_tolerant: Callable[[str], list[Any]],
        index_meta: Callable[[Any, dict[str, list[str]]], None],
        index_link: Callable[[Any, dict[str, list[str]]], None],
        title_of: Callable[[Any], str | None],
        digit: Callable[[str], object],
        text_node: Callable[[str, Any, bool], Any],
        max_text: int,
        class_hint_words: Collection[str] | None = None,
        hiding_class_words: Collection[str] | None = None,
        meta_attributes: Collection[str] | None = None,
        min_text: int = 0,
        no_text_within: Collection[str] = (),
    ) -> None: ...
    def index(self, root: etree._Element, declarations: list[Any] | None = None) -> tuple[Any, ...] | None: ...
    def index_noting_replay(
        self, root: etree._Element, declarations: list[Any], replay: ReplayScan
    ) -> tuple[tuple[Any, ...] | None, bool | None]: ...

def utf8_facts(data: bytes) -> tuple[int, bool] | None: ...

class ReplayScan:
    def __init__(
        self,
        *,
        prefix: str,
        prefixed_attributes: Collection[str],
        ids: Collection[str],
        script_marker: str,
        comment_words: Collection[str],
        rewritten: Callable[[str], object],
        archive_comment: Callable[[str], bool],
        comment_markers: Collection[str] | None = None,
    ) -> None: ...
    def may_be_replay(self, root: etree._Element) -> bool | None: ...

class BoxWalker:
    def __init__(
        self,
        *,
        always_tags: Collection[str],
        never_tags: Collection[str],
        quote_tags: Collection[str],
        floats_tags: Collection[str],
        narrow_tags: Collection[str],
        image_tags: Collection[str],
        named: Callable[[str], bool],
        max_image_chars: int,
        named_words: Collection[str] | None = None,
        named_prefixes: Collection[str] | None = None,
    ) -> None: ...
    def find(
        self,
        container: etree._Element,
        stats: Mapping[Any, Any],
        extra: Collection[Any],
        judge: Callable[[Any], Any],
        skip: Iterable[Any] = (),
    ) -> list[Any] | None: ...

class TrailScan:
    def __init__(self, *, tags: Collection[str], names_words: Collection[str]) -> None: ...
    def find(
        self, root: etree._Element, label_test: Callable[[str], object], names_test: Callable[[str], object]
    ) -> list[Any] | None: ...
    def first(
        self, root: etree._Element, label_test: Callable[[str], object], names_test: Callable[[str], object], after: Any = None
    ) -> Any: ...

def positions(root: etree._Element) -> PositionMap | None: ...

class NameScan:
    def __init__(self, *, tags: Collection[str], never_tags: Collection[str], names_words: Collection[str]) -> None: ...
    def find(self, root: etree._Element, names_test: Callable[[str], object], first: bool = False) -> list[Any] | None: ...

class HrefScan:
    def __init__(self, *, tag: str, attributes: Collection[str], words: Collection[str]) -> None: ...
    def find(self, root: etree._Element) -> list[Any] | None: ...

class NamedAncestry:
    def __init__(
        self, *, names_test: Callable[[str], object], skip_tags: Collection[str], names_words: Collection[str] | None = None
    ) -> None: ...
    def __call__(self, el: etree._Element) -> bool | None: ...

class ProseScorer:
    def __init__(
        self,
        *,
        paragraph_tags: Collection[str],
        stop_tags: Collection[str],
        shares: Sequence[float],
        max_link_density: float,
        points_per_100_chars: float,
        max_length_points: float,
        comma_chars: str,
        unlikely_factor: float,
        unlikely_test: Callable[[str], object],
        unlikely_words: Collection[str],
        never_unlikely_tags: Collection[str],
        negative_words: Collection[str],
        positive_words: Collection[str],
        negative_factor: float,
        positive_factor: float,
        names_factor: Callable[[str], float],
    ) -> None: ...
    def score(self, blocks: Sequence[Any], stats: Mapping[Any, Any], min_chars: int, prose: list[Any]) -> dict[Any, float] | None: ...

def blocks_within(blocks: Iterable[Any], tops: Iterable[etree._Element], holes: Iterable[etree._Element]) -> list[Any] | None: ...

class PositionMap(Mapping[Any, int]):
    """Read-only: the nodes' positions in C, found by node; equal to ``{el: i for i, el in enumerate(root.iter())}``."""

    def __getitem__(self, key: object) -> int: ...
    def __iter__(self) -> Iterator[Any]: ...
    def __len__(self) -> int: ...

class Remover:
    """``clean.clean``'s tag-only verdicts and removals over its suspects, on the C tree."""

    def __init__(
        self,
        *,
        drop_tags: Collection[str],
        python_tags: Collection[str] | None = None,
        aria_visible_tags: Collection[str] | None = None,
        hiding_styles: Collection[tuple[str, str]] | None = None,
        hiding_class_words: Collection[str] | None = None,
    ) -> None: ...
    def remove(
        self, suspects: list[Any], judge: Callable[[Any], object], drop: Callable[[Any], object], comments_doomed: bool
    ) -> int | None: ...

def comment_text_in(nodes: Iterable[Any], wanted: Collection[str]) -> bool | None: ...
def meta_name_in(nodes: Iterable[Any], wanted: Collection[str]) -> bool | None: ...
def declares_attributes(element: Any) -> bool | None: ...
