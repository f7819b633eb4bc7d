"""``/map``: Signs of Safety case mapping for (group) supervision, with an anonymised case.

``/map TITLE`` opens a map in the channel: three columns (what are we worried about, what's working
well, what needs to happen) and a 0–10 safety scale. Participants add to it from any platform with
the buttons (a form) or ``/map worried|well|next TEXT`` and ``/map scale N``; every contribution
passes the identifier guard before it is stored. The person who opened it finishes it and receives
the export (Markdown, and HTML on request) in a direct message. Maps are deleted after the retention
period (30 days by default; ``nudge_settings.extra["case_map_retention_days"]``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from zoneinfo import ZoneInfo

from bot import keys, texts
from bot.constants import CaseMapStatus
from bot.context import TurnContext
from bot.domain.case_map import (
    COLUMNS,
    DEFAULT_RETENTION,
    ENTRY_LIMIT,
    SCALE,
    TITLE_LIMIT,
    Entry,
    MapView,
    scale_line,
    to_html,
    to_markdown,
)
from bot.errors import NotAllowed, UserError
from bot.i18n import formats
from bot.ids import ActionId, FormId
from bot.intents.guard import confirm_field, field_errors, flagged_fields, refuse_if_identifying
from bot.intents.seminar_common import as_id, here, post, split_word
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
from bot.store.models_seminars import CaseMap, CaseMapEntry

COLUMN_WORDS = {"worried": "worried", "worry": "worried", "well": "working_well", "next": "next_steps"}
"""The words that add to a column (``/map worried TEXT``); command words stay English in every language."""
MAP_COMMAND_WORDS = frozenset({"", "help", "scale", "show", "finish", *COLUMN_WORDS})
CHUNK = 2800  # a text block stays under Slack's 3,000 characters


def chunks(value: str, size: int = CHUNK) -> list[TextBlock]:
    """Long text as several blocks, split between lines where it can be."""
    pieces: list[str] = []
    current = ""
    for line in value.splitlines(keepends=True):
        rest = line
        while len(current) + len(rest) > size:
            room = size - len(current) if len(rest) > size else 0
            pieces.append(current + rest[:room])
            current, rest = "", rest[room:]
        current += rest
    pieces.append(current)
    return [text(piece.rstrip("\n")) for piece in pieces if piece.strip()]


async def retention(ctx: TurnContext) -> timedelta:
    """How long maps are kept (the organisation's setting, 30 days by default)."""
    extra = (await ctx.uow.nudge_config.settings(ctx.org.id)).extra or {}
    days = extra.get("case_map_retention_days")
    return timedelta(days=int(days)) if isinstance(days, int) and 0 < days <= 365 else DEFAULT_RETENTION


def map_buttons(map_id: int) -> tuple[ButtonsBlock, ButtonsBlock]:
    """Add to each column; scale; show; finish."""
    adds = tuple(
        Button(label=texts.MAP_ADD_BUTTONS[c], action_id=ActionId.MAP_ADD, value=f"{map_id}:{c}") for c in COLUMNS
    )
    rest = (
        Button(label=texts.MAP_SCALE_BUTTON, action_id=ActionId.MAP_SCALE, value=str(map_id)),
        Button(label=texts.MAP_SHOW_BUTTON, action_id=ActionId.MAP_SHOW, value=str(map_id)),
        Button(label=texts.MAP_FINISH_BUTTON, action_id=ActionId.MAP_FINISH, value=str(map_id), style="primary"),
    )
    return ButtonsBlock(buttons=adds), ButtonsBlock(buttons=rest)


async def map_view(ctx: TurnContext, case_map: CaseMap) -> MapView:
    """A map with its entries and scores, as the domain renders it."""
    entries = [
        Entry(e.section, e.text, str(e.author_id or "")) for e in await ctx.uow.seminars.maps.entries(case_map.id)
    ]
    created = case_map.created_at.astimezone(ZoneInfo(ctx.actor.timezone))
    return MapView(
        title=case_map.title,
        entries=entries,
        scores=await ctx.uow.seminars.maps.scores(case_map.id),
        when=texts.MAP_CREATED.format(when=formats.weekday_date(created.date())),
    )


def map_blocks(view: MapView) -> list[TextBlock]:
    """The map as blocks: title, the three columns, the scale."""
    blocks = [text(Bold(text=texts.MAP_OPENED_POST), view.title)]
    for column in COLUMNS:
        lines = [f"• {e.text}" for e in view.column(column)] or [texts.MAP_NOTHING_YET]
        blocks.append(text(Bold(text=texts.MAP_HEADINGS[column] + "\n"), "\n".join(lines)))
    blocks.append(text(Bold(text=texts.MAP_SCALE_HEADING + ": "), scale_line(view.scores)))
    return blocks


async def on_command(ctx: TurnContext) -> list[Reply]:
    """``/map TITLE`` opens a map; ``/map worried|well|next TEXT``, ``scale N``, ``show``, ``finish``."""
    word, rest = split_word(ctx.command.text)
    if word not in MAP_COMMAND_WORDS:
        return await _open(ctx, ctx.command.text.strip())
    if word in {"", "help"}:
        return [say(texts.MAP_USAGE, texts.MAP_ANONYMISE)]
    case_map = await _open_here(ctx)
    if word in COLUMN_WORDS:
        return await _add_text(ctx, case_map, COLUMN_WORDS[word], rest)
    if word == "scale":
        return await _score(ctx, case_map, rest)
    if word == "show":
        return [say(*map_blocks(await map_view(ctx, case_map)), *map_buttons(case_map.id))]
    return await _finish(ctx, case_map)


async def _open_here(ctx: TurnContext) -> CaseMap:
    found = await ctx.uow.seminars.maps.open_in(ctx.platform, ctx.event.conversation.channel_id)
    if found is None:
        raise UserError(texts.MAP_NONE_OPEN)
    return found


async def _open(ctx: TurnContext, title: str) -> list[Reply]:
    target = here(ctx)
    if target is None:
        raise UserError(texts.MAP_DIRECT)
    title = " ".join(title.split())
    if len(title) > TITLE_LIMIT:
        raise UserError(texts.MAP_TOO_LONG.format(limit=TITLE_LIMIT))
    refused = refuse_if_identifying(ctx, title)
    if refused:
        return refused
    case_map = await ctx.uow.seminars.maps.add(
        CaseMap(
            organisation_id=ctx.org.id,
            opener_id=ctx.actor.id,
            platform=ctx.platform,
            channel_id=target.address,
            title=title,
            status=CaseMapStatus.OPEN,
            created_at=ctx.now,
            expires_at=ctx.now + await retention(ctx),
        )
    )
    await ctx.audit("map.opened", "case_map", case_map.id)
    card = Reply(
        blocks=(
            text(Bold(text=texts.MAP_OPENED_POST), title, texts.MAP_OPENED_BY, ctx.ref(ctx.actor)),
            text(texts.MAP_ANONYMISE),
            *map_buttons(case_map.id),
        ),
        visibility=Visibility.CHANNEL,
    )
    await post(ctx, [target], card, keys.case_map_opened(case_map.id), "case_map")
    return [say(texts.MAP_OPENED)]


async def _map_for(ctx: TurnContext, value: str) -> CaseMap:
    map_id = as_id(value)
    case_map = await ctx.uow.seminars.maps.get(map_id) if map_id else None
    if case_map is None or case_map.status != CaseMapStatus.OPEN:
        raise UserError(texts.MAP_GONE)
    return case_map


def entry_form(
    map_id: int, column: str, values: Mapping[str, str] | None = None, error: str = "", *, offer_override: bool = False
) -> FormBlock:
    """The form adding one contribution to a column."""
    values = values or {}
    fields = [
        FormField(
            name="text",
            label=texts.MAP_HEADINGS[column],
            kind="multiline",
            max_length=ENTRY_LIMIT,
            initial=values.get("text", ""),
            hint=texts.MAP_FORM_HINT,
            error=error,
        )
    ]
    if offer_override:
        fields.append(confirm_field())
    return FormBlock(
        form_id=FormId.MAP_ADD,
        title=texts.MAP_FORM_TITLE,
        submit_label=texts.MAP_FORM_SUBMIT,
        context=f"{map_id}:{column}",
        fields=tuple(fields),
    )


def _column_of(value: str) -> str:
    column = value.split(":", 1)[1] if ":" in value else ""
    if column not in COLUMNS:
        raise UserError(texts.MAP_GONE)
    return column


async def on_add_clicked(ctx: TurnContext) -> list[Reply]:
    """ "Add a worry" (and the other columns): the form."""
    case_map = await _map_for(ctx, ctx.action.value)
    return [Reply(blocks=(entry_form(case_map.id, _column_of(ctx.action.value)),))]


async def on_add_form(ctx: TurnContext) -> list[Reply]:
    """A contribution from the form: checked by the guard, then stored."""
    case_map = await _map_for(ctx, ctx.submission.context)
    column = _column_of(ctx.submission.context)
    fields = {k: v.strip() for k, v in ctx.submission.fields.items()}
    value = fields.get("text", "")
    if not value or len(value) > ENTRY_LIMIT:
        error = texts.MAP_EMPTY_ENTRY if not value else texts.MAP_TOO_LONG.format(limit=ENTRY_LIMIT)
        return [Reply(blocks=(entry_form(case_map.id, column, fields, error),))]
    flagged = flagged_fields(ctx, {"text": value})
    errors = field_errors(ctx, flagged, confirmed=fields.get("anonymised") == "yes")
    if errors:
        every = [f for found in flagged.values() for f in found]
        form = entry_form(case_map.id, column, fields, errors["text"], offer_override=is_overridable(every))
        return [Reply(blocks=(form,))]
    return await _store(ctx, case_map, column, value)


async def _add_text(ctx: TurnContext, case_map: CaseMap, column: str, value: str) -> list[Reply]:
    value = value.strip()
    if not value:
        raise UserError(texts.MAP_EMPTY_ENTRY)
    if len(value) > ENTRY_LIMIT:
        raise UserError(texts.MAP_TOO_LONG.format(limit=ENTRY_LIMIT))
    refused = refuse_if_identifying(ctx, value)
    if refused:
        return refused
    return await _store(ctx, case_map, column, value)


async def _store(ctx: TurnContext, case_map: CaseMap, column: str, value: str) -> list[Reply]:
    entry = CaseMapEntry(map_id=case_map.id, section=column, text=value, author_id=ctx.actor.id, created_at=ctx.now)
    await ctx.uow.seminars.maps.add_entry(entry)
    await ctx.audit("map.contributed", "case_map", case_map.id, detail=column)
    return [say(texts.MAP_ADDED.format(column=texts.MAP_HEADINGS[column]))]


async def on_scale_clicked(ctx: TurnContext) -> list[Reply]:
    """ "Safety scale": the question with one button per point 0–10."""
    case_map = await _map_for(ctx, ctx.action.value)
    points = tuple(Button(label=str(n), action_id=ActionId.MAP_SCORE, value=f"{case_map.id}:{n}") for n in SCALE)
    return [say(texts.MAP_SCALE_QUESTION, ButtonsBlock(buttons=points))]


async def _score(ctx: TurnContext, case_map: CaseMap, value: str) -> list[Reply]:
    value = value.strip()
    if not value.isdecimal() or int(value) not in SCALE:
        raise UserError(texts.MAP_BAD_SCALE)
    await ctx.uow.seminars.maps.score(case_map.id, ctx.actor.id, int(value), ctx.now)
    await ctx.audit("map.scaled", "case_map", case_map.id)
    return [say(texts.MAP_SCORED.format(score=int(value)))]


async def on_score(ctx: TurnContext) -> list[Reply]:
    """A point on the safety scale (one per person; clicking again changes it)."""
    case_map = await _map_for(ctx, ctx.action.value)
    return await _score(ctx, case_map, ctx.action.value.rsplit(":", 1)[-1])


async def on_show(ctx: TurnContext) -> list[Reply]:
    """ "Show the map": the map so far, to the person who asked."""
    case_map = await _map_for(ctx, ctx.action.value)
    return [say(*map_blocks(await map_view(ctx, case_map)), *map_buttons(case_map.id))]


async def _finish(ctx: TurnContext, case_map: CaseMap) -> list[Reply]:
    if case_map.opener_id != ctx.actor.id:
        raise NotAllowed(texts.MAP_ONLY_OPENER)
    view = await map_view(ctx, case_map)
    case_map.status, case_map.finished_at = "finished", ctx.now
    days = max(1, (case_map.expires_at - case_map.created_at).days)
    html_button = Button(label=texts.MAP_HTML_BUTTON, action_id=ActionId.MAP_HTML, value=str(case_map.id))
    export = say(
        text(Bold(text=texts.MAP_EXPORT_INTRO.format(title=case_map.title, days=days))),
        *chunks(to_markdown(view)),
        ButtonsBlock(buttons=(html_button,)),
    )
    await ctx.send_to_person(ctx.actor, export, keys.case_map_export(case_map.id), "case_map_export")
    await ctx.audit("map.finished", "case_map", case_map.id)
    return [say(texts.MAP_FINISHED.format(days=days))]


async def on_finish(ctx: TurnContext) -> list[Reply]:
    """ "Finish and export" (the opener only)."""
    return await _finish(ctx, await _map_for(ctx, ctx.action.value))


async def on_html(ctx: TurnContext) -> list[Reply]:
    """The HTML version of a finished map, to the person who opened it."""
    map_id = as_id(ctx.action.value)
    case_map = await ctx.uow.seminars.maps.get(map_id) if map_id else None
    if case_map is None:
        raise UserError(texts.MAP_GONE)
    if case_map.opener_id != ctx.actor.id:
        raise NotAllowed(texts.MAP_ONLY_OPENER)
    view = await map_view(ctx, case_map)
    return [say(texts.MAP_HTML_INTRO.format(title=case_map.title), *chunks(to_html(view)))]
