"""A message deleted in Slack or Teams removes the celebration stored from it.

That is the command message itself (Teams, where "celebrate @sam …" is a message) or the bot's own
channel post of the celebration (Slack, where the slash command leaves no message of its own).
"""

from __future__ import annotations

from bot import keys
from bot.context import TurnContext
from bot.events import MessageDeleted
from bot.replies import Reply


async def on_deleted(ctx: TurnContext) -> list[Reply]:
    """Delete the celebration(s) the deleted message carried; says nothing."""
    event = ctx.event
    if not isinstance(event, MessageDeleted) or not event.message_id:
        return []
    posts = await ctx.uow.outbox.keys_posted_as(event.platform, event.message_id, keys.CELEBRATION_PREFIX)
    from_posts = [i for i in map(keys.celebration_id, posts) if i is not None]
    ids = await ctx.uow.celebrations.delete_from_message(event.platform, event.message_id, also=from_posts)
    for celebration_id in ids:
        await ctx.audit("celebration.deleted_with_message", "celebration", celebration_id)
    return []
