"""Stage 3: undo what a web archive did to a page it replays.

PLACEHOLDER until the Wayback work lands: detects nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from lxml.html import HtmlElement


@dataclass(frozen=True, slots=True)
class CaptureInfo:
    """What the page itself says about the capture it is (toolbar-mode replays say a lot)."""

    original_url: str | None
    capture_url: str | None
    timestamp: datetime | None


def undo_archive(root: HtmlElement, url: str | None) -> CaptureInfo | None:
    """Strip an archive's toolbar and un-rewrite links in place; describe the capture, if any."""
    return None
