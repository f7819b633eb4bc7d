"""``/sofs pathway``: the trainer pathway, three steps towards delivering the two-day training.

- ``/sofs pathway``: the person's three steps, which are confirmed, and what comes next.
- ``/sofs pathway shadowed|co-delivered|delivered [YYYY-MM-DD] [MINUTES]``: record a step (today by
  default). Each county project manager and principal social worker (not the person themselves) gets a
  direct message with a one-click "Confirm" (:mod:`bot.intents.pathway_confirm`).

Only the step, its day and the minutes are kept: any other words typed are not stored, and the person
is told so. The steps are usually taken in order; the order is not enforced.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot import keys, texts
from bot.constants import Role
from bot.context import TurnContext
from bot.domain.pathway import STEPS, Milestone, minutes_text, next_step, parse_record, step_label, step_named
from bot.i18n import formats
from bot.ids import ActionId
from bot.intents.seminar_common import split_word
from bot.replies import Bold, Button, ButtonsBlock, FieldsBlock, Reply, say, text
from bot.services.pathway import milestones_of
from bot.store.models import Person
from bot.store.models_pathway import TrainerMilestone


def status_line(milestone: Milestone | None, zone: ZoneInfo) -> str:
    """Where one step is: confirmed (by whom, when), waiting, or not yet."""
    if milestone is None:
        return texts.PATHWAY_NOT_YET
    day = formats.weekday_date(milestone.day) + minutes_text(milestone.minutes)
    if milestone.confirmed_at is None:
        return texts.PATHWAY_WAITING.format(day=day)
    confirmed = formats.weekday_date(milestone.confirmed_at.astimezone(zone).date())
    if not milestone.confirmed_by:
        return texts.PATHWAY_CONFIRMED_UNSIGNED.format(day=day, confirmed=confirmed)
    return texts.PATHWAY_CONFIRMED.format(day=day, who=milestone.confirmed_by, confirmed=confirmed)


async def pathway_reply(ctx: TurnContext, *notes: str) -> Reply:
    """The person's three steps and what comes next, after any notes."""
    milestones = await milestones_of(ctx.uow, ctx.actor.id)
    by_step = {m.step: m for m in milestones}
    items = tuple(
        (step_label(step), status_line(by_step.get(step), ZoneInfo(ctx.actor.timezone or ctx.org.timezone)))
        for step in STEPS
    )
    upcoming = next_step(milestones)
    closing = texts.PATHWAY_NEXT_LINE.format(next=texts.PATHWAY_NEXT[upcoming]) if upcoming else texts.PATHWAY_ALL_DONE
    return say(*notes, text(Bold(text=texts.PATHWAY_HEADER)), texts.PATHWAY_INTRO, FieldsBlock(items=items), closing)


async def on_command(ctx: TurnContext) -> list[Reply]:
    """``/sofs pathway [STEP [YYYY-MM-DD] [MINUTES]]``."""
    _, rest = split_word(ctx.command.text)
    word, argument = split_word(rest)
    if not word:
        return [await pathway_reply(ctx)]
    step = step_named(word)
    if step is None:
        return [say(texts.PATHWAY_USAGE)]
    today = ctx.now.astimezone(ZoneInfo(ctx.actor.timezone or ctx.org.timezone)).date()
    wanted = parse_record(step, argument.split(), today)
    milestone = await ctx.uow.pathway.record(
        ctx.org.id, ctx.actor.id, step, wanted.day, minutes=wanted.minutes, now=ctx.now
    )
    label = step_label(step)
    if milestone.confirmed_at is not None:
        return [
            await pathway_reply(
                ctx, texts.PATHWAY_ALREADY_CONFIRMED.format(step=label, day=formats.weekday_date(milestone.done_on))
            )
        ]
    await ctx.audit("pathway.recorded", "trainer_milestone", milestone.id, detail=step)
    confirmers = await _confirmers(ctx)
    for confirmer in confirmers:
        await ctx.send_to_person(
            confirmer,
            lambda: _request(ctx, milestone),
            keys.pathway_request(milestone.id, milestone.recorded_at, confirmer.id),
            "pathway_request",
        )
    day, minutes = formats.weekday_date(milestone.done_on), minutes_text(milestone.minutes)
    if confirmers:
        names = [c.display_name for c in confirmers]
        who = texts.PATHWAY_AND.join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else names[0]
        notes = [texts.PATHWAY_RECORDED.format(step=label, day=day, minutes=minutes, who=who)]
    else:
        notes = [texts.PATHWAY_RECORDED_NOBODY.format(step=label, day=day, minutes=minutes)]
    if wanted.had_note:
        notes.append(texts.PATHWAY_NOTE_NOT_KEPT)
    return [await pathway_reply(ctx, *notes)]


async def _confirmers(ctx: TurnContext) -> list[Person]:
    """The county project managers and principal social workers, each once, never the actor."""
    found: dict[int, Person] = {}
    for role in (Role.PROJECT_MANAGER, Role.PRINCIPAL_SOCIAL_WORKER):
        for person in await ctx.uow.people.with_role(role):
            if person.id != ctx.actor.id and person.organisation_id == ctx.org.id:
                found.setdefault(person.id, person)
    return list(found.values())


def _request(ctx: TurnContext, milestone: TrainerMilestone) -> Reply:
    """The direct message that asks a county role to confirm a step, with its one button."""
    tail = texts.PATHWAY_ASK_TAIL.format(
        step=step_label(milestone.step),
        day=formats.weekday_date(milestone.done_on),
        minutes=minutes_text(milestone.minutes),
    )
    button = Button(
        label=texts.PATHWAY_CONFIRM_BUTTON, action_id=ActionId.PATHWAY_CONFIRM, value=str(milestone.id), style="primary"
    )
    return say(text(texts.PATHWAY_ASK, ctx.ref(ctx.actor), tail), ButtonsBlock(buttons=(button,)))
