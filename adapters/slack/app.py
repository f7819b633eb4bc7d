"""The Slack adapter: a Bolt ``AsyncApp`` behind our own gate, on the shared aiohttp server.

``POST /slack/events`` receives commands, interactivity and events. Before Bolt sees a byte, the
:mod:`~adapters.slack.guard` caps the size (413), checks the signature, the ±300 s window and
replays (401), and the body's shape (400). Every listener translates the request, stores the event
in the durable inbox (:mod:`adapters.inbox`), and only then acknowledges; the inbox worker runs the
turn and this adapter posts its replies (``await adapter.drain()`` waits for all of it). If the
event cannot be stored the request is answered 503, not acknowledged. A modal submission is
stored already claimed and its turn runs at once: its answer (field errors, or the next form) must
travel in the acknowledgement, so the handler gets up to ``view_deadline`` seconds before the ack.
Replies to an event resumed after a restart may no longer be deliverable (a ``response_url`` lasts
30 minutes, a ``trigger_id`` 3 seconds): those failures are logged and dropped.

Socket Mode (``SLACK_APP_TOKEN``) runs the same listeners, so de-duplication is identical. It
connects in the background: the server listens at once (``/healthz`` answers), and ``/readyz``
answers 503 with ``"waiting": ["slack socket mode"]`` until the first connection is made.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Sequence
from dataclasses import asdict
from datetime import datetime
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from adapters.http import LIFECYCLE_KEY
from adapters.inbox import InboxWorker, watching_store
from adapters.slack.acks_first import AcksFirst
from adapters.slack.guard import Rejected, RequestGuard, parse_body, read_body
from adapters.slack.home import build_home
from adapters.slack.respond import QUIET, ReplyPoster, view_ack
from adapters.slack.translate import (
    MANAGE_SHORTCUT,
    SHARE_SHORTCUT,
    Inbound,
    Origin,
    from_block_actions,
    from_bot_added,
    from_event_callback,
    from_message_shortcut,
    from_slash_command,
    from_view_submission,
    home_opened_by,
)
from adapters.wiring import Wiring
from bot.inbox import InboxItem
from bot.replies import Reply
from bot.store.errors import StoreError
from bot.store.shared import shared_state


class _Redact(logging.Filter):
    """Bolt's own log lines quote payloads (``Unhandled request ({...})``): keep only that it logged."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = "slack bolt: %s", (record.levelname.lower(),)
        return True


log = logging.getLogger(__name__)
BOLT_LOG = logging.getLogger("adapters.slack.bolt")
BOLT_LOG.setLevel(logging.ERROR)
BOLT_LOG.addFilter(_Redact())

PATH = "/slack/events"
SOCKET_MODE = "slack socket mode"
"""What ``/readyz`` names while Socket Mode has not connected."""
VIEW_DEADLINE = 2.0

Ack = Callable[..., Awaitable[Any]]
Json = dict[str, Any]
Translator = Callable[[Json, datetime], Inbound | None]


def make_client(token: str, base_url: str, *, retry_on_rate_limit: bool) -> AsyncWebClient:
    """A Web API client for ``base_url`` that never logs request content.

    Args:
        token: The bot token (``xoxb-…``).
        base_url: The Web API base URL (``https://slack.com/api/``; GovSlack or a fake in tests).
        retry_on_rate_limit: Retry once after a 429 (interactive replies), or never (the outbox
            handles retries itself).

    Returns:
        The client. Connection errors are never retried automatically: a post may have arrived.
    """
    handlers: list[AsyncRetryHandler] = (
        [AsyncRateLimitErrorRetryHandler(max_retry_count=1)] if retry_on_rate_limit else []
    )
    url = base_url if base_url.endswith("/") else base_url + "/"
    return AsyncWebClient(token=token, base_url=url, timeout=10, logger=QUIET, retry_handlers=handlers)


class SlackAdapter:
    """Bolt listeners, the guarded HTTP route, and the posting of the inbox worker's replies."""

    def __init__(
        self,
        wiring: Wiring,
        *,
        worker: InboxWorker,
        now: Callable[[], float] = time.time,
        view_deadline: float = VIEW_DEADLINE,
    ) -> None:
        settings = wiring.settings
        token = settings.slack_bot_token.get_secret_value()
        secret = settings.slack_signing_secret.get_secret_value()
        self.handler, self.uow_factory, self.clock = wiring.handler, wiring.uow_factory, wiring.clock
        self.app_token = settings.slack_app_token.get_secret_value()
        self.client = make_client(token, settings.slack_api_url, retry_on_rate_limit=True)
        self.guard = RequestGuard(secret, now=now, shared=shared_state(wiring.uow_factory)) if secret else None
        self.view_deadline = view_deadline
        self.worker = worker
        self.acks_first = AcksFirst()
        self.poster = ReplyPoster(self.client)
        self.bolt = AsyncApp(
            name="plbot",
            client=self.client,
            signing_secret=secret,
            process_before_response=True,
            request_verification_enabled=True,
            logger=BOLT_LOG,
        )
        self.listener_calls = 0
        self._own_failures = 0
        self._tasks: set[asyncio.Task[Any]] = set()
        self._socket: Any = None
        self._connecting: asyncio.Task[None] | None = None
        self._register()
        worker.register("slack", self)

    @property
    def background_failures(self) -> int:
        """Background work (turns, reply posts, home tabs) that ended in an exception."""
        return self._own_failures + self.worker.failures

    # --- background work --------------------------------------------------------------------

    def spawn(self, work: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """Run ``work`` after the ack; the task is kept until done so :meth:`drain` can await it."""
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._finished)
        return task

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            self._own_failures += 1
            log.error(
                "slack background work failed",
                extra={"platform": "slack", "event_type": type(task.exception()).__name__},
            )

    async def drain(self) -> None:
        """Wait until no stored event waits and every background task has finished."""
        while True:
            await self.worker.drain()
            if not self._tasks:
                return
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    def _now(self) -> datetime:
        return self.clock.now()

    # --- the inbox worker's side (adapters.inbox.InboxPlatform) --------------------------------

    @contextlib.asynccontextmanager
    async def turn_scope(self, item: InboxItem) -> AsyncIterator[None]:
        """Let the requests already in flight be acknowledged first (:mod:`adapters.slack.acks_first`);
        a modal's turn goes at once, because its own acknowledgement waits for it."""
        if item.route.get("kind") != "view":
            await self.acks_first.earlier_requests_done()
        yield

    async def deliver(self, item: InboxItem, replies: list[Reply]) -> None:
        """Post a turn's replies to where its request came from (a resumed modal's as messages)."""
        origin = Origin(**item.route)
        if origin.kind == "view":
            _, replies = view_ack(replies, origin)
        await self.poster.deliver(replies, origin)
        if origin.from_home:
            await self.publish_home(origin.user_id)

    async def publish_home(self, user_id: str) -> None:
        """Build and publish the App Home tab of ``user_id``."""
        view = await build_home(self.uow_factory, self.clock, user_id)
        try:
            await self.client.views_publish(user_id=user_id, view=view)
        except SlackApiError:
            log.warning("slack home not published", extra={"platform": "slack"})

    # --- listeners ----------------------------------------------------------------------------

    def _register(self) -> None:
        bolt = self.bolt
        bolt.command(re.compile(r"^/."))(self._on_command)
        bolt.block_action(re.compile(r"."))(self._on_action)
        bolt.view_submission(re.compile(r"."))(self._on_view)
        bolt.message_shortcut(SHARE_SHORTCUT)(self._on_shortcut)
        bolt.message_shortcut(MANAGE_SHORTCUT)(self._on_shortcut)
        bolt.event(re.compile(r"."))(self._on_event)
        bolt.error(self._on_error)

    async def _accept(self, ack: Ack, translate: Translator, body: Json) -> None:
        """Count the delivery, translate it, store its event, then acknowledge.

        A request with nothing for the core (or a bot's own message) is acknowledged at once; one
        whose event cannot be stored is not acknowledged at all (the route answers 503).
        """
        self.listener_calls += 1
        inbound = translate(body, self._now())
        if inbound is not None and not inbound.event.actor.is_bot:
            stored = await self.worker.accept("slack", inbound.event, asdict(inbound.origin))
            if not stored:
                return
        await ack()

    async def _on_command(self, ack: Ack, body: Json) -> None:
        await self._accept(ack, from_slash_command, body)

    async def _on_action(self, ack: Ack, body: Json) -> None:
        await self._accept(ack, from_block_actions, body)

    async def _on_shortcut(self, ack: Ack, body: Json) -> None:
        await self._accept(ack, from_message_shortcut, body)

    async def _on_event(self, ack: Ack, body: Json, context: Any) -> None:
        bot_user_id = str(getattr(context, "bot_user_id", None) or "")
        user_id = home_opened_by(body)
        if user_id:
            self.spawn(self.publish_home(user_id))
        added = from_bot_added(body, self._now(), bot_user_id)
        if added is not None or user_id:
            await self._accept(ack, lambda _data, _now: added, body)
            return
        await self._accept(ack, lambda data, now: from_event_callback(data, now, bot_user_id), body)

    async def _on_view(self, ack: Ack, body: Json) -> None:
        self.listener_calls += 1
        inbound = from_view_submission(body, self._now())
        if inbound is None:
            await ack()
            return
        try:
            item = await self.worker.hold("slack", inbound.event, asdict(inbound.origin))
        except StoreError:
            return  # not stored, not acknowledged: the route answers 503
        if item is None:  # the same submission is already waiting for its turn
            await ack()
            return
        turn = self.spawn(self.worker.run_turn(item))
        done, _ = await asyncio.wait({turn}, timeout=self.view_deadline)
        if not done or turn.exception() is not None:
            await ack()
            if not done:
                self.spawn(self._finish_late(turn, inbound))
            return
        response, rest = view_ack(turn.result(), inbound.origin)
        await ack(**response)
        if rest:
            self.spawn(self.poster.deliver(rest, inbound.origin))

    async def _finish_late(self, turn: asyncio.Task[list[Reply]], inbound: Inbound) -> None:
        """A submission whose turn outlived the ack: its replies go out as messages."""
        replies = await turn
        _, rest = view_ack(replies, inbound.origin)
        await self.poster.deliver(rest, inbound.origin)

    async def _on_error(self, error: Exception) -> None:
        log.error("slack listener failed", extra={"platform": "slack", "event_type": type(error).__name__})

    # --- HTTP ---------------------------------------------------------------------------------

    async def handle_http(self, request: web.Request) -> web.StreamResponse:
        """``POST /slack/events``: the guard, then Bolt; never a 5xx for bad input.

        A turn starting while this request is in flight lets it be acknowledged first.
        """
        async with self.acks_first.request():
            return await self._handle_http(request)

    async def _handle_http(self, request: web.Request) -> web.StreamResponse:
        if self.guard is None:
            return web.json_response({"error": "slack http mode is off"}, status=404)
        try:
            body = await read_body(request)
            text = await self.guard.verify(request.headers, body)
            parse_body(text, request.content_type)
            headers: dict[str, str | Sequence[str]] = {k.lower(): v for k, v in request.headers.items()}
            bolt_request = AsyncBoltRequest(body=text, query=request.query_string, headers=headers)
        except Rejected as rejected:
            log.info(
                "slack request refused: %s",
                rejected.reason,
                extra={"platform": "slack", "status": rejected.status, "path": PATH},
            )
            return web.json_response({"error": rejected.reason}, status=rejected.status)
        except Exception as error:  # Bolt's own parsing of an odd (but signed) payload
            log.warning("slack request unreadable", extra={"platform": "slack", "event_type": type(error).__name__})
            return web.json_response({"error": "malformed body"}, status=400)
        try:
            with watching_store() as not_stored:
                response = await self.bolt.async_dispatch(bolt_request)
        except Exception as error:  # Bolt's matchers index payloads blindly; odd shapes end here
            log.warning("slack request unreadable", extra={"platform": "slack", "event_type": type(error).__name__})
            return web.json_response({"error": "malformed body"}, status=400)
        if not_stored:
            return web.json_response({"error": "not stored, try again"}, status=503)
        if response.status == 404:
            return web.Response(status=200)
        if response.status >= 500:
            log.warning("slack request failed inside bolt", extra={"platform": "slack", "status": response.status})
            return web.json_response({"error": "malformed body"}, status=400)
        return await to_aiohttp_response(response)

    # --- mounting -------------------------------------------------------------------------------

    def mount(self, app: web.Application) -> None:
        """Add the route (HTTP mode) or the Socket Mode connection (with an app token) to ``app``."""
        app[SLACK_ADAPTER_KEY] = self
        if self.app_token:
            app[LIFECYCLE_KEY].waiting_for[SOCKET_MODE] = self._socket_waiting
            app.on_startup.append(self._start_socket_mode)
        else:
            app.router.add_post(PATH, self.handle_http)
        app.on_cleanup.append(self._close)

    def _socket_waiting(self) -> bool:
        """Socket Mode has not connected yet (readiness says so)."""
        task = self._connecting
        return task is None or not task.done() or task.cancelled() or task.exception() is not None

    async def _start_socket_mode(self, _app: web.Application) -> None:
        """Connect in the background: Slack being unreachable (its client retries every 10 s, for
        ever) must not keep the server from listening."""
        self._socket = AsyncSocketModeHandler(self.bolt, self.app_token, logger=BOLT_LOG)
        self._connecting = asyncio.get_running_loop().create_task(self._connect_socket())

    async def _connect_socket(self) -> None:
        await self._socket.connect_async()
        log.info("slack is on (socket mode)", extra={"platform": "slack"})

    async def _close(self, _app: web.Application) -> None:
        if self._connecting is not None and not self._connecting.done():
            self._connecting.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._connecting
        if self._socket is not None:
            await self._socket.close_async()
        try:  # the inbox worker's turns are stopped by the worker itself (adapters.inbox)
            await asyncio.wait_for(self._own_tasks(), timeout=10)
        except TimeoutError:
            log.warning("slack background work still running at shutdown", extra={"platform": "slack"})

    async def _own_tasks(self) -> None:
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)


SLACK_ADAPTER_KEY: web.AppKey[SlackAdapter] = web.AppKey("slack_adapter", SlackAdapter)
