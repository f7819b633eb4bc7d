"""``/sofs forget-me``: a person erases themselves, after one confirmation."""

from __future__ import annotations

from bot import texts
from bot.context import TurnContext
from bot.ids import ActionId
from bot.replies import Button, ButtonsBlock, FieldsBlock, Reply, say
from bot.store.erasure import erase_person


async def on_command(ctx: TurnContext) -> list[Reply]:
    """Explain what will happen and ask for confirmation."""
    confirm = Button(label=texts.FORGET_CONFIRM, action_id=ActionId.SOFS_FORGET_ME, value="yes", style="danger")
    return [say(texts.FORGET_EXPLAIN, ButtonsBlock(buttons=(confirm,)))]


async def on_confirm(ctx: TurnContext) -> list[Reply]:
    """Erase the actor and say what was done."""
    report = await erase_person(ctx.uow, ctx.actor, ctx.now)
    items = tuple((line.split(":", 1)[0], line.split(":", 1)[-1].strip()) for line in report.lines()[1:])
    return [say(texts.FORGET_DONE, FieldsBlock(items=items), replace_original=True)]
