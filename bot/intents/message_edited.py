"""A message the bot acted on was edited: the identifier guard reads the new text.

Nothing the bot posted changes with an edit (its copy was made from the text that passed the
guard). When the author edits the message a celebration came from (a Teams "celebrate" message)
into a text with a ``block`` finding, the author alone is told, without the text being repeated,
and the finding's kinds are audited. Edits of messages the bot never acted on are not its business.
"""

from __future__ import annotations

from bot import texts
from bot.context import TurnContext
from bot.events import MessageEdited
from bot.intents.guard import findings_of, kinds_of
from bot.privacy import is_blocking
from bot.replies import Reply, say


async def on_edited(ctx: TurnContext) -> list[Reply]:
    """Warn the author privately when their edit made a message the bot acted on identifying."""
    event = ctx.event
    if not isinstance(event, MessageEdited) or not event.message_id:
        return []
    if not await ctx.uow.celebrations.from_message(event.platform, event.message_id):
        return []
    findings = findings_of(ctx, event.text)
    if not is_blocking(findings):
        return []
    ctx.audit_soon("privacy.blocked", "edit", event.event_id[:80], detail=kinds_of(findings))
    warning = say(texts.GUARD_EDITED_MESSAGE)
    return [warning.model_copy(update={"sensitive": True})]
