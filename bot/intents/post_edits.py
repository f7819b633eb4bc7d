"""Edit and withdraw what was posted: a celebration's or a story's channel post.

An edit passes the identifier guard like the first version. The old post is retracted (deleted on
Slack and Teams through the outbox, or never sent if it is still waiting) and the new wording is
queued as a new post, keyed ``<post key>:v<n>``. A withdrawal retracts the post; a withdrawn
celebration is deleted, a withdrawn story keeps the status ``withdrawn``.
"""

from __future__ import annotations

import re

from bot import keys, texts
from bot.constants import COUNTY_ROLES, OutboxStatus
from bot.context import TurnContext
from bot.domain.vocabulary import recognise_tags
from bot.errors import NotAllowed, UserError
from bot.events import ActionInvoked
from bot.ids import FormId, row_id
from bot.intents.celebrate import MAX_TEXT, celebration_buttons, channel_post
from bot.intents.guard import confirm_field, form_guard
from bot.replies import FormBlock, FormField, OutgoingMessage, Reply, Target, retraction, say
from bot.store.models import Celebration

RETRACTED = "withdrawn or replaced before it was sent"


async def retract_post(ctx: TurnContext, key: str) -> tuple[Target, int] | None:
    """Retract every version of the post keyed ``key``.

    Versions still waiting are skipped; versions already sent get a retraction queued (the sender
    deletes the platform message). A version being sent right now is left alone.

    Returns:
        Where its first version went and the number of the next version (None if it was never queued).
    """
    rows = await ctx.uow.outbox.posts_of(key)
    if not rows:
        return None
    first = OutgoingMessage.model_validate_json(rows[0].payload).target
    await ctx.uow.outbox.cancel_pending([r.id for r in rows if r.status == OutboxStatus.PENDING], RETRACTED)
    for row in rows:
        if row.status != OutboxStatus.SENT or not row.platform_message_id:
            continue
        key = keys.retraction(row.platform, row.platform_message_id)
        await ctx.send_later(retraction(row.platform, row.target_address, row.platform_message_id, key))
    return first, len(rows) + 1


def _id_of(ctx: TurnContext) -> str:
    return ctx.action.value if isinstance(ctx.event, ActionInvoked) else ctx.submission.context


# --- celebrations ---------------------------------------------------------------------------------


def celebration_edit_form(
    celebration_id: int, what: str, error: str = "", *, offer_override: bool = False
) -> FormBlock:
    """The edit form of a celebration: its text, pre-filled (whom it thanks stays as it was)."""
    field = FormField(
        name="what",
        label=texts.CELEBRATE_FORM_WHAT,
        kind="multiline",
        max_length=MAX_TEXT,
        initial=what,
        hint=texts.CELEBRATE_FORM_WHAT_HINT,
        error=error,
    )
    return FormBlock(
        form_id=FormId.CELEBRATION_EDIT,
        title=texts.CELEBRATE_EDIT_FORM_TITLE,
        submit_label=texts.CELEBRATE_EDIT_SUBMIT,
        context=str(celebration_id),
        fields=(field, *((confirm_field(),) if offer_override else ())),
    )


async def _celebration(ctx: TurnContext) -> Celebration:
    raw = _id_of(ctx)
    celebration = await ctx.uow.celebrations.get(found) if (found := row_id(raw)) is not None else None
    if celebration is None:
        raise UserError(texts.CELEBRATE_NOT_FOUND)
    return celebration


async def on_celebration_edit_clicked(ctx: TurnContext) -> list[Reply]:
    """The author's "Edit": the form with the celebration's text."""
    celebration = await _celebration(ctx)
    if celebration.author_id != ctx.actor.id:
        raise NotAllowed(texts.CELEBRATE_ONLY_AUTHOR)
    return [Reply(blocks=(celebration_edit_form(celebration.id, celebration.text),))]


async def on_celebration_edit_form(ctx: TurnContext) -> list[Reply]:
    """The edited text: guarded, stored, and the channel post replaced."""
    celebration = await _celebration(ctx)
    if celebration.author_id != ctx.actor.id:
        raise NotAllowed(texts.CELEBRATE_ONLY_AUTHOR)
    fields = {k: v.strip() for k, v in ctx.submission.fields.items()}
    what = re.sub(r"\s+", " ", fields.get("what", "")).strip()
    error = texts.CELEBRATE_NEED_WHAT if not what else ""
    if len(what) > MAX_TEXT:
        error = texts.CELEBRATE_TOO_LONG.format(limit=MAX_TEXT)
    guard_errors, offer = form_guard(ctx, FormId.CELEBRATION_EDIT, fields)
    guard_error = guard_errors.get("what", "")
    if error or guard_error:
        return [
            Reply(blocks=(celebration_edit_form(celebration.id, what, error or guard_error, offer_override=offer),))
        ]
    celebration.text, celebration.tags = what, recognise_tags(what)
    celebration.privacy_warning = ctx.privacy_warning
    await ctx.audit("celebration.edited", "celebration", celebration.id)
    retracted = await retract_post(ctx, keys.celebration(celebration.id))
    target, version = retracted or (
        Target(platform=celebration.platform, kind="channel", address=celebration.channel_id),
        2,
    )
    people = [await ctx.uow.people.get(r.person_id) for r in celebration.recipients]
    post = channel_post(ctx, [p for p in people if p is not None], what, list(celebration.tags))
    key = keys.celebration_edited(celebration.id, version)
    await ctx.send_later(OutgoingMessage(target=target, reply=post, idempotency_key=key, purpose="celebration"))
    return [say(texts.CELEBRATE_UPDATED, celebration_buttons(celebration.id), replace_original=True)]


async def _may_remove(ctx: TurnContext, celebration: Celebration) -> bool:
    if celebration.author_id == ctx.actor.id:
        return True
    county = {r.role for r in ctx.actor.roles if r.team_id is None and r.locality_id is None}
    if county & COUNTY_ROLES:
        return True
    return celebration.team_id is not None and celebration.team_id in await ctx.uow.people.teams_led_by(ctx.actor.id)


async def on_celebration_withdraw(ctx: TurnContext) -> list[Reply]:
    """The author withdraws a celebration, or a practice leader of its team removes it: post retracted, row deleted."""
    celebration = await _celebration(ctx)
    if not await _may_remove(ctx, celebration):
        raise NotAllowed(texts.CELEBRATE_ONLY_AUTHOR_OR_PL)
    await retract_post(ctx, keys.celebration(celebration.id))
    await ctx.uow.celebrations.delete(celebration.id)
    await ctx.audit("celebration.withdrawn", "celebration", celebration.id)
    return [say(texts.CELEBRATE_WITHDRAWN, replace_original=True)]
