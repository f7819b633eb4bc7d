"""``/sofs dashboard``: a short-lived, single-use sign-in link for the practice dashboard.

The link is answered to the actor only (an ephemeral reply or a direct message) and never stored:
the store keeps the token's hash, so neither the outbox nor the database holds a usable link.
"""

from __future__ import annotations

from bot import texts
from bot.context import TurnContext
from bot.domain.signin import signin_url
from bot.replies import Link, Reply, Visibility, say, text


async def on_command(ctx: TurnContext) -> list[Reply]:
    """Issue a sign-in link for the actor and answer it to them alone."""
    token = await ctx.uow.web.signins.issue(ctx.actor.id, ctx.now)
    await ctx.audit("dashboard.link_issued", "person", ctx.actor.id)
    link = Link(url=signin_url(ctx.base_url, token), label=texts.DASHBOARD_LINK_LABEL)
    return [say(texts.DASHBOARD_LINK_INTRO, text(link), texts.DASHBOARD_LINK_NOTE, visibility=Visibility.ONLY_ACTOR)]
