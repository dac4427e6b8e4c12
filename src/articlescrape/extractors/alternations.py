"""Alternations of words rewritten as tries: the same matches, tried several times faster.

Python's regex engine tries the branches of an alternation one after the other at every
position of the text: ``caption|figure|photo|...`` with fifty branches costs fifty tests per
character of a class name. Written with their shared leading pieces taken out once —
``c(?:aption|o(?:okie|nsent))|f(?:igure|act...)`` — a position costs a test per distinct first
character and then a few more. The class/id patterns of the extractors are such alternations,
and the strings they are asked about are short and many: most of their cost was this.

:func:`factored` rewrites a pattern so; the rewritten pattern matches at exactly the positions
the original does (each branch is kept whole as a sequence of pieces; only shared prefixes are
written once), so ``search`` finds the same first position and ``match`` succeeds on the same
texts. Which branch matches, how far it reaches, and the numbering of capture groups may
differ: use a factored pattern only to ask whether, or where, a match starts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

#: What may follow an atom as its quantifier(s): ``?``, ``*``, ``+``, ``{m,n}``, each perhaps lazy.
_QUANTIFIER = re.compile(r"(?:[?*+]|\{\d*(?:,\d*)?\})\??")
#: Group openings whose content is a pattern of its own (not a flag, a name or a back-reference).
_PLAIN_GROUP = re.compile(r"\((?:\?(?::|=|!|<=|<!))?")


class _Node:
    __slots__ = ("children", "end")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.end = False


def factored(pattern: str) -> str:
    """``pattern`` with the leading pieces its alternatives share written once (at every level:
    the alternations inside groups too). Raises ValueError for what it does not model: named
    groups, back-references, inline flags, conditionals."""
    return _factor_alternation(pattern)


def _factor_alternation(pattern: str) -> str:
    root = _Node()
    for branch in branches(pattern):
        node = root
        for piece in _pieces(branch):
            node = node.children.setdefault(piece, _Node())
        node.end = True
    return _emit(root, bare=True)


def _emit(node: _Node, *, bare: bool = False) -> str:
    """The pattern of the branches below ``node``; ``bare``: an alternation of several may go
    without a group around it (the whole of a pattern or of a group's content)."""
    alternatives = [piece + _emit(child) for piece, child in node.children.items()]
    if node.end:
        # A branch ends here: the rest is optional (the empty alternative, greedy).
        return f"(?:{'|'.join(alternatives)})?" if alternatives else ""
    if len(alternatives) == 1 or bare:
        return "|".join(alternatives)
    return f"(?:{'|'.join(alternatives)})"


def branches(pattern: str) -> list[str]:
    """The top-level branches of ``pattern`` (split at the ``|`` outside groups and classes)."""
    found: list[str] = []
    start = depth = 0
    for i, char in _plain_characters(pattern, 0):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            found.append(pattern[start:i])
            start = i + 1
    found.append(pattern[start:])
    return found


def _pieces(branch: str) -> list[str]:
    """A branch as its atoms, each with the quantifier that follows it; a group's content is
    factored in turn."""
    pieces: list[str] = []
    i = 0
    while i < len(branch):
        char = branch[i]
        if char == "\\":
            if i + 1 >= len(branch) or branch[i + 1].isdigit() or branch[i + 1] in "gk":
                raise ValueError(f"a back-reference or a dangling escape: {branch!r}")
            atom, i = branch[i : i + 2], i + 2
        elif char == "[":
            end = _class_end(branch, i)
            atom, i = branch[i:end], end
        elif char == "(":
            end = _group_end(branch, i)
            opening = _PLAIN_GROUP.match(branch, i)
            assert opening is not None  # a group starts with "("
            if opening.end() == i + 1 and branch[i + 1 : i + 2] == "?":  # "(?" of another kind
                raise ValueError(f"a named group, an inline flag or a conditional: {branch!r}")
            inner = branch[opening.end() : end - 1]
            atom, i = branch[i : opening.end()] + _factor_alternation(inner) + ")", end
        elif char in "*+?{)":
            raise ValueError(f"a quantifier or a parenthesis with nothing before it: {branch!r}")
        else:
            atom, i = char, i + 1
        quantifier = _QUANTIFIER.match(branch, i)
        if quantifier is not None:
            atom, i = atom + quantifier.group(), quantifier.end()
        pieces.append(atom)
    return pieces


def _class_end(pattern: str, start: int) -> int:
    """The position after the character class opening at ``start``."""
    i = start + 1
    if pattern[i : i + 1] == "^":
        i += 1
    if pattern[i : i + 1] == "]":  # a "]" first is a member
        i += 1
    while i < len(pattern):
        if pattern[i] == "\\":
            i += 2
            continue
        if pattern[i] == "]":
            return i + 1
        i += 1
    raise ValueError(f"an unclosed class: {pattern!r}")


def _group_end(pattern: str, start: int) -> int:
    """The position after the group opening at ``start``."""
    depth = 0
    for i, char in _plain_characters(pattern, start):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i + 1
    raise ValueError(f"an unclosed group: {pattern!r}")


def _plain_characters(pattern: str, start: int) -> Iterator[tuple[int, str]]:
    """Each character of ``pattern`` from ``start`` that is neither escaped nor in a character
    class, with its position: escapes and classes are stepped over whole."""
    i = start
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
        elif char == "[":
            i = _class_end(pattern, i)
        else:
            yield i, char
            i += 1


def compile_factored(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """:func:`factored` of a compiled pattern, with its flags."""
    return re.compile(factored(pattern.pattern), pattern.flags)
