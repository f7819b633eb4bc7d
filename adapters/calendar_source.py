"""Reading meetings' published calendars (``.ics``): local files, ``file://`` and http(s) URLs.

Implements :class:`bot.ports.CalendarSource`. A calendar at a URL is kept for 15 minutes (the
planner asks every minute) in the instance, and its last good copy is used while the URL fails.
"""

from __future__ import annotations

import asyncio
import logging
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse

log = logging.getLogger(__name__)

TTL_SECONDS = 900.0
MAX_BYTES = 2 * 1024 * 1024
TIMEOUT_SECONDS = 10.0


class IcsCalendars:
    """Calendars read from files and fetched from URLs, each URL's copy kept for a while."""

    def __init__(
        self,
        *,
        ttl_seconds: float = TTL_SECONDS,
        max_bytes: int = MAX_BYTES,
        timeout_seconds: float = TIMEOUT_SECONDS,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl_seconds = ttl_seconds
        self.max_bytes = max_bytes
        self.timeout_seconds = timeout_seconds
        self._monotonic = monotonic
        self._cache: dict[str, tuple[float, str]] = {}

    async def read(self, source: str) -> str:
        """The calendar text at ``source``, or an empty string when it cannot be read (logged, never raised)."""
        return await asyncio.to_thread(self.read_now, source)

    def read_now(self, source: str) -> str:
        """:meth:`read`, blocking (run in a worker thread)."""
        parsed = urlparse(source)
        if parsed.scheme in {"http", "https"}:
            return self._fetch(source)
        path = Path(parsed.path if parsed.scheme == "file" else source)
        try:
            return path.read_text(encoding="utf-8")
        except OSError:
            log.warning("cannot read an ics source", extra={"path": str(path)})
            return ""

    def _fetch(self, url: str) -> str:
        cached = self._cache.get(url)
        if cached is not None and self._monotonic() - cached[0] < self.ttl_seconds:
            return cached[1]
        request = urllib.request.Request(url, headers={"Accept": "text/calendar"})  # noqa: S310 - http(s) only
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_seconds) as response:  # noqa: S310
                body: bytes = response.read(self.max_bytes + 1)
        except (OSError, ValueError):
            log.warning("cannot fetch an ics url; keeping the last copy", extra={"event_type": "ics"})
            return cached[1] if cached else ""
        if len(body) > self.max_bytes:
            log.warning("an ics url is larger than 2 MiB; ignored", extra={"event_type": "ics"})
            return cached[1] if cached else ""
        text = body.decode("utf-8", errors="replace")
        self._cache[url] = (self._monotonic(), text)
        return text
