"""``/seminar attendance``: the organiser marks who came, one click per person (issue 18).

The list shows the organiser's events that started in the last 30 days (newest five), each with a
button for everyone who said going or maybe. A click marks that person as attended, a second click
undoes it; the message is redrawn in place. Only attended events count in the learning record
(:mod:`bot.services.learning`). The organiser, or a county lead, may mark; nobody else.
"""

from __future__ import annotations

from datetime import timedelta

from bot import texts
from bot.context import TurnContext
from bot.errors import UserError
from bot.ids import ActionId, row_id
from bot.intents.seminar_common import is_county_lead, when
from bot.replies import Button, ButtonsBlock, Reply, TextBlock, say, text
from bot.store.models_nudges import ScheduledEvent

LOOK_BACK_DAYS = 30
PER_ROW = 5


async def on_attendance(ctx: TurnContext, _rest: str) -> list[Reply]:
    """``/seminar attendance``: one message per recent event of the actor's."""
    since = ctx.now - timedelta(days=LOOK_BACK_DAYS)
    events = await ctx.uow.events.organised_between(ctx.actor.id, since, ctx.now)
    if not events:
        return [say(texts.ATTENDANCE_NONE.format(days=LOOK_BACK_DAYS))]
    return [await _attendance_reply(ctx, event) for event in events]


async def _attendance_reply(ctx: TurnContext, event: ScheduledEvent, *, replace: bool = False) -> Reply:
    people = await ctx.uow.seminars.rsvps.attendance(event.id)
    if not people:
        return say(texts.ATTENDANCE_NOBODY.format(title=event.title), replace_original=replace)
    buttons = [
        Button(
            label=texts.ATTENDANCE_MARKED.format(name=person.display_name) if attended else person.display_name,
            action_id=ActionId.EVENT_ATTENDED,
            value=f"{event.id}:{person.id}",
            style="primary" if attended else "default",
        )
        for person, _answer, attended in people
    ]
    rows = [ButtonsBlock(buttons=tuple(buttons[i : i + PER_ROW])) for i in range(0, len(buttons), PER_ROW)]
    title = text(texts.ATTENDANCE_TITLE.format(title=event.title, when=when(ctx, event.starts_at)))
    blocks: list[TextBlock | ButtonsBlock] = [title, *rows]
    return say(*blocks, replace_original=replace)


def _ids(value: str) -> tuple[int, int] | None:
    event_id, _, person_id = value.partition(":")
    event, person = row_id(event_id), row_id(person_id)
    return (event, person) if event is not None and person is not None else None


async def on_attended(ctx: TurnContext) -> list[Reply]:
    """A click on a person: mark them attended, or undo it; redraw the list."""
    ids = _ids(ctx.action.value)
    event = await ctx.uow.events.get(ids[0]) if ids else None
    if ids is None or event is None:
        raise UserError(texts.EVENT_GONE)
    if event.organiser_id != ctx.actor.id and not is_county_lead(ctx.actor):
        raise UserError(texts.ATTENDANCE_ONLY_ORGANISER)
    if event.starts_at > ctx.now:
        raise UserError(texts.ATTENDANCE_NOT_YET)
    marked = {person.id: at for person, _answer, at in await ctx.uow.seminars.rsvps.attendance(event.id)}
    if ids[1] not in marked:
        raise UserError(texts.ATTENDANCE_GONE)
    await ctx.uow.seminars.rsvps.mark_attended(event.id, ids[1], None if marked[ids[1]] else ctx.now)
    await ctx.audit("event.attended", "event", event.id, detail="unmarked" if marked[ids[1]] else "marked")
    return [await _attendance_reply(ctx, event, replace=True)]
