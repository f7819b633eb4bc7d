"""The App Home tab: the person's summary (:mod:`bot.services.home`) as a Slack ``home`` view."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from adapters.slack.render import home_view
from bot import i18n, texts
from bot.ports import Clock
from bot.replies import Block, Bold, DividerBlock, text
from bot.services.home import home_summary
from bot.services.language import person_locale
from bot.services.needs_me import needs_me_blocks
from bot.store.uow import UnitOfWork, UnitOfWorkFactory

HOME_TITLE = "Practice Leader Bot"
"""The product's name, the same in every language."""


async def build_home(uow_factory: UnitOfWorkFactory, clock: Clock, user_id: str) -> dict[str, Any]:
    """The Home tab view for a Slack user.

    Args:
        uow_factory: Opens a (read-only) unit of work.
        clock: The bot's clock.
        user_id: The Slack user who opened the tab.

    Returns:
        A ``home`` view for ``views.publish``.
    """
    async with uow_factory() as uow:
        reader = await uow.people.by_identity("slack", user_id)
        with i18n.use(person_locale(reader, await uow.orgs.first())):
            return await _home(uow, clock, user_id)


async def _home(uow: UnitOfWork, clock: Clock, user_id: str) -> dict[str, Any]:
    blocks: list[Block] = [text(Bold(text=HOME_TITLE)), text(texts.HOME_INTRO), DividerBlock()]
    summary = await home_summary(uow, "slack", user_id, clock.now())
    if summary is None:
        return home_view([*blocks, text(texts.HOME_NOT_KNOWN)])
    blocks.extend(needs_me_blocks(summary.needs, ZoneInfo(summary.person.timezone)))
    blocks.append(DividerBlock())
    blocks.append(text(Bold(text=texts.HOME_CELEBRATIONS)))
    blocks.extend(summary.celebrations or [text(texts.HOME_NO_CELEBRATIONS)])
    blocks.append(DividerBlock())
    blocks.extend(summary.settings.blocks)
    return home_view(blocks)
