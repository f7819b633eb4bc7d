"""The "nominate for the gathering" button on celebrations and stories.

Its value is ``celebration:<id>`` or ``story:<id>``. Anyone may nominate a celebration; a story
must have been approved for the intranet first (it has passed a practice leader's review).
"""

from __future__ import annotations

from bot import texts
from bot.constants import StoryStatus
from bot.context import TurnContext
from bot.errors import UserError
from bot.ids import ActionId, row_id
from bot.replies import Button, Reply, say
from bot.store.models import Celebration, PracticeStory

ACTION_ID = ActionId.GATHERING_NOMINATE
KINDS = ("celebration", "story")
READY_STATUSES = (StoryStatus.APPROVED, StoryStatus.PUBLISHED)


def nominate_button(kind: str, object_id: int) -> Button:
    """The button to put on a celebration or a story."""
    return Button(label=texts.GATHERING_BUTTON, action_id=ACTION_ID, value=f"{kind}:{object_id}")


def parse_value(value: str) -> tuple[str, int] | None:
    """``celebration:12`` → ("celebration", 12); None for anything else."""
    kind, _, raw_id = value.partition(":")
    found = row_id(raw_id)
    return (kind, found) if kind in KINDS and found is not None else None


async def on_nominate(ctx: TurnContext) -> list[Reply]:
    """Record the actor's nomination (once per person and object)."""
    parsed = parse_value(ctx.action.value)
    if parsed is None:
        raise UserError(texts.GATHERING_NOT_FOUND)
    kind, object_id = parsed
    found: Celebration | PracticeStory | None
    if kind == "celebration":
        found = await ctx.uow.celebrations.get(object_id)
    else:
        found = await ctx.uow.stories.get(object_id)
    if found is None or found.organisation_id != ctx.org.id:
        raise UserError(texts.GATHERING_NOT_FOUND)
    if isinstance(found, PracticeStory) and found.status not in READY_STATUSES:
        raise UserError(texts.GATHERING_STORY_NOT_READY)
    if not await ctx.uow.web.nominations.add(ctx.org.id, kind, object_id, ctx.actor.id, ctx.now):
        return [say(texts.GATHERING_ALREADY)]
    await ctx.audit("gathering.nominated", kind, object_id)
    return [say(texts.GATHERING_NOMINATED)]
