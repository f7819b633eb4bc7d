"""The monthly implementation pulse: one-click 0–10 answers, an optional "one point up", and the trend.

- ``pulse.answer`` (value ``<yyyy-mm>:<score>``) records the score for the practice leader's team
  and locality, and offers the optional "what would move it one point up?" form.
- ``/sofs pulse`` shows the average per team and locality over the last six months.
"""

from __future__ import annotations

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

from bot import texts
from bot.constants import Role
from bot.context import TurnContext
from bot.domain.nudge_messages import month_day, month_label, pulse_more_form
from bot.domain.schedule import month_key
from bot.errors import NotAllowed, UserError
from bot.i18n import formats
from bot.ids import ActionId
from bot.intents.guard import refuse_if_identifying
from bot.replies import Bold, Button, ButtonsBlock, FieldsBlock, Reply, say, text

_ANSWER = re.compile(r"^(\d{4}-\d{2}):(\d{1,2})$")
TREND_MONTHS = 6
TREND_ROLES = {"practice_leader", "manager", "project_manager", "principal_social_worker"}


def _units(ctx: TurnContext) -> tuple[int | None, int | None]:
    team = next((r.team_id for r in ctx.actor.roles if r.role == Role.PRACTICE_LEADER and r.team_id), None)
    locality = next((r.locality_id for r in ctx.actor.roles if r.role == Role.PRACTICE_LEADER and r.locality_id), None)
    return team, locality


async def on_answer(ctx: TurnContext) -> list[Reply]:
    """A one-click score."""
    match = _ANSWER.match(ctx.action.value)
    if match is None or not 0 <= int(match[2]) <= 10:
        raise UserError(texts.PULSE_BAD_ANSWER)
    month, score = match[1], int(match[2])
    team_id, locality_id = _units(ctx)
    if locality_id is None and team_id is not None:
        team = await ctx.uow.orgs.team(team_id)
        locality_id = team.locality_id if team else None
    await ctx.uow.pulse.answer(
        person_id=ctx.actor.id, month=month, score=score, team_id=team_id, locality_id=locality_id, at=ctx.now
    )
    await ctx.audit("pulse.answered", "person", ctx.actor.id, detail=month)
    more = Button(
        label=texts.PULSE_MORE_BUTTON, action_id=ActionId.PULSE_MORE, value=month, style="primary", opens_form=True
    )
    thanks = texts.PULSE_THANKS.format(score=score, month=month_label(month))
    return [say(thanks, ButtonsBlock(buttons=(more,)), replace_original=True)]


async def on_more(ctx: TurnContext) -> list[Reply]:
    """The "what would move it one point up?" button opens its form."""
    month = ctx.action.value if re.fullmatch(r"\d{4}-\d{2}", ctx.action.value) else ""
    if not month:
        raise UserError(texts.PULSE_BAD_ANSWER)
    answer = await ctx.uow.pulse.of(ctx.actor.id, month)
    return [say(pulse_more_form(month, initial=answer.one_point_up if answer else ""))]


async def on_form(ctx: TurnContext) -> list[Reply]:
    """The optional free text."""
    month = ctx.submission.context
    value = " ".join(ctx.submission.fields.get("more", "").split())[:1000]
    answer = await ctx.uow.pulse.of(ctx.actor.id, month)
    if answer is None:
        raise UserError(texts.PULSE_BAD_ANSWER)
    refusal = refuse_if_identifying(ctx, value)
    if refusal:
        return refusal
    answer.one_point_up = value
    await ctx.audit("pulse.one_point_up", "person", ctx.actor.id, detail=month)
    return [say(texts.PULSE_MORE_SAVED)]


async def on_trend(ctx: TurnContext) -> list[Reply]:
    """``/sofs pulse``: averages per team and locality, month by month."""
    if not any(r.role in TREND_ROLES for r in ctx.actor.roles):
        raise NotAllowed(texts.PULSE_NOT_ALLOWED)
    today = ctx.now.astimezone(ZoneInfo(ctx.org.timezone)).date()
    since = month_key(today - timedelta(days=31 * (TREND_MONTHS - 1)))
    rows = await ctx.uow.pulse.trend(since)
    if not rows:
        return [say(texts.PULSE_NO_ANSWERS)]
    names = {t.id: t.name for t in await ctx.uow.orgs.teams()}
    names_loc = {loc.id: loc.name for loc in await ctx.uow.orgs.localities()}
    series: dict[str, list[str]] = {}
    for team_id, locality_id, month, average, count in rows:
        unit = names.get(team_id or 0, "") if team_id else names_loc.get(locality_id or 0, "")
        series.setdefault(unit, []).append(f"{formats.short_month(month_day(month))} {average:.1f} ({count})")
    items = tuple((unit, " → ".join(points)) for unit, points in series.items() if unit)
    return [say(text(Bold(text=texts.PULSE_TREND_HEADER)), FieldsBlock(items=items))]
