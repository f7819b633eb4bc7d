"""The identifier guard as every intent uses it, before anything is stored or reposted.

A post with findings is not stored. Its author alone sees what was found, highlighted (the reply is
marked ``sensitive`` so that no adapter ever shows it in a channel), with "Edit" and — only when
every finding is of the ``check`` tier — a separate statement the author may make: "I've checked:
nobody outside could identify a child or family from this". Making it is recorded in the audit log
with the kinds found, never the text, and the stored item keeps ``privacy_warning`` so reviewers see
"posted after a privacy warning". A ``block`` finding (a structured identifier, or a child made
identifiable) can never be confirmed: a crafted or replayed confirmation is refused with a kind
explanation and audited as ``privacy.override_refused``. The buttons carry the post itself (it is
in the author's own private message, not in our database), and every click is scanned again: the
buttons are never trusted.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from bot import texts
from bot.context import TurnContext
from bot.errors import UserError
from bot.events import CommandInvoked, Conversation, Mention
from bot.ids import ActionId, FormId
from bot.intents.free_text import free_text_fields
from bot.privacy import Finding, is_overridable, scan
from bot.replies import (
    Bold,
    Button,
    ButtonsBlock,
    FieldsBlock,
    FormBlock,
    FormField,
    Plain,
    Reply,
    TextBlock,
    text,
)

MAX_BUTTON_VALUE = 1900  # Slack allows 2,000 characters in a button value


def findings_of(ctx: TurnContext, value: str) -> list[Finding]:
    """The guard's findings for one text, with the organisation's rules."""
    return scan(value, ctx.guard_rules) if value.strip() else []


def highlighted(value: str, findings: Sequence[Finding]) -> TextBlock:
    """The text with each finding in bold (shown only to its author)."""
    parts: list[Plain | Bold] = []
    cursor = 0
    for finding in sorted(findings, key=lambda f: f.start):
        if finding.start < cursor:
            continue
        if finding.start > cursor:
            parts.append(Plain(text=value[cursor : finding.start]))
        parts.append(Bold(text=value[finding.start : finding.end]))
        cursor = finding.end
    if cursor < len(value):
        parts.append(Plain(text=value[cursor:]))
    return TextBlock(parts=tuple(parts))


def kinds_of(findings: Sequence[Finding]) -> str:
    """The kinds found, in a stable order, for the audit log and the explanation."""
    return ",".join(sorted({f.kind for f in findings}))


def _payload(event: CommandInvoked) -> str:
    """The post and where it was typed: the buttons may be used in a private chat (Teams channels)."""
    mentions = [[m.user_id, m.display_name, m.raw] for m in event.mentions]
    where = event.conversation
    origin = [] if where.is_direct else [where.channel_id, where.thread_id or "", where.name]
    return json.dumps({"c": event.command, "t": event.text, "m": mentions, "o": origin}, ensure_ascii=False)


def _explanation(found: list[tuple[str, list[Finding]]], *, refused_override: bool) -> list[TextBlock | FieldsBlock]:
    every = [f for _, findings in found for f in findings]
    reasons = {f.kind: f.reason for f in every}
    first = texts.GUARD_OVERRIDE_REFUSED if refused_override else texts.GUARD_NOT_POSTED
    blocks: list[TextBlock | FieldsBlock] = [text(first)]
    blocks += [highlighted(value, findings) for value, findings in found]
    blocks.append(FieldsBlock(items=tuple((texts.guard_kind(k), reasons[k]) for k in sorted(reasons))))
    blocks.append(text(texts.GUARD_CHECK if is_overridable(every) else texts.GUARD_BLOCKED))
    return blocks


def _audit(ctx: TurnContext, action: str, where: str, findings: Sequence[Finding]) -> None:
    ctx.audit_soon(action, where, ctx.event.event_id[:80], detail=kinds_of(findings))


def refuse_if_identifying(ctx: TurnContext, *texts_to_check: str) -> list[Reply]:
    """Replies explaining why a post cannot be kept, or an empty list when it is safe to store.

    A confirmation (``ctx.guard_override``) lets a post through only when every finding is of the
    ``check`` tier; it then sets ``ctx.privacy_warning`` for the intent to store with the item.
    """
    found = [(value, findings) for value in texts_to_check if (findings := findings_of(ctx, value))]
    if not found:
        return []
    every = [f for _, findings in found for f in findings]
    if ctx.guard_override and is_overridable(every):
        _audit(ctx, "privacy.override", "post", every)
        ctx.privacy_warning = True
        return []
    refused_override = ctx.guard_override
    _audit(ctx, "privacy.override_refused" if refused_override else "privacy.blocked", "post", every)
    blocks: list[TextBlock | FieldsBlock | ButtonsBlock] = list(_explanation(found, refused_override=refused_override))
    event = ctx.event
    if isinstance(event, CommandInvoked) and len(payload := _payload(event)) <= MAX_BUTTON_VALUE:
        buttons = [Button(label=texts.GUARD_EDIT, action_id=ActionId.GUARD_EDIT, value=payload, style="primary")]
        if is_overridable(every):
            buttons.append(
                Button(label=texts.GUARD_CONFIRM_STATEMENT, action_id=ActionId.GUARD_OVERRIDE, value=payload)
            )
        blocks.append(ButtonsBlock(buttons=tuple(buttons)))
    return [Reply(blocks=tuple(blocks), sensitive=True)]


def confirm_field() -> FormField:
    """The author's "I've checked" statement a form shows when every finding is of the ``check`` tier.

    A single checkbox that starts unticked on every surface; only a tick submits ``"yes"``.
    """
    return FormField(name="anonymised", label=texts.GUARD_CONFIRM_STATEMENT, kind="confirm", required=False)


def form_guard(ctx: TurnContext, form_id: str, fields: Mapping[str, str]) -> tuple[dict[str, str], bool]:
    """The identifier guard over a submitted form's scanned fields (:mod:`bot.intents.free_text`).

    Returns:
        The errors to show by field (none once a ``check``-tier finding is confirmed), and whether
        the form should offer the "I've checked" statement (only when every finding may be confirmed).
    """
    flagged = flagged_fields(ctx, {name: fields.get(name, "") for name in free_text_fields(form_id)})
    errors = field_errors(ctx, flagged, confirmed=fields.get("anonymised") == "yes")
    every = [f for found in flagged.values() for f in found]
    return errors, bool(errors) and is_overridable(every)


def flagged_fields(ctx: TurnContext, fields: Mapping[str, str]) -> dict[str, list[Finding]]:
    """Findings per form field (fields without findings left out)."""
    return {name: found for name, value in fields.items() if (found := findings_of(ctx, value))}


def field_errors(ctx: TurnContext, flagged: Mapping[str, list[Finding]], confirmed: bool) -> dict[str, str]:
    """Inline errors for flagged form fields; none when the author confirmed ``check``-tier findings.

    A confirmation sent with a ``block`` finding (a crafted form, a resubmission) is refused and
    audited; the field says the detail can't be posted at all.
    """
    every = [f for found in flagged.values() for f in found]
    if not every:
        return {}
    if confirmed and is_overridable(every):
        _audit(ctx, "privacy.override", "form", every)
        ctx.privacy_warning = True
        return {}
    _audit(ctx, "privacy.override_refused" if confirmed else "privacy.blocked", "form", every)

    def error(found: list[Finding]) -> str:
        template = texts.GUARD_FIELD_ERROR if is_overridable(found) else texts.GUARD_FIELD_BLOCKED
        return template.format(what=", ".join(sorted({texts.guard_kind(f.kind) for f in found})))

    return {name: error(found) for name, found in flagged.items()}


async def _conversation(ctx: TurnContext, origin: list[str]) -> Conversation:
    """Where the post goes: the channel it was typed in, when its buttons are used in a private chat.

    The payload is never trusted: the channel must be one the organisation has bound to a team or a
    locality, and it is honoured only from the author's own direct chat with the bot.
    """
    here = ctx.event.conversation
    if not (here.is_direct and origin):
        return here
    channel_id, thread_id, name = origin
    binding = await ctx.uow.orgs.binding(ctx.platform, channel_id)
    if binding is None:
        raise UserError(texts.GUARD_STALE)
    ctx.binding = binding
    return Conversation(platform=here.platform, channel_id=channel_id, thread_id=thread_id or None, name=name)


async def _command_from(ctx: TurnContext, payload: str, new_text: str | None = None) -> CommandInvoked:
    try:
        data: dict[str, Any] = json.loads(payload)
        command, original = str(data["c"]), str(data["t"])
        mentions = tuple(Mention(user_id=str(u), display_name=str(n), raw=str(r)) for u, n, r in data["m"])
        origin = [str(part) for part in data.get("o") or []]
        if origin and len(origin) != len(("channel", "thread", "name")):
            raise ValueError(origin)
    except (ValueError, KeyError, TypeError) as error:
        raise UserError(texts.GUARD_STALE) from error
    value = original if new_text is None else new_text
    event = ctx.event
    return CommandInvoked(
        platform=event.platform,
        event_id=event.event_id,
        received_at=event.received_at,
        actor=event.actor,
        conversation=await _conversation(ctx, origin),
        command=command,
        text=value,
        mentions=tuple(m for m in mentions if not m.raw or m.raw in value),
    )


async def _run_as(ctx: TurnContext, command: CommandInvoked) -> list[Reply]:
    from bot.intents import COMMANDS  # noqa: PLC0415 - the routing table imports this module

    intent = COMMANDS.get(command.command)
    if intent is None:
        raise UserError(texts.GUARD_STALE)
    ctx.event = command
    return await intent(ctx)


async def on_override(ctx: TurnContext) -> list[Reply]:
    """ "It is anonymised, post anyway": scanned again, allowed only for low-confidence findings."""
    ctx.guard_override = True
    return await _run_as(ctx, await _command_from(ctx, ctx.action.value))


async def on_edit(ctx: TurnContext) -> list[Reply]:
    """ "Edit": the post in a form, to change before it is checked again."""
    command = await _command_from(ctx, ctx.action.value)
    field = FormField(
        name="text", label=texts.GUARD_EDIT_LABEL, kind="multiline", max_length=2000, initial=command.text
    )
    form = FormBlock(
        form_id=FormId.GUARD_EDIT,
        title=texts.GUARD_EDIT_TITLE,
        submit_label=texts.GUARD_EDIT_SUBMIT,
        fields=(field,),
        context=ctx.action.value,
    )
    return [Reply(blocks=(form,))]


async def on_edit_form(ctx: TurnContext) -> list[Reply]:
    """The edited post goes through its command again (and so through the guard again)."""
    edited = ctx.submission.fields.get("text", "")
    return await _run_as(ctx, await _command_from(ctx, ctx.submission.context, edited))
