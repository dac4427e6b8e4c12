# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False, cdivision=True
"""The two per-element walks of every page, compiled: the linearizer's and the metadata index's;
and, at the end of this file, the scans that only look for a few elements (the archive-replay
test, side boxes, breadcrumb trails, the region's positions, caption and credit elements, links
to clips, never-story ancestors).

Why this exists: both walks visit every node of the page (about 800 on average), and in Python
each visit costs an lxml proxy object, attribute look-ups and a few dozen bytecodes, about 1 ms
a page per walk. Here the walks read libxml2's ``xmlNode`` structs directly through lxml's
public C API (``lxml.includes.etreepublic``) and create a Python proxy only for the elements
they hand back (a block's element, a text statistic's key, a suspect...). Text that is only
layout whitespace never becomes a Python string: runs of text are classified and joined as
UTF-8 bytes, with Python's own ``Py_UNICODE_ISSPACE`` deciding what is whitespace, so that
``str.isspace()``, ``str.strip()`` and ``" ".join(s.split())`` give exactly what they give in
the pure-Python walks.

The pure-Python walks stay the reference (``blocks.Linearizer.run_python``,
``metadata.base._index_python``): these must give identical results, which the tests check on
every fixture page, the shared benchmark pages and generated tag soup. What the C walk does
not model it refuses: ``linearize`` returns None (and the caller runs the Python walk) for a
root that is not an element, an entity reference inside the walk, or text that is not valid
UTF-8 — none of which libxml2's HTML parser produces.

This module touches lxml's structs as compiled: it is only safe with the lxml release it was
built against, which :data:`LXML_VERSION` records; the importer checks it (see
``blocks.COMPILED``).
"""

cimport cython
cimport lxml.includes.etreepublic as cetree
from lxml.includes cimport tree
from lxml.includes.tree cimport xmlAttr, xmlDoc, xmlNode, const_xmlChar

from cpython.unicode cimport PyUnicode_DecodeUTF8, Py_UNICODE_ISDECIMAL, Py_UNICODE_ISSPACE
from libc.stdlib cimport calloc, free, realloc
from libc.string cimport memcmp, memcpy, memset, strcmp, strlen, strpbrk, strstr

cdef extern from "Python.h":
    const Py_ssize_t PY_SSIZE_T_MAX

import re as _re
from collections.abc import Mapping as _Mapping

cetree.import_lxml__etree()


def _unpack_version(text):
    """``"6.1.3"`` as lxml's own ``LXML_VERSION`` spells it: four integers."""
    parts = []
    for part in text.split(".")[:4]:
        digits = ""
        for ch in part:
            if not ch.isdigit():
                break
            digits += ch
        parts.append(int(digits or 0))
    while len(parts) < 4:
        parts.append(0)
    return tuple(parts)


#: The lxml release whose headers this module was compiled against.
LXML_VERSION_STRING = (<bytes>cetree.LXML_VERSION_STRING).decode("ascii")
#: The same, as ``lxml.etree.LXML_VERSION`` spells it (compared at import by the callers).
LXML_VERSION = _unpack_version(LXML_VERSION_STRING)


# --- tree navigation, exactly as lxml's own helpers do it --------------------------------

cdef inline bint _is_element(xmlNode* c) noexcept nogil:
    """lxml's ``_isElement``: the node kinds lxml gives a proxy (and a ``.tail``)."""
    return (c.type == tree.XML_ELEMENT_NODE or c.type == tree.XML_COMMENT_NODE
            or c.type == tree.XML_ENTITY_REF_NODE or c.type == tree.XML_PI_NODE)


cdef inline xmlNode* _first_child(xmlNode* c) noexcept nogil:
    """lxml's ``_findChildForwards(c, 0)``."""
    c = c.children
    while c is not NULL and not _is_element(c):
        c = c.next
    return c


cdef inline xmlNode* _next_element(xmlNode* c) noexcept nogil:
    """lxml's ``_nextElement``."""
    c = c.next
    while c is not NULL and not _is_element(c):
        c = c.next
    return c


cdef inline xmlNode* _parent_element(xmlNode* c) noexcept nogil:
    """lxml's ``_parentElement`` (what ``getparent()`` returns)."""
    if c is NULL or not _is_element(c):
        return NULL
    c = c.parent
    if c is NULL or not _is_element(c):
        return NULL
    return c


cdef inline xmlNode* _text_or_skip(xmlNode* c) noexcept nogil:
    """lxml's ``_textNodeOrSkip``: the next node of a run of text (``.text``/``.tail``)."""
    while c is not NULL:
        if c.type == tree.XML_TEXT_NODE or c.type == tree.XML_CDATA_SECTION_NODE:
            return c
        if c.type == tree.XML_XINCLUDE_START or c.type == tree.XML_XINCLUDE_END:
            c = c.next
        else:
            return NULL
    return NULL


# --- UTF-8 and Python's notion of whitespace ----------------------------------------------

cdef inline Py_ssize_t _code_point(const unsigned char* s, Py_ssize_t i, Py_ssize_t n, Py_UCS4* out) noexcept nogil:
    """Decode the non-ASCII code point at ``s[i]``; its length in bytes, or 0 if malformed."""
    cdef unsigned int b = s[i]
    cdef unsigned int cp
    cdef Py_ssize_t k, size
    if b >= 0xC2 and b <= 0xDF:
        size = 2
        cp = b & 0x1F
    elif b >= 0xE0 and b <= 0xEF:
        size = 3
        cp = b & 0x0F
    elif b >= 0xF0 and b <= 0xF4:
        size = 4
        cp = b & 0x07
    else:
        return 0
    if i + size > n:
        return 0
    for k in range(1, size):
        b = s[i + k]
        if (b & 0xC0) != 0x80:
            return 0
        cp = (cp << 6) | (b & 0x3F)
    out[0] = <Py_UCS4>cp
    return size


cdef inline bint _ascii_space(unsigned char b) noexcept nogil:
    # str.isspace() over ASCII: \t \n \v \f \r, the four separators \x1c-\x1f, and space.
    return b == 0x20 or (b >= 0x09 and b <= 0x0D) or (b >= 0x1C and b <= 0x1F)


class _Malformed(Exception):
    """Text the walk cannot read as UTF-8 (the caller falls back to the Python walk)."""


cdef struct Buf:
    char* data
    Py_ssize_t len
    Py_ssize_t cap


cdef int _put(Buf* b, const char* s, Py_ssize_t n) except -1:
    cdef Py_ssize_t cap
    cdef char* data
    if b.len + n > b.cap:
        cap = b.cap * 2 if b.cap else 256
        while cap < b.len + n:
            cap *= 2
        data = <char*>realloc(b.data, cap)
        if data is NULL:
            raise MemoryError()
        b.data = data
        b.cap = cap
    if n:
        memcpy(b.data + b.len, s, n)
    b.len += n
    return 0


cdef int _grow(void** array, Py_ssize_t* cap, Py_ssize_t need, size_t item) except -1:
    """Make room for ``need`` items in a realloc'd C array."""
    cdef Py_ssize_t new_cap
    cdef void* data
    if need <= cap[0]:
        return 0
    new_cap = cap[0] * 2 if cap[0] else 64
    while new_cap < need:
        new_cap *= 2
    data = realloc(array[0], new_cap * item)
    if data is NULL:
        raise MemoryError()
    array[0] = data
    cap[0] = new_cap
    return 0


cdef object _collapse(const char* data, Py_ssize_t n, Buf* out):
    """``" ".join(text.split())`` for UTF-8 ``data``, as a str (whitespace as Python defines it)."""
    cdef const unsigned char* s = <const unsigned char*>data
    cdef Py_ssize_t i = 0, size, start
    cdef Py_UCS4 cp
    cdef bint space, pending = False
    out.len = 0
    while i < n:
        if s[i] < 0x80:
            size = 1
            space = _ascii_space(s[i])
        else:
            size = _code_point(s, i, n, &cp)
            if size == 0:
                raise _Malformed()
            space = Py_UNICODE_ISSPACE(cp)
        if space:
            pending = out.len > 0
            i += size
            continue
        if pending:
            _put(out, " ", 1)
            pending = False
        start = i
        i += size
        # the rest of the word at once
        while i < n:
            if s[i] < 0x80:
                if _ascii_space(s[i]):
                    break
                i += 1
            else:
                size = _code_point(s, i, n, &cp)
                if size == 0:
                    raise _Malformed()
                if Py_UNICODE_ISSPACE(cp):
                    break
                i += size
        _put(out, data + start, i - start)
    if not out.len:
        return ""
    return PyUnicode_DecodeUTF8(out.data, out.len, NULL)


cdef struct Run:
    xmlNode* first       # the run's first text node; NULL when there is no text at all
    Py_ssize_t nbytes    # bytes of all its nodes ('' when 0: falsy, like None)
    Py_ssize_t stripped  # len(text.strip()): code points from the first to the last non-space one
    bint single          # one text node (nearly always): ``first.content`` is the whole run


cdef inline bint _space_at(const unsigned char* s, Py_ssize_t i, Py_ssize_t n, Py_ssize_t* size) except -1:
    """Whether the code point at ``s[i]`` is whitespace for Python; its length in ``size``."""
    cdef Py_UCS4 cp
    if s[i] < 0x80:
        size[0] = 1
        return _ascii_space(s[i])
    size[0] = _code_point(s, i, n, &cp)
    if size[0] == 0:
        raise _Malformed()
    return Py_UNICODE_ISSPACE(cp)


cdef int _scan(xmlNode* c, Run* run) except -1:
    """Measure the run of text starting at ``c`` (lxml's ``_collectText`` without the string)."""
    cdef const unsigned char* s
    cdef Py_ssize_t i, j, k, n, size, index = 0, first = -1, last = -1, count
    run.first = _text_or_skip(c)
    run.nbytes = 0
    run.stripped = 0
    run.single = True
    if run.first is NULL:
        return 0
    if _text_or_skip(run.first.next) is NULL:
        # One node: skip leading and trailing whitespace, count the code points between.
        s = <const unsigned char*>run.first.content
        if s is NULL:
            return 0
        n = <Py_ssize_t>strlen(<const char*>s)
        run.nbytes = n
        i = 0
        while i < n and _space_at(s, i, n, &size):
            i += size
        if i == n:
            return 0
        j = n
        while j > i:
            k = j - 1
            while k > i and (s[k] & 0xC0) == 0x80:
                k -= 1
            if not _space_at(s, k, n, &size):
                break
            j = k
        count = 0
        for k in range(i, j):
            count += (s[k] & 0xC0) != 0x80
        run.stripped = count
        return 0
    run.single = False
    c = run.first
    while c is not NULL:
        s = <const unsigned char*>c.content
        if s is not NULL:
            n = <Py_ssize_t>strlen(<const char*>s)
            run.nbytes += n
            i = 0
            while i < n:
                if not _space_at(s, i, n, &size):
                    if first < 0:
                        first = index
                    last = index
                i += size
                index += 1
        c = _text_or_skip(c.next)
    if first >= 0:
        run.stripped = last - first + 1
    return 0


cdef int _put_run(Buf* b, Run* run) except -1:
    cdef xmlNode* c = run.first
    if run.single:
        _put(b, <const char*>c.content, run.nbytes)
        return 0
    while c is not NULL:
        if c.content is not NULL:
            _put(b, <const char*>c.content, <Py_ssize_t>strlen(<const char*>c.content))
        c = _text_or_skip(c.next)
    return 0


cdef object _run_str(xmlNode* c, Buf* scratch):
    """The run of text starting at ``c`` as lxml's ``.text``/``.tail`` returns it (or None)."""
    cdef xmlNode* first = _text_or_skip(c)
    cdef xmlNode* second
    if first is NULL:
        return None
    second = _text_or_skip(first.next)
    if second is NULL:
        if first.content is NULL:
            return ""
        return PyUnicode_DecodeUTF8(<const char*>first.content, <Py_ssize_t>strlen(<const char*>first.content), NULL)
    scratch.len = 0
    c = first
    while c is not NULL:
        if c.content is not NULL:
            _put(scratch, <const char*>c.content, <Py_ssize_t>strlen(<const char*>c.content))
        c = _text_or_skip(c.next)
    return PyUnicode_DecodeUTF8(scratch.data, scratch.len, NULL)


# --- tag names -----------------------------------------------------------------------------

cdef enum:
    T_SKIP = 1 << 0       # an invisible subtree (SKIP_TAGS)
    T_BR = 1 << 1
    T_BLOCK = 1 << 2      # BLOCK_TAGS
    T_A = 1 << 3
    T_BOLD = 1 << 4       # BOLD_TAGS
    T_TABLE = 1 << 5
    T_CELL = 1 << 6       # td, th
    T_JUDGED = 1 << 7     # the cleaning stage judges every one (clean.JUDGED_TAGS)
    T_INDEXED = 1 << 8    # the metadata index reads it for itself
    T_META = 1 << 9
    T_TITLE = 1 << 10
    T_LINK = 1 << 11
    T_SCRIPT = 1 << 12
    T_MARK = 1 << 13      # time, h1: always marked
    T_ABBR = 1 << 14
    T_NON_TEXT = 1 << 15  # its own text is never prose
    T_BODY = 1 << 16
    T_BASE = 1 << 17      # <base>: the metadata index lists it among the declarations
    T_NO_DATES = 1 << 18  # the metadata index lists no text inside it (a link, a script, a form control...)
    T_HEADING_SHIFT = 24  # h1-h6 level in the top bits

cdef enum:
    SLOTS = 256           # a power of two, well above the few dozen names
    NAME_MAX = 32


cdef struct TagSlot:
    char name[NAME_MAX]
    unsigned int flags


cdef inline unsigned int _hash(const unsigned char* s, Py_ssize_t* length) noexcept nogil:
    cdef unsigned int h = 2166136261u
    cdef Py_ssize_t i = 0
    while s[i] != 0:
        h = (h ^ s[i]) * 16777619u
        i += 1
        if i >= NAME_MAX:
            break
    length[0] = i
    return h


cdef class _TagTable:
    """Tag name -> flags, looked up on the C name (no str per element). Names are exact, as in
    Python's ``tag in SOME_SET``: case-sensitive, and a namespaced element (``{uri}name``) is in
    no set."""

    cdef TagSlot slots[SLOTS]

    def __cinit__(self):
        memset(self.slots, 0, sizeof(self.slots))

    cdef int add(self, name, unsigned int flags) except -1:
        cdef bytes raw = name.encode("utf-8")
        cdef Py_ssize_t length
        cdef unsigned int h
        if not raw or len(raw) >= NAME_MAX or b"\0" in raw:
            raise ValueError(f"tag name not supported by the compiled walker: {name!r}")
        h = _hash(<const unsigned char*>raw, &length) & (SLOTS - 1)
        while self.slots[h].name[0] != 0:
            if strcmp(self.slots[h].name, <const char*>raw) == 0:
                self.slots[h].flags |= flags
                return 0
            h = (h + 1) & (SLOTS - 1)
        memcpy(self.slots[h].name, <const char*>raw, len(raw) + 1)
        self.slots[h].flags = flags
        return 0

    cdef int add_all(self, names, unsigned int flags) except -1:
        for name in names:
            self.add(name, flags)
        return 0

    cdef inline unsigned int of(self, xmlNode* c) noexcept:
        """The flags of an element node (0 for one in a namespace: its tag is ``{uri}name``)."""
        if c.name is NULL or (c.ns is not NULL and c.ns.href is not NULL):
            return 0
        return _slot_flags(self.slots, <const char*>c.name)

    cdef inline unsigned int of_name(self, const char* name) noexcept:
        """The flags of a local name, whatever the namespace."""
        if name is NULL:
            return 0
        return _slot_flags(self.slots, name)


cdef inline unsigned int _slot_flags(TagSlot* slots, const char* name) noexcept nogil:
    cdef Py_ssize_t length
    cdef unsigned int h = _hash(<const unsigned char*>name, &length)
    if length >= NAME_MAX:
        return 0
    h &= SLOTS - 1
    while slots[h].name[0] != 0:
        if strcmp(slots[h].name, name) == 0:
            return slots[h].flags
        h = (h + 1) & (SLOTS - 1)
    return 0


cdef inline object _attr(xmlNode* c, const char* name):
    """``element.get(name)``: lxml's own look-up (a str, or None)."""
    return cetree.attributeValueFromNsName(c, NULL, <const_xmlChar*>name)


cdef bint _dtd_defaults(xmlDoc* doc) noexcept:
    """Whether the document's DTD declares attributes: then ``get()`` may answer with a
    declared default, and attributes are looked up through lxml rather than read off the node."""
    if doc is NULL or doc.intSubset is NULL:
        return False
    return doc.intSubset.attributes is not NULL or (doc.extSubset is not NULL and doc.extSubset.attributes is not NULL)


cdef inline xmlAttr* _own_attr(xmlNode* c, const char* name) noexcept:
    """The attribute ``get(name)`` reads when the DTD declares none: the first one of that
    name in no namespace (libxml2's ``xmlGetPropNodeInternal``)."""
    cdef xmlAttr* a = c.properties
    while a is not NULL:
        if a.ns is NULL and a.name is not NULL and strcmp(<const char*>a.name, name) == 0:
            return a
        a = a.next
    return NULL


cdef object _attr_value(xmlNode* c, xmlAttr* a):
    """``get()``'s value of attribute ``a`` of ``c``: its one text child read directly (the
    HTML parser's only form), anything else through lxml."""
    cdef xmlNode* child = a.children
    if child is NULL:
        return ""
    if child.next is NULL and (child.type == tree.XML_TEXT_NODE or child.type == tree.XML_CDATA_SECTION_NODE):
        if child.content is NULL:
            return ""
        return PyUnicode_DecodeUTF8(<const char*>child.content, <Py_ssize_t>strlen(<const char*>child.content), NULL)
    return cetree.attributeValueFromNsName(c, NULL, a.name)


cdef inline object _get(xmlNode* c, const char* name, bint dtd_defaults):
    """``element.get(name)``, reading the node itself unless the DTD declares attributes."""
    cdef xmlAttr* a
    if dtd_defaults:
        return _attr(c, name)
    a = _own_attr(c, name)
    if a is NULL:
        return None
    return _attr_value(c, a)


# --- the linearizer ---------------------------------------------------------------------------

cdef struct Frame:
    xmlNode* node
    Py_ssize_t rec       # index of its text statistics in the run's records, or -1
    int in_link          # the link and bold depths around it (its tail's)
    int in_bold
    bint owns            # it owns a block
    bint skipped         # an invisible subtree or a <br>: its tail was read on entry
    bint data_table


cdef struct Rec:
    xmlNode* node
    Py_ssize_t chars
    Py_ssize_t link_chars
    Py_ssize_t blocks


cdef class LinearWalker:
    """``blocks.Linearizer.run`` over the C tree, making this module's :class:`Block` s. Built
    once by :mod:`.blocks` with its tag sets and classes, so the two can never disagree on what
    a block tag is."""

    cdef _TagTable tags
    cdef object stats_cls
    cdef object is_data_table
    cdef bytes separator

    def __init__(self, *, block_tags, skip_tags, bold_tags, heading_tags, stats_cls, is_data_table, cell_separator):
        self.tags = _TagTable()
        self.tags.add_all(skip_tags, T_SKIP)
        self.tags.add("br", T_BR)
        self.tags.add_all(block_tags, T_BLOCK)
        self.tags.add_all(bold_tags, T_BOLD)
        self.tags.add("a", T_A)
        self.tags.add("table", T_TABLE)
        self.tags.add("td", T_CELL)
        self.tags.add("th", T_CELL)
        for name, level in heading_tags.items():
            if not 0 < level < 16:
                raise ValueError(f"heading level out of range: {name!r}: {level!r}")
            self.tags.add(name, <unsigned int>level << T_HEADING_SHIFT)
        self.stats_cls = stats_cls
        self.is_data_table = is_data_table
        self.separator = cell_separator.encode("utf-8")

    def linearize(self, root, bint with_stats=True):
        """``(blocks, stats)`` exactly as ``Linearizer().run(root)`` gives them, or None when
        the tree holds something this walk does not model (the caller then runs Python's)."""
        cdef cetree._Element element
        cdef _Linear run
        if not isinstance(root, cetree._Element):  # an ElementTree, say: Python's walk takes it
            return None
        element = root
        if element._c_node is NULL or element._c_node.type != tree.XML_ELEMENT_NODE:
            return None
        run = _Linear.__new__(_Linear)
        run.walker = self
        run.doc = element._doc
        run.root = element._c_node
        run.with_stats = with_stats
        run.dtd_defaults = _dtd_defaults(element._c_node.doc)
        try:
            return run.walk()
        except _Malformed:
            return None


@cython.no_gc
@cython.final
cdef class Block:
    """``blocks.Block`` as the compiled walk makes it: the same fields, read-only, equal to the
    Python walk's block with the same values.

    Why a type of its own: a dataclass instance is a GC-tracked object (about 150 a page, alive
    until the Article is built), and each tracked allocation brings the next garbage collection
    nearer, whose cost is that of everything young in the process. This type is not tracked
    (``no_gc``): a block refers to strings, numbers, an element proxy and its links, none of
    which can refer back to a block, so no reference cycle can run through one."""

    cdef readonly str text
    cdef readonly object element
    cdef readonly Py_ssize_t link_chars
    cdef readonly int heading
    cdef readonly bint bold
    cdef readonly Py_ssize_t index
    cdef readonly object links
    cdef readonly bint soft

    def __init__(self, str text, element, Py_ssize_t link_chars=0, int heading=0, bint bold=False, Py_ssize_t index=0, links=(), bint soft=False):
        self.text = text
        self.element = element
        self.link_chars = link_chars
        self.heading = heading
        self.bold = bold
        self.index = index
        self.links = links
        self.soft = soft

    @property
    def link_density(self):
        # A float division (this module compiles with cdivision: two C integers would truncate).
        return <double>self.link_chars / <double>len(self.text) if self.text else 0.0

    def _fields(self):
        return (self.text, self.element, self.link_chars, self.heading, self.bold, self.index, self.links, self.soft)

    def __eq__(self, other):
        try:
            theirs = (other.text, other.element, other.link_chars, other.heading, other.bold, other.index, other.links, other.soft)
        except AttributeError:
            return NotImplemented
        return self._fields() == theirs

    def __ne__(self, other):
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    __hash__ = None

    def __repr__(self):
        return (
            f"Block(text={self.text!r}, element={self.element!r}, link_chars={self.link_chars!r}, heading={self.heading!r}, "
            f"bold={self.bold!r}, index={self.index!r}, links={self.links!r}, soft={self.soft!r})"
        )



cdef Block _make_block(str text, object element, Py_ssize_t link_chars, int heading, bint bold, Py_ssize_t index, object links, bint soft):
    cdef Block block = Block.__new__(Block)
    block.text = text
    block.element = element
    block.link_chars = link_chars
    block.heading = heading
    block.bold = bold
    block.index = index
    block.links = links
    block.soft = soft
    return block


@cython.final
cdef class Links:
    """A block's links as ``(href, text)`` pairs in document order: an immutable sequence equal to
    the list of tuples the Python walk makes, kept as two strings.

    Why not that list: it is one GC-tracked object per link plus one per block (about 200 a
    page, alive until the Article is built), and each tracked allocation brings the next garbage
    collection nearer, whose cost is that of everything young in the process, not only ours.
    Strings are never tracked, and an object that holds only strings is not either. NUL
    separates the items: libxml2's strings cannot contain it."""

    cdef str _hrefs
    cdef str _texts
    cdef Py_ssize_t _n

    def __len__(self):
        return self._n

    def __iter__(self):
        return zip(self._hrefs.split("\0"), self._texts.split("\0"))

    def __getitem__(self, index):
        return list(self)[index]

    def __eq__(self, other):
        if isinstance(other, (Links, list, tuple)):
            return len(other) == self._n and list(self) == list(other)
        return NotImplemented

    def __ne__(self, other):
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    __hash__ = None

    def __repr__(self):
        return f"Links({list(self)!r})"

    def __reduce__(self):
        return (_links_from_pairs, (list(self),))


def _links_from_pairs(pairs):
    """A :class:`Links` from ``(href, text)`` pairs (for pickling, and for tests)."""
    return _make_links([href for href, _ in pairs], [text for _, text in pairs])


cdef Links _make_links(list hrefs, list texts):
    cdef Links links = Links.__new__(Links)
    links._hrefs = "\0".join(hrefs)
    links._texts = "\0".join(texts)
    links._n = len(hrefs)
    return links


cdef class _Linear:
    """One run of the linearizer: the state of ``Linearizer`` and ``_Open``, in C."""

    cdef LinearWalker walker
    cdef cetree._Document doc
    cdef xmlNode* root
    cdef bint with_stats
    cdef bint dtd_defaults
    # the open block: its text (a whitespace-only run as one space: split() cannot tell),
    # its links' texts one after another, and its links' hrefs
    cdef Buf parts
    cdef Buf link_text
    cdef Buf scratch
    cdef list hrefs
    cdef Py_ssize_t* link_starts
    cdef Py_ssize_t n_links, cap_links
    cdef Py_ssize_t link_chars, bold_chars, plain_chars
    cdef int pending_br
    cdef bint soft
    cdef int in_link, in_bold, data_tables
    # results
    cdef list blocks
    cdef xmlNode* last_owner
    cdef Rec* recs
    cdef Py_ssize_t n_recs, cap_recs
    cdef Py_ssize_t root_rec
    # the walk
    cdef Frame* frames
    cdef Py_ssize_t n_frames, cap_frames
    cdef Py_ssize_t* owners
    cdef Py_ssize_t n_owners, cap_owners

    def __cinit__(self):
        self.hrefs = []
        self.blocks = []
        self.root_rec = -1

    def __dealloc__(self):
        free(self.parts.data)
        free(self.link_text.data)
        free(self.scratch.data)
        free(self.link_starts)
        free(self.recs)
        free(self.frames)
        free(self.owners)

    cdef object walk(self):
        cdef xmlNode* child
        cdef xmlNode* node
        cdef TextStatsMap stats
        self.start(self.root)
        # lxml's iterwalk, step for step: descend unless skipped, else end elements until one
        # has a next sibling; comments and PIs on the way report their tails.
        while self.n_frames:
            if self.frames[self.n_frames - 1].skipped:
                child = NULL
            else:
                child = self.non_elements(_first_child(self.frames[self.n_frames - 1].node))
            while child is NULL:
                node = self.end()
                if not self.n_frames:
                    break
                child = self.non_elements(_next_element(node))
            if child is not NULL:
                if child.type != tree.XML_ELEMENT_NODE:
                    return None  # an entity reference: lxml would walk into its declaration
                self.start(child)
        if self.parts.len:
            self.flush()
        stats = TextStatsMap.__new__(TextStatsMap)
        stats.doc = self.doc
        stats.stats_cls = self.walker.stats_cls
        if self.with_stats:
            if self.root_rec >= 0:  # the root's sums count for each of its ancestors too
                node = _parent_element(self.root)
                while node is not NULL:
                    self.new_rec(node, self.root_rec)
                    node = _parent_element(node)
            # the records move to the map (this run is done with them)
            stats.recs, stats.n_recs = self.recs, self.n_recs
            self.recs, self.n_recs, self.cap_recs = NULL, 0, 0
            stats.build()
        return self.blocks, stats

    cdef xmlNode* non_elements(self, xmlNode* c) except? NULL:
        while c is not NULL and c.type != tree.XML_ELEMENT_NODE:
            if c.type == tree.XML_COMMENT_NODE or c.type == tree.XML_PI_NODE:
                self.text(c.next)  # only the tail shows
                c = _next_element(c)
            else:
                break
        return c

    cdef int start(self, xmlNode* c) except -1:
        cdef unsigned int flags = self.walker.tags.of(c)
        cdef Frame* f
        cdef bint data_table = False
        cdef bint owns = False
        cdef object href
        if flags & (T_SKIP | T_BR):  # invisible subtrees and line breaks: only the tail shows
            f = self.push(c)
            f.skipped = True
            if flags & T_BR:
                self.pending_br += 1
                if self.parts.len:
                    self.flush()
                self.soft = self.pending_br == 1
            self.text(c.next)
            return 0
        if flags & T_TABLE and self.walker.is_data_table(cetree.elementFactory(self.doc, c)):
            data_table = True
        if flags & T_CELL and self.data_tables:
            # a cell of a data table (every td/th below one): part of its row's block
            if self.plain_chars or self.bold_chars:
                _put(&self.parts, <const char*>self.walker.separator, len(self.walker.separator))
        elif flags & T_BLOCK:
            self.hard_break()
            _grow(<void**>&self.owners, &self.cap_owners, self.n_owners + 1, sizeof(Py_ssize_t))
            self.owners[self.n_owners] = self.n_frames  # the frame pushed next
            self.n_owners += 1
            owns = True
        f = self.push(c)
        f.owns = owns
        f.data_table = data_table
        if data_table:
            self.data_tables += 1
        if flags & T_A:
            self.in_link += 1
            href = _get(c, "href", self.dtd_defaults)
            if href:
                self.hrefs.append(href)
                _grow(<void**>&self.link_starts, &self.cap_links, self.n_links + 1, sizeof(Py_ssize_t))
                self.link_starts[self.n_links] = self.link_text.len
                self.n_links += 1
        elif flags & T_BOLD:
            self.in_bold += 1
        self.text(c.children)
        return 0

    cdef Frame* push(self, xmlNode* c) except NULL:
        cdef Frame* f
        _grow(<void**>&self.frames, &self.cap_frames, self.n_frames + 1, sizeof(Frame))
        f = &self.frames[self.n_frames]
        self.n_frames += 1
        f.node = c
        f.rec = -1
        f.in_link = self.in_link
        f.in_bold = self.in_bold
        f.owns = False
        f.skipped = False
        f.data_table = False
        return f

    cdef xmlNode* end(self) except? NULL:
        # The popped frame stays in place (only the count drops): a flush at its end may
        # still record its statistics there, so its fields are read after the break.
        cdef Py_ssize_t i = self.n_frames - 1
        cdef Py_ssize_t rec, parent_rec
        cdef xmlNode* node = self.frames[i].node
        self.n_frames = i
        if self.frames[i].skipped:
            if i == 0:
                self.root_rec = self.frames[i].rec
            return node
        self.in_link = self.frames[i].in_link
        self.in_bold = self.frames[i].in_bold
        if self.frames[i].owns:
            self.hard_break()
            self.n_owners -= 1
        rec = self.frames[i].rec
        if i == 0:
            self.root_rec = rec
        elif self.with_stats and rec >= 0:  # hand the sums on to the parent
            parent_rec = self.frames[i - 1].rec
            if parent_rec < 0:
                self.frames[i - 1].rec = self.new_rec(self.frames[i - 1].node, rec)
            else:
                self.recs[parent_rec].chars += self.recs[rec].chars
                self.recs[parent_rec].link_chars += self.recs[rec].link_chars
                self.recs[parent_rec].blocks += self.recs[rec].blocks
        if node != self.root:  # the root's tail lies outside what was asked for
            self.text(node.next)
        if self.frames[i].data_table:
            self.data_tables -= 1
        return node

    cdef Py_ssize_t new_rec(self, xmlNode* node, Py_ssize_t copy) except -1:
        """A new statistics record (in the order Python's dict would get the key), holding a
        copy of record ``copy``'s sums (or zeros when -1)."""
        cdef Rec* rec
        _grow(<void**>&self.recs, &self.cap_recs, self.n_recs + 1, sizeof(Rec))
        rec = &self.recs[self.n_recs]
        rec.node = node
        if copy >= 0:
            rec.chars = self.recs[copy].chars
            rec.link_chars = self.recs[copy].link_chars
            rec.blocks = self.recs[copy].blocks
        else:
            rec.chars = rec.link_chars = rec.blocks = 0
        self.n_recs += 1
        return self.n_recs - 1

    cdef int text(self, xmlNode* c) except -1:
        """``Linearizer._text`` for the run of text at ``c`` (a ``.text`` or a ``.tail``)."""
        cdef Run run
        cdef Py_ssize_t n
        _scan(c, &run)
        if run.nbytes == 0:  # None or '': nothing
            return 0
        n = run.stripped
        if n == 0:  # layout whitespace: one space says the same to split()
            _put(&self.parts, " ", 1)
            if self.in_link and self.n_links:
                _put(&self.link_text, " ", 1)
            return 0
        _put_run(&self.parts, &run)
        if self.in_link and self.n_links:  # to the block's last link, as in Python
            _put_run(&self.link_text, &run)
        self.pending_br = 0
        if self.in_link:
            self.link_chars += n
        if self.in_bold:
            self.bold_chars += n
        else:
            self.plain_chars += n
        return 0

    cdef int hard_break(self) except -1:
        if self.plain_chars or self.bold_chars:
            self.flush()
        elif self.parts.len:  # layout whitespace only: nothing to keep
            self.reset()
        self.soft = False
        self.pending_br = 0
        return 0

    cdef int reset(self) except -1:
        self.parts.len = 0
        self.link_text.len = 0
        if self.n_links:
            self.hrefs = []
            self.n_links = 0
        self.link_chars = self.bold_chars = self.plain_chars = 0
        return 0

    cdef int flush(self) except -1:
        cdef object text
        cdef Py_ssize_t n, link_chars, index, i, end, owner_frame
        cdef xmlNode* owner
        cdef object links
        cdef list texts
        cdef unsigned int flags
        cdef Frame* f
        if self.plain_chars or self.bold_chars:
            text = _collapse(self.parts.data, self.parts.len, &self.scratch)
            n = len(text)
            if n:
                if self.n_owners:
                    owner_frame = self.owners[self.n_owners - 1]
                elif self.n_frames:
                    owner_frame = 0  # the root, still open
                else:
                    owner_frame = -1  # the root, after the walk
                owner = self.frames[owner_frame].node if owner_frame >= 0 else self.root
                link_chars = self.link_chars if self.link_chars < n else n
                index = len(self.blocks)
                if self.n_links:
                    texts = []
                    for i in range(self.n_links):
                        end = self.link_starts[i + 1] if i + 1 < self.n_links else self.link_text.len
                        texts.append(_collapse(self.link_text.data + self.link_starts[i], end - self.link_starts[i], &self.scratch))
                    links = _make_links(self.hrefs, texts)
                else:
                    links = ()  # the shared empty tuple, as in Python: one object less per block
                flags = self.walker.tags.of(owner)
                self.blocks.append(_make_block(
                    text,
                    cetree.elementFactory(self.doc, owner),
                    link_chars,
                    <int>(flags >> T_HEADING_SHIFT),
                    self.bold_chars > 0 and self.plain_chars == 0,
                    index,
                    links,
                    self.soft and index > 0 and self.last_owner == owner,
                ))
                self.last_owner = owner
                if self.with_stats:
                    if owner_frame >= 0:
                        f = &self.frames[owner_frame]
                        if f.rec < 0:
                            i = self.new_rec(owner, -1)
                            self.frames[owner_frame].rec = i
                        i = self.frames[owner_frame].rec
                    else:
                        if self.root_rec < 0:
                            self.root_rec = self.new_rec(owner, -1)
                        i = self.root_rec
                    self.recs[i].chars += n
                    self.recs[i].link_chars += link_chars
                    self.recs[i].blocks += 1
        self.reset()
        self.soft = False
        return 0


cdef class TextStatsMap:
    """The text statistics of one linearization, read-only, as ``Linearizer.run_python``'s
    ``dict[HtmlElement, TextStats]`` answers them: the same keys in the same order, equal
    values. The sums stay in the walk's C records, found by node through a hash table, and a
    ``TextStats`` is made only when one is asked for (a fresh one each time: callers only read
    them). A dict would keep one ``TextStats`` and one lxml proxy alive per element holding
    text — hundreds of GC-tracked objects per page that make the cyclic collector run more
    often in a process holding many objects. Valid while the tree is not changed (nothing
    changes it after the linearizer in the pipeline)."""

    cdef cetree._Document doc
    cdef object stats_cls
    cdef Rec* recs
    cdef Py_ssize_t n_recs
    cdef Py_ssize_t* slots  # open addressing: index of a record + 1, or 0 for an empty slot
    cdef size_t mask
    cdef int shift

    def __dealloc__(self):
        free(self.recs)
        free(self.slots)

    cdef inline size_t slot_of(self, xmlNode* node) noexcept:
        # Fibonacci hashing of the address (its low bits are alignment)
        return <size_t>((<unsigned long long>(<size_t>node >> 4) * 11400714819323198485ULL) >> self.shift) & self.mask

    cdef int build(self) except -1:
        cdef size_t size = 8
        cdef int bits = 3
        cdef Py_ssize_t i
        cdef size_t s
        while size < <size_t>(2 * self.n_recs):
            size <<= 1
            bits += 1
        self.slots = <Py_ssize_t*>calloc(size, sizeof(Py_ssize_t))
        if self.slots is NULL:
            raise MemoryError()
        self.mask = size - 1
        self.shift = 64 - bits
        for i in range(self.n_recs):
            s = self.slot_of(self.recs[i].node)
            while self.slots[s]:
                s = (s + 1) & self.mask
            self.slots[s] = i + 1
        return 0

    cdef Rec* find(self, xmlNode* node) noexcept:
        """The record of ``node``, or NULL."""
        cdef size_t s
        cdef Py_ssize_t i
        if self.slots is NULL or node is NULL:
            return NULL
        s = self.slot_of(node)
        while True:
            i = self.slots[s]
            if i == 0:
                return NULL
            if self.recs[i - 1].node == node:
                return &self.recs[i - 1]
            s = (s + 1) & self.mask

    cdef Rec* find_key(self, key):
        if not isinstance(key, cetree._Element):
            return NULL
        return self.find((<cetree._Element>key)._c_node)

    cdef object value(self, Rec* rec):
        return self.stats_cls(rec.chars, rec.link_chars, rec.blocks)

    def get(self, key, default=None):
        cdef Rec* rec = self.find_key(key)
        return default if rec is NULL else self.value(rec)

    def __getitem__(self, key):
        cdef Rec* rec = self.find_key(key)
        if rec is NULL:
            raise KeyError(key)
        return self.value(rec)

    def __contains__(self, key):
        return self.find_key(key) is not NULL

    def __len__(self):
        return self.n_recs

    def __iter__(self):
        return iter(self.keys())

    def keys(self):
        """The elements, in the order the dict would hold them."""
        return [cetree.elementFactory(self.doc, self.recs[i].node) for i in range(self.n_recs)]

    def values(self):
        return [self.value(&self.recs[i]) for i in range(self.n_recs)]

    def items(self):
        return [(cetree.elementFactory(self.doc, self.recs[i].node), self.value(&self.recs[i])) for i in range(self.n_recs)]

    def __eq__(self, other):
        if isinstance(other, (dict, TextStatsMap)):
            return len(self) == len(other) and all(k in other and other[k] == v for k, v in self.items())
        return NotImplemented

    def __repr__(self):
        return f"TextStatsMap({dict(self.items())!r})"


_Mapping.register(TextStatsMap)  # read-only, as the extractors use it


# --- the metadata index ------------------------------------------------------------------------

from cpython.unicode cimport PyUnicode_AsUTF8


cdef class ReplayScan  # defined with the scans below; the index walk can make its test too


cdef inline xmlNode* _skip_noting(xmlNode* c, bint* odd) noexcept nogil:
    """:func:`_next_element`'s skip from ``c`` itself (``_first_child`` from ``c.children``),
    setting ``odd`` when a node skipped is not text or CDATA (a DTD, an XInclude marker...)."""
    while c is not NULL and not _is_element(c):
        if c.type != tree.XML_TEXT_NODE and c.type != tree.XML_CDATA_SECTION_NODE:
            odd[0] = True
        c = c.next
    return c


cdef class PageWalker:
    """The walk of ``metadata.base.Page.build`` over the C tree: ``root.iter()``'s order,
    the same tests in the same order, proxies only for the elements it lists."""

    cdef _TagTable tags
    cdef object class_hint
    cdef object hiding_class
    cdef object ld_json_type
    cdef object loads_tolerant
    cdef object index_meta
    cdef object index_link
    cdef object title_of
    cdef object digit
    cdef bint c_digits
    cdef object text_node
    cdef Py_ssize_t max_text
    cdef Py_ssize_t min_text
    cdef list hint_words    # class_hint's alternatives as UTF-8: a value hints iff it holds one
    cdef list hiding_words  # lower-case ASCII: an ASCII value holding none, in any case, does not hide
    cdef tuple meta_attributes  # the attributes naming a meta's keys, as bytes (None: ask index_meta)

    def __init__(self, *, judged_tags, indexed_tags, non_text_tags, class_hint, hiding_class, ld_json_type,
                 loads_tolerant, index_meta, index_link, title_of, digit, text_node, max_text,
                 class_hint_words=None, hiding_class_words=None, meta_attributes=None, min_text=0, no_text_within=()):
        self.tags = _TagTable()
        self.tags.add_all(judged_tags, T_JUDGED)
        self.tags.add_all(indexed_tags, T_INDEXED)
        self.tags.add_all(non_text_tags, T_NON_TEXT)
        self.tags.add("meta", T_META)
        self.tags.add("title", T_TITLE)
        self.tags.add("link", T_LINK)
        self.tags.add("script", T_SCRIPT)
        self.tags.add("time", T_MARK)
        self.tags.add("h1", T_MARK)
        self.tags.add("abbr", T_ABBR)
        self.tags.add("a", T_A)
        self.tags.add("body", T_BODY)
        self.tags.add("base", T_BASE)
        self.tags.add_all(no_text_within, T_NO_DATES)
        for name in ("meta", "title", "link", "script", "time", "h1", "abbr", "a"):
            if name not in indexed_tags:
                raise ValueError(f"the compiled index expects {name!r} among the indexed tags")
        self.class_hint = class_hint
        self.hiding_class = hiding_class
        self.ld_json_type = ld_json_type
        self.loads_tolerant = loads_tolerant
        self.index_meta = index_meta
        self.index_link = index_link
        self.title_of = title_of
        self.digit = digit
        # ``\\d`` (Unicode) is exactly str.isdecimal(), which C can ask per code point; any
        # other pattern is asked in Python.
        pattern = getattr(digit, "__self__", None)
        self.c_digits = (getattr(pattern, "pattern", None) == "\\d" and getattr(pattern, "flags", None) == _re.UNICODE
                         and getattr(digit, "__name__", None) == "search")
        self.text_node = text_node
        self.max_text = max_text
        self.min_text = min_text
        # Given, they answer in C what class_hint (exactly: it searches for any of the words) and
        # hiding_class (for an ASCII value without any of its words: no) would answer.
        self.hint_words = None if class_hint_words is None else [word.encode("utf-8") for word in class_hint_words]
        self.hiding_words = None if hiding_class_words is None else [word.encode("ascii") for word in hiding_class_words]
        if self.hint_words is not None and not all(self.hint_words):
            raise ValueError("class_hint_words must not be empty strings")
        if self.hiding_words is not None and any(not w or w != w.lower() for w in self.hiding_words):
            raise ValueError("hiding_class_words must be non-empty lower-case ASCII words")
        # Given, <meta> and <link> are indexed here as index_meta and index_link do it (they stay
        # the reference), ``meta_attributes`` being the attributes index_meta reads keys from.
        self.meta_attributes = None if meta_attributes is None else tuple(name.encode("ascii") for name in meta_attributes)

    def index(self, root, list declarations=None):
        """``(meta, links, ld, title, itemprops, marked, texts, doc_writes, suspects)`` as the
        Python walk lists them, or None for a root that is not an element. ``declarations``,
        when given, receives every ``<base>``, ``<link>`` and ``<meta>`` element in document
        order (as the Python walk's)."""
        cdef cetree._Element element
        cdef _Index run
        if not isinstance(root, cetree._Element):
            return None
        element = root
        if element._c_node is NULL or element._c_node.type != tree.XML_ELEMENT_NODE:
            return None
        run = _Index.__new__(_Index)
        run.walker = self
        run.doc = element._doc
        run.dtd_defaults = _dtd_defaults(element._c_node.doc)
        run.declarations = declarations
        run.replay_state = -1
        try:
            return run.walk(element._c_node)
        except _Malformed:
            return None

    def index_noting_replay(self, root, list declarations, ReplayScan replay not None):
        """``(index(root, declarations), answer)``: the same walk also makes ``replay``'s test,
        ``answer`` being what ``replay.may_be_replay(root)`` answers when it tells (True or
        False), or None when this walk cannot tell (``root`` is not its document's top element,
        a node or value the scan does not model, an index refused): the caller asks the scan.
        Each element and comment under ``root`` is tested as the scan tests it, and the
        document's other top-level nodes (a doctype, comments around ``<html>``) by the scan's
        own walk, so the answer is the scan's: whether a hint it confirms is anywhere."""
        cdef cetree._Element element
        cdef _Index run
        cdef xmlNode* top
        cdef xmlNode* c
        if not isinstance(root, cetree._Element):
            return None, None
        element = root
        top = element._c_node
        if top is NULL or top.type != tree.XML_ELEMENT_NODE:
            return None, None
        run = _Index.__new__(_Index)
        run.walker = self
        run.doc = element._doc
        run.dtd_defaults = _dtd_defaults(top.doc)
        run.declarations = declarations
        run.replay = replay
        run.replay_state = 0 if top.doc is not NULL and top.parent == <xmlNode*>top.doc else -1
        try:
            found = run.walk(top)
        except _Malformed:
            return None, None
        if run.replay_state == 0 and run.odd:
            run.replay_state = -1
        if run.replay_state == 0:
            try:
                c = top.doc.children
                while c is not NULL:
                    if c != top and replay.subtree(c):
                        run.replay_state = 1
                        break
                    c = c.next
            except _Refused:
                run.replay_state = -1
        return found, (None if run.replay_state < 0 else run.replay_state == 1)


cdef struct ClassEntry:
    Py_ssize_t offset      # of the value's bytes (NUL-terminated) in the run's arena
    Py_ssize_t length
    unsigned int hash
    signed char hides      # hiding_class's verdict, -1 not asked yet
    signed char hinted     # class_hint's verdict, -1 not asked yet


cdef class _Index:
    cdef PageWalker walker
    cdef cetree._Document doc
    cdef Buf scratch
    cdef Buf lowered
    # The distinct class values met (in the parser's form), by their bytes: a page repeats a few
    # dozen values over hundreds of elements, and a value is looked up here without a str.
    cdef ClassEntry* classes
    cdef Py_ssize_t n_classes, cap_classes
    cdef Py_ssize_t* class_slots  # open addressing: an entry's index + 1, or 0 for an empty slot
    cdef size_t class_mask
    cdef Buf class_bytes
    cdef bint in_body
    cdef bint dtd_defaults
    cdef dict meta, links, class_hints, class_hides
    cdef list ld, itemprops, marked, texts, doc_writes, suspects
    cdef list declarations  # None when not asked for
    cdef object title
    # The outermost element of ``no_text_within`` the walk is in (an ancestor of the root when
    # the root is inside one), else NULL: no text is listed below it.
    cdef xmlNode* no_text_top
    # The archive-replay test made on the way (PageWalker.index_noting_replay): 0 no hint
    # confirmed yet, 1 one confirmed, -1 not asked or cannot tell; ``odd`` is set when the walk
    # skips a node that is neither text nor CDATA (which the scan would refuse).
    cdef ReplayScan replay
    cdef int replay_state
    cdef bint odd

    def __dealloc__(self):
        free(self.scratch.data)
        free(self.lowered.data)
        free(self.classes)
        free(self.class_slots)
        free(self.class_bytes.data)

    cdef Py_ssize_t class_entry(self, const char* value) except -1:
        """The entry of a non-empty class value (its bytes), made on first sight. A value that
        is not ASCII is decoded once then, as ``get()`` would decode it (so that bytes that are
        not UTF-8 raise as they would)."""
        cdef Py_ssize_t i, n = 0, size
        cdef unsigned int h = 2166136261u
        cdef unsigned char b, high = 0
        cdef size_t slot
        cdef ClassEntry* e
        while value[n] != 0:
            b = <unsigned char>value[n]
            high |= b
            h = (h ^ b) * 16777619u
            n += 1
        if self.class_slots is not NULL:
            slot = h & self.class_mask
            while self.class_slots[slot] != 0:
                e = &self.classes[self.class_slots[slot] - 1]
                if e.hash == h and e.length == n and memcmp(self.class_bytes.data + e.offset, value, n) == 0:
                    return self.class_slots[slot] - 1
                slot = (slot + 1) & self.class_mask
        if high & 0x80:
            PyUnicode_DecodeUTF8(value, n, NULL)
        if self.class_slots is NULL or 2 * (self.n_classes + 1) > <Py_ssize_t>(self.class_mask + 1):
            self.grow_classes()
        _grow(<void**>&self.classes, &self.cap_classes, self.n_classes + 1, sizeof(ClassEntry))
        i = self.n_classes
        e = &self.classes[i]
        e.offset = self.class_bytes.len
        e.length = n
        e.hash = h
        e.hides = -1
        e.hinted = -1
        _put(&self.class_bytes, value, n + 1)
        self.n_classes += 1
        slot = h & self.class_mask
        while self.class_slots[slot] != 0:
            slot = (slot + 1) & self.class_mask
        self.class_slots[slot] = i + 1
        return i

    cdef int grow_classes(self) except -1:
        cdef size_t size = (self.class_mask + 1) * 2 if self.class_slots is not NULL else 256, slot
        cdef Py_ssize_t i
        cdef Py_ssize_t* slots = <Py_ssize_t*>calloc(size, sizeof(Py_ssize_t))
        if slots is NULL:
            raise MemoryError()
        free(self.class_slots)
        self.class_slots = slots
        self.class_mask = size - 1
        for i in range(self.n_classes):
            slot = self.classes[i].hash & self.class_mask
            while slots[slot] != 0:
                slot = (slot + 1) & self.class_mask
            slots[slot] = i + 1
        return 0

    cdef object class_str(self, Py_ssize_t i):
        return PyUnicode_DecodeUTF8(self.class_bytes.data + self.classes[i].offset, self.classes[i].length, NULL)

    cdef int hides(self, Py_ssize_t entry, cls) except -1:
        """``hiding_class`` of the class value: entry ``entry`` of the table, or the str
        ``cls`` when ``entry`` is -1 (a value not in the parser's form)."""
        cdef int verdict
        if entry < 0:
            hides = self.class_hides.get(cls)
            if hides is None:
                hides = self.class_hides[cls] = self.hiding(cls)
            return hides
        verdict = self.classes[entry].hides
        if verdict < 0:
            verdict = self.hiding_bytes(entry)
            self.classes[entry].hides = verdict
        return verdict

    cdef int hinted_value(self, Py_ssize_t entry, cls) except -1:
        """``class_hint`` of the class value, given as for :meth:`hides`."""
        cdef int verdict
        if entry < 0:
            return self.hinted(cls)
        verdict = self.classes[entry].hinted
        if verdict < 0:
            if self.walker.hint_words is not None:
                verdict = _holds_any(self.class_bytes.data + self.classes[entry].offset, self.walker.hint_words)
            else:
                verdict = self.walker.class_hint(self.class_str(entry)) is not None
            self.classes[entry].hinted = verdict
        return verdict

    cdef int hiding_bytes(self, Py_ssize_t entry) except -1:
        """:meth:`hiding` of a table entry: an ASCII value without any hiding word here."""
        cdef const char* s = self.class_bytes.data + self.classes[entry].offset
        if self.walker.hiding_words is not None and _ascii_holding_none(s, self.classes[entry].length, &self.lowered, self.walker.hiding_words):
            return False
        return bool(self.walker.hiding_class(self.class_str(entry)))

    cdef object walk(self, xmlNode* root):
        cdef xmlNode* c = root
        cdef xmlNode* nxt
        self.meta = {}
        self.links = {}
        self.class_hints = {}
        self.class_hides = {}
        self.ld = []
        self.itemprops = []
        self.marked = []
        self.texts = []
        self.doc_writes = []
        self.suspects = []
        self.title = None
        self.no_text_top = NULL
        nxt = _parent_element(root)
        while nxt is not NULL:
            if self.walker.tags.of(nxt) & T_NO_DATES:
                self.no_text_top = nxt
            nxt = _parent_element(nxt)
        # root.iter(): document order, every element, comment, PI and entity reference, and
        # not into an entity reference's declaration (lxml's _LX__TRAVERSE_TO_NEXT).
        while c is not NULL:
            if c.type == tree.XML_ELEMENT_NODE:
                self.element(c)
            else:
                self.other(c)
            nxt = NULL
            if c.children is not NULL and c.type != tree.XML_ENTITY_REF_NODE and c.type != tree.XML_DTD_NODE:
                nxt = _skip_noting(c.children, &self.odd)  # _first_child(c)
            if nxt is NULL and c != root:
                if c == self.no_text_top:  # leaving its subtree
                    self.no_text_top = NULL
                nxt = _skip_noting(c.next, &self.odd)  # _next_element(c)
                while nxt is NULL:
                    c = c.parent
                    if c is NULL or c == root or not _is_element(c):
                        break
                    if c == self.no_text_top:
                        self.no_text_top = NULL
                    nxt = _skip_noting(c.next, &self.odd)
            c = nxt
        return (self.meta, self.links, self.ld, self.title, self.itemprops, self.marked, self.texts,
                self.doc_writes, self.suspects)

    cdef int replay_element(self, xmlNode* c) except -1:
        """The replay scan's test of an element (its attributes, a script's text)."""
        try:
            if self.replay.element(c):
                self.replay_state = 1
        except _Refused:
            self.replay_state = -1
        return 0

    cdef int replay_script(self, xmlNode* c) except -1:
        """The replay scan's test of a script's text (its attributes read by the caller)."""
        try:
            if self.replay.script_holds_marker(c):
                self.replay_state = 1
        except _Refused:
            self.replay_state = -1
        return 0

    cdef object short_digit_text(self, xmlNode* c):
        """The run of text at ``c`` when it is shorter than ``max_text``, not shorter than
        ``min_text``, and holds a digit (``\\d``: a Unicode decimal digit), else None. A str is made only then. Most texts are
        settled by their byte length, ``strpbrk`` and one branch-free pass over the bytes."""
        cdef xmlNode* first = _text_or_skip(c)
        cdef xmlNode* node = first
        cdef const unsigned char* s
        cdef Py_ssize_t i, n, size, chars = 0, nbytes = 0, limit = self.walker.max_text
        cdef bint found = False, ask = False
        cdef unsigned char high
        cdef Py_UCS4 cp
        if first is NULL:
            return None
        while node is not NULL:
            s = <const unsigned char*>node.content
            if s is not NULL:
                n = <Py_ssize_t>strlen(<const char*>s)
                if n >= 4 * limit:  # a code point takes at most 4 bytes
                    return None
                nbytes += n
                if n < limit:  # and at least 1
                    chars += n
                    high = 0
                    for i in range(n):
                        high |= s[i]
                    if high & 0x80:  # some code points take more than one byte
                        for i in range(n):
                            chars -= (s[i] & 0xC0) == 0x80
                else:
                    high = 0x80
                    for i in range(n):
                        chars += (s[i] & 0xC0) != 0x80
                if chars >= limit:
                    return None
                if not found:
                    if strpbrk(<const char*>s, "0123456789") is not NULL:
                        found = True
                    elif high & 0x80:
                        if not self.walker.c_digits:
                            ask = True
                        else:
                            i = 0
                            while i < n:
                                if s[i] < 0x80:
                                    i += 1
                                    continue
                                size = _code_point(s, i, n, &cp)
                                if size == 0:
                                    raise _Malformed()
                                if Py_UNICODE_ISDECIMAL(cp):
                                    found = True
                                    break
                                i += size
            node = _text_or_skip(node.next)
        if nbytes == 0 or chars < self.walker.min_text or not (found or ask):
            return None
        text = _run_str(first, &self.scratch)
        if found or self.walker.digit(text) is not None:
            return text
        return None

    cdef int other(self, xmlNode* c) except -1:
        """A comment, processing instruction or entity reference: judged, and its tail read."""
        cdef xmlNode* parent
        self.suspects.append(cetree.elementFactory(self.doc, c))
        if self.replay_state == 0:
            # The replay scan's test: a comment's text; it refuses an entity reference.
            if c.type == tree.XML_COMMENT_NODE:
                if self.replay.comment(c):
                    self.replay_state = 1
            elif c.type != tree.XML_PI_NODE:
                self.replay_state = -1
        if self.in_body and self.no_text_top is NULL:
            tail = self.short_digit_text(c.next)
            if tail is not None:
                parent = _parent_element(c)
                if parent is not NULL:
                    self.texts.append(self.walker.text_node(tail, cetree.elementFactory(self.doc, parent), True))
        return 0

    cdef int element(self, xmlNode* c) except -1:
        cdef PageWalker w = self.walker
        cdef unsigned int flags = w.tags.of(c)
        cdef object el = None
        cdef object cls
        cdef xmlNode* parent
        cdef bint itemprop, hiding_attr
        cdef xmlAttr* a
        cdef xmlAttr* class_attr = NULL
        cdef const char* name
        cdef const char* value
        cdef int found
        cdef Py_ssize_t entry = -1  # the class value's entry in the table, -1: cls (or none)
        cdef bint has_class
        if not self.in_body and flags & T_BODY:
            self.in_body = True
        if flags & T_NO_DATES and self.no_text_top is NULL:
            self.no_text_top = c
        if self.dtd_defaults:
            itemprop = _attr(c, "itemprop") is not None
            cls = _attr(c, "class")
            hiding_attr = _attr(c, "hidden") is not None or _attr(c, "aria-hidden") is not None or _attr(c, "style") is not None
            if self.replay_state == 0:
                self.replay_element(c)
        else:
            # One pass over the attributes for the five the index asks about (the first of a
            # name counts, as for get()); only the class value becomes a str. The replay test,
            # when asked, reads the same attributes on the way.
            itemprop = hiding_attr = False
            a = c.properties
            while a is not NULL:
                if a.name is not NULL and (a.ns is NULL or a.ns.prefix is NULL):
                    if self.replay_state == 0 and self.replay.first_byte[<unsigned char>a.name[0]]:
                        found = self.replay.attribute(a)
                        if found:
                            self.replay_state = 1 if found == 1 else -1
                    if a.ns is NULL:
                        name = <const char*>a.name
                        if name[0] == b'c':
                            if class_attr is NULL and _same(name, "class"):
                                class_attr = a
                        elif name[0] == b'i':
                            if _same(name, "itemprop"):
                                itemprop = True
                        elif name[0] == b'h':
                            if _same(name, "hidden"):
                                hiding_attr = True
                        elif name[0] == b'a':
                            if _same(name, "aria-hidden"):
                                hiding_attr = True
                        elif name[0] == b's':
                            if _same(name, "style"):
                                hiding_attr = True
                a = a.next
            cls = None
            if class_attr is not NULL:
                value = _plain_value(class_attr)
                if value is NULL:
                    cls = _attr_value(c, class_attr)
                elif value[0] != 0:
                    entry = self.class_entry(value)
            if self.replay_state == 0 and c.ns is NULL and flags & T_SCRIPT:
                self.replay_script(c)
        has_class = entry >= 0 or bool(cls)
        if itemprop:
            el = cetree.elementFactory(self.doc, c)
            self.itemprops.append(el)
        if flags & T_JUDGED or hiding_attr:
            if el is None:
                el = cetree.elementFactory(self.doc, c)
            self.suspects.append(el)
        elif has_class:
            if self.hides(entry, cls):
                if el is None:
                    el = cetree.elementFactory(self.doc, c)
                self.suspects.append(el)
        if not flags & T_INDEXED:
            if has_class and self.hinted_value(entry, cls):
                if el is None:
                    el = cetree.elementFactory(self.doc, c)
                self.marked.append(el)
            if flags & T_BASE and self.declarations is not None:
                if el is None:
                    el = cetree.elementFactory(self.doc, c)
                self.declarations.append(el)
        elif flags & T_META:
            if el is None:
                el = cetree.elementFactory(self.doc, c)
            if self.declarations is not None:
                self.declarations.append(el)
            if w.meta_attributes is not None:
                self.index_meta(c)
            else:
                w.index_meta(el, self.meta)
        elif flags & T_TITLE:
            if self.title is None:
                if el is None:
                    el = cetree.elementFactory(self.doc, c)
                self.title = w.title_of(el)
        elif flags & T_LINK:
            if el is None:
                el = cetree.elementFactory(self.doc, c)
            if self.declarations is not None:
                self.declarations.append(el)
            if w.meta_attributes is not None:
                self.index_link(c)
            else:
                w.index_link(el, self.links)
            if _get(c, "title", self.dtd_defaults) and "author" in (_get(c, "rel", self.dtd_defaults) or "").lower():
                self.marked.append(el)
        elif flags & T_SCRIPT:
            if w.ld_json_type(_get(c, "type", self.dtd_defaults) or ""):
                self.ld.extend(w.loads_tolerant(_run_str(c.children, &self.scratch) or ""))
            elif self.mentions_document_write(c.children):
                self.doc_writes.append(_run_str(c.children, &self.scratch))
        elif (flags & T_MARK or (flags & T_ABBR and _get(c, "title", self.dtd_defaults))
              or (flags & T_A and _get(c, "rel", self.dtd_defaults))):
            if el is None:
                el = cetree.elementFactory(self.doc, c)
            self.marked.append(el)
        elif has_class and self.hinted_value(entry, cls):
            if el is None:
                el = cetree.elementFactory(self.doc, c)
            self.marked.append(el)
        if self.in_body:
            if not flags & T_NON_TEXT and self.no_text_top is NULL:
                text = self.short_digit_text(c.children)
                if text is not None:
                    if el is None:
                        el = cetree.elementFactory(self.doc, c)
                    self.texts.append(w.text_node(text, el, False))
            if not flags & T_BODY and (self.no_text_top is NULL or self.no_text_top == c):
                tail = self.short_digit_text(c.next)
                if tail is not None:
                    parent = _parent_element(c)
                    if parent is not NULL:
                        self.texts.append(w.text_node(tail, cetree.elementFactory(self.doc, parent), True))
        return 0

    cdef int hinted(self, cls) except -1:
        hinted = self.class_hints.get(cls)
        if hinted is None:
            if self.walker.hint_words is not None:
                hinted = _holds_any(PyUnicode_AsUTF8(cls), self.walker.hint_words)
            else:
                hinted = self.walker.class_hint(cls) is not None
            self.class_hints[cls] = hinted
        return hinted

    cdef int index_meta(self, xmlNode* c) except -1:
        """``metadata.base._index_meta``: the content (else the value) under every key the meta
        attributes name, split on whitespace and lower-cased."""
        cdef bytes name
        content = _get(c, "content", self.dtd_defaults)
        if content is None:
            content = _get(c, "value", self.dtd_defaults)
        if content is None:
            return 0
        for name in self.walker.meta_attributes:
            key = _get(c, name, self.dtd_defaults)
            if key:
                for k in key.split():
                    self.meta.setdefault(k.strip().lower(), []).append(content)
        return 0

    cdef int index_link(self, xmlNode* c) except -1:
        """``metadata.base._index_link``: the stripped href under each lower-cased rel token."""
        href = _get(c, "href", self.dtd_defaults)
        if href:
            rel = _get(c, "rel", self.dtd_defaults)
            for token in (rel or "").lower().split():
                self.links.setdefault(token, []).append(href.strip())
        return 0

    cdef object hiding(self, cls):
        """``hiding_class(cls)``, answered here for an ASCII value without any of its words."""
        cdef const char* s = PyUnicode_AsUTF8(cls)
        if self.walker.hiding_words is not None and _ascii_holding_none(s, <Py_ssize_t>strlen(s), &self.lowered, self.walker.hiding_words):
            return False
        return self.walker.hiding_class(cls)

    cdef int mentions_document_write(self, xmlNode* c) except -1:
        """``"document.write" in el.text``, on the bytes (the needle is ASCII)."""
        cdef xmlNode* first = _text_or_skip(c)
        cdef const char* s
        if first is NULL:
            return False
        if _text_or_skip(first.next) is NULL:
            if first.content is NULL:
                return False
            s = <const char*>first.content
        else:
            self.scratch.len = 0
            c = first
            while c is not NULL:
                if c.content is not NULL:
                    _put(&self.scratch, <const char*>c.content, <Py_ssize_t>strlen(<const char*>c.content))
                c = _text_or_skip(c.next)
            _put(&self.scratch, "", 1)  # the terminating NUL
            s = self.scratch.data
        return strstr(s, "document.write") is not NULL


cdef bint _ascii_holding_none(const char* s, Py_ssize_t n, Buf* lowered, list words) except -1:
    """Whether ``s`` (``n`` bytes) is ASCII and, lower-cased into ``lowered``, holds none of
    ``words``: then the hiding-class test answers no without Python (Python's lower() of ASCII
    text is the ASCII one; other text goes to Python)."""
    cdef Py_ssize_t i
    cdef unsigned char b, high = 0
    _grow(<void**>&lowered.data, &lowered.cap, n + 1, 1)
    for i in range(n):
        b = <unsigned char>s[i]
        high |= b
        lowered.data[i] = <char>(b + 32 if 65 <= b <= 90 else b)
    lowered.data[n] = 0
    return not (high & 0x80) and not _holds_any(lowered.data, words)


cdef bint _holds_any(const char* s, list words) except -1:
    """Whether ``s`` (NUL-terminated UTF-8) holds one of ``words`` (bytes): ``word in text``."""
    cdef bytes word
    for word in words:
        if strstr(s, word) is not NULL:
            return True
    return False


# --- the page's bytes: strict UTF-8 ------------------------------------------------------------

from libc.stdint cimport uint64_t


def utf8_facts(bytes data):
    """``(len(text), "\\ufffd" in text)`` for ``text = data.decode("utf-8")``, or None when that
    decoding fails, without building the text: the pipeline hands valid UTF-8 bytes to the parser
    as they are. Well-formed is what Python's strict decoder accepts (Unicode's table 3-7: no
    overlong forms, no surrogates, nothing above U+10FFFF). ASCII is skipped 32 bytes at a time
    (then eight), with one test of the high bits; the length is the byte count less the
    continuation bytes of the well-formed sequences (one code point each)."""
    cdef const unsigned char* s = <const unsigned char*>data
    cdef Py_ssize_t n = len(data), i = 0, continuation = 0, stop
    cdef uint64_t w0, w1, w2, w3
    cdef unsigned char b, lo, hi
    cdef int more
    cdef bint replacement = False
    while i < n:
        while i + 32 <= n:
            memcpy(&w0, s + i, 8)
            memcpy(&w1, s + i + 8, 8)
            memcpy(&w2, s + i + 16, 8)
            memcpy(&w3, s + i + 24, 8)
            if (w0 | w1 | w2 | w3) & 0x8080808080808080ULL:
                break
            i += 32
        while i + 8 <= n:
            memcpy(&w0, s + i, 8)
            if w0 & 0x8080808080808080ULL:
                break
            i += 8
        # Byte by byte up to the next eight-byte step (or the end): a non-ASCII sequence, and
        # the ASCII around it, are usually not alone.
        stop = i + 8
        while i < n and i < stop:
            b = s[i]
            if b < 0x80:
                i += 1
                continue
            lo, hi = 0x80, 0xBF  # the range of the byte after the lead
            if b >= 0xC2 and b <= 0xDF:
                more = 1
            elif b >= 0xE0 and b <= 0xEF:
                more = 2
                if b == 0xE0:
                    lo = 0xA0
                elif b == 0xED:
                    hi = 0x9F
            elif b >= 0xF0 and b <= 0xF4:
                more = 3
                if b == 0xF0:
                    lo = 0x90
                elif b == 0xF4:
                    hi = 0x8F
            else:
                return None
            if i + more >= n or s[i + 1] < lo or s[i + 1] > hi:
                return None
            if more >= 2 and (s[i + 2] & 0xC0) != 0x80:
                return None
            if more == 3 and (s[i + 3] & 0xC0) != 0x80:
                return None
            if b == 0xEF and s[i + 1] == 0xBF and s[i + 2] == 0xBD:
                replacement = True
            i += more + 1
            continuation += more
            stop = i + 8
    return n - continuation, replacement


# --- scans that hand Python only the few elements that matter -----------------------------------
#
# Several stages look at an attribute or two of every element of a subtree and care about a
# handful: the archive-replay test, the search for side boxes, the search for a breadcrumb
# trail, the caption and credit search around images, the search for links to clips. In Python
# (or XPath) each element costs a proxy and a few calls. These scans read the attributes off the
# nodes and call back into Python only for the elements that *could* answer yes (a superset,
# worked out from the Python code); Python still decides, and its own walk stays the reference
# the tests compare with. A tree a scan does not model makes it return None, and the caller runs
# the Python walk.

from libc.stdlib cimport malloc, qsort
from libc.string cimport strncmp


class _Refused(Exception):
    """Something a scan does not model (an entity reference, an attribute value that is not
    one text node, a DTD with declarations...): the caller runs the Python walk."""


cdef inline const char* _plain_value(xmlAttr* a) noexcept:
    """An attribute's value as every parser and lxml's ``set()`` leave it: its one text (or
    CDATA) child's bytes, ``""`` for no child; NULL for any other form."""
    cdef xmlNode* child = a.children
    if child is NULL:
        return ""
    if child.next is NULL and (child.type == tree.XML_TEXT_NODE or child.type == tree.XML_CDATA_SECTION_NODE):
        if child.content is NULL:
            return ""
        return <const char*>child.content
    return NULL


cdef inline object _utf8_str(const char* s):
    return PyUnicode_DecodeUTF8(s, <Py_ssize_t>strlen(s), NULL)


cdef bint _names_bytes(xmlAttr* cls, xmlAttr* ident, Buf* buf) except -1:
    """``f"{cls or ''} {ident or ''}"`` as UTF-8 in ``buf`` (NUL-terminated, the NUL not
    counted), for the class and id attributes (either may be NULL: absent); False when a value
    is not in the parser's form (then lxml must read it)."""
    cdef const char* a = ""
    cdef const char* b = ""
    if cls is not NULL:
        a = _plain_value(cls)
    if ident is not NULL:
        b = _plain_value(ident)
    if a is NULL or b is NULL:
        return False
    buf.len = 0
    _put(buf, a, <Py_ssize_t>strlen(a))
    _put(buf, " ", 1)
    _put(buf, b, <Py_ssize_t>strlen(b))
    _put(buf, "", 1)
    buf.len -= 1
    return True


cdef object _names(xmlNode* c, xmlAttr* cls, xmlAttr* ident, Buf* buf):
    """The string the Python helpers build from ``get("class")`` and ``get("id")``:
    ``f"{cls or ''} {ident or ''}"`` (either attribute may be NULL: absent)."""
    if _names_bytes(cls, ident, buf):
        return PyUnicode_DecodeUTF8(buf.data, buf.len, NULL)
    first = _attr_value(c, cls) if cls is not NULL else None
    second = _attr_value(c, ident) if ident is not NULL else None
    return f"{first or ''} {second or ''}"


cdef bint _ascii_without(Buf* text, list words, Buf* lowered) except -1:
    """Whether ``text`` (NUL-terminated) is ASCII and holds none of ``words`` (lower-case ASCII
    bytes) in any case: Python's ``lower()`` of ASCII text is the ASCII one."""
    cdef Py_ssize_t i, n = text.len
    cdef unsigned char b, high = 0
    cdef bytes word
    _grow(<void**>&lowered.data, &lowered.cap, n + 1, 1)
    for i in range(n):
        b = <unsigned char>text.data[i]
        high |= b
        lowered.data[i] = <char>(b + 32 if 65 <= b <= 90 else b)
    lowered.data[n] = 0
    if high & 0x80:
        return False
    for word in words:
        if strstr(lowered.data, word) is not NULL:
            return False
    return True


cdef inline xmlNode* _first_element_child(xmlNode* c) noexcept nogil:
    c = c.children
    while c is not NULL and c.type != tree.XML_ELEMENT_NODE:
        c = c.next
    return c


cdef inline xmlNode* _next_element_sibling(xmlNode* c) noexcept nogil:
    c = c.next
    while c is not NULL and c.type != tree.XML_ELEMENT_NODE:
        c = c.next
    return c


# --- the archive-replay test ----------------------------------------------------------------

cdef inline bint _same(const char* a, const char* b) noexcept nogil:
    """``strcmp(a, b) == 0``, inline: the names and values compared are a few bytes long."""
    while a[0] == b[0]:
        if a[0] == 0:
            return True
        a += 1
        b += 1
    return False


cdef class ReplayScan:
    """``archive._may_be_replay_python`` without XPath: the same hint nodes as its XPath union
    (``/descendant::*/@href`` and ``@src`` starting with the prefix, ``@id`` among the toolbar
    ids, ``/descendant::script`` whose string value holds the playback call, every
    ``/descendant::comment()``), visited in document order, each confirmed by the same Python
    test (``rewritten`` on an attribute value, ``archive_comment`` on a comment's text), so the
    answer is the same. Only a comment that is not ASCII or holds one of ``comment_words`` (in
    any case) is handed to ``archive_comment``: the caller guarantees that an ASCII comment
    holding none of them is never an archive comment.

    As lxml evaluates the XPath: ``/`` is the document ``root`` belongs to, whichever of its
    elements ``root`` is (comments around ``<html>`` included)."""

    cdef bytes prefix
    cdef list prefixed        # names of the attributes whose values are tested for the prefix
    cdef list ids
    cdef bytes marker
    cdef list words
    cdef object rewritten
    cdef object archive_comment
    cdef Buf text
    # the same, as C strings (kept alive by the lists above)
    cdef const char* c_prefix
    cdef Py_ssize_t prefix_len
    cdef const char* c_prefixed[8]
    cdef Py_ssize_t n_prefixed
    cdef const char* c_ids[16]
    cdef Py_ssize_t n_ids
    # The first bytes of the attribute names :meth:`attribute` tests (the prefixed ones, "id"):
    # the index walk asks it only about attributes whose name begins with one.
    cdef bint first_byte[256]
    cdef list markers  # comment_markers as bytes, or None

    def __init__(self, *, prefix, prefixed_attributes, ids, script_marker, comment_words, rewritten, archive_comment,
                 comment_markers=None):
        cdef bytes item
        self.prefix = prefix.encode("utf-8")
        self.prefixed = [name.encode("utf-8") for name in prefixed_attributes]
        self.ids = [value.encode("utf-8") for value in ids]
        if len(self.prefixed) > 8 or len(self.ids) > 16 or b"id" in self.prefixed:
            raise ValueError("the replay scan takes up to 8 prefixed attributes (not id) and 16 ids")
        self.c_prefix = self.prefix
        self.prefix_len = len(self.prefix)
        for item in self.prefixed:
            self.c_prefixed[self.n_prefixed] = item
            self.n_prefixed += 1
            self.first_byte[item[0]] = True
        self.first_byte[ord("i")] = True
        for item in self.ids:
            self.c_ids[self.n_ids] = item
            self.n_ids += 1
        self.marker = script_marker.encode("utf-8")
        self.words = [word.encode("ascii") for word in comment_words]
        if (not self.prefix or not self.marker or not self.words or not all(self.prefixed)
                or any(not w or w != w.lower() for w in self.words)):
            raise ValueError("the replay scan needs a prefix, attribute names, a script marker and lower-case ASCII comment words")
        self.rewritten = rewritten
        self.archive_comment = archive_comment
        # Given (lower-case ASCII), they are every text ``archive_comment`` answers yes for among
        # ASCII texts, in any case: an ASCII comment is then answered here.
        self.markers = None if comment_markers is None else [marker.encode("ascii") for marker in comment_markers]
        if self.markers is not None and any(not m or m != m.lower() for m in self.markers):
            raise ValueError("comment_markers must be non-empty lower-case ASCII")

    def __dealloc__(self):
        free(self.text.data)

    def may_be_replay(self, root):
        """True or False as the Python test answers, or None for a tree this scan does not model."""
        cdef cetree._Element element
        cdef xmlNode* c
        if not isinstance(root, cetree._Element):
            return None
        element = root
        if element._c_node is NULL or element._c_node.type != tree.XML_ELEMENT_NODE:
            return None
        if element._c_node.doc is NULL:
            return None
        try:
            c = element._c_node.doc.children
            while c is not NULL:
                if self.subtree(c):
                    return True
                c = c.next
            return False
        except _Refused:
            return None

    cdef int subtree(self, xmlNode* top) except -1:
        """Whether ``top`` or any node below it is a confirmed hint (document order)."""
        cdef xmlNode* c = top
        cdef xmlNode* nxt
        while c is not NULL:
            if c.type == tree.XML_ELEMENT_NODE:
                if self.element(c):
                    return True
            elif c.type == tree.XML_COMMENT_NODE:
                if self.comment(c):
                    return True
            elif c.type == tree.XML_DTD_NODE:
                if c.children is not NULL:  # declarations: XPath's walk has rules of its own there
                    raise _Refused()
            elif not (c.type == tree.XML_TEXT_NODE or c.type == tree.XML_CDATA_SECTION_NODE or c.type == tree.XML_PI_NODE):
                raise _Refused()  # an entity reference, an XInclude marker...
            nxt = c.children if c.type == tree.XML_ELEMENT_NODE else NULL
            if nxt is NULL:
                if c == top:
                    break
                nxt = c.next
                while nxt is NULL:
                    c = c.parent
                    if c is NULL or c == top:
                        break
                    nxt = c.next
            c = nxt
        return False

    cdef int element(self, xmlNode* c) except -1:
        cdef xmlAttr* a = c.properties
        cdef int found
        while a is not NULL:
            # XPath's name test for an attribute: no namespace, or one without a prefix
            if a.name is not NULL and (a.ns is NULL or a.ns.prefix is NULL):
                found = self.attribute(a)
                if found == 2:
                    raise _Refused()
                if found:
                    return True
            a = a.next
        if c.ns is NULL and c.name is not NULL and strcmp(<const char*>c.name, "script") == 0:
            return self.script_holds_marker(c)
        return False

    cdef int attribute(self, xmlAttr* a) except -1:
        """1 when the attribute ``a`` (named, in no namespace or one without a prefix) is a
        confirmed hint (a prefixed value that ``rewritten`` matches, an id among the ids), 0 when
        not, 2 when its value is not in the form this scan reads (then the scan refuses)."""
        cdef const char* name = <const char*>a.name
        cdef const char* value
        cdef Py_ssize_t i
        for i in range(self.n_prefixed):
            if _same(name, self.c_prefixed[i]):
                value = _plain_value(a)
                if value is NULL:
                    return 2
                if value[0] != self.c_prefix[0] or strncmp(value, self.c_prefix, self.prefix_len) != 0:
                    return False
                return bool(self.rewritten(_utf8_str(value)))
        if name[0] == b'i' and name[1] == b'd' and name[2] == 0:
            value = _plain_value(a)
            if value is NULL:
                return 2
            for i in range(self.n_ids):
                if _same(value, self.c_ids[i]):
                    return True
        return False

    cdef int script_holds_marker(self, xmlNode* script) except -1:
        """``contains(., marker)``: the string value is every text and CDATA node below, in order."""
        cdef xmlNode* c = script.children
        cdef xmlNode* nxt
        if c is NULL:
            return False
        if c.next is NULL and (c.type == tree.XML_TEXT_NODE or c.type == tree.XML_CDATA_SECTION_NODE):
            return c.content is not NULL and strstr(<const char*>c.content, self.marker) is not NULL
        self.text.len = 0
        while c is not NULL:
            if c.type == tree.XML_TEXT_NODE or c.type == tree.XML_CDATA_SECTION_NODE:
                if c.content is not NULL:
                    _put(&self.text, <const char*>c.content, <Py_ssize_t>strlen(<const char*>c.content))
            elif not (c.type == tree.XML_ELEMENT_NODE or c.type == tree.XML_COMMENT_NODE or c.type == tree.XML_PI_NODE):
                raise _Refused()
            nxt = c.children if c.type == tree.XML_ELEMENT_NODE else NULL
            if nxt is NULL:
                nxt = c.next
                while nxt is NULL:
                    c = c.parent
                    if c is NULL or c == script:
                        break
                    nxt = c.next
            c = nxt
        _put(&self.text, "", 1)
        return strstr(self.text.data, self.marker) is not NULL

    cdef int comment(self, xmlNode* c) except -1:
        """``archive_comment(comment.text or "")``, asked only when the text is not ASCII or
        holds one of the words."""
        cdef const unsigned char* s = <const unsigned char*>""
        cdef Py_ssize_t i, n
        cdef unsigned char high = 0, b
        cdef bint ask = False
        cdef bytes word
        if c.content is not NULL:
            s = <const unsigned char*>c.content
        n = <Py_ssize_t>strlen(<const char*>s)
        _grow(<void**>&self.text.data, &self.text.cap, n + 1, 1)
        for i in range(n):
            b = s[i]
            high |= b
            self.text.data[i] = <char>(b + 32 if 65 <= b <= 90 else b)  # ASCII lower()
        self.text.data[n] = 0
        if high & 0x80:
            ask = True
        else:
            for word in self.words:
                if strstr(self.text.data, word) is not NULL:
                    ask = True
                    break
            if ask and self.markers is not None:
                return _holds_any(self.text.data, self.markers)
        if not ask:
            return False
        return bool(self.archive_comment(PyUnicode_DecodeUTF8(<const char*>s, n, NULL)))


# --- side boxes -----------------------------------------------------------------------------

cdef enum:
    B_ALWAYS = 1 << 0     # a box by its tag (aside, figure, figcaption)
    B_NEVER = 1 << 1      # never a box by itself (rows, row groups, html, body)
    B_QUOTE = 1 << 2      # a box when floated or named as a pull quote (blockquote)
    B_FLOATS = 1 << 3     # a box when floated (table, div)
    B_NARROW = 1 << 4     # a box when narrow (table)
    B_IMAGE = 1 << 5      # an image box when it holds a picture and little text


cdef struct Item:
    xmlNode* node
    Py_ssize_t end        # the index after its subtree's last element
    Py_ssize_t imgs       # <img> elements before it in the walk


cdef int _compare_pointers(const void* a, const void* b) noexcept nogil:
    cdef size_t x = <size_t>(<xmlNode**>a)[0]
    cdef size_t y = <size_t>(<xmlNode**>b)[0]
    return (x > y) - (x < y)


cdef int _sorted_nodes(elements, xmlNode*** nodes, Py_ssize_t* n) except -1:
    """Append the nodes of the lxml elements among ``elements`` to ``nodes`` (grown as needed)
    and sort the array by address, for :func:`_find_pointer`."""
    cdef Py_ssize_t cap = n[0]
    cdef cetree._Element el
    for member in elements:
        if isinstance(member, cetree._Element):
            el = member
            if el._c_node is not NULL:
                _grow(<void**>nodes, &cap, n[0] + 1, sizeof(xmlNode*))
                nodes[0][n[0]] = el._c_node
                n[0] += 1
    if n[0] > 1:
        qsort(nodes[0], n[0], sizeof(xmlNode*), _compare_pointers)
    return 0


cdef class _WordSet  # defined with the scans below; the box walk uses one too


cdef class BoxWalker:
    """The walk of ``boxes._find_boxes_python``: every element below the container in document
    order, not descending into one that ``judge`` makes a box of. ``judge`` (the Python test:
    in ``extra``, a box by ``is_box`` and no quotation wrapper, or an image box; then lifted) is
    called only for the elements that could pass it, decided here from the tag, the first
    class/id/align/style/width attributes, the ``named`` test of the class/id string (a pure
    function, asked once per distinct string), whether an ``<img>`` lies below, and the
    element's characters in ``stats``:

    - in ``extra`` (by identity: a proxy in the set is the proxy of its node);
    - not a ``never`` tag, and: an ``always`` tag; a ``quote`` tag with align, style, class or
      id; class or id naming a box (``named``); a ``floats`` tag with align or style; a
      ``narrow`` tag with width or style;
    - an ``image`` tag with an ``<img>`` below it and at most ``max_image_chars`` characters.

    Tag tests are Python's ``el.tag in ...`` (a namespaced element matches none).

    With ``named_words`` and ``named_prefixes``, an ASCII class/id string none of whose words
    (split at whitespace) holds one of ``named_words`` or starts with one of ``named_prefixes``,
    in any case, is taken to fail ``named`` without asking (the caller guarantees it), and no
    string is made of it."""

    cdef _TagTable tags
    cdef object named
    cdef Py_ssize_t max_image_chars
    cdef _WordSet named_words, named_prefixes  # or None: every string is asked about

    def __init__(self, *, always_tags, never_tags, quote_tags, floats_tags, narrow_tags, image_tags, named, max_image_chars,
                 named_words=None, named_prefixes=None):
        self.tags = _TagTable()
        self.tags.add_all(always_tags, B_ALWAYS)
        self.tags.add_all(never_tags, B_NEVER)
        self.tags.add_all(quote_tags, B_QUOTE)
        self.tags.add_all(floats_tags, B_FLOATS)
        self.tags.add_all(narrow_tags, B_NARROW)
        self.tags.add_all(image_tags, B_IMAGE)
        self.named = named
        self.max_image_chars = max_image_chars
        if (named_words is None) != (named_prefixes is None):
            raise ValueError("the box walk takes both named_words and named_prefixes, or neither")
        if named_words is not None:
            self.named_words = _WordSet(named_words)
            self.named_prefixes = _WordSet(named_prefixes)

    cdef bint may_be_named(self, const unsigned char* s, Py_ssize_t n) except -1:
        """Whether a word of ``s`` (lower-case ASCII, ``n`` bytes) holds one of the named words
        or starts with one of the prefixes."""
        cdef Py_ssize_t i = 0, start
        while i < n:
            while i < n and _ascii_space(s[i]):
                i += 1
            start = i
            while i < n and not _ascii_space(s[i]):
                i += 1
            if i > start and (self.named_prefixes.starts(s + start, i - start) or self.named_words.any_in(s + start, i - start)):
                return True
        return False

    def find(self, container, stats, extra, judge, skip=()):
        """What ``judge`` returned for the elements it made boxes of, in walk order; None for a
        container this walk does not model. The walk does not enter an element of ``skip``
        that ``judge`` does not make a box of: it puts ``(element,)`` in its place."""
        cdef cetree._Element element
        cdef _BoxRun run
        if not isinstance(container, cetree._Element):
            return None
        element = container
        if element._c_node is NULL or element._c_node.type != tree.XML_ELEMENT_NODE:
            return None
        if _dtd_defaults(element._c_node.doc):  # get() may answer with declared defaults
            return None
        run = _BoxRun.__new__(_BoxRun)
        run.walker = self
        run.doc = element._doc
        if isinstance(stats, TextStatsMap):
            run.stats_map = stats
        else:
            run.stats = stats
        run.names = {}
        return run.walk(element._c_node, extra, judge, skip)


cdef class _BoxRun:
    cdef BoxWalker walker
    cdef cetree._Document doc
    cdef dict stats           # the statistics as a dict (Python's linearizer), or
    cdef TextStatsMap stats_map  # as the compiled linearizer gives them
    cdef dict names       # class/id string -> named(string)
    cdef Item* items
    cdef Py_ssize_t n_items, cap_items
    cdef xmlNode** extra
    cdef Py_ssize_t n_extra
    cdef xmlNode** skip
    cdef Py_ssize_t n_skip
    cdef Buf buf, lowered

    def __dealloc__(self):
        free(self.items)
        free(self.extra)
        free(self.skip)
        free(self.buf.data)
        free(self.lowered.data)

    cdef object walk(self, xmlNode* container, extra, judge, skip):
        cdef Py_ssize_t i
        cdef list found = []
        cdef cetree._Element el
        cdef object box
        _sorted_nodes(extra, &self.extra, &self.n_extra)
        _sorted_nodes(skip, &self.skip, &self.n_skip)
        self.list_elements(container)
        i = 0
        while i < self.n_items:
            if self.candidate(i):
                box = judge(cetree.elementFactory(self.doc, self.items[i].node))
                if box is not None:
                    found.append(box)
                    i = self.items[i].end  # not into a box
                    continue
            if self.n_skip and _find_pointer(self.skip, self.n_skip, self.items[i].node):
                found.append((cetree.elementFactory(self.doc, self.items[i].node),))
                i = self.items[i].end  # its boxes are known
                continue
            i += 1
        return found

    cdef int list_elements(self, xmlNode* container) except -1:
        """Every element below ``container`` in document order, with where its subtree ends and
        how many ``<img>`` come before it (one more item holds the total)."""
        cdef xmlNode* c = _first_element_child(container)
        cdef xmlNode* nxt
        cdef Py_ssize_t* open_items = NULL
        cdef Py_ssize_t n_open = 0, cap_open = 0, imgs = 0, i
        try:
            while c is not NULL:
                _grow(<void**>&self.items, &self.cap_items, self.n_items + 2, sizeof(Item))
                self.items[self.n_items].node = c
                self.items[self.n_items].imgs = imgs
                if c.name is not NULL and strcmp(<const char*>c.name, "img") == 0:
                    imgs += 1  # any namespace: a superset of what iter("img") finds
                _grow(<void**>&open_items, &cap_open, n_open + 1, sizeof(Py_ssize_t))
                open_items[n_open] = self.n_items
                n_open += 1
                self.n_items += 1
                nxt = _first_element_child(c)
                if nxt is not NULL:
                    c = nxt
                    continue
                c = NULL
                while n_open:  # close elements until one has a next sibling
                    n_open -= 1
                    i = open_items[n_open]
                    self.items[i].end = self.n_items
                    nxt = _next_element_sibling(self.items[i].node)
                    if nxt is not NULL:
                        c = nxt
                        break
            _grow(<void**>&self.items, &self.cap_items, self.n_items + 1, sizeof(Item))
            self.items[self.n_items].node = NULL
            self.items[self.n_items].imgs = imgs
            self.items[self.n_items].end = self.n_items
        finally:
            free(open_items)
        return 0

    cdef inline bint in_extra(self, xmlNode* c) noexcept:
        return _find_pointer(self.extra, self.n_extra, c)

    cdef int candidate(self, Py_ssize_t i) except -1:
        """Whether ``judge`` could make a box of item ``i`` (see BoxWalker)."""
        cdef xmlNode* c = self.items[i].node
        cdef unsigned int flags
        cdef xmlAttr* a
        cdef xmlAttr* cls = NULL
        cdef xmlAttr* ident = NULL
        cdef bint align = False, style = False, width = False
        cdef const char* name
        cdef object s
        cdef Rec* rec
        if self.n_extra and self.in_extra(c):
            return True
        flags = self.walker.tags.of(c)
        if flags & B_ALWAYS:
            return True
        a = c.properties
        while a is not NULL:  # the first attribute of each name in no namespace, as get() reads
            if a.ns is NULL and a.name is not NULL:
                name = <const char*>a.name
                if name[0] == b'c':
                    if cls is NULL and strcmp(name, "class") == 0:
                        cls = a
                elif name[0] == b'i':
                    if ident is NULL and strcmp(name, "id") == 0:
                        ident = a
                elif name[0] == b'a':
                    if not align and strcmp(name, "align") == 0:
                        align = _attr_truthy(a)
                elif name[0] == b's':
                    if not style and strcmp(name, "style") == 0:
                        style = _attr_truthy(a)
                elif name[0] == b'w':
                    if not width and strcmp(name, "width") == 0:
                        width = _attr_truthy(a)
            a = a.next
        if not flags & B_NEVER:
            if flags & B_QUOTE:
                if align or style or cls is not NULL or ident is not NULL:
                    return True
            else:
                if (cls is not NULL or ident is not NULL) and self.is_named(c, cls, ident):
                    return True
                if flags & B_FLOATS and (align or style):
                    return True
                if flags & B_NARROW and (width or style):
                    return True
        if flags & B_IMAGE and self.items[self.items[i].end].imgs > self.items[i + 1].imgs:
            if self.stats_map is not None:
                rec = self.stats_map.find(c)
                return rec is NULL or rec.chars <= self.walker.max_image_chars
            if c._private is NULL:  # no proxy, so no dict key: no characters
                return True
            s = self.stats.get(cetree.elementFactory(self.doc, c))
            return s is None or s.chars <= self.walker.max_image_chars
        return False

    cdef int is_named(self, xmlNode* c, xmlAttr* cls, xmlAttr* ident) except -1:
        if self.walker.named_words is not None and _names_bytes(cls, ident, &self.buf) and _lowered_ascii(self.buf.data, &self.lowered) \
                and not self.walker.may_be_named(<const unsigned char*>self.lowered.data, self.lowered.len):
            return False
        names = _names(c, cls, ident, &self.buf)
        answer = self.names.get(names)
        if answer is None:
            answer = self.names[names] = bool(self.walker.named(names))
        return answer


def outermost(elements):
    """``[e for e in elements if not any(a in set(elements) for a in e.iterancestors())]``: the
    elements none of whose ancestors is among them, in their order (a proxy in the list is the
    proxy of its node, so identity is the node's); None when one is not an lxml element."""
    cdef Py_ssize_t i, n = len(elements)
    cdef xmlNode** nodes
    cdef xmlNode* c
    cdef cetree._Element el
    cdef list kept = []
    cdef bint inside
    if n < 2:
        return list(elements)
    for item in elements:
        if not isinstance(item, cetree._Element) or (<cetree._Element>item)._c_node is NULL:
            return None
    nodes = <xmlNode**>malloc(n * sizeof(xmlNode*))
    if nodes is NULL:
        raise MemoryError()
    try:
        for i in range(n):
            nodes[i] = (<cetree._Element>elements[i])._c_node
        qsort(nodes, n, sizeof(xmlNode*), _compare_pointers)
        for item in elements:
            el = item
            inside = False
            c = _parent_element(el._c_node)  # iterancestors(): parents while lxml calls them elements
            while c is not NULL:
                if _find_pointer(nodes, n, c):
                    inside = True
                    break
                c = _parent_element(c)
            if not inside:
                kept.append(el)
    finally:
        free(nodes)
    return kept


cdef inline bint _find_pointer(xmlNode** sorted_nodes, Py_ssize_t n, xmlNode* c) noexcept:
    cdef Py_ssize_t lo = 0, hi = n, mid
    while lo < hi:
        mid = (lo + hi) // 2
        if sorted_nodes[mid] == c:
            return True
        if <size_t>sorted_nodes[mid] < <size_t>c:
            lo = mid + 1
        else:
            hi = mid
    return False


cdef inline bint _attr_truthy(xmlAttr* a) noexcept:
    """Whether ``get()`` of this attribute is a non-empty string (or not the parser's form)."""
    cdef const char* value = _plain_value(a)
    return value is NULL or value[0] != 0


# --- breadcrumb trails ----------------------------------------------------------------------------

cdef inline xmlNode* _scan_root(object root) noexcept:
    """``root``'s node when the scans below model it (an element, in a document whose DTD
    declares no attribute defaults, which ``get()`` would answer and the nodes do not hold),
    else NULL: the caller then runs its Python reference."""
    cdef cetree._Element element
    cdef xmlNode* top
    if not isinstance(root, cetree._Element):
        return NULL
    element = root
    top = element._c_node
    if top is NULL or top.type != tree.XML_ELEMENT_NODE or _dtd_defaults(top.doc):
        return NULL
    return top


cdef inline void _label_class_id(xmlNode* c, xmlAttr** label, xmlAttr** cls, xmlAttr** ident) noexcept:
    """The first ``aria-label`` (when ``label`` is not NULL), ``class`` and ``id`` attributes of
    ``c`` in no namespace, as ``get()`` finds them; the pointers are left as they are when absent."""
    cdef xmlAttr* a = c.properties
    cdef const char* name
    while a is not NULL:
        if a.ns is NULL and a.name is not NULL:
            name = <const char*>a.name
            if name[0] == b'a':
                if label is not NULL and label[0] is NULL and strcmp(name, "aria-label") == 0:
                    label[0] = a
            elif name[0] == b'c':
                if cls[0] is NULL and strcmp(name, "class") == 0:
                    cls[0] = a
            elif name[0] == b'i':
                if ident[0] is NULL and strcmp(name, "id") == 0:
                    ident[0] = a
        a = a.next


cdef bint _named_so(xmlNode* c, xmlAttr* cls, xmlAttr* ident, list words, dict answers, object names_test, Buf* buf, Buf* lowered) except -1:
    """Whether ``names_test`` says yes to ``c``'s class and id joined by a space. An ASCII string
    holding none of ``words`` in any case is a no without asking (the caller guarantees the test
    cannot pass it); the answers are remembered per string in ``answers`` (one page's)."""
    if cls is NULL and ident is NULL:
        return False
    if not _names_bytes(cls, ident, buf):
        return bool(names_test(_names(c, cls, ident, buf)))
    if _ascii_without(buf, words, lowered):
        return False
    names = PyUnicode_DecodeUTF8(buf.data, buf.len, NULL)
    answer = answers.get(names)
    if answer is None:
        answer = answers[names] = bool(names_test(names))
    return answer


cdef class TrailScan:
    """The elements of ``tags`` (``root.iter(*tags)``: the root and below, document order, a tag
    in no namespace) whose ``aria-label`` satisfies ``label_test``, or whose class/id string
    (``f"{class or ''} {id or ''}"``, when either is set) satisfies ``names_test`` (a pure
    function, asked once per distinct string). A class/id string that is ASCII and holds none
    of ``names_words`` in any case is taken to fail ``names_test`` without asking (the caller
    guarantees it); strings are made only for the rest."""

    cdef _TagTable tags
    cdef list words

    def __init__(self, *, tags, names_words):
        self.tags = _TagTable()
        self.tags.add_all(tags, 1)
        self.words = [word.encode("ascii") for word in names_words]
        if not self.words or any(not w or w != w.lower() for w in self.words):
            raise ValueError("the trail scan needs non-empty lower-case ASCII words")

    def find(self, root, label_test, names_test):
        """The elements, or None for a root this scan does not model."""
        cdef xmlNode* top = _scan_root(root)
        cdef xmlNode* c
        cdef Buf buf, lowered
        cdef list found = []
        cdef dict answers = {}
        if top is NULL:
            return None
        memset(&buf, 0, sizeof(Buf))
        memset(&lowered, 0, sizeof(Buf))
        try:
            c = self.match(top, top, label_test, names_test, answers, &buf, &lowered)
            while c is not NULL:
                found.append(cetree.elementFactory((<cetree._Element>root)._doc, c))
                c = self.match(_iter_next_element(c, top), top, label_test, names_test, answers, &buf, &lowered)
        finally:
            free(buf.data)
            free(lowered.data)
        return found

    def first(self, root, label_test, names_test, after=None):
        """The first element :meth:`find` lists after ``after`` (one it lists; None: from the
        start), False when there is none, or None for a root this scan does not model. The
        caller that stops at the first element that suits it walks no further than that."""
        cdef xmlNode* top = _scan_root(root)
        cdef xmlNode* c
        cdef Buf buf, lowered
        if top is NULL:
            return None
        if after is None:
            c = top
        else:
            if not isinstance(after, cetree._Element) or (<cetree._Element>after)._c_node is NULL:
                raise TypeError("after must be an element the scan listed")
            c = _iter_next_element((<cetree._Element>after)._c_node, top)
        memset(&buf, 0, sizeof(Buf))
        memset(&lowered, 0, sizeof(Buf))
        try:
            c = self.match(c, top, label_test, names_test, {}, &buf, &lowered)
        finally:
            free(buf.data)
            free(lowered.data)
        return False if c is NULL else cetree.elementFactory((<cetree._Element>root)._doc, c)

    cdef xmlNode* match(self, xmlNode* c, xmlNode* top, label_test, names_test, dict answers, Buf* buf, Buf* lowered) except? NULL:
        """The first element from ``c`` on (in the pre-order walk of ``top``) that is listed."""
        cdef xmlAttr* label
        cdef xmlAttr* cls
        cdef xmlAttr* ident
        while c is not NULL:
            # lxml's tag match: the local name, in no namespace or one with an empty URI
            if self.tags.of_name(<const char*>c.name) and (c.ns is NULL or c.ns.href is NULL or c.ns.href[0] == 0):
                label = cls = ident = NULL
                _label_class_id(c, &label, &cls, &ident)
                if label is not NULL and label_test(_attr_value(c, label)):
                    return c
                if _named_so(c, cls, ident, self.words, answers, names_test, buf, lowered):
                    return c
            c = _iter_next_element(c, top)
        return NULL


# --- document positions ---------------------------------------------------------------------------

from cpython.dict cimport PyDict_SetItem

cdef extern from "Python.h":
    dict _PyDict_NewPresized(Py_ssize_t minused)

def positions(root):
    """``{el: i for i, el in enumerate(root.iter())}`` as a read-only :class:`PositionMap`
    (equal to that dict, the same keys in the same order), without a Python loop or a proxy
    per node: ``root.iter()``'s order is document order over every element, comment, PI and
    entity reference, not into an entity reference. None for a root that is not an element."""
    cdef cetree._Element element
    cdef xmlNode* top
    cdef xmlNode* c
    cdef Py_ssize_t n = 0
    cdef PositionMap order
    if not isinstance(root, cetree._Element):
        return None
    element = root
    top = element._c_node
    if top is NULL or top.type != tree.XML_ELEMENT_NODE:
        return None
    c = top
    while c is not NULL:  # count first: the tables are made to size
        n += 1
        c = _iter_next(c, top)
    order = PositionMap.__new__(PositionMap)
    order.doc = element._doc
    order.fill(top, n)
    return order


@cython.no_gc
@cython.final
cdef class PositionMap:
    """The document positions of a subtree's nodes, read-only, as the dict
    ``{el: i for i, el in enumerate(root.iter())}`` answers them: the same keys in the same
    order. The nodes stay in a C array, found by address through a hash table, and a proxy is
    made only when keys are listed. The dict kept a proxy alive per node of the story's region
    (about 180 GC-tracked objects a page, until the Article is built). Not tracked by the
    collector (``no_gc``): it refers only to its document, which never refers back. Valid while
    the tree is not changed (nothing changes it after the linearizer in the pipeline)."""

    cdef cetree._Document doc
    cdef xmlNode** nodes     # in document order: a node's position is its index
    cdef Py_ssize_t n
    cdef Py_ssize_t* slots   # open addressing: position + 1, or 0 for an empty slot
    cdef size_t mask

    def __dealloc__(self):
        free(self.nodes)
        free(self.slots)

    cdef inline size_t slot_of(self, xmlNode* node) noexcept:
        return <size_t>((<unsigned long long>(<size_t>node >> 4) * 11400714819323198485ULL) >> 20) & self.mask

    cdef int fill(self, xmlNode* top, Py_ssize_t n) except -1:
        cdef size_t size = 8, s
        cdef Py_ssize_t i = 0
        cdef xmlNode* c = top
        while size < <size_t>(2 * n):
            size <<= 1
        self.nodes = <xmlNode**>malloc(n * sizeof(xmlNode*) + 1)
        self.slots = <Py_ssize_t*>calloc(size, sizeof(Py_ssize_t))
        if self.nodes is NULL or self.slots is NULL:
            raise MemoryError()
        self.mask = size - 1
        while c is not NULL and i < n:
            self.nodes[i] = c
            s = self.slot_of(c)
            while self.slots[s]:
                s = (s + 1) & self.mask
            self.slots[s] = i + 1
            i += 1
            c = _iter_next(c, top)
        self.n = i
        return 0

    cdef Py_ssize_t find(self, key) noexcept:
        """The position of ``key`` (an lxml proxy is its node's), or -1."""
        cdef xmlNode* node
        cdef size_t s
        cdef Py_ssize_t i
        if self.slots is NULL or not isinstance(key, cetree._Element):
            return -1
        node = (<cetree._Element>key)._c_node
        if node is NULL:
            return -1
        s = self.slot_of(node)
        while True:
            i = self.slots[s]
            if i == 0:
                return -1
            if self.nodes[i - 1] == node:
                return i - 1
            s = (s + 1) & self.mask

    def get(self, key, default=None):
        cdef Py_ssize_t i = self.find(key)
        return default if i < 0 else i

    def __getitem__(self, key):
        cdef Py_ssize_t i = self.find(key)
        if i < 0:
            raise KeyError(key)
        return i

    def __contains__(self, key):
        return self.find(key) >= 0

    def __len__(self):
        return self.n

    def __iter__(self):
        return iter(self.keys())

    def keys(self):
        """The nodes' proxies, in document order (the order the dict would hold them)."""
        return [cetree.elementFactory(self.doc, self.nodes[i]) for i in range(self.n)]

    def values(self):
        return list(range(self.n))

    def items(self):
        return [(cetree.elementFactory(self.doc, self.nodes[i]), i) for i in range(self.n)]

    def __eq__(self, other):
        if isinstance(other, (dict, PositionMap)):
            return len(self) == len(other) and all(other.get(k) == v for k, v in self.items())
        return NotImplemented

    def __repr__(self):
        return f"<PositionMap of {self.n} nodes>"


_Mapping.register(PositionMap)  # read-only, as the extractors use it


cdef inline xmlNode* _iter_next(xmlNode* c, xmlNode* top) noexcept nogil:
    """The node after ``c`` in ``top.iter()`` (lxml's ``_LX__TRAVERSE_TO_NEXT``), or NULL."""
    cdef xmlNode* nxt = NULL
    if c.children is not NULL and c.type != tree.XML_ENTITY_REF_NODE and c.type != tree.XML_DTD_NODE:
        nxt = _first_child(c)
    if nxt is NULL and c != top:
        nxt = _next_element(c)
        while nxt is NULL:
            c = c.parent
            if c is NULL or c == top or not _is_element(c):
                break
            nxt = _next_element(c)
    return nxt


# --- named elements and candidate links -----------------------------------------------------------



cdef class _WordSet:
    """Lower-case ASCII words, looked up by their first byte: whether a text holds one of them
    costs one pass over it, not one search per word."""

    cdef list words              # the words as bytes, sorted (so by first byte)
    cdef Py_ssize_t first[257]   # the words beginning with byte b are words[first[b]:first[b + 1]]

    def __init__(self, words):
        cdef Py_ssize_t b, k = 0
        self.words = sorted({w.encode("ascii") for w in words})
        if not self.words or any(not w or w != w.lower() for w in self.words):
            raise ValueError("the scan needs non-empty lower-case ASCII words")
        for b in range(257):
            while k < len(self.words) and (<bytes>self.words[k])[0] < b:
                k += 1
            self.first[b] = k

    cdef bint starts(self, const unsigned char* s, Py_ssize_t n) except -1:
        """Whether ``s`` (``n`` bytes, at least one) starts with one of the words."""
        cdef Py_ssize_t k, size
        cdef bytes word
        for k in range(self.first[s[0]], self.first[s[0] + 1]):
            word = self.words[k]
            size = len(word)
            if size <= n and memcmp(s, <const char*>word, size) == 0:
                return True
        return False

    cdef bint any_in(self, const unsigned char* s, Py_ssize_t n) except -1:
        """Whether ``s`` (``n`` bytes) holds one of the words."""
        cdef Py_ssize_t i, k, size
        cdef bytes word
        for i in range(n):
            for k in range(self.first[s[i]], self.first[s[i] + 1]):
                word = self.words[k]
                size = len(word)
                if size <= n - i and memcmp(s + i, <const char*>word, size) == 0:
                    return True
        return False


cdef bint _lowered_ascii(const char* s, Buf* lowered) except -1:
    """``s`` (NUL-terminated) in ASCII lower case in ``lowered`` (its length in ``lowered.len``);
    False when ``s`` is not ASCII (Python's case folding then has special cases)."""
    cdef Py_ssize_t i, n = <Py_ssize_t>strlen(s)
    cdef unsigned char b, high = 0
    _grow(<void**>&lowered.data, &lowered.cap, n + 1, 1)
    for i in range(n):
        b = <unsigned char>s[i]
        high |= b
        lowered.data[i] = <char>(b + 32 if 65 <= b <= 90 else b)
    lowered.data[n] = 0
    lowered.len = n
    return not (high & 0x80)


cdef inline bint _plain_tag(xmlNode* c) noexcept:
    """Whether lxml's ``tag`` of ``c`` is its bare name (no namespace URI to prefix)."""
    return c.ns is NULL or c.ns.href is NULL


cdef class NameScan:
    """The elements of ``root.iter()`` (the root and below, in document order) whose tag is one
    of ``tags``, or whose class/id string (``f"{class or ''} {id or ''}"``, when either is set)
    satisfies ``names_test`` (a pure function, asked once per distinct string a scan), leaving
    out those whose tag is one of ``never_tags``; ``first``: only the first such element. A
    class/id string that is ASCII and holds none of ``names_words`` in any case is taken to
    fail ``names_test`` without asking (the caller guarantees it); strings are made only for
    the rest."""

    cdef _TagTable tags   # 1: always found, 2: never found
    cdef list words

    def __init__(self, *, tags, never_tags, names_words):
        self.tags = _TagTable()
        self.tags.add_all(tags, 1)
        self.tags.add_all(never_tags, 2)
        self.words = [word.encode("ascii") for word in names_words]
        if not self.words or any(not w or w != w.lower() for w in self.words):
            raise ValueError("the name scan needs non-empty lower-case ASCII words")

    def find(self, root, names_test, bint first=False):
        """The elements, or None for a root this scan does not model."""
        cdef cetree._Element element
        cdef xmlNode* top
        cdef xmlNode* c
        cdef xmlAttr* cls
        cdef xmlAttr* ident
        cdef unsigned int flags
        cdef Buf buf, lowered
        cdef list found = []
        cdef dict answers = {}
        top = _scan_root(root)
        if top is NULL:
            return None
        element = root
        memset(&buf, 0, sizeof(Buf))
        memset(&lowered, 0, sizeof(Buf))
        try:
            c = top
            while c is not NULL:
                flags = self.tags.of_name(<const char*>c.name) if _plain_tag(c) else 0
                if flags & 1:
                    answer = True
                elif flags & 2:
                    answer = False
                else:
                    cls = ident = NULL
                    _label_class_id(c, NULL, &cls, &ident)
                    answer = _named_so(c, cls, ident, self.words, answers, names_test, &buf, &lowered)
                if answer:
                    found.append(cetree.elementFactory(element._doc, c))
                    if first:
                        break
                c = _iter_next_element(c, top)
        finally:
            free(buf.data)
            free(lowered.data)
        return found


cdef class HrefScan:
    """The elements of ``root.iter(tag)`` (a tag in no namespace) one of whose ``attributes``
    could satisfy a pattern: its value is not ASCII, or holds one of ``words`` in any case.
    The caller guarantees that an ASCII value holding none cannot satisfy it, and runs the
    pattern itself on the elements found."""

    cdef bytes tag
    cdef list attributes
    cdef _WordSet words

    def __init__(self, *, tag, attributes, words):
        self.tag = tag.encode("ascii")
        self.attributes = [name.encode("ascii") for name in attributes]
        if not self.attributes:
            raise ValueError("the href scan needs attributes to read")
        self.words = _WordSet(words)

    def find(self, root):
        """The elements, or None for a root this scan does not model."""
        cdef cetree._Element element
        cdef xmlNode* top
        cdef xmlNode* c
        cdef xmlAttr* a
        cdef const char* value
        cdef Buf lowered
        cdef list found = []
        cdef bint candidate
        top = _scan_root(root)
        if top is NULL:
            return None
        element = root
        memset(&lowered, 0, sizeof(Buf))
        try:
            c = top
            while c is not NULL:
                # lxml's tag match: the local name, in no namespace or one with an empty URI
                if strcmp(<const char*>c.name, <const char*>self.tag) == 0 and (c.ns is NULL or c.ns.href is NULL or c.ns.href[0] == 0):
                    candidate = False
                    for attribute in self.attributes:
                        a = _own_attr(c, <const char*>(<bytes>attribute))
                        if a is NULL:
                            continue
                        value = _plain_value(a)
                        if value is NULL or not _lowered_ascii(value, &lowered) or self.words.any_in(<const unsigned char*>lowered.data, lowered.len):
                            candidate = True
                            break
                    if candidate:
                        found.append(cetree.elementFactory(element._doc, c))
                c = _iter_next_element(c, top)
        finally:
            free(lowered.data)
        return found


cdef inline xmlNode* _iter_next_element(xmlNode* c, xmlNode* top) noexcept nogil:
    """The element after ``c`` in a pre-order walk of ``top``'s elements, or NULL."""
    cdef xmlNode* nxt = _first_element_child(c)
    if nxt is not NULL:
        return nxt
    while c is not NULL and c != top:
        nxt = _next_element_sibling(c)
        if nxt is not NULL:
            return nxt
        c = c.parent
    return NULL


# --- a name among an element's ancestors -----------------------------------------------------------

from cpython.dict cimport PyDict_GetItem
from cpython.object cimport PyObject


cdef inline bint _models_ancestry(xmlNode* start) noexcept:
    """Whether the walks up from ``start`` are modelled: an element, in a document whose DTD
    declares no attribute defaults (``get()`` would answer them; the nodes do not hold them)."""
    return start is not NULL and start.type == tree.XML_ELEMENT_NODE and not _dtd_defaults(start.doc)


cdef class NamedAncestry:
    """Whether an element or one of its ancestors (``getparent()`` up to the root) has a
    class/id string (``f"{class or ''} {id or ''}"``, when either is set) that ``names_test``
    accepts, elements whose tag is one of ``skip_tags`` never asked. For one tree: the answer
    is remembered for every node on a walk up, and ``names_test`` (a pure function) is asked
    once per distinct string, so each ancestor is read once however many blocks sit under it,
    and without a proxy. With ``names_words``, a class/id string that is ASCII and holds none
    of them in any case is taken to fail ``names_test`` without asking (the caller guarantees
    it), and no string is made of it."""

    cdef object names_test
    cdef _TagTable skip
    cdef _WordSet words  # or None: every string is asked about
    cdef dict known     # node address -> answer
    cdef dict answers   # class/id string -> answer
    cdef Buf buf, lowered

    def __init__(self, *, names_test, skip_tags, names_words=None):
        self.names_test = names_test
        self.skip = _TagTable()
        self.skip.add_all(skip_tags, 1)
        self.words = _WordSet(names_words) if names_words is not None else None
        self.known = {}
        self.answers = {}

    def __dealloc__(self):
        free(self.buf.data)
        free(self.lowered.data)

    cdef NamedAncestry fresh(self):
        """A test with the same configuration and nothing remembered (for another tree)."""
        cdef NamedAncestry other = NamedAncestry.__new__(NamedAncestry)
        other.names_test = self.names_test
        other.skip = self.skip
        other.words = self.words
        other.known = {}
        other.answers = {}
        return other

    def __call__(self, el):
        """The answer for ``el``, or None for an element this test does not model (then the
        caller asks Python)."""
        cdef cetree._Element element
        if not isinstance(el, cetree._Element):
            return None
        element = el
        if not _models_ancestry(element._c_node):
            return None
        return self.answer(element._c_node)

    cdef bint answer(self, xmlNode* start) except -1:
        """The answer for ``start``, an element :func:`_models_ancestry` accepts."""
        cdef xmlNode* c
        cdef xmlAttr* cls
        cdef xmlAttr* ident
        cdef PyObject* hit
        cdef bint answer = False
        c = start
        while c is not NULL:
            hit = PyDict_GetItem(self.known, <size_t>c)
            if hit is not NULL:
                answer = (<object>hit) is True
                break
            if c.type == tree.XML_ELEMENT_NODE and not (_plain_tag(c) and self.skip.of_name(<const char*>c.name)):
                cls = _own_attr(c, "class")
                ident = _own_attr(c, "id")
                if cls is not NULL or ident is not NULL:
                    if self.words is not None and _names_bytes(cls, ident, &self.buf) and _lowered_ascii(self.buf.data, &self.lowered) \
                            and not self.words.any_in(<const unsigned char*>self.lowered.data, self.lowered.len):
                        verdict = False
                    else:
                        names = _names(c, cls, ident, &self.buf)
                        hit = PyDict_GetItem(self.answers, names)
                        if hit is NULL:
                            verdict = bool(self.names_test(names))
                            self.answers[names] = verdict
                        else:
                            verdict = <object>hit
                    if verdict:
                        answer = True
                        break
            c = _parent_element(c)
        self.remember(start, c, answer)
        return answer

    cdef int remember(self, xmlNode* start, xmlNode* stop, bint answer) except -1:
        """The answer for every node from ``start`` up to ``stop`` (included; NULL: the top)."""
        cdef xmlNode* c = start
        verdict = True if answer else False
        while c is not NULL:
            self.known[<size_t>c] = verdict
            if c == stop:
                break
            c = _parent_element(c)
        return 0


# --- the body's prose scores -----------------------------------------------------------------------

from cpython.unicode cimport PyUnicode_1BYTE_KIND, PyUnicode_DATA, PyUnicode_GET_LENGTH, PyUnicode_KIND, PyUnicode_READ

cdef enum:
    S_PARAGRAPH = 1   # a paragraph-like leaf: its block's points go to its parent first
    S_STOP = 2        # the climb stops at it (the page's html element)
    MAX_SHARES = 16
    MAX_COMMAS = 16


cdef struct Scored:
    xmlNode* node
    double score


cdef class ProseScorer:
    """``body._score_candidates_python`` over the blocks of one tree, in C: every block at least
    ``min_chars`` long with at most ``max_link_density`` of link text scores
    ``1 + commas + min(chars / 100 * points_per_100_chars, max_length_points)`` points, times
    ``unlikely_factor`` when it sits in a never-story region (``NamedAncestry`` with
    ``unlikely_test`` and ``unlikely_words``), for its element (the parent of a
    ``paragraph_tags`` one) and its ancestors by ``shares``, stopping at a ``stop_tags`` element;
    then each score is multiplied by the element's class factor and by one minus its link
    density. The same double operations in the same order as the reference, so the same floats.

    The class factor of an ASCII class/id string is worked out here: the factor patterns are
    plain case-insensitive alternations of words (``negative_words``, ``positive_words``), so
    they match exactly when a word is a substring of the lower-cased string; any other string
    goes to ``names_factor`` (the reference's factor of the unstripped string). No proxy is made
    but for the scored elements (the result's keys), and no ``TextStats``."""

    cdef _TagTable tags
    cdef double shares[MAX_SHARES]
    cdef Py_ssize_t n_shares
    cdef double max_link_density, per_100_chars, max_length_points, unlikely_factor
    cdef Py_UCS4 commas[MAX_COMMAS]
    cdef Py_ssize_t n_commas
    cdef NamedAncestry unlikely
    cdef _WordSet negative_words, positive_words
    cdef bint comma_byte[256]   # the comma characters under U+0100
    cdef double negative_factor, positive_factor
    cdef object names_factor

    def __init__(self, *, paragraph_tags, stop_tags, shares, max_link_density, points_per_100_chars, max_length_points,
                 comma_chars, unlikely_factor, unlikely_test, unlikely_words, never_unlikely_tags,
                 negative_words, positive_words, negative_factor, positive_factor, names_factor):
        cdef Py_ssize_t k
        self.tags = _TagTable()
        self.tags.add_all(paragraph_tags, S_PARAGRAPH)
        self.tags.add_all(stop_tags, S_STOP)
        if not 0 < len(shares) <= MAX_SHARES or not 0 < len(comma_chars) <= MAX_COMMAS or len(set(comma_chars)) != len(comma_chars):
            raise ValueError("the scorer takes 1-16 shares and 1-16 distinct comma characters")
        self.n_shares = len(shares)
        for k in range(self.n_shares):
            self.shares[k] = float(shares[k])
        self.n_commas = len(comma_chars)
        for k in range(self.n_commas):
            self.commas[k] = ord(comma_chars[k])
            if self.commas[k] < 256:
                self.comma_byte[self.commas[k]] = True
        self.max_link_density = max_link_density
        self.per_100_chars = points_per_100_chars
        self.max_length_points = max_length_points
        self.unlikely_factor = unlikely_factor
        self.unlikely = NamedAncestry(names_test=unlikely_test, skip_tags=never_unlikely_tags, names_words=unlikely_words)
        self.negative_words = _WordSet(negative_words)
        self.positive_words = _WordSet(positive_words)
        self.negative_factor = negative_factor
        self.positive_factor = positive_factor
        self.names_factor = names_factor

    def score(self, blocks, stats, Py_ssize_t min_chars, list prose):
        """``{element: score}`` in the reference's order, the blocks that count as likely prose
        appended to ``prose``; None for blocks or statistics this does not model (a block's
        element not an element of one document whose DTD declares no attribute defaults, or
        statistics that are not the compiled walk's ``TextStatsMap``): then the caller runs
        the reference (and drops ``prose``)."""
        cdef _ScoreRun run = _ScoreRun.__new__(_ScoreRun)  # per call: a callback may let another thread in
        return run.run(self, blocks, stats, min_chars, prose)

    cdef double factor(self, xmlNode* c, Buf* buf, Buf* lowered) except? -1.0:
        """``body.class_factor`` of the element ``c``."""
        cdef xmlAttr* cls = NULL
        cdef xmlAttr* ident = NULL
        cdef double f = 1.0
        _label_class_id(c, NULL, &cls, &ident)
        if cls is NULL and ident is NULL:
            return 1.0
        if _names_bytes(cls, ident, buf) and _lowered_ascii(buf.data, lowered):
            if self.negative_words.any_in(<const unsigned char*>lowered.data, lowered.len):
                f *= self.negative_factor
            if self.positive_words.any_in(<const unsigned char*>lowered.data, lowered.len):
                f *= self.positive_factor
            return f
        return float(self.names_factor(_names(c, cls, ident, buf)))

    cdef Py_ssize_t count_commas(self, str text) except -1:
        cdef unsigned int kind = PyUnicode_KIND(text)
        cdef void* data = PyUnicode_DATA(text)
        cdef Py_ssize_t i, k, n = PyUnicode_GET_LENGTH(text), count = 0
        cdef const unsigned char* latin1
        cdef Py_UCS4 ch
        if kind == PyUnicode_1BYTE_KIND:
            latin1 = <const unsigned char*>data
            for i in range(n):
                count += self.comma_byte[latin1[i]]
            return count
        for i in range(n):
            ch = PyUnicode_READ(kind, data, i)
            for k in range(self.n_commas):
                if ch == self.commas[k]:
                    count += 1
                    break
        return count


cdef class _ScoreRun:
    cdef Scored* entries       # the scored elements, in the order they were first scored
    cdef Py_ssize_t n_entries
    cdef Py_ssize_t* slots     # open addressing by node: index of an entry + 1, or 0
    cdef size_t mask
    cdef Buf buf, lowered

    def __dealloc__(self):
        free(self.entries)
        free(self.slots)
        free(self.buf.data)
        free(self.lowered.data)

    cdef object run(self, ProseScorer scorer, blocks, stats, Py_ssize_t min_chars, list prose):
        cdef TextStatsMap stats_map
        cdef cetree._Element element
        cdef cetree._Document doc = None
        cdef xmlNode* c
        cdef NamedAncestry unlikely
        cdef Py_ssize_t n, candidates = 0, k, i
        cdef size_t size = 8
        cdef double points, length_points, mult
        cdef Rec* rec
        cdef dict result
        if not isinstance(stats, TextStatsMap):
            return None
        stats_map = stats
        for block in blocks:  # what the reference would do differently is refused before anything is done
            text = block.text
            if type(text) is not str:
                return None
            if PyUnicode_GET_LENGTH(text) < min_chars:
                continue
            element_obj = block.element
            if not isinstance(element_obj, cetree._Element):
                return None
            element = element_obj
            if not _models_ancestry(element._c_node):
                return None
            if doc is None:
                doc = element._doc
            elif element._doc is not doc:
                return None
            candidates += 1
        # every scored block adds at most n_shares elements: a table at least twice that never fills
        while size < <size_t>(2 * candidates * scorer.n_shares + 1):
            size <<= 1
        self.mask = size - 1
        self.slots = <Py_ssize_t*>calloc(size, sizeof(Py_ssize_t))
        self.entries = <Scored*>malloc((candidates * scorer.n_shares + 1) * sizeof(Scored))
        if self.slots is NULL or self.entries is NULL:
            raise MemoryError()
        unlikely = scorer.unlikely.fresh()
        for block in blocks:
            text = block.text
            n = PyUnicode_GET_LENGTH(text)
            if n < min_chars:
                continue
            if block.link_density > scorer.max_link_density:
                continue
            length_points = n / 100.0 * scorer.per_100_chars
            if scorer.max_length_points < length_points:
                length_points = scorer.max_length_points
            points = 1.0 + <double>scorer.count_commas(text) + length_points
            c = (<cetree._Element>block.element)._c_node
            if unlikely.answer(c):
                points *= scorer.unlikely_factor
            else:
                prose.append(block)
            if scorer.tags.of(c) & S_PARAGRAPH:
                c = _parent_element(c)
            for k in range(scorer.n_shares):
                if c is NULL or scorer.tags.of(c) & S_STOP:
                    break
                self.add(c, points * scorer.shares[k])
                c = _parent_element(c)
        result = _PyDict_NewPresized(self.n_entries)
        for i in range(self.n_entries):
            c = self.entries[i].node
            rec = stats_map.find(c)
            if rec is NULL:
                mult = 1.0
            else:
                mult = 1.0 - (<double>rec.link_chars / <double>rec.chars if rec.chars else 0.0)
            PyDict_SetItem(result, cetree.elementFactory(doc, c), self.entries[i].score * (scorer.factor(c, &self.buf, &self.lowered) * mult))
        return result

    cdef void add(self, xmlNode* node, double points) noexcept:
        cdef size_t s = <size_t>((<unsigned long long>(<size_t>node >> 4) * 11400714819323198485ULL) >> 20) & self.mask
        cdef Py_ssize_t i
        while True:
            i = self.slots[s]
            if i == 0:
                self.entries[self.n_entries].node = node
                self.entries[self.n_entries].score = 0.0 + points
                self.n_entries += 1
                self.slots[s] = self.n_entries
                return
            if self.entries[i - 1].node == node:
                self.entries[i - 1].score = self.entries[i - 1].score + points
                return
            s = (s + 1) & self.mask


# --- blocks inside some subtrees and outside others ------------------------------------------------

cdef class _NodeSet:
    """A set of node addresses (open addressing, never shrinks): membership without a proxy."""

    cdef xmlNode** slots
    cdef size_t mask
    cdef Py_ssize_t n

    def __dealloc__(self):
        free(self.slots)

    cdef int grow(self) except -1:
        cdef xmlNode** old = self.slots
        cdef size_t old_size = self.mask + 1 if old is not NULL else 0, size = old_size * 2 if old_size else 64, i
        self.slots = <xmlNode**>calloc(size, sizeof(xmlNode*))
        if self.slots is NULL:
            self.slots = old
            raise MemoryError()
        self.mask = size - 1
        self.n = 0
        for i in range(old_size):
            if old[i] is not NULL:
                self.add(old[i])
        free(old)
        return 0

    cdef inline size_t slot_of(self, xmlNode* node) noexcept:
        return <size_t>((<unsigned long long>(<size_t>node >> 4) * 11400714819323198485ULL) >> 20) & self.mask

    cdef int add(self, xmlNode* node) except -1:
        cdef size_t s
        if self.slots is NULL or 2 * (self.n + 1) > <Py_ssize_t>(self.mask + 1):
            self.grow()
        s = self.slot_of(node)
        while self.slots[s] is not NULL:
            if self.slots[s] == node:
                return 0
            s = (s + 1) & self.mask
        self.slots[s] = node
        self.n += 1
        return 0

    cdef bint has(self, xmlNode* node) noexcept:
        cdef size_t s
        if self.slots is NULL:
            return False
        s = self.slot_of(node)
        while self.slots[s] is not NULL:
            if self.slots[s] == node:
                return True
            s = (s + 1) & self.mask
        return False

    cdef int add_subtree(self, xmlNode* top) except -1:
        """Every node of ``top.iter()`` (lxml's order: elements, comments, PIs and entity
        references, not into an entity reference)."""
        cdef xmlNode* c = top
        while c is not NULL:
            self.add(c)
            c = _iter_next(c, top)
        return 0


def blocks_within(blocks, tops, holes):
    """``[b for b in blocks if b.element in inside and b.element not in outside]`` where
    ``inside`` and ``outside`` hold every node of ``top.iter()`` for the elements of ``tops``
    and of ``holes``: the same blocks, in order, without a proxy per node of those subtrees.
    None when an element (of ``tops``, ``holes`` or a block) is not an lxml element (a block's
    element may be None: such a block is in no subtree)."""
    cdef _NodeSet inside = _NodeSet.__new__(_NodeSet)
    cdef _NodeSet outside = _NodeSet.__new__(_NodeSet)
    cdef list kept = []
    cdef xmlNode* c
    for group, nodes in ((tops, inside), (holes, outside)):
        for top in group:
            if not isinstance(top, cetree._Element) or (<cetree._Element>top)._c_node is NULL:
                return None
            (<_NodeSet>nodes).add_subtree((<cetree._Element>top)._c_node)
    for block in blocks:
        element = block.element
        if element is None:
            continue
        if not isinstance(element, cetree._Element):
            return None
        c = (<cetree._Element>element)._c_node
        if c is not NULL and inside.has(c) and not outside.has(c):
            kept.append(block)
    return kept


# --- a site's signatures among the nodes the index listed ---------------------------------------------
#
# A site profile recognises a page saved without its address by a comment or a meta name only that
# site used (``profiles.Profile.matches``): the comments among the index's suspects and the metas
# among its declarations are compared here on their bytes, without a str per node.

cdef bint _is_proxy(node) noexcept:
    return isinstance(node, cetree._Element) and (<cetree._Element>node)._c_node is not NULL


def declares_attributes(element):
    """Whether the DTD of ``element``'s document declares attributes: then ``get()`` may answer
    with a declared default that ``items()`` does not list. None for an object that is not an
    lxml node."""
    if not _is_proxy(element):
        return None
    return _dtd_defaults((<cetree._Element>element)._c_node.doc)


def comment_text_in(nodes, wanted):
    """``any((node.text or "").strip() in wanted for node in nodes if isinstance(node,
    etree._Comment))`` for a collection ``wanted`` of str; None when a node is not an lxml node.
    ASCII whitespace is stripped here; a comment whose text would then begin or end with a byte
    that is not ASCII (``str.strip()`` strips other spaces too) is read in Python."""
    cdef list targets = [word.encode("utf-8") for word in wanted]
    cdef bytes target
    cdef xmlNode* c
    cdef const char* text
    cdef Py_ssize_t i, j
    for node in nodes:
        if not _is_proxy(node):
            return None
    for node in nodes:
        c = (<cetree._Element>node)._c_node
        if c.type != tree.XML_COMMENT_NODE:
            continue
        text = ""
        if c.content is not NULL:
            text = <const char*>c.content
        i = 0
        j = <Py_ssize_t>strlen(text)
        while i < j and _ascii_space(<unsigned char>text[i]):
            i += 1
        while j > i and _ascii_space(<unsigned char>text[j - 1]):
            j -= 1
        if i < j and ((<unsigned char>text[i]) & 0x80 or (<unsigned char>text[j - 1]) & 0x80):
            if (node.text or "").strip() in wanted:
                return True
            continue
        for target in targets:
            if len(target) == j - i and memcmp(text + i, <const char*>target, j - i) == 0:
                return True
    return False


def meta_name_in(nodes, wanted):
    """``any((node.get("name") or "").lower() in wanted for node in nodes if node.tag ==
    "meta")`` for a collection ``wanted`` of lower-case ASCII str; None when a node is not an
    lxml node. An ASCII name in the parser's form is lower-cased and compared here; any other
    (a namespaced element, a DTD declaring attributes, a name that is not ASCII) in Python."""
    cdef list targets = [word.encode("ascii") for word in wanted]
    cdef xmlNode* c
    cdef xmlAttr* a
    cdef const char* value
    cdef int same
    if any(word != word.lower() for word in wanted):
        raise ValueError("meta_name_in compares with lower-case ASCII names")
    for node in nodes:
        if not _is_proxy(node):
            return None
    for node in nodes:
        c = (<cetree._Element>node)._c_node
        if c.type != tree.XML_ELEMENT_NODE:
            continue
        if c.ns is not NULL or _dtd_defaults(c.doc):
            if node.tag == "meta" and (node.get("name") or "").lower() in wanted:
                return True
            continue
        if c.name is NULL or strcmp(<const char*>c.name, "meta") != 0:
            continue
        a = _own_attr(c, "name")
        value = ""
        if a is not NULL:
            value = _plain_value(a)
        if value is NULL:
            if (node.get("name") or "").lower() in wanted:
                return True
            continue
        for target in targets:
            same = _ascii_lower_is(value, <const char*>target)
            if same < 0:
                if (node.get("name") or "").lower() in wanted:
                    return True
                break
            if same:
                return True
    return False


# --- cleaning: the doomed nodes judged and removed on the C tree -----------------------------------
#
# ``clean.clean`` drops about 130 nodes a page (scripts, comments, links, svg, form controls...),
# each by ``edit.drop_keeping_tail``: two proxies (getparent, getprevious), the tail read as a str,
# the previous tail (or the parent's text) rewritten, ``parent.remove``. Here the same tree comes
# out of one call: the element alone is unlinked (its tail's text nodes stay where they were) and
# the text nodes that become neighbours are merged into one, which is exactly what the Python
# drop leaves (it writes one text node of the previous tail and the tail, then removes the
# element with its tail). libxml2 itself does the unlinking and merging: its functions are taken
# from lxml's own module (the copy of libxml2 that allocated the tree), so that nothing here
# allocates or frees tree memory by itself.
#
# Memory: every node removed here is one of the suspects, whose proxies the caller's list keeps
# alive for the whole call; lxml frees a detached subtree only when its last proxy dies (as after
# ``parent.remove``). The text nodes merged away never have proxies. No node pointer is kept
# across a call into Python.

cdef extern from "<dlfcn.h>" nogil:
    void* dlopen(const char* filename, int flags)
    void* dlsym(void* handle, const char* symbol)
    int RTLD_NOW
    int RTLD_NOLOAD

ctypedef void (*_unlink_fn)(xmlNode* node) noexcept nogil
ctypedef xmlNode* (*_merge_fn)(xmlNode* first, xmlNode* second) noexcept nogil

cdef _unlink_fn _xml_unlink = NULL
cdef _merge_fn _xml_text_merge = NULL
cdef int _libxml2_found = 0  # 1 found, -1 not to be found, 0 not looked for yet


cdef bint _load_libxml2() except -1:
    """Find ``xmlUnlinkNode`` and ``xmlTextMerge`` in the libxml2 lxml uses (linked into or loaded
    by ``lxml.etree``'s module); False when they cannot be found."""
    global _xml_unlink, _xml_text_merge, _libxml2_found
    if _libxml2_found == 0:
        _libxml2_found = 1 if _find_libxml2() else -1
    return _libxml2_found == 1


cdef bint _find_libxml2() except -1:
    global _xml_unlink, _xml_text_merge
    import lxml.etree
    path = getattr(lxml.etree, "__file__", None)
    if not path:
        return False
    raw = path.encode("utf-8") if isinstance(path, str) else bytes(path)
    cdef void* handle = dlopen(<const char*>raw, RTLD_NOW | RTLD_NOLOAD)
    if handle is NULL:
        return False
    cdef void* unlink = dlsym(handle, "xmlUnlinkNode")
    cdef void* merge = dlsym(handle, "xmlTextMerge")
    if unlink is NULL or merge is NULL:
        return False
    _xml_unlink = <_unlink_fn>unlink
    _xml_text_merge = <_merge_fn>merge
    return True


cdef inline bint _plain_subtree(xmlNode* top) noexcept:
    """Whether no node of ``top``'s subtree has or declares a namespace: then ``parent.remove``
    changes nothing in it (lxml's ``moveNodeToDocument`` only adapts namespaces within the same
    document)."""
    cdef xmlNode* c = top
    cdef xmlAttr* a
    while c is not NULL:
        if c.type == tree.XML_ELEMENT_NODE:
            if c.ns is not NULL or c.nsDef is not NULL:
                return False
            a = c.properties
            while a is not NULL:
                if a.ns is not NULL:
                    return False
                a = a.next
        c = _iter_next(c, top)
    return True


cdef inline bint _storable(xmlNode* c) noexcept:
    """Whether lxml would store this text node's content again as it is: no control character
    but tab, newline and carriage return, no U+FFFE/U+FFFF, no encoded surrogate (lxml's
    ``_is_valid_xml_utf8``). Otherwise the Python drop decides (``edit.xml_compatible``)."""
    cdef const unsigned char* s = <const unsigned char*>c.content
    cdef unsigned char b
    cdef Py_ssize_t i = 0
    while True:
        b = s[i]
        if b == 0:
            return True
        if b < 0x20:
            if b != 0x09 and b != 0x0A and b != 0x0D:
                return False
        elif b == 0xEF:
            if s[i + 1] == 0xBF and (s[i + 2] == 0xBE or s[i + 2] == 0xBF):
                return False
        elif b == 0xED:
            if s[i + 1] >= 0xA0:
                return False
        i += 1


cdef inline bint _plain_text(xmlNode* n) noexcept:
    """Whether ``n`` is a text node as the parser and lxml make them (escaped when serialized)."""
    return (n.type == tree.XML_TEXT_NODE and n.content is not NULL and n.name is not NULL
            and strcmp(<const char*>n.name, "text") == 0)


cdef int _drop_keeping_tail(xmlNode* c) except -1:
    """``edit.drop_keeping_tail`` on the C tree: 0 when done (or nothing to do, as for a node
    without a parent element), 1 when the Python drop must do it (a case not modelled here: a
    namespace in the subtree, a text run next to ``c`` holding anything but plain text nodes or
    characters lxml would not store again, a tail of empty text nodes)."""
    cdef xmlNode* parent = c.parent
    cdef xmlNode* first = NULL  # the first text node of the run that becomes one
    cdef xmlNode* n
    cdef bint tail = False      # whether the tail holds text
    if parent is NULL or not _is_element(parent):
        return 0  # getparent() is None: the Python drop does nothing either
    if parent.type != tree.XML_ELEMENT_NODE:
        return 1
    n = c.next
    while n is not NULL and not _is_element(n):
        if not _plain_text(n) or not _storable(n):
            return 1
        if n.content[0] != 0:
            tail = True
        n = n.next
    if n is not c.next and not tail:
        return 1  # an empty tail node would stay behind, where the Python drop takes it away
    if tail:
        # The previous tail (or the parent's text) and the tail become one text node.
        first = c.next
        n = c.prev
        while n is not NULL and not _is_element(n):
            if not _plain_text(n) or not _storable(n) or n.name != first.name:
                return 1
            first = n
            n = n.prev
        n = c.next
        while n is not NULL and not _is_element(n):
            if n.name != first.name:
                return 1
            n = n.next
    if not _plain_subtree(c):
        return 1
    _xml_unlink(c)
    if tail:
        n = first.next
        while n is not NULL and n.type == tree.XML_TEXT_NODE:
            if _xml_text_merge(first, n) is NULL:
                raise MemoryError()
            n = first.next
    return 0


cdef enum:
    R_DROP = 1             # doomed by its tag
    R_PYTHON = 2           # judged in Python whatever its attributes (noscript)
    R_ARIA_VISIBLE = 4     # still seen when aria-hidden


cdef int _ascii_lower_is(const char* value, const char* word) noexcept:
    """1 when ``value.lower() == word`` (lower-case ASCII) for an ASCII value, 0 when not, -1
    for a value that is not ASCII."""
    cdef unsigned char b
    cdef Py_ssize_t i = 0
    cdef bint same = True
    while value[i] != 0:
        b = <unsigned char>value[i]
        if b & 0x80:
            return -1
        if same and (word[i] == 0 or <char>(b + 32 if 65 <= b <= 90 else b) != word[i]):
            same = False
        i += 1
    return same and word[i] == 0


cdef int _hiding_style(const char* value, list styles, Buf* lowered) except -2:
    """``clean._hiding_style(value)`` for an ASCII value (1 or 0), -1 for another: whether its
    lower-cased form holds ``prop\\s*:\\s*val`` for a ``(prop, val)`` of ``styles`` (lower-case
    ASCII bytes), ``\\s`` being what ``str.isspace()`` calls whitespace."""
    cdef Py_ssize_t i, n = <Py_ssize_t>strlen(value)
    cdef unsigned char b, high = 0
    cdef const char* at
    cdef const char* q
    cdef bytes prop, val
    _grow(<void**>&lowered.data, &lowered.cap, n + 1, 1)
    for i in range(n):
        b = <unsigned char>value[i]
        high |= b
        lowered.data[i] = <char>(b + 32 if 65 <= b <= 90 else b)
    lowered.data[n] = 0
    if high & 0x80:
        return -1
    for prop, val in styles:
        at = strstr(lowered.data, prop)
        while at is not NULL:
            q = at + len(prop)
            while _ascii_space(<unsigned char>q[0]):
                q += 1
            if q[0] == b':':
                q += 1
                while _ascii_space(<unsigned char>q[0]):
                    q += 1
                if strncmp(q, val, len(val)) == 0:
                    return 1
            at = strstr(at + 1, prop)
    return 0


cdef class Remover:
    """``clean.clean``'s verdicts and removals over its suspects. The verdicts given by a tag
    alone are taken here: an element of ``drop_tags`` (in no namespace), a processing
    instruction or entity reference, a comment when ``comments_doomed``. Given the rest of
    ``clean.is_hidden``'s rule (``python_tags``, judged in Python whatever their attributes;
    ``aria_visible_tags``; ``hiding_styles``, the ``(property, value)`` pairs of its style test;
    ``hiding_class_words``, without any of which an ASCII class hides nothing), an element's
    hiding attributes are judged here too when they are ASCII and the class is plain (the
    others, a namespaced element, a document whose DTD declares attributes, go to Python).
    Every other suspect is asked of ``judge`` (the Python verdict). Every verdict is taken
    before anything is removed, then the doomed are removed in order as ``drop``
    (``edit.drop_keeping_tail``) would, which is called for the cases the C removal does not
    model."""

    cdef _TagTable tags
    cdef bint c_verdicts
    cdef list styles        # (property, value) pairs, lower-case ASCII bytes
    cdef list hiding_words  # lower-case ASCII bytes
    cdef Buf text
    cdef Buf lowered

    def __init__(self, *, drop_tags, python_tags=None, aria_visible_tags=None, hiding_styles=None, hiding_class_words=None):
        self.tags = _TagTable()
        self.tags.add_all(drop_tags, R_DROP)
        given = [python_tags is not None, aria_visible_tags is not None, hiding_styles is not None, hiding_class_words is not None]
        if any(given) and not all(given):
            raise ValueError("python_tags, aria_visible_tags, hiding_styles and hiding_class_words go together")
        self.c_verdicts = all(given)
        if self.c_verdicts:
            self.tags.add_all(python_tags, R_PYTHON)
            self.tags.add_all(aria_visible_tags, R_ARIA_VISIBLE)
            self.styles = [(prop.encode("ascii"), val.encode("ascii")) for prop, val in hiding_styles]
            self.hiding_words = [word.encode("ascii") for word in hiding_class_words]
            words = [w for pair in self.styles for w in pair] + self.hiding_words
            if any(not w or w != w.lower() for w in words):
                raise ValueError("hiding styles and class words must be non-empty lower-case ASCII")

    def __dealloc__(self):
        free(self.text.data)
        free(self.lowered.data)

    cdef int verdict(self, xmlNode* c) except -2:
        """``clean._doomed``'s verdict on an element not of ``drop_tags`` (``is_hidden``): 1 or
        0, or -1 when Python must judge it."""
        cdef unsigned int flags
        cdef xmlAttr* a
        cdef const char* v
        cdef int found
        if c.ns is not NULL or _dtd_defaults(c.doc):
            return -1
        flags = self.tags.of(c)
        if flags & R_PYTHON:
            return -1
        if _own_attr(c, "hidden") is not NULL:
            return 1
        a = _own_attr(c, "aria-hidden")
        if a is not NULL:
            v = _plain_value(a)
            if v is NULL:
                return -1
            if v[0] != 0:
                found = _ascii_lower_is(v, "true")
                if found < 0:
                    return -1
                if found and not flags & R_ARIA_VISIBLE:
                    return 1
        a = _own_attr(c, "style")
        if a is not NULL:
            v = _plain_value(a)
            if v is NULL:
                return -1
            if v[0] != 0:
                found = _hiding_style(v, self.styles, &self.lowered)
                if found:
                    return found  # 1, or -1 for a value that is not ASCII
        a = _own_attr(c, "class")
        if a is NULL:
            return 0
        v = _plain_value(a)
        if v is NULL:
            return -1
        if v[0] == 0:
            return 0
        self.text.len = 0
        _put(&self.text, v, <Py_ssize_t>strlen(v))
        _put(&self.text, "", 1)
        self.text.len -= 1
        # hiding_class answers no for an ASCII value without any of its words, in any case
        return 0 if _ascii_without(&self.text, self.hiding_words, &self.lowered) else -1

    def remove(self, list suspects, judge, drop, bint comments_doomed):
        """The number of nodes removed, or None when the C removal is not available (the caller
        runs its Python loop; nothing has been changed)."""
        cdef Py_ssize_t i, n = len(suspects), removed = 0
        cdef unsigned char* doomed
        cdef xmlNode* c
        cdef object el
        cdef int verdict
        if not _load_libxml2():
            return None
        doomed = <unsigned char*>calloc(n + 1, 1)
        if doomed is NULL:
            raise MemoryError()
        try:
            for i in range(n):
                el = suspects[i]
                c = (<cetree._Element>el)._c_node if isinstance(el, cetree._Element) else NULL
                if c is NULL:
                    doomed[i] = bool(judge(el))
                elif c.type == tree.XML_COMMENT_NODE:
                    doomed[i] = comments_doomed or bool(judge(el))
                elif c.type == tree.XML_PI_NODE or c.type == tree.XML_ENTITY_REF_NODE:
                    doomed[i] = True
                elif c.type == tree.XML_ELEMENT_NODE and self.tags.of(c) & R_DROP:
                    doomed[i] = True
                else:
                    verdict = self.verdict(c) if self.c_verdicts and c.type == tree.XML_ELEMENT_NODE else -1
                    doomed[i] = bool(judge(el)) if verdict < 0 else verdict
            for i in range(n):
                if not doomed[i]:
                    continue
                removed += 1
                el = suspects[i]
                c = (<cetree._Element>el)._c_node if isinstance(el, cetree._Element) else NULL
                if c is NULL or _drop_keeping_tail(c):
                    drop(el)
        finally:
            free(doomed)
        return removed
