"""Unit tests of benchmarks/metrics.py on small hand-made cases (no data, no timing)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import metrics
from benchmarks.metrics import FieldScore, Prediction, PredLink, PredQuote

# --- tokenisation and shingles ---------------------------------------------------------------


def test_tokenize_lowercases_and_splits_on_non_word_characters() -> None:
    assert metrics.tokenize("Hello, World! It's 2-way.") == ["hello", "world", "it", "s", "2", "way"]
    assert metrics.tokenize("Hello World", lowercase=False) == ["Hello", "World"]
    assert metrics.tokenize("") == [] and metrics.tokenize(None) == []


def test_tokenize_keeps_non_latin_words() -> None:
    assert metrics.tokenize("Les Français travaillent") == ["les", "français", "travaillent"]
    assert metrics.tokenize("话剧《约定无期限》") == ["话剧", "约定无期限"]


def test_shingles_are_a_multiset_of_word_4_grams() -> None:
    # 6 tokens -> 3 shingles; "a b a b a b" repeats "a b a b" twice.
    assert metrics.shingles("a b a b a b") == {("a", "b", "a", "b"): 2, ("b", "a", "b", "a"): 1}


def test_short_text_is_one_short_shingle_and_empty_text_none() -> None:
    assert metrics.shingles("just two") == {("just", "two"): 1}
    assert metrics.shingles("  ,, ") == {}


# --- per-page shingle score ------------------------------------------------------------------


def test_five_word_prediction_against_six_word_truth() -> None:
    # truth "the cat sat on the mat" -> shingles: (the cat sat on) (cat sat on the) (sat on the mat) = 3
    # pred  "The cat sat on the"     -> shingles: (the cat sat on) (cat sat on the)                 = 2
    # tp = 2 (both predicted shingles are true); P = 2/2 = 1, R = 2/3, F1 = 2*1*(2/3)/(1+2/3) = 0.8
    s = metrics.shingle_score("The cat sat on the", "the cat sat on the mat")
    assert (s.tp, s.predicted, s.true) == (2, 2, 3)
    assert s.precision == 1.0
    assert s.recall == pytest.approx(2 / 3)
    assert s.f1 == pytest.approx(0.8)
    assert not s.exact


def test_extra_predicted_text_lowers_precision_only() -> None:
    # truth "a b c d e" -> (a b c d) (b c d e) = 2 shingles
    # pred  "x a b c d e" -> (x a b c) (a b c d) (b c d e) = 3 shingles; tp = 2
    s = metrics.shingle_score("x a b c d e", "a b c d e")
    assert s.tp == 2 and s.precision == pytest.approx(2 / 3) and s.recall == 1.0


def test_multiset_intersection_counts_repeats_at_most_min_times() -> None:
    # truth "a b a b a b" = {abab: 2, baba: 1}; pred "a b a b" = {abab: 1}; tp = min(2, 1) = 1
    s = metrics.shingle_score("a b a b", "a b a b a b")
    assert s.tp == 1 and s.precision == 1.0 and s.recall == pytest.approx(1 / 3)


def test_case_and_punctuation_do_not_matter_and_exact_is_token_equality() -> None:
    s = metrics.shingle_score("HELLO, big   wide world!", "hello big wide world")
    assert s.precision == s.recall == 1.0 and s.exact


def test_empty_prediction_and_empty_truth_score_one() -> None:
    s = metrics.shingle_score("", "")
    assert (s.precision, s.recall, s.f1, s.exact) == (1.0, 1.0, 1.0, True)
    assert metrics.shingle_score(None, "...").precision == 1.0


def test_empty_prediction_with_text_truth_scores_zero() -> None:
    s = metrics.shingle_score("", "one two three four five")
    assert (s.tp, s.precision, s.recall, s.f1) == (0, 0.0, 0.0, 0.0)


def test_text_prediction_with_empty_truth_scores_zero() -> None:
    s = metrics.shingle_score("one two three four five", "")
    assert (s.precision, s.recall, s.f1) == (0.0, 0.0, 0.0)


# --- corpus body score -----------------------------------------------------------------------


def _score(p: float, r: float, predicted: int = 1, exact: bool = False) -> metrics.ShingleScore:
    return metrics.ShingleScore(tp=0, predicted=predicted, true=1, precision=p, recall=r, exact=exact)


def test_corpus_f1_is_harmonic_mean_of_mean_precision_and_mean_recall() -> None:
    # P = mean(1, 0.5) = 0.75; R = mean(0.5, 1) = 0.75; F1 = 0.75 (not the mean of page F1s, 0.667)
    c = metrics.body_corpus_score([_score(1.0, 0.5), _score(0.5, 1.0)])
    assert (c.precision, c.recall, c.f1) == (0.75, 0.75, 0.75)
    assert c.pages == 2


def test_accuracy_is_share_of_pages_with_f1_at_least_point_nine() -> None:
    # page F1s: 1.0, 0.9 (P = R = 0.9), 0.8 -> 2 of 3 pages >= 0.9
    c = metrics.body_corpus_score([_score(1.0, 1.0, exact=True), _score(0.9, 0.9), _score(0.8, 0.8)])
    assert c.accuracy == pytest.approx(2 / 3)
    assert c.exact == pytest.approx(1 / 3)


def test_empty_prediction_counts_in_precision_unless_upstream_variant() -> None:
    pages = [metrics.shingle_score("", "a b c d"), metrics.shingle_score("a b c d", "a b c d")]
    assert metrics.body_corpus_score(pages).precision == 0.5  # (0 + 1) / 2
    assert metrics.body_corpus_score(pages, skip_empty_predictions=True).precision == 1.0  # page 1 left out
    with pytest.raises(ValueError):
        metrics.body_corpus_score([])


# --- archived-dev fields ---------------------------------------------------------------------


def full(**kwargs: object) -> Prediction:
    """A prediction with every field produced (empty unless given)."""
    base: dict[str, object] = {"body": "", "paragraphs": [], "headline": "", "published": "", "captions": [], "pull_quotes": [], "related_links": [], "external_links": []}
    base.update(kwargs)
    return Prediction(**base)  # type: ignore[arg-type]


def test_headline_exact_after_whitespace_collapse() -> None:
    assert metrics.score_headline("Ailing Lego  nears sale", full(headline=" Ailing Lego\nnears sale ")).score == 1.0
    assert metrics.score_headline("Ailing Lego nears sale", full(headline="BBC NEWS | Ailing Lego nears sale")).score == 0.0
    assert metrics.score_headline("Ailing Lego nears sale", full(headline="ailing lego nears sale")).score == 0.0
    assert metrics.score_headline(None, full(headline="x")).score is None
    assert metrics.score_headline("x", Prediction()).score is None  # tool gives no headline: n/a


def test_date_same_day_and_exact_minute_when_shown() -> None:
    shown = {"published": "2005-06-01T15:53:00+00:00", "_published_as_shown": "Wednesday, 1 June, 2005, 15:53 GMT"}
    assert metrics.score_published(shown, full(published="2005-06-01T15:53:00+00:00")).score == 1.0
    assert metrics.score_published(shown, full(published="2005-06-01T16:53:00+01:00")).score == 1.0  # same instant
    assert metrics.score_published(shown, full(published="2005-06-01T15:53:52")).score == 1.0  # naive: read as +00:00
    assert metrics.score_published(shown, full(published="2005-06-01T15:54:00+00:00")).score == 0.0  # wrong minute
    assert metrics.score_published(shown, full(published="2005-06-01")).score == 0.0  # time shown, none given
    assert metrics.score_published(shown, full(published="")).score == 0.0
    assert metrics.score_published(shown, Prediction()).score is None


def test_date_day_only_when_page_shows_no_time() -> None:
    day_only = {"published": "2012-10-16T00:00:00+01:00", "_published_as_shown": "16 October 2012"}
    assert metrics.score_published(day_only, full(published="2012-10-16")).score == 1.0
    # 23:30 UTC on the 15th is 00:30 on the 16th in the expected +01:00 offset: same day
    assert metrics.score_published(day_only, full(published="2012-10-15T23:30:00+00:00")).score == 1.0
    assert metrics.score_published(day_only, full(published="2012-10-15")).score == 0.0
    assert metrics.score_published({"published": None}, full(published="2012-10-16")).score is None


def test_time_shown_falls_back_to_annotated_time_without_as_shown() -> None:
    assert metrics.time_is_shown({"published": "2010-08-13T19:08:00-04:00"})
    assert not metrics.time_is_shown({"published": "2010-08-13T00:00:00-04:00"})
    assert metrics.time_is_shown({"_published_as_shown": "August 13, 2010 7 p.m. EDT"})
    assert not metrics.time_is_shown({"_published_as_shown": "16 October 2012", "published": "2012-10-16T15:32:00+01:00"})


def test_first_and_last_paragraph_present_in_order() -> None:
    exp = {"first_paragraph": "First  one.", "last_paragraph": "Last one."}
    assert metrics.score_first_last(exp, full(paragraphs=["Caption", "First one.", "Middle.", "Last one.", "."])).score == 1.0
    order = metrics.score_first_last(exp, full(paragraphs=["Last one.", "First one."]))
    assert order.score == 0.0 and "before the first" in order.detail
    only_last = metrics.score_first_last({"first_paragraph": None, "last_paragraph": "Last one."}, full(paragraphs=["Last one."]))
    assert only_last.score == 1.0
    missing = metrics.score_first_last(exp, full(paragraphs=["First one.", "Middle."]))
    assert missing.score == 0.0 and "last paragraph missing" in missing.detail
    assert metrics.score_first_last(exp, full(paragraphs=["First one. Middle.", "Last one."])).score == 0.0  # merged
    assert metrics.score_first_last({"first_paragraph": None, "last_paragraph": None}, full()).score is None


def test_paragraph_comparison_folds_codec_table_variants() -> None:
    # GB2312 byte A1AA decodes to U+2015 (gb2312 codec) or U+2014 (gbk): the same character
    exp = {"first_paragraph": "誓言――“兄弟", "last_paragraph": None}
    assert metrics.score_first_last(exp, full(paragraphs=["誓言——“兄弟"])).score == 1.0


def test_paragraph_count_within_ten_percent() -> None:
    # want 20: 18..22 pass (|n - 20| <= 2), 17 and 23 fail; want 5: only 5 passes (tolerance 0.5)
    assert [metrics.score_paragraph_count(20, full(paragraphs=["p"] * n)).score for n in (17, 18, 22, 23)] == [0.0, 1.0, 1.0, 0.0]
    assert [metrics.score_paragraph_count(5, full(paragraphs=["p"] * n)).score for n in (4, 5, 6)] == [0.0, 1.0, 0.0]
    assert metrics.score_paragraph_count(None, full()).score is None


def test_leak_rate_is_share_of_boilerplate_strings_in_body() -> None:
    pred = full(paragraphs=["Story text.", "E-mail this to a friend", "Helpful advice from the Home Office."])
    # "E-mail this to a friend" leaks; "Help" does not match "Helpful"; "Printable version" absent -> 1/3
    s = metrics.score_leak(["E-mail this to a friend", "Help", "Printable version"], pred)
    assert s.score == pytest.approx(1 / 3) and "E-mail" in s.detail
    assert metrics.score_leak(["Home"], pred).score == 1.0  # whole word, case-sensitive
    assert metrics.score_leak(["home"], pred).score == 0.0
    assert metrics.score_leak([], pred).score is None  # nothing to check: not scored
    assert metrics.score_leak(None, pred).score is None


def test_captions_found_share_and_empty_list_rule() -> None:
    pred = full(captions=["Lego is selling the parks to raise much needed extra cash."])
    exp = ["Lego is selling the parks to raise much needed extra cash", "Blackstone bought the London Dungeon"]
    assert metrics.score_captions(exp, pred).score == 0.5  # punctuation and case ignored; 1 of 2 found
    assert metrics.score_captions([], full(captions=[])).score == 1.0  # annotated "no captions", none given
    assert metrics.score_captions([], pred).score == 0.0  # a spurious caption
    assert metrics.score_captions(None, pred).score is None
    assert metrics.score_captions(exp, Prediction()).score is None  # tool without captions: n/a


def test_pull_quotes_need_text_and_attribution() -> None:
    exp: list[dict[str, Any]] = [
        {"text": "The only way is a cash tip", "attribution": "Solicitor Catherine Scrivens"},
        {"text": "Step back from the abyss", "attribution": None},
    ]
    right = full(pull_quotes=[PredQuote("\u201cThe only way is a cash tip\u201d", "solicitor Catherine Scrivens"), PredQuote("Step back from the abyss")])
    assert metrics.score_pull_quotes(exp, right).score == 1.0
    # first: attribution differs ("Solicitor" missing); second: a null attribution is not annotated -> text only
    wrong_attr = full(pull_quotes=[PredQuote("The only way is a cash tip", "Catherine Scrivens"), PredQuote("Step back from the abyss", "Obama")])
    assert metrics.score_pull_quotes(exp, wrong_attr).score == 0.5
    wrong_text = full(pull_quotes=[PredQuote("The only way is a tip", "Solicitor Catherine Scrivens")])
    assert metrics.score_pull_quotes(exp, wrong_text).score == 0.0
    assert metrics.score_pull_quotes([], full(pull_quotes=[PredQuote("x")])).score == 0.0
    assert metrics.score_pull_quotes([], full()).score == 1.0


BBC = "http://news.bbc.co.uk/2/hi/business/4600553.stm"
RELATED = [{"title": "London Dungeon in £103m US buyout", "url": "/2/hi/business/4573127.stm"}, {"title": "Lego losses: 500 jobs to go", "url": "/2/hi/business/1198600.stm"}]


def test_related_links_in_order_as_a_subsequence_with_urls_resolved() -> None:
    got = [
        PredLink("London Dungeon in £103m US buyout", "http://news.bbc.co.uk/2/hi/business/4573127.stm"),
        PredLink("Something else", "http://news.bbc.co.uk/2/hi/business/1.stm"),
        PredLink("Lego losses - 500 jobs to go", "https://news.bbc.co.uk/2/hi/business/1198600.stm#top"),
    ]
    assert metrics.score_related_links(RELATED, full(related_links=got), BBC).score == 1.0
    reversed_order = metrics.score_related_links(RELATED, full(related_links=got[::-1]), BBC)
    assert reversed_order.score == 0.0 and "matched 1/2" in reversed_order.detail
    wrong_url = [PredLink(got[0].title, "http://news.bbc.co.uk/2/hi/business/9.stm"), got[2]]
    assert metrics.score_related_links(RELATED, full(related_links=wrong_url), BBC).score == 0.0


def test_related_links_without_page_url_match_by_path_suffix_and_wayback() -> None:
    got = [PredLink(RELATED[0]["title"], "http://example.org/2/hi/business/4573127.stm"), PredLink(RELATED[1]["title"], "/2/hi/business/1198600.stm")]
    assert metrics.score_related_links(RELATED, full(related_links=got), None).score == 1.0
    wayback = "https://web.archive.org/web/20050601000000/http://news.bbc.co.uk/2/hi/business/4600553.stm"
    archived = [PredLink(RELATED[0]["title"], "https://web.archive.org/web/20050601/http://news.bbc.co.uk/2/hi/business/4573127.stm")]
    assert metrics.score_related_links(RELATED[:1], full(related_links=archived), wayback).score == 1.0


def test_related_links_empty_list_wants_none() -> None:
    assert metrics.score_related_links([], full(related_links=[]), BBC).score == 1.0
    assert metrics.score_related_links([], full(related_links=[PredLink("Top story", "/x")]), BBC).score == 0.0
    assert metrics.score_related_links(None, full(), BBC).score is None


def test_external_links_share_found_by_url() -> None:
    exp = [{"title": "Lego", "url": "http://www.lego.com"}, {"title": "Blackstone", "url": "http://www.blackstone.com/"}]
    pred = full(external_links=[PredLink("The Lego site", "http://lego.com/")])
    assert metrics.score_external_links(exp, pred, BBC).score == 0.5  # URL matches, title not required
    assert metrics.score_external_links([], full(external_links=[]), BBC).score == 1.0


def test_field_rates_average_scored_pages_only() -> None:
    pages = [
        {name: FieldScore(1.0) for name, _ in metrics.FIELDS},
        {name: FieldScore(0.0) if name == "headline" else FieldScore(None) for name, _ in metrics.FIELDS},
    ]
    rates = metrics.field_rates(pages)
    assert rates["headline"] == 0.5  # both pages scored
    assert rates["date"] == 1.0  # second page not annotated
    assert metrics.field_rate([FieldScore(None)]) is None  # n/a


def test_score_page_has_every_field() -> None:
    scores = metrics.score_page({"headline": "H"}, full(headline="H"), None)
    assert set(scores) == {name for name, _ in metrics.FIELDS}
    assert scores["headline"].score == 1.0 and scores["captions"].score is None


def test_percentile_interpolates() -> None:
    assert metrics.percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5
    assert metrics.percentile([5.0], 95) == 5.0
    assert metrics.percentile([1.0, 2.0, 3.0, 4.0, 5.0], 100) == 5.0
