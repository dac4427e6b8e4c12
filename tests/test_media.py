"""Audio and video clips."""

from __future__ import annotations

import lxml.html

from articlescrape.extractors.media import media_from_box


def test_media_box_title_description_kind_and_url() -> None:
    box = lxml.html.fragment_fromstring(
        '<table><tr><td><b>The BBC\'s Rupert Wingfield-Hayes</b><br>"The whole incident had been carefully planned"</td></tr>'
        '<tr><td><a href="/olmedia/video/_1872014_koreans_rupert_vi.ram"><img alt="real video" src="/furniture/av/real_video.gif"></a></td></tr></table>'
    )
    media = media_from_box(box, "http://news.bbc.co.uk/1/hi/world/1.stm")
    assert media is not None
    assert (media.kind, media.url, media.title, media.description) == (
        "video",
        "http://news.bbc.co.uk/olmedia/video/_1872014_koreans_rupert_vi.ram",
        "The BBC's Rupert Wingfield-Hayes",
        '"The whole incident had been carefully planned"',
    )


def test_audio_clip() -> None:
    box = lxml.html.fragment_fromstring('<div><a href="/audio/interview.mp3">Listen</a> Minister on the budget</div>')
    media = media_from_box(box, None)
    assert media is not None and media.kind == "audio" and media.url == "/audio/interview.mp3"


def test_a_list_of_promoted_clips_after_the_story_is_not_the_storys_media() -> None:
    import articlescrape

    body = "<p>" + "The story itself goes on for a while, with commas, and detail. " * 6 + "</p>"
    promos = "".join(f'<li><a href="/video/clip-{i}.html">Trending clip {i}</a></li>' for i in range(4))
    html = f'<html><body><div id="main"><h1>Headline words here</h1><div class="story">{body}{body}</div><ul class="trending">{promos}</ul></div></body></html>'
    assert articlescrape.extract(html).media == []
