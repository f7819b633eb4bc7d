"""A person's own summary: what needs them, their recent celebrations and their settings.

Slack's App Home tab shows it (:mod:`adapters.slack.home`); ``/sofs settings`` shows the settings
part (:mod:`bot.intents.settings`). Both call these functions, so there is one rendering of each.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot import i18n, texts
from bot.i18n import formats
from bot.ids import ActionId
from bot.replies import (
    Bold,
    Button,
    ButtonsBlock,
    FieldsBlock,
    PersonRef,
    Plain,
    Reply,
    TextBlock,
    say,
    text,
)
from bot.services.needs_me import NeedsMe, what_needs_me
from bot.store.models import Celebration, Person
from bot.store.uow import UnitOfWork

RECENT_CELEBRATIONS = 5


@dataclass(frozen=True, slots=True)
class HomeSummary:
    """A person's summary: what needs them, their recent celebrations (one line each, newest first) and
    their settings."""

    person: Person
    needs: NeedsMe
    celebrations: tuple[TextBlock, ...]
    settings: Reply


def _language(person: Person) -> str:
    """The language row: the one chosen, else "Automatic: …" naming the one in use now."""
    if person.chosen_locale:
        return i18n.LANGUAGE_NAMES.get(person.chosen_locale, person.chosen_locale)
    return texts.SETTINGS_LANGUAGE_AUTO.format(language=i18n.LANGUAGE_NAMES.get(i18n.current(), i18n.current()))


async def settings_summary(uow: UnitOfWork, person: Person, now: datetime, note: str = "") -> Reply:
    """A person's settings with snooze / stop buttons and a button to change them.

    Args:
        uow: An open unit of work.
        person: Whose settings.
        now: The current instant (a snooze that has ended is not shown).
        note: A line shown above them (for example "saved").
    """
    leave = await uow.people.leave(person.id)
    today = now.astimezone(ZoneInfo(person.timezone)).date()
    upcoming = [
        f"{formats.day_month_year(item.starts_on)} – {formats.day_month_year(item.ends_on)}"
        for item in leave
        if item.ends_on >= today
    ]
    if person.nudges_stopped:
        nudges = texts.SETTINGS_STOPPED
    elif person.snoozed_until and person.snoozed_until > now:
        nudges = texts.SETTINGS_SNOOZED.format(until=formats.when(person.snoozed_until, person.timezone))
    else:
        nudges = texts.SETTINGS_ACTIVE
    items = (
        (texts.SETTINGS_TIMEZONE, person.timezone),
        (texts.SETTINGS_HOURS, f"{person.work_start:%H:%M}–{person.work_end:%H:%M}"),
        (texts.SETTINGS_DAYS, person.work_days.replace(",", ", ")),
        (texts.SETTINGS_LEAVE, "; ".join(upcoming) or texts.SETTINGS_NONE),
        (texts.SETTINGS_SNOOZE, nudges),
        (texts.SETTINGS_LANGUAGE, _language(person)),
    )
    paused = person.nudges_stopped or (person.snoozed_until is not None and person.snoozed_until > now)
    buttons = [Button(label=texts.SETTINGS_EDIT, action_id=ActionId.SETTINGS_EDIT, style="primary", opens_form=True)]
    if paused:
        buttons.append(Button(label=texts.SETTINGS_RESUME, action_id=ActionId.SETTINGS_RESUME))
    else:
        buttons.append(Button(label=texts.SETTINGS_SNOOZE_WEEK, action_id=ActionId.SETTINGS_SNOOZE, value="1w"))
        buttons.append(Button(label=texts.SETTINGS_STOP, action_id=ActionId.SETTINGS_STOP, style="danger"))
    blocks: list[TextBlock | FieldsBlock | ButtonsBlock] = [
        text(Bold(text=texts.SETTINGS_HEADER)),
        FieldsBlock(items=items),
        ButtonsBlock(buttons=tuple(buttons)),
    ]
    if note:
        blocks.insert(0, text(note))
    return say(*blocks)


async def _ref(uow: UnitOfWork, person_id: int | None, platform: str) -> PersonRef | None:
    person = await uow.people.get(person_id) if person_id else None
    if person is None:
        return None
    return PersonRef(name=person.display_name, user_id=uow.people.identity_on(person, platform))


def _day(moment: datetime, zone: ZoneInfo) -> str:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo("UTC"))
    return formats.short_day_month(aware.astimezone(zone))


async def celebration_line(uow: UnitOfWork, item: Celebration, platform: str, zone: ZoneInfo) -> TextBlock:
    """One celebration as a line: ``24 Nov  Sam thanked Priya, Jo: for the danger statement``."""
    parts: list[Plain | PersonRef | Bold] = [Plain(text=_day(item.created_at, zone) + "  ")]
    author = await _ref(uow, item.author_id, platform)
    if author is not None:
        parts.append(author)
    parts.append(Plain(text=texts.CELEBRATE_THANKED))
    names = [r for r in [await _ref(uow, rec.person_id, platform) for rec in item.recipients] if r is not None]
    for index, name in enumerate(names):
        if index:
            parts.append(Plain(text=", "))
        parts.append(name)
    parts.append(Plain(text=": " + item.text))
    return text(*parts)


async def home_summary(uow: UnitOfWork, platform: str, user_id: str, now: datetime) -> HomeSummary | None:
    """The summary of the person behind a platform user, or None before the bot knows them.

    Args:
        uow: An open unit of work (nothing is written).
        platform: Where the summary is shown (people are mentioned as that platform shows them).
        user_id: The platform user.
        now: The current instant.
    """
    org = await uow.orgs.first()
    person = await uow.people.by_identity(platform, user_id)
    if org is None or person is None:
        return None
    return await summary_of(uow, person, platform, now)


async def summary_of(uow: UnitOfWork, person: Person, platform: str, now: datetime) -> HomeSummary:
    """The summary of a known person, with people named as ``platform`` shows them."""
    zone = ZoneInfo(person.timezone)
    recent = await uow.celebrations.recent_for(person.id, limit=RECENT_CELEBRATIONS)
    lines = tuple([await celebration_line(uow, item, platform, zone) for item in recent])
    return HomeSummary(
        person=person,
        needs=await what_needs_me(uow, person, now),
        celebrations=lines,
        settings=await settings_summary(uow, person, now),
    )
