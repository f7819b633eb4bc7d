"""A fake Slack Web API on 127.0.0.1 for tests and benchmarks.

It records every call (method and JSON/form/query parameters), answers the methods the adapter
uses, enforces Slack's ``chat.postMessage`` limit of one message per second per channel and
``users.info``'s Tier 4 (100 calls a minute) with HTTP 429 and ``Retry-After``, keeps posted
messages with their metadata for ``conversations.history``, and accepts ``response_url`` posts
under ``/response/<name>``. Faults can be scripted per method.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import math
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

TOKEN = "xoxb-0000000000-0000000000000-TestTokenNotReal0000"
BOT_USER_ID = "U0BOT00001"
TEAM_ID = "T0DEMO"
DEFAULT_LOCALE = "en-US"
TIER_4_PER_MINUTE = 100


@dataclass
class Call:
    """One request the fake received."""

    method: str
    params: dict[str, Any]
    at: float
    status: int = 200
    caller: str = ""
    """Who called, when it used its own base URL (:meth:`FakeSlack.base_url_of`)."""


@dataclass
class Fault:
    """A scripted answer: an HTTP status with headers and body, or a dropped connection."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: dict[str, Any] = field(default_factory=dict)
    drop_after_accepting: bool = False


class FakeMonotonic:
    """A monotonic clock whose ``sleep`` advances time instantly (for the per-channel limiter)."""

    def __init__(self, start: float = 1000.0) -> None:
        self.value = start
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        """The current fake time."""
        return self.value

    async def sleep(self, seconds: float) -> None:
        """Advance the fake time (and yield to the loop once)."""
        self.sleeps.append(seconds)
        self.value += max(0.0, seconds)
        await asyncio.sleep(0)


class FakeSlack:
    """The fake Web API server. ``base_url`` is what ``AsyncWebClient(base_url=…)`` needs."""

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        post_interval: float = 1.0,
        token: str = TOKEN,
        latency: float = 0.0,
        users_info_per_minute: int = TIER_4_PER_MINUTE,
    ) -> None:
        self.clock = clock
        self.post_interval = post_interval
        self.token = token
        self.latency = latency
        self.calls: list[Call] = []
        self.responses: list[Call] = []
        self.messages: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.rate_limited = 0
        self.faults: dict[str, deque[Fault]] = defaultdict(deque)
        self.locales: dict[str, str] = {}
        """``users.info``'s ``user.locale`` per user id; others get :data:`DEFAULT_LOCALE`."""
        self.users_info_per_minute = users_info_per_minute
        self._users_info_at: deque[float] = deque()
        self._last_post: dict[str, float] = {}
        self._ts = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.port = 0
        self.on_post: Callable[[Call, dict[str, Any]], None] | None = None
        """Called with each posted message as it is stored, before it is answered."""

    # --- lifecycle -------------------------------------------------------------------------

    async def start(self) -> FakeSlack:
        """Listen on a random loopback port."""
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_route("*", "/as/{caller}/api/{method}", self._api)
        app.router.add_post("/response/{name}", self._response_url)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def close(self) -> None:
        """Stop the server."""
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        """The Web API base URL."""
        return f"http://127.0.0.1:{self.port}/api/"

    def base_url_of(self, caller: str) -> str:
        """A Web API base URL for one caller: its calls are recorded with ``caller`` set."""
        return f"http://127.0.0.1:{self.port}/as/{caller}/api/"

    def response_url(self, name: str = "r1") -> str:
        """A ``response_url`` served by this fake."""
        return f"http://127.0.0.1:{self.port}/response/{name}"

    # --- inspection --------------------------------------------------------------------------

    def calls_to(self, method: str, *, ok_only: bool = True) -> list[Call]:
        """Calls of one Web API method (by default only those answered 200)."""
        return [c for c in self.calls if c.method == method and (c.status == 200 or not ok_only)]

    def fail_next(self, method: str, fault: Fault) -> None:
        """Answer the next call of ``method`` with ``fault``."""
        self.faults[method].append(fault)

    # --- handlers ----------------------------------------------------------------------------

    async def _params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if request.method == "POST" and request.can_read_body:
            if request.content_type == "application/json":
                body = await request.json()
                if isinstance(body, dict):
                    params.update(body)
            else:
                form = await request.post()
                params.update({k: v for k, v in form.items() if isinstance(v, str)})
        return params

    async def _api(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        params = await self._params(request)
        call = Call(method, params, self.clock(), caller=request.match_info.get("caller", ""))
        self.calls.append(call)
        if self.latency:
            await asyncio.sleep(self.latency)
        if request.headers.get("Authorization", "") != f"Bearer {self.token}":
            return web.json_response({"ok": False, "error": "invalid_auth"})
        if self.faults[method]:
            return await self._fault(request, call, self.faults[method].popleft())
        if method == "chat.postMessage":
            return self._post_message(call)
        if method == "users.info":
            return self._users_info(call)
        answer = self._answer(method, params)
        return web.json_response(answer)

    async def _fault(self, request: web.Request, call: Call, fault: Fault) -> web.StreamResponse:
        if fault.drop_after_accepting:
            if call.method == "chat.postMessage":
                self._store(call.params)
            assert request.transport is not None
            request.transport.abort()
            raise asyncio.CancelledError
        call.status = fault.status
        if fault.status == 429:
            self.rate_limited += 1
        body = fault.body or {"ok": fault.status == 200, "error": "scripted"}
        return web.json_response(body, status=fault.status, headers=fault.headers)

    def _post_message(self, call: Call) -> web.Response:
        channel = str(call.params.get("channel", ""))
        now = self.clock()
        last = self._last_post.get(channel)
        if last is not None and now - last < self.post_interval:
            self.rate_limited += 1
            call.status = 429
            wait = max(1, math.ceil(self.post_interval - (now - last)))
            return web.json_response(
                {"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": str(wait)}
            )
        self._last_post[channel] = now
        message = self._store(call.params)
        if self.on_post is not None:
            self.on_post(call, message)
        return web.json_response({"ok": True, "channel": channel, "ts": message["ts"], "message": message})

    def _users_info(self, call: Call) -> web.Response:
        """Tier 4: at most ``users_info_per_minute`` calls in any 60 seconds, then 429."""
        now = self.clock()
        while self._users_info_at and now - self._users_info_at[0] >= 60:
            self._users_info_at.popleft()
        if len(self._users_info_at) >= self.users_info_per_minute:
            self.rate_limited += 1
            call.status = 429
            wait = max(1, math.ceil(60 - (now - self._users_info_at[0])))
            return web.json_response(
                {"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": str(wait)}
            )
        self._users_info_at.append(now)
        user_id = str(call.params.get("user", ""))
        if not user_id:
            return web.json_response({"ok": False, "error": "user_not_found"})
        user: dict[str, Any] = {"id": user_id, "team_id": TEAM_ID, "is_bot": False}
        if str(call.params.get("include_locale", "")).lower() in {"1", "true"}:
            user["locale"] = self.locales.get(user_id, DEFAULT_LOCALE)
        return web.json_response({"ok": True, "user": user})

    def _store(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = str(params.get("channel", ""))
        message: dict[str, Any] = {
            "type": "message",
            "user": BOT_USER_ID,
            "bot_id": "B0PLBOT001",
            "ts": f"1764000000.{next(self._ts):06d}",
            "text": params.get("text", ""),
            "blocks": params.get("blocks", []),
        }
        if params.get("thread_ts"):
            message["thread_ts"] = params["thread_ts"]
        metadata = params.get("metadata")
        if isinstance(metadata, str):
            metadata = json.loads(metadata)
        if metadata:
            message["metadata"] = metadata
        self.messages[channel].append(message)
        return message

    def _answer(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        ts = f"1764000000.{next(self._ts):06d}"
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://northshire.slack.com/",
                "team": "Northshire",
                "user": "plbot",
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "bot_id": "B0PLBOT001",
            }
        if method == "conversations.open":
            user = str(params.get("users", "")).split(",")[0]
            return {"ok": True, "channel": {"id": "D" + user[1:]}}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": ts}
        if method == "chat.delete":
            channel, ts_deleted = str(params.get("channel", "")), str(params.get("ts", ""))
            kept = [m for m in self.messages.get(channel, []) if str(m.get("ts")) != ts_deleted]
            if len(kept) == len(self.messages.get(channel, [])):
                return {"ok": False, "error": "message_not_found"}
            self.messages[channel] = kept
            return {"ok": True, "channel": channel, "ts": ts_deleted}
        if method == "chat.update":
            return {"ok": True, "channel": params.get("channel"), "ts": params.get("ts"), "text": ""}
        if method in {"views.open", "views.publish", "views.update", "views.push"}:
            view = params.get("view")
            view = json.loads(view) if isinstance(view, str) else view
            return {"ok": True, "view": {"id": f"V{next(self._ts):08d}", **(view or {})}}
        if method == "conversations.history":
            return self._history(params)
        if method == "conversations.replies":
            return self._history(params, thread_ts=str(params.get("ts", "")))
        return {"ok": False, "error": "unknown_method"}

    def _history(self, params: dict[str, Any], thread_ts: str = "") -> dict[str, Any]:
        """Channel history (top-level messages, newest first) or one thread's replies."""
        channel = str(params.get("channel", ""))
        with_metadata = str(params.get("include_all_metadata", "")).lower() in {"1", "true"}
        stored = self.messages.get(channel, [])
        if thread_ts:
            chosen = [m for m in stored if m["ts"] == thread_ts or m.get("thread_ts") == thread_ts]
        else:
            chosen = list(reversed([m for m in stored if not m.get("thread_ts")]))
        messages = []
        for message in chosen:
            shown = dict(message)
            if not with_metadata:
                shown.pop("metadata", None)
            messages.append(shown)
        return {"ok": True, "messages": messages, "has_more": False, "response_metadata": {"next_cursor": ""}}

    async def _response_url(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.responses.append(Call(request.match_info["name"], body, self.clock()))
        return web.Response(text="ok")
