"""``/idea text``: a good idea that worked locally, sent to the county project manager."""

from __future__ import annotations

from bot import texts
from bot.commands import catalogue_entry
from bot.context import TurnContext
from bot.intents.guard import refuse_if_identifying
from bot.replies import Plain, Reply, say, text
from bot.store.models import Idea

IDEA = catalogue_entry("idea")
MAX_TEXT = 2000


async def on_command(ctx: TurnContext) -> list[Reply]:
    """Store the idea, queue it to the project manager(s), thank the author."""
    what = ctx.command.text.strip()
    if not what or len(what) > MAX_TEXT:
        return [say(texts.IDEA_NEED_TEXT if not what else texts.CELEBRATE_TOO_LONG.format(limit=MAX_TEXT))]
    refusal = refuse_if_identifying(ctx, what)
    if refusal:
        return refusal
    idea = await ctx.uow.ideas.add(
        Idea(organisation_id=ctx.org.id, author_id=ctx.actor.id, text=what, created_at=ctx.now)
    )
    await ctx.audit("idea.sent", "idea", idea.id)
    managers = await ctx.uow.people.with_role("project_manager")
    message = say(text(texts.IDEA_TO_PM, ctx.ref(ctx.actor), texts.IDEA_TO_PM_TAIL), text(Plain(text=what)))
    for manager in managers:
        await ctx.send_to_person(manager, message, f"idea:{idea.id}:{manager.id}", "idea")
    if not managers:
        return [say(texts.IDEA_THANKS_NO_PM)]
    return [say(texts.IDEA_THANKS.format(who=", ".join(m.display_name for m in managers)))]
