"""Bounded memos of pure functions over short strings a page repeats (class and id values).

A page names a few dozen classes over hundreds of elements, and every element's names are
tested against the same patterns: remembering the verdict per string spares the regex work.
The functions are pure, so a memo never changes an answer; its size is bounded, so a batch
over millions of pages cannot grow it.

Every memo is registered here so that :func:`clear_memos` can empty them all: the speed
benchmark does so before each page, so that running the same pages several times never
flatters the figures (a batch over one site's pages does profit across pages).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

#: Entries per memo: far more distinct names than one page uses, small next to a page's tree.
MEMO_SIZE = 4096

_MEMOS: list[Any] = []


def memo(function: F) -> F:
    """``function``, remembered per argument (bounded to :data:`MEMO_SIZE` entries)."""
    cached = lru_cache(maxsize=MEMO_SIZE)(function)
    _MEMOS.append(cached)
    return cached  # type: ignore[return-value]


def clear_memos() -> None:
    """Empty every memo (for benchmarks and tests; answers never depend on it)."""
    for cached in _MEMOS:
        cached.cache_clear()
