"""Events and RSVPs: seminars, group supervision, case mapping, PL group meetings, partner briefings, gathering.

- ``/seminar event``: a practice leader, manager or county lead creates an event (date, place or
  link, audience, optional capacity; a partner briefing lasts three hours by default and records
  which partner groups are being briefed). It is posted with RSVP buttons, a calendar (``.ics``)
  link and, for group supervision and case mapping, a "bring a case — anonymised" prompt.
- ``/seminar events``: what is coming up, with the counts and the buttons.
- Going / maybe / can't: one answer per person per event; "going" is refused when the event is full.
- Cancelling tells everyone who said they were going (its reminders are skipped by the nudges work).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot import keys, texts
from bot.constants import Audience, EventKind, EventStatus, RsvpAnswer, TopicStatus
from bot.context import TurnContext
from bot.domain.ics import calendar_key, calendar_path
from bot.domain.seminar_views import EventCard, counts_line, event_blocks, event_post
from bot.errors import NotAllowed, UserError
from bot.i18n import formats
from bot.ids import ActionId, FormId
from bot.intents.free_text import free_text_fields
from bot.intents.guard import confirm_field, field_errors, flagged_fields
from bot.intents.seminar_common import (
    EVENT_CREATORS,
    as_id,
    leads,
    locality_channels,
    post,
    require_locality,
    when,
)
from bot.privacy import is_overridable
from bot.replies import (
    Bold,
    Button,
    ButtonsBlock,
    FieldsBlock,
    FormBlock,
    FormField,
    Reply,
    TextBlock,
    say,
    text,
)
from bot.services.seminars import cancel_event
from bot.store.models import Locality, Person
from bot.store.models_nudges import DEFAULT_REMINDER_LEADS, ScheduledEvent
from bot.store.models_seminars import PartnerBriefing

KINDS = tuple(kind for kind in EventKind if kind is not EventKind.OTHER)
DEFAULT_MINUTES = 90
BRIEFING_MINUTES = 180
TITLE_LIMIT, PLACE_LIMIT, LINK_LIMIT = 200, 300, 500
ANSWERS = ("going", "maybe", "cant")
LIST_LIMIT = 8  # five blocks each: a message stays under Slack's 50 blocks
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")


def calendar_url(ctx: TurnContext, event: ScheduledEvent) -> str:
    """Where an event's ``.ics`` file is served, with its key (the web route over ``calendar_for``)."""
    return ctx.base_url + calendar_path(event.id, calendar_key(ctx.link_secret, event.id, event.created_at))


async def event_card(ctx: TurnContext, event: ScheduledEvent, tz: str) -> EventCard:
    """An event as its post shows it, with the current counts."""
    return EventCard(
        event_id=event.id,
        kind=event.kind,
        title=event.title,
        when=formats.when(event.starts_at, tz),
        place=event.place,
        link=event.link,
        audience=event.audience,
        capacity=event.capacity,
        counts=await ctx.uow.seminars.rsvps.counts(event.id),
        calendar_url=calendar_url(ctx, event),
    )


def event_form(
    partners: Sequence[str],
    values: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
    *,
    offer_override: bool = False,
) -> FormBlock:
    """The new-event form."""
    values, errors = values or {}, errors or {}

    def field(name: str, label: str, *, required: bool = True, limit: int = 200, hint: str = "") -> FormField:
        return FormField(
            name=name,
            label=label,
            required=required,
            max_length=limit,
            initial=values.get(name, ""),
            hint=hint,
            error=errors.get(name, ""),
        )

    def choose(name: str, label: str, options: Sequence[tuple[str, str]], kind: str = "select") -> FormField:
        return FormField.model_validate(
            {
                "name": name,
                "label": label,
                "kind": kind,
                "required": kind == "select",
                "options": [{"label": lab, "value": val} for val, lab in options],
                "initial": values.get(name, ""),
                "error": errors.get(name, ""),
            }
        )

    fields = [
        choose("kind", texts.EVENT_FIELD_KIND, [(k, texts.EVENT_KINDS[k]) for k in KINDS]),
        field("title", texts.EVENT_FIELD_TITLE, limit=TITLE_LIMIT),
        field("date", texts.EVENT_FIELD_DATE, limit=10, hint=texts.EVENT_FIELD_DATE_HINT),
        field("time", texts.EVENT_FIELD_TIME, limit=5, hint=texts.EVENT_FIELD_TIME_HINT),
        field("minutes", texts.EVENT_FIELD_MINUTES, required=False, limit=3, hint=texts.EVENT_FIELD_MINUTES_HINT),
        field("place", texts.EVENT_FIELD_PLACE, required=False, limit=PLACE_LIMIT),
        field("link", texts.EVENT_FIELD_LINK, required=False, limit=LINK_LIMIT),
        choose("audience", texts.EVENT_FIELD_AUDIENCE, list(texts.EVENT_AUDIENCES.items())),
        field("capacity", texts.EVENT_FIELD_CAPACITY, required=False, limit=4),
    ]
    if partners:
        fields.append(choose("partners", texts.EVENT_FIELD_PARTNERS, [(p, p) for p in partners], "multiselect"))
    if offer_override:
        fields.append(confirm_field())
    return FormBlock(
        form_id=FormId.EVENT_NEW,
        title=texts.EVENT_FORM_TITLE,
        submit_label=texts.EVENT_FORM_SUBMIT,
        fields=tuple(fields),
    )


def _may_create(person: Person, locality: Locality) -> bool:
    return leads(person, locality, EVENT_CREATORS)


async def on_new(ctx: TurnContext, _rest: str = "") -> list[Reply]:
    """``/seminar event``: the new-event form (practice leaders, managers, county leads)."""
    locality = await require_locality(ctx)
    if not _may_create(ctx.actor, locality):
        raise NotAllowed(texts.EVENT_ONLY_LEADS)
    defaults = {"kind": "group_supervision", "audience": "team" if ctx.binding and ctx.binding.team_id else "locality"}
    partners = [p.name for p in await ctx.uow.seminars.briefings.partners(locality.id)]
    return [Reply(blocks=(event_form(partners, defaults),))]


def _parse_start(fields: Mapping[str, str], now: datetime, tz: str, errors: dict[str, str]) -> datetime | None:
    try:
        day = date.fromisoformat(fields.get("date", ""))
    except ValueError:
        errors["date"] = texts.EVENT_BAD_DATE
        return None
    match = _TIME.match(fields.get("time", ""))
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        errors["time"] = texts.EVENT_BAD_TIME
        return None
    start = datetime.combine(day, time(int(match[1]), int(match[2])), tzinfo=ZoneInfo(tz))
    if day < now.astimezone(ZoneInfo(tz)).date():
        errors["date"] = texts.EVENT_BAD_DATE
    elif start <= now:
        errors["time"] = texts.EVENT_BAD_TIME
    return start


def _validate(fields: Mapping[str, str], now: datetime, tz: str) -> tuple[dict[str, str], datetime | None]:
    errors: dict[str, str] = {}
    if fields.get("kind") not in KINDS:
        errors["kind"] = texts.VOTE_BAD_CHOICE
    if fields.get("audience") not in texts.EVENT_AUDIENCES:
        errors["audience"] = texts.VOTE_BAD_CHOICE
    for name, limit in (("title", TITLE_LIMIT), ("place", PLACE_LIMIT), ("link", LINK_LIMIT)):
        if len(fields.get(name, "")) > limit:
            errors[name] = texts.EVENT_TOO_LONG.format(limit=limit)
    if not fields.get("title"):
        errors["title"] = texts.EVENT_REQUIRED
    minutes = fields.get("minutes", "")
    if minutes and (not minutes.isdecimal() or not 15 <= int(minutes) <= 480):
        errors["minutes"] = texts.EVENT_BAD_MINUTES
    capacity = fields.get("capacity", "")
    if capacity and (not capacity.isdecimal() or int(capacity) < 1):
        errors["capacity"] = texts.EVENT_BAD_CAPACITY
    link = fields.get("link", "")
    if link and (not link.startswith("https://") or any(c.isspace() or not c.isprintable() for c in link)):
        errors["link"] = texts.EVENT_BAD_LINK
    start = _parse_start(fields, now, tz, errors)
    return errors, start


async def on_form(ctx: TurnContext) -> list[Reply]:
    """A submitted new-event form: stored, posted with RSVP buttons, briefings recorded."""
    locality = await require_locality(ctx)
    if not _may_create(ctx.actor, locality):
        raise NotAllowed(texts.EVENT_ONLY_LEADS)
    fields = {k: v.strip() for k, v in ctx.submission.fields.items()}
    known_partners = await ctx.uow.seminars.briefings.partners(locality.id)
    partner_names = [p.name for p in known_partners]
    errors, start = _validate(fields, ctx.now, ctx.actor.timezone)
    if errors or start is None:
        return [Reply(blocks=(event_form(partner_names, fields, errors),))]
    flagged = flagged_fields(ctx, {name: fields.get(name, "") for name in free_text_fields("event.new")})
    guard_errors = field_errors(ctx, flagged, confirmed=fields.get("anonymised") == "yes")
    if guard_errors:
        every = [f for found in flagged.values() for f in found]
        form = event_form(partner_names, fields, guard_errors, offer_override=is_overridable(every))
        return [Reply(blocks=(form,))]
    kind = fields["kind"]
    default_minutes = BRIEFING_MINUTES if kind == "partner_briefing" else DEFAULT_MINUTES
    team_id = ctx.binding.team_id if ctx.binding and fields["audience"] == Audience.TEAM else None
    event = await ctx.uow.events.add(
        ScheduledEvent(
            organisation_id=ctx.org.id,
            locality_id=None if team_id else locality.id,
            team_id=team_id,
            kind=kind,
            title=fields["title"],
            starts_at=start,
            duration_minutes=int(fields.get("minutes") or default_minutes),
            timezone=ctx.actor.timezone,
            place=fields.get("place", ""),
            link=fields.get("link", ""),
            audience=fields["audience"],
            capacity=int(fields["capacity"]) if fields.get("capacity") else None,
            organiser_id=ctx.actor.id,
            status=EventStatus.SCHEDULED,
            reminder_leads=list(DEFAULT_REMINDER_LEADS),
            created_at=ctx.now,
        )
    )
    await ctx.audit("event.created", "event", event.id, detail=kind)
    chosen = {v.strip() for v in fields.get("partners", "").split(",") if v.strip()}
    for partner in known_partners:
        if kind == "partner_briefing" and partner.name in chosen:
            await ctx.uow.seminars.briefings.record(
                PartnerBriefing(
                    locality_id=locality.id,
                    partner_name=partner.name,
                    partner_kind=partner.kind,
                    briefed_at=start,
                    event_id=event.id,
                    recorded_by_id=ctx.actor.id,
                    created_at=ctx.now,
                )
            )
    card = await event_card(ctx, event, event.timezone)
    await post(ctx, await locality_channels(ctx, locality), event_post(card), keys.event_announced(event.id), "event")
    return [say(texts.EVENT_CREATED.format(title=event.title, when=when(ctx, event.starts_at)))]


async def on_list(ctx: TurnContext, _rest: str = "") -> list[Reply]:
    """``/seminar events``: what is coming up here, with counts, RSVP and (for organisers) cancel."""
    locality = await require_locality(ctx)
    team_ids = [ctx.binding.team_id] if ctx.binding and ctx.binding.team_id else [t.id for t in locality.teams]
    events = await ctx.uow.seminars.events.upcoming(
        locality_id=locality.id, team_ids=team_ids, now=ctx.now, limit=LIST_LIMIT
    )
    if not events:
        return [say(texts.EVENTS_NONE.format(unit=locality.name))]
    blocks: list[TextBlock | FieldsBlock | ButtonsBlock] = [
        text(Bold(text=texts.EVENTS_HEADER.format(unit=locality.name)))
    ]
    lead = leads(ctx.actor, locality)
    for event in events:
        extra = []
        if lead or event.organiser_id == ctx.actor.id:
            extra.append(
                Button(label=texts.EVENT_CANCEL, action_id=ActionId.EVENT_CANCEL, value=str(event.id), style="danger")
            )
        blocks.extend(event_blocks(await event_card(ctx, event, ctx.actor.timezone), extra))
    return [say(*blocks)]


async def on_events_clicked(ctx: TurnContext) -> list[Reply]:
    """The "Events" button."""
    return await on_list(ctx)


async def _event(ctx: TurnContext, value: str) -> ScheduledEvent:
    event_id = as_id(value)
    event = await ctx.uow.events.get(event_id) if event_id else None
    if event is None or event.status != EventStatus.SCHEDULED:
        raise UserError(texts.EVENT_GONE)
    return event


async def on_rsvp(ctx: TurnContext) -> list[Reply]:
    """Going / maybe / can't: one answer per person, changeable; "going" only while places are left."""
    event = await _event(ctx, ctx.action.value)
    answer = ctx.action.value.rsplit(":", 1)[-1]
    if answer not in ANSWERS:
        raise UserError(texts.EVENT_GONE)
    if event.starts_at <= ctx.now:
        raise UserError(texts.EVENT_STARTED)
    previous = await ctx.uow.seminars.rsvps.of(event.id, ctx.actor.id)
    full = bool(event.capacity) and (await ctx.uow.seminars.rsvps.counts(event.id))["going"] >= (event.capacity or 0)
    if answer == RsvpAnswer.GOING and previous != RsvpAnswer.GOING and full:
        raise UserError(texts.EVENT_FULL.format(title=event.title, capacity=event.capacity))
    await ctx.uow.seminars.rsvps.answer(event.id, ctx.actor.id, answer, ctx.now)
    await ctx.audit("event.rsvp", "event", event.id, detail=answer)
    counts = await ctx.uow.seminars.rsvps.counts(event.id)
    blocks: list[TextBlock] = [
        text(texts.EVENT_RSVP_SAVED[answer].format(title=event.title)),
        text(counts_line(counts, event.capacity)),
    ]
    if answer == RsvpAnswer.GOING and event.kind in {"group_supervision", "case_mapping"}:
        blocks.append(text(texts.EVENT_BRING_A_CASE))
    return [say(*blocks)]


async def notify_cancelled(ctx: TurnContext, event: ScheduledEvent, going: Sequence[Person]) -> None:
    """Tell everyone who said they were going that an event is cancelled (a direct message each)."""
    for person in going:

        def notice(zone: str = person.timezone) -> Reply:
            kind = texts.EVENT_KINDS.get(event.kind, texts.EVENT_KINDS["other"])
            shown = formats.when(event.starts_at, zone)
            return say(texts.EVENT_CANCELLED_NOTICE.format(kind=kind, title=event.title, when=shown))

        await ctx.send_to_person(person, notice, keys.event_cancelled(event.id, person.id), "event_cancelled")


async def on_cancel(ctx: TurnContext) -> list[Reply]:
    """The organiser or a practice leader cancels an event; those going are told."""
    event = await _event(ctx, ctx.action.value)
    locality_id = event.locality_id
    if locality_id is None and event.team_id is not None:
        team = await ctx.uow.orgs.team(event.team_id)
        locality_id = team.locality_id if team else None
    locality = await ctx.uow.orgs.locality(locality_id) if locality_id else None
    allowed = event.organiser_id == ctx.actor.id or (locality is not None and leads(ctx.actor, locality))
    if not allowed:
        raise NotAllowed(texts.EVENT_ONLY_ORGANISER)
    cancelled, going = await cancel_event(ctx.uow, event.id)
    for slot in await ctx.uow.seminars.programme.of_event(event.id):
        topic = await ctx.uow.seminars.topics.get(slot.topic_id) if slot.topic_id else None
        if topic is not None and topic.status == TopicStatus.SCHEDULED:
            topic.status, topic.updated_at = "open", ctx.now
        slot.status, slot.topic_id, slot.event_id, slot.updated_at = "cancelled", None, None, ctx.now
    await notify_cancelled(ctx, cancelled or event, going)
    await ctx.audit("event.cancelled", "event", event.id)
    return [say(texts.EVENT_CANCELLED.format(title=event.title, count=len(going)))]
