"""``/celebrate @who what``: thank colleagues in the channel and remember what they did."""

from __future__ import annotations

import re

from bot import i18n, keys, texts
from bot.commands import catalogue_entry
from bot.context import TurnContext
from bot.domain.vocabulary import recognise_tags
from bot.events import CommandInvoked, Mention
from bot.ids import ActionId, FormId
from bot.intents.guard import confirm_field, form_guard, refuse_if_identifying
from bot.replies import (
    Bold,
    Button,
    ButtonsBlock,
    FormBlock,
    FormField,
    Option,
    OutgoingMessage,
    PersonRef,
    Plain,
    Reply,
    Target,
    TextBlock,
    Visibility,
    say,
    text,
)
from bot.services.language import channel_locale
from bot.store.models import Celebration, Person

MAX_TEXT = 1000
MAX_CHOICES = 100
"""Colleagues offered in the form (Slack's select holds at most 100 options)."""
CELEBRATE = catalogue_entry("celebrate")
FORM_ID = FormId.CELEBRATE


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
            parts.append(Plain(text=texts.CELEBRATE_AND if index == len(refs) - 1 else ", "))
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
    """Record a celebration and queue its channel post; ``/celebrate`` alone opens the form."""
    event = ctx.command
    command = CELEBRATE
    what = strip_mentions(event)
    if not event.mentions and not what:
        return [Reply(blocks=(await celebrate_form(ctx),))]
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
    return await record(ctx, recipients, what, message_id=event.message_id)


async def record(ctx: TurnContext, recipients: list[Person], what: str, *, message_id: str = "") -> list[Reply]:
    """Store a celebration of ``recipients`` (the author left out) and queue its post in the turn's channel.

    ``what`` has passed the identifier guard already. Shared by the command and the form.
    """
    others = [p for p in recipients if p.id != ctx.actor.id]
    if not others:
        return [say(texts.CELEBRATE_ONLY_SELF)]
    left_out = len(others) < len(recipients)
    recipients = others
    tags = recognise_tags(what)
    binding = ctx.binding
    conversation = ctx.event.conversation
    team_id = binding.team_id if binding else await ctx.uow.people.home_team(ctx.actor.id)
    celebration = await ctx.uow.celebrations.add(
        Celebration(
            organisation_id=ctx.org.id,
            author_id=ctx.actor.id,
            team_id=team_id,
            locality_id=binding.locality_id if binding else None,
            platform=ctx.platform,
            channel_id=conversation.channel_id,
            text=what,
            tags=tags,
            source_message_id=message_id,
            created_at=ctx.now,
            privacy_warning=ctx.privacy_warning,
        ),
        [p.id for p in recipients],
    )
    await ctx.audit("celebration.created", "celebration", celebration.id)
    target = Target(
        platform=ctx.platform,
        kind="channel",
        address=conversation.channel_id,
        thread_id=conversation.thread_id or "",
    )
    with i18n.use(await channel_locale(ctx.uow, ctx.binding, ctx.org)):  # the channel's language, not the author's
        post = channel_post(ctx, recipients, what, tags)
        key = keys.celebration(celebration.id)
        message = OutgoingMessage(target=target, reply=post, idempotency_key=key, purpose="celebration")
    await ctx.send_later(message)
    return [
        say(
            texts.CELEBRATE_POSTED,
            *([texts.CELEBRATE_SELF_LEFT_OUT] if left_out else []),
            celebration_buttons(celebration.id),
        )
    ]


def celebration_buttons(celebration_id: int) -> ButtonsBlock:
    """Edit / Withdraw under the author's private confirmation of a celebration."""
    value = str(celebration_id)
    return ButtonsBlock(
        buttons=(
            Button(
                label=texts.CELEBRATE_EDIT_BUTTON, action_id=ActionId.CELEBRATION_EDIT, value=value, opens_form=True
            ),
            Button(
                label=texts.CELEBRATE_WITHDRAW_BUTTON,
                action_id=ActionId.CELEBRATION_WITHDRAW,
                value=value,
                style="danger",
            ),
        )
    )


async def _unknown_line(ctx: TurnContext, mention: Mention) -> TextBlock:
    """Tell the author privately that a typed handle names no one the organisation knows (and whom they may mean)."""
    handle = f"@{mention.user_id}"
    suggestion = await ctx.closest_handle(mention)
    if suggestion:
        return text(texts.CELEBRATE_UNKNOWN_SUGGEST.format(who=handle, suggestion=f"@{suggestion}"))
    return text(texts.CELEBRATE_UNKNOWN.format(who=handle))


# --- the form: "/celebrate" alone, the Teams command menu, the web playground -----------------------


async def colleagues(ctx: TurnContext) -> list[Person]:
    """Whom the actor may pick in the form: the staff of the channel's locality, or of their own team's."""
    binding = ctx.binding
    team_id = binding.team_id if binding and binding.team_id else await ctx.uow.people.home_team(ctx.actor.id)
    locality = None
    if binding and binding.locality_id:
        locality = await ctx.uow.orgs.locality(binding.locality_id)
    elif team_id:
        locality = await ctx.uow.seminars.membership.locality_of_team(team_id)
    people = await ctx.uow.seminars.membership.members(locality) if locality else await ctx.uow.people.all(ctx.org.id)
    others = sorted((p for p in people if p.id != ctx.actor.id), key=lambda p: p.display_name.lower())
    return others[:MAX_CHOICES]


async def celebrate_form(
    ctx: TurnContext,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    *,
    offer_override: bool = False,
) -> FormBlock:
    """The celebrate form: whom to thank (picked, never typed) and what for."""
    values, errors = values or {}, errors or {}
    options = tuple(Option(label=p.display_name, value=p.handle) for p in await colleagues(ctx))
    who = FormField(
        name="who",
        label=texts.CELEBRATE_FORM_WHO,
        kind="multiselect",
        options=options,
        initial=values.get("who", ""),
        error=errors.get("who", ""),
    )
    what = FormField(
        name="what",
        label=texts.CELEBRATE_FORM_WHAT,
        kind="multiline",
        max_length=MAX_TEXT,
        initial=values.get("what", ""),
        hint=texts.CELEBRATE_FORM_WHAT_HINT,
        error=errors.get("what", ""),
    )
    fields = (who, what, *((confirm_field(),) if offer_override else ()))
    return FormBlock(
        form_id=FORM_ID, title=texts.CELEBRATE_FORM_TITLE, submit_label=texts.CELEBRATE_FORM_SUBMIT, fields=fields
    )


async def on_form(ctx: TurnContext) -> list[Reply]:
    """A submitted celebrate form: the same checks as the command, errors shown in the form again."""
    fields = {k: v.strip() for k, v in ctx.submission.fields.items()}
    handles = [h.strip() for h in fields.get("who", "").split(",") if h.strip()]
    people = [p for p in [await ctx.uow.people.by_handle(ctx.org.id, h) for h in handles] if p is not None]
    what = re.sub(r"\s+", " ", fields.get("what", "")).strip()
    errors: dict[str, str] = {}
    if not people:
        errors["who"] = texts.CELEBRATE_NEED_RECIPIENT
    if not what:
        errors["what"] = texts.CELEBRATE_NEED_WHAT
    elif len(what) > MAX_TEXT:
        errors["what"] = texts.CELEBRATE_TOO_LONG.format(limit=MAX_TEXT)
    guard_errors, offer = form_guard(ctx, FORM_ID, fields)
    errors |= guard_errors
    if errors:
        return [Reply(blocks=(await celebrate_form(ctx, fields, errors, offer_override=offer),))]
    return await record(ctx, people, what)
