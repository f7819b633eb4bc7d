"""Turning a due nudge into the outgoing message the outbox stores (rendered when it falls due)."""

from __future__ import annotations

from datetime import datetime

from bot import i18n, texts
from bot.domain.digest import is_long, thread_headline
from bot.domain.nudge_messages import (
    event_reminder_post,
    meeting_label,
    prompt_reply,
    pulse_reply,
)
from bot.domain.suggestions import choose_suggestions
from bot.i18n import formats
from bot.ports import CalendarSource
from bot.replies import OutgoingMessage, Reply, Target
from bot.services.language import person_locale, unit_locale
from bot.store.models_nudges import Nudge
from bot.store.uow import UnitOfWork
from scheduler.digests import digest_reply, unit_name
from scheduler.env import NudgeEnv
from scheduler.pl_space import PL_KINDS, render_pl
from scheduler.pl_space import PURPOSES as PL_PURPOSES
from scheduler.rotation import turn_reason
from scheduler.stand_in import absent_chair

PURPOSES = {
    "agenda-prompt": "agenda_prompt",
    "agenda-reminder": "agenda_reminder",
    "digest": "digest",
    "pulse": "pulse",
    "event-reminder": "event_reminder",
    **PL_PURPOSES,
}


async def _prompt(uow: UnitOfWork, env: NudgeEnv, nudge: Nudge) -> Reply | None:
    occurrence = await uow.occurrences.get(nudge.occurrence_id or 0)
    person = env.people.get(nudge.person_id or 0)
    if occurrence is None or person is None:
        return None
    if not occurrence.offered:
        occurrence.offered = choose_suggestions(await uow.occurrences.recent_offers(occurrence))
    unit = await unit_name(uow, occurrence.team_id, occurrence.locality_id)
    chair = absent_chair(env, occurrence, person.id)
    why = await turn_reason(uow, env, nudge, occurrence)
    return prompt_reply(
        title=meeting_label(unit, occurrence.title),
        when=formats.weekday_time(occurrence.starts_at, person.timezone),
        occurrence_id=occurrence.id,
        suggestions=occurrence.offered,
        reminder=nudge.kind == "agenda-reminder" and not why.first_ask,
        instead_of=chair.display_name if chair and not why.own_turn else "",
        reason=why.text,
    )


async def _event(uow: UnitOfWork, nudge: Nudge) -> Reply | None:
    event = await uow.events.get(nudge.event_id or 0)
    if event is None:
        return None
    lead_minutes = int(nudge.period or 0)
    lead = texts.EVENT_TOMORROW if lead_minutes <= 24 * 60 else texts.EVENT_IN_A_WEEK
    return event_reminder_post(
        kind=event.kind,
        title=event.title,
        when=formats.when(event.starts_at, event.timezone),
        lead=lead,
        place=event.place,
        link=event.link,
        capacity=event.capacity,
        event_id=event.id,
    )


async def locale_of(uow: UnitOfWork, env: NudgeEnv, nudge: Nudge) -> str:
    """The language a nudge is written in: its person's, or its channel's team or locality's."""
    if nudge.person_id is not None:
        return person_locale(env.people.get(nudge.person_id), env.organisation)
    unit = (await env.units(uow)).get((nudge.platform, nudge.channel_id))
    return unit_locale(unit.team_locale if unit else "", unit.locality_locale if unit else "", env.organisation)


async def render(
    uow: UnitOfWork, env: NudgeEnv, nudge: Nudge, now: datetime, calendars: CalendarSource
) -> OutgoingMessage | None:
    """The message for a due nudge, or None when there is nothing to send (an empty digest).

    Args:
        uow: An open unit of work.
        env: The organisation's nudge settings.
        nudge: The due nudge.
        now: The current instant.
        calendars: Reads the meetings kept in a calendar (the digest lists next week's).

    Returns:
        The outgoing message keyed by the nudge's idempotency key, written in its reader's language.
    """
    with i18n.use(await locale_of(uow, env, nudge)):
        return await _render(uow, env, nudge, now, calendars)


async def _render(
    uow: UnitOfWork, env: NudgeEnv, nudge: Nudge, now: datetime, calendars: CalendarSource
) -> OutgoingMessage | None:
    reply: Reply | None
    if nudge.kind in {"agenda-prompt", "agenda-reminder"}:
        reply = await _prompt(uow, env, nudge)
    elif nudge.kind == "pulse":
        reply = pulse_reply(nudge.period)
    elif nudge.kind == "digest":
        reply = await digest_reply(uow, env, nudge.platform, nudge.channel_id, now, calendars)
    elif nudge.kind == "event-reminder":
        reply = await _event(uow, nudge)
    elif nudge.kind in PL_KINDS:
        reply = await render_pl(uow, env, nudge, now)
    else:
        reply = None
    if reply is None:
        return None
    if nudge.person_id is not None:
        target = Target(platform=nudge.platform, kind="person", address=str(nudge.person_id))
    else:
        target = Target(platform=nudge.platform, kind="channel", address=nudge.channel_id)
    headline = thread_headline(reply) if nudge.kind == "digest" and is_long(reply) else ""
    return OutgoingMessage(
        target=target, reply=reply, idempotency_key=nudge.key, purpose=PURPOSES[nudge.kind], headline=headline
    )
