"""``/seminar``: locality seminar topics, votes and the programme (the full flow comes with issue 6)."""

from __future__ import annotations

from bot import texts
from bot.commands import catalogue_entry
from bot.context import TurnContext
from bot.replies import Reply, say

SEMINAR = catalogue_entry("seminar")


async def on_command(ctx: TurnContext) -> list[Reply]:
    """Say plainly that votes are not available yet, with the usage for later."""
    del ctx
    return [say(texts.SEMINAR_SOON, texts.usage_of(SEMINAR))]
