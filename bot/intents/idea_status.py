"""The project manager moves an idea along: thanked, shared with all PLs, in progress, done.

Used from the dashboard's ideas page (through the one handler, as every dashboard action is). The
sender is told of each change, once per status; "shared" also posts the idea, with its sender's name,
in every locality channel, so every practice leader's group sees it.
"""

from __future__ import annotations

from bot import keys, texts
from bot.constants import IdeaStatus, Role
from bot.context import TurnContext
from bot.errors import NotAllowed, UserError
from bot.ids import row_id
from bot.intents.seminar_common import post
from bot.replies import Plain, Reply, Target, Visibility, say, text


def status_value(idea_id: int, status: IdeaStatus) -> str:
    """The value of the button that moves an idea to ``status``."""
    return f"{idea_id}:{status}"


async def on_status(ctx: TurnContext) -> list[Reply]:
    """``idea.status`` (value ``<idea id>:<status>``): project managers only."""
    if Role.PROJECT_MANAGER not in {r.role for r in ctx.actor.roles}:
        raise NotAllowed(texts.IDEA_STATUS_ONLY_PM)
    raw_id, _, raw_status = ctx.action.value.partition(":")
    idea = await ctx.uow.ideas.get(found) if (found := row_id(raw_id)) is not None else None
    if idea is None or raw_status not in set(IdeaStatus) or raw_status == IdeaStatus.NEW:
        raise UserError(texts.IDEA_STATUS_GONE)
    status = IdeaStatus(raw_status)
    label = texts.IDEA_STATUS_LABELS[status]
    if idea.status == status:
        return [say(texts.IDEA_STATUS_SET.format(status=label))]
    idea.status, idea.status_changed_at = status, ctx.now
    await ctx.audit("idea.status", "idea", idea.id, detail=status)
    author = await ctx.uow.people.get(idea.author_id) if idea.author_id else None
    if author is not None:

        def note() -> Reply:
            return say(texts.IDEA_STATUS_NOTE.format(idea=_short(idea.text), status=texts.IDEA_STATUS_LABELS[status]))

        await ctx.send_to_person(author, note, keys.idea_status(idea.id, status), "idea_status")
    if status == IdeaStatus.SHARED:
        by = [ctx.ref(author)] if author is not None else []
        shared = Reply(
            blocks=(text(texts.IDEA_SHARED_POST, *by, texts.IDEA_SHARED_POST_TAIL), text(Plain(text=idea.text))),
            visibility=Visibility.CHANNEL,
        )
        targets = [
            Target(platform=b.platform, kind="channel", address=b.channel_id)
            for locality in await ctx.uow.orgs.localities()
            for b in await ctx.uow.orgs.bindings_of_locality(locality.id)
        ]
        await post(ctx, targets, shared, keys.idea_shared(idea.id), "idea_shared")
    return [say(texts.IDEA_STATUS_SET.format(status=label))]


def _short(idea: str, limit: int = 80) -> str:
    return idea if len(idea) <= limit else idea[: limit - 1].rstrip() + "…"
