"""Stage 2: text to an lxml tree.

lxml's HTML parser (libxml2) is fast and recovers from almost everything real pages do.
For the rare document it gives up on (or returns without a body), BeautifulSoup's tolerant
html.parser tree-builder rebuilds it, and the result is converted back to lxml so every later
stage works on one kind of tree.
"""

from __future__ import annotations

import re
import threading

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from .config import ExtractConfig
from .decode import Decoded
from .errors import ParseError

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


def parse(text: str | Decoded, *, target: str | None = None, config: ExtractConfig | None = None, utf8: bytes | None = None) -> HtmlElement:
    """Parse decoded HTML text into an ``<html>`` element with a ``<body>``.

    ``utf8`` may be the bytes ``text`` is the exact UTF-8 decoding of (no byte-order mark):
    libxml2 then reads them as they are, which spares it converting the text back (about a
    tenth of the parse) and builds the same tree. ``text`` may also be a page as
    :func:`articlescrape.decode.decode` gave it, whose own :attr:`~Decoded.utf8` is used: its
    text is then built only when the bytes cannot answer (an XML declaration or non-ASCII
    at the start, a fallback parse)."""
    config = config or ExtractConfig()
    if isinstance(text, Decoded):
        utf8, length = text.utf8, text.length
    else:
        length = len(text)
    if length > config.max_document_chars:
        raise ParseError(f"document too large ({length:,} characters, limit {config.max_document_chars:,})", target=target)
    if not (isinstance(text, Decoded) and utf8 is not None and _plain_start(utf8)):
        text = _text_of(text)
        if _XML_DECLARATION.match(text):
            # lxml refuses str input that carries an encoding declaration.
            text = _XML_DECLARATION.sub("", text, count=1)
            utf8 = None
        if not text or text.isspace():  # not text.strip(): that copies the whole page
            raise ParseError("empty document", target=target)
    parser = _parser(utf8=utf8 is not None)
    try:
        root = lxml.html.document_fromstring(utf8 if utf8 is not None else text, parser=parser)
    except (etree.ParserError, ValueError):
        root = None
    if root is not None and _too_deep(parser):
        # libxml2 silently drops everything nested past its depth limit; pages that deep are
        # generated junk wrapped around real text, so the wrappers go and the text stays.
        root = lxml.html.document_fromstring(_WRAPPER_TAGS.sub(" ", _text_of(text)), parser=_parser())
    if root is None or not _has_text(root):
        root = _parse_tolerant(_text_of(text), target=target)
    return root


def _text_of(text: str | Decoded) -> str:
    return text.text if isinstance(text, Decoded) else text


#: A run of what ``str.isspace()`` calls whitespace among ASCII characters, as bytes.
_ASCII_SPACE_RUN = re.compile(rb"[\t-\r\x1c- ]*")


def _plain_start(utf8: bytes) -> bool:
    """Whether the text of UTF-8 ``utf8`` starts, after ASCII whitespace, with an ASCII
    character that is not whitespace nor the start of an XML declaration: then it is neither
    blank nor led by an XML declaration, which the bytes answer without the text. Otherwise
    (non-ASCII there, which may be whitespace) the text must answer."""
    start = _ASCII_SPACE_RUN.match(utf8).end()  # type: ignore[union-attr]  # the pattern matches everywhere
    return start < len(utf8) and utf8[start] < 0x80 and utf8[start : start + 5].lower() != b"<?xml"


_WRAPPER_TAGS = re.compile(r"</?(?:div|span|font|center|section|article|b|i|u|em|strong|small|big|blockquote|table|tbody|tr|td)\b[^>]*>", re.IGNORECASE)


def _too_deep(parser: etree.HTMLParser) -> bool:
    return any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log)


_LOCAL = threading.local()
#: Every element is an ``HtmlElement`` (so ``text_content()``, ``drop_tree()``... work), chosen in C.
#: lxml.html's own lookup picks a form/input/label subclass per element in Python, which costs
#: a Python call each time any stage touches an element; the pipeline needs none of those classes.
_ELEMENT_CLASSES = etree.ElementDefaultClassLookup(
    element=HtmlElement, comment=lxml.html.HtmlComment, pi=lxml.html.HtmlProcessingInstruction, entity=lxml.html.HtmlEntity
)


def _parser(*, utf8: bool = False) -> etree.HTMLParser:
    """This thread's parser for text, or for UTF-8 bytes (whatever charset they declare): lxml
    parser objects must not be shared between threads."""
    name = "utf8_parser" if utf8 else "parser"
    parser = getattr(_LOCAL, name, None)
    if parser is None:
        # collect_ids=False: libxml2 need not hash every id attribute into a table that only
        # XPath's id() and getElementById() use (no stage does); about 5% of the parse.
        parser = lxml.html.HTMLParser(
            remove_blank_text=False,
            remove_comments=False,
            huge_tree=True,
            default_doctype=False,
            collect_ids=False,
            encoding="utf-8" if utf8 else None,
        )
        parser.set_element_class_lookup(_ELEMENT_CLASSES)
        setattr(_LOCAL, name, parser)
    return parser


def _has_text(root: HtmlElement) -> bool:
    """Whether any text node holds more than whitespace (stops at the first that does)."""
    return any(text.strip() for text in root.itertext())




def _parse_tolerant(text: str, *, target: str | None) -> HtmlElement:
    """BeautifulSoup's html.parser builder, for markup libxml2 cannot recover."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "html.parser")
    return from_soup(soup, target=target)


def from_soup(soup: object, *, target: str | None = None) -> HtmlElement:
    """Turn a user's BeautifulSoup object into the lxml tree the pipeline works on."""
    markup = str(soup)
    try:
        root = lxml.html.document_fromstring(markup, parser=_parser())
    except (etree.ParserError, ValueError) as error:
        raise ParseError(f"markup cannot be parsed: {error}", target=target) from error
    if not _has_text(root):
        raise ParseError("document has no text", target=target)
    return root
