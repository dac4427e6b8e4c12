"""Output formats of the command line: JSON (the contract), plain text, Markdown."""

from __future__ import annotations

from .model import Article


def render(article: Article, fmt: str, *, indent: int | None = 2) -> str:
    """Render ``article`` as ``json``, ``text`` or ``markdown``."""
    if fmt == "json":
        return article.to_json(indent=indent)
    if fmt == "text":
        return to_text(article)
    if fmt == "markdown":
        return to_markdown(article)
    raise ValueError(f"unknown format {fmt!r}")


def _dateline(article: Article) -> str:
    parts = [p for p in (article.published.isoformat() if article.published else None, article.section, ", ".join(article.authors) or None) if p]
    return " | ".join(parts)


def to_text(article: Article) -> str:
    """Headline, a date line, then the body blocks separated by blank lines."""
    lines = [article.headline or ""]
    if dateline := _dateline(article):
        lines.append(dateline)
    lines.append("")
    lines.extend(p.text + "\n" for p in article.paragraphs)
    return "\n".join(lines).rstrip() + "\n"


def to_markdown(article: Article) -> str:
    """A readable Markdown document: body, then images, quotes, boxes, media and links."""
    out = [f"# {article.headline or 'Untitled'}", ""]
    if dateline := _dateline(article):
        out += [f"*{dateline}*", ""]
    for p in article.paragraphs:
        out += [f"## {p.text}" if p.kind == "heading" else p.text, ""]
    if article.images:
        out += ["---", ""]
        out += [f"![{i.alt or ''}]({i.src})" + (f"  \n*{i.caption}*" if i.caption else "") + "\n" for i in article.images]
    for q in article.quotes:
        if q.kind == "pull":
            out += [f"> {q.text}" + (f"  \n> — {q.attribution}" if q.attribution else ""), ""]
    for box in article.fact_boxes:
        out += [f"**{box.title or 'Facts'}**", ""] + [f"- {line}" for line in box.lines]
        out += (["", f"*Source: {box.source}*"] if box.source else []) + [""]
    for m in article.media:
        label = " — ".join(x for x in (m.title, m.description) if x) or m.kind
        out += [f"- {m.kind}: [{label}]({m.url})" if m.url else f"- {m.kind}: {label}", ""]
    for heading, links in (("See also", article.related_links), ("External links", article.external_links)):
        if links:
            out += [f"### {heading}", ""]
            out += [f"- [{link.title}]({link.url})" + (f" ({link.date.isoformat()})" if link.date else "") for link in links]
            out.append("")
    return "\n".join(out).rstrip() + "\n"
