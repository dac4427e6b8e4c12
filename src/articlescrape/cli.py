"""The ``articlescrape`` command line.

``articlescrape TARGET [TARGET ...]`` extracts each target and prints it; ``articlescrape batch``
and ``articlescrape export`` are the batch subcommands. Exit codes: 0 all targets extracted,
1 some target failed (one line on stderr names it), 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from . import __version__
from .api import scrape
from .config import ExtractConfig
from .errors import ArticlescrapeError
from .fetch import FetchConfig, Fetcher
from .model import Article
from .render import render

EXAMPLES = """\
examples:
  articlescrape fixtures/bbc/2002-n-koreans-storm-spanish-embassy.html
  articlescrape --format markdown https://example.com/news/story.html
  articlescrape --wayback 2002-03-14 http://news.bbc.co.uk/1/hi/world/asia-pacific/1871988.stm
  articlescrape https://web.archive.org/web/20020314093000/http://news.bbc.co.uk/...
  curl -s https://example.com/story | articlescrape --url https://example.com/story -
  articlescrape --jsonl a.html b.html c.html > articles.jsonl
  articlescrape batch urls.txt --db run.sqlite --workers 8
  articlescrape export run.sqlite --format csv > articles.csv
"""

#: Subcommands: name -> function(argv) -> exit code. Registered by their own modules.
SUBCOMMANDS: dict[str, Callable[[list[str]], int]] = {}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="articlescrape",
        description="Extract news articles (live, archived or local) as structured data.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("targets", nargs="+", metavar="TARGET", help="URL, Wayback capture URL, file path, file:// URL, or - for stdin")
    parser.add_argument("--format", choices=("json", "text", "markdown"), default="json", help="output format (default: json)")
    parser.add_argument("--jsonl", action="store_true", help="one JSON object per line, whatever the output is")
    parser.add_argument("--url", help="the page's URL, when the input is a file or stdin (resolves relative links)")
    parser.add_argument("--version", action="version", version=f"articlescrape {__version__}")
    add_fetch_arguments(parser)
    return parser


def add_fetch_arguments(parser: argparse.ArgumentParser) -> None:
    """Flags that map onto :class:`FetchConfig`; shared by the extract and batch commands."""
    group = parser.add_argument_group("fetching")
    group.add_argument("--timeout", type=float, default=None, help="read timeout in seconds")


def fetch_config_from_args(args: argparse.Namespace) -> FetchConfig:
    config = FetchConfig()
    if args.timeout is not None:
        from dataclasses import replace

        config = replace(config, read_timeout=args.timeout)
    return config


def _emit(article: Article, args: argparse.Namespace, out: TextIO) -> None:
    if args.jsonl:
        out.write(article.to_json() + "\n")
        return
    out.write(render(article, args.format, indent=2 if out.isatty() or args.format == "json" else None))
    out.write("\n")


def run_extract(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.url and len(args.targets) > 1:
        parser.error("--url applies to a single TARGET")
    fetcher = Fetcher(fetch_config_from_args(args))
    config = ExtractConfig()
    failed = 0
    for target in args.targets:
        try:
            article = scrape(target, fetcher=fetcher, config=config, url=args.url)
        except ArticlescrapeError as error:
            print(f"articlescrape: error: {error}", file=sys.stderr)
            failed += 1
            continue
        _emit(article, args, sys.stdout)
    return 1 if failed else 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] in SUBCOMMANDS:
            return SUBCOMMANDS[argv[0]](argv[1:])
        return run_extract(argv)
    except KeyboardInterrupt:
        print("articlescrape: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


from . import batch_cli  # noqa: E402,F401 - registers the batch and export subcommands


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
