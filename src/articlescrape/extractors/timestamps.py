"""Publication and update times.

Two kinds of evidence are weighed: the metadata's machine-readable dates (ranked by the
metadata layer) and the date line the page shows near the headline. A shown date line with a
named zone is the most faithful evidence of what readers saw; machine dates without a zone
are read in the site's zone when a profile knows it. No date may lie after the capture time
of an archived page (it could not have been published after the archive saw it) or in the
future.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone

from .. import dates as dateparse
from ..metadata import Metadata
from ..profiles import Profile
from .blocks import Block

#: Blocks before the headline, and between it and the body, searched for a date line.
BEFORE_HEADLINE = 8
AFTER_HEADLINE = 12
#: A date line is short; prose that happens to mention a date is not one.
MAX_DATE_LINE_CHARS = 120
#: Inside the body a date line must be shorter still: a sentence mentioning "Tuesday" is prose.
MAX_BODY_DATE_LINE_CHARS = 70


@dataclass(slots=True)
class Dates:
    published: datetime | None = None
    published_from: str | None = None
    updated: datetime | None = None
    #: Blocks that are date lines (kept out of the body).
    blocks: list[Block] = field(default_factory=list)


def _localise(parsed: dateparse.ParsedDate, profile: Profile | None) -> datetime:
    """A zone-less date read in the site's zone when the profile knows it."""
    if parsed.tz_known or profile is None or profile.timezone is None:
        return parsed.value
    return parsed.value.replace(tzinfo=profile.tzinfo()).astimezone(profile.tzinfo())


_UPDATE_WORDS = re.compile(r"\b(?:last )?(?:updated|modified|amended|edited|revised)\b|\bmis à jour\b|\baktualisiert\b|\bactualizado\b|\baggiornato\b", re.IGNORECASE)


def _readings(text: str) -> list[tuple[dateparse.ParsedDate | None, dateparse.DateLabel | None]]:
    """A date line read as its published and updated parts when it shows both times ("06.30
    BST Last modified on ... 11.02 BST"), else as one date (None when it holds none); each
    part read once, the line's readings made as the split needs them."""
    match = _UPDATE_WORDS.search(text)
    if match is not None and match.start() > 0:
        before = dateparse.parse_date(text[: match.start()])
        if before is not None:
            after = dateparse.parse_date(text[match.start() :])
            if after is not None:
                return [(before, "published"), (after, "updated")]
    return [(dateparse.parse_date(text), None)]


def _window(blocks: list[Block], headline: Block | None, body_start: int | None) -> list[Block]:
    if headline is not None:
        start = max(0, headline.index - BEFORE_HEADLINE)
        end = headline.index + AFTER_HEADLINE
        if body_start is not None and body_start > headline.index:
            end = max(end, body_start + 2)
    elif body_start is not None:
        start, end = max(0, body_start - BEFORE_HEADLINE - AFTER_HEADLINE), body_start + 2
    else:
        return []
    body_from = body_start if body_start is not None else len(blocks)
    return [
        b
        for b in blocks[start:end]
        if len(b.text) <= (MAX_BODY_DATE_LINE_CHARS if b.index >= body_from else MAX_DATE_LINE_CHARS) and b.link_density < 0.5
    ]


def choose_dates(
    blocks: list[Block],
    headline: Block | None,
    body_start: int | None,
    metadata: Metadata,
    *,
    profile: Profile | None = None,
    capture_time: datetime | None = None,
) -> Dates:
    """Pick the publication and update times from the shown date lines and the metadata."""
    now = datetime.now(timezone.utc)
    limit = min(capture_time, now) if capture_time is not None else now
    out = Dates()
    shown: list[tuple[dateparse.ParsedDate, Block]] = []
    for block in _window(blocks, headline, body_start):
        if not dateparse.looks_like_date_line(block.text):
            continue
        found = False
        for parsed, label in _readings(block.text):
            if parsed is None or _localise(parsed, profile) > limit:
                continue
            if label is not None and parsed.label != label:
                parsed = replace(parsed, label=label)
            shown.append((parsed, block))
            found = True
        if found:
            out.blocks.append(block)
    meta_published = metadata.best_date("published", not_after=limit)
    meta_updated = metadata.best_date("updated", not_after=limit)
    published_lines = [(p, b) for p, b in shown if p.label != "updated"] or shown
    updated_lines = [(p, b) for p, b in shown if p.label == "updated"]

    line = published_lines[0][0] if published_lines else None
    out.published, out.published_from = _combine(line, meta_published, profile)
    if updated_lines:
        out.updated = _localise(updated_lines[0][0], profile)
    elif meta_updated is not None:
        out.updated = _localise(meta_updated[0], profile)
    if out.updated is not None and out.published is not None and out.updated <= out.published:
        out.updated = None
    return out


def _combine(
    line: dateparse.ParsedDate | None,
    meta: tuple[dateparse.ParsedDate, str] | None,
    profile: Profile | None,
) -> tuple[datetime | None, str | None]:
    """Weigh the shown line against the metadata's best date."""
    if line is None and meta is None:
        return None, None
    if meta is None:
        assert line is not None
        return _localise(line, profile), "text"
    parsed, source = meta
    if line is None:
        return _localise(parsed, profile), source
    shown = _localise(line, profile)
    machine = _localise(parsed, profile)
    if parsed.tz_known and parsed.has_time and (not line.tz_known or not line.has_time):
        if machine.date() == shown.date() or not line.has_time:
            return machine, source
    if line.has_time or not parsed.has_time:
        return shown, "text"
    if machine.date() == shown.date():
        return machine, source
    return shown, "text"
