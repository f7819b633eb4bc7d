"""Helpers the seminar, event, map and partner intents share: where we are, who leads it, how to say when."""

from __future__ import annotations

import re
from datetime import datetime

from bot import keys, texts
from bot.constants import COUNTY_ROLES
from bot.context import TurnContext
from bot.errors import NotAllowed, UserError
from bot.i18n import formats
from bot.ids import row_id
from bot.replies import OutgoingMessage, Reply, Target
from bot.store.models import Locality, Person

EVENT_CREATORS = frozenset({"practice_leader", "manager"})
_WORD_REST = re.compile(r"^\s*(\S+)\s*(.*)$", re.DOTALL)


def split_word(value: str) -> tuple[str, str]:
    """The first word (lower-cased) and the rest of a text."""
    match = _WORD_REST.match(value)
    return (match[1].lower(), match[2].strip()) if match else ("", "")


def as_id(value: str) -> int | None:
    """A positive id from a button value or form context, or None."""
    return row_id(value.split(":", 1)[0].strip())


async def locality_here(ctx: TurnContext) -> Locality | None:
    """The locality of this channel (a team channel: its team's), else the actor's own locality."""
    binding = ctx.binding
    if binding is not None and binding.locality_id is not None:
        return await ctx.uow.orgs.locality(binding.locality_id)
    if binding is not None and binding.team_id is not None:
        return await ctx.uow.seminars.membership.locality_of_team(binding.team_id)
    mine = await ctx.uow.seminars.membership.localities_of(ctx.actor.id)
    return await ctx.uow.orgs.locality(mine[0]) if mine else None


async def require_locality(ctx: TurnContext) -> Locality:
    """The locality, or a kind explanation when the bot cannot tell which one."""
    locality = await locality_here(ctx)
    if locality is None:
        raise UserError(texts.SEMINAR_NO_LOCALITY)
    return locality


def is_county_lead(person: Person) -> bool:
    """The county project manager or principal social worker."""
    return any(r.role in COUNTY_ROLES and r.team_id is None and r.locality_id is None for r in person.roles)


def leads(person: Person, locality: Locality, roles: frozenset[str] = frozenset({"practice_leader"})) -> bool:
    """Whether a person holds one of ``roles`` in the locality or one of its teams, or is a county lead."""
    if is_county_lead(person):
        return True
    team_ids = {t.id for t in locality.teams}
    return any(
        r.role in roles and (r.locality_id == locality.id or (r.team_id is not None and r.team_id in team_ids))
        for r in person.roles
    )


def require_lead(ctx: TurnContext, locality: Locality) -> None:
    """Refuse unless the actor is a practice leader of the locality (or a county lead)."""
    if not leads(ctx.actor, locality):
        raise NotAllowed(texts.VOTE_ONLY_PL.format(locality=locality.name))


def when(ctx: TurnContext, moment: datetime) -> str:
    """``Thu 10 Dec, 13:00`` in the actor's own time zone."""
    return formats.when(moment, ctx.actor.timezone)


def here(ctx: TurnContext) -> Target | None:
    """This conversation as a channel target (None in a direct message)."""
    if ctx.event.conversation.is_direct:
        return None
    return Target(platform=ctx.platform, kind="channel", address=ctx.event.conversation.channel_id)


async def locality_channels(ctx: TurnContext, locality: Locality) -> list[Target]:
    """Where to post for a locality: this channel, else the locality's own channels on this platform."""
    target = here(ctx)
    if target is not None:
        return [target]
    bindings = await ctx.uow.nudge_config.bindings([ctx.platform])
    return [
        Target(platform=b.platform, kind="channel", address=b.channel_id)
        for b in bindings
        if b.locality_id == locality.id
    ]


async def post(ctx: TurnContext, targets: list[Target], reply: Reply, key: str, purpose: str) -> None:
    """Queue one post per target through the outbox."""
    for target in targets:
        message = OutgoingMessage(
            target=target,
            reply=reply,
            idempotency_key=keys.per_target(key, target.platform, target.address),
            purpose=purpose,
        )
        await ctx.send_later(message)
