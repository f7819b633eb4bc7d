"""Loopback fakes for the Teams adapter: a Bot Connector, an identity provider, and fake time.

* :class:`FakeConnector` is an aiohttp server on 127.0.0.1 used as the activities' ``serviceUrl``.
  It records every activity the bot posts or updates and enforces Teams' per-conversation limits
  (7 operations a second, 8 in 2 s, 60 in 30 s) on its own clock, answering 429 when exceeded.
  Statuses can be scripted per conversation, and a conversation can drop the connection after
  the request was received.
* :class:`FakeIdentityProvider` serves OpenID metadata and a JWKS for RS256 keys generated in the
  test, and issues tokens.
* :class:`FakeTime` is a monotonic clock whose ``sleep`` only moves time forward.
"""

from __future__ import annotations

import asyncio
import base64
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import jwt
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import rsa

from adapters.teams.limits import PER_CONVERSATION
from adapters.teams.translate import base_conversation_id


class FakeTime:
    """Monotonic time that moves only when something sleeps."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        """The fake monotonic clock."""
        return self.now

    async def sleep(self, seconds: float) -> None:
        """Advance time instead of waiting."""
        self.sleeps.append(seconds)
        self.now += max(seconds, 0.0)
        await asyncio.sleep(0)


@dataclass
class Recorded:
    """One call the bot made to the connector."""

    method: str
    conversation_id: str
    activity_id: str
    body: dict[str, Any]
    authorization: str

    @property
    def card(self) -> dict[str, Any]:
        """The Adaptive Card the activity carries."""
        return dict(self.body["attachments"][0]["content"])

    def texts(self) -> str:
        """All visible text of the card, joined (for assertions)."""
        found: list[str] = []

        def walk(node: object) -> None:
            if isinstance(node, dict):
                if node.get("type") in {"TextRun", "TextBlock"}:
                    found.append(str(node.get("text", "")))
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for item in node:
                    walk(item)

        walk(self.card.get("body", []))
        return " ".join(found)


@dataclass
class FakeConnector:
    """A Bot Connector on loopback that records activities and throttles like Teams."""

    now: Callable[[], float] = time.monotonic
    windows: tuple[tuple[int, float], ...] = PER_CONVERSATION
    calls: list[Recorded] = field(default_factory=list)
    attempts: int = 0
    throttled: int = 0
    scripted: dict[str, deque[int]] = field(default_factory=lambda: defaultdict(deque))
    drop: set[str] = field(default_factory=set)
    retry_after: str | None = None
    _stamps: dict[str, deque[float]] = field(default_factory=lambda: defaultdict(deque))
    _runner: web.AppRunner | None = None
    url: str = ""

    def script(self, conversation_id: str, *statuses: int) -> None:
        """Answer the next requests for a conversation with these statuses, in order."""
        self.scripted[conversation_id].extend(statuses)

    def to(self, conversation_id: str) -> list[Recorded]:
        """The calls made to one conversation (thread suffix included, as sent)."""
        return [c for c in self.calls if c.conversation_id == conversation_id]

    def _over_limit(self, key: str) -> bool:
        now = self.now()
        stamps = self._stamps[key]
        for count, seconds in self.windows:
            if len([t for t in stamps if now - t < seconds]) >= count:
                return True
        stamps.append(now)
        return False

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        self.attempts += 1
        conversation_id = request.match_info["conversation_id"]
        activity_id = request.match_info.get("activity_id", "")
        body = await request.json() if request.can_read_body else {}
        queue = self.scripted.get(conversation_id)
        if queue:
            status = queue.popleft()
            if status == 429:
                self.throttled += 1
            headers = {"Retry-After": self.retry_after} if self.retry_after else None
            error = {"error": {"code": f"Scripted{status}", "message": "x"}}
            return web.json_response(error, status=status, headers=headers)
        if self._over_limit(base_conversation_id(conversation_id)):
            self.throttled += 1
            return web.json_response({"error": {"code": "Throttled"}}, status=429, headers={"Retry-After": "2"})
        record = Recorded(request.method, conversation_id, activity_id, body, request.headers.get("Authorization", ""))
        self.calls.append(record)
        if conversation_id in self.drop:
            assert request.transport is not None
            request.transport.close()
            return web.Response(status=201)
        return web.json_response({"id": activity_id or f"msg-{len(self.calls)}"}, status=201)

    async def start(self) -> str:
        """Listen on 127.0.0.1 (a free port); returns the service URL."""
        app = web.Application()
        app.router.add_post("/v3/conversations/{conversation_id}/activities", self._handle)
        app.router.add_post("/v3/conversations/{conversation_id}/activities/{activity_id}", self._handle)
        app.router.add_put("/v3/conversations/{conversation_id}/activities/{activity_id}", self._handle)
        app.router.add_delete("/v3/conversations/{conversation_id}/activities/{activity_id}", self._handle)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}/"
        return self.url

    async def stop(self) -> None:
        """Stop listening."""
        if self._runner is not None:
            await self._runner.cleanup()


def _b64(number: int) -> str:
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@dataclass
class SigningKey:
    """An RS256 key pair and its JWK (with Bot Framework-style channel endorsements)."""

    kid: str
    private: rsa.RSAPrivateKey
    endorsements: tuple[str, ...] = ("msteams",)

    @classmethod
    def generate(cls, kid: str, endorsements: tuple[str, ...] = ("msteams",)) -> SigningKey:
        """A fresh 2048-bit key."""
        return cls(kid, rsa.generate_private_key(public_exponent=65537, key_size=2048), endorsements)

    def jwk(self) -> dict[str, Any]:
        """The public key as a JWK."""
        numbers = self.private.public_key().public_numbers()
        return {
            "kty": "RSA",
            "use": "sig",
            "kid": self.kid,
            "n": _b64(numbers.n),
            "e": _b64(numbers.e),
            "endorsements": list(self.endorsements),
        }


@dataclass
class FakeIdentityProvider:
    """OpenID metadata + JWKS on loopback, and a token issuer."""

    keys: list[SigningKey] = field(default_factory=list)
    fetches: int = 0
    _runner: web.AppRunner | None = None
    url: str = ""

    @property
    def metadata_url(self) -> str:
        """The OpenID metadata document's URL."""
        return f"{self.url}/v1/.well-known/openidconfiguration"

    async def _metadata(self, _request: web.Request) -> web.Response:
        self.fetches += 1
        return web.json_response({"issuer": "https://api.botframework.com", "jwks_uri": f"{self.url}/v1/keys"})

    async def _jwks(self, _request: web.Request) -> web.Response:
        return web.json_response({"keys": [key.jwk() for key in self.keys]})

    async def start(self) -> str:
        """Listen on 127.0.0.1; returns the base URL."""
        app = web.Application()
        app.router.add_get("/v1/.well-known/openidconfiguration", self._metadata)
        app.router.add_get("/v1/keys", self._jwks)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"
        return self.url

    async def stop(self) -> None:
        """Stop listening."""
        if self._runner is not None:
            await self._runner.cleanup()

    @staticmethod
    def token(claims: dict[str, Any], key: SigningKey, *, kid: str | None = "", alg: str = "RS256") -> str:
        """A signed token; ``kid=None`` leaves the key id out, '' uses the key's own."""
        headers = {} if kid is None else {"kid": kid or key.kid}
        return jwt.encode(claims, key.private, algorithm=alg, headers=headers)
