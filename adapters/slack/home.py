"""The App Home tab: the person's summary (:mod:`bot.services.home`) as a Slack ``home`` view."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from adapters.slack.render import home_view
from bot import texts
from bot.ports import Clock
from bot.replies import Block, Bold, DividerBlock, text
from bot.services.home import home_summary
from bot.services.needs_me import needs_me_blocks
from bot.store.uow import UnitOfWorkFactory

# Adapter wording (candidates for bot/texts.py).
HOME_TITLE = "Practice Leader Bot"
HOME_INTRO = "Signs of Safety practice, kept alive between trainings. Type `/sofs help` in any channel."
HOME_NOT_KNOWN = "I don't know you yet: use any command once and I'll add you."


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
        summary = await home_summary(uow, "slack", user_id, clock.now())
    if summary is None:
        return home_view([*blocks, text(HOME_NOT_KNOWN)])
    blocks.extend(needs_me_blocks(summary.needs, ZoneInfo(summary.person.timezone)))
    blocks.append(DividerBlock())
    blocks.append(text(Bold(text=texts.HOME_CELEBRATIONS)))
    blocks.extend(summary.celebrations or [text(texts.HOME_NO_CELEBRATIONS)])
    blocks.append(DividerBlock())
    blocks.extend(summary.settings.blocks)
    return home_view(blocks)
