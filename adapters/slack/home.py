"""The App Home tab: the person's recent celebrations and their settings (read-only queries)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from adapters.slack.render import home_view
from bot import texts
from bot.context import TurnContext
from bot.events import Actor, CommandInvoked, Conversation
from bot.intents.settings import settings_reply
from bot.ports import Clock
from bot.replies import Block, Bold, DividerBlock, PersonRef, Plain, text
from bot.store.models import Celebration, Person
from bot.store.uow import UnitOfWork, UnitOfWorkFactory

# Adapter wording (candidates for bot/texts.py).
HOME_TITLE = "Practice Leader Bot"
HOME_INTRO = "Signs of Safety practice, kept alive between trainings. Type `/sofs help` in any channel."
HOME_CELEBRATIONS = "Your recent celebrations"
HOME_NO_CELEBRATIONS = "No celebrations yet. Thank a colleague with `/celebrate @name what they did`."
HOME_NOT_KNOWN = "I don't know you yet: use any command once and I'll add you."


def _settings_context(uow: UnitOfWork, clock: Clock, person: Person, org: Any, user_id: str) -> TurnContext:
    """A read-only turn context so the settings intent can render the person's settings."""
    event = CommandInvoked(
        platform="slack",
        event_id="home",
        received_at=clock.now(),
        actor=Actor(platform="slack", user_id=user_id),
        conversation=Conversation(platform="slack", channel_id=user_id, is_direct=True),
        command="sofs",
        text="settings",
    )
    return TurnContext(event=event, uow=uow, clock=clock, org=org, actor=person, binding=None)


async def _ref(uow: UnitOfWork, person_id: int | None) -> PersonRef | None:
    person = await uow.people.get(person_id) if person_id else None
    if person is None:
        return None
    return PersonRef(name=person.display_name, user_id=uow.people.identity_on(person, "slack"))


async def _celebration_blocks(uow: UnitOfWork, items: Sequence[Celebration], zone: ZoneInfo) -> list[Block]:
    blocks: list[Block] = []
    for item in items:
        author = await _ref(uow, item.author_id)
        parts: list[Plain | PersonRef | Bold] = [Plain(text=_day(item.created_at, zone) + "  ")]
        if author is not None:
            parts.append(author)
        parts.append(Plain(text=texts.CELEBRATE_THANKED))
        names = [r for r in [await _ref(uow, rec.person_id) for rec in item.recipients] if r is not None]
        for index, name in enumerate(names):
            if index:
                parts.append(Plain(text=", "))
            parts.append(name)
        parts.append(Plain(text=": " + item.text))
        blocks.append(text(*parts))
    return blocks


def _day(moment: datetime, zone: ZoneInfo) -> str:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo("UTC"))
    return f"{aware.astimezone(zone):%d %b}"


async def build_home(uow_factory: UnitOfWorkFactory, clock: Clock, user_id: str) -> dict[str, Any]:
    """The Home tab view for a Slack user.

    Args:
        uow_factory: Opens a (read-only) unit of work.
        clock: The bot's clock.
        user_id: The Slack user who opened the tab.

    Returns:
        A ``home`` view for ``views.publish``.
    """
    blocks: list[Block] = [text(Bold(text=HOME_TITLE)), text(HOME_INTRO), DividerBlock()]
    async with uow_factory() as uow:
        org = await uow.orgs.first()
        person = await uow.people.by_identity("slack", user_id)
        if org is None or person is None:
            return home_view([*blocks, text(HOME_NOT_KNOWN)])
        recent = await uow.celebrations.recent_for(person.id)
        blocks.append(text(Bold(text=HOME_CELEBRATIONS)))
        zone = ZoneInfo(person.timezone)
        blocks.extend(await _celebration_blocks(uow, recent, zone) or [text(HOME_NO_CELEBRATIONS)])
        blocks.append(DividerBlock())
        settings = await settings_reply(_settings_context(uow, clock, person, org, user_id))
        blocks.extend(settings.blocks)
    return home_view(blocks)
