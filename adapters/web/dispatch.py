"""Dashboard actions are chat actions: approve, decline and nominate go through the one handler.

The signed-in person acts on their own chat platform (the first of Slack, Teams and the web that
has a sender and knows them), so permissions, audit entries and the author's notification are
exactly those of a click in Slack or Teams.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from adapters.web.state import WebState
from bot.events import ActionInvoked, Actor, Conversation, Event, FormSubmitted, Platform
from bot.replies import Reply
from bot.store.models import Person

PLATFORM_NAMES: Mapping[str, Platform] = {"slack": "slack", "teams": "teams", "web": "web", "console": "console"}


def chat_identity(state: WebState, person: Person) -> tuple[Platform, str]:
    """The platform and user id a dashboard action is made with."""
    for name in state.chat_platforms:
        platform = PLATFORM_NAMES.get(name)
        if platform is None or name not in state.deliverer.senders:
            continue
        user_id = next((i.platform_user_id for i in person.identities if i.platform == name), "")
        if user_id:
            return platform, user_id
    user_id = next((i.platform_user_id for i in person.identities if i.platform == "web"), person.handle)
    return "web", user_id


def _where(state: WebState, person: Person) -> tuple[Platform, Actor, Conversation]:
    platform, user_id = chat_identity(state, person)
    actor = Actor(platform=platform, user_id=user_id, display_name=person.display_name)
    conversation = Conversation(platform=platform, channel_id=f"dashboard:{person.id}", is_direct=True)
    return platform, actor, conversation


async def _run(state: WebState, event: Event) -> str:
    replies: list[Reply] = await state.handler.handle(event)
    await state.deliverer.deliver_due()
    return "\n".join(r.as_plain_text() for r in replies if r.form is None).strip()


async def click(state: WebState, person: Person, action_id: str, value: str) -> str:
    """Press a button as this person; returns what the bot answered, as plain text."""
    platform, actor, conversation = _where(state, person)
    event = ActionInvoked(
        platform=platform,
        event_id=f"dashboard-{uuid.uuid4().hex}",
        received_at=state.clock.now(),
        actor=actor,
        conversation=conversation,
        action_id=action_id,
        value=value,
    )
    return await _run(state, event)


async def submit(state: WebState, person: Person, form_id: str, fields: Mapping[str, str], context: str) -> str:
    """Submit a form as this person; returns what the bot answered, as plain text."""
    platform, actor, conversation = _where(state, person)
    event = FormSubmitted(
        platform=platform,
        event_id=f"dashboard-{uuid.uuid4().hex}",
        received_at=state.clock.now(),
        actor=actor,
        conversation=conversation,
        form_id=form_id,
        fields=dict(fields),
        context=context,
    )
    return await _run(state, event)
