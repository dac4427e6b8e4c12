"""What a batch's extraction processes import and run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import articlescrape
from articlescrape import extraction_process
from articlescrape.config import ExtractConfig
from articlescrape.model import Source

ROOT = Path(__file__).resolve().parents[1]
HTTP_STACK = ("requests", "urllib3", "requests_cache", "articlescrape.fetch", "articlescrape.batch", "articlescrape.store")


def _loaded_after(statement: str) -> list[str]:
    """The modules of the HTTP stack a fresh interpreter holds after ``statement``."""
    probe = f"import sys\n{statement}\nprint(' '.join(m for m in {HTTP_STACK!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    return done.stdout.split()


def test_an_extraction_process_loads_no_http_stack() -> None:
    """What a spawned process unpickles (this module's functions) brings in the pipeline only."""
    assert _loaded_after("from articlescrape import extraction_process") == []


def test_the_package_names_load_their_modules_when_first_used() -> None:
    assert _loaded_after("import articlescrape") == []
    assert set(_loaded_after("import articlescrape; articlescrape.scrape_many")) >= {"requests", "articlescrape.batch"}
    assert set(_loaded_after("from articlescrape import Fetcher")) >= {"requests", "articlescrape.fetch"}


def test_every_public_name_is_there() -> None:
    for name in articlescrape.__all__:
        assert getattr(articlescrape, name) is not None
        assert name in dir(articlescrape)


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        articlescrape.no_such_name  # noqa: B018
    except AttributeError as error:
        assert "no_such_name" in str(error)
    else:
        raise AssertionError("no AttributeError")


def test_a_page_is_extracted_and_an_error_travels_back_as_names() -> None:
    page = b"<html><head><title>A story</title></head><body><h1>A story</h1><p>" + b"Words of the story, one after another. " * 20 + b"</p></body></html>"
    article, type_name, message = extraction_process.extract(page, "http://example.com/a", ExtractConfig(), Source(), None)
    assert article is not None and article.headline == "A story" and type_name is None and message is None
    article, type_name, message = extraction_process.extract(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "http://example.com/b.png", ExtractConfig(), Source(), None)
    assert article is None and type_name == "DecodeError" and message and "binary" in message
