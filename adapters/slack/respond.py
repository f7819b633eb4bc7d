"""Delivering the actor's replies for one Slack request.

The routing rules:

- a reply carrying a form opens a modal with the request's ``trigger_id`` (``views.open``);
- ``ONLY_ACTOR``: the request's ``response_url`` (ephemeral), else ``chat.postEphemeral``, else a
  direct message; from the App Home tab, a direct message;
- ``CHANNEL``: ``chat.postMessage`` in the channel; ``THREAD``: the same with ``thread_ts``;
- ``replace_original`` after a click: ``chat.update`` of the clicked message, or a
  ``response_url`` replace when that message was ephemeral.

Failures are logged with the Slack error code only, never with message content.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from adapters.slack.metadata import FormMeta
from adapters.slack.render import SlackMessage, form_errors, modal_view, render_message
from adapters.slack.translate import Origin
from bot.replies import FormBlock, Reply, Visibility

log = logging.getLogger(__name__)
QUIET = logging.getLogger("adapters.slack.sdk")
QUIET.setLevel(logging.WARNING)

Json = dict[str, Any]


def form_meta(origin: Origin) -> FormMeta:
    """Where a modal opened from ``origin`` should send its answer."""
    if origin.from_home:
        return FormMeta(response_url=origin.response_url)
    return FormMeta(channel_id=origin.channel_id, thread_ts=origin.thread_ts, response_url=origin.response_url)


def view_ack(replies: Sequence[Reply], origin: Origin) -> tuple[Json, list[Reply]]:
    """How to acknowledge a modal submission, and which replies remain to be posted.

    A returned form with field errors becomes ``response_action: errors``; a returned form
    without errors replaces the modal (``response_action: update``); otherwise the modal closes.

    Args:
        replies: The handler's replies to the submission.
        origin: The submission's origin.

    Returns:
        The ``ack`` keyword arguments and the replies still to deliver.
    """
    for index, reply in enumerate(replies):
        form = reply.form
        if form is None:
            continue
        rest = [r for i, r in enumerate(replies) if i != index]
        remainder = _without_form(reply)
        if remainder is not None:
            rest.insert(0, remainder)
        errors = form_errors(form)
        if errors:
            return {"response_action": "errors", "errors": errors}, rest
        return {"response_action": "update", "view": modal_view(form, form_meta(origin))}, rest
    return {}, list(replies)


def _without_form(reply: Reply) -> Reply | None:
    blocks = tuple(b for b in reply.blocks if not isinstance(b, FormBlock))
    return reply.model_copy(update={"blocks": blocks}) if blocks else None


class ReplyPoster:
    """Sends replies for a request through the Web API or its ``response_url``."""

    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client

    async def deliver(self, replies: Sequence[Reply], origin: Origin) -> None:
        """Deliver every reply; a failure of one does not stop the others.

        Args:
            replies: The handler's replies.
            origin: Where the request came from.
        """
        for reply in replies:
            try:
                await self._deliver_one(reply, origin)
            except SlackApiError as error:
                log.warning("slack reply failed: %s", _code(error), extra={"platform": "slack"})
            except (aiohttp.ClientError, TimeoutError) as error:
                log.warning("slack reply failed: %s", type(error).__name__, extra={"platform": "slack"})

    async def _deliver_one(self, reply: Reply, origin: Origin) -> None:
        form = reply.form
        if form is not None:
            await self.open_form(form, origin)
        message = render_message(reply)
        if not message.blocks:
            return
        if reply.visibility is Visibility.ONLY_ACTOR:
            await self._to_actor(message, reply.replace_original, origin)
            return
        channel = origin.channel_id or origin.user_id
        if reply.replace_original and origin.message_ts and not origin.is_ephemeral and channel:
            await self.client.chat_update(channel=channel, ts=origin.message_ts, **_payload(message))
            return
        thread = origin.thread_ts
        if reply.visibility is Visibility.THREAD:
            thread = thread or origin.message_ts
        extra: Json = {"thread_ts": thread} if thread else {}
        await self.client.chat_postMessage(channel=channel, **_payload(message), **_quiet(), **extra)

    async def open_form(self, form: FormBlock, origin: Origin) -> None:
        """Open ``form`` as a modal with the request's trigger (valid for 3 seconds)."""
        if not origin.trigger_id or origin.kind == "view":
            log.warning("slack form not opened: no trigger", extra={"platform": "slack"})
            return
        await self.client.views_open(trigger_id=origin.trigger_id, view=modal_view(form, form_meta(origin)))

    async def _to_actor(self, message: SlackMessage, replace: bool, origin: Origin) -> None:
        if origin.from_home:
            await self.client.chat_postMessage(channel=origin.user_id, **_payload(message), **_quiet())
            return
        if replace and origin.message_ts:
            if origin.channel_id and not origin.is_ephemeral:
                await self.client.chat_update(channel=origin.channel_id, ts=origin.message_ts, **_payload(message))
                return
            if origin.response_url:
                await self.respond(origin.response_url, {"replace_original": True, **_payload(message)})
                return
        if origin.response_url:
            body = {"response_type": "ephemeral", "replace_original": False, **_payload(message)}
            await self.respond(origin.response_url, body)
        elif origin.channel_id and not origin.channel_id.startswith("D"):
            await self.client.chat_postEphemeral(channel=origin.channel_id, user=origin.user_id, **_payload(message))
        else:
            await self.client.chat_postMessage(channel=origin.user_id, **_payload(message), **_quiet())

    async def respond(self, response_url: str, body: Json) -> None:
        """POST a message to a ``response_url`` (no automatic retries: a repeat could duplicate it)."""
        if not response_url.startswith(("https://", "http://")):
            return
        webhook = AsyncWebhookClient(response_url, timeout=10, logger=QUIET, retry_handlers=[])
        response = await webhook.send_dict(body)
        if response.status_code >= 300:
            log.warning("slack response_url refused", extra={"platform": "slack", "status": response.status_code})


def _payload(message: SlackMessage) -> Json:
    return {"text": message.text, "blocks": message.blocks}


def _quiet() -> Json:
    return {"unfurl_links": False, "unfurl_media": False}


def _code(error: SlackApiError) -> str:
    response = getattr(error, "response", None)
    try:
        return str(response["error"]) if response is not None else "unknown"
    except (KeyError, TypeError):
        return "unknown"
