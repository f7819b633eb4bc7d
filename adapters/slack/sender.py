"""Delivering outbox rows to Slack: channel posts and direct messages, one per second per channel.

The per-channel limit is this process's :class:`ChannelLimiter` on SQLite (one process), and a
:class:`~adapters.shared_limits.SharedLimiter` on PostgreSQL, where several workers and servers may
post to one channel (:func:`channel_limiter` chooses).

Each post carries ``metadata`` with the row's idempotency key, so a post whose outcome is unknown
(the connection dropped after the request left) can be found again with :meth:`find_by_key`
instead of being sent twice.

A row with a ``headline`` (a long weekly digest) is posted as that short headline with the whole reply
in a thread under it; a row with ``updates`` replaces an earlier post of ours (``chat.update``).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.priority_lock import PriorityLock
from adapters.shared_limits import SharedLimiter
from adapters.slack.render import render_message
from bot.ports import SendResult, SharedState
from bot.replies import OutgoingMessage, Plain, Reply, Target, say, text
from bot.store.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)

METADATA_EVENT = "plbot_outbox"
THREAD_SUFFIX = ":thread"
"""The key suffix of the threaded reply under a headline (the headline itself carries the row's key)."""
CONNECT_RETRY_AFTER = 30.0
UNREACHABLE = frozenset(
    {
        "channel_not_found",
        "is_archived",
        "not_in_channel",
        "user_not_found",
        "user_disabled",
        "users_not_found",
        "cannot_dm_bot",
        "account_inactive",
        "restricted_action",
        "messages_tab_disabled",
    }
)
AMBIGUOUS = frozenset({"internal_error", "fatal_error", "service_unavailable", "request_timeout"})

Sleep = Callable[[float], Awaitable[None]]


class ChannelLimiter:
    """At most one post per ``interval`` seconds per channel (Slack's ``chat.postMessage`` tier).

    Time comes from an injectable monotonic clock; waiting uses the injectable ``sleep``, so tests
    can run the limiter on a fake clock.
    """

    def __init__(
        self,
        interval: float = 1.0,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.interval = interval
        self.monotonic = monotonic
        self.sleep = sleep
        self._next: dict[str, float] = {}
        self._locks: dict[str, PriorityLock] = {}

    async def acquire(self, channel: str, *, urgent: bool = False) -> None:
        """Wait until ``channel`` may receive the next post, and book the slot (``urgent`` ones first)."""
        lock = self._locks.setdefault(channel, PriorityLock())
        async with lock.held(urgent=urgent):
            now = self.monotonic()
            ready = self._next.get(channel, now)
            if ready > now:
                await self.sleep(ready - now)
                now = self.monotonic()
            self._next[channel] = max(now, ready) + self.interval

    async def defer(self, channel: str, seconds: float) -> None:
        """Hold ``channel`` for ``seconds`` more (after Slack answered 429 with ``Retry-After``)."""
        self._next[channel] = max(self._next.get(channel, 0.0), self.monotonic() + seconds)


class PostLimiter(Protocol):
    """A per-channel post limit: this process's (:class:`ChannelLimiter`) or shared (``SharedLimiter``)."""

    async def acquire(self, channel: str, *, urgent: bool = False) -> None:
        """Wait until ``channel`` may receive the next post, and book the slot."""
        ...

    async def defer(self, channel: str, seconds: float) -> None:
        """Hold ``channel`` for ``seconds`` more."""
        ...


def channel_limiter(shared: SharedState | None, interval: float = 1.0) -> PostLimiter:
    """The per-channel limit: shared by every process when ``shared`` is given (PostgreSQL), else this
    process's own."""
    local = ChannelLimiter(interval)
    if shared is None:
        return local
    return SharedLimiter(shared, ((1, interval),), prefix="slack:channel", fallback=local)


class _NotSent(Exception):
    def __init__(self, result: SendResult) -> None:
        super().__init__(result.status)
        self.result = result


def _error_code(error: SlackApiError) -> str:
    try:
        return str(error.response["error"])
    except (KeyError, TypeError, AttributeError):
        return "unknown"


def _retry_after(error: SlackApiError) -> float:
    headers = getattr(error.response, "headers", None) or {}
    try:
        return max(1.0, float(headers.get("Retry-After", headers.get("retry-after", 1))))
    except (TypeError, ValueError):
        return 1.0


def _api_result(error: SlackApiError, *, posted: bool) -> SendResult:
    """A Web API error as a send result (``posted``: the call was the post itself)."""
    status = getattr(error.response, "status_code", 200)
    code = _error_code(error)
    if status == 429 or code == "ratelimited":
        return SendResult("retry", retry_after=_retry_after(error), error="rate limited")
    if code in UNREACHABLE:
        return SendResult("unreachable", error=code)
    if posted and (status >= 500 or code in AMBIGUOUS):
        return SendResult("unknown", error=code if code != "unknown" else f"http {status}")
    if status >= 500:
        return SendResult("retry", error=f"http {status}")
    return SendResult("failed", error=code)


class SlackSender:
    """The Slack implementation of :class:`bot.ports.Sender`."""

    platform = "slack"
    can_retract = True
    can_update = True

    def __init__(
        self,
        client: AsyncWebClient,
        uow_factory: UnitOfWorkFactory,
        limiter: PostLimiter | None = None,
    ) -> None:
        self.client = client
        self.uow_factory = uow_factory
        self.limiter: PostLimiter = limiter or ChannelLimiter()
        self._dm_channels: dict[str, str] = {}
        self._headlines: dict[str, str] = {}
        """Headlines posted whose threaded reply has not gone yet (key → ts): a retry reuses them."""

    async def send(self, message: OutgoingMessage) -> SendResult:
        """Post one outbox row; never raises for Slack or network errors.

        Args:
            message: The row's message.

        Returns:
            ``sent`` with ``message_id`` = ``"<channel>:<ts>"``; ``retry`` (429, or the request
            never left); ``unknown`` (it may have been posted); ``unreachable``; ``failed``.
        """
        if message.retract:
            return await self._delete(message.retract)
        if message.updates:
            return await self._update(message)
        try:
            channel = await self._channel_of(message.target)
        except _NotSent as not_sent:
            return not_sent.result
        thread_ts = message.target.thread_id
        if message.headline and not thread_ts:
            return await self._threaded(channel, message)
        return await self._post(channel, message.reply, message.idempotency_key, thread_ts, urgent=message.urgent)

    async def _threaded(self, channel: str, message: OutgoingMessage) -> SendResult:
        """A short headline in the channel, then the whole reply in a thread under it.

        The headline carries the row's key (so reconciliation finds it) and is remembered in this
        process, so a retry after the thread post failed does not post a second headline.
        """
        key = message.idempotency_key
        ts = self._headlines.get(key, "")
        if not ts:
            headline = say(text(Plain(text=message.headline)), visibility=message.reply.visibility)
            result = await self._post(channel, headline, key, "", urgent=message.urgent)
            if result.status != "sent":
                return result
            ts = result.message_id.partition(":")[2]
            self._headlines[key] = ts
        result = await self._post(channel, message.reply, f"{key}{THREAD_SUFFIX}", ts, urgent=message.urgent)
        if result.status != "sent":
            return result
        self._headlines.pop(key, None)
        return SendResult("sent", message_id=f"{channel}:{ts}")

    async def _post(self, channel: str, reply: Reply, key: str, thread_ts: str, *, urgent: bool) -> SendResult:
        await self.limiter.acquire(channel, urgent=urgent)
        rendered = render_message(reply)
        post: dict[str, Any] = {
            "channel": channel,
            "text": rendered.text,
            "blocks": rendered.blocks,
            "unfurl_links": False,
            "unfurl_media": False,
            "metadata": {"event_type": METADATA_EVENT, "event_payload": {"key": key}},
        }
        if thread_ts:
            post["thread_ts"] = thread_ts
        try:
            response = await self.client.chat_postMessage(**post)
        except SlackApiError as error:
            result = _api_result(error, posted=True)
            if result.status == "retry" and result.retry_after is not None:
                await self.limiter.defer(channel, result.retry_after)
            return result
        except aiohttp.ClientConnectorError:
            return SendResult("retry", retry_after=CONNECT_RETRY_AFTER, error="could not connect")
        except (aiohttp.ClientError, TimeoutError, OSError) as error:
            log.warning("slack post outcome unknown", extra={"platform": "slack", "event_type": type(error).__name__})
            return SendResult("unknown", error=f"connection lost: {type(error).__name__}")
        return SendResult("sent", message_id=f"{channel}:{response.get('ts', '')}")

    async def _update(self, message: OutgoingMessage) -> SendResult:
        """Replace one of our posts (``"<channel>:<ts>"``) with the message's reply (``chat.update``).

        A post that is gone counts as done: there is nothing left to correct.
        """
        channel, _, ts = message.updates.partition(":")
        if not channel or not ts:
            return SendResult("failed", error="not a slack message id")
        rendered = render_message(message.reply)
        try:
            await self.client.chat_update(channel=channel, ts=ts, text=rendered.text, blocks=rendered.blocks)
        except SlackApiError as error:
            if error.response.get("error") == "message_not_found":
                return SendResult("sent", message_id=message.updates)
            return _api_result(error, posted=False)
        except (aiohttp.ClientError, TimeoutError, OSError) as error:
            return SendResult("retry", error=f"update failed: {type(error).__name__}")
        return SendResult("sent", message_id=message.updates)

    async def _delete(self, message_id: str) -> SendResult:
        """Delete one of our posts (``"<channel>:<ts>"``); one already gone counts as done."""
        channel, _, ts = message_id.partition(":")
        if not channel or not ts:
            return SendResult("failed", error="not a slack message id")
        try:
            await self.client.chat_delete(channel=channel, ts=ts)
        except SlackApiError as error:
            if error.response.get("error") == "message_not_found":
                return SendResult("sent", message_id=message_id)
            return _api_result(error, posted=False)
        except (aiohttp.ClientError, TimeoutError, OSError) as error:
            return SendResult("retry", error=f"delete failed: {type(error).__name__}")
        return SendResult("sent", message_id=message_id)

    async def _channel_of(self, target: Target) -> str:
        if target.kind == "channel":
            if not target.address:
                raise _NotSent(SendResult("failed", error="no channel"))
            return target.address
        user_id = await self._slack_user(target.address)
        return await self._dm_channel(user_id)

    async def _slack_user(self, address: str) -> str:
        async with self.uow_factory() as uow:
            person = await uow.people.get(int(address)) if address.isdigit() else None
            user_id = uow.people.identity_on(person, "slack") if person is not None else ""
        if not user_id:
            raise _NotSent(SendResult("unreachable", error="no slack identity"))
        return user_id

    async def _dm_channel(self, user_id: str) -> str:
        cached = self._dm_channels.get(user_id)
        if cached:
            return cached
        try:
            response = await self.client.conversations_open(users=user_id)
        except SlackApiError as error:
            raise _NotSent(_api_result(error, posted=False)) from None
        except (aiohttp.ClientError, TimeoutError, OSError) as error:
            raise _NotSent(SendResult("retry", error=f"could not open dm: {type(error).__name__}")) from None
        channel = response.get("channel") or {}
        channel_id = channel.get("id", "") if isinstance(channel, dict) else ""
        if not channel_id:
            raise _NotSent(SendResult("failed", error="no dm channel"))
        self._dm_channels[user_id] = channel_id
        return channel_id

    async def find_sent(self, message: OutgoingMessage) -> str | None:
        """Outbox reconciliation (:class:`bot.ports.SentFinder`): was ``message`` already posted?

        Args:
            message: The outbox row's message, whose earlier send had an unknown outcome.

        Returns:
            ``"<channel>:<ts>"`` (as :meth:`send` reports it) when a recent post carries its key;
            ``None`` when none does, or the target can no longer be resolved (nothing was posted).

        Raises:
            RuntimeError: Slack could not be asked now (the deliverer tries again later).
            SlackApiError: Slack refused the lookup.
        """
        try:
            channel = await self._channel_of(message.target)
        except _NotSent as not_sent:
            if not_sent.result.status == "retry":
                msg = f"cannot resolve the conversation now: {not_sent.result.error}"
                raise RuntimeError(msg) from None
            return None
        ts = await self.find_by_key(channel, message.idempotency_key, thread_ts=message.target.thread_id)
        # a headline found is the message only when its thread reply is there too; when it is not, a
        # resend posts just the reply under the headline already in the channel
        if ts and message.headline and not message.target.thread_id:
            reply_key = f"{message.idempotency_key}{THREAD_SUFFIX}"
            if not await self.find_by_key(channel, reply_key, thread_ts=ts):
                self._headlines[message.idempotency_key] = ts
                return None
        return f"{channel}:{ts}" if ts else None

    async def find_by_key(self, channel: str, key: str, *, thread_ts: str = "", pages: int = 3) -> str | None:
        """The ``ts`` of a post in ``channel`` carrying our metadata with ``key``.

        Args:
            channel: The channel id (for a direct message, the DM channel id).
            key: The outbox idempotency key.
            thread_ts: Look among the replies of this thread (``conversations.replies``) instead of
                the channel's history.
            pages: How many pages of 200 recent messages to look through.

        Returns:
            The message ``ts``, or ``None`` when no recent message carries the key.

        Raises:
            SlackApiError: Slack refused the lookup (the caller should try again later).
        """
        cursor = ""
        for _ in range(pages):
            args: dict[str, Any] = {"channel": channel, "include_all_metadata": True, "limit": 200}
            if cursor:
                args["cursor"] = cursor
            if thread_ts:
                response = await self.client.conversations_replies(ts=thread_ts, **args)
            else:
                response = await self.client.conversations_history(**args)
            for item in response.get("messages") or []:
                metadata = item.get("metadata") or {}
                payload = metadata.get("event_payload") or {}
                if metadata.get("event_type") == METADATA_EVENT and payload.get("key") == key:
                    return str(item.get("ts", ""))
            cursor = (response.get("response_metadata") or {}).get("next_cursor", "")
            if not cursor:
                break
        return None
