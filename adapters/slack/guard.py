"""The gate in front of Bolt: size cap, signature, timestamp window, replays, body shape.

Everything here runs before any Slack payload is parsed or handed to a listener (reliability A1–A4,
I3). A request that fails a check is answered with a fixed status and a fixed reason; its
content is never logged.

Replays are refused for as long as the timestamp is inside the window: by this process from memory,
and, when replicas share a PostgreSQL database (:class:`bot.ports.SharedState`), by every process:
the SHA-256 of the signature and timestamp is inserted there, and a digest already present is a
replay, whichever replica saw it first.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import re
import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web
from slack_sdk.signature import Clock, SignatureVerifier

from bot.ports import SharedState
from bot.store.errors import StoreError

MAX_BODY = 1024 * 1024
WINDOW = 300
MAX_SEEN = 200_000
_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")


class Rejected(Exception):
    """A request refused before it reaches Bolt: ``status`` and a short, content-free reason."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class _InjectedClock(Clock):
    def __init__(self, now: Callable[[], float]) -> None:
        self._now = now

    def now(self) -> float:
        return self._now()


async def read_body(request: web.Request, limit: int = MAX_BODY) -> bytes:
    """The request body, refusing more than ``limit`` bytes before buffering it all.

    Args:
        request: The incoming request.
        limit: The largest body accepted.

    Returns:
        The body bytes.

    Raises:
        Rejected: 413 when the body (declared or streamed) is larger than ``limit``.
    """
    if request.content_length is not None and request.content_length > limit:
        raise Rejected(413, "body too large")
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = await request.content.readany()
        if not chunk:
            break
        size += len(chunk)
        if size > limit:
            raise Rejected(413, "body too large")
        chunks.append(chunk)
    return b"".join(chunks)


class RequestGuard:
    """Verifies Slack's signature with an injectable clock and refuses replays for 5 minutes.

    ``shared`` (replicas on PostgreSQL) makes the replay check span every process; without it the
    check is this process's memory (one process, SQLite).
    """

    def __init__(
        self,
        signing_secret: str,
        now: Callable[[], float] = time.time,
        max_seen: int = MAX_SEEN,
        shared: SharedState | None = None,
    ) -> None:
        self._now = now
        self._verifier = SignatureVerifier(signing_secret, clock=_InjectedClock(now))
        self._seen: dict[str, float] = {}
        self._expiry: list[tuple[float, str]] = []
        self._max_seen = max_seen
        self.shared = shared
        self.rejected = 0

    async def verify(self, headers: Mapping[str, str], body: bytes) -> str:
        """Check one request; returns its body as text when it is authentic and new.

        Args:
            headers: The request headers (case-insensitive mapping).
            body: The raw body.

        Returns:
            The body decoded as UTF-8.

        Raises:
            Rejected: 401 for a missing, malformed, stale, wrong or replayed signature; 503 when the
                shared replay record cannot be reached (Slack may try again).
        """
        try:
            return await self._verify(headers, body)
        except Rejected:
            self.rejected += 1
            raise

    async def _verify(self, headers: Mapping[str, str], body: bytes) -> str:
        timestamp = headers.get("X-Slack-Request-Timestamp", "").strip()
        signature = headers.get("X-Slack-Signature", "").strip()
        if not timestamp or not signature:
            raise Rejected(401, "missing signature")
        if not _TIMESTAMP.fullmatch(timestamp) or not _SIGNATURE.fullmatch(signature):
            raise Rejected(401, "malformed signature")
        now = self._now()
        if abs(now - int(timestamp)) > WINDOW:
            raise Rejected(401, "stale timestamp")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise Rejected(401, "invalid signature") from None
        if not self._verifier.is_valid(body=text, timestamp=timestamp, signature=signature):
            raise Rejected(401, "invalid signature")
        expires_at = int(timestamp) + WINDOW + 1
        self._remember(signature, expires_at, now)  # before any await: concurrent copies stop here
        if self.shared is not None:
            await self._remember_shared(self.shared, signature, timestamp, expires_at, now)
        return text

    def _remember(self, signature: str, expires_at: float, now: float) -> None:
        """Record a signature until its timestamp leaves the window; refuse one seen before."""
        while self._expiry and self._expiry[0][0] < now:
            _, old = heapq.heappop(self._expiry)
            self._seen.pop(old, None)
        if signature in self._seen:
            raise Rejected(401, "replayed request")
        if len(self._seen) >= self._max_seen:
            raise Rejected(429, "too many requests")
        self._seen[signature] = expires_at
        heapq.heappush(self._expiry, (expires_at, signature))

    async def _remember_shared(
        self, shared: SharedState, signature: str, timestamp: str, expires_at: int, now: float
    ) -> None:
        """Record the request for every replica; refuse it when another replica recorded it first."""
        digest = hashlib.sha256(f"{timestamp}:{signature}".encode()).hexdigest()
        try:
            first = await shared.first_sighting(digest, expires_at, now)
        except StoreError:
            self._seen.pop(signature, None)  # not recorded anywhere: the same request may come again
            raise Rejected(503, "not checked, try again") from None
        if not first:
            raise Rejected(401, "replayed request")


# --- body shape (after authentication, before Bolt) ---------------------------------------------

_MAPPING_KEYS = ("event", "container", "view", "message", "state")
_ID_FIELDS = frozenset({"id", "team_id", "enterprise_id", "name"})
_STRING_KEYS = ("command", "callback_id", "trigger_id", "response_url", "action_id", "event_id")
_ID_KEYS = ("team", "user", "channel", "enterprise")


def parse_body(text: str, content_type: str) -> dict[str, Any]:
    """Parse a body exactly as Bolt will, and check the parts Bolt reads blindly.

    Args:
        text: The authenticated body.
        content_type: The request's content type.

    Returns:
        The payload as Bolt will see it.

    Raises:
        Rejected: 400 when the body is empty, not a JSON object, or has impossible shapes.
    """
    if not text.strip():
        raise Rejected(400, "empty body")
    try:
        if content_type == "application/json" or text.startswith("{"):
            body: object = json.loads(text)
        else:
            params = dict(parse_qsl(text, keep_blank_values=True))
            body = json.loads(params["payload"]) if "payload" in text and "payload" in params else params
    except (ValueError, RecursionError):
        raise Rejected(400, "malformed body") from None
    if not isinstance(body, dict) or not _well_formed(body):
        raise Rejected(400, "malformed body")
    return body


def _well_formed(body: Mapping[str, Any]) -> bool:
    """Types of the fields Bolt's context extraction and listener matchers index without checking."""
    if not isinstance(body.get("type", ""), str):
        return False
    for key in _ID_KEYS:
        value = body.get(key)
        if value is not None and not isinstance(value, str | dict):
            return False
        if isinstance(value, dict) and not all(
            isinstance(v, str | bool | None) for k, v in value.items() if k in _ID_FIELDS
        ):
            return False
    if any(key in body and not isinstance(body[key], dict) for key in _MAPPING_KEYS):
        return False
    event, view = body.get("event", {}), body.get("view", {})
    if "event" in body and not isinstance(event.get("type"), str):
        return False
    if not all(isinstance(view.get(k, ""), str) for k in ("callback_id", "type", "id")):
        return False
    actions = body.get("actions")
    if actions is not None and not (
        isinstance(actions, list)
        and actions
        and all(isinstance(a, dict) and isinstance(a.get("action_id", ""), str) for a in actions)
    ):
        return False
    authorizations = body.get("authorizations")
    if authorizations is not None and not (
        isinstance(authorizations, list) and all(isinstance(a, dict) for a in authorizations)
    ):
        return False
    return all(isinstance(body.get(k, ""), str) for k in _STRING_KEYS)
