"""``/celebrate @who what``: thank colleagues in the channel and remember what they did."""

from __future__ import annotations

import re

from bot import keys, texts
from bot.commands import catalogue_entry
from bot.context import TurnContext
from bot.domain.vocabulary import recognise_tags
from bot.events import CommandInvoked, Mention
from bot.intents.guard import refuse_if_identifying
from bot.replies import Bold, OutgoingMessage, PersonRef, Plain, Reply, Target, TextBlock, Visibility, say, text
from bot.store.models import Celebration, Person

MAX_TEXT = 1000
CELEBRATE = catalogue_entry("celebrate")


def strip_mentions(event: CommandInvoked) -> str:
    """The celebration text: the argument text without the mentions, spacing tidied."""
    remaining = event.text
    for mention in event.mentions:
        if mention.raw:
            remaining = remaining.replace(mention.raw, " ")
    remaining = re.sub(r"^[\s,;:—–-]+", "", remaining)
    return re.sub(r"\s+", " ", remaining).strip()


def _names(refs: list[PersonRef]) -> list[Plain | PersonRef]:
    parts: list[Plain | PersonRef] = []
    for index, ref in enumerate(refs):
        if index:
            parts.append(Plain(text=" and " if index == len(refs) - 1 else ", "))
        parts.append(ref)
    return parts


def channel_post(ctx: TurnContext, recipients: list[Person], what: str, tags: list[str]) -> Reply:
    """The warm, short post the channel sees."""
    headline = text(
        texts.CELEBRATE_HEADLINE,
        ctx.ref(ctx.actor),
        texts.CELEBRATE_THANKED,
        *_names([ctx.ref(p) for p in recipients]),
        ": ",
        Plain(text=what),
    )
    blocks = [headline]
    if tags:
        blocks.append(text(texts.CELEBRATE_TAGS, Bold(text=", ".join(tags))))
    return Reply(blocks=tuple(blocks), visibility=Visibility.CHANNEL)


async def on_command(ctx: TurnContext) -> list[Reply]:
    """Record a celebration and queue its channel post."""
    event = ctx.command
    command = CELEBRATE
    what = strip_mentions(event)
    if not event.mentions:
        return [say(texts.CELEBRATE_NEED_RECIPIENT, texts.usage_of(command))]
    if not what:
        return [say(texts.CELEBRATE_NEED_WHAT, texts.usage_of(command))]
    if len(what) > MAX_TEXT:
        return [say(texts.CELEBRATE_TOO_LONG.format(limit=MAX_TEXT), texts.usage_of(command))]
    refusal = refuse_if_identifying(ctx, what)
    if refusal:
        return refusal
    recipients, unknown = await ctx.resolve_mentions(event.mentions)
    if unknown:
        return [say(*[await _unknown_line(ctx, mention) for mention in unknown])]
    others = [p for p in recipients if p.id != ctx.actor.id]
    if not others:
        return [say(texts.CELEBRATE_ONLY_SELF)]
    left_out = len(others) < len(recipients)
    recipients = others
    tags = recognise_tags(what)
    binding = ctx.binding
    team_id = binding.team_id if binding else await ctx.uow.people.home_team(ctx.actor.id)
    celebration = await ctx.uow.celebrations.add(
        Celebration(
            organisation_id=ctx.org.id,
            author_id=ctx.actor.id,
            team_id=team_id,
            locality_id=binding.locality_id if binding else None,
            platform=ctx.platform,
            channel_id=event.conversation.channel_id,
            text=what,
            tags=tags,
            source_message_id=event.message_id,
            created_at=ctx.now,
            privacy_warning=ctx.privacy_warning,
        ),
        [p.id for p in recipients],
    )
    await ctx.audit("celebration.created", "celebration", celebration.id)
    target = Target(
        platform=ctx.platform,
        kind="channel",
        address=event.conversation.channel_id,
        thread_id=event.conversation.thread_id or "",
    )
    post = channel_post(ctx, recipients, what, tags)
    key = keys.celebration(celebration.id)
    await ctx.send_later(OutgoingMessage(target=target, reply=post, idempotency_key=key, purpose="celebration"))
    return [say(texts.CELEBRATE_POSTED, *([texts.CELEBRATE_SELF_LEFT_OUT] if left_out else []))]


async def _unknown_line(ctx: TurnContext, mention: Mention) -> TextBlock:
    """Tell the author privately that a typed handle names no one the organisation knows (and whom they may mean)."""
    handle = f"@{mention.user_id}"
    suggestion = await ctx.closest_handle(mention)
    if suggestion:
        return text(texts.CELEBRATE_UNKNOWN_SUGGEST.format(who=handle, suggestion=f"@{suggestion}"))
    return text(texts.CELEBRATE_UNKNOWN.format(who=handle))
