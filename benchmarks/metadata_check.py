"""Dev tool: how well the metadata layer alone does on the shared datasets.

Runs ``decode → parse → archive.undo_archive → read_metadata`` (the pipeline's own order, without
the extractor) over ``../shared/data/archived-dev`` and ``../shared/data/scrapinghub-dev`` and
prints:

* archived-dev: how often ``best("published")`` lands on the annotated day / minute (capture time
  of Wayback pages as the bound) and how often the top ``headline_candidates()`` entry, or any of
  them, equals the annotated headline;
* scrapinghub-dev (no date or headline truth): coverage of each field, agreement of the chosen
  day with a day in the URL, and time per page.

``python benchmarks/metadata_check.py [--data DIR] [-v]``; exits 0 with a message when the data
directory is absent. Not a test: the end-to-end figures are ``benchmarks/accuracy.py``'s.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from lxml.html import HtmlElement

from articlescrape import archive, decode, parse
from articlescrape.metadata import Metadata, read_metadata
from articlescrape.metadata.urldates import url_date
from articlescrape.text import collapse

_WAYBACK_TS = re.compile(r"/web/(\d{14})")


def _tree(data: bytes, url: str | None) -> HtmlElement:
    root = parse.parse(decode.decode(data).text)
    archive.undo_archive(root, url)
    return root


def _capture_time(url: str | None) -> datetime | None:
    m = _WAYBACK_TS.search(url or "")
    return datetime.strptime(m.group(1), "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc) if m else None


def _timed(root: HtmlElement, url: str | None) -> tuple[Metadata, float]:
    t0 = time.perf_counter()
    md = read_metadata(root, url)
    return md, time.perf_counter() - t0


def archived(path: Path, verbose: bool) -> None:
    manifest = json.loads((path / "manifest.json").read_text())
    n_date = day_ok = minute_ok = n_head = top_ok = any_ok = 0
    elapsed = 0.0
    for entry in manifest:
        expected = json.loads((path / "expected" / f"{entry['id']}.json").read_text())
        md, dt = _timed(_tree((path / "pages" / f"{entry['id']}.html").read_bytes(), entry["url"]), entry["url"])
        elapsed += dt
        best = md.best("published", not_after=_capture_time(entry["url"]))
        heads = md.headline_candidates()
        want_head = collapse(expected.get("headline")) or None
        if want_head:
            n_head += 1
            top_ok += bool(heads) and heads[0] == want_head
            any_ok += want_head in heads
        if expected.get("published"):
            n_date += 1
            want = datetime.fromisoformat(expected["published"])
            got = best.value if best else None
            day_ok += got is not None and got.astimezone(want.tzinfo).date() == want.date()
            minute_ok += got is not None and got.replace(second=0, microsecond=0) == want.replace(second=0, microsecond=0)
        if verbose:
            mark = "ok" if heads and heads[0] == want_head else "XX"
            print(f"{entry['id']} headline {mark} {heads[:2]!r} want {want_head!r}")
            print(f"    published {best.value.isoformat() if best else None} from {best.source if best else None} want {expected.get('published')}")
    print(
        f"archived-dev ({len(manifest)} pages): published same day {day_ok}/{n_date}, same minute {minute_ok}/{n_date}; "
        f"headline top candidate {top_ok}/{n_head}, among candidates {any_ok}/{n_head}; "
        f"read_metadata {elapsed * 1000 / max(1, len(manifest)):.1f} ms/page"
    )


def scrapinghub(path: Path, verbose: bool) -> None:
    truth = json.loads((path / "ground-truth.json").read_text())
    counts = dict.fromkeys(("pages", "published", "updated", "headline", "authors", "language", "language_guess", "section", "url_day", "url_day_agree"), 0)
    elapsed = 0.0
    for page_id, info in truth.items():
        file = path / "html" / f"{page_id}.html.gz"
        if not file.exists():
            continue
        counts["pages"] += 1
        md, dt = _timed(_tree(gzip.decompress(file.read_bytes()), info.get("url")), info.get("url"))
        elapsed += dt
        best = md.best("published")
        counts["published"] += best is not None
        counts["updated"] += md.best("updated") is not None
        counts["headline"] += bool(md.headline_candidates())
        counts["authors"] += bool(md.authors())
        counts["language"] += md.language() is not None
        counts["language_guess"] += md.language(guess=True) is not None
        counts["section"] += md.section() is not None
        in_url = url_date(info.get("url"))
        if in_url and best:
            counts["url_day"] += 1
            counts["url_day_agree"] += best.value.date() == in_url[0]
        if verbose:
            print(page_id[:8], best and (best.value.isoformat(), best.source), md.headline_candidates()[:1], md.authors()[:3], md.language())
    pages = max(1, counts["pages"])
    print(
        f"scrapinghub-dev ({counts['pages']} pages): published {counts['published']}, updated {counts['updated']}, "
        f"headline {counts['headline']}, authors {counts['authors']}, language {counts['language']} declared / {counts['language_guess']} with guesses, section {counts['section']}; "
        f"chosen day = URL day on {counts['url_day_agree']}/{counts['url_day']} pages with a URL date; "
        f"read_metadata {elapsed * 1000 / pages:.1f} ms/page"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    if not args.data.is_dir():
        print(f"no data directory at {args.data}; nothing to check")
        return 0
    if (args.data / "archived-dev").is_dir():
        archived(args.data / "archived-dev", args.verbose)
    if (args.data / "scrapinghub-dev").is_dir():
        scrapinghub(args.data / "scrapinghub-dev", args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
