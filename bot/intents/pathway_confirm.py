"""``pathway.confirm``: a county project manager or principal social worker confirms a trainer pathway step.

One click in the direct message :mod:`bot.intents.pathway` sent. Only a county role may confirm, and
never their own step. A second click (theirs, or a colleague's on their own copy) says who already
confirmed it; nothing changes and the person is told once.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot import keys, texts
from bot.constants import COUNTY_ROLES
from bot.context import TurnContext
from bot.domain.pathway import step_label
from bot.errors import NotAllowed, UserError
from bot.i18n import formats
from bot.intents.seminar_common import as_id
from bot.replies import Reply, say
from bot.store.models import Person


def is_county(person: Person) -> bool:
    """True for a project manager or principal social worker of the whole county."""
    return any(r.role in COUNTY_ROLES and r.team_id is None and r.locality_id is None for r in person.roles)


async def on_confirm(ctx: TurnContext) -> list[Reply]:
    """Confirm the step whose id is the button's value."""
    if not is_county(ctx.actor):
        raise NotAllowed(texts.PATHWAY_CONFIRM_ONLY_COUNTY)
    milestone_id = as_id(ctx.action.value)
    milestone = await ctx.uow.pathway.get(milestone_id) if milestone_id else None
    if milestone is None or milestone.organisation_id != ctx.org.id:
        raise UserError(texts.PATHWAY_CONFIRM_GONE)
    if milestone.person_id == ctx.actor.id:
        raise NotAllowed(texts.PATHWAY_CONFIRM_NOT_OWN)
    if milestone.confirmed_at is not None:
        confirmed = formats.weekday_date(milestone.confirmed_at.astimezone(ZoneInfo(ctx.actor.timezone)).date())
        by = await ctx.uow.people.get(milestone.confirmed_by_id) if milestone.confirmed_by_id else None
        if by is None:
            return [say(texts.PATHWAY_CONFIRM_ALREADY_UNSIGNED.format(confirmed=confirmed))]
        return [say(texts.PATHWAY_CONFIRM_ALREADY.format(who=by.display_name, confirmed=confirmed))]
    await ctx.uow.pathway.confirm(milestone, ctx.actor.id, ctx.now)
    await ctx.audit("pathway.confirmed", "trainer_milestone", milestone.id, detail=milestone.step)
    step, day = step_label(milestone.step), formats.weekday_date(milestone.done_on)
    person = await ctx.uow.people.get(milestone.person_id)
    if person is not None:

        def note() -> Reply:
            mine = step_label(milestone.step), formats.weekday_date(milestone.done_on)  # in their language
            return say(texts.PATHWAY_CONFIRMED_NOTE.format(step=mine[0], day=mine[1], who=ctx.actor.display_name))

        await ctx.send_to_person(person, note, keys.pathway_confirmed(milestone.id), "pathway_confirmed")
    name = person.display_name if person is not None else "—"
    return [say(texts.PATHWAY_CONFIRM_DONE.format(step=step, day=day, person=name), replace_original=True)]
