"""A local news site for batch tests and benchmarks: many generated article pages, on several
"hosts", with configurable latency and faults, recording when each page was hit.

Why: batch behaviour (concurrency, per-host politeness, resume after a kill, failures becoming
rows) can only be shown against a real server on real sockets, and with hundreds of distinct
pages. Linux routes all of 127.0.0.0/8 to loopback, so binding 127.0.0.1 .. 127.0.0.N gives N
hosts that a fetcher treats as different sites.

Paths (N is any token, usually a number; every page is generated from it, deterministically):

* ``/article/N.html``     a small news article (headline, dateline, byline, paragraphs);
  ``?paragraphs=K`` sets its length. Random faults (:class:`Faults`) apply here only.
* ``/tiny/N.html``        the smallest page that is still an article (for throughput/memory runs)
* ``/heavy/N.html``       an article buried in a large page (a few hundred KB of navigation and
  markup): costly to parse and clean, cheap to send back, i.e. a CPU-bound extraction load
* ``/fault/KIND/N.html``  always that fault: ``500``, ``404``, ``429`` (with Retry-After),
  ``reset`` (connection reset, no response), ``pdf`` (application/pdf), ``binary``
  (application/octet-stream), ``empty`` (200, empty body)
* ``/robots.txt``         allows everything

Use in-process as a context manager (``with SiteServer(SiteConfig(hosts=2)) as site:``), or as
a separate process (``python tests/support/site_server.py --hosts 4 --latency 0.05``, which
prints ``{"base_urls": [...]}`` as its first stdout line and serves until killed or stdin closes),
so that a benchmark's server does not compete with the client for the GIL.
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import struct
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import NamedTuple
from urllib.parse import parse_qs, urlsplit

_WORDS = (
    "government officials said on Tuesday that the talks would continue despite growing pressure "
    "from opposition leaders who accused ministers of ignoring the findings of an independent report "
    "into the crisis which has left thousands of families without support since the floods began "
    "in the northern provinces last month according to aid agencies working in the region"
).split()

_SECTIONS = ("World", "Business", "Science", "Politics", "Health", "Sport")


@dataclass(frozen=True, slots=True)
class Faults:
    """Probabilities (0..1) that a request for an ``/article/`` page fails in each way.
    ``seed`` makes the sequence of faults reproducible for a given request order."""

    error_500: float = 0.0
    rate_limit_429: float = 0.0
    reset: float = 0.0
    not_html: float = 0.0
    retry_after: int = 1
    seed: int = 0


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """The site's behaviour. ``latency`` is slept before every response (seconds);
    ``record`` keeps every hit's timestamp (turn off for runs of hundreds of thousands)."""

    hosts: int = 1
    latency: float = 0.0
    faults: Faults = field(default_factory=Faults)
    paragraphs: int = 6
    record: bool = True
    heavy_nav_links: int = 3000


class Hit(NamedTuple):
    """One request the site received: when (``time.monotonic()``), on which host, which path."""

    at: float
    host: str
    path: str


def _sentence(seed: int, length: int) -> str:
    words = [_WORDS[(seed * 7 + i * 3) % len(_WORDS)] for i in range(length)]
    return " ".join(words).capitalize() + "."


def article_title(n: str) -> str:
    """The headline page ``n`` carries (tests compare extracted headlines with it)."""
    return f"Story {n}: talks continue despite pressure"


def _number(n: str) -> int:
    digits = "".join(c for c in n if c.isdigit())
    return int(digits) if digits else sum(map(ord, n))


def article_page(n: str, paragraphs: int = 6, *, nav: str = "") -> bytes:
    """A small news article page in plain 2000s markup, generated from ``n``."""
    seed = _number(n)
    day = 1 + seed % 28
    body = "\n".join(f"<p>{_sentence(seed + i, 12 + (seed + i) % 9)}</p>" for i in range(paragraphs))
    section = _SECTIONS[seed % len(_SECTIONS)]
    title = article_title(n)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title}</title>
<meta name="description" content="{_sentence(seed, 10)}">
<meta property="article:published_time" content="2004-03-{day:02d}T09:30:00+00:00">
<meta property="article:section" content="{section}">
</head><body>
<div id="header"><a href="/">Local News</a> | <a href="/world/">World</a> | <a href="/business/">Business</a></div>
{nav}
<div id="story">
<h1>{title}</h1>
<p class="byline">By Reporter {seed % 50}</p>
<p class="date">{day} March 2004</p>
{body}
</div>
<div id="footer">Copyright 2004 Local News</div>
</body></html>
""".encode()


def tiny_page(n: str) -> bytes:
    """The smallest page that still makes an Article: a title and one paragraph."""
    return f"<html><head><title>Tiny {n}</title></head><body><p>Tiny story number {n}.</p></body></html>".encode()


def heavy_nav(links: int) -> str:
    """A big block of navigation markup (deeply nested lists, attributes, inline styles): what
    makes an old portal page expensive to parse and clean."""
    items = "\n".join(
        f'<li class="nav-item item-{i % 17}" style="margin:0;padding:1px"><div><span><a href="/section/{i}/index.html" '
        f'title="Section {i}">Section {i} news and more</a></span></div></li>'
        for i in range(links)
    )
    return f'<div id="nav"><ul class="navigation">{items}</ul></div>'


class _Handler(BaseHTTPRequestHandler):
    """Serves one connection (HTTP/1.1 keep-alive) for :class:`SiteServer`."""

    protocol_version = "HTTP/1.1"
    server: _HostServer

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        return

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        site = self.server.site
        parts = urlsplit(self.path)
        site.record_hit(self.server.host, parts.path)
        if site.config.latency:
            time.sleep(site.config.latency)
        segments = [s for s in parts.path.split("/") if s]
        if parts.path == "/robots.txt":
            return self._send(200, b"User-agent: *\nAllow: /\n", "text/plain")
        if len(segments) == 3 and segments[0] == "fault":
            return self._fault(segments[1])
        if len(segments) != 2:
            return self._send(404, b"<html><body><p>Not found</p></body></html>")
        kind, n = segments[0], segments[1].removesuffix(".html")
        if kind == "article":
            fault = site.draw_fault()
            if fault:
                return self._fault(fault)
            paragraphs = int(parse_qs(parts.query).get("paragraphs", [site.config.paragraphs])[0])
            return self._send(200, article_page(n, paragraphs))
        if kind == "tiny":
            return self._send(200, tiny_page(n))
        if kind == "heavy":
            return self._send(200, article_page(n, 8, nav=site.heavy_nav))
        return self._send(404, b"<html><body><p>Not found</p></body></html>")

    def _fault(self, kind: str) -> None:
        if kind == "reset":
            # SO_LINGER 0 makes close() send RST instead of FIN: the client sees a reset.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()
            return
        if kind == "pdf":
            return self._send(200, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "application/pdf")
        if kind == "binary":
            return self._send(200, bytes(range(256)) * 4, "application/octet-stream")
        if kind == "empty":
            return self._send(200, b"")
        if kind == "429":
            return self._send(429, b"Too many requests", "text/plain", {"Retry-After": str(self.server.site.config.faults.retry_after)})
        status = int(kind) if kind.isdigit() else 500
        return self._send(status, f"<html><body><p>Error {status}</p></body></html>".encode())

    def _send(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        # Headers and body in one write: two small writes on a keep-alive connection meet
        # Nagle's algorithm and the client's delayed ACK, which adds ~40 ms to every response.
        self._headers_buffer.append(b"\r\n" + body)  # type: ignore[attr-defined]
        self.flush_headers()


class _HostServer(ThreadingHTTPServer):
    """One listening socket (one "host"); all of a site's hosts share its :class:`SiteServer`."""

    daemon_threads = True
    request_queue_size = 512

    def __init__(self, address: tuple[str, int], site: SiteServer) -> None:
        self.site = site
        super().__init__(address, _Handler)
        #: ``127.0.0.K:PORT``, the key of this host in the hit log.
        self.host = f"{address[0]}:{self.server_address[1]}"


class SiteServer:
    """The site: ``config.hosts`` listening sockets on 127.0.0.1, 127.0.0.2, ..., sharing pages,
    faults and the hit log. Ports: one free port, the same on every address when possible."""

    def __init__(self, config: SiteConfig | None = None) -> None:
        self.config = config or SiteConfig()
        self._lock = threading.Lock()
        self._hits: list[Hit] = []
        self._counts: Counter[str] = Counter()
        self._random = random.Random(self.config.faults.seed)
        self.heavy_nav = heavy_nav(self.config.heavy_nav_links)
        self._servers: list[_HostServer] = []
        self._threads: list[threading.Thread] = []

    # -- lifecycle -----------------------------------------------------------------------------

    def start(self) -> SiteServer:
        first = _HostServer(("127.0.0.1", 0), self)
        port = first.server_address[1]
        self._servers.append(first)
        for i in range(2, self.config.hosts + 1):
            address = f"127.0.0.{i}"
            try:
                self._servers.append(_HostServer((address, port), self))
            except OSError:
                self._servers.append(_HostServer((address, 0), self))
        for server in self._servers:
            thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()
        self._servers.clear()
        self._threads.clear()

    def __enter__(self) -> SiteServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- addresses -----------------------------------------------------------------------------

    @property
    def base_urls(self) -> list[str]:
        """``http://127.0.0.K:PORT`` for each host, in order."""
        return [f"http://{server.host}" for server in self._servers]

    def url(self, path: str, host: int = 0) -> str:
        """The URL of ``path`` on host number ``host`` (0-based)."""
        return self.base_urls[host] + path

    # -- faults and hits -----------------------------------------------------------------------

    def draw_fault(self) -> str | None:
        """Pick this request's random fault, if any (thread-safe, reproducible order)."""
        faults = self.config.faults
        with self._lock:
            roll = self._random.random()
        for kind, rate in (("500", faults.error_500), ("429", faults.rate_limit_429), ("reset", faults.reset), ("pdf", faults.not_html)):
            if roll < rate:
                return kind
            roll -= rate
        return None

    def record_hit(self, host: str, path: str) -> None:
        with self._lock:
            self._counts[path] += 1
            if self.config.record:
                self._hits.append(Hit(time.monotonic(), host, path))

    def hits(self, *, host: str | None = None, prefix: str = "") -> list[Hit]:
        """Recorded hits, oldest first, optionally of one host (``127.0.0.K:PORT``) and path prefix."""
        with self._lock:
            return [h for h in self._hits if (host is None or h.host == host) and h.path.startswith(prefix)]

    def count(self, path: str) -> int:
        """How many times ``path`` was requested (kept even when ``record`` is off)."""
        with self._lock:
            return self._counts[path]

    def counts(self) -> Counter[str]:
        """Requests per path so far (a copy)."""
        with self._lock:
            return Counter(self._counts)


def main(argv: list[str] | None = None) -> int:
    """Serve as a separate process until SIGTERM/SIGKILL or until stdin reaches EOF."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hosts", type=int, default=1)
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--paragraphs", type=int, default=6)
    parser.add_argument("--error-500", type=float, default=0.0)
    parser.add_argument("--reset", type=float, default=0.0)
    parser.add_argument("--not-html", type=float, default=0.0)
    parser.add_argument("--record", action="store_true", help="keep hit timestamps (memory grows with requests)")
    args = parser.parse_args(argv)
    config = SiteConfig(
        hosts=args.hosts,
        latency=args.latency,
        paragraphs=args.paragraphs,
        record=args.record,
        faults=Faults(error_500=args.error_500, reset=args.reset, not_html=args.not_html),
    )
    with SiteServer(config) as site:
        print(json.dumps({"base_urls": site.base_urls}), flush=True)
        sys.stdin.read()
    return 0


if __name__ == "__main__":
    sys.exit(main())
