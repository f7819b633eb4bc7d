"""Turn-side helpers for answered messages (:mod:`bot.services.answered`): updates queued from a turn."""

from __future__ import annotations

from bot.context import TurnContext
from bot.events import ActionInvoked
from bot.services.answered import review_updates
from bot.store.models import PracticeStory


def clicked_message(ctx: TurnContext) -> str:
    """The platform id of the message whose button started this turn ("" for anything else)."""
    return ctx.event.message_id if isinstance(ctx.event, ActionInvoked) else ""


async def update_reviews(ctx: TurnContext, story: PracticeStory, decision: str) -> None:
    """Every practice leader's approval message for the story's submission says how it was decided and
    loses its buttons (the clicked one is replaced by the turn's reply, so it is left alone)."""
    clicked = clicked_message(ctx)
    for update in await review_updates(
        ctx.uow, story.id, story.title, story.team_id, story.submitted_at, decision, clicked
    ):
        await ctx.send_later(update)
