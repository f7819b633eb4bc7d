"""``/sofs settings``: the actor's own time zone, working hours, leave dates and nudge snooze."""

from __future__ import annotations

from datetime import timedelta

from bot import i18n, texts
from bot.context import TurnContext
from bot.domain.preferences import parse_hours, parse_leave, parse_snooze, parse_timezone
from bot.errors import UserError
from bot.i18n import formats
from bot.ids import FormId
from bot.replies import (
    FormBlock,
    FormField,
    Option,
    Reply,
    say,
)
from bot.services.home import settings_summary
from bot.services.language import person_locale
from bot.store.models import Leave

SNOOZE_DEFAULT = timedelta(weeks=1)
AUTOMATIC = "auto"
"""The language choice that follows the organisation file and the platform (no choice of one's own)."""


def parse_language(value: str) -> str | None:
    """A language choice as stored: a shipped catalogue code, ``""`` for automatic, None when unknown."""
    word = value.strip().lower()
    if word in {AUTOMATIC, "automatic", "awtomatig"}:
        return ""
    if word in {"cymraeg", "welsh"}:
        return "cy"
    if word == "english":
        return i18n.SOURCE_LOCALE
    return i18n.negotiate(word)


def language_field(chosen: str, error: str = "") -> FormField:
    """The form's language picker: automatic first, then each shipped language named in itself."""
    options = (
        Option(label=texts.SETTINGS_LANGUAGE_AUTO_OPTION, value=AUTOMATIC),
        *(Option(label=name, value=code) for code, name in i18n.LANGUAGE_NAMES.items()),
    )
    return FormField(
        name="language",
        label=texts.SETTINGS_LANGUAGE,
        kind="select",
        required=False,
        initial=chosen or AUTOMATIC,
        options=options,
        error=error,
    )


async def settings_reply(ctx: TurnContext, note: str = "") -> Reply:
    """The actor's settings with snooze / stop buttons and a button to change them."""
    return await settings_summary(ctx.uow, ctx.actor, ctx.now, note)


def settings_form(
    ctx: TurnContext, errors: dict[str, str] | None = None, values: dict[str, str] | None = None
) -> FormBlock:
    """The form for changing one's settings."""
    errors, values = errors or {}, values or {}
    person = ctx.actor
    current = {
        "timezone": person.timezone,
        "hours": f"{person.work_start:%H:%M}-{person.work_end:%H:%M}",
        "leave": "",
    }
    current |= values
    # (name, label, hint, max length, required)
    specs = (
        ("timezone", texts.SETTINGS_TIMEZONE, texts.SETTINGS_FORM_TZ_HINT, 64, True),
        ("hours", texts.SETTINGS_HOURS, texts.SETTINGS_FORM_HOURS_HINT, 20, True),
        ("leave", texts.SETTINGS_LEAVE, texts.SETTINGS_FORM_LEAVE_HINT, 40, False),
    )
    text_fields = (
        FormField(
            name=name,
            label=label,
            kind="text",
            max_length=limit,
            required=required,
            initial=current[name],
            hint=hint,
            error=errors.get(name, ""),
        )
        for name, label, hint, limit, required in specs
    )
    fields = (*text_fields, language_field(current.get("language", person.chosen_locale), errors.get("language", "")))
    return FormBlock(form_id=FormId.SETTINGS, title=texts.SETTINGS_FORM_TITLE, fields=fields)


async def _apply(ctx: TurnContext, field: str, value: str) -> str:
    """Apply one setting; returns an error message, or '' when it was saved."""
    person = ctx.actor
    if field == "timezone":
        zone = parse_timezone(value)
        if zone is None:
            return texts.SETTINGS_BAD_TIMEZONE
        person.timezone = zone
    elif field == "hours":
        hours = parse_hours(value)
        if hours is None:
            return texts.SETTINGS_BAD_HOURS
        person.work_start, person.work_end = hours
    elif field == "leave" and value.strip():
        leave = parse_leave(value)
        if leave is None:
            return texts.SETTINGS_BAD_LEAVE
        ctx.uow.people.add_leave(Leave(person_id=person.id, starts_on=leave[0], ends_on=leave[1]))
    elif field == "language":
        chosen = parse_language(value)
        if chosen is None:
            return texts.SETTINGS_BAD_LANGUAGE
        person.chosen_locale = chosen
        i18n.activate(person_locale(person, ctx.org))  # the answer is already in the new language
    await ctx.audit("settings.changed", "person", person.id, detail=field)
    return ""


async def on_command(ctx: TurnContext) -> list[Reply]:
    """Show the settings, or change one: ``timezone``, ``hours``, ``leave``, ``snooze``, ``stop``, ``resume``."""
    words = ctx.command.text.split(maxsplit=2)
    if len(words) == 1:
        return [await settings_reply(ctx)]
    verb, value = words[1].lower(), words[2] if len(words) > 2 else ""
    if verb == "snooze":
        return await _snooze(ctx, value or "1w")
    if verb in {"stop", "resume"}:
        return await (on_stop(ctx) if verb == "stop" else on_resume(ctx))
    if verb not in {"timezone", "hours", "leave", "language"} or not value:
        return [say(texts.SETTINGS_USAGE)]
    error = await _apply(ctx, verb, value)
    if error:
        raise UserError(error)
    return [await settings_reply(ctx, texts.SETTINGS_SAVED)]


async def _snooze(ctx: TurnContext, value: str) -> list[Reply]:
    if value.strip().lower() in {"off", "0", "none"}:
        return await on_resume(ctx)
    duration = parse_snooze(value)
    if duration is None:
        raise UserError(texts.SETTINGS_USAGE)
    ctx.actor.snoozed_until = ctx.now + duration
    await ctx.audit("nudges.snoozed", "person", ctx.actor.id)
    until = formats.local(ctx.actor.snoozed_until, ctx.actor.timezone)
    return [say(texts.SETTINGS_SNOOZED_REPLY.format(until=formats.day_month(until)))]


async def on_snooze(ctx: TurnContext) -> list[Reply]:
    """The "snooze 1 week" button."""
    return await _snooze(ctx, ctx.action.value or "1w")


async def on_resume(ctx: TurnContext) -> list[Reply]:
    """Nudges back on."""
    ctx.actor.snoozed_until, ctx.actor.nudges_stopped = None, False
    await ctx.audit("nudges.resumed", "person", ctx.actor.id)
    return [say(texts.SETTINGS_RESUMED_REPLY)]


async def on_stop(ctx: TurnContext) -> list[Reply]:
    """The "stop these" button: no more nudges until resumed."""
    ctx.actor.nudges_stopped = True
    await ctx.audit("nudges.stopped", "person", ctx.actor.id)
    return [say(texts.SETTINGS_STOPPED_REPLY)]


async def on_edit(ctx: TurnContext) -> list[Reply]:
    """The "change settings" button opens the form."""
    return [say(settings_form(ctx))]


async def on_form(ctx: TurnContext) -> list[Reply]:
    """Apply the settings form; all fields are checked before anything changes."""
    fields = {k: v.strip() for k, v in ctx.submission.fields.items()}
    errors: dict[str, str] = {}
    if parse_timezone(fields.get("timezone", "")) is None:
        errors["timezone"] = texts.SETTINGS_BAD_TIMEZONE
    if parse_hours(fields.get("hours", "")) is None:
        errors["hours"] = texts.SETTINGS_BAD_HOURS
    if fields.get("leave") and parse_leave(fields["leave"]) is None:
        errors["leave"] = texts.SETTINGS_BAD_LEAVE
    if fields.get("language") and parse_language(fields["language"]) is None:
        errors["language"] = texts.SETTINGS_BAD_LANGUAGE
    if errors:
        return [say(settings_form(ctx, errors, fields))]
    names = ("timezone", "hours", "leave", "language") if fields.get("language") else ("timezone", "hours", "leave")
    for name in names:
        await _apply(ctx, name, fields.get(name, ""))
    return [await settings_reply(ctx, texts.SETTINGS_SAVED)]
