"""Changing a parsed tree in place, for the stages that remove or rewrite parts of it.

libxml2's HTML parser keeps control characters (``\\x01``-``\\x08``, ``\\x0b``, ``\\x0c``,
``\\x0e``-``\\x1f``) and the non-characters U+FFFE/U+FFFF in text and attribute values, but
lxml refuses to store any of them again ("All strings must be XML compatible"). Text a stage
moves or rewrites is therefore stored as it is and, only when lxml refuses it, without those
characters: normal pages pay nothing, and a page that holds them still gives an Article.
"""

from __future__ import annotations

import re

from lxml import etree

#: What lxml refuses in a text or an attribute value that libxml2's HTML parser lets through.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_compatible(text: str) -> str:
    """``text`` without the characters lxml refuses to store (invisible on a page)."""
    return _NOT_XML.sub("", text)


def drop_keeping_tail(element: etree._Element) -> None:
    """Remove ``element`` and its subtree, keeping its tail text (which belongs to the page)
    where it was: after the previous sibling, else at the start of the parent's text."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail:
        previous = element.getprevious()
        if previous is not None:
            text = (previous.tail or "") + tail
            try:
                previous.tail = text
            except ValueError:
                previous.tail = xml_compatible(text)
        else:
            text = (parent.text or "") + tail
            try:
                parent.text = text
            except ValueError:
                parent.text = xml_compatible(text)
    parent.remove(element)


def set_attribute(element: etree._Element, name: str, value: str) -> None:
    """``element.set(name, value)``, storing the value without what lxml refuses if need be."""
    try:
        element.set(name, value)
    except ValueError:
        element.set(name, xml_compatible(value))
