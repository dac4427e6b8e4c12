"""Shared fixtures. The archive server is started per test so hit counts belong to one test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

import pytest
from support.archive_server import ArchiveServer

from articlescrape.fetch import FetchConfig


@pytest.fixture
def archive() -> Iterator[ArchiveServer]:
    """A Wayback Machine look-alike (and live site) on 127.0.0.1, on a free port."""
    with ArchiveServer() as server:
        yield server


@pytest.fixture
def fast_config(archive: ArchiveServer) -> Callable[..., FetchConfig]:
    """A FetchConfig pointed at the test archive, with pauses and backoffs in milliseconds
    so retry behaviour is observable without slowing the suite."""

    def make(**overrides: Any) -> FetchConfig:
        base = FetchConfig.from_env(
            {"ARTICLESCRAPE_WAYBACK_BASE": archive.base},
            connect_timeout=2.0,
            read_timeout=2.0,
            retries=2,
            backoff_base=0.02,
            backoff_max=0.1,
            rate_limit_pause=0.2,
            rate_limit_pause_max=1.0,
            min_interval=0.0,
            capture_interval=0.0,
            cdx_interval=0.0,
            availability_interval=0.0,
            contact="tests@example.org",
        )
        return replace(base, **overrides)

    return make
