"""The page language when the page does not declare one (``<html lang>``, ``og:locale``,
Content-Language, JSON-LD ``inLanguage`` are read by the other readers and always outrank this).
These are guesses: ``Metadata.language()`` ignores them unless asked (``guess=True``), since the
Article contract reports the declared language only.

Archived pages of the 2000s rarely declare a language. Three cheap signals, weakest last:
a national legacy charset (``gb2312`` → zh, ``shift_jis`` → ja), the writing system of the text
(kana → ja, hangul → ko, Han → zh, Arabic, Hebrew, Thai, Greek), and for Latin-script text the
counts of each candidate language's commonest function words. The text sample is bounded
(the first few thousand characters of the body), so the cost does not grow with the page.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from .base import Candidate, Page

SOURCE_CHARSET = "charset"
SOURCE_SCRIPT = "writing-system"
SOURCE_WORDS = "function-words"
#: Sources that infer rather than read a declaration (``Metadata.language(guess=True)`` only).
GUESSED_SOURCES = frozenset({SOURCE_CHARSET, SOURCE_SCRIPT, SOURCE_WORDS})

_SAMPLE_CHARS = 8_000
_SKIP_TAGS = frozenset({"script", "style", "noscript", "textarea", "select", "option"})

_CHARSET_LANG: Mapping[str, str] = MappingProxyType(
    {
        "gb2312": "zh", "gbk": "zh", "gb18030": "zh", "hz-gb-2312": "zh", "x-gbk": "zh",
        "big5": "zh-TW", "big5-hkscs": "zh-HK",
        "shift_jis": "ja", "shift-jis": "ja", "sjis": "ja", "x-sjis": "ja", "euc-jp": "ja", "iso-2022-jp": "ja",
        "euc-kr": "ko", "ks_c_5601-1987": "ko", "iso-2022-kr": "ko",
        "koi8-r": "ru", "koi8-u": "uk",
        "windows-1256": "ar", "iso-8859-6": "ar",
        "windows-1255": "he", "iso-8859-8": "he", "iso-8859-8-i": "he",
        "tis-620": "th", "windows-874": "th",
        "iso-8859-7": "el", "windows-1253": "el",
        "windows-1254": "tr", "iso-8859-9": "tr",
    }
)
_CHARSET = re.compile(r"charset\s*=\s*['\"]?([\w:.-]+)", re.IGNORECASE)

_SCRIPTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("kana", re.compile(r"[\u3040-\u30ff]")),
    ("hangul", re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")),
    ("han", re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
)
#: Any character of the writing systems above.
_ANY_SCRIPT = re.compile("[" + "".join(rx.pattern.strip("[]") for _, rx in _SCRIPTS) + "]")
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

_FUNCTION_WORDS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "en": frozenset("the and of to is that with for was on are this from have has by which were been it".split()),
        "fr": frozenset("le la les des est et une du dans que qui pour pas sur au aux sont avec ce il".split()),
        "de": frozenset("der die und das ist nicht mit den von zu ein eine auch sich dem auf für im des wird".split()),
        "es": frozenset("el los las del que y en una por con para es se al como más su lo fue pero".split()),
        "it": frozenset("il della che di e per una non sono del nel alla gli con più anche è delle ha questo".split()),
        "pt": frozenset("o os as que do da em um uma para com não dos das no na é se mais por".split()),
        "nl": frozenset("de het een van en is dat op te niet met zijn voor ook aan er bij wordt door maar".split()),
    }
)
#: Hits needed, and the lead over the runner-up, before the function-word count is believed.
#: Each function word's languages, in the order of _FUNCTION_WORDS (so counts, and ties among
#: them, come out as a loop over every language per word would give, at one look-up a word).
_LANGUAGES_OF_WORD: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        word: tuple(lang for lang, words in _FUNCTION_WORDS.items() if word in words)
        for word in sorted(set().union(*_FUNCTION_WORDS.values()))
    }
)
_MIN_HITS = 12
_MIN_LEAD = 1.3


def charset_language(page: Page) -> str | None:
    """The language a national legacy charset implies (None for Unicode and Latin charsets)."""
    for content in page.get("content-type"):
        m = _CHARSET.search(content)
        if m:
            return _CHARSET_LANG.get(m.group(1).lower())
    return None


def text_sample(page: Page, limit: int = _SAMPLE_CHARS) -> str:
    """The first ``limit`` characters of the body's text, scripts and styles left out."""
    body = page.root.find("body")
    if body is None:
        return ""
    parts: list[str] = []
    size = 0
    for el in body.iter():
        if size >= limit:
            break
        # Each read of .text or .tail builds a new string: each is read once.
        tag = el.tag
        if tag.__class__ is str and tag not in _SKIP_TAGS:
            text = el.text
            if text:
                parts.append(text)
                size += len(text)
        if el is not body:
            tail = el.tail
            if tail:
                parts.append(tail)
                size += len(tail)
    return " ".join(parts)[:limit]


def script_language(text: str) -> str | None:
    """The language a non-Latin writing system implies, when it dominates the letters."""
    # Without a single character of these writing systems every count is 0 and no rule below
    # can hold: one scan answers most pages (Latin text) without counting anything.
    if _ANY_SCRIPT.search(text) is None:
        return None
    letters = len(_LETTER.findall(text))
    if letters < 20:
        return None
    counts = {name: len(rx.findall(text)) for name, rx in _SCRIPTS}
    cjk = counts["kana"] + counts["han"]
    if counts["kana"] > 0.05 * max(cjk, 1) and cjk > 0.3 * letters:
        return "ja"
    if counts["hangul"] > 0.3 * letters:
        return "ko"
    if counts["han"] > 0.3 * letters:
        return "zh"
    for name in ("ar", "he", "th", "el"):
        if counts[name] > 0.3 * letters:
            return name
    return None


def function_word_language(text: str) -> str | None:
    """The Latin-script language whose commonest words occur most, when clearly ahead."""
    scores: Counter[str] = Counter()
    languages_of = _LANGUAGES_OF_WORD.get
    for word in _WORD.findall(text.lower()):
        for lang in languages_of(word, ()):
            scores[lang] += 1
    ranked = scores.most_common(2)
    if not ranked or ranked[0][1] < _MIN_HITS:
        return None
    if len(ranked) > 1 and ranked[0][1] < _MIN_LEAD * ranked[1][1]:
        return None
    return ranked[0][0]


_DECLARED_KEYS = ("content-language", "language", "og:locale", "dc.language", "dcterms.language", "inlanguage")


def declares_language(page: Page) -> bool:
    """Whether the page states its language somewhere the other readers look."""
    if page.lang or any(page.meta.get(k) for k in _DECLARED_KEYS):
        return True
    return any(isinstance(v, dict) and "inLanguage" in v for v in page.ld)


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the guesses are made from, taken from the page as it came (before any cleaning):
    the language a legacy charset implies, and the title and the start of the body's text."""

    charset_language: str | None
    sample: str


def evidence(page: Page) -> Evidence | None:
    """The page's :class:`Evidence`; None (and no text sampling) when it declares its language."""
    if declares_language(page):
        return None
    return Evidence(charset_language(page), " ".join(filter(None, [page.title, text_sample(page)])))


def guesses(found: Evidence | None) -> list[Candidate]:
    """Weak language candidates from the charset, the writing system and function words."""
    if found is None:
        return []
    out: list[Candidate] = []
    if found.charset_language:
        out.append(Candidate("language", found.charset_language, SOURCE_CHARSET, 0.35))
    lang = script_language(found.sample)
    if lang:
        out.append(Candidate("language", lang, SOURCE_SCRIPT, 0.3))
    else:
        lang = function_word_language(found.sample)
        if lang:
            out.append(Candidate("language", lang, SOURCE_WORDS, 0.25))
    return out


def read(page: Page) -> list[Candidate]:
    """Weak language candidates from the charset, the writing system and function words;
    nothing (and no text sampling) when the page declares its language."""
    return guesses(evidence(page))
