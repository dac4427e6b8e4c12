"""Encodings of old pages: BOM, HTTP charset, <meta>, detection, and the labels that lie."""

from __future__ import annotations

import codecs
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articlescrape import decode as decode_module
from articlescrape.decode import Decoded, decode, normalise_label, sniff_meta
from articlescrape.errors import DecodeError
from articlescrape.extractors import blocks

RUSSIAN = "Президент России заявил, что переговоры продолжатся на следующей неделе в Москве. Министр иностранных дел подтвердил эту информацию журналистам."
JAPANESE = "東京の株式市場は今日、大幅に値下がりしました。政府は経済対策を発表する予定です。専門家は景気の先行きに懸念を示しています。"
CHINESE = "北京市政府今天宣布，将在明年实施新的交通管理措施。专家认为这些措施将有效缓解城市交通拥堵问题。"
CURLY = "Officials said the \u201cworst is not over yet\u201d \u2013 repairs will cost \u00a32m, or \u20ac3m \u2026"


def _page(text: str, meta: str = "") -> str:
    return f"<html><head>{meta}<title>t</title></head><body><p>{text}</p><p>{text}</p></body></html>"


def test_iso_8859_1_label_on_windows_1252_bytes_is_read_as_windows_1252() -> None:
    data = _page(CURLY).encode("cp1252")
    for http, meta in (("ISO-8859-1", ""), (None, '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'), ("latin1", ""), ("us-ascii", "")):
        decoded = decode(_page(CURLY, meta).encode("cp1252") if meta else data, http)
        assert CURLY in decoded.text and decoded.encoding == "cp1252"
    assert decode(data, "ISO-8859-1").evidence == "http"


@pytest.mark.parametrize(("text", "codec", "label", "expected"), [
    (RUSSIAN, "koi8_r", "KOI8-R", "koi8-r"),
    (JAPANESE, "shift_jis", "Shift_JIS", "cp932"),
    (CHINESE, "gb2312", "GB2312", "gb18030"),
    (CURLY, "cp1252", "windows-1252", "cp1252"),
])
def test_legacy_encodings_by_label_and_by_detection(text: str, codec: str, label: str, expected: str) -> None:
    data = _page(text).encode(codec)
    by_http = decode(data, label)
    assert text in by_http.text and by_http.encoding == expected and by_http.evidence == "http"
    by_meta = decode(_page(text, f'<meta charset="{label}">').encode(codec))
    assert text in by_meta.text and by_meta.evidence == "meta"
    detected = decode(data)
    assert text in detected.text and detected.evidence == "detected"


def test_http_charset_wins_over_meta() -> None:
    data = _page(RUSSIAN, '<meta charset="windows-1251">').encode("koi8_r")
    assert RUSSIAN in decode(data, "koi8-r").text


@pytest.mark.parametrize(("bom", "codec"), [(b"", "utf-16"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"), (b"", "utf-8-sig"), (b"", "utf-32")])
def test_byte_order_marks_and_utf16(bom: bytes, codec: str) -> None:
    data = bom + _page(JAPANESE).encode(codec)
    decoded = decode(data, "iso-8859-1")  # the BOM beats a wrong header
    assert JAPANESE in decoded.text and decoded.evidence == "bom" and not decoded.text.startswith("\ufeff")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognised(codec: str) -> None:
    decoded = decode(_page(RUSSIAN).encode(codec), None)
    assert RUSSIAN in decoded.text and decoded.encoding == codec


def test_labels_that_lie() -> None:
    cp1252 = _page(CURLY).encode("cp1252")
    wrong_utf8 = decode(cp1252, "utf-8")  # a server that says UTF-8 about windows-1252 bytes
    assert CURLY in wrong_utf8.text and wrong_utf8.evidence == "detected"
    utf8 = _page(CURLY).encode("utf-8")
    assert CURLY in decode(utf8, "iso-8859-1").text  # valid UTF-8 behind a legacy label is UTF-8
    utf16_meta = _page(CURLY, '<meta charset="utf-16">').encode("utf-8")
    assert CURLY in decode(utf16_meta).text  # a UTF-16 label on ASCII-compatible bytes is ignored
    assert decode(b"<p>plain</p>", "x-no-such-charset").text == "<p>plain</p>"


def test_meta_after_the_archive_injected_scripts_is_found() -> None:
    head = "<script>" + "var x = 1;" * 600 + "</script>"
    data = _page(RUSSIAN, head + '<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">').encode("koi8_r")
    assert sniff_meta(data) == "koi8-r"
    assert RUSSIAN in decode(data).text


def test_binary_and_empty_are_refused_with_the_target() -> None:
    with pytest.raises(DecodeError, match="x.bin: binary content"):
        decode(b"\x00\x01\x02\x03" * 500 + b"\xff\x00\x00\x10" * 100, target="x.bin")
    with pytest.raises(DecodeError, match="empty.html: empty document"):
        decode(b"", target="empty.html")


def test_label_normalisation() -> None:
    assert normalise_label("ISO-8859-1") == "cp1252" and normalise_label('"Latin1"') == "cp1252"
    assert normalise_label("Shift_JIS") == "cp932" and normalise_label("windows-31j") == "cp932"
    assert normalise_label("GB2312") == "gb18030" and normalise_label("x-gbk") == "gb18030"
    assert normalise_label("KOI8-R") == codecs.lookup("koi8_r").name
    assert normalise_label("nonsense") is None and normalise_label(None) is None


# --- valid UTF-8 without building the text -------------------------------------------------------

_UTF8_FACTS = blocks._WALK.utf8_facts if blocks._WALK is not None else None
needs_compiled = pytest.mark.skipif(_UTF8_FACTS is None, reason="the compiled module is not built")


def _python_facts(data: bytes) -> tuple[int, bool] | None:
    """What utf8_facts must answer: the length of Python's strict decoding and whether it holds U+FFFD."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return len(text), "\ufffd" in text


def _sequences() -> list[bytes]:
    """Every one- and two-byte string; every lead byte from 0xC0 with every second byte and
    the edges of the third and fourth; so every boundary of the well-formed table is crossed."""
    edges = (0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBD, 0xBF, 0xC0, 0xFF)
    out = [bytes([a]) for a in range(256)] + [bytes([a, b]) for a in range(256) for b in range(256)]
    for lead in range(0xC0, 0x100):
        for second in range(256):
            for third in edges:
                out.append(bytes([lead, second, third]))
                out.extend(bytes([lead, second, third, fourth]) for fourth in edges)
    return out


@needs_compiled
def test_utf8_facts_answer_as_pythons_strict_decoder_on_every_boundary() -> None:
    assert _UTF8_FACTS is not None
    for sequence in _sequences():
        for pad in (b"", b"a" * 7, b"ab" * 8, b"a" * 31, b"ab" * 20):  # before, across and after the 8- and 32-byte ASCII steps
            data = pad + sequence + pad[:3]
            assert _UTF8_FACTS(data) == _python_facts(data), data


@needs_compiled
@settings(max_examples=500, deadline=None)
@given(st.one_of(st.binary(max_size=64), st.text(max_size=64).map(lambda t: t.encode("utf-8", "surrogatepass"))), st.integers(0, 20))
def test_utf8_facts_answer_as_pythons_strict_decoder_on_generated_bytes(data: bytes, pad: int) -> None:
    assert _UTF8_FACTS is not None
    for candidate in (data, b"<p>" * pad + data, data + b"x" * pad, data[:-1]):
        assert _UTF8_FACTS(candidate) == _python_facts(candidate)


_DECODE_CASES = [
    _page(RUSSIAN).encode("utf-8"),
    _page(RUSSIAN, '<meta charset="utf-8">').encode("utf-8"),
    _page(RUSSIAN, '<meta charset="windows-1251">').encode("utf-8"),  # a legacy label on UTF-8 bytes
    _page(CURLY + "\ufffd").encode("utf-8"),  # a replacement character the page itself holds
    _page(CURLY).encode("utf-8") + b"\xff",  # not UTF-8: detected
    _page(CURLY, '<meta charset="utf-8">').encode("cp1252"),  # a UTF-8 label that lies
    _page("ascii only").encode("ascii"),
    codecs.BOM_UTF8 + _page(CHINESE).encode("utf-8"),
    _page("\U0001f600 emoji").encode("utf-8"),
]


def _facts(decoded: Decoded) -> tuple[Any, ...]:
    return decoded.text, decoded.encoding, decoded.evidence, decoded.utf8, decoded.length


@pytest.mark.parametrize("data", _DECODE_CASES, ids=range(len(_DECODE_CASES)))
@pytest.mark.parametrize("http", [None, "utf-8", "iso-8859-1"])
def test_decoded_text_is_the_same_built_at_once_or_when_asked(data: bytes, http: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the compiled check, valid UTF-8 is decoded only when asked; everything else as before:
    the pure-Python decode (which builds the text at once) is the reference."""
    lazy = decode(data, http)
    with monkeypatch.context() as patch:
        patch.setattr(decode_module, "_UTF8_FACTS", False)
        eager = decode(data, http)
    assert eager._text is not None
    assert _facts(lazy) == _facts(eager)
    assert lazy == eager
    # The pipeline's former test for handing the bytes to the parser.
    exact = eager.encoding == "utf-8" and eager.evidence != "bom" and "\ufffd" not in eager.text
    assert (eager.utf8 is data) == exact and (lazy.utf8 is data) == exact
    assert lazy.length == len(lazy.text)


@needs_compiled
def test_valid_utf8_is_not_decoded_until_asked() -> None:
    decoded = decode(_page(RUSSIAN).encode("utf-8"))
    assert decoded._text is None and decoded.utf8 is not None
    assert RUSSIAN in decoded.text and decoded._text is not None
