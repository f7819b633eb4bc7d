"""Outbound Bot Connector REST calls: one client for replies and proactive sends.

``POST {serviceUrl}/v3/conversations/{id}/activities`` creates a message and
``PUT {serviceUrl}/v3/conversations/{id}/activities/{activityId}`` replaces one. Every call

* goes only to a service URL the :class:`ServiceUrlPolicy` allows (the bot's token never leaves for
  another host),
* carries a Bot Framework token from the SDK's MSAL connection manager (none in anonymous mode),
* waits for the per-conversation and per-tenant rate limits (:mod:`adapters.teams.limits`),
* retries 429/412/502/504 up to three times with exponential backoff and jitter (2–20 s, honouring
  ``Retry-After``), and
* reports a :class:`bot.ports.SendResult`: 403/404 are ``unreachable`` (never retried), a connection
  dropped after the request left is ``unknown`` (never blindly re-sent).
"""

from __future__ import annotations

import ipaddress
import json
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import quote, urlsplit

import aiohttp

from adapters.teams.limits import PER_CONVERSATION, CallLimiter, Monotonic, Sleep, WindowLimiter, tenant_limiter
from adapters.teams.translate import base_conversation_id
from bot.ports import SendResult

log = logging.getLogger(__name__)

BOT_FRAMEWORK_RESOURCE = "https://api.botframework.com"
BOT_FRAMEWORK_SCOPES = ["https://api.botframework.com/.default"]
RETRY_STATUSES = frozenset({412, 429, 502, 504})
MAX_RETRIES = 3
MIN_BACKOFF, MAX_BACKOFF = 2.0, 20.0
TIMEOUT = aiohttp.ClientTimeout(total=30, connect=10)

TokenSource = Callable[[], Awaitable[str]]
"""Returns a bearer token for the Bot Connector ('' for none)."""


async def no_token() -> str:
    """The token source of anonymous (loopback test) mode: no Authorization header at all."""
    return ""


class ServiceUrlPolicy(Protocol):
    """Decides which service URLs the bot may call (and may send its token to)."""

    def allows(self, service_url: str) -> bool:
        """True when ``service_url`` may be called."""
        ...


class LoopbackOnly:
    """Anonymous mode: only connectors on this machine (the Agents Playground, test fakes)."""

    def allows(self, service_url: str) -> bool:
        """True for http(s) URLs on 127.0.0.0/8, ::1 or localhost."""
        parts = urlsplit(service_url)
        host = (parts.hostname or "").lower()
        if parts.scheme not in ("http", "https") or not host:
            return False
        if host == "localhost":
            return True
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:
            return False


class MicrosoftHosts:
    """Production: https service URLs on Microsoft's Bot Connector hosts only (the SDK's list)."""

    def __init__(self) -> None:
        from microsoft_agents.hosting.core import OutboundHostValidator  # noqa: PLC0415  # heavy import

        self._validator = OutboundHostValidator(enabled=True)

    def allows(self, service_url: str) -> bool:
        """True for https URLs on the SDK's default Microsoft hosts."""
        return bool(self._validator.is_allowed(service_url))


def token_source_from(connections: Any) -> TokenSource:
    """A token source over the SDK's connection manager (``MsalConnectionManager``)."""

    async def token() -> str:
        provider = connections.get_default_connection()
        value = await provider.get_access_token(BOT_FRAMEWORK_RESOURCE, BOT_FRAMEWORK_SCOPES)
        return str(value or "")

    return token


def _error_code(body: bytes) -> str:
    """The connector's error code (``MessageWritesBlocked``…); never the message text."""
    try:
        parsed = json.loads(body)
    except ValueError:
        return ""
    error = parsed.get("error") if isinstance(parsed, dict) else None
    code = error.get("code") if isinstance(error, dict) else None
    return code[:80] if isinstance(code, str) else ""


def _retry_after(headers: Any) -> float | None:
    try:
        value: float = float(headers.get("Retry-After", ""))
    except (TypeError, ValueError):
        return None
    return value if value >= 0 else None


@dataclass(frozen=True)
class _Call:
    method: str
    url: str
    body: dict[str, Any]
    limit_key: str
    tenant_key: str
    urgent: bool = False
    """A reply to a person's own action: it waits for Teams' limits before background sends do."""


class BotConnector:
    """The bot's one outbound client for the Teams Bot Connector."""

    def __init__(
        self,
        *,
        token: TokenSource,
        policy: ServiceUrlPolicy,
        monotonic: Monotonic,
        sleep: Sleep,
        rng: random.Random | None = None,
        session: aiohttp.ClientSession | None = None,
        tenants: CallLimiter | None = None,
    ) -> None:
        self.token = token
        self.policy = policy
        self.sleep = sleep
        self.rng = rng or random.Random()  # noqa: S311  # jitter, not security
        self.conversations = WindowLimiter(PER_CONVERSATION, monotonic=monotonic, sleep=sleep)
        self.tenants = tenants or tenant_limiter(None, monotonic=monotonic, sleep=sleep)
        self._session = session
        self._owns_session = session is None
        self.stats = {"sent": 0, "throttled": 0, "retries": 0}

    async def close(self) -> None:
        """Close the HTTP session this client opened."""
        if self._session is not None and self._owns_session:
            await self._session.close()
        self._session = None

    def _http(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=TIMEOUT)
            self._owns_session = True
        return self._session

    @staticmethod
    def activities_url(service_url: str, conversation_id: str, activity_id: str = "") -> str:
        """``{serviceUrl}/v3/conversations/{id}/activities[/{activityId}]`` with ids escaped."""
        url = f"{service_url.rstrip('/')}/v3/conversations/{quote(conversation_id, safe='')}/activities"
        return f"{url}/{quote(activity_id, safe='')}" if activity_id else url

    async def send(
        self,
        service_url: str,
        conversation_id: str,
        activity: dict[str, Any],
        *,
        tenant_id: str = "",
        urgent: bool = False,
    ) -> SendResult:
        """Create a message in a conversation (a channel, a thread or a chat); ``urgent`` for a reply to
        a person's own action, which goes before background sends waiting for the same limits."""
        url = self.activities_url(service_url, conversation_id)
        call = _Call("POST", url, activity, base_conversation_id(conversation_id), tenant_id, urgent)
        return await self._call(call, service_url)

    async def update(
        self,
        service_url: str,
        conversation_id: str,
        activity_id: str,
        activity: dict[str, Any],
        *,
        tenant_id: str = "",
        urgent: bool = False,
    ) -> SendResult:
        """Replace a message the bot sent earlier (a card updated in place)."""
        url = self.activities_url(service_url, conversation_id, activity_id)
        body = {**activity, "id": activity_id}
        call = _Call("PUT", url, body, base_conversation_id(conversation_id), tenant_id, urgent)
        return await self._call(call, service_url)

    async def delete(
        self, service_url: str, conversation_id: str, activity_id: str, *, tenant_id: str = ""
    ) -> SendResult:
        """Delete a message the bot sent earlier (erasure)."""
        url = self.activities_url(service_url, conversation_id, activity_id)
        return await self._call(_Call("DELETE", url, {}, base_conversation_id(conversation_id), tenant_id), service_url)

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return max(MIN_BACKOFF, retry_after)
        base = MIN_BACKOFF * float(2**attempt)
        return min(MAX_BACKOFF, max(MIN_BACKOFF, base * (0.5 + self.rng.random())))

    async def _call(self, call: _Call, service_url: str) -> SendResult:
        if not self.policy.allows(service_url):
            log.warning("teams service url refused", extra={"platform": "teams"})
            return SendResult("failed", error="service URL not allowed")
        for attempt in range(MAX_RETRIES + 1):
            async with self.conversations.slot(call.limit_key, urgent=call.urgent):
                await self.tenants.acquire(call.tenant_key or "-", urgent=call.urgent)
                status, result, retry_after = await self._once(call)
            if result is not None:
                return result
            self.stats["throttled"] += 1
            delay = self._backoff(attempt, retry_after)
            if attempt == MAX_RETRIES or delay > MAX_BACKOFF:
                return SendResult("retry", retry_after=delay, error=f"HTTP {status} after {attempt} retries")
            self.stats["retries"] += 1
            await self.sleep(delay)
        return SendResult("retry", error="unreachable code")  # pragma: no cover

    async def _once(self, call: _Call) -> tuple[int, SendResult | None, float | None]:
        """One attempt: (status, final result or None to retry, Retry-After)."""
        headers = {"Content-Type": "application/json; charset=utf-8"}
        token = await self.token()
        if token:
            headers["Authorization"] = f"Bearer {token}"
        data = json.dumps(call.body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        try:
            async with self._http().request(call.method, call.url, data=data, headers=headers) as response:
                body = await response.read()
                status = response.status
                retry_after = _retry_after(response.headers)
        except aiohttp.ClientConnectorError:
            return 0, SendResult("retry", retry_after=30, error="cannot connect to the Bot Connector"), None
        except (aiohttp.ClientError, TimeoutError):
            return 0, SendResult("unknown", error="connection lost after the request was sent"), None
        return status, self._result(status, body), retry_after

    def _result(self, status: int, body: bytes) -> SendResult | None:
        if 200 <= status < 300:
            self.stats["sent"] += 1
            parsed: Any = None
            try:
                parsed = json.loads(body) if body else None
            except ValueError:
                parsed = None
            message_id = parsed.get("id", "") if isinstance(parsed, dict) else ""
            return SendResult("sent", message_id=str(message_id or ""))
        if status in RETRY_STATUSES:
            return None
        code = _error_code(body)
        error = f"HTTP {status}" + (f" {code}" if code else "")
        if status in (403, 404):
            return SendResult("unreachable", error=error)
        if status == 503:
            return SendResult("retry", retry_after=60, error=error)
        if status >= 500:
            return SendResult("unknown", error=error)
        return SendResult("failed", error=error)
