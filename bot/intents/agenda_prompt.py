"""Answers to the pre-meeting prompt: a one-click suggestion or a free-text item (a form).

The item is stored on the meeting occurrence, the pending reminder is dropped, and the item is
posted to the team's channel (through the outbox) before the meeting. The prompt and reminder already
sent say what was set, without their buttons: the clicked one at once (``replace_original``), the others
through an outbox update (:mod:`bot.services.answered`).
"""

from __future__ import annotations

import hashlib

from bot import i18n, keys, texts
from bot.constants import COUNTY_ROLES, LEAD_ROLES
from bot.context import TurnContext
from bot.domain.nudge_messages import ITEM_LIMIT, agenda_form, agenda_item_post, meeting_label
from bot.errors import UserError
from bot.i18n import formats
from bot.ids import row_id
from bot.intents.answered import clicked_message
from bot.intents.guard import refuse_if_identifying
from bot.replies import OutgoingMessage, Reply, Target, say
from bot.services.answered import prompt_answered, update_of
from bot.services.language import channel_locale
from bot.store.models_nudges import MeetingOccurrence

PROMPT_KINDS = frozenset({"agenda-prompt", "agenda-reminder"})


def may_set_item(ctx: TurnContext, occurrence: MeetingOccurrence) -> bool:
    """The chair, a practice leader or manager of the meeting's team or locality, or a county lead."""
    if occurrence.chair_id == ctx.actor.id:
        return True
    for role in ctx.actor.roles:
        if role.role in COUNTY_ROLES and role.team_id is None and role.locality_id is None:
            return True
        if role.role in LEAD_ROLES and (
            (occurrence.team_id is not None and role.team_id == occurrence.team_id)
            or (occurrence.locality_id is not None and role.locality_id == occurrence.locality_id)
        ):
            return True
    return False


async def may_answer(ctx: TurnContext, occurrence: MeetingOccurrence) -> bool:
    """Who may set an occurrence's item: those of :func:`may_set_item`, and the member whose turn it is (the
    rotation, ``scheduler/rotation.py``)."""
    if may_set_item(ctx, occurrence):
        return True
    turn = await ctx.uow.rotation.turn(occurrence.id)
    return turn is not None and turn.person_id == ctx.actor.id


async def _occurrence(ctx: TurnContext, raw: str) -> MeetingOccurrence:
    occurrence = await ctx.uow.occurrences.get(found) if (found := row_id(raw)) is not None else None
    if occurrence is None:
        raise UserError(texts.AGENDA_GONE)
    if not await may_answer(ctx, occurrence):
        raise UserError(texts.AGENDA_ONLY_LEADS)
    return occurrence


async def record_item(ctx: TurnContext, occurrence: MeetingOccurrence, item: str, suggestion: str = "") -> Reply:
    """Store a meeting's Signs of Safety item, drop its reminder and post it to the channel.

    Args:
        ctx: The turn.
        occurrence: The meeting occurrence.
        item: The item (already checked).
        suggestion: The suggestion key when it was a one-click answer.

    Returns:
        The thank-you reply for the actor.
    """
    occurrence.sofs_item, occurrence.item_suggestion = item, suggestion
    occurrence.item_set_by, occurrence.item_set_at = ctx.actor.id, ctx.now
    await ctx.uow.nudges.skip_planned(occurrence_id=occurrence.id, reason="item recorded")
    await ctx.audit("agenda.item_set", "meeting_occurrence", occurrence.id, detail=suggestion or "free text")
    when = formats.weekday_time(occurrence.starts_at, ctx.actor.timezone or occurrence.timezone)
    await _update_prompts(ctx, occurrence, item)
    lines = [texts.AGENDA_ITEM_SAVED.format(item=item, title=occurrence.title, when=when)]
    if occurrence.starts_at <= ctx.now:
        lines.append(texts.AGENDA_STARTED)
    elif await _post_to_channels(ctx, occurrence, item):
        lines.append(texts.AGENDA_ITEM_WILL_POST)
    return say(*lines, replace_original=True)


async def _update_prompts(ctx: TurnContext, occurrence: MeetingOccurrence, item: str) -> None:
    """The prompt and reminder already sent for this meeting say what was set, and lose their buttons (the
    clicked one is replaced by the turn's reply)."""
    clicked = clicked_message(ctx)
    version = hashlib.sha256(item.encode()).hexdigest()[:10]
    team = await ctx.uow.orgs.team(occurrence.team_id) if occurrence.team_id is not None else None
    title = meeting_label(team.name if team else "", occurrence.title)
    for nudge in await ctx.uow.nudges.for_occurrence(occurrence.id):
        if nudge.kind not in PROMPT_KINDS or nudge.person_id is None:
            continue
        person = await ctx.uow.people.get(nudge.person_id)
        when = formats.weekday_time(occurrence.starts_at, person.timezone if person else occurrence.timezone)
        reply = prompt_answered(title=title, when=when, item=item, who=ctx.actor.display_name)
        update = await update_of(
            ctx.uow,
            nudge.key,
            reply,
            update_key=keys.answered(nudge.key, version),
            purpose="agenda_answered",
            clicked=clicked,
            waiting=False,
        )
        if update is not None:
            await ctx.send_later(update)


async def _post_to_channels(ctx: TurnContext, occurrence: MeetingOccurrence, item: str) -> bool:
    if occurrence.team_id is not None:
        channels = [b for b in await ctx.uow.orgs.bindings_of_team(occurrence.team_id) if b.platform == ctx.platform]
    else:
        locality = await ctx.uow.orgs.locality(occurrence.locality_id or 0)
        binding = None
        if locality is not None:
            bindings = await ctx.uow.nudge_config.bindings([ctx.platform])
            binding = next((b for b in bindings if b.locality_id == locality.id), None)
        channels = [binding] if binding else []
    targets = [(b.platform, b.channel_id) for b in channels]
    if occurrence.team_id is None and occurrence.locality_id is None:  # the County PL meeting: the PL group's channel
        targets = [(c.platform, c.channel_id) for c in await ctx.uow.pl_space.channels([ctx.platform])]
    digest = hashlib.sha256(item.encode()).hexdigest()[:10]
    for platform, channel_id in targets:
        binding = await ctx.uow.orgs.binding(platform, channel_id)
        with i18n.use(await channel_locale(ctx.uow, binding, ctx.org)):  # each channel's language
            post = agenda_item_post(
                title=occurrence.title,
                when=formats.weekday_time(occurrence.starts_at, occurrence.timezone),
                item=item,
                by=ctx.ref(ctx.actor),
            )
            target = Target(platform=platform, kind="channel", address=channel_id)
            key = keys.agenda_item(occurrence.id, digest, platform, channel_id)
            message = OutgoingMessage(target=target, reply=post, idempotency_key=key, purpose="agenda_item")
        await ctx.send_later(message)
    return bool(targets)


async def on_pick(ctx: TurnContext) -> list[Reply]:
    """A one-click suggestion (``agenda.pick``, value ``<occurrence>:<suggestion>``)."""
    raw, _, key = ctx.action.value.partition(":")
    occurrence = await _occurrence(ctx, raw)
    if key not in texts.SUGGESTIONS:
        raise UserError(texts.AGENDA_GONE)
    return [await record_item(ctx, occurrence, texts.SUGGESTIONS[key][1], key)]


async def on_write(ctx: TurnContext) -> list[Reply]:
    """ "Write my own" opens the free-text form."""
    occurrence = await _occurrence(ctx, ctx.action.value)
    return [say(agenda_form(occurrence.id, initial=occurrence.sofs_item))]


async def on_form(ctx: TurnContext) -> list[Reply]:
    """The free-text item form."""
    occurrence = await _occurrence(ctx, ctx.submission.context)
    item = " ".join(ctx.submission.fields.get("item", "").split())
    if not item:
        return [say(agenda_form(occurrence.id, error=texts.AGENDA_ITEM_EMPTY))]
    if len(item) > ITEM_LIMIT:
        return [
            say(agenda_form(occurrence.id, initial=item, error=texts.AGENDA_ITEM_TOO_LONG.format(limit=ITEM_LIMIT)))
        ]
    refusal = refuse_if_identifying(ctx, item)
    if refusal:
        return refusal
    return [await record_item(ctx, occurrence, item)]
