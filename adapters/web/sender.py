"""Delivers outbox rows to the playground: channel posts and direct messages are stored for the page."""

from __future__ import annotations

from bot.ports import Clock, SendResult
from bot.replies import OutgoingMessage
from bot.store.uow import UnitOfWorkFactory


class WebSender:
    """The web platform's sender: it keeps what was sent so the playground can show it."""

    platform = "web"

    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock) -> None:
        self.uow_factory = uow_factory
        self.clock = clock

    async def send(self, message: OutgoingMessage) -> SendResult:
        """Store a channel post under its channel, or a direct message under its recipient."""
        target = message.target
        payload = message.reply.model_dump_json()
        async with self.uow_factory() as uow:
            if target.kind == "person":
                if not target.address.isdigit() or await uow.people.get(int(target.address)) is None:
                    return SendResult("unreachable", error="no such person")
                stored = await uow.web.messages.add(
                    kind="dm",
                    person_id=int(target.address),
                    payload=payload,
                    now=self.clock.now(),
                    key=message.idempotency_key,
                )
            else:
                stored = await uow.web.messages.add(
                    kind="channel",
                    address=target.address,
                    thread_id=target.thread_id,
                    payload=payload,
                    now=self.clock.now(),
                    key=message.idempotency_key,
                )
            await uow.commit()
        return SendResult("sent", message_id=f"web-{stored.id}")
