"""The public data model: what an extraction produces, and its JSON contract.

Every class is a slotted dataclass. Text-like fields are whitespace-collapsed on construction,
so the invariant holds however an instance was built (by the extractor, by a user, or by
``from_dict``). Datetimes must be timezone-aware: a naive datetime is ambiguous for a news
timestamp and is rejected rather than guessed.

The JSON produced by :meth:`Article.to_dict` is the project's public contract (see README,
"Output fields"): keys are exactly the field names, datetimes are ISO 8601 strings, dates are
``YYYY-MM-DD``, list fields are always present (possibly empty) and absent values are ``null``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any, Literal

from .text import collapse, collapse_or_none

ParagraphKind = Literal["paragraph", "heading"]
QuoteKind = Literal["pull", "inline"]
MediaKind = Literal["video", "audio"]

PARAGRAPH_KINDS: frozenset[str] = frozenset({"paragraph", "heading"})
QUOTE_KINDS: frozenset[str] = frozenset({"pull", "inline"})
MEDIA_KINDS: frozenset[str] = frozenset({"video", "audio"})


def _aware(value: datetime | None, name: str) -> datetime | None:
    if value is not None and (value.tzinfo is None or value.utcoffset() is None):
        raise ValueError(f"{name} must be timezone-aware, got naive {value.isoformat()}")
    return value


def _check_kind(value: str, allowed: frozenset[str], name: str) -> None:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {sorted(allowed)}, got {value!r}")


def _iso(value: datetime | date | None) -> str | None:
    return None if value is None else value.isoformat()


def _parse_datetime(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _parse_date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


@dataclass(slots=True)
class Paragraph:
    """One block of the story body, in reading order: running text or a subheading."""

    text: str
    kind: ParagraphKind = "paragraph"

    def __post_init__(self) -> None:
        self.text = collapse(self.text)
        _check_kind(self.kind, PARAGRAPH_KINDS, "Paragraph.kind")

    @classmethod
    def _of_collapsed(cls, text: str, kind: ParagraphKind = "paragraph") -> Paragraph:
        """Internal: a Paragraph of ``text`` that is whitespace-collapsed already (a block's
        text is), with a valid ``kind``, made without :meth:`__post_init__`, whose second
        collapse of the whole text cost about as much as the rest of the construction (about
        20 paragraphs a page). Built any other way a Paragraph still collapses its text."""
        paragraph = object.__new__(cls)
        paragraph.text = text
        paragraph.kind = kind
        return paragraph

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "kind": self.kind}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Paragraph:
        return cls(text=data["text"], kind=data.get("kind", "paragraph"))


@dataclass(slots=True)
class Image:
    """An image of the story. ``src`` is absolute; ``alt`` is the tag's alt text, ``caption``
    the visible text shown with it (they often differ on old pages), ``credit`` the
    photographer or agency when the page names one."""

    src: str
    alt: str | None = None
    caption: str | None = None
    credit: str | None = None

    def __post_init__(self) -> None:
        self.src = self.src.strip()
        self.alt = collapse_or_none(self.alt)
        self.caption = collapse_or_none(self.caption)
        self.credit = collapse_or_none(self.credit)

    def to_dict(self) -> dict[str, Any]:
        return {"src": self.src, "alt": self.alt, "caption": self.caption, "credit": self.credit}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Image:
        return cls(src=data["src"], alt=data.get("alt"), caption=data.get("caption"), credit=data.get("credit"))


@dataclass(slots=True)
class Quote:
    """A quotation: ``pull`` for a quote set apart from the text (a pull quote box), ``inline``
    for a direct quotation inside a body paragraph. ``attribution`` names the speaker when the
    page does."""

    text: str
    attribution: str | None = None
    kind: QuoteKind = "pull"

    def __post_init__(self) -> None:
        self.text = collapse(self.text)
        self.attribution = collapse_or_none(self.attribution)
        _check_kind(self.kind, QUOTE_KINDS, "Quote.kind")

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "attribution": self.attribution, "kind": self.kind}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Quote:
        return cls(text=data["text"], attribution=data.get("attribution"), kind=data.get("kind", "pull"))


@dataclass(slots=True)
class FactBox:
    """A box of facts beside the story ("Defection rates: 2001 - 583 ..."), one entry per line."""

    title: str | None = None
    lines: list[str] = field(default_factory=list)
    source: str | None = None

    def __post_init__(self) -> None:
        self.title = collapse_or_none(self.title)
        self.lines = [c for c in (collapse(line) for line in self.lines) if c]
        self.source = collapse_or_none(self.source)

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "lines": list(self.lines), "source": self.source}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FactBox:
        return cls(title=data.get("title"), lines=list(data.get("lines") or []), source=data.get("source"))


@dataclass(slots=True)
class Media:
    """An audio or video clip offered with the story."""

    kind: MediaKind
    url: str | None = None
    title: str | None = None
    description: str | None = None

    def __post_init__(self) -> None:
        _check_kind(self.kind, MEDIA_KINDS, "Media.kind")
        self.url = self.url.strip() if self.url else None
        self.title = collapse_or_none(self.title)
        self.description = collapse_or_none(self.description)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "url": self.url, "title": self.title, "description": self.description}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Media:
        return cls(kind=data["kind"], url=data.get("url"), title=data.get("title"), description=data.get("description"))


@dataclass(slots=True)
class Link:
    """A link out of the story: a related story ("See also") or an external site.
    ``date`` and ``section`` are what the page shows next to the link, when it does."""

    title: str
    url: str
    date: date | None = None
    section: str | None = None

    def __post_init__(self) -> None:
        self.title = collapse(self.title)
        self.url = self.url.strip()
        self.section = collapse_or_none(self.section)

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "url": self.url, "date": _iso(self.date), "section": self.section}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Link:
        return cls(title=data["title"], url=data["url"], date=_parse_date(data.get("date")), section=data.get("section"))


@dataclass(slots=True)
class Source:
    """Where the bytes came from.

    ``requested`` is the target exactly as the user gave it (URL, path or ``-``);
    ``final_url`` is the URL the bytes were finally read from, after redirects;
    ``original_url`` is the page's own address on its site (for an archive capture, the
    address that was captured, never the archive's).
    ``capture_url``/``capture_timestamp`` are set only when the page came from a web archive:
    the capture time is when the archive saw the page, never a publication time.
    ``capture_offset_seconds`` is how far the capture lies from the moment the user asked for
    (positive: later), when they asked for one.
    """

    requested: str | None = None
    final_url: str | None = None
    original_url: str | None = None
    capture_url: str | None = None
    capture_timestamp: datetime | None = None
    capture_offset_seconds: int | None = None
    encoding: str | None = None
    status: int | None = None
    fetched_at: datetime | None = None

    def __post_init__(self) -> None:
        _aware(self.capture_timestamp, "Source.capture_timestamp")
        _aware(self.fetched_at, "Source.fetched_at")

    def to_dict(self) -> dict[str, Any]:
        return {
            "requested": self.requested,
            "final_url": self.final_url,
            "original_url": self.original_url,
            "capture_url": self.capture_url,
            "capture_timestamp": _iso(self.capture_timestamp),
            "capture_offset_seconds": self.capture_offset_seconds,
            "encoding": self.encoding,
            "status": self.status,
            "fetched_at": _iso(self.fetched_at),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Source:
        return cls(
            requested=data.get("requested"),
            final_url=data.get("final_url"),
            original_url=data.get("original_url"),
            capture_url=data.get("capture_url"),
            capture_timestamp=_parse_datetime(data.get("capture_timestamp")),
            capture_offset_seconds=data.get("capture_offset_seconds"),
            encoding=data.get("encoding"),
            status=data.get("status"),
            fetched_at=_parse_datetime(data.get("fetched_at")),
        )


@dataclass(slots=True)
class Article:
    """A news article as structured data. See the README's "Output fields" for the contract.

    ``published_from`` names the evidence the publication time was taken from (for example
    ``"meta:OriginalPublicationDate"``, ``"json-ld"``, ``"text"``), so a user can judge it.
    """

    url: str | None = None
    headline: str | None = None
    published: datetime | None = None
    published_from: str | None = None
    updated: datetime | None = None
    section: str | None = None
    breadcrumb: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    summary: str | None = None
    language: str | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    fact_boxes: list[FactBox] = field(default_factory=list)
    media: list[Media] = field(default_factory=list)
    related_links: list[Link] = field(default_factory=list)
    external_links: list[Link] = field(default_factory=list)
    source: Source = field(default_factory=Source)

    def __post_init__(self) -> None:
        self.headline = collapse_or_none(self.headline)
        self.section = collapse_or_none(self.section)
        self.summary = collapse_or_none(self.summary)
        self.breadcrumb = [c for c in (collapse(b) for b in self.breadcrumb) if c]
        self.authors = [c for c in (collapse(a) for a in self.authors) if c]
        _aware(self.published, "Article.published")
        _aware(self.updated, "Article.updated")

    @property
    def text(self) -> str:
        """The body as plain text, one block per line pair."""
        return "\n\n".join(p.text for p in self.paragraphs)

    def to_dict(self) -> dict[str, Any]:
        """The article as JSON-ready builtins, keys in contract order."""
        return {
            "url": self.url,
            "headline": self.headline,
            "published": _iso(self.published),
            "published_from": self.published_from,
            "updated": _iso(self.updated),
            "section": self.section,
            "breadcrumb": list(self.breadcrumb),
            "authors": list(self.authors),
            "summary": self.summary,
            "language": self.language,
            "paragraphs": [p.to_dict() for p in self.paragraphs],
            "images": [i.to_dict() for i in self.images],
            "quotes": [q.to_dict() for q in self.quotes],
            "fact_boxes": [f.to_dict() for f in self.fact_boxes],
            "media": [m.to_dict() for m in self.media],
            "related_links": [link.to_dict() for link in self.related_links],
            "external_links": [link.to_dict() for link in self.external_links],
            "source": self.source.to_dict(),
        }

    def to_json(self, *, indent: int | None = None) -> str:
        """Serialise :meth:`to_dict` as JSON text (UTF-8 safe, non-ASCII kept as is)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Inverse of :meth:`to_dict`: ``Article.from_dict(a.to_dict()) == a``."""
        unknown = set(data) - {f.name for f in fields(cls)}
        if unknown:
            raise ValueError(f"unknown Article fields: {sorted(unknown)}")
        return cls(
            url=data.get("url"),
            headline=data.get("headline"),
            published=_parse_datetime(data.get("published")),
            published_from=data.get("published_from"),
            updated=_parse_datetime(data.get("updated")),
            section=data.get("section"),
            breadcrumb=list(data.get("breadcrumb") or []),
            authors=list(data.get("authors") or []),
            summary=data.get("summary"),
            language=data.get("language"),
            paragraphs=[Paragraph.from_dict(p) for p in data.get("paragraphs") or []],
            images=[Image.from_dict(i) for i in data.get("images") or []],
            quotes=[Quote.from_dict(q) for q in data.get("quotes") or []],
            fact_boxes=[FactBox.from_dict(f) for f in data.get("fact_boxes") or []],
            media=[Media.from_dict(m) for m in data.get("media") or []],
            related_links=[Link.from_dict(x) for x in data.get("related_links") or []],
            external_links=[Link.from_dict(x) for x in data.get("external_links") or []],
            source=Source.from_dict(data.get("source") or {}),
        )

    @classmethod
    def from_json(cls, text: str) -> Article:
        return cls.from_dict(json.loads(text))
