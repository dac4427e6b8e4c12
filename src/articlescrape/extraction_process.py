"""What runs inside a batch's extraction processes (``extract_processes`` > 0).

Kept apart from :mod:`articlescrape.batch` so that a spawned process imports only the
extraction pipeline: the fetcher's HTTP stack (requests, urllib3, requests-cache) and the
store are never loaded there, and each process starts in about a third of the time, which a
short run of CPU-heavy pages notices.
"""

from __future__ import annotations

import os
import signal
import threading
import time

from . import pipeline
from .config import ExtractConfig
from .model import Article, Source


def extract(data: bytes, url: str | None, config: ExtractConfig, source: Source, http_charset: str | None) -> tuple[Article | None, str | None, str | None]:
    """Extract one page. Errors travel back as (type name, message) rather than as
    exceptions, because not every exception survives pickling."""
    try:
        return pipeline.extract(data, url, config=config, source=source, http_charset=http_charset), None, None
    except Exception as error:  # noqa: BLE001 - every failure becomes a failed row
        return None, type(error).__name__, str(error) or repr(error)


def initialise(parent: int) -> None:
    """Set up an extraction process: Ctrl-C is left to the parent, which stops the run cleanly,
    and the process exits when the parent is gone. A SIGKILLed parent cannot shut its pool
    down, and the workers, which hold both ends of their task queue, would wait forever."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=exit_with_parent, args=(parent,), name="articlescrape-orphan-watch", daemon=True).start()


def exit_with_parent(parent: int, every: float = 1.0) -> None:
    while os.getppid() == parent:
        time.sleep(every)
    os._exit(1)
