"""Alternations rewritten as tries must match where the originals match."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articlescrape.extractors.alternations import branches, compile_factored, factored

ATOMS = ["a", "b", "c", "ab", "ba", "abc", "[ab]", "[^a]", "[-_]", r"\b", r"\.", ".", "^", "$", " ", "(a|b)", "(?:a|bc)", "(?:ab|ac|b)", "(?=a)",
         "(?!b)", "(a(b|c)|ab)"]
QUANTIFIERS = ["", "", "", "?", "*", "+", "{1,2}", "??"]
PIECES = st.tuples(st.sampled_from(ATOMS), st.sampled_from(QUANTIFIERS)).map(lambda t: t[0] + t[1] if t[0] not in ("^", "$", r"\b") else t[0])
BRANCHES = st.lists(PIECES, min_size=1, max_size=5).map("".join)
PATTERNS = st.lists(BRANCHES, min_size=1, max_size=6).map("|".join)
TEXTS = st.lists(st.sampled_from(["a", "b", "c", "A", "B", ".", " ", "-", "_", "\n", "ab", "abc"]), max_size=10).map("".join)


def assert_same_matches(original: re.Pattern[str], rewritten: re.Pattern[str], text: str) -> None:
    found, refound = original.search(text), rewritten.search(text)
    assert (found and found.start()) == (refound and refound.start())
    assert (original.match(text) is None) == (rewritten.match(text) is None)
    assert (original.fullmatch(text) is None) == (rewritten.fullmatch(text) is None)


@settings(max_examples=3000, deadline=None)
@given(PATTERNS, st.lists(TEXTS, min_size=1, max_size=5), st.sampled_from([0, re.IGNORECASE]))
def test_a_factored_pattern_matches_where_the_original_does(pattern: str, texts: list[str], flags: int) -> None:
    original = re.compile(pattern, flags)
    rewritten = compile_factored(original)
    for text in texts:
        assert_same_matches(original, rewritten, text)


def test_shared_leading_pieces_are_written_once() -> None:
    assert factored("caption|cookie|consent|figure") == "c(?:aption|o(?:okie|nsent))|figure"
    assert factored("comments?|comment-?list") == "comment(?:s?|-?list)"
    assert factored("ab|ab") == "ab"
    assert factored("a|ab") == "a(?:b)?"
    assert factored("^(x|xy)$") == "^(x(?:y)?)$"
    assert factored(r"\.(mp3|mp4)(\?|$)") == r"\.(mp(?:3|4))(\?|$)"


@pytest.mark.parametrize("pattern", [r"(?P<x>a)|b", r"(a)\1", r"(?i)a|b", r"(?(1)a|b)", r"a|*b", r"a|(b", r"a|[b"])
def test_what_is_not_modelled_is_refused(pattern: str) -> None:
    with pytest.raises((ValueError, re.error)):
        re.compile(factored(pattern))


# --- every trie the extractors use, against the pattern it stands for --------------------------------
#
# Each fast pattern must find a match where its original does (and, for those whose match start is
# used, at the same start): on every class/id string and word and every line of the fixture and shared
# pages, and on generated strings of the patterns' own words with case folding's special characters.

from pathlib import Path  # noqa: E402

from test_blocks import FIXTURE_PAGES, SHARED_PAGES, page_tree  # noqa: E402

from articlescrape.extractors import body, boxes, headline, media  # noqa: E402
from articlescrape.extractors.blocks import linearize  # noqa: E402

#: (name, the original's test, the fast test): each answers whether (or where) a text matches.
PAIRS = [
    ("BOX_NAMES", lambda t: boxes.BOX_NAMES.search(t) is not None, boxes._BOX_WORD.search),
    ("BODY_NAMES", lambda t: boxes.BODY_NAMES.match(t) is not None, lambda t: boxes._BODY_NAMES_FAST.match(t) is not None),
    ("MEDIA_HREF", lambda t: boxes.MEDIA_HREF.search(t) is not None, boxes.MEDIA_HREF_FAST.search),
    *[(f"KIND_NAMES {kind}", lambda t, p=pattern: p.search(t) is not None, lambda t, f=fast: f.search(t.lower()) is not None)
      for (kind, pattern), (_, fast) in zip(boxes.KIND_NAMES, boxes._KIND_NAMES_ASCII)],
    ("any KIND_NAMES", lambda t: any(p.search(t) for _, p in boxes.KIND_NAMES), lambda t: boxes._ANY_KIND_ASCII.search(t.lower()) is not None),
    ("BODY_NAMES ASCII", lambda t: boxes.BODY_NAMES.match(t) is not None, lambda t: boxes._BODY_NAMES_ASCII.match(t.lower()) is not None),
    ("NEGATIVE_NAMES", lambda t: body.NEGATIVE_NAMES.search(t) is not None, body._NEGATIVE.search),
    ("POSITIVE_NAMES", lambda t: body.POSITIVE_NAMES.search(t) is not None, body._POSITIVE.search),
    ("UNLIKELY_NAMES", lambda t: body.UNLIKELY_NAMES.search(t) is not None, body._UNLIKELY.search),
    ("MAYBE_NAMES", lambda t: body.MAYBE_NAMES.search(t) is not None, body._MAYBE.search),
    ("_TRAILER", lambda t: body._TRAILER.search(t) is not None, body._TRAILER_FAST.search),
    ("_HEADLINE_NAMES", lambda t: any(headline._HEADLINE_NAMES.search(w) for w in t.split()), headline._HEADLINE_NAMES_IN_STRING.search),
    ("_VIDEO", lambda t: (m := media._VIDEO.search(t)) and m.start(), lambda t: (m := media._VIDEO_ASCII.search(t.lower())) and m.start() if t.isascii() else None),
    ("_AUDIO", lambda t: (m := media._AUDIO.search(t)) and m.start(), lambda t: (m := media._AUDIO_ASCII.search(t.lower())) and m.start() if t.isascii() else None),
]
#: The tries of lower-cased text answer only ASCII texts (others go to the patterns themselves).
_ASCII_ONLY = {"_VIDEO", "_AUDIO", "any KIND_NAMES", "BODY_NAMES ASCII", *(f"KIND_NAMES {kind}" for kind, _ in boxes.KIND_NAMES)}
#: Those whose match start is used, not only whether there is one.
_STARTS = {"_VIDEO", "_AUDIO"}


def _assert_pairs_agree(text: str) -> None:
    for name, original, fast in PAIRS:
        if name in _ASCII_ONLY and not text.isascii():
            continue
        assert bool(original(text)) == bool(fast(text)) and (name not in _STARTS or original(text) == fast(text)), (name, text)


@pytest.mark.parametrize("path", [*FIXTURE_PAGES, *SHARED_PAGES], ids=lambda p: p.name[:16])
def test_the_tries_match_where_their_patterns_do_on_pages(path: Path) -> None:
    root = page_tree(path)
    for el in root.iter():
        if isinstance(el.tag, str):
            names = f"{el.get('class') or ''} {el.get('id') or ''}"
            for text in (names, *names.split(), el.get("href") or "", el.get("src") or ""):
                _assert_pairs_agree(text)
    for block in linearize(root)[0]:
        _assert_pairs_agree(block.text)


WORD_PIECES = ["caption", "photo", "quote", "pull", "facts", "box", "video", "audio", "media", "player", "emp", "tools", "meta", "-meta", "info",
               "story", "body", "article", "content", "main", "comment", "comments", "list", "side", "bar", "nav", "most", "-read", "popular",
               "footer", "hidden", "foot", "headline", "hed", "title", "copyright", "©", "(c)", "all rights reserved", "updated at ", "reporting by",
               ".mp3", ".mp4", "?", "/video/", "popup", "watch", "listen", "tv", "/av/", ".ram", "podcast", "sound", "radio", "ſ", "K", "İ", "ı",
               "\n", "\t", " ", "_", "-", "x", "A", "Q"]


@settings(max_examples=5000, deadline=None)
@given(st.lists(st.sampled_from(WORD_PIECES), max_size=6).map("".join))
def test_the_tries_match_where_their_patterns_do_on_generated_strings(text: str) -> None:
    _assert_pairs_agree(text)
    _assert_pairs_agree(text.upper())


def test_branches_split_only_at_the_top_level() -> None:
    """A "|" inside a group, a class or after a backslash does not split."""
    assert branches(r"a|b(c|d)|[|x]e|f\|g|h") == ["a", "b(c|d)", "[|x]e", r"f\|g", "h"]
    assert branches("one") == ["one"]
