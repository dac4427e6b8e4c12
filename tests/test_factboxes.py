"""Fact boxes: title, lines, source."""

from __future__ import annotations

import lxml.html

from articlescrape.extractors.factboxes import fact_box


def test_fact_box_title_lines_and_source() -> None:
    box = lxml.html.fragment_fromstring('<div class="factbox"><h4>Pellets</h4><ul><li>Sweden: 700,000 t</li><li>Finland: 150,000 t</li></ul><p>Source: Bioenergy Association</p></div>')
    box_ = fact_box(box)
    assert box_ is not None and (box_.title, box_.lines, box_.source) == ("Pellets", ["Sweden: 700,000 t", "Finland: 150,000 t"], "Bioenergy Association")


def test_a_box_of_prose_is_not_a_fact_box() -> None:
    box = lxml.html.fragment_fromstring("<div><b>Analysis</b><p>" + "A long paragraph of analysis. " * 10 + "</p></div>")
    assert fact_box(box) is None


def test_a_byline_with_date_lines_is_not_a_fact_box() -> None:
    box = lxml.html.fragment_fromstring("<div><p>By Laura Mowat</p><p>PUBLISHED: 10:48, Tue, Nov 19, 2019 | UPDATED: 11:05, Tue, Nov 19, 2019</p></div>")
    assert fact_box(box) is None


def test_a_sentence_is_not_a_title() -> None:
    box = lxml.html.fragment_fromstring("<div><p>The quarter was not a complete disappointment, with results in line.</p><p>Nishant Kumar</p><p>@handle</p></div>")
    assert fact_box(box) is None
