"""``/seminar programme``: the locality's monthly seminars; a practice leader reorders, swaps or cancels.

Each seminar with a topic has an ``events`` row (reminders a week and a day before, RSVPs). Topics
move between dates; dates stay where the seminar rule put them. A seminar that loses its topic or is
cancelled has its event cancelled, and everyone who said they were going is told.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot import texts
from bot.constants import SlotStatus, TopicStatus
from bot.context import TurnContext
from bot.domain.programme import DEFAULT_RULE_TEXT
from bot.domain.seminar_views import rsvp_buttons
from bot.errors import UserError
from bot.ids import ActionId
from bot.intents.events_rsvp import notify_cancelled
from bot.intents.seminar_common import as_id, leads, require_lead, require_locality
from bot.replies import Bold, Button, ButtonsBlock, Reply, TextBlock, say, text
from bot.services.seminars import slot_when, sync_slot_event
from bot.store.models import Locality
from bot.store.models_seminars import ProgrammeSlot

RSVP_AHEAD = 3


async def programme_reply(ctx: TurnContext, locality: Locality, note: str = "") -> Reply:
    """The programme, numbered; RSVP buttons for the next seminars; "Move up" / "Cancel" for leads."""
    slots = await ctx.uow.seminars.programme.upcoming(locality.id, ctx.now)
    blocks: list[TextBlock | ButtonsBlock] = [text(note)] if note else []
    if not slots:
        blocks.append(text(texts.PROGRAMME_EMPTY.format(locality=locality.name)))
        return say(*blocks)
    rule = locality.seminar_rule or DEFAULT_RULE_TEXT
    blocks.append(text(Bold(text=texts.PROGRAMME_HEADER.format(locality=locality.name, rule=rule))))
    lead = leads(ctx.actor, locality)
    rsvps_left = RSVP_AHEAD
    for n, slot in enumerate(slots, 1):
        blocks.append(text(f"{n}. {slot_when(slot)} — {slot.title or texts.PROGRAMME_OPEN_SLOT}"))
        extra: list[Button] = []
        if lead and n > 1:
            extra.append(
                Button(label=texts.PROGRAMME_UP.format(n=n), action_id=ActionId.SEMINAR_SLOT_UP, value=str(slot.id))
            )
        if lead:
            extra.append(
                Button(
                    label=texts.PROGRAMME_CANCEL.format(n=n),
                    action_id=ActionId.SEMINAR_SLOT_CANCEL,
                    value=str(slot.id),
                    style="danger",
                )
            )
        if slot.event_id and rsvps_left > 0:
            rsvps_left -= 1
            blocks.append(rsvp_buttons(slot.event_id, extra))
        elif extra:
            blocks.append(ButtonsBlock(buttons=tuple(extra)))
    return say(*blocks)


async def on_programme(ctx: TurnContext, _rest: str = "") -> list[Reply]:
    """``/seminar programme``."""
    return [await programme_reply(ctx, await require_locality(ctx))]


async def on_programme_clicked(ctx: TurnContext) -> list[Reply]:
    """The "Programme" button."""
    return await on_programme(ctx)


async def _reassign(ctx: TurnContext, slots: Sequence[ProgrammeSlot], order: Sequence[ProgrammeSlot]) -> None:
    """Give ``slots`` (in date order) the topics of ``order`` (the same slots, rearranged)."""
    topics = [(s.topic_id, s.title, s.vote_id) for s in order]
    for slot, (topic_id, title, vote_id) in zip(slots, topics, strict=True):
        if slot.topic_id == topic_id:
            continue
        slot.topic_id, slot.title, slot.vote_id, slot.updated_at = topic_id, title, vote_id, ctx.now
        slot.status = SlotStatus.PLANNED if topic_id is not None else SlotStatus.OPEN
        event, going = await sync_slot_event(ctx.uow, ctx.org, slot, ctx.actor.id, ctx.now)
        if event is not None:
            await notify_cancelled(ctx, event, going)


def _number(word: str, count: int) -> int:
    if not word.isdecimal() or not 1 <= int(word) <= count:
        raise UserError(texts.PROGRAMME_BAD_NUMBER.format(n=word, count=count))
    return int(word)


async def _slots_for_change(ctx: TurnContext) -> tuple[Locality, list[ProgrammeSlot]]:
    locality = await require_locality(ctx)
    require_lead(ctx, locality)
    return locality, list(await ctx.uow.seminars.programme.upcoming(locality.id, ctx.now))


async def on_swap(ctx: TurnContext, rest: str) -> list[Reply]:
    """``/seminar swap 1 3``: two seminars exchange topics."""
    locality, slots = await _slots_for_change(ctx)
    words = rest.split()
    if len(words) != 2:
        return [say(texts.PROGRAMME_USAGE)]
    return await _swap(ctx, locality, slots, _number(words[0], len(slots)), _number(words[1], len(slots)))


async def _swap(
    ctx: TurnContext, locality: Locality, slots: list[ProgrammeSlot], first: int, second: int
) -> list[Reply]:
    order = list(slots)
    order[first - 1], order[second - 1] = slots[second - 1], slots[first - 1]
    await _reassign(ctx, slots, order)
    await ctx.audit("seminar.programme_swapped", "locality", locality.id)
    return [await programme_reply(ctx, locality, texts.PROGRAMME_SWAPPED.format(first=first, second=second))]


async def on_move(ctx: TurnContext, rest: str) -> list[Reply]:
    """``/seminar move 3 1``: a seminar's topic moves to another place; the others follow in order."""
    locality, slots = await _slots_for_change(ctx)
    words = rest.split()
    if len(words) != 2:
        return [say(texts.PROGRAMME_USAGE)]
    first, second = _number(words[0], len(slots)), _number(words[1], len(slots))
    order = list(slots)
    order.insert(second - 1, order.pop(first - 1))
    await _reassign(ctx, slots, order)
    await ctx.audit("seminar.programme_reordered", "locality", locality.id)
    return [await programme_reply(ctx, locality, texts.PROGRAMME_REORDERED.format(first=first, second=second))]


async def _cancel(ctx: TurnContext, locality: Locality, slot: ProgrammeSlot) -> list[Reply]:
    notes: list[str] = []
    topic = await ctx.uow.seminars.topics.get(slot.topic_id) if slot.topic_id else None
    if topic is not None and topic.status == TopicStatus.SCHEDULED:
        topic.status, topic.updated_at = "open", ctx.now
        notes.append(texts.PROGRAMME_TOPIC_BACK.format(title=topic.title))
    slot.status, slot.topic_id, slot.updated_at = "cancelled", None, ctx.now
    event, going = await sync_slot_event(ctx.uow, ctx.org, slot, ctx.actor.id, ctx.now)
    if event is not None:
        await notify_cancelled(ctx, event, going)
    await ctx.audit("seminar.slot_cancelled", "seminar_slot", slot.id)
    notes.insert(0, texts.PROGRAMME_CANCELLED.format(when=slot_when(slot), count=len(going)))
    return [await programme_reply(ctx, locality, " ".join(notes))]


async def on_cancel(ctx: TurnContext, rest: str) -> list[Reply]:
    """``/seminar cancel 2``: no seminar that month; its topic goes back on the list."""
    locality, slots = await _slots_for_change(ctx)
    words = rest.split()
    if len(words) != 1:
        return [say(texts.PROGRAMME_USAGE)]
    return await _cancel(ctx, locality, slots[_number(words[0], len(slots)) - 1])


async def _clicked_slot(ctx: TurnContext) -> tuple[Locality, list[ProgrammeSlot], int]:
    slot_id = as_id(ctx.action.value)
    slot = await ctx.uow.seminars.programme.get(slot_id) if slot_id else None
    locality = await ctx.uow.orgs.locality(slot.locality_id) if slot else None
    if locality is None:
        raise UserError(texts.PROGRAMME_GONE)
    require_lead(ctx, locality)
    slots = list(await ctx.uow.seminars.programme.upcoming(locality.id, ctx.now))
    index = next((i for i, s in enumerate(slots) if s.id == slot_id), None)
    if index is None:
        raise UserError(texts.PROGRAMME_GONE)
    return locality, slots, index


async def on_slot_up(ctx: TurnContext) -> list[Reply]:
    """The "Move up" button: the seminar's topic swaps with the one before it."""
    locality, slots, index = await _clicked_slot(ctx)
    if index == 0:
        return [await programme_reply(ctx, locality)]
    return await _swap(ctx, locality, slots, index, index + 1)


async def on_slot_cancel(ctx: TurnContext) -> list[Reply]:
    """The "Cancel" button of a seminar."""
    locality, slots, index = await _clicked_slot(ctx)
    return await _cancel(ctx, locality, slots[index])
