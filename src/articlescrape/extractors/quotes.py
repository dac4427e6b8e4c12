"""Quotations: pull quotes set apart in boxes, and direct quotations inside the paragraphs.

A pull quote box holds the quoted words and, apart from them, who said them (a ``cite``, a
``footer``, a differently styled last line). Inline quotations are read from sentences of the
forms news writing uses everywhere: ``"...," X said``, ``X said: "..."``, ``X said ... "..."``.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from ..model import Quote
from ..text import collapse
from .alternations import factored
from .blocks import Block, lines
from .boxes import class_words

_ATTRIBUTION_NAMES = re.compile(r"cite|author|attribution|source|name|byline|boxhead|speaker|credit", re.IGNORECASE)
_QUOTE_CHARS = "\"'“”‘’«»„‟‹›「」『』 "
#: Verbs of saying that introduce or close a direct quotation.
SPEECH_VERBS = (
    "said|says|say|told|tells|added|adds|stated|states|claimed|claims|warned|warns|insisted|insists|argued|argues|"
    "explained|explains|wrote|writes|declared|declares|announced|announces|asked|asks|replied|replies|noted|notes|"
    "continued|continues|commented|comments|admitted|admits|urged|urges|stressed|stresses|recalled|recalls|"
    "remarked|remarks|conceded|concedes|acknowledged|acknowledges|suggested|suggests|maintained|maintains"
)
#: SPEECH_VERBS as a trie (see :mod:`.alternations`): tried after every word of a would-be speaker.
#: Each verb is a whole word wherever the patterns below use it (followed by ``\b`` or ``\s``),
#: so at a given place at most one verb can match: the matches, groups included, are the same.
_VERBS = factored(SPEECH_VERBS)
_OPEN = "\"“„«"
_CLOSE = "\"”“»"
#: A quotation: what lies between an opening and a closing mark. The run excludes every closing
#: mark, so the greedy run ends where a lazy one would (at the first closing mark, or nowhere):
#: the same matches, without a test of the closing class after every character.
_QUOTED = re.compile(rf"[{_OPEN}]([^{_OPEN}{_CLOSE}]{{2,600}})[{_CLOSE}]")
#: A speaker: a short noun phrase (up to eight words) — "A foreign ministry spokeswoman", "Mr Smith".
_SPEAKER = r"((?:[A-Z\u00C0-\u024F][\w'’.-]*|[Tt]he|[Aa]n?|[Tt]heir|[Hh]is|[Hh]er|[Ii]ts|[Oo]ur|he|she|they|we|I)(?:,?\s+[\w'’.-]+){0,7}?)"
#: ``"...," X said`` and ``"...," said X``.
_AFTER_QUOTE = re.compile(rf"^\s*,?\s*(?:{_SPEAKER}\s+(?:{_VERBS})\b|(?:{_VERBS})\s+{_SPEAKER}[.,;]?\s*$)")
#: ``X said: "..."`` / ``X said "..."`` / ``X said the thing was "..."``.
_BEFORE_QUOTE = re.compile(rf"(?:^|[.!?]\s+){_SPEAKER},?\s+(?:{_VERBS})\b[^.!?\"“”]*$")


def pull_quote(box: HtmlElement) -> Quote | None:
    """The quote and attribution of a pull-quote box."""
    attribution = None
    for el in box.iter():
        if isinstance(el.tag, str) and el is not box and (el.tag in ("cite", "footer", "figcaption") or any(_ATTRIBUTION_NAMES.search(w) for w in class_words(el))):
            text = collapse(el.text_content())
            if text:
                attribution = text
                break
    texts = [b.text for b in lines(box)]
    if attribution is not None:
        texts = [t for t in texts if t != attribution and not attribution.endswith(t)]
    elif len(texts) >= 2 and len(texts[-1]) < len(texts[0]) and len(texts[-1]) <= 80:
        attribution = texts.pop()
    text = strip_quote_marks(" ".join(texts))
    if not text:
        return None
    if attribution:
        attribution = attribution.lstrip("-–—― ").strip()
    return Quote(text=text, attribution=attribution or None, kind="pull")


def strip_quote_marks(text: str) -> str:
    return collapse(text).strip(_QUOTE_CHARS)


def inline_quotes(paragraphs: list[str]) -> list[Quote]:
    """Direct quotations in running text whose sentence names the speaker."""
    quotes: list[Quote] = []
    for text in paragraphs:
        for match in _QUOTED.finditer(text):
            words = match.group(1)
            speaker = _speaker_after(text[match.end():]) or _speaker_before(text[: match.start()])
            if speaker is None:
                continue
            quotes.append(Quote(text=words, attribution=speaker, kind="inline"))
    return quotes


#: Abbreviations that end in a full stop without ending the sentence ("said Capt. Brekke").
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof rev capt gen col lt sgt maj adm sen rep gov pres st jr sr no vs inc corp co ltd mt ft "
    "jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k".split()
)
_SENTENCE_BREAK = re.compile(r"[.!?]+[\"'”’)]*\s+")


#: Words between a speaker and the verb of saying ("Soros had said", "the minister also said").
_AUXILIARIES = frozenset("had has have was is were are also then later once earlier recently previously would will could "
                         "may might must should did does do again further repeatedly reportedly".split())


def first_sentence(text: str) -> str:
    """``text`` up to the end of its first sentence, not fooled by "Capt." or "U.S."."""
    for match in _SENTENCE_BREAK.finditer(text):
        word = text[: match.start()].rsplit(None, 1)[-1] if text[: match.start()].strip() else ""
        word = word.lower().strip("\"'“(")
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        return text[: match.end()]
    return text


def _speaker_after(rest: str) -> str | None:
    sentence = first_sentence(rest).strip()
    match = _AFTER_QUOTE.match(sentence)
    if not match:
        return None
    return _clean_speaker(match.group(1) or match.group(2))


#: The characters _BEFORE_QUOTE's end (``[^.!?\"“”]*$``) and its speaker leave out after the
#: verb of saying, and that verb with the space before it: a match's verb lies after the last of
#: those characters, so a sentence without one there is no match (asked before the search,
#: which tries a long sentence's every character).
_NOT_AFTER_VERB = ".!?\"“”"
_SAYS = re.compile(rf"\s(?:{_VERBS})\b")


def _speaker_before(before: str) -> str | None:
    if not _SAYS.search(before, max(map(before.rfind, _NOT_AFTER_VERB)) + 1):
        return None
    match = _BEFORE_QUOTE.search(before)
    return _clean_speaker(match.group(1)) if match else None


def _clean_speaker(speaker: str | None) -> str | None:
    if not speaker:
        return None
    speaker = speaker.strip(" ,")
    words = speaker.split()
    while len(words) > 1 and words[-1].lower() in _AUXILIARIES:
        words.pop()
    speaker = " ".join(words)
    if speaker.endswith(".") and speaker[:-1].rsplit(None, 1)[-1].lower() not in _ABBREVIATIONS:
        speaker = speaker[:-1]
    return speaker or None


#: A pull quote repeats at least this many characters of the story's own text.
MIN_PULL_QUOTE_CHARS = 20
_WORDS = re.compile(r"\w+")


def _normalise(text: str) -> str:
    return " ".join(_WORDS.findall(text.casefold()))


def quotable_text(box: HtmlElement) -> str | None:
    """What of a box could repeat the story (its longest line, normalised like
    :func:`story_text`), or None when it is no pull quote whatever the story says. A box that
    repeats a sentence of the story, with at most a name under it, is a pull quote however it
    is styled; asking this first lets the story's text be normalised only for a page with such
    a box."""
    texts = [b.text for b in lines(box)]
    if not 1 <= len(texts) <= 3:
        return None
    quoted = _normalise(strip_quote_marks(max(texts, key=len)))
    return quoted if len(quoted) >= MIN_PULL_QUOTE_CHARS else None


def story_text(blocks: list[Block]) -> str:
    """The body's words, normalised as :func:`quotable_text` normalises a box."""
    return _normalise(" ".join(b.text for b in blocks))


def folded_story(blocks: list[Block]) -> str:
    """The body's text case-folded, as :func:`story_text` folds it before taking its words."""
    return " ".join(b.text for b in blocks).casefold()


def may_repeat(quoted: str, folded: str) -> bool:
    """Whether ``quoted`` (a :func:`quotable_text` answer) can be in the story whose
    :func:`folded_story` is ``folded``: each of its words must occur in that text, since each word
    of :func:`story_text` is a run of word characters of it and a word of ``quoted`` (no space in
    it) lies within one of them. Asked first, it spares the normalising of the whole story (a
    list of its every word) for most quotable boxes (date lines, credits): they hold a word the
    story lacks."""
    return all(word in folded for word in quoted.split(" "))


def story_quotes(quote_boxes: list[HtmlElement], paragraphs: list[Block], blocks: list[Block], *, inline: bool) -> list[Quote]:
    """Pull quotes and (when ``inline``) inline quotations, in the order a reader meets them."""
    placed: list[tuple[int, int, Quote]] = []
    first_of: dict[HtmlElement, int] = {}
    if quote_boxes:
        for block in blocks:
            first_of.setdefault(block.element, block.index)
    for box in quote_boxes:
        quote = pull_quote(box)
        if quote is not None:
            position = min((first_of[el] for el in box.iter() if el in first_of), default=len(blocks))
            placed.append((position, 0, quote))
    if inline:
        for block in paragraphs:
            text = block.text
            # A quotation opens with one of _OPEN: most paragraphs hold none, and are not scanned.
            if '"' in text or "“" in text or "„" in text or "«" in text:
                placed.extend((block.index, n, q) for n, q in enumerate(inline_quotes([text]), start=1))
    return [q for _, _, q in sorted(placed, key=lambda t: (t[0], t[1]))]
