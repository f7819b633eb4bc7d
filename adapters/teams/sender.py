"""The Teams outbox sender: posts queued messages proactively through stored conversation references."""

from __future__ import annotations

import logging
from typing import Any

from adapters.teams import render
from adapters.teams.connector import BotConnector
from adapters.teams.refs import ConversationRef, ConversationRefs
from bot.ports import SendResult
from bot.replies import OutgoingMessage, Reply, Target
from bot.store.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)

NOT_INSTALLED_FOR_PERSON = "install the app for them"
NOT_INSTALLED_IN_TEAM = "install the app in this channel's team"


def outgoing_activity(message_body: dict[str, Any], ref: ConversationRef, conversation_id: str) -> dict[str, Any]:
    """A rendered message addressed to a conversation (the bot as sender, tenant set for Teams)."""
    conversation: dict[str, Any] = {"id": conversation_id}
    activity: dict[str, Any] = {**message_body, "conversation": conversation}
    if ref.bot:
        activity["from"] = ref.bot
    if ref.tenant_id:
        conversation["tenantId"] = ref.tenant_id
        activity["channelData"] = {"tenant": {"id": ref.tenant_id}}
    return activity


class TeamsSender:
    """Implements :class:`bot.ports.Sender` for Teams.

    A channel target posts into the channel (into a thread when the target names one) using the
    channel's stored reference; a channel the bot has not seen yet is reached through the service
    URL of the team channel seen last (the app must be installed in that channel's team). A person
    target posts into the person's 1:1 chat with the bot; without one the message is
    ``unreachable`` ("install the app for them"), never retried. A message with ``updates`` replaces
    an earlier post of ours in place; the ``headline`` hint (Slack threads) is ignored.
    """

    platform = "teams"
    can_retract = True
    can_update = True

    def __init__(self, *, uow_factory: UnitOfWorkFactory, refs: ConversationRefs, connector: BotConnector) -> None:
        self.uow_factory = uow_factory
        self.refs = refs
        self.connector = connector

    async def send(self, message: OutgoingMessage) -> SendResult:
        """Send one outbox message; platform errors are reported in the result, never raised."""
        target = message.target
        if message.retract:
            return await self._retract(target, message.retract)
        if message.updates:
            return await self._update(message)
        if target.kind == "person":
            return await self._to_person(target, message)
        return await self._to_channel(target, message)

    async def _conversation(self, target: Target) -> tuple[ConversationRef | None, str]:
        """The stored reference and conversation id of a target (a person's 1:1 chat, or the channel)."""
        if target.kind == "person":
            person_id, user_id = await self._person(target.address)
            ref = await self.refs.personal(person_id=person_id, user_id=user_id)
            return ref, ref.conversation_id if ref else ""
        ref = await self.refs.for_conversation(target.address) or await self.refs.latest_channel()
        return ref, target.address

    async def _update(self, message: OutgoingMessage) -> SendResult:
        """Replace one of our earlier posts (its activity id) with the message's reply, in place."""
        ref, conversation_id = await self._conversation(message.target)
        if ref is None:
            return SendResult("unreachable", error=NOT_INSTALLED_IN_TEAM)
        body = outgoing_activity(render.message(message.reply), ref, conversation_id)
        result = await self.connector.update(
            ref.service_url, conversation_id, message.updates, body, tenant_id=ref.tenant_id, urgent=message.urgent
        )
        if result.status == "sent":
            return SendResult("sent", message_id=message.updates)
        if result.status == "unreachable" and "404" in result.error:
            return SendResult("sent", message_id=message.updates)  # gone: nothing left to correct
        return result

    async def _retract(self, target: Target, activity_id: str) -> SendResult:
        """Delete one of our earlier posts; a post already gone counts as done."""
        ref, conversation_id = await self._conversation(target)
        if ref is None:
            return SendResult("unreachable", error=NOT_INSTALLED_IN_TEAM)
        result = await self.connector.delete(ref.service_url, conversation_id, activity_id, tenant_id=ref.tenant_id)
        if result.status == "unreachable" and "404" in result.error:
            return SendResult("sent", message_id=activity_id)
        return result

    async def _to_channel(self, target: Target, message: OutgoingMessage) -> SendResult:
        ref = await self.refs.for_conversation(target.address) or await self.refs.latest_channel()
        if ref is None:
            return SendResult("unreachable", error=NOT_INSTALLED_IN_TEAM)
        conversation_id = target.address + (f";messageid={target.thread_id}" if target.thread_id else "")
        body = outgoing_activity(render.message(message.reply), ref, conversation_id)
        return await self.connector.send(
            ref.service_url, conversation_id, body, tenant_id=ref.tenant_id, urgent=message.urgent
        )

    async def _to_person(self, target: Target, message: OutgoingMessage) -> SendResult:
        person_id, user_id = await self._person(target.address)
        ref = await self.refs.personal(person_id=person_id, user_id=user_id)
        if ref is None:
            return SendResult("unreachable", error=NOT_INSTALLED_FOR_PERSON)
        return await self.to_chat(ref, message.reply, urgent=message.urgent)

    async def to_chat(self, ref: ConversationRef, reply: Reply, *, urgent: bool = False) -> SendResult:
        """Post a reply into a stored 1:1 chat; a chat Teams no longer knows is forgotten.

        The adapter also calls this directly, not through the outbox, for the private copy of a
        reply to the actor's own turn in a channel or group chat (:mod:`adapters.teams.routing`):
        it answers the person who just acted, like any turn reply, so it is neither "later" nor
        "someone else", and the turn's job already runs after the HTTP answer.
        """
        body = outgoing_activity(render.message(reply), ref, ref.conversation_id)
        result = await self.connector.send(
            ref.service_url, ref.conversation_id, body, tenant_id=ref.tenant_id, urgent=urgent
        )
        if result.status == "unreachable":
            log.info("teams chat unreachable; forgetting it", extra={"platform": "teams", "status": result.error})
            await self.refs.forget(conversation_id=ref.conversation_id)
        return result

    async def _person(self, address: str) -> tuple[int | None, str]:
        """Our person id and their Teams user id for a person target's address (our person id)."""
        if not address.isdigit():
            return None, address
        async with self.uow_factory() as uow:
            person = await uow.people.get(int(address))
            user_id = uow.people.identity_on(person, "teams") if person is not None else ""
        return int(address), user_id
