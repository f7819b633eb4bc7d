"""The identifier guard as every intent uses it, before anything is stored or reposted.

A post with findings is not stored. Its author alone sees what was found, highlighted, with "Edit"
and — when every finding is low confidence — "It is anonymised, post anyway". Overriding is recorded
in the audit log with the kinds found, never the text. High-confidence identifiers (a valid NHS
number, a National Insurance number, a full postcode with a house number, a date of birth…) cannot
be overridden. The buttons carry the post itself (it is in the author's own private message, not in
our database), and every click is scanned again: the buttons are never trusted.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from bot import texts
from bot.context import TurnContext
from bot.errors import UserError
from bot.events import CommandInvoked, Mention
from bot.privacy import Finding, is_overridable, scan
from bot.replies import (
    Bold,
    Button,
    ButtonsBlock,
    FieldsBlock,
    FormBlock,
    FormField,
    Option,
    Plain,
    Reply,
    TextBlock,
    say,
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
    mentions = [[m.user_id, m.display_name, m.raw] for m in event.mentions]
    return json.dumps({"c": event.command, "t": event.text, "m": mentions}, ensure_ascii=False)


def _explanation(found: list[tuple[str, list[Finding]]]) -> list[TextBlock | FieldsBlock]:
    every = [f for _, findings in found for f in findings]
    reasons = {f.kind: f.reason for f in every}
    blocks: list[TextBlock | FieldsBlock] = [text(texts.GUARD_NOT_POSTED)]
    blocks += [highlighted(value, findings) for value, findings in found]
    blocks.append(FieldsBlock(items=tuple((texts.guard_kind(k), reasons[k]) for k in sorted(reasons))))
    blocks.append(text(texts.GUARD_OVERRIDABLE if is_overridable(every) else texts.GUARD_NOT_OVERRIDABLE))
    return blocks


def refuse_if_identifying(ctx: TurnContext, *texts_to_check: str) -> list[Reply]:
    """Replies explaining why a post cannot be kept, or an empty list when it is safe to store."""
    found = [(value, findings) for value in texts_to_check if (findings := findings_of(ctx, value))]
    if not found:
        return []
    every = [f for _, findings in found for f in findings]
    if ctx.guard_override and is_overridable(every):
        ctx.audit_soon("privacy.override", "post", ctx.event.event_id[:80], detail=kinds_of(every))
        return []
    ctx.audit_soon("privacy.blocked", "post", ctx.event.event_id[:80], detail=kinds_of(every))
    blocks: list[TextBlock | FieldsBlock | ButtonsBlock] = list(_explanation(found))
    event = ctx.event
    if isinstance(event, CommandInvoked) and len(payload := _payload(event)) <= MAX_BUTTON_VALUE:
        buttons = [Button(label=texts.GUARD_EDIT, action_id="guard.edit", value=payload, style="primary")]
        if is_overridable(every):
            buttons.append(Button(label=texts.GUARD_POST_ANYWAY, action_id="guard.override", value=payload))
        blocks.append(ButtonsBlock(buttons=tuple(buttons)))
    return [say(*blocks)]


def confirm_field() -> FormField:
    """The "it is anonymised, post anyway" confirmation a form shows when every finding is low confidence."""
    return FormField(
        name="anonymised",
        label=texts.GUARD_CONFIRM_LABEL,
        kind="select",
        required=False,
        options=(Option(label=texts.GUARD_CONFIRM_OPTION, value="yes"),),
    )


def flagged_fields(ctx: TurnContext, fields: Mapping[str, str]) -> dict[str, list[Finding]]:
    """Findings per form field (fields without findings left out)."""
    return {name: found for name, value in fields.items() if (found := findings_of(ctx, value))}


def field_errors(ctx: TurnContext, flagged: Mapping[str, list[Finding]], confirmed: bool) -> dict[str, str]:
    """Inline errors for flagged form fields; none when the author confirmed low-confidence findings."""
    every = [f for found in flagged.values() for f in found]
    if not every:
        return {}
    if confirmed and is_overridable(every):
        ctx.audit_soon("privacy.override", "form", ctx.event.event_id[:80], detail=kinds_of(every))
        return {}
    ctx.audit_soon("privacy.blocked", "form", ctx.event.event_id[:80], detail=kinds_of(every))
    return {
        name: texts.GUARD_FIELD_ERROR.format(what=", ".join(sorted({texts.guard_kind(f.kind) for f in found})))
        for name, found in flagged.items()
    }


def _command_from(ctx: TurnContext, payload: str, new_text: str | None = None) -> CommandInvoked:
    try:
        data: dict[str, Any] = json.loads(payload)
        command, original = str(data["c"]), str(data["t"])
        mentions = tuple(Mention(user_id=str(u), display_name=str(n), raw=str(r)) for u, n, r in data["m"])
    except (ValueError, KeyError, TypeError) as error:
        raise UserError(texts.GUARD_STALE) from error
    value = original if new_text is None else new_text
    event = ctx.event
    return CommandInvoked(
        platform=event.platform,
        event_id=event.event_id,
        received_at=event.received_at,
        actor=event.actor,
        conversation=event.conversation,
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
    return await _run_as(ctx, _command_from(ctx, ctx.action.value))


async def on_edit(ctx: TurnContext) -> list[Reply]:
    """ "Edit": the post in a form, to change before it is checked again."""
    command = _command_from(ctx, ctx.action.value)
    field = FormField(
        name="text", label=texts.GUARD_EDIT_LABEL, kind="multiline", max_length=2000, initial=command.text
    )
    form = FormBlock(
        form_id="guard.edit",
        title=texts.GUARD_EDIT_TITLE,
        submit_label=texts.GUARD_EDIT_SUBMIT,
        fields=(field,),
        context=ctx.action.value,
    )
    return [Reply(blocks=(form,))]


async def on_edit_form(ctx: TurnContext) -> list[Reply]:
    """The edited post goes through its command again (and so through the guard again)."""
    edited = ctx.submission.fields.get("text", "")
    return await _run_as(ctx, _command_from(ctx, ctx.submission.context, edited))
