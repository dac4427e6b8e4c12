"""A small Wayback Machine for the test suite, on 127.0.0.1, plus a "live site" on the same port.

Why: the fetcher's archive handling can only be shown against something that speaks the
archive's protocol over real sockets. This server reproduces what the real one does (see the
project's notes on the archive):

* ``/wayback/available?url=&timestamp=``: the availability API's JSON (the closest capture);
* ``/cdx/search/cdx?url=&output=json&from=&to=&limit=&filter=&fl=``: CDX rows, header first;
* ``/web/<ts><mod>/<original>``: ``id_`` serves the captured bytes untouched with
  ``Memento-Datetime``, ``Link rel="original"`` and ``X-Archive-Orig-*`` headers; no modifier
  (or ``if_``) serves view mode: toolbar, scripts and comments injected and every link
  rewritten in the archive's several forms; a timestamp that is not exactly a capture's gets
  a 302 to the nearest capture, however far away;
* any other path: a live page registered with :meth:`ArchiveServer.add_page`.

Faults are queued per path (:meth:`ArchiveServer.add_faults`) and consumed one per request:
an error status (429 with or without Retry-After, 503, 500), a connection reset, a slow
answer, a truncated body. Every request is recorded with its time, so tests can count hits
and measure waits.
"""

from __future__ import annotations

import calendar
import gzip
import json
import re
import socket
import struct
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urljoin, urlsplit

REAL_ARCHIVE = "https://web.archive.org"


@dataclass(frozen=True)
class Fault:
    """One misbehaviour for one request: ``kind`` is ``status``, ``reset``, ``slow`` or ``truncate``."""

    kind: str
    status: int = 0
    headers: tuple[tuple[str, str], ...] = ()
    seconds: float = 0.0

    @staticmethod
    def error(status: int, retry_after: str | None = None) -> Fault:
        headers = (("Retry-After", retry_after),) if retry_after is not None else ()
        return Fault("status", status=status, headers=headers)

    @staticmethod
    def reset() -> Fault:
        return Fault("reset")

    @staticmethod
    def slow(seconds: float) -> Fault:
        return Fault("slow", seconds=seconds)

    @staticmethod
    def truncate() -> Fault:
        return Fault("truncate")


@dataclass
class Capture:
    original: str
    timestamp: str
    body: bytes
    #: The original server's Content-Type (sent as X-Archive-Orig-Content-Type).
    content_type: str = "text/html; charset=iso-8859-1"
    #: What the archive itself sends as Content-Type on ``id_`` (default: the original's).
    served_type: str | None = None
    status: int = 200
    location: str | None = None

    @property
    def moment(self) -> datetime:
        return datetime.strptime(self.timestamp, "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc)


@dataclass
class Page:
    body: bytes
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    #: ``gzip``, ``br``, ``gzip-twice`` (compressed once, the coding named twice) or None.
    coding: str | None = None
    send_length: bool = True


@dataclass(frozen=True)
class Hit:
    at: float
    path: str
    user_agent: str


def url_key(url: str) -> str:
    """How the archive matches URLs: no scheme, no ``www.``, no default port, lower-case host."""
    parts = urlsplit(url if "://" in url else "http://" + url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    port = f":{parts.port}" if parts.port and parts.port not in (80, 443) else ""
    return f"{host}{port}{parts.path or '/'}{'?' + parts.query if parts.query else ''}"


def pad(timestamp: str, digit: str) -> str:
    return timestamp.ljust(14, digit)


class ArchiveServer:
    """The server; use as a context manager. ``base`` is ``http://127.0.0.1:PORT``."""

    def __init__(self) -> None:
        self.captures: list[Capture] = []
        self.pages: dict[str, Page] = {}
        self.faults: dict[str, list[Fault]] = {}
        self.hits: list[Hit] = []
        self.availability_empty = False
        self.lock = threading.Lock()
        self.httpd = _Server(("127.0.0.1", 0), _Handler)
        self.httpd.archive = self
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> ArchiveServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    # --- registering content ---------------------------------------------------------------

    def add_capture(self, original: str, timestamp: str, body: bytes, **options: object) -> Capture:
        capture = Capture(original, timestamp, body, **options)  # type: ignore[arg-type]
        with self.lock:
            self.captures.append(capture)
            self.captures.sort(key=lambda c: c.timestamp)
        return capture

    def add_page(self, path: str, body: bytes, **options: object) -> str:
        with self.lock:
            self.pages[path] = Page(body, **options)  # type: ignore[arg-type]
        return self.base + path

    def add_faults(self, path_part: str, *faults: Fault) -> None:
        """Queue faults for the next requests whose path contains ``path_part``."""
        with self.lock:
            self.faults.setdefault(path_part, []).extend(faults)

    # --- observing -----------------------------------------------------------------------------

    def hits_for(self, path_part: str = "") -> list[Hit]:
        with self.lock:
            return [hit for hit in self.hits if path_part in hit.path]

    def capture_url(self, capture: Capture, modifier: str = "") -> str:
        return f"{self.base}/web/{capture.timestamp}{modifier}/{capture.original}"

    # --- internals used by the handler -------------------------------------------------------

    def record(self, path: str, user_agent: str) -> Fault | None:
        with self.lock:
            self.hits.append(Hit(time.monotonic(), path, user_agent))
            for part, queue in self.faults.items():
                if part in path and queue:
                    return queue.pop(0)
        return None

    def captures_of(self, url: str) -> list[Capture]:
        key = url_key(url)
        with self.lock:
            return [c for c in self.captures if url_key(c.original) == key]


def moment_of(timestamp: str) -> datetime:
    """The start of the period a 1-14 digit timestamp names (month and day clamped to valid)."""
    digits = pad(timestamp, "0")
    year, month = int(digits[:4]), min(12, max(1, int(digits[4:6])))
    day = min(calendar.monthrange(year, month)[1], max(1, int(digits[6:8])))
    return datetime(year, month, day, int(digits[8:10]) % 24, int(digits[10:12]) % 60, int(digits[12:14]) % 60, tzinfo=timezone.utc)


def nearest(captures: list[Capture], timestamp: str) -> Capture:
    wanted = moment_of(timestamp)
    return min(captures, key=lambda c: abs((c.moment - wanted).total_seconds()))


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    archive: ArchiveServer

    def handle_error(self, request: object, client_address: object) -> None:
        """Clients that time out or are reset on purpose make broken pipes; they are expected."""


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        archive = self.server.archive
        fault = archive.record(self.path, self.headers.get("User-Agent", ""))
        if fault is not None and fault.kind == "reset":
            self._reset()
            return
        if fault is not None and fault.kind == "status":
            self._send(fault.status, b"<html><body><h1>Too Many Requests</h1></body></html>", "text/html", dict(fault.headers))
            return
        if fault is not None and fault.kind == "slow":
            time.sleep(fault.seconds)
        status, body, headers = self._route()
        if fault is not None and fault.kind == "truncate":
            self._truncated(status, body, headers)
            return
        self._send(status, body, headers.pop("Content-Type", "text/html"), headers)

    # --- routing -------------------------------------------------------------------------------

    def _route(self) -> tuple[int, bytes, dict[str, str]]:
        path = self.path
        if path.startswith("/wayback/available"):
            return self._json(self._availability())
        if path.startswith("/cdx/search/cdx"):
            return self._json(self._cdx())
        match = re.match(r"^/web/(?P<ts>\d{1,14})(?P<mod>[a-z]{2}_)?/(?P<orig>.+)$", path)
        if match:
            return self._capture(match["ts"], match["mod"] or "", match["orig"])
        page = self.server.archive.pages.get(path)
        if page is None:
            return 404, b"<html><body>Not found</body></html>", {"Content-Type": "text/html"}
        return self._page(page)

    def _json(self, value: object) -> tuple[int, bytes, dict[str, str]]:
        return 200, json.dumps(value).encode(), {"Content-Type": "application/json"}

    def _query(self) -> dict[str, str]:
        return {k: v[-1] for k, v in parse_qs(urlsplit(self.path).query).items()}

    def _availability(self) -> dict[str, object]:
        query = self._query()
        archive = self.server.archive
        captures = archive.captures_of(query.get("url", ""))
        if archive.availability_empty or not captures:
            return {"url": query.get("url"), "archived_snapshots": {}}
        best = nearest(captures, query.get("timestamp", "99991231"))
        url = f"http://web.archive.org/web/{best.timestamp}/{best.original}"
        closest = {"status": str(best.status), "available": True, "url": url, "timestamp": best.timestamp}
        return {"url": query.get("url"), "archived_snapshots": {"closest": closest}}

    def _cdx(self) -> list[list[str]]:
        query = self._query()
        rows = []
        low, high = pad(query.get("from", ""), "0"), pad(query.get("to", "99999999999999"), "9")
        for capture in self.server.archive.captures_of(query.get("url", "")):
            record = {
                "urlkey": url_key(capture.original),
                "timestamp": capture.timestamp,
                "original": capture.original,
                "mimetype": capture.content_type.split(";")[0],
                "statuscode": str(capture.status),
                "digest": f"D{abs(hash(capture.body)) % 10**8}",
                "length": str(len(capture.body)),
            }
            if low <= capture.timestamp <= high and _passes(record, query.get("filter")):
                rows.append(record)
        limit = int(query.get("limit", "0") or 0)
        if limit > 0:
            rows = rows[:limit]
        elif limit < 0:
            rows = rows[limit:]
        fields = query.get("fl", "urlkey,timestamp,original,mimetype,statuscode,digest,length").split(",")
        if not rows:
            return []
        return [fields] + [[row[f] for f in fields] for row in rows]

    def _capture(self, timestamp: str, modifier: str, original: str) -> tuple[int, bytes, dict[str, str]]:
        archive = self.server.archive
        captures = archive.captures_of(original)
        if not captures:
            return 404, b"<html><body>Hrm. The Wayback Machine has not archived that URL.</body></html>", {"Content-Type": "text/html", "X-Archive-Wayback-Runtime-Error": "Resource not in archive"}
        exact = [c for c in captures if c.timestamp == timestamp]
        if not exact:
            best = nearest(captures, timestamp)
            return 302, b"", {"Location": f"/web/{best.timestamp}{modifier}/{best.original}", "Content-Type": "text/plain"}
        capture = exact[0]
        headers = {
            "Memento-Datetime": format_datetime(capture.moment, usegmt=True),
            "Link": f'<{capture.original}>; rel="original", <{archive.base}/web/timemap/link/{capture.original}>; rel="timemap"; type="application/link-format"',
            "X-Archive-Orig-Content-Type": capture.content_type,
            "X-Archive-Orig-Server": "Apache/1.3.22 (Unix)",
            "X-Archive-Orig-Date": format_datetime(capture.moment, usegmt=True),
            "Cache-Control": "max-age=1800",
        }
        if capture.status in (301, 302):
            location = capture.location or "/"
            headers["Location"] = f"/web/{capture.timestamp}{modifier}/{urljoin(capture.original, location)}" if modifier != "id_" else urljoin(capture.original, location)
            return capture.status, b"", {**headers, "Content-Type": "text/html"}
        if modifier == "id_":
            return capture.status, capture.body, {**headers, "Content-Type": capture.served_type or capture.content_type}
        body = render_toolbar_mode(capture, archive.base, modifier)
        charset = re.search(r"charset=([\w-]+)", capture.content_type)
        return capture.status, body, {**headers, "Content-Type": f"text/html; charset={charset[1] if charset else 'utf-8'}"}

    def _page(self, page: Page) -> tuple[int, bytes, dict[str, str]]:
        headers = {"Content-Type": "text/html; charset=utf-8", **page.headers}
        body = page.body
        if page.coding in ("gzip", "gzip-twice"):
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip, gzip" if page.coding == "gzip-twice" else "gzip"
        elif page.coding == "br":
            import brotli

            body = brotli.compress(body)
            headers["Content-Encoding"] = "br"
        if not page.send_length:
            headers["X-No-Length"] = "1"
        return page.status, body, headers

    # --- writing -------------------------------------------------------------------------------

    def _send(self, status: int, body: bytes, content_type: str, headers: dict[str, str]) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        no_length = headers.pop("X-No-Length", None)
        for name, value in headers.items():
            self.send_header(name, value)
        if not no_length:
            self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:
            pass

    def _truncated(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        self.send_header("Content-Type", headers.pop("Content-Type", "text/html"))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[: len(body) // 3])
        self.wfile.flush()
        self.connection.shutdown(socket.SHUT_WR)  # a clean end of stream, short of Content-Length
        self.close_connection = True

    def _reset(self) -> None:
        """Close with RST: what a client sees as "connection reset by peer"."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def finish(self) -> None:
        try:
            super().finish()
        except (OSError, ValueError):
            pass


def _passes(record: dict[str, str], spec: str | None) -> bool:
    """The CDX ``filter=[!]field:regex`` test."""
    if not spec:
        return True
    negate = spec.startswith("!")
    name, _, pattern = spec.lstrip("!").partition(":")
    matched = re.fullmatch(pattern, record.get(name, "")) is not None
    return matched != negate


# --- view mode ---------------------------------------------------------------------------------

_ATTRIBUTE = re.compile(r"""(?P<name>\b(?:href|src|action|background))\s*=\s*(?P<q>["']?)(?P<value>[^"'\s>]*)(?P=q)""", re.IGNORECASE)


def render_toolbar_mode(capture: Capture, base: str, modifier: str) -> bytes:
    """The capture as the archive replays it for people: toolbar, scripts, comments, and
    every link rewritten, in rotating forms (root-relative, absolute on web.archive.org,
    absolute on this server, squashed ``http:/``, and now and then left alone, as the real
    rewriter does with some relative links)."""
    # Latin-1 maps bytes to code points one to one, so the original bytes survive untouched.
    text = capture.body.decode("latin-1")
    counter = iter(range(10**6))

    def rewrite(match: re.Match[str]) -> str:
        value, name = match["value"], match["name"].lower()
        if not value or value.startswith("#") or value.lower().startswith("javascript:"):
            return match[0]
        form = next(counter) % 5
        if value.lower().startswith("mailto:"):
            return f'{match["name"]}="{REAL_ARCHIVE}/web/{capture.timestamp}/{value}"'
        if form == 4 and "://" not in value:
            return match[0]
        absolute = urljoin(capture.original, value)
        mod = "im_" if name == "src" and not value.endswith(".js") else ""
        prefix = {0: "", 1: REAL_ARCHIVE, 2: base, 3: "", 4: ""}[form]
        if form == 3:
            absolute = absolute.replace("://", ":/", 1)
        return f'{match["name"]}="{prefix}/web/{capture.timestamp}{mod}/{absolute}"'

    text = _ATTRIBUTE.sub(rewrite, text)
    text = _insert_after(text, r"<head[^>]*>", _head_insert(capture, base))
    text = _insert_after(text, r"<body[^>]*>", _toolbar(capture, base))
    closing = _closing_comments(capture)
    end = re.search(r"</html\s*>", text, re.IGNORECASE)
    text = text[: end.end()] + closing + text[end.end():] if end else text + closing
    return text.encode("latin-1")


def _insert_after(text: str, pattern: str, insert: str) -> str:
    match = re.search(pattern, text, re.IGNORECASE)
    if not match:
        return insert + text
    return text[: match.end()] + insert + text[match.end():]


def _head_insert(capture: Capture, base: str) -> str:
    original_with_port = re.sub(r"^(http://[^/:]+)/", r"\1:80/", capture.original)
    return f"""<script src="//archive.org/includes/analytics.js?v=cf34f82" type="text/javascript"></script>
<script type="text/javascript">window.addEventListener('DOMContentLoaded',function(){{var v=archive_analytics.values;v.service='wb';archive_analytics.send_pageview({{}});}});</script>
<script type="text/javascript" src="/_static/js/bundle-playback.js?v=UfTkgsKx" charset="utf-8"></script>
<script type="text/javascript" src="/_static/js/wombat.js?v=UHAOicsW" charset="utf-8"></script>
<script type="text/javascript">
  __wm.init("{base}/web");
  __wm.wombat("{original_with_port}","{capture.timestamp}","{base}/","web","/_static/",
              "{int(capture.moment.timestamp())}");
</script>
<link rel="stylesheet" type="text/css" href="/_static/css/banner-styles.css?v=omkqRugM" />
<link rel="stylesheet" type="text/css" href="/_static/css/iconochive.css?v=qtvMKcIJ" />
<!-- End Wayback Rewrite JS Include -->
"""


def _toolbar(capture: Capture, base: str) -> str:
    when = capture.moment.strftime("%H:%M:%S %b %d, %Y")
    return f"""<!-- BEGIN WAYBACK TOOLBAR INSERT -->
<style type="text/css">
body {{ margin-top:0 !important; padding-top:0 !important; }}
</style>
<script>__wm.rw(0);</script>
<div id="wm-ipp-base" lang="en" style="display:none;direction:ltr;">
<div id="wm-ipp" style="position:fixed;left:0;top:0;right:0;">
<div id="wm-ipp-inside">
  <div id="wm-logo"><a href="/web/" title="Wayback Machine home page"><img src="/_static/images/toolbar/wayback-toolbar-logo-200.png" alt="Wayback Machine" /></a></div>
  <table class="c"><tbody><tr><td class="u" colspan="2">
    <form target="_top" method="get" action="/web/submit" name="wmtb" id="wmtb"><input type="text" name="url" id="wmtbURL" value="{capture.original}" /><input type="hidden" name="type" value="replay" /><input type="hidden" name="date" value="{capture.timestamp}" /><input type="submit" value="Go" /></form>
  </td><td class="n" rowspan="2"><table><tbody><tr class="m"><td class="b">FEB</td><td class="c" id="displayMonthEl" title="You are here: {when}">MAR</td><td class="f">APR</td></tr>
  <tr class="y"><td class="b"><a href="{REAL_ARCHIVE}/web/20020301000000/{capture.original}" title="01 Mar 2002"><img src="/_static/images/toolbar/wm_tb_prv_on.png" alt="Previous capture" /></a></td><td class="c">14</td><td class="f"><a href="{base}/web/20020620000000/{capture.original}" title="20 Jun 2002"><img src="/_static/images/toolbar/wm_tb_nxt_on.png" alt="Next capture" /></a></td></tr></tbody></table></td></tr>
  <tr><td class="s"><div id="wm-nav-captures"><a class="t" href="/web/{capture.timestamp}*/{capture.original}" title="See a list of every capture for this URL">14 captures</a><div class="r">01 Mar 2002 - 10 Jun 2005</div></div></td></tr></tbody></table>
  <div id="wm-capinfo" style="display:none"><div class="wm-capinfo-content">About this capture: COLLECTED BY Organization: Alexa Crawls. Starting in 1996, Alexa Internet has been donating their crawl data to the Internet Archive.</div></div>
</div></div></div>
<div id="wm-ipp-print">The Wayback Machine - {base}/web/{capture.timestamp}/{capture.original}</div>
<script type="text/javascript">__wm.bt(650,27,25,2,"web","{capture.original}","{capture.timestamp}",1996,"/_static/",["/_static/css/banner-styles.css"]);</script>
<!-- END WAYBACK TOOLBAR INSERT -->
"""


def _closing_comments(capture: Capture) -> str:
    when = capture.moment.strftime("%H:%M:%S %b %d, %Y")
    return f"""<!--
     FILE ARCHIVED ON {when} AND RETRIEVED FROM THE
     INTERNET ARCHIVE ON 17:06:15 Nov 12, 2021.
     JAVASCRIPT APPENDED BY WAYBACK MACHINE, COPYRIGHT INTERNET ARCHIVE.

     ALL OTHER CONTENT MAY ALSO BE PROTECTED BY COPYRIGHT (17 U.S.C.
     SECTION 108(a)(3)).
-->
<!--
playback timings (ms):
  captures_list: 553.547
  exclusion.robots: 0.333
  load_resource: 118.938
-->"""


@contextmanager
def running() -> Iterator[ArchiveServer]:
    """``with running() as archive:`` starts a server and stops it afterwards."""
    with ArchiveServer() as server:
        yield server


# --- sample pages ------------------------------------------------------------------------------

STORY_URL = "http://news.example.co.uk/1/hi/world/2002/1234567.stm"


def story_page(headline: str = "Flood waters rise in northern towns", *, day: str = "14 March, 2002, 08:26 GMT") -> bytes:
    """A small news story in the markup of 2002 (tables, bare ``<P>``, relative links, an
    ISO-8859-1 label on windows-1252 bytes with curly quotes and a pound sign), written for
    these tests."""
    html = f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0 Transitional//EN">
<HTML>
<HEAD>
<META http-equiv="Content-Type" content="text/html; charset=iso-8859-1">
<TITLE>Example News | World | {headline}</TITLE>
<META NAME="Headline" CONTENT="{headline}">
<META NAME="OriginalPublicationDate" CONTENT="2002/03/14 08:26:00">
<LINK REL="stylesheet" HREF="/css/news.css">
</HEAD>
<BODY BGCOLOR="#FFFFFF" BACKGROUND="/furniture/bg.gif">
<TABLE WIDTH="770" BORDER="0"><TR>
<TD WIDTH="120" VALIGN="top" CLASS="nav">
<A HREF="/1/hi/default.stm">Front Page</A><BR>
<A HREF="/1/hi/world/default.stm">World</A><BR>
<A HREF="../business/default.stm">Business</A><BR>
</TD>
<TD WIDTH="416" VALIGN="top">
<DIV CLASS="date">Thursday, {day}</DIV>
<DIV CLASS="headlinestory"><B>{headline}</B></DIV>
<IMG SRC="/media/images/flood_300.jpg" WIDTH="300" HEIGHT="180" ALT="Flooded street">
<DIV CLASS="caption">Residents waded through the water</DIV>
<DIV CLASS="bodytext">
<B>Rivers across the north burst their banks overnight, forcing hundreds of families from their homes and closing the main road south.</B>
<P>Emergency crews worked through the night to shore up defences along the river, and officials said the \u201cworst is not over yet\u201d as more rain was forecast for the weekend.
<P>The county council said repairs would cost at least \u00a32m \u2013 a figure it described as a first estimate \u2013 and asked the government for help.
<P>\u201cWe have never seen the water this high,\u201d said one resident, who has lived beside the river for forty years.
<P>Forecasters expect the levels to fall slowly from Saturday, but warned that the ground was already saturated after weeks of rain.
</DIV>
</TD>
<TD WIDTH="200" VALIGN="top">
<B>See also:</B><BR>
<A HREF="/1/hi/world/2002/1200000.stm">Storms batter the coast</A><BR>
<A HREF="http://news.example.co.uk/1/hi/uk/1100000.stm">Flood warnings issued</A><BR>
<B>Internet links:</B><BR>
<A HREF="http://www.environment-agency.example.gov.uk/floods/">Environment Agency</A><BR>
<A HREF="mailto:news@example.co.uk">E-mail this story to a friend</A>
</TD>
</TR></TABLE>
</BODY>
</HTML>
"""
    return html.replace("\n", "\r\n").encode("cp1252")
