"""``/idea text``: a good idea that worked locally, sent to the county project manager.

``/idea`` alone opens a form with one field (in a Teams channel, a dialog), checked the same way.
"""

from __future__ import annotations

from bot import keys, texts
from bot.commands import catalogue_entry
from bot.context import TurnContext
from bot.ids import FormId
from bot.intents.guard import confirm_field, form_guard, refuse_if_identifying
from bot.replies import FormBlock, FormField, Plain, Reply, say, text
from bot.store.models import Idea

IDEA = catalogue_entry("idea")
MAX_TEXT = 2000
FORM_ID = FormId.IDEA


def idea_form(
    values: dict[str, str] | None = None, errors: dict[str, str] | None = None, *, offer_override: bool = False
) -> FormBlock:
    """The idea form: one text, what worked locally."""
    values, errors = values or {}, errors or {}
    field = FormField(
        name="text",
        label=texts.IDEA_FORM_LABEL,
        kind="multiline",
        max_length=MAX_TEXT,
        initial=values.get("text", ""),
        error=errors.get("text", ""),
    )
    fields = (field, *((confirm_field(),) if offer_override else ()))
    return FormBlock(form_id=FORM_ID, title=texts.IDEA_FORM_TITLE, submit_label=texts.IDEA_FORM_SUBMIT, fields=fields)


async def on_command(ctx: TurnContext) -> list[Reply]:
    """Store the idea, queue it to the project manager(s), thank the author; alone, open the form."""
    what = ctx.command.text.strip()
    if not what:
        return [Reply(blocks=(idea_form(),))]
    if len(what) > MAX_TEXT:
        return [say(texts.CELEBRATE_TOO_LONG.format(limit=MAX_TEXT))]
    refusal = refuse_if_identifying(ctx, what)
    if refusal:
        return refusal
    return await send_idea(ctx, what)


async def on_form(ctx: TurnContext) -> list[Reply]:
    """The idea form: the same checks as the command, errors and the guard's findings shown in the form."""
    fields = {k: v.strip() for k, v in ctx.submission.fields.items()}
    what = fields.get("text", "")
    errors = {"text": texts.IDEA_FORM_NEED_TEXT} if not what else {}
    guard_errors, offer = form_guard(ctx, FORM_ID, fields)
    errors |= guard_errors
    if errors:
        return [Reply(blocks=(idea_form(fields, errors, offer_override=offer),))]
    return await send_idea(ctx, what)


async def send_idea(ctx: TurnContext, what: str) -> list[Reply]:
    """Store an idea that passed the guard and queue it to the project manager(s)."""
    idea = await ctx.uow.ideas.add(
        Idea(organisation_id=ctx.org.id, author_id=ctx.actor.id, text=what, created_at=ctx.now)
    )
    await ctx.audit("idea.sent", "idea", idea.id)
    managers = await ctx.uow.people.with_role("project_manager")

    def message() -> Reply:
        return say(text(texts.IDEA_TO_PM, ctx.ref(ctx.actor), texts.IDEA_TO_PM_TAIL), text(Plain(text=what)))

    for manager in managers:
        await ctx.send_to_person(manager, message, keys.idea(idea.id, manager.id), "idea")
    if not managers:
        return [say(texts.IDEA_THANKS_NO_PM)]
    return [say(texts.IDEA_THANKS.format(who=", ".join(m.display_name for m in managers)))]
