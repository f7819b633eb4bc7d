"""``/sofs learning``: the actor's own learning record, 70:20:10 (issue 18), and logging learning.

- ``/sofs learning``: this quarter and the last, in the three bands, with minutes and counts; only
  ever the actor's own record (there is no way to name someone else), shown only to them.
- ``/sofs learning add KIND MINUTES [note]``: log mentoring, shadowing, training, co-delivery,
  supervision, peer support or reading. The note is scanned by the identifier guard; a flagged note
  is refused with the guard's usual explanation (the form offers "I've checked" for the weak tier).
- ``/sofs learning add`` alone, or the "Log learning" button: the same as a form.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from zoneinfo import ZoneInfo

from bot import texts
from bot.constants import LearningBand, LearningKind
from bot.context import TurnContext
from bot.domain.learning import BANDS, MAX_MINUTES, MIN_MINUTES, LearningTotals, log_band, parse_minutes
from bot.i18n import formats
from bot.ids import ActionId, FormId
from bot.intents.guard import confirm_field, form_guard, refuse_if_identifying
from bot.intents.seminar_common import split_word
from bot.replies import Bold, Button, ButtonsBlock, FormBlock, FormField, Reply, TextBlock, say, text
from bot.services.learning import LearningRecord, log_learning, record_of

NOTE_LIMIT = 300
KIND_WORDS: Mapping[str, LearningKind] = {kind.value: kind for kind in LearningKind} | {
    "peer": LearningKind.PEER_SUPPORT,
    "codelivery": LearningKind.CO_DELIVERY,
    "co-delivered": LearningKind.CO_DELIVERY,
    "shadow": LearningKind.SHADOWING,
    "mentor": LearningKind.MENTORING,
}


def spoken_minutes(minutes: int) -> str:
    """``45 min``, ``2 h``, ``1 h 30 min``."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return texts.LEARNING_MINUTES.format(minutes=rest)
    if not rest:
        return texts.LEARNING_HOURS.format(hours=hours)
    return texts.LEARNING_HOURS_MINUTES.format(hours=hours, minutes=rest)


def _band_line(band: LearningBand, record: LearningTotals) -> str:
    total = record.bands[band]
    return texts.LEARNING_BAND_LINE.format(
        band=texts.LEARNING_BANDS[band],
        time=spoken_minutes(total.minutes),
        count=texts.LEARNING_THINGS.format(count=total.count),
    )


def _mix(record: LearningTotals) -> str:
    return ":".join(str(record.share(band) or 0) for band in BANDS)


def record_reply(record: LearningRecord, note: str = "") -> Reply:
    """The record as a private reply, with a button to log more."""
    blocks: list[TextBlock | ButtonsBlock] = [
        text(Bold(text=texts.LEARNING_TITLE.format(quarter=record.quarter.label)))
    ]
    if note:
        blocks.append(text(note))
    if record.totals.count:
        blocks += [text(_band_line(band, record.totals)) for band in BANDS]
        if record.totals.minutes:
            blocks.append(text(texts.LEARNING_MIX.format(mix=_mix(record.totals))))
    else:
        blocks.append(text(texts.LEARNING_NOTHING))
    last = "; ".join(
        f"{texts.LEARNING_BANDS[band]} {spoken_minutes(record.last_totals.bands[band].minutes)}" for band in BANDS
    )
    blocks += [
        text(texts.LEARNING_LAST_QUARTER.format(quarter=record.last_quarter.label, bands=last)),
        text(texts.LEARNING_PRIVATE),
        text(texts.LEARNING_HOW_TO_ADD),
        ButtonsBlock(
            buttons=(Button(label=texts.LEARNING_LOG_BUTTON, action_id=ActionId.LEARNING_LOG, opens_form=True),)
        ),
    ]
    return say(*blocks)


def learning_form(
    values: Mapping[str, str] | None = None, errors: Mapping[str, str] | None = None, *, offer_override: bool = False
) -> FormBlock:
    """The "Log learning" form: kind, minutes, day and an optional note."""
    values, errors = values or {}, errors or {}
    kind = FormField.model_validate(
        {
            "name": "kind",
            "label": texts.LEARNING_FIELD_KIND,
            "kind": "select",
            "options": [{"label": texts.LEARNING_KINDS[k], "value": k.value} for k in LearningKind],
            "initial": values.get("kind", ""),
            "error": errors.get("kind", ""),
        }
    )

    def field(name: str, label: str, hint: str, limit: int, *, required: bool) -> FormField:
        return FormField(
            name=name,
            label=label,
            required=required,
            max_length=limit,
            hint=hint,
            initial=values.get(name, ""),
            error=errors.get(name, ""),
        )

    fields = (
        kind,
        field("minutes", texts.LEARNING_FIELD_MINUTES, texts.LEARNING_FIELD_MINUTES_HINT, 12, required=True),
        field("day", texts.LEARNING_FIELD_DAY, texts.LEARNING_FIELD_DAY_HINT, 10, required=False),
        field("note", texts.LEARNING_FIELD_NOTE, texts.LEARNING_FIELD_NOTE_HINT, NOTE_LIMIT, required=False),
        *((confirm_field(),) if offer_override else ()),
    )
    return FormBlock(
        form_id=FormId.LEARNING_LOG,
        title=texts.LEARNING_FORM_TITLE,
        submit_label=texts.LEARNING_FORM_SUBMIT,
        fields=fields,
    )


def _today(ctx: TurnContext) -> date:
    return ctx.now.astimezone(ZoneInfo(_zone(ctx))).date()


def _zone(ctx: TurnContext) -> str:
    return ctx.actor.timezone or "Europe/London"


async def _my_record(ctx: TurnContext) -> LearningRecord:
    return await record_of(ctx.uow, ctx.actor.id, _today(ctx), _zone(ctx))


def _kinds() -> str:
    return ", ".join(kind.value for kind in LearningKind)


async def on_command(ctx: TurnContext) -> list[Reply]:
    """``/sofs learning [add KIND MINUTES [note]]``."""
    _, rest = split_word(ctx.command.text)
    verb, args = split_word(rest)
    if verb == "add":
        return await _add_from_command(ctx, args)
    record = await _my_record(ctx)
    return [record_reply(record)]


async def on_open_form(ctx: TurnContext) -> list[Reply]:
    """The "Log learning" button."""
    return [Reply(blocks=(learning_form(),))]


async def _add_from_command(ctx: TurnContext, args: str) -> list[Reply]:
    if not args:
        return [Reply(blocks=(learning_form(),))]
    word, rest = split_word(args)
    kind = KIND_WORDS.get(word)
    if kind is None:
        return [say(texts.LEARNING_UNKNOWN_KIND.format(kind=word, kinds=_kinds()))]
    amount, note = split_word(rest)
    minutes = parse_minutes(amount)
    if minutes is None:
        return [
            say(texts.LEARNING_BAD_MINUTES.format(low=1, high=600), texts.LEARNING_ADD_USAGE.format(kinds=_kinds()))
        ]
    if len(note) > NOTE_LIMIT:
        return [say(texts.LEARNING_NOTE_TOO_LONG.format(limit=NOTE_LIMIT))]
    refusal = refuse_if_identifying(ctx, note) if note else []
    if refusal:
        return refusal
    return await _store(ctx, kind, minutes, _today(ctx), note)


def _form_errors(ctx: TurnContext, fields: Mapping[str, str]) -> tuple[dict[str, str], int, date]:
    errors: dict[str, str] = {}
    if fields.get("kind", "") not in KIND_WORDS:
        errors["kind"] = texts.LEARNING_UNKNOWN_KIND.format(kind=fields.get("kind", ""), kinds=_kinds())
    minutes = parse_minutes(fields.get("minutes", ""))
    if minutes is None:
        errors["minutes"] = texts.LEARNING_BAD_MINUTES.format(low=MIN_MINUTES, high=MAX_MINUTES)
    today = _today(ctx)
    day = today
    if raw := fields.get("day", ""):
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            errors["day"] = texts.LEARNING_BAD_DAY
        else:
            if day > today:
                errors["day"] = texts.LEARNING_BAD_DAY
    if len(fields.get("note", "")) > NOTE_LIMIT:
        errors["note"] = texts.LEARNING_NOTE_TOO_LONG.format(limit=NOTE_LIMIT)
    return errors, minutes or 0, day


async def on_form(ctx: TurnContext) -> list[Reply]:
    """The "Log learning" form: the same checks as the command, shown in the form."""
    fields = {k: v.strip() for k, v in ctx.submission.fields.items()}
    errors, minutes, day = _form_errors(ctx, fields)
    guard_errors, offer = form_guard(ctx, FormId.LEARNING_LOG, fields)
    errors |= guard_errors
    if errors:
        return [Reply(blocks=(learning_form(fields, errors, offer_override=offer),))]
    return await _store(ctx, KIND_WORDS[fields["kind"]], minutes, day, fields.get("note", ""))


async def _store(ctx: TurnContext, kind: LearningKind, minutes: int, day: date, note: str) -> list[Reply]:
    log = await log_learning(ctx.uow, ctx.actor.id, kind, minutes, day, note, ctx.now)
    await ctx.audit("learning.logged", "learning_log", log.id, detail=kind.value)
    band = log_band(kind) or LearningBand.TRAINING
    logged = texts.LEARNING_LOGGED.format(
        kind=texts.LEARNING_KINDS[kind],
        time=spoken_minutes(minutes),
        day=formats.day_month(day),
        band=texts.LEARNING_BANDS[band],
    )
    record = await _my_record(ctx)
    return [record_reply(record, note=logged)]
