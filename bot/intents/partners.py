"""``/sofs partner``: a locality's partner organisations and the briefings they have had.

- ``/sofs partner`` or ``list``: every partner, briefed (when), planned, or not yet briefed.
- ``/sofs partner add NAME [— kind]``: a new partner organisation (practice leaders, managers, leads).
- ``/sofs partner briefed NAME [YYYY-MM-DD]``: record a briefing held (today by default).

Partner briefings planned as events (``/seminar event``, kind partner briefing) are recorded when the
event is created and forgotten if it is cancelled.
"""

from __future__ import annotations

import difflib
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot import texts
from bot.context import TurnContext
from bot.errors import NotAllowed, UserError
from bot.i18n import formats
from bot.intents.guard import refuse_if_identifying
from bot.intents.seminar_common import EVENT_CREATORS, leads, require_locality, split_word, when
from bot.intents.seminar_topics import split_proposal
from bot.replies import Bold, FieldsBlock, Reply, say, text
from bot.store.models import Locality, Partner
from bot.store.models_seminars import PartnerBriefing

NAME_LIMIT, KIND_LIMIT = 200, 80
NOON = time(12, 0)


async def partners_reply(ctx: TurnContext, locality: Locality, note: str = "") -> Reply:
    """The locality's partners with their briefing status."""
    status = await ctx.uow.seminars.briefings.status(locality.id, ctx.now)
    items = [(name, texts.PARTNER_BRIEFED.format(when=when(ctx, at))) for name, at in status.briefed]
    items += [(name, texts.PARTNER_PLANNED.format(when=when(ctx, at))) for name, at in status.planned]
    items += [(name, texts.PARTNER_NOT_YET) for name in status.not_yet]
    if not items:
        return say(*([note] if note else []), texts.PARTNER_NONE.format(locality=locality.name))
    header = text(Bold(text=texts.PARTNER_LIST_HEADER.format(locality=locality.name)))
    if note:
        return say(text(note), header, FieldsBlock(items=tuple(items)))
    return say(header, FieldsBlock(items=tuple(items)))


async def on_command(ctx: TurnContext) -> list[Reply]:
    """``/sofs partner [list | add NAME [— kind] | briefed NAME [YYYY-MM-DD]]``."""
    _, rest = split_word(ctx.command.text)
    verb, argument = split_word(rest)
    locality = await require_locality(ctx)
    if verb in {"", "list"}:
        return [await partners_reply(ctx, locality)]
    if verb not in {"add", "briefed"} or not argument:
        return [say(texts.PARTNER_USAGE)]
    if not leads(ctx.actor, locality, EVENT_CREATORS):
        raise NotAllowed(texts.PARTNER_ONLY_LEADS)
    if verb == "add":
        return await _add(ctx, locality, argument)
    return await _briefed(ctx, locality, argument)


async def _add(ctx: TurnContext, locality: Locality, argument: str) -> list[Reply]:
    name, kind = split_proposal(argument)
    if not name or len(name) > NAME_LIMIT or len(kind) > KIND_LIMIT:
        return [say(texts.PARTNER_USAGE)]
    refused = refuse_if_identifying(ctx, name, kind)
    if refused:
        return refused
    existing = await ctx.uow.seminars.briefings.partners(locality.id)
    if any(p.name.casefold() == name.casefold() for p in existing):
        return [say(texts.PARTNER_EXISTS.format(name=name, locality=locality.name))]
    partner = await ctx.uow.seminars.briefings.add_partner(locality.id, name, kind)
    await ctx.audit("partner.added", "partner", partner.id)
    return [await partners_reply(ctx, locality, texts.PARTNER_ADDED.format(name=name, locality=locality.name))]


def _match(name: str, partners: list[Partner]) -> Partner | None:
    by_name = {p.name.casefold(): p for p in partners}
    if name.casefold() in by_name:
        return by_name[name.casefold()]
    close = difflib.get_close_matches(name.casefold(), list(by_name), n=1, cutoff=0.75)
    if close:
        return by_name[close[0]]
    starts = [p for key, p in by_name.items() if key.startswith(name.casefold())]
    return starts[0] if len(starts) == 1 else None


def _split_day(argument: str, today: date) -> tuple[str, date | None]:
    words = argument.split()
    if words:
        try:
            return " ".join(words[:-1]), date.fromisoformat(words[-1])
        except ValueError:
            pass
    return argument, today


async def _briefed(ctx: TurnContext, locality: Locality, argument: str) -> list[Reply]:
    zone = ZoneInfo(ctx.actor.timezone)
    today = ctx.now.astimezone(zone).date()
    name, day = _split_day(argument, today)
    if day is None or day > today:
        raise UserError(texts.PARTNER_BAD_DATE)
    partners = list(await ctx.uow.seminars.briefings.partners(locality.id))
    partner = _match(name.strip(), partners)
    if partner is None:
        known = ", ".join(p.name for p in partners) or "—"
        raise UserError(texts.PARTNER_UNKNOWN.format(locality=locality.name, name=name.strip(), known=known))
    at = min(datetime.combine(day, NOON, tzinfo=zone), ctx.now)
    briefing = await ctx.uow.seminars.briefings.record(
        PartnerBriefing(
            locality_id=locality.id,
            partner_name=partner.name,
            partner_kind=partner.kind,
            briefed_at=at,
            event_id=None,
            recorded_by_id=ctx.actor.id,
            created_at=ctx.now,
        )
    )
    await ctx.audit("partner.briefed", "partner_briefing", briefing.id)
    note = texts.PARTNER_RECORDED.format(name=partner.name, day=formats.weekday_date(day))
    return [await partners_reply(ctx, locality, note)]
