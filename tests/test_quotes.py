"""Pull quotes from boxes, inline quotations from sentences."""

from __future__ import annotations

import lxml.html
import pytest

from articlescrape.extractors.quotes import first_sentence, inline_quotes, pull_quote


@pytest.mark.parametrize(
    ("sentence", "text", "speaker"),
    [
        ('"We have come to the decision to risk our lives," their statement said.', "We have come to the decision to risk our lives,", "their statement"),
        ('"Every inch costs us 270 tons a trip," said Capt. Alan Brekke.', "Every inch costs us 270 tons a trip,", "Capt. Alan Brekke"),
        ('A foreign ministry spokeswoman said the government sought "a proper solution", to the incident.', "a proper solution", "A foreign ministry spokeswoman"),
        ("The club’s secretary, Gordon Mair, said: “We were told this would be a park.”", "We were told this would be a park.", "The club’s secretary, Gordon Mair"),
        ('"You learn not to argue with the lake," he said.', "You learn not to argue with the lake,", "he"),
    ],
)
def test_inline_quotations_with_their_speaker(sentence: str, text: str, speaker: str) -> None:
    quotes = inline_quotes([sentence])
    assert [(q.text, q.attribution, q.kind) for q in quotes] == [(text, speaker, "inline")]


def test_scare_quotes_without_a_speaker_are_not_quotations() -> None:
    assert inline_quotes(['The so-called "missing link" road was shelved in 2008.']) == []


def test_first_sentence_is_not_fooled_by_abbreviations() -> None:
    assert first_sentence("said Capt. Alan Brekke. Then more.") == "said Capt. Alan Brekke. "


def test_pull_quote_box_with_a_named_attribution() -> None:
    box = lxml.html.fragment_fromstring(
        '<div class="story-feature"><blockquote><p>If they had the strength to do it</p></blockquote>'
        '<span class="quote_credit">Rev Jim Marshall, Lamplugh</span></div>'
    )
    quote = pull_quote(box)
    assert quote is not None and (quote.text, quote.attribution, quote.kind) == ("If they had the strength to do it", "Rev Jim Marshall, Lamplugh", "pull")


def test_pull_quote_box_with_the_attribution_as_its_last_line() -> None:
    box = lxml.html.fragment_fromstring(
        '<table align="right"><tr><td><img src="/startquote.gif"> "We appeal to you on our knees and with tears"</td></tr>'
        "<tr><td>Asylum seekers' statement</td></tr></table>"
    )
    quote = pull_quote(box)
    assert quote is not None and (quote.text, quote.attribution) == ("We appeal to you on our knees and with tears", "Asylum seekers' statement")


def test_auxiliary_verbs_are_not_part_of_the_speaker() -> None:
    quotes = inline_quotes(['Hungarian-American investor George Soros had said: "Stock market bubbles do not grow out of thin air."'])
    assert [q.attribution for q in quotes] == ["Hungarian-American investor George Soros"]


def test_quotable_text_is_what_can_repeat_the_story() -> None:
    """Only a box of one to three lines, the longest at least MIN_PULL_QUOTE_CHARS once
    normalised, can repeat the story; the story's text is built only for such boxes."""
    from articlescrape.extractors.blocks import linearize
    from articlescrape.extractors.quotes import quotable_text, story_text

    story_blocks, _ = linearize(lxml.html.fragment_fromstring("<div><p>The minister said the plan would never work, and left.</p></div>"))
    story = story_text(story_blocks)
    quote = lxml.html.fragment_fromstring("<div><p>“The plan would never work”</p><p>The minister</p></div>")
    long_box = lxml.html.fragment_fromstring("<div><p>a line</p><p>b line</p><p>c line</p><p>the plan would never work</p></div>")
    short = lxml.html.fragment_fromstring("<div><p>never work</p></div>")
    assert quotable_text(quote) == "the plan would never work" and "the plan would never work" in story
    assert quotable_text(long_box) is None
    assert quotable_text(short) is None and "never work" in story  # in the story, but too short to be a quote


# --- the speaker before a quotation: the search asked only when a verb of saying ends the text ------
#
# ``_speaker_before`` skips ``_BEFORE_QUOTE.search`` when no verb of saying follows the last
# character the pattern's end leaves out; it must answer as the search itself does, on every text
# before a quotation mark in the fixture and shared pages' blocks and on generated sentences.

from pathlib import Path  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from test_blocks import FIXTURE_PAGES, SHARED_PAGES, page_tree  # noqa: E402

from articlescrape.extractors import quotes  # noqa: E402
from articlescrape.extractors.blocks import Block, linearize  # noqa: E402


def _reference_before(before: str) -> str | None:
    match = quotes._BEFORE_QUOTE.search(before)
    return quotes._clean_speaker(match.group(1)) if match else None


@pytest.mark.parametrize("path", [*FIXTURE_PAGES, *SHARED_PAGES], ids=lambda p: p.name[:16])
def test_speaker_before_matches_the_search_on_pages(path: Path) -> None:
    for block in linearize(page_tree(path))[0]:
        text = block.text
        for i, ch in enumerate(text):
            if ch in quotes._OPEN:
                assert quotes._speaker_before(text[:i]) == _reference_before(text[:i])


SENTENCE_PIECES = ["The minister", " said", " says", " told", "Capt. Smith", " he", "He", " ", ", ", ".", "!", "?", '"', "“", "”", "'",
                   " that", " the plan", " was", " also", "reporters", ":", " U.S.", "saying", " said\n", "\t", "Mr", " Jones", "Ōe"]


@settings(max_examples=5000, deadline=None)
@given(st.lists(st.sampled_from(SENTENCE_PIECES), max_size=10).map("".join))
def test_speaker_before_matches_the_search_on_generated_sentences(before: str) -> None:
    assert quotes._speaker_before(before) == _reference_before(before)


def test_only_paragraphs_with_an_opening_mark_are_scanned() -> None:
    """story_quotes skips a paragraph holding none of _OPEN: the characters it tests are those."""
    assert set(quotes._OPEN) == {'"', "“", "„", "«"}


# --- a box repeating the story: may_repeat never refuses what the normalised story holds -----------

STORY_PIECES = ["The ", "plan", " would", " never ", "work", ", ", "said", " the ", "Minister", ".", "ſtraße", "STRASSE", " ", "«", "»", "x", "ǅ", "İ"]


def _assert_may_repeat_is_only_refused_when_not_held(story_blocks: list[Block], quoted: str) -> bool:
    held = quoted in quotes.story_text(story_blocks)
    if held:
        assert quotes.may_repeat(quoted, quotes.folded_story(story_blocks))
    return held


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.lists(st.sampled_from(STORY_PIECES), max_size=8).map("".join), max_size=4), st.lists(st.sampled_from(STORY_PIECES), max_size=6).map("".join))
def test_may_repeat_holds_what_the_normalised_story_holds(texts: list[str], box_text: str) -> None:
    story_blocks = [Block(t, None, index=i) for i, t in enumerate(texts)]  # type: ignore[arg-type]
    quoted = quotes._normalise(box_text)
    if quoted:
        _assert_may_repeat_is_only_refused_when_not_held(story_blocks, quoted)


@pytest.mark.parametrize("path", [*FIXTURE_PAGES, *SHARED_PAGES], ids=lambda p: p.name[:16])
def test_may_repeat_holds_the_lines_of_the_page_it_holds(path: Path) -> None:
    """Runs of a page's lines, normalised, against the whole page as the story; and a line with
    a word the story lacks is refused."""
    found = linearize(page_tree(path))[0]
    folded = quotes.folded_story(found)
    for block in found[:60]:
        quoted = quotes._normalise(block.text)
        for part in (quoted, quoted[3:40], quoted.rpartition(" ")[0]):
            if part:
                assert _assert_may_repeat_is_only_refused_when_not_held(found, part)
        if quoted:
            assert not quotes.may_repeat(quoted + " zzqxv", folded)


# --- the quotation patterns: verbs as a trie, the quoted run greedy — the same matches and groups ---

import re  # noqa: E402

_REFERENCE = {
    "_QUOTED": re.compile(rf"[{quotes._OPEN}]([^{quotes._OPEN}{quotes._CLOSE}]{{2,600}}?)[{quotes._CLOSE}]"),
    "_AFTER_QUOTE": re.compile(rf"^\s*,?\s*(?:{quotes._SPEAKER}\s+(?:{quotes.SPEECH_VERBS})\b|(?:{quotes.SPEECH_VERBS})\s+{quotes._SPEAKER}[.,;]?\s*$)"),
    "_BEFORE_QUOTE": re.compile(rf"(?:^|[.!?]\s+){quotes._SPEAKER},?\s+(?:{quotes.SPEECH_VERBS})\b[^.!?\"“”]*$"),
    "_SAYS": re.compile(rf"\s(?:{quotes.SPEECH_VERBS})\b"),
}


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple[int, int, tuple[str | None, ...]]]:
    return [(m.start(), m.end(), m.groups()) for m in pattern.finditer(text)] + [
        (m.start(), m.end(), m.groups()) for m in filter(None, [pattern.match(text), pattern.search(text)])
    ]


def _assert_same_quotation_matches(text: str) -> None:
    for name, reference in _REFERENCE.items():
        assert _matches(getattr(quotes, name), text) == _matches(reference, text), (name, text)


@pytest.mark.parametrize("path", [*FIXTURE_PAGES, *SHARED_PAGES], ids=lambda p: p.name[:16])
def test_quotation_patterns_match_as_the_plain_ones_on_pages(path: Path) -> None:
    """Every line, and what follows and precedes each opening mark in it."""
    for block in linearize(page_tree(path))[0]:
        text = block.text
        _assert_same_quotation_matches(text)
        for i, ch in enumerate(text):
            if ch in quotes._OPEN or ch in quotes._CLOSE:
                _assert_same_quotation_matches(text[:i])
                _assert_same_quotation_matches(text[i + 1 :])


@settings(max_examples=5000, deadline=None)
@given(st.lists(st.sampled_from([*SENTENCE_PIECES, " added", " adds", " add", " stated", " states", " noted", " notes", "«", "»", "„", "x" * 30]),
                max_size=12).map("".join))
def test_quotation_patterns_match_as_the_plain_ones_on_generated_sentences(text: str) -> None:
    _assert_same_quotation_matches(text)


@pytest.mark.parametrize("length", [1, 2, 599, 600, 601, 1200])
def test_a_quotation_longer_than_the_run_allows_is_none(length: int) -> None:
    for opening, closing in (('"', '"'), ("“", "”"), ("«", "»")):
        for text in (f"a {opening}{'x' * length}{closing} b", f"{opening}{'y' * length}{opening}{'x' * 5}{closing}"):
            _assert_same_quotation_matches(text)
