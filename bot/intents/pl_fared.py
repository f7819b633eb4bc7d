"""A locality's "how we've fared" line before a County PL meeting (issue 18).

``fared.write`` (value ``<occurrence>:<locality>``, the button of the question sent to one practice
leader of each locality) opens the one-line form; ``fared.line`` stores the line once the identifier
guard finds nothing identifying in it. Any practice leader of the locality may write it; a later line
replaces the earlier one. The lines become the summary posted in the PL group's channel before the
meeting (:mod:`scheduler.pl_space`).
"""

from __future__ import annotations

from bot import texts
from bot.context import TurnContext
from bot.domain.pl_space import FARED_LIMIT, fared_form
from bot.i18n import formats
from bot.intents.guard import refuse_if_identifying
from bot.replies import Reply, say
from bot.services.pl_space import fared_target, write_fared_line


async def on_write(ctx: TurnContext) -> list[Reply]:
    """ "Write our line" opens the one-line form (with the locality's current line, if any)."""
    target = await fared_target(ctx.uow, ctx.actor, ctx.action.value, ctx.now)
    current = (await ctx.uow.pl_space.lines(target.occurrence.id)).get(target.locality.id)
    form = fared_form(
        target.occurrence.id, target.locality.id, target.locality.name, initial=current.line if current else ""
    )
    return [say(form)]


async def on_form(ctx: TurnContext) -> list[Reply]:
    """The line: checked, guarded, stored."""
    target = await fared_target(ctx.uow, ctx.actor, ctx.submission.context, ctx.now)
    occurrence, locality = target.occurrence, target.locality
    line = " ".join(ctx.submission.fields.get("line", "").split())
    if not line:
        return [say(fared_form(occurrence.id, locality.id, locality.name, error=texts.FARED_EMPTY))]
    if len(line) > FARED_LIMIT:
        error = texts.FARED_TOO_LONG.format(limit=FARED_LIMIT)
        return [say(fared_form(occurrence.id, locality.id, locality.name, initial=line, error=error))]
    refusal = refuse_if_identifying(ctx, line)
    if refusal:
        return refusal
    saved = await write_fared_line(ctx.uow, ctx.actor, target, line, ctx.now)
    await ctx.audit("pl.fared_line", "meeting_occurrence", occurrence.id, detail=f"locality {locality.id}")
    when = formats.when(occurrence.starts_at, ctx.actor.timezone or occurrence.timezone)
    lines = [texts.FARED_SAVED.format(locality=locality.name, title=occurrence.title, when=when, line=line)]
    if saved.replaced:
        lines.append(texts.FARED_REPLACED)
    if saved.late:
        lines.append(texts.FARED_LATE)
    return [say(*lines)]
