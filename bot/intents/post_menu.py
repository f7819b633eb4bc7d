""" "Edit or withdraw" on a post of the bot: the Slack message shortcut and the Teams message action.

The action names the platform message (Slack ``"<channel>:<ts>"``, Teams the activity id, as the
senders store them). The post is found through the outbox row it was sent as; the answer, to the
person alone, offers the same Edit and Withdraw buttons as the private confirmation, and those check
who may use them (the author edits; the author, a practice leader of the team or a county lead removes).
"""

from __future__ import annotations

from bot import keys, texts
from bot.context import TurnContext
from bot.intents.celebrate import celebration_buttons
from bot.intents.stories import author_buttons
from bot.replies import Reply, say


async def on_post_menu(ctx: TurnContext) -> list[Reply]:
    """Offer Edit and Withdraw for the celebration or story a platform message carries."""
    message_id = ctx.action.value
    posted = ctx.uow.outbox.keys_posted_as
    for key in await posted(ctx.platform, message_id, keys.CELEBRATION_PREFIX):
        celebration_id = keys.celebration_id(key)
        if celebration_id is not None and await ctx.uow.celebrations.get(celebration_id) is not None:
            return [say(texts.POST_MENU_CELEBRATION, celebration_buttons(celebration_id))]
    for key in await posted(ctx.platform, message_id, keys.STORY_PREFIX):
        story_id = keys.story_id(key)
        story = await ctx.uow.stories.get(story_id) if story_id is not None else None
        if story is not None:
            return [say(texts.POST_MENU_STORY, author_buttons(story))]
    return [say(texts.POST_MENU_NOT_OURS)]
