"""``/sofs setup team|locality NAME``: bind the current channel to a team or a locality."""

from __future__ import annotations

import difflib

from bot import texts
from bot.context import TurnContext
from bot.errors import NotAllowed, UserError
from bot.replies import Reply, say

ALLOWED_ROLES = {"practice_leader", "manager", "project_manager", "principal_social_worker"}


def _match(name: str, candidates: dict[str, int]) -> int | None:
    lowered = {k.lower(): v for k, v in candidates.items()}
    wanted = name.strip().lower()
    if wanted in lowered:
        return lowered[wanted]
    close = difflib.get_close_matches(wanted, list(lowered), n=1, cutoff=0.8)
    return lowered[close[0]] if close else None


async def on_command(ctx: TurnContext) -> list[Reply]:
    """Bind this channel; only practice leaders, managers and county leads may."""
    words = ctx.command.text.split(maxsplit=2)
    if len(words) < 3 or words[1].lower() not in {"team", "locality"}:
        return [say(texts.SETUP_USAGE)]
    if ctx.event.conversation.is_direct:
        raise UserError(texts.SETUP_DIRECT)
    if not {r.role for r in ctx.actor.roles} & ALLOWED_ROLES:
        raise NotAllowed(texts.SETUP_NOT_ALLOWED)
    kind, name = words[1].lower(), words[2]
    if kind == "team":
        candidates = {t.name: t.id for t in await ctx.uow.orgs.teams()}
        candidates |= {t.slug: t.id for t in await ctx.uow.orgs.teams()}
    else:
        candidates = {loc.name: loc.id for loc in await ctx.uow.orgs.localities()}
        candidates |= {loc.slug: loc.id for loc in await ctx.uow.orgs.localities()}
    found = _match(name, candidates)
    if found is None:
        known = ", ".join(sorted({k for k in candidates if " " in k or k.islower()}))
        raise UserError(texts.SETUP_UNKNOWN.format(kind=kind, name=name, known=known))
    channel = ctx.event.conversation.channel_id
    team_id, locality_id = (found, None) if kind == "team" else (None, found)
    await ctx.uow.orgs.bind(ctx.platform, channel, team_id=team_id, locality_id=locality_id)
    await ctx.audit("channel.bound", kind, found)
    display = next(k for k, v in candidates.items() if v == found)
    return [say(texts.SETUP_DONE.format(kind=kind, name=display))]
