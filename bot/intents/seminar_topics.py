"""Seminar topic proposals: ``/seminar propose TOPIC [— why]`` (or the form), the list, withdrawal.

A proposal that repeats an open topic (case, spacing, punctuation, close wording) is merged into
it with a note to the proposer, instead of being listed twice. The proposer or a practice leader of
the locality can withdraw a topic, unless it is in the open vote.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot import keys, texts
from bot.constants import TopicStatus
from bot.context import TurnContext
from bot.domain.topics import TITLE_LIMIT, near_duplicate, tidy
from bot.errors import NotAllowed, UserError
from bot.ids import ActionId, FormId
from bot.intents.guard import confirm_field, field_errors, flagged_fields, refuse_if_identifying
from bot.intents.seminar_common import as_id, leads, locality_channels, post, require_locality
from bot.privacy import is_overridable
from bot.replies import (
    Bold,
    Button,
    ButtonsBlock,
    FormBlock,
    FormField,
    Reply,
    TextBlock,
    Visibility,
    say,
    text,
)
from bot.store.models import Locality
from bot.store.models_seminars import SeminarTopic

WHY_LIMIT = 500
_SEPARATOR = re.compile(r"\s+(?:—|–|--|-)\s+")


def split_proposal(value: str) -> tuple[str, str]:
    """``creating danger statements — we find them hard`` → (topic, why)."""
    parts = _SEPARATOR.split(value.strip(), maxsplit=1)
    return tidy(parts[0]) if parts else "", parts[1].strip() if len(parts) > 1 else ""


def topic_form(
    values: Mapping[str, str] | None = None, errors: Mapping[str, str] | None = None, *, offer_override: bool = False
) -> FormBlock:
    """The proposal form (title and why), optionally with the guard's "it is anonymised" confirmation."""
    values, errors = values or {}, errors or {}
    fields = [
        FormField(
            name="topic",
            label=texts.TOPIC_FIELD_TITLE,
            max_length=TITLE_LIMIT,
            initial=values.get("topic", ""),
            hint=texts.TOPIC_FIELD_TITLE_HINT,
            error=errors.get("topic", ""),
        ),
        FormField(
            name="why",
            label=texts.TOPIC_FIELD_WHY,
            kind="multiline",
            required=False,
            max_length=WHY_LIMIT,
            initial=values.get("why", ""),
            error=errors.get("why", ""),
        ),
    ]
    if offer_override:
        fields.append(confirm_field())
    return FormBlock(
        form_id=FormId.SEMINAR_PROPOSE,
        title=texts.TOPIC_FORM_TITLE,
        submit_label=texts.TOPIC_FORM_SUBMIT,
        fields=tuple(fields),
    )


def _too_long(title: str, why: str) -> bool:
    return len(title) > TITLE_LIMIT or len(why) > WHY_LIMIT


async def on_propose(ctx: TurnContext, rest: str) -> list[Reply]:
    """``/seminar propose TOPIC [— why]``; without a topic, the form."""
    locality = await require_locality(ctx)
    if not rest.strip():
        return [Reply(blocks=(topic_form(),))]
    title, why = split_proposal(rest)
    if not title:
        raise UserError(texts.TOPIC_EMPTY)
    if _too_long(title, why):
        raise UserError(texts.TOPIC_TOO_LONG.format(limit=TITLE_LIMIT, why_limit=WHY_LIMIT))
    refused = refuse_if_identifying(ctx, title, why)
    if refused:
        return refused
    return await _propose(ctx, locality, title, why)


async def on_open_form(ctx: TurnContext) -> list[Reply]:
    """The "Propose a topic" button."""
    await require_locality(ctx)
    return [Reply(blocks=(topic_form(),))]


async def on_form(ctx: TurnContext) -> list[Reply]:
    """A submitted proposal form: checked, guarded, then proposed (or merged)."""
    locality = await require_locality(ctx)
    fields = {k: v.strip() for k, v in ctx.submission.fields.items()}
    title, why = tidy(fields.get("topic", "")), fields.get("why", "")
    errors: dict[str, str] = {}
    if not title:
        errors["topic"] = texts.EVENT_REQUIRED
    elif len(title) > TITLE_LIMIT:
        errors["topic"] = texts.EVENT_TOO_LONG.format(limit=TITLE_LIMIT)
    if len(why) > WHY_LIMIT:
        errors["why"] = texts.EVENT_TOO_LONG.format(limit=WHY_LIMIT)
    if errors:
        return [Reply(blocks=(topic_form(fields, errors),))]
    flagged = flagged_fields(ctx, {"topic": title, "why": why})
    guard_errors = field_errors(ctx, flagged, confirmed=fields.get("anonymised") == "yes")
    if guard_errors:
        every = [f for found in flagged.values() for f in found]
        return [Reply(blocks=(topic_form(fields, guard_errors, offer_override=is_overridable(every)),))]
    return await _propose(ctx, locality, title, why)


async def _propose(ctx: TurnContext, locality: Locality, title: str, why: str) -> list[Reply]:
    existing = await ctx.uow.seminars.topics.open_in(locality.id)
    duplicate = near_duplicate(title, [(t, t.title) for t in existing])
    if duplicate is not None:
        note = {"by": ctx.actor.id, "title": title, "why": why, "at": ctx.now.isoformat()}
        duplicate.merged = [*(duplicate.merged or []), note]
        duplicate.updated_at = ctx.now
        await ctx.audit("seminar.topic_merged", "seminar_topic", duplicate.id)
        return [say(texts.TOPIC_MERGED.format(title=title, existing=duplicate.title))]
    topic = await ctx.uow.seminars.topics.add(
        SeminarTopic(
            organisation_id=ctx.org.id,
            locality_id=locality.id,
            title=title,
            why=why,
            proposer_id=ctx.actor.id,
            status=TopicStatus.OPEN,
            merged=[],
            created_at=ctx.now,
            updated_at=ctx.now,
        )
    )
    await ctx.audit("seminar.topic_proposed", "seminar_topic", topic.id)
    if not ctx.event.conversation.is_direct:
        parts: list[TextBlock] = [text(Bold(text=texts.TOPIC_PROPOSED_POST), ctx.ref(ctx.actor), ": ", title)]
        if why:
            parts.append(text(why))
        announcement = Reply(
            blocks=(
                *parts,
                ButtonsBlock(
                    buttons=(Button(label=texts.SEMINAR_PROPOSE_BUTTON, action_id=ActionId.SEMINAR_PROPOSE_FORM),)
                ),
            ),
            visibility=Visibility.CHANNEL,
        )
        await post(
            ctx, await locality_channels(ctx, locality), announcement, keys.seminar_topic(topic.id), "seminar_topic"
        )
    return [say(texts.TOPIC_PROPOSED.format(title=title, locality=locality.name))]


async def topics_reply(ctx: TurnContext, locality: Locality, note: str = "") -> Reply:
    """The open topics, with "Withdraw" for the actor's own (or all, for a practice leader)."""
    topics = await ctx.uow.seminars.topics.open_in(locality.id)
    blocks: list[TextBlock | ButtonsBlock] = [text(note)] if note else []
    if not topics:
        blocks.append(text(texts.TOPIC_LIST_EMPTY.format(locality=locality.name)))
        return say(*blocks)
    blocks.append(text(Bold(text=texts.TOPIC_LIST_HEADER.format(locality=locality.name))))
    names = {p.id: p.display_name for p in await ctx.uow.people.all(ctx.org.id)}
    lines = []
    for n, topic in enumerate(topics, 1):
        line = f"{n}. {topic.title}"
        if topic.proposer_id in names:
            line += texts.TOPIC_BY.format(who=names[topic.proposer_id or 0])
        if topic.merged:
            line += texts.TOPIC_SECONDED.format(count=len(topic.merged))
        lines.append(line)
    blocks.append(text("\n".join(lines)))
    lead = leads(ctx.actor, locality)
    withdraw = [
        Button(label=texts.TOPIC_WITHDRAW.format(n=n), action_id=ActionId.SEMINAR_WITHDRAW, value=str(topic.id))
        for n, topic in enumerate(topics, 1)
        if lead or topic.proposer_id == ctx.actor.id
    ]
    blocks.extend(ButtonsBlock(buttons=tuple(withdraw[i : i + 5])) for i in range(0, len(withdraw), 5))
    propose = Button(label=texts.SEMINAR_PROPOSE_BUTTON, action_id=ActionId.SEMINAR_PROPOSE_FORM, style="primary")
    blocks.append(ButtonsBlock(buttons=(propose,)))
    return say(*blocks)


async def on_list(ctx: TurnContext, _rest: str = "") -> list[Reply]:
    """``/seminar topics``."""
    return [await topics_reply(ctx, await require_locality(ctx))]


async def on_list_clicked(ctx: TurnContext) -> list[Reply]:
    """The "Topics" button."""
    return await on_list(ctx)


async def on_withdraw(ctx: TurnContext) -> list[Reply]:
    """The proposer or a practice leader withdraws an open topic (not while it is in the open vote)."""
    topic_id = as_id(ctx.action.value)
    topic = await ctx.uow.seminars.topics.get(topic_id) if topic_id else None
    locality = await ctx.uow.orgs.locality(topic.locality_id) if topic else None
    if topic is None or locality is None:
        raise UserError(texts.TOPIC_GONE)
    if topic.proposer_id != ctx.actor.id and not leads(ctx.actor, locality):
        raise NotAllowed(texts.TOPIC_ONLY_PROPOSER)
    if topic.status != TopicStatus.OPEN:
        raise UserError(texts.TOPIC_NOT_OPEN.format(title=topic.title, status=topic.status))
    vote = await ctx.uow.seminars.votes.open_in(locality.id)
    if vote is not None and topic.id in (vote.topic_ids or []):
        raise UserError(texts.TOPIC_IN_VOTE.format(title=topic.title))
    topic.status, topic.updated_at = "withdrawn", ctx.now
    await ctx.audit("seminar.topic_withdrawn", "seminar_topic", topic.id)
    return [await topics_reply(ctx, locality, texts.TOPIC_WITHDRAWN.format(title=topic.title))]
