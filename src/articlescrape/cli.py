"""The ``articlescrape`` command line.

``articlescrape TARGET [TARGET ...]`` extracts each target and prints it; ``articlescrape batch``
and ``articlescrape export`` are the batch subcommands. Exit codes: 0 all targets extracted,
1 some target failed (one line on stderr names it), 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from . import __version__
from .api import scrape
from .config import ExtractConfig
from .errors import ArticlescrapeError
from .fetch import FetchConfig, Fetcher
from .model import Article
from .wayback import parse_duration, parse_when, when_timestamp
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
    group = parser.add_argument_group("fetching (see README: Fetching)")
    group.add_argument("--wayback", nargs="?", const=True, default=None, type=_when_arg, metavar="WHEN",
                       help="fetch the Wayback Machine capture closest to WHEN (2002-03-14, 2002-03-14T09:30, or a 1-14 digit "
                            "timestamp; 'latest' or no WHEN: the newest capture)")
    group.add_argument("--wayback-from", type=_timestamp_arg, metavar="WHEN", help="only captures at or after WHEN")
    group.add_argument("--wayback-to", type=_timestamp_arg, metavar="WHEN", help="only captures at or before WHEN (a date covers the whole day)")
    group.add_argument("--wayback-window", type=_duration_arg, metavar="DURATION",
                       help="refuse a capture further than this from WHEN (3600, 90m, 12h, 30d, 2w)")
    group.add_argument("--wayback-base", metavar="URL", help="the archive to use (default: $ARTICLESCRAPE_WAYBACK_BASE or https://web.archive.org)")
    group.add_argument("--cache", metavar="DIR", help="HTTP cache directory (default: ~/.cache/articlescrape)")
    group.add_argument("--no-cache", action="store_true", help="do not read or write the HTTP cache")
    group.add_argument("--timeout", type=_positive_float, default=None, metavar="SECONDS", help="read timeout (default: 30)")
    group.add_argument("--connect-timeout", type=_positive_float, default=None, metavar="SECONDS", help="connect timeout (default: 10)")
    group.add_argument("--retries", type=int, default=None, metavar="N", help="retries after connection errors, timeouts and 5xx (default: 3)")
    group.add_argument("--min-interval", type=_positive_float, default=None, metavar="SECONDS",
                       help="minimum seconds between requests to one host (default: 1; the archive has its own pacing)")
    group.add_argument("--contact", metavar="EMAIL", help="your e-mail or URL, sent in the User-Agent so site operators can reach you")
    group.add_argument("--user-agent", metavar="UA", help="replace the whole User-Agent")


def _when_arg(value: str) -> object:
    if value.strip().lower() in ("latest", "newest"):
        return True
    try:
        parse_when(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{error} (to mean the newest capture, write --wayback latest or put --wayback after the TARGET)") from None
    return value


def _timestamp_arg(value: str) -> str:
    try:
        return when_timestamp(value) or ""
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _duration_arg(value: str) -> float:
    try:
        return parse_duration(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _positive_float(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if number < 0:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {value!r}")
    return number


def fetch_config_from_args(args: argparse.Namespace) -> FetchConfig:
    """The FetchConfig the flags describe: the defaults, the environment, then the flags.

    The command line caches by default (a rerun should not fetch again); --no-cache turns it off."""
    overrides: dict[str, Any] = {"use_cache": not getattr(args, "no_cache", False)}
    base = getattr(args, "wayback_base", None)
    if base:
        overrides.update(wayback_base=base.rstrip("/"), availability_url=f"{base.rstrip('/')}/wayback/available")
    for flag, name in (("cache", "cache_dir"), ("timeout", "read_timeout"), ("connect_timeout", "connect_timeout"), ("retries", "retries"),
                       ("min_interval", "min_interval"), ("contact", "contact"), ("user_agent", "user_agent"),
                       ("wayback_from", "wayback_from"), ("wayback_to", "wayback_to"), ("wayback_window", "wayback_window")):
        value = getattr(args, flag, None)
        if value is not None:
            overrides[name] = value
    return FetchConfig.from_env(**overrides)


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
            article = scrape(target, archived=args.wayback, fetcher=fetcher, config=config, url=args.url)
        except ArticlescrapeError as error:
            print(f"articlescrape: error: {error}", file=sys.stderr)
            failed += 1
            continue
        except Exception as error:  # a bug of ours: still one line, and the other targets go on
            print(f"articlescrape: internal error: {target}: {type(error).__name__}: {error} (please report it)", file=sys.stderr)
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
