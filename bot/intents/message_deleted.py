"""A message deleted in Slack or Teams removes the celebration stored from it.

That is the command message itself (Teams, where "celebrate @sam …" is a message) or the bot's own
channel post of the celebration (Slack, where the slash command leaves no message of its own).
"""

from __future__ import annotations

from sqlalchemy import delete, or_, select

from bot.context import TurnContext
from bot.events import MessageDeleted
from bot.replies import Reply
from bot.store.models import Celebration, OutboxMessage

CELEBRATION_KEY = "celebration:"


async def on_deleted(ctx: TurnContext) -> list[Reply]:
    """Delete the celebration(s) the deleted message carried; says nothing."""
    event = ctx.event
    if not isinstance(event, MessageDeleted) or not event.message_id:
        return []
    posts = await ctx.uow.session.scalars(
        select(OutboxMessage.idempotency_key).where(
            OutboxMessage.platform == event.platform,
            OutboxMessage.platform_message_id == event.message_id,
            OutboxMessage.idempotency_key.startswith(CELEBRATION_KEY),
        )
    )
    from_posts = [int(k.removeprefix(CELEBRATION_KEY)) for k in posts if k.removeprefix(CELEBRATION_KEY).isdigit()]
    condition = or_(
        (Celebration.platform == event.platform) & (Celebration.source_message_id == event.message_id),
        Celebration.id.in_(from_posts),
    )
    ids = list((await ctx.uow.session.scalars(select(Celebration.id).where(condition))).all())
    if ids:
        await ctx.uow.session.execute(delete(Celebration).where(Celebration.id.in_(ids)))
        for celebration_id in ids:
            await ctx.audit("celebration.deleted_with_message", "celebration", celebration_id)
    return []
