"""Stage 1: bytes to text, choosing the encoding the way browsers do.

Order of evidence: byte-order mark, the HTTP charset (for archive captures the original
server's), ``<meta charset>`` / ``http-equiv``, then statistical detection. A declared
ISO-8859-1/latin-1/ASCII is read as windows-1252, as every browser does, because pages of the
1990s-2000s routinely put curly quotes (0x91-0x94) in "ISO-8859-1" pages.
"""

from __future__ import annotations

import codecs
import re
from typing import Any

from .errors import DecodeError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
#: How far into the document a ``<meta>`` charset declaration is looked for (the HTML spec
#: prescan looks at the first 1024 bytes; real old pages put it later, behind comments).
_META_SCAN_BYTES = 16384
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
#: Labels browsers decode as windows-1252 (WHATWG Encoding Standard).
_WINDOWS_1252_ALIASES = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii", "cp819", "ibm819", "iso-ir-100", "windows-1252", "cp1252", "x-cp1252", "iso_8859-1", "iso_8859-1:1987", "8859-1", "iso88591"})
#: Labels whose Python codec is a strict subset of what pages labelled so contain.
_SUPERSETS = {"windows-31j": "cp932", "ms932": "cp932", "ms_kanji": "cp932", "csshiftjis": "cp932", "x-euc-jp": "euc_jp", "gb_2312-80": "gb18030", "csgb2312": "gb18030", "x-mac-roman": "mac_roman", "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "shift_jis": "cp932", "sjis": "cp932", "x-sjis": "cp932", "euc-kr": "cp949", "ks_c_5601-1987": "cp949", "big5": "big5hkscs", "tis-620": "cp874", "iso-8859-9": "cp1254", "iso-8859-11": "cp874"}


class Decoded:
    """Decoded text and the name of the encoding that produced it.

    For bytes that are valid UTF-8 (no byte-order mark) the text is their exact decoding, and
    :attr:`utf8` holds them when the text has no U+FFFD: the parser reads those bytes as they
    are, so with the compiled module the text (a str as long as the page, about 170 KB) is only
    built when something asks for it (:attr:`text`); :attr:`length` is its length either way.
    """

    __slots__ = ("_text", "encoding", "evidence", "length", "utf8")

    def __init__(self, text: str, encoding: str, evidence: str, *, utf8: bytes | None = None) -> None:
        self._text: str | None = text
        self.encoding = encoding
        #: Where the encoding came from: "bom", "http", "meta", "detected" or "given".
        self.evidence = evidence
        #: The page's bytes when :attr:`text` is their exact UTF-8 decoding and holds no U+FFFD.
        self.utf8 = utf8
        #: ``len(self.text)``.
        self.length = len(text)

    @classmethod
    def of_utf8(cls, data: bytes, length: int, evidence: str) -> Decoded:
        """Valid UTF-8 bytes without U+FFFD, ``length`` code points long: the text is decoded
        when first asked for."""
        decoded = cls.__new__(cls)
        decoded._text, decoded.encoding, decoded.evidence, decoded.utf8, decoded.length = None, "utf-8", evidence, data, length
        return decoded

    @property
    def text(self) -> str:
        text = self._text
        if text is None:
            assert self.utf8 is not None
            text = self._text = self.utf8.decode("utf-8")
        return text

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Decoded):
            return NotImplemented
        return (self.encoding, self.evidence, self.utf8, self.text) == (other.encoding, other.evidence, other.utf8, other.text)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Decoded(encoding={self.encoding!r}, evidence={self.evidence!r}, length={self.length})"


def normalise_label(label: str | None) -> str | None:
    """Map a charset label as pages write it to the Python codec that decodes such pages."""
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    if name in _WINDOWS_1252_ALIASES:
        return "cp1252"
    name = _SUPERSETS.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def charset_from_content_type(content_type: str | None) -> str | None:
    """The ``charset=`` parameter of a Content-Type header, if any."""
    if not content_type:
        return None
    match = re.search(r"charset\s*=\s*[\"']?([^\s;\"']+)", content_type, re.IGNORECASE)
    return match.group(1) if match else None


def sniff_bom(data: bytes) -> str | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def sniff_meta(data: bytes) -> str | None:
    """The charset a ``<meta>`` tag near the start declares (raw label), if any."""
    match = _META_CHARSET.search(data[:_META_SCAN_BYTES])
    return match.group(1).decode("ascii", "replace") if match else None


def _try(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


#: Code pages of DOS and classic Mac OS: statistically plausible for many Western byte
#: strings, practically never the encoding of a web page.
_NOT_WEB = re.compile(r"^(cp(437|7\d\d|8\d\d|1006|1125)|mac_.*|ptcp154|kz1048|hp_roman8)$")


def detect(data: bytes) -> str:
    """Guess an encoding from the bytes: UTF-8 when they are valid UTF-8, else charset-normalizer's
    least chaotic candidate among encodings the web used (ties go to the more coherent text)."""
    if _try(data, "utf-8") is not None:
        return "utf-8"
    from charset_normalizer import from_bytes  # imported lazily: most pages never get here

    matches = list(from_bytes(data[:200_000]))
    web = [m for m in matches if not _NOT_WEB.match(normalise_label(m.encoding) or m.encoding)] or matches
    if not web:
        return "cp1252"
    best = min(web, key=lambda m: (round(m.chaos, 2), -m.coherence))
    return normalise_label(best.encoding) or "cp1252"


def decode(data: bytes, http_charset: str | None = None, *, target: str | None = None) -> Decoded:
    """Decode page bytes to text. Never raises on odd bytes: undecodable ones become U+FFFD
    under the chosen encoding, except when the bytes are clearly not text (NUL-heavy binary),
    which raises :class:`DecodeError`."""
    if not data:
        raise DecodeError("empty document", target=target)
    bom = sniff_bom(data)
    if bom:
        return Decoded(data.decode(bom, errors="replace").lstrip("\ufeff"), bom, "bom")
    utf16 = sniff_utf16(data)
    if utf16:
        text = data.decode(utf16, errors="replace")
        head = text[:2048]
        if sum(1 for c in head if c < " " and c not in "\t\n\r\f\x1b") > len(head) * MAX_CONTROL_SHARE:
            raise DecodeError("binary content, not an HTML page", target=target)
        return Decoded(text, utf16, "detected")
    if _looks_binary(data):
        raise DecodeError("binary content, not an HTML page", target=target)
    for label, evidence in ((http_charset, "http"), (sniff_meta(data), "meta")):
        found = _decode_as(data, normalise_label(label), evidence)
        if found is not None:
            return found
    # Valid UTF-8 (what detect() answers first) is tested once, not once here and again there.
    utf8 = _as_utf8(data, "detected")
    if utf8 is not None:
        return utf8
    codec = detect(data)
    return Decoded(data.decode(codec, errors="replace"), codec, "detected")


def _decode_as(data: bytes, codec: str | None, evidence: str) -> Decoded | None:
    """Decode with a declared codec, or None to fall through to the next evidence.

    A UTF-16 label on bytes without NUL pairs is a lie (the page was re-encoded, the label
    kept); a UTF-8 label on bytes that are not UTF-8 is a lie too. Conversely a legacy label
    on bytes that are valid UTF-8 with non-ASCII in them is a lie: such bytes are almost never
    meaningful in another encoding, so UTF-8 wins."""
    if not codec or codec.startswith("utf-16") or codec.startswith("utf-32"):
        return None
    if codec == "utf-8":
        return _as_utf8(data, evidence)
    if not data.isascii():
        as_utf8 = _as_utf8(data, "detected")
        if as_utf8 is not None:
            return as_utf8
    text = _try(data, codec)
    if text is not None:
        return Decoded(text, codec, evidence)
    return Decoded(data.decode(codec, errors="replace"), codec, evidence)


def _as_utf8(data: bytes, evidence: str) -> Decoded | None:
    """``data`` decoded as UTF-8 (no byte-order mark), or None when they are not valid UTF-8.
    With the compiled module the bytes are checked without building the text (see
    :class:`Decoded`), which is decoded only if a U+FFFD in it must be seen."""
    check = _UTF8_FACTS if _UTF8_FACTS is not None else _load_utf8_facts()
    if check:
        facts = check(data)
        if facts is None:
            return None
        length, replacement = facts
        if not replacement:
            return Decoded.of_utf8(data, length, evidence)
    text = _try(data, "utf-8")
    if text is None:
        return None
    return Decoded(text, "utf-8", evidence, utf8=None if "\ufffd" in text else data)


#: The compiled ``_walk.utf8_facts`` (made on first use: the extractors package decides whether
#: the compiled module is usable); False when it is not.
_UTF8_FACTS: Any = None


def _load_utf8_facts() -> Any:
    global _UTF8_FACTS
    from .extractors import blocks

    _UTF8_FACTS = blocks._WALK.utf8_facts if blocks._WALK is not None else False
    return _UTF8_FACTS


def sniff_utf16(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark, told by where the NULs of its ASCII markup fall:
    all on one side of each byte pair (binary data has them on both), and the bytes decode."""
    head = data[:4096]
    head = head[: len(head) - len(head) % 2]
    if len(head) < 16:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    pairs = len(head) // 2
    codec = "utf-16-le" if odd > pairs * 0.2 and even <= pairs * 0.01 else "utf-16-be" if even > pairs * 0.2 and odd <= pairs * 0.01 else None
    if codec is None:
        return None
    try:
        codecs.getincrementaldecoder(codec)().decode(head, final=False)
    except UnicodeDecodeError:
        return None
    return codec


#: File signatures of formats that are never HTML (images, PDF, archives, audio, video).
_BINARY_MAGIC = (b"\xff\xd8\xff", b"\x89PNG", b"GIF87a", b"GIF89a", b"%PDF", b"PK\x03\x04", b"\x1f\x8b", b"BZh", b"\xfd7zXZ", b"RIFF", b"ID3", b"OggS", b"fLaC", b"\x00\x00\x00\x18ftyp", b"\x00\x00\x00\x20ftyp", b"\x1aE\xdf\xa3", b"wOFF", b"wOF2", b"\x7fELF", b"MZ")
#: Share of control bytes (other than tab, newline, form feed, carriage return, escape) above
#: which bytes are not text in any encoding.
MAX_CONTROL_SHARE = 0.05
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


def _looks_binary(data: bytes) -> bool:
    head = data[:4096]
    if head.startswith(_BINARY_MAGIC):
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls > len(head) * MAX_CONTROL_SHARE
