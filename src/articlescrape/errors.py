"""Typed errors. Every failure a user can meet is one of these, and its message names the input.

The CLI and the batch runner catch :class:`ArticlescrapeError` and report ``str(error)`` in
one line; anything else escaping is a bug.
"""

from __future__ import annotations


class ArticlescrapeError(Exception):
    """Base of every error articlescrape raises on purpose. ``target`` names the input."""

    def __init__(self, message: str, *, target: str | None = None) -> None:
        self.target = target
        super().__init__(f"{target}: {message}" if target else message)


class InputError(ArticlescrapeError):
    """The input cannot be read as a page: missing file, empty or binary content."""


class DecodeError(InputError):
    """The bytes cannot be decoded as text in any plausible encoding."""


class ParseError(InputError):
    """The markup cannot be turned into a document tree, even by the tolerant fallback."""


class FetchError(ArticlescrapeError):
    """A page could not be fetched. Subclasses say why."""


class HTTPStatusError(FetchError):
    """The server answered with an error status (after any retries)."""

    def __init__(self, message: str, *, target: str | None = None, status: int | None = None) -> None:
        self.status = status
        super().__init__(message, target=target)


class RateLimitedError(HTTPStatusError):
    """The server kept answering 429/503 after the allowed retries."""


class FetchTimeoutError(FetchError):
    """Connecting or reading took longer than the configured timeout."""


class ConnectionFailedError(FetchError):
    """The connection was refused, reset or dropped (after retries)."""


class TooLargeError(FetchError):
    """The response (compressed or decompressed) exceeded the configured size cap."""


class NotHTMLError(FetchError):
    """The response is not an HTML page (a PDF, an image...)."""


class TruncatedError(FetchError):
    """The body ended before the length the server announced."""


class CaptureNotFoundError(FetchError):
    """The web archive has no capture of the URL (within the requested window)."""


class TooManyRedirectsError(FetchError):
    """The redirect chain exceeded the configured limit."""


class RequestBudgetError(FetchError):
    """The configured budget of requests to one host for this run is spent."""
