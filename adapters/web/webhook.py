"""The optional intranet webhook: a signed JSON POST for each publication and take-down.

Delivered through the outbox like any other message (platform ``webhook``), so it survives
restarts and is retried with backoff. The body is built when it is sent, from the publication as
it is then: a story taken down before its publication was delivered is never sent.
"""

from __future__ import annotations

import logging

import aiohttp

from bot.domain.feed import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign, webhook_body
from bot.ports import Clock, SendResult
from bot.replies import OutgoingMessage
from bot.services.publishing import WEBHOOK_PLATFORM, published_stories
from bot.store.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)
TIMEOUT = aiohttp.ClientTimeout(total=10, sock_connect=5)


class WebhookSender:
    """Sends ``intranet-publish`` and ``intranet-unpublish`` outbox rows to the intranet."""

    platform = WEBHOOK_PLATFORM

    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, url: str, secret: str, base_url: str) -> None:
        self.uow_factory = uow_factory
        self.clock = clock
        self.url = url
        self.secret = secret
        self.base_url = base_url

    async def _body(self, message: OutgoingMessage) -> tuple[str, int, bytes] | None:
        action = message.purpose.removeprefix("intranet-")
        address = message.target.address
        async with self.uow_factory() as uow:
            publication = await uow.web.publications.get(int(address)) if address.isdigit() else None
            org = await uow.orgs.first()
            if publication is None or org is None:
                return None
            story_id = publication.story_id
            if action == "publish":
                if publication.unpublished_at is not None:
                    return None
                story = next((s for s in await published_stories(uow, org) if s.id == story_id), None)
                if story is None:
                    return None
                return action, story_id, webhook_body(action, story, story_id, base_url=self.base_url)
        return action, story_id, webhook_body(action, None, story_id, base_url=self.base_url)

    async def _record(self, message: OutgoingMessage, action: str, story_id: int, outcome: str, status: int) -> None:
        async with self.uow_factory() as uow:
            await uow.web.webhooks.record(
                story_id=story_id,
                action=action,
                key=message.idempotency_key,
                outcome=outcome,
                http_status=status,
                at=self.clock.now(),
            )
            await uow.commit()

    async def send(self, message: OutgoingMessage) -> SendResult:
        """POST the signed body; 2xx is sent, 429 and 5xx are retried, other answers fail."""
        built = await self._body(message)
        if built is None:
            return SendResult("unreachable", error="no longer published")
        action, story_id, body = built
        timestamp = str(int(self.clock.now().timestamp()))
        headers = {
            "Content-Type": "application/json",
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: sign(self.secret, timestamp, body),
        }
        try:
            async with (
                aiohttp.ClientSession(timeout=TIMEOUT) as client,
                client.post(self.url, data=body, headers=headers) as response,
            ):
                status, retry_after = response.status, response.headers.get("Retry-After", "")
        except aiohttp.ClientConnectorError:
            await self._record(message, action, story_id, "retry", 0)
            return SendResult("retry", error="intranet unreachable")
        except (TimeoutError, aiohttp.ClientError):
            await self._record(message, action, story_id, "unknown", 0)
            return SendResult("unknown", error="no answer from the intranet")
        if 200 <= status < 300:
            result = SendResult("sent", message_id=f"webhook-{story_id}-{action}")
        elif status == 429 or status >= 500:
            seconds = float(retry_after) if retry_after.isdigit() else None
            result = SendResult("retry", retry_after=seconds, error=f"intranet answered {status}")
        else:
            result = SendResult("failed", error=f"intranet answered {status}")
        await self._record(message, action, story_id, result.status, status)
        log.info("intranet webhook %s", result.status, extra={"purpose": message.purpose})
        return result
