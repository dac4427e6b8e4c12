"""The shared linearizer: how markup of every era becomes blocks."""

from __future__ import annotations

import lxml.html

from articlescrape.extractors.blocks import is_data_table, linearize, lines


def _blocks(html: str) -> list[str]:
    return [b.text for b in linearize(lxml.html.document_fromstring(html))[0]]


def test_bare_p_separators_make_paragraphs() -> None:
    assert _blocks("<div>First para.<P>Second para.<P>Third.</div>") == ["First para.", "Second para.", "Third."]


def test_double_br_separates_and_single_br_marks_a_soft_line() -> None:
    root = lxml.html.document_fromstring("<td>One line<br>same paragraph<br><br>Next paragraph</td>")
    blocks, _ = linearize(root)
    assert [b.text for b in blocks] == ["One line", "same paragraph", "Next paragraph"]
    assert [b.soft for b in blocks] == [False, True, False]


def test_link_text_bold_and_headings_are_recorded() -> None:
    root = lxml.html.document_fromstring(
        '<div><h2>Sub</h2><p><b>All bold</b></p><p>Some <a href="/x">linked words</a> here</p></div>'
    )
    blocks, _ = linearize(root)
    heading, bold, linked = blocks
    assert heading.heading == 2 and heading.text == "Sub"
    assert bold.bold and not linked.bold
    assert linked.link_chars == len("linked words")
    assert linked.links == [("/x", "linked words")]


def test_text_stats_sum_bottom_up() -> None:
    root = lxml.html.document_fromstring('<div id="o"><p>abcde</p><p><a href="#">xyz</a></p></div>')
    _, stats = linearize(root)
    outer = root.get_element_by_id("o")
    assert stats[outer].chars == 8 and stats[outer].link_chars == 3 and stats[outer].blocks == 2


def test_invisible_subtrees_and_comments_contribute_nothing() -> None:
    assert _blocks("<div>Shown<script>var x = 1;</script><!-- hidden note --> too</div>") == ["Shown too"]


def test_data_table_rows_are_blocks_and_layout_tables_are_not() -> None:
    data = "<table><tr><th>Pos</th><th>Name</th></tr><tr><td>1</td><td>Kyle Busch</td></tr><tr><td>2</td><td>Martin Truex</td></tr></table>"
    assert _blocks(data) == ["Pos | Name", "1 | Kyle Busch", "2 | Martin Truex"]
    layout = "<table><tr><td><table><tr><td>nav</td></tr></table></td><td>story</td></tr></table>"
    assert not is_data_table(lxml.html.fragment_fromstring(layout))


def test_deeply_nested_trees_do_not_hit_the_recursion_limit() -> None:
    root = lxml.html.document_fromstring("<html><body></body></html>")
    el = root.find("body")
    for _ in range(20_000):  # built directly: the parser itself caps depth (see test_parse)
        el = lxml.html.etree.SubElement(el, "div")
    el.text = "deep text"
    assert [b.text for b in linearize(root)[0]] == ["deep text"]


def test_lines_of_a_box_do_not_include_its_tail() -> None:
    box = lxml.html.fragment_fromstring("<div><b>Title</b><br>line one<br>line two</div>")
    box.tail = "outside"
    assert [b.text for b in lines(box)] == ["Title", "line one", "line two"]
